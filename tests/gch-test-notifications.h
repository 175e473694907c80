/* gch-test-notifications.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-test-app.h"

G_BEGIN_DECLS

/* A notification seen on the session bus. */
typedef struct
{
  char     *summary;
  char     *body;
  gboolean  has_default;   /* clicking it does something */
} GchTestNotification;

void             gch_test_notification_clear     (GchTestNotification *notification);

GDBusConnection *gch_test_notifications_watch    (void);
guint            gch_test_notifications_count    (const char          *summary_prefix,
                                                  const char          *body_part,
                                                  GchTestNotification *last);
guint            gch_test_notifications_n_closed (void);
void             gch_test_notifications_flush    (GchTestApp          *fixture);

G_END_DECLS
