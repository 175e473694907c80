/* test-online.c: the desk app logged in to a real server, on and off line
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

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gch-credentials.h"
#include "gch-login-window.h"
#include "gch-numerique-page.h"
#include "gch-queue-item.h"
#include "gch-sync-indicator.h"
#include "gch-test-app.h"
#include "gch-test-day.h"
#include "gch-test-server.h"

/* The real guichet-server on 127.0.0.1 with the demo day, and the real
 * application on the same day (--demo), logged in through its login window
 * as an agent types it; the token in the real keyring of the test session.
 * A second station is a core GchStation with its own GchSync.
 */

#define AGENT "c.martin"
#define PASSWORD "agent-password-1"

static GchTestServer *server;
static char *date;
static gint64 started;   /* when the app under test was started, or went on */

static void
tell_time_to (const char *what)
{
  g_test_message ("%s: %.2f s", what,
                  (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
}

static void
start_server (void)
{
  date = gch_demo_today ();
  server = gch_test_server_new ();
  gch_test_server_load_demo (server, date);
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (server, NULL);
  gch_test_app_clear_data ();
}

static void
stop_server (void)
{
  g_clear_pointer (&server, gch_test_server_free);
  g_clear_pointer (&date, g_free);
}

static GchSyncIndicator *
indicator (GchTestApp *fixture)
{
  return gch_window_get_sync_indicator (fixture->window);
}

/* What the screen says, in the language the app runs in: tools/screenshots
 * runs this test in French. The first sentence of a message, or the part
 * before its first placeholder.
 */
static const char *
says (const char *msgid)
{
  static GHashTable *said;
  const char *text = g_dgettext (GETTEXT_PACKAGE, msgid);
  const char *end = strstr (text, "%");
  char *part;

  if (said == NULL)
    said = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  if ((part = g_hash_table_lookup (said, msgid)) != NULL)
    return part;

  if (end == NULL && (end = strstr (text, ". ")) != NULL)
    end++;
  part = g_strstrip (g_strndup (text, end != NULL ? (gsize)(end - text) : strlen (text)));
  g_hash_table_insert (said, (gpointer) msgid, part);
  return part;
}

static const char *
says_n (const char *singular,
        const char *plural,
        guint       n)
{
  static char text[256];
  g_autoptr(GString) said = g_string_new (g_dngettext (GETTEXT_PACKAGE, singular, plural, n));
  g_autofree char *number = g_strdup_printf ("%u", n);

  /* The one placeholder, "%u", filled by hand: the format comes from the catalogue. */
  g_string_replace (said, "%u", number, 1);
  g_strlcpy (text, said->str, sizeof text);
  return text;
}

static const char *wanted;

static gboolean
indicator_says (GchTestApp *fixture)
{
  return strstr (gch_sync_indicator_get_text (indicator (fixture)), wanted) != NULL;
}

static gboolean
wait_for_indicator (GchTestApp *fixture,
                    const char *text)
{
  wanted = text;
  if (gch_test_app_wait_until (fixture, indicator_says))
    return TRUE;

  g_test_message ("Waited for the indicator to say “%s”; it says “%s”", text,
                  gch_sync_indicator_get_text (indicator (fixture)));
  return FALSE;
}

static GtkWidget *
find_login_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GCH_IS_LOGIN_WINDOW (window) && gtk_widget_get_mapped (window))
        return window;
    }

  return NULL;
}

static gboolean
login_window_shown (GchTestApp *fixture)
{
  return find_login_window () != NULL;
}

static gboolean
login_window_gone (GchTestApp *fixture)
{
  return find_login_window () == NULL;
}

static gboolean
day_loaded (GchTestApp *fixture)
{
  GchStation *station = gch_application_get_station (fixture->app);

  return station != NULL && gch_station_get_day (station) != NULL &&
         gch_application_get_sync (fixture->app) != NULL;
}

/* Types into the login window's fields, as the agent does, and presses
 * Enter in the password field.
 */
static void
type_login (GchTestApp *fixture,
            const char *url,
            const char *agent,
            const char *password)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  GtkWidget *login;

  g_assert_true (gch_test_app_wait_until (fixture, login_window_shown));
  login = find_login_window ();
  gch_test_app_find_widgets (login, ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);

  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 0)), url);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 1)), agent);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 2)), password);

  gch_test_app_find_widgets (g_ptr_array_index (rows, 2), GTK_TYPE_TEXT, texts);
  g_assert_cmpuint (texts->len, ==, 1);
  /* What Enter does in a text field */
  g_signal_emit_by_name (g_ptr_array_index (texts, 0), "activate");
}

static void
log_in (GchTestApp *fixture)
{
  g_assert_true (gch_test_app_wait_until (fixture, day_loaded));
  gch_test_app_press (fixture, "<Control>l");
  type_login (fixture, gch_test_server_get_url (server), AGENT, PASSWORD);
  g_assert_true (gch_test_app_wait_until (fixture, login_window_gone));
  g_assert_true (wait_for_indicator (fixture, says ("Online")));
}

/* The keyring, read as the app reads it */

static char *looked_up;
static gboolean lookup_done;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_free (looked_up);
  looked_up = gch_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  lookup_done = TRUE;
}

static gboolean
lookup_finished (GchTestApp *fixture)
{
  return lookup_done;
}

static char *
keyring_token (GchTestApp *fixture)
{
  g_autofree char *url = g_settings_get_string (gch_application_get_settings (fixture->app),
                                                "server-url");

  lookup_done = FALSE;
  gch_credentials_lookup_async (url, AGENT, NULL, lookup_cb, NULL);
  g_assert_true (gch_test_app_wait_until (fixture, lookup_finished));
  return g_steal_pointer (&looked_up);
}

/* The app keeps the token in the keyring in the background, after the
 * station is online: asks the keyring until it holds one, as the next
 * start would find it.
 */
static gboolean
keyring_holds_token (GchTestApp *fixture)
{
  g_autofree char *url = NULL;

  if (!lookup_done)
    return FALSE;
  if (looked_up != NULL)
    return TRUE;

  url = g_settings_get_string (gch_application_get_settings (fixture->app), "server-url");
  lookup_done = FALSE;
  gch_credentials_lookup_async (url, AGENT, NULL, lookup_cb, NULL);
  return FALSE;
}

static char *
wait_for_keyring_token (GchTestApp *fixture)
{
  g_clear_pointer (&looked_up, g_free);
  lookup_done = TRUE;
  g_assert_true (gch_test_app_wait_until (fixture, keyring_holds_token));
  return g_steal_pointer (&looked_up);
}

/* Every file under @folder, whatever its depth, holds neither @secret nor
 * the password. Returns how many files were read.
 */
static guint
assert_not_in_files (const char *folder,
                     const char *secret)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint looked = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          looked += assert_not_in_files (path, secret);
          continue;
        }
      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      g_assert_null (g_strstr_len (contents, length, secret));
      g_assert_null (g_strstr_len (contents, length, PASSWORD));
      looked++;
    }

  return looked;
}

static void
assert_not_in_settings (GSettings  *settings,
                        const char *secret)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, secret));
      g_assert_null (strstr (text, PASSWORD));
    }
}

static gboolean
logged_out (GchTestApp *fixture)
{
  return !gch_sync_controller_get_enabled (gch_application_get_sync (fixture->app));
}

/* A wrong password says so; the right one logs in, and the token is in the
 * keyring and nowhere else; the next start is logged in; logging out
 * revokes the token and forgets it.
 */
static void
check_login (GchTestApp *fixture)
{
  g_autofree char *token = NULL;
  g_autofree char *data = g_build_filename (g_get_user_data_dir (), "guichet", NULL);
  g_autoptr(GchTestResponse) response = NULL;
  guint looked;

  g_assert_true (gch_test_app_wait_until (fixture, day_loaded));
  /* No server yet: the station works alone, and says nothing of a sync. */
  g_assert_cmpstr (gch_sync_indicator_get_text (indicator (fixture)), ==, "");

  gch_test_app_press (fixture, "<Control>l");
  type_login (fixture, gch_test_server_get_url (server), AGENT, "not-the-password");
  g_assert_true (gch_test_app_wait_for_text (fixture, says ("The agent or the password is wrong.")));
  g_assert_nonnull (find_login_window ());
  gch_test_app_screenshot ("login");

  type_login (fixture, gch_test_server_get_url (server), AGENT, PASSWORD);
  g_assert_true (gch_test_app_wait_until (fixture, login_window_gone));
  g_assert_true (wait_for_indicator (fixture, says ("Online")));

  token = wait_for_keyring_token (fixture);
  g_assert_cmpuint (strlen (token), ==, 64);

  looked = assert_not_in_files (data, token);
  looked += assert_not_in_files (g_get_user_config_dir (), token);
  assert_not_in_settings (gch_application_get_settings (fixture->app), token);
  /* The demo's database and its WAL at least: the test looked where the data is. */
  g_assert_cmpuint (looked, >=, 2);

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
  g_assert_true (gch_test_app_wait_for_text (fixture, says ("Logged out. This station works on its own until the next login.")));
  g_assert_cmpstr (gch_sync_indicator_get_text (indicator (fixture)), ==, "");

  /* Forgotten here, revoked there. */
  {
    g_autofree char *after = keyring_token (fixture);

    g_assert_null (after);
  }
  response = gch_test_server_request (server, "GET", "/api/v1/changes?after=0", token, NULL);
  g_assert_cmpuint (response->status, ==, 401);
}

static void
check_starts_logged_in (GchTestApp *fixture)
{
  g_autofree char *token = NULL;

  /* Logged in before this start: the keyring's token is used at once. */
  g_assert_true (wait_for_indicator (fixture, says ("Online")));
  tell_time_to ("From start to online with the keyring's token");
  g_assert_null (find_login_window ());
  token = keyring_token (fixture);
  g_assert_nonnull (token);

  /* No server in the preferences any more: the station works alone. */
  g_settings_set_string (gch_application_get_settings (fixture->app), "server-url", "");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
  g_assert_true (gch_test_app_wait_for_text (fixture, says ("This station now works on its own.")));
  g_assert_cmpstr (gch_sync_indicator_get_text (indicator (fixture)), ==, "");
}

static void
check_log_in_only (GchTestApp *fixture)
{
  g_autofree char *token = NULL;

  log_in (fixture);
  /* Online comes before the keyring has the token: the next start needs it. */
  token = wait_for_keyring_token (fixture);
}

static void
test_login (void)
{
  start_server ();
  gch_test_app_run ("--demo", check_login);
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo", check_log_in_only);
  started = g_get_monotonic_time ();
  gch_test_app_run ("--demo", check_starts_logged_in);
  stop_server ();
}

/* A station started with --password-stdin whose server has not answered
 * yet says so in its header ("Connecting…", not nothing), and is online
 * once the server answers. The server is frozen (SIGSTOP) for the wait:
 * it takes the connection but answers nothing until it goes on.
 */
static void
check_connecting_then_online (GchTestApp *fixture)
{
  g_autofree char *token = NULL;

  g_assert_true (gch_test_app_wait_until (fixture, day_loaded));
  g_assert_true (wait_for_indicator (fixture, says ("Connecting…")));
  g_assert_cmpstr (gch_sync_indicator_get_detail (indicator (fixture)), ==,
                   says ("Reaching the booking server."));
  g_assert_false (gch_sync_controller_get_enabled (gch_application_get_sync (fixture->app)));

  started = g_get_monotonic_time ();
  gch_test_server_pause (server, FALSE);
  g_assert_true (wait_for_indicator (fixture, says ("Online")));
  tell_time_to ("From the server's answer to online, the keyring working");
  g_assert_null (find_login_window ());
  token = wait_for_keyring_token (fixture);
  g_assert_cmpuint (strlen (token), ==, 64);

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
}

static void
test_connecting_then_online (void)
{
  g_autofree char *args = NULL;

  start_server ();
  gch_test_app_feed_password (PASSWORD);
  args = g_strdup_printf ("--demo --server %s --agent %s --password-stdin",
                          gch_test_server_get_url (server), AGENT);
  gch_test_server_pause (server, TRUE);
  gch_test_app_run (args, check_connecting_then_online);
  stop_server ();
}

/* A call at another station shows in this one's queue, in place. */

static gboolean
sync_station (GchStation *station,
              const char *token)
{
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (station),
                                          gch_test_server_get_url (server), token);
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  gboolean ok = gch_sync_run (sync, &report, NULL, &error);

  g_assert_no_error (error);
  gch_station_set_day (station, gch_store_load_day (gch_station_get_store (station), date, NULL));
  return ok;
}

static GchChange *
run (GchStation *station,
     GchRequest  request)
{
  g_autoptr(GError) error = NULL;
  GchChange *change = gch_station_run (station, &request, &error);

  g_assert_no_error (error);
  return change;
}

static const char *gone_ticket;

static gboolean
ticket_left_queue (GchTestApp *fixture)
{
  GListModel *model = gch_window_get_waiting (fixture->window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GchQueueItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (gch_queue_entry_get_ticket (gch_queue_item_get_entry (item)), gone_ticket))
        return FALSE;
    }

  return TRUE;
}

static void
check_call_from_other_station (GchTestApp *fixture)
{
  g_autoptr(GchStation) b = NULL;
  g_autoptr(GchChange) finish = NULL, call = NULL;
  g_autofree char *token = gch_test_server_login (server, AGENT, PASSWORD);
  g_autoptr(GchQueueItem) second = NULL;
  GListModel *model;
  GchQueueEntry *called;
  gint64 start;
  gboolean found = FALSE;

  log_in (fixture);
  model = gch_window_get_waiting (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 2);
  second = g_list_model_get_item (model, 1);

  /* Another agent at guichet 1's other station finishes and calls next. */
  b = gch_test_new_demo_station (gch_test_server_get_dir (server), "b.sqlite", date);
  finish = run (b, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1, .outcome = "served" });
  call = run (b, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 });
  called = gch_change_get_entry (call);
  gone_ticket = gch_queue_entry_get_ticket (called);
  start = g_get_monotonic_time ();
  g_assert_true (sync_station (b, token));

  g_assert_true (gch_test_app_wait_until (fixture, ticket_left_queue));
  g_test_message ("The call at the other station showed after %.2f s",
                  (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  g_assert_true (gch_test_app_wait_for_text (fixture, gone_ticket));

  /* The rows that stayed are the same objects: nothing was rebuilt. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GchQueueItem) item = g_list_model_get_item (model, i);

      found |= item == second;
    }
  g_assert_true (found);
  g_assert_cmpint (gch_queue_entry_get_state (gch_station_find_ticket (gch_application_get_station (fixture->app),
                                                                       gone_ticket)),
                   ==, GCH_ENTRY_STATE_CALLED);

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
}

static void
test_call_from_other_station (void)
{
  start_server ();
  gch_test_app_run ("--demo", check_call_from_other_station);
  stop_server ();
}

static gboolean nothing_waiting (GchTestApp *fixture);

/* Online, F5 asks the server, which decides who is called: the person
 * shows at this desk, and another station pulls the same call.
 */
static gboolean
someone_called_here (GchTestApp *fixture)
{
  GchDay *day = gch_station_get_day (gch_application_get_station (fixture->app));
  GchQueueEntry *current = gch_day_current_for_guichet (day, 1);

  return current != NULL && gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED;
}

static gboolean
guichet_1_free (GchTestApp *fixture)
{
  GchDay *day = gch_station_get_day (gch_application_get_station (fixture->app));

  return gch_day_current_for_guichet (day, 1) == NULL;
}

static void
check_call_next_at_server (GchTestApp *fixture)
{
  g_autofree char *token = gch_test_server_login (server, AGENT, PASSWORD);
  g_autoptr(GchStation) b = NULL;
  GchQueueEntry *current;
  const char *ticket;
  gint64 outbox;

  log_in (fixture);
  g_assert_true (gch_test_app_wait_until (fixture, nothing_waiting));
  gch_test_app_activate (fixture, "finish-service", "served");
  /* Saved, then sent: nothing waits before the finish is even saved. */
  g_assert_true (gch_test_app_wait_until (fixture, guichet_1_free));
  g_assert_true (gch_test_app_wait_until (fixture, nothing_waiting));

  gch_test_app_press (fixture, "F5");
  g_assert_true (gch_test_app_wait_until (fixture, someone_called_here));
  current = gch_day_current_for_guichet (gch_station_get_day (gch_application_get_station (fixture->app)), 1);
  ticket = gch_queue_entry_get_ticket (current);
  g_assert_true (gch_test_app_wait_for_text (fixture, ticket));

  /* The call was the server's: nothing of it waits in this station. */
  outbox = gch_store_count_outbox (gch_station_get_store (gch_application_get_station (fixture->app)));
  g_assert_cmpint (outbox, ==, 0);

  b = gch_test_new_demo_station (gch_test_server_get_dir (server), "b.sqlite", date);
  g_assert_true (sync_station (b, token));
  g_assert_cmpint (gch_queue_entry_get_state (gch_station_find_ticket (b, ticket)), ==,
                   GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_guichet (gch_station_find_ticket (b, ticket)), ==, 1);

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
}

static void
test_call_next_at_server (void)
{
  start_server ();
  gch_test_app_run ("--demo", check_call_next_at_server);
  stop_server ();
}

/* With the server stopped the indicator says offline; actions still work
 * and wait; after the restart they go up and it says online.
 */
static gboolean
nothing_waiting (GchTestApp *fixture)
{
  GchSyncController *sync = gch_application_get_sync (fixture->app);

  return gch_sync_controller_get_online (sync) && gch_sync_controller_get_waiting (sync) == 0;
}

static guint offline_alerts;

static void
on_offline_too_long_cb (GchSyncController *sync,
                        gpointer           data)
{
  offline_alerts++;
}

static gboolean
offline_alert_shown (GchTestApp *fixture)
{
  return offline_alerts > 0;
}

static void
check_offline_then_back (GchTestApp *fixture)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GchStation) b = NULL;
  g_autofree char *token = NULL;
  GchQueueEntry *current;
  g_autofree char *ticket = NULL;

  log_in (fixture);
  url = g_strdup (gch_test_server_get_url (server));
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));

  /* The alert after a long offline period, shortened to a second. */
  offline_alerts = 0;
  gch_sync_controller_set_offline_alert (gch_application_get_sync (fixture->app), 1);
  g_signal_connect (gch_application_get_sync (fixture->app), "offline-too-long",
                    G_CALLBACK (on_offline_too_long_cb), NULL);

  gch_test_server_stop (server);
  g_assert_true (wait_for_indicator (fixture, says ("Offline since %s")));
  g_assert_true (gch_test_app_wait_until (fixture, offline_alert_shown));

  gch_test_app_activate (fixture, "finish-service", "served");
  gch_test_app_press (fixture, "F5");
  g_assert_true (wait_for_indicator (fixture, says_n ("%u operation waiting", "%u operations waiting", 2)));
  current = gch_day_current_for_guichet (gch_station_get_day (gch_application_get_station (fixture->app)), 1);
  g_assert_nonnull (current);
  g_assert_cmpint (gch_queue_entry_get_state (current), ==, GCH_ENTRY_STATE_CALLED);
  ticket = g_strdup (gch_queue_entry_get_ticket (current));
  gch_test_app_screenshot ("sync-offline");

  gch_test_server_start (server, "--listen", listen, NULL);
  g_assert_true (gch_test_app_wait_until (fixture, nothing_waiting));
  g_assert_true (wait_for_indicator (fixture, says ("Online")));
  /* Once per offline period. */
  g_assert_cmpuint (offline_alerts, ==, 1);

  /* It went up: another station sees the call. */
  token = gch_test_server_login (server, AGENT, PASSWORD);
  b = gch_test_new_demo_station (gch_test_server_get_dir (server), "b.sqlite", date);
  g_assert_true (sync_station (b, token));
  g_assert_cmpint (gch_queue_entry_get_state (gch_station_find_ticket (b, ticket)), ==,
                   GCH_ENTRY_STATE_CALLED);

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
}

static void
test_offline_then_back (void)
{
  start_server ();
  gch_test_app_run ("--demo", check_offline_then_back);
  stop_server ();
}

/* Two guichets call the same person: this station while logged out, the
 * other first on the server. At the next login the server refuses this
 * one's call; the indicator says so, and the conflict's sentence stays
 * until the agent marks it seen.
 */
static gboolean
conflict_listed (GchTestApp *fixture)
{
  return gch_sync_indicator_get_n_shown_conflicts (indicator (fixture)) == 1;
}

static gboolean
no_conflict (GchTestApp *fixture)
{
  return gch_sync_controller_get_conflicts (gch_application_get_sync (fixture->app)) == 0;
}

static guint new_conflicts;

static void
on_new_conflicts_cb (GchSyncController *sync,
                     guint              n,
                     gpointer           data)
{
  new_conflicts += n;
}

static void
check_conflict (GchTestApp *fixture)
{
  g_autoptr(GchStation) b = NULL;
  g_autoptr(GchChange) finish = NULL, call = NULL;
  g_autofree char *token = gch_test_server_login (server, AGENT, PASSWORD);
  g_autoptr(GchQueueItem) first = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *sentence = NULL;

  log_in (fixture);
  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));

  first = g_list_model_get_item (gch_window_get_waiting (fixture->window), 0);
  ticket = g_strdup (gch_queue_entry_get_ticket (gch_queue_item_get_entry (first)));
  gch_test_app_activate (fixture, "finish-service", "served");
  gch_test_app_press (fixture, "F5");
  g_assert_true (gch_test_app_wait_for_text (fixture, ticket));

  b = gch_test_new_demo_station (gch_test_server_get_dir (server), "b.sqlite", date);
  finish = run (b, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2, .outcome = "served" });
  call = run (b, (GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 2, .ticket = ticket, .reason = "urgence" });
  g_assert_true (sync_station (b, token));

  /* The notification that a conflict needs the agent goes with this signal. */
  new_conflicts = 0;
  g_signal_connect (gch_application_get_sync (fixture->app), "new-conflicts",
                    G_CALLBACK (on_new_conflicts_cb), NULL);
  log_in (fixture);
  g_assert_true (wait_for_indicator (fixture, says_n ("%u conflict", "%u conflicts", 1)));
  g_assert_cmpuint (new_conflicts, ==, 1);
  g_assert_true (gch_test_app_wait_until (fixture, conflict_listed));

  /* The sentence of the server, in the popover. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-sync", NULL);
  sentence = g_strdup_printf ("%s was already called at guichet 2", ticket);
  g_assert_true (gch_test_app_wait_for_text (fixture, sentence));
  gch_test_app_screenshot ("sync-conflict");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.mark-conflicts-seen", NULL);
  g_assert_true (gch_test_app_wait_until (fixture, no_conflict));
  g_assert_true (wait_for_indicator (fixture, says ("Online")));

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
}

static void
test_conflict (void)
{
  start_server ();
  gch_test_app_run ("--demo", check_conflict);
  stop_server ();
}

/* The token is revoked (it expired, or the agent logged out elsewhere):
 * the station asks to log in again and keeps working; what it did meanwhile
 * goes up after the login.
 */
static gboolean
needs_login (GchTestApp *fixture)
{
  return gch_sync_controller_get_needs_login (gch_application_get_sync (fixture->app));
}

static void
check_expired_login (GchTestApp *fixture)
{
  g_autofree char *token = NULL;
  g_autoptr(GchTestResponse) response = NULL;

  log_in (fixture);
  token = wait_for_keyring_token (fixture);

  response = gch_test_server_request (server, "POST", "/api/v1/logout", token, NULL);
  g_assert_cmpuint (response->status, ==, 204);

  /* The next round is refused: the login window says why. */
  gch_test_app_activate (fixture, "finish-service", "served");
  g_assert_true (gch_test_app_wait_until (fixture, needs_login));
  g_assert_true (gch_test_app_wait_until (fixture, login_window_shown));
  g_assert_true (gch_test_app_wait_for_text (fixture, says ("The login has expired. Log in again to send what is waiting.")));
  g_assert_true (wait_for_indicator (fixture, says ("Log in again")));

  gch_test_app_press (fixture, "F5");
  g_assert_true (wait_for_indicator (fixture, says_n ("%u operation waiting", "%u operations waiting", 2)));

  type_login (fixture, gch_test_server_get_url (server), AGENT, PASSWORD);
  g_assert_true (gch_test_app_wait_until (fixture, login_window_gone));
  g_assert_true (gch_test_app_wait_until (fixture, nothing_waiting));
  g_assert_true (wait_for_indicator (fixture, says ("Online")));

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
}

static void
test_expired_login (void)
{
  start_server ();
  gch_test_app_run ("--demo", check_expired_login);
  stop_server ();
}

/* The login's other errors, in plain words: a certificate this computer
 * does not trust, and a server that does not answer.
 */
static void
check_login_errors (GchTestApp *fixture)
{
  g_autofree char *url = g_strdup (gch_test_server_get_url (server));

  g_assert_true (gch_test_app_wait_until (fixture, day_loaded));
  gch_test_app_press (fixture, "<Control>l");
  type_login (fixture, url, AGENT, PASSWORD);
  g_assert_true (gch_test_app_wait_for_text (fixture, says ("The server’s certificate is not trusted by this computer. Nothing was sent. Ask your administrator to install the site’s certificate.")));
  g_assert_false (gch_sync_controller_get_enabled (gch_application_get_sync (fixture->app)));

  gch_test_server_stop (server);
  type_login (fixture, url, AGENT, PASSWORD);
  g_assert_true (gch_test_app_wait_for_text (fixture, says ("The server cannot be reached. Check its address and the network, then try again.")));
  g_assert_nonnull (find_login_window ());
  gtk_window_destroy (GTK_WINDOW (find_login_window ()));
}

static void
test_login_errors (void)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  date = gch_demo_today ();
  server = gch_test_server_new ();
  if (!gch_test_server_make_certificate (server, &cert, &key) ||
      !g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("needs openssl and glib-networking");
      stop_server ();
      return;
    }
  gch_test_server_load_demo (server, date);
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (server, "--tls-cert", cert, "--tls-key", key, NULL);
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo", check_login_errors);
  stop_server ();
}

/* point numérique: a help session logged at another station shows in
 * this one's register once the server brought it.
 */

static GtkWidget *
numerique_page (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->toplevel), GCH_TYPE_NUMERIQUE_PAGE, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
help_session_shown (GchTestApp *fixture)
{
  GtkWidget *page = numerique_page (fixture);
  GPtrArray *sessions = page != NULL ? gch_numerique_page_get_sessions (GCH_NUMERIQUE_PAGE (page))
                                     : NULL;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    if (g_strcmp0 (((GchHelpSession *) g_ptr_array_index (sessions, i))->name,
                   "Jeanne Petit") == 0)
      return TRUE;
  return FALSE;
}

static void
check_help_session_from_other_station (GchTestApp *fixture)
{
  g_autoptr(GchStation) b = NULL;
  g_autoptr(GchChange) logged = NULL;
  g_autofree char *token = gch_test_server_login (server, AGENT, PASSWORD);

  log_in (fixture);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "numerique");
  g_assert_false (help_session_shown (fixture));

  b = gch_test_new_demo_station (gch_test_server_get_dir (server), "b.sqlite", date);
  gch_station_set_actor (b, AGENT);
  logged = run (b, (GchRequest) { .action = GCH_ACTION_LOG_HELP_SESSION, .person = "Jeanne Petit",
                                  .demarche = "Carte grise", .on_paper = TRUE });
  g_assert_true (sync_station (b, token));

  g_assert_true (gch_test_app_wait_until (fixture, help_session_shown));
  g_assert_true (gch_test_app_wait_for_text (fixture, "Jeanne Petit"));

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
}

static void
test_help_session_from_other_station (void)
{
  start_server ();
  gch_test_app_run ("--demo", check_help_session_from_other_station);
  stop_server ();
}

/* An operation the server cannot read (put in the outbox with plain SQL,
 * as a station of another version could have): the server answers but
 * settles nothing of it. The station stays online, under the online
 * rules and with the others' news; the indicator says why the operation
 * waits, and it stays in the outbox for the next rounds.
 */
#define UNSETTLED "The server did not take the operation waiting to be sent, and did not say " \
                  "why. It stays on this station and goes again at the next sync; if this " \
                  "lasts, tell your administrator."

static gboolean
says_unsettled (GchTestApp *fixture)
{
  return strstr (gch_sync_indicator_get_detail (indicator (fixture)), says (UNSETTLED)) != NULL &&
         strstr (gch_sync_indicator_get_text (indicator (fixture)),
                 says_n ("%u operation waiting", "%u operations waiting", 1)) != NULL;
}

static const char *news_ticket;

static gboolean
has_news (GchTestApp *fixture)
{
  return gch_station_find_ticket (gch_application_get_station (fixture->app), news_ticket) != NULL;
}

static void
assert_online_with_unsettled (GchTestApp *fixture)
{
  GchStation *station = gch_application_get_station (fixture->app);
  GchSyncController *sync = gch_application_get_sync (fixture->app);

  g_assert_true (gch_sync_controller_get_online (sync));
  g_assert_cmpint (gch_sync_controller_get_offline_since (sync), ==, 0);
  g_assert_true (gch_station_get_online (station));
  g_assert_cmpstr (gch_sync_controller_get_last_error (sync), ==, g_dgettext (GETTEXT_PACKAGE,
                                                                              UNSETTLED));
  g_assert_nonnull (strstr (gch_sync_indicator_get_text (indicator (fixture)), says ("Online")));
  g_assert_null (strstr (gch_sync_indicator_get_text (indicator (fixture)), "Offline"));
  g_assert_nonnull (strstr (gch_sync_indicator_get_text (indicator (fixture)),
                            says_n ("%u operation waiting", "%u operations waiting", 1)));
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (station)), ==, 1);
}

static void
check_unsettled_operation (GchTestApp *fixture)
{
  g_autofree char *token = gch_test_server_login (server, AGENT, PASSWORD);
  g_autoptr(GchStation) b = NULL;
  g_autoptr(GchChange) issued = NULL;
  GchStation *station;
  sqlite3 *db = NULL;

  log_in (fixture);
  g_assert_true (gch_test_app_wait_until (fixture, nothing_waiting));
  station = gch_application_get_station (fixture->app);

  g_assert_cmpint (sqlite3_open (gch_store_get_path (gch_station_get_store (station)), &db), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO outbox (uuid, kind, record_kind, record_id,"
                                     " base_version, at, actor, payload) VALUES"
                                     " ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'launch',"
                                     " 'spaceship', 'x', 0, 1773136800, 'a', '{}')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* The agent's next action goes up; the unreadable operation stays. */
  gch_test_app_activate (fixture, "finish-service", "served");
  g_assert_true (gch_test_app_wait_until (fixture, says_unsettled));
  assert_online_with_unsettled (fixture);

  /* The rounds go on online: another station's ticket shows here. */
  b = gch_test_new_demo_station (gch_test_server_get_dir (server), "b.sqlite", date);
  issued = run (b, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = "titres" });
  news_ticket = gch_queue_entry_get_ticket (gch_change_get_entry (issued));
  g_assert_true (sync_station (b, token));
  g_assert_true (gch_test_app_wait_until (fixture, has_news));
  g_assert_true (gch_test_app_wait_until (fixture, says_unsettled));
  assert_online_with_unsettled (fixture);

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
}

static void
test_unsettled_operation (void)
{
  start_server ();
  gch_test_app_run ("--demo", check_unsettled_operation);
  stop_server ();
}

/* point numérique: a signature drawn at an agent's station comes to it
 * without its strokes. A supervisor logging in there reads it: the screen
 * says it is kept at the server (offline, the read waits to be sent), then
 * draws it once the read is synced and the strokes came with the feed.
 */
#define SUPERVISOR "f.roux"   /* the demo day's supervisor */
#define STROKES "[[[111,222],[333,344],[355,366]]]"

static GtkWidget *
signature_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (window), "stack") != NULL &&
          gtk_widget_get_mapped (window))
        return window;
    }
  return NULL;
}

static gboolean
signature_drawn (GchTestApp *fixture)
{
  GtkWidget *window = signature_window ();

  return window != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (g_object_get_data (G_OBJECT (window),
                                                                         "stack")),
                    "signature") == 0;
}

static void
check_signature_kept_at_server (GchTestApp *fixture)
{
  g_autoptr(GchStation) b = NULL;
  g_autoptr(GchChange) logged = NULL;
  g_autofree char *token = gch_test_server_login (server, AGENT, PASSWORD);
  g_autofree char *listen = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GUri) uri = g_uri_parse (gch_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);

  listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  log_in (fixture);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "numerique");

  b = gch_test_new_demo_station (gch_test_server_get_dir (server), "b.sqlite", date);
  gch_station_set_actor (b, AGENT);
  logged = run (b, (GchRequest) { .action = GCH_ACTION_LOG_HELP_SESSION, .person = "Jeanne Petit",
                                  .demarche = "Carte grise", .signature = STROKES });
  id = g_strdup (gch_change_get_record_id (logged));
  g_assert_true (sync_station (b, token));
  g_assert_true (gch_test_app_wait_until (fixture, help_session_shown));

  /* The agent leaves; a supervisor logs in at the same station. */
  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
  gch_test_app_press (fixture, "<Control>l");
  type_login (fixture, gch_test_server_get_url (server), SUPERVISOR, PASSWORD);
  g_assert_true (gch_test_app_wait_until (fixture, login_window_gone));
  g_assert_true (wait_for_indicator (fixture, says ("Online")));

  gch_test_server_stop (server);
  g_assert_true (wait_for_indicator (fixture, says ("Offline since %s")));
  gch_numerique_page_show_signature (GCH_NUMERIQUE_PAGE (numerique_page (fixture)), id);
  g_assert_true (gch_test_app_wait_for_text (fixture,
                                             says ("This signature is kept at the server: it "
                                                   "comes to this station once the read is "
                                                   "synced.")));
  g_assert_false (signature_drawn (fixture));

  gch_test_server_start (server, "--listen", listen, NULL);
  g_assert_true (gch_test_app_wait_until (fixture, signature_drawn));
  gtk_window_destroy (GTK_WINDOW (signature_window ()));

  gch_test_app_press (fixture, "<Control><Shift>l");
  g_assert_true (gch_test_app_wait_until (fixture, logged_out));
}

static void
test_signature_kept_at_server (void)
{
  start_server ();
  gch_test_server_add_agent (server, SUPERVISOR, "François Roux", "supervisor", PASSWORD);
  gch_test_app_run ("--demo", check_signature_kept_at_server);
  stop_server ();
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/online/login", test_login);
  g_test_add_func ("/online/login-errors", test_login_errors);
  g_test_add_func ("/online/connecting-then-online", test_connecting_then_online);
  g_test_add_func ("/online/call-from-other-station", test_call_from_other_station);
  g_test_add_func ("/online/call-next-at-server", test_call_next_at_server);
  g_test_add_func ("/online/offline-then-back", test_offline_then_back);
  g_test_add_func ("/online/conflict", test_conflict);
  g_test_add_func ("/online/expired-login", test_expired_login);
  g_test_add_func ("/online/unsettled-operation", test_unsettled_operation);
  /* point numérique */
  g_test_add_func ("/online/help-session-from-other-station", test_help_session_from_other_station);
  g_test_add_func ("/online/signature-kept-at-server", test_signature_kept_at_server);

  return g_test_run ();
}
