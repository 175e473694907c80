/* gch-feedback-report-dialog.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "guichet.h"

G_BEGIN_DECLS

typedef enum
{
  GCH_FEEDBACK_REPORT_FORMAT_CSV,
  GCH_FEEDBACK_REPORT_FORMAT_PDF,
} GchFeedbackReportFormat;

#define GCH_TYPE_FEEDBACK_REPORT_DIALOG (gch_feedback_report_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GchFeedbackReportDialog, gch_feedback_report_dialog, GCH,
                      FEEDBACK_REPORT_DIALOG, AdwWindow)

GchFeedbackReportDialog *gch_feedback_report_dialog_new        (GtkWindow               *parent,
                                                                GchStation              *station);
void                     gch_feedback_report_dialog_set_period (GchFeedbackReportDialog *self,
                                                                GDateYear                year,
                                                                guint                    quarter);
const GchFeedbackReport *gch_feedback_report_dialog_get_report (GchFeedbackReportDialog *self);
char                    *gch_feedback_report_dialog_dup_filename (GchFeedbackReportDialog *self,
                                                                  GchFeedbackReportFormat  format);
void                     gch_feedback_report_dialog_save_async (GchFeedbackReportDialog *self,
                                                                GchFeedbackReportFormat  format,
                                                                GFile                   *file,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
gboolean                 gch_feedback_report_dialog_save_finish (GchFeedbackReportDialog *self,
                                                                 GAsyncResult            *result,
                                                                 GError                 **error);

G_END_DECLS
