/* gch-codec.h: the JSON of the HTTP API, shared by the server and the stations
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gch-types.h"

G_BEGIN_DECLS

/* The largest body the API reads: larger ones are refused, unread. */
#define GCH_CODEC_MAX_BODY (1024 * 1024)

/* How deep objects and arrays may nest in a body: the top level is 1. */
#define GCH_CODEC_MAX_DEPTH 32

/**
 * GchOperation:
 * @uuid: the station's id for the operation; sending it again is harmless
 * @kind: what was done: "call", "finish", "issue-ticket", …
 * @record_kind: the kind of record acted on: "entry", "appointment", "guichet"
 * @record_id: its key
 * @base_version: the record's version the action was decided on, 0 for a creation
 * @at: when, in seconds since the epoch
 * @actor: (nullable): who
 * @payload: the action's parameters, a JSON object
 *
 * One operation of a station's outbox, as it travels to the server.
 */
typedef struct
{
  char     *uuid;
  char     *kind;
  char     *record_kind;
  char     *record_id;
  gint64    base_version;
  gint64    at;
  char     *actor;
  JsonNode *payload;
} GchOperation;

JsonNode     *gch_codec_parse              (const char   *data,
                                            gsize         length,
                                            GError      **error);
char         *gch_codec_to_string          (JsonNode     *node);

JsonNode     *gch_codec_site_to_json       (GchSite      *site);
GchSite      *gch_codec_site_from_json     (JsonNode     *node,
                                            GError      **error);
JsonNode     *gch_codec_service_to_json    (GchService   *service);
GchService   *gch_codec_service_from_json  (JsonNode     *node,
                                            GError      **error);
JsonNode     *gch_codec_guichet_to_json    (GchGuichet   *guichet);
GchGuichet   *gch_codec_guichet_from_json  (JsonNode     *node,
                                            GError      **error);
JsonNode     *gch_codec_agent_to_json      (GchAgent     *agent);
GchAgent     *gch_codec_agent_from_json    (JsonNode     *node,
                                            GError      **error);
JsonNode     *gch_codec_appointment_to_json (GchAppointment *appointment);
GchAppointment *gch_codec_appointment_from_json (JsonNode *node,
                                            GchDay       *day,
                                            GError      **error);
JsonNode     *gch_codec_entry_to_json      (GchQueueEntry *entry);
GchQueueEntry *gch_codec_entry_from_json   (JsonNode     *node,
                                            GchDay       *day,
                                            GError      **error);
/* call-backs */
JsonNode     *gch_codec_callback_to_json   (GchCallback  *callback);
GchCallback  *gch_codec_callback_from_json (JsonNode     *node,
                                            GchDay       *day,
                                            GError      **error);
JsonNode     *gch_codec_event_to_json      (GchEvent     *event);
GchEvent     *gch_codec_event_from_json    (JsonNode     *node,
                                            GError      **error);

JsonNode     *gch_codec_day_to_json        (GchDay       *day);
GchDay       *gch_codec_day_from_json      (JsonNode     *node,
                                            GError      **error);

GchOperation *gch_operation_new_from_change (GchChange   *change);
void          gch_operation_free           (GchOperation *operation);
JsonNode     *gch_codec_operation_to_json  (const GchOperation *operation);
GchOperation *gch_codec_operation_from_json (JsonNode    *node,
                                            GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchOperation, gch_operation_free)

/* The suggestions and complaints register (issue 6) */
JsonNode     *gch_codec_feedback_to_json   (GchFeedback  *feedback,
                                            gboolean      with_contact);
GchFeedback  *gch_codec_feedback_from_json (JsonNode     *node,
                                            GError      **error);

G_END_DECLS
