/* gch-mode.h
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
 * SECTION:gch-mode
 *
 * What the site's mode sets (DESIGN.md §5), decided here once for the
 * station, the reception, the board and the printed ticket:
 *
 * |                  | normal           | affluence                  | crise                        |
 * |------------------|------------------|----------------------------|------------------------------|
 * | walk-in tickets  | the service's cap| the cap, and no ticket     | half the cap (rounded up),   |
 * |                  |                  | called too late (below)    | and no ticket called too late|
 * | late tolerance   | the policy's     | half of it (rounded down)  | 0: late is late              |
 * | message          | none             | "Heavy affluence: …"       | "Exceptional affluence: …"   |
 * | quieter hours    | on tickets       | on tickets and the board   | on tickets and the board     |
 *
 * "Called too late": in affluence and crise, a walk-in whose estimated call
 * (gch_policy_estimate_walk_in()) falls after closing time minus the
 * service's duration (gch_policy_service_seconds(): today's mean, or the
 * typical duration) would not be served today, so the reception offers an
 * appointment or a call-back instead of a ticket. A call exactly at that
 * time is still served. When no open guichet serves the service, the
 * estimate is unknown and only the time now is checked.
 *
 * The quieter hours come from gch_day_dup_quiet_hours(): past days'
 * arrivals, so a site without past days has none to suggest.
 */

guint        gch_mode_walk_in_cap           (GchSiteMode              mode,
                                             GchService              *service);
guint        gch_mode_late_tolerance        (GchSiteMode              mode,
                                             const GchPolicySettings *settings);
void         gch_mode_apply                 (GchSiteMode              mode,
                                             const GchPolicySettings *settings,
                                             GchPolicySettings       *effective);
const char  *gch_mode_get_message           (GchSiteMode              mode);
gboolean     gch_mode_shows_quiet_hours     (GchSiteMode              mode);
char        *gch_mode_dup_notice            (GchDay                  *day,
                                             gint64                   now);
guint        gch_mode_count_walk_ins        (GchDay                  *day,
                                             GchService              *service);
gboolean     gch_mode_check_walk_in         (GchDay                  *day,
                                             const GchPolicySettings *settings,
                                             GchService              *service,
                                             gint64                   now,
                                             GError                 **error);

G_END_DECLS
