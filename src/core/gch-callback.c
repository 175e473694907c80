/* gch-callback.c: a person to call back, who left a phone number instead of waiting
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

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gch-callback.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-service.h"

/* In affluence, the reception takes a phone number instead of a ticket:
 * the person goes home and is called back. The number and the name are
 * personal data: erased past the retention period (the record stays, for
 * the figures), and shown only to those who need them (DESIGN.md §7).
 * Every attempt is an event of the record: who, when, and its outcome.
 */
struct _GchCallback
{
  GObject            parent_instance;

  char              *id;
  GchService        *service;
  gint64             taken_at;
  char              *taken_by;
  char              *phone;
  char              *name;
  GchCallbackStatus  status;
  guint              attempts;
  gint64             last_attempt_at;
  gint64             version;
};

G_DEFINE_FINAL_TYPE (GchCallback, gch_callback, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SERVICE,
  PROP_TAKEN_AT,
  PROP_TAKEN_BY,
  PROP_PHONE,
  PROP_NAME,
  PROP_STATUS,
  PROP_ATTEMPTS,
  PROP_LAST_ATTEMPT_AT,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gch_callback_dispose (GObject *object)
{
  GchCallback *self = GCH_CALLBACK (object);

  g_clear_object (&self->service);

  G_OBJECT_CLASS (gch_callback_parent_class)->dispose (object);
}

static void
gch_callback_finalize (GObject *object)
{
  GchCallback *self = GCH_CALLBACK (object);

  g_free (self->id);
  g_free (self->taken_by);
  g_free (self->phone);
  g_free (self->name);

  G_OBJECT_CLASS (gch_callback_parent_class)->finalize (object);
}

static void
gch_callback_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GchCallback *self = GCH_CALLBACK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_TAKEN_AT:
      g_value_set_int64 (value, self->taken_at);
      break;
    case PROP_TAKEN_BY:
      g_value_set_string (value, self->taken_by);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_LAST_ATTEMPT_AT:
      g_value_set_int64 (value, self->last_attempt_at);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_callback_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GchCallback *self = GCH_CALLBACK (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    case PROP_TAKEN_AT:
      self->taken_at = g_value_get_int64 (value);
      break;
    case PROP_TAKEN_BY:
      self->taken_by = g_value_dup_string (value);
      break;
    case PROP_PHONE:
      gch_callback_set_phone (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      gch_callback_set_name (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      gch_callback_set_status (self, g_value_get_enum (value));
      break;
    case PROP_ATTEMPTS:
      gch_callback_set_attempts (self, g_value_get_uint (value));
      break;
    case PROP_LAST_ATTEMPT_AT:
      gch_callback_set_last_attempt_at (self, g_value_get_int64 (value));
      break;
    case PROP_VERSION:
      gch_callback_set_version (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_callback_class_init (GchCallbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags mutable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gch_callback_dispose;
  object_class->finalize = gch_callback_finalize;
  object_class->get_property = gch_callback_get_property;
  object_class->set_property = gch_callback_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, GCH_TYPE_SERVICE, flags);
  properties[PROP_TAKEN_AT] =
    g_param_spec_int64 ("taken-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* the agent who took the number */
  properties[PROP_TAKEN_BY] = g_param_spec_string ("taken-by", NULL, NULL, NULL, flags);
  /* NULL once erased (RGPD) */
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, mutable);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, mutable);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GCH_TYPE_CALLBACK_STATUS,
                       GCH_CALLBACK_STATUS_WAITING, mutable);
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, mutable);
  properties[PROP_LAST_ATTEMPT_AT] =
    g_param_spec_int64 ("last-attempt-at", NULL, NULL, 0, G_MAXINT64, 0, mutable);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 1, mutable);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gch_callback_init (GchCallback *self)
{
  self->version = 1;
}

const char *
gch_callback_get_id (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), NULL);
  return self->id;
}

GchService *
gch_callback_get_service (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), NULL);
  return self->service;
}

gint64
gch_callback_get_taken_at (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), 0);
  return self->taken_at;
}

const char *
gch_callback_get_taken_by (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), NULL);
  return self->taken_by;
}

/**
 * gch_callback_get_phone:
 *
 * Returns: (nullable): the number, as gch_phone_normalize() writes it;
 *   %NULL once erased
 */
const char *
gch_callback_get_phone (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), NULL);
  return self->phone;
}

static void
set_string (GchCallback  *self,
            char        **field,
            const char   *value,
            GParamSpec   *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
gch_callback_set_phone (GchCallback *self,
                        const char  *phone)
{
  g_return_if_fail (GCH_IS_CALLBACK (self));
  set_string (self, &self->phone, phone, properties[PROP_PHONE]);
}

/**
 * gch_callback_get_name:
 *
 * Returns: (nullable): the name the person gave, if any
 */
const char *
gch_callback_get_name (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), NULL);
  return self->name;
}

void
gch_callback_set_name (GchCallback *self,
                       const char  *name)
{
  g_return_if_fail (GCH_IS_CALLBACK (self));
  set_string (self, &self->name, name, properties[PROP_NAME]);
}

GchCallbackStatus
gch_callback_get_status (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), GCH_CALLBACK_STATUS_WAITING);
  return self->status;
}

void
gch_callback_set_status (GchCallback       *self,
                         GchCallbackStatus  status)
{
  g_return_if_fail (GCH_IS_CALLBACK (self));
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

guint
gch_callback_get_attempts (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), 0);
  return self->attempts;
}

void
gch_callback_set_attempts (GchCallback *self,
                           guint        attempts)
{
  g_return_if_fail (GCH_IS_CALLBACK (self));
  if (self->attempts == attempts)
    return;
  self->attempts = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

gint64
gch_callback_get_last_attempt_at (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), 0);
  return self->last_attempt_at;
}

void
gch_callback_set_last_attempt_at (GchCallback *self,
                                  gint64       at)
{
  g_return_if_fail (GCH_IS_CALLBACK (self));
  if (self->last_attempt_at == at)
    return;
  self->last_attempt_at = at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ATTEMPT_AT]);
}

gint64
gch_callback_get_version (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), 0);
  return self->version;
}

void
gch_callback_set_version (GchCallback *self,
                          gint64       version)
{
  g_return_if_fail (GCH_IS_CALLBACK (self));
  if (self->version == version)
    return;
  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

/**
 * gch_callback_is_erased:
 *
 * Returns: whether the personal data was erased (retention)
 */
gboolean
gch_callback_is_erased (GchCallback *self)
{
  g_return_val_if_fail (GCH_IS_CALLBACK (self), FALSE);
  return self->phone == NULL;
}

/**
 * gch_phone_normalize:
 * @text: a phone number as typed: 10 digits starting with 0, or +33 and 9
 *   digits, with spaces or dots between them if one likes
 *
 * Checks that @text is a French phone number and writes it the one way
 * the list shows it, "06 12 34 56 78" (+33 becomes 0).
 *
 * Returns: (transfer full): the number, or %NULL with @error set
 *   (%GCH_ERROR_INVALID) to a sentence for the agent
 */
char *
gch_phone_normalize (const char  *text,
                     GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p = text != NULL ? text : "";
  GString *out;

  while (g_ascii_isspace (*p))
    p++;
  if (g_str_has_prefix (p, "+33"))
    {
      g_string_append_c (digits, '0');
      p += 3;
    }

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '.')
        {
          digits->len = 0;
          break;
        }
    }

  if (digits->len != 10 || digits->str[0] != '0' || digits->str[1] == '0')
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("“%s” is not a French phone number: give 10 digits starting with 0, "
                     "or +33 and 9 digits."), text != NULL ? text : "");
      return NULL;
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < 10; i += 2)
    g_string_append_printf (out, "%s%c%c", i > 0 ? " " : "", digits->str[i], digits->str[i + 1]);
  return g_string_free (out, FALSE);
}
