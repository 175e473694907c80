/* gch-sync.c
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

#define G_LOG_DOMAIN "gch-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "gch-callback.h"
#include "gch-codec.h"
#include "gch-day.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-feedback.h"
#include "gch-store.h"
#include "gch-sync.h"

/* One round of sync with the booking server (DESIGN.md §6): the outbox goes
 * up in batches, each operation with its UUID, so sending it again after a
 * timeout or a crash is harmless; the server's answers settle the outbox
 * (refusals are kept for the agent); then the change feed comes down a
 * page at a time, each page applied with its cursor in one transaction.
 *
 * A round runs in a worker with its own blocking session: the screen never
 * waits for the network or the disk.
 */
struct _GchSync
{
  GObject       parent_instance;

  GchStore     *store;
  char         *base_url;
  char         *token;
  GTlsDatabase *tls_database;
  guint         wait;
  char         *date;
};

G_DEFINE_FINAL_TYPE (GchSync, gch_sync, G_TYPE_OBJECT)

#define BATCH 200
#define PAGE 500
#define TIMEOUT_SECONDS 20
#define CALL_TIMEOUT_SECONDS 8

static void
gch_sync_finalize (GObject *object)
{
  GchSync *self = (GchSync *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->tls_database);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->date, g_free);

  G_OBJECT_CLASS (gch_sync_parent_class)->finalize (object);
}

static void
gch_sync_class_init (GchSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gch_sync_finalize;
}

static void
gch_sync_init (GchSync *self)
{
}

/**
 * gch_sync_new:
 * @store: the station's database
 * @server_url: the server, `https://rdv.prefecture.example/`
 * @token: the token of the agent's login
 *
 * Returns: (transfer full): a sync with that server
 */
GchSync *
gch_sync_new (GchStore   *store,
              const char *server_url,
              const char *token)
{
  GchSync *self;

  g_return_val_if_fail (GCH_IS_STORE (store), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);

  self = g_object_new (GCH_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->base_url = g_str_has_suffix (server_url, "/")
                   ? g_strndup (server_url, strlen (server_url) - 1) : g_strdup (server_url);
  self->token = g_strdup (token);

  return self;
}

/**
 * gch_sync_set_tls_database:
 *
 * Trusts the certificates of @database, for a server whose certificate
 * the system does not know (tests, a site's own authority). An untrusted
 * certificate is always an error, never a question.
 */
void
gch_sync_set_tls_database (GchSync      *self,
                           GTlsDatabase *database)
{
  g_return_if_fail (GCH_IS_SYNC (self));

  g_set_object (&self->tls_database, database);
}

/* Sends a request and reads its whole JSON answer. A body cut short, or
 * not what the API answers, is an error: nothing of it is applied.
 */
/* @http_status: (out) (optional): the answer's status, 0 when none came
 * @message: (out) (optional): the server's own sentence, on an error
 */
static JsonNode *
call_full (GchSync       *self,
           SoupSession   *session,
           const char    *method,
           const char    *path,
           const char    *body,
           guint         *http_status,
           char         **message,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->token ? self->token : "");
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) local = NULL;
  gsize length;
  const char *data;
  guint status;

  if (msg == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("“%s” is not a server address."), self->base_url);
      return NULL;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  if (!(answer = soup_session_send_and_read (session, msg, cancellable, &local)))
    {
      /* The handshake failed before anything was sent: say so plainly,
       * this is not a network outage that waiting will cure.
       */
      if (local->domain == G_TLS_ERROR)
        g_set_error (error, GCH_ERROR, GCH_ERROR_CERTIFICATE,
                     _("The server’s certificate is not trusted by this computer (%s). "
                       "Nothing was sent; ask your administrator to install the site’s certificate."),
                     local->message);
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, GCH_ERROR, GCH_ERROR_UNREACHABLE,
                     _("The server could not be reached: %s"), local->message);
      return NULL;
    }

  status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer, &length);
  json = gch_codec_parse (data, length, NULL);
  if (http_status != NULL)
    *http_status = status;

  if (status != SOUP_STATUS_OK)
    {
      JsonObject *object = json && JSON_NODE_HOLDS_OBJECT (json) ? json_node_get_object (json) : NULL;
      const char *said = object ? json_object_get_string_member_with_default (object, "message", NULL) : NULL;

      if (message != NULL)
        *message = g_strdup (said);
      g_set_error (error, GCH_ERROR,
                   status == SOUP_STATUS_UNAUTHORIZED ? GCH_ERROR_AUTH
                   : status == SOUP_STATUS_GONE ? GCH_ERROR_BEHIND
                   : GCH_ERROR_FAILED,
                   _("The server answered %u: %s"), status,
                   said != NULL ? said : soup_message_get_reason_phrase (msg));
      return NULL;
    }

  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The server’s answer could not be read; nothing of it was applied."));
      return NULL;
    }

  return g_steal_pointer (&json);
}

static JsonNode *
call (GchSync       *self,
      SoupSession   *session,
      const char    *method,
      const char    *path,
      const char    *body,
      GCancellable  *cancellable,
      GError       **error)
{
  return call_full (self, session, method, path, body, NULL, NULL, cancellable, error);
}

static gboolean
push (GchSync        *self,
      SoupSession    *session,
      GchSyncReport  *report,
      GCancellable   *cancellable,
      GError        **error)
{
  while (TRUE)
    {
      g_autoptr(GPtrArray) operations = gch_store_load_outbox (self->store, BATCH, error);
      g_autoptr(JsonArray) list = json_array_new ();
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) body_node = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GPtrArray) results = NULL;
      g_autofree char *body = NULL;
      JsonArray *answers;

      if (operations == NULL)
        return FALSE;
      /* All of it is on the server: the tickets issued offline too. */
      if (operations->len == 0)
        return gch_store_forget_offline_entries (self->store, error);

      /* A batch stays well under the largest body the server reads, however
       * big its operations (the register's signatures): the rest goes next.
       */
      for (guint i = 0, size = 0; i < operations->len; i++)
        {
          JsonNode *operation = gch_codec_operation_to_json (g_ptr_array_index (operations, i));
          g_autofree char *text = gch_codec_to_string (operation);

          size += strlen (text);
          if (size > GCH_CODEC_MAX_BODY / 2 && i > 0)
            {
              json_node_unref (operation);
              g_ptr_array_set_size (operations, i);
              break;
            }
          json_array_add_element (list, operation);
        }
      json_object_set_array_member (object, "operations", json_array_ref (list));
      body_node = json_node_init_object (json_node_alloc (), object);
      body = gch_codec_to_string (body_node);

      if (!(answer = call (self, session, "POST", "/api/v1/operations", body, cancellable, error)))
        return FALSE;

      answers = json_object_get_array_member (json_node_get_object (answer), "results");
      if (answers == NULL || json_array_get_length (answers) != operations->len)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The server’s answer could not be read; nothing of it was applied."));
          return FALSE;
        }

      results = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (answers); i++)
        {
          JsonNode *node = json_array_get_element (answers, i);
          JsonObject *result;
          const char *status;
          const char *uuid;
          gboolean sent = FALSE;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          result = json_node_get_object (node);
          /* Only an answer naming an operation of the batch settles it. */
          uuid = json_object_get_string_member_with_default (result, "uuid", NULL);
          for (guint j = 0; uuid != NULL && j < operations->len && !sent; j++)
            sent = g_str_equal (((GchOperation *) g_ptr_array_index (operations, j))->uuid, uuid);
          if (!sent)
            continue;
          status = json_object_get_string_member_with_default (result, "status", "");
          if (g_str_equal (status, "conflict") || g_str_equal (status, "rejected"))
            report->refused++;
          else
            report->pushed++;
          g_ptr_array_add (results, result);
        }

      /* A batch of which the server settled nothing would go again, the
       * same, forever: stop, and say so. It stays in the outbox for the
       * next sync.
       */
      if (results->len == 0)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_REFUSED,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The server did not take the operation waiting to be sent, "
                                    "and did not say why. It stays on this station and goes "
                                    "again at the next sync; if this lasts, tell your "
                                    "administrator.",
                                    "The server did not take the %u operations waiting to be "
                                    "sent, and did not say why. They stay on this station and go "
                                    "again at the next sync; if this lasts, tell your "
                                    "administrator.",
                                    operations->len),
                       operations->len);
          return FALSE;
        }

      if (!gch_store_settle_operations (self->store, results,
                                        g_get_real_time () / G_USEC_PER_SEC, error))
        return FALSE;
    }
}

static gboolean
pull (GchSync        *self,
      SoupSession    *session,
      guint           wait,
      GchSyncReport  *report,
      GCancellable   *cancellable,
      GError        **error)
{
  gboolean more = TRUE;

  while (more)
    {
      gint64 after = gch_store_get_cursor (self->store);
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?after=%" G_GINT64_FORMAT
                                               "&limit=%d&wait=%u", after, PAGE, wait);
      g_autoptr(GError) stale = NULL;
      g_autoptr(JsonNode) answer = NULL;
      JsonObject *page;
      JsonArray *changes;
      gint64 cursor;

      if (!(answer = call (self, session, "GET", path, NULL, cancellable, error)))
        return FALSE;

      page = json_node_get_object (answer);
      changes = json_object_get_array_member (page, "changes");
      cursor = json_object_get_int_member_with_default (page, "cursor", -1);
      more = json_object_get_boolean_member_with_default (page, "more", FALSE);
      if (changes == NULL || cursor < after)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The server’s answer could not be read; nothing of it was applied."));
          return FALSE;
        }

      if (!gch_store_apply_feed (self->store, changes, after, cursor, &stale))
        {
          /* Another pull took this page meanwhile: ask again from where it got. */
          if (!g_error_matches (stale, GCH_ERROR, GCH_ERROR_CONFLICT))
            {
              g_propagate_error (error, g_steal_pointer (&stale));
              return FALSE;
            }
          more = TRUE;
          continue;
        }

      report->pulled += json_array_get_length (changes);
      report->cursor = cursor;
      /* Only the first request of a round waits for news. */
      wait = 0;
    }

  return TRUE;
}

/* The register's records logged before, for a login that reads it, from
 * a snapshot's @records (none: nothing to read) into @feedback.
 */
static gboolean
read_feedback (JsonArray *records,
               GPtrArray *feedback)
{
  for (guint i = 0; records != NULL && i < json_array_get_length (records); i++)
    {
      GchFeedback *record = gch_codec_feedback_from_json (json_array_get_element (records, i),
                                                          NULL);

      if (record == NULL)
        return FALSE;
      g_ptr_array_add (feedback, record);
    }
  return TRUE;
}

/* A station that made its day itself (the demo's) and never pulled has
 * the day, but not the register logged before it, which is not in the
 * feed it follows from its cursor: it takes the snapshot's, and keeps
 * its day. The records count as pulled, so that the screens read them.
 */
static gboolean
join_register (GchSync        *self,
               SoupSession    *session,
               GchSyncReport  *report,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/days/%s/snapshot", self->date);
  g_autoptr(GPtrArray) feedback = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) answer = NULL;

  if (!(answer = call (self, session, "GET", path, NULL, cancellable, error)))
    return FALSE;

  if (!read_feedback (json_object_get_array_member (json_node_get_object (answer), "feedback"),
                      feedback))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The server’s answer could not be read; nothing of it was applied."));
      return FALSE;
    }

  if (!gch_store_merge_feedback (self->store, feedback, error))
    return FALSE;

  report->pulled += feedback->len;
  return TRUE;
}

/* A full resync: the day as the server has it, with the feed's position
 * it matches, replaces the station's copy. What waits in the outbox goes
 * up first, so that nothing the agent did leaves the screen.
 */
static gboolean
resync (GchSync        *self,
        SoupSession    *session,
        GchSyncReport  *report,
        GCancellable   *cancellable,
        GError        **error)
{
  g_autofree char *path = NULL;

  if (self->date == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_BEHIND,
                   _("The station is too far behind the server, and does not know which day to "
                     "load again."));
      return FALSE;
    }

  path = g_strdup_printf ("/api/v1/days/%s/snapshot", self->date);
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GchDay) day = NULL;
      g_autoptr(GError) local = NULL;
      JsonObject *snapshot;
      JsonNode *day_node;
      JsonArray *callbacks;
      JsonArray *help_sessions;
      JsonArray *records;
      g_autoptr(GPtrArray) feedback = g_ptr_array_new_with_free_func (g_object_unref);
      gboolean readable;
      gint64 cursor;

      if (!push (self, session, report, cancellable, error) ||
          !(answer = call (self, session, "GET", path, NULL, cancellable, error)))
        return FALSE;

      snapshot = json_node_get_object (answer);
      cursor = json_object_get_int_member_with_default (snapshot, "cursor", -1);
      day_node = json_object_get_member (snapshot, "day");
      callbacks = json_object_get_array_member (snapshot, "callbacks");
      help_sessions = json_object_get_array_member (snapshot, "help-sessions");
      records = json_object_get_array_member (snapshot, "feedback");
      readable = cursor >= 0 && day_node != NULL &&
                 (day = gch_codec_day_from_json (day_node, NULL)) != NULL &&
                 g_strcmp0 (day->date, self->date) == 0;
      /* The day's call-backs come beside the day, read against it. */
      for (guint i = 0; readable && callbacks != NULL && i < json_array_get_length (callbacks); i++)
        {
          GchCallback *callback = gch_codec_callback_from_json (json_array_get_element (callbacks, i),
                                                                day, NULL);

          if (callback == NULL)
            readable = FALSE;
          else
            g_ptr_array_add (day->callbacks, callback);
        }
      readable = readable && read_feedback (records, feedback);
      if (!readable)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The server’s answer could not be read; nothing of it was applied."));
          return FALSE;
        }

      if (gch_store_replace_day (self->store, day, help_sessions, feedback, cursor, &local))
        {
          report->cursor = cursor;
          report->resynced = TRUE;
          return TRUE;
        }

      /* An action was saved meanwhile: send it, and load again. */
      if (attempt == 3 || !g_error_matches (local, GCH_ERROR, GCH_ERROR_CONFLICT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
}

/* The feed down to its end; a cursor the server no longer serves leads to
 * a full resync, and the feed from there.
 */
static gboolean
pull_or_resync (GchSync        *self,
                SoupSession    *session,
                guint           wait,
                GchSyncReport  *report,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GError) local = NULL;

  if (pull (self, session, wait, report, cancellable, &local))
    return TRUE;

  if (!g_error_matches (local, GCH_ERROR, GCH_ERROR_BEHIND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  return resync (self, session, report, cancellable, error) &&
         pull (self, session, 0, report, cancellable, error);
}

/* One session a round: blocking, in the round's thread. @timeout covers a
 * round's wait for news, on top of the answer's own time.
 */
static SoupSession *
new_session (GchSync *self,
             guint    timeout)
{
  SoupSession *session = soup_session_new_with_options ("timeout", timeout,
                                                        "user-agent", "guichet/" PACKAGE_VERSION,
                                                        NULL);

  if (self->tls_database != NULL)
    soup_session_set_tls_database (session, self->tls_database);
  return session;
}

/**
 * gch_sync_set_wait:
 * @seconds: how long the server may hold a round's first pull when it has
 *   no news, at most 60; 0 (the default) answers at once
 *
 * Long-polling: an idle station asks once and hears of a change as soon as
 * it happens, instead of asking over and over.
 */
void
gch_sync_set_wait (GchSync *self,
                   guint    seconds)
{
  g_return_if_fail (GCH_IS_SYNC (self));

  /* Set between rounds by the main thread, read by the next round's worker. */
  g_atomic_int_set (&self->wait, MIN (seconds, 60));
}

/**
 * gch_sync_set_date:
 * @date: (nullable): the day the station works on, YYYY-MM-DD
 *
 * The day loaded whole from the server when the station has not got it
 * yet, or when it is too far behind the server's feed to catch up change
 * by change. Without it, such a station can only say so.
 */
void
gch_sync_set_date (GchSync    *self,
                   const char *date)
{
  g_return_if_fail (GCH_IS_SYNC (self));

  g_free (self->date);
  self->date = g_strdup (date);
}

/**
 * gch_sync_push:
 * @report: (out caller-allocates) (optional): what the push did; the pull's
 *   fields are left at zero
 *
 * Sends the outbox only, in batches, blocking: to send an action as soon
 * as it is saved, without waiting for the feed.
 *
 * Returns: %TRUE when the outbox is empty, or holds only what came after
 */
gboolean
gch_sync_push (GchSync        *self,
               GchSyncReport  *report,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(SoupSession) session = NULL;
  GchSyncReport local = { 0 };
  gboolean ok;

  g_return_val_if_fail (GCH_IS_SYNC (self), FALSE);

  session = new_session (self, TIMEOUT_SECONDS);
  local.cursor = gch_store_get_cursor (self->store);
  ok = push (self, session, &local, cancellable, error);
  if (report != NULL)
    *report = local;
  return ok;
}

static gboolean reserve (GchSync       *self,
                         SoupSession   *session,
                         const char    *date,
                         GCancellable  *cancellable,
                         GError       **error);

/**
 * gch_sync_run:
 * @report: (out caller-allocates) (optional): what the round did
 *
 * One round: the whole outbox up, then the feed down to its end. Blocks
 * on the network and the disk: call it from a worker, or use
 * gch_sync_run_async(). A round cut short by an error leaves everything
 * consistent; the next round goes on from there.
 *
 * Returns: %TRUE if the round went through; %FALSE with @error set
 *   otherwise, %GCH_ERROR_REFUSED when the server settled none of the
 *   operations it was sent (they stay in the outbox; the feed came down
 *   all the same)
 */
gboolean
gch_sync_run (GchSync        *self,
              GchSyncReport  *report,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) unreserved = NULL;
  g_autoptr(GError) unsettled = NULL;
  GchSyncReport local = { 0 };
  guint wait;

  g_return_val_if_fail (GCH_IS_SYNC (self), FALSE);

  wait = (guint) g_atomic_int_get (&self->wait);
  session = new_session (self, TIMEOUT_SECONDS + wait);
  local.cursor = gch_store_get_cursor (self->store);
  /* A station new to the server has nothing to pull its changes onto. */
  if (self->date != NULL &&
      (gch_store_has_day (self->store, self->date)
         ? !gch_store_has_pulled (self->store) &&
           !join_register (self, session, &local, cancellable, error)
         : !resync (self, session, &local, cancellable, error)))
    {
      if (report != NULL)
        *report = local;
      return FALSE;
    }

  /* Wait for news only when nothing was sent: what was sent comes back
   * at once. An operation the server left unsettled must not keep the
   * station from the others' news: the feed comes down, waiting for news
   * like any round that sent nothing (the next round would only send the
   * same again), and the round reports the push's error after it.
   */
  if ((!push (self, session, &local, cancellable, &unsettled) &&
       !g_error_matches (unsettled, GCH_ERROR, GCH_ERROR_REFUSED)) ||
      !pull_or_resync (self, session, local.pushed + local.refused == 0 ? wait : 0, &local,
                       cancellable, error) ||
      unsettled != NULL)
    {
      if (unsettled != NULL && (error == NULL || *error == NULL))
        g_propagate_error (error, g_steal_pointer (&unsettled));
      if (report != NULL)
        *report = local;
      return FALSE;
    }

  /* Numbers ahead are for later: the round itself went through. */
  if (!reserve (self, session, self->date, cancellable, &unreserved))
    g_debug ("Ticket numbers could not be reserved: %s", unreserved->message);

  if (report != NULL)
    *report = local;
  return TRUE;
}

/**
 * gch_sync_call_next:
 * @guichet: the guichet that calls
 * @at: the station's time, which the queue's order depends on
 * @report: (out caller-allocates) (optional): what the push and pull did
 *
 * Online, "call next" is decided by the server, so that two guichets
 * never call the same person: the outbox goes up first (the guichet must
 * be free there too), the server calls, and the call comes down with the
 * feed, saved in the station before this returns. A lost answer is asked
 * for again under the same UUID, which gets the same person.
 *
 * Blocks on the network: call it from a worker, or use
 * gch_sync_call_next_async().
 *
 * Returns: (transfer full): the ticket called, or %NULL with @error set:
 *   %GCH_ERROR_UNREACHABLE when the server did not answer (call offline
 *   instead), %GCH_ERROR_REFUSED with the server's reason (nobody waiting,
 *   the guichet busy or closed)
 */
char *
gch_sync_call_next (GchSync        *self,
                    guint           guichet,
                    gint64          at,
                    GchSyncReport  *report,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *path = g_strdup_printf ("/api/v1/guichets/%u/call-next", guichet);
  g_autofree char *body = NULL;
  g_autofree char *ticket = NULL;
  GchSyncReport local = { 0 };
  const char *status, *first;
  JsonObject *result;

  g_return_val_if_fail (GCH_IS_SYNC (self), NULL);

  /* The agent waits for this one: a server that does not answer soon is
   * treated as away, and the station calls offline.
   */
  session = new_session (self, CALL_TIMEOUT_SECONDS);
  local.cursor = gch_store_get_cursor (self->store);
  if (!push (self, session, &local, cancellable, error))
    goto out;

  json_object_set_string_member (object, "uuid", uuid);
  json_object_set_int_member (object, "at", at);
  body_node = json_node_init_object (json_node_alloc (), object);
  body = gch_codec_to_string (body_node);

  for (guint attempt = 1; !answer; attempt++)
    {
      g_autoptr(GError) failure = NULL;

      if ((answer = call (self, session, "POST", path, body, cancellable, &failure)) == NULL &&
          (attempt == 2 || !g_error_matches (failure, GCH_ERROR, GCH_ERROR_UNREACHABLE)))
        {
          g_propagate_error (error, g_steal_pointer (&failure));
          goto out;
        }
    }

  result = json_node_get_object (answer);
  status = json_object_get_string_member_with_default (result, "status", "");
  first = json_object_get_string_member_with_default (result, "first-status", "");
  if (g_str_equal (status, "applied") ||
      (g_str_equal (status, "duplicate") && g_str_equal (first, "applied")))
    ticket = g_strdup (json_object_get_string_member_with_default (result, "ticket", NULL));

  if (ticket == NULL)
    {
      const char *message = json_object_get_string_member_with_default (result, "message", NULL);

      if (message != NULL)
        g_set_error_literal (error, GCH_ERROR, GCH_ERROR_REFUSED, message);
      else
        g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                     _("The server’s answer could not be read; nothing of it was applied."));
      goto out;
    }

  /* The call is made: if the feed does not come down now, the next round
   * brings it.
   */
  pull_or_resync (self, session, 0, &local, cancellable, NULL);

out:
  if (report != NULL)
    *report = local;
  return g_steal_pointer (&ticket);
}

typedef struct
{
  guint  guichet;
  gint64 at;
} CallNext;

static void
call_next_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CallNext *call_next = task_data;
  GError *error = NULL;
  char *ticket;

  if ((ticket = gch_sync_call_next (source_object, call_next->guichet, call_next->at, NULL,
                                    cancellable, &error)))
    g_task_return_pointer (task, ticket, g_free);
  else
    g_task_return_error (task, error);
}

void
gch_sync_call_next_async (GchSync             *self,
                          guint                guichet,
                          gint64               at,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallNext *call_next = g_new0 (CallNext, 1);

  g_return_if_fail (GCH_IS_SYNC (self));

  call_next->guichet = guichet;
  call_next->at = at;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_call_next_async);
  g_task_set_task_data (task, call_next, g_free);
  g_task_run_in_thread (task, call_next_worker);
}

/**
 * gch_sync_call_next_finish:
 *
 * Returns: (transfer full): the ticket called, or %NULL with @error set
 */
char *
gch_sync_call_next_finish (GchSync       *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
push_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (gch_sync_push (source_object, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * gch_sync_push_async:
 *
 * gch_sync_push() in a worker: to send an action as soon as it is saved,
 * while a round may be waiting for news.
 */
void
gch_sync_push_async (GchSync             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_push_async);
  g_task_run_in_thread (task, push_worker);
}

gboolean
gch_sync_push_finish (GchSync       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GchSyncReport *report = g_new0 (GchSyncReport, 1);
  GError *error = NULL;

  if (gch_sync_run (source_object, report, cancellable, &error))
    g_task_return_pointer (task, report, g_free);
  else
    {
      g_free (report);
      g_task_return_error (task, error);
    }
}

void
gch_sync_run_async (GchSync             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_run_async);
  g_task_run_in_thread (task, run_worker);
}

gboolean
gch_sync_run_finish (GchSync        *self,
                     GAsyncResult   *result,
                     GchSyncReport  *report,
                     GError        **error)
{
  g_autofree GchSyncReport *done = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(done = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  if (report != NULL)
    *report = *done;
  return TRUE;
}

/* Ticket blocks (DESIGN.md §6): while online, the station keeps numbers
 * ahead for every service — walk-ins, check-ins and transfers all take
 * one — so that offline it still gives tickets no other station gives.
 */

#define TICKETS_AHEAD 20
#define TICKETS_PER_BLOCK 50

/* A request whose answer was lost is sent again with the same uuid, and
 * gets the same block: kept here, by day and service, until answered.
 */
static GHashTable *
pending_requests (GchSync *self)
{
  GHashTable *pending = g_object_get_data (G_OBJECT (self), "gch-sync-ticket-requests");

  if (pending == NULL)
    {
      pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_data_full (G_OBJECT (self), "gch-sync-ticket-requests", pending,
                              (GDestroyNotify) g_hash_table_unref);
    }

  return pending;
}

static GchTicketBlock *
reserve_block (GchSync       *self,
               SoupSession   *session,
               const char    *date,
               const char    *service,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *key = g_strdup_printf ("%s %s", date, service);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GchTicketBlock) block = NULL;
  g_autofree char *body = NULL;
  GHashTable *pending = pending_requests (self);
  const char *uuid = g_hash_table_lookup (pending, key);
  JsonObject *given;
  gint64 first, last;

  if (uuid == NULL)
    {
      uuid = g_uuid_string_random ();
      g_hash_table_insert (pending, g_strdup (key), (char *)uuid);
    }

  json_object_set_string_member (object, "uuid", uuid);
  json_object_set_string_member (object, "date", date);
  json_object_set_string_member (object, "service", service);
  json_object_set_int_member (object, "count", TICKETS_PER_BLOCK);
  body_node = json_node_init_object (json_node_alloc (), object);
  body = gch_codec_to_string (body_node);

  if (!(answer = call (self, session, "POST", "/api/v1/ticket-blocks", body, cancellable, error)))
    return NULL;

  given = json_node_get_object (answer);
  first = json_object_get_int_member_with_default (given, "first", 0);
  last = json_object_get_int_member_with_default (given, "last", 0);
  if (g_strcmp0 (json_object_get_string_member_with_default (given, "uuid", NULL), uuid) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (given, "date", NULL), date) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (given, "service", NULL), service) != 0 ||
      json_object_get_string_member_with_default (given, "prefix", NULL) == NULL ||
      first < 1 || last < first || last > G_MAXINT)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The server’s answer could not be read; nothing of it was applied."));
      return NULL;
    }

  block = g_new0 (GchTicketBlock, 1);
  block->uuid = g_strdup (uuid);
  block->day = g_strdup (date);
  block->service = g_strdup (service);
  block->prefix = g_strdup (json_object_get_string_member (given, "prefix"));
  block->first = first;
  block->last = last;
  return g_steal_pointer (&block);
}

/* One top-up at a time (a round and a station short of numbers may both
 * ask): the second sees the first's blocks, and the pending requests are
 * never touched from two threads.
 */
G_LOCK_DEFINE_STATIC (reserving);

static gboolean
reserve_locked (GchSync       *self,
                SoupSession   *session,
                const char    *date,
                GCancellable  *cancellable,
                GError       **error);

static gboolean
reserve (GchSync       *self,
         SoupSession   *session,
         const char    *date,
         GCancellable  *cancellable,
         GError       **error)
{
  gboolean ok;

  G_LOCK (reserving);
  ok = reserve_locked (self, session, date, cancellable, error);
  G_UNLOCK (reserving);

  return ok;
}

static gboolean
reserve_locked (GchSync       *self,
                SoupSession   *session,
                const char    *date,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *today = NULL;
  g_auto(GStrv) services = NULL;

  if (date == NULL)
    date = today = gch_store_dup_date_at (self->store, g_get_real_time () / G_USEC_PER_SEC);

  if (!(services = gch_store_dup_service_codes (self->store, error)))
    return FALSE;

  for (guint i = 0; services[i] != NULL; i++)
    {
      gint64 free_numbers = gch_store_count_free_tickets (self->store, date, services[i], error);

      if (free_numbers < 0)
        return FALSE;

      while (free_numbers < TICKETS_AHEAD)
        {
          g_autoptr(GchTicketBlock) block = NULL;
          g_autofree char *key = g_strdup_printf ("%s %s", date, services[i]);

          if (!(block = reserve_block (self, session, date, services[i], cancellable, error)) ||
              !gch_store_add_ticket_block (self->store, block, g_get_real_time () / G_USEC_PER_SEC,
                                           error))
            return FALSE;

          /* Kept: the next request is a new one. */
          g_hash_table_remove (pending_requests (self), key);
          free_numbers += block->last - block->first + 1;
        }
    }

  return TRUE;
}

/**
 * gch_sync_reserve_tickets:
 * @date: (nullable): the day, `YYYY-MM-DD`; %NULL for the site's today
 *
 * Tops up the station's ticket blocks for @date: every service with fewer
 * than 20 numbers left gets a new block of 50 from the server. A round of
 * gch_sync_run() does it for today after the pull. Blocks on the network
 * and the disk.
 *
 * Returns: %TRUE when every service has numbers ahead
 */
gboolean
gch_sync_reserve_tickets (GchSync       *self,
                          const char    *date,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(SoupSession) session = NULL;

  g_return_val_if_fail (GCH_IS_SYNC (self), FALSE);
  g_return_val_if_fail (date == NULL || gch_day_parse_date (date, NULL, NULL, NULL), FALSE);

  session = new_session (self, TIMEOUT_SECONDS);
  return reserve (self, session, date, cancellable, error);
}

static void
reserve_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (gch_sync_reserve_tickets (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gch_sync_reserve_tickets_async (GchSync             *self,
                                const char          *date,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_reserve_tickets_async);
  g_task_set_task_data (task, g_strdup (date), g_free);
  g_task_run_in_thread (task, reserve_worker);
}

gboolean
gch_sync_reserve_tickets_finish (GchSync       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The site's mode */

/**
 * gch_sync_set_mode:
 * @mode: the mode a supervisor chose
 * @from: the mode the supervisor saw: if the site is no longer in it,
 *   another supervisor changed it meanwhile and nothing changes
 *
 * Changes the site's mode at the server (`PUT /api/v1/site/mode`), and on
 * this station at once; the feed brings the same, with its event.
 * Blocks on the network: use gch_sync_set_mode_async() from the screen.
 *
 * Returns: %TRUE when the site is in @mode, or %FALSE with @error set:
 *   %GCH_ERROR_CONFLICT with the server's sentence when another supervisor
 *   changed the mode first, %GCH_ERROR_REFUSED when the agent is not a
 *   supervisor, %GCH_ERROR_UNREACHABLE when the server did not answer
 */
gboolean
gch_sync_set_mode (GchSync       *self,
                   GchSiteMode    mode,
                   GchSiteMode    from,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *body = NULL;
  g_autofree char *message = NULL;
  const char *nick = gch_enum_to_nick (GCH_TYPE_SITE_MODE, mode);
  const char *from_nick = gch_enum_to_nick (GCH_TYPE_SITE_MODE, from);
  guint status = 0;

  g_return_val_if_fail (GCH_IS_SYNC (self), FALSE);

  if (nick == NULL || from_nick == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The mode must be “normal”, “affluence” or “crise”."));
      return FALSE;
    }

  json_object_set_string_member (object, "mode", nick);
  json_object_set_string_member (object, "from", from_nick);
  body_node = json_node_init_object (json_node_alloc (), object);
  body = gch_codec_to_string (body_node);

  session = new_session (self, CALL_TIMEOUT_SECONDS);
  answer = call_full (self, session, "PUT", "/api/v1/site/mode", body, &status, &message,
                      cancellable, &local);
  if (answer == NULL)
    {
      if (status == SOUP_STATUS_CONFLICT && message != NULL)
        g_set_error_literal (error, GCH_ERROR, GCH_ERROR_CONFLICT, message);
      else if (status == SOUP_STATUS_FORBIDDEN)
        g_set_error (error, GCH_ERROR, GCH_ERROR_REFUSED,
                     _("Only a supervisor can change the site’s mode."));
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  return gch_store_set_site_mode (self->store, mode, error);
}

typedef struct
{
  GchSiteMode mode;
  GchSiteMode from;
} SetMode;

static void
set_mode_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SetMode *set_mode = task_data;
  GError *error = NULL;

  if (gch_sync_set_mode (source_object, set_mode->mode, set_mode->from, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * gch_sync_set_mode_async:
 *
 * gch_sync_set_mode() in a worker.
 */
void
gch_sync_set_mode_async (GchSync             *self,
                         GchSiteMode          mode,
                         GchSiteMode          from,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SetMode *set_mode = g_new0 (SetMode, 1);

  g_return_if_fail (GCH_IS_SYNC (self));

  set_mode->mode = mode;
  set_mode->from = from;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_set_mode_async);
  g_task_set_task_data (task, set_mode, g_free);
  g_task_run_in_thread (task, set_mode_worker);
}

gboolean
gch_sync_set_mode_finish (GchSync       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Figures */

/**
 * gch_sync_fetch_figures:
 * @from: the first day, `YYYY-MM-DD`
 * @to: the last day, included
 * @target_minutes: the target wait
 *
 * Asks the server for the figures of a period (`GET /api/v1/figures`,
 * supervisors only). Blocks on the network: call it from a worker, or use
 * gch_sync_fetch_figures_async().
 *
 * Returns: (transfer full): the figures as the server wrote them, for
 *   gch_figures_from_json(), or %NULL with @error set
 */
JsonNode *
gch_sync_fetch_figures (GchSync       *self,
                        const char    *from,
                        const char    *to,
                        guint          target_minutes,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (GCH_IS_SYNC (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  path = g_strdup_printf ("/api/v1/figures?from=%s&to=%s&target=%u", from, to, target_minutes);
  session = new_session (self, TIMEOUT_SECONDS);
  return call (self, session, "GET", path, NULL, cancellable, error);
}

typedef struct
{
  char  *from;
  char  *to;
  guint  target;
} FetchFigures;

static void
fetch_figures_free (FetchFigures *fetch)
{
  g_free (fetch->from);
  g_free (fetch->to);
  g_free (fetch);
}

static void
fetch_figures_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  FetchFigures *fetch = task_data;
  GError *error = NULL;
  JsonNode *node;

  if ((node = gch_sync_fetch_figures (source_object, fetch->from, fetch->to, fetch->target,
                                      cancellable, &error)))
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
  else
    g_task_return_error (task, error);
}

void
gch_sync_fetch_figures_async (GchSync             *self,
                              const char          *from,
                              const char          *to,
                              guint                target_minutes,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchFigures *fetch;

  g_return_if_fail (GCH_IS_SYNC (self));

  fetch = g_new0 (FetchFigures, 1);
  fetch->from = g_strdup (from);
  fetch->to = g_strdup (to);
  fetch->target = target_minutes;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_fetch_figures_async);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_figures_free);
  g_task_run_in_thread (task, fetch_figures_worker);
}

/**
 * gch_sync_fetch_figures_finish:
 *
 * Returns: (transfer full): the figures' JSON, or %NULL with @error set
 */
JsonNode *
gch_sync_fetch_figures_finish (GchSync       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* privacy: a complaint's contact, read at the server */

/* The server's answer about @id's contact, or %NULL with @error set. */
static JsonNode *
fetch_feedback_contact (GchSync       *self,
                        const char    *id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  JsonNode *answer;
  guint status = 0;

  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                   _("There is no such record in the register."));
      return NULL;
    }

  path = g_strdup_printf ("/api/v1/feedback/%s/contact", id);
  session = new_session (self, CALL_TIMEOUT_SECONDS);
  if ((answer = call_full (self, session, "GET", path, NULL, &status, &message, cancellable,
                           &local)) != NULL)
    return answer;

  if (status == SOUP_STATUS_FORBIDDEN)
    g_set_error_literal (error, GCH_ERROR, GCH_ERROR_REFUSED,
                         message != NULL ? message
                                         : _("Only a supervisor or the quality referent can read "
                                             "a person’s contact details."));
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_set_error_literal (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                         message != NULL ? message : _("There is no such record in the register."));
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

/* Gives @feedback the contact the server answered (none: an empty one). */
static gboolean
take_feedback_contact (GchFeedback  *feedback,
                       JsonNode     *answer,
                       GError      **error)
{
  JsonObject *object = json_node_get_object (answer);

  if (g_strcmp0 (json_object_get_string_member_with_default (object, "feedback", NULL),
                 gch_feedback_get_id (feedback)) != 0)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The server’s answer could not be read; nothing of it was applied."));
      return FALSE;
    }

  if (!json_object_get_boolean_member_with_default (object, "contact", FALSE))
    {
      gch_feedback_erase_contact (feedback);
      return TRUE;
    }

  return gch_feedback_set_contact (feedback, TRUE,
                                   json_object_get_string_member_with_default (object, "name", NULL),
                                   json_object_get_string_member_with_default (object, "email", NULL),
                                   json_object_get_string_member_with_default (object, "phone", NULL),
                                   error);
}

/**
 * gch_sync_fetch_feedback_contact:
 * @feedback: a record of the register, as the station has it: without its
 *   contact, which never travels in the feed
 *
 * Reads the person's contact at the server
 * (`GET /api/v1/feedback/{uuid}/contact`), a supervisor's or the quality
 * referent's only, and gives it to @feedback. The server records the read
 * as an event of the record, with who read it; the feed brings that event
 * to the stations, this one included: do not record another here (the
 * contact of a record logged at this station is read with
 * gch_store_read_feedback_contact(), which records its own). The contact
 * is not written to the station's disk.
 *
 * Blocks on the network: call it from a worker, or use
 * gch_sync_fetch_feedback_contact_async().
 *
 * Returns: %TRUE when read (the contact is empty when the person gave
 *   none, or it was erased), or %FALSE with @error set:
 *   %GCH_ERROR_REFUSED with the server's sentence for another role,
 *   %GCH_ERROR_NOT_FOUND for a record the server does not have,
 *   %GCH_ERROR_UNREACHABLE when the server did not answer
 */
gboolean
gch_sync_fetch_feedback_contact (GchSync       *self,
                                 GchFeedback   *feedback,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;

  g_return_val_if_fail (GCH_IS_SYNC (self), FALSE);
  g_return_val_if_fail (GCH_IS_FEEDBACK (feedback), FALSE);

  return (answer = fetch_feedback_contact (self, gch_feedback_get_id (feedback), cancellable,
                                           error)) != NULL &&
         take_feedback_contact (feedback, answer, error);
}

static void
fetch_feedback_contact_worker (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *answer;

  /* Only the network here: the record is the caller's, and its thread's. */
  if ((answer = fetch_feedback_contact (source_object, task_data, cancellable, &error)))
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
  else
    g_task_return_error (task, error);
}

/**
 * gch_sync_fetch_feedback_contact_async:
 *
 * gch_sync_fetch_feedback_contact() in a worker; @feedback gets its
 * contact in gch_sync_fetch_feedback_contact_finish(), on the caller's
 * thread.
 */
void
gch_sync_fetch_feedback_contact_async (GchSync             *self,
                                       GchFeedback         *feedback,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_SYNC (self));
  g_return_if_fail (GCH_IS_FEEDBACK (feedback));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_sync_fetch_feedback_contact_async);
  g_task_set_task_data (task, g_strdup (gch_feedback_get_id (feedback)), g_free);
  g_object_set_data_full (G_OBJECT (task), "gch-feedback", g_object_ref (feedback),
                          g_object_unref);
  g_task_run_in_thread (task, fetch_feedback_contact_worker);
}

/**
 * gch_sync_fetch_feedback_contact_finish:
 *
 * Returns: %TRUE when the record given to
 *   gch_sync_fetch_feedback_contact_async() has its contact (maybe empty),
 *   or %FALSE with @error set
 */
gboolean
gch_sync_fetch_feedback_contact_finish (GchSync       *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return (answer = g_task_propagate_pointer (G_TASK (result), error)) != NULL &&
         take_feedback_contact (g_object_get_data (G_OBJECT (result), "gch-feedback"), answer,
                                error);
}

/**
 * gch_sync_fetch_feedback_contacts:
 * @records: (element-type GchFeedback): records of the register, as the
 *   station has them: without the contacts it does not keep
 * @n_read: (out) (optional): how many of @records the server answered
 *
 * gch_sync_fetch_feedback_contact() for many records in one request
 * (`POST /api/v1/feedback/contacts`), for the register's export: each
 * record the server has gets its contact (an empty one when there is
 * none), and each is a read recorded at the server, with who read it,
 * which the feed brings to the stations: record none here. A record the
 * server does not have is left as it was. Nothing is written to the
 * station's disk.
 *
 * Blocks on the network: call it from a worker, with records of that
 * worker's own.
 *
 * Returns: %TRUE when read, or %FALSE with @error set as
 *   gch_sync_fetch_feedback_contact() does (no record changed when the
 *   server did not answer or refused)
 */
gboolean
gch_sync_fetch_feedback_contacts (GchSync       *self,
                                  GPtrArray     *records,
                                  guint         *n_read,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *body = NULL;
  g_autofree char *message = NULL;
  JsonArray *ids;
  JsonArray *contacts;
  guint status = 0;
  guint n = 0;

  g_return_val_if_fail (GCH_IS_SYNC (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  if (n_read != NULL)
    *n_read = 0;
  if (records->len == 0)
    return TRUE;

  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  ids = json_array_new ();
  for (guint i = 0; i < records->len; i++)
    {
      GchFeedback *feedback = g_ptr_array_index (records, i);

      g_hash_table_insert (by_id, (gpointer) gch_feedback_get_id (feedback), feedback);
      json_array_add_string_element (ids, gch_feedback_get_id (feedback));
    }
  object = json_object_new ();
  json_object_set_array_member (object, "feedback", ids);
  body_node = json_node_init_object (json_node_alloc (), object);
  body = gch_codec_to_string (body_node);

  session = new_session (self, CALL_TIMEOUT_SECONDS);
  if (!(answer = call_full (self, session, "POST", "/api/v1/feedback/contacts", body, &status,
                            &message, cancellable, &local)))
    {
      if (status == SOUP_STATUS_FORBIDDEN)
        g_set_error_literal (error, GCH_ERROR, GCH_ERROR_REFUSED,
                             message != NULL ? message
                                             : _("Only a supervisor or the quality referent can "
                                                 "read a person’s contact details."));
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  contacts = JSON_NODE_HOLDS_OBJECT (answer)
             ? json_object_get_array_member (json_node_get_object (answer), "contacts") : NULL;
  if (contacts == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The server’s answer could not be read; nothing of it was applied."));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (contacts); i++)
    {
      JsonNode *element = json_array_get_element (contacts, i);
      GchFeedback *feedback;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !(feedback = g_hash_table_lookup (by_id,
                                            json_object_get_string_member_with_default (
                                              json_node_get_object (element), "feedback", ""))))
        continue;
      if (!take_feedback_contact (feedback, element, error))
        return FALSE;
      n++;
    }
  if (n_read != NULL)
    *n_read = n;
  return TRUE;
}
