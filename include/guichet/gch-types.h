/* gch-types.h
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

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GchAgent       GchAgent;
typedef struct _GchAppointment GchAppointment;
typedef struct _GchCallback    GchCallback;
typedef struct _GchChange      GchChange;
typedef struct _GchClock       GchClock;
typedef struct _GchDay         GchDay;
typedef struct _GchEvent       GchEvent;
typedef struct _GchFeedback    GchFeedback;   /* the complaints register */
typedef struct _GchGuichet     GchGuichet;
typedef struct _GchQueueEntry  GchQueueEntry;
typedef struct _GchService     GchService;
typedef struct _GchSite        GchSite;
typedef struct _GchStation     GchStation;
typedef struct _GchStore       GchStore;

/* The nicks of these enums are what the database and the JSON codec store:
 * renaming a value is a schema change.
 */

typedef enum
{
  GCH_ENTRY_STATE_WAITING,
  GCH_ENTRY_STATE_CALLED,
  GCH_ENTRY_STATE_SERVING,
  GCH_ENTRY_STATE_ON_HOLD,
  GCH_ENTRY_STATE_DONE,
  GCH_ENTRY_STATE_NO_SHOW,
  GCH_ENTRY_STATE_LEFT,
  GCH_ENTRY_STATE_TRANSFERRED,
  GCH_ENTRY_STATE_CANCELLED,
} GchEntryState;

typedef enum
{
  GCH_APPOINTMENT_STATUS_BOOKED,
  GCH_APPOINTMENT_STATUS_CHECKED_IN,
  GCH_APPOINTMENT_STATUS_SERVED,
  GCH_APPOINTMENT_STATUS_NO_SHOW,
  GCH_APPOINTMENT_STATUS_CANCELLED_BY_PERSON,
  GCH_APPOINTMENT_STATUS_CANCELLED_BY_SERVICE,
} GchAppointmentStatus;

typedef enum
{
  GCH_GUICHET_STATE_OPEN,
  GCH_GUICHET_STATE_PAUSED,
  GCH_GUICHET_STATE_CLOSED,
} GchGuichetState;

typedef enum
{
  GCH_AGENT_ROLE_AGENT,
  GCH_AGENT_ROLE_RECEPTION,
  GCH_AGENT_ROLE_SUPERVISOR,
  GCH_AGENT_ROLE_QUALITY,   /* the quality referent: the registers' personal data */
} GchAgentRole;

typedef enum
{
  GCH_PRIORITY_NONE,
  GCH_PRIORITY_DISABILITY,
  GCH_PRIORITY_PREGNANCY,
  GCH_PRIORITY_ELDERLY,
  GCH_PRIORITY_CMI,
} GchPriority;

typedef enum
{
  GCH_SITE_MODE_NORMAL,
  GCH_SITE_MODE_AFFLUENCE,
  GCH_SITE_MODE_CRISE,
} GchSiteMode;

/* The suggestions and complaints register (issue 6). */

typedef enum
{
  GCH_FEEDBACK_KIND_SUGGESTION,
  GCH_FEEDBACK_KIND_COMPLAINT,
  GCH_FEEDBACK_KIND_COMPLIMENT,
} GchFeedbackKind;

typedef enum
{
  GCH_FEEDBACK_CHANNEL_GUICHET,
  GCH_FEEDBACK_CHANNEL_LETTER,
  GCH_FEEDBACK_CHANNEL_EMAIL,
  GCH_FEEDBACK_CHANNEL_WEB_FORM,
  GCH_FEEDBACK_CHANNEL_PHONE,
} GchFeedbackChannel;

typedef enum
{
  GCH_FEEDBACK_CATEGORY_RECEPTION,
  GCH_FEEDBACK_CATEGORY_WAITING_TIME,
  GCH_FEEDBACK_CATEGORY_INFORMATION,
  GCH_FEEDBACK_CATEGORY_SERVICE,
  GCH_FEEDBACK_CATEGORY_OTHER,
} GchFeedbackCategory;

typedef enum
{
  GCH_FEEDBACK_STATUS_RECEIVED,
  GCH_FEEDBACK_STATUS_ACKNOWLEDGED,
  GCH_FEEDBACK_STATUS_IN_PROGRESS,
  GCH_FEEDBACK_STATUS_ANSWERED,
  GCH_FEEDBACK_STATUS_CLOSED,
} GchFeedbackStatus;

/* End of the suggestions and complaints register. */
/* Satisfaction: the person's one-question rating at the end of a service
 * (Qual-e-pref 3.2), four faces, best first.
 */
typedef enum
{
  GCH_SATISFACTION_NONE,
  GCH_SATISFACTION_VERY_SATISFIED,
  GCH_SATISFACTION_SATISFIED,
  GCH_SATISFACTION_DISSATISFIED,
  GCH_SATISFACTION_VERY_DISSATISFIED,
} GchSatisfaction;

#define GCH_SATISFACTION_LAST GCH_SATISFACTION_VERY_DISSATISFIED

/* Call-backs: where a person who left a phone number stands. */
typedef enum
{
  GCH_CALLBACK_STATUS_WAITING,
  GCH_CALLBACK_STATUS_CALLED_BACK,
  GCH_CALLBACK_STATUS_APPOINTMENT,
  GCH_CALLBACK_STATUS_NO_ANSWER,
} GchCallbackStatus;

gboolean    gch_entry_state_allows      (GchEntryState         from,
                                         GchEntryState         to);
gboolean    gch_appointment_status_allows (GchAppointmentStatus from,
                                         GchAppointmentStatus  to);

const char *gch_enum_to_nick            (GType                 enum_type,
                                         int                   value);
gboolean    gch_enum_from_nick          (GType                 enum_type,
                                         const char           *nick,
                                         int                  *value);

const char *gch_entry_state_to_label    (GchEntryState         state);
const char *gch_appointment_status_to_label (GchAppointmentStatus status);
const char *gch_guichet_state_to_label  (GchGuichetState       state);
const char *gch_agent_role_to_label     (GchAgentRole          role);
gboolean    gch_agent_role_reads_personal_data (GchAgentRole      role);
const char *gch_priority_to_label       (GchPriority           priority);
const char *gch_priority_to_short_label (GchPriority           priority);
const char *gch_site_mode_to_label      (GchSiteMode           mode);
const char *gch_satisfaction_to_label   (GchSatisfaction       satisfaction);
const char *gch_callback_status_to_label (GchCallbackStatus    status);

G_END_DECLS
