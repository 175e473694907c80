/* bench-policy.c
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

#include <stdlib.h>
#include <string.h>

#include "guichet.h"

/* How long the queue policy takes to recompute the plan of a very busy
 * day, next to the plainest thing one could do instead: sort the people
 * waiting by arrival.
 *
 *   bench-policy               the figures (median of RUNS runs after WARM_UP)
 *   bench-policy --plan-once   one plan only, for callgrind
 *   bench-policy --sort-once   one sort only, for callgrind
 *
 * The day: 20 services, 50 guichets (2 to 5 services each, some
 * accessible, some paused or closed, some busy), 5,000 people waiting
 * (about 10 % checked-in appointments, 5 % priority, PMR among them, some
 * transferred or assigned to a guichet) and 1,000 served earlier today,
 * with their events. The same seed always gives the same day.
 */

#define SEED 20260310
#define N_SERVICES 20
#define N_GUICHETS 50
#define N_WAITING 5000
#define N_SERVED 1000
#define WARM_UP 5
#define RUNS 101

static GchDay *
busy_day (gint64 *now_out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  GchDay *day = gch_day_new ("2026-03-10");
  gint64 opens, now;
  guint serial = 0;

  day->site = g_object_new (GCH_TYPE_SITE, "code", "bench", "name", "Bench",
                            "timezone", "Europe/Paris", NULL);
  opens = gch_day_local_time (day, 8 * 60 + 30);
  now = gch_day_local_time (day, 15 * 60);

  for (guint s = 0; s < N_SERVICES; s++)
    {
      g_autofree char *code = g_strdup_printf ("service-%02u", s);
      char prefix[2] = { 'A' + s, 0 };

      g_ptr_array_add (day->services,
                       g_object_new (GCH_TYPE_SERVICE, "code", code, "name", code, "prefix", prefix,
                                     "typical-minutes", g_rand_int_range (rand, 5, 31), NULL));
    }

  for (guint g = 0; g < N_GUICHETS; g++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) services = NULL;
      guint n = g_rand_int_range (rand, 2, 6);
      guint first = g_rand_int_range (rand, 0, N_SERVICES);
      double x = g_rand_double (rand);

      /* Neighbouring services: guichets overlap, as in a real hall. */
      for (guint i = 0; i < n; i++)
        g_strv_builder_add (builder, gch_service_get_code (g_ptr_array_index (day->services,
                                                                              (first + i * 3) % N_SERVICES)));
      services = g_strv_builder_end (builder);

      g_ptr_array_add (day->guichets,
                       g_object_new (GCH_TYPE_GUICHET,
                                     "number", g + 1, "label", "Guichet",
                                     "accessible", g_rand_double (rand) < 0.3,
                                     "services", services,
                                     "state", x < 0.9 ? GCH_GUICHET_STATE_OPEN
                                            : x < 0.96 ? GCH_GUICHET_STATE_PAUSED
                                            : GCH_GUICHET_STATE_CLOSED,
                                     NULL));
    }

  /* Served earlier: one event "serving" and one "done" each. */
  for (guint i = 0; i < N_SERVED; i++)
    {
      g_autofree char *id = g_strdup_printf ("served-%04u", serial++);
      GchService *service = g_ptr_array_index (day->services, g_rand_int_range (rand, 0, N_SERVICES));
      gint64 start = opens + g_rand_int_range (rand, 0, now - opens - 3600);
      gint64 end = start + g_rand_int_range (rand, 180, 2400);

      g_ptr_array_add (day->entries,
                       g_object_new (GCH_TYPE_QUEUE_ENTRY, "id", id, "ticket", id, "service", service,
                                     "arrived-at", start - 600, "state", GCH_ENTRY_STATE_DONE,
                                     "guichet", g_rand_int_range (rand, 1, N_GUICHETS + 1),
                                     "called-at", start - 60, NULL));
      g_ptr_array_add (day->events, gch_event_new ("entry", id, start, NULL, 0, "called", "serving", NULL));
      g_ptr_array_add (day->events, gch_event_new ("entry", id, end, NULL, 0, "serving", "done", NULL));
    }

  /* At most guichets, someone being served now. */
  for (guint g = 0; g < N_GUICHETS; g++)
    {
      g_autofree char *id = NULL;
      GchGuichet *guichet = g_ptr_array_index (day->guichets, g);
      const char *code = gch_guichet_get_services (guichet)[0];

      if (g_rand_double (rand) < 0.3)
        continue;

      id = g_strdup_printf ("current-%02u", g);
      g_ptr_array_add (day->entries,
                       g_object_new (GCH_TYPE_QUEUE_ENTRY, "id", id, "ticket", id,
                                     "service", gch_day_find_service (day, code),
                                     "arrived-at", now - 3600, "state", GCH_ENTRY_STATE_SERVING,
                                     "guichet", g + 1, "called-at", now - g_rand_int_range (rand, 0, 900),
                                     NULL));
    }

  for (guint i = 0; i < N_WAITING; i++)
    {
      g_autofree char *id = g_strdup_printf ("waiting-%04u", serial++);
      g_autoptr(GchAppointment) appointment = NULL;
      GchService *service = g_ptr_array_index (day->services, g_rand_int_range (rand, 0, N_SERVICES));
      gint64 arrived = opens + (gint64)((now - opens) * (double)i / N_WAITING);
      GchPriority priority = GCH_PRIORITY_NONE;
      const char *from = NULL;
      guint assigned = 0;
      double x = g_rand_double (rand);

      if (x < 0.10)
        {
          gint64 slot = arrived + 60 * g_rand_int_range (rand, -20, 45);

          appointment = g_object_new (GCH_TYPE_APPOINTMENT, "reference", id, "service", service,
                                      "starts-at", slot, "holder-name", id,
                                      "status", GCH_APPOINTMENT_STATUS_CHECKED_IN, NULL);
          g_ptr_array_add (day->appointments, g_object_ref (appointment));
        }
      else if (x < 0.115)
        priority = GCH_PRIORITY_DISABILITY;
      else if (x < 0.15)
        priority = g_rand_int_range (rand, GCH_PRIORITY_PREGNANCY, GCH_PRIORITY_CMI + 1);
      else if (x < 0.18)
        from = "elsewhere";
      else if (x < 0.20)
        assigned = g_rand_int_range (rand, 1, N_GUICHETS + 1);

      g_ptr_array_add (day->entries,
                       g_object_new (GCH_TYPE_QUEUE_ENTRY, "id", id, "ticket", id, "service", service,
                                     "priority", priority, "arrived-at", arrived,
                                     "appointment", appointment, "transferred-from", from,
                                     "guichet", assigned, "state", GCH_ENTRY_STATE_WAITING, NULL));
    }

  *now_out = now;
  return day;
}

/* The plain reference: the people waiting, by arrival. */
static int
compare_arrival (const void *a,
                 const void *b)
{
  gint64 x = gch_queue_entry_get_arrived_at (*(GchQueueEntry * const *)a);
  gint64 y = gch_queue_entry_get_arrived_at (*(GchQueueEntry * const *)b);

  return (x > y) - (x < y);
}

/* Kept out of line, so that callgrind can count each on its own
 * (--toggle-collect=bench_plan_once or bench_sort_once).
 */
G_GNUC_NO_INLINE guint bench_plan_once (GchDay *day, const GchPolicySettings *settings, gint64 now);
G_GNUC_NO_INLINE void bench_sort_once (GchQueueEntry **sorted, GchQueueEntry **waiting, guint n);

G_GNUC_NO_INLINE guint
bench_plan_once (GchDay                  *day,
                 const GchPolicySettings *settings,
                 gint64                   now)
{
  g_autoptr(GchQueuePlan) plan = gch_policy_plan (day, settings, now);

  return gch_queue_plan_get_n_placements (plan);
}

G_GNUC_NO_INLINE void
bench_sort_once (GchQueueEntry **sorted,
                 GchQueueEntry **waiting,
                 guint           n)
{
  memcpy (sorted, waiting, n * sizeof *waiting);
  qsort (sorted, n, sizeof *sorted, compare_arrival);
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GchDay) day = NULL;
  g_autofree GchQueueEntry **waiting = NULL;
  g_autofree GchQueueEntry **sorted = NULL;
  gint64 plan_us[RUNS], sort_us[RUNS];
  GchPolicySettings settings;
  double plan_ms, sort_ms;
  guint n_waiting = 0;
  gint64 now;

  day = busy_day (&now);
  gch_policy_settings_init (&settings);

  waiting = g_new (GchQueueEntry *, day->entries->len);
  sorted = g_new (GchQueueEntry *, day->entries->len);
  for (guint i = 0; i < day->entries->len; i++)
    if (gch_queue_entry_get_state (g_ptr_array_index (day->entries, i)) == GCH_ENTRY_STATE_WAITING)
      waiting[n_waiting++] = g_ptr_array_index (day->entries, i);
  g_assert_cmpuint (n_waiting, ==, N_WAITING);

  /* Shuffled, as a sort finds them at worst (the store hands them sorted). */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);

    for (guint i = n_waiting - 1; i > 0; i--)
      {
        guint j = g_rand_int_range (rand, 0, i + 1);
        GchQueueEntry *tmp = waiting[i];

        waiting[i] = waiting[j];
        waiting[j] = tmp;
      }
  }

  if (argc > 1 && g_str_equal (argv[1], "--plan-once"))
    {
      g_print ("%u placed\n", bench_plan_once (day, &settings, now));
      return 0;
    }
  if (argc > 1 && g_str_equal (argv[1], "--sort-once"))
    {
      bench_sort_once (sorted, waiting, n_waiting);
      g_print ("%u sorted\n", n_waiting);
      return 0;
    }

  g_assert_cmpuint (bench_plan_once (day, &settings, now), ==, N_WAITING);

  for (guint i = 0; i < WARM_UP; i++)
    {
      bench_plan_once (day, &settings, now);
      bench_sort_once (sorted, waiting, n_waiting);
    }

  /* Interleaved, so that both see the same machine. */
  for (guint i = 0; i < RUNS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      bench_plan_once (day, &settings, now);
      plan_us[i] = g_get_monotonic_time () - t0;

      t0 = g_get_monotonic_time ();
      bench_sort_once (sorted, waiting, n_waiting);
      sort_us[i] = g_get_monotonic_time () - t0;
    }

  plan_ms = median_ms (plan_us, RUNS);
  sort_ms = median_ms (sort_us, RUNS);

  {
    guint open = 0, accessible = 0, busy = 0, appointments = 0, pmr = 0, priority = 0,
          transfers = 0, assigned = 0;

    for (guint g = 0; g < day->guichets->len; g++)
      {
        GchGuichet *guichet = g_ptr_array_index (day->guichets, g);

        open += gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_OPEN;
        accessible += gch_guichet_get_accessible (guichet);
        busy += gch_day_current_for_guichet (day, g + 1) != NULL;
      }
    for (guint i = 0; i < n_waiting; i++)
      {
        appointments += gch_queue_entry_get_appointment (waiting[i]) != NULL;
        pmr += gch_queue_entry_get_priority (waiting[i]) == GCH_PRIORITY_DISABILITY;
        priority += gch_queue_entry_get_priority (waiting[i]) != GCH_PRIORITY_NONE;
        transfers += gch_queue_entry_get_transferred_from (waiting[i]) != NULL;
        assigned += gch_queue_entry_get_guichet (waiting[i]) != 0;
      }

    g_print ("day: %u services, %u guichets (%u open, %u accessible, %u busy), %u entries, %u events\n",
             day->services->len, day->guichets->len, open, accessible, busy, day->entries->len,
             day->events->len);
    g_print ("waiting: %u (%u appointments, %u priority of which %u PMR, %u transferred, %u assigned)\n",
             n_waiting, appointments, priority, pmr, transfers, assigned);
  }
  g_print ("median of %u runs after %u warm-up runs\n", RUNS, WARM_UP);
  g_print ("gch_policy_plan  %8.3f ms\n", plan_ms);
  g_print ("qsort by arrival %8.3f ms\n", sort_ms);
  g_print ("ratio            %8.2f (target <= 5)\n", plan_ms / sort_ms);

  return 0;
}
