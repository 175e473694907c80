/* gch-sync-indicator.c
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

#define G_LOG_DOMAIN "gch-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-format.h"
#include "gch-sync-indicator.h"

/* The sync's state in the header bar, always in sight and never in the
 * way: "Online", "Offline since 10:42 · 12 operations waiting",
 * "2 conflicts". Its popover says more, lists the conflicts in the
 * server's sentences until the agent marks them seen, and offers to sync
 * now, to log in and to log out.
 */
struct _GchSyncIndicator
{
  GtkWidget          parent_instance;

  /* Template Widgets */
  GtkMenuButton     *button;
  GtkImage          *icon;
  GtkLabel          *label;
  GtkPopover        *popover;
  GtkLabel          *title_label;
  GtkLabel          *detail_label;
  GtkBox            *conflicts_box;
  GtkListBox        *conflicts_list;
  GtkButton         *sync_button;
  GtkButton         *login_button;
  GtkButton         *logout_button;

  GchSyncController *controller;
  GCancellable      *cancellable;
  GStrv              shown;      /* the UUIDs of the conflicts listed */
  char              *text;       /* what it says, in full */
};

G_DEFINE_FINAL_TYPE (GchSyncIndicator, gch_sync_indicator, GTK_TYPE_WIDGET)

static char *
format_hour (GchSyncIndicator *self,
             gint64            unix_time)
{
  g_autoptr(GTimeZone) tz = gch_sync_controller_dup_time_zone (self->controller);

  return gch_format_time (tz, unix_time);
}

static void
list_conflicts_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GchSyncIndicator *self = user_data;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GStrvBuilder) uuids = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  if (!(conflicts = gch_sync_controller_list_conflicts_finish (GCH_SYNC_CONTROLLER (object),
                                                               result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflicts_list))) != NULL)
    gtk_list_box_remove (self->conflicts_list, child);

  uuids = g_strv_builder_new ();
  for (guint i = 0; i < conflicts->len; i++)
    {
      GchConflict *conflict = g_ptr_array_index (conflicts, i);
      g_autofree char *hour = format_hour (self, conflict->at);
      g_autofree char *when = NULL;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *sentence, *time;

      /* Translators: when the station heard of a refused operation, "at 10:12" */
      when = g_strdup_printf (_("Told at %s"), hour);
      sentence = gtk_label_new (conflict->message != NULL ? conflict->message
                                : _("The server refused an operation of this station."));
      gtk_label_set_wrap (GTK_LABEL (sentence), TRUE);
      gtk_label_set_xalign (GTK_LABEL (sentence), 0);
      gtk_label_set_max_width_chars (GTK_LABEL (sentence), 40);
      time = gtk_label_new (when);
      gtk_label_set_xalign (GTK_LABEL (time), 0);
      gtk_widget_add_css_class (time, "dim-label");
      gtk_widget_add_css_class (time, "caption");
      gtk_box_append (GTK_BOX (box), sentence);
      gtk_box_append (GTK_BOX (box), time);
      gtk_widget_set_margin_top (box, 9);
      gtk_widget_set_margin_bottom (box, 9);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_list_box_append (self->conflicts_list, box);
      g_strv_builder_add (uuids, conflict->uuid);
    }

  g_strfreev (self->shown);
  self->shown = g_strv_builder_end (uuids);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_box), conflicts->len > 0);
}

static void
list_conflicts (GchSyncIndicator *self)
{
  if (self->controller == NULL)
    return;

  gch_sync_controller_list_conflicts_async (self->controller, self->cancellable,
                                            list_conflicts_cb, self);
}

static void
update (GchSyncIndicator *self)
{
  GchSyncController *c = self->controller;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) short_parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  g_autofree char *short_text = NULL;
  g_autofree char *detail = NULL;
  const char *icon;
  const char *state;
  const char *error;
  gint64 waiting, conflicts;
  gboolean offline;

  /* A login or a keyring lookup under way says "Connecting…" too: a
   * station that says nothing seems to work alone.
   */
  if (c == NULL || (!gch_sync_controller_get_enabled (c) && !gch_sync_controller_get_needs_login (c) &&
                    !gch_sync_controller_get_connecting (c)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  waiting = gch_sync_controller_get_waiting (c);
  conflicts = gch_sync_controller_get_conflicts (c);
  error = gch_sync_controller_get_last_error (c);
  offline = !gch_sync_controller_get_online (c);

  if (gch_sync_controller_get_needs_login (c))
    {
      g_ptr_array_add (parts, g_strdup (_("Log in again")));
      icon = "dialog-password-symbolic";
      state = error;
    }
  else if (offline && gch_sync_controller_get_offline_since (c) > 0)
    {
      g_autofree char *hour = format_hour (self, gch_sync_controller_get_offline_since (c));

      /* Translators: since when the server has not answered, "Offline since 10:42" */
      g_ptr_array_add (parts, g_strdup_printf (_("Offline since %s"), hour));
      icon = "network-offline-symbolic";
      state = _("The booking server cannot be reached. Every action is saved on this station "
                "and will be sent when the server is back.");
    }
  else if (offline)
    {
      g_ptr_array_add (parts, g_strdup (_("Connecting…")));
      icon = "emblem-synchronizing-symbolic";
      state = _("Reaching the booking server.");
    }
  else if (error != NULL)
    {
      /* Online, but the server took nothing of what waits: say why. */
      g_ptr_array_add (parts, g_strdup (_("Online")));
      icon = "dialog-warning-symbolic";
      state = _("Connected to the booking server, which did not take what waits to be sent.");
    }
  else if (waiting > 0)
    {
      g_ptr_array_add (parts, g_strdup (_("Syncing…")));
      icon = "emblem-synchronizing-symbolic";
      state = _("Sending this station’s actions to the booking server.");
    }
  else
    {
      g_ptr_array_add (parts, g_strdup (_("Online")));
      icon = "network-transmit-receive-symbolic";
      state = _("Connected to the booking server: this station’s actions are sent as soon as "
                "they are saved, and the other guichets’ show here.");
    }

  /* The header bar says it short, the popover, tooltip and screen
   * readers in full.
   */
  g_ptr_array_add (short_parts, g_strdup (g_ptr_array_index (parts, 0)));
  if (waiting > 0 && (offline || error != NULL || gch_sync_controller_get_needs_login (c)))
    {
      g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u operation waiting",
                                                         "%u operations waiting", (gulong)waiting),
                                               (guint)waiting));
      /* Translators: operations waiting to be sent, short: "12 waiting" */
      g_ptr_array_add (short_parts, g_strdup_printf (ngettext ("%u waiting", "%u waiting",
                                                               (gulong)waiting),
                                                     (guint)waiting));
    }
  if (conflicts > 0)
    {
      char *part = g_strdup_printf (ngettext ("%u conflict", "%u conflicts", (gulong)conflicts),
                                    (guint)conflicts);

      g_ptr_array_add (parts, part);
      g_ptr_array_add (short_parts, g_strdup (part));
      icon = "dialog-warning-symbolic";
    }

  g_ptr_array_add (parts, NULL);
  g_ptr_array_add (short_parts, NULL);
  text = g_strjoinv (" · ", (char **)parts->pdata);
  short_text = g_strjoinv (" · ", (char **)short_parts->pdata);
  detail = error != NULL && !gch_sync_controller_get_needs_login (c)
           ? g_strdup_printf ("%s\n%s", state, error) : g_strdup (state);

  gtk_label_set_label (self->label, short_text);
  g_free (self->text);
  self->text = g_strdup (text);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_label (self->title_label, text);
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail,
                                  -1);

  if (offline)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "offline");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "offline");
  if (conflicts > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "conflicts");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "conflicts");

  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), gch_sync_controller_get_enabled (c) &&
                          !gch_sync_controller_get_needs_login (c));
  gtk_widget_set_visible (GTK_WIDGET (self->login_button), gch_sync_controller_get_needs_login (c));
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
on_controller_notify_cb (GchSyncIndicator *self,
                         GParamSpec       *pspec,
                         GchSyncController *controller)
{
  update (self);
  if (g_str_equal (pspec->name, "conflicts"))
    list_conflicts (self);
}

static void
on_popover_show_cb (GchSyncIndicator *self,
                    GtkPopover       *popover)
{
  list_conflicts (self);
}

/**
 * gch_sync_indicator_set_controller:
 *
 * Shows @controller's state, and follows it.
 */
void
gch_sync_indicator_set_controller (GchSyncIndicator  *self,
                                   GchSyncController *controller)
{
  g_return_if_fail (GCH_IS_SYNC_INDICATOR (self));
  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (controller));

  if (self->controller == controller)
    return;

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  g_signal_connect_object (controller, "notify", G_CALLBACK (on_controller_notify_cb), self,
                           G_CONNECT_SWAPPED);
  update (self);
  list_conflicts (self);
}

/**
 * gch_sync_indicator_get_text:
 *
 * Returns: what the indicator says in full, as its tooltip and screen
 *   readers do: "Offline since 10:42 · 3 operations waiting"; "" when hidden
 */
const char *
gch_sync_indicator_get_text (GchSyncIndicator *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_INDICATOR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self)) && self->text != NULL ? self->text : "";
}

/**
 * gch_sync_indicator_get_detail:
 *
 * Returns: what the indicator's popover and tooltip explain: the state, and
 *   the last sync error when there is one
 */
const char *
gch_sync_indicator_get_detail (GchSyncIndicator *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_label (self->detail_label);
}

void
gch_sync_indicator_popup (GchSyncIndicator *self)
{
  g_return_if_fail (GCH_IS_SYNC_INDICATOR (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_menu_button_popup (self->button);
}

/**
 * gch_sync_indicator_mark_seen:
 *
 * Marks the conflicts listed as seen: the agent has read them.
 */
void
gch_sync_indicator_mark_seen (GchSyncIndicator *self)
{
  g_return_if_fail (GCH_IS_SYNC_INDICATOR (self));

  if (self->controller == NULL || self->shown == NULL || self->shown[0] == NULL)
    return;

  gch_sync_controller_mark_seen (self->controller, (const char * const *)self->shown);
  g_clear_pointer (&self->shown, g_strfreev);
}

guint
gch_sync_indicator_get_n_shown_conflicts (GchSyncIndicator *self)
{
  g_return_val_if_fail (GCH_IS_SYNC_INDICATOR (self), 0);

  return self->shown != NULL ? g_strv_length (self->shown) : 0;
}

static void
gch_sync_indicator_dispose (GObject *object)
{
  GchSyncIndicator *self = (GchSyncIndicator *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_SYNC_INDICATOR);
  g_clear_object (&self->controller);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->shown, g_strfreev);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (gch_sync_indicator_parent_class)->dispose (object);
}

static void
gch_sync_indicator_class_init (GchSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_sync_indicator_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, conflicts_box);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, conflicts_list);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, sync_button);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, login_button);
  gtk_widget_class_bind_template_child (widget_class, GchSyncIndicator, logout_button);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show_cb);
}

static void
gch_sync_indicator_init (GchSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
