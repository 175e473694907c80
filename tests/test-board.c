/* test-board.c: the waiting room's board, on the demo day and beside a real server
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

#include "gch-board-window.h"
#include "gch-format.h"
#include "gch-test-app.h"
#include "gch-test-day.h"
#include "gch-test-server.h"

/* The real application as `guichet --demo --board`: the board reads the
 * station's day as the people in the waiting room would, from its labels.
 * Calls are made at the board's own station (the core GchStation, since a
 * board has no agent commands), or at a second station that pushes them
 * to the real guichet-server on 127.0.0.1.
 */

#define AGENT "c.martin"
#define PASSWORD "agent-password-1"

static GchBoardWindow *
board (GchTestApp *fixture)
{
  g_assert_true (GCH_IS_BOARD_WINDOW (fixture->toplevel));
  return GCH_BOARD_WINDOW (fixture->toplevel);
}

static gboolean
board_filled (GchTestApp *fixture)
{
  return gch_test_app_get_station (fixture) != NULL && gch_test_app_get_day (fixture) != NULL &&
         gtk_widget_get_first_child (gch_board_window_get_calls (board (fixture))) != NULL;
}

static const char *
label_text (GtkWidget *widget)
{
  g_assert_true (GTK_IS_LABEL (widget));
  return gtk_label_get_text (GTK_LABEL (widget));
}

/* The rows of a box of the board, each as "FIRST LABEL → LAST LABEL" */
static GPtrArray *
rows_of (GtkWidget *box)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (box); row; row = gtk_widget_get_next_sibling (row))
    g_ptr_array_add (rows, g_strdup_printf ("%s → %s",
                                            label_text (gtk_widget_get_first_child (row)),
                                            label_text (gtk_widget_get_last_child (row))));
  return rows;
}

static GPtrArray *
row_widgets (GchTestApp *fixture)
{
  GPtrArray *widgets = g_ptr_array_new ();
  GtkWidget *box = gch_board_window_get_calls (board (fixture));

  for (GtkWidget *row = gtk_widget_get_first_child (box); row; row = gtk_widget_get_next_sibling (row))
    g_ptr_array_add (widgets, row);
  return widgets;
}

static const char *
first_ticket (GchTestApp *fixture)
{
  GtkWidget *row = gtk_widget_get_first_child (gch_board_window_get_calls (board (fixture)));

  return row != NULL ? label_text (gtk_widget_get_first_child (row)) : NULL;
}

static GchQueueEntry *
entry_by_id (GchDay     *day,
             const char *id)
{
  for (guint i = 0; i < day->entries->len; i++)
    if (g_str_equal (gch_queue_entry_get_id (g_ptr_array_index (day->entries, i)), id))
      return g_ptr_array_index (day->entries, i);
  return NULL;
}

typedef struct
{
  GchEvent *event;
  guint     index;
} Call;

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const Call *x = a, *y = b;

  if (gch_event_get_at (x->event) != gch_event_get_at (y->event))
    return gch_event_get_at (x->event) > gch_event_get_at (y->event) ? -1 : 1;
  return x->index > y->index ? -1 : 1;
}

/* What the board should list, from the day's events: the calls and
 * recalls, newest first, each ticket once, at most GCH_BOARD_CALLS.
 */
static GPtrArray *
expected_calls (GchDay *day)
{
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (Call));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);
      Call call = { event, i };

      if (g_str_equal (gch_event_get_record_kind (event), "entry") &&
          g_strcmp0 (gch_event_get_to_state (event), "called") == 0)
        g_array_append_val (calls, call);
    }
  g_array_sort (calls, newest_first);

  for (guint i = 0; i < calls->len && rows->len < GCH_BOARD_CALLS; i++)
    {
      GchEvent *event = g_array_index (calls, Call, i).event;
      GchQueueEntry *entry = entry_by_id (day, gch_event_get_record_id (event));
      GchGuichet *guichet = gch_day_find_guichet (day, gch_event_get_guichet (event));

      if (!g_hash_table_add (seen, (gpointer)gch_event_get_record_id (event)))
        continue;
      g_assert_nonnull (entry);
      g_assert_nonnull (guichet);
      g_ptr_array_add (rows, g_strdup_printf ("%s → %s", gch_queue_entry_get_ticket (entry),
                                              gch_guichet_get_label (guichet)));
    }

  return rows;
}

static void
assert_rows_equal (GPtrArray *shown,
                   GPtrArray *expected)
{
  for (guint i = 0; i < MAX (shown->len, expected->len); i++)
    g_assert_cmpstr (i < shown->len ? g_ptr_array_index (shown, i) : NULL, ==,
                     i < expected->len ? g_ptr_array_index (expected, i) : NULL);
}

/* Only the first row is highlighted. */
static void
assert_newest_highlighted (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) widgets = row_widgets (fixture);

  g_assert_cmpuint (widgets->len, >, 0);
  for (guint i = 0; i < widgets->len; i++)
    g_assert_cmpint (gtk_widget_has_css_class (g_ptr_array_index (widgets, i), "newest"), ==, i == 0);
}

static void
assert_calls_shown (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) shown = rows_of (gch_board_window_get_calls (board (fixture)));
  g_autoptr(GPtrArray) expected = expected_calls (gch_test_app_get_day (fixture));

  assert_rows_equal (shown, expected);
  assert_newest_highlighted (fixture);
}

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_WINDOW (widget) && gtk_window_get_title (GTK_WINDOW (widget)) != NULL)
    g_string_append_printf (text, "%s\n", gtk_window_get_title (GTK_WINDOW (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static void
assert_absent (const char *text,
               const char *what)
{
  if (what != NULL && *what != '\0' && strstr (text, what) != NULL)
    g_error ("The board shows “%s”", what);
}

/* Every label of the window, shown or not: no holder's name, reference,
 * dossier or pré-demande number, phone or e-mail, and no agent's name.
 */
static void
assert_no_personal_data (GchTestApp *fixture)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GchDay *day = gch_test_app_get_day (fixture);

  collect_labels (GTK_WIDGET (fixture->toplevel), text);
  g_assert_nonnull (strstr (text->str, first_ticket (fixture)));
  g_assert_cmpuint (day->appointments->len, >, 100);

  for (guint i = 0; i < day->appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (day->appointments, i);

      assert_absent (text->str, gch_appointment_get_holder_name (appointment));
      assert_absent (text->str, gch_appointment_get_reference (appointment));
      assert_absent (text->str, gch_appointment_get_dossier_number (appointment));
      assert_absent (text->str, gch_appointment_get_predemande_number (appointment));
      assert_absent (text->str, gch_appointment_get_phone (appointment));
      assert_absent (text->str, gch_appointment_get_email (appointment));
    }
  for (guint i = 0; i < day->agents->len; i++)
    assert_absent (text->str, gch_agent_get_name (g_ptr_array_index (day->agents, i)));
}

/* The wait of each service that takes walk-ins is the policy's, for now.
 * The clock runs: the board may have read it a second before.
 */
static void
assert_waits_shown (GchTestApp *fixture)
{
  GchStation *station = gch_test_app_get_station (fixture);
  GchDay *day = gch_test_app_get_day (fixture);
  GchClock *clock = gch_station_get_clock (station);
  g_autoptr(GPtrArray) shown = NULL;
  gint64 before, after;
  guint n = 0;

  before = gch_clock_now (clock);
  gch_board_window_refresh (board (fixture));
  after = gch_clock_now (clock);
  shown = rows_of (gch_board_window_get_waits (board (fixture)));

  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);
      g_autofree char *early = NULL;
      g_autofree char *late = NULL;
      g_autofree char *text_early = NULL;
      g_autofree char *text_late = NULL;

      if (!gch_service_get_accepts_walk_ins (service))
        continue;

      g_assert_cmpuint (n, <, shown->len);
      text_early = gch_format_wait (gch_policy_estimate_walk_in (day, gch_station_get_settings (station),
                                                                 service, GCH_PRIORITY_NONE, before));
      text_late = gch_format_wait (gch_policy_estimate_walk_in (day, gch_station_get_settings (station),
                                                                service, GCH_PRIORITY_NONE, after));
      early = g_strdup_printf ("%s → %s", gch_service_get_name (service), text_early);
      late = g_strdup_printf ("%s → %s", gch_service_get_name (service), text_late);
      if (!g_str_equal (g_ptr_array_index (shown, n), late))
        g_assert_cmpstr (g_ptr_array_index (shown, n), ==, early);
      n++;
    }

  g_assert_cmpuint (n, ==, shown->len);
  g_assert_cmpuint (n, >, 2);
}

static void
check_demo (GchTestApp *fixture)
{
  GchDay *day;
  GtkWidget *message;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *now = NULL;
  g_autofree char *quiet_hours = NULL;
  g_autofree char *quiet_line = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) f5 = NULL;
  g_auto(GStrv) quit = NULL;

  g_assert_true (gch_test_app_wait_until (fixture, board_filled));
  g_assert_null (fixture->window);
  day = gch_test_app_get_day (fixture);

  assert_calls_shown (fixture);
  g_assert_cmpuint (gtk_widget_get_first_child (gch_board_window_get_calls (board (fixture))) != NULL, ==, TRUE);
  assert_no_personal_data (fixture);
  assert_waits_shown (fixture);

  /* The demo opens at 10:30, on the station's clock. */
  tz = gch_site_dup_time_zone (day->site);
  now = gch_format_time (tz, gch_clock_now (gch_station_get_clock (gch_test_app_get_station (fixture))));
  g_assert_cmpstr (label_text (gch_board_window_get_clock (board (fixture))), ==, now);
  g_assert_true (g_str_has_prefix (now, "10:3"));

  /* No message in normal mode; the affluence message once the site is in it. */
  message = gch_board_window_get_message (board (fixture));
  g_assert_false (gtk_widget_get_visible (message));
  gch_site_set_mode (day->site, GCH_SITE_MODE_AFFLUENCE);
  g_assert_true (gtk_widget_get_visible (message));
  /* The demo has past days: the message, then the quieter hours to come back at. */
  quiet_hours = gch_day_dup_quiet_hours (day, gch_clock_now (gch_station_get_clock (gch_test_app_get_station (fixture))), 2);
  g_assert_nonnull (quiet_hours);
  quiet_line = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Quieter hours: %s"), quiet_hours);
  expected = g_strconcat (g_dgettext (GETTEXT_PACKAGE, "Heavy affluence: consider booking an appointment online."),
                          "\n", quiet_line, NULL);
  g_assert_cmpstr (label_text (message), ==, expected);
  g_assert_true (g_str_has_prefix (label_text (message), "Forte affluence"));
  g_assert_nonnull (strstr (label_text (message), "Heures plus calmes"));
  gch_site_set_mode (day->site, GCH_SITE_MODE_CRISE);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_true (g_str_has_suffix (label_text (message), quiet_line));
  g_assert_true (gtk_widget_has_css_class (message, "crise"));
  gch_site_set_mode (day->site, GCH_SITE_MODE_NORMAL);
  g_assert_false (gtk_widget_get_visible (message));

  /* A board never acts: no agent command, no F-key; quitting still works. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->app), "call-next"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->app), "issue-ticket"));
  f5 = gtk_application_get_actions_for_accel (GTK_APPLICATION (fixture->app), "F5");
  g_assert_cmpuint (g_strv_length (f5), ==, 0);
  quit = gtk_application_get_actions_for_accel (GTK_APPLICATION (fixture->app), "<Control>q");
  g_assert_cmpstrv (quit, ((const char *[]) { "app.quit", NULL }));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->app), "quit"));

  /* Escape leaves fullscreen, F11 goes back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->toplevel), "board.leave-fullscreen", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->toplevel), "board.toggle-fullscreen", NULL));
}

static void
test_demo (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --board", check_demo);
}

/* Calls at the station: the new one first and highlighted, the others
 * the same widgets one row lower; a recall brings its row back on top.
 */

static GchChange *
run (GchStation *station,
     GchRequest  request)
{
  g_autoptr(GError) error = NULL;
  GchChange *change = gch_station_run (station, &request, &error);

  g_assert_no_error (error);
  return change;
}

/* Whoever is at @guichet is done; the next person is called. */
static char *
call_next_at (GchStation *station,
              guint       guichet)
{
  GchQueueEntry *current = gch_day_current_for_guichet (gch_station_get_day (station), guichet);
  g_autoptr(GchChange) call = NULL;

  if (current != NULL && gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED)
    g_object_unref (run (station, (GchRequest) { .action = GCH_ACTION_START_SERVICE, .guichet = guichet }));
  if (gch_day_current_for_guichet (gch_station_get_day (station), guichet) != NULL)
    g_object_unref (run (station, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = guichet,
                                                 .outcome = "served" }));
  call = run (station, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = guichet });
  return g_strdup (gch_queue_entry_get_ticket (gch_change_get_entry (call)));
}

static GtkWidget *
row_of_ticket (GchTestApp *fixture,
               const char *ticket)
{
  g_autoptr(GPtrArray) widgets = row_widgets (fixture);

  for (guint i = 0; i < widgets->len; i++)
    if (g_str_equal (label_text (gtk_widget_get_first_child (g_ptr_array_index (widgets, i))), ticket))
      return g_ptr_array_index (widgets, i);
  return NULL;
}

static void
check_calls_in_place (GchTestApp *fixture)
{
  GchStation *station;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GchChange) recall = NULL;
  GtkWidget *first_row;

  g_assert_true (gch_test_app_wait_until (fixture, board_filled));
  station = gch_test_app_get_station (fixture);
  before = row_widgets (fixture);
  g_assert_cmpuint (before->len, ==, GCH_BOARD_CALLS);
  /* The calls made before the board opened are not announced. */
  g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (before, 0), "announce"));

  first = call_next_at (station, 1);
  g_assert_false (g_ptr_array_find (before, row_of_ticket (fixture, first), NULL));
  g_assert_cmpstr (first_ticket (fixture), ==, first);
  assert_calls_shown (fixture);

  /* The rows that stayed are the same widgets, one row lower. */
  after = row_widgets (fixture);
  for (guint i = 0; i + 1 < after->len; i++)
    g_assert_true (g_ptr_array_index (after, i + 1) == g_ptr_array_index (before, i));
  first_row = g_ptr_array_index (after, 0);
  /* A new call blinks, and only it. */
  g_assert_true (gtk_widget_has_css_class (first_row, "announce"));
  g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (after, 1), "announce"));

  second = call_next_at (station, 2);
  g_assert_cmpstr (first_ticket (fixture), ==, second);
  assert_calls_shown (fixture);
  g_assert_true (row_of_ticket (fixture, first) == first_row);

  /* Recalled: the same row, back on top and highlighted. */
  recall = run (station, (GchRequest) { .action = GCH_ACTION_RECALL, .guichet = 1 });
  g_assert_cmpstr (gch_queue_entry_get_ticket (gch_change_get_entry (recall)), ==, first);
  g_assert_cmpstr (first_ticket (fixture), ==, first);
  g_assert_true (gtk_widget_get_first_child (gch_board_window_get_calls (board (fixture))) == first_row);
  g_assert_true (gtk_widget_has_css_class (first_row, "announce"));
  assert_calls_shown (fixture);
  assert_no_personal_data (fixture);
}

static void
test_calls_in_place (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --board", check_calls_in_place);
}

/* Online: the board is a station logged in to the server (the password on
 * its standard input, as tools/demo gives it); another station calls, and
 * the board shows it. How long that took is measured, not asserted.
 */

static GchTestServer *server;
static char *date;
static const char *waited_ticket;

static gboolean
board_online (GchTestApp *fixture)
{
  GchSyncController *sync = gch_application_get_sync (fixture->app);

  return board_filled (fixture) && sync != NULL && gch_sync_controller_get_online (sync);
}

static gboolean
ticket_on_top (GchTestApp *fixture)
{
  return g_strcmp0 (first_ticket (fixture), waited_ticket) == 0;
}

static gboolean
offline_sign_shown (GchTestApp *fixture)
{
  g_autofree char *shown = gch_test_app_screen_text (fixture);

  return strstr (shown, g_dgettext (GETTEXT_PACKAGE,
                                    "This screen has lost its connection: calls at other "
                                    "guichets may show late. Listen for your number.")) != NULL;
}

static gboolean
offline_sign_gone (GchTestApp *fixture)
{
  return !offline_sign_shown (fixture);
}

static void
check_online (GchTestApp *fixture)
{
  g_autofree char *token = gch_test_server_login (server, AGENT, PASSWORD);
  g_autoptr(GchStation) b = NULL;
  g_autoptr(GchSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ticket = NULL;
  GchSyncReport report;
  gint64 start;

  g_assert_true (gch_test_app_wait_until (fixture, board_online));
  b = gch_test_new_demo_station (gch_test_server_get_dir (server), "b.sqlite", date);
  sync = gch_sync_new (gch_station_get_store (b), gch_test_server_get_url (server), token);

  for (guint round = 0; round < 3; round++)
    {
      /* Another agent at guichet 3, up to date, calls the next person and
       * pushes the call.
       */
      g_assert_true (gch_sync_run (sync, &report, NULL, &error));
      g_assert_no_error (error);
      gch_station_set_day (b, gch_store_load_day (gch_station_get_store (b), date, NULL));

      g_free (ticket);
      ticket = call_next_at (b, 3);
      waited_ticket = ticket;
      start = g_get_monotonic_time ();
      g_assert_true (gch_sync_run (sync, &report, NULL, &error));
      g_assert_no_error (error);

      g_assert_true (gch_test_app_wait_until (fixture, ticket_on_top));
      g_test_message ("Round %u: the call of %s at another station showed on the board %.3f s "
                      "after its push began", round, ticket,
                      (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
      assert_calls_shown (fixture);
      g_assert_cmpstr (label_text (gtk_widget_get_last_child (gtk_widget_get_first_child (gch_board_window_get_calls (board (fixture))))),
                       ==, "Guichet 3");
    }

  assert_no_personal_data (fixture);

  /* The server gone, the board says calls elsewhere may show late; back,
   * it says nothing more.
   */
  {
    g_autoptr(GUri) uri = g_uri_parse (gch_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
    g_autofree char *listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));

    g_assert_false (offline_sign_shown (fixture));
    gch_test_server_stop (server);
    g_assert_true (gch_test_app_wait_until (fixture, offline_sign_shown));
    gch_test_server_start (server, "--listen", listen, NULL);
    g_assert_true (gch_test_app_wait_until (fixture, offline_sign_gone));
  }

  /* The picture of the user guide: the board as the site fills up. */
  gch_site_set_mode (gch_test_app_get_day (fixture)->site, GCH_SITE_MODE_AFFLUENCE);
  gch_test_app_screenshot ("board");
}

static void
test_online (void)
{
  g_autofree char *args = NULL;

  date = gch_demo_today ();
  server = gch_test_server_new ();
  gch_test_server_load_demo (server, date);
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (server, NULL);
  gch_test_app_clear_data ();

  /* --password-stdin reads the password from the standard input. */
  gch_test_app_feed_password (PASSWORD);

  args = g_strdup_printf ("--demo --board --server %s --agent %s --password-stdin",
                          gch_test_server_get_url (server), AGENT);
  gch_test_app_run (args, check_online);

  g_clear_pointer (&server, gch_test_server_free);
  g_clear_pointer (&date, g_free);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/board/demo", test_demo);
  g_test_add_func ("/board/calls-in-place", test_calls_in_place);
  g_test_add_func ("/board/online", test_online);

  return g_test_run ();
}
