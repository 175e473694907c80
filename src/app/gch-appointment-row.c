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

/* An appointment of the day: when, who, what for; at the reception, its
 * status and the button that checks the holder in.
 */
struct _GchAppointmentRow
{
  AdwBin          parent_instance;

  GchAppointment *appointment;
  GSignalGroup   *signals;
  gint64          now;
  gboolean        with_status;

  /* Template Widgets */
  GtkLabel       *time_label;
  GtkLabel       *holder_label;
  GtkLabel       *detail_label;
  GtkLabel       *overdue_label;
  GtkLabel       *status_label;
  GtkButton      *check_in_button;
};

G_DEFINE_FINAL_TYPE (GchAppointmentRow, gch_appointment_row, ADW_TYPE_BIN)

static void
update_status (GchAppointmentRow *self)
{
  GchAppointmentStatus status;
  gboolean booked;

  if (self->appointment == NULL)
    return;

  status = gch_appointment_get_status (self->appointment);
  booked = status == GCH_APPOINTMENT_STATUS_BOOKED;

  gtk_widget_set_visible (GTK_WIDGET (self->overdue_label),
                          booked && gch_appointment_get_starts_at (self->appointment) < self->now);
  gtk_widget_set_visible (GTK_WIDGET (self->check_in_button), self->with_status && booked);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), self->with_status && !booked);
  gtk_label_set_label (self->status_label, gch_appointment_status_to_label (status));
}

static void
gch_appointment_row_dispose (GObject *object)
{
  GchAppointmentRow *self = (GchAppointmentRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_APPOINTMENT_ROW);
  g_clear_object (&self->signals);
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
  gtk_widget_class_bind_template_child (widget_class, GchAppointmentRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GchAppointmentRow, check_in_button);
}

static void
gch_appointment_row_init (GchAppointmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (GCH_TYPE_APPOINTMENT);
  g_signal_group_connect_swapped (self->signals, "notify::status", G_CALLBACK (update_status), self);
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
 * @with_status: whether to show the status and the check-in button
 */
void
gch_appointment_row_set_appointment (GchAppointmentRow *self,
                                     GchAppointment    *appointment,
                                     GTimeZone         *tz,
                                     gint64             now,
                                     gboolean           with_status)
{
  g_autofree char *time = NULL;
  g_autofree char *detail = NULL;
  guint persons;

  g_return_if_fail (GCH_IS_APPOINTMENT_ROW (self));
  g_return_if_fail (GCH_IS_APPOINTMENT (appointment));

  g_set_object (&self->appointment, appointment);
  g_signal_group_set_target (self->signals, appointment);
  self->now = now;
  self->with_status = with_status;

  time = gch_format_time (tz, gch_appointment_get_starts_at (appointment));
  persons = gch_appointment_get_persons (appointment);
  detail = g_strdup_printf (ngettext ("%s · %u person", "%s · %u persons", persons),
                            gch_service_get_name (gch_appointment_get_service (appointment)),
                            persons);

  gtk_label_set_label (self->time_label, time);
  gtk_label_set_label (self->holder_label, gch_appointment_get_holder_name (appointment));
  gtk_label_set_label (self->detail_label, detail);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->check_in_button), "s",
                                    gch_appointment_get_reference (appointment));
  update_status (self);
}
