/* gch-appointment-row.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"

G_BEGIN_DECLS

#define GCH_TYPE_APPOINTMENT_ROW (gch_appointment_row_get_type ())

G_DECLARE_FINAL_TYPE (GchAppointmentRow, gch_appointment_row, GCH, APPOINTMENT_ROW, AdwBin)

GtkWidget      *gch_appointment_row_new             (void);
GchAppointment *gch_appointment_row_get_appointment (GchAppointmentRow *self);
void            gch_appointment_row_set_appointment (GchAppointmentRow *self,
                                                     GchAppointment    *appointment,
                                                     GTimeZone         *tz,
                                                     gint64             now,
                                                     gboolean           with_status);

G_END_DECLS
