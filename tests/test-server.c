/* test-server.c: guichet-server over real HTTP on 127.0.0.1
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

#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include <string.h>

#include "gch-test-figures.h"
#include "gch-test-server.h"
#include "guichet.h"
#include "guichet.h"
#include "gch-codec.h"
#include "gch-server.h"

#define DEMO_DATE "2026-03-10"

#define AGENT "c.martin"
#define AGENT_PASSWORD "agent-password-1"
#define RECEPTION "m.lemaire"
#define RECEPTION_PASSWORD "reception-password-2"
#define SUPERVISOR "f.roux"
#define SUPERVISOR_PASSWORD "supervisor-password-3"

/* The demo site with three agents who can log in: made once, copied for
 * each test, since load-demo and the Argon2 hashes take a moment.
 */
static GchTestServer *template;

static GchTestServer *
new_demo_server (void)
{
  g_autoptr(GchTestServer) server = gch_test_server_new ();
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  if (template == NULL)
    {
      template = gch_test_server_new ();
      gch_test_server_load_demo (template, DEMO_DATE);
      gch_test_server_add_agent (template, AGENT, "Claire Martin", "agent", AGENT_PASSWORD);
      gch_test_server_add_agent (template, RECEPTION, "Marie Lemaire", "reception",
                                 RECEPTION_PASSWORD);
      gch_test_server_add_agent (template, SUPERVISOR, "François Roux", "supervisor",
                                 SUPERVISOR_PASSWORD);
    }

  /* The commands have exited: SQLite folded the WAL into the file. */
  from = g_file_new_for_path (gch_test_server_get_database (template));
  to = g_file_new_for_path (gch_test_server_get_database (server));
  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&server);
}

static GchTestServer *
start_demo_server (void)
{
  GchTestServer *server = new_demo_server ();

  gch_test_server_start (server, NULL);
  return server;
}

static char *
login_body (const char *agent,
            const char *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "agent");
  json_builder_add_string_value (builder, agent);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  return json_to_string (node, FALSE);
}

static JsonObject *
response_object (GchTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));

  return json_node_get_object (response->json);
}

static void
assert_health (GchTestServer *server)
{
  g_autoptr(GchTestResponse) response = gch_test_server_request (server, "GET", "/api/v1/health",
                                                                 NULL, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (gch_test_response_get_string (response, "status"), ==, "ok");
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Routes and their documentation */

/* The "paths:" of an OpenAPI file, read as text: each path with its
 * methods, as "METHOD /path".
 */
static GPtrArray *
read_documented_routes (const char *yaml)
{
  g_auto(GStrv) lines = g_strsplit (yaml, "\n", -1);
  GPtrArray *routes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  gboolean in_paths = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autofree char *key = NULL;
      guint indent = 0;

      while (line[indent] == ' ')
        indent++;
      if (line[indent] == '\0' || line[indent] == '#')
        continue;

      if (indent == 0)
        {
          in_paths = g_str_has_prefix (line, "paths:");
          continue;
        }
      if (!in_paths || !g_str_has_suffix (g_strchomp ((char *)line), ":"))
        continue;

      key = g_strndup (line + indent, strlen (line + indent) - 1);
      if (indent == 2 && key[0] == '/')
        {
          g_free (path);
          path = g_strdup (key);
        }
      else if (indent == 4 && path != NULL &&
               g_strv_contains ((const char * const[]) { "get", "put", "post", "delete", "patch",
                                                         "head", "options", NULL },
                                key))
        {
          g_autofree char *method = g_ascii_strup (key, -1);

          g_ptr_array_add (routes, g_strdup_printf ("%s %s", method, path));
        }
    }

  return routes;
}

static gboolean
contains_string (GPtrArray  *strings,
                 const char *wanted)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), wanted))
      return TRUE;

  return FALSE;
}

static void
test_routes_documented (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "api", "openapi.yaml",
                                                 NULL);
  g_autofree char *yaml = read_file (path);
  g_autoptr(GPtrArray) documented = read_documented_routes (yaml);
  g_autoptr(GPtrArray) served = g_ptr_array_new_with_free_func (g_free);
  const GchServerRoute *routes;
  guint n_routes;

  routes = gch_server_get_routes (&n_routes);
  g_assert_cmpuint (n_routes, >=, 7);
  for (guint i = 0; i < n_routes; i++)
    g_ptr_array_add (served, g_strdup_printf ("%s %s", routes[i].method, routes[i].path));

  for (guint i = 0; i < served->len; i++)
    if (!contains_string (documented, g_ptr_array_index (served, i)))
      g_error ("The server serves “%s”, which docs/api/openapi.yaml does not document",
               (char *)g_ptr_array_index (served, i));

  for (guint i = 0; i < documented->len; i++)
    if (!contains_string (served, g_ptr_array_index (documented, i)))
      g_error ("docs/api/openapi.yaml documents “%s”, which the server does not serve",
               (char *)g_ptr_array_index (documented, i));

  g_assert_cmpuint (documented->len, ==, served->len);
}

/* Health and login */

static void
test_health (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autoptr(GchTestResponse) response = gch_test_server_request (server, "GET", "/api/v1/health",
                                                                 NULL, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (gch_test_response_get_string (response, "status"), ==, "ok");
  g_assert_cmpstr (gch_test_response_get_string (response, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
}

static void
test_login_ok (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autofree char *body = login_body (SUPERVISOR, SUPERVISOR_PASSWORD);
  g_autoptr(GchTestResponse) response = NULL;
  JsonObject *object, *agent;
  const char *token;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  response = gch_test_server_request (server, "POST", "/api/v1/login", NULL, body);
  g_assert_cmpuint (response->status, ==, 200);
  object = response_object (response);
  g_assert_cmpuint (json_object_get_size (object), ==, 3);

  token = json_object_get_string_member (object, "token");
  g_assert_cmpuint (strlen (token), ==, 64);
  for (guint i = 0; i < 64; i++)
    g_assert_true (g_ascii_isxdigit (token[i]));

  /* 12 hours by default */
  g_assert_cmpint (json_object_get_int_member (object, "expires-at"), >=, now + 12 * 3600 - 5);
  g_assert_cmpint (json_object_get_int_member (object, "expires-at"), <=, now + 12 * 3600 + 5);

  agent = json_object_get_object_member (object, "agent");
  g_assert_cmpstr (json_object_get_string_member (agent, "id"), ==, SUPERVISOR);
  g_assert_cmpstr (json_object_get_string_member (agent, "name"), ==, "François Roux");
  g_assert_cmpstr (json_object_get_string_member (agent, "role"), ==, "supervisor");
  g_assert_false (json_object_has_member (agent, "password"));

  /* Two logins, two tokens */
  {
    g_autofree char *again = gch_test_server_login (server, SUPERVISOR, SUPERVISOR_PASSWORD);

    g_assert_cmpstr (again, !=, token);
  }
}

static void
test_login_refused (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  struct
  {
    const char *agent;
    const char *password;
  } attempts[] = {
    { SUPERVISOR, "not-the-password" },    /* wrong password */
    { SUPERVISOR, SUPERVISOR_PASSWORD "x" },
    { "nobody", SUPERVISOR_PASSWORD },     /* unknown agent */
    { "k.benali", "any-password-at-all" }, /* an agent of the site, without a password */
    { AGENT, SUPERVISOR_PASSWORD },        /* another agent's password */
  };
  g_autofree char *first_message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autofree char *body = login_body (attempts[i].agent, attempts[i].password);
      g_autoptr(GchTestResponse) response = NULL;

      response = gch_test_server_request (server, "POST", "/api/v1/login", NULL, body);
      gch_test_response_assert_error (response, 401, "bad-credentials");
      g_assert_nonnull (soup_message_headers_get_one (response->headers, "WWW-Authenticate"));

      /* The same words whatever was wrong: they must not tell which agents exist. */
      if (first_message == NULL)
        first_message = g_strdup (gch_test_response_get_string (response, "message"));
      g_assert_cmpstr (gch_test_response_get_string (response, "message"), ==, first_message);
    }

  assert_health (server);
}

static void
test_login_missing_fields (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  struct
  {
    const char *body;
    const char *code;
  } cases[] = {
    { "{}", "missing-field" },
    { "{\"agent\": \"" SUPERVISOR "\"}", "missing-field" },
    { "{\"password\": \"" SUPERVISOR_PASSWORD "\"}", "missing-field" },
    { "{\"agent\": \"\", \"password\": \"\"}", "invalid-value" },
    { "{\"agent\": \"" SUPERVISOR "\", \"password\": \"\"}", "invalid-value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GchTestResponse) response = NULL;

      response = gch_test_server_request (server, "POST", "/api/v1/login", NULL, cases[i].body);
      gch_test_response_assert_error (response, 400, cases[i].code);
    }

  {
    g_autoptr(GchTestResponse) response = gch_test_server_request (server, "POST",
                                                                   "/api/v1/login", NULL, NULL);

    gch_test_response_assert_error (response, 400, "malformed-json");
  }
}

/* Tokens */

static void
test_token_expiry (void)
{
  g_autoptr(GchTestServer) server = new_demo_server ();
  g_autofree char *body = login_body (AGENT, AGENT_PASSWORD);
  g_autoptr(GchTestResponse) login = NULL;
  g_autoptr(GchTestResponse) before = NULL;
  g_autoptr(GchTestResponse) after = NULL;
  const char *token;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  gch_test_server_start (server, "--token-lifetime", "2", NULL);

  login = gch_test_server_request (server, "POST", "/api/v1/login", NULL, body);
  g_assert_cmpuint (login->status, ==, 200);
  token = gch_test_response_get_string (login, "token");
  g_assert_cmpint (json_object_get_int_member (response_object (login), "expires-at"), <=,
                   now + 3);

  before = gch_test_server_request (server, "GET", "/api/v1/site", token, NULL);
  g_assert_cmpuint (before->status, ==, 200);

  g_usleep (3 * G_USEC_PER_SEC);

  after = gch_test_server_request (server, "GET", "/api/v1/site", token, NULL);
  gch_test_response_assert_error (after, 401, "unauthorized");
}

static void
test_logout_revokes (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autofree char *token = gch_test_server_login (server, RECEPTION, RECEPTION_PASSWORD);
  g_autofree char *other = gch_test_server_login (server, RECEPTION, RECEPTION_PASSWORD);
  g_autoptr(GchTestResponse) before = NULL;
  g_autoptr(GchTestResponse) logout = NULL;
  g_autoptr(GchTestResponse) after = NULL;
  g_autoptr(GchTestResponse) again = NULL;
  g_autoptr(GchTestResponse) still = NULL;

  before = gch_test_server_request (server, "GET", "/api/v1/site", token, NULL);
  g_assert_cmpuint (before->status, ==, 200);

  logout = gch_test_server_request (server, "POST", "/api/v1/logout", token, NULL);
  g_assert_cmpuint (logout->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (logout->body), ==, 0);

  after = gch_test_server_request (server, "GET", "/api/v1/site", token, NULL);
  gch_test_response_assert_error (after, 401, "unauthorized");

  again = gch_test_server_request (server, "POST", "/api/v1/logout", token, NULL);
  gch_test_response_assert_error (again, 401, "unauthorized");

  /* Only that session was closed. */
  still = gch_test_server_request (server, "GET", "/api/v1/site", other, NULL);
  g_assert_cmpuint (still->status, ==, 200);
}

/* A body that passes the gate of @route, so that only the token decides. */
static const char *
valid_body_for (const GchServerRoute *route)
{
  if (g_str_equal (route->path, "/api/v1/agents"))
    return "{\"id\": \"x.new\", \"name\": \"X New\", \"role\": \"agent\", "
           "\"password\": \"a-long-password\"}";
  if (g_str_equal (route->path, "/api/v1/site/mode"))
    return "{\"mode\": \"crise\"}";
  if (g_str_has_suffix (route->path, "/call-next"))
    return "{\"uuid\": \"0d9e8f2a-5b7c-4e1d-9a3f-6c2b8e4d7a10\", \"at\": 1773136800}";
  if (g_str_equal (route->method, "POST") || g_str_equal (route->method, "PUT"))
    return "{}";
  return NULL;
}

static char *
concrete_path (const char *path)
{
  g_autoptr(GString) concrete = g_string_new (path);

  g_string_replace (concrete, "{date}", DEMO_DATE, 0);
  g_string_replace (concrete, "{number}", "1", 0);
  g_string_replace (concrete, "{uuid}", "5d0e3c5a-7b1f-4c1e-9f0e-0c2b8f1d7a10", 0);
  g_assert_null (strchr (concrete->str, '{'));

  return g_string_free (g_steal_pointer (&concrete), FALSE);
}

static void
test_every_route_needs_token (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  const char *bad_authorizations[] = {
    NULL,
    "Bearer",
    "Bearer ",
    "Bearer not-a-token",
    "Bearer 0000000000000000000000000000000000000000000000000000000000000000",
    "Basic Zi5yb3V4OnN1cGVydmlzb3ItcGFzc3dvcmQtMw==",
    "bearer \xff\xfe",
  };
  const GchServerRoute *routes;
  guint n_routes, n_checked = 0;

  routes = gch_server_get_routes (&n_routes);
  for (guint i = 0; i < n_routes; i++)
    {
      g_autofree char *path = concrete_path (routes[i].path);

      if (routes[i].access == GCH_SERVER_ACCESS_PUBLIC)
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (bad_authorizations); j++)
        {
          g_autoptr(SoupMessage) msg = NULL;
          g_autoptr(GchTestResponse) response = NULL;
          g_autoptr(GError) error = NULL;

          msg = gch_test_server_new_message (server, routes[i].method, path, NULL,
                                             valid_body_for (&routes[i]));
          if (bad_authorizations[j] != NULL)
            soup_message_headers_replace (soup_message_get_request_headers (msg),
                                          "Authorization", bad_authorizations[j]);

          response = gch_test_server_send (server, NULL, msg, &error);
          g_assert_no_error (error);
          gch_test_response_assert_error (response, 401, "unauthorized");
          g_assert_cmpstr (soup_message_headers_get_one (response->headers, "WWW-Authenticate"),
                           ==, "Bearer realm=\"guichet\"");
        }
      n_checked++;
    }

  g_assert_cmpuint (n_checked, >=, 5);

  /* Nothing was done by any of them. */
  {
    g_autofree char *token = gch_test_server_login (server, SUPERVISOR, SUPERVISOR_PASSWORD);
    g_autoptr(GchTestResponse) site = gch_test_server_request (server, "GET", "/api/v1/site",
                                                               token, NULL);
    JsonObject *object = json_object_get_object_member (response_object (site), "site");

    g_assert_cmpstr (json_object_get_string_member (object, "mode"), ==, "normal");
  }
}

/* Roles */

static void
test_roles_forbidden (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  const struct
  {
    const char *agent;
    const char *password;
  } callers[] = {
    { AGENT, AGENT_PASSWORD },
    { RECEPTION, RECEPTION_PASSWORD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (callers); i++)
    {
      g_autofree char *token = gch_test_server_login (server, callers[i].agent,
                                                      callers[i].password);
      g_autoptr(GchTestResponse) add = NULL;
      g_autoptr(GchTestResponse) mode = NULL;
      g_autoptr(GchTestResponse) site = NULL;
      g_autoptr(GchTestResponse) day = NULL;

      add = gch_test_server_request (server, "POST", "/api/v1/agents", token,
                                     "{\"id\": \"x.new\", \"name\": \"X New\", "
                                     "\"role\": \"supervisor\", "
                                     "\"password\": \"a-long-password\"}");
      gch_test_response_assert_error (add, 403, "forbidden");

      mode = gch_test_server_request (server, "PUT", "/api/v1/site/mode", token,
                                      "{\"mode\": \"crise\"}");
      gch_test_response_assert_error (mode, 403, "forbidden");

      /* What every role may read */
      site = gch_test_server_request (server, "GET", "/api/v1/site", token, NULL);
      g_assert_cmpuint (site->status, ==, 200);
      day = gch_test_server_request (server, "GET", "/api/v1/days/" DEMO_DATE, token, NULL);
      g_assert_cmpuint (day->status, ==, 200);

      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (response_object (site), "site"), "mode"),
                       ==, "normal");
    }

  /* The agent was not added. */
  {
    g_autofree char *body = login_body ("x.new", "a-long-password");
    g_autoptr(GchTestResponse) login = gch_test_server_request (server, "POST", "/api/v1/login",
                                                                NULL, body);

    gch_test_response_assert_error (login, 401, "bad-credentials");
  }
}

static gboolean
has_agent (JsonArray  *agents,
           const char *id)
{
  for (guint i = 0; i < json_array_get_length (agents); i++)
    {
      JsonObject *agent = json_array_get_object_element (agents, i);

      if (g_str_equal (json_object_get_string_member (agent, "id"), id))
        {
          /* Agents are shown without their credentials. */
          g_assert_false (json_object_has_member (agent, "password"));
          g_assert_false (json_object_has_member (agent, "password-hash"));
          return TRUE;
        }
    }

  return FALSE;
}

static void
test_roles_supervisor (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autofree char *token = gch_test_server_login (server, SUPERVISOR, SUPERVISOR_PASSWORD);
  g_autofree char *new_token = NULL;
  g_autoptr(GchTestResponse) add = NULL;
  g_autoptr(GchTestResponse) duplicate = NULL;
  g_autoptr(GchTestResponse) bad_role = NULL;
  g_autoptr(GchTestResponse) short_password = NULL;
  g_autoptr(GchTestResponse) bad_id = NULL;
  g_autoptr(GchTestResponse) mode = NULL;
  g_autoptr(GchTestResponse) bad_mode = NULL;
  g_autoptr(GchTestResponse) site = NULL;
  g_autoptr(GchTestResponse) forbidden = NULL;
  JsonObject *object;

  add = gch_test_server_request (server, "POST", "/api/v1/agents", token,
                                 "{\"id\": \"n.petit\", \"name\": \"Noémie Petit\", "
                                 "\"role\": \"reception\", \"password\": \"noemie-password\"}");
  g_assert_cmpuint (add->status, ==, 201);
  object = response_object (add);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "n.petit");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Noémie Petit");
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "reception");
  g_assert_false (json_object_has_member (object, "password"));

  duplicate = gch_test_server_request (server, "POST", "/api/v1/agents", token,
                                       "{\"id\": \"n.petit\", \"name\": \"Noémie Petit\", "
                                       "\"role\": \"supervisor\", "
                                       "\"password\": \"other-password\"}");
  gch_test_response_assert_error (duplicate, 409, "conflict");

  bad_role = gch_test_server_request (server, "POST", "/api/v1/agents", token,
                                      "{\"id\": \"z.z\", \"name\": \"Z\", \"role\": \"king\", "
                                      "\"password\": \"a-long-password\"}");
  gch_test_response_assert_error (bad_role, 400, "invalid-value");

  short_password = gch_test_server_request (server, "POST", "/api/v1/agents", token,
                                            "{\"id\": \"z.z\", \"name\": \"Z\", "
                                            "\"role\": \"agent\", \"password\": \"short\"}");
  gch_test_response_assert_error (short_password, 400, "invalid-value");

  bad_id = gch_test_server_request (server, "POST", "/api/v1/agents", token,
                                    "{\"id\": \"a b/c\", \"name\": \"Z\", "
                                    "\"role\": \"agent\", \"password\": \"a-long-password\"}");
  gch_test_response_assert_error (bad_id, 400, "invalid-value");

  /* The new agent logs in, with the role given, which is not a supervisor's. */
  new_token = gch_test_server_login (server, "n.petit", "noemie-password");
  forbidden = gch_test_server_request (server, "PUT", "/api/v1/site/mode", new_token,
                                       "{\"mode\": \"crise\"}");
  gch_test_response_assert_error (forbidden, 403, "forbidden");

  mode = gch_test_server_request (server, "PUT", "/api/v1/site/mode", token,
                                  "{\"mode\": \"affluence\"}");
  g_assert_cmpuint (mode->status, ==, 200);
  g_assert_cmpstr (gch_test_response_get_string (mode, "mode"), ==, "affluence");
  g_assert_cmpstr (gch_test_response_get_string (mode, "previous-mode"), ==, "normal");

  bad_mode = gch_test_server_request (server, "PUT", "/api/v1/site/mode", token,
                                      "{\"mode\": \"panique\"}");
  gch_test_response_assert_error (bad_mode, 400, "invalid-value");

  site = gch_test_server_request (server, "GET", "/api/v1/site", new_token, NULL);
  g_assert_cmpuint (site->status, ==, 200);
  object = response_object (site);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "site"),
                                                  "mode"),
                   ==, "affluence");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "services")), >,
                    0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "guichets")), ==,
                    8);
  g_assert_true (has_agent (json_object_get_array_member (object, "agents"), "n.petit"));
  g_assert_true (has_agent (json_object_get_array_member (object, "agents"), "k.benali"));

  /* The change of mode is an event of today, by the supervisor. */
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");
    g_autoptr(GDateTime) now = g_date_time_new_now (tz);
    g_autofree char *today = g_date_time_format (now, "/api/v1/days/%Y-%m-%d");
    g_autoptr(GchTestResponse) day = gch_test_server_request (server, "GET", today, token, NULL);
    JsonArray *events = json_object_get_array_member (response_object (day), "events");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (events); i++)
      {
        JsonObject *event = json_array_get_object_element (events, i);

        if (g_str_equal (json_object_get_string_member (event, "record-kind"), "site"))
          {
            g_assert_cmpstr (json_object_get_string_member (event, "actor"), ==, SUPERVISOR);
            g_assert_cmpstr (json_object_get_string_member (event, "from-state"), ==, "normal");
            g_assert_cmpstr (json_object_get_string_member (event, "to-state"), ==, "affluence");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
}

/* Bad requests */

static void
test_bad_bodies (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autofree char *token = gch_test_server_login (server, SUPERVISOR, SUPERVISOR_PASSWORD);
  g_autofree char *deep = NULL;
  g_autofree char *deep_object = NULL;
  g_autofree char *long_password = NULL;
  struct
  {
    const char *path;
    const char *method;
    const char *body;
    gssize      length;   /* -1: strlen */
    const char *code;
  } cases[] = {
    { "/api/v1/login", "POST", "", -1, "malformed-json" },
    { "/api/v1/login", "POST", "{\"agent\": ", -1, "malformed-json" },
    { "/api/v1/login", "POST", "{\"agent\": \"a\", \"password\": \"b\"", -1, "malformed-json" },
    { "/api/v1/login", "POST", "{\"agent\": \"a\", \"password\": \"b\"}x", -1, "malformed-json" },
    { "/api/v1/login", "POST", "{'agent': 'a', 'password': 'b'}", -1, "malformed-json" },
    { "/api/v1/login", "POST", "{\"agent\": \"a\", \"agent\": \"b\", \"password\": \"c\"}", -1,
      "malformed-json" },
    { "/api/v1/login", "POST", "[\"agent\", \"password\"]", -1, "malformed-json" },
    { "/api/v1/login", "POST", "\"agent\"", -1, "malformed-json" },
    { "/api/v1/login", "POST", "null", -1, "malformed-json" },
    { "/api/v1/login", "POST", "{\"agent\": \"\xff\xfe\", \"password\": \"b\"}", -1,
      "malformed-json" },
    { "/api/v1/login", "POST", "{\"agent\": \"a\0\", \"password\": \"b\"}",
      sizeof ("{\"agent\": \"a\0\", \"password\": \"b\"}") - 1, "malformed-json" },
    { "/api/v1/login", "POST", "{\"agent\": 1, \"password\": \"b\"}", -1, "wrong-type" },
    { "/api/v1/login", "POST", "{\"agent\": null, \"password\": \"b\"}", -1, "wrong-type" },
    { "/api/v1/login", "POST", "{\"agent\": \"a\", \"password\": [\"b\"]}", -1, "wrong-type" },
    { "/api/v1/login", "POST", "{\"agent\": \"a\", \"password\": {\"b\": 1}}", -1, "wrong-type" },
    { "/api/v1/login", "POST", "{\"agent\": \"a\", \"password\": true}", -1, "wrong-type" },
    { "/api/v1/login", "POST", "{\"agent\": \"a\", \"password\": \"b\", \"admin\": true}", -1,
      "unknown-field" },
    { "/api/v1/site/mode", "PUT", "{\"mode\": 2}", -1, "wrong-type" },
    { "/api/v1/site/mode", "PUT", "{\"mode\": \"crise\", \"why\": \"\"}", -1, "unknown-field" },
    { "/api/v1/site/mode", "PUT", "{}", -1, "missing-field" },
    { "/api/v1/site/mode", "PUT", "{\"mode\": \"CRISE\"}", -1, "invalid-value" },
    { "/api/v1/agents", "POST", "{\"id\": \"a.b\", \"name\": \"A B\", \"role\": \"agent\"}", -1,
      "missing-field" },
    { "/api/v1/agents", "POST", "{\"id\": \"a.b\", \"name\": 3, \"role\": \"agent\", "
      "\"password\": \"a-long-password\"}", -1, "wrong-type" },
    { "/api/v1/login", "POST", NULL, -1, "malformed-json" },      /* deep arrays */
    { "/api/v1/site/mode", "PUT", NULL, -1, "malformed-json" },   /* deep objects */
    { "/api/v1/login", "POST", NULL, -1, "invalid-value" },       /* a 2000-byte password */
  };
  GString *builder;

  /* 200,000 nested arrays, 200 kB: json-glib alone would overflow its stack. */
  deep = g_strnfill (200000, '[');
  cases[G_N_ELEMENTS (cases) - 3].body = deep;
  builder = g_string_new (NULL);
  for (guint i = 0; i < 20000; i++)
    g_string_append (builder, "{\"a\":");
  deep_object = g_string_free (builder, FALSE);
  cases[G_N_ELEMENTS (cases) - 2].body = deep_object;
  {
    g_autofree char *password = g_strnfill (2000, 'p');

    long_password = login_body (SUPERVISOR, password);
    cases[G_N_ELEMENTS (cases) - 1].body = long_password;
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, cases[i].method,
                                                                cases[i].path, token, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GchTestResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = cases[i].length >= 0 ? (gsize)cases[i].length : strlen (cases[i].body);

      bytes = g_bytes_new (cases[i].body, length);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      response = gch_test_server_send (server, NULL, msg, &error);
      g_assert_no_error (error);

      if (response->status != 400)
        g_error ("case %u (%s %s): status %u, expected 400", i, cases[i].method, cases[i].path,
                 response->status);
      gch_test_response_assert_error (response, 400, cases[i].code);
    }

  /* JSON only */
  {
    g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "PUT", "/api/v1/site/mode",
                                                              token, NULL);
    g_autoptr(GBytes) bytes = g_bytes_new_static ("mode=crise", 10);
    g_autoptr(GchTestResponse) response = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    response = gch_test_server_send (server, NULL, msg, NULL);
    gch_test_response_assert_error (response, 415, "unsupported-media-type");
  }

  /* Nothing changed, and the server still answers. */
  {
    g_autoptr(GchTestResponse) site = gch_test_server_request (server, "GET", "/api/v1/site",
                                                               token, NULL);

    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (response_object (site), "site"), "mode"),
                     ==, "normal");
  }
  assert_health (server);
}

static void
assert_too_large (GchTestServer *server,
                  SoupMessage   *msg)
{
  g_autoptr(GchTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = gch_test_server_send (server, NULL, msg, &error);
  g_assert_no_error (error);
  gch_test_response_assert_error (response, 413, "payload-too-large");
}

static void
test_too_large (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autofree char *token = gch_test_server_login (server, SUPERVISOR, SUPERVISOR_PASSWORD);
  gsize size = 2 * 1024 * 1024;
  g_autofree char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;

  /* A valid JSON string, 2 MiB long */
  memset (data, 'a', size);
  data[0] = '"';
  data[size - 1] = '"';
  bytes = g_bytes_new_static (data, size);

  /* With a Content-Length: refused before it is read */
  {
    g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "POST", "/api/v1/login",
                                                              NULL, NULL);

    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    assert_too_large (server, msg);
  }

  /* Asking first (Expect: 100-continue): refused without being sent */
  {
    g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "PUT", "/api/v1/site/mode",
                                                              token, NULL);

    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    soup_message_headers_set_expectations (soup_message_get_request_headers (msg),
                                           SOUP_EXPECTATION_CONTINUE);
    assert_too_large (server, msg);
  }

  /* Chunked, without a length: refused as soon as it passes the limit */
  {
    g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "POST", "/api/v1/agents",
                                                              token, NULL);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

    soup_message_set_request_body (msg, "application/json", stream, -1);
    g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_request_headers (msg)),
                     ==, SOUP_ENCODING_CHUNKED);
    assert_too_large (server, msg);
  }

  /* On an unknown route too */
  {
    g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "POST", "/nowhere", NULL,
                                                              NULL);

    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    assert_too_large (server, msg);
  }

  /* Just under the limit is read, and judged on what it says. */
  {
    g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "POST", "/api/v1/login",
                                                              NULL, NULL);
    g_autoptr(GBytes) under = g_bytes_new_from_bytes (bytes, 0, GCH_CODEC_MAX_BODY);
    g_autoptr(GchTestResponse) response = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/json", under);
    response = gch_test_server_send (server, NULL, msg, NULL);
    gch_test_response_assert_error (response, 400, "malformed-json");
  }

  assert_health (server);
  {
    g_autofree char *again = gch_test_server_login (server, AGENT, AGENT_PASSWORD);

    g_assert_nonnull (again);
  }
}

static void
test_unknown_routes_and_methods (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autofree char *token = gch_test_server_login (server, SUPERVISOR, SUPERVISOR_PASSWORD);
  const char *unknown[] = {
    "/", "/api", "/api/v1", "/api/v1/", "/api/v2/health", "/api/v1/health/", "/api/v1/days",
    "/api/v1/days/", "/api/v1/days/" DEMO_DATE "/more", "/api/v1/agents/f.roux",
    "/api/v1/site/mode/x", "/API/V1/HEALTH",
  };
  const struct
  {
    const char *method;
    const char *path;
    const char *allow;
  } wrong[] = {
    { "POST", "/api/v1/health", "GET" },
    { "GET", "/api/v1/login", "POST" },
    { "DELETE", "/api/v1/site", "GET" },
    { "GET", "/api/v1/site/mode", "PUT" },
    { "PUT", "/api/v1/days/" DEMO_DATE, "GET" },
    { "GET", "/api/v1/agents", "POST" },
    { "OPTIONS", "/api/v1/agents", "POST" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autoptr(GchTestResponse) response = gch_test_server_request (server, "GET", unknown[i],
                                                                     token, NULL);

      gch_test_response_assert_error (response, 404, "not-found");
    }

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GchTestResponse) response = gch_test_server_request (server, wrong[i].method,
                                                                     wrong[i].path, token, NULL);

      gch_test_response_assert_error (response, 405, "method-not-allowed");
      g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Allow"), ==,
                       wrong[i].allow);
    }

  /* A date that is not one */
  {
    const char *dates[] = { "2026-02-30", "10-03-2026", "2026-3-10", "today", "2026-03-10x" };

    for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
      {
        g_autofree char *path = g_strconcat ("/api/v1/days/", dates[i], NULL);
        g_autoptr(GchTestResponse) response = gch_test_server_request (server, "GET", path, token,
                                                                       NULL);

        gch_test_response_assert_error (response, 400, "invalid-value");
      }
  }

  assert_health (server);
}

/* Sends @request as it is over a new connection, and returns what came back. */
static char *
send_raw (GchTestServer *server,
          const char    *request,
          gsize          length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  const char *url = gch_test_server_get_url (server);
  guint8 buffer[4096];
  gssize n;

  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, url + strlen ("http://"), 0, NULL,
                                                &error);
  g_assert_no_error (error);

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             length, NULL, NULL, &error);
  g_assert_no_error (error);

  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (answer, buffer, n);
  g_byte_array_append (answer, (const guint8 *)"", 1);

  return (char *)g_byte_array_free (g_steal_pointer (&answer), FALSE);
}

static void
test_raw_http (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  const char garbage[] = "\x00\x01\x02 \xff\xfe\r\n\r\n";
  const char *requests[] = {
    "GET / HTTP/1.0\r\n\r\n",
    "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    "Transfer-Encoding: gzip\r\n\r\n",
    "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    "Content-Length: -5\r\n\r\n{}",
    "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    "Content-Length: 100\r\n\r\n{\"agent\"",
    "BREW /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    "G\xc3\x89T\xff /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    "GET /api/v1/health HTTP/9.9\r\n\r\n",
    "GET /api/v1/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nConnection: close\r\n\r\n",
    "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \xff\r\n"
    "Connection: close\r\n\r\n",
  };

  /* An https: address over plain HTTP: libsoup refuses it itself, and the
   * answer is still the API's JSON.
   */
  {
    g_autofree char *answer = NULL;
    const char *request = "GET https://127.0.0.1/api/v1/health HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";

    answer = send_raw (server, request, strlen (request));
    g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 400 "));
    g_assert_nonnull (strstr (answer, "\"error\":\"bad-request\""));
  }

  /* Whatever is sent, the server answers or hangs up, and stays up. */
  g_free (send_raw (server, garbage, sizeof garbage - 1));
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    g_free (send_raw (server, requests[i], strlen (requests[i])));

  /* Clients that hang up while their password is being checked */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;
      g_autofree char *body = login_body (SUPERVISOR, SUPERVISOR_PASSWORD);
      g_autofree char *request = NULL;
      g_autoptr(GError) error = NULL;

      request = g_strdup_printf ("POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                                 strlen (body), body);
      connection = g_socket_client_connect_to_host (client,
                                                    gch_test_server_get_url (server) +
                                                    strlen ("http://"),
                                                    0, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                 request, strlen (request), NULL, NULL, &error);
      g_assert_no_error (error);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  g_usleep (G_USEC_PER_SEC / 2);

  assert_health (server);
}

/* A database with no site yet */
static void
test_no_site (void)
{
  g_autoptr(GchTestServer) server = gch_test_server_new ();
  g_autofree char *token = NULL;
  g_autoptr(GchTestResponse) site = NULL;
  g_autoptr(GchTestResponse) day = NULL;
  g_autoptr(GchTestResponse) mode = NULL;

  gch_test_server_add_agent (server, "boss", "The Boss", "supervisor", "boss-password");
  gch_test_server_start (server, NULL);
  token = gch_test_server_login (server, "boss", "boss-password");

  site = gch_test_server_request (server, "GET", "/api/v1/site", token, NULL);
  gch_test_response_assert_error (site, 404, "no-site");
  day = gch_test_server_request (server, "GET", "/api/v1/days/" DEMO_DATE, token, NULL);
  gch_test_response_assert_error (day, 404, "no-site");
  mode = gch_test_server_request (server, "PUT", "/api/v1/site/mode", token,
                                  "{\"mode\": \"crise\"}");
  gch_test_response_assert_error (mode, 404, "no-site");
}

/* Importing */

static JsonObject *
get_day (GchTestServer *server,
         const char    *token,
         const char    *date,
         GchTestResponse **response)
{
  g_autofree char *path = g_strconcat ("/api/v1/days/", date, NULL);

  *response = gch_test_server_request (server, "GET", path, token, NULL);
  g_assert_cmpuint ((*response)->status, ==, 200);

  return response_object (*response);
}

static void
test_import_json (void)
{
  g_autoptr(GchTestServer) server = new_demo_server ();
  g_autoptr(GchDay) demo = gch_demo_generate (7, "2026-03-11", 0);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GchTestResponse) response = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (gch_test_server_get_dir (server), "day.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *appointments;

  g_assert_cmpuint (demo->appointments->len, >, 100);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, "2026-03-11");
  json_builder_set_member_name (builder, "appointments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < demo->appointments->len; i++)
    json_builder_add_value (builder,
                            gch_codec_appointment_to_json (g_ptr_array_index (demo->appointments,
                                                                              i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  text = json_to_string (node, TRUE);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  g_assert_true (gch_test_server_run (server, NULL, &out, &err, "import", path, NULL));
  expected = g_strdup_printf ("Imported %u appointments for 2026-03-11.\n",
                              demo->appointments->len);
  g_assert_cmpstr (out, ==, expected);

  /* The same day again is refused: it would mix two versions of it. */
  {
    g_autofree char *again_err = NULL;

    g_assert_false (gch_test_server_run (server, NULL, NULL, &again_err, "import", path, NULL));
    g_assert_nonnull (strstr (again_err, "already has appointments"));
  }

  gch_test_server_start (server, NULL);
  token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);
  appointments = json_object_get_array_member (get_day (server, token, "2026-03-11", &response),
                                               "appointments");
  g_assert_cmpuint (json_array_get_length (appointments), ==, demo->appointments->len);
}

static void
test_import_json_refused (void)
{
  g_autoptr(GchTestServer) server = new_demo_server ();
  const char *files[] = {
    "{",
    "[]",
    "{\"date\": \"2026-03-12\"}",
    "{\"date\": \"2026-03-12\", \"appointments\": []}",
    "{\"date\": \"2026-13-12\", \"appointments\": [{}]}",
    "{\"date\": {\"day\": 12}, \"appointments\": [{}]}",
    "{\"date\": null, \"appointments\": [{}]}",
    "{\"date\": \"2026-03-12\", \"appointments\": [1, null, \"x\", [], {}]}",
    "{\"date\": \"2026-03-12\", \"appointments\": {}, \"extra\": 1}",
    /* one good, one with an unknown service: neither is imported */
    "{\"date\": \"2026-03-12\", \"appointments\": ["
    " {\"reference\": \"J1\", \"service\": \"titres\", \"starts-at\": 1773302400,"
    "  \"duration-minutes\": 20, \"persons\": 1, \"holder-name\": \"A\", \"status\": \"booked\","
    "  \"version\": 1},"
    " {\"reference\": \"J2\", \"service\": \"nope\", \"starts-at\": 1773302400,"
    "  \"duration-minutes\": 20, \"persons\": 1, \"holder-name\": \"B\", \"status\": \"booked\","
    "  \"version\": 1}]}",
    /* the wrong day */
    "{\"date\": \"2026-03-12\", \"appointments\": ["
    " {\"reference\": \"J1\", \"service\": \"titres\", \"starts-at\": 1773388800,"
    "  \"duration-minutes\": 20, \"persons\": 1, \"holder-name\": \"A\", \"status\": \"booked\","
    "  \"version\": 1}]}",
  };
  g_autofree char *path = g_build_filename (gch_test_server_get_dir (server), "bad.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;

      g_file_set_contents (path, files[i], -1, &error);
      g_assert_no_error (error);
      if (gch_test_server_run (server, NULL, NULL, &err, "import", path, NULL))
        g_error ("file %u was imported", i);
      g_assert_nonnull (strstr (err, "guichet-server: "));
    }

  {
    g_autofree char *err = NULL;

    g_file_set_contents (path, files[9], -1, NULL);
    g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "import", path, NULL));
    g_assert_nonnull (strstr (err, "appointment 2"));
    g_assert_null (strstr (err, "appointment 1:"));
  }
}

#define CSV_HEADER \
  "reference,date,service,starts_at,duration_minutes,persons,holder_name,phone,email," \
  "dossier_number,predemande_number\r\n"

static gint64
paris_time (int year,
            int month,
            int day,
            int hour,
            int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static JsonObject *
find_appointment (JsonArray  *appointments,
                  const char *reference)
{
  for (guint i = 0; i < json_array_get_length (appointments); i++)
    {
      JsonObject *appointment = json_array_get_object_element (appointments, i);

      if (g_str_equal (json_object_get_string_member (appointment, "reference"), reference))
        return appointment;
    }

  return NULL;
}

static void
test_import_csv (void)
{
  g_autoptr(GchTestServer) server = new_demo_server ();
  g_autofree char *path = g_build_filename (gch_test_server_get_dir (server), "day.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GchTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *appointments;
  JsonObject *a;

  /* A byte order mark, CRLF, a quoted field with a comma and a quote, empty optional
   * fields, a blank line, and the columns in another order than usual.
   */
  g_file_set_contents (path,
                       "\xef\xbb\xbf" CSV_HEADER
                       "RDV-CSV-1,2026-03-12,titres,09:00,20,1,\"Durand, Jeanne \"\"Jo\"\"\","
                       "06 12 34 56 78,j.durand@example.org,AGDREF 1,\r\n"
                       "RDV-CSV-2,2026-03-12,permis,9:30,30,2,Ali Ben,,,,PD-2\r\n"
                       "\r\n"
                       "RDV-CSV-3,2026-03-12,sejour,14:45,45,3,Élodie Ñúñez,+33 1 23 45 67 89,,,\n",
                       -1, &error);
  g_assert_no_error (error);

  if (!gch_test_server_run (server, NULL, &out, &err, "import", path, NULL))
    g_error ("import failed: %s", err);
  g_assert_cmpstr (out, ==, "Imported 3 appointments for 2026-03-12.\n");

  gch_test_server_start (server, NULL);
  token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);
  appointments = json_object_get_array_member (get_day (server, token, "2026-03-12", &response),
                                               "appointments");
  g_assert_cmpuint (json_array_get_length (appointments), ==, 3);

  a = find_appointment (appointments, "RDV-CSV-1");
  g_assert_nonnull (a);
  g_assert_cmpstr (json_object_get_string_member (a, "holder-name"), ==, "Durand, Jeanne \"Jo\"");
  g_assert_cmpstr (json_object_get_string_member (a, "service"), ==, "titres");
  g_assert_cmpint (json_object_get_int_member (a, "starts-at"), ==, paris_time (2026, 3, 12, 9, 0));
  g_assert_cmpint (json_object_get_int_member (a, "duration-minutes"), ==, 20);
  g_assert_cmpstr (json_object_get_string_member (a, "phone"), ==, "06 12 34 56 78");
  g_assert_cmpstr (json_object_get_string_member (a, "email"), ==, "j.durand@example.org");
  g_assert_cmpstr (json_object_get_string_member (a, "dossier-number"), ==, "AGDREF 1");
  g_assert_false (json_object_has_member (a, "predemande-number"));
  g_assert_cmpstr (json_object_get_string_member (a, "status"), ==, "booked");

  a = find_appointment (appointments, "RDV-CSV-2");
  g_assert_cmpint (json_object_get_int_member (a, "starts-at"), ==,
                   paris_time (2026, 3, 12, 9, 30));
  g_assert_cmpint (json_object_get_int_member (a, "persons"), ==, 2);
  g_assert_false (json_object_has_member (a, "phone"));
  g_assert_cmpstr (json_object_get_string_member (a, "predemande-number"), ==, "PD-2");

  a = find_appointment (appointments, "RDV-CSV-3");
  g_assert_cmpstr (json_object_get_string_member (a, "holder-name"), ==, "Élodie Ñúñez");
  g_assert_cmpint (json_object_get_int_member (a, "starts-at"), ==,
                   paris_time (2026, 3, 12, 14, 45));
}

static void
test_import_csv_bad_row (void)
{
  g_autoptr(GchTestServer) server = new_demo_server ();
  g_autofree char *path = g_build_filename (gch_test_server_get_dir (server), "bad.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GchTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path,
                       CSV_HEADER
                       "RDV-OK-1,2026-03-12,titres,09:00,20,1,Jeanne Durand,,,,\n"     /* 2 */
                       "RDV-BAD-3,2026-03-12,titres,09:20,20,zero,Paul Martin,,,,\n"   /* 3 */
                       "RDV-OK-4,2026-03-12,permis,10:00,30,1,Ali Ben,,,,\n"           /* 4 */
                       "RDV-BAD-5,2026-03-12,plongee,25:00,20,1,Zoé Roy,,,,\n"         /* 5 */
                       "RDV-OK-1,2026-03-12,titres,11:00,20,1,Léa Petit,,,,\n"         /* 6 */
                       "RDV-BAD-7,2026-03-13,titres,11:00,20,1,Eva Bon,,not-an-email,,\n" /* 7 */
                       "RDV-BAD-8,2026-03-12,titres,11:00\n",                          /* 8 */
                       -1, &error);
  g_assert_no_error (error);

  g_assert_false (gch_test_server_run (server, NULL, &out, &err, "import", path, NULL));
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "nothing was imported"));
  g_assert_nonnull (strstr (err, "line 3: the number of persons “zero”"));
  g_assert_nonnull (strstr (err, "line 5: the service “plongee”"));
  g_assert_nonnull (strstr (err, "line 5: the start time “25:00”"));
  g_assert_nonnull (strstr (err, "line 6: the reference “RDV-OK-1” is already on line 2"));
  g_assert_nonnull (strstr (err, "line 7: the date 2026-03-13"));
  g_assert_nonnull (strstr (err, "line 7: the e-mail address"));
  g_assert_nonnull (strstr (err, "line 8: 4 fields instead of 11"));
  g_assert_null (strstr (err, "line 2:"));
  g_assert_null (strstr (err, "line 4:"));

  /* Nothing was imported, not even the good rows. */
  gch_test_server_start (server, NULL);
  token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      get_day (server, token, "2026-03-12", &response), "appointments")),
                    ==, 0);
  gch_test_server_stop (server);

  /* A wrong header is refused with what it should be. */
  g_file_set_contents (path, "ref;date;service\nA;2026-03-12;titres\n", -1, NULL);
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "import", path, NULL));
  g_assert_nonnull (strstr (err, "separated by “;”"));

  g_file_set_contents (path, "reference,date\nA,2026-03-12\n", -1, NULL);
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "import", path, NULL));
  g_assert_nonnull (strstr (err, "lacks the columns service, starts_at"));

  g_file_set_contents (path, CSV_HEADER "\"RDV-1,2026-03-12\n", -1, NULL);
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "import", path, NULL));
  g_assert_nonnull (strstr (err, "line 2 opens a quoted field"));
}

/* The demo */

static void
test_demo_day (void)
{
  g_autoptr(GchTestServer) server = gch_test_server_new ();
  g_autofree char *token = NULL;
  g_autoptr(GchTestResponse) response = NULL;
  JsonObject *day;
  guint n;

  gch_test_server_load_demo (server, DEMO_DATE);
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", AGENT_PASSWORD);
  gch_test_server_start (server, NULL);
  token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);

  day = get_day (server, token, DEMO_DATE, &response);
  g_assert_cmpstr (json_object_get_string_member (day, "date"), ==, DEMO_DATE);
  n = json_array_get_length (json_object_get_array_member (day, "appointments"));
  g_test_message ("The demo day has %u appointments", n);
  g_assert_cmpuint (n, >=, 500);
  g_assert_cmpuint (n, <=, 700);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (day, "entries")), >, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (day, "events")), >, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (day, "site"),
                                                  "code"),
                   ==, "pref-demo");

  /* Loading it again over the same day is refused, and keeps the agents. */
  gch_test_server_stop (server);
  {
    g_autofree char *err = NULL;

    g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "load-demo", "--date",
                                         DEMO_DATE, NULL));
    g_assert_nonnull (strstr (err, "already has appointments"));
  }
  gch_test_server_load_demo (server, "2026-03-17");
  gch_test_server_start (server, NULL);
  g_free (token);
  token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);
}

/* Sync: a station's operations go in once; the changes come out in order */

static GchStation *
new_demo_station (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "station.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_demo_create_store (path, GCH_DEMO_SEED, DEMO_DATE, GCH_DEMO_TIME,
                                                     &error);
  g_autoptr(GchClock) clock = gch_clock_new_frozen (gch_demo_start_time (DEMO_DATE, GCH_DEMO_TIME));
  GchStation *station;

  g_assert_no_error (error);
  station = gch_station_new (store, clock, AGENT);
  gch_station_set_day (station, gch_store_load_day (store, DEMO_DATE, &error));
  g_assert_no_error (error);

  return station;
}

static char *
operations_body (GPtrArray *changes)
{
  g_autoptr(JsonArray) operations = json_array_new ();
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < changes->len; i++)
    {
      g_autoptr(GchOperation) operation = gch_operation_new_from_change (g_ptr_array_index (changes, i));

      json_array_add_element (operations, gch_codec_operation_to_json (operation));
    }

  json_object_set_array_member (object, "operations", json_array_ref (operations));
  node = json_node_init_object (json_node_alloc (), object);
  return gch_codec_to_string (node);
}

static const char *
result_status (GchTestResponse *response,
               guint            index)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (response->json), "results");

  return json_object_get_string_member (json_array_get_object_element (results, index), "status");
}

static void
test_sync_operations (void)
{
  g_autoptr(GchTestServer) server = gch_test_server_new ();
  g_autoptr(GchStation) station = new_demo_station (gch_test_server_get_dir (server));
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GchTestResponse) sent = NULL;
  g_autoptr(GchTestResponse) again = NULL;
  g_autoptr(GchTestResponse) late = NULL;
  g_autoptr(GchTestResponse) feed = NULL;
  g_autoptr(GchTestResponse) rest = NULL;
  g_autoptr(GchTestResponse) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  g_autofree char *conflicting = NULL;
  GchRequest finish = { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 1 };
  GchRequest call = { .action = GCH_ACTION_CALL_NEXT, .guichet = 1 };
  GchRequest issue = { .action = GCH_ACTION_ISSUE_TICKET, .service = "titres" };
  GchQueueEntry *called;
  JsonArray *list;
  gint64 cursor;

  gch_test_server_load_demo (server, DEMO_DATE);
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", AGENT_PASSWORD);
  gch_test_server_start (server, NULL);
  token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);

  /* The station works, offline; its outbox goes in one request. */
  g_ptr_array_add (changes, gch_station_run (station, &finish, &error));
  g_ptr_array_add (changes, gch_station_run (station, &call, &error));
  g_ptr_array_add (changes, gch_station_run (station, &issue, &error));
  g_assert_no_error (error);
  body = operations_body (changes);

  sent = gch_test_server_request (server, "POST", "/api/v1/operations", token, body);
  g_assert_cmpuint (sent->status, ==, 200);
  for (guint i = 0; i < changes->len; i++)
    g_assert_cmpstr (result_status (sent, i), ==, "applied");

  /* The answer was lost: the station sends the same again. Nothing applies twice. */
  again = gch_test_server_request (server, "POST", "/api/v1/operations", token, body);
  g_assert_cmpuint (again->status, ==, 200);
  for (guint i = 0; i < changes->len; i++)
    g_assert_cmpstr (result_status (again, i), ==, "duplicate");

  /* Another station, behind, calls the person this one called: a conflict that says so. */
  called = gch_change_get_entry (g_ptr_array_index (changes, 1));
  {
    g_autoptr(GchStation) other = NULL;
    g_autofree char *other_dir = g_build_filename (gch_test_server_get_dir (server), "other", NULL);
    GchRequest out_of_turn = { .action = GCH_ACTION_CALL_ENTRY, .guichet = 2,
                               .ticket = gch_queue_entry_get_ticket (called), .reason = "urgence" };
    GchRequest finish_2 = { .action = GCH_ACTION_FINISH_SERVICE, .guichet = 2 };

    g_mkdir_with_parents (other_dir, 0700);
    other = new_demo_station (other_dir);
    g_ptr_array_add (stale, gch_station_run (other, &finish_2, &error));
    g_ptr_array_add (stale, gch_station_run (other, &out_of_turn, &error));
    g_assert_no_error (error);
  }
  g_free (body);
  body = operations_body (stale);
  late = gch_test_server_request (server, "POST", "/api/v1/operations", token, body);
  g_assert_cmpuint (late->status, ==, 200);
  g_assert_cmpstr (result_status (late, 0), ==, "applied");
  g_assert_cmpstr (result_status (late, 1), ==, "conflict");
  conflicting = g_strdup_printf ("%s was already called at guichet 1 at", gch_queue_entry_get_ticket (called));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (late->json), "results"), 1), "message"),
                            conflicting));

  /* The change feed: what was applied, in order, after a cursor. */
  feed = gch_test_server_request (server, "GET", "/api/v1/changes?after=0&limit=3", token, NULL);
  g_assert_cmpuint (feed->status, ==, 200);
  list = json_object_get_array_member (json_node_get_object (feed->json), "changes");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (feed->json), "more"));
  cursor = json_object_get_int_member (json_node_get_object (feed->json), "cursor");
  g_assert_cmpint (cursor, ==, json_object_get_int_member (json_array_get_object_element (list, 2), "seq"));

  {
    g_autofree char *path = g_strdup_printf ("/api/v1/changes?after=%" G_GINT64_FORMAT, cursor);
    gboolean found_call = FALSE;

    rest = gch_test_server_request (server, "GET", path, token, NULL);
    g_assert_cmpuint (rest->status, ==, 200);
    list = json_object_get_array_member (json_node_get_object (rest->json), "changes");
    g_assert_false (json_object_get_boolean_member (json_node_get_object (rest->json), "more"));
    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *change = json_array_get_object_element (list, i);

        g_assert_cmpint (json_object_get_int_member (change, "seq"), >, cursor);
        if (g_str_equal (json_object_get_string_member (change, "record-kind"), "entry") &&
            g_str_equal (json_object_get_string_member (change, "record-id"), gch_queue_entry_get_id (called)))
          found_call = TRUE;
      }
    g_assert_true (found_call || cursor >= 2);
  }

  /* Bad input: not a list, a malformed operation, a bad cursor */
  bad = gch_test_server_request (server, "POST", "/api/v1/operations", token, "{\"operations\": 3}");
  gch_test_response_assert_error (bad, 400, "wrong-type");
  g_clear_pointer (&bad, gch_test_response_free);
  bad = gch_test_server_request (server, "POST", "/api/v1/operations", token,
                                 "{\"operations\": [{\"uuid\": \"not-one\"}]}");
  g_assert_cmpuint (bad->status, ==, 200);
  g_assert_cmpstr (result_status (bad, 0), ==, "rejected");
  g_clear_pointer (&bad, gch_test_response_free);
  bad = gch_test_server_request (server, "GET", "/api/v1/changes?after=-1", token, NULL);
  gch_test_response_assert_error (bad, 400, "invalid-value");
}

/* HTTPS */

static void
test_https (void)
{
  g_autoptr(GchTestServer) server = new_demo_server ();
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(SoupSession) untrusting = NULL;
  g_autoptr(SoupSession) trusting = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  if (!gch_test_server_make_certificate (server, &cert, &key))
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend: install glib-networking");
      return;
    }

  gch_test_server_start (server, "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_true (g_str_has_prefix (gch_test_server_get_url (server), "https://127.0.0.1:"));

  /* The default: the system's CAs, which do not know this certificate. An
   * untrusted certificate is an error, never a question.
   */
  untrusting = soup_session_new ();
  {
    g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "GET", "/api/v1/health",
                                                              NULL, NULL);
    g_autoptr(GchTestResponse) response = gch_test_server_send (server, untrusting, msg, &error);

    g_assert_null (response);
    g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
    g_clear_error (&error);
  }

  /* Trusting that certificate as a CA */
  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  trusting = soup_session_new ();
  soup_session_set_tls_database (trusting, database);
  {
    g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "GET", "/api/v1/health",
                                                              NULL, NULL);
    g_autoptr(GchTestResponse) response = gch_test_server_send (server, trusting, msg, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpstr (gch_test_response_get_string (response, "status"), ==, "ok");
  }

  /* A login over it */
  {
    g_autofree char *body = login_body (AGENT, AGENT_PASSWORD);
    g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "POST", "/api/v1/login",
                                                              NULL, body);
    g_autoptr(GchTestResponse) response = gch_test_server_send (server, trusting, msg, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (response->status, ==, 200);
  }

  /* Plain HTTP to the HTTPS port gets no answer. */
  {
    g_autoptr(GString) url = g_string_new (gch_test_server_get_url (server));
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autoptr(SoupSession) plain = soup_session_new_with_options ("timeout", 10, NULL);

    g_string_replace (url, "https://", "http://", 1);
    g_string_append (url, "/api/v1/health");
    msg = soup_message_new ("GET", url->str);
    body = soup_session_send_and_read (plain, msg, NULL, &error);
    g_assert_true (body == NULL || soup_message_get_status (msg) != 200);
    g_clear_error (&error);
  }
}

/* Secrets */

/* The files hold NUL bytes: strstr() would stop at the first. */
static gboolean
contains_bytes (GBytes     *haystack,
                const char *needle)
{
  gsize length, needle_length = strlen (needle);
  const char *data = g_bytes_get_data (haystack, &length);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

static void
assert_no_secret_in_files (GchTestServer      *server,
                           const char * const *secrets)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  guint n_files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (gch_test_server_get_database (server), suffixes[i],
                                           NULL);
      g_autoptr(GMappedFile) file = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      file = g_mapped_file_new (path, FALSE, NULL);
      g_assert_nonnull (file);
      bytes = g_mapped_file_get_bytes (file);
      n_files++;

      for (guint j = 0; secrets[j] != NULL; j++)
        if (contains_bytes (bytes, secrets[j]))
          g_error ("“%s” holds a password or a token in plain text", path);
    }

  g_assert_cmpuint (n_files, >=, 1);
}

static void
test_no_secret_in_database (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autofree char *supervisor_token = gch_test_server_login (server, SUPERVISOR,
                                                             SUPERVISOR_PASSWORD);
  g_autofree char *agent_token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);
  g_autofree char *new_token = NULL;
  g_autoptr(GchTestResponse) add = NULL;
  g_autoptr(GchTestResponse) site = NULL;

  add = gch_test_server_request (server, "POST", "/api/v1/agents", supervisor_token,
                                 "{\"id\": \"s.secret\", \"name\": \"S\", \"role\": \"agent\", "
                                 "\"password\": \"api-given-password\"}");
  g_assert_cmpuint (add->status, ==, 201);
  new_token = gch_test_server_login (server, "s.secret", "api-given-password");
  site = gch_test_server_request (server, "GET", "/api/v1/site", new_token, NULL);
  g_assert_cmpuint (site->status, ==, 200);

  {
    const char * const secrets[] = {
      AGENT_PASSWORD, RECEPTION_PASSWORD, SUPERVISOR_PASSWORD, "api-given-password",
      supervisor_token, agent_token, new_token, NULL
    };

    /* While it runs (the WAL) and once it has stopped (the database file) */
    assert_no_secret_in_files (server, secrets);
    gch_test_server_stop (server);
    assert_no_secret_in_files (server, secrets);
  }

  /* What is stored instead: Argon2id hashes and SHA-256 digests. */
  {
    g_autoptr(GMappedFile) file = g_mapped_file_new (gch_test_server_get_database (server), FALSE,
                                                     NULL);
    g_autoptr(GBytes) bytes = g_mapped_file_get_bytes (file);
    g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, agent_token, -1);

    g_assert_true (contains_bytes (bytes, "$argon2id$v=19$"));
    g_assert_true (contains_bytes (bytes, digest));
  }
}

/* The command line */

static void
test_cli (void)
{
  g_autoptr(GchTestServer) server = new_demo_server ();
  g_autofree char *missing = g_build_filename (gch_test_server_get_dir (server), "none.csv", NULL);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  /* Anything but loopback is refused before anything is bound. */
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "serve", "--listen", "0.0.0.0:0",
                                       NULL));
  g_assert_nonnull (strstr (err, "loopback"));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "serve", "--listen", "[::]:0",
                                       NULL));
  g_assert_nonnull (strstr (err, "loopback"));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "serve", "--tls-cert", "x.pem",
                                       NULL));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "serve", "--token-lifetime",
                                       "0", NULL));
  g_clear_pointer (&err, g_free);

  /* Passwords come from standard input, and are checked. */
  g_assert_false (gch_test_server_run (server, "short\n", NULL, &err, "add-agent", "a.b", "A B",
                                       "agent", NULL));
  g_assert_nonnull (strstr (err, "too short"));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, "", NULL, &err, "add-agent", "a.b", "A B", "agent",
                                       NULL));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, "a-long-password\n", NULL, &err, "add-agent", "a.b",
                                       "A B", "boss", NULL));
  g_assert_nonnull (strstr (err, "not a role"));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, "a-long-password\n", NULL, &err, "add-agent",
                                       "a b", "A B", "agent", NULL));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, "a-long-password\n", NULL, &err, "add-agent",
                                       "a.b", "A B", NULL));
  g_clear_pointer (&err, g_free);

  /* A new password replaces the old one, and closes the agent's sessions. */
  g_assert_true (gch_test_server_run (server, "a-new-password\r\n", &out, &err, "add-agent",
                                      AGENT, "Claire Martin", "agent", NULL));
  gch_test_server_start (server, NULL);
  {
    g_autofree char *old = login_body (AGENT, AGENT_PASSWORD);
    g_autoptr(GchTestResponse) refused = gch_test_server_request (server, "POST", "/api/v1/login",
                                                                  NULL, old);
    g_autofree char *token = gch_test_server_login (server, AGENT, "a-new-password");

    gch_test_response_assert_error (refused, 401, "bad-credentials");
  }
  gch_test_server_stop (server);

  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "import", missing, NULL));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "import", "day.txt", NULL));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "load-demo", "--date",
                                       "2026-02-30", NULL));
  g_clear_pointer (&err, g_free);
  g_assert_false (gch_test_server_run (server, NULL, NULL, &err, "frobnicate", NULL));
}


/* Ticket blocks */

static char *
block_body (const char *uuid,
            const char *date,
            const char *service,
            gint64      count)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (object, "uuid", uuid);
  json_object_set_string_member (object, "date", date);
  json_object_set_string_member (object, "service", service);
  json_object_set_int_member (object, "count", count);
  node = json_node_init_object (json_node_alloc (), object);
  return json_to_string (node, FALSE);
}

typedef struct
{
  char   *service;
  gint64  first;
  gint64  last;
} Range;

static void
range_free (gpointer data)
{
  Range *range = data;

  g_free (range->service);
  g_free (range);
}

static Range *
response_range (GchTestResponse *response)
{
  JsonObject *object = response_object (response);
  Range *range = g_new0 (Range, 1);

  g_assert_cmpuint (response->status, ==, 200);
  range->service = g_strdup (json_object_get_string_member (object, "service"));
  range->first = json_object_get_int_member (object, "first");
  range->last = json_object_get_int_member (object, "last");
  return range;
}

/* The highest number of @prefix a ticket of the demo day has. */
static guint
highest_issued (GchTestServer *server,
                const char    *service)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_store_open (gch_test_server_get_database (server), &error);
  g_autoptr(GchDay) day = NULL;
  const char *prefix;
  guint highest = 0;

  g_assert_no_error (error);
  day = gch_store_load_day (store, DEMO_DATE, &error);
  g_assert_no_error (error);
  prefix = gch_service_get_prefix (gch_day_find_service (day, service));
  for (guint i = 0; i < day->entries->len; i++)
    {
      const char *ticket = gch_queue_entry_get_ticket (g_ptr_array_index (day->entries, i));

      if (g_str_has_prefix (ticket, prefix))
        highest = MAX (highest, (guint) g_ascii_strtoull (ticket + strlen (prefix), NULL, 10));
    }

  return highest;
}

typedef struct
{
  GPtrArray     *ranges;   /* Range */
  guint          pending;
  GMainLoop     *loop;
} Race;

static void
race_answer_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Race *race = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  Range *range;

  g_assert_no_error (error);
  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_true (json_object_has_member (object, "first"));
  range = g_new0 (Range, 1);
  range->service = g_strdup (json_object_get_string_member (object, "service"));
  range->first = json_object_get_int_member (object, "first");
  range->last = json_object_get_int_member (object, "last");
  g_ptr_array_add (race->ranges, range);

  if (--race->pending == 0)
    g_main_loop_quit (race->loop);
}

/* The route gives each number once: after the day's tickets, never in
 * another block, the same block to a request sent again; and refuses
 * what is not a reservation.
 */
static void
test_ticket_blocks (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autofree char *token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);
  g_autofree char *reception = gch_test_server_login (server, RECEPTION, RECEPTION_PASSWORD);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *body = block_body (uuid, DEMO_DATE, "titres", 50);
  g_autoptr(GchTestResponse) first = NULL;
  g_autoptr(GchTestResponse) again = NULL;
  g_autoptr(GchTestResponse) other = NULL;
  g_autoptr(GchTestResponse) reused = NULL;
  g_autoptr(GPtrArray) ranges = g_ptr_array_new_with_free_func (range_free);
  g_autoptr(SoupSession) station_a = soup_session_new ();
  g_autoptr(SoupSession) station_b = soup_session_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  static const char *services[] = { "titres", "permis", "titres", "sejour" };
  Race race = { ranges, 0, loop };
  guint issued = highest_issued (server, "titres");
  Range *range;

  g_assert_cmpuint (issued, >, 0);

  /* The first block starts after the highest number the day's tickets have. */
  first = gch_test_server_request (server, "POST", "/api/v1/ticket-blocks", token, body);
  range = response_range (first);
  g_ptr_array_add (ranges, range);
  g_assert_cmpstr (range->service, ==, "titres");
  g_assert_cmpint (range->first, ==, issued + 1);
  g_assert_cmpint (range->last, ==, issued + 50);
  g_assert_cmpstr (gch_test_response_get_string (first, "uuid"), ==, uuid);
  g_assert_cmpstr (gch_test_response_get_string (first, "date"), ==, DEMO_DATE);
  g_assert_cmpstr (gch_test_response_get_string (first, "prefix"), ==, "A");

  /* Its answer was lost: asked again, the same block, and no new one. */
  again = gch_test_server_request (server, "POST", "/api/v1/ticket-blocks", token, body);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response_object (again), "first"), ==, issued + 1);
  g_assert_cmpint (json_object_get_int_member (response_object (again), "last"), ==, issued + 50);

  /* The same request id for another service is not the same request. */
  g_free (body);
  body = block_body (uuid, DEMO_DATE, "permis", 50);
  reused = gch_test_server_request (server, "POST", "/api/v1/ticket-blocks", token, body);
  gch_test_response_assert_error (reused, 409, "conflict");

  /* The reception too: it issues tickets. The next block follows. */
  g_free (uuid);
  uuid = g_uuid_string_random ();
  g_free (body);
  body = block_body (uuid, DEMO_DATE, "titres", 10);
  other = gch_test_server_request (server, "POST", "/api/v1/ticket-blocks", reception, body);
  range = response_range (other);
  g_ptr_array_add (ranges, range);
  g_assert_cmpint (range->first, ==, issued + 51);
  g_assert_cmpint (range->last, ==, issued + 60);

  /* Two stations asking at once, 40 requests in flight on two connections. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *text = block_body (id, DEMO_DATE, services[i % G_N_ELEMENTS (services)],
                                          1 + i % 7);
      g_autoptr(SoupMessage) msg = gch_test_server_new_message (server, "POST",
                                                                "/api/v1/ticket-blocks",
                                                                token, text);

      race.pending++;
      soup_session_send_and_read_async (i % 2 ? station_a : station_b, msg, G_PRIORITY_DEFAULT,
                                        NULL, race_answer_cb, &race);
    }
  g_main_loop_run (loop);
  g_assert_cmpuint (ranges->len, ==, 42);

  /* No number of a service is in two blocks. */
  for (guint i = 0; i < ranges->len; i++)
    for (guint j = i + 1; j < ranges->len; j++)
      {
        Range *x = g_ptr_array_index (ranges, i);
        Range *y = g_ptr_array_index (ranges, j);

        g_assert_cmpint (x->first, <=, x->last);
        if (g_str_equal (x->service, y->service))
          g_assert_true (x->last < y->first || y->last < x->first);
      }
}

/* What is not a reservation is refused with 400, and a JSON error. */
static void
test_ticket_blocks_refused (void)
{
  g_autoptr(GchTestServer) server = start_demo_server ();
  g_autofree char *token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *zero = block_body (uuid, DEMO_DATE, "titres", 0);
  g_autofree char *huge = block_body (uuid, DEMO_DATE, "titres", 501);
  g_autofree char *negative = block_body (uuid, DEMO_DATE, "titres", -5);
  g_autofree char *no_uuid = block_body ("not-a-uuid", DEMO_DATE, "titres", 10);
  g_autofree char *bad_date = block_body (uuid, "2026-02-30", "titres", 10);
  g_autofree char *no_service = block_body (uuid, DEMO_DATE, "piscine", 10);
  g_autofree char *count_text = g_strdup_printf ("{\"uuid\": \"%s\", \"date\": \"%s\", "
                                                 "\"service\": \"titres\", \"count\": \"50\"}",
                                                 uuid, DEMO_DATE);
  g_autofree char *extra = g_strdup_printf ("{\"uuid\": \"%s\", \"date\": \"%s\", "
                                            "\"service\": \"titres\", \"count\": 5, "
                                            "\"first\": 1}", uuid, DEMO_DATE);
  g_autofree char *missing = g_strdup_printf ("{\"uuid\": \"%s\", \"service\": \"titres\", "
                                              "\"count\": 5}", uuid);
  struct
  {
    const char *body;
    const char *code;
  } cases[] = {
    { zero, "invalid-value" },
    { huge, "invalid-value" },
    { negative, "invalid-value" },
    { no_uuid, "invalid-value" },
    { bad_date, "invalid-value" },
    { no_service, "invalid-value" },
    { count_text, "wrong-type" },
    { extra, "unknown-field" },
    { missing, "missing-field" },
    { "{\"count\": ", "malformed-json" },
  };
  g_autoptr(GchTestResponse) good = NULL;
  g_autofree char *body = block_body (uuid, DEMO_DATE, "titres", 5);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GchTestResponse) response =
        gch_test_server_request (server, "POST", "/api/v1/ticket-blocks", token, cases[i].body);

      g_test_message ("%s", cases[i].body);
      gch_test_response_assert_error (response, 400, cases[i].code);
    }

  /* Nothing was reserved by them: the uuid is still free for a good request. */
  good = gch_test_server_request (server, "POST", "/api/v1/ticket-blocks", token, body);
  g_assert_cmpuint (good->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response_object (good), "first"), ==,
                   highest_issued (server, "titres") + 1);
}

/* The figures of a quarter, from days loaded into the real server's
 * database: two copies of the day of gch-test-figures.h, whose figures
 * test-figures.c works out on paper, doubled here.
 */
static void
test_figures (void)
{
  g_autoptr(GchTestServer) server = gch_test_server_new ();
  g_autoptr(GchTestResponse) forbidden = NULL;
  g_autoptr(GchTestResponse) response = NULL;
  g_autoptr(GchFigures) figures = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *supervisor = NULL;
  static const struct { const char *query; const char *says; } bad[] = {
    { "", "Say which days" },
    { "?from=2026-01-01", "Say which days" },
    { "?from=2026-01-01&to=2026-02-30", "“2026-02-30” is not a date" },
    { "?from=01/01/2026&to=2026-03-31", "is not a date" },
    { "?from=2026-03-31&to=2026-01-01", "after its end" },
    { "?from=2025-01-01&to=2026-01-02", "366 days at most" },
    { "?from=2026-01-01&to=2026-03-31&target=0", "target wait" },
    { "?from=2026-01-01&to=2026-03-31&target=-10", "target wait" },
    { "?from=2026-01-01&to=2026-03-31&target=half", "target wait" },
  };
  JsonObject *total;

  {
    g_autoptr(GchStore) store = gch_store_open (gch_test_server_get_database (server), &error);
    const char *dates[] = { "2026-03-10", "2026-03-12" };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
      {
        g_autoptr(GchDay) day = gch_test_figures_build_day (dates[i], GCH_TEST_FIGURES_DAY);

        gch_store_import_day (store, day, &error);
        g_assert_no_error (error);
      }
  }
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", AGENT_PASSWORD);
  gch_test_server_add_agent (server, SUPERVISOR, "François Roux", "supervisor",
                             SUPERVISOR_PASSWORD);
  gch_test_server_start (server, NULL);

  /* An agent does not see the site's figures. */
  agent = gch_test_server_login (server, AGENT, AGENT_PASSWORD);
  forbidden = gch_test_server_request (server, "GET",
                                       "/api/v1/figures?from=2026-01-01&to=2026-03-31",
                                       agent, NULL);
  gch_test_response_assert_error (forbidden, 403, "forbidden");

  supervisor = gch_test_server_login (server, SUPERVISOR, SUPERVISOR_PASSWORD);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/figures", bad[i].query, NULL);
      g_autoptr(GchTestResponse) refused = gch_test_server_request (server, "GET", path,
                                                                    supervisor, NULL);

      g_test_message ("%s", bad[i].query);
      gch_test_response_assert_error (refused, 400, "invalid-value");
      g_assert_nonnull (strstr (gch_test_response_get_string (refused, "message"),
                                bad[i].says));
    }

  response = gch_test_server_request (server, "GET",
                                      "/api/v1/figures?from=2026-01-01&to=2026-03-31&target=30",
                                      supervisor, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  total = json_object_get_object_member (response_object (response), "total");
  g_assert_cmpint (json_object_get_int_member (total, "visits"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (total, "served"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (total, "days"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (total, "walk-outs"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (total, "no-shows"), ==, 4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (total, "mean-wait-minutes"),
                                  12.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (total, "within-target-share"),
                                  0.833, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (total, "no-show-rate"),
                                  0.667, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (total, "mean-service-minutes"),
                                  15.0, 1e-9);

  figures = gch_figures_from_json (response->json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (figures->site_name, ==, "Préfecture de test");
  g_assert_cmpuint (gch_figures_find_service (figures, "titres")->visits, ==, 10);
  g_assert_cmpuint (gch_figures_find_service (figures, "titres")->within_target, ==, 8);
  g_assert_cmpuint (gch_figures_find_service (figures, "permis")->appointment_no_shows, ==, 2);
  g_assert_cmpuint (gch_figures_find_agent (figures, "alice")->served, ==, 6);
  g_assert_cmpuint (figures->arrivals[9], ==, 6);
  g_assert_cmpuint (figures->mode_changes->len, ==, 4);

  /* A target of 5 minutes: only the three waits of 5 minutes a day. */
  {
    g_autoptr(GchTestResponse) strict =
      gch_test_server_request (server, "GET",
                               "/api/v1/figures?from=2026-03-10&to=2026-03-10&target=5",
                               supervisor, NULL);
    JsonObject *strict_total;

    g_assert_cmpuint (strict->status, ==, 200);
    strict_total = json_object_get_object_member (response_object (strict), "total");
    g_assert_cmpint (json_object_get_int_member (strict_total, "within-target"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (strict_total, "days"), ==, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/routes/documented", test_routes_documented);
  g_test_add_func ("/server/health", test_health);
  g_test_add_func ("/server/login/ok", test_login_ok);
  g_test_add_func ("/server/login/refused", test_login_refused);
  g_test_add_func ("/server/login/missing-fields", test_login_missing_fields);
  g_test_add_func ("/server/token/expiry", test_token_expiry);
  g_test_add_func ("/server/token/logout-revokes", test_logout_revokes);
  g_test_add_func ("/server/auth/every-route-needs-token", test_every_route_needs_token);
  g_test_add_func ("/server/roles/forbidden", test_roles_forbidden);
  g_test_add_func ("/server/roles/supervisor", test_roles_supervisor);
  g_test_add_func ("/server/requests/bad-bodies", test_bad_bodies);
  g_test_add_func ("/server/requests/too-large", test_too_large);
  g_test_add_func ("/server/requests/unknown-routes-and-methods", test_unknown_routes_and_methods);
  g_test_add_func ("/server/requests/raw-http", test_raw_http);
  g_test_add_func ("/server/requests/no-site", test_no_site);
  g_test_add_func ("/server/import/json", test_import_json);
  g_test_add_func ("/server/import/json-refused", test_import_json_refused);
  g_test_add_func ("/server/import/csv", test_import_csv);
  g_test_add_func ("/server/import/csv-bad-row", test_import_csv_bad_row);
  g_test_add_func ("/server/demo/day", test_demo_day);
  g_test_add_func ("/server/sync/operations", test_sync_operations);
  g_test_add_func ("/server/ticket-blocks/reserve", test_ticket_blocks);
  g_test_add_func ("/server/ticket-blocks/refused", test_ticket_blocks_refused);
  g_test_add_func ("/server/https", test_https);
  g_test_add_func ("/server/secrets/not-in-database", test_no_secret_in_database);
  g_test_add_func ("/server/cli", test_cli);
  g_test_add_func ("/server/figures", test_figures);

  status = g_test_run ();
  g_clear_pointer (&template, gch_test_server_free);

  return status;
}
