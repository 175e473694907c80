/* gch-site.c
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

#define G_LOG_DOMAIN "gch-site"

#include "config.h"

#include "gch-enums.h"
#include "gch-site.h"

/* One préfecture, sous-préfecture or mairie. Opening hours are minutes
 * after local midnight in the site's own time zone.
 */
struct _GchSite
{
  GObject      parent_instance;

  char        *code;
  char        *name;
  char        *timezone;
  GTimeZone   *tz;          /* read once: loading a zone reads a file */
  guint        opens_at;
  guint        closes_at;
  GchSiteMode  mode;
};

G_DEFINE_FINAL_TYPE (GchSite, gch_site, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_TIMEZONE,
  PROP_OPENS_AT,
  PROP_CLOSES_AT,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gch_site_finalize (GObject *object)
{
  GchSite *self = (GchSite *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (gch_site_parent_class)->finalize (object);
}

static void
gch_site_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  GchSite *self = GCH_SITE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;
    case PROP_OPENS_AT:
      g_value_set_uint (value, self->opens_at);
      break;
    case PROP_CLOSES_AT:
      g_value_set_uint (value, self->closes_at);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_site_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  GchSite *self = GCH_SITE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      self->code = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_TIMEZONE:
      self->timezone = g_value_dup_string (value);
      break;
    case PROP_OPENS_AT:
      self->opens_at = g_value_get_uint (value);
      break;
    case PROP_CLOSES_AT:
      self->closes_at = g_value_get_uint (value);
      break;
    case PROP_MODE:
      gch_site_set_mode (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_site_class_init (GchSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gch_site_finalize;
  object_class->get_property = gch_site_get_property;
  object_class->set_property = gch_site_set_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_TIMEZONE] =
    g_param_spec_string ("timezone", NULL, NULL, "Europe/Paris", flags);
  properties[PROP_OPENS_AT] =
    g_param_spec_uint ("opens-at", NULL, NULL, 0, 24 * 60, 8 * 60 + 30, flags);
  properties[PROP_CLOSES_AT] =
    g_param_spec_uint ("closes-at", NULL, NULL, 0, 24 * 60, 16 * 60 + 30, flags);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, GCH_TYPE_SITE_MODE, GCH_SITE_MODE_NORMAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gch_site_init (GchSite *self)
{
}

const char *
gch_site_get_code (GchSite *self)
{
  g_return_val_if_fail (GCH_IS_SITE (self), NULL);

  return self->code;
}

const char *
gch_site_get_name (GchSite *self)
{
  g_return_val_if_fail (GCH_IS_SITE (self), NULL);

  return self->name;
}

const char *
gch_site_get_timezone (GchSite *self)
{
  g_return_val_if_fail (GCH_IS_SITE (self), NULL);

  return self->timezone;
}

/**
 * gch_site_dup_time_zone:
 *
 * Returns: (transfer full): the site's time zone, UTC when it is unknown
 */
GTimeZone *
gch_site_dup_time_zone (GchSite *self)
{
  g_return_val_if_fail (GCH_IS_SITE (self), NULL);

  if (self->tz == NULL && (self->tz = g_time_zone_new_identifier (self->timezone)) == NULL)
    {
      g_warning ("Unknown time zone “%s”, using UTC", self->timezone);
      self->tz = g_time_zone_new_utc ();
    }

  return g_time_zone_ref (self->tz);
}

guint
gch_site_get_opens_at (GchSite *self)
{
  g_return_val_if_fail (GCH_IS_SITE (self), 0);

  return self->opens_at;
}

guint
gch_site_get_closes_at (GchSite *self)
{
  g_return_val_if_fail (GCH_IS_SITE (self), 0);

  return self->closes_at;
}

GchSiteMode
gch_site_get_mode (GchSite *self)
{
  g_return_val_if_fail (GCH_IS_SITE (self), GCH_SITE_MODE_NORMAL);

  return self->mode;
}

void
gch_site_set_mode (GchSite     *self,
                   GchSiteMode  mode)
{
  g_return_if_fail (GCH_IS_SITE (self));

  if (self->mode == mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}
