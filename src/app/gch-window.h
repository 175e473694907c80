/* gch-window.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gch-application.h"

G_BEGIN_DECLS

#define GCH_TYPE_WINDOW (gch_window_get_type ())

G_DECLARE_FINAL_TYPE (GchWindow, gch_window, GCH, WINDOW, AdwApplicationWindow)

GchWindow  *gch_window_new          (GchApplication *application);
void        gch_window_set_store    (GchWindow      *self,
                                     GchStore       *store);
void        gch_window_show_error   (GchWindow      *self,
                                     const GError   *error);
GchDay     *gch_window_get_day      (GchWindow      *self);
GListModel *gch_window_get_waiting  (GchWindow      *self);
GListModel *gch_window_get_expected (GchWindow      *self);

G_END_DECLS
