/* gch-thresholds-dialog.c
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

#define G_LOG_DOMAIN "gch-thresholds-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-thresholds-dialog.h"

/* A service's two alert thresholds, as a supervisor sets them: the
 * longest estimated wait of a new walk-in, and the most people waiting per
 * open guichet. Save sends them as one action through the station (so
 * they sync like any other); a refusal shows here and the dialog keeps
 * what was typed.
 */
struct _GchThresholdsDialog
{
  AdwWindow       parent_instance;

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkSpinButton  *wait_spin;
  GtkSpinButton  *waiting_spin;
  GtkButton      *save_button;
  GtkLabel       *error_label;

  GchStation     *station;
  char           *service;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (GchThresholdsDialog, gch_thresholds_dialog, ADW_TYPE_WINDOW)

static void
show_error (GchThresholdsDialog *self,
            const char          *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/**
 * gch_thresholds_dialog_get_error:
 *
 * Returns: the refusal shown, or "" when none
 */
const char *
gch_thresholds_dialog_get_error (GchThresholdsDialog *self)
{
  g_return_val_if_fail (GCH_IS_THRESHOLDS_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_label (self->error_label) : "";
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GchThresholdsDialog) self = user_data;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;

  change = gch_station_submit_finish (GCH_STATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (change == NULL)
    {
      show_error (self, error->message);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_save_clicked_cb (GchThresholdsDialog *self)
{
  GchService *service;
  GchRequest request = { 0 };
  GchDay *day = gch_station_get_day (self->station);

  /* What is typed counts, even before the field is left. */
  gtk_spin_button_update (self->wait_spin);
  gtk_spin_button_update (self->waiting_spin);
  show_error (self, NULL);

  request.action = GCH_ACTION_SET_THRESHOLDS;
  request.service = self->service;
  request.max_wait_minutes = gtk_spin_button_get_value_as_int (self->wait_spin);
  request.max_waiting_per_guichet = gtk_spin_button_get_value_as_int (self->waiting_spin);

  /* Nothing changed: nothing to save. */
  if (day != NULL && (service = gch_day_find_service (day, self->service)) != NULL &&
      (guint) request.max_wait_minutes == gch_service_get_max_wait_minutes (service) &&
      (guint) request.max_waiting_per_guichet == gch_service_get_max_waiting_per_guichet (service))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  gch_station_submit (self->station, &request, self->cancellable, saved_cb, g_object_ref (self));
}

static void
gch_thresholds_dialog_dispose (GObject *object)
{
  GchThresholdsDialog *self = (GchThresholdsDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (gch_thresholds_dialog_parent_class)->dispose (object);
}

static void
gch_thresholds_dialog_finalize (GObject *object)
{
  GchThresholdsDialog *self = (GchThresholdsDialog *)object;

  g_clear_pointer (&self->service, g_free);

  G_OBJECT_CLASS (gch_thresholds_dialog_parent_class)->finalize (object);
}

static void
gch_thresholds_dialog_class_init (GchThresholdsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_thresholds_dialog_dispose;
  object_class->finalize = gch_thresholds_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-thresholds-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GchThresholdsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GchThresholdsDialog, wait_spin);
  gtk_widget_class_bind_template_child (widget_class, GchThresholdsDialog, waiting_spin);
  gtk_widget_class_bind_template_child (widget_class, GchThresholdsDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GchThresholdsDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

static void
gch_thresholds_dialog_init (GchThresholdsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Enter in either field saves, as the default button would. */
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->wait_spin))),
                                  TRUE);
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->waiting_spin))),
                                  TRUE);
}

/**
 * gch_thresholds_dialog_new:
 * @station: the station that saves the change
 * @service: the code of the service
 *
 * Returns: (transfer none): the dialog, filled with the service’s
 *   thresholds now
 */
GchThresholdsDialog *
gch_thresholds_dialog_new (GchStation *station,
                           const char *service)
{
  GchThresholdsDialog *self;
  GchService *found;
  GchDay *day;

  g_return_val_if_fail (GCH_IS_STATION (station), NULL);
  g_return_val_if_fail (service != NULL, NULL);

  self = g_object_new (GCH_TYPE_THRESHOLDS_DIALOG, NULL);
  self->station = g_object_ref (station);
  self->service = g_strdup (service);

  if ((day = gch_station_get_day (station)) != NULL &&
      (found = gch_day_find_service (day, service)) != NULL)
    {
      adw_window_title_set_subtitle (self->window_title, gch_service_get_name (found));
      gtk_spin_button_set_value (self->wait_spin, gch_service_get_max_wait_minutes (found));
      gtk_spin_button_set_value (self->waiting_spin,
                                 gch_service_get_max_waiting_per_guichet (found));
    }

  /* The keyboard starts in the first field, ready to type. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->wait_spin));

  return self;
}
