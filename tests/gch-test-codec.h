/* gch-test-codec.h: every record of the API's JSON, one switch for all
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

#include "guichet.h"

G_BEGIN_DECLS

/* The codec's decoders, in an order tests can loop over. */
typedef enum
{
  GCH_TEST_RECORD_SITE,
  GCH_TEST_RECORD_SERVICE,
  GCH_TEST_RECORD_GUICHET,
  GCH_TEST_RECORD_AGENT,
  GCH_TEST_RECORD_APPOINTMENT,
  GCH_TEST_RECORD_ENTRY,
  GCH_TEST_RECORD_EVENT,
  GCH_TEST_RECORD_DAY,
  GCH_TEST_RECORD_OPERATION,
  GCH_TEST_N_RECORDS
} GchTestRecord;

gpointer  gch_test_codec_decode (GchTestRecord   record,
                                 JsonNode       *node,
                                 GchDay         *day,
                                 GError        **error);
JsonNode *gch_test_codec_encode (GchTestRecord   record,
                                 gpointer        object);
void      gch_test_codec_free   (GchTestRecord   record,
                                 gpointer        object);

G_END_DECLS
