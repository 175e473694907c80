/* gch-change.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_CHANGE (gch_change_get_type ())

G_DECLARE_FINAL_TYPE (GchChange, gch_change, GCH, CHANGE, GObject)

GchChange  *gch_change_new                (const char *kind,
                                           const char *actor,
                                           guint       guichet,
                                           gint64      at);
const char *gch_change_get_kind           (GchChange  *self);
const char *gch_change_get_uuid           (GchChange  *self);
const char *gch_change_get_actor          (GchChange  *self);
guint       gch_change_get_guichet        (GchChange  *self);
gint64      gch_change_get_at             (GchChange  *self);

gpointer    gch_change_update             (GchChange  *self,
                                           gpointer    record);
void        gch_change_insert             (GchChange  *self,
                                           GchQueueEntry *entry);
void        gch_change_create             (GchChange  *self,
                                           GchCallback *callback);
GPtrArray  *gch_change_get_created        (GchChange  *self);
void        gch_change_add_event          (GchChange  *self,
                                           const char *record_kind,
                                           const char *record_id,
                                           const char *from_state,
                                           const char *to_state,
                                           const char *detail);
void        gch_change_set_operation      (GchChange  *self,
                                           const char *record_kind,
                                           const char *record_id,
                                           gint64      base_version,
                                           const char *payload);

const char *gch_change_get_record_kind    (GchChange  *self);
const char *gch_change_get_record_id      (GchChange  *self);
gint64      gch_change_get_base_version   (GchChange  *self);
const char *gch_change_get_payload        (GchChange  *self);
GPtrArray  *gch_change_get_inserted       (GchChange  *self);
GPtrArray  *gch_change_get_updated        (GchChange  *self);
GPtrArray  *gch_change_get_events         (GchChange  *self);
GchQueueEntry *gch_change_get_entry       (GchChange  *self);

void        gch_change_apply              (GchChange  *self,
                                           GchDay     *day);

/* The suggestions and complaints register (issue 6) */
void         gch_change_set_feedback      (GchChange   *self,
                                           GchFeedback *feedback);
GchFeedback *gch_change_get_feedback      (GchChange   *self);

G_END_DECLS
