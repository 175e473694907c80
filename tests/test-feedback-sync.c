/* test-feedback-sync.c: the register of suggestions and complaints, offline and synced
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
#include <string.h>

#include "gch-test-day.h"
#include "gch-test-server.h"

/* The real guichet-server on 127.0.0.1, an agent's station at the counter
 * and the quality referent's. A complaint logged at the counter while the
 * server is down reaches it when it is back, with its due date; the
 * referent's station receives it, without the person's contact, and sees
 * it overdue past that date. Only the referent (or a supervisor) works on
 * it: the server refuses the agent, in plain words.
 *
 * The demo day is Tuesday 10 March 2026: received at the guichet, 10
 * working days, the complaint is due Tuesday 24 March.
 */

#define DATE "2026-03-10"
#define AGENT "c.martin"
#define QUALITY "m.leroy"
#define SUPERVISOR "s.durand"
#define PASSWORD "agent-password-1"
#define ID "5d0e3c5a-7b1f-4c1e-9f0e-0c2b8f1d7a10"

typedef struct
{
  GchTestServer *server;
  char          *url;
  char          *agent_token;
  char          *quality_token;
  GchStation    *counter;   /* the agent's */
  GchStation    *quality;   /* the quality referent's */
  char          *supervisor_token;
  GchStation    *supervisor;   /* a supervisor's, at another station */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = gch_test_server_new ();
  gch_test_server_load_demo (f->server, DATE);
  gch_test_server_add_agent (f->server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_add_agent (f->server, QUALITY, "Marc Leroy", "quality", PASSWORD);
  gch_test_server_start (f->server, NULL);
  f->url = g_strdup (gch_test_server_get_url (f->server));
  f->agent_token = gch_test_server_login (f->server, AGENT, PASSWORD);
  f->quality_token = gch_test_server_login (f->server, QUALITY, PASSWORD);
  f->counter = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "counter.sqlite",
                                          DATE);
  f->quality = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "quality.sqlite",
                                          DATE);
  gch_station_set_actor (f->quality, QUALITY);
  gch_test_server_add_agent (f->server, SUPERVISOR, "Sophie Durand", "supervisor", PASSWORD);
  f->supervisor_token = gch_test_server_login (f->server, SUPERVISOR, PASSWORD);
  f->supervisor = gch_test_new_demo_station (gch_test_server_get_dir (f->server),
                                             "supervisor.sqlite", DATE);
  gch_station_set_actor (f->supervisor, SUPERVISOR);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->counter);
  g_clear_object (&f->quality);
  g_clear_object (&f->supervisor);
  g_clear_pointer (&f->supervisor_token, g_free);
  g_clear_pointer (&f->agent_token, g_free);
  g_clear_pointer (&f->quality_token, g_free);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->server, gch_test_server_free);
}

static gboolean
sync_station (Fixture        *f,
              GchStation     *station,
              const char     *token,
              GchSyncReport  *report,
              GError        **error)
{
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (station), f->url, token);

  gch_sync_set_date (sync, DATE);
  return gch_sync_run (sync, report, NULL, error);
}

static GchFeedback *
load (GchStation *station)
{
  g_autoptr(GError) error = NULL;
  GchFeedback *feedback = gch_store_load_feedback (gch_station_get_store (station), ID, &error);

  g_assert_no_error (error);
  return feedback;
}

static void
run_on (GchStation  *station,
        GchRequest   request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) change = gch_station_run (station, &request, &error);

  g_assert_no_error (error);
  g_assert_nonnull (gch_change_get_feedback (change));
}

/* The referent acknowledges the record, forwards it and answers it, then
 * syncs: the three go up, none refused.
 */
static void
acknowledge_forward_answer (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  GchRequest request[] = {
    { .action = GCH_ACTION_ACKNOWLEDGE_FEEDBACK },
    { .action = GCH_ACTION_FORWARD_FEEDBACK, .forward_to = "Titres d’identité" },
    { .action = GCH_ACTION_ANSWER_FEEDBACK, .answer = "A second guichet opens at 9:00." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (request); i++)
    {
      g_autoptr(GchFeedback) feedback = load (f->quality);

      request[i].feedback = feedback;
      run_on (f->quality, request[i]);
    }
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 3);
  g_assert_cmpuint (report.refused, ==, 0);
}

static void
assert_due (GchFeedback *feedback,
            const char  *expected)
{
  char text[16];

  g_assert_true (g_date_valid (gch_feedback_get_due_date (feedback)));
  g_date_strftime (text, sizeof text, "%Y-%m-%d", gch_feedback_get_due_date (feedback));
  g_assert_cmpstr (text, ==, expected);
}

static void
log_at_counter_while_offline (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFeedback) feedback = NULL;
  GchSyncReport report;

  gch_test_server_stop (f->server);

  feedback = gch_feedback_new (ID, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_GUICHET,
                               GCH_FEEDBACK_CATEGORY_WAITING_TIME,
                               gch_clock_now (gch_station_get_clock (f->counter)),
                               "Two hours of waiting with a baby.", &error);
  g_assert_no_error (error);
  g_assert_true (gch_feedback_set_contact (feedback, TRUE, "Jeanne Dupont", "jeanne@example.fr",
                                           "06 12 34 56 78", &error));
  gch_feedback_set_visit (feedback, "A042", NULL, "titres", 3, "Claire Martin");
  run_on (f->counter, (GchRequest) { .action = GCH_ACTION_LOG_FEEDBACK, .feedback = feedback });

  /* Offline: kept at the counter, with its due date, waiting to go. */
  g_assert_false (sync_station (f, f->counter, f->agent_token, &report, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->counter)), ==, 1);
  g_clear_object (&feedback);
  feedback = load (f->counter);
  assert_due (feedback, "2026-03-24");

  {
    g_autoptr(GUri) uri = g_uri_parse (f->url, G_URI_FLAGS_NONE, NULL);
    g_autofree char *listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));

    gch_test_server_start (f->server, "--listen", listen, NULL);
  }
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->counter)), ==, 0);
}

static void
test_offline_log_reaches_quality (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFeedback) on_server = NULL;
  g_autoptr(GchFeedback) seen = NULL;
  g_autoptr(GchStore) server_store = NULL;
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) day_after = g_date_time_new (paris, 2026, 3, 25, 9, 0, 0);
  g_autoptr(GDateTime) due_day = g_date_time_new (paris, 2026, 3, 24, 9, 0, 0);
  GchSyncReport report;

  log_at_counter_while_offline (f);

  /* The server has it, with its due date and the contact given. */
  server_store = gch_store_open (gch_test_server_get_database (f->server), &error);
  g_assert_no_error (error);
  on_server = gch_store_load_feedback (server_store, ID, &error);
  g_assert_no_error (error);
  assert_due (on_server, "2026-03-24");
  g_assert_cmpstr (gch_feedback_get_ticket (on_server), ==, "A042");
  g_assert_true (gch_store_read_feedback_contact (server_store, on_server, "test",
                                                  GCH_AGENT_ROLE_QUALITY, 0, &error));
  g_assert_cmpstr (gch_feedback_get_contact_phone (on_server), ==, "0612345678");

  /* The referent's station pulls it: due, then overdue, and no contact. */
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  seen = load (f->quality);
  g_assert_cmpint (gch_feedback_get_status (seen), ==, GCH_FEEDBACK_STATUS_RECEIVED);
  assert_due (seen, "2026-03-24");
  g_assert_cmpstr (gch_feedback_get_description (seen), ==, "Two hours of waiting with a baby.");
  g_assert_true (gch_feedback_is_nearly_due (seen, g_date_time_to_unix (due_day), paris));
  g_assert_false (gch_feedback_is_overdue (seen, g_date_time_to_unix (due_day), paris));
  g_assert_true (gch_feedback_is_overdue (seen, g_date_time_to_unix (day_after), paris));
  g_assert_true (gch_store_read_feedback_contact (gch_station_get_store (f->quality), seen,
                                                  "Marc Leroy", GCH_AGENT_ROLE_QUALITY, 0,
                                                  &error));
  g_assert_false (gch_feedback_has_contact (seen));
}

static void
test_workflow_synced (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchFeedback) at_counter = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  GchSyncReport report;

  log_at_counter_while_offline (f);
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));

  /* The referent acknowledges, forwards, answers and closes. */
  acknowledge_forward_answer (f);

  /* The counter sees what became of it. */
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  at_counter = load (f->counter);
  g_assert_cmpint (gch_feedback_get_status (at_counter), ==, GCH_FEEDBACK_STATUS_ANSWERED);
  g_assert_cmpuint (gch_feedback_get_n_forwards (at_counter), ==, 1);
  g_assert_cmpstr (gch_feedback_get_forward (at_counter, 0)->to, ==, "Titres d’identité");
  g_assert_cmpstr (gch_feedback_get_forward (at_counter, 0)->by, ==, QUALITY);
  g_assert_cmpuint (gch_feedback_get_n_answers (at_counter), ==, 1);
  g_assert_cmpstr (gch_feedback_get_answer (at_counter, 0)->text, ==,
                   "A second guichet opens at 9:00.");

  /* The agent may not close it: the server says so, and the record is
   * the server's again at the counter.
   */
  run_on (f->counter, (GchRequest) { .action = GCH_ACTION_CLOSE_FEEDBACK,
                                     .feedback = at_counter });
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  g_assert_cmpuint (report.refused, ==, 1);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->counter), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((GchConflict *) g_ptr_array_index (conflicts, 0))->message, ==,
                   "Only a supervisor or the quality referent can work on the register of "
                   "suggestions and complaints.");
  g_clear_object (&at_counter);
  at_counter = load (f->counter);
  g_assert_cmpint (gch_feedback_get_status (at_counter), ==, GCH_FEEDBACK_STATUS_ANSWERED);

  /* An answer to a closed record is refused at once, and nothing is lost. */
  g_clear_object (&feedback);
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_CLOSE_FEEDBACK, .feedback = feedback });
  g_clear_object (&feedback);
  feedback = load (f->quality);
  {
    GchRequest request = { .action = GCH_ACTION_ANSWER_FEEDBACK, .feedback = feedback,
                           .answer = "One more thing." };
    g_autoptr(GchChange) refused = gch_station_run (f->quality, &request, &error);

    g_assert_null (refused);
    g_assert_error (error, GCH_ERROR, GCH_ERROR_TRANSITION);
    g_assert_cmpstr (error->message, ==, "This record is closed: it can no longer be answered.");
    g_clear_error (&error);
  }
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  g_clear_object (&feedback);
  feedback = load (f->quality);
  g_assert_cmpint (gch_feedback_get_status (feedback), ==, GCH_FEEDBACK_STATUS_CLOSED);
  g_assert_cmpuint (gch_feedback_get_n_answers (feedback), ==, 1);
}

/* The contact-read events of the record in the database at @path, by
 * @actor, read with plain SQL.
 */
static gint64
count_reads (const char *path,
             const char *actor)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM event WHERE record_kind = "
                                           "'feedback' AND record_id = ? AND to_state = "
                                           "'contact-read' AND actor = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, ID, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, actor, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* The actors of the record's events of the operation @kind in the
 * database at @path, read with plain SQL: each must be @actor.
 */
static void
assert_step_actors (const char *path,
                    const char *kind,
                    const char *actor)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT actor FROM event WHERE record_kind = "
                                           "'feedback' AND detail = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, actor);
      n++;
    }
  g_assert_cmpuint (n, >=, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Whether @text is in the bytes of a file: no string function that stops at a NUL. */
static gboolean
holds_bytes (const char *bytes,
             gsize       length,
             const char *text)
{
  gsize size = strlen (text);

  for (gsize i = 0; i + size <= length; i++)
    if (memcmp (bytes + i, text, size) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Fetch;

static void
on_contact_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;

  if (!gch_sync_fetch_feedback_contact_finish (GCH_SYNC (object), result, &fetch->error))
    g_assert_nonnull (fetch->error);
  fetch->done = TRUE;
}

/* Reads @feedback's contact at the server, as the screen would: in a worker. */
static void
fetch_contact_async (Fixture      *f,
                     GchStation   *station,
                     const char   *token,
                     GchFeedback  *feedback,
                     GError      **error)
{
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (station), f->url, token);
  Fetch fetch = { FALSE, NULL };

  gch_sync_fetch_feedback_contact_async (sync, feedback, NULL, on_contact_cb, &fetch);
  while (!fetch.done)
    g_main_context_iteration (NULL, TRUE);
  if (fetch.error != NULL)
    g_propagate_error (error, fetch.error);
}

/* A complaint logged with a contact at the counter; a supervisor at
 * another station reads the contact at the server: the read is an event
 * there, which the feed brings to the stations once; an agent's login
 * gets a refusal and nothing else.
 */
static void
test_contact_at_other_station (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFeedback) at_supervisor = NULL;
  g_autoptr(GchFeedback) at_counter = NULL;
  g_autoptr(GchTestResponse) forbidden = NULL;
  g_autoptr(GchTestResponse) unknown = NULL;
  g_autoptr(GchSync) agent_sync = NULL;
  g_autofree char *supervisor_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/feedback/%s/contact", ID);
  const char *server_db = gch_test_server_get_database (f->server);
  GchSyncReport report;
  gsize length;

  log_at_counter_while_offline (f);

  /* The supervisor's station has the record, not the contact. */
  g_assert_true (sync_station (f, f->supervisor, f->supervisor_token, &report, &error));
  g_assert_no_error (error);
  at_supervisor = load (f->supervisor);
  g_assert_false (gch_feedback_has_contact (at_supervisor));
  {
    gboolean here = FALSE;

    /* Asked without reading it: the counter keeps it, the supervisor's not. */
    g_assert_true (gch_store_has_feedback_contact (gch_station_get_store (f->counter), ID, &here,
                                                   &error));
    g_assert_no_error (error);
    g_assert_true (here);
    g_assert_true (gch_store_has_feedback_contact (gch_station_get_store (f->supervisor), ID,
                                                   &here, &error));
    g_assert_no_error (error);
    g_assert_false (here);
    g_assert_false (gch_store_has_feedback_contact (gch_station_get_store (f->supervisor),
                                                    "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
                                                    &here, &error));
    g_assert_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Read at the server, in a worker. */
  fetch_contact_async (f, f->supervisor, f->supervisor_token, at_supervisor, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gch_feedback_get_contact_name (at_supervisor), ==, "Jeanne Dupont");
  g_assert_cmpstr (gch_feedback_get_contact_email (at_supervisor), ==, "jeanne@example.fr");
  g_assert_cmpstr (gch_feedback_get_contact_phone (at_supervisor), ==, "0612345678");
  g_assert_cmpint (count_reads (server_db, SUPERVISOR), ==, 1);

  /* An agent's login: refused, in words, and nothing read or recorded. */
  agent_sync = gch_sync_new (gch_station_get_store (f->counter), f->url, f->agent_token);
  at_counter = load (f->counter);
  g_assert_false (gch_sync_fetch_feedback_contact (agent_sync, at_counter, NULL, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Only a supervisor or the quality referent can read a "
                                       "person’s contact details.");
  g_clear_error (&error);
  g_assert_false (gch_feedback_has_contact (at_counter));
  forbidden = gch_test_server_request (f->server, "GET", path, f->agent_token, NULL);
  gch_test_response_assert_error (forbidden, 403, "forbidden");
  g_assert_null (strstr ((const char *) g_bytes_get_data (forbidden->body, NULL), "jeanne"));
  unknown = gch_test_server_request (f->server, "GET",
                                     "/api/v1/feedback/0d9e8f2a-5b7c-4e1d-9a3f-6c2b8e4d7a10/contact",
                                     f->supervisor_token, NULL);
  gch_test_response_assert_error (unknown, 404, "not-found");
  g_assert_cmpint (count_reads (server_db, AGENT), ==, 0);
  g_assert_cmpint (count_reads (server_db, SUPERVISOR), ==, 1);

  /* The read comes down to the stations as one event, however often
   * they sync.
   */
  g_assert_true (sync_station (f, f->supervisor, f->supervisor_token, &report, &error));
  g_assert_no_error (error);
  g_assert_true (sync_station (f, f->supervisor, f->supervisor_token, &report, &error));
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  supervisor_path = g_strdup (gch_store_get_path (gch_station_get_store (f->supervisor)));
  g_assert_cmpint (count_reads (supervisor_path, SUPERVISOR), ==, 1);
  g_assert_cmpint (count_reads (gch_store_get_path (gch_station_get_store (f->counter)),
                                SUPERVISOR), ==, 1);

  /* The contact read was not written to the supervisor's station. */
  g_clear_object (&f->supervisor);
  g_file_get_contents (supervisor_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_false (holds_bytes (contents, length, "jeanne@example.fr"));
  {
    g_autofree char *wal_path = g_strconcat (supervisor_path, "-wal", NULL);

    if (g_file_get_contents (wal_path, &wal, &length, NULL))
      g_assert_false (holds_bytes (wal, length, "jeanne@example.fr"));
  }
  /* The counter, where it was logged, has it: the search finds it. */
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&wal, g_free);
  {
    g_autofree char *counter_path = g_strdup (gch_store_get_path (gch_station_get_store (f->counter)));
    g_autofree char *wal_path = g_strconcat (counter_path, "-wal", NULL);
    gsize wal_length = 0;

    g_clear_object (&f->counter);
    g_file_get_contents (counter_path, &contents, &length, &error);
    g_assert_no_error (error);
    g_file_get_contents (wal_path, &wal, &wal_length, NULL);
    g_assert_true (holds_bytes (contents, length, "jeanne@example.fr") ||
                   (wal != NULL && holds_bytes (wal, wal_length, "jeanne@example.fr")));
  }
}

/* The contacts of many records in one request (the register's export at
 * a supervisor's station): each read an event at the server with the
 * reader from the token, fed to the stations once; an agent's token
 * refused; an unknown id told, a wrong one refusing the whole request.
 */
static void
test_contacts_at_once (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GchSync) sync = NULL;
  g_autoptr(GchSync) agent_sync = NULL;
  g_autoptr(GchTestResponse) forbidden = NULL;
  g_autoptr(GchTestResponse) unknown = NULL;
  g_autoptr(GchTestResponse) malformed = NULL;
  const char *server_db = gch_test_server_get_database (f->server);
  GchFeedback *at_supervisor;
  GchSyncReport report;
  JsonArray *answered;
  guint n_read = 0;

  log_at_counter_while_offline (f);
  g_assert_true (sync_station (f, f->supervisor, f->supervisor_token, &report, &error));
  g_assert_no_error (error);
  at_supervisor = load (f->supervisor);
  g_ptr_array_add (records, at_supervisor);
  g_assert_false (gch_feedback_has_contact (at_supervisor));

  /* An agent's token: refused in words, nothing read, nothing recorded. */
  agent_sync = gch_sync_new (gch_station_get_store (f->counter), f->url, f->agent_token);
  g_assert_false (gch_sync_fetch_feedback_contacts (agent_sync, records, &n_read, NULL, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Only a supervisor or the quality referent can read a "
                                       "person’s contact details.");
  g_clear_error (&error);
  g_assert_cmpuint (n_read, ==, 0);
  g_assert_false (gch_feedback_has_contact (at_supervisor));
  forbidden = gch_test_server_request (f->server, "POST", "/api/v1/feedback/contacts",
                                       f->agent_token, "{\"feedback\": [\"" ID "\"]}");
  gch_test_response_assert_error (forbidden, 403, "forbidden");
  g_assert_null (strstr ((const char *) g_bytes_get_data (forbidden->body, NULL), "jeanne"));
  g_assert_cmpint (count_reads (server_db, AGENT), ==, 0);

  /* The supervisor's: the contact, and one read at the server. */
  sync = gch_sync_new (gch_station_get_store (f->supervisor), f->url, f->supervisor_token);
  g_assert_true (gch_sync_fetch_feedback_contacts (sync, records, &n_read, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_read, ==, 1);
  g_assert_cmpstr (gch_feedback_get_contact_name (at_supervisor), ==, "Jeanne Dupont");
  g_assert_cmpstr (gch_feedback_get_contact_email (at_supervisor), ==, "jeanne@example.fr");
  g_assert_cmpstr (gch_feedback_get_contact_phone (at_supervisor), ==, "0612345678");
  g_assert_cmpint (count_reads (server_db, SUPERVISOR), ==, 1);

  /* An id the register does not have: told, nothing read; a wrong one:
   * the whole request refused before anything is read.
   */
  unknown = gch_test_server_request (f->server, "POST", "/api/v1/feedback/contacts",
                                     f->supervisor_token,
                                     "{\"feedback\": [\"0d9e8f2a-5b7c-4e1d-9a3f-6c2b8e4d7a10\"]}");
  g_assert_cmpuint (unknown->status, ==, 200);
  answered = json_object_get_array_member (json_node_get_object (unknown->json), "unknown");
  g_assert_cmpuint (json_array_get_length (answered), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (answered, 0), ==,
                   "0d9e8f2a-5b7c-4e1d-9a3f-6c2b8e4d7a10");
  answered = json_object_get_array_member (json_node_get_object (unknown->json), "contacts");
  g_assert_cmpuint (json_array_get_length (answered), ==, 0);
  malformed = gch_test_server_request (f->server, "POST", "/api/v1/feedback/contacts",
                                       f->supervisor_token,
                                       "{\"feedback\": [\"" ID "\", 42]}");
  gch_test_response_assert_error (malformed, 400, "invalid-value");
  g_assert_cmpint (count_reads (server_db, SUPERVISOR), ==, 1);

  /* The read reaches both stations once, however often they sync. */
  g_assert_true (sync_station (f, f->supervisor, f->supervisor_token, &report, &error));
  g_assert_true (sync_station (f, f->supervisor, f->supervisor_token, &report, &error));
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_reads (gch_store_get_path (gch_station_get_store (f->supervisor)),
                                SUPERVISOR), ==, 1);
  g_assert_cmpint (count_reads (gch_store_get_path (gch_station_get_store (f->counter)),
                                SUPERVISOR), ==, 1);
}

/* A record without a contact: a plain answer, and the read still an event. */
static void
test_no_contact (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchTestResponse) response = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/feedback/%s/contact", ID);
  JsonObject *object;
  GchSyncReport report;

  feedback = gch_feedback_new (ID, GCH_FEEDBACK_KIND_SUGGESTION, GCH_FEEDBACK_CHANNEL_GUICHET,
                               GCH_FEEDBACK_CATEGORY_RECEPTION,
                               gch_clock_now (gch_station_get_clock (f->counter)),
                               "More chairs in the hall.", &error);
  g_assert_no_error (error);
  run_on (f->counter, (GchRequest) { .action = GCH_ACTION_LOG_FEEDBACK, .feedback = feedback });
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  g_assert_no_error (error);
  g_clear_object (&feedback);

  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  feedback = load (f->quality);
  {
    g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (f->quality), f->url,
                                            f->quality_token);

    g_assert_true (gch_sync_fetch_feedback_contact (sync, feedback, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (gch_feedback_has_contact (feedback));
  }
  g_assert_cmpint (count_reads (gch_test_server_get_database (f->server), QUALITY), ==, 1);

  response = gch_test_server_request (f->server, "GET", path, f->quality_token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  object = json_node_get_object (response->json);
  g_assert_false (json_object_get_boolean_member (object, "contact"));
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==,
                   "This record has no contact: the person gave none, or it was erased at the "
                   "end of its retention period.");
  g_assert_false (json_object_has_member (object, "phone"));
  g_assert_cmpint (count_reads (gch_test_server_get_database (f->server), QUALITY), ==, 2);
}

/* Who forwarded and who answered are the agents logged in, not the
 * station's name: the station puts them in the operation, the server
 * takes them from there, and refuses one that is not the login's agent.
 */
static void
test_who_acted (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchFeedback) at_counter = NULL;
  g_autoptr(GchFeedback) on_server = NULL;
  g_autoptr(GchStore) server_store = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  GchSyncReport report;

  log_at_counter_while_offline (f);
  /* The station's actor is the station's name, as in the application. */
  gch_station_set_actor (f->quality, "vm");
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);

  /* Acknowledged, started, then forwarded by the referent, before the
   * station syncs.
   */
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_ACKNOWLEDGE_FEEDBACK,
                                     .feedback = feedback, .agent = QUALITY });
  g_clear_object (&feedback);
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_START_FEEDBACK,
                                     .feedback = feedback, .agent = QUALITY });
  g_clear_object (&feedback);
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_FORWARD_FEEDBACK, .feedback = feedback,
                                     .forward_to = "Titres d’identité", .agent = QUALITY,
                                     .forward_note = "Rappeler Mme Dupont avant jeudi" });
  g_clear_object (&feedback);
  feedback = load (f->quality);
  g_assert_cmpstr (gch_feedback_get_forward (feedback, 0)->by, ==, QUALITY);
  g_assert_cmpstr (gch_feedback_get_forward (feedback, 0)->to, ==, "Titres d’identité");
  g_assert_cmpstr (gch_feedback_get_forward (feedback, 0)->note, ==,
                   "Rappeler Mme Dupont avant jeudi");
  g_assert_cmpstr (gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_ACKNOWLEDGED), ==, QUALITY);
  g_assert_cmpstr (gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_IN_PROGRESS), ==, QUALITY);
  g_assert_cmpint (gch_feedback_get_started_at (feedback), >=,
                   gch_feedback_get_acknowledged_at (feedback));
  /* The station's events name the referent, not "vm". */
  assert_step_actors (gch_store_get_path (gch_station_get_store (f->quality)),
                      "feedback-acknowledge", QUALITY);
  assert_step_actors (gch_store_get_path (gch_station_get_store (f->quality)),
                      "feedback-start", QUALITY);
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 3);
  g_assert_cmpuint (report.refused, ==, 0);

  /* The server and the counter have the referent, not "vm". */
  server_store = gch_store_open (gch_test_server_get_database (f->server), &error);
  g_assert_no_error (error);
  on_server = gch_store_load_feedback (server_store, ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gch_feedback_get_forward (on_server, 0)->by, ==, QUALITY);
  g_assert_cmpstr (gch_feedback_get_forward (on_server, 0)->note, ==,
                   "Rappeler Mme Dupont avant jeudi");
  g_assert_cmpstr (gch_feedback_get_done_by (on_server, GCH_FEEDBACK_STATUS_ACKNOWLEDGED), ==, QUALITY);
  g_assert_cmpstr (gch_feedback_get_done_by (on_server, GCH_FEEDBACK_STATUS_IN_PROGRESS), ==, QUALITY);
  assert_step_actors (gch_test_server_get_database (f->server), "feedback-acknowledge", QUALITY);
  assert_step_actors (gch_test_server_get_database (f->server), "feedback-start", QUALITY);
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  g_assert_no_error (error);
  at_counter = load (f->counter);
  g_assert_cmpstr (gch_feedback_get_forward (at_counter, 0)->by, ==, QUALITY);
  g_assert_cmpstr (gch_feedback_get_forward (at_counter, 0)->to, ==, "Titres d’identité");
  g_assert_cmpstr (gch_feedback_get_forward (at_counter, 0)->note, ==,
                   "Rappeler Mme Dupont avant jeudi");
  g_assert_cmpstr (gch_feedback_get_done_by (at_counter, GCH_FEEDBACK_STATUS_ACKNOWLEDGED), ==, QUALITY);
  g_assert_cmpstr (gch_feedback_get_done_by (at_counter, GCH_FEEDBACK_STATUS_IN_PROGRESS), ==, QUALITY);

  /* An answer that says a supervisor wrote it, sent with the referent's
   * login: refused, in plain words, and the counter never sees it.
   */
  g_clear_object (&feedback);
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_ANSWER_FEEDBACK, .feedback = feedback,
                                     .answer = "A second guichet opens at 9:00.",
                                     .agent = SUPERVISOR });
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 1);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->quality), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((GchConflict *) g_ptr_array_index (conflicts, 0))->message, ==,
                   "This answer says it was written by “" SUPERVISOR "”, but it was sent with the "
                   "login of " QUALITY ": the register records who really answered.");
  g_clear_object (&on_server);
  on_server = gch_store_load_feedback (server_store, ID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gch_feedback_get_n_answers (on_server), ==, 0);

  /* A forward claimed for another agent is refused the same way. */
  g_clear_object (&feedback);
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_FORWARD_FEEDBACK, .feedback = feedback,
                                     .forward_to = "Accueil", .agent = AGENT });
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->quality), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 2);
  {
    gboolean told = FALSE;

    for (guint i = 0; i < conflicts->len; i++)
      told |= g_strcmp0 (((GchConflict *) g_ptr_array_index (conflicts, i))->message,
                         "This record says it was forwarded by “" AGENT "”, but it was sent with "
                         "the login of " QUALITY ": the register records who really forwarded "
                         "it.") == 0;
    g_assert_true (told);
  }
  g_clear_object (&at_counter);
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  at_counter = load (f->counter);
  g_assert_cmpuint (gch_feedback_get_n_forwards (at_counter), ==, 1);
  g_assert_cmpuint (gch_feedback_get_n_answers (at_counter), ==, 0);

  /* A close claimed for the supervisor, sent with the referent's login:
   * refused, and the record stays open at the server.
   */
  g_clear_object (&feedback);
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_ANSWER_FEEDBACK, .feedback = feedback,
                                     .answer = "A second guichet opens at 9:00.",
                                     .agent = QUALITY });
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 0);
  g_clear_object (&feedback);
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_CLOSE_FEEDBACK, .feedback = feedback,
                                     .agent = SUPERVISOR });
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->quality), &error);
  g_assert_no_error (error);
  {
    gboolean told = FALSE;

    for (guint i = 0; i < conflicts->len; i++)
      told |= g_strcmp0 (((GchConflict *) g_ptr_array_index (conflicts, i))->message,
                         "This record says this step was done by “" SUPERVISOR "”, but it was "
                         "sent with the login of " QUALITY ": the register records who really "
                         "did it.") == 0;
    g_assert_true (told);
  }
  g_clear_object (&on_server);
  on_server = gch_store_load_feedback (server_store, ID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gch_feedback_get_status (on_server), !=, GCH_FEEDBACK_STATUS_CLOSED);
  g_assert_null (gch_feedback_get_done_by (on_server, GCH_FEEDBACK_STATUS_CLOSED));
}

/* A record logged by the agent at the desk names them everywhere; one
 * that claims another agent is refused.
 */
static void
test_who_logged (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchFeedback) other = NULL;
  g_autoptr(GchFeedback) on_server = NULL;
  g_autoptr(GchFeedback) at_quality = NULL;
  g_autoptr(GchStore) server_store = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  GchSyncReport report;

  gch_station_set_actor (f->counter, "vm");
  feedback = gch_feedback_new (ID, GCH_FEEDBACK_KIND_SUGGESTION, GCH_FEEDBACK_CHANNEL_GUICHET,
                               GCH_FEEDBACK_CATEGORY_WAITING_TIME,
                               gch_clock_now (gch_station_get_clock (f->counter)),
                               "More chairs in the waiting room.", &error);
  g_assert_no_error (error);
  run_on (f->counter, (GchRequest) { .action = GCH_ACTION_LOG_FEEDBACK, .feedback = feedback,
                                     .agent = AGENT });
  assert_step_actors (gch_store_get_path (gch_station_get_store (f->counter)), "feedback-log",
                      AGENT);
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);

  server_store = gch_store_open (gch_test_server_get_database (f->server), &error);
  g_assert_no_error (error);
  on_server = gch_store_load_feedback (server_store, ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gch_feedback_get_done_by (on_server, GCH_FEEDBACK_STATUS_RECEIVED), ==, AGENT);
  assert_step_actors (gch_test_server_get_database (f->server), "feedback-log", AGENT);
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  at_quality = load (f->quality);
  g_assert_cmpstr (gch_feedback_get_done_by (at_quality, GCH_FEEDBACK_STATUS_RECEIVED), ==, AGENT);

  /* Another, claimed for the referent with the agent's login. */
  other = gch_feedback_new ("6e1f4d6b-8c20-4d2f-a01f-1d3c9e2e8b21", GCH_FEEDBACK_KIND_SUGGESTION, GCH_FEEDBACK_CHANNEL_GUICHET,
                            GCH_FEEDBACK_CATEGORY_WAITING_TIME,
                            gch_clock_now (gch_station_get_clock (f->counter)),
                            "A water fountain.", &error);
  g_assert_no_error (error);
  run_on (f->counter, (GchRequest) { .action = GCH_ACTION_LOG_FEEDBACK, .feedback = other,
                                     .agent = QUALITY });
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 1);
  conflicts = gch_store_list_conflicts (gch_station_get_store (f->counter), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((GchConflict *) g_ptr_array_index (conflicts, 0))->message, ==,
                   "This record says this step was done by “" QUALITY "”, but it was sent with "
                   "the login of " AGENT ": the register records who really did it.");
  g_clear_object (&on_server);
  on_server = gch_store_load_feedback (server_store, "6e1f4d6b-8c20-4d2f-a01f-1d3c9e2e8b21", NULL);
  g_assert_null (on_server);
}

/* A record closed at the server @days_ago days before the demo's day, at
 * 10:00, by the quality referent: a compliment, which needs no answer.
 */
static char *
close_at_server (Fixture    *f,
                 const char *description,
                 int         days_ago)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_store_open (gch_test_server_get_database (f->server), &error);
  g_autoptr(GchFeedback) feedback = NULL;
  g_autofree char *id = g_uuid_string_random ();
  gint64 at = gch_demo_start_time (DATE, 10 * 60) - (gint64) days_ago * 24 * 3600;

  g_assert_no_error (error);
  feedback = gch_feedback_new (id, GCH_FEEDBACK_KIND_COMPLIMENT, GCH_FEEDBACK_CHANNEL_EMAIL,
                               GCH_FEEDBACK_CATEGORY_SERVICE, at, description, &error);
  g_assert_no_error (error);
  g_assert_true (gch_feedback_acknowledge (feedback, at + 3600, &error));
  g_assert_true (gch_feedback_close (feedback, at + 7200, &error));
  g_assert_no_error (error);
  gch_feedback_set_version (feedback, 3);
  g_assert_true (gch_store_save_feedback (store, feedback, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&id);
}

/* A new station, on an empty database, that joins through the day's snapshot. */
static GchStation *
join (Fixture    *f,
      const char *name,
      const char *token,
      const char *actor)
{
  g_autofree char *path = g_build_filename (gch_test_server_get_dir (f->server), name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_store_open (path, &error);
  g_autoptr(GchClock) clock = gch_clock_new_frozen (gch_demo_start_time (DATE, GCH_DEMO_TIME));
  g_autoptr(GchStation) station = NULL;
  GchSyncReport report;

  g_assert_no_error (error);
  g_assert_false (gch_store_has_day (store, DATE));
  station = gch_station_new (store, clock, name);
  gch_station_set_actor (station, actor);
  g_assert_true (sync_station (f, station, token, &report, &error));
  g_assert_no_error (error);
  g_assert_true (report.resynced);
  gch_station_set_day (station, gch_store_load_day (store, DATE, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&station);
}

/* Whether @text is in the database at @path: its file or its write-ahead log. */
static gboolean
file_holds (const char *path,
            const char *text)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  const char *files[] = { path, wal };
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (files) && !found; i++)
    {
      g_autofree char *bytes = NULL;
      gsize length;

      if (g_file_get_contents (files[i], &bytes, &length, NULL))
        found = holds_bytes (bytes, length, text);
      else
        g_assert_true (i > 0);
    }
  return found;
}

/* A supervisor's station that joins gets the register logged before it:
 * the open records and those closed in the last 92 days, as the server
 * has them (status, version, forwards, answers), without any contact; an
 * agent's station that joins gets none of it. The supervisor then works
 * on a record at once: the versions match the server's.
 */
static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchFeedback) joined = NULL;
  g_autoptr(GchFeedback) on_server = NULL;
  g_autoptr(GchStore) server_store = NULL;
  g_autoptr(GchStation) supervisor = NULL;
  g_autoptr(GchStation) agent = NULL;
  g_autoptr(GPtrArray) at_server = NULL;
  g_autoptr(GPtrArray) at_station = NULL;
  g_autoptr(GPtrArray) at_agent = NULL;
  g_autofree char *recent = NULL;
  g_autofree char *old = NULL;
  g_autofree char *supervisor_path = g_build_filename (gch_test_server_get_dir (f->server),
                                                       "joining-supervisor.sqlite", NULL);
  g_autofree char *agent_path = g_build_filename (gch_test_server_get_dir (f->server),
                                                  "joining-agent.sqlite", NULL);
  GchFeedback *received = NULL;
  GchSyncReport report;

  /* Logged at the counter with a contact, worked on by the referent. */
  log_at_counter_while_offline (f);
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  acknowledge_forward_answer (f);
  recent = close_at_server (f, "Closed a month ago: thank you all.", 30);
  old = close_at_server (f, "Closed half a year ago: thank you all.", 200);

  supervisor = join (f, "joining-supervisor.sqlite", f->supervisor_token, SUPERVISOR);
  agent = join (f, "joining-agent.sqlite", f->agent_token, AGENT);

  /* The referent's record, as the server has it, without the contact. */
  server_store = gch_store_open (gch_test_server_get_database (f->server), &error);
  g_assert_no_error (error);
  on_server = gch_store_load_feedback (server_store, ID, &error);
  g_assert_no_error (error);
  joined = load (supervisor);
  g_assert_nonnull (joined);
  g_assert_cmpint (gch_feedback_get_status (joined), ==, GCH_FEEDBACK_STATUS_ANSWERED);
  g_assert_cmpint (gch_feedback_get_version (joined), ==, gch_feedback_get_version (on_server));
  assert_due (joined, "2026-03-24");
  g_assert_cmpuint (gch_feedback_get_n_forwards (joined), ==, 1);
  g_assert_cmpstr (gch_feedback_get_forward (joined, 0)->to, ==, "Titres d’identité");
  g_assert_cmpstr (gch_feedback_get_forward (joined, 0)->by, ==, QUALITY);
  g_assert_cmpuint (gch_feedback_get_n_answers (joined), ==, 1);
  g_assert_cmpstr (gch_feedback_get_answer (joined, 0)->text, ==,
                   "A second guichet opens at 9:00.");
  g_assert_true (gch_feedback_get_consent (joined));
  g_assert_true (gch_store_read_feedback_contact (gch_station_get_store (supervisor), joined,
                                                  SUPERVISOR, GCH_AGENT_ROLE_SUPERVISOR, 0,
                                                  &error));
  g_assert_no_error (error);
  g_assert_false (gch_feedback_has_contact (joined));

  /* The demo's records and the one closed a month ago; not the old one. */
  at_server = gch_store_list_feedback (server_store, &error);
  at_station = gch_store_list_feedback (gch_station_get_store (supervisor), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_server->len, >=, 12);
  g_assert_cmpuint (at_station->len, ==, at_server->len - 1);
  for (guint i = 0; i < at_server->len; i++)
    {
      GchFeedback *record = g_ptr_array_index (at_server, i);
      g_autoptr(GchFeedback) twin = NULL;

      if (g_str_equal (gch_feedback_get_id (record), old))
        continue;
      twin = gch_store_load_feedback (gch_station_get_store (supervisor),
                                      gch_feedback_get_id (record), &error);
      g_assert_no_error (error);
      g_assert_cmpint (gch_feedback_get_status (twin), ==, gch_feedback_get_status (record));
      g_assert_cmpint (gch_feedback_get_version (twin), ==, gch_feedback_get_version (record));
      g_assert_cmpuint (gch_feedback_get_n_answers (twin), ==,
                        gch_feedback_get_n_answers (record));
      if (received == NULL && gch_feedback_get_status (twin) == GCH_FEEDBACK_STATUS_RECEIVED)
        received = g_steal_pointer (&twin);
    }
  {
    g_autoptr(GchFeedback) closed = gch_store_load_feedback (gch_station_get_store (supervisor),
                                                             recent, &error);

    g_assert_no_error (error);
    g_assert_cmpint (gch_feedback_get_status (closed), ==, GCH_FEEDBACK_STATUS_CLOSED);
    g_assert_null (gch_store_load_feedback (gch_station_get_store (supervisor), old, &error));
    g_assert_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* The agent's station has none of the register. */
  at_agent = gch_store_list_feedback (gch_station_get_store (agent), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_agent->len, ==, 0);

  /* No contact on either disk: the demo's nor the counter's. */
  g_clear_object (&agent);
  for (guint i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? supervisor_path : agent_path;

      g_assert_false (file_holds (path, "jeanne@example.fr"));
      g_assert_false (file_holds (path, "0612345678"));
      g_assert_false (file_holds (path, "ana.pereira@example.org"));
      g_assert_true (i == 1 || file_holds (path, "Two hours of waiting with a baby."));
    }

  /* The supervisor works on the register at once: the server takes it. */
  g_assert_nonnull (received);
  run_on (supervisor, (GchRequest) { .action = GCH_ACTION_ACKNOWLEDGE_FEEDBACK,
                                     .feedback = received });
  g_assert_true (sync_station (f, supervisor, f->supervisor_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  g_clear_object (&on_server);
  on_server = gch_store_load_feedback (server_store, gch_feedback_get_id (received), &error);
  g_assert_no_error (error);
  g_assert_cmpint (gch_feedback_get_status (on_server), ==, GCH_FEEDBACK_STATUS_ACKNOWLEDGED);
  g_object_unref (received);
}

/* The demo (`guichet-server load-demo`): the register of the weeks before
 * is at the server only. A supervisor's demo station, which made its day
 * itself, gets it at its first sync, without the contacts; an agent's
 * gets none of it.
 */
static void
test_demo_register (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) server_store = NULL;
  g_autoptr(GPtrArray) at_server = NULL;
  g_autoptr(GPtrArray) at_supervisor = NULL;
  g_autoptr(GPtrArray) at_counter = NULL;
  g_autofree char *path = g_strdup (gch_store_get_path (gch_station_get_store (f->supervisor)));
  GchSyncReport report;

  server_store = gch_store_open (gch_test_server_get_database (f->server), &error);
  g_assert_no_error (error);
  at_server = gch_store_list_feedback (server_store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_server->len, ==, 10);
  at_supervisor = gch_store_list_feedback (gch_station_get_store (f->supervisor), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_supervisor->len, ==, 0);
  g_clear_pointer (&at_supervisor, g_ptr_array_unref);

  g_assert_true (sync_station (f, f->supervisor, f->supervisor_token, &report, &error));
  g_assert_no_error (error);
  /* Counted as pulled: the application reads the day again, its pages too. */
  g_assert_cmpuint (report.pulled, >=, at_server->len);
  g_assert_true (sync_station (f, f->counter, f->agent_token, &report, &error));
  g_assert_no_error (error);

  at_supervisor = gch_store_list_feedback (gch_station_get_store (f->supervisor), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_supervisor->len, ==, at_server->len);
  for (guint i = 0; i < at_server->len; i++)
    {
      GchFeedback *record = g_ptr_array_index (at_server, i);
      GchFeedback *twin = g_ptr_array_index (at_supervisor, i);

      g_assert_cmpstr (gch_feedback_get_id (twin), ==, gch_feedback_get_id (record));
      g_assert_cmpint (gch_feedback_get_status (twin), ==, gch_feedback_get_status (record));
      g_assert_cmpint (gch_feedback_get_version (twin), ==, gch_feedback_get_version (record));
    }
  g_assert_false (file_holds (path, "ana.pereira@example.org"));
  g_assert_false (file_holds (path, "Rachid Amrani"));

  at_counter = gch_store_list_feedback (gch_station_get_store (f->counter), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_counter->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/feedback-sync/offline-log-reaches-quality", Fixture, NULL, fixture_set_up,
              test_offline_log_reaches_quality, fixture_tear_down);
  g_test_add ("/feedback-sync/workflow", Fixture, NULL, fixture_set_up,
              test_workflow_synced, fixture_tear_down);
  g_test_add ("/feedback-sync/contact-at-other-station", Fixture, NULL, fixture_set_up,
              test_contact_at_other_station, fixture_tear_down);
  g_test_add ("/feedback-sync/contacts-at-once", Fixture, NULL, fixture_set_up,
              test_contacts_at_once, fixture_tear_down);
  g_test_add ("/feedback-sync/no-contact", Fixture, NULL, fixture_set_up, test_no_contact,
              fixture_tear_down);
  g_test_add ("/feedback-sync/who-acted", Fixture, NULL, fixture_set_up, test_who_acted,
              fixture_tear_down);
  g_test_add ("/feedback-sync/who-logged", Fixture, NULL, fixture_set_up, test_who_logged,
              fixture_tear_down);
  g_test_add ("/feedback-sync/snapshot", Fixture, NULL, fixture_set_up, test_snapshot,
              fixture_tear_down);
  g_test_add ("/feedback-sync/demo-register", Fixture, NULL, fixture_set_up, test_demo_register,
              fixture_tear_down);

  return g_test_run ();
}
