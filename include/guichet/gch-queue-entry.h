/* gch-queue-entry.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_QUEUE_ENTRY (gch_queue_entry_get_type ())

G_DECLARE_FINAL_TYPE (GchQueueEntry, gch_queue_entry, GCH, QUEUE_ENTRY, GObject)

const char     *gch_queue_entry_get_id          (GchQueueEntry *self);
const char     *gch_queue_entry_get_ticket      (GchQueueEntry *self);
GchService     *gch_queue_entry_get_service     (GchQueueEntry *self);
GchPriority     gch_queue_entry_get_priority    (GchQueueEntry *self);
gint64          gch_queue_entry_get_arrived_at  (GchQueueEntry *self);
GchAppointment *gch_queue_entry_get_appointment (GchQueueEntry *self);
gboolean        gch_queue_entry_get_late        (GchQueueEntry *self);
const char     *gch_queue_entry_get_transferred_from (GchQueueEntry *self);
GchEntryState   gch_queue_entry_get_state       (GchQueueEntry *self);
void            gch_queue_entry_set_priority    (GchQueueEntry *self,
                                                 GchPriority    priority);
void            gch_queue_entry_set_state       (GchQueueEntry *self,
                                                 GchEntryState  state);
guint           gch_queue_entry_get_guichet     (GchQueueEntry *self);
void            gch_queue_entry_set_guichet     (GchQueueEntry *self,
                                                 guint          guichet);
gint64          gch_queue_entry_get_called_at   (GchQueueEntry *self);
void            gch_queue_entry_set_called_at   (GchQueueEntry *self,
                                                 gint64         called_at);
guint           gch_queue_entry_get_recalls     (GchQueueEntry *self);
void            gch_queue_entry_set_recalls     (GchQueueEntry *self,
                                                 guint          recalls);
const char     *gch_queue_entry_get_outcome     (GchQueueEntry *self);
void            gch_queue_entry_set_outcome     (GchQueueEntry *self,
                                                 const char    *outcome);
const char     *gch_queue_entry_get_notes       (GchQueueEntry *self);
void            gch_queue_entry_set_notes       (GchQueueEntry *self,
                                                 const char    *notes);
gint64          gch_queue_entry_get_printed_at  (GchQueueEntry *self);
void            gch_queue_entry_set_printed_at  (GchQueueEntry *self,
                                                 gint64         printed_at);
GchSatisfaction gch_queue_entry_get_satisfaction (GchQueueEntry  *self);
void            gch_queue_entry_set_satisfaction (GchQueueEntry  *self,
                                                  GchSatisfaction satisfaction);
gint64          gch_queue_entry_get_version     (GchQueueEntry *self);
void            gch_queue_entry_set_version     (GchQueueEntry *self,
                                                 gint64         version);

G_END_DECLS
