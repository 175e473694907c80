/* test-register.c: a suggestion or complaint logged at the desk, and the
 * register's page where a supervisor works through them
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
#include <sqlite3.h>
#include <string.h>

#include "gch-application-private.h"
#include "gch-feedback-dialog.h"
#include "gch-feedback-row.h"
#include "gch-login-window.h"
#include "gch-register-item.h"
#include "gch-register-page.h"
#include "gch-test-app.h"
#include "gch-test-day.h"
#include "gch-test-server.h"

/* The real application on the demo day, as François Roux at guichet 1,
 * with a person at the counter: Ctrl+Shift+K opens the register's dialog
 * about that visit; a bad e-mail is refused inside it, with the input
 * kept and nothing saved; a valid complaint is saved with the visit's
 * ticket and its due date from the site's delays.
 */

#define AGENT "f.roux"

static GchQueueEntry *
current_at_1 (GchTestApp *fixture)
{
  return gch_day_current_for_guichet (gch_test_app_get_day (fixture), 1);
}

static gboolean
ready (GchTestApp *fixture)
{
  return gch_test_app_day_loaded (fixture) && current_at_1 (fixture) != NULL;
}

static GchFeedbackDialog *
find_feedback_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GCH_IS_FEEDBACK_DIALOG (window) && gtk_widget_get_visible (window))
        return GCH_FEEDBACK_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (GchTestApp *fixture)
{
  return find_feedback_dialog () != NULL;
}

static gboolean
no_dialog (GchTestApp *fixture)
{
  return find_feedback_dialog () == NULL;
}

static GPtrArray *
list_feedback (GchTestApp *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  records = gch_store_list_feedback (gch_station_get_store (gch_test_app_get_station (fixture)),
                                     &error);
  g_assert_no_error (error);
  return records;
}

static gboolean
one_saved (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) records = list_feedback (fixture);

  return records->len == 1;
}

/* The row of the dialog whose title is @title (translated). */
static GtkWidget *
find_row (GtkWidget  *dialog,
          GType       type,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gch_test_app_find_widgets (dialog, type, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static GtkWidget *
find_first (GtkWidget *dialog,
            GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (dialog, type, found);
  g_assert_cmpuint (found->len, >, 0);
  return g_ptr_array_index (found, 0);
}

static GtkWidget *
find_save (GtkWidget *dialog)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gch_test_app_find_widgets (dialog, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)),
                   g_dgettext (GETTEXT_PACKAGE, "_Save")) == 0)
      return g_ptr_array_index (buttons, i);
  return NULL;
}

static const char *step_actor (GchTestApp *fixture,
                               const char *id,
                               const char *kind);

static void
check_log (GchTestApp *fixture)
{
  GSettings *settings = gch_application_get_settings (fixture->app);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) received = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *description = NULL;
  GchFeedbackDialog *dialog;
  GtkWidget *visit_row, *email_row, *name_row, *consent, *save;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GchFeedback *saved;
  GDate due;

  g_assert_true (gch_test_app_wait_until (fixture, ready));
  ticket = g_strdup (gch_queue_entry_get_ticket (current_at_1 (fixture)));

  /* The site answers complaints at the guichet within 3 working days. */
  g_settings_set_value (settings, "feedback-delays", g_variant_new_parsed ("{'guichet': uint32 3}"));

  /* Two keystrokes: the dialog, about the person at the counter. */
  gch_test_app_press (fixture, "<Control><Shift>k");
  g_assert_true (gch_test_app_wait_until (fixture, dialog_shown));
  dialog = find_feedback_dialog ();
  g_assert_cmpstr (gch_feedback_dialog_get_ticket (dialog), ==, ticket);
  visit_row = find_row (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                        g_dgettext (GETTEXT_PACKAGE, "Visit"));
  g_assert_nonnull (visit_row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (visit_row)), ticket));
  /* A complaint, at the guichet, unless changed. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_row (GTK_WIDGET (dialog),
                                                                         ADW_TYPE_COMBO_ROW,
                                                                         g_dgettext (GETTEXT_PACKAGE, "_Kind")))),
                    ==, GCH_FEEDBACK_KIND_COMPLAINT);

  /* The contact opens only with consent. */
  name_row = find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, g_dgettext (GETTEXT_PACKAGE, "Name"));
  email_row = find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                        g_dgettext (GETTEXT_PACKAGE, "E-mail"));
  g_assert_nonnull (name_row);
  g_assert_nonnull (email_row);
  g_assert_false (gtk_widget_get_sensitive (email_row));
  consent = find_first (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (consent), TRUE);
  g_assert_true (gtk_widget_get_sensitive (email_row));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_first (GTK_WIDGET (dialog),
                                                                GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_set_text (buffer, "Deux heures d’attente pour un passeport.", -1);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Mme Durand");
  gtk_editable_set_text (GTK_EDITABLE (email_row), "marie.durand@");
  save = find_save (GTK_WIDGET (dialog));
  g_assert_nonnull (save);

  /* A bad e-mail: refused with the sentence, the input kept, nothing saved. */
  g_signal_emit_by_name (save, "clicked");
  gch_test_app_iterate ();
  refusal = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "“%s” is not an e-mail address: it "
                                                          "should look like name@example.fr."),
                             "marie.durand@");
  g_assert_true (find_feedback_dialog () == dialog);
  g_assert_cmpstr (gch_feedback_dialog_get_error (dialog), ==, refusal);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, "marie.durand@");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (description, ==, "Deux heures d’attente pour un passeport.");
  records = list_feedback (fixture);
  g_assert_cmpuint (records->len, ==, 0);
  g_clear_pointer (&records, g_ptr_array_unref);
  gch_test_app_screenshot ("register-log");

  /* Corrected: saved, with the visit's ticket and the site's delay. */
  gtk_editable_set_text (GTK_EDITABLE (email_row), "marie.durand@example.fr");
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (gch_test_app_wait_until (fixture, one_saved));
  g_assert_true (gch_test_app_wait_until (fixture, no_dialog));

  records = list_feedback (fixture);
  saved = g_ptr_array_index (records, 0);
  g_assert_cmpint (gch_feedback_get_kind (saved), ==, GCH_FEEDBACK_KIND_COMPLAINT);
  g_assert_cmpint (gch_feedback_get_channel (saved), ==, GCH_FEEDBACK_CHANNEL_GUICHET);
  g_assert_cmpint (gch_feedback_get_status (saved), ==, GCH_FEEDBACK_STATUS_RECEIVED);
  g_assert_cmpstr (gch_feedback_get_description (saved), ==,
                   "Deux heures d’attente pour un passeport.");
  g_assert_cmpstr (gch_feedback_get_ticket (saved), ==, ticket);
  g_assert_cmpuint (gch_feedback_get_guichet (saved), ==, 1);
  g_assert_cmpstr (gch_feedback_get_agent (saved), ==, AGENT);
  /* Logged by the agent at the desk, not by the station's name. */
  g_assert_cmpstr (gch_feedback_get_done_by (saved, GCH_FEEDBACK_STATUS_RECEIVED), ==, AGENT);
  g_assert_cmpstr (step_actor (fixture, gch_feedback_get_id (saved), "feedback-log"), ==, AGENT);

  /* Due 3 working days after it was received, in the site's calendar. */
  zone = gch_site_dup_time_zone (gch_test_app_get_day (fixture)->site);
  received = g_date_time_new_from_unix_utc (gch_feedback_get_received_at (saved));
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (received, zone);

    g_date_clear (&due, 1);
    g_date_set_dmy (&due, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                    g_date_time_get_year (local));
  }
  gch_date_add_working_days (&due, 3);
  g_assert_true (g_date_valid (gch_feedback_get_due_date (saved)));
  g_assert_cmpint (g_date_compare (gch_feedback_get_due_date (saved), &due), ==, 0);
}

static void
test_log (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " AGENT, check_log);
}


/* The register's page (Ctrl+5): a supervisor's station, records logged
 * through the station as the desk's form does, worked through with the
 * page's buttons and dialogs.
 */

static const char *shown_id;   /* the record the waits below look at */

static const char *tr (const char *text) G_GNUC_FORMAT (1);

static const char *
tr (const char *text)
{
  return g_dgettext (GETTEXT_PACKAGE, text);
}

static GchRegisterPage *
find_page (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->window), GCH_TYPE_REGISTER_PAGE, found);
  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

static AdwViewStack *
find_view_stack (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK, found);
  g_assert_cmpuint (found->len, >, 0);
  return g_ptr_array_index (found, 0);
}

static gboolean
register_view_offered (GchTestApp *fixture)
{
  AdwViewStack *stack = find_view_stack (fixture);
  GtkWidget *child = adw_view_stack_get_child_by_name (stack, "register");

  g_assert_nonnull (child);
  return adw_view_stack_page_get_visible (adw_view_stack_get_page (stack, child));
}

static gboolean
supervisor_ready (GchTestApp *fixture)
{
  return gch_test_app_day_loaded (fixture) && register_view_offered (fixture);
}

/* Ctrl+5 */
static void
show_register (GchTestApp *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "register");
  gch_test_app_iterate ();
}

static GchFeedback *
load (GchTestApp *fixture,
      const char *id)
{
  g_autoptr(GError) error = NULL;
  GchFeedback *feedback;

  feedback = gch_store_load_feedback (gch_station_get_store (gch_test_app_get_station (fixture)),
                                      id, &error);
  g_assert_no_error (error);
  return feedback;
}

/* Logs a record as the desk's form does; returns its id. */
static char *log_of_kind (GchTestApp      *fixture,
                          GchFeedbackKind  kind,
                          const char      *description,
                          const GDate     *due,
                          const char      *email);

/* The actor of @id's event of the operation @kind in the station's
 * database, read with plain SQL; %NULL for none. Owned by a static.
 */
static const char *
step_actor (GchTestApp *fixture,
            const char *id,
            const char *kind)
{
  static char *actor;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_clear_pointer (&actor, g_free);
  g_assert_cmpint (sqlite3_open_v2 (gch_store_get_path (gch_station_get_store (
                                      gch_test_app_get_station (fixture))),
                                    &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT actor FROM event WHERE record_kind = "
                                           "'feedback' AND record_id = ? AND detail = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    actor = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return actor;
}

static char *
log_record (GchTestApp  *fixture,
            const char  *description,
            const GDate *due,
            const char  *email)
{
  return log_of_kind (fixture, GCH_FEEDBACK_KIND_COMPLAINT, description, due, email);
}

static char *
log_of_kind (GchTestApp      *fixture,
             GchFeedbackKind  kind,
             const char      *description,
             const GDate     *due,
             const char      *email)
{
  GchStation *station = gch_test_app_get_station (fixture);
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  char *id = g_uuid_string_random ();
  GchRequest request = { .action = GCH_ACTION_LOG_FEEDBACK };

  feedback = gch_feedback_new (id, kind, GCH_FEEDBACK_CHANNEL_GUICHET,
                               GCH_FEEDBACK_CATEGORY_WAITING_TIME,
                               gch_clock_now (gch_station_get_clock (station)), description, &error);
  g_assert_no_error (error);
  gch_feedback_set_visit (feedback, "A042", NULL, "titres", 1, "c.martin");
  if (due != NULL)
    gch_feedback_set_due_date (feedback, due);
  if (email != NULL)
    {
      g_assert_true (gch_feedback_set_contact (feedback, TRUE, "Mme Durand", email, NULL, &error));
      g_assert_no_error (error);
    }
  request.feedback = feedback;
  change = gch_station_run (station, &request, &error);
  g_assert_no_error (error);
  return id;
}

static GchFeedbackRow *
find_feedback_row (GchTestApp *fixture,
                   const char *id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (find_page (fixture)), GCH_TYPE_FEEDBACK_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GchRegisterItem *item = gch_feedback_row_get_item (g_ptr_array_index (rows, i));

      if (item != NULL && g_strcmp0 (gch_register_item_get_id (item), id) == 0)
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

static const char *waited_status;
static const char *waited_flag;

static gboolean
row_says_status (GchTestApp *fixture)
{
  GchFeedbackRow *row = find_feedback_row (fixture, shown_id);

  return row != NULL && g_strcmp0 (gch_feedback_row_get_status_text (row), waited_status) == 0;
}

static gboolean
row_says_flag (GchTestApp *fixture)
{
  GchFeedbackRow *row = find_feedback_row (fixture, shown_id);

  return row != NULL && g_strcmp0 (gch_feedback_row_get_flag_text (row), waited_flag) == 0;
}

static GchFeedbackStatus waited_state;

static gboolean
stored_status (GchTestApp *fixture)
{
  g_autoptr(GchFeedback) feedback = load (fixture, shown_id);

  return gch_feedback_get_status (feedback) == waited_state;
}

/* The button whose label is @label (translated), if shown. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gch_test_app_find_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), tr (label)) == 0)
      return g_ptr_array_index (buttons, i);
  return NULL;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
  gch_test_app_iterate ();
}

static const char *waited_title;

static GtkWindow *
find_toplevel_titled (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return window;
    }
  return NULL;
}

static gboolean
titled_shown (GchTestApp *fixture)
{
  return find_toplevel_titled (waited_title) != NULL;
}

static gboolean
titled_gone (GchTestApp *fixture)
{
  return find_toplevel_titled (waited_title) == NULL;
}

static GtkWindow *
wait_dialog (GchTestApp *fixture,
             const char *title)
{
  waited_title = tr (title);
  g_assert_true (gch_test_app_wait_until (fixture, titled_shown));
  return find_toplevel_titled (waited_title);
}

/* The refusal a dialog of the page shows, or NULL. */
static const char *
dialog_error (GtkWindow *dialog)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "error") &&
        gtk_widget_get_visible (g_ptr_array_index (labels, i)))
      return gtk_label_get_label (g_ptr_array_index (labels, i));
  return NULL;
}

static gboolean
page_dialog_refused (GchTestApp *fixture)
{
  GtkWindow *dialog = find_toplevel_titled (waited_title);

  return dialog != NULL && dialog_error (dialog) != NULL;
}

/* The history's row whose title is @title, if shown. */
static AdwActionRow *
find_history_row (GchTestApp *fixture,
                  const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (find_page (fixture)), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0 &&
        gtk_widget_get_mapped (g_ptr_array_index (rows, i)))
      return g_ptr_array_index (rows, i);
  return NULL;
}

static char *waited_history;

static gboolean
history_shown (GchTestApp *fixture)
{
  return find_history_row (fixture, waited_history) != NULL;
}

/* The history's row whose title begins with @prefix, if shown. */
static AdwActionRow *
find_history_row_starting (GchTestApp *fixture,
                           const char *prefix)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (find_page (fixture)), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), prefix) &&
        gtk_widget_get_mapped (g_ptr_array_index (rows, i)))
      return g_ptr_array_index (rows, i);
  return NULL;
}

static gboolean
history_starting_shown (GchTestApp *fixture)
{
  return find_history_row_starting (fixture, waited_history) != NULL;
}

/* The name of the agent logged in. */
static const char *
agent_name (GchTestApp *fixture)
{
  return gch_agent_get_name (gch_day_find_agent (gch_test_app_get_day (fixture), AGENT));
}

/* "Acknowledged by François Roux, " for @who "Acknowledged by François
 * Roux", as the history begins the step's row.
 */
static char *
step_by_agent (const char *who)
{
  g_autofree char *owned = (char *) who;

  return g_strdup_printf (tr ("%s, %s"), owned, "");
}

static gboolean
contact_shown (GchTestApp *fixture)
{
  return gch_register_page_get_contact_text (find_page (fixture)) != NULL;
}

/* Opens the page, with the record @id logged and chosen. */
static void
open_record (GchTestApp *fixture,
             const char *id)
{
  GchRegisterPage *page;

  show_register (fixture);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (find_view_stack (fixture)), ==, "register");
  page = find_page (fixture);
  shown_id = id;
  waited_status = tr ("Received");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_status));
  g_assert_true (gch_register_page_select (page, id));
  gch_test_app_iterate ();
  g_assert_cmpstr (gch_register_page_get_selected (page), ==, id);
}

static void
check_acknowledge (GchTestApp *fixture)
{
  g_autofree char *id = NULL;
  g_autoptr(GchFeedback) stored = NULL;
  GchRegisterPage *page;
  GchFeedbackRow *row;

  g_assert_true (gch_test_app_wait_until (fixture, supervisor_ready));
  id = log_record (fixture, "Deux heures d’attente pour un passeport.\nPersonne à l’accueil.", NULL,
                  NULL);
  open_record (fixture, id);
  page = find_page (fixture);

  /* Ctrl+5 put the keyboard in the list. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (page)));
  }

  /* The row: the kind, the first line only, no flag ten working days ahead. */
  row = find_feedback_row (fixture, id);
  g_assert_cmpstr (gch_feedback_row_get_status_text (row), ==, tr ("Received"));
  g_assert_cmpstr (gch_feedback_row_get_flag_text (row), ==, "");
  /* Received: only Acknowledge and Forward are offered. */
  g_assert_null (find_button (GTK_WIDGET (page), "Answ_er…"));
  g_assert_null (find_button (GTK_WIDGET (page), "C_lose"));

  click (find_button (GTK_WIDGET (page), "_Acknowledge"));
  waited_status = tr ("Acknowledged");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_status));
  /* The same row, relabelled in place. */
  g_assert_true (find_feedback_row (fixture, id) == row);
  stored = load (fixture, id);
  g_assert_cmpint (gch_feedback_get_status (stored), ==, GCH_FEEDBACK_STATUS_ACKNOWLEDGED);
  g_assert_cmpint (gch_feedback_get_acknowledged_at (stored), >, 0);
  /* By the agent logged in, in the record, its event and the history. */
  g_assert_cmpstr (gch_feedback_get_done_by (stored, GCH_FEEDBACK_STATUS_ACKNOWLEDGED), ==, AGENT);
  g_assert_cmpstr (step_actor (fixture, id, "feedback-acknowledge"), ==, AGENT);
  waited_history = step_by_agent (g_strdup_printf (tr ("Acknowledged by %s"), agent_name (fixture)));
  g_assert_true (gch_test_app_wait_until (fixture, history_starting_shown));
  g_clear_pointer (&waited_history, g_free);
  /* Acknowledged: Acknowledge goes, Answer comes. */
  g_assert_null (find_button (GTK_WIDGET (page), "_Acknowledge"));
  g_assert_nonnull (find_button (GTK_WIDGET (page), "Answ_er…"));

  /* No contact was given: the page says so, rather than nothing. */
  click (find_button (GTK_WIDGET (page), "Show _Contact"));
  g_assert_true (gch_test_app_wait_until (fixture, contact_shown));
  g_assert_cmpstr (gch_register_page_get_contact_text (page), ==, tr ("The person gave no contact."));
  g_assert_null (find_button (GTK_WIDGET (page), "Show _Contact"));
}

static void
test_acknowledge (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " AGENT, check_acknowledge);
}

static gboolean
forwarded (GchTestApp *fixture)
{
  g_autoptr(GchFeedback) feedback = load (fixture, shown_id);

  return gch_feedback_get_n_forwards (feedback) == 1;
}

static void
check_forward (GchTestApp *fixture)
{
  GchStation *station;
  g_autofree char *id = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GchFeedback) stored = NULL;
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  const char *service;
  GtkWindow *dialog;
  AdwActionRow *row;
  GchDay *day;

  g_assert_true (gch_test_app_wait_until (fixture, supervisor_ready));
  station = gch_test_app_get_station (fixture);
  day = gch_test_app_get_day (fixture);
  id = log_record (fixture, "On m’a renvoyée vers le service des titres sans explication.", NULL,
                  "marie.durand@example.fr");
  open_record (fixture, id);

  click (find_button (GTK_WIDGET (find_page (fixture)), "For_ward…"));
  dialog = wait_dialog (fixture, "Forward the Record");
  gch_test_app_find_widgets (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, combos);
  gch_test_app_find_widgets (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, entries);
  g_assert_cmpuint (combos->len, ==, 1);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpuint (day->services->len, >, 1);
  adw_combo_row_set_selected (g_ptr_array_index (combos, 0), 1);
  service = gch_service_get_name (g_ptr_array_index (day->services, 1));
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), "Rappeler Mme Durand");
  click (find_button (GTK_WIDGET (dialog), "_Forward"));
  shown_id = id;
  g_assert_true (gch_test_app_wait_until (fixture, forwarded));
  g_assert_true (gch_test_app_wait_until (fixture, titled_gone));

  /* Kept with the record: the service, the note apart, who, and the state unchanged. */
  to = g_strdup (service);
  stored = load (fixture, id);
  g_assert_cmpstr (gch_feedback_get_forward (stored, 0)->to, ==, service);
  g_assert_cmpstr (gch_feedback_get_forward (stored, 0)->note, ==, "Rappeler Mme Durand");
  g_assert_cmpstr (gch_feedback_get_forward (stored, 0)->by, ==, AGENT);
  g_assert_cmpint (gch_feedback_get_status (stored), ==, GCH_FEEDBACK_STATUS_RECEIVED);

  /* The history says to whom, and who. */
  waited_history = g_strdup_printf (tr ("Forwarded to %s"), to);
  g_assert_true (gch_test_app_wait_until (fixture, history_shown));
  row = find_history_row (fixture, waited_history);
  /* The agent logged in, by name: not the station's name. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row),
                            gch_agent_get_name (gch_day_find_agent (day, AGENT))));
  /* The note under the forward, after who and when. */
  {
    g_autofree char *note = g_strdup_printf (tr ("%s — Note: %s"), "", "Rappeler Mme Durand");

    g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row), note));
  }
  {
    g_autofree char *as_station = g_strdup_printf (tr ("by %s, %s"),
                                                   gch_station_get_actor (station), "");

    g_assert_false (g_str_has_prefix (adw_action_row_get_subtitle (row), as_station));
  }
  g_clear_pointer (&waited_history, g_free);

  /* The contact shows only on demand, read from this station's database. */
  g_assert_null (gch_register_page_get_contact_text (find_page (fixture)));
  click (find_button (GTK_WIDGET (find_page (fixture)), "Show _Contact"));
  g_assert_true (gch_test_app_wait_until (fixture, contact_shown));
  g_assert_nonnull (strstr (gch_register_page_get_contact_text (find_page (fixture)),
                            "marie.durand@example.fr"));
}

static void
test_forward (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " AGENT, check_forward);
}

static void
type_answer (GtkWindow  *dialog,
             const char *text)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (g_ptr_array_index (views, 0)), text, -1);
}

static char *
typed_answer (GtkWindow *dialog)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  gch_test_app_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW, views);
  buffer = gtk_text_view_get_buffer (g_ptr_array_index (views, 0));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

#define ANSWER "Nous avons renforcé l’accueil le matin. Merci de votre message."

static void
check_answer (GchTestApp *fixture)
{
  g_autofree char *id = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GchFeedback) stored = NULL;
  GchRegisterPage *page;
  GtkWindow *dialog;
  AdwActionRow *row;

  g_assert_true (gch_test_app_wait_until (fixture, supervisor_ready));
  id = log_record (fixture, "Deux heures d’attente pour un passeport.", NULL, NULL);
  open_record (fixture, id);
  page = find_page (fixture);
  click (find_button (GTK_WIDGET (page), "_Acknowledge"));
  waited_status = tr ("Acknowledged");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_status));

  /* Answer…: the text kept with the record, which is answered. */
  click (find_button (GTK_WIDGET (page), "Answ_er…"));
  dialog = wait_dialog (fixture, "Answer the Record");
  type_answer (dialog, ANSWER);
  gch_test_app_screenshot ("register-answer");
  click (find_button (GTK_WIDGET (dialog), "_Answer"));
  waited_state = GCH_FEEDBACK_STATUS_ANSWERED;
  g_assert_true (gch_test_app_wait_until (fixture, stored_status));
  g_assert_true (gch_test_app_wait_until (fixture, titled_gone));
  stored = load (fixture, id);
  g_assert_cmpuint (gch_feedback_get_n_answers (stored), ==, 1);
  g_assert_cmpstr (gch_feedback_get_answer (stored, 0)->text, ==, ANSWER);
  g_clear_object (&stored);
  waited_status = tr ("Answered");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_status));

  /* The history shows the text. */
  stored = load (fixture, id);
  g_assert_cmpstr (gch_feedback_get_answer (stored, 0)->author, ==, AGENT);
  g_clear_object (&stored);
  waited_history = g_strdup_printf (tr ("Answered by %s, %s"),
                                    gch_agent_get_name (gch_day_find_agent (
                                      gch_test_app_get_day (fixture), AGENT)), "");
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    gboolean found = FALSE;

    gch_test_app_find_widgets (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, rows);
    for (guint i = 0; i < rows->len; i++)
      if (g_str_has_prefix (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), waited_history) &&
          g_strcmp0 (adw_action_row_get_subtitle (g_ptr_array_index (rows, i)), ANSWER) == 0)
        found = TRUE;
    g_assert_true (found);
  }
  g_clear_pointer (&waited_history, g_free);
  gch_test_app_screenshot ("register-detail");

  /* Close. */
  click (find_button (GTK_WIDGET (page), "C_lose"));
  waited_state = GCH_FEEDBACK_STATUS_CLOSED;
  g_assert_true (gch_test_app_wait_until (fixture, stored_status));
  waited_status = g_dpgettext2 (GETTEXT_PACKAGE, "feedback status", "Closed");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_status));
  /* Closed by the agent logged in, by name. */
  waited_history = step_by_agent (g_strdup_printf (tr ("Closed by %s"), agent_name (fixture)));
  g_assert_true (gch_test_app_wait_until (fixture, history_starting_shown));
  row = find_history_row_starting (fixture, waited_history);
  g_assert_nonnull (row);
  g_clear_pointer (&waited_history, g_free);
  g_assert_cmpstr (step_actor (fixture, id, "feedback-close"), ==, AGENT);
  stored = load (fixture, id);
  g_assert_cmpstr (gch_feedback_get_done_by (stored, GCH_FEEDBACK_STATUS_CLOSED), ==, AGENT);
  g_clear_object (&stored);

  /* Closed: no button offers an answer, and the action is refused by the
   * core, in the dialog, which keeps the text; the record is unchanged.
   */
  g_assert_null (find_button (GTK_WIDGET (page), "Answ_er…"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "register.answer", NULL));
  dialog = wait_dialog (fixture, "Answer the Record");
  type_answer (dialog, "Une réponse de trop.");
  click (find_button (GTK_WIDGET (dialog), "_Answer"));
  g_assert_true (gch_test_app_wait_until (fixture, page_dialog_refused));
  g_assert_cmpstr (dialog_error (dialog), ==, tr ("This record is closed: it can no longer be answered."));
  kept = typed_answer (dialog);
  g_assert_cmpstr (kept, ==, "Une réponse de trop.");
  stored = load (fixture, id);
  g_assert_cmpint (gch_feedback_get_status (stored), ==, GCH_FEEDBACK_STATUS_CLOSED);
  g_assert_cmpuint (gch_feedback_get_n_answers (stored), ==, 1);
  gtk_window_destroy (dialog);
}

static void
test_answer (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " AGENT, check_answer);
}

/* Noon, in the site's zone, on @date. */
static gint64
noon_on (GTimeZone   *zone,
         const GDate *date)
{
  g_autoptr(GDateTime) noon = g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                                               g_date_get_day (date), 12, 0, 0);

  return g_date_time_to_unix (noon);
}

static void
check_overdue (GchTestApp *fixture)
{
  GchClock *clock;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *id = NULL;
  GDate received, due;

  g_assert_true (gch_test_app_wait_until (fixture, supervisor_ready));
  clock = gch_station_get_clock (gch_test_app_get_station (fixture));
  zone = gch_site_dup_time_zone (gch_test_app_get_day (fixture)->site);

  /* Received at noon today, due on a working day a week or so later. */
  today = g_date_time_new_from_unix_utc (gch_clock_now (clock));
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (today, zone);

    g_date_clear (&received, 1);
    g_date_set_dmy (&received, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                    g_date_time_get_year (local));
  }
  gch_clock_set_frozen (clock, noon_on (zone, &received));
  due = received;
  g_date_add_days (&due, 7);
  while (!gch_date_is_working_day (&due))
    g_date_add_days (&due, 1);
  id = log_record (fixture, "Le dossier n’a pas été traité.", &due, NULL);
  shown_id = id;

  show_register (fixture);
  waited_status = tr ("Received");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_status));
  g_assert_cmpstr (gch_feedback_row_get_flag_text (find_feedback_row (fixture, id)), ==, "");

  /* Its due day: due soon. */
  gch_clock_set_frozen (clock, noon_on (zone, &due));
  waited_flag = tr ("Due soon");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_flag));

  /* The day after: overdue. */
  g_date_add_days (&due, 1);
  gch_clock_set_frozen (clock, noon_on (zone, &due));
  waited_flag = tr ("Overdue");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_flag));

  /* Answered, it is no longer late. */
  {
    g_autoptr(GchFeedback) feedback = load (fixture, id);
    g_autoptr(GchChange) change = NULL;
    g_autoptr(GError) error = NULL;
    GchRequest request = { .action = GCH_ACTION_ACKNOWLEDGE_FEEDBACK, .feedback = feedback };

    change = gch_station_run (gch_test_app_get_station (fixture), &request, &error);
    g_assert_no_error (error);
    g_clear_object (&change);
    g_clear_object (&feedback);
    feedback = load (fixture, id);
    request.action = GCH_ACTION_ANSWER_FEEDBACK;
    request.feedback = feedback;
    request.answer = "Le dossier est traité.";
    change = gch_station_run (gch_test_app_get_station (fixture), &request, &error);
    g_assert_no_error (error);
  }
  waited_flag = "";
  g_assert_true (gch_test_app_wait_until (fixture, row_says_flag));
}

static void
test_overdue (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " AGENT, check_overdue);
}

/* Acts on the record @id through the station, as the page's buttons do. */
static void
run_on (GchTestApp *fixture,
        GchAction   action,
        const char *id)
{
  g_autoptr(GchFeedback) feedback = load (fixture, id);
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  GchRequest request = { .action = action, .feedback = feedback };

  change = gch_station_run (gch_test_app_get_station (fixture), &request, &error);
  g_assert_no_error (error);
}

static GPtrArray *
shown_ids (GchTestApp *fixture)
{
  GListModel *model = gch_register_page_get_model (find_page (fixture));
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GchRegisterItem) item = g_list_model_get_item (model, i);

      g_ptr_array_add (ids, g_strdup (gch_register_item_get_id (item)));
    }
  return ids;
}

static guint waited_count;

static gboolean
count_shown (GchTestApp *fixture)
{
  return g_list_model_get_n_items (gch_register_page_get_model (find_page (fixture))) == waited_count;
}

static gboolean
empty_state_shown (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (find_page (fixture)), ADW_TYPE_STATUS_PAGE, pages);
  for (guint i = 0; i < pages->len; i++)
    if (g_strcmp0 (adw_status_page_get_title (g_ptr_array_index (pages, i)), tr ("No Records")) == 0)
      return TRUE;
  return FALSE;
}

static void
check_order_and_search (GchTestApp *fixture)
{
  GchClock *clock;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  g_autofree char *later = NULL, *late = NULL, *soon = NULL, *closed = NULL;
  GtkToggleButton *urgent = NULL;
  GtkEditable *search;
  GDate today, date;

  g_assert_true (gch_test_app_wait_until (fixture, supervisor_ready));
  clock = gch_station_get_clock (gch_test_app_get_station (fixture));
  zone = gch_site_dup_time_zone (gch_test_app_get_day (fixture)->site);
  now = g_date_time_new_from_unix_utc (gch_clock_now (clock));
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (now, zone);

    g_date_clear (&today, 1);
    g_date_set_dmy (&today, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                    g_date_time_get_year (local));
  }
  gch_clock_set_frozen (clock, noon_on (zone, &today));

  /* Logged in the wrong order: a closed compliment, one due in two weeks,
   * one due today, one due yesterday.
   */
  date = today;
  g_date_subtract_days (&date, 5);
  closed = log_of_kind (fixture, GCH_FEEDBACK_KIND_COMPLIMENT, "Accueil très aimable, merci.", &date,
                        NULL);
  run_on (fixture, GCH_ACTION_ACKNOWLEDGE_FEEDBACK, closed);
  run_on (fixture, GCH_ACTION_CLOSE_FEEDBACK, closed);
  date = today;
  g_date_add_days (&date, 14);
  later = log_record (fixture, "Les horaires affichés sont faux.", &date, NULL);
  soon = log_record (fixture, "Deux heures d’attente pour un passeport.", &today, NULL);
  date = today;
  g_date_subtract_days (&date, 1);
  late = log_record (fixture, "Toujours pas de réponse pour mon passeport.", &date, NULL);

  show_register (fixture);
  waited_count = 4;
  g_assert_true (gch_test_app_wait_until (fixture, count_shown));

  /* Most urgent first: overdue, due soon, by due date, closed last. */
  ids = shown_ids (fixture);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, late);
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, soon);
  g_assert_cmpstr (g_ptr_array_index (ids, 2), ==, later);
  g_assert_cmpstr (g_ptr_array_index (ids, 3), ==, closed);
  g_clear_pointer (&ids, g_ptr_array_unref);
  shown_id = late;
  waited_flag = tr ("Overdue");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_flag));
  shown_id = soon;
  waited_flag = tr ("Due soon");
  g_assert_true (gch_test_app_wait_until (fixture, row_says_flag));
  g_assert_true (gch_register_page_select (find_page (fixture), late));
  gch_test_app_iterate ();
  /* The page alone in its picture, without the demo's bubbles over it. */
  gch_notifier_withdraw_all (fixture->app->notifier);
  gch_test_app_screenshot ("register");

  /* Ctrl+F, then a word of two descriptions, whatever its capitals. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL);
  gch_test_app_iterate ();
  search = GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (fixture->window)));
  g_assert_true (GTK_IS_EDITABLE (search));
  gtk_editable_set_text (search, "PASSEPORT");
  waited_count = 2;
  g_assert_true (gch_test_app_wait_until (fixture, count_shown));
  ids = shown_ids (fixture);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, late);
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, soon);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* Nothing matches: the page says so. */
  gtk_editable_set_text (search, "naturalisation");
  waited_count = 0;
  g_assert_true (gch_test_app_wait_until (fixture, count_shown));
  g_assert_true (gch_test_app_wait_until (fixture, empty_state_shown));
  gtk_editable_set_text (search, "");
  waited_count = 4;
  g_assert_true (gch_test_app_wait_until (fixture, count_shown));

  /* The kind: the compliment only. */
  gch_test_app_find_widgets (GTK_WIDGET (find_page (fixture)), GTK_TYPE_DROP_DOWN, dropdowns);
  g_assert_cmpuint (dropdowns->len, ==, 2);
  gtk_drop_down_set_selected (g_ptr_array_index (dropdowns, 0), 1 + GCH_FEEDBACK_KIND_COMPLIMENT);
  waited_count = 1;
  g_assert_true (gch_test_app_wait_until (fixture, count_shown));
  ids = shown_ids (fixture);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, closed);
  g_clear_pointer (&ids, g_ptr_array_unref);
  gtk_drop_down_set_selected (g_ptr_array_index (dropdowns, 0), 0);

  /* Open only (the second choice after "all"): the closed one goes. */
  gtk_drop_down_set_selected (g_ptr_array_index (dropdowns, 1), 1);
  waited_count = 3;
  g_assert_true (gch_test_app_wait_until (fixture, count_shown));
  gtk_drop_down_set_selected (g_ptr_array_index (dropdowns, 1), 0);

  /* Overdue or due soon only. */
  {
    g_autoptr(GPtrArray) toggles = g_ptr_array_new ();

    gch_test_app_find_widgets (GTK_WIDGET (find_page (fixture)), GTK_TYPE_TOGGLE_BUTTON, toggles);
    for (guint i = 0; i < toggles->len; i++)
      if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (toggles, i)),
                     tr ("_Overdue or Due Soon")) == 0)
        urgent = g_ptr_array_index (toggles, i);
  }
  g_assert_nonnull (urgent);
  gtk_toggle_button_set_active (urgent, TRUE);
  waited_count = 2;
  g_assert_true (gch_test_app_wait_until (fixture, count_shown));
  ids = shown_ids (fixture);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, late);
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, soon);
}

static void
test_order_and_search (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " AGENT, check_order_and_search);
}

static void
check_big_description (GchTestApp *fixture)
{
  g_autoptr(GString) big = g_string_sized_new (1100000);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) expected = NULL;
  g_autofree char *kept = NULL;
  GchFeedbackDialog *dialog;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_assert_true (gch_test_app_wait_until (fixture, ready));

  /* 1 MB of text, in lines as a paste would bring them. */
  while (big->len < 1024 * 1024)
    g_string_append (big, "Attente interminable au guichet, personne pour renseigner, "
                          "aucune information sur l’écran.\n");
  g_assert_false (gch_feedback_check_description (big->str, &expected));

  gch_test_app_press (fixture, "<Control><Shift>k");
  g_assert_true (gch_test_app_wait_until (fixture, dialog_shown));
  dialog = find_feedback_dialog ();
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_first (GTK_WIDGET (dialog),
                                                                GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_set_text (buffer, big->str, big->len);
  g_signal_emit_by_name (find_save (GTK_WIDGET (dialog)), "clicked");
  gch_test_app_iterate ();

  /* Refused inside the form, in the core's words; the text stays; nothing saved. */
  g_assert_true (find_feedback_dialog () == dialog);
  g_assert_cmpstr (gch_feedback_dialog_get_error (dialog), ==, expected->message);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  kept = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpuint (strlen (kept), ==, big->len);
  g_assert_true (strcmp (kept, big->str) == 0);
  records = list_feedback (fixture);
  g_assert_cmpuint (records->len, ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_big_description (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " AGENT, check_big_description);
}

static void
check_agent_hidden (GchTestApp *fixture)
{
  AdwViewStack *stack;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  gch_test_app_iterate ();
  stack = find_view_stack (fixture);

  /* No tab for the register, and Ctrl+5 does nothing. */
  g_assert_false (register_view_offered (fixture));
  adw_view_stack_set_visible_child_name (stack, "desk");
  show_register (fixture);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "desk");
}

static void
test_agent_hidden (void)
{
  gch_test_app_clear_data ();
  /* Claire Martin, an agent of guichet 1. */
  gch_test_app_run ("--demo --agent c.martin", check_agent_hidden);
}

/* Show Contact on a record logged at another station: the real server on
 * 127.0.0.1, an agent's station at the counter that logs two complaints
 * with a contact, and this application, François Roux's, a supervisor,
 * logged in. The first one's contact is read at the server, which records
 * the reading; nothing of it is written here. With the server stopped,
 * the second one's says it is kept at the server.
 */

#define PASSWORD "supervisor-password-1"
#define OFFLINE_SENTENCE "The contact is kept at the server: it can be read when the station is online."

static GchTestServer *server;

static GtkWidget *
find_login_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GCH_IS_LOGIN_WINDOW (window) && gtk_widget_get_mapped (window))
        return window;
    }
  return NULL;
}

static gboolean
login_window_shown (GchTestApp *fixture)
{
  return find_login_window () != NULL;
}

static gboolean
online (GchTestApp *fixture)
{
  GchSyncController *sync = gch_application_get_sync (fixture->app);

  return sync != NULL && gch_sync_controller_get_online (sync) &&
         gch_sync_controller_get_waiting (sync) == 0 && find_login_window () == NULL;
}

static void
log_in (GchTestApp *fixture,
        const char *agent,
        const char *password)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  GtkWidget *login;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  gch_test_app_press (fixture, "<Control>l");
  g_assert_true (gch_test_app_wait_until (fixture, login_window_shown));
  login = find_login_window ();
  gch_test_app_find_widgets (login, ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 0)), gch_test_server_get_url (server));
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 1)), agent);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 2)), password);
  gch_test_app_find_widgets (g_ptr_array_index (rows, 2), GTK_TYPE_TEXT, texts);
  g_signal_emit_by_name (g_ptr_array_index (texts, 0), "activate");
  g_assert_true (gch_test_app_wait_until (fixture, online));
}

/* Logs a complaint with a contact at @counter, as its desk's form does. */
static char *
log_at_counter (GchStation *counter,
                const char *name,
                const char *email)
{
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  char *id = g_uuid_string_random ();
  GchRequest request = { .action = GCH_ACTION_LOG_FEEDBACK };

  feedback = gch_feedback_new (id, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_GUICHET,
                               GCH_FEEDBACK_CATEGORY_WAITING_TIME,
                               gch_clock_now (gch_station_get_clock (counter)),
                               "Deux heures d’attente pour un passeport.", &error);
  g_assert_no_error (error);
  g_assert_true (gch_feedback_set_contact (feedback, TRUE, name, email, NULL, &error));
  g_assert_no_error (error);
  request.feedback = feedback;
  change = gch_station_run (counter, &request, &error);
  g_assert_no_error (error);
  return id;
}

/* The contact-read events of @id in the database at @path, read with plain SQL. */
static gint64
count_reads (const char *path,
             const char *id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM event WHERE record_kind = "
                                           "'feedback' AND record_id = ? AND to_state = "
                                           "'contact-read'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static gboolean
offline_told (GchTestApp *fixture)
{
  return g_strcmp0 (gch_register_page_get_contact_text (find_page (fixture)),
                    tr (OFFLINE_SENTENCE)) == 0;
}

static void
check_contact_at_server (GchTestApp *fixture)
{
  g_autofree char *date = gch_demo_today ();
  g_autofree char *agent_token = gch_test_server_login (server, "c.martin", PASSWORD);
  g_autoptr(GchStation) counter = NULL;
  g_autoptr(GchSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GchStore *store;
  GchSyncReport report;
  gboolean here = TRUE;
  const char *shown;

  log_in (fixture, AGENT, PASSWORD);
  g_assert_true (gch_application_is_supervisor (fixture->app));

  /* Claire Martin's station logs two complaints and sends them. */
  counter = gch_test_new_demo_station (gch_test_server_get_dir (server), "counter.sqlite", date);
  gch_station_set_actor (counter, "counter");
  first = log_at_counter (counter, "Mme Durand", "marie.durand@example.fr");
  second = log_at_counter (counter, "M. Petit", "paul.petit@example.fr");
  sync = gch_sync_new (gch_station_get_store (counter), gch_test_server_get_url (server),
                       agent_token);
  g_assert_true (gch_sync_run (sync, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.refused, ==, 0);

  /* The supervisor's page has it, without its contact: read at the server. */
  open_record (fixture, first);
  store = gch_station_get_store (gch_test_app_get_station (fixture));
  g_assert_true (gch_store_has_feedback_contact (store, first, &here, &error));
  g_assert_no_error (error);
  g_assert_false (here);
  g_assert_cmpint (count_reads (gch_test_server_get_database (server), first), ==, 0);
  click (find_button (GTK_WIDGET (find_page (fixture)), "Show _Contact"));
  g_assert_true (gch_test_app_wait_until (fixture, contact_shown));
  shown = gch_register_page_get_contact_text (find_page (fixture));
  g_assert_nonnull (strstr (shown, "Mme Durand"));
  g_assert_nonnull (strstr (shown, "marie.durand@example.fr"));
  g_assert_null (find_button (GTK_WIDGET (find_page (fixture)), "Show _Contact"));

  /* The server recorded the reading; this station wrote no contact. */
  g_assert_cmpint (count_reads (gch_test_server_get_database (server), first), ==, 1);
  g_assert_true (gch_store_has_feedback_contact (store, first, &here, &error));
  g_assert_no_error (error);
  g_assert_false (here);

  /* The server stopped: a plain sentence, and Show Contact stays to try again. */
  gch_test_server_stop (server);
  g_assert_true (gch_register_page_select (find_page (fixture), second));
  gch_test_app_iterate ();
  g_assert_cmpstr (gch_register_page_get_selected (find_page (fixture)), ==, second);
  click (find_button (GTK_WIDGET (find_page (fixture)), "Show _Contact"));
  g_assert_true (gch_test_app_wait_until (fixture, offline_told));
  g_assert_nonnull (find_button (GTK_WIDGET (find_page (fixture)), "Show _Contact"));
}

static void
test_contact_at_server (void)
{
  g_autofree char *date = gch_demo_today ();

  server = gch_test_server_new ();
  gch_test_server_load_demo (server, date);
  gch_test_server_add_agent (server, AGENT, "François Roux", "supervisor", PASSWORD);
  gch_test_server_add_agent (server, "c.martin", "Claire Martin", "agent", PASSWORD);
  gch_test_server_start (server, NULL);
  gch_test_app_clear_data ();

  gch_test_app_run ("--demo", check_contact_at_server);

  g_clear_pointer (&server, gch_test_server_free);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/register/log", test_log);
  g_test_add_func ("/register/acknowledge", test_acknowledge);
  g_test_add_func ("/register/forward", test_forward);
  g_test_add_func ("/register/answer", test_answer);
  g_test_add_func ("/register/overdue", test_overdue);
  g_test_add_func ("/register/order-and-search", test_order_and_search);
  g_test_add_func ("/register/big-description", test_big_description);
  g_test_add_func ("/register/agent-hidden", test_agent_hidden);
  g_test_add_func ("/register/contact-at-server", test_contact_at_server);

  return g_test_run ();
}
