/* gch-server.c: the central booking server's HTTP API
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

/* One SoupServer, one handler for every path, and a table of routes. Each
 * request goes through the same gate, in this order: the route (404, 405),
 * the token (401), the role (403), the body (413 before it is read, 415,
 * 400), and only then the route's handler. Every error is a JSON body
 * {"error": code, "message": sentence}.
 *
 * Threads: everything runs on the main loop except hashing and checking
 * passwords (Argon2id, ~50 ms of CPU each), which run in GTask workers while
 * their message is paused. SQLite is called on the main loop: a server has
 * no screen to keep responsive, and each call is one short transaction on a
 * local file, under a millisecond for everything but a whole day (~20 ms).
 */

#define G_LOG_DOMAIN "gch-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "gch-agent.h"
#include "gch-change.h"
#include "gch-clock.h"
#include "gch-codec.h"
#include "gch-feedback.h"
#include "gch-day.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-figures.h"
#include "gch-guichet.h"
#include "gch-queue-entry.h"
#include "gch-server-auth.h"
#include "gch-server-db.h"
#include "gch-server-request.h"
#include "gch-server.h"
#include "gch-service.h"
#include "gch-site.h"
#include "gch-station.h"
#include "gch-store.h"

struct _GchServer
{
  GObject      parent_instance;

  GchStore    *store;
  GchServerDb *db;
  SoupServer  *soup;
  guint        token_lifetime;
  GHashTable  *stations;       /* date → GchStation: the days operations apply to */
  GPtrArray   *waiters;        /* Waiter: stations long-polling the feed */
  gint64       feed_end;       /* the feed's last number, as last read */
};

G_DEFINE_FINAL_TYPE (GchServer, gch_server, G_TYPE_OBJECT)

/* What a handler has to work with, once the request has passed the gate. */
typedef struct
{
  GchServer         *server;
  SoupServerMessage *msg;
  char              *param;       /* the {…} segment of the path, if any */
  GchAgent          *agent;       /* who, on routes that need a token */
  char              *token_hash;
  JsonObject        *body;
  gulong             finished_id;
  gulong             disconnected_id;
  gboolean           finished;    /* the client went away while we were paused */
} Request;

typedef void (*Handler) (Request *request);

typedef struct
{
  GchServerRoute        route;
  Handler               handler;
  const GchServerField *fields;   /* NULL: the route reads no body */
  gsize                 n_fields;
} RouteEntry;

static void handle_health     (Request *request);
static void handle_login      (Request *request);
static void handle_logout     (Request *request);
static void handle_site       (Request *request);
static void handle_day        (Request *request);
static void handle_snapshot   (Request *request);
static void handle_add_agent  (Request *request);
static void handle_site_mode  (Request *request);
static void handle_operations (Request *request);
static void handle_changes    (Request *request);
static void handle_call_next  (Request *request);
static void wake_waiters      (GchServer *self);
static void handle_ticket_blocks (Request *request);
static void handle_figures    (Request *request);
static void handle_feedback_contact (Request *request);
static void handle_feedback_contacts (Request *request);

static const GchServerField login_fields[] = {
  { "agent", G_TYPE_STRING, TRUE },
  { "password", G_TYPE_STRING, TRUE },
};

static const GchServerField agent_fields[] = {
  { "id", G_TYPE_STRING, TRUE },
  { "name", G_TYPE_STRING, TRUE },
  { "role", G_TYPE_STRING, TRUE },
  { "password", G_TYPE_STRING, TRUE },
};

static const GchServerField mode_fields[] = {
  { "mode", G_TYPE_STRING, TRUE },
  { "from", G_TYPE_STRING, FALSE },
};

static const GchServerField call_next_fields[] = {
  { "uuid", G_TYPE_STRING, TRUE },
  { "at", G_TYPE_INT64, TRUE },
};

static const GchServerField operations_fields[] = {
  { "operations", GCH_SERVER_FIELD_LIST, TRUE },
};

static const GchServerField feedback_contacts_fields[] = {
  { "feedback", GCH_SERVER_FIELD_LIST, TRUE },
};

static const GchServerField ticket_block_fields[] = {
  { "uuid", G_TYPE_STRING, TRUE },
  { "date", G_TYPE_STRING, TRUE },
  { "service", G_TYPE_STRING, TRUE },
  { "count", G_TYPE_INT64, TRUE },
};

#define API GCH_SERVER_API_PREFIX
#define FIELDS(f) f, G_N_ELEMENTS (f)

static const RouteEntry route_entries[] = {
  { { "GET", API "/health", GCH_SERVER_ACCESS_PUBLIC }, handle_health, NULL, 0 },
  { { "POST", API "/login", GCH_SERVER_ACCESS_PUBLIC }, handle_login, FIELDS (login_fields) },
  { { "POST", API "/logout", GCH_SERVER_ACCESS_ANY_ROLE }, handle_logout, NULL, 0 },
  { { "GET", API "/site", GCH_SERVER_ACCESS_ANY_ROLE }, handle_site, NULL, 0 },
  { { "PUT", API "/site/mode", GCH_SERVER_ACCESS_SUPERVISOR }, handle_site_mode,
    FIELDS (mode_fields) },
  { { "GET", API "/days/{date}", GCH_SERVER_ACCESS_ANY_ROLE }, handle_day, NULL, 0 },
  { { "GET", API "/days/{date}/snapshot", GCH_SERVER_ACCESS_ANY_ROLE }, handle_snapshot, NULL, 0 },
  { { "POST", API "/agents", GCH_SERVER_ACCESS_SUPERVISOR }, handle_add_agent,
    FIELDS (agent_fields) },
  { { "POST", API "/operations", GCH_SERVER_ACCESS_ANY_ROLE }, handle_operations,
    FIELDS (operations_fields) },
  { { "GET", API "/changes", GCH_SERVER_ACCESS_ANY_ROLE }, handle_changes, NULL, 0 },
  { { "POST", API "/guichets/{number}/call-next", GCH_SERVER_ACCESS_ANY_ROLE }, handle_call_next,
    FIELDS (call_next_fields) },
  /* Any station may issue tickets: at the desk as well as at the reception. */
  { { "POST", API "/ticket-blocks", GCH_SERVER_ACCESS_ANY_ROLE }, handle_ticket_blocks,
    FIELDS (ticket_block_fields) },
  /* The quarter's report: what a préfecture publishes, for supervisors. */
  { { "GET", API "/figures", GCH_SERVER_ACCESS_SUPERVISOR }, handle_figures, NULL, 0 },
  /* privacy: a complaint's contact, for a supervisor or the quality
   * referent (checked by the handler: two roles), each read an event.
   */
  { { "GET", API "/feedback/{uuid}/contact", GCH_SERVER_ACCESS_ANY_ROLE },
    handle_feedback_contact, NULL, 0 },
  /* The same for many records at once (the register's export): a POST, as
   * each read is recorded, and the ids would not fit in a URL.
   */
  { { "POST", API "/feedback/contacts", GCH_SERVER_ACCESS_ANY_ROLE },
    handle_feedback_contacts, FIELDS (feedback_contacts_fields) },
};

#undef FIELDS
#undef API

/* Responses */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  char *text = gch_codec_to_string (node);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

static void
respond_error (SoupServerMessage *msg,
               int                code,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  guint status = gch_server_error_get_status (code);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, gch_server_error_get_name (code));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"guichet\"");

  respond_json (msg, status, node);
}

/* Maps an error from the core or the server to the API's. */
static void
respond_gerror (SoupServerMessage *msg,
                const GError      *error)
{
  if (error->domain == GCH_SERVER_ERROR)
    {
      respond_error (msg, error->code, error->message);
      return;
    }

  if (g_error_matches (error, GCH_ERROR, GCH_ERROR_INVALID))
    {
      respond_error (msg, GCH_SERVER_ERROR_INVALID_VALUE, error->message);
      return;
    }

  if (g_error_matches (error, GCH_ERROR, GCH_ERROR_CONFLICT))
    {
      respond_error (msg, GCH_SERVER_ERROR_CONFLICT, error->message);
      return;
    }

  /* Anything else is ours to fix, not the client's: log the details and
   * answer with a sentence that does not leak them.
   */
  g_warning ("%s", error->message);
  respond_error (msg, GCH_SERVER_ERROR_INTERNAL,
                 _("The server could not do this because of an internal problem. "
                   "It was logged; try again, or tell the administrator."));
}

static JsonNode *
new_string_object (const char *first_name,
                   ...) G_GNUC_NULL_TERMINATED;

/* {"name": "value", …} from name, value pairs ending with NULL */
static JsonNode *
new_string_object (const char *first_name,
                   ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      json_builder_set_member_name (builder, name);
      json_builder_add_string_value (builder, va_arg (args, const char *));
    }
  va_end (args);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Requests */

static void
on_message_finished_cb (SoupServerMessage *msg,
                        Request           *request)
{
  request->finished = TRUE;
}

static Request *
request_new (GchServer         *server,
             SoupServerMessage *msg)
{
  Request *request = g_new0 (Request, 1);

  request->server = g_object_ref (server);
  request->msg = g_object_ref (msg);
  request->finished_id = g_signal_connect (msg, "finished",
                                           G_CALLBACK (on_message_finished_cb), request);
  /* A connection closed under a paused message ends it without "finished". */
  request->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (on_message_finished_cb), request);

  return request;
}

static void
request_free (Request *request)
{
  g_clear_signal_handler (&request->finished_id, request->msg);
  g_clear_signal_handler (&request->disconnected_id, request->msg);
  g_clear_object (&request->msg);
  g_clear_object (&request->server);
  g_clear_object (&request->agent);
  g_clear_pointer (&request->param, g_free);
  g_clear_pointer (&request->token_hash, g_free);
  g_clear_pointer (&request->body, json_object_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* A handler that must wait for a worker pauses its message, and hands the
 * request to the worker's callback, which answers through this.
 */
static void
request_pause (Request *request)
{
  soup_server_message_pause (request->msg);
}

static void
request_resume (Request *request)
{
  if (!request->finished)
    soup_server_message_unpause (request->msg);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Routes */

/* Matches @path against a route's template; a {…} segment matches any one
 * segment, which is returned in @param.
 */
static gboolean
match_path (const char  *template,
            const char  *path,
            char       **param)
{
  g_auto(GStrv) want = g_strsplit (template, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);
  g_autofree char *found = NULL;
  guint i;

  for (i = 0; want[i] != NULL && have[i] != NULL; i++)
    {
      if (want[i][0] == '{')
        {
          if (have[i][0] == '\0')
            return FALSE;
          g_free (found);
          found = g_strdup (have[i]);
        }
      else if (!g_str_equal (want[i], have[i]))
        return FALSE;
    }

  if (want[i] != NULL || have[i] != NULL)
    return FALSE;

  *param = g_steal_pointer (&found);
  return TRUE;
}

/**
 * gch_server_get_routes:
 * @n_routes: (out): how many
 *
 * Returns: (array length=n_routes) (transfer none): every route the server
 *   serves
 */
const GchServerRoute *
gch_server_get_routes (guint *n_routes)
{
  static GchServerRoute *routes;

  if (g_once_init_enter (&routes))
    {
      GchServerRoute *list = g_new0 (GchServerRoute, G_N_ELEMENTS (route_entries));

      for (guint i = 0; i < G_N_ELEMENTS (route_entries); i++)
        list[i] = route_entries[i].route;
      g_once_init_leave (&routes, list);
    }

  *n_routes = G_N_ELEMENTS (route_entries);
  return routes;
}

/* Authentication */

static gboolean
is_token (const char *text)
{
  if (strlen (text) != 64)
    return FALSE;

  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
      return FALSE;

  return TRUE;
}

/* Finds who sent the request, from "Authorization: Bearer TOKEN". */
static gboolean
authenticate (Request  *request,
              GError  **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GchServerSecret) token = NULL;
  g_autoptr(GError) local_error = NULL;

  if (authorization == NULL)
    {
      g_set_error_literal (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_UNAUTHORIZED,
                           _("This request needs a token: log in first, then send it as "
                             "“Authorization: Bearer TOKEN”."));
      return FALSE;
    }

  if (g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    token = g_strstrip (g_strdup (authorization + 7));

  if (token == NULL || !is_token (token))
    {
      g_set_error_literal (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_UNAUTHORIZED,
                           _("The token is not valid, or its session has expired or was "
                             "closed: log in again."));
      return FALSE;
    }

  request->token_hash = gch_server_auth_hash_token (token);
  request->agent = gch_server_db_lookup_session (request->server->db, request->token_hash,
                                                 now_seconds (), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (request->agent == NULL)
    {
      g_set_error_literal (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_UNAUTHORIZED,
                           _("The token is not valid, or its session has expired or was "
                             "closed: log in again."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
authorize (Request          *request,
           GchServerAccess   access,
           GError          **error)
{
  if (access == GCH_SERVER_ACCESS_SUPERVISOR &&
      gch_agent_get_role (request->agent) != GCH_AGENT_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                           _("Only a supervisor may do this."));
      return FALSE;
    }

  return TRUE;
}

/* Bodies */

static gboolean
read_body (Request           *request,
           const RouteEntry  *entry,
           GError           **error)
{
  SoupServerMessage *msg = request->msg;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize length;

  /* JSON only. A body without a type is read as JSON, since that is all
   * the API takes; a body that says it is something else is refused.
   */
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") != 0)
    {
      g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_UNSUPPORTED_MEDIA_TYPE,
                   _("The body must be JSON (Content-Type: application/json), not “%s”."),
                   g_utf8_validate (content_type, -1, NULL) ? content_type : "?");
      return FALSE;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &length);

  if (!(request->body = gch_server_request_parse_object (data, length, error)))
    return FALSE;

  return gch_server_request_check_fields (request->body, entry->fields, entry->n_fields, error);
}

/* The early handler: runs once the headers are read, before the body. A
 * body that says it is too large is refused before it is read; one that
 * does not say its size (chunked) is counted as it comes, and refused as
 * soon as it passes the limit. Either way it is not kept: what is left of
 * it is read and dropped, so that the client, which sends its whole body
 * before reading the answer, gets the 413 rather than a broken connection.
 */
static void
refuse_too_large (SoupServerMessage *msg)
{
  g_autofree char *message = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");

  message = g_strdup_printf (_("The body is larger than the %u KiB the server reads."),
                             GCH_CODEC_MAX_BODY / 1024);
  respond_error (msg, GCH_SERVER_ERROR_PAYLOAD_TOO_LARGE, message);
}

static void
on_message_got_chunk_cb (SoupServerMessage *msg,
                         GBytes            *chunk,
                         gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (soup_server_message_get_status (msg) != 0)
    return;

  if (body->length > GCH_CODEC_MAX_BODY)
    refuse_too_large (msg);
}

static void
on_early_request_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > GCH_CODEC_MAX_BODY)
    {
      refuse_too_large (msg);
      return;
    }

  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_message_got_chunk_cb), NULL);
}

/* The gate every request goes through */

static void
on_request_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GchServer *self = user_data;
  g_autoptr(Request) request = NULL;
  g_autoptr(GString) allowed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *method = soup_server_message_get_method (msg);
  const RouteEntry *entry = NULL;

  g_assert (GCH_IS_SERVER (self));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");

  request = request_new (self, msg);

  for (guint i = 0; i < G_N_ELEMENTS (route_entries); i++)
    {
      g_autofree char *param = NULL;

      if (!match_path (route_entries[i].route.path, path, &param))
        continue;

      if (g_str_equal (route_entries[i].route.method, method))
        {
          entry = &route_entries[i];
          request->param = g_steal_pointer (&param);
          break;
        }

      g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? ", " : "",
                              route_entries[i].route.method);
    }

  if (entry == NULL && allowed->len > 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("This address does not take %s: it takes %s."),
                         g_utf8_validate (method, -1, NULL) ? method : "?", allowed->str);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allowed->str);
      respond_error (msg, GCH_SERVER_ERROR_METHOD_NOT_ALLOWED, message);
      return;
    }

  if (entry == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("There is nothing at this address. The API is under %s; its routes "
                           "are described in docs/api/openapi.yaml."),
                         GCH_SERVER_API_PREFIX);

      respond_error (msg, GCH_SERVER_ERROR_NOT_FOUND, message);
      return;
    }

  if (entry->route.access != GCH_SERVER_ACCESS_PUBLIC &&
      (!authenticate (request, &error) || !authorize (request, entry->route.access, &error)))
    {
      respond_gerror (msg, error);
      return;
    }

  if (entry->fields != NULL && !read_body (request, entry, &error))
    {
      respond_gerror (msg, error);
      return;
    }

  entry->handler (g_steal_pointer (&request));
}

/* libsoup refuses some requests itself, before any handler (a path that
 * climbs with "/../", a scheme that does not match the connection): give
 * those a JSON body too.
 */
static void
on_request_read_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_BAD_REQUEST &&
      soup_server_message_get_response_body (msg)->length == 0)
    respond_error (msg, GCH_SERVER_ERROR_BAD_REQUEST,
                   _("The server cannot read this request: check its address and headers."));
}

static void
on_request_finished_cb (SoupServer        *soup,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  /* The path and the status only: never a header or a body, where the
   * tokens and the passwords are.
   */
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);

  /* A request that was not HTTP has neither a method nor an address. */
  g_info ("%s %s %u", method != NULL ? method : "-", uri != NULL ? g_uri_get_path (uri) : "-",
          soup_server_message_get_status (msg));
}

/* Handlers. Each takes ownership of its request. */

static void
handle_health (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(JsonNode) node = new_string_object ("status", "ok", "version", PACKAGE_VERSION, NULL);

  respond_json (request->msg, SOUP_STATUS_OK, node);
}

typedef struct
{
  Request         *request;
  GchAgent        *agent;          /* NULL: no such agent, or no password */
  char            *password_hash;
  GchServerSecret *password;
} Login;

static void
login_free (Login *login)
{
  g_clear_pointer (&login->request, request_free);
  g_clear_object (&login->agent);
  g_clear_pointer (&login->password_hash, g_free);
  g_clear_pointer (&login->password, gch_server_auth_free_secret);
  g_free (login);
}

static void
login_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Login *login = task_data;

  /* An unknown agent is checked against a dummy hash, so that it takes as
   * long, and answers the same, as a wrong password.
   */
  if (login->agent != NULL)
    g_task_return_boolean (task, gch_server_auth_verify_password (login->password_hash,
                                                                  login->password));
  else
    {
      gch_server_auth_verify_password (gch_server_auth_get_dummy_hash (), login->password);
      g_task_return_boolean (task, FALSE);
    }
}

static void
login_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GchServer *self = GCH_SERVER (source_object);
  Login *login = g_task_get_task_data (G_TASK (result));
  SoupServerMessage *msg = login->request->msg;
  g_autoptr(GchServerSecret) token = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 now = now_seconds ();
  gint64 expires_at = now + self->token_lifetime;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    {
      respond_error (msg, GCH_SERVER_ERROR_BAD_CREDENTIALS,
                     _("The agent or the password is not right."));
      request_resume (login->request);
      return;
    }

  if ((token = gch_server_auth_new_token (&error)))
    token_hash = gch_server_auth_hash_token (token);

  if (token == NULL ||
      !gch_server_db_create_session (self->db, token_hash, gch_agent_get_id (login->agent),
                                     now, expires_at, &error))
    {
      respond_gerror (msg, error);
      request_resume (login->request);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires-at");
  json_builder_add_int_value (builder, expires_at);
  json_builder_set_member_name (builder, "agent");
  json_builder_add_value (builder, gch_codec_agent_to_json (login->agent));
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  respond_json (msg, SOUP_STATUS_OK, node);
  request_resume (login->request);
}

static void
handle_login (Request *request)
{
  GchServer *self = request->server;
  const char *agent_id = json_object_get_string_member (request->body, "agent");
  const char *password = json_object_get_string_member (request->body, "password");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Login *login;

  if (agent_id[0] == '\0' || password[0] == '\0' ||
      strlen (password) > GCH_SERVER_PASSWORD_MAX_LENGTH)
    {
      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE,
                     _("Give the agent’s id and password, neither of them empty."));
      request_free (request);
      return;
    }

  login = g_new0 (Login, 1);
  login->request = request;
  login->password = g_strdup (password);
  login->agent = gch_server_db_lookup_credential (self->db, agent_id, &login->password_hash,
                                                  &error);
  if (error != NULL)
    {
      respond_gerror (request->msg, error);
      login_free (login);
      return;
    }

  request_pause (request);
  task = g_task_new (self, NULL, login_cb, NULL);
  g_task_set_source_tag (task, handle_login);
  g_task_set_task_data (task, login, (GDestroyNotify)login_free);
  g_task_run_in_thread (task, login_worker);
}

static void
handle_logout (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(GError) error = NULL;

  if (!gch_server_db_delete_session (request->server->db, request->token_hash, &error))
    {
      respond_gerror (request->msg, error);
      return;
    }

  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static JsonNode *
object_to_json (gpointer object)
{
  if (GCH_IS_SERVICE (object))
    return gch_codec_service_to_json (object);
  if (GCH_IS_GUICHET (object))
    return gch_codec_guichet_to_json (object);

  g_assert (GCH_IS_AGENT (object));
  return gch_codec_agent_to_json (object);
}

static JsonNode *
array_to_json (GPtrArray *objects)
{
  g_autoptr(JsonArray) array = json_array_sized_new (objects->len);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < objects->len; i++)
    json_array_add_element (array, object_to_json (g_ptr_array_index (objects, i)));
  json_node_set_array (node, array);

  return node;
}

/* privacy (DESIGN.md §7): what the feed and the day's snapshot leave out
 * for an agent whose role does not read personal data: a call-back's
 * phone number (but for the agent who took it, who has it already) and a
 * signature's strokes. Every station would otherwise keep them on disk.
 */
static void
strip_personal_data (GchAgent   *agent,
                     const char *record_kind,
                     JsonNode   *record)
{
  JsonObject *object;

  if (gch_agent_role_reads_personal_data (gch_agent_get_role (agent)) ||
      record == NULL || !JSON_NODE_HOLDS_OBJECT (record))
    return;

  object = json_node_get_object (record);
  if (g_str_equal (record_kind, "callback") &&
      g_strcmp0 (json_object_get_string_member_with_default (object, "taken-by", NULL),
                 gch_agent_get_id (agent)) != 0)
    json_object_remove_member (object, "phone");
  else if (g_str_equal (record_kind, "help-session"))
    json_object_remove_member (object, "strokes");
}

/* A page of the feed, as @agent may read it. */
static void
strip_personal_data_of_changes (GchAgent  *agent,
                                JsonArray *changes)
{
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      strip_personal_data (agent,
                           json_object_get_string_member_with_default (change, "record-kind", ""),
                           json_object_get_member (change, "record"));
    }
}

static void
handle_site (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) day = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *date = gch_store_dup_date_at (request->server->store, now_seconds ());

  /* The configuration comes with any day: today's is as good as any. */
  if (!(day = gch_store_load_day (request->server->store, date, &error)))
    {
      respond_gerror (request->msg, error);
      return;
    }

  if (day->site == NULL)
    {
      respond_error (request->msg, GCH_SERVER_ERROR_NO_SITE,
                     _("The server has no site yet: import a day or load the demo first."));
      return;
    }

  object = json_object_new ();
  json_object_set_member (object, "site", gch_codec_site_to_json (day->site));
  json_object_set_member (object, "services", array_to_json (day->services));
  json_object_set_member (object, "guichets", array_to_json (day->guichets));
  json_object_set_member (object, "agents", array_to_json (day->agents));
  node = json_node_init_object (json_node_alloc (), object);

  respond_json (request->msg, SOUP_STATUS_OK, node);
}

/* The day as the server has it, or NULL with the error answered. */
static GchDay *
load_day (Request *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) day = NULL;

  if (!gch_day_parse_date (request->param, NULL, NULL, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a date written YYYY-MM-DD."),
                         g_utf8_validate (request->param, -1, NULL) ? request->param : "?");

      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE, message);
      return NULL;
    }

  if (!(day = gch_store_load_day (request->server->store, request->param, &error)))
    {
      respond_gerror (request->msg, error);
      return NULL;
    }

  if (day->site == NULL)
    {
      respond_error (request->msg, GCH_SERVER_ERROR_NO_SITE,
                     _("The server has no site yet: import a day or load the demo first."));
      return NULL;
    }

  return g_steal_pointer (&day);
}

static void
handle_day (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(GchDay) day = load_day (request);
  g_autoptr(JsonNode) node = NULL;

  if (day == NULL)
    return;

  node = gch_codec_day_to_json (day);
  respond_json (request->msg, SOUP_STATUS_OK, node);
}

/* A station's full resync: the day with the feed's position it matches.
 * Operations are applied on this thread, so none falls between the two.
 */
/* The suggestions and complaints register (issue 6): a station that
 * joins would otherwise know only the records changed after its cursor.
 * The records still open and those closed in the SNAPSHOT_FEEDBACK_DAYS
 * before @date, without contacts, to a login that reads the register;
 * none to an agent's. 92 days, the longest quarter: the station's report
 * of the current quarter is whole. The open ones first, then the most recently closed,
 * within SNAPSHOT_FEEDBACK_BUDGET bytes, so that the snapshot stays a
 * body the station reads whatever the register's size.
 */
#define SNAPSHOT_FEEDBACK_DAYS 92
#define SNAPSHOT_FEEDBACK_BUDGET (GCH_CODEC_MAX_BODY / 4)

static JsonArray *
snapshot_feedback (Request     *request,
                   const char  *date,
                   GError     **error)
{
  g_autoptr(JsonArray) records = json_array_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) since = NULL;
  int y, m, d;
  gsize size = 0;

  if (!gch_agent_role_reads_personal_data (gch_agent_get_role (request->agent)))
    return g_steal_pointer (&records);

  if (sscanf (date, "%d-%d-%d", &y, &m, &d) != 3 ||
      !(day = g_date_time_new_utc (y, m, d, 0, 0, 0)))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID, _("“%s” is not a date."), date);
      return NULL;
    }
  since = g_date_time_add_days (day, -SNAPSHOT_FEEDBACK_DAYS);
  if (!(list = gch_store_list_feedback_since (request->server->store,
                                              g_date_time_to_unix (since), error)))
    return NULL;

  for (guint i = 0; i < list->len; i++)
    {
      JsonNode *record = gch_codec_feedback_to_json (g_ptr_array_index (list, i), FALSE);
      g_autofree char *text = gch_codec_to_string (record);

      size += strlen (text);
      if (size > SNAPSHOT_FEEDBACK_BUDGET)
        {
          json_node_unref (record);
          g_message ("The day’s snapshot carries %u of the register’s %u records: the others "
                     "reach the station when they change.", i, list->len);
          break;
        }
      json_array_add_element (records, record);
    }

  return g_steal_pointer (&records);
}

static void
handle_snapshot (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(GchDay) day = load_day (request);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonArray) help_sessions = NULL;
  g_autoptr(JsonArray) feedback = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *callbacks;
  gint64 start, end;

  if (day == NULL)
    return;

  if (!(help_sessions = gch_store_list_help_session_records (request->server->store, day->date,
                                                             &error)))
    {
      respond_gerror (request->msg, error);
      return;
    }

  /* The registers' lines of the day that are not part of the day's JSON,
   * with what the feed would have left out left out.
   */
  callbacks = json_array_sized_new (day->callbacks->len);
  for (guint i = 0; i < day->callbacks->len; i++)
    {
      JsonNode *callback = gch_codec_callback_to_json (g_ptr_array_index (day->callbacks, i));

      strip_personal_data (request->agent, "callback", callback);
      json_array_add_element (callbacks, callback);
    }
  for (guint i = 0; i < json_array_get_length (help_sessions); i++)
    strip_personal_data (request->agent, "help-session",
                         json_array_get_element (help_sessions, i));

  if (!(feedback = snapshot_feedback (request, day->date, &error)))
    {
      json_array_unref (callbacks);
      respond_gerror (request->msg, error);
      return;
    }

  gch_store_get_feed_range (request->server->store, &start, &end);
  object = json_object_new ();
  json_object_set_int_member (object, "cursor", end);
  json_object_set_member (object, "day", gch_codec_day_to_json (day));
  json_object_set_array_member (object, "callbacks", callbacks);
  json_object_set_array_member (object, "help-sessions", g_steal_pointer (&help_sessions));
  json_object_set_array_member (object, "feedback", g_steal_pointer (&feedback));
  node = json_node_init_object (json_node_alloc (), object);
  respond_json (request->msg, SOUP_STATUS_OK, node);
}

typedef struct
{
  Request         *request;
  char            *id;
  char            *name;
  GchAgentRole     role;
  GchServerSecret *password;
} NewAgent;

static void
new_agent_free (NewAgent *new_agent)
{
  g_clear_pointer (&new_agent->request, request_free);
  g_clear_pointer (&new_agent->id, g_free);
  g_clear_pointer (&new_agent->name, g_free);
  g_clear_pointer (&new_agent->password, gch_server_auth_free_secret);
  g_free (new_agent);
}

static void
hash_password_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  NewAgent *new_agent = task_data;
  GError *error = NULL;
  char *hash;

  if ((hash = gch_server_auth_hash_password (new_agent->password, &error)))
    g_task_return_pointer (task, hash, g_free);
  else
    g_task_return_error (task, error);
}

static void
add_agent_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GchServer *self = GCH_SERVER (source_object);
  NewAgent *new_agent = g_task_get_task_data (G_TASK (result));
  SoupServerMessage *msg = new_agent->request->msg;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GchAgent) agent = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!(hash = g_task_propagate_pointer (G_TASK (result), &error)) ||
      !gch_server_db_put_agent (self->db, new_agent->id, new_agent->name, new_agent->role, hash,
                                FALSE, now_seconds (), &error))
    {
      respond_gerror (msg, error);
      request_resume (new_agent->request);
      return;
    }

  g_info ("Agent “%s” added by “%s”", new_agent->id,
          gch_agent_get_id (new_agent->request->agent));

  agent = g_object_new (GCH_TYPE_AGENT,
                        "id", new_agent->id,
                        "name", new_agent->name,
                        "role", new_agent->role,
                        NULL);
  node = gch_codec_agent_to_json (agent);
  respond_json (msg, SOUP_STATUS_CREATED, node);
  request_resume (new_agent->request);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  glong length = g_utf8_strlen (name, -1);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      length = 0;

  if (length == 0 || length > 200)
    {
      g_set_error_literal (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_INVALID_VALUE,
                           _("An agent’s name has 1 to 200 characters, on one line."));
      return FALSE;
    }

  return TRUE;
}

static void
handle_add_agent (Request *request)
{
  JsonObject *body = request->body;
  const char *id = json_object_get_string_member (body, "id");
  const char *name = json_object_get_string_member (body, "name");
  const char *role_nick = json_object_get_string_member (body, "role");
  const char *password = json_object_get_string_member (body, "password");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  NewAgent *new_agent;
  int role;

  if (!gch_server_auth_check_agent_id (id, &error) ||
      !check_name (name, &error) ||
      !gch_server_auth_check_password (password, &error))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE, error->message);
      request_free (request);
      return;
    }

  if (!gch_enum_from_nick (GCH_TYPE_AGENT_ROLE, role_nick, &role))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE,
                     _("The role must be “agent”, “reception”, “supervisor” or “quality”."));
      request_free (request);
      return;
    }

  new_agent = g_new0 (NewAgent, 1);
  new_agent->request = request;
  new_agent->id = g_strdup (id);
  new_agent->name = g_strdup (name);
  new_agent->role = role;
  new_agent->password = g_strdup (password);

  request_pause (request);
  task = g_task_new (request->server, NULL, add_agent_cb, NULL);
  g_task_set_source_tag (task, handle_add_agent);
  g_task_set_task_data (task, new_agent, (GDestroyNotify)new_agent_free);
  g_task_run_in_thread (task, hash_password_worker);
}

static void
handle_site_mode (Request *request)
{
  g_autoptr(Request) owned = request;
  const char *nick = json_object_get_string_member (request->body, "mode");
  const char *from = json_object_get_string_member_with_default (request->body, "from", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  GHashTableIter iter;
  gpointer station;
  GchSiteMode previous;
  int mode, expected = -1;

  if (!gch_enum_from_nick (GCH_TYPE_SITE_MODE, nick, &mode) ||
      (from != NULL && !gch_enum_from_nick (GCH_TYPE_SITE_MODE, from, &expected)))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE,
                     _("The mode must be “normal”, “affluence” or “crise”."));
      return;
    }

  if (!gch_server_db_set_site_mode (request->server->db, mode, expected,
                                    gch_agent_get_id (request->agent), now_seconds (),
                                    &previous, &error))
    {
      if (g_error_matches (error, GCH_ERROR, GCH_ERROR_NOT_FOUND))
        respond_error (request->msg, GCH_SERVER_ERROR_NO_SITE, error->message);
      else
        respond_gerror (request->msg, error);
      return;
    }

  g_info ("Site mode set to “%s” by “%s”", nick, gch_agent_get_id (request->agent));

  /* The days in memory follow, and the stations waiting for news hear it. */
  g_hash_table_iter_init (&iter, request->server->stations);
  while (g_hash_table_iter_next (&iter, NULL, &station))
    if (gch_station_get_day (station)->site != NULL)
      gch_site_set_mode (gch_station_get_day (station)->site, mode);
  wake_waiters (request->server);

  node = new_string_object ("mode", nick,
                            "previous-mode", gch_enum_to_nick (GCH_TYPE_SITE_MODE, previous),
                            NULL);
  respond_json (request->msg, SOUP_STATUS_OK, node);
}

/* GObject */

static void
gch_server_dispose (GObject *object)
{
  GchServer *self = (GchServer *)object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->db);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->stations, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gch_server_parent_class)->dispose (object);
}

static void
gch_server_class_init (GchServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gch_server_dispose;
}

static void
gch_server_init (GchServer *self)
{
  self->token_lifetime = GCH_SERVER_TOKEN_LIFETIME_DEFAULT;
}

/* Public API */

/* Sync: operations in, changes out */

#define MAX_OPERATIONS 500
#define DEFAULT_CHANGES 500
#define MAX_CHANGES 2000
#define MAX_WAIT 60

/* The day @date as operations change it, kept in memory between requests:
 * the same station code the desks run decides each operation on it.
 */
static GchStation *
station_for (GchServer   *self,
             const char  *date,
             GError     **error)
{
  GchStation *station = g_hash_table_lookup (self->stations, date);
  g_autoptr(GchClock) clock = NULL;
  GchDay *day;

  if (station != NULL)
    return station;

  if (!(day = gch_store_load_day (self->store, date, error)))
    return NULL;

  clock = gch_clock_new_system ();
  station = gch_station_new (self->store, clock, "guichet-server");
  gch_station_set_day (station, day);
  g_hash_table_insert (self->stations, g_strdup (date), station);

  return station;
}

static JsonNode *
operation_result (const char *uuid,
                  const char *status,
                  const char *message)
{
  JsonObject *object = json_object_new ();

  if (uuid != NULL)
    json_object_set_string_member (object, "uuid", uuid);
  json_object_set_string_member (object, "status", status);
  if (message != NULL)
    json_object_set_string_member (object, "message", message);

  return json_node_init_object (json_node_alloc (), object);
}

/* A refused operation changed nothing here, so the feed will not bring the
 * station back from what it did on its own: the answer carries the record
 * as the server has it, for the station to take.
 */
static void
add_current_record (GchServer          *self,
                    JsonObject         *result,
                    const GchOperation *operation)
{
  g_autofree char *date = gch_store_dup_date_at (self->store, operation->at);
  GchStation *station = station_for (self, date, NULL);
  GchDay *day = station != NULL ? gch_station_get_day (station) : NULL;
  JsonNode *record = NULL;

  if (day == NULL)
    return;

  if (g_str_equal (operation->record_kind, "entry"))
    {
      for (guint i = 0; i < day->entries->len && record == NULL; i++)
        if (g_str_equal (gch_queue_entry_get_id (g_ptr_array_index (day->entries, i)),
                         operation->record_id))
          record = gch_codec_entry_to_json (g_ptr_array_index (day->entries, i));
    }
  else if (g_str_equal (operation->record_kind, "appointment"))
    {
      GchAppointment *appointment = gch_day_find_appointment (day, operation->record_id);

      if (appointment != NULL)
        record = gch_codec_appointment_to_json (appointment);
    }
  else if (g_str_equal (operation->record_kind, "service"))
    {
      GchService *service = gch_day_find_service (day, operation->record_id);

      if (service != NULL)
        record = gch_codec_service_to_json (service);
    }
  else if (g_str_equal (operation->record_kind, "guichet"))
    {
      guint64 number;
      GchGuichet *guichet = NULL;

      if (g_ascii_string_to_unsigned (operation->record_id, 10, 1, 999, &number, NULL))
        guichet = gch_day_find_guichet (day, number);
      if (guichet != NULL)
        record = gch_codec_guichet_to_json (guichet);
    }
  /* The suggestions and complaints register: the record without its contact. */
  else if (g_str_equal (operation->record_kind, "feedback"))
    {
      g_autoptr(GchFeedback) feedback = gch_store_load_feedback (self->store, operation->record_id,
                                                                 NULL);

      if (feedback != NULL)
        record = gch_codec_feedback_to_json (feedback, FALSE);
    }

  if (record == NULL)
    return;

  json_object_set_string_member (result, "day", date);
  json_object_set_string_member (result, "record-kind", operation->record_kind);
  json_object_set_member (result, "record", record);
}

static gboolean
is_call_next (const GchOperation *operation)
{
  return g_str_equal (operation->kind, "call-next");
}

/* What only a supervisor decides (DESIGN.md §7): moving people between
 * queues, changing their priority, a service's thresholds, the services a
 * guichet handles and where the agents sit.
 */
static gboolean
is_supervisors (const GchOperation *operation)
{
  static const char * const kinds[] = {
    "assign", "priority", "thresholds", "guichet-services", "seat", NULL
  };

  return g_strv_contains (kinds, operation->kind);
}

static gboolean
is_guichet_state (const GchOperation *operation)
{
  return g_str_equal (operation->kind, "open-guichet") ||
         g_str_equal (operation->kind, "pause-guichet") ||
         g_str_equal (operation->kind, "close-guichet");
}

/* Whether @agent may send @operation: a supervisor anything; an agent what
 * is not a supervisor's, and opens, pauses or closes only the guichet they
 * sit at, or one where nobody sits.
 */
static gboolean
check_allowed (GchServer           *self,
               const GchOperation  *operation,
               GchAgent            *agent,
               const char          *date,
               GError             **error)
{
  GchStation *station;
  GchGuichet *guichet;
  const char *seated;
  const char *refusal = NULL;
  gint64 number;

  if (gch_agent_get_role (agent) == GCH_AGENT_ROLE_SUPERVISOR)
    return TRUE;

  /* The register of suggestions and complaints (anyone logs a record, but
   * works on it no further) and the point numérique's signatures: the
   * quality referent's as well as the supervisors' (DESIGN.md §7).
   */
  if (g_str_has_prefix (operation->kind, "feedback-") &&
      !g_str_equal (operation->kind, "feedback-log"))
    refusal = _("Only a supervisor or the quality referent can work on the register of "
                "suggestions and complaints.");
  else if (g_str_equal (operation->kind, "read-signature"))
    refusal = _("Only a supervisor or the quality referent can see a signature of the "
                "register.");
  if (refusal != NULL)
    {
      if (gch_agent_role_reads_personal_data (gch_agent_get_role (agent)))
        return TRUE;
      g_set_error_literal (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN, refusal);
      return FALSE;
    }

  if (is_supervisors (operation))
    {
      if (g_str_equal (operation->kind, "assign") || g_str_equal (operation->kind, "priority"))
        g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                     _("Only a supervisor can move people between queues or change their "
                       "priority."));
      else if (g_str_equal (operation->kind, "thresholds"))
        g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                     _("Only a supervisor can change a service’s thresholds."));
      else if (g_str_equal (operation->kind, "guichet-services"))
        g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                     _("Only a supervisor can change the services a guichet handles."));
      else
        g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                     _("Only a supervisor can seat an agent at a guichet."));
      return FALSE;
    }

  /* The guichet acted on is the one the payload names, as the stations
   * decide it.
   */
  if (!is_guichet_state (operation) || operation->payload == NULL ||
      !JSON_NODE_HOLDS_OBJECT (operation->payload) ||
      (number = json_object_get_int_member_with_default (json_node_get_object (operation->payload),
                                                         "guichet", 0)) == 0 ||
      (station = station_for (self, date, NULL)) == NULL ||
      (guichet = gch_day_find_guichet (gch_station_get_day (station), number)) == NULL)
    return TRUE;   /* the station's code says what is wrong with it */

  seated = gch_guichet_get_agent_id (guichet);
  if (seated == NULL || g_str_equal (seated, gch_agent_get_id (agent)))
    return TRUE;

  g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
               _("Only a supervisor can open, pause or close another agent’s guichet."));
  return FALSE;
}

/* privacy: who took a call-back, who read a signature, who logged,
 * acknowledged, started, forwarded, answered or closed a record of the
 * register are the history's, and the payload only says what the station
 * claims: they must be the agent whose token sent the operation.
 */
static gboolean
check_claims (const GchOperation  *operation,
              GchAgent            *agent,
              GError             **error)
{
  JsonObject *payload = operation->payload != NULL && JSON_NODE_HOLDS_OBJECT (operation->payload)
                        ? json_node_get_object (operation->payload) : NULL;
  const char *id = gch_agent_get_id (agent);
  const char *claimed;

  if (g_str_equal (operation->kind, "callback"))
    {
      claimed = payload != NULL
                ? json_object_get_string_member_with_default (payload, "taken-by", NULL) : NULL;
      if (g_strcmp0 (claimed, id) != 0)
        {
          g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                       _("This call-back says it was taken by “%s”, but it was sent with the "
                         "login of %s: a station records only its own agent’s call-backs."),
                       claimed != NULL && g_utf8_validate (claimed, -1, NULL) ? claimed : "",
                       id);
          return FALSE;
        }
    }
  else if (g_str_equal (operation->kind, "read-signature"))
    {
      claimed = payload != NULL
                ? json_object_get_string_member_with_default (payload, "reader", NULL) : NULL;
      if (g_strcmp0 (claimed, id) != 0)
        {
          g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                       _("This signature read says it was read by “%s”, but it was sent with "
                         "the login of %s: the register records who really read it."),
                       claimed != NULL && g_utf8_validate (claimed, -1, NULL) ? claimed : "",
                       id);
          return FALSE;
        }
    }
  /* the suggestions and complaints register: who forwarded, who answered */
  else if (g_str_equal (operation->kind, "feedback-forward"))
    {
      claimed = payload != NULL
                ? json_object_get_string_member_with_default (payload, "by", NULL) : NULL;
      if (g_strcmp0 (claimed, id) != 0)
        {
          g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                       _("This record says it was forwarded by “%s”, but it was sent with the "
                         "login of %s: the register records who really forwarded it."),
                       claimed != NULL && g_utf8_validate (claimed, -1, NULL) ? claimed : "",
                       id);
          return FALSE;
        }
    }
  /* the other steps: "by" in the payload; a log's in its record, absent
   * when nobody was logged in or the station is older (the log then
   * names nobody)
   */
  else if (g_str_equal (operation->kind, "feedback-acknowledge") ||
           g_str_equal (operation->kind, "feedback-start") ||
           g_str_equal (operation->kind, "feedback-close") ||
           g_str_equal (operation->kind, "feedback-log"))
    {
      gboolean log = g_str_equal (operation->kind, "feedback-log");
      JsonNode *node = payload != NULL && log ? json_object_get_member (payload, "record") : NULL;
      JsonObject *record = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                           ? json_node_get_object (node) : NULL;

      if (log)
        claimed = record != NULL && json_object_has_member (record, "logged-by")
                  ? json_object_get_string_member_with_default (record, "logged-by", "") : id;
      else
        claimed = payload != NULL
                  ? json_object_get_string_member_with_default (payload, "by", NULL) : NULL;
      if (g_strcmp0 (claimed, id) != 0)
        {
          g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                       _("This record says this step was done by “%s”, but it was sent with "
                         "the login of %s: the register records who really did it."),
                       claimed != NULL && g_utf8_validate (claimed, -1, NULL) ? claimed : "",
                       id);
          return FALSE;
        }
    }
  else if (g_str_equal (operation->kind, "feedback-answer"))
    {
      claimed = payload != NULL
                ? json_object_get_string_member_with_default (payload, "author", NULL) : NULL;
      if (g_strcmp0 (claimed, id) != 0)
        {
          g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_FORBIDDEN,
                       _("This answer says it was written by “%s”, but it was sent with the "
                         "login of %s: the register records who really answered."),
                       claimed != NULL && g_utf8_validate (claimed, -1, NULL) ? claimed : "",
                       id);
          return FALSE;
        }
    }

  return TRUE;
}

/* Applies one operation, at most once: an operation that comes again gets
 * the answer it got the first time, marked "duplicate".
 */
static JsonNode *
apply_operation (GchServer *self,
                 JsonNode  *node,
                 GchAgent  *agent)
{
  g_autoptr(GchOperation) operation = NULL;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *first_status = NULL;
  g_autofree char *first_message = NULL;
  const char *status = "applied";
  const char *ticket = NULL;
  GchStation *station;
  JsonNode *result;

  if (!(operation = gch_codec_operation_from_json (node, &error)))
    return operation_result (NULL, "rejected", error->message);

  if (gch_store_lookup_result (self->store, operation->uuid, &first_status, &first_message))
    {
      JsonNode *again = operation_result (operation->uuid, "duplicate", first_message);
      JsonObject *object = json_node_get_object (again);

      json_object_set_string_member (object, "first-status", first_status);
      if (is_call_next (operation) && g_str_equal (first_status, "applied") && first_message != NULL)
        json_object_set_string_member (object, "ticket", first_message);
      if (!g_str_equal (first_status, "applied"))
        add_current_record (self, object, operation);
      return again;
    }

  date = gch_store_dup_date_at (self->store, operation->at);
  if (!check_allowed (self, operation, agent, date, &error) ||
      !check_claims (operation, agent, &error))
    status = "rejected";
  else if ((station = station_for (self, date, &error)) != NULL &&
      (change = gch_station_decide_operation (station, operation, &error)) != NULL &&
      gch_store_apply_change (self->store, change, &error))
    gch_change_apply (change, gch_station_get_day (station));
  else if (g_error_matches (error, GCH_ERROR, GCH_ERROR_CONFLICT))
    status = "conflict";
  else if (g_error_matches (error, GCH_ERROR, GCH_ERROR_DUPLICATE))
    return operation_result (operation->uuid, "duplicate", error->message);
  else
    status = "rejected";

  /* An applied call-next keeps the ticket it called as its message, so
   * that a station asking again gets the same person. One that called
   * nobody changed nothing: asked again, it is decided again.
   */
  if (error == NULL && is_call_next (operation))
    ticket = gch_queue_entry_get_ticket (gch_change_get_entry (change));
  else if (is_call_next (operation))
    return operation_result (operation->uuid, status, error->message);

  if (!gch_store_record_result (self->store, operation->uuid, status,
                                error != NULL ? error->message : ticket, now_seconds (),
                                error != NULL ? NULL : &error))
    g_warning ("The result of operation %s could not be kept: %s", operation->uuid,
               error != NULL ? error->message : "?");

  result = operation_result (operation->uuid, status, error != NULL ? error->message : NULL);
  if (ticket != NULL)
    json_object_set_string_member (json_node_get_object (result), "ticket", ticket);
  if (!g_str_equal (status, "applied"))
    add_current_record (self, json_node_get_object (result), operation);
  return result;
}

static void
handle_operations (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *operations = json_object_get_array_member (request->body, "operations");
  JsonArray *results = json_array_new ();
  guint n = json_array_get_length (operations);

  if (n > MAX_OPERATIONS)
    {
      g_autofree char *message =
        g_strdup_printf (_("Send at most %u operations at a time."), MAX_OPERATIONS);

      json_array_unref (results);
      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE, message);
      return;
    }

  for (guint i = 0; i < n; i++)
    json_array_add_element (results, apply_operation (request->server,
                                                      json_array_get_element (operations, i),
                                                      request->agent));

  json_object_set_array_member (object, "results", results);
  node = json_node_init_object (json_node_alloc (), object);
  respond_json (request->msg, SOUP_STATUS_OK, node);
  wake_waiters (request->server);
}

/* "Call next", decided here and only here while the stations are online,
 * so that two guichets never call the same person. The station's UUID
 * makes asking again after a lost answer harmless: it gets the same
 * person. The call then reaches every station through the feed.
 */
static void
handle_call_next (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(JsonObject) operation = json_object_new ();
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) result = NULL;
  guint64 number;

  if (!g_ascii_string_to_unsigned (request->param, 10, 1, 999, &number, NULL))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_NOT_FOUND,
                     _("There is no such guichet at this site."));
      return;
    }

  if (!g_uuid_string_is_valid (json_object_get_string_member (request->body, "uuid")))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE,
                     _("“uuid” must be a UUID, such as “0d9e8f2a-5b7c-4e1d-9a3f-6c2b8e4d7a10”"));
      return;
    }

  json_object_set_int_member (payload, "guichet", number);
  json_object_set_member (operation, "uuid",
                          json_node_copy (json_object_get_member (request->body, "uuid")));
  json_object_set_string_member (operation, "kind", "call-next");
  json_object_set_string_member (operation, "record-kind", "guichet");
  json_object_set_string_member (operation, "record-id", request->param);
  json_object_set_int_member (operation, "base-version", 0);
  json_object_set_member (operation, "at",
                          json_node_copy (json_object_get_member (request->body, "at")));
  json_object_set_string_member (operation, "actor", gch_agent_get_id (request->agent));
  json_object_set_object_member (operation, "payload", json_object_ref (payload));
  node = json_node_init_object (json_node_alloc (), operation);

  result = apply_operation (request->server, node, request->agent);
  respond_json (request->msg, SOUP_STATUS_OK, result);
  wake_waiters (request->server);
}

static gboolean
parse_count (GHashTable  *params,
             const char  *name,
             guint64      fallback,
             guint64      max,
             guint64     *value,
             GError     **error)
{
  const char *text = params != NULL ? g_hash_table_lookup (params, name) : NULL;

  *value = fallback;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL))
    {
      g_autofree char *most = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      /* Translators: a query parameter's name, then the largest value it takes */
      g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_INVALID_VALUE,
                   _("“%s” must be a whole number from 0 to %s."), name, most);
      return FALSE;
    }

  return TRUE;
}

/* A station with nothing new to pull waits here, its request paused,
 * until an operation changes the feed or its wait is over.
 */
typedef struct
{
  Request *request;
  guint64  after;
  guint64  limit;
  guint    timeout_id;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  g_clear_handle_id (&waiter->timeout_id, g_source_remove);
  g_clear_pointer (&waiter->request, request_free);
  g_free (waiter);
}

/* Whether the feed still holds every change after @after: a station's
 * cursor may be older than the days pruned, or ahead of a server whose
 * database was replaced. Sequence numbers have no holes but pruned ones,
 * so a page tells by its first number; an empty page, by the feed's last
 * number, read again only when it is not the station's (an idle station
 * costs no query).
 */
static gboolean
feed_follows (GchServer *self,
              guint64    after,
              guint64    limit,
              JsonArray *changes)
{
  gint64 start;

  if (json_array_get_length (changes) > 0)
    return json_object_get_int_member (json_array_get_object_element (changes, 0), "seq") ==
           (gint64)after + 1;

  if ((gint64)after == self->feed_end)
    return TRUE;

  gch_store_get_feed_range (self->store, &start, &self->feed_end);
  return limit > 0 ? (gint64)after == self->feed_end
                   : (gint64)after >= start && (gint64)after <= self->feed_end;
}

/* Answers with the page after @after, or, when it is empty and @wait is
 * set, returns FALSE and leaves the request unanswered.
 */
static gboolean
answer_changes (Request  *request,
                guint64   after,
                guint64   limit,
                gboolean  wait)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 cursor;
  gboolean more;
  guint n;

  if (!(changes = gch_store_load_feed (request->server->store, after, limit, &cursor, &error)))
    {
      respond_gerror (request->msg, error);
      return TRUE;
    }

  n = json_array_get_length (json_node_get_array (changes));
  if (!feed_follows (request->server, after, limit, json_node_get_array (changes)))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_CURSOR_TOO_OLD,
                     _("The changes after this cursor are no longer kept: load the day again."));
      return TRUE;
    }

  if (n == 0 && wait && limit > 0)
    return FALSE;

  strip_personal_data_of_changes (request->agent, json_node_get_array (changes));

  object = json_object_new ();
  json_object_set_int_member (object, "cursor", cursor);
  /* A page of large records stops short of the limit: more follows. */
  more = n == limit && limit > 0;
  if (!more && n > 0 && limit > 0)
    {
      gint64 start, end;

      gch_store_get_feed_range (request->server->store, &start, &end);
      more = cursor < end;
    }
  json_object_set_boolean_member (object, "more", more);
  json_object_set_member (object, "changes", g_steal_pointer (&changes));
  node = json_node_init_object (json_node_alloc (), object);
  respond_json (request->msg, SOUP_STATUS_OK, node);
  return TRUE;
}

static gboolean
on_wait_over_cb (gpointer user_data)
{
  Waiter *waiter = user_data;
  /* The request may hold the last reference to the server. */
  g_autoptr(GchServer) self = g_object_ref (waiter->request->server);

  waiter->timeout_id = 0;
  if (!waiter->request->finished)
    {
      answer_changes (waiter->request, waiter->after, waiter->limit, FALSE);
      request_resume (waiter->request);
    }
  g_ptr_array_remove_fast (self->waiters, waiter);
  waiter_free (waiter);

  return G_SOURCE_REMOVE;
}

/* After operations were applied: the stations waiting hear of them. */
static void
wake_waiters (GchServer *self)
{
  for (guint i = self->waiters->len; i > 0; i--)
    {
      Waiter *waiter = g_ptr_array_index (self->waiters, i - 1);

      if (waiter->request->finished ||
          answer_changes (waiter->request, waiter->after, waiter->limit, TRUE))
        {
          request_resume (waiter->request);
          g_ptr_array_remove_index_fast (self->waiters, i - 1);
          waiter_free (waiter);
        }
    }
}

static void
handle_changes (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  GUri *uri = soup_server_message_get_uri (request->msg);
  const char *query = g_uri_get_query (uri);
  guint64 after, limit, wait;
  Waiter *waiter;

  if (query != NULL && !(params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, &error)))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_BAD_REQUEST, error->message);
      return;
    }

  if (!parse_count (params, "after", 0, G_MAXINT64, &after, &error) ||
      !parse_count (params, "limit", DEFAULT_CHANGES, MAX_CHANGES, &limit, &error) ||
      !parse_count (params, "wait", 0, MAX_WAIT, &wait, &error))
    {
      respond_gerror (request->msg, error);
      return;
    }

  if (answer_changes (request, after, limit, wait > 0))
    return;

  waiter = g_new0 (Waiter, 1);
  waiter->request = g_steal_pointer (&owned);
  waiter->after = after;
  waiter->limit = limit;
  waiter->timeout_id = g_timeout_add_seconds (wait, on_wait_over_cb, waiter);
  request_pause (waiter->request);
  g_ptr_array_add (request->server->waiters, waiter);
}

/* Ticket numbers for stations: see gch_server_db_reserve_tickets() */

#define MAX_BLOCK 500

/* The figures of a period: each day of it read once, in a worker, since a
 * year of days is a second's reading, too long for the main loop.
 */
typedef struct
{
  Request *request;
  char    *from;
  char    *to;
  char    *today;
  guint    target;
} Figures;

static void
figures_free (Figures *figures)
{
  g_clear_pointer (&figures->request, request_free);
  g_free (figures->from);
  g_free (figures->to);
  g_free (figures->today);
  g_free (figures);
}

static void
figures_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GchServer *self = source_object;
  Figures *figures = task_data;
  GError *error = NULL;
  GchFigures *result;

  result = gch_figures_load_period (self->store, figures->from, figures->to, figures->today,
                                    figures->target, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) gch_figures_free);
  else
    g_task_return_error (task, error);
}

static void
figures_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Figures *figures = g_task_get_task_data (G_TASK (result));
  g_autoptr(GchFigures) period = NULL;
  g_autoptr(GError) error = NULL;

  if (!(period = g_task_propagate_pointer (G_TASK (result), &error)))
    respond_gerror (figures->request->msg, error);
  else
    {
      g_autoptr(JsonNode) node = gch_figures_to_json (period);

      respond_json (figures->request->msg, SOUP_STATUS_OK, node);
    }
  request_resume (figures->request);
}

#define DEFAULT_TARGET_MINUTES 30

static void
handle_figures (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  GUri *uri = soup_server_message_get_uri (request->msg);
  const char *query = g_uri_get_query (uri);
  const char *target_text;
  const char *from, *to;
  gint64 target = DEFAULT_TARGET_MINUTES;
  Figures *figures;

  if (query != NULL && !(params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, &error)))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_BAD_REQUEST, error->message);
      return;
    }

  from = params ? g_hash_table_lookup (params, "from") : NULL;
  to = params ? g_hash_table_lookup (params, "to") : NULL;
  target_text = params ? g_hash_table_lookup (params, "target") : NULL;
  if (target_text != NULL &&
      !g_ascii_string_to_signed (target_text, 10, G_MININT64, G_MAXINT64, &target, NULL))
    target = 0;

  if (!gch_figures_check_period (from, to, target, &error))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE, error->message);
      return;
    }

  figures = g_new0 (Figures, 1);
  figures->from = g_strdup (from);
  figures->to = g_strdup (to);
  /* The days to come are not counted: their appointments are not due yet. */
  figures->today = gch_store_dup_date_at (request->server->store, now_seconds ());
  figures->target = target;
  figures->request = g_steal_pointer (&owned);
  request_pause (figures->request);

  task = g_task_new (request->server, NULL, figures_cb, NULL);
  g_task_set_task_data (task, figures, (GDestroyNotify) figures_free);
  g_task_run_in_thread (task, figures_worker);
}

static void
handle_ticket_blocks (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(GchTicketBlock) block = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *uuid = json_object_get_string_member (request->body, "uuid");
  const char *date = json_object_get_string_member (request->body, "date");
  const char *service = json_object_get_string_member (request->body, "service");
  gint64 count = json_object_get_int_member (request->body, "count");

  if (!g_uuid_string_is_valid (uuid))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE,
                     _("“uuid” must be a UUID the station made for this request."));
      return;
    }

  if (!gch_day_parse_date (date, NULL, NULL, NULL))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE,
                     _("“date” must be a date of the form YYYY-MM-DD."));
      return;
    }

  if (count < 1 || count > MAX_BLOCK)
    {
      g_autofree char *message =
        g_strdup_printf (_("“count” must be a whole number from 1 to %u."), MAX_BLOCK);

      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE, message);
      return;
    }

  if (!(block = gch_server_db_reserve_tickets (request->server->db, uuid, date, service, count,
                                               gch_agent_get_id (request->agent), now_seconds (),
                                               &error)))
    {
      respond_gerror (request->msg, error);
      return;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "uuid", block->uuid);
  json_object_set_string_member (object, "date", block->day);
  json_object_set_string_member (object, "service", block->service);
  json_object_set_string_member (object, "prefix", block->prefix);
  json_object_set_int_member (object, "first", block->first);
  json_object_set_int_member (object, "last", block->last);
  node = json_node_init_object (json_node_alloc (), object);
  respond_json (request->msg, SOUP_STATUS_OK, node);
}

/**
 * gch_server_new:
 * @store: the server's database, opened
 *
 * Returns: (transfer full): a server on @store, not listening yet; or
 *   %NULL with @error set when its second connection to the database
 *   could not be opened
 */
GchServer *
gch_server_new (GchStore  *store,
                GError   **error)
{
  g_autoptr(GchServer) self = NULL;

  g_return_val_if_fail (GCH_IS_STORE (store), NULL);

  self = g_object_new (GCH_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  if (!(self->db = gch_server_db_open (gch_store_get_path (store), error)))
    return NULL;

  /* What the stations send is kept in the change feed they pull. */
  gch_store_set_keeps_feed (store, TRUE);
  self->stations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->waiters = g_ptr_array_new ();

  self->soup = soup_server_new ("server-header", "guichet-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  g_signal_connect (self->soup, "request-read", G_CALLBACK (on_request_read_cb), NULL);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished_cb), NULL);

  /* Computed now, once, so that the first login is not slower than the others. */
  gch_server_auth_get_dummy_hash ();

  return g_steal_pointer (&self);
}

guint
gch_server_get_token_lifetime (GchServer *self)
{
  g_return_val_if_fail (GCH_IS_SERVER (self), 0);

  return self->token_lifetime;
}

/**
 * gch_server_set_token_lifetime:
 * @seconds: how long a token is valid after its login
 *
 * Applies to the next logins.
 */
void
gch_server_set_token_lifetime (GchServer *self,
                               guint      seconds)
{
  g_return_if_fail (GCH_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  self->token_lifetime = seconds;
}

/**
 * gch_server_listen:
 * @address: where to listen: a loopback address (127.0.0.0/8 or ::1);
 *   port 0 picks a free port
 * @certificate: (nullable): with it, the server speaks HTTPS only
 *
 * Returns: %TRUE when listening
 */
gboolean
gch_server_listen (GchServer           *self,
                   GInetSocketAddress  *address,
                   GTlsCertificate     *certificate,
                   GError             **error)
{
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (GCH_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);

  if (!g_inet_address_get_is_loopback (g_inet_socket_address_get_address (address)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("guichet-server listens only on a loopback address "
                             "(127.0.0.1 or ::1)."));
      return FALSE;
    }

  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->soup, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  return soup_server_listen (self->soup, G_SOCKET_ADDRESS (address), options, error);
}

/**
 * gch_server_dup_url:
 *
 * Returns: (transfer full) (nullable): where the server listens:
 *   `http://127.0.0.1:PORT` or `https://…`, without a final slash; %NULL
 *   before gch_server_listen()
 */
char *
gch_server_dup_url (GchServer *self)
{
  GSList *uris;
  GUri *uri;
  const char *host;
  char *url;

  g_return_val_if_fail (GCH_IS_SERVER (self), NULL);

  if (!(uris = soup_server_get_uris (self->soup)))
    return NULL;

  uri = uris->data;
  host = g_uri_get_host (uri);
  url = g_strdup_printf (strchr (host, ':') != NULL ? "%s://[%s]:%d" : "%s://%s:%d",
                         g_uri_get_scheme (uri), host, g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return url;
}

/**
 * gch_server_disconnect:
 *
 * Stops listening and closes the connections.
 */
void
gch_server_disconnect (GchServer *self)
{
  g_return_if_fail (GCH_IS_SERVER (self));

  soup_server_disconnect (self->soup);
  /* Their connections are closed: and they hold the server. */
  while (self->waiters->len > 0)
    waiter_free (g_ptr_array_steal_index_fast (self->waiters, self->waiters->len - 1));
}

/* A record's contact as the routes answer it: none, with a sentence. */
static JsonObject *
contact_to_json (GchFeedback *feedback)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "feedback", gch_feedback_get_id (feedback));
  json_object_set_boolean_member (object, "contact", gch_feedback_has_contact (feedback));
  if (gch_feedback_has_contact (feedback))
    {
      if (gch_feedback_get_contact_name (feedback) != NULL)
        json_object_set_string_member (object, "name", gch_feedback_get_contact_name (feedback));
      if (gch_feedback_get_contact_email (feedback) != NULL)
        json_object_set_string_member (object, "email", gch_feedback_get_contact_email (feedback));
      if (gch_feedback_get_contact_phone (feedback) != NULL)
        json_object_set_string_member (object, "phone", gch_feedback_get_contact_phone (feedback));
    }
  else
    json_object_set_string_member (object, "message",
                                   _("This record has no contact: the person gave none, or it "
                                     "was erased at the end of its retention period."));
  return object;
}

/* privacy: a complaint's contact never travels in the feed; a supervisor
 * or the quality referent reads it here, and each read is an event of
 * the record at the server, which the feed takes to every station.
 */
static void
handle_feedback_contact (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  GchAgentRole role = gch_agent_get_role (request->agent);

  if (!gch_agent_role_reads_personal_data (role))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_FORBIDDEN,
                     _("Only a supervisor or the quality referent can read a person’s "
                       "contact details."));
      return;
    }

  if (!g_uuid_string_is_valid (request->param) ||
      !(feedback = gch_store_load_feedback (request->server->store, request->param, &error)) ||
      !gch_store_read_feedback_contact (request->server->store, feedback,
                                        gch_agent_get_id (request->agent), role, now_seconds (),
                                        &error))
    {
      if (error == NULL || g_error_matches (error, GCH_ERROR, GCH_ERROR_NOT_FOUND))
        respond_error (request->msg, GCH_SERVER_ERROR_NOT_FOUND,
                       _("There is no such record in the register."));
      else
        respond_gerror (request->msg, error);
      return;
    }

  object = contact_to_json (feedback);
  node = json_node_init_object (json_node_alloc (), object);
  respond_json (request->msg, SOUP_STATUS_OK, node);
  /* The read's event is in the feed: the stations waiting hear of it. */
  wake_waiters (request->server);
}

/* privacy: the contacts of many records at once, for the register's export
 * at a station that did not log them: the same reads as
 * handle_feedback_contact(), each an event with the reader from the token.
 * Ids the register does not have are answered in `unknown`, not read.
 */
static void
handle_feedback_contacts (Request *request)
{
  g_autoptr(Request) owned = request;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *ids = json_object_get_array_member (request->body, "feedback");
  JsonArray *contacts;
  JsonArray *unknown;
  GchAgentRole role = gch_agent_get_role (request->agent);
  guint n = json_array_get_length (ids);

  if (!gch_agent_role_reads_personal_data (role))
    {
      respond_error (request->msg, GCH_SERVER_ERROR_FORBIDDEN,
                     _("Only a supervisor or the quality referent can read a person’s "
                       "contact details."));
      return;
    }
  if (n > MAX_OPERATIONS)
    {
      g_autofree char *message =
        g_strdup_printf (_("Ask for at most %u contacts at a time."), MAX_OPERATIONS);

      respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE, message);
      return;
    }
  /* Every id checked before anything is read: a refused request records nothing. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (ids, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING ||
          !g_uuid_string_is_valid (json_node_get_string (element)))
        {
          respond_error (request->msg, GCH_SERVER_ERROR_INVALID_VALUE,
                         _("Each item of “feedback” must be a record’s id."));
          return;
        }
    }

  contacts = json_array_new ();
  unknown = json_array_new ();
  for (guint i = 0; i < n; i++)
    {
      const char *id = json_array_get_string_element (ids, i);
      g_autoptr(GchFeedback) feedback = NULL;
      g_autoptr(GError) error = NULL;

      if ((feedback = gch_store_load_feedback (request->server->store, id, &error)) &&
          gch_store_read_feedback_contact (request->server->store, feedback,
                                           gch_agent_get_id (request->agent), role,
                                           now_seconds (), &error))
        json_array_add_object_element (contacts, contact_to_json (feedback));
      else if (g_error_matches (error, GCH_ERROR, GCH_ERROR_NOT_FOUND))
        json_array_add_string_element (unknown, id);
      else
        {
          json_array_unref (contacts);
          json_array_unref (unknown);
          respond_gerror (request->msg, error);
          /* The reads made so far are events: the stations hear of them. */
          wake_waiters (request->server);
          return;
        }
    }

  object = json_object_new ();
  json_object_set_array_member (object, "contacts", contacts);
  json_object_set_array_member (object, "unknown", unknown);
  node = json_node_init_object (json_node_alloc (), object);
  respond_json (request->msg, SOUP_STATUS_OK, node);
  /* The reads' events are in the feed: the stations waiting hear of them. */
  wake_waiters (request->server);
}
