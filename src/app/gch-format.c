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

#include <glib/gi18n.h>

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

/**
 * gch_format_wait:
 * @seconds: an estimated wait, -1 when unknown
 *
 * Returns: (transfer full): the wait as a person reads it: “now”,
 *   “≈ 12 min”, “≈ 1 h 20”
 */
char *
gch_format_wait (gint64 seconds)
{
  gint64 minutes = (seconds + 59) / 60;

  if (seconds < 0)
    /* Translators: an estimated wait that cannot be told */
    return g_strdup (C_("wait", "—"));
  if (seconds < 60)
    /* Translators: an estimated wait of less than a minute */
    return g_strdup (C_("wait", "now"));
  if (minutes < 60)
    /* Translators: an estimated wait in minutes */
    return g_strdup_printf (C_("wait", "≈ %d min"), (int)minutes);

  /* Translators: an estimated wait in hours and minutes, “≈ 1 h 20” */
  return g_strdup_printf (C_("wait", "≈ %d h %02d"), (int)(minutes / 60), (int)(minutes % 60));
}

/**
 * gch_format_date:
 * @date: a date of the site's calendar
 *
 * Returns: (transfer full): @date as a person reads it: `22/11/2026` in
 *   French, `—` when it is not set
 */
char *
gch_format_date (const GDate *date)
{
  char text[64];

  if (date == NULL || !g_date_valid (date))
    /* Translators: a date that is not set */
    return g_strdup (C_("date", "—"));

  /* Translators: a date, as strftime() writes it: "%d/%m/%Y" for 22/11/2026 */
  if (g_date_strftime (text, sizeof text, C_("date format", "%d/%m/%Y"), date) == 0)
    return g_strdup ("");
  return g_strdup (text);
}

/**
 * gch_format_day:
 * @tz: the site's time zone
 *
 * Returns: (transfer full): the day of @unix_time in the site's calendar,
 *   as gch_format_date() writes it
 */
char *
gch_format_day (GTimeZone *tz,
                gint64     unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  return gch_format_date (&date);
}
