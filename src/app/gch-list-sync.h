/* gch-list-sync.h: update a list model in place
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gpointer (*GchItemKeyFunc)  (gpointer item);
typedef gpointer (*GchItemMakeFunc) (gpointer key);

void gch_list_store_sync (GListStore      *store,
                          GPtrArray       *keys,
                          GchItemKeyFunc   key_of,
                          GchItemMakeFunc  make);

G_END_DECLS
