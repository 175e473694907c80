/* gch-agent.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_AGENT (gch_agent_get_type ())

G_DECLARE_FINAL_TYPE (GchAgent, gch_agent, GCH, AGENT, GObject)

const char   *gch_agent_get_id   (GchAgent *self);
const char   *gch_agent_get_name (GchAgent *self);
GchAgentRole  gch_agent_get_role (GchAgent *self);

G_END_DECLS
