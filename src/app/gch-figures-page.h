/* gch-figures-page.h
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

#include <adwaita.h>

#include "gch-figures-report.h"
#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_FIGURES_PAGE (gch_figures_page_get_type ())

G_DECLARE_FINAL_TYPE (GchFiguresPage, gch_figures_page, GCH, FIGURES_PAGE, AdwBin)

void        gch_figures_page_set_station     (GchFiguresPage       *self,
                                              GchStation           *station);
void        gch_figures_page_refresh         (GchFiguresPage       *self);
void        gch_figures_page_load_quarter    (GchFiguresPage       *self);
GchFigures *gch_figures_page_get_figures     (GchFiguresPage       *self,
                                              const char           *which);
const char *gch_figures_page_get_quarter_status (GchFiguresPage    *self);
void        gch_figures_page_export          (GchFiguresPage       *self,
                                              const char           *which,
                                              GchFiguresFormat      format);
void        gch_figures_page_save_async      (GchFiguresPage       *self,
                                              const char           *which,
                                              GchFiguresFormat      format,
                                              GFile                *file,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean    gch_figures_page_save_finish     (GchFiguresPage       *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
