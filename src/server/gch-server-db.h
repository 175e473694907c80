/* gch-server-db.h: the server's own connection to the store's file
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

#include <glib-object.h>

#include "gch-store.h"
#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_SERVER_DB (gch_server_db_get_type ())

G_DECLARE_FINAL_TYPE (GchServerDb, gch_server_db, GCH, SERVER_DB, GObject)

GchServerDb *gch_server_db_open                (const char    *path,
                                                GError       **error);
GchAgent    *gch_server_db_lookup_credential   (GchServerDb   *self,
                                                const char    *agent_id,
                                                char         **password_hash,
                                                GError       **error);
gboolean     gch_server_db_put_agent           (GchServerDb   *self,
                                                const char    *id,
                                                const char    *name,
                                                GchAgentRole   role,
                                                const char    *password_hash,
                                                gboolean       replace,
                                                gint64         now,
                                                GError       **error);
gboolean     gch_server_db_create_session      (GchServerDb   *self,
                                                const char    *token_hash,
                                                const char    *agent_id,
                                                gint64         now,
                                                gint64         expires_at,
                                                GError       **error);
GchAgent    *gch_server_db_lookup_session      (GchServerDb   *self,
                                                const char    *token_hash,
                                                gint64         now,
                                                GError       **error);
gboolean     gch_server_db_delete_session      (GchServerDb   *self,
                                                const char    *token_hash,
                                                GError       **error);
gboolean     gch_server_db_set_site_mode       (GchServerDb   *self,
                                                GchSiteMode    mode,
                                                int            expected,
                                                const char    *actor,
                                                gint64         now,
                                                GchSiteMode   *previous,
                                                GError       **error);
GchTicketBlock *gch_server_db_reserve_tickets (GchServerDb  *self,
                                               const char   *uuid,
                                               const char   *date,
                                               const char   *service,
                                               guint         count,
                                               const char   *actor,
                                               gint64        now,
                                               GError      **error);

G_END_DECLS
