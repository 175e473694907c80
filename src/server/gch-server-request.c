/* gch-server-request.c: reading request bodies strictly, and the API's errors
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

#define G_LOG_DOMAIN "gch-server-request"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gch-codec.h"
#include "gch-server-request.h"

G_DEFINE_QUARK (gch-server-error-quark, gch_server_error)

static const struct
{
  const char *name;
  guint       status;
} errors[] = {
  [GCH_SERVER_ERROR_BAD_REQUEST] = { "bad-request", 400 },
  [GCH_SERVER_ERROR_MALFORMED_JSON] = { "malformed-json", 400 },
  [GCH_SERVER_ERROR_UNKNOWN_FIELD] = { "unknown-field", 400 },
  [GCH_SERVER_ERROR_MISSING_FIELD] = { "missing-field", 400 },
  [GCH_SERVER_ERROR_WRONG_TYPE] = { "wrong-type", 400 },
  [GCH_SERVER_ERROR_INVALID_VALUE] = { "invalid-value", 400 },
  [GCH_SERVER_ERROR_UNAUTHORIZED] = { "unauthorized", 401 },
  [GCH_SERVER_ERROR_BAD_CREDENTIALS] = { "bad-credentials", 401 },
  [GCH_SERVER_ERROR_FORBIDDEN] = { "forbidden", 403 },
  [GCH_SERVER_ERROR_NOT_FOUND] = { "not-found", 404 },
  [GCH_SERVER_ERROR_NO_SITE] = { "no-site", 404 },
  [GCH_SERVER_ERROR_METHOD_NOT_ALLOWED] = { "method-not-allowed", 405 },
  [GCH_SERVER_ERROR_CONFLICT] = { "conflict", 409 },
  [GCH_SERVER_ERROR_PAYLOAD_TOO_LARGE] = { "payload-too-large", 413 },
  [GCH_SERVER_ERROR_UNSUPPORTED_MEDIA_TYPE] = { "unsupported-media-type", 415 },
  [GCH_SERVER_ERROR_INTERNAL] = { "internal", 500 },
  [GCH_SERVER_ERROR_CURSOR_TOO_OLD] = { "cursor-too-old", 410 },
};

/**
 * gch_server_error_get_name:
 * @code: a #GchServerError
 *
 * Returns: the API's name of the error, the "error" member of the body
 */
const char *
gch_server_error_get_name (int code)
{
  if (code < 0 || code >= (int)G_N_ELEMENTS (errors))
    code = GCH_SERVER_ERROR_INTERNAL;

  return errors[code].name;
}

/**
 * gch_server_error_get_status:
 * @code: a #GchServerError
 *
 * Returns: the HTTP status that goes with it
 */
guint
gch_server_error_get_status (int code)
{
  if (code < 0 || code >= (int)G_N_ELEMENTS (errors))
    code = GCH_SERVER_ERROR_INTERNAL;

  return errors[code].status;
}

/**
 * gch_server_request_parse_object:
 *
 * Parses a request body that must be one JSON object, with
 * gch_codec_parse().
 *
 * Returns: (transfer full): the object, or %NULL with a
 *   %GCH_SERVER_ERROR_MALFORMED_JSON @error
 */
JsonObject *
gch_server_request_parse_object (const char  *data,
                                 gsize        length,
                                 GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  if (length == 0)
    {
      g_set_error_literal (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_MALFORMED_JSON,
                           _("The request has no body: it needs a JSON object."));
      return NULL;
    }

  /* The codec's reader is strict RFC 8259, bounds the nesting and the
   * size, and says where the text goes wrong.
   */
  if (!(root = gch_codec_parse (data, length, &local_error)))
    {
      g_set_error_literal (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_MALFORMED_JSON,
                           local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_MALFORMED_JSON,
                           _("The body must be a JSON object, between “{” and “}”."));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static const char *
describe_type (GType type)
{
  if (type == G_TYPE_STRING)
    return _("a string");
  if (type == G_TYPE_INT64)
    return _("a whole number");
  if (type == G_TYPE_BOOLEAN)
    return _("true or false");
  if (type == GCH_SERVER_FIELD_LIST)
    return _("a list");

  g_return_val_if_reached ("?");
}

static gboolean
node_has_type (JsonNode *node,
               GType     type)
{
  if (type == GCH_SERVER_FIELD_LIST)
    return JSON_NODE_HOLDS_ARRAY (node);

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  return json_node_get_value_type (node) == type;
}

/**
 * gch_server_request_check_fields:
 * @fields: (array length=n_fields): the members @object may have
 *
 * Checks @object against @fields: no other member, every required member
 * present, every member of its type (null is never one).
 *
 * Returns: %TRUE if @object fits; otherwise %FALSE with an @error whose
 *   code says what is wrong and whose message names the member
 */
gboolean
gch_server_request_check_fields (JsonObject            *object,
                                 const GchServerField  *fields,
                                 gsize                  n_fields,
                                 GError               **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      gboolean known = FALSE;

      for (gsize i = 0; i < n_fields && !known; i++)
        known = g_str_equal (fields[i].name, name);

      if (!known)
        {
          g_autoptr(GString) accepted = g_string_new (NULL);

          for (gsize i = 0; i < n_fields; i++)
            g_string_append_printf (accepted, "%s“%s”", i > 0 ? ", " : "", fields[i].name);

          /* Translators: the first %s is a field's name, the second a list of them */
          g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_UNKNOWN_FIELD,
                       _("The field “%s” is not known here: this request takes %s."),
                       g_utf8_validate (name, -1, NULL) ? name : "?", accepted->str);
          return FALSE;
        }
    }

  for (gsize i = 0; i < n_fields; i++)
    {
      JsonNode *node = json_object_get_member (object, fields[i].name);

      if (node == NULL)
        {
          if (fields[i].required)
            {
              g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_MISSING_FIELD,
                           _("The field “%s” is missing."), fields[i].name);
              return FALSE;
            }
          continue;
        }

      if (!node_has_type (node, fields[i].type))
        {
          /* Translators: the first %s is a field's name, the second a type: "a string" */
          g_set_error (error, GCH_SERVER_ERROR, GCH_SERVER_ERROR_WRONG_TYPE,
                       _("The field “%s” must be %s."), fields[i].name,
                       describe_type (fields[i].type));
          return FALSE;
        }
    }

  return TRUE;
}
