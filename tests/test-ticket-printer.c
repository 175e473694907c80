/* test-ticket-printer.c: the printed ticket, read back from its PDF
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

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>

#include "gch-ticket-printer.h"
#include "guichet.h"

/* Each ticket is exported to a PDF, as GTK writes it for a printer, and
 * read back with poppler's pdftotext and pdfinfo: what a visitor would
 * read on paper, on a page of the roll's width. Nothing here reaches a
 * real printer: main() restricts GTK to its "print to file" backend.
 */

/* 2026-03-12 09:42 UTC: 10:42 in Paris (UTC+1), 13:42 in Réunion (UTC+4). */
#define ISSUED_AT      G_GINT64_CONSTANT (1773308520)
/* 2026-03-12 09:40 UTC */
#define SLOT           G_GINT64_CONSTANT (1773308400)
/* 2026-03-12 21:30 UTC: still the 12th in Paris, already the 13th in Réunion. */
#define ISSUED_LATE    G_GINT64_CONSTANT (1773351000)

#define POINTS_PER_MM  (72.0 / 25.4)

static char *tmp_dir;

/* Helpers */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  gboolean      timed_out;
} PrintRun;

static void
print_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PrintRun *run = user_data;

  g_assert_null (source);
  g_assert_null (run->result);
  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  PrintRun *run = user_data;

  run->timed_out = TRUE;
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

static PrintRun *
start_print (const GchTicket *ticket,
             const char      *pdf_path,
             GCancellable    *cancellable)
{
  PrintRun *run = g_new0 (PrintRun, 1);

  run->loop = g_main_loop_new (NULL, FALSE);
  gch_ticket_printer_print_async (NULL, ticket, pdf_path, cancellable, print_cb, run);

  /* The answer always comes from the main loop, never from in there. */
  g_assert_null (run->result);

  return run;
}

static gboolean
finish_print (PrintRun  *run,
              GError   **error)
{
  guint timeout_id = g_timeout_add_seconds (30, on_timeout_cb, run);
  gboolean ok;

  g_main_loop_run (run->loop);
  g_assert_false (run->timed_out);
  g_source_remove (timeout_id);

  ok = gch_ticket_printer_print_finish (run->result, error);

  g_main_loop_unref (run->loop);
  g_object_unref (run->result);
  g_free (run);

  return ok;
}

static void
print_ticket (const GchTicket *ticket,
              const char      *pdf_path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (finish_print (start_print (ticket, pdf_path, NULL), &error));
  g_assert_no_error (error);
}

static gboolean
have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  if (pdftotext == NULL || pdfinfo == NULL)
    {
      g_test_skip ("pdftotext and pdfinfo are missing (apt-get install poppler-utils)");
      return FALSE;
    }
  return TRUE;
}

static char *
pdf_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("%s: %s", argv[0], err);
  g_assert_no_error (error);

  return g_steal_pointer (&out);
}

/* The PDF's text as pdftotext lays it out, page by page. */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", path, "-", NULL };

  return run_tool (argv);
}

static void
pdf_page (const char *path,
          int        *pages,
          double     *width,
          double     *height)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);

  *pages = -1;
  *width = *height = -1.0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "Pages:"))
        *pages = atoi (lines[i] + strlen ("Pages:"));
      else if (g_str_has_prefix (lines[i], "Page size:"))
        g_assert_cmpint (sscanf (lines[i] + strlen ("Page size:"), " %lf x %lf",
                                 width, height), ==, 2);
    }
}

/* Every run of white space as one space: text that wraps on paper reads
 * the same as the one line gch_ticket_printer_describe() gives. */
static char *
squeeze (const char *text)
{
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  g_autofree char *squeezed = g_regex_replace_literal (spaces, text, -1, 0, " ", 0, NULL);

  return g_strdup (g_strstrip (squeezed));
}

/* Whether @needle reads in @text, wherever the lines of either break. */
static gboolean
reads (const char *text,
       const char *needle)
{
  g_autofree char *squeezed_text = squeeze (text);
  g_autofree char *squeezed_needle = squeeze (needle);

  return strstr (squeezed_text, squeezed_needle) != NULL;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (!reads (text, needle))
    g_error ("“%s” is not in the ticket:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (reads (text, needle))
    g_error ("“%s” should not be on the ticket:\n%s", needle, text);
}

/* Each described line is printed, in the same order. */
static void
assert_described (const GchTicket *ticket,
                  const char      *text)
{
  g_autofree char *description = gch_ticket_printer_describe (ticket);
  g_autofree char *printed = squeeze (text);
  g_auto(GStrv) lines = g_strsplit (description, "\n", -1);
  const char *from = printed;

  g_assert_true (g_str_has_suffix (description, "\n"));

  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autofree char *line = squeeze (lines[i]);
      const char *found = strstr (from, line);

      if (found == NULL)
        g_error ("Described line “%s” is not printed after what precedes it:\n%s",
                 line, printed);
      from = found + strlen (line);
    }
}

static void
assert_roll_page (const char *path)
{
  int pages;
  double width, height;

  pdf_page (path, &pages, &width, &height);
  g_assert_cmpint (pages, ==, 1);
  /* 80 mm is 226.8 points. */
  g_assert_cmpfloat_with_epsilon (width, 80.0 * POINTS_PER_MM, 1.0 * POINTS_PER_MM);
  /* As long as the ticket, not an A4 sheet: a few centimetres. */
  g_assert_cmpfloat (height, >, 50.0 * POINTS_PER_MM);
  g_assert_cmpfloat (height, <, 250.0 * POINTS_PER_MM);
}

static guint
count_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_length (lines) - (g_str_has_suffix (text, "\n") ? 1 : 0);
}

/* Tests */

static void
test_full_ticket (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autofree char *path = pdf_path ("full.pdf");
  g_autofree char *text = NULL;
  char *number = g_strdup ("A042");
  char *service = g_strdup ("Carte d'identité et passeport");
  char *site = g_strdup ("Préfecture de démonstration");
  char *quiet = g_strdup ("14:00–15:00, 16:00–16:30");
  char *message = g_strdup ("Forte affluence ce matin : merci de votre patience.");
  GchTicket ticket = {
    .ticket = number, .service = service, .site = site,
    .issued_at = ISSUED_AT, .tz = paris,
    .rank = 5, .wait_seconds = 25 * 60,
    .quiet_hours = quiet, .message = message,
  };
  PrintRun *run;
  g_autoptr(GError) error = NULL;

  if (!have_poppler ())
    return;
  g_assert_nonnull (paris);

  /* The printer copies the ticket: the caller's strings may go at once. */
  run = start_print (&ticket, path, NULL);
  memset (number, 'X', strlen (number));
  memset (service, 'X', strlen (service));
  memset (message, 'X', strlen (message));
  g_free (number);
  g_free (service);
  g_free (site);
  g_free (quiet);
  g_free (message);
  g_assert_true (finish_print (run, &error));
  g_assert_no_error (error);

  assert_roll_page (path);
  text = pdf_text (path);
  assert_contains (text, "A042");
  assert_contains (text, "Carte d'identité et passeport");
  assert_contains (text, "Préfecture de démonstration");
  assert_contains (text, "Your rank: 5");
  assert_contains (text, "Estimated wait: about 25 min");
  assert_contains (text, "Quieter hours: 14:00–15:00, 16:00–16:30");
  assert_contains (text, "Forte affluence ce matin : merci de votre patience.");
  assert_contains (text, "12/03/2026 10:42");
  assert_lacks (text, "Appointment");

  /* The same ticket, described: the lines that were printed. */
  ticket.ticket = "A042";
  ticket.service = "Carte d'identité et passeport";
  ticket.site = "Préfecture de démonstration";
  ticket.quiet_hours = "14:00–15:00, 16:00–16:30";
  ticket.message = "Forte affluence ce matin : merci de votre patience.";
  assert_described (&ticket, text);
  {
    g_autofree char *description = gch_ticket_printer_describe (&ticket);

    g_assert_cmpstr (description, ==,
                     "Préfecture de démonstration\n"
                     "Carte d'identité et passeport\n"
                     "Ticket\n"
                     "A042\n"
                     "Your rank: 5\n"
                     "Estimated wait: about 25 min\n"
                     "Quieter hours: 14:00–15:00, 16:00–16:30\n"
                     "Forte affluence ce matin : merci de votre patience.\n"
                     "12/03/2026 10:42\n");
  }

  g_assert_cmpint (g_unlink (path), ==, 0);
}

/* In affluence: the mode's message, in bold, above the quieter hours. */
static void
test_affluence_ticket (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autofree char *path = pdf_path ("affluence.pdf");
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  GchTicket ticket = {
    .ticket = "A043", .service = "Titres", .site = "Préfecture de démonstration",
    .issued_at = ISSUED_AT, .tz = paris, .rank = 9, .wait_seconds = 50 * 60,
    .notice = gch_mode_get_message (GCH_SITE_MODE_AFFLUENCE),
    .quiet_hours = "14:00–15:00", .message = "Fermé le samedi.",
  };

  if (!have_poppler ())
    return;

  g_assert_true (finish_print (start_print (&ticket, path, NULL), &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  assert_contains (text, "Heavy affluence: consider booking an appointment online.");
  assert_contains (text, "Quieter hours: 14:00–15:00");
  assert_described (&ticket, text);

  description = gch_ticket_printer_describe (&ticket);
  g_assert_cmpstr (description, ==,
                   "Préfecture de démonstration\n"
                   "Titres\n"
                   "Ticket\n"
                   "A043\n"
                   "Your rank: 9\n"
                   "Estimated wait: about 50 min\n"
                   "Heavy affluence: consider booking an appointment online.\n"
                   "Quieter hours: 14:00–15:00\n"
                   "Fermé le samedi.\n"
                   "12/03/2026 10:42\n");

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_time_zone (void)
{
  const struct {
    const char *zone;
    gint64      issued_at;
    const char *issued;
    const char *appointment;
    const char *not_issued;
  } cases[] = {
    { "Europe/Paris",   ISSUED_AT,   "12/03/2026 10:42", "Appointment at 10:40", "13:42" },
    { "Indian/Reunion", ISSUED_AT,   "12/03/2026 13:42", "Appointment at 13:40", "10:42" },
    { "Europe/Paris",   ISSUED_LATE, "12/03/2026 22:30", "Appointment at 10:40", "13/03/2026" },
    { "Indian/Reunion", ISSUED_LATE, "13/03/2026 01:30", "Appointment at 13:40", "12/03/2026" },
  };

  if (!have_poppler ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (cases[i].zone);
      g_autofree char *name = g_strdup_printf ("zone-%u.pdf", i);
      g_autofree char *path = pdf_path (name);
      g_autofree char *text = NULL;
      GchTicket ticket = {
        .ticket = "R007", .service = "Titres de séjour", .site = "Préfecture de La Réunion",
        .issued_at = cases[i].issued_at, .tz = tz,
        .rank = 0, .wait_seconds = -1,
        .appointment = TRUE, .slot = SLOT,
      };

      if (tz == NULL)
        {
          g_test_skip ("The time zone database (tzdata) is missing");
          return;
        }

      print_ticket (&ticket, path);
      assert_roll_page (path);
      text = pdf_text (path);
      assert_contains (text, "R007");
      assert_contains (text, cases[i].issued);
      assert_contains (text, cases[i].appointment);
      assert_lacks (text, cases[i].not_issued);
      assert_described (&ticket, text);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static void
test_minimal_ticket (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autofree char *path = pdf_path ("minimal.pdf");
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  GchTicket ticket = {
    .ticket = "B003", .service = "Permis de conduire", .site = "Sous-préfecture de Brest",
    .issued_at = ISSUED_AT, .tz = paris,
    .rank = 0, .wait_seconds = -1, .quiet_hours = NULL, .message = NULL,
  };

  if (!have_poppler ())
    return;

  print_ticket (&ticket, path);
  assert_roll_page (path);
  text = pdf_text (path);
  assert_contains (text, "B003");
  assert_contains (text, "Permis de conduire");
  assert_contains (text, "12/03/2026 10:42");
  assert_lacks (text, "rank");
  assert_lacks (text, "wait");
  assert_lacks (text, "Quieter");
  assert_lacks (text, "Appointment");
  assert_described (&ticket, text);

  description = gch_ticket_printer_describe (&ticket);
  g_assert_cmpstr (description, ==,
                   "Sous-préfecture de Brest\n"
                   "Permis de conduire\n"
                   "Ticket\n"
                   "B003\n"
                   "12/03/2026 10:42\n");

  g_assert_cmpint (g_unlink (path), ==, 0);
}

typedef struct
{
  char   *text;
  double  x_min, y_min, x_max, y_max;
} Word;

static void
word_free (Word *word)
{
  g_free (word->text);
  g_free (word);
}

/* The words of the PDF with their boxes, from pdftotext -bbox. */
static GPtrArray *
pdf_words (const char *path,
           double     *page_width)
{
  const char *argv[] = { "pdftotext", "-bbox", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *html = run_tool (argv);
  g_autoptr(GRegex) page = g_regex_new ("<page width=\"([0-9.]+)\"", 0, 0, NULL);
  g_autoptr(GRegex) word = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                        "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>",
                                        0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func ((GDestroyNotify) word_free);

  g_assert_true (g_regex_match (page, html, 0, &match));
  {
    g_autofree char *width = g_match_info_fetch (match, 1);

    *page_width = g_ascii_strtod (width, NULL);
  }
  g_clear_pointer (&match, g_match_info_free);

  g_regex_match (word, html, 0, &match);
  while (g_match_info_matches (match))
    {
      Word *w = g_new0 (Word, 1);
      double *coordinates[] = { &w->x_min, &w->y_min, &w->x_max, &w->y_max };

      for (guint i = 0; i < G_N_ELEMENTS (coordinates); i++)
        {
          g_autofree char *value = g_match_info_fetch (match, i + 1);

          *coordinates[i] = g_ascii_strtod (value, NULL);
        }
      w->text = g_match_info_fetch (match, 5);
      g_ptr_array_add (words, w);
      g_match_info_next (match, NULL);
    }

  return words;
}

/* Every word of @text is printed inside the page, and on @min_lines lines at least. */
static void
assert_wrapped (GPtrArray  *words,
                double      page_width,
                const char *text,
                guint       min_lines)
{
  g_auto(GStrv) expected = g_strsplit (text, " ", -1);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint next = 0;

  for (guint i = 0; expected[i] != NULL; i++)
    {
      Word *found = NULL;

      /* Words come top to bottom: search on from the last one found. */
      for (guint j = next; j < words->len && found == NULL; j++)
        {
          Word *w = g_ptr_array_index (words, j);

          if (g_strcmp0 (w->text, expected[i]) == 0)
            {
              found = w;
              next = j + 1;
            }
        }

      if (found == NULL)
        g_error ("The word “%s” of “%s” is not printed", expected[i], text);

      g_assert_cmpfloat (found->x_min, >=, 0.0);
      g_assert_cmpfloat (found->x_max, <=, page_width);
      g_hash_table_add (lines, GINT_TO_POINTER ((int) round (found->y_min)));
    }

  g_assert_cmpuint (g_hash_table_size (lines), >=, min_lines);
}

static void
test_long_texts_wrap (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autofree char *path = pdf_path ("long.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) words = NULL;
  const char *service = "Demande de titre de séjour pour les étudiants étrangers, les chercheurs "
                        "et les membres de leur famille accompagnante";
  const char *message = "En raison de la forte affluence constatée depuis le début de la semaine, "
                        "le temps d’attente peut dépasser une heure. Les personnes qui ont un "
                        "rendez-vous sont reçues en priorité. Pensez à préparer votre dossier "
                        "complet avec les originaux et les copies avant votre passage au guichet, "
                        "merci de votre compréhension.";
  GchTicket ticket = {
    .ticket = "ETR-1042", .service = service, .site = "Préfecture de démonstration",
    .issued_at = ISSUED_AT, .tz = paris,
    .rank = 48, .wait_seconds = 80 * 60,
    .quiet_hours = "12:00–13:30, 16:00–16:30", .message = message,
  };
  double page_width;

  if (!have_poppler ())
    return;

  print_ticket (&ticket, path);
  assert_roll_page (path);

  text = pdf_text (path);
  assert_contains (text, "Estimated wait: about 1 h 20 min");
  assert_contains (text, "Your rank: 48");
  assert_described (&ticket, text);

  words = pdf_words (path, &page_width);
  /* A long number shrinks to stay on one line, inside the roll. */
  assert_wrapped (words, page_width, "ETR-1042", 1);
  assert_wrapped (words, page_width, service, 2);
  assert_wrapped (words, page_width, message, 4);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_describe_wait (void)
{
  const struct {
    gint64      wait_seconds;
    const char *line;
  } cases[] = {
    { 0,         "Estimated wait: less than a minute" },
    { 59,        "Estimated wait: about 1 min" },
    { 25 * 60,   "Estimated wait: about 25 min" },
    { 59 * 60,   "Estimated wait: about 59 min" },
    { 60 * 60,   "Estimated wait: about 1 h" },
    { 80 * 60,   "Estimated wait: about 1 h 20 min" },
    { 125 * 60,  "Estimated wait: about 2 h 5 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GchTicket ticket = {
        .ticket = "A001", .service = "Accueil", .site = "Préfecture",
        .issued_at = ISSUED_AT, .tz = NULL, .wait_seconds = cases[i].wait_seconds,
      };
      g_autofree char *description = gch_ticket_printer_describe (&ticket);
      g_autofree char *expected = g_strdup_printf ("\n%s\n", cases[i].line);

      assert_contains (description, expected);
      g_assert_cmpuint (count_lines (description), ==, 6);
    }
}

static void
test_unwritable_path (void)
{
  g_autofree char *folder = pdf_path ("no-such-folder");
  g_autofree char *path = g_build_filename (folder, "ticket.pdf", NULL);
  g_autoptr(GError) error = NULL;
  GchTicket ticket = {
    .ticket = "A042", .service = "Accueil", .site = "Préfecture",
    .issued_at = ISSUED_AT, .wait_seconds = -1,
  };

  g_assert_false (finish_print (start_print (&ticket, path, NULL), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  assert_contains (error->message, "The ticket could not be saved to");
  assert_contains (error->message, "no-such-folder");
  assert_contains (error->message, "does not exist");
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* The spool files that printing leaves in the temporary folder. */
static guint
count_spool_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "guichet-ticket-") && g_str_has_suffix (name, ".pdf"))
      count++;

  return count;
}

static void
test_no_printer (void)
{
  g_autoptr(GError) error = NULL;
  GchTicket ticket = {
    .ticket = "A042", .service = "Accueil", .site = "Préfecture",
    .issued_at = ISSUED_AT, .wait_seconds = -1,
  };

  guint spool_files = count_spool_files ();

  /* Only GTK's "print to file" backend is loaded (see main()), and its
   * one printer prints nothing on paper. */
  g_assert_false (finish_print (start_print (&ticket, NULL, NULL), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  assert_contains (error->message, "No printer is available");

  /* The PDF drawn for the printer is gone. */
  g_assert_cmpuint (count_spool_files (), ==, spool_files);
}

/* GTK's cups backend, with no CUPS server to answer: no printer, soon. */
static void
test_no_cups_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  GchTicket ticket = {
    .ticket = "A042", .service = "Accueil", .site = "Préfecture",
    .issued_at = ISSUED_AT, .wait_seconds = -1,
  };
  guint spool_files = count_spool_files ();

  g_object_set (gtk_settings_get_default (), "gtk-print-backends", "cups", NULL);

  g_assert_false (finish_print (start_print (&ticket, NULL, NULL), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("after %.1f s: %s", g_timer_elapsed (timer, NULL), error->message);
  assert_contains (error->message, "No printer is available");
  /* At worst after the printer's own time limit, 10 s. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 11.0);
  g_assert_cmpuint (count_spool_files (), ==, spool_files);

  g_object_set (gtk_settings_get_default (), "gtk-print-backends", "file", NULL);
}

static void
test_cancelled (void)
{
  g_autofree char *path = pdf_path ("cancelled.pdf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GchTicket ticket = {
    .ticket = "A042", .service = "Accueil", .site = "Préfecture",
    .issued_at = ISSUED_AT, .wait_seconds = -1,
  };
  PrintRun *run;

  /* Cancelled before the main loop ran: nothing is printed. */
  run = start_print (&ticket, path, cancellable);
  g_cancellable_cancel (cancellable);
  g_assert_false (finish_print (run, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_contains (error->message, "cancelled");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The English source strings, whatever the machine's language. */
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");

  /* Never reach a real printer from a test: the cups backend, when a test
   * loads it, talks to a closed loopback port, and finds no printers over
   * Avahi without a system bus. */
  g_setenv ("CUPS_SERVER", "127.0.0.1:1", TRUE);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/guichet-test", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  /* Only the "print to file" backend, which has no default printer. */
  g_object_set (gtk_settings_get_default (), "gtk-print-backends", "file", NULL);

  tmp_dir = g_dir_make_tmp ("guichet-ticket-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/ticket-printer/export/full", test_full_ticket);
  g_test_add_func ("/ticket-printer/export/time-zone", test_time_zone);
  g_test_add_func ("/ticket-printer/export/affluence", test_affluence_ticket);
  g_test_add_func ("/ticket-printer/export/minimal", test_minimal_ticket);
  g_test_add_func ("/ticket-printer/export/long-texts-wrap", test_long_texts_wrap);
  g_test_add_func ("/ticket-printer/export/unwritable-path", test_unwritable_path);
  g_test_add_func ("/ticket-printer/describe/wait", test_describe_wait);
  g_test_add_func ("/ticket-printer/print/no-printer", test_no_printer);
  g_test_add_func ("/ticket-printer/print/cancelled", test_cancelled);
  g_test_add_func ("/ticket-printer/print/no-cups-server", test_no_cups_server);

  ret = g_test_run ();

  g_rmdir (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
