/* gch-login-window.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GCH_TYPE_LOGIN_WINDOW (gch_login_window_get_type ())

G_DECLARE_FINAL_TYPE (GchLoginWindow, gch_login_window, GCH, LOGIN_WINDOW, AdwWindow)

GchLoginWindow *gch_login_window_new         (GtkWindow      *parent,
                                              const char     *server_url,
                                              const char     *agent);
void            gch_login_window_show_error  (GchLoginWindow *self,
                                              const char     *message);
const char     *gch_login_window_get_error   (GchLoginWindow *self);

G_END_DECLS
