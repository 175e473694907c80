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

#include "gch-enums.h"
#include "gch-format.h"
#include "gch-supervisor-page.h"

/* The supervisor's view of the hall: what would shorten the waits, with a
 * button that does it; every guichet with its state, agent, the person at
 * it and its queue; every service with its wait; every person waiting, in
 * the order the policy will call them, who can be dragged onto a guichet
 * (or moved from their row's menu). Rows are made once per guichet, service
 * and person, and their labels change in place, so that a change elsewhere
 * never moves the keyboard focus.
 */
struct _GchSupervisorPage
{
  AdwBin             parent_instance;

  GchStation        *station;
  GPtrArray         *guichet_rows;    /* AdwActionRow, by guichet */
  GPtrArray         *service_rows;    /* AdwActionRow, by service */
  GPtrArray         *suggestion_rows; /* AdwActionRow, in order */
  GPtrArray         *alert_rows;      /* AdwActionRow, in order */
  GHashTable        *waiting_rows;    /* GchQueueEntry → AdwActionRow */

  /* Template Widgets */
  AdwActionRow      *mode_row;
  GtkLabel          *served_label;
  GtkLabel          *average_wait_label;
  AdwPreferencesGroup *alerts_group;
  GtkListBox        *alerts_list;
  AdwActionRow      *mode_suggestion_row;
  GtkButton         *mode_suggestion_button;
  AdwPreferencesGroup *suggestions_group;
  GtkListBox        *suggestions_list;
  GtkListBox        *guichets_list;
  GtkListBox        *services_list;
  AdwPreferencesGroup *waiting_group;
  GtkListBox        *waiting_list;
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

/* Dropped on a guichet: into that guichet's own queue. The action says
 * why when it cannot (a closed guichet, one that does not handle the
 * service), and changes nothing then.
 */
static gboolean
on_guichet_drop_cb (GtkDropTarget *target,
                    const GValue  *value,
                    double         x,
                    double         y,
                    gpointer       user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  GchGuichet *guichet = g_object_get_data (G_OBJECT (row), "guichet");

  return gtk_widget_activate_action (row, "app.assign", "(su)", g_value_get_string (value),
                                     gch_guichet_get_number (guichet));
}

/* Dropped on their own service: back to the service's queue, for any of
 * its guichets. Another service is a transfer, which the desk does.
 */
static gboolean
on_service_drop_cb (GtkDropTarget     *target,
                    const GValue      *value,
                    double             x,
                    double             y,
                    GchSupervisorPage *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  GchService *service = g_object_get_data (G_OBJECT (row), "service");
  const char *ticket = g_value_get_string (value);
  GchQueueEntry *entry = gch_station_find_ticket (self->station, ticket);

  if (entry == NULL || gch_queue_entry_get_service (entry) != service)
    return FALSE;

  return gtk_widget_activate_action (row, "app.assign", "(su)", ticket, 0);
}

static void
add_drop_target (GtkWidget *row,
                 GCallback  callback,
                 gpointer   user_data)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

  g_signal_connect (target, "drop", callback, user_data);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
}

static GtkWidget *
make_edit_button (const char *action,
                  GVariant   *target,
                  char       *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-edit-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
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
      /* Translators: %u is a guichet's number, for a screen reader */
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 make_edit_button ("app.edit-guichet",
                                                   g_variant_new_uint32 (number),
                                                   g_strdup_printf (_("Services and agent of guichet %u"),
                                                                    number)));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gch_guichet_get_label (guichet));
      g_object_set_data (G_OBJECT (row), "state", state);
      g_object_set_data (G_OBJECT (row), "buttons", buttons);
      g_object_set_data_full (G_OBJECT (row), "guichet", g_object_ref (guichet), g_object_unref);
      add_drop_target (row, G_CALLBACK (on_guichet_drop_cb), self);
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
      /* Translators: %s is a service's name, for a screen reader */
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 make_edit_button ("app.edit-thresholds",
                                                   g_variant_new_string (gch_service_get_code (service)),
                                                   g_strdup_printf (_("Alert thresholds of %s"),
                                                                    gch_service_get_name (service))));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gch_service_get_name (service));
      g_object_set_data_full (G_OBJECT (row), "service", g_object_ref (service), g_object_unref);
      add_drop_target (row, G_CALLBACK (on_service_drop_cb), self);
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

  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_group),
                          suggestions->len > 0 ||
                          gtk_widget_get_visible (GTK_WIDGET (self->mode_suggestion_row)));
}

/* The mode, what it does now, and today's two figures. */
static void
update_site (GchSupervisorPage *self,
             GchDay            *day)
{
  GchSiteMode mode = gch_site_get_mode (day->site);
  const char *message = gch_mode_get_message (mode);
  g_autoptr(GchFigures) figures = gch_figures_new_for_day (day, 30);
  g_autofree char *served = g_strdup_printf ("%u", figures->total.served);
  g_autofree char *average = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->mode_row),
                                 gch_site_mode_to_label (mode));
  adw_action_row_set_subtitle (self->mode_row, message != NULL ? message
                               /* Translators: the normal mode's effect */
                               : _("Walk-ins up to each service’s daily cap."));

  gtk_label_set_label (self->served_label, served);
  if (figures->total.called > 0 && gch_figures_line_get_mean_wait (&figures->total) < 1)
    /* Translators: the average wait today is under a minute */
    average = g_strdup (_("under a minute"));
  else if (figures->total.called > 0)
    average = gch_format_wait ((gint64) (gch_figures_line_get_mean_wait (&figures->total) * 60));
  else
    /* Translators: no average wait yet: nobody has been called today */
    average = g_strdup (_("nobody called yet"));
  gtk_label_set_label (self->average_wait_label, average);
}

/* The thresholds crossed now, each with its sentence, and the mode the
 * policy suggests with its reason, confirmed in one click.
 */
static void
update_alerts (GchSupervisorPage       *self,
               GchDay                  *day,
               const GchPolicySettings *settings,
               gint64                   now)
{
  g_autoptr(GPtrArray) alerts = gch_check_thresholds (day, settings, now);
  g_autofree char *reason = NULL;
  GchSiteMode current = gch_site_get_mode (day->site);
  GchSiteMode suggested = gch_suggest_mode (day, settings, now, &reason);

  while (self->alert_rows->len > alerts->len)
    gtk_list_box_remove (self->alerts_list,
                         g_ptr_array_steal_index (self->alert_rows, self->alert_rows->len - 1));

  for (guint i = 0; i < alerts->len; i++)
    {
      GchAlert *alert = g_ptr_array_index (alerts, i);
      g_autofree char *text = gch_alert_describe (alert, day);
      GtkWidget *row;

      if (i == self->alert_rows->len)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          row = adw_action_row_new ();
          gtk_widget_add_css_class (icon, "warning");
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          gtk_list_box_append (self->alerts_list, row);
          g_ptr_array_add (self->alert_rows, row);
        }
      row = g_ptr_array_index (self->alert_rows, i);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_group), alerts->len > 0);

  if (suggested != current && reason != NULL)
    {
      g_autofree char *title = NULL;

      /* Translators: %s is a mode: “Affluence” */
      title = g_strdup_printf (_("Switch to %s mode"), gch_site_mode_to_label (suggested));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->mode_suggestion_row), title);
      adw_action_row_set_subtitle (self->mode_suggestion_row, reason);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->mode_suggestion_button), "s",
                                        gch_enum_to_nick (GCH_TYPE_SITE_MODE, suggested));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->mode_suggestion_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->mode_suggestion_row),
                          suggested != current && reason != NULL);
}

/* Dragging a person carries their ticket. */
static GdkContentProvider *
on_waiting_drag_prepare_cb (GtkDragSource *source,
                            double         x,
                            double         y,
                            AdwActionRow  *row)
{
  GchQueueEntry *entry = g_object_get_data (G_OBJECT (row), "entry");

  return gdk_content_provider_new_typed (G_TYPE_STRING, gch_queue_entry_get_ticket (entry));
}

static void
on_waiting_drag_begin_cb (GtkDragSource *source,
                          GdkDrag       *drag,
                          AdwActionRow  *row)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (GTK_WIDGET (row));

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

/* The menu of a person waiting is made when it opens, from the hall as it
 * is then: the open guichets that can take them, and the priorities.
 */
static void
fill_waiting_menu (GtkMenuButton *button,
                   gpointer       user_data)
{
  GchSupervisorPage *self = GCH_SUPERVISOR_PAGE (user_data);
  GchQueueEntry *entry = g_object_get_data (G_OBJECT (button), "entry");
  GchDay *day = gch_station_get_day (self->station);
  GchService *service = gch_queue_entry_get_service (entry);
  const char *ticket = gch_queue_entry_get_ticket (entry);
  guint assigned = gch_queue_entry_get_guichet (entry);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) moves = g_menu_new ();
  g_autoptr(GMenu) priorities = g_menu_new ();

  for (guint i = 0; day != NULL && i < day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, i);
      guint number = gch_guichet_get_number (guichet);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      if (number == assigned || gch_guichet_get_state (guichet) != GCH_GUICHET_STATE_OPEN ||
          !gch_guichet_handles (guichet, gch_service_get_code (service)))
        continue;

      /* Translators: a menu item moving a person waiting; %s is a guichet's label */
      label = g_strdup_printf (_("To %s"), gch_guichet_get_label (guichet));
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "app.assign", "(su)", ticket, number);
      g_menu_append_item (moves, item);
    }
  if (assigned != 0)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      /* Translators: a menu item; %s is a service's name */
      label = g_strdup_printf (_("Back to the %s queue"), gch_service_get_name (service));
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "app.assign", "(su)", ticket, 0);
      g_menu_append_item (moves, item);
    }

  for (GchPriority p = GCH_PRIORITY_NONE; p <= GCH_PRIORITY_CMI; p++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (p == gch_queue_entry_get_priority (entry))
        continue;
      item = g_menu_item_new (gch_priority_to_label (p), NULL);
      g_menu_item_set_action_and_target (item, "app.set-priority", "(ss)", ticket,
                                         gch_enum_to_nick (GCH_TYPE_PRIORITY, p));
      g_menu_append_item (priorities, item);
    }

  /* Translators: a section of a person's menu at the supervision */
  g_menu_append_section (menu, _("Move"), G_MENU_MODEL (moves));
  /* Translators: a section of a person's menu at the supervision */
  g_menu_append_section (menu, _("Priority"), G_MENU_MODEL (priorities));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static AdwActionRow *
make_waiting_row (GchSupervisorPage *self,
                  GchQueueEntry     *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_menu_button_new ();
  GtkDragSource *source = gtk_drag_source_new ();
  g_autofree char *name = NULL;

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a ticket, for a screen reader */
  name = g_strdup_printf (_("Move or change the priority of %s"), gch_queue_entry_get_ticket (entry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "entry", g_object_ref (entry), g_object_unref);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), fill_waiting_menu, self, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  /* Enter on the row opens its menu: moving is a keyboard's job too. */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (on_waiting_drag_prepare_cb), row, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (on_waiting_drag_begin_cb), row, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gch_queue_entry_get_ticket (entry));
  g_object_set_data_full (G_OBJECT (row), "entry", g_object_ref (entry), g_object_unref);

  return ADW_ACTION_ROW (row);
}

static char *
describe_waiting (GchQueueEntry      *entry,
                  const GchPlacement *placement,
                  GTimeZone          *tz,
                  gint64              now)
{
  g_autoptr(GString) text = g_string_new (gch_service_get_name (gch_queue_entry_get_service (entry)));
  gint64 waited_seconds = now - gch_queue_entry_get_arrived_at (entry);
  GchPriority priority = gch_queue_entry_get_priority (entry);

  if (priority != GCH_PRIORITY_NONE)
    g_string_append_printf (text, " · %s", gch_priority_to_label (priority));
  g_string_append (text, " · ");
  if (waited_seconds < 60)
    /* Translators: a person waiting who came less than a minute ago */
    g_string_append (text, _("just arrived"));
  else
    {
      g_autofree char *waited = gch_format_wait (waited_seconds);

      /* Translators: how long a person has waited so far, "12 min" */
      g_string_append_printf (text, _("waited %s"), waited);
    }

  if (placement != NULL && placement->called_at > 0)
    {
      g_autofree char *at = gch_format_time (tz, MAX (placement->called_at, now));

      g_string_append (text, " · ");
      /* Translators: where and when a waiting person should be called: guichet 3, 10:52 */
      g_string_append_printf (text, _("guichet %u at about %s"), placement->guichet, at);
    }
  else
    /* Translators: no open guichet handles this person's service */
    g_string_append_printf (text, " · %s", _("no open guichet for them"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
compare_waiting_rows (GtkListBoxRow *a,
                      GtkListBoxRow *b,
                      gpointer       user_data)
{
  gint64 order_a = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (a), "order"));
  gint64 order_b = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (b), "order"));

  return (order_a > order_b) - (order_a < order_b);
}

/* The people waiting, in the order they should be called; those no open
 * guichet can call come last. A row stays with its person: only people who
 * came or left add or remove one.
 */
static void
update_waiting (GchSupervisorPage *self,
                GchDay            *day,
                GchQueuePlan      *plan,
                gint64             now)
{
  g_autoptr(GTimeZone) tz = gch_site_dup_time_zone (day->site);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint late_order = G_MAXINT / 2;

  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);
      const GchPlacement *placement;
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;
      guint order;

      if (gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_WAITING)
        continue;

      if (!(row = g_hash_table_lookup (self->waiting_rows, entry)))
        {
          row = make_waiting_row (self, entry);
          g_hash_table_insert (self->waiting_rows, entry, row);
          gtk_list_box_append (self->waiting_list, GTK_WIDGET (row));
        }
      g_hash_table_add (seen, entry);

      placement = gch_queue_plan_lookup (plan, entry);
      /* By the time they should be called, to the second, then by arrival. */
      order = placement != NULL && placement->called_at > 0
              ? (guint) CLAMP (placement->called_at - now, 0, G_MAXINT / 4) : late_order + i;
      g_object_set_data (G_OBJECT (row), "order", GSIZE_TO_POINTER (order));
      subtitle = describe_waiting (entry, placement, tz, now);
      adw_action_row_set_subtitle (row, subtitle);
    }

  g_hash_table_iter_init (&iter, self->waiting_rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (seen, key))
      {
        gtk_list_box_remove (self->waiting_list, value);
        g_hash_table_iter_remove (&iter);
      }

  gtk_list_box_invalidate_sort (self->waiting_list);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_group), g_hash_table_size (seen) > 0);
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
  g_clear_pointer (&self->alert_rows, g_ptr_array_unref);
  g_clear_pointer (&self->waiting_rows, g_hash_table_unref);

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
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, mode_row);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, served_label);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, average_wait_label);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, alerts_group);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, alerts_list);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, mode_suggestion_row);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, mode_suggestion_button);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, suggestions_group);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, guichets_list);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, services_list);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, waiting_group);
  gtk_widget_class_bind_template_child (widget_class, GchSupervisorPage, waiting_list);
}

static void
gch_supervisor_page_init (GchSupervisorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->guichet_rows = g_ptr_array_new ();
  self->service_rows = g_ptr_array_new ();
  self->suggestion_rows = g_ptr_array_new ();
  self->alert_rows = g_ptr_array_new ();
  self->waiting_rows = g_hash_table_new (NULL, NULL);
  gtk_list_box_set_sort_func (self->waiting_list, compare_waiting_rows, NULL, NULL);
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

  /* A station not configured yet has a day without a site: nothing to show. */
  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL ||
      day->site == NULL)
    return;

  if (!rows_match (self, day))
    build_rows (self, day);

  settings = gch_station_get_settings (self->station);
  now = gch_clock_now (gch_station_get_clock (self->station));
  plan = gch_policy_plan (day, settings, now);

  update_site (self, day);
  update_alerts (self, day, settings, now);
  update_suggestions (self, day, settings, now);
  for (guint i = 0; i < self->guichet_rows->len; i++)
    update_guichet_row (g_ptr_array_index (self->guichet_rows, i), day, plan, now);
  for (guint i = 0; i < self->service_rows->len; i++)
    update_service_row (g_ptr_array_index (self->service_rows, i), day, settings, now);
  update_waiting (self, day, plan, now);
}
