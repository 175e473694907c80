/* gch-site.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_SITE (gch_site_get_type ())

G_DECLARE_FINAL_TYPE (GchSite, gch_site, GCH, SITE, GObject)

const char  *gch_site_get_code      (GchSite     *self);
const char  *gch_site_get_name      (GchSite     *self);
const char  *gch_site_get_timezone  (GchSite     *self);
GTimeZone   *gch_site_dup_time_zone (GchSite     *self);
guint        gch_site_get_opens_at  (GchSite     *self);
guint        gch_site_get_closes_at (GchSite     *self);
GchSiteMode  gch_site_get_mode      (GchSite     *self);
void         gch_site_set_mode      (GchSite     *self,
                                     GchSiteMode  mode);

G_END_DECLS
