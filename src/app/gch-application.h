/* gch-application.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"
#include "gch-sync-controller.h"

G_BEGIN_DECLS

#define GCH_TYPE_APPLICATION (gch_application_get_type ())

G_DECLARE_FINAL_TYPE (GchApplication, gch_application, GCH, APPLICATION, AdwApplication)

GchApplication *gch_application_new          (void);
GSettings      *gch_application_get_settings (GchApplication *self);
GchClock       *gch_application_get_clock    (GchApplication *self);
GchStation     *gch_application_get_station  (GchApplication *self);
guint           gch_application_get_guichet  (GchApplication *self);
GchSyncController *gch_application_get_sync  (GchApplication *self);
const char     *gch_application_get_data_dir (GchApplication *self);
gboolean        gch_application_is_supervisor (GchApplication *self);
gboolean        gch_application_reads_register (GchApplication *self);   /* suggestions and complaints */
const char     *gch_application_get_agent    (GchApplication *self);

G_END_DECLS
