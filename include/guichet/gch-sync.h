/* gch-sync.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gch-types.h"

G_BEGIN_DECLS

/**
 * GchSyncReport:
 * @pushed: operations the server took (applied, or applied already)
 * @refused: operations it refused: conflicts and rejections, kept for the agent
 * @pulled: changes applied from its feed
 * @cursor: where the station now is in the feed
 * @resynced: the station's day was loaded again whole from the server
 *
 * What one round of sync did.
 */
typedef struct
{
  guint    pushed;
  guint    refused;
  guint    pulled;
  gint64   cursor;
  gboolean resynced;
} GchSyncReport;

#define GCH_TYPE_SYNC (gch_sync_get_type ())

G_DECLARE_FINAL_TYPE (GchSync, gch_sync, GCH, SYNC, GObject)

GchSync  *gch_sync_new        (GchStore            *store,
                               const char          *server_url,
                               const char          *token);
void      gch_sync_set_tls_database (GchSync        *self,
                               GTlsDatabase        *database);
void      gch_sync_set_wait   (GchSync             *self,
                               guint                seconds);
void      gch_sync_set_date   (GchSync             *self,
                               const char          *date);
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

void      gch_sync_push_async (GchSync             *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean  gch_sync_push_finish (GchSync            *self,
                               GAsyncResult        *result,
                               GError             **error);

char     *gch_sync_call_next  (GchSync             *self,
                               guint                guichet,
                               gint64               at,
                               GchSyncReport       *report,
                               GCancellable        *cancellable,
                               GError             **error);
void      gch_sync_call_next_async (GchSync        *self,
                               guint                guichet,
                               gint64               at,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
char     *gch_sync_call_next_finish (GchSync       *self,
                               GAsyncResult        *result,
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

gboolean  gch_sync_set_mode   (GchSync             *self,
                               GchSiteMode          mode,
                               GchSiteMode          from,
                               GCancellable        *cancellable,
                               GError             **error);
void      gch_sync_set_mode_async (GchSync         *self,
                               GchSiteMode          mode,
                               GchSiteMode          from,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean  gch_sync_set_mode_finish (GchSync        *self,
                               GAsyncResult        *result,
                               GError             **error);

JsonNode *gch_sync_fetch_figures (GchSync           *self,
                               const char          *from,
                               const char          *to,
                               guint                target_minutes,
                               GCancellable        *cancellable,
                               GError             **error);
void      gch_sync_fetch_figures_async (GchSync    *self,
                               const char          *from,
                               const char          *to,
                               guint                target_minutes,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
JsonNode *gch_sync_fetch_figures_finish (GchSync   *self,
                               GAsyncResult        *result,
                               GError             **error);

/* privacy: a complaint's contact, read at the server */
gboolean  gch_sync_fetch_feedback_contact (GchSync        *self,
                               GchFeedback         *feedback,
                               GCancellable        *cancellable,
                               GError             **error);
void      gch_sync_fetch_feedback_contact_async (GchSync *self,
                               GchFeedback         *feedback,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean  gch_sync_fetch_feedback_contact_finish (GchSync *self,
                               GAsyncResult        *result,
                               GError             **error);
gboolean  gch_sync_fetch_feedback_contacts (GchSync       *self,
                               GPtrArray           *records,
                               guint               *n_read,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
