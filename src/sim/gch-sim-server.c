/* gch-sim-server.c
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

#define G_LOG_DOMAIN "gch-sim-server"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "gch-sim-server.h"

/* The real guichet-server binary on its database: its admin commands, and
 * `serve` on 127.0.0.1 — a free port the first time, the same one after a
 * restart, so that the stations and the proxy find it again.
 */
struct _GchSimServer
{
  char        *binary;
  char        *database;
  guint16      port;
  GSubprocess *process;
};

/**
 * gch_sim_find_program:
 * @name: "guichet-server"
 * @variable: an environment variable that names it
 *
 * Returns: (transfer full): $@variable; or @name built beside this
 *   program (src/server from src/sim); or @name on the PATH
 */
char *
gch_sim_find_program (const char *name,
                      const char *variable)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  g_autofree char *subdir = g_strdup (name);
  char *path;

  if (g_getenv (variable) != NULL)
    return g_strdup (g_getenv (variable));

  if (g_str_has_prefix (subdir, "guichet-"))
    memmove (subdir, subdir + strlen ("guichet-"), strlen (subdir) - strlen ("guichet-") + 1);
  if (dir != NULL)
    {
      path = g_build_filename (dir, "..", subdir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return path;
      g_free (path);
      path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return path;
      g_free (path);
    }

  return g_find_program_in_path (name);
}

GchSimServer *
gch_sim_server_new (const char *binary,
                    const char *database)
{
  GchSimServer *self = g_new0 (GchSimServer, 1);

  self->binary = g_strdup (binary);
  self->database = g_strdup (database);
  return self;
}

void
gch_sim_server_free (GchSimServer *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    gch_sim_server_stop (self, TRUE, NULL);
  g_free (self->binary);
  g_free (self->database);
  g_free (self);
}

/**
 * gch_sim_server_command:
 * @input: (nullable): its standard input: a password
 * @command: "load-demo", "add-agent", …, then its arguments, ending with %NULL
 *
 * Runs `guichet-server COMMAND --database DB ARGS…` and waits for it.
 */
gboolean
gch_sim_server_command (GchSimServer  *self,
                        const char    *input,
                        GError       **error,
                        const char    *command,
                        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, self->binary);
  g_ptr_array_add (argv, (gpointer)command);
  g_ptr_array_add (argv, (gpointer)"--database");
  g_ptr_array_add (argv, self->database);
  va_start (args, command);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!(process = g_subprocess_newv ((const char * const *)argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                     G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, error)) ||
      !g_subprocess_communicate_utf8 (process, input, NULL, NULL, &err, error))
    return FALSE;

  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   _("guichet-server %s failed: %s"), command, err != NULL ? err : "");
      return FALSE;
    }

  return TRUE;
}

/**
 * gch_sim_server_start:
 *
 * Starts `serve` and waits until it listens: on a free port the first
 * time, on the same port afterwards.
 */
gboolean
gch_sim_server_start (GchSimServer  *self,
                      GError       **error)
{
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", self->port);
  g_autoptr(GDataInputStream) output = NULL;
  g_autofree char *line = NULL;
  const char *colon;

  g_return_val_if_fail (self->process == NULL, FALSE);

  if (!(self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error,
                                          self->binary, "serve", "--database", self->database,
                                          "--listen", listen, NULL)))
    return FALSE;

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "listening on http://127.0.0.1:") ||
      !(colon = strrchr (line, ':')))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                     _("guichet-server did not start on %s."), listen);
      gch_sim_server_stop (self, TRUE, NULL);
      return FALSE;
    }

  self->port = atoi (colon + 1);
  return TRUE;
}

/**
 * gch_sim_server_stop:
 * @kill: SIGKILL, as a power cut; otherwise SIGTERM, as an administrator
 */
gboolean
gch_sim_server_stop (GchSimServer  *self,
                     gboolean       kill,
                     GError       **error)
{
  g_autoptr(GSubprocess) process = g_steal_pointer (&self->process);

  if (process == NULL)
    return TRUE;

  if (kill)
    g_subprocess_force_exit (process);
  else
    g_subprocess_send_signal (process, SIGTERM);

  return g_subprocess_wait (process, NULL, error);
}

gboolean
gch_sim_server_is_running (GchSimServer *self)
{
  return self->process != NULL;
}

guint16
gch_sim_server_get_port (GchSimServer *self)
{
  return self->port;
}

/**
 * gch_sim_server_login:
 *
 * Returns: (transfer full): the token of a login of @agent
 */
char *
gch_sim_server_login (GchSimServer  *self,
                      const char    *agent,
                      const char    *password,
                      GError       **error)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/login", self->port);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *text = NULL;
  JsonNode *root;
  const char *token = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "agent");
  json_builder_add_string_value (builder, agent);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  text = json_to_string (request, FALSE);
  body = g_bytes_new (text, strlen (text));
  soup_message_set_request_body_from_bytes (msg, "application/json", body);

  if (!(answer = soup_session_send_and_read (session, msg, NULL, error)))
    return NULL;

  if (soup_message_get_status (msg) == SOUP_STATUS_OK &&
      json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    token = json_object_get_string_member_with_default (json_node_get_object (root), "token", NULL);

  if (token == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The login of %s was refused (%u)."), agent, soup_message_get_status (msg));
      return NULL;
    }

  return g_strdup (token);
}
