/* gch-alert.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-policy.h"
#include "gch-types.h"

G_BEGIN_DECLS

/**
 * GchAlertKind:
 * @GCH_ALERT_WAIT: a new walk-in would wait longer than the service's
 *   maximum wait
 * @GCH_ALERT_WAITING_PER_GUICHET: more people wait than the service's
 *   maximum per open guichet handling it allows
 * @GCH_ALERT_NO_GUICHET: people wait and no open guichet handles the
 *   service
 */
typedef enum
{
  GCH_ALERT_WAIT,
  GCH_ALERT_WAITING_PER_GUICHET,
  GCH_ALERT_NO_GUICHET,
} GchAlertKind;

/**
 * GchAlert:
 * @service: the service's code
 * @kind: which threshold
 * @value: for %GCH_ALERT_WAIT, the estimated wait of a new walk-in in
 *   seconds; otherwise the number of people waiting
 * @limit: for %GCH_ALERT_WAIT, the maximum wait in seconds; for
 *   %GCH_ALERT_WAITING_PER_GUICHET, the most people allowed waiting per open
 *   guichet; for %GCH_ALERT_NO_GUICHET, the same, as if one guichet were open
 * @guichets: the open guichets handling the service
 *
 * One service past one of its thresholds (or, from gch_suggest_mode(),
 * its figure nearest to one).
 */
typedef struct
{
  char         *service;
  GchAlertKind  kind;
  gint64        value;
  gint64        limit;
  guint         guichets;
} GchAlert;

/**
 * SECTION:gch-alert
 *
 * Thresholds (DESIGN.md §5, issue 5): a service is past a threshold when a
 * new walk-in's estimated wait is longer than its maximum wait, or when
 * more people wait for it than its maximum per open guichet handling it,
 * times those guichets. Exactly at a limit is not past it. A service with
 * people waiting and no open guichet is an alert of its own. The wait of
 * a service without walk-ins is not checked.
 *
 * The suggested mode reads each figure as a share of its limit (the wait
 * over the maximum wait, the people waiting over the maximum per guichet
 * times the open guichets, or one guichet when none is open) and takes the
 * highest share, s, over every service:
 *
 * - s > 2 (a limit crossed twice over): crise;
 * - s > 1 (a limit crossed): affluence, unless the site is in crise and s
 *   is over 1.5;
 * - the way down has a margin, so that the suggestion does not flap at
 *   each call: out of crise only when s ≤ 1.5, back to normal only when
 *   s ≤ 0.75 (every service at three quarters of its limits at most).
 *
 * Anything else keeps the current mode, with no reason.
 */

void       gch_alert_free         (GchAlert                *alert);
double     gch_alert_get_share    (const GchAlert          *alert);
gboolean   gch_alert_is_past      (const GchAlert          *alert);
char      *gch_alert_describe     (const GchAlert          *alert,
                                   GchDay                  *day);
char      *gch_alert_dup_key      (const GchAlert          *alert);
GPtrArray *gch_measure_thresholds (GchDay                  *day,
                                   const GchPolicySettings *settings,
                                   gint64                   now);
GPtrArray *gch_check_thresholds   (GchDay                  *day,
                                   const GchPolicySettings *settings,
                                   gint64                   now);
GchSiteMode gch_suggest_mode      (GchDay                  *day,
                                   const GchPolicySettings *settings,
                                   gint64                   now,
                                   char                   **reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchAlert, gch_alert_free)

G_END_DECLS
