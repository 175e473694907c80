/* test-sync.c: two stations and a real server, on and off line
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
#include <string.h>

#include "gch-test-server.h"
#include "gch-test-day.h"

/* The real guichet-server on 127.0.0.1, and two stations with the same
 * demo day, syncing with it: what one does reaches the other; what is done
 * while the server is down goes up when it is back; two stations calling
 * the same person end with one call, and the other station is told.
 */

#define DATE "2026-03-10"
#define AGENT "c.martin"
#define PASSWORD "agent-password-1"

typedef struct
{
  GchTestServer *server;
  char          *url;     /* kept: the server comes back on the same port */
  char          *token;
  GchStation    *a;
  GchStation    *b;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = gch_test_server_new ();
  gch_test_server_load_demo (f->server, DATE);
  gch_test_server_add_agent (f->server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (f->server, NULL);
  f->url = g_strdup (gch_test_server_get_url (f->server));
  f->token = gch_test_server_login (f->server, AGENT, PASSWORD);
  f->a = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "a.sqlite", DATE);
  f->b = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "b.sqlite", DATE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_clear_pointer (&f->token, g_free);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->server, gch_test_server_free);
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

static gboolean
sync_station (Fixture        *f,
              GchStation     *station,
              GchSyncReport  *report,
              GError        **error)
{
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (station), f->url, f->token);
  GError *local = NULL;
  gboolean ok = gch_sync_run (sync, report, NULL, &local);

  /* The screen shows the store: read the day again, as the app will. */
  gch_station_set_day (station, gch_store_load_day (gch_station_get_store (station), DATE, NULL));

  if (local != NULL)
    g_propagate_error (error, local);
  return ok;
}

static char *describe (GchStation *station);

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

/* The two stations show the same hall: every ticket, its state, guichet
 * and version. On a difference, the first line that differs is told.
 */
static void
assert_same_hall (GchStation *a,
                  GchStation *b)
{
  g_autofree char *on_a = describe (a);
  g_autofree char *on_b = describe (b);
  g_auto(GStrv) lines_a = g_strsplit (on_a, "\n", -1);
  g_auto(GStrv) lines_b = g_strsplit (on_b, "\n", -1);

  for (guint i = 0; lines_a[i] != NULL || lines_b[i] != NULL; i++)
    if (lines_a[i] == NULL || lines_b[i] == NULL || !g_str_equal (lines_a[i], lines_b[i]))
      g_error ("The stations differ: “%s” / “%s”", lines_a[i], lines_b[i]);
}

static char *
describe (GchStation *station)
{
  GchDay *day = gch_station_get_day (station);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s g%u v%" G_GINT64_FORMAT,
                                               gch_queue_entry_get_ticket (entry),
                                               gch_enum_to_nick (GCH_TYPE_ENTRY_STATE,
                                                                 gch_queue_entry_get_state (entry)),
                                               gch_queue_entry_get_guichet (entry),
                                               gch_queue_entry_get_version (entry)));
    }

  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **)lines->pdata);
}

/* A call at one station reaches the other. */
static void
test_call_reaches_other (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GchChange) finish = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 });
  g_autoptr(GchChange) call = run (f->a, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 });
  const char *ticket = gch_queue_entry_get_ticket (gch_change_get_entry (call));
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  GchQueueEntry *seen;

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.refused, ==, 0);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->a)), ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pulled, >, 0);
  seen = gch_station_find_ticket (f->b, ticket);
  g_assert_cmpint (gch_queue_entry_get_state (seen), ==, GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_guichet (seen), ==, 1);

  /* A's own changes come back to it unchanged, and nothing twice. */
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_cmpint (gch_queue_entry_get_state (gch_station_find_ticket (f->a, ticket)), ==,
                   GCH_ENTRY_STATE_CALLED);
  assert_same_hall (f->a, f->b);
}

/* A push sends the outbox and nothing more: the station's cursor stays,
 * and the other station gets the call at its next round.
 */
static void
test_push_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GchChange) finish = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 });
  g_autoptr(GchChange) call = run (f->a, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 });
  const char *ticket = gch_queue_entry_get_ticket (gch_change_get_entry (call));
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (f->a), f->url, f->token);
  g_autoptr(GError) error = NULL;
  GchSyncReport report;

  g_assert_true (gch_sync_push (sync, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.pulled, ==, 0);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->a)), ==, 0);
  g_assert_cmpint (gch_store_get_cursor (gch_station_get_store (f->a)), ==, 0);

  /* Sent once: pushing again sends nothing. */
  g_assert_true (gch_sync_push (sync, &report, NULL, &error));
  g_assert_cmpuint (report.pushed, ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_queue_entry_get_state (gch_station_find_ticket (f->b, ticket)), ==,
                   GCH_ENTRY_STATE_CALLED);
}

/* Neither the token nor the password is written anywhere in a station's
 * files, after a round that used them: the database, its WAL and journal.
 */
static void
test_no_secret_on_disk (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GchChange) finish = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 });
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  const char *name;
  guint looked = 0;

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);

  dir = g_dir_open (gch_test_server_get_dir (f->server), 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (gch_test_server_get_dir (f->server), name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_prefix (name, "a.sqlite"))
        continue;
      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_null (g_strstr_len (contents, length, f->token));
      g_assert_null (g_strstr_len (contents, length, PASSWORD));
      looked++;
    }

  /* The database and its WAL at least: the test looked where the data is. */
  g_assert_cmpuint (looked, >=, 2);
}

/* With the server down, the station works; what it did goes up when the
 * server is back, and reaches the other station.
 */
static void
test_offline_then_back (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GchChange) issued = NULL;
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  const char *ticket;

  gch_test_server_stop (f->server);
  issued = run (f->a, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = "permis" });
  ticket = gch_queue_entry_get_ticket (gch_change_get_entry (issued));

  g_assert_false (sync_station (f, f->a, &report, &error));
  g_assert_nonnull (error);
  g_test_message ("Offline: %s", error->message);
  g_clear_error (&error);
  /* Nothing lost: the operation waits, and the ticket is on A's screen. */
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->a)), ==, 1);
  g_assert_nonnull (gch_station_find_ticket (f->a, ticket));

  {
    g_autoptr(GUri) uri = g_uri_parse (f->url, G_URI_FLAGS_NONE, NULL);
    g_autofree char *listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));

    gch_test_server_start (f->server, "--listen", listen, NULL);
  }
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->a)), ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (gch_station_find_ticket (f->b, ticket));
}

/* Offline from each other, two guichets call the same person. The server
 * keeps the first call; the second station is told, keeps the refusal for
 * its agent, and ends in the server's state.
 */
static void
test_same_person_twice (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) waiting = gch_day_waiting_for_guichet (gch_station_get_day (f->a), 2);
  g_autoptr(GchChange) a1 = NULL, a2 = NULL, b1 = NULL, b2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_auto(GStrv) seen = NULL;
  GchConflict *conflict;
  GchSyncReport report;
  const char *ticket;

  g_assert_cmpuint (waiting->len, >, 0);
  ticket = gch_queue_entry_get_ticket (g_ptr_array_index (waiting, 0));

  a1 = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2 });
  a2 = run (f->a, (GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 2, .ticket = ticket, .reason = "urgence" });
  b1 = run (f->b, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 3 });
  b2 = run (f->b, (GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 3, .ticket = ticket, .reason = "âge" });

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpint (gch_store_count_conflicts (gch_station_get_store (f->b)), ==, 1);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->b)), ==, 0);

  /* The agent reads what happened, in a sentence, until it is marked seen. */
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->b), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->kind, ==, "call");
  g_assert_cmpstr (conflict->status, ==, "conflict");
  g_assert_nonnull (strstr (conflict->message, ticket));
  g_assert_nonnull (strstr (conflict->message, "guichet 2"));
  seen = g_new0 (char *, 2);
  seen[0] = g_strdup (conflict->uuid);
  g_assert_true (gch_store_mark_conflicts_seen (gch_station_get_store (f->b), seen, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_store_count_conflicts (gch_station_get_store (f->b)), ==, 0);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->b), &error);
  g_assert_cmpuint (conflicts->len, ==, 0);

  /* B now shows what happened: the person went to guichet 2. */
  g_assert_cmpuint (gch_queue_entry_get_guichet (gch_station_find_ticket (f->b, ticket)), ==, 2);

  g_assert_true (sync_station (f, f->a, &report, &error));
  assert_same_hall (f->a, f->b);
}

/* A server whose certificate this computer does not trust: the station
 * says so, sends nothing and keeps its outbox; trusting the site's
 * certificate, the same outbox goes up.
 */
static void
test_untrusted_certificate (void)
{
  Fixture f = { 0 };
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GchSync) sync = NULL;
  g_autoptr(GchChange) call = NULL;
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  GchStore *store;

  f.server = gch_test_server_new ();
  if (!gch_test_server_make_certificate (f.server, &cert, &key))
    {
      g_test_skip ("openssl is not installed");
      fixture_tear_down (&f, NULL);
      return;
    }
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend: install glib-networking");
      fixture_tear_down (&f, NULL);
      return;
    }

  gch_test_server_load_demo (f.server, DATE);
  gch_test_server_add_agent (f.server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (f.server, "--tls-cert", cert, "--tls-key", key, NULL);
  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (gch_test_server_get_session (f.server), database);
  f.url = g_strdup (gch_test_server_get_url (f.server));
  f.token = gch_test_server_login (f.server, AGENT, PASSWORD);
  f.a = gch_test_new_demo_station (gch_test_server_get_dir (f.server), "a.sqlite", DATE);
  store = gch_station_get_store (f.a);

  call = run (f.a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2 });
  g_assert_cmpint (gch_store_count_outbox (store), ==, 1);

  sync = gch_sync_new (store, f.url, f.token);
  g_assert_false (gch_sync_run (sync, &report, NULL, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_CERTIFICATE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_clear_error (&error);
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpint (gch_store_count_outbox (store), ==, 1);
  g_assert_cmpint (gch_store_get_cursor (store), ==, 0);

  gch_sync_set_tls_database (sync, database);
  g_assert_true (gch_sync_run (sync, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpint (gch_store_count_outbox (store), ==, 0);
  g_assert_cmpint (gch_store_get_cursor (store), >, 0);

  fixture_tear_down (&f, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/call-reaches-other", Fixture, NULL, fixture_set_up,
              test_call_reaches_other, fixture_tear_down);
  g_test_add ("/sync/push-only", Fixture, NULL, fixture_set_up,
              test_push_only, fixture_tear_down);
  g_test_add ("/sync/no-secret-on-disk", Fixture, NULL, fixture_set_up,
              test_no_secret_on_disk, fixture_tear_down);
  g_test_add ("/sync/offline-then-back", Fixture, NULL, fixture_set_up,
              test_offline_then_back, fixture_tear_down);
  g_test_add ("/sync/same-person-twice", Fixture, NULL, fixture_set_up,
              test_same_person_twice, fixture_tear_down);
  g_test_add_func ("/sync/untrusted-certificate", test_untrusted_certificate);

  return g_test_run ();
}
