/* gch-notifier.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GCH_TYPE_NOTIFIER (gch_notifier_get_type ())

G_DECLARE_FINAL_TYPE (GchNotifier, gch_notifier, GCH, NOTIFIER, GObject)

GchNotifier *gch_notifier_new          (const char  *app_name);
gboolean     gch_notifier_notify       (GchNotifier *self,
                                        const char  *id,
                                        const char  *summary,
                                        const char  *body);
gboolean     gch_notifier_notify_with_action (GchNotifier *self,
                                              const char  *id,
                                              const char  *summary,
                                              const char  *body,
                                              const char  *detailed_action);
gboolean     gch_notifier_notify_transient (GchNotifier *self,
                                            const char  *id,
                                            const char  *summary,
                                            const char  *body);
gboolean     gch_notifier_activate     (GchNotifier *self,
                                        const char  *id);
void         gch_notifier_withdraw     (GchNotifier *self,
                                        const char  *id);
void         gch_notifier_withdraw_all (GchNotifier *self);
guint        gch_notifier_get_n_shown  (GchNotifier *self);

G_END_DECLS
