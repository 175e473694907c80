/* gch-sim-proxy.h: a loopback HTTP proxy that breaks answers on purpose
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

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * GchSimFault:
 * @GCH_SIM_FAULT_PASS: the request and its answer go through
 * @GCH_SIM_FAULT_DELAY: the answer goes through late
 * @GCH_SIM_FAULT_TRUNCATE: the answer is cut in its body: the connection
 *   closes early, or Content-Length is cut down to match
 * @GCH_SIM_FAULT_RESET: the server gets the request and answers; the
 *   client gets a reset instead of the answer
 * @GCH_SIM_FAULT_BLACKHOLE: the request goes nowhere and nothing comes back
 *   until the client gives up
 * @GCH_SIM_FAULT_CORRUPT: one byte of the answer's body becomes 0xFF, which
 *   no valid JSON holds
 */
typedef enum
{
  GCH_SIM_FAULT_PASS,
  GCH_SIM_FAULT_DELAY,
  GCH_SIM_FAULT_TRUNCATE,
  GCH_SIM_FAULT_RESET,
  GCH_SIM_FAULT_BLACKHOLE,
  GCH_SIM_FAULT_CORRUPT,
  GCH_SIM_N_FAULTS
} GchSimFault;

#define GCH_TYPE_SIM_PROXY (gch_sim_proxy_get_type ())

G_DECLARE_FINAL_TYPE (GchSimProxy, gch_sim_proxy, GCH, SIM_PROXY, GObject)

GchSimProxy *gch_sim_proxy_new          (guint16       upstream_port,
                                         guint32       seed,
                                         GError      **error);
guint16      gch_sim_proxy_get_port     (GchSimProxy  *self);
char        *gch_sim_proxy_dup_url      (GchSimProxy  *self);
void         gch_sim_proxy_set_weights  (GchSimProxy  *self,
                                         const guint  *weights);
void         gch_sim_proxy_set_fault    (GchSimProxy  *self,
                                         GchSimFault   fault,
                                         const char   *method);
guint        gch_sim_proxy_count        (GchSimProxy  *self,
                                         GchSimFault   fault);
void         gch_sim_proxy_close        (GchSimProxy  *self);

const char  *gch_sim_fault_to_string    (GchSimFault   fault);
gboolean     gch_sim_parse_faults       (const char   *text,
                                         guint        *weights,
                                         GError      **error);

G_END_DECLS
