/* gch-application.c
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

#define G_LOG_DOMAIN "gch-application"

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "gch-application-private.h"
#include "gch-board-window.h"
#include "gch-credentials.h"
#include "gch-format.h"
#include "gch-login-window.h"
#include "gch-session.h"
#include "gch-window.h"

G_DEFINE_FINAL_TYPE (GchApplication, gch_application, ADW_TYPE_APPLICATION)

#define ALERT_INTERVAL_SECONDS 60
#define FEEDBACK_INTERVAL_SECONDS (5 * 60)   /* suggestions and complaints */

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a demonstration day at a préfecture, in a database of its own"), NULL },
  { "board", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the waiting room’s board, full screen, instead of the desk"), NULL },
  { "station", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Run as another station beside the first, with its own data and settings"), N_("NAME") },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Log in to this booking server at start"), N_("URL") },
  { "agent", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The agent who logs in"), N_("ID") },
  { "password-stdin", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Read the agent’s password from the standard input"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL }
};

static void
give_station_to_board (GchApplication *self,
                       GchBoardWindow *board)
{
  if (self->sync != NULL)
    gch_board_window_set_sync_controller (board, self->sync);
  if (self->station != NULL && gch_station_get_day (self->station) != NULL)
    gch_board_window_set_station (board, self->station);
}

static void
give_station_to_window (GchApplication *self,
                        GchWindow      *window)
{
  if (self->sync != NULL)
    gch_window_set_sync_controller (window, self->sync);

  if (self->station != NULL && gch_station_get_day (self->station) != NULL)
    gch_window_set_station (window, self->station);
  else if (self->store_error != NULL)
    gch_window_show_error (window, self->store_error);
}

static void
give_station_to_windows (GchApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (GCH_IS_WINDOW (l->data))
      give_station_to_window (self, l->data);
    else if (GCH_IS_BOARD_WINDOW (l->data))
      give_station_to_board (self, l->data);
}

static void check_thresholds (GchApplication *self);
static void check_feedback (GchApplication *self);

static void
refresh_windows (GchApplication *self)
{
  /* A login, a setting or news from the server may make or end an alert. */
  check_thresholds (self);
  /* suggestions and complaints: a login, or records from the feed */
  check_feedback (self);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (GCH_IS_WINDOW (l->data))
      gch_window_refresh (l->data);
    else if (GCH_IS_BOARD_WINDOW (l->data))
      gch_board_window_refresh (l->data);
}

static void
fail (GchApplication *self,
      GError         *error)
{
  g_warning ("%s", error->message);
  g_clear_error (&self->store_error);
  self->store_error = error;
  give_station_to_windows (self);
}

/* Policy settings */

static void
read_policy_settings (GchApplication *self)
{
  GchPolicySettings settings;

  gch_policy_settings_init (&settings);
  settings.late_tolerance_minutes = g_settings_get_int (self->settings, "late-tolerance-minutes");
  settings.max_priority_in_row = g_settings_get_int (self->settings, "max-priority-in-row");
  settings.promote_after_minutes = g_settings_get_int (self->settings, "promote-after-minutes");

  if (self->station != NULL)
    gch_station_set_settings (self->station, &settings);
}

static char *
dup_actor (GchApplication *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "station-name");

  return *name != '\0' ? g_steal_pointer (&name) : g_strdup (g_get_host_name ());
}

static void
on_settings_changed_cb (GchApplication *self,
                        const char     *key,
                        GSettings      *settings)
{
  g_autofree char *actor = NULL;

  if (g_str_equal (key, "station-name"))
    {
      actor = dup_actor (self);
      if (self->station != NULL)
        gch_station_set_actor (self->station, actor);
      return;
    }

  read_policy_settings (self);
  refresh_windows (self);
}

/* Notifications */

static gboolean
serves_here (GchApplication *self,
             GchQueueEntry  *entry)
{
  GchDay *day = gch_station_get_day (self->station);
  GchGuichet *guichet = gch_day_find_guichet (day, gch_application_get_guichet (self));
  guint assigned = gch_queue_entry_get_guichet (entry);

  if (guichet == NULL)
    return FALSE;
  if (assigned != 0)
    return assigned == gch_guichet_get_number (guichet);
  return gch_guichet_handles (guichet, gch_service_get_code (gch_queue_entry_get_service (entry)));
}

/* An appointment holder for this guichet has arrived. */
static void
on_station_changed_cb (GchApplication *self,
                       GchChange      *change,
                       GchStation     *station)
{
  GchQueueEntry *entry = gch_change_get_entry (change);
  GchAppointment *appointment;
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  g_autofree char *slot = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  check_thresholds (self);
  /* suggestions and complaints: a record logged or moved here */
  if (gch_change_get_feedback (change) != NULL)
    check_feedback (self);

  /* A board is seen by the public: it never tells a name. */
  if (self->board || !g_str_equal (gch_change_get_kind (change), "check-in") || entry == NULL ||
      !serves_here (self, entry))
    return;

  appointment = gch_queue_entry_get_appointment (entry);
  tz = gch_site_dup_time_zone (gch_station_get_day (station)->site);
  slot = gch_format_time (tz, gch_appointment_get_starts_at (appointment));

  /* Translators: a ticket number, then the time of the appointment */
  summary = g_strdup_printf (_("%s has arrived for %s"), gch_queue_entry_get_ticket (entry), slot);
  /* Translators: the holder's name, then the service */
  body = g_strdup_printf (_("%s, %s"), gch_appointment_get_holder_name (appointment),
                          gch_service_get_name (gch_appointment_get_service (appointment)));
  /* A passing event: the queue shows the person from now on. */
  gch_notifier_notify_transient (self->notifier, gch_queue_entry_get_id (entry), summary, body);
}

/* A supervisor is told when a service crosses one of its thresholds
 * (gch-alert.h): only of an alert that was not there at the previous check.
 */
static void
check_thresholds (GchApplication *self)
{
  GchDay *day;
  gboolean notify;

  if (self->board || self->alert_watch == NULL || self->station == NULL ||
      (day = gch_station_get_day (self->station)) == NULL)
    return;

  notify = gch_application_is_supervisor (self) &&
           g_settings_get_boolean (self->settings, "threshold-alerts");
  gch_alert_watch_check (self->alert_watch, day, gch_station_get_settings (self->station),
                         gch_clock_now (self->clock), notify);
}

/* suggestions and complaints: a supervisor or the quality referent is told
 * of the records nearly due and overdue, each once (gch-feedback-watch.c).
 * The register is read in a worker.
 */
static void
check_feedback (GchApplication *self)
{
  if (self->board || self->feedback_watch == NULL || self->station == NULL ||
      gch_station_get_day (self->station) == NULL || !gch_application_reads_personal_data (self))
    return;

  gch_feedback_watch_refresh (self->feedback_watch, self->station);
}

/* The days turn with the clock: a record becomes due without any change. */
static gboolean
check_feedback_cb (gpointer user_data)
{
  check_feedback (user_data);
  return G_SOURCE_CONTINUE;
}

/* People in this guichet's queue have waited past the alert threshold: one
 * notification says who, and each person is told of once.
 */
static gboolean
check_long_waits (gpointer user_data)
{
  GchApplication *self = user_data;
  g_autoptr(GchQueuePlan) plan = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  gint64 now, threshold;
  GchDay *day;

  /* The waits grow with the clock, not only with the actions. */
  check_thresholds (self);

  if (self->board || self->station == NULL || (day = gch_station_get_day (self->station)) == NULL ||
      day->site == NULL)
    return G_SOURCE_CONTINUE;

  now = gch_clock_now (self->clock);
  threshold = (gint64)g_settings_get_int (self->settings, "wait-alert-minutes") * 60;
  plan = gch_policy_plan (day, gch_station_get_settings (self->station), now);
  tickets = g_ptr_array_new ();

  for (guint i = 0; i < gch_queue_plan_get_n_placements (plan); i++)
    {
      const GchPlacement *placement = gch_queue_plan_get_placement (plan, i);
      const char *id = gch_queue_entry_get_id (placement->entry);

      if (placement->guichet != gch_application_get_guichet (self) ||
          now - gch_queue_entry_get_arrived_at (placement->entry) < threshold ||
          g_hash_table_contains (self->alerted, id))
        continue;

      g_hash_table_add (self->alerted, g_strdup (id));
      g_ptr_array_add (tickets, (gpointer)gch_queue_entry_get_ticket (placement->entry));
    }

  if (tickets->len == 0)
    return G_SOURCE_CONTINUE;

  g_ptr_array_add (tickets, NULL);
  /* Translators: how many people, then a number of minutes */
  summary = g_strdup_printf (ngettext ("%u person has waited more than %d minutes",
                                       "%u people have waited more than %d minutes",
                                       tickets->len - 1),
                             tickets->len - 1, (int)(threshold / 60));
  body = g_strjoinv (", ", (char **)tickets->pdata);
  gch_notifier_notify (self->notifier, "long-waits", summary, body);

  return G_SOURCE_CONTINUE;
}

/* The booking server */

typedef struct
{
  GchApplication *app;
  char           *url;
  char           *agent;
  char           *token;
} KeepData;

static void
keep_data_free (KeepData *kd)
{
  g_object_unref (kd->app);
  g_free (kd->url);
  g_free (kd->agent);
  g_free (kd->token);
  g_free (kd);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeepData, keep_data_free)

static void
forget_kept_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gch_credentials_clear_finish (result, &error))
    g_message ("The keyring could not forget a login ended meanwhile: %s", error->message);
}

static void
keep_token_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KeepData) kd = user_data;
  GchApplication *self = kd->app;
  g_autoptr(GError) error = NULL;

  if (!gch_credentials_store_finish (result, &error))
    {
      /* Without a keyring the agent can still work: the token lives in
       * memory only. Said once, as the login it is about.
       */
      g_message ("The keyring could not keep the login: %s", error->message);
      if (g_strcmp0 (self->token, kd->token) == 0)
        _gch_application_toast (self, _("The keyring did not keep the login: the next start "
                                        "will ask to log in again."));
      return;
    }

  /* Logged out while the keyring was busy: the logout's own clear may have
   * come first, so the revoked token must not stay for the next start.
   */
  if (self->token == NULL && g_strcmp0 (self->server_url, kd->url) == 0 &&
      g_strcmp0 (self->agent, kd->agent) == 0)
    gch_credentials_clear_async (kd->url, kd->agent, NULL, forget_kept_cb, NULL);
}

/* The keyring keeps the token for the next start, in the background: a
 * locked keyring may wait for its password as long as the agent leaves
 * its prompt, and the station works meanwhile.
 */
static void
keep_token (GchApplication *self)
{
  KeepData *kd = g_new0 (KeepData, 1);

  kd->app = g_object_ref (self);
  kd->url = g_strdup (self->server_url);
  kd->agent = g_strdup (self->agent);
  kd->token = g_strdup (self->token);
  gch_credentials_store_async (kd->url, kd->agent, kd->token, NULL, keep_token_cb, kd);
}

static void
on_logged_in_cb (GchApplication *self,
                 const char     *server_url,
                 const char     *agent,
                 const char     *token,
                 GchLoginWindow *window)
{
  g_autofree char *message = NULL;
  char *url_copy = g_strdup (server_url);
  char *agent_copy = g_strdup (agent);
  char *token_copy = g_strdup (token);

  /* The arguments may be the fields replaced here. */
  g_free (self->server_url);
  self->server_url = url_copy;
  g_free (self->agent);
  self->agent = agent_copy;
  g_free (self->token);
  self->token = token_copy;
  server_url = self->server_url;
  agent = self->agent;
  token = self->token;

  /* Where and who, so that the next start finds the token; not the token. */
  g_settings_set_string (self->settings, "server-url", server_url);
  g_settings_set_string (self->settings, "agent", agent);

  if (self->sync != NULL)
    gch_sync_controller_start (self->sync, server_url, token);
  keep_token (self);
  /* The supervisor's page follows who logged in. */
  refresh_windows (self);

  /* Translators: %s is the agent's id */
  message = g_strdup_printf (_("Logged in as %s."), agent);
  _gch_application_toast (self, message);
}

/**
 * _gch_application_show_login:
 * @message: (nullable): why the agent is asked to log in
 *
 * Shows the login window, over the active window.
 */
void
_gch_application_show_login (GchApplication *self,
                             const char     *message)
{
  g_autofree char *url = NULL;
  g_autofree char *agent = NULL;
  GchLoginWindow *login;

  if (self->login_window != NULL)
    {
      if (message != NULL)
        gch_login_window_show_error (GCH_LOGIN_WINDOW (self->login_window), message);
      gtk_window_present (GTK_WINDOW (self->login_window));
      return;
    }

  url = g_settings_get_string (self->settings, "server-url");
  agent = g_settings_get_string (self->settings, "agent");
  login = gch_login_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                url, agent);
  gtk_window_set_application (GTK_WINDOW (login), GTK_APPLICATION (self));
  g_signal_connect_object (login, "logged-in", G_CALLBACK (on_logged_in_cb), self,
                           G_CONNECT_SWAPPED);
  if (message != NULL)
    gch_login_window_show_error (login, message);
  g_set_weak_pointer (&self->login_window, GTK_WIDGET (login));
  gtk_window_present (GTK_WINDOW (login));
}

static void
log_out_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GchApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gch_session_log_out_finish (result, &error))
    {
      g_warning ("%s", error->message);
      _gch_application_toast (self, _("The login could not be removed from the keyring."));
      return;
    }

  _gch_application_toast (self, _("Logged out. This station works on its own until the next "
                                  "login."));
}

/**
 * _gch_application_log_out:
 *
 * Stops the sync, revokes the token on the server and forgets it. The
 * outbox stays, for the next login.
 */
void
_gch_application_log_out (GchApplication *self)
{
  if (self->token == NULL && (self->sync == NULL || !gch_sync_controller_get_needs_login (self->sync)))
    {
      _gch_application_toast (self, _("This station is not logged in."));
      return;
    }

  if (self->sync != NULL)
    gch_sync_controller_stop (self->sync);
  gch_session_log_out_async (self->server_url, self->agent, self->token, NULL, log_out_cb,
                             g_object_ref (self));
  g_clear_pointer (&self->token, g_free);
  refresh_windows (self);
}

static void
on_needs_login_cb (GchApplication    *self,
                   GParamSpec        *pspec,
                   GchSyncController *sync)
{
  if (!gch_sync_controller_get_needs_login (sync))
    return;

  /* The token is no longer good: keep the outbox, ask for a new login. */
  g_clear_pointer (&self->token, g_free);
  refresh_windows (self);
  _gch_application_show_login (self, gch_sync_controller_get_last_error (sync));
}

static void
on_day_updated_cb (GchApplication    *self,
                   GchSyncController *sync)
{
  refresh_windows (self);
}

static void
on_offline_too_long_cb (GchApplication    *self,
                        GchSyncController *sync)
{
  g_autofree char *summary = NULL;
  int minutes = g_settings_get_int (self->settings, "offline-alert-minutes");

  /* Translators: a number of minutes */
  summary = g_strdup_printf (ngettext ("The booking server has not answered for %d minute",
                                       "The booking server has not answered for %d minutes",
                                       minutes),
                             minutes);
  gch_notifier_notify (self->notifier, "offline", summary,
                       _("Every action is saved on this station and will be sent when the "
                         "server is back. Tell your supervisor if it lasts."));
}

static void
on_new_conflicts_cb (GchApplication    *self,
                     guint              n,
                     GchSyncController *sync)
{
  g_autofree char *summary = NULL;

  summary = g_strdup_printf (ngettext ("The server refused %u action of this station",
                                       "The server refused %u actions of this station", n),
                             n);
  gch_notifier_notify (self->notifier, "conflicts", summary,
                       _("Another guichet acted first. Ctrl+Shift+S shows what happened."));
}

static void
on_offline_alert_changed_cb (GchApplication *self,
                             const char     *key,
                             GSettings      *settings)
{
  if (self->sync != NULL)
    gch_sync_controller_set_offline_alert (self->sync,
                                           g_settings_get_int (settings, key) * 60);
}

/* Another server in the preferences: the login was for the old one. */
static void
on_server_url_changed_cb (GchApplication *self,
                          const char     *key,
                          GSettings      *settings)
{
  g_autofree char *value = g_settings_get_string (settings, key);
  g_autofree char *url = gch_session_normalize_url (value);

  if (self->sync == NULL || g_strcmp0 (url, self->server_url) == 0 ||
      (!gch_sync_controller_get_enabled (self->sync) &&
       !gch_sync_controller_get_needs_login (self->sync)))
    return;

  gch_sync_controller_stop (self->sync);
  g_clear_pointer (&self->token, g_free);
  g_free (self->server_url);
  self->server_url = g_steal_pointer (&url);

  if (*self->server_url != '\0')
    _gch_application_show_login (self, NULL);
  else
    _gch_application_toast (self, _("This station now works on its own."));
}

static void
lookup_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GchApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gch_credentials_lookup_finish (result, &error);

  gch_sync_controller_set_connecting (self->sync, FALSE);
  if (error != NULL)
    {
      g_warning ("%s", error->message);
      _gch_application_show_login (self, _("The keyring could not be read: log in again."));
      return;
    }

  if (token == NULL)
    {
      _gch_application_show_login (self, NULL);
      return;
    }

  self->token = g_steal_pointer (&token);
  gch_sync_controller_start (self->sync, self->server_url, self->token);
}

static void
log_in_at_start_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GchApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gch_session_log_in_finish (result, &error);

  if (token == NULL)
    {
      gch_sync_controller_set_connecting (self->sync, FALSE);
      _gch_application_show_login (self, error->message);
      return;
    }

  on_logged_in_cb (self, self->server_url, self->agent, token, NULL);
}

/* A station with a server and an agent starts logged in, with the token
 * the keyring kept; without a server, it works alone as it always did.
 */
static void
start_session (GchApplication *self)
{
  g_autofree char *password = NULL;
  g_autofree char *setting = g_settings_get_string (self->settings, "server-url");

  g_free (self->server_url);
  self->server_url = gch_session_normalize_url (setting);
  g_free (self->agent);
  self->agent = g_settings_get_string (self->settings, "agent");

  /* Without a server, the agent is known now: the supervisor's page may show. */
  if (*self->server_url == '\0')
    {
      refresh_windows (self);
      return;
    }

  if (*self->agent == '\0')
    {
      _gch_application_show_login (self, NULL);
      return;
    }

  /* Until the server or the keyring answers, the header says the station
   * is reaching the server.
   */
  gch_sync_controller_set_connecting (self->sync, TRUE);
  if ((password = g_steal_pointer (&self->login_password)) != NULL)
    {
      gch_session_log_in_async (self->server_url, self->agent, password, NULL,
                                log_in_at_start_cb, g_object_ref (self));
      memset (password, 0, strlen (password));
      return;
    }

  gch_credentials_lookup_async (self->server_url, self->agent, NULL, lookup_token_cb,
                                g_object_ref (self));
}

/* Opening the station */

static void
load_today_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GchApplication) self = user_data;
  GError *error = NULL;
  GchDay *day;

  if (!(day = gch_store_load_today_finish (GCH_STORE (object), result, &error)))
    fail (self, error);
  else
    {
      gch_station_set_day (self->station, day);
      give_station_to_windows (self);
      check_long_waits (self);
      start_session (self);
    }

  g_application_release (G_APPLICATION (self));
}

typedef struct
{
  char    *path;
  char    *date;
  gboolean demo;
  gint64 now;
  GchRetention retention;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *od = data;

  g_free (od->path);
  g_free (od->date);
  g_free (od);
}

static void
open_store_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OpenData *od = task_data;
  GError *error = NULL;
  GchStore *store;

  if (od->demo)
    store = gch_demo_create_store (od->path, GCH_DEMO_SEED, od->date, GCH_DEMO_TIME, &error);
  else
    store = gch_store_open (od->path, &error);

  /* The RGPD job, at every start: what is past its retention period goes.
   * A failure is not a reason to keep the agent from working; the next
   * start tries again.
   */
  if (store != NULL &&
      !gch_store_erase_expired_personal_data (store, od->now, &od->retention, NULL, &error))
    {
      g_warning ("The expired personal data could not be erased: %s", error->message);
      g_clear_error (&error);
    }

  if (store != NULL)
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
open_store_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GchApplication) self = user_data;
  g_autofree char *actor = NULL;
  GError *error = NULL;

  if (!(self->store = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      fail (self, error);
      g_application_release (G_APPLICATION (self));
      return;
    }

  actor = dup_actor (self);
  self->station = gch_station_new (self->store, self->clock, actor);
  read_policy_settings (self);
  g_signal_connect_object (self->station, "changed", G_CALLBACK (on_station_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->sync = gch_sync_controller_new (self->station);
  gch_sync_controller_set_offline_alert (self->sync,
                                         g_settings_get_int (self->settings, "offline-alert-minutes") * 60);
  g_signal_connect_object (self->sync, "notify::needs-login", G_CALLBACK (on_needs_login_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "day-updated", G_CALLBACK (on_day_updated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "offline-too-long", G_CALLBACK (on_offline_too_long_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "new-conflicts", G_CALLBACK (on_new_conflicts_cb), self,
                           G_CONNECT_SWAPPED);

  /* Still held: released when the day is loaded. */
  gch_store_load_today_async (self->store, self->clock, NULL, load_today_cb, g_object_ref (self));
}

/* The database is opened, and the demo made, in a worker: the window shows
 * at once and fills in when the disk has answered.
 */
static void
open_store (GchApplication *self)
{
  g_autoptr(GTask) task = NULL;
  OpenData *od = g_new0 (OpenData, 1);

  od->demo = self->demo;
  if (self->demo)
    {
      g_autofree char *tickets = NULL;

      od->path = g_build_filename (gch_application_get_data_dir (self), "demo.sqlite", NULL);
      od->date = gch_demo_today ();
      g_clear_object (&self->clock);
      self->clock = gch_clock_new_starting (gch_demo_start_time (od->date, GCH_DEMO_TIME));

      /* The demo has no ticket printer: its tickets are PDF files. */
      tickets = g_settings_get_string (self->settings, "ticket-pdf-folder");
      if (*tickets == '\0')
        {
          g_free (tickets);
          tickets = g_build_filename (gch_application_get_data_dir (self), "demo-tickets", NULL);
          g_settings_set_string (self->settings, "ticket-pdf-folder", tickets);
        }
    }
  else if (self->station_name != NULL)
    od->path = g_build_filename (gch_application_get_data_dir (self), "guichet.sqlite", NULL);
  else
    od->path = gch_store_dup_default_path ();

  od->now = gch_clock_now (self->clock);
  gch_retention_init (&od->retention);
  od->retention.feedback_days = g_settings_get_int (self->settings, "feedback-retention-days");

  g_application_hold (G_APPLICATION (self));
  task = g_task_new (NULL, NULL, open_store_cb, g_object_ref (self));
  g_task_set_task_data (task, od, open_data_free);
  g_task_run_in_thread (task, open_store_worker);
}

static void
gch_application_activate (GApplication *app)
{
  GchApplication *self = GCH_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL && self->board)
    {
      window = GTK_WINDOW (gch_board_window_new (self));
      give_station_to_board (self, GCH_BOARD_WINDOW (window));
    }
  else if (window == NULL)
    {
      window = GTK_WINDOW (gch_window_new (self));
      give_station_to_window (self, GCH_WINDOW (window));
    }

  gtk_window_present (window);
}

static void watch_settings (GchApplication *self);

/* A second station on this desktop: its own data folder, its own settings
 * (in a file of its own, since the schema has one path) and its own
 * application id, so that starting it does not just raise the first.
 */
static gboolean
use_station (GchApplication *self,
             const char     *name)
{
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autofree char *file = NULL;
  g_autofree char *id = NULL;

  if (*name == '\0' || strlen (name) > 32)
    goto invalid;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      goto invalid;

  id = g_strdup_printf ("%s.station-%s", APP_ID, name);
  g_application_set_application_id (G_APPLICATION (self), id);

  file = g_build_filename (g_get_user_config_dir (), "guichet", "stations", name, "settings.ini", NULL);
  /* The backend writes only where the folder exists. */
  {
    g_autofree char *folder = g_path_get_dirname (file);

    if (g_mkdir_with_parents (folder, 0700) != 0)
      g_warning ("%s: %s", folder, g_strerror (errno));
  }
  backend = g_keyfile_settings_backend_new (file, "/", NULL);
  g_clear_object (&self->settings);
  self->settings = g_settings_new_with_backend ("fr.guichet.Guichet", backend);
  watch_settings (self);
  return TRUE;

invalid:
  g_printerr (_("“%s” is not a station name: use up to 32 letters, digits, - and _.\n"), name);
  return FALSE;
}

static int
gch_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  GchApplication *self = GCH_APPLICATION (app);
  g_autofree char *server = NULL;
  g_autofree char *agent = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "guichet", PACKAGE_VERSION);
      return 0;
    }

  self->demo = g_variant_dict_contains (options, "demo");
  self->board = g_variant_dict_contains (options, "board");

  if (g_variant_dict_lookup (options, "station", "s", &self->station_name) &&
      !use_station (self, self->station_name))
    return 2;

  if (g_variant_dict_lookup (options, "server", "s", &server))
    g_settings_set_string (self->settings, "server-url", server);
  if (g_variant_dict_lookup (options, "agent", "s", &agent))
    g_settings_set_string (self->settings, "agent", agent);
  if (g_variant_dict_contains (options, "password-stdin"))
    {
      char line[1024];

      /* Read before the window shows; the demo pipes it in. */
      if (fgets (line, sizeof line, stdin) == NULL)
        {
          g_printerr ("%s\n", _("No password was given on the standard input."));
          return 2;
        }
      line[strcspn (line, "\r\n")] = '\0';
      self->login_password = g_strdup (line);
      memset (line, 0, sizeof line);
    }

  return G_APPLICATION_CLASS (gch_application_parent_class)->handle_local_options (app, options);
}

static void
gch_application_startup (GApplication *app)
{
  GchApplication *self = GCH_APPLICATION (app);

  G_APPLICATION_CLASS (gch_application_parent_class)->startup (app);

  _gch_application_add_actions (self);
  if (self->board)
    _gch_application_make_board (self);
  gtk_window_set_default_icon_name (APP_ID);

  self->notifier = gch_notifier_new (_("Guichet"));
  self->alert_watch = gch_alert_watch_new (self->notifier);
  self->alert_source = g_timeout_add_seconds (ALERT_INTERVAL_SECONDS, check_long_waits, self);
  self->feedback_watch = gch_feedback_watch_new (self->notifier, self->settings);
  self->feedback_source = g_timeout_add_seconds (FEEDBACK_INTERVAL_SECONDS, check_feedback_cb,
                                                 self);
  open_store (self);
}

static void
gch_application_shutdown (GApplication *app)
{
  GchApplication *self = GCH_APPLICATION (app);

  g_clear_handle_id (&self->alert_source, g_source_remove);
  g_clear_handle_id (&self->feedback_source, g_source_remove);

  G_APPLICATION_CLASS (gch_application_parent_class)->shutdown (app);
}

static void
gch_application_dispose (GObject *object)
{
  GchApplication *self = (GchApplication *)object;

  g_clear_handle_id (&self->alert_source, g_source_remove);
  g_clear_handle_id (&self->feedback_source, g_source_remove);
  g_clear_object (&self->sync);
  g_clear_object (&self->station);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);
  g_clear_object (&self->alert_watch);
  g_clear_object (&self->feedback_watch);
  g_clear_object (&self->notifier);
  g_clear_pointer (&self->alerted, g_hash_table_unref);
  g_clear_error (&self->store_error);
  g_clear_weak_pointer (&self->login_window);
  g_clear_pointer (&self->station_name, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->agent, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->login_password, g_free);

  G_OBJECT_CLASS (gch_application_parent_class)->dispose (object);
}

static void
gch_application_class_init (GchApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gch_application_dispose;

  app_class->activate = gch_application_activate;
  app_class->startup = gch_application_startup;
  app_class->shutdown = gch_application_shutdown;
  app_class->handle_local_options = gch_application_handle_local_options;
}

static void
watch_settings (GchApplication *self)
{
  g_signal_connect_object (self->settings, "changed::late-tolerance-minutes",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::max-priority-in-row",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::promote-after-minutes",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::station-name",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::offline-alert-minutes",
                           G_CALLBACK (on_offline_alert_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::server-url",
                           G_CALLBACK (on_server_url_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
gch_application_init (GchApplication *self)
{
  /* The schema keeps its id in the development build too. */
  self->settings = g_settings_new ("fr.guichet.Guichet");
  self->clock = gch_clock_new_system ();
  self->alerted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  watch_settings (self);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

GchApplication *
gch_application_new (void)
{
  return g_object_new (GCH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * gch_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
gch_application_get_settings (GchApplication *self)
{
  g_return_val_if_fail (GCH_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * gch_application_get_clock:
 *
 * Returns: (transfer none): the clock every screen reads the time from
 */
GchClock *
gch_application_get_clock (GchApplication *self)
{
  g_return_val_if_fail (GCH_IS_APPLICATION (self), NULL);

  return self->clock;
}

/**
 * gch_application_get_station:
 *
 * Returns: (transfer none) (nullable): the station, once its database is open
 */
GchStation *
gch_application_get_station (GchApplication *self)
{
  g_return_val_if_fail (GCH_IS_APPLICATION (self), NULL);

  return self->station;
}

/**
 * gch_application_get_guichet:
 *
 * Returns: the number of this station's guichet
 */
guint
gch_application_get_guichet (GchApplication *self)
{
  g_return_val_if_fail (GCH_IS_APPLICATION (self), 0);

  return g_settings_get_int (self->settings, "guichet");
}

/**
 * gch_application_get_sync:
 *
 * Returns: (transfer none) (nullable): the background sync with the booking
 *   server, once the station's database is open
 */
GchSyncController *
gch_application_get_sync (GchApplication *self)
{
  g_return_val_if_fail (GCH_IS_APPLICATION (self), NULL);

  return self->sync;
}

/**
 * gch_application_get_data_dir:
 *
 * Returns: the station's data folder: `$XDG_DATA_HOME/guichet`, or
 *   `$XDG_DATA_HOME/guichet/stations/NAME` with `--station NAME`
 */
const char *
gch_application_get_data_dir (GchApplication *self)
{
  g_return_val_if_fail (GCH_IS_APPLICATION (self), NULL);

  if (self->data_dir == NULL)
    self->data_dir = self->station_name != NULL
                     ? g_build_filename (g_get_user_data_dir (), "guichet", "stations",
                                         self->station_name, NULL)
                     : g_build_filename (g_get_user_data_dir (), "guichet", NULL);
  return self->data_dir;
}

/**
 * gch_application_get_agent:
 *
 * Returns: (nullable): the id of the agent working at this station: the
 *   one logged in, or the one the `agent` setting names; %NULL if none
 */
const char *
gch_application_get_agent (GchApplication *self)
{
  g_return_val_if_fail (GCH_IS_APPLICATION (self), NULL);

  return self->agent != NULL && *self->agent != '\0' ? self->agent : NULL;
}

/**
 * gch_application_is_supervisor:
 *
 * Whether the agent of this station is a supervisor, by the site's list of
 * agents. With a server, only while logged in: the role is the one of the
 * agent whose token the station holds, kept in memory, never on disk.
 * Without a server (the demo), the agent is the one the `agent` setting
 * (`--agent ID`) names.
 *
 * Returns: %TRUE when the supervisor's page and actions are for this agent
 */
/* The agent of this station, by the site's list, as is_supervisor() says. */
static GchAgent *
find_agent (GchApplication *self)
{
  GchDay *day;

  if (self->agent == NULL || *self->agent == '\0' || self->station == NULL ||
      (day = gch_station_get_day (self->station)) == NULL)
    return NULL;

  if (self->server_url != NULL && *self->server_url != '\0' && self->token == NULL)
    return NULL;

  return gch_day_find_agent (day, self->agent);
}

gboolean
gch_application_is_supervisor (GchApplication *self)
{
  GchAgent *agent;

  g_return_val_if_fail (GCH_IS_APPLICATION (self), FALSE);

  agent = find_agent (self);
  return agent != NULL && gch_agent_get_role (agent) == GCH_AGENT_ROLE_SUPERVISOR;
}

/**
 * gch_application_reads_personal_data:
 *
 * Whether the agent of this station is a supervisor or the quality
 * referent, who work through the registers and read their personal data;
 * found as gch_application_is_supervisor() finds the agent.
 *
 * Returns: %TRUE when the register's page is for this agent
 */
gboolean
gch_application_reads_personal_data (GchApplication *self)
{
  GchAgent *agent;

  g_return_val_if_fail (GCH_IS_APPLICATION (self), FALSE);

  agent = find_agent (self);
  return agent != NULL && gch_agent_role_reads_personal_data (gch_agent_get_role (agent));
}


