/* gch-signature-pad.c
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

#define G_LOG_DOMAIN "gch-signature-pad"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-signature-pad.h"

/* Where the person signs, with the pointer, a finger or a stylus (a drag
 * gesture takes all three). The strokes are kept in the register's own
 * box, GCH_SIGNATURE_WIDTH by GCH_SIGNATURE_HEIGHT, whatever the pad's
 * size, so the export draws them the same. For someone who cannot draw,
 * and from the keyboard, "signed on paper" stands instead.
 */
struct _GchSignaturePad
{
  GtkWidget       parent_instance;

  GPtrArray      *strokes;    /* GArray of GchSignaturePoint */
  double          start_x;    /* where the drag began, in the canvas */
  double          start_y;

  /* Template Widgets */
  GtkDrawingArea *canvas;
  GtkCheckButton *paper_check;
  GtkButton      *clear_button;
};

G_DEFINE_FINAL_TYPE (GchSignaturePad, gch_signature_pad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EMPTY,
  PROP_ON_PAPER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The box the strokes fill, kept to the register's proportions and
 * centred in @width by @height.
 */
static void
fit_box (double  width,
         double  height,
         double *x,
         double *y,
         double *scale)
{
  *scale = MIN (width / GCH_SIGNATURE_WIDTH, height / GCH_SIGNATURE_HEIGHT);
  *x = (width - GCH_SIGNATURE_WIDTH * *scale) / 2;
  *y = (height - GCH_SIGNATURE_HEIGHT * *scale) / 2;
}

/**
 * gch_signature_draw:
 * @strokes: (element-type GArray): strokes, as gch_signature_parse() gives
 *
 * Draws a signature in the box at @x, @y, in the current source: each
 * stroke smoothed through the middles of its points, a dot for a single
 * point.
 */
void
gch_signature_draw (cairo_t   *cr,
                    GPtrArray *strokes,
                    double     x,
                    double     y,
                    double     width,
                    double     height)
{
  double left, top, scale;

  fit_box (width, height, &left, &top, &scale);
  cairo_save (cr);
  cairo_translate (cr, x + left, y + top);
  cairo_scale (cr, scale, scale);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 6);

  for (guint i = 0; strokes != NULL && i < strokes->len; i++)
    {
      GArray *points = g_ptr_array_index (strokes, i);
      GchSignaturePoint *p = (GchSignaturePoint *) points->data;

      cairo_move_to (cr, p[0].x, p[0].y);
      if (points->len == 1)
        cairo_line_to (cr, p[0].x + 0.1, p[0].y);
      for (guint j = 1; j + 1 < points->len; j++)
        cairo_curve_to (cr, p[j].x, p[j].y, p[j].x, p[j].y,
                        (p[j].x + p[j + 1].x) / 2.0, (p[j].y + p[j + 1].y) / 2.0);
      if (points->len > 1)
        cairo_line_to (cr, p[points->len - 1].x, p[points->len - 1].y);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  GchSignaturePad *self = user_data;
  double left, top, scale;
  GdkRGBA color;

  fit_box (width, height, &left, &top, &scale);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);

  /* The line to sign on. */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left + 40 * scale, top + GCH_SIGNATURE_HEIGHT * 0.8 * scale);
  cairo_line_to (cr, left + (GCH_SIGNATURE_WIDTH - 40) * scale,
                 top + GCH_SIGNATURE_HEIGHT * 0.8 * scale);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &color);
  gch_signature_draw (cr, self->strokes, 0, 0, width, height);
}

static void
notify_empty (GchSignaturePad *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), self->strokes->len > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

/* A point of the canvas, in the register's box; %FALSE outside it. */
static gboolean
to_point (GchSignaturePad   *self,
          double             x,
          double             y,
          GchSignaturePoint *point)
{
  double left, top, scale;

  fit_box (gtk_widget_get_width (GTK_WIDGET (self->canvas)),
           gtk_widget_get_height (GTK_WIDGET (self->canvas)), &left, &top, &scale);
  if (scale <= 0)
    return FALSE;
  point->x = CLAMP ((int) ((x - left) / scale + 0.5), 0, GCH_SIGNATURE_WIDTH);
  point->y = CLAMP ((int) ((y - top) / scale + 0.5), 0, GCH_SIGNATURE_HEIGHT);
  return TRUE;
}

static guint
count_points (GchSignaturePad *self)
{
  guint n = 0;

  for (guint i = 0; i < self->strokes->len; i++)
    n += ((GArray *) g_ptr_array_index (self->strokes, i))->len;
  return n;
}

static void
add_point (GchSignaturePad *self,
           double           x,
           double           y)
{
  GArray *stroke;
  GchSignaturePoint point;

  if (self->strokes->len == 0 || !to_point (self, x, y, &point) ||
      count_points (self) >= GCH_SIGNATURE_MAX_POINTS)
    return;

  /* A point where the last one is adds nothing but size. */
  stroke = g_ptr_array_index (self->strokes, self->strokes->len - 1);
  if (stroke->len > 0)
    {
      GchSignaturePoint *last = &g_array_index (stroke, GchSignaturePoint, stroke->len - 1);

      if (ABS (last->x - point.x) + ABS (last->y - point.y) < 3)
        return;
    }
  g_array_append_val (stroke, point);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
on_drag_begin_cb (GchSignaturePad *self,
                  double           x,
                  double           y)
{
  if (gtk_check_button_get_active (self->paper_check) ||
      self->strokes->len >= GCH_SIGNATURE_MAX_STROKES)
    return;

  self->start_x = x;
  self->start_y = y;
  g_ptr_array_add (self->strokes, g_array_new (FALSE, FALSE, sizeof (GchSignaturePoint)));
  add_point (self, x, y);
  notify_empty (self);
}

static void
on_drag_update_cb (GchSignaturePad *self,
                   double           offset_x,
                   double           offset_y)
{
  if (!gtk_check_button_get_active (self->paper_check))
    add_point (self, self->start_x + offset_x, self->start_y + offset_y);
}

static void
on_paper_toggled_cb (GchSignaturePad *self)
{
  gboolean paper = gtk_check_button_get_active (self->paper_check);

  /* Signed on paper: the pad is not a signature too. */
  if (paper)
    gch_signature_pad_clear (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->canvas), !paper);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_PAPER]);
}

static void
gch_signature_pad_dispose (GObject *object)
{
  GchSignaturePad *self = (GchSignaturePad *)object;

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_SIGNATURE_PAD);
  /* The frame and the buttons' box are the template's, unbound. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (gch_signature_pad_parent_class)->dispose (object);
}

static void
gch_signature_pad_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GchSignaturePad *self = GCH_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, gch_signature_pad_is_empty (self));
      break;
    case PROP_ON_PAPER:
      g_value_set_boolean (value, gch_signature_pad_get_on_paper (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_signature_pad_class_init (GchSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_signature_pad_dispose;
  object_class->get_property = gch_signature_pad_get_property;

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ON_PAPER] =
    g_param_spec_boolean ("on-paper", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-signature-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, GchSignaturePad, canvas);
  gtk_widget_class_bind_template_child (widget_class, GchSignaturePad, paper_check);
  gtk_widget_class_bind_template_child (widget_class, GchSignaturePad, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_paper_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, gch_signature_pad_clear);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "signature-pad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gch_signature_pad_init (GchSignaturePad *self)
{
  GtkGesture *drag;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              6);

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gtk_drawing_area_set_draw_func (self->canvas, draw_cb, self, NULL);

  /* The mouse, touch and a stylus alike; a stylus's motion comes at its
   * own, finer, rate.
   */
  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (drag));
}

/**
 * gch_signature_pad_new:
 */
GtkWidget *
gch_signature_pad_new (void)
{
  return g_object_new (GCH_TYPE_SIGNATURE_PAD, NULL);
}

/**
 * gch_signature_pad_dup_strokes:
 *
 * Returns: (transfer full) (nullable): the signature as the register keeps
 *   it (see gch_signature_parse()), %NULL when nothing was drawn
 */
char *
gch_signature_pad_dup_strokes (GchSignaturePad *self)
{
  GString *text;

  g_return_val_if_fail (GCH_IS_SIGNATURE_PAD (self), NULL);

  if (self->strokes->len == 0)
    return NULL;

  text = g_string_new ("[");
  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *points = g_ptr_array_index (self->strokes, i);

      g_string_append (text, i > 0 ? ",[" : "[");
      for (guint j = 0; j < points->len; j++)
        {
          GchSignaturePoint *point = &g_array_index (points, GchSignaturePoint, j);

          g_string_append_printf (text, "%s[%d,%d]", j > 0 ? "," : "", point->x, point->y);
        }
      g_string_append_c (text, ']');
    }
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

/**
 * gch_signature_pad_get_on_paper:
 *
 * Returns: whether the person signed the paper register instead
 */
gboolean
gch_signature_pad_get_on_paper (GchSignaturePad *self)
{
  g_return_val_if_fail (GCH_IS_SIGNATURE_PAD (self), FALSE);

  return gtk_check_button_get_active (self->paper_check);
}

/**
 * gch_signature_pad_is_empty:
 */
gboolean
gch_signature_pad_is_empty (GchSignaturePad *self)
{
  g_return_val_if_fail (GCH_IS_SIGNATURE_PAD (self), TRUE);

  return self->strokes->len == 0;
}

/**
 * gch_signature_pad_clear:
 *
 * Wipes what was drawn, to sign again.
 */
void
gch_signature_pad_clear (GchSignaturePad *self)
{
  g_return_if_fail (GCH_IS_SIGNATURE_PAD (self));

  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  notify_empty (self);
}
