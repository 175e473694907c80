/* gch-error.c
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gch-error.h"

G_DEFINE_QUARK (gch-error-quark, gch_error)
