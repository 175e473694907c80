/* gch-change-private.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-change.h"

G_BEGIN_DECLS

/* A change replaying another station's operation keeps that operation's id. */
void _gch_change_set_uuid (GchChange  *self,
                           const char *uuid);

G_END_DECLS
