/* gch-reception-page.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_RECEPTION_PAGE (gch_reception_page_get_type ())

G_DECLARE_FINAL_TYPE (GchReceptionPage, gch_reception_page, GCH, RECEPTION_PAGE, AdwBin)

void        gch_reception_page_set_station     (GchReceptionPage *self,
                                                GchStation       *station);
void        gch_reception_page_refresh         (GchReceptionPage *self);
void        gch_reception_page_focus           (GchReceptionPage *self,
                                                gboolean          search);
void        gch_reception_page_show_ticket     (GchReceptionPage *self,
                                                GchQueueEntry    *entry,
                                                const char       *status,
                                                gboolean          can_print);
GListModel *gch_reception_page_get_appointments (GchReceptionPage *self);

G_END_DECLS
