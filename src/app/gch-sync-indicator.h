/* gch-sync-indicator.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gch-sync-controller.h"

G_BEGIN_DECLS

#define GCH_TYPE_SYNC_INDICATOR (gch_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (GchSyncIndicator, gch_sync_indicator, GCH, SYNC_INDICATOR, GtkWidget)

void        gch_sync_indicator_set_controller (GchSyncIndicator  *self,
                                               GchSyncController *controller);
const char *gch_sync_indicator_get_text       (GchSyncIndicator  *self);
const char *gch_sync_indicator_get_detail     (GchSyncIndicator  *self);
void        gch_sync_indicator_popup          (GchSyncIndicator  *self);
void        gch_sync_indicator_mark_seen      (GchSyncIndicator  *self);
guint       gch_sync_indicator_get_n_shown_conflicts (GchSyncIndicator *self);

G_END_DECLS
