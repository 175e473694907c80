/* test-help-sessions.c: the point numérique's register, its signatures,
 * their retention, and its sync through the real server
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gch-test-server.h"
#include "gch-test-day.h"

#define DATE "2026-03-10"
#define AGENT "c.martin"
#define QUALITY "q.bernard"
#define PASSWORD "agent-password-1"
#define DAY_SECONDS (24 * 60 * 60)

/* A short signature: two strokes. */
#define STROKES "[[[100,200],[150, 180],[200,220]],[[400,100],[420,300]]]"

typedef struct
{
  GchTestServer *server;
  char          *url;
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
  gch_test_server_add_agent (f->server, QUALITY, "Quentin Bernard", "quality", PASSWORD);
  gch_test_server_start (f->server, NULL);
  f->url = g_strdup (gch_test_server_get_url (f->server));
  f->token = gch_test_server_login (f->server, AGENT, PASSWORD);
  f->a = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "a.sqlite", DATE);
  f->b = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "b.sqlite", DATE);
  gch_station_set_actor (f->a, AGENT);
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

static gboolean
sync_station (Fixture        *f,
              GchStation     *station,
              GchSyncReport  *report,
              GError        **error)
{
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (station), f->url, f->token);

  gch_sync_set_date (sync, DATE);
  return gch_sync_run (sync, report, NULL, error);
}

/* Logs a help session; the error, when refused, for the test to read. */
static char *
log_session (GchStation  *station,
             const char  *person,
             const char  *signature,
             gboolean     on_paper,
             GError     **error)
{
  g_autoptr(GchChange) change = NULL;
  GchRequest request = { .action = GCH_ACTION_LOG_HELP_SESSION, .person = person,
                         .demarche = "Déclaration de revenus en ligne", .signature = signature,
                         .on_paper = on_paper };

  if (!(change = gch_station_run (station, &request, error)))
    return NULL;
  return g_strdup (gch_change_get_record_id (change));
}

static GPtrArray *
load_sessions (GchStation *station,
               const char *date)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *sessions = gch_store_load_help_sessions (gch_station_get_store (station), date,
                                                      &error);

  g_assert_no_error (error);
  return sessions;
}

static void
assert_refused (GchStation *station,
                const char *person,
                const char *signature,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = log_session (station, person, signature, FALSE, &error);

  g_assert_null (id);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_test_message ("Refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, expected));
}

/* Strokes of @n_strokes strokes of @per_stroke points each. */
static char *
make_strokes (guint n_strokes,
              guint per_stroke)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < n_strokes; i++)
    {
      g_string_append (text, i > 0 ? ",[" : "[");
      for (guint j = 0; j < per_stroke; j++)
        g_string_append_printf (text, "%s[%u,%u]", j > 0 ? "," : "", j % 1000, (i * 7) % 400);
      g_string_append_c (text, ']');
    }
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

/* What is refused is refused with a sentence saying what to do, and
 * nothing is saved: no line, no operation.
 */
static void
test_validation (void)
{
  g_autofree char *dir = g_dir_make_tmp ("guichet-help-XXXXXX", NULL);
  g_autoptr(GchStation) station = gch_test_new_demo_station (dir, "a.sqlite", DATE);
  g_autofree char *too_many = make_strokes (GCH_SIGNATURE_MAX_STROKES + 1, 2);
  g_autofree char *too_long = make_strokes (4, GCH_SIGNATURE_MAX_POINTS / 4 + 1);
  g_autofree char *longest = make_strokes (4, GCH_SIGNATURE_MAX_POINTS / 4);
  g_autofree char *huge = g_strnfill (GCH_SIGNATURE_MAX_BYTES + 1, ' ');
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  GchHelpSession *session;

  gch_station_set_actor (station, AGENT);
  assert_refused (station, "   ", STROKES, "Give the name of the person helped.");
  assert_refused (station, "Jeanne Petit", "[]", "The signature is empty");
  assert_refused (station, "Jeanne Petit", NULL, "The signature is empty");
  assert_refused (station, "Jeanne Petit", too_many, "too many strokes");
  assert_refused (station, "Jeanne Petit", too_long, "too long");
  assert_refused (station, "Jeanne Petit", huge, "too long");
  assert_refused (station, "Jeanne Petit", "[[[1001,0]]]", "could not be read");
  assert_refused (station, "Jeanne Petit", "[[]]", "could not be read");
  assert_refused (station, "Jeanne Petit", "[[[1,2,3]]]", "could not be read");
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (station)), ==, 0);
  sessions = load_sessions (station, DATE);
  g_assert_cmpuint (sessions->len, ==, 0);
  g_clear_pointer (&sessions, g_ptr_array_unref);

  /* The longest signature allowed, and one signed on paper. */
  id = log_session (station, "  Jeanne Petit ", longest, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&id, g_free);
  id = log_session (station, "Paul Girard", NULL, TRUE, &error);
  g_assert_no_error (error);

  sessions = load_sessions (station, DATE);
  g_assert_cmpuint (sessions->len, ==, 2);
  session = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (session->name, ==, "Jeanne Petit");
  g_assert_cmpstr (session->demarche, ==, "Déclaration de revenus en ligne");
  g_assert_cmpstr (session->mediator, ==, AGENT);
  g_assert_true (session->drawn);
  g_assert_false (session->on_paper);
  session = g_ptr_array_index (sessions, 1);
  g_assert_cmpstr (session->id, ==, id);
  g_assert_true (session->on_paper);
  g_assert_false (session->drawn);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (station)), ==, 2);

  g_clear_object (&station);
  gch_test_remove_tree (dir);
}

/* Only a supervisor or the quality referent reads a signature, and each
 * read is an event; a session signed on paper has none to read.
 */
static void
test_read_signature (void)
{
  g_autofree char *dir = g_dir_make_tmp ("guichet-help-XXXXXX", NULL);
  g_autoptr(GchStation) station = gch_test_new_demo_station (dir, "a.sqlite", DATE);
  GchStore *store = gch_station_get_store (station);
  g_autofree char *id = NULL, *paper = NULL, *strokes = NULL;
  g_autoptr(GchChange) read = NULL;
  g_autoptr(GchDay) day = NULL;
  g_autoptr(GError) error = NULL;
  GchRequest request = { .action = GCH_ACTION_READ_SIGNATURE };
  guint n_reads = 0;

  gch_station_set_actor (station, AGENT);
  id = log_session (station, "Jeanne Petit", STROKES, FALSE, &error);
  g_assert_no_error (error);
  paper = log_session (station, "Paul Girard", NULL, TRUE, &error);
  g_assert_no_error (error);

  request.session = id;
  g_assert_null (gch_station_run (station, &request, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Only a supervisor or the quality referent"));
  g_clear_error (&error);

  gch_station_set_actor (station, "f.roux");   /* the demo's supervisor */
  read = gch_station_run (station, &request, &error);
  g_assert_no_error (error);
  strokes = gch_store_dup_signature (store, id, &error);
  g_assert_no_error (error);
  /* Stored compactly. */
  g_assert_cmpstr (strokes, ==, "[[[100,200],[150,180],[200,220]],[[400,100],[420,300]]]");

  request.session = paper;
  g_assert_null (gch_station_run (station, &request, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "signed on paper"));
  g_clear_error (&error);

  day = gch_store_load_day (store, DATE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);

      if (g_str_equal (gch_event_get_record_kind (event), "help-session") &&
          g_str_has_prefix (gch_event_get_detail (event), "signature-read"))
        {
          g_assert_cmpstr (gch_event_get_record_id (event), ==, id);
          g_assert_cmpstr (gch_event_get_detail (event), ==, "signature-read:f.roux");
          n_reads++;
        }
    }
  g_assert_cmpuint (n_reads, ==, 1);

  g_clear_object (&station);
  gch_test_remove_tree (dir);
}

static char *
outbox_payload (GchStore   *store,
                const char *id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *payload = NULL;

  g_assert_cmpint (sqlite3_open_v2 (gch_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT payload FROM outbox WHERE record_id = ?"
                                           " AND kind = 'help-session'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  payload = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return payload;
}

/* On a frozen clock: a year and a day later, the name and signature of a
 * session past the retention period are erased everywhere the store held
 * them, its line stays; a newer session keeps both.
 */
static void
test_retention (void)
{
  g_autofree char *dir = g_dir_make_tmp ("guichet-help-XXXXXX", NULL);
  g_autoptr(GchStation) station = gch_test_new_demo_station (dir, "a.sqlite", DATE);
  GchStore *store = gch_station_get_store (station);
  GchClock *clock = gch_station_get_clock (station);
  gint64 start = gch_clock_now (clock);
  g_autofree char *old = NULL, *recent = NULL, *strokes = NULL, *payload = NULL;
  g_autofree char *recent_date = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  GchHelpSession *session;

  gch_station_set_actor (station, AGENT);
  old = log_session (station, "Jeanne Petit", STROKES, FALSE, &error);
  g_assert_no_error (error);
  gch_clock_set_frozen (clock, start + 30 * DAY_SECONDS);
  recent = log_session (station, "Paul Girard", STROKES, FALSE, &error);
  g_assert_no_error (error);
  recent_date = gch_store_dup_date_at (store, start + 30 * DAY_SECONDS);

  /* A day short of the period: nothing. */
  g_assert_cmpint (gch_store_erase_expired_signatures (store, start + 364 * DAY_SECONDS, 365,
                                                       &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpint (gch_store_erase_expired_signatures (store, start + 366 * DAY_SECONDS, 365,
                                                       &error), ==, 1);
  g_assert_no_error (error);

  sessions = load_sessions (station, DATE);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (session->id, ==, old);
  g_assert_null (session->name);
  g_assert_true (session->erased);
  g_assert_true (session->drawn);
  g_assert_cmpstr (session->demarche, ==, "Déclaration de revenus en ligne");
  g_assert_null (gch_store_dup_signature (store, old, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "erased"));
  g_clear_error (&error);
  payload = outbox_payload (store, old);
  g_assert_null (strstr (payload, "Jeanne"));
  g_assert_null (strstr (payload, "strokes"));
  g_clear_pointer (&payload, g_free);

  g_clear_pointer (&sessions, g_ptr_array_unref);
  sessions = load_sessions (station, recent_date);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (session->name, ==, "Paul Girard");
  g_assert_false (session->erased);
  strokes = gch_store_dup_signature (store, recent, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strokes);
  payload = outbox_payload (store, recent);
  g_assert_nonnull (strstr (payload, "Paul Girard"));

  /* Done once: run again, nothing more. */
  g_assert_cmpint (gch_store_erase_expired_signatures (store, start + 366 * DAY_SECONDS, 365,
                                                       &error), ==, 0);
  g_assert_no_error (error);

  g_clear_object (&station);
  gch_test_remove_tree (dir);
}

/* A session logged at one station reaches the other through the server,
 * offline too; reading its signature goes to the server as an event, and
 * the server refuses it to an agent.
 */
static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = NULL, *offline = NULL, *strokes = NULL, *quality = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GchChange) read = NULL, read_again = NULL;
  g_autoptr(GError) error = NULL;
  GchRequest request = { .action = GCH_ACTION_READ_SIGNATURE };
  GchSyncReport report;
  GchHelpSession *session;

  id = log_session (f->a, "Jeanne Petit", STROKES, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);

  /* Offline: it waits in the outbox, then goes up. */
  gch_test_server_stop (f->server);
  offline = log_session (f->a, "Paul Girard", NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_false (sync_station (f, f->a, &report, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->a)), ==, 1);
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
  sessions = load_sessions (f->b, DATE);
  g_assert_cmpuint (sessions->len, ==, 2);
  session = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (session->id, ==, id);
  g_assert_cmpstr (session->name, ==, "Jeanne Petit");
  g_assert_cmpstr (session->mediator, ==, AGENT);
  g_assert_true (session->drawn);
  session = g_ptr_array_index (sessions, 1);
  g_assert_cmpstr (session->id, ==, offline);
  g_assert_true (session->on_paper);

  /* The agent's station thinks it may (its actor is the supervisor), the
   * server knows the agent's token: refused there, kept as a refusal.
   */
  gch_station_set_actor (f->b, "f.roux");
  request.session = id;
  read = gch_station_run (f->b, &request, &error);
  g_assert_no_error (error);
  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 1);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->b), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_nonnull (strstr (((GchConflict *) g_ptr_array_index (conflicts, 0))->message,
                            "Only a supervisor or the quality referent"));

  /* The agent's token brought the line without its strokes: nothing of
   * the signature is on this station's disk.
   */
  strokes = gch_store_dup_signature (gch_station_get_store (f->b), id, &error);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "This signature is kept at the server: it comes to this "
                                       "station once the read is synced.");
  g_clear_error (&error);
  g_assert_null (strokes);

  /* The quality referent's token, but the read says the supervisor read
   * it: the server records who really reads, and refuses it.
   */
  quality = gch_test_server_login (f->server, QUALITY, PASSWORD);
  g_free (f->token);
  f->token = g_strdup (quality);
  read_again = gch_station_run (f->b, &request, &error);
  g_assert_no_error (error);
  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpuint (report.refused, ==, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->b), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 2);
  g_assert_cmpstr (((GchConflict *) g_ptr_array_index (conflicts, 1))->message, ==,
                   "This signature read says it was read by “f.roux”, but it was sent with the "
                   "login of " QUALITY ": the register records who really read it.");
  g_assert_null (gch_store_dup_signature (gch_station_get_store (f->b), id, NULL));

  /* The quality referent as the reader: applied, and the strokes came
   * with the read.
   */
  g_clear_object (&read_again);
  g_ptr_array_add (gch_station_get_day (f->b)->agents,
                   g_object_new (GCH_TYPE_AGENT, "id", QUALITY, "name", "Quentin Bernard",
                                 "role", GCH_AGENT_ROLE_QUALITY, NULL));
  gch_station_set_actor (f->b, QUALITY);
  read_again = gch_station_run (f->b, &request, &error);
  g_assert_no_error (error);
  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  strokes = gch_store_dup_signature (gch_station_get_store (f->b), id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strokes, ==, "[[[100,200],[150,180],[200,220]],[[400,100],[420,300]]]");
}

/* Forty of the longest signatures make more than the largest body the
 * server reads: they go up, and come down to the other station, in
 * several batches and pages.
 */
static void
test_sync_large (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *longest = make_strokes (4, GCH_SIGNATURE_MAX_POINTS / 4);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  GchSyncReport report;

  g_assert_cmpuint (40 * strlen (longest), >, GCH_CODEC_MAX_BODY);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *person = g_strdup_printf ("Personne %u", i + 1);
      g_autofree char *id = log_session (f->a, person, longest, FALSE, &error);

      g_assert_no_error (error);
    }

  g_assert_true (sync_station (f, f->a, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 40);
  g_assert_cmpuint (report.refused, ==, 0);

  g_assert_true (sync_station (f, f->b, &report, &error));
  g_assert_no_error (error);
  sessions = load_sessions (f->b, DATE);
  g_assert_cmpuint (sessions->len, ==, 40);
  g_assert_cmpstr (((GchHelpSession *) g_ptr_array_index (sessions, 39))->name, ==,
                   "Personne 40");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/help-sessions/validation", test_validation);
  g_test_add_func ("/help-sessions/read-signature", test_read_signature);
  g_test_add_func ("/help-sessions/retention", test_retention);
  g_test_add ("/help-sessions/sync", Fixture, NULL, fixture_set_up, test_sync, fixture_tear_down);
  g_test_add ("/help-sessions/sync-large", Fixture, NULL, fixture_set_up, test_sync_large,
              fixture_tear_down);

  return g_test_run ();
}
