/* gch-hour-chart.h
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

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GCH_TYPE_HOUR_CHART (gch_hour_chart_get_type ())

G_DECLARE_FINAL_TYPE (GchHourChart, gch_hour_chart, GCH, HOUR_CHART, GtkWidget)

GtkWidget  *gch_hour_chart_new             (void);
void        gch_hour_chart_set_hours       (GchHourChart *self,
                                            const guint  *arrivals,
                                            const guint  *served,
                                            guint         first_hour,
                                            guint         last_hour);
const char *gch_hour_chart_get_description (GchHourChart *self);

void        gch_hour_chart_draw            (cairo_t      *cr,
                                            PangoLayout  *layout,
                                            double        width,
                                            double        height,
                                            const guint  *arrivals,
                                            const guint  *served,
                                            guint         first_hour,
                                            guint         last_hour,
                                            const GdkRGBA *text_color);
char       *gch_hour_chart_describe        (const guint  *arrivals,
                                            const guint  *served,
                                            guint         first_hour,
                                            guint         last_hour);

G_END_DECLS
