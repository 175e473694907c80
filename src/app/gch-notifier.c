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

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <libnotify/notify.h>

#include "gch-notifier.h"

/* Desktop notifications, through libnotify. A desktop without a
 * notification server simply gets none: that is never an error, only a
 * debug message.
 *
 * A server that keeps notifications (notification-daemon, a shell's
 * message list) keeps each one after its bubble went, until the app or the
 * agent closes it: notification-daemon then refuses any beyond 20. What
 * stays true until acted upon (an alert, a reminder) is kept so, one per
 * id; a passing event is sent transient, for the server to forget once
 * shown.
 */
struct _GchNotifier
{
  GObject     parent_instance;

  GHashTable *shown;      /* id → NotifyNotification, so one id is one bubble */
  GHashTable *actions;    /* id → the detailed action its click activates */
  guint       n_shown;
};

G_DEFINE_FINAL_TYPE (GchNotifier, gch_notifier, G_TYPE_OBJECT)

static void
gch_notifier_finalize (GObject *object)
{
  GchNotifier *self = (GchNotifier *)object;

  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_pointer (&self->actions, g_hash_table_unref);

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
  self->actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
  return gch_notifier_notify_with_action (self, id, summary, body, NULL);
}

static void
on_default_action_cb (NotifyNotification *notification,
                      char               *action,
                      gpointer            user_data)
{
  GchNotifier *self = user_data;

  gch_notifier_activate (self, g_object_get_data (G_OBJECT (notification), "gch-id"));
}

static void
on_notification_closed_cb (NotifyNotification *notification,
                           GchNotifier        *self)
{
  const char *id = g_object_get_data (G_OBJECT (notification), "gch-id");

  /* Closed by the agent, or forgotten by the server once shown: the id is
   * free. A bubble that replaced it since is not this one.
   */
  if (g_hash_table_lookup (self->shown, id) != notification)
    return;

  g_hash_table_remove (self->actions, id);
  g_hash_table_remove (self->shown, id);
}

static gboolean
notify_full (GchNotifier *self,
             const char  *id,
             const char  *summary,
             const char  *body,
             const char  *detailed_action,
             gboolean     transient)
{
  g_autoptr(GError) error = NULL;
  NotifyNotification *notification;

  if ((notification = g_hash_table_lookup (self->shown, id)) != NULL)
    {
      notify_notification_update (notification, summary, body, APP_ID);
      notify_notification_clear_actions (notification);
    }
  else
    {
      notification = notify_notification_new (summary, body, APP_ID);
      notify_notification_set_app_name (notification, "Guichet");
      g_object_set_data_full (G_OBJECT (notification), "gch-id", g_strdup (id), g_free);
      g_signal_connect_object (notification, "closed", G_CALLBACK (on_notification_closed_cb),
                               self, 0);
      g_hash_table_insert (self->shown, g_strdup (id), notification);
    }

  notify_notification_set_hint (notification, "transient",
                                transient ? g_variant_new_boolean (TRUE) : NULL);

  if (detailed_action != NULL)
    {
      g_hash_table_insert (self->actions, g_strdup (id), g_strdup (detailed_action));
      /* The bubble is kept in self->shown, so self outlives the click. */
      notify_notification_add_action (notification, "default", _("Open"), on_default_action_cb,
                                      self, NULL);
    }
  else
    g_hash_table_remove (self->actions, id);

  if (!notify_notification_show (notification, &error))
    {
      g_debug ("No notification: %s", error->message);
      return FALSE;
    }

  self->n_shown++;
  return TRUE;
}

/**
 * gch_notifier_notify_with_action:
 * @id: what the notification is about; a second one with the same @id
 *   replaces the first
 * @detailed_action: (nullable): what a click on the notification does, a
 *   window's or the application's action: `win.show-view('supervisor')`
 *
 * Returns: %TRUE if a notification server showed it
 */
gboolean
gch_notifier_notify_with_action (GchNotifier *self,
                                 const char  *id,
                                 const char  *summary,
                                 const char  *body,
                                 const char  *detailed_action)
{
  g_return_val_if_fail (GCH_IS_NOTIFIER (self), FALSE);
  g_return_val_if_fail (id != NULL && summary != NULL, FALSE);

  return notify_full (self, id, summary, body, detailed_action, FALSE);
}

/**
 * gch_notifier_notify_transient:
 * @id: what the notification is about; a second one with the same @id
 *   replaces the first
 *
 * Tells of a passing event (a person arrived): the server shows its bubble
 * and keeps nothing once it went, where gch_notifier_notify() is kept in
 * the server's list until withdrawn or closed by the agent.
 *
 * Returns: %TRUE if a notification server showed it
 */
gboolean
gch_notifier_notify_transient (GchNotifier *self,
                               const char  *id,
                               const char  *summary,
                               const char  *body)
{
  g_return_val_if_fail (GCH_IS_NOTIFIER (self), FALSE);
  g_return_val_if_fail (id != NULL && summary != NULL, FALSE);

  return notify_full (self, id, summary, body, NULL, TRUE);
}

/**
 * gch_notifier_withdraw:
 * @id: a notification's id
 *
 * Takes the notification back, if it is still shown: what it told is no
 * longer so. The notification server keeps a bubble until it is closed,
 * and shows a limited number of them.
 */
void
gch_notifier_withdraw (GchNotifier *self,
                       const char  *id)
{
  g_autoptr(GError) error = NULL;
  NotifyNotification *notification;

  g_return_if_fail (GCH_IS_NOTIFIER (self));
  g_return_if_fail (id != NULL);

  if ((notification = g_hash_table_lookup (self->shown, id)) == NULL)
    return;

  if (!notify_notification_close (notification, &error))
    g_debug ("The notification %s stays: %s", id, error->message);
  g_hash_table_remove (self->actions, id);
  g_hash_table_remove (self->shown, id);
}

/**
 * gch_notifier_withdraw_all:
 *
 * Takes back every notification still shown: the station that told them
 * is closed for good (the tests, between two apps of one session).
 */
void
gch_notifier_withdraw_all (GchNotifier *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  g_return_if_fail (GCH_IS_NOTIFIER (self));

  /* Withdrawing changes the table: the ids first. */
  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, g_strdup (id));
  for (guint i = 0; i < ids->len; i++)
    gch_notifier_withdraw (self, g_ptr_array_index (ids, i));
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

/**
 * gch_notifier_activate:
 * @id: a notification's id
 *
 * Does what a click on the notification does: activates its action on the
 * first window of the application that has it (the active one first), and
 * shows that window.
 *
 * Returns: %TRUE if an action was activated
 */
gboolean
gch_notifier_activate (GchNotifier *self,
                       const char  *id)
{
  g_autoptr(GVariant) target = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  GApplication *application;
  GtkWindow *active;
  const char *detailed;
  GList *windows;

  g_return_val_if_fail (GCH_IS_NOTIFIER (self), FALSE);

  if (id == NULL || (detailed = g_hash_table_lookup (self->actions, id)) == NULL)
    return FALSE;

  if (!g_action_parse_detailed_name (detailed, &name, &target, &error))
    {
      g_warning ("%s: %s", detailed, error->message);
      return FALSE;
    }

  application = g_application_get_default ();
  if (!GTK_IS_APPLICATION (application))
    return FALSE;

  active = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (active != NULL && gtk_widget_activate_action_variant (GTK_WIDGET (active), name, target))
    {
      gtk_window_present (active);
      return TRUE;
    }

  windows = gtk_application_get_windows (GTK_APPLICATION (application));
  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != active && gtk_widget_activate_action_variant (l->data, name, target))
      {
        gtk_window_present (l->data);
        return TRUE;
      }

  return FALSE;
}
