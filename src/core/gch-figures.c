/* gch-figures.c: the figures of a day or of a period, from the event history
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

/* What the figures count, read from a day's entries, appointments and
 * events only (the events are what each action of gch-station.c writes):
 *
 * - a visit is an entry that was not transferred from another one: a
 *   person sent to another service or guichet gets a new entry, but came
 *   once;
 * - a wait runs from an entry's arrival to its first call (its first event
 *   into "called"); a person transferred waits again, and that second wait
 *   counts for the service they waited for;
 * - a service runs from the last start ("serving") to the finish ("done"),
 *   and belongs to the agent who finished it (the event's actor), in the
 *   hour it finished;
 * - a no-show is an entry marked no-show, or an appointment marked no-show
 *   without such an entry: one person, counted once;
 * - a walk-out is an entry that left;
 * - a change of mode is an event of record kind "site".
 *
 * Everything is kept as counts and sums, so that days add up into a
 * quarter without averaging averages.
 */

#define G_LOG_DOMAIN "gch-figures"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gch-agent.h"
#include "gch-appointment.h"
#include "gch-day.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-event.h"
#include "gch-figures.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-site.h"
#include "gch-store.h"

/* Lines */

static GchFiguresLine *
line_new (const char *key,
          const char *label)
{
  GchFiguresLine *line = g_new0 (GchFiguresLine, 1);

  line->key = g_strdup (key);
  line->label = g_strdup (label);
  return line;
}

static void
line_clear (GchFiguresLine *line)
{
  g_clear_pointer (&line->key, g_free);
  g_clear_pointer (&line->label, g_free);
}

static void
line_free (GchFiguresLine *line)
{
  line_clear (line);
  g_free (line);
}

static void
mode_change_free (GchModeChange *change)
{
  g_free (change->actor);
  g_free (change);
}

/**
 * gch_figures_line_get_mean_wait:
 *
 * Returns: the mean wait in minutes, or NAN when nobody was called
 */
double
gch_figures_line_get_mean_wait (const GchFiguresLine *line)
{
  g_return_val_if_fail (line != NULL, NAN);

  return line->called > 0 ? line->wait_seconds / 60.0 / line->called : NAN;
}

/**
 * gch_figures_line_get_mean_service:
 *
 * Returns: the mean service time in minutes, or NAN when none is known
 */
double
gch_figures_line_get_mean_service (const GchFiguresLine *line)
{
  g_return_val_if_fail (line != NULL, NAN);

  return line->timed > 0 ? line->service_seconds / 60.0 / line->timed : NAN;
}

/**
 * gch_figures_line_get_within_share:
 *
 * Returns: the share, from 0 to 1, of the people called who were called
 *   within the target wait, or NAN when nobody was called
 */
double
gch_figures_line_get_within_share (const GchFiguresLine *line)
{
  g_return_val_if_fail (line != NULL, NAN);

  return line->called > 0 ? (double)line->within_target / line->called : NAN;
}

/**
 * gch_figures_line_get_no_show_rate:
 *
 * Returns: the share, from 0 to 1, of the appointments due that were
 *   missed, or NAN when none was due
 */
double
gch_figures_line_get_no_show_rate (const GchFiguresLine *line)
{
  g_return_val_if_fail (line != NULL, NAN);

  return line->appointments_due > 0
         ? (double)line->appointment_no_shows / line->appointments_due : NAN;
}

/**
 * gch_figures_line_get_rated:
 *
 * Returns: the services the people rated, whatever the face
 */
guint
gch_figures_line_get_rated (const GchFiguresLine *line)
{
  g_return_val_if_fail (line != NULL, 0);

  return line->ratings[0] + line->ratings[1] + line->ratings[2] + line->ratings[3];
}

/**
 * gch_figures_line_get_satisfaction_rate:
 *
 * The satisfaction rate of Qual-e-pref 3.2: of the services rated, the
 * share rated very satisfied or satisfied.
 *
 * Returns: the share, from 0 to 1, or NAN when nobody rated
 */
double
gch_figures_line_get_satisfaction_rate (const GchFiguresLine *line)
{
  guint rated;

  g_return_val_if_fail (line != NULL, NAN);

  rated = gch_figures_line_get_rated (line);
  return rated > 0 ? (double)(line->ratings[0] + line->ratings[1]) / rated : NAN;
}

static void
line_add (GchFiguresLine       *to,
          const GchFiguresLine *from)
{
  for (guint i = 0; i < G_N_ELEMENTS (to->ratings); i++)
    to->ratings[i] += from->ratings[i];
  to->visits += from->visits;
  to->served += from->served;
  to->called += from->called;
  to->within_target += from->within_target;
  to->wait_seconds += from->wait_seconds;
  to->timed += from->timed;
  to->service_seconds += from->service_seconds;
  to->no_shows += from->no_shows;
  to->walk_outs += from->walk_outs;
  to->appointments_due += from->appointments_due;
  to->appointment_no_shows += from->appointment_no_shows;
  to->days += from->days;
}

/* Figures */

/**
 * gch_figures_new:
 * @from: the first day, `YYYY-MM-DD`
 * @to: the last day, included
 * @target_minutes: the target wait
 *
 * Returns: (transfer full): empty figures, for gch_figures_add_day()
 */
GchFigures *
gch_figures_new (const char *from,
                 const char *to,
                 guint       target_minutes)
{
  GchFigures *self = g_new0 (GchFigures, 1);

  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->target_minutes = target_minutes;
  self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  self->agents = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  self->mode_changes = g_ptr_array_new_with_free_func ((GDestroyNotify) mode_change_free);
  return self;
}

void
gch_figures_free (GchFigures *self)
{
  if (self == NULL)
    return;

  g_free (self->from);
  g_free (self->to);
  g_free (self->site_code);
  g_free (self->site_name);
  g_free (self->timezone);
  line_clear (&self->total);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->mode_changes, g_ptr_array_unref);
  g_free (self);
}

static GchFiguresLine *
find_line (GPtrArray  *lines,
           const char *key)
{
  for (guint i = 0; key != NULL && i < lines->len; i++)
    {
      GchFiguresLine *line = g_ptr_array_index (lines, i);

      if (g_strcmp0 (line->key, key) == 0)
        return line;
    }

  return NULL;
}

/**
 * gch_figures_find_service:
 *
 * Returns: (transfer none) (nullable): the line of service @code
 */
GchFiguresLine *
gch_figures_find_service (GchFigures *self,
                          const char *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  return find_line (self->services, code);
}

/**
 * gch_figures_find_agent:
 *
 * Returns: (transfer none) (nullable): the line of agent @id
 */
GchFiguresLine *
gch_figures_find_agent (GchFigures *self,
                        const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  return find_line (self->agents, id);
}

/**
 * gch_figures_is_day:
 *
 * Returns: %TRUE when the figures are of one day
 */
gboolean
gch_figures_is_day (GchFigures *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_strcmp0 (self->from, self->to) == 0;
}

static GchFiguresLine *
line_for (GPtrArray  *lines,
          const char *key,
          const char *label)
{
  GchFiguresLine *line = find_line (lines, key);

  if (line == NULL)
    {
      line = line_new (key, label);
      g_ptr_array_add (lines, line);
    }

  return line;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const GchFiguresLine *la = *(const GchFiguresLine **)a;
  const GchFiguresLine *lb = *(const GchFiguresLine **)b;

  return g_strcmp0 (la->key, lb->key);
}

/* What the events say of one entry. */
typedef struct
{
  gint64      first_call;
  gint64      first_start;
  gint64      last_start;
  gint64      done_at;
  const char *done_by;
} Track;

static int
local_hour (GTimeZone *tz,
            gint64     t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return -1;
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_get_hour (local);
}

static GHashTable *
track_entries (GchDay *day)
{
  GHashTable *tracks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);
      const char *to = gch_event_get_to_state (event);
      const char *from = gch_event_get_from_state (event);
      gint64 at = gch_event_get_at (event);
      Track *track;

      if (!g_str_equal (gch_event_get_record_kind (event), "entry") ||
          g_strcmp0 (from, to) == 0)
        continue;

      track = g_hash_table_lookup (tracks, gch_event_get_record_id (event));
      if (track == NULL)
        {
          track = g_new0 (Track, 1);
          g_hash_table_insert (tracks, (gpointer)gch_event_get_record_id (event), track);
        }

      if (g_str_equal (to, "called") && (track->first_call == 0 || at < track->first_call))
        track->first_call = at;
      else if (g_str_equal (to, "serving"))
        {
          if (track->first_start == 0 || at < track->first_start)
            track->first_start = at;
          if (at > track->last_start)
            track->last_start = at;
        }
      else if (g_str_equal (to, "done"))
        {
          track->done_at = at;
          track->done_by = gch_event_get_actor (event);
        }
    }

  return tracks;
}

/**
 * gch_figures_add_day:
 * @day: a day, with its site
 *
 * Adds the figures of @day. The site's time zone tells the hours.
 */
void
gch_figures_add_day (GchFigures *self,
                     GchDay     *day)
{
  g_autoptr(GHashTable) tracks = NULL;
  g_autoptr(GHashTable) no_show_appointments = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  GchFiguresLine today = { 0 };
  gint64 target;

  g_return_if_fail (self != NULL);
  g_return_if_fail (day != NULL);

  if (day->site != NULL)
    {
      if (self->site_code == NULL)
        {
          self->site_code = g_strdup (gch_site_get_code (day->site));
          self->site_name = g_strdup (gch_site_get_name (day->site));
          self->timezone = g_strdup (gch_site_get_timezone (day->site));
        }
      tz = gch_site_dup_time_zone (day->site);
    }
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  target = (gint64)self->target_minutes * 60;
  tracks = track_entries (day);
  no_show_appointments = g_hash_table_new (NULL, NULL);

  /* The day's own lines first, so that a service counts the days it had
   * someone; the site's services in its order, even those with nobody.
   */
  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);

      line_for (self->services, gch_service_get_code (service), gch_service_get_name (service));
      line_for (lines, gch_service_get_code (service), gch_service_get_name (service));
    }

  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);
      GchService *service = gch_queue_entry_get_service (entry);
      GchAppointment *appointment = gch_queue_entry_get_appointment (entry);
      Track *track = g_hash_table_lookup (tracks, gch_queue_entry_get_id (entry));
      GchEntryState state = gch_queue_entry_get_state (entry);
      GchFiguresLine *line = line_for (lines, gch_service_get_code (service),
                                       gch_service_get_name (service));
      gint64 arrived = gch_queue_entry_get_arrived_at (entry);
      gint64 called = 0;

      if (gch_queue_entry_get_transferred_from (entry) == NULL)
        {
          int hour = local_hour (tz, arrived);

          line->visits++;
          if (hour >= 0)
            self->arrivals[hour]++;
        }

      /* A day imported without its events still tells a call. */
      if (track != NULL && track->first_call != 0)
        called = track->first_call;
      else if (track != NULL && track->first_start != 0)
        called = track->first_start;
      else
        called = gch_queue_entry_get_called_at (entry);

      if (called != 0)
        {
          gint64 wait = MAX (called - arrived, 0);

          line->called++;
          line->wait_seconds += wait;
          if (wait <= target)
            line->within_target++;
        }

      if (state == GCH_ENTRY_STATE_DONE &&
          gch_queue_entry_get_satisfaction (entry) != GCH_SATISFACTION_NONE)
        line->ratings[gch_queue_entry_get_satisfaction (entry) - 1]++;

      if (state == GCH_ENTRY_STATE_DONE)
        {
          gint64 done = track != NULL && track->done_at != 0 ? track->done_at : 0;
          int hour = local_hour (tz, done != 0 ? done : called != 0 ? called : arrived);

          line->served++;
          if (hour >= 0)
            self->served[hour]++;

          if (done != 0 && track->last_start != 0 && track->last_start <= done)
            {
              gint64 duration = done - track->last_start;
              const char *actor = track->done_by;

              line->timed++;
              line->service_seconds += duration;

              if (actor != NULL)
                {
                  GchAgent *agent = gch_day_find_agent (day, actor);
                  GchFiguresLine *by = line_for (self->agents, actor,
                                                 agent ? gch_agent_get_name (agent) : actor);

                  by->served++;
                  by->timed++;
                  by->service_seconds += duration;
                }
            }
          else if (track != NULL && track->done_by != NULL)
            {
              GchAgent *agent = gch_day_find_agent (day, track->done_by);

              line_for (self->agents, track->done_by,
                        agent ? gch_agent_get_name (agent) : track->done_by)->served++;
            }
        }
      else if (state == GCH_ENTRY_STATE_NO_SHOW)
        {
          line->no_shows++;
          if (appointment != NULL)
            g_hash_table_add (no_show_appointments, appointment);
        }
      else if (state == GCH_ENTRY_STATE_LEFT)
        line->walk_outs++;
    }

  for (guint i = 0; i < day->appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (day->appointments, i);
      GchService *service = gch_appointment_get_service (appointment);
      GchAppointmentStatus status = gch_appointment_get_status (appointment);
      GchFiguresLine *line;

      if (status == GCH_APPOINTMENT_STATUS_CANCELLED_BY_PERSON ||
          status == GCH_APPOINTMENT_STATUS_CANCELLED_BY_SERVICE)
        continue;

      line = line_for (lines, gch_service_get_code (service), gch_service_get_name (service));
      line->appointments_due++;
      if (status == GCH_APPOINTMENT_STATUS_NO_SHOW)
        {
          line->appointment_no_shows++;
          if (!g_hash_table_contains (no_show_appointments, appointment))
            line->no_shows++;
        }
    }

  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);
      GchModeChange *change;
      int mode;

      if (!g_str_equal (gch_event_get_record_kind (event), "site") ||
          !gch_enum_from_nick (GCH_TYPE_SITE_MODE, gch_event_get_to_state (event), &mode))
        continue;

      change = g_new0 (GchModeChange, 1);
      change->at = gch_event_get_at (event);
      change->mode = mode;
      change->actor = g_strdup (gch_event_get_actor (event));
      g_ptr_array_add (self->mode_changes, change);
    }

  for (guint i = 0; i < lines->len; i++)
    {
      GchFiguresLine *line = g_ptr_array_index (lines, i);

      line->days = line->visits > 0 || line->appointments_due > 0 ? 1 : 0;
      line_add (line_for (self->services, line->key, line->label), line);
      line_add (&today, line);
    }

  today.days = 1;
  line_add (&self->total, &today);
  g_ptr_array_sort (self->agents, compare_keys);
}

/**
 * gch_figures_new_for_day:
 * @day: a day, with its site
 * @target_minutes: the target wait
 *
 * Returns: (transfer full): the figures of @day
 */
GchFigures *
gch_figures_new_for_day (GchDay *day,
                         guint   target_minutes)
{
  GchFigures *self;

  g_return_val_if_fail (day != NULL, NULL);

  self = gch_figures_new (day->date, day->date, target_minutes);
  gch_figures_add_day (self, day);
  return self;
}

static GDate *
new_date (const char *text)
{
  int y, m, d;

  if (!gch_day_parse_date (text, &y, &m, &d))
    return NULL;
  return g_date_new_dmy (d, m, y);
}

/**
 * gch_figures_check_period:
 * @from: (nullable): the first day, as the user wrote it
 * @to: (nullable): the last day
 * @target_minutes: the target wait
 *
 * Checks a period asked for: two real dates in order, at most
 * %GCH_FIGURES_MAX_DAYS days, and a target wait of at least a minute.
 *
 * Returns: %TRUE if so; %FALSE with %GCH_ERROR_INVALID and a sentence
 *   that says what is wrong
 */
gboolean
gch_figures_check_period (const char  *from,
                          const char  *to,
                          gint64       target_minutes,
                          GError     **error)
{
  g_autoptr(GDate) first = NULL;
  g_autoptr(GDate) last = NULL;
  const char *bad = NULL;

  if (from == NULL || to == NULL)
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("Say which days: a first and a last date, written YYYY-MM-DD."));
      return FALSE;
    }

  if (!(first = new_date (from)))
    bad = from;
  else if (!(last = new_date (to)))
    bad = to;
  if (bad != NULL)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("“%s” is not a date written YYYY-MM-DD."),
                   g_utf8_validate (bad, -1, NULL) ? bad : "?");
      return FALSE;
    }

  if (g_date_compare (first, last) > 0)
    {
      /* Translators: two dates, the first after the second */
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The period starts on %s, after its end on %s."), from, to);
      return FALSE;
    }

  if (g_date_days_between (first, last) + 1 > GCH_FIGURES_MAX_DAYS)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("A report covers %u days at most; ask for a shorter period."),
                   GCH_FIGURES_MAX_DAYS);
      return FALSE;
    }

  if (target_minutes <= 0 || target_minutes > 24 * 60)
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The target wait is a number of minutes, from 1 to 1440."));
      return FALSE;
    }

  return TRUE;
}

static void
add_day_cb (GchDay   *day,
            gpointer  user_data)
{
  gch_figures_add_day (user_data, day);
}

/**
 * gch_figures_load_period:
 * @store: where the days are
 * @from: the first day, `YYYY-MM-DD`
 * @to: the last day, included
 * @until: (nullable): the last day that has happened, today; the days
 *   after it are not counted, since their appointments are not due yet
 * @target_minutes: the target wait
 *
 * The figures of every day @store holds from @from to @to (and up to
 * @until), each day read once. Blocks on the disk: call it from a worker.
 *
 * Returns: (transfer full): the figures, or %NULL with @error set
 */
GchFigures *
gch_figures_load_period (GchStore    *store,
                         const char  *from,
                         const char  *to,
                         const char  *until,
                         guint        target_minutes,
                         GError     **error)
{
  g_autoptr(GchFigures) self = NULL;
  const char *last = to;

  g_return_val_if_fail (GCH_IS_STORE (store), NULL);

  if (!gch_figures_check_period (from, to, target_minutes, error))
    return NULL;

  if (until != NULL && strcmp (until, to) < 0)
    last = until;

  self = gch_figures_new (from, to, target_minutes);
  if (strcmp (from, last) <= 0 &&
      !gch_store_foreach_day (store, from, last, add_day_cb, self, error))
    return NULL;

  /* A period with no day at all still names its site's services. */
  if (self->total.days == 0)
    {
      g_autoptr(GchDay) config = gch_store_load_day (store, from, error);

      if (config == NULL)
        return NULL;
      /* Its configuration only: the day itself was not asked for. */
      g_ptr_array_set_size (config->appointments, 0);
      g_ptr_array_set_size (config->entries, 0);
      g_ptr_array_set_size (config->events, 0);
      gch_figures_add_day (self, config);
      memset (self->arrivals, 0, sizeof self->arrivals);
      self->total.days = 0;
    }

  return g_steal_pointer (&self);
}

/* JSON */

static void
set_double_or_null (JsonObject *object,
                    const char *member,
                    double      value)
{
  if (isnan (value))
    json_object_set_null_member (object, member);
  else
    json_object_set_double_member (object, member, round (value * 1000) / 1000);
}

/* The counts of ratings, per face in the order of GchSatisfaction. */
static const char * const rating_members[] = {
  "rated-very-satisfied", "rated-satisfied", "rated-not-very-satisfied", "rated-not-satisfied",
};

static JsonNode *
line_to_json (const GchFiguresLine *line)
{
  JsonObject *object = json_object_new ();

  if (line->key != NULL)
    json_object_set_string_member (object, "key", line->key);
  if (line->label != NULL)
    json_object_set_string_member (object, "label", line->label);
  json_object_set_int_member (object, "visits", line->visits);
  json_object_set_int_member (object, "served", line->served);
  json_object_set_int_member (object, "called", line->called);
  json_object_set_int_member (object, "within-target", line->within_target);
  json_object_set_int_member (object, "wait-seconds", line->wait_seconds);
  json_object_set_int_member (object, "timed", line->timed);
  json_object_set_int_member (object, "service-seconds", line->service_seconds);
  json_object_set_int_member (object, "no-shows", line->no_shows);
  json_object_set_int_member (object, "walk-outs", line->walk_outs);
  json_object_set_int_member (object, "appointments-due", line->appointments_due);
  json_object_set_int_member (object, "appointment-no-shows", line->appointment_no_shows);
  json_object_set_int_member (object, "days", line->days);
  set_double_or_null (object, "mean-wait-minutes", gch_figures_line_get_mean_wait (line));
  set_double_or_null (object, "within-target-share", gch_figures_line_get_within_share (line));
  set_double_or_null (object, "mean-service-minutes", gch_figures_line_get_mean_service (line));
  set_double_or_null (object, "no-show-rate", gch_figures_line_get_no_show_rate (line));
  for (guint i = 0; i < G_N_ELEMENTS (rating_members); i++)
    json_object_set_int_member (object, rating_members[i], line->ratings[i]);
  set_double_or_null (object, "satisfaction-rate", gch_figures_line_get_satisfaction_rate (line));

  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
lines_to_json (GPtrArray *lines)
{
  JsonArray *array = json_array_sized_new (lines->len);

  for (guint i = 0; i < lines->len; i++)
    json_array_add_element (array, line_to_json (g_ptr_array_index (lines, i)));

  return json_node_init_array (json_node_alloc (), array);
}

/**
 * gch_figures_to_json:
 *
 * The figures as `GET /api/v1/figures` answers them: the counts and sums,
 * and the means and shares they give (null when there is nothing to
 * divide).
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
gch_figures_to_json (GchFigures *self)
{
  JsonObject *object, *site;
  JsonArray *hours, *modes;

  g_return_val_if_fail (self != NULL, NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "from", self->from);
  json_object_set_string_member (object, "to", self->to);
  json_object_set_int_member (object, "target-minutes", self->target_minutes);

  site = json_object_new ();
  if (self->site_code != NULL)
    json_object_set_string_member (site, "code", self->site_code);
  if (self->site_name != NULL)
    json_object_set_string_member (site, "name", self->site_name);
  if (self->timezone != NULL)
    json_object_set_string_member (site, "timezone", self->timezone);
  json_object_set_object_member (object, "site", site);

  json_object_set_member (object, "total", line_to_json (&self->total));
  json_object_set_member (object, "services", lines_to_json (self->services));
  json_object_set_member (object, "agents", lines_to_json (self->agents));

  hours = json_array_sized_new (24);
  for (guint h = 0; h < 24; h++)
    {
      JsonObject *hour = json_object_new ();

      json_object_set_int_member (hour, "hour", h);
      json_object_set_int_member (hour, "arrivals", self->arrivals[h]);
      json_object_set_int_member (hour, "served", self->served[h]);
      json_array_add_object_element (hours, hour);
    }
  json_object_set_array_member (object, "hours", hours);

  modes = json_array_sized_new (self->mode_changes->len);
  for (guint i = 0; i < self->mode_changes->len; i++)
    {
      GchModeChange *change = g_ptr_array_index (self->mode_changes, i);
      JsonObject *mode = json_object_new ();

      json_object_set_int_member (mode, "at", change->at);
      json_object_set_string_member (mode, "mode",
                                     gch_enum_to_nick (GCH_TYPE_SITE_MODE, change->mode));
      if (change->actor != NULL)
        json_object_set_string_member (mode, "actor", change->actor);
      json_array_add_object_element (modes, mode);
    }
  json_object_set_array_member (object, "mode-changes", modes);

  return json_node_init_object (json_node_alloc (), object);
}

static gboolean
read_count (JsonObject  *object,
            const char  *member,
            gint64       most,
            gint64      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > most)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The figures have no valid “%s”."), member);
      return FALSE;
    }

  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
line_from_json (JsonNode        *node,
                GchFiguresLine  *line,
                GError         **error)
{
  static const struct { const char *member; gsize offset; gboolean wide; } counts[] = {
    { "visits", G_STRUCT_OFFSET (GchFiguresLine, visits), FALSE },
    { "served", G_STRUCT_OFFSET (GchFiguresLine, served), FALSE },
    { "called", G_STRUCT_OFFSET (GchFiguresLine, called), FALSE },
    { "within-target", G_STRUCT_OFFSET (GchFiguresLine, within_target), FALSE },
    { "wait-seconds", G_STRUCT_OFFSET (GchFiguresLine, wait_seconds), TRUE },
    { "timed", G_STRUCT_OFFSET (GchFiguresLine, timed), FALSE },
    { "service-seconds", G_STRUCT_OFFSET (GchFiguresLine, service_seconds), TRUE },
    { "no-shows", G_STRUCT_OFFSET (GchFiguresLine, no_shows), FALSE },
    { "walk-outs", G_STRUCT_OFFSET (GchFiguresLine, walk_outs), FALSE },
    { "appointments-due", G_STRUCT_OFFSET (GchFiguresLine, appointments_due), FALSE },
    { "appointment-no-shows", G_STRUCT_OFFSET (GchFiguresLine, appointment_no_shows), FALSE },
    { "days", G_STRUCT_OFFSET (GchFiguresLine, days), FALSE },
  };
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The figures have a line that is not an object."));
      return FALSE;
    }

  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gint64 value;

      if (!read_count (object, counts[i].member, counts[i].wide ? G_MAXINT64 : G_MAXUINT,
                       &value, error))
        return FALSE;
      if (counts[i].wide)
        G_STRUCT_MEMBER (gint64, line, counts[i].offset) = value;
      else
        G_STRUCT_MEMBER (guint, line, counts[i].offset) = value;
    }

  /* A server older than the ratings sends none. */
  for (guint i = 0; i < G_N_ELEMENTS (rating_members); i++)
    {
      gint64 value;

      if (!json_object_has_member (object, rating_members[i]))
        continue;
      if (!read_count (object, rating_members[i], G_MAXUINT, &value, error))
        return FALSE;
      line->ratings[i] = value;
    }

  line->key = g_strdup (json_object_get_string_member_with_default (object, "key", NULL));
  line->label = g_strdup (json_object_get_string_member_with_default (object, "label", NULL));
  return TRUE;
}

static gboolean
lines_from_json (JsonObject  *object,
                 const char  *member,
                 GPtrArray   *lines,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The figures have no valid “%s”."), member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      GchFiguresLine *line = line_new (NULL, NULL);

      g_ptr_array_add (lines, line);
      if (!line_from_json (json_array_get_element (array, i), line, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * gch_figures_from_json:
 * @node: what gch_figures_to_json() wrote, as the server sent it
 *
 * Returns: (transfer full): the figures, or %NULL with %GCH_ERROR_INVALID
 */
GchFigures *
gch_figures_from_json (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(GchFigures) self = NULL;
  JsonObject *object, *site;
  JsonNode *member;
  const char *from, *to;
  gint64 target;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The figures are not a JSON object."));
      return NULL;
    }

  object = json_node_get_object (node);
  from = json_object_get_string_member_with_default (object, "from", NULL);
  to = json_object_get_string_member_with_default (object, "to", NULL);
  if (!gch_day_parse_date (from, NULL, NULL, NULL) || !gch_day_parse_date (to, NULL, NULL, NULL) ||
      !read_count (object, "target-minutes", 24 * 60, &target, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                             _("The figures do not say which days they are of."));
      return NULL;
    }

  self = gch_figures_new (from, to, target);
  if ((member = json_object_get_member (object, "site")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      site = json_node_get_object (member);
      self->site_code = g_strdup (json_object_get_string_member_with_default (site, "code", NULL));
      self->site_name = g_strdup (json_object_get_string_member_with_default (site, "name", NULL));
      self->timezone = g_strdup (json_object_get_string_member_with_default (site, "timezone",
                                                                             NULL));
    }

  if (!line_from_json (json_object_get_member (object, "total"), &self->total, error) ||
      !lines_from_json (object, "services", self->services, error) ||
      !lines_from_json (object, "agents", self->agents, error))
    return NULL;

  if ((member = json_object_get_member (object, "hours")) != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *hours = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (hours); i++)
        {
          JsonNode *element = json_array_get_element (hours, i);
          gint64 hour, arrivals, served;

          if (!JSON_NODE_HOLDS_OBJECT (element) ||
              !read_count (json_node_get_object (element), "hour", 23, &hour, error) ||
              !read_count (json_node_get_object (element), "arrivals", G_MAXUINT, &arrivals, error) ||
              !read_count (json_node_get_object (element), "served", G_MAXUINT, &served, error))
            {
              if (error != NULL && *error == NULL)
                g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                                     _("The figures have an hour that is not an object."));
              return NULL;
            }
          self->arrivals[hour] = arrivals;
          self->served[hour] = served;
        }
    }

  if ((member = json_object_get_member (object, "mode-changes")) != NULL &&
      JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *modes = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (modes); i++)
        {
          JsonNode *element = json_array_get_element (modes, i);
          JsonObject *mode;
          GchModeChange *change;
          int value;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          mode = json_node_get_object (element);
          if (!gch_enum_from_nick (GCH_TYPE_SITE_MODE,
                                   json_object_get_string_member_with_default (mode, "mode", ""),
                                   &value))
            continue;

          change = g_new0 (GchModeChange, 1);
          change->at = json_object_get_int_member_with_default (mode, "at", 0);
          change->mode = value;
          change->actor = g_strdup (json_object_get_string_member_with_default (mode, "actor",
                                                                                NULL));
          g_ptr_array_add (self->mode_changes, change);
        }
    }

  return g_steal_pointer (&self);
}

/* CSV: RFC 4180, UTF-8, CRLF, numbers with a dot whatever the locale. */

static void
csv_field (GString    *csv,
           const char *text)
{
  if (csv->len > 0 && csv->str[csv->len - 1] != '\n')
    g_string_append_c (csv, ',');

  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
csv_count (GString *csv,
           gint64   value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  csv_field (csv, text);
}

static void
csv_number (GString *csv,
            double   value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  csv_field (csv, isnan (value) ? "" : g_ascii_formatd (text, sizeof text, "%.1f", value));
}

static void
csv_end (GString *csv)
{
  g_string_append (csv, "\r\n");
}

static void
csv_line (GString              *csv,
          const char           *section,
          const char           *key,
          const char           *name,
          const GchFiguresLine *line)
{
  csv_field (csv, section);
  csv_field (csv, key);
  csv_field (csv, name);
  csv_count (csv, line->visits);
  csv_count (csv, line->served);
  csv_count (csv, line->called);
  csv_number (csv, gch_figures_line_get_mean_wait (line));
  csv_number (csv, gch_figures_line_get_within_share (line) * 100);
  csv_number (csv, gch_figures_line_get_mean_service (line));
  csv_count (csv, line->no_shows);
  csv_count (csv, line->walk_outs);
  csv_count (csv, line->appointments_due);
  csv_number (csv, gch_figures_line_get_no_show_rate (line) * 100);
  csv_count (csv, line->days);
  csv_count (csv, gch_figures_line_get_rated (line));
  for (guint i = 0; i < G_N_ELEMENTS (line->ratings); i++)
    csv_count (csv, line->ratings[i]);
  csv_number (csv, gch_figures_line_get_satisfaction_rate (line) * 100);
  csv_end (csv);
}

/**
 * gch_figures_to_csv:
 *
 * One table with a header row: the total, one row per service, one per
 * agent, and for a day one per hour and per change of mode. The `section`
 * column tells them apart; a column that does not apply to a row is
 * empty. Times are the site's local times.
 *
 * Returns: (transfer full): the CSV text, UTF-8 with CRLF line ends
 */
char *
gch_figures_to_csv (GchFigures *self)
{
  static const char * const header[] = {
    "section", "key", "name", "visits", "served", "called", "mean_wait_minutes",
    "within_target_percent", "mean_service_minutes", "no_shows", "walk_outs",
    "appointments_due", "no_show_percent", "days", "rated", "very_satisfied", "satisfied",
    "not_very_satisfied", "not_satisfied", "satisfaction_percent",
  };
  g_autoptr(GTimeZone) tz = NULL;
  GString *csv;

  g_return_val_if_fail (self != NULL, NULL);

  csv = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    csv_field (csv, header[i]);
  csv_end (csv);

  csv_line (csv, "total", NULL, self->site_name, &self->total);
  for (guint i = 0; i < self->services->len; i++)
    {
      GchFiguresLine *line = g_ptr_array_index (self->services, i);

      csv_line (csv, "service", line->key, line->label, line);
    }

  for (guint i = 0; i < self->agents->len; i++)
    {
      GchFiguresLine *line = g_ptr_array_index (self->agents, i);

      csv_field (csv, "agent");
      csv_field (csv, line->key);
      csv_field (csv, line->label);
      csv_field (csv, NULL);
      csv_count (csv, line->served);
      csv_field (csv, NULL);
      csv_field (csv, NULL);
      csv_field (csv, NULL);
      csv_number (csv, gch_figures_line_get_mean_service (line));
      for (guint j = 0; j < 5 + 6; j++)
        csv_field (csv, NULL);
      csv_end (csv);
    }

  if (!gch_figures_is_day (self))
    return g_string_free (csv, FALSE);

  for (guint h = 0; h < 24; h++)
    {
      g_autofree char *key = g_strdup_printf ("%02u:00", h);
      g_autofree char *name = g_strdup_printf ("%02u:00-%02u:00", h, (h + 1) % 24);

      csv_field (csv, "hour");
      csv_field (csv, key);
      csv_field (csv, name);
      csv_count (csv, self->arrivals[h]);
      csv_count (csv, self->served[h]);
      for (guint j = 0; j < 9 + 6; j++)
        csv_field (csv, NULL);
      csv_end (csv);
    }

  tz = self->timezone ? g_time_zone_new_identifier (self->timezone) : NULL;
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  for (guint i = 0; i < self->mode_changes->len; i++)
    {
      GchModeChange *change = g_ptr_array_index (self->mode_changes, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (change->at);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
      g_autofree char *when = g_date_time_format (local, "%H:%M");

      csv_field (csv, "mode");
      csv_field (csv, when);
      csv_field (csv, gch_enum_to_nick (GCH_TYPE_SITE_MODE, change->mode));
      for (guint j = 0; j < 11 + 6; j++)
        csv_field (csv, NULL);
      csv_end (csv);
    }

  return g_string_free (csv, FALSE);
}
