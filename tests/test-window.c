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

#include "gch-application.h"
#include "gch-queue-row.h"
#include "gch-window.h"

/* Each test runs the real application, in French, on an isolated data
 * folder, and reads the window as the agent would: the labels on screen.
 */

typedef struct _Fixture Fixture;

struct _Fixture
{
  GchApplication *app;
  GchWindow      *window;
  gboolean        timed_out;
  void          (*check) (Fixture *fixture);
};

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (text, "%s\n", gtk_button_get_label (GTK_BUTTON (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static char *
screen_text (Fixture *fixture)
{
  GString *text = g_string_new (NULL);

  collect_text (GTK_WIDGET (fixture->window), text);
  return g_string_free (text, FALSE);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (GCH_IS_QUEUE_ROW (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static gboolean
on_timeout_cb (gpointer data)
{
  Fixture *fixture = data;

  fixture->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @text shows on screen, or 10 s have passed. */
static gboolean
wait_for_text (Fixture    *fixture,
               const char *text)
{
  guint timeout = g_timeout_add_seconds (10, on_timeout_cb, fixture);
  gboolean found = FALSE;

  fixture->timed_out = FALSE;
  while (!fixture->timed_out && !found)
    {
      g_autofree char *shown = NULL;

      g_main_context_iteration (NULL, TRUE);
      shown = screen_text (fixture);
      found = strstr (shown, text) != NULL;
    }

  if (!fixture->timed_out)
    g_source_remove (timeout);

  if (!found)
    {
      g_autofree char *shown = screen_text (fixture);
      g_test_message ("Waited for “%s”; the screen shows:\n%s", text, shown);
    }

  return found;
}

static void
close_window (Fixture *fixture)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  /* The window must go away whole when closed: nothing keeps it alive. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
}

static void
run_check (gpointer data)
{
  Fixture *fixture = data;

  fixture->check (fixture);
  close_window (fixture);
}

static void
on_activate_cb (GApplication *app,
                Fixture      *fixture)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_nonnull (windows);
  fixture->window = GCH_WINDOW (windows->data);
  g_idle_add_once (run_check, fixture);
}

/* Runs the application as `guichet ARGS`, and @check on its window. */
static void
run_app (const char *args,
         void      (*check) (Fixture *fixture))
{
  g_autofree char *command_line = g_strconcat ("guichet ", args, NULL);
  g_autoptr(GchApplication) app = gch_application_new ();
  g_auto(GStrv) argv = NULL;
  Fixture fixture = { 0 };
  int argc, status;

  g_assert_true (g_shell_parse_argv (command_line, &argc, &argv, NULL));

  fixture.app = app;
  fixture.check = check;

  /* Tests run side by side on one session bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), &fixture);
  status = g_application_run (G_APPLICATION (app), argc, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (fixture.window);
}

static char *
data_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "guichet", name, NULL);
}

/* Each test starts with no station data. (G_TEST_OPTION_ISOLATE_DIRS would
 * also hide the system's MIME database, and GTK could not load its icons.)
 */
static void
clear_station_data (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "guichet", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

/* The demo opens on guichet 1's queue, as the store holds it. */
static void
check_demo_queue (Fixture *fixture)
{
  g_autofree char *date = gch_demo_today ();
  g_autoptr(GchDay) expected_day = gch_demo_generate (GCH_DEMO_SEED, date, GCH_DEMO_TIME);
  g_autoptr(GPtrArray) waiting = gch_day_waiting_for_guichet (expected_day, 1);
  g_autoptr(GPtrArray) expected = gch_day_expected_for_guichet (expected_day, 1);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *waiting_tab = g_strdup_printf ("En attente (%u)", waiting->len);
  g_autofree char *expected_tab = g_strdup_printf ("Attendus (%u)", expected->len);
  GchQueueEntry *current = gch_day_current_for_guichet (expected_day, 1);
  GListModel *model;
  g_autofree char *shown = NULL;

  g_assert_cmpuint (waiting->len, >, 3);
  g_assert_nonnull (current);

  g_assert_true (wait_for_text (fixture, waiting_tab));
  g_assert_true (wait_for_text (fixture, expected_tab));

  shown = screen_text (fixture);
  g_assert_nonnull (strstr (shown, "Guichet 1\n"));
  g_assert_nonnull (strstr (shown, "Accueil et renseignements · Carte d'identité et passeport"));
  /* The person at the guichet, in French */
  g_assert_nonnull (strstr (shown, gch_queue_entry_get_ticket (current)));
  g_assert_nonnull (strstr (shown, "Arrivée"));

  /* The model is the queue, in order, and the first rows are on screen. */
  model = gch_window_get_waiting (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, waiting->len);
  for (guint i = 0; i < waiting->len; i++)
    {
      g_autoptr(GchQueueEntry) entry = g_list_model_get_item (model, i);

      g_assert_cmpstr (gch_queue_entry_get_ticket (entry), ==,
                       gch_queue_entry_get_ticket (g_ptr_array_index (waiting, i)));
    }

  collect_rows (GTK_WIDGET (fixture->window), rows);
  g_assert_cmpuint (rows->len, >=, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (shown, gch_queue_entry_get_ticket (g_ptr_array_index (waiting, i))));
  g_assert_nonnull (strstr (shown, "Sans rendez-vous"));

  /* Choosing another guichet in the settings moves the desk at once. */
  g_settings_set_int (gch_application_get_settings (fixture->app), "guichet", 7);
  g_assert_true (wait_for_text (fixture, "Guichet 7\n"));
  g_assert_true (wait_for_text (fixture, "Titre de séjour"));
  g_settings_set_int (gch_application_get_settings (fixture->app), "guichet", 1);
}

static void
test_demo_queue (void)
{
  clear_station_data ();
  run_app ("--demo", check_demo_queue);
}

/* A fresh station has no site: it says so and offers the preferences. */
static void
check_unconfigured (Fixture *fixture)
{
  g_autofree char *path = data_path ("guichet.sqlite");

  g_assert_true (wait_for_text (fixture, "Pas encore de site"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_unconfigured (void)
{
  clear_station_data ();
  run_app ("", check_unconfigured);
}

/* A damaged database is named, explained, and left exactly as it was. */
static GBytes *damaged_contents;

static void
check_damaged (Fixture *fixture)
{
  g_autofree char *path = data_path ("guichet.sqlite");
  g_autofree char *after = NULL;
  gsize length;

  g_assert_true (wait_for_text (fixture, "n’est pas une base de données Guichet"));
  g_assert_true (wait_for_text (fixture, path));

  g_assert_true (g_file_get_contents (path, &after, &length, NULL));
  g_assert_cmpmem (after, length, g_bytes_get_data (damaged_contents, NULL),
                   g_bytes_get_size (damaged_contents));
}

static void
test_damaged_database (void)
{
  g_autofree char *path = data_path ("guichet.sqlite");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *garbage = g_strnfill (8192, 'x');

  clear_station_data ();
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  memcpy (garbage, "not a database, but someone's spreadsheet", 42);
  g_assert_true (g_file_set_contents (path, garbage, 8192, NULL));
  damaged_contents = g_bytes_new (garbage, 8192);

  /* The message also goes to the log, for the administrator. */
  g_test_expect_message ("gch-application", G_LOG_LEVEL_WARNING,
                         "*n’est pas une base de données Guichet*");
  run_app ("", check_damaged);
  g_test_assert_expected_messages ();

  g_clear_pointer (&damaged_contents, g_bytes_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *po_dir = NULL;
  g_autofree char *home = g_dir_make_tmp ("guichet-test-window-XXXXXX", NULL);
  const char *dirs[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };

  g_assert_nonnull (home);
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i], NULL);

      g_setenv (dirs[i], dir, TRUE);
    }

  /* The French the agents read, from this build's translation */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  po_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/window/demo-queue", test_demo_queue);
  g_test_add_func ("/window/unconfigured", test_unconfigured);
  g_test_add_func ("/window/damaged-database", test_damaged_database);

  return g_test_run ();
}
