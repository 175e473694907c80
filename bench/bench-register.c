/* bench-register.c
 *
 * Copyright 2026 Guichet developers
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "gch-register-item.h"

/* How long the register's page takes to order, search and flag 5,000
 * records in its model: the same GListStore of GchRegisterItem under a
 * GtkFilterListModel and a GtkSortListModel, with the page's filter and
 * order (gch_register_item_matches(), gch_register_item_compare()); next
 * to the plainest reference, a qsort() of the same 5,000 items by id.
 *
 *   bench-register        the figures (median of RUNS runs after WARM_UP)
 *
 * The register: 5,000 records over two years, the three kinds, the five
 * channels and categories, a fifth closed, descriptions of 80 to 2,000
 * characters; the same seed always gives the same register.
 */

#define SEED 20261122
#define N_RECORDS 5000
#define WARM_UP 5
#define RUNS 51

static const char *words[] = {
  "attente", "guichet", "passeport", "rendez-vous", "accueil", "dossier", "titre", "séjour",
  "personne", "information", "écran", "téléphone", "courrier", "réponse", "délai", "agent",
  "file", "ticket", "permis", "carte", "grise", "naturalisation", "formulaire", "pièce",
};

static GPtrArray *
make_register (GTimeZone *zone,
               gint64    *now_out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GDateTime) start = g_date_time_new (zone, 2025, 1, 2, 9, 0, 0);
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 from = g_date_time_to_unix (start);
  gint64 span = 700 * 24 * 3600;
  GchFeedbackSettings settings;

  gch_feedback_settings_init (&settings);
  for (guint i = 0; i < N_RECORDS; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *id = g_strdup_printf ("%08x-bench-%04u", g_rand_int (rand), i);
      guint length = g_rand_int_range (rand, 80, 2000);
      GchFeedback *feedback;
      g_autoptr(GError) error = NULL;
      GchFeedbackStatus status;

      while (text->len < length)
        {
          g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          g_string_append_c (text, ' ');
        }
      feedback = gch_feedback_new (id, g_rand_int_range (rand, 0, 3), g_rand_int_range (rand, 0, 5),
                                   g_rand_int_range (rand, 0, 5),
                                   from + g_rand_int_range (rand, 0, span), text->str, &error);
      g_assert_no_error (error);
      if (g_rand_int_range (rand, 0, 2))
        {
          g_autofree char *ticket = g_strdup_printf ("%c%03u", 'A' + g_rand_int_range (rand, 0, 6),
                                                     g_rand_int_range (rand, 1, 999));

          gch_feedback_set_visit (feedback, ticket, NULL, "titres", 1, "c.martin");
        }
      gch_feedback_compute_due_date (feedback, &settings, zone);
      /* Their workflow: half acknowledged, a third answered, a fifth closed. */
      status = g_rand_int_range (rand, 0, 10) < 2 ? GCH_FEEDBACK_STATUS_CLOSED
             : g_rand_int_range (rand, 0, 3) == 0 ? GCH_FEEDBACK_STATUS_ANSWERED
             : g_rand_int_range (rand, 0, 2) ? GCH_FEEDBACK_STATUS_ACKNOWLEDGED
             : GCH_FEEDBACK_STATUS_RECEIVED;
      gch_feedback_restore_state (feedback, status,
                                  status != GCH_FEEDBACK_STATUS_RECEIVED
                                  ? gch_feedback_get_received_at (feedback) + 3600 : 0,
                                  status == GCH_FEEDBACK_STATUS_CLOSED
                                  ? gch_feedback_get_received_at (feedback) + 86400 : 0);
      g_ptr_array_add (records, feedback);
    }

  *now_out = from + span;
  return records;
}

typedef struct
{
  GchRegisterFilter filter;
} Bench;

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  Bench *bench = user_data;

  return gch_register_item_matches (item, &bench->filter);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  int diff = gch_register_item_compare ((GchRegisterItem *) a, (GchRegisterItem *) b);

  return diff < 0 ? GTK_ORDERING_SMALLER : diff > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_ids (const void *a,
             const void *b)
{
  return strcmp (gch_register_item_get_id (*(GchRegisterItem **) a),
                 gch_register_item_get_id (*(GchRegisterItem **) b));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static double
median_ms (gint64 *us,
           guint   n)
{
  qsort (us, n, sizeof *us, compare_gint64);
  return us[n / 2] / 1000.0;
}

/* The reference: the 5,000 items copied and sorted by id. */
static void
reference_once (GchRegisterItem **sorted,
                GchRegisterItem **items,
                guint             n)
{
  memcpy (sorted, items, n * sizeof *items);
  qsort (sorted, n, sizeof *sorted, compare_ids);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GListStore) store = g_list_store_new (GCH_TYPE_REGISTER_ITEM);
  g_autofree GchRegisterItem **items = g_new (GchRegisterItem *, N_RECORDS);
  g_autofree GchRegisterItem **sorted = g_new (GchRegisterItem *, N_RECORDS);
  g_autofree char *search = gch_register_fold ("Carte grise");
  g_autoptr(GtkSortListModel) model = NULL;
  GtkCustomFilter *filter;
  GtkCustomSorter *sorter;
  GtkFilterListModel *filtered;
  Bench bench = { { NULL, GCH_REGISTER_ANY, GCH_REGISTER_ANY, FALSE } };
  gint64 sort_us[RUNS], search_us[RUNS], urgent_us[RUNS], recompute_us[RUNS], ref_us[RUNS];
  guint n_sorted = 0, n_search = 0, n_urgent = 0, overdue = 0, soon = 0;
  gint64 now;

  records = make_register (zone, &now);
  for (guint i = 0; i < records->len; i++)
    {
      items[i] = gch_register_item_new (g_ptr_array_index (records, i), now, zone);
      g_list_store_append (store, items[i]);
      overdue += gch_register_item_get_urgency (items[i]) == GCH_URGENCY_OVERDUE;
      soon += gch_register_item_get_urgency (items[i]) == GCH_URGENCY_DUE_SOON;
    }

  /* The page's chain: filter, then order what is left. */
  filter = gtk_custom_filter_new (filter_item, &bench, NULL);
  sorter = gtk_custom_sorter_new (compare_items, NULL, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (store)), GTK_FILTER (filter));
  model = gtk_sort_list_model_new (G_LIST_MODEL (filtered), GTK_SORTER (sorter));

  for (guint i = 0; i < WARM_UP + RUNS; i++)
    {
      guint r = i < WARM_UP ? 0 : i - WARM_UP;
      gint64 t0;

      /* Everything, in the register's order again (a record changed). */
      bench.filter.search = NULL;
      bench.filter.urgent_only = FALSE;
      t0 = g_get_monotonic_time ();
      gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
      gtk_sorter_changed (GTK_SORTER (sorter), GTK_SORTER_CHANGE_DIFFERENT);
      n_sorted = g_list_model_get_n_items (G_LIST_MODEL (model));
      sort_us[r] = g_get_monotonic_time () - t0;

      /* A search typed: two words seldom together, so most descriptions are read to the end. */
      bench.filter.search = search;
      t0 = g_get_monotonic_time ();
      gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
      n_search = g_list_model_get_n_items (G_LIST_MODEL (model));
      search_us[r] = g_get_monotonic_time () - t0;

      /* "Overdue or due soon" only, no search. */
      bench.filter.search = NULL;
      bench.filter.urgent_only = TRUE;
      t0 = g_get_monotonic_time ();
      gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
      n_urgent = g_list_model_get_n_items (G_LIST_MODEL (model));
      urgent_us[r] = g_get_monotonic_time () - t0;

      /* The clock moved: every urgency computed again (as the minute's tick). */
      t0 = g_get_monotonic_time ();
      for (guint j = 0; j < N_RECORDS; j++)
        gch_register_item_update (items[j], NULL, now + (i % 2) * 86400, zone);
      recompute_us[r] = g_get_monotonic_time () - t0;

      t0 = g_get_monotonic_time ();
      reference_once (sorted, items, N_RECORDS);
      ref_us[r] = g_get_monotonic_time () - t0;
    }

  g_assert_cmpuint (n_sorted, ==, N_RECORDS);
  g_print ("register: %u records, %u overdue, %u due soon at the bench's clock\n", N_RECORDS,
           overdue, soon);
  g_print ("median of %u runs after %u warm-up runs\n", RUNS, WARM_UP);
  {
    double ref = median_ms (ref_us, RUNS);
    double sort = median_ms (sort_us, RUNS);
    double found = median_ms (search_us, RUNS);
    double urgent = median_ms (urgent_us, RUNS);
    double recompute = median_ms (recompute_us, RUNS);

    g_print ("reference: qsort of 5,000 by id   %8.3f ms\n", ref);
    g_print ("filter all + sort (%u)          %8.3f ms  ratio %5.2f\n", n_sorted, sort, sort / ref);
    g_print ("search \"carte grise\" (%u)       %8.3f ms  ratio %5.2f\n", n_search, found, found / ref);
    g_print ("overdue or due soon only (%u)    %8.3f ms  ratio %5.2f\n", n_urgent, urgent, urgent / ref);
    g_print ("urgency of 5,000 recomputed       %8.3f ms  ratio %5.2f\n", recompute, recompute / ref);
  }

  return 0;
}
