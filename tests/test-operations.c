/* test-operations.c: one station's operations, replayed by another
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

#include "gch-test-day.h"

/* What a station does goes to its outbox as operations; the server — here
 * a second store holding the same day — replays them with the same code.
 * Both must end in the same state, an operation must apply once, and one
 * that comes too late must be refused with what happened instead.
 */

#define DATE "2026-11-23"

typedef struct
{
  char       *dir;
  GchStation *station;   /* where the agents act */
  GchStation *other;     /* a second station of the same site */
  GchStation *server;    /* where their operations are replayed */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("guichet-operations-XXXXXX", NULL);
  f->station = gch_test_new_demo_station (f->dir, "station.sqlite", DATE);
  f->other = gch_test_new_demo_station (f->dir, "other.sqlite", DATE);
  f->server = gch_test_new_demo_station (f->dir, "server.sqlite", DATE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->station);
  g_clear_object (&f->other);
  g_clear_object (&f->server);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
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

/* Sends @change as it would travel: an operation, in JSON, read back. */
static GchOperation *
over_the_wire (GchChange *change)
{
  g_autoptr(GchOperation) operation = gch_operation_new_from_change (change);
  g_autoptr(JsonNode) json = gch_codec_operation_to_json (operation);
  g_autofree char *text = gch_codec_to_string (json);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  GchOperation *received;

  parsed = gch_codec_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  received = gch_codec_operation_from_json (parsed, &error);
  g_assert_no_error (error);

  return received;
}

static gboolean
replay (GchStation  *server,
        GchChange   *change,
        GError     **error)
{
  g_autoptr(GchOperation) operation = over_the_wire (change);
  g_autoptr(GchChange) replayed = gch_station_decide_operation (server, operation, error);

  if (replayed == NULL ||
      !gch_store_apply_change (gch_station_get_store (server), replayed, error))
    return FALSE;

  gch_change_apply (replayed, gch_station_get_day (server));
  return TRUE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (gch_queue_entry_get_id (*(GchQueueEntry **)a),
                    gch_queue_entry_get_id (*(GchQueueEntry **)b));
}

/* Every entry, one line each, in the order of their ids: memory lists them
 * as they came, the disk by arrival.
 */
static char *
describe_entries (GchDay *day)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_copy (day->entries, (GCopyFunc) g_object_ref, NULL);
  GString *text = g_string_new (NULL);

  g_ptr_array_sort (entries, compare_ids);
  for (guint i = 0; i < entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (entries, i);
      GchAppointment *appointment = gch_queue_entry_get_appointment (entry);

      g_string_append_printf (text, "%s %s %s g%u c%" G_GINT64_FORMAT " r%u v%" G_GINT64_FORMAT
                              " o%s p%" G_GINT64_FORMAT " t%s a%s\n",
                              gch_queue_entry_get_id (entry), gch_queue_entry_get_ticket (entry),
                              gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, gch_queue_entry_get_state (entry)),
                              gch_queue_entry_get_guichet (entry),
                              gch_queue_entry_get_called_at (entry),
                              gch_queue_entry_get_recalls (entry),
                              gch_queue_entry_get_version (entry),
                              gch_queue_entry_get_outcome (entry),
                              gch_queue_entry_get_printed_at (entry),
                              gch_queue_entry_get_transferred_from (entry),
                              appointment ? gch_enum_to_nick (GCH_TYPE_APPOINTMENT_STATUS,
                                                              gch_appointment_get_status (appointment))
                                          : "-");
    }

  return g_string_free (text, FALSE);
}

static GchAppointment *
first_booked_at (GchDay *day,
                 guint   guichet)
{
  g_autoptr(GPtrArray) expected = gch_day_expected_for_guichet (day, guichet);

  g_assert_cmpuint (expected->len, >, 0);
  return g_ptr_array_index (expected, expected->len - 1);
}

/* A morning of every action, replayed: the server ends where the station is. */
static void
test_replay_every_action (Fixture       *f,
                          gconstpointer  data)
{
  GchDay *day = gch_station_get_day (f->station);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *on_station = NULL;
  g_autofree char *on_server = NULL;
  g_autoptr(GchDay) reloaded = NULL;
  g_autofree char *on_disk = NULL;
  g_autoptr(GError) error = NULL;
  GchChange *change;
  char *held;

  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_RECALL, .guichet = 1 }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_START_SERVICE, .guichet = 1 }));
  change = run (f->station, (GchRequest) { .action = GCH_ACTION_HOLD, .guichet = 1 });
  held = g_strdup (gch_queue_entry_get_ticket (gch_change_get_entry (change)));
  g_ptr_array_add (changes, change);
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_RESUME, .guichet = 1, .ticket = held }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_NO_SHOW, .guichet = 1 }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_START_SERVICE, .guichet = 1 }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_SET_NOTES, .guichet = 1, .notes = "Revient avec la photo" }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_TRANSFER, .guichet = 1, .service = "sejour" }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = "titres", .priority = GCH_PRIORITY_PREGNANCY }));
  change = run (f->station, (GchRequest) { .action = GCH_ACTION_MARK_PRINTED, .ticket = gch_queue_entry_get_ticket (gch_change_get_entry (g_ptr_array_index (changes, changes->len - 1))) });
  g_ptr_array_add (changes, change);
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_CHECK_IN, .reference = gch_appointment_get_reference (first_booked_at (day, 2)) }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_PAUSE_GUICHET, .guichet = 4 }));
  g_ptr_array_add (changes, run (f->station, (GchRequest) { .action = GCH_ACTION_OPEN_GUICHET, .guichet = 4 }));
  g_free (held);

  for (guint i = 0; i < changes->len; i++)
    {
      g_assert_true (replay (f->server, g_ptr_array_index (changes, i), &error));
      g_assert_no_error (error);
    }

  on_station = describe_entries (day);
  on_server = describe_entries (gch_station_get_day (f->server));
  g_assert_cmpstr (on_server, ==, on_station);

  /* And on the server's disk too */
  reloaded = gch_store_load_day (gch_station_get_store (f->server), DATE, &error);
  g_assert_no_error (error);
  on_disk = describe_entries (reloaded);
  g_assert_cmpstr (on_disk, ==, on_station);
  g_assert_cmpint (gch_guichet_get_state (gch_day_find_guichet (reloaded, 4)), ==,
                   GCH_GUICHET_STATE_OPEN);
}

/* Sending an operation again — after a timeout, a lost answer, a crash —
 * changes nothing the second time.
 */
static void
test_replay_once (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GchChange) change = run (f->station, (GchRequest) { .action = GCH_ACTION_ISSUE_TICKET, .service = "permis" });
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (replay (f->server, change, &error));
  g_assert_no_error (error);
  before = describe_entries (gch_station_get_day (f->server));

  g_assert_false (replay (f->server, change, &error));
  g_assert_nonnull (error);
  /* Either refused as a ticket taken, or as an operation applied already */
  g_assert_true (g_error_matches (error, GCH_ERROR, GCH_ERROR_DUPLICATE) ||
                 g_error_matches (error, GCH_ERROR, GCH_ERROR_CONFLICT));
  after = describe_entries (gch_station_get_day (f->server));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->server)), ==, 1);
}

/* Two stations call the same person: the server keeps the first, and
 * tells the second who called them, where and when.
 */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) waiting = gch_day_waiting_for_guichet (gch_station_get_day (f->station), 2);
  g_autoptr(GchChange) finish_2 = NULL;
  g_autoptr(GchChange) finish_3 = NULL;
  g_autoptr(GchChange) first = NULL;
  g_autoptr(GchChange) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *ticket;

  g_assert_cmpuint (waiting->len, >, 0);
  ticket = gch_queue_entry_get_ticket (g_ptr_array_index (waiting, 0));

  /* Offline from each other, guichets 2 and 3 each call the same person. */
  finish_2 = run (f->station, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2 });
  first = run (f->station, (GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 2,
                                          .ticket = ticket, .reason = "rendez-vous urgent" });
  finish_3 = run (f->other, (GchRequest) { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 3 });
  second = run (f->other, (GchRequest) { .action = GCH_ACTION_CALL_ENTRY, .guichet = 3,
                                         .ticket = ticket, .reason = "personne âgée" });

  g_assert_true (replay (f->server, finish_2, &error));
  g_assert_true (replay (f->server, first, &error));
  g_assert_true (replay (f->server, finish_3, &error));
  g_assert_no_error (error);
  before = describe_entries (gch_station_get_day (f->server));

  g_assert_false (replay (f->server, second, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_CONFLICT);
  expected = g_strdup_printf ("%s was already called at guichet 2 at 10:30.", ticket);
  g_assert_cmpstr (error->message, ==, expected);

  /* Nothing of the refused operation reached the server. */
  after = describe_entries (gch_station_get_day (f->server));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (gch_store_count_outbox (gch_station_get_store (f->server)), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/operations/replay/every-action", Fixture, NULL, fixture_set_up,
              test_replay_every_action, fixture_tear_down);
  g_test_add ("/operations/replay/once", Fixture, NULL, fixture_set_up,
              test_replay_once, fixture_tear_down);
  g_test_add ("/operations/conflict", Fixture, NULL, fixture_set_up,
              test_conflict, fixture_tear_down);

  return g_test_run ();
}
