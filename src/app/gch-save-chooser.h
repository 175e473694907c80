/* gch-save-chooser.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  gch_save_chooser_show     (GtkFileChooserNative **chooser,
                                 GtkWindow             *parent,
                                 const char            *title,
                                 const char            *name,
                                 GCallback              response_cb,
                                 gpointer               user_data);
char *gch_save_chooser_describe (GFile                 *file,
                                 const GError          *error);

G_END_DECLS
