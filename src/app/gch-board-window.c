/* gch-board-window.c
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

#define G_LOG_DOMAIN "gch-board-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-board-window.h"
#include "gch-format.h"

/* The waiting room's screen (`guichet --board`): the last calls, newest
 * first and highlighted, the estimated wait of a ticket taken now for each
 * service, the affluence message and the time. It is a station that never
 * acts: it shows the station's day, and follows it in place when this
 * station or the server changes it. It shows ticket numbers only, never a
 * person's name (DESIGN.md §7).
 */

/* A ticket on the board: "A042 → Guichet 3" */
typedef struct
{
  GtkWidget *row;
  GtkLabel  *ticket;
  GtkLabel  *guichet;
} CallRow;

/* A service's estimated wait: "Titres d'identité ≈ 25 min" */
typedef struct
{
  GchService *service;
  GtkWidget  *row;
  GtkLabel   *wait;
} WaitRow;

/* A call event, and where it stands in the day's history */
typedef struct
{
  GchEvent *event;
  guint     index;
} Call;

struct _GchBoardWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwHeaderBar         *header_bar;
  GtkStack             *calls_stack;
  GtkBox               *calls_box;
  GtkBox               *waits_box;
  GtkLabel             *clock_label;
  GtkLabel             *message_label;
  GtkLabel             *offline_label;

  /* Owned References */
  GchStation           *station;
  GchClock             *clock;
  GchSite              *site;        /* watched for its mode */
  GHashTable           *calls;       /* entry id → CallRow */
  GPtrArray            *waits;       /* WaitRow, in the day's order of services */
  char                 *newest;      /* the entry id of the call at the top */
  gint64                newest_at;
  gboolean              shown;       /* calls were shown once: later ones are announced */
  gboolean              mapped_once;
  gboolean              large;       /* the type is larger on a large screen */

  guint                 tick_source;
  guint                 announce_source;
  guint                 size_source;
};

G_DEFINE_FINAL_TYPE (GchBoardWindow, gch_board_window, ADW_TYPE_APPLICATION_WINDOW)

/* From this size on (a 1920×1080 TV), the type grows with the screen. */
#define LARGE_WIDTH 1600
#define LARGE_HEIGHT 1000
/* The time changes each minute; a few seconds late at most. */
#define TICK_SECONDS 5
/* How long a new call blinks */
#define ANNOUNCE_SECONDS 6

static void
wait_row_free (gpointer data)
{
  WaitRow *row = data;

  g_clear_object (&row->service);
  g_free (row);
}

/* Calls */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const Call *x = a;
  const Call *y = b;
  gint64 at_x = gch_event_get_at (x->event);
  gint64 at_y = gch_event_get_at (y->event);

  if (at_x != at_y)
    return at_x > at_y ? -1 : 1;
  return x->index > y->index ? -1 : x->index < y->index;
}

/* The last call of each person, newest first, at most @max: a recall
 * brings a ticket back to the top rather than showing it twice.
 */
static GArray *
find_last_calls (GchDay *day,
                 guint   max)
{
  g_autoptr(GHashTable) latest = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *calls = g_array_new (FALSE, FALSE, sizeof (Call));

  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);
      const char *id = gch_event_get_record_id (event);
      Call call = { event, i };
      guint position;

      if (g_strcmp0 (gch_event_get_record_kind (event), "entry") != 0 ||
          g_strcmp0 (gch_event_get_to_state (event), "called") != 0)
        continue;

      /* Positions are kept plus one, so that none is NULL. */
      position = GPOINTER_TO_UINT (g_hash_table_lookup (latest, id));
      if (position == 0)
        {
          g_array_append_val (calls, call);
          g_hash_table_insert (latest, (gpointer)id, GUINT_TO_POINTER (calls->len));
        }
      else if (compare_newest_first (&call, &g_array_index (calls, Call, position - 1)) < 0)
        g_array_index (calls, Call, position - 1) = call;
    }

  g_array_sort (calls, compare_newest_first);
  if (calls->len > max)
    g_array_set_size (calls, max);

  return calls;
}

static GchQueueEntry *
find_entry (GchDay     *day,
            const char *id)
{
  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      if (g_strcmp0 (gch_queue_entry_get_id (entry), id) == 0)
        return entry;
    }

  return NULL;
}

static GtkLabel *
new_label (const char *css_class,
           gboolean    expand)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_hexpand (label, expand);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return GTK_LABEL (label);
}

static CallRow *
call_row_new (void)
{
  CallRow *row = g_new0 (CallRow, 1);
  GtkWidget *arrow = gtk_label_new ("→");

  row->row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 32);
  gtk_widget_add_css_class (row->row, "board-call");
  row->ticket = new_label ("board-ticket", FALSE);
  row->guichet = new_label ("board-guichet", TRUE);
  gtk_label_set_ellipsize (row->guichet, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (arrow, "board-arrow");
  /* The arrow says nothing that the order of the words does not. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  gtk_box_append (GTK_BOX (row->row), GTK_WIDGET (row->ticket));
  gtk_box_append (GTK_BOX (row->row), arrow);
  gtk_box_append (GTK_BOX (row->row), GTK_WIDGET (row->guichet));
  return row;
}

static gboolean
end_announce (gpointer user_data)
{
  GchBoardWindow *self = user_data;

  self->announce_source = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->calls_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_remove_css_class (child, "announce");

  return G_SOURCE_REMOVE;
}

/* A new call blinks for a few seconds, so that heads turn to the screen. */
static void
announce (GchBoardWindow *self,
          GtkWidget      *row)
{
  g_clear_handle_id (&self->announce_source, g_source_remove);
  end_announce (self);
  gtk_widget_add_css_class (row, "announce");
  self->announce_source = g_timeout_add_seconds (ANNOUNCE_SECONDS, end_announce, self);
}

static void
show_calls (GchBoardWindow *self,
            GchDay         *day)
{
  g_autoptr(GArray) calls = find_last_calls (day, GCH_BOARD_CALLS);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *previous = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  for (guint i = 0; i < calls->len; i++)
    {
      GchEvent *event = g_array_index (calls, Call, i).event;
      const char *id = gch_event_get_record_id (event);
      GchQueueEntry *entry = find_entry (day, id);
      GchGuichet *guichet = gch_day_find_guichet (day, gch_event_get_guichet (event));
      g_autofree char *where = NULL;
      CallRow *row;

      if (entry == NULL)
        continue;

      if ((row = g_hash_table_lookup (self->calls, id)) == NULL)
        {
          row = call_row_new ();
          g_hash_table_insert (self->calls, g_strdup (id), row);
          gtk_box_append (self->calls_box, row->row);
        }

      if (guichet != NULL)
        where = g_strdup (gch_guichet_get_label (guichet));
      else
        /* Translators: where a ticket is called, when the day has no such guichet */
        where = g_strdup_printf (_("Guichet %u"), gch_event_get_guichet (event));
      gtk_label_set_label (row->ticket, gch_queue_entry_get_ticket (entry));
      gtk_label_set_label (row->guichet, where);
      gtk_box_reorder_child_after (self->calls_box, row->row, previous);

      if (n == 0)
        {
          gtk_widget_add_css_class (row->row, "newest");
          if (self->shown &&
              (g_strcmp0 (self->newest, id) != 0 || self->newest_at != gch_event_get_at (event)))
            announce (self, row->row);
          g_free (self->newest);
          self->newest = g_strdup (id);
          self->newest_at = gch_event_get_at (event);
        }
      else
        gtk_widget_remove_css_class (row->row, "newest");

      g_hash_table_add (kept, (gpointer)id);
      previous = row->row;
      n++;
    }

  /* The calls that left the board */
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (kept, key))
      {
        gtk_box_remove (self->calls_box, ((CallRow *)value)->row);
        g_hash_table_iter_remove (&iter);
      }

  gtk_stack_set_visible_child_name (self->calls_stack, n > 0 ? "list" : "empty");
  self->shown = TRUE;
}

/* Waits */

static void
show_waits (GchBoardWindow *self,
            GchDay         *day,
            gint64          now)
{
  const GchPolicySettings *settings = gch_station_get_settings (self->station);
  g_autoptr(GPtrArray) services = g_ptr_array_new ();
  gboolean same;

  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);

      if (gch_service_get_accepts_walk_ins (service))
        g_ptr_array_add (services, service);
    }

  /* The rows stay while the services do: they change with the day only. */
  same = services->len == self->waits->len;
  for (guint i = 0; same && i < services->len; i++)
    same = ((WaitRow *)g_ptr_array_index (self->waits, i))->service == g_ptr_array_index (services, i);

  if (!same)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->waits_box))) != NULL)
        gtk_box_remove (self->waits_box, child);
      g_ptr_array_set_size (self->waits, 0);

      for (guint i = 0; i < services->len; i++)
        {
          WaitRow *row = g_new0 (WaitRow, 1);
          GtkLabel *name = new_label ("board-service", TRUE);

          row->service = g_object_ref (g_ptr_array_index (services, i));
          row->row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
          gtk_widget_add_css_class (row->row, "board-wait");
          gtk_label_set_label (name, gch_service_get_name (row->service));
          gtk_label_set_ellipsize (name, PANGO_ELLIPSIZE_END);
          row->wait = new_label ("board-wait-time", FALSE);
          gtk_label_set_xalign (row->wait, 1);
          gtk_box_append (GTK_BOX (row->row), GTK_WIDGET (name));
          gtk_box_append (GTK_BOX (row->row), GTK_WIDGET (row->wait));
          gtk_box_append (self->waits_box, row->row);
          g_ptr_array_add (self->waits, row);
        }
    }

  for (guint i = 0; i < self->waits->len; i++)
    {
      WaitRow *row = g_ptr_array_index (self->waits, i);
      gint64 wait = gch_policy_estimate_walk_in (day, settings, row->service, GCH_PRIORITY_NONE, now);
      g_autofree char *text = gch_format_wait (wait);

      gtk_label_set_label (row->wait, text);
    }
}

/* The message */

static void
show_message (GchBoardWindow *self)
{
  GchSiteMode mode = gch_site_get_mode (self->site);
  g_autofree char *message = NULL;

  /* The mode's message, with the quieter hours out of normal (gch-mode.h). */
  if (self->station != NULL && gch_station_get_day (self->station) != NULL)
    message = gch_mode_dup_notice (gch_station_get_day (self->station),
                                   gch_clock_now (gch_station_get_clock (self->station)));
  else if (gch_mode_get_message (mode) != NULL)
    message = g_strdup (gch_mode_get_message (mode));

  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (mode == GCH_SITE_MODE_CRISE)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "crise");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "crise");
}

static void
on_site_mode_cb (GchBoardWindow *self,
                 GParamSpec     *pspec,
                 GchSite        *site)
{
  show_message (self);
}

static void
watch_site (GchBoardWindow *self,
            GchSite        *site)
{
  if (self->site == site)
    return;

  if (self->site != NULL)
    g_signal_handlers_disconnect_by_func (self->site, on_site_mode_cb, self);
  g_set_object (&self->site, site);
  if (site != NULL)
    g_signal_connect_object (site, "notify::mode", G_CALLBACK (on_site_mode_cb), self,
                             G_CONNECT_SWAPPED);
}

/* The time */

static gboolean
show_time (GchBoardWindow *self)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *text = NULL;

  if (self->site == NULL)
    return FALSE;

  tz = gch_site_dup_time_zone (self->site);
  text = gch_format_time (tz, gch_clock_now (self->clock));
  if (g_strcmp0 (text, gtk_label_get_label (self->clock_label)) == 0)
    return FALSE;

  gtk_label_set_label (self->clock_label, text);
  return TRUE;
}

static gboolean
on_tick_cb (gpointer user_data)
{
  GchBoardWindow *self = user_data;

  /* A new minute: the waits have moved too. */
  if (show_time (self))
    gch_board_window_refresh (self);

  return G_SOURCE_CONTINUE;
}

/**
 * gch_board_window_refresh:
 *
 * Brings the board up to date with the station's day, in place: the rows
 * of calls that stay on the board are the same widgets.
 */
void
gch_board_window_refresh (GchBoardWindow *self)
{
  GchDay *day;

  g_return_if_fail (GCH_IS_BOARD_WINDOW (self));

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL ||
      day->site == NULL)
    return;

  watch_site (self, day->site);
  show_time (self);
  show_calls (self, day);
  show_waits (self, day, gch_clock_now (self->clock));
  show_message (self);
}

static void
on_station_changed_cb (GchBoardWindow *self,
                       GchChange      *change,
                       GchStation     *station)
{
  gch_board_window_refresh (self);
}

static void
on_day_updated_cb (GchBoardWindow    *self,
                   GchSyncController *sync)
{
  gch_board_window_refresh (self);
}

/* A board that lost the server still shows its own station's calls, but
 * not the others': the people waiting are told to listen as well.
 */
static void
on_offline_since_cb (GchBoardWindow    *self,
                     GParamSpec        *pspec,
                     GchSyncController *sync)
{
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label),
                          gch_sync_controller_get_offline_since (sync) != 0);
}

/* Fullscreen */

static void
on_fullscreened_cb (GchBoardWindow *self,
                    GParamSpec     *pspec,
                    gpointer        user_data)
{
  /* Out of fullscreen, the window can be moved and closed. */
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar),
                          !gtk_window_is_fullscreen (GTK_WINDOW (self)));
}

static void
leave_fullscreen_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  gtk_window_unfullscreen (GTK_WINDOW (widget));
}

static void
toggle_fullscreen_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_fullscreen (GTK_WINDOW (widget));
}

/* Asked before the window shows, fullscreen was lost on X11 (GTK 4.8):
 * ask once it is on screen.
 */
static void
gch_board_window_map (GtkWidget *widget)
{
  GchBoardWindow *self = GCH_BOARD_WINDOW (widget);

  GTK_WIDGET_CLASS (gch_board_window_parent_class)->map (widget);

  if (!self->mapped_once)
    {
      self->mapped_once = TRUE;
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
}

static void
apply_size (gpointer user_data)
{
  GchBoardWindow *self = user_data;

  self->size_source = 0;
  if (self->large)
    gtk_widget_add_css_class (GTK_WIDGET (self), "large");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large");
}

static void
gch_board_window_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  GchBoardWindow *self = GCH_BOARD_WINDOW (widget);
  gboolean large = width >= LARGE_WIDTH && height >= LARGE_HEIGHT;

  GTK_WIDGET_CLASS (gch_board_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* Not while the window is laid out: a new class lays it out again. */
  if (large != self->large)
    {
      self->large = large;
      if (self->size_source == 0)
        self->size_source = g_idle_add_once (apply_size, self);
    }
}

static void
gch_board_window_dispose (GObject *object)
{
  GchBoardWindow *self = (GchBoardWindow *)object;

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->announce_source, g_source_remove);
  g_clear_handle_id (&self->size_source, g_source_remove);
  if (self->site != NULL)
    g_signal_handlers_disconnect_by_func (self->site, on_site_mode_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_BOARD_WINDOW);
  g_clear_object (&self->station);
  g_clear_object (&self->clock);
  g_clear_object (&self->site);
  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->waits, g_ptr_array_unref);
  g_clear_pointer (&self->newest, g_free);

  G_OBJECT_CLASS (gch_board_window_parent_class)->dispose (object);
}

static void
gch_board_window_class_init (GchBoardWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_board_window_dispose;
  widget_class->map = gch_board_window_map;
  widget_class->size_allocate = gch_board_window_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-board-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GchBoardWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GchBoardWindow, calls_stack);
  gtk_widget_class_bind_template_child (widget_class, GchBoardWindow, calls_box);
  gtk_widget_class_bind_template_child (widget_class, GchBoardWindow, waits_box);
  gtk_widget_class_bind_template_child (widget_class, GchBoardWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, GchBoardWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, GchBoardWindow, offline_label);

  gtk_widget_class_install_action (widget_class, "board.leave-fullscreen", NULL,
                                   leave_fullscreen_action);
  gtk_widget_class_install_action (widget_class, "board.toggle-fullscreen", NULL,
                                   toggle_fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "board.leave-fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0,
                                       "board.toggle-fullscreen", NULL);
}

static void
gch_board_window_init (GchBoardWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->waits = g_ptr_array_new_with_free_func (wait_row_free);

  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (on_fullscreened_cb), NULL);
  on_fullscreened_cb (self, NULL, NULL);

  self->tick_source = g_timeout_add_seconds (TICK_SECONDS, on_tick_cb, self);
}

GchBoardWindow *
gch_board_window_new (GchApplication *application)
{
  GchBoardWindow *self = g_object_new (GCH_TYPE_BOARD_WINDOW, "application", application, NULL);

  self->clock = g_object_ref (gch_application_get_clock (application));
  return self;
}

/**
 * gch_board_window_set_station:
 *
 * Shows @station's day, and follows its changes.
 */
void
gch_board_window_set_station (GchBoardWindow *self,
                              GchStation     *station)
{
  g_return_if_fail (GCH_IS_BOARD_WINDOW (self));
  g_return_if_fail (GCH_IS_STATION (station));

  if (self->station != station)
    {
      g_set_object (&self->station, station);
      /* The demo's clock starts at its own time of day: take the station's. */
      g_set_object (&self->clock, gch_station_get_clock (station));
      g_signal_connect_object (station, "changed", G_CALLBACK (on_station_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  gch_board_window_refresh (self);
}

/**
 * gch_board_window_set_sync_controller:
 *
 * Follows what other stations change, as the sync merges it into the day.
 */
void
gch_board_window_set_sync_controller (GchBoardWindow    *self,
                                      GchSyncController *sync)
{
  g_return_if_fail (GCH_IS_BOARD_WINDOW (self));
  g_return_if_fail (GCH_IS_SYNC_CONTROLLER (sync));

  g_signal_handlers_disconnect_by_func (sync, on_day_updated_cb, self);
  g_signal_handlers_disconnect_by_func (sync, on_offline_since_cb, self);
  g_signal_connect_object (sync, "day-updated", G_CALLBACK (on_day_updated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::offline-since", G_CALLBACK (on_offline_since_cb), self,
                           G_CONNECT_SWAPPED);
  on_offline_since_cb (self, NULL, sync);
}

/**
 * gch_board_window_get_calls:
 *
 * Returns: (transfer none): the box of the calls shown, newest first: one
 *   box per call, its first label the ticket and its last the guichet
 */
GtkWidget *
gch_board_window_get_calls (GchBoardWindow *self)
{
  g_return_val_if_fail (GCH_IS_BOARD_WINDOW (self), NULL);

  return GTK_WIDGET (self->calls_box);
}

/**
 * gch_board_window_get_waits:
 *
 * Returns: (transfer none): the box of the waits: one box per service
 *   that takes walk-ins, its first label the service and its last the wait
 */
GtkWidget *
gch_board_window_get_waits (GchBoardWindow *self)
{
  g_return_val_if_fail (GCH_IS_BOARD_WINDOW (self), NULL);

  return GTK_WIDGET (self->waits_box);
}

/**
 * gch_board_window_get_message:
 *
 * Returns: (transfer none): the label of the affluence message
 */
GtkWidget *
gch_board_window_get_message (GchBoardWindow *self)
{
  g_return_val_if_fail (GCH_IS_BOARD_WINDOW (self), NULL);

  return GTK_WIDGET (self->message_label);
}

/**
 * gch_board_window_get_clock:
 *
 * Returns: (transfer none): the label of the time
 */
GtkWidget *
gch_board_window_get_clock (GchBoardWindow *self)
{
  g_return_val_if_fail (GCH_IS_BOARD_WINDOW (self), NULL);

  return GTK_WIDGET (self->clock_label);
}
