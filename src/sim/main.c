/* main.c: guichet-sim, a day simulator and fault harness on libguichet
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

#define G_LOG_DOMAIN "guichet-sim"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gch-sim-run.h"
#include "gch-sim-station.h"

enum
{
  EXIT_USAGE = 2,
};

static gboolean
parse (GOptionContext  *context,
       int             *argc,
       char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("guichet-sim: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

/* `guichet-sim station`: one station's stretch of the day, in a process
 * that the simulator may SIGKILL at any moment.
 */
static int
command_station (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *database = NULL, *url = NULL, *actor = NULL;
  gint64 from = 0, to = 0, seed = 0;
  int guichet = 0, actions = 0, sync_every = 1;
  gboolean reception = FALSE;
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, N_("The station’s database"), N_("PATH") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The server"), N_("URL") },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Who acts, in the history"), N_("NAME") },
    { "guichet", 0, 0, G_OPTION_ARG_INT, &guichet, N_("The station’s guichet"), N_("N") },
    { "reception", 0, 0, G_OPTION_ARG_NONE, &reception, N_("Also the reception"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The seed of the agents’ choices"), N_("N") },
    { "from", 0, 0, G_OPTION_ARG_INT64, &from, N_("The first action’s time"), N_("UNIX-TIME") },
    { "to", 0, 0, G_OPTION_ARG_INT64, &to, N_("The last action’s time"), N_("UNIX-TIME") },
    { "actions", 0, 0, G_OPTION_ARG_INT, &actions, N_("How many actions"), N_("N") },
    { "sync-every", 0, 0, G_OPTION_ARG_INT, &sync_every, N_("Sync after this many actions"), N_("N") },
    { NULL }
  };
  GchSimStationOptions options;

  g_option_context_set_summary (context, _("Works one station’s stretch of the day; the token "
                                           "comes in $GUICHET_SIM_TOKEN."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (database == NULL || url == NULL || actor == NULL || to < from || actions < 0 || guichet < 0)
    {
      g_printerr ("guichet-sim station: %s\n", _("--database, --url and --actor are needed"));
      return EXIT_USAGE;
    }

  options = (GchSimStationOptions) {
    .database = database, .url = url, .token = g_getenv ("GUICHET_SIM_TOKEN"), .actor = actor,
    .guichet = guichet, .reception = reception, .seed = (guint32)seed, .from = from, .to = to,
    .actions = actions, .sync_every = MAX (sync_every, 0),
  };
  return gch_sim_station_main (&options);
}

static int
command_run (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *date = NULL, *dir = NULL, *faults = NULL;
  gint64 seed = -1;
  int stations = 4, rounds = 10, actions = 20, sync_every = 2, kills = 0, restarts = 0;
  int kill_window = 60;
  gboolean verbose = FALSE;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Replay the run of this seed"), N_("N") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The demo day (default 2026-03-10)"), N_("YYYY-MM-DD") },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, N_("Keep the databases in this folder"), N_("PATH") },
    { "stations", 0, 0, G_OPTION_ARG_INT, &stations, N_("How many stations (default 4)"), N_("N") },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, N_("Stretches of the day (default 10)"), N_("N") },
    { "actions", 0, 0, G_OPTION_ARG_INT, &actions, N_("Actions per station and round (default 20)"), N_("N") },
    { "sync-every", 0, 0, G_OPTION_ARG_INT, &sync_every, N_("Sync after this many actions (default 2)"), N_("N") },
    { "kills", 0, 0, G_OPTION_ARG_INT, &kills, N_("SIGKILL stations this many times"), N_("N") },
    { "kill-window", 0, 0, G_OPTION_ARG_INT, &kill_window, N_("At most this long between kills (default 60)"), N_("MS") },
    { "restarts", 0, 0, G_OPTION_ARG_INT, &restarts, N_("Stop the server for this many rounds"), N_("N") },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults,
      N_("The proxy’s faults: pass=80,delay=5,truncate=5,reset=5,blackhole=0,corrupt=5"), N_("WEIGHTS") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Show each station process’s summary"), NULL },
    { NULL }
  };
  GchSimOptions options;

  g_option_context_set_summary (context, _("Plays a demo day at N stations against a real "
                                           "guichet-server, with faults, then checks that nothing "
                                           "was lost, applied twice or called twice, and that "
                                           "every station shows what the server has."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (stations < 1 || stations > 8 || rounds < 1 || actions < 0 || kills < 0 || restarts < 0 ||
      kill_window < 0 || seed > G_MAXUINT32)
    {
      g_printerr ("guichet-sim: %s\n", _("1 to 8 stations, at least one round, no negative counts"));
      return EXIT_USAGE;
    }

  options = (GchSimOptions) {
    .seed = seed >= 0 ? (guint32)seed : g_random_int (),
    .date = date != NULL ? date : "2026-03-10", .dir = dir, .stations = stations,
    .rounds = rounds, .actions = actions, .sync_every = sync_every, .kills = kills,
    .kill_window_ms = kill_window, .restarts = restarts, .faults = faults, .verbose = verbose,
  };
  return gch_sim_run (&options);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc >= 2 && g_str_equal (argv[1], "station"))
    {
      g_set_prgname ("guichet-sim station");
      return command_station (argc - 1, argv + 1);
    }
  if (argc >= 2 && g_str_equal (argv[1], "run"))
    return command_run (argc - 1, argv + 1);

  return command_run (argc, argv);
}
