/* gch-appointment.c
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

#define G_LOG_DOMAIN "gch-appointment"

#include "config.h"

#include "gch-appointment.h"
#include "gch-enums.h"
#include "gch-service.h"

/* A rendez-vous booked centrally. What was booked is immutable; what
 * happens to it at the site (status, guichet) changes, and each change
 * bumps the version the sync compares.
 */
struct _GchAppointment
{
  GObject               parent_instance;

  char                 *reference;
  GchService           *service;
  char                 *holder_name;
  char                 *phone;
  char                 *email;
  char                 *dossier_number;
  char                 *predemande_number;
  gint64                starts_at;
  gint64                version;
  guint                 duration_minutes;
  guint                 persons;
  guint                 guichet;
  GchAppointmentStatus  status;
};

G_DEFINE_FINAL_TYPE (GchAppointment, gch_appointment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REFERENCE,
  PROP_SERVICE,
  PROP_STARTS_AT,
  PROP_DURATION_MINUTES,
  PROP_PERSONS,
  PROP_HOLDER_NAME,
  PROP_PHONE,
  PROP_EMAIL,
  PROP_DOSSIER_NUMBER,
  PROP_PREDEMANDE_NUMBER,
  PROP_STATUS,
  PROP_GUICHET,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gch_appointment_dispose (GObject *object)
{
  GchAppointment *self = (GchAppointment *)object;

  g_clear_object (&self->service);

  G_OBJECT_CLASS (gch_appointment_parent_class)->dispose (object);
}

static void
gch_appointment_finalize (GObject *object)
{
  GchAppointment *self = (GchAppointment *)object;

  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->holder_name, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->dossier_number, g_free);
  g_clear_pointer (&self->predemande_number, g_free);

  G_OBJECT_CLASS (gch_appointment_parent_class)->finalize (object);
}

static void
gch_appointment_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GchAppointment *self = GCH_APPOINTMENT (object);

  switch (prop_id)
    {
    case PROP_REFERENCE:
      g_value_set_string (value, self->reference);
      break;
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_STARTS_AT:
      g_value_set_int64 (value, self->starts_at);
      break;
    case PROP_DURATION_MINUTES:
      g_value_set_uint (value, self->duration_minutes);
      break;
    case PROP_PERSONS:
      g_value_set_uint (value, self->persons);
      break;
    case PROP_HOLDER_NAME:
      g_value_set_string (value, self->holder_name);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_DOSSIER_NUMBER:
      g_value_set_string (value, self->dossier_number);
      break;
    case PROP_PREDEMANDE_NUMBER:
      g_value_set_string (value, self->predemande_number);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_GUICHET:
      g_value_set_uint (value, self->guichet);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_appointment_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GchAppointment *self = GCH_APPOINTMENT (object);

  switch (prop_id)
    {
    case PROP_REFERENCE:
      self->reference = g_value_dup_string (value);
      break;
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    case PROP_STARTS_AT:
      self->starts_at = g_value_get_int64 (value);
      break;
    case PROP_DURATION_MINUTES:
      self->duration_minutes = g_value_get_uint (value);
      break;
    case PROP_PERSONS:
      self->persons = g_value_get_uint (value);
      break;
    case PROP_HOLDER_NAME:
      self->holder_name = g_value_dup_string (value);
      break;
    case PROP_PHONE:
      self->phone = g_value_dup_string (value);
      break;
    case PROP_EMAIL:
      self->email = g_value_dup_string (value);
      break;
    case PROP_DOSSIER_NUMBER:
      self->dossier_number = g_value_dup_string (value);
      break;
    case PROP_PREDEMANDE_NUMBER:
      self->predemande_number = g_value_dup_string (value);
      break;
    case PROP_STATUS:
      gch_appointment_set_status (self, g_value_get_enum (value));
      break;
    case PROP_GUICHET:
      gch_appointment_set_guichet (self, g_value_get_uint (value));
      break;
    case PROP_VERSION:
      gch_appointment_set_version (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_appointment_class_init (GchAppointmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags mutable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gch_appointment_dispose;
  object_class->finalize = gch_appointment_finalize;
  object_class->get_property = gch_appointment_get_property;
  object_class->set_property = gch_appointment_set_property;

  properties[PROP_REFERENCE] = g_param_spec_string ("reference", NULL, NULL, NULL, flags);
  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, GCH_TYPE_SERVICE, flags);
  properties[PROP_STARTS_AT] =
    g_param_spec_int64 ("starts-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DURATION_MINUTES] =
    g_param_spec_uint ("duration-minutes", NULL, NULL, 1, 24 * 60, 15, flags);
  properties[PROP_PERSONS] = g_param_spec_uint ("persons", NULL, NULL, 1, 99, 1, flags);
  properties[PROP_HOLDER_NAME] = g_param_spec_string ("holder-name", NULL, NULL, NULL, flags);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_DOSSIER_NUMBER] =
    g_param_spec_string ("dossier-number", NULL, NULL, NULL, flags);
  properties[PROP_PREDEMANDE_NUMBER] =
    g_param_spec_string ("predemande-number", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GCH_TYPE_APPOINTMENT_STATUS,
                       GCH_APPOINTMENT_STATUS_BOOKED, mutable);
  /* 0: not assigned to a guichet */
  properties[PROP_GUICHET] = g_param_spec_uint ("guichet", NULL, NULL, 0, 999, 0, mutable);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 1, mutable);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gch_appointment_init (GchAppointment *self)
{
  self->persons = 1;
  self->duration_minutes = 15;
  self->version = 1;
}

const char *
gch_appointment_get_reference (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), NULL);

  return self->reference;
}

/**
 * gch_appointment_get_service:
 *
 * Returns: (transfer none): the service booked
 */
GchService *
gch_appointment_get_service (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), NULL);

  return self->service;
}

gint64
gch_appointment_get_starts_at (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), 0);

  return self->starts_at;
}

guint
gch_appointment_get_duration_minutes (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), 0);

  return self->duration_minutes;
}

guint
gch_appointment_get_persons (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), 0);

  return self->persons;
}

const char *
gch_appointment_get_holder_name (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), NULL);

  return self->holder_name;
}

const char *
gch_appointment_get_phone (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), NULL);

  return self->phone;
}

const char *
gch_appointment_get_email (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), NULL);

  return self->email;
}

const char *
gch_appointment_get_dossier_number (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), NULL);

  return self->dossier_number;
}

const char *
gch_appointment_get_predemande_number (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), NULL);

  return self->predemande_number;
}

GchAppointmentStatus
gch_appointment_get_status (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), GCH_APPOINTMENT_STATUS_BOOKED);

  return self->status;
}

void
gch_appointment_set_status (GchAppointment       *self,
                            GchAppointmentStatus  status)
{
  g_return_if_fail (GCH_IS_APPOINTMENT (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

guint
gch_appointment_get_guichet (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), 0);

  return self->guichet;
}

void
gch_appointment_set_guichet (GchAppointment *self,
                             guint           guichet)
{
  g_return_if_fail (GCH_IS_APPOINTMENT (self));

  if (self->guichet == guichet)
    return;

  self->guichet = guichet;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUICHET]);
}

gint64
gch_appointment_get_version (GchAppointment *self)
{
  g_return_val_if_fail (GCH_IS_APPOINTMENT (self), 0);

  return self->version;
}

void
gch_appointment_set_version (GchAppointment *self,
                             gint64          version)
{
  g_return_if_fail (GCH_IS_APPOINTMENT (self));

  if (self->version == version)
    return;

  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}
