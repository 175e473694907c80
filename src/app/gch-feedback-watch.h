/* gch-feedback-watch.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "guichet.h"

#include "gch-notifier.h"

G_BEGIN_DECLS

#define GCH_TYPE_FEEDBACK_WATCH (gch_feedback_watch_get_type ())

G_DECLARE_FINAL_TYPE (GchFeedbackWatch, gch_feedback_watch, GCH, FEEDBACK_WATCH, GObject)

GchFeedbackWatch *gch_feedback_watch_new          (GchNotifier      *notifier,
                                                   GSettings        *settings);
guint             gch_feedback_watch_check        (GchFeedbackWatch *self,
                                                   GPtrArray        *records,
                                                   gint64            now,
                                                   GTimeZone        *zone);
void              gch_feedback_watch_refresh      (GchFeedbackWatch *self,
                                                   GchStation       *station);
gboolean          gch_feedback_watch_get_busy     (GchFeedbackWatch *self);
guint             gch_feedback_watch_get_n_checks (GchFeedbackWatch *self);

G_END_DECLS
