/* gch-visit-panel.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_VISIT_PANEL (gch_visit_panel_get_type ())

G_DECLARE_FINAL_TYPE (GchVisitPanel, gch_visit_panel, GCH, VISIT_PANEL, AdwBin)

GchQueueEntry *gch_visit_panel_get_entry (GchVisitPanel *self);
void           gch_visit_panel_set_entry (GchVisitPanel *self,
                                          GchQueueEntry *entry,
                                          GTimeZone     *tz);
void           gch_visit_panel_set_on_hold (GchVisitPanel *self,
                                            GPtrArray     *entries);
char         **gch_visit_panel_dup_missing_documents (GchVisitPanel *self);

G_END_DECLS
