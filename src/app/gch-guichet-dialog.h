/* gch-guichet-dialog.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_GUICHET_DIALOG (gch_guichet_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GchGuichetDialog, gch_guichet_dialog, GCH, GUICHET_DIALOG, AdwWindow)

GchGuichetDialog *gch_guichet_dialog_new       (GchStation       *station,
                                                guint             guichet);
const char       *gch_guichet_dialog_get_error (GchGuichetDialog *self);

G_END_DECLS
