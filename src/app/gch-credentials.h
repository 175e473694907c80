/* gch-credentials.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      gch_credentials_store_async   (const char          *server_url,
                                         const char          *agent,
                                         const char          *token,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  gch_credentials_store_finish  (GAsyncResult        *result,
                                         GError             **error);
void      gch_credentials_lookup_async  (const char          *server_url,
                                         const char          *agent,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char     *gch_credentials_lookup_finish (GAsyncResult        *result,
                                         GError             **error);
void      gch_credentials_clear_async   (const char          *server_url,
                                         const char          *agent,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  gch_credentials_clear_finish  (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
