/* gch-server.h: the central booking server's HTTP API
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

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_SERVER (gch_server_get_type ())

G_DECLARE_FINAL_TYPE (GchServer, gch_server, GCH, SERVER, GObject)

/* Every route of the API lives under this prefix. */
#define GCH_SERVER_API_PREFIX "/api/v1"

/**
 * GchServerAccess:
 * @GCH_SERVER_ACCESS_PUBLIC: no token needed
 * @GCH_SERVER_ACCESS_ANY_ROLE: a valid token, of an agent of any role
 * @GCH_SERVER_ACCESS_SUPERVISOR: a valid token, of a supervisor
 *
 * Who may call a route.
 */
typedef enum
{
  GCH_SERVER_ACCESS_PUBLIC,
  GCH_SERVER_ACCESS_ANY_ROLE,
  GCH_SERVER_ACCESS_SUPERVISOR,
} GchServerAccess;

/**
 * GchServerRoute:
 * @method: the HTTP method
 * @path: the path, as OpenAPI writes it: `/api/v1/days/{date}`
 * @access: who may call it
 *
 * One route the server serves. docs/api/openapi.yaml documents each, and
 * a test checks that the two lists are the same.
 */
typedef struct
{
  const char      *method;
  const char      *path;
  GchServerAccess  access;
} GchServerRoute;

const GchServerRoute *gch_server_get_routes         (guint                *n_routes);

GchServer            *gch_server_new                (GchStore             *store,
                                                     GError              **error);
guint                 gch_server_get_token_lifetime (GchServer            *self);
void                  gch_server_set_token_lifetime (GchServer            *self,
                                                     guint                 seconds);
gboolean              gch_server_listen             (GchServer            *self,
                                                     GInetSocketAddress   *address,
                                                     GTlsCertificate      *certificate,
                                                     GError              **error);
char                 *gch_server_dup_url            (GchServer            *self);
void                  gch_server_disconnect         (GchServer            *self);

G_END_DECLS
