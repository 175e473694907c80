/* gch-test-notifications.c
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

#include <string.h>

#include "gch-application-private.h"
#include "gch-test-notifications.h"

/* What the app asks of the session's notification daemon, as a person
 * would see it: a monitor of the bus counts every Notify call, shown or
 * refused (the daemon refuses past 20), and every CloseNotification.
 */

static GMutex seen_lock;
static GPtrArray *seen;   /* of GchTestNotification, filled by the monitor's thread */
static guint n_closed;

void
gch_test_notification_clear (GchTestNotification *notification)
{
  g_clear_pointer (&notification->summary, g_free);
  g_clear_pointer (&notification->body, g_free);
}

static void
notification_free (gpointer data)
{
  gch_test_notification_clear (data);
  g_free (data);
}

static GDBusMessage *
monitor_filter (GDBusConnection *connection,
                GDBusMessage    *message,
                gboolean         incoming,
                gpointer         user_data)
{
  GVariant *body = g_dbus_message_get_body (message);
  const char *member = g_dbus_message_get_member (message);

  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    ;
  else if (g_strcmp0 (member, "Notify") == 0 && body != NULL &&
           g_variant_is_of_type (body, G_VARIANT_TYPE ("(susssasa{sv}i)")))
    {
      g_autofree const char **actions = NULL;
      GchTestNotification *one = g_new0 (GchTestNotification, 1);
      const char *summary, *text;

      g_variant_get (body, "(&su&s&s&s^a&s@a{sv}i)", NULL, NULL, NULL, &summary, &text,
                     &actions, NULL, NULL);
      one->summary = g_strdup (summary);
      one->body = g_strdup (text);
      one->has_default = actions != NULL && g_strv_contains (actions, "default");
      g_mutex_lock (&seen_lock);
      g_ptr_array_add (seen, one);
      g_mutex_unlock (&seen_lock);
    }
  else if (g_strcmp0 (member, "CloseNotification") == 0)
    {
      g_mutex_lock (&seen_lock);
      n_closed++;
      g_mutex_unlock (&seen_lock);
    }

  /* A monitor only listens: nothing it sees is for it to answer. */
  g_object_unref (message);
  return NULL;
}

/**
 * gch_test_notifications_watch:
 *
 * Starts counting afresh.
 *
 * Returns: (transfer full): the monitor's connection; counting stops
 *   when it goes
 */
GDBusConnection *
gch_test_notifications_watch (void)
{
  const char *rules[] = {
    "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
    "type='method_call',interface='org.freedesktop.Notifications',member='CloseNotification'",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;
  GDBusConnection *connection;

  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus.Monitoring", "BecomeMonitor",
                                       g_variant_new ("(^asu)", rules, 0), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (connection, monitor_filter, NULL, NULL);

  g_mutex_lock (&seen_lock);
  g_clear_pointer (&seen, g_ptr_array_unref);
  seen = g_ptr_array_new_with_free_func (notification_free);
  n_closed = 0;
  g_mutex_unlock (&seen_lock);
  return connection;
}

/**
 * gch_test_notifications_count:
 * @summary_prefix: (nullable): how their summary starts
 * @body_part: (nullable): what their body holds
 * @last: (out caller-allocates) (optional): the last of them, cleared with
 *   gch_test_notification_clear()
 *
 * Returns: how many notifications seen match both
 */
guint
gch_test_notifications_count (const char          *summary_prefix,
                              const char          *body_part,
                              GchTestNotification *last)
{
  guint n = 0;

  g_mutex_lock (&seen_lock);
  for (guint i = 0; seen != NULL && i < seen->len; i++)
    {
      GchTestNotification *one = g_ptr_array_index (seen, i);

      if ((summary_prefix == NULL || g_str_has_prefix (one->summary, summary_prefix)) &&
          (body_part == NULL || strstr (one->body, body_part) != NULL))
        {
          n++;
          if (last != NULL)
            {
              gch_test_notification_clear (last);
              last->summary = g_strdup (one->summary);
              last->body = g_strdup (one->body);
              last->has_default = one->has_default;
            }
        }
    }
  g_mutex_unlock (&seen_lock);

  return n;
}

/**
 * gch_test_notifications_n_closed:
 *
 * Returns: how many CloseNotification calls were seen
 */
guint
gch_test_notifications_n_closed (void)
{
  guint n;

  g_mutex_lock (&seen_lock);
  n = n_closed;
  g_mutex_unlock (&seen_lock);
  return n;
}

static char *sentinel;

static gboolean
sentinel_seen (GchTestApp *fixture)
{
  return gch_test_notifications_count (sentinel, NULL, NULL) > 0;
}

/**
 * gch_test_notifications_flush:
 *
 * Returns once everything the app sent before has reached the bus: its
 * notifications go out in order, so once a last one is seen, any earlier
 * one would have been.
 */
void
gch_test_notifications_flush (GchTestApp *fixture)
{
  static guint n;

  g_free (sentinel);
  sentinel = g_strdup_printf ("sentinel %u.", ++n);
  /* One bubble, replaced each time. Past the daemon's 20 it is refused,
   * but the call still reaches the bus, where it is counted.
   */
  gch_notifier_notify (fixture->app->notifier, "sentinel", sentinel, NULL);
  g_assert_true (gch_test_app_wait_until (fixture, sentinel_seen));
}
