/* gch-appointment.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_APPOINTMENT (gch_appointment_get_type ())

G_DECLARE_FINAL_TYPE (GchAppointment, gch_appointment, GCH, APPOINTMENT, GObject)

const char           *gch_appointment_get_reference         (GchAppointment       *self);
GchService           *gch_appointment_get_service           (GchAppointment       *self);
gint64                gch_appointment_get_starts_at         (GchAppointment       *self);
guint                 gch_appointment_get_duration_minutes  (GchAppointment       *self);
guint                 gch_appointment_get_persons           (GchAppointment       *self);
const char           *gch_appointment_get_holder_name       (GchAppointment       *self);
const char           *gch_appointment_get_phone             (GchAppointment       *self);
const char           *gch_appointment_get_email             (GchAppointment       *self);
const char           *gch_appointment_get_dossier_number    (GchAppointment       *self);
const char           *gch_appointment_get_predemande_number (GchAppointment       *self);
GchAppointmentStatus  gch_appointment_get_status            (GchAppointment       *self);
void                  gch_appointment_set_status            (GchAppointment       *self,
                                                             GchAppointmentStatus  status);
guint                 gch_appointment_get_guichet           (GchAppointment       *self);
void                  gch_appointment_set_guichet           (GchAppointment       *self,
                                                             guint                 guichet);
gint64                gch_appointment_get_version           (GchAppointment       *self);
void                  gch_appointment_set_version           (GchAppointment       *self,
                                                             gint64                version);

G_END_DECLS
