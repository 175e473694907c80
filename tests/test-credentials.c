/* test-credentials.c: the agent's token in the session's real keyring
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

#include <libsecret/secret.h>

#include "gch-credentials.h"

/* The keyring of tools/test-session, through libsecret, as the app uses it. */

#define SERVER "http://127.0.0.1:9"
#define AGENT "c.martin"

typedef struct
{
  guint     calls;
  gboolean  ok;
  char     *token;
  GError   *error;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->token, g_free);
  g_clear_error (&outcome->error);
  outcome->calls = 0;
  outcome->ok = FALSE;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->calls++;
  outcome->ok = gch_credentials_store_finish (result, &outcome->error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->calls++;
  outcome->token = gch_credentials_lookup_finish (result, &outcome->error);
  outcome->ok = outcome->error == NULL;
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->calls++;
  outcome->ok = gch_credentials_clear_finish (result, &outcome->error);
}

static void
wait_for (Outcome *outcome)
{
  while (outcome->calls == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
store (const char *token)
{
  Outcome stored = { 0 };

  gch_credentials_store_async (SERVER, AGENT, token, NULL, store_cb, &stored);
  wait_for (&stored);
  g_assert_no_error (stored.error);
  g_assert_true (stored.ok);
  outcome_clear (&stored);
}

static char *
lookup (void)
{
  Outcome found = { 0 };
  char *token;

  gch_credentials_lookup_async (SERVER, AGENT, NULL, lookup_cb, &found);
  wait_for (&found);
  g_assert_no_error (found.error);
  token = g_steal_pointer (&found.token);
  outcome_clear (&found);
  return token;
}

static void
other_client_clear_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->calls++;
  outcome->ok = secret_password_clear_finish (result, &outcome->error);
}

/* Another program forgets the same login while the app does (the agent
 * logs out as the keyring manager deletes it, or another session's keyring
 * rewrote the file): the item the app found is gone when the app deletes
 * it. The other client asks first, on the same bus connection, so the
 * keyring answers its search and its delete first, and the app's delete
 * meets an item that no longer exists every time. The app's logout is
 * still done, once: the login is forgotten. (libsecret 0.20's own clear
 * returned its task twice here, and aborted the tests.)
 */
static void
test_cleared_by_another_client (void)
{
  static const SecretSchema schema = {
    "fr.guichet.Guichet.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "agent", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  Outcome other = { 0 };
  Outcome cleared = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *after = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;

  store ("0123456789abcdef");
  token = lookup ();
  g_assert_cmpstr (token, ==, "0123456789abcdef");

  /* A keyring manager shows the keyring: libsecret then knows its items,
   * and the app's clear goes from its search to its delete without asking
   * more, as fast as the other client.
   */
  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  g_assert_no_error (error);

  secret_password_clear (&schema, NULL, other_client_clear_cb, &other,
                         "server", SERVER, "agent", AGENT, NULL);
  gch_credentials_clear_async (SERVER, AGENT, NULL, clear_cb, &cleared);
  wait_for (&other);
  wait_for (&cleared);
  g_assert_no_error (other.error);
  g_assert_true (other.ok);
  g_assert_no_error (cleared.error);
  g_assert_true (cleared.ok);

  /* Nothing more comes: each asker was answered once. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (other.calls, ==, 1);
  g_assert_cmpuint (cleared.calls, ==, 1);

  after = lookup ();
  g_assert_null (after);
  outcome_clear (&other);
  outcome_clear (&cleared);
}

/* Forgetting a login that is not there is not an error; a login stored
 * again after being forgotten is found again.
 */
static void
test_clear_nothing_then_store (void)
{
  Outcome cleared = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *after = NULL;

  gch_credentials_clear_async (SERVER, AGENT, NULL, clear_cb, &cleared);
  wait_for (&cleared);
  g_assert_no_error (cleared.error);
  g_assert_true (cleared.ok);
  outcome_clear (&cleared);

  store ("fedcba9876543210");
  token = lookup ();
  g_assert_cmpstr (token, ==, "fedcba9876543210");

  gch_credentials_clear_async (SERVER, AGENT, NULL, clear_cb, &cleared);
  wait_for (&cleared);
  g_assert_no_error (cleared.error);
  g_assert_true (cleared.ok);
  outcome_clear (&cleared);
  after = lookup ();
  g_assert_null (after);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/cleared-by-another-client", test_cleared_by_another_client);
  g_test_add_func ("/credentials/clear-nothing-then-store", test_clear_nothing_then_store);

  return g_test_run ();
}
