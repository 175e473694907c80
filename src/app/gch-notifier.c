/* gch-notifier.c
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

#define G_LOG_DOMAIN "gch-notifier"

#include "config.h"

#include <libnotify/notify.h>

#include "gch-notifier.h"

/* Desktop notifications, through libnotify. A desktop without a
 * notification server simply gets none: that is never an error, only a
 * debug message.
 */
struct _GchNotifier
{
  GObject     parent_instance;

  GHashTable *shown;      /* id → NotifyNotification, so one id is one bubble */
  guint       n_shown;
};

G_DEFINE_FINAL_TYPE (GchNotifier, gch_notifier, G_TYPE_OBJECT)

static void
gch_notifier_finalize (GObject *object)
{
  GchNotifier *self = (GchNotifier *)object;

  g_clear_pointer (&self->shown, g_hash_table_unref);

  G_OBJECT_CLASS (gch_notifier_parent_class)->finalize (object);
}

static void
gch_notifier_class_init (GchNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gch_notifier_finalize;
}

static void
gch_notifier_init (GchNotifier *self)
{
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * gch_notifier_new:
 * @app_name: the name notifications come from
 *
 * Returns: (transfer full): a notifier
 */
GchNotifier *
gch_notifier_new (const char *app_name)
{
  if (!notify_is_initted ())
    notify_init (app_name);

  return g_object_new (GCH_TYPE_NOTIFIER, NULL);
}

/**
 * gch_notifier_notify:
 * @id: what the notification is about; a second one with the same @id
 *   replaces the first
 *
 * Returns: %TRUE if a notification server showed it
 */
gboolean
gch_notifier_notify (GchNotifier *self,
                     const char  *id,
                     const char  *summary,
                     const char  *body)
{
  g_autoptr(GError) error = NULL;
  NotifyNotification *notification;

  g_return_val_if_fail (GCH_IS_NOTIFIER (self), FALSE);
  g_return_val_if_fail (id != NULL && summary != NULL, FALSE);

  if ((notification = g_hash_table_lookup (self->shown, id)) != NULL)
    notify_notification_update (notification, summary, body, APP_ID);
  else
    {
      notification = notify_notification_new (summary, body, APP_ID);
      notify_notification_set_app_name (notification, "Guichet");
      g_hash_table_insert (self->shown, g_strdup (id), notification);
    }

  if (!notify_notification_show (notification, &error))
    {
      g_debug ("No notification: %s", error->message);
      return FALSE;
    }

  self->n_shown++;
  return TRUE;
}

/**
 * gch_notifier_get_n_shown:
 *
 * Returns: how many notifications a server has shown
 */
guint
gch_notifier_get_n_shown (GchNotifier *self)
{
  g_return_val_if_fail (GCH_IS_NOTIFIER (self), 0);

  return self->n_shown;
}
