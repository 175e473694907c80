/* gch-agent.c
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

#define G_LOG_DOMAIN "gch-agent"

#include "config.h"

#include "gch-agent.h"
#include "gch-enums.h"

/* The name is the one shown to the public (Qual-e-pref 2.3); credentials
 * never live in this object.
 */
struct _GchAgent
{
  GObject       parent_instance;

  char         *id;
  char         *name;
  GchAgentRole  role;
};

G_DEFINE_FINAL_TYPE (GchAgent, gch_agent, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gch_agent_finalize (GObject *object)
{
  GchAgent *self = (GchAgent *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (gch_agent_parent_class)->finalize (object);
}

static void
gch_agent_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GchAgent *self = GCH_AGENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_agent_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  GchAgent *self = GCH_AGENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_agent_class_init (GchAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gch_agent_finalize;
  object_class->get_property = gch_agent_get_property;
  object_class->set_property = gch_agent_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, GCH_TYPE_AGENT_ROLE, GCH_AGENT_ROLE_AGENT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gch_agent_init (GchAgent *self)
{
}

const char *
gch_agent_get_id (GchAgent *self)
{
  g_return_val_if_fail (GCH_IS_AGENT (self), NULL);

  return self->id;
}

const char *
gch_agent_get_name (GchAgent *self)
{
  g_return_val_if_fail (GCH_IS_AGENT (self), NULL);

  return self->name;
}

GchAgentRole
gch_agent_get_role (GchAgent *self)
{
  g_return_val_if_fail (GCH_IS_AGENT (self), GCH_AGENT_ROLE_AGENT);

  return self->role;
}
