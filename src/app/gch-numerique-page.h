/* gch-numerique-page.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"

G_BEGIN_DECLS

typedef enum
{
  GCH_NUMERIQUE_FORMAT_CSV,
  GCH_NUMERIQUE_FORMAT_PDF,
} GchNumeriqueFormat;

#define GCH_TYPE_NUMERIQUE_PAGE (gch_numerique_page_get_type ())

G_DECLARE_FINAL_TYPE (GchNumeriquePage, gch_numerique_page, GCH, NUMERIQUE_PAGE, AdwBin)

void       gch_numerique_page_set_station      (GchNumeriquePage    *self,
                                                GchStation          *station);
void       gch_numerique_page_refresh          (GchNumeriquePage    *self);
GPtrArray *gch_numerique_page_get_sessions     (GchNumeriquePage    *self);
gboolean   gch_numerique_page_can_read_signatures (GchNumeriquePage *self);
void       gch_numerique_page_new_session      (GchNumeriquePage    *self);
void       gch_numerique_page_show_signature   (GchNumeriquePage    *self,
                                                const char          *id);
void       gch_numerique_page_export           (GchNumeriquePage    *self,
                                                GchNumeriqueFormat   format);
void       gch_numerique_page_save_async       (GchNumeriquePage    *self,
                                                GchNumeriqueFormat   format,
                                                GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean   gch_numerique_page_save_finish      (GchNumeriquePage    *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
