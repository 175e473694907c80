/* gch-server-request.h: reading request bodies strictly, and the API's errors
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

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GCH_SERVER_ERROR (gch_server_error_quark ())

/* Each is one "error" code of the API, with its HTTP status: see
 * gch_server_error_get_name() and gch_server_error_get_status().
 */
typedef enum
{
  GCH_SERVER_ERROR_BAD_REQUEST,
  GCH_SERVER_ERROR_MALFORMED_JSON,
  GCH_SERVER_ERROR_UNKNOWN_FIELD,
  GCH_SERVER_ERROR_MISSING_FIELD,
  GCH_SERVER_ERROR_WRONG_TYPE,
  GCH_SERVER_ERROR_INVALID_VALUE,
  GCH_SERVER_ERROR_UNAUTHORIZED,
  GCH_SERVER_ERROR_BAD_CREDENTIALS,
  GCH_SERVER_ERROR_FORBIDDEN,
  GCH_SERVER_ERROR_NOT_FOUND,
  GCH_SERVER_ERROR_NO_SITE,
  GCH_SERVER_ERROR_METHOD_NOT_ALLOWED,
  GCH_SERVER_ERROR_CONFLICT,
  GCH_SERVER_ERROR_PAYLOAD_TOO_LARGE,
  GCH_SERVER_ERROR_UNSUPPORTED_MEDIA_TYPE,
  GCH_SERVER_ERROR_INTERNAL,
  GCH_SERVER_ERROR_CURSOR_TOO_OLD,
} GchServerError;

/**
 * GchServerField:
 * @name: the member's name
 * @type: %G_TYPE_STRING, %G_TYPE_INT64 or %G_TYPE_BOOLEAN
 * @required: whether the member must be there
 *
 * One member a request body may have.
 */
/* The type of a field that holds a JSON array (not a GType: fields are
 * static tables, and JSON_TYPE_ARRAY is known at run time only).
 */
#define GCH_SERVER_FIELD_LIST ((GType) 1)

typedef struct
{
  const char *name;
  GType       type;
  gboolean    required;
} GchServerField;

GQuark       gch_server_error_quark          (void);
const char  *gch_server_error_get_name       (int                    code);
guint        gch_server_error_get_status     (int                    code);

JsonObject  *gch_server_request_parse_object (const char            *data,
                                              gsize                  length,
                                              GError               **error);
gboolean     gch_server_request_check_fields (JsonObject            *object,
                                              const GchServerField  *fields,
                                              gsize                  n_fields,
                                              GError               **error);

G_END_DECLS
