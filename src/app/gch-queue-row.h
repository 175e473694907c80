/* gch-queue-row.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gch-queue-item.h"

G_BEGIN_DECLS

#define GCH_TYPE_QUEUE_ROW (gch_queue_row_get_type ())

G_DECLARE_FINAL_TYPE (GchQueueRow, gch_queue_row, GCH, QUEUE_ROW, AdwBin)

GtkWidget    *gch_queue_row_new      (void);
GchQueueItem *gch_queue_row_get_item (GchQueueRow  *self);
void          gch_queue_row_set_item (GchQueueRow  *self,
                                      GchQueueItem *item,
                                      GTimeZone    *tz);

G_END_DECLS
