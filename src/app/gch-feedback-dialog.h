/* gch-feedback-dialog.h
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
#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_FEEDBACK_DIALOG (gch_feedback_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GchFeedbackDialog, gch_feedback_dialog, GCH, FEEDBACK_DIALOG, AdwWindow)

GchFeedbackDialog *gch_feedback_dialog_new        (GchStation        *station,
                                                   GSettings         *settings,
                                                   guint              guichet,
                                                   const char        *agent,
                                                   GchQueueEntry     *visit);
const char        *gch_feedback_dialog_get_ticket (GchFeedbackDialog *self);
const char        *gch_feedback_dialog_get_error  (GchFeedbackDialog *self);

G_END_DECLS
