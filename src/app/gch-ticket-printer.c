/* gch-ticket-printer.c
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

#define G_LOG_DOMAIN "gch-ticket-printer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>

#include "gch-ticket-printer.h"

/* A ticket goes on an 80 mm thermal roll: one page exactly as long as what
 * it says, black on white. One list of lines feeds both the paper and
 * gch_ticket_printer_describe(), so that a preview never disagrees with the
 * ticket in the visitor's hand.
 *
 * GtkPrintOperation draws the ticket and exports it to a PDF: the file the
 * caller asked for, or a spool file that a GtkPrintJob then sends to the
 * default printer. GtkPrintOperation does not print it itself, because
 * GTK 4.8 crashes when it prints without a dialog: its printer lookup
 * (find_printer() in gtkprintoperation-unix.c) calls back twice, once when
 * it sees the default printer and once when the backend's list is done,
 * and the second call uses the freed lookup. gtk_enumerate_printers() has
 * no such problem, and gives up when no CUPS server answers.
 *
 * The print operation works in points, and GtkPrintContext then sets its
 * Pango resolution to 72 dpi: a font of 12 points is 12 units high. The
 * page's length is measured before printing, with a Pango context set up
 * the same way.
 */

#define PAPER_WIDTH_MM   80.0
#define MARGIN_MM         4.0
#define MM_PER_POINT     (25.4 / 72.0)
#define RULE_THICKNESS    0.8   /* points */
#define PAGE_SLACK        4.0   /* points, against rounding between two Pango contexts */
#define NUMBER_MIN_SIZE  24.0   /* points: below this the number no longer reads from afar */
#define PRINTER_TIMEOUT  10     /* seconds to find the printer */

typedef enum
{
  STYLE_SITE,
  STYLE_SERVICE,
  STYLE_CAPTION,
  STYLE_NUMBER,
  STYLE_APPOINTMENT,
  STYLE_RANK,
  STYLE_WAIT,
  STYLE_RULE,
  STYLE_NOTICE,
  STYLE_QUIET_HOURS,
  STYLE_MESSAGE,
  STYLE_ISSUED,
} Style;

typedef struct
{
  const char *font;          /* a Pango font description; NULL for the rule */
  double      space_above;   /* points between this line and the one before it */
} StyleInfo;

static const StyleInfo styles[] = {
  [STYLE_SITE]        = { "Sans 9",        0.0 },
  [STYLE_SERVICE]     = { "Sans Bold 13",  5.0 },
  [STYLE_CAPTION]     = { "Sans 9",       12.0 },
  [STYLE_NUMBER]      = { "Sans Bold 64",  8.0 },
  [STYLE_APPOINTMENT] = { "Sans Bold 12", 10.0 },
  [STYLE_RANK]        = { "Sans 11",      10.0 },
  [STYLE_WAIT]        = { "Sans 11",       1.0 },
  [STYLE_RULE]        = { NULL,           10.0 },
  [STYLE_NOTICE]      = { "Sans Bold 10",  9.0 },
  [STYLE_QUIET_HOURS] = { "Sans 9",        9.0 },
  [STYLE_MESSAGE]     = { "Sans 9",        6.0 },
  [STYLE_ISSUED]      = { "Sans 8",       12.0 },
};

typedef struct
{
  Style  style;
  char  *text;     /* NULL for the rule */
} Line;

typedef struct _PrinterFinder PrinterFinder;

typedef struct
{
  /* The ticket, copied from the caller */
  GPtrArray               *lines;            /* of Line */
  char                    *job_name;
  char                    *pdf_path;         /* NULL: print on the default printer */
  GtkWindow               *parent;

  /* Drawing: a GtkPrintOperation exports the ticket to a PDF */
  GtkPageSetup            *page_setup;
  GtkPrintOperation       *operation;
  char                    *spool_path;       /* the PDF for the printer, removed at the end */
  gboolean                 exporting;        /* inside gtk_print_operation_run() */
  gboolean                 got_done;
  GtkPrintOperationResult  done_result;
  gboolean                 drawn;
  cairo_status_t           surface_status;

  /* Printing: a GtkPrintJob sends the PDF to the printer */
  PrinterFinder           *finder;           /* while looking for the printer */
  guint                    timeout_id;
  GtkPrintJob             *print_job;

  gulong                   cancelled_id;
  gboolean                 completed;
  GError                  *error;            /* the answer, on its way to the caller */
} TicketJob;

/* Outlives the job when GTK never finishes looking for printers. */
struct _PrinterFinder
{
  GTask      *task;       /* NULL once nobody waits for a printer any more */
  GtkPrinter *default_printer;
  GtkPrinter *first_printer;
};

/* Helpers */

static void
line_free (Line *line)
{
  g_free (line->text);
  g_free (line);
}

static void
add_line (GPtrArray  *lines,
          Style       style,
          char       *text)
{
  Line *line;

  /* Empty fields print nothing rather than an empty gap. */
  if (style != STYLE_RULE && (text == NULL || *text == '\0'))
    {
      g_free (text);
      return;
    }

  line = g_new0 (Line, 1);
  line->style = style;
  line->text = text;
  g_ptr_array_add (lines, line);
}

static char *
format_local (GTimeZone  *tz,
              gint64      unix_time,
              const char *format)
{
  g_autoptr(GTimeZone) local_tz = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;

  if (tz == NULL)
    tz = local_tz = g_time_zone_new_local ();

  local = g_date_time_to_timezone (utc, tz);
  return local != NULL ? g_date_time_format (local, format) : NULL;
}

static char *
format_wait (gint64 wait_seconds)
{
  /* Rounded up: an estimate that errs, errs on the long side. A week will do as a maximum. */
  guint minutes = (guint) ((MIN (wait_seconds, (gint64) 7 * 24 * 3600) + 59) / 60);
  guint hours = minutes / 60;

  if (minutes == 0)
    return g_strdup (_("Estimated wait: less than a minute"));

  if (minutes < 60)
    return g_strdup_printf (ngettext ("Estimated wait: about %u min",
                                      "Estimated wait: about %u min",
                                      minutes),
                            minutes);

  if (minutes % 60 == 0)
    return g_strdup_printf (ngettext ("Estimated wait: about %u h",
                                      "Estimated wait: about %u h",
                                      hours),
                            hours);

  /* Translators: an estimated wait of over an hour, in hours then minutes:
   * "Estimated wait: about 1 h 20 min" */
  return g_strdup_printf (_("Estimated wait: about %u h %u min"), hours, minutes % 60);
}

/* The ticket, top to bottom, as it is printed. */
static GPtrArray *
build_lines (const GchTicket *ticket)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);

  add_line (lines, STYLE_SITE, g_strdup (ticket->site));
  add_line (lines, STYLE_SERVICE, g_strdup (ticket->service));
  /* Translators: the caption above the big ticket number on a printed ticket */
  add_line (lines, STYLE_CAPTION, g_strdup (_("Ticket")));
  add_line (lines, STYLE_NUMBER, g_strdup (ticket->ticket));

  if (ticket->appointment)
    {
      g_autofree char *slot = format_local (ticket->tz, ticket->slot, "%H:%M");

      /* Translators: %s is the appointment's time, "10:40" */
      add_line (lines, STYLE_APPOINTMENT, g_strdup_printf (_("Appointment at %s"), slot));
    }

  if (ticket->rank > 0)
    add_line (lines, STYLE_RANK, g_strdup_printf (_("Your rank: %u"), ticket->rank));

  if (ticket->wait_seconds >= 0)
    add_line (lines, STYLE_WAIT, format_wait (ticket->wait_seconds));

  add_line (lines, STYLE_RULE, NULL);

  /* The affluence message first: it is why the quieter hours matter. */
  add_line (lines, STYLE_NOTICE, g_strdup (ticket->notice));

  if (ticket->quiet_hours != NULL && *ticket->quiet_hours != '\0')
    /* Translators: %s lists time ranges, "14:00–15:00, 16:00–16:30" */
    add_line (lines, STYLE_QUIET_HOURS, g_strdup_printf (_("Quieter hours: %s"),
                                                         ticket->quiet_hours));

  add_line (lines, STYLE_MESSAGE, g_strdup (ticket->message));

  /* French tickets read dd/mm/yyyy, and so do the others, for one format everywhere. */
  add_line (lines, STYLE_ISSUED, format_local (ticket->tz, ticket->issued_at, "%d/%m/%Y %H:%M"));

  return lines;
}

static PangoLayout *
new_line_layout (PangoContext *context,
                 const Line   *line,
                 double        width)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (styles[line->style].font);
  PangoLayout *layout = pango_layout_new (context);
  int text_width;

  pango_layout_set_text (layout, line->text, -1);
  pango_layout_set_font_description (layout, font);

  if (line->style == STYLE_NUMBER)
    {
      /* The number must read from across the hall: as big as the roll
       * allows, on one line. A long number gets a smaller font. */
      pango_layout_get_size (layout, &text_width, NULL);
      if (text_width > width * PANGO_SCALE)
        {
          double size = pango_font_description_get_size (font) * width * PANGO_SCALE / text_width;

          size = MAX (size * 0.98, NUMBER_MIN_SIZE * PANGO_SCALE);
          pango_font_description_set_size (font, (int) size);
          pango_layout_set_font_description (layout, font);
        }
    }

  /* Whatever is still too wide wraps, between words first. */
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);

  return layout;
}

/* Lays the lines out @width points wide, draws them on @cr unless it is
 * NULL, and returns their height in points. Measuring and drawing share
 * this one path, so that the page is as long as what is drawn on it.
 */
static double
render_lines (GPtrArray    *lines,
              PangoContext *context,
              cairo_t      *cr,
              double        width)
{
  double y = 0.0;

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = g_ptr_array_index (lines, i);
      g_autoptr(PangoLayout) layout = NULL;
      PangoRectangle ink;
      PangoRectangle logical;

      if (i > 0)
        y += styles[line->style].space_above;

      if (line->style == STYLE_RULE)
        {
          if (cr != NULL)
            {
              cairo_rectangle (cr, 0.0, y, width, RULE_THICKNESS);
              cairo_fill (cr);
            }
          y += RULE_THICKNESS;
          continue;
        }

      layout = new_line_layout (context, line, width);
      pango_layout_get_extents (layout, &ink, &logical);

      /* The number's font size changes with its length: space it by its
       * ink, so that the gaps around it stay what they look like. */
      if (line->style == STYLE_NUMBER)
        logical = ink;

      if (cr != NULL)
        {
          cairo_move_to (cr, 0.0, y - (double) logical.y / PANGO_SCALE);
          pango_cairo_show_layout (cr, layout);
        }

      y += (double) logical.height / PANGO_SCALE;
    }

  return y;
}

static double
measure_lines (GPtrArray *lines,
               double     width)
{
  PangoContext *context;
  cairo_font_options_t *options;
  double height;

  /* As GtkPrintContext sets its own up: metrics that do not depend on the
   * device, and 72 dpi so that one unit is one point. */
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, 72.0);

  height = render_lines (lines, context, NULL, width);
  g_object_unref (context);

  return height;
}

static GtkPageSetup *
new_page_setup (GPtrArray *lines)
{
  g_autoptr(GtkPaperSize) paper = NULL;
  GtkPageSetup *page_setup;
  double content_height;

  content_height = measure_lines (lines, (PAPER_WIDTH_MM - 2 * MARGIN_MM) / MM_PER_POINT);

  /* The name is for the printer driver: no person reads it. */
  paper = gtk_paper_size_new_custom ("guichet-ticket-80mm", "Ticket 80 mm",
                                     PAPER_WIDTH_MM,
                                     (content_height + PAGE_SLACK) * MM_PER_POINT
                                       + 2 * MARGIN_MM,
                                     GTK_UNIT_MM);

  page_setup = gtk_page_setup_new ();
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_paper_size (page_setup, paper);
  gtk_page_setup_set_top_margin (page_setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (page_setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (page_setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (page_setup, MARGIN_MM, GTK_UNIT_MM);

  return page_setup;
}

/* GTK's PDF export reports no error when it cannot write the file: it
 * draws into a cairo surface in error, and the PDF never appears. So try
 * the path first, to tell the person what is wrong with it.
 */
static gboolean
check_pdf_path (const char  *pdf_path,
                GError     **error)
{
  g_autofree char *display_name = g_filename_display_name (pdf_path);
  g_autofree char *folder = NULL;
  g_autofree char *display_folder = NULL;
  int saved_errno;
  int fd;

  fd = g_open (pdf_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd >= 0)
    {
      g_close (fd, NULL);
      return TRUE;
    }

  saved_errno = errno;
  folder = g_path_get_dirname (pdf_path);
  display_folder = g_filename_display_name (folder);

  if (saved_errno == ENOENT && !g_file_test (folder, G_FILE_TEST_IS_DIR))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 /* Translators: the first %s is a file, the second a folder */
                 _("The ticket could not be saved to “%s”: the folder “%s” does not exist."),
                 display_name, display_folder);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 /* Translators: %s is a file, then the system's reason, "Permission denied" */
                 _("The ticket could not be saved to “%s”: %s."),
                 display_name, g_strerror (saved_errno));

  return FALSE;
}

static gboolean
file_has_content (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 && S_ISREG (buf.st_mode) && buf.st_size > 0;
}

static GError *
new_cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                              _("Printing the ticket was cancelled."));
}

static GError *
new_no_printer_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                              _("No printer is available to print the ticket. Check that the "
                                "ticket printer is switched on and connected."));
}

static void
printer_finder_free (PrinterFinder *finder)
{
  g_clear_object (&finder->task);
  g_clear_object (&finder->default_printer);
  g_clear_object (&finder->first_printer);
  g_free (finder);
}

static void
ticket_job_free (TicketJob *job)
{
  if (job->spool_path != NULL)
    g_unlink (job->spool_path);

  g_clear_pointer (&job->lines, g_ptr_array_unref);
  g_clear_pointer (&job->job_name, g_free);
  g_clear_pointer (&job->pdf_path, g_free);
  g_clear_pointer (&job->spool_path, g_free);
  g_clear_object (&job->parent);
  g_clear_object (&job->page_setup);
  g_clear_object (&job->operation);
  g_clear_object (&job->print_job);
  g_clear_error (&job->error);
  g_free (job);
}

static gboolean
return_result_idle_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  TicketJob *job = g_task_get_task_data (task);

  if (job->error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->error));
  else
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

/* Ends the job, once, with @error (taken), or with success when it is NULL.
 * The caller hears of it from an idle of its own, never from inside GTK's
 * printing code, so that it may print the next ticket right away.
 */
static void
complete_job (GTask  *task,
              GError *error)
{
  TicketJob *job = g_task_get_task_data (task);

  if (job->completed)
    {
      g_clear_error (&error);
      return;
    }

  job->completed = TRUE;
  job->error = error;
  g_debug ("Ticket job “%s” ended: %s", job->job_name, error != NULL ? error->message : "done");

  /* GTK may call on after this: it must no longer reach the job. */
  g_cancellable_disconnect (g_task_get_cancellable (task), job->cancelled_id);
  job->cancelled_id = 0;
  g_clear_handle_id (&job->timeout_id, g_source_remove);

  if (job->finder != NULL)
    {
      g_clear_object (&job->finder->task);
      job->finder = NULL;
    }

  if (job->operation != NULL)
    {
      g_signal_handlers_disconnect_by_data (job->operation, task);
      g_signal_handlers_disconnect_by_data (job->operation, job);
    }

  g_idle_add (return_result_idle_cb, g_object_ref (task));
}

/* Printing: the exported PDF goes to the printer */

static void
on_print_job_sent_cb (GtkPrintJob  *print_job,
                      gpointer      user_data,
                      const GError *error)
{
  GTask *task = user_data;
  GError *job_error = NULL;

  if (error != NULL)
    {
      job_error = g_error_copy (error);
      g_prefix_error (&job_error, _("The ticket could not be printed: "));
    }

  complete_job (task, job_error);
}

static void
send_to_printer (GTask      *task,
                 GtkPrinter *printer)
{
  TicketJob *job = g_task_get_task_data (task);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GError) error = NULL;

  g_debug ("Sending “%s” to the printer “%s”", job->job_name, gtk_printer_get_name (printer));

  if (!gtk_printer_accepts_pdf (printer))
    {
      complete_job (task, g_error_new (GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                                       /* Translators: %s is the printer's name */
                                       _("The ticket could not be printed: the printer “%s” "
                                         "does not accept PDF documents."),
                                       gtk_printer_get_name (printer)));
      return;
    }

  gtk_print_settings_set_printer (settings, gtk_printer_get_name (printer));
  gtk_print_settings_set_n_copies (settings, 1);

  job->print_job = gtk_print_job_new (job->job_name, printer, settings, job->page_setup);
  if (!gtk_print_job_set_source_file (job->print_job, job->spool_path, &error))
    {
      g_prefix_error (&error, _("The ticket could not be printed: "));
      complete_job (task, g_steal_pointer (&error));
      return;
    }

  /* Once sent, the ticket prints: a cancellation no longer stops it. */
  gtk_print_job_send (job->print_job, on_print_job_sent_cb, g_object_ref (task), g_object_unref);
}

static gboolean
on_printer_found_cb (GtkPrinter *printer,
                     gpointer    user_data)
{
  PrinterFinder *finder = user_data;

  /* Nobody waits any more: stop looking. */
  if (finder->task == NULL)
    return TRUE;

  /* "Print to File" and the like print nothing on paper. */
  if (gtk_printer_is_virtual (printer))
    return FALSE;

  if (gtk_printer_is_default (printer))
    {
      g_set_object (&finder->default_printer, printer);
      return TRUE;
    }

  /* Without a default printer, the first one, as GtkPrintOperation does. */
  if (finder->first_printer == NULL)
    finder->first_printer = g_object_ref (printer);

  return FALSE;
}

static gboolean
printers_enumerated_idle_cb (gpointer user_data)
{
  PrinterFinder *finder = user_data;
  TicketJob *job;
  GtkPrinter *printer;

  if (finder->task != NULL)
    {
      job = g_task_get_task_data (finder->task);
      job->finder = NULL;
      g_clear_handle_id (&job->timeout_id, g_source_remove);

      printer = finder->default_printer != NULL ? finder->default_printer : finder->first_printer;
      if (printer == NULL)
        complete_job (finder->task, new_no_printer_error ());
      else
        send_to_printer (finder->task, printer);
    }

  printer_finder_free (finder);

  return G_SOURCE_REMOVE;
}

static void
on_printers_enumerated_cb (gpointer user_data)
{
  /* This runs inside gtk_enumerate_printers() when the backends know
   * their printers already, or inside a backend's signal: go on from the
   * main loop instead. */
  g_idle_add (printers_enumerated_idle_cb, user_data);
}

static gboolean
on_printer_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  TicketJob *job = g_task_get_task_data (task);

  job->timeout_id = 0;

  if (job->finder != NULL)
    {
      g_debug ("No printer found in %d s for “%s”", PRINTER_TIMEOUT, job->job_name);
      complete_job (task, new_no_printer_error ());
    }

  return G_SOURCE_REMOVE;
}

static void
find_printer (GTask *task)
{
  TicketJob *job = g_task_get_task_data (task);
  PrinterFinder *finder = g_new0 (PrinterFinder, 1);

  finder->task = g_object_ref (task);
  job->finder = finder;

  /* Backends that never answer (a CUPS server gone quiet) must not keep
   * the reception waiting. */
  job->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, PRINTER_TIMEOUT,
                                                on_printer_timeout_cb,
                                                g_object_ref (task), g_object_unref);

  gtk_enumerate_printers (on_printer_found_cb, finder, on_printers_enumerated_cb, FALSE);
}

/* Drawing: the ticket, exported to a PDF */

static GError *
check_export (TicketJob               *job,
              const char              *path,
              GtkPrintOperationResult  result,
              GError                  *run_error)
{
  g_autoptr(GError) error = run_error;
  g_autofree char *display_name = NULL;
  const char *reason;

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
      if (job->drawn && job->surface_status == CAIRO_STATUS_SUCCESS && file_has_content (path))
        return NULL;

      reason = job->surface_status != CAIRO_STATUS_SUCCESS
               ? cairo_status_to_string (job->surface_status)
               : _("nothing was written");
      if (job->pdf_path == NULL)
        return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                            _("The ticket could not be printed: %s."), reason);

      display_name = g_filename_display_name (path);
      return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                          _("The ticket could not be saved to “%s”: %s."), display_name, reason);

    case GTK_PRINT_OPERATION_RESULT_ERROR:
      if (error == NULL && job->operation != NULL)
        gtk_print_operation_get_error (job->operation, &error);
      if (error == NULL)
        error = g_error_new_literal (GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                                     _("The printing system reported an unknown error."));
      g_prefix_error (&error, _("The ticket could not be printed: "));
      return g_steal_pointer (&error);

    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      return new_cancelled_error ();

    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                  _("The ticket could not be printed: the printing system "
                                    "gave no answer."));
    }
}

static void
export_finished (GTask                   *task,
                 GtkPrintOperationResult  result,
                 GError                  *run_error)
{
  TicketJob *job = g_task_get_task_data (task);
  const char *path = job->pdf_path != NULL ? job->pdf_path : job->spool_path;
  GError *error = check_export (job, path, result, run_error);

  /* Nothing half-written stays behind. */
  if (error != NULL && job->pdf_path != NULL)
    g_unlink (job->pdf_path);

  if (error != NULL || job->pdf_path != NULL)
    complete_job (task, error);
  else if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    complete_job (task, new_cancelled_error ());
  else
    find_printer (task);
}

static void
on_operation_draw_page_cb (GtkPrintOperation *operation,
                           GtkPrintContext   *context,
                           int                page_nr,
                           gpointer           user_data)
{
  TicketJob *job = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) probe = gtk_print_context_create_pango_layout (context);
  PangoContext *pango_context = pango_layout_get_context (probe);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double needed;

  cairo_save (cr);

  /* Thermal printers print black, on white paper. */
  cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);

  /* The page was measured to fit; should this context lay the text out
   * a little longer, shrink it rather than cut the date off. */
  needed = render_lines (job->lines, pango_context, NULL, width);
  if (needed > height)
    {
      double scale = height / needed;

      cairo_translate (cr, width * (1.0 - scale) / 2.0, 0.0);
      cairo_scale (cr, scale, scale);
      pango_cairo_update_context (cr, pango_context);
    }

  render_lines (job->lines, pango_context, cr, width);

  cairo_restore (cr);

  job->drawn = TRUE;
  job->surface_status = cairo_surface_status (cairo_get_target (cr));
}

static gboolean
export_done_idle_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  TicketJob *job = g_task_get_task_data (task);

  if (!job->completed)
    export_finished (task, job->done_result, NULL);

  return G_SOURCE_REMOVE;
}

static void
on_operation_done_cb (GtkPrintOperation       *operation,
                      GtkPrintOperationResult  result,
                      gpointer                 user_data)
{
  GTask *task = user_data;
  TicketJob *job = g_task_get_task_data (task);

  if (job->got_done)
    return;

  job->got_done = TRUE;
  job->done_result = result;

  /* GTK 4.8 exports synchronously, and gtk_print_operation_run() tells
   * the result; should a later GTK export asynchronously, go on from here. */
  if (!job->exporting)
    g_idle_add (export_done_idle_cb, g_object_ref (task));
}

static gboolean
cancel_job_idle_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  TicketJob *job = g_task_get_task_data (task);

  if (job->completed)
    return G_SOURCE_REMOVE;

  if (job->exporting)
    /* GTK stops at the next page, and gtk_print_operation_run() says so. */
    gtk_print_operation_cancel (job->operation);
  else if (job->finder != NULL)
    complete_job (task, new_cancelled_error ());

  /* Otherwise the job has not started yet, and start_print_cb() sees the
   * cancellation, or the ticket is on its way to the printer already. */
  return G_SOURCE_REMOVE;
}

static void
on_cancellable_cancelled_cb (GCancellable *cancellable,
                             gpointer      user_data)
{
  /* This may run in any thread, and complete_job() may not run in here:
   * it disconnects this very handler. So always from an idle. */
  g_idle_add (cancel_job_idle_cb, g_object_ref (user_data));
}

static gboolean
start_print_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TicketJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GtkPrintOperationResult result;
  const char *path;
  int fd;

  if (g_cancellable_is_cancelled (cancellable))
    {
      complete_job (task, new_cancelled_error ());
      return G_SOURCE_REMOVE;
    }

  if (job->pdf_path != NULL)
    {
      if (!check_pdf_path (job->pdf_path, &error))
        {
          complete_job (task, g_steal_pointer (&error));
          return G_SOURCE_REMOVE;
        }
      path = job->pdf_path;
    }
  else
    {
      fd = g_file_open_tmp ("guichet-ticket-XXXXXX.pdf", &job->spool_path, &error);
      if (fd < 0)
        {
          g_prefix_error (&error, _("The ticket could not be printed: "));
          complete_job (task, g_steal_pointer (&error));
          return G_SOURCE_REMOVE;
        }
      g_close (fd, NULL);
      path = job->spool_path;
    }

  job->page_setup = new_page_setup (job->lines);

  job->operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (job->operation, job->job_name);
  gtk_print_operation_set_n_pages (job->operation, 1);
  gtk_print_operation_set_unit (job->operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (job->operation, job->page_setup);
  gtk_print_operation_set_show_progress (job->operation, FALSE);
  gtk_print_operation_set_allow_async (job->operation, TRUE);
  gtk_print_operation_set_export_filename (job->operation, path);

  g_signal_connect (job->operation, "draw-page",
                    G_CALLBACK (on_operation_draw_page_cb), job);
  /* The operation holds the task until the job ends; complete_job() lets go. */
  g_signal_connect_data (job->operation, "done",
                         G_CALLBACK (on_operation_done_cb), g_object_ref (task),
                         (GClosureNotify) g_object_unref, 0);

  if (cancellable != NULL)
    job->cancelled_id = g_cancellable_connect (cancellable,
                                               G_CALLBACK (on_cancellable_cancelled_cb),
                                               g_object_ref (task), g_object_unref);

  job->exporting = TRUE;
  result = gtk_print_operation_run (job->operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                    job->parent, &error);
  job->exporting = FALSE;

  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      /* Ended already, while it started? Then go on now, else from "done". */
      if (job->got_done)
        export_finished (task, job->done_result, NULL);
      return G_SOURCE_REMOVE;
    }

  /* "done" may tell of a cancellation that the run reports as applied. */
  if (result != GTK_PRINT_OPERATION_RESULT_ERROR && job->got_done)
    result = job->done_result;

  export_finished (task, result, g_steal_pointer (&error));

  return G_SOURCE_REMOVE;
}

/* Public API */

/**
 * gch_ticket_printer_print_async:
 * @parent: (nullable): the window printing, for the printing system's messages
 * @ticket: what the ticket says; copied, so the caller may free it at once
 * @pdf_path: (nullable) (type filename): a PDF file to write the ticket to
 *   instead of printing it; %NULL prints on the default printer
 * @cancellable: (nullable): a #GCancellable
 * @callback: called from the main loop when the ticket is printed or has failed
 * @user_data: data for @callback
 *
 * Prints @ticket on an 80 mm roll, one page as long as the ticket's
 * content, without any dialog: on the default printer (else the first
 * printer found), or into @pdf_path. When no printer answers within 10
 * seconds, the job fails. The callback is always called from the main
 * loop, never before this function returns.
 */
void
gch_ticket_printer_print_async (GtkWindow           *parent,
                                const GchTicket     *ticket,
                                const char          *pdf_path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TicketJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (ticket != NULL);
  g_return_if_fail (ticket->ticket != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (TicketJob, 1);
  job->lines = build_lines (ticket);
  /* Translators: the print job's name, as printer queues list it: "Ticket A042" */
  job->job_name = g_strdup_printf (_("Ticket %s"), ticket->ticket);
  job->pdf_path = g_strdup (pdf_path);
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->surface_status = CAIRO_STATUS_SUCCESS;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_ticket_printer_print_async);
  g_task_set_task_data (task, job, (GDestroyNotify) ticket_job_free);
  /* A ticket printed despite a late cancellation was printed: say so. */
  g_task_set_check_cancellable (task, FALSE);

  /* Print from the main loop, so that no answer ever comes from in here. */
  g_idle_add (start_print_cb, g_steal_pointer (&task));
}

/**
 * gch_ticket_printer_print_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError, one a person can read
 *
 * Finishes gch_ticket_printer_print_async(). The error is
 * %G_IO_ERROR_CANCELLED when cancelled, %G_IO_ERROR_NOT_FOUND when no
 * printer is available or the PDF's folder does not exist, and for the
 * printer's own failures a #GtkPrintError, prefixed "The ticket could not
 * be printed".
 *
 * Returns: %TRUE if the ticket was printed (or written to the PDF)
 */
gboolean
gch_ticket_printer_print_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gch_ticket_printer_print_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gch_ticket_printer_describe:
 * @ticket: a ticket
 *
 * Gives the text of @ticket as it is printed, one printed item a line (a
 * long service name or message is one line here, though it wraps on
 * paper), top to bottom: for screen previews and tests.
 *
 * Returns: (transfer full): the ticket's text, each line ending in a newline
 */
char *
gch_ticket_printer_describe (const GchTicket *ticket)
{
  g_autoptr(GPtrArray) lines = NULL;
  GString *text;

  g_return_val_if_fail (ticket != NULL, NULL);
  g_return_val_if_fail (ticket->ticket != NULL, NULL);

  lines = build_lines (ticket);
  text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = g_ptr_array_index (lines, i);

      if (line->text != NULL)
        g_string_append_printf (text, "%s\n", line->text);
    }

  return g_string_free (text, FALSE);
}
