/* gch-preferences-window.c
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

#define G_LOG_DOMAIN "gch-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-preferences-window.h"

/* The station's own settings: its name, its guichet, its server. The
 * guichet is saved at once; the name and the server address are checked
 * when the agent applies them, and kept as they were when they are wrong.
 */
struct _GchPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GListStore           *guichets;
  AdwToast             *toast;      /* the refusal shown now, if any */

  /* Template Widgets */
  AdwEntryRow          *station_row;
  AdwComboRow          *guichet_row;
  AdwEntryRow          *server_row;
};

G_DEFINE_FINAL_TYPE (GchPreferencesWindow, gch_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
describe_guichet (GchGuichet *guichet)
{
  return g_strdup (guichet != NULL ? gch_guichet_get_label (guichet) : "");
}

static void
select_current_guichet (GchPreferencesWindow *self)
{
  guint number = g_settings_get_int (self->settings, "guichet");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->guichets));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GchGuichet) guichet = g_list_model_get_item (G_LIST_MODEL (self->guichets), i);

      if (gch_guichet_get_number (guichet) == number)
        {
          adw_combo_row_set_selected (self->guichet_row, i);
          return;
        }
    }

  adw_combo_row_set_selected (self->guichet_row, GTK_INVALID_LIST_POSITION);
}

static void
on_guichet_row_selected_cb (GchPreferencesWindow *self,
                            GParamSpec           *pspec,
                            AdwComboRow          *row)
{
  GchGuichet *guichet = adw_combo_row_get_selected_item (row);

  if (guichet != NULL)
    g_settings_set_int (self->settings, "guichet", gch_guichet_get_number (guichet));
}

static void
on_server_row_apply_cb (GchPreferencesWindow *self,
                        AdwEntryRow          *row)
{
  gch_preferences_window_apply_server_url (self, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
on_station_row_apply_cb (GchPreferencesWindow *self,
                         AdwEntryRow          *row)
{
  gch_preferences_window_apply_station_name (self, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
refuse (GchPreferencesWindow *self,
        AdwEntryRow          *row,
        const char           *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");

  /* One refusal at a time: the newest replaces the one shown. */
  if (self->toast != NULL)
    {
      adw_toast_set_title (self->toast, message);
      return;
    }

  g_set_weak_pointer (&self->toast, adw_toast_new (message));
  adw_toast_set_timeout (self->toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), self->toast);
}

static void
gch_preferences_window_constructed (GObject *object)
{
  GchPreferencesWindow *self = (GchPreferencesWindow *)object;
  g_autofree char *server = g_settings_get_string (self->settings, "server-url");
  g_autofree char *name = g_settings_get_string (self->settings, "station-name");

  G_OBJECT_CLASS (gch_preferences_window_parent_class)->constructed (object);

  gtk_editable_set_text (GTK_EDITABLE (self->station_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
}

static void
gch_preferences_window_dispose (GObject *object)
{
  GchPreferencesWindow *self = (GchPreferencesWindow *)object;

  g_clear_weak_pointer (&self->toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->guichets);

  G_OBJECT_CLASS (gch_preferences_window_parent_class)->dispose (object);
}

static void
gch_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  GchPreferencesWindow *self = GCH_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_preferences_window_class_init (GchPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gch_preferences_window_constructed;
  object_class->dispose = gch_preferences_window_dispose;
  object_class->set_property = gch_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GchPreferencesWindow, station_row);
  gtk_widget_class_bind_template_child (widget_class, GchPreferencesWindow, guichet_row);
  gtk_widget_class_bind_template_child (widget_class, GchPreferencesWindow, server_row);
  gtk_widget_class_bind_template_callback (widget_class, on_guichet_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_station_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, describe_guichet);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gch_preferences_window_init (GchPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->guichets = g_list_store_new (GCH_TYPE_GUICHET);
  adw_combo_row_set_model (self->guichet_row, G_LIST_MODEL (self->guichets));
}

GchPreferencesWindow *
gch_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (GCH_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}

/**
 * gch_preferences_window_set_day:
 * @day: (nullable): the day shown, for the site's guichets
 *
 * Offers the guichets of @day's site to choose from.
 */
void
gch_preferences_window_set_day (GchPreferencesWindow *self,
                                GchDay               *day)
{
  guint n_old;

  g_return_if_fail (GCH_IS_PREFERENCES_WINDOW (self));

  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->guichets));

  /* Filling the model selects its first item: keep the setting out of it. */
  g_signal_handlers_block_by_func (self->guichet_row, on_guichet_row_selected_cb, self);
  if (day != NULL)
    g_list_store_splice (self->guichets, 0, n_old, day->guichets->pdata, day->guichets->len);
  else
    g_list_store_remove_all (self->guichets);
  select_current_guichet (self);
  g_signal_handlers_unblock_by_func (self->guichet_row, on_guichet_row_selected_cb, self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->guichet_row),
                            g_list_model_get_n_items (G_LIST_MODEL (self->guichets)) > 0);
}

/**
 * gch_preferences_window_apply_server_url:
 * @url: what the agent typed
 *
 * Saves @url as the booking server's address if it is one: empty (no
 * server), or an http or https address with a host. Anything else is
 * refused with a message, and the saved address stays as it was.
 *
 * Returns: %TRUE if @url was saved
 */
gboolean
gch_preferences_window_apply_server_url (GchPreferencesWindow *self,
                                         const char           *url)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme = NULL;

  g_return_val_if_fail (GCH_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed != '\0' && (uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL)))
    scheme = g_uri_get_scheme (uri);

  if (*trimmed != '\0' &&
      (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
       (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a server address: it must start with https:// or "
                           "http:// and name a host, like https://rdv.prefecture.example/"),
                         trimmed);

      refuse (self, self->server_row, message);
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  g_settings_set_string (self->settings, "server-url", trimmed);
  return TRUE;
}

#define MAX_STATION_NAME 64

/**
 * gch_preferences_window_apply_station_name:
 * @name: what the agent typed
 *
 * Saves @name as the station's name if it reads as one: printable, at
 * most 64 characters; empty means the host name. Anything else is refused
 * with a message, and the saved name stays as it was.
 *
 * Returns: %TRUE if @name was saved
 */
gboolean
gch_preferences_window_apply_station_name (GchPreferencesWindow *self,
                                           const char           *name)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (GCH_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (name));
  if (!g_utf8_validate (trimmed, -1, NULL) || g_utf8_strlen (trimmed, -1) > MAX_STATION_NAME)
    {
      refuse (self, self->station_row,
              _("A station name is kept short: 64 characters at most."));
      return FALSE;
    }

  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      {
        refuse (self, self->station_row,
                _("A station name is written with letters, digits and spaces only."));
        return FALSE;
      }

  gtk_widget_remove_css_class (GTK_WIDGET (self->station_row), "error");
  g_settings_set_string (self->settings, "station-name", trimmed);
  return TRUE;
}
