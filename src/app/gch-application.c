/* gch-application.c
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

#define G_LOG_DOMAIN "gch-application"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-application.h"
#include "gch-preferences-window.h"
#include "gch-window.h"

struct _GchApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GchClock       *clock;
  GchStore       *store;
  GError         *store_error;

  /* --demo: a database of its own, remade at each start, and a clock
   * that starts at the demo's time of day
   */
  gboolean        demo;
};

G_DEFINE_FINAL_TYPE (GchApplication, gch_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a demonstration day at a préfecture, in a database of its own"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL }
};

static void
for_each_window (GchApplication *self,
                 void          (*func) (GchWindow *window, gpointer data),
                 gpointer        data)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (GCH_IS_WINDOW (l->data))
      func (l->data, data);
}

static void
give_store_to_window (GchWindow *window,
                      gpointer   data)
{
  GchApplication *self = data;

  if (self->store != NULL)
    gch_window_set_store (window, self->store);
  else if (self->store_error != NULL)
    gch_window_show_error (window, self->store_error);
}

typedef struct
{
  char    *path;
  char    *date;
  gboolean demo;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *od = data;

  g_free (od->path);
  g_free (od->date);
  g_free (od);
}

static void
open_store_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OpenData *od = task_data;
  GError *error = NULL;
  GchStore *store;

  if (od->demo)
    store = gch_demo_create_store (od->path, GCH_DEMO_SEED, od->date, GCH_DEMO_TIME, &error);
  else
    store = gch_store_open (od->path, &error);

  if (store != NULL)
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
open_store_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GchApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->store = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->store == NULL)
    {
      g_warning ("%s", error->message);
      self->store_error = g_steal_pointer (&error);
    }

  for_each_window (self, give_store_to_window, self);
  g_application_release (G_APPLICATION (self));
}

/* The database is opened, and the demo made, in a worker: the window shows
 * at once and fills in when the disk has answered.
 */
static void
open_store (GchApplication *self)
{
  g_autoptr(GTask) task = NULL;
  OpenData *od = g_new0 (OpenData, 1);

  od->demo = self->demo;
  if (self->demo)
    {
      od->path = g_build_filename (g_get_user_data_dir (), "guichet", "demo.sqlite", NULL);
      od->date = gch_demo_today ();
      g_clear_object (&self->clock);
      self->clock = gch_clock_new_starting (gch_demo_start_time (od->date, GCH_DEMO_TIME));
    }
  else
    od->path = gch_store_dup_default_path ();

  g_application_hold (G_APPLICATION (self));
  task = g_task_new (NULL, NULL, open_store_cb, g_object_ref (self));
  g_task_set_task_data (task, od, open_data_free);
  g_task_run_in_thread (task, open_store_worker);
}

static void
gch_application_activate (GApplication *app)
{
  GchApplication *self = GCH_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (gch_window_new (self));
      give_store_to_window (GCH_WINDOW (window), self);
    }

  gtk_window_present (window);
}

static int
gch_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  GchApplication *self = GCH_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "guichet", PACKAGE_VERSION);
      return 0;
    }

  self->demo = g_variant_dict_contains (options, "demo");

  return G_APPLICATION_CLASS (gch_application_parent_class)->handle_local_options (app, options);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GchApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GchPreferencesWindow *preferences = gch_preferences_window_new (self->settings);

  if (GCH_IS_WINDOW (parent))
    gch_preferences_window_set_day (preferences, gch_window_get_day (GCH_WINDOW (parent)));

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GchApplication *self = user_data;
  static const char *developers[] = { "Guichet developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Guichet"),
                         "application-icon", APP_ID,
                         "developer-name", _("Guichet developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("The counter application of French public services: "
                                       "queues, calls and tickets, online or not."),
                         "website", "https://guichet.example.org/",
                         "developers", developers,
                         "copyright", "© 2026 Guichet developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static void
gch_application_startup (GApplication *app)
{
  GchApplication *self = GCH_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (gch_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  gtk_window_set_default_icon_name (APP_ID);
  open_store (self);
}

static void
gch_application_dispose (GObject *object)
{
  GchApplication *self = (GchApplication *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (gch_application_parent_class)->dispose (object);
}

static void
gch_application_class_init (GchApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gch_application_dispose;

  app_class->activate = gch_application_activate;
  app_class->startup = gch_application_startup;
  app_class->handle_local_options = gch_application_handle_local_options;
}

static void
gch_application_init (GchApplication *self)
{
  /* The schema keeps its id in the development build too. */
  self->settings = g_settings_new ("fr.guichet.Guichet");
  self->clock = gch_clock_new_system ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

GchApplication *
gch_application_new (void)
{
  return g_object_new (GCH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * gch_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
gch_application_get_settings (GchApplication *self)
{
  g_return_val_if_fail (GCH_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * gch_application_get_clock:
 *
 * Returns: (transfer none): the clock every screen reads the time from
 */
GchClock *
gch_application_get_clock (GchApplication *self)
{
  g_return_val_if_fail (GCH_IS_APPLICATION (self), NULL);

  return self->clock;
}
