/* gch-register-item.h
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

#include "guichet.h"

G_BEGIN_DECLS

/* How pressing a record is, by its due date and the station's clock. */
typedef enum
{
  GCH_URGENCY_NONE,
  GCH_URGENCY_DUE_SOON,
  GCH_URGENCY_OVERDUE,
} GchUrgency;

/* All kinds, all statuses: the filters' "any". */
#define GCH_REGISTER_ANY  (-1)
/* Every status but closed. */
#define GCH_REGISTER_OPEN (-2)

/**
 * GchRegisterFilter:
 * @search: what to look for in the description, the category and the
 *   ticket, already folded with gch_register_fold(); %NULL or "" for all
 * @kind: a #GchFeedbackKind, or %GCH_REGISTER_ANY
 * @status: a #GchFeedbackStatus, %GCH_REGISTER_OPEN or %GCH_REGISTER_ANY
 * @urgent_only: only the records overdue or due soon
 */
typedef struct
{
  const char *search;
  int         kind;
  int         status;
  gboolean    urgent_only;
} GchRegisterFilter;

#define GCH_TYPE_REGISTER_ITEM (gch_register_item_get_type ())

G_DECLARE_FINAL_TYPE (GchRegisterItem, gch_register_item, GCH, REGISTER_ITEM, GObject)

GchRegisterItem *gch_register_item_new          (GchFeedback       *feedback,
                                                 gint64             now,
                                                 GTimeZone         *zone);
gboolean         gch_register_item_update       (GchRegisterItem   *self,
                                                 GchFeedback       *feedback,
                                                 gint64             now,
                                                 GTimeZone         *zone);
GchFeedback     *gch_register_item_get_feedback (GchRegisterItem   *self);
const char      *gch_register_item_get_id       (GchRegisterItem   *self);
GchUrgency       gch_register_item_get_urgency  (GchRegisterItem   *self);
GTimeZone       *gch_register_item_get_zone     (GchRegisterItem   *self);

int              gch_register_item_compare      (GchRegisterItem   *a,
                                                 GchRegisterItem   *b);
gboolean         gch_register_item_matches      (GchRegisterItem   *self,
                                                 const GchRegisterFilter *filter);
char            *gch_register_fold              (const char        *text);

G_END_DECLS
