/* gch-alert-watch.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "guichet.h"

#include "gch-notifier.h"

G_BEGIN_DECLS

#define GCH_TYPE_ALERT_WATCH (gch_alert_watch_get_type ())

G_DECLARE_FINAL_TYPE (GchAlertWatch, gch_alert_watch, GCH, ALERT_WATCH, GObject)

GchAlertWatch *gch_alert_watch_new   (GchNotifier             *notifier);
guint          gch_alert_watch_check (GchAlertWatch           *self,
                                      GchDay                  *day,
                                      const GchPolicySettings *settings,
                                      gint64                   now,
                                      gboolean                 notify);

G_END_DECLS
