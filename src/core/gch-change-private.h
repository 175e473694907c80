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

/* A change decided while the station was offline: the entries it creates
 * are the station's own to call until the server is back.
 */
void     _gch_change_set_offline (GchChange  *self,
                                  gboolean    offline);
gboolean _gch_change_get_offline (GchChange  *self);

G_END_DECLS
