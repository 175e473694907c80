/* gch-hour-chart.c
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

#define G_LOG_DOMAIN "gch-hour-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gch-hour-chart.h"

/* Arrivals and people served per hour of the day, side by side: two bars
 * an hour, the hours of the site's day below. The same drawing goes into
 * the PDF report (gch_hour_chart_draw() draws on any cairo context), and a
 * screen reader reads the figures in words, hour by hour.
 *
 * The two colours are libadwaita's blue 3 and green 4, readable on the
 * light and the dark background alike; the text takes the theme's colour.
 */
struct _GchHourChart
{
  GtkWidget  parent_instance;

  guint      arrivals[24];
  guint      served[24];
  guint      first_hour;
  guint      last_hour;
  char      *description;
};

G_DEFINE_FINAL_TYPE (GchHourChart, gch_hour_chart, GTK_TYPE_WIDGET)

#define AXIS_HEIGHT 20.0
#define TOP_MARGIN 16.0

static const GdkRGBA arrivals_color = { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 1.0 };
static const GdkRGBA served_color = { 0x2e / 255.0, 0xc2 / 255.0, 0x7e / 255.0, 1.0 };

/**
 * gch_hour_chart_draw:
 * @cr: where to draw, its origin at the chart's top left
 * @layout: a layout of @cr's context, for the hours and the values
 *
 * Draws the chart in @width × @height.
 */
void
gch_hour_chart_draw (cairo_t       *cr,
                     PangoLayout   *layout,
                     double         width,
                     double         height,
                     const guint   *arrivals,
                     const guint   *served,
                     guint          first_hour,
                     guint          last_hour,
                     const GdkRGBA *text_color)
{
  guint hours = last_hour >= first_hour ? last_hour - first_hour + 1 : 0;
  guint most = 1;
  double slot, bar, plot;

  if (hours == 0 || width <= 0 || height <= AXIS_HEIGHT + TOP_MARGIN)
    return;

  for (guint h = first_hour; h <= last_hour; h++)
    most = MAX (most, MAX (arrivals[h], served[h]));

  slot = width / hours;
  bar = MAX (1.0, slot * 0.36);
  plot = height - AXIS_HEIGHT - TOP_MARGIN;

  /* The baseline */
  gdk_cairo_set_source_rgba (cr, text_color);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, 0, TOP_MARGIN + plot + 0.5);
  cairo_line_to (cr, width, TOP_MARGIN + plot + 0.5);
  cairo_stroke (cr);

  for (guint i = 0; i < hours; i++)
    {
      guint h = first_hour + i;
      double x = i * slot + (slot - 2 * bar) / 2;
      const guint values[2] = { arrivals[h], served[h] };
      const GdkRGBA *colors[2] = { &arrivals_color, &served_color };
      char text[16];
      int tw, th;

      for (guint b = 0; b < 2; b++)
        {
          double bh = plot * values[b] / most;

          gdk_cairo_set_source_rgba (cr, colors[b]);
          cairo_rectangle (cr, x + b * bar, TOP_MARGIN + plot - bh, bar - 1, bh);
          cairo_fill (cr);

          if (values[b] > 0)
            {
              g_snprintf (text, sizeof text, "%u", values[b]);
              pango_layout_set_text (layout, text, -1);
              pango_layout_get_pixel_size (layout, &tw, &th);
              gdk_cairo_set_source_rgba (cr, text_color);
              cairo_move_to (cr, x + b * bar + (bar - tw) / 2, TOP_MARGIN + plot - bh - th);
              pango_cairo_show_layout (cr, layout);
            }
        }

      g_snprintf (text, sizeof text, "%u", h);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      gdk_cairo_set_source_rgba (cr, text_color);
      cairo_move_to (cr, i * slot + (slot - tw) / 2, TOP_MARGIN + plot + (AXIS_HEIGHT - th) / 2);
      pango_cairo_show_layout (cr, layout);
    }
}

/**
 * gch_hour_chart_describe:
 *
 * Returns: (transfer full): the chart in words, for a screen reader: each
 *   hour with arrivals or people served
 */
char *
gch_hour_chart_describe (const guint *arrivals,
                         const guint *served,
                         guint        first_hour,
                         guint        last_hour)
{
  GString *text = g_string_new (NULL);

  for (guint h = first_hour; h <= last_hour && h < 24; h++)
    {
      if (arrivals[h] == 0 && served[h] == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      /* Translators: an hour of the day, then how many came and how many were served in it */
      g_string_append_printf (text, _("%u:00 to %u:00: %u arrived, %u served"), h, h + 1,
                              arrivals[h], served[h]);
    }

  if (text->len == 0)
    g_string_append (text, _("Nobody arrived and nobody was served."));
  else
    g_string_append_c (text, '.');

  return g_string_free (text, FALSE);
}

static void
gch_hour_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  GchHourChart *self = GCH_HOUR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  GdkRGBA color;
  cairo_t *cr;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gch_hour_chart_draw (cr, layout, width, height, self->arrivals, self->served,
                       self->first_hour, self->last_hour, &color);
  cairo_destroy (cr);
}

static void
gch_hour_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 600;
    }
  else
    {
      *minimum = 160;
      *natural = 200;
    }
}

static void
gch_hour_chart_finalize (GObject *object)
{
  GchHourChart *self = (GchHourChart *)object;

  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (gch_hour_chart_parent_class)->finalize (object);
}

static void
gch_hour_chart_class_init (GchHourChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gch_hour_chart_finalize;
  widget_class->snapshot = gch_hour_chart_snapshot;
  widget_class->measure = gch_hour_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "hourchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gch_hour_chart_init (GchHourChart *self)
{
  self->first_hour = 8;
  self->last_hour = 17;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Arrivals and people served per hour"), -1);
}

GtkWidget *
gch_hour_chart_new (void)
{
  return g_object_new (GCH_TYPE_HOUR_CHART, NULL);
}

/**
 * gch_hour_chart_set_hours:
 * @arrivals: (array fixed-size=24): arrivals per local hour
 * @served: (array fixed-size=24): people served per local hour
 * @first_hour: the first hour shown
 * @last_hour: the last hour shown, included
 *
 * Shows these figures, redrawn in place.
 */
void
gch_hour_chart_set_hours (GchHourChart *self,
                          const guint  *arrivals,
                          const guint  *served,
                          guint         first_hour,
                          guint         last_hour)
{
  g_autofree char *description = NULL;

  g_return_if_fail (GCH_IS_HOUR_CHART (self));
  g_return_if_fail (first_hour <= last_hour && last_hour < 24);

  memcpy (self->arrivals, arrivals, sizeof self->arrivals);
  memcpy (self->served, served, sizeof self->served);
  self->first_hour = first_hour;
  self->last_hour = last_hour;

  description = gch_hour_chart_describe (arrivals, served, first_hour, last_hour);
  if (g_strcmp0 (description, self->description) != 0)
    {
      g_free (self->description);
      self->description = g_steal_pointer (&description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description, -1);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * gch_hour_chart_get_description:
 *
 * Returns: (nullable): what a screen reader reads of the chart
 */
const char *
gch_hour_chart_get_description (GchHourChart *self)
{
  g_return_val_if_fail (GCH_IS_HOUR_CHART (self), NULL);

  return self->description;
}
