/* gch-service.c
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

#define G_LOG_DOMAIN "gch-service"

#include "config.h"

#include "gch-service.h"

/* A démarche the site offers: what the ticket prefix is, how long it usually
 * takes, what to bring. Immutable once built, but for the supervisor's
 * thresholds, which change during a day and say so.
 */
struct _GchService
{
  GObject   parent_instance;

  char     *code;
  char     *name;
  char     *prefix;
  char    **documents;
  guint     typical_minutes;
  guint     walk_in_cap;
  guint     max_wait_minutes;
  guint     max_waiting_per_guichet;
  guint     accepts_appointments : 1;
  guint     accepts_walk_ins : 1;
};

G_DEFINE_FINAL_TYPE (GchService, gch_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_PREFIX,
  PROP_TYPICAL_MINUTES,
  PROP_DOCUMENTS,
  PROP_WALK_IN_CAP,
  PROP_ACCEPTS_APPOINTMENTS,
  PROP_ACCEPTS_WALK_INS,
  PROP_MAX_WAIT_MINUTES,
  PROP_MAX_WAITING_PER_GUICHET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gch_service_finalize (GObject *object)
{
  GchService *self = (GchService *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->prefix, g_free);
  g_clear_pointer (&self->documents, g_strfreev);

  G_OBJECT_CLASS (gch_service_parent_class)->finalize (object);
}

static void
gch_service_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GchService *self = GCH_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PREFIX:
      g_value_set_string (value, self->prefix);
      break;
    case PROP_TYPICAL_MINUTES:
      g_value_set_uint (value, self->typical_minutes);
      break;
    case PROP_DOCUMENTS:
      g_value_set_boxed (value, self->documents);
      break;
    case PROP_WALK_IN_CAP:
      g_value_set_uint (value, self->walk_in_cap);
      break;
    case PROP_ACCEPTS_APPOINTMENTS:
      g_value_set_boolean (value, self->accepts_appointments);
      break;
    case PROP_ACCEPTS_WALK_INS:
      g_value_set_boolean (value, self->accepts_walk_ins);
      break;
    case PROP_MAX_WAIT_MINUTES:
      g_value_set_uint (value, self->max_wait_minutes);
      break;
    case PROP_MAX_WAITING_PER_GUICHET:
      g_value_set_uint (value, self->max_waiting_per_guichet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_service_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GchService *self = GCH_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      self->code = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_PREFIX:
      self->prefix = g_value_dup_string (value);
      break;
    case PROP_TYPICAL_MINUTES:
      self->typical_minutes = g_value_get_uint (value);
      break;
    case PROP_DOCUMENTS:
      self->documents = g_value_dup_boxed (value);
      break;
    case PROP_WALK_IN_CAP:
      self->walk_in_cap = g_value_get_uint (value);
      break;
    case PROP_ACCEPTS_APPOINTMENTS:
      self->accepts_appointments = g_value_get_boolean (value);
      break;
    case PROP_ACCEPTS_WALK_INS:
      self->accepts_walk_ins = g_value_get_boolean (value);
      break;
    case PROP_MAX_WAIT_MINUTES:
      gch_service_set_thresholds (self, g_value_get_uint (value), self->max_waiting_per_guichet);
      break;
    case PROP_MAX_WAITING_PER_GUICHET:
      gch_service_set_thresholds (self, self->max_wait_minutes, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_service_class_init (GchServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gch_service_finalize;
  object_class->get_property = gch_service_get_property;
  object_class->set_property = gch_service_set_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PREFIX] = g_param_spec_string ("prefix", NULL, NULL, NULL, flags);
  properties[PROP_TYPICAL_MINUTES] =
    g_param_spec_uint ("typical-minutes", NULL, NULL, 1, 24 * 60, 10, flags);
  properties[PROP_DOCUMENTS] = g_param_spec_boxed ("documents", NULL, NULL, G_TYPE_STRV, flags);
  /* 0 means no cap */
  properties[PROP_WALK_IN_CAP] =
    g_param_spec_uint ("walk-in-cap", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ACCEPTS_APPOINTMENTS] =
    g_param_spec_boolean ("accepts-appointments", NULL, NULL, TRUE, flags);
  properties[PROP_ACCEPTS_WALK_INS] =
    g_param_spec_boolean ("accepts-walk-ins", NULL, NULL, TRUE, flags);
  /* Past either, the supervisors are alerted (DESIGN.md §5). */
  properties[PROP_MAX_WAIT_MINUTES] =
    g_param_spec_uint ("max-wait-minutes", NULL, NULL, 1, GCH_SERVICE_MAX_THRESHOLD,
                       GCH_SERVICE_DEFAULT_MAX_WAIT_MINUTES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_WAITING_PER_GUICHET] =
    g_param_spec_uint ("max-waiting-per-guichet", NULL, NULL, 1, GCH_SERVICE_MAX_THRESHOLD,
                       GCH_SERVICE_DEFAULT_MAX_WAITING_PER_GUICHET,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gch_service_init (GchService *self)
{
  self->max_wait_minutes = GCH_SERVICE_DEFAULT_MAX_WAIT_MINUTES;
  self->max_waiting_per_guichet = GCH_SERVICE_DEFAULT_MAX_WAITING_PER_GUICHET;
}

const char *
gch_service_get_code (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), NULL);

  return self->code;
}

const char *
gch_service_get_name (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), NULL);

  return self->name;
}

const char *
gch_service_get_prefix (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), NULL);

  return self->prefix;
}

guint
gch_service_get_typical_minutes (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), 0);

  return self->typical_minutes;
}

/**
 * gch_service_get_documents:
 *
 * Returns: (transfer none) (nullable): the documents to bring, in order
 */
const char * const *
gch_service_get_documents (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), NULL);

  return (const char * const *)self->documents;
}

guint
gch_service_get_walk_in_cap (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), 0);

  return self->walk_in_cap;
}

gboolean
gch_service_get_accepts_appointments (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), FALSE);

  return self->accepts_appointments;
}

gboolean
gch_service_get_accepts_walk_ins (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), FALSE);

  return self->accepts_walk_ins;
}

/**
 * gch_service_get_max_wait_minutes:
 *
 * Returns: the longest estimated wait of a new walk-in, in minutes, that
 *   the supervisors accept before being alerted
 */
guint
gch_service_get_max_wait_minutes (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), GCH_SERVICE_DEFAULT_MAX_WAIT_MINUTES);

  return self->max_wait_minutes;
}

/**
 * gch_service_get_max_waiting_per_guichet:
 *
 * Returns: how many people may wait per open guichet of the service
 *   before the supervisors are alerted
 */
guint
gch_service_get_max_waiting_per_guichet (GchService *self)
{
  g_return_val_if_fail (GCH_IS_SERVICE (self), GCH_SERVICE_DEFAULT_MAX_WAITING_PER_GUICHET);

  return self->max_waiting_per_guichet;
}

/**
 * gch_service_set_thresholds:
 * @max_wait_minutes: from 1 to %GCH_SERVICE_MAX_THRESHOLD
 * @max_waiting_per_guichet: from 1 to %GCH_SERVICE_MAX_THRESHOLD
 *
 * Changes the thresholds past which the supervisors are alerted. The
 * values are checked by whoever takes them from a person or a file.
 */
void
gch_service_set_thresholds (GchService *self,
                            guint       max_wait_minutes,
                            guint       max_waiting_per_guichet)
{
  g_return_if_fail (GCH_IS_SERVICE (self));
  g_return_if_fail (max_wait_minutes >= 1 && max_wait_minutes <= GCH_SERVICE_MAX_THRESHOLD);
  g_return_if_fail (max_waiting_per_guichet >= 1 &&
                    max_waiting_per_guichet <= GCH_SERVICE_MAX_THRESHOLD);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->max_wait_minutes != max_wait_minutes)
    {
      self->max_wait_minutes = max_wait_minutes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_WAIT_MINUTES]);
    }
  if (self->max_waiting_per_guichet != max_waiting_per_guichet)
    {
      self->max_waiting_per_guichet = max_waiting_per_guichet;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_WAITING_PER_GUICHET]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
