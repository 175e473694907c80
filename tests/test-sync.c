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
#include <sqlite3.h>
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
  gboolean ok;

  gch_sync_set_date (sync, DATE);
  ok = gch_sync_run (sync, report, NULL, &local);

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

/* A station new to the server loads the day whole, then follows the feed
 * like the others.
 */
static void
test_join (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (gch_test_server_get_dir (f->server), "new.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_store_open (path, &error);
  g_autoptr(GchClock) clock = gch_clock_new_frozen (gch_demo_start_time (DATE, GCH_DEMO_TIME));
  g_autoptr(GchStation) fresh = gch_station_new (store, clock, "new");
  g_autoptr(GchChange) finish = NULL;
  g_autoptr(GchChange) call = NULL;
  GchSyncReport report;

  g_assert_no_error (error);
  g_assert_false (gch_store_has_day (store, DATE));

  g_assert_true (sync_station (f, fresh, &report, &error));
  g_assert_no_error (error);
  g_assert_true (report.resynced);
  assert_same_hall (fresh, f->a);

  finish = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 4 });
  call = run (f->a, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 4 });
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_true (sync_station (f, fresh, &report, &error));
  g_assert_no_error (error);
  g_assert_false (report.resynced);
  g_assert_cmpuint (report.pulled, >, 0);
  assert_same_hall (fresh, f->a);
}

/* The server forgot the changes a station had not pulled yet: the station
 * sends what it did, loads the day again whole, and ends like the others.
 */
static void
test_cursor_too_old (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GchChange) b_finish = NULL, b_call = NULL, issued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  GchSyncReport report;
  const char *ticket;

  b_finish = run (f->b, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 5 });
  b_call = run (f->b, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 5 });
  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);

  /* A has not pulled them when the server forgets them; A works meanwhile. */
  g_assert_true (gch_test_server_run (f->server, NULL, &out, NULL, "prune-feed",
                                      "--before", "2026-03-11", NULL));
  g_test_message ("%s", out);
  issued = run (f->a, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = "permis" });
  ticket = gch_queue_entry_get_ticket (gch_change_get_entry (issued));

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_true (report.resynced);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->a)), ==, 0);
  /* Its own ticket is still there, as the server has it now. */
  g_assert_nonnull (gch_station_find_ticket (f->a, ticket));

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  assert_same_hall (f->a, f->b);
}

/* The station followed a server whose database was then replaced (a
 * restore, a new server): its cursor is ahead of the new feed. It loads
 * the day again whole rather than wait for changes that will never come.
 */
static void
test_server_replaced (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GchChange) finish = NULL, call = NULL;
  g_autoptr(GchTestServer) other = gch_test_server_new ();
  g_autofree char *other_token = NULL;
  g_autoptr(GchSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  GchSyncReport report;

  finish = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 6 });
  call = run (f->a, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 6 });
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_store_get_cursor (gch_station_get_store (f->a)), >, 0);

  gch_test_server_load_demo (other, DATE);
  gch_test_server_add_agent (other, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (other, NULL);
  other_token = gch_test_server_login (other, AGENT, PASSWORD);

  sync = gch_sync_new (gch_station_get_store (f->a), gch_test_server_get_url (other), other_token);
  gch_sync_set_date (sync, DATE);
  g_assert_true (gch_sync_run (sync, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (report.resynced);
  g_assert_cmpint (gch_store_get_cursor (gch_station_get_store (f->a)), ==, 0);

  /* A shows the new server's day: guichet 6's call is not there. */
  gch_station_set_day (f->a, gch_store_load_day (gch_station_get_store (f->a), DATE, NULL));
  g_assert_cmpint (gch_queue_entry_get_state (gch_station_find_ticket (f->a, gch_queue_entry_get_ticket (gch_change_get_entry (call)))),
                   !=, GCH_ENTRY_STATE_CALLED);
  assert_same_hall (f->a, f->b);
}

/* A station with a server numbers only from the blocks the server gave
 * it; the tickets it issued offline are its own to call only until they
 * are on the server.
 */
static void
test_offline_tickets_until_sent (Fixture       *f,
                                 gconstpointer  data)
{
  GchStore *store = gch_station_get_store (f->a);
  g_autoptr(GchSync) sync = gch_sync_new (store, f->url, f->token);
  g_autoptr(GchChange) issued = NULL, refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *ticket = NULL;
  GchRequest request = { .action = GCH_ACTION_ISSUE_TICKET, .service = "permis" };

  gch_sync_set_date (sync, DATE);
  gch_station_set_sync (f->a, sync);

  /* Offline before its first block: no number that may be another's. */
  gch_station_set_online (f->a, FALSE);
  refused = gch_station_run (f->a, &request, &error);
  g_assert_null (refused);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NO_TICKETS);
  g_clear_error (&error);

  gch_station_set_online (f->a, TRUE);
  g_assert_true (gch_sync_run (sync, NULL, NULL, &error));
  g_assert_no_error (error);

  gch_station_set_online (f->a, FALSE);
  issued = run (f->a, request);
  id = g_strdup (gch_queue_entry_get_id (gch_change_get_entry (issued)));
  ticket = g_strdup (gch_queue_entry_get_ticket (gch_change_get_entry (issued)));
  g_assert_true (gch_store_is_issued_offline (store, id));

  /* Back online, it goes up: from now on it is everyone's. */
  gch_station_set_online (f->a, TRUE);
  g_assert_true (gch_sync_run (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (gch_store_is_issued_offline (store, id));

  gch_station_set_day (f->a, gch_store_load_day (store, DATE, NULL));
  gch_station_set_online (f->a, FALSE);
  g_clear_object (&refused);
  refused = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 });
  g_assert_null (gch_station_run (f->a, &(GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1,
                                                         .ticket = ticket, .reason = "urgence" },
                                  &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_OFFLINE);
  gch_station_set_sync (f->a, NULL);
}

/* Moving people between queues and changing their priority are the
 * supervisor's: an agent's station is refused by the server, and says so;
 * a supervisor's reaches the other stations.
 */
static void
test_supervisor_only (Fixture       *f,
                      gconstpointer  data)
{
  GchDay *day = gch_station_get_day (f->a);
  g_autoptr(GchChange) refused = NULL, assigned = NULL, prioritised = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *supervisor = NULL;
  g_autofree char *agent_token = NULL;
  GchSyncReport report;
  guint target = 0;

  /* Someone waiting for any guichet, and an open guichet of their service. */
  for (guint i = 0; i < day->entries->len && target == 0; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);
      const char *code = gch_service_get_code (gch_queue_entry_get_service (entry));

      if (gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_WAITING ||
          gch_queue_entry_get_guichet (entry) != 0 ||
          gch_queue_entry_get_priority (entry) != GCH_PRIORITY_NONE)
        continue;
      for (guint j = 0; j < day->guichets->len && target == 0; j++)
        {
          GchGuichet *guichet = g_ptr_array_index (day->guichets, j);

          if (gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_OPEN &&
              g_strv_contains (gch_guichet_get_services (guichet), code))
            {
              target = gch_guichet_get_number (guichet);
              ticket = g_strdup (gch_queue_entry_get_ticket (entry));
            }
        }
    }
  g_assert_cmpuint (target, !=, 0);

  /* An agent: the station does it, the server refuses it, the station
   * ends as the server has it and keeps the refusal for the agent.
   */
  refused = run (f->a, (GchRequest) { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = ticket,
                                      .target_guichet = target });
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 1);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_nonnull (strstr (((GchConflict *)g_ptr_array_index (conflicts, 0))->message,
                            "Only a supervisor"));
  g_assert_cmpuint (gch_queue_entry_get_guichet (gch_station_find_ticket (f->a, ticket)), ==, 0);

  /* A supervisor, at the same station. */
  gch_test_server_add_agent (f->server, "s.durand", "Sophie Durand", "supervisor", PASSWORD);
  supervisor = gch_test_server_login (f->server, "s.durand", PASSWORD);
  agent_token = g_steal_pointer (&f->token);
  f->token = g_strdup (supervisor);
  assigned = run (f->a, (GchRequest) { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = ticket,
                                       .target_guichet = target });
  prioritised = run (f->a, (GchRequest) { .action = GCH_ACTION_SET_PRIORITY, .ticket = ticket,
                                          .priority = GCH_PRIORITY_ELDERLY });
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.refused, ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gch_queue_entry_get_guichet (gch_station_find_ticket (f->b, ticket)), ==, target);
  g_assert_cmpint (gch_queue_entry_get_priority (gch_station_find_ticket (f->b, ticket)), ==,
                   GCH_PRIORITY_ELDERLY);
  g_assert_true (sync_station (f, f->a, &report, &error));
  assert_same_hall (f->a, f->b);
}

/* Whoever is at @number leaves it: the hall has people at most counters. */
static void
free_guichet (GchStation *station,
              guint       number)
{
  GchQueueEntry *current = gch_day_current_for_guichet (gch_station_get_day (station), number);
  g_autoptr(GchChange) change = NULL;

  if (current == NULL)
    return;
  change = run (station, (GchRequest) {
                  .action = gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED
                            ? GCH_ACTION_NO_SHOW : GCH_ACTION_FINISH_SERVICE,
                  .guichet = number });
}

static const char *
refusal_of (GchStation *station,
            const char *kind)
{
  g_autoptr(GPtrArray) conflicts = gch_store_list_conflicts (gch_station_get_store (station), NULL);
  static char message[512];

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      GchConflict *conflict = g_ptr_array_index (conflicts, i);

      if (g_str_equal (conflict->kind, kind))
        {
          g_strlcpy (message, conflict->message ? conflict->message : "", sizeof message);
          return message;
        }
    }
  return NULL;
}

/* The supervisor's changes of the hall: an agent's are refused by the
 * server and the station ends as the server has it; a supervisor's reach
 * the other station, thresholds, services and seats alike.
 */
static void
test_hall_operations (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const services[] = { "titres", "info", NULL };
  g_autofree char *supervisor = NULL;
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  GchChange *changes[3];

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_true (sync_station (f, f->b, &report, &error));
  free_guichet (f->a, 2);
  free_guichet (f->a, 3);

  /* An agent: each refused, with the sentence, and the station takes back
   * the server's records.
   */
  changes[0] = run (f->a, (GchRequest) { .action = GCH_ACTION_SET_THRESHOLDS, .service = "permis",
                                         .max_wait_minutes = 20, .max_waiting_per_guichet = 3 });
  changes[1] = run (f->a, (GchRequest) { .action = GCH_ACTION_SET_GUICHET_SERVICES,
                                         .target_guichet = 2, .services = (const char **) services });
  changes[2] = run (f->a, (GchRequest) { .action = GCH_ACTION_SEAT_AGENT, .target_guichet = 3,
                                         .agent = "k.benali" });
  for (guint i = 0; i < 3; i++)
    g_object_unref (changes[i]);
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 3);
  g_assert_cmpstr (refusal_of (f->a, "thresholds"), ==,
                   "Only a supervisor can change a service’s thresholds.");
  g_assert_cmpstr (refusal_of (f->a, "guichet-services"), ==,
                   "Only a supervisor can change the services a guichet handles.");
  g_assert_cmpstr (refusal_of (f->a, "seat"), ==, "Only a supervisor can seat an agent at a guichet.");
  g_assert_cmpuint (gch_service_get_max_wait_minutes (gch_day_find_service (gch_station_get_day (f->a),
                                                                            "permis")), ==, 60);
  g_assert_true (g_strv_equal (gch_guichet_get_services (gch_day_find_guichet (gch_station_get_day (f->a), 2)),
                               (const char *[]) { "titres", NULL }));
  g_assert_cmpstr (gch_guichet_get_agent_id (gch_day_find_guichet (gch_station_get_day (f->a), 3)), ==,
                   "s.nguyen");
  g_assert_cmpstr (gch_guichet_get_agent_id (gch_day_find_guichet (gch_station_get_day (f->a), 2)), ==,
                   "k.benali");

  /* A supervisor, at the same station. */
  gch_test_server_add_agent (f->server, "s.durand", "Sophie Durand", "supervisor", PASSWORD);
  supervisor = gch_test_server_login (f->server, "s.durand", PASSWORD);
  g_free (f->token);
  f->token = g_strdup (supervisor);
  changes[0] = run (f->a, (GchRequest) { .action = GCH_ACTION_SET_THRESHOLDS, .service = "permis",
                                         .max_wait_minutes = 20, .max_waiting_per_guichet = 3 });
  changes[1] = run (f->a, (GchRequest) { .action = GCH_ACTION_SET_GUICHET_SERVICES,
                                         .target_guichet = 2, .services = (const char **) services });
  changes[2] = run (f->a, (GchRequest) { .action = GCH_ACTION_SEAT_AGENT, .target_guichet = 3,
                                         .agent = "k.benali" });
  for (guint i = 0; i < 3; i++)
    g_object_unref (changes[i]);
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 3);
  g_assert_cmpuint (report.refused, ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  {
    GchDay *day = gch_station_get_day (f->b);
    guint service_events = 0;

    g_assert_cmpuint (gch_service_get_max_wait_minutes (gch_day_find_service (day, "permis")), ==, 20);
    g_assert_cmpuint (gch_service_get_max_waiting_per_guichet (gch_day_find_service (day, "permis")),
                      ==, 3);
    g_assert_true (g_strv_equal (gch_guichet_get_services (gch_day_find_guichet (day, 2)), services));
    g_assert_cmpstr (gch_guichet_get_agent_id (gch_day_find_guichet (day, 3)), ==, "k.benali");
    g_assert_null (gch_guichet_get_agent_id (gch_day_find_guichet (day, 2)));
    for (guint i = 0; i < day->events->len; i++)
      if (g_str_equal (gch_event_get_record_kind (g_ptr_array_index (day->events, i)), "service"))
        {
          g_assert_cmpstr (gch_event_get_from_state (g_ptr_array_index (day->events, i)), ==, "60/10");
          g_assert_cmpstr (gch_event_get_to_state (g_ptr_array_index (day->events, i)), ==, "20/3");
          service_events++;
        }
    g_assert_cmpuint (service_events, ==, 1);
  }
  g_assert_true (sync_station (f, f->a, &report, &error));
  assert_same_hall (f->a, f->b);
}

/* An agent opens, pauses and closes the guichet where they sit, or one
 * where nobody sits; another agent's, only a supervisor.
 */
static void
test_guichet_state_by_whom (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *supervisor = NULL;
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  GchChange *change;

  g_assert_true (sync_station (f, f->a, &report, &error));
  free_guichet (f->a, 2);
  free_guichet (f->a, 3);
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_cmpuint (report.refused, ==, 0);

  /* c.martin's own, guichet 1: yes. */
  change = run (f->a, (GchRequest) { .action = GCH_ACTION_PAUSE_GUICHET, .guichet = 1 });
  g_object_unref (change);
  /* k.benali's, guichet 2: no, and the station shows it open again. */
  change = run (f->a, (GchRequest) { .action = GCH_ACTION_PAUSE_GUICHET, .guichet = 2 });
  g_object_unref (change);
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpstr (refusal_of (f->a, "pause-guichet"), ==,
                   "Only a supervisor can open, pause or close another agent’s guichet.");
  g_assert_cmpint (gch_guichet_get_state (gch_day_find_guichet (gch_station_get_day (f->a), 1)), ==,
                   GCH_GUICHET_STATE_PAUSED);
  g_assert_cmpint (gch_guichet_get_state (gch_day_find_guichet (gch_station_get_day (f->a), 2)), ==,
                   GCH_GUICHET_STATE_OPEN);

  /* A supervisor leaves guichet 3 without an agent: then anyone may close it. */
  gch_test_server_add_agent (f->server, "s.durand", "Sophie Durand", "supervisor", PASSWORD);
  supervisor = gch_test_server_login (f->server, "s.durand", PASSWORD);
  {
    g_autofree char *agent = g_steal_pointer (&f->token);

    f->token = g_strdup (supervisor);
    change = run (f->a, (GchRequest) { .action = GCH_ACTION_SEAT_AGENT, .target_guichet = 3 });
    g_object_unref (change);
    change = run (f->a, (GchRequest) { .action = GCH_ACTION_PAUSE_GUICHET, .guichet = 2 });
    g_object_unref (change);
    g_assert_true (sync_station (f, f->a, &report, &error));
    g_assert_cmpuint (report.refused, ==, 0);
    g_free (f->token);
    f->token = g_steal_pointer (&agent);
  }
  change = run (f->a, (GchRequest) { .action = GCH_ACTION_CLOSE_GUICHET, .guichet = 3 });
  g_object_unref (change);
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_cmpuint (report.refused, ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_cmpint (gch_guichet_get_state (gch_day_find_guichet (gch_station_get_day (f->b), 2)), ==,
                   GCH_GUICHET_STATE_PAUSED);
  g_assert_cmpint (gch_guichet_get_state (gch_day_find_guichet (gch_station_get_day (f->b), 3)), ==,
                   GCH_GUICHET_STATE_CLOSED);
}

/* A supervisor puts the site in affluence: the stations learn it with
 * the feed, as an event of the day; a second supervisor who saw the old
 * mode is told, and nothing changes.
 */
static void
test_mode_reaches_stations (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GchTestResponse) changed = NULL;
  g_autoptr(GchTestResponse) stale = NULL;
  g_autofree char *supervisor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GchDay) day = NULL;
  GchSyncReport report;
  guint mode_events = 0;

  gch_test_server_add_agent (f->server, "s.durand", "Sophie Durand", "supervisor", PASSWORD);
  supervisor = gch_test_server_login (f->server, "s.durand", PASSWORD);

  changed = gch_test_server_request (f->server, "PUT", "/api/v1/site/mode", supervisor,
                                     "{\"mode\": \"affluence\", \"from\": \"normal\"}");
  g_assert_cmpuint (changed->status, ==, 200);

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_site_get_mode (gch_station_get_day (f->a)->site), ==, GCH_SITE_MODE_AFFLUENCE);

  /* The event is of the day it happened: today, by the server's clock. */
  tz = g_time_zone_new_identifier ("Europe/Paris");
  today = gch_day_date_of (tz, g_get_real_time () / G_USEC_PER_SEC);
  day = gch_store_load_day (gch_station_get_store (f->a), today, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);

      if (g_str_equal (gch_event_get_record_kind (event), "site"))
        {
          g_assert_cmpstr (gch_event_get_from_state (event), ==, "normal");
          g_assert_cmpstr (gch_event_get_to_state (event), ==, "affluence");
          g_assert_cmpstr (gch_event_get_actor (event), ==, "s.durand");
          mode_events++;
        }
    }
  g_assert_cmpuint (mode_events, ==, 1);

  stale = gch_test_server_request (f->server, "PUT", "/api/v1/site/mode", supervisor,
                                   "{\"mode\": \"crise\", \"from\": \"normal\"}");
  gch_test_response_assert_error (stale, 409, "conflict");
  g_assert_nonnull (strstr (gch_test_response_get_string (stale, "message"), "affluence"));
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_cmpint (gch_site_get_mode (gch_station_get_day (f->a)->site), ==, GCH_SITE_MODE_AFFLUENCE);
}

typedef struct
{
  GchSync     *sync;
  GchSiteMode  mode;
  GError      *error;
  gboolean     ok;
} ModeChange;

static gpointer
set_mode_thread (gpointer data)
{
  ModeChange *change = data;

  change->ok = gch_sync_set_mode (change->sync, change->mode, GCH_SITE_MODE_NORMAL, NULL,
                                  &change->error);
  return NULL;
}

static GchSiteMode
mode_of (GchStation *station)
{
  return gch_site_get_mode (gch_station_get_day (station)->site);
}

/* Two supervisors, each at a station, change the mode at the same time
 * from the normal mode they both saw: one wins; the other is told who
 * did, and every station ends in the winner's mode. An agent may not.
 */
static void
test_set_mode (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GchSync) sync_a = NULL;
  g_autoptr(GchSync) sync_b = NULL;
  g_autoptr(GchSync) agent = NULL;
  g_autoptr(GchSync) nowhere = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) day = NULL;
  ModeChange changes[2];
  GThread *threads[2];
  GchSyncReport report;
  ModeChange *winner, *loser;
  gint64 start;

  gch_test_server_add_agent (f->server, "s.durand", "Sophie Durand", "supervisor", PASSWORD);
  gch_test_server_add_agent (f->server, "f.roux", "François Roux", "supervisor", PASSWORD);
  first = gch_test_server_login (f->server, "s.durand", PASSWORD);
  second = gch_test_server_login (f->server, "f.roux", PASSWORD);
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_cmpint (mode_of (f->a), ==, GCH_SITE_MODE_NORMAL);

  /* An agent: refused, nothing changes. */
  agent = gch_sync_new (gch_station_get_store (f->a), f->url, f->token);
  g_assert_false (gch_sync_set_mode (agent, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_NORMAL, NULL, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Only a supervisor can change the site’s mode.");
  g_clear_error (&error);

  sync_a = gch_sync_new (gch_station_get_store (f->a), f->url, first);
  sync_b = gch_sync_new (gch_station_get_store (f->b), f->url, second);
  changes[0] = (ModeChange) { sync_a, GCH_SITE_MODE_AFFLUENCE, NULL, FALSE };
  changes[1] = (ModeChange) { sync_b, GCH_SITE_MODE_CRISE, NULL, FALSE };
  start = g_get_monotonic_time ();
  threads[0] = g_thread_new ("supervisor-a", set_mode_thread, &changes[0]);
  threads[1] = g_thread_new ("supervisor-b", set_mode_thread, &changes[1]);
  g_thread_join (threads[0]);
  g_thread_join (threads[1]);
  g_test_message ("Both supervisors had their answer after %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  g_assert_true (changes[0].ok != changes[1].ok);
  winner = changes[0].ok ? &changes[0] : &changes[1];
  loser = changes[0].ok ? &changes[1] : &changes[0];
  g_test_message ("%s won: %s", gch_enum_to_nick (GCH_TYPE_SITE_MODE, winner->mode),
                  loser->error->message);
  g_assert_no_error (winner->error);
  g_assert_error (loser->error, GCH_ERROR, GCH_ERROR_CONFLICT);
  /* The server's sentence names the mode the site is in now. */
  g_assert_nonnull (strstr (loser->error->message,
                            gch_enum_to_nick (GCH_TYPE_SITE_MODE, winner->mode)));
  g_clear_error (&loser->error);

  /* The winner's station has it at once, before any round. */
  day = gch_store_load_day (gch_station_get_store (winner == &changes[0] ? f->a : f->b), DATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gch_site_get_mode (day->site), ==, winner->mode);

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mode_of (f->a), ==, winner->mode);
  g_assert_cmpint (mode_of (f->b), ==, winner->mode);

  /* The server away: unreachable, and nothing changes here. */
  gch_test_server_stop (f->server);
  nowhere = gch_sync_new (gch_station_get_store (f->a), f->url, first);
  g_assert_false (gch_sync_set_mode (nowhere, GCH_SITE_MODE_NORMAL, winner->mode, NULL, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_UNREACHABLE);
  g_clear_pointer (&day, gch_day_free);
  day = gch_store_load_day (gch_station_get_store (f->a), DATE, NULL);
  g_assert_cmpint (gch_site_get_mode (day->site), ==, winner->mode);
}

/* Ticket blocks */

static guint
count_blocks (GchStation *station)
{
  g_autoptr(GPtrArray) blocks = gch_store_dup_ticket_blocks (gch_station_get_store (station), DATE);

  return blocks->len;
}

/* A station keeps numbers ahead for every service, and asks for more only
 * when it runs low.
 */
static void
test_blocks_top_up (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (f->a), f->url, f->token);
  g_autoptr(GError) error = NULL;
  GchStore *store = gch_station_get_store (f->a);
  GchDay *day = gch_station_get_day (f->a);
  guint blocks;

  g_assert_cmpuint (count_blocks (f->a), ==, 0);
  g_assert_true (gch_sync_reserve_tickets (sync, DATE, NULL, &error));
  g_assert_no_error (error);

  blocks = count_blocks (f->a);
  g_assert_cmpuint (blocks, ==, day->services->len);
  for (guint i = 0; i < day->services->len; i++)
    g_assert_cmpint (gch_store_count_free_tickets (store, DATE,
                                                   gch_service_get_code (g_ptr_array_index (day->services, i)),
                                                   NULL), >=, 20);

  /* 31 tickets leave 19 numbers of the block of 50: the next round tops it up. */
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(GchChange) issued = run (f->a, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET,
                                                              .service = "info" });
    }
  g_assert_true (gch_sync_reserve_tickets (sync, DATE, NULL, &error));
  g_assert_cmpuint (count_blocks (f->a), ==, blocks);
  {
    g_autoptr(GchChange) issued = run (f->a, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET,
                                                            .service = "info" });
  }
  g_assert_cmpint (gch_store_count_free_tickets (store, DATE, "info", NULL), ==, 19);
  g_assert_true (gch_sync_reserve_tickets (sync, DATE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_blocks (f->a), ==, blocks + 1);
  g_assert_cmpint (gch_store_count_free_tickets (store, DATE, "info", NULL), ==, 69);
}

/* Two stations issue walk-ins from their blocks, one of them offline the
 * while: no number is given twice, the server takes every ticket, and the
 * stations end showing the same hall. The offline one called its own
 * ticket meanwhile, and that call holds too.
 */
static void
test_blocks_offline_no_collision (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GchSync) sync_a = gch_sync_new (gch_station_get_store (f->a), f->url, f->token);
  g_autoptr(GchSync) sync_b = gch_sync_new (gch_station_get_store (f->b), f->url, f->token);
  g_autoptr(GHashTable) given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) finish = NULL;
  g_autoptr(GchChange) call = NULL;
  g_autofree char *mine = NULL;
  static const char *services[] = { "titres", "info", "info" };
  GchSyncReport report;

  g_assert_true (gch_sync_reserve_tickets (sync_a, DATE, NULL, &error));
  g_assert_true (gch_sync_reserve_tickets (sync_b, DATE, NULL, &error));
  g_assert_no_error (error);

  /* A loses the server; both go on issuing tickets. */
  gch_station_set_online (f->a, FALSE);
  for (guint i = 0; i < 45; i++)
    {
      const char *service = services[i % G_N_ELEMENTS (services)];
      g_autoptr(GchChange) on_a = run (f->a, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = service });
      g_autoptr(GchChange) on_b = run (f->b, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = service });
      const char *ticket_a = gch_queue_entry_get_ticket (gch_change_get_entry (on_a));
      const char *ticket_b = gch_queue_entry_get_ticket (gch_change_get_entry (on_b));

      g_assert_true (g_hash_table_add (given, g_strdup (ticket_a)));
      g_assert_true (g_hash_table_add (given, g_strdup (ticket_b)));
      if (mine == NULL && g_str_equal (service, "titres"))
        mine = g_strdup (ticket_a);

      /* B syncs as it goes, and keeps its numbers ahead. */
      if (i % 10 == 9)
        {
          g_assert_true (sync_station (f, f->b, &report, &error));
          g_assert_true (gch_sync_reserve_tickets (sync_b, DATE, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (report.refused, ==, 0);
        }
    }

  /* Offline, A calls the first ticket it issued. */
  finish = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 });
  call = run (f->a, (GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = mine,
                                   .reason = "rendez-vous manqué" });

  /* A is back: everything it did goes up, nothing refused. */
  gch_station_set_online (f->a, TRUE);
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 47);
  g_assert_cmpuint (report.refused, ==, 0);
  g_assert_cmpint (gch_store_count_conflicts (gch_station_get_store (f->a)), ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_store_count_conflicts (gch_station_get_store (f->b)), ==, 0);
  g_assert_cmpint (gch_queue_entry_get_state (gch_station_find_ticket (f->b, mine)), ==,
                   GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_guichet (gch_station_find_ticket (f->b, mine)), ==, 1);

  g_assert_true (sync_station (f, f->a, &report, &error));
  assert_same_hall (f->a, f->b);
  g_assert_cmpuint (g_hash_table_size (given), ==, 90);
}

/* Out of numbers online, a station reserves more and gives the ticket;
 * it refuses only when the server cannot give any, and offline it does
 * not even ask.
 */
typedef struct
{
  GchChange *change;
  GError    *error;
  GMainLoop *loop;
} Submitted;

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Submitted *submitted = user_data;

  submitted->change = gch_station_submit_finish (GCH_STATION (object), result, &submitted->error);
  g_main_loop_quit (submitted->loop);
}

static void
test_blocks_reserved_when_out (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (f->a), f->url, f->token);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GchChange) refused = NULL;
  g_autoptr(GError) error = NULL;
  GchStore *store = gch_station_get_store (f->a);
  GchRequest info = { .action = GCH_ACTION_ISSUE_TICKET, .service = "info" };
  Submitted submitted = { NULL, NULL, loop };
  guint blocks;

  gch_station_set_sync (f->a, sync);
  g_assert_true (gch_sync_reserve_tickets (sync, DATE, NULL, &error));
  g_assert_no_error (error);
  blocks = count_blocks (f->a);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GchChange) issued = run (f->a, info);
    }
  g_assert_cmpint (gch_store_count_free_tickets (store, DATE, "info", NULL), ==, 0);

  /* The 51st, through the app's path: a block is reserved in a worker,
   * then the ticket is given from it.
   */
  gch_station_submit (f->a, &info, NULL, submitted_cb, &submitted);
  g_main_loop_run (loop);
  g_assert_no_error (submitted.error);
  g_assert_nonnull (submitted.change);
  g_assert_cmpuint (count_blocks (f->a), ==, blocks + 1);
  g_assert_cmpint (gch_store_count_free_tickets (store, DATE, "info", NULL), ==, 49);
  g_clear_object (&submitted.change);

  /* The server goes away; the block is used up: no number, and it says why. */
  for (guint i = 0; i < 49; i++)
    {
      g_autoptr(GchChange) issued = run (f->a, info);
    }
  gch_test_server_stop (f->server);
  refused = gch_station_run (f->a, &info, &error);
  g_assert_null (refused);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NO_TICKETS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "no more could be reserved"));
  g_clear_error (&error);

  /* Offline, it does not try. */
  gch_station_set_online (f->a, FALSE);
  refused = gch_station_run (f->a, &info, &error);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NO_TICKETS);
  g_assert_true (g_str_has_prefix (error->message, "Offline:"));
  g_assert_cmpuint (count_blocks (f->a), ==, blocks + 1);
}

/* A server whose certificate this computer does not trust: the station
 * says so, sends nothing and keeps its outbox; trusting the site's
 * certificate, the same outbox goes up.
 */
/* Satisfaction: the person's rating after a finish goes up with the
 * station's outbox, reaches the other station, and counts in the site's
 * figures at the server; it is given once.
 */
static void
test_rating (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GchChange) finish = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE,
                                                          .guichet = 1 });
  g_autofree char *ticket = g_strdup (gch_queue_entry_get_ticket (gch_change_get_entry (finish)));
  g_autoptr(GchChange) rate = run (f->a, (GchRequest) { .action = GCH_ACTION_RATE_SERVICE,
                                                        .guichet = 1, .ticket = ticket,
                                                        .satisfaction = GCH_SATISFACTION_SATISFIED });
  g_autoptr(GchChange) again = NULL;
  g_autoptr(GchTestResponse) response = NULL;
  g_autofree char *supervisor = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  JsonObject *total;

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.refused, ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_queue_entry_get_satisfaction (gch_station_find_ticket (f->b, ticket)), ==,
                   GCH_SATISFACTION_SATISFIED);

  /* Once: the other station cannot rate the same service again. */
  again = gch_station_run (f->b, &(GchRequest) { .action = GCH_ACTION_RATE_SERVICE, .guichet = 1,
                                                 .ticket = ticket,
                                                 .satisfaction = GCH_SATISFACTION_VERY_DISSATISFIED },
                           &error);
  g_assert_null (again);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "rated already"));
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->b)), ==, 0);

  gch_test_server_add_agent (f->server, "s.durand", "Sophie Durand", "supervisor", PASSWORD);
  supervisor = gch_test_server_login (f->server, "s.durand", PASSWORD);
  path = g_strdup_printf ("/api/v1/figures?from=%s&to=%s", DATE, DATE);
  response = gch_test_server_request (f->server, "GET", path, supervisor, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  total = json_object_get_object_member (json_node_get_object (response->json), "total");
  g_assert_cmpint (json_object_get_int_member (total, "rated-satisfied"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (total, "rated-not-satisfied"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (total, "satisfaction-rate"), ==, 1.0);
  assert_same_hall (f->a, f->b);
}

/* Call-backs: taken at one station in affluence, tried there, reach the
 * other through the server with their number and attempts; an outcome at
 * the other comes back.
 */
static void
test_callbacks (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) taken = NULL;
  g_autoptr(GchChange) tried = NULL;
  g_autoptr(GchChange) reached = NULL;
  g_autofree char *id = NULL;
  GchSyncReport report;
  GchCallback *seen;

  gch_site_set_mode (gch_station_get_day (f->a)->site, GCH_SITE_MODE_AFFLUENCE);
  taken = run (f->a, (GchRequest) { .action = GCH_ACTION_TAKE_CALLBACK, .service = "titres",
                                    .phone = "06.12.34.56.78", .notes = "M. Petit",
                                    .agent = AGENT });
  id = g_strdup (gch_callback_get_id (g_ptr_array_index (gch_change_get_created (taken), 0)));
  tried = run (f->a, (GchRequest) { .action = GCH_ACTION_CALLBACK_OUTCOME, .callback = id,
                                    .outcome = "no-answer" });

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.refused, ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  seen = gch_day_find_callback (gch_station_get_day (f->b), id);
  g_assert_nonnull (seen);
  g_assert_cmpstr (gch_callback_get_phone (seen), ==, "06 12 34 56 78");
  g_assert_cmpstr (gch_callback_get_name (seen), ==, "M. Petit");
  g_assert_cmpstr (gch_service_get_code (gch_callback_get_service (seen)), ==, "titres");
  g_assert_cmpint (gch_callback_get_status (seen), ==, GCH_CALLBACK_STATUS_NO_ANSWER);
  g_assert_cmpuint (gch_callback_get_attempts (seen), ==, 1);

  reached = run (f->b, (GchRequest) { .action = GCH_ACTION_CALLBACK_OUTCOME, .callback = id,
                                      .outcome = "called-back" });
  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  seen = gch_day_find_callback (gch_station_get_day (f->a), id);
  g_assert_cmpint (gch_callback_get_status (seen), ==, GCH_CALLBACK_STATUS_CALLED_BACK);
  g_assert_cmpuint (gch_callback_get_attempts (seen), ==, 2);
  g_assert_cmpuint (gch_station_get_day (f->a)->callbacks->len, ==, 1);
}

static gboolean
has_entry (GchStation *station,
           const char *id)
{
  GPtrArray *entries = gch_station_get_day (station)->entries;

  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (gch_queue_entry_get_id (g_ptr_array_index (entries, i)), id))
      return TRUE;
  return FALSE;
}

/* An operation the server cannot read, such as one of a record kind it
 * does not know (a newer station's), is answered without a uuid: nothing
 * settles it. The push stops instead of sending it again forever, says so,
 * and keeps it for the next sync; what the server did take is settled, and
 * the feed still comes down.
 */
static void
test_unsettled_batch (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GchChange) issued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (gch_store_get_path (gch_station_get_store (f->a)));
  GchSyncReport report;
  sqlite3 *db = NULL;

  issued = run (f->a, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = "permis" });
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO outbox (uuid, kind, record_kind, record_id,"
                                     " base_version, at, actor, payload) VALUES"
                                     " ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'launch',"
                                     " 'spaceship', 'x', 0, 1773136800, 'a', '{}')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->a)), ==, 2);

  for (guint round = 1; round <= 2; round++)
    {
      g_autoptr(GchChange) elsewhere = NULL;

      /* The stuck operation does not keep the station from the others' news. */
      elsewhere = run (f->b, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = "titres" });
      g_assert_true (sync_station (f, f->b, &report, &error));
      g_assert_no_error (error);

      g_assert_false (sync_station (f, f->a, &report, &error));
      g_assert_error (error, GCH_ERROR, GCH_ERROR_REFUSED);
      g_assert_cmpstr (error->message, ==,
                       "The server did not take the operation waiting to be sent, and did not "
                       "say why. It stays on this station and goes again at the next sync; if "
                       "this lasts, tell your administrator.");
      g_clear_error (&error);
      /* The ticket went up the first time; the unreadable one waits. */
      g_assert_cmpuint (report.pushed, ==, round == 1 ? 1 : 0);
      g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->a)), ==, 1);
      g_assert_true (has_entry (f->a, gch_queue_entry_get_id (gch_change_get_entry (elsewhere))));
    }
  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_true (has_entry (f->b, gch_queue_entry_get_id (gch_change_get_entry (issued))));
}

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
  g_test_add ("/sync/join", Fixture, NULL, fixture_set_up, test_join, fixture_tear_down);
  g_test_add ("/sync/unsettled-batch", Fixture, NULL, fixture_set_up, test_unsettled_batch,
              fixture_tear_down);
  g_test_add ("/sync/cursor-too-old", Fixture, NULL, fixture_set_up,
              test_cursor_too_old, fixture_tear_down);
  g_test_add ("/sync/server-replaced", Fixture, NULL, fixture_set_up,
              test_server_replaced, fixture_tear_down);
  g_test_add ("/sync/offline-tickets-until-sent", Fixture, NULL, fixture_set_up,
              test_offline_tickets_until_sent, fixture_tear_down);
  g_test_add ("/sync/supervisor-only", Fixture, NULL, fixture_set_up,
              test_supervisor_only, fixture_tear_down);
  g_test_add ("/sync/hall-operations", Fixture, NULL, fixture_set_up,
              test_hall_operations, fixture_tear_down);
  g_test_add ("/sync/guichet-state-by-whom", Fixture, NULL, fixture_set_up,
              test_guichet_state_by_whom, fixture_tear_down);
  g_test_add ("/sync/set-mode", Fixture, NULL, fixture_set_up, test_set_mode, fixture_tear_down);
  g_test_add ("/sync/mode-reaches-stations", Fixture, NULL, fixture_set_up,
              test_mode_reaches_stations, fixture_tear_down);
  g_test_add ("/sync/ticket-blocks/top-up", Fixture, NULL, fixture_set_up,
              test_blocks_top_up, fixture_tear_down);
  g_test_add ("/sync/ticket-blocks/offline-no-collision", Fixture, NULL, fixture_set_up,
              test_blocks_offline_no_collision, fixture_tear_down);
  g_test_add ("/sync/ticket-blocks/reserved-when-out", Fixture, NULL, fixture_set_up,
              test_blocks_reserved_when_out, fixture_tear_down);
  g_test_add ("/sync/rating", Fixture, NULL, fixture_set_up, test_rating, fixture_tear_down);
  g_test_add ("/sync/callbacks", Fixture, NULL, fixture_set_up, test_callbacks, fixture_tear_down);
  g_test_add_func ("/sync/untrusted-certificate", test_untrusted_certificate);

  return g_test_run ();
}
