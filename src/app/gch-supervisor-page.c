/* gch-supervisor-page.c
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

#define G_LOG_DOMAIN "gch-supervisor-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gch-enums.h"
#include "gch-format.h"
#include "gch-supervisor-page.h"

/* The supervisor's view of the hall: what would shorten the waits, with a
 * button that does it; every guichet with its state, agent, the person at
 * it and its queue; every service with its wait. Rows are made once per
 * guichet and service, and their labels change in place, so that a change
 * elsewhere never moves the keyboard focus.
 */
struct _GchSupervisorPage
{
  AdwBin             parent_instance;

  GchStation        *station;
  GPtrArray         *guichet_rows;    /* AdwActionRow, by guichet */
  GPtrArray         *service_rows;    /* AdwActionRow, by service */
  GPtrArray         *suggestion_rows; /* AdwActionRow, in order */

  /* Template Widgets */
  AdwPreferencesGroup *suggestions_group;
  GtkListBox        *suggestions_list;
  GtkListBox        *guichets_list;
  AdwPreferencesGroup *services_group;
  GtkListBox        *services_list;
};

G_DEFINE_FINAL_TYPE (GchSupervisorPage, gch_supervisor_page, ADW_TYPE_BIN)

static void
clear_list (GtkListBox *list,
            GPtrArray  *rows)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
make_state_button (guint       number,
                   const char *label,
                   const char *action,
                   char       *name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (button), "action", (gpointer) action);
  g_free (name);

  return button;
}

static void
build_rows (GchSupervisorPage *self,
            GchDay            *day)
{
  clear_list (self->guichets_list, self->guichet_rows);
  clear_list (self->services_list, self->service_rows);

  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, i);
      guint number = gch_guichet_get_number (guichet);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *state = gtk_label_new (NULL);
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_add_css_class (state, "guichet-state");
      gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (buttons, "linked");
      gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
      /* Translators: %u is a guichet's number, for a screen reader */
      gtk_box_append (GTK_BOX (buttons),
                      make_state_button (number, C_("guichet action", "_Open"),
                                         "app.open-guichet-number",
                                         g_strdup_printf (_("Open guichet %u"), number)));
      gtk_box_append (GTK_BOX (buttons),
                      make_state_button (number, C_("guichet action", "_Pause"),
                                         "app.pause-guichet-number",
                                         g_strdup_printf (_("Pause guichet %u"), number)));
      gtk_box_append (GTK_BOX (buttons),
                      make_state_button (number, C_("guichet action", "_Close"),
                                         "app.close-guichet-number",
                                         g_strdup_printf (_("Close guichet %u"), number)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gch_guichet_get_label (guichet));
      g_object_set_data (G_OBJECT (row), "state", state);
      g_object_set_data (G_OBJECT (row), "buttons", buttons);
      g_object_set_data_full (G_OBJECT (row), "guichet", g_object_ref (guichet), g_object_unref);
      gtk_list_box_append (self->guichets_list, row);
      g_ptr_array_add (self->guichet_rows, row);
    }

  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *prefix = gtk_label_new (gch_service_get_prefix (service));

      gtk_widget_add_css_class (prefix, "service-letter");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gch_service_get_name (service));
      g_object_set_data_full (G_OBJECT (row), "service", g_object_ref (service), g_object_unref);
      gtk_list_box_append (self->services_list, row);
      g_ptr_array_add (self->service_rows, row);
    }
}

/* The rows stand for the day's guichets and services, in order: made again
 * only when the site itself changed.
 */
static gboolean
rows_match (GchSupervisorPage *self,
            GchDay            *day)
{
  if (self->guichet_rows->len != day->guichets->len ||
      self->service_rows->len != day->services->len)
    return FALSE;

  for (guint i = 0; i < day->guichets->len; i++)
    if (g_object_get_data (g_ptr_array_index (self->guichet_rows, i), "guichet") !=
        g_ptr_array_index (day->guichets, i))
      return FALSE;

  for (guint i = 0; i < day->services->len; i++)
    if (g_object_get_data (g_ptr_array_index (self->service_rows, i), "service") !=
        g_ptr_array_index (day->services, i))
      return FALSE;

  return TRUE;
}

static char *
describe_guichet (GchDay       *day,
                  GchGuichet   *guichet,
                  GchQueuePlan *plan,
                  gint64        now)
{
  guint number = gch_guichet_get_number (guichet);
  GchAgent *agent = gch_day_find_agent (day, gch_guichet_get_agent_id (guichet));
  GchQueueEntry *current = gch_day_current_for_guichet (day, number);
  g_autoptr(GPtrArray) queue = gch_queue_plan_for_guichet (plan, number);
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 longest = -1;

  if (agent != NULL)
    g_string_append (text, gch_agent_get_name (agent));
  else
    /* Translators: a guichet nobody sits at */
    g_string_append (text, _("No agent"));

  if (current != NULL)
    {
      g_string_append (text, " · ");
      if (gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED)
        /* Translators: %s is the ticket called at a guichet, A012 */
        g_string_append_printf (text, _("calling %s"), gch_queue_entry_get_ticket (current));
      else
        /* Translators: %s is the ticket served at a guichet, A012 */
        g_string_append_printf (text, _("serving %s"), gch_queue_entry_get_ticket (current));
    }

  for (guint i = 0; i < queue->len; i++)
    longest = MAX (longest, now - gch_queue_entry_get_arrived_at (g_ptr_array_index (queue, i)));

  g_string_append (text, " · ");
  if (queue->len == 0)
    /* Translators: nobody in a guichet's queue */
    g_string_append (text, _("nobody waiting"));
  else
    {
      g_autofree char *wait = gch_format_wait (MAX (longest, 0));

      /* Translators: how many wait for a guichet, then the longest they waited so far */
      g_string_append_printf (text, ngettext ("%u waiting, longest %s", "%u waiting, longest %s",
                                              queue->len),
                              queue->len, wait);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_guichet_row (AdwActionRow *row,
                    GchDay       *day,
                    GchQueuePlan *plan,
                    gint64        now)
{
  GchGuichet *guichet = g_object_get_data (G_OBJECT (row), "guichet");
  GtkWidget *state_label = g_object_get_data (G_OBJECT (row), "state");
  GtkWidget *buttons = g_object_get_data (G_OBJECT (row), "buttons");
  GchGuichetState state = gch_guichet_get_state (guichet);
  g_autofree char *subtitle = describe_guichet (day, guichet, plan, now);
  const char *now_action;

  adw_action_row_set_subtitle (row, subtitle);
  gtk_label_set_label (GTK_LABEL (state_label), gch_guichet_state_to_label (state));
  gtk_widget_remove_css_class (state_label, "open");
  gtk_widget_remove_css_class (state_label, "paused");
  gtk_widget_remove_css_class (state_label, "closed");
  gtk_widget_add_css_class (state_label, gch_enum_to_nick (GCH_TYPE_GUICHET_STATE, state));

  /* The button of the state the guichet is already in does nothing, and a
   * closed guichet opens before it pauses.
   */
  now_action = state == GCH_GUICHET_STATE_OPEN ? "app.open-guichet-number" :
               state == GCH_GUICHET_STATE_PAUSED ? "app.pause-guichet-number" :
               "app.close-guichet-number";
  for (GtkWidget *b = gtk_widget_get_first_child (buttons); b; b = gtk_widget_get_next_sibling (b))
    {
      const char *action = g_object_get_data (G_OBJECT (b), "action");

      gtk_widget_set_sensitive (b, !g_str_equal (action, now_action) &&
                                   !(state == GCH_GUICHET_STATE_CLOSED &&
                                     g_str_equal (action, "app.pause-guichet-number")));
    }
}

static void
update_service_row (AdwActionRow            *row,
                    GchDay                  *day,
                    const GchPolicySettings *settings,
                    gint64                   now)
{
  GchService *service = g_object_get_data (G_OBJECT (row), "service");
  g_autofree char *subtitle = NULL;
  guint waiting = 0;

  for (guint e = 0; e < day->entries->len; e++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, e);

      if (gch_queue_entry_get_service (entry) == service &&
          gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING)
        waiting++;
    }

  if (gch_service_get_accepts_walk_ins (service))
    {
      gint64 wait = gch_policy_estimate_walk_in (day, settings, service, GCH_PRIORITY_NONE, now);
      g_autofree char *wait_text = gch_format_wait (wait);

      /* Translators: how many people wait, then the estimated wait of a newcomer */
      subtitle = g_strdup_printf (ngettext ("%u waiting · wait %s", "%u waiting · wait %s",
                                            waiting),
                                  waiting, wait_text);
    }
  else
    /* Translators: how many people wait for a service by appointment only */
    subtitle = g_strdup_printf (ngettext ("%u waiting · by appointment only",
                                          "%u waiting · by appointment only", waiting),
                                waiting);

  adw_action_row_set_subtitle (row, subtitle);
}

static AdwActionRow *
make_suggestion_row (guint guichet)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (C_("suggestion", "_Open"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  /* The target first: the action takes a guichet number. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", guichet);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.open-guichet-number");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  g_object_set_data (G_OBJECT (row), "button", button);

  return ADW_ACTION_ROW (row);
}

/* The suggestions keep their rows: the first ones are relabelled, the
 * extra ones added or removed.
 */
static void
update_suggestions (GchSupervisorPage       *self,
                    GchDay                  *day,
                    const GchPolicySettings *settings,
                    gint64                   now)
{
  g_autoptr(GPtrArray) suggestions = gch_suggest_rebalancing (day, settings, now);

  while (self->suggestion_rows->len > suggestions->len)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->suggestion_rows,
                                                self->suggestion_rows->len - 1);

      gtk_list_box_remove (self->suggestions_list, row);
    }

  for (guint i = 0; i < suggestions->len; i++)
    {
      GchSuggestion *suggestion = g_ptr_array_index (suggestions, i);
      g_autofree char *text = gch_suggestion_describe (suggestion, day);
      g_autofree char *name = NULL;
      AdwActionRow *row;
      GtkWidget *button;

      if (i == self->suggestion_rows->len)
        {
          row = make_suggestion_row (suggestion->guichet);
          gtk_list_box_append (self->suggestions_list, GTK_WIDGET (row));
          g_ptr_array_add (self->suggestion_rows, row);
        }

      row = g_ptr_array_index (self->suggestion_rows, i);
      button = g_object_get_data (G_OBJECT (row), "button");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", suggestion->guichet);
      /* Translators: %u is a guichet's number, for a screen reader */
      name = g_strdup_printf (_("Open guichet %u"), suggestion->guichet);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_group), suggestions->len > 0);
}

/* The site's figures now: people served today, and their average wait. */
static void
update_today (GchSupervisorPage *self,
              GchDay            *day)
{
  g_autoptr(GchFigures) figures = gch_figures_new_for_day (day, 30);
  double wait = gch_figures_line_get_mean_wait (&figures->total);
  g_autofree char *text = NULL;

  if (isnan (wait))
    /* Translators: people served today, before anybody was called */
    text = g_strdup_printf (ngettext ("Served today: %u.", "Served today: %u.",
                                      figures->total.served),
                            figures->total.served);
  else
    /* Translators: people served today, then the average wait in minutes of the people
     * called so far
     */
    text = g_strdup_printf (ngettext ("Served today: %u · average wait today: %.0f min.",
                                      "Served today: %u · average wait today: %.0f min.",
                                      figures->total.served),
                            figures->total.served, wait);

  if (g_strcmp0 (adw_preferences_group_get_description (self->services_group), text) != 0)
    adw_preferences_group_set_description (self->services_group, text);
}

static void
gch_supervisor_page_dispose (GObject *object)
{
  GchSupervisorPage *self = (GchSupervisorPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_SUPERVISOR_PAGE);
  g_clear_object (&self->station);
  g_clear_pointer (&self->guichet_rows, g_ptr_array_unref);
  g_clear_pointer (&self->service_rows, g_ptr_array_unref);
  g_clear_pointer (&self->suggestion_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (gch_supervisor_page_parent_class)->dispose (object);
}

static void
gch_supervisor_page_class_init (GchSupervisorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_supervisor_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-supervisor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, suggestions_group);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, guichets_list);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, services_group);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, services_list);
}

static void
gch_supervisor_page_init (GchSupervisorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->guichet_rows = g_ptr_array_new ();
  self->service_rows = g_ptr_array_new ();
  self->suggestion_rows = g_ptr_array_new ();
}

/**
 * gch_supervisor_page_set_station:
 *
 * Shows the hall of @station's day.
 */
void
gch_supervisor_page_set_station (GchSupervisorPage *self,
                                 GchStation        *station)
{
  g_return_if_fail (GCH_IS_SUPERVISOR_PAGE (self));
  g_return_if_fail (GCH_IS_STATION (station));

  g_set_object (&self->station, station);
  gch_supervisor_page_refresh (self);
}

/**
 * gch_supervisor_page_refresh:
 *
 * Brings the page up to date with the station's day, in place.
 */
void
gch_supervisor_page_refresh (GchSupervisorPage *self)
{
  g_autoptr(GchQueuePlan) plan = NULL;
  const GchPolicySettings *settings;
  GchDay *day;
  gint64 now;

  g_return_if_fail (GCH_IS_SUPERVISOR_PAGE (self));

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL)
    return;

  if (!rows_match (self, day))
    build_rows (self, day);

  settings = gch_station_get_settings (self->station);
  now = gch_clock_now (gch_station_get_clock (self->station));
  plan = gch_policy_plan (day, settings, now);

  update_suggestions (self, day, settings, now);
  for (guint i = 0; i < self->guichet_rows->len; i++)
    update_guichet_row (g_ptr_array_index (self->guichet_rows, i), day, plan, now);
  for (guint i = 0; i < self->service_rows->len; i++)
    update_service_row (g_ptr_array_index (self->service_rows, i), day, settings, now);
  update_today (self, day);
}
