/* gch-figures.h: the figures of a day or of a period, from the event history
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

#include <json-glib/json-glib.h>

#include "gch-types.h"

G_BEGIN_DECLS

/* The longest period a report covers: a year, leap or not. */
#define GCH_FIGURES_MAX_DAYS 366

/**
 * GchFiguresLine:
 * @key: a service's code or an agent's id; %NULL for the total
 * @label: the service's or the agent's name
 * @visits: the people who came for it; a person transferred is one visit
 * @served: the services finished (outcome served, incomplete or redirected)
 * @called: the people called, whose wait is known
 * @within_target: of them, those called within the target wait
 * @wait_seconds: their waits, from arrival to first call, added up
 * @timed: the services finished whose start is known
 * @service_seconds: their durations, from start to finish, added up
 * @no_shows: the people marked no-show, each counted once
 * @walk_outs: the people who left before being called
 * @appointments_due: the appointments not cancelled
 * @appointment_no_shows: of them, those marked no-show
 * @days: the days it had visits or appointments
 * @ratings: the services rated, per face: `ratings[0]` very satisfied,
 *   `ratings[1]` satisfied, `ratings[2]` not very satisfied, `ratings[3]`
 *   not satisfied (a #GchSatisfaction minus one)
 *
 * Counts and sums only, so that days add up into a period; the means and
 * shares come from the functions below.
 */
typedef struct
{
  char   *key;
  char   *label;
  guint   visits;
  guint   served;
  guint   called;
  guint   within_target;
  gint64  wait_seconds;
  guint   timed;
  gint64  service_seconds;
  guint   no_shows;
  guint   walk_outs;
  guint   appointments_due;
  guint   appointment_no_shows;
  guint   days;
  guint   ratings[4];
} GchFiguresLine;

/**
 * GchModeChange:
 * @at: when, in seconds since the epoch
 * @mode: the mode the site went into
 * @actor: (nullable): the supervisor who changed it
 */
typedef struct
{
  gint64       at;
  GchSiteMode  mode;
  char        *actor;
} GchModeChange;

/**
 * GchFigures:
 * @from: the first day, `YYYY-MM-DD`
 * @to: the last day, included; @from for a day's figures
 * @site_code: (nullable): the site's code
 * @site_name: (nullable): the site's name
 * @timezone: (nullable): the site's time zone, in which hours are counted
 * @target_minutes: the target wait
 * @arrivals: visits by local hour of arrival
 * @served: services finished by local hour of finish
 * @total: every service together
 * @services: (element-type GchFiguresLine): one line per service, in the
 *   site's order
 * @agents: (element-type GchFiguresLine): one line per agent who finished
 *   a service, by id
 * @mode_changes: (element-type GchModeChange): in order
 *
 * Hours are the site's wall-clock hours, 0 to 23: on the night the clocks
 * go back, hour 2 holds two real hours; on the night they go forward, it
 * holds none. Durations are always real seconds.
 */
typedef struct
{
  char           *from;
  char           *to;
  char           *site_code;
  char           *site_name;
  char           *timezone;
  guint           target_minutes;
  guint           arrivals[24];
  guint           served[24];
  GchFiguresLine  total;
  GPtrArray      *services;
  GPtrArray      *agents;
  GPtrArray      *mode_changes;
} GchFigures;

double          gch_figures_line_get_mean_wait      (const GchFiguresLine  *line);
double          gch_figures_line_get_mean_service   (const GchFiguresLine  *line);
double          gch_figures_line_get_within_share   (const GchFiguresLine  *line);
double          gch_figures_line_get_no_show_rate   (const GchFiguresLine  *line);
guint           gch_figures_line_get_rated          (const GchFiguresLine  *line);
double          gch_figures_line_get_satisfaction_rate (const GchFiguresLine *line);

GchFigures     *gch_figures_new                     (const char            *from,
                                                     const char            *to,
                                                     guint                  target_minutes);
void            gch_figures_free                    (GchFigures            *self);
void            gch_figures_add_day                 (GchFigures            *self,
                                                     GchDay                *day);
GchFigures     *gch_figures_new_for_day             (GchDay                *day,
                                                     guint                  target_minutes);
gboolean        gch_figures_check_period            (const char            *from,
                                                     const char            *to,
                                                     gint64                 target_minutes,
                                                     GError               **error);
GchFigures     *gch_figures_load_period             (GchStore              *store,
                                                     const char            *from,
                                                     const char            *to,
                                                     const char            *until,
                                                     guint                  target_minutes,
                                                     GError               **error);
gboolean        gch_figures_is_day                  (GchFigures            *self);
GchFiguresLine *gch_figures_find_service            (GchFigures            *self,
                                                     const char            *code);
GchFiguresLine *gch_figures_find_agent              (GchFigures            *self,
                                                     const char            *id);

JsonNode       *gch_figures_to_json                 (GchFigures            *self);
GchFigures     *gch_figures_from_json               (JsonNode              *node,
                                                     GError               **error);
char           *gch_figures_to_csv                  (GchFigures            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchFigures, gch_figures_free)

G_END_DECLS
