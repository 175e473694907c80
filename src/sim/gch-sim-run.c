/* gch-sim-run.c
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

#define G_LOG_DOMAIN "gch-sim"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "guichet.h"
#include "gch-sim-proxy.h"
#include "gch-sim-report.h"
#include "gch-sim-run.h"
#include "gch-sim-server.h"

/* The day is cut into rounds. In each, every station is a child process
 * (`guichet-sim station`) that works its stretch of the day and syncs
 * through the fault proxy; the simulator SIGKILLs some of them at random
 * moments and starts them again, and in some rounds the server is down.
 * Then everything settles — server up, proxy clean, every station synced
 * twice — and the databases are checked (gch-sim-report.c).
 */

#define AGENT "sim.agent"
#define PASSWORD "sim-agent-password"
#define DAY_ENDS (16 * 60 + 30)

typedef struct
{
  const GchSimOptions *options;
  GRand               *rand;
  char                *dir;
  char                *program;
  char                *url;
  char                *token;
  GchSimServer        *server;
  GchSimProxy         *proxy;
  GPtrArray           *databases;   /* char*, NULL-terminated */
  GPtrArray           *actors;      /* char*, NULL-terminated */
  GSubprocess        **children;

  guint                kills;
  guint                restarts;
  guint                spawns;
} Run;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static GSubprocess *
spawn_station (Run     *run,
               guint    i,
               gint64   from,
               gint64   to,
               guint    actions,
               GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *guichet = g_strdup_printf ("%u", i + 1);
  g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (run->rand));
  g_autofree char *from_text = g_strdup_printf ("%" G_GINT64_FORMAT, from);
  g_autofree char *to_text = g_strdup_printf ("%" G_GINT64_FORMAT, to);
  g_autofree char *actions_text = g_strdup_printf ("%u", actions);
  g_autofree char *every = g_strdup_printf ("%u", run->options->sync_every);
  g_autoptr(GPtrArray) argv = NULL;

  launcher = g_subprocess_launcher_new (run->options->verbose ? G_SUBPROCESS_FLAGS_NONE
                                                               : G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  /* The token goes by the environment, never on a command line that any
   * user of the machine can read.
   */
  g_subprocess_launcher_setenv (launcher, "GUICHET_SIM_TOKEN", run->token, TRUE);
  run->spawns++;

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, run->program);
  g_ptr_array_add (argv, (gpointer)"station");
  g_ptr_array_add (argv, (gpointer)"--database");
  g_ptr_array_add (argv, g_ptr_array_index (run->databases, i));
  g_ptr_array_add (argv, (gpointer)"--url");
  g_ptr_array_add (argv, run->url);
  g_ptr_array_add (argv, (gpointer)"--actor");
  g_ptr_array_add (argv, g_ptr_array_index (run->actors, i));
  g_ptr_array_add (argv, (gpointer)"--guichet");
  g_ptr_array_add (argv, guichet);
  g_ptr_array_add (argv, (gpointer)"--seed");
  g_ptr_array_add (argv, seed);
  g_ptr_array_add (argv, (gpointer)"--from");
  g_ptr_array_add (argv, from_text);
  g_ptr_array_add (argv, (gpointer)"--to");
  g_ptr_array_add (argv, to_text);
  g_ptr_array_add (argv, (gpointer)"--actions");
  g_ptr_array_add (argv, actions_text);
  g_ptr_array_add (argv, (gpointer)"--sync-every");
  g_ptr_array_add (argv, every);
  /* One reception only: ticket numbers are not reserved in blocks yet. */
  if (i == 0)
    g_ptr_array_add (argv, (gpointer)"--reception");
  g_ptr_array_add (argv, NULL);

  return g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, error);
}

/* SIGKILLs station @i if it still runs; TRUE if the kill hit it. */
static gboolean
kill_station (Run   *run,
              guint  i)
{
  GSubprocess *child = run->children[i];

  if (child == NULL || g_subprocess_get_identifier (child) == NULL)
    return FALSE;

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);
  return g_subprocess_get_if_signaled (child) && g_subprocess_get_term_sig (child) == SIGKILL;
}

static gboolean
wait_all (Run     *run,
          GError **error)
{
  for (guint i = 0; i < run->options->stations; i++)
    {
      g_autoptr(GSubprocess) child = g_steal_pointer (&run->children[i]);

      if (child != NULL && !g_subprocess_wait_check (child, NULL, error))
        {
          g_prefix_error (error, _("Station %u: "), i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
play_round (Run     *run,
            gint64   from,
            gint64   to,
            guint    kills,
            GError **error)
{
  guint done = 0;

  for (guint i = 0; i < run->options->stations; i++)
    if (!(run->children[i] = spawn_station (run, i, from, to, run->options->actions, error)))
      return FALSE;

  /* A kill at a random moment, on a random station; the station starts
   * again at once, from what its database kept.
   */
  for (guint attempts = 0; done < kills && attempts < 4 * kills; attempts++)
    {
      guint i = g_rand_int_range (run->rand, 0, run->options->stations);

      g_usleep (1000 * g_rand_int_range (run->rand, 0, run->options->kill_window_ms + 1));
      if (kill_station (run, i))
        done++;
      else if (run->children[i] != NULL && !g_subprocess_wait_check (run->children[i], NULL, error))
        return FALSE;

      g_clear_object (&run->children[i]);
      if (!(run->children[i] = spawn_station (run, i, from, to, run->options->actions, error)))
        return FALSE;
    }

  run->kills += done;
  return wait_all (run, error);
}

/* Server up, proxy clean, every station synced twice: the second pass
 * brings each what the others sent after its first.
 */
static gboolean
settle (Run     *run,
        gint64   at,
        GError **error)
{
  guint weights[GCH_SIM_N_FAULTS] = { [GCH_SIM_FAULT_PASS] = 1 };

  gch_sim_proxy_set_weights (run->proxy, weights);
  if (!gch_sim_server_is_running (run->server) && !gch_sim_server_start (run->server, error))
    return FALSE;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < run->options->stations; i++)
      {
        g_autoptr(GSubprocess) child = spawn_station (run, i, at, at, 0, error);

        if (child == NULL || !g_subprocess_wait_check (child, NULL, error))
          return FALSE;
      }

  return TRUE;
}

static gboolean
set_up (Run     *run,
        GError **error)
{
  g_autofree char *server_db = g_build_filename (run->dir, "server.sqlite", NULL);
  g_autofree char *binary = gch_sim_find_program ("guichet-server", "GUICHET_SERVER");
  guint weights[GCH_SIM_N_FAULTS];

  if (binary == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("guichet-server was not found: set GUICHET_SERVER."));
      return FALSE;
    }

  run->server = gch_sim_server_new (binary, server_db);
  if (!g_file_test (server_db, G_FILE_TEST_EXISTS) &&
      (!gch_sim_server_command (run->server, NULL, error, "load-demo", "--date", run->options->date, NULL) ||
       !gch_sim_server_command (run->server, PASSWORD "\n", error, "add-agent", AGENT, "Agent Sim",
                                "agent", NULL)))
    return FALSE;

  if (!gch_sim_parse_faults (run->options->faults != NULL ? run->options->faults : "pass=1",
                             weights, error) ||
      !gch_sim_server_start (run->server, error) ||
      !(run->token = gch_sim_server_login (run->server, AGENT, PASSWORD, error)) ||
      !(run->proxy = gch_sim_proxy_new (gch_sim_server_get_port (run->server),
                                        g_rand_int (run->rand), error)))
    return FALSE;

  gch_sim_proxy_set_weights (run->proxy, weights);
  run->url = gch_sim_proxy_dup_url (run->proxy);

  /* Each station starts from the same demo day as the server. */
  for (guint i = 0; i < run->options->stations; i++)
    {
      g_autofree char *name = g_strdup_printf ("station-%u.sqlite", i + 1);
      char *path = g_build_filename (run->dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GchStore) store = gch_demo_create_store (path, GCH_DEMO_SEED, run->options->date,
                                                             GCH_DEMO_TIME, error);

          if (store == NULL)
            return FALSE;
        }
      g_ptr_array_add (run->databases, path);
      g_ptr_array_add (run->actors, g_strdup_printf ("sim-station-%u", i + 1));
    }

  return TRUE;
}

static gboolean
play_day (Run     *run,
          GError **error)
{
  const GchSimOptions *options = run->options;
  gint64 start = gch_demo_start_time (options->date, GCH_DEMO_TIME);
  gint64 end = gch_demo_start_time (options->date, DAY_ENDS);
  g_autofree gboolean *down = g_new0 (gboolean, options->rounds);

  /* The server is down for whole rounds, never the first: stations work
   * offline, then catch up. Rounds apart when they can be, so that each
   * is a stop and a start of its own.
   */
  for (guint r = 0; r < options->restarts && r < options->rounds - 1; r++)
    {
      guint round = 1;

      for (guint tries = 0; tries < 200; tries++)
        {
          round = g_rand_int_range (run->rand, 1, options->rounds);
          if (!down[round] && (tries >= 100 || (!down[round - 1] &&
                                                (round + 1 == options->rounds || !down[round + 1]))))
            break;
        }
      down[round] = TRUE;
    }

  for (guint r = 0; r < options->rounds; r++)
    {
      guint kills = options->kills / options->rounds + (r < options->kills % options->rounds ? 1 : 0);

      if (down[r] && gch_sim_server_is_running (run->server))
        {
          /* Half the time a clean stop, half a power cut. */
          if (!gch_sim_server_stop (run->server, g_rand_boolean (run->rand), error))
            return FALSE;
          run->restarts++;
        }
      else if (!down[r] && !gch_sim_server_is_running (run->server) &&
               !gch_sim_server_start (run->server, error))
        return FALSE;

      if (!play_round (run, start + (end - start) * r / options->rounds,
                       start + (end - start) * (r + 1) / options->rounds, kills, error))
        return FALSE;
    }

  return settle (run, end, error);
}

/**
 * gch_sim_run:
 *
 * Plays a day with @options, prints the report.
 *
 * Returns: the exit status: 0 when nothing was violated, 1 on a
 *   violation, 2 when the simulation itself failed
 */
int
gch_sim_run (const GchSimOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed);
  GchSimReport report = { 0 };
  Run run = { .options = options, .rand = rand };
  gint64 started = g_get_monotonic_time ();
  gboolean ok;

  g_print (_("seed: %u (replay with --seed %u)\n"), options->seed, options->seed);

  if (options->dir != NULL)
    run.dir = (g_mkdir_with_parents (options->dir, 0700) == 0) ? g_strdup (options->dir) : NULL;
  else
    run.dir = g_dir_make_tmp ("guichet-sim-XXXXXX", &error);
  run.program = g_file_read_link ("/proc/self/exe", NULL);
  run.databases = g_ptr_array_new_null_terminated (options->stations, g_free, TRUE);
  run.actors = g_ptr_array_new_null_terminated (options->stations, g_free, TRUE);
  run.children = g_new0 (GSubprocess *, options->stations);

  ok = run.dir != NULL && set_up (&run, &error) && play_day (&run, &error);

  /* The server's file is read once the server is stopped. */
  if (run.server != NULL && !gch_sim_server_stop (run.server, FALSE, ok ? &error : NULL))
    ok = FALSE;
  if (run.proxy != NULL)
    {
      gch_sim_proxy_close (run.proxy);
      g_print (_("requests passed: %u\n"), gch_sim_proxy_count (run.proxy, GCH_SIM_FAULT_PASS));
      g_print (_("requests delayed: %u\n"), gch_sim_proxy_count (run.proxy, GCH_SIM_FAULT_DELAY));
      g_print (_("requests truncated: %u\n"), gch_sim_proxy_count (run.proxy, GCH_SIM_FAULT_TRUNCATE));
      g_print (_("requests reset: %u\n"), gch_sim_proxy_count (run.proxy, GCH_SIM_FAULT_RESET));
      g_print (_("requests blackholed: %u\n"), gch_sim_proxy_count (run.proxy, GCH_SIM_FAULT_BLACKHOLE));
      g_print (_("requests corrupted: %u\n"), gch_sim_proxy_count (run.proxy, GCH_SIM_FAULT_CORRUPT));
    }
  g_print (_("stations: %u, rounds: %u, station processes: %u\n"), options->stations,
           options->rounds, run.spawns);
  g_print (_("station kills: %u\n"), run.kills);
  g_print (_("server restarts: %u\n"), run.restarts);

  if (ok)
    {
      g_autofree char *server_db = g_build_filename (run.dir, "server.sqlite", NULL);

      ok = gch_sim_report_check (&report, server_db, options->date,
                                 (const char * const *)run.databases->pdata,
                                 (const char * const *)run.actors->pdata, &error);
    }
  g_print (_("time: %.1f s\n"), (g_get_monotonic_time () - started) / 1e6);

  if (ok)
    gch_sim_report_print (&report);
  else
    g_printerr (_("guichet-sim: %s\n"), error != NULL ? error->message : _("the folder could not be made"));

  if (ok && gch_sim_report_ok (&report) && options->dir == NULL && run.dir != NULL)
    remove_tree (run.dir);
  else if (run.dir != NULL)
    g_print (_("databases kept in %s\n"), run.dir);

  for (guint i = 0; i < options->stations; i++)
    if (run.children[i] != NULL)
      {
        g_subprocess_force_exit (run.children[i]);
        g_clear_object (&run.children[i]);
      }
  g_free (run.children);
  g_clear_pointer (&run.server, gch_sim_server_free);
  g_clear_object (&run.proxy);
  g_ptr_array_unref (run.databases);
  g_ptr_array_unref (run.actors);
  g_free (run.token);
  g_free (run.url);
  g_free (run.program);
  g_free (run.dir);

  if (!ok)
    return 2;
  ok = gch_sim_report_ok (&report);
  gch_sim_report_clear (&report);
  return ok ? 0 : 1;
}
