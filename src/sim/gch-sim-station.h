/* gch-sim-station.h: one simulated station, as a process of its own
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

#include "guichet.h"

G_BEGIN_DECLS

/**
 * GchSimStationOptions:
 * @database: the station's database, made from the demo day
 * @url: the server, or the fault proxy in front of it
 * @token: the agent's token
 * @actor: who acts, as the history records it; one per station
 * @guichet: the station's guichet; 0 for none
 * @reception: whether the station also checks people in and issues tickets
 * @seed: the seed of what the agents do
 * @from: when the first action happens (seconds since the epoch)
 * @to: when the last one happens
 * @actions: how many actions
 * @sync_every: a sync round after this many actions
 */
typedef struct
{
  const char *database;
  const char *url;
  const char *token;
  const char *actor;
  guint       guichet;
  gboolean    reception;
  guint32     seed;
  gint64      from;
  gint64      to;
  guint       actions;
  guint       sync_every;
} GchSimStationOptions;

int        gch_sim_station_main (const GchSimStationOptions  *options);
gboolean   gch_sim_call_next    (GchStation                  *station,
                                 GchSync                     *sync,
                                 guint                        guichet,
                                 GError                     **error);

G_END_DECLS
