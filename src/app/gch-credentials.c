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
 * asynchronous already (the keyring may have to be unlocked); they are
 * made one at a time here, since a logout's clear and the next login's
 * store racing to open libsecret's session were seen to fail, and a call
 * that fails is tried once more with a new session.
 *
 * A login is forgotten item by item, not with secret_password_clear():
 * libsecret 0.20's clear returns its task twice when an item it found is
 * gone by the time it deletes it (another program forgot it first), and
 * the app would then be answered twice.
 */

/* Items of one login that a clear deletes before it gives up. */
#define CLEAR_ROUNDS 8

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

typedef enum
{
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpKind;

typedef struct
{
  OpKind    kind;
  char     *server_url;
  char     *agent;
  char     *token;
  gboolean  retried;
  guint     rounds;        /* OP_CLEAR: items deleted or searches failed */
  GError   *clear_error;   /* OP_CLEAR: the last failure, if nothing else comes */
} Op;

static GQueue pending = G_QUEUE_INIT;
static gboolean running;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->server_url);
  g_free (op->agent);
  if (op->token != NULL)
    memset (op->token, 0, strlen (op->token));
  g_free (op->token);
  g_clear_error (&op->clear_error);
  g_free (op);
}

static void start_op (GTask *task);

static void
run_next (void)
{
  GTask *task;

  if (running || (task = g_queue_pop_head (&pending)) == NULL)
    return;

  running = TRUE;
  start_op (task);
}

/* Answers the task once, or asks the keyring again, once, when it failed. */
static void
finish_op (GTask    *task,
           gboolean  ok,
           GError   *error,
           char     *secret)
{
  Op *op = g_task_get_task_data (task);

  /* The keyring may have closed the session libsecret keeps open: once,
   * start over with a new one.
   */
  if (!ok && !op->retried && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Asking the keyring again: %s", error->message);
      g_clear_error (&error);
      op->retried = TRUE;
      secret_service_disconnect ();
      start_op (task);
      return;
    }

  if (!ok)
    g_task_return_error (task, error);
  else if (op->kind == OP_LOOKUP)
    {
      /* libsecret's copy is wiped when freed. */
      g_task_return_pointer (task, g_strdup (secret), g_free);
      secret_password_free (secret);
    }
  else
    g_task_return_boolean (task, TRUE);

  g_object_unref (task);
  running = FALSE;
  run_next ();
}

static void
op_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret = NULL;
  gboolean ok = FALSE;

  switch (op->kind)
    {
    case OP_STORE:
      ok = secret_password_store_finish (result, &error);
      break;
    case OP_LOOKUP:
      secret = secret_password_lookup_finish (result, &error);
      ok = error == NULL;
      break;
    case OP_CLEAR:
    default:
      g_assert_not_reached ();
    }

  finish_op (task, ok, error, secret);
}

static void clear_next (GTask *task);

static void
clear_deleted_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  /* Another program may have deleted it meanwhile: the next search tells
   * whether the login is forgotten all the same.
   */
  if (!secret_item_delete_finish (SECRET_ITEM (object), result, &error))
    {
      g_debug ("The keyring did not delete the login: %s", error->message);
      g_clear_error (&op->clear_error);
      op->clear_error = error;
    }

  clear_next (task);
}

static void
clear_searched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  GList *items = secret_service_search_finish (NULL, result, &error);
  SecretItem *item = items != NULL ? items->data : NULL;

  /* An item found gone while libsecret loaded it fails the search: look
   * again.
   */
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          ++op->rounds > CLEAR_ROUNDS)
        finish_op (task, FALSE, error, NULL);
      else
        {
          g_debug ("The keyring did not search the login: %s", error->message);
          g_clear_error (&op->clear_error);
          op->clear_error = error;
          clear_next (task);
        }
      return;
    }

  /* Nothing left to forget, whoever deleted it, is success; so is a
   * locked item, which only the agent may open.
   */
  if (item == NULL || secret_item_get_locked (item))
    finish_op (task, TRUE, NULL, NULL);
  else if (++op->rounds > CLEAR_ROUNDS)
    finish_op (task, FALSE,
               op->clear_error != NULL
               ? g_steal_pointer (&op->clear_error)
               : g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                              "The keyring kept the login after %d deletions", CLEAR_ROUNDS),
               NULL);
  else
    secret_item_delete (item, g_task_get_cancellable (task), clear_deleted_cb, task);

  g_list_free_full (items, g_object_unref);
}

/* One item at a time (the newest first), until none is left: libsecret's
 * search of one item answers once, whatever happens to the others.
 */
static void
clear_next (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;

  attributes = secret_attributes_build (token_schema (),
                                        "server", op->server_url, "agent", op->agent, NULL);
  secret_service_search (NULL, token_schema (), attributes, SECRET_SEARCH_NONE,
                         g_task_get_cancellable (task), clear_searched_cb, task);
}

static void
start_op (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *label = NULL;

  switch (op->kind)
    {
    case OP_STORE:
      /* Translators: the label of the keyring item; %s is the server's address */
      label = g_strdup_printf (_("Guichet login at %s"), op->server_url);
      secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, op->token,
                             cancellable, op_cb, task,
                             "server", op->server_url, "agent", op->agent, NULL);
      break;
    case OP_LOOKUP:
      secret_password_lookup (token_schema (), cancellable, op_cb, task,
                              "server", op->server_url, "agent", op->agent, NULL);
      break;
    case OP_CLEAR:
      op->rounds = 0;
      g_clear_error (&op->clear_error);
      clear_next (task);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
enqueue (OpKind               kind,
         const char          *server_url,
         const char          *agent,
         const char          *token,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->server_url = g_strdup (server_url);
  op->agent = g_strdup (agent);
  op->token = g_strdup (token);
  g_task_set_task_data (task, op, op_free);
  g_queue_push_tail (&pending, task);
  run_next ();
}

void
gch_credentials_store_async (const char          *server_url,
                             const char          *agent,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  enqueue (OP_STORE, server_url, agent, token, cancellable, callback, user_data);
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
  enqueue (OP_LOOKUP, server_url, agent, NULL, cancellable, callback, user_data);
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
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gch_credentials_clear_async (const char          *server_url,
                             const char          *agent,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  enqueue (OP_CLEAR, server_url, agent, NULL, cancellable, callback, user_data);
}

gboolean
gch_credentials_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
