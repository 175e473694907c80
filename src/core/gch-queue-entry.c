/* gch-queue-entry.c
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

#define G_LOG_DOMAIN "gch-queue-entry"

#include "config.h"

#include "gch-appointment.h"
#include "gch-enums.h"
#include "gch-queue-entry.h"
#include "gch-service.h"

/* Someone waiting in the hall: a walk-in ticket, or an appointment whose
 * holder has checked in. Either way it has a ticket number, so that the
 * board calls numbers and never names.
 */
struct _GchQueueEntry
{
  GObject          parent_instance;

  char            *id;
  char            *ticket;
  char            *transferred_from;
  char            *outcome;
  char            *notes;
  gint64           printed_at;
  guint            recalls;
  guint            satisfaction;
  GchService      *service;
  GchAppointment  *appointment;
  gint64           arrived_at;
  gint64           called_at;
  gint64           version;
  guint            guichet;
  GchPriority      priority;
  GchEntryState    state;
  guint            late : 1;
};

G_DEFINE_FINAL_TYPE (GchQueueEntry, gch_queue_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TICKET,
  PROP_SERVICE,
  PROP_PRIORITY,
  PROP_ARRIVED_AT,
  PROP_APPOINTMENT,
  PROP_LATE,
  PROP_TRANSFERRED_FROM,
  PROP_STATE,
  PROP_GUICHET,
  PROP_CALLED_AT,
  PROP_RECALLS,
  PROP_OUTCOME,
  PROP_NOTES,
  PROP_PRINTED_AT,
  PROP_VERSION,
  PROP_SATISFACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gch_queue_entry_dispose (GObject *object)
{
  GchQueueEntry *self = (GchQueueEntry *)object;

  g_clear_object (&self->service);
  g_clear_object (&self->appointment);

  G_OBJECT_CLASS (gch_queue_entry_parent_class)->dispose (object);
}

static void
gch_queue_entry_finalize (GObject *object)
{
  GchQueueEntry *self = (GchQueueEntry *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->ticket, g_free);
  g_clear_pointer (&self->transferred_from, g_free);
  g_clear_pointer (&self->outcome, g_free);
  g_clear_pointer (&self->notes, g_free);

  G_OBJECT_CLASS (gch_queue_entry_parent_class)->finalize (object);
}

static void
gch_queue_entry_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GchQueueEntry *self = GCH_QUEUE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TICKET:
      g_value_set_string (value, self->ticket);
      break;
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_PRIORITY:
      g_value_set_enum (value, self->priority);
      break;
    case PROP_ARRIVED_AT:
      g_value_set_int64 (value, self->arrived_at);
      break;
    case PROP_APPOINTMENT:
      g_value_set_object (value, self->appointment);
      break;
    case PROP_LATE:
      g_value_set_boolean (value, self->late);
      break;
    case PROP_TRANSFERRED_FROM:
      g_value_set_string (value, self->transferred_from);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_GUICHET:
      g_value_set_uint (value, self->guichet);
      break;
    case PROP_CALLED_AT:
      g_value_set_int64 (value, self->called_at);
      break;
    case PROP_RECALLS:
      g_value_set_uint (value, self->recalls);
      break;
    case PROP_OUTCOME:
      g_value_set_string (value, self->outcome);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_PRINTED_AT:
      g_value_set_int64 (value, self->printed_at);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    case PROP_SATISFACTION:
      g_value_set_uint (value, self->satisfaction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_queue_entry_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GchQueueEntry *self = GCH_QUEUE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TICKET:
      self->ticket = g_value_dup_string (value);
      break;
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    case PROP_PRIORITY:
      gch_queue_entry_set_priority (self, g_value_get_enum (value));
      break;
    case PROP_ARRIVED_AT:
      self->arrived_at = g_value_get_int64 (value);
      break;
    case PROP_APPOINTMENT:
      self->appointment = g_value_dup_object (value);
      break;
    case PROP_LATE:
      self->late = g_value_get_boolean (value);
      break;
    case PROP_TRANSFERRED_FROM:
      self->transferred_from = g_value_dup_string (value);
      break;
    case PROP_STATE:
      gch_queue_entry_set_state (self, g_value_get_enum (value));
      break;
    case PROP_GUICHET:
      gch_queue_entry_set_guichet (self, g_value_get_uint (value));
      break;
    case PROP_CALLED_AT:
      gch_queue_entry_set_called_at (self, g_value_get_int64 (value));
      break;
    case PROP_RECALLS:
      gch_queue_entry_set_recalls (self, g_value_get_uint (value));
      break;
    case PROP_OUTCOME:
      gch_queue_entry_set_outcome (self, g_value_get_string (value));
      break;
    case PROP_NOTES:
      gch_queue_entry_set_notes (self, g_value_get_string (value));
      break;
    case PROP_PRINTED_AT:
      gch_queue_entry_set_printed_at (self, g_value_get_int64 (value));
      break;
    case PROP_VERSION:
      gch_queue_entry_set_version (self, g_value_get_int64 (value));
      break;
    case PROP_SATISFACTION:
      gch_queue_entry_set_satisfaction (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_queue_entry_class_init (GchQueueEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags mutable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gch_queue_entry_dispose;
  object_class->finalize = gch_queue_entry_finalize;
  object_class->get_property = gch_queue_entry_get_property;
  object_class->set_property = gch_queue_entry_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_TICKET] = g_param_spec_string ("ticket", NULL, NULL, NULL, flags);
  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, GCH_TYPE_SERVICE, flags);
  /* a supervisor may change it while the person waits */
  properties[PROP_PRIORITY] =
    g_param_spec_enum ("priority", NULL, NULL, GCH_TYPE_PRIORITY, GCH_PRIORITY_NONE, mutable);
  properties[PROP_ARRIVED_AT] =
    g_param_spec_int64 ("arrived-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_APPOINTMENT] =
    g_param_spec_object ("appointment", NULL, NULL, GCH_TYPE_APPOINTMENT, flags);
  properties[PROP_LATE] = g_param_spec_boolean ("late", NULL, NULL, FALSE, flags);
  /* the id of the entry this one was transferred from, for a transfer */
  properties[PROP_TRANSFERRED_FROM] =
    g_param_spec_string ("transferred-from", NULL, NULL, NULL, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GCH_TYPE_ENTRY_STATE, GCH_ENTRY_STATE_WAITING,
                       mutable);
  /* 0: any guichet that handles the service */
  properties[PROP_GUICHET] = g_param_spec_uint ("guichet", NULL, NULL, 0, 999, 0, mutable);
  /* 0: not called yet */
  properties[PROP_CALLED_AT] =
    g_param_spec_int64 ("called-at", NULL, NULL, 0, G_MAXINT64, 0, mutable);
  properties[PROP_RECALLS] = g_param_spec_uint ("recalls", NULL, NULL, 0, G_MAXUINT, 0, mutable);
  /* how the service ended: "served", "incomplete" or "redirected" */
  properties[PROP_OUTCOME] = g_param_spec_string ("outcome", NULL, NULL, NULL, mutable);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, mutable);
  /* 0: the ticket was never printed */
  properties[PROP_PRINTED_AT] =
    g_param_spec_int64 ("printed-at", NULL, NULL, 0, G_MAXINT64, 0, mutable);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 1, mutable);
  /* the person's rating of the service, a GchSatisfaction; 0: none given */
  properties[PROP_SATISFACTION] =
    g_param_spec_uint ("satisfaction", NULL, NULL, 0, GCH_SATISFACTION_LAST, 0, mutable);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gch_queue_entry_init (GchQueueEntry *self)
{
  self->version = 1;
}

const char *
gch_queue_entry_get_id (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), NULL);

  return self->id;
}

const char *
gch_queue_entry_get_ticket (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), NULL);

  return self->ticket;
}

/**
 * gch_queue_entry_get_service:
 *
 * Returns: (transfer none): the service the person waits for
 */
GchService *
gch_queue_entry_get_service (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), NULL);

  return self->service;
}

GchPriority
gch_queue_entry_get_priority (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), GCH_PRIORITY_NONE);

  return self->priority;
}

void
gch_queue_entry_set_priority (GchQueueEntry *self,
                              GchPriority    priority)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));

  if (self->priority == priority)
    return;

  self->priority = priority;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
}

gint64
gch_queue_entry_get_arrived_at (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), 0);

  return self->arrived_at;
}

/**
 * gch_queue_entry_get_appointment:
 *
 * Returns: (transfer none) (nullable): the appointment, %NULL for a walk-in
 */
GchAppointment *
gch_queue_entry_get_appointment (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), NULL);

  return self->appointment;
}

gboolean
gch_queue_entry_get_late (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), FALSE);

  return self->late;
}

/**
 * gch_queue_entry_get_transferred_from:
 *
 * Returns: (nullable): the id of the entry this person was transferred
 *   from, %NULL when they came to this service first
 */
const char *
gch_queue_entry_get_transferred_from (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), NULL);

  return self->transferred_from;
}

GchEntryState
gch_queue_entry_get_state (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), GCH_ENTRY_STATE_WAITING);

  return self->state;
}

void
gch_queue_entry_set_state (GchQueueEntry *self,
                           GchEntryState  state)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

guint
gch_queue_entry_get_guichet (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), 0);

  return self->guichet;
}

void
gch_queue_entry_set_guichet (GchQueueEntry *self,
                             guint          guichet)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));

  if (self->guichet == guichet)
    return;

  self->guichet = guichet;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUICHET]);
}

gint64
gch_queue_entry_get_called_at (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), 0);

  return self->called_at;
}

void
gch_queue_entry_set_called_at (GchQueueEntry *self,
                               gint64         called_at)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));

  if (self->called_at == called_at)
    return;

  self->called_at = called_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALLED_AT]);
}

gint64
gch_queue_entry_get_version (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), 0);

  return self->version;
}

void
gch_queue_entry_set_version (GchQueueEntry *self,
                             gint64         version)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));

  if (self->version == version)
    return;

  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

guint
gch_queue_entry_get_recalls (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), 0);

  return self->recalls;
}

void
gch_queue_entry_set_recalls (GchQueueEntry *self,
                             guint          recalls)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));

  if (self->recalls == recalls)
    return;

  self->recalls = recalls;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECALLS]);
}

/**
 * gch_queue_entry_get_outcome:
 *
 * Returns: (nullable): how the service ended, once it has
 */
const char *
gch_queue_entry_get_outcome (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), NULL);

  return self->outcome;
}

void
gch_queue_entry_set_outcome (GchQueueEntry *self,
                             const char    *outcome)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));

  if (g_strcmp0 (self->outcome, outcome) == 0)
    return;

  g_free (self->outcome);
  self->outcome = g_strdup (outcome);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
}

/**
 * gch_queue_entry_get_notes:
 *
 * Returns: (nullable): the agent's notes on the visit
 */
const char *
gch_queue_entry_get_notes (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), NULL);

  return self->notes;
}

void
gch_queue_entry_set_notes (GchQueueEntry *self,
                           const char    *notes)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));

  if (g_strcmp0 (self->notes, notes) == 0)
    return;

  g_free (self->notes);
  self->notes = g_strdup (notes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

gint64
gch_queue_entry_get_printed_at (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), 0);

  return self->printed_at;
}

void
gch_queue_entry_set_printed_at (GchQueueEntry *self,
                                gint64         printed_at)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));

  if (self->printed_at == printed_at)
    return;

  self->printed_at = printed_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRINTED_AT]);
}

/**
 * gch_queue_entry_get_satisfaction:
 *
 * Returns: the person's rating of the service, %GCH_SATISFACTION_NONE when
 *   they gave none. It is anonymous: nothing else about them is kept with it.
 */
GchSatisfaction
gch_queue_entry_get_satisfaction (GchQueueEntry *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (self), GCH_SATISFACTION_NONE);

  return self->satisfaction;
}

void
gch_queue_entry_set_satisfaction (GchQueueEntry   *self,
                                  GchSatisfaction  satisfaction)
{
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (self));
  g_return_if_fail (satisfaction <= GCH_SATISFACTION_LAST);

  if (self->satisfaction == satisfaction)
    return;

  self->satisfaction = satisfaction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SATISFACTION]);
}
