/* gch-application-private.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-application.h"
#include "gch-notifier.h"

G_BEGIN_DECLS

struct _GchApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GchClock       *clock;
  GchStore       *store;
  GchStation     *station;
  GError         *store_error;
  GchNotifier    *notifier;

  /* entries already notified for a long wait */
  GHashTable     *alerted;
  guint           alert_source;

  /* --demo: a database of its own, remade at each start, and a clock
   * that starts at the demo's time of day
   */
  gboolean        demo;
};

void _gch_application_add_actions (GchApplication *self);
void _gch_application_submit      (GchApplication   *self,
                                   const GchRequest *request);
void _gch_application_toast       (GchApplication   *self,
                                   const char       *message);

G_END_DECLS
