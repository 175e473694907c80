/* test-numerique.c: the point numérique's register, driven as a mediator
 * and a supervisor use it
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

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gch-numerique-page.h"
#include "gch-signature-pad.h"
#include "gch-test-app.h"

/* The demo day, as François Roux (its supervisor) or Marie Lemaire (its
 * reception agent): a help session logged with a signature drawn on the
 * pad by synthesized pointer strokes, one signed on paper, the PDF export
 * read back with pdftotext and its page rendered with pdftoppm to see the
 * signature drawn, and an agent refused another's signature.
 */

#define SUPERVISOR "--demo --agent f.roux"
#define NOT_SUPERVISOR "--demo --agent m.lemaire"
#define EMPTY_SIGNATURE \
  "The signature is empty: have the person sign on the pad, or mark the session as signed on paper."

static GtkWidget *
find_page (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->toplevel), GCH_TYPE_NUMERIQUE_PAGE, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
page_mapped (GchTestApp *fixture)
{
  GtkWidget *page = find_page (fixture);

  return page != NULL && gtk_widget_get_mapped (page);
}

static GtkWidget *
find_session_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      g_autoptr(GPtrArray) pads = g_ptr_array_new ();

      if (!gtk_widget_get_mapped (window))
        continue;
      gch_test_app_find_widgets (window, GCH_TYPE_SIGNATURE_PAD, pads);
      if (pads->len > 0)
        return window;
    }
  return NULL;
}

static gboolean
dialog_shown (GchTestApp *fixture)
{
  return find_session_dialog () != NULL;
}

static gboolean
dialog_gone (GchTestApp *fixture)
{
  return find_session_dialog () == NULL;
}

static GtkWidget *
find_one (GtkWidget *root,
          GType      type,
          guint      index)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (root, type, found);
  g_assert_cmpuint (found->len, >, index);
  return g_ptr_array_index (found, index);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gch_test_app_find_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);
  g_error ("No button “%s”", label);
  return NULL;
}

/* Draws on the pad's canvas as a pointer does: its drag gesture gets a
 * begin, updates along the way, and an end.
 */
static void
draw_stroke (GchSignaturePad *pad,
             double           x,
             double           y,
             const double    *offsets,
             guint            n_offsets)
{
  GtkWidget *canvas = find_one (GTK_WIDGET (pad), GTK_TYPE_DRAWING_AREA, 0);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (canvas);
  GtkGesture *drag = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drag == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        drag = GTK_GESTURE (controller);
    }
  g_assert_nonnull (drag);

  g_signal_emit_by_name (drag, "drag-begin", x, y);
  for (guint i = 0; i + 1 < n_offsets; i += 2)
    g_signal_emit_by_name (drag, "drag-update", offsets[i], offsets[i + 1]);
  g_signal_emit_by_name (drag, "drag-end", offsets[n_offsets - 2], offsets[n_offsets - 1]);
}

static const char *expected_person;
static gboolean take_screenshots;   /* the supervisor's test only */

static GtkWidget *
find_error_label (void)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *dialog = find_session_dialog ();

  if (dialog == NULL)
    return NULL;
  gch_test_app_find_widgets (dialog, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "error"))
      return g_ptr_array_index (labels, i);
  return NULL;
}

static gboolean
error_shown (GchTestApp *fixture)
{
  return find_error_label () != NULL;
}

static gboolean
session_listed (GchTestApp *fixture)
{
  GPtrArray *sessions = gch_numerique_page_get_sessions (GCH_NUMERIQUE_PAGE (find_page (fixture)));

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    if (g_strcmp0 (((GchHelpSession *) g_ptr_array_index (sessions, i))->name,
                   expected_person) == 0)
      return TRUE;
  return FALSE;
}

/* Logs a session through the dialog; with @sign, the person draws two
 * strokes on the pad; without, they signed on paper.
 */
static void
log_session (GchTestApp *fixture,
             const char *person,
             gboolean    sign)
{
  static const double loop[] = { 20, -10, 40, -25, 60, -20, 80, 0, 100, 15, 130, 10, 160, -5 };
  static const double bar[] = { 10, 30, 30, 40, 60, 45, 90, 40 };
  GtkWidget *dialog, *error_label;
  GchSignaturePad *pad;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-help-session", NULL);
  g_assert_true (gch_test_app_wait_until (fixture, dialog_shown));
  dialog = find_session_dialog ();
  pad = GCH_SIGNATURE_PAD (find_one (dialog, GCH_TYPE_SIGNATURE_PAD, 0));

  /* The mediator is the agent, unless chosen. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_one (dialog, ADW_TYPE_COMBO_ROW,
                                                                           0))), !=,
                    GTK_INVALID_LIST_POSITION);

  gtk_editable_set_text (GTK_EDITABLE (find_one (dialog, ADW_TYPE_ENTRY_ROW, 0)), person);
  gtk_editable_set_text (GTK_EDITABLE (find_one (dialog, ADW_TYPE_ENTRY_ROW, 1)),
                         "Déclaration de revenus en ligne");

  /* Nothing drawn: refused, saying what to do. */
  gtk_widget_activate (find_button (dialog, g_dgettext (GETTEXT_PACKAGE, "_Save")));
  g_assert_true (gch_test_app_wait_until (fixture, error_shown));
  error_label = find_error_label ();
  /* The core's sentence, in the language the app runs in. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                            g_dgettext (GETTEXT_PACKAGE, EMPTY_SIGNATURE)));
  g_assert_nonnull (find_session_dialog ());

  if (sign)
    {
      draw_stroke (pad, 150, 120, loop, G_N_ELEMENTS (loop));
      draw_stroke (pad, 300, 80, bar, G_N_ELEMENTS (bar));
      g_assert_false (gch_signature_pad_is_empty (pad));
      /* The refusal was of the empty pad: it goes once something is drawn. */
      g_assert_false (gtk_widget_get_visible (error_label));
    }
  else
    {
      GtkCheckButton *paper = GTK_CHECK_BUTTON (find_one (dialog, GTK_TYPE_CHECK_BUTTON, 0));

      gtk_check_button_set_active (paper, TRUE);
      g_assert_true (gch_signature_pad_get_on_paper (pad));
    }
  gch_test_app_iterate ();
  if (sign && take_screenshots)
    gch_test_app_screenshot ("numerique-signature");

  gtk_widget_activate (find_button (dialog, g_dgettext (GETTEXT_PACKAGE, "_Save")));
  g_assert_true (gch_test_app_wait_until (fixture, dialog_gone));
  expected_person = person;
  g_assert_true (gch_test_app_wait_until (fixture, session_listed));
}

static char *
row_text (GchTestApp *fixture,
          const char *person)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gch_test_app_find_widgets (find_page (fixture), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

      if (strstr (title, person) != NULL)
        {
          g_autoptr(GPtrArray) labels = g_ptr_array_new ();
          GString *text = g_string_new (title);

          g_string_append_printf (text, "\n%s", adw_action_row_get_subtitle (row));
          gch_test_app_find_widgets (GTK_WIDGET (row), GTK_TYPE_LABEL, labels);
          for (guint j = 0; j < labels->len; j++)
            if (gtk_widget_get_visible (g_ptr_array_index (labels, j)))
              g_string_append_printf (text, "\n%s",
                                      gtk_label_get_text (g_ptr_array_index (labels, j)));
          return g_string_free (text, FALSE);
        }
    }
  return NULL;
}

static gboolean save_done;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  gch_numerique_page_save_finish (GCH_NUMERIQUE_PAGE (object), result, error);
  save_done = TRUE;
}

static gboolean
saved (GchTestApp *fixture)
{
  return save_done;
}

static gboolean
save (GchTestApp          *fixture,
      GchNumeriqueFormat   format,
      const char          *path,
      GError             **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  save_done = FALSE;
  gch_numerique_page_save_async (GCH_NUMERIQUE_PAGE (find_page (fixture)), format, file, NULL,
                                 saved_cb, error);
  g_assert_true (gch_test_app_wait_until (fixture, saved));
  return error == NULL || *error == NULL;
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Dark pixels in the part of a page image from @x0, @y0 to @x1, @y1, in
 * points (the picture is rendered at 72 dpi: a pixel a point).
 */
static guint
count_dark (GdkPixbuf *pixbuf,
            int        x0,
            int        y0,
            int        x1,
            int        y1)
{
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guint dark = 0;

  for (int y = y0; y < MIN (y1, gdk_pixbuf_get_height (pixbuf)); y++)
    for (int x = x0; x < MIN (x1, gdk_pixbuf_get_width (pixbuf)); x++)
      if (pixels[y * stride + x * channels] < 100)
        dark++;
  return dark;
}

static guint
count_reads (GchTestApp *fixture,
             const char *id)
{
  GchStation *station = gch_test_app_get_station (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) day = gch_store_load_day (gch_station_get_store (station),
                                              gch_test_app_get_day (fixture)->date, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);

      if (g_strcmp0 (gch_event_get_record_id (event), id) == 0 &&
          g_str_has_prefix (gch_event_get_detail (event) ? gch_event_get_detail (event) : "", "signature-read:"))
        n++;
    }
  return n;
}

static void
check_register (GchTestApp *fixture)
{
  g_autofree char *dir = g_dir_make_tmp ("guichet-numerique-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "register.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "register.csv", NULL);
  g_autofree char *png = g_build_filename (dir, "page", NULL);
  g_autofree char *png_path = g_build_filename (dir, "page.png", NULL);
  g_autofree char *text = NULL, *csv_text = NULL, *jeanne = NULL, *paul = NULL;
  g_autofree char *signed_id = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  GchHelpSession *signed_session;
  GPtrArray *sessions;
  guint in_box, below;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "numerique");
  g_assert_true (gch_test_app_wait_until (fixture, page_mapped));
  g_assert_true (gch_numerique_page_can_read_signatures (GCH_NUMERIQUE_PAGE (find_page (fixture))));

  take_screenshots = TRUE;
  log_session (fixture, "Jeanne Petit", TRUE);
  log_session (fixture, "Paul Girard", FALSE);
  take_screenshots = FALSE;

  jeanne = row_text (fixture, "Jeanne Petit");
  paul = row_text (fixture, "Paul Girard");
  g_test_message ("rows:\n%s\n%s", jeanne, paul);
  {
    g_autofree char *what = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s — mediator: %s"),
                                             "Déclaration de revenus en ligne", "François Roux");
    g_autofree char *signed_line = g_strconcat ("\n", g_dgettext (GETTEXT_PACKAGE, "Signed"), NULL);

    g_assert_nonnull (strstr (jeanne, what));
    g_assert_nonnull (strstr (jeanne, signed_line));
  }
  g_assert_nonnull (strstr (paul, g_dgettext (GETTEXT_PACKAGE, "Signed on paper")));
  gch_test_app_screenshot ("numerique");

  sessions = gch_numerique_page_get_sessions (GCH_NUMERIQUE_PAGE (find_page (fixture)));
  g_assert_cmpuint (sessions->len, ==, 2);
  signed_session = g_ptr_array_index (sessions, 0);
  g_assert_true (signed_session->drawn);
  /* The rows are read again at each change: keep the id, not the line. */
  signed_id = g_strdup (signed_session->id);
  g_assert_cmpuint (count_reads (fixture, signed_id), ==, 0);

  /* The PDF: its text lists both, and the first one's box has the
   * signature drawn; the read is an event.
   */
  g_assert_true (save (fixture, GCH_NUMERIQUE_FORMAT_PDF, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_reads (fixture, signed_id), ==, 1);
  {
    const char *argv[] = { "pdftotext", pdf, "-", NULL };

    text = run_tool (argv);
  }
  g_test_message ("PDF text:\n%s", text);
  {
    g_autofree char *title = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE,
                                                          "Point numérique register of %s"), "");

    g_assert_nonnull (strstr (text, g_strstrip (title)));
  }
  g_assert_nonnull (strstr (text, "Jeanne Petit"));
  g_assert_nonnull (strstr (text, "Paul Girard"));
  g_assert_nonnull (strstr (text, g_dgettext (GETTEXT_PACKAGE, "Signed on paper")));
  /* Jeanne's signature is drawn, not replaced by a sentence. */
  g_assert_null (strstr (text, g_dgettext (GETTEXT_PACKAGE, "Signed (kept for supervisors)")));
  {
    const char *argv[] = { "pdftoppm", "-png", "-r", "72", "-singlefile", pdf, png, NULL };

    g_free (run_tool (argv));
  }
  pixbuf = gdk_pixbuf_new_from_file (png_path, &error);
  g_assert_no_error (error);
  /* The signature boxes are on the right, 150 by 60 points, one a row;
   * the first row's, below the title, holds ink; no text is drawn there.
   */
  in_box = count_dark (pixbuf, 400, 60, 540, 160);
  below = count_dark (pixbuf, 400, 260, 540, 700);
  g_test_message ("dark pixels: %u in the first box, %u below the rows", in_box, below);
  g_assert_cmpuint (in_box, >, 100);
  g_assert_cmpuint (below, ==, 0);

  g_assert_true (save (fixture, GCH_NUMERIQUE_FORMAT_CSV, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *row = g_strdup_printf ("\"Jeanne Petit\",\"Déclaration de revenus en ligne\","
                                            "\"François Roux\",\"%s\"",
                                            g_dgettext (GETTEXT_PACKAGE, "Signed"));

    g_assert_nonnull (strstr (csv_text, row));
  }
  g_assert_nonnull (strstr (csv_text, "\"Paul Girard\""));
}

static void
test_register (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run (SUPERVISOR, check_register);
}

/* An agent logs a session with its signature, and may not see it again:
 * no button, a plain explanation, the read refused with its reason and no
 * event, and no export.
 */
static void
check_not_supervisor (GchTestApp *fixture)
{
  GchNumeriquePage *page;
  GchHelpSession *session;
  g_autofree char *dir = g_dir_make_tmp ("guichet-numerique-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "register.pdf", NULL);
  g_autofree char *row = NULL, *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "numerique");
  g_assert_true (gch_test_app_wait_until (fixture, page_mapped));
  page = GCH_NUMERIQUE_PAGE (find_page (fixture));
  g_assert_false (gch_numerique_page_can_read_signatures (page));
  g_assert_true (gch_test_app_wait_for_text (
    fixture, g_dgettext (GETTEXT_PACKAGE, "Signatures are personal data: only a supervisor or the "
                                          "quality referent can see them, and each time they do it "
                                          "is recorded.")));

  log_session (fixture, "Jeanne Petit", TRUE);
  row = row_text (fixture, "Jeanne Petit");
  {
    g_autofree char *mediator = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s — mediator: %s"),
                                                 "", "Marie Lemaire");

    g_assert_nonnull (strstr (row, mediator + strlen (" ")));
  }
  session = g_ptr_array_index (gch_numerique_page_get_sessions (page), 0);
  id = g_strdup (session->id);

  gch_test_app_find_widgets (GTK_WIDGET (page), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)),
                   g_dgettext (GETTEXT_PACKAGE, "Show the signature")) == 0)
      g_assert_false (gtk_widget_get_visible (g_ptr_array_index (buttons, i)));

  gch_numerique_page_show_signature (page, id);
  g_assert_true (gch_test_app_wait_for_text (
    fixture, g_dgettext (GETTEXT_PACKAGE, "Only a supervisor or the quality referent can see a "
                                          "signature of the register.")));
  g_assert_cmpuint (count_reads (fixture, id), ==, 0);

  g_assert_false (save (fixture, GCH_NUMERIQUE_FORMAT_PDF, pdf, &error));
  g_assert_nonnull (strstr (error->message,
                            g_dgettext (GETTEXT_PACKAGE, "Only a supervisor or the quality referent "
                                                         "can export the register: it holds the "
                                                         "signatures.")));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static void
test_not_supervisor (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run (NOT_SUPERVISOR, check_not_supervisor);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/numerique/register", test_register);
  g_test_add_func ("/numerique/not-a-supervisor", test_not_supervisor);

  return g_test_run ();
}
