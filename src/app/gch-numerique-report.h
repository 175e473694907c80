/* gch-numerique-report.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "guichet.h"

G_BEGIN_DECLS

/**
 * GchNumeriqueReport:
 * @site_name: (nullable): the site's name, for the title
 * @date: the day, YYYY-MM-DD
 * @tz: the site's time zone, for the times
 * @sessions: (element-type GchHelpSession): the day's lines
 * @mediators: mediator id → name
 * @strokes: session id → its signature's strokes, for those the reader
 *   may see; a drawn signature absent here is written as kept apart
 *
 * The point numérique's register of a day, as the export writes it: a
 * copy, so the page may move on while the file is written.
 */
typedef struct
{
  char       *site_name;
  char       *date;
  GTimeZone  *tz;
  GPtrArray  *sessions;
  GHashTable *mediators;
  GHashTable *strokes;
} GchNumeriqueReport;

void      gch_numerique_report_free      (GchNumeriqueReport *report);
char     *gch_numerique_report_dup_title (GchNumeriqueReport *report);
gboolean  gch_numerique_report_write_csv (GchNumeriqueReport *report,
                                          const char         *path,
                                          GError            **error);
gboolean  gch_numerique_report_write_pdf (GchNumeriqueReport *report,
                                          const char         *path,
                                          GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchNumeriqueReport, gch_numerique_report_free)

G_END_DECLS
