/* gch-test-server.h: the real guichet-server on 127.0.0.1, for tests
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

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * GchTestServer:
 *
 * A temporary folder with a database, and the real `guichet-server` binary
 * run on it as a subprocess: its admin commands, and `serve` on 127.0.0.1
 * with port 0. Nothing is mocked: requests go over a real socket, through
 * libsoup on both sides.
 */
typedef struct _GchTestServer GchTestServer;

/**
 * GchTestResponse:
 * @status: the HTTP status
 * @headers: the response's headers
 * @body: the body, possibly empty
 * @json: the body parsed, when it is JSON; %NULL otherwise
 */
typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
} GchTestResponse;

char            *gch_test_server_find_binary   (void);

GchTestServer   *gch_test_server_new           (void);
void             gch_test_server_free          (GchTestServer   *self);
const char      *gch_test_server_get_dir       (GchTestServer   *self);
const char      *gch_test_server_get_database  (GchTestServer   *self);
const char      *gch_test_server_get_url       (GchTestServer   *self);

gboolean         gch_test_server_run           (GchTestServer   *self,
                                                const char      *input,
                                                char           **out,
                                                char           **err,
                                                const char      *command,
                                                ...) G_GNUC_NULL_TERMINATED;
void             gch_test_server_load_demo     (GchTestServer   *self,
                                                const char      *date);
void             gch_test_server_add_agent     (GchTestServer   *self,
                                                const char      *id,
                                                const char      *name,
                                                const char      *role,
                                                const char      *password);

void             gch_test_server_start         (GchTestServer   *self,
                                                ...) G_GNUC_NULL_TERMINATED;
gboolean         gch_test_server_is_running    (GchTestServer   *self);
gboolean         gch_test_server_make_certificate (GchTestServer *self,
                                                   char         **cert,
                                                   char         **key);
SoupSession     *gch_test_server_get_session   (GchTestServer   *self);
void             gch_test_server_pause         (GchTestServer   *self,
                                                gboolean         paused);
void             gch_test_server_stop          (GchTestServer   *self);

SoupMessage     *gch_test_server_new_message   (GchTestServer   *self,
                                                const char      *method,
                                                const char      *path,
                                                const char      *token,
                                                const char      *body);
GchTestResponse *gch_test_server_send          (GchTestServer   *self,
                                                SoupSession     *session,
                                                SoupMessage     *msg,
                                                GError         **error);
GchTestResponse *gch_test_server_request       (GchTestServer   *self,
                                                const char      *method,
                                                const char      *path,
                                                const char      *token,
                                                const char      *body);
char            *gch_test_server_login         (GchTestServer   *self,
                                                const char      *agent,
                                                const char      *password);

void             gch_test_response_free        (GchTestResponse *response);
const char      *gch_test_response_get_string  (GchTestResponse *response,
                                                const char      *member);
void             gch_test_response_assert_error (GchTestResponse *response,
                                                guint            status,
                                                const char      *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchTestServer, gch_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchTestResponse, gch_test_response_free)

G_END_DECLS
