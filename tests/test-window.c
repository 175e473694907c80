/* test-window.c: the agent desk, opened as a person opens it
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

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "gch-preferences-window.h"
#include "gch-queue-item.h"
#include "gch-queue-row.h"
#include "gch-test-app.h"

/* The demo opens on guichet 1's queue: the queue policy's order for the
 * day the store holds, with each person's rank and estimated wait.
 */
static void
check_demo_queue (GchTestApp *fixture)
{
  GchStation *station;
  g_autoptr(GchQueuePlan) plan = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *waiting_tab = NULL;
  g_autofree char *expected_tab = NULL;
  g_autofree char *shown = NULL;
  GchQueueEntry *current;
  GListModel *model;
  GchDay *day;

  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente ("));
  station = gch_application_get_station (fixture->app);
  day = gch_station_get_day (station);
  plan = gch_policy_plan (day, gch_station_get_settings (station),
                          gch_clock_now (gch_station_get_clock (station)));
  queue = gch_queue_plan_for_guichet (plan, 1);
  expected = gch_day_expected_for_guichet (day, 1);
  current = gch_day_current_for_guichet (day, 1);
  waiting_tab = g_strdup_printf ("En attente (%u)", queue->len);
  expected_tab = g_strdup_printf ("Attendus (%u)", expected->len);

  /* The demo day is a full hall at 10:30. */
  g_assert_cmpuint (day->appointments->len, >, 500);
  g_assert_cmpuint (queue->len, >, 3);
  g_assert_nonnull (current);

  g_assert_true (gch_test_app_wait_for_text (fixture, waiting_tab));
  g_assert_true (gch_test_app_wait_for_text (fixture, expected_tab));

  shown = gch_test_app_screen_text (fixture);
  g_assert_nonnull (strstr (shown, "Guichet 1\n"));
  g_assert_nonnull (strstr (shown, "Ouvert"));
  /* The person at the guichet, in French */
  g_assert_nonnull (strstr (shown, gch_queue_entry_get_ticket (current)));
  g_assert_nonnull (strstr (shown, "Arrivée"));

  /* The model is the policy's queue, in order, with ranks 1, 2, 3… */
  model = gch_window_get_waiting (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, queue->len);
  for (guint i = 0; i < queue->len; i++)
    {
      g_autoptr(GchQueueItem) item = g_list_model_get_item (model, i);

      g_assert_cmpstr (gch_queue_entry_get_ticket (gch_queue_item_get_entry (item)), ==,
                       gch_queue_entry_get_ticket (g_ptr_array_index (queue, i)));
      g_assert_cmpuint (gch_queue_item_get_rank (item), ==, i + 1);
      g_assert_cmpint (gch_queue_item_get_wait (item), >=, 0);
    }

  /* The first rows are on screen, with their estimated wait. */
  gch_test_app_find_widgets (GTK_WIDGET (fixture->window), GCH_TYPE_QUEUE_ROW, rows);
  g_assert_cmpuint (rows->len, >=, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (shown, gch_queue_entry_get_ticket (g_ptr_array_index (queue, i))));
  g_assert_nonnull (strstr (shown, "≈ "));

  /* Choosing another guichet in the settings moves the desk at once. */
  g_settings_set_int (gch_application_get_settings (fixture->app), "guichet", 7);
  g_assert_true (gch_test_app_wait_for_text (fixture, "Guichet 7\n"));
  g_assert_true (gch_test_app_wait_for_text (fixture, "Titre de séjour"));
  g_settings_set_int (gch_application_get_settings (fixture->app), "guichet", 1);
}

static void
test_demo_queue (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo", check_demo_queue);
}

/* A fresh station has no site: it says so and offers the preferences. */
static void
check_unconfigured (GchTestApp *fixture)
{
  g_autofree char *path = gch_test_app_data_path ("guichet.sqlite");

  g_assert_true (gch_test_app_wait_for_text (fixture, "Pas encore de site"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_unconfigured (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("", check_unconfigured);
}

/* A damaged database is named, explained, and left exactly as it was. */
static GBytes *damaged_contents;

static void
check_damaged (GchTestApp *fixture)
{
  g_autofree char *path = gch_test_app_data_path ("guichet.sqlite");
  g_autofree char *after = NULL;
  gsize length;

  g_assert_true (gch_test_app_wait_for_text (fixture, "n’est pas une base de données Guichet"));
  g_assert_true (gch_test_app_wait_for_text (fixture, path));

  g_assert_true (g_file_get_contents (path, &after, &length, NULL));
  g_assert_cmpmem (after, length, g_bytes_get_data (damaged_contents, NULL),
                   g_bytes_get_size (damaged_contents));
}

static void
test_damaged_database (void)
{
  g_autofree char *path = gch_test_app_data_path ("guichet.sqlite");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *garbage = g_strnfill (8192, 'x');

  gch_test_app_clear_data ();
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  memcpy (garbage, "not a database, but someone's spreadsheet", 42);
  g_assert_true (g_file_set_contents (path, garbage, 8192, NULL));
  damaged_contents = g_bytes_new (garbage, 8192);

  /* The message also goes to the log, for the administrator. */
  g_test_expect_message ("gch-application", G_LOG_LEVEL_WARNING,
                         "*n’est pas une base de données Guichet*");
  gch_test_app_run ("", check_damaged);
  g_test_assert_expected_messages ();

  g_clear_pointer (&damaged_contents, g_bytes_unref);
}

/* The preferences keep a wrong station name or server address out, and
 * say why.
 */
static GtkWidget *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GCH_IS_PREFERENCES_WINDOW (window))
        return window;
    }

  return NULL;
}

static void
apply (GtkWidget  *row,
       const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static void
check_preferences (GchTestApp *fixture)
{
  GSettings *settings = gch_application_get_settings (fixture->app);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *long_name = g_strnfill (65, 'x');
  GtkWidget *preferences, *station_row, *server_row;

  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente ("));
  gch_test_app_press (fixture, "<Control>comma");
  g_assert_true (gch_test_app_wait_for_text (fixture, "Préférences"));
  preferences = find_preferences ();
  g_assert_nonnull (preferences);
  gch_test_app_find_widgets (preferences, ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  station_row = g_ptr_array_index (rows, 0);
  server_row = g_ptr_array_index (rows, 1);

  apply (station_row, "  Accueil 2  ");
  g_assert_cmpstr (g_settings_get_string (settings, "station-name"), ==, "Accueil 2");

  apply (station_row, long_name);
  g_assert_true (gch_test_app_wait_for_text (fixture, "64 caractères au plus"));
  /* Typing cannot put a control character in the row; pasting from a
   * file can, and it goes through the same check.
   */
  g_assert_false (gch_preferences_window_apply_station_name (GCH_PREFERENCES_WINDOW (preferences),
                                                             "Poste\x01\x02"));
  g_assert_true (gch_test_app_wait_for_text (fixture, "des lettres, des chiffres et des espaces"));
  g_assert_cmpstr (g_settings_get_string (settings, "station-name"), ==, "Accueil 2");

  apply (server_row, "ftp://rdv.example");
  g_assert_true (gch_test_app_wait_for_text (fixture, "n’est pas une adresse de serveur"));
  apply (server_row, "https://");
  g_assert_cmpstr (g_settings_get_string (settings, "server-url"), ==, "");
  apply (server_row, "https://127.0.0.1:8443/");
  g_assert_cmpstr (g_settings_get_string (settings, "server-url"), ==, "https://127.0.0.1:8443/");

  g_settings_reset (settings, "station-name");
  g_settings_reset (settings, "server-url");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_preferences (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo", check_preferences);
}

/* A second station beside the first on one desktop: its own application
 * id (so that starting it opens a window of its own), its own database and
 * its own settings.
 */
static void
check_second_station (GchTestApp *fixture)
{
  GSettings *settings = gch_application_get_settings (fixture->app);
  g_autofree char *database = g_build_filename (g_get_user_data_dir (), "guichet", "stations",
                                                "b", "demo.sqlite", NULL);
  g_autofree char *keyfile = g_build_filename (g_get_user_config_dir (), "guichet", "stations",
                                               "b", "settings.ini", NULL);

  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente ("));
  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (fixture->app)), ==,
                   APP_ID ".station-b");
  g_assert_cmpstr (gch_application_get_data_dir (fixture->app), ==,
                   g_build_filename (g_get_user_data_dir (), "guichet", "stations", "b", NULL));
  g_assert_true (g_file_test (database, G_FILE_TEST_IS_REGULAR));

  g_assert_true (g_settings_set_int (settings, "guichet", 2));
  g_assert_cmpint (g_settings_get_int (settings, "guichet"), ==, 2);
  g_assert_cmpuint (gch_application_get_guichet (fixture->app), ==, 2);
  g_assert_true (gch_test_app_wait_for_text (fixture, "Guichet 2\n"));
  g_settings_sync ();
  g_assert_true (g_file_test (keyfile, G_FILE_TEST_IS_REGULAR));
}

static void
check_first_station (GchTestApp *fixture)
{
  g_assert_true (gch_test_app_wait_for_text (fixture, "Guichet 1\n"));
  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (fixture->app)), ==, APP_ID);
  g_assert_cmpint (g_settings_get_int (gch_application_get_settings (fixture->app), "guichet"), ==, 1);
}

static void
test_second_station (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --station b", check_second_station);
  gch_test_app_run ("--demo", check_first_station);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/window/demo-queue", test_demo_queue);
  g_test_add_func ("/window/unconfigured", test_unconfigured);
  g_test_add_func ("/window/damaged-database", test_damaged_database);
  g_test_add_func ("/window/preferences", test_preferences);
  g_test_add_func ("/window/second-station", test_second_station);

  return g_test_run ();
}
