/* test-faults.c: stations killed, answers lost, cut and corrupted, the server restarted
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
#include <stdlib.h>
#include <string.h>

#include "gch-sim-proxy.h"
#include "gch-test-day.h"
#include "gch-test-server.h"

/* Two kinds of tests. Those that play a day run the real guichet-sim:
 * stations as processes SIGKILLed at random moments, the fault proxy, the
 * server stopped and started; they read its report. The others put one
 * fault between one station and the real server, and look at the
 * station's database before and after.
 *
 * Every test prints its seed; GUICHET_FAULTS_SEED=N replays it.
 * GUICHET_LONG_TESTS=1 kills stations 1,000 times rather than 100.
 */

#define DATE "2026-03-10"
#define AGENT "c.martin"
#define PASSWORD "agent-password-1"

static guint32
test_seed (void)
{
  const char *text = g_getenv ("GUICHET_FAULTS_SEED");
  guint32 seed = text != NULL ? (guint32)strtoul (text, NULL, 10) : g_random_int ();

  g_test_message ("seed: %u (replay with GUICHET_FAULTS_SEED=%u)", seed, seed);
  return seed;
}

/* Runs guichet-sim with @args and the test's seed; returns its output. */
static char *
run_sim (int         *status,
         const char  *first,
         ...)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "..", "src", "sim", "guichet-sim", NULL);
  g_autofree char *seed = g_strdup_printf ("%u", test_seed ());
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (gpointer)"--seed");
  g_ptr_array_add (argv, seed);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);

  g_test_message ("%s", out);
  g_assert_true (g_subprocess_get_if_exited (process));
  *status = g_subprocess_get_exit_status (process);
  return out;
}

/* The number after "@name: " in the report. */
static guint
report_value (const char *report,
              const char *name)
{
  g_autofree char *key = g_strdup_printf ("\n%s: ", name);
  const char *found = strstr (report, key);

  if (found == NULL)
    g_error ("The report says nothing of “%s”", name);
  return strtoul (found + strlen (key), NULL, 10);
}

/* What every day played with faults must end with. */
static void
assert_nothing_violated (const char *report,
                         int         status)
{
  g_assert_cmpuint (report_value (report, "operations committed"), >, 0);
  g_assert_cmpuint (report_value (report, "operations lost"), ==, 0);
  g_assert_cmpuint (report_value (report, "operations unsent"), ==, 0);
  g_assert_cmpuint (report_value (report, "applied twice"), ==, 0);
  g_assert_cmpuint (report_value (report, "applied but answered refused"), ==, 0);
  g_assert_cmpuint (report_value (report, "entries called twice"), ==, 0);
  g_assert_cmpuint (report_value (report, "moves by another guichet"), ==, 0);
  g_assert_cmpuint (report_value (report, "events missing at a station"), ==, 0);
  g_assert_cmpuint (report_value (report, "stations diverged"), ==, 0);
  g_assert_cmpuint (report_value (report, "damaged databases"), ==, 0);
  g_assert_nonnull (strstr (report, "\nresult: ok\n"));
  g_assert_cmpint (status, ==, 0);
}

/* Stations SIGKILLed at random moments, most of them in a sync (they
 * sync after every action), then started again from their database.
 */
static void
test_kills (void)
{
  gboolean long_run = g_strcmp0 (g_getenv ("GUICHET_LONG_TESTS"), "1") == 0;
  const char *kills = long_run ? "1000" : "100";
  g_autofree char *report = NULL;
  int status;

  report = run_sim (&status, "--stations", "3", "--rounds", long_run ? "50" : "10",
                    "--actions", "12", "--sync-every", "1", "--kills", kills, NULL);
  g_assert_cmpuint (report_value (report, "station kills"), ==, atoi (kills));
  assert_nothing_violated (report, status);
}

/* Answers lost after the server applied the operation: the stations send
 * it again, and the server answers "duplicate" rather than apply it twice.
 */
static void
test_lost_answers (void)
{
  g_autofree char *report = NULL;
  int status;

  report = run_sim (&status, "--stations", "3", "--rounds", "5", "--actions", "16",
                    "--faults", "pass=60,reset=40", NULL);
  g_assert_cmpuint (report_value (report, "requests reset"), >, 0);
  assert_nothing_violated (report, status);
}

/* The server down for whole stretches of the day, stopped cleanly or
 * killed: the stations keep working offline and converge after.
 */
static void
test_server_restarts (void)
{
  g_autofree char *report = NULL;
  int status;

  report = run_sim (&status, "--stations", "3", "--rounds", "8", "--actions", "10",
                    "--restarts", "3", NULL);
  g_assert_cmpuint (report_value (report, "server restarts"), ==, 3);
  assert_nothing_violated (report, status);
}

/* Everything at once, on more stations. */
static void
test_everything (void)
{
  g_autofree char *report = NULL;
  int status;

  report = run_sim (&status, "--stations", "6", "--rounds", "6", "--actions", "12",
                    "--kills", "12", "--restarts", "2",
                    "--faults", "pass=60,delay=10,truncate=10,reset=10,corrupt=10", NULL);
  assert_nothing_violated (report, status);
}

/* One station and the real server with the fault proxy between them; a
 * second station talks to the server directly.
 */
typedef struct
{
  GchTestServer *server;
  char          *token;
  GchSimProxy   *proxy;
  char          *proxy_url;
  GchStation    *a;       /* through the proxy */
  GchStation    *b;       /* direct */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  f->server = gch_test_server_new ();
  gch_test_server_load_demo (f->server, DATE);
  gch_test_server_add_agent (f->server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (f->server, NULL);
  f->token = gch_test_server_login (f->server, AGENT, PASSWORD);
  uri = g_uri_parse (gch_test_server_get_url (f->server), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->proxy = gch_sim_proxy_new (g_uri_get_port (uri), test_seed (), &error);
  g_assert_no_error (error);
  f->proxy_url = gch_sim_proxy_dup_url (f->proxy);
  f->a = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "a.sqlite", DATE);
  f->b = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "b.sqlite", DATE);
  gch_station_set_actor (f->a, "station-a");
  gch_station_set_actor (f->b, "station-b");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  gch_sim_proxy_close (f->proxy);
  g_clear_object (&f->proxy);
  g_clear_pointer (&f->proxy_url, g_free);
  g_clear_pointer (&f->token, g_free);
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

/* A round of @station's sync, then its day read again, as the app does. */
static gboolean
sync_station (Fixture        *f,
              GchStation     *station,
              gboolean        push_only,
              GchSyncReport  *report,
              GError        **error)
{
  const char *url = station == f->a ? f->proxy_url : gch_test_server_get_url (f->server);
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (station), url, f->token);
  gboolean ok = push_only ? gch_sync_push (sync, report, NULL, error)
                          : gch_sync_run (sync, report, NULL, error);

  gch_station_set_day (station, gch_store_load_day (gch_station_get_store (station), DATE, NULL));
  return ok;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

/* Two descriptions are the same; on a difference, the first line that
 * differs is told rather than the whole hall.
 */
static void
assert_same (const char *a,
             const char *b)
{
  g_auto(GStrv) lines_a = g_strsplit (a, "\n", -1);
  g_auto(GStrv) lines_b = g_strsplit (b, "\n", -1);

  for (guint i = 0; lines_a[i] != NULL || lines_b[i] != NULL; i++)
    if (lines_a[i] == NULL || lines_b[i] == NULL || !g_str_equal (lines_a[i], lines_b[i]))
      g_error ("They differ: “%s” / “%s”", lines_a[i], lines_b[i]);
}

/* What the station's database holds of the day: every entry, its state,
 * guichet and version, and how many events; read from the file.
 */
static char *
describe (GchStation *station,
          gboolean    with_versions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) day = gch_store_load_day (gch_station_get_store (station), DATE, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s g%u v%" G_GINT64_FORMAT,
                                               gch_queue_entry_get_ticket (entry),
                                               gch_enum_to_nick (GCH_TYPE_ENTRY_STATE,
                                                                 gch_queue_entry_get_state (entry)),
                                               gch_queue_entry_get_guichet (entry),
                                               with_versions ? gch_queue_entry_get_version (entry) : 0));
    }
  g_ptr_array_sort (lines, compare_lines);
  if (with_versions)
    g_ptr_array_add (lines, g_strdup_printf ("%u events", day->events->len));
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **)lines->pdata);
}

static guint
count_events (GchStation *station,
              const char *record_id)
{
  GchDay *day = gch_station_get_day (station);
  guint n = 0;

  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);

      if (g_strcmp0 (gch_event_get_record_id (event), record_id) == 0)
        n++;
    }

  return n;
}

/* An answer cut short or corrupted is an error at the station: nothing of
 * it is applied, its cursor stays; once the answers are whole again, the
 * station sends again, pulls, and ends with the server's hall.
 */
static void
check_bad_answers (Fixture     *f,
                   GchSimFault  fault)
{
  g_autoptr(GchChange) b1 = run (f->b, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2 });
  g_autoptr(GchChange) b2 = run (f->b, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 2 });
  g_autoptr(GchChange) b3 = run (f->b, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = "permis" });
  g_autoptr(GchChange) a1 = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 4 });
  GchStore *store = gch_station_get_store (f->a);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  gint64 cursor = gch_store_get_cursor (store);
  GchSyncReport report;

  g_assert_true (sync_station (f, f->b, FALSE, &report, &error));
  g_assert_no_error (error);
  before = describe (f->a, TRUE);

  /* Every answer broken: the push fails, the outbox stays. Several tries,
   * so that the seeded cuts land in different places.
   */
  gch_sim_proxy_set_fault (f->proxy, fault, NULL);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *after = NULL;

      g_assert_false (sync_station (f, f->a, FALSE, &report, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", gch_sim_fault_to_string (fault), error->message);
      g_clear_error (&error);
      g_assert_cmpint (gch_store_count_outbox (store), ==, 1);
      g_assert_cmpint (gch_store_get_cursor (store), ==, cursor);
      after = describe (f->a, TRUE);
      assert_same (after, before);
    }

  /* Only the feed's pages broken: the push goes through (the server
   * answers "duplicate"), the pages are refused whole.
   */
  gch_sim_proxy_set_fault (f->proxy, fault, "GET");
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *after = NULL;

      g_assert_false (sync_station (f, f->a, FALSE, &report, &error));
      g_assert_nonnull (error);
      g_test_message ("%s, feed: %s", gch_sim_fault_to_string (fault), error->message);
      g_clear_error (&error);
      g_assert_cmpint (gch_store_count_outbox (store), ==, 0);
      g_assert_cmpint (gch_store_get_cursor (store), ==, cursor);
      after = describe (f->a, TRUE);
      assert_same (after, before);
    }
  g_assert_cmpuint (gch_sim_proxy_count (f->proxy, fault), ==, 12);

  gch_sim_proxy_set_fault (f->proxy, GCH_SIM_FAULT_PASS, NULL);
  g_assert_true (sync_station (f, f->a, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_store_get_cursor (store), >, cursor);
  g_assert_true (sync_station (f, f->b, FALSE, &report, &error));
  {
    g_autofree char *on_a = describe (f->a, FALSE);
    g_autofree char *on_b = describe (f->b, FALSE);

    assert_same (on_a, on_b);
  }
  /* The finish A sent through all of that was applied once. */
  g_assert_cmpuint (count_events (f->b, gch_queue_entry_get_id (gch_change_get_entry (a1))), ==,
                    count_events (f->a, gch_queue_entry_get_id (gch_change_get_entry (a1))));
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  check_bad_answers (f, GCH_SIM_FAULT_TRUNCATE);
}

static void
test_corrupted (Fixture       *f,
                gconstpointer  data)
{
  check_bad_answers (f, GCH_SIM_FAULT_CORRUPT);
}

/* The key idempotency case: the server applied the operations, the
 * answer never came. The station sends them again; they apply once.
 */
static void
test_reset_after_forward (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GchChange) finish = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2 });
  g_autoptr(GchChange) call = run (f->a, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 2 });
  GchQueueEntry *entry = gch_change_get_entry (call);
  const char *ticket = gch_queue_entry_get_ticket (entry);
  GchStore *store = gch_station_get_store (f->a);
  g_autoptr(GError) error = NULL;
  GchSyncReport report;

  gch_sim_proxy_set_fault (f->proxy, GCH_SIM_FAULT_RESET, "POST");
  g_assert_false (sync_station (f, f->a, TRUE, &report, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (gch_store_count_outbox (store), ==, 2);

  /* The server did apply them: the other station sees the call. */
  g_assert_true (sync_station (f, f->b, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_queue_entry_get_state (gch_station_find_ticket (f->b, ticket)), ==,
                   GCH_ENTRY_STATE_CALLED);

  gch_sim_proxy_set_fault (f->proxy, GCH_SIM_FAULT_PASS, NULL);
  g_assert_true (sync_station (f, f->a, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.refused, ==, 0);
  g_assert_cmpint (gch_store_count_outbox (store), ==, 0);
  g_assert_cmpint (gch_store_count_conflicts (store), ==, 0);

  /* Once, on both: arrival and one call. */
  g_assert_true (sync_station (f, f->b, FALSE, &report, &error));
  g_assert_cmpuint (count_events (f->b, gch_queue_entry_get_id (entry)), ==,
                    count_events (f->a, gch_queue_entry_get_id (entry)));
  {
    g_autofree char *on_a = describe (f->a, TRUE);
    g_autofree char *on_b = describe (f->b, TRUE);

    assert_same (on_a, on_b);
  }
}

/* The server stopped between saving an operation and saving its answer:
 * the answer's row is taken away, as such a crash leaves it. Sent again,
 * the operation is known as applied, not refused as a conflict with
 * itself.
 */
static void
test_applied_without_answer (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GchChange) finish = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2 });
  GchStore *store = gch_station_get_store (f->a);
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  sqlite3 *db = NULL;
  char *sql;

  gch_sim_proxy_set_fault (f->proxy, GCH_SIM_FAULT_RESET, "POST");
  g_assert_false (sync_station (f, f->a, TRUE, &report, &error));
  g_clear_error (&error);
  g_assert_cmpint (gch_store_count_outbox (store), ==, 1);

  g_assert_cmpint (sqlite3_open (gch_test_server_get_database (f->server), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  sql = sqlite3_mprintf ("DELETE FROM operation_result WHERE uuid = %Q", gch_change_get_uuid (finish));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_free (sql);
  sqlite3_close (db);

  gch_sim_proxy_set_fault (f->proxy, GCH_SIM_FAULT_PASS, NULL);
  g_assert_true (sync_station (f, f->a, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.refused, ==, 0);
  g_assert_cmpint (gch_store_count_outbox (store), ==, 0);
  g_assert_cmpint (gch_store_count_conflicts (store), ==, 0);
}

/* Offline from each other, guichets 2 and 3 call the same person; 3 goes
 * on to start and finish. Guichet 2's call reaches the server first.
 * Returns the ticket.
 */
static const char *
play_refused_chain (Fixture *f)
{
  g_autoptr(GPtrArray) waiting = gch_day_waiting_for_guichet (gch_station_get_day (f->a), 2);
  g_autoptr(GchChange) a1 = NULL, a2 = NULL, b1 = NULL, b2 = NULL, b3 = NULL, b4 = NULL;
  g_autoptr(GError) error = NULL;
  GchSyncReport report;
  const char *ticket;

  g_assert_cmpuint (waiting->len, >, 0);
  ticket = gch_queue_entry_get_ticket (g_ptr_array_index (waiting, 0));

  a1 = run (f->a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2 });
  a2 = run (f->a, (GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 2, .ticket = ticket, .reason = "urgence" });
  b1 = run (f->b, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 3 });
  b2 = run (f->b, (GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 3, .ticket = ticket, .reason = "âge" });
  b3 = run (f->b, (GchRequest) { .action = GCH_ACTION_START_SERVICE, .guichet = 3 });
  b4 = run (f->b, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 3, .outcome = "served" });

  g_assert_true (sync_station (f, f->a, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_true (sync_station (f, f->b, FALSE, &report, &error));
  g_assert_no_error (error);
  /* The call, and the start and finish that followed it, are refused
   * and kept for the agent.
   */
  g_assert_cmpuint (report.refused, ==, 3);
  g_assert_cmpint (gch_store_count_conflicts (gch_station_get_store (f->b)), ==, 3);
  g_assert_true (sync_station (f, f->a, FALSE, &report, &error));
  g_assert_no_error (error);

  return gch_queue_entry_get_ticket (gch_station_find_ticket (f->a, ticket));
}

/* Guichet 3's start had the version guichet 2's call gave the person on
 * the server: only the guichet that has the person moves them on.
 */
static void
test_refused_start_elsewhere (Fixture       *f,
                              gconstpointer  data)
{
  const char *ticket = play_refused_chain (f);
  GchQueueEntry *entry = gch_station_find_ticket (f->a, ticket);

  g_assert_cmpint (gch_queue_entry_get_state (entry), ==, GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry), ==, 2);
}

/* Refused, guichet 3's changes no longer hold the person ahead of the
 * server by their version: the station ends with the server's state.
 */
static void
test_refused_chain_converges (Fixture       *f,
                              gconstpointer  data)
{
  const char *ticket = play_refused_chain (f);
  GchQueueEntry *entry = gch_station_find_ticket (f->b, ticket);
  g_autofree char *on_a = NULL;
  g_autofree char *on_b = NULL;

  g_assert_cmpint (gch_queue_entry_get_state (entry), ==, GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry), ==, 2);
  on_a = describe (f->a, FALSE);
  on_b = describe (f->b, FALSE);
  assert_same (on_a, on_b);
}

/* A check-in makes two events (the appointment checked in, the entry in
 * the queue): the other station gets both.
 */
static void
test_every_event_of_an_operation (Fixture       *f,
                                  gconstpointer  data)
{
  GchDay *day = gch_station_get_day (f->a);
  gint64 now = gch_clock_now (gch_station_get_clock (f->a));
  g_autoptr(GchChange) check_in = NULL;
  g_autoptr(GError) error = NULL;
  GchAppointment *appointment = NULL;
  GchSyncReport report;
  GchQueueEntry *entry;

  for (guint i = 0; i < day->appointments->len && appointment == NULL; i++)
    {
      GchAppointment *candidate = g_ptr_array_index (day->appointments, i);

      if (gch_appointment_get_status (candidate) == GCH_APPOINTMENT_STATUS_BOOKED &&
          gch_appointment_get_starts_at (candidate) > now)
        appointment = candidate;
    }
  g_assert_nonnull (appointment);

  check_in = run (f->a, (GchRequest) { .action = GCH_ACTION_CHECK_IN,
                                       .reference = gch_appointment_get_reference (appointment) });
  entry = gch_change_get_entry (check_in);
  g_assert_cmpuint (gch_change_get_events (check_in)->len, ==, 2);

  g_assert_true (sync_station (f, f->a, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_true (sync_station (f, f->b, FALSE, &report, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_events (f->b, gch_queue_entry_get_id (entry)), ==, 1);
  g_assert_cmpuint (count_events (f->b, gch_appointment_get_reference (appointment)), ==,
                    count_events (f->a, gch_appointment_get_reference (appointment)));
  {
    g_autofree char *on_a = describe (f->a, TRUE);
    g_autofree char *on_b = describe (f->b, TRUE);

    assert_same (on_a, on_b);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/faults/answer/truncated", Fixture, NULL, fixture_set_up, test_truncated,
              fixture_tear_down);
  g_test_add ("/faults/answer/corrupted", Fixture, NULL, fixture_set_up, test_corrupted,
              fixture_tear_down);
  g_test_add ("/faults/answer/reset-after-forward", Fixture, NULL, fixture_set_up,
              test_reset_after_forward, fixture_tear_down);
  g_test_add ("/faults/answer/applied-without-answer", Fixture, NULL, fixture_set_up,
              test_applied_without_answer, fixture_tear_down);
  g_test_add ("/faults/refused/start-elsewhere", Fixture, NULL, fixture_set_up,
              test_refused_start_elsewhere, fixture_tear_down);
  g_test_add ("/faults/refused/chain-converges", Fixture, NULL, fixture_set_up,
              test_refused_chain_converges, fixture_tear_down);
  g_test_add ("/faults/feed/every-event", Fixture, NULL, fixture_set_up,
              test_every_event_of_an_operation, fixture_tear_down);
  g_test_add_func ("/faults/day/kills", test_kills);
  g_test_add_func ("/faults/day/lost-answers", test_lost_answers);
  g_test_add_func ("/faults/day/server-restarts", test_server_restarts);
  g_test_add_func ("/faults/day/everything", test_everything);

  return g_test_run ();
}
