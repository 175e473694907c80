/* gch-sync.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gch-types.h"

G_BEGIN_DECLS

/**
 * GchSyncReport:
 * @pushed: operations the server took (applied, or applied already)
 * @refused: operations it refused: conflicts and rejections, kept for the agent
 * @pulled: changes applied from its feed
 * @cursor: where the station now is in the feed
 *
 * What one round of sync did.
 */
typedef struct
{
  guint  pushed;
  guint  refused;
  guint  pulled;
  gint64 cursor;
} GchSyncReport;

#define GCH_TYPE_SYNC (gch_sync_get_type ())

G_DECLARE_FINAL_TYPE (GchSync, gch_sync, GCH, SYNC, GObject)

GchSync  *gch_sync_new        (GchStore            *store,
                               const char          *server_url,
                               const char          *token);
void      gch_sync_set_tls_database (GchSync        *self,
                               GTlsDatabase        *database);
gboolean  gch_sync_push       (GchSync             *self,
                               GchSyncReport       *report,
                               GCancellable        *cancellable,
                               GError             **error);
gboolean  gch_sync_run        (GchSync             *self,
                               GchSyncReport       *report,
                               GCancellable        *cancellable,
                               GError             **error);
void      gch_sync_run_async  (GchSync             *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean  gch_sync_run_finish (GchSync             *self,
                               GAsyncResult        *result,
                               GchSyncReport       *report,
                               GError             **error);

gboolean  gch_sync_reserve_tickets (GchSync        *self,
                               const char          *date,
                               GCancellable        *cancellable,
                               GError             **error);
void      gch_sync_reserve_tickets_async (GchSync  *self,
                               const char          *date,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean  gch_sync_reserve_tickets_finish (GchSync *self,
                               GAsyncResult        *result,
                               GError             **error);

G_END_DECLS
