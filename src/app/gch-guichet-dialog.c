/* gch-guichet-dialog.c
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

#define G_LOG_DOMAIN "gch-guichet-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-guichet-dialog.h"

/* A guichet as a supervisor sets it up: the services it handles, a check
 * row each, and the agent seated there, or nobody. Save sends what
 * changed through the station, the services first, then the seat, each
 * an action that syncs like any other. A refusal shows here, and the
 * dialog stays open with what the supervisor chose.
 */
struct _GchGuichetDialog
{
  AdwWindow             parent_instance;

  /* Template Widgets */
  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *services_group;
  AdwComboRow          *agent_row;
  GtkButton            *save_button;
  GtkLabel             *error_label;

  GchStation           *station;
  guint                 guichet;
  GPtrArray            *checks;     /* GtkCheckButton, in the site's order of services */
  GPtrArray            *codes;      /* the services' codes, the same order */
  GPtrArray            *agents;     /* the agents' ids, after "Nobody" */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (GchGuichetDialog, gch_guichet_dialog, ADW_TYPE_WINDOW)

static void
show_error (GchGuichetDialog *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/**
 * gch_guichet_dialog_get_error:
 *
 * Returns: the refusal shown, or "" when none
 */
const char *
gch_guichet_dialog_get_error (GchGuichetDialog *self)
{
  g_return_val_if_fail (GCH_IS_GUICHET_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_label (self->error_label) : "";
}

static GchGuichet *
find_guichet (GchGuichetDialog *self)
{
  GchDay *day = gch_station_get_day (self->station);

  return day != NULL ? gch_day_find_guichet (day, self->guichet) : NULL;
}

/* The services ticked, in the site's order. */
static GStrv
chosen_services (GchGuichetDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_strv_builder_add (builder, g_ptr_array_index (self->codes, i));

  return g_strv_builder_end (builder);
}

static const char *
chosen_agent (GchGuichetDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->agent_row);

  return selected > 0 && selected <= self->agents->len
         ? g_ptr_array_index (self->agents, selected - 1) : NULL;
}

static void save_next (GchGuichetDialog *self);

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GchGuichetDialog) self = user_data;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;

  change = gch_station_submit_finish (GCH_STATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (change == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      show_error (self, error->message);
      return;
    }

  save_next (self);
}

/* One step at a time, each from the guichet as the last one left it: the
 * services, then the seat, then the dialog closes.
 */
static void
save_next (GchGuichetDialog *self)
{
  GchGuichet *guichet = find_guichet (self);
  g_auto(GStrv) services = chosen_services (self);
  const char *agent = chosen_agent (self);
  GchRequest request = { 0 };

  if (guichet == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      show_error (self, _("This guichet is no longer in the site’s day."));
      return;
    }

  request.target_guichet = self->guichet;
  if (!g_strv_equal (gch_guichet_get_services (guichet), (const char * const *) services))
    {
      request.action = GCH_ACTION_SET_GUICHET_SERVICES;
      request.services = (const char **) services;
    }
  else if (g_strcmp0 (gch_guichet_get_agent_id (guichet), agent) != 0)
    {
      request.action = GCH_ACTION_SEAT_AGENT;
      request.agent = agent;
    }
  else
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  gch_station_submit (self->station, &request, self->cancellable, saved_cb, g_object_ref (self));
}

static void
on_save_clicked_cb (GchGuichetDialog *self)
{
  show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  save_next (self);
}

static void
gch_guichet_dialog_dispose (GObject *object)
{
  GchGuichetDialog *self = (GchGuichetDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (gch_guichet_dialog_parent_class)->dispose (object);
}

static void
gch_guichet_dialog_finalize (GObject *object)
{
  GchGuichetDialog *self = (GchGuichetDialog *)object;

  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);

  G_OBJECT_CLASS (gch_guichet_dialog_parent_class)->finalize (object);
}

static void
gch_guichet_dialog_class_init (GchGuichetDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_guichet_dialog_dispose;
  object_class->finalize = gch_guichet_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-guichet-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GchGuichetDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GchGuichetDialog, services_group);
  gtk_widget_class_bind_template_child (widget_class, GchGuichetDialog, agent_row);
  gtk_widget_class_bind_template_child (widget_class, GchGuichetDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GchGuichetDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

static void
gch_guichet_dialog_init (GchGuichetDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
  self->codes = g_ptr_array_new_with_free_func (g_free);
  self->agents = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
}

static void
fill (GchGuichetDialog *self,
      GchDay           *day,
      GchGuichet       *guichet)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *title = g_strdup_printf (_("Guichet %u"), self->guichet);
  guint selected = 0;

  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (gch_guichet_get_accessible (guichet))
    adw_window_title_set_subtitle (self->window_title, _("Accessible"));

  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gch_service_get_name (service));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   gch_guichet_handles (guichet, gch_service_get_code (service)));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->services_group, row);
      g_ptr_array_add (self->checks, check);
      g_ptr_array_add (self->codes, g_strdup (gch_service_get_code (service)));
    }

  gtk_string_list_append (names, C_("agent", "Nobody"));
  for (guint i = 0; i < day->agents->len; i++)
    {
      GchAgent *agent = g_ptr_array_index (day->agents, i);

      gtk_string_list_append (names, gch_agent_get_name (agent));
      g_ptr_array_add (self->agents, g_strdup (gch_agent_get_id (agent)));
      if (g_strcmp0 (gch_agent_get_id (agent), gch_guichet_get_agent_id (guichet)) == 0)
        selected = self->agents->len;
    }
  adw_combo_row_set_model (self->agent_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->agent_row, selected);

  /* The keyboard starts on the first service: Space ticks, Tab goes on. */
  if (self->checks->len > 0)
    gtk_window_set_focus (GTK_WINDOW (self), g_ptr_array_index (self->checks, 0));
}

/**
 * gch_guichet_dialog_new:
 * @station: the station that saves the changes
 * @guichet: the guichet's number
 *
 * Returns: (transfer none): the dialog, filled with the guichet as it is
 */
GchGuichetDialog *
gch_guichet_dialog_new (GchStation *station,
                        guint       guichet)
{
  GchGuichetDialog *self;
  GchGuichet *found;
  GchDay *day;

  g_return_val_if_fail (GCH_IS_STATION (station), NULL);

  self = g_object_new (GCH_TYPE_GUICHET_DIALOG, NULL);
  self->station = g_object_ref (station);
  self->guichet = guichet;

  if ((day = gch_station_get_day (station)) != NULL &&
      (found = gch_day_find_guichet (day, guichet)) != NULL)
    fill (self, day, found);

  return self;
}
