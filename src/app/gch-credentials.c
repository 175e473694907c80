/* gch-credentials.c
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

#define G_LOG_DOMAIN "gch-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "gch-credentials.h"

/* The agent's token lives in the Secret Service only, never in a file, the
 * database or the settings (DESIGN.md §7). One token per server and agent:
 * a station that was logged in starts logged in. libsecret's calls are
 * asynchronous already: the keyring may have to be unlocked.
 */

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "fr.guichet.Guichet.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "agent", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

typedef struct
{
  char *server_url;
  char *agent;
  char *token;
  gboolean retried;
} StoreData;

static void
store_data_free (gpointer data)
{
  StoreData *sd = data;

  g_free (sd->server_url);
  g_free (sd->agent);
  if (sd->token != NULL)
    memset (sd->token, 0, strlen (sd->token));
  g_free (sd->token);
  g_free (sd);
}

static void store_once (GTask *task);

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreData *sd = g_task_get_task_data (task);
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The keyring may have closed the session libsecret keeps open (it does
   * after a while, or when it restarts): once, start over with a new one.
   */
  if (!sd->retried && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Storing the token again: %s", error->message);
      g_clear_error (&error);
      sd->retried = TRUE;
      secret_service_disconnect ();
      store_once (g_steal_pointer (&task));
      return;
    }

  g_task_return_error (task, error);
}

static void
store_once (GTask *task)
{
  StoreData *sd = g_task_get_task_data (task);
  /* Translators: the label of the keyring item; %s is the server's address */
  g_autofree char *label = g_strdup_printf (_("Guichet login at %s"), sd->server_url);

  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, sd->token,
                         g_task_get_cancellable (task), store_cb, task,
                         "server", sd->server_url, "agent", sd->agent, NULL);
}

void
gch_credentials_store_async (const char          *server_url,
                             const char          *agent,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  StoreData *sd = g_new0 (StoreData, 1);

  sd->server_url = g_strdup (server_url);
  sd->agent = g_strdup (agent);
  sd->token = g_strdup (token);
  g_task_set_task_data (task, sd, store_data_free);
  store_once (task);
}

gboolean
gch_credentials_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gch_credentials_lookup_async (const char          *server_url,
                              const char          *agent,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  secret_password_lookup (token_schema (), cancellable, callback, user_data,
                          "server", server_url, "agent", agent, NULL);
}

/**
 * gch_credentials_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the token, or %NULL when there is
 *   none (@error is then unset) or on error
 */
char *
gch_credentials_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  char *secret = secret_password_lookup_finish (result, error);
  char *token = g_strdup (secret);

  /* libsecret's copy is wiped when freed. */
  secret_password_free (secret);
  return token;
}

void
gch_credentials_clear_async (const char          *server_url,
                             const char          *agent,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  secret_password_clear (token_schema (), cancellable, callback, user_data,
                         "server", server_url, "agent", agent, NULL);
}

gboolean
gch_credentials_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GError) local = NULL;

  /* Nothing to forget is not an error. */
  if (!secret_password_clear_finish (result, &local) && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  return TRUE;
}
