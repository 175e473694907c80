/* gch-server-auth.c: passwords and tokens
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

#define G_LOG_DOMAIN "gch-server-auth"

#include "config.h"

#include <argon2.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "gch-error.h"
#include "gch-server-auth.h"

/* Argon2id with the parameters OWASP recommends for it: 19 MiB of memory,
 * two passes, one lane. About 50 ms on the machines the project runs on,
 * which is slow enough for a guesser and fast enough for a login.
 */
#define HASH_TIME_COST   2
#define HASH_MEMORY_KIB  19456
#define HASH_LANES       1
#define HASH_SALT_LENGTH 16
#define HASH_LENGTH      32

#define TOKEN_LENGTH 32

/**
 * gch_server_auth_random_bytes:
 * @buffer: (out caller-allocates): where to write
 * @length: how many bytes
 *
 * Fills @buffer from the kernel's random source, getrandom(2).
 *
 * Returns: %TRUE, or %FALSE with @error set when the kernel refused
 */
gboolean
gch_server_auth_random_bytes (guint8  *buffer,
                              gsize    length,
                              GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("No random bytes could be read: %s"), g_strerror (saved_errno));
          return FALSE;
        }

      done += n;
    }

  return TRUE;
}

/**
 * gch_server_auth_check_password:
 *
 * Checks that @password may be set: long enough to be worth hashing, short
 * enough to be a password, and text.
 *
 * Returns: %TRUE, or %FALSE with a %GCH_ERROR_INVALID @error that says why
 */
gboolean
gch_server_auth_check_password (const char  *password,
                                GError     **error)
{
  gsize length = password != NULL ? strlen (password) : 0;

  if (length < GCH_SERVER_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The password is too short: it needs at least %u characters."),
                   GCH_SERVER_PASSWORD_MIN_LENGTH);
      return FALSE;
    }

  if (length > GCH_SERVER_PASSWORD_MAX_LENGTH)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The password is too long: it may have at most %u bytes."),
                   GCH_SERVER_PASSWORD_MAX_LENGTH);
      return FALSE;
    }

  if (!g_utf8_validate (password, length, NULL))
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The password is not valid text (UTF-8)."));
      return FALSE;
    }

  return TRUE;
}

/**
 * gch_server_auth_check_agent_id:
 *
 * Returns: %TRUE if @id can name an agent: 1 to 64 ASCII letters, digits,
 *   '.', '-' or '_'; otherwise %FALSE with a %GCH_ERROR_INVALID @error
 */
gboolean
gch_server_auth_check_agent_id (const char  *id,
                                GError     **error)
{
  gsize length = id != NULL ? strlen (id) : 0;

  if (length == 0 || length > GCH_SERVER_AGENT_ID_MAX_LENGTH)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("An agent’s id has 1 to %u characters."), GCH_SERVER_AGENT_ID_MAX_LENGTH);
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '.' && id[i] != '-' && id[i] != '_')
      {
        g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                             _("An agent’s id may only have letters without accents, digits, "
                               "“.”, “-” and “_”."));
        return FALSE;
      }

  return TRUE;
}

/**
 * gch_server_auth_hash_password:
 *
 * Hashes @password with Argon2id and a new random salt. Takes about 50 ms
 * of CPU: call it from a worker thread in a server.
 *
 * Returns: (transfer full): the encoded hash (`$argon2id$v=19$…`), which
 *   holds its salt and parameters; or %NULL with @error set
 */
char *
gch_server_auth_hash_password (const char  *password,
                               GError     **error)
{
  guint8 salt[HASH_SALT_LENGTH];
  gsize encoded_length;
  g_autofree char *encoded = NULL;
  int rc;

  g_return_val_if_fail (password != NULL, NULL);

  if (!gch_server_auth_random_bytes (salt, sizeof salt, error))
    return NULL;

  encoded_length = argon2_encodedlen (HASH_TIME_COST, HASH_MEMORY_KIB, HASH_LANES,
                                      HASH_SALT_LENGTH, HASH_LENGTH, Argon2_id);
  encoded = g_malloc0 (encoded_length);
  rc = argon2id_hash_encoded (HASH_TIME_COST, HASH_MEMORY_KIB, HASH_LANES,
                              password, strlen (password), salt, sizeof salt, HASH_LENGTH,
                              encoded, encoded_length);
  if (rc != ARGON2_OK)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_FAILED,
                   _("The password could not be hashed: %s"), argon2_error_message (rc));
      return NULL;
    }

  return g_steal_pointer (&encoded);
}

/**
 * gch_server_auth_verify_password:
 * @encoded: an encoded Argon2id hash
 *
 * Takes as long as hashing: call it from a worker thread in a server.
 *
 * Returns: %TRUE if @password is the one @encoded was made from; %FALSE
 *   otherwise, and also when @encoded is damaged
 */
gboolean
gch_server_auth_verify_password (const char *encoded,
                                 const char *password)
{
  g_return_val_if_fail (encoded != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  return argon2id_verify (encoded, password, strlen (password)) == ARGON2_OK;
}

/**
 * gch_server_auth_get_dummy_hash:
 *
 * A hash of a random password nobody knows. Checking the password of an
 * unknown agent against it takes as long as checking a real one, so the
 * time of the answer does not tell which agents exist.
 *
 * Returns: (transfer none): an encoded Argon2id hash
 */
const char *
gch_server_auth_get_dummy_hash (void)
{
  static char *dummy;

  if (g_once_init_enter (&dummy))
    {
      guint8 bytes[TOKEN_LENGTH];
      g_autoptr(GchServerSecret) password = NULL;
      char *hash;

      /* If even the kernel's random source fails, a fixed password is still
       * unknown to the client: the dummy only needs to cost the same.
       */
      if (!gch_server_auth_random_bytes (bytes, sizeof bytes, NULL))
        memset (bytes, 0x5a, sizeof bytes);
      password = g_base64_encode (bytes, sizeof bytes);
      explicit_bzero (bytes, sizeof bytes);

      hash = gch_server_auth_hash_password (password, NULL);
      g_once_init_leave (&dummy, hash != NULL ? hash : g_strdup ("$argon2id$invalid"));
    }

  return dummy;
}

/**
 * gch_server_auth_new_token:
 *
 * Returns: (transfer full): a new token: 32 random bytes written in
 *   lowercase hex; or %NULL with @error set
 */
char *
gch_server_auth_new_token (GError **error)
{
  guint8 bytes[TOKEN_LENGTH];
  char *token;

  if (!gch_server_auth_random_bytes (bytes, sizeof bytes, error))
    return NULL;

  token = g_malloc (2 * TOKEN_LENGTH + 1);
  for (guint i = 0; i < TOKEN_LENGTH; i++)
    {
      token[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
      token[2 * i + 1] = "0123456789abcdef"[bytes[i] & 0xf];
    }
  token[2 * TOKEN_LENGTH] = '\0';
  explicit_bzero (bytes, sizeof bytes);

  return token;
}

/**
 * gch_server_auth_hash_token:
 *
 * What the database keeps of a token. A token is 32 random bytes, so a
 * plain SHA-256 cannot be reversed or guessed: no salt nor slow hash is
 * needed, and the lookup stays one indexed read.
 *
 * Returns: (transfer full): the hex SHA-256 of @token
 */
char *
gch_server_auth_hash_token (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/**
 * gch_server_auth_free_secret:
 *
 * Overwrites @secret, a password or a token, with zeros and frees it.
 */
void
gch_server_auth_free_secret (GchServerSecret *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}
