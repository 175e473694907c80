/* gch-preferences-window.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_PREFERENCES_WINDOW (gch_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GchPreferencesWindow, gch_preferences_window, GCH, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GchPreferencesWindow *gch_preferences_window_new     (GSettings            *settings);
void                  gch_preferences_window_set_day (GchPreferencesWindow *self,
                                                      GchDay               *day);
gboolean              gch_preferences_window_apply_server_url
                                                     (GchPreferencesWindow *self,
                                                      const char           *url);

gboolean              gch_preferences_window_apply_station_name
                                                     (GchPreferencesWindow *self,
                                                      const char           *name);

G_END_DECLS
