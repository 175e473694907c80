/* gch-numerique.c: the point numérique's register of help sessions
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gch-error.h"
#include "gch-numerique.h"

/**
 * gch_help_session_free:
 */
void
gch_help_session_free (GchHelpSession *session)
{
  if (session == NULL)
    return;

  g_free (session->id);
  g_free (session->day);
  g_free (session->name);
  g_free (session->demarche);
  g_free (session->mediator);
  g_free (session);
}

static gboolean
read_coordinate (JsonNode *node,
                 int       most,
                 int      *value)
{
  gint64 number;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  number = json_node_get_int (node);
  if (number < 0 || number > most)
    return FALSE;
  *value = number;
  return TRUE;
}

/**
 * gch_signature_parse:
 * @strokes: a signature as JSON: an array of strokes, each an array of
 *   points [x, y] in whole numbers within %GCH_SIGNATURE_WIDTH by
 *   %GCH_SIGNATURE_HEIGHT, such as `[[[10,20],[15,22]],[[300,40]]]`
 *
 * Checks a signature: at least one stroke, no empty stroke, at most
 * %GCH_SIGNATURE_MAX_STROKES strokes and %GCH_SIGNATURE_MAX_POINTS points,
 * every point in the box.
 *
 * Returns: (transfer full) (element-type GArray): the strokes, each a
 *   #GArray of #GchSignaturePoint, or %NULL with @error set
 *   (%GCH_ERROR_INVALID)
 */
GPtrArray *
gch_signature_parse (const char  *strokes,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  JsonNode *root;
  JsonArray *array;
  guint n_points = 0;

  if (strokes == NULL || *strokes == '\0')
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The signature is empty: have the person sign on the pad, or mark the "
                     "session as signed on paper."));
      return NULL;
    }

  /* Not even parsed when longer than the most points could be written. */
  if (strlen (strokes) > GCH_SIGNATURE_MAX_BYTES)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The signature is too long (at most %u points); clear it and sign "
                     "again."), GCH_SIGNATURE_MAX_POINTS);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, strokes, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The signature could not be read; draw it again."));
      return NULL;
    }

  array = json_node_get_array (root);
  if (json_array_get_length (array) == 0)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The signature is empty: have the person sign on the pad, or mark the "
                     "session as signed on paper."));
      return NULL;
    }

  if (json_array_get_length (array) > GCH_SIGNATURE_MAX_STROKES)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The signature has too many strokes (at most %u); clear it and sign "
                     "again."), GCH_SIGNATURE_MAX_STROKES);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *stroke_node = json_array_get_element (array, i);
      JsonArray *stroke;
      GArray *points;

      if (!JSON_NODE_HOLDS_ARRAY (stroke_node) ||
          json_array_get_length (stroke = json_node_get_array (stroke_node)) == 0)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The signature could not be read; draw it again."));
          return NULL;
        }

      n_points += json_array_get_length (stroke);
      if (n_points > GCH_SIGNATURE_MAX_POINTS)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The signature is too long (at most %u points); clear it and sign "
                         "again."), GCH_SIGNATURE_MAX_POINTS);
          return NULL;
        }

      points = g_array_sized_new (FALSE, FALSE, sizeof (GchSignaturePoint),
                                  json_array_get_length (stroke));
      g_ptr_array_add (result, points);
      for (guint j = 0; j < json_array_get_length (stroke); j++)
        {
          JsonNode *point_node = json_array_get_element (stroke, j);
          JsonArray *point;
          GchSignaturePoint point_value;

          if (!JSON_NODE_HOLDS_ARRAY (point_node) ||
              json_array_get_length (point = json_node_get_array (point_node)) != 2 ||
              !read_coordinate (json_array_get_element (point, 0), GCH_SIGNATURE_WIDTH,
                                &point_value.x) ||
              !read_coordinate (json_array_get_element (point, 1), GCH_SIGNATURE_HEIGHT,
                                &point_value.y))
            {
              g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The signature could not be read; draw it again."));
              return NULL;
            }
          g_array_append_val (points, point_value);
        }
    }

  return g_steal_pointer (&result);
}

/**
 * gch_signature_normalize:
 * @strokes: a signature as JSON, see gch_signature_parse()
 *
 * Returns: (transfer full): @strokes checked and written compactly, as it
 *   is stored and sent, or %NULL with @error set (%GCH_ERROR_INVALID)
 */
char *
gch_signature_normalize (const char  *strokes,
                         GError     **error)
{
  g_autoptr(GPtrArray) parsed = gch_signature_parse (strokes, error);
  GString *text;

  if (parsed == NULL)
    return NULL;

  text = g_string_new ("[");
  for (guint i = 0; i < parsed->len; i++)
    {
      GArray *points = g_ptr_array_index (parsed, i);

      g_string_append (text, i > 0 ? ",[" : "[");
      for (guint j = 0; j < points->len; j++)
        {
          GchSignaturePoint *point = &g_array_index (points, GchSignaturePoint, j);

          g_string_append_printf (text, "%s[%d,%d]", j > 0 ? "," : "", point->x, point->y);
        }
      g_string_append_c (text, ']');
    }
  g_string_append_c (text, ']');

  return g_string_free (text, FALSE);
}
