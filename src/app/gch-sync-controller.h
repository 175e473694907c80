/* gch-sync-controller.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_SYNC_CONTROLLER (gch_sync_controller_get_type ())

G_DECLARE_FINAL_TYPE (GchSyncController, gch_sync_controller, GCH, SYNC_CONTROLLER, GObject)

GchSyncController *gch_sync_controller_new               (GchStation        *station);
void               gch_sync_controller_start             (GchSyncController *self,
                                                          const char        *server_url,
                                                          const char        *token);
void               gch_sync_controller_stop              (GchSyncController *self);
void               gch_sync_controller_set_tls_database  (GchSyncController *self,
                                                          GTlsDatabase      *database);
void               gch_sync_controller_set_offline_alert (GchSyncController *self,
                                                          guint              seconds);
void               gch_sync_controller_sync_now          (GchSyncController *self);
void               gch_sync_controller_recount           (GchSyncController *self);
void               gch_sync_controller_list_conflicts_async  (GchSyncController   *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
GPtrArray         *gch_sync_controller_list_conflicts_finish (GchSyncController   *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void               gch_sync_controller_mark_seen         (GchSyncController  *self,
                                                          const char * const *uuids);

gboolean           gch_sync_controller_get_enabled       (GchSyncController *self);
gboolean           gch_sync_controller_get_online        (GchSyncController *self);
gboolean           gch_sync_controller_get_syncing       (GchSyncController *self);
gint64             gch_sync_controller_get_offline_since (GchSyncController *self);
gint64             gch_sync_controller_get_waiting       (GchSyncController *self);
gint64             gch_sync_controller_get_conflicts     (GchSyncController *self);
gboolean           gch_sync_controller_get_needs_login   (GchSyncController *self);
void               gch_sync_controller_set_connecting    (GchSyncController *self,
                                                          gboolean           connecting);
gboolean           gch_sync_controller_get_connecting    (GchSyncController *self);
const char        *gch_sync_controller_get_last_error    (GchSyncController *self);
guint              gch_sync_controller_get_rounds        (GchSyncController *self);
GTimeZone         *gch_sync_controller_dup_time_zone     (GchSyncController *self);

void                gch_sync_controller_call_next_async  (GchSyncController   *self,
                                                          guint                guichet,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
char               *gch_sync_controller_call_next_finish (GchSyncController   *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void                gch_sync_controller_set_mode_async   (GchSyncController   *self,
                                                          GchSiteMode          mode,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            gch_sync_controller_set_mode_finish  (GchSyncController   *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* privacy: a complaint's contact, read at the server */
void                gch_sync_controller_fetch_feedback_contact_async  (GchSyncController   *self,
                                                                       GchFeedback         *feedback,
                                                                       GAsyncReadyCallback  callback,
                                                                       gpointer             user_data);
gboolean            gch_sync_controller_fetch_feedback_contact_finish (GchSyncController   *self,
                                                                       GAsyncResult        *result,
                                                                       GError             **error);

G_END_DECLS
