/* test-feedback-watch.c: the register's records nearly due and overdue, notified once each
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
#include <string.h>

#include "gch-application-private.h"
#include "gch-feedback-watch.h"
#include "gch-test-app.h"
#include "gch-test-notifications.h"

/* The demo day in French, as François Roux (the demo's supervisor) or
 * Marie Lemaire (its reception agent), with the station's clock frozen and
 * moved by the test. Complaints are logged as the desk logs them (an
 * action of the station); the notifications are read where a desktop reads
 * them: a D-Bus monitor on the session bus sees each Notify call that
 * reaches the real notification daemon of tools/test-session.
 */

#define SUPERVISOR "--demo --agent f.roux"
#define NOT_SUPERVISOR "--demo --agent m.lemaire"

/* In each description, so that a record's own bubble is told from others. */
#define MARK "(test-feedback-watch)"

/* The daemon of the test session keeps every bubble until it is closed,
 * and shows 20 at most for the whole suite: a test gives back the ones it
 * made.
 */
static void
withdraw (GchTestApp *fixture,
          GchFeedback *feedback)
{
  g_autofree char *id = NULL;

  if (feedback != NULL)
    {
      id = g_strconcat ("feedback:", gch_feedback_get_id (feedback), NULL);
      gch_notifier_withdraw (fixture->app->notifier, id);
      return;
    }
  gch_notifier_withdraw (fixture->app->notifier, "feedback:nearly-due");
  gch_notifier_withdraw (fixture->app->notifier, "feedback:overdue");
  gch_notifier_withdraw (fixture->app->notifier, "sentinel");
}

static gboolean
notification_server_runs (GchTestApp *fixture)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean runs = FALSE;

  reply = g_dbus_connection_call_sync (g_application_get_dbus_connection (G_APPLICATION (fixture->app)),
                                       "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                       G_VARIANT_TYPE ("(b)"), 0, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &runs);

  return runs;
}

/* The station */

static GchChange *submitted;
static GError *submit_error;
static gboolean submit_done;

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  submitted = gch_station_submit_finish (GCH_STATION (object), result, &submit_error);
  submit_done = TRUE;
}

static gboolean
is_submitted (GchTestApp *fixture)
{
  return submit_done;
}

/* A complaint by e-mail (5 working days), received now by the station's
 * clock, logged as the desk logs one.
 */
static GchFeedback *
log_complaint (GchTestApp *fixture,
               const char *what)
{
  GchStation *station = gch_test_app_get_station (fixture);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *description = g_strdup_printf ("%s %s", what, MARK);
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GError) error = NULL;
  GchRequest request = { .action = GCH_ACTION_LOG_FEEDBACK };
  GchFeedback *saved;

  feedback = gch_feedback_new (id, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_EMAIL,
                               GCH_FEEDBACK_CATEGORY_WAITING_TIME,
                               gch_clock_now (gch_station_get_clock (station)), description, &error);
  g_assert_no_error (error);
  request.feedback = feedback;

  submit_done = FALSE;
  g_clear_error (&submit_error);
  gch_station_submit (station, &request, NULL, submit_cb, NULL);
  g_assert_true (gch_test_app_wait_until (fixture, is_submitted));
  g_assert_no_error (submit_error);
  g_assert_nonnull (submitted);
  saved = g_object_ref (gch_change_get_feedback (submitted));
  g_clear_object (&submitted);
  g_assert_true (g_date_valid (gch_feedback_get_due_date (saved)));
  return saved;
}

static gboolean
app_watch_idle (GchTestApp *fixture)
{
  return !gch_feedback_watch_get_busy (fixture->app->feedback_watch);
}

static GTimeZone *
site_zone (GchTestApp *fixture)
{
  return gch_site_dup_time_zone (gch_test_app_get_day (fixture)->site);
}

/* The station's clock at 10:00 on @date, in the site's calendar. */
static void
set_clock (GchTestApp  *fixture,
           const GDate *date)
{
  g_autoptr(GTimeZone) zone = site_zone (fixture);
  g_autoptr(GDateTime) time = g_date_time_new (zone, g_date_get_year (date),
                                               g_date_get_month (date), g_date_get_day (date),
                                               10, 0, 0);

  /* The checks the app made of the records logged read the clock when
   * they end: they end first, at the time they were made for.
   */
  g_assert_true (gch_test_app_wait_until (fixture, app_watch_idle));
  gch_clock_set_frozen (gch_station_get_clock (gch_test_app_get_station (fixture)),
                        g_date_time_to_unix (time));
}

static GchFeedbackWatch *checking;
static guint checks_before;

static gboolean
checked (GchTestApp *fixture)
{
  return gch_feedback_watch_get_n_checks (checking) > checks_before &&
         !gch_feedback_watch_get_busy (checking);
}

/* What the periodic check does: reads the register, tells what is new. */
static void
check_now (GchTestApp       *fixture,
           GchFeedbackWatch *watch)
{
  checking = watch;
  checks_before = gch_feedback_watch_get_n_checks (watch);
  gch_feedback_watch_refresh (watch, gch_test_app_get_station (fixture));
  g_assert_true (gch_test_app_wait_until (fixture, checked));
  gch_test_notifications_flush (fixture);
}

static gboolean
reads_register (GchTestApp *fixture)
{
  return gch_test_app_day_loaded (fixture) && gch_application_reads_personal_data (fixture->app);
}

static const char *
visible_view (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK, stacks);
  g_assert_cmpuint (stacks->len, >, 0);
  return adw_view_stack_get_visible_child_name (g_ptr_array_index (stacks, 0));
}

static gboolean
has_register_view (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK, stacks);
  return adw_view_stack_get_child_by_name (g_ptr_array_index (stacks, 0), "register") != NULL;
}

/* A supervisor is told of a complaint when it is nearly due, once, and
 * when it is overdue, once, restart or not; several at once make one
 * notification.
 */
static void
check_supervisor_told (GchTestApp *fixture)
{
  g_autoptr(GDBusConnection) monitor = gch_test_notifications_watch ();
  g_autoptr(GchFeedback) first = NULL;
  g_autoptr(GchFeedbackWatch) restarted = NULL;
  g_autoptr(GchFeedback) late0 = NULL;
  g_autoptr(GchFeedback) late1 = NULL;
  g_autoptr(GchFeedback) late2 = NULL;
  g_autofree char *grouped = NULL;
  g_autofree char *due_day = NULL;
  GchFeedbackWatch *watch;
  GchTestNotification last = { 0 };
  GDate date;

  g_assert_true (gch_test_app_wait_until (fixture, reads_register));
  g_assert_true (notification_server_runs (fixture));
  watch = fixture->app->feedback_watch;
  g_assert_nonnull (watch);

  /* Received today, due in five working days: nothing to tell. */
  gch_clock_set_frozen (gch_station_get_clock (gch_test_app_get_station (fixture)),
                        gch_clock_now (gch_station_get_clock (gch_test_app_get_station (fixture))));
  first = log_complaint (fixture, "Two hours in the queue for a residence permit.");
  check_now (fixture, watch);
  g_assert_cmpuint (gch_test_notifications_count (NULL, "Two hours in the queue", NULL), ==, 0);

  /* Its due day: told once, what it is and when it is due. */
  set_clock (fixture, gch_feedback_get_due_date (first));
  check_now (fixture, watch);
  g_assert_cmpuint (gch_test_notifications_count (NULL, "Two hours in the queue", &last), ==, 1);
  g_test_message ("Notified: %s — %s", last.summary, last.body);
  g_assert_true (g_str_has_prefix (last.summary,
                                   g_dgettext (GETTEXT_PACKAGE, "Complaint")));
  due_day = g_strdup_printf (" %u ", g_date_get_day (gch_feedback_get_due_date (first)));
  g_assert_nonnull (strstr (last.summary, due_day));
  g_assert_true (last.has_default);

  /* The same check again: nothing new. */
  check_now (fixture, watch);
  g_assert_cmpuint (gch_test_notifications_count (NULL, "Two hours in the queue", NULL), ==, 1);

  /* The day after: overdue, told once, in other words. */
  date = *gch_feedback_get_due_date (first);
  g_date_add_days (&date, 1);
  set_clock (fixture, &date);
  {
    g_autofree char *nearly = g_strdup (last.summary);

    check_now (fixture, watch);
    g_assert_cmpuint (gch_test_notifications_count (NULL, "Two hours in the queue", &last), ==, 2);
    g_test_message ("Notified: %s — %s", last.summary, last.body);
    g_assert_cmpstr (last.summary, !=, nearly);
  }
  check_now (fixture, watch);
  g_assert_cmpuint (gch_test_notifications_count (NULL, "Two hours in the queue", NULL), ==, 2);

  /* A restart (a watch that starts from the settings) tells nothing again. */
  restarted = gch_feedback_watch_new (fixture->app->notifier, fixture->app->settings);
  check_now (fixture, restarted);
  g_assert_cmpuint (gch_test_notifications_count (NULL, "Two hours in the queue", NULL), ==, 2);

  /* Three complaints overdue at once: one notification says so. */
  late0 = log_complaint (fixture, "Nobody answered the phone.");
  late1 = log_complaint (fixture, "The form on the site was lost.");
  late2 = log_complaint (fixture, "The letter came back unopened.");
  date = *gch_feedback_get_due_date (late2);
  g_date_add_days (&date, 1);
  set_clock (fixture, &date);
  check_now (fixture, restarted);
  grouped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record is overdue",
                                          "%u records are overdue", 3), 3);
  g_assert_cmpuint (gch_test_notifications_count (grouped, NULL, &last), ==, 1);
  g_test_message ("Notified: %s — %s", last.summary, last.body);
  g_assert_true (last.has_default);
  g_assert_cmpuint (gch_test_notifications_count (NULL, MARK, NULL), ==, 2);   /* none of them on its own */
  g_assert_cmpuint (gch_test_notifications_count (NULL, "Two hours in the queue", NULL), ==, 2);

  /* Nor again by the app's own watch. */
  check_now (fixture, watch);
  g_assert_cmpuint (gch_test_notifications_count (grouped, NULL, NULL), ==, 1);

  /* The click opens the register (its view comes with the register's page). */
  if (has_register_view (fixture))
    {
      g_autofree char *id = g_strconcat ("feedback:", gch_feedback_get_id (first), NULL);

      g_assert_cmpstr (visible_view (fixture), !=, "register");
      g_assert_true (gch_notifier_activate (fixture->app->notifier, id));
      gch_test_app_iterate ();
      g_assert_cmpstr (visible_view (fixture), ==, "register");
    }
  else
    g_test_message ("No register view in this build: the click is not checked.");

  withdraw (fixture, first);
  withdraw (fixture, NULL);
  gch_test_notification_clear (&last);
}

/* Acknowledges and answers @feedback, as the register does. */
static void
answer (GchTestApp  *fixture,
        GchFeedback *feedback)
{
  GchStation *station = gch_test_app_get_station (fixture);
  g_autoptr(GchFeedback) acknowledged = NULL;
  GchRequest request = { .action = GCH_ACTION_ACKNOWLEDGE_FEEDBACK, .feedback = feedback };

  submit_done = FALSE;
  gch_station_submit (station, &request, NULL, submit_cb, NULL);
  g_assert_true (gch_test_app_wait_until (fixture, is_submitted));
  g_assert_no_error (submit_error);
  acknowledged = g_object_ref (gch_change_get_feedback (submitted));
  g_clear_object (&submitted);

  request = (GchRequest) { .action = GCH_ACTION_ANSWER_FEEDBACK, .feedback = acknowledged,
                           .answer = "The heating is mended." };
  submit_done = FALSE;
  gch_station_submit (station, &request, NULL, submit_cb, NULL);
  g_assert_true (gch_test_app_wait_until (fixture, is_submitted));
  g_assert_no_error (submit_error);
  g_clear_object (&submitted);
}

/* A complaint answered is never told, even past its due date; one told
 * as nearly due, then answered, has its bubble taken back and is not told
 * as overdue.
 */
static void
check_answered_not_told (GchTestApp *fixture)
{
  g_autoptr(GDBusConnection) monitor = gch_test_notifications_watch ();
  g_autoptr(GchFeedback) early = NULL;
  g_autoptr(GchFeedback) told = NULL;
  GchStation *station;
  guint closed;
  GDate date;

  g_assert_true (gch_test_app_wait_until (fixture, reads_register));
  g_assert_true (notification_server_runs (fixture));
  station = gch_test_app_get_station (fixture);
  gch_clock_set_frozen (gch_station_get_clock (station),
                        gch_clock_now (gch_station_get_clock (station)));
  early = log_complaint (fixture, "The waiting room was cold.");
  told = log_complaint (fixture, "The lift was out of order.");
  answer (fixture, early);

  date = *gch_feedback_get_due_date (told);
  set_clock (fixture, &date);
  check_now (fixture, fixture->app->feedback_watch);
  g_assert_cmpuint (gch_test_notifications_count (NULL, "The lift was out of order", NULL), ==, 1);

  closed = gch_test_notifications_n_closed ();
  answer (fixture, told);
  check_now (fixture, fixture->app->feedback_watch);
  g_assert_cmpuint (gch_test_notifications_n_closed (), ==, closed + 1);

  g_date_add_days (&date, 1);
  set_clock (fixture, &date);
  check_now (fixture, fixture->app->feedback_watch);
  g_assert_cmpuint (gch_test_notifications_count (NULL, "The waiting room was cold", NULL), ==, 0);
  g_assert_cmpuint (gch_test_notifications_count (NULL, "The lift was out of order", NULL), ==, 1);
  withdraw (fixture, NULL);
}

/* The reception agent's station: no notification, however late. */
static void
check_agent_not_told (GchTestApp *fixture)
{
  g_autoptr(GDBusConnection) monitor = gch_test_notifications_watch ();
  g_autoptr(GchFeedback) logged = NULL;
  GchStation *station;
  GDate date;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  g_assert_true (notification_server_runs (fixture));
  g_assert_false (gch_application_reads_personal_data (fixture->app));
  station = gch_test_app_get_station (fixture);
  gch_clock_set_frozen (gch_station_get_clock (station),
                        gch_clock_now (gch_station_get_clock (station)));
  logged = log_complaint (fixture, "The ticket machine was broken.");

  /* Overdue; another record logged would check, for a supervisor. */
  date = *gch_feedback_get_due_date (logged);
  g_date_add_days (&date, 1);
  set_clock (fixture, &date);
  g_clear_object (&logged);
  logged = log_complaint (fixture, "The screen called the wrong number.");
  gch_test_app_iterate ();
  gch_test_notifications_flush (fixture);
  g_assert_cmpuint (gch_feedback_watch_get_n_checks (fixture->app->feedback_watch), ==, 0);
  g_assert_cmpuint (gch_test_notifications_count (NULL, MARK, NULL), ==, 0);
  withdraw (fixture, NULL);
}

/* The demo's other notifications (its services past their thresholds, its
 * long waits) are turned off: the session's notification daemon, which
 * every test of the suite shares, shows 20 at most, and another test's
 * monitor counts them.
 */
static void
run_quietly (const char  *args,
             void       (*check) (GchTestApp *fixture))
{
  g_autoptr(GSettings) settings = g_settings_new ("fr.guichet.Guichet");

  g_settings_set_boolean (settings, "threshold-alerts", FALSE);
  g_settings_set_int (settings, "wait-alert-minutes", 600);
  gch_test_app_clear_data ();
  gch_test_app_run (args, check);
  g_settings_reset (settings, "threshold-alerts");
  g_settings_reset (settings, "wait-alert-minutes");
}

static void
test_supervisor_told (void)
{
  run_quietly (SUPERVISOR, check_supervisor_told);
}

static void
test_answered_not_told (void)
{
  run_quietly (SUPERVISOR, check_answered_not_told);
}

static void
test_agent_not_told (void)
{
  run_quietly (NOT_SUPERVISOR, check_agent_not_told);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/feedback-watch/supervisor-told-once", test_supervisor_told);
  g_test_add_func ("/feedback-watch/answered-not-told", test_answered_not_told);
  g_test_add_func ("/feedback-watch/agent-not-told", test_agent_not_told);

  return g_test_run ();
}
