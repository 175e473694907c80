/* gch-session.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *gch_session_normalize_url (const char          *server_url);
void      gch_session_log_in_async  (const char          *server_url,
                                     const char          *agent,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
char     *gch_session_log_in_finish (GAsyncResult        *result,
                                     GError             **error);
void      gch_session_log_out_async (const char          *server_url,
                                     const char          *agent,
                                     const char          *token,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean  gch_session_log_out_finish (GAsyncResult       *result,
                                     GError             **error);

G_END_DECLS
