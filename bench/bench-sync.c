/* bench-sync.c: pushing operations to the server and pulling its feed
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

#include <sqlite3.h>
#include <stdio.h>

#include "gch-test-server.h"
#include "gch-test-day.h"

/* The real guichet-server on 127.0.0.1 with the demo day. Station A saves
 * PUSHED operations (an agent's notes on the people waiting, each one
 * entry record and one event), and sends them: timed next to as many
 * single-row durable transactions in a SQLite file of the same folder, the
 * least each applied operation costs the server. A then saves and sends
 * enough more for the feed to hold PULLED changes, and a new station B
 * pulls them all: timed next to the sqlite3 shell inserting the same
 * records in one transaction.
 *
 *   bench-sync [PUSHED [PULLED]]     default 10000 50000
 *
 * GUICHET_SERVER names the server to run (meson sets it).
 */

#define DATE "2026-03-10"
#define AGENT "c.martin"
#define PASSWORD "agent-password-1"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Notes on the people waiting, in turn: each a real action, saved in its
 * own transaction with its outbox operation.
 */
static void
write_notes (GchStation *station,
             guint       count,
             guint      *serial)
{
  g_autoptr(GPtrArray) waiting = gch_day_waiting_for_guichet (gch_station_get_day (station), 1);

  g_assert_cmpuint (waiting->len, >, 0);
  for (guint i = 0; i < count; i++, (*serial)++)
    {
      GchQueueEntry *entry = g_ptr_array_index (waiting, *serial % waiting->len);
      g_autofree char *notes = g_strdup_printf ("Pièce manquante n° %u", *serial);
      g_autoptr(GError) error = NULL;
      g_autoptr(GchChange) change = NULL;

      change = gch_station_run (station, &(GchRequest) {
                                  .action = GCH_ACTION_SET_NOTES,
                                  .guichet = 1,
                                  .ticket = gch_queue_entry_get_ticket (entry),
                                  .notes = notes,
                                }, &error);
      g_assert_no_error (error);
    }
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The floor of a durable write: @count transactions of one row each, in
 * WAL with synchronous=FULL, as the server's store writes.
 */
static double
durable_transactions (const char *dir,
                      guint       count)
{
  g_autofree char *path = g_build_filename (dir, "floor.sqlite", NULL);
  sqlite3_stmt *stmt;
  sqlite3 *db;
  gint64 start;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE applied (uuid TEXT PRIMARY KEY, status TEXT, at INTEGER)");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO applied VALUES (?, 'applied', ?)", -1,
                                       &stmt, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      exec_ok (db, "BEGIN IMMEDIATE");
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, i);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
      exec_ok (db, "COMMIT");
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return seconds_since (start);
}

/* The floor of a pull: the sqlite3 shell inserting the feed's records as
 * they came, in one transaction, from a file already written.
 */
static double
shell_bulk_insert (const char *dir,
                   const char *url,
                   const char *token,
                   guint      *rows)
{
  g_autofree char *sql_path = g_build_filename (dir, "feed.sql", NULL);
  g_autofree char *db_path = g_build_filename (dir, "bulk.sqlite", NULL);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GString) sql = g_string_new ("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;\n"
                                         "CREATE TABLE change (seq INTEGER PRIMARY KEY, day TEXT,"
                                         " kind TEXT, record TEXT);\nBEGIN;\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *shell = g_find_program_in_path ("sqlite3");
  g_autofree char *read = g_strdup_printf (".read '%s'", sql_path);
  g_autoptr(GSubprocess) process = NULL;
  gboolean more = TRUE;
  gint64 after = 0, start;

  g_assert_nonnull (shell);
  *rows = 0;
  while (more)
    {
      g_autofree char *address = g_strdup_printf ("%s/api/v1/changes?after=%" G_GINT64_FORMAT
                                                   "&limit=2000", url, after);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", address);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) page = NULL;
      JsonArray *changes;
      gsize length;
      const char *data;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (body, &length);
      page = gch_codec_parse (data, length, &error);
      g_assert_no_error (error);

      changes = json_object_get_array_member (json_node_get_object (page), "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);
          g_autofree char *record = gch_codec_to_string (json_object_get_member (change, "record"));
          char *line = sqlite3_mprintf ("INSERT INTO change VALUES (%lld, %Q, %Q, %Q);\n",
                                        (long long) json_object_get_int_member (change, "seq"),
                                        json_object_get_string_member (change, "day"),
                                        json_object_get_string_member (change, "record-kind"),
                                        record);

          g_string_append (sql, line);
          sqlite3_free (line);
          (*rows)++;
        }
      after = json_object_get_int_member (json_node_get_object (page), "cursor");
      more = json_object_get_boolean_member (json_node_get_object (page), "more");
    }
  g_string_append (sql, "COMMIT;\n");
  g_file_set_contents (sql_path, sql->str, sql->len, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, shell, db_path, read, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  return seconds_since (start);
}

int
main (int   argc,
      char *argv[])
{
  guint pushed_count = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  guint pulled_count = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 50000;
  g_autoptr(GchTestServer) server = gch_test_server_new ();
  g_autoptr(GchStation) a = NULL;
  g_autoptr(GchStation) b = NULL;
  g_autoptr(GchSync) sync_a = NULL;
  g_autoptr(GchSync) sync_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  GchSyncReport report;
  double push_seconds, floor_push, pull_seconds, floor_pull;
  guint serial = 0, rows;
  gint64 start;

  gch_test_server_load_demo (server, DATE);
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (server, NULL);
  token = gch_test_server_login (server, AGENT, PASSWORD);
  a = gch_test_new_demo_station (gch_test_server_get_dir (server), "a.sqlite", DATE);
  sync_a = gch_sync_new (gch_station_get_store (a), gch_test_server_get_url (server), token);

  write_notes (a, pushed_count, &serial);
  start = g_get_monotonic_time ();
  g_assert_true (gch_sync_push (sync_a, &report, NULL, &error));
  push_seconds = seconds_since (start);
  g_assert_cmpuint (report.pushed, ==, pushed_count);
  floor_push = durable_transactions (gch_test_server_get_dir (server), pushed_count);

  /* Each operation is two changes in the feed: the entry and its event. */
  if (pulled_count / 2 > pushed_count)
    {
      write_notes (a, pulled_count / 2 - pushed_count, &serial);
      g_assert_true (gch_sync_push (sync_a, &report, NULL, &error));
    }

  b = gch_test_new_demo_station (gch_test_server_get_dir (server), "b.sqlite", DATE);
  sync_b = gch_sync_new (gch_station_get_store (b), gch_test_server_get_url (server), token);
  start = g_get_monotonic_time ();
  g_assert_true (gch_sync_run (sync_b, &report, NULL, &error));
  pull_seconds = seconds_since (start);
  g_assert_no_error (error);

  floor_pull = shell_bulk_insert (gch_test_server_get_dir (server),
                                  gch_test_server_get_url (server), token, &rows);
  g_assert_cmpuint (rows, ==, report.pulled);

  printf ("push %u operations: %.2f s (%.0f /s); %u durable one-row transactions: %.2f s; "
          "ratio %.2f\n",
          pushed_count, push_seconds, pushed_count / push_seconds, pushed_count, floor_push,
          push_seconds / floor_push);
  printf ("pull %u changes: %.2f s (%.0f /s); sqlite3 shell bulk insert of the same: %.2f s; "
          "ratio %.2f\n",
          report.pulled, pull_seconds, report.pulled / pull_seconds, floor_pull,
          pull_seconds / floor_pull);

  return 0;
}
