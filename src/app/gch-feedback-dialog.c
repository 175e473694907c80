/* gch-feedback-dialog.c
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

#define G_LOG_DOMAIN "gch-feedback-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-feedback-dialog.h"
#include "gch-window.h"

/* A suggestion or complaint, logged at the desk while the person is still
 * there: the visit (ticket, service, guichet, agent) is filled in, the
 * kind is a complaint unless changed, and the contact fields only open
 * with the person's consent. Save sends one action through the station
 * (so it syncs like any other); a refusal shows here and the dialog keeps
 * what was typed.
 */
struct _GchFeedbackDialog
{
  AdwWindow       parent_instance;

  /* Template Widgets */
  AdwActionRow   *visit_row;
  AdwComboRow    *kind_row;
  AdwComboRow    *channel_row;
  AdwComboRow    *category_row;
  GtkTextView    *description_view;
  GtkCheckButton *consent_check;
  AdwEntryRow    *name_row;
  AdwEntryRow    *email_row;
  AdwEntryRow    *phone_row;
  GtkButton      *save_button;
  GtkLabel       *error_label;

  GchStation     *station;
  GSettings      *settings;
  GCancellable   *cancellable;

  /* the visit, when there is one */
  char           *ticket;
  char           *service;
  guint           guichet;
  char           *agent;
};

G_DEFINE_FINAL_TYPE (GchFeedbackDialog, gch_feedback_dialog, ADW_TYPE_WINDOW)

static void
show_error (GchFeedbackDialog *self,
            const char        *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/**
 * gch_feedback_dialog_get_error:
 *
 * Returns: the refusal shown, or "" when none
 */
const char *
gch_feedback_dialog_get_error (GchFeedbackDialog *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_label (self->error_label) : "";
}

/**
 * gch_feedback_dialog_get_ticket:
 *
 * Returns: (nullable): the ticket of the visit the record concerns
 */
const char *
gch_feedback_dialog_get_ticket (GchFeedbackDialog *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK_DIALOG (self), NULL);

  return self->ticket;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GchFeedbackDialog) self = user_data;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  change = gch_station_submit_finish (GCH_STATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (change == NULL)
    {
      show_error (self, error->message);
      return;
    }

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (GCH_IS_WINDOW (parent))
    gch_window_add_toast (GCH_WINDOW (parent), _("Logged in the register of suggestions and complaints."));
  gtk_window_close (GTK_WINDOW (self));
}

static char *
dup_text (AdwEntryRow *row)
{
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
on_save_clicked_cb (GchFeedbackDialog *self)
{
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GVariant) delays = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;
  GchFeedbackSettings settings;
  GchRequest request = { 0 };
  GchDay *day = gch_station_get_day (self->station);
  gboolean consent = gtk_check_button_get_active (self->consent_check);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;
  show_error (self, NULL);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  feedback = gch_feedback_new (id,
                               adw_combo_row_get_selected (self->kind_row),
                               adw_combo_row_get_selected (self->channel_row),
                               adw_combo_row_get_selected (self->category_row),
                               gch_clock_now (gch_station_get_clock (self->station)),
                               description, &error);
  if (feedback == NULL)
    {
      show_error (self, error->message);
      return;
    }

  gch_feedback_set_visit (feedback, self->ticket, NULL, self->service, self->guichet,
                          self->agent);

  /* Without consent nothing of the contact is kept, even if typed before. */
  if (consent)
    {
      name = dup_text (self->name_row);
      email = dup_text (self->email_row);
      phone = dup_text (self->phone_row);
    }
  if (!gch_feedback_set_contact (feedback, consent, name, email, phone, &error))
    {
      show_error (self, error->message);
      return;
    }

  /* The delays are the site's (the settings), counted in the site's calendar. */
  gch_feedback_settings_init (&settings);
  delays = g_settings_get_value (self->settings, "feedback-delays");
  gch_feedback_settings_read_delays (&settings, delays);
  zone = day != NULL ? gch_site_dup_time_zone (day->site) : g_time_zone_new_local ();
  gch_feedback_compute_due_date (feedback, &settings, zone);

  request.action = GCH_ACTION_LOG_FEEDBACK;
  request.feedback = feedback;
  request.guichet = self->guichet;
  /* The register names who logged it, not the station. */
  request.agent = self->agent;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  gch_station_submit (self->station, &request, self->cancellable, saved_cb, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  on_save_clicked_cb (GCH_FEEDBACK_DIALOG (widget));
}

static void
gch_feedback_dialog_dispose (GObject *object)
{
  GchFeedbackDialog *self = (GchFeedbackDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->station);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gch_feedback_dialog_parent_class)->dispose (object);
}

static void
gch_feedback_dialog_finalize (GObject *object)
{
  GchFeedbackDialog *self = (GchFeedbackDialog *)object;

  g_clear_pointer (&self->ticket, g_free);
  g_clear_pointer (&self->service, g_free);
  g_clear_pointer (&self->agent, g_free);

  G_OBJECT_CLASS (gch_feedback_dialog_parent_class)->finalize (object);
}

static void
gch_feedback_dialog_class_init (GchFeedbackDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_feedback_dialog_dispose;
  object_class->finalize = gch_feedback_dialog_finalize;

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-feedback-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, visit_row);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, consent_check);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

/* A combo row of the labels, the enum's values in order. */
static void
fill_combo (AdwComboRow   *row,
            GtkStringList *labels,
            guint          selected)
{
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (row, selected);
  g_object_unref (labels);
}

static void
gch_feedback_dialog_init (GchFeedbackDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  {
    GtkStringList *kinds = gtk_string_list_new (NULL);
    GtkStringList *channels = gtk_string_list_new (NULL);
    GtkStringList *categories = gtk_string_list_new (NULL);

    for (GchFeedbackKind i = 0; i <= GCH_FEEDBACK_KIND_COMPLIMENT; i++)
      gtk_string_list_append (kinds, gch_feedback_kind_to_label (i));
    for (GchFeedbackChannel i = 0; i < GCH_FEEDBACK_N_CHANNELS; i++)
      gtk_string_list_append (channels, gch_feedback_channel_to_label (i));
    for (GchFeedbackCategory i = 0; i <= GCH_FEEDBACK_CATEGORY_OTHER; i++)
      gtk_string_list_append (categories, gch_feedback_category_to_label (i));
    fill_combo (self->kind_row, kinds, GCH_FEEDBACK_KIND_COMPLAINT);
    fill_combo (self->channel_row, channels, GCH_FEEDBACK_CHANNEL_GUICHET);
    fill_combo (self->category_row, categories, GCH_FEEDBACK_CATEGORY_OTHER);
  }

  /* The contact opens only with the person's consent. */
  g_object_bind_property (self->consent_check, "active", self->name_row, "sensitive",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->consent_check, "active", self->email_row, "sensitive",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->consent_check, "active", self->phone_row, "sensitive",
                          G_BINDING_SYNC_CREATE);
}

/**
 * gch_feedback_dialog_new:
 * @station: the station that saves the record
 * @settings: the station's settings, for the delays to answer
 * @guichet: the guichet it is logged at, 0 for none
 * @agent: (nullable): the agent logging it
 * @visit: (nullable): the visit it concerns: the person at the counter
 *
 * Returns: (transfer none): the dialog, filled with the visit
 */
GchFeedbackDialog *
gch_feedback_dialog_new (GchStation    *station,
                         GSettings     *settings,
                         guint          guichet,
                         const char    *agent,
                         GchQueueEntry *visit)
{
  GchFeedbackDialog *self;
  g_autoptr(GString) shown = g_string_new (NULL);

  g_return_val_if_fail (GCH_IS_STATION (station), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GCH_TYPE_FEEDBACK_DIALOG, NULL);
  self->station = g_object_ref (station);
  self->settings = g_object_ref (settings);
  self->guichet = guichet;
  self->agent = g_strdup (agent);

  if (visit != NULL)
    {
      GchService *service = gch_queue_entry_get_service (visit);

      self->ticket = g_strdup (gch_queue_entry_get_ticket (visit));
      /* TRANSLATORS: the visit a complaint is about, e.g. "Ticket A012" */
      g_string_append_printf (shown, _("Ticket %s"), self->ticket);
      if (service != NULL)
        {
          self->service = g_strdup (gch_service_get_code (service));
          g_string_append_printf (shown, " · %s", gch_service_get_name (service));
        }
    }
  else
    g_string_append (shown, _("No visit: not about a person at the counter"));
  if (guichet > 0)
    /* TRANSLATORS: after the ticket and the service */
    g_string_append_printf (shown, _(" · guichet %u"), guichet);
  if (agent != NULL)
    g_string_append_printf (shown, " · %s", agent);
  adw_action_row_set_subtitle (self->visit_row, shown->str);

  /* The keyboard starts in the description, ready to type. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->description_view));

  return self;
}
