/* test-modes.c: the affluence modes and the threshold alerts, in the running app
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

#include "gch-application-private.h"
#include "gch-test-app.h"
#include "gch-test-notifications.h"

/* The demo day in French, as François Roux (the demo's supervisor) or
 * Marie Lemaire (its reception agent). The notifications are read where a
 * desktop reads them: a D-Bus monitor on the session bus sees each Notify
 * call that reaches the real notification daemon of tools/test-session.
 */

#define SUPERVISOR "--demo --agent f.roux"
#define NOT_SUPERVISOR "--demo --agent m.lemaire"

static char *tickets_folder;

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

/* The hall */

static const char *issuing;
static guint issued_before;

/* Issued and printed: the print is an action of its own, which comes after. */
static gboolean
ticket_issued (GchTestApp *fixture)
{
  GchDay *day = gch_test_app_get_day (fixture);
  GchService *service = gch_day_find_service (day, issuing);

  if (gch_mode_count_walk_ins (day, service) <= issued_before)
    return FALSE;

  for (guint i = day->entries->len; i > 0; i--)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i - 1);

      if (gch_queue_entry_get_service (entry) == service)
        return gch_queue_entry_get_printed_at (entry) != 0;
    }

  return FALSE;
}

/* The reception gives a ticket, as the agent does (Ctrl+T's action). */
static void
issue_ticket (GchTestApp *fixture,
              const char *code)
{
  issuing = code;
  issued_before = gch_mode_count_walk_ins (gch_test_app_get_day (fixture), gch_day_find_service (gch_test_app_get_day (fixture), code));
  gch_test_app_activate (fixture, "issue-ticket", code);
  g_assert_true (gch_test_app_wait_until (fixture, ticket_issued));
  gch_test_app_iterate ();
}

static guint
waiting_for (GchDay     *day,
             GchService *service)
{
  guint n = 0;

  for (guint i = 0; i < day->entries->len; i++)
    if (gch_queue_entry_get_service (g_ptr_array_index (day->entries, i)) == service &&
        gch_queue_entry_get_state (g_ptr_array_index (day->entries, i)) == GCH_ENTRY_STATE_WAITING)
      n++;
  return n;
}

static guint
open_for (GchDay     *day,
          GchService *service)
{
  guint n = 0;

  for (guint i = 0; i < day->guichets->len; i++)
    if (gch_guichet_get_state (g_ptr_array_index (day->guichets, i)) == GCH_GUICHET_STATE_OPEN &&
        gch_guichet_handles (g_ptr_array_index (day->guichets, i), gch_service_get_code (service)))
      n++;
  return n;
}

/* A service that takes walk-ins, with no cap, and an open guichet. */
static GchService *
busy_service (GchDay *day)
{
  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);

      if (gch_service_get_accepts_walk_ins (service) && gch_service_get_walk_in_cap (service) == 0 &&
          open_for (day, service) > 0)
        return service;
    }

  g_assert_not_reached ();
}

/* No service past any threshold: only the one the test lowers will be. */
static void
raise_every_threshold (GchDay *day)
{
  for (guint i = 0; i < day->services->len; i++)
    gch_service_set_thresholds (g_ptr_array_index (day->services, i), GCH_SERVICE_MAX_THRESHOLD,
                                GCH_SERVICE_MAX_THRESHOLD);
}

static char *
alert_about (GchTestApp *fixture,
             GchService *service)
{
  const GchPolicySettings *settings = gch_station_get_settings (gch_test_app_get_station (fixture));
  g_autoptr(GPtrArray) alerts = gch_check_thresholds (gch_test_app_get_day (fixture), settings,
                                                      gch_clock_now (gch_station_get_clock (gch_test_app_get_station (fixture))));

  for (guint i = 0; i < alerts->len; i++)
    {
      GchAlert *alert = g_ptr_array_index (alerts, i);

      if (g_str_equal (alert->service, gch_service_get_code (service)))
        return gch_alert_describe (alert, gch_test_app_get_day (fixture));
    }

  return NULL;
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
is_supervisor (GchTestApp *fixture)
{
  return gch_test_app_day_loaded (fixture) && gch_application_is_supervisor (fixture->app);
}

/* A supervisor is told when a service crosses a threshold: once while it
 * lasts, again when it comes back; a click opens the supervision; the
 * setting turns it off.
 */
static void
check_supervisor_alerts (GchTestApp *fixture)
{
  g_autoptr(GDBusConnection) monitor = gch_test_notifications_watch ();
  g_autoptr(GSettings) settings = g_settings_new ("fr.guichet.Guichet");
  g_autofree char *expected = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *id = NULL;
  GchTestNotification last = { 0 };
  GchService *service;
  GchDay *day;

  g_assert_true (gch_test_app_wait_until (fixture, is_supervisor));
  g_assert_true (notification_server_runs (fixture));
  day = gch_test_app_get_day (fixture);
  service = busy_service (day);
  /* The sentence starts with the service, then a colon in the language's own way. */
  prefix = g_strdup (gch_service_get_name (service));
  id = g_strconcat ("threshold:", gch_service_get_code (service), "/waiting-per-guichet", NULL);

  /* Under every threshold: a new ticket tells nobody (and the alerts of
   * the demo's start, told at once, end).
   */
  raise_every_threshold (day);
  do
    issue_ticket (fixture, gch_service_get_code (service));
  while (waiting_for (day, service) <= open_for (day, service));
  gch_test_notifications_flush (fixture);
  g_assert_cmpuint (gch_test_notifications_count (prefix, NULL, NULL), ==, 0);

  /* One person per open guichet at most: the next ticket crosses it. */
  gch_service_set_thresholds (service, GCH_SERVICE_MAX_THRESHOLD, 1);
  issue_ticket (fixture, gch_service_get_code (service));
  gch_test_notifications_flush (fixture);
  g_assert_cmpuint (gch_test_notifications_count (prefix, NULL, &last), ==, 1);
  expected = alert_about (fixture, service);
  g_assert_nonnull (expected);
  g_assert_cmpstr (last.summary, ==, expected);
  g_assert_true (last.has_default);
  g_test_message ("Notified: %s — %s", last.summary, last.body);

  /* It lasts: not told again at the next ticket, nor at the next check. */
  issue_ticket (fixture, gch_service_get_code (service));
  gch_test_notifications_flush (fixture);
  g_assert_cmpuint (gch_test_notifications_count (prefix, NULL, NULL), ==, 1);

  /* Back at the limit, not yet well under it (three quarters): it has not
   * ended, so going past again tells nobody.
   */
  {
    guint after = waiting_for (day, service) + 1;
    guint per = (after + open_for (day, service) - 1) / open_for (day, service);

    g_assert_cmpuint (4 * after, >, 3 * per * open_for (day, service));
    gch_service_set_thresholds (service, GCH_SERVICE_MAX_THRESHOLD, per);
    issue_ticket (fixture, gch_service_get_code (service));
    g_assert_null (alert_about (fixture, service));
  }
  gch_service_set_thresholds (service, GCH_SERVICE_MAX_THRESHOLD, 1);
  issue_ticket (fixture, gch_service_get_code (service));
  gch_test_notifications_flush (fixture);
  g_assert_cmpuint (gch_test_notifications_count (prefix, NULL, NULL), ==, 1);

  /* It ends, then comes back: told again. */
  gch_service_set_thresholds (service, GCH_SERVICE_MAX_THRESHOLD, GCH_SERVICE_MAX_THRESHOLD);
  issue_ticket (fixture, gch_service_get_code (service));
  gch_service_set_thresholds (service, GCH_SERVICE_MAX_THRESHOLD, 1);
  issue_ticket (fixture, gch_service_get_code (service));
  gch_test_notifications_flush (fixture);
  g_assert_cmpuint (gch_test_notifications_count (prefix, NULL, NULL), ==, 2);

  /* Its click opens the supervision. */
  g_assert_cmpstr (visible_view (fixture), !=, "supervisor");
  g_assert_true (gch_notifier_activate (fixture->app->notifier, id));
  gch_test_app_iterate ();
  g_assert_cmpstr (visible_view (fixture), ==, "supervisor");

  /* Turned off: an alert that comes back tells nobody. */
  g_settings_set_boolean (settings, "threshold-alerts", FALSE);
  gch_service_set_thresholds (service, GCH_SERVICE_MAX_THRESHOLD, GCH_SERVICE_MAX_THRESHOLD);
  issue_ticket (fixture, gch_service_get_code (service));
  gch_service_set_thresholds (service, GCH_SERVICE_MAX_THRESHOLD, 1);
  issue_ticket (fixture, gch_service_get_code (service));
  gch_test_notifications_flush (fixture);
  g_assert_cmpuint (gch_test_notifications_count (prefix, NULL, NULL), ==, 2);
  g_settings_reset (settings, "threshold-alerts");

  gch_test_notification_clear (&last);
}

/* The same hall, the same thresholds, for an agent who is not a
 * supervisor: no notification.
 */
static void
check_agent_not_alerted (GchTestApp *fixture)
{
  g_autoptr(GDBusConnection) monitor = gch_test_notifications_watch ();
  g_autofree char *prefix = NULL;
  g_autofree char *expected = NULL;
  GchService *service;
  GchDay *day;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  g_assert_true (notification_server_runs (fixture));
  g_assert_false (gch_application_is_supervisor (fixture->app));
  day = gch_test_app_get_day (fixture);
  service = busy_service (day);
  /* The sentence starts with the service, then a colon in the language's own way. */
  prefix = g_strdup (gch_service_get_name (service));

  raise_every_threshold (day);
  gch_service_set_thresholds (service, GCH_SERVICE_MAX_THRESHOLD, 1);
  while (waiting_for (day, service) <= open_for (day, service) + 1)
    issue_ticket (fixture, gch_service_get_code (service));
  expected = alert_about (fixture, service);
  g_assert_nonnull (expected);

  gch_test_notifications_flush (fixture);
  g_assert_cmpuint (gch_test_notifications_count (prefix, NULL, NULL), ==, 0);
}

/* The reception in crise: the cap of a service is halved, and its row
 * says why no ticket is given; the desk's toast says the same.
 */
static void
check_reception_in_crise (GchTestApp *fixture)
{
  g_autoptr(GError) refused = NULL;
  GchService *capped = NULL, *other;
  GchStation *station;
  GchDay *day;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente ("));
  station = gch_test_app_get_station (fixture);
  day = gch_test_app_get_day (fixture);
  for (guint i = 0; i < day->services->len && capped == NULL; i++)
    if (gch_service_get_walk_in_cap (g_ptr_array_index (day->services, i)) > 0)
      capped = g_ptr_array_index (day->services, i);
  g_assert_nonnull (capped);
  other = busy_service (day);

  gch_site_set_mode (day->site, GCH_SITE_MODE_CRISE);
  while (gch_mode_count_walk_ins (day, capped) < gch_mode_walk_in_cap (GCH_SITE_MODE_CRISE, capped))
    issue_ticket (fixture, gch_service_get_code (capped));
  g_assert_cmpuint (gch_mode_count_walk_ins (day, capped), <, gch_service_get_walk_in_cap (capped));

  /* The station's reason, as the core words it. */
  g_assert_false (gch_mode_check_walk_in (day, gch_station_get_settings (station), capped,
                                          gch_clock_now (gch_station_get_clock (station)), &refused));
  g_test_message ("Refused: %s", refused->message);

  /* The reception shows it on the service's row once the hall changes. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "reception");
  issue_ticket (fixture, gch_service_get_code (other));
  g_assert_true (gch_test_app_wait_for_text (fixture, refused->message));
  g_assert_true (gch_test_app_wait_for_text (
    fixture, g_dgettext (GETTEXT_PACKAGE, "No more walk-in tickets today")));

  /* And asking anyway is refused with the same sentence. */
  gch_test_app_activate (fixture, "issue-ticket", gch_service_get_code (capped));
  g_assert_true (gch_test_app_wait_for_text (fixture, refused->message));
  g_assert_cmpuint (gch_mode_count_walk_ins (day, capped), ==,
                    gch_mode_walk_in_cap (GCH_SITE_MODE_CRISE, capped));
}

static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

static void
run (const char *args,
     void      (*check) (GchTestApp *fixture))
{
  g_autoptr(GSettings) settings = g_settings_new ("fr.guichet.Guichet");

  gch_test_app_clear_data ();
  tickets_folder = g_dir_make_tmp ("guichet-tickets-XXXXXX", NULL);
  g_settings_set_string (settings, "ticket-pdf-folder", tickets_folder);
  gch_test_app_run (args, check);
  g_settings_reset (settings, "ticket-pdf-folder");
  remove_folder (tickets_folder);
  g_clear_pointer (&tickets_folder, g_free);
}

static void
test_supervisor_alerts (void)
{
  run (SUPERVISOR, check_supervisor_alerts);
}

static void
test_agent_not_alerted (void)
{
  run (NOT_SUPERVISOR, check_agent_not_alerted);
}

static void
test_reception_in_crise (void)
{
  run (NOT_SUPERVISOR, check_reception_in_crise);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/modes/alerts/supervisor", test_supervisor_alerts);
  g_test_add_func ("/modes/alerts/not-a-supervisor", test_agent_not_alerted);
  g_test_add_func ("/modes/reception/crise", test_reception_in_crise);

  return g_test_run ();
}
