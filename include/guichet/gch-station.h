/* gch-station.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gch-codec.h"
#include "gch-policy.h"
#include "gch-sync.h"
#include "gch-types.h"

G_BEGIN_DECLS

/**
 * GchAction:
 *
 * What an agent does, at the desk or the reception.
 */
typedef enum
{
  GCH_ACTION_CALL_NEXT,
  GCH_ACTION_CALL_ENTRY,
  GCH_ACTION_RECALL,
  GCH_ACTION_START_SERVICE,
  GCH_ACTION_FINISH_SERVICE,
  GCH_ACTION_NO_SHOW,
  GCH_ACTION_HOLD,
  GCH_ACTION_RESUME,
  GCH_ACTION_TRANSFER,
  GCH_ACTION_ISSUE_TICKET,
  GCH_ACTION_CHECK_IN,
  GCH_ACTION_MARK_PRINTED,
  GCH_ACTION_SET_NOTES,
  GCH_ACTION_PAUSE_GUICHET,
  GCH_ACTION_CLOSE_GUICHET,
  GCH_ACTION_OPEN_GUICHET,
  GCH_ACTION_ASSIGN_GUICHET,
  GCH_ACTION_SET_PRIORITY,
  GCH_ACTION_SET_THRESHOLDS,
  GCH_ACTION_SET_GUICHET_SERVICES,
  GCH_ACTION_SEAT_AGENT,
  /* The suggestions and complaints register (issue 6) */
  GCH_ACTION_LOG_FEEDBACK,
  GCH_ACTION_ACKNOWLEDGE_FEEDBACK,
  GCH_ACTION_START_FEEDBACK,
  GCH_ACTION_FORWARD_FEEDBACK,
  GCH_ACTION_ANSWER_FEEDBACK,
  GCH_ACTION_CLOSE_FEEDBACK,
  /* End of the suggestions and complaints register */
  /* call-backs and satisfaction */
  GCH_ACTION_RATE_SERVICE,
  GCH_ACTION_TAKE_CALLBACK,
  GCH_ACTION_CALLBACK_OUTCOME,
  /* point numérique */
  GCH_ACTION_LOG_HELP_SESSION,
  GCH_ACTION_READ_SIGNATURE,
} GchAction;

/**
 * GchRequest:
 * @action: what to do
 * @guichet: the guichet acting; 0 for the reception
 * @ticket: the entry acted on, when it is not the guichet's current one
 * @reason: why an entry is called out of turn
 * @reference: the appointment to check in
 * @service: the service of a new ticket, or to transfer to
 * @target_guichet: the guichet to transfer to
 * @priority: the priority category of a new ticket
 * @outcome: how a service ends: "served", "incomplete" or "redirected"
 * @missing: the documents missing, for an incomplete dossier
 * @notes: the agent's notes on the visit
 * @max_wait_minutes: a service's new longest wait, for %GCH_ACTION_SET_THRESHOLDS
 * @max_waiting_per_guichet: a service's new most people waiting per open
 *   guichet, for %GCH_ACTION_SET_THRESHOLDS
 * @services: the codes of the services @target_guichet handles, for
 *   %GCH_ACTION_SET_GUICHET_SERVICES
 * @agent: the agent to seat at @target_guichet, %NULL for nobody, for
 *   %GCH_ACTION_SEAT_AGENT
 * @feedback: the record of the register to log (with its contact, and its
 *   due date if the station's settings set it) or to act on, for the
 *   `*_FEEDBACK` actions
 * @answer: the answer's text, for %GCH_ACTION_ANSWER_FEEDBACK
 * @forward_to: the service a record goes to, for %GCH_ACTION_FORWARD_FEEDBACK
 * @forward_note: (nullable): what that service is told, for
 *   %GCH_ACTION_FORWARD_FEEDBACK
 * @satisfaction: the person's rating of the service @ticket ended, for
 *   %GCH_ACTION_RATE_SERVICE
 * @phone: the number to call back, as typed, for %GCH_ACTION_TAKE_CALLBACK
 *   (@service is the service, @notes an optional name, @agent the agent
 *   taking it, the station's actor when %NULL)
 * @callback: the call-back tried, for %GCH_ACTION_CALLBACK_OUTCOME, whose
 *   @outcome is "called-back", "appointment" or "no-answer"
 *   %GCH_ACTION_SEAT_AGENT; the mediator for %GCH_ACTION_LOG_HELP_SESSION, the
 *   reader for %GCH_ACTION_READ_SIGNATURE, the agent who forwards or answers
 *   for %GCH_ACTION_FORWARD_FEEDBACK and %GCH_ACTION_ANSWER_FEEDBACK (%NULL:
 *   the station's actor)
 * @session: the help session read, for %GCH_ACTION_READ_SIGNATURE; for
 *   %GCH_ACTION_LOG_HELP_SESSION its id when it is known already (an
 *   operation decided again), %NULL for a new one
 * @person: the name of the person helped, for %GCH_ACTION_LOG_HELP_SESSION
 * @demarche: what they were helped with, for %GCH_ACTION_LOG_HELP_SESSION
 * @signature: the signature's strokes as JSON (see gch_signature_parse()),
 *   for %GCH_ACTION_LOG_HELP_SESSION, unless @on_paper
 * @on_paper: the person signed the paper register instead
 *
 * One action with its parameters; only those the action needs are read.
 */
typedef struct
{
  GchAction     action;
  guint         guichet;
  const char   *ticket;
  const char   *reason;
  const char   *reference;
  const char   *service;
  guint         target_guichet;
  GchPriority   priority;
  const char   *outcome;
  const char  **missing;
  const char   *notes;
  int           max_wait_minutes;
  int           max_waiting_per_guichet;
  const char  **services;
  const char   *agent;
  /* The suggestions and complaints register (issue 6) */
  GchFeedback  *feedback;
  const char   *answer;
  const char   *forward_to;
  const char   *forward_note;
  GchSatisfaction satisfaction;
  const char   *phone;
  const char   *callback;
  /* point numérique */
  const char   *session;
  const char   *person;
  const char   *demarche;
  const char   *signature;
  gboolean      on_paper;
} GchRequest;

#define GCH_TYPE_STATION (gch_station_get_type ())

G_DECLARE_FINAL_TYPE (GchStation, gch_station, GCH, STATION, GObject)

GchStation              *gch_station_new            (GchStore          *store,
                                                     GchClock          *clock,
                                                     const char        *actor);
GchStore                *gch_station_get_store      (GchStation        *self);
GchClock                *gch_station_get_clock      (GchStation        *self);
GchDay                  *gch_station_get_day        (GchStation        *self);
void                     gch_station_set_day        (GchStation        *self,
                                                     GchDay            *day);
const GchPolicySettings *gch_station_get_settings   (GchStation        *self);
void                     gch_station_set_settings   (GchStation        *self,
                                                     const GchPolicySettings *settings);
const char              *gch_station_get_actor      (GchStation        *self);
void                     gch_station_set_actor      (GchStation        *self,
                                                     const char        *actor);
gboolean                 gch_station_get_online     (GchStation        *self);
void                     gch_station_set_online     (GchStation        *self,
                                                     gboolean           online);
void                     gch_station_set_sync       (GchStation        *self,
                                                     GchSync           *sync);
GchSync                 *gch_station_get_sync       (GchStation        *self);

GchChange               *gch_station_decide         (GchStation        *self,
                                                     const GchRequest  *request,
                                                     GError           **error);
void                     gch_station_submit         (GchStation        *self,
                                                     const GchRequest  *request,
                                                     GCancellable      *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer           user_data);
GchChange               *gch_station_submit_finish  (GchStation        *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);
GchChange               *gch_station_decide_operation (GchStation      *self,
                                                     const GchOperation *operation,
                                                     GError           **error);
GchChange               *gch_station_run            (GchStation        *self,
                                                     const GchRequest  *request,
                                                     GError           **error);

GchQueueEntry           *gch_station_find_ticket    (GchStation        *self,
                                                     const char        *ticket);
guint                    gch_station_count_walk_ins (GchStation        *self,
                                                     GchService        *service);

G_END_DECLS
