/* gch-test-app.c
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
#include <glib-unix.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "gch-application-private.h"
#include "gch-test-app.h"

/* The UI tests run the real application, in French, on a data folder of
 * their own, and read the window as the agent would: the labels on screen.
 * (G_TEST_OPTION_ISOLATE_DIRS would also hide the system's MIME database,
 * and GTK could not load its icons: the folders are set here instead.)
 */

#define WAIT_SECONDS 15

void
gch_test_app_init (int    *argc,
                   char ***argv)
{
  g_autofree char *po_dir = NULL;
  g_autofree char *home = g_dir_make_tmp ("guichet-test-XXXXXX", NULL);
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

  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
}

char *
gch_test_app_data_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "guichet", name, NULL);
}

/* Each test starts with no station data. */
void
gch_test_app_clear_data (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "guichet", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

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

/**
 * gch_test_app_screen_text:
 *
 * Returns: the text of every label and button shown, one per line, in the
 *   main window and the dialogs over it
 */
char *
gch_test_app_screen_text (GchTestApp *fixture)
{
  GString *text = g_string_new (NULL);
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      collect_text (window, text);
    }

  return g_string_free (text, FALSE);
}

void
gch_test_app_find_widgets (GtkWidget *root,
                           GType      type,
                           GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gch_test_app_find_widgets (child, type, found);
}

static gboolean
on_timeout_cb (gpointer data)
{
  GchTestApp *fixture = data;

  fixture->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done says so, or WAIT_SECONDS have passed. */
gboolean
gch_test_app_wait_until (GchTestApp  *fixture,
                         gboolean   (*done) (GchTestApp *fixture))
{
  guint timeout = g_timeout_add_seconds (WAIT_SECONDS, on_timeout_cb, fixture);
  gboolean found = FALSE;

  fixture->timed_out = FALSE;
  while (!fixture->timed_out && !(found = done (fixture)))
    g_main_context_iteration (NULL, TRUE);

  if (!fixture->timed_out)
    g_source_remove (timeout);

  return found;
}

static const char *waited_text;

static gboolean
text_shown (GchTestApp *fixture)
{
  g_autofree char *shown = gch_test_app_screen_text (fixture);

  return strstr (shown, waited_text) != NULL;
}

/* Runs the main loop until @text shows on screen. */
gboolean
gch_test_app_wait_for_text (GchTestApp *fixture,
                            const char *text)
{
  gboolean found;

  waited_text = text;
  found = gch_test_app_wait_until (fixture, text_shown);

  if (!found)
    {
      g_autofree char *shown = gch_test_app_screen_text (fixture);
      g_test_message ("Waited for “%s”; the screen shows:\n%s", text, shown);
    }

  return found;
}

/**
 * gch_test_app_feed_password:
 *
 * Gives @password, and a newline, to the app's standard input, which
 * `--password-stdin` reads at the start.
 */
void
gch_test_app_feed_password (const char *password)
{
  g_autofree char *line = g_strconcat (password, "\n", NULL);
  gssize length = strlen (line);
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  g_assert_cmpint (write (fds[1], line, length), ==, length);
  close (fds[1]);
  g_assert_cmpint (dup2 (fds[0], STDIN_FILENO), ==, STDIN_FILENO);
  close (fds[0]);
}

/**
 * gch_test_app_get_station:
 *
 * Returns: (nullable): the app's station, once it has one
 */
GchStation *
gch_test_app_get_station (GchTestApp *fixture)
{
  return gch_application_get_station (fixture->app);
}

/**
 * gch_test_app_get_day:
 *
 * Returns: (nullable): the day the app shows, once loaded
 */
GchDay *
gch_test_app_get_day (GchTestApp *fixture)
{
  GchStation *station = gch_test_app_get_station (fixture);

  return station != NULL ? gch_station_get_day (station) : NULL;
}

/* Whether the app shows a day of a configured site. */
gboolean
gch_test_app_day_loaded (GchTestApp *fixture)
{
  GchDay *day = gch_test_app_get_day (fixture);

  return day != NULL && day->site != NULL;
}

/* Lets what is pending happen: saves, redraws. */
void
gch_test_app_iterate (void)
{
  for (guint i = 0; i < 5; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

/**
 * gch_test_app_press:
 * @accel: a shortcut, as GTK writes it: "F5", "<Control>h"
 *
 * Does what the shortcut does: activates the action it is bound to, with
 * its target. Fails when the shortcut is bound to nothing.
 */
void
gch_test_app_press (GchTestApp *fixture,
                    const char *accel)
{
  g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (fixture->app),
                                                                 accel);
  g_autofree char *name = NULL;
  g_autoptr(GVariant) target = NULL;

  g_assert_nonnull (actions);
  g_assert_nonnull (actions[0]);
  g_assert_true (g_action_parse_detailed_name (actions[0], &name, &target, NULL));
  g_assert_true (g_str_has_prefix (name, "app."));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), name + strlen ("app."), target);
}

/**
 * gch_test_app_activate:
 * @parameter: (nullable): the string parameter, for actions that take one
 *
 * Activates an application action, as `gapplication action` would.
 */
void
gch_test_app_activate (GchTestApp *fixture,
                       const char *action,
                       const char *parameter)
{
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), action,
                                  parameter != NULL ? g_variant_new_string (parameter) : NULL);
}

/**
 * gch_test_app_find_dialog:
 *
 * Returns: (transfer none) (nullable): the message dialog shown, if any
 */
GtkWidget *
gch_test_app_find_dialog (GchTestApp *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static void
close_window (GchTestApp *fixture)
{
  GtkWidget *window = GTK_WIDGET (fixture->toplevel);

  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* The window must go away whole when closed, once the work it started
   * (saves, prints) is over: nothing else keeps it alive.
   */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (window);
}

static void
run_check (gpointer data)
{
  GchTestApp *fixture = data;

  fixture->check (fixture);
  close_window (fixture);
}

static void
on_activate_cb (GApplication *app,
                GchTestApp   *fixture)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_nonnull (windows);
  fixture->toplevel = GTK_WINDOW (windows->data);
  fixture->window = GCH_IS_WINDOW (windows->data) ? GCH_WINDOW (windows->data) : NULL;
  g_idle_add_once (run_check, fixture);
}

/**
 * gch_test_app_run:
 * @args: the command line after `guichet`
 * @check: what to do and check once the window shows
 *
 * Runs the application as `guichet ARGS`, and @check on its window.
 */
void
gch_test_app_run (const char  *args,
                  void       (*check) (GchTestApp *fixture))
{
  g_autofree char *command_line = g_strconcat ("guichet ", args, NULL);
  g_autoptr(GchApplication) app = gch_application_new ();
  g_auto(GStrv) argv = NULL;
  GchTestApp fixture = { 0 };
  int argc, status;

  g_assert_true (g_shell_parse_argv (command_line, &argc, &argv, NULL));

  fixture.app = app;
  fixture.check = check;

  /* Tests run side by side on one session bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), &fixture);
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* The session's notification daemon keeps every notification until it is
   * closed, and refuses any beyond 20: each app gives its own back, so that
   * the next test's are shown.
   */
  if (app->notifier != NULL)
    gch_notifier_withdraw_all (app->notifier);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (fixture.toplevel);
}

/**
 * gch_test_app_screenshot:
 * @name: the picture's name, without ".png"
 *
 * With GCH_SCREENSHOT_DIR set (tools/screenshots), takes a picture of the
 * screen for the user guide, once the windows have drawn what they show
 * now (a full-screen window takes a moment); otherwise does nothing.
 */
void
gch_test_app_screenshot (const char *name)
{
  const char *dir = g_getenv ("GCH_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *argv[] = { (char *)"import", (char *)"-window", (char *)"root", NULL, NULL };
  gint64 end;

  if (dir == NULL)
    return;

  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);

  path = g_strdup_printf ("%s/%s.png", dir, name);
  argv[3] = path;
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, &error))
    g_test_message ("No screenshot: %s", error->message);
}
