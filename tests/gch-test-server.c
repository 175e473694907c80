/* gch-test-server.c: the real guichet-server on 127.0.0.1, for tests
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

#define G_LOG_DOMAIN "gch-test-server"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "gch-test-day.h"
#include "gch-test-server.h"

struct _GchTestServer
{
  char             *binary;
  char             *dir;
  char             *database;

  /* While serving */
  GSubprocess      *process;
  GDataInputStream *output;
  char             *url;
  SoupSession      *session;
};

/* Helpers */

/* If the test dies, its servers die with it, rather than hold its output
 * open and the test runner with it.
 */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* The server runs with criticals fatal: a critical in it is a crash, which
 * gch_test_server_stop() then reports.
 */
static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  return launcher;
}

static GPtrArray *
new_argv (GchTestServer *self,
          const char    *command,
          va_list        args)
{
  GPtrArray *argv = g_ptr_array_new ();
  const char *arg;

  g_ptr_array_add (argv, self->binary);
  g_ptr_array_add (argv, (gpointer)command);
  g_ptr_array_add (argv, (gpointer)"--database");
  g_ptr_array_add (argv, self->database);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  g_ptr_array_add (argv, NULL);

  return argv;
}

/* Public API */

/**
 * gch_test_server_find_binary:
 *
 * Returns: (transfer full): the guichet-server to test: $GUICHET_SERVER, or
 *   the one built beside the tests
 */
char *
gch_test_server_find_binary (void)
{
  const char *path = g_getenv ("GUICHET_SERVER");

  if (path != NULL)
    return g_strdup (path);

  return g_test_build_filename (G_TEST_BUILT, "..", "src", "server", "guichet-server", NULL);
}

/**
 * gch_test_server_new:
 *
 * Returns: (transfer full): a temporary folder, removed by
 *   gch_test_server_free(), for a database that does not exist yet
 */
GchTestServer *
gch_test_server_new (void)
{
  GchTestServer *self = g_new0 (GchTestServer, 1);
  g_autoptr(GError) error = NULL;

  self->binary = gch_test_server_find_binary ();
  g_assert_true (g_file_test (self->binary, G_FILE_TEST_IS_EXECUTABLE));

  self->dir = g_dir_make_tmp ("guichet-server-XXXXXX", &error);
  g_assert_no_error (error);
  self->database = g_build_filename (self->dir, "server.sqlite", NULL);

  return self;
}

void
gch_test_server_free (GchTestServer *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    gch_test_server_stop (self);

  gch_test_remove_tree (self->dir);
  g_free (self->binary);
  g_free (self->dir);
  g_free (self->database);
  g_free (self);
}

const char *
gch_test_server_get_dir (GchTestServer *self)
{
  return self->dir;
}

const char *
gch_test_server_get_database (GchTestServer *self)
{
  return self->database;
}

/**
 * gch_test_server_get_url:
 *
 * Returns: `http://127.0.0.1:PORT` (or https), as the server printed it
 */
const char *
gch_test_server_get_url (GchTestServer *self)
{
  g_assert_nonnull (self->url);

  return self->url;
}

/**
 * gch_test_server_run:
 * @input: (nullable): what to write on its standard input
 * @out: (out) (optional): its standard output
 * @err: (out) (optional): its standard error
 * @command: "add-agent", "import", "load-demo", …; then more arguments,
 *   ending with %NULL
 *
 * Runs `guichet-server COMMAND --database DB …` and waits for it.
 *
 * Returns: whether it exited with 0
 */
gboolean
gch_test_server_run (GchTestServer  *self,
                     const char     *input,
                     char          **out,
                     char          **err,
                     const char     *command,
                     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *input_path = NULL;
  va_list args;

  va_start (args, command);
  argv = new_argv (self, command, args);
  va_end (args);

  /* Standard input comes from a file: a command that refuses its arguments
   * exits without reading it, which would break a pipe.
   */
  input_path = g_build_filename (self->dir, "stdin.txt", NULL);
  g_file_set_contents (input_path, input != NULL ? input : "", -1, &error);
  g_assert_no_error (error);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_unlink (input_path);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);

  /* A crash is never an acceptable way to refuse something. */
  g_assert_false (g_subprocess_get_if_signaled (process));

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  return g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
}

/**
 * gch_test_server_load_demo:
 *
 * Runs `guichet-server load-demo --date @date`, and checks it worked.
 */
void
gch_test_server_load_demo (GchTestServer *self,
                           const char    *date)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!gch_test_server_run (self, NULL, &out, &err, "load-demo", "--date", date, NULL))
    g_error ("load-demo failed: %s", err);
}

/**
 * gch_test_server_add_agent:
 *
 * Runs `guichet-server add-agent ID NAME ROLE` with @password on its
 * standard input, and checks it worked.
 */
void
gch_test_server_add_agent (GchTestServer *self,
                           const char    *id,
                           const char    *name,
                           const char    *role,
                           const char    *password)
{
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!gch_test_server_run (self, input, &out, &err, "add-agent", id, name, role, NULL))
    g_error ("add-agent failed: %s", err);
}

/**
 * gch_test_server_start:
 * @...: more arguments to `serve`, ending with %NULL
 *
 * Starts `guichet-server serve` on 127.0.0.1, port 0, and waits until it
 * says where it listens.
 */
void
gch_test_server_start (GchTestServer *self,
                       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  va_list args;

  g_assert_null (self->process);

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, self->binary);
  g_ptr_array_add (argv, (gpointer)"serve");
  g_ptr_array_add (argv, (gpointer)"--database");
  g_ptr_array_add (argv, self->database);
  g_ptr_array_add (argv, (gpointer)"--listen");
  g_ptr_array_add (argv, (gpointer)"127.0.0.1:0");
  va_start (args, self);
  for (const char *arg = va_arg (args, const char *);
       arg != NULL;
       arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata,
                                                &error);
  g_assert_no_error (error);

  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (self->output, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("guichet-server did not start: it said “%s”", line ? line : "(nothing)");

  self->url = g_strdup (line + strlen ("listening on "));
  g_assert_true (g_str_has_prefix (self->url, "http://127.0.0.1:") ||
                 g_str_has_prefix (self->url, "https://127.0.0.1:"));

  self->session = soup_session_new_with_options ("timeout", 60, NULL);
}

/**
 * gch_test_server_make_certificate:
 * @cert: (out): a self-signed certificate for 127.0.0.1, in the server's folder
 * @key: (out): its private key
 *
 * Returns: %FALSE when openssl is not installed
 */
gboolean
gch_test_server_make_certificate (GchTestServer  *self,
                                  char          **cert,
                                  char          **key)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (openssl == NULL)
    return FALSE;

  *cert = g_build_filename (self->dir, "cert.pem", NULL);
  *key = g_build_filename (self->dir, "key.pem", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error,
                              openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-days", "2", "-subj", "/CN=127.0.0.1",
                              "-addext", "subjectAltName=IP:127.0.0.1",
                              "-keyout", *key, "-out", *cert, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  return TRUE;
}

/* The session gch_test_server_request() and _login() use, e.g. to trust
 * a certificate.
 */
SoupSession *
gch_test_server_get_session (GchTestServer *self)
{
  g_assert_nonnull (self->session);
  return self->session;
}

gboolean
gch_test_server_is_running (GchTestServer *self)
{
  return self->process != NULL && g_subprocess_get_identifier (self->process) != NULL;
}

/**
 * gch_test_server_pause:
 * @paused: %TRUE to freeze the server, %FALSE to let it go on
 *
 * Freezes the running server with SIGSTOP: it still accepts connections
 * (the kernel does) but answers nothing until SIGCONT, as a server that
 * hangs. What was asked meanwhile is answered once it goes on.
 */
void
gch_test_server_pause (GchTestServer *self,
                       gboolean       paused)
{
  g_assert_nonnull (self->process);
  g_assert_nonnull (g_subprocess_get_identifier (self->process));

  g_subprocess_send_signal (self->process, paused ? SIGSTOP : SIGCONT);
}

/**
 * gch_test_server_stop:
 *
 * Stops the server with SIGTERM, and checks that it was still running and
 * exits cleanly: a server that crashed on some request fails here.
 */
void
gch_test_server_stop (GchTestServer *self)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self->process);

  /* The identifier is gone once the process has exited. */
  if (g_subprocess_get_identifier (self->process) == NULL)
    {
      if (g_subprocess_get_if_signaled (self->process))
        g_error ("guichet-server died of signal %d", g_subprocess_get_term_sig (self->process));
      g_error ("guichet-server was no longer running");
    }

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_signaled (self->process))
    g_error ("guichet-server died of signal %d", g_subprocess_get_term_sig (self->process));
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);

  g_clear_object (&self->session);
  g_clear_object (&self->output);
  g_clear_object (&self->process);
  g_clear_pointer (&self->url, g_free);
}

/**
 * gch_test_server_new_message:
 * @path: the path, such as `/api/v1/health`
 * @token: (nullable): sent as `Authorization: Bearer TOKEN`
 * @body: (nullable): sent as `application/json`
 *
 * Returns: (transfer full): a message to the server
 */
SoupMessage *
gch_test_server_new_message (GchTestServer *self,
                             const char    *method,
                             const char    *path,
                             const char    *token,
                             const char    *body)
{
  g_autofree char *url = g_strconcat (gch_test_server_get_url (self), path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  return msg;
}

/**
 * gch_test_server_send:
 * @session: (nullable): the session to send with; the server's own when
 *   %NULL
 *
 * Returns: (transfer full): the response; or %NULL with @error set when no
 *   response came (a refused connection or certificate, …)
 */
GchTestResponse *
gch_test_server_send (GchTestServer  *self,
                      SoupSession    *session,
                      SoupMessage    *msg,
                      GError        **error)
{
  g_autoptr(GchTestResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *type;

  body = soup_session_send_and_read (session != NULL ? session : self->session, msg, NULL, error);
  if (body == NULL)
    return NULL;

  response = g_new0 (GchTestResponse, 1);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = g_steal_pointer (&body);

  type = soup_message_headers_get_content_type (response->headers, NULL);
  if (g_strcmp0 (type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data = g_bytes_get_data (response->body, &length);
      g_autoptr(GError) parse_error = NULL;

      json_parser_load_from_data (parser, data, length, &parse_error);
      g_assert_no_error (parse_error);
      response->json = json_node_copy (json_parser_get_root (parser));
    }

  return g_steal_pointer (&response);
}

/**
 * gch_test_server_request:
 *
 * Sends a request with the server's session, and checks a response came.
 *
 * Returns: (transfer full): the response
 */
GchTestResponse *
gch_test_server_request (GchTestServer *self,
                         const char    *method,
                         const char    *path,
                         const char    *token,
                         const char    *body)
{
  g_autoptr(SoupMessage) msg = gch_test_server_new_message (self, method, path, token, body);
  g_autoptr(GError) error = NULL;
  GchTestResponse *response = gch_test_server_send (self, NULL, msg, &error);

  g_assert_no_error (error);
  return response;
}

/**
 * gch_test_server_login:
 *
 * Logs in, and checks it worked.
 *
 * Returns: (transfer full): the token
 */
char *
gch_test_server_login (GchTestServer *self,
                       const char    *agent,
                       const char    *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GchTestResponse) response = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "agent");
  json_builder_add_string_value (builder, agent);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  body = json_to_string (node, FALSE);

  response = gch_test_server_request (self, "POST", "/api/v1/login", NULL, body);
  g_assert_cmpuint (response->status, ==, 200);

  return g_strdup (gch_test_response_get_string (response, "token"));
}

void
gch_test_response_free (GchTestResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

/**
 * gch_test_response_get_string:
 *
 * Returns: (transfer none): the string @member of the response's JSON
 *   object; fails the test if there is none
 */
const char *
gch_test_response_get_string (GchTestResponse *response,
                              const char      *member)
{
  JsonObject *object;
  JsonNode *node;

  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  object = json_node_get_object (response->json);
  node = json_object_get_member (object, member);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);

  return json_node_get_string (node);
}

/**
 * gch_test_response_assert_error:
 * @code: the API's error code, such as "unauthorized"
 *
 * Checks the response is an error of the API: @status, and a JSON body
 * {"error": @code, "message": a sentence} with nothing else.
 */
void
gch_test_response_assert_error (GchTestResponse *response,
                                guint            status,
                                const char      *code)
{
  const char *message;

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (gch_test_response_get_string (response, "error"), ==, code);
  message = gch_test_response_get_string (response, "message");
  g_assert_cmpuint (strlen (message), >, 10);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (response->json)), ==, 2);
}
