/* gch-change.c
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

#define G_LOG_DOMAIN "gch-change"

#include "config.h"

#include "gch-appointment.h"
#include "gch-callback.h"
#include "gch-change-private.h"
#include "gch-day.h"
#include "gch-event.h"
#include "gch-feedback.h"
#include "gch-guichet.h"
#include "gch-service.h"
#include "gch-queue-entry.h"

/* One action of an agent, decided but not yet saved: the records it
 * creates, the new state of the records it changes (as copies: the live
 * objects on screen change only once the store has committed), the events
 * it appends, and the operation for the outbox.
 */
struct _GchChange
{
  GObject     parent_instance;

  char       *kind;
  char       *uuid;
  char       *actor;
  guint       guichet;
  gint64      at;
  gboolean    offline;

  char       *record_kind;
  char       *record_id;
  gint64      base_version;
  char       *payload;

  GPtrArray  *inserted;   /* GchQueueEntry */
  GPtrArray  *created;    /* GchCallback: call-backs */
  GPtrArray  *live;       /* the records changed, as they are on screen */
  GPtrArray  *updated;    /* their copies, in their new state */
  GPtrArray  *events;     /* GchEvent */

  GchFeedback *feedback;  /* the register's record, as the change leaves it */
};

G_DEFINE_FINAL_TYPE (GchChange, gch_change, G_TYPE_OBJECT)

static void
gch_change_finalize (GObject *object)
{
  GchChange *self = (GchChange *)object;

  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->record_kind, g_free);
  g_clear_pointer (&self->record_id, g_free);
  g_clear_pointer (&self->payload, g_free);
  g_clear_pointer (&self->inserted, g_ptr_array_unref);
  g_clear_pointer (&self->created, g_ptr_array_unref);
  g_clear_pointer (&self->live, g_ptr_array_unref);
  g_clear_pointer (&self->updated, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_object (&self->feedback);

  G_OBJECT_CLASS (gch_change_parent_class)->finalize (object);
}

static void
gch_change_class_init (GchChangeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gch_change_finalize;
}

static void
gch_change_init (GchChange *self)
{
  self->uuid = g_uuid_string_random ();
  self->inserted = g_ptr_array_new_with_free_func (g_object_unref);
  self->created = g_ptr_array_new_with_free_func (g_object_unref);
  self->live = g_ptr_array_new_with_free_func (g_object_unref);
  self->updated = g_ptr_array_new_with_free_func (g_object_unref);
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * gch_change_new:
 * @kind: the operation, as the outbox names it: "call", "check-in", …
 * @actor: (nullable): the agent or station acting
 * @guichet: where, 0 when not at a guichet
 * @at: when, in seconds since the epoch
 *
 * Returns: (transfer full): an empty change
 */
GchChange *
gch_change_new (const char *kind,
                const char *actor,
                guint       guichet,
                gint64      at)
{
  GchChange *self;

  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (GCH_TYPE_CHANGE, NULL);
  self->kind = g_strdup (kind);
  self->actor = g_strdup (actor);
  self->guichet = guichet;
  self->at = at;

  return self;
}

/* Every property that can be set, construct-only ones included, so the
 * copy is the same record.
 */
static GObject *
copy_record (GObject *record)
{
  g_autofree GParamSpec **pspecs = NULL;
  g_autofree const char **names = NULL;
  GValue *values;
  GObject *copy;
  guint n, n_copied = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (record), &n);
  names = g_new0 (const char *, n);
  values = g_new0 (GValue, n);

  for (guint i = 0; i < n; i++)
    {
      if ((pspecs[i]->flags & (G_PARAM_READABLE | G_PARAM_WRITABLE)) !=
          (G_PARAM_READABLE | G_PARAM_WRITABLE))
        continue;

      names[n_copied] = pspecs[i]->name;
      g_value_init (&values[n_copied], pspecs[i]->value_type);
      g_object_get_property (record, pspecs[i]->name, &values[n_copied]);
      n_copied++;
    }

  copy = g_object_new_with_properties (G_OBJECT_TYPE (record), n_copied, names, values);

  for (guint i = 0; i < n_copied; i++)
    g_value_unset (&values[i]);
  g_free (values);

  return copy;
}

/* What changes during the day: the properties that are not construct-only. */
static void
assign_record (GObject *live,
               GObject *from)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (live), &n);

  g_object_freeze_notify (live);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if ((pspecs[i]->flags & G_PARAM_CONSTRUCT_ONLY) != 0 ||
          (pspecs[i]->flags & (G_PARAM_READABLE | G_PARAM_WRITABLE)) !=
          (G_PARAM_READABLE | G_PARAM_WRITABLE))
        continue;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (from, pspecs[i]->name, &value);
      g_object_set_property (live, pspecs[i]->name, &value);
    }
  g_object_thaw_notify (live);
}

/**
 * gch_change_update:
 * @record: a #GchQueueEntry, #GchAppointment, #GchGuichet or #GchService of the day
 *
 * Takes @record into the change. Entries and appointments get their
 * version bumped: the store saves them only if nobody changed them since.
 *
 * Returns: (transfer none): the copy of @record to set the new state on
 */
gpointer
gch_change_update (GchChange *self,
                   gpointer   record)
{
  GObject *copy;

  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (record) || GCH_IS_APPOINTMENT (record) ||
                        GCH_IS_GUICHET (record) || GCH_IS_SERVICE (record) ||
                        GCH_IS_CALLBACK (record), NULL);

  for (guint i = 0; i < self->live->len; i++)
    if (g_ptr_array_index (self->live, i) == record)
      return g_ptr_array_index (self->updated, i);

  copy = copy_record (record);
  if (GCH_IS_QUEUE_ENTRY (copy))
    gch_queue_entry_set_version (GCH_QUEUE_ENTRY (copy),
                                 gch_queue_entry_get_version (record) + 1);
  else if (GCH_IS_APPOINTMENT (copy))
    gch_appointment_set_version (GCH_APPOINTMENT (copy),
                                 gch_appointment_get_version (record) + 1);
  else if (GCH_IS_CALLBACK (copy))
    gch_callback_set_version (GCH_CALLBACK (copy), gch_callback_get_version (record) + 1);

  g_ptr_array_add (self->live, g_object_ref (record));
  g_ptr_array_add (self->updated, copy);

  return copy;
}

/**
 * gch_change_insert:
 * @entry: a new entry of the day
 */
void
gch_change_insert (GchChange     *self,
                   GchQueueEntry *entry)
{
  g_return_if_fail (GCH_IS_CHANGE (self));
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (entry));

  g_ptr_array_add (self->inserted, g_object_ref (entry));
}

/**
 * gch_change_create:
 * @callback: a new call-back of the day
 *
 * Call-backs: the change creates @callback.
 */
void
gch_change_create (GchChange   *self,
                   GchCallback *callback)
{
  g_return_if_fail (GCH_IS_CHANGE (self));
  g_return_if_fail (GCH_IS_CALLBACK (callback));

  g_ptr_array_add (self->created, g_object_ref (callback));
}

/**
 * gch_change_get_created:
 *
 * Returns: (transfer none) (element-type GchCallback): the call-backs the
 *   change creates
 */
GPtrArray *
gch_change_get_created (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->created;
}

/**
 * gch_change_add_event:
 *
 * Appends an event, at the change's time, actor and guichet.
 */
void
gch_change_add_event (GchChange  *self,
                      const char *record_kind,
                      const char *record_id,
                      const char *from_state,
                      const char *to_state,
                      const char *detail)
{
  g_return_if_fail (GCH_IS_CHANGE (self));

  g_ptr_array_add (self->events,
                   gch_event_new (record_kind, record_id, self->at, self->actor, self->guichet,
                                  from_state, to_state, detail));
}

/**
 * gch_change_set_operation:
 * @record_kind: the kind of record the operation acts on
 * @record_id: its key
 * @base_version: the version the action was decided on, 0 for a creation
 * @payload: the operation's parameters, as a JSON object
 *
 * Sets what goes to the outbox, for the booking server.
 */
void
gch_change_set_operation (GchChange  *self,
                          const char *record_kind,
                          const char *record_id,
                          gint64      base_version,
                          const char *payload)
{
  g_return_if_fail (GCH_IS_CHANGE (self));

  g_free (self->record_kind);
  self->record_kind = g_strdup (record_kind);
  g_free (self->record_id);
  self->record_id = g_strdup (record_id);
  self->base_version = base_version;
  g_free (self->payload);
  self->payload = g_strdup (payload);
}

const char *
gch_change_get_kind (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->kind;
}

const char *
gch_change_get_uuid (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->uuid;
}

const char *
gch_change_get_actor (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->actor;
}

guint
gch_change_get_guichet (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), 0);

  return self->guichet;
}

gint64
gch_change_get_at (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), 0);

  return self->at;
}

const char *
gch_change_get_record_kind (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->record_kind;
}

const char *
gch_change_get_record_id (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->record_id;
}

gint64
gch_change_get_base_version (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), 0);

  return self->base_version;
}

const char *
gch_change_get_payload (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->payload;
}

/**
 * gch_change_get_inserted:
 *
 * Returns: (transfer none) (element-type GchQueueEntry): the new entries
 */
GPtrArray *
gch_change_get_inserted (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->inserted;
}

/**
 * gch_change_get_updated:
 *
 * Returns: (transfer none) (element-type GObject): the changed records, in
 *   their new state
 */
GPtrArray *
gch_change_get_updated (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->updated;
}

/**
 * gch_change_get_events:
 *
 * Returns: (transfer none) (element-type GchEvent): the events to append
 */
GPtrArray *
gch_change_get_events (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->events;
}

/**
 * gch_change_get_entry:
 *
 * Returns: (transfer none) (nullable): the entry the action is about, as
 *   it is on screen once applied: the new one for a ticket, the changed one
 *   otherwise
 */
GchQueueEntry *
gch_change_get_entry (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  if (self->inserted->len > 0)
    return g_ptr_array_index (self->inserted, 0);

  for (guint i = 0; i < self->live->len; i++)
    if (GCH_IS_QUEUE_ENTRY (g_ptr_array_index (self->live, i)))
      return g_ptr_array_index (self->live, i);

  return NULL;
}

/**
 * gch_change_apply:
 * @day: the day the change was decided on
 *
 * Brings the day's live records to the change's new state, once the store
 * has saved it: they notify, and whatever shows them updates in place.
 */
void
gch_change_apply (GchChange *self,
                  GchDay    *day)
{
  g_return_if_fail (GCH_IS_CHANGE (self));
  g_return_if_fail (day != NULL);

  for (guint i = 0; i < self->live->len; i++)
    assign_record (g_ptr_array_index (self->live, i), g_ptr_array_index (self->updated, i));

  for (guint i = 0; i < self->inserted->len; i++)
    g_ptr_array_add (day->entries, g_object_ref (g_ptr_array_index (self->inserted, i)));

  for (guint i = 0; i < self->created->len; i++)
    g_ptr_array_add (day->callbacks, g_object_ref (g_ptr_array_index (self->created, i)));

  for (guint i = 0; i < self->events->len; i++)
    g_ptr_array_add (day->events, g_object_ref (g_ptr_array_index (self->events, i)));
}

void
_gch_change_set_uuid (GchChange  *self,
                      const char *uuid)
{
  g_return_if_fail (GCH_IS_CHANGE (self));
  g_return_if_fail (uuid != NULL);

  g_free (self->uuid);
  self->uuid = g_strdup (uuid);
}

void
_gch_change_set_offline (GchChange *self,
                         gboolean   offline)
{
  g_return_if_fail (GCH_IS_CHANGE (self));

  self->offline = !!offline;
}

gboolean
_gch_change_get_offline (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), FALSE);

  return self->offline;
}

/* The suggestions and complaints register (issue 6) */

/**
 * gch_change_set_feedback:
 * @feedback: a record of the register, in the state the change leaves it
 *
 * The register's records are not part of the day: a change carries the
 * one it creates or changes, for the store, the feed and the screen.
 */
void
gch_change_set_feedback (GchChange   *self,
                         GchFeedback *feedback)
{
  g_return_if_fail (GCH_IS_CHANGE (self));
  g_return_if_fail (feedback == NULL || GCH_IS_FEEDBACK (feedback));

  g_set_object (&self->feedback, feedback);
}

/**
 * gch_change_get_feedback:
 *
 * Returns: (transfer none) (nullable): the register's record the change
 *   creates or changes, if any
 */
GchFeedback *
gch_change_get_feedback (GchChange *self)
{
  g_return_val_if_fail (GCH_IS_CHANGE (self), NULL);

  return self->feedback;
}

/* End of the suggestions and complaints register. */
