/* guichet.h: the whole public API of libguichet
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-agent.h"
#include "gch-alert.h"
#include "gch-appointment.h"
#include "gch-callback.h"
#include "gch-change.h"
#include "gch-clock.h"
#include "gch-day.h"
#include "gch-demo.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-event.h"
#include "gch-feedback-report.h"
#include "gch-feedback.h"
#include "gch-figures.h"
#include "gch-guichet.h"
#include "gch-mode.h"
#include "gch-numerique.h"
#include "gch-policy.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-site.h"
#include "gch-station.h"
#include "gch-store.h"
#include "gch-suggestion.h"
#include "gch-sync.h"
#include "gch-types.h"
