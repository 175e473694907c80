/* gch-server-auth.h: passwords and tokens
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

#include <glib.h>

G_BEGIN_DECLS

/* How long a token stays valid when nothing else is said: a working day. */
#define GCH_SERVER_TOKEN_LIFETIME_DEFAULT (12 * 60 * 60)

/* Bounds of a password, in bytes of UTF-8. */
#define GCH_SERVER_PASSWORD_MIN_LENGTH 8
#define GCH_SERVER_PASSWORD_MAX_LENGTH 1024

/* Bounds of an agent's id: ASCII letters, digits, '.', '-' and '_'. */
#define GCH_SERVER_AGENT_ID_MAX_LENGTH 64

gboolean  gch_server_auth_check_password (const char  *password,
                                          GError     **error);
gboolean  gch_server_auth_check_agent_id (const char  *id,
                                          GError     **error);
char     *gch_server_auth_hash_password  (const char  *password,
                                          GError     **error);
gboolean  gch_server_auth_verify_password (const char *encoded,
                                          const char  *password);
const char *gch_server_auth_get_dummy_hash (void);
gboolean  gch_server_auth_random_bytes   (guint8      *buffer,
                                          gsize        length,
                                          GError     **error);
char     *gch_server_auth_new_token      (GError     **error);
char     *gch_server_auth_hash_token     (const char  *token);

/* A string that holds a password or a token: wiped before it is freed. */
typedef char GchServerSecret;

void      gch_server_auth_free_secret    (GchServerSecret *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchServerSecret, gch_server_auth_free_secret)

G_END_DECLS
