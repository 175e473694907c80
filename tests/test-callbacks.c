/* test-callbacks.c: the call-backs the reception takes, and the rating after a service
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
#include "gch-figures-page.h"
#include "gch-test-app.h"

/* Call-backs: the real application on the demo day, as Marie Lemaire (the
 * demo's reception agent), in affluence: a number taken instead of a
 * ticket, checked as it is typed, listed with its outcomes.
 *
 * Satisfaction: the real application on the demo day, as François Roux (the demo's
 * supervisor, who also works at guichet 1 and reads the figures). With the
 * rating asked, a finish shows the four faces; a face chosen is saved with
 * the visit and counted in today's figures; Escape skips and saves nothing.
 */

#define SUPERVISOR "f.roux"

static gboolean
dialog_shown (GchTestApp *fixture)
{
  return gch_test_app_find_dialog (fixture) != NULL;
}

static gboolean
no_dialog (GchTestApp *fixture)
{
  return gch_test_app_find_dialog (fixture) == NULL;
}

static GchQueueEntry *
current_at_1 (GchTestApp *fixture)
{
  return gch_day_current_for_guichet (gch_test_app_get_day (fixture), 1);
}

static gboolean
serving_at_1 (GchTestApp *fixture)
{
  GchQueueEntry *current = current_at_1 (fixture);

  return current != NULL && gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_SERVING;
}

static gboolean
called_at_1 (GchTestApp *fixture)
{
  GchQueueEntry *current = current_at_1 (fixture);

  return current != NULL && gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED;
}

static gboolean
nobody_at_1 (GchTestApp *fixture)
{
  return current_at_1 (fixture) == NULL;
}

static gboolean
ready (GchTestApp *fixture)
{
  return gch_test_app_day_loaded (fixture) && gch_application_is_supervisor (fixture->app) &&
         current_at_1 (fixture) != NULL;
}

static char *rated_ticket;
static GchSatisfaction wanted_rating;

static gboolean
rating_saved (GchTestApp *fixture)
{
  GchQueueEntry *entry = gch_station_find_ticket (gch_test_app_get_station (fixture),
                                                  rated_ticket);

  return entry != NULL && gch_queue_entry_get_satisfaction (entry) == wanted_rating;
}

/* How many "rate" operations the station keeps, on the disk. */
static gint64
count_ratings (GchTestApp *fixture)
{
  GchStore *store = gch_station_get_store (gch_test_app_get_station (fixture));
  g_autoptr(GchDay) day = gch_store_load_day (store, gch_test_app_get_day (fixture)->date, NULL);
  gint64 rated = 0;

  g_assert_nonnull (day);
  for (guint i = 0; i < day->entries->len; i++)
    if (gch_queue_entry_get_satisfaction (g_ptr_array_index (day->entries, i)) !=
        GCH_SATISFACTION_NONE)
      rated++;
  return rated;
}

/* The face button whose accessible label is @label, in the dialog. */
static GtkWidget *
find_face (GtkWidget  *dialog,
           const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gch_test_app_find_widgets (dialog, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      gch_test_app_find_widgets (g_ptr_array_index (buttons, i), GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        if (strstr (gtk_label_get_label (g_ptr_array_index (labels, j)), label) != NULL)
          return g_ptr_array_index (buttons, i);
    }
  return NULL;
}

static void
finish_at_1 (GchTestApp *fixture)
{
  if (called_at_1 (fixture))
    gch_test_app_activate (fixture, "start-service", NULL);
  g_assert_true (gch_test_app_wait_until (fixture, serving_at_1));
  g_free (rated_ticket);
  rated_ticket = g_strdup (gch_queue_entry_get_ticket (current_at_1 (fixture)));
  gch_test_app_activate (fixture, "finish-service", "served");
}

static GchFiguresPage *
find_figures_page (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->toplevel), GCH_TYPE_FIGURES_PAGE, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
figures_rated_once (GchTestApp *fixture)
{
  GchFiguresPage *page = find_figures_page (fixture);
  GchFigures *today = page ? gch_figures_page_get_figures (page, "today") : NULL;

  return today != NULL && gch_figures_line_get_rated (&today->total) == 1;
}

static void
check_rating (GchTestApp *fixture)
{
  GSettings *settings = gch_application_get_settings (fixture->app);
  GtkWidget *dialog, *face;
  GchFigures *today;

  g_assert_true (gch_test_app_wait_until (fixture, ready));

  /* Not asked unless the site asks for it: a finish is just a finish. */
  g_assert_false (g_settings_get_boolean (settings, "ask-satisfaction"));
  finish_at_1 (fixture);
  g_assert_true (gch_test_app_wait_until (fixture, nobody_at_1));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (gch_test_app_find_dialog (fixture));
  g_assert_cmpint (count_ratings (fixture), ==, 0);

  g_settings_set_boolean (settings, "ask-satisfaction", TRUE);
  gch_test_app_activate (fixture, "call-next", NULL);
  g_assert_true (gch_test_app_wait_until (fixture, called_at_1));
  finish_at_1 (fixture);
  g_assert_true (gch_test_app_wait_until (fixture, dialog_shown));
  dialog = gch_test_app_find_dialog (fixture);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   _("How was your visit?"));
  g_assert_nonnull (find_face (dialog, _("Very satisfied")));
  g_assert_nonnull (find_face (dialog, _("Not very satisfied")));
  g_assert_nonnull (find_face (dialog, _("Not satisfied")));
  face = find_face (dialog, _("Satisfied"));
  g_assert_nonnull (face);
  gch_test_app_screenshot ("satisfaction");

  /* "2 · Satisfied": saved with the visit, on the disk. */
  wanted_rating = GCH_SATISFACTION_SATISFIED;
  g_signal_emit_by_name (face, "clicked");
  g_assert_true (gch_test_app_wait_until (fixture, rating_saved));
  g_assert_true (gch_test_app_wait_until (fixture, no_dialog));
  g_assert_cmpint (count_ratings (fixture), ==, 1);

  /* The next person skips it with Escape: nothing more is saved. */
  gch_test_app_activate (fixture, "call-next", NULL);
  g_assert_true (gch_test_app_wait_until (fixture, called_at_1));
  finish_at_1 (fixture);
  g_assert_true (gch_test_app_wait_until (fixture, dialog_shown));
  dialog = gch_test_app_find_dialog (fixture);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "skip");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gch_test_app_wait_until (fixture, no_dialog));
  g_assert_cmpint (count_ratings (fixture), ==, 1);
  g_assert_cmpint (gch_queue_entry_get_satisfaction (
                     gch_station_find_ticket (gch_test_app_get_station (fixture), rated_ticket)),
                   ==, GCH_SATISFACTION_NONE);

  /* Today's figures: one rating, satisfied, 100 %. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "figures");
  g_assert_true (gch_test_app_wait_until (fixture, figures_rated_once));
  today = gch_figures_page_get_figures (find_figures_page (fixture), "today");
  g_assert_cmpuint (today->total.ratings[1], ==, 1);
  g_assert_cmpfloat (gch_figures_line_get_satisfaction_rate (&today->total), ==, 1.0);
}

#define RECEPTION "m.lemaire"

static gboolean
day_ready (GchTestApp *fixture)
{
  return gch_test_app_day_loaded (fixture) && gch_test_app_get_day (fixture)->site != NULL;
}

static guint wanted_callbacks;

static gboolean
callbacks_reached (GchTestApp *fixture)
{
  return gch_test_app_get_day (fixture)->callbacks->len == wanted_callbacks;
}

static GchCallbackStatus wanted_status;

static gboolean
first_callback_in_wanted_status (GchTestApp *fixture)
{
  GchDay *day = gch_test_app_get_day (fixture);

  return day->callbacks->len > 0 &&
         gch_callback_get_status (g_ptr_array_index (day->callbacks, 0)) == wanted_status;
}

/* The call-backs on the disk, as the store reads them again. */
static guint
callbacks_on_disk (GchTestApp *fixture)
{
  GchStore *store = gch_station_get_store (gch_test_app_get_station (fixture));
  g_autoptr(GchDay) day = gch_store_load_day (store, gch_test_app_get_day (fixture)->date, NULL);

  g_assert_nonnull (day);
  return day->callbacks->len;
}

static GtkWidget *
entry_of (GtkWidget *dialog,
          guint      index)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  gch_test_app_find_widgets (dialog, GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, >, index);
  return g_ptr_array_index (entries, index);
}

static void
check_callbacks (GchTestApp *fixture)
{
  GchDay *day;
  GtkWidget *dialog;
  GchCallback *callback;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (gch_test_app_wait_until (fixture, day_ready));
  day = gch_test_app_get_day (fixture);
  g_assert_cmpuint (day->callbacks->len, ==, 0);
  gch_site_set_mode (day->site, GCH_SITE_MODE_AFFLUENCE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "reception");
  g_assert_true (gch_test_app_wait_for_text (fixture, _("Nobody to call back")));

  /* What the "Call-back…" button of a service's row does, and Ctrl+K. */
  g_assert_nonnull (gtk_application_get_actions_for_accel (GTK_APPLICATION (fixture->app),
                                                           "<Control>k"));
  gch_test_app_activate (fixture, "ask-callback", "titres");
  g_assert_true (gch_test_app_wait_until (fixture, dialog_shown));
  dialog = gch_test_app_find_dialog (fixture);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   _("Take a Call-back"));

  /* A number that is not one: said at once, and Take stays off. */
  gch_phone_normalize ("06 12 34", &error);
  gtk_editable_set_text (GTK_EDITABLE (entry_of (dialog, 0)), "06 12 34");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "take"));
  g_assert_true (gch_test_app_wait_for_text (fixture, error->message));
  g_assert_true (gtk_widget_has_css_class (entry_of (dialog, 0), "error"));

  gtk_editable_set_text (GTK_EDITABLE (entry_of (dialog, 0)), "+33 6 12 34 56 78");
  gtk_editable_set_text (GTK_EDITABLE (entry_of (dialog, 1)), "Mme Durand");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "take"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "take");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wanted_callbacks = 1;
  g_assert_true (gch_test_app_wait_until (fixture, callbacks_reached));
  g_assert_cmpuint (callbacks_on_disk (fixture), ==, 1);
  callback = g_ptr_array_index (day->callbacks, 0);
  id = g_strdup (gch_callback_get_id (callback));
  g_assert_cmpstr (gch_callback_get_phone (callback), ==, "06 12 34 56 78");
  g_assert_cmpstr (gch_callback_get_taken_by (callback), ==, RECEPTION);
  g_assert_true (gch_test_app_wait_for_text (fixture, "Mme Durand"));
  g_assert_true (gch_test_app_wait_for_text (fixture, "06 12 34 56 78"));

  /* Asked directly with a bad number, the station says why and saves nothing. */
  g_clear_error (&error);
  gch_phone_normalize ("0612", &error);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "take-callback",
                                  g_variant_new ("(sss)", "titres", "0612", ""));
  g_assert_true (gch_test_app_wait_for_text (fixture, error->message));
  g_assert_cmpuint (day->callbacks->len, ==, 1);
  g_assert_cmpuint (callbacks_on_disk (fixture), ==, 1);

  /* Outcomes: no answer, then an appointment given; each attempt kept. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "callback-outcome",
                                  g_variant_new ("(ss)", id, "no-answer"));
  wanted_status = GCH_CALLBACK_STATUS_NO_ANSWER;
  g_assert_true (gch_test_app_wait_until (fixture, first_callback_in_wanted_status));
  g_assert_true (gch_test_app_wait_for_text (fixture, gch_callback_status_to_label (wanted_status)));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "callback-outcome",
                                  g_variant_new ("(ss)", id, "appointment"));
  wanted_status = GCH_CALLBACK_STATUS_APPOINTMENT;
  g_assert_true (gch_test_app_wait_until (fixture, first_callback_in_wanted_status));
  g_assert_cmpuint (gch_callback_get_attempts (g_ptr_array_index (day->callbacks, 0)), ==, 2);
  g_assert_true (gch_test_app_wait_for_text (fixture, gch_callback_status_to_label (wanted_status)));

  /* A call-back another agent took: this agent does not read its number. */
  {
    g_autoptr(GchChange) change = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *shown = NULL;

    change = gch_station_run (gch_test_app_get_station (fixture),
                              &(GchRequest) { .action = GCH_ACTION_TAKE_CALLBACK,
                                              .service = "titres", .phone = "01 98 76 54 32",
                                              .agent = "c.martin" },
                              &local);
    g_assert_no_error (local);
    wanted_callbacks = 2;
    g_assert_true (gch_test_app_wait_until (fixture, callbacks_reached));
    expected = g_strdup (_("Number hidden: only the agent who took it, supervisors and the "
                           "quality referent see it"));
    g_assert_true (gch_test_app_wait_for_text (fixture, expected));
    shown = gch_test_app_screen_text (fixture);
    g_assert_null (strstr (shown, "01 98 76 54 32"));
    /* Its own, still readable. */
    g_assert_nonnull (strstr (shown, "06 12 34 56 78"));
  }

  /* The list in view, for the user guide. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    gch_test_app_find_widgets (GTK_WIDGET (fixture->window), ADW_TYPE_ACTION_ROW, rows);
    for (guint i = 0; i < rows->len; i++)
      if (strstr (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), "Mme Durand"))
        gtk_widget_grab_focus (g_ptr_array_index (rows, i));
    gch_test_app_screenshot ("callbacks");
  }
}

static void
test_callbacks (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " RECEPTION, check_callbacks);
}

static void
test_rating (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " SUPERVISOR, check_rating);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/callbacks/take", test_callbacks);
  g_test_add_func ("/callbacks/rating", test_rating);

  return g_test_run ();
}
