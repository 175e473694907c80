/* gch-store.c
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

#define G_LOG_DOMAIN "gch-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gch-agent.h"
#include "gch-appointment.h"
#include "gch-change-private.h"
#include "gch-clock.h"
#include "gch-codec.h"
#include "gch-day.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-event-private.h"
#include "gch-feedback.h"
#include "gch-guichet.h"
#include "gch-numerique.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-site.h"
#include "gch-store.h"
#include "gch-callback.h"

/* The station's SQLite database: what the screen shows. One connection,
 * used from worker threads under the mutex; every write is one
 * BEGIN IMMEDIATE transaction, durable (synchronous=FULL) before it returns.
 */
struct _GchStore
{
  GObject   parent_instance;

  GMutex        mutex;
  sqlite3      *db;
  GThreadPool  *writer;   /* one thread: writes are saved in the order they were asked */
  gboolean      keeps_feed;
  char     *path;
  guint     version;

  /* What the station decides on, kept in memory so that deciding never
   * waits for the disk: its ticket blocks, and the entries it issued
   * offline. Written to the database first, then here.
   */
  GMutex        memo_mutex;
  GPtrArray    *blocks;            /* GchTicketBlock */
  GHashTable   *offline_entries;   /* entry id */
};

G_DEFINE_FINAL_TYPE (GchStore, gch_store, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define MIGRATIONS_PATH "/fr/guichet/Guichet/sql"

/* The suggestions and complaints register (issue 6), at the end of the file. */
static GPtrArray *list_feedback (GchStore     *self,
                                 const char   *sql,
                                 gint64        value,
                                 GError      **error);
static gboolean write_feedback (GchStore     *self,
                                GchFeedback  *feedback,
                                GError      **error);

/* "GCH1": tells a Guichet database from any other SQLite file. */
#define GCH_APPLICATION_ID 0x47434831

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  const char  *what)
{
  g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE, "%s: %s", what, sqlite3_errmsg (db));
}

static gboolean
exec_sql (GchStore    *self,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (GchStore    *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, _("The database could not be read"));
      return NULL;
    }

  return stmt;
}

static gboolean
step_done (GchStore      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, _("The database could not be written"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
begin_write (GchStore  *self,
             GError   **error)
{
  return exec_sql (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit_or_rollback (GchStore  *self,
                    gboolean   ok,
                    GError   **error)
{
  if (ok && exec_sql (self, "COMMIT", error))
    return TRUE;

  /* The transaction may already be gone (COMMIT failed); nothing to report then. */
  if (!sqlite3_get_autocommit (self->db))
    exec_sql (self, "ROLLBACK", NULL);

  return FALSE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_nonzero_or_null (sqlite3_stmt *stmt,
                      int           column,
                      gint64        value)
{
  if (value != 0)
    sqlite3_bind_int64 (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

/* A nick the database holds that this version does not know means the file
 * was damaged or edited by hand: refuse it rather than guess.
 */
static gboolean
column_enum (sqlite3_stmt  *stmt,
             int            column,
             GType          enum_type,
             int           *value,
             GError       **error)
{
  const char *nick = column_text (stmt, column);

  if (gch_enum_from_nick (enum_type, nick, value))
    return TRUE;

  g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
               _("The database holds an unknown value “%s” in column “%s” of table “%s”"),
               nick != NULL ? nick : "NULL", sqlite3_column_name (stmt, column),
               sqlite3_column_table_name (stmt, column));
  return FALSE;
}

/* Migrations */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

static char **
list_migrations (void)
{
  char **names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, NULL);

  g_assert (names != NULL);
  qsort (names, g_strv_length (names), sizeof (char *), compare_strings);

  return names;
}

/**
 * gch_store_get_latest_version:
 *
 * Returns: the newest database version this build knows how to write
 */
guint
gch_store_get_latest_version (void)
{
  g_auto(GStrv) names = list_migrations ();

  return g_strv_length (names);
}

static gboolean
migrate (GchStore  *self,
         GError   **error)
{
  g_auto(GStrv) names = list_migrations ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *resource = g_build_path ("/", MIGRATIONS_PATH, names[i], NULL);
      g_autofree char *pragmas = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      guint number = i + 1;
      gboolean ok;

      /* Files are numbered 0001-…, 0002-…: the position is the version. */
      g_assert (g_ascii_strtoull (names[i], NULL, 10) == number);

      if (number <= self->version)
        continue;

      bytes = g_resources_lookup_data (resource, 0, NULL);
      g_assert (bytes != NULL);
      pragmas = g_strdup_printf ("PRAGMA user_version = %u; PRAGMA application_id = %d;",
                                 number, GCH_APPLICATION_ID);

      ok = begin_write (self, &local_error) &&
           exec_sql (self, g_bytes_get_data (bytes, NULL), &local_error) &&
           exec_sql (self, pragmas, &local_error);
      if (!commit_or_rollback (self, ok, ok ? &local_error : NULL))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
                       _("The database “%s” could not be upgraded to version %u: %s"),
                       self->path, number, local_error->message);
          return FALSE;
        }

      self->version = number;
    }

  return TRUE;
}

/* Opening */

static gboolean
read_int_pragma (GchStore    *self,
                 const char  *sql,
                 int         *value,
                 int         *rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if ((*rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return FALSE;
  if ((*rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return FALSE;

  *value = sqlite3_column_int (stmt, 0);
  *rc = SQLITE_OK;
  return TRUE;
}

/* Everything here only reads until the file is known to be ours, of a
 * version we know, and whole: a file we cannot use is left exactly as it is.
 */
static gboolean
check_file (GchStore  *self,
            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version = 0, application_id = 0, tables = 0, rc;
  const char *verdict;

  if (!read_int_pragma (self, "PRAGMA user_version", &version, &rc) ||
      !read_int_pragma (self, "PRAGMA application_id", &application_id, &rc) ||
      !read_int_pragma (self, "SELECT count(*) FROM sqlite_master", &tables, &rc))
    {
      if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_GUICHET,
                     _("“%s” is not a Guichet database, or it is damaged. "
                       "It was left as it is."),
                     self->path);
      else
        set_sqlite_error (error, self->db, _("The database could not be read"));
      return FALSE;
    }

  if (application_id != GCH_APPLICATION_ID && (application_id != 0 || tables > 0))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_GUICHET,
                   _("“%s” is not a Guichet database. It was left as it is."),
                   self->path);
      return FALSE;
    }

  if ((guint)version > gch_store_get_latest_version ())
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Guichet (database version %d; "
                     "this version knows up to %u). It was left as it is: "
                     "open it with a newer Guichet."),
                   self->path, version, gch_store_get_latest_version ());
      return FALSE;
    }

  if (!(stmt = prepare (self, "PRAGMA quick_check", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  verdict = rc == SQLITE_ROW ? column_text (stmt, 0) : sqlite3_errmsg (self->db);
  if (g_strcmp0 (verdict, "ok") != 0)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
                   _("“%s” is damaged (%s). It was left as it is: "
                     "restore a backup, or ask your administrator."),
                   self->path, verdict);
      return FALSE;
    }

  self->version = version;
  return TRUE;
}

static gboolean
configure_connection (GchStore  *self,
                      GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self, "PRAGMA journal_mode = WAL", error)))
    return FALSE;

  /* WAL needs two files beside the database: it fails in a folder we
   * cannot write to, even when the database file itself is writable.
   */
  if (sqlite3_step (stmt) != SQLITE_ROW || g_strcmp0 (column_text (stmt, 0), "wal") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The database “%s” cannot be written to: %s"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }

  return exec_sql (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error);
}

static gboolean
prepare_folder (const char  *path,
                GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The data folder “%s” could not be created: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  /* SQLite creates the database and its WAL files there: say so now, rather
   * than "unable to open database file" later.
   */
  if (g_access (folder, W_OK | X_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The data folder “%s” cannot be written to: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a file"), path);
      return FALSE;
    }

  return TRUE;
}

/**
 * gch_store_dup_default_path:
 *
 * Returns: (transfer full): where the station keeps its database:
 *   `$XDG_DATA_HOME/guichet/guichet.sqlite`
 */
char *
gch_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "guichet", "guichet.sqlite", NULL);
}

static GchTicketBlock *
block_from_row (sqlite3_stmt *stmt)
{
  GchTicketBlock *block = g_new0 (GchTicketBlock, 1);

  block->uuid = g_strdup (column_text (stmt, 0));
  block->day = g_strdup (column_text (stmt, 1));
  block->service = g_strdup (column_text (stmt, 2));
  block->prefix = g_strdup (column_text (stmt, 3));
  block->first = sqlite3_column_int (stmt, 4);
  block->last = sqlite3_column_int (stmt, 5);
  return block;
}

/* At opening, before the store is shared: the blocks and offline entries. */
static gboolean
read_memo (GchStore  *self,
           GError   **error)
{
  g_autoptr(sqlite3_stmt) blocks = NULL;
  g_autoptr(sqlite3_stmt) entries = NULL;

  if (!(blocks = prepare (self,
                          "SELECT uuid, day, service, prefix, first, last FROM ticket_block"
                          " ORDER BY day, prefix, first",
                          error)) ||
      !(entries = prepare (self, "SELECT entry FROM offline_entry", error)))
    return FALSE;

  while (sqlite3_step (blocks) == SQLITE_ROW)
    g_ptr_array_add (self->blocks, block_from_row (blocks));
  while (sqlite3_step (entries) == SQLITE_ROW)
    g_hash_table_add (self->offline_entries, g_strdup (column_text (entries, 0)));

  return TRUE;
}

/**
 * gch_store_open:
 * @path: the database file; created, with its folder, when missing
 *
 * Opens the database and brings its schema up to date. A file that is not
 * a Guichet database, is damaged, or was written by a newer version is
 * refused with a message that says so, and left untouched.
 *
 * Blocks on the disk: call it from a worker, or use gch_store_open_async().
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
GchStore *
gch_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(GchStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!prepare_folder (path, error))
    return NULL;

  self = g_object_new (GCH_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
                   _("The database “%s” could not be opened: %s"),
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The database “%s” cannot be written to. "
                     "Check the permissions of the file and of its folder."),
                   path);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!check_file (self, error) ||
      !configure_connection (self, error) ||
      !migrate (self, error) ||
      !read_memo (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
open_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GchStore *store;

  if ((store = gch_store_open (task_data, &error)))
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
gch_store_open_async (const char          *path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_worker);
}

/**
 * gch_store_open_finish:
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
GchStore *
gch_store_open_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gch_store_finalize (GObject *object)
{
  GchStore *self = (GchStore *)object;

  /* Without waiting: the last reference may go with a write's task, in the
   * writer thread itself, and a pool waiting for its own thread never
   * returns. Nothing is left to write anyway: each write holds a reference.
   */
  if (self->writer != NULL)
    g_thread_pool_free (self->writer, FALSE, FALSE);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->offline_entries, g_hash_table_unref);
  g_mutex_clear (&self->mutex);
  g_mutex_clear (&self->memo_mutex);

  G_OBJECT_CLASS (gch_store_parent_class)->finalize (object);
}

static void
gch_store_class_init (GchStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gch_store_finalize;
}

static void
gch_store_init (GchStore *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->memo_mutex);
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) gch_ticket_block_free);
  self->offline_entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

const char *
gch_store_get_path (GchStore *self)
{
  g_return_val_if_fail (GCH_IS_STORE (self), NULL);

  return self->path;
}

/**
 * gch_store_get_version:
 *
 * Returns: the schema version of the open database
 */
guint
gch_store_get_version (GchStore *self)
{
  g_return_val_if_fail (GCH_IS_STORE (self), 0);

  return self->version;
}

/* Writing a day */

static gboolean
day_is_empty (GchStore    *self,
              const char  *date,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "SELECT (SELECT count(*) FROM appointment WHERE day = ?1) +"
                        "       (SELECT count(*) FROM queue_entry WHERE day = ?1)",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, _("The database could not be read"));
      return FALSE;
    }

  if (sqlite3_column_int (stmt, 0) > 0)
    {
      /* Translators: %s is a date, 2026-11-23 */
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The day %s already has appointments or tickets: "
                     "importing it again would mix two versions of the day."),
                   date);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_site (GchStore  *self,
            GchSite   *site,
            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "INSERT INTO site (id, code, name, timezone, opens_at, closes_at, mode)"
                        " VALUES (1, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (id) DO UPDATE SET code = excluded.code,"
                        " name = excluded.name, timezone = excluded.timezone,"
                        " opens_at = excluded.opens_at, closes_at = excluded.closes_at,"
                        " mode = excluded.mode",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, gch_site_get_code (site), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, gch_site_get_name (site), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, gch_site_get_timezone (site), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, gch_site_get_opens_at (site));
  sqlite3_bind_int (stmt, 5, gch_site_get_closes_at (site));
  sqlite3_bind_text (stmt, 6, gch_enum_to_nick (GCH_TYPE_SITE_MODE, gch_site_get_mode (site)),
                     -1, SQLITE_STATIC);

  return step_done (self, stmt, error);
}

static gboolean
write_services (GchStore   *self,
                GPtrArray  *services,
                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "INSERT INTO service (code, name, prefix, typical_minutes, documents,"
                        " walk_in_cap, accepts_appointments, accepts_walk_ins, position,"
                        " max_wait_minutes, max_waiting_per_guichet)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                        " prefix = excluded.prefix, typical_minutes = excluded.typical_minutes,"
                        " documents = excluded.documents, walk_in_cap = excluded.walk_in_cap,"
                        " accepts_appointments = excluded.accepts_appointments,"
                        " accepts_walk_ins = excluded.accepts_walk_ins,"
                        " position = excluded.position,"
                        " max_wait_minutes = excluded.max_wait_minutes,"
                        " max_waiting_per_guichet = excluded.max_waiting_per_guichet",
                        error)))
    return FALSE;

  for (guint i = 0; i < services->len; i++)
    {
      GchService *service = g_ptr_array_index (services, i);
      const char * const *documents = gch_service_get_documents (service);
      g_autofree char *joined = documents ? g_strjoinv ("\n", (char **)documents) : NULL;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, gch_service_get_code (service), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, gch_service_get_name (service), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, gch_service_get_prefix (service), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, gch_service_get_typical_minutes (service));
      sqlite3_bind_text (stmt, 5, joined ? joined : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 6, gch_service_get_walk_in_cap (service));
      sqlite3_bind_int (stmt, 7, gch_service_get_accepts_appointments (service));
      sqlite3_bind_int (stmt, 8, gch_service_get_accepts_walk_ins (service));
      sqlite3_bind_int (stmt, 9, i);
      sqlite3_bind_int (stmt, 10, gch_service_get_max_wait_minutes (service));
      sqlite3_bind_int (stmt, 11, gch_service_get_max_waiting_per_guichet (service));
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_agents (GchStore   *self,
              GPtrArray  *agents,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "INSERT INTO agent (id, name, role) VALUES (?, ?, ?)"
                        " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                        " role = excluded.role",
                        error)))
    return FALSE;

  for (guint i = 0; i < agents->len; i++)
    {
      GchAgent *agent = g_ptr_array_index (agents, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, gch_agent_get_id (agent), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, gch_agent_get_name (agent), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, gch_enum_to_nick (GCH_TYPE_AGENT_ROLE, gch_agent_get_role (agent)),
                         -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* The services a guichet handles, in its order, replacing those it had. */
static gboolean
write_guichet_services (GchStore            *self,
                        guint                number,
                        const char * const  *services,
                        GError             **error)
{
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) link = NULL;

  if (!(clear = prepare (self, "DELETE FROM guichet_service WHERE guichet = ?", error)) ||
      !(link = prepare (self,
                        "INSERT INTO guichet_service (guichet, service, position) VALUES (?, ?, ?)",
                        error)))
    return FALSE;

  sqlite3_bind_int (clear, 1, number);
  if (!step_done (self, clear, error))
    return FALSE;

  for (guint j = 0; services != NULL && services[j] != NULL; j++)
    {
      sqlite3_reset (link);
      sqlite3_bind_int (link, 1, number);
      sqlite3_bind_text (link, 2, services[j], -1, SQLITE_STATIC);
      sqlite3_bind_int (link, 3, j);
      if (!step_done (self, link, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_guichets (GchStore   *self,
                GPtrArray  *guichets,
                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "INSERT INTO guichet (number, label, accessible, state, agent_id)"
                        " VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT (number) DO UPDATE SET label = excluded.label,"
                        " accessible = excluded.accessible, state = excluded.state,"
                        " agent_id = excluded.agent_id",
                        error)))
    return FALSE;

  for (guint i = 0; i < guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (guichets, i);
      const char * const *services = gch_guichet_get_services (guichet);
      guint number = gch_guichet_get_number (guichet);

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, number);
      sqlite3_bind_text (stmt, 2, gch_guichet_get_label (guichet), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, gch_guichet_get_accessible (guichet));
      sqlite3_bind_text (stmt, 4,
                         gch_enum_to_nick (GCH_TYPE_GUICHET_STATE, gch_guichet_get_state (guichet)),
                         -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 5, gch_guichet_get_agent_id (guichet));
      if (!step_done (self, stmt, error) ||
          !write_guichet_services (self, number, services, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_appointments (GchStore    *self,
                    const char  *date,
                    GPtrArray   *appointments,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "INSERT INTO appointment (reference, day, service, starts_at,"
                        " duration_minutes, persons, holder_name, phone, email, dossier_number,"
                        " predemande_number, status, guichet, version)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        error)))
    return FALSE;

  for (guint i = 0; i < appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (appointments, i);
      GchAppointmentStatus status = gch_appointment_get_status (appointment);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, gch_appointment_get_reference (appointment), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, gch_service_get_code (gch_appointment_get_service (appointment)),
                         -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, gch_appointment_get_starts_at (appointment));
      sqlite3_bind_int (stmt, 5, gch_appointment_get_duration_minutes (appointment));
      sqlite3_bind_int (stmt, 6, gch_appointment_get_persons (appointment));
      sqlite3_bind_text (stmt, 7, gch_appointment_get_holder_name (appointment), -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 8, gch_appointment_get_phone (appointment));
      bind_text_or_null (stmt, 9, gch_appointment_get_email (appointment));
      bind_text_or_null (stmt, 10, gch_appointment_get_dossier_number (appointment));
      bind_text_or_null (stmt, 11, gch_appointment_get_predemande_number (appointment));
      sqlite3_bind_text (stmt, 12, gch_enum_to_nick (GCH_TYPE_APPOINTMENT_STATUS, status),
                         -1, SQLITE_STATIC);
      bind_nonzero_or_null (stmt, 13, gch_appointment_get_guichet (appointment));
      sqlite3_bind_int64 (stmt, 14, gch_appointment_get_version (appointment));
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_entries (GchStore    *self,
               const char  *date,
               GPtrArray   *entries,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "INSERT INTO queue_entry (id, day, ticket, service, priority, arrived_at,"
                        " state, guichet, appointment, late, called_at, version, transferred_from,"
                        " recalls, outcome, notes, printed_at, satisfaction)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        error)))
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (entries, i);
      GchAppointment *appointment = gch_queue_entry_get_appointment (entry);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, gch_queue_entry_get_id (entry), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, gch_queue_entry_get_ticket (entry), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, gch_service_get_code (gch_queue_entry_get_service (entry)),
                         -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5,
                         gch_enum_to_nick (GCH_TYPE_PRIORITY, gch_queue_entry_get_priority (entry)),
                         -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, gch_queue_entry_get_arrived_at (entry));
      sqlite3_bind_text (stmt, 7,
                         gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, gch_queue_entry_get_state (entry)),
                         -1, SQLITE_STATIC);
      bind_nonzero_or_null (stmt, 8, gch_queue_entry_get_guichet (entry));
      bind_text_or_null (stmt, 9, appointment ? gch_appointment_get_reference (appointment) : NULL);
      sqlite3_bind_int (stmt, 10, gch_queue_entry_get_late (entry));
      bind_nonzero_or_null (stmt, 11, gch_queue_entry_get_called_at (entry));
      sqlite3_bind_int64 (stmt, 12, gch_queue_entry_get_version (entry));
      bind_text_or_null (stmt, 13, gch_queue_entry_get_transferred_from (entry));
      sqlite3_bind_int (stmt, 14, gch_queue_entry_get_recalls (entry));
      bind_text_or_null (stmt, 15, gch_queue_entry_get_outcome (entry));
      bind_text_or_null (stmt, 16, gch_queue_entry_get_notes (entry));
      bind_nonzero_or_null (stmt, 17, gch_queue_entry_get_printed_at (entry));
      bind_nonzero_or_null (stmt, 18, gch_queue_entry_get_satisfaction (entry));
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_events (GchStore    *self,
              const char  *date,
              GPtrArray   *events,
              const char  *operation,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "INSERT INTO event (day, record_kind, record_id, at, actor, guichet,"
                        " from_state, to_state, detail, operation)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        error)))
    return FALSE;

  for (guint i = 0; i < events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (events, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, gch_event_get_record_kind (event), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, gch_event_get_record_id (event), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, gch_event_get_at (event));
      bind_text_or_null (stmt, 5, gch_event_get_actor (event));
      bind_nonzero_or_null (stmt, 6, gch_event_get_guichet (event));
      bind_text_or_null (stmt, 7, gch_event_get_from_state (event));
      sqlite3_bind_text (stmt, 8, gch_event_get_to_state (event), -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 9, gch_event_get_detail (event));
      bind_text_or_null (stmt, 10, operation);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static void
assign_event_seqs (GchStore  *self,
                   GPtrArray *events)
{
  gint64 last = sqlite3_last_insert_rowid (self->db);

  /* AUTOINCREMENT hands out consecutive keys inside one transaction. */
  for (guint i = 0; i < events->len; i++)
    _gch_event_set_seq (g_ptr_array_index (events, i), last - events->len + 1 + i);
}

static gboolean
check_has_site (GchDay  *day,
                GError **error)
{
  if (GCH_IS_SITE (day->site))
    return TRUE;

  /* Translators: %s is a date, 2026-11-23 */
  g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
               _("The day %s has no site: nothing was imported."), day->date);
  return FALSE;
}

/* The site's configuration and the whole of @day, in the transaction open. */
static gboolean
write_day (GchStore  *self,
           GchDay    *day,
           GError   **error)
{
  if (!write_site (self, day->site, error) ||
      !write_services (self, day->services, error) ||
      !write_agents (self, day->agents, error) ||
      !write_guichets (self, day->guichets, error) ||
      !write_appointments (self, day->date, day->appointments, error) ||
      !write_entries (self, day->date, day->entries, error) ||
      !write_events (self, day->date, day->events, NULL, error))
    return FALSE;

  assign_event_seqs (self, day->events);
  return TRUE;
}

/**
 * gch_store_import_day:
 * @day: a whole day: the site's configuration, appointments, entries, events
 *
 * Writes @day in one transaction: either all of it is saved, or nothing.
 * The site's configuration is updated; a day that already has appointments
 * or tickets is refused, so that two versions of a day never mix.
 *
 * Returns: %TRUE when the day was saved
 */
gboolean
gch_store_import_day (GchStore  *self,
                      GchDay    *day,
                      GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  if (!check_has_site (day, error))
    return FALSE;

  locker = g_mutex_locker_new (&self->mutex);

  if (!begin_write (self, error))
    return FALSE;

  ok = day_is_empty (self, day->date, error) && write_day (self, day, error);

  return commit_or_rollback (self, ok, error);
}

/* Reading a day */

static gboolean
read_site (GchStore  *self,
           GchDay    *day,
           GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int mode;

  if (!(stmt = prepare (self,
                        "SELECT code, name, timezone, opens_at, closes_at, mode FROM site",
                        error)))
    return FALSE;

  /* A station that was never configured has no site yet: not an error. */
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;

  if (!column_enum (stmt, 5, GCH_TYPE_SITE_MODE, &mode, error))
    return FALSE;

  day->site = g_object_new (GCH_TYPE_SITE,
                            "code", column_text (stmt, 0),
                            "name", column_text (stmt, 1),
                            "timezone", column_text (stmt, 2),
                            "opens-at", sqlite3_column_int (stmt, 3),
                            "closes-at", sqlite3_column_int (stmt, 4),
                            "mode", mode,
                            NULL);
  return TRUE;
}

static gboolean
read_services (GchStore  *self,
               GchDay    *day,
               GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "SELECT code, name, prefix, typical_minutes, documents, walk_in_cap,"
                        " accepts_appointments, accepts_walk_ins, max_wait_minutes,"
                        " max_waiting_per_guichet FROM service"
                        " ORDER BY position, code",
                        error)))
    return FALSE;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *documents = column_text (stmt, 4);
      g_auto(GStrv) list = g_strsplit (documents ? documents : "", "\n", -1);

      /* "" splits into one empty string: a service with nothing to bring */
      if (list[0] != NULL && list[0][0] == '\0')
        g_clear_pointer (&list[0], g_free);

      g_ptr_array_add (day->services,
                       g_object_new (GCH_TYPE_SERVICE,
                                     "code", column_text (stmt, 0),
                                     "name", column_text (stmt, 1),
                                     "prefix", column_text (stmt, 2),
                                     "typical-minutes", sqlite3_column_int (stmt, 3),
                                     "documents", list,
                                     "walk-in-cap", sqlite3_column_int (stmt, 5),
                                     "accepts-appointments", sqlite3_column_int (stmt, 6) != 0,
                                     "accepts-walk-ins", sqlite3_column_int (stmt, 7) != 0,
                                     "max-wait-minutes", sqlite3_column_int (stmt, 8),
                                     "max-waiting-per-guichet", sqlite3_column_int (stmt, 9),
                                     NULL));
    }

  return TRUE;
}

static gboolean
read_agents (GchStore  *self,
             GchDay    *day,
             GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int role;

  if (!(stmt = prepare (self, "SELECT id, name, role FROM agent ORDER BY id", error)))
    return FALSE;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (!column_enum (stmt, 2, GCH_TYPE_AGENT_ROLE, &role, error))
        return FALSE;

      g_ptr_array_add (day->agents,
                       g_object_new (GCH_TYPE_AGENT,
                                     "id", column_text (stmt, 0),
                                     "name", column_text (stmt, 1),
                                     "role", role,
                                     NULL));
    }

  return TRUE;
}

static gboolean
read_guichets (GchStore  *self,
               GchDay    *day,
               GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) links = NULL;
  int state;

  if (!(stmt = prepare (self,
                        "SELECT number, label, accessible, state, agent_id FROM guichet"
                        " ORDER BY number",
                        error)) ||
      !(links = prepare (self,
                         "SELECT service FROM guichet_service WHERE guichet = ?"
                         " ORDER BY position",
                         error)))
    return FALSE;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GStrvBuilder) services = g_strv_builder_new ();
      g_auto(GStrv) codes = NULL;

      if (!column_enum (stmt, 3, GCH_TYPE_GUICHET_STATE, &state, error))
        return FALSE;

      sqlite3_reset (links);
      sqlite3_bind_int (links, 1, sqlite3_column_int (stmt, 0));
      while (sqlite3_step (links) == SQLITE_ROW)
        g_strv_builder_add (services, column_text (links, 0));
      codes = g_strv_builder_end (services);

      g_ptr_array_add (day->guichets,
                       g_object_new (GCH_TYPE_GUICHET,
                                     "number", sqlite3_column_int (stmt, 0),
                                     "label", column_text (stmt, 1),
                                     "accessible", sqlite3_column_int (stmt, 2) != 0,
                                     "state", state,
                                     "agent-id", column_text (stmt, 4),
                                     "services", codes,
                                     NULL));
    }

  return TRUE;
}

static gboolean
read_appointments (GchStore  *self,
                   GchDay    *day,
                   GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int status;

  if (!(stmt = prepare (self,
                        "SELECT reference, service, starts_at, duration_minutes, persons,"
                        " holder_name, phone, email, dossier_number, predemande_number, status,"
                        " guichet, version FROM appointment WHERE day = ?"
                        " ORDER BY starts_at, reference",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, day->date, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GchService *service = gch_day_find_service (day, column_text (stmt, 1));

      if (service == NULL || !column_enum (stmt, 10, GCH_TYPE_APPOINTMENT_STATUS, &status, error))
        {
          if (service == NULL)
            /* Translators: an appointment's reference, then a service code */
            g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
                         _("Appointment %s is for an unknown service “%s”"),
                         column_text (stmt, 0), column_text (stmt, 1));
          return FALSE;
        }

      g_ptr_array_add (day->appointments,
                       g_object_new (GCH_TYPE_APPOINTMENT,
                                     "reference", column_text (stmt, 0),
                                     "service", service,
                                     "starts-at", sqlite3_column_int64 (stmt, 2),
                                     "duration-minutes", sqlite3_column_int (stmt, 3),
                                     "persons", sqlite3_column_int (stmt, 4),
                                     "holder-name", column_text (stmt, 5),
                                     "phone", column_text (stmt, 6),
                                     "email", column_text (stmt, 7),
                                     "dossier-number", column_text (stmt, 8),
                                     "predemande-number", column_text (stmt, 9),
                                     "status", status,
                                     "guichet", sqlite3_column_int (stmt, 11),
                                     "version", sqlite3_column_int64 (stmt, 12),
                                     NULL));
    }

  return TRUE;
}

/* Call-backs */

static gboolean
write_callbacks (GchStore    *self,
                 const char  *date,
                 GPtrArray   *callbacks,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (callbacks->len == 0)
    return TRUE;

  if (!(stmt = prepare (self,
                        "INSERT INTO callback (id, day, service, taken_at, taken_by, phone, name,"
                        " status, attempts, last_attempt_at, version)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        error)))
    return FALSE;

  for (guint i = 0; i < callbacks->len; i++)
    {
      GchCallback *callback = g_ptr_array_index (callbacks, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, gch_callback_get_id (callback), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, gch_service_get_code (gch_callback_get_service (callback)), -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, gch_callback_get_taken_at (callback));
      bind_text_or_null (stmt, 5, gch_callback_get_taken_by (callback));
      bind_text_or_null (stmt, 6, gch_callback_get_phone (callback));
      bind_text_or_null (stmt, 7, gch_callback_get_name (callback));
      sqlite3_bind_text (stmt, 8,
                         gch_enum_to_nick (GCH_TYPE_CALLBACK_STATUS,
                                           gch_callback_get_status (callback)),
                         -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 9, gch_callback_get_attempts (callback));
      bind_nonzero_or_null (stmt, 10, gch_callback_get_last_attempt_at (callback));
      sqlite3_bind_int64 (stmt, 11, gch_callback_get_version (callback));
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_callbacks (GchStore  *self,
                GchDay    *day,
                GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int status;

  if (!(stmt = prepare (self,
                        "SELECT id, service, taken_at, taken_by, phone, name, status, attempts,"
                        " last_attempt_at, version FROM callback WHERE day = ?"
                        " ORDER BY taken_at, id",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, day->date, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GchService *service = gch_day_find_service (day, column_text (stmt, 1));

      if (service == NULL || !column_enum (stmt, 6, GCH_TYPE_CALLBACK_STATUS, &status, error))
        {
          if (service == NULL)
            /* Translators: a service code */
            g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
                         _("A call-back is for an unknown service “%s”"), column_text (stmt, 1));
          return FALSE;
        }

      g_ptr_array_add (day->callbacks,
                       g_object_new (GCH_TYPE_CALLBACK,
                                     "id", column_text (stmt, 0),
                                     "service", service,
                                     "taken-at", sqlite3_column_int64 (stmt, 2),
                                     "taken-by", column_text (stmt, 3),
                                     "phone", column_text (stmt, 4),
                                     "name", column_text (stmt, 5),
                                     "status", status,
                                     "attempts", (guint) sqlite3_column_int (stmt, 7),
                                     "last-attempt-at", sqlite3_column_int64 (stmt, 8),
                                     "version", sqlite3_column_int64 (stmt, 9),
                                     NULL));
    }

  return TRUE;
}

static gboolean
read_entries (GchStore  *self,
              GchDay    *day,
              GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int priority, state;

  if (!(stmt = prepare (self,
                        "SELECT id, ticket, service, priority, arrived_at, state, guichet,"
                        " appointment, late, called_at, version, transferred_from, recalls,"
                        " outcome, notes, printed_at, satisfaction FROM queue_entry WHERE day = ?"
                        " ORDER BY arrived_at, ticket",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, day->date, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GchService *service = gch_day_find_service (day, column_text (stmt, 2));
      const char *reference = column_text (stmt, 7);
      GchAppointment *appointment = reference ? gch_day_find_appointment (day, reference) : NULL;

      if (service == NULL || (reference != NULL && appointment == NULL))
        {
          /* Translators: %s is a ticket number, A042 */
          g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
                       _("Ticket %s refers to a service or an appointment that does not exist"),
                       column_text (stmt, 1));
          return FALSE;
        }

      if (!column_enum (stmt, 3, GCH_TYPE_PRIORITY, &priority, error) ||
          !column_enum (stmt, 5, GCH_TYPE_ENTRY_STATE, &state, error))
        return FALSE;

      g_ptr_array_add (day->entries,
                       g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                     "id", column_text (stmt, 0),
                                     "ticket", column_text (stmt, 1),
                                     "service", service,
                                     "priority", priority,
                                     "arrived-at", sqlite3_column_int64 (stmt, 4),
                                     "state", state,
                                     "guichet", sqlite3_column_int (stmt, 6),
                                     "appointment", appointment,
                                     "late", sqlite3_column_int (stmt, 8) != 0,
                                     "called-at", sqlite3_column_int64 (stmt, 9),
                                     "version", sqlite3_column_int64 (stmt, 10),
                                     "transferred-from", column_text (stmt, 11),
                                     "recalls", sqlite3_column_int (stmt, 12),
                                     "outcome", column_text (stmt, 13),
                                     "notes", column_text (stmt, 14),
                                     "printed-at", sqlite3_column_int64 (stmt, 15),
                                     "satisfaction", CLAMP (sqlite3_column_int (stmt, 16), 0,
                                                            GCH_SATISFACTION_LAST),
                                     NULL));
    }

  return TRUE;
}

static gboolean
read_events (GchStore  *self,
             GchDay    *day,
             GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "SELECT seq, record_kind, record_id, at, actor, guichet, from_state,"
                        " to_state, detail FROM event WHERE day = ? ORDER BY seq",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, day->date, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GchEvent *event = gch_event_new (column_text (stmt, 1),
                                       column_text (stmt, 2),
                                       sqlite3_column_int64 (stmt, 3),
                                       column_text (stmt, 4),
                                       sqlite3_column_int (stmt, 5),
                                       column_text (stmt, 6),
                                       column_text (stmt, 7),
                                       column_text (stmt, 8));

      _gch_event_set_seq (event, sqlite3_column_int64 (stmt, 0));
      g_ptr_array_add (day->events, event);
    }

  return TRUE;
}

#define PROFILE_DAYS 28

/* When walk-ins came on the four weeks before @day: the quieter hours a
 * ticket suggests come from there.
 */
static gboolean
read_past_walk_ins (GchStore  *self,
                    GchDay    *day,
                    GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) days = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *since = NULL;
  int y, m, d;

  if (day->site == NULL)
    return TRUE;

  if (!(stmt = prepare (self,
                        "SELECT day, arrived_at FROM queue_entry"
                        " WHERE day < ?1 AND day >= ?2"
                        " AND appointment IS NULL AND transferred_from IS NULL",
                        error)))
    return FALSE;

  gch_day_parse_date (day->date, &y, &m, &d);
  {
    g_autoptr(GDateTime) date = g_date_time_new_utc (y, m, d, 0, 0, 0);
    g_autoptr(GDateTime) first = g_date_time_add_days (date, -PROFILE_DAYS);

    since = g_date_time_format (first, "%Y-%m-%d");
  }

  tz = gch_site_dup_time_zone (day->site);
  days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_bind_text (stmt, 1, day->date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, since, -1, SQLITE_STATIC);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 1));
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

      g_hash_table_add (days, g_strdup (column_text (stmt, 0)));
      day->past_walk_ins[g_date_time_get_hour (local)] += 1;
    }

  day->past_days = g_hash_table_size (days);
  for (guint h = 0; day->past_days > 0 && h < 24; h++)
    day->past_walk_ins[h] /= day->past_days;

  return TRUE;
}

/**
 * gch_store_load_day:
 * @date: `YYYY-MM-DD`
 *
 * Reads the site's configuration and everything of @date, in one read
 * transaction so that the parts agree. A station with no site configured
 * yet gets a day whose @site is %NULL.
 *
 * Blocks on the disk: call it from a worker, or use
 * gch_store_load_day_async().
 *
 * Returns: (transfer full): the day, or %NULL with @error set
 */
GchDay *
gch_store_load_day (GchStore    *self,
                    const char  *date,
                    GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GchDay) day = NULL;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);

  if (!gch_day_parse_date (date, NULL, NULL, NULL))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("“%s” is not a date of the form YYYY-MM-DD"), date ? date : "");
      return NULL;
    }

  day = gch_day_new (date);
  locker = g_mutex_locker_new (&self->mutex);

  if (!exec_sql (self, "BEGIN", error))
    return NULL;

  ok = read_site (self, day, error) &&
       read_services (self, day, error) &&
       read_agents (self, day, error) &&
       read_guichets (self, day, error) &&
       read_appointments (self, day, error) &&
       read_entries (self, day, error) &&
       read_events (self, day, error) &&
       read_callbacks (self, day, error) &&
       read_past_walk_ins (self, day, error);

  exec_sql (self, "COMMIT", NULL);

  return ok ? g_steal_pointer (&day) : NULL;
}

/**
 * gch_store_list_dates:
 * @from: the first date, `YYYY-MM-DD`
 * @to: the last date, included
 *
 * The dates from @from to @to that the store holds something of:
 * appointments, entries or events. Days with nothing (Sundays, holidays)
 * are not listed.
 *
 * Blocks on the disk.
 *
 * Returns: (transfer full) (element-type utf8): the dates in order, or
 *   %NULL with @error set
 */
GPtrArray *
gch_store_list_dates (GchStore    *self,
                      const char  *from,
                      const char  *to,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) dates = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);

  if (!gch_day_parse_date (from, NULL, NULL, NULL) || !gch_day_parse_date (to, NULL, NULL, NULL))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("“%s” is not a date of the form YYYY-MM-DD"),
                   gch_day_parse_date (from, NULL, NULL, NULL) ? to : from ? from : "");
      return NULL;
    }

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "SELECT day FROM queue_entry WHERE day BETWEEN ?1 AND ?2"
                        " UNION SELECT day FROM appointment WHERE day BETWEEN ?1 AND ?2"
                        " UNION SELECT day FROM event WHERE day BETWEEN ?1 AND ?2"
                        " ORDER BY 1",
                        error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  dates = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (dates, g_strdup (column_text (stmt, 0)));

  return g_steal_pointer (&dates);
}

/**
 * gch_store_foreach_day:
 * @from: the first date, `YYYY-MM-DD`
 * @to: the last date, included
 * @func: (scope call): called with each day the store holds in the range
 * @user_data: for @func
 *
 * Reads the days from @from to @to one at a time, for figures over a
 * period: the site, its services and agents once, then each day's
 * appointments, entries and events (not its guichets, nor the past weeks'
 * walk-ins that gch_store_load_day() reads for the quieter hours). Each
 * day is given to @func then freed, so that a year of days is never in
 * memory at once; the store is locked for one day at a time only.
 *
 * Blocks on the disk: call it from a worker.
 *
 * Returns: %TRUE when every day was read
 */
gboolean
gch_store_foreach_day (GchStore        *self,
                       const char      *from,
                       const char      *to,
                       GchStoreDayFunc  func,
                       gpointer         user_data,
                       GError         **error)
{
  g_autoptr(GPtrArray) dates = NULL;
  g_autoptr(GchDay) config = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!(dates = gch_store_list_dates (self, from, to, error)))
    return FALSE;
  if (dates->len == 0)
    return TRUE;

  config = gch_day_new (from);
  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
    gboolean ok;

    if (!exec_sql (self, "BEGIN", error))
      return FALSE;
    ok = read_site (self, config, error) &&
         read_services (self, config, error) &&
         read_agents (self, config, error);
    exec_sql (self, "COMMIT", NULL);
    if (!ok)
      return FALSE;
  }

  for (guint i = 0; i < dates->len; i++)
    {
      g_autoptr(GchDay) day = gch_day_new (g_ptr_array_index (dates, i));
      g_autoptr(GMutexLocker) locker = NULL;
      gboolean ok;

      g_set_object (&day->site, config->site);
      g_ptr_array_unref (day->services);
      day->services = g_ptr_array_ref (config->services);
      g_ptr_array_unref (day->agents);
      day->agents = g_ptr_array_ref (config->agents);

      locker = g_mutex_locker_new (&self->mutex);
      if (!exec_sql (self, "BEGIN", error))
        return FALSE;
      ok = read_appointments (self, day, error) &&
           read_entries (self, day, error) &&
           read_events (self, day, error);
      exec_sql (self, "COMMIT", NULL);
      g_clear_pointer (&locker, g_mutex_locker_free);
      if (!ok)
        return FALSE;

      func (day, user_data);
    }

  return TRUE;
}

static void
load_day_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  GchDay *day;

  if ((day = gch_store_load_day (source_object, task_data, &error)))
    g_task_return_pointer (task, day, (GDestroyNotify) gch_day_free);
  else
    g_task_return_error (task, error);
}

void
gch_store_load_day_async (GchStore            *self,
                          const char          *date,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_store_load_day_async);
  g_task_set_task_data (task, g_strdup (date), g_free);
  g_task_run_in_thread (task, load_day_worker);
}

/**
 * gch_store_load_day_finish:
 *
 * Returns: (transfer full): the day, or %NULL with @error set
 */
GchDay *
gch_store_load_day_finish (GchStore      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Under the mutex. */
static char *
date_at (GchStore *self,
         gint64    now)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  if ((stmt = prepare (self, "SELECT timezone FROM site", NULL)) &&
      sqlite3_step (stmt) == SQLITE_ROW)
    tz = g_time_zone_new_identifier (column_text (stmt, 0));

  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  return gch_day_date_of (tz, now);
}

/**
 * gch_store_dup_date_at:
 * @now: a time, in seconds since the epoch
 *
 * The site's day at @now, in the site's own time zone: a station in
 * La Réunion and one in Paris are not on the same day at the same moment.
 * A station with no site yet uses UTC.
 *
 * Returns: (transfer full): `YYYY-MM-DD`
 */
char *
gch_store_dup_date_at (GchStore *self,
                       gint64    now)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  return date_at (self, now);
}

static void
load_today_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autofree char *date = gch_store_dup_date_at (source_object, *(gint64 *)task_data);
  GError *error = NULL;
  GchDay *day;

  if ((day = gch_store_load_day (source_object, date, &error)))
    g_task_return_pointer (task, day, (GDestroyNotify) gch_day_free);
  else
    g_task_return_error (task, error);
}

/**
 * gch_store_load_today_async:
 * @clock: the clock that says what time it is
 *
 * Loads the site's day as it is now by @clock, in a worker thread.
 */
void
gch_store_load_today_async (GchStore            *self,
                            GchClock            *clock,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_STORE (self));
  g_return_if_fail (GCH_IS_CLOCK (clock));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_store_load_today_async);
  g_task_set_task_data (task, g_memdup2 (&(gint64) { gch_clock_now (clock) }, sizeof (gint64)),
                        g_free);
  g_task_run_in_thread (task, load_today_worker);
}

/**
 * gch_store_load_today_finish:
 *
 * Returns: (transfer full): the day, or %NULL with @error set
 */
GchDay *
gch_store_load_today_finish (GchStore      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Saving what the agents do */

static gboolean
check_one_row (GchStore    *self,
               const char  *what,
               GError     **error)
{
  if (sqlite3_changes (self->db) == 1)
    return TRUE;

  /* Translators: %s names a record, such as “ticket A042” */
  g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
               _("%s was changed elsewhere in the meantime; nothing was saved."), what);
  return FALSE;
}

/* With @from_server, the server's state replaces the station's whatever
 * its version; otherwise only the version the change was decided on is.
 */
static gboolean
update_entry (GchStore       *self,
              GchQueueEntry  *entry,
              gboolean        from_server,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *what = NULL;

  if (!(stmt = prepare (self,
                        "UPDATE queue_entry SET state = ?, guichet = ?, called_at = ?,"
                        " recalls = ?, outcome = ?, notes = ?, printed_at = ?, version = ?,"
                        " priority = ?, satisfaction = ? WHERE id = ? AND (version = ? OR ?)",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1,
                     gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, gch_queue_entry_get_state (entry)),
                     -1, SQLITE_STATIC);
  bind_nonzero_or_null (stmt, 2, gch_queue_entry_get_guichet (entry));
  bind_nonzero_or_null (stmt, 3, gch_queue_entry_get_called_at (entry));
  sqlite3_bind_int (stmt, 4, gch_queue_entry_get_recalls (entry));
  bind_text_or_null (stmt, 5, gch_queue_entry_get_outcome (entry));
  bind_text_or_null (stmt, 6, gch_queue_entry_get_notes (entry));
  bind_nonzero_or_null (stmt, 7, gch_queue_entry_get_printed_at (entry));
  sqlite3_bind_int64 (stmt, 8, gch_queue_entry_get_version (entry));
  sqlite3_bind_text (stmt, 9,
                     gch_enum_to_nick (GCH_TYPE_PRIORITY, gch_queue_entry_get_priority (entry)),
                     -1, SQLITE_STATIC);
  bind_nonzero_or_null (stmt, 10, gch_queue_entry_get_satisfaction (entry));
  sqlite3_bind_text (stmt, 11, gch_queue_entry_get_id (entry), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 12, gch_queue_entry_get_version (entry) - 1);
  sqlite3_bind_int (stmt, 13, from_server);

  /* Translators: %s is a ticket number, A042 */
  what = g_strdup_printf (_("Ticket %s"), gch_queue_entry_get_ticket (entry));
  return step_done (self, stmt, error) && check_one_row (self, what, error);
}

static gboolean
update_appointment (GchStore        *self,
                    GchAppointment  *appointment,
                    gboolean         from_server,
                    GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *what = NULL;

  if (!(stmt = prepare (self,
                        "UPDATE appointment SET status = ?, guichet = ?, version = ?"
                        " WHERE reference = ? AND (version = ? OR ?)",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1,
                     gch_enum_to_nick (GCH_TYPE_APPOINTMENT_STATUS,
                                       gch_appointment_get_status (appointment)),
                     -1, SQLITE_STATIC);
  bind_nonzero_or_null (stmt, 2, gch_appointment_get_guichet (appointment));
  sqlite3_bind_int64 (stmt, 3, gch_appointment_get_version (appointment));
  sqlite3_bind_text (stmt, 4, gch_appointment_get_reference (appointment), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, gch_appointment_get_version (appointment) - 1);
  sqlite3_bind_int (stmt, 6, from_server);

  /* Translators: %s is an appointment's reference */
  what = g_strdup_printf (_("Appointment %s"), gch_appointment_get_reference (appointment));
  return step_done (self, stmt, error) && check_one_row (self, what, error);
}

/* Call-backs: the outcome of the attempts, and the personal data (erased). */
static gboolean
update_callback (GchStore     *self,
                 GchCallback  *callback,
                 gboolean      from_server,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "UPDATE callback SET phone = ?, name = ?, status = ?, attempts = ?,"
                        " last_attempt_at = ?, version = ? WHERE id = ? AND (version = ? OR ?)",
                        error)))
    return FALSE;

  bind_text_or_null (stmt, 1, gch_callback_get_phone (callback));
  bind_text_or_null (stmt, 2, gch_callback_get_name (callback));
  sqlite3_bind_text (stmt, 3,
                     gch_enum_to_nick (GCH_TYPE_CALLBACK_STATUS, gch_callback_get_status (callback)),
                     -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, gch_callback_get_attempts (callback));
  bind_nonzero_or_null (stmt, 5, gch_callback_get_last_attempt_at (callback));
  sqlite3_bind_int64 (stmt, 6, gch_callback_get_version (callback));
  sqlite3_bind_text (stmt, 7, gch_callback_get_id (callback), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, gch_callback_get_version (callback) - 1);
  sqlite3_bind_int (stmt, 9, from_server);

  return step_done (self, stmt, error) && check_one_row (self, _("A call-back"), error);
}

/* Its state, its agent and the services it handles: what changes during the day. */
static gboolean
update_guichet (GchStore    *self,
                GchGuichet  *guichet,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) same = NULL;
  const char * const *services = gch_guichet_get_services (guichet);
  guint number = gch_guichet_get_number (guichet);
  guint n = 0;
  gboolean changed = FALSE;

  if (!(stmt = prepare (self, "UPDATE guichet SET state = ?, agent_id = ? WHERE number = ?", error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1,
                     gch_enum_to_nick (GCH_TYPE_GUICHET_STATE, gch_guichet_get_state (guichet)),
                     -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 2, gch_guichet_get_agent_id (guichet));
  sqlite3_bind_int (stmt, 3, number);
  if (!step_done (self, stmt, error))
    return FALSE;

  /* The links are written again only when they changed: most changes of
   * a guichet are its state.
   */
  if (!(same = prepare (self, "SELECT service FROM guichet_service WHERE guichet = ?"
                              " ORDER BY position", error)))
    return FALSE;
  sqlite3_bind_int (same, 1, number);
  while (sqlite3_step (same) == SQLITE_ROW)
    {
      if (services[n] == NULL || g_strcmp0 (column_text (same, 0), services[n]) != 0)
        changed = TRUE;
      if (services[n] != NULL)
        n++;
    }
  if (!changed && services[n] == NULL)
    return TRUE;

  return write_guichet_services (self, number, services, error);
}

/* A service's thresholds: the one part of it that changes during the day. */
static gboolean
update_service (GchStore    *self,
                GchService  *service,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "UPDATE service SET max_wait_minutes = ?, max_waiting_per_guichet = ?"
                        " WHERE code = ?",
                        error)))
    return FALSE;

  sqlite3_bind_int (stmt, 1, gch_service_get_max_wait_minutes (service));
  sqlite3_bind_int (stmt, 2, gch_service_get_max_waiting_per_guichet (service));
  sqlite3_bind_text (stmt, 3, gch_service_get_code (service), -1, SQLITE_STATIC);

  return step_done (self, stmt, error);
}

static gboolean
write_operation (GchStore   *self,
                 GchChange  *change,
                 GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "INSERT INTO outbox (uuid, kind, record_kind, record_id, base_version,"
                        " at, actor, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, gch_change_get_uuid (change), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, gch_change_get_kind (change), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, gch_change_get_record_kind (change), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, gch_change_get_record_id (change), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, gch_change_get_base_version (change));
  sqlite3_bind_int64 (stmt, 6, gch_change_get_at (change));
  bind_text_or_null (stmt, 7, gch_change_get_actor (change));
  sqlite3_bind_text (stmt, 8, gch_change_get_payload (change), -1, SQLITE_STATIC);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      /* Sending an operation again is harmless: it was applied once. */
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, GCH_ERROR, GCH_ERROR_DUPLICATE,
                     _("Operation %s was applied already."), gch_change_get_uuid (change));
      else
        set_sqlite_error (error, self->db, _("The database could not be written"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_feed_row (sqlite3_stmt  *stmt,
                GchStore      *self,
                const char    *date,
                const char    *kind,
                const char    *id,
                GchChange     *change,
                JsonNode      *body,
                GError       **error)
{
  g_autofree char *text = gch_codec_to_string (body);

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, gch_change_get_uuid (change), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_TRANSIENT);

  return step_done (self, stmt, error);
}

/* point numérique: a line of the register as the change's operation
 * carries it, with its id, day and time: what the feed sends.
 */
static JsonNode *
help_session_record (const char *date,
                     GchChange  *change,
                     GError    **error)
{
  g_autoptr(JsonNode) payload = NULL;
  JsonObject *object;

  if (!(payload = gch_codec_parse (gch_change_get_payload (change), strlen (gch_change_get_payload (change)), error)) ||
      !JSON_NODE_HOLDS_OBJECT (payload))
    {
      g_clear_error (error);
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID, _("The help session could not be read."));
      return NULL;
    }

  object = json_node_get_object (payload);
  json_object_remove_member (object, "action");
  json_object_set_string_member (object, "id", gch_change_get_record_id (change));
  json_object_set_string_member (object, "day", date);
  json_object_set_int_member (object, "at", gch_change_get_at (change));
  return g_steal_pointer (&payload);
}

static gboolean
insert_help_session (GchStore    *self,
                     JsonObject  *record,
                     gboolean     or_ignore,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *signature = json_object_get_string_member_with_default (record, "signature", "");

  /* From the feed, a line this station has stays as it is, but for the
   * strokes it lacks: a line synced under an agent's token comes without
   * them, and again with them once a supervisor reads the signature here.
   */
  if (!(stmt = prepare (self,
                        or_ignore
                        ? "INSERT INTO help_session (id, day, at, name, demarche, mediator,"
                          " signature, strokes, erased_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                          " ON CONFLICT (id) DO UPDATE SET strokes = excluded.strokes"
                          " WHERE help_session.strokes IS NULL AND help_session.erased_at IS NULL"
                          " AND help_session.signature = 'drawn' AND excluded.strokes IS NOT NULL"
                        : "INSERT INTO help_session (id, day, at, name, demarche, mediator,"
                          " signature, strokes, erased_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        error)))
    return FALSE;

  bind_text_or_null (stmt, 1, json_object_get_string_member_with_default (record, "id", NULL));
  bind_text_or_null (stmt, 2, json_object_get_string_member_with_default (record, "day", NULL));
  sqlite3_bind_int64 (stmt, 3, json_object_get_int_member_with_default (record, "at", 0));
  bind_text_or_null (stmt, 4, json_object_get_string_member_with_default (record, "name", NULL));
  bind_text_or_null (stmt, 5, json_object_get_string_member_with_default (record, "demarche", NULL));
  bind_text_or_null (stmt, 6, json_object_get_string_member_with_default (record, "mediator", NULL));
  bind_text_or_null (stmt, 7, signature);
  bind_text_or_null (stmt, 8, g_str_equal (signature, "drawn")
                              ? json_object_get_string_member_with_default (record, "strokes", NULL)
                              : NULL);
  bind_nonzero_or_null (stmt, 9, json_object_get_int_member_with_default (record, "erased-at", 0));

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        g_set_error (error, GCH_ERROR, GCH_ERROR_DUPLICATE,
                     _("Operation %s was applied already."),
                     json_object_get_string_member_with_default (record, "id", ""));
      else
        g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                     _("The help session could not be saved: %s"), sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

/* point numérique: the lines of @column = @key as the feed and the day's
 * snapshot send them, strokes included (the server leaves them out for
 * whoever may not read them).
 */
static JsonArray *
help_session_records (GchStore    *self,
                      const char  *column,
                      const char  *key,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) records = json_array_new ();
  g_autofree char *sql = g_strdup_printf ("SELECT id, day, at, name, demarche, mediator, signature,"
                                          " strokes, erased_at FROM help_session WHERE %s = ?"
                                          " ORDER BY at, rowid", column);
  int rc;

  if (!(stmt = prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *record = json_object_new ();

      json_object_set_string_member (record, "id", column_text (stmt, 0));
      json_object_set_string_member (record, "day", column_text (stmt, 1));
      json_object_set_int_member (record, "at", sqlite3_column_int64 (stmt, 2));
      if (column_text (stmt, 3) != NULL)
        json_object_set_string_member (record, "name", column_text (stmt, 3));
      json_object_set_string_member (record, "demarche", column_text (stmt, 4));
      json_object_set_string_member (record, "mediator", column_text (stmt, 5));
      json_object_set_string_member (record, "signature", column_text (stmt, 6));
      if (column_text (stmt, 7) != NULL)
        json_object_set_string_member (record, "strokes", column_text (stmt, 7));
      if (sqlite3_column_int64 (stmt, 8) != 0)
        json_object_set_int_member (record, "erased-at", sqlite3_column_int64 (stmt, 8));
      json_array_add_object_element (records, record);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, _("The database could not be read"));
      return NULL;
    }
  return g_steal_pointer (&records);
}

/* Only a signature still there can be read: the read is refused, with
 * nothing saved, for a session signed on paper or erased. A line that
 * came from the feed under an agent's token has no strokes here: the read
 * (@reading) goes to the server all the same, and the strokes come back
 * with it; until then there is nothing to draw.
 */
static gboolean
check_signature_readable (GchStore    *self,
                          const char  *id,
                          gboolean     reading,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT signature = 'drawn', strokes IS NOT NULL,"
                              " erased_at IS NOT NULL FROM help_session WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND, _("There is no such help session."));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 2))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("This signature was erased at the end of its retention period."));
      return FALSE;
    }
  if (!sqlite3_column_int (stmt, 0))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("This session was signed on paper: there is no signature to see."));
      return FALSE;
    }
  if (!sqlite3_column_int (stmt, 1) && !reading)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("This signature is kept at the server: it comes to this station once "
                     "the read is synced."));
      return FALSE;
    }
  return TRUE;
}

/* point numérique: what a change of the register writes besides its
 * events and operation.
 */
static gboolean
write_register_change (GchStore    *self,
                       const char  *date,
                       GchChange   *change,
                       GError     **error)
{
  g_autoptr(JsonNode) record = NULL;

  if (g_strcmp0 (gch_change_get_record_kind (change), "help-session") != 0)
    return TRUE;

  if (g_str_equal (gch_change_get_kind (change), "read-signature"))
    return check_signature_readable (self, gch_change_get_record_id (change), TRUE, error);

  return (record = help_session_record (date, change, error)) != NULL &&
         insert_help_session (self, json_node_get_object (record), FALSE, error);
}

/* On the server: every record @change wrote, as the stations will pull it. */
static gboolean
write_feed (GchStore   *self,
            const char *date,
            GchChange  *change,
            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *inserted = gch_change_get_inserted (change);
  GPtrArray *updated = gch_change_get_updated (change);
  GPtrArray *events = gch_change_get_events (change);

  if (!(stmt = prepare (self,
                        "INSERT INTO change_feed (day, record_kind, record_id, operation, body)"
                        " VALUES (?, ?, ?, ?, ?)",
                        error)))
    return FALSE;

  for (guint i = 0; i < inserted->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (inserted, i);
      g_autoptr(JsonNode) body = gch_codec_entry_to_json (entry);

      if (!write_feed_row (stmt, self, date, "entry", gch_queue_entry_get_id (entry), change, body,
                           error))
        return FALSE;
    }

  for (guint i = 0; i < updated->len; i++)
    {
      gpointer record = g_ptr_array_index (updated, i);
      g_autoptr(JsonNode) body = NULL;
      g_autofree char *number = NULL;
      gboolean ok;

      if (GCH_IS_QUEUE_ENTRY (record))
        {
          body = gch_codec_entry_to_json (record);
          ok = write_feed_row (stmt, self, date, "entry", gch_queue_entry_get_id (record), change,
                               body, error);
        }
      else if (GCH_IS_APPOINTMENT (record))
        {
          body = gch_codec_appointment_to_json (record);
          ok = write_feed_row (stmt, self, date, "appointment",
                               gch_appointment_get_reference (record), change, body, error);
        }
      else if (GCH_IS_SERVICE (record))
        {
          body = gch_codec_service_to_json (record);
          ok = write_feed_row (stmt, self, date, "service", gch_service_get_code (record), change,
                               body, error);
        }
      else if (GCH_IS_CALLBACK (record))
        {
          body = gch_codec_callback_to_json (record);
          ok = write_feed_row (stmt, self, date, "callback", gch_callback_get_id (record), change,
                               body, error);
        }
      else
        {
          body = gch_codec_guichet_to_json (record);
          number = g_strdup_printf ("%u", gch_guichet_get_number (record));
          ok = write_feed_row (stmt, self, date, "guichet", number, change, body, error);
        }

      if (!ok)
        return FALSE;
    }

  /* The suggestions and complaints register: without anyone's contact,
   * which every station would otherwise receive.
   */
  if (gch_change_get_feedback (change) != NULL)
    {
      GchFeedback *feedback = gch_change_get_feedback (change);
      g_autoptr(JsonNode) body = gch_codec_feedback_to_json (feedback, FALSE);

      if (!write_feed_row (stmt, self, date, "feedback", gch_feedback_get_id (feedback), change,
                           body, error))
        return FALSE;
    }

  /* call-backs */
  for (guint i = 0; i < gch_change_get_created (change)->len; i++)
    {
      GchCallback *callback = g_ptr_array_index (gch_change_get_created (change), i);
      g_autoptr(JsonNode) body = gch_codec_callback_to_json (callback);

      if (!write_feed_row (stmt, self, date, "callback", gch_callback_get_id (callback), change,
                           body, error))
        return FALSE;
    }

  /* point numérique: a new line of the register */
  if (g_strcmp0 (gch_change_get_record_kind (change), "help-session") == 0 &&
      g_str_equal (gch_change_get_kind (change), "help-session"))
    {
      g_autoptr(JsonNode) body = help_session_record (date, change, error);

      if (body == NULL ||
          !write_feed_row (stmt, self, date, "help-session", gch_change_get_record_id (change),
                           change, body, error))
        return FALSE;
    }

  /* privacy: a signature read comes down with its line again, so that the
   * reader's station has the strokes the feed left out of the line for an
   * agent's token (the station fills in only what it lacks).
   */
  if (g_strcmp0 (gch_change_get_record_kind (change), "help-session") == 0 &&
      g_str_equal (gch_change_get_kind (change), "read-signature"))
    {
      g_autoptr(JsonArray) lines = help_session_records (self, "id",
                                                         gch_change_get_record_id (change), error);

      if (lines == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (lines); i++)
        if (!write_feed_row (stmt, self, date, "help-session", gch_change_get_record_id (change),
                             change, json_array_get_element (lines, i), error))
          return FALSE;
    }

  for (guint i = 0; i < events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (events, i);
      g_autoptr(JsonNode) body = gch_codec_event_to_json (event);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, gch_event_get_seq (event));

      if (!write_feed_row (stmt, self, date, "event", seq, change, body, error))
        return FALSE;
    }

  return TRUE;
}

/* Entries created offline: this station may call them until it is back. */
static gboolean
write_offline_entries (GchStore   *self,
                       const char *date,
                       GchChange  *change,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *inserted = gch_change_get_inserted (change);

  if (!(stmt = prepare (self, "INSERT INTO offline_entry (entry, day) VALUES (?, ?)", error)))
    return FALSE;

  for (guint i = 0; i < inserted->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, gch_queue_entry_get_id (g_ptr_array_index (inserted, i)), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_change (GchStore   *self,
              GchChange  *change,
              GError    **error)
{
  g_autofree char *date = date_at (self, gch_change_get_at (change));
  GPtrArray *updated = gch_change_get_updated (change);

  if (!write_entries (self, date, gch_change_get_inserted (change), error) ||
      !write_callbacks (self, date, gch_change_get_created (change), error))
    return FALSE;

  for (guint i = 0; i < updated->len; i++)
    {
      gpointer record = g_ptr_array_index (updated, i);
      gboolean ok;

      if (GCH_IS_QUEUE_ENTRY (record))
        ok = update_entry (self, record, FALSE, error);
      else if (GCH_IS_APPOINTMENT (record))
        ok = update_appointment (self, record, FALSE, error);
      else if (GCH_IS_SERVICE (record))
        ok = update_service (self, record, error);
      else if (GCH_IS_CALLBACK (record))
        ok = update_callback (self, record, FALSE, error);
      else
        ok = update_guichet (self, record, error);

      if (!ok)
        return FALSE;
    }

  /* The suggestions and complaints register. */
  if (gch_change_get_feedback (change) != NULL &&
      !write_feedback (self, gch_change_get_feedback (change), error))
    return FALSE;

  if (!write_register_change (self, date, change, error))   /* point numérique */
    return FALSE;

  if (!write_events (self, date, gch_change_get_events (change), gch_change_get_uuid (change),
                     error))
    return FALSE;

  /* Now, while the last row inserted is still the last event (the outbox
   * row comes next).
   */
  assign_event_seqs (self, gch_change_get_events (change));

  return write_operation (self, change, error) &&
         (!self->keeps_feed || write_feed (self, date, change, error)) &&
         (!_gch_change_get_offline (change) || write_offline_entries (self, date, change, error));
}

/**
 * gch_store_apply_change:
 * @change: an action decided on the day as this store holds it
 *
 * Saves @change in one durable transaction: the records it creates and
 * changes, its events, and its operation in the outbox. A record that was
 * changed since the action was decided makes the whole change fail with
 * %GCH_ERROR_CONFLICT, and nothing is saved.
 *
 * Blocks on the disk: call it from a worker, or use
 * gch_store_apply_change_async().
 *
 * Returns: %TRUE when the change is saved
 */
gboolean
gch_store_apply_change (GchStore   *self,
                        GchChange  *change,
                        GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (GCH_IS_CHANGE (change), FALSE);
  g_return_val_if_fail (gch_change_get_payload (change) != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  if (!begin_write (self, error))
    return FALSE;

  ok = write_change (self, change, error);

  if (!commit_or_rollback (self, ok, error))
    return FALSE;

  if (_gch_change_get_offline (change))
    {
      g_autoptr(GMutexLocker) memo = g_mutex_locker_new (&self->memo_mutex);
      GPtrArray *inserted = gch_change_get_inserted (change);

      for (guint i = 0; i < inserted->len; i++)
        g_hash_table_add (self->offline_entries,
                          g_strdup (gch_queue_entry_get_id (g_ptr_array_index (inserted, i))));
    }

  return TRUE;
}

static void
write_in_order (gpointer data,
                gpointer user_data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (gch_store_apply_change (g_task_get_source_object (task), g_task_get_task_data (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * gch_store_apply_change_async:
 *
 * Saves @change in the store's writer thread. Changes are saved in the
 * order they are given, and their callbacks run in that order.
 */
void
gch_store_apply_change_async (GchStore            *self,
                              GchChange           *change,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GCH_IS_STORE (self));
  g_return_if_fail (GCH_IS_CHANGE (change));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_store_apply_change_async);
  g_task_set_task_data (task, g_object_ref (change), g_object_unref);

  if (self->writer == NULL)
    self->writer = g_thread_pool_new (write_in_order, NULL, 1, FALSE, NULL);
  g_thread_pool_push (self->writer, task, NULL);
}

gboolean
gch_store_apply_change_finish (GchStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gch_store_count_outbox:
 *
 * Returns: how many operations wait in the outbox, -1 on error
 */
gint64
gch_store_count_outbox (GchStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), -1);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, "SELECT count(*) FROM outbox", NULL)) ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int64 (stmt, 0);
}

/* The server's side of the sync */

/**
 * gch_store_set_keeps_feed:
 *
 * On the server, every saved change also appends the records it wrote to
 * the change feed the stations pull.
 */
void
gch_store_set_keeps_feed (GchStore *self,
                          gboolean  keeps_feed)
{
  g_return_if_fail (GCH_IS_STORE (self));

  self->keeps_feed = !!keeps_feed;
}

/**
 * gch_store_load_feed:
 * @after: the last sequence number the station has
 * @limit: how many changes at most
 * @cursor: (out): the sequence number of the last change returned, or
 *   @after when there is none
 *
 * Returns: (transfer full): a JSON array of changes, each
 *   {"seq", "day", "record-kind", "record-id", "operation", "record"}
 */
JsonNode *
gch_store_load_feed (GchStore  *self,
                     gint64     after,
                     guint      limit,
                     gint64    *cursor,
                     GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) changes = json_array_new ();
  JsonNode *node;
  gsize size = 0;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);
  g_return_val_if_fail (cursor != NULL, NULL);

  *cursor = after;
  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "SELECT seq, day, record_kind, record_id, operation, body FROM change_feed"
                        " WHERE seq > ? ORDER BY seq LIMIT ?",
                        error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *change;
      const char *body = column_text (stmt, 5);
      JsonNode *record;

      /* A page stays well under the largest body a station reads, however
       * big its records (the register's signatures): the rest comes next.
       */
      size += strlen (body);
      if (size > GCH_CODEC_MAX_BODY / 2 && json_array_get_length (changes) > 0)
        break;

      change = json_object_new ();
      record = gch_codec_parse (body, strlen (body), NULL);

      *cursor = sqlite3_column_int64 (stmt, 0);
      json_object_set_int_member (change, "seq", *cursor);
      json_object_set_string_member (change, "day", column_text (stmt, 1));
      json_object_set_string_member (change, "record-kind", column_text (stmt, 2));
      json_object_set_string_member (change, "record-id", column_text (stmt, 3));
      if (column_text (stmt, 4) != NULL)
        json_object_set_string_member (change, "operation", column_text (stmt, 4));
      json_object_set_member (change, "record", record != NULL ? record : json_node_new (JSON_NODE_NULL));
      json_array_add_object_element (changes, change);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, changes);
  return node;
}

/**
 * gch_store_record_result:
 * @status: "applied", "conflict" or "rejected"
 * @message: (nullable): what the station shows its agent
 *
 * Keeps the server's answer to operation @uuid, to give it again, the
 * same, when the operation comes again.
 */
gboolean
gch_store_record_result (GchStore    *self,
                         const char  *uuid,
                         const char  *status,
                         const char  *message,
                         gint64       at,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "INSERT OR IGNORE INTO operation_result (uuid, status, message, at)"
                        " VALUES (?, ?, ?, ?)",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, message);
  sqlite3_bind_int64 (stmt, 4, at);

  return step_done (self, stmt, error);
}

/**
 * gch_store_lookup_result:
 * @status: (out) (optional): the answer given
 * @message: (out) (optional): its message, if any
 *
 * Returns: %TRUE if operation @uuid was answered before, or applied
 */
gboolean
gch_store_lookup_result (GchStore    *self,
                         const char  *uuid,
                         char       **status,
                         char       **message)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);

  /* The server saves an operation with its change, and its answer just
   * after: a crash in between leaves it applied without an answer. Its
   * row in the outbox table says it was applied.
   */
  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "SELECT status, message FROM operation_result WHERE uuid = ?1"
                        " UNION ALL SELECT 'applied', NULL FROM outbox WHERE uuid = ?1 LIMIT 1",
                        NULL)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  if (status != NULL)
    *status = g_strdup (column_text (stmt, 0));
  if (message != NULL)
    *message = g_strdup (column_text (stmt, 1));
  return TRUE;
}

/* The station's side of the sync */

/**
 * gch_store_load_outbox:
 * @limit: how many operations at most
 *
 * Returns: (transfer full) (element-type GchOperation): the oldest
 *   operations waiting to be sent, in the order they were made
 */
GPtrArray *
gch_store_load_outbox (GchStore  *self,
                       guint      limit,
                       GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) operations = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "SELECT uuid, kind, record_kind, record_id, base_version, at, actor,"
                        " payload FROM outbox ORDER BY seq LIMIT ?",
                        error)))
    return NULL;

  operations = g_ptr_array_new_with_free_func ((GDestroyNotify) gch_operation_free);
  sqlite3_bind_int (stmt, 1, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GchOperation *operation = g_new0 (GchOperation, 1);
      const char *payload = column_text (stmt, 7);

      operation->uuid = g_strdup (column_text (stmt, 0));
      operation->kind = g_strdup (column_text (stmt, 1));
      operation->record_kind = g_strdup (column_text (stmt, 2));
      operation->record_id = g_strdup (column_text (stmt, 3));
      operation->base_version = sqlite3_column_int64 (stmt, 4);
      operation->at = sqlite3_column_int64 (stmt, 5);
      operation->actor = g_strdup (column_text (stmt, 6));
      operation->payload = gch_codec_parse (payload, strlen (payload), NULL);
      g_ptr_array_add (operations, operation);
    }

  return g_steal_pointer (&operations);
}

/**
 * gch_store_settle_operations:
 * @results: (element-type JsonObject): the server's answers, each
 *   {"uuid", "status", "message"?, "first-status"?}
 *
 * Takes the answered operations out of the outbox, in one transaction.
 * Those the server refused go to the conflicts, with what it said, until
 * the agent has seen them: nothing is dropped in silence.
 */
static GchDay *day_for_feed (GchStore    *self,
                             GHashTable  *days,
                             const char  *date,
                             GError     **error);
static gboolean apply_feed_record (GchStore    *self,
                                   GchDay      *day,
                                   const char  *kind,
                                   const char  *operation,
                                   JsonNode    *record,
                                   GError     **error);

/* The server's record that came with a refusal: the station takes it, as
 * from the feed, unless something else about it still waits to be sent.
 * A record it cannot read changes nothing; the feed brings it later.
 */
static void
take_record_of_refusal (GchStore   *self,
                        GHashTable *days,
                        JsonObject *result)
{
  g_autoptr(GError) error = NULL;
  const char *date = json_object_get_string_member_with_default (result, "day", NULL);
  const char *kind = json_object_get_string_member_with_default (result, "record-kind", NULL);
  JsonNode *record = json_object_get_member (result, "record");
  GchDay *day;

  if (date == NULL || kind == NULL || record == NULL ||
      !(g_str_equal (kind, "entry") || g_str_equal (kind, "appointment") ||
        g_str_equal (kind, "guichet") || g_str_equal (kind, "service") ||
        g_str_equal (kind, "feedback")))
    return;

  if (!(day = day_for_feed (self, days, date, &error)) ||
      !apply_feed_record (self, day, kind, NULL, record, &error))
    g_debug ("The server's record of a refusal was not taken: %s", error->message);
}

gboolean
gch_store_settle_operations (GchStore   *self,
                             GPtrArray  *results,
                             gint64      now,
                             GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) keep = NULL;
  g_autoptr(sqlite3_stmt) drop = NULL;
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) gch_day_free);
  gboolean ok = TRUE;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(keep = prepare (self,
                        "INSERT OR REPLACE INTO conflict (uuid, kind, record_kind, record_id,"
                        " status, message, at) SELECT uuid, kind, record_kind, record_id, ?, ?, ?"
                        " FROM outbox WHERE uuid = ?",
                        error)) ||
      !(drop = prepare (self, "DELETE FROM outbox WHERE uuid = ?", error)) ||
      !begin_write (self, error))
    return FALSE;

  for (guint i = 0; ok && i < results->len; i++)
    {
      JsonObject *result = g_ptr_array_index (results, i);
      const char *uuid = json_object_get_string_member_with_default (result, "uuid", NULL);
      const char *status = json_object_get_string_member_with_default (result, "status", "");
      const char *first = json_object_get_string_member_with_default (result, "first-status", NULL);

      if (uuid == NULL)
        continue;

      if (g_str_equal (status, "duplicate") && first != NULL)
        status = first;

      if (g_str_equal (status, "conflict") || g_str_equal (status, "rejected"))
        {
          sqlite3_reset (keep);
          sqlite3_bind_text (keep, 1, status, -1, SQLITE_STATIC);
          bind_text_or_null (keep, 2, json_object_get_string_member_with_default (result, "message", NULL));
          sqlite3_bind_int64 (keep, 3, now);
          sqlite3_bind_text (keep, 4, uuid, -1, SQLITE_STATIC);
          ok = step_done (self, keep, error);
        }

      if (ok)
        {
          sqlite3_reset (drop);
          sqlite3_bind_text (drop, 1, uuid, -1, SQLITE_STATIC);
          ok = step_done (self, drop, error);
        }

      if (ok && (g_str_equal (status, "conflict") || g_str_equal (status, "rejected")))
        take_record_of_refusal (self, days, result);
    }

  if (ok)
    ok = exec_sql (self, "UPDATE sync_state SET last_push = strftime('%s', 'now')", error);

  return commit_or_rollback (self, ok, error);
}

/* The records of a page of the feed are decoded against their day: its
 * services and appointments, which records name. No record names a queue
 * entry, so the entries are not read and one day serves the whole page.
 */
static GchDay *
day_for_feed (GchStore    *self,
              GHashTable  *days,
              const char  *date,
              GError     **error)
{
  GchDay *day = g_hash_table_lookup (days, date);

  if (day != NULL)
    return day;

  day = gch_day_new (date);
  if (!read_site (self, day, error) || !read_services (self, day, error) ||
      !read_agents (self, day, error) || !read_guichets (self, day, error) ||
      !read_appointments (self, day, error))
    {
      gch_day_free (day);
      return NULL;
    }

  g_hash_table_insert (days, g_strdup (date), day);
  return day;
}

static gint64
local_version (GchStore   *self,
               const char *sql,
               const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self, sql, NULL)))
    return -1;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

static gboolean
has_event (GchStore   *self,
           const char *operation,
           GchEvent   *event)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT 1 FROM event WHERE operation = ? AND record_kind = ?"
                              " AND record_id = ? LIMIT 1", NULL)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, operation, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, gch_event_get_record_kind (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, gch_event_get_record_id (event), -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
apply_feed_record (GchStore    *self,
                   GchDay      *day,
                   const char  *kind,
                   const char  *operation,
                   JsonNode    *record,
                   GError     **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);

  if (g_str_equal (kind, "entry"))
    {
      g_autoptr(GchQueueEntry) entry = gch_codec_entry_from_json (record, day, error);
      gint64 mine;

      if (entry == NULL)
        return FALSE;

      /* A record this station changed since, and has yet to send, stays as it is here.
       * Once sent, the server's record wins: a refused change must not stay
       * ahead of the server's by its version number alone.
       */
      mine = local_version (self, "SELECT version FROM queue_entry WHERE id = ?",
                            gch_queue_entry_get_id (entry));
      if (mine > gch_queue_entry_get_version (entry) &&
          local_version (self, "SELECT 1 FROM outbox WHERE record_kind = 'entry' AND record_id = ?"
                               " LIMIT 1", gch_queue_entry_get_id (entry)) > 0)
        return TRUE;

      if (mine < 0)
        {
          g_ptr_array_add (one, g_object_ref (entry));
          return write_entries (self, day->date, one, error);
        }

      return update_entry (self, entry, TRUE, error);
    }

  if (g_str_equal (kind, "appointment"))
    {
      g_autoptr(GchAppointment) appointment = gch_codec_appointment_from_json (record, day, error);

      if (appointment == NULL)
        return FALSE;
      if (local_version (self, "SELECT version FROM appointment WHERE reference = ?",
                         gch_appointment_get_reference (appointment)) >
          gch_appointment_get_version (appointment) &&
          local_version (self, "SELECT 1 FROM outbox WHERE record_id = ?1 OR (record_kind = 'entry'"
                               " AND record_id IN (SELECT id FROM queue_entry WHERE appointment = ?1))"
                               " LIMIT 1", gch_appointment_get_reference (appointment)) > 0)
        return TRUE;
      return update_appointment (self, appointment, TRUE, error);
    }

  /* call-backs: taken or tried at another station */
  if (g_str_equal (kind, "callback"))
    {
      g_autoptr(GchCallback) callback = gch_codec_callback_from_json (record, day, error);
      gint64 mine;

      if (callback == NULL)
        return FALSE;
      mine = local_version (self, "SELECT version FROM callback WHERE id = ?",
                            gch_callback_get_id (callback));
      if (mine > gch_callback_get_version (callback) &&
          local_version (self, "SELECT 1 FROM outbox WHERE record_kind = 'callback'"
                               " AND record_id = ? LIMIT 1", gch_callback_get_id (callback)) > 0)
        return TRUE;
      if (mine < 0)
        {
          g_ptr_array_add (one, g_object_ref (callback));
          return write_callbacks (self, day->date, one, error);
        }
      return update_callback (self, callback, TRUE, error);
    }

  if (g_str_equal (kind, "guichet"))
    {
      g_autoptr(GchGuichet) guichet = gch_codec_guichet_from_json (record, error);

      return guichet != NULL && update_guichet (self, guichet, error);
    }

  /* A service's thresholds, changed by a supervisor. */
  if (g_str_equal (kind, "service"))
    {
      g_autoptr(GchService) service = gch_codec_service_from_json (record, error);

      return service != NULL && update_service (self, service, error);
    }

  /* point numérique: a line of the register. One this station has, its
   * own or erased since, stays as it is.
   */
  if (g_str_equal (kind, "help-session"))
    {
      if (!JSON_NODE_HOLDS_OBJECT (record))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The help session could not be read."));
          return FALSE;
        }
      return insert_help_session (self, json_node_get_object (record), TRUE, error);
    }

  /* The site's mode, changed by a supervisor. */
  if (g_str_equal (kind, "site"))
    {
      g_autoptr(GchSite) site = gch_codec_site_from_json (record, error);

      return site != NULL && write_site (self, site, error);
    }

  if (g_str_equal (kind, "event"))
    {
      g_autoptr(GchEvent) event = gch_codec_event_from_json (record, error);

      if (event == NULL)
        return FALSE;
      /* This station's own events come back: it has them already. An
       * operation may have several events (a check-in moves the appointment
       * and makes an entry): each is known by its record, not only its
       * operation.
       */
      if (operation != NULL && has_event (self, operation, event))
        return TRUE;
      g_ptr_array_add (one, g_object_ref (event));
      return write_events (self, day->date, one, operation, error);
    }

  /* The suggestions and complaints register. */
  if (g_str_equal (kind, "feedback"))
    {
      g_autoptr(GchFeedback) feedback = gch_codec_feedback_from_json (record, error);

      if (feedback == NULL)
        return FALSE;
      if (local_version (self, "SELECT version FROM feedback WHERE id = ?",
                         gch_feedback_get_id (feedback)) > gch_feedback_get_version (feedback) &&
          local_version (self, "SELECT 1 FROM outbox WHERE record_kind = 'feedback'"
                               " AND record_id = ? LIMIT 1", gch_feedback_get_id (feedback)) > 0)
        return TRUE;
      return write_feedback (self, feedback, error);
    }

  g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
               _("The server sent a change of an unknown kind “%s”."), kind);
  return FALSE;
}

/**
 * gch_store_apply_feed:
 * @changes: a page of the server's change feed
 * @after: the cursor the page was asked after: if the station's is no
 *   longer that, nothing is applied (%GCH_ERROR_CONFLICT)
 * @cursor: the feed's sequence number after that page
 *
 * Applies a page of the server's changes and the new cursor in one
 * transaction: a crash never skips or repeats a change. A record this
 * station changed since, and has not sent yet, keeps its local state.
 * A page with anything this station cannot read is refused whole, and the
 * cursor stays where it was.
 */
gboolean
gch_store_apply_feed (GchStore   *self,
                      JsonArray  *changes,
                      gint64      after,
                      gint64      cursor,
                      GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) days = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) where = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) gch_day_free);

  if (!begin_write (self, error))
    return FALSE;

  /* The page follows the station's cursor, or another pull (a round, a
   * call, a full resync) moved it meanwhile and the page is stale.
   */
  if (!(where = prepare (self, "SELECT cursor FROM sync_state", error)) ||
      sqlite3_step (where) != SQLITE_ROW)
    ok = FALSE;
  else if (sqlite3_column_int64 (where, 0) != after)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                   "The station pulled this page already.");
      ok = FALSE;
    }
  if (!ok)
    return commit_or_rollback (self, FALSE, error);

  for (guint i = 0; ok && i < json_array_get_length (changes); i++)
    {
      JsonNode *node = json_array_get_element (changes, i);
      JsonObject *change = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *date = change ? json_object_get_string_member_with_default (change, "day", NULL) : NULL;
      const char *kind = change ? json_object_get_string_member_with_default (change, "record-kind", NULL) : NULL;
      JsonNode *record = change ? json_object_get_member (change, "record") : NULL;
      GchDay *day;

      if (date == NULL || kind == NULL || record == NULL || !gch_day_parse_date (date, NULL, NULL, NULL))
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The server sent a change this station cannot read; nothing was applied."));
          ok = FALSE;
          break;
        }

      ok = (day = day_for_feed (self, days, date, error)) != NULL &&
           apply_feed_record (self, day, kind,
                              json_object_get_string_member_with_default (change, "operation", NULL),
                              record, error);
    }

  if (ok && (stmt = prepare (self,
                             "UPDATE sync_state SET cursor = ?, last_pull = strftime('%s', 'now')",
                             error)))
    {
      sqlite3_bind_int64 (stmt, 1, cursor);
      ok = step_done (self, stmt, error);
    }
  else
    ok = FALSE;

  return commit_or_rollback (self, ok, error);
}

/**
 * gch_store_set_site_mode:
 * @mode: the mode the server took
 *
 * The site's mode as a supervisor just set it at the server: the station
 * shows it at once; the feed brings the same, with its event.
 *
 * Returns: %TRUE when saved
 */
gboolean
gch_store_set_site_mode (GchStore     *self,
                         GchSiteMode   mode,
                         GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, "UPDATE site SET mode = ?", error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, gch_enum_to_nick (GCH_TYPE_SITE_MODE, mode), -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

/**
 * gch_store_get_cursor:
 *
 * Returns: the last sequence number of the server's feed this station has
 */
gint64
gch_store_get_cursor (GchStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, "SELECT cursor FROM sync_state", NULL)) ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * gch_store_has_pulled:
 *
 * Returns: %TRUE once the station has taken the server's feed or a day's
 *   snapshot: a station that has not is new to its server
 */
gboolean
gch_store_has_pulled (GchStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return (stmt = prepare (self, "SELECT 1 FROM sync_state WHERE last_pull IS NOT NULL", NULL)) &&
         sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * gch_store_has_day:
 *
 * Returns: %TRUE when the store holds the site and some of day @date:
 *   a station that has not, has never joined its server for that day
 */
gboolean
gch_store_has_day (GchStore   *self,
                   const char *date)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "SELECT EXISTS (SELECT 1 FROM site) AND"
                        " (EXISTS (SELECT 1 FROM appointment WHERE day = ?1) OR"
                        "  EXISTS (SELECT 1 FROM queue_entry WHERE day = ?1))",
                        NULL)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
}

/* Records of the register from the server, not from its feed: a record
 * the station has at a newer version (its own change on its way, or one
 * the feed brought since) stays as it is.
 */
static gboolean
merge_feedback (GchStore   *self,
                GPtrArray  *feedback,
                GError    **error)
{
  for (guint i = 0; i < feedback->len; i++)
    {
      GchFeedback *record = g_ptr_array_index (feedback, i);

      if (local_version (self, "SELECT version FROM feedback WHERE id = ?",
                         gch_feedback_get_id (record)) <= gch_feedback_get_version (record) &&
          !write_feedback (self, record, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gch_store_merge_feedback:
 * @feedback: (element-type GchFeedback): records of the register of
 *   suggestions and complaints as the server has them, without contacts
 *
 * In one transaction, writes the records the station does not have at a
 * newer version: the register a station that joins lacks (the day's
 * snapshot's `feedback`).
 *
 * Returns: %TRUE when written
 */
gboolean
gch_store_merge_feedback (GchStore   *self,
                          GPtrArray  *feedback,
                          GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (feedback != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!begin_write (self, error))
    return FALSE;

  ok = merge_feedback (self, feedback, error);
  return commit_or_rollback (self, ok, ok ? error : NULL);
}

/**
 * gch_store_replace_day:
 * @day: the day as the server has it now, its call-backs included
 * @help_sessions: (nullable): the day's lines of the point numérique's
 *   register, as gch_store_list_help_session_records() gives them
 * @feedback: (nullable) (element-type GchFeedback): records of the register
 *   of suggestions and complaints, without contacts; they are not part of
 *   the day, so they are merged: a record the station has at a newer
 *   version stays as it is, the others are written
 * @cursor: where the server's feed was when it read @day
 *
 * A full resync, in one transaction: the station's copy of @day is
 * replaced by the server's, and its cursor moved to @cursor. The outbox
 * and the conflicts are kept. Refused with %GCH_ERROR_CONFLICT while the
 * outbox holds operations, whose effect on the screen would be lost
 * until they came back from the server: send them first.
 *
 * Returns: %TRUE when the day was replaced
 */
gboolean
gch_store_replace_day (GchStore   *self,
                       GchDay     *day,
                       JsonArray  *help_sessions,
                       GPtrArray  *feedback,
                       gint64      cursor,
                       GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) waiting = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) move = NULL;
  static const char * const tables[] = {
    "event", "callback", "help_session", "queue_entry", "appointment"
  };
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  if (!check_has_site (day, error))
    return FALSE;

  locker = g_mutex_locker_new (&self->mutex);

  if (!begin_write (self, error))
    return FALSE;

  ok = (waiting = prepare (self, "SELECT count(*) FROM outbox", error)) != NULL &&
       sqlite3_step (waiting) == SQLITE_ROW;
  if (ok && sqlite3_column_int64 (waiting, 0) > 0)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                   _("Operations are waiting to be sent: the day is loaded again once they are."));
      ok = FALSE;
    }

  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE day = ?", tables[i]);

      g_clear_pointer (&clear, sqlite3_finalize);
      ok = (clear = prepare (self, sql, error)) != NULL;
      if (ok)
        {
          sqlite3_bind_text (clear, 1, day->date, -1, SQLITE_STATIC);
          ok = step_done (self, clear, error);
        }
    }

  ok = ok && write_day (self, day, error) &&
       write_callbacks (self, day->date, day->callbacks, error);
  for (guint i = 0; ok && help_sessions != NULL && i < json_array_get_length (help_sessions); i++)
    {
      JsonNode *line = json_array_get_element (help_sessions, i);

      if (!JSON_NODE_HOLDS_OBJECT (line) ||
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (line),
                                                                 "day", NULL), day->date) != 0)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The help session could not be read."));
          ok = FALSE;
        }
      else
        ok = insert_help_session (self, json_node_get_object (line), FALSE, error);
    }
  ok = ok && (feedback == NULL || merge_feedback (self, feedback, error)) &&
       exec_sql (self, "DELETE FROM offline_entry", error) &&
       (move = prepare (self, "UPDATE sync_state SET cursor = ?, last_pull = strftime('%s', 'now')",
                        error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (move, 1, cursor);
      ok = step_done (self, move, error);
    }

  if (!commit_or_rollback (self, ok, error))
    return FALSE;

  /* Nothing waits to be sent: what the station issued offline is on the server. */
  g_mutex_lock (&self->memo_mutex);
  g_hash_table_remove_all (self->offline_entries);
  g_mutex_unlock (&self->memo_mutex);
  return TRUE;
}

/**
 * gch_store_get_feed_range:
 * @start: (out): the last sequence number no longer in the feed: a station
 *   whose cursor is behind it must load the day again
 * @end: (out): the last sequence number written
 *
 * On the server: what its change feed still holds.
 */
void
gch_store_get_feed_range (GchStore *self,
                          gint64   *start,
                          gint64   *end)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_if_fail (GCH_IS_STORE (self));

  *start = *end = 0;
  locker = g_mutex_locker_new (&self->mutex);
  /* AUTOINCREMENT keeps the last number given even once its row is gone. */
  if (!(stmt = prepare (self,
                        "SELECT coalesce ((SELECT seq FROM sqlite_sequence WHERE name = 'change_feed'), 0),"
                        " (SELECT min (seq) - 1 FROM change_feed)",
                        NULL)) ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return;

  *end = sqlite3_column_int64 (stmt, 0);
  *start = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? *end : sqlite3_column_int64 (stmt, 1);
}

/**
 * gch_store_prune_feed:
 * @before: a date, YYYY-MM-DD
 *
 * On the server: forgets the changes of the days before @before. Stations
 * that had not pulled them load their day again.
 *
 * Returns: how many changes were removed, or -1 with @error set
 */
gint64
gch_store_prune_feed (GchStore    *self,
                      const char  *before,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), -1);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, "DELETE FROM change_feed WHERE day < ?", error)))
    return -1;

  sqlite3_bind_text (stmt, 1, before, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    return -1;

  return sqlite3_changes64 (self->db);
}

/**
 * gch_store_erase_expired_callbacks:
 * @now: the time now, in seconds since the epoch (the retention job's clock)
 * @retention_days: how long a call-back's phone number and name are kept
 *
 * RGPD: erases the phone number and the name of every call-back taken
 * more than @retention_days before @now, wherever this store keeps them
 * (the record, and the copies in the outbox and, on the server, in the
 * change feed). The record stays, with its service, times and outcomes,
 * for the figures. Nothing else is touched.
 *
 * Blocks on the disk.
 *
 * Returns: how many call-backs were erased, or -1 with @error set
 */
gint64
gch_store_erase_expired_callbacks (GchStore    *self,
                                   gint64       now,
                                   guint        retention_days,
                                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 limit = now - (gint64) retention_days * 24 * 3600;
  gint64 erased = -1;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (self), -1);

  locker = g_mutex_locker_new (&self->mutex);
  if (!begin_write (self, error))
    return -1;

  {
    g_autoptr(sqlite3_stmt) copies = NULL;
    g_autoptr(sqlite3_stmt) feed = NULL;
    g_autoptr(sqlite3_stmt) records = NULL;

    /* The copies first, while the records still say which are due. */
    ok = (copies = prepare (self,
                            "UPDATE outbox SET payload = json_remove (payload, '$.phone', '$.name')"
                            " WHERE record_kind = 'callback' AND record_id IN"
                            " (SELECT id FROM callback WHERE taken_at < ?1"
                            "  AND (phone IS NOT NULL OR name IS NOT NULL))",
                            error)) != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (copies, 1, limit);
        ok = step_done (self, copies, error);
      }
    if (ok && self->keeps_feed)
      {
        ok = (feed = prepare (self,
                              "UPDATE change_feed SET body = json_remove (body, '$.phone', '$.name')"
                              " WHERE record_kind = 'callback' AND record_id IN"
                              " (SELECT id FROM callback WHERE taken_at < ?1"
                              "  AND (phone IS NOT NULL OR name IS NOT NULL))",
                              error)) != NULL;
        if (ok)
          {
            sqlite3_bind_int64 (feed, 1, limit);
            ok = step_done (self, feed, error);
          }
      }
    if (ok)
      ok = (records = prepare (self,
                               "UPDATE callback SET phone = NULL, name = NULL"
                               " WHERE taken_at < ? AND (phone IS NOT NULL OR name IS NOT NULL)",
                               error)) != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (records, 1, limit);
        ok = step_done (self, records, error);
        if (ok)
          erased = sqlite3_changes64 (self->db);
      }
  }

  if (!commit_or_rollback (self, ok, error))
    return -1;
  return erased;
}

/**
 * gch_store_count_conflicts:
 *
 * Returns: how many operations the server refused that the agent has not
 *   seen yet
 */
gint64
gch_store_count_conflicts (GchStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), -1);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, "SELECT count(*) FROM conflict WHERE seen = 0", NULL)) ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int64 (stmt, 0);
}

/* Ticket blocks and offline entries */

GchTicketBlock *
gch_ticket_block_copy (const GchTicketBlock *block)
{
  GchTicketBlock *copy;

  g_return_val_if_fail (block != NULL, NULL);

  copy = g_new0 (GchTicketBlock, 1);
  copy->uuid = g_strdup (block->uuid);
  copy->day = g_strdup (block->day);
  copy->service = g_strdup (block->service);
  copy->prefix = g_strdup (block->prefix);
  copy->first = block->first;
  copy->last = block->last;
  return copy;
}

void
gch_ticket_block_free (GchTicketBlock *block)
{
  if (block == NULL)
    return;

  g_free (block->uuid);
  g_free (block->day);
  g_free (block->service);
  g_free (block->prefix);
  g_free (block);
}

static int
compare_blocks (gconstpointer a,
                gconstpointer b)
{
  const GchTicketBlock *x = *(const GchTicketBlock **)a;
  const GchTicketBlock *y = *(const GchTicketBlock **)b;
  int by_day = g_strcmp0 (x->day, y->day);
  int by_prefix = g_strcmp0 (x->prefix, y->prefix);

  return by_day != 0 ? by_day : by_prefix != 0 ? by_prefix : (x->first > y->first) - (x->first < y->first);
}

/**
 * gch_store_add_ticket_block:
 * @block: a block the server gave this station
 *
 * Keeps @block: from now on this station numbers the new entries of its
 * day from its blocks. A block kept already (the same uuid) is kept once.
 *
 * Blocks on the disk: call it from a worker (the sync does).
 *
 * Returns: %TRUE when kept
 */
gboolean
gch_store_add_ticket_block (GchStore             *self,
                            const GchTicketBlock *block,
                            gint64                now,
                            GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean added;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (block != NULL && block->uuid != NULL && block->day != NULL, FALSE);
  g_return_val_if_fail (block->first > 0 && block->last >= block->first, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "INSERT OR IGNORE INTO ticket_block (uuid, day, service, prefix, first,"
                        " last, reserved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, block->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, block->day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, block->service, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, block->prefix, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, block->first);
  sqlite3_bind_int (stmt, 6, block->last);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!step_done (self, stmt, error))
    return FALSE;
  added = sqlite3_changes (self->db) == 1;
  g_clear_pointer (&locker, g_mutex_locker_free);

  if (added)
    {
      g_autoptr(GMutexLocker) memo = g_mutex_locker_new (&self->memo_mutex);

      g_ptr_array_add (self->blocks, gch_ticket_block_copy (block));
      g_ptr_array_sort (self->blocks, compare_blocks);
    }

  return TRUE;
}

/**
 * gch_store_dup_ticket_blocks:
 * @date: the day
 *
 * Reads nothing from the disk: the blocks are kept in memory too, so the
 * station decides a ticket without waiting.
 *
 * Returns: (transfer full) (element-type GchTicketBlock): the station's
 *   blocks for @date, by prefix and first number; empty when it has none
 */
GPtrArray *
gch_store_dup_ticket_blocks (GchStore   *self,
                             const char *date)
{
  g_autoptr(GMutexLocker) memo = NULL;
  GPtrArray *blocks;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) gch_ticket_block_free);
  memo = g_mutex_locker_new (&self->memo_mutex);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      GchTicketBlock *block = g_ptr_array_index (self->blocks, i);

      if (g_str_equal (block->day, date))
        g_ptr_array_add (blocks, gch_ticket_block_copy (block));
    }

  return blocks;
}

/**
 * gch_store_count_free_tickets:
 * @date: the day
 * @service: a service's code
 *
 * Blocks on the disk: for the sync, in its worker.
 *
 * Returns: how many numbers of this station's blocks for @service on
 *   @date no entry has yet, or -1 with @error set
 */
gint64
gch_store_count_free_tickets (GchStore    *self,
                              const char  *date,
                              const char  *service,
                              GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), -1);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "SELECT coalesce (sum (b.last - b.first + 1 -"
                        " (SELECT count (*) FROM queue_entry e WHERE e.day = b.day"
                        "  AND substr (e.ticket, 1, length (b.prefix)) = b.prefix"
                        "  AND CAST (substr (e.ticket, length (b.prefix) + 1) AS INTEGER)"
                        "      BETWEEN b.first AND b.last)), 0)"
                        " FROM ticket_block b WHERE b.day = ? AND b.service = ?",
                        error)))
    return -1;

  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, service, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, _("The database could not be read"));
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * gch_store_dup_service_codes:
 *
 * Blocks on the disk.
 *
 * Returns: (transfer full): the codes of the site's services, in their order
 */
char **
gch_store_dup_service_codes (GchStore  *self,
                             GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, "SELECT code FROM service ORDER BY position, code", error)))
    return NULL;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (codes, column_text (stmt, 0));

  return g_strv_builder_end (codes);
}

/**
 * gch_store_is_issued_offline:
 * @entry_id: an entry's id
 *
 * Reads nothing from the disk.
 *
 * Returns: %TRUE if this station created that entry while offline
 */
gboolean
gch_store_is_issued_offline (GchStore   *self,
                             const char *entry_id)
{
  g_autoptr(GMutexLocker) memo = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);

  if (entry_id == NULL)
    return FALSE;

  memo = g_mutex_locker_new (&self->memo_mutex);
  return g_hash_table_contains (self->offline_entries, entry_id);
}

/**
 * gch_store_forget_offline_entries:
 *
 * Once what the station did offline is on the server, the tickets it
 * issued are everyone's: at the next outage it may no longer call them
 * alone. Costs nothing when there are none.
 *
 * Returns: %TRUE when they are forgotten
 */
gboolean
gch_store_forget_offline_entries (GchStore  *self,
                                  GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GMutexLocker) memo = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  memo = g_mutex_locker_new (&self->memo_mutex);
  if (g_hash_table_size (self->offline_entries) == 0)
    return TRUE;

  if (!exec_sql (self, "DELETE FROM offline_entry", error))
    return FALSE;

  g_hash_table_remove_all (self->offline_entries);
  return TRUE;
}

void
gch_conflict_free (GchConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->uuid);
  g_free (conflict->kind);
  g_free (conflict->record_id);
  g_free (conflict->status);
  g_free (conflict->message);
  g_free (conflict);
}

/**
 * gch_store_list_conflicts:
 *
 * The operations the server refused that the agent has not seen yet, the
 * oldest first.
 *
 * Returns: (transfer full) (element-type GchConflict): the conflicts, or
 *   %NULL on error
 */
GPtrArray *
gch_store_list_conflicts (GchStore  *self,
                          GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  int rc;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "SELECT uuid, kind, record_id, status, message, at FROM conflict"
                        " WHERE seen = 0 ORDER BY at, rowid",
                        error)))
    return NULL;

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)gch_conflict_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GchConflict *conflict = g_new0 (GchConflict, 1);

      conflict->uuid = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      conflict->kind = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      conflict->record_id = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      conflict->status = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      conflict->message = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      conflict->at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (conflicts, conflict);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, _("The database could not be read"));
      return NULL;
    }

  return g_steal_pointer (&conflicts);
}

/**
 * gch_store_mark_conflicts_seen:
 * @uuids: the conflicts the agent has seen: those listed to them, so that
 *   one that came in meanwhile stays
 *
 * Returns: %TRUE once they are marked seen, in one transaction
 */
gboolean
gch_store_mark_conflicts_seen (GchStore  *self,
                               GStrv      uuids,
                               GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuids != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, "UPDATE conflict SET seen = 1 WHERE uuid = ?", error)) ||
      !begin_write (self, error))
    return FALSE;

  for (guint i = 0; ok && uuids[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, uuids[i], -1, SQLITE_STATIC);
      ok = step_done (self, stmt, error);
    }

  return commit_or_rollback (self, ok, error);
}

/* The suggestions and complaints register (issue 6) */

static void
date_to_iso (const GDate *date,
             char         text[16])
{
  if (date != NULL && g_date_valid (date))
    g_date_strftime (text, 16, "%Y-%m-%d", date);
  else
    text[0] = '\0';
}

static gboolean
write_feedback (GchStore     *self,
                GchFeedback  *feedback,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) forward = NULL;
  g_autoptr(sqlite3_stmt) answer = NULL;
  const char *id = gch_feedback_get_id (feedback);
  char due[16];

  if (!(stmt = prepare (self,
                        "INSERT INTO feedback (id, kind, channel, category, received_at,"
                        " description, ticket, appointment, service, guichet, agent, consent,"
                        " contact_name, contact_email, contact_phone, answer_required, status,"
                        " due_date, acknowledged_at, closed_at, version, started_at, logged_by,"
                        " acknowledged_by, started_by, closed_by)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        " ?, ?, ?, ?, ?)"
                        " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,"
                        " channel = excluded.channel, category = excluded.category,"
                        " description = excluded.description, ticket = excluded.ticket,"
                        " appointment = excluded.appointment, service = excluded.service,"
                        " guichet = excluded.guichet, agent = excluded.agent,"
                        " answer_required = excluded.answer_required, status = excluded.status,"
                        " due_date = excluded.due_date,"
                        " acknowledged_at = excluded.acknowledged_at,"
                        " closed_at = excluded.closed_at, version = excluded.version,"
                        " started_at = excluded.started_at, logged_by = excluded.logged_by,"
                        " acknowledged_by = excluded.acknowledged_by,"
                        " started_by = excluded.started_by, closed_by = excluded.closed_by",
                        error)))
    return FALSE;

  /* The contact is written when the record is created only: the lists
   * load records without it, and saving one of them must not erase it.
   */
  date_to_iso (gch_feedback_get_due_date (feedback), due);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, gch_enum_to_nick (GCH_TYPE_FEEDBACK_KIND,
                                                gch_feedback_get_kind (feedback)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, gch_enum_to_nick (GCH_TYPE_FEEDBACK_CHANNEL,
                                                gch_feedback_get_channel (feedback)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, gch_enum_to_nick (GCH_TYPE_FEEDBACK_CATEGORY,
                                                gch_feedback_get_category (feedback)), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, gch_feedback_get_received_at (feedback));
  sqlite3_bind_text (stmt, 6, gch_feedback_get_description (feedback), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 7, gch_feedback_get_ticket (feedback));
  bind_text_or_null (stmt, 8, gch_feedback_get_appointment (feedback));
  bind_text_or_null (stmt, 9, gch_feedback_get_service (feedback));
  bind_nonzero_or_null (stmt, 10, gch_feedback_get_guichet (feedback));
  bind_text_or_null (stmt, 11, gch_feedback_get_agent (feedback));
  sqlite3_bind_int (stmt, 12, gch_feedback_get_consent (feedback));
  bind_text_or_null (stmt, 13, gch_feedback_get_contact_name (feedback));
  bind_text_or_null (stmt, 14, gch_feedback_get_contact_email (feedback));
  bind_text_or_null (stmt, 15, gch_feedback_get_contact_phone (feedback));
  sqlite3_bind_int (stmt, 16, gch_feedback_get_answer_required (feedback));
  sqlite3_bind_text (stmt, 17, gch_enum_to_nick (GCH_TYPE_FEEDBACK_STATUS,
                                                 gch_feedback_get_status (feedback)), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 18, due[0] != '\0' ? due : NULL);
  bind_nonzero_or_null (stmt, 19, gch_feedback_get_acknowledged_at (feedback));
  bind_nonzero_or_null (stmt, 20, gch_feedback_get_closed_at (feedback));
  sqlite3_bind_int64 (stmt, 21, gch_feedback_get_version (feedback));
  bind_nonzero_or_null (stmt, 22, gch_feedback_get_started_at (feedback));
  bind_text_or_null (stmt, 23, gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_RECEIVED));
  bind_text_or_null (stmt, 24, gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_ACKNOWLEDGED));
  bind_text_or_null (stmt, 25, gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_IN_PROGRESS));
  bind_text_or_null (stmt, 26, gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_CLOSED));
  if (!step_done (self, stmt, error))
    return FALSE;

  /* Forwards and answers only grow: write those the database lacks. */
  if (!(forward = prepare (self,
                           "INSERT OR IGNORE INTO feedback_forward"
                           " (feedback_id, position, by_whom, to_whom, at, note)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           error)) ||
      !(answer = prepare (self,
                          "INSERT OR IGNORE INTO feedback_answer"
                          " (feedback_id, position, author, text, at) VALUES (?, ?, ?, ?, ?)",
                          error)))
    return FALSE;

  for (guint i = 0; i < gch_feedback_get_n_forwards (feedback); i++)
    {
      const GchFeedbackForward *f = gch_feedback_get_forward (feedback, i);

      sqlite3_reset (forward);
      sqlite3_bind_text (forward, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (forward, 2, i);
      sqlite3_bind_text (forward, 3, f->by, -1, SQLITE_STATIC);
      sqlite3_bind_text (forward, 4, f->to, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (forward, 5, f->at);
      bind_text_or_null (forward, 6, f->note);
      if (!step_done (self, forward, error))
        return FALSE;
    }

  for (guint i = 0; i < gch_feedback_get_n_answers (feedback); i++)
    {
      const GchFeedbackAnswer *a = gch_feedback_get_answer (feedback, i);

      sqlite3_reset (answer);
      sqlite3_bind_text (answer, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (answer, 2, i);
      sqlite3_bind_text (answer, 3, a->author, -1, SQLITE_STATIC);
      sqlite3_bind_text (answer, 4, a->text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (answer, 5, a->at);
      if (!step_done (self, answer, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * gch_store_save_feedback:
 *
 * Saves a record of the register, its forwards and answers, in one
 * transaction: all of it or, on error, nothing. Its contact is saved
 * when the record is first saved; later saves keep the one on disk.
 *
 * Returns: %TRUE when saved
 */
gboolean
gch_store_save_feedback (GchStore     *self,
                         GchFeedback  *feedback,
                         GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (GCH_IS_FEEDBACK (feedback), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!begin_write (self, error))
    return FALSE;

  ok = write_feedback (self, feedback, error);
  return commit_or_rollback (self, ok, ok ? error : NULL);
}

#define FEEDBACK_COLUMNS \
  "id, kind, channel, category, received_at, description, ticket, appointment, service," \
  " guichet, agent, consent, answer_required, status, due_date, acknowledged_at," \
  " closed_at, version, started_at, logged_by, acknowledged_by, started_by, closed_by"

static GchFeedback *
read_feedback (GchStore      *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(sqlite3_stmt) forwards = NULL;
  g_autoptr(sqlite3_stmt) answers = NULL;
  int kind, channel, category, status;
  const char *due;

  if (!column_enum (stmt, 1, GCH_TYPE_FEEDBACK_KIND, &kind, error) ||
      !column_enum (stmt, 2, GCH_TYPE_FEEDBACK_CHANNEL, &channel, error) ||
      !column_enum (stmt, 3, GCH_TYPE_FEEDBACK_CATEGORY, &category, error) ||
      !column_enum (stmt, 13, GCH_TYPE_FEEDBACK_STATUS, &status, error))
    return NULL;

  if (!(feedback = gch_feedback_new (column_text (stmt, 0), kind, channel, category,
                                     sqlite3_column_int64 (stmt, 4), column_text (stmt, 5),
                                     error)))
    return NULL;

  gch_feedback_set_visit (feedback, column_text (stmt, 6), column_text (stmt, 7),
                          column_text (stmt, 8), sqlite3_column_int (stmt, 9),
                          column_text (stmt, 10));
  /* Consent without the details: those are read on purpose, see
   * gch_store_read_feedback_contact().
   */
  gch_feedback_set_contact (feedback, sqlite3_column_int (stmt, 11), NULL, NULL, NULL, NULL);
  gch_feedback_set_answer_required (feedback, sqlite3_column_int (stmt, 12));
  if ((due = column_text (stmt, 14)) != NULL)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_parse (&date, due);
      gch_feedback_set_due_date (feedback, &date);
    }
  gch_feedback_restore_state (feedback, status, sqlite3_column_int64 (stmt, 15),
                              sqlite3_column_int64 (stmt, 16));
  gch_feedback_set_version (feedback, sqlite3_column_int64 (stmt, 17));
  gch_feedback_restore_started_at (feedback, sqlite3_column_int64 (stmt, 18));
  gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_RECEIVED, column_text (stmt, 19));
  gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_ACKNOWLEDGED, column_text (stmt, 20));
  gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_IN_PROGRESS, column_text (stmt, 21));
  gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_CLOSED, column_text (stmt, 22));

  if (!(forwards = prepare (self,
                            "SELECT by_whom, to_whom, at, note FROM feedback_forward"
                            " WHERE feedback_id = ? ORDER BY position",
                            error)) ||
      !(answers = prepare (self,
                           "SELECT author, text, at FROM feedback_answer"
                           " WHERE feedback_id = ? ORDER BY position",
                           error)))
    return NULL;

  sqlite3_bind_text (forwards, 1, gch_feedback_get_id (feedback), -1, SQLITE_STATIC);
  while (sqlite3_step (forwards) == SQLITE_ROW)
    gch_feedback_restore_forward (feedback, column_text (forwards, 0), column_text (forwards, 1),
                                  column_text (forwards, 3), sqlite3_column_int64 (forwards, 2));
  sqlite3_bind_text (answers, 1, gch_feedback_get_id (feedback), -1, SQLITE_STATIC);
  while (sqlite3_step (answers) == SQLITE_ROW)
    gch_feedback_restore_answer (feedback, column_text (answers, 0), column_text (answers, 1),
                                 sqlite3_column_int64 (answers, 2));

  return g_steal_pointer (&feedback);
}

/**
 * gch_store_list_feedback:
 *
 * The register, the most recent first, without anyone's contact.
 *
 * Returns: (transfer full) (element-type GchFeedback): the records, or
 *   %NULL on error
 */
GPtrArray *
gch_store_list_feedback (GchStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (GCH_IS_STORE (self), NULL);

  return list_feedback (self,
                        "SELECT " FEEDBACK_COLUMNS " FROM feedback"
                        " ORDER BY received_at DESC, id",
                        0, error);
}

/**
 * gch_store_list_feedback_since:
 * @closed_since: a time, in seconds since the epoch
 *
 * On the server, for the day's snapshot: the register's records still
 * open, then those closed at or after @closed_since, the most recently
 * closed first; without anyone's contact.
 *
 * Returns: (transfer full) (element-type GchFeedback): the records, or
 *   %NULL on error
 */
GPtrArray *
gch_store_list_feedback_since (GchStore  *self,
                               gint64     closed_since,
                               GError   **error)
{
  g_return_val_if_fail (GCH_IS_STORE (self), NULL);

  return list_feedback (self,
                        "SELECT " FEEDBACK_COLUMNS " FROM feedback"
                        " WHERE closed_at IS NULL OR closed_at >= ?1"
                        " ORDER BY closed_at IS NOT NULL, closed_at DESC, received_at DESC, id",
                        closed_since, error);
}

/* The records @sql selects, its parameter ?1 (if any) bound to @value. */
static GPtrArray *
list_feedback (GchStore    *self,
               const char  *sql,
               gint64       value,
               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, sql, error)))
    return NULL;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, value);

  records = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GchFeedback *feedback = read_feedback (self, stmt, error);

      if (feedback == NULL)
        return NULL;
      g_ptr_array_add (records, feedback);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, _("The database could not be read"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * gch_store_load_feedback:
 *
 * Returns: (transfer full) (nullable): the record @id without anyone's
 *   contact, or %NULL with %GCH_ERROR_NOT_FOUND
 */
GchFeedback *
gch_store_load_feedback (GchStore    *self,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, "SELECT " FEEDBACK_COLUMNS " FROM feedback WHERE id = ?", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("There is no such record in the register."));
      return NULL;
    }

  return read_feedback (self, stmt, error);
}

/**
 * gch_store_has_feedback_contact:
 * @has: (out): whether this database keeps a contact for the record @id
 *
 * Says whether the contact is here, without reading it: a record logged
 * at another station has its contact only at the server. Nothing is
 * recorded; gch_store_read_feedback_contact() is the reading.
 *
 * Returns: %TRUE with @has set, or %FALSE with %GCH_ERROR_NOT_FOUND
 */
gboolean
gch_store_has_feedback_contact (GchStore    *self,
                                const char  *id,
                                gboolean    *has,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (has != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self,
                        "SELECT contact_name IS NOT NULL OR contact_email IS NOT NULL"
                        " OR contact_phone IS NOT NULL FROM feedback WHERE id = ?",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("There is no such record in the register."));
      return FALSE;
    }
  *has = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

/**
 * gch_store_read_feedback_contact:
 * @reader: who reads it, for the event
 * @role: their role: only a supervisor or the quality referent may
 *
 * Reads the person's contact of the record @id into @feedback, and records
 * the reading as an event (DESIGN.md §7), in one transaction.
 *
 * Returns: %TRUE if read (the contact may be empty: never given, or
 *   erased), %FALSE with a sentence for anyone else
 */
gboolean
gch_store_read_feedback_contact (GchStore      *self,
                                 GchFeedback   *feedback,
                                 const char    *reader,
                                 GchAgentRole   role,
                                 gint64         now,
                                 GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) event = NULL;
  g_autofree char *day = NULL;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (GCH_IS_FEEDBACK (feedback), FALSE);

  if (!gch_agent_role_reads_personal_data (role))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_REFUSED,
                   _("Only a supervisor or the quality referent can read a person’s "
                     "contact details."));
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->mutex);
  day = date_at (self, now);
  if (!(stmt = prepare (self,
                        "SELECT consent, contact_name, contact_email, contact_phone"
                        " FROM feedback WHERE id = ?",
                        error)) ||
      !(event = prepare (self,
                         "INSERT INTO event (day, record_kind, record_id, at, actor, to_state,"
                         " detail) VALUES (?, 'feedback', ?, ?, ?, 'contact-read', ?)",
                         error)) ||
      !begin_write (self, error))
    return FALSE;

  sqlite3_bind_text (stmt, 1, gch_feedback_get_id (feedback), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      commit_or_rollback (self, FALSE, NULL);
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("There is no such record in the register."));
      return FALSE;
    }

  ok = gch_feedback_set_contact (feedback, sqlite3_column_int (stmt, 0), column_text (stmt, 1),
                                 column_text (stmt, 2), column_text (stmt, 3), error);
  if (ok)
    {
      sqlite3_bind_text (event, 1, day, -1, SQLITE_STATIC);
      sqlite3_bind_text (event, 2, gch_feedback_get_id (feedback), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (event, 3, now);
      bind_text_or_null (event, 4, reader);
      sqlite3_bind_text (event, 5, gch_agent_role_to_label (role), -1, SQLITE_STATIC);
      ok = step_done (self, event, error);
    }

  /* privacy: on the server, the read reaches every station's history
   * through the feed, as the one event it is.
   */
  if (ok && self->keeps_feed)
    {
      g_autoptr(GchEvent) read = gch_event_new ("feedback", gch_feedback_get_id (feedback), now,
                                                reader, 0, NULL, "contact-read",
                                                gch_agent_role_to_label (role));
      g_autoptr(JsonNode) body = NULL;
      g_autofree char *text = NULL;
      g_autofree char *seq = NULL;

      _gch_event_set_seq (read, sqlite3_last_insert_rowid (self->db));
      body = gch_codec_event_to_json (read);
      text = gch_codec_to_string (body);
      seq = g_strdup_printf ("%" G_GINT64_FORMAT, gch_event_get_seq (read));
      g_clear_pointer (&event, sqlite3_finalize);
      ok = (event = prepare (self, "INSERT INTO change_feed (day, record_kind, record_id, body)"
                                   " VALUES (?, 'event', ?, ?)", error)) != NULL;
      if (ok)
        {
          sqlite3_bind_text (event, 1, day, -1, SQLITE_STATIC);
          sqlite3_bind_text (event, 2, seq, -1, SQLITE_STATIC);
          sqlite3_bind_text (event, 3, text, -1, SQLITE_STATIC);
          ok = step_done (self, event, error);
        }
    }

  sqlite3_reset (stmt);
  return commit_or_rollback (self, ok, ok ? error : NULL);
}

/* Retention (RGPD): one eraser per register, all run in one job. */

/**
 * gch_retention_init:
 *
 * The defaults: a year after a record is done with.
 */
void
gch_retention_init (GchRetention *retention)
{
  g_return_if_fail (retention != NULL);

  memset (retention, 0, sizeof *retention);
  retention->feedback_days = 365;
  retention->callback_days = 30;
  retention->signature_days = 365;
}

/* The register of suggestions and complaints: the contact of a record
 * closed more than the retention period ago goes; the record stays.
 */
static gboolean
erase_expired_feedback_contacts (GchStore            *self,
                                 gint64               now,
                                 const GchRetention  *retention,
                                 guint               *n_erased,
                                 GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "UPDATE feedback SET contact_name = NULL, contact_email = NULL,"
                        " contact_phone = NULL, contact_erased_at = ?1"
                        " WHERE contact_erased_at IS NULL AND closed_at IS NOT NULL"
                        " AND closed_at + ?2 <= ?1"
                        " AND (contact_name IS NOT NULL OR contact_email IS NOT NULL"
                        " OR contact_phone IS NOT NULL)",
                        error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, (gint64)retention->feedback_days * 24 * 60 * 60);
  if (!step_done (self, stmt, error))
    return FALSE;

  *n_erased += sqlite3_changes (self->db);
  return TRUE;
}

typedef gboolean (*EraseFunc) (GchStore            *self,
                               gint64               now,
                               const GchRetention  *retention,
                               guint               *n_erased,
                               GError             **error);

/* Each register with personal data adds its eraser here. */
static const EraseFunc erasers[] = {
  erase_expired_feedback_contacts,   /* the suggestions and complaints register */
};

/**
 * gch_store_erase_expired_personal_data:
 * @now: the time by the caller's clock
 * @retention: how long each register keeps its personal data
 * @n_erased: (out) (optional): how many records lost their personal data
 *
 * The RGPD job, run by the server daily and by the stations at start:
 * erases the personal data every register keeps past its retention
 * period, and nothing else, in one transaction.
 *
 * Returns: %TRUE when done
 */
gboolean
gch_store_erase_expired_personal_data (GchStore            *self,
                                       gint64               now,
                                       const GchRetention  *retention,
                                       guint               *n_erased,
                                       GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean ok = TRUE;
  guint erased = 0;

  g_return_val_if_fail (GCH_IS_STORE (self), FALSE);
  g_return_val_if_fail (retention != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!begin_write (self, error))
    return FALSE;

  for (guint i = 0; ok && i < G_N_ELEMENTS (erasers); i++)
    ok = erasers[i] (self, now, retention, &erased, error);

  if (!commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;
  g_clear_pointer (&locker, g_mutex_locker_free);

  /* The call-backs' and the point numérique's registers erase in their own
   * transactions.
   */
  {
    gint64 callbacks = gch_store_erase_expired_callbacks (self, now, retention->callback_days, error);
    gint64 signatures = callbacks < 0 ? -1
                        : gch_store_erase_expired_signatures (self, now, retention->signature_days,
                                                              error);

    if (callbacks < 0 || signatures < 0)
      return FALSE;
    erased += callbacks + signatures;
  }

  if (n_erased != NULL)
    *n_erased = erased;
  return TRUE;
}

/* End of the suggestions and complaints register. */

/* point numérique */

/**
 * gch_store_load_help_sessions:
 * @date: a day, YYYY-MM-DD
 *
 * Blocks on the disk: call it from a worker.
 *
 * Returns: (transfer container) (element-type GchHelpSession): the lines
 *   of the point numérique's register that day, in the order they were
 *   logged, or %NULL with @error set
 */
GPtrArray *
gch_store_load_help_sessions (GchStore    *self,
                              const char  *date,
                              GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  int rc;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = prepare (self, "SELECT id, day, at, name, demarche, mediator, signature,"
                              " strokes IS NOT NULL, erased_at IS NOT NULL FROM help_session"
                              " WHERE day = ? ORDER BY at, rowid", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) gch_help_session_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GchHelpSession *session = g_new0 (GchHelpSession, 1);

      session->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      session->day = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      session->at = sqlite3_column_int64 (stmt, 2);
      session->name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      session->demarche = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      session->mediator = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      session->on_paper = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), "paper") == 0;
      session->erased = sqlite3_column_int (stmt, 8);
      session->drawn = !session->on_paper;
      g_ptr_array_add (sessions, session);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, _("The database could not be read"));
      return NULL;
    }
  return g_steal_pointer (&sessions);
}

/**
 * gch_store_list_help_session_records:
 * @date: a day, YYYY-MM-DD
 *
 * On the server: the day's lines of the point numérique's register as
 * the feed sends them ({"id", "day", "at", "name"?, "demarche", "mediator",
 * "signature", "strokes"?, "erased-at"?}), for the day's snapshot. The
 * strokes are there: leave them out for whoever may not read them.
 *
 * Returns: (transfer full): a JSON array, or %NULL with @error set
 */
JsonArray *
gch_store_list_help_session_records (GchStore    *self,
                                     const char  *date,
                                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  return help_session_records (self, "day", date, error);
}

/**
 * gch_store_dup_signature:
 * @id: a help session's id
 *
 * The strokes of a session's signature, to draw. Reading them is a
 * supervisor's or the quality referent's action: save a
 * %GCH_ACTION_READ_SIGNATURE change first (it makes the event, and is
 * refused to anyone else), or draw the strokes of the register's export
 * that the same reader asked for.
 *
 * Blocks on the disk: call it from a worker.
 *
 * Returns: (transfer full): the strokes as JSON (see gch_signature_parse()),
 *   or %NULL with @error set: %GCH_ERROR_NOT_FOUND when there is none (signed
 *   on paper, or erased)
 */
char *
gch_store_dup_signature (GchStore    *self,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!check_signature_readable (self, id, FALSE, error) ||
      !(stmt = prepare (self, "SELECT strokes FROM help_session WHERE id = ?", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND, _("There is no such help session."));
      return NULL;
    }
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * gch_store_erase_expired_signatures:
 * @now: the time, in seconds since the epoch
 * @retention_days: how long a signature is kept
 *
 * Erases the person's name and signature of every help session logged
 * more than @retention_days before @now, wherever this store holds them:
 * the register, its operations and the server's feed. The lines stay,
 * anonymous, marked erased. For the registers' retention job.
 *
 * Blocks on the disk: call it from a worker.
 *
 * Returns: how many sessions were erased, or -1 with @error set
 */
gint64
gch_store_erase_expired_signatures (GchStore    *self,
                                    gint64       now,
                                    guint        retention_days,
                                    GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) erase = NULL;
  g_autoptr(sqlite3_stmt) outbox = NULL;
  g_autoptr(sqlite3_stmt) feed = NULL;
  gint64 cutoff = now - (gint64) retention_days * 24 * 60 * 60;
  gint64 n_erased = 0;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (self), -1);

  locker = g_mutex_locker_new (&self->mutex);
  if (!begin_write (self, error))
    return -1;

  ok = (erase = prepare (self, "UPDATE help_session SET name = NULL, strokes = NULL, erased_at = ?"
                               " WHERE erased_at IS NULL AND at < ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (erase, 1, now);
      sqlite3_bind_int64 (erase, 2, cutoff);
      ok = step_done (self, erase, error);
      n_erased = sqlite3_changes (self->db);
    }

  /* The same name and strokes travel in the operation and the feed. */
  ok = ok &&
       (outbox = prepare (self, "UPDATE outbox SET payload = json_remove (payload, '$.name',"
                                " '$.strokes') WHERE record_kind = 'help-session'"
                                " AND record_id IN (SELECT id FROM help_session"
                                " WHERE erased_at IS NOT NULL)", error)) != NULL &&
       step_done (self, outbox, error) &&
       (feed = prepare (self, "UPDATE change_feed SET body = json_remove (body, '$.name',"
                              " '$.strokes') WHERE record_kind = 'help-session'"
                              " AND record_id IN (SELECT id FROM help_session"
                              " WHERE erased_at IS NOT NULL)", error)) != NULL &&
       step_done (self, feed, error);

  if (!commit_or_rollback (self, ok, error))
    return -1;
  return n_erased;
}
