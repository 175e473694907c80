/* test-supervisor.c: the supervisor's view of the hall, driven as a supervisor does
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

#include "gch-application-private.h"
#include "gch-format.h"
#include "gch-supervisor-page.h"
#include "gch-test-app.h"

/* Each test runs the demo day in French, as François Roux (the demo's
 * supervisor) or Marie Lemaire (its reception agent), and reads the
 * supervisor's page as a person reads it: rows, labels and buttons.
 */

#define SUPERVISOR "--demo --agent f.roux"
#define NOT_SUPERVISOR "--demo --agent m.lemaire"

static GtkWidget *
find_page (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->toplevel), GCH_TYPE_SUPERVISOR_PAGE, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
page_shown (GchTestApp *fixture)
{
  return find_page (fixture) != NULL;
}

static gboolean
supervision_in_switcher (GchTestApp *fixture)
{
  g_autofree char *shown = gch_test_app_screen_text (fixture);

  return gch_test_app_day_loaded (fixture) && strstr (shown, "Supervision") != NULL;
}

/* The row whose title is @title, among the page's shown rows. */
static GtkWidget *
find_row (GchTestApp *fixture,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *page = find_page (fixture);

  if (page == NULL)
    return NULL;

  gch_test_app_find_widgets (page, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
}

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static char *
row_text (GtkWidget *row)
{
  GString *text = g_string_new (NULL);

  collect_labels (row, text);
  return g_string_free (text, FALSE);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gch_test_app_find_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), action) == 0)
      return g_ptr_array_index (buttons, i);

  return NULL;
}

static void
show_supervision (GchTestApp *fixture)
{
  g_assert_true (gch_test_app_wait_until (fixture, supervision_in_switcher));
  /* What Ctrl+3 does. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "supervisor");
  g_assert_true (gch_test_app_wait_until (fixture, page_shown));
}

/* Every guichet of the demo has its row, with its state and its ticket. */
static void
check_hall (GchTestApp *fixture)
{
  GchDay *day;
  guint shown = 0;

  show_supervision (fixture);
  day = gch_test_app_get_day (fixture);
  g_assert_cmpuint (day->guichets->len, ==, 8);

  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, i);
      GchQueueEntry *current = gch_day_current_for_guichet (day, gch_guichet_get_number (guichet));
      GtkWidget *row = find_row (fixture, gch_guichet_get_label (guichet));
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_nonnull (row);
      text = row_text (row);
      lines = g_strsplit (text, "\n", -1);
      g_assert_true (g_strv_contains ((const char * const *) lines,
                                      gch_guichet_state_to_label (gch_guichet_get_state (guichet))));
      if (current != NULL)
        g_assert_nonnull (strstr (text, gch_queue_entry_get_ticket (current)));
      shown++;
    }
  g_assert_cmpuint (shown, ==, 8);

  /* The states are the French ones. */
  g_assert_cmpstr (gch_guichet_state_to_label (GCH_GUICHET_STATE_CLOSED), ==, "Fermé");

  /* Each service has its row too. */
  for (guint i = 0; i < day->services->len; i++)
    g_assert_nonnull (find_row (fixture,
                                gch_service_get_name (g_ptr_array_index (day->services, i))));

  /* The site's figures now: the people served so far, as the day counts
   * them, and their average wait.
   */
  {
    GtkWidget *served_row = find_row (fixture, g_dgettext (GETTEXT_PACKAGE, "Served today"));
    GtkWidget *wait_row = find_row (fixture, g_dgettext (GETTEXT_PACKAGE, "Average wait today"));
    g_autofree char *served_text = NULL;
    g_autofree char *wait_text = NULL;
    g_autofree char *served = NULL;
    guint done = 0;

    g_assert_nonnull (served_row);
    g_assert_nonnull (wait_row);
    for (guint i = 0; i < day->entries->len; i++)
      if (gch_queue_entry_get_state (g_ptr_array_index (day->entries, i)) == GCH_ENTRY_STATE_DONE)
        done++;
    served = g_strdup_printf ("\n%u\n", done);
    served_text = row_text (served_row);
    wait_text = row_text (wait_row);
    g_test_message ("served today: %u; %s", done, wait_text);
    g_assert_nonnull (strstr (served_text, served));
    {
      /* The mean the figures give (tests/test-figures checks them), as the page writes waits. */
      g_autoptr(GchFigures) figures = gch_figures_new_for_day (day, 30);
      g_autofree char *mean =
        gch_format_wait ((gint64) (gch_figures_line_get_mean_wait (&figures->total) * 60));

      g_assert_nonnull (strstr (wait_text, mean));
    }
  }
}

static void
test_hall (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run (SUPERVISOR, check_hall);
}

static guint chosen;
static GchGuichetState wanted_state;

static gboolean
chosen_in_wanted_state (GchTestApp *fixture)
{
  GchGuichet *guichet = gch_day_find_guichet (gch_test_app_get_day (fixture), chosen);

  return gch_guichet_get_state (guichet) == wanted_state;
}

/* The row of the suggestion to open the chosen guichet, if it is shown. */
static GtkWidget *
suggestion_row (GchTestApp *fixture)
{
  GchStation *station = gch_application_get_station (fixture->app);
  g_autoptr(GPtrArray) suggestions =
    gch_suggest_rebalancing (gch_test_app_get_day (fixture), gch_station_get_settings (station),
                             gch_clock_now (gch_station_get_clock (station)));

  for (guint i = 0; i < suggestions->len; i++)
    {
      GchSuggestion *suggestion = g_ptr_array_index (suggestions, i);
      g_autofree char *text = NULL;

      if (suggestion->guichet != chosen)
        continue;

      text = gch_suggestion_describe (suggestion, gch_test_app_get_day (fixture));
      return find_row (fixture, text);
    }

  return NULL;
}

static gboolean
suggestion_shown (GchTestApp *fixture)
{
  return suggestion_row (fixture) != NULL;
}

static gboolean
no_suggestion_for_chosen (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *number = g_strdup_printf (" %u ", chosen);

  gch_test_app_find_widgets (find_page (fixture), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));

      if (strstr (title, "→") != NULL && strstr (title, number) != NULL)
        return FALSE;
    }

  return TRUE;
}

/* Whether each of @guichet's services has another open guichet. */
static gboolean
shares_its_services (GchDay     *day,
                     GchGuichet *guichet)
{
  const char * const *codes = gch_guichet_get_services (guichet);

  for (guint j = 0; codes != NULL && codes[j] != NULL; j++)
    {
      gboolean served = FALSE;

      for (guint i = 0; i < day->guichets->len && !served; i++)
        {
          GchGuichet *other = g_ptr_array_index (day->guichets, i);

          served = other != guichet && gch_guichet_get_state (other) == GCH_GUICHET_STATE_OPEN &&
                   gch_guichet_handles (other, codes[j]);
        }
      if (!served)
        return FALSE;
    }

  return codes != NULL;
}

/* The open guichet with the longest queue whose services other guichets
 * still serve: closing it leaves a wait that opening it again shortens,
 * the “X → Y min” kind of suggestion.
 */
static guint
busiest_open_guichet (GchTestApp *fixture)
{
  GchStation *station = gch_application_get_station (fixture->app);
  GchDay *day = gch_test_app_get_day (fixture);
  g_autoptr(GchQueuePlan) plan =
    gch_policy_plan (day, gch_station_get_settings (station),
                     gch_clock_now (gch_station_get_clock (station)));
  guint best = 0, best_len = 0;

  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, i);
      g_autoptr(GPtrArray) queue = gch_queue_plan_for_guichet (plan, gch_guichet_get_number (guichet));

      if (gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_OPEN && queue->len > best_len &&
          shares_its_services (day, guichet))
        {
          best = gch_guichet_get_number (guichet);
          best_len = queue->len;
        }
    }

  return best;
}

/* A guichet closes only once free: its agent serves the person at it to
 * the end, as that guichet's own station would.
 */
static void
free_guichet (GchTestApp *fixture,
              guint       number)
{
  GchStation *station = gch_application_get_station (fixture->app);
  GchQueueEntry *current;

  while ((current = gch_day_current_for_guichet (gch_test_app_get_day (fixture), number)) != NULL)
    {
      GchRequest request = { 0 };
      g_autoptr(GchChange) change = NULL;
      g_autoptr(GError) error = NULL;

      request.guichet = number;
      request.action = gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED
                       ? GCH_ACTION_START_SERVICE : GCH_ACTION_FINISH_SERVICE;
      change = gch_station_run (station, &request, &error);
      g_assert_no_error (error);
    }
  gch_test_app_iterate ();
}

static void
check_close_and_reopen (GchTestApp *fixture)
{
  GchGuichet *guichet;
  GtkWidget *row, *button, *suggestion;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;

  show_supervision (fixture);
  chosen = busiest_open_guichet (fixture);
  g_assert_cmpuint (chosen, >, 0);
  g_test_message ("closing guichet %u", chosen);
  free_guichet (fixture, chosen);
  guichet = gch_day_find_guichet (gch_test_app_get_day (fixture), chosen);
  row = find_row (fixture, gch_guichet_get_label (guichet));
  g_assert_nonnull (row);
  before = row_text (row);
  g_assert_nonnull (strstr (before, "Ouvert"));
  g_assert_true (no_suggestion_for_chosen (fixture));

  /* One click on the row's Close button. */
  button = find_button (row, "app.close-guichet-number");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wanted_state = GCH_GUICHET_STATE_CLOSED;
  g_assert_true (gch_test_app_wait_until (fixture, chosen_in_wanted_state));
  g_assert_true (gch_test_app_wait_until (fixture, suggestion_shown));

  /* The same row, changed in place. */
  g_assert_true (find_row (fixture, gch_guichet_get_label (guichet)) == row);
  after = row_text (row);
  g_assert_nonnull (strstr (after, "Fermé"));
  g_assert_null (strstr (after, "Ouvert"));
  g_assert_false (gtk_widget_get_sensitive (find_button (row, "app.close-guichet-number")));
  g_assert_true (gtk_widget_get_sensitive (find_button (row, "app.open-guichet-number")));
  g_assert_false (gtk_widget_get_sensitive (find_button (row, "app.pause-guichet-number")));

  /* The suggestion says what opening it again would do, in minutes. */
  suggestion = suggestion_row (fixture);
  text = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (suggestion)));
  g_test_message ("suggestion: %s", text);
  g_assert_nonnull (strstr (text, "→"));
  g_assert_nonnull (strstr (text, "min"));

  /* Its Open button opens the guichet, and the suggestion goes. */
  button = find_button (suggestion, "app.open-guichet-number");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wanted_state = GCH_GUICHET_STATE_OPEN;
  g_assert_true (gch_test_app_wait_until (fixture, chosen_in_wanted_state));
  g_assert_true (gch_test_app_wait_until (fixture, no_suggestion_for_chosen));
  g_assert_true (find_row (fixture, gch_guichet_get_label (guichet)) == row);
  g_free (after);
  after = row_text (row);
  g_assert_nonnull (strstr (after, "Ouvert"));
}

static void
test_close_and_reopen (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run (SUPERVISOR, check_close_and_reopen);
}

/* The first waiting person of @service the policy does not already place
 * at @avoid, with the open guichet handling the service they could move to.
 */
static GchQueueEntry *moved;
static guint move_to;

static gboolean
moved_to_target (GchTestApp *fixture)
{
  return gch_queue_entry_get_guichet (moved) == move_to;
}

static gboolean
moved_priority_elderly (GchTestApp *fixture)
{
  return gch_queue_entry_get_priority (moved) == GCH_PRIORITY_ELDERLY;
}

static void
choose_person_to_move (GchTestApp *fixture)
{
  GchDay *day = gch_test_app_get_day (fixture);

  moved = NULL;
  move_to = 0;
  for (guint i = day->entries->len; i-- > 0 && moved == NULL;)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);
      const char *code = gch_service_get_code (gch_queue_entry_get_service (entry));

      if (gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_WAITING ||
          gch_queue_entry_get_priority (entry) != GCH_PRIORITY_NONE ||
          !g_str_equal (code, "titres"))
        continue;

      for (guint g = 0; g < day->guichets->len; g++)
        {
          GchGuichet *guichet = g_ptr_array_index (day->guichets, g);

          if (gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_OPEN &&
              gch_guichet_handles (guichet, code) &&
              gch_guichet_get_number (guichet) != gch_queue_entry_get_guichet (entry))
            {
              moved = entry;
              move_to = gch_guichet_get_number (guichet);
              break;
            }
        }
    }
  g_assert_nonnull (moved);
}

/* What a drop does: the row's drop target takes the ticket. */
static gboolean
drop_ticket (GtkWidget  *row,
             const char *ticket)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean taken = FALSE;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, ticket);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 1.0, 1.0, &taken);
          return taken;
        }
    }
  g_assert_not_reached ();
}

/* The item of @menu (sections included) acting with @action on @target. */
static gboolean
menu_has (GMenuModel *menu,
          const char *action,
          GVariant   *target)
{
  g_autoptr(GVariant) wanted = g_variant_ref_sink (target);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *name = NULL;
      g_autoptr(GVariant) item_target = NULL;

      if (section != NULL && menu_has (section, action, g_variant_ref (wanted)))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action) &&
          (item_target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                NULL)) != NULL &&
          g_variant_equal (item_target, wanted))
        return TRUE;
    }

  return FALSE;
}

/* Drag a person waiting onto a guichet; onto a closed one; their menu. */
static void
check_move_waiting (GchTestApp *fixture)
{
  GtkWidget *row, *target_row, *button, *other_service;
  GchGuichet *target;
  GMenuModel *menu;
  const char *ticket;
  guint closed;

  show_supervision (fixture);
  choose_person_to_move (fixture);
  ticket = gch_queue_entry_get_ticket (moved);
  g_test_message ("moving %s to guichet %u", ticket, move_to);
  row = find_row (fixture, ticket);
  g_assert_nonnull (row);

  target = gch_day_find_guichet (gch_test_app_get_day (fixture), move_to);
  target_row = find_row (fixture, gch_guichet_get_label (target));
  g_assert_true (drop_ticket (target_row, ticket));
  g_assert_true (gch_test_app_wait_until (fixture, moved_to_target));
  /* The same row, which now says that guichet. */
  g_assert_true (find_row (fixture, ticket) == row);
  {
    g_autofree char *text = row_text (row);
    g_autofree char *guichet = g_strdup_printf (" %u ", move_to);

    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, guichet));
  }

  /* Onto a closed guichet: the reason, and nothing moves. */
  closed = 0;
  for (guint g = 0; g < gch_test_app_get_day (fixture)->guichets->len && closed == 0; g++)
    {
      GchGuichet *guichet = g_ptr_array_index (gch_test_app_get_day (fixture)->guichets, g);

      if (gch_guichet_get_number (guichet) != move_to && gch_guichet_handles (guichet, "titres"))
        closed = gch_guichet_get_number (guichet);
    }
  free_guichet (fixture, closed);
  chosen = closed;
  wanted_state = GCH_GUICHET_STATE_CLOSED;
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "close-guichet-number",
                                  g_variant_new_uint32 (closed));
  g_assert_true (gch_test_app_wait_until (fixture, chosen_in_wanted_state));
  drop_ticket (find_row (fixture, gch_guichet_get_label (gch_day_find_guichet (gch_test_app_get_day (fixture),
                                                                                  closed))),
               ticket);
  {
    g_autofree char *closed_label =
      g_utf8_strdown (gch_guichet_state_to_label (GCH_GUICHET_STATE_CLOSED), -1);
    g_autofree char *said =
      g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Guichet %u is %s: open it before moving %s to it."),
                       closed, closed_label, ticket);

    g_assert_true (gch_test_app_wait_for_text (fixture, said));
  }
  g_assert_cmpuint (gch_queue_entry_get_guichet (moved), ==, move_to);

  /* Another service's row does not take them. */
  other_service = find_row (fixture, gch_service_get_name (gch_day_find_service (gch_test_app_get_day (fixture),
                                                                                  "permis")));
  g_assert_false (drop_ticket (other_service, ticket));

  /* Their menu: back to the service's queue, and the priorities. */
  button = NULL;
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

    gch_test_app_find_widgets (row, GTK_TYPE_MENU_BUTTON, buttons);
    g_assert_cmpuint (buttons->len, ==, 1);
    button = g_ptr_array_index (buttons, 0);
  }
  /* As Tab would: the list scrolls to the person, whose menu opens on screen. */
  gtk_widget_grab_focus (button);
  gch_test_app_iterate ();
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  gch_test_app_iterate ();
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  g_assert_true (menu_has (menu, "app.assign", g_variant_new ("(su)", ticket, 0)));
  g_assert_false (menu_has (menu, "app.assign", g_variant_new ("(su)", ticket, closed)));
  g_assert_true (menu_has (menu, "app.set-priority", g_variant_new ("(ss)", ticket, "elderly")));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "set-priority",
                                  g_variant_new ("(ss)", ticket, "elderly"));
  g_assert_true (gch_test_app_wait_until (fixture, moved_priority_elderly));
  {
    g_autofree char *text = row_text (row);

    g_assert_nonnull (strstr (text, gch_priority_to_label (GCH_PRIORITY_ELDERLY)));
  }
}

static void
test_move_waiting (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run (SUPERVISOR, check_move_waiting);
}

/* An agent who is not a supervisor has no such page, even with Ctrl+3,
 * and the action refuses.
 */
static void
check_not_supervisor (GchTestApp *fixture)
{
  GchGuichet *guichet;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  g_assert_true (gch_test_app_wait_for_text (fixture, "Accueil"));
  g_assert_false (supervision_in_switcher (fixture));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "supervisor");
  gch_test_app_iterate ();
  g_assert_null (find_page (fixture));
  g_assert_false (gch_application_is_supervisor (fixture->app));

  guichet = g_ptr_array_index (gch_test_app_get_day (fixture)->guichets, 0);
  g_assert_cmpint (gch_guichet_get_state (guichet), ==, GCH_GUICHET_STATE_OPEN);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "close-guichet-number",
                                  g_variant_new_uint32 (1));
  /* The refusal, in whatever language the catalogue has it. */
  g_assert_true (gch_test_app_wait_for_text (
    fixture, g_dgettext (GETTEXT_PACKAGE, "Only a supervisor can change another guichet.")));
  g_assert_cmpint (gch_guichet_get_state (guichet), ==, GCH_GUICHET_STATE_OPEN);
}

static void
test_not_supervisor (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run (NOT_SUPERVISOR, check_not_supervisor);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/supervisor/hall", test_hall);
  g_test_add_func ("/supervisor/close-and-reopen", test_close_and_reopen);
  g_test_add_func ("/supervisor/move-waiting", test_move_waiting);
  g_test_add_func ("/supervisor/not-a-supervisor", test_not_supervisor);

  return g_test_run ();
}
