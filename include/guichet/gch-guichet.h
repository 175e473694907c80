/* gch-guichet.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_GUICHET (gch_guichet_get_type ())

G_DECLARE_FINAL_TYPE (GchGuichet, gch_guichet, GCH, GUICHET, GObject)

guint               gch_guichet_get_number     (GchGuichet      *self);
const char         *gch_guichet_get_label      (GchGuichet      *self);
gboolean            gch_guichet_get_accessible (GchGuichet      *self);
const char * const *gch_guichet_get_services   (GchGuichet      *self);
void                gch_guichet_set_services   (GchGuichet      *self,
                                                const char * const *services);
gboolean            gch_guichet_handles        (GchGuichet      *self,
                                                const char      *service_code);
GchGuichetState     gch_guichet_get_state      (GchGuichet      *self);
void                gch_guichet_set_state      (GchGuichet      *self,
                                                GchGuichetState  state);
const char         *gch_guichet_get_agent_id   (GchGuichet      *self);
void                gch_guichet_set_agent_id   (GchGuichet      *self,
                                                const char      *agent_id);

G_END_DECLS
