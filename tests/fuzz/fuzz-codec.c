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

#include "guichet.h"

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

typedef enum
{
  SITE,
  SERVICE,
  GUICHET,
  AGENT,
  APPOINTMENT,
  ENTRY,
  EVENT,
  DAY,
  OPERATION,
  N_DECODERS
} Decoder;

static GchDay *lookup_day;

static G_NORETURN void
finding (const char *what,
         const char *detail)
{
  fprintf (stderr, "fuzz-codec: %s: %s\n", what, detail ? detail : "");
  abort ();
}

static gpointer
decode (Decoder    decoder,
        JsonNode  *node,
        GError   **error)
{
  switch (decoder)
    {
    case SITE:
      return gch_codec_site_from_json (node, error);
    case SERVICE:
      return gch_codec_service_from_json (node, error);
    case GUICHET:
      return gch_codec_guichet_from_json (node, error);
    case AGENT:
      return gch_codec_agent_from_json (node, error);
    case APPOINTMENT:
      return gch_codec_appointment_from_json (node, lookup_day, error);
    case ENTRY:
      return gch_codec_entry_from_json (node, lookup_day, error);
    case EVENT:
      return gch_codec_event_from_json (node, error);
    case DAY:
      return gch_codec_day_from_json (node, error);
    case OPERATION:
      return gch_codec_operation_from_json (node, error);
    case N_DECODERS:
    default:
      abort ();
    }
}

static JsonNode *
encode (Decoder  decoder,
        gpointer object)
{
  switch (decoder)
    {
    case SITE:
      return gch_codec_site_to_json (object);
    case SERVICE:
      return gch_codec_service_to_json (object);
    case GUICHET:
      return gch_codec_guichet_to_json (object);
    case AGENT:
      return gch_codec_agent_to_json (object);
    case APPOINTMENT:
      return gch_codec_appointment_to_json (object);
    case ENTRY:
      return gch_codec_entry_to_json (object);
    case EVENT:
      return gch_codec_event_to_json (object);
    case DAY:
      return gch_codec_day_to_json (object);
    case OPERATION:
      return gch_codec_operation_to_json (object);
    case N_DECODERS:
    default:
      abort ();
    }
}

static void
free_decoded (Decoder  decoder,
              gpointer object)
{
  if (decoder == DAY)
    gch_day_free (object);
  else if (decoder == OPERATION)
    gch_operation_free (object);
  else
    g_object_unref (object);
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
encode_text (Decoder  decoder,
             gpointer object)
{
  g_autoptr(JsonNode) json = encode (decoder, object);

  return gch_codec_to_string (json);
}

/* What a decoder accepts, encoded, is accepted again and encodes the same. */
static void
check_round_trip (Decoder  decoder,
                  gpointer object)
{
  g_autofree char *first = encode_text (decoder, object);
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = gch_codec_parse (first, strlen (first), &error);
  gpointer again;

  if (node == NULL)
    finding ("an encoded object does not parse", first);
  if ((again = decode (decoder, node, &error)) == NULL)
    finding ("an encoded object is refused", error->message);

  second = encode_text (decoder, again);
  free_decoded (decoder, again);
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

  for (Decoder d = 0; d < N_DECODERS; d++)
    {
      g_autoptr(GError) decode_error = NULL;
      gpointer object = decode (d, node, &decode_error);

      if (object == NULL)
        {
          check_refusal (decode_error);
          continue;
        }

      check_round_trip (d, object);
      free_decoded (d, object);
    }

  return 0;
}
