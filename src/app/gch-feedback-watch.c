/* gch-feedback-watch.c
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

#define G_LOG_DOMAIN "gch-feedback-watch"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-feedback-watch.h"

/* The register's delays (issue 6): a supervisor or the quality referent is
 * told of each record that becomes nearly due (due today or on the next
 * working day), and of each that becomes overdue, once each. What was told
 * is kept in the `feedback-notified` setting, as "ID:nearly-due" and
 * "ID:overdue", so that a restart tells nothing again; a record answered or
 * closed leaves it, and is never told (its bubble, if still shown, is taken
 * back). Several records at once make one notification, not a bubble each;
 * a click opens the register.
 */

#define NOTIFIED_KEY "feedback-notified"
#define REGISTER_ACTION "win.show-view('register')"
#define DESCRIPTION_CHARS 120
#define GROUP_LISTED 4

typedef enum
{
  STATE_NEARLY_DUE,
  STATE_OVERDUE,
  N_STATES
} State;

static const char * const state_nicks[N_STATES] = { "nearly-due", "overdue" };

struct _GchFeedbackWatch
{
  GObject      parent_instance;

  GchNotifier *notifier;
  GSettings   *settings;

  /* The listing in a worker: one at a time, one more if asked meanwhile. */
  GchStation  *pending;
  gboolean     listing;
  guint        n_checks;
};

G_DEFINE_FINAL_TYPE (GchFeedbackWatch, gch_feedback_watch, G_TYPE_OBJECT)

static void
gch_feedback_watch_finalize (GObject *object)
{
  GchFeedbackWatch *self = (GchFeedbackWatch *)object;

  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->pending);

  G_OBJECT_CLASS (gch_feedback_watch_parent_class)->finalize (object);
}

static void
gch_feedback_watch_class_init (GchFeedbackWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gch_feedback_watch_finalize;
}

static void
gch_feedback_watch_init (GchFeedbackWatch *self)
{
}

/**
 * gch_feedback_watch_new:
 * @notifier: where the notifications go
 * @settings: the station's settings, which keep what was told
 *
 * Returns: (transfer full): a watch
 */
GchFeedbackWatch *
gch_feedback_watch_new (GchNotifier *notifier,
                        GSettings   *settings)
{
  GchFeedbackWatch *self;

  g_return_val_if_fail (GCH_IS_NOTIFIER (notifier), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GCH_TYPE_FEEDBACK_WATCH, NULL);
  self->notifier = g_object_ref (notifier);
  self->settings = g_object_ref (settings);
  return self;
}

/* "Complaint about waiting time": what the record is. */
static char *
describe (GchFeedback *feedback)
{
  GchFeedbackCategory category = gch_feedback_get_category (feedback);
  g_autofree char *about = NULL;

  if (category == GCH_FEEDBACK_CATEGORY_OTHER)
    return g_strdup (gch_feedback_kind_to_label (gch_feedback_get_kind (feedback)));

  about = g_utf8_strdown (gch_feedback_category_to_label (category), -1);
  /* Translators: a kind of record (“Complaint”), then its category, in lower case
   * (“waiting time”): “Complaint about waiting time”
   */
  return g_strdup_printf (_("%s about %s"),
                          gch_feedback_kind_to_label (gch_feedback_get_kind (feedback)), about);
}

/* “Tuesday 24 November”, in the language of the desktop */
static char *
format_date (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date), 12, 0, 0);

  /* Translators: a date in g_date_time_format()'s words: “Tuesday 24 November” */
  return g_date_time_format (time, _("%A %-d %B"));
}

/* “Complaint about waiting time, due Tuesday 24 November” */
static char *
describe_when (GchFeedback *feedback,
               State        state)
{
  g_autofree char *what = describe (feedback);
  g_autofree char *date = NULL;
  GDate since;

  if (state == STATE_NEARLY_DUE)
    {
      date = format_date (gch_feedback_get_due_date (feedback));
      /* Translators: what the record is, then a date: “Complaint about waiting time, due
       * Tuesday 24 November”
       */
      return g_strdup_printf (_("%s, due %s"), what, date);
    }

  since = *gch_feedback_get_due_date (feedback);
  g_date_add_days (&since, 1);
  date = format_date (&since);
  /* Translators: what the record is, then a date: “Complaint about waiting time, overdue
   * since Wednesday 25 November”
   */
  return g_strdup_printf (_("%s, overdue since %s"), what, date);
}

/* The beginning of what the person said. */
static char *
excerpt (GchFeedback *feedback)
{
  const char *description = gch_feedback_get_description (feedback);
  g_autofree char *line = NULL;
  g_autofree char *start = NULL;

  if (description == NULL)
    return g_strdup ("");

  line = g_strdelimit (g_strdup (description), "\r\n\t", ' ');
  if (g_utf8_strlen (line, -1) <= DESCRIPTION_CHARS)
    return g_steal_pointer (&line);

  start = g_utf8_substring (line, 0, DESCRIPTION_CHARS - 1);
  return g_strconcat (start, "…", NULL);
}

static void
notify_state (GchFeedbackWatch *self,
              State             state,
              GPtrArray        *records)
{
  g_autofree char *summary = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GString) body = NULL;

  if (records->len == 0)
    return;

  if (records->len == 1)
    {
      GchFeedback *feedback = g_ptr_array_index (records, 0);
      g_autofree char *text = excerpt (feedback);

      /* One bubble per record: its overdue replaces its nearly due. */
      id = g_strconcat ("feedback:", gch_feedback_get_id (feedback), NULL);
      summary = describe_when (feedback, state);
      gch_notifier_notify_with_action (self->notifier, id, summary, text, REGISTER_ACTION);
      return;
    }

  if (state == STATE_NEARLY_DUE)
    /* Translators: a number of suggestions, complaints or compliments */
    summary = g_strdup_printf (ngettext ("%u record is due soon", "%u records are due soon",
                                         records->len),
                               records->len);
  else
    /* Translators: a number of suggestions, complaints or compliments */
    summary = g_strdup_printf (ngettext ("%u record is overdue", "%u records are overdue",
                                         records->len),
                               records->len);

  body = g_string_new (NULL);
  for (guint i = 0; i < records->len && i < GROUP_LISTED; i++)
    {
      g_autofree char *line = describe_when (g_ptr_array_index (records, i), state);

      if (i > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, line);
    }
  if (records->len > GROUP_LISTED)
    {
      g_autofree char *more = NULL;

      /* Translators: how many more records the notification does not list */
      more = g_strdup_printf (ngettext ("and %u more", "and %u more",
                                        records->len - GROUP_LISTED),
                              records->len - GROUP_LISTED);
      g_string_append_c (body, '\n');
      g_string_append (body, more);
    }

  id = g_strconcat ("feedback:", state_nicks[state], NULL);
  gch_notifier_notify_with_action (self->notifier, id, summary, body->str, REGISTER_ACTION);
}

/* The soonest due first, so that a group lists the oldest. */
static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  GchFeedback *fa = *(GchFeedback **)a;
  GchFeedback *fb = *(GchFeedback **)b;

  return g_date_compare (gch_feedback_get_due_date (fa), gch_feedback_get_due_date (fb));
}

static gboolean
awaits_answer (GchFeedback *feedback)
{
  return gch_feedback_get_answer_required (feedback) &&
         g_date_valid (gch_feedback_get_due_date (feedback)) &&
         gch_feedback_get_status (feedback) < GCH_FEEDBACK_STATUS_ANSWERED;
}

/**
 * gch_feedback_watch_check:
 * @records: (element-type GchFeedback): the whole register
 * @now: the time now
 * @zone: the site's time zone, whose calendar the due dates are in
 *
 * Notifies the records that became nearly due or overdue since they were
 * last told, and remembers them.
 *
 * Returns: how many records were newly notified
 */
guint
gch_feedback_watch_check (GchFeedbackWatch *self,
                          GPtrArray        *records,
                          gint64            now,
                          GTimeZone        *zone)
{
  g_auto(GStrv) told = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  GPtrArray *fresh[N_STATES];
  gboolean changed = FALSE;
  guint n_new = 0;

  g_return_val_if_fail (GCH_IS_FEEDBACK_WATCH (self), 0);
  g_return_val_if_fail (records != NULL, 0);
  g_return_val_if_fail (zone != NULL, 0);

  told = g_settings_get_strv (self->settings, NOTIFIED_KEY);
  before = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; told[i] != NULL; i++)
    g_hash_table_add (before, told[i]);

  kept = g_ptr_array_new_with_free_func (g_free);
  for (State s = 0; s < N_STATES; s++)
    fresh[s] = g_ptr_array_new ();

  for (guint i = 0; i < records->len; i++)
    {
      GchFeedback *feedback = g_ptr_array_index (records, i);
      State state;

      /* Answered or closed: never told, and forgotten; a bubble still
       * shown about it is taken back.
       */
      if (!awaits_answer (feedback))
        {
          g_autofree char *nearly = g_strconcat (gch_feedback_get_id (feedback), ":",
                                                 state_nicks[STATE_NEARLY_DUE], NULL);
          g_autofree char *overdue = g_strconcat (gch_feedback_get_id (feedback), ":",
                                                  state_nicks[STATE_OVERDUE], NULL);

          if (g_hash_table_contains (before, nearly) || g_hash_table_contains (before, overdue))
            {
              g_autofree char *id = g_strconcat ("feedback:", gch_feedback_get_id (feedback),
                                                 NULL);

              gch_notifier_withdraw (self->notifier, id);
            }
          continue;
        }

      for (State s = 0; s < N_STATES; s++)
        {
          g_autofree char *key = g_strconcat (gch_feedback_get_id (feedback), ":",
                                              state_nicks[s], NULL);

          if (g_hash_table_contains (before, key))
            g_ptr_array_add (kept, g_steal_pointer (&key));
        }

      if (gch_feedback_is_overdue (feedback, now, zone))
        state = STATE_OVERDUE;
      else if (gch_feedback_is_nearly_due (feedback, now, zone))
        state = STATE_NEARLY_DUE;
      else
        continue;

      {
        g_autofree char *key = g_strconcat (gch_feedback_get_id (feedback), ":",
                                            state_nicks[state], NULL);

        if (g_hash_table_contains (before, key))
          continue;
        g_ptr_array_add (kept, g_steal_pointer (&key));
      }
      g_ptr_array_add (fresh[state], feedback);
      changed = TRUE;
      n_new++;
    }

  /* What left the register, or was answered, goes from the setting. */
  if (kept->len != g_hash_table_size (before))
    changed = TRUE;

  if (changed)
    {
      g_ptr_array_add (kept, NULL);
      g_settings_set_strv (self->settings, NOTIFIED_KEY, (const char * const *)kept->pdata);
    }

  for (State s = 0; s < N_STATES; s++)
    {
      g_ptr_array_sort (fresh[s], compare_due);
      notify_state (self, s, fresh[s]);
      g_ptr_array_unref (fresh[s]);
    }

  return n_new;
}

/* The register, read in a worker */

static void list_records (GchFeedbackWatch *self);

static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *records = gch_store_list_feedback (task_data, &error);

  if (records != NULL)
    g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GchFeedbackWatch *self = GCH_FEEDBACK_WATCH (object);
  g_autoptr(GchStation) station = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GError) error = NULL;
  GchDay *day;

  self->listing = FALSE;
  records = g_task_propagate_pointer (G_TASK (result), &error);

  if (records == NULL)
    g_warning ("The register could not be read: %s", error->message);
  else if ((day = gch_station_get_day (station)) != NULL && day->site != NULL)
    {
      zone = gch_site_dup_time_zone (day->site);
      gch_feedback_watch_check (self, records, gch_clock_now (gch_station_get_clock (station)),
                                zone);
    }

  self->n_checks++;
  if (self->pending != NULL)
    list_records (self);
}

static void
list_records (GchFeedbackWatch *self)
{
  g_autoptr(GTask) task = NULL;
  GchStation *station = g_steal_pointer (&self->pending);

  self->listing = TRUE;
  task = g_task_new (self, NULL, list_cb, station);
  g_task_set_task_data (task, g_object_ref (gch_station_get_store (station)), g_object_unref);
  g_task_run_in_thread (task, list_worker);
}

/**
 * gch_feedback_watch_refresh:
 * @station: the station whose register to read
 *
 * Reads the register in a worker, then checks it with the station's
 * clock. A refresh asked while one reads is made once it has read.
 */
void
gch_feedback_watch_refresh (GchFeedbackWatch *self,
                            GchStation       *station)
{
  g_return_if_fail (GCH_IS_FEEDBACK_WATCH (self));
  g_return_if_fail (GCH_IS_STATION (station));

  g_set_object (&self->pending, station);
  if (!self->listing)
    list_records (self);
}

/**
 * gch_feedback_watch_get_busy:
 *
 * Returns: whether a refresh is reading the register, or waits to
 */
gboolean
gch_feedback_watch_get_busy (GchFeedbackWatch *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK_WATCH (self), FALSE);

  return self->listing || self->pending != NULL;
}

/**
 * gch_feedback_watch_get_n_checks:
 *
 * Returns: how many refreshes have ended, for the tests to wait on
 */
guint
gch_feedback_watch_get_n_checks (GchFeedbackWatch *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK_WATCH (self), 0);

  return self->n_checks;
}
