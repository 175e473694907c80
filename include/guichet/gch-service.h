/* gch-service.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_SERVICE (gch_service_get_type ())

G_DECLARE_FINAL_TYPE (GchService, gch_service, GCH, SERVICE, GObject)

const char         *gch_service_get_code                 (GchService *self);
const char         *gch_service_get_name                 (GchService *self);
const char         *gch_service_get_prefix               (GchService *self);
guint               gch_service_get_typical_minutes      (GchService *self);
const char * const *gch_service_get_documents            (GchService *self);
guint               gch_service_get_walk_in_cap          (GchService *self);
gboolean            gch_service_get_accepts_appointments (GchService *self);
gboolean            gch_service_get_accepts_walk_ins     (GchService *self);

G_END_DECLS
