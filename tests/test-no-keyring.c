/* test-no-keyring.c: the desk app logged in where no keyring answers
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

#include <glib/gi18n.h>

#include "gch-sync-controller.h"
#include "gch-sync-indicator.h"
#include "gch-test-app.h"
#include "gch-test-server.h"

/* The real guichet-server on 127.0.0.1 and the real application, in a
 * session whose Secret Service is not there: libsecret is pointed at a bus
 * name nobody owns nor can start (SECRET_SERVICE_BUS_NAME, read by
 * libsecret), as on a desktop without a keyring daemon. The keyring fails;
 * the login must not depend on it.
 */

#define AGENT "c.martin"
#define PASSWORD "agent-password-1"
#define NO_KEYRING "org.freedesktop.secrets.guichet-tests-nobody"

static gint64 started;

static const char *wanted;

static gboolean
indicator_says (GchTestApp *fixture)
{
  GchSyncIndicator *indicator = gch_window_get_sync_indicator (fixture->window);

  return g_str_equal (gch_sync_indicator_get_text (indicator), wanted);
}

/* Started with --password-stdin: the station logs in and syncs, the
 * header says « En ligne », and one message says the next start will ask
 * to log in again.
 */
static void
check_logged_in_without_keyring (GchTestApp *fixture)
{
  GchSyncController *sync;

  wanted = g_dgettext (GETTEXT_PACKAGE, "Online");
  g_assert_true (gch_test_app_wait_until (fixture, indicator_says));
  g_test_message ("From start to “%s” without a keyring: %.2f s", wanted,
                  (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);

  sync = gch_application_get_sync (fixture->app);
  g_assert_true (gch_sync_controller_get_enabled (sync));
  g_assert_true (gch_sync_controller_get_online (sync));
  g_assert_cmpuint (gch_sync_controller_get_rounds (sync), >, 0);
  g_assert_null (gch_sync_controller_get_last_error (sync));

  g_assert_true (gch_test_app_wait_for_text (fixture,
                                             g_dgettext (GETTEXT_PACKAGE,
                                                         "The keyring did not keep the login: the "
                                                         "next start will ask to log in again.")));
  /* Still online after the keyring's refusal: the token is in memory. */
  g_assert_true (gch_sync_controller_get_enabled (sync));
  g_assert_true (gch_sync_controller_get_online (sync));
}

static void
test_login_without_keyring (void)
{
  g_autoptr(GchTestServer) server = gch_test_server_new ();
  g_autofree char *date = gch_demo_today ();
  g_autofree char *args = NULL;

  gch_test_server_load_demo (server, date);
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (server, NULL);
  gch_test_app_clear_data ();

  gch_test_app_feed_password (PASSWORD);
  args = g_strdup_printf ("--demo --server %s --agent %s --password-stdin",
                          gch_test_server_get_url (server), AGENT);
  started = g_get_monotonic_time ();
  gch_test_app_run (args, check_logged_in_without_keyring);
  gch_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  /* Before libsecret first looks for its service. */
  g_setenv ("SECRET_SERVICE_BUS_NAME", NO_KEYRING, TRUE);
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/no-keyring/login", test_login_without_keyring);

  return g_test_run ();
}
