/* gch-list-sync.c
 *
 * Copyright 2026 Guichet developers
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gch-list-sync.h"

/**
 * gch_list_store_sync:
 * @store: the model a view shows
 * @keys: (element-type GObject): what it should list now, in order
 * @key_of: the key of one of @store's items
 * @make: (transfer full): a new item for a key @store does not list yet
 *
 * Brings @store to @keys by replacing only the stretch between the part
 * that did not change at the start and the part that did not change at the
 * end: calling the next person removes one row, a new ticket adds one. Items
 * that stay keep their identity, so their rows are not rebuilt.
 */
void
gch_list_store_sync (GListStore      *store,
                     GPtrArray       *keys,
                     GchItemKeyFunc   key_of,
                     GchItemMakeFunc  make)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n_old = g_list_model_get_n_items (model);
  guint n_new = keys->len;
  guint prefix = 0, suffix = 0;
  g_autoptr(GHashTable) kept = NULL;
  g_autoptr(GPtrArray) additions = NULL;

  while (prefix < n_old && prefix < n_new)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, prefix);

      if (key_of (item) != g_ptr_array_index (keys, prefix))
        break;
      prefix++;
    }

  while (suffix < n_old - prefix && suffix < n_new - prefix)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, n_old - 1 - suffix);

      if (key_of (item) != g_ptr_array_index (keys, n_new - 1 - suffix))
        break;
      suffix++;
    }

  if (prefix + suffix == n_old && prefix + suffix == n_new)
    return;

  /* Items that only moved inside the stretch are reused. */
  kept = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  for (guint i = prefix; i < n_old - suffix; i++)
    {
      GObject *item = g_list_model_get_item (model, i);

      g_hash_table_insert (kept, key_of (item), item);
    }

  additions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = prefix; i < n_new - suffix; i++)
    {
      gpointer key = g_ptr_array_index (keys, i);
      gpointer item = g_hash_table_lookup (kept, key);

      g_ptr_array_add (additions, item != NULL ? g_object_ref (item) : make (key));
    }

  g_list_store_splice (store, prefix, n_old - prefix - suffix, additions->pdata, additions->len);
}
