/* gch-codec.c
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

#define G_LOG_DOMAIN "gch-codec"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gch-agent.h"
#include "gch-appointment.h"
#include "gch-change.h"
#include "gch-codec.h"
#include "gch-callback.h"
#include "gch-day.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-event-private.h"
#include "gch-feedback.h"
#include "gch-guichet.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-site.h"

/* The JSON of the HTTP API. Whatever comes from the network goes through
 * here first, so decoding is strict: every member is checked for its type,
 * its range and its length, unknown members are refused, and every refusal
 * is a GCH_ERROR_INVALID that names the member and what was expected.
 * No input, however broken, may crash, assert or log a critical.
 *
 * Objects carry their GObject property names as member names, enums their
 * nicks, times whole seconds since the epoch. Absent means NULL for the
 * nullable strings, and 0 for the optional times and guichet numbers.
 */

/* Bounds of what a sane day holds: anything beyond is a broken or hostile
 * sender, refused before it reaches a GObject property.
 */
#define MAX_MINUTES      (24 * 60)
#define MAX_GUICHET      999
#define MAX_PERSONS      99
#define MAX_RECALLS      999
#define MAX_WALK_IN_CAP  99999
#define MAX_LIST         100     /* documents of a service, services of a guichet */
#define MAX_NUMBER_TEXT  64      /* characters of one number in a body */

/* 9999-12-31 23:59:59 UTC, the last second GDateTime can hold. */
#define MAX_TIME         G_GINT64_CONSTANT (253402300799)

/* 2^53 - 1: the largest integer every JSON reader holds exactly. */
#define MAX_VERSION      G_GINT64_CONSTANT (9007199254740991)

/* What a string member may hold. Lengths are in characters. */
typedef struct
{
  guint     min;
  guint     max;
  gboolean  spaces;   /* spaces allowed */
  gboolean  lines;    /* line breaks and tabs allowed */
} TextRule;

/* codes, ids, references, tickets */
static const TextRule key_rule = { 1, 64, FALSE, FALSE };
/* a service's ticket prefix: "A" */
static const TextRule prefix_rule = { 1, 8, FALSE, FALSE };
/* names and labels shown on screen */
static const TextRule name_rule = { 1, 200, TRUE, FALSE };
/* an e-mail address */
static const TextRule email_rule = { 1, 200, FALSE, FALSE };
/* phone and dossier numbers, outcomes: "06 12 34 56 78", "AGDREF 75123456" */
static const TextRule short_rule = { 0, 64, TRUE, FALSE };
/* notes and event details */
static const TextRule long_rule = { 0, 2000, TRUE, TRUE };

static void set_invalid (GError     **error,
                         const char  *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
set_invalid (GError     **error,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (GCH_ERROR, GCH_ERROR_INVALID, format, args));
  va_end (args);
}

/* Text taken from the input, made safe to show in a message: at most 40
 * characters, control characters replaced.
 */
static char *
dup_printable (const char *text)
{
  GString *out;
  guint n = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("?");

  out = g_string_new (NULL);
  for (const char *s = text; *s != '\0'; s = g_utf8_next_char (s), n++)
    {
      gunichar c = g_utf8_get_char (s);

      if (n == 40)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_isprint (c) ? c : 0xFFFD);
    }

  return g_string_free (out, FALSE);
}

/* Parsing
 *
 * json-glib 1.6 reads more than JSON: comments, single-quoted strings,
 * hexadecimal and octal numbers (its "010" is 8), "var x = …" assignments,
 * several values in a row, and a repeated member silently replaces the
 * first. It also recurses without a bound. A body from the network is
 * therefore read by this strict RFC 8259 reader, which bounds the nesting
 * as it goes, and builds the same JsonNode tree.
 */

typedef struct
{
  const char  *data;
  gsize        length;
  gsize        pos;
  GError     **error;
} Parser;

static JsonNode *parse_value (Parser *p,
                              guint   depth);

static void fail_at (Parser     *p,
                     const char *format,
                     ...) G_GNUC_PRINTF (2, 3);

static void
fail_at (Parser     *p,
         const char *format,
         ...)
{
  g_autofree char *reason = NULL;
  gsize end = MIN (p->pos, p->length);
  gsize line_start = 0;
  guint line = 1;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  for (gsize i = 0; i < end; i++)
    if (p->data[i] == '\n')
      {
        line++;
        line_start = i + 1;
      }

  /* Translators: the first %s says what is wrong, such as “a string is not closed” */
  set_invalid (p->error, _("The body is not valid JSON: %s (line %u, column %ld)"),
               reason, line, g_utf8_strlen (p->data + line_start, end - line_start) + 1);
}

static gboolean
at_end (Parser *p)
{
  return p->pos >= p->length;
}

static char
peek (Parser *p)
{
  return at_end (p) ? '\0' : p->data[p->pos];
}

static void
skip_space (Parser *p)
{
  while (!at_end (p) &&
         (p->data[p->pos] == ' ' || p->data[p->pos] == '\t' ||
          p->data[p->pos] == '\n' || p->data[p->pos] == '\r'))
    p->pos++;
}

static gboolean
read_hex4 (Parser   *p,
           gunichar *value)
{
  gunichar v = 0;

  if (p->length - p->pos < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p->data[p->pos + i]);

      if (digit < 0)
        return FALSE;
      v = v * 16 + digit;
    }

  p->pos += 4;
  *value = v;
  return TRUE;
}

/* At a backslash 'u' already read: one code point, from one escape or
 * from a surrogate pair of two.
 */
static gboolean
parse_unicode_escape (Parser   *p,
                      gunichar *value)
{
  gunichar high, low;

  if (!read_hex4 (p, &high))
    {
      fail_at (p, _("a \\u escape needs four hexadecimal digits"));
      return FALSE;
    }

  if (high >= 0xDC00 && high <= 0xDFFF)
    {
      fail_at (p, _("a \\u escape holds half of a surrogate pair"));
      return FALSE;
    }

  if (high >= 0xD800 && high <= 0xDBFF)
    {
      if (p->length - p->pos < 2 || p->data[p->pos] != '\\' || p->data[p->pos + 1] != 'u')
        {
          fail_at (p, _("a \\u escape holds half of a surrogate pair"));
          return FALSE;
        }
      p->pos += 2;
      if (!read_hex4 (p, &low))
        {
          fail_at (p, _("a \\u escape needs four hexadecimal digits"));
          return FALSE;
        }
      if (low < 0xDC00 || low > 0xDFFF)
        {
          fail_at (p, _("a \\u escape holds half of a surrogate pair"));
          return FALSE;
        }
      high = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
    }

  /* Strings end up as C strings: a NUL would cut them short, unseen. */
  if (high == 0)
    {
      fail_at (p, _("a string holds a NUL character (\\u0000)"));
      return FALSE;
    }

  *value = high;
  return TRUE;
}

/* At the opening quote. The body is known to be UTF-8 already. */
static char *
parse_string (Parser *p)
{
  g_autoptr(GString) text = g_string_new (NULL);

  p->pos++;

  for (;;)
    {
      gsize start = p->pos;
      gunichar u;
      char c;

      while (!at_end (p) && p->data[p->pos] != '"' && p->data[p->pos] != '\\' &&
             (guchar) p->data[p->pos] >= 0x20)
        p->pos++;
      g_string_append_len (text, p->data + start, p->pos - start);

      if (at_end (p))
        {
          fail_at (p, _("a string is not closed"));
          return NULL;
        }

      c = p->data[p->pos];
      if (c == '"')
        {
          p->pos++;
          return g_string_free (g_steal_pointer (&text), FALSE);
        }
      if (c != '\\')
        {
          fail_at (p, _("a string holds a control character; write it as an escape such as \\n"));
          return NULL;
        }

      p->pos++;
      switch (peek (p))
        {
        case '"':
        case '\\':
        case '/':
          g_string_append_c (text, p->data[p->pos]);
          break;
        case 'b':
          g_string_append_c (text, '\b');
          break;
        case 'f':
          g_string_append_c (text, '\f');
          break;
        case 'n':
          g_string_append_c (text, '\n');
          break;
        case 'r':
          g_string_append_c (text, '\r');
          break;
        case 't':
          g_string_append_c (text, '\t');
          break;
        case 'u':
          p->pos++;
          if (!parse_unicode_escape (p, &u))
            return NULL;
          g_string_append_unichar (text, u);
          continue;
        default:
          fail_at (p, at_end (p) ? _("a string is not closed")
                                 : _("a string holds an unknown escape"));
          return NULL;
        }
      p->pos++;
    }
}

static void
skip_digits (Parser *p)
{
  while (g_ascii_isdigit (peek (p)))
    p->pos++;
}

static JsonNode *
parse_number (Parser *p)
{
  char text[MAX_NUMBER_TEXT + 1];
  gsize start = p->pos;
  gboolean whole = TRUE;
  gsize n;
  char c;

  if (peek (p) == '-')
    p->pos++;

  if (!g_ascii_isdigit (peek (p)))
    goto invalid;
  if (peek (p) == '0')
    p->pos++;
  else
    skip_digits (p);

  if (peek (p) == '.')
    {
      whole = FALSE;
      p->pos++;
      if (!g_ascii_isdigit (peek (p)))
        goto invalid;
      skip_digits (p);
    }

  if (peek (p) == 'e' || peek (p) == 'E')
    {
      whole = FALSE;
      p->pos++;
      if (peek (p) == '+' || peek (p) == '-')
        p->pos++;
      if (!g_ascii_isdigit (peek (p)))
        goto invalid;
      skip_digits (p);
    }

  /* "01", "1.2.3", "0x10", "1-2": not one JSON number */
  c = peek (p);
  if (g_ascii_isalnum (c) || c == '.' || c == '-' || c == '+')
    goto invalid;

  n = p->pos - start;
  if (n > MAX_NUMBER_TEXT)
    {
      p->pos = start;
      fail_at (p, _("a number has more than %u characters"), MAX_NUMBER_TEXT);
      return NULL;
    }
  memcpy (text, p->data + start, n);
  text[n] = '\0';

  if (whole)
    {
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (text, NULL, 10);
      if (errno == ERANGE)
        {
          p->pos = start;
          fail_at (p, _("a whole number is too large"));
          return NULL;
        }
      return json_node_init_int (json_node_alloc (), value);
    }
  else
    {
      double value = g_ascii_strtod (text, NULL);

      if (!isfinite (value))
        {
          p->pos = start;
          fail_at (p, _("a number is too large"));
          return NULL;
        }
      return json_node_init_double (json_node_alloc (), value);
    }

invalid:
  p->pos = start;
  fail_at (p, _("a number is not written as JSON numbers are"));
  return NULL;
}

static gboolean
parse_word (Parser     *p,
            const char *word)
{
  gsize n = strlen (word);

  if (p->length - p->pos < n || memcmp (p->data + p->pos, word, n) != 0 ||
      (p->length - p->pos > n && g_ascii_isalnum (p->data[p->pos + n])))
    return FALSE;

  p->pos += n;
  return TRUE;
}

static gboolean
check_depth (Parser *p,
             guint   depth)
{
  if (depth <= GCH_CODEC_MAX_DEPTH)
    return TRUE;

  set_invalid (p->error, _("The body nests objects and arrays deeper than %u levels"),
               GCH_CODEC_MAX_DEPTH);
  return FALSE;
}

/* At the opening brace. */
static JsonNode *
parse_object (Parser *p,
              guint   depth)
{
  g_autoptr(JsonObject) object = NULL;
  JsonNode *node;

  if (!check_depth (p, depth))
    return NULL;

  object = json_object_new ();
  p->pos++;
  skip_space (p);

  if (peek (p) == '}')
    p->pos++;
  else
    for (;;)
      {
        g_autofree char *name = NULL;
        JsonNode *value;

        skip_space (p);
        if (peek (p) != '"')
          {
            fail_at (p, at_end (p) ? _("the text ends too soon")
                                   : _("expected a member name in double quotes"));
            return NULL;
          }
        if (!(name = parse_string (p)))
          return NULL;

        if (json_object_has_member (object, name))
          {
            g_autofree char *shown = dup_printable (name);

            fail_at (p, _("the member “%s” appears twice"), shown);
            return NULL;
          }

        skip_space (p);
        if (peek (p) != ':')
          {
            fail_at (p, at_end (p) ? _("the text ends too soon")
                                   : _("expected “:” after a member name"));
            return NULL;
          }
        p->pos++;

        if (!(value = parse_value (p, depth)))
          return NULL;
        json_object_set_member (object, name, value);

        skip_space (p);
        if (peek (p) == ',')
          {
            p->pos++;
            continue;
          }
        if (peek (p) == '}')
          {
            p->pos++;
            break;
          }
        fail_at (p, at_end (p) ? _("the text ends too soon") : _("expected “,” or “}”"));
        return NULL;
      }

  node = json_node_alloc ();
  json_node_init_object (node, object);
  return node;
}

/* At the opening bracket. */
static JsonNode *
parse_array (Parser *p,
             guint   depth)
{
  g_autoptr(JsonArray) array = NULL;
  JsonNode *node;

  if (!check_depth (p, depth))
    return NULL;

  array = json_array_new ();
  p->pos++;
  skip_space (p);

  if (peek (p) == ']')
    p->pos++;
  else
    for (;;)
      {
        JsonNode *element;

        if (!(element = parse_value (p, depth)))
          return NULL;
        json_array_add_element (array, element);

        skip_space (p);
        if (peek (p) == ',')
          {
            p->pos++;
            continue;
          }
        if (peek (p) == ']')
          {
            p->pos++;
            break;
          }
        fail_at (p, at_end (p) ? _("the text ends too soon") : _("expected “,” or “]”"));
        return NULL;
      }

  node = json_node_alloc ();
  json_node_init_array (node, array);
  return node;
}

/* @depth: how deep the value's container is, 0 at the top */
static JsonNode *
parse_value (Parser *p,
             guint   depth)
{
  char c;

  skip_space (p);
  if (at_end (p))
    {
      fail_at (p, _("the text ends too soon"));
      return NULL;
    }

  c = p->data[p->pos];
  if (c == '{')
    return parse_object (p, depth + 1);
  if (c == '[')
    return parse_array (p, depth + 1);
  if (c == '"')
    {
      g_autofree char *text = parse_string (p);

      return text != NULL ? json_node_init_string (json_node_alloc (), text) : NULL;
    }
  if (c == '-' || g_ascii_isdigit (c))
    return parse_number (p);
  if (parse_word (p, "true"))
    return json_node_init_boolean (json_node_alloc (), TRUE);
  if (parse_word (p, "false"))
    return json_node_init_boolean (json_node_alloc (), FALSE);
  if (parse_word (p, "null"))
    return json_node_init_null (json_node_alloc ());

  fail_at (p, _("unexpected character"));
  return NULL;
}

/**
 * gch_codec_parse:
 * @data: (array length=length): the body, UTF-8, not necessarily
 *   nul-terminated
 * @length: its length in bytes
 *
 * Reads one JSON value, strictly as RFC 8259 writes it. Refused, with
 * %GCH_ERROR_INVALID: a body over %GCH_CODEC_MAX_BODY bytes (before
 * reading it), an empty one, one that is not UTF-8, one that nests deeper
 * than %GCH_CODEC_MAX_DEPTH levels, and anything that is not exactly one
 * JSON value: comments, trailing commas, single quotes, repeated members,
 * "\u0000", lone surrogates and numbers beyond 64 bits among them.
 *
 * Returns: (transfer full): the value, or %NULL with @error set
 */
JsonNode *
gch_codec_parse (const char  *data,
                 gsize        length,
                 GError     **error)
{
  Parser p = { data, length, 0, error };
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > GCH_CODEC_MAX_BODY)
    {
      char size[24], max[24];

      g_snprintf (size, sizeof size, "%" G_GSIZE_FORMAT, length);
      g_snprintf (max, sizeof max, "%d", GCH_CODEC_MAX_BODY);
      /* Translators: two numbers of bytes, such as 3145728 and 1048576 */
      set_invalid (error, _("The body is too large: %s bytes, where at most %s are accepted"),
                   size, max);
      return NULL;
    }

  /* With a length, NUL bytes are invalid too. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      set_invalid (error, _("The body is not valid UTF-8 text"));
      return NULL;
    }

  skip_space (&p);
  if (at_end (&p))
    {
      set_invalid (error, _("The body is empty"));
      return NULL;
    }

  if (!(root = parse_value (&p, 0)))
    return NULL;

  skip_space (&p);
  if (!at_end (&p))
    {
      fail_at (&p, _("there is more text after the end of the value"));
      return NULL;
    }

  return g_steal_pointer (&root);
}

/* Writing
 *
 * json-glib 1.6's generator writes U+001F unescaped, which no strict
 * reader takes: the text is written here, compact, with every control
 * character escaped.
 */

static void
write_string (GString    *out,
              const char *text)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *s = text; *s != '\0'; s++)
    {
      guchar c = *s;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
write_value (GString  *out,
             JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
    write_string (out, json_node_get_string (node));
  else if (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (number, sizeof number, json_node_get_double (node));
      g_string_append (out, number);
      /* Still a double when read back */
      if (strpbrk (number, ".eE") == NULL)
        g_string_append (out, ".0");
    }
  else
    g_string_append (out, "null");
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = object != NULL ? json_object_get_members (object) : NULL;

        g_string_append_c (out, '{');
        for (GList *l = names; l != NULL; l = l->next)
          {
            if (l != names)
              g_string_append_c (out, ',');
            write_string (out, l->data);
            g_string_append_c (out, ':');
            write_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = array != NULL ? json_array_get_length (array) : 0;

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      write_value (out, node);
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/**
 * gch_codec_to_string:
 * @node: a JSON value
 *
 * Writes @node as compact JSON text, as json-glib does, but with every
 * control character escaped and any string that is not UTF-8 repaired, so
 * that gch_codec_parse() reads it back.
 *
 * Returns: (transfer full): the text, ready to send
 */
char *
gch_codec_to_string (JsonNode *node)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  write_node (out, node);

  return g_string_free (out, FALSE);
}

/* Encoding */

static JsonNode *
take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static void
add_text (JsonObject *object,
          const char *name,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

static void
add_nonzero (JsonObject *object,
             const char *name,
             gint64      value)
{
  if (value != 0)
    json_object_set_int_member (object, name, value);
}

static void
add_nick (JsonObject *object,
          const char *name,
          GType       type,
          int         value)
{
  add_text (object, name, gch_enum_to_nick (type, value));
}

static void
add_texts (JsonObject         *object,
           const char         *name,
           const char * const *values)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);

  json_object_set_array_member (object, name, array);
}

typedef JsonNode *(*ToJsonFunc) (gpointer item);

static void
add_list (JsonObject *object,
          const char *name,
          GPtrArray  *items,
          ToJsonFunc  to_json)
{
  JsonArray *array = json_array_sized_new (items->len);

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));

  json_object_set_array_member (object, name, array);
}

/**
 * gch_codec_site_to_json:
 *
 * Returns: (transfer full): @site as a JSON object
 */
JsonNode *
gch_codec_site_to_json (GchSite *site)
{
  JsonObject *object;

  g_return_val_if_fail (GCH_IS_SITE (site), NULL);

  object = json_object_new ();
  add_text (object, "code", gch_site_get_code (site));
  add_text (object, "name", gch_site_get_name (site));
  add_text (object, "timezone", gch_site_get_timezone (site));
  json_object_set_int_member (object, "opens-at", gch_site_get_opens_at (site));
  json_object_set_int_member (object, "closes-at", gch_site_get_closes_at (site));
  add_nick (object, "mode", GCH_TYPE_SITE_MODE, gch_site_get_mode (site));

  return take_object (object);
}

/**
 * gch_codec_service_to_json:
 *
 * Returns: (transfer full): @service as a JSON object
 */
JsonNode *
gch_codec_service_to_json (GchService *service)
{
  JsonObject *object;

  g_return_val_if_fail (GCH_IS_SERVICE (service), NULL);

  object = json_object_new ();
  add_text (object, "code", gch_service_get_code (service));
  add_text (object, "name", gch_service_get_name (service));
  add_text (object, "prefix", gch_service_get_prefix (service));
  json_object_set_int_member (object, "typical-minutes", gch_service_get_typical_minutes (service));
  add_texts (object, "documents", gch_service_get_documents (service));
  json_object_set_int_member (object, "walk-in-cap", gch_service_get_walk_in_cap (service));
  json_object_set_boolean_member (object, "accepts-appointments",
                                  gch_service_get_accepts_appointments (service));
  json_object_set_boolean_member (object, "accepts-walk-ins",
                                  gch_service_get_accepts_walk_ins (service));
  json_object_set_int_member (object, "max-wait-minutes",
                              gch_service_get_max_wait_minutes (service));
  json_object_set_int_member (object, "max-waiting-per-guichet",
                              gch_service_get_max_waiting_per_guichet (service));

  return take_object (object);
}

/**
 * gch_codec_guichet_to_json:
 *
 * Returns: (transfer full): @guichet as a JSON object, its services as
 *   their codes
 */
JsonNode *
gch_codec_guichet_to_json (GchGuichet *guichet)
{
  JsonObject *object;

  g_return_val_if_fail (GCH_IS_GUICHET (guichet), NULL);

  object = json_object_new ();
  json_object_set_int_member (object, "number", gch_guichet_get_number (guichet));
  add_text (object, "label", gch_guichet_get_label (guichet));
  json_object_set_boolean_member (object, "accessible", gch_guichet_get_accessible (guichet));
  add_texts (object, "services", gch_guichet_get_services (guichet));
  add_nick (object, "state", GCH_TYPE_GUICHET_STATE, gch_guichet_get_state (guichet));
  add_text (object, "agent-id", gch_guichet_get_agent_id (guichet));

  return take_object (object);
}

/**
 * gch_codec_agent_to_json:
 *
 * Returns: (transfer full): @agent as a JSON object
 */
JsonNode *
gch_codec_agent_to_json (GchAgent *agent)
{
  JsonObject *object;

  g_return_val_if_fail (GCH_IS_AGENT (agent), NULL);

  object = json_object_new ();
  add_text (object, "id", gch_agent_get_id (agent));
  add_text (object, "name", gch_agent_get_name (agent));
  add_nick (object, "role", GCH_TYPE_AGENT_ROLE, gch_agent_get_role (agent));

  return take_object (object);
}

/**
 * gch_codec_appointment_to_json:
 *
 * Returns: (transfer full): @appointment as a JSON object, its service as
 *   its code
 */
JsonNode *
gch_codec_appointment_to_json (GchAppointment *appointment)
{
  GchService *service;
  JsonObject *object;

  g_return_val_if_fail (GCH_IS_APPOINTMENT (appointment), NULL);

  service = gch_appointment_get_service (appointment);
  object = json_object_new ();
  add_text (object, "reference", gch_appointment_get_reference (appointment));
  add_text (object, "service", service != NULL ? gch_service_get_code (service) : NULL);
  json_object_set_int_member (object, "starts-at", gch_appointment_get_starts_at (appointment));
  json_object_set_int_member (object, "duration-minutes",
                              gch_appointment_get_duration_minutes (appointment));
  json_object_set_int_member (object, "persons", gch_appointment_get_persons (appointment));
  add_text (object, "holder-name", gch_appointment_get_holder_name (appointment));
  add_text (object, "phone", gch_appointment_get_phone (appointment));
  add_text (object, "email", gch_appointment_get_email (appointment));
  add_text (object, "dossier-number", gch_appointment_get_dossier_number (appointment));
  add_text (object, "predemande-number", gch_appointment_get_predemande_number (appointment));
  add_nick (object, "status", GCH_TYPE_APPOINTMENT_STATUS,
            gch_appointment_get_status (appointment));
  add_nonzero (object, "guichet", gch_appointment_get_guichet (appointment));
  json_object_set_int_member (object, "version", gch_appointment_get_version (appointment));

  return take_object (object);
}

/**
 * gch_codec_entry_to_json:
 *
 * Returns: (transfer full): @entry as a JSON object, its service as its
 *   code and its appointment, if any, as its reference
 */
JsonNode *
gch_codec_entry_to_json (GchQueueEntry *entry)
{
  GchAppointment *appointment;
  GchService *service;
  JsonObject *object;

  g_return_val_if_fail (GCH_IS_QUEUE_ENTRY (entry), NULL);

  service = gch_queue_entry_get_service (entry);
  appointment = gch_queue_entry_get_appointment (entry);
  object = json_object_new ();
  add_text (object, "id", gch_queue_entry_get_id (entry));
  add_text (object, "ticket", gch_queue_entry_get_ticket (entry));
  add_text (object, "service", service != NULL ? gch_service_get_code (service) : NULL);
  add_nick (object, "priority", GCH_TYPE_PRIORITY, gch_queue_entry_get_priority (entry));
  json_object_set_int_member (object, "arrived-at", gch_queue_entry_get_arrived_at (entry));
  add_text (object, "appointment",
            appointment != NULL ? gch_appointment_get_reference (appointment) : NULL);
  json_object_set_boolean_member (object, "late", gch_queue_entry_get_late (entry));
  add_text (object, "transferred-from", gch_queue_entry_get_transferred_from (entry));
  add_nick (object, "state", GCH_TYPE_ENTRY_STATE, gch_queue_entry_get_state (entry));
  add_nonzero (object, "guichet", gch_queue_entry_get_guichet (entry));
  add_nonzero (object, "called-at", gch_queue_entry_get_called_at (entry));
  json_object_set_int_member (object, "recalls", gch_queue_entry_get_recalls (entry));
  add_text (object, "outcome", gch_queue_entry_get_outcome (entry));
  add_text (object, "notes", gch_queue_entry_get_notes (entry));
  add_nonzero (object, "printed-at", gch_queue_entry_get_printed_at (entry));
  json_object_set_int_member (object, "version", gch_queue_entry_get_version (entry));
  /* satisfaction: 1 (very satisfied) to 4 (not satisfied), absent for none */
  add_nonzero (object, "satisfaction", gch_queue_entry_get_satisfaction (entry));

  return take_object (object);
}

/**
 * gch_codec_event_to_json:
 *
 * Returns: (transfer full): @event as a JSON object, with its sequence
 *   number
 */
JsonNode *
gch_codec_event_to_json (GchEvent *event)
{
  JsonObject *object;

  g_return_val_if_fail (GCH_IS_EVENT (event), NULL);

  object = json_object_new ();
  json_object_set_int_member (object, "seq", gch_event_get_seq (event));
  add_text (object, "record-kind", gch_event_get_record_kind (event));
  add_text (object, "record-id", gch_event_get_record_id (event));
  json_object_set_int_member (object, "at", gch_event_get_at (event));
  add_text (object, "actor", gch_event_get_actor (event));
  add_nonzero (object, "guichet", gch_event_get_guichet (event));
  add_text (object, "from-state", gch_event_get_from_state (event));
  add_text (object, "to-state", gch_event_get_to_state (event));
  add_text (object, "detail", gch_event_get_detail (event));

  return take_object (object);
}

/**
 * gch_codec_day_to_json:
 *
 * Returns: (transfer full): the whole of @day as a JSON object: its date,
 *   its site (left out when it has none), services, guichets, agents,
 *   appointments, entries and events
 */
JsonNode *
gch_codec_day_to_json (GchDay *day)
{
  JsonObject *object;

  g_return_val_if_fail (day != NULL, NULL);

  object = json_object_new ();
  add_text (object, "date", day->date);
  if (day->site != NULL)
    json_object_set_member (object, "site", gch_codec_site_to_json (day->site));
  add_list (object, "services", day->services, (ToJsonFunc) gch_codec_service_to_json);
  add_list (object, "guichets", day->guichets, (ToJsonFunc) gch_codec_guichet_to_json);
  add_list (object, "agents", day->agents, (ToJsonFunc) gch_codec_agent_to_json);
  add_list (object, "appointments", day->appointments, (ToJsonFunc) gch_codec_appointment_to_json);
  add_list (object, "entries", day->entries, (ToJsonFunc) gch_codec_entry_to_json);
  add_list (object, "events", day->events, (ToJsonFunc) gch_codec_event_to_json);

  return take_object (object);
}

/* Decoding */

/* @message is untranslated (N_()), for the error only. */
static JsonObject *
open_object (JsonNode            *node,
             const char          *message,
             const char * const  *members,
             GError             **error)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node) || (object = json_node_get_object (node)) == NULL)
    {
      set_invalid (error, "%s", _(message));
      return NULL;
    }

  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (members, l->data))
      {
        g_autofree char *shown = dup_printable (l->data);

        set_invalid (error, _("Unknown member “%s”"), shown);
        return NULL;
      }

  return object;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING &&
         json_node_get_string (node) != NULL;
}

/* @label: the member, as the message names it */
static gboolean
check_text (const char      *text,
            const char      *label,
            const TextRule  *rule,
            GError         **error)
{
  glong length;

  if (!g_utf8_validate (text, -1, NULL))
    {
      set_invalid (error, _("“%s” is not valid UTF-8 text"), label);
      return FALSE;
    }

  length = g_utf8_strlen (text, -1);
  if (length < rule->min)
    {
      set_invalid (error, _("“%s” must not be empty"), label);
      return FALSE;
    }
  if (length > rule->max)
    {
      set_invalid (error, _("“%s” must be at most %u characters long"), label, rule->max);
      return FALSE;
    }

  for (const char *s = text; *s != '\0'; s = g_utf8_next_char (s))
    {
      gunichar c = g_utf8_get_char (s);
      gboolean line_break = c == '\n' || c == '\r' || c == '\t';

      if (!rule->spaces && g_unichar_isspace (c))
        {
          set_invalid (error, _("“%s” must not contain spaces"), label);
          return FALSE;
        }
      if (line_break && !rule->lines)
        {
          set_invalid (error, _("“%s” must be on one line"), label);
          return FALSE;
        }
      if (!line_break && g_unichar_iscntrl (c))
        {
          set_invalid (error, _("“%s” must not contain control characters"), label);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
accept_absent (const char  *name,
         gboolean     required,
         GError     **error)
{
  if (required)
    set_invalid (error, _("“%s” is required"), name);

  return !required;
}

/* @value: (out) (transfer none): %NULL when the member is absent */
static gboolean
read_text (JsonObject      *object,
           const char      *name,
           const TextRule  *rule,
           gboolean         required,
           const char     **value,
           GError         **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return accept_absent (name, required, error);

  if (!node_is_string (node))
    {
      set_invalid (error, _("“%s” must be a string"), name);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return check_text (*value, name, rule, error);
}

static gboolean
node_int (JsonNode *node,
          gint64    min,
          gint64    max,
          gint64   *value)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);
  return *value >= min && *value <= max;
}

/* @value: (out): 0 when the member is absent */
static gboolean
read_int (JsonObject  *object,
          const char  *name,
          gint64       min,
          gint64       max,
          gboolean     required,
          gint64      *value,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  char low[24], high[24];

  *value = 0;
  if (node == NULL)
    return accept_absent (name, required, error);

  if (node_int (node, min, max, value))
    return TRUE;

  g_snprintf (low, sizeof low, "%" G_GINT64_FORMAT, min);
  g_snprintf (high, sizeof high, "%" G_GINT64_FORMAT, max);
  /* Translators: a member's name, then two numbers */
  set_invalid (error, _("“%s” must be a whole number from %s to %s"), name, low, high);
  return FALSE;
}

/* @value: (out): 0 when the member is absent */
static gboolean
read_time (JsonObject  *object,
           const char  *name,
           gboolean     required,
           gint64      *value,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = 0;
  if (node == NULL)
    return accept_absent (name, required, error);

  if (node_int (node, 0, MAX_TIME, value))
    return TRUE;

  set_invalid (error,
               _("“%s” must be a time in whole seconds since 1970-01-01 00:00 UTC, "
                 "before the year 10000"),
               name);
  return FALSE;
}

static gboolean
read_boolean (JsonObject  *object,
              const char  *name,
              gboolean    *value,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return accept_absent (name, TRUE, error);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_invalid (error, _("“%s” must be true or false"), name);
      return FALSE;
    }

  *value = json_node_get_boolean (node);
  return TRUE;
}

static void
set_not_one_of (GError             **error,
                const char          *name,
                const char * const  *choices)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    g_string_append_printf (list, "%s“%s”", i > 0 ? ", " : "", choices[i]);

  /* Translators: a member's name, then a list of values: “a”, “b”, “c” */
  set_invalid (error, _("“%s” must be one of %s"), name, list->str);
}

static gboolean
check_nick (const char  *nick,
            const char  *name,
            GType        type,
            int         *value,
            GError     **error)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autofree const char **nicks = NULL;

  if (nick != NULL && gch_enum_from_nick (type, nick, value))
    return TRUE;

  klass = g_type_class_ref (type);
  nicks = g_new0 (const char *, klass->n_values + 1);
  for (guint i = 0; i < klass->n_values; i++)
    nicks[i] = klass->values[i].value_nick;

  set_not_one_of (error, name, nicks);
  return FALSE;
}

static gboolean
read_enum (JsonObject  *object,
           const char  *name,
           GType        type,
           int         *value,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return accept_absent (name, TRUE, error);

  return check_nick (node_is_string (node) ? json_node_get_string (node) : NULL,
                     name, type, value, error);
}

/* @values: (out) (transfer full): %NULL when the array is empty */
static gboolean
read_texts (JsonObject      *object,
            const char      *name,
            const TextRule  *rule,
            GStrv           *values,
            GError         **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n;

  *values = NULL;
  if (node == NULL)
    return accept_absent (name, TRUE, error);

  if (!JSON_NODE_HOLDS_ARRAY (node) || (array = json_node_get_array (node)) == NULL)
    {
      set_invalid (error, _("“%s” must be an array of strings"), name);
      return FALSE;
    }

  n = json_array_get_length (array);
  if (n > MAX_LIST)
    {
      set_invalid (error, _("“%s” must not hold more than %u items"), name, MAX_LIST);
      return FALSE;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *label = NULL;
      const char *text;

      if (!node_is_string (item))
        {
          set_invalid (error, _("“%s” must be an array of strings"), name);
          return FALSE;
        }

      text = json_node_get_string (item);
      label = g_strdup_printf ("%s[%u]", name, i);
      if (!check_text (text, label, rule, error))
        return FALSE;

      for (guint j = 0; j < i; j++)
        if (g_str_equal (text, json_array_get_string_element (array, j)))
          {
            /* Translators: a member's name, then one of its values */
            set_invalid (error, _("“%s” holds “%s” twice"), name, text);
            return FALSE;
          }

      g_strv_builder_add (builder, text);
    }

  if (n > 0)
    *values = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_service (JsonObject  *object,
              GchDay      *day,
              GchService **service,
              GError     **error)
{
  const char *code;

  if (!read_text (object, "service", &key_rule, TRUE, &code, error))
    return FALSE;

  if ((*service = gch_day_find_service (day, code)) == NULL)
    {
      set_invalid (error, _("“service” names a service “%s” that the day does not have"), code);
      return FALSE;
    }

  return TRUE;
}

/* Only what names a zone: a file is read under /usr/share/zoneinfo. */
static gboolean
read_time_zone (JsonObject  *object,
                const char **zone,
                GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  gboolean ok;

  if (!read_text (object, "timezone", &key_rule, TRUE, zone, error))
    return FALSE;

  ok = (*zone)[0] != '/';
  for (const char *s = *zone; ok && *s != '\0'; s++)
    ok = g_ascii_isalnum (*s) || strchr ("/_+-:", *s) != NULL;

  if (!ok || (tz = g_time_zone_new_identifier (*zone)) == NULL)
    {
      set_invalid (error, _("“timezone” must be a time zone such as “Europe/Paris”"));
      return FALSE;
    }

  return TRUE;
}

static const char * const site_members[] = {
  "code", "name", "timezone", "opens-at", "closes-at", "mode", NULL
};

/**
 * gch_codec_site_from_json:
 * @node: a JSON object, as gch_codec_site_to_json() writes it
 *
 * Returns: (transfer full): the site, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchSite *
gch_codec_site_from_json (JsonNode  *node,
                          GError   **error)
{
  const char *code, *name, *zone;
  gint64 opens_at, closes_at;
  JsonObject *object;
  int mode;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("A site must be a JSON object"), site_members, error)) ||
      !read_text (object, "code", &key_rule, TRUE, &code, error) ||
      !read_text (object, "name", &name_rule, TRUE, &name, error) ||
      !read_time_zone (object, &zone, error) ||
      !read_int (object, "opens-at", 0, MAX_MINUTES, TRUE, &opens_at, error) ||
      !read_int (object, "closes-at", 0, MAX_MINUTES, TRUE, &closes_at, error) ||
      !read_enum (object, "mode", GCH_TYPE_SITE_MODE, &mode, error))
    return NULL;

  if (closes_at <= opens_at)
    {
      set_invalid (error, _("“closes-at” must come after “opens-at”"));
      return NULL;
    }

  return g_object_new (GCH_TYPE_SITE,
                       "code", code,
                       "name", name,
                       "timezone", zone,
                       "opens-at", (guint) opens_at,
                       "closes-at", (guint) closes_at,
                       "mode", mode,
                       NULL);
}

static const char * const service_members[] = {
  "code", "name", "prefix", "typical-minutes", "documents", "walk-in-cap",
  "accepts-appointments", "accepts-walk-ins", "max-wait-minutes", "max-waiting-per-guichet", NULL
};

/**
 * gch_codec_service_from_json:
 * @node: a JSON object, as gch_codec_service_to_json() writes it
 *
 * Returns: (transfer full): the service, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchService *
gch_codec_service_from_json (JsonNode  *node,
                             GError   **error)
{
  const char *code, *name, *prefix;
  g_auto(GStrv) documents = NULL;
  gint64 typical_minutes, walk_in_cap, max_wait, max_waiting;
  gboolean accepts_appointments, accepts_walk_ins;
  JsonObject *object;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("A service must be a JSON object"), service_members,
                              error)) ||
      !read_text (object, "code", &key_rule, TRUE, &code, error) ||
      !read_text (object, "name", &name_rule, TRUE, &name, error) ||
      !read_text (object, "prefix", &prefix_rule, TRUE, &prefix, error) ||
      !read_int (object, "typical-minutes", 1, MAX_MINUTES, TRUE, &typical_minutes, error) ||
      !read_texts (object, "documents", &name_rule, &documents, error) ||
      !read_int (object, "walk-in-cap", 0, MAX_WALK_IN_CAP, TRUE, &walk_in_cap, error) ||
      !read_boolean (object, "accepts-appointments", &accepts_appointments, error) ||
      !read_boolean (object, "accepts-walk-ins", &accepts_walk_ins, error) ||
      !read_int (object, "max-wait-minutes", 1, GCH_SERVICE_MAX_THRESHOLD, FALSE, &max_wait,
                 error) ||
      !read_int (object, "max-waiting-per-guichet", 1, GCH_SERVICE_MAX_THRESHOLD, FALSE,
                 &max_waiting, error))
    return NULL;

  /* A configuration written before the thresholds existed takes the defaults. */
  return g_object_new (GCH_TYPE_SERVICE,
                       "max-wait-minutes",
                       max_wait > 0 ? (guint) max_wait : GCH_SERVICE_DEFAULT_MAX_WAIT_MINUTES,
                       "max-waiting-per-guichet",
                       max_waiting > 0 ? (guint) max_waiting
                                       : GCH_SERVICE_DEFAULT_MAX_WAITING_PER_GUICHET,
                       "code", code,
                       "name", name,
                       "prefix", prefix,
                       "typical-minutes", (guint) typical_minutes,
                       "documents", documents,
                       "walk-in-cap", (guint) walk_in_cap,
                       "accepts-appointments", accepts_appointments,
                       "accepts-walk-ins", accepts_walk_ins,
                       NULL);
}

static const char * const guichet_members[] = {
  "number", "label", "accessible", "services", "state", "agent-id", NULL
};

/**
 * gch_codec_guichet_from_json:
 * @node: a JSON object, as gch_codec_guichet_to_json() writes it
 *
 * The service codes are checked for their form only: a day checks that
 * they name its services.
 *
 * Returns: (transfer full): the guichet, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchGuichet *
gch_codec_guichet_from_json (JsonNode  *node,
                             GError   **error)
{
  const char *label, *agent_id;
  g_auto(GStrv) services = NULL;
  gboolean accessible;
  JsonObject *object;
  gint64 number;
  int state;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("A guichet must be a JSON object"), guichet_members,
                              error)) ||
      !read_int (object, "number", 1, MAX_GUICHET, TRUE, &number, error) ||
      !read_text (object, "label", &name_rule, TRUE, &label, error) ||
      !read_boolean (object, "accessible", &accessible, error) ||
      !read_texts (object, "services", &key_rule, &services, error) ||
      !read_enum (object, "state", GCH_TYPE_GUICHET_STATE, &state, error) ||
      !read_text (object, "agent-id", &key_rule, FALSE, &agent_id, error))
    return NULL;

  return g_object_new (GCH_TYPE_GUICHET,
                       "number", (guint) number,
                       "label", label,
                       "accessible", accessible,
                       "services", services,
                       "state", state,
                       "agent-id", agent_id,
                       NULL);
}

static const char * const agent_members[] = { "id", "name", "role", NULL };

/**
 * gch_codec_agent_from_json:
 * @node: a JSON object, as gch_codec_agent_to_json() writes it
 *
 * Returns: (transfer full): the agent, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchAgent *
gch_codec_agent_from_json (JsonNode  *node,
                           GError   **error)
{
  const char *id, *name;
  JsonObject *object;
  int role;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("An agent must be a JSON object"), agent_members, error)) ||
      !read_text (object, "id", &key_rule, TRUE, &id, error) ||
      !read_text (object, "name", &name_rule, TRUE, &name, error) ||
      !read_enum (object, "role", GCH_TYPE_AGENT_ROLE, &role, error))
    return NULL;

  return g_object_new (GCH_TYPE_AGENT, "id", id, "name", name, "role", role, NULL);
}

static const char * const appointment_members[] = {
  "reference", "service", "starts-at", "duration-minutes", "persons", "holder-name", "phone",
  "email", "dossier-number", "predemande-number", "status", "guichet", "version", NULL
};

/**
 * gch_codec_appointment_from_json:
 * @node: a JSON object, as gch_codec_appointment_to_json() writes it
 * @day: the day whose services the appointment's service code names
 *
 * Returns: (transfer full): the appointment, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchAppointment *
gch_codec_appointment_from_json (JsonNode  *node,
                                 GchDay    *day,
                                 GError   **error)
{
  const char *reference, *holder_name, *phone, *email, *dossier_number, *predemande_number;
  gint64 starts_at, duration_minutes, persons, guichet, version;
  GchService *service;
  JsonObject *object;
  int status;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (day != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("An appointment must be a JSON object"),
                              appointment_members, error)) ||
      !read_text (object, "reference", &key_rule, TRUE, &reference, error) ||
      !read_service (object, day, &service, error) ||
      !read_time (object, "starts-at", TRUE, &starts_at, error) ||
      !read_int (object, "duration-minutes", 1, MAX_MINUTES, TRUE, &duration_minutes, error) ||
      !read_int (object, "persons", 1, MAX_PERSONS, TRUE, &persons, error) ||
      !read_text (object, "holder-name", &name_rule, TRUE, &holder_name, error) ||
      !read_text (object, "phone", &short_rule, FALSE, &phone, error) ||
      !read_text (object, "email", &email_rule, FALSE, &email, error) ||
      !read_text (object, "dossier-number", &short_rule, FALSE, &dossier_number, error) ||
      !read_text (object, "predemande-number", &short_rule, FALSE, &predemande_number, error) ||
      !read_enum (object, "status", GCH_TYPE_APPOINTMENT_STATUS, &status, error) ||
      !read_int (object, "guichet", 1, MAX_GUICHET, FALSE, &guichet, error) ||
      !read_int (object, "version", 0, MAX_VERSION, TRUE, &version, error))
    return NULL;

  return g_object_new (GCH_TYPE_APPOINTMENT,
                       "reference", reference,
                       "service", service,
                       "starts-at", starts_at,
                       "duration-minutes", (guint) duration_minutes,
                       "persons", (guint) persons,
                       "holder-name", holder_name,
                       "phone", phone,
                       "email", email,
                       "dossier-number", dossier_number,
                       "predemande-number", predemande_number,
                       "status", status,
                       "guichet", (guint) guichet,
                       "version", version,
                       NULL);
}

static const char * const entry_members[] = {
  "id", "ticket", "service", "priority", "arrived-at", "appointment", "late",
  "transferred-from", "state", "guichet", "called-at", "recalls", "outcome", "notes",
  "printed-at", "version", "satisfaction", NULL
};

/**
 * gch_codec_entry_from_json:
 * @node: a JSON object, as gch_codec_entry_to_json() writes it
 * @day: the day whose services and appointments the entry names
 *
 * Returns: (transfer full): the queue entry, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchQueueEntry *
gch_codec_entry_from_json (JsonNode  *node,
                           GchDay    *day,
                           GError   **error)
{
  const char *id, *ticket, *reference, *transferred_from, *outcome, *notes;
  gint64 arrived_at, guichet, called_at, recalls, printed_at, version, satisfaction;
  GchAppointment *appointment = NULL;
  GchService *service;
  JsonObject *object;
  int priority, state;
  gboolean late;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (day != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("A queue entry must be a JSON object"), entry_members,
                              error)) ||
      !read_text (object, "id", &key_rule, TRUE, &id, error) ||
      !read_text (object, "ticket", &key_rule, TRUE, &ticket, error) ||
      !read_service (object, day, &service, error) ||
      !read_enum (object, "priority", GCH_TYPE_PRIORITY, &priority, error) ||
      !read_time (object, "arrived-at", TRUE, &arrived_at, error) ||
      !read_text (object, "appointment", &key_rule, FALSE, &reference, error))
    return NULL;

  if (reference != NULL && (appointment = gch_day_find_appointment (day, reference)) == NULL)
    {
      set_invalid (error, _("“appointment” names an appointment “%s” that the day does not have"),
                   reference);
      return NULL;
    }

  if (!read_boolean (object, "late", &late, error) ||
      !read_text (object, "transferred-from", &key_rule, FALSE, &transferred_from, error) ||
      !read_enum (object, "state", GCH_TYPE_ENTRY_STATE, &state, error) ||
      !read_int (object, "guichet", 1, MAX_GUICHET, FALSE, &guichet, error) ||
      !read_time (object, "called-at", FALSE, &called_at, error) ||
      !read_int (object, "recalls", 0, MAX_RECALLS, TRUE, &recalls, error) ||
      !read_text (object, "outcome", &short_rule, FALSE, &outcome, error) ||
      !read_text (object, "notes", &long_rule, FALSE, &notes, error) ||
      !read_time (object, "printed-at", FALSE, &printed_at, error) ||
      !read_int (object, "version", 0, MAX_VERSION, TRUE, &version, error) ||
      !read_int (object, "satisfaction", 1, GCH_SATISFACTION_LAST, FALSE, &satisfaction, error))
    return NULL;

  return g_object_new (GCH_TYPE_QUEUE_ENTRY,
                       "id", id,
                       "ticket", ticket,
                       "service", service,
                       "priority", priority,
                       "arrived-at", arrived_at,
                       "appointment", appointment,
                       "late", late,
                       "transferred-from", transferred_from,
                       "state", state,
                       "guichet", (guint) guichet,
                       "called-at", called_at,
                       "recalls", (guint) recalls,
                       "outcome", outcome,
                       "notes", notes,
                       "printed-at", printed_at,
                       "version", version,
                       "satisfaction", (guint) satisfaction,
                       NULL);
}

/* Call-backs */

/**
 * gch_codec_callback_to_json:
 *
 * Returns: (transfer full): @callback as a JSON object; its phone and name
 *   only while they are kept
 */
JsonNode *
gch_codec_callback_to_json (GchCallback *callback)
{
  GchService *service;
  JsonObject *object;

  g_return_val_if_fail (GCH_IS_CALLBACK (callback), NULL);

  service = gch_callback_get_service (callback);
  object = json_object_new ();
  add_text (object, "id", gch_callback_get_id (callback));
  add_text (object, "service", service != NULL ? gch_service_get_code (service) : NULL);
  json_object_set_int_member (object, "taken-at", gch_callback_get_taken_at (callback));
  add_text (object, "taken-by", gch_callback_get_taken_by (callback));
  add_text (object, "phone", gch_callback_get_phone (callback));
  add_text (object, "name", gch_callback_get_name (callback));
  add_nick (object, "status", GCH_TYPE_CALLBACK_STATUS, gch_callback_get_status (callback));
  json_object_set_int_member (object, "attempts", gch_callback_get_attempts (callback));
  add_nonzero (object, "last-attempt-at", gch_callback_get_last_attempt_at (callback));
  json_object_set_int_member (object, "version", gch_callback_get_version (callback));

  return take_object (object);
}

static const char * const callback_members[] = {
  "id", "service", "taken-at", "taken-by", "phone", "name", "status", "attempts",
  "last-attempt-at", "version", NULL
};

/**
 * gch_codec_callback_from_json:
 * @node: a JSON object, as gch_codec_callback_to_json() writes it
 * @day: the day whose services the call-back names
 *
 * Returns: (transfer full): the call-back, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchCallback *
gch_codec_callback_from_json (JsonNode  *node,
                              GchDay    *day,
                              GError   **error)
{
  const char *id, *taken_by, *phone, *name;
  gint64 taken_at, attempts, last_attempt_at, version;
  g_autofree char *normal = NULL;
  GchService *service;
  JsonObject *object;
  int status;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (day != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("A call-back must be a JSON object"), callback_members,
                              error)) ||
      !read_text (object, "id", &key_rule, TRUE, &id, error) ||
      !read_service (object, day, &service, error) ||
      !read_time (object, "taken-at", TRUE, &taken_at, error) ||
      !read_text (object, "taken-by", &key_rule, FALSE, &taken_by, error) ||
      !read_text (object, "phone", &short_rule, FALSE, &phone, error) ||
      !read_text (object, "name", &name_rule, FALSE, &name, error) ||
      !read_enum (object, "status", GCH_TYPE_CALLBACK_STATUS, &status, error) ||
      !read_int (object, "attempts", 0, MAX_RECALLS, TRUE, &attempts, error) ||
      !read_time (object, "last-attempt-at", FALSE, &last_attempt_at, error) ||
      !read_int (object, "version", 0, MAX_VERSION, TRUE, &version, error))
    return NULL;

  /* The number, as every station writes it, or none (erased). */
  if (phone != NULL && !(normal = gch_phone_normalize (phone, NULL)))
    {
      set_invalid (error, _("“phone” is not a French phone number"));
      return NULL;
    }

  return g_object_new (GCH_TYPE_CALLBACK,
                       "id", id,
                       "service", service,
                       "taken-at", taken_at,
                       "taken-by", taken_by,
                       "phone", normal,
                       "name", name,
                       "status", status,
                       "attempts", (guint) attempts,
                       "last-attempt-at", last_attempt_at,
                       "version", version,
                       NULL);
}

static const char * const event_members[] = {
  "seq", "record-kind", "record-id", "at", "actor", "guichet", "from-state", "to-state",
  "detail", NULL
};

static const char * const record_kinds[] = {
  "entry", "appointment", "guichet", "site", "service",
  "feedback",   /* the suggestions and complaints register */
  "callback",   /* call-backs */
  "help-session",   /* point numérique */
  NULL
};

/* The states an event of each record kind moves between. */
static GType
state_type_of (const char *record_kind)
{
  if (g_str_equal (record_kind, "entry"))
    return GCH_TYPE_ENTRY_STATE;
  if (g_str_equal (record_kind, "appointment"))
    return GCH_TYPE_APPOINTMENT_STATUS;
  if (g_str_equal (record_kind, "guichet"))
    return GCH_TYPE_GUICHET_STATE;
  /* The suggestions and complaints register. */
  if (g_str_equal (record_kind, "feedback"))
    return GCH_TYPE_FEEDBACK_STATUS;
  if (g_str_equal (record_kind, "callback"))
    return GCH_TYPE_CALLBACK_STATUS;
  return GCH_TYPE_SITE_MODE;
}

static gboolean
read_choice (JsonObject          *object,
             const char          *name,
             const char * const  *choices,
             const char         **value,
             GError             **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return accept_absent (name, TRUE, error);

  if (!node_is_string (node) || !g_strv_contains (choices, json_node_get_string (node)))
    {
      set_not_one_of (error, name, choices);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

/**
 * gch_codec_event_from_json:
 * @node: a JSON object, as gch_codec_event_to_json() writes it
 *
 * The states must be nicks of the record kind's states: an entry's
 * "waiting", an appointment's "checked-in", a guichet's "open", a site's
 * "affluence".
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchEvent *
gch_codec_event_from_json (JsonNode  *node,
                           GError   **error)
{
  const char *record_kind, *record_id, *actor, *from_state, *to_state, *detail;
  gint64 seq, at, guichet;
  JsonObject *object;
  GchEvent *event;
  GType states;
  int unused;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("An event must be a JSON object"), event_members, error)) ||
      !read_int (object, "seq", 0, MAX_VERSION, TRUE, &seq, error) ||
      !read_choice (object, "record-kind", record_kinds, &record_kind, error) ||
      !read_text (object, "record-id", &key_rule, TRUE, &record_id, error) ||
      !read_time (object, "at", TRUE, &at, error) ||
      !read_text (object, "actor", &key_rule, FALSE, &actor, error) ||
      !read_int (object, "guichet", 1, MAX_GUICHET, FALSE, &guichet, error) ||
      !read_text (object, "from-state", &key_rule, FALSE, &from_state, error) ||
      !read_text (object, "to-state", &key_rule, TRUE, &to_state, error) ||
      !read_text (object, "detail", &long_rule, FALSE, &detail, error))
    return NULL;

  /* A service has no states: its events go between thresholds, "45/8". */
  states = state_type_of (record_kind);
  if (!g_str_equal (record_kind, "service") &&
      !g_str_equal (record_kind, "help-session") &&   /* point numérique: drawn or paper */
      /* privacy: reading a complaint's contact changes no state */
      !(g_str_equal (record_kind, "feedback") && from_state == NULL &&
        g_str_equal (to_state, "contact-read")) &&
      ((from_state != NULL && !check_nick (from_state, "from-state", states, &unused, error)) ||
       !check_nick (to_state, "to-state", states, &unused, error)))
    return NULL;

  event = gch_event_new (record_kind, record_id, at, actor, (guint) guichet, from_state, to_state,
                         detail);
  _gch_event_set_seq (event, seq);
  return event;
}

/* Days
 *
 * Each list is read in order, into the day, so that appointments find
 * their services and entries their appointments. Keys are checked to be
 * unique as the store's would be.
 */

typedef gboolean (*ReadItemFunc) (JsonNode    *node,
                                  GchDay      *day,
                                  GHashTable  *seen,
                                  GError     **error);

/* @key: (transfer full) */
static gboolean
add_key (GHashTable *seen,
        char       *key)
{
  return g_hash_table_add (seen, key);
}

static gboolean
read_day_service (JsonNode    *node,
                  GchDay      *day,
                  GHashTable  *seen,
                  GError     **error)
{
  GchService *service = gch_codec_service_from_json (node, error);
  const char *code, *prefix;

  if (service == NULL)
    return FALSE;

  g_ptr_array_add (day->services, service);
  code = gch_service_get_code (service);
  prefix = gch_service_get_prefix (service);

  if (!add_key (seen, g_strdup (code)))
    {
      set_invalid (error, _("Two services have the code “%s”"), code);
      return FALSE;
    }

  /* Codes and prefixes hold no spaces: the two kinds of keys never meet. */
  if (!add_key (seen, g_strconcat ("prefix ", prefix, NULL)))
    {
      set_invalid (error, _("Two services have the ticket prefix “%s”"), prefix);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_day_agent (JsonNode    *node,
                GchDay      *day,
                GHashTable  *seen,
                GError     **error)
{
  GchAgent *agent = gch_codec_agent_from_json (node, error);

  if (agent == NULL)
    return FALSE;

  g_ptr_array_add (day->agents, agent);
  if (!add_key (seen, g_strdup (gch_agent_get_id (agent))))
    {
      set_invalid (error, _("Two agents have the id “%s”"), gch_agent_get_id (agent));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_day_guichet (JsonNode    *node,
                  GchDay      *day,
                  GHashTable  *seen,
                  GError     **error)
{
  GchGuichet *guichet = gch_codec_guichet_from_json (node, error);
  const char * const *services;
  const char *agent_id;
  char number[16];

  if (guichet == NULL)
    return FALSE;

  g_ptr_array_add (day->guichets, guichet);
  g_snprintf (number, sizeof number, "%u", gch_guichet_get_number (guichet));
  if (!add_key (seen, g_strdup (number)))
    {
      set_invalid (error, _("Two guichets have the number %s"), number);
      return FALSE;
    }

  services = gch_guichet_get_services (guichet);
  for (guint i = 0; services[i] != NULL; i++)
    if (gch_day_find_service (day, services[i]) == NULL)
      {
        set_invalid (error, _("“services” names a service “%s” that the day does not have"),
                     services[i]);
        return FALSE;
      }

  agent_id = gch_guichet_get_agent_id (guichet);
  if (agent_id != NULL && gch_day_find_agent (day, agent_id) == NULL)
    {
      set_invalid (error, _("“agent-id” names an agent “%s” that the day does not have"), agent_id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_day_appointment (JsonNode    *node,
                      GchDay      *day,
                      GHashTable  *seen,
                      GError     **error)
{
  GchAppointment *appointment = gch_codec_appointment_from_json (node, day, error);
  const char *reference;

  if (appointment == NULL)
    return FALSE;

  g_ptr_array_add (day->appointments, appointment);
  reference = gch_appointment_get_reference (appointment);
  if (!add_key (seen, g_strdup (reference)))
    {
      set_invalid (error, _("Two appointments have the reference “%s”"), reference);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_day_entry (JsonNode    *node,
                GchDay      *day,
                GHashTable  *seen,
                GError     **error)
{
  GchQueueEntry *entry = gch_codec_entry_from_json (node, day, error);
  const char *id, *ticket;

  if (entry == NULL)
    return FALSE;

  g_ptr_array_add (day->entries, entry);
  id = gch_queue_entry_get_id (entry);
  ticket = gch_queue_entry_get_ticket (entry);

  if (!add_key (seen, g_strdup (id)))
    {
      set_invalid (error, _("Two queue entries have the id “%s”"), id);
      return FALSE;
    }

  /* Ids and tickets hold no spaces: the two kinds of keys never meet. */
  if (!add_key (seen, g_strconcat ("ticket ", ticket, NULL)))
    {
      set_invalid (error, _("Two queue entries have the ticket “%s”"), ticket);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_day_event (JsonNode    *node,
                GchDay      *day,
                GHashTable  *seen,
                GError     **error)
{
  GchEvent *event = gch_codec_event_from_json (node, error);

  if (event == NULL)
    return FALSE;

  g_ptr_array_add (day->events, event);
  return TRUE;
}

static gboolean
read_day_list (JsonObject    *object,
               const char    *name,
               GchDay        *day,
               ReadItemFunc   read_item,
               GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL)
    return accept_absent (name, TRUE, error);

  if (!JSON_NODE_HOLDS_ARRAY (node) || (array = json_node_get_array (node)) == NULL)
    {
      set_invalid (error, _("“%s” must be an array"), name);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!read_item (json_array_get_element (array, i), day, seen, error))
      {
        /* Translators: a member's name, then a position in it, from 1 */
        g_prefix_error (error, _("In “%s”, item %u: "), name, i + 1);
        return FALSE;
      }

  return TRUE;
}

/* A transfer's new entry names the one it came from, of the same day. */
static gboolean
check_transfers (GchDay  *day,
                 GError **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < day->entries->len; i++)
    g_hash_table_add (ids, (gpointer) gch_queue_entry_get_id (g_ptr_array_index (day->entries, i)));

  for (guint i = 0; i < day->entries->len; i++)
    {
      const char *from = gch_queue_entry_get_transferred_from (g_ptr_array_index (day->entries, i));

      if (from != NULL && !g_hash_table_contains (ids, from))
        {
          set_invalid (error, _("In “%s”, item %u: “transferred-from” names an entry “%s” that the "
                                "day does not have"),
                       "entries", i + 1, from);
          return FALSE;
        }
    }

  return TRUE;
}

static const char * const day_members[] = {
  "date", "site", "services", "guichets", "agents", "appointments", "entries", "events", NULL
};

/**
 * gch_codec_day_from_json:
 * @node: a JSON object, as gch_codec_day_to_json() writes it
 *
 * Reads a whole day. Services come first, then agents and guichets, then
 * appointments (which name services), then entries (which name services
 * and appointments), then events. Every code, reference and id must be
 * unique in its list, and every one that is named must be there.
 *
 * The profile of past days (@past_days, @past_walk_ins) is the station's
 * own and does not travel: it stays empty.
 *
 * Returns: (transfer full): the day, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchDay *
gch_codec_day_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(GchDay) day = NULL;
  JsonObject *object;
  const char *date;
  JsonNode *site;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("A day must be a JSON object"), day_members, error)) ||
      !read_text (object, "date", &key_rule, TRUE, &date, error))
    return NULL;

  if (!gch_day_parse_date (date, NULL, NULL, NULL))
    {
      set_invalid (error, _("“date” must be a date of the form YYYY-MM-DD"));
      return NULL;
    }

  day = gch_day_new (date);

  if ((site = json_object_get_member (object, "site")) != NULL &&
      (day->site = gch_codec_site_from_json (site, error)) == NULL)
    {
      g_prefix_error (error, _("In “%s”: "), "site");
      return NULL;
    }

  if (!read_day_list (object, "services", day, read_day_service, error) ||
      !read_day_list (object, "agents", day, read_day_agent, error) ||
      !read_day_list (object, "guichets", day, read_day_guichet, error) ||
      !read_day_list (object, "appointments", day, read_day_appointment, error) ||
      !read_day_list (object, "entries", day, read_day_entry, error) ||
      !check_transfers (day, error) ||
      !read_day_list (object, "events", day, read_day_event, error))
    return NULL;

  return g_steal_pointer (&day);
}

/* Operations */

/**
 * gch_operation_free:
 */
void
gch_operation_free (GchOperation *operation)
{
  if (operation == NULL)
    return;

  g_free (operation->uuid);
  g_free (operation->kind);
  g_free (operation->record_kind);
  g_free (operation->record_id);
  g_free (operation->actor);
  g_clear_pointer (&operation->payload, json_node_unref);
  g_free (operation);
}

/**
 * gch_operation_new_from_change:
 * @change: a change whose operation is set (gch_change_set_operation())
 *
 * Returns: (transfer full): the operation @change puts in the outbox
 */
GchOperation *
gch_operation_new_from_change (GchChange *change)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) payload = NULL;
  GchOperation *operation;
  const char *text;

  g_return_val_if_fail (GCH_IS_CHANGE (change), NULL);
  g_return_val_if_fail (gch_change_get_record_kind (change) != NULL, NULL);
  g_return_val_if_fail (gch_change_get_record_id (change) != NULL, NULL);
  g_return_val_if_fail (gch_change_get_payload (change) != NULL, NULL);

  /* The station wrote the payload itself: one that does not read back is
   * a bug of ours, not bad input.
   */
  text = gch_change_get_payload (change);
  payload = gch_codec_parse (text, strlen (text), &error);
  g_return_val_if_fail (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload), NULL);

  operation = g_new0 (GchOperation, 1);
  operation->uuid = g_strdup (gch_change_get_uuid (change));
  operation->kind = g_strdup (gch_change_get_kind (change));
  operation->record_kind = g_strdup (gch_change_get_record_kind (change));
  operation->record_id = g_strdup (gch_change_get_record_id (change));
  operation->base_version = gch_change_get_base_version (change);
  operation->at = gch_change_get_at (change);
  operation->actor = g_strdup (gch_change_get_actor (change));
  operation->payload = g_steal_pointer (&payload);

  return operation;
}

/**
 * gch_codec_operation_to_json:
 *
 * Returns: (transfer full): @operation as a JSON object
 */
JsonNode *
gch_codec_operation_to_json (const GchOperation *operation)
{
  JsonObject *object;

  g_return_val_if_fail (operation != NULL, NULL);

  object = json_object_new ();
  add_text (object, "uuid", operation->uuid);
  add_text (object, "kind", operation->kind);
  add_text (object, "record-kind", operation->record_kind);
  add_text (object, "record-id", operation->record_id);
  json_object_set_int_member (object, "base-version", operation->base_version);
  json_object_set_int_member (object, "at", operation->at);
  add_text (object, "actor", operation->actor);
  if (operation->payload != NULL)
    json_object_set_member (object, "payload", json_node_copy (operation->payload));

  return take_object (object);
}

/* A payload may come from elsewhere than gch_codec_parse(): its depth is
 * bounded here too, without recursing past the bound.
 */
static gboolean
check_depth_of (JsonNode *node,
              guint     depth)
{
  gboolean ok = TRUE;

  if (depth > GCH_CODEC_MAX_DEPTH)
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (node) && json_node_get_object (node) != NULL)
    {
      g_autoptr(GList) values = json_object_get_values (json_node_get_object (node));

      for (GList *l = values; ok && l != NULL; l = l->next)
        ok = check_depth_of (l->data, depth + 1);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_node_get_array (node) != NULL)
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; ok && i < json_array_get_length (array); i++)
        ok = check_depth_of (json_array_get_element (array, i), depth + 1);
    }

  return ok;
}

static const char * const operation_members[] = {
  "uuid", "kind", "record-kind", "record-id", "base-version", "at", "actor", "payload", NULL
};

static const char * const operation_record_kinds[] = {
  "entry", "appointment", "guichet", "service",
  "feedback",   /* the suggestions and complaints register */
  "callback",   /* call-backs */
  "help-session",   /* point numérique */
  NULL
};

/**
 * gch_codec_operation_from_json:
 * @node: a JSON object, as gch_codec_operation_to_json() writes it
 *
 * Checks the operation's envelope: a UUID, an action name, the kind and
 * key of the record, its base version, its time, and a payload that is a
 * JSON object. What the payload holds is the action's to check.
 *
 * Returns: (transfer full): the operation, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GchOperation *
gch_codec_operation_from_json (JsonNode  *node,
                               GError   **error)
{
  const char *uuid, *kind, *record_kind, *record_id, *actor;
  gint64 base_version, at;
  GchOperation *operation;
  JsonObject *object;
  JsonNode *payload;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("An operation must be a JSON object"), operation_members,
                              error)) ||
      !read_text (object, "uuid", &key_rule, TRUE, &uuid, error))
    return NULL;

  if (!g_uuid_string_is_valid (uuid))
    {
      set_invalid (error, _("“uuid” must be a UUID, such as "
                            "“0d9e8f2a-5b7c-4e1d-9a3f-6c2b8e4d7a10”"));
      return NULL;
    }

  if (!read_text (object, "kind", &key_rule, TRUE, &kind, error))
    return NULL;

  for (const char *s = kind; *s != '\0'; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '-')
      {
        set_invalid (error, _("“kind” must be an action name such as “call” or “issue-ticket”"));
        return NULL;
      }

  if (!read_choice (object, "record-kind", operation_record_kinds, &record_kind, error) ||
      !read_text (object, "record-id", &key_rule, TRUE, &record_id, error) ||
      !read_int (object, "base-version", 0, MAX_VERSION, TRUE, &base_version, error) ||
      !read_time (object, "at", TRUE, &at, error) ||
      !read_text (object, "actor", &key_rule, FALSE, &actor, error))
    return NULL;

  if ((payload = json_object_get_member (object, "payload")) == NULL)
    {
      accept_absent ("payload", TRUE, error);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (payload) || json_node_get_object (payload) == NULL)
    {
      set_invalid (error, _("“payload” must be a JSON object"));
      return NULL;
    }
  if (!check_depth_of (payload, 2))
    {
      set_invalid (error, _("“payload” nests objects and arrays deeper than %u levels"),
                   GCH_CODEC_MAX_DEPTH);
      return NULL;
    }

  operation = g_new0 (GchOperation, 1);
  operation->uuid = g_strdup (uuid);
  operation->kind = g_strdup (kind);
  operation->record_kind = g_strdup (record_kind);
  operation->record_id = g_strdup (record_id);
  operation->base_version = base_version;
  operation->at = at;
  operation->actor = g_strdup (actor);
  operation->payload = json_node_copy (payload);

  return operation;
}

/* The suggestions and complaints register (issue 6) */

/**
 * gch_codec_feedback_to_json:
 * @with_contact: whether the person's contact goes too: only in the
 *   operation that logs the record and in answers to a supervisor or the
 *   quality referent, never in the feed every station pulls
 *
 * Returns: (transfer full): @feedback as a JSON object, with its forwards
 *   and answers
 */
JsonNode *
gch_codec_feedback_to_json (GchFeedback *feedback,
                            gboolean     with_contact)
{
  JsonObject *object;
  JsonArray *forwards, *answers;
  const GDate *due;

  g_return_val_if_fail (GCH_IS_FEEDBACK (feedback), NULL);

  object = json_object_new ();
  add_text (object, "id", gch_feedback_get_id (feedback));
  add_nick (object, "kind", GCH_TYPE_FEEDBACK_KIND, gch_feedback_get_kind (feedback));
  add_nick (object, "channel", GCH_TYPE_FEEDBACK_CHANNEL, gch_feedback_get_channel (feedback));
  add_nick (object, "category", GCH_TYPE_FEEDBACK_CATEGORY, gch_feedback_get_category (feedback));
  json_object_set_int_member (object, "received-at", gch_feedback_get_received_at (feedback));
  add_text (object, "description", gch_feedback_get_description (feedback));
  add_text (object, "ticket", gch_feedback_get_ticket (feedback));
  add_text (object, "appointment", gch_feedback_get_appointment (feedback));
  add_text (object, "service", gch_feedback_get_service (feedback));
  add_nonzero (object, "guichet", gch_feedback_get_guichet (feedback));
  add_text (object, "agent", gch_feedback_get_agent (feedback));
  json_object_set_boolean_member (object, "consent", gch_feedback_get_consent (feedback));
  if (with_contact)
    {
      add_text (object, "contact-name", gch_feedback_get_contact_name (feedback));
      add_text (object, "contact-email", gch_feedback_get_contact_email (feedback));
      add_text (object, "contact-phone", gch_feedback_get_contact_phone (feedback));
    }
  json_object_set_boolean_member (object, "answer-required",
                                  gch_feedback_get_answer_required (feedback));
  add_nick (object, "status", GCH_TYPE_FEEDBACK_STATUS, gch_feedback_get_status (feedback));
  due = gch_feedback_get_due_date (feedback);
  if (g_date_valid (due))
    {
      char text[16];

      g_date_strftime (text, sizeof text, "%Y-%m-%d", due);
      add_text (object, "due-date", text);
    }
  add_nonzero (object, "acknowledged-at", gch_feedback_get_acknowledged_at (feedback));
  add_nonzero (object, "started-at", gch_feedback_get_started_at (feedback));
  add_nonzero (object, "closed-at", gch_feedback_get_closed_at (feedback));
  add_text (object, "logged-by", gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_RECEIVED));
  add_text (object, "acknowledged-by",
            gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_ACKNOWLEDGED));
  add_text (object, "started-by", gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_IN_PROGRESS));
  add_text (object, "closed-by", gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_CLOSED));

  forwards = json_array_new ();
  for (guint i = 0; i < gch_feedback_get_n_forwards (feedback); i++)
    {
      const GchFeedbackForward *forward = gch_feedback_get_forward (feedback, i);
      JsonObject *item = json_object_new ();

      add_text (item, "by", forward->by);
      add_text (item, "to", forward->to);
      add_text (item, "note", forward->note);
      json_object_set_int_member (item, "at", forward->at);
      json_array_add_object_element (forwards, item);
    }
  json_object_set_array_member (object, "forwards", forwards);

  answers = json_array_new ();
  for (guint i = 0; i < gch_feedback_get_n_answers (feedback); i++)
    {
      const GchFeedbackAnswer *answer = gch_feedback_get_answer (feedback, i);
      JsonObject *item = json_object_new ();

      add_text (item, "author", answer->author);
      add_text (item, "text", answer->text);
      json_object_set_int_member (item, "at", answer->at);
      json_array_add_object_element (answers, item);
    }
  json_object_set_array_member (object, "answers", answers);

  json_object_set_int_member (object, "version", gch_feedback_get_version (feedback));

  return take_object (object);
}

static const char * const feedback_members[] = {
  "id", "kind", "channel", "category", "received-at", "description", "ticket", "appointment",
  "service", "guichet", "agent", "consent", "contact-name", "contact-email", "contact-phone",
  "answer-required", "status", "due-date", "acknowledged-at", "started-at", "closed-at",
  "logged-by", "acknowledged-by", "started-by", "closed-by", "forwards", "answers", "version", NULL
};

static const char * const forward_members[] = { "by", "to", "at", "note", NULL };
static const char * const answer_members[] = { "author", "text", "at", NULL };

/* A description or an answer: 1 to GCH_FEEDBACK_MAX_DESCRIPTION characters. */
static const TextRule feedback_text_rule = { 1, GCH_FEEDBACK_MAX_DESCRIPTION, TRUE, TRUE };

static JsonArray *
read_array (JsonObject  *object,
            const char  *name,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_node_get_array (node) == NULL)
    {
      set_invalid (error, _("“%s” must be an array"), name);
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
read_history (JsonObject   *object,
              GchFeedback  *feedback,
              GError      **error)
{
  JsonArray *forwards, *answers;

  if (!(forwards = read_array (object, "forwards", error)) ||
      !(answers = read_array (object, "answers", error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (forwards); i++)
    {
      JsonObject *item;
      const char *by, *to, *note;
      gint64 at;

      if (!(item = open_object (json_array_get_element (forwards, i),
                                N_("A forward must be a JSON object"), forward_members, error)) ||
          !read_text (item, "by", &name_rule, TRUE, &by, error) ||
          !read_text (item, "to", &name_rule, TRUE, &to, error) ||
          !read_text (item, "note", &feedback_text_rule, FALSE, &note, error) ||
          !read_time (item, "at", TRUE, &at, error))
        return FALSE;

      gch_feedback_restore_forward (feedback, by, to, note, at);
    }

  for (guint i = 0; i < json_array_get_length (answers); i++)
    {
      JsonObject *item;
      const char *author, *text;
      gint64 at;

      if (!(item = open_object (json_array_get_element (answers, i),
                                N_("An answer must be a JSON object"), answer_members, error)) ||
          !read_text (item, "author", &name_rule, TRUE, &author, error) ||
          !read_text (item, "text", &feedback_text_rule, TRUE, &text, error) ||
          !read_time (item, "at", TRUE, &at, error))
        return FALSE;

      gch_feedback_restore_answer (feedback, author, text, at);
    }

  return TRUE;
}

/**
 * gch_codec_feedback_from_json:
 * @node: a JSON object, as gch_codec_feedback_to_json() writes it
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 *   (%GCH_ERROR_INVALID), with the same sentences as when it is typed
 */
GchFeedback *
gch_codec_feedback_from_json (JsonNode  *node,
                              GError   **error)
{
  const char *id, *description, *ticket, *appointment, *service, *agent;
  const char *contact_name, *contact_email, *contact_phone, *due_text;
  const char *logged_by, *acknowledged_by, *started_by, *closed_by;
  gint64 received_at, guichet, acknowledged_at, started_at, closed_at, version;
  int kind, channel, category, status, year, month, day;
  gboolean consent, answer_required;
  g_autoptr(GchFeedback) feedback = NULL;
  GError *local_error = NULL;
  JsonObject *object;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = open_object (node, N_("A suggestion or complaint must be a JSON object"),
                              feedback_members, error)) ||
      !read_text (object, "id", &key_rule, TRUE, &id, error) ||
      !read_enum (object, "kind", GCH_TYPE_FEEDBACK_KIND, &kind, error) ||
      !read_enum (object, "channel", GCH_TYPE_FEEDBACK_CHANNEL, &channel, error) ||
      !read_enum (object, "category", GCH_TYPE_FEEDBACK_CATEGORY, &category, error) ||
      !read_time (object, "received-at", TRUE, &received_at, error) ||
      !read_text (object, "description", &feedback_text_rule, TRUE, &description, error) ||
      !read_text (object, "ticket", &key_rule, FALSE, &ticket, error) ||
      !read_text (object, "appointment", &key_rule, FALSE, &appointment, error) ||
      !read_text (object, "service", &key_rule, FALSE, &service, error) ||
      !read_int (object, "guichet", 1, MAX_GUICHET, FALSE, &guichet, error) ||
      !read_text (object, "agent", &name_rule, FALSE, &agent, error) ||
      !read_boolean (object, "consent", &consent, error) ||
      !read_text (object, "contact-name", &name_rule, FALSE, &contact_name, error) ||
      !read_text (object, "contact-email", &email_rule, FALSE, &contact_email, error) ||
      !read_text (object, "contact-phone", &short_rule, FALSE, &contact_phone, error) ||
      !read_boolean (object, "answer-required", &answer_required, error) ||
      !read_enum (object, "status", GCH_TYPE_FEEDBACK_STATUS, &status, error) ||
      !read_text (object, "due-date", &key_rule, FALSE, &due_text, error) ||
      !read_time (object, "acknowledged-at", FALSE, &acknowledged_at, error) ||
      !read_time (object, "started-at", FALSE, &started_at, error) ||
      !read_time (object, "closed-at", FALSE, &closed_at, error) ||
      !read_text (object, "logged-by", &name_rule, FALSE, &logged_by, error) ||
      !read_text (object, "acknowledged-by", &name_rule, FALSE, &acknowledged_by, error) ||
      !read_text (object, "started-by", &name_rule, FALSE, &started_by, error) ||
      !read_text (object, "closed-by", &name_rule, FALSE, &closed_by, error) ||
      !read_int (object, "version", 0, MAX_VERSION, TRUE, &version, error))
    return NULL;

  if (due_text != NULL && !gch_day_parse_date (due_text, &year, &month, &day))
    {
      set_invalid (error, _("“%s” must be a date, YYYY-MM-DD"), "due-date");
      return NULL;
    }

  /* The record's own checks give the same sentences as at the counter. */
  if (!(feedback = gch_feedback_new (id, kind, channel, category, received_at, description,
                                     &local_error)) ||
      !gch_feedback_set_contact (feedback, consent, contact_name, contact_email, contact_phone,
                                 &local_error))
    {
      set_invalid (error, "%s", local_error->message);
      g_error_free (local_error);
      return NULL;
    }

  gch_feedback_set_visit (feedback, ticket, appointment, service, guichet, agent);
  gch_feedback_set_answer_required (feedback, answer_required);
  if (due_text != NULL)
    {
      GDate due;

      g_date_clear (&due, 1);
      g_date_set_dmy (&due, day, month, year);
      gch_feedback_set_due_date (feedback, &due);
    }
  gch_feedback_restore_state (feedback, status, acknowledged_at, closed_at);
  gch_feedback_restore_started_at (feedback, started_at);
  gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_RECEIVED, logged_by);
  gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_ACKNOWLEDGED, acknowledged_by);
  gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_IN_PROGRESS, started_by);
  gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_CLOSED, closed_by);
  gch_feedback_set_version (feedback, version);

  if (!read_history (object, feedback, error))
    return NULL;

  return g_steal_pointer (&feedback);
}

/* End of the suggestions and complaints register. */
