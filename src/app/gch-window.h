/* gch-window.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gch-application.h"
#include "gch-sync-indicator.h"

G_BEGIN_DECLS

#define GCH_TYPE_WINDOW (gch_window_get_type ())

G_DECLARE_FINAL_TYPE (GchWindow, gch_window, GCH, WINDOW, AdwApplicationWindow)

GchWindow  *gch_window_new                   (GchApplication *application);
void        gch_window_set_station           (GchWindow      *self,
                                              GchStation     *station);
void        gch_window_refresh               (GchWindow      *self);
void        gch_window_show_error            (GchWindow      *self,
                                              const GError   *error);
void        gch_window_add_toast             (GchWindow      *self,
                                              const char     *message);
void        gch_window_action_done           (GchWindow      *self,
                                              GchChange      *change);
void        gch_window_show_reception        (GchWindow      *self,
                                              gboolean        search);
void        gch_window_ask_finish            (GchWindow      *self);
void        gch_window_ask_satisfaction      (GchWindow      *self,
                                              const char     *ticket);
void        gch_window_ask_callback          (GchWindow      *self,
                                              const char     *service);
void        gch_window_ask_transfer          (GchWindow      *self);
void        gch_window_ask_call_entry        (GchWindow      *self,
                                              const char     *ticket);
char      **gch_window_dup_missing_documents (GchWindow      *self);
void        gch_window_print_ticket          (GchWindow      *self,
                                              const char     *ticket);
GListModel *gch_window_get_waiting           (GchWindow      *self);
GListModel *gch_window_get_expected          (GchWindow      *self);
void        gch_window_set_sync_controller   (GchWindow      *self,
                                              GchSyncController *controller);
GchSyncIndicator *gch_window_get_sync_indicator (GchWindow   *self);
/* suggestions and complaints */
void        gch_window_export_feedback_to    (GchWindow      *self,
                                              GFile          *file);

G_END_DECLS
