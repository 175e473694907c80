/* test-affluence.c: a supervisor handles a full hall, and the hall follows
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
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "gch-application-private.h"
#include "gch-board-window.h"
#include "gch-format.h"
#include "gch-supervisor-page.h"
#include "gch-sync-controller.h"
#include "gch-test-app.h"
#include "gch-test-day.h"
#include "gch-test-server.h"

/* The demo day at 10:30 on a real guichet-server: François Roux, the
 * supervisor, in the real application; Sophie Nguyen's station at
 * guichet 3 and the waiting room's board, each a station of its own with
 * its own database and sync, as on three computers. Sophie goes on a
 * break, Titres fills up; the supervisor sees it, switches the site to
 * affluence and accepts the suggestion to open guichet 3 again; her
 * station and the board follow through the server.
 */

#define SUPERVISOR "f.roux"
#define AGENT "s.nguyen"
#define BOARD_AGENT "k.benali"
#define PASSWORD "hall-password-1"
#define GUICHET 3

static GchTestServer *server;
static char *date;

typedef struct
{
  GchStation        *station;
  GchSyncController *sync;
} Remote;

static Remote agent_station;
static Remote board_station;
static GchBoardWindow *board;

static void
remote_start (Remote     *remote,
              const char *file,
              const char *agent)
{
  g_autofree char *token = gch_test_server_login (server, agent, PASSWORD);

  remote->station = gch_test_new_demo_station (gch_test_server_get_dir (server), file, date);
  remote->sync = gch_sync_controller_new (remote->station);
  gch_sync_controller_start (remote->sync, gch_test_server_get_url (server), token);
}

static void
remote_stop (Remote *remote)
{
  gch_sync_controller_stop (remote->sync);
  g_clear_object (&remote->sync);
  g_clear_object (&remote->station);
}

static GchDay *
remote_day (Remote *remote)
{
  return gch_station_get_day (remote->station);
}

static gboolean
all_online (GchTestApp *fixture)
{
  GchSyncController *sync = gch_application_get_sync (fixture->app);

  return sync != NULL && gch_sync_controller_get_online (sync) && gch_test_app_get_day (fixture) != NULL &&
         gch_application_is_supervisor (fixture->app) &&
         gch_sync_controller_get_online (agent_station.sync) &&
         gch_sync_controller_get_online (board_station.sync);
}

/* What the agent at guichet 3 does, at her own station. */
static void
agent_does (GchAction action)
{
  GchRequest request = { .action = action, .guichet = GUICHET };
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;

  change = gch_station_run (agent_station.station, &request, &error);
  g_assert_no_error (error);
  gch_sync_controller_sync_now (agent_station.sync);
}

static GchGuichetState
state_at (GchDay *day)
{
  return gch_guichet_get_state (gch_day_find_guichet (day, GUICHET));
}

static gboolean
everyone_sees_pause (GchTestApp *fixture)
{
  return state_at (gch_test_app_get_day (fixture)) == GCH_GUICHET_STATE_PAUSED &&
         state_at (remote_day (&board_station)) == GCH_GUICHET_STATE_PAUSED;
}

static gboolean
everyone_sees_open (GchTestApp *fixture)
{
  return state_at (gch_test_app_get_day (fixture)) == GCH_GUICHET_STATE_OPEN &&
         state_at (remote_day (&agent_station)) == GCH_GUICHET_STATE_OPEN &&
         state_at (remote_day (&board_station)) == GCH_GUICHET_STATE_OPEN;
}

static gboolean
everyone_in_affluence (GchTestApp *fixture)
{
  return gch_site_get_mode (gch_test_app_get_day (fixture)->site) == GCH_SITE_MODE_AFFLUENCE &&
         gch_site_get_mode (remote_day (&agent_station)->site) == GCH_SITE_MODE_AFFLUENCE &&
         gch_site_get_mode (remote_day (&board_station)->site) == GCH_SITE_MODE_AFFLUENCE;
}

static GtkWidget *
find_page (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->toplevel), GCH_TYPE_SUPERVISOR_PAGE, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
page_shown (GchTestApp *fixture)
{
  return find_page (fixture) != NULL;
}

/* The shown row of the supervision whose title is @title. */
static GtkWidget *
find_row (GchTestApp *fixture,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gch_test_app_find_widgets (find_page (fixture), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (gtk_widget_is_drawable (row) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
        return row;
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gch_test_app_find_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), action) == 0)
      return g_ptr_array_index (buttons, i);

  return NULL;
}

static const GchPolicySettings *
settings_of (GchTestApp *fixture)
{
  return gch_station_get_settings (gch_application_get_station (fixture->app));
}

static gint64
now_of (GchTestApp *fixture)
{
  return gch_clock_now (gch_station_get_clock (gch_application_get_station (fixture->app)));
}

/* The figures beside their limits, for the log: what the alerts read. */
static void
log_thresholds (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) figures = gch_measure_thresholds (gch_test_app_get_day (fixture), settings_of (fixture),
                                                         now_of (fixture));

  for (guint i = 0; i < figures->len; i++)
    {
      GchAlert *alert = g_ptr_array_index (figures, i);
      g_autofree char *text = gch_alert_describe (alert, gch_test_app_get_day (fixture));

      g_test_message ("%.2f of its limit: %s", gch_alert_get_share (alert), text);
    }
}

/* The alert on Titres, as the policy words it, is a row of the page. */
static char *titres_alert;

static gboolean
titres_alert_shown (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) alerts = gch_check_thresholds (gch_test_app_get_day (fixture), settings_of (fixture),
                                                      now_of (fixture));

  g_clear_pointer (&titres_alert, g_free);
  for (guint i = 0; i < alerts->len; i++)
    {
      GchAlert *alert = g_ptr_array_index (alerts, i);

      if (g_str_equal (alert->service, "titres"))
        titres_alert = gch_alert_describe (alert, gch_test_app_get_day (fixture));
    }

  return titres_alert != NULL && find_row (fixture, titres_alert) != NULL;
}

static char *mode_title;

static gboolean
mode_suggestion_shown (GchTestApp *fixture)
{
  g_clear_pointer (&mode_title, g_free);
  /* Translators: %s is a mode: “Affluence” */
  mode_title = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Switch to %s mode"),
                                gch_site_mode_to_label (GCH_SITE_MODE_AFFLUENCE));
  return find_row (fixture, mode_title) != NULL;
}

/* The suggestion to open guichet 3, as the policy words it. */
static char *open_title;

static gboolean
open_suggestion_shown (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) suggestions = gch_suggest_rebalancing (gch_test_app_get_day (fixture),
                                                              settings_of (fixture),
                                                              now_of (fixture));

  g_clear_pointer (&open_title, g_free);
  for (guint i = 0; i < suggestions->len; i++)
    {
      GchSuggestion *suggestion = g_ptr_array_index (suggestions, i);

      if (suggestion->guichet == GUICHET)
        open_title = gch_suggestion_describe (suggestion, gch_test_app_get_day (fixture));
    }

  return open_title != NULL && find_row (fixture, open_title) != NULL;
}

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static gboolean
board_says_affluence (GchTestApp *fixture)
{
  g_autoptr(GString) text = g_string_new (NULL);

  collect_labels (GTK_WIDGET (board), text);
  return strstr (text->str, gch_mode_get_message (GCH_SITE_MODE_AFFLUENCE)) != NULL;
}

/* The wait the board shows for Titres: the label after the service's name. */
static char *
board_titres_wait (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  GchService *titres = gch_day_find_service (remote_day (&board_station), "titres");

  collect_labels (GTK_WIDGET (board), text);
  lines = g_strsplit (text->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    if (g_str_equal (lines[i], gch_service_get_name (titres)))
      return g_strdup (lines[i + 1]);

  return NULL;
}

static char *expected_board_wait;

static gboolean
board_shows_expected_wait (GchTestApp *fixture)
{
  GchDay *day = remote_day (&board_station);
  GchService *titres = gch_day_find_service (day, "titres");
  GchStation *station = board_station.station;
  gint64 wait = gch_policy_estimate_walk_in (day, gch_station_get_settings (station), titres,
                                             GCH_PRIORITY_NONE,
                                             gch_clock_now (gch_station_get_clock (station)));
  g_autofree char *shown = board_titres_wait ();

  g_clear_pointer (&expected_board_wait, g_free);
  expected_board_wait = gch_format_wait (wait);
  return shown != NULL && strstr (shown, expected_board_wait) != NULL;
}

static const char *gone_title;

static gboolean
row_gone (GchTestApp *fixture)
{
  return find_row (fixture, gone_title) == NULL;
}

static void
check_affluence (GchTestApp *fixture)
{
  GtkWidget *row, *button;
  g_autofree char *wait_before = NULL;
  g_autofree char *wait_after = NULL;
  g_autoptr(GchTestResponse) site = NULL;
  g_autofree char *token = NULL;

  remote_start (&agent_station, "agent.sqlite", AGENT);
  remote_start (&board_station, "board.sqlite", BOARD_AGENT);
  board = gch_board_window_new (fixture->app);
  gch_board_window_set_station (board, board_station.station);
  gch_board_window_set_sync_controller (board, board_station.sync);
  g_assert_true (gch_test_app_wait_until (fixture, all_online));
  log_thresholds (fixture);

  /* Sophie serves the person at her counter to the end and pauses. */
  while (gch_day_current_for_guichet (remote_day (&agent_station), GUICHET) != NULL)
    agent_does (gch_queue_entry_get_state (gch_day_current_for_guichet (remote_day (&agent_station),
                                                                        GUICHET))
                == GCH_ENTRY_STATE_CALLED ? GCH_ACTION_START_SERVICE : GCH_ACTION_FINISH_SERVICE);
  agent_does (GCH_ACTION_PAUSE_GUICHET);
  g_assert_true (gch_test_app_wait_until (fixture, everyone_sees_pause));
  g_assert_true (gch_test_app_wait_until (fixture, board_shows_expected_wait));
  wait_before = board_titres_wait ();

  /* The supervisor sees Titres past its thresholds, and the mode the
   * policy suggests with its reason.
   */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "supervisor");
  g_assert_true (gch_test_app_wait_until (fixture, page_shown));
  log_thresholds (fixture);
  g_assert_true (gch_test_app_wait_until (fixture, titres_alert_shown));
  g_test_message ("alert: %s", titres_alert);
  g_assert_true (gch_test_app_wait_until (fixture, mode_suggestion_shown));
  row = find_row (fixture, mode_title);
  g_test_message ("suggested: %s — %s", mode_title, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            gch_service_get_name (gch_day_find_service (gch_test_app_get_day (fixture), "titres"))));
  g_assert_true (gch_test_app_wait_until (fixture, open_suggestion_shown));
  gch_test_app_screenshot ("supervisor-alert");

  /* One click switches the site: the server, the agent's station and the
   * board follow.
   */
  button = find_button (row, "app.set-mode");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gch_test_app_wait_until (fixture, everyone_in_affluence));
  token = gch_test_server_login (server, BOARD_AGENT, PASSWORD);
  site = gch_test_server_request (server, "GET", "/api/v1/site", token, NULL);
  g_assert_cmpuint (site->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (site->json), "site"),
                     "mode"), ==, "affluence");
  g_assert_true (gch_test_app_wait_until (fixture, board_says_affluence));
  /* Done: that suggestion goes, once the page has the site's new mode. */
  gone_title = mode_title;
  g_assert_true (gch_test_app_wait_until (fixture, row_gone));

  /* One click on the suggestion opens guichet 3 everywhere, and the
   * board's Titres wait becomes what the policy now estimates.
   */
  g_assert_true (open_suggestion_shown (fixture));
  button = find_button (find_row (fixture, open_title), "app.open-guichet-number");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gch_test_app_wait_until (fixture, everyone_sees_open));
  g_assert_true (gch_test_app_wait_until (fixture, board_shows_expected_wait));
  wait_after = board_titres_wait ();
  g_test_message ("the board's Titres wait: %s before, %s after", wait_before, wait_after);
  g_assert_cmpstr (wait_before, !=, wait_after);
  gch_test_app_screenshot ("supervisor-affluence");

  gtk_window_destroy (GTK_WINDOW (board));
  remote_stop (&agent_station);
  remote_stop (&board_station);
}

static void
test_affluence (void)
{
  g_autofree char *args = NULL;

  date = gch_demo_today ();
  server = gch_test_server_new ();
  gch_test_server_load_demo (server, date);
  gch_test_server_add_agent (server, SUPERVISOR, "François Roux", "supervisor", PASSWORD);
  gch_test_server_add_agent (server, AGENT, "Sophie Nguyen", "agent", PASSWORD);
  gch_test_server_add_agent (server, BOARD_AGENT, "Karim Benali", "agent", PASSWORD);
  gch_test_server_start (server, NULL);
  gch_test_app_clear_data ();

  gch_test_app_feed_password (PASSWORD);

  args = g_strdup_printf ("--demo --server %s --agent %s --password-stdin",
                          gch_test_server_get_url (server), SUPERVISOR);
  gch_test_app_run (args, check_affluence);

  g_clear_pointer (&server, gch_test_server_free);
  g_clear_pointer (&date, g_free);
  g_clear_pointer (&titres_alert, g_free);
  g_clear_pointer (&mode_title, g_free);
  g_clear_pointer (&open_title, g_free);
  g_clear_pointer (&expected_board_wait, g_free);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/affluence/supervisor-and-hall", test_affluence);

  return g_test_run ();
}
