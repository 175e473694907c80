/* gch-service.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

/* The thresholds of a service that says none, and the largest allowed. */
#define GCH_SERVICE_DEFAULT_MAX_WAIT_MINUTES        45
#define GCH_SERVICE_DEFAULT_MAX_WAITING_PER_GUICHET 8
#define GCH_SERVICE_MAX_THRESHOLD                   999

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
guint               gch_service_get_max_wait_minutes     (GchService *self);
guint               gch_service_get_max_waiting_per_guichet (GchService *self);
void                gch_service_set_thresholds           (GchService *self,
                                                          guint       max_wait_minutes,
                                                          guint       max_waiting_per_guichet);

G_END_DECLS
