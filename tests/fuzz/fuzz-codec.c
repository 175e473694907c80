/* fuzz-codec.c: the JSON codec under libFuzzer
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

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gch-test-codec.h"

/* Every input goes to gch_codec_parse(), and what parses goes to every
 * decoder, with a small fixed day for the references. Besides crashes and
 * what the sanitizers see, these are findings (abort()):
 *  - a g_warning() or g_critical() (made fatal),
 *  - an error other than GCH_ERROR_INVALID, or a message that is not UTF-8,
 *  - a parsed value that gch_codec_to_string() writes in a form that does
 *    not parse back to the same text,
 *  - a decoded object whose encoding is refused by its decoder, or comes
 *    back different.
 * See README.md for how to run it.
 */

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

#define DAY_JSON \
  "{\"date\":\"2026-11-23\"," \
  "\"site\":{\"code\":\"pref-75\",\"name\":\"Préfecture de police\"," \
  "\"timezone\":\"Europe/Paris\"," \
  "\"opens-at\":510,\"closes-at\":990,\"mode\":\"normal\"}," \
  "\"services\":[{\"code\":\"titres\",\"name\":\"Titres\",\"prefix\":\"A\"," \
  "\"typical-minutes\":15," \
  "\"documents\":[\"Photo\"],\"walk-in-cap\":40,\"accepts-appointments\":true," \
  "\"accepts-walk-ins\":true}," \
  "{\"code\":\"permis\",\"name\":\"Permis de conduire\",\"prefix\":\"P\",\"typical-minutes\":20," \
  "\"documents\":[],\"walk-in-cap\":0,\"accepts-appointments\":true,\"accepts-walk-ins\":false}]," \
  "\"guichets\":[{\"number\":3,\"label\":\"Guichet 3\",\"accessible\":true," \
  "\"services\":[\"titres\",\"permis\"],\"state\":\"open\",\"agent-id\":\"c.martin\"}]," \
  "\"agents\":[{\"id\":\"c.martin\",\"name\":\"Claire Martin\",\"role\":\"agent\"}]," \
  "\"appointments\":[{\"reference\":\"RDV-ABC123\",\"service\":\"titres\"," \
  "\"starts-at\":1795424400," \
  "\"duration-minutes\":15,\"persons\":2,\"holder-name\":\"Camille Dupont\"," \
  "\"status\":\"checked-in\",\"guichet\":3,\"version\":2}]," \
  "\"entries\":[{\"id\":\"e-A001\",\"ticket\":\"A001\",\"service\":\"titres\"," \
  "\"priority\":\"none\"," \
  "\"arrived-at\":1795423000,\"appointment\":\"RDV-ABC123\",\"late\":false,\"state\":\"waiting\"," \
  "\"recalls\":0,\"version\":1}]," \
  "\"events\":[]}"

static GchDay *lookup_day;

static G_NORETURN void
finding (const char *what,
         const char *detail)
{
  fprintf (stderr, "fuzz-codec: %s: %s\n", what, detail ? detail : "");
  abort ();
}

static void
check_refusal (GError *error)
{
  if (!g_error_matches (error, GCH_ERROR, GCH_ERROR_INVALID))
    finding ("an error other than GCH_ERROR_INVALID", error ? error->message : "no error set");
  if (!g_utf8_validate (error->message, -1, NULL))
    finding ("an error message that is not UTF-8", NULL);
}

static char *
encode_text (GchTestRecord record,
             gpointer      object)
{
  g_autoptr(JsonNode) json = gch_test_codec_encode (record, object);

  return gch_codec_to_string (json);
}

/* What a decoder accepts, encoded, is accepted again and encodes the same. */
static void
check_round_trip (GchTestRecord record,
                  gpointer      object)
{
  g_autofree char *first = encode_text (record, object);
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = gch_codec_parse (first, strlen (first), &error);
  gpointer again;

  if (node == NULL)
    finding ("an encoded object does not parse", first);
  if ((again = gch_test_codec_decode (record, node, lookup_day, &error)) == NULL)
    finding ("an encoded object is refused", error->message);

  second = encode_text (record, again);
  gch_test_codec_free (record, again);
  if (strcmp (first, second) != 0)
    finding ("an object changes on its way back", first);
}

/* Any parsed value is written so that it parses back, the same. */
static void
check_writer (JsonNode *node)
{
  g_autofree char *text = gch_codec_to_string (node);
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = gch_codec_parse (text, strlen (text), &error);

  if (parsed == NULL)
    finding ("a written value does not parse", error->message);

  again = gch_codec_to_string (parsed);
  if (strcmp (text, again) != 0)
    finding ("a written value changes on its way back", text);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* A warning or a critical on any input is a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  g_log_set_fatal_mask (NULL, G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);

  node = gch_codec_parse (DAY_JSON, strlen (DAY_JSON), &error);
  if (node == NULL || (lookup_day = gch_codec_day_from_json (node, &error)) == NULL)
    finding ("the fixed day does not decode", error->message);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = gch_codec_parse ((const char *) data, size, &error);

  if (node == NULL)
    {
      check_refusal (error);
      return 0;
    }

  check_writer (node);

  for (GchTestRecord d = 0; d < GCH_TEST_N_RECORDS; d++)
    {
      g_autoptr(GError) decode_error = NULL;
      gpointer object = gch_test_codec_decode (d, node, lookup_day, &decode_error);

      if (object == NULL)
        {
          check_refusal (decode_error);
          continue;
        }

      check_round_trip (d, object);
      gch_test_codec_free (d, object);
    }

  return 0;
}
