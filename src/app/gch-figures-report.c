/* gch-figures-report.c
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

#define G_LOG_DOMAIN "gch-figures-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gch-figures-report.h"
#include "gch-hour-chart.h"

/* The figures as files: CSV for a spreadsheet, and an A4 PDF to print or
 * send, drawn with cairo and Pango. Both are written in a worker, from a
 * copy of the figures, so the page may move on while the file is written.
 */

#define A4_WIDTH 595.0   /* points */
#define A4_HEIGHT 842.0
#define MARGIN 50.0

/**
 * gch_figures_report_dup_title:
 *
 * Returns: (transfer full): "Figures of 10 March 2026" or "Figures from
 *   1 July 2026 to 30 September 2026"
 */
char *
gch_figures_report_dup_title (GchFigures *figures)
{
  if (gch_figures_is_day (figures))
    /* Translators: a date, 2026-03-10 */
    return g_strdup_printf (_("Figures of %s"), figures->from);

  /* Translators: two dates, the first and last days of a report */
  return g_strdup_printf (_("Figures from %s to %s"), figures->from, figures->to);
}

/**
 * gch_figures_report_dup_filename:
 *
 * Returns: (transfer full): a file name for the report, such as
 *   `figures-2026-07-01-2026-09-30.pdf`
 */
char *
gch_figures_report_dup_filename (GchFigures       *figures,
                                 GchFiguresFormat  format)
{
  const char *extension = format == GCH_FIGURES_FORMAT_PDF ? "pdf" : "csv";

  if (gch_figures_is_day (figures))
    return g_strdup_printf ("figures-%s.%s", figures->from, extension);
  return g_strdup_printf ("figures-%s-%s.%s", figures->from, figures->to, extension);
}

static char *
format_minutes (double minutes)
{
  if (isnan (minutes))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f", minutes);
}

static char *
format_share (double share)
{
  if (isnan (share))
    return g_strdup ("—");
  return g_strdup_printf ("%.0f %%", share * 100);
}

typedef struct
{
  cairo_t     *cr;
  PangoLayout *layout;
  double       y;
} Page;

static void
show_text (Page       *page,
           double      x,
           double      width,
           const char *text,
           PangoAlignment alignment)
{
  pango_layout_set_width (page->layout, width * PANGO_SCALE);
  pango_layout_set_alignment (page->layout, alignment);
  pango_layout_set_text (page->layout, text, -1);
  cairo_move_to (page->cr, x, page->y);
  pango_cairo_show_layout (page->cr, page->layout);
}

static double
text_height (Page *page)
{
  int w, h;

  pango_layout_get_size (page->layout, &w, &h);
  return (double)h / PANGO_SCALE;
}

static void
set_font (Page       *page,
          const char *description)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (description);

  pango_layout_set_font_description (page->layout, font);
}

static void
new_page_if_needed (Page   *page,
                    double  needed)
{
  if (page->y + needed <= A4_HEIGHT - MARGIN)
    return;
  cairo_show_page (page->cr);
  page->y = MARGIN;
}

/* One row of a table: the first column wide and left, the others right. */
static void
table_row (Page               *page,
           const char * const *cells,
           guint               n_cells,
           gboolean            header)
{
  double first = 160, width = A4_WIDTH - 2 * MARGIN;
  double other = (width - first) / (n_cells - 1);
  double height = 0;

  set_font (page, header ? "Sans Bold 8" : "Sans 8");
  new_page_if_needed (page, 28);
  for (guint i = 0; i < n_cells; i++)
    {
      double x = i == 0 ? MARGIN : MARGIN + first + (i - 1) * other;

      show_text (page, x, i == 0 ? first - 4 : other - 8, cells[i],
                 i == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
      height = MAX (height, text_height (page));
    }

  page->y += height + 4;
  cairo_set_source_rgb (page->cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (page->cr, header ? 1.0 : 0.5);
  cairo_move_to (page->cr, MARGIN, page->y - 2);
  cairo_line_to (page->cr, A4_WIDTH - MARGIN, page->y - 2);
  cairo_stroke (page->cr);
  cairo_set_source_rgb (page->cr, 0, 0, 0);
}

static void
line_row (Page                 *page,
          const char           *name,
          const GchFiguresLine *line)
{
  g_autofree char *visits = g_strdup_printf ("%u", line->visits);
  g_autofree char *served = g_strdup_printf ("%u", line->served);
  g_autofree char *wait = format_minutes (gch_figures_line_get_mean_wait (line));
  g_autofree char *within = format_share (gch_figures_line_get_within_share (line));
  g_autofree char *service = format_minutes (gch_figures_line_get_mean_service (line));
  g_autofree char *no_shows = format_share (gch_figures_line_get_no_show_rate (line));
  g_autofree char *walk_outs = g_strdup_printf ("%u", line->walk_outs);
  g_autofree char *days = g_strdup_printf ("%u", line->days);
  const char *cells[] = { name, visits, served, wait, within, service, no_shows, walk_outs, days };

  table_row (page, cells, G_N_ELEMENTS (cells), FALSE);
}

static void
heading (Page       *page,
         const char *text)
{
  new_page_if_needed (page, 60);
  page->y += 10;
  set_font (page, "Sans Bold 11");
  show_text (page, MARGIN, A4_WIDTH - 2 * MARGIN, text, PANGO_ALIGN_LEFT);
  page->y += text_height (page) + 6;
}

static void
draw_report (cairo_t    *cr,
             GchFigures *figures)
{
  g_autofree char *title = gch_figures_report_dup_title (figures);
  g_autofree char *within_header = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  Page page = { cr, layout, MARGIN };

  /* Translators: the column of the share of people called within the target wait */
  within_header = g_strdup_printf (_("Called within %u min"), figures->target_minutes);
  {
    const char *header[] = {
      C_("report column", "Service"), C_("report column", "Visits"),
      C_("report column", "Served"), C_("report column", "Average wait (min)"), within_header,
      C_("report column", "Service time (min)"), C_("report column", "No-show rate"),
      C_("report column", "Walk-outs"), C_("report column", "Days"),
    };

    cairo_set_source_rgb (cr, 0, 0, 0);
    set_font (&page, "Sans Bold 16");
    show_text (&page, MARGIN, A4_WIDTH - 2 * MARGIN,
               figures->site_name ? figures->site_name : "", PANGO_ALIGN_LEFT);
    page.y += text_height (&page) + 4;
    set_font (&page, "Sans 12");
    show_text (&page, MARGIN, A4_WIDTH - 2 * MARGIN, title, PANGO_ALIGN_LEFT);
    page.y += text_height (&page) + 4;

    /* Translators: the target wait of the report, then how many days it covers */
    subtitle = g_strdup_printf (ngettext ("Target wait: %u min · %u day with visits or appointments",
                                          "Target wait: %u min · %u days with visits or appointments",
                                          figures->total.days),
                                figures->target_minutes, figures->total.days);
    set_font (&page, "Sans 9");
    show_text (&page, MARGIN, A4_WIDTH - 2 * MARGIN, subtitle, PANGO_ALIGN_LEFT);
    page.y += text_height (&page) + 8;

    heading (&page, _("Indicators per service"));
    table_row (&page, header, G_N_ELEMENTS (header), TRUE);
    for (guint i = 0; i < figures->services->len; i++)
      {
        GchFiguresLine *line = g_ptr_array_index (figures->services, i);

        line_row (&page, line->label ? line->label : line->key, line);
      }
    line_row (&page, C_("report row", "All services"), &figures->total);
  }

  {
    g_autofree char *people = g_strdup_printf (
      /* Translators: the no-shows and walk-outs of the period */
      _("No-shows: %u people. Walk-outs: %u people. Appointments due: %u, missed: %u."),
      figures->total.no_shows, figures->total.walk_outs, figures->total.appointments_due,
      figures->total.appointment_no_shows);

    page.y += 6;
    set_font (&page, "Sans 9");
    show_text (&page, MARGIN, A4_WIDTH - 2 * MARGIN, people, PANGO_ALIGN_LEFT);
    page.y += text_height (&page) + 4;
  }

  /* Satisfaction: the annual measure of Qual-e-pref 3.2. */
  {
    const char *header[] = {
      C_("report column", "Service"), C_("report column", "Rated"),
      C_("report column", "Very satisfied"), C_("report column", "Satisfied"),
      C_("report column", "Not very satisfied"), C_("report column", "Not satisfied"),
      C_("report column", "Satisfaction rate"),
    };

    heading (&page, _("Satisfaction of the people served"));
    table_row (&page, header, G_N_ELEMENTS (header), TRUE);
    for (guint i = 0; i <= figures->services->len; i++)
      {
        const GchFiguresLine *line = i < figures->services->len
                                     ? g_ptr_array_index (figures->services, i) : &figures->total;
        g_autofree char *rated = g_strdup_printf ("%u", gch_figures_line_get_rated (line));
        char *faces[4];
        g_autofree char *rate = format_share (gch_figures_line_get_satisfaction_rate (line));
        const char *cells[7];

        for (guint j = 0; j < 4; j++)
          faces[j] = g_strdup_printf ("%u", line->ratings[j]);
        cells[0] = i < figures->services->len ? (line->label ? line->label : line->key)
                                               : C_("report row", "All services");
        cells[1] = rated;
        for (guint j = 0; j < 4; j++)
          cells[2 + j] = faces[j];
        cells[6] = rate;
        table_row (&page, cells, G_N_ELEMENTS (cells), FALSE);
        for (guint j = 0; j < 4; j++)
          g_free (faces[j]);
      }
  }

  if (figures->agents->len > 0)
    {
      const char *header[] = {
        C_("report column", "Agent"), C_("report column", "Served"),
        C_("report column", "Service time (min)"),
      };

      heading (&page, _("Per agent"));
      table_row (&page, header, G_N_ELEMENTS (header), TRUE);
      for (guint i = 0; i < figures->agents->len; i++)
        {
          GchFiguresLine *line = g_ptr_array_index (figures->agents, i);
          g_autofree char *served = g_strdup_printf ("%u", line->served);
          g_autofree char *service = format_minutes (gch_figures_line_get_mean_service (line));
          const char *cells[] = { line->label ? line->label : line->key, served, service };

          table_row (&page, cells, G_N_ELEMENTS (cells), FALSE);
        }
    }

  if (gch_figures_is_day (figures))
    {
      static const GdkRGBA black = { 0, 0, 0, 1 };
      g_autoptr(PangoLayout) small = pango_cairo_create_layout (cr);
      g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 7");
      guint first = 8, last = 18;

      for (guint h = 0; h < 24; h++)
        if (figures->arrivals[h] > 0 || figures->served[h] > 0)
          {
            first = MIN (first, h);
            last = MAX (last, h);
          }

      heading (&page, _("Arrivals (blue) and people served (green) per hour"));
      new_page_if_needed (&page, 190);
      pango_layout_set_font_description (small, font);
      cairo_save (cr);
      cairo_translate (cr, MARGIN, page.y);
      gch_hour_chart_draw (cr, small, A4_WIDTH - 2 * MARGIN, 180, figures->arrivals,
                           figures->served, first, last, &black);
      cairo_restore (cr);
      page.y += 190;

      if (figures->mode_changes->len > 0)
        {
          g_autoptr(GTimeZone) tz = figures->timezone
                                    ? g_time_zone_new_identifier (figures->timezone) : NULL;

          if (tz == NULL)
            tz = g_time_zone_new_utc ();

          heading (&page, _("Changes of mode"));
          set_font (&page, "Sans 9");
          for (guint i = 0; i < figures->mode_changes->len; i++)
            {
              GchModeChange *change = g_ptr_array_index (figures->mode_changes, i);
              g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (change->at);
              g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
              g_autofree char *when = g_date_time_format (local, "%H:%M");
              /* Translators: a time, then the mode the site went into */
              g_autofree char *text = g_strdup_printf (_("%s: %s"), when,
                                                       gch_site_mode_to_label (change->mode));

              new_page_if_needed (&page, 14);
              show_text (&page, MARGIN, A4_WIDTH - 2 * MARGIN, text, PANGO_ALIGN_LEFT);
              page.y += text_height (&page) + 2;
            }
        }
    }

  cairo_show_page (cr);
}

/**
 * gch_figures_report_write_pdf:
 * @path: the file to write
 *
 * Writes the report on A4 pages: the site and the period, the indicators
 * per service and in total, the agents, and for a day the chart of the
 * hours and the changes of mode. Blocks on the disk.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
gch_figures_report_write_pdf (GchFigures  *figures,
                              const char  *path,
                              GError     **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (figures != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Guichet");
  if (figures->site_name != NULL)
    {
      g_autofree char *title = gch_figures_report_dup_title (figures);
      g_autofree char *full = g_strdup_printf ("%s — %s", figures->site_name, title);

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, full);
    }

  cr = cairo_create (surface);
  draw_report (cr, figures);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      /* Translators: a file's path, then why it could not be written */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” could not be written: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  GchFigures       *figures;
  GchFiguresFormat  format;
  GFile            *file;
} Save;

static void
save_free (Save *save)
{
  g_clear_pointer (&save->figures, gch_figures_free);
  g_clear_object (&save->file);
  g_free (save);
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Save *save = task_data;
  GError *error = NULL;
  gboolean ok;

  if (save->format == GCH_FIGURES_FORMAT_CSV)
    {
      g_autofree char *csv = gch_figures_to_csv (save->figures);

      ok = g_file_replace_contents (save->file, csv, strlen (csv), NULL, FALSE,
                                    G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error);
    }
  else
    {
      g_autofree char *path = g_file_get_path (save->file);

      if (path == NULL)
        {
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("A PDF is written to a local folder only."));
          ok = FALSE;
        }
      else
        ok = gch_figures_report_write_pdf (save->figures, path, &error);
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The figures, copied for the worker: the page keeps its own. */
static GchFigures *
copy_figures (GchFigures *figures)
{
  g_autoptr(JsonNode) node = gch_figures_to_json (figures);

  return gch_figures_from_json (node, NULL);
}

/**
 * gch_figures_report_save_async:
 * @figures: the figures, copied
 * @format: CSV or PDF
 * @file: where to write
 *
 * Writes the report in a worker.
 */
void
gch_figures_report_save_async (GchFigures          *figures,
                               GchFiguresFormat     format,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Save *save;

  g_return_if_fail (figures != NULL);
  g_return_if_fail (G_IS_FILE (file));

  save = g_new0 (Save, 1);
  save->figures = copy_figures (figures);
  save->format = format;
  save->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_figures_report_save_async);
  g_task_set_task_data (task, save, (GDestroyNotify) save_free);
  g_task_run_in_thread (task, save_worker);
}

gboolean
gch_figures_report_save_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
