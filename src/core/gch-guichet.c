/* gch-guichet.c
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

#define G_LOG_DOMAIN "gch-guichet"

#include "config.h"

#include "gch-enums.h"
#include "gch-guichet.h"

struct _GchGuichet
{
  GObject          parent_instance;

  char            *label;
  char           **services;
  char            *agent_id;
  guint            number;
  GchGuichetState  state;
  guint            accessible : 1;
};

G_DEFINE_FINAL_TYPE (GchGuichet, gch_guichet, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_LABEL,
  PROP_ACCESSIBLE,
  PROP_SERVICES,
  PROP_STATE,
  PROP_AGENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gch_guichet_finalize (GObject *object)
{
  GchGuichet *self = (GchGuichet *)object;

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->services, g_strfreev);
  g_clear_pointer (&self->agent_id, g_free);

  G_OBJECT_CLASS (gch_guichet_parent_class)->finalize (object);
}

static void
gch_guichet_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GchGuichet *self = GCH_GUICHET (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_ACCESSIBLE:
      g_value_set_boolean (value, self->accessible);
      break;
    case PROP_SERVICES:
      g_value_set_boxed (value, self->services);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_AGENT_ID:
      g_value_set_string (value, self->agent_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_guichet_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GchGuichet *self = GCH_GUICHET (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      self->number = g_value_get_uint (value);
      break;
    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;
    case PROP_ACCESSIBLE:
      self->accessible = g_value_get_boolean (value);
      break;
    case PROP_SERVICES:
      gch_guichet_set_services (self, g_value_get_boxed (value));
      break;
    case PROP_STATE:
      gch_guichet_set_state (self, g_value_get_enum (value));
      break;
    case PROP_AGENT_ID:
      gch_guichet_set_agent_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_guichet_class_init (GchGuichetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags mutable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gch_guichet_finalize;
  object_class->get_property = gch_guichet_get_property;
  object_class->set_property = gch_guichet_set_property;

  properties[PROP_NUMBER] = g_param_spec_uint ("number", NULL, NULL, 1, 999, 1, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_ACCESSIBLE] = g_param_spec_boolean ("accessible", NULL, NULL, FALSE, flags);
  properties[PROP_SERVICES] =
    g_param_spec_boxed ("services", NULL, NULL, G_TYPE_STRV, mutable);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GCH_TYPE_GUICHET_STATE, GCH_GUICHET_STATE_CLOSED,
                       mutable);
  properties[PROP_AGENT_ID] = g_param_spec_string ("agent-id", NULL, NULL, NULL, mutable);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gch_guichet_init (GchGuichet *self)
{
  self->state = GCH_GUICHET_STATE_CLOSED;
  self->services = g_new0 (char *, 1);
}

guint
gch_guichet_get_number (GchGuichet *self)
{
  g_return_val_if_fail (GCH_IS_GUICHET (self), 0);

  return self->number;
}

const char *
gch_guichet_get_label (GchGuichet *self)
{
  g_return_val_if_fail (GCH_IS_GUICHET (self), NULL);

  return self->label;
}

gboolean
gch_guichet_get_accessible (GchGuichet *self)
{
  g_return_val_if_fail (GCH_IS_GUICHET (self), FALSE);

  return self->accessible;
}

/**
 * gch_guichet_get_services:
 *
 * Returns: (transfer none): the codes of the services this guichet handles
 */
const char * const *
gch_guichet_get_services (GchGuichet *self)
{
  g_return_val_if_fail (GCH_IS_GUICHET (self), NULL);

  return (const char * const *)self->services;
}

/**
 * gch_guichet_set_services:
 * @services: (nullable): the codes of the services it handles now
 *
 * A supervisor changes them during the day.
 */
void
gch_guichet_set_services (GchGuichet         *self,
                          const char * const *services)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (GCH_IS_GUICHET (self));

  if (services == NULL)
    services = none;
  if (g_strv_equal ((const char * const *)self->services, services))
    return;

  g_strfreev (self->services);
  self->services = g_strdupv ((char **)services);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICES]);
}

gboolean
gch_guichet_handles (GchGuichet *self,
                     const char *service_code)
{
  g_return_val_if_fail (GCH_IS_GUICHET (self), FALSE);
  g_return_val_if_fail (service_code != NULL, FALSE);

  return g_strv_contains ((const char * const *)self->services, service_code);
}

GchGuichetState
gch_guichet_get_state (GchGuichet *self)
{
  g_return_val_if_fail (GCH_IS_GUICHET (self), GCH_GUICHET_STATE_CLOSED);

  return self->state;
}

void
gch_guichet_set_state (GchGuichet      *self,
                       GchGuichetState  state)
{
  g_return_if_fail (GCH_IS_GUICHET (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
gch_guichet_get_agent_id (GchGuichet *self)
{
  g_return_val_if_fail (GCH_IS_GUICHET (self), NULL);

  return self->agent_id;
}

void
gch_guichet_set_agent_id (GchGuichet *self,
                          const char *agent_id)
{
  g_return_if_fail (GCH_IS_GUICHET (self));

  if (g_strcmp0 (self->agent_id, agent_id) == 0)
    return;

  g_free (self->agent_id);
  self->agent_id = g_strdup (agent_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_ID]);
}
