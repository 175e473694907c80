/* gch-sim-report.h: what the simulator checks once everything settled
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

#include <glib.h>

G_BEGIN_DECLS

/**
 * GchSimReport:
 * @operations: operations the stations committed
 * @applied: operations the server applied
 * @refused: operations the server refused (conflicts, rejections)
 * @lost: committed at a station, unknown to the server
 * @unsent: still in a station's outbox
 * @applied_twice: events held twice for one operation, by the server or
 *   a station
 * @misanswered: operations the server applied but answered as refused
 * @called_twice: entries called at a second guichet without going back
 *   to the queue first (recalls excluded)
 * @acted_elsewhere: starts, finishes, no-shows or recalls made by another
 *   guichet than the one that called the person
 * @events_missing: events of the server's that a station lacks
 * @diverged: stations whose entries differ from the server's
 * @damaged: databases whose `PRAGMA integrity_check` is not ok
 * @first_difference: the first difference seen, if any
 * @estimates: tickets whose estimated wait, noted when they were given, can
 *   be held against when they were called
 * @estimate_error: the sum of |estimate − wait| over them, in seconds
 * @naive_error: the same for the naive estimate noted beside it
 * @waited: the sum of their waits, in seconds
 */
typedef struct
{
  guint  operations;
  guint  applied;
  guint  refused;
  guint  lost;
  guint  unsent;
  guint  applied_twice;
  guint  misanswered;
  guint  called_twice;
  guint  acted_elsewhere;
  guint  events_missing;
  guint  diverged;
  guint  damaged;
  char  *first_difference;

  guint  estimates;
  gint64 estimate_error;
  gint64 naive_error;
  gint64 waited;
} GchSimReport;

gboolean gch_sim_report_check (GchSimReport        *report,
                               const char          *server_database,
                               const char          *date,
                               const char * const  *station_databases,
                               const char * const  *actors,
                               GError             **error);
gboolean gch_sim_report_ok    (const GchSimReport  *report);
void     gch_sim_report_print (const GchSimReport  *report);
void     gch_sim_report_clear (GchSimReport        *report);

G_END_DECLS
