/* gch-store.h
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
 * GchTicketBlock:
 * @uuid: the station's request that reserved it
 * @day: the day, `YYYY-MM-DD`
 * @service: the service's code
 * @prefix: the service's ticket prefix
 * @first: the first number of the block
 * @last: its last number
 *
 * A range of ticket numbers the server gave one station for one service
 * and day (DESIGN.md §6): no other station numbers a ticket in it.
 */
typedef struct
{
  char   *uuid;
  char   *day;
  char   *service;
  char   *prefix;
  guint   first;
  guint   last;
} GchTicketBlock;

GchTicketBlock *gch_ticket_block_copy (const GchTicketBlock *block);
void            gch_ticket_block_free (GchTicketBlock       *block);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchTicketBlock, gch_ticket_block_free)

/**
 * GchStoreDayFunc:
 * @day: (transfer none): a day, freed when the function returns
 * @user_data: what gch_store_foreach_day() was given
 */
typedef void (*GchStoreDayFunc) (GchDay   *day,
                                 gpointer  user_data);

#define GCH_TYPE_STORE (gch_store_get_type ())

G_DECLARE_FINAL_TYPE (GchStore, gch_store, GCH, STORE, GObject)

char       *gch_store_dup_default_path       (void);
guint       gch_store_get_latest_version     (void);

GchStore   *gch_store_open                   (const char           *path,
                                              GError              **error);
void        gch_store_open_async             (const char           *path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GchStore   *gch_store_open_finish            (GAsyncResult         *result,
                                              GError              **error);

const char *gch_store_get_path               (GchStore             *self);
guint       gch_store_get_version            (GchStore             *self);

gboolean    gch_store_import_day             (GchStore             *self,
                                              GchDay               *day,
                                              GError              **error);
GchDay     *gch_store_load_day               (GchStore             *self,
                                              const char           *date,
                                              GError              **error);
char       *gch_store_dup_date_at            (GchStore             *self,
                                              gint64                now);
void        gch_store_load_day_async         (GchStore             *self,
                                              const char           *date,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GchDay     *gch_store_load_day_finish        (GchStore             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

GPtrArray  *gch_store_list_dates             (GchStore             *self,
                                              const char           *from,
                                              const char           *to,
                                              GError              **error);
gboolean    gch_store_foreach_day            (GchStore             *self,
                                              const char           *from,
                                              const char           *to,
                                              GchStoreDayFunc       func,
                                              gpointer              user_data,
                                              GError              **error);

void        gch_store_load_today_async       (GchStore             *self,
                                              GchClock             *clock,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GchDay     *gch_store_load_today_finish      (GchStore             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

gboolean    gch_store_apply_change           (GchStore             *self,
                                              GchChange            *change,
                                              GError              **error);
void        gch_store_apply_change_async     (GchStore             *self,
                                              GchChange            *change,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean    gch_store_apply_change_finish    (GchStore             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
gint64      gch_store_count_outbox           (GchStore             *self);

void        gch_store_set_keeps_feed         (GchStore             *self,
                                              gboolean              keeps_feed);
JsonNode   *gch_store_load_feed              (GchStore             *self,
                                              gint64                after,
                                              guint                 limit,
                                              gint64               *cursor,
                                              GError              **error);
gboolean    gch_store_record_result          (GchStore             *self,
                                              const char           *uuid,
                                              const char           *status,
                                              const char           *message,
                                              gint64                at,
                                              GError              **error);
GPtrArray  *gch_store_load_outbox            (GchStore             *self,
                                              guint                 limit,
                                              GError              **error);
gboolean    gch_store_settle_operations      (GchStore             *self,
                                              GPtrArray            *results,
                                              gint64                now,
                                              GError              **error);
gboolean    gch_store_apply_feed             (GchStore             *self,
                                              JsonArray            *changes,
                                              gint64                after,
                                              gint64                cursor,
                                              GError              **error);
gint64      gch_store_get_cursor             (GchStore             *self);
gboolean    gch_store_has_pulled             (GchStore             *self);
gboolean    gch_store_set_site_mode          (GchStore             *self,
                                              GchSiteMode           mode,
                                              GError              **error);
gboolean    gch_store_has_day                (GchStore             *self,
                                              const char           *date);
gboolean    gch_store_replace_day            (GchStore             *self,
                                              GchDay               *day,
                                              JsonArray            *help_sessions,
                                              GPtrArray            *feedback,
                                              gint64                cursor,
                                              GError              **error);
void        gch_store_get_feed_range         (GchStore             *self,
                                              gint64               *start,
                                              gint64               *end);
gint64      gch_store_prune_feed             (GchStore             *self,
                                              const char           *before,
                                              GError              **error);
/* call-backs */
gint64      gch_store_erase_expired_callbacks (GchStore           *self,
                                               gint64              now,
                                               guint               retention_days,
                                               GError            **error);
gint64      gch_store_count_conflicts        (GchStore             *self);
gboolean    gch_store_lookup_result          (GchStore             *self,
                                              const char           *uuid,
                                              char                **status,
                                              char                **message);

gboolean    gch_store_add_ticket_block       (GchStore             *self,
                                              const GchTicketBlock *block,
                                              gint64                now,
                                              GError              **error);
GPtrArray  *gch_store_dup_ticket_blocks      (GchStore             *self,
                                              const char           *date);
gint64      gch_store_count_free_tickets     (GchStore             *self,
                                              const char           *date,
                                              const char           *service,
                                              GError              **error);
char      **gch_store_dup_service_codes      (GchStore             *self,
                                              GError              **error);
gboolean    gch_store_is_issued_offline      (GchStore             *self,
                                              const char           *entry_id);
gboolean    gch_store_forget_offline_entries (GchStore             *self,
                                              GError              **error);

/**
 * GchConflict:
 * @uuid: the operation's UUID
 * @kind: the operation's kind, such as "call-next"
 * @record_id: the record it was about
 * @status: "conflict" or "rejected"
 * @message: (nullable): what the server said, for the agent
 * @at: when the station heard of it, in seconds since the epoch
 *
 * An operation the server refused, kept until the agent has seen it.
 */
typedef struct
{
  char   *uuid;
  char   *kind;
  char   *record_id;
  char   *status;
  char   *message;
  gint64  at;
} GchConflict;

void        gch_conflict_free                (GchConflict          *conflict);
GPtrArray  *gch_store_list_conflicts         (GchStore             *self,
                                              GError              **error);
gboolean    gch_store_mark_conflicts_seen    (GchStore             *self,
                                              GStrv                 uuids,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchConflict, gch_conflict_free)

/* The suggestions and complaints register (issue 6) */

gboolean    gch_store_save_feedback          (GchStore             *self,
                                              GchFeedback          *feedback,
                                              GError              **error);
GchFeedback *gch_store_load_feedback         (GchStore             *self,
                                              const char           *id,
                                              GError              **error);
GPtrArray  *gch_store_list_feedback          (GchStore             *self,
                                              GError              **error);
GPtrArray  *gch_store_list_feedback_since    (GchStore             *self,
                                              gint64                closed_since,
                                              GError              **error);
gboolean    gch_store_merge_feedback         (GchStore             *self,
                                              GPtrArray            *feedback,
                                              GError              **error);
gboolean    gch_store_read_feedback_contact  (GchStore             *self,
                                              GchFeedback          *feedback,
                                              const char           *reader,
                                              GchAgentRole          role,
                                              gint64                now,
                                              GError              **error);
gboolean    gch_store_has_feedback_contact   (GchStore             *self,
                                              const char           *id,
                                              gboolean             *has,
                                              GError              **error);

/**
 * GchRetention:
 * @feedback_days: the days after closing that a complaint's contact is kept
 * @callback_days: the days a call-back's phone number and name are kept
 * @signature_days: the days a help session's name and signature are kept
 *
 * How long each register keeps its personal data (RGPD). A register with
 * personal data adds its field here and its eraser to the job in
 * gch-store.c (erasers[]).
 */
typedef struct
{
  guint feedback_days;
  guint callback_days;
  guint signature_days;
} GchRetention;

void        gch_retention_init               (GchRetention         *retention);
gboolean    gch_store_erase_expired_personal_data (GchStore        *self,
                                              gint64                now,
                                              const GchRetention   *retention,
                                              guint                *n_erased,
                                              GError              **error);

/* End of the suggestions and complaints register. */

/* point numérique */
GPtrArray  *gch_store_load_help_sessions     (GchStore             *self,
                                              const char           *date,
                                              GError              **error);
JsonArray  *gch_store_list_help_session_records (GchStore         *self,
                                              const char           *date,
                                              GError              **error);
char       *gch_store_dup_signature          (GchStore             *self,
                                              const char           *id,
                                              GError              **error);
gint64      gch_store_erase_expired_signatures (GchStore           *self,
                                              gint64                now,
                                              guint                 retention_days,
                                              GError              **error);

G_END_DECLS
