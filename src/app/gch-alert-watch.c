/* gch-alert-watch.c
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

#define G_LOG_DOMAIN "gch-alert-watch"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-alert-watch.h"

/* The supervisor's threshold alerts (issue 5, point 2): at each check, the
 * services past a threshold that were not at the previous check make a
 * desktop notification each, whose click opens the supervision. An alert
 * that lasts is told once; one that ends and comes back is told again.
 * It ends only when its figure is back to three quarters of its limit, so
 * that a wait that goes 30, 31, 30, 31 min against a limit of 30 tells the
 * supervisor once, not at every other minute.
 */

#define ALERT_ENDS_SHARE 0.75
struct _GchAlertWatch
{
  GObject      parent_instance;

  GchNotifier *notifier;
  GHashTable  *active;     /* the alerts' keys at the previous check */
};

G_DEFINE_FINAL_TYPE (GchAlertWatch, gch_alert_watch, G_TYPE_OBJECT)

static void
gch_alert_watch_finalize (GObject *object)
{
  GchAlertWatch *self = (GchAlertWatch *)object;

  g_clear_object (&self->notifier);
  g_clear_pointer (&self->active, g_hash_table_unref);

  G_OBJECT_CLASS (gch_alert_watch_parent_class)->finalize (object);
}

static void
gch_alert_watch_class_init (GchAlertWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gch_alert_watch_finalize;
}

static void
gch_alert_watch_init (GchAlertWatch *self)
{
  self->active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * gch_alert_watch_new:
 * @notifier: where the notifications go
 *
 * Returns: (transfer full): a watch with no alert seen yet
 */
GchAlertWatch *
gch_alert_watch_new (GchNotifier *notifier)
{
  GchAlertWatch *self;

  g_return_val_if_fail (GCH_IS_NOTIFIER (notifier), NULL);

  self = g_object_new (GCH_TYPE_ALERT_WATCH, NULL);
  self->notifier = g_object_ref (notifier);
  return self;
}

/**
 * gch_alert_watch_check:
 * @settings: the policy settings, as the site's mode makes them
 * @now: the time now
 * @notify: %FALSE when nobody is to be told (not a supervisor, alerts
 *   turned off): the alerts are then forgotten, so that they are told when
 *   this becomes %TRUE
 *
 * Returns: how many new alerts were notified
 */
guint
gch_alert_watch_check (GchAlertWatch           *self,
                       GchDay                  *day,
                       const GchPolicySettings *settings,
                       gint64                   now,
                       gboolean                 notify)
{
  g_autoptr(GHashTable) active = NULL;
  g_autoptr(GPtrArray) figures = NULL;
  g_autofree char *reason = NULL;
  GchSiteMode suggested = GCH_SITE_MODE_NORMAL;
  guint n_new = 0;

  g_return_val_if_fail (GCH_IS_ALERT_WATCH (self), 0);

  if (!notify || day == NULL || day->site == NULL)
    {
      g_hash_table_remove_all (self->active);
      return 0;
    }

  active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  figures = gch_measure_thresholds (day, settings, now);

  for (guint i = 0; i < figures->len; i++)
    {
      const GchAlert *alert = g_ptr_array_index (figures, i);
      g_autofree char *key = gch_alert_dup_key (alert);
      g_autofree char *id = NULL;
      g_autofree char *summary = NULL;

      if (!gch_alert_is_past (alert))
        {
          /* Not past the limit, but not yet well under: it has not ended. */
          if (g_hash_table_contains (self->active, key) &&
              gch_alert_get_share (alert) > ALERT_ENDS_SHARE)
            g_hash_table_add (active, g_steal_pointer (&key));
          continue;
        }

      if (!g_hash_table_contains (self->active, key))
        {
          id = g_strconcat ("threshold:", key, NULL);
          summary = gch_alert_describe (alert, day);
          if (n_new == 0)
            suggested = gch_suggest_mode (day, settings, now, &reason);
          /* The mode the policy suggests, when it is not the site's. */
          gch_notifier_notify_with_action (self->notifier, id, summary,
                                           suggested != gch_site_get_mode (day->site) && reason != NULL
                                           ? reason
                                           : _("The supervision shows the hall and what would help."),
                                           "win.show-view('supervisor')");
          n_new++;
        }
      g_hash_table_add (active, g_steal_pointer (&key));
    }

  g_hash_table_unref (self->active);
  self->active = g_steal_pointer (&active);
  return n_new;
}
