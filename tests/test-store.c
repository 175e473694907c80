/* test-store.c
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
#include <sys/stat.h>
#include <unistd.h>

#include "gch-test-day.h"
#include "guichet.h"

/* The station's database, on a real disk in a temporary folder: what is
 * written comes back whole, a write either happens entirely or not at all,
 * and a file that is not ours (or not whole, or too new) is refused and
 * left exactly as it was. The checks on the file itself go through SQLite
 * directly, not through the store.
 */

#define SITE_DATE "2026-07-15"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

/* Helpers: files */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("guichet-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "guichet.sqlite", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gch_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

/* SHA-256 of the file's bytes, or NULL when there is no such file. */
static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
}

static void
assert_no_side_files (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);

      if (g_file_test (side, G_FILE_TEST_EXISTS))
        g_error ("%s was created", side);
    }
}

/* The names in @dir, sorted, separated by spaces. */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **)names->pdata);
}

/* Helpers: SQLite, directly */

static sqlite3 *
db_open (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("cannot open %s: %s", path, sqlite3_errmsg (db));

  return db;
}

static void
db_exec (const char *path,
         const char *sql)
{
  sqlite3 *db = db_open (path);
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* Makes a new SQLite database at @path, the way any application would. */
static void
db_create (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    g_error ("cannot create %s: %s", path, sqlite3_errmsg (db));
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static char *
db_text (const char *path,
         const char *sql)
{
  sqlite3 *db = db_open (path);
  sqlite3_stmt *stmt = NULL;
  char *text;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return text;
}

static gint64
db_int (const char *path,
        const char *sql)
{
  g_autofree char *text = db_text (path, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

/* Every row of every table: "agent=10 event=1234 … <sha256>". Two equal
 * digests mean the same content, whatever SQLite did with the pages.
 */
static char *
db_digest (const char *path)
{
  sqlite3 *db = db_open (path);
  sqlite3_stmt *tables = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  GString *summary = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                           " ORDER BY name", -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", name);
      sqlite3_stmt *rows = NULL;
      guint count = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      g_checksum_update (checksum, (const guchar *)name, -1);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          count++;
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
        }
      sqlite3_finalize (rows);
      g_string_append_printf (summary, "%s=%u ", name, count);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);

  g_string_append (summary, g_checksum_get_string (checksum));
  return g_string_free (summary, FALSE);
}

/* Helpers: days */

static GchStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  GchStore *store = gch_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
import_day (GchStore *store,
            GchDay   *day)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gch_store_import_day (store, day, &error));
  g_assert_no_error (error);
}

static GchDay *
load_day (GchStore   *store,
          const char *date)
{
  g_autoptr(GError) error = NULL;
  GchDay *day = gch_store_load_day (store, date, &error);

  g_assert_no_error (error);
  g_assert_nonnull (day);
  return day;
}

static void
assert_day_empty (GchDay *day)
{
  g_assert_cmpuint (day->appointments->len, ==, 0);
  g_assert_cmpuint (day->entries->len, ==, 0);
  g_assert_cmpuint (day->events->len, ==, 0);
}

/* NULL and an empty list both mean "none". */
static GchQueueEntry *
find_entry (GchDay     *day,
            const char *id)
{
  for (guint i = 0; i < day->entries->len; i++)
    if (g_str_equal (gch_queue_entry_get_id (g_ptr_array_index (day->entries, i)), id))
      return g_ptr_array_index (day->entries, i);

  return NULL;
}

/* Every field of every object of @expected, found in @actual — and in the
 * order the store keeps them: entries by arrival, events by their number.
 */
static void
assert_days_equal (GchDay *expected,
                   GchDay *actual)
{
  gch_test_assert_days_equal (expected, actual);

  for (guint i = 1; i < actual->entries->len; i++)
    g_assert_cmpint (gch_queue_entry_get_arrived_at (g_ptr_array_index (actual->entries, i - 1)), <=,
                     gch_queue_entry_get_arrived_at (g_ptr_array_index (actual->entries, i)));

  for (guint i = 0; i < actual->events->len; i++)
    {
      g_assert_cmpint (gch_event_get_seq (g_ptr_array_index (expected->events, i)), ==,
                       gch_event_get_seq (g_ptr_array_index (actual->events, i)));
      if (i > 0)
        g_assert_cmpint (gch_event_get_seq (g_ptr_array_index (actual->events, i - 1)), <,
                         gch_event_get_seq (g_ptr_array_index (actual->events, i)));
    }
}

/* The demo day, with a few values the demo never produces, so that the
 * round trip also covers them.
 */
static GchDay *
new_varied_day (guint32     seed,
                const char *date)
{
  GchDay *day = gch_demo_generate (seed, date, GCH_DEMO_TIME);
  GchGuichet *guichet;

  gch_site_set_mode (day->site, GCH_SITE_MODE_AFFLUENCE);
  guichet = gch_day_find_guichet (day, 3);
  gch_guichet_set_state (guichet, GCH_GUICHET_STATE_PAUSED);
  guichet = gch_day_find_guichet (day, 7);
  gch_guichet_set_state (guichet, GCH_GUICHET_STATE_CLOSED);
  gch_guichet_set_agent_id (guichet, NULL);
  gch_queue_entry_set_version (g_ptr_array_index (day->entries, 0), 5);
  gch_appointment_set_version (g_ptr_array_index (day->appointments, 1), 3);
  gch_appointment_set_status (g_ptr_array_index (day->appointments, day->appointments->len - 1),
                              GCH_APPOINTMENT_STATUS_CANCELLED_BY_SERVICE);

  return day;
}

/* Opening */

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "data", "guichet", NULL);
  g_autofree char *path = g_build_filename (folder, "guichet.sqlite", NULL);
  g_autofree char *journal_mode = NULL;
  g_autofree char *check = NULL;
  g_autoptr(GchStore) store = NULL;
  GStatBuf st;
  gint64 tables;

  g_assert_cmpuint (gch_store_get_latest_version (), >=, 1);

  /* The folder is made too, for the station's eyes only. */
  store = open_store (path);
  g_assert_cmpstr (gch_store_get_path (store), ==, path);
  g_assert_cmpuint (gch_store_get_version (store), ==, gch_store_get_latest_version ());
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_clear_object (&store);

  /* What is on the disk, read without the store */
  journal_mode = db_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (db_int (path, "PRAGMA user_version"), ==, gch_store_get_latest_version ());
  g_assert_cmpint (db_int (path, "PRAGMA application_id"), ==,
                   ('G' << 24) | ('C' << 16) | ('H' << 8) | '1');
  tables = db_int (path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                         " ('site', 'service', 'agent', 'guichet', 'guichet_service',"
                         "  'appointment', 'queue_entry', 'event')");
  g_assert_cmpint (tables, ==, 8);
  check = db_text (path, "PRAGMA quick_check");
  g_assert_cmpstr (check, ==, "ok");
}

static void
test_open_default_path (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = gch_store_dup_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "guichet", "guichet.sqlite", NULL);
  g_autoptr(GchStore) store = NULL;

  /* G_TEST_OPTION_ISOLATE_DIRS: a fresh, empty data folder for this test */
  g_assert_cmpstr (path, ==, expected);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  store = open_store (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_open_reopen (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GchDay) day = new_varied_day (GCH_DEMO_SEED, SITE_DATE);
  g_autoptr(GchDay) loaded = NULL;
  g_autoptr(GchStore) store = open_store (f->path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_day (store, day);
  g_clear_object (&store);
  before = db_digest (f->path);

  store = open_store (f->path);
  g_assert_cmpuint (gch_store_get_version (store), ==, gch_store_get_latest_version ());
  loaded = load_day (store, SITE_DATE);
  assert_days_equal (day, loaded);
  g_clear_object (&store);

  /* Opening an up-to-date database changes nothing in it. */
  after = db_digest (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (db_int (f->path, "PRAGMA user_version"), ==, gch_store_get_latest_version ());
}

/* Round trip */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GchStore) store = open_store (f->path);
  g_autoptr(GchDay) day = new_varied_day (GCH_DEMO_SEED, SITE_DATE);
  g_autoptr(GchDay) loaded = NULL;
  gboolean walk_in = FALSE, with_appointment = FALSE, priority = FALSE, late = FALSE;
  gboolean called = FALSE, uncalled = FALSE, assigned = FALSE, unassigned = FALSE;
  gboolean no_from = FALSE, detail = FALSE, no_detail = FALSE, event_guichet = FALSE;
  gboolean dossier = FALSE, no_dossier = FALSE, predemande = FALSE, no_documents = FALSE;
  gboolean roles[3] = { FALSE, FALSE, FALSE };

  /* The day must hold every kind of value, or comparing proves little. */
  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      walk_in |= gch_queue_entry_get_appointment (entry) == NULL;
      with_appointment |= gch_queue_entry_get_appointment (entry) != NULL;
      priority |= gch_queue_entry_get_priority (entry) != GCH_PRIORITY_NONE;
      late |= gch_queue_entry_get_late (entry);
      called |= gch_queue_entry_get_called_at (entry) != 0;
      uncalled |= gch_queue_entry_get_called_at (entry) == 0;
      assigned |= gch_queue_entry_get_guichet (entry) != 0;
      unassigned |= gch_queue_entry_get_guichet (entry) == 0;
    }
  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);

      no_from |= gch_event_get_from_state (event) == NULL;
      detail |= gch_event_get_detail (event) != NULL;
      no_detail |= gch_event_get_detail (event) == NULL;
      event_guichet |= gch_event_get_guichet (event) != 0;
      g_assert_cmpint (gch_event_get_seq (event), ==, 0);
    }
  for (guint i = 0; i < day->appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (day->appointments, i);

      dossier |= gch_appointment_get_dossier_number (appointment) != NULL;
      no_dossier |= gch_appointment_get_dossier_number (appointment) == NULL;
      predemande |= gch_appointment_get_predemande_number (appointment) != NULL;
    }
  for (guint i = 0; i < day->services->len; i++)
    {
      const char * const *documents = gch_service_get_documents (g_ptr_array_index (day->services, i));

      no_documents |= documents == NULL || documents[0] == NULL;
    }
  for (guint i = 0; i < day->agents->len; i++)
    roles[gch_agent_get_role (g_ptr_array_index (day->agents, i))] = TRUE;

  g_assert_true (walk_in && with_appointment && priority && late);
  g_assert_true (called && uncalled && assigned && unassigned);
  g_assert_true (no_from && detail && no_detail && event_guichet);
  g_assert_true (dossier && no_dossier && predemande && no_documents);
  g_assert_true (roles[0] && roles[1] && roles[2]);

  import_day (store, day);

  /* The store numbered the events as it wrote them, in order. */
  for (guint i = 0; i < day->events->len; i++)
    {
      gint64 seq = gch_event_get_seq (g_ptr_array_index (day->events, i));

      g_assert_cmpint (seq, >, 0);
      if (i > 0)
        g_assert_cmpint (seq, ==, gch_event_get_seq (g_ptr_array_index (day->events, i - 1)) + 1);
    }

  loaded = load_day (store, SITE_DATE);
  g_test_message ("%u services, %u guichets, %u agents, %u appointments, %u entries, %u events",
                  loaded->services->len, loaded->guichets->len, loaded->agents->len,
                  loaded->appointments->len, loaded->entries->len, loaded->events->len);
  assert_days_equal (day, loaded);
}

/* Loading a day reads when walk-ins came on the days before: the mean
 * per hour, over the days that had any.
 */
static void
test_past_walk_ins (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GchStore) store = open_store (f->path);
  const char *dates[] = { "2026-07-13", "2026-07-14" };
  g_autoptr(GchDay) today = gch_demo_generate (3, "2026-07-15", 10 * 60);
  g_autoptr(GchDay) loaded = NULL;
  double expected[24] = { 0 };
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");

  for (guint d = 0; d < G_N_ELEMENTS (dates); d++)
    {
      g_autoptr(GchDay) past = gch_demo_generate (3, dates[d], 24 * 60);

      for (guint i = 0; i < past->entries->len; i++)
        {
          GchQueueEntry *entry = g_ptr_array_index (past->entries, i);
          g_autoptr(GDateTime) utc = NULL;
          g_autoptr(GDateTime) local = NULL;

          if (gch_queue_entry_get_appointment (entry) != NULL)
            continue;
          utc = g_date_time_new_from_unix_utc (gch_queue_entry_get_arrived_at (entry));
          local = g_date_time_to_timezone (utc, tz);
          expected[g_date_time_get_hour (local)] += 1.0 / G_N_ELEMENTS (dates);
        }

      import_day (store, past);
    }

  import_day (store, today);
  loaded = load_day (store, "2026-07-15");

  g_assert_cmpuint (loaded->past_days, ==, 2);
  for (guint h = 0; h < 24; h++)
    g_assert_cmpfloat_with_epsilon (loaded->past_walk_ins[h], expected[h], 1e-9);

  /* The morning is busier than the afternoon, as the demo's walk-ins are. */
  g_assert_cmpfloat (loaded->past_walk_ins[9], >, loaded->past_walk_ins[15]);
}

static void
test_round_trip_two_days (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GchStore) store = open_store (f->path);
  /* Different seeds: the same seed gives the same references and ids. */
  g_autoptr(GchDay) first = new_varied_day (1, "2026-07-14");
  g_autoptr(GchDay) second = new_varied_day (2, "2026-07-15");
  g_autoptr(GchDay) loaded_first = NULL;
  g_autoptr(GchDay) loaded_second = NULL;
  gint64 last_of_first, first_of_second;

  import_day (store, first);
  import_day (store, second);

  /* The history never goes back: seq keeps growing from day to day. */
  last_of_first = gch_event_get_seq (g_ptr_array_index (first->events, first->events->len - 1));
  first_of_second = gch_event_get_seq (g_ptr_array_index (second->events, 0));
  g_assert_cmpint (first_of_second, >, last_of_first);

  /* Each day comes back alone, with the site as last configured. */
  loaded_first = load_day (store, "2026-07-14");
  loaded_second = load_day (store, "2026-07-15");
  assert_days_equal (second, loaded_second);
  g_assert_cmpuint (loaded_first->appointments->len, ==, first->appointments->len);
  g_assert_cmpuint (loaded_first->entries->len, ==, first->entries->len);
  for (guint i = 0; i < first->events->len; i++)
    g_assert_cmpint (gch_event_get_seq (g_ptr_array_index (first->events, i)), ==,
                     gch_event_get_seq (g_ptr_array_index (loaded_first->events, i)));
  for (guint i = 0; i < first->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (first->entries, i);
      GchQueueEntry *back = find_entry (loaded_first, gch_queue_entry_get_id (entry));

      g_assert_nonnull (back);
      g_assert_cmpstr (gch_queue_entry_get_ticket (entry), ==, gch_queue_entry_get_ticket (back));
      g_assert_cmpint (gch_queue_entry_get_state (entry), ==, gch_queue_entry_get_state (back));
    }
}

/* Loading */

static void
test_load_other_day (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GchStore) store = open_store (f->path);
  g_autoptr(GchDay) day = gch_demo_generate (GCH_DEMO_SEED, SITE_DATE, GCH_DEMO_TIME);
  g_autoptr(GchDay) next = NULL;

  import_day (store, day);
  next = load_day (store, "2026-07-16");

  /* The configuration is the site's, whatever the day; the queue is not. */
  g_assert_cmpstr (next->date, ==, "2026-07-16");
  gch_test_assert_site_equal (day->site, next->site);
  g_assert_cmpuint (next->services->len, ==, day->services->len);
  g_assert_cmpuint (next->guichets->len, ==, day->guichets->len);
  g_assert_cmpuint (next->agents->len, ==, day->agents->len);
  assert_day_empty (next);
}

static void
test_load_no_site (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GchStore) store = open_store (f->path);
  g_autoptr(GchDay) day = load_day (store, SITE_DATE);

  g_assert_cmpstr (day->date, ==, SITE_DATE);
  g_assert_null (day->site);
  g_assert_nonnull (day->services);
  g_assert_cmpuint (day->services->len, ==, 0);
  g_assert_cmpuint (day->guichets->len, ==, 0);
  g_assert_cmpuint (day->agents->len, ==, 0);
  assert_day_empty (day);
}

static void
test_load_invalid_date (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const dates[] = {
    "2026-02-30", "tomorrow", "", "2026-7-15", "15/07/2026", "2026- 7-15", NULL,
  };
  g_autoptr(GchStore) store = open_store (f->path);

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GError) error = NULL;
      GchDay *day;

      g_test_message ("“%s”", dates[i] ? dates[i] : "(null)");
      day = gch_store_load_day (store, dates[i], &error);
      g_assert_null (day);
      g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
    }
}

/* Importing: all or nothing */

static void
test_import_twice (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GchStore) store = open_store (f->path);
  g_autoptr(GchDay) day = gch_demo_generate (GCH_DEMO_SEED, SITE_DATE, GCH_DEMO_TIME);
  g_autoptr(GchDay) again = gch_demo_generate (GCH_DEMO_SEED, SITE_DATE, GCH_DEMO_TIME);
  g_autoptr(GchDay) other = gch_demo_generate (7, SITE_DATE, GCH_DEMO_TIME);
  g_autoptr(GchDay) loaded = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *digest = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *wal_bytes = NULL;
  GchDay *attempts[] = { again, other };

  import_day (store, day);
  digest = db_digest (f->path);
  bytes = file_checksum (f->path);
  wal_bytes = file_checksum (wal);

  /* The same day again, or another version of it: refused, nothing written. */
  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *digest_after = NULL;
      g_autofree char *bytes_after = NULL;
      g_autofree char *wal_bytes_after = NULL;

      g_assert_false (gch_store_import_day (store, attempts[i], &error));
      g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, SITE_DATE));

      digest_after = db_digest (f->path);
      bytes_after = file_checksum (f->path);
      wal_bytes_after = file_checksum (wal);
      g_assert_cmpstr (digest_after, ==, digest);
      g_assert_cmpstr (bytes_after, ==, bytes);
      g_assert_cmpstr (wal_bytes_after, ==, wal_bytes);
    }

  loaded = load_day (store, SITE_DATE);
  assert_days_equal (day, loaded);
}

static void
test_import_no_site (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GchStore) store = open_store (f->path);
  g_autoptr(GchDay) day = gch_demo_generate (GCH_DEMO_SEED, SITE_DATE, GCH_DEMO_TIME);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) loaded = NULL;
  g_autofree char *before = db_digest (f->path);
  g_autofree char *after = NULL;

  g_clear_object (&day->site);
  g_assert_false (gch_store_import_day (store, day, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);

  after = db_digest (f->path);
  g_assert_cmpstr (after, ==, before);
  loaded = load_day (store, SITE_DATE);
  g_assert_null (loaded->site);
  assert_day_empty (loaded);
}

typedef struct
{
  void (*spoil) (GchDay *day);
} Spoiler;

/* An entry for a service the site does not offer: the foreign key fails
 * when the entries are written, after the configuration and the
 * appointments.
 */
static void
spoil_unknown_service (GchDay *day)
{
  g_autoptr(GchService) ghost = g_object_new (GCH_TYPE_SERVICE,
                                              "code", "fantome",
                                              "name", "Service fantôme",
                                              "prefix", "F",
                                              NULL);
  GchQueueEntry *last = g_ptr_array_index (day->entries, day->entries->len - 1);

  g_ptr_array_add (day->entries,
                   g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                 "id", "00000000-0000-4000-8000-00000000f001",
                                 "ticket", "F001",
                                 "service", ghost,
                                 "arrived-at", gch_queue_entry_get_arrived_at (last) + 1,
                                 NULL));
}

/* Two tickets with the same number on the same day */
static void
spoil_duplicate_ticket (GchDay *day)
{
  GchQueueEntry *first = g_ptr_array_index (day->entries, 0);
  GchQueueEntry *last = g_ptr_array_index (day->entries, day->entries->len - 1);

  g_ptr_array_add (day->entries,
                   g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                 "id", "00000000-0000-4000-8000-00000000d001",
                                 "ticket", gch_queue_entry_get_ticket (first),
                                 "service", gch_queue_entry_get_service (first),
                                 "arrived-at", gch_queue_entry_get_arrived_at (last) + 1,
                                 NULL));
}

/* An appointment reference used twice */
static void
spoil_duplicate_appointment (GchDay *day)
{
  GchAppointment *first = g_ptr_array_index (day->appointments, 0);

  g_ptr_array_add (day->appointments,
                   g_object_new (GCH_TYPE_APPOINTMENT,
                                 "reference", gch_appointment_get_reference (first),
                                 "service", gch_appointment_get_service (first),
                                 "starts-at", gch_appointment_get_starts_at (first) + 3600,
                                 "holder-name", "Doublon DOUBLON",
                                 NULL));
}

static const Spoiler unknown_service = { spoil_unknown_service };
static const Spoiler duplicate_ticket = { spoil_duplicate_ticket };
static const Spoiler duplicate_appointment = { spoil_duplicate_appointment };

static void
test_import_rollback (Fixture       *f,
                      gconstpointer  data)
{
  const Spoiler *spoiler = data;
  g_autoptr(GchStore) store = open_store (f->path);
  g_autoptr(GchDay) yesterday = gch_demo_generate (1, "2026-07-14", GCH_DEMO_TIME);
  g_autoptr(GchDay) day = gch_demo_generate (GCH_DEMO_SEED, SITE_DATE, GCH_DEMO_TIME);
  g_autoptr(GchDay) loaded = NULL;
  g_autoptr(GchDay) loaded_yesterday = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint entries;

  import_day (store, yesterday);
  before = db_digest (f->path);
  g_test_message ("before: %s", before);

  /* The failing day also changes the configuration: that must go too. */
  g_clear_object (&day->site);
  day->site = g_object_new (GCH_TYPE_SITE,
                            "code", "pref-demo",
                            "name", "Préfecture renommée",
                            "timezone", "Europe/Paris",
                            "opens-at", 9 * 60,
                            "closes-at", 16 * 60,
                            "mode", GCH_SITE_MODE_CRISE,
                            NULL);
  gch_guichet_set_state (gch_day_find_guichet (day, 2), GCH_GUICHET_STATE_PAUSED);
  entries = day->entries->len;
  spoiler->spoil (day);

  g_assert_false (gch_store_import_day (store, day, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_DATABASE);
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);

  after = db_digest (f->path);
  g_assert_cmpstr (after, ==, before);

  loaded = load_day (store, SITE_DATE);
  assert_day_empty (loaded);
  loaded_yesterday = load_day (store, "2026-07-14");
  gch_test_assert_site_equal (yesterday->site, loaded_yesterday->site);
  g_assert_cmpint (gch_guichet_get_state (gch_day_find_guichet (loaded_yesterday, 2)), ==,
                   GCH_GUICHET_STATE_OPEN);
  g_assert_cmpuint (loaded_yesterday->entries->len, ==, yesterday->entries->len);
  g_clear_pointer (&loaded, gch_day_free);

  /* Nothing was left half-done: the corrected day goes in. */
  g_clear_pointer (&day, gch_day_free);
  day = gch_demo_generate (GCH_DEMO_SEED, SITE_DATE, GCH_DEMO_TIME);
  g_assert_cmpuint (day->entries->len, ==, entries);
  import_day (store, day);
  loaded = load_day (store, SITE_DATE);
  assert_days_equal (day, loaded);
}

/* Files that are not ours, or not whole */

/* Opening @path fails with @domain and @code, with a message that names
 * @named (the file, or its folder), and the file is left as it was.
 */
static void
assert_open_refused (const char *path,
                     GQuark      domain,
                     int         code,
                     const char *named,
                     GError    **error_out)
{
  g_autofree char *before = file_checksum (path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = NULL;

  g_assert_nonnull (before);

  store = gch_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, domain, code);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, named));

  /* Left exactly as it was, and nothing beside it. */
  after = file_checksum (path);
  g_assert_cmpstr (after, ==, before);
  assert_no_side_files (path);

  if (error_out != NULL)
    *error_out = g_steal_pointer (&error);
}

static void
test_bad_file_random_bytes (Fixture       *f,
                            gconstpointer  data)
{
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint32 *noise = g_new (guint32, 16384);

  g_test_message ("seed %u", seed);
  for (guint i = 0; i < 16384; i++)
    noise[i] = g_rand_int (rand);
  g_assert_true (g_file_set_contents (f->path, (const char *)noise, 16384 * sizeof (guint32), NULL));

  assert_open_refused (f->path, GCH_ERROR, GCH_ERROR_NOT_GUICHET, f->path, NULL);
}

static void
test_bad_file_text (Fixture       *f,
                    gconstpointer  data)
{
  /* Someone exported the appointments as CSV under the database's name. */
  g_assert_true (g_file_set_contents (f->path,
                                      "reference;nom;heure\nRDV-ABC234;Camille DUBOIS;09:00\n",
                                      -1, NULL));

  assert_open_refused (f->path, GCH_ERROR, GCH_ERROR_NOT_GUICHET, f->path, NULL);
}

static void
test_bad_file_other_application (Fixture       *f,
                                 gconstpointer  data)
{
  static const char * const setups[] = {
    /* an ordinary SQLite database: application_id 0, and a table */
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
    "INSERT INTO notes (text) VALUES ('courses'), ('rendez-vous');",
    /* one that says whose it is: a GeoPackage */
    "PRAGMA application_id = 1196444487;"
    "CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY);",
    /* another application's, still empty */
    "PRAGMA application_id = 1196444487;",
  };

  for (guint i = 0; i < G_N_ELEMENTS (setups); i++)
    {
      g_test_message ("%s", setups[i]);
      gch_test_remove_tree (f->path);
      db_create (f->path, setups[i]);
      assert_open_refused (f->path, GCH_ERROR, GCH_ERROR_NOT_GUICHET, f->path, NULL);
    }
}

static void
make_database (const char *path,
               guint32     seed,
               const char *date)
{
  g_autoptr(GchStore) store = open_store (path);
  g_autoptr(GchDay) day = gch_demo_generate (seed, date, GCH_DEMO_TIME);

  import_day (store, day);
}

/* The whole numbers in @message, once @path is taken out of it. */
static char **
numbers_in (const char *message,
            const char *path)
{
  g_auto(GStrv) parts = g_strsplit (message, path, -1);
  g_autofree char *rest = g_strjoinv (" ", parts);
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();

  for (const char *p = rest; *p != '\0';)
    {
      if (g_ascii_isdigit (*p))
        {
          const char *start = p;
          g_autofree char *number = NULL;

          while (g_ascii_isdigit (*p))
            p++;
          number = g_strndup (start, p - start);
          g_strv_builder_add (numbers, number);
        }
      else
        {
          p++;
        }
    }

  return g_strv_builder_end (numbers);
}

static void
test_bad_file_too_new (Fixture       *f,
                       gconstpointer  data)
{
  guint latest = gch_store_get_latest_version ();
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", latest + 5);
  g_autofree char *newer = g_strdup_printf ("%u", latest + 5);
  g_autofree char *ours = g_strdup_printf ("%u", latest);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) numbers = NULL;

  make_database (f->path, GCH_DEMO_SEED, SITE_DATE);
  db_exec (f->path, set_version);
  assert_no_side_files (f->path);

  assert_open_refused (f->path, GCH_ERROR, GCH_ERROR_TOO_NEW, f->path, &error);

  /* The message says which version the file is, and which this one knows. */
  numbers = numbers_in (error->message, f->path);
  g_assert_true (g_strv_contains ((const char * const *)numbers, newer));
  g_assert_true (g_strv_contains ((const char * const *)numbers, ours));
  g_assert_cmpint (db_int (f->path, "PRAGMA user_version"), ==, latest + 5);
}

static void
test_bad_file_damaged (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gint64 page_size, page_count, root;
  g_autofree char *check = NULL;

  make_database (f->path, GCH_DEMO_SEED, SITE_DATE);
  page_size = db_int (f->path, "PRAGMA page_size");
  page_count = db_int (f->path, "PRAGMA page_count");
  root = db_int (f->path, "SELECT rootpage FROM sqlite_master WHERE name = 'queue_entry'");
  assert_no_side_files (f->path);
  g_test_message ("%" G_GINT64_FORMAT " pages of %" G_GINT64_FORMAT " bytes; queue_entry at page %"
                  G_GINT64_FORMAT, page_count, page_size, root);
  g_assert_cmpint (root, >=, 3);
  g_assert_cmpint (root, <, page_count);

  /* A bad sector: the header and cell pointers of the queue's b-tree page
   * become garbage, while the file header stays fine.
   */
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, page_count * page_size);
  memset (contents + (root - 1) * page_size, 0xA5, 48);
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));

  /* The damage is real: SQLite itself sees it. */
  check = db_text (f->path, "PRAGMA quick_check");
  g_assert_cmpstr (check, !=, "ok");
  assert_no_side_files (f->path);

  assert_open_refused (f->path, GCH_ERROR, GCH_ERROR_DATABASE, f->path, &error);
}

typedef struct
{
  const char *table;
  const char *column;
  gboolean    of_the_day;   /* or of the site's configuration */
} HandEdit;

static const HandEdit hand_edits[] = {
  { "queue_entry", "state", TRUE },
  { "queue_entry", "priority", TRUE },
  { "appointment", "status", TRUE },
  { "guichet", "state", FALSE },
  { "agent", "role", FALSE },
  { "site", "mode", FALSE },
};

static void
test_bad_file_unknown_value (Fixture       *f,
                             gconstpointer  data)
{
  const HandEdit *edit = data;
  g_autofree char *update = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GchDay) day = NULL;
  g_autoptr(GError) error = NULL;

  make_database (f->path, GCH_DEMO_SEED, SITE_DATE);
  make_database (f->path, 1, "2026-07-16");

  /* Someone "fixed" a row by hand with a value no Guichet ever wrote. */
  update = g_strdup_printf ("UPDATE %s SET %s = 'zombie'"
                            " WHERE rowid = (SELECT min(rowid) FROM %s%s)",
                            edit->table, edit->column, edit->table,
                            edit->of_the_day ? " WHERE day = '" SITE_DATE "'" : "");
  count = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s = 'zombie'", edit->table, edit->column);
  db_exec (f->path, update);
  g_assert_cmpint (db_int (f->path, count), ==, 1);

  /* The file is whole: it opens. The day does not load, and says why. */
  store = open_store (f->path);
  day = gch_store_load_day (store, SITE_DATE, &error);
  g_assert_null (day);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_DATABASE);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "zombie"));
  g_assert_nonnull (strstr (error->message, edit->column));

  /* Another day, untouched, still loads. */
  if (edit->of_the_day)
    {
      g_autoptr(GchDay) other = load_day (store, "2026-07-16");

      g_assert_cmpuint (other->entries->len, >, 0);
    }
}

/* Folders we cannot write to */

static void
test_unwritable_parent_is_file (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "blocker", NULL);
  g_autofree char *folder = g_build_filename (blocker, "guichet", NULL);
  g_autofree char *path = g_build_filename (folder, "guichet.sqlite", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (blocker, "not a folder\n", -1, NULL));

  store = gch_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, folder));

  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "blocker");
  g_assert_true (g_file_get_contents (blocker, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not a folder\n");
}

static void
test_unwritable_path_is_folder (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *listing = NULL;

  g_assert_cmpint (g_mkdir (f->path, 0700), ==, 0);

  store = gch_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, f->path));

  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "guichet.sqlite");
  inside = list_dir (f->path);
  g_assert_cmpstr (inside, ==, "");
}

static gboolean
skip_if_root (void)
{
  if (geteuid () == 0)
    {
      g_test_skip ("permissions do not stop root: run the tests as a normal user for this case");
      return TRUE;
    }

  return FALSE;
}

static void
test_unwritable_read_only_folder (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "lecture-seule", NULL);
  g_autofree char *path = g_build_filename (folder, "guichet.sqlite", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_if_root ())
    return;

  g_assert_cmpint (g_mkdir (folder, 0500), ==, 0);

  store = gch_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, folder));

  listing = list_dir (folder);
  g_assert_cmpstr (listing, ==, "");
}

static void
test_unwritable_read_only_folder_existing (Fixture       *f,
                                           gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "lecture-seule", NULL);
  g_autofree char *path = g_build_filename (folder, "guichet.sqlite", NULL);
  g_autofree char *listing = NULL;

  if (skip_if_root ())
    return;

  /* A database that was fine yesterday; today its folder is read-only.
   * WAL needs to create files beside it.
   */
  make_database (path, GCH_DEMO_SEED, SITE_DATE);
  g_assert_cmpint (g_chmod (folder, 0500), ==, 0);

  assert_open_refused (path, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, folder, NULL);
  listing = list_dir (folder);
  g_assert_cmpstr (listing, ==, "guichet.sqlite");
}

static void
test_unwritable_read_only_file (Fixture       *f,
                                gconstpointer  data)
{
  if (skip_if_root ())
    return;

  make_database (f->path, GCH_DEMO_SEED, SITE_DATE);
  g_assert_cmpint (g_chmod (f->path, 0400), ==, 0);

  assert_open_refused (f->path, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, f->path, NULL);
}

/* The async API, driven by a main loop as the app does */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  GThread      *main_thread;
} AsyncState;

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncState *state = user_data;

  /* Results come back on the thread that asked, never on a worker. */
  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_null (state->result);
  state->result = g_object_ref (result);
  g_main_loop_quit (state->loop);
}

static GAsyncResult *
wait_for_result (AsyncState *state)
{
  g_main_loop_run (state->loop);
  g_assert_nonnull (state->result);
  return g_steal_pointer (&state->result);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  AsyncState state = { g_main_loop_new (NULL, FALSE), NULL, g_thread_self () };
  g_autoptr(GchDay) day = new_varied_day (GCH_DEMO_SEED, SITE_DATE);
  g_autoptr(GchDay) sync_day = NULL;
  g_autoptr(GchDay) async_day = NULL;
  g_autoptr(GchDay) bad = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result;

  store = open_store (f->path);
  import_day (store, day);
  g_clear_object (&store);

  gch_store_open_async (f->path, NULL, on_ready, &state);
  result = wait_for_result (&state);
  store = gch_store_open_finish (result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (gch_store_get_path (store), ==, f->path);
  g_assert_cmpuint (gch_store_get_version (store), ==, gch_store_get_latest_version ());

  gch_store_load_day_async (store, SITE_DATE, NULL, on_ready, &state);
  result = wait_for_result (&state);
  async_day = gch_store_load_day_finish (store, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_nonnull (async_day);

  sync_day = load_day (store, SITE_DATE);
  assert_days_equal (sync_day, async_day);
  assert_days_equal (day, async_day);

  /* Errors come back the same way. */
  gch_store_load_day_async (store, "2026-02-30", NULL, on_ready, &state);
  result = wait_for_result (&state);
  bad = gch_store_load_day_finish (store, result, &error);
  g_object_unref (result);
  g_assert_null (bad);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);

  g_main_loop_unref (state.loop);
}

static void
test_async_open_error (Fixture       *f,
                       gconstpointer  data)
{
  AsyncState state = { g_main_loop_new (NULL, FALSE), NULL, g_thread_self () };
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GAsyncResult *result;

  g_assert_true (g_file_set_contents (f->path, "Ceci n'est pas une base de données.\n", -1, NULL));
  before = file_checksum (f->path);

  gch_store_open_async (f->path, NULL, on_ready, &state);
  result = wait_for_result (&state);
  store = gch_store_open_finish (result, &error);
  g_object_unref (result);
  g_assert_null (store);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NOT_GUICHET);

  after = file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
  assert_no_side_files (f->path);

  g_main_loop_unref (state.loop);
}

/* A page of the feed goes in only after the cursor it was asked after:
 * a pull that another one overtook (a round, a call, a full resync of the
 * same station) must not move the cursor back.
 */
static void
test_feed_after_cursor (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_store_open (f->path, &error);
  g_autoptr(JsonArray) empty = json_array_new ();

  g_assert_no_error (error);
  g_assert_true (gch_store_apply_feed (store, empty, 0, 40, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_store_get_cursor (store), ==, 40);

  /* Asked after 0, the page comes when the station is at 40 already. */
  g_assert_false (gch_store_apply_feed (store, empty, 0, 20, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_CONFLICT);
  g_assert_cmpint (gch_store_get_cursor (store), ==, 40);
}

#define ADD(name, data, func) \
  g_test_add (name, Fixture, data, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/store/open/new", NULL, test_open_new);
  ADD ("/store/open/default-path", NULL, test_open_default_path);
  ADD ("/store/open/reopen", NULL, test_open_reopen);
  ADD ("/store/round-trip", NULL, test_round_trip);
  ADD ("/store/round-trip/two-days", NULL, test_round_trip_two_days);
  ADD ("/store/load/past-walk-ins", NULL, test_past_walk_ins);
  ADD ("/store/load/other-day", NULL, test_load_other_day);
  ADD ("/store/load/no-site", NULL, test_load_no_site);
  ADD ("/store/load/invalid-date", NULL, test_load_invalid_date);
  ADD ("/store/import/twice", NULL, test_import_twice);
  ADD ("/store/import/no-site", NULL, test_import_no_site);
  ADD ("/store/import/rollback/unknown-service", &unknown_service, test_import_rollback);
  ADD ("/store/import/rollback/duplicate-ticket", &duplicate_ticket, test_import_rollback);
  ADD ("/store/import/rollback/duplicate-appointment", &duplicate_appointment, test_import_rollback);
  ADD ("/store/bad-file/random-bytes", NULL, test_bad_file_random_bytes);
  ADD ("/store/bad-file/text", NULL, test_bad_file_text);
  ADD ("/store/bad-file/other-application", NULL, test_bad_file_other_application);
  ADD ("/store/bad-file/too-new", NULL, test_bad_file_too_new);
  ADD ("/store/bad-file/damaged", NULL, test_bad_file_damaged);
  for (guint i = 0; i < G_N_ELEMENTS (hand_edits); i++)
    {
      g_autofree char *name = g_strdup_printf ("/store/bad-file/unknown-value/%s-%s",
                                               hand_edits[i].table, hand_edits[i].column);

      ADD (name, &hand_edits[i], test_bad_file_unknown_value);
    }
  ADD ("/store/unwritable/parent-is-file", NULL, test_unwritable_parent_is_file);
  ADD ("/store/unwritable/path-is-folder", NULL, test_unwritable_path_is_folder);
  ADD ("/store/unwritable/read-only-folder", NULL, test_unwritable_read_only_folder);
  ADD ("/store/unwritable/read-only-folder-existing", NULL, test_unwritable_read_only_folder_existing);
  ADD ("/store/unwritable/read-only-file", NULL, test_unwritable_read_only_file);
  ADD ("/store/async", NULL, test_async);
  ADD ("/store/async/open-error", NULL, test_async_open_error);
  ADD ("/store/feed/after-cursor", NULL, test_feed_after_cursor);

  return g_test_run ();
}
