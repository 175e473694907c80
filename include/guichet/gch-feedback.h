/* gch-feedback.h
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

#include "gch-types.h"

G_BEGIN_DECLS

/* A description is 1 to this many characters (not bytes). */
#define GCH_FEEDBACK_MAX_DESCRIPTION 10000

#define GCH_FEEDBACK_N_CHANNELS (GCH_FEEDBACK_CHANNEL_PHONE + 1)

/**
 * GchFeedbackSettings:
 * @delay_days: the working days to answer, per channel (Qual-e-pref 3.1/17)
 * @retention_days: the days after closing past which the contact is erased
 */
typedef struct
{
  guint delay_days[GCH_FEEDBACK_N_CHANNELS];
  guint retention_days;
} GchFeedbackSettings;

/**
 * GchFeedbackAnswer:
 * @text: what was answered
 * @author: who answered
 * @at: when, in seconds since the epoch
 */
typedef struct
{
  char   *text;
  char   *author;
  gint64  at;
} GchFeedbackAnswer;

/**
 * GchFeedbackForward:
 * @by: who forwarded the record
 * @to: the service (or person) it was forwarded to
 * @at: when, in seconds since the epoch
 * @note: (nullable): what they were told, %NULL for none (and for a
 *   forward saved before notes were kept apart)
 */
typedef struct
{
  char   *by;
  char   *to;
  gint64  at;
  char   *note;
} GchFeedbackForward;

#define GCH_TYPE_FEEDBACK (gch_feedback_get_type ())

G_DECLARE_FINAL_TYPE (GchFeedback, gch_feedback, GCH, FEEDBACK, GObject)

void                 gch_feedback_settings_init         (GchFeedbackSettings *settings);
void                 gch_feedback_settings_read_delays  (GchFeedbackSettings *settings,
                                                         GVariant            *delays);

/* Working days: weekends and French public holidays are not. */
gboolean             gch_date_is_public_holiday         (const GDate         *date);
gboolean             gch_date_is_working_day            (const GDate         *date);
void                 gch_date_add_working_days          (GDate               *date,
                                                         guint                days);
int                  gch_working_days_between           (const GDate         *from,
                                                         const GDate         *to);

gboolean             gch_feedback_status_allows         (GchFeedbackStatus    from,
                                                         GchFeedbackStatus    to);
const char          *gch_feedback_kind_to_label         (GchFeedbackKind      kind);
const char          *gch_feedback_channel_to_label      (GchFeedbackChannel   channel);
const char          *gch_feedback_category_to_label     (GchFeedbackCategory  category);
const char          *gch_feedback_status_to_label       (GchFeedbackStatus    status);

gboolean             gch_feedback_check_description     (const char          *description,
                                                         GError             **error);
char                *gch_feedback_normalize_email       (const char          *email,
                                                         GError             **error);
char                *gch_feedback_normalize_phone       (const char          *phone,
                                                         GError             **error);

GchFeedback         *gch_feedback_new                   (const char          *id,
                                                         GchFeedbackKind      kind,
                                                         GchFeedbackChannel   channel,
                                                         GchFeedbackCategory  category,
                                                         gint64               received_at,
                                                         const char          *description,
                                                         GError             **error);

const char          *gch_feedback_get_id                (GchFeedback         *self);
GchFeedbackKind      gch_feedback_get_kind              (GchFeedback         *self);
GchFeedbackChannel   gch_feedback_get_channel           (GchFeedback         *self);
GchFeedbackCategory  gch_feedback_get_category          (GchFeedback         *self);
gint64               gch_feedback_get_received_at       (GchFeedback         *self);
const char          *gch_feedback_get_description       (GchFeedback         *self);
GchFeedbackStatus    gch_feedback_get_status            (GchFeedback         *self);
gint64               gch_feedback_get_version           (GchFeedback         *self);
void                 gch_feedback_set_version           (GchFeedback         *self,
                                                         gint64               version);

gboolean             gch_feedback_get_answer_required   (GchFeedback         *self);
void                 gch_feedback_set_answer_required   (GchFeedback         *self,
                                                         gboolean             required);

/* The visit it concerns, when there is one. */
const char          *gch_feedback_get_ticket            (GchFeedback         *self);
const char          *gch_feedback_get_appointment       (GchFeedback         *self);
const char          *gch_feedback_get_service           (GchFeedback         *self);
guint                gch_feedback_get_guichet           (GchFeedback         *self);
const char          *gch_feedback_get_agent             (GchFeedback         *self);
void                 gch_feedback_set_visit             (GchFeedback         *self,
                                                         const char          *ticket,
                                                         const char          *appointment,
                                                         const char          *service,
                                                         guint                guichet,
                                                         const char          *agent);

/* The person's contact, only with their consent. */
gboolean             gch_feedback_get_consent           (GchFeedback         *self);
const char          *gch_feedback_get_contact_name      (GchFeedback         *self);
const char          *gch_feedback_get_contact_email     (GchFeedback         *self);
const char          *gch_feedback_get_contact_phone     (GchFeedback         *self);
gboolean             gch_feedback_has_contact           (GchFeedback         *self);
gboolean             gch_feedback_set_contact           (GchFeedback         *self,
                                                         gboolean             consent,
                                                         const char          *name,
                                                         const char          *email,
                                                         const char          *phone,
                                                         GError             **error);
void                 gch_feedback_erase_contact         (GchFeedback         *self);

/* The due date, a date of the site's calendar. */
const GDate         *gch_feedback_get_due_date          (GchFeedback         *self);
void                 gch_feedback_set_due_date          (GchFeedback         *self,
                                                         const GDate         *due);
void                 gch_feedback_compute_due_date      (GchFeedback         *self,
                                                         const GchFeedbackSettings *settings,
                                                         GTimeZone           *zone);
gboolean             gch_feedback_is_overdue            (GchFeedback         *self,
                                                         gint64               now,
                                                         GTimeZone           *zone);
gboolean             gch_feedback_is_nearly_due         (GchFeedback         *self,
                                                         gint64               now,
                                                         GTimeZone           *zone);

/* The workflow. */
gint64               gch_feedback_get_acknowledged_at   (GchFeedback         *self);
gint64               gch_feedback_get_closed_at         (GchFeedback         *self);
gint64               gch_feedback_get_first_answer_at   (GchFeedback         *self);
gboolean             gch_feedback_acknowledge           (GchFeedback         *self,
                                                         gint64               now,
                                                         GError             **error);
gboolean             gch_feedback_start                 (GchFeedback         *self,
                                                         gint64               now,
                                                         GError             **error);
gboolean             gch_feedback_forward               (GchFeedback         *self,
                                                         const char          *by,
                                                         const char          *to,
                                                         gint64               now,
                                                         GError             **error);
gboolean             gch_feedback_forward_with_note     (GchFeedback         *self,
                                                         const char          *by,
                                                         const char          *to,
                                                         const char          *note,
                                                         gint64               now,
                                                         GError             **error);
gboolean             gch_feedback_answer                (GchFeedback         *self,
                                                         const char          *author,
                                                         const char          *text,
                                                         gint64               now,
                                                         GError             **error);
gboolean             gch_feedback_close                 (GchFeedback         *self,
                                                         gint64               now,
                                                         GError             **error);
void                 gch_feedback_restore_state         (GchFeedback         *self,
                                                         GchFeedbackStatus    status,
                                                         gint64               acknowledged_at,
                                                         gint64               closed_at);
/* Who did each step (the agent's id), and when work began. */
void                 gch_feedback_set_done_by           (GchFeedback         *self,
                                                         GchFeedbackStatus    step,
                                                         const char          *by);
const char          *gch_feedback_get_done_by           (GchFeedback         *self,
                                                         GchFeedbackStatus    step);
gint64               gch_feedback_get_started_at        (GchFeedback         *self);
void                 gch_feedback_restore_started_at    (GchFeedback         *self,
                                                         gint64               started_at);
void                 gch_feedback_restore_forward       (GchFeedback         *self,
                                                         const char          *by,
                                                         const char          *to,
                                                         const char          *note,
                                                         gint64               at);
void                 gch_feedback_restore_answer        (GchFeedback         *self,
                                                         const char          *author,
                                                         const char          *text,
                                                         gint64               at);

guint                gch_feedback_get_n_forwards        (GchFeedback         *self);
const GchFeedbackForward *gch_feedback_get_forward      (GchFeedback         *self,
                                                         guint                i);
guint                gch_feedback_get_n_answers         (GchFeedback         *self);
const GchFeedbackAnswer *gch_feedback_get_answer        (GchFeedback         *self,
                                                         guint                i);

G_END_DECLS
