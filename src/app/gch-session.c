/* gch-session.c
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

#define G_LOG_DOMAIN "gch-session"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "guichet.h"
#include "gch-credentials.h"
#include "gch-session.h"

/* The agent's session on the booking server: logging in gets a token from
 * the server (the app keeps it in the keyring, in the background: a locked
 * keyring's prompt must not hold the station back); logging out revokes it
 * on the server and forgets it. Everything is asynchronous, on the main context:
 * the window never waits for the network. The errors are said in the
 * agent's words; the technical detail goes to the log.
 */

#define TIMEOUT_SECONDS 15

typedef struct
{
  char *url;
  char *agent;
} SessionData;

static void
session_data_free (gpointer data)
{
  SessionData *sd = data;

  g_free (sd->url);
  g_free (sd->agent);
  g_free (sd);
}

/**
 * gch_session_normalize_url:
 *
 * Returns: (transfer full): @server_url without blanks around it nor a
 *   slash at its end, so that one server is one keyring entry
 */
char *
gch_session_normalize_url (const char *server_url)
{
  g_autofree char *url = g_strstrip (g_strdup (server_url));

  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  return g_steal_pointer (&url);
}

static SoupSession *
new_session (void)
{
  return g_object_new (SOUP_TYPE_SESSION, "timeout", TIMEOUT_SECONDS, NULL);
}

/* What went wrong, in plain words, with GCH_ERROR_AUTH for a refused login
 * and GCH_ERROR_CERTIFICATE for an untrusted certificate.
 */
static GError *
explain (GError *error)
{
  GError *plain;

  g_debug ("%s", error->message);
  if (error->domain == G_TLS_ERROR)
    plain = g_error_new (GCH_ERROR, GCH_ERROR_CERTIFICATE,
                         _("The server’s certificate is not trusted by this computer. Nothing "
                           "was sent. Ask your administrator to install the site’s certificate."));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    plain = g_error_copy (error);
  else
    plain = g_error_new (GCH_ERROR, GCH_ERROR_FAILED,
                         _("The server cannot be reached. Check its address and the network, "
                           "then try again."));
  g_error_free (error);
  return plain;
}

static void
log_in_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *error = NULL;
  JsonNode *root;
  const char *token = NULL;
  guint status;

  if (!(answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error)))
    {
      g_task_return_error (task, explain (error));
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_task_return_new_error (task, GCH_ERROR, GCH_ERROR_AUTH,
                               _("The agent or the password is wrong."));
      return;
    }

  if (status == SOUP_STATUS_OK &&
      json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                  g_bytes_get_size (answer), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    token = json_object_get_string_member_with_default (json_node_get_object (root), "token", NULL);

  if (token == NULL || *token == '\0')
    {
      g_warning ("The server answered the login with %u %s", status,
                 soup_message_get_reason_phrase (msg));
      g_task_return_new_error (task, GCH_ERROR, GCH_ERROR_FAILED,
                               _("This address does not answer as a Guichet server (%u). "
                                 "Check the address."), status);
      return;
    }

  g_task_return_pointer (task, g_strdup (token), g_free);
}

/**
 * gch_session_log_in_async:
 * @server_url: the server, `https://rdv.prefecture.example`
 * @agent: the agent's id
 * @password: the agent's password; sent once, kept nowhere
 *
 * Logs @agent in. The result is the server's answer alone: keeping the
 * token in the keyring is the caller's (gch_credentials_store_async()),
 * so that a keyring waiting for its password does not delay the login.
 */
void
gch_session_log_in_async (const char          *server_url,
                          const char          *agent,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *endpoint = NULL;
  SessionData *sd = g_new0 (SessionData, 1);
  char *text;

  sd->url = gch_session_normalize_url (server_url);
  sd->agent = g_strstrip (g_strdup (agent));
  g_task_set_task_data (task, sd, session_data_free);
  g_task_set_source_tag (task, gch_session_log_in_async);

  endpoint = g_strconcat (sd->url, "/api/v1/login", NULL);
  if ((!g_str_has_prefix (sd->url, "http://") && !g_str_has_prefix (sd->url, "https://")) ||
      !(msg = soup_message_new ("POST", endpoint)))
    {
      g_task_return_new_error (task, GCH_ERROR, GCH_ERROR_INVALID,
                               _("“%s” is not a server address. It looks like "
                                 "https://rdv.prefecture.example."), server_url);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "agent");
  json_builder_add_string_value (builder, sd->agent);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body_node = json_builder_get_root (builder);
  json_generator_set_root (generator, body_node);
  text = json_generator_to_data (generator, NULL);
  body = g_bytes_new_take (text, strlen (text));
  soup_message_set_request_body_from_bytes (msg, "application/json", body);

  /* The task keeps the session alive until the answer is in. */
  g_object_set_data_full (G_OBJECT (task), "session", g_object_ref (session), g_object_unref);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    log_in_cb, g_object_ref (task));
}

/**
 * gch_session_log_in_finish:
 *
 * Returns: (transfer full): the token, not yet in the keyring; %NULL on error:
 *   %GCH_ERROR_AUTH for a wrong agent or password, %GCH_ERROR_CERTIFICATE
 *   for an untrusted certificate, %GCH_ERROR_FAILED for a server that
 *   cannot be reached
 */
char *
gch_session_log_in_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!gch_credentials_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
log_out_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SessionData *sd = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  /* The token is forgotten here whatever the server said: an unreachable
   * server will let it expire.
   */
  if (!(answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error)))
    g_debug ("The logout did not reach the server: %s", error->message);

  gch_credentials_clear_async (sd->url, sd->agent, NULL, clear_token_cb, g_object_ref (task));
}

/**
 * gch_session_log_out_async:
 * @token: (nullable): the token to revoke on the server
 *
 * Revokes @token on the server, and forgets it in the keyring.
 */
void
gch_session_log_out_async (const char          *server_url,
                           const char          *agent,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *endpoint = NULL;
  SessionData *sd = g_new0 (SessionData, 1);

  sd->url = gch_session_normalize_url (server_url);
  sd->agent = g_strdup (agent);
  g_task_set_task_data (task, sd, session_data_free);
  g_task_set_source_tag (task, gch_session_log_out_async);

  endpoint = g_strconcat (sd->url, "/api/v1/logout", NULL);
  if (token == NULL || !(msg = soup_message_new ("POST", endpoint)))
    {
      gch_credentials_clear_async (sd->url, sd->agent, NULL, clear_token_cb, g_object_ref (task));
      return;
    }

  {
    g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
  }
  g_object_set_data_full (G_OBJECT (task), "session", g_object_ref (session), g_object_unref);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    log_out_cb, g_object_ref (task));
}

gboolean
gch_session_log_out_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
