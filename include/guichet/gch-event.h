/* gch-event.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_EVENT (gch_event_get_type ())

G_DECLARE_FINAL_TYPE (GchEvent, gch_event, GCH, EVENT, GObject)

GchEvent   *gch_event_new              (const char *record_kind,
                                        const char *record_id,
                                        gint64      at,
                                        const char *actor,
                                        guint       guichet,
                                        const char *from_state,
                                        const char *to_state,
                                        const char *detail);
gint64      gch_event_get_seq          (GchEvent   *self);
const char *gch_event_get_record_kind  (GchEvent   *self);
const char *gch_event_get_record_id    (GchEvent   *self);
gint64      gch_event_get_at           (GchEvent   *self);
const char *gch_event_get_actor        (GchEvent   *self);
guint       gch_event_get_guichet      (GchEvent   *self);
const char *gch_event_get_from_state   (GchEvent   *self);
const char *gch_event_get_to_state     (GchEvent   *self);
const char *gch_event_get_detail       (GchEvent   *self);

G_END_DECLS
