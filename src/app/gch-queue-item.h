/* gch-queue-item.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_QUEUE_ITEM (gch_queue_item_get_type ())

G_DECLARE_FINAL_TYPE (GchQueueItem, gch_queue_item, GCH, QUEUE_ITEM, GObject)

GchQueueItem  *gch_queue_item_new       (GchQueueEntry *entry);
GchQueueEntry *gch_queue_item_get_entry (GchQueueItem  *self);
guint          gch_queue_item_get_rank  (GchQueueItem  *self);
gint64         gch_queue_item_get_wait  (GchQueueItem  *self);
void           gch_queue_item_set_place (GchQueueItem  *self,
                                         guint          rank,
                                         gint64         wait);

G_END_DECLS
