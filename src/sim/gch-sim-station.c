/* gch-sim-station.c
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

#define G_LOG_DOMAIN "gch-sim-station"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gch-sim-station.h"

/* What the agents of one station do for a stretch of the day, with the
 * real core: each action is gch_station_run() (one local transaction and
 * one outbox operation), on a frozen clock moved forward action by
 * action, and the real sync with the server every few actions. It runs in
 * a process of its own so that the simulator can SIGKILL it anywhere.
 */
typedef struct
{
  const GchSimStationOptions *options;
  GchStation                 *station;
  GchSync                    *sync;
  GRand                      *rand;
  char                       *date;

  /* What happened, for the closing line */
  guint                       done;
  guint                       refused;
  guint                       syncs;
  guint                       failed_syncs;
  guint                       conflicts;
  gint64                      sync_time;   /* µs spent in sync rounds */

  gint64                      serving_until; /* the person at the counter is done then */
} Sim;

/**
 * gch_sim_call_next:
 * @guichet: the guichet calling
 *
 * "Call next" at @guichet as the desk does it: online, the server decides
 * (gch_sync_call_next()) and the call comes down with the feed; when the
 * server does not answer, the station calls offline, among the people of
 * its own guichet or issued here, and says it is offline from then on.
 *
 * Returns: %TRUE when someone was called, or %FALSE with @error set
 */
gboolean
gch_sim_call_next (GchStation  *station,
                   GchSync     *sync,
                   guint        guichet,
                   GError     **error)
{
  GchRequest request = { .action = GCH_ACTION_CALL_NEXT, .guichet = guichet };
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *ticket = NULL;

  if (gch_station_get_online (station))
    {
      ticket = gch_sync_call_next (sync, guichet, gch_clock_now (gch_station_get_clock (station)),
                                   NULL, NULL, &local);
      if (ticket != NULL)
        {
          GchDay *day = gch_store_load_day (gch_station_get_store (station),
                                            gch_station_get_day (station)->date, error);

          if (day != NULL)
            gch_station_set_day (station, day);
          return day != NULL;
        }
      if (!g_error_matches (local, GCH_ERROR, GCH_ERROR_UNREACHABLE))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      gch_station_set_online (station, FALSE);
    }

  change = gch_station_run (station, &request, error);
  return change != NULL;
}

static gboolean
act_at_guichet (Sim     *sim,
                GError **error)
{
  GchDay *day = gch_station_get_day (sim->station);
  guint number = sim->options->guichet;
  GchGuichet *guichet = gch_day_find_guichet (day, number);
  GchQueueEntry *current = gch_day_current_for_guichet (day, number);
  gint64 now = gch_clock_now (gch_station_get_clock (sim->station));
  guint dice = g_rand_int_range (sim->rand, 0, 100);
  GchRequest request = { .guichet = number };
  g_autoptr(GchChange) change = NULL;

  if (guichet != NULL && gch_guichet_get_state (guichet) != GCH_GUICHET_STATE_OPEN)
    request.action = GCH_ACTION_OPEN_GUICHET;
  else if (current == NULL)
    return gch_sim_call_next (sim->station, sim->sync, number, error);
  else if (gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED)
    request.action = dice < 85 ? GCH_ACTION_START_SERVICE
                   : dice < 95 ? GCH_ACTION_NO_SHOW : GCH_ACTION_RECALL;
  else if (now < sim->serving_until)
    /* Still serving: the agent's time goes to the person at the counter. */
    return TRUE;
  else
    {
      request.action = GCH_ACTION_FINISH_SERVICE;
      request.outcome = dice < 90 ? "served" : "redirected";
    }

  change = gch_station_run (sim->station, &request, error);
  /* A service lasts about its typical duration, from half to one and a half. */
  if (change != NULL && request.action == GCH_ACTION_START_SERVICE)
    sim->serving_until = now + (gint64) (gch_service_get_typical_minutes (
                                           gch_queue_entry_get_service (current)) * 60 *
                                         g_rand_double_range (sim->rand, 0.5, 1.5));
  return change != NULL;
}

/* What the ticket says: the wait the queue policy plans for the new entry,
 * next to a naive estimate (the people waiting for the service before it,
 * times its typical duration, shared by its open guichets), kept beside
 * the database for the report to hold against what happened. A line lost
 * to a kill only leaves that ticket out of the measure.
 */
static void
note_estimate (Sim       *sim,
               GchChange *change)
{
  GchDay *day = gch_station_get_day (sim->station);
  GchQueueEntry *entry = gch_change_get_entry (change);
  gint64 now = gch_clock_now (gch_station_get_clock (sim->station));
  g_autoptr(GchQueuePlan) plan = NULL;
  g_autofree char *path = NULL;
  g_autofree char *line = NULL;
  const GchPlacement *placement;
  GchService *service;
  guint ahead = 0, open = 0;
  FILE *file;

  if (entry == NULL)
    return;

  plan = gch_policy_plan (day, gch_station_get_settings (sim->station), now);
  if (!(placement = gch_queue_plan_lookup (plan, entry)) || placement->called_at < now)
    return;

  service = gch_queue_entry_get_service (entry);
  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *other = g_ptr_array_index (day->entries, i);

      ahead += other != entry && gch_queue_entry_get_service (other) == service &&
               gch_queue_entry_get_state (other) == GCH_ENTRY_STATE_WAITING;
    }
  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, i);

      open += gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_OPEN &&
              g_strv_contains (gch_guichet_get_services (guichet), gch_service_get_code (service));
    }

  path = g_strconcat (sim->options->database, ".estimates", NULL);
  line = g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n",
                          gch_queue_entry_get_ticket (entry), placement->called_at - now,
                          (gint64) ahead * gch_service_get_typical_minutes (service) * 60 / MAX (open, 1));
  if ((file = fopen (path, "a")) != NULL)
    {
      fputs (line, file);
      fclose (file);
    }
}

/* The reception checks in someone whose appointment is near, or issues a
 * walk-in ticket. Only one station has the reception: ticket numbers are
 * not reserved in blocks yet, and two receptions would collide.
 */
static gboolean
act_at_reception (Sim     *sim,
                  GError **error)
{
  GchDay *day = gch_station_get_day (sim->station);
  gint64 now = gch_clock_now (gch_station_get_clock (sim->station));
  GchRequest request = { 0 };
  g_autoptr(GchChange) change = NULL;

  if (g_rand_boolean (sim->rand))
    for (guint i = 0; i < day->appointments->len; i++)
      {
        GchAppointment *appointment = g_ptr_array_index (day->appointments, i);
        gint64 starts = gch_appointment_get_starts_at (appointment);

        if (gch_appointment_get_status (appointment) == GCH_APPOINTMENT_STATUS_BOOKED &&
            starts > now - 10 * 60 && starts < now + 30 * 60 &&
            g_rand_int_range (sim->rand, 0, 4) != 0)
          {
            request.action = GCH_ACTION_CHECK_IN;
            request.reference = gch_appointment_get_reference (appointment);
            if ((change = gch_station_run (sim->station, &request, error)))
              note_estimate (sim, change);
            return change != NULL;
          }
      }

  request.action = GCH_ACTION_ISSUE_TICKET;
  request.priority = g_rand_int_range (sim->rand, 0, 10) == 0 ? GCH_PRIORITY_ELDERLY : GCH_PRIORITY_NONE;
  for (guint tries = 0; tries < 10 && request.service == NULL; tries++)
    {
      GchService *service = g_ptr_array_index (day->services,
                                               g_rand_int_range (sim->rand, 0, day->services->len));

      if (gch_service_get_accepts_walk_ins (service))
        request.service = gch_service_get_code (service);
    }
  if (request.service == NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_EMPTY, "No service takes walk-ins.");
      return FALSE;
    }

  if ((change = gch_station_run (sim->station, &request, error)))
    note_estimate (sim, change);
  return change != NULL;
}

/* The screen shows the store: after a sync, the day is read again. */
static void
reload (Sim *sim)
{
  g_autoptr(GError) error = NULL;
  GchDay *day = gch_store_load_day (gch_station_get_store (sim->station), sim->date, &error);

  if (day == NULL)
    g_warning ("The day could not be read again: %s", error->message);
  else
    gch_station_set_day (sim->station, day);
}

static gboolean
sync_once (Sim *sim)
{
  g_autoptr(GError) error = NULL;
  GchSyncReport report = { 0 };
  gint64 started = g_get_monotonic_time ();
  gboolean ok = gch_sync_run (sim->sync, &report, NULL, &error);

  sim->sync_time += g_get_monotonic_time () - started;
  sim->syncs++;
  sim->conflicts += report.refused;
  if (!ok)
    {
      sim->failed_syncs++;
      g_debug ("%s: sync failed: %s", sim->options->actor, error->message);
    }
  /* Offline rules while the server does not answer (DESIGN.md §6). */
  gch_station_set_online (sim->station, ok || !g_error_matches (error, GCH_ERROR, GCH_ERROR_UNREACHABLE));

  /* Even a round that failed may have applied pages of the feed. */
  reload (sim);
  return ok;
}

/**
 * gch_sim_station_main:
 *
 * Runs @options' actions, then a last sync round: a stretch of the day
 * at one station. With no actions, only syncs, until one goes through
 * or five have failed.
 *
 * Returns: the process's exit status: 0, or 1 when the database could
 *   not be opened
 */
int
gch_sim_station_main (const GchSimStationOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GchClock) clock = NULL;
  g_autoptr(GchStation) station = NULL;
  g_autoptr(GchSync) sync = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed);
  g_autofree char *date = NULL;
  gint64 from = options->from;
  gint64 started = g_get_monotonic_time ();
  Sim sim = { .options = options, .rand = rand };

  if (!(store = gch_store_open (options->database, &error)))
    {
      g_printerr ("%s: %s\n", options->actor, error->message);
      return 1;
    }

  clock = gch_clock_new_frozen (options->from);
  station = gch_station_new (store, clock, options->actor);
  sync = gch_sync_new (store, options->url, options->token);
  date = gch_store_dup_date_at (store, options->from);
  gch_sync_set_date (sync, date);
  gch_station_set_sync (station, sync);
  sim.station = station;
  sim.sync = sync;
  sim.date = date;
  reload (&sim);

  /* Started again after a kill: the clock never goes back on what this
   * station already did.
   */
  for (guint i = 0; i < gch_station_get_day (station)->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (gch_station_get_day (station)->events, i);

      if (g_strcmp0 (gch_event_get_actor (event), options->actor) == 0)
        from = MAX (from, gch_event_get_at (event));
    }

  for (guint i = 0; i < options->actions; i++)
    {
      g_autoptr(GError) refusal = NULL;
      gboolean done;
      gboolean at_reception = options->reception &&
                              (options->guichet == 0 || g_rand_int_range (rand, 0, 3) != 0);

      gch_clock_set_frozen (clock, from + (MAX (options->to, from) - from) * i / options->actions);
      done = at_reception ? act_at_reception (&sim, &refusal) : act_at_guichet (&sim, &refusal);
      if (done)
        sim.done++;
      else
        {
          /* Nobody to call, a cap reached, a record the feed moved on:
           * what an agent sees as a message; the day goes on.
           */
          sim.refused++;
          g_debug ("%s: %s", options->actor, refusal->message);
        }

      if (options->sync_every > 0 && (i + 1) % options->sync_every == 0)
        sync_once (&sim);
    }

  gch_clock_set_frozen (clock, MAX (options->to, from));
  for (guint tries = 0; !sync_once (&sim) && options->actions == 0 && tries < 4; tries++)
    g_usleep (200 * 1000);

  g_print ("%s: %u actions, %u refused, %u syncs (%u failed), %u conflicts, %" G_GINT64_FORMAT
           " waiting, %d%% of the time in sync\n", options->actor, sim.done, sim.refused, sim.syncs,
           sim.failed_syncs, sim.conflicts, gch_store_count_outbox (store),
           (int)(100 * sim.sync_time / MAX (g_get_monotonic_time () - started, 1)));
  return 0;
}
