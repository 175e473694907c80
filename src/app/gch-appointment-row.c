/* gch-appointment-row.c
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

#define G_LOG_DOMAIN "gch-appointment-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-appointment-row.h"
#include "gch-format.h"

/* An appointment whose holder has not arrived yet. */
struct _GchAppointmentRow
{
  AdwBin          parent_instance;

  GchAppointment *appointment;

  /* Template Widgets */
  GtkLabel       *time_label;
  GtkLabel       *holder_label;
  GtkLabel       *detail_label;
  GtkLabel       *overdue_label;
};

G_DEFINE_FINAL_TYPE (GchAppointmentRow, gch_appointment_row, ADW_TYPE_BIN)

static void
gch_appointment_row_dispose (GObject *object)
{
  GchAppointmentRow *self = (GchAppointmentRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_APPOINTMENT_ROW);
  g_clear_object (&self->appointment);

  G_OBJECT_CLASS (gch_appointment_row_parent_class)->dispose (object);
}

static void
gch_appointment_row_class_init (GchAppointmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_appointment_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-appointment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GchAppointmentRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, GchAppointmentRow, holder_label);
  gtk_widget_class_bind_template_child (widget_class, GchAppointmentRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GchAppointmentRow, overdue_label);
}

static void
gch_appointment_row_init (GchAppointmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gch_appointment_row_new (void)
{
  return g_object_new (GCH_TYPE_APPOINTMENT_ROW, NULL);
}

/**
 * gch_appointment_row_get_appointment:
 *
 * Returns: (transfer none) (nullable): the appointment shown
 */
GchAppointment *
gch_appointment_row_get_appointment (GchAppointmentRow *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT_ROW (self), NULL);

  return self->appointment;
}

/**
 * gch_appointment_row_set_appointment:
 * @tz: the site's time zone
 * @now: the time now, to flag an appointment whose time has passed
 */
void
gch_appointment_row_set_appointment (GchAppointmentRow *self,
                                     GchAppointment    *appointment,
                                     GTimeZone         *tz,
                                     gint64             now)
{
  g_autofree char *time = NULL;
  g_autofree char *detail = NULL;
  guint persons;

  g_return_if_fail (GCH_IS_APPOINTMENT_ROW (self));
  g_return_if_fail (GCH_IS_APPOINTMENT (appointment));

  g_set_object (&self->appointment, appointment);

  time = gch_format_time (tz, gch_appointment_get_starts_at (appointment));
  persons = gch_appointment_get_persons (appointment);
  detail = g_strdup_printf (ngettext ("%s · %u person", "%s · %u persons", persons),
                            gch_service_get_name (gch_appointment_get_service (appointment)),
                            persons);

  gtk_label_set_label (self->time_label, time);
  gtk_label_set_label (self->holder_label, gch_appointment_get_holder_name (appointment));
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_label),
                          gch_appointment_get_starts_at (appointment) < now);
}
