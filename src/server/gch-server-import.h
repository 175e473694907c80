/* gch-server-import.h: a day's appointments from a JSON or CSV file
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

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

/* The columns of a CSV import, in the order its header usually has them. */
#define GCH_SERVER_IMPORT_CSV_HEADER \
  "reference,date,service,starts_at,duration_minutes,persons,holder_name,phone,email," \
  "dossier_number,predemande_number"

GchDay   *gch_server_import_read_csv  (GchStore    *store,
                                       const char  *data,
                                       gsize        length,
                                       GError     **error);
GchDay   *gch_server_import_read_json (GchStore    *store,
                                       const char  *data,
                                       gsize        length,
                                       GError     **error);
gboolean  gch_server_import_file      (GchStore    *store,
                                       const char  *path,
                                       char       **date,
                                       guint       *n_appointments,
                                       GError     **error);

G_END_DECLS
