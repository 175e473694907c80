/* test-privacy.c: personal data of the registers stays off the stations that may not read it
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

#include "gch-test-day.h"
#include "gch-test-server.h"

/* The real guichet-server on 127.0.0.1 and three stations of the demo
 * day: the reception agent's, who takes a call-back and logs a help
 * session with its signature; another agent's; a supervisor's. What
 * reaches each station's disk is read from the bytes of its real SQLite
 * files (DESIGN.md §7): a call-back's phone number and a signature's
 * strokes only where the login may read them, by the feed and by the
 * day's snapshot alike. Who took a call-back is the login's agent, not
 * what a station says.
 */

#define DATE "2026-03-10"
#define AGENT "c.martin"
#define OTHER "r.petit"
#define SUPERVISOR "s.durand"
#define PASSWORD "agent-password-1"

#define PHONE "06 12 34 56 78"
#define PHONE_DIGITS "0612345678"
#define STROKES "[[[111,222],[333,344],[355,366]]]"
#define STROKES_PART "[[111,222]"

typedef struct
{
  GchTestServer *server;
  char          *url;
  char          *agent_token;
  char          *other_token;
  char          *supervisor_token;
  GchStation    *a;      /* the reception agent's */
  GchStation    *b;      /* another agent's */
  GchStation    *c;      /* the supervisor's */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = gch_test_server_new ();
  gch_test_server_load_demo (f->server, DATE);
  gch_test_server_add_agent (f->server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_add_agent (f->server, OTHER, "Rémi Petit", "agent", PASSWORD);
  gch_test_server_add_agent (f->server, SUPERVISOR, "Sophie Durand", "supervisor", PASSWORD);
  gch_test_server_start (f->server, NULL);
  f->url = g_strdup (gch_test_server_get_url (f->server));
  f->agent_token = gch_test_server_login (f->server, AGENT, PASSWORD);
  f->other_token = gch_test_server_login (f->server, OTHER, PASSWORD);
  f->supervisor_token = gch_test_server_login (f->server, SUPERVISOR, PASSWORD);
  f->a = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "a.sqlite", DATE);
  f->b = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "b.sqlite", DATE);
  f->c = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "c.sqlite", DATE);
  gch_station_set_actor (f->a, AGENT);
  gch_station_set_actor (f->b, OTHER);
  gch_station_set_actor (f->c, SUPERVISOR);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_clear_object (&f->c);
  g_clear_pointer (&f->agent_token, g_free);
  g_clear_pointer (&f->other_token, g_free);
  g_clear_pointer (&f->supervisor_token, g_free);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->server, gch_test_server_free);
}

static gboolean
sync_store (Fixture        *f,
            GchStore       *store,
            const char     *token,
            GchSyncReport  *report,
            GError        **error)
{
  g_autoptr(GchSync) sync = gch_sync_new (store, f->url, token);

  gch_sync_set_date (sync, DATE);
  return gch_sync_run (sync, report, NULL, error);
}

static void
assert_synced (Fixture    *f,
               GchStation *station,
               const char *token)
{
  g_autoptr(GError) error = NULL;
  GchSyncReport report;

  g_assert_true (sync_store (f, gch_station_get_store (station), token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 0);
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

/* Everything the station keeps on disk: the database and its journal. */
static GString *
read_disk (const char *path)
{
  GString *bytes = g_string_new (NULL);
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      if (!g_file_test (file, G_FILE_TEST_EXISTS))
        continue;
      g_file_get_contents (file, &contents, &length, &error);
      g_assert_no_error (error);
      g_string_append_len (bytes, contents, length);
    }

  g_assert_cmpuint (bytes->len, >, 0);
  return bytes;
}

static gboolean
disk_holds (GString    *bytes,
            const char *text)
{
  gsize length = strlen (text);

  /* The file is binary: no string function that stops at a NUL. */
  for (gsize i = 0; i + length <= bytes->len; i++)
    if (memcmp (bytes->str + i, text, length) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_disk_private (const char *path,
                     gboolean    private_data_expected)
{
  g_autoptr(GString) bytes = read_disk (path);

  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes", path, bytes->len);
  g_assert_cmpint (disk_holds (bytes, PHONE) || disk_holds (bytes, PHONE_DIGITS), ==,
                   private_data_expected);
  g_assert_cmpint (disk_holds (bytes, STROKES_PART), ==, private_data_expected);
}

/* The reception agent takes a call-back and logs a help session signed on
 * the pad; both go up. Returns the call-back's id; @session_id the line's.
 */
static char *
take_and_log (Fixture  *f,
              char    **session_id)
{
  g_autoptr(GchChange) taken = NULL;
  g_autoptr(GchChange) logged = NULL;

  gch_site_set_mode (gch_station_get_day (f->a)->site, GCH_SITE_MODE_AFFLUENCE);
  taken = run (f->a, (GchRequest) { .action = GCH_ACTION_TAKE_CALLBACK, .service = "titres",
                                    .phone = "06.12.34.56.78", .notes = "M. Petit",
                                    .agent = AGENT });
  logged = run (f->a, (GchRequest) { .action = GCH_ACTION_LOG_HELP_SESSION,
                                     .person = "Jeanne Petit",
                                     .demarche = "Déclaration de revenus en ligne",
                                     .signature = STROKES });
  assert_synced (f, f->a, f->agent_token);

  *session_id = g_strdup (gch_change_get_record_id (logged));
  return g_strdup (gch_callback_get_id (g_ptr_array_index (gch_change_get_created (taken), 0)));
}

static GchCallback *
find_callback (GchStore   *store,
               const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) day = gch_store_load_day (store, DATE, &error);
  GchCallback *callback;

  g_assert_no_error (error);
  callback = gch_day_find_callback (day, id);
  return callback != NULL ? g_object_ref (callback) : NULL;
}

static void
assert_session (GchStore   *store,
                const char *id,
                gboolean    strokes_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = gch_store_load_help_sessions (store, DATE, &error);
  g_autofree char *strokes = NULL;
  GchHelpSession *session;

  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (session->id, ==, id);
  g_assert_cmpstr (session->name, ==, "Jeanne Petit");
  g_assert_true (session->drawn);

  strokes = gch_store_dup_signature (store, id, &error);
  if (strokes_expected)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (strokes, ==, STROKES);
    }
  else
    {
      g_assert_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND);
      g_assert_null (strokes);
    }
}

/* The feed: the other agent's station knows of the call-back and the
 * line, without the number and the strokes; the supervisor's has them.
 */
static void
test_feed (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *session = NULL;
  g_autofree char *id = take_and_log (f, &session);
  g_autofree char *b_path = g_strdup (gch_store_get_path (gch_station_get_store (f->b)));
  g_autofree char *c_path = g_strdup (gch_store_get_path (gch_station_get_store (f->c)));
  g_autoptr(GchCallback) at_b = NULL;
  g_autoptr(GchCallback) at_c = NULL;

  assert_synced (f, f->b, f->other_token);
  assert_synced (f, f->c, f->supervisor_token);

  at_b = find_callback (gch_station_get_store (f->b), id);
  g_assert_nonnull (at_b);
  g_assert_null (gch_callback_get_phone (at_b));
  g_assert_cmpstr (gch_callback_get_taken_by (at_b), ==, AGENT);
  g_assert_cmpint (gch_callback_get_status (at_b), ==, GCH_CALLBACK_STATUS_WAITING);
  assert_session (gch_station_get_store (f->b), session, FALSE);

  at_c = find_callback (gch_station_get_store (f->c), id);
  g_assert_nonnull (at_c);
  g_assert_cmpstr (gch_callback_get_phone (at_c), ==, PHONE);
  assert_session (gch_station_get_store (f->c), session, TRUE);

  /* The agent who took it keeps it, at a station synced again. */
  assert_synced (f, f->a, f->agent_token);
  {
    g_autoptr(GchCallback) at_a = find_callback (gch_station_get_store (f->a), id);

    g_assert_cmpstr (gch_callback_get_phone (at_a), ==, PHONE);
  }

  /* The bytes on disk, once the stations are closed. */
  g_clear_object (&f->b);
  g_clear_object (&f->c);
  assert_disk_private (b_path, FALSE);
  assert_disk_private (c_path, TRUE);
}

/* The day's snapshot: a station that joins from scratch gets the day's
 * call-backs and help sessions, with the same privacy as the feed.
 */
static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *session = NULL;
  g_autofree char *id = take_and_log (f, &session);
  const char *logins[] = { f->other_token, f->supervisor_token };
  const char *names[] = { "fresh-agent.sqlite", "fresh-supervisor.sqlite" };

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *path = g_build_filename (gch_test_server_get_dir (f->server), names[i],
                                                NULL);
      gboolean supervisor = logins[i] == f->supervisor_token;
      g_autoptr(GError) error = NULL;
      g_autoptr(GchStore) store = gch_store_open (path, &error);
      g_autoptr(GchCallback) callback = NULL;
      GchSyncReport report;

      g_assert_no_error (error);
      g_assert_false (gch_store_has_day (store, DATE));
      g_assert_true (sync_store (f, store, logins[i], &report, &error));
      g_assert_no_error (error);
      g_assert_true (report.resynced);

      callback = find_callback (store, id);
      g_assert_nonnull (callback);
      g_assert_cmpstr (gch_callback_get_name (callback), ==, "M. Petit");
      g_assert_cmpstr (gch_callback_get_taken_by (callback), ==, AGENT);
      g_assert_cmpstr (gch_callback_get_phone (callback), ==, supervisor ? PHONE : NULL);
      assert_session (store, session, supervisor);

      g_clear_object (&callback);
      g_clear_object (&store);
      assert_disk_private (path, supervisor);
    }
}

/* Who took a call-back is the login's agent: another name is refused,
 * with a sentence, and nothing is written at the server.
 */
static void
test_taken_by (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GchChange) claimed = NULL;
  g_autoptr(GchChange) own = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GchStore) server_store = NULL;
  g_autoptr(GchCallback) on_server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *claimed_id = NULL;
  g_autofree char *own_id = NULL;
  GchSyncReport report;

  gch_site_set_mode (gch_station_get_day (f->b)->site, GCH_SITE_MODE_AFFLUENCE);
  claimed = run (f->b, (GchRequest) { .action = GCH_ACTION_TAKE_CALLBACK, .service = "titres",
                                      .phone = "06 98 76 54 32", .agent = AGENT });
  claimed_id = g_strdup (gch_callback_get_id (g_ptr_array_index (gch_change_get_created (claimed),
                                                                  0)));
  g_assert_true (sync_store (f, gch_station_get_store (f->b), f->other_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpuint (report.refused, ==, 1);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->b), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((GchConflict *) g_ptr_array_index (conflicts, 0))->message, ==,
                   "This call-back says it was taken by “" AGENT "”, but it was sent with the "
                   "login of " OTHER ": a station records only its own agent’s call-backs.");

  /* Its own call-back goes through. */
  own = run (f->b, (GchRequest) { .action = GCH_ACTION_TAKE_CALLBACK, .service = "titres",
                                  .phone = "06 98 76 54 33", .agent = OTHER });
  own_id = g_strdup (gch_callback_get_id (g_ptr_array_index (gch_change_get_created (own), 0)));
  g_assert_true (sync_store (f, gch_station_get_store (f->b), f->other_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);

  server_store = gch_store_open (gch_test_server_get_database (f->server), &error);
  g_assert_no_error (error);
  g_assert_null (find_callback (server_store, claimed_id));
  on_server = find_callback (server_store, own_id);
  g_assert_nonnull (on_server);
  g_assert_cmpstr (gch_callback_get_taken_by (on_server), ==, OTHER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/privacy/feed", Fixture, NULL, fixture_set_up, test_feed, fixture_tear_down);
  g_test_add ("/privacy/snapshot", Fixture, NULL, fixture_set_up, test_snapshot,
              fixture_tear_down);
  g_test_add ("/privacy/taken-by", Fixture, NULL, fixture_set_up, test_taken_by,
              fixture_tear_down);

  return g_test_run ();
}
