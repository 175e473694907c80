/* gch-alert.c
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

#define G_LOG_DOMAIN "gch-alert"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gch-alert.h"
#include "gch-day.h"
#include "gch-guichet.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-site.h"

/* The rules are written out in gch-alert.h, where the callers read them. */

/* Out of crise, and back to normal, only this far under the limits. */
#define LEAVE_CRISE_SHARE  1.5
#define BACK_NORMAL_SHARE  0.75

void
gch_alert_free (GchAlert *alert)
{
  if (alert == NULL)
    return;

  g_free (alert->service);
  g_free (alert);
}

static GchAlert *
new_alert (GchService   *service,
           GchAlertKind  kind,
           gint64        value,
           gint64        limit,
           guint         guichets)
{
  GchAlert *alert = g_new0 (GchAlert, 1);

  alert->service = g_strdup (gch_service_get_code (service));
  alert->kind = kind;
  alert->value = value;
  alert->limit = limit;
  alert->guichets = guichets;
  return alert;
}

/**
 * gch_alert_get_share:
 *
 * Returns: the figure as a share of its limit: 1.0 at the limit, over 1.0
 *   past it; for %GCH_ALERT_NO_GUICHET, as if one guichet were open
 */
double
gch_alert_get_share (const GchAlert *alert)
{
  gint64 limit;

  g_return_val_if_fail (alert != NULL, 0.0);

  limit = alert->limit;

  if (alert->kind == GCH_ALERT_WAITING_PER_GUICHET)
    limit *= alert->guichets;

  return limit > 0 ? (double)alert->value / (double)limit : 0.0;
}

/**
 * gch_alert_is_past:
 *
 * Returns: whether @alert's figure is past its limit: an alert
 */
gboolean
gch_alert_is_past (const GchAlert *alert)
{
  g_return_val_if_fail (alert != NULL, FALSE);

  return alert->kind == GCH_ALERT_NO_GUICHET || gch_alert_get_share (alert) > 1.0;
}

/**
 * gch_measure_thresholds:
 * @settings: the policy settings, as the mode makes them
 * @now: the time now
 *
 * Every figure that gch_check_thresholds() holds against a limit, past
 * it or not: a service's wait (when it takes walk-ins and an open guichet
 * serves them) and its people waiting per open guichet, or its people
 * waiting when no guichet is open for it.
 *
 * Returns: (transfer full) (element-type GchAlert): the figures, in the
 *   order of the day's services
 */
GPtrArray *
gch_measure_thresholds (GchDay                  *day,
                        const GchPolicySettings *settings,
                        gint64                   now)
{
  GPtrArray *figures = g_ptr_array_new_with_free_func ((GDestroyNotify) gch_alert_free);

  g_return_val_if_fail (day != NULL, figures);
  g_return_val_if_fail (settings != NULL, figures);

  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);
      const char *code = gch_service_get_code (service);
      gint64 max_wait = (gint64)gch_service_get_max_wait_minutes (service) * 60;
      guint per_guichet = gch_service_get_max_waiting_per_guichet (service);
      guint waiting = 0, guichets = 0;

      for (guint e = 0; e < day->entries->len; e++)
        {
          GchQueueEntry *entry = g_ptr_array_index (day->entries, e);

          if (gch_queue_entry_get_service (entry) == service &&
              gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING)
            waiting++;
        }

      for (guint g = 0; g < day->guichets->len; g++)
        {
          GchGuichet *guichet = g_ptr_array_index (day->guichets, g);

          if (gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_OPEN &&
              gch_guichet_handles (guichet, code))
            guichets++;
        }

      if (guichets == 0)
        {
          if (waiting > 0)
            g_ptr_array_add (figures, new_alert (service, GCH_ALERT_NO_GUICHET, waiting,
                                                 per_guichet, 0));
          continue;
        }

      if (gch_service_get_accepts_walk_ins (service))
        {
          gint64 wait = gch_policy_estimate_walk_in (day, settings, service, GCH_PRIORITY_NONE, now);

          /* -1: no open guichet takes an ordinary walk-in (a PMR-only hall) */
          if (wait >= 0)
            g_ptr_array_add (figures, new_alert (service, GCH_ALERT_WAIT, wait, max_wait, guichets));
        }

      g_ptr_array_add (figures, new_alert (service, GCH_ALERT_WAITING_PER_GUICHET, waiting,
                                           per_guichet, guichets));
    }

  return figures;
}

/**
 * gch_check_thresholds:
 * @settings: the policy settings, as the mode makes them
 * @now: the time now
 *
 * Returns: (transfer full) (element-type GchAlert): the services past a
 *   threshold, one alert per threshold, in the order of the day's services;
 *   empty when none is
 */
GPtrArray *
gch_check_thresholds (GchDay                  *day,
                      const GchPolicySettings *settings,
                      gint64                   now)
{
  g_autoptr(GPtrArray) figures = NULL;
  GPtrArray *alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) gch_alert_free);

  g_return_val_if_fail (day != NULL, alerts);
  g_return_val_if_fail (settings != NULL, alerts);

  figures = gch_measure_thresholds (day, settings, now);
  for (guint i = 0; i < figures->len; i++)
    if (gch_alert_is_past (g_ptr_array_index (figures, i)))
      g_ptr_array_add (alerts, g_ptr_array_steal_index (figures, i--));

  return alerts;
}

static guint
minutes_of (gint64 seconds)
{
  /* Rounded up: 30 min 20 s past a limit of 30 min reads 31. */
  return (guint) ((MAX (seconds, 0) + 59) / 60);
}

/**
 * gch_alert_describe:
 * @day: the day @alert was found on, for the service's name
 *
 * Returns: (transfer full): what the supervisor reads, "Titres: a new
 *   walk-in would wait 52 min (limit 30 min)"
 */
char *
gch_alert_describe (const GchAlert *alert,
                    GchDay         *day)
{
  GchService *service;
  const char *name;
  guint value, limit;

  g_return_val_if_fail (alert != NULL, NULL);
  g_return_val_if_fail (day != NULL, NULL);

  service = gch_day_find_service (day, alert->service);
  name = service != NULL ? gch_service_get_name (service) : alert->service;
  value = (guint)alert->value;
  limit = (guint)alert->limit;

  switch (alert->kind)
    {
    case GCH_ALERT_WAIT:
      /* Translators: a service's name, then minutes */
      return g_strdup_printf (_("%s: a new walk-in would wait %u min (limit %u min)"),
                              name, minutes_of (alert->value), minutes_of (alert->limit));

    case GCH_ALERT_WAITING_PER_GUICHET:
      if (alert->guichets == 1)
        /* Translators: a service's name, how many wait, then the limit */
        return g_strdup_printf (ngettext ("%s: %u person waiting for 1 open guichet "
                                          "(limit %u per guichet)",
                                          "%s: %u people waiting for 1 open guichet "
                                          "(limit %u per guichet)", value),
                                name, value, limit);
      /* Translators: a service's name, how many wait, how many guichets, then the limit */
      return g_strdup_printf (ngettext ("%s: %u person waiting for %u open guichets "
                                        "(limit %u per guichet)",
                                        "%s: %u people waiting for %u open guichets "
                                        "(limit %u per guichet)", value),
                              name, value, alert->guichets, limit);

    case GCH_ALERT_NO_GUICHET:
      /* Translators: a service's name, then how many wait */
      return g_strdup_printf (ngettext ("%s: %u person waiting and no open guichet handles it",
                                        "%s: %u people waiting and no open guichet handles it",
                                        value),
                              name, value);

    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * gch_alert_dup_key:
 *
 * Returns: (transfer full): what stays the same while the alert lasts
 *   (its service and kind, not its figures): "titres/wait"
 */
char *
gch_alert_dup_key (const GchAlert *alert)
{
  static const char * const kinds[] = { "wait", "waiting-per-guichet", "no-guichet" };

  g_return_val_if_fail (alert != NULL, NULL);
  g_return_val_if_fail (alert->kind < G_N_ELEMENTS (kinds), NULL);

  return g_strdup_printf ("%s/%s", alert->service, kinds[alert->kind]);
}

/**
 * gch_suggest_mode:
 * @settings: the policy settings, as the mode makes them
 * @now: the time now
 * @reason: (out) (optional) (transfer full) (nullable): why, in one
 *   sentence naming the service and its figure; %NULL when nothing calls
 *   for a change
 *
 * The mode the policy suggests for the site, by the rule of gch-alert.h.
 *
 * Returns: the suggested mode, the site's own when nothing calls for a change
 */
GchSiteMode
gch_suggest_mode (GchDay                   *day,
                  const GchPolicySettings  *settings,
                  gint64                    now,
                  char                    **reason)
{
  g_autoptr(GPtrArray) figures = NULL;
  g_autofree char *figure = NULL;
  const GchAlert *worst = NULL;
  GchSiteMode current, suggested;
  double share = 0.0;

  if (reason != NULL)
    *reason = NULL;

  g_return_val_if_fail (day != NULL, GCH_SITE_MODE_NORMAL);
  g_return_val_if_fail (settings != NULL, GCH_SITE_MODE_NORMAL);

  current = day->site != NULL ? gch_site_get_mode (day->site) : GCH_SITE_MODE_NORMAL;
  figures = gch_measure_thresholds (day, settings, now);
  for (guint i = 0; i < figures->len; i++)
    {
      const GchAlert *one = g_ptr_array_index (figures, i);

      if (worst == NULL || gch_alert_get_share (one) > share)
        {
          worst = one;
          share = gch_alert_get_share (one);
        }
    }

  if (share > 2.0)
    suggested = GCH_SITE_MODE_CRISE;
  else if (share > 1.0)
    suggested = current == GCH_SITE_MODE_CRISE && share > LEAVE_CRISE_SHARE
                ? GCH_SITE_MODE_CRISE : GCH_SITE_MODE_AFFLUENCE;
  else if (current == GCH_SITE_MODE_NORMAL || share <= BACK_NORMAL_SHARE)
    suggested = GCH_SITE_MODE_NORMAL;
  else
    /* Under the limits, not yet well under: stay, or step down from crise. */
    suggested = current == GCH_SITE_MODE_CRISE && share <= LEAVE_CRISE_SHARE
                ? GCH_SITE_MODE_AFFLUENCE : current;

  if (suggested == current || reason == NULL)
    return suggested;

  if (worst != NULL)
    figure = gch_alert_describe (worst, day);

  switch (suggested)
    {
    case GCH_SITE_MODE_CRISE:
      /* Translators: %s is a service's figure and its limit */
      *reason = g_strdup_printf (_("Crisis suggested: a figure is more than twice its limit. %s."),
                                 figure);
      break;

    case GCH_SITE_MODE_AFFLUENCE:
      if (current == GCH_SITE_MODE_CRISE)
        /* Translators: %s is a service's figure and its limit */
        *reason = g_strdup_printf (_("Affluence suggested: no figure is more than twice its limit "
                                     "any more. %s."), figure);
      else
        /* Translators: %s is a service's figure and its limit */
        *reason = g_strdup_printf (_("Affluence suggested: a limit is crossed. %s."), figure);
      break;

    case GCH_SITE_MODE_NORMAL:
      if (figure != NULL)
        /* Translators: %s is the busiest service's figure and its limit */
        *reason = g_strdup_printf (_("Normal suggested: every service is well under its limits. "
                                     "The busiest: %s."), figure);
      else
        *reason = g_strdup (_("Normal suggested: nobody is waiting."));
      break;

    default:
      g_assert_not_reached ();
    }

  return suggested;
}
