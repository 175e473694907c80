/* gch-sim-server.h: the real guichet-server, started, stopped and restarted
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

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _GchSimServer GchSimServer;

char         *gch_sim_find_program      (const char    *name,
                                         const char    *variable);

GchSimServer *gch_sim_server_new        (const char    *binary,
                                         const char    *database);
void          gch_sim_server_free       (GchSimServer  *self);
gboolean      gch_sim_server_command    (GchSimServer  *self,
                                         const char    *input,
                                         GError       **error,
                                         const char    *command,
                                         ...) G_GNUC_NULL_TERMINATED;
gboolean      gch_sim_server_start      (GchSimServer  *self,
                                         GError       **error);
gboolean      gch_sim_server_stop       (GchSimServer  *self,
                                         gboolean       kill,
                                         GError       **error);
gboolean      gch_sim_server_is_running (GchSimServer  *self);
guint16       gch_sim_server_get_port   (GchSimServer  *self);
char         *gch_sim_server_login      (GchSimServer  *self,
                                         const char    *agent,
                                         const char    *password,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchSimServer, gch_sim_server_free)

G_END_DECLS
