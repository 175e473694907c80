/* gch-sim-report.c
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

#define G_LOG_DOMAIN "gch-sim-report"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "gch-sim-report.h"

/* The checks read the databases themselves, with plain SQL on read-only
 * connections, rather than through the store: they judge the store's
 * work, so they do not lean on it. The server is stopped first.
 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static sqlite3 *
open_read_only (const char  *path,
                GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s could not be opened: %s"), path,
                   db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static sqlite3_stmt *
query (sqlite3     *db,
       const char  *sql,
       GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sqlite3_errmsg (db), sql);
      return NULL;
    }

  return stmt;
}

static gboolean
count (sqlite3     *db,
       const char  *sql,
       guint       *result,
       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = query (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  *result = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  return TRUE;
}

static gboolean
is_whole (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = query (db, "PRAGMA integrity_check", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
         g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "ok") == 0;
}

/* Every entry of the day, one line each: ticket, state, guichet. */
static GPtrArray *
read_hall (sqlite3     *db,
           const char  *date,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = query (db, "SELECT ticket, state, coalesce (guichet, 0)"
                                            " FROM queue_entry WHERE day = ? ORDER BY ticket",
                                        error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (lines, g_strdup_printf ("%s %s g%d", sqlite3_column_text (stmt, 0),
                                             sqlite3_column_text (stmt, 1),
                                             sqlite3_column_int (stmt, 2)));
  return g_steal_pointer (&lines);
}

/* The day's events that operations made, each as "operation record-kind record-id". */
static GHashTable *
read_events (sqlite3     *db,
             const char  *date,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = query (db, "SELECT operation, record_kind, record_id FROM event"
                                            " WHERE day = ? AND operation IS NOT NULL", error);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (keys, g_strdup_printf ("%s %s %s", sqlite3_column_text (stmt, 0),
                                             sqlite3_column_text (stmt, 1),
                                             sqlite3_column_text (stmt, 2)));
  return g_steal_pointer (&keys);
}

#define TWICE_SQL "SELECT count(*) FROM (SELECT 1 FROM event WHERE operation IS NOT NULL" \
                  " GROUP BY operation, record_kind, record_id, from_state, to_state," \
                  " coalesce (detail, '') HAVING count(*) > 1)"

/* Walks each entry's history on the server: a call while the person is
 * already called (no return to the queue in between) is a second call; a
 * move made by a guichet other than the caller's acts elsewhere.
 */
static gboolean
check_calls (GchSimReport  *report,
             sqlite3       *db,
             const char    *date,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = query (db, "SELECT record_id, coalesce (guichet, 0), from_state,"
                                            " to_state, coalesce (detail, '') FROM event"
                                            " WHERE record_kind = 'entry' AND day = ?"
                                            " ORDER BY record_id, seq",
                                        error);
  g_autofree char *entry = NULL;
  gboolean called = FALSE;
  int owner = 0;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *)sqlite3_column_text (stmt, 0);
      int guichet = sqlite3_column_int (stmt, 1);
      const char *from = (const char *)sqlite3_column_text (stmt, 2);
      const char *to = (const char *)sqlite3_column_text (stmt, 3);
      gboolean recall = g_str_equal ((const char *)sqlite3_column_text (stmt, 4), "recall");

      if (g_strcmp0 (entry, id) != 0)
        {
          g_free (entry);
          entry = g_strdup (id);
          called = FALSE;
          owner = 0;
        }

      if (g_str_equal (to, "waiting"))
        called = FALSE, owner = 0;
      else if (g_str_equal (to, "called") && !recall)
        {
          if (called && guichet != owner)
            report->called_twice++;
          called = TRUE;
          owner = guichet;
        }
      else if (called && guichet != 0 && guichet != owner &&
               (recall || g_strcmp0 (from, to) != 0))
        report->acted_elsewhere++;
    }

  return TRUE;
}

static gboolean
check_server (GchSimReport  *report,
              sqlite3       *db,
              const char    *date,
              GHashTable    *known,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!is_whole (db))
    report->damaged++;

  /* On the server, an applied operation is in its outbox table (the store
   * writes every change with its operation) and has an answer.
   */
  if (!(stmt = query (db, "SELECT uuid FROM outbox UNION SELECT uuid FROM operation_result", error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (known, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));

  return count (db, "SELECT count(*) FROM outbox", &report->applied, error) &&
         count (db, "SELECT count(*) FROM operation_result WHERE status != 'applied'",
                &report->refused, error) &&
         count (db, "SELECT count(*) FROM operation_result r JOIN outbox o USING (uuid)"
                    " WHERE r.status != 'applied'", &report->misanswered, error) &&
         count (db, TWICE_SQL, &report->applied_twice, error) &&
         check_calls (report, db, date, error);
}

static gboolean
check_station (GchSimReport  *report,
               sqlite3       *db,
               const char    *actor,
               GHashTable    *known,
               GPtrArray     *hall,
               GHashTable    *events,
               const char    *date,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GHashTable) my_events = NULL;
  GHashTableIter iter;
  gpointer key;
  guint unsent = 0, twice = 0;

  if (!is_whole (db))
    report->damaged++;

  /* What this station committed: what waits in its outbox, what the
   * server refused, and the operations of its own events.
   */
  if (!(stmt = query (db, "SELECT uuid FROM outbox UNION SELECT uuid FROM conflict UNION"
                          " SELECT operation FROM event WHERE actor = ? AND operation IS NOT NULL",
                      error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, actor, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      report->operations++;
      if (!g_hash_table_contains (known, sqlite3_column_text (stmt, 0)))
        report->lost++;
    }

  if (!count (db, "SELECT count(*) FROM outbox", &unsent, error) ||
      !count (db, TWICE_SQL, &twice, error) ||
      !(mine = read_hall (db, date, error)) ||
      !(my_events = read_events (db, date, error)))
    return FALSE;
  report->unsent += unsent;
  report->applied_twice += twice;

  g_hash_table_iter_init (&iter, events);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (my_events, key))
      report->events_missing++;

  for (guint i = 0; i < MAX (mine->len, hall->len); i++)
    {
      const char *here = i < mine->len ? g_ptr_array_index (mine, i) : "(none)";
      const char *there = i < hall->len ? g_ptr_array_index (hall, i) : "(none)";

      if (!g_str_equal (here, there))
        {
          report->diverged++;
          if (report->first_difference == NULL)
            /* Translators: a station, then an entry there and on the server: "A042 called g3" */
            report->first_difference = g_strdup_printf (_("%s has “%s” where the server has “%s”"),
                                                        actor, here, there);
          break;
        }
    }

  return TRUE;
}

/* When each ticket of the day was first called, and when it arrived, by
 * the server: what happened, to hold the estimates against.
 */
static GHashTable *
read_first_calls (sqlite3     *db,
                  const char  *date,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!(stmt = query (db, "SELECT e.ticket, min (ev.at) - e.arrived_at FROM queue_entry e"
                          " JOIN event ev ON ev.record_kind = 'entry' AND ev.record_id = e.id"
                          " AND ev.to_state = 'called' WHERE e.day = ? GROUP BY e.id", error)))
    {
      g_hash_table_unref (calls);
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (calls, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 1) }, sizeof (gint64)));

  return calls;
}

/* The estimates a reception noted beside its database, one line a ticket:
 * TICKET, the policy's estimate, the naive one, in seconds.
 */
static void
check_estimates (GchSimReport *report,
                 const char   *database,
                 GHashTable   *first_calls)
{
  g_autofree char *path = g_strconcat (database, ".estimates", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      gint64 *waited;
      gint64 estimate, naive;

      if (g_strv_length (fields) != 3 ||
          !(waited = g_hash_table_lookup (first_calls, fields[0])))
        continue;

      estimate = g_ascii_strtoll (fields[1], NULL, 10);
      naive = g_ascii_strtoll (fields[2], NULL, 10);
      report->estimates++;
      report->estimate_error += ABS (estimate - *waited);
      report->naive_error += ABS (naive - *waited);
      report->waited += *waited;
    }
}

/**
 * gch_sim_report_check:
 * @server_database: the server's database; the server is stopped
 * @date: the simulated day
 * @station_databases: (array zero-terminated=1): each station's database
 * @actors: (array zero-terminated=1): each station's actor, in the same order
 *
 * Fills @report from the databases, once everything settled.
 */
gboolean
gch_sim_report_check (GchSimReport        *report,
                      const char          *server_database,
                      const char          *date,
                      const char * const  *station_databases,
                      const char * const  *actors,
                      GError             **error)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) hall = NULL;
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(GHashTable) first_calls = NULL;
  sqlite3 *db;
  gboolean ok;

  if (!(db = open_read_only (server_database, error)))
    return FALSE;
  ok = check_server (report, db, date, known, error) && (hall = read_hall (db, date, error)) != NULL &&
       (events = read_events (db, date, error)) != NULL &&
       (first_calls = read_first_calls (db, date, error)) != NULL;
  sqlite3_close (db);
  if (!ok)
    return FALSE;

  for (guint i = 0; station_databases[i] != NULL; i++)
    {
      if (!(db = open_read_only (station_databases[i], error)))
        return FALSE;
      ok = check_station (report, db, actors[i], known, hall, events, date, error);
      sqlite3_close (db);
      if (!ok)
        return FALSE;
      check_estimates (report, station_databases[i], first_calls);
    }

  return TRUE;
}

gboolean
gch_sim_report_ok (const GchSimReport *report)
{
  return report->lost == 0 && report->unsent == 0 && report->applied_twice == 0 &&
         report->misanswered == 0 && report->called_twice == 0 && report->acted_elsewhere == 0 &&
         report->events_missing == 0 && report->diverged == 0 && report->damaged == 0;
}

void
gch_sim_report_print (const GchSimReport *report)
{
  g_print (_("operations committed: %u\n"), report->operations);
  g_print (_("operations applied: %u\n"), report->applied);
  g_print (_("operations refused: %u\n"), report->refused);
  g_print (_("operations lost: %u\n"), report->lost);
  g_print (_("operations unsent: %u\n"), report->unsent);
  g_print (_("applied twice: %u\n"), report->applied_twice);
  g_print (_("applied but answered refused: %u\n"), report->misanswered);
  g_print (_("entries called twice: %u\n"), report->called_twice);
  g_print (_("moves by another guichet: %u\n"), report->acted_elsewhere);
  g_print (_("events missing at a station: %u\n"), report->events_missing);
  g_print (_("stations diverged: %u\n"), report->diverged);
  if (report->first_difference != NULL)
    g_print ("  %s\n", report->first_difference);
  g_print (_("damaged databases: %u\n"), report->damaged);
  if (report->estimates > 0)
    {
      /* Minutes, with one decimal, whatever the locale. */
      char error_text[G_ASCII_DTOSTR_BUF_SIZE], naive_text[G_ASCII_DTOSTR_BUF_SIZE];
      char waited_text[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (error_text, sizeof error_text, "%.1f",
                       report->estimate_error / 60.0 / report->estimates);
      g_ascii_formatd (naive_text, sizeof naive_text, "%.1f",
                       report->naive_error / 60.0 / report->estimates);
      g_ascii_formatd (waited_text, sizeof waited_text, "%.1f",
                       report->waited / 60.0 / report->estimates);
      /* Translators: a number of tickets, then minutes: the mean absolute
       * error of the estimates printed on tickets, of a naive estimate,
       * and the mean wait
       */
      g_print (_("estimated waits: %u tickets, mean absolute error %s min (naive estimate: %s "
                 "min), mean wait %s min\n"),
               report->estimates, error_text, naive_text, waited_text);
    }
  g_print ("%s\n", gch_sim_report_ok (report) ? _("result: ok") : _("result: VIOLATIONS"));
}

void
gch_sim_report_clear (GchSimReport *report)
{
  g_clear_pointer (&report->first_difference, g_free);
}
