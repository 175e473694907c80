/* test-offline.c: ticket blocks and the offline rules of a station
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

#include "gch-test-day.h"

/* DESIGN.md §6, on the demo day in a real store: a station numbers its new
 * tickets from the blocks of numbers it reserved, in the ticket's own
 * transaction; one that never reserved any numbers as it always did; and
 * offline, it calls only those waiting for its guichet and those it issued
 * itself while offline.
 */

#define DATE "2026-03-10"

typedef struct
{
  char       *dir;
  GchStation *station;
  GchStore   *store;
  GchDay     *day;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("guichet-offline-XXXXXX", &error);
  g_assert_no_error (error);
  f->station = gch_test_new_demo_station (f->dir, "station.sqlite", DATE);
  f->store = gch_station_get_store (f->station);
  f->day = gch_station_get_day (f->station);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->station);
  gch_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static GchChange *
run_ok (Fixture          *f,
        const GchRequest *request)
{
  g_autoptr(GError) error = NULL;
  GchChange *change = gch_station_run (f->station, request, &error);

  g_assert_no_error (error);
  g_assert_nonnull (change);
  return change;
}

static const char *
issue_ok (Fixture    *f,
          const char *service)
{
  g_autoptr(GchChange) change = run_ok (f, &(GchRequest) { .action = GCH_ACTION_ISSUE_TICKET,
                                                           .service = service });

  /* The entry lives on in the day. */
  return gch_queue_entry_get_ticket (gch_change_get_entry (change));
}

static const char *
prefix_of (Fixture    *f,
           const char *service)
{
  return gch_service_get_prefix (gch_day_find_service (f->day, service));
}

/* The highest number the day's tickets of @service have. */
static guint
highest_number (Fixture    *f,
                const char *service)
{
  const char *prefix = prefix_of (f, service);
  guint highest = 0;

  for (guint i = 0; i < f->day->entries->len; i++)
    {
      const char *ticket = gch_queue_entry_get_ticket (g_ptr_array_index (f->day->entries, i));

      if (g_str_has_prefix (ticket, prefix))
        highest = MAX (highest, (guint) g_ascii_strtoull (ticket + strlen (prefix), NULL, 10));
    }

  return highest;
}

static void
add_block (Fixture    *f,
           const char *service,
           guint       first,
           guint       last)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GchTicketBlock block = { uuid, (char *) DATE, (char *) service,
                           (char *) prefix_of (f, service), first, last };
  g_autoptr(GError) error = NULL;

  g_assert_true (gch_store_add_ticket_block (f->store, &block, 0, &error));
  g_assert_no_error (error);
}

static char *
ticket_name (Fixture    *f,
             const char *service,
             guint       number)
{
  return g_strdup_printf ("%s%03u", prefix_of (f, service), number);
}

static void
exec_sql (Fixture    *f,
          const char *sql)
{
  g_autofree char *path = g_build_filename (f->dir, "station.sqlite", NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* Without a block for the day (a standalone station, the demo), the next
 * number follows the highest one the station knows, as it always did.
 */
static void
test_numbering_without_blocks (Fixture       *f,
                               gconstpointer  data)
{
  guint highest = highest_number (f, "titres");
  g_autofree char *expected = ticket_name (f, "titres", highest + 1);
  g_autoptr(GPtrArray) blocks = gch_store_dup_ticket_blocks (f->store, DATE);

  g_assert_cmpuint (blocks->len, ==, 0);
  g_assert_cmpstr (issue_ok (f, "titres"), ==, expected);
  /* Blocks of another day change nothing today. */
  {
    g_autofree char *uuid = g_uuid_string_random ();
    GchTicketBlock other = { uuid, (char *) "2026-03-11", (char *) "titres",
                             (char *) prefix_of (f, "titres"), 900, 949 };
    g_autofree char *next = ticket_name (f, "titres", highest + 2);

    g_assert_true (gch_store_add_ticket_block (f->store, &other, 0, NULL));
    g_assert_cmpstr (issue_ok (f, "titres"), ==, next);
  }
}

/* With blocks, a station numbers from them, in order, a block after the
 * other; used up, it says so and gives no number of its own.
 */
static void
test_numbering_from_blocks (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) refused = NULL;
  g_autofree char *a501 = ticket_name (f, "titres", 501);
  g_autofree char *a502 = ticket_name (f, "titres", 502);
  g_autofree char *a503 = ticket_name (f, "titres", 503);
  g_autofree char *a601 = ticket_name (f, "titres", 601);
  gint64 outbox;

  g_assert_cmpuint (highest_number (f, "titres"), <, 500);
  add_block (f, "titres", 601, 601);
  add_block (f, "titres", 501, 503);
  g_assert_cmpint (gch_store_count_free_tickets (f->store, DATE, "titres", NULL), ==, 4);

  g_assert_cmpstr (issue_ok (f, "titres"), ==, a501);
  g_assert_cmpstr (issue_ok (f, "titres"), ==, a502);
  g_assert_cmpstr (issue_ok (f, "titres"), ==, a503);
  g_assert_cmpint (gch_store_count_free_tickets (f->store, DATE, "titres", NULL), ==, 1);
  g_assert_cmpstr (issue_ok (f, "titres"), ==, a601);
  g_assert_cmpint (gch_store_count_free_tickets (f->store, DATE, "titres", NULL), ==, 0);

  /* Used up, online: more are coming from the server; nothing is saved. */
  outbox = gch_store_count_outbox (f->store);
  refused = gch_station_run (f->station, &(GchRequest) { .action = GCH_ACTION_ISSUE_TICKET,
                                                         .service = "titres" }, &error);
  g_assert_null (refused);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NO_TICKETS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "No ticket numbers are left"));
  g_assert_nonnull (strstr (error->message, "reserved"));
  g_clear_error (&error);

  /* Offline, it says it cannot get more until the server is back. */
  gch_station_set_online (f->station, FALSE);
  refused = gch_station_run (f->station, &(GchRequest) { .action = GCH_ACTION_ISSUE_TICKET,
                                                         .service = "titres" }, &error);
  g_assert_null (refused);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NO_TICKETS);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Offline:"));
  g_assert_nonnull (strstr (error->message, "server is back"));
  g_clear_error (&error);
  g_assert_cmpint (gch_store_count_outbox (f->store), ==, outbox);

  /* A service without a block of its own, on a day with blocks: no number
   * that could be another station's.
   */
  refused = gch_station_run (f->station, &(GchRequest) { .action = GCH_ACTION_ISSUE_TICKET,
                                                         .service = "permis" }, &error);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NO_TICKETS);
  g_clear_error (&error);
  g_assert_cmpint (gch_store_count_outbox (f->store), ==, outbox);
}

/* A checked-in appointment takes its number from the blocks too: the
 * board calls numbers, and two stations must never call the same one.
 */
static void
test_numbering_check_in (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *expected = NULL;
  GchAppointment *booked = NULL;
  const char *service;

  for (guint i = 0; booked == NULL && i < f->day->appointments->len; i++)
    if (gch_appointment_get_status (g_ptr_array_index (f->day->appointments, i)) ==
        GCH_APPOINTMENT_STATUS_BOOKED)
      booked = g_ptr_array_index (f->day->appointments, i);
  g_assert_nonnull (booked);

  service = gch_service_get_code (gch_appointment_get_service (booked));
  add_block (f, service, 701, 710);
  expected = ticket_name (f, service, 701);
  change = run_ok (f, &(GchRequest) { .action = GCH_ACTION_CHECK_IN,
                                      .reference = gch_appointment_get_reference (booked) });
  g_assert_cmpstr (gch_queue_entry_get_ticket (gch_change_get_entry (change)), ==, expected);
}

/* The number and its use are one transaction: a ticket whose transaction
 * fails leaves its number to the next ticket.
 */
static void
test_failed_ticket_keeps_number (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) failed = NULL;
  g_autofree char *a501 = ticket_name (f, "titres", 501);
  guint entries = f->day->entries->len;

  add_block (f, "titres", 501, 510);

  /* The disk refuses the outbox row, the last write of the transaction. */
  exec_sql (f, "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox "
               "BEGIN SELECT RAISE (ABORT, 'disk full'); END");
  failed = gch_station_run (f->station, &(GchRequest) { .action = GCH_ACTION_ISSUE_TICKET,
                                                        .service = "titres" }, &error);
  g_assert_null (failed);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (f->day->entries->len, ==, entries);
  g_assert_cmpint (gch_store_count_free_tickets (f->store, DATE, "titres", NULL), ==, 10);

  exec_sql (f, "DROP TRIGGER fail_outbox");
  g_assert_cmpstr (issue_ok (f, "titres"), ==, a501);
  g_assert_cmpint (gch_store_count_free_tickets (f->store, DATE, "titres", NULL), ==, 9);
}

/* The blocks and the entries issued offline are the database's: a station
 * started again has them.
 */
static void
test_kept_across_restart (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "station.sqlite", NULL);
  g_autofree char *a502 = ticket_name (f, "titres", 502);
  g_autoptr(GchStore) again = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *online_id = NULL;
  g_autofree char *offline_id = NULL;
  GchTicketBlock *block;

  add_block (f, "titres", 501, 520);
  online_id = g_strdup (gch_queue_entry_get_id (
    gch_station_find_ticket (f->station, issue_ok (f, "titres"))));
  gch_station_set_online (f->station, FALSE);
  offline_id = g_strdup (gch_queue_entry_get_id (
    gch_station_find_ticket (f->station, issue_ok (f, "titres"))));
  g_clear_object (&f->station);

  again = gch_store_open (path, &error);
  g_assert_no_error (error);
  blocks = gch_store_dup_ticket_blocks (again, DATE);
  g_assert_cmpuint (blocks->len, ==, 1);
  block = g_ptr_array_index (blocks, 0);
  g_assert_cmpstr (block->service, ==, "titres");
  g_assert_cmpuint (block->first, ==, 501);
  g_assert_cmpuint (block->last, ==, 520);
  g_assert_cmpint (gch_store_count_free_tickets (again, DATE, "titres", NULL), ==, 18);
  g_assert_true (gch_store_is_issued_offline (again, offline_id));
  g_assert_false (gch_store_is_issued_offline (again, online_id));

  {
    g_autoptr(GchDay) day = gch_store_load_day (again, DATE, &error);
    GchQueueEntry *first = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < day->entries->len; i++)
      if (g_str_equal (gch_queue_entry_get_ticket (g_ptr_array_index (day->entries, i)), a502))
        first = g_ptr_array_index (day->entries, i);
    g_assert_nonnull (first);
    g_assert_cmpstr (gch_queue_entry_get_id (first), ==, offline_id);
  }
}

static gboolean
callable_offline (Fixture       *f,
                  GchQueueEntry *entry,
                  guint          guichet)
{
  return gch_queue_entry_get_guichet (entry) == guichet ||
         gch_store_is_issued_offline (f->store, gch_queue_entry_get_id (entry));
}

/* Offline, out of turn: only whom no other station can call. */
static void
test_offline_call_out_of_turn (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GchChange) finish = run_ok (f, &(GchRequest) { .action = GCH_ACTION_FINISH_SERVICE,
                                                           .guichet = 1 });
  g_autoptr(GchChange) refused = NULL;
  g_autoptr(GchChange) called = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  GchQueueEntry *other = NULL;
  const char *mine;
  gint64 outbox;

  for (guint i = 0; other == NULL && i < f->day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (f->day->entries, i);

      if (gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING &&
          gch_queue_entry_get_guichet (entry) != 1)
        other = entry;
    }
  g_assert_nonnull (other);

  /* Online, a walk-in issued is not marked: the server decides its call. */
  g_assert_false (gch_store_is_issued_offline (
    f->store, gch_queue_entry_get_id (gch_station_find_ticket (f->station, issue_ok (f, "titres")))));

  gch_station_set_online (f->station, FALSE);
  g_assert_false (gch_station_get_online (f->station));
  outbox = gch_store_count_outbox (f->store);
  refused = gch_station_run (f->station,
                             &(GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1,
                                             .ticket = gch_queue_entry_get_ticket (other),
                                             .reason = "urgence" },
                             &error);
  g_assert_null (refused);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_OFFLINE);
  expected = g_strdup_printf ("Offline: %s is not assigned to this guichet; it will be called "
                              "when the server is back.", gch_queue_entry_get_ticket (other));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (gch_queue_entry_get_state (other), ==, GCH_ENTRY_STATE_WAITING);
  g_assert_cmpint (gch_store_count_outbox (f->store), ==, outbox);
  g_clear_error (&error);

  /* Issued here while offline: this station's to call. */
  mine = issue_ok (f, "titres");
  g_assert_true (gch_store_is_issued_offline (
    f->store, gch_queue_entry_get_id (gch_station_find_ticket (f->station, mine))));
  called = run_ok (f, &(GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1,
                                      .ticket = mine, .reason = "urgence" });
  g_assert_cmpstr (gch_queue_entry_get_ticket (gch_change_get_entry (called)), ==, mine);
  g_assert_cmpint (gch_queue_entry_get_state (gch_change_get_entry (called)), ==,
                   GCH_ENTRY_STATE_CALLED);
}

/* Offline, "call next" goes through the queue of those this station may
 * call, in the policy's order, then says plainly who is left for the
 * server; back online, it calls as the policy says.
 */
static void
test_offline_call_next (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) refused = NULL;
  g_autoptr(GchChange) online = NULL;
  GchClock *clock = gch_station_get_clock (f->station);
  const char *mine;
  gboolean mine_called = FALSE;
  guint calls = 0;

  g_autoptr(GchChange) finish = run_ok (f, &(GchRequest) { .action = GCH_ACTION_FINISH_SERVICE,
                                                           .guichet = 1 });
  gch_station_set_online (f->station, FALSE);
  mine = issue_ok (f, gch_guichet_get_services (gch_day_find_guichet (f->day, 1))[0]);

  while (TRUE)
    {
      g_autoptr(GchChange) call = NULL;
      g_autoptr(GchChange) done = NULL;
      GchQueueEntry *entry;

      if (!(call = gch_station_run (f->station, &(GchRequest) { .action = GCH_ACTION_CALL_NEXT,
                                                                .guichet = 1 }, &error)))
        break;

      entry = gch_change_get_entry (call);
      g_assert_true (callable_offline (f, entry, 1));
      mine_called |= g_str_equal (gch_queue_entry_get_ticket (entry), mine);
      g_clear_object (&call);
      call = run_ok (f, &(GchRequest) { .action = GCH_ACTION_START_SERVICE, .guichet = 1 });
      done = run_ok (f, &(GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 });
      g_assert_cmpuint (++calls, <, 200);
    }

  g_assert_true (mine_called);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_EMPTY);
  g_test_message ("%u calls offline; then: %s", calls, error->message);
  g_assert_true (g_str_has_prefix (error->message, "Offline: nobody waiting is assigned to guichet 1"));
  g_assert_nonnull (strstr (error->message, "when the server is back"));
  g_clear_error (&error);

  /* Those left were all out of this station's reach, and they still wait. */
  for (guint i = 0; i < f->day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (f->day->entries, i);

      if (gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING)
        g_assert_false (callable_offline (f, entry, 1));
    }

  /* Back online: the policy's choice, among everyone. */
  gch_station_set_online (f->station, TRUE);
  {
    GchQueueEntry *next = gch_policy_next (f->day, gch_station_get_settings (f->station), 1,
                                           gch_clock_now (clock));

    g_assert_nonnull (next);
    online = run_ok (f, &(GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 });
    g_assert_true (gch_change_get_entry (online) == next);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/offline/numbering/without-blocks", Fixture, NULL, fixture_set_up,
              test_numbering_without_blocks, fixture_tear_down);
  g_test_add ("/offline/numbering/from-blocks", Fixture, NULL, fixture_set_up,
              test_numbering_from_blocks, fixture_tear_down);
  g_test_add ("/offline/numbering/check-in", Fixture, NULL, fixture_set_up,
              test_numbering_check_in, fixture_tear_down);
  g_test_add ("/offline/numbering/failed-ticket-keeps-number", Fixture, NULL, fixture_set_up,
              test_failed_ticket_keeps_number, fixture_tear_down);
  g_test_add ("/offline/kept-across-restart", Fixture, NULL, fixture_set_up,
              test_kept_across_restart, fixture_tear_down);
  g_test_add ("/offline/calling/out-of-turn", Fixture, NULL, fixture_set_up,
              test_offline_call_out_of_turn, fixture_tear_down);
  g_test_add ("/offline/calling/next", Fixture, NULL, fixture_set_up,
              test_offline_call_next, fixture_tear_down);

  return g_test_run ();
}
