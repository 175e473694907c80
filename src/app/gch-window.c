/* gch-window.c
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

#define G_LOG_DOMAIN "gch-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-appointment-row.h"
#include "gch-queue-row.h"
#include "gch-visit-panel.h"
#include "gch-window.h"

/* The agent desk: who waits for this guichet, who is expected later, and
 * who is at the counter now. It shows the station's database and never
 * waits for it: the day is read in a worker and shown when it arrives.
 */
struct _GchWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwWindowTitle       *window_title;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwStatusPage        *no_guichet_page;
  GtkStack             *queue_stack;
  GtkStackPage         *waiting_page;
  GtkStackPage         *expected_page;
  GtkStack             *waiting_stack;
  GtkStack             *expected_stack;
  GtkListView          *waiting_view;
  GtkListView          *expected_view;
  GchVisitPanel        *visit_panel;

  /* Owned References */
  GCancellable         *cancellable;
  GSettings            *settings;
  GchClock             *clock;
  GchStore             *store;
  GchDay               *day;
  GTimeZone            *tz;
  GListStore           *waiting;
  GListStore           *expected;

  guint                 guichet;
};

G_DEFINE_FINAL_TYPE (GchWindow, gch_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_GUICHET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
replace_all (GListStore *store,
             GPtrArray  *items)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));

  g_list_store_splice (store, 0, n_old, items->pdata, items->len);
}

static char *
join_service_names (GchDay     *day,
                    GchGuichet *guichet)
{
  const char * const *codes = gch_guichet_get_services (guichet);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      GchService *service = gch_day_find_service (day, codes[i]);

      g_strv_builder_add (names, service ? gch_service_get_name (service) : codes[i]);
    }

  list = g_strv_builder_end (names);
  return g_strjoinv (" · ", list);
}

static void
set_page_title (GtkStackPage *page,
                GtkStack     *stack,
                const char   *name,
                guint         count)
{
  /* Translators: a tab title and how many people it lists, "Waiting (12)" */
  g_autofree char *title = g_strdup_printf (_("%s (%u)"), name, count);

  gtk_stack_page_set_title (page, title);
  gtk_stack_set_visible_child_name (stack, count > 0 ? "list" : "empty");
}

/* Fills the desk from the day already loaded, for the guichet set now. */
static void
show_day (GchWindow *self)
{
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *services = NULL;
  g_autofree char *missing = NULL;
  GchGuichet *guichet;

  if (self->day == NULL)
    return;

  if (self->day->site == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Guichet"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "unconfigured");
      return;
    }

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = gch_site_dup_time_zone (self->day->site);

  if ((guichet = gch_day_find_guichet (self->day, self->guichet)) == NULL)
    {
      /* Translators: %s is the name of the site, such as “Préfecture du Rhône” */
      missing = g_strdup_printf (_("%s has no guichet %u. Choose the guichet of this station "
                                   "in the preferences."),
                                 gch_site_get_name (self->day->site), self->guichet);
      adw_status_page_set_description (self->no_guichet_page, missing);
      adw_window_title_set_title (self->window_title, gch_site_get_name (self->day->site));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "no-guichet");
      return;
    }

  services = join_service_names (self->day, guichet);
  adw_window_title_set_title (self->window_title, gch_guichet_get_label (guichet));
  adw_window_title_set_subtitle (self->window_title, services);

  waiting = gch_day_waiting_for_guichet (self->day, self->guichet);
  expected = gch_day_expected_for_guichet (self->day, self->guichet);
  replace_all (self->waiting, waiting);
  replace_all (self->expected, expected);
  set_page_title (self->waiting_page, self->waiting_stack, C_("queue tab", "Waiting"),
                  waiting->len);
  set_page_title (self->expected_page, self->expected_stack, C_("queue tab", "Expected"),
                  expected->len);

  gch_visit_panel_set_entry (self->visit_panel,
                             gch_day_current_for_guichet (self->day, self->guichet),
                             self->tz);

  gtk_stack_set_visible_child_name (self->main_stack, "desk");
}

static void
load_today_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GchDay *day;

  if (!(day = gch_store_load_today_finish (GCH_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gch_window_show_error (self, error);
      return;
    }

  g_clear_pointer (&self->day, gch_day_free);
  self->day = day;
  show_day (self);
}

static void
reload (GchWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gch_store_load_today_async (self->store, self->clock, self->cancellable,
                              load_today_cb, g_object_ref (self));
}

static void
on_waiting_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  gtk_list_item_set_child (item, gch_queue_row_new ());
}

static void
on_waiting_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GchWindow *self = user_data;

  gch_queue_row_set_entry (GCH_QUEUE_ROW (gtk_list_item_get_child (item)),
                           gtk_list_item_get_item (item),
                           gtk_list_item_get_position (item) + 1,
                           self->tz);
}

static void
on_expected_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  gtk_list_item_set_child (item, gch_appointment_row_new ());
}

static void
on_expected_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GchWindow *self = user_data;

  gch_appointment_row_set_appointment (GCH_APPOINTMENT_ROW (gtk_list_item_get_child (item)),
                                       gtk_list_item_get_item (item),
                                       self->tz,
                                       gch_clock_now (self->clock));
}

static void
show_queue_page (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GchWindow *self = GCH_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->queue_stack, g_variant_get_string (parameter, NULL));
}

static void
gch_window_dispose (GObject *object)
{
  GchWindow *self = (GchWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->waiting);
  g_clear_object (&self->expected);

  G_OBJECT_CLASS (gch_window_parent_class)->dispose (object);
}

static void
gch_window_finalize (GObject *object)
{
  GchWindow *self = (GchWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->day, gch_day_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (gch_window_parent_class)->finalize (object);
}

static void
gch_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GchWindow *self = GCH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_GUICHET:
      g_value_set_uint (value, self->guichet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GchWindow *self = GCH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_GUICHET:
      if (self->guichet != g_value_get_uint (value))
        {
          self->guichet = g_value_get_uint (value);
          show_day (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_window_class_init (GchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_window_dispose;
  object_class->finalize = gch_window_finalize;
  object_class->get_property = gch_window_get_property;
  object_class->set_property = gch_window_set_property;

  /* The guichet whose desk this is; the setting of the same name drives it. */
  properties[PROP_GUICHET] =
    g_param_spec_uint ("guichet", NULL, NULL, 1, 999, 1,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GCH_TYPE_VISIT_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/guichet/Guichet/ui/gch-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GchWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, no_guichet_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, expected_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, waiting_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, expected_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, waiting_view);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, expected_view);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, visit_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_waiting_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_waiting_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_expected_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_expected_bind_cb);

  gtk_widget_class_install_action (widget_class, "win.show-queue", "s", show_queue_page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-queue", "s", "waiting");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-queue", "s", "expected");
}

static void
gch_window_init (GchWindow *self)
{
  g_autoptr(GtkSelectionModel) waiting_selection = NULL;
  g_autoptr(GtkSelectionModel) expected_selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->guichet = 1;
  self->waiting = g_list_store_new (GCH_TYPE_QUEUE_ENTRY);
  self->expected = g_list_store_new (GCH_TYPE_APPOINTMENT);

  waiting_selection = GTK_SELECTION_MODEL (gtk_single_selection_new (
                        g_object_ref (G_LIST_MODEL (self->waiting))));
  expected_selection = GTK_SELECTION_MODEL (gtk_no_selection_new (
                         g_object_ref (G_LIST_MODEL (self->expected))));
  /* Nothing is chosen until the agent moves to a row. */
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (waiting_selection), FALSE);
  gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (waiting_selection), TRUE);
  gtk_list_view_set_model (self->waiting_view, waiting_selection);
  gtk_list_view_set_model (self->expected_view, expected_selection);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

GchWindow *
gch_window_new (GchApplication *application)
{
  GchWindow *self;

  g_return_val_if_fail (GCH_IS_APPLICATION (application), NULL);

  self = g_object_new (GCH_TYPE_WINDOW, "application", application, NULL);
  self->settings = g_object_ref (gch_application_get_settings (application));
  self->clock = g_object_ref (gch_application_get_clock (application));

  g_settings_bind (self->settings, "guichet", self, "guichet", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);

  return self;
}

/**
 * gch_window_set_store:
 *
 * Shows @store's day, reading it in a worker.
 */
void
gch_window_set_store (GchWindow *self,
                      GchStore  *store)
{
  g_return_if_fail (GCH_IS_WINDOW (self));
  g_return_if_fail (GCH_IS_STORE (store));

  if (g_set_object (&self->store, store))
    reload (self);
}

/**
 * gch_window_show_error:
 *
 * Tells the person why the station's data cannot be shown. Nothing was
 * changed on disk: the message says so when it matters.
 */
void
gch_window_show_error (GchWindow    *self,
                       const GError *error)
{
  g_return_if_fail (GCH_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

/**
 * gch_window_get_day:
 *
 * Returns: (transfer none) (nullable): the day shown, once loaded
 */
GchDay *
gch_window_get_day (GchWindow *self)
{
  g_return_val_if_fail (GCH_IS_WINDOW (self), NULL);

  return self->day;
}

/**
 * gch_window_get_waiting:
 *
 * Returns: (transfer none): the people waiting for this guichet, in order
 */
GListModel *
gch_window_get_waiting (GchWindow *self)
{
  g_return_val_if_fail (GCH_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->waiting);
}

/**
 * gch_window_get_expected:
 *
 * Returns: (transfer none): the appointments still expected at this guichet
 */
GListModel *
gch_window_get_expected (GchWindow *self)
{
  g_return_val_if_fail (GCH_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->expected);
}
