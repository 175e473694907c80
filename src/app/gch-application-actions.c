/* gch-application-actions.c: every command, as an application action
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

#include <glib/gi18n.h>

#include "gch-application-private.h"
#include "gch-enums.h"
#include "gch-feedback-dialog.h"
#include "gch-guichet-dialog.h"
#include "gch-preferences-window.h"
#include "gch-thresholds-dialog.h"
#include "gch-window.h"

/* Application actions can be called from outside while Guichet runs
 * (`gapplication action fr.guichet.Guichet call-next`), so that a hardware
 * call button or a kiosk can drive a station. They stay enabled: an action
 * that cannot be done now says why, rather than doing nothing in silence.
 * Those that take a string open a dialog when it is empty.
 */

static GchWindow *
active_window (GchApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return GCH_IS_WINDOW (window) ? GCH_WINDOW (window) : NULL;
}

/**
 * _gch_application_toast:
 *
 * Tells the agent something, in the active window.
 */
void
_gch_application_toast (GchApplication *self,
                        const char     *message)
{
  GchWindow *window = active_window (self);

  /* Over a dialog (the login window), the message goes to the window below. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); window == NULL && l; l = l->next)
    if (GCH_IS_WINDOW (l->data))
      window = l->data;

  if (window != NULL)
    gch_window_add_toast (window, message);
  else
    g_message ("%s", message);
}

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GchApplication) self = user_data;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  GchWindow *window;

  if (!(change = gch_station_submit_finish (GCH_STATION (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _gch_application_toast (self, error->message);
      return;
    }

  if ((window = active_window (self)) != NULL)
    gch_window_action_done (window, change);
}

/**
 * _gch_application_submit:
 *
 * Sends @request to the station; a refusal is told to the agent.
 */
void
_gch_application_submit (GchApplication   *self,
                         const GchRequest *request)
{
  if (self->station == NULL || gch_station_get_day (self->station) == NULL)
    {
      _gch_application_toast (self, _("The station’s data is not open yet."));
      return;
    }

  gch_station_submit (self->station, request, NULL, submit_cb, g_object_ref (self));
}

static void
submit_simple (GchApplication *self,
               GchAction       action)
{
  GchRequest request = { 0 };

  request.action = action;
  request.guichet = gch_application_get_guichet (self);
  _gch_application_submit (self, &request);
}

#define SIMPLE_ACTION(name, action_id)                                    \
  static void                                                             \
  name##_action (GSimpleAction *action,                                   \
                 GVariant      *parameter,                                \
                 gpointer       user_data)                                \
  {                                                                       \
    submit_simple (GCH_APPLICATION (user_data), action_id);               \
  }

SIMPLE_ACTION (recall, GCH_ACTION_RECALL)
SIMPLE_ACTION (start_service, GCH_ACTION_START_SERVICE)
SIMPLE_ACTION (no_show, GCH_ACTION_NO_SHOW)
SIMPLE_ACTION (hold, GCH_ACTION_HOLD)
SIMPLE_ACTION (pause_guichet, GCH_ACTION_PAUSE_GUICHET)
SIMPLE_ACTION (close_guichet, GCH_ACTION_CLOSE_GUICHET)
SIMPLE_ACTION (open_guichet, GCH_ACTION_OPEN_GUICHET)

/* The supervisor's: the same for any guichet of the site, by number. */
static void
submit_for_guichet (GchApplication *self,
                    GchAction       action,
                    GVariant       *parameter)
{
  GchRequest request = { 0 };

  if (!gch_application_is_supervisor (self))
    {
      _gch_application_toast (self, _("Only a supervisor can change another guichet."));
      return;
    }

  request.action = action;
  request.guichet = g_variant_get_uint32 (parameter);
  _gch_application_submit (self, &request);
}

#define GUICHET_ACTION(name, action_id)                                   \
  static void                                                             \
  name##_number_action (GSimpleAction *action,                            \
                        GVariant      *parameter,                         \
                        gpointer       user_data)                         \
  {                                                                       \
    submit_for_guichet (GCH_APPLICATION (user_data), action_id, parameter); \
  }

GUICHET_ACTION (pause_guichet, GCH_ACTION_PAUSE_GUICHET)
GUICHET_ACTION (close_guichet, GCH_ACTION_CLOSE_GUICHET)
GUICHET_ACTION (open_guichet, GCH_ACTION_OPEN_GUICHET)

/* The supervisor's hall: moves, priorities, thresholds, services, seats
 * and the site's mode. Each is refused at once to an agent, with the
 * sentence the server would give.
 */
static gboolean
check_supervisor (GchApplication *self,
                  const char     *refusal)
{
  if (gch_application_is_supervisor (self))
    return TRUE;

  _gch_application_toast (self, refusal);
  return FALSE;
}

/* assign: (ticket, guichet), guichet 0 for back to the service's queue */
static void
assign_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GchApplication *self = user_data;
  GchRequest request = { 0 };
  const char *ticket;
  guint32 guichet;

  if (!check_supervisor (self, _("Only a supervisor can move people between queues or change "
                                 "their priority.")))
    return;

  g_variant_get (parameter, "(&su)", &ticket, &guichet);
  request.action = GCH_ACTION_ASSIGN_GUICHET;
  request.ticket = ticket;
  request.target_guichet = guichet;
  _gch_application_submit (self, &request);
}

/* set-priority: (ticket, category): none, disability, pregnancy, elderly or cmi */
static void
set_priority_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GchApplication *self = user_data;
  GchRequest request = { 0 };
  const char *ticket, *category;
  int priority;

  if (!check_supervisor (self, _("Only a supervisor can move people between queues or change "
                                 "their priority.")))
    return;

  g_variant_get (parameter, "(&s&s)", &ticket, &category);
  if (!gch_enum_from_nick (GCH_TYPE_PRIORITY, category, &priority))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a priority category: none, disability, pregnancy, "
                           "elderly or cmi."), category);
      _gch_application_toast (self, message);
      return;
    }

  request.action = GCH_ACTION_SET_PRIORITY;
  request.ticket = ticket;
  request.priority = priority;
  _gch_application_submit (self, &request);
}

/* set-thresholds: (service, longest wait in minutes, most waiting per open guichet) */
static void
set_thresholds_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GchApplication *self = user_data;
  GchRequest request = { 0 };
  const char *service;
  guint32 wait, waiting;

  if (!check_supervisor (self, _("Only a supervisor can change a service’s thresholds.")))
    return;

  g_variant_get (parameter, "(&suu)", &service, &wait, &waiting);
  request.action = GCH_ACTION_SET_THRESHOLDS;
  request.service = service;
  /* Past what an int holds, it is too big all the same. */
  request.max_wait_minutes = MIN (wait, (guint32) G_MAXINT);
  request.max_waiting_per_guichet = MIN (waiting, (guint32) G_MAXINT);
  _gch_application_submit (self, &request);
}

/* set-guichet-services: (guichet, the codes of the services it handles) */
static void
set_guichet_services_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GchApplication *self = user_data;
  g_autofree const char **services = NULL;
  GchRequest request = { 0 };
  guint32 guichet;

  if (!check_supervisor (self, _("Only a supervisor can change the services a guichet handles.")))
    return;

  g_variant_get (parameter, "(u^a&s)", &guichet, &services);
  request.action = GCH_ACTION_SET_GUICHET_SERVICES;
  request.target_guichet = guichet;
  request.services = services;
  _gch_application_submit (self, &request);
}

/* seat-agent: (agent, guichet), agent '' for nobody */
static void
seat_agent_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GchApplication *self = user_data;
  GchRequest request = { 0 };
  const char *agent;
  guint32 guichet;

  if (!check_supervisor (self, _("Only a supervisor can seat an agent at a guichet.")))
    return;

  g_variant_get (parameter, "(&su)", &agent, &guichet);
  request.action = GCH_ACTION_SEAT_AGENT;
  request.agent = *agent != '\0' ? agent : NULL;
  request.target_guichet = guichet;
  _gch_application_submit (self, &request);
}

static void
set_mode_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GchApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gch_sync_controller_set_mode_finish (GCH_SYNC_CONTROLLER (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _gch_application_toast (self, error->message);
}

/* set-mode: 'normal', 'affluence' or 'crise'; the server's to decide, in a worker */
static void
set_mode_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GchApplication *self = user_data;
  const char *nick = g_variant_get_string (parameter, NULL);
  int mode;

  if (!check_supervisor (self, _("Only a supervisor can change the site’s mode.")))
    return;

  if (!gch_enum_from_nick (GCH_TYPE_SITE_MODE, nick, &mode))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a mode: normal, affluence or crise."), nick);
      _gch_application_toast (self, message);
      return;
    }

  if (self->sync == NULL || !gch_sync_controller_get_enabled (self->sync))
    {
      _gch_application_toast (self, _("Changing the site’s mode needs the server, and this "
                                      "station is not logged in to one."));
      return;
    }

  gch_sync_controller_set_mode_async (self->sync, mode, set_mode_cb, g_object_ref (self));
}

/* edit-guichet: the dialog of a guichet's services and agent */
static void
edit_guichet_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GchApplication *self = user_data;
  GchGuichetDialog *dialog;
  GchGuichet *guichet;
  guint number = g_variant_get_uint32 (parameter);

  if (!check_supervisor (self, _("Only a supervisor can change the services a guichet handles.")))
    return;

  if (self->station == NULL || gch_station_get_day (self->station) == NULL ||
      !(guichet = gch_day_find_guichet (gch_station_get_day (self->station), number)))
    {
      g_autofree char *message = g_strdup_printf (_("There is no guichet %u at this site."), number);
      _gch_application_toast (self, message);
      return;
    }

  dialog = gch_guichet_dialog_new (self->station, number);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* edit-thresholds: the dialog of a service's thresholds */
static void
edit_thresholds_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GchApplication *self = user_data;
  const char *code = g_variant_get_string (parameter, NULL);
  GchThresholdsDialog *dialog;

  if (!check_supervisor (self, _("Only a supervisor can change a service’s thresholds.")))
    return;

  if (self->station == NULL || gch_station_get_day (self->station) == NULL ||
      !gch_day_find_service (gch_station_get_day (self->station), code))
    {
      g_autofree char *message = g_strdup_printf (_("There is no service “%s” at this site."), code);
      _gch_application_toast (self, message);
      return;
    }

  dialog = gch_thresholds_dialog_new (self->station, code);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
call_next_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GchApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *ticket = NULL;

  ticket = gch_sync_controller_call_next_finish (GCH_SYNC_CONTROLLER (object), result, &error);
  if (ticket != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* No answer from the server: the station calls, under the offline rules. */
  if (g_error_matches (error, GCH_ERROR, GCH_ERROR_UNREACHABLE))
    submit_simple (self, GCH_ACTION_CALL_NEXT);
  else
    _gch_application_toast (self, error->message);
}

/* call-next: online the server decides, so that two guichets never call
 * the same person; alone or offline, the station does.
 */
static void
call_next_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GchApplication *self = GCH_APPLICATION (user_data);
  GchSyncController *sync = gch_application_get_sync (self);

  if (sync == NULL || !gch_sync_controller_get_online (sync) ||
      self->station == NULL || gch_station_get_day (self->station) == NULL)
    {
      submit_simple (self, GCH_ACTION_CALL_NEXT);
      return;
    }

  gch_sync_controller_call_next_async (sync, gch_application_get_guichet (self), call_next_cb,
                                       g_object_ref (self));
}

/* finish-service: '' asks; 'served', 'incomplete' or 'redirected' finish
 * at once, with the documents left unticked on the desk as the missing ones.
 */
static void
finish_service_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GchApplication *self = user_data;
  const char *outcome = g_variant_get_string (parameter, NULL);
  GchWindow *window = active_window (self);
  g_auto(GStrv) missing = NULL;
  GchRequest request = { 0 };

  if (*outcome == '\0' && window != NULL)
    {
      gch_window_ask_finish (window);
      return;
    }

  if (window != NULL && g_str_equal (outcome, "incomplete"))
    missing = gch_window_dup_missing_documents (window);

  request.action = GCH_ACTION_FINISH_SERVICE;
  request.guichet = gch_application_get_guichet (self);
  request.outcome = *outcome != '\0' ? outcome : "served";
  request.missing = (const char **)missing;
  _gch_application_submit (self, &request);
}

/* rate-service: (ticket, 1 very satisfied … 4 not satisfied), the
 * person's rating once their service has ended (satisfaction).
 */
static void
rate_service_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GchApplication *self = user_data;
  GchRequest request = { 0 };
  const char *ticket;
  guint32 satisfaction;

  g_variant_get (parameter, "(&su)", &ticket, &satisfaction);
  request.action = GCH_ACTION_RATE_SERVICE;
  request.guichet = gch_application_get_guichet (self);
  request.ticket = ticket;
  request.satisfaction = MIN (satisfaction, GCH_SATISFACTION_LAST + 1);
  _gch_application_submit (self, &request);
}

/* The suggestions and complaints register (issue 6) */

/* log-feedback: the dialog that logs a suggestion or complaint, about the
 * person at this guichet's counter when there is one.
 */
static void
log_feedback_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GchApplication *self = user_data;
  GchFeedbackDialog *dialog;
  GchQueueEntry *visit = NULL;
  GchDay *day;
  guint guichet = gch_application_get_guichet (self);

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL)
    return;
  if (guichet > 0)
    visit = gch_day_current_for_guichet (day, guichet);

  dialog = gch_feedback_dialog_new (self->station, self->settings, guichet, self->agent, visit);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* End of the suggestions and complaints register. */

/* Call-backs */

/* ask-callback: '' or a service's code: the dialog that takes a number. */
static void
ask_callback_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GchApplication *self = user_data;
  GchWindow *window = active_window (self);

  if (window != NULL)
    gch_window_ask_callback (window, g_variant_get_string (parameter, NULL));
}

/* take-callback: (service, phone, name) */
static void
take_callback_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GchApplication *self = user_data;
  GchRequest request = { 0 };
  const char *service, *phone, *name;

  g_variant_get (parameter, "(&s&s&s)", &service, &phone, &name);
  request.action = GCH_ACTION_TAKE_CALLBACK;
  request.service = service;
  request.phone = phone;
  request.notes = name;
  request.agent = gch_application_get_agent (self);
  _gch_application_submit (self, &request);
}

/* callback-outcome: (call-back's id, "called-back", "appointment" or "no-answer") */
static void
callback_outcome_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GchApplication *self = user_data;
  GchRequest request = { 0 };
  const char *id, *outcome;

  g_variant_get (parameter, "(&s&s)", &id, &outcome);
  request.action = GCH_ACTION_CALLBACK_OUTCOME;
  request.callback = id;
  request.outcome = outcome;
  _gch_application_submit (self, &request);
}

/* transfer: '' asks; 'SERVICE' or 'guichet:N' sends the person there. */
static void
transfer_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GchApplication *self = user_data;
  const char *target = g_variant_get_string (parameter, NULL);
  GchWindow *window = active_window (self);
  GchRequest request = { 0 };
  guint64 number = 0;

  if (*target == '\0' && window != NULL)
    {
      gch_window_ask_transfer (window);
      return;
    }

  request.action = GCH_ACTION_TRANSFER;
  request.guichet = gch_application_get_guichet (self);
  if (g_str_has_prefix (target, "guichet:"))
    {
      if (!g_ascii_string_to_unsigned (target + strlen ("guichet:"), 10, 1, 999, &number, NULL))
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” is not a guichet: write guichet: and its number, guichet:6."),
                             target);
          _gch_application_toast (self, message);
          return;
        }
      request.target_guichet = number;
    }
  else
    request.service = target;

  _gch_application_submit (self, &request);
}

/* call-entry: '' asks; 'A042:reason' calls A042 out of turn; 'A042' asks
 * for the reason, since the history must say why.
 */
static void
call_entry_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GchApplication *self = user_data;
  const char *value = g_variant_get_string (parameter, NULL);
  g_auto(GStrv) parts = g_strsplit (value, ":", 2);
  GchWindow *window = active_window (self);
  GchRequest request = { 0 };

  if ((parts[0] == NULL || parts[1] == NULL) && window != NULL)
    {
      gch_window_ask_call_entry (window, parts[0]);
      return;
    }

  request.action = GCH_ACTION_CALL_ENTRY;
  request.guichet = gch_application_get_guichet (self);
  request.ticket = parts[0];
  request.reason = parts[0] != NULL ? parts[1] : NULL;
  _gch_application_submit (self, &request);
}

/* issue-ticket: '' opens the reception; 'SERVICE' or 'SERVICE:CATEGORY'
 * issues a ticket.
 */
static void
issue_ticket_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GchApplication *self = user_data;
  const char *value = g_variant_get_string (parameter, NULL);
  g_auto(GStrv) parts = g_strsplit (value, ":", 2);
  GchWindow *window = active_window (self);
  GchRequest request = { 0 };
  int priority = GCH_PRIORITY_NONE;

  if (parts[0] == NULL && window != NULL)
    {
      gch_window_show_reception (window, FALSE);
      return;
    }

  if (parts[0] != NULL && parts[1] != NULL &&
      !gch_enum_from_nick (GCH_TYPE_PRIORITY, parts[1], &priority))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a priority category: disability, pregnancy, "
                           "elderly or cmi."), parts[1]);
      _gch_application_toast (self, message);
      return;
    }

  request.action = GCH_ACTION_ISSUE_TICKET;
  request.service = parts[0];
  request.priority = priority;
  _gch_application_submit (self, &request);
}

/* check-in: '' opens the reception's search; 'RDV-…' checks in. */
static void
check_in_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GchApplication *self = user_data;
  const char *reference = g_variant_get_string (parameter, NULL);
  GchWindow *window = active_window (self);
  GchRequest request = { 0 };

  if (*reference == '\0' && window != NULL)
    {
      gch_window_show_reception (window, TRUE);
      return;
    }

  request.action = GCH_ACTION_CHECK_IN;
  request.reference = reference;
  _gch_application_submit (self, &request);
}

/* resume: brings a person on hold back into the queue. */
static void
resume_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GchApplication *self = user_data;
  GchRequest request = { 0 };

  request.action = GCH_ACTION_RESUME;
  request.guichet = gch_application_get_guichet (self);
  request.ticket = g_variant_get_string (parameter, NULL);
  _gch_application_submit (self, &request);
}

/* print-ticket: '' prints the last ticket issued here; 'A042' prints A042. */
static void
print_ticket_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GchApplication *self = user_data;
  GchWindow *window = active_window (self);

  if (window != NULL)
    gch_window_print_ticket (window, g_variant_get_string (parameter, NULL));
}

static void
login_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  _gch_application_show_login (GCH_APPLICATION (user_data), NULL);
}

static void
logout_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  _gch_application_log_out (GCH_APPLICATION (user_data));
}

static void
sync_now_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GchApplication *self = GCH_APPLICATION (user_data);

  if (self->sync == NULL || !gch_sync_controller_get_enabled (self->sync))
    {
      _gch_application_toast (self, _("This station is not logged in to a booking server."));
      return;
    }

  gch_sync_controller_sync_now (self->sync);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GchApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GchPreferencesWindow *preferences = gch_preferences_window_new (self->settings);

  if (self->station != NULL)
    gch_preferences_window_set_day (preferences, gch_station_get_day (self->station));

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GchApplication *self = user_data;
  static const char *developers[] = { "Guichet developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Guichet"),
                         "application-icon", APP_ID,
                         "developer-name", _("Guichet developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("The counter application of French public services: "
                                       "queues, calls and tickets, online or not."),
                         "website", "https://guichet.example.org/",
                         "developers", developers,
                         "copyright", "© 2026 Guichet developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "login", login_action },
  { "logout", logout_action },
  { "sync-now", sync_now_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "call-next", call_next_action },
  { "recall", recall_action },
  { "start-service", start_service_action },
  { "finish-service", finish_service_action, "s" },
  { "no-show", no_show_action },
  { "hold", hold_action },
  { "resume", resume_action, "s" },
  { "transfer", transfer_action, "s" },
  { "rate-service", rate_service_action, "(su)" },
  { "log-feedback", log_feedback_action },   /* suggestions and complaints */
  { "ask-callback", ask_callback_action, "s" },
  { "take-callback", take_callback_action, "(sss)" },
  { "callback-outcome", callback_outcome_action, "(ss)" },
  { "call-entry", call_entry_action, "s" },
  { "issue-ticket", issue_ticket_action, "s" },
  { "check-in", check_in_action, "s" },
  { "print-ticket", print_ticket_action, "s" },
  { "pause-guichet", pause_guichet_action },
  { "close-guichet", close_guichet_action },
  { "open-guichet", open_guichet_action },
  { "pause-guichet-number", pause_guichet_number_action, "u" },
  { "close-guichet-number", close_guichet_number_action, "u" },
  { "open-guichet-number", open_guichet_number_action, "u" },
  { "assign", assign_action, "(su)" },
  { "set-priority", set_priority_action, "(ss)" },
  { "set-thresholds", set_thresholds_action, "(suu)" },
  { "set-guichet-services", set_guichet_services_action, "(uas)" },
  { "seat-agent", seat_agent_action, "(su)" },
  { "set-mode", set_mode_action, "s" },
  { "edit-guichet", edit_guichet_action, "u" },
  { "edit-thresholds", edit_thresholds_action, "s" },
};

static const struct {
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.login", { "<Control>l", NULL } },
  { "app.logout", { "<Control><Shift>l", NULL } },
  { "app.sync-now", { "<Control><Shift>r", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.call-next", { "F5", NULL } },
  { "app.recall", { "F6", NULL } },
  { "app.start-service", { "F7", NULL } },
  { "app.finish-service('')", { "F8", NULL } },
  { "app.no-show", { "F9", NULL } },
  { "app.hold", { "<Control>h", NULL } },
  { "app.transfer('')", { "<Control>t", NULL } },
  { "app.call-entry('')", { "<Control>e", NULL } },
  { "app.issue-ticket('')", { "<Control>n", NULL } },
  { "app.check-in('')", { "<Control>i", NULL } },
  { "app.print-ticket('')", { "<Control>p", NULL } },
  { "app.ask-callback('')", { "<Control>k", NULL } },
  { "app.log-feedback", { "<Control><Shift>k", NULL } },   /* suggestions and complaints */
  { "app.pause-guichet", { "<Control><Shift>p", NULL } },
  { "app.close-guichet", { "<Control><Shift>w", NULL } },
  { "app.open-guichet", { "<Control><Shift>o", NULL } },
  { "app.set-mode('normal')", { "<Control><Alt>1", NULL } },
  { "app.set-mode('affluence')", { "<Control><Alt>2", NULL } },
  { "app.set-mode('crise')", { "<Control><Alt>3", NULL } },
};

void
_gch_application_add_actions (GchApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);
}

/* What a board still does: it logs in, syncs and quits like any station. */
static const char * const board_actions[] = {
  "quit", "login", "logout", "sync-now", "preferences", "about", NULL
};

/**
 * _gch_application_make_board:
 *
 * Turns the station into the waiting room's board (`--board`), which never
 * acts: every agent command is disabled, and its shortcut gone, so that a
 * key pressed on the board's keyboard cannot call anyone.
 */
void
_gch_application_make_board (GchApplication *self)
{
  g_auto(GStrv) names = g_action_group_list_actions (G_ACTION_GROUP (self));
  g_auto(GStrv) described = gtk_application_list_action_descriptions (GTK_APPLICATION (self));
  static const char *none[] = { NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), names[i]);

      if (!g_strv_contains (board_actions, names[i]) && G_IS_SIMPLE_ACTION (action))
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), FALSE);
    }

  for (guint i = 0; described[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;

      if (g_action_parse_detailed_name (described[i], &name, &target, NULL) &&
          g_str_has_prefix (name, "app.") && !g_strv_contains (board_actions, name + strlen ("app.")))
        gtk_application_set_accels_for_action (GTK_APPLICATION (self), described[i], none);
    }
}
