/* gch-station.c
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

#define G_LOG_DOMAIN "gch-station"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "gch-agent.h"
#include "gch-appointment.h"
#include "gch-change-private.h"
#include "gch-codec.h"
#include "gch-clock.h"
#include "gch-day.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-feedback.h"
#include "gch-guichet.h"
#include "gch-mode.h"
#include "gch-numerique.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-site.h"
#include "gch-station.h"
#include "gch-callback.h"
#include "gch-store.h"
#include "gch-sync.h"

/* What the agents of one station do, at the desk and at the reception.
 *
 * Each request is decided on the day in memory — what the screen shows —
 * into a GchChange: every check happens there, so bad input changes
 * nothing. The change is saved in one transaction with its outbox
 * operation, and only then applied to the day, so the screen never says
 * saved what is not. Requests are taken one at a time, each decided on
 * the day as the one before left it.
 */
struct _GchStation
{
  GObject            parent_instance;

  GchStore          *store;
  GchClock          *clock;
  GchDay            *day;
  char              *actor;
  GchPolicySettings  settings;
  GchPolicySettings  effective;   /* settings as the site's mode makes them */
  gboolean           online;    /* the server answers: see gch_station_set_online() */

  GQueue             pending;   /* GTask, with an OwnedRequest */
  gboolean           busy;

  /* Out of ticket numbers online: more are reserved, then they go again. */
  GchSync           *sync;
  GQueue             short_of_numbers;   /* GTask */
  gboolean           reserving;
};

G_DEFINE_FINAL_TYPE (GchStation, gch_station, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define MAX_NOTES_LENGTH 2000
#define MAX_REASON_LENGTH 200

typedef struct
{
  GchRequest  request;
  char       *ticket;
  char       *reason;
  char       *reference;
  char       *service;
  char       *outcome;
  char      **missing;
  char       *notes;
  char      **services;
  char       *agent;
  char       *phone;
  char       *callback;
  /* point numérique */
  char       *session;
  char       *person;
  char       *demarche;
  char       *signature;
  gboolean    reserved;   /* more ticket numbers were reserved for it already */
} OwnedRequest;

static OwnedRequest *
owned_request_new (const GchRequest *request)
{
  OwnedRequest *owned = g_new0 (OwnedRequest, 1);

  owned->request = *request;
  owned->request.ticket = owned->ticket = g_strdup (request->ticket);
  owned->request.reason = owned->reason = g_strdup (request->reason);
  owned->request.reference = owned->reference = g_strdup (request->reference);
  owned->request.service = owned->service = g_strdup (request->service);
  owned->request.outcome = owned->outcome = g_strdup (request->outcome);
  owned->missing = g_strdupv ((char **)request->missing);
  owned->request.missing = (const char **)owned->missing;
  owned->request.notes = owned->notes = g_strdup (request->notes);
  owned->services = g_strdupv ((char **)request->services);
  owned->request.services = (const char **)owned->services;
  owned->request.agent = owned->agent = g_strdup (request->agent);
  owned->request.phone = owned->phone = g_strdup (request->phone);
  owned->request.callback = owned->callback = g_strdup (request->callback);
  owned->request.session = owned->session = g_strdup (request->session);
  owned->request.person = owned->person = g_strdup (request->person);
  owned->request.demarche = owned->demarche = g_strdup (request->demarche);
  owned->request.signature = owned->signature = g_strdup (request->signature);

  return owned;
}

static void
owned_request_free (gpointer data)
{
  OwnedRequest *owned = data;

  g_free (owned->ticket);
  g_free (owned->reason);
  g_free (owned->reference);
  g_free (owned->service);
  g_free (owned->outcome);
  g_strfreev (owned->missing);
  g_free (owned->notes);
  g_strfreev (owned->services);
  g_free (owned->agent);
  g_free (owned->phone);
  g_free (owned->callback);
  g_free (owned->session);
  g_free (owned->person);
  g_free (owned->demarche);
  g_free (owned->signature);
  g_free (owned);
}

/* Looking things up */

static char *
format_time (GchStation *self,
             gint64      unix_time)
{
  g_autoptr(GTimeZone) tz = gch_site_dup_time_zone (self->day->site);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%H:%M");
}

static const char *
entry_nick (GchEntryState state)
{
  return gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, state);
}

static const char *
appointment_nick (GchAppointmentStatus status)
{
  return gch_enum_to_nick (GCH_TYPE_APPOINTMENT_STATUS, status);
}

static GchGuichet *
find_guichet (GchStation  *self,
              guint        number,
              GError     **error)
{
  GchGuichet *guichet = gch_day_find_guichet (self->day, number);

  if (guichet == NULL)
    g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                 _("There is no guichet %u at this site."), number);

  return guichet;
}

static GchGuichet *
find_open_guichet (GchStation  *self,
                   guint        number,
                   GError     **error)
{
  GchGuichet *guichet = find_guichet (self, number, error);

  if (guichet != NULL && gch_guichet_get_state (guichet) != GCH_GUICHET_STATE_OPEN)
    {
      g_autofree char *state =
        g_utf8_strdown (gch_guichet_state_to_label (gch_guichet_get_state (guichet)), -1);

      /* Translators: the guichet's number, then its state: “paused” or “closed” */
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("Guichet %u is %s: open it before calling anyone."), number, state);
      return NULL;
    }

  return guichet;
}

/**
 * gch_station_find_ticket:
 *
 * Returns: (transfer none) (nullable): today's entry with @ticket
 */
GchQueueEntry *
gch_station_find_ticket (GchStation *self,
                         const char *ticket)
{
  g_return_val_if_fail (GCH_IS_STATION (self), NULL);

  if (self->day == NULL || ticket == NULL)
    return NULL;

  for (guint i = 0; i < self->day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (self->day->entries, i);

      if (g_ascii_strcasecmp (gch_queue_entry_get_ticket (entry), ticket) == 0)
        return entry;
    }

  return NULL;
}

static GchQueueEntry *
find_entry (GchStation  *self,
            const char  *ticket,
            GError     **error)
{
  GchQueueEntry *entry = gch_station_find_ticket (self, ticket);

  if (entry == NULL)
    g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                 _("There is no ticket “%s” today."), ticket ? ticket : "");

  return entry;
}

/* The person called to, or served at, the guichet. */
static GchQueueEntry *
find_current (GchStation  *self,
              guint        guichet,
              GError     **error)
{
  GchQueueEntry *entry = gch_day_current_for_guichet (self->day, guichet);

  if (entry == NULL)
    g_set_error (error, GCH_ERROR, GCH_ERROR_EMPTY,
                 _("Nobody is at guichet %u."), guichet);

  return entry;
}

static gboolean
check_transition (GchQueueEntry  *entry,
                  GchEntryState   to,
                  GError        **error)
{
  GchEntryState from = gch_queue_entry_get_state (entry);

  if (gch_entry_state_allows (from, to))
    return TRUE;

  /* Translators: a ticket number, then two states: “Ticket A042 cannot go from “Done” to “Called”.” */
  g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
               _("Ticket %s cannot go from “%s” to “%s”."),
               gch_queue_entry_get_ticket (entry), gch_entry_state_to_label (from),
               gch_entry_state_to_label (to));
  return FALSE;
}

static gboolean
check_guichet_free (GchStation  *self,
                    guint        guichet,
                    GError     **error)
{
  GchQueueEntry *current = gch_day_current_for_guichet (self->day, guichet);

  if (current == NULL)
    return TRUE;

  g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
               _("%s is still at guichet %u: finish, put on hold or mark as no-show first."),
               gch_queue_entry_get_ticket (current), guichet);
  return FALSE;
}

/* The next ticket number of @service. A station that reserved blocks of
 * numbers for the day takes the lowest number of its blocks that no entry
 * has: a ticket whose transaction failed left its number free. One that
 * never reserved any (standalone, the demo) follows the highest number it
 * knows. Out of numbers, it says so rather than risk another station's.
 */
static char *
next_ticket (GchStation  *self,
             GchService  *service,
             GError     **error)
{
  g_autoptr(GPtrArray) blocks = gch_store_dup_ticket_blocks (self->store, self->day->date);
  g_autoptr(GHashTable) taken = g_hash_table_new (NULL, NULL);
  const char *prefix = gch_service_get_prefix (service);
  gsize prefix_length = strlen (prefix);
  guint64 last = 0;

  for (guint i = 0; i < self->day->entries->len; i++)
    {
      const char *ticket = gch_queue_entry_get_ticket (g_ptr_array_index (self->day->entries, i));
      guint64 number;

      if (g_str_has_prefix (ticket, prefix) &&
          g_ascii_string_to_unsigned (ticket + prefix_length, 10, 0, G_MAXUINT, &number, NULL))
        {
          last = MAX (last, number);
          g_hash_table_add (taken, GUINT_TO_POINTER ((guint) number));
        }
    }

  /* Alone, a station numbers as it likes; with a server, only from the
   * blocks it gave this station, or it would take another station's.
   */
  if (blocks->len == 0 && self->sync == NULL)
    return g_strdup_printf ("%s%03" G_GUINT64_FORMAT, prefix, last + 1);

  for (guint i = 0; i < blocks->len; i++)
    {
      GchTicketBlock *block = g_ptr_array_index (blocks, i);

      if (!g_str_equal (block->prefix, prefix))
        continue;
      for (guint number = block->first; number <= block->last && number > 0; number++)
        if (!g_hash_table_contains (taken, GUINT_TO_POINTER (number)))
          return g_strdup_printf ("%s%03u", prefix, number);
    }

  if (self->online)
    g_set_error (error, GCH_ERROR, GCH_ERROR_NO_TICKETS,
                 _("No ticket numbers are left for %s on this station: more are being reserved "
                   "from the server. Try again in a moment."),
                 gch_service_get_name (service));
  else
    g_set_error (error, GCH_ERROR, GCH_ERROR_NO_TICKETS,
                 _("Offline: no ticket numbers are left for %s on this station, and it can "
                   "reserve more only when the server is back. Another station may still "
                   "have numbers."),
                 gch_service_get_name (service));
  return NULL;
}

/* Offline, a station calls only whom no other station can call: those
 * waiting for its own guichet, and those it issued itself while offline
 * (DESIGN.md §6). Everyone else waits for the server.
 */
static gboolean
callable_offline (GchStation    *self,
                  GchQueueEntry *entry,
                  guint          guichet)
{
  return gch_queue_entry_get_guichet (entry) == guichet ||
         gch_store_is_issued_offline (self->store, gch_queue_entry_get_id (entry));
}

/**
 * gch_station_count_walk_ins:
 *
 * Returns: how many walk-in tickets were issued today for @service, the
 *   number the daily cap counts
 */
guint
gch_station_count_walk_ins (GchStation *self,
                            GchService *service)
{
  g_return_val_if_fail (GCH_IS_STATION (self), 0);

  return self->day != NULL ? gch_mode_count_walk_ins (self->day, service) : 0;
}

/* The operation for the outbox: what the server needs to apply it. After
 * @first_key come key, value pairs, to a NULL key; a NULL value is left out.
 */
static char *
build_payload (GchChange     *change,
               GchQueueEntry *entry,
               const char    *first_key,
               ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  va_list args;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, gch_change_get_kind (change));
  json_builder_set_member_name (builder, "at");
  json_builder_add_int_value (builder, gch_change_get_at (change));
  if (gch_change_get_guichet (change) != 0)
    {
      json_builder_set_member_name (builder, "guichet");
      json_builder_add_int_value (builder, gch_change_get_guichet (change));
    }
  if (entry != NULL)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_add_string_value (builder, gch_queue_entry_get_id (entry));
      json_builder_set_member_name (builder, "ticket");
      json_builder_add_string_value (builder, gch_queue_entry_get_ticket (entry));
    }

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  va_end (args);

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static GchChange *
new_change (GchStation *self,
            const char *kind,
            guint       guichet)
{
  return gch_change_new (kind, self->actor, guichet, gch_clock_now (self->clock));
}

/* A change of state of one entry, with its event and its operation. */
static GchQueueEntry *
move_entry (GchChange     *change,
            GchQueueEntry *entry,
            GchEntryState  to,
            const char    *detail)
{
  GchQueueEntry *copy = gch_change_update (change, entry);

  gch_queue_entry_set_state (copy, to);
  gch_change_add_event (change, "entry", gch_queue_entry_get_id (entry),
                        entry_nick (gch_queue_entry_get_state (entry)), entry_nick (to), detail);
  return copy;
}

static void
move_appointment (GchChange            *change,
                  GchAppointment       *appointment,
                  GchAppointmentStatus  to,
                  const char           *detail)
{
  GchAppointmentStatus from;
  GchAppointment *copy;

  if (appointment == NULL ||
      !gch_appointment_status_allows ((from = gch_appointment_get_status (appointment)), to))
    return;

  copy = gch_change_update (change, appointment);
  gch_appointment_set_status (copy, to);
  gch_change_add_event (change, "appointment", gch_appointment_get_reference (appointment),
                        appointment_nick (from), appointment_nick (to), detail);
}

static void
set_entry_operation (GchChange     *change,
                     GchQueueEntry *entry,
                     const char    *payload)
{
  gch_change_set_operation (change, "entry", gch_queue_entry_get_id (entry),
                            gch_queue_entry_get_version (entry), payload);
}

/* The desk */

static GchChange *
call (GchStation     *self,
      guint           guichet,
      GchQueueEntry  *entry,
      const char     *reason,
      GError        **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  GchQueueEntry *copy;

  /* called → called is a recall, at the guichet that called them: another
   * guichet calling them would take them from it.
   */
  if (gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_CALLED)
    {
      g_autofree char *when = format_time (self, gch_queue_entry_get_called_at (entry));

      /* Translators: a ticket number, a guichet's number, then a time */
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("%s was already called at guichet %u at %s."),
                   gch_queue_entry_get_ticket (entry), gch_queue_entry_get_guichet (entry), when);
      return NULL;
    }

  if (!check_transition (entry, GCH_ENTRY_STATE_CALLED, error))
    return NULL;

  change = new_change (self, "call", guichet);
  copy = move_entry (change, entry, GCH_ENTRY_STATE_CALLED, reason);
  gch_queue_entry_set_guichet (copy, guichet);
  gch_queue_entry_set_called_at (copy, gch_change_get_at (change));

  payload = build_payload (change, entry, "reason", reason, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

static GchChange *
decide_call_next (GchStation        *self,
                  const GchRequest  *request,
                  GError           **error)
{
  GchQueueEntry *next;

  if (!find_open_guichet (self, request->guichet, error) ||
      !check_guichet_free (self, request->guichet, error))
    return NULL;

  if (self->online)
    next = gch_policy_next (self->day, gch_station_get_settings (self), request->guichet,
                            gch_clock_now (self->clock));
  else
    {
      /* The policy stays a pure function: it sees a hall without the
       * people this station may not call, the way estimate_walk_in()
       * shows it one more.
       */
      GPtrArray *all = self->day->entries;
      g_autoptr(GPtrArray) callable = g_ptr_array_new_full (all->len, g_object_unref);
      guint waiting = 0;

      for (guint i = 0; i < all->len; i++)
        {
          GchQueueEntry *entry = g_ptr_array_index (all, i);

          if (gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING &&
              !callable_offline (self, entry, request->guichet))
            {
              waiting++;
              continue;
            }
          g_ptr_array_add (callable, g_object_ref (entry));
        }

      self->day->entries = callable;
      next = gch_policy_next (self->day, gch_station_get_settings (self), request->guichet,
                              gch_clock_now (self->clock));
      self->day->entries = all;

      if (next == NULL && waiting > 0)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_EMPTY,
                       ngettext ("Offline: nobody waiting is assigned to guichet %u or was issued "
                                 "here. The %u other person waiting will be called when the "
                                 "server is back.",
                                 "Offline: nobody waiting is assigned to guichet %u or was issued "
                                 "here. The %u other people waiting will be called when the "
                                 "server is back.", waiting),
                       request->guichet, waiting);
          return NULL;
        }
    }

  if (next == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_EMPTY,
                   _("Nobody is waiting for guichet %u."), request->guichet);
      return NULL;
    }

  return call (self, request->guichet, next, NULL, error);
}

static GchChange *
decide_call_entry (GchStation        *self,
                   const GchRequest  *request,
                   GError           **error)
{
  g_autofree char *reason = g_strstrip (g_strdup (request->reason ? request->reason : ""));
  GchQueueEntry *entry;

  if (!find_open_guichet (self, request->guichet, error) ||
      !(entry = find_entry (self, request->ticket, error)) ||
      !check_guichet_free (self, request->guichet, error))
    return NULL;

  /* Another station may call them at the same time: only the server can
   * decide between the two.
   */
  if (!self->online && gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING &&
      !callable_offline (self, entry, request->guichet))
    {
      /* Translators: a ticket number */
      g_set_error (error, GCH_ERROR, GCH_ERROR_OFFLINE,
                   _("Offline: %s is not assigned to this guichet; it will be called when the "
                     "server is back."),
                   gch_queue_entry_get_ticket (entry));
      return NULL;
    }

  if (*reason == '\0' || g_utf8_strlen (reason, -1) > MAX_REASON_LENGTH)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Say in a few words why %s is called out of turn."),
                   gch_queue_entry_get_ticket (entry));
      return NULL;
    }

  return call (self, request->guichet, entry, reason, error);
}

static GchChange *
decide_recall (GchStation        *self,
               const GchRequest  *request,
               GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  GchQueueEntry *entry, *copy;

  if (!(entry = find_current (self, request->guichet, error)))
    return NULL;

  if (gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_CALLED)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("%s is already being served: there is nobody to call again."),
                   gch_queue_entry_get_ticket (entry));
      return NULL;
    }

  change = new_change (self, "recall", request->guichet);
  copy = move_entry (change, entry, GCH_ENTRY_STATE_CALLED, "recall");
  gch_queue_entry_set_recalls (copy, gch_queue_entry_get_recalls (entry) + 1);
  gch_queue_entry_set_called_at (copy, gch_change_get_at (change));

  payload = build_payload (change, entry, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

/* Start, no-show, hold: the current person moves, nothing else. */
static GchChange *
decide_current_move (GchStation        *self,
                     const GchRequest  *request,
                     const char        *kind,
                     GchEntryState      to,
                     GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  GchQueueEntry *entry;

  if (!(entry = find_current (self, request->guichet, error)) ||
      !check_transition (entry, to, error))
    return NULL;

  change = new_change (self, kind, request->guichet);
  move_entry (change, entry, to, NULL);
  if (to == GCH_ENTRY_STATE_NO_SHOW)
    move_appointment (change, gch_queue_entry_get_appointment (entry),
                      GCH_APPOINTMENT_STATUS_NO_SHOW, NULL);

  payload = build_payload (change, entry, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

static GchChange *
decide_finish (GchStation        *self,
               const GchRequest  *request,
               GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GString) detail = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *missing = NULL;
  const char * const *documents;
  const char *outcome = request->outcome ? request->outcome : "served";
  GchQueueEntry *entry, *copy;
  guint n_missing = request->missing ? g_strv_length ((char **)request->missing) : 0;

  if (!(entry = find_current (self, request->guichet, error)) ||
      !check_transition (entry, GCH_ENTRY_STATE_DONE, error))
    return NULL;

  if (!g_str_equal (outcome, "served") && !g_str_equal (outcome, "incomplete") &&
      !g_str_equal (outcome, "redirected"))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("“%s” is not an outcome: a service ends served, incomplete or redirected."),
                   outcome);
      return NULL;
    }

  documents = gch_service_get_documents (gch_queue_entry_get_service (entry));
  if (g_str_equal (outcome, "incomplete") && n_missing == 0)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Tick the documents that are missing from the dossier of %s."),
                   gch_queue_entry_get_ticket (entry));
      return NULL;
    }

  for (guint i = 0; i < n_missing; i++)
    if (documents == NULL || !g_strv_contains (documents, request->missing[i]))
      {
        g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                     _("“%s” is not one of the documents of this service."), request->missing[i]);
        return NULL;
      }

  detail = g_string_new (outcome);
  if (n_missing > 0 && g_str_equal (outcome, "incomplete"))
    {
      missing = g_strjoinv ("; ", (char **)request->missing);
      g_string_append_printf (detail, ": %s", missing);
    }

  change = new_change (self, "finish", request->guichet);
  copy = move_entry (change, entry, GCH_ENTRY_STATE_DONE, detail->str);
  gch_queue_entry_set_outcome (copy, outcome);
  move_appointment (change, gch_queue_entry_get_appointment (entry),
                    GCH_APPOINTMENT_STATUS_SERVED, outcome);

  payload = build_payload (change, entry, "outcome", outcome, "missing", missing, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

static GchChange *
decide_resume (GchStation        *self,
               const GchRequest  *request,
               GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  GchQueueEntry *entry;

  if (!(entry = find_entry (self, request->ticket, error)) ||
      !check_transition (entry, GCH_ENTRY_STATE_WAITING, error))
    return NULL;

  /* Back in the queue of the guichet that put them on hold, at their place. */
  change = new_change (self, "resume", request->guichet);
  move_entry (change, entry, GCH_ENTRY_STATE_WAITING, NULL);

  payload = build_payload (change, entry, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

static GchQueueEntry *
new_entry_as (GchChange      *change,
              const char     *id,
              const char     *ticket,
              GchService     *service,
              GchPriority     priority,
              GchAppointment *appointment,
              guint           guichet,
              gboolean        late,
              const char     *transferred_from)
{
  g_autoptr(GchQueueEntry) entry = NULL;

  entry = g_object_new (GCH_TYPE_QUEUE_ENTRY,
                        "id", id,
                        "ticket", ticket,
                        "service", service,
                        "priority", priority,
                        "arrived-at", gch_change_get_at (change),
                        "appointment", appointment,
                        "late", late,
                        "guichet", guichet,
                        "transferred-from", transferred_from,
                        "state", GCH_ENTRY_STATE_WAITING,
                        NULL);

  gch_change_insert (change, entry);
  gch_change_add_event (change, "entry", id, NULL, entry_nick (GCH_ENTRY_STATE_WAITING),
                        transferred_from);
  return entry;
}

static GchQueueEntry *
new_entry (GchStation     *self,
           GchChange      *change,
           GchService     *service,
           GchPriority     priority,
           GchAppointment *appointment,
           guint           guichet,
           gboolean        late,
           const char     *transferred_from,
           GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *ticket = next_ticket (self, service, error);

  if (ticket == NULL)
    return NULL;

  /* Offline, the new entry is this station's own to call. */
  if (!self->online)
    _gch_change_set_offline (change, TRUE);

  return new_entry_as (change, id, ticket, service, priority, appointment, guichet, late,
                       transferred_from);
}

static GchChange *
decide_transfer (GchStation        *self,
                 const GchRequest  *request,
                 GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *target = NULL;
  GchQueueEntry *entry, *moved;
  GchService *service;
  GchGuichet *guichet = NULL;

  if (!(entry = find_current (self, request->guichet, error)) ||
      !check_transition (entry, GCH_ENTRY_STATE_TRANSFERRED, error))
    return NULL;

  if ((request->service == NULL) == (request->target_guichet == 0))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Choose where to send %s: another service, or another guichet."),
                   gch_queue_entry_get_ticket (entry));
      return NULL;
    }

  if (request->service != NULL)
    {
      if (!(service = gch_day_find_service (self->day, request->service)))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                       _("There is no service “%s” at this site."), request->service);
          return NULL;
        }
      target = g_strdup (request->service);
    }
  else
    {
      service = gch_queue_entry_get_service (entry);
      if (!(guichet = find_guichet (self, request->target_guichet, error)))
        return NULL;
      if (request->target_guichet == request->guichet ||
          gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_CLOSED)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       request->target_guichet == request->guichet
                       ? _("%s is already at guichet %u.")
                       : _("%s cannot be sent to guichet %u: it is closed."),
                       gch_queue_entry_get_ticket (entry), request->target_guichet);
          return NULL;
        }
      target = g_strdup_printf ("guichet:%u", request->target_guichet);
    }

  change = new_change (self, "transfer", request->guichet);
  move_entry (change, entry, GCH_ENTRY_STATE_TRANSFERRED, target);
  move_appointment (change, gch_queue_entry_get_appointment (entry),
                    GCH_APPOINTMENT_STATUS_SERVED, "transferred");
  moved = new_entry (self, change, service, gch_queue_entry_get_priority (entry), NULL,
                     request->target_guichet, FALSE, gch_queue_entry_get_id (entry), error);
  if (moved == NULL)
    return NULL;

  payload = build_payload (change, entry, "target", target,
                           "new-entry", gch_queue_entry_get_id (moved),
                           "new-ticket", gch_queue_entry_get_ticket (moved), NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

/* The reception */

static GchChange *
decide_issue_ticket (GchStation        *self,
                     const GchRequest  *request,
                     GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  GchQueueEntry *entry;
  GchService *service;

  if (!(service = gch_day_find_service (self->day, request->service)))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("There is no service “%s” at this site."),
                   request->service ? request->service : "");
      return NULL;
    }

  if (!gch_service_get_accepts_walk_ins (service))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("%s is by appointment only: offer an appointment."),
                   gch_service_get_name (service));
      return NULL;
    }

  /* From outside too (a D-Bus action): not one of ours, not a ticket. */
  if (gch_enum_to_nick (GCH_TYPE_PRIORITY, request->priority) == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("This is not a priority category."));
      return NULL;
    }

  /* The cap, and in affluence the closing time: see gch-mode.h. */
  if (!gch_mode_check_walk_in (self->day, gch_station_get_settings (self), service,
                               gch_clock_now (self->clock), error))
    return NULL;

  change = new_change (self, "issue-ticket", 0);
  if (!(entry = new_entry (self, change, service, request->priority, NULL, 0, FALSE, NULL, error)))
    return NULL;

  payload = build_payload (change, entry, "service", gch_service_get_code (service),
                           "priority", gch_enum_to_nick (GCH_TYPE_PRIORITY, request->priority),
                           NULL);
  gch_change_set_operation (change, "entry", gch_queue_entry_get_id (entry), 0, payload);
  return g_steal_pointer (&change);
}

static GchAppointment *
find_appointment (GchStation  *self,
                  const char  *reference,
                  GError     **error)
{
  for (guint i = 0; reference != NULL && i < self->day->appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (self->day->appointments, i);

      if (g_ascii_strcasecmp (gch_appointment_get_reference (appointment), reference) == 0)
        return appointment;
    }

  g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
               _("There is no appointment “%s” today."), reference ? reference : "");
  return NULL;
}

static GchQueueEntry *
entry_of (GchStation     *self,
          GchAppointment *appointment)
{
  for (guint i = 0; i < self->day->entries->len; i++)
    if (gch_queue_entry_get_appointment (g_ptr_array_index (self->day->entries, i)) == appointment)
      return g_ptr_array_index (self->day->entries, i);

  return NULL;
}

static GchChange *
decide_check_in (GchStation        *self,
                 const GchRequest  *request,
                 GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  GchAppointment *appointment;
  GchAppointmentStatus status;
  GchQueueEntry *entry;
  gboolean late;

  if (!(appointment = find_appointment (self, request->reference, error)))
    return NULL;

  status = gch_appointment_get_status (appointment);
  if (status == GCH_APPOINTMENT_STATUS_CHECKED_IN || status == GCH_APPOINTMENT_STATUS_SERVED)
    {
      GchQueueEntry *existing = entry_of (self, appointment);

      /* Translators: an appointment's reference, then its ticket number */
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("%s has already checked in, with ticket %s."),
                   gch_appointment_get_reference (appointment),
                   existing ? gch_queue_entry_get_ticket (existing) : "?");
      return NULL;
    }

  if (!gch_appointment_status_allows (status, GCH_APPOINTMENT_STATUS_CHECKED_IN))
    {
      /* Translators: an appointment's reference, then its status */
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("%s cannot check in: the appointment is “%s”."),
                   gch_appointment_get_reference (appointment),
                   gch_appointment_status_to_label (status));
      return NULL;
    }

  change = new_change (self, "check-in", 0);
  late = gch_policy_is_late (gch_station_get_settings (self), appointment, gch_change_get_at (change));

  /* Past the tolerance, the holder waits as a walk-in, marked late. */
  entry = new_entry (self, change, gch_appointment_get_service (appointment), GCH_PRIORITY_NONE,
                     appointment, late ? 0 : gch_appointment_get_guichet (appointment), late, NULL,
                     error);
  if (entry == NULL)
    return NULL;
  move_appointment (change, appointment, GCH_APPOINTMENT_STATUS_CHECKED_IN,
                    gch_queue_entry_get_ticket (entry));

  payload = build_payload (change, entry, "appointment", gch_appointment_get_reference (appointment),
                           "late", late ? "true" : NULL, NULL);
  gch_change_set_operation (change, "appointment", gch_appointment_get_reference (appointment),
                            gch_appointment_get_version (appointment), payload);
  return g_steal_pointer (&change);
}

static GchChange *
decide_mark_printed (GchStation        *self,
                     const GchRequest  *request,
                     GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  GchQueueEntry *entry, *copy;
  const char *state;

  if (!(entry = find_entry (self, request->ticket, error)))
    return NULL;

  if (gch_queue_entry_get_printed_at (entry) != 0)
    {
      g_autofree char *when = format_time (self, gch_queue_entry_get_printed_at (entry));

      /* Translators: a ticket number, then a time */
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Ticket %s was already printed at %s; a ticket is printed once."),
                   gch_queue_entry_get_ticket (entry), when);
      return NULL;
    }

  change = new_change (self, "print", request->guichet);
  copy = gch_change_update (change, entry);
  gch_queue_entry_set_printed_at (copy, gch_change_get_at (change));
  state = entry_nick (gch_queue_entry_get_state (entry));
  gch_change_add_event (change, "entry", gch_queue_entry_get_id (entry), state, state, "printed");

  payload = build_payload (change, entry, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

static GchChange *
decide_set_notes (GchStation        *self,
                  const GchRequest  *request,
                  GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *notes = g_strstrip (g_strdup (request->notes ? request->notes : ""));
  GchQueueEntry *entry, *copy;
  const char *state;

  entry = request->ticket != NULL ? find_entry (self, request->ticket, error)
                                  : find_current (self, request->guichet, error);
  if (entry == NULL)
    return NULL;

  if (!g_utf8_validate (notes, -1, NULL) || g_utf8_strlen (notes, -1) > MAX_NOTES_LENGTH)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Notes are kept short: %u characters at most."), MAX_NOTES_LENGTH);
      return NULL;
    }

  change = new_change (self, "notes", request->guichet);
  copy = gch_change_update (change, entry);
  gch_queue_entry_set_notes (copy, *notes != '\0' ? notes : NULL);
  state = entry_nick (gch_queue_entry_get_state (entry));
  gch_change_add_event (change, "entry", gch_queue_entry_get_id (entry), state, state, "notes");

  payload = build_payload (change, entry, "notes", notes, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

/* Satisfaction: the person rates the service that just ended, once, with
 * no name or contact kept (Qual-e-pref 3.2).
 */
static GchChange *
decide_rate_service (GchStation        *self,
                     const GchRequest  *request,
                     GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *value = NULL;
  GchQueueEntry *entry;
  const char *state;

  if (!(entry = find_entry (self, request->ticket, error)))
    return NULL;

  if (request->satisfaction <= GCH_SATISFACTION_NONE ||
      request->satisfaction > GCH_SATISFACTION_LAST)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("A rating is one of the four faces, from very satisfied to not satisfied."));
      return NULL;
    }

  if (gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_DONE)
    {
      /* Translators: %s is a ticket number, A042 */
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("%s can be rated only once the service has ended."),
                   gch_queue_entry_get_ticket (entry));
      return NULL;
    }

  if (gch_queue_entry_get_satisfaction (entry) != GCH_SATISFACTION_NONE)
    {
      /* Translators: %s is a ticket number, A042 */
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The service of %s was rated already."), gch_queue_entry_get_ticket (entry));
      return NULL;
    }

  change = new_change (self, "rate", request->guichet);
  gch_queue_entry_set_satisfaction (gch_change_update (change, entry), request->satisfaction);
  state = entry_nick (gch_queue_entry_get_state (entry));
  gch_change_add_event (change, "entry", gch_queue_entry_get_id (entry), state, state, "rated");

  value = g_strdup_printf ("%u", request->satisfaction);
  payload = build_payload (change, entry, "satisfaction", value, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

/* Call-backs */

#define MAX_CALLBACK_NAME_LENGTH 200

static const char *
callback_nick (GchCallbackStatus status)
{
  return gch_enum_to_nick (GCH_TYPE_CALLBACK_STATUS, status);
}

/* A new call-back, @id given by the station that took it; the phone
 * number checked and written the one way.
 */
static GchChange *
make_callback (GchStation   *self,
               const char   *id,
               const char   *code,
               const char   *phone,
               const char   *name,
               const char   *taken_by,
               GError      **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GchCallback) callback = NULL;
  g_autofree char *number = NULL;
  g_autofree char *clean_name = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *payload = NULL;
  GchService *service = gch_day_find_service (self->day, code);

  if (service == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("There is no service “%s” at this site."), code ? code : "");
      return NULL;
    }

  if (!(number = gch_phone_normalize (phone, error)))
    return NULL;

  if (!g_utf8_validate (clean_name, -1, NULL) ||
      g_utf8_strlen (clean_name, -1) > MAX_CALLBACK_NAME_LENGTH)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("A name is kept short: %u characters at most."), MAX_CALLBACK_NAME_LENGTH);
      return NULL;
    }

  if (gch_day_find_callback (self->day, id) != NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT, _("This call-back was taken already."));
      return NULL;
    }

  change = new_change (self, "callback", 0);
  callback = g_object_new (GCH_TYPE_CALLBACK,
                           "id", id,
                           "service", service,
                           "taken-at", gch_change_get_at (change),
                           "taken-by", taken_by != NULL && *taken_by != '\0' ? taken_by
                                                                            : self->actor,
                           "phone", number,
                           "name", *clean_name != '\0' ? clean_name : NULL,
                           NULL);
  gch_change_create (change, callback);
  gch_change_add_event (change, "callback", id, NULL,
                        callback_nick (GCH_CALLBACK_STATUS_WAITING), NULL);

  payload = build_payload (change, NULL, "callback", id, "service", code, "phone", number,
                           "name", clean_name, "taken-by", gch_callback_get_taken_by (callback),
                           NULL);
  gch_change_set_operation (change, "callback", id, 0, payload);
  return g_steal_pointer (&change);
}

/* In affluence or crise, or when a ticket would be refused, the reception
 * takes a phone number instead of a ticket.
 */
static GchChange *
decide_take_callback (GchStation        *self,
                      const GchRequest  *request,
                      GError           **error)
{
  g_autofree char *id = g_uuid_string_random ();
  GchService *service = gch_day_find_service (self->day, request->service);

  if (service != NULL && gch_site_get_mode (self->day->site) == GCH_SITE_MODE_NORMAL &&
      gch_service_get_accepts_walk_ins (service) &&
      gch_mode_check_walk_in (self->day, gch_station_get_settings (self), service,
                              gch_clock_now (self->clock), NULL))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("%s still takes walk-ins: give the person a ticket. Call-backs are for "
                     "affluence, or when no more tickets are issued."),
                   gch_service_get_name (service));
      return NULL;
    }

  /* The agent who took it, when the station knows them; its own name otherwise. */
  return make_callback (self, id, request->service, request->phone, request->notes,
                        request->agent, error);
}

static GchChange *
decide_callback_outcome (GchStation        *self,
                         const GchRequest  *request,
                         GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  GchCallback *callback = gch_day_find_callback (self->day, request->callback);
  GchCallbackStatus from;
  GchCallback *copy;
  int to;

  if (callback == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("There is no such call-back today."));
      return NULL;
    }

  if (request->outcome == NULL ||
      !gch_enum_from_nick (GCH_TYPE_CALLBACK_STATUS, request->outcome, &to) ||
      to == GCH_CALLBACK_STATUS_WAITING)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("“%s” is not an outcome of a call-back: called back, appointment given or "
                     "no answer."), request->outcome ? request->outcome : "");
      return NULL;
    }

  from = gch_callback_get_status (callback);
  if (from == GCH_CALLBACK_STATUS_CALLED_BACK || from == GCH_CALLBACK_STATUS_APPOINTMENT)
    {
      /* Translators: the outcome, “Called back” or “Appointment given” */
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("This person was reached already: %s."), gch_callback_status_to_label (from));
      return NULL;
    }

  if (gch_callback_is_erased (callback))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("This call-back’s number was erased: it is past its retention period."));
      return NULL;
    }

  change = new_change (self, "callback-outcome", request->guichet);
  copy = gch_change_update (change, callback);
  gch_callback_set_status (copy, to);
  gch_callback_set_attempts (copy, gch_callback_get_attempts (callback) + 1);
  gch_callback_set_last_attempt_at (copy, gch_change_get_at (change));
  gch_change_add_event (change, "callback", gch_callback_get_id (callback), callback_nick (from),
                        callback_nick (to), NULL);

  payload = build_payload (change, NULL, "outcome", request->outcome, NULL);
  gch_change_set_operation (change, "callback", gch_callback_get_id (callback),
                            gch_callback_get_version (callback), payload);
  return g_steal_pointer (&change);
}

static GchChange *
decide_guichet_state (GchStation        *self,
                      const GchRequest  *request,
                      GchGuichetState    to,
                      GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *number = NULL;
  GchGuichetState from;
  GchGuichet *guichet, *copy;
  const char *kind;

  if (!(guichet = find_guichet (self, request->guichet, error)))
    return NULL;

  from = gch_guichet_get_state (guichet);
  if (from == to)
    {
      g_autofree char *state = g_utf8_strdown (gch_guichet_state_to_label (to), -1);

      /* Translators: a guichet's number, then its state */
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION, _("Guichet %u is already %s."),
                   request->guichet, state);
      return NULL;
    }

  if (to == GCH_GUICHET_STATE_PAUSED && from == GCH_GUICHET_STATE_CLOSED)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("Guichet %u is closed: open it before pausing it."), request->guichet);
      return NULL;
    }

  if (to == GCH_GUICHET_STATE_CLOSED && !check_guichet_free (self, request->guichet, error))
    return NULL;

  kind = to == GCH_GUICHET_STATE_OPEN ? "open-guichet"
       : to == GCH_GUICHET_STATE_PAUSED ? "pause-guichet" : "close-guichet";
  change = new_change (self, kind, request->guichet);
  copy = gch_change_update (change, guichet);
  gch_guichet_set_state (copy, to);

  number = g_strdup_printf ("%u", request->guichet);
  gch_change_add_event (change, "guichet", number,
                        gch_enum_to_nick (GCH_TYPE_GUICHET_STATE, from),
                        gch_enum_to_nick (GCH_TYPE_GUICHET_STATE, to), NULL);

  payload = build_payload (change, NULL, NULL);
  gch_change_set_operation (change, "guichet", number, 0, payload);
  return g_steal_pointer (&change);
}

/* The supervisor's: a waiting person, never the one at a counter. */
static GchQueueEntry *
find_waiting (GchStation  *self,
              const char  *ticket,
              GError     **error)
{
  GchQueueEntry *entry = find_entry (self, ticket, error);

  if (entry != NULL && gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_WAITING)
    {
      /* Translators: a ticket number */
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("%s is no longer waiting: only people waiting can be moved."),
                   gch_queue_entry_get_ticket (entry));
      return NULL;
    }

  return entry;
}

/* A waiting person into a guichet's own queue, or back into their
 * service's (target 0): the supervisor rebalancing the hall.
 */
static GchChange *
decide_assign_guichet (GchStation        *self,
                       const GchRequest  *request,
                       GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *target = NULL;
  g_autofree char *detail = NULL;
  GchQueueEntry *entry, *copy;
  GchService *service;
  guint number = request->target_guichet;

  if (!(entry = find_waiting (self, request->ticket, error)))
    return NULL;

  service = gch_queue_entry_get_service (entry);
  if (number == gch_queue_entry_get_guichet (entry))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   number != 0 ? _("%s already waits for guichet %u.")
                               : _("%s already waits for any guichet of the service."),
                   gch_queue_entry_get_ticket (entry), number);
      return NULL;
    }

  if (number != 0)
    {
      GchGuichet *guichet = find_guichet (self, number, error);

      if (guichet == NULL)
        return NULL;
      if (gch_guichet_get_state (guichet) != GCH_GUICHET_STATE_OPEN)
        {
          g_autofree char *state =
            g_utf8_strdown (gch_guichet_state_to_label (gch_guichet_get_state (guichet)), -1);

          /* Translators: a guichet's number, its state (“closed”), then a ticket */
          g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                       _("Guichet %u is %s: open it before moving %s to it."),
                       number, state, gch_queue_entry_get_ticket (entry));
          return NULL;
        }
      if (!g_strv_contains (gch_guichet_get_services (guichet), gch_service_get_code (service)))
        {
          /* Translators: a guichet's number, then a service's name */
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("Guichet %u does not handle %s."), number, gch_service_get_name (service));
          return NULL;
        }
      if (gch_queue_entry_get_priority (entry) == GCH_PRIORITY_DISABILITY &&
          !gch_guichet_get_accessible (guichet))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("Guichet %u is not accessible, and %s needs an accessible guichet."),
                       number, gch_queue_entry_get_ticket (entry));
          return NULL;
        }
    }

  change = new_change (self, "assign", 0);
  copy = gch_change_update (change, entry);
  gch_queue_entry_set_guichet (copy, number);
  target = g_strdup_printf ("%u", number);
  detail = number != 0 ? g_strdup_printf ("guichet:%u", number) : g_strdup ("service");
  gch_change_add_event (change, "entry", gch_queue_entry_get_id (entry), "waiting", "waiting",
                        detail);

  payload = build_payload (change, entry, "target", target, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

static GchChange *
decide_set_priority (GchStation        *self,
                     const GchRequest  *request,
                     GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  const char *nick = gch_enum_to_nick (GCH_TYPE_PRIORITY, request->priority);
  GchQueueEntry *entry, *copy;

  if (!(entry = find_waiting (self, request->ticket, error)))
    return NULL;

  if (nick == NULL || gch_queue_entry_get_priority (entry) == request->priority)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("%s already has this priority."), gch_queue_entry_get_ticket (entry));
      return NULL;
    }

  change = new_change (self, "priority", 0);
  copy = gch_change_update (change, entry);
  gch_queue_entry_set_priority (copy, request->priority);
  gch_change_add_event (change, "entry", gch_queue_entry_get_id (entry), "waiting", "waiting",
                        nick);

  payload = build_payload (change, entry, "priority", nick, NULL);
  set_entry_operation (change, entry, payload);
  return g_steal_pointer (&change);
}

/* A service's thresholds, past which the supervisors are alerted. */
static GchChange *
decide_set_thresholds (GchStation        *self,
                       const GchRequest  *request,
                       GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *wait = NULL;
  g_autofree char *waiting = NULL;
  GchService *service, *copy;

  if (!(service = gch_day_find_service (self->day, request->service)))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("There is no service “%s” at this site."),
                   request->service ? request->service : "");
      return NULL;
    }

  if (request->max_wait_minutes < 1 || request->max_wait_minutes > GCH_SERVICE_MAX_THRESHOLD)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The longest wait must be from 1 to %u minutes."), GCH_SERVICE_MAX_THRESHOLD);
      return NULL;
    }

  if (request->max_waiting_per_guichet < 1 ||
      request->max_waiting_per_guichet > GCH_SERVICE_MAX_THRESHOLD)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The most people waiting per open guichet must be from 1 to %u."),
                   GCH_SERVICE_MAX_THRESHOLD);
      return NULL;
    }

  if ((guint) request->max_wait_minutes == gch_service_get_max_wait_minutes (service) &&
      (guint) request->max_waiting_per_guichet == gch_service_get_max_waiting_per_guichet (service))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("%s already has these thresholds."), gch_service_get_name (service));
      return NULL;
    }

  change = new_change (self, "thresholds", 0);
  copy = gch_change_update (change, service);
  gch_service_set_thresholds (copy, request->max_wait_minutes, request->max_waiting_per_guichet);

  /* The event's states are the thresholds: longest wait/most waiting. */
  from = g_strdup_printf ("%u/%u", gch_service_get_max_wait_minutes (service),
                          gch_service_get_max_waiting_per_guichet (service));
  to = g_strdup_printf ("%d/%d", request->max_wait_minutes, request->max_waiting_per_guichet);
  gch_change_add_event (change, "service", gch_service_get_code (service), from, to, "thresholds");

  wait = g_strdup_printf ("%d", request->max_wait_minutes);
  waiting = g_strdup_printf ("%d", request->max_waiting_per_guichet);
  payload = build_payload (change, NULL, "max-wait-minutes", wait,
                           "max-waiting-per-guichet", waiting, NULL);
  gch_change_set_operation (change, "service", gch_service_get_code (service), 0, payload);
  return g_steal_pointer (&change);
}

static char *
join_services (const char * const *services)
{
  return g_strjoinv (",", (char **) services);
}

/* The services a guichet handles. Those waiting in its own queue for a
 * service it drops go back to their service's queue, or nobody would
 * ever call them.
 */
static GchChange *
decide_set_guichet_services (GchStation        *self,
                             const GchRequest  *request,
                             GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *number = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *detail = NULL;
  const char * const *services = (const char * const *) request->services;
  const char *state;
  GchGuichet *guichet, *copy;
  guint n = services != NULL ? g_strv_length ((char **) services) : 0;

  if (!(guichet = find_guichet (self, request->target_guichet, error)))
    return NULL;

  if (n == 0)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Guichet %u must handle at least one service."), request->target_guichet);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      if (gch_day_find_service (self->day, services[i]) == NULL)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                       _("There is no service “%s” at this site."), services[i]);
          return NULL;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (services[i], services[j]))
          {
            g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                         _("%s is named twice: name each service once."),
                         gch_service_get_name (gch_day_find_service (self->day, services[i])));
            return NULL;
          }
    }

  if (g_strv_equal (gch_guichet_get_services (guichet), services))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Guichet %u already handles these services."), request->target_guichet);
      return NULL;
    }

  change = new_change (self, "guichet-services", 0);
  copy = gch_change_update (change, guichet);
  gch_guichet_set_services (copy, services);

  number = g_strdup_printf ("%u", request->target_guichet);
  before = join_services (gch_guichet_get_services (guichet));
  after = join_services (services);
  detail = g_strdup_printf ("services:%s>%s", before, after);
  state = gch_enum_to_nick (GCH_TYPE_GUICHET_STATE, gch_guichet_get_state (guichet));
  gch_change_add_event (change, "guichet", number, state, state, detail);

  for (guint i = 0; i < self->day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (self->day->entries, i);

      if (gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_WAITING ||
          gch_queue_entry_get_guichet (entry) != request->target_guichet ||
          g_strv_contains (services, gch_service_get_code (gch_queue_entry_get_service (entry))))
        continue;

      gch_queue_entry_set_guichet (gch_change_update (change, entry), 0);
      gch_change_add_event (change, "entry", gch_queue_entry_get_id (entry), "waiting", "waiting",
                            "service");
    }

  payload = build_payload (change, NULL, "target", number, "services", after, NULL);
  gch_change_set_operation (change, "guichet", number, 0, payload);
  return g_steal_pointer (&change);
}

/* Nobody may be left at a counter whose agent goes. */
static gboolean
check_nobody_at (GchStation  *self,
                 guint        guichet,
                 GError     **error)
{
  GchQueueEntry *current = gch_day_current_for_guichet (self->day, guichet);

  if (current == NULL)
    return TRUE;

  /* Translators: a ticket number, “called to” or “served at”, then a guichet's number */
  g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
               gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED
               ? _("%s is called to guichet %u: finish with them before the agent moves.")
               : _("%s is being served at guichet %u: finish with them before the agent moves."),
               gch_queue_entry_get_ticket (current), guichet);
  return FALSE;
}

static void
add_seat_event (GchChange  *change,
                GchGuichet *guichet,
                const char *agent)
{
  g_autofree char *number = g_strdup_printf ("%u", gch_guichet_get_number (guichet));
  g_autofree char *detail = g_strdup_printf ("agent:%s>%s",
                                             gch_guichet_get_agent_id (guichet)
                                             ? gch_guichet_get_agent_id (guichet) : "",
                                             agent ? agent : "");
  const char *state = gch_enum_to_nick (GCH_TYPE_GUICHET_STATE, gch_guichet_get_state (guichet));

  gch_change_add_event (change, "guichet", number, state, state, detail);
}

/* An agent to a guichet, or nobody (@agent %NULL): where they sat before
 * is left without an agent.
 */
static GchChange *
decide_seat_agent (GchStation        *self,
                   const GchRequest  *request,
                   GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *number = NULL;
  const char *agent = request->agent != NULL && *request->agent != '\0' ? request->agent : NULL;
  GchGuichet *guichet, *before = NULL;

  if (!(guichet = find_guichet (self, request->target_guichet, error)))
    return NULL;

  if (agent != NULL && gch_day_find_agent (self->day, agent) == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("There is no agent “%s” at this site."), agent);
      return NULL;
    }

  if (g_strcmp0 (gch_guichet_get_agent_id (guichet), agent) == 0)
    {
      if (agent != NULL)
        /* Translators: an agent's name, then a guichet's number */
        g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID, _("%s already sits at guichet %u."),
                     gch_agent_get_name (gch_day_find_agent (self->day, agent)),
                     request->target_guichet);
      else
        g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID, _("Guichet %u already has no agent."),
                     request->target_guichet);
      return NULL;
    }

  for (guint i = 0; agent != NULL && i < self->day->guichets->len; i++)
    {
      GchGuichet *other = g_ptr_array_index (self->day->guichets, i);

      if (other != guichet && g_strcmp0 (gch_guichet_get_agent_id (other), agent) == 0)
        before = other;
    }

  if (!check_nobody_at (self, request->target_guichet, error) ||
      (before != NULL && !check_nobody_at (self, gch_guichet_get_number (before), error)))
    return NULL;

  change = new_change (self, "seat", 0);
  if (before != NULL)
    {
      add_seat_event (change, before, NULL);
      gch_guichet_set_agent_id (gch_change_update (change, before), NULL);
    }
  add_seat_event (change, guichet, agent);
  gch_guichet_set_agent_id (gch_change_update (change, guichet), agent);

  number = g_strdup_printf ("%u", request->target_guichet);
  payload = build_payload (change, NULL, "target", number, "agent", agent, NULL);
  gch_change_set_operation (change, "guichet", number, 0, payload);
  return g_steal_pointer (&change);
}

/* The suggestions and complaints register (issue 6) */

static const char *
feedback_operation_kind (GchAction action)
{
  switch ((int) action)
    {
    case GCH_ACTION_LOG_FEEDBACK: return "feedback-log";
    case GCH_ACTION_ACKNOWLEDGE_FEEDBACK: return "feedback-acknowledge";
    case GCH_ACTION_START_FEEDBACK: return "feedback-start";
    case GCH_ACTION_FORWARD_FEEDBACK: return "feedback-forward";
    case GCH_ACTION_ANSWER_FEEDBACK: return "feedback-answer";
    case GCH_ACTION_CLOSE_FEEDBACK: return "feedback-close";
    default: return NULL;
    }
}

static GchAction
feedback_action_of (const char *kind)
{
  static const GchAction actions[] = {
    GCH_ACTION_LOG_FEEDBACK, GCH_ACTION_ACKNOWLEDGE_FEEDBACK, GCH_ACTION_START_FEEDBACK,
    GCH_ACTION_FORWARD_FEEDBACK, GCH_ACTION_ANSWER_FEEDBACK, GCH_ACTION_CLOSE_FEEDBACK,
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (kind, feedback_operation_kind (actions[i])))
      return actions[i];

  return GCH_ACTION_CALL_NEXT;   /* not one of the register's */
}

/* A deep copy, through the codec: the change's record, apart from the screen's. */
static GchFeedback *
copy_feedback (GchFeedback *feedback)
{
  g_autoptr(JsonNode) node = gch_codec_feedback_to_json (feedback, TRUE);

  return gch_codec_feedback_from_json (node, NULL);
}

static GchChange *
decide_feedback (GchStation        *self,
                 const GchRequest  *request,
                 GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GchFeedback) copy = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  const char *kind = feedback_operation_kind (request->action);
  gint64 now = gch_clock_now (self->clock);
  /* Who acts is the agent logged in: the station's actor is the
   * station's name. A log decided again brings its agent in its record;
   * a log without one (nobody logged in) names nobody.
   */
  const char *logged_by = request->agent != NULL && *request->agent != '\0' ? request->agent
                          : request->action == GCH_ACTION_LOG_FEEDBACK &&
                            request->feedback != NULL && GCH_IS_FEEDBACK (request->feedback)
                          ? gch_feedback_get_done_by (request->feedback, GCH_FEEDBACK_STATUS_RECEIVED)
                          : NULL;
  const char *agent = logged_by != NULL ? logged_by : self->actor;
  GchFeedbackStatus from;
  gboolean ok = TRUE;

  if (request->feedback == NULL || !GCH_IS_FEEDBACK (request->feedback) ||
      (copy = copy_feedback (request->feedback)) == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("No suggestion or complaint was given."));
      return NULL;
    }

  from = gch_feedback_get_status (copy);
  switch ((int) request->action)
    {
    case GCH_ACTION_LOG_FEEDBACK:
      /* The due date counts from the site's calendar; a station whose
       * settings say otherwise sets it before.
       */
      if (!g_date_valid (gch_feedback_get_due_date (copy)))
        {
          g_autoptr(GTimeZone) zone = gch_site_dup_time_zone (self->day->site);
          GchFeedbackSettings settings;

          gch_feedback_settings_init (&settings);
          gch_feedback_compute_due_date (copy, &settings, zone);
        }
      gch_feedback_set_done_by (copy, GCH_FEEDBACK_STATUS_RECEIVED, logged_by);
      break;
    case GCH_ACTION_ACKNOWLEDGE_FEEDBACK:
      ok = gch_feedback_acknowledge (copy, now, error);
      gch_feedback_set_done_by (copy, GCH_FEEDBACK_STATUS_ACKNOWLEDGED, agent);
      break;
    case GCH_ACTION_START_FEEDBACK:
      ok = gch_feedback_start (copy, now, error);
      gch_feedback_set_done_by (copy, GCH_FEEDBACK_STATUS_IN_PROGRESS, agent);
      break;
    case GCH_ACTION_FORWARD_FEEDBACK:
      ok = gch_feedback_forward_with_note (copy, agent, request->forward_to,
                                           request->forward_note, now, error);
      break;
    case GCH_ACTION_ANSWER_FEEDBACK:
      ok = gch_feedback_answer (copy, agent, request->answer, now, error);
      break;
    case GCH_ACTION_CLOSE_FEEDBACK:
    default:
      ok = gch_feedback_close (copy, now, error);
      gch_feedback_set_done_by (copy, GCH_FEEDBACK_STATUS_CLOSED, agent);
      break;
    }
  if (!ok)
    return NULL;

  /* The events name the agent, here and wherever it is decided again. */
  change = gch_change_new (kind, agent, 0, now);
  gch_change_set_feedback (change, copy);
  gch_change_add_event (change, "feedback", gch_feedback_get_id (copy),
                        request->action == GCH_ACTION_LOG_FEEDBACK ? NULL
                          : gch_enum_to_nick (GCH_TYPE_FEEDBACK_STATUS, from),
                        gch_enum_to_nick (GCH_TYPE_FEEDBACK_STATUS, gch_feedback_get_status (copy)),
                        request->action == GCH_ACTION_FORWARD_FEEDBACK ? request->forward_to
                                                                       : kind);

  /* The log carries the record and its contact; the others, what they add. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "at");
  json_builder_add_int_value (builder, now);
  if (request->action == GCH_ACTION_LOG_FEEDBACK)
    {
      json_builder_set_member_name (builder, "record");
      json_builder_add_value (builder, gch_codec_feedback_to_json (copy, TRUE));
    }
  if (request->action == GCH_ACTION_ANSWER_FEEDBACK)
    {
      json_builder_set_member_name (builder, "answer");
      json_builder_add_string_value (builder, request->answer);
      json_builder_set_member_name (builder, "author");
      json_builder_add_string_value (builder, agent);
    }
  if (request->action == GCH_ACTION_FORWARD_FEEDBACK)
    {
      json_builder_set_member_name (builder, "to");
      json_builder_add_string_value (builder, request->forward_to);
      json_builder_set_member_name (builder, "by");
      json_builder_add_string_value (builder, agent);
      /* Apart from "to": a station without notes reads an older forward. */
      if (request->forward_note != NULL && *request->forward_note != '\0')
        {
          json_builder_set_member_name (builder, "note");
          json_builder_add_string_value (builder, request->forward_note);
        }
    }
  if (request->action == GCH_ACTION_ACKNOWLEDGE_FEEDBACK ||
      request->action == GCH_ACTION_START_FEEDBACK ||
      request->action == GCH_ACTION_CLOSE_FEEDBACK)
    {
      json_builder_set_member_name (builder, "by");
      json_builder_add_string_value (builder, agent);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = gch_codec_to_string (root);

  gch_change_set_operation (change, "feedback", gch_feedback_get_id (copy),
                            request->action == GCH_ACTION_LOG_FEEDBACK
                              ? 0 : gch_feedback_get_version (request->feedback),
                            payload);
  return g_steal_pointer (&change);
}

/* End of the suggestions and complaints register. */

/* point numérique */

static gboolean
check_register_text (const char  *text,
                     const char  *empty_message,
                     GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*stripped == '\0')
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID, empty_message);
      return FALSE;
    }
  if (!g_utf8_validate (stripped, -1, NULL) ||
      g_utf8_strlen (stripped, -1) > GCH_HELP_SESSION_MAX_TEXT)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Write at most %u characters in a field of the register."),
                   GCH_HELP_SESSION_MAX_TEXT);
      return FALSE;
    }
  return TRUE;
}

/* A line of the point numérique's register: who was helped, with what, by
 * whom, and their signature (its strokes) or a mark that they signed the
 * paper register. The strokes go in the operation: the server keeps them
 * for the supervisors and the quality referent.
 */
static GchChange *
decide_log_help_session (GchStation        *self,
                         const GchRequest  *request,
                         GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *strokes = NULL;
  g_autofree char *id = NULL;
  g_autofree char *person = NULL;
  g_autofree char *demarche = NULL;
  const char *mediator = request->agent != NULL ? request->agent : self->actor;

  if (!check_register_text (request->person, _("Give the name of the person helped."), error) ||
      !check_register_text (request->demarche,
                             _("Say what the person was helped with (the démarche)."), error) ||
      !check_register_text (mediator, _("Say which mediator helped the person."), error))
    return NULL;

  if (request->on_paper && request->signature != NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("A session is signed on the pad or on paper, not both."));
      return NULL;
    }
  if (!request->on_paper && !(strokes = gch_signature_normalize (request->signature, error)))
    return NULL;

  if (request->session != NULL && !g_uuid_string_is_valid (request->session))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID, _("The help session has no valid id."));
      return NULL;
    }

  id = request->session != NULL ? g_strdup (request->session) : g_uuid_string_random ();
  person = g_strstrip (g_strdup (request->person));
  demarche = g_strstrip (g_strdup (request->demarche));

  change = new_change (self, "help-session", 0);
  /* The event says who helped and how it was signed; no name in it. */
  gch_change_add_event (change, "help-session", id, NULL, request->on_paper ? "paper" : "drawn",
                        mediator);
  payload = build_payload (change, NULL, "name", person, "demarche", demarche,
                           "mediator", mediator, "signature", request->on_paper ? "paper" : "drawn",
                           "strokes", strokes, NULL);
  gch_change_set_operation (change, "help-session", id, 0, payload);
  return g_steal_pointer (&change);
}

/* Reading a signature is an event of its own (DESIGN.md §7), and only a
 * supervisor's or the quality referent's. The store refuses it when there
 * is nothing (left) to read.
 */
static GchChange *
decide_read_signature (GchStation        *self,
                       const GchRequest  *request,
                       GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *detail = NULL;
  const char *reader = request->agent != NULL ? request->agent : self->actor;
  GchAgent *agent = reader != NULL ? gch_day_find_agent (self->day, reader) : NULL;
  GchAgentRole role = agent != NULL ? gch_agent_get_role (agent) : GCH_AGENT_ROLE_AGENT;

  if (!gch_agent_role_reads_personal_data (role))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Only a supervisor or the quality referent can see a signature of the "
                     "register."));
      return NULL;
    }

  if (request->session == NULL || !g_uuid_string_is_valid (request->session))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND, _("There is no such help session."));
      return NULL;
    }

  /* The event says who read it: the station's actor may be its name. */
  change = new_change (self, "read-signature", 0);
  detail = g_strdup_printf ("signature-read:%s", reader);
  gch_change_add_event (change, "help-session", request->session, "drawn", "drawn", detail);
  payload = build_payload (change, NULL, "reader", reader, NULL);
  gch_change_set_operation (change, "help-session", request->session, 0, payload);
  return g_steal_pointer (&change);
}

/**
 * gch_station_decide:
 * @request: what the agent asks for
 *
 * Checks @request against the day as it is now and turns it into the
 * change it makes, without saving or applying anything.
 *
 * Returns: (transfer full): the change, or %NULL with @error set to what a
 *   person needs to read
 */
GchChange *
gch_station_decide (GchStation        *self,
                    const GchRequest  *request,
                    GError           **error)
{
  g_return_val_if_fail (GCH_IS_STATION (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (self->day == NULL || self->day->site == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("The day is not loaded yet."));
      return NULL;
    }

  switch (request->action)
    {
    case GCH_ACTION_CALL_NEXT:
      return decide_call_next (self, request, error);
    case GCH_ACTION_CALL_ENTRY:
      return decide_call_entry (self, request, error);
    case GCH_ACTION_RECALL:
      return decide_recall (self, request, error);
    case GCH_ACTION_START_SERVICE:
      return decide_current_move (self, request, "start", GCH_ENTRY_STATE_SERVING, error);
    case GCH_ACTION_FINISH_SERVICE:
      return decide_finish (self, request, error);
    case GCH_ACTION_NO_SHOW:
      return decide_current_move (self, request, "no-show", GCH_ENTRY_STATE_NO_SHOW, error);
    case GCH_ACTION_HOLD:
      return decide_current_move (self, request, "hold", GCH_ENTRY_STATE_ON_HOLD, error);
    case GCH_ACTION_RESUME:
      return decide_resume (self, request, error);
    case GCH_ACTION_TRANSFER:
      return decide_transfer (self, request, error);
    case GCH_ACTION_ISSUE_TICKET:
      return decide_issue_ticket (self, request, error);
    case GCH_ACTION_CHECK_IN:
      return decide_check_in (self, request, error);
    case GCH_ACTION_MARK_PRINTED:
      return decide_mark_printed (self, request, error);
    case GCH_ACTION_SET_NOTES:
      return decide_set_notes (self, request, error);
    case GCH_ACTION_PAUSE_GUICHET:
      return decide_guichet_state (self, request, GCH_GUICHET_STATE_PAUSED, error);
    case GCH_ACTION_CLOSE_GUICHET:
      return decide_guichet_state (self, request, GCH_GUICHET_STATE_CLOSED, error);
    case GCH_ACTION_OPEN_GUICHET:
      return decide_guichet_state (self, request, GCH_GUICHET_STATE_OPEN, error);
    case GCH_ACTION_ASSIGN_GUICHET:
      return decide_assign_guichet (self, request, error);
    case GCH_ACTION_SET_PRIORITY:
      return decide_set_priority (self, request, error);
    case GCH_ACTION_SET_THRESHOLDS:
      return decide_set_thresholds (self, request, error);
    case GCH_ACTION_SET_GUICHET_SERVICES:
      return decide_set_guichet_services (self, request, error);
    case GCH_ACTION_SEAT_AGENT:
      return decide_seat_agent (self, request, error);
    /* point numérique */
    case GCH_ACTION_LOG_HELP_SESSION:
      return decide_log_help_session (self, request, error);
    case GCH_ACTION_READ_SIGNATURE:
      return decide_read_signature (self, request, error);
    /* The suggestions and complaints register */
    case GCH_ACTION_LOG_FEEDBACK:
    case GCH_ACTION_ACKNOWLEDGE_FEEDBACK:
    case GCH_ACTION_START_FEEDBACK:
    case GCH_ACTION_FORWARD_FEEDBACK:
    case GCH_ACTION_ANSWER_FEEDBACK:
    case GCH_ACTION_CLOSE_FEEDBACK:
      return decide_feedback (self, request, error);
    /* call-backs and satisfaction */
    case GCH_ACTION_RATE_SERVICE:
      return decide_rate_service (self, request, error);
    case GCH_ACTION_TAKE_CALLBACK:
      return decide_take_callback (self, request, error);
    case GCH_ACTION_CALLBACK_OUTCOME:
      return decide_callback_outcome (self, request, error);
    default:
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID, "Unknown action %d", request->action);
      return NULL;
    }
}

/* Operations from other stations */
/* Operations from other stations */

static const char *
payload_string (JsonObject *payload,
                const char *member)
{
  JsonNode *node = json_object_get_member (payload, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* A count sent as text; 0 when there is none. */
static guint64
payload_count (JsonObject *payload,
               const char *member)
{
  const char *text = payload_string (payload, member);
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    return 0;
  return value;
}

static GchQueueEntry *
find_entry_by_id (GchStation  *self,
                  const char  *id,
                  GError     **error)
{
  for (guint i = 0; id != NULL && i < self->day->entries->len; i++)
    if (g_str_equal (gch_queue_entry_get_id (g_ptr_array_index (self->day->entries, i)), id))
      return g_ptr_array_index (self->day->entries, i);

  g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
               _("The operation is about an entry this site does not have."));
  return NULL;
}

/* The record must still be as the other station saw it; if not, say what
 * happened to it since, the way the agent will read it.
 */
static gboolean
check_base_version (GchStation     *self,
                    GchQueueEntry  *entry,
                    gint64          base_version,
                    GError        **error)
{
  g_autofree char *when = NULL;

  if (gch_queue_entry_get_version (entry) == base_version)
    return TRUE;

  if (gch_queue_entry_get_called_at (entry) != 0 && gch_queue_entry_get_guichet (entry) != 0)
    {
      when = format_time (self, gch_queue_entry_get_called_at (entry));
      g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                   _("%s was already called at guichet %u at %s."),
                   gch_queue_entry_get_ticket (entry), gch_queue_entry_get_guichet (entry), when);
    }
  else
    g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                 _("%s was changed elsewhere in the meantime; nothing was saved."),
                 gch_queue_entry_get_ticket (entry));
  return FALSE;
}

static GchEntryState
state_after (const char *kind)
{
  static const struct { const char *kind; GchEntryState state; } moves[] = {
    { "call", GCH_ENTRY_STATE_CALLED },
    { "recall", GCH_ENTRY_STATE_CALLED },
    { "start", GCH_ENTRY_STATE_SERVING },
    { "finish", GCH_ENTRY_STATE_DONE },
    { "no-show", GCH_ENTRY_STATE_NO_SHOW },
    { "hold", GCH_ENTRY_STATE_ON_HOLD },
    { "resume", GCH_ENTRY_STATE_WAITING },
    { "transfer", GCH_ENTRY_STATE_TRANSFERRED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (g_str_equal (moves[i].kind, kind))
      return moves[i].state;

  return (GchEntryState)-1;
}

static gboolean
replay_entry_move (GchStation          *self,
                   const GchOperation  *operation,
                   JsonObject          *payload,
                   GchChange           *change,
                   GError             **error)
{
  GchEntryState to = state_after (operation->kind);
  const char *outcome = payload_string (payload, "outcome");
  const char *detail = payload_string (payload, "reason");
  GchQueueEntry *entry, *copy;
  GchAppointment *appointment;

  if (!(entry = find_entry_by_id (self, operation->record_id, error)) ||
      !check_base_version (self, entry, operation->base_version, error) ||
      !check_transition (entry, to, error))
    return FALSE;

  /* A version number does not tell two histories apart: a station whose
   * call was refused may still send the start or the finish that followed
   * it, and find the record here at that same version, with the person at
   * another guichet. Only the guichet that has the person moves them on.
   */
  if (!g_str_equal (operation->kind, "call") && gch_change_get_guichet (change) != 0 &&
      (gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_CALLED ||
       gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_SERVING) &&
      gch_queue_entry_get_guichet (entry) != gch_change_get_guichet (change))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                   _("%s is at guichet %u; nothing was saved."),
                   gch_queue_entry_get_ticket (entry), gch_queue_entry_get_guichet (entry));
      return FALSE;
    }

  appointment = gch_queue_entry_get_appointment (entry);
  if (g_str_equal (operation->kind, "recall"))
    detail = "recall";
  else if (g_str_equal (operation->kind, "finish"))
    detail = outcome;
  else if (g_str_equal (operation->kind, "transfer"))
    detail = payload_string (payload, "target");

  copy = move_entry (change, entry, to, detail);

  if (g_str_equal (operation->kind, "call") || g_str_equal (operation->kind, "recall"))
    {
      gch_queue_entry_set_guichet (copy, gch_change_get_guichet (change));
      gch_queue_entry_set_called_at (copy, operation->at);
      if (g_str_equal (operation->kind, "recall"))
        gch_queue_entry_set_recalls (copy, gch_queue_entry_get_recalls (entry) + 1);
    }
  else if (g_str_equal (operation->kind, "finish"))
    {
      gch_queue_entry_set_outcome (copy, outcome != NULL ? outcome : "served");
      move_appointment (change, appointment, GCH_APPOINTMENT_STATUS_SERVED, outcome);
    }
  else if (g_str_equal (operation->kind, "no-show"))
    move_appointment (change, appointment, GCH_APPOINTMENT_STATUS_NO_SHOW, NULL);
  else if (g_str_equal (operation->kind, "transfer"))
    {
      const char *target = payload_string (payload, "target");
      GchService *service = gch_queue_entry_get_service (entry);
      guint64 guichet = 0;

      if (target != NULL && g_str_has_prefix (target, "guichet:"))
        g_ascii_string_to_unsigned (target + strlen ("guichet:"), 10, 1, 999, &guichet, NULL);
      else if (target == NULL || !(service = gch_day_find_service (self->day, target)))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The transfer names no service or guichet of this site."));
          return FALSE;
        }

      move_appointment (change, appointment, GCH_APPOINTMENT_STATUS_SERVED, "transferred");
      new_entry_as (change, payload_string (payload, "new-entry"),
                    payload_string (payload, "new-ticket"), service,
                    gch_queue_entry_get_priority (entry), NULL, guichet, FALSE,
                    gch_queue_entry_get_id (entry));
    }

  return TRUE;
}

static gboolean
check_new_ticket (GchStation  *self,
                  const char  *id,
                  const char  *ticket,
                  GError     **error)
{
  if (id == NULL || ticket == NULL || *ticket == '\0')
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The operation gives no entry or ticket number."));
      return FALSE;
    }

  if (gch_station_find_ticket (self, ticket) != NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                   _("Ticket number %s is already taken today."), ticket);
      return FALSE;
    }

  return TRUE;
}

/* Decides @request as the operation's station did: by its agent, at its
 * time (the queue's order depends on the time), under its UUID.
 */
static GchChange *
decide_as (GchStation          *self,
           const GchOperation  *operation,
           const GchRequest    *request,
           GError             **error)
{
  g_autoptr(GchClock) own_clock = g_steal_pointer (&self->clock);
  g_autofree char *own_actor = g_steal_pointer (&self->actor);
  GchChange *change;

  self->clock = gch_clock_new_frozen (operation->at);
  self->actor = g_strdup (operation->actor);
  change = gch_station_decide (self, request, error);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->actor, g_free);
  self->clock = g_steal_pointer (&own_clock);
  self->actor = g_steal_pointer (&own_actor);

  if (change != NULL)
    _gch_change_set_uuid (change, operation->uuid);
  return change;
}

/* The suggestions and complaints register (issue 6): a log brings its
 * record; any other action is decided again on the record as this store
 * has it, which must be the version the other station acted on.
 */
static GchChange *
decide_feedback_operation (GchStation          *self,
                           const GchOperation  *operation,
                           JsonObject          *payload,
                           GError             **error)
{
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchFeedback) known = NULL;
  g_autoptr(GError) local_error = NULL;
  GchRequest request = { 0 };

  request.action = feedback_action_of (operation->kind);
  if (request.action == GCH_ACTION_LOG_FEEDBACK)
    {
      JsonNode *record = json_object_get_member (payload, "record");

      if (record == NULL || !(feedback = gch_codec_feedback_from_json (record, error)))
        {
          if (record == NULL)
            g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                         _("No suggestion or complaint was given."));
          return NULL;
        }
      if (g_strcmp0 (gch_feedback_get_id (feedback), operation->record_id) != 0)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The operation names another record than the one it brings."));
          return NULL;
        }
      if (self->store != NULL &&
          (known = gch_store_load_feedback (self->store, operation->record_id, NULL)) != NULL)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                       _("This suggestion or complaint is in the register already."));
          return NULL;
        }
    }
  else
    {
      if (self->store == NULL ||
          !(feedback = gch_store_load_feedback (self->store, operation->record_id, &local_error)))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                       _("The operation is about a suggestion or complaint this site does "
                         "not have."));
          return NULL;
        }
      if (gch_feedback_get_version (feedback) != operation->base_version)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                       _("This suggestion or complaint was changed at another station "
                         "meanwhile: it is now “%s”."),
                       gch_feedback_status_to_label (gch_feedback_get_status (feedback)));
          return NULL;
        }
      request.answer = payload_string (payload, "answer");
      request.forward_to = payload_string (payload, "to");
      request.forward_note = payload_string (payload, "note");
      /* The agent who did it; without one, the operation's actor. */
      if (request.action == GCH_ACTION_ANSWER_FEEDBACK)
        request.agent = payload_string (payload, "author");
      else
        request.agent = payload_string (payload, "by");
    }

  request.feedback = feedback;
  return decide_as (self, operation, &request, error);
}

/**
 * gch_station_decide_operation:
 * @operation: what another station did, from its outbox
 *
 * Turns another station's operation into the change it makes on this
 * day, checking it as the station did: the same transitions, and the
 * record still at the version it was decided on. This is how the server
 * applies what the stations send, with the same code they ran.
 *
 * Returns: (transfer full): the change, or %NULL with @error set:
 *   %GCH_ERROR_CONFLICT when the record moved on since, with a message
 *   that says how
 */
GchChange *
gch_station_decide_operation (GchStation          *self,
                              const GchOperation  *operation,
                              GError             **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *payload_text = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  JsonObject *payload;
  JsonNode *guichet_node;
  guint guichet = 0;

  g_return_val_if_fail (GCH_IS_STATION (self), NULL);
  g_return_val_if_fail (operation != NULL, NULL);

  if (self->day == NULL || self->day->site == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND, _("The day is not loaded yet."));
      return NULL;
    }

  if (operation->payload == NULL || !JSON_NODE_HOLDS_OBJECT (operation->payload))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID, _("The operation has no parameters."));
      return NULL;
    }

  payload = json_node_get_object (operation->payload);
  if ((guichet_node = json_object_get_member (payload, "guichet")) != NULL &&
      JSON_NODE_HOLDS_VALUE (guichet_node) && json_node_get_value_type (guichet_node) == G_TYPE_INT64)
    guichet = CLAMP (json_node_get_int (guichet_node), 0, 999);

  change = gch_change_new (operation->kind, operation->actor, guichet, operation->at);
  /* The same id everywhere: the server applies an operation once. */
  _gch_change_set_uuid (change, operation->uuid);
  generator = json_generator_new ();
  json_generator_set_root (generator, operation->payload);
  payload_text = json_generator_to_data (generator, NULL);
  gch_change_set_operation (change, operation->record_kind, operation->record_id,
                            operation->base_version, payload_text);

  if (state_after (operation->kind) != (GchEntryState)-1)
    return replay_entry_move (self, operation, payload, change, error)
           ? g_steal_pointer (&change) : NULL;

  if (g_str_equal (operation->kind, "issue-ticket"))
    {
      const char *ticket = payload_string (payload, "ticket");
      GchService *service = gch_day_find_service (self->day, payload_string (payload, "service"));
      int priority = GCH_PRIORITY_NONE;

      if (service == NULL ||
          (payload_string (payload, "priority") != NULL &&
           !gch_enum_from_nick (GCH_TYPE_PRIORITY, payload_string (payload, "priority"), &priority)))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The ticket names no service or priority of this site."));
          return NULL;
        }

      if (!check_new_ticket (self, operation->record_id, ticket, error))
        return NULL;

      new_entry_as (change, operation->record_id, ticket, service, priority, NULL, 0, FALSE, NULL);
      return g_steal_pointer (&change);
    }

  if (g_str_equal (operation->kind, "check-in"))
    {
      const char *ticket = payload_string (payload, "ticket");
      const char *entry_id = payload_string (payload, "entry");
      gboolean late = g_strcmp0 (payload_string (payload, "late"), "true") == 0;
      GchAppointment *appointment;

      if (!(appointment = find_appointment (self, operation->record_id, error)) ||
          !check_new_ticket (self, entry_id, ticket, error))
        return NULL;

      if (gch_appointment_get_version (appointment) != operation->base_version ||
          !gch_appointment_status_allows (gch_appointment_get_status (appointment),
                                          GCH_APPOINTMENT_STATUS_CHECKED_IN))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                       _("%s was changed elsewhere in the meantime; nothing was saved."),
                       gch_appointment_get_reference (appointment));
          return NULL;
        }

      new_entry_as (change, entry_id, ticket, gch_appointment_get_service (appointment),
                    GCH_PRIORITY_NONE, appointment, late ? 0 : gch_appointment_get_guichet (appointment),
                    late, NULL);
      move_appointment (change, appointment, GCH_APPOINTMENT_STATUS_CHECKED_IN, ticket);
      return g_steal_pointer (&change);
    }

  if (g_str_equal (operation->kind, "print") || g_str_equal (operation->kind, "notes"))
    {
      GchQueueEntry *entry, *copy;
      const char *state;

      if (!(entry = find_entry_by_id (self, operation->record_id, error)) ||
          !check_base_version (self, entry, operation->base_version, error))
        return NULL;

      copy = gch_change_update (change, entry);
      if (g_str_equal (operation->kind, "print"))
        gch_queue_entry_set_printed_at (copy, operation->at);
      else
        gch_queue_entry_set_notes (copy, payload_string (payload, "notes"));
      state = entry_nick (gch_queue_entry_get_state (entry));
      gch_change_add_event (change, "entry", gch_queue_entry_get_id (entry), state, state,
                            g_str_equal (operation->kind, "print") ? "printed" : "notes");
      return g_steal_pointer (&change);
    }

  if (g_str_equal (operation->kind, "assign") || g_str_equal (operation->kind, "priority"))
    {
      GchRequest request = { 0 };
      GchQueueEntry *entry;
      const char *value;
      int priority = GCH_PRIORITY_NONE;
      guint64 target = 0;

      if (!(entry = find_entry_by_id (self, operation->record_id, error)) ||
          !check_base_version (self, entry, operation->base_version, error))
        return NULL;

      request.ticket = gch_queue_entry_get_ticket (entry);
      if (g_str_equal (operation->kind, "assign"))
        {
          value = payload_string (payload, "target");
          request.action = GCH_ACTION_ASSIGN_GUICHET;
          if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 999, &target, NULL))
            {
              g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The operation names no guichet of this site."));
              return NULL;
            }
          request.target_guichet = target;
        }
      else
        {
          value = payload_string (payload, "priority");
          request.action = GCH_ACTION_SET_PRIORITY;
          if (value == NULL || !gch_enum_from_nick (GCH_TYPE_PRIORITY, value, &priority))
            {
              g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The ticket names no service or priority of this site."));
              return NULL;
            }
          request.priority = priority;
        }

      g_clear_object (&change);
      return decide_as (self, operation, &request, error);
    }

  /* The suggestions and complaints register. */
  if (g_str_has_prefix (operation->kind, "feedback-") &&
      feedback_action_of (operation->kind) != GCH_ACTION_CALL_NEXT)
    {
      g_clear_object (&change);
      return decide_feedback_operation (self, operation, payload, error);
    }

    /* The supervisor's changes of the hall, decided again here. */
  if (g_str_equal (operation->kind, "thresholds") ||
      g_str_equal (operation->kind, "guichet-services") || g_str_equal (operation->kind, "seat"))
    {
      GchRequest request = { 0 };
      g_auto(GStrv) services = NULL;
      const char *target = payload_string (payload, "target");
      guint64 number = 0, wait = 0, waiting = 0;

      if (g_str_equal (operation->kind, "thresholds"))
        {
          request.action = GCH_ACTION_SET_THRESHOLDS;
          request.service = operation->record_id;
          /* Out of range, it is refused as the supervisor's own would be. */
          wait = payload_count (payload, "max-wait-minutes");
          waiting = payload_count (payload, "max-waiting-per-guichet");
          request.max_wait_minutes = wait;
          request.max_waiting_per_guichet = waiting;
        }
      else
        {
          if (target == NULL || !g_ascii_string_to_unsigned (target, 10, 1, 999, &number, NULL) ||
              !g_str_equal (target, operation->record_id))
            {
              g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The operation names no guichet of this site."));
              return NULL;
            }
          request.target_guichet = number;
          if (g_str_equal (operation->kind, "seat"))
            {
              request.action = GCH_ACTION_SEAT_AGENT;
              request.agent = payload_string (payload, "agent");
            }
          else
            {
              const char *codes = payload_string (payload, "services");

              request.action = GCH_ACTION_SET_GUICHET_SERVICES;
              services = codes != NULL && *codes != '\0' ? g_strsplit (codes, ",", -1)
                                                         : g_new0 (char *, 1);
              request.services = (const char **) services;
            }
        }

      g_clear_object (&change);
      return decide_as (self, operation, &request, error);
    }

  /* call-backs: taken at a station, decided again here with the station's
   * id; the mode was the station's to check when it took it.
   */
  if (g_str_equal (operation->kind, "callback"))
    {
      g_autoptr(GchClock) own_clock = g_steal_pointer (&self->clock);
      g_autofree char *own_actor = g_steal_pointer (&self->actor);
      const char *id = payload_string (payload, "callback");

      if (id == NULL || !g_str_equal (id, operation->record_id))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The call-back names no id of its own."));
          self->clock = g_steal_pointer (&own_clock);
          self->actor = g_steal_pointer (&own_actor);
          return NULL;
        }
      self->clock = gch_clock_new_frozen (operation->at);
      self->actor = g_strdup (operation->actor);
      g_clear_object (&change);
      change = make_callback (self, id, payload_string (payload, "service"),
                              payload_string (payload, "phone"), payload_string (payload, "name"),
                              payload_string (payload, "taken-by"), error);
      g_clear_object (&self->clock);
      g_clear_pointer (&self->actor, g_free);
      self->clock = g_steal_pointer (&own_clock);
      self->actor = g_steal_pointer (&own_actor);
      if (change != NULL)
        _gch_change_set_uuid (change, operation->uuid);
      return g_steal_pointer (&change);
    }

  if (g_str_equal (operation->kind, "callback-outcome"))
    {
      GchRequest request = { 0 };
      GchCallback *callback = gch_day_find_callback (self->day, operation->record_id);

      if (callback != NULL && gch_callback_get_version (callback) != operation->base_version)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                       _("This call-back was changed elsewhere in the meantime; nothing was "
                         "saved."));
          return NULL;
        }
      request.action = GCH_ACTION_CALLBACK_OUTCOME;
      request.guichet = guichet;
      request.callback = operation->record_id;
      request.outcome = payload_string (payload, "outcome");
      g_clear_object (&change);
      return decide_as (self, operation, &request, error);
    }

  /* call-backs and satisfaction: a rating, decided again here */
  if (g_str_equal (operation->kind, "rate"))
    {
      GchRequest request = { 0 };
      GchQueueEntry *entry;

      if (!(entry = find_entry_by_id (self, operation->record_id, error)) ||
          !check_base_version (self, entry, operation->base_version, error))
        return NULL;

      request.action = GCH_ACTION_RATE_SERVICE;
      request.guichet = guichet;
      request.ticket = gch_queue_entry_get_ticket (entry);
      /* Out of range, it is refused as the station's own would be. */
      request.satisfaction = MIN (payload_count (payload, "satisfaction"),
                                  GCH_SATISFACTION_LAST + 1);
      g_clear_object (&change);
      return decide_as (self, operation, &request, error);
    }

  /* point numérique: the same checks as at the desk, under the same id. */
  if (g_str_equal (operation->kind, "help-session") ||
      g_str_equal (operation->kind, "read-signature"))
    {
      GchRequest request = { 0 };
      const char *signature = payload_string (payload, "signature");

      request.session = operation->record_id;
      if (g_str_equal (operation->kind, "read-signature"))
        {
          request.action = GCH_ACTION_READ_SIGNATURE;
          request.agent = payload_string (payload, "reader");
        }
      else
        {
          request.action = GCH_ACTION_LOG_HELP_SESSION;
          request.person = payload_string (payload, "name");
          request.demarche = payload_string (payload, "demarche");
          request.agent = payload_string (payload, "mediator");
          request.on_paper = g_strcmp0 (signature, "paper") == 0;
          request.signature = payload_string (payload, "strokes");
          if (!request.on_paper && g_strcmp0 (signature, "drawn") != 0)
            {
              g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The help session is neither signed on the pad nor on paper."));
              return NULL;
            }
        }
      g_clear_object (&change);
      return decide_as (self, operation, &request, error);
    }

  if (g_str_has_suffix (operation->kind, "-guichet") || g_str_equal (operation->kind, "call-next"))
    {
      GchRequest request = { 0 };

      request.guichet = guichet;
      request.action = g_str_equal (operation->kind, "call-next") ? GCH_ACTION_CALL_NEXT
                     : g_str_equal (operation->kind, "open-guichet") ? GCH_ACTION_OPEN_GUICHET
                     : g_str_equal (operation->kind, "pause-guichet") ? GCH_ACTION_PAUSE_GUICHET
                     : GCH_ACTION_CLOSE_GUICHET;
      g_clear_object (&change);
      if (!(change = decide_as (self, operation, &request, error)))
        return NULL;
      /* A call-next keeps the call it became ("call" on the entry chosen):
       * that is what the other stations pull.
       */
      if (request.action != GCH_ACTION_CALL_NEXT)
        gch_change_set_operation (change, operation->record_kind, operation->record_id,
                                  operation->base_version, payload_text);
      return g_steal_pointer (&change);
    }

  g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
               _("“%s” is not an operation this site knows."), operation->kind);
  return NULL;
}

/* Online, a station that runs out of ticket numbers reserves more before it
 * says no: DESIGN.md §6 wants it to refuse only when it cannot.
 */
static gboolean
can_reserve (GchStation   *self,
             const GError *error)
{
  return g_error_matches (error, GCH_ERROR, GCH_ERROR_NO_TICKETS) && self->online &&
         self->sync != NULL && self->day != NULL;
}

static void
set_reserve_error (GError       **error,
                   const GError  *cause)
{
  g_set_error (error, GCH_ERROR, GCH_ERROR_NO_TICKETS,
               _("No ticket numbers are left on this station, and no more could be reserved "
                 "from the server: %s"),
               cause->message);
}

static void
apply (GchStation *self,
       GchChange  *change)
{
  gch_change_apply (change, self->day);
  g_signal_emit (self, signals[CHANGED], 0, change);
}

/**
 * gch_station_run:
 *
 * Decides, saves and applies @request at once, blocking on the disk: for
 * tests and tools. The app uses gch_station_submit().
 *
 * Returns: (transfer full): the change, once saved and applied
 */
GchChange *
gch_station_run (GchStation        *self,
                 const GchRequest  *request,
                 GError           **error)
{
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (GCH_IS_STATION (self), NULL);

  if (!(change = gch_station_decide (self, request, &local)) && can_reserve (self, local))
    {
      g_autoptr(GError) cause = NULL;

      if (!gch_sync_reserve_tickets (self->sync, self->day->date, NULL, &cause))
        {
          set_reserve_error (error, cause);
          return NULL;
        }
      g_clear_error (&local);
      change = gch_station_decide (self, request, &local);
    }

  if (change == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  if (!gch_store_apply_change (self->store, change, error))
    return NULL;

  apply (self, change);
  return g_steal_pointer (&change);
}

static void take_next (GchStation *self);

static void
reserved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GchStation) self = user_data;
  g_autoptr(GError) error = NULL;
  GTask *task;

  self->reserving = FALSE;
  gch_sync_reserve_tickets_finish (GCH_SYNC (object), result, &error);

  /* Decided again, in the order they came: with the new numbers if any. */
  while ((task = g_queue_pop_head (&self->short_of_numbers)) != NULL)
    {
      if (error == NULL)
        {
          g_queue_push_tail (&self->pending, task);
          continue;
        }

      {
        GError *refused = NULL;

        set_reserve_error (&refused, error);
        g_task_return_error (task, refused);
        g_object_unref (task);
      }
    }

  take_next (self);
}

static void
apply_change_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GchStation *self = g_task_get_source_object (task);
  GchChange *change = g_object_get_data (G_OBJECT (task), "change");
  GError *error = NULL;

  if (gch_store_apply_change_finish (GCH_STORE (object), result, &error))
    {
      apply (self, change);
      g_task_return_pointer (task, g_object_ref (change), g_object_unref);
    }
  else
    g_task_return_error (task, error);

  self->busy = FALSE;
  take_next (self);
}

static void
take_next (GchStation *self)
{
  GTask *task;

  while (!self->busy && (task = g_queue_pop_head (&self->pending)) != NULL)
    {
      OwnedRequest *owned = g_task_get_task_data (task);
      GError *error = NULL;
      GchChange *change;

      if (!(change = gch_station_decide (self, &owned->request, &error)))
        {
          if (can_reserve (self, error) && !owned->reserved)
            {
              g_clear_error (&error);
              owned->reserved = TRUE;
              g_queue_push_tail (&self->short_of_numbers, task);
              if (!self->reserving)
                {
                  self->reserving = TRUE;
                  gch_sync_reserve_tickets_async (self->sync, self->day->date, NULL, reserved_cb,
                                                  g_object_ref (self));
                }
              continue;
            }

          g_task_return_error (task, error);
          g_object_unref (task);
          continue;
        }

      self->busy = TRUE;
      g_object_set_data_full (G_OBJECT (task), "change", change, g_object_unref);
      gch_store_apply_change_async (self->store, change, g_task_get_cancellable (task),
                                    apply_change_cb, task);
    }
}

/**
 * gch_station_submit:
 *
 * Queues @request: it is decided when the requests before it are saved,
 * on the day as they left it, then saved in a worker and applied.
 */
void
gch_station_submit (GchStation          *self,
                    const GchRequest    *request,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GCH_IS_STATION (self));
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_station_submit);
  g_task_set_task_data (task, owned_request_new (request), owned_request_free);
  g_queue_push_tail (&self->pending, task);
  take_next (self);
}

/**
 * gch_station_submit_finish:
 *
 * Returns: (transfer full): the change, saved and applied, or %NULL with
 *   @error set
 */
GchChange *
gch_station_submit_finish (GchStation    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gch_station_dispose (GObject *object)
{
  GchStation *self = (GchStation *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (gch_station_parent_class)->dispose (object);
}

static void
gch_station_finalize (GObject *object)
{
  GchStation *self = (GchStation *)object;

  g_clear_pointer (&self->day, gch_day_free);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (gch_station_parent_class)->finalize (object);
}

static void
gch_station_class_init (GchStationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gch_station_dispose;
  object_class->finalize = gch_station_finalize;

  /**
   * GchStation::changed:
   * @change: the change, saved and applied to the day
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GCH_TYPE_CHANGE);
}

static void
gch_station_init (GchStation *self)
{
  gch_policy_settings_init (&self->settings);
  g_queue_init (&self->pending);
  g_queue_init (&self->short_of_numbers);
  self->online = TRUE;
}

/**
 * gch_station_new:
 * @store: the station's database
 * @clock: what tells the time
 * @actor: (nullable): who acts, as the history records it
 *
 * Returns: (transfer full): a station, with no day yet
 */
GchStation *
gch_station_new (GchStore   *store,
                 GchClock   *clock,
                 const char *actor)
{
  GchStation *self;

  g_return_val_if_fail (GCH_IS_STORE (store), NULL);
  g_return_val_if_fail (GCH_IS_CLOCK (clock), NULL);

  self = g_object_new (GCH_TYPE_STATION, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->actor = g_strdup (actor);

  return self;
}

/**
 * gch_station_get_store:
 *
 * Returns: (transfer none): the station's database
 */
GchStore *
gch_station_get_store (GchStation *self)
{
  g_return_val_if_fail (GCH_IS_STATION (self), NULL);

  return self->store;
}

/**
 * gch_station_get_clock:
 *
 * Returns: (transfer none): the station's clock
 */
GchClock *
gch_station_get_clock (GchStation *self)
{
  g_return_val_if_fail (GCH_IS_STATION (self), NULL);

  return self->clock;
}

/**
 * gch_station_get_day:
 *
 * Returns: (transfer none) (nullable): the day the station works on
 */
GchDay *
gch_station_get_day (GchStation *self)
{
  g_return_val_if_fail (GCH_IS_STATION (self), NULL);

  return self->day;
}

/**
 * gch_station_set_day:
 * @day: (transfer full): the day, as loaded from the store
 */
void
gch_station_set_day (GchStation *self,
                     GchDay     *day)
{
  g_return_if_fail (GCH_IS_STATION (self));

  if (self->day == day)
    return;

  g_clear_pointer (&self->day, gch_day_free);
  self->day = day;
}

/**
 * gch_station_get_settings:
 *
 * Returns: the policy settings the station runs with: those given to
 *   gch_station_set_settings() as the site's mode makes them (a shorter
 *   late tolerance in affluence, none in crise; see gch-mode.h). Valid
 *   until the next call.
 */
const GchPolicySettings *
gch_station_get_settings (GchStation *self)
{
  g_return_val_if_fail (GCH_IS_STATION (self), NULL);

  /* As the site's mode makes them: a shorter late tolerance in affluence. */
  gch_mode_apply (self->day != NULL && self->day->site != NULL
                  ? gch_site_get_mode (self->day->site) : GCH_SITE_MODE_NORMAL,
                  &self->settings, &self->effective);
  return &self->effective;
}

void
gch_station_set_settings (GchStation              *self,
                          const GchPolicySettings *settings)
{
  g_return_if_fail (GCH_IS_STATION (self));
  g_return_if_fail (settings != NULL);

  self->settings = *settings;
}

const char *
gch_station_get_actor (GchStation *self)
{
  g_return_val_if_fail (GCH_IS_STATION (self), NULL);

  return self->actor;
}

void
gch_station_set_actor (GchStation *self,
                       const char *actor)
{
  g_return_if_fail (GCH_IS_STATION (self));

  g_free (self->actor);
  self->actor = g_strdup (actor);
}

/**
 * gch_station_get_online:
 *
 * Returns: whether the station works with the server, or offline
 */
gboolean
gch_station_get_online (GchStation *self)
{
  g_return_val_if_fail (GCH_IS_STATION (self), FALSE);

  return self->online;
}

/**
 * gch_station_set_online:
 * @online: %FALSE when the server cannot be reached
 *
 * Offline (DESIGN.md §6), "call next" and calls out of turn take only the
 * people waiting for this station's guichet and those it issued itself
 * while offline; the others stay in the queue for the server. The new
 * entries it makes are marked as issued offline. Online by default; the
 * sync says when it changes.
 */
void
gch_station_set_online (GchStation *self,
                        gboolean    online)
{
  g_return_if_fail (GCH_IS_STATION (self));

  self->online = !!online;
}

/**
 * gch_station_set_sync:
 * @sync: (nullable): the station's sync with the server
 *
 * With a sync, a station online that runs out of ticket numbers reserves
 * more through it, then issues the ticket; it refuses only when the
 * server cannot give any. gch_station_run() waits for the server then;
 * gch_station_submit() reserves in a worker, while the other requests go
 * on.
 */
void
gch_station_set_sync (GchStation *self,
                      GchSync    *sync)
{
  g_return_if_fail (GCH_IS_STATION (self));
  g_return_if_fail (sync == NULL || GCH_IS_SYNC (sync));

  g_set_object (&self->sync, sync);
}

/**
 * gch_station_get_sync:
 *
 * Returns: (transfer none) (nullable): the station's sync with the server,
 *   %NULL when it works without one
 */
GchSync *
gch_station_get_sync (GchStation *self)
{
  g_return_val_if_fail (GCH_IS_STATION (self), NULL);

  return self->sync;
}
