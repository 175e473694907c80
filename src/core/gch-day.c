/* gch-day.c
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

#define G_LOG_DOMAIN "gch-day"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "gch-agent.h"
#include "gch-appointment.h"
#include "gch-day.h"
#include "gch-callback.h"
#include "gch-guichet.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-site.h"

/**
 * gch_day_new:
 * @date: `YYYY-MM-DD`
 *
 * Returns: (transfer full): an empty day, with no site yet
 */
GchDay *
gch_day_new (const char *date)
{
  GchDay *self;

  g_return_val_if_fail (gch_day_parse_date (date, NULL, NULL, NULL), NULL);

  self = g_new0 (GchDay, 1);
  self->date = g_strdup (date);
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
  self->guichets = g_ptr_array_new_with_free_func (g_object_unref);
  self->agents = g_ptr_array_new_with_free_func (g_object_unref);
  self->appointments = g_ptr_array_new_with_free_func (g_object_unref);
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  /* call-backs */
  self->callbacks = g_ptr_array_new_with_free_func (g_object_unref);

  return self;
}

void
gch_day_free (GchDay *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->date, g_free);
  g_clear_object (&self->site);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->guichets, g_ptr_array_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->appointments, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->callbacks, g_ptr_array_unref);
  g_free (self);
}

/**
 * gch_day_parse_date:
 * @date: (nullable): a date written `YYYY-MM-DD`
 * @year: (out) (optional):
 * @month: (out) (optional):
 * @day: (out) (optional):
 *
 * Returns: %TRUE if @date is a real calendar date in that form
 */
gboolean
gch_day_parse_date (const char *date,
                    int        *year,
                    int        *month,
                    int        *day)
{
  int y, m, d;
  char tail;

  if (date == NULL || strlen (date) != 10)
    return FALSE;

  /* Digits only: sscanf alone also reads " 7" and "+7" as 07, and the date
   * is a key in the database.
   */
  for (guint i = 0; i < 10; i++)
    if ((i == 4 || i == 7) ? date[i] != '-' : !g_ascii_isdigit (date[i]))
      return FALSE;

  if (sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;

  if (year != NULL)
    *year = y;
  if (month != NULL)
    *month = m;
  if (day != NULL)
    *day = d;

  return TRUE;
}

/**
 * gch_day_date_of:
 *
 * Returns: (transfer full): the `YYYY-MM-DD` date of @unix_time in @tz
 */
char *
gch_day_date_of (GTimeZone *tz,
                 gint64     unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d");
}

/**
 * gch_day_local_time:
 * @minutes: minutes after local midnight
 *
 * Returns: the time @minutes after midnight of this day at the site, in
 *   seconds since the epoch
 */
gint64
gch_day_local_time (GchDay *self,
                    guint   minutes)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (GCH_IS_SITE (self->site), 0);

  g_return_val_if_fail (minutes <= 24 * 60, 0);

  gch_day_parse_date (self->date, &y, &m, &d);
  tz = gch_site_dup_time_zone (self->site);

  /* 24:00 is the next day's midnight, the end of this day. */
  if (minutes == 24 * 60)
    {
      g_autoptr(GDateTime) midnight = g_date_time_new (tz, y, m, d, 0, 0, 0);
      g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);

      return g_date_time_to_unix (next);
    }

  dt = g_date_time_new (tz, y, m, d, minutes / 60, minutes % 60, 0);
  return g_date_time_to_unix (dt);
}

/**
 * gch_day_find_service:
 *
 * Returns: (transfer none) (nullable): the service with @code
 */
GchService *
gch_day_find_service (GchDay     *self,
                      const char *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->services->len; i++)
    {
      GchService *service = g_ptr_array_index (self->services, i);

      if (g_strcmp0 (gch_service_get_code (service), code) == 0)
        return service;
    }

  return NULL;
}

/**
 * gch_day_find_guichet:
 *
 * Returns: (transfer none) (nullable): the guichet numbered @number
 */
GchGuichet *
gch_day_find_guichet (GchDay *self,
                      guint   number)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (self->guichets, i);

      if (gch_guichet_get_number (guichet) == number)
        return guichet;
    }

  return NULL;
}

/**
 * gch_day_find_agent:
 *
 * Returns: (transfer none) (nullable): the agent with @id
 */
GchAgent *
gch_day_find_agent (GchDay     *self,
                    const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->agents->len; i++)
    {
      GchAgent *agent = g_ptr_array_index (self->agents, i);

      if (g_strcmp0 (gch_agent_get_id (agent), id) == 0)
        return agent;
    }

  return NULL;
}

/**
 * gch_day_find_appointment:
 *
 * Returns: (transfer none) (nullable): the appointment with @reference
 */
GchAppointment *
gch_day_find_appointment (GchDay     *self,
                          const char *reference)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (self->appointments, i);

      if (g_strcmp0 (gch_appointment_get_reference (appointment), reference) == 0)
        return appointment;
    }

  return NULL;
}

/**
 * gch_day_current_for_guichet:
 *
 * Returns: (transfer none) (nullable): the person called to, or being served
 *   at, guichet @number
 */
GchQueueEntry *
gch_day_current_for_guichet (GchDay *self,
                             guint   number)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (self->entries, i);
      GchEntryState state = gch_queue_entry_get_state (entry);

      if (gch_queue_entry_get_guichet (entry) == number &&
          (state == GCH_ENTRY_STATE_CALLED || state == GCH_ENTRY_STATE_SERVING))
        return entry;
    }

  return NULL;
}

static gboolean
guichet_may_serve (GchGuichet    *guichet,
                   GchQueueEntry *entry)
{
  guint assigned = gch_queue_entry_get_guichet (entry);

  if (assigned != 0)
    return assigned == gch_guichet_get_number (guichet);

  /* PMR entries go only to accessible guichets. */
  if (gch_queue_entry_get_priority (entry) == GCH_PRIORITY_DISABILITY &&
      !gch_guichet_get_accessible (guichet))
    return FALSE;

  return gch_guichet_handles (guichet, gch_service_get_code (gch_queue_entry_get_service (entry)));
}

static int
compare_arrival (gconstpointer a,
                 gconstpointer b)
{
  gint64 ta = gch_queue_entry_get_arrived_at (*(GchQueueEntry **)a);
  gint64 tb = gch_queue_entry_get_arrived_at (*(GchQueueEntry **)b);

  return (ta > tb) - (ta < tb);
}

/**
 * gch_day_waiting_for_guichet:
 *
 * The people waiting in the hall whom guichet @number may call, first come
 * first.
 *
 * Returns: (transfer container) (element-type GchQueueEntry): the entries
 */
GPtrArray *
gch_day_waiting_for_guichet (GchDay *self,
                             guint   number)
{
  GPtrArray *waiting;
  GchGuichet *guichet;

  g_return_val_if_fail (self != NULL, NULL);

  waiting = g_ptr_array_new_with_free_func (g_object_unref);
  if ((guichet = gch_day_find_guichet (self, number)) == NULL)
    return waiting;

  for (guint i = 0; i < self->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (self->entries, i);

      if (gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING &&
          guichet_may_serve (guichet, entry))
        g_ptr_array_add (waiting, g_object_ref (entry));
    }

  g_ptr_array_sort (waiting, compare_arrival);

  return waiting;
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = gch_appointment_get_starts_at (*(GchAppointment **)a);
  gint64 tb = gch_appointment_get_starts_at (*(GchAppointment **)b);

  return (ta > tb) - (ta < tb);
}

/**
 * gch_day_expected_for_guichet:
 *
 * Today's appointments for guichet @number whose holder has not arrived
 * yet: those assigned to it, and unassigned ones for a service it handles.
 *
 * Returns: (transfer container) (element-type GchAppointment): the
 *   appointments, by start time
 */
GPtrArray *
gch_day_expected_for_guichet (GchDay *self,
                              guint   number)
{
  GPtrArray *expected;
  GchGuichet *guichet;

  g_return_val_if_fail (self != NULL, NULL);

  expected = g_ptr_array_new_with_free_func (g_object_unref);
  if ((guichet = gch_day_find_guichet (self, number)) == NULL)
    return expected;

  for (guint i = 0; i < self->appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (self->appointments, i);
      guint assigned = gch_appointment_get_guichet (appointment);
      const char *code = gch_service_get_code (gch_appointment_get_service (appointment));

      if (gch_appointment_get_status (appointment) != GCH_APPOINTMENT_STATUS_BOOKED)
        continue;

      if (assigned == number || (assigned == 0 && gch_guichet_handles (guichet, code)))
        g_ptr_array_add (expected, g_object_ref (appointment));
    }

  g_ptr_array_sort (expected, compare_start);

  return expected;
}

static int
compare_hours_by_crowd (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const double *crowd = user_data;
  int x = *(const int *)a, y = *(const int *)b;

  if (crowd[x] != crowd[y])
    return crowd[x] < crowd[y] ? -1 : 1;
  return x - y;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *)a - *(const int *)b;
}

/**
 * gch_day_dup_quiet_hours:
 * @now: the time now, in seconds since the epoch
 * @count: how many hours to suggest
 *
 * The quieter hours to come back at, later today: the hours left before
 * closing when the fewest walk-ins arrived on the earlier days.
 *
 * Returns: (transfer full) (nullable): “14:00–15:00, 16:00–17:00”, or %NULL
 *   when there are no earlier days to judge from, or no hour left
 */
char *
gch_day_dup_quiet_hours (GchDay *self,
                         gint64  now,
                         guint   count)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GString) text = NULL;
  int hours[24];
  guint n = 0, closes;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->site == NULL || self->past_days == 0 || count == 0)
    return NULL;

  tz = gch_site_dup_time_zone (self->site);
  utc = g_date_time_new_from_unix_utc (now);
  local = g_date_time_to_timezone (utc, tz);
  closes = gch_site_get_closes_at (self->site);

  /* Whole hours still to come before closing */
  for (int h = g_date_time_get_hour (local) + 1; h < 24 && (guint)(h + 1) * 60 <= closes; h++)
    if ((guint)h * 60 >= gch_site_get_opens_at (self->site))
      hours[n++] = h;

  if (n == 0)
    return NULL;

  g_qsort_with_data (hours, n, sizeof (int), compare_hours_by_crowd, self->past_walk_ins);
  n = MIN (n, count);
  qsort (hours, n, sizeof (int), compare_ints);

  /* Hours next to each other read as one stretch: 15:00–17:00. */
  text = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      guint end = i;

      while (end + 1 < n && hours[end + 1] == hours[end] + 1)
        end++;
      g_string_append_printf (text, "%s%02d:00–%02d:00", i > 0 ? ", " : "", hours[i], hours[end] + 1);
      i = end;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * gch_day_find_callback:
 * @id: a call-back's id
 *
 * Returns: (transfer none) (nullable): the call-back
 */
GchCallback *
gch_day_find_callback (GchDay     *self,
                       const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && i < self->callbacks->len; i++)
    if (g_strcmp0 (gch_callback_get_id (g_ptr_array_index (self->callbacks, i)), id) == 0)
      return g_ptr_array_index (self->callbacks, i);
  return NULL;
}
