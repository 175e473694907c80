/* gch-format.h: how times and durations read on screen
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *gch_format_time (GTimeZone *tz,
                       gint64     unix_time);

char *gch_format_wait (gint64     seconds);

char *gch_format_date (const GDate *date);

char *gch_format_day  (GTimeZone *tz,
                       gint64     unix_time);

G_END_DECLS
