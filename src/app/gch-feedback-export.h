/* gch-feedback-export.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "guichet.h"

G_BEGIN_DECLS

char     *gch_feedback_export_dup_filename (GchStation           *station);
char     *gch_feedback_export_describe     (GFile                *file,
                                            guint                 n_contacts,
                                            guint                 n_unread);
void      gch_feedback_export_async        (GchStation           *station,
                                            const char           *reader,
                                            GchAgentRole          role,
                                            GFile                *file,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  gch_feedback_export_finish       (GAsyncResult         *result,
                                            guint                *n_contacts,
                                            guint                *n_unread,
                                            GError              **error);

G_END_DECLS
