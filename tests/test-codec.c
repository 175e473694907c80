/* test-codec.c
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

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "gch-event-private.h"
#include "gch-test-day.h"
#include "gch-test-codec.h"

/* The JSON of the HTTP API: every object and a whole day come back from
 * the wire equal in every field; operations built from real changes travel
 * whole; every rule of the strict decoder refuses what it must, with a
 * message that names the member; and mutated bodies never crash, leak or
 * log, but decode or give GCH_ERROR_INVALID.
 *
 * The texts below are written with single quotes, turned into double
 * quotes before use, and "#N#" stands for N letters x.
 */

#define DATE "2026-11-23"

#define SITE_JSON \
  "{'code':'pref-75','name':'Préfecture de police','timezone':'Europe/Paris'," \
  "'opens-at':510,'closes-at':990,'mode':'normal'}"
#define TITRES_JSON \
  "{'code':'titres','name':'Carte d’identité et passeport','prefix':'A','typical-minutes':15," \
  "'documents':['Photo d’identité','Justificatif de domicile'],'walk-in-cap':40," \
  "'accepts-appointments':true,'accepts-walk-ins':true,'max-wait-minutes':30," \
  "'max-waiting-per-guichet':5}"
#define PERMIS_JSON \
  "{'code':'permis','name':'Permis de conduire','prefix':'P','typical-minutes':20," \
  "'documents':[],'walk-in-cap':0,'accepts-appointments':true,'accepts-walk-ins':false," \
  "'max-wait-minutes':45,'max-waiting-per-guichet':8}"
#define GUICHET_JSON \
  "{'number':3,'label':'Guichet 3','accessible':true,'services':['titres','permis']," \
  "'state':'open','agent-id':'c.martin'}"
#define AGENT_JSON "{'id':'c.martin','name':'Claire Martin','role':'agent'}"
#define APPOINTMENT_JSON \
  "{'reference':'RDV-ABC123','service':'titres','starts-at':1795424400,'duration-minutes':15," \
  "'persons':2,'holder-name':'Camille Dupont','phone':'06 12 34 56 78'," \
  "'email':'camille.dupont@exemple.fr','dossier-number':'PC-001234'," \
  "'predemande-number':'AB12CD34EF','status':'checked-in','guichet':3,'version':2}"
#define ENTRY_JSON \
  "{'id':'e-A001','ticket':'A001','service':'titres','priority':'elderly'," \
  "'arrived-at':1795423000," \
  "'appointment':'RDV-ABC123','late':false,'state':'called','guichet':3,'called-at':1795424000," \
  "'recalls':1,'outcome':'served','notes':'Dossier complet\\nÀ rappeler','printed-at':1795423010," \
  "'version':3}"
#define EVENT_JSON \
  "{'seq':12,'record-kind':'entry','record-id':'e-A001','at':1795424000,'actor':'c.martin'," \
  "'guichet':3,'from-state':'waiting','to-state':'called','detail':'Appel'}"
#define OPERATION_JSON \
  "{'uuid':'0d9e8f2a-5b7c-4e1d-9a3f-6c2b8e4d7a10','kind':'call','record-kind':'entry'," \
  "'record-id':'e-A001','base-version':2,'at':1795424000,'actor':'c.martin'," \
  "'payload':{'action':'call','at':1795424000,'guichet':3,'entry':'e-A001','ticket':'A001'}}"
#define DAY_JSON \
  "{'date':'" DATE "','site':" SITE_JSON ",'services':[" TITRES_JSON "," PERMIS_JSON "]," \
  "'guichets':[" GUICHET_JSON "],'agents':[" AGENT_JSON "],'appointments':[" APPOINTMENT_JSON "]," \
  "'entries':[" ENTRY_JSON "],'events':[" EVENT_JSON "]}"

/* The codec's records, and PARSE: the bare parser, for the rows of
 * bodies that are not JSON at all.
 */
typedef enum
{
  SITE = GCH_TEST_RECORD_SITE,
  SERVICE = GCH_TEST_RECORD_SERVICE,
  GUICHET = GCH_TEST_RECORD_GUICHET,
  AGENT = GCH_TEST_RECORD_AGENT,
  APPOINTMENT = GCH_TEST_RECORD_APPOINTMENT,
  ENTRY = GCH_TEST_RECORD_ENTRY,
  EVENT = GCH_TEST_RECORD_EVENT,
  DAY = GCH_TEST_RECORD_DAY,
  OPERATION = GCH_TEST_RECORD_OPERATION,
  PARSE = GCH_TEST_N_RECORDS,
  N_DECODERS
} Decoder;

static const char * const decoder_names[N_DECODERS] = {
  [PARSE] = "parse", [SITE] = "site", [SERVICE] = "service", [GUICHET] = "guichet",
  [AGENT] = "agent", [APPOINTMENT] = "appointment", [ENTRY] = "entry", [EVENT] = "event",
  [DAY] = "day", [OPERATION] = "operation",
};

static const char * const bases[N_DECODERS] = {
  [SITE] = SITE_JSON,
  [SERVICE] = TITRES_JSON,
  [GUICHET] = GUICHET_JSON,
  [AGENT] = AGENT_JSON,
  [APPOINTMENT] = APPOINTMENT_JSON,
  [ENTRY] = ENTRY_JSON,
  [EVENT] = EVENT_JSON,
  [DAY] = DAY_JSON,
  [OPERATION] = OPERATION_JSON,
};

/* Helpers */

/* Single quotes become double quotes; "#N#" becomes N letters x. */
static char *
json_text (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *s = text; *s != '\0'; s++)
    {
      char *end;
      guint64 n;

      if (*s == '\'')
        g_string_append_c (out, '"');
      else if (*s == '#' && g_ascii_isdigit (s[1]) &&
               (n = g_ascii_strtoull (s + 1, &end, 10)) > 0 && *end == '#')
        {
          for (guint64 i = 0; i < n; i++)
            g_string_append_c (out, 'x');
          s = end;
        }
      else
        g_string_append_c (out, *s);
    }

  return g_string_free (out, FALSE);
}

static JsonNode *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = gch_codec_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
parse_json_ok (const char *quoted)
{
  g_autofree char *text = json_text (quoted);

  return parse_ok (text);
}

/* The day the appointment and entry decoders look their references up in. */
static GchDay *
lookup_day (void)
{
  g_autoptr(JsonNode) node = parse_json_ok (DAY_JSON);
  g_autoptr(GError) error = NULL;
  GchDay *day = gch_codec_day_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (day);
  return day;
}

/* Through the wire: to JSON, to text, parsed, decoded. */
static gpointer
over_the_wire (Decoder  decoder,
               gpointer object,
               GchDay  *day,
               char   **text)
{
  g_autoptr(JsonNode) json = gch_test_codec_encode ((GchTestRecord) decoder, object);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  gpointer decoded;

  *text = gch_codec_to_string (json);
  parsed = parse_ok (*text);
  decoded = gch_test_codec_decode ((GchTestRecord) decoder, parsed, day, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decoded);

  return decoded;
}

/* The same object sent again gives the same text, to the byte. */
static void
assert_same_text_again (Decoder     decoder,
                        gpointer    decoded,
                        const char *text)
{
  g_autoptr(JsonNode) json = gch_test_codec_encode ((GchTestRecord) decoder, decoded);
  g_autofree char *again = gch_codec_to_string (json);

  g_assert_cmpstr (again, ==, text);
}

/* The demo day, with the values the demo never produces, so that the round
 * trip covers them: every state, a transfer, notes, an outcome, recalls, a
 * printed ticket, versions, sequence numbers, a guichet without agent.
 */
static GchDay *
varied_demo_day (void)
{
  GchDay *day = gch_demo_generate (GCH_DEMO_SEED, DATE, GCH_DEMO_TIME);
  GchQueueEntry *first, *last;
  GchService *service;
  GchGuichet *guichet;

  gch_site_set_mode (day->site, GCH_SITE_MODE_AFFLUENCE);
  guichet = gch_day_find_guichet (day, 3);
  gch_guichet_set_state (guichet, GCH_GUICHET_STATE_PAUSED);
  guichet = gch_day_find_guichet (day, 7);
  gch_guichet_set_state (guichet, GCH_GUICHET_STATE_CLOSED);
  gch_guichet_set_agent_id (guichet, NULL);

  g_assert_cmpuint (day->entries->len, >=, 3);
  first = g_ptr_array_index (day->entries, 0);
  gch_queue_entry_set_version (first, 5);
  gch_queue_entry_set_recalls (first, 2);
  gch_queue_entry_set_outcome (first, "incomplete");
  gch_queue_entry_set_notes (first, "Manque : justificatif de domicile.\nRevient demain « 9 h ».");
  gch_queue_entry_set_printed_at (first, gch_queue_entry_get_arrived_at (first) + 4);

  last = g_ptr_array_index (day->entries, day->entries->len - 1);
  service = g_ptr_array_index (day->services, 1);
  g_ptr_array_add (day->entries,
                   g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                 "id", "transfer-1",
                                 "ticket", "Z999",
                                 "service", service,
                                 "priority", GCH_PRIORITY_CMI,
                                 "arrived-at", gch_queue_entry_get_arrived_at (last) + 60,
                                 "transferred-from", gch_queue_entry_get_id (first),
                                 "state", GCH_ENTRY_STATE_ON_HOLD,
                                 "late", TRUE,
                                 NULL));

  gch_appointment_set_version (g_ptr_array_index (day->appointments, 1), 3);
  gch_appointment_set_status (g_ptr_array_index (day->appointments, day->appointments->len - 1),
                              GCH_APPOINTMENT_STATUS_CANCELLED_BY_SERVICE);
  /* The store numbers events; the codec carries the numbers as they are. */
  for (guint i = 0; i < day->events->len; i++)
    _gch_event_set_seq (g_ptr_array_index (day->events, i), 1000 + i);

  return day;
}

/* Parsing */

static void
test_parse_valid (void)
{
  static const struct
  {
    const char *text;
    const char *canonical;
  } rows[] = {
    { "{}", "{}" },
    { " [ ] ", "[]" },
    { "\"\"", "\"\"" },
    { "true", "true" },
    { "null", "null" },
    { "-0", "0" },
    { "9223372036854775807", "9223372036854775807" },
    { "-9223372036854775807", "-9223372036854775807" },
    { "{\"a\" : [1, -2, {\"b\":false}]}\r\n", "{\"a\":[1,-2,{\"b\":false}]}" },
    { "\"\\u00e9\\u00C9 \\ud83d\\ude00 \\/ \\\\ \\\" \\b\\f\\n\\r\\t\"",
      "\"éÉ 😀 / \\\\ \\\" \\b\\f\\n\\r\\t\"" },
    { "\"déjà vu ≠ 😀\"", "\"déjà vu ≠ 😀\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(JsonNode) node = parse_ok (rows[i].text);
      g_autofree char *text = gch_codec_to_string (node);

      g_assert_cmpstr (text, ==, rows[i].canonical);
    }

  /* Numbers that are not whole stay doubles: the decoders refuse them. */
  {
    g_autoptr(JsonNode) node = parse_ok ("[1.5e3, 2.0, 1E-2]");
    JsonArray *array = json_node_get_array (node);

    g_assert_true (json_node_get_value_type (json_array_get_element (array, 0)) == G_TYPE_DOUBLE);
    g_assert_cmpfloat (json_array_get_double_element (array, 0), ==, 1500.0);
    g_assert_true (json_node_get_value_type (json_array_get_element (array, 1)) == G_TYPE_DOUBLE);
    g_assert_cmpfloat (json_array_get_double_element (array, 2), ==, 0.01);
  }

  /* No body at all is an empty one. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = gch_codec_parse (NULL, 0, &error);

    g_assert_null (node);
    g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "The body is empty");
  }

  /* The length is the body's, not the string's: what follows is not read. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = gch_codec_parse ("[1]garbage", 3, &error);

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  }
}

/* What the generator escapes comes back the same. */
static void
test_parse_escapes (void)
{
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *text = NULL;

  for (gunichar c = 1; c < 0x800; c++)
    g_string_append_unichar (all, c);
  g_string_append (all, "\xef\xbf\xbf\xf4\x8f\xbf\xbf");  /* U+FFFF, U+10FFFF */

  node = json_node_init_string (json_node_alloc (), all->str);
  text = gch_codec_to_string (node);
  /* json-glib 1.6 leaves U+001F bare: not here. */
  for (const char *s = text; *s != '\0'; s++)
    g_assert_cmpint ((guchar) *s, >=, 0x20);
  g_assert_nonnull (strstr (text, "\\u001f"));
  parsed = parse_ok (text);
  g_assert_cmpstr (json_node_get_string (parsed), ==, all->str);
}

static void
test_parse_depth (void)
{
  for (guint depth = GCH_CODEC_MAX_DEPTH - 1; depth <= GCH_CODEC_MAX_DEPTH + 1; depth++)
    {
      g_autoptr(GString) arrays = g_string_new (NULL);
      g_autoptr(GString) objects = g_string_new (NULL);
      const char *texts[2];

      for (guint i = 0; i < depth; i++)
        {
          g_string_append_c (arrays, '[');
          g_string_append (objects, "{\"a\":");
        }
      g_string_append (objects, "1");
      for (guint i = 0; i < depth; i++)
        {
          g_string_append_c (arrays, ']');
          g_string_append_c (objects, '}');
        }

      texts[0] = arrays->str;
      texts[1] = objects->str;
      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) node = gch_codec_parse (texts[i], strlen (texts[i]), &error);

          if (depth <= GCH_CODEC_MAX_DEPTH)
            {
              g_assert_no_error (error);
              g_assert_nonnull (node);
            }
          else
            {
              g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
              g_assert_nonnull (strstr (error->message, "deeper than 32 levels"));
              g_assert_null (node);
            }
        }
    }

  /* Far deeper than any stack would take, were it read recursively: refused
   * early, at the 33rd level.
   */
  {
    gsize n = GCH_CODEC_MAX_BODY;
    g_autofree char *deep = g_malloc (n);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;

    memset (deep, '[', n / 2);
    memset (deep + n / 2, ']', n - n / 2);
    node = gch_codec_parse (deep, n, &error);
    g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "deeper than 32 levels"));
  }
}

static void
test_parse_size (void)
{
  gsize n = GCH_CODEC_MAX_BODY + 1;
  g_autofree char *body = g_malloc (n);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* As large as allowed: read. */
  body[0] = '"';
  memset (body + 1, 'x', n - 3);
  body[n - 2] = '"';
  node = gch_codec_parse (body, n - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_node_get_string (node)), ==, n - 3);
  g_clear_pointer (&node, json_node_unref);

  /* One byte more, even a space, and it is refused unread. */
  body[n - 1] = ' ';
  node = gch_codec_parse (body, n, &error);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The body is too large: 1048577 bytes, where at most 1048576 are accepted");
  g_assert_null (node);
}

/* Bad input, one rule per row */

typedef struct
{
  Decoder      decoder;
  const char  *json;      /* PARSE: the body as it is; else a patch of the decoder's base */
  const char  *message;   /* what the error must say */
  gssize       length;    /* PARSE only: -1 for the string's */
} BadRow;

#define TYPICAL_MINUTES "“typical-minutes” must be a whole number from 1 to 1440"

static const BadRow bad_rows[] = {
  /* The body */
  { PARSE, "", "The body is empty", -1 },
  { PARSE, " \r\n\t ", "The body is empty", -1 },
  { PARSE, "{\"a\":1}\0", "The body is not valid UTF-8", 8 },
  { PARSE, "\xff\xfe{\0}\0", "The body is not valid UTF-8", 6 },
  { PARSE, "{\"name\":\"Andr\xe9\"}", "The body is not valid UTF-8", -1 },
  { PARSE, "{\"a\":\"\xed\xa0\x80\"}", "The body is not valid UTF-8", -1 },
  { PARSE, "\xef\xbb\xbf{}", "unexpected character (line 1, column 1)", -1 },
  { PARSE, "{'a':1}", "expected a member name in double quotes", -1 },
  { PARSE, "{\"a\":1,}", "expected a member name in double quotes (line 1, column 8)", -1 },
  { PARSE, "[1,]", "unexpected character", -1 },
  { PARSE, "[1 2]", "expected “,” or “]”", -1 },
  { PARSE, "{\"a\":[1,2}", "expected “,” or “]”", -1 },
  { PARSE, "{\"a\":1 \"b\":2}", "expected “,” or “}”", -1 },
  { PARSE, "{\"a\" 1}", "expected “:” after a member name", -1 },
  { PARSE, "{\"a\":1} {\"b\":2}", "more text after the end of the value", -1 },
  { PARSE, "{} // comment", "more text after the end of the value", -1 },
  { PARSE, "/* comment */ {}", "unexpected character", -1 },
  { PARSE, "var data = {}", "unexpected character", -1 },
  { PARSE, "{\"a\":tru}", "unexpected character", -1 },
  { PARSE, "{\"a\":True}", "unexpected character", -1 },
  { PARSE, "{\"a\":undefined}", "unexpected character", -1 },
  { PARSE, "{\"a\":010}", "not written as JSON numbers are", -1 },
  { PARSE, "{\"a\":0x10}", "not written as JSON numbers are", -1 },
  { PARSE, "{\"a\":1.}", "not written as JSON numbers are", -1 },
  { PARSE, "{\"a\":.5}", "unexpected character", -1 },
  { PARSE, "{\"a\":+1}", "unexpected character", -1 },
  { PARSE, "{\"a\":-}", "not written as JSON numbers are", -1 },
  { PARSE, "{\"a\":1e}", "not written as JSON numbers are", -1 },
  { PARSE, "{\"a\":NaN}", "unexpected character", -1 },
  { PARSE, "{\"a\":9223372036854775808}", "a whole number is too large", -1 },
  { PARSE, "{\"a\":-99999999999999999999}", "a whole number is too large", -1 },
  { PARSE, "{\"a\":1e999}", "a number is too large", -1 },
  { PARSE, "[0.00000000000000000000000000000000000000000000000000000000000000001]",
    "more than 64 characters", -1 },
  { PARSE, "{\"a\":\"abc", "a string is not closed", -1 },
  { PARSE, "{\"a\":\"abc\\", "a string is not closed", -1 },
  { PARSE, "{\"a\":\"x\ty\"}", "control character", -1 },
  { PARSE, "{\"a\":\"line\nbreak\"}", "such as \\n (line 1, column 11)", -1 },
  { PARSE, "{\"a\":\"\\x41\"}", "unknown escape", -1 },
  { PARSE, "{\"a\":\"\\'\"}", "unknown escape", -1 },
  { PARSE, "{\"a\":\"\\u12\"}", "four hexadecimal digits", -1 },
  { PARSE, "{\"a\":\"\\u0000\"}", "NUL character", -1 },
  { PARSE, "{\"a\":\"\\ud800\"}", "half of a surrogate pair", -1 },
  { PARSE, "{\"a\":\"\\udc00\\ud800\"}", "half of a surrogate pair", -1 },
  { PARSE, "{\"a\":\"\\ud800\\u0041\"}", "half of a surrogate pair", -1 },
  { PARSE, "{\"a\":1,\"a\":2}", "the member “a” appears twice", -1 },
  { PARSE, "{\"a\":1,\"\\u0061\":2}", "the member “a” appears twice", -1 },
  { PARSE, "{\n\"a\":\n[1,\n2,,3]}", "unexpected character (line 4, column 3)", -1 },
  { PARSE, "[\"é\", x]", "unexpected character (line 1, column 7)", -1 },

  /* A site */
  { SITE, "[1]", "A site must be a JSON object" },
  { SITE, "null", "A site must be a JSON object" },
  { SITE, "{'code':'-'}", "“code” is required" },
  { SITE, "{'code':null}", "“code” must be a string" },
  { SITE, "{'code':75}", "“code” must be a string" },
  { SITE, "{'region':'IDF'}", "Unknown member “region”" },
  { SITE, "{'opens-at':-1}", "“opens-at” must be a whole number from 0 to 1440" },
  { SITE, "{'closes-at':1441}", "“closes-at” must be a whole number from 0 to 1440" },
  { SITE, "{'closes-at':500}", "“closes-at” must come after “opens-at”" },
  { SITE, "{'timezone':'Mars/Olympus_Mons'}", "“timezone” must be a time zone" },
  { SITE, "{'timezone':'../../../etc/passwd'}", "“timezone” must be a time zone" },
  { SITE, "{'timezone':'/etc/localtime'}", "“timezone” must be a time zone" },
  { SITE, "{'mode':'panique'}", "“mode” must be one of “normal”, “affluence”, “crise”" },
  { SITE, "{'mode':1}", "“mode” must be one of “normal”, “affluence”, “crise”" },
  { SITE, "{'name':'#201#'}", "“name” must be at most 200 characters long" },

  /* A service */
  { SERVICE, "'titres'", "A service must be a JSON object" },
  { SERVICE, "{'typical-minutes':0}", TYPICAL_MINUTES },
  { SERVICE, "{'typical-minutes':1441}", TYPICAL_MINUTES },
  { SERVICE, "{'typical-minutes':'15'}", TYPICAL_MINUTES },
  { SERVICE, "{'typical-minutes':15.0}", TYPICAL_MINUTES },
  { SERVICE, "{'typical-minutes':true}", TYPICAL_MINUTES },
  { SERVICE, "{'walk-in-cap':-1}", "“walk-in-cap” must be a whole number from 0 to 99999" },
  { SERVICE, "{'walk-in-cap':4294967296}", "“walk-in-cap” must be a whole number from 0 to 99999" },
  { SERVICE, "{'max-wait-minutes':0}", "“max-wait-minutes” must be a whole number from 1 to 999" },
  { SERVICE, "{'max-wait-minutes':-5}", "“max-wait-minutes” must be a whole number from 1 to 999" },
  { SERVICE, "{'max-wait-minutes':'45'}", "“max-wait-minutes” must be a whole number from 1 to 999" },
  { SERVICE, "{'max-waiting-per-guichet':0}",
    "“max-waiting-per-guichet” must be a whole number from 1 to 999" },
  { SERVICE, "{'max-waiting-per-guichet':1000}",
    "“max-waiting-per-guichet” must be a whole number from 1 to 999" },
  { SERVICE, "{'documents':'Photo'}", "“documents” must be an array of strings" },
  { SERVICE, "{'documents':['Photo',3]}", "“documents” must be an array of strings" },
  { SERVICE, "{'documents':['Photo','']}", "“documents[1]” must not be empty" },
  { SERVICE, "{'documents':['Photo','Photo']}", "“documents” holds “Photo” twice" },
  { SERVICE, "{'documents':['1','2','3','4','5','6','7','8','9','10','11','12','13','14','15',"
             "'16','17','18','19','20','21','22','23','24','25','26','27','28','29','30','31',"
             "'32','33','34','35','36','37','38','39','40','41','42','43','44','45','46','47',"
             "'48','49','50','51','52','53','54','55','56','57','58','59','60','61','62','63',"
             "'64','65','66','67','68','69','70','71','72','73','74','75','76','77','78','79',"
             "'80','81','82','83','84','85','86','87','88','89','90','91','92','93','94','95',"
             "'96','97','98','99','100','101']}",
    "“documents” must not hold more than 100 items" },
  { SERVICE, "{'accepts-walk-ins':1}", "“accepts-walk-ins” must be true or false" },
  { SERVICE, "{'accepts-appointments':'-'}", "“accepts-appointments” is required" },
  { SERVICE, "{'name':''}", "“name” must not be empty" },
  { SERVICE, "{'name':'Titres\\nPasseports'}", "“name” must be on one line" },
  { SERVICE, "{'name':'Titres\\u0007'}", "“name” must not contain control characters" },
  { SERVICE, "{'code':'ti tres'}", "“code” must not contain spaces" },
  { SERVICE, "{'code':'titres\\u00a0'}", "“code” must not contain spaces" },
  { SERVICE, "{'code':'#65#'}", "“code” must be at most 64 characters long" },
  { SERVICE, "{'prefix':'ABCDEFGHI'}", "“prefix” must be at most 8 characters long" },
  { SERVICE, "{'Code':'titres'}", "Unknown member “Code”" },
  { SERVICE, "{'#300#':1}", "Unknown member “xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…”" },
  { SERVICE, "{'\\u001b[31m':1}", "Unknown member “\xef\xbf\xbd[31m”" },

  /* A guichet */
  { GUICHET, "{'number':0}", "“number” must be a whole number from 1 to 999" },
  { GUICHET, "{'number':1000}", "“number” must be a whole number from 1 to 999" },
  { GUICHET, "{'number':-3}", "“number” must be a whole number from 1 to 999" },
  { GUICHET, "{'state':'lunch'}", "“state” must be one of “open”, “paused”, “closed”" },
  { GUICHET, "{'services':['titres','x y']}", "“services[1]” must not contain spaces" },
  { GUICHET, "{'services':['titres','titres']}", "“services” holds “titres” twice" },
  { GUICHET, "{'services':{'titres':true}}", "“services” must be an array of strings" },
  { GUICHET, "{'agent-id':'#65#'}", "“agent-id” must be at most 64 characters long" },
  { GUICHET, "{'agent-id':null}", "“agent-id” must be a string" },
  { GUICHET, "{'accessible':'-'}", "“accessible” is required" },

  /* An agent */
  { AGENT, "{'role':'chef'}", "“role” must be one of “agent”, “reception”, “supervisor”" },
  { AGENT, "{'id':'-'}", "“id” is required" },
  { AGENT, "{'password':'secret'}", "Unknown member “password”" },

  /* An appointment */
  { APPOINTMENT, "{'persons':0}", "“persons” must be a whole number from 1 to 99" },
  { APPOINTMENT, "{'persons':100}", "“persons” must be a whole number from 1 to 99" },
  { APPOINTMENT, "{'persons':2.5}", "“persons” must be a whole number from 1 to 99" },
  { APPOINTMENT, "{'duration-minutes':0}",
    "“duration-minutes” must be a whole number from 1 to 1440" },
  { APPOINTMENT, "{'service':'cartes-grises'}",
    "“service” names a service “cartes-grises” that the day does not have" },
  { APPOINTMENT, "{'service':'-'}", "“service” is required" },
  { APPOINTMENT, "{'starts-at':-5}", "“starts-at” must be a time in whole seconds since 1970" },
  { APPOINTMENT, "{'starts-at':253402300800}", "“starts-at” must be a time in whole seconds" },
  { APPOINTMENT, "{'starts-at':'2026-11-23T10:00:00Z'}", "“starts-at” must be a time" },
  { APPOINTMENT, "{'status':'no_show'}",
    "“status” must be one of “booked”, “checked-in”, “served”, “no-show”, "
    "“cancelled-by-person”, “cancelled-by-service”" },
  { APPOINTMENT, "{'guichet':0}", "“guichet” must be a whole number from 1 to 999" },
  { APPOINTMENT, "{'version':-1}", "“version” must be a whole number from 0 to 9007199254740991" },
  { APPOINTMENT, "{'version':9007199254740992}", "“version” must be a whole number from 0 to" },
  { APPOINTMENT, "{'holder-name':'#201#'}", "“holder-name” must be at most 200 characters long" },
  { APPOINTMENT, "{'reference':'#65#'}", "“reference” must be at most 64 characters long" },
  { APPOINTMENT, "{'email':'camille dupont@exemple.fr'}", "“email” must not contain spaces" },
  { APPOINTMENT, "{'phone':'#65#'}", "“phone” must be at most 64 characters long" },

  /* A queue entry */
  { ENTRY, "{'appointment':'RDV-NOPE'}",
    "“appointment” names an appointment “RDV-NOPE” that the day does not have" },
  { ENTRY, "{'service':'natu'}", "“service” names a service “natu” that the day does not have" },
  { ENTRY, "{'priority':'vip'}", "“priority” must be one of “none”, “disability”, “pregnancy”" },
  { ENTRY, "{'state':'no_show'}", "“state” must be one of “waiting”, “called”, “serving”, "
                                  "“on-hold”, “done”, “no-show”, “left”, “transferred”, "
                                  "“cancelled”" },
  { ENTRY, "{'notes':'#2001#'}", "“notes” must be at most 2000 characters long" },
  { ENTRY, "{'notes':'a\\u0000b'}", "NUL character" },
  { ENTRY, "{'recalls':1000}", "“recalls” must be a whole number from 0 to 999" },
  { ENTRY, "{'late':'false'}", "“late” must be true or false" },
  { ENTRY, "{'ticket':'-'}", "“ticket” is required" },
  { ENTRY, "{'ticket':''}", "“ticket” must not be empty" },
  { ENTRY, "{'arrived-at':'10:30'}", "“arrived-at” must be a time" },
  { ENTRY, "{'called-at':-1}", "“called-at” must be a time" },
  { ENTRY, "{'printed-at':1e10}", "“printed-at” must be a time" },
  { ENTRY, "{'guichet':1000}", "“guichet” must be a whole number from 1 to 999" },
  { ENTRY, "{'holder-name':'Camille'}", "Unknown member “holder-name”" },

  /* An event */
  { EVENT, "{'record-kind':'complaint'}",
    "“record-kind” must be one of “entry”, “appointment”, “guichet”, “site”" },
  { EVENT, "{'to-state':'open'}", "“to-state” must be one of “waiting”, “called”" },
  { EVENT, "{'from-state':'booked'}", "“from-state” must be one of “waiting”" },
  { EVENT, "{'record-kind':'guichet','from-state':'open','to-state':'waiting'}",
    "“to-state” must be one of “open”, “paused”, “closed”" },
  { EVENT, "{'to-state':'-'}", "“to-state” is required" },
  { EVENT, "{'seq':-1}", "“seq” must be a whole number from 0 to 9007199254740991" },
  { EVENT, "{'detail':'#2001#'}", "“detail” must be at most 2000 characters long" },
  { EVENT, "{'at':'-'}", "“at” is required" },

  /* A day */
  { DAY, "{'date':'2026-02-29'}", "“date” must be a date of the form YYYY-MM-DD" },
  { DAY, "{'date':'23/11/2026'}", "“date” must be a date of the form YYYY-MM-DD" },
  { DAY, "{'date':'2026-11-23T00:00'}", "“date” must be a date of the form YYYY-MM-DD" },
  { DAY, "{'date':20261123}", "“date” must be a string" },
  { DAY, "{'site':null}", "In “site”: A site must be a JSON object" },
  { DAY, "{'site':{'code':'x'}}", "In “site”: “name” is required" },
  { DAY, "{'services':'-'}", "“services” is required" },
  { DAY, "{'services':{}}", "“services” must be an array" },
  { DAY, "{'services':[" TITRES_JSON "," TITRES_JSON "]}",
    "In “services”, item 2: Two services have the code “titres”" },
  { DAY, "{'services':[" TITRES_JSON "," PERMIS_JSON ",{'code':'natu','name':'Naturalisation',"
         "'prefix':'P','typical-minutes':30,'documents':[],'walk-in-cap':0,"
         "'accepts-appointments':true,'accepts-walk-ins':false}]}",
    "In “services”, item 3: Two services have the ticket prefix “P”" },
  { DAY, "{'guichets':[{'number':1,'label':'Guichet 1','accessible':false,'services':['natu'],"
         "'state':'closed'}]}",
    "In “guichets”, item 1: “services” names a service “natu” that the day does not have" },
  { DAY, "{'guichets':[" GUICHET_JSON "," GUICHET_JSON "]}",
    "In “guichets”, item 2: Two guichets have the number 3" },
  { DAY, "{'agents':[]}",
    "In “guichets”, item 1: “agent-id” names an agent “c.martin” that the day does not have" },
  { DAY, "{'agents':[" AGENT_JSON "," AGENT_JSON "]}",
    "In “agents”, item 2: Two agents have the id “c.martin”" },
  { DAY, "{'appointments':[]}",
    "In “entries”, item 1: “appointment” names an appointment “RDV-ABC123” that the day does not "
    "have" },
  { DAY, "{'appointments':[" APPOINTMENT_JSON "," APPOINTMENT_JSON "]}",
    "In “appointments”, item 2: Two appointments have the reference “RDV-ABC123”" },
  { DAY, "{'appointments':[1]}",
    "In “appointments”, item 1: An appointment must be a JSON object" },
  { DAY, "{'entries':[" ENTRY_JSON "," ENTRY_JSON "]}",
    "In “entries”, item 2: Two queue entries have the id “e-A001”" },
  { DAY, "{'entries':[{'id':'e-A002','ticket':'A002','service':'titres','priority':'none',"
         "'arrived-at':1795423000,'late':false,'transferred-from':'e-A000','state':'waiting',"
         "'recalls':0,'version':1}]}",
    "In “entries”, item 1: “transferred-from” names an entry “e-A000” that the day does not have" },
  { DAY, "{'events':[{'seq':1}]}", "In “events”, item 1: “record-kind” is required" },
  { DAY, "{'past-days':3}", "Unknown member “past-days”" },

  /* An operation */
  { OPERATION, "{'uuid':'not-a-uuid'}", "“uuid” must be a UUID" },
  { OPERATION, "{'uuid':'-'}", "“uuid” is required" },
  { OPERATION, "{'kind':'Call'}", "“kind” must be an action name" },
  { OPERATION, "{'kind':'call;drop'}", "“kind” must be an action name" },
  { OPERATION, "{'record-kind':'site'}",
    "“record-kind” must be one of “entry”, “appointment”, “guichet”" },
  { OPERATION, "{'record-id':''}", "“record-id” must not be empty" },
  { OPERATION, "{'base-version':-1}", "“base-version” must be a whole number from 0 to" },
  { OPERATION, "{'at':1.5e9}", "“at” must be a time" },
  { OPERATION, "{'actor':''}", "“actor” must not be empty" },
  { OPERATION, "{'payload':'{}'}", "“payload” must be a JSON object" },
  { OPERATION, "{'payload':[]}", "“payload” must be a JSON object" },
  { OPERATION, "{'payload':'-'}", "“payload” is required" },
  { OPERATION, "{'payload':{},'signature':'abc'}", "Unknown member “signature”" },
};

/* The decoder's base, with the members of @patch put in; a member whose
 * value is "-" is taken out. A patch that is not an object replaces the
 * whole base.
 */
static JsonNode *
patched (Decoder     decoder,
         const char *patch)
{
  g_autoptr(JsonNode) base = parse_json_ok (bases[decoder]);
  g_autoptr(JsonNode) changes = parse_json_ok (patch);
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (changes))
    return g_steal_pointer (&changes);

  object = json_node_get_object (base);
  names = json_object_get_members (json_node_get_object (changes));
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (json_node_get_object (changes), l->data);

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (value), "-"))
        json_object_remove_member (object, l->data);
      else
        json_object_set_member (object, l->data, json_node_copy (value));
    }

  return g_steal_pointer (&base);
}

static void
test_bad_input (void)
{
  g_autoptr(GchDay) day = lookup_day ();
  guint counts[N_DECODERS] = { 0 };

  /* Each base decodes: what the rows refuse is their patch only. */
  for (guint d = 0; d < GCH_TEST_N_RECORDS; d++)
    {
      g_autoptr(JsonNode) node = parse_json_ok (bases[d]);
      g_autoptr(GError) error = NULL;
      gpointer object = gch_test_codec_decode (d, node, day, &error);

      g_assert_no_error (error);
      gch_test_codec_free (d, object);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      const BadRow *row = &bad_rows[i];
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      gpointer object = NULL;

      if (row->decoder == PARSE)
        {
          gsize length = row->length < 0 ? strlen (row->json) : (gsize) row->length;

          node = gch_codec_parse (row->json, length, &error);
        }
      else
        {
          g_autoptr(JsonNode) input = NULL;

          /* A patch that does not parse is the row's point: a NUL escape. */
          if (strstr (row->json, "\\u0000") != NULL)
            {
              g_autofree char *text = json_text (row->json);

              node = gch_codec_parse (text, strlen (text), &error);
            }
          else
            {
              input = patched (row->decoder, row->json);
              object = gch_test_codec_decode ((GchTestRecord) row->decoder, input, day, &error);
            }
        }

      g_test_message ("%s %s → %s", decoder_names[row->decoder], row->json,
                      error ? error->message : "(accepted)");
      g_assert_null (node);
      g_assert_null (object);
      g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
      if (strstr (error->message, row->message) == NULL)
        g_error ("row %u: “%s” does not say “%s”", i, error->message, row->message);
      counts[row->decoder]++;
    }

  /* Every decoder has its rows. */
  for (guint d = 0; d < N_DECODERS; d++)
    g_assert_cmpuint (counts[d], >=, 3);
  g_test_message ("%u rows", (guint) G_N_ELEMENTS (bad_rows));
}

/* Nodes built by hand, not parsed: what gch_codec_parse() would have
 * refused must still be refused by the decoders.
 */
static void
test_bad_nodes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) deep = NULL;
  g_autoptr(GchService) service = NULL;
  g_autoptr(GchOperation) operation = NULL;
  g_autoptr(GchAgent) agent = NULL;
  JsonObject *payload;

  /* A name that is not UTF-8 */
  node = patched (SERVICE, "{}");
  json_object_set_string_member (json_node_get_object (node), "name", "Titres \xff");
  service = gch_codec_service_from_json (node, &error);
  g_assert_null (service);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“name” is not valid UTF-8 text"));
  g_clear_error (&error);
  g_clear_pointer (&node, json_node_unref);

  /* An unknown member whose name is not UTF-8 is not shown as it is. */
  node = patched (AGENT, "{}");
  json_object_set_int_member (json_node_get_object (node), "r\xc3\xb4le\xff", 1);
  agent = gch_codec_agent_from_json (node, &error);
  g_assert_null (agent);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Unknown member “?”");
  g_clear_error (&error);
  g_clear_pointer (&node, json_node_unref);

  /* A payload nested too deep */
  node = patched (OPERATION, "{}");
  deep = json_node_init_int (json_node_alloc (), 1);
  for (guint i = 0; i < GCH_CODEC_MAX_DEPTH; i++)
    {
      JsonArray *array = json_array_new ();

      json_array_add_element (array, g_steal_pointer (&deep));
      deep = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }
  payload = json_object_new ();
  json_object_set_member (payload, "deep", g_steal_pointer (&deep));
  json_object_set_object_member (json_node_get_object (node), "payload", payload);
  operation = gch_codec_operation_from_json (node, &error);
  g_assert_null (operation);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“payload” nests objects and arrays deeper than 32"));
}

/* Round trips */

static void
test_round_trip_objects (void)
{
  g_autoptr(GchDay) day = varied_demo_day ();
  struct
  {
    Decoder    decoder;
    GPtrArray *items;
  } lists[] = {
    { SERVICE, day->services },
    { GUICHET, day->guichets },
    { AGENT, day->agents },
    { APPOINTMENT, day->appointments },
    { ENTRY, day->entries },
    { EVENT, day->events },
  };

  /* The site */
  {
    g_autofree char *text = NULL;
    g_autoptr(GchSite) site = over_the_wire (SITE, day->site, NULL, &text);

    gch_test_assert_site_equal (day->site, site);
    assert_same_text_again (SITE, site, text);
  }

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l].items->len; i++)
      {
        gpointer object = g_ptr_array_index (lists[l].items, i);
        g_autofree char *text = NULL;
        gpointer copy = over_the_wire (lists[l].decoder, object, day, &text);

        switch (lists[l].decoder)
          {
          case SERVICE:
            gch_test_assert_service_equal (object, copy);
            break;
          case GUICHET:
            gch_test_assert_guichet_equal (object, copy);
            break;
          case AGENT:
            gch_test_assert_agent_equal (object, copy);
            break;
          case APPOINTMENT:
            gch_test_assert_appointment_equal (object, copy);
            /* The service is the day's own object, not a copy. */
            g_assert_true (gch_appointment_get_service (copy) ==
                           gch_appointment_get_service (object));
            break;
          case ENTRY:
            gch_test_assert_entry_equal (object, copy);
            g_assert_true (gch_queue_entry_get_service (copy) ==
                           gch_queue_entry_get_service (object));
            g_assert_true (gch_queue_entry_get_appointment (copy) ==
                           gch_queue_entry_get_appointment (object));
            break;
          case EVENT:
            gch_test_assert_event_equal (object, copy);
            break;
          case PARSE:
          case SITE:
          case DAY:
          case OPERATION:
          case N_DECODERS:
          default:
            g_assert_not_reached ();
          }

        assert_same_text_again (lists[l].decoder, copy, text);
        gch_test_codec_free ((GchTestRecord) lists[l].decoder, copy);
      }
}

/* The JSON shape the API documents, member by member. */
static void
test_shape (void)
{
  g_autoptr(GchDay) day = lookup_day ();
  g_autoptr(JsonNode) json = gch_codec_day_to_json (day);
  g_autofree char *text = gch_codec_to_string (json);
  g_autofree char *expected = json_text (DAY_JSON);

  /* The bases are written in the codec's own order: the same text. */
  g_assert_cmpstr (text, ==, expected);

  /* Absent, not null or 0: the optional members of a bare entry */
  {
    g_autoptr(GchQueueEntry) entry = g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                                   "id", "e-1", "ticket", "A002",
                                                   "service", g_ptr_array_index (day->services, 0),
                                                   "arrived-at", (gint64) 1795423000,
                                                   NULL);
    g_autoptr(JsonNode) node = gch_codec_entry_to_json (entry);
    g_autofree char *entry_text = gch_codec_to_string (node);

    g_assert_cmpstr (entry_text, ==,
                     "{\"id\":\"e-1\",\"ticket\":\"A002\",\"service\":\"titres\","
                     "\"priority\":\"none\",\"arrived-at\":1795423000,\"late\":false,"
                     "\"state\":\"waiting\",\"recalls\":0,\"version\":1}");
  }

  /* A day without a site leaves it out, and reads back without one. */
  {
    g_autoptr(GchDay) bare = gch_day_new ("2026-01-05");
    g_autoptr(JsonNode) node = gch_codec_day_to_json (bare);
    g_autofree char *bare_text = gch_codec_to_string (node);
    g_autofree char *sent = NULL;
    g_autoptr(GchDay) copy = NULL;

    g_assert_cmpstr (bare_text, ==,
                     "{\"date\":\"2026-01-05\",\"services\":[],\"guichets\":[],\"agents\":[],"
                     "\"appointments\":[],\"entries\":[],\"events\":[]}");
    copy = over_the_wire (DAY, bare, NULL, &sent);
    g_assert_cmpstr (sent, ==, bare_text);
    gch_test_assert_days_equal (bare, copy);
  }
}

static void
test_round_trip_day (void)
{
  g_autoptr(GchDay) demo = gch_demo_generate (GCH_DEMO_SEED, DATE, GCH_DEMO_TIME);
  g_autoptr(GchDay) varied = varied_demo_day ();
  GchDay *days[] = { demo, varied };

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GchDay) copy = over_the_wire (DAY, days[d], NULL, &text);

      g_test_message ("day %u: %" G_GSIZE_FORMAT " bytes, %u appointments, %u entries, %u events",
                      d, strlen (text), copy->appointments->len, copy->entries->len,
                      copy->events->len);
      g_assert_cmpuint (strlen (text), <, GCH_CODEC_MAX_BODY);
      g_assert_cmpuint (copy->entries->len, >, 10);
      gch_test_assert_days_equal (days[d], copy);

      /* Same order in every list, not just the same objects */
      for (guint i = 0; i < copy->entries->len; i++)
        g_assert_cmpstr (gch_queue_entry_get_id (g_ptr_array_index (days[d]->entries, i)), ==,
                         gch_queue_entry_get_id (g_ptr_array_index (copy->entries, i)));
      for (guint i = 0; i < copy->appointments->len; i++)
        {
          GchAppointment *a = g_ptr_array_index (days[d]->appointments, i);
          GchAppointment *b = g_ptr_array_index (copy->appointments, i);

          g_assert_cmpstr (gch_appointment_get_reference (a), ==,
                           gch_appointment_get_reference (b));
        }
      for (guint i = 0; i < copy->guichets->len; i++)
        g_assert_cmpuint (gch_guichet_get_number (g_ptr_array_index (days[d]->guichets, i)), ==,
                          gch_guichet_get_number (g_ptr_array_index (copy->guichets, i)));

      assert_same_text_again (DAY, copy, text);
    }
}

/* Operations from real changes */

#define REQ(...) (&(GchRequest) { __VA_ARGS__ })

static void
assert_operation_matches_change (GchOperation *operation,
                                 GchChange    *change)
{
  g_autofree char *payload = gch_codec_to_string (operation->payload);

  g_assert_cmpstr (operation->uuid, ==, gch_change_get_uuid (change));
  g_assert_true (g_uuid_string_is_valid (operation->uuid));
  g_assert_cmpstr (operation->kind, ==, gch_change_get_kind (change));
  g_assert_cmpstr (operation->record_kind, ==, gch_change_get_record_kind (change));
  g_assert_cmpstr (operation->record_id, ==, gch_change_get_record_id (change));
  g_assert_cmpint (operation->base_version, ==, gch_change_get_base_version (change));
  g_assert_cmpint (operation->at, ==, gch_change_get_at (change));
  g_assert_cmpstr (operation->actor, ==, gch_change_get_actor (change));
  /* The payload is the station's own text, to the byte. */
  g_assert_cmpstr (payload, ==, gch_change_get_payload (change));
}

static void
test_operations (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("guichet-codec-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GchClock) clock = NULL;
  g_autoptr(GchStation) station = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GchDay) reloaded = NULL;
  GchDay *day;
  GchAppointment *booked = NULL;
  GchQueueEntry *issued;
  gint64 now = gch_demo_start_time (DATE, GCH_DEMO_TIME);
  const char *missing[] = { "Photo d'identité de moins de 6 mois", NULL };
  guint guichet = 2;

  g_assert_no_error (error);
  path = g_build_filename (dir, "guichet.sqlite", NULL);
  store = gch_demo_create_store (path, GCH_DEMO_SEED, DATE, GCH_DEMO_TIME, &error);
  g_assert_no_error (error);
  clock = gch_clock_new_frozen (now);
  station = gch_station_new (store, clock, "k.benali");
  gch_station_set_day (station, gch_store_load_day (store, DATE, &error));
  g_assert_no_error (error);
  day = gch_station_get_day (station);

#define RUN(request) \
  G_STMT_START { \
    GchChange *change_ = gch_station_run (station, (request), &error); \
    g_assert_no_error (error); \
    g_ptr_array_add (changes, change_); \
    gch_clock_set_frozen (clock, (now += 37)); \
  } G_STMT_END

  /* The desk at guichet 2: the one being served goes, the next comes. */
  if (gch_day_current_for_guichet (day, guichet) != NULL)
    {
      if (gch_queue_entry_get_state (gch_day_current_for_guichet (day, guichet)) ==
          GCH_ENTRY_STATE_CALLED)
        RUN (REQ (.action = GCH_ACTION_START_SERVICE, .guichet = guichet));
      RUN (REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = guichet, .outcome = "served"));
    }
  RUN (REQ (.action = GCH_ACTION_CALL_NEXT, .guichet = guichet));
  RUN (REQ (.action = GCH_ACTION_RECALL, .guichet = guichet));
  RUN (REQ (.action = GCH_ACTION_START_SERVICE, .guichet = guichet));
  RUN (REQ (.action = GCH_ACTION_SET_NOTES, .guichet = guichet,
            .ticket = gch_queue_entry_get_ticket (gch_day_current_for_guichet (day, guichet)),
            .notes = "Revient avec « le justificatif ».\nDemander M. Roux."));
  RUN (REQ (.action = GCH_ACTION_FINISH_SERVICE, .guichet = guichet, .outcome = "incomplete",
            .missing = missing));

  /* The reception */
  RUN (REQ (.action = GCH_ACTION_ISSUE_TICKET, .service = "titres",
            .priority = GCH_PRIORITY_PREGNANCY));
  issued = gch_change_get_entry (g_ptr_array_index (changes, changes->len - 1));
  RUN (REQ (.action = GCH_ACTION_MARK_PRINTED, .ticket = gch_queue_entry_get_ticket (issued)));
  for (guint i = 0; i < day->appointments->len && booked == NULL; i++)
    if (gch_appointment_get_status (g_ptr_array_index (day->appointments, i)) ==
        GCH_APPOINTMENT_STATUS_BOOKED &&
        gch_appointment_get_starts_at (g_ptr_array_index (day->appointments, i)) > now)
      booked = g_ptr_array_index (day->appointments, i);
  g_assert_nonnull (booked);
  RUN (REQ (.action = GCH_ACTION_CHECK_IN, .reference = gch_appointment_get_reference (booked)));

  /* The supervisor */
  RUN (REQ (.action = GCH_ACTION_PAUSE_GUICHET, .guichet = 4));
  RUN (REQ (.action = GCH_ACTION_OPEN_GUICHET, .guichet = 4));

#undef RUN

  g_assert_cmpuint (changes->len, >=, 10);
  for (guint i = 0; i < changes->len; i++)
    {
      GchChange *change = g_ptr_array_index (changes, i);
      g_autoptr(GchOperation) operation = gch_operation_new_from_change (change);
      g_autoptr(GchOperation) received = NULL;
      g_autofree char *text = NULL;

      assert_operation_matches_change (operation, change);
      received = over_the_wire (OPERATION, operation, NULL, &text);
      g_test_message ("%s", text);
      assert_operation_matches_change (received, change);
      assert_same_text_again (OPERATION, received, text);
    }

  /* The day they made, with notes, outcomes, recalls and printed tickets,
   * travels whole too, and is the day the store holds.
   */
  {
    g_autofree char *text = NULL;
    g_autoptr(GchDay) copy = over_the_wire (DAY, day, NULL, &text);

    gch_test_assert_days_equal (day, copy);
    reloaded = gch_store_load_day (store, DATE, &error);
    g_assert_no_error (error);
    gch_test_assert_days_equal (reloaded, copy);
  }

  g_clear_object (&station);
  g_assert_finalize_object (g_steal_pointer (&store));
  gch_test_remove_tree (dir);
}

/* Random mutations */

#define MUTATION_ROUNDS 20000

/* Pieces of JSON text, often breaking it */
static const char * const tokens[] = {
  "{", "}", "[", "]", ",", ":", "\"", "\\", "1e999", "99999999999999999999", "\"\\u0000\"",
  "\"\\ud800\"", "[[[[[[[[[[[[[[[[", "\xc3\xa9", "\xff", "\xed\xa0\x80", "/*", "'", "\"a\":1,",
  "\t\n ", "\"seq\":", "\"guichet\":", "\"payload\":", "\"services\":", "\"site\":",
};

/* Whole JSON values, valid or near the edge of what a member takes */
static const char * const values[] = {
  "null", "true", "false", "0", "-1", "1", "3", "8", "99", "100", "999", "1000", "1440", "1441",
  "1.5", "2.0", "9007199254740991", "9007199254740992", "253402300799", "253402300800",
  "1795424000", "\"\"", "\"x\"", "\"a b\"", "\"waiting\"", "\"no-show\"", "\"open\"",
  "\"checked-in\"", "\"entry\"", "\"guichet\"", "\"titres\"", "\"permis\"", "\"natu\"",
  "\"RDV-ABC123\"", "\"e-A001\"", "\"c.martin\"", "\"2026-02-29\"", "\"2026-11-23\"",
  "\"Europe/Paris\"", "\"Mars/Olympus\"", "\"\\u00e9\\ud83d\\ude00\"", "\"a\\nb\"",
  "\"\\u0007\"", "[]", "{}", "[\"titres\"]", "[\"titres\",\"titres\"]", "[1]", "{\"a\":1}",
  "\"0d9e8f2a-5b7c-4e1d-9a3f-6c2b8e4d7a10\"",
};

/* From a ':' at or after @pos to the next ',' or '}' of the same level,
 * roughly: the span of one member's value.
 */
static gboolean
find_value (GString *s,
            gsize    pos,
            gsize   *start,
            gsize   *end)
{
  const char *colon = memchr (s->str + pos, ':', s->len - pos);
  int depth = 0;
  gsize i;

  if (colon == NULL)
    return FALSE;

  *start = colon - s->str + 1;
  for (i = *start; i < s->len; i++)
    {
      char c = s->str[i];

      if (c == '[' || c == '{')
        depth++;
      else if ((c == ']' || c == '}') && depth-- == 0)
        break;
      else if (c == ',' && depth == 0)
        break;
    }
  *end = i;
  return TRUE;
}

/* Half the time a member's value is replaced or a member is dropped, which
 * keeps the text JSON and reaches the decoders' checks; otherwise bytes
 * and pieces of text are flipped, inserted, cut and copied.
 */
static GString *
mutate (GRand      *rand,
        const char *text)
{
  GString *s = g_string_new (text);
  gboolean structured = g_rand_boolean (rand);
  guint n = g_rand_int_range (rand, 1, structured ? 3 : 5);

  for (guint m = 0; m < n; m++)
    {
      guint pos = s->len > 0 ? g_rand_int_range (rand, 0, s->len) : 0;
      guint span = g_rand_int_range (rand, 1, 24);
      gsize start, end;

      span = MIN (span, s->len - pos);

      if (structured)
        {
          if (!find_value (s, pos, &start, &end))
            continue;
          if (g_rand_int_range (rand, 0, 4) > 0)
            {
              g_string_erase (s, start, end - start);
              g_string_insert (s, start, values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))]);
            }
          else
            {
              /* the member: back to the quote that opens its name, with a comma */
              gsize name = start - 1;
              guint quotes = 0;

              while (name > 0 && quotes < 2)
                if (s->str[--name] == '"')
                  quotes++;
              if (end < s->len && s->str[end] == ',')
                end++;
              else if (name > 0 && s->str[name - 1] == ',')
                name--;
              g_string_erase (s, name, end - name);
            }
          continue;
        }

      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:
          if (s->len > 0)
            s->str[pos] ^= 1 << g_rand_int_range (rand, 0, 8);
          break;
        case 1:
          if (s->len > 0)
            s->str[pos] = (char) g_rand_int_range (rand, 0, 256);
          break;
        case 2:
          g_string_insert_c (s, pos, (char) g_rand_int_range (rand, 0, 256));
          break;
        case 3:
          g_string_erase (s, pos, span);
          break;
        case 4:
          g_string_insert (s, pos, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
          break;
        case 5:
          g_string_insert (s, pos, values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))]);
          break;
        case 6:
          {
            g_autofree char *copy = g_strndup (s->str + pos, span);

            g_string_insert_len (s, g_rand_int_range (rand, 0, s->len + 1), copy, span);
          }
          break;
        case 7:
          g_string_truncate (s, pos);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return s;
}

static guint32
test_seed (void)
{
  const char *env = g_getenv ("GUICHET_TEST_SEED");
  guint32 seed = env != NULL ? (guint32) g_ascii_strtoull (env, NULL, 10) : g_test_rand_int ();

  g_test_message ("seed %u (run again with GUICHET_TEST_SEED=%u)", seed, seed);
  return seed;
}

static void
test_mutations (void)
{
  g_autoptr(GchDay) day = lookup_day ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (test_seed ());
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  guint parsed = 0, decoded[N_DECODERS] = { 0 };
  const char *rounds_env = g_getenv ("GUICHET_TEST_ROUNDS");
  guint rounds = rounds_env ? (guint) g_ascii_strtoull (rounds_env, NULL, 10) : MUTATION_ROUNDS;

  for (guint d = 0; d < GCH_TEST_N_RECORDS; d++)
    g_ptr_array_add (texts, json_text (bases[d]));
  g_ptr_array_add (texts, json_text (PERMIS_JSON));

  for (guint round = 0; round < rounds; round++)
    {
      const char *text = g_ptr_array_index (texts, g_rand_int_range (rand, 0, texts->len));
      g_autoptr(GString) body = mutate (rand, text);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = gch_codec_parse (body->str, body->len, &error);

      if (node == NULL)
        {
          g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
          continue;
        }
      g_assert_no_error (error);
      parsed++;

      /* Any value read is written so that it reads back the same. */
      {
        g_autofree char *written = gch_codec_to_string (node);
        g_autoptr(JsonNode) reread = parse_ok (written);
        g_autofree char *again = gch_codec_to_string (reread);

        g_assert_cmpstr (again, ==, written);
      }

      for (guint d = 0; d < GCH_TEST_N_RECORDS; d++)
        {
          gpointer object = gch_test_codec_decode (d, node, day, &error);
          g_autofree char *first = NULL;
          gpointer again;

          if (object == NULL)
            {
              g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
              g_assert_true (g_utf8_validate (error->message, -1, NULL));
              g_clear_error (&error);
              continue;
            }
          g_assert_no_error (error);
          decoded[d]++;

          /* What is accepted is written in a form that is accepted again, the same. */
          again = over_the_wire (d, object, day, &first);
          assert_same_text_again (d, again, first);
          gch_test_codec_free (d, again);
          gch_test_codec_free (d, object);
        }
    }

  g_test_message ("%u rounds: %u parsed; decoded: %u sites, %u services, %u guichets, %u agents, "
                  "%u appointments, %u entries, %u events, %u days, %u operations",
                  rounds, parsed, decoded[SITE], decoded[SERVICE], decoded[GUICHET], decoded[AGENT],
                  decoded[APPOINTMENT], decoded[ENTRY], decoded[EVENT], decoded[DAY],
                  decoded[OPERATION]);
  if (rounds >= MUTATION_ROUNDS)
    {
      /* The mutations reach past the parser into every decoder. */
      g_assert_cmpuint (parsed, >, rounds / 4);
      for (guint d = 0; d < GCH_TEST_N_RECORDS; d++)
        g_assert_cmpuint (decoded[d], >, 50);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Messages in the log as they are, not as '?' */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codec/parse/valid", test_parse_valid);
  g_test_add_func ("/codec/parse/escapes", test_parse_escapes);
  g_test_add_func ("/codec/parse/depth", test_parse_depth);
  g_test_add_func ("/codec/parse/size", test_parse_size);
  g_test_add_func ("/codec/bad-input", test_bad_input);
  g_test_add_func ("/codec/bad-nodes", test_bad_nodes);
  g_test_add_func ("/codec/shape", test_shape);
  g_test_add_func ("/codec/round-trip/objects", test_round_trip_objects);
  g_test_add_func ("/codec/round-trip/day", test_round_trip_day);
  g_test_add_func ("/codec/operations", test_operations);
  g_test_add_func ("/codec/mutations", test_mutations);

  return g_test_run ();
}
