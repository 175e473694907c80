/* gch-sync-controller.c
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

#define G_LOG_DOMAIN "gch-sync-controller"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-sync-controller.h"

/* Runs the station's sync in the background, once logged in: a round of
 * gch_sync_run() in a worker as soon as an action is saved, the next one
 * soon after a round that worked, and later and later (1, 2, 4 … 30 s, with
 * jitter) while the server cannot be reached. A round that brought changes
 * reloads the day in a worker and merges it into the station's day object
 * by object, so that the lists update in place. A refused token stops the
 * rounds until the agent logs in again; the outbox is kept. What it knows
 * is in properties, for the screen; it never blocks.
 */

/* Until the server long-polls, an idle station asks again this soon. */
#define IDLE_MS          1000
/* How long the server may hold an idle station's pull: it answers at once
 * when something changes, so a call elsewhere shows here within a second.
 */
#define LONG_POLL_S      25
#define MAX_BACKOFF_S    30

struct _GchSyncController
{
  GObject       parent_instance;

  GchStation   *station;
  GchSync      *sync;
  GTlsDatabase *tls_database;
  GCancellable *cancellable;   /* of this login's rounds */

  guint         timer;
  guint         failures;
  guint         rounds;
  guint         generation;    /* of the station's day: bumped by each action */
  guint         reload_generation;
  guint         offline_alert; /* seconds */

  gboolean      running;
  gboolean      pending;       /* an action came during the round */
  gboolean      reloading;
  gboolean      reload_again;
  gboolean      alerted;       /* of this offline period */
  gboolean      unsettled;     /* the server took nothing of what waits */

  /* State */
  gboolean      enabled;
  gboolean      online;
  gboolean      syncing;
  gboolean      needs_login;
  gboolean      connecting;    /* a login or a keyring lookup before the start */
  gint64        offline_since;
  gint64        waiting;
  gint64        conflicts;
  char         *last_error;
};

G_DEFINE_FINAL_TYPE (GchSyncController, gch_sync_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_ONLINE,
  PROP_SYNCING,
  PROP_OFFLINE_SINCE,
  PROP_WAITING,
  PROP_CONFLICTS,
  PROP_NEEDS_LOGIN,
  PROP_LAST_ERROR,
  PROP_CONNECTING,
  N_PROPS
};

enum {
  DAY_UPDATED,
  OFFLINE_TOO_LONG,
  NEW_CONFLICTS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void run_round (GchSyncController *self);

static void
set_boolean (GchSyncController *self,
             gboolean          *field,
             gboolean           value,
             guint              prop)
{
  if (*field == !!value)
    return;
  *field = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int64 (GchSyncController *self,
           gint64            *field,
           gint64             value,
           guint              prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_last_error (GchSyncController *self,
                const char        *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* Counts */

typedef struct
{
  gint64         waiting;
  gint64         conflicts;
  gboolean       ok;
  GchSyncReport  report;
  GError        *error;
} RoundResult;

static void
round_result_free (gpointer data)
{
  RoundResult *rr = data;

  g_clear_error (&rr->error);
  g_free (rr);
}

static void
take_counts (GchSyncController *self,
             RoundResult       *rr)
{
  gint64 before = self->conflicts;

  set_int64 (self, &self->waiting, MAX (0, rr->waiting), PROP_WAITING);
  set_int64 (self, &self->conflicts, MAX (0, rr->conflicts), PROP_CONFLICTS);
  if (self->conflicts > before)
    g_signal_emit (self, signals[NEW_CONFLICTS], 0, (guint)(self->conflicts - before));
}

static void
count_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GchStore *store = task_data;
  RoundResult *rr = g_new0 (RoundResult, 1);

  rr->waiting = gch_store_count_outbox (store);
  rr->conflicts = gch_store_count_conflicts (store);
  g_task_return_pointer (task, rr, round_result_free);
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GchSyncController *self = GCH_SYNC_CONTROLLER (object);
  RoundResult *rr = g_task_propagate_pointer (G_TASK (result), NULL);

  if (rr != NULL)
    take_counts (self, rr);
  g_clear_pointer (&rr, round_result_free);
}

/**
 * gch_sync_controller_recount:
 *
 * Counts again, in a worker, the operations waiting and the conflicts not
 * seen: after the agent has marked conflicts seen, for example.
 */
void
gch_sync_controller_recount (GchSyncController *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));

  task = g_task_new (self, NULL, count_cb, NULL);
  g_task_set_task_data (task, g_object_ref (gch_station_get_store (self->station)), g_object_unref);
  g_task_run_in_thread (task, count_worker);
}

/* Conflicts */

static void
list_conflicts_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *conflicts = gch_store_list_conflicts (task_data, &error);

  if (conflicts != NULL)
    g_task_return_pointer (task, conflicts, (GDestroyNotify)g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * gch_sync_controller_list_conflicts_async:
 *
 * Reads, in a worker, the conflicts the agent has not marked seen.
 */
void
gch_sync_controller_list_conflicts_async (GchSyncController   *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_task_data (task, g_object_ref (gch_station_get_store (self->station)), g_object_unref);
  g_task_run_in_thread (task, list_conflicts_worker);
}

/**
 * gch_sync_controller_list_conflicts_finish:
 *
 * Returns: (transfer full) (element-type GchConflict): the conflicts, the
 *   oldest first
 */
GPtrArray *
gch_sync_controller_list_conflicts_finish (GchSyncController  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GchStore *store;
  GStrv     uuids;
} SeenData;

static void
seen_data_free (gpointer data)
{
  SeenData *sd = data;

  g_clear_object (&sd->store);
  g_strfreev (sd->uuids);
  g_free (sd);
}

static void
mark_seen_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SeenData *sd = task_data;
  GError *error = NULL;

  if (gch_store_mark_conflicts_seen (sd->store, sd->uuids, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
mark_seen_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GchSyncController *self = GCH_SYNC_CONTROLLER (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("%s", error->message);
  gch_sync_controller_recount (self);
}

/**
 * gch_sync_controller_mark_seen:
 * @uuids: the conflicts shown to the agent
 *
 * Marks them seen, in a worker, and counts again.
 */
void
gch_sync_controller_mark_seen (GchSyncController  *self,
                               const char * const *uuids)
{
  g_autoptr(GTask) task = NULL;
  SeenData *sd;

  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (uuids != NULL);

  sd = g_new0 (SeenData, 1);
  sd->store = g_object_ref (gch_station_get_store (self->station));
  sd->uuids = g_strdupv ((char **)uuids);
  task = g_task_new (self, NULL, mark_seen_cb, NULL);
  g_task_set_task_data (task, sd, seen_data_free);
  g_task_run_in_thread (task, mark_seen_worker);
}

/* Merging a day read again into the live one */

/* Copies what changes during the day (the properties that are not
 * construct-only) where it differs, so that only what changed notifies.
 */
static void
assign_changed (GObject *live,
                GObject *from)
{
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (live), NULL);

  g_object_freeze_notify (live);
  for (guint i = 0; pspecs[i] != NULL; i++)
    {
      g_auto(GValue) now = G_VALUE_INIT;
      g_auto(GValue) then = G_VALUE_INIT;

      if ((pspecs[i]->flags & G_PARAM_CONSTRUCT_ONLY) != 0 ||
          (pspecs[i]->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE)
        continue;

      g_value_init (&now, pspecs[i]->value_type);
      g_value_init (&then, pspecs[i]->value_type);
      g_object_get_property (from, pspecs[i]->name, &now);
      g_object_get_property (live, pspecs[i]->name, &then);
      if (g_param_values_cmp (pspecs[i], &now, &then) != 0)
        g_object_set_property (live, pspecs[i]->name, &now);
    }
  g_object_thaw_notify (live);
}

/* A record new to the live day, made anew so that it points at the live
 * day's services and appointments rather than the read copy's.
 */
static gpointer
adopt (GchDay  *day,
       GObject *record)
{
  guint n = 0, n_set = 0;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (record), &n);
  g_autofree const char **names = g_new0 (const char *, n);
  GValue *values = g_new0 (GValue, n);
  GObject *copy;

  for (guint i = 0; i < n; i++)
    {
      GValue *value = &values[n_set];

      if ((pspecs[i]->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE)
        continue;

      g_value_init (value, pspecs[i]->value_type);
      g_object_get_property (record, pspecs[i]->name, value);
      if (G_VALUE_HOLDS (value, GCH_TYPE_SERVICE) && g_value_get_object (value) != NULL)
        {
          GchService *live = gch_day_find_service (day, gch_service_get_code (g_value_get_object (value)));

          if (live != NULL)
            g_value_set_object (value, live);
        }
      else if (G_VALUE_HOLDS (value, GCH_TYPE_APPOINTMENT) && g_value_get_object (value) != NULL)
        {
          GchAppointment *live =
            gch_day_find_appointment (day, gch_appointment_get_reference (g_value_get_object (value)));

          if (live != NULL)
            g_value_set_object (value, live);
        }
      names[n_set++] = pspecs[i]->name;
    }

  copy = g_object_new_with_properties (G_OBJECT_TYPE (record), n_set, names, values);
  for (guint i = 0; i < n_set; i++)
    g_value_unset (&values[i]);
  g_free (values);

  return copy;
}

static void
merge_day (GchDay *live,
           GchDay *read)
{
  g_autoptr(GHashTable) entries = g_hash_table_new (g_str_hash, g_str_equal);

  /* The mode a supervisor set. */
  if (live->site != NULL && read->site != NULL)
    assign_changed (G_OBJECT (live->site), G_OBJECT (read->site));

  /* The thresholds a supervisor set. */
  for (guint i = 0; i < read->services->len; i++)
    {
      GchService *service = g_ptr_array_index (read->services, i);
      GchService *mine = gch_day_find_service (live, gch_service_get_code (service));

      if (mine != NULL)
        assign_changed (G_OBJECT (mine), G_OBJECT (service));
    }

  for (guint i = 0; i < read->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (read->guichets, i);
      GchGuichet *mine = gch_day_find_guichet (live, gch_guichet_get_number (guichet));

      if (mine != NULL)
        assign_changed (G_OBJECT (mine), G_OBJECT (guichet));
    }

  for (guint i = 0; i < read->appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (read->appointments, i);
      GchAppointment *mine = gch_day_find_appointment (live, gch_appointment_get_reference (appointment));

      if (mine != NULL)
        assign_changed (G_OBJECT (mine), G_OBJECT (appointment));
      else
        g_ptr_array_add (live->appointments, adopt (live, G_OBJECT (appointment)));
    }

  for (guint i = 0; i < live->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (live->entries, i);

      g_hash_table_insert (entries, (gpointer)gch_queue_entry_get_id (entry), entry);
    }

  for (guint i = 0; i < read->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (read->entries, i);
      GchQueueEntry *mine = g_hash_table_lookup (entries, gch_queue_entry_get_id (entry));

      if (mine != NULL)
        {
          assign_changed (G_OBJECT (mine), G_OBJECT (entry));
          g_hash_table_remove (entries, gch_queue_entry_get_id (entry));
        }
      else
        g_ptr_array_add (live->entries, adopt (live, G_OBJECT (entry)));
    }

  /* What the store no longer has (a full resync replaced the day) leaves
   * the screen: nobody may call a ticket the server never had.
   */
  for (guint i = live->entries->len; i > 0; i--)
    if (g_hash_table_remove (entries,
                             gch_queue_entry_get_id (g_ptr_array_index (live->entries, i - 1))))
      g_ptr_array_remove_index (live->entries, i - 1);

  /* Events are only appended, and nothing on screen holds one. */
  g_ptr_array_unref (live->events);
  live->events = g_ptr_array_ref (read->events);
}

static void reload_day (GchSyncController *self);

static void
load_day_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GchSyncController) self = user_data;
  g_autoptr(GchDay) read = NULL;
  g_autoptr(GError) error = NULL;
  GchDay *live;

  self->reloading = FALSE;
  read = gch_store_load_day_finish (GCH_STORE (object), result, &error);

  if (read == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  /* An action of this station was saved while the day was read: read it
   * again, rather than merge a state older than the screen's.
   */
  if (self->reload_again || self->reload_generation != self->generation)
    {
      self->reload_again = FALSE;
      reload_day (self);
      return;
    }

  if ((live = gch_station_get_day (self->station)) == NULL)
    return;

  merge_day (live, read);
  g_signal_emit (self, signals[DAY_UPDATED], 0);
}

static void
reload_day (GchSyncController *self)
{
  GchDay *live = gch_station_get_day (self->station);

  if (live == NULL)
    return;

  if (self->reloading)
    {
      self->reload_again = TRUE;
      return;
    }

  self->reloading = TRUE;
  self->reload_generation = self->generation;
  gch_store_load_day_async (gch_station_get_store (self->station), live->date, NULL,
                            load_day_cb, g_object_ref (self));
}

/* Rounds */

typedef struct
{
  GchSync *sync;
  GchStore *store;
} RoundData;

static void
round_data_free (gpointer data)
{
  RoundData *rd = data;

  g_clear_object (&rd->sync);
  g_clear_object (&rd->store);
  g_free (rd);
}

static void
round_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RoundData *rd = task_data;
  RoundResult *rr = g_new0 (RoundResult, 1);

  rr->ok = gch_sync_run (rd->sync, &rr->report, cancellable, &rr->error);
  rr->waiting = gch_store_count_outbox (rd->store);
  rr->conflicts = gch_store_count_conflicts (rd->store);
  g_task_return_pointer (task, rr, round_result_free);
}

static gboolean
on_timer_cb (gpointer data)
{
  GchSyncController *self = data;

  self->timer = 0;
  run_round (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (GchSyncController *self,
          guint              ms)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add (ms, on_timer_cb, self);
}

static guint
backoff_ms (guint failures)
{
  double seconds = MIN (MAX_BACKOFF_S, 1u << MIN (failures - 1, 5u));

  /* Stations that lost the server together do not come back together. */
  return (guint)(seconds * g_random_double_range (0.75, 1.25) * 1000);
}

/* The token expired or was revoked: only a new login helps. */
static void
ask_login (GchSyncController *self,
           const GError      *error)
{
  g_debug ("%s", error->message);
  self->unsettled = FALSE;
  set_boolean (self, &self->online, FALSE, PROP_ONLINE);
  set_int64 (self, &self->offline_since, gch_clock_now (gch_station_get_clock (self->station)),
             PROP_OFFLINE_SINCE);
  gch_station_set_online (self->station, FALSE);
  set_last_error (self, _("The login has expired. Log in again to send what is waiting."));
  set_boolean (self, &self->needs_login, TRUE, PROP_NEEDS_LOGIN);
}

/* The server did not answer, or not in a way the station could use: the
 * station works under the offline rules and tries again later.
 */
static void
go_offline (GchSyncController *self,
            const GError      *error)
{
  /* The station's clock: the one its screen shows (the demo's starts at 10:30). */
  gint64 now = gch_clock_now (gch_station_get_clock (self->station));

  g_debug ("Sync failed: %s", error->message);
  self->failures++;
  self->unsettled = FALSE;
  /* Back, the first round says so at once rather than wait for news. */
  if (!self->running)
    gch_sync_set_wait (self->sync, 0);
  set_boolean (self, &self->online, FALSE, PROP_ONLINE);
  if (self->offline_since == 0)
    set_int64 (self, &self->offline_since, now, PROP_OFFLINE_SINCE);
  set_last_error (self, error->message);
  /* Until a round goes through, the station follows the offline rules:
   * whether the server could have decided is not known.
   */
  gch_station_set_online (self->station, FALSE);
  if (!self->running)
    schedule (self, backoff_ms (self->failures));

  if (!self->alerted && self->offline_alert > 0 &&
      now - self->offline_since >= (gint64)self->offline_alert)
    {
      self->alerted = TRUE;
      g_signal_emit (self, signals[OFFLINE_TOO_LONG], 0);
    }
}

/* The server answered, but settled nothing of what waits to be sent (an
 * operation it cannot read): the station is online all the same, and
 * follows the online rules and the others' news. The operations stay in
 * the outbox; the sentence stays on the indicator, said once, until a
 * round goes through. The next round waits for news at the server, as
 * online rounds do: the same batch is not sent again and again.
 */
static void
keep_unsettled (GchSyncController *self,
                const GError      *error)
{
  g_debug ("Sync left operations unsettled: %s", error->message);
  self->unsettled = TRUE;
  self->failures = 0;
  self->alerted = FALSE;
  set_boolean (self, &self->online, TRUE, PROP_ONLINE);
  set_int64 (self, &self->offline_since, 0, PROP_OFFLINE_SINCE);
  set_last_error (self, error->message);
  gch_station_set_online (self->station, TRUE);
  gch_sync_set_wait (self->sync, LONG_POLL_S);
  schedule (self, 0);
}

static void
round_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GchSyncController *self = GCH_SYNC_CONTROLLER (object);
  RoundResult *rr = g_task_propagate_pointer (G_TASK (result), NULL);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  /* A round of a login since ended: a new one may be running. */
  if (g_cancellable_is_cancelled (cancellable) || rr == NULL)
    {
      g_clear_pointer (&rr, round_result_free);
      return;
    }

  self->running = FALSE;
  self->rounds++;
  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->syncing, FALSE, PROP_SYNCING);
  take_counts (self, rr);

  /* Pages applied before a failure are on the screen too. */
  if (!rr->ok && (rr->report.pulled > 0 || rr->report.resynced))
    reload_day (self);

  if (rr->ok)
    {
      self->failures = 0;
      self->alerted = FALSE;
      set_boolean (self, &self->online, TRUE, PROP_ONLINE);
      set_int64 (self, &self->offline_since, 0, PROP_OFFLINE_SINCE);
      /* A round that sent what it found may end before an operation left
       * unsettled (by a push of its own) was saved: that one still waits.
       */
      if (!self->unsettled || rr->waiting == 0)
        {
          self->unsettled = FALSE;
          set_last_error (self, NULL);
        }
      gch_station_set_online (self->station, TRUE);
      if (rr->report.pulled > 0 || rr->report.refused > 0 || rr->report.resynced)
        reload_day (self);
      /* Known online now: the next rounds wait at the server for news,
       * and the next starts at once. (Set between rounds, never during.)
       */
      gch_sync_set_wait (self->sync, LONG_POLL_S);
      schedule (self, 0);
    }
  else if (g_error_matches (rr->error, GCH_ERROR, GCH_ERROR_AUTH))
    ask_login (self, rr->error);
  else if (g_error_matches (rr->error, GCH_ERROR, GCH_ERROR_REFUSED))
    keep_unsettled (self, rr->error);
  else
    go_offline (self, rr->error);
  self->pending = FALSE;
  g_object_thaw_notify (G_OBJECT (self));

  g_clear_pointer (&rr, round_result_free);
}

static void
run_round (GchSyncController *self)
{
  g_autoptr(GTask) task = NULL;
  RoundData *rd;

  if (self->sync == NULL || self->needs_login)
    return;
  if (self->running)
    {
      self->pending = TRUE;
      return;
    }

  g_clear_handle_id (&self->timer, g_source_remove);
  self->running = TRUE;
  self->pending = FALSE;
  /* An online station with nothing to send is only waiting for news at
   * the server: that is "Online", not "Syncing…".
   */
  if (!self->online || self->waiting > 0)
    set_boolean (self, &self->syncing, TRUE, PROP_SYNCING);

  rd = g_new0 (RoundData, 1);
  rd->sync = g_object_ref (self->sync);
  rd->store = g_object_ref (gch_station_get_store (self->station));
  task = g_task_new (self, self->cancellable, round_cb, NULL);
  g_task_set_task_data (task, rd, round_data_free);
  g_task_run_in_thread (task, round_worker);
}

static void
call_next_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GchSyncController *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *ticket = gch_sync_call_next_finish (GCH_SYNC (object), result, &error);

  if (ticket != NULL)
    {
      reload_day (self);
      gch_sync_controller_recount (self);
      g_task_return_pointer (task, ticket, g_free);
      return;
    }

  if (g_error_matches (error, GCH_ERROR, GCH_ERROR_UNREACHABLE))
    go_offline (self, error);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GchSyncController) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gch_sync_push_finish (GCH_SYNC (object), result, &error))
    gch_sync_controller_recount (self);
  else if (g_error_matches (error, GCH_ERROR, GCH_ERROR_AUTH))
    ask_login (self, error);
  else if (g_error_matches (error, GCH_ERROR, GCH_ERROR_UNREACHABLE))
    go_offline (self, error);
  else if (g_error_matches (error, GCH_ERROR, GCH_ERROR_REFUSED))
    {
      /* Said at once; the rounds keep at it at their pace. */
      self->unsettled = TRUE;
      set_last_error (self, error->message);
      gch_sync_controller_recount (self);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gch_sync_controller_recount (self);
}

/**
 * gch_sync_controller_call_next_async:
 * @guichet: the guichet that calls
 *
 * Online, "call next" is the server's decision (gch_sync_call_next()):
 * two guichets never call the same person. The call comes down with the
 * feed and the day is read again. When the server does not answer, this
 * fails with %GCH_ERROR_UNREACHABLE, the station is set offline, and the
 * caller calls on the station instead, under the offline rules.
 */
void
gch_sync_controller_call_next_async (GchSyncController   *self,
                                     guint                guichet,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_controller_call_next_async);
  if (self->sync == NULL || !self->online)
    {
      g_task_return_new_error (task, GCH_ERROR, GCH_ERROR_UNREACHABLE,
                               _("The server is not reachable: calling on this station."));
      g_object_unref (task);
      return;
    }

  gch_sync_call_next_async (self->sync, guichet,
                            gch_clock_now (gch_station_get_clock (self->station)),
                            self->cancellable, call_next_cb, task);
}

/**
 * gch_sync_controller_call_next_finish:
 *
 * Returns: (transfer full): the ticket called, or %NULL with @error set
 */
char *
gch_sync_controller_call_next_finish (GchSyncController  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
set_mode_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GchSyncController *self = g_task_get_source_object (task);
  GchSiteMode mode = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  GchDay *day;

  if (!gch_sync_set_mode_finish (GCH_SYNC (object), result, &error))
    {
      if (g_error_matches (error, GCH_ERROR, GCH_ERROR_UNREACHABLE))
        go_offline (self, error);
      else if (g_error_matches (error, GCH_ERROR, GCH_ERROR_AUTH))
        ask_login (self, error);
      /* Another supervisor's mode: the screen shows what the station
       * has, and the feed brings what it has not yet.
       */
      else if (g_error_matches (error, GCH_ERROR, GCH_ERROR_CONFLICT))
        {
          reload_day (self);
          run_round (self);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The screen shows it at once; the feed brings the same with its event. */
  if ((day = gch_station_get_day (self->station)) != NULL && day->site != NULL)
    gch_site_set_mode (day->site, mode);
  run_round (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * gch_sync_controller_set_mode_async:
 * @mode: the mode the supervisor chose
 *
 * Changes the site's mode at the server, in a worker (gch_sync_set_mode()),
 * from the mode the screen shows: if another supervisor changed it
 * meanwhile, this fails with %GCH_ERROR_CONFLICT and the server's
 * sentence. A mode is the server's to keep: without a server, or offline,
 * this fails with %GCH_ERROR_OFFLINE at once.
 */
void
gch_sync_controller_set_mode_async (GchSyncController   *self,
                                    GchSiteMode          mode,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GchDay *day;
  GTask *task;

  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_controller_set_mode_async);
  g_task_set_task_data (task, GINT_TO_POINTER (mode), NULL);
  day = gch_station_get_day (self->station);
  if (self->sync == NULL || !self->online || self->needs_login || day == NULL || day->site == NULL)
    {
      g_task_return_new_error (task, GCH_ERROR, GCH_ERROR_OFFLINE,
                               _("Changing the site’s mode needs the server, and this station "
                                 "is not connected to it. Try again once it is online."));
      g_object_unref (task);
      return;
    }

  gch_sync_set_mode_async (self->sync, mode, gch_site_get_mode (day->site), self->cancellable,
                           set_mode_cb, task);
}

gboolean
gch_sync_controller_set_mode_finish (GchSyncController  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* privacy: a complaint's contact, read at the server */

static void
fetch_feedback_contact_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GchSyncController *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!gch_sync_fetch_feedback_contact_finish (GCH_SYNC (object), result, &error))
    {
      if (g_error_matches (error, GCH_ERROR, GCH_ERROR_AUTH))
        ask_login (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The read's event comes down with the feed. */
  run_round (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * gch_sync_controller_fetch_feedback_contact_async:
 * @feedback: a record of the register, without its contact
 *
 * Reads the person's contact at the server, in a worker
 * (gch_sync_fetch_feedback_contact()): @feedback has it when this
 * finishes (an empty one when there is none). Only a supervisor's or the
 * quality referent's login may; each read is an event, recorded by the
 * server. Without a server, or offline, this fails with
 * %GCH_ERROR_OFFLINE at once.
 */
void
gch_sync_controller_fetch_feedback_contact_async (GchSyncController   *self,
                                                  GchFeedback         *feedback,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (GCH_IS_FEEDBACK (feedback));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_controller_fetch_feedback_contact_async);
  if (self->sync == NULL || self->needs_login)
    {
      g_task_return_new_error (task, GCH_ERROR, GCH_ERROR_OFFLINE,
                               _("The contact of this record is kept at the server, and this "
                                 "station is not connected to it. Try again once it is online."));
      g_object_unref (task);
      return;
    }

  gch_sync_fetch_feedback_contact_async (self->sync, feedback, self->cancellable,
                                         fetch_feedback_contact_cb, task);
}

gboolean
gch_sync_controller_fetch_feedback_contact_finish (GchSyncController  *self,
                                                   GAsyncResult       *result,
                                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* An action was saved: it goes up at once, unless the server is away, then
 * with the next round; the count of what waits is right either way.
 */
static void
on_station_changed_cb (GchSyncController *self,
                       GchChange         *change,
                       GchStation        *station)
{
  GPtrArray *inserted = gch_change_get_inserted (change);
  GchDay *day = gch_station_get_day (station);

  self->generation++;

  /* A ticket the day read again already had: keep the station's own. */
  for (guint i = 0; day != NULL && i < inserted->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (inserted, i);

      for (guint j = 0; j < day->entries->len; j++)
        {
          GchQueueEntry *other = g_ptr_array_index (day->entries, j);

          if (other != entry && g_str_equal (gch_queue_entry_get_id (other),
                                             gch_queue_entry_get_id (entry)))
            {
              g_ptr_array_remove_index (day->entries, j);
              break;
            }
        }
    }

  if (gch_change_get_payload (change) == NULL)
    return;

  if (self->sync == NULL || self->needs_login || self->failures > 0)
    gch_sync_controller_recount (self);
  else if (self->running)
    /* The round may be waiting for news at the server: send this now.
     * The server then answers the waiting round with it.
     */
    gch_sync_push_async (self->sync, self->cancellable, push_cb, g_object_ref (self));
  else
    run_round (self);
}

/**
 * gch_sync_controller_start:
 * @server_url: the server
 * @token: the token of the agent's login
 *
 * Starts the rounds with @server_url, at once.
 */
void
gch_sync_controller_start (GchSyncController *self,
                           const char        *server_url,
                           const char        *token)
{
  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (server_url != NULL);
  g_return_if_fail (token != NULL);

  gch_sync_controller_stop (self);

  self->cancellable = g_cancellable_new ();
  self->sync = gch_sync_new (gch_station_get_store (self->station), server_url, token);
  if (self->tls_database != NULL)
    gch_sync_set_tls_database (self->sync, self->tls_database);
  if (gch_station_get_day (self->station) != NULL)
    gch_sync_set_date (self->sync, gch_station_get_day (self->station)->date);
  /* A station out of ticket numbers reserves more through this sync; it
   * calls under the offline rules until the first round says online.
   */
  gch_station_set_sync (self->station, self->sync);
  gch_station_set_online (self->station, FALSE);
  self->failures = 0;
  self->alerted = FALSE;
  self->unsettled = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->needs_login, FALSE, PROP_NEEDS_LOGIN);
  set_boolean (self, &self->connecting, FALSE, PROP_CONNECTING);
  set_boolean (self, &self->enabled, TRUE, PROP_ENABLED);
  set_last_error (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));

  run_round (self);
}

/**
 * gch_sync_controller_stop:
 *
 * Stops the rounds (at logout): the station works alone, and its outbox
 * waits for the next login.
 */
void
gch_sync_controller_stop (GchSyncController *self)
{
  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_clear_handle_id (&self->timer, g_source_remove);
  gch_station_set_sync (self->station, NULL);
  gch_station_set_online (self->station, TRUE);
  self->running = FALSE;
  self->pending = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->enabled, FALSE, PROP_ENABLED);
  set_boolean (self, &self->online, FALSE, PROP_ONLINE);
  set_boolean (self, &self->syncing, FALSE, PROP_SYNCING);
  set_boolean (self, &self->needs_login, FALSE, PROP_NEEDS_LOGIN);
  set_boolean (self, &self->connecting, FALSE, PROP_CONNECTING);
  set_int64 (self, &self->offline_since, 0, PROP_OFFLINE_SINCE);
  g_object_thaw_notify (G_OBJECT (self));

  gch_sync_controller_recount (self);
}

/**
 * gch_sync_controller_set_connecting:
 * @connecting: whether a login, or the keyring's token, is awaited
 *
 * Says that the rounds are about to start, so that the header tells the
 * agent the station is reaching the server instead of saying nothing.
 * gch_sync_controller_start() and gch_sync_controller_stop() end it.
 */
void
gch_sync_controller_set_connecting (GchSyncController *self,
                                    gboolean           connecting)
{
  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));

  set_boolean (self, &self->connecting, connecting, PROP_CONNECTING);
}

/**
 * gch_sync_controller_sync_now:
 *
 * Runs a round now, without waiting for the backoff: the agent asked.
 */
void
gch_sync_controller_sync_now (GchSyncController *self)
{
  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));

  run_round (self);
}

void
gch_sync_controller_set_tls_database (GchSyncController *self,
                                      GTlsDatabase      *database)
{
  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));

  g_set_object (&self->tls_database, database);
  if (self->sync != NULL)
    gch_sync_set_tls_database (self->sync, database);
}

/**
 * gch_sync_controller_set_offline_alert:
 * @seconds: how long offline before #GchSyncController::offline-too-long; 0 never
 */
void
gch_sync_controller_set_offline_alert (GchSyncController *self,
                                       guint              seconds)
{
  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (self));

  self->offline_alert = seconds;
}

gboolean
gch_sync_controller_get_enabled (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), FALSE);
  return self->enabled;
}

gboolean
gch_sync_controller_get_online (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), FALSE);
  return self->online;
}

gboolean
gch_sync_controller_get_syncing (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), FALSE);
  return self->syncing;
}

/**
 * gch_sync_controller_get_offline_since:
 *
 * Returns: when the server stopped answering, in seconds since the epoch;
 *   0 while it answers
 */
gint64
gch_sync_controller_get_offline_since (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), 0);
  return self->offline_since;
}

/**
 * gch_sync_controller_get_waiting:
 *
 * Returns: the operations in the outbox, not yet taken by the server
 */
gint64
gch_sync_controller_get_waiting (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), 0);
  return self->waiting;
}

/**
 * gch_sync_controller_get_conflicts:
 *
 * Returns: the conflicts the agent has not marked seen
 */
gint64
gch_sync_controller_get_conflicts (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), 0);
  return self->conflicts;
}

gboolean
gch_sync_controller_get_connecting (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), FALSE);
  return self->connecting;
}

gboolean
gch_sync_controller_get_needs_login (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), FALSE);
  return self->needs_login;
}

/**
 * gch_sync_controller_get_last_error:
 *
 * Returns: (nullable): why the last round failed
 */
const char *
gch_sync_controller_get_last_error (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), NULL);
  return self->last_error;
}

/**
 * gch_sync_controller_dup_time_zone:
 *
 * Returns: (transfer full): the site's time zone, to write the times of
 *   the sync in; the computer's until the day is open
 */
GTimeZone *
gch_sync_controller_dup_time_zone (GchSyncController *self)
{
  GchDay *day;

  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), NULL);

  day = gch_station_get_day (self->station);
  return day != NULL && day->site != NULL ? gch_site_dup_time_zone (day->site)
                                          : g_time_zone_new_local ();
}

/**
 * gch_sync_controller_get_rounds:
 *
 * Returns: how many rounds have ended, for tests and diagnostics
 */
guint
gch_sync_controller_get_rounds (GchSyncController *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_CONTROLLER (self), 0);
  return self->rounds;
}

static void
gch_sync_controller_dispose (GObject *object)
{
  GchSyncController *self = (GchSyncController *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->sync);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (gch_sync_controller_parent_class)->dispose (object);
}

static void
gch_sync_controller_finalize (GObject *object)
{
  GchSyncController *self = (GchSyncController *)object;

  g_free (self->last_error);

  G_OBJECT_CLASS (gch_sync_controller_parent_class)->finalize (object);
}

static void
gch_sync_controller_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GchSyncController *self = GCH_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_OFFLINE_SINCE:
      g_value_set_int64 (value, self->offline_since);
      break;
    case PROP_WAITING:
      g_value_set_int64 (value, self->waiting);
      break;
    case PROP_CONFLICTS:
      g_value_set_int64 (value, self->conflicts);
      break;
    case PROP_NEEDS_LOGIN:
      g_value_set_boolean (value, self->needs_login);
      break;
    case PROP_CONNECTING:
      g_value_set_boolean (value, self->connecting);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_sync_controller_class_init (GchSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gch_sync_controller_dispose;
  object_class->finalize = gch_sync_controller_finalize;
  object_class->get_property = gch_sync_controller_get_property;

  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, FALSE, flags);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, flags);
  properties[PROP_OFFLINE_SINCE] =
    g_param_spec_int64 ("offline-since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_WAITING] = g_param_spec_int64 ("waiting", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONFLICTS] = g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NEEDS_LOGIN] = g_param_spec_boolean ("needs-login", NULL, NULL, FALSE, flags);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  properties[PROP_CONNECTING] = g_param_spec_boolean ("connecting", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GchSyncController::day-updated:
   *
   * Changes from the server were merged into the station's day.
   */
  signals[DAY_UPDATED] =
    g_signal_new ("day-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GchSyncController::offline-too-long:
   *
   * The server has not answered for the offline alert's time; once per
   * offline period.
   */
  signals[OFFLINE_TOO_LONG] =
    g_signal_new ("offline-too-long", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GchSyncController::new-conflicts:
   * @n: how many came in
   *
   * The server refused operations of this station: the agent must see them.
   */
  signals[NEW_CONFLICTS] =
    g_signal_new ("new-conflicts", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
gch_sync_controller_init (GchSyncController *self)
{
}

/**
 * gch_sync_controller_new:
 * @station: the station whose store it syncs and whose day it updates
 *
 * Returns: (transfer full): a controller, stopped
 */
GchSyncController *
gch_sync_controller_new (GchStation *station)
{
  GchSyncController *self;

  g_return_val_if_fail (GCH_IS_STATION (station), NULL);

  self = g_object_new (GCH_TYPE_SYNC_CONTROLLER, NULL);
  self->station = g_object_ref (station);
  g_signal_connect_object (station, "changed", G_CALLBACK (on_station_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gch_sync_controller_recount (self);

  return self;
}
