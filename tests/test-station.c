/* test-station.c
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
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "gch-test-day.h"

/* What the agents do (DESIGN.md §3 and §6), on a real store in a
 * temporary folder, with a frozen clock.
 *
 * Each action is checked four ways: the day in memory, the day read back
 * from the disk (the same), the events appended, and exactly one operation
 * in the outbox whose JSON names the action and the entry. The outbox and
 * the tables are read with SQLite directly, behind the store's back.
 * Every refusal is checked to change nothing: not a row of any table, not
 * a field of the day in memory.
 *
 * Most tests run on a small hall built by hand (small_day()); the ticket
 * numbers, the queued requests and a morning of work also run on the demo.
 */

#define DATE "2026-03-10"
#define ACTOR "a.dupont"

/* Local time at the site (Europe/Paris) on DATE. */
#define AT(h, m) gch_demo_start_time (DATE, (h) * 60 + (m))

#define REQ(...) (&(GchRequest) { __VA_ARGS__ })

typedef struct
{
  char       *dir;
  char       *path;
  GchStore   *store;
  GchClock   *clock;
  GchStation *station;
  sqlite3    *db;
  guint       n_changed;
  JsonNode   *payload;     /* of the last operation run_ok() saw */
} Fixture;

/* The small hall
 *
 * titres (A, 10 min, cap 4 walk-ins), permis (P, 20 min), natu (N, by
 * appointment only). Guichet 1 (accessible) takes titres and permis,
 * guichet 2 titres, both open; 3 (permis) is paused, 4 (titres) closed.
 * At 10:00, A001, A002, P001 and A003 (elderly) wait; appointments R-001
 * (titres 10:15, at guichet 2), R-002 (permis 9:30: late from 9:45), R-003
 * (cancelled) and R-004 (natu 10:30) are booked.
 */

static void
add_entry (GchDay        *day,
           const char    *ticket,
           const char    *service,
           gint64         arrived,
           GchPriority    priority,
           GchEntryState  state,
           guint          guichet,
           gint64         called_at)
{
  g_autofree char *id = g_strconcat ("e-", ticket, NULL);

  g_ptr_array_add (day->entries,
                   g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                 "id", id,
                                 "ticket", ticket,
                                 "service", gch_day_find_service (day, service),
                                 "priority", priority,
                                 "arrived-at", arrived,
                                 "state", state,
                                 "guichet", guichet,
                                 "called-at", called_at,
                                 NULL));
  g_ptr_array_add (day->events,
                   gch_event_new ("entry", id, arrived, "accueil", 0, NULL, "waiting", NULL));
}

static void
add_appointment (GchDay               *day,
                 const char           *reference,
                 const char           *service,
                 gint64                starts_at,
                 GchAppointmentStatus  status,
                 guint                 guichet)
{
  g_ptr_array_add (day->appointments,
                   g_object_new (GCH_TYPE_APPOINTMENT,
                                 "reference", reference,
                                 "service", gch_day_find_service (day, service),
                                 "starts-at", starts_at,
                                 "holder-name", "Camille Dupont",
                                 "status", status,
                                 "guichet", guichet,
                                 NULL));
}

static void
add_guichet (GchDay             *day,
             guint               number,
             gboolean            accessible,
             const char * const *services,
             GchGuichetState     state,
             const char         *agent)
{
  g_ptr_array_add (day->guichets,
                   g_object_new (GCH_TYPE_GUICHET,
                                 "number", number,
                                 "label", "Guichet",
                                 "accessible", accessible,
                                 "services", services,
                                 "state", state,
                                 "agent-id", agent,
                                 NULL));
}

/* The hall with no one in it yet. */
static GchDay *
empty_hall (void)
{
  static const char * const titres_docs[] = { "Photo d'identité", "Justificatif de domicile",
                                              "Ancien titre", NULL };
  static const char * const permis_docs[] = { "Permis actuel", "Pièce d'identité", NULL };
  static const char * const g1[] = { "titres", "permis", NULL };
  static const char * const g2[] = { "titres", NULL };
  static const char * const g3[] = { "permis", NULL };
  GchDay *day = gch_day_new (DATE);

  day->site = g_object_new (GCH_TYPE_SITE,
                            "code", "test", "name", "Préfecture de test",
                            "timezone", "Europe/Paris",
                            NULL);
  g_ptr_array_add (day->services,
                   g_object_new (GCH_TYPE_SERVICE,
                                 "code", "titres", "name", "Titres", "prefix", "A",
                                 "typical-minutes", 10, "documents", titres_docs,
                                 "walk-in-cap", 4, NULL));
  g_ptr_array_add (day->services,
                   g_object_new (GCH_TYPE_SERVICE,
                                 "code", "permis", "name", "Permis", "prefix", "P",
                                 "typical-minutes", 20, "documents", permis_docs, NULL));
  g_ptr_array_add (day->services,
                   g_object_new (GCH_TYPE_SERVICE,
                                 "code", "natu", "name", "Naturalisation", "prefix", "N",
                                 "typical-minutes", 30, "accepts-walk-ins", FALSE, NULL));
  g_ptr_array_add (day->agents,
                   g_object_new (GCH_TYPE_AGENT, "id", ACTOR, "name", "Agnès Dupont", NULL));
  g_ptr_array_add (day->agents,
                   g_object_new (GCH_TYPE_AGENT, "id", "b.martin", "name", "Bruno Martin", NULL));

  add_guichet (day, 1, TRUE, g1, GCH_GUICHET_STATE_OPEN, ACTOR);
  add_guichet (day, 2, FALSE, g2, GCH_GUICHET_STATE_OPEN, "b.martin");
  add_guichet (day, 3, FALSE, g3, GCH_GUICHET_STATE_PAUSED, NULL);
  add_guichet (day, 4, FALSE, g2, GCH_GUICHET_STATE_CLOSED, NULL);

  add_appointment (day, "R-001", "titres", AT (10, 15), GCH_APPOINTMENT_STATUS_BOOKED, 2);
  add_appointment (day, "R-002", "permis", AT (9, 30), GCH_APPOINTMENT_STATUS_BOOKED, 0);
  add_appointment (day, "R-003", "titres", AT (11, 0), GCH_APPOINTMENT_STATUS_CANCELLED_BY_PERSON, 0);
  add_appointment (day, "R-004", "natu", AT (10, 30), GCH_APPOINTMENT_STATUS_BOOKED, 0);

  return day;
}

static GchDay *
small_day (void)
{
  GchDay *day = empty_hall ();

  add_entry (day, "A001", "titres", AT (9, 0), GCH_PRIORITY_NONE, GCH_ENTRY_STATE_WAITING, 0, 0);
  add_entry (day, "A002", "titres", AT (9, 10), GCH_PRIORITY_NONE, GCH_ENTRY_STATE_WAITING, 0, 0);
  add_entry (day, "P001", "permis", AT (9, 20), GCH_PRIORITY_NONE, GCH_ENTRY_STATE_WAITING, 0, 0);
  add_entry (day, "A003", "titres", AT (9, 30), GCH_PRIORITY_ELDERLY, GCH_ENTRY_STATE_WAITING, 0, 0);

  return day;
}

/* The fixture */

static void
on_changed (GchStation *station,
            GchChange  *change,
            Fixture    *f)
{
  f->n_changed++;
}

static void
start_station (Fixture *f,
               gint64   now)
{
  g_autoptr(GError) error = NULL;
  GchDay *day;

  f->clock = gch_clock_new_frozen (now);
  f->station = gch_station_new (f->store, f->clock, ACTOR);
  g_signal_connect (f->station, "changed", G_CALLBACK (on_changed), f);

  day = gch_store_load_day (f->store, DATE, &error);
  g_assert_no_error (error);
  gch_station_set_day (f->station, day);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &f->db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (f->db, 5000);
}

/* @data: a function that builds the day to import */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GchDay *(*build) (void) = data ? (GchDay *(*) (void))data : small_day;
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) day = build ();

  f->dir = g_dir_make_tmp ("guichet-station-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "guichet.sqlite", NULL);
  f->store = gch_store_open (f->path, &error);
  g_assert_no_error (error);
  gch_store_import_day (f->store, day, &error);
  g_assert_no_error (error);

  start_station (f, AT (10, 0));
}

/* For the table of bad input, whose data is the row. */
static void
fixture_set_up_bad (Fixture       *f,
                    gconstpointer  data)
{
  fixture_set_up (f, NULL);
}

static void
fixture_set_up_demo (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("guichet-station-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "guichet.sqlite", NULL);
  f->store = gch_demo_create_store (f->path, GCH_DEMO_SEED, DATE, GCH_DEMO_TIME, &error);
  g_assert_no_error (error);

  start_station (f, gch_demo_start_time (DATE, GCH_DEMO_TIME));
  gch_station_set_actor (f->station, "c.martin");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->db, sqlite3_close);
  g_clear_pointer (&f->payload, json_node_unref);
  g_clear_object (&f->station);
  g_clear_object (&f->clock);
  /* The writer thread may hold the store a moment longer, in the task of
   * the last write, after its callback ran: the store is then finalized
   * there, which must not hang (see gch_store_finalize()).
   */
  for (guint i = 0; i < 400 && g_atomic_int_get (&G_OBJECT (f->store)->ref_count) > 1; i++)
    g_usleep (5000);
  g_assert_finalize_object (f->store);
  gch_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

static GchDay *
day_of (Fixture *f)
{
  return gch_station_get_day (f->station);
}

static void
set_time (Fixture *f,
          gint64   t)
{
  gch_clock_set_frozen (f->clock, t);
}

static GchQueueEntry *
entry (Fixture    *f,
       const char *ticket)
{
  GchQueueEntry *e = gch_station_find_ticket (f->station, ticket);

  if (e == NULL)
    g_error ("no ticket %s", ticket);
  return e;
}

/* Reading the database directly */

static gint64
db_int (Fixture    *f,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", sql, sqlite3_errmsg (f->db));
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
db_text (Fixture    *f,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  if (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", sql, sqlite3_errmsg (f->db));
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static void
db_exec (Fixture    *f,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (f->db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* "agent=2 event=4 … outbox=0 …": the rows of every table. */
static char *
db_counts (Fixture *f)
{
  sqlite3_stmt *tables = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                              " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", name);

      g_string_append_printf (out, "%s%s=%" G_GINT64_FORMAT, out->len ? " " : "", name,
                              db_int (f, sql));
    }
  sqlite3_finalize (tables);

  return g_string_free (out, FALSE);
}

/* The counts, and a digest of every row of every table. */
static char *
db_digest (Fixture *f)
{
  sqlite3_stmt *tables = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *counts = db_counts (f);

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                              " ORDER BY name", -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", name);
      sqlite3_stmt *rows = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      g_checksum_update (checksum, (const guchar *)name, -1);
      while (sqlite3_step (rows) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (rows); c++)
          {
            guchar type = sqlite3_column_type (rows, c);
            const void *blob = sqlite3_column_blob (rows, c);
            int length = sqlite3_column_bytes (rows, c);

            g_checksum_update (checksum, &type, 1);
            g_checksum_update (checksum, (const guchar *)&length, sizeof length);
            if (blob != NULL)
              g_checksum_update (checksum, blob, length);
          }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);

  return g_strdup_printf ("%s %s", counts, g_checksum_get_string (checksum));
}

/* The day, every field that can change, in an order that does not depend
 * on how it was read: the day in memory and the day read back from the
 * disk must give the same text.
 */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **)a, *(const char **)b);
}

static char *
dump_day (GchDay *day)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "site %s mode %d\n", gch_site_get_code (day->site),
                          gch_site_get_mode (day->site));
  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *s = g_ptr_array_index (day->services, i);

      g_ptr_array_add (lines, g_strdup_printf ("service %s wait=%u waiting=%u",
                                               gch_service_get_code (s),
                                               gch_service_get_max_wait_minutes (s),
                                               gch_service_get_max_waiting_per_guichet (s)));
    }
  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *g = g_ptr_array_index (day->guichets, i);
      g_autofree char *services = g_strjoinv (",", (char **)gch_guichet_get_services (g));

      g_ptr_array_add (lines, g_strdup_printf ("guichet %u %d %s %s", gch_guichet_get_number (g),
                                               gch_guichet_get_state (g),
                                               gch_guichet_get_agent_id (g) ?: "-", services));
    }
  for (guint i = 0; i < day->appointments->len; i++)
    {
      GchAppointment *a = g_ptr_array_index (day->appointments, i);

      g_ptr_array_add (lines, g_strdup_printf ("appointment %s %d guichet=%u v%" G_GINT64_FORMAT,
                                               gch_appointment_get_reference (a),
                                               gch_appointment_get_status (a),
                                               gch_appointment_get_guichet (a),
                                               gch_appointment_get_version (a)));
    }
  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *e = g_ptr_array_index (day->entries, i);
      GchAppointment *a = gch_queue_entry_get_appointment (e);

      g_ptr_array_add (lines,
                       g_strdup_printf ("entry %s %s %s prio=%d arrived=%" G_GINT64_FORMAT
                                        " state=%d guichet=%u appt=%s late=%d called=%" G_GINT64_FORMAT
                                        " recalls=%u outcome=%s notes=%s printed=%" G_GINT64_FORMAT
                                        " from=%s v%" G_GINT64_FORMAT " rated=%u",
                                        gch_queue_entry_get_id (e), gch_queue_entry_get_ticket (e),
                                        gch_service_get_code (gch_queue_entry_get_service (e)),
                                        gch_queue_entry_get_priority (e),
                                        gch_queue_entry_get_arrived_at (e),
                                        gch_queue_entry_get_state (e),
                                        gch_queue_entry_get_guichet (e),
                                        a ? gch_appointment_get_reference (a) : "-",
                                        gch_queue_entry_get_late (e),
                                        gch_queue_entry_get_called_at (e),
                                        gch_queue_entry_get_recalls (e),
                                        gch_queue_entry_get_outcome (e) ?: "-",
                                        gch_queue_entry_get_notes (e) ?: "-",
                                        gch_queue_entry_get_printed_at (e),
                                        gch_queue_entry_get_transferred_from (e) ?: "-",
                                        gch_queue_entry_get_version (e),
                                        gch_queue_entry_get_satisfaction (e)));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *)g_ptr_array_index (lines, i));

  /* Events in their order, with the sequence number the store gave them. */
  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *ev = g_ptr_array_index (day->events, i);

      g_string_append_printf (out, "event #%" G_GINT64_FORMAT " %s %s at=%" G_GINT64_FORMAT
                              " by=%s guichet=%u %s>%s %s\n",
                              gch_event_get_seq (ev), gch_event_get_record_kind (ev),
                              gch_event_get_record_id (ev), gch_event_get_at (ev),
                              gch_event_get_actor (ev) ?: "-", gch_event_get_guichet (ev),
                              gch_event_get_from_state (ev) ?: "-", gch_event_get_to_state (ev),
                              gch_event_get_detail (ev) ?: "-");
    }

  return g_string_free (out, FALSE);
}

/* The day in memory is the day on the disk. */
static void
assert_day_is_saved (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) reloaded = gch_store_load_day (f->store, DATE, &error);
  g_autofree char *memory = NULL, *disk = NULL;

  g_assert_no_error (error);
  memory = dump_day (day_of (f));
  disk = dump_day (reloaded);
  g_assert_cmpstr (memory, ==, disk);
}

/* An entry's id shown as its ticket, to read the expected events. */
static const char *
readable_id (Fixture    *f,
             const char *id)
{
  GchDay *day = day_of (f);

  for (guint i = 0; id != NULL && i < day->entries->len; i++)
    if (g_str_equal (gch_queue_entry_get_id (g_ptr_array_index (day->entries, i)), id))
      return gch_queue_entry_get_ticket (g_ptr_array_index (day->entries, i));

  return id;
}

/* "entry A001 waiting>called - / appointment R-001 booked>checked-in A004" */
static char *
events_since (Fixture *f,
              gint64   seq)
{
  g_autofree char *sql = g_strdup_printf ("SELECT record_kind, record_id, from_state, to_state,"
                                          " detail, at, actor, guichet FROM event WHERE seq > %"
                                          G_GINT64_FORMAT " ORDER BY seq", seq);
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *)sqlite3_column_text (stmt, 0);
      const char *id = (const char *)sqlite3_column_text (stmt, 1);
      const char *from = (const char *)sqlite3_column_text (stmt, 2);
      const char *detail = (const char *)sqlite3_column_text (stmt, 4);

      /* Every event of an action at its time, by its actor. */
      g_assert_cmpint (sqlite3_column_int64 (stmt, 5), ==, gch_clock_now (f->clock));
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 6), ==,
                       gch_station_get_actor (f->station));

      g_string_append_printf (out, "%s%s %s %s>%s %s", out->len ? " / " : "", kind,
                              g_str_equal (kind, "entry") ? readable_id (f, id) : id,
                              from ? from : "-", (const char *)sqlite3_column_text (stmt, 3),
                              detail ? readable_id (f, detail) : "-");
    }
  sqlite3_finalize (stmt);

  return g_string_free (out, FALSE);
}

/* How many rows each table gained: "event+1 outbox+1". */
static char *
count_deltas (const char *before,
              const char *after)
{
  g_auto(GStrv) b = g_strsplit (before, " ", -1);
  g_auto(GStrv) a = g_strsplit (after, " ", -1);
  GString *out = g_string_new (NULL);

  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
  for (guint i = 0; a[i] != NULL; i++)
    {
      const char *eq_a = strchr (a[i], '='), *eq_b = strchr (b[i], '=');
      gint64 delta = g_ascii_strtoll (eq_a + 1, NULL, 10) - g_ascii_strtoll (eq_b + 1, NULL, 10);

      if (delta != 0)
        g_string_append_printf (out, "%s%.*s%+" G_GINT64_FORMAT, out->len ? " " : "",
                                (int)(eq_a - a[i]), a[i], delta);
    }

  return g_string_free (out, FALSE);
}

static const char *
payload_string (Fixture    *f,
                const char *member)
{
  JsonObject *object = json_node_get_object (f->payload);

  return json_object_has_member (object, member)
         ? json_object_get_string_member (object, member) : NULL;
}

static GHashTable *
versions_of (GchDay *day)
{
  GHashTable *versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *e = g_ptr_array_index (day->entries, i);

      g_hash_table_insert (versions, g_strdup (gch_queue_entry_get_id (e)),
                           GSIZE_TO_POINTER ((gsize)gch_queue_entry_get_version (e)));
    }
  for (guint i = 0; i < day->appointments->len; i++)
    {
      GchAppointment *a = g_ptr_array_index (day->appointments, i);

      g_hash_table_insert (versions, g_strdup (gch_appointment_get_reference (a)),
                           GSIZE_TO_POINTER ((gsize)gch_appointment_get_version (a)));
    }

  return versions;
}

/* Runs @request and checks what every action must do: the change is
 * saved, applied and announced once; @events were appended, in memory and
 * on the disk, with the same sequence numbers; one operation of @kind went
 * to the outbox, naming the action and the entry; the records changed got
 * their version bumped by one and no other did; and the day read back from
 * the disk is the day in memory.
 */
static GchChange *
run_ok (Fixture          *f,
        const GchRequest *request,
        const char       *kind,
        const char       *events)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GHashTable) versions = versions_of (day_of (f));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *counts_before = db_counts (f);
  g_autofree char *counts_after = NULL, *deltas = NULL, *expected_deltas = NULL;
  g_autofree char *seen = NULL;
  gint64 last_event = db_int (f, "SELECT coalesce(max(seq), 0) FROM event");
  gint64 last_op = db_int (f, "SELECT coalesce(max(seq), 0) FROM outbox");
  guint n_events = day_of (f)->events->len;
  guint n_changed = f->n_changed;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  GPtrArray *updated;
  GchQueueEntry *subject;
  JsonObject *object;

  change = gch_station_run (f->station, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (change);
  g_assert_cmpstr (gch_change_get_kind (change), ==, kind);
  g_assert_cmpuint (f->n_changed, ==, n_changed + 1);

  /* The events */
  seen = events_since (f, last_event);
  if (events != NULL)
    g_assert_cmpstr (seen, ==, events);
  g_assert_cmpuint (day_of (f)->events->len, ==, n_events + gch_change_get_events (change)->len);
  for (guint i = n_events; i < day_of (f)->events->len; i++)
    {
      GchEvent *ev = g_ptr_array_index (day_of (f)->events, i);
      g_autofree char *q = g_strdup_printf ("SELECT count(*) FROM event WHERE seq = %" G_GINT64_FORMAT
                                            " AND record_id = '%s' AND to_state = '%s'",
                                            gch_event_get_seq (ev), gch_event_get_record_id (ev),
                                            gch_event_get_to_state (ev));

      /* The event in memory carries the number the store gave it. */
      g_assert_cmpint (db_int (f, q), ==, 1);
    }

  /* Exactly one operation, the change's */
  counts_after = db_counts (f);
  deltas = count_deltas (counts_before, counts_after);
  expected_deltas = g_strdup_printf ("event+%u outbox+1%s", gch_change_get_events (change)->len,
                                     gch_change_get_inserted (change)->len == 0 ? ""
                                     : gch_change_get_inserted (change)->len == 1 ? " queue_entry+1"
                                     : " queue_entry+?");
  g_assert_cmpstr (deltas, ==, expected_deltas);

  sql = g_strdup_printf ("SELECT uuid, kind, record_kind, record_id, base_version, at, actor, payload"
                         " FROM outbox WHERE seq > %" G_GINT64_FORMAT, last_op);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, gch_change_get_uuid (change));
  g_assert_true (g_uuid_string_is_valid ((const char *)sqlite3_column_text (stmt, 0)));
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, kind);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, gch_change_get_record_kind (change));
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 3), ==, gch_change_get_record_id (change));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 4), ==, gch_change_get_base_version (change));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 5), ==, gch_clock_now (f->clock));
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 6), ==, gch_station_get_actor (f->station));

  /* The base version is the version the action was decided on. */
  if (g_str_equal (gch_change_get_record_kind (change), "guichet"))
    g_assert_cmpint (sqlite3_column_int64 (stmt, 4), ==, 0);
  else if (g_hash_table_contains (versions, gch_change_get_record_id (change)))
    g_assert_cmpint (sqlite3_column_int64 (stmt, 4), ==,
                     (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (versions,
                                                                    gch_change_get_record_id (change))));
  else
    g_assert_cmpint (sqlite3_column_int64 (stmt, 4), ==, 0);

  json_parser_load_from_data (parser, (const char *)sqlite3_column_text (stmt, 7), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_clear_pointer (&f->payload, json_node_unref);
  f->payload = json_node_copy (json_parser_get_root (parser));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (f->payload));
  object = json_node_get_object (f->payload);
  g_assert_cmpstr (json_object_get_string_member (object, "action"), ==, kind);
  g_assert_cmpint (json_object_get_int_member (object, "at"), ==, gch_clock_now (f->clock));
  if (gch_change_get_guichet (change) != 0)
    g_assert_cmpint (json_object_get_int_member (object, "guichet"), ==, gch_change_get_guichet (change));
  /* The entry named is the operation's record, or the one an appointment
   * checked in got; either way an entry of the change, with its ticket.
   */
  if ((subject = gch_change_get_entry (change)) != NULL)
    {
      const char *named = payload_string (f, "entry");

      if (g_str_equal (gch_change_get_record_kind (change), "entry"))
        g_assert_cmpstr (named, ==, gch_change_get_record_id (change));
      else
        g_assert_cmpstr (named, ==, gch_queue_entry_get_id (subject));
      g_assert_cmpstr (payload_string (f, "ticket"), ==, readable_id (f, named));
    }
  else
    g_assert_false (json_object_has_member (object, "entry"));

  /* Versions: one more for each record changed, the same for the others. */
  updated = gch_change_get_updated (change);
  for (guint i = 0; i < updated->len; i++)
    {
      gpointer record = g_ptr_array_index (updated, i);

      if (GCH_IS_QUEUE_ENTRY (record))
        {
          const char *id = gch_queue_entry_get_id (record);
          GchQueueEntry *live = NULL;

          for (guint j = 0; j < day_of (f)->entries->len; j++)
            if (g_str_equal (gch_queue_entry_get_id (g_ptr_array_index (day_of (f)->entries, j)), id))
              live = g_ptr_array_index (day_of (f)->entries, j);
          g_assert_nonnull (live);
          g_assert_cmpint (gch_queue_entry_get_version (live), ==,
                           (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (versions, id)) + 1);
          g_hash_table_remove (versions, id);
        }
      else if (GCH_IS_APPOINTMENT (record))
        {
          const char *reference = gch_appointment_get_reference (record);

          g_assert_cmpint (gch_appointment_get_version (gch_day_find_appointment (day_of (f), reference)),
                           ==, (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (versions, reference)) + 1);
          g_hash_table_remove (versions, reference);
        }
    }
  for (guint i = 0; i < day_of (f)->entries->len; i++)
    {
      GchQueueEntry *e = g_ptr_array_index (day_of (f)->entries, i);

      if (g_hash_table_contains (versions, gch_queue_entry_get_id (e)))
        g_assert_cmpint (gch_queue_entry_get_version (e), ==,
                         (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (versions,
                                                                        gch_queue_entry_get_id (e))));
    }
  for (guint i = 0; i < gch_change_get_inserted (change)->len; i++)
    g_assert_cmpint (gch_queue_entry_get_version (g_ptr_array_index (gch_change_get_inserted (change), i)),
                     ==, 1);

  assert_day_is_saved (f);

  return g_steal_pointer (&change);
}

/* Runs @request and checks that it is refused with @code, with a message
 * containing @contains, and that nothing changed: not the database, not
 * the day in memory.
 */
static void
run_fails (Fixture          *f,
           const GchRequest *request,
           GchError          code,
           const char       *contains)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) change = NULL;
  g_autofree char *db_before = db_digest (f);
  g_autofree char *day_before = dump_day (day_of (f));
  g_autofree char *db_after = NULL, *day_after = NULL;
  guint n_changed = f->n_changed;

  change = gch_station_run (f->station, request, &error);
  g_assert_null (change);
  g_assert_error (error, GCH_ERROR, code);
  g_test_message ("refused: %s", error->message);
  if (contains != NULL && strstr (error->message, contains) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, contains);

  db_after = db_digest (f);
  day_after = dump_day (day_of (f));
  g_assert_cmpstr (db_after, ==, db_before);
  g_assert_cmpstr (day_after, ==, day_before);
  g_assert_cmpuint (f->n_changed, ==, n_changed);
}

static void
run_quietly (Fixture          *f,
             const GchRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) change = gch_station_run (f->station, request, &error);

  g_assert_no_error (error);
  g_assert_nonnull (change);
}

/* Every action */

static void
test_call_next (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchQueueEntry *a001 = entry (f, "A001");

  /* A001 came at 9:00: at 10:00 they waited an hour, promoted ahead of A003. */
  g_assert_true (gch_policy_next (day_of (f), gch_station_get_settings (f->station), 1, AT (10, 0)) == a001);
  change = run_ok (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1), "call",
                   "entry A001 waiting>called -");

  g_assert_true (gch_change_get_entry (change) == a001);
  g_assert_cmpint (gch_queue_entry_get_state (a001), ==, GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_guichet (a001), ==, 1);
  g_assert_cmpint (gch_queue_entry_get_called_at (a001), ==, AT (10, 0));
  g_assert_cmpint (gch_queue_entry_get_version (a001), ==, 2);
  g_assert_true (gch_day_current_for_guichet (day_of (f), 1) == a001);

  /* Guichet 2 calls the next one: A003, priority. */
  set_time (f, AT (10, 1));
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 2), "call",
                   "entry A003 waiting>called -");
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry (f, "A003")), ==, 2);
}

static void
test_call_entry (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  change = run_ok (f, REQ (.action = GCH_ACTION_CALL_ENTRY, .guichet = 2, .ticket = "a002",
                           .reason = "  Rendez-vous manqué ce matin \n"),
                   "call", "entry A002 waiting>called Rendez-vous manqué ce matin");
  g_assert_cmpint (gch_queue_entry_get_state (entry (f, "A002")), ==, GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry (f, "A002")), ==, 2);
  g_assert_cmpstr (payload_string (f, "reason"), ==, "Rendez-vous manqué ce matin");
}

static void
test_recall (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchQueueEntry *a001 = entry (f, "A001");

  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  set_time (f, AT (10, 2));
  change = run_ok (f, REQ (.action = GCH_ACTION_RECALL, .guichet = 1), "recall",
                   "entry A001 called>called recall");
  g_assert_cmpint (gch_queue_entry_get_state (a001), ==, GCH_ENTRY_STATE_CALLED);
  g_assert_cmpuint (gch_queue_entry_get_recalls (a001), ==, 1);
  g_assert_cmpint (gch_queue_entry_get_called_at (a001), ==, AT (10, 2));

  set_time (f, AT (10, 4));
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_RECALL, .guichet = 1), "recall",
                   "entry A001 called>called recall");
  g_assert_cmpuint (gch_queue_entry_get_recalls (a001), ==, 2);
  g_assert_cmpint (gch_queue_entry_get_version (a001), ==, 4);
}

static void
test_start_service (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  set_time (f, AT (10, 1));
  change = run_ok (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1), "start",
                   "entry A001 called>serving -");
  g_assert_cmpint (gch_queue_entry_get_state (entry (f, "A001")), ==, GCH_ENTRY_STATE_SERVING);
  g_assert_true (gch_day_current_for_guichet (day_of (f), 1) == entry (f, "A001"));
}

static void
test_finish_service (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchQueueEntry *a001 = entry (f, "A001");

  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1));
  set_time (f, AT (10, 12));
  change = run_ok (f, REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = 1,
                           .outcome = "incomplete",
                           .missing = (const char *[]) { "Photo d'identité", "Ancien titre", NULL }),
                   "finish", "entry A001 serving>done incomplete: Photo d'identité; Ancien titre");
  g_assert_cmpint (gch_queue_entry_get_state (a001), ==, GCH_ENTRY_STATE_DONE);
  g_assert_cmpstr (gch_queue_entry_get_outcome (a001), ==, "incomplete");
  g_assert_null (gch_day_current_for_guichet (day_of (f), 1));
  g_assert_cmpstr (payload_string (f, "outcome"), ==, "incomplete");
  g_assert_cmpstr (payload_string (f, "missing"), ==, "Photo d'identité; Ancien titre");

  /* No outcome: served. The time observed counts for the next estimates. */
  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1));
  set_time (f, AT (10, 20));
  g_clear_object (&change);
  /* A002 came at 9:10: at 10:12, promoted ahead of A003. */
  change = run_ok (f, REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = 1), "finish",
                   "entry A002 serving>done served");
  g_assert_cmpstr (gch_queue_entry_get_outcome (entry (f, "A002")), ==, "served");
  g_assert_null (payload_string (f, "missing"));

  /* "redirected", with documents ticked: kept out of the detail. P001
   * (permis, 9:20) is promoted ahead of A003 at 10:20.
   */
  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1));
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = 1,
                           .outcome = "redirected",
                           .missing = (const char *[]) { "Permis actuel", NULL }),
                   "finish", "entry P001 serving>done redirected");
}

/* An appointment holder: the appointment follows the entry. */
static void
test_finish_service_appointment (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchAppointment *r001 = gch_day_find_appointment (day_of (f), "R-001");

  run_quietly (f, REQ (.action = GCH_ACTION_CHECK_IN, .reference = "R-001"));
  g_assert_cmpint (gch_appointment_get_version (r001), ==, 2);

  /* At the slot, guichet 2 calls them before everyone. */
  set_time (f, AT (10, 15));
  change = run_ok (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 2), "call",
                   "entry A004 waiting>called -");
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 2));
  set_time (f, AT (10, 25));
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = 2), "finish",
                   "entry A004 serving>done served / appointment R-001 checked-in>served served");
  g_assert_cmpint (gch_appointment_get_status (r001), ==, GCH_APPOINTMENT_STATUS_SERVED);
  g_assert_cmpint (gch_appointment_get_version (r001), ==, 3);
  /* The operation is the entry's; the appointment goes with it. */
  g_assert_cmpstr (gch_change_get_record_kind (change), ==, "entry");
}

static void
test_no_show (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  set_time (f, AT (10, 5));
  change = run_ok (f, REQ (.action = GCH_ACTION_NO_SHOW, .guichet = 1), "no-show",
                   "entry A001 called>no-show -");
  g_assert_cmpint (gch_queue_entry_get_state (entry (f, "A001")), ==, GCH_ENTRY_STATE_NO_SHOW);
  g_assert_null (gch_day_current_for_guichet (day_of (f), 1));

  /* An appointment holder who does not come when called. */
  run_quietly (f, REQ (.action = GCH_ACTION_CHECK_IN, .reference = "R-001"));
  set_time (f, AT (10, 15));
  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 2));
  set_time (f, AT (10, 20));
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_NO_SHOW, .guichet = 2), "no-show",
                   "entry A004 called>no-show - / appointment R-001 checked-in>no-show -");
  g_assert_cmpint (gch_appointment_get_status (gch_day_find_appointment (day_of (f), "R-001")), ==,
                   GCH_APPOINTMENT_STATUS_NO_SHOW);
}

static void
test_hold_and_resume (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchQueueEntry *a001 = entry (f, "A001");

  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1));
  set_time (f, AT (10, 6));
  change = run_ok (f, REQ (.action = GCH_ACTION_HOLD, .guichet = 1), "hold",
                   "entry A001 serving>on-hold -");
  g_assert_cmpint (gch_queue_entry_get_state (a001), ==, GCH_ENTRY_STATE_ON_HOLD);
  g_assert_null (gch_day_current_for_guichet (day_of (f), 1));

  /* While they fetch a document, the guichet calls someone else. */
  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  g_assert_cmpint (gch_queue_entry_get_state (entry (f, "A003")), ==, GCH_ENTRY_STATE_CALLED);

  set_time (f, AT (10, 20));
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_RESUME, .guichet = 1, .ticket = "A001"), "resume",
                   "entry A001 on-hold>waiting -");
  g_assert_cmpint (gch_queue_entry_get_state (a001), ==, GCH_ENTRY_STATE_WAITING);
  /* Back in the queue of the guichet that put them on hold. */
  g_assert_cmpuint (gch_queue_entry_get_guichet (a001), ==, 1);

  /* Held while only called, too. */
  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 2));
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_HOLD, .guichet = 2), "hold",
                   "entry A002 called>on-hold -");
}

static void
test_transfer_to_service (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchQueueEntry *moved;

  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1));
  set_time (f, AT (10, 8));
  change = run_ok (f, REQ (.action = GCH_ACTION_TRANSFER, .guichet = 1, .service = "permis"),
                   "transfer", "entry A001 serving>transferred permis / entry P002 ->waiting A001");
  g_assert_cmpint (gch_queue_entry_get_state (entry (f, "A001")), ==, GCH_ENTRY_STATE_TRANSFERRED);

  moved = entry (f, "P002");
  g_assert_true (gch_change_get_entry (change) == moved);
  g_assert_cmpstr (gch_service_get_code (gch_queue_entry_get_service (moved)), ==, "permis");
  g_assert_cmpstr (gch_queue_entry_get_transferred_from (moved), ==, "e-A001");
  g_assert_cmpint (gch_queue_entry_get_state (moved), ==, GCH_ENTRY_STATE_WAITING);
  g_assert_cmpuint (gch_queue_entry_get_guichet (moved), ==, 0);
  g_assert_cmpint (gch_queue_entry_get_arrived_at (moved), ==, AT (10, 8));
  g_assert_cmpstr (payload_string (f, "target"), ==, "permis");
  g_assert_cmpstr (payload_string (f, "new-ticket"), ==, "P002");
  g_assert_cmpstr (payload_string (f, "new-entry"), ==, gch_queue_entry_get_id (moved));
  /* The operation is about the entry transferred, at the version seen. */
  g_assert_cmpstr (gch_change_get_record_id (change), ==, "e-A001");
  g_assert_cmpint (gch_change_get_base_version (change), ==, 3);

  /* Ahead of P001, who waits since 9:20. */
  g_assert_true (gch_policy_next (day_of (f), gch_station_get_settings (f->station), 1,
                                  AT (10, 8)) == moved);
}

static void
test_transfer_to_guichet (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchQueueEntry *moved;

  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1));
  change = run_ok (f, REQ (.action = GCH_ACTION_TRANSFER, .guichet = 1, .target_guichet = 2),
                   "transfer", "entry A001 serving>transferred guichet:2 / entry A004 ->waiting A001");
  moved = entry (f, "A004");
  g_assert_cmpuint (gch_queue_entry_get_guichet (moved), ==, 2);
  g_assert_cmpstr (gch_service_get_code (gch_queue_entry_get_service (moved)), ==, "titres");
  g_assert_cmpstr (payload_string (f, "target"), ==, "guichet:2");

  /* Only guichet 2 calls them, and first. */
  g_assert_true (gch_policy_next (day_of (f), gch_station_get_settings (f->station), 2,
                                  AT (10, 0)) == moved);
  g_assert_true (gch_policy_next (day_of (f), gch_station_get_settings (f->station), 1,
                                  AT (10, 0)) != moved);

  /* A paused guichet can take a transfer: it calls once open again. */
  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1));
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_TRANSFER, .guichet = 1, .target_guichet = 3),
                   "transfer", "entry A003 serving>transferred guichet:3 / entry A005 ->waiting A003");
  /* Priority kept. */
  g_assert_cmpint (gch_queue_entry_get_priority (entry (f, "A005")), ==, GCH_PRIORITY_ELDERLY);
}

static void
test_issue_ticket (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchQueueEntry *issued;

  set_time (f, AT (10, 3));
  change = run_ok (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "titres",
                           .priority = GCH_PRIORITY_PREGNANCY),
                   "issue-ticket", "entry A004 ->waiting -");
  issued = gch_change_get_entry (change);
  g_assert_true (issued == entry (f, "A004"));
  g_assert_cmpint (gch_queue_entry_get_state (issued), ==, GCH_ENTRY_STATE_WAITING);
  g_assert_cmpint (gch_queue_entry_get_priority (issued), ==, GCH_PRIORITY_PREGNANCY);
  g_assert_cmpint (gch_queue_entry_get_arrived_at (issued), ==, AT (10, 3));
  g_assert_cmpuint (gch_queue_entry_get_guichet (issued), ==, 0);
  g_assert_null (gch_queue_entry_get_appointment (issued));
  g_assert_true (g_uuid_string_is_valid (gch_queue_entry_get_id (issued)));
  g_assert_cmpstr (payload_string (f, "service"), ==, "titres");
  g_assert_cmpstr (payload_string (f, "priority"), ==, "pregnancy");
  g_assert_cmpint (gch_change_get_base_version (change), ==, 0);
  g_assert_cmpuint (gch_station_count_walk_ins (f->station, gch_day_find_service (day_of (f), "titres")),
                    ==, 4);

  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "permis"),
                   "issue-ticket", "entry P002 ->waiting -");
  g_assert_cmpstr (payload_string (f, "priority"), ==, "none");
}

static void
test_check_in (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchAppointment *r001 = gch_day_find_appointment (day_of (f), "R-001");
  GchQueueEntry *checked;

  set_time (f, AT (10, 5));
  change = run_ok (f, REQ (.action = GCH_ACTION_CHECK_IN, .reference = "r-001"), "check-in",
                   "entry A004 ->waiting - / appointment R-001 booked>checked-in A004");
  checked = gch_change_get_entry (change);
  g_assert_true (checked == entry (f, "A004"));
  g_assert_true (gch_queue_entry_get_appointment (checked) == r001);
  g_assert_false (gch_queue_entry_get_late (checked));
  /* Booked at guichet 2: waits for guichet 2. */
  g_assert_cmpuint (gch_queue_entry_get_guichet (checked), ==, 2);
  g_assert_cmpint (gch_appointment_get_status (r001), ==, GCH_APPOINTMENT_STATUS_CHECKED_IN);
  g_assert_cmpint (gch_appointment_get_version (r001), ==, 2);
  g_assert_cmpstr (gch_change_get_record_kind (change), ==, "appointment");
  g_assert_cmpstr (gch_change_get_record_id (change), ==, "R-001");
  g_assert_cmpstr (payload_string (f, "appointment"), ==, "R-001");
  g_assert_null (payload_string (f, "late"));
  /* An appointment is not a walk-in: the cap does not count it. */
  g_assert_cmpuint (gch_station_count_walk_ins (f->station, gch_day_find_service (day_of (f), "titres")),
                    ==, 3);
}

static void
test_check_in_late (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchAppointment *r002 = gch_day_find_appointment (day_of (f), "R-002");
  GchQueueEntry *checked;

  /* 9:30 slot, 15 minutes of tolerance: at 9:45 still on time. */
  g_assert_false (gch_policy_is_late (gch_station_get_settings (f->station), r002, AT (9, 45)));
  g_assert_true (gch_policy_is_late (gch_station_get_settings (f->station), r002, AT (10, 0)));

  change = run_ok (f, REQ (.action = GCH_ACTION_CHECK_IN, .reference = "R-002"), "check-in",
                   "entry P002 ->waiting - / appointment R-002 booked>checked-in P002");
  checked = entry (f, "P002");
  g_assert_true (gch_queue_entry_get_late (checked));
  g_assert_cmpuint (gch_queue_entry_get_guichet (checked), ==, 0);
  g_assert_cmpstr (payload_string (f, "late"), ==, "true");

  /* A walk-in from now on: behind P001. */
  g_assert_true (gch_policy_next (day_of (f), gch_station_get_settings (f->station), 1, AT (10, 0))
                 != checked);
}

static void
test_mark_printed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  set_time (f, AT (10, 0));
  change = run_ok (f, REQ (.action = GCH_ACTION_MARK_PRINTED, .ticket = "A002"), "print",
                   "entry A002 waiting>waiting printed");
  g_assert_cmpint (gch_queue_entry_get_printed_at (entry (f, "A002")), ==, AT (10, 0));
  g_assert_cmpint (gch_queue_entry_get_state (entry (f, "A002")), ==, GCH_ENTRY_STATE_WAITING);

  /* Printed twice: refused, saying when it was printed. */
  set_time (f, AT (10, 7));
  run_fails (f, REQ (.action = GCH_ACTION_MARK_PRINTED, .ticket = "A002"), GCH_ERROR_INVALID, "10:00");
}

static void
test_set_notes (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GString) long_notes = g_string_new (NULL);

  change = run_ok (f, REQ (.action = GCH_ACTION_SET_NOTES, .ticket = "A001",
                           .notes = "  Revient avec l'acte de naissance  "),
                   "notes", "entry A001 waiting>waiting notes");
  g_assert_cmpstr (gch_queue_entry_get_notes (entry (f, "A001")), ==, "Revient avec l'acte de naissance");
  g_assert_cmpstr (payload_string (f, "notes"), ==, "Revient avec l'acte de naissance");

  /* On the person at the guichet, without naming them. */
  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 2));
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_SET_NOTES, .guichet = 2, .notes = "Dossier complet"),
                   "notes", "entry A001 called>called notes");

  /* 2000 characters (not bytes) are allowed, 2001 are not. */
  for (guint i = 0; i < 2000; i++)
    g_string_append (long_notes, "é");
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_SET_NOTES, .ticket = "A002", .notes = long_notes->str),
                   "notes", "entry A002 waiting>waiting notes");
  g_string_append_c (long_notes, 'x');
  run_fails (f, REQ (.action = GCH_ACTION_SET_NOTES, .ticket = "A003", .notes = long_notes->str),
             GCH_ERROR_INVALID, "2000");
  run_fails (f, REQ (.action = GCH_ACTION_SET_NOTES, .ticket = "A003", .notes = "caf\xc3"),
             GCH_ERROR_INVALID, NULL);

  /* Empty notes clear them. */
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_SET_NOTES, .ticket = "A001", .notes = "   "),
                   "notes", "entry A001 called>called notes");
  g_assert_null (gch_queue_entry_get_notes (entry (f, "A001")));
}

/* Satisfaction: once the service has ended, one of the four faces, once;
 * saved with the visit and sent as an operation, with no name.
 */
static void
test_rate_service (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  run_fails (f, REQ (.action = GCH_ACTION_RATE_SERVICE, .guichet = 1, .ticket = "A001",
                     .satisfaction = GCH_SATISFACTION_SATISFIED),
             GCH_ERROR_INVALID, "only once the service has ended");
  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1));
  run_fails (f, REQ (.action = GCH_ACTION_RATE_SERVICE, .guichet = 1, .ticket = "A001",
                     .satisfaction = GCH_SATISFACTION_SATISFIED),
             GCH_ERROR_INVALID, "only once the service has ended");
  run_quietly (f, REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = 1, .outcome = "served"));

  run_fails (f, REQ (.action = GCH_ACTION_RATE_SERVICE, .guichet = 1, .ticket = "A001",
                     .satisfaction = GCH_SATISFACTION_NONE),
             GCH_ERROR_INVALID, "four faces");
  run_fails (f, REQ (.action = GCH_ACTION_RATE_SERVICE, .guichet = 1, .ticket = "A001",
                     .satisfaction = 5),
             GCH_ERROR_INVALID, "four faces");
  run_fails (f, REQ (.action = GCH_ACTION_RATE_SERVICE, .guichet = 1, .ticket = "Z999",
                     .satisfaction = GCH_SATISFACTION_SATISFIED),
             GCH_ERROR_NOT_FOUND, "Z999");

  change = run_ok (f, REQ (.action = GCH_ACTION_RATE_SERVICE, .guichet = 1, .ticket = "A001",
                           .satisfaction = GCH_SATISFACTION_DISSATISFIED),
                   "rate", "entry A001 done>done rated");
  g_assert_cmpint (gch_queue_entry_get_satisfaction (entry (f, "A001")), ==,
                   GCH_SATISFACTION_DISSATISFIED);
  g_assert_cmpstr (payload_string (f, "satisfaction"), ==, "3");
  assert_day_is_saved (f);

  run_fails (f, REQ (.action = GCH_ACTION_RATE_SERVICE, .guichet = 1, .ticket = "A001",
                     .satisfaction = GCH_SATISFACTION_VERY_SATISFIED),
             GCH_ERROR_INVALID, "rated already");
}

/* Call-backs: taken instead of a ticket only when tickets are not the
 * answer; a number that is not a French one is refused and nothing is
 * saved; the outcomes of the attempts are kept, each an event.
 */
static GchCallback *
take_callback_ok (Fixture    *f,
                  const char *phone,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchChange) change = gch_station_run (f->station,
                                                 REQ (.action = GCH_ACTION_TAKE_CALLBACK,
                                                      .service = "titres", .phone = phone,
                                                      .notes = name),
                                                 &error);

  g_assert_no_error (error);
  g_assert_cmpstr (gch_change_get_kind (change), ==, "callback");
  g_assert_cmpuint (gch_change_get_created (change)->len, ==, 1);
  return g_ptr_array_index (day_of (f)->callbacks, day_of (f)->callbacks->len - 1);
}

static gint64
count_callback_events (Fixture    *f,
                       const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM event WHERE record_kind = 'callback'"
                                          " AND record_id = '%s'", id);

  return db_int (f, sql);
}

static void
test_callbacks (Fixture       *f,
                gconstpointer  data)
{
  static const char * const bad_phones[] = {
    "12345", "06 12 34 56 7", "+33 0612345678", "06-12-34-56-78", "00 12 34 56 78", "", "06 12 34 56 78 9",
    "+44 20 7946 0958",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) reloaded = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  GchCallback *callback, *again;
  gint64 taken;

  /* Tickets are still issued: a ticket, not a call-back. */
  run_fails (f, REQ (.action = GCH_ACTION_TAKE_CALLBACK, .service = "titres",
                     .phone = "06 12 34 56 78"),
             GCH_ERROR_INVALID, "give the person a ticket");

  gch_site_set_mode (day_of (f)->site, GCH_SITE_MODE_AFFLUENCE);
  for (guint i = 0; i < G_N_ELEMENTS (bad_phones); i++)
    run_fails (f, REQ (.action = GCH_ACTION_TAKE_CALLBACK, .service = "titres",
                       .phone = bad_phones[i]),
               GCH_ERROR_INVALID, "is not a French phone number");
  run_fails (f, REQ (.action = GCH_ACTION_TAKE_CALLBACK, .service = "nowhere",
                     .phone = "06 12 34 56 78"),
             GCH_ERROR_NOT_FOUND, "nowhere");

  set_time (f, AT (9, 0));
  callback = take_callback_ok (f, " +33 6 12.34.56.78 ", "  Mme Durand ");
  first_id = g_strdup (gch_callback_get_id (callback));
  taken = gch_callback_get_taken_at (callback);
  g_assert_cmpint (taken, ==, AT (9, 0));
  g_assert_cmpstr (gch_callback_get_phone (callback), ==, "06 12 34 56 78");
  g_assert_cmpstr (gch_callback_get_name (callback), ==, "Mme Durand");
  g_assert_cmpstr (gch_callback_get_taken_by (callback), ==, gch_station_get_actor (f->station));
  g_assert_cmpint (gch_callback_get_status (callback), ==, GCH_CALLBACK_STATUS_WAITING);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE kind = 'callback'"
                              " AND record_kind = 'callback'"), ==, 1);
  g_assert_cmpint (count_callback_events (f, first_id), ==, 1);

  /* Outcomes: a wrong one refused; two unanswered attempts, then an appointment. */
  run_fails (f, REQ (.action = GCH_ACTION_CALLBACK_OUTCOME, .callback = first_id, .outcome = "maybe"),
             GCH_ERROR_INVALID, "not an outcome");
  run_fails (f, REQ (.action = GCH_ACTION_CALLBACK_OUTCOME, .callback = "nobody",
                     .outcome = "no-answer"),
             GCH_ERROR_NOT_FOUND, NULL);
  set_time (f, AT (10, 0));
  g_object_unref (gch_station_run (f->station, REQ (.action = GCH_ACTION_CALLBACK_OUTCOME,
                                                    .callback = first_id, .outcome = "no-answer"),
                                   &error));
  g_assert_no_error (error);
  set_time (f, AT (10, 30));
  g_object_unref (gch_station_run (f->station, REQ (.action = GCH_ACTION_CALLBACK_OUTCOME,
                                                    .callback = first_id, .outcome = "no-answer"),
                                   &error));
  g_assert_no_error (error);
  set_time (f, AT (11, 0));
  g_object_unref (gch_station_run (f->station, REQ (.action = GCH_ACTION_CALLBACK_OUTCOME,
                                                    .callback = first_id, .outcome = "appointment"),
                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_callback_get_status (callback), ==, GCH_CALLBACK_STATUS_APPOINTMENT);
  g_assert_cmpuint (gch_callback_get_attempts (callback), ==, 3);
  g_assert_cmpint (gch_callback_get_last_attempt_at (callback), ==, AT (11, 0));
  g_assert_cmpint (count_callback_events (f, first_id), ==, 4);
  run_fails (f, REQ (.action = GCH_ACTION_CALLBACK_OUTCOME, .callback = first_id,
                     .outcome = "called-back"),
             GCH_ERROR_INVALID, "reached already");

  /* A second person, at 11:00. */
  again = take_callback_ok (f, "01 23 45 67 89", NULL);
  second_id = g_strdup (gch_callback_get_id (again));
  g_assert_null (gch_callback_get_name (again));

  /* On the disk, as in memory. */
  reloaded = gch_store_load_day (f->store, DATE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reloaded->callbacks->len, ==, 2);
  callback = gch_day_find_callback (reloaded, first_id);
  g_assert_cmpstr (gch_callback_get_phone (callback), ==, "06 12 34 56 78");
  g_assert_cmpint (gch_callback_get_status (callback), ==, GCH_CALLBACK_STATUS_APPOINTMENT);
  g_assert_cmpuint (gch_callback_get_attempts (callback), ==, 3);
  g_assert_cmpint (gch_callback_get_version (callback), ==, 4);
  g_clear_pointer (&reloaded, gch_day_free);

  /* Retention, 30 days, on a fake clock: the first is 30 days and 1 hour
   * old, the second 29 days and 23 hours: only the first is erased, its
   * number gone from the outbox too; its outcome stays.
   */
  g_assert_cmpint (gch_store_erase_expired_callbacks (f->store, AT (10, 0) + 30 * 86400, 30,
                                                      &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (gch_store_erase_expired_callbacks (f->store, AT (10, 0) + 30 * 86400, 30,
                                                      &error), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE payload LIKE '%06 12 34 56 78%'"),
                   ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE payload LIKE '%01 23 45 67 89%'"),
                   ==, 1);
  reloaded = gch_store_load_day (f->store, DATE, &error);
  g_assert_no_error (error);
  callback = gch_day_find_callback (reloaded, first_id);
  g_assert_null (gch_callback_get_phone (callback));
  g_assert_null (gch_callback_get_name (callback));
  g_assert_true (gch_callback_is_erased (callback));
  g_assert_cmpint (gch_callback_get_status (callback), ==, GCH_CALLBACK_STATUS_APPOINTMENT);
  g_assert_cmpuint (gch_callback_get_attempts (callback), ==, 3);
  g_assert_cmpstr (gch_callback_get_phone (gch_day_find_callback (reloaded, second_id)), ==,
                   "01 23 45 67 89");
}

static void
test_guichet_states (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchGuichet *g2 = gch_day_find_guichet (day_of (f), 2);
  GchGuichet *g3 = gch_day_find_guichet (day_of (f), 3);

  change = run_ok (f, REQ (.action = GCH_ACTION_PAUSE_GUICHET, .guichet = 2), "pause-guichet",
                   "guichet 2 open>paused -");
  g_assert_cmpint (gch_guichet_get_state (g2), ==, GCH_GUICHET_STATE_PAUSED);
  g_assert_cmpstr (gch_change_get_record_kind (change), ==, "guichet");
  g_assert_cmpstr (gch_change_get_record_id (change), ==, "2");
  g_assert_null (gch_change_get_entry (change));
  /* A paused guichet calls nobody. */
  g_assert_null (gch_policy_next (day_of (f), gch_station_get_settings (f->station), 2, AT (10, 0)));

  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_CLOSE_GUICHET, .guichet = 2), "close-guichet",
                   "guichet 2 paused>closed -");
  g_assert_cmpint (gch_guichet_get_state (g2), ==, GCH_GUICHET_STATE_CLOSED);

  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_OPEN_GUICHET, .guichet = 3), "open-guichet",
                   "guichet 3 paused>open -");
  g_assert_cmpint (gch_guichet_get_state (g3), ==, GCH_GUICHET_STATE_OPEN);
  g_assert_true (gch_policy_next (day_of (f), gch_station_get_settings (f->station), 3, AT (10, 0))
                 == entry (f, "P001"));

  /* Closing an open, free guichet. */
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_CLOSE_GUICHET, .guichet = 1), "close-guichet",
                   "guichet 1 open>closed -");
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_OPEN_GUICHET, .guichet = 2), "open-guichet",
                   "guichet 2 closed>open -");
}

/* The state machine
 *
 * DESIGN.md §3: waiting → called → (recalled)* → serving → done, with
 * called → no_show, waiting → left, serving|called → on_hold → waiting,
 * serving → transferred, and waiting → cancelled.
 */
static const struct { GchEntryState from, to; } graph[] = {
  { GCH_ENTRY_STATE_WAITING, GCH_ENTRY_STATE_CALLED },
  { GCH_ENTRY_STATE_CALLED, GCH_ENTRY_STATE_CALLED },
  { GCH_ENTRY_STATE_CALLED, GCH_ENTRY_STATE_SERVING },
  { GCH_ENTRY_STATE_SERVING, GCH_ENTRY_STATE_DONE },
  { GCH_ENTRY_STATE_CALLED, GCH_ENTRY_STATE_NO_SHOW },
  { GCH_ENTRY_STATE_WAITING, GCH_ENTRY_STATE_LEFT },
  { GCH_ENTRY_STATE_SERVING, GCH_ENTRY_STATE_ON_HOLD },
  { GCH_ENTRY_STATE_CALLED, GCH_ENTRY_STATE_ON_HOLD },
  { GCH_ENTRY_STATE_ON_HOLD, GCH_ENTRY_STATE_WAITING },
  { GCH_ENTRY_STATE_SERVING, GCH_ENTRY_STATE_TRANSFERRED },
  { GCH_ENTRY_STATE_WAITING, GCH_ENTRY_STATE_CANCELLED },
};

#define N_STATES (GCH_ENTRY_STATE_CANCELLED + 1)

static gboolean
in_graph (GchEntryState from,
          GchEntryState to)
{
  for (guint i = 0; i < G_N_ELEMENTS (graph); i++)
    if (graph[i].from == from && graph[i].to == to)
      return TRUE;

  return FALSE;
}

static void
test_state_graph (void)
{
  GEnumClass *klass = g_type_class_ref (GCH_TYPE_ENTRY_STATE);

  /* Every state of the enum is one of the graph's. */
  g_assert_cmpuint (klass->n_values, ==, N_STATES);
  g_type_class_unref (klass);

  for (int from = 0; from < N_STATES; from++)
    for (int to = 0; to < N_STATES; to++)
      {
        g_test_message ("%s → %s: %s", gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, from),
                        gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, to),
                        in_graph (from, to) ? "allowed" : "refused");
        g_assert_cmpint (gch_entry_state_allows (from, to), ==, in_graph (from, to));
      }
}

/* A hall with A001 in @state, at guichet 1 when it has a guichet. */
static GchEntryState hall_state;

static GchDay *
hall_with_state (void)
{
  GchDay *day = empty_hall ();
  gboolean at_guichet = hall_state != GCH_ENTRY_STATE_WAITING && hall_state != GCH_ENTRY_STATE_LEFT &&
                        hall_state != GCH_ENTRY_STATE_CANCELLED;

  add_entry (day, "A001", "titres", AT (9, 0), GCH_PRIORITY_NONE, hall_state,
             at_guichet ? 1 : 0, at_guichet ? AT (9, 50) : 0);
  add_entry (day, "A002", "titres", AT (9, 10), GCH_PRIORITY_NONE, GCH_ENTRY_STATE_WAITING, 0, 0);
  return day;
}

typedef struct
{
  GchAction      action;
  GchEntryState  to;
  gboolean       current;   /* acts on the person at guichet 1 */
} Move;

static const Move moves[] = {
  { GCH_ACTION_CALL_ENTRY, GCH_ENTRY_STATE_CALLED, FALSE },
  { GCH_ACTION_RESUME, GCH_ENTRY_STATE_WAITING, FALSE },
  { GCH_ACTION_RECALL, GCH_ENTRY_STATE_CALLED, TRUE },
  { GCH_ACTION_START_SERVICE, GCH_ENTRY_STATE_SERVING, TRUE },
  { GCH_ACTION_FINISH_SERVICE, GCH_ENTRY_STATE_DONE, TRUE },
  { GCH_ACTION_NO_SHOW, GCH_ENTRY_STATE_NO_SHOW, TRUE },
  { GCH_ACTION_HOLD, GCH_ENTRY_STATE_ON_HOLD, TRUE },
  { GCH_ACTION_TRANSFER, GCH_ENTRY_STATE_TRANSFERRED, TRUE },
};

/* Every action that moves an entry, from every state: the ones the graph
 * allows are decided, the others refused with GCH_ERROR_TRANSITION naming
 * the ticket, and nothing changes.
 *
 * Two narrower rules than the graph: calling someone out of turn needs them
 * waiting (called → called is a recall at their own guichet: another
 * guichet calling them would take them from the first), and a recall needs
 * them called, not being served. The actions on "the person at the
 * guichet" can only reach someone called or being served: from any other
 * state there is nobody at the guichet (GCH_ERROR_EMPTY).
 */
static void
test_state_machine (void)
{
  guint n_allowed = 0, n_refused = 0;

  for (int s = 0; s < N_STATES; s++)
    {
      Fixture fixture = { 0 }, *f = &fixture;

      hall_state = s;
      fixture_set_up (f, hall_with_state);

      for (guint m = 0; m < G_N_ELEMENTS (moves); m++)
        {
          const Move *move = &moves[m];
          GchRequest request = { .action = move->action, .guichet = move->current ? 1 : 2,
                                 .ticket = "A001", .reason = "test", .service = "permis" };
          gboolean at_guichet = s == GCH_ENTRY_STATE_CALLED || s == GCH_ENTRY_STATE_SERVING;
          gboolean allowed = in_graph (s, move->to);
          g_autoptr(GchChange) change = NULL;
          g_autoptr(GError) error = NULL;

          if (move->action == GCH_ACTION_CALL_ENTRY)
            allowed = s == GCH_ENTRY_STATE_WAITING;
          if (move->action == GCH_ACTION_RECALL)
            allowed = s == GCH_ENTRY_STATE_CALLED;

          g_test_message ("%s, action %d → %s", gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, s),
                          move->action, gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, move->to));

          if (move->current && !at_guichet)
            {
              run_fails (f, &request, GCH_ERROR_EMPTY, "guichet 1");
              continue;
            }

          if (!allowed)
            {
              run_fails (f, &request, GCH_ERROR_TRANSITION, "A001");
              n_refused++;
              continue;
            }

          /* Allowed: decided, not saved, so the next move starts from the same state. */
          change = gch_station_decide (f->station, &request, &error);
          g_assert_no_error (error);
          g_assert_nonnull (change);
          for (guint i = 0; i < gch_change_get_updated (change)->len; i++)
            {
              gpointer record = g_ptr_array_index (gch_change_get_updated (change), i);

              if (GCH_IS_QUEUE_ENTRY (record) &&
                  g_str_equal (gch_queue_entry_get_ticket (record), "A001"))
                g_assert_cmpint (gch_queue_entry_get_state (record), ==, move->to);
            }
          n_allowed++;
        }

      fixture_tear_down (f, NULL);
    }

  g_test_message ("%u moves allowed, %u refused", n_allowed, n_refused);
  g_assert_cmpuint (n_allowed, ==, 9);
  g_assert_cmpuint (n_refused, ==, 21);
}

/* Bad input: refused, and nothing changes */

typedef struct
{
  const char *name;
  GchRequest  before[3];
  guint       n_before;
  GchRequest  request;
  GchError    code;
  const char *contains;
} BadCase;

#define CALL_NEXT_1 { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 }
#define START_1 { .action = GCH_ACTION_START_SERVICE, .guichet = 1 }

static const BadCase bad_cases[] = {
  { "assign/closed-guichet", { }, 0,
    { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "A002", .target_guichet = 4 },
    GCH_ERROR_TRANSITION, "Guichet 4 is closed: open it before moving A002 to it." },
  { "assign/paused-guichet", { }, 0,
    { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "P001", .target_guichet = 3 },
    GCH_ERROR_TRANSITION, "Guichet 3 is paused: open it before moving P001 to it." },
  { "assign/other-service", { }, 0,
    { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "P001", .target_guichet = 2 },
    GCH_ERROR_INVALID, "Permis" },
  { "assign/not-accessible",
    { { .action = GCH_ACTION_ISSUE_TICKET, .service = "titres", .priority = GCH_PRIORITY_DISABILITY } }, 1,
    { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "A004", .target_guichet = 2 },
    GCH_ERROR_INVALID, "accessible" },
  { "assign/no-longer-waiting",
    { { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "A003", .reason = "urgence" } }, 1,
    { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "A003", .target_guichet = 2 },
    GCH_ERROR_TRANSITION, "A003" },
  { "assign/where-already", { }, 0,
    { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "A002", .target_guichet = 0 },
    GCH_ERROR_INVALID, "A002" },
  { "assign/unknown-guichet", { }, 0,
    { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "A002", .target_guichet = 9 },
    GCH_ERROR_NOT_FOUND, "9" },
  { "assign/unknown-ticket", { }, 0,
    { .action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "Z999", .target_guichet = 2 },
    GCH_ERROR_NOT_FOUND, "Z999" },
  { "priority/the-same", { }, 0,
    { .action = GCH_ACTION_SET_PRIORITY, .ticket = "A003", .priority = GCH_PRIORITY_ELDERLY },
    GCH_ERROR_INVALID, "A003" },
  { "priority/not-a-priority", { }, 0,
    { .action = GCH_ACTION_SET_PRIORITY, .ticket = "A001", .priority = 42 },
    GCH_ERROR_INVALID, "A001" },
  { "thresholds/zero-wait", { }, 0,
    { .action = GCH_ACTION_SET_THRESHOLDS, .service = "titres", .max_wait_minutes = 0,
      .max_waiting_per_guichet = 5 },
    GCH_ERROR_INVALID, "The longest wait must be from 1 to 999 minutes." },
  { "thresholds/negative-wait", { }, 0,
    { .action = GCH_ACTION_SET_THRESHOLDS, .service = "titres", .max_wait_minutes = -5,
      .max_waiting_per_guichet = 5 },
    GCH_ERROR_INVALID, "The longest wait must be from 1 to 999 minutes." },
  { "thresholds/wait-too-long", { }, 0,
    { .action = GCH_ACTION_SET_THRESHOLDS, .service = "titres", .max_wait_minutes = 1000,
      .max_waiting_per_guichet = 5 },
    GCH_ERROR_INVALID, "1 to 999" },
  { "thresholds/zero-waiting", { }, 0,
    { .action = GCH_ACTION_SET_THRESHOLDS, .service = "titres", .max_wait_minutes = 30,
      .max_waiting_per_guichet = 0 },
    GCH_ERROR_INVALID, "The most people waiting per open guichet must be from 1 to 999." },
  { "thresholds/negative-waiting", { }, 0,
    { .action = GCH_ACTION_SET_THRESHOLDS, .service = "titres", .max_wait_minutes = 30,
      .max_waiting_per_guichet = -1 },
    GCH_ERROR_INVALID, "1 to 999" },
  { "thresholds/too-many-waiting", { }, 0,
    { .action = GCH_ACTION_SET_THRESHOLDS, .service = "titres", .max_wait_minutes = 30,
      .max_waiting_per_guichet = 1000 },
    GCH_ERROR_INVALID, "1 to 999" },
  { "thresholds/unknown-service", { }, 0,
    { .action = GCH_ACTION_SET_THRESHOLDS, .service = "nope", .max_wait_minutes = 30,
      .max_waiting_per_guichet = 5 },
    GCH_ERROR_NOT_FOUND, "nope" },
  { "thresholds/the-same", { }, 0,
    { .action = GCH_ACTION_SET_THRESHOLDS, .service = "titres", .max_wait_minutes = 45,
      .max_waiting_per_guichet = 8 },
    GCH_ERROR_INVALID, "Titres" },
  { "guichet-services/none", { }, 0,
    { .action = GCH_ACTION_SET_GUICHET_SERVICES, .target_guichet = 2,
      .services = (const char *[]) { NULL } },
    GCH_ERROR_INVALID, "at least one service" },
  { "guichet-services/no-list", { }, 0,
    { .action = GCH_ACTION_SET_GUICHET_SERVICES, .target_guichet = 2 },
    GCH_ERROR_INVALID, "at least one service" },
  { "guichet-services/unknown-service", { }, 0,
    { .action = GCH_ACTION_SET_GUICHET_SERVICES, .target_guichet = 2,
      .services = (const char *[]) { "titres", "nope", NULL } },
    GCH_ERROR_NOT_FOUND, "nope" },
  { "guichet-services/twice", { }, 0,
    { .action = GCH_ACTION_SET_GUICHET_SERVICES, .target_guichet = 2,
      .services = (const char *[]) { "permis", "titres", "permis", NULL } },
    GCH_ERROR_INVALID, "Permis is named twice" },
  { "guichet-services/the-same", { }, 0,
    { .action = GCH_ACTION_SET_GUICHET_SERVICES, .target_guichet = 2,
      .services = (const char *[]) { "titres", NULL } },
    GCH_ERROR_INVALID, "Guichet 2" },
  { "guichet-services/unknown-guichet", { }, 0,
    { .action = GCH_ACTION_SET_GUICHET_SERVICES, .target_guichet = 9,
      .services = (const char *[]) { "titres", NULL } },
    GCH_ERROR_NOT_FOUND, "guichet 9" },
  { "seat/unknown-agent", { }, 0,
    { .action = GCH_ACTION_SEAT_AGENT, .target_guichet = 3, .agent = "x.nobody" },
    GCH_ERROR_NOT_FOUND, "x.nobody" },
  { "seat/unknown-guichet", { }, 0,
    { .action = GCH_ACTION_SEAT_AGENT, .target_guichet = 9, .agent = "b.martin" },
    GCH_ERROR_NOT_FOUND, "guichet 9" },
  { "seat/already-there", { }, 0,
    { .action = GCH_ACTION_SEAT_AGENT, .target_guichet = 2, .agent = "b.martin" },
    GCH_ERROR_INVALID, "Bruno Martin already sits at guichet 2" },
  { "seat/nobody-already", { }, 0,
    { .action = GCH_ACTION_SEAT_AGENT, .target_guichet = 3 },
    GCH_ERROR_INVALID, "Guichet 3 already has no agent." },
  { "seat/someone-called-at-target", { CALL_NEXT_1 }, 1,
    { .action = GCH_ACTION_SEAT_AGENT, .target_guichet = 1, .agent = "b.martin" },
    GCH_ERROR_TRANSITION, "A001 is called to guichet 1" },
  { "seat/someone-served-where-they-sat", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_SEAT_AGENT, .target_guichet = 3, .agent = ACTOR },
    GCH_ERROR_TRANSITION, "A001 is being served at guichet 1" },
  { "issue-ticket/unknown-service", { }, 0,
    { .action = GCH_ACTION_ISSUE_TICKET, .service = "nope" }, GCH_ERROR_NOT_FOUND, "nope" },
  { "issue-ticket/no-service", { }, 0,
    { .action = GCH_ACTION_ISSUE_TICKET }, GCH_ERROR_NOT_FOUND, NULL },
  { "issue-ticket/appointments-only", { }, 0,
    { .action = GCH_ACTION_ISSUE_TICKET, .service = "natu" }, GCH_ERROR_INVALID, "Naturalisation" },
  { "issue-ticket/not-a-priority", { }, 0,
    { .action = GCH_ACTION_ISSUE_TICKET, .service = "titres", .priority = 42 }, GCH_ERROR_INVALID, NULL },
  { "check-in/unknown-reference", { }, 0,
    { .action = GCH_ACTION_CHECK_IN, .reference = "R-999" }, GCH_ERROR_NOT_FOUND, "R-999" },
  { "check-in/no-reference", { }, 0,
    { .action = GCH_ACTION_CHECK_IN }, GCH_ERROR_NOT_FOUND, NULL },
  { "check-in/cancelled", { }, 0,
    { .action = GCH_ACTION_CHECK_IN, .reference = "R-003" }, GCH_ERROR_TRANSITION, "R-003" },
  { "check-in/twice", { { .action = GCH_ACTION_CHECK_IN, .reference = "R-001" } }, 1,
    { .action = GCH_ACTION_CHECK_IN, .reference = "R-001" }, GCH_ERROR_TRANSITION, "A004" },
  { "call-entry/unknown-ticket", { }, 0,
    { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "Z999", .reason = "x" },
    GCH_ERROR_NOT_FOUND, "Z999" },
  { "call-entry/empty-reason", { }, 0,
    { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "A002", .reason = "" },
    GCH_ERROR_INVALID, "A002" },
  { "call-entry/whitespace-reason", { }, 0,
    { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "A002", .reason = " \t\n " },
    GCH_ERROR_INVALID, "A002" },
  { "call-entry/no-reason", { }, 0,
    { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "A002" }, GCH_ERROR_INVALID, "A002" },
  { "call-entry/reason-too-long", { }, 0,
    { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "A002",
      .reason = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" /* 201 */ },
    GCH_ERROR_INVALID, "A002" },
  { "call-entry/called-at-another-guichet", { CALL_NEXT_1 }, 1,
    { .action = GCH_ACTION_CALL_ENTRY, .guichet = 2, .ticket = "A001", .reason = "x" },
    GCH_ERROR_TRANSITION, "A001" },
  { "call-entry/guichet-busy", { CALL_NEXT_1 }, 1,
    { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "A002", .reason = "x" },
    GCH_ERROR_TRANSITION, "A001" },
  { "call-entry/paused-guichet", { }, 0,
    { .action = GCH_ACTION_CALL_ENTRY, .guichet = 3, .ticket = "P001", .reason = "x" },
    GCH_ERROR_TRANSITION, "3" },
  { "call-next/paused-guichet", { }, 0,
    { .action = GCH_ACTION_CALL_NEXT, .guichet = 3 }, GCH_ERROR_TRANSITION, "Guichet 3" },
  { "call-next/closed-guichet", { }, 0,
    { .action = GCH_ACTION_CALL_NEXT, .guichet = 4 }, GCH_ERROR_TRANSITION, "Guichet 4" },
  { "call-next/unknown-guichet", { }, 0,
    { .action = GCH_ACTION_CALL_NEXT, .guichet = 9 }, GCH_ERROR_NOT_FOUND, "9" },
  { "call-next/someone-at-the-guichet", { CALL_NEXT_1 }, 1,
    { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 }, GCH_ERROR_TRANSITION, "A001" },
  { "call-next/nobody-waiting-for-it",
    { { .action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "P001", .reason = "x" },
      { .action = GCH_ACTION_OPEN_GUICHET, .guichet = 3 } }, 2,
    { .action = GCH_ACTION_CALL_NEXT, .guichet = 3 }, GCH_ERROR_EMPTY, "3" },
  { "recall/nobody", { }, 0,
    { .action = GCH_ACTION_RECALL, .guichet = 1 }, GCH_ERROR_EMPTY, "1" },
  { "recall/being-served", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_RECALL, .guichet = 1 }, GCH_ERROR_TRANSITION, "A001" },
  { "start/nobody", { }, 0,
    { .action = GCH_ACTION_START_SERVICE, .guichet = 2 }, GCH_ERROR_EMPTY, "2" },
  { "start/twice", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_START_SERVICE, .guichet = 1 }, GCH_ERROR_TRANSITION, "A001" },
  { "finish/nobody", { }, 0,
    { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 }, GCH_ERROR_EMPTY, "1" },
  { "finish/not-served-yet", { CALL_NEXT_1 }, 1,
    { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 }, GCH_ERROR_TRANSITION, "A001" },
  { "finish/not-an-outcome", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1, .outcome = "bogus" },
    GCH_ERROR_INVALID, "bogus" },
  { "finish/outcome-case-matters", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1, .outcome = "Served" },
    GCH_ERROR_INVALID, "Served" },
  { "finish/incomplete-without-missing", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1, .outcome = "incomplete" },
    GCH_ERROR_INVALID, "A001" },
  { "finish/incomplete-with-empty-missing", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1, .outcome = "incomplete",
      .missing = (const char *[]) { NULL } },
    GCH_ERROR_INVALID, "A001" },
  { "finish/missing-document-of-another-service", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1, .outcome = "incomplete",
      .missing = (const char *[]) { "Photo d'identité", "Permis actuel", NULL } },
    GCH_ERROR_INVALID, "Permis actuel" },
  { "no-show/being-served", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_NO_SHOW, .guichet = 1 }, GCH_ERROR_TRANSITION, "A001" },
  { "hold/nobody", { }, 0,
    { .action = GCH_ACTION_HOLD, .guichet = 1 }, GCH_ERROR_EMPTY, "1" },
  { "resume/waiting", { }, 0,
    { .action = GCH_ACTION_RESUME, .ticket = "A002" }, GCH_ERROR_TRANSITION, "A002" },
  { "resume/unknown-ticket", { }, 0,
    { .action = GCH_ACTION_RESUME, .ticket = "A777" }, GCH_ERROR_NOT_FOUND, "A777" },
  { "transfer/service-and-guichet", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_TRANSFER, .guichet = 1, .service = "permis", .target_guichet = 2 },
    GCH_ERROR_INVALID, "A001" },
  { "transfer/nowhere", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_TRANSFER, .guichet = 1 }, GCH_ERROR_INVALID, "A001" },
  { "transfer/unknown-service", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_TRANSFER, .guichet = 1, .service = "nope" }, GCH_ERROR_NOT_FOUND, "nope" },
  { "transfer/closed-guichet", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_TRANSFER, .guichet = 1, .target_guichet = 4 }, GCH_ERROR_INVALID, "4" },
  { "transfer/own-guichet", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_TRANSFER, .guichet = 1, .target_guichet = 1 }, GCH_ERROR_INVALID, "A001" },
  { "transfer/unknown-guichet", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_TRANSFER, .guichet = 1, .target_guichet = 9 }, GCH_ERROR_NOT_FOUND, "9" },
  { "transfer/only-called", { CALL_NEXT_1 }, 1,
    { .action = GCH_ACTION_TRANSFER, .guichet = 1, .service = "permis" },
    GCH_ERROR_TRANSITION, "A001" },
  { "mark-printed/unknown-ticket", { }, 0,
    { .action = GCH_ACTION_MARK_PRINTED, .ticket = "A999" }, GCH_ERROR_NOT_FOUND, "A999" },
  { "set-notes/nobody-at-the-guichet", { }, 0,
    { .action = GCH_ACTION_SET_NOTES, .guichet = 2, .notes = "x" }, GCH_ERROR_EMPTY, "2" },
  { "close-guichet/someone-at-it", { CALL_NEXT_1 }, 1,
    { .action = GCH_ACTION_CLOSE_GUICHET, .guichet = 1 }, GCH_ERROR_TRANSITION, "A001" },
  { "close-guichet/someone-served", { CALL_NEXT_1, START_1 }, 2,
    { .action = GCH_ACTION_CLOSE_GUICHET, .guichet = 1 }, GCH_ERROR_TRANSITION, "A001" },
  { "close-guichet/already-closed", { }, 0,
    { .action = GCH_ACTION_CLOSE_GUICHET, .guichet = 4 }, GCH_ERROR_TRANSITION, "4" },
  { "pause-guichet/closed", { }, 0,
    { .action = GCH_ACTION_PAUSE_GUICHET, .guichet = 4 }, GCH_ERROR_TRANSITION, "4" },
  { "open-guichet/already-open", { }, 0,
    { .action = GCH_ACTION_OPEN_GUICHET, .guichet = 1 }, GCH_ERROR_TRANSITION, "1" },
  { "open-guichet/unknown", { }, 0,
    { .action = GCH_ACTION_OPEN_GUICHET, .guichet = 12 }, GCH_ERROR_NOT_FOUND, "12" },
  { "action/unknown", { }, 0,
    { .action = 99 }, GCH_ERROR_INVALID, NULL },
};

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  const BadCase *c = data;

  for (guint i = 0; i < c->n_before; i++)
    run_quietly (f, &c->before[i]);
  run_fails (f, &c->request, c->code, c->contains);
}

/* A supervisor gives a waiting person to guichet 2, then back to the
 * service: only that guichet's queue has them meanwhile.
 */
static gboolean
waits_for (Fixture    *f,
           guint       guichet,
           const char *ticket)
{
  g_autoptr(GPtrArray) waiting = gch_day_waiting_for_guichet (day_of (f), guichet);

  for (guint i = 0; i < waiting->len; i++)
    if (g_str_equal (gch_queue_entry_get_ticket (g_ptr_array_index (waiting, i)), ticket))
      return TRUE;
  return FALSE;
}

static void
test_assign_guichet (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  g_assert_true (waits_for (f, 1, "A002"));
  change = run_ok (f, REQ (.action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "A002", .target_guichet = 2),
                   "assign", "entry A002 waiting>waiting guichet:2");
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry (f, "A002")), ==, 2);
  g_assert_cmpstr (payload_string (f, "target"), ==, "2");
  g_assert_true (waits_for (f, 2, "A002"));
  g_assert_false (waits_for (f, 1, "A002"));

  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "A002", .target_guichet = 0),
                   "assign", "entry A002 waiting>waiting service");
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry (f, "A002")), ==, 0);
  g_assert_true (waits_for (f, 1, "A002"));
}

/* A supervisor gives a waiting person a priority category: kept on the
 * disk (run_ok reads the day back), and the queue orders them by it.
 */
static void
test_set_priority (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  /* At 9:45, before A001's wait would promote them. */
  g_assert_true (gch_policy_next (day_of (f), gch_station_get_settings (f->station), 2, AT (9, 45)) ==
                 entry (f, "A003"));
  change = run_ok (f, REQ (.action = GCH_ACTION_SET_PRIORITY, .ticket = "A002",
                           .priority = GCH_PRIORITY_PREGNANCY),
                   "priority", "entry A002 waiting>waiting pregnancy");
  g_assert_cmpint (gch_queue_entry_get_priority (entry (f, "A002")), ==, GCH_PRIORITY_PREGNANCY);
  g_assert_cmpstr (payload_string (f, "priority"), ==, "pregnancy");

  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_SET_PRIORITY, .ticket = "A003",
                           .priority = GCH_PRIORITY_NONE),
                   "priority", "entry A003 waiting>waiting none");
  /* Priority before arrival: A002 comes first now, and A003 is ordinary. */
  g_assert_true (gch_policy_next (day_of (f), gch_station_get_settings (f->station), 2, AT (9, 45)) ==
                 entry (f, "A002"));
}

/* A supervisor tightens the thresholds of titres: kept on the disk, sent
 * as an operation on the service, and the event says old → new.
 */
static void
test_set_thresholds (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  g_autofree char *stored = NULL;
  GchService *titres = gch_day_find_service (day_of (f), "titres");

  g_assert_cmpuint (gch_service_get_max_wait_minutes (titres), ==, 45);
  g_assert_cmpuint (gch_service_get_max_waiting_per_guichet (titres), ==, 8);
  change = run_ok (f, REQ (.action = GCH_ACTION_SET_THRESHOLDS, .service = "titres",
                           .max_wait_minutes = 30, .max_waiting_per_guichet = 6),
                   "thresholds", "service titres 45/8>30/6 thresholds");
  g_assert_cmpuint (gch_service_get_max_wait_minutes (titres), ==, 30);
  g_assert_cmpuint (gch_service_get_max_waiting_per_guichet (titres), ==, 6);
  g_assert_cmpstr (gch_change_get_record_kind (change), ==, "service");
  g_assert_cmpstr (gch_change_get_record_id (change), ==, "titres");
  g_assert_cmpstr (payload_string (f, "max-wait-minutes"), ==, "30");
  g_assert_cmpstr (payload_string (f, "max-waiting-per-guichet"), ==, "6");
  stored = db_text (f, "SELECT max_wait_minutes || '/' || max_waiting_per_guichet FROM service"
                       " WHERE code = 'titres'");
  g_assert_cmpstr (stored, ==, "30/6");

  /* The other services keep theirs. */
  g_assert_cmpuint (gch_service_get_max_wait_minutes (gch_day_find_service (day_of (f), "permis")),
                    ==, 45);

  /* The extremes are allowed. */
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_SET_THRESHOLDS, .service = "titres",
                           .max_wait_minutes = 999, .max_waiting_per_guichet = 1),
                   "thresholds", "service titres 30/6>999/1 thresholds");
}

/* Guichet 1 stops handling titres: A002, waiting in its own queue, goes
 * back to the titres queue in the same change; P001 (permis) and those
 * waiting for any guichet stay as they are.
 */
static void
test_set_guichet_services (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *services = NULL;
  g_autofree char *seen = NULL;
  GchGuichet *g1 = gch_day_find_guichet (day_of (f), 1);
  gint64 last_event;

  run_quietly (f, REQ (.action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "A002", .target_guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_ASSIGN_GUICHET, .ticket = "P001", .target_guichet = 1));
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry (f, "A002")), ==, 1);
  last_event = db_int (f, "SELECT max(seq) FROM event");

  change = gch_station_run (f->station,
                            REQ (.action = GCH_ACTION_SET_GUICHET_SERVICES, .target_guichet = 1,
                                 .services = (const char *[]) { "permis", NULL }),
                            &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gch_change_get_kind (change), ==, "guichet-services");
  seen = events_since (f, last_event);
  g_assert_cmpstr (seen, ==, "guichet 1 open>open services:titres,permis>permis"
                             " / entry A002 waiting>waiting service");

  g_assert_true (g_strv_equal (gch_guichet_get_services (g1), (const char *[]) { "permis", NULL }));
  g_assert_false (gch_guichet_handles (g1, "titres"));
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry (f, "A002")), ==, 0);
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry (f, "P001")), ==, 1);
  g_assert_cmpuint (gch_queue_entry_get_guichet (entry (f, "A001")), ==, 0);
  g_assert_false (waits_for (f, 1, "A002"));
  g_assert_true (waits_for (f, 2, "A002"));
  services = db_text (f, "SELECT group_concat(service) FROM guichet_service WHERE guichet = 1");
  g_assert_cmpstr (services, ==, "permis");
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE kind = 'guichet-services'"
                              " AND record_kind = 'guichet' AND record_id = '1'"), ==, 1);
  assert_day_is_saved (f);

  /* And back, both, in the supervisor's order: nobody moves. */
  g_clear_object (&change);
  g_clear_pointer (&seen, g_free);
  g_clear_pointer (&services, g_free);
  last_event = db_int (f, "SELECT max(seq) FROM event");
  change = gch_station_run (f->station,
                            REQ (.action = GCH_ACTION_SET_GUICHET_SERVICES, .target_guichet = 1,
                                 .services = (const char *[]) { "titres", "permis", NULL }),
                            &error);
  g_assert_no_error (error);
  seen = events_since (f, last_event);
  g_assert_cmpstr (seen, ==, "guichet 1 open>open services:permis>titres,permis");
  services = db_text (f, "SELECT group_concat(service) FROM"
                         " (SELECT service FROM guichet_service WHERE guichet = 1 ORDER BY position)");
  g_assert_cmpstr (services, ==, "titres,permis");
  g_assert_true (waits_for (f, 1, "A001"));
  assert_day_is_saved (f);
}

/* b.martin moves from guichet 2 to guichet 3: guichet 2 is left without an
 * agent. Then guichet 1 is left with nobody.
 */
static void
test_seat_agent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  change = run_ok (f, REQ (.action = GCH_ACTION_SEAT_AGENT, .target_guichet = 3, .agent = "b.martin"),
                   "seat", "guichet 2 open>open agent:b.martin> / guichet 3 paused>paused agent:>b.martin");
  g_assert_cmpstr (gch_guichet_get_agent_id (gch_day_find_guichet (day_of (f), 3)), ==, "b.martin");
  g_assert_null (gch_guichet_get_agent_id (gch_day_find_guichet (day_of (f), 2)));
  g_assert_cmpstr (payload_string (f, "agent"), ==, "b.martin");
  g_assert_cmpstr (gch_change_get_record_id (change), ==, "3");
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM guichet WHERE agent_id IS NULL"), ==, 2);

  /* Taking the seat of someone else: they are left without one. */
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_SEAT_AGENT, .target_guichet = 3, .agent = ACTOR),
                   "seat", "guichet 1 open>open agent:" ACTOR "> / guichet 3 paused>paused "
                   "agent:b.martin>" ACTOR);
  g_assert_null (gch_guichet_get_agent_id (gch_day_find_guichet (day_of (f), 1)));

  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_SEAT_AGENT, .target_guichet = 3),
                   "seat", "guichet 3 paused>paused agent:" ACTOR ">");
  g_assert_false (json_object_has_member (json_node_get_object (f->payload), "agent"));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM guichet WHERE agent_id IS NULL"), ==, 4);
}

/* The walk-in cap: titres allows 4 a day; A001, A002 and A003 are 3. */
static void
test_cap_reached (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  change = run_ok (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "titres"), "issue-ticket",
                   "entry A004 ->waiting -");
  run_fails (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "titres"),
             GCH_ERROR_CAP_REACHED, "Titres");

  /* Everyone of the day counts, served or not. */
  run_quietly (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = 1));
  run_quietly (f, REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = 1));
  run_fails (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "titres", .priority = GCH_PRIORITY_CMI),
             GCH_ERROR_CAP_REACHED, NULL);

  /* Appointments, transfers and other services still get tickets. */
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_CHECK_IN, .reference = "R-001"), "check-in",
                   "entry A005 ->waiting - / appointment R-001 booked>checked-in A005");
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "permis"), "issue-ticket",
                   "entry P002 ->waiting -");
}

/* The site's mode, as the sync brings it: in the day and in the database. */
static void
set_mode (Fixture     *f,
          GchSiteMode  mode)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE site SET mode = '%s'",
                                          gch_enum_to_nick (GCH_TYPE_SITE_MODE, mode));

  gch_site_set_mode (day_of (f)->site, mode);
  g_assert_cmpint (sqlite3_exec (f->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* The site's mode (gch-mode.h): in crise, titres's cap of 4 is 2, and
 * A001, A002 and A003 are already 3.
 */
static void
test_mode_crise_cap (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  set_mode (f, GCH_SITE_MODE_CRISE);
  run_fails (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "titres"),
             GCH_ERROR_CAP_REACHED,
             "Crisis: walk-in tickets for Titres are limited to 2 today, half the usual 4, "
             "and all are given. Offer an appointment or a call-back instead.");
  /* Permis has no cap, and the day is young: a ticket. */
  change = run_ok (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "permis"), "issue-ticket",
                   "entry P002 ->waiting -");

  /* Back to normal, the fourth titres ticket of the day is given. */
  set_mode (f, GCH_SITE_MODE_NORMAL);
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "titres"), "issue-ticket",
                   "entry A004 ->waiting -");
}

/* In affluence, no ticket for someone who would not be called before
 * closing (16:30) minus the service's duration (permis, 20 min): 16:10.
 * Guichet 1 alone takes permis, behind the titres people it also takes.
 * (The exact boundary is tested on a hall made by hand in test-policy.)
 */
static void
test_mode_affluence_closing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchService *permis = gch_day_find_service (day_of (f), "permis");
  gint64 wait, last_call = AT (16, 30) - 20 * 60;

  /* Whatever the hall, the rule is the estimate against 16:10. */
  set_time (f, AT (15, 40));
  wait = gch_policy_estimate_walk_in (day_of (f), gch_station_get_settings (f->station), permis,
                                      GCH_PRIORITY_NONE, AT (15, 40));
  g_assert_cmpint (wait, >=, 0);
  g_assert_cmpint (AT (15, 40) + wait, <=, last_call);

  set_mode (f, GCH_SITE_MODE_AFFLUENCE);
  change = run_ok (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "permis"), "issue-ticket",
                   "entry P002 ->waiting -");

  /* Later, the newcomer's call falls past 16:10. */
  set_time (f, last_call - wait + 60);
  g_assert_cmpint (gch_policy_estimate_walk_in (day_of (f), gch_station_get_settings (f->station),
                                                permis, GCH_PRIORITY_NONE, last_call - wait + 60)
                   + last_call - wait + 60, >, last_call);
  run_fails (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "permis"),
             GCH_ERROR_CAP_REACHED,
             "Affluence: a new walk-in for Permis would not be called before closing. "
             "Offer an appointment or a call-back instead.");
  set_mode (f, GCH_SITE_MODE_CRISE);
  run_fails (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "permis"),
             GCH_ERROR_CAP_REACHED, "Crisis: a new walk-in for Permis would not be called");

  /* In normal mode, the reception still gives it: the agent decides. */
  set_mode (f, GCH_SITE_MODE_NORMAL);
  g_clear_object (&change);
  change = run_ok (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "permis"), "issue-ticket",
                   "entry P003 ->waiting -");
}

/* The late tolerance by mode: R-002 (permis 9:30) checks in at 9:40, ten
 * minutes late: on time in normal (15 min), late in affluence (7 min).
 */
static void
test_mode_late_tolerance (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  GchAppointment *r002 = gch_day_find_appointment (day_of (f), "R-002");

  g_assert_cmpuint (gch_station_get_settings (f->station)->late_tolerance_minutes, ==, 15);
  g_assert_false (gch_policy_is_late (gch_station_get_settings (f->station), r002, AT (9, 40)));
  set_mode (f, GCH_SITE_MODE_CRISE);
  g_assert_cmpuint (gch_station_get_settings (f->station)->late_tolerance_minutes, ==, 0);
  g_assert_false (gch_policy_is_late (gch_station_get_settings (f->station), r002, AT (9, 30)));
  g_assert_true (gch_policy_is_late (gch_station_get_settings (f->station), r002, AT (9, 31)));
  set_mode (f, GCH_SITE_MODE_AFFLUENCE);
  g_assert_cmpuint (gch_station_get_settings (f->station)->late_tolerance_minutes, ==, 7);
  g_assert_false (gch_policy_is_late (gch_station_get_settings (f->station), r002, AT (9, 37)));
  g_assert_true (gch_policy_is_late (gch_station_get_settings (f->station), r002, AT (9, 38)));

  set_time (f, AT (9, 40));
  change = run_ok (f, REQ (.action = GCH_ACTION_CHECK_IN, .reference = "R-002"), "check-in",
                   "entry P002 ->waiting - / appointment R-002 booked>checked-in P002");
  g_assert_true (gch_queue_entry_get_late (entry (f, "P002")));
  g_assert_cmpstr (payload_string (f, "late"), ==, "true");
}

/* Someone else changed the entry since the station read it: the action
 * is refused as a conflict and nothing is saved.
 */
static void
test_conflict_entry (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;

  db_exec (f, "UPDATE queue_entry SET version = version + 1, state = 'called', guichet = 7"
              " WHERE ticket = 'A002'");
  run_fails (f, REQ (.action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "A002", .reason = "x"),
             GCH_ERROR_CONFLICT, "A002");
  g_assert_cmpint (gch_queue_entry_get_state (entry (f, "A002")), ==, GCH_ENTRY_STATE_WAITING);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox"), ==, 0);

  /* The station reads the day again (as the sync does after a conflict):
   * call-next picks A001, untouched, fine…
   */
  {
    g_autoptr(GError) error = NULL;

    gch_station_set_day (f->station, gch_store_load_day (f->store, DATE, &error));
    g_assert_no_error (error);
  }
  change = run_ok (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1), "call",
                   "entry A001 waiting>called -");
  /* …then A003, changed behind the station's back too. */
  db_exec (f, "UPDATE queue_entry SET version = 5 WHERE ticket = 'A003'");
  run_fails (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 2), GCH_ERROR_CONFLICT, "A003");
}

static void
test_conflict_appointment (Fixture       *f,
                           gconstpointer  data)
{
  db_exec (f, "UPDATE appointment SET version = 2, status = 'cancelled-by-person'"
              " WHERE reference = 'R-001'");
  /* The new entry would be inserted first: rolled back with the rest. */
  run_fails (f, REQ (.action = GCH_ACTION_CHECK_IN, .reference = "R-001"), GCH_ERROR_CONFLICT, "R-001");
  g_assert_null (gch_station_find_ticket (f->station, "A004"));
}

/* Ticket numbers: the service's prefix, unique in the day, increasing. */

static guint64
ticket_number (const char *ticket,
               const char *prefix)
{
  guint64 number = 0;

  g_assert_true (g_str_has_prefix (ticket, prefix));
  g_assert_true (g_ascii_string_to_unsigned (ticket + strlen (prefix), 10, 1, G_MAXUINT, &number, NULL));
  return number;
}

static guint64
highest_number (Fixture    *f,
                const char *prefix)
{
  guint64 highest = 0;

  for (guint i = 0; i < day_of (f)->entries->len; i++)
    {
      const char *ticket = gch_queue_entry_get_ticket (g_ptr_array_index (day_of (f)->entries, i));

      if (g_str_has_prefix (ticket, prefix))
        highest = MAX (highest, ticket_number (ticket, prefix));
    }

  return highest;
}

static void
assert_tickets_unique (Fixture *f)
{
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM (SELECT day, ticket FROM queue_entry"
                              " GROUP BY day, ticket HAVING count(*) > 1)"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM queue_entry WHERE day = '" DATE "'"), ==,
                   day_of (f)->entries->len);
}

static void
test_ticket_numbers (Fixture       *f,
                     gconstpointer  data)
{
  GchDay *day = day_of (f);
  guint issued = 0;

  assert_tickets_unique (f);

  /* Round after round, a ticket for each service that takes walk-ins. */
  for (guint round = 0; round < 4; round++)
    for (guint s = 0; s < day->services->len; s++)
      {
        GchService *service = g_ptr_array_index (day->services, s);
        const char *prefix = gch_service_get_prefix (service);
        guint64 highest = highest_number (f, prefix);
        g_autoptr(GchChange) change = NULL;
        g_autoptr(GError) error = NULL;
        const char *ticket;

        if (!gch_service_get_accepts_walk_ins (service))
          continue;

        set_time (f, gch_clock_now (f->clock) + 17);
        change = gch_station_run (f->station, REQ (.action = GCH_ACTION_ISSUE_TICKET,
                                                   .service = gch_service_get_code (service)),
                                  &error);
        if (g_error_matches (error, GCH_ERROR, GCH_ERROR_CAP_REACHED))
          {
            g_assert_cmpuint (gch_station_count_walk_ins (f->station, service), >=,
                              gch_service_get_walk_in_cap (service));
            continue;
          }
        g_assert_no_error (error);

        ticket = gch_queue_entry_get_ticket (gch_change_get_entry (change));
        g_test_message ("%s: %s", gch_service_get_code (service), ticket);
        g_assert_cmpuint (ticket_number (ticket, prefix), ==, highest + 1);
        g_assert_cmpuint (strlen (ticket), >=, strlen (prefix) + 3);
        issued++;
      }
  g_assert_cmpuint (issued, >=, 8);

  /* Check-ins take numbers from the same series… */
  for (guint i = 0, n = 0; i < day->appointments->len && n < 3; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (day->appointments, i);
      const char *prefix = gch_service_get_prefix (gch_appointment_get_service (appointment));
      guint64 highest = highest_number (f, prefix);
      g_autoptr(GchChange) change = NULL;
      g_autoptr(GError) error = NULL;
      const char *ticket;

      if (gch_appointment_get_status (appointment) != GCH_APPOINTMENT_STATUS_BOOKED ||
          gch_appointment_get_starts_at (appointment) < gch_clock_now (f->clock))
        continue;

      change = gch_station_run (f->station, REQ (.action = GCH_ACTION_CHECK_IN,
                                                 .reference = gch_appointment_get_reference (appointment)),
                                &error);
      g_assert_no_error (error);
      ticket = gch_queue_entry_get_ticket (gch_change_get_entry (change));
      g_test_message ("check-in %s: %s", gch_appointment_get_reference (appointment), ticket);
      g_assert_cmpuint (ticket_number (ticket, prefix), ==, highest + 1);
      n++;
    }

  /* …and so do transfers, in the series of the service they go to. */
  for (guint g = 0; g < day->guichets->len; g++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, g);
      guint number = gch_guichet_get_number (guichet);
      g_autoptr(GchChange) change = NULL;
      g_autoptr(GError) error = NULL;
      GchQueueEntry *current;
      GchService *target = NULL;
      const char *ticket;
      guint64 highest;

      if (gch_guichet_get_state (guichet) != GCH_GUICHET_STATE_OPEN)
        continue;
      if ((current = gch_day_current_for_guichet (day, number)) == NULL)
        continue;
      if (gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED)
        run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = number));

      for (guint s = 0; s < day->services->len && target == NULL; s++)
        if (g_ptr_array_index (day->services, s) != gch_queue_entry_get_service (current))
          target = g_ptr_array_index (day->services, s);

      highest = highest_number (f, gch_service_get_prefix (target));
      change = gch_station_run (f->station, REQ (.action = GCH_ACTION_TRANSFER, .guichet = number,
                                                 .service = gch_service_get_code (target)),
                                &error);
      g_assert_no_error (error);
      ticket = gch_queue_entry_get_ticket (gch_change_get_entry (change));
      g_test_message ("transfer of %s to %s: %s", gch_queue_entry_get_ticket (current),
                      gch_service_get_code (target), ticket);
      g_assert_cmpuint (ticket_number (ticket, gch_service_get_prefix (target)), ==, highest + 1);
      break;
    }

  assert_tickets_unique (f);
}

/* Numbers survive a restart: a new station on the day read back goes on. */
static void
test_ticket_numbers_after_restart (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GchStation) again = NULL;
  g_autoptr(GchChange) next = NULL;
  g_autoptr(GError) error = NULL;

  change = run_ok (f, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "permis"), "issue-ticket",
                   "entry P002 ->waiting -");

  again = gch_station_new (f->store, f->clock, ACTOR);
  gch_station_set_day (again, gch_store_load_day (f->store, DATE, &error));
  g_assert_no_error (error);
  next = gch_station_run (again, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "permis"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gch_queue_entry_get_ticket (gch_change_get_entry (next)), ==, "P003");
}

/* Queued requests: gch_station_submit() */

typedef struct
{
  GMainLoop  *loop;
  GArray     *order;     /* guint: the index of each callback, in the order they ran */
  GPtrArray  *changes;   /* by index */
  GPtrArray  *errors;    /* by index */
  guint       expected;
} Submits;

typedef struct
{
  Submits *submits;
  guint    index;
} Slot;

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Slot *slot = user_data;
  Submits *s = slot->submits;
  GError *error = NULL;
  GchChange *change = gch_station_submit_finish (GCH_STATION (source), result, &error);

  g_array_append_val (s->order, slot->index);
  g_ptr_array_index (s->changes, slot->index) = change;
  g_ptr_array_index (s->errors, slot->index) = error;
  g_free (slot);

  if (s->order->len == s->expected)
    g_main_loop_quit (s->loop);
}

static void
submits_init (Submits *s,
              guint    expected)
{
  s->loop = g_main_loop_new (NULL, FALSE);
  s->order = g_array_new (FALSE, FALSE, sizeof (guint));
  s->changes = g_ptr_array_new ();
  s->errors = g_ptr_array_new ();
  g_ptr_array_set_size (s->changes, expected);
  g_ptr_array_set_size (s->errors, expected);
  s->expected = expected;
}

static void
submits_clear (Submits *s)
{
  for (guint i = 0; i < s->expected; i++)
    {
      g_clear_object ((GchChange **)&g_ptr_array_index (s->changes, i));
      g_clear_error ((GError **)&g_ptr_array_index (s->errors, i));
    }
  g_main_loop_unref (s->loop);
  g_array_unref (s->order);
  g_ptr_array_unref (s->changes);
  g_ptr_array_unref (s->errors);
}

static GError *
error_at (Submits *s,
          guint    i)
{
  return g_ptr_array_index (s->errors, i);
}

static GchChange *
change_at (Submits *s,
           guint    i)
{
  return g_ptr_array_index (s->changes, i);
}

static void
submit (Fixture          *f,
        Submits          *s,
        guint             index,
        const GchRequest *request)
{
  Slot *slot = g_new0 (Slot, 1);

  slot->submits = s;
  slot->index = index;
  gch_station_submit (f->station, request, NULL, submitted_cb, slot);
}

static gboolean
time_out (gpointer data)
{
  g_error ("the submitted requests did not all come back");
  return G_SOURCE_REMOVE;
}

static void
run_submits (Submits *s)
{
  guint timeout = g_timeout_add_seconds (20, time_out, NULL);

  g_main_loop_run (s->loop);
  g_source_remove (timeout);

  /* The callbacks ran in the order the requests were submitted. */
  for (guint i = 0; i < s->order->len; i++)
    g_assert_cmpuint (g_array_index (s->order, guint, i), ==, i);
}

/* The open guichets of the demo, each freed of whoever is at it. */
static GArray *
free_open_guichets (Fixture *f)
{
  GArray *numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  GchDay *day = day_of (f);

  for (guint g = 0; g < day->guichets->len; g++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, g);
      guint number = gch_guichet_get_number (guichet);
      GchQueueEntry *current = gch_day_current_for_guichet (day, number);

      if (gch_guichet_get_state (guichet) != GCH_GUICHET_STATE_OPEN)
        continue;
      if (current != NULL && gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED)
        run_quietly (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = number));
      if (current != NULL)
        run_quietly (f, REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = number));
      g_array_append_val (numbers, number);
    }

  return numbers;
}

static void
test_submit_in_order (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const services[] = { "titres", "permis", "titres", "info", "titres" };
  g_autoptr(GArray) guichets = free_open_guichets (f);
  g_autoptr(GHashTable) waiting = g_hash_table_new (NULL, NULL);
  g_autofree char *outbox_kinds = NULL;
  GchQueueEntry *first_expected;
  gint64 last_op = db_int (f, "SELECT coalesce(max(seq), 0) FROM outbox");
  guint n_changed = f->n_changed;
  guint calls[3];
  Submits s = { 0 };

  /* Three guichets that someone waits for. */
  for (guint g = 0, n = 0; g < guichets->len && n < 3; g++)
    if (gch_policy_next (day_of (f), gch_station_get_settings (f->station),
                         g_array_index (guichets, guint, g), gch_clock_now (f->clock)) != NULL)
      calls[n++] = g_array_index (guichets, guint, g);
  first_expected = gch_policy_next (day_of (f), gch_station_get_settings (f->station), calls[0],
                                    gch_clock_now (f->clock));
  for (guint i = 0; i < day_of (f)->entries->len; i++)
    if (gch_queue_entry_get_state (g_ptr_array_index (day_of (f)->entries, i)) == GCH_ENTRY_STATE_WAITING)
      g_hash_table_add (waiting, g_ptr_array_index (day_of (f)->entries, i));

  submits_init (&s, 8);
  for (guint i = 0; i < 3; i++)
    submit (f, &s, i, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = calls[i]));
  for (guint i = 0; i < 5; i++)
    submit (f, &s, 3 + i, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = services[i]));
  /* Nothing is decided twice on the same day: none came back yet. */
  g_assert_cmpuint (s.order->len, ==, 0);
  run_submits (&s);

  for (guint i = 0; i < 8; i++)
    {
      g_assert_no_error (error_at (&s, i));
      g_assert_nonnull (change_at (&s, i));
    }
  g_assert_cmpuint (f->n_changed, ==, n_changed + 8);

  /* Three different people, each waiting before, each at their guichet. */
  for (guint i = 0; i < 3; i++)
    {
      GchQueueEntry *called = gch_change_get_entry (change_at (&s, i));

      g_assert_true (g_hash_table_remove (waiting, called));
      g_assert_cmpint (gch_queue_entry_get_state (called), ==, GCH_ENTRY_STATE_CALLED);
      g_assert_cmpuint (gch_queue_entry_get_guichet (called), ==, calls[i]);
      g_assert_true (gch_day_current_for_guichet (day_of (f), calls[i]) == called);
    }
  g_assert_true (gch_change_get_entry (change_at (&s, 0)) == first_expected);

  /* Five tickets, each numbered after the one before in its series. */
  for (guint i = 3; i < 8; i++)
    for (guint j = i + 1; j < 8; j++)
      {
        GchQueueEntry *a = gch_change_get_entry (change_at (&s, i));
        GchQueueEntry *b = gch_change_get_entry (change_at (&s, j));
        const char *prefix = gch_service_get_prefix (gch_queue_entry_get_service (a));

        g_assert_cmpstr (gch_queue_entry_get_ticket (a), !=, gch_queue_entry_get_ticket (b));
        if (gch_queue_entry_get_service (a) == gch_queue_entry_get_service (b))
          g_assert_cmpuint (ticket_number (gch_queue_entry_get_ticket (a), prefix), <,
                            ticket_number (gch_queue_entry_get_ticket (b), prefix));
      }

  /* The outbox holds them in that order. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT group_concat(kind, ' ') FROM"
                                            " (SELECT kind FROM outbox WHERE seq > %" G_GINT64_FORMAT
                                            " ORDER BY seq)", last_op);

    outbox_kinds = db_text (f, sql);
  }
  g_assert_cmpstr (outbox_kinds, ==,
                   "call call call issue-ticket issue-ticket issue-ticket issue-ticket issue-ticket");
  assert_tickets_unique (f);
  assert_day_is_saved (f);
  submits_clear (&s);
}

/* Each request is decided on the day as the one before left it: guichet 2
 * asking for the person guichet 1 has just called gets a refusal, not the
 * same person.
 */
static void
test_submit_sees_the_previous (Fixture       *f,
                               gconstpointer  data)
{
  GchQueueEntry *next = gch_policy_next (day_of (f), gch_station_get_settings (f->station), 1,
                                         gch_clock_now (f->clock));
  GchQueueEntry *third;
  g_autofree char *ticket = g_strdup (gch_queue_entry_get_ticket (next));
  Submits s = { 0 };

  g_assert_cmpstr (ticket, ==, "A001");
  submits_init (&s, 6);
  submit (f, &s, 0, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  submit (f, &s, 1, REQ (.action = GCH_ACTION_CALL_ENTRY, .guichet = 2, .ticket = ticket, .reason = "x"));
  submit (f, &s, 2, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 2));
  /* The walk-in cap of titres (4): A001…A003, then one more only. */
  submit (f, &s, 3, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "titres"));
  submit (f, &s, 4, REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "titres"));
  submit (f, &s, 5, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 2));
  run_submits (&s);

  g_assert_no_error (error_at (&s, 0));
  g_assert_true (gch_change_get_entry (change_at (&s, 0)) == next);
  g_assert_error (error_at (&s, 1), GCH_ERROR, GCH_ERROR_TRANSITION);
  g_assert_nonnull (strstr (error_at (&s, 1)->message, ticket));
  g_assert_no_error (error_at (&s, 2));
  third = gch_change_get_entry (change_at (&s, 2));
  g_assert_true (third != next);
  g_assert_cmpuint (gch_queue_entry_get_guichet (next), ==, 1);
  g_assert_cmpuint (gch_queue_entry_get_guichet (third), ==, 2);
  g_assert_no_error (error_at (&s, 3));
  g_assert_error (error_at (&s, 4), GCH_ERROR, GCH_ERROR_CAP_REACHED);
  /* Guichet 2 is busy with the third: refused. */
  g_assert_error (error_at (&s, 5), GCH_ERROR, GCH_ERROR_TRANSITION);

  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox"), ==, 3);
  assert_day_is_saved (f);
  submits_clear (&s);
}

/* A refused request in the queue does not hold up the others, and a
 * conflict found by the store comes back through the callback.
 */
static void
test_submit_conflict (Fixture       *f,
                      gconstpointer  data)
{
  Submits s = { 0 };

  db_exec (f, "UPDATE queue_entry SET version = 3 WHERE ticket = 'A002'");
  submits_init (&s, 3);
  submit (f, &s, 0, REQ (.action = GCH_ACTION_CALL_ENTRY, .guichet = 1, .ticket = "A002", .reason = "x"));
  submit (f, &s, 1, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 9));
  submit (f, &s, 2, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = 1));
  run_submits (&s);

  g_assert_error (error_at (&s, 0), GCH_ERROR, GCH_ERROR_CONFLICT);
  g_assert_error (error_at (&s, 1), GCH_ERROR, GCH_ERROR_NOT_FOUND);
  g_assert_no_error (error_at (&s, 2));
  g_assert_cmpint (gch_queue_entry_get_state (entry (f, "A002")), ==, GCH_ENTRY_STATE_WAITING);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE record_id = 'e-A002'"), ==, 0);
  submits_clear (&s);
}

/* A morning at the demo préfecture: every open guichet calls, serves and
 * finishes, round after round, each action checked like the ones above.
 */
static void
test_demo_morning (Fixture       *f,
                   gconstpointer  data)
{
  GchDay *day = day_of (f);
  guint n_actions = 0;

  for (guint round = 0; round < 6; round++)
    for (guint g = 0; g < day->guichets->len; g++)
      {
        GchGuichet *guichet = g_ptr_array_index (day->guichets, g);
        guint number = gch_guichet_get_number (guichet);
        GchQueueEntry *current = gch_day_current_for_guichet (day, number);
        g_autoptr(GchChange) change = NULL;

        if (gch_guichet_get_state (guichet) != GCH_GUICHET_STATE_OPEN)
          continue;

        set_time (f, gch_clock_now (f->clock) + 41);
        if (current == NULL)
          {
            if (gch_policy_next (day, gch_station_get_settings (f->station), number,
                                 gch_clock_now (f->clock)) == NULL)
              continue;
            change = run_ok (f, REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = number), "call", NULL);
          }
        else if (gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED)
          change = run_ok (f, REQ (.action = GCH_ACTION_START_SERVICE, .guichet = number), "start", NULL);
        else
          change = run_ok (f, REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = number), "finish", NULL);
        n_actions++;
      }

  g_test_message ("%u actions", n_actions);
  g_assert_cmpuint (n_actions, >=, 20);
  assert_tickets_unique (f);
}

/* A frozen clock says when it moves, once per move: what shows due dates
 * computes them again then, not at its next timer.
 */
static void
on_clock_changed_cb (GchClock *clock,
                     guint    *count)
{
  (*count)++;
}

static void
test_clock_changed (void)
{
  g_autoptr(GchClock) clock = gch_clock_new_frozen (1700000000);
  guint count = 0;

  g_signal_connect (clock, "changed", G_CALLBACK (on_clock_changed_cb), &count);
  gch_clock_set_frozen (clock, 1700086400);
  g_assert_cmpint (gch_clock_now (clock), ==, 1700086400);
  g_assert_cmpuint (count, ==, 1);
  /* The same time again is no move. */
  gch_clock_set_frozen (clock, 1700086400);
  g_assert_cmpuint (count, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_DEMO(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up_demo, func, fixture_tear_down)

  ADD ("/station/action/call-next", test_call_next);
  ADD ("/station/action/call-entry", test_call_entry);
  ADD ("/station/action/recall", test_recall);
  ADD ("/station/action/start-service", test_start_service);
  ADD ("/station/action/finish-service", test_finish_service);
  ADD ("/station/action/finish-service/appointment", test_finish_service_appointment);
  ADD ("/station/action/no-show", test_no_show);
  ADD ("/station/action/hold-resume", test_hold_and_resume);
  ADD ("/station/action/transfer/service", test_transfer_to_service);
  ADD ("/station/action/transfer/guichet", test_transfer_to_guichet);
  ADD ("/station/action/issue-ticket", test_issue_ticket);
  ADD ("/station/action/check-in", test_check_in);
  ADD ("/station/action/check-in/late", test_check_in_late);
  ADD ("/station/mode/crise-cap", test_mode_crise_cap);
  ADD ("/station/mode/affluence-closing", test_mode_affluence_closing);
  ADD ("/station/mode/late-tolerance", test_mode_late_tolerance);
  ADD ("/station/action/mark-printed", test_mark_printed);
  ADD ("/station/action/set-notes", test_set_notes);
  ADD ("/station/action/rate-service", test_rate_service);
  ADD ("/station/action/callbacks", test_callbacks);
  ADD ("/station/action/guichet-states", test_guichet_states);
  ADD ("/station/action/assign-guichet", test_assign_guichet);
  ADD ("/station/action/set-thresholds", test_set_thresholds);
  ADD ("/station/action/set-guichet-services", test_set_guichet_services);
  ADD ("/station/action/seat-agent", test_seat_agent);
  ADD ("/station/action/set-priority", test_set_priority);
  g_test_add_func ("/station/clock/changed", test_clock_changed);
  g_test_add_func ("/station/states/graph", test_state_graph);
  g_test_add_func ("/station/states/every-move", test_state_machine);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/station/refused/", bad_cases[i].name, NULL);

      g_test_add (path, Fixture, &bad_cases[i], fixture_set_up_bad, test_bad_input, fixture_tear_down);
    }
  ADD ("/station/refused/cap-reached", test_cap_reached);
  ADD ("/station/conflict/entry", test_conflict_entry);
  ADD ("/station/conflict/appointment", test_conflict_appointment);
  ADD ("/station/tickets/after-restart", test_ticket_numbers_after_restart);
  ADD_DEMO ("/station/demo/ticket-numbers", test_ticket_numbers);
  ADD_DEMO ("/station/demo/submit-in-order", test_submit_in_order);
  ADD_DEMO ("/station/demo/morning", test_demo_morning);
  ADD ("/station/submit/sees-the-previous", test_submit_sees_the_previous);
  ADD ("/station/submit/conflict", test_submit_conflict);

  return g_test_run ();
}
