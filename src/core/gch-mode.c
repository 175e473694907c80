/* gch-mode.c
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

#define G_LOG_DOMAIN "gch-mode"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gch-day.h"
#include "gch-error.h"
#include "gch-mode.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-site.h"

/* The rules are written out in gch-mode.h, where the callers read them. */

/**
 * gch_mode_walk_in_cap:
 *
 * Returns: how many walk-in tickets @service gives today in @mode, 0 for
 *   no cap: in crise, half the service's own cap, rounded up so that a cap
 *   of 1 stays 1; a service without a cap has none in any mode (the closing
 *   time still limits it, see gch_mode_check_walk_in())
 */
guint
gch_mode_walk_in_cap (GchSiteMode  mode,
                      GchService  *service)
{
  guint cap;

  g_return_val_if_fail (GCH_IS_SERVICE (service), 0);

  cap = gch_service_get_walk_in_cap (service);
  if (mode == GCH_SITE_MODE_CRISE)
    return (cap + 1) / 2;
  return cap;
}

/**
 * gch_mode_late_tolerance:
 *
 * Returns: how many minutes late a holder may check in and keep the
 *   appointment in @mode: the policy's in normal, half of it (rounded down)
 *   in affluence, none in crise
 */
guint
gch_mode_late_tolerance (GchSiteMode              mode,
                         const GchPolicySettings *settings)
{
  g_return_val_if_fail (settings != NULL, 0);

  switch (mode)
    {
    case GCH_SITE_MODE_NORMAL:
      return settings->late_tolerance_minutes;
    case GCH_SITE_MODE_AFFLUENCE:
      return settings->late_tolerance_minutes / 2;
    case GCH_SITE_MODE_CRISE:
      return 0;
    default:
      g_return_val_if_reached (settings->late_tolerance_minutes);
    }
}

/**
 * gch_mode_apply:
 * @settings: the site's policy settings, as the supervisor set them
 * @effective: (out caller-allocates): the settings the policy runs with in @mode
 *
 * @effective may be @settings.
 */
void
gch_mode_apply (GchSiteMode              mode,
                const GchPolicySettings *settings,
                GchPolicySettings       *effective)
{
  guint tolerance;

  g_return_if_fail (settings != NULL);
  g_return_if_fail (effective != NULL);

  tolerance = gch_mode_late_tolerance (mode, settings);
  *effective = *settings;
  effective->late_tolerance_minutes = tolerance;
}

/**
 * gch_mode_get_message:
 *
 * Returns: (nullable): the message for the waiting room and the tickets in
 *   @mode, translated; %NULL in normal mode
 */
const char *
gch_mode_get_message (GchSiteMode mode)
{
  switch (mode)
    {
    case GCH_SITE_MODE_NORMAL:
      return NULL;
    case GCH_SITE_MODE_AFFLUENCE:
      return _("Heavy affluence: consider booking an appointment online.");
    case GCH_SITE_MODE_CRISE:
      return _("Exceptional affluence: waits are much longer than usual. Thank you for your "
               "patience.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * gch_mode_shows_quiet_hours:
 *
 * Returns: whether the board suggests the quieter hours in @mode (tickets
 *   print them in every mode, when they are known)
 */
gboolean
gch_mode_shows_quiet_hours (GchSiteMode mode)
{
  return mode != GCH_SITE_MODE_NORMAL;
}

/**
 * gch_mode_dup_notice:
 *
 * The board's notice: the mode's message and, in affluence and crise, the
 * quieter hours to come back at, on a line of its own.
 *
 * Returns: (transfer full) (nullable): the notice, %NULL in normal mode
 */
char *
gch_mode_dup_notice (GchDay *day,
                     gint64  now)
{
  g_autofree char *quiet_hours = NULL;
  g_autofree char *line = NULL;
  GchSiteMode mode;
  const char *message;

  g_return_val_if_fail (day != NULL, NULL);

  if (day->site == NULL)
    return NULL;

  mode = gch_site_get_mode (day->site);
  if ((message = gch_mode_get_message (mode)) == NULL)
    return NULL;

  if (!gch_mode_shows_quiet_hours (mode) || (quiet_hours = gch_day_dup_quiet_hours (day, now, 2)) == NULL)
    return g_strdup (message);

  /* Translators: %s lists time ranges, "14:00–15:00, 16:00–16:30" */
  line = g_strdup_printf (_("Quieter hours: %s"), quiet_hours);
  return g_strconcat (message, "\n", line, NULL);
}

/**
 * gch_mode_count_walk_ins:
 *
 * Returns: how many walk-in tickets @service gave today: neither
 *   appointments nor transfers, whatever became of them
 */
guint
gch_mode_count_walk_ins (GchDay     *day,
                         GchService *service)
{
  guint count = 0;

  g_return_val_if_fail (day != NULL, 0);

  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      if (gch_queue_entry_get_service (entry) == service &&
          gch_queue_entry_get_appointment (entry) == NULL &&
          gch_queue_entry_get_transferred_from (entry) == NULL)
        count++;
    }

  return count;
}

/**
 * gch_mode_check_walk_in:
 * @settings: the policy settings, as the mode makes them
 * @now: the time now
 *
 * Whether the reception may give a new walk-in ticket for @service now, by
 * the site's mode (see gch-mode.h). When not, @error is
 * %GCH_ERROR_CAP_REACHED with a sentence that names the reason and what
 * to offer instead.
 *
 * Returns: %TRUE when a ticket may be given
 */
gboolean
gch_mode_check_walk_in (GchDay                   *day,
                        const GchPolicySettings  *settings,
                        GchService               *service,
                        gint64                    now,
                        GError                  **error)
{
  GchSiteMode mode;
  guint cap, given;
  gint64 wait, last_call;

  g_return_val_if_fail (day != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (GCH_IS_SERVICE (service), FALSE);

  mode = day->site != NULL ? gch_site_get_mode (day->site) : GCH_SITE_MODE_NORMAL;
  cap = gch_mode_walk_in_cap (mode, service);
  given = gch_mode_count_walk_ins (day, service);

  if (cap > 0 && given >= cap)
    {
      if (mode == GCH_SITE_MODE_CRISE)
        g_set_error (error, GCH_ERROR, GCH_ERROR_CAP_REACHED,
                     /* Translators: the service, the crisis cap, the usual cap */
                     _("Crisis: walk-in tickets for %s are limited to %u today, half the usual "
                       "%u, and all are given. Offer an appointment or a call-back instead."),
                     gch_service_get_name (service), cap, gch_service_get_walk_in_cap (service));
      else
        g_set_error (error, GCH_ERROR, GCH_ERROR_CAP_REACHED,
                     ngettext ("The %u walk-in ticket of the day for %s is given. "
                               "Offer an appointment or a call-back instead.",
                               "The %u walk-in tickets of the day for %s are given. "
                               "Offer an appointment or a call-back instead.", cap),
                     cap, gch_service_get_name (service));
      return FALSE;
    }

  if (mode == GCH_SITE_MODE_NORMAL || day->site == NULL)
    return TRUE;

  /* Served before closing, or not given a ticket. */
  last_call = gch_day_local_time (day, gch_site_get_closes_at (day->site)) -
              gch_policy_service_seconds (day, settings, service);
  wait = gch_policy_estimate_walk_in (day, settings, service, GCH_PRIORITY_NONE, now);
  if (now + MAX (wait, 0) <= last_call)
    return TRUE;

  if (mode == GCH_SITE_MODE_CRISE)
    g_set_error (error, GCH_ERROR, GCH_ERROR_CAP_REACHED,
                 _("Crisis: a new walk-in for %s would not be called before closing. "
                   "Offer an appointment or a call-back instead."),
                 gch_service_get_name (service));
  else
    g_set_error (error, GCH_ERROR, GCH_ERROR_CAP_REACHED,
                 _("Affluence: a new walk-in for %s would not be called before closing. "
                   "Offer an appointment or a call-back instead."),
                 gch_service_get_name (service));
  return FALSE;
}
