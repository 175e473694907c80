/* gch-board-window.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gch-application.h"
#include "gch-sync-controller.h"

G_BEGIN_DECLS

#define GCH_TYPE_BOARD_WINDOW (gch_board_window_get_type ())

G_DECLARE_FINAL_TYPE (GchBoardWindow, gch_board_window, GCH, BOARD_WINDOW, AdwApplicationWindow)

/* How many calls the board lists */
#define GCH_BOARD_CALLS 6

GchBoardWindow *gch_board_window_new                 (GchApplication    *application);
void            gch_board_window_set_station         (GchBoardWindow    *self,
                                                      GchStation        *station);
void            gch_board_window_set_sync_controller (GchBoardWindow    *self,
                                                      GchSyncController *sync);
void            gch_board_window_refresh             (GchBoardWindow    *self);
GtkWidget      *gch_board_window_get_calls           (GchBoardWindow    *self);
GtkWidget      *gch_board_window_get_waits           (GchBoardWindow    *self);
GtkWidget      *gch_board_window_get_message         (GchBoardWindow    *self);
GtkWidget      *gch_board_window_get_clock           (GchBoardWindow    *self);

G_END_DECLS
