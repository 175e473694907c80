/* gch-figures-report.h
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

#include <gio/gio.h>

#include "guichet.h"

G_BEGIN_DECLS

typedef enum
{
  GCH_FIGURES_FORMAT_CSV,
  GCH_FIGURES_FORMAT_PDF,
} GchFiguresFormat;

char       *gch_figures_report_dup_title    (GchFigures           *figures);
char       *gch_figures_report_dup_filename (GchFigures           *figures,
                                             GchFiguresFormat      format);
gboolean    gch_figures_report_write_pdf    (GchFigures           *figures,
                                             const char           *path,
                                             GError              **error);
void        gch_figures_report_save_async   (GchFigures           *figures,
                                             GchFiguresFormat      format,
                                             GFile                *file,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean    gch_figures_report_save_finish  (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
