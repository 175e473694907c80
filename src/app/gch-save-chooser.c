/* gch-save-chooser.c
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

#include <glib/gi18n.h>

#include "gch-save-chooser.h"

/* Where the exports of the pages are saved: one way to ask, one way to
 * tell how it went.
 */

/**
 * gch_save_chooser_show:
 * @chooser: (inout): the chooser of the caller, replaced by the new one
 *   (a previous one still open goes)
 * @name: the file's name proposed
 * @response_cb: the chooser's #GtkNativeDialog::response handler; it
 *   clears @chooser
 *
 * Asks where to save, over @parent.
 */
void
gch_save_chooser_show (GtkFileChooserNative **chooser,
                       GtkWindow             *parent,
                       const char            *title,
                       const char            *name,
                       GCallback              response_cb,
                       gpointer               user_data)
{
  g_return_if_fail (chooser != NULL);

  if (*chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (*chooser));
  g_clear_object (chooser);

  *chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                          _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (*chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (*chooser), TRUE);
  g_signal_connect (*chooser, "response", response_cb, user_data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (*chooser));
}

/**
 * gch_save_chooser_describe:
 * @error: (nullable): why saving @file failed, or %NULL if it did not
 *
 * Returns: (transfer full) (nullable): what to tell once saving ended:
 *   "Saved “name”.", why it failed, or %NULL when it was cancelled
 */
char *
gch_save_chooser_describe (GFile        *file,
                           const GError *error)
{
  g_autofree char *name = NULL;

  if (error != NULL)
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           ? NULL : g_strdup (error->message);

  name = g_file_get_basename (file);
  /* Translators: a file's name */
  return g_strdup_printf (_("Saved “%s”."), name);
}
