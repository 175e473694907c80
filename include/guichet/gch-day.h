/* gch-day.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

/**
 * GchDay:
 * @date: the day, `YYYY-MM-DD` in the site's time zone
 * @site: the site
 * @services: (element-type GchService): the services offered
 * @guichets: (element-type GchGuichet): the guichets, by number
 * @agents: (element-type GchAgent): the agents
 * @appointments: (element-type GchAppointment): the day's appointments, by start time
 * @entries: (element-type GchQueueEntry): the day's queue entries, by arrival
 * @events: (element-type GchEvent): the day's events, in order
 * @callbacks: (element-type GchCallback): the people to call back, taken
 *   that day, by the time they were taken
 * @past_days: how many earlier days @past_walk_ins comes from
 * @past_walk_ins: the mean number of walk-ins who arrived in each hour of
 *   the day (local time) on the earlier days
 *
 * One day at a site, as the store holds it: what the screens show and what
 * the queue policy reads.
 */
struct _GchDay
{
  char      *date;
  GchSite   *site;
  GPtrArray *services;
  GPtrArray *guichets;
  GPtrArray *agents;
  GPtrArray *appointments;
  GPtrArray *entries;
  GPtrArray *events;
  GPtrArray *callbacks;
  guint      past_days;
  double     past_walk_ins[24];
};

GchDay         *gch_day_new                   (const char *date);
void            gch_day_free                  (GchDay     *self);
gboolean        gch_day_parse_date            (const char *date,
                                               int        *year,
                                               int        *month,
                                               int        *day);
char           *gch_day_date_of               (GTimeZone  *tz,
                                               gint64      unix_time);
gint64          gch_day_local_time            (GchDay     *self,
                                               guint       minutes);
GchService     *gch_day_find_service          (GchDay     *self,
                                               const char *code);
GchGuichet     *gch_day_find_guichet          (GchDay     *self,
                                               guint       number);
GchAgent       *gch_day_find_agent            (GchDay     *self,
                                               const char *id);
GchAppointment *gch_day_find_appointment      (GchDay     *self,
                                               const char *reference);
GchCallback    *gch_day_find_callback         (GchDay     *self,
                                               const char *id);
GchQueueEntry  *gch_day_current_for_guichet   (GchDay     *self,
                                               guint       number);
GPtrArray      *gch_day_waiting_for_guichet   (GchDay     *self,
                                               guint       number);
GPtrArray      *gch_day_expected_for_guichet  (GchDay     *self,
                                               guint       number);
char           *gch_day_dup_quiet_hours       (GchDay     *self,
                                               gint64      now,
                                               guint       count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchDay, gch_day_free)

G_END_DECLS
