/* main.c: guichet-server, the central booking server, and its admin commands
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

#define G_LOG_DOMAIN "guichet-server"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "gch-day.h"
#include "gch-demo.h"
#include "gch-enums.h"
#include "gch-server-auth.h"
#include "gch-server-db.h"
#include "gch-server-import.h"
#include "gch-server.h"
#include "gch-store.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"
#define TOKEN_LIFETIME_VARIABLE "GUICHET_SERVER_TOKEN_LIFETIME"

enum
{
  EXIT_OK,
  EXIT_FAILED,
  EXIT_USAGE,
};

typedef int (*Command) (int argc, char **argv);

/* Helpers */

G_GNUC_PRINTF (1, 2)
static void
say_error (const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: %s is an error message */
  g_printerr (_("guichet-server: %s\n"), message);
}

/* Parses the command's options; the positional arguments stay in argv. */
static gboolean
parse_options (const char    *command,
               const char    *parameters,
               const char    *summary,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               char         **database,
               int            n_positional)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_strdup_printf ("guichet-server %s", command);

  /* The help then reads "guichet-server import [OPTION…] FILE…". */
  g_set_prgname (program);
  context = g_option_context_new (parameters);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      say_error ("%s", error->message);
      return FALSE;
    }

  if (*database == NULL || *argc != n_positional + 1)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      if (*database == NULL)
        say_error (_("%s needs --database PATH"), command);
      else
        say_error ("%s", _("wrong number of arguments"));
      g_printerr ("\n%s", help);
      return FALSE;
    }

  return TRUE;
}

/* Reads one line of standard input, without its line break. On a terminal,
 * asks for it without showing what is typed. The password never goes on
 * the command line, where any user could read it in the process list.
 */
static GchServerSecret *
read_password (const char  *prompt,
               GError     **error)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  char *password;

  if (tty)
    {
      g_printerr ("%s", prompt);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  length = getline (&line, &capacity, stdin);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  if (length < 0)
    {
      free (line);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No password was given on standard input."));
      return NULL;
    }

  while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
    line[--length] = '\0';

  /* getline's buffer is malloc'd: copy it into GLib's, and wipe it. */
  password = g_strdup (line);
  explicit_bzero (line, capacity);
  free (line);

  return password;
}

static GInetSocketAddress *
parse_listen_address (const char  *text,
                      GError     **error)
{
  const char *colon = strrchr (text, ':');
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  guint64 port;

  if (colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an address to listen on: write it 127.0.0.1:PORT "
                     "(PORT 0 picks a free one)."),
                   text);
      return NULL;
    }

  host = g_strndup (text, colon - text);
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }

  address = g_inet_address_new_from_string (host);
  if (address == NULL || !g_inet_address_get_is_loopback (address))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a loopback address: guichet-server listens only on "
                     "127.0.0.1 (or another 127.x.x.x, or ::1)."),
                   host);
      return NULL;
    }

  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, port));
}

static gboolean
parse_token_lifetime (const char  *text,
                      guint       *seconds,
                      GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 7 * 24 * 60 * 60, &value, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a token lifetime: give a number of seconds from 1 to "
                     "604800 (a week)."),
                   text);
      return FALSE;
    }

  *seconds = value;
  return TRUE;
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* The RGPD job: once at start, then every day (DESIGN.md §7). */

typedef struct
{
  GchStore     *store;
  GchRetention  retention;
} EraseJob;

static gboolean
on_erase_personal_data_cb (gpointer user_data)
{
  EraseJob *job = user_data;
  g_autoptr(GError) error = NULL;
  guint erased = 0;

  if (!gch_store_erase_expired_personal_data (job->store, g_get_real_time () / G_USEC_PER_SEC,
                                              &job->retention, &erased, &error))
    g_warning ("The expired personal data could not be erased: %s", error->message);
  else if (erased > 0)
    g_message ("Erased the expired personal data of %u records", erased);

  return G_SOURCE_CONTINUE;
}

/* Commands */

static int
command_serve (int    argc,
               char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *lifetime = NULL;
  int feedback_retention_days = -1;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("The server’s database (required)"), N_("PATH") },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      N_("Where to listen: a loopback address and port (default 127.0.0.1:8080; "
         "port 0 picks a free one)"), N_("ADDRESS:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("Serve HTTPS with this certificate (PEM; with --tls-key)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      N_("The certificate’s private key (PEM)"), N_("FILE") },
    { "token-lifetime", 0, 0, G_OPTION_ARG_STRING, &lifetime,
      N_("How long a login’s token is valid (default 43200, 12 hours; or "
         "$GUICHET_SERVER_TOKEN_LIFETIME)"), N_("SECONDS") },
    { "feedback-retention-days", 0, 0, G_OPTION_ARG_INT, &feedback_retention_days,
      N_("How long a complainant’s contact is kept after the record is closed "
         "(default 365)"), N_("DAYS") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GchServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  guint token_lifetime = GCH_SERVER_TOKEN_LIFETIME_DEFAULT;
  const char *variable = g_getenv (TOKEN_LIFETIME_VARIABLE);
  guint sigint_id, sigterm_id, erase_id;
  EraseJob erase_job;

  if (!parse_options ("serve", "", _("Serves the HTTP API of the booking server."), entries,
                      &argc, &argv, &database, 0))
    return EXIT_USAGE;

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      say_error ("%s", _("--tls-cert and --tls-key go together"));
      return EXIT_USAGE;
    }

  if (!(address = parse_listen_address (listen != NULL ? listen : DEFAULT_LISTEN, &error)) ||
      (lifetime == NULL && variable != NULL &&
       !parse_token_lifetime (variable, &token_lifetime, &error)) ||
      (lifetime != NULL && !parse_token_lifetime (lifetime, &token_lifetime, &error)))
    {
      say_error ("%s", error->message);
      return EXIT_USAGE;
    }

  if (tls_cert != NULL &&
      !(certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error)))
    {
      say_error (_("The TLS certificate could not be loaded: %s"), error->message);
      return EXIT_FAILED;
    }

  if (!(store = gch_store_open (database, &error)) ||
      !(server = gch_server_new (store, &error)))
    {
      say_error ("%s", error->message);
      return EXIT_FAILED;
    }

  gch_server_set_token_lifetime (server, token_lifetime);

  if (!gch_server_listen (server, address, certificate, &error))
    {
      say_error (_("Could not listen on %s: %s"), listen != NULL ? listen : DEFAULT_LISTEN,
                 error->message);
      return EXIT_FAILED;
    }

  erase_job.store = store;
  gch_retention_init (&erase_job.retention);
  if (feedback_retention_days >= 0)
    erase_job.retention.feedback_days = feedback_retention_days;
  on_erase_personal_data_cb (&erase_job);
  erase_id = g_timeout_add_seconds (24 * 60 * 60, on_erase_personal_data_cb, &erase_job);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);

  /* Tests and scripts read this line to learn the port. */
  url = gch_server_dup_url (server);
  g_print ("listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_source_remove (erase_id);
  gch_server_disconnect (server);

  return EXIT_OK;
}

static int
command_add_agent (int    argc,
                   char **argv)
{
  g_autofree char *database = NULL;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("The server’s database (required)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GchServerDb) db = NULL;
  g_autoptr(GchServerSecret) password = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *prompt = NULL;
  const char *id, *name;
  int role;

  if (!parse_options ("add-agent", _("ID NAME ROLE"),
                      _("Adds an agent who can log in, or gives an agent a new password. "
                        "ROLE is agent, reception, supervisor or quality. The password is read from "
                        "standard input, never from the command line."),
                      entries, &argc, &argv, &database, 3))
    return EXIT_USAGE;

  id = argv[1];
  name = argv[2];

  if (!gch_server_auth_check_agent_id (id, &error))
    {
      say_error ("%s", error->message);
      return EXIT_USAGE;
    }

  if (name[0] == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      say_error ("%s", _("The agent’s name must be UTF-8 text, not empty."));
      return EXIT_USAGE;
    }

  if (!gch_enum_from_nick (GCH_TYPE_AGENT_ROLE, argv[3], &role))
    {
      say_error (_("“%s” is not a role: write agent, reception, supervisor or quality."), argv[3]);
      return EXIT_USAGE;
    }

  prompt = g_strdup_printf (_("Password for %s: "), id);
  if (!(password = read_password (prompt, &error)) ||
      !gch_server_auth_check_password (password, &error))
    {
      say_error ("%s", error->message);
      return EXIT_FAILED;
    }

  if (!(hash = gch_server_auth_hash_password (password, &error)) ||
      !(store = gch_store_open (database, &error)) ||
      !(db = gch_server_db_open (database, &error)) ||
      !gch_server_db_put_agent (db, id, name, role, hash, TRUE,
                                g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      say_error ("%s", error->message);
      return EXIT_FAILED;
    }

  /* Translators: the first %s is an agent's id, the second a role: supervisor */
  g_print (_("The agent %s (%s) can log in.\n"), id, argv[3]);
  return EXIT_OK;
}

static int
command_import (int    argc,
                char **argv)
{
  g_autofree char *database = NULL;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("The server’s database (required)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autofree char *date = NULL;
  g_autofree char *summary = NULL;
  guint count = 0;

  summary = g_strdup_printf (_("Imports a day’s appointments. Every row is checked first: a "
                               "file with any bad row is refused whole, with the line numbers, "
                               "and nothing is imported. CSV columns: %s (starts_at is the "
                               "site’s local time, HH:MM). JSON: {\"date\": \"YYYY-MM-DD\", "
                               "\"appointments\": [...]}, each appointment as the API writes "
                               "it."),
                             GCH_SERVER_IMPORT_CSV_HEADER);
  if (!parse_options ("import", _("FILE.json|FILE.csv"), summary, entries, &argc, &argv,
                      &database, 1))
    return EXIT_USAGE;

  if (!(store = gch_store_open (database, &error)) ||
      !gch_server_import_file (store, argv[1], &date, &count, &error))
    {
      say_error ("%s", error->message);
      return EXIT_FAILED;
    }

  /* Translators: %u is a count, %s a date: 2026-11-23 */
  g_print (ngettext ("Imported %u appointment for %s.\n",
                     "Imported %u appointments for %s.\n", count),
           count, date);
  return EXIT_OK;
}

static int
command_load_demo (int    argc,
                   char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *date = NULL;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("The server’s database (required)"), N_("PATH") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("The demo’s day (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GchDay) day = NULL;

  if (!parse_options ("load-demo", "",
                      _("Loads the demo site and its day, the one “guichet --demo” shows. A new "
                        "database also gets the week before and the register of suggestions and "
                        "complaints; an existing one keeps its agents and passwords, and gets the "
                        "day only."),
                      entries, &argc, &argv, &database, 0))
    return EXIT_USAGE;

  if (date == NULL)
    date = gch_demo_today ();
  else if (!gch_day_parse_date (date, NULL, NULL, NULL))
    {
      say_error (_("“%s” is not a date written YYYY-MM-DD."), date);
      return EXIT_USAGE;
    }

  /* gch_demo_create_store() starts from an empty file: only for a new one,
   * never over a database that may hold agents' credentials.
   */
  if (!g_file_test (database, G_FILE_TEST_EXISTS))
    {
      /* The register of the weeks before, with the contacts people gave:
       * the server is where a supervisor's station reads them.
       */
      if ((store = gch_demo_create_store (database, GCH_DEMO_SEED, date, GCH_DEMO_TIME, &error)) &&
          !gch_demo_add_register (store, GCH_DEMO_SEED, date, &error))
        g_clear_object (&store);
    }
  else if ((store = gch_store_open (database, &error)))
    {
      day = gch_demo_generate (GCH_DEMO_SEED, date, GCH_DEMO_TIME);
      if (!gch_store_import_day (store, day, &error))
        g_clear_object (&store);
    }

  if (store == NULL)
    {
      say_error ("%s", error->message);
      return EXIT_FAILED;
    }

  /* Translators: %s is a date: 2026-11-23 */
  g_print (_("Loaded the demo day %s.\n"), date);
  return EXIT_OK;
}

static int
command_prune_feed (int    argc,
                    char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *before = NULL;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("The server’s database (required)"), N_("PATH") },
    { "before", 0, 0, G_OPTION_ARG_STRING, &before,
      N_("The first day whose changes are kept (required)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autofree char *count = NULL;
  gint64 removed;

  if (!parse_options ("prune-feed", "",
                      _("Forgets the change feed of the days before a date, which the stations "
                        "no longer need. A station that had not pulled them loads its day again."),
                      entries, &argc, &argv, &database, 0))
    return EXIT_USAGE;

  if (before == NULL || !gch_day_parse_date (before, NULL, NULL, NULL))
    {
      say_error (_("“%s” is not a date written YYYY-MM-DD."), before != NULL ? before : "");
      return EXIT_USAGE;
    }

  if (!(store = gch_store_open (database, &error)) ||
      (removed = gch_store_prune_feed (store, before, &error)) < 0)
    {
      say_error ("%s", error->message);
      return EXIT_FAILED;
    }

  count = g_strdup_printf ("%" G_GINT64_FORMAT, removed);
  /* Translators: a number of changes, then a date: 2026-11-23 */
  g_print (_("Removed %s changes of the days before %s.\n"), count, before);
  return EXIT_OK;
}

static void
print_usage (void)
{
  g_printerr ("%s\n\n%s\n%s\n%s\n%s\n%s\n%s\n\n%s\n",
              _("Usage: guichet-server COMMAND [OPTION…]"),
              _("Commands:"),
              _("  serve --database PATH [--listen 127.0.0.1:PORT] "
                "[--tls-cert FILE --tls-key FILE]"),
              _("  add-agent --database PATH ID NAME ROLE    (the password on standard input)"),
              _("  import --database PATH FILE.json|FILE.csv"),
              _("  load-demo --database PATH [--date YYYY-MM-DD]"),
              _("  prune-feed --database PATH --before YYYY-MM-DD"),
              _("“guichet-server COMMAND --help” tells more about each."));
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    Command     run;
  } commands[] = {
    { "serve", command_serve },
    { "add-agent", command_add_agent },
    { "import", command_import },
    { "load-demo", command_load_demo },
    { "prune-feed", command_prune_feed },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("guichet-server");

  if (argc < 2)
    {
      print_usage ();
      return EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage ();
      return EXIT_OK;
    }

  say_error (_("“%s” is not a command."), argv[1]);
  print_usage ();
  return EXIT_USAGE;
}
