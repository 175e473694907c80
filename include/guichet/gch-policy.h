/* gch-policy.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

/**
 * GchPolicySettings:
 * @late_tolerance_minutes: how late a holder may check in and keep the
 *   appointment; later, they wait as a walk-in, marked late
 * @max_priority_in_row: how many priority people a guichet calls in a row
 *   while ordinary walk-ins wait
 * @promote_after_minutes: how long an ordinary walk-in waits before being
 *   promoted to the priority class
 * @min_observed_services: how many services of a démarche must have ended
 *   today before their mean duration replaces the typical one
 *
 * The queue policy's settings (DESIGN.md §4). gch_policy_settings_init()
 * gives the defaults.
 */
typedef struct
{
  guint late_tolerance_minutes;
  guint max_priority_in_row;
  guint promote_after_minutes;
  guint min_observed_services;
} GchPolicySettings;

/**
 * GchPlacement:
 * @entry: the person waiting
 * @guichet: the guichet that will call them, 0 when no open guichet can
 * @rank: their place in that guichet's queue, 1 for the next
 * @called_at: when they should be called, seconds since the epoch; 0 when
 *   no open guichet can serve them
 *
 * Where and when the policy expects a waiting person to be called.
 */
typedef struct
{
  GchQueueEntry *entry;
  guint          guichet;
  guint          rank;
  gint64         called_at;
} GchPlacement;

typedef struct _GchQueuePlan GchQueuePlan;

void                gch_policy_settings_init        (GchPolicySettings       *settings);
gboolean            gch_policy_is_late              (const GchPolicySettings *settings,
                                                     GchAppointment          *appointment,
                                                     gint64                   arrived_at);
guint               gch_policy_service_seconds      (GchDay                  *day,
                                                     const GchPolicySettings *settings,
                                                     GchService              *service);

GchQueuePlan       *gch_policy_plan                 (GchDay                  *day,
                                                     const GchPolicySettings *settings,
                                                     gint64                   now);
GchQueueEntry      *gch_policy_next                 (GchDay                  *day,
                                                     const GchPolicySettings *settings,
                                                     guint                    guichet,
                                                     gint64                   now);
gint64              gch_policy_estimate_walk_in     (GchDay                  *day,
                                                     const GchPolicySettings *settings,
                                                     GchService              *service,
                                                     GchPriority              priority,
                                                     gint64                   now);

void                gch_queue_plan_free             (GchQueuePlan            *plan);
gint64              gch_queue_plan_get_now          (GchQueuePlan            *plan);
guint               gch_queue_plan_get_n_placements (GchQueuePlan            *plan);
const GchPlacement *gch_queue_plan_get_placement    (GchQueuePlan            *plan,
                                                     guint                    index);
const GchPlacement *gch_queue_plan_lookup           (GchQueuePlan            *plan,
                                                     GchQueueEntry           *entry);
GPtrArray          *gch_queue_plan_for_guichet      (GchQueuePlan            *plan,
                                                     guint                    guichet);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchQueuePlan, gch_queue_plan_free)

G_END_DECLS
