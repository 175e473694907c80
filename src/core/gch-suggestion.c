/* gch-suggestion.c
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

#define G_LOG_DOMAIN "gch-suggestion"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gch-day.h"
#include "gch-guichet.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-suggestion.h"

/* Rebalancing suggestions (DESIGN.md §5): for each guichet that is paused
 * or closed, the queue policy plans the hall again as if it were open, and
 * the estimated wait of a new walk-in, before and after, is the predicted
 * effect the supervisor reads ("open guichet 6 for Titres: estimated wait
 * 48 → 31 min"). The same pure policy decides, so accepting a suggestion
 * (opening the guichet) gives the wait it predicted.
 */

/* Less than this is not worth a supervisor's attention. */
#define MIN_GAIN_SECONDS (5 * 60)

void
gch_suggestion_free (GchSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;

  g_free (suggestion->service);
  g_free (suggestion);
}

static GPtrArray *
copy_objects (GPtrArray *objects)
{
  return g_ptr_array_copy (objects, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
}

/* @day as it would be with @guichet open: the same objects, shared, but
 * for that guichet. Nothing of @day changes.
 */
static GchDay *
day_with_open (GchDay     *day,
               GchGuichet *guichet)
{
  GchDay *open = gch_day_new (day->date);

  open->site = day->site != NULL ? g_object_ref (day->site) : NULL;
  g_ptr_array_unref (open->services);
  open->services = copy_objects (day->services);
  g_ptr_array_unref (open->agents);
  open->agents = copy_objects (day->agents);
  g_ptr_array_unref (open->appointments);
  open->appointments = copy_objects (day->appointments);
  g_ptr_array_unref (open->entries);
  open->entries = copy_objects (day->entries);
  g_ptr_array_unref (open->events);
  open->events = copy_objects (day->events);
  open->past_days = day->past_days;
  memcpy (open->past_walk_ins, day->past_walk_ins, sizeof open->past_walk_ins);

  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *one = g_ptr_array_index (day->guichets, i);

      if (one != guichet)
        g_ptr_array_add (open->guichets, g_object_ref (one));
      else
        g_ptr_array_add (open->guichets,
                         g_object_new (GCH_TYPE_GUICHET,
                                       "number", gch_guichet_get_number (one),
                                       "label", gch_guichet_get_label (one),
                                       "accessible", gch_guichet_get_accessible (one),
                                       "services", gch_guichet_get_services (one),
                                       "agent-id", gch_guichet_get_agent_id (one),
                                       "state", GCH_GUICHET_STATE_OPEN,
                                       NULL));
    }

  return open;
}

static gboolean
has_waiting (GchDay     *day,
             GchService *service)
{
  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      if (gch_queue_entry_get_service (entry) == service &&
          gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING)
        return TRUE;
    }

  return FALSE;
}

/* No guichet serving a service is the longest wait of all. */
static gint64
gain (gint64 before,
      gint64 after)
{
  if (after < 0)
    return 0;
  if (before < 0)
    return G_MAXINT64 / 2 - after;
  return before - after;
}

static int
compare_gains (gconstpointer a,
               gconstpointer b)
{
  const GchSuggestion *x = *(GchSuggestion * const *)a;
  const GchSuggestion *y = *(GchSuggestion * const *)b;
  gint64 gx = gain (x->wait_before, x->wait_after);
  gint64 gy = gain (y->wait_before, y->wait_after);

  return gx != gy ? (gx > gy ? -1 : 1) : (int)x->guichet - (int)y->guichet;
}

/**
 * gch_suggest_rebalancing:
 * @now: the time the waits are estimated at
 *
 * Returns: (transfer full) (element-type GchSuggestion): for each paused
 *   or closed guichet that would shorten a wait by 5 minutes or more, the
 *   service it helps most and the waits before and after; the best first.
 *   Empty when the hall needs nothing.
 */
GPtrArray *
gch_suggest_rebalancing (GchDay                  *day,
                         const GchPolicySettings *settings,
                         gint64                   now)
{
  GPtrArray *suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) gch_suggestion_free);

  g_return_val_if_fail (day != NULL, suggestions);
  g_return_val_if_fail (settings != NULL, suggestions);

  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, i);
      const char * const *codes = gch_guichet_get_services (guichet);
      g_autoptr(GchSuggestion) best = NULL;
      GchDay *open;

      if (gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_OPEN || codes == NULL)
        continue;

      open = day_with_open (day, guichet);
      for (guint j = 0; codes[j] != NULL; j++)
        {
          GchService *service = gch_day_find_service (day, codes[j]);
          gint64 before, after;

          if (service == NULL || !gch_service_get_accepts_walk_ins (service) ||
              !has_waiting (day, service))
            continue;

          before = gch_policy_estimate_walk_in (day, settings, service, GCH_PRIORITY_NONE, now);
          after = gch_policy_estimate_walk_in (open, settings, service, GCH_PRIORITY_NONE, now);
          if (gain (before, after) < MIN_GAIN_SECONDS ||
              (best != NULL && gain (before, after) <= gain (best->wait_before, best->wait_after)))
            continue;

          g_clear_pointer (&best, gch_suggestion_free);
          best = g_new0 (GchSuggestion, 1);
          best->guichet = gch_guichet_get_number (guichet);
          best->service = g_strdup (codes[j]);
          best->wait_before = before;
          best->wait_after = after;
        }
      gch_day_free (open);

      if (best != NULL)
        g_ptr_array_add (suggestions, g_steal_pointer (&best));
    }

  g_ptr_array_sort (suggestions, compare_gains);
  return suggestions;
}

/**
 * gch_suggestion_describe:
 * @day: the day @suggestion was made on, for the service's name
 *
 * Returns: (transfer full): what the supervisor reads, "Open guichet 6 for
 *   Titres: estimated wait 48 → 31 min"
 */
char *
gch_suggestion_describe (const GchSuggestion *suggestion,
                         GchDay              *day)
{
  GchService *service;
  const char *name;
  guint after;

  g_return_val_if_fail (suggestion != NULL, NULL);
  g_return_val_if_fail (day != NULL, NULL);

  service = gch_day_find_service (day, suggestion->service);
  name = service != NULL ? gch_service_get_name (service) : suggestion->service;
  after = (guint) ((suggestion->wait_after + 59) / 60);

  if (suggestion->wait_before < 0)
    /* Translators: a guichet's number, a service's name, then minutes */
    return g_strdup_printf (_("Open guichet %u for %s: no guichet serves it now; estimated wait "
                              "%u min"),
                            suggestion->guichet, name, after);

  /* Translators: a guichet's number, a service's name, then the minutes
   * a new walk-in would wait now, and with the guichet open
   */
  return g_strdup_printf (_("Open guichet %u for %s: estimated wait %u → %u min"),
                          suggestion->guichet, name,
                          (guint) ((suggestion->wait_before + 59) / 60), after);
}
