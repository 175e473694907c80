/* gch-feedback-report-dialog.c
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

#define G_LOG_DOMAIN "gch-feedback-report-dialog"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "gch-feedback-report-dialog.h"
#include "gch-save-chooser.h"

/* What the register publishes for a quarter or a year (Qual-e-pref 3.1):
 * the records received by kind, channel and category, the share answered
 * within the delay and the mean time to answer, saved as CSV or as an A4
 * PDF. The register is read once, in a worker; a period chosen is counted
 * from it at once. Nobody's contact is in it.
 */

#define A4_WIDTH 595.0   /* points */
#define A4_HEIGHT 842.0
#define MARGIN 50.0

#define N_KINDS (GCH_FEEDBACK_KIND_COMPLIMENT + 1)
#define N_CATEGORIES (GCH_FEEDBACK_CATEGORY_OTHER + 1)

enum
{
  ANSWER_TOTAL,
  ANSWER_DUE,
  ANSWER_ANSWERED,
  ANSWER_IN_TIME,
  ANSWER_MEAN,
  N_ANSWER_ROWS
};

struct _GchFeedbackReportDialog
{
  AdwWindow             parent_instance;

  /* Template Widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwComboRow          *period_row;
  GtkSpinButton        *year_spin;
  AdwPreferencesGroup  *answers_group;
  AdwPreferencesGroup  *kind_group;
  AdwPreferencesGroup  *channel_group;
  AdwPreferencesGroup  *category_group;
  GtkButton            *csv_button;
  GtkButton            *pdf_button;

  GtkLabel             *answer_values[N_ANSWER_ROWS];
  GtkLabel             *kind_values[N_KINDS];
  GtkLabel             *channel_values[GCH_FEEDBACK_N_CHANNELS];
  GtkLabel             *category_values[N_CATEGORIES];

  GchStation           *station;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GPtrArray            *records;     /* NULL until read */
  GchFeedbackReport     report;
  gboolean              computed;
  char                 *site_name;
};

G_DEFINE_FINAL_TYPE (GchFeedbackReportDialog, gch_feedback_report_dialog, ADW_TYPE_WINDOW)

static GTimeZone *
dup_time_zone (GchFeedbackReportDialog *self)
{
  GchDay *day = gch_station_get_day (self->station);

  return day != NULL && day->site != NULL ? gch_site_dup_time_zone (day->site)
                                          : g_time_zone_new_local ();
}

static void
toast (GchFeedbackReportDialog *self,
       const char              *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* "2026, first quarter" */
static char *
dup_period (const GchFeedbackReport *report)
{
  GDateYear year = g_date_get_year (&report->from);
  guint quarter = (g_date_get_month (&report->from) - 1) / 3 + 1;

  if (g_date_get_month (&report->from) == G_DATE_JANUARY &&
      g_date_get_month (&report->to) == G_DATE_DECEMBER)
    /* Translators: a year */
    return g_strdup_printf (_("The year %u"), year);

  switch (quarter)
    {
    /* Translators: a year */
    case 1: return g_strdup_printf (_("First quarter %u"), year);
    /* Translators: a year */
    case 2: return g_strdup_printf (_("Second quarter %u"), year);
    /* Translators: a year */
    case 3: return g_strdup_printf (_("Third quarter %u"), year);
    /* Translators: a year */
    default: return g_strdup_printf (_("Fourth quarter %u"), year);
    }
}

/* The report's figures, as the dialog and the PDF write them. */

static char *
format_count (guint count)
{
  return g_strdup_printf ("%u", count);
}

static char *
format_in_time (const GchFeedbackReport *report)
{
  double share = gch_feedback_report_share_in_time (report);

  if (share < 0)
    return g_strdup (_("None due"));

  /* Translators: how many were answered in time, of how many, then the share in per cent */
  return g_strdup_printf (_("%u of %u (%.0f %%)"), report->answered_in_time, report->due,
                          100 * share);
}

static char *
format_mean (const GchFeedbackReport *report)
{
  if (report->mean_answer_days < 0)
    return g_strdup (_("None answered"));

  /* Translators: a number of working days, such as 2.5 */
  return g_strdup_printf (_("%.1f working days"), report->mean_answer_days);
}

static const char *
answer_title (guint row)
{
  switch (row)
    {
    case ANSWER_TOTAL: return C_("feedback report", "Received");
    case ANSWER_DUE: return _("Answer owed and due");
    case ANSWER_ANSWERED: return C_("feedback report", "Answered");
    case ANSWER_IN_TIME: return _("Answered within the delay");
    case ANSWER_MEAN: return _("Mean time to answer");
    default: g_return_val_if_reached (NULL);
    }
}

static char *
answer_value (const GchFeedbackReport *report,
              guint                    row)
{
  switch (row)
    {
    case ANSWER_TOTAL: return format_count (report->total);
    case ANSWER_DUE: return format_count (report->due);
    case ANSWER_ANSWERED: return format_count (report->answered);
    case ANSWER_IN_TIME: return format_in_time (report);
    case ANSWER_MEAN: return format_mean (report);
    default: g_return_val_if_reached (NULL);
    }
}

static GtkLabel *
add_row (AdwPreferencesGroup *group,
         const char          *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new ("–");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (value, "value");
  gtk_widget_add_css_class (value, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_preferences_group_add (group, row);
  return GTK_LABEL (value);
}

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = format_count (count);

  gtk_label_set_text (label, text);
}

static void
show_report (GchFeedbackReportDialog *self)
{
  g_autofree char *period = dup_period (&self->report);

  adw_window_title_set_subtitle (self->window_title, period);
  for (guint i = 0; i < N_ANSWER_ROWS; i++)
    {
      g_autofree char *text = answer_value (&self->report, i);

      gtk_label_set_text (self->answer_values[i], text);
    }
  for (guint i = 0; i < N_KINDS; i++)
    set_count (self->kind_values[i], self->report.by_kind[i]);
  for (guint i = 0; i < GCH_FEEDBACK_N_CHANNELS; i++)
    set_count (self->channel_values[i], self->report.by_channel[i]);
  for (guint i = 0; i < N_CATEGORIES; i++)
    set_count (self->category_values[i], self->report.by_category[i]);
}

static void
compute (GchFeedbackReportDialog *self)
{
  GDateYear year = gtk_spin_button_get_value_as_int (self->year_spin);
  guint selected = adw_combo_row_get_selected (self->period_row);
  g_autoptr(GTimeZone) zone = NULL;

  if (self->records == NULL || self->station == NULL)
    return;

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    gch_feedback_report_year (&self->report, year);
  else
    gch_feedback_report_quarter (&self->report, year, selected);

  zone = dup_time_zone (self);
  gch_feedback_report_compute (&self->report, self->records,
                               gch_clock_now (gch_station_get_clock (self->station)), zone);
  self->computed = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->csv_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), TRUE);
  show_report (self);
}

static void
on_period_changed_cb (GchFeedbackReportDialog *self)
{
  compute (self);
}

/* Reading the register */

static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *records = gch_store_list_feedback (task_data, &error);

  if (records != NULL)
    g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = g_task_propagate_pointer (G_TASK (result), &error);
  GchFeedbackReportDialog *self;

  if (records == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self = GCH_FEEDBACK_REPORT_DIALOG (user_data);
          toast (self, error->message);
        }
      return;
    }

  self = GCH_FEEDBACK_REPORT_DIALOG (user_data);
  self->records = records;
  compute (self);
}

/* Saving */

typedef struct
{
  GchFeedbackReportFormat format;
  GchFeedbackReport       report;
  GFile                  *file;
  char                   *title;
  char                   *site_name;
} Save;

static void
save_free (gpointer data)
{
  Save *save = data;

  g_clear_object (&save->file);
  g_free (save->title);
  g_free (save->site_name);
  g_free (save);
}

typedef struct
{
  cairo_t     *cr;
  PangoLayout *layout;
  double       y;
} Page;

static double
show_text (Page       *page,
           double      x,
           double      width,
           const char *font,
           const char *text,
           PangoAlignment alignment)
{
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (page->layout, description);
  pango_layout_set_width (page->layout, width * PANGO_SCALE);
  pango_layout_set_wrap (page->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (page->layout, alignment);
  pango_layout_set_text (page->layout, text, -1);
  cairo_move_to (page->cr, x, page->y);
  pango_cairo_show_layout (page->cr, page->layout);
  pango_layout_get_size (page->layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
pdf_heading (Page       *page,
             const char *text)
{
  page->y += 14;
  page->y += show_text (page, MARGIN, A4_WIDTH - 2 * MARGIN, "Sans Bold 11", text,
                        PANGO_ALIGN_LEFT) + 4;
}

static void
pdf_row (Page       *page,
         const char *title,
         const char *value)
{
  double h;

  show_text (page, MARGIN, 320, "Sans 10", title, PANGO_ALIGN_LEFT);
  h = show_text (page, MARGIN + 320, A4_WIDTH - 2 * MARGIN - 320, "Sans 10", value,
                 PANGO_ALIGN_RIGHT);
  page->y += h + 2;
  cairo_set_source_rgb (page->cr, 0.85, 0.85, 0.85);
  cairo_set_line_width (page->cr, 0.5);
  cairo_move_to (page->cr, MARGIN, page->y);
  cairo_line_to (page->cr, A4_WIDTH - MARGIN, page->y);
  cairo_stroke (page->cr);
  cairo_set_source_rgb (page->cr, 0, 0, 0);
  page->y += 3;
}

static void
pdf_count (Page       *page,
           const char *title,
           guint       count)
{
  g_autofree char *text = format_count (count);

  pdf_row (page, title, text);
}

static gboolean
write_pdf (Save     *save,
           GError  **error)
{
  g_autofree char *path = g_file_get_path (save->file);
  g_autofree char *period = dup_period (&save->report);
  const GchFeedbackReport *report = &save->report;
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { 0 };

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("A PDF can only be saved in a local folder."));
      return FALSE;
    }

  surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Guichet");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, save->title);
  page.cr = cairo_create (surface);
  page.layout = pango_cairo_create_layout (page.cr);
  page.y = MARGIN;

  page.y += show_text (&page, MARGIN, A4_WIDTH - 2 * MARGIN, "Sans Bold 14",
                       _("Suggestions and Complaints"), PANGO_ALIGN_LEFT);
  page.y += show_text (&page, MARGIN, A4_WIDTH - 2 * MARGIN, "Sans 11", period,
                       PANGO_ALIGN_LEFT);
  if (save->site_name != NULL)
    page.y += show_text (&page, MARGIN, A4_WIDTH - 2 * MARGIN, "Sans 10", save->site_name,
                         PANGO_ALIGN_LEFT);

  pdf_heading (&page, _("Answers"));
  for (guint i = 0; i < N_ANSWER_ROWS; i++)
    {
      g_autofree char *value = answer_value (report, i);

      pdf_row (&page, answer_title (i), value);
    }
  pdf_heading (&page, C_("feedback report", "Received"));
  for (guint i = 0; i < N_KINDS; i++)
    pdf_count (&page, gch_feedback_kind_to_label (i), report->by_kind[i]);
  pdf_heading (&page, _("By Channel"));
  for (guint i = 0; i < GCH_FEEDBACK_N_CHANNELS; i++)
    pdf_count (&page, gch_feedback_channel_to_label (i), report->by_channel[i]);
  pdf_heading (&page, _("By Category"));
  for (guint i = 0; i < N_CATEGORIES; i++)
    pdf_count (&page, gch_feedback_category_to_label (i), report->by_category[i]);

  g_object_unref (page.layout);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      /* Translators: a file's path, then why it could not be written */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” could not be written: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Save *save = task_data;
  g_autofree char *csv = NULL;
  GError *error = NULL;

  if (save->format == GCH_FEEDBACK_REPORT_FORMAT_PDF)
    {
      if (!write_pdf (save, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  csv = gch_feedback_report_to_csv (&save->report);
  if (!g_file_replace_contents (save->file, csv, strlen (csv), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * gch_feedback_report_dialog_save_async:
 *
 * Writes the report shown to @file, as CSV or as an A4 PDF.
 */
void
gch_feedback_report_dialog_save_async (GchFeedbackReportDialog *self,
                                       GchFeedbackReportFormat  format,
                                       GFile                   *file,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Save *save;

  g_return_if_fail (GCH_IS_FEEDBACK_REPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_feedback_report_dialog_save_async);

  if (!self->computed)
    {
      g_task_return_new_error (task, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                               _("The register is not read yet."));
      return;
    }

  save = g_new0 (Save, 1);
  save->format = format;
  save->report = self->report;
  save->file = g_object_ref (file);
  save->title = dup_period (&self->report);
  save->site_name = g_strdup (self->site_name);
  g_task_set_task_data (task, save, save_free);
  g_task_run_in_thread (task, save_worker);
}

/**
 * gch_feedback_report_dialog_save_finish:
 */
gboolean
gch_feedback_report_dialog_save_finish (GchFeedbackReportDialog  *self,
                                        GAsyncResult             *result,
                                        GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GchFeedbackReportDialog *self = GCH_FEEDBACK_REPORT_DIALOG (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gch_feedback_report_dialog_save_finish (self, result, &error);
  if ((message = gch_save_chooser_describe (file, error)))
    toast (self, message);
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        gpointer         user_data)
{
  GchFeedbackReportDialog *self = GCH_FEEDBACK_REPORT_DIALOG (user_data);
  GchFeedbackReportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      gch_feedback_report_dialog_save_async (self, format, file, self->cancellable, save_cb, file);
    }
  g_clear_object (&self->chooser);
}

/**
 * gch_feedback_report_dialog_dup_filename:
 *
 * Returns: (transfer full): the name a saved report gets by default:
 *   "reclamations-2026-T1.csv"
 */
char *
gch_feedback_report_dialog_dup_filename (GchFeedbackReportDialog *self,
                                         GchFeedbackReportFormat  format)
{
  const char *extension = format == GCH_FEEDBACK_REPORT_FORMAT_PDF ? "pdf" : "csv";
  GDateYear year = g_date_get_year (&self->report.from);

  g_return_val_if_fail (GCH_IS_FEEDBACK_REPORT_DIALOG (self), NULL);

  if (g_date_get_month (&self->report.to) - g_date_get_month (&self->report.from) > 2)
    return g_strdup_printf ("reclamations-%u.%s", year, extension);

  return g_strdup_printf ("reclamations-%u-T%u.%s", year,
                          (g_date_get_month (&self->report.from) - 1) / 3 + 1, extension);
}

static void
ask_where (GchFeedbackReportDialog *self,
           GchFeedbackReportFormat  format)
{
  g_autofree char *name = gch_feedback_report_dialog_dup_filename (self, format);

  gch_save_chooser_show (&self->chooser, GTK_WINDOW (self),
                         format == GCH_FEEDBACK_REPORT_FORMAT_PDF ? _("Save the Report as PDF")
                                                                  : _("Save the Report as CSV"),
                         name, G_CALLBACK (on_chooser_response_cb), self);
  g_object_set_data (G_OBJECT (self->chooser), "format", GINT_TO_POINTER (format));
}

static void
on_save_csv_clicked_cb (GchFeedbackReportDialog *self)
{
  ask_where (self, GCH_FEEDBACK_REPORT_FORMAT_CSV);
}

static void
on_save_pdf_clicked_cb (GchFeedbackReportDialog *self)
{
  ask_where (self, GCH_FEEDBACK_REPORT_FORMAT_PDF);
}

/* GObject */

static void
gch_feedback_report_dialog_dispose (GObject *object)
{
  GchFeedbackReportDialog *self = (GchFeedbackReportDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_FEEDBACK_REPORT_DIALOG);
  g_clear_object (&self->station);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->site_name, g_free);

  G_OBJECT_CLASS (gch_feedback_report_dialog_parent_class)->dispose (object);
}

static void
gch_feedback_report_dialog_class_init (GchFeedbackReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_feedback_report_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-feedback-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, year_spin);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, answers_group);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, kind_group);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, channel_group);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, category_group);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, csv_button);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackReportDialog, pdf_button);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_csv_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_pdf_clicked_cb);
}

static void
gch_feedback_report_dialog_init (GchFeedbackReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < N_ANSWER_ROWS; i++)
    self->answer_values[i] = add_row (self->answers_group, answer_title (i));
  for (guint i = 0; i < N_KINDS; i++)
    self->kind_values[i] = add_row (self->kind_group, gch_feedback_kind_to_label (i));
  for (guint i = 0; i < GCH_FEEDBACK_N_CHANNELS; i++)
    self->channel_values[i] = add_row (self->channel_group, gch_feedback_channel_to_label (i));
  for (guint i = 0; i < N_CATEGORIES; i++)
    self->category_values[i] = add_row (self->category_group, gch_feedback_category_to_label (i));
}

/**
 * gch_feedback_report_dialog_new:
 * @station: the station whose register to count
 *
 * Returns: (transfer none): the dialog, on the current quarter, which
 *   fills in once the register is read
 */
GchFeedbackReportDialog *
gch_feedback_report_dialog_new (GtkWindow  *parent,
                                GchStation *station)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  GchFeedbackReportDialog *self;
  GchDay *day;

  g_return_val_if_fail (GCH_IS_STATION (station), NULL);

  self = g_object_new (GCH_TYPE_FEEDBACK_REPORT_DIALOG, "transient-for", parent, NULL);
  self->station = g_object_ref (station);
  if ((day = gch_station_get_day (station)) != NULL && day->site != NULL)
    self->site_name = g_strdup (gch_site_get_name (day->site));

  /* The quarter of today, in the site's calendar. */
  zone = dup_time_zone (self);
  now = g_date_time_new_from_unix_local (gch_clock_now (gch_station_get_clock (station)));
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (now, zone);

    g_signal_handlers_block_by_func (self->year_spin, on_period_changed_cb, self);
    g_signal_handlers_block_by_func (self->period_row, on_period_changed_cb, self);
    gtk_spin_button_set_value (self->year_spin, g_date_time_get_year (local));
    adw_combo_row_set_selected (self->period_row, (g_date_time_get_month (local) - 1) / 3 + 1);
    g_signal_handlers_unblock_by_func (self->period_row, on_period_changed_cb, self);
    g_signal_handlers_unblock_by_func (self->year_spin, on_period_changed_cb, self);
  }

  task = g_task_new (NULL, self->cancellable, list_cb, self);
  g_task_set_task_data (task, g_object_ref (gch_station_get_store (station)), g_object_unref);
  g_task_run_in_thread (task, list_worker);
  return self;
}

/**
 * gch_feedback_report_dialog_set_period:
 * @quarter: 1 to 4, or 0 for the whole year
 *
 * Shows that period's report, as the agent would choose it.
 */
void
gch_feedback_report_dialog_set_period (GchFeedbackReportDialog *self,
                                       GDateYear                year,
                                       guint                    quarter)
{
  g_return_if_fail (GCH_IS_FEEDBACK_REPORT_DIALOG (self));
  g_return_if_fail (quarter <= 4);

  g_signal_handlers_block_by_func (self->year_spin, on_period_changed_cb, self);
  gtk_spin_button_set_value (self->year_spin, year);
  g_signal_handlers_unblock_by_func (self->year_spin, on_period_changed_cb, self);
  adw_combo_row_set_selected (self->period_row, quarter);
  compute (self);
}

/**
 * gch_feedback_report_dialog_get_report:
 *
 * Returns: (nullable): the report shown, or %NULL until the register is read
 */
const GchFeedbackReport *
gch_feedback_report_dialog_get_report (GchFeedbackReportDialog *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK_REPORT_DIALOG (self), NULL);

  return self->computed ? &self->report : NULL;
}
