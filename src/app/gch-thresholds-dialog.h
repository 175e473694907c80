/* gch-thresholds-dialog.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_THRESHOLDS_DIALOG (gch_thresholds_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GchThresholdsDialog, gch_thresholds_dialog, GCH, THRESHOLDS_DIALOG, AdwWindow)

GchThresholdsDialog *gch_thresholds_dialog_new       (GchStation          *station,
                                                      const char          *service);
const char          *gch_thresholds_dialog_get_error (GchThresholdsDialog *self);

G_END_DECLS
