/* test-notifier.c: what the app asks of the session's notification daemon
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

#include <gio/gio.h>

#include "gch-notifier.h"

/* The calls are read where the daemon reads them: a D-Bus monitor on the
 * session bus of tools/test-session sees each Notify and CloseNotification
 * that reaches the real notification-daemon.
 */

typedef struct
{
  char     *summary;
  gboolean  transient;
} Seen;

static GMutex seen_lock;
static GPtrArray *seen;     /* of Seen, filled by the monitor's thread */
static guint n_closed;      /* CloseNotification calls */

static void
seen_free (gpointer data)
{
  Seen *one = data;

  g_free (one->summary);
  g_free (one);
}

static GDBusMessage *
monitor_filter (GDBusConnection *connection,
                GDBusMessage    *message,
                gboolean         incoming,
                gpointer         user_data)
{
  GVariant *body = g_dbus_message_get_body (message);
  const char *member = g_dbus_message_get_member (message);

  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      if (g_strcmp0 (member, "Notify") == 0 && body != NULL &&
          g_variant_is_of_type (body, G_VARIANT_TYPE ("(susssasa{sv}i)")))
        {
          g_autoptr(GVariant) hints = NULL;
          const char *summary;
          Seen *one = g_new0 (Seen, 1);

          g_variant_get (body, "(&su&s&s&s^a&s@a{sv}i)", NULL, NULL, NULL, &summary, NULL,
                         NULL, &hints, NULL);
          one->summary = g_strdup (summary);
          g_variant_lookup (hints, "transient", "b", &one->transient);
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
    }

  /* A monitor only listens. */
  g_object_unref (message);
  return NULL;
}

static GDBusConnection *
start_monitor (void)
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
  seen = g_ptr_array_new_with_free_func (seen_free);
  n_closed = 0;
  g_mutex_unlock (&seen_lock);
  return connection;
}

/* The last Notify seen with @summary, copied into @found. */
static gboolean
find_seen (const char *summary,
           Seen       *found)
{
  gboolean any = FALSE;

  g_mutex_lock (&seen_lock);
  for (guint i = 0; i < seen->len; i++)
    {
      Seen *one = g_ptr_array_index (seen, i);

      if (g_strcmp0 (one->summary, summary) == 0)
        {
          *found = *one;
          any = TRUE;
        }
    }
  g_mutex_unlock (&seen_lock);

  return any;
}

static guint
count_closed (void)
{
  guint n;

  g_mutex_lock (&seen_lock);
  n = n_closed;
  g_mutex_unlock (&seen_lock);
  return n;
}

/* The monitor runs in GDBus's thread: wait on this one without a deadline
 * of our own (meson's timeout is the limit).
 */
static void
wait_seen (const char *summary,
           Seen       *found)
{
  while (!find_seen (summary, found))
    g_usleep (10000);
}

static void
wait_closed (guint n)
{
  while (count_closed () < n)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

static gboolean
notification_server_runs (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean runs = FALSE;

  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "NameHasOwner",
                                         g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                         G_VARIANT_TYPE ("(b)"), 0, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &runs);

  return runs;
}

/* An alert is kept by the server until withdrawn; a person's arrival is a
 * passing event, which the server forgets once shown. Withdrawing all
 * closes every one still held, and a notification shown after that is
 * new.
 */
static void
test_transient_and_withdraw_all (void)
{
  g_autoptr(GDBusConnection) monitor = NULL;
  g_autoptr(GchNotifier) notifier = NULL;
  Seen found = { 0 };

  if (!notification_server_runs ())
    {
      g_test_skip ("needs the notification daemon of tools/test-session");
      return;
    }

  monitor = start_monitor ();
  notifier = gch_notifier_new ("Guichet tests");

  g_assert_true (gch_notifier_notify (notifier, "long-waits", "3 people have waited", NULL));
  g_assert_true (gch_notifier_notify_transient (notifier, "entry-1", "A012 has arrived",
                                                "Claire Martin, Titres"));
  wait_seen ("3 people have waited", &found);
  g_assert_false (found.transient);
  wait_seen ("A012 has arrived", &found);
  g_assert_true (found.transient);

  /* The same id made an alert again is kept again. */
  g_assert_true (gch_notifier_notify (notifier, "entry-1", "A012 waits for 20 minutes", NULL));
  wait_seen ("A012 waits for 20 minutes", &found);
  g_assert_false (found.transient);
  g_assert_cmpuint (gch_notifier_get_n_shown (notifier), ==, 3);

  g_assert_cmpuint (count_closed (), ==, 0);
  gch_notifier_withdraw_all (notifier);
  wait_closed (2);

  /* Nothing is left to close; once the next Notify is seen, a close sent
   * before it would have been (one sender's calls arrive in order).
   */
  gch_notifier_withdraw_all (notifier);
  g_assert_true (gch_notifier_notify (notifier, "long-waits", "4 people have waited", NULL));
  wait_seen ("4 people have waited", &found);
  g_assert_cmpuint (count_closed (), ==, 2);
  gch_notifier_withdraw_all (notifier);
  wait_closed (3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notifier/transient-and-withdraw-all", test_transient_and_withdraw_all);

  return g_test_run ();
}
