/* gch-clock.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_CLOCK (gch_clock_get_type ())

G_DECLARE_FINAL_TYPE (GchClock, gch_clock, GCH, CLOCK, GObject)

GchClock *gch_clock_new_system    (void);
GchClock *gch_clock_new_starting  (gint64    start);
GchClock *gch_clock_new_frozen    (gint64    now);
gint64    gch_clock_now           (GchClock *self);
void      gch_clock_set_frozen    (GchClock *self,
                                   gint64    now);

G_END_DECLS
