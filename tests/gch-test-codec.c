/* gch-test-codec.c: every record of the API's JSON, one switch for all
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

#include "config.h"

#include "gch-test-codec.h"

/* Shared by test-codec and the fuzz target, which run every decoder on
 * the same input and send back what each accepts.
 */

/**
 * gch_test_codec_decode:
 * @day: the day appointments and entries name their services in
 *
 * Returns: (transfer full): the record, to free with gch_test_codec_free()
 */
gpointer
gch_test_codec_decode (GchTestRecord   record,
                       JsonNode       *node,
                       GchDay         *day,
                       GError        **error)
{
  switch (record)
    {
    case GCH_TEST_RECORD_SITE:
      return gch_codec_site_from_json (node, error);
    case GCH_TEST_RECORD_SERVICE:
      return gch_codec_service_from_json (node, error);
    case GCH_TEST_RECORD_GUICHET:
      return gch_codec_guichet_from_json (node, error);
    case GCH_TEST_RECORD_AGENT:
      return gch_codec_agent_from_json (node, error);
    case GCH_TEST_RECORD_APPOINTMENT:
      return gch_codec_appointment_from_json (node, day, error);
    case GCH_TEST_RECORD_ENTRY:
      return gch_codec_entry_from_json (node, day, error);
    case GCH_TEST_RECORD_EVENT:
      return gch_codec_event_from_json (node, error);
    case GCH_TEST_RECORD_DAY:
      return gch_codec_day_from_json (node, error);
    case GCH_TEST_RECORD_OPERATION:
      return gch_codec_operation_from_json (node, error);
    case GCH_TEST_N_RECORDS:
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
gch_test_codec_encode (GchTestRecord record,
                       gpointer      object)
{
  switch (record)
    {
    case GCH_TEST_RECORD_SITE:
      return gch_codec_site_to_json (object);
    case GCH_TEST_RECORD_SERVICE:
      return gch_codec_service_to_json (object);
    case GCH_TEST_RECORD_GUICHET:
      return gch_codec_guichet_to_json (object);
    case GCH_TEST_RECORD_AGENT:
      return gch_codec_agent_to_json (object);
    case GCH_TEST_RECORD_APPOINTMENT:
      return gch_codec_appointment_to_json (object);
    case GCH_TEST_RECORD_ENTRY:
      return gch_codec_entry_to_json (object);
    case GCH_TEST_RECORD_EVENT:
      return gch_codec_event_to_json (object);
    case GCH_TEST_RECORD_DAY:
      return gch_codec_day_to_json (object);
    case GCH_TEST_RECORD_OPERATION:
      return gch_codec_operation_to_json (object);
    case GCH_TEST_N_RECORDS:
    default:
      g_assert_not_reached ();
    }
}

/* Frees a decoded record, and checks nothing else holds on to it. */
void
gch_test_codec_free (GchTestRecord record,
                     gpointer      object)
{
  if (object == NULL)
    return;

  if (record == GCH_TEST_RECORD_DAY)
    gch_day_free (object);
  else if (record == GCH_TEST_RECORD_OPERATION)
    gch_operation_free (object);
  else
    g_assert_finalize_object (object);
}
