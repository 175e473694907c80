/* gch-sim-run.h: a simulated day at a site, with faults on demand
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

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GchSimOptions:
 * @seed: the seed of every choice the simulator makes
 * @date: the demo day to play
 * @dir: (nullable): where the databases go, kept; %NULL for a temporary
 *   folder, removed when everything is ok
 * @stations: how many stations (station 1 also has the reception)
 * @rounds: how many stretches the day is cut into
 * @actions: actions per station and round
 * @sync_every: a sync round after this many actions
 * @kills: how many times to SIGKILL a station
 * @kill_window_ms: a kill comes at most this long after the last spawn
 * @restarts: how many times to stop the server for a round
 * @faults: (nullable): the proxy's weights, `pass=80,reset=10,…`
 * @verbose: show each station's closing line
 */
typedef struct
{
  guint32     seed;
  const char *date;
  const char *dir;
  guint       stations;
  guint       rounds;
  guint       actions;
  guint       sync_every;
  guint       kills;
  guint       kill_window_ms;
  guint       restarts;
  const char *faults;
  gboolean    verbose;
} GchSimOptions;

int gch_sim_run (const GchSimOptions *options);

G_END_DECLS
