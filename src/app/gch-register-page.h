/* gch-register-page.h
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

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_REGISTER_PAGE (gch_register_page_get_type ())

G_DECLARE_FINAL_TYPE (GchRegisterPage, gch_register_page, GCH, REGISTER_PAGE, AdwBin)

void        gch_register_page_set_station   (GchRegisterPage *self,
                                             GchStation      *station);
void        gch_register_page_refresh       (GchRegisterPage *self);
void        gch_register_page_recompute     (GchRegisterPage *self);
void        gch_register_page_focus         (GchRegisterPage *self);
void        gch_register_page_focus_search  (GchRegisterPage *self);
gboolean    gch_register_page_select        (GchRegisterPage *self,
                                             const char      *id);
const char *gch_register_page_get_selected  (GchRegisterPage *self);
GListModel *gch_register_page_get_model     (GchRegisterPage *self);
const char *gch_register_page_get_contact_text (GchRegisterPage *self);

G_END_DECLS
