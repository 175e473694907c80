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
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->counter);
  g_clear_object (&f->quality);
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
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_ACKNOWLEDGE_FEEDBACK,
                                     .feedback = feedback });
  g_clear_object (&feedback);
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_FORWARD_FEEDBACK, .feedback = feedback,
                                     .forward_to = "Titres d’identité" });
  g_clear_object (&feedback);
  feedback = load (f->quality);
  run_on (f->quality, (GchRequest) { .action = GCH_ACTION_ANSWER_FEEDBACK, .feedback = feedback,
                                     .answer = "A second guichet opens at 9:00." });
  g_assert_true (sync_station (f, f->quality, f->quality_token, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 3);
  g_assert_cmpuint (report.refused, ==, 0);

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/feedback-sync/offline-log-reaches-quality", Fixture, NULL, fixture_set_up,
              test_offline_log_reaches_quality, fixture_tear_down);
  g_test_add ("/feedback-sync/workflow", Fixture, NULL, fixture_set_up,
              test_workflow_synced, fixture_tear_down);

  return g_test_run ();
}
