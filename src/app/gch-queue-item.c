/* gch-queue-item.c
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

#define G_LOG_DOMAIN "gch-queue-item"

#include "config.h"

#include "gch-queue-item.h"

/* A person in a guichet's queue as the desk lists them: the entry, and
 * the place the policy gives it now. The place changes as the queue moves;
 * the item stays, so its row updates in place.
 */
struct _GchQueueItem
{
  GObject        parent_instance;

  GchQueueEntry *entry;
  gint64         wait;
  guint          rank;
};

G_DEFINE_FINAL_TYPE (GchQueueItem, gch_queue_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTRY,
  PROP_RANK,
  PROP_WAIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gch_queue_item_dispose (GObject *object)
{
  GchQueueItem *self = (GchQueueItem *)object;

  g_clear_object (&self->entry);

  G_OBJECT_CLASS (gch_queue_item_parent_class)->dispose (object);
}

static void
gch_queue_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GchQueueItem *self = GCH_QUEUE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;
    case PROP_WAIT:
      g_value_set_int64 (value, self->wait);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_queue_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GchQueueItem *self = GCH_QUEUE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      self->entry = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_queue_item_class_init (GchQueueItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gch_queue_item_dispose;
  object_class->get_property = gch_queue_item_get_property;
  object_class->set_property = gch_queue_item_set_property;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, GCH_TYPE_QUEUE_ENTRY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RANK] =
    g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* seconds until the person is expected to be called; -1 when unknown */
  properties[PROP_WAIT] =
    g_param_spec_int64 ("wait", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gch_queue_item_init (GchQueueItem *self)
{
  self->wait = -1;
}

GchQueueItem *
gch_queue_item_new (GchQueueEntry *entry)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (entry), NULL);

  return g_object_new (GCH_TYPE_QUEUE_ITEM, "entry", entry, NULL);
}

/**
 * gch_queue_item_get_entry:
 *
 * Returns: (transfer none): the person waiting
 */
GchQueueEntry *
gch_queue_item_get_entry (GchQueueItem *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ITEM (self), NULL);

  return self->entry;
}

guint
gch_queue_item_get_rank (GchQueueItem *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ITEM (self), 0);

  return self->rank;
}

gint64
gch_queue_item_get_wait (GchQueueItem *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ITEM (self), -1);

  return self->wait;
}

/**
 * gch_queue_item_set_place:
 * @rank: 1 for the next person to call
 * @wait: seconds until they are expected to be called, -1 when unknown
 */
void
gch_queue_item_set_place (GchQueueItem *self,
                          guint         rank,
                          gint64        wait)
{
  g_return_if_fail (GCH_IS_QUEUE_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->rank != rank)
    {
      self->rank = rank;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANK]);
    }
  if (self->wait != wait)
    {
      self->wait = wait;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAIT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
