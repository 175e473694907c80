/* gch-supervisor-page.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_SUPERVISOR_PAGE (gch_supervisor_page_get_type ())

G_DECLARE_FINAL_TYPE (GchSupervisorPage, gch_supervisor_page, GCH, SUPERVISOR_PAGE, AdwBin)

void gch_supervisor_page_set_station (GchSupervisorPage *self,
                                      GchStation        *station);
void gch_supervisor_page_refresh     (GchSupervisorPage *self);

G_END_DECLS
