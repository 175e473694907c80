/* gch-demo.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

/* The seed of the demo that `guichet --demo` opens. */
#define GCH_DEMO_SEED 42

/* The time of day, in minutes after midnight, that the demo opens at. */
#define GCH_DEMO_TIME (10 * 60 + 30)

GchDay   *gch_demo_generate     (guint32      seed,
                                const char  *date,
                                guint        minutes);
char     *gch_demo_today        (void);
gint64    gch_demo_start_time   (const char  *date,
                                 guint        minutes);
GchStore *gch_demo_create_store (const char  *path,
                                 guint32      seed,
                                 const char  *date,
                                 guint        minutes,
                                 GError     **error);
gboolean  gch_demo_add_register (GchStore    *store,
                                 guint32      seed,
                                 const char  *date,
                                 GError     **error);

G_END_DECLS
