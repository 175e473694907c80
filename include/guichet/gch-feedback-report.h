/* gch-feedback-report.h
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

#include "gch-feedback.h"

G_BEGIN_DECLS

/**
 * GchFeedbackReport:
 * @from: the first day of the period, in the site's calendar
 * @to: its last day
 * @total: the records received in the period
 * @by_kind: of them, per #GchFeedbackKind
 * @by_channel: per #GchFeedbackChannel
 * @by_category: per #GchFeedbackCategory
 * @due: those that needed an answer and either got one or are past
 *   their due date: what the share answered within the delay counts
 * @answered: those that got an answer
 * @answered_in_time: those whose first answer came by the due date
 * @mean_answer_days: the mean time to the first answer, in working days
 *   from the day received to the day answered, or -1 with none answered
 *
 * What the register publishes for a quarter or a year (Qual-e-pref 3.1).
 */
typedef struct
{
  GDate  from;
  GDate  to;
  guint  total;
  guint  by_kind[GCH_FEEDBACK_KIND_COMPLIMENT + 1];
  guint  by_channel[GCH_FEEDBACK_N_CHANNELS];
  guint  by_category[GCH_FEEDBACK_CATEGORY_OTHER + 1];
  guint  due;
  guint  answered;
  guint  answered_in_time;
  double mean_answer_days;
} GchFeedbackReport;

void    gch_feedback_report_quarter          (GchFeedbackReport *report,
                                              GDateYear          year,
                                              guint              quarter);
void    gch_feedback_report_year             (GchFeedbackReport *report,
                                              GDateYear          year);
void    gch_feedback_report_compute          (GchFeedbackReport *report,
                                              GPtrArray         *records,
                                              gint64             now,
                                              GTimeZone         *zone);
double  gch_feedback_report_share_in_time    (const GchFeedbackReport *report);
char   *gch_feedback_report_to_csv           (const GchFeedbackReport *report);
char   *gch_feedback_list_to_csv             (GPtrArray         *records,
                                              GTimeZone         *zone);
char   *gch_feedback_list_to_csv_with_contact (GPtrArray        *records,
                                              GTimeZone         *zone);

G_END_DECLS
