/* gch-event-private.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-event.h"

G_BEGIN_DECLS

/* The sequence number is the store's to give, once the event is written. */
void _gch_event_set_seq (GchEvent *self,
                         gint64    seq);

G_END_DECLS
