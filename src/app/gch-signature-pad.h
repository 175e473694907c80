/* gch-signature-pad.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_SIGNATURE_PAD (gch_signature_pad_get_type ())

G_DECLARE_FINAL_TYPE (GchSignaturePad, gch_signature_pad, GCH, SIGNATURE_PAD, GtkWidget)

GtkWidget *gch_signature_pad_new           (void);
char      *gch_signature_pad_dup_strokes   (GchSignaturePad *self);
gboolean   gch_signature_pad_get_on_paper  (GchSignaturePad *self);
gboolean   gch_signature_pad_is_empty      (GchSignaturePad *self);
void       gch_signature_pad_clear         (GchSignaturePad *self);

void       gch_signature_draw              (cairo_t         *cr,
                                            GPtrArray       *strokes,
                                            double           x,
                                            double           y,
                                            double           width,
                                            double           height);

G_END_DECLS
