/* test-call-next.c: "call next" decided by the server, and long-polling
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

#include "gch-test-day.h"
#include "gch-test-server.h"

/* Online, "call next" is one decision of the real server: a station asking
 * again after a lost answer gets the same person, and eight stations
 * racing through a full hall never call anyone twice. An idle station's
 * pull waits at the server and hears of a change as soon as it is made.
 */

#define DATE "2026-03-10"
#define AGENT "c.martin"
#define PASSWORD "agent-password-1"
#define RACERS 8
#define RACE_ENTRIES 2000

typedef struct
{
  GchTestServer *server;
  char          *token;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = gch_test_server_new ();
  gch_test_server_load_demo (f->server, DATE);
  gch_test_server_add_agent (f->server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (f->server, NULL);
  f->token = gch_test_server_login (f->server, AGENT, PASSWORD);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->token, g_free);
  g_clear_pointer (&f->server, gch_test_server_free);
}

static void
run (GchStation *station,
     GchRequest  request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) change = gch_station_run (station, &request, &error);

  g_assert_no_error (error);
}

static void
reload (GchStation *station)
{
  g_autoptr(GError) error = NULL;

  gch_station_set_day (station, gch_store_load_day (gch_station_get_store (station), DATE, &error));
  g_assert_no_error (error);
}

static char *
call_body (const char *uuid,
           gint64      at)
{
  return g_strdup_printf ("{\"uuid\": \"%s\", \"at\": %" G_GINT64_FORMAT "}", uuid, at);
}

/* The station calls through the server; the person is called at its
 * guichet in its own database, and the other station pulls the same call.
 */
static void
test_online (Fixture       *f,
             gconstpointer  data)
{
  const char *dir = gch_test_server_get_dir (f->server);
  g_autoptr(GchStation) a = gch_test_new_demo_station (dir, "a.sqlite", DATE);
  g_autoptr(GchStation) b = gch_test_new_demo_station (dir, "b.sqlite", DATE);
  g_autoptr(GchSync) sync_a = gch_sync_new (gch_station_get_store (a), gch_test_server_get_url (f->server), f->token);
  g_autoptr(GchSync) sync_b = gch_sync_new (gch_station_get_store (b), gch_test_server_get_url (f->server), f->token);
  gint64 now = gch_clock_now (gch_station_get_clock (a));
  g_autoptr(GError) error = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *expected = NULL;
  GchQueueEntry *called;
  GchSyncReport report;

  /* What the station would have called itself: the same policy decides. */
  run (a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 });
  expected = g_strdup (gch_queue_entry_get_ticket (
                         gch_policy_next (gch_station_get_day (a), gch_station_get_settings (a), 1, now)));

  ticket = gch_sync_call_next (sync_a, 1, now, &report, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ticket, ==, expected);
  /* The finish went up first: the guichet had to be free at the server. */
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (a)), ==, 0);

  reload (a);
  called = gch_station_find_ticket (a, ticket);
  g_assert_cmpint (gch_queue_entry_get_state (called), ==, GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_guichet (called), ==, 1);

  g_assert_true (gch_sync_run (sync_b, &report, NULL, &error));
  g_assert_no_error (error);
  reload (b);
  called = gch_station_find_ticket (b, ticket);
  g_assert_cmpint (gch_queue_entry_get_state (called), ==, GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_guichet (called), ==, 1);

  /* Guichet 1 is busy now: the server says so, and calls nobody. */
  g_clear_pointer (&ticket, g_free);
  ticket = gch_sync_call_next (sync_a, 1, now, NULL, NULL, &error);
  g_assert_null (ticket);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_REFUSED);
  g_test_message ("Busy: %s", error->message);
}

/* With the server down, the station is told so, nothing is called and its
 * outbox waits: the caller calls offline instead.
 */
static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GchStation) a = gch_test_new_demo_station (gch_test_server_get_dir (f->server), "a.sqlite", DATE);
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (a), gch_test_server_get_url (f->server), f->token);
  g_autoptr(GError) error = NULL;
  g_autofree char *ticket = NULL;
  gint64 cursor = gch_store_get_cursor (gch_station_get_store (a));

  run (a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 });
  gch_test_server_stop (f->server);

  ticket = gch_sync_call_next (sync, 1, gch_clock_now (gch_station_get_clock (a)), NULL, NULL, &error);
  g_assert_null (ticket);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_UNREACHABLE);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (a)), ==, 1);
  g_assert_cmpint (gch_store_get_cursor (gch_station_get_store (a)), ==, cursor);
}

/* The same request twice (the answer to the first was lost): the same
 * person, called once. A bad request changes nothing.
 */
static void
test_asked_again (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *uuid = g_uuid_string_random ();
  gint64 at = gch_demo_start_time (DATE, GCH_DEMO_TIME);
  g_autofree char *body = call_body (uuid, at);
  g_autofree char *first_ticket = NULL;
  g_autoptr(GchTestResponse) finish = NULL;
  g_autoptr(GchTestResponse) first = NULL;
  g_autoptr(GchTestResponse) again = NULL;
  g_autoptr(GchTestResponse) response = NULL;
  g_autoptr(GchTestResponse) feed = NULL;
  JsonArray *changes;
  guint calls = 0;

  /* Guichet 3 is free once its current person is done: send that first. */
  {
    g_autoptr(GchStation) station = gch_test_new_demo_station (gch_test_server_get_dir (f->server),
                                                               "s.sqlite", DATE);
    g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (station),
                                            gch_test_server_get_url (f->server), f->token);
    g_autoptr(GError) error = NULL;

    run (station, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 3 });
    g_assert_true (gch_sync_push (sync, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  first = gch_test_server_request (f->server, "POST", "/api/v1/guichets/3/call-next", f->token, body);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpstr (gch_test_response_get_string (first, "status"), ==, "applied");
  first_ticket = g_strdup (gch_test_response_get_string (first, "ticket"));
  g_assert_nonnull (first_ticket);

  again = gch_test_server_request (f->server, "POST", "/api/v1/guichets/3/call-next", f->token, body);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (gch_test_response_get_string (again, "status"), ==, "duplicate");
  g_assert_cmpstr (gch_test_response_get_string (again, "ticket"), ==, first_ticket);

  /* One call in the feed. */
  feed = gch_test_server_request (f->server, "GET", "/api/v1/changes?after=0&limit=2000", f->token, NULL);
  changes = json_object_get_array_member (json_node_get_object (feed->json), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      JsonObject *record = json_object_get_object_member (change, "record");

      if (g_str_equal (json_object_get_string_member (change, "record-kind"), "event") &&
          g_strcmp0 (json_object_get_string_member_with_default (record, "to-state", ""), "called") == 0)
        calls++;
    }
  g_assert_cmpuint (calls, ==, 1);

  response = gch_test_server_request (f->server, "POST", "/api/v1/guichets/0/call-next", f->token, body);
  gch_test_response_assert_error (response, 404, "not-found");
  g_clear_pointer (&response, gch_test_response_free);
  response = gch_test_server_request (f->server, "POST", "/api/v1/guichets/3/call-next", f->token,
                                      "{\"uuid\": \"not-a-uuid\", \"at\": 1}");
  gch_test_response_assert_error (response, 400, "invalid-value");
  g_clear_pointer (&response, gch_test_response_free);
  response = gch_test_server_request (f->server, "POST", "/api/v1/guichets/3/call-next", f->token,
                                      "{\"uuid\": \"0d9e8f2a-5b7c-4e1d-9a3f-6c2b8e4d7a10\"}");
  gch_test_response_assert_error (response, 400, "missing-field");
  g_clear_pointer (&response, gch_test_response_free);
  response = gch_test_server_request (f->server, "POST", "/api/v1/guichets/3/call-next", NULL, body);
  gch_test_response_assert_error (response, 401, "unauthorized");
}

/* The race: a hall of RACE_ENTRIES people waiting, eight guichets calling,
 * serving and calling again as fast as they can, each from its own thread
 * and database. Nobody is called twice, nobody is left.
 */
typedef struct
{
  Fixture    *f;
  guint       guichet;
  GHashTable *called;     /* ticket → guichet, under lock */
  GMutex     *lock;
  guint       twice;
  guint       count;
} Racer;

static gpointer
race (gpointer data)
{
  Racer *racer = data;
  g_autofree char *name = g_strdup_printf ("racer-%u.sqlite", racer->guichet);
  g_autofree char *path = g_build_filename (gch_test_server_get_dir (racer->f->server), name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_store_open (path, &error);
  g_autoptr(GchClock) clock = gch_clock_new_frozen (gch_demo_start_time (DATE, GCH_DEMO_TIME));
  g_autoptr(GchStation) station = gch_station_new (store, clock, AGENT);
  g_autoptr(GchSync) sync = gch_sync_new (store, gch_test_server_get_url (racer->f->server), racer->f->token);

  g_assert_no_error (error);
  while (TRUE)
    {
      g_autofree char *ticket = gch_sync_call_next (sync, racer->guichet, gch_clock_now (clock),
                                                    NULL, NULL, &error);

      if (ticket == NULL)
        {
          /* The hall is empty: the only way out. */
          g_assert_error (error, GCH_ERROR, GCH_ERROR_REFUSED);
          break;
        }

      g_mutex_lock (racer->lock);
      if (g_hash_table_contains (racer->called, ticket))
        racer->twice++;
      g_hash_table_insert (racer->called, g_strdup (ticket), GUINT_TO_POINTER (racer->guichet));
      g_mutex_unlock (racer->lock);
      racer->count++;

      /* The call came down with the feed: serve the person. */
      reload (station);
      run (station, (GchRequest) { .action = GCH_ACTION_START_SERVICE, .guichet = racer->guichet });
      run (station, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = racer->guichet });
    }

  return NULL;
}

/* The demo day before its first visitor, every guichet open for every
 * service and free, and RACE_ENTRIES walk-ins waiting.
 */
static GchDay *
new_full_hall (void)
{
  gint64 now = gch_demo_start_time (DATE, GCH_DEMO_TIME);
  GchDay *day = gch_demo_generate (GCH_DEMO_SEED, DATE, 8 * 60);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < day->services->len; i++)
    g_ptr_array_add (codes, (gpointer) gch_service_get_code (g_ptr_array_index (day->services, i)));
  g_ptr_array_add (codes, NULL);

  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, i);

      day->guichets->pdata[i] = g_object_new (GCH_TYPE_GUICHET,
                                              "number", gch_guichet_get_number (guichet),
                                              "label", gch_guichet_get_label (guichet),
                                              "agent-id", gch_guichet_get_agent_id (guichet),
                                              "services", codes->pdata,
                                              "accessible", TRUE,
                                              "state", GCH_GUICHET_STATE_OPEN,
                                              NULL);
      g_object_unref (guichet);
    }

  /* Nobody booked: the appointments would wait for their slots. */
  g_ptr_array_set_size (day->appointments, 0);
  g_ptr_array_set_size (day->entries, 0);
  g_ptr_array_set_size (day->events, 0);

  for (guint i = 0; i < RACE_ENTRIES; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i % day->services->len);
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *ticket = g_strdup_printf ("%s%04u", gch_service_get_prefix (service), i + 1);

      g_ptr_array_add (day->entries, g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                                   "id", id,
                                                   "ticket", ticket,
                                                   "service", service,
                                                   "arrived-at", now - 3600 + i,
                                                   "state", GCH_ENTRY_STATE_WAITING,
                                                   NULL));
    }

  return day;
}

static void
import_day (const char *path,
            GchDay     *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (gch_store_import_day (store, day, &error));
  g_assert_no_error (error);
}

static void
test_race (void)
{
  g_autoptr(GchTestServer) server = gch_test_server_new ();
  g_autoptr(GchDay) day = new_full_hall ();
  g_autoptr(GHashTable) called = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GchTestResponse) feed = NULL;
  GThread *threads[RACERS];
  Racer racers[RACERS];
  Fixture f = { server, NULL };
  GMutex lock;
  guint twice = 0, count = 0;

  /* The server and every station start from the same hall. */
  import_day (gch_test_server_get_database (server), day);
  for (guint i = 0; i < RACERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("racer-%u.sqlite", i + 1);
      g_autofree char *path = g_build_filename (gch_test_server_get_dir (server), name, NULL);

      import_day (path, day);
    }
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (server, NULL);
  f.token = gch_test_server_login (server, AGENT, PASSWORD);

  g_mutex_init (&lock);
  for (guint i = 0; i < RACERS; i++)
    {
      racers[i] = (Racer) { &f, i + 1, called, &lock, 0, 0 };
      threads[i] = g_thread_new ("racer", race, &racers[i]);
    }
  for (guint i = 0; i < RACERS; i++)
    {
      g_thread_join (threads[i]);
      twice += racers[i].twice;
      count += racers[i].count;
      g_test_message ("Guichet %u called %u people", racers[i].guichet, racers[i].count);
    }
  g_mutex_clear (&lock);

  g_assert_cmpuint (twice, ==, 0);
  g_assert_cmpuint (count, ==, RACE_ENTRIES);
  g_assert_cmpuint (g_hash_table_size (called), ==, RACE_ENTRIES);
  /* Every guichet had its share: this was a race, not a queue. */
  for (guint i = 0; i < RACERS; i++)
    g_assert_cmpuint (racers[i].count, >, 0);

  g_free (f.token);
}

/* An idle station's pull waits at the server, and comes back with the
 * call another station made meanwhile rather than with an empty page.
 */
typedef struct
{
  GMainLoop    *loop;
  GchSyncReport report;
  GError       *error;
} Waiting;

static void
round_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Waiting *waiting = user_data;

  gch_sync_run_finish (GCH_SYNC (object), result, &waiting->report, &waiting->error);
  g_main_loop_quit (waiting->loop);
}

static gboolean
push_call_cb (gpointer user_data)
{
  GchStation *a = user_data;
  g_autoptr(GError) error = NULL;
  GchSync *sync;

  run (a, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2 });
  run (a, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 2 });
  sync = g_object_get_data (G_OBJECT (a), "sync");
  g_assert_true (gch_sync_push (sync, NULL, NULL, &error));
  g_assert_no_error (error);

  return G_SOURCE_REMOVE;
}

static void
test_long_poll (Fixture       *f,
                gconstpointer  data)
{
  const char *dir = gch_test_server_get_dir (f->server);
  g_autoptr(GchStation) a = gch_test_new_demo_station (dir, "a.sqlite", DATE);
  g_autoptr(GchStation) b = gch_test_new_demo_station (dir, "b.sqlite", DATE);
  g_autoptr(GchSync) sync_a = gch_sync_new (gch_station_get_store (a), gch_test_server_get_url (f->server), f->token);
  g_autoptr(GchSync) sync_b = gch_sync_new (gch_station_get_store (b), gch_test_server_get_url (f->server), f->token);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiting waiting = { loop };
  g_autoptr(GError) error = NULL;

  /* B is up to date, with nothing to send. */
  g_assert_true (gch_sync_run (sync_b, NULL, NULL, &error));
  g_assert_no_error (error);

  /* It waits for news, up to a minute; A calls someone meanwhile. */
  gch_sync_set_wait (sync_b, 60);
  gch_sync_run_async (sync_b, NULL, round_done_cb, &waiting);
  g_object_set_data (G_OBJECT (a), "sync", sync_a);
  g_timeout_add (300, push_call_cb, a);
  g_main_loop_run (loop);

  g_assert_no_error (waiting.error);
  g_assert_cmpuint (waiting.report.pulled, >, 0);
  reload (b);
  g_assert_cmpuint (gch_store_count_outbox (gch_station_get_store (a)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/call-next/online", Fixture, NULL, fixture_set_up, test_online, fixture_tear_down);
  g_test_add ("/call-next/unreachable", Fixture, NULL, fixture_set_up, test_unreachable,
              fixture_tear_down);
  g_test_add ("/call-next/asked-again", Fixture, NULL, fixture_set_up, test_asked_again,
              fixture_tear_down);
  g_test_add_func ("/call-next/race", test_race);
  g_test_add ("/call-next/long-poll", Fixture, NULL, fixture_set_up, test_long_poll,
              fixture_tear_down);

  return g_test_run ();
}
