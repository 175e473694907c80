/* test-register.c: a suggestion or complaint logged at the desk
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
#include <string.h>

#include "gch-application-private.h"
#include "gch-feedback-dialog.h"
#include "gch-test-app.h"

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

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/register/log", test_log);

  return g_test_run ();
}
