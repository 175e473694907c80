/* test-feedback-report.c: the register's report and its exports, in the running app
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

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gch-application-private.h"
#include "gch-feedback-export.h"
#include "gch-feedback-report-dialog.h"
#include "gch-test-app.h"
#include "gch-test-day.h"
#include "gch-test-server.h"

/* The demo day in French, as François Roux (the demo's supervisor) or
 * Marie Lemaire (its reception agent). The station's clock is frozen and
 * set back to March 2026 to log, acknowledge and answer five records as
 * the desk and the register do (the station's actions), then back to
 * today. win.feedback-report (Ctrl+Shift+Y) opens the report: the first quarter shows what a
 * person counts by hand; its CSV and PDF say the same. The register's CSV
 * (win.export-feedback, once the place is chosen) has a row per record,
 * with the contact for the supervisor, each read an event.
 *
 * At a supervisor's station synced with the real guichet-server, the
 * export reads at the server, in one request, the contacts of the records
 * logged at another station: the file has them, the server records one
 * read each, which the station gets through the feed and never twice.
 * Offline, the file is still written, without them, and says how many.
 */

#define SUPERVISOR "--demo --agent f.roux"
#define NOT_SUPERVISOR "--demo --agent m.lemaire"

/* The station */

static GchChange *submitted;
static GError *submit_error;
static gboolean submit_done;

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  submitted = gch_station_submit_finish (GCH_STATION (object), result, &submit_error);
  submit_done = TRUE;
}

static gboolean
is_submitted (GchTestApp *fixture)
{
  return submit_done;
}

/* Submits @request; returns the record as the change left it. */
static GchFeedback *
submit (GchTestApp *fixture,
        GchRequest *request)
{
  GchFeedback *feedback;

  submit_done = FALSE;
  g_clear_error (&submit_error);
  gch_station_submit (gch_test_app_get_station (fixture), request, NULL, submit_cb, NULL);
  g_assert_true (gch_test_app_wait_until (fixture, is_submitted));
  g_assert_no_error (submit_error);
  feedback = g_object_ref (gch_change_get_feedback (submitted));
  g_clear_object (&submitted);
  return feedback;
}

static void
set_clock (GchTestApp *fixture,
           int         month,
           int         day,
           int         hour)
{
  g_autoptr(GTimeZone) zone = gch_site_dup_time_zone (gch_test_app_get_day (fixture)->site);
  g_autoptr(GDateTime) time = g_date_time_new (zone, 2026, month, day, hour, 0, 0);

  gch_clock_set_frozen (gch_station_get_clock (gch_test_app_get_station (fixture)),
                        g_date_time_to_unix (time));
}

/* Logged on @day of @month 2026 at 10:00; acknowledged the next day and
 * answered on @answered_day of @answered_month at 15:00, unless 0.
 */
static void
log_record (GchTestApp          *fixture,
            GchFeedbackKind      kind,
            GchFeedbackChannel   channel,
            GchFeedbackCategory  category,
            int                  month,
            int                  day,
            int                  answered_month,
            int                  answered_day,
            const char          *contact_name)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchFeedback) logged = NULL;
  g_autoptr(GchFeedback) acknowledged = NULL;
  g_autoptr(GchFeedback) answered = NULL;
  g_autoptr(GError) error = NULL;
  GchRequest request = { .action = GCH_ACTION_LOG_FEEDBACK };

  set_clock (fixture, month, day, 10);
  feedback = gch_feedback_new (id, kind, channel, category,
                               gch_clock_now (gch_station_get_clock (gch_test_app_get_station (fixture))),
                               "Said at the guichet, \"twice\",\nover two lines.", &error);
  g_assert_no_error (error);
  if (contact_name != NULL)
    g_assert_true (gch_feedback_set_contact (feedback, TRUE, contact_name,
                                             "jeanne.dupont@example.fr", NULL, &error));
  g_assert_no_error (error);
  request.feedback = feedback;
  logged = submit (fixture, &request);

  if (answered_month == 0)
    return;

  set_clock (fixture, month, day + 1, 10);
  request = (GchRequest) { .action = GCH_ACTION_ACKNOWLEDGE_FEEDBACK, .feedback = logged };
  acknowledged = submit (fixture, &request);
  set_clock (fixture, answered_month, answered_day, 15);
  request = (GchRequest) { .action = GCH_ACTION_ANSWER_FEEDBACK, .feedback = acknowledged,
                           .answer = "We are sorry: the queue is shorter now." };
  answered = submit (fixture, &request);
  g_assert_cmpint (gch_feedback_get_status (answered), ==, GCH_FEEDBACK_STATUS_ANSWERED);
}

/* The first quarter: two complaints, a suggestion and a compliment; one of
 * the three owed an answer got it in time (2 → 5 March, due 9 March), one
 * late (3 → 20 March, due 17 March), one never (due 11 March). The mean
 * time to answer: (3 + 13) / 2 = 8 working days. One more in April.
 */
static void
log_quarter (GchTestApp *fixture)
{
  GchClock *clock = gch_station_get_clock (gch_test_app_get_station (fixture));
  gint64 today = gch_clock_now (clock);

  log_record (fixture, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_EMAIL,
              GCH_FEEDBACK_CATEGORY_WAITING_TIME, 3, 2, 3, 5, "Jeanne Dupont");
  log_record (fixture, GCH_FEEDBACK_KIND_SUGGESTION, GCH_FEEDBACK_CHANNEL_LETTER,
              GCH_FEEDBACK_CATEGORY_INFORMATION, 3, 3, 3, 20, NULL);
  log_record (fixture, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_PHONE,
              GCH_FEEDBACK_CATEGORY_RECEPTION, 3, 4, 0, 0, NULL);
  log_record (fixture, GCH_FEEDBACK_KIND_COMPLIMENT, GCH_FEEDBACK_CHANNEL_GUICHET,
              GCH_FEEDBACK_CATEGORY_RECEPTION, 3, 5, 0, 0, NULL);
  log_record (fixture, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_WEB_FORM,
              GCH_FEEDBACK_CATEGORY_SERVICE, 4, 2, 0, 0, NULL);
  gch_clock_set_frozen (clock, today);
}

/* The session's notification daemon keeps every bubble until it is
 * closed, and shows 20 at most for the whole suite: the ones the
 * supervisor was shown about the records logged here are given back.
 */
static void
withdraw_notifications (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = gch_store_list_feedback (gch_station_get_store (gch_test_app_get_station (fixture)),
                                     &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *id = g_strconcat ("feedback:",
                                         gch_feedback_get_id (g_ptr_array_index (records, i)),
                                         NULL);

      gch_notifier_withdraw (fixture->app->notifier, id);
    }
  gch_notifier_withdraw (fixture->app->notifier, "feedback:nearly-due");
  gch_notifier_withdraw (fixture->app->notifier, "feedback:overdue");
}

/* The dialog */

static GchFeedbackReportDialog *
find_report_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GCH_IS_FEEDBACK_REPORT_DIALOG (window) && gtk_widget_get_visible (window))
        return GCH_FEEDBACK_REPORT_DIALOG (window);
    }
  return NULL;
}

static gboolean
report_shown (GchTestApp *fixture)
{
  GchFeedbackReportDialog *dialog = find_report_dialog ();

  return dialog != NULL && gch_feedback_report_dialog_get_report (dialog) != NULL;
}

/* What the row titled @title (translated) shows. */
static const char *
row_value (GtkWidget  *dialog,
           const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gch_test_app_find_widgets (dialog, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      {
        g_autoptr(GPtrArray) labels = g_ptr_array_new ();

        gch_test_app_find_widgets (g_ptr_array_index (rows, i), GTK_TYPE_LABEL, labels);
        for (guint j = 0; j < labels->len; j++)
          if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (labels, j)), "value") == 0)
            return gtk_label_get_text (g_ptr_array_index (labels, j));
      }

  g_error ("No row “%s” in the report", title);
  return NULL;
}

#define T(text) g_dgettext (GETTEXT_PACKAGE, text)
#define TC(context, text) g_dpgettext2 (GETTEXT_PACKAGE, context, text)

static gboolean saved;
static GError *save_error;

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gch_feedback_report_dialog_save_finish (GCH_FEEDBACK_REPORT_DIALOG (object), result,
                                          &save_error);
  saved = TRUE;
}

static gboolean
save_done (GchTestApp *fixture)
{
  return saved;
}

static char *
save_report (GchTestApp              *fixture,
             GchFeedbackReportDialog *dialog,
             GchFeedbackReportFormat  format,
             const char              *dir)
{
  g_autofree char *name = gch_feedback_report_dialog_dup_filename (dialog, format);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  saved = FALSE;
  g_clear_error (&save_error);
  gch_feedback_report_dialog_save_async (dialog, format, file, NULL, save_cb, NULL);
  g_assert_true (gch_test_app_wait_until (fixture, save_done));
  g_assert_no_error (save_error);
  return path;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* pdftotext writes a no-break space (French: "33 %") as a space. */
static const char *
in_pdf (char *text)
{
  g_autoptr(GString) plain = g_string_new (text);

  g_string_replace (plain, "\u00a0", " ", 0);
  strcpy (text, plain->str);
  return text;
}

static gboolean
reads_register (GchTestApp *fixture)
{
  return gch_test_app_day_loaded (fixture) && gch_application_reads_personal_data (fixture->app);
}

/* The first quarter's report, on screen, in its CSV and in its PDF. */
static void
check_report (GchTestApp *fixture)
{
  g_autofree char *dir = g_dir_make_tmp ("feedback-report-XXXXXX", NULL);
  g_autofree char *in_time = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *pdf = NULL;
  GchFeedbackReportDialog *dialog;
  GtkWidget *widget;

  g_assert_true (gch_test_app_wait_until (fixture, reads_register));
  log_quarter (fixture);
  /* The waits on screen, with the clock back to today. */
  gch_window_refresh (fixture->window);

  /* What Ctrl+Shift+Y does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.feedback-report",
                                             NULL));
  g_assert_true (gch_test_app_wait_until (fixture, report_shown));
  dialog = find_report_dialog ();
  widget = GTK_WIDGET (dialog);
  gch_feedback_report_dialog_set_period (dialog, 2026, 1);
  gch_test_app_iterate ();

  g_assert_cmpstr (row_value (widget, TC ("feedback report", "Received")), ==, "4");
  g_assert_cmpstr (row_value (widget, T ("Answer owed and due")), ==, "3");
  g_assert_cmpstr (row_value (widget, TC ("feedback report", "Answered")), ==, "2");
  /* Translators' format, as the dialog writes it: 1 of 3, 33 % */
  in_time = g_strdup_printf (T ("%u of %u (%.0f %%)"), 1, 3, 100.0 / 3);
  g_assert_cmpstr (row_value (widget, T ("Answered within the delay")), ==, in_time);
  mean = g_strdup_printf (T ("%.1f working days"), 8.0);
  g_assert_cmpstr (row_value (widget, T ("Mean time to answer")), ==, mean);
  g_assert_cmpstr (row_value (widget, gch_feedback_kind_to_label (GCH_FEEDBACK_KIND_COMPLAINT)), ==, "2");
  g_assert_cmpstr (row_value (widget, gch_feedback_kind_to_label (GCH_FEEDBACK_KIND_SUGGESTION)), ==, "1");
  g_assert_cmpstr (row_value (widget, gch_feedback_kind_to_label (GCH_FEEDBACK_KIND_COMPLIMENT)), ==, "1");
  g_assert_cmpstr (row_value (widget, gch_feedback_channel_to_label (GCH_FEEDBACK_CHANNEL_WEB_FORM)), ==, "0");
  g_assert_cmpstr (row_value (widget, gch_feedback_channel_to_label (GCH_FEEDBACK_CHANNEL_PHONE)), ==, "1");
  g_assert_cmpstr (row_value (widget, gch_feedback_category_to_label (GCH_FEEDBACK_CATEGORY_RECEPTION)), ==, "2");
  g_assert_cmpstr (row_value (widget, gch_feedback_category_to_label (GCH_FEEDBACK_CATEGORY_SERVICE)), ==, "0");
  gch_test_app_screenshot ("register-report");

  /* The year counts April's too. */
  gch_feedback_report_dialog_set_period (dialog, 2026, 0);
  g_assert_cmpstr (row_value (widget, TC ("feedback report", "Received")), ==, "5");
  gch_feedback_report_dialog_set_period (dialog, 2026, 1);

  csv_path = save_report (fixture, dialog, GCH_FEEDBACK_REPORT_FORMAT_CSV, dir);
  g_assert_true (g_str_has_suffix (csv_path, "reclamations-2026-T1.csv"));
  csv = read_text (csv_path);
  g_assert_nonnull (strstr (csv, "period,from,2026-01-01\r\n"));
  g_assert_nonnull (strstr (csv, "total,received,4\r\n"));
  g_assert_nonnull (strstr (csv, "kind,complaint,2\r\n"));
  g_assert_nonnull (strstr (csv, "answers,due,3\r\n"));
  g_assert_nonnull (strstr (csv, "answers,answered_in_time,1\r\n"));
  g_assert_nonnull (strstr (csv, "answers,in_time_percent,33.3\r\n"));
  g_assert_nonnull (strstr (csv, "answers,mean_answer_working_days,8.0\r\n"));

  pdf_path = save_report (fixture, dialog, GCH_FEEDBACK_REPORT_FORMAT_PDF, dir);
  pdf = pdf_text (pdf_path);
  g_assert_nonnull (strstr (pdf, in_pdf (in_time)));
  g_assert_nonnull (strstr (pdf, in_pdf (mean)));
  g_assert_nonnull (strstr (pdf, gch_site_get_name (gch_test_app_get_day (fixture)->site)));

  gtk_window_close (GTK_WINDOW (dialog));
  withdraw_notifications (fixture);
  g_unlink (csv_path);
  g_unlink (pdf_path);
  g_rmdir (dir);
}

/* The register's CSV */

static const char *export_name;

static gboolean
export_told (GchTestApp *fixture)
{
  g_autofree char *text = gch_test_app_screen_text (fixture);

  return strstr (text, export_name) != NULL;
}

static guint
count_contact_reads (void)
{
  g_autofree char *path = gch_test_app_data_path ("demo.sqlite");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM event WHERE record_kind = "
                                           "'feedback' AND to_state = 'contact-read'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static guint
count_lines (const char *csv)
{
  guint n = 0;

  for (const char *p = strstr (csv, "\r\n"); p != NULL; p = strstr (p + 2, "\r\n"))
    n++;
  return n;
}

/* What the file chooser's Save does: a row per record, with the contact
 * for the supervisor, and the reading of each contact an event.
 */
static void
check_export (GchTestApp *fixture)
{
  g_autofree char *dir = g_dir_make_tmp ("feedback-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "registre.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *csv = NULL;

  g_assert_true (gch_test_app_wait_until (fixture, reads_register));
  log_quarter (fixture);
  g_assert_cmpuint (count_contact_reads (), ==, 0);

  export_name = "registre.csv";
  gch_window_export_feedback_to (fixture->window, file);
  g_assert_true (gch_test_app_wait_until (fixture, export_told));
  csv = read_text (path);
  g_test_message ("%s", csv);

  /* The header, five records (each description on two lines). */
  g_assert_true (g_str_has_prefix (csv, "id,kind,channel,category,received,status,due_date,"));
  g_assert_nonnull (strstr (csv, ",description,contact_name,contact_email,contact_phone\r\n"));
  g_assert_cmpuint (count_lines (csv), ==, 6);
  g_assert_nonnull (strstr (csv, ",complaint,email,waiting-time,2026-03-02 10:00,answered,"
                                 "2026-03-09,yes,2026-03-05 15:00,yes,"));
  g_assert_nonnull (strstr (csv, ",suggestion,letter,information,2026-03-03 10:00,answered,"
                                 "2026-03-17,yes,2026-03-20 15:00,no,"));
  g_assert_nonnull (strstr (csv, ",compliment,guichet,reception,2026-03-05 10:00,received,"));
  g_assert_nonnull (strstr (csv, "over two lines.\",Jeanne Dupont,jeanne.dupont@example.fr,\r\n"));
  /* The one contact there was read, and that is an event. */
  g_assert_cmpuint (count_contact_reads (), ==, 1);

  withdraw_notifications (fixture);
  g_unlink (path);
  g_rmdir (dir);
}

/* The reception agent: no report, no export, and the shortcuts do nothing. */
static void
check_agent_refused (GchTestApp *fixture)
{
  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  g_assert_false (gch_application_reads_personal_data (fixture->app));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.feedback-report", NULL);
  gch_test_app_iterate ();
  g_assert_null (find_report_dialog ());
}

/* The demo's other notifications (its services past their thresholds, its
 * long waits) are turned off: the session's notification daemon, which
 * every test of the suite shares, shows 20 at most, and another test's
 * monitor counts them.
 */
static void
run_quietly (const char  *args,
             void       (*check) (GchTestApp *fixture))
{
  g_autoptr(GSettings) settings = g_settings_new ("fr.guichet.Guichet");

  g_settings_set_boolean (settings, "threshold-alerts", FALSE);
  g_settings_set_int (settings, "wait-alert-minutes", 600);
  gch_test_app_clear_data ();
  gch_test_app_run (args, check);
  g_settings_reset (settings, "threshold-alerts");
  g_settings_reset (settings, "wait-alert-minutes");
}

static void
test_report (void)
{
  run_quietly (SUPERVISOR, check_report);
}

static void
test_export (void)
{
  run_quietly (SUPERVISOR, check_export);
}

static void
test_agent_refused (void)
{
  run_quietly (NOT_SUPERVISOR, check_agent_refused);
}

/* The export at a supervisor's station, with the real server */

#define DATE "2026-03-10"
#define AGENT "c.martin"
#define CHIEF "s.durand"
#define PASSWORD "agent-password-1"
#define ID "5d0e3c5a-7b1f-4c1e-9f0e-0c2b8f1d7a10"

/* The contact-read events of the record ID by @actor in the database at @path. */
static gint64
count_reads_of (const char *path,
                const char *actor)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM event WHERE record_kind = "
                                           "'feedback' AND record_id = ? AND to_state = "
                                           "'contact-read' AND actor = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, ID, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, actor, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
sync_station (GchStation *station,
              const char *url,
              const char *token)
{
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (station), url, token);
  g_autoptr(GError) error = NULL;
  GchSyncReport report;

  gch_sync_set_date (sync, DATE);
  g_assert_true (gch_sync_run (sync, &report, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  gboolean  done;
  gboolean  written;
  guint     n_contacts;
  guint     n_unread;
  GError   *error;
} Exported;

static void
on_exported_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Exported *exported = user_data;

  exported->written = gch_feedback_export_finish (result, &exported->n_contacts,
                                                  &exported->n_unread, &exported->error);
  exported->done = TRUE;
}

/* What win.export-feedback does once the place is chosen, as @reader. */
static Exported
export_as (GchStation   *station,
           const char   *reader,
           GchAgentRole  role,
           GFile        *file)
{
  Exported exported = { 0 };

  gch_feedback_export_async (station, reader, role, file, NULL, on_exported_cb, &exported);
  while (!exported.done)
    g_main_context_iteration (NULL, TRUE);
  return exported;
}

/* Whether the bytes of @path, or of its write-ahead log, hold @text. */
static gboolean
database_holds (const char *path,
                const char *text)
{
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  const char *paths[] = { path, wal_path };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *bytes = NULL;
      gsize length = 0;

      if (!g_file_get_contents (paths[i], &bytes, &length, NULL))
        continue;
      for (gsize j = 0; j + strlen (text) <= length; j++)
        if (memcmp (bytes + j, text, strlen (text)) == 0)
          return TRUE;
    }
  return FALSE;
}

static void
test_export_contacts_at_server (void)
{
  g_autoptr(GchTestServer) server = gch_test_server_new ();
  g_autoptr(GchStation) counter = NULL;
  g_autoptr(GchStation) chief = NULL;
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchSync) chief_sync = NULL;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GchTestResponse) forbidden = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *agent_token = NULL;
  g_autofree char *chief_token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *chief_path = NULL;
  g_autofree char *told = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *whole = NULL;
  const char *server_db;
  Exported exported;
  guint n_at_server = 0;

  gch_test_server_load_demo (server, DATE);
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", PASSWORD);
  gch_test_server_add_agent (server, CHIEF, "Sophie Durand", "supervisor", PASSWORD);
  gch_test_server_start (server, NULL);
  server_db = gch_test_server_get_database (server);
  url = g_strdup (gch_test_server_get_url (server));
  agent_token = gch_test_server_login (server, AGENT, PASSWORD);
  chief_token = gch_test_server_login (server, CHIEF, PASSWORD);
  counter = gch_test_new_demo_station (gch_test_server_get_dir (server), "counter.sqlite", DATE);
  chief = gch_test_new_demo_station (gch_test_server_get_dir (server), "chief.sqlite", DATE);
  gch_station_set_actor (chief, CHIEF);
  chief_path = g_strdup (gch_store_get_path (gch_station_get_store (chief)));
  path = g_build_filename (gch_test_server_get_dir (server), "registre.csv", NULL);
  file = g_file_new_for_path (path);

  /* A complaint logged with the person's contact at the agent's station. */
  feedback = gch_feedback_new (ID, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_GUICHET,
                               GCH_FEEDBACK_CATEGORY_WAITING_TIME,
                               gch_clock_now (gch_station_get_clock (counter)),
                               "Two hours of waiting with a baby.", &error);
  g_assert_no_error (error);
  g_assert_true (gch_feedback_set_contact (feedback, TRUE, "Jeanne Dupont", "jeanne@example.fr",
                                           "06 12 34 56 78", &error));
  change = gch_station_run (counter, &(GchRequest) { .action = GCH_ACTION_LOG_FEEDBACK,
                                                      .feedback = feedback }, &error);
  g_assert_no_error (error);
  sync_station (counter, url, agent_token);

  /* The supervisor's station has the record, not the contact. */
  sync_station (chief, url, chief_token);
  chief_sync = gch_sync_new (gch_station_get_store (chief), url, chief_token);
  gch_sync_set_date (chief_sync, DATE);
  gch_station_set_sync (chief, chief_sync);

  /* Exported there: the contact is in the file, read once at the server. */
  exported = export_as (chief, CHIEF, GCH_AGENT_ROLE_SUPERVISOR, file);
  g_assert_no_error (exported.error);
  g_assert_true (exported.written);
  g_assert_cmpuint (exported.n_unread, ==, 0);
  g_assert_cmpuint (exported.n_contacts, >=, 1);
  g_assert_true (g_file_get_contents (path, &csv, NULL, &error));
  g_test_message ("%s", csv);
  g_assert_nonnull (strstr (csv, ID ",complaint,guichet,waiting-time,"));
  g_assert_nonnull (strstr (csv, ",Jeanne Dupont,jeanne@example.fr,0612345678\r\n"));
  g_assert_cmpint (count_reads_of (server_db, CHIEF), ==, 1);
  /* None recorded at the station: the server's comes with the feed, once. */
  g_assert_cmpint (count_reads_of (chief_path, CHIEF), ==, 0);
  sync_station (chief, url, chief_token);
  sync_station (chief, url, chief_token);
  g_assert_cmpint (count_reads_of (chief_path, CHIEF), ==, 1);
  g_assert_cmpint (count_reads_of (server_db, CHIEF), ==, 1);

  /* An agent's token: refused, nothing read, nothing recorded. */
  forbidden = gch_test_server_request (server, "POST", "/api/v1/feedback/contacts", agent_token,
                                       "{\"feedback\": [\"" ID "\"]}");
  gch_test_response_assert_error (forbidden, 403, "forbidden");
  g_assert_null (strstr ((const char *) g_bytes_get_data (forbidden->body, NULL), "jeanne"));
  g_assert_cmpint (count_reads_of (server_db, AGENT), ==, 0);
  g_assert_cmpint (count_reads_of (server_db, CHIEF), ==, 1);

  /* The server stopped: the file is written without that contact, and says
   * so, with the others kept at the server (the demo's register, synced
   * without its contacts).
   */
  records = gch_store_list_feedback (gch_station_get_store (chief), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      GchFeedback *record = g_ptr_array_index (records, i);
      gboolean here = TRUE;

      g_assert_true (gch_store_has_feedback_contact (gch_station_get_store (chief),
                                                     gch_feedback_get_id (record), &here, &error));
      if (gch_feedback_get_consent (record) && !here)
        n_at_server++;
    }
  g_test_message ("%u contacts kept at the server, %u records", n_at_server, records->len);
  g_assert_cmpuint (n_at_server, >=, 1);
  gch_test_server_stop (server);
  g_clear_pointer (&csv, g_free);
  g_unlink (path);
  exported = export_as (chief, CHIEF, GCH_AGENT_ROLE_SUPERVISOR, file);
  g_assert_no_error (exported.error);
  g_assert_true (exported.written);
  g_assert_cmpuint (exported.n_unread, ==, n_at_server);
  g_assert_true (g_file_get_contents (path, &csv, NULL, &error));
  g_assert_nonnull (strstr (csv, ID ",complaint,guichet,waiting-time,"));
  g_assert_null (strstr (csv, "jeanne"));
  g_assert_null (strstr (csv, "Jeanne"));
  told = gch_feedback_export_describe (file, exported.n_contacts, exported.n_unread);
  g_test_message ("%s", told);
  /* The file's name, then the sentence of the missing contact (in the test's French once translated). */
  whole = gch_feedback_export_describe (file, exported.n_contacts, 0);
  expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s %u contact kept at the server could not be read "
                                           "(offline).",
                                           "%s %u contacts kept at the server could not be read "
                                           "(offline).", n_at_server),
                              whole, n_at_server);
  g_assert_cmpstr (told, ==, expected);
  g_assert_nonnull (strstr (told, "registre.csv"));
  g_assert_cmpint (count_reads_of (chief_path, CHIEF), ==, 1);

  /* The contact read at the server was never written at the supervisor's station. */
  g_clear_object (&chief);
  g_assert_false (database_holds (chief_path, "jeanne@example.fr"));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/feedback-report/quarter", test_report);
  g_test_add_func ("/feedback-report/export-csv", test_export);
  g_test_add_func ("/feedback-report/agent-refused", test_agent_refused);
  g_test_add_func ("/feedback-report/export-contacts-at-server", test_export_contacts_at_server);

  return g_test_run ();
}
