/* gch-feedback-row.h
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

#include <adwaita.h>

#include "gch-register-item.h"

G_BEGIN_DECLS

#define GCH_TYPE_FEEDBACK_ROW (gch_feedback_row_get_type ())

G_DECLARE_FINAL_TYPE (GchFeedbackRow, gch_feedback_row, GCH, FEEDBACK_ROW, AdwBin)

GtkWidget       *gch_feedback_row_new             (void);
void             gch_feedback_row_set_item        (GchFeedbackRow *self,
                                                   GchRegisterItem *item);
GchRegisterItem *gch_feedback_row_get_item        (GchFeedbackRow *self);
const char      *gch_feedback_row_get_status_text (GchFeedbackRow *self);
const char      *gch_feedback_row_get_flag_text   (GchFeedbackRow *self);

const char      *gch_urgency_to_label             (GchUrgency      urgency);

G_END_DECLS
