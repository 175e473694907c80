/* gch-numerique-report.c
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

#define G_LOG_DOMAIN "gch-numerique-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "gch-numerique-report.h"
#include "gch-signature-pad.h"

/* The point numérique's register as files, for the legal register: CSV,
 * and an A4 PDF to print with each signature drawn from its strokes.
 */

#define A4_WIDTH 595.0   /* points */
#define A4_HEIGHT 842.0
#define MARGIN 50.0
#define SIGNATURE_WIDTH 150.0
#define SIGNATURE_HEIGHT 60.0

/**
 * gch_numerique_report_free:
 */
void
gch_numerique_report_free (GchNumeriqueReport *report)
{
  if (report == NULL)
    return;
  g_free (report->site_name);
  g_free (report->date);
  g_clear_pointer (&report->tz, g_time_zone_unref);
  g_clear_pointer (&report->sessions, g_ptr_array_unref);
  g_clear_pointer (&report->mediators, g_hash_table_unref);
  g_clear_pointer (&report->strokes, g_hash_table_unref);
  g_free (report);
}

/**
 * gch_numerique_report_dup_title:
 *
 * Returns: (transfer full): "Point numérique register of 2026-03-10"
 */
char *
gch_numerique_report_dup_title (GchNumeriqueReport *report)
{
  /* Translators: a date, 2026-03-10 */
  return g_strdup_printf (_("Point numérique register of %s"), report->date);
}

static char *
format_time (GchNumeriqueReport *report,
             gint64              at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, report->tz);

  return g_date_time_format (local, "%H:%M");
}

static const char *
mediator_name (GchNumeriqueReport *report,
               GchHelpSession     *session)
{
  const char *name = report->mediators != NULL
                     ? g_hash_table_lookup (report->mediators, session->mediator) : NULL;

  return name != NULL ? name : session->mediator;
}

/* With @drawing, a signature that could not be read is said so. */
static const char *
signature_label (GchNumeriqueReport *report,
                 GchHelpSession     *session,
                 gboolean            drawing)
{
  if (session->on_paper)
    return _("Signed on paper");
  if (session->erased)
    return _("Signed (erased)");
  if (drawing && (report->strokes == NULL || !g_hash_table_contains (report->strokes, session->id)))
    return _("Signed (kept for supervisors)");
  return _("Signed");
}

static void
append_csv_field (GString    *line,
                  const char *text)
{
  g_autoptr(GString) quoted = g_string_new (text != NULL ? text : "");

  g_string_replace (quoted, "\"", "\"\"", 0);
  if (line->len > 0)
    g_string_append_c (line, ',');
  g_string_append_printf (line, "\"%s\"", quoted->str);
}

/**
 * gch_numerique_report_write_csv:
 *
 * One line per session: date, time, name, démarche, mediator, signature.
 * The strokes are not in it: the PDF draws them.
 */
gboolean
gch_numerique_report_write_csv (GchNumeriqueReport  *report,
                                const char          *path,
                                GError             **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) header = g_string_new (NULL);

  append_csv_field (header, _("Date"));
  append_csv_field (header, _("Time"));
  append_csv_field (header, _("Name"));
  append_csv_field (header, _("Démarche"));
  append_csv_field (header, _("Mediator"));
  append_csv_field (header, _("Signature"));
  g_string_append_printf (text, "%s\r\n", header->str);

  for (guint i = 0; i < report->sessions->len; i++)
    {
      GchHelpSession *session = g_ptr_array_index (report->sessions, i);
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *time = format_time (report, session->at);

      append_csv_field (line, session->day);
      append_csv_field (line, time);
      append_csv_field (line, session->name != NULL ? session->name : _("(erased)"));
      append_csv_field (line, session->demarche);
      append_csv_field (line, mediator_name (report, session));
      append_csv_field (line, signature_label (report, session, FALSE));
      g_string_append_printf (text, "%s\r\n", line->str);
    }

  return g_file_set_contents (path, text->str, text->len, error);
}

typedef struct
{
  cairo_t     *cr;
  PangoLayout *layout;
  double       y;
} Page;

static double
show_text (Page       *page,
           double      x,
           double      y,
           double      width,
           const char *font,
           const char *text)
{
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (page->layout, description);
  pango_layout_set_width (page->layout, width * PANGO_SCALE);
  pango_layout_set_wrap (page->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (page->layout, text, -1);
  cairo_move_to (page->cr, x, y);
  pango_cairo_show_layout (page->cr, page->layout);
  pango_layout_get_size (page->layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
draw_session (Page               *page,
              GchNumeriqueReport *report,
              GchHelpSession     *session)
{
  g_autofree char *time = format_time (report, session->at);
  g_autofree char *who = g_strdup_printf ("%s  %s", time,
                                          session->name != NULL ? session->name : _("(erased)"));
  /* Translators: the démarche, then the mediator's name */
  g_autofree char *what = g_strdup_printf (_("%s — mediator: %s"), session->demarche,
                                           mediator_name (report, session));
  const char *strokes = report->strokes != NULL
                        ? g_hash_table_lookup (report->strokes, session->id) : NULL;
  double text_width = A4_WIDTH - 2 * MARGIN - SIGNATURE_WIDTH - 12;
  double height = SIGNATURE_HEIGHT + 12;

  if (page->y + height > A4_HEIGHT - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }

  cairo_set_source_rgb (page->cr, 0, 0, 0);
  show_text (page, MARGIN, page->y + 6, text_width, "Sans Bold 10", who);
  show_text (page, MARGIN, page->y + 24, text_width, "Sans 9", what);

  /* The signature's box, and in it the signature or what stands for it. */
  cairo_set_source_rgb (page->cr, 0.7, 0.7, 0.7);
  cairo_set_line_width (page->cr, 0.5);
  cairo_rectangle (page->cr, A4_WIDTH - MARGIN - SIGNATURE_WIDTH, page->y + 4, SIGNATURE_WIDTH,
                   SIGNATURE_HEIGHT);
  cairo_stroke (page->cr);
  cairo_set_source_rgb (page->cr, 0, 0, 0);
  if (strokes != NULL)
    {
      g_autoptr(GPtrArray) parsed = gch_signature_parse (strokes, NULL);

      if (parsed != NULL)
        gch_signature_draw (page->cr, parsed, A4_WIDTH - MARGIN - SIGNATURE_WIDTH + 4,
                            page->y + 8, SIGNATURE_WIDTH - 8, SIGNATURE_HEIGHT - 8);
    }
  else
    show_text (page, A4_WIDTH - MARGIN - SIGNATURE_WIDTH + 6, page->y + 26, SIGNATURE_WIDTH - 12,
               "Sans Italic 8", signature_label (report, session, TRUE));

  page->y += height;
  cairo_set_source_rgb (page->cr, 0.85, 0.85, 0.85);
  cairo_move_to (page->cr, MARGIN, page->y);
  cairo_line_to (page->cr, A4_WIDTH - MARGIN, page->y);
  cairo_stroke (page->cr);
}

/**
 * gch_numerique_report_write_pdf:
 *
 * The day's register on A4 pages: each session with its time, name,
 * démarche and mediator, and its signature drawn from its strokes.
 */
gboolean
gch_numerique_report_write_pdf (GchNumeriqueReport  *report,
                                const char          *path,
                                GError             **error)
{
  g_autofree char *title = gch_numerique_report_dup_title (report);
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { 0 };

  surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Guichet");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  page.cr = cairo_create (surface);
  page.layout = pango_cairo_create_layout (page.cr);
  page.y = MARGIN;

  page.y += show_text (&page, MARGIN, page.y, A4_WIDTH - 2 * MARGIN, "Sans Bold 14", title);
  if (report->site_name != NULL)
    page.y += show_text (&page, MARGIN, page.y, A4_WIDTH - 2 * MARGIN, "Sans 10",
                         report->site_name);
  page.y += 12;
  if (report->sessions->len == 0)
    show_text (&page, MARGIN, page.y, A4_WIDTH - 2 * MARGIN, "Sans 10",
               _("Nobody was helped that day."));
  for (guint i = 0; i < report->sessions->len; i++)
    draw_session (&page, report, g_ptr_array_index (report->sessions, i));

  g_object_unref (page.layout);
  cairo_destroy (page.cr);
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
