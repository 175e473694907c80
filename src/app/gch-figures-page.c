/* gch-figures-page.c
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

#define G_LOG_DOMAIN "gch-figures-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gch-figures-page.h"
#include "gch-format.h"
#include "gch-hour-chart.h"
#include "gch-save-chooser.h"
#include "gch-window.h"

/* The supervisor's figures: today's, from the station's live day, counted
 * again at each change (a day's events are a few thousand: well under a
 * millisecond) and shown in rows made once per figure, service and agent,
 * relabelled in place; and a quarter's, which only the server has whole,
 * fetched in a worker through the station's sync.
 */
struct _GchFiguresPage
{
  AdwBin          parent_instance;

  GchStation     *station;
  GCancellable   *cancellable;
  guint           target_minutes;

  GchFigures     *today;
  char           *today_date;        /* the day the rows are of */
  GchFigures     *quarter;
  char           *quarter_status;
  gboolean        quarter_loading;
  guint           quarter_shown;     /* the chooser's item the figures are of */

  GHashTable     *today_rows;        /* figure name → AdwActionRow */
  GHashTable     *service_rows;      /* service code → AdwActionRow */
  GHashTable     *agent_rows;        /* agent id → AdwActionRow */
  GHashTable     *quarter_rows;      /* service code, "" for the total → AdwActionRow */
  guint           mode_rows;

  GStrv           quarter_from;      /* the chooser's items: first and last days */
  GStrv           quarter_to;

  GtkFileChooserNative *chooser;

  /* Template Widgets */
  GtkListBox     *today_list;
  GchHourChart   *hour_chart;
  GtkListBox     *services_list;
  GtkListBox     *agents_list;
  GtkListBox     *modes_list;
  GtkDropDown    *quarter_dropdown;
  GtkLabel       *quarter_status_label;
  GtkListBox     *quarter_list;
};

G_DEFINE_FINAL_TYPE (GchFiguresPage, gch_figures_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TARGET_MINUTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define QUARTERS 8

/* Helpers */

static char *
format_minutes (double minutes)
{
  if (isnan (minutes))
    /* Translators: a figure that cannot be told, nobody was called yet */
    return g_strdup (C_("figure", "—"));
  /* Translators: a mean duration in minutes, one decimal, “12.5 min” */
  return g_strdup_printf (C_("figure", "%.1f min"), minutes);
}

static char *
format_share (double share)
{
  if (isnan (share))
    return g_strdup (C_("figure", "—"));
  /* Translators: a percentage, “83 %” */
  return g_strdup_printf (C_("figure", "%.0f %%"), share * 100);
}

static AdwActionRow *
new_value_row (GtkListBox *list,
               const char *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (NULL);

  gtk_widget_add_css_class (value, "figure");
  gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data (G_OBJECT (row), "value", value);
  gtk_list_box_append (list, row);

  return ADW_ACTION_ROW (row);
}

static void
set_row (AdwActionRow *row,
         const char   *title,
         const char   *subtitle,
         const char   *value)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "value");

  if (title != NULL && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                  title) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (g_strcmp0 (adw_action_row_get_subtitle (row), subtitle) != 0)
    adw_action_row_set_subtitle (row, subtitle);
  if (g_strcmp0 (gtk_label_get_label (label), value ? value : "") != 0)
    gtk_label_set_label (label, value ? value : "");
}

/* The row of @key in @rows, made at the end of @list the first time. */
static AdwActionRow *
row_for (GHashTable *rows,
         GtkListBox *list,
         const char *key,
         const char *title)
{
  AdwActionRow *row = g_hash_table_lookup (rows, key);

  if (row == NULL)
    {
      row = new_value_row (list, title);
      g_hash_table_insert (rows, g_strdup (key), row);
    }

  return row;
}

/* Satisfaction: how many rated, and how, face by face. */
static char *
describe_ratings (const GchFiguresLine *line)
{
  guint rated = gch_figures_line_get_rated (line);

  if (rated == 0)
    return g_strdup (_("Nobody rated a service"));
  /* Translators: the people who rated, then how many chose each of the four faces */
  return g_strdup_printf (ngettext ("%u rating: %u very satisfied, %u satisfied, "
                                    "%u not very satisfied, %u not satisfied",
                                    "%u ratings: %u very satisfied, %u satisfied, "
                                    "%u not very satisfied, %u not satisfied", rated),
                          rated, line->ratings[0], line->ratings[1], line->ratings[2],
                          line->ratings[3]);
}

static char *
describe_line (const GchFiguresLine *line,
               guint                 target_minutes,
               gboolean              period)
{
  g_autofree char *wait = format_minutes (gch_figures_line_get_mean_wait (line));
  g_autofree char *within = format_share (gch_figures_line_get_within_share (line));
  g_autofree char *service = format_minutes (gch_figures_line_get_mean_service (line));
  GString *text = g_string_new (NULL);

  /* Translators: the figures of a service: visits, then people served */
  g_string_append_printf (text, ngettext ("%u visit · %u served", "%u visits · %u served",
                                          line->visits),
                          line->visits, line->served);
  /* Translators: a mean wait, then the share of people called within the target wait */
  g_string_append_printf (text, _(" · average wait %s · %s within %u min"), wait, within,
                          target_minutes);
  /* Translators: the mean service time */
  g_string_append_printf (text, _(" · service %s"), service);

  if (period)
    {
      g_autofree char *rate = format_share (gch_figures_line_get_no_show_rate (line));

      /* Translators: the share of appointments missed, the walk-outs, and the days counted */
      g_string_append_printf (text, ngettext (" · no-show rate %s · %u walk-outs · %u day",
                                              " · no-show rate %s · %u walk-outs · %u days",
                                              line->days),
                              rate, line->walk_outs, line->days);
    }
  else
    /* Translators: people marked no-show, then people who left before being called */
    g_string_append_printf (text, _(" · %u no-shows · %u walk-outs"), line->no_shows,
                            line->walk_outs);

  if (gch_figures_line_get_rated (line) > 0)
    {
      g_autofree char *rate = format_share (gch_figures_line_get_satisfaction_rate (line));

      /* Translators: the share of ratings very satisfied or satisfied, of so many */
      g_string_append_printf (text, ngettext (" · %s satisfied of %u rating",
                                              " · %s satisfied of %u ratings",
                                              gch_figures_line_get_rated (line)),
                              rate, gch_figures_line_get_rated (line));
    }

  return g_string_free (text, FALSE);
}

static GchWindow *
window_of (GchFiguresPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GCH_IS_WINDOW (root) ? GCH_WINDOW (root) : NULL;
}

static void
toast (GchFiguresPage *self,
       const char     *message)
{
  GchWindow *window = window_of (self);

  if (window != NULL)
    gch_window_add_toast (window, message);
  else
    g_message ("%s", message);
}

/* Today */

static void
clear_rows (GtkListBox *list,
            GHashTable *rows)
{
  GtkListBoxRow *row;

  /* The rows only: the placeholder stays. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
  if (rows != NULL)
    g_hash_table_remove_all (rows);
}

static void
update_today (GchFiguresPage *self,
              GchDay         *day)
{
  const GchFiguresLine *total;
  g_autoptr(GTimeZone) tz = NULL;
  guint first = 8, last = 17;

  g_clear_pointer (&self->today, gch_figures_free);
  self->today = gch_figures_new_for_day (day, self->target_minutes);
  total = &self->today->total;

  {
    g_autofree char *arrivals = g_strdup_printf ("%u", total->visits);
    g_autofree char *served = g_strdup_printf ("%u", total->served);
    g_autofree char *wait = format_minutes (gch_figures_line_get_mean_wait (total));
    g_autofree char *within = format_share (gch_figures_line_get_within_share (total));
    g_autofree char *service = format_minutes (gch_figures_line_get_mean_service (total));
    g_autofree char *no_shows = g_strdup_printf ("%u", total->no_shows);
    g_autofree char *walk_outs = g_strdup_printf ("%u", total->walk_outs);
    g_autofree char *within_title = NULL;
    g_autofree char *called = NULL;

    /* Translators: the target wait in minutes */
    within_title = g_strdup_printf (_("Called within %u min"), self->target_minutes);
    /* Translators: how many people the average wait is of */
    called = g_strdup_printf (ngettext ("Of the %u person called so far",
                                        "Of the %u people called so far", total->called),
                              total->called);

    set_row (g_hash_table_lookup (self->today_rows, "arrivals"), NULL,
             _("People who came, a transfer counted once"), arrivals);
    set_row (g_hash_table_lookup (self->today_rows, "served"), NULL, NULL, served);
    set_row (g_hash_table_lookup (self->today_rows, "wait"), NULL, called, wait);
    set_row (g_hash_table_lookup (self->today_rows, "within"), within_title, NULL, within);
    set_row (g_hash_table_lookup (self->today_rows, "service"), NULL,
             _("From the start of a service to its end"), service);
    set_row (g_hash_table_lookup (self->today_rows, "no-shows"), NULL,
             _("Called and not come, or an appointment missed"), no_shows);
    set_row (g_hash_table_lookup (self->today_rows, "walk-outs"), NULL,
             _("Left before being called"), walk_outs);
    {
      g_autofree char *rate = format_share (gch_figures_line_get_satisfaction_rate (total));
      g_autofree char *faces = describe_ratings (total);

      set_row (g_hash_table_lookup (self->today_rows, "satisfaction"), NULL, faces, rate);
    }
  }

  for (guint i = 0; i < self->today->services->len; i++)
    {
      GchFiguresLine *line = g_ptr_array_index (self->today->services, i);
      g_autofree char *subtitle = describe_line (line, self->target_minutes, FALSE);
      g_autofree char *served = g_strdup_printf ("%u", line->served);

      set_row (row_for (self->service_rows, self->services_list, line->key, line->label),
               line->label, subtitle, served);
    }

  for (guint i = 0; i < self->today->agents->len; i++)
    {
      GchFiguresLine *line = g_ptr_array_index (self->today->agents, i);
      g_autofree char *service = format_minutes (gch_figures_line_get_mean_service (line));
      g_autofree char *subtitle = NULL;
      g_autofree char *served = g_strdup_printf ("%u", line->served);

      /* Translators: an agent's number of services finished, then their mean duration */
      subtitle = g_strdup_printf (ngettext ("%u served · %s per service",
                                            "%u served · %s per service", line->served),
                                  line->served, service);
      set_row (row_for (self->agent_rows, self->agents_list, line->key, line->label),
               line->label, subtitle, served);
    }

  /* A day's changes of mode only ever grow: the new ones are added. */
  tz = day->site ? gch_site_dup_time_zone (day->site) : g_time_zone_new_utc ();
  for (guint i = self->mode_rows; i < self->today->mode_changes->len; i++)
    {
      GchModeChange *change = g_ptr_array_index (self->today->mode_changes, i);
      g_autofree char *when = gch_format_time (tz, change->at);
      GchAgent *agent = change->actor ? gch_day_find_agent (day, change->actor) : NULL;
      g_autofree char *by = NULL;

      if (agent != NULL || change->actor != NULL)
        /* Translators: who changed the site's mode */
        by = g_strdup_printf (_("By %s"), agent ? gch_agent_get_name (agent) : change->actor);
      set_row (new_value_row (self->modes_list, gch_site_mode_to_label (change->mode)), NULL, by,
               when);
      self->mode_rows++;
    }

  if (day->site != NULL)
    {
      first = gch_site_get_opens_at (day->site) / 60;
      last = MAX (first, (gch_site_get_closes_at (day->site) + 59) / 60 - 1);
    }
  for (guint h = 0; h < 24; h++)
    if (self->today->arrivals[h] > 0 || self->today->served[h] > 0)
      {
        first = MIN (first, h);
        last = MAX (last, h);
      }
  gch_hour_chart_set_hours (self->hour_chart, self->today->arrivals, self->today->served,
                            first, MIN (last, 23));
}

/* The quarter */

static void
set_quarter_status (GchFiguresPage *self,
                    const char     *status)
{
  g_free (self->quarter_status);
  self->quarter_status = g_strdup (status);
  gtk_label_set_label (self->quarter_status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->quarter_status_label), status != NULL);
}

static void
show_quarter (GchFiguresPage *self)
{
  GchFigures *quarter = self->quarter;

  gtk_widget_set_visible (GTK_WIDGET (self->quarter_list), quarter != NULL);
  if (quarter == NULL)
    return;

  {
    g_autofree char *subtitle = describe_line (&quarter->total, quarter->target_minutes, TRUE);
    g_autofree char *visits = g_strdup_printf ("%u", quarter->total.visits);

    set_row (row_for (self->quarter_rows, self->quarter_list, "", _("All services")), NULL,
             subtitle, visits);
  }

  for (guint i = 0; i < quarter->services->len; i++)
    {
      GchFiguresLine *line = g_ptr_array_index (quarter->services, i);
      g_autofree char *subtitle = describe_line (line, quarter->target_minutes, TRUE);
      g_autofree char *visits = g_strdup_printf ("%u", line->visits);

      set_row (row_for (self->quarter_rows, self->quarter_list, line->key, line->label),
               line->label, subtitle, visits);
    }
}

typedef struct
{
  GchFiguresPage *self;
  guint           chosen;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->self);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
fetch_quarter_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  GchFiguresPage *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GchFigures) figures = NULL;
  guint chosen = fetch->chosen;

  node = gch_sync_fetch_figures_finish (GCH_SYNC (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->quarter_loading = FALSE;
  if (node != NULL)
    figures = gch_figures_from_json (node, &error);

  if (figures == NULL)
    {
      if (g_error_matches (error, GCH_ERROR, GCH_ERROR_UNREACHABLE))
        set_quarter_status (self, _("Offline: the server could not be reached. The quarter’s "
                                    "figures will show when it answers."));
      else
        set_quarter_status (self, error->message);
      return;
    }

  g_clear_pointer (&self->quarter, gch_figures_free);
  self->quarter = g_steal_pointer (&figures);
  self->quarter_shown = chosen;
  set_quarter_status (self, NULL);
  show_quarter (self);

  /* Another quarter was chosen meanwhile. */
  if (gtk_drop_down_get_selected (self->quarter_dropdown) != chosen)
    gch_figures_page_load_quarter (self);
}

/**
 * gch_figures_page_load_quarter:
 *
 * Fetches the figures of the quarter chosen from the server, in a worker,
 * unless they are shown or on their way.
 */
void
gch_figures_page_load_quarter (GchFiguresPage *self)
{
  guint chosen;
  GchSync *sync;
  Fetch *fetch;

  g_return_if_fail (GCH_IS_FIGURES_PAGE (self));

  if (self->station == NULL || self->quarter_from == NULL || self->quarter_loading)
    return;

  chosen = gtk_drop_down_get_selected (self->quarter_dropdown);
  if (chosen >= QUARTERS)
    return;
  if (self->quarter != NULL && self->quarter_shown == chosen &&
      self->quarter->target_minutes == self->target_minutes)
    return;

  if ((sync = gch_station_get_sync (self->station)) == NULL)
    {
      set_quarter_status (self, _("This station works without a booking server: the quarter’s "
                                  "figures come from the server. Set its address in the "
                                  "preferences and log in as a supervisor."));
      return;
    }

  self->quarter_loading = TRUE;
  set_quarter_status (self, _("Loading the quarter’s figures from the server…"));
  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->chosen = chosen;
  gch_sync_fetch_figures_async (sync, self->quarter_from[chosen], self->quarter_to[chosen],
                                self->target_minutes, self->cancellable, fetch_quarter_cb,
                                fetch);
}

static void
fill_quarters (GchFiguresPage *self,
               const char     *date)
{
  g_autoptr(GStrvBuilder) from = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) to = g_strv_builder_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  int year, month, day;

  if (!gch_day_parse_date (date, &year, &month, &day))
    return;

  for (int i = 0, q = (month - 1) / 3; i < QUARTERS; i++, q--)
    {
      g_autoptr(GDate) first = NULL;
      g_autoptr(GDate) last = NULL;
      g_autofree char *label = NULL;
      char text[16];

      if (q < 0)
        {
          q = 3;
          year--;
        }
      first = g_date_new_dmy (1, q * 3 + 1, year);
      last = g_date_new_dmy (1, q * 3 + 1, year);
      g_date_add_months (last, 3);
      g_date_subtract_days (last, 1);

      g_date_strftime (text, sizeof text, "%Y-%m-%d", first);
      g_strv_builder_add (from, text);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", last);
      g_strv_builder_add (to, text);

      if (i == 0)
        /* Translators: a quarter's number and year, the current one, “Q4 2026 (this quarter)” */
        label = g_strdup_printf (_("Q%d %d (this quarter)"), q + 1, year);
      else
        /* Translators: a quarter's number and year, “Q3 2026” */
        label = g_strdup_printf (_("Q%d %d"), q + 1, year);
      gtk_string_list_append (labels, label);
    }

  /* Past midnight into a new quarter, the figures shown are another's. */
  if (self->quarter_from != NULL && self->quarter != NULL)
    {
      g_auto(GStrv) froms = g_strv_builder_end (g_steal_pointer (&from));

      if (g_strcmp0 (froms[0], self->quarter_from[0]) != 0)
        {
          g_clear_pointer (&self->quarter, gch_figures_free);
          show_quarter (self);
        }
      from = g_strv_builder_new ();
      g_strv_builder_addv (from, (const char **)froms);
    }

  g_clear_pointer (&self->quarter_from, g_strfreev);
  g_clear_pointer (&self->quarter_to, g_strfreev);
  self->quarter_from = g_strv_builder_end (from);
  self->quarter_to = g_strv_builder_end (to);
  gtk_drop_down_set_model (self->quarter_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->quarter_dropdown, 0);
}

/* Callbacks */

static void
on_quarter_selected_cb (GchFiguresPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gch_figures_page_load_quarter (self);
}

static void
on_map_cb (GchFiguresPage *self)
{
  gch_figures_page_load_quarter (self);
}

/* Exports */

typedef struct
{
  GchFiguresPage   *self;
  GFile            *file;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->self);
  g_clear_object (&export->file);
  g_free (export);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gch_figures_page_save_finish (export->self, result, &error);
  if ((message = gch_save_chooser_describe (export->file, error)))
    toast (export->self, message);

  export_free (export);
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        gpointer         user_data)
{
  GchFiguresPage *self = GCH_FIGURES_PAGE (user_data);
  const char *which = g_object_get_data (G_OBJECT (dialog), "which");
  GchFiguresFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      Export *export = g_new0 (Export, 1);

      export->self = g_object_ref (self);
      export->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      gch_figures_page_save_async (self, which, format, export->file, self->cancellable,
                                   export_cb, export);
    }

  g_clear_object (&self->chooser);
}

/* GObject */

static void
gch_figures_page_dispose (GObject *object)
{
  GchFiguresPage *self = (GchFiguresPage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_FIGURES_PAGE);
  g_clear_object (&self->station);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gch_figures_page_parent_class)->dispose (object);
}

static void
gch_figures_page_finalize (GObject *object)
{
  GchFiguresPage *self = (GchFiguresPage *)object;

  g_clear_pointer (&self->today, gch_figures_free);
  g_clear_pointer (&self->today_date, g_free);
  g_clear_pointer (&self->quarter, gch_figures_free);
  g_clear_pointer (&self->quarter_status, g_free);
  g_clear_pointer (&self->quarter_from, g_strfreev);
  g_clear_pointer (&self->quarter_to, g_strfreev);
  g_clear_pointer (&self->today_rows, g_hash_table_unref);
  g_clear_pointer (&self->service_rows, g_hash_table_unref);
  g_clear_pointer (&self->agent_rows, g_hash_table_unref);
  g_clear_pointer (&self->quarter_rows, g_hash_table_unref);

  G_OBJECT_CLASS (gch_figures_page_parent_class)->finalize (object);
}

static void
gch_figures_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GchFiguresPage *self = GCH_FIGURES_PAGE (object);

  switch (prop_id)
    {
    case PROP_TARGET_MINUTES:
      g_value_set_int (value, self->target_minutes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_figures_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GchFiguresPage *self = GCH_FIGURES_PAGE (object);

  switch (prop_id)
    {
    case PROP_TARGET_MINUTES:
      if (self->target_minutes != (guint)g_value_get_int (value))
        {
          self->target_minutes = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
          gch_figures_page_refresh (self);
          if (gtk_widget_get_mapped (GTK_WIDGET (self)))
            gch_figures_page_load_quarter (self);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_figures_page_class_init (GchFiguresPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_figures_page_dispose;
  object_class->finalize = gch_figures_page_finalize;
  object_class->get_property = gch_figures_page_get_property;
  object_class->set_property = gch_figures_page_set_property;

  /* The target wait of the figures; the setting of the same name drives it. */
  properties[PROP_TARGET_MINUTES] =
    g_param_spec_int ("target-minutes", NULL, NULL, 1, 24 * 60, 30,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GCH_TYPE_HOUR_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-figures-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GchFiguresPage, today_list);
  gtk_widget_class_bind_template_child (widget_class, GchFiguresPage, hour_chart);
  gtk_widget_class_bind_template_child (widget_class, GchFiguresPage, services_list);
  gtk_widget_class_bind_template_child (widget_class, GchFiguresPage, agents_list);
  gtk_widget_class_bind_template_child (widget_class, GchFiguresPage, modes_list);
  gtk_widget_class_bind_template_child (widget_class, GchFiguresPage, quarter_dropdown);
  gtk_widget_class_bind_template_child_full (widget_class, "quarter_status", FALSE,
                                             G_STRUCT_OFFSET (GchFiguresPage,
                                                              quarter_status_label));
  gtk_widget_class_bind_template_child (widget_class, GchFiguresPage, quarter_list);
}

static void
gch_figures_page_init (GchFiguresPage *self)
{
  static const struct { const char *key; const char *title; } figures[] = {
    { "arrivals", NC_("figures", "Arrivals") },
    { "served", NC_("figures", "Served") },
    { "wait", NC_("figures", "Average wait") },
    { "within", NULL },
    { "service", NC_("figures", "Average service time") },
    { "no-shows", NC_("figures", "No-shows") },
    { "walk-outs", NC_("figures", "Walk-outs") },
    { "satisfaction", NC_("figures", "Satisfaction") },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->target_minutes = 30;
  self->today_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->service_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->agent_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->quarter_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    g_hash_table_insert (self->today_rows, g_strdup (figures[i].key),
                         new_value_row (self->today_list,
                                        figures[i].title
                                        ? g_dpgettext2 (GETTEXT_PACKAGE, "figures", figures[i].title)
                                        : ""));

  gtk_widget_set_visible (GTK_WIDGET (self->quarter_list), FALSE);
  g_signal_connect_object (self->quarter_dropdown, "notify::selected",
                           G_CALLBACK (on_quarter_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

/* Public API */

/**
 * gch_figures_page_set_station:
 *
 * Shows the figures of @station's day, and the quarters up to it.
 */
void
gch_figures_page_set_station (GchFiguresPage *self,
                              GchStation     *station)
{
  g_return_if_fail (GCH_IS_FIGURES_PAGE (self));
  g_return_if_fail (GCH_IS_STATION (station));

  g_set_object (&self->station, station);
  gch_figures_page_refresh (self);
}

/**
 * gch_figures_page_refresh:
 *
 * Counts today's figures again from the station's day, in place.
 */
void
gch_figures_page_refresh (GchFiguresPage *self)
{
  GchDay *day;

  g_return_if_fail (GCH_IS_FIGURES_PAGE (self));

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL ||
      day->site == NULL)
    return;

  /* A new day (the station ran past midnight): its agents and changes
   * of mode start again, and the quarters may have moved on.
   */
  if (g_strcmp0 (self->today_date, day->date) != 0)
    {
      clear_rows (self->agents_list, self->agent_rows);
      clear_rows (self->modes_list, NULL);
      self->mode_rows = 0;
      g_free (self->today_date);
      self->today_date = g_strdup (day->date);
      fill_quarters (self, day->date);
    }

  update_today (self, day);
}

/**
 * gch_figures_page_get_figures:
 * @which: "today" or "quarter"
 *
 * Returns: (transfer none) (nullable): the figures shown, %NULL when the
 *   quarter's are not loaded
 */
GchFigures *
gch_figures_page_get_figures (GchFiguresPage *self,
                              const char     *which)
{
  g_return_val_if_fail (GCH_IS_FIGURES_PAGE (self), NULL);

  return g_strcmp0 (which, "quarter") == 0 ? self->quarter : self->today;
}

/**
 * gch_figures_page_get_quarter_status:
 *
 * Returns: (nullable): what the quarter's part says instead of figures:
 *   loading, offline, no server
 */
const char *
gch_figures_page_get_quarter_status (GchFiguresPage *self)
{
  g_return_val_if_fail (GCH_IS_FIGURES_PAGE (self), NULL);

  return self->quarter_status;
}

static gboolean
check_figures (GchFiguresPage  *self,
               const char      *which,
               GError         **error)
{
  if (gch_figures_page_get_figures (self, which) != NULL)
    return TRUE;

  g_set_error_literal (error, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                       g_strcmp0 (which, "quarter") == 0
                       ? _("The quarter’s figures are not loaded: they come from the server.")
                       : _("The day is not loaded yet."));
  return FALSE;
}

/**
 * gch_figures_page_export:
 * @which: "today" or "quarter"
 *
 * Asks where to save the report, then writes it in a worker.
 */
void
gch_figures_page_export (GchFiguresPage   *self,
                         const char       *which,
                         GchFiguresFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (GCH_IS_FIGURES_PAGE (self));

  if (!check_figures (self, which, &error))
    {
      toast (self, error->message);
      return;
    }

  name = gch_figures_report_dup_filename (gch_figures_page_get_figures (self, which), format);
  gch_save_chooser_show (&self->chooser, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                         format == GCH_FIGURES_FORMAT_PDF ? _("Export the Figures as PDF")
                                                          : _("Export the Figures as CSV"),
                         name, G_CALLBACK (on_chooser_response_cb), self);
  g_object_set_data_full (G_OBJECT (self->chooser), "which",
                          g_strdup (g_strcmp0 (which, "quarter") == 0 ? "quarter" : "today"),
                          g_free);
  g_object_set_data (G_OBJECT (self->chooser), "format", GINT_TO_POINTER (format));
}

/**
 * gch_figures_page_save_async:
 * @which: "today" or "quarter"
 * @file: where to write
 *
 * Writes the figures shown to @file as CSV or PDF, in a worker.
 */
void
gch_figures_page_save_async (GchFiguresPage      *self,
                             const char          *which,
                             GchFiguresFormat     format,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (GCH_IS_FIGURES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!check_figures (self, which, &error))
    {
      g_task_report_error (self, callback, user_data, gch_figures_page_save_async, error);
      return;
    }

  gch_figures_report_save_async (gch_figures_page_get_figures (self, which), format, file,
                                 cancellable, callback, user_data);
}

gboolean
gch_figures_page_save_finish (GchFiguresPage  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (GCH_IS_FIGURES_PAGE (self), FALSE);

  if (g_async_result_is_tagged (result, gch_figures_page_save_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return gch_figures_report_save_finish (result, error);
}
