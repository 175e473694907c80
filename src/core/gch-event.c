/* gch-event.c
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

#define G_LOG_DOMAIN "gch-event"

#include "config.h"

#include "gch-event-private.h"

/* One change of state of a record: who, where, when, from, to. Events are
 * only ever appended; every wait, service time and report figure is
 * computed from them, never from overwritten fields.
 */
struct _GchEvent
{
  GObject  parent_instance;

  char    *record_kind;
  char    *record_id;
  char    *actor;
  char    *from_state;
  char    *to_state;
  char    *detail;
  gint64   seq;
  gint64   at;
  guint    guichet;
};

G_DEFINE_FINAL_TYPE (GchEvent, gch_event, G_TYPE_OBJECT)

static void
gch_event_finalize (GObject *object)
{
  GchEvent *self = (GchEvent *)object;

  g_clear_pointer (&self->record_kind, g_free);
  g_clear_pointer (&self->record_id, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->from_state, g_free);
  g_clear_pointer (&self->to_state, g_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (gch_event_parent_class)->finalize (object);
}

static void
gch_event_class_init (GchEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gch_event_finalize;
}

static void
gch_event_init (GchEvent *self)
{
}

/**
 * gch_event_new:
 * @record_kind: "entry", "appointment", "guichet" or "site"
 * @record_id: the record's key
 * @at: when, in seconds since the epoch
 * @actor: (nullable): the agent or station that made the change
 * @guichet: where, 0 when not at a guichet
 * @from_state: (nullable): the state before, %NULL for a creation
 * @to_state: the state after
 * @detail: (nullable): free text, such as an outcome or a reason
 *
 * Returns: (transfer full): a new event, not yet written
 */
GchEvent *
gch_event_new (const char *record_kind,
               const char *record_id,
               gint64      at,
               const char *actor,
               guint       guichet,
               const char *from_state,
               const char *to_state,
               const char *detail)
{
  GchEvent *self;

  g_return_val_if_fail (record_kind != NULL, NULL);
  g_return_val_if_fail (record_id != NULL, NULL);
  g_return_val_if_fail (to_state != NULL, NULL);

  self = g_object_new (GCH_TYPE_EVENT, NULL);
  self->record_kind = g_strdup (record_kind);
  self->record_id = g_strdup (record_id);
  self->at = at;
  self->actor = g_strdup (actor);
  self->guichet = guichet;
  self->from_state = g_strdup (from_state);
  self->to_state = g_strdup (to_state);
  self->detail = g_strdup (detail);

  return self;
}

void
_gch_event_set_seq (GchEvent *self,
                    gint64    seq)
{
  g_return_if_fail (GCH_IS_EVENT (self));

  self->seq = seq;
}

gint64
gch_event_get_seq (GchEvent *self)
{
  g_return_val_if_fail (GCH_IS_EVENT (self), 0);

  return self->seq;
}

const char *
gch_event_get_record_kind (GchEvent *self)
{
  g_return_val_if_fail (GCH_IS_EVENT (self), NULL);

  return self->record_kind;
}

const char *
gch_event_get_record_id (GchEvent *self)
{
  g_return_val_if_fail (GCH_IS_EVENT (self), NULL);

  return self->record_id;
}

gint64
gch_event_get_at (GchEvent *self)
{
  g_return_val_if_fail (GCH_IS_EVENT (self), 0);

  return self->at;
}

const char *
gch_event_get_actor (GchEvent *self)
{
  g_return_val_if_fail (GCH_IS_EVENT (self), NULL);

  return self->actor;
}

guint
gch_event_get_guichet (GchEvent *self)
{
  g_return_val_if_fail (GCH_IS_EVENT (self), 0);

  return self->guichet;
}

const char *
gch_event_get_from_state (GchEvent *self)
{
  g_return_val_if_fail (GCH_IS_EVENT (self), NULL);

  return self->from_state;
}

const char *
gch_event_get_to_state (GchEvent *self)
{
  g_return_val_if_fail (GCH_IS_EVENT (self), NULL);

  return self->to_state;
}

const char *
gch_event_get_detail (GchEvent *self)
{
  g_return_val_if_fail (GCH_IS_EVENT (self), NULL);

  return self->detail;
}
