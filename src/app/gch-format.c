/* gch-format.c
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

#include "config.h"

#include "gch-format.h"

/**
 * gch_format_time:
 * @tz: the site's time zone
 *
 * Returns: (transfer full): @unix_time as the site's clock shows it, `10:42`
 */
char *
gch_format_time (GTimeZone *tz,
                 gint64     unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  /* French and English counters both read 24-hour times. */
  return g_date_time_format (local, "%H:%M");
}
