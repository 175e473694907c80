/* gch-suggestion.h
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
 * GchSuggestion:
 * @guichet: the guichet to open
 * @service: the code of the service it helps most
 * @wait_before: the estimated wait of a new walk-in of @service now, in
 *   seconds, or -1 when no open guichet serves it
 * @wait_after: the same, with @guichet open
 *
 * A rebalancing the supervisor may accept in one click, with its
 * predicted effect.
 */
typedef struct
{
  guint   guichet;
  char   *service;
  gint64  wait_before;
  gint64  wait_after;
} GchSuggestion;

void       gch_suggestion_free      (GchSuggestion           *suggestion);
char      *gch_suggestion_describe  (const GchSuggestion     *suggestion,
                                     GchDay                  *day);
GPtrArray *gch_suggest_rebalancing  (GchDay                  *day,
                                     const GchPolicySettings *settings,
                                     gint64                   now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchSuggestion, gch_suggestion_free)

G_END_DECLS
