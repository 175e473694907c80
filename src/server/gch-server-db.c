/* gch-server-db.c: the server's own connection to the store's file
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

/* The tables only the server fills in (credentials, sessions; see
 * 0003-server.sql) and the site's mode are written here, through a second
 * SQLite connection to the file the GchStore opened and migrated. Both
 * connections use WAL, a busy timeout and BEGIN IMMEDIATE for writes, so
 * they take turns instead of failing with "database is locked".
 *
 * The server calls these on its main loop: each is one short transaction
 * on a local file (well under a millisecond), and a server process has no
 * screen to keep responsive. What is slow (Argon2) runs in a worker.
 */

#define G_LOG_DOMAIN "gch-server-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "gch-agent.h"
#include "gch-codec.h"
#include "gch-day.h"
#include "gch-event-private.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-server-db.h"
#include "gch-site.h"

struct _GchServerDb
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (GchServerDb, gch_server_db, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Helpers */

static void
set_sqlite_error (GchServerDb  *self,
                  GError      **error,
                  const char   *what)
{
  g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE, "%s: %s", what, sqlite3_errmsg (self->db));
}

static gboolean
exec_sql (GchServerDb  *self,
          const char   *sql,
          GError      **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
                   _("The database could not be written: %s"), message ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (GchServerDb  *self,
         const char   *sql,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("The database could not be read"));
      return NULL;
    }

  return stmt;
}

static gboolean
step_done (GchServerDb   *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _("The database could not be written"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
commit_or_rollback (GchServerDb  *self,
                    gboolean      ok,
                    GError      **error)
{
  if (ok && exec_sql (self, "COMMIT", error))
    return TRUE;

  if (!sqlite3_get_autocommit (self->db))
    exec_sql (self, "ROLLBACK", NULL);

  return FALSE;
}

/* Reads the agent of a row whose first three columns are id, name, role. */
static GchAgent *
agent_from_row (sqlite3_stmt  *stmt,
                GError       **error)
{
  const char *role_nick = (const char *)sqlite3_column_text (stmt, 2);
  int role;

  if (!gch_enum_from_nick (GCH_TYPE_AGENT_ROLE, role_nick, &role))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
                   _("The agent “%s” has an unknown role “%s”"),
                   (const char *)sqlite3_column_text (stmt, 0), role_nick ? role_nick : "");
      return NULL;
    }

  return g_object_new (GCH_TYPE_AGENT,
                       "id", (const char *)sqlite3_column_text (stmt, 0),
                       "name", (const char *)sqlite3_column_text (stmt, 1),
                       "role", role,
                       NULL);
}

/* GObject */

static void
gch_server_db_finalize (GObject *object)
{
  GchServerDb *self = (GchServerDb *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (gch_server_db_parent_class)->finalize (object);
}

static void
gch_server_db_class_init (GchServerDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gch_server_db_finalize;
}

static void
gch_server_db_init (GchServerDb *self)
{
}

/* Public API */

/**
 * gch_server_db_open:
 * @path: a database that gch_store_open() has already opened, so that its
 *   schema is up to date
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
GchServerDb *
gch_server_db_open (const char  *path,
                    GError     **error)
{
  g_autoptr(GchServerDb) self = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GCH_TYPE_SERVER_DB, NULL);
  self->path = g_strdup (path);

  /* No SQLITE_OPEN_CREATE: the store made the file. */
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_DATABASE,
                   _("The database “%s” could not be opened: %s"),
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* synchronous and foreign_keys belong to the connection, not the file:
   * the store's settings do not carry over.
   */
  if (!exec_sql (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error))
    return NULL;

  if (!(stmt = prepare (self,
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                        " AND name IN ('agent_credential', 'agent_session')",
                        error)))
    return NULL;

  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 2)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_GUICHET,
                   _("The database “%s” has no tables for the server’s agents and sessions."),
                   path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * gch_server_db_lookup_credential:
 * @agent_id: the agent's id
 * @password_hash: (out) (transfer full): the agent's encoded password hash
 *
 * Returns: (transfer full) (nullable): the agent, if it exists and has a
 *   password; %NULL otherwise, with @error set only when the database failed
 */
GchAgent *
gch_server_db_lookup_credential (GchServerDb  *self,
                                 const char   *agent_id,
                                 char        **password_hash,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GchAgent *agent;
  int rc;

  g_return_val_if_fail (GCH_IS_SERVER_DB (self), NULL);
  g_return_val_if_fail (agent_id != NULL, NULL);
  g_return_val_if_fail (password_hash != NULL, NULL);

  *password_hash = NULL;

  if (!(stmt = prepare (self,
                        "SELECT a.id, a.name, a.role, c.password_hash"
                        " FROM agent a JOIN agent_credential c ON c.agent_id = a.id"
                        " WHERE a.id = ?",
                        error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, agent_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, _("The database could not be read"));
      return NULL;
    }

  if (!(agent = agent_from_row (stmt, error)))
    return NULL;

  *password_hash = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  return agent;
}

/**
 * gch_server_db_put_agent:
 * @password_hash: the agent's encoded password hash
 * @replace: whether an agent that already has a password gets a new one;
 *   when %FALSE, that is refused with %GCH_ERROR_CONFLICT
 *
 * Adds the agent (or updates its name and role) with its password, in one
 * transaction. A new password closes the agent's open sessions.
 *
 * Returns: %TRUE when saved
 */
gboolean
gch_server_db_put_agent (GchServerDb   *self,
                         const char    *id,
                         const char    *name,
                         GchAgentRole   role,
                         const char    *password_hash,
                         gboolean       replace,
                         gint64         now,
                         GError       **error)
{
  g_autoptr(sqlite3_stmt) exists = NULL;
  g_autoptr(sqlite3_stmt) agent = NULL;
  g_autoptr(sqlite3_stmt) credential = NULL;
  g_autoptr(sqlite3_stmt) sessions = NULL;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (id != NULL && name != NULL && password_hash != NULL, FALSE);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  ok = (exists = prepare (self, "SELECT 1 FROM agent_credential WHERE agent_id = ?", error)) &&
       (agent = prepare (self,
                         "INSERT INTO agent (id, name, role) VALUES (?, ?, ?)"
                         " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                         " role = excluded.role",
                         error)) &&
       (credential = prepare (self,
                              "INSERT INTO agent_credential (agent_id, password_hash, created_at,"
                              " updated_at) VALUES (?1, ?2, ?3, ?3)"
                              " ON CONFLICT (agent_id) DO UPDATE SET"
                              " password_hash = excluded.password_hash,"
                              " updated_at = excluded.updated_at",
                              error)) &&
       (sessions = prepare (self, "DELETE FROM agent_session WHERE agent_id = ?", error));

  if (ok)
    {
      sqlite3_bind_text (exists, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (exists) == SQLITE_ROW && !replace)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                       _("The agent “%s” already has a password."), id);
          ok = FALSE;
        }
    }

  if (ok)
    {
      sqlite3_bind_text (agent, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (agent, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (agent, 3, gch_enum_to_nick (GCH_TYPE_AGENT_ROLE, role), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (credential, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (credential, 2, password_hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (credential, 3, now);
      sqlite3_bind_text (sessions, 1, id, -1, SQLITE_STATIC);
      ok = step_done (self, agent, error) &&
           step_done (self, credential, error) &&
           step_done (self, sessions, error);
    }

  return commit_or_rollback (self, ok, error);
}

/**
 * gch_server_db_create_session:
 * @token_hash: gch_server_auth_hash_token() of the token
 *
 * Saves a session, and forgets the sessions that have expired.
 *
 * Returns: %TRUE when saved
 */
gboolean
gch_server_db_create_session (GchServerDb  *self,
                              const char   *token_hash,
                              const char   *agent_id,
                              gint64        now,
                              gint64        expires_at,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) prune = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (token_hash != NULL && agent_id != NULL, FALSE);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  ok = (prune = prepare (self, "DELETE FROM agent_session WHERE expires_at <= ?", error)) &&
       (insert = prepare (self,
                          "INSERT INTO agent_session (token_hash, agent_id, created_at, expires_at)"
                          " VALUES (?, ?, ?, ?)",
                          error));
  if (ok)
    {
      sqlite3_bind_int64 (prune, 1, now);
      sqlite3_bind_text (insert, 1, token_hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, agent_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, now);
      sqlite3_bind_int64 (insert, 4, expires_at);
      ok = step_done (self, prune, error) && step_done (self, insert, error);
    }

  return commit_or_rollback (self, ok, error);
}

/**
 * gch_server_db_lookup_session:
 * @token_hash: gch_server_auth_hash_token() of the token presented
 *
 * The agent's name and role are read afresh: a change of role applies to
 * the sessions already open.
 *
 * Returns: (transfer full) (nullable): the agent of the session, if the
 *   session exists, has not expired, and its agent still has a password;
 *   %NULL otherwise, with @error set only when the database failed
 */
GchAgent *
gch_server_db_lookup_session (GchServerDb  *self,
                              const char   *token_hash,
                              gint64        now,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GCH_IS_SERVER_DB (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  if (!(stmt = prepare (self,
                        "SELECT a.id, a.name, a.role FROM agent_session s"
                        " JOIN agent a ON a.id = s.agent_id"
                        " JOIN agent_credential c ON c.agent_id = a.id"
                        " WHERE s.token_hash = ? AND s.expires_at > ?",
                        error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, _("The database could not be read"));
      return NULL;
    }

  return agent_from_row (stmt, error);
}

/**
 * gch_server_db_delete_session:
 *
 * Revokes a session: its token is refused from now on.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
gch_server_db_delete_session (GchServerDb  *self,
                              const char   *token_hash,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GCH_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  if (!(stmt = prepare (self, "DELETE FROM agent_session WHERE token_hash = ?", error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

/**
 * gch_server_db_set_site_mode:
 * @expected: the mode the supervisor saw, or -1: another mode now means
 *   another supervisor changed it meanwhile
 * @actor: (nullable): the agent who decided it
 * @previous: (out) (optional): the mode before
 *
 * Puts the site in @mode. A change of mode is an event of the day (record
 * kind "site"), written in the same transaction, as every change is, with
 * the site and the event in the change feed for the stations.
 *
 * Returns: %TRUE when saved; %FALSE with %GCH_ERROR_NOT_FOUND when the
 *   database has no site yet, %GCH_ERROR_CONFLICT when the mode was not
 *   @expected
 */
gboolean
gch_server_db_set_site_mode (GchServerDb  *self,
                             GchSiteMode   mode,
                             int           expected,
                             const char   *actor,
                             gint64        now,
                             GchSiteMode  *previous,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) feed = NULL;
  g_autoptr(GchSite) site = NULL;
  g_autoptr(GchEvent) change = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) event = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *day = NULL;
  const char *code = NULL, *old_nick = NULL, *new_nick;
  int old_mode = mode;
  gboolean ok;
  int rc;

  g_return_val_if_fail (GCH_IS_SERVER_DB (self), FALSE);

  new_nick = gch_enum_to_nick (GCH_TYPE_SITE_MODE, mode);
  g_return_val_if_fail (new_nick != NULL, FALSE);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  ok = (select = prepare (self, "SELECT code, mode, timezone, name, opens_at, closes_at FROM site"
                                " WHERE id = 1", error)) &&
       (feed = prepare (self, "INSERT INTO change_feed (day, record_kind, record_id, body)"
                              " VALUES (?, ?, ?, ?)", error)) &&
       (update = prepare (self, "UPDATE site SET mode = ? WHERE id = 1", error)) &&
       (event = prepare (self,
                         "INSERT INTO event (day, record_kind, record_id, at, actor, from_state,"
                         " to_state) VALUES (?, 'site', ?, ?, ?, ?, ?)",
                         error));

  if (ok)
    {
      rc = sqlite3_step (select);
      if (rc == SQLITE_ROW)
        {
          code = (const char *)sqlite3_column_text (select, 0);
          old_nick = (const char *)sqlite3_column_text (select, 1);
          tz = g_time_zone_new_identifier ((const char *)sqlite3_column_text (select, 2));
          if (!gch_enum_from_nick (GCH_TYPE_SITE_MODE, old_nick, &old_mode))
            old_mode = GCH_SITE_MODE_NORMAL;
          site = g_object_new (GCH_TYPE_SITE,
                               "code", code,
                               "name", (const char *)sqlite3_column_text (select, 3),
                               "timezone", (const char *)sqlite3_column_text (select, 2),
                               "opens-at", sqlite3_column_int (select, 4),
                               "closes-at", sqlite3_column_int (select, 5),
                               "mode", mode,
                               NULL);
          if (expected >= 0 && old_mode != expected)
            {
              /* Translators: a mode, “normal”, “affluence” or “crise” */
              g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                           _("Another supervisor changed the mode meanwhile: the site is in “%s” "
                             "mode now. Nothing was changed."), old_nick);
              ok = FALSE;
            }
        }
      else if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                               _("The server has no site yet: import a day or load the demo "
                                 "first."));
          ok = FALSE;
        }
      else
        {
          set_sqlite_error (self, error, _("The database could not be read"));
          ok = FALSE;
        }
    }

  if (ok && old_mode != (int)mode)
    {
      if (tz == NULL)
        tz = g_time_zone_new_utc ();
      day = gch_day_date_of (tz, now);

      sqlite3_bind_text (update, 1, new_nick, -1, SQLITE_STATIC);
      sqlite3_bind_text (event, 1, day, -1, SQLITE_STATIC);
      sqlite3_bind_text (event, 2, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (event, 3, now);
      if (actor != NULL)
        sqlite3_bind_text (event, 4, actor, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (event, 4);
      sqlite3_bind_text (event, 5, old_nick, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (event, 6, new_nick, -1, SQLITE_STATIC);
      ok = step_done (self, update, error) && step_done (self, event, error);

      /* The stations learn it from the feed: the site, then its event. */
      if (ok)
        {
          g_autoptr(JsonNode) site_json = gch_codec_site_to_json (site);
          g_autoptr(JsonNode) event_json = NULL;
          g_autofree char *site_text = gch_codec_to_string (site_json);
          g_autofree char *event_text = NULL;
          g_autofree char *seq = NULL;

          change = gch_event_new ("site", code, now, actor, 0, old_nick, new_nick, NULL);
          _gch_event_set_seq (change, sqlite3_last_insert_rowid (self->db));
          seq = g_strdup_printf ("%" G_GINT64_FORMAT, gch_event_get_seq (change));
          event_json = gch_codec_event_to_json (change);
          event_text = gch_codec_to_string (event_json);

          sqlite3_bind_text (feed, 1, day, -1, SQLITE_STATIC);
          sqlite3_bind_text (feed, 2, "site", -1, SQLITE_STATIC);
          sqlite3_bind_text (feed, 3, code, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (feed, 4, site_text, -1, SQLITE_STATIC);
          ok = step_done (self, feed, error);
          if (ok)
            {
              sqlite3_reset (feed);
              sqlite3_bind_text (feed, 2, "event", -1, SQLITE_STATIC);
              sqlite3_bind_text (feed, 3, seq, -1, SQLITE_STATIC);
              sqlite3_bind_text (feed, 4, event_text, -1, SQLITE_STATIC);
              ok = step_done (self, feed, error);
            }
        }
    }

  if (ok && previous != NULL)
    *previous = old_mode;

  return commit_or_rollback (self, ok, error);
}

/* The highest number of @prefix on @date that an entry has or a block
 * gives, whichever is higher: a new block starts after it.
 */
static gboolean
highest_number (GchServerDb  *self,
                const char   *date,
                const char   *prefix,
                gint64       *highest,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self,
                        "SELECT max (coalesce ((SELECT max (CAST (substr (ticket, length (?2) + 1)"
                        "  AS INTEGER)) FROM queue_entry WHERE day = ?1"
                        "  AND substr (ticket, 1, length (?2)) = ?2), 0),"
                        " coalesce ((SELECT max (last) FROM ticket_block"
                        "  WHERE day = ?1 AND prefix = ?2), 0))",
                        error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, error, _("The database could not be read"));
      return FALSE;
    }

  *highest = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

#define MAX_TICKET_NUMBER 99999

/**
 * gch_server_db_reserve_tickets:
 * @uuid: the station's request: the same uuid gets the same block
 * @date: the day, `YYYY-MM-DD`
 * @service: the service's code
 * @count: how many numbers
 * @actor: (nullable): the agent whose station asks
 *
 * Gives the next @count numbers of @service's prefix on @date that no
 * entry has and no other block gives, in one transaction: two stations
 * asking at once get two blocks one after the other. A request that comes
 * again (its answer was lost) gets the block it got the first time.
 *
 * Returns: (transfer full): the block, or %NULL with @error set:
 *   %GCH_ERROR_INVALID for an unknown service, %GCH_ERROR_CONFLICT when
 *   @uuid reserved a block of another service or day
 */
GchTicketBlock *
gch_server_db_reserve_tickets (GchServerDb  *self,
                               const char   *uuid,
                               const char   *date,
                               const char   *service,
                               guint         count,
                               const char   *actor,
                               gint64        now,
                               GError      **error)
{
  g_autoptr(sqlite3_stmt) given = NULL;
  g_autoptr(sqlite3_stmt) prefix = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GchTicketBlock) block = NULL;
  gint64 highest = 0;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_SERVER_DB (self), NULL);
  g_return_val_if_fail (uuid != NULL && date != NULL && service != NULL, NULL);
  g_return_val_if_fail (count > 0, NULL);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return NULL;

  ok = (given = prepare (self,
                         "SELECT uuid, day, service, prefix, first, last FROM ticket_block"
                         " WHERE uuid = ?",
                         error)) &&
       (prefix = prepare (self, "SELECT prefix FROM service WHERE code = ?", error)) &&
       (insert = prepare (self,
                          "INSERT INTO ticket_block (uuid, day, service, prefix, first, last,"
                          " reserved_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          error));

  if (ok)
    {
      sqlite3_bind_text (given, 1, uuid, -1, SQLITE_STATIC);
      if (sqlite3_step (given) == SQLITE_ROW)
        {
          block = g_new0 (GchTicketBlock, 1);
          block->uuid = g_strdup ((const char *)sqlite3_column_text (given, 0));
          block->day = g_strdup ((const char *)sqlite3_column_text (given, 1));
          block->service = g_strdup ((const char *)sqlite3_column_text (given, 2));
          block->prefix = g_strdup ((const char *)sqlite3_column_text (given, 3));
          block->first = sqlite3_column_int (given, 4);
          block->last = sqlite3_column_int (given, 5);

          if (!g_str_equal (block->day, date) || !g_str_equal (block->service, service))
            {
              g_set_error (error, GCH_ERROR, GCH_ERROR_CONFLICT,
                           _("Request %s already reserved numbers for another service or day."),
                           uuid);
              g_clear_pointer (&block, gch_ticket_block_free);
              ok = FALSE;
            }
          commit_or_rollback (self, FALSE, NULL);
          return g_steal_pointer (&block);
        }
    }

  if (ok)
    {
      sqlite3_bind_text (prefix, 1, service, -1, SQLITE_STATIC);
      if (sqlite3_step (prefix) != SQLITE_ROW)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("There is no service “%s” at this site."), service);
          ok = FALSE;
        }
    }

  if (ok)
    {
      block = g_new0 (GchTicketBlock, 1);
      block->uuid = g_strdup (uuid);
      block->day = g_strdup (date);
      block->service = g_strdup (service);
      block->prefix = g_strdup ((const char *)sqlite3_column_text (prefix, 0));
      ok = highest_number (self, date, block->prefix, &highest, error);
    }

  if (ok && highest + count > MAX_TICKET_NUMBER)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The ticket numbers of %s are used up for the day."), service);
      ok = FALSE;
    }

  if (ok)
    {
      block->first = highest + 1;
      block->last = highest + count;
      sqlite3_bind_text (insert, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, service, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, block->prefix, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 5, block->first);
      sqlite3_bind_int (insert, 6, block->last);
      sqlite3_bind_int64 (insert, 7, now);
      if (actor != NULL)
        sqlite3_bind_text (insert, 8, actor, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (insert, 8);
      ok = step_done (self, insert, error);
    }

  if (!commit_or_rollback (self, ok, error))
    return NULL;

  return g_steal_pointer (&block);
}
