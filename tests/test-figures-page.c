/* test-figures-page.c: the supervisor's figures, on the demo day and from a real server
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

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gch-application-private.h"
#include "gch-login-window.h"
#include "gch-figures-page.h"
#include "gch-hour-chart.h"
#include "gch-test-app.h"
#include "gch-test-day.h"
#include "gch-test-figures.h"
#include "gch-test-server.h"

/* The real application on the demo day, as François Roux (the demo's
 * supervisor) or Claire Martin (an agent): the figures page read as a
 * supervisor reads it, its exports read back as a user checks them (the
 * CSV's rows, the PDF's text through pdftotext), and the quarter fetched
 * from the real guichet-server, whose days include one where known things
 * happened (gch-test-figures.h).
 */

#define SUPERVISOR "f.roux"
#define SUPERVISOR_PASSWORD "supervisor-password-3"
#define AGENT "c.martin"
#define AGENT_PASSWORD "agent-password-1"

static GchTestServer *server;
static char *known_date;

static GchFiguresPage *
find_page (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (fixture->toplevel), GCH_TYPE_FIGURES_PAGE, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
page_shown (GchTestApp *fixture)
{
  return find_page (fixture) != NULL;
}

static gboolean
supervisor_ready (GchTestApp *fixture)
{
  return gch_test_app_day_loaded (fixture) && gch_application_is_supervisor (fixture->app);
}

static void
show_figures (GchTestApp *fixture)
{
  g_assert_true (gch_test_app_wait_until (fixture, supervisor_ready));
  /* What Ctrl+4 does. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "figures");
  g_assert_true (gch_test_app_wait_until (fixture, page_shown));
}

/* The row whose title is @title, on the page */
static AdwActionRow *
find_row (GchFiguresPage *page,
          const char     *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gch_test_app_find_widgets (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
}

/* The figure a row shows on its right */
static const char *
row_value (AdwActionRow *row)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  g_assert_nonnull (row);
  gch_test_app_find_widgets (GTK_WIDGET (row), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "figure"))
      return gtk_label_get_label (g_ptr_array_index (labels, i));

  return NULL;
}

static guint
count_served (GchDay *day)
{
  guint served = 0;

  for (guint i = 0; i < day->entries->len; i++)
    if (gch_queue_entry_get_state (g_ptr_array_index (day->entries, i)) == GCH_ENTRY_STATE_DONE)
      served++;
  return served;
}

static guint wanted_served;

static gboolean
served_reached (GchTestApp *fixture)
{
  GchFigures *today = gch_figures_page_get_figures (find_page (fixture), "today");

  return today != NULL && today->total.served == wanted_served;
}

/* Saving through the page's worker, as Export does once a file is chosen */

static gboolean saved;
static GError *save_error;

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gch_figures_page_save_finish (GCH_FIGURES_PAGE (user_data), result, &save_error);
  saved = TRUE;
}

static gboolean
save_done (GchTestApp *fixture)
{
  return saved;
}

static char *
save (GchTestApp       *fixture,
      const char       *which,
      GchFiguresFormat  format)
{
  GchFiguresPage *page = find_page (fixture);
  g_autofree char *dir = g_dir_make_tmp ("figures-export-XXXXXX", NULL);
  g_autofree char *name = gch_figures_report_dup_filename (gch_figures_page_get_figures (page,
                                                                                         which),
                                                           format);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  saved = FALSE;
  g_clear_error (&save_error);
  gch_figures_page_save_async (page, which, format, file, NULL, save_cb, page);
  g_assert_true (gch_test_app_wait_until (fixture, save_done));
  g_assert_no_error (save_error);
  return path;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The CSV row of @section and @key, split in fields (no field of these
 * rows has a comma).
 */
static GStrv
csv_row (const char *csv,
         const char *section,
         const char *key)
{
  g_auto(GStrv) rows = g_strsplit (csv, "\r\n", -1);
  g_autofree char *start = g_strdup_printf ("%s,%s,", section, key ? key : "");

  for (guint i = 0; rows[i] != NULL; i++)
    if (g_str_has_prefix (rows[i], start))
      return g_strsplit (rows[i], ",", -1);

  g_error ("no row %s in:\n%s", start, csv);
  return NULL;
}

/* Today's figures on the demo day follow what happens at the desk: a
 * person served is one more served, in place, and the agent who served
 * them gets a row; the exports say the same.
 */
static void
check_today (GchTestApp *fixture)
{
  GchFiguresPage *page;
  GchFigures *today;
  AdwActionRow *served_row, *first_service_row;
  g_autofree char *csv_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *served_text = NULL;
  g_auto(GStrv) total = NULL;
  g_auto(GStrv) agent = NULL;
  guint before;
  GchDay *day;

  show_figures (fixture);
  page = find_page (fixture);
  day = gch_test_app_get_day (fixture);
  today = gch_figures_page_get_figures (page, "today");
  g_assert_nonnull (today);
  before = today->total.served;
  g_assert_cmpuint (before, ==, count_served (day));
  g_assert_cmpuint (today->services->len, ==, day->services->len);

  served_row = find_row (page, g_dpgettext2 (GETTEXT_PACKAGE, "figures", "Served"));
  served_text = g_strdup_printf ("%u", before);
  g_assert_cmpstr (row_value (served_row), ==, served_text);
  first_service_row = find_row (page, gch_service_get_name (g_ptr_array_index (day->services, 0)));
  g_assert_nonnull (first_service_row);

  /* The person at guichet 1 is served; then the next one, start to end. */
  gch_test_app_activate (fixture, "finish-service", "served");
  gch_test_app_activate (fixture, "call-next", NULL);
  gch_test_app_activate (fixture, "start-service", NULL);
  gch_test_app_activate (fixture, "finish-service", "served");
  wanted_served = before + 2;
  g_assert_true (gch_test_app_wait_until (fixture, served_reached));
  today = gch_figures_page_get_figures (page, "today");

  /* The same rows, relabelled */
  g_assert_true (find_row (page, g_dpgettext2 (GETTEXT_PACKAGE, "figures", "Served")) == served_row);
  g_assert_true (find_row (page, gch_service_get_name (g_ptr_array_index (day->services, 0))) ==
                 first_service_row);
  g_free (served_text);
  served_text = g_strdup_printf ("%u", before + 2);
  g_assert_cmpstr (row_value (served_row), ==, served_text);
  /* The station's actor finished them: its row says so. */
  {
    const char *actor = gch_station_get_actor (gch_test_app_get_station (fixture));
    GchFiguresLine *line = gch_figures_find_agent (today, actor);
    g_autofree char *count = NULL;

    g_assert_nonnull (line);
    g_assert_cmpuint (line->served, >=, 1);
    count = g_strdup_printf ("%u", line->served);
    g_assert_cmpstr (row_value (find_row (page, line->label)), ==, count);
  }
  {
    g_autoptr(GPtrArray) charts = g_ptr_array_new ();
    const char *description;

    gch_test_app_find_widgets (GTK_WIDGET (page), GCH_TYPE_HOUR_CHART, charts);
    g_assert_cmpuint (charts->len, ==, 1);
    description = gch_hour_chart_get_description (g_ptr_array_index (charts, 0));
    g_test_message ("chart: %s", description);
    g_assert_nonnull (description);
  }

  /* No server: the quarter says where its figures come from. */
  g_assert_null (gch_figures_page_get_figures (page, "quarter"));
  g_assert_nonnull (gch_figures_page_get_quarter_status (page));
  gch_test_app_screenshot ("figures");

  csv_path = save (fixture, "today", GCH_FIGURES_FORMAT_CSV);
  csv = read_text (csv_path);
  g_test_message ("%s", csv);
  g_assert_true (g_str_has_prefix (csv, "section,key,name,visits,served,"));
  total = csv_row (csv, "total", NULL);
  g_assert_cmpstr (total[2], ==, day->site ? gch_site_get_name (day->site) : "");
  g_assert_cmpstr (total[4], ==, served_text);
  agent = csv_row (csv, "agent", gch_station_get_actor (gch_test_app_get_station (fixture)));
  g_assert_cmpuint (g_strv_length (agent), ==, 20);
  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);
      g_auto(GStrv) row = csv_row (csv, "service", gch_service_get_code (service));
      GchFiguresLine *line = gch_figures_find_service (today, gch_service_get_code (service));
      g_autofree char *visits = g_strdup_printf ("%u", line->visits);

      g_assert_cmpstr (row[3], ==, visits);
    }

  pdf_path = save (fixture, "today", GCH_FIGURES_FORMAT_PDF);
  pdf = pdf_text (pdf_path);
  g_test_message ("%s", pdf);
  g_assert_nonnull (strstr (pdf, gch_site_get_name (day->site)));
  g_assert_nonnull (strstr (pdf, day->date));
  g_assert_nonnull (strstr (pdf, gch_service_get_name (g_ptr_array_index (day->services, 0))));
  g_assert_nonnull (strstr (pdf, gch_figures_find_agent (today, "c.martin")->label));
  {
    g_autofree char *visits = g_strdup_printf (" %u ", today->total.visits);
    g_autofree char *all = g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "report row", "All services"));
    const char *line = strstr (pdf, all);

    /* The total's row: its visits and its people served */
    g_assert_nonnull (line);
    g_assert_nonnull (strstr (line, visits));
  }
}

static void
test_today (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " SUPERVISOR, check_today);
}

/* An agent has no figures page, even with Ctrl+4, nor its exports; and
 * the server answers 403 to an agent's token.
 */
static void
check_not_supervisor (GchTestApp *fixture)
{
  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  g_assert_false (gch_application_is_supervisor (fixture->app));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "figures");
  gch_test_app_iterate ();
  g_assert_null (find_page (fixture));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export-figures-csv", "s",
                              "today");
  g_assert_true (gch_test_app_wait_for_text (
    fixture, g_dgettext (GETTEXT_PACKAGE, "Only a supervisor can export the figures.")));
  g_assert_null (find_page (fixture));
}

static void
test_not_supervisor (void)
{
  g_autofree char *token = gch_test_server_login (server, AGENT, AGENT_PASSWORD);
  g_autoptr(GchTestResponse) response =
    gch_test_server_request (server, "GET", "/api/v1/figures?from=2026-01-01&to=2026-03-31",
                             token, NULL);

  gch_test_response_assert_error (response, 403, "forbidden");

  gch_test_app_clear_data ();
  gch_test_app_run ("--demo --agent " AGENT, check_not_supervisor);
}

/* Logging in through the login window, as the supervisor types it */

static GtkWidget *
find_login_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GCH_IS_LOGIN_WINDOW (window) && gtk_widget_get_mapped (window))
        return window;
    }

  return NULL;
}

static gboolean
login_window_shown (GchTestApp *fixture)
{
  return find_login_window () != NULL;
}

static gboolean
logged_in (GchTestApp *fixture)
{
  return find_login_window () == NULL && gch_test_app_get_station (fixture) != NULL &&
         gch_station_get_sync (gch_test_app_get_station (fixture)) != NULL &&
         gch_application_is_supervisor (fixture->app);
}

static void
log_in (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  GtkWidget *login;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  gch_test_app_press (fixture, "<Control>l");
  g_assert_true (gch_test_app_wait_until (fixture, login_window_shown));
  login = find_login_window ();
  gch_test_app_find_widgets (login, ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 0)),
                         gch_test_server_get_url (server));
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 1)), SUPERVISOR);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 2)), SUPERVISOR_PASSWORD);
  gch_test_app_find_widgets (g_ptr_array_index (rows, 2), GTK_TYPE_TEXT, texts);
  g_signal_emit_by_name (g_ptr_array_index (texts, 0), "activate");
  g_assert_true (gch_test_app_wait_until (fixture, logged_in));
}

static gboolean
quarter_loaded (GchTestApp *fixture)
{
  return gch_figures_page_get_figures (find_page (fixture), "quarter") != NULL;
}

/* The quarter's figures, as the core counts them from the server's own
 * database: what the page must show.
 */
static GchFigures *
expected_quarter (GchFigures *shown)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_store_open (gch_test_server_get_database (server), &error);
  GchFigures *figures;

  g_assert_no_error (error);
  {
    g_autofree char *today = gch_store_dup_date_at (store, g_get_real_time () / G_USEC_PER_SEC);

    figures = gch_figures_load_period (store, shown->from, shown->to, today, 30, &error);
  }
  g_assert_no_error (error);
  return figures;
}

/* A supervisor logged in sees the current quarter from the server: the
 * demo's days and the day of known figures; its CSV has the
 * rows the server's figures have.
 */
static void
check_quarter (GchTestApp *fixture)
{
  g_autoptr(GchFigures) expected = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *expected_csv = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *pdf = NULL;
  GchFiguresPage *page;
  GchFigures *quarter;
  GchFiguresLine *titres;

  log_in (fixture);
  show_figures (fixture);
  page = find_page (fixture);
  g_assert_true (gch_test_app_wait_until (fixture, quarter_loaded));
  g_assert_null (gch_figures_page_get_quarter_status (page));

  quarter = gch_figures_page_get_figures (page, "quarter");
  g_assert_false (gch_figures_is_day (quarter));
  g_assert_cmpstr (quarter->from, <=, known_date);
  g_assert_cmpstr (quarter->to, >=, known_date);
  expected = expected_quarter (quarter);

  /* The demo's days up to today, and the known one. */
  g_assert_cmpuint (quarter->total.days, >=, 2);
  g_assert_cmpuint (quarter->total.days, ==, expected->total.days);
  g_assert_cmpuint (quarter->total.visits, ==, expected->total.visits);
  g_assert_cmpuint (quarter->total.served, ==, expected->total.served);
  g_assert_cmpint (quarter->total.wait_seconds, ==, expected->total.wait_seconds);
  g_assert_cmpuint (quarter->total.appointment_no_shows, ==, expected->total.appointment_no_shows);
  /* The demo has no walk-out: the known day's is there. */
  titres = gch_figures_find_service (quarter, "titres");
  g_assert_cmpuint (titres->visits, ==, gch_figures_find_service (expected, "titres")->visits);
  g_assert_cmpuint (titres->walk_outs, >=, 1);

  {
    g_autofree char *visits = g_strdup_printf ("%u", titres->visits);
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    guint found = 0;

    gch_test_app_find_widgets (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, rows);
    for (guint i = 0; i < rows->len; i++)
      if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)),
                     titres->label) == 0 &&
          g_strcmp0 (row_value (g_ptr_array_index (rows, i)), visits) == 0)
        found++;
    /* Its row in the quarter's list (today's shows the day's served) */
    g_assert_cmpuint (found, >=, 1);
  }

  csv_path = save (fixture, "quarter", GCH_FIGURES_FORMAT_CSV);
  csv = read_text (csv_path);
  expected_csv = gch_figures_to_csv (expected);
  g_assert_cmpstr (csv, ==, expected_csv);

  pdf_path = save (fixture, "quarter", GCH_FIGURES_FORMAT_PDF);
  pdf = pdf_text (pdf_path);
  g_test_message ("%s", pdf);
  g_assert_nonnull (strstr (pdf, quarter->site_name));
  g_assert_nonnull (strstr (pdf, quarter->from));
  g_assert_nonnull (strstr (pdf, quarter->to));
  g_assert_nonnull (strstr (pdf, titres->label));
}

static void
test_quarter (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo", check_quarter);
}

/* The server: the demo's day today, and a day where known things happened
 * earlier in the quarter (or later, on its first day).
 */
static void
start_server (void)
{
  g_autofree char *today = gch_demo_today ();
  g_autoptr(GError) error = NULL;
  int y, m, d;

  gch_day_parse_date (today, &y, &m, &d);
  known_date = g_strdup_printf ("%04d-%02d-%02d", y, (m - 1) / 3 * 3 + 1, 1);
  if (g_str_equal (known_date, today))
    {
      g_free (known_date);
      known_date = g_strdup_printf ("%04d-%02d-%02d", y, (m - 1) / 3 * 3 + 1, 2);
    }

  server = gch_test_server_new ();
  gch_test_server_load_demo (server, today);
  {
    g_autoptr(GchStore) store = gch_store_open (gch_test_server_get_database (server), &error);
    g_autoptr(GchDay) config = NULL;
    g_autoptr(GchDay) known = NULL;

    g_assert_no_error (error);
    config = gch_store_load_day (store, today, &error);
    g_assert_no_error (error);
    known = gch_test_figures_build_day_like (config, known_date, GCH_TEST_FIGURES_DAY);
    gch_store_import_day (store, known, &error);
    g_assert_no_error (error);
  }
  gch_test_server_add_agent (server, AGENT, "Claire Martin", "agent", AGENT_PASSWORD);
  gch_test_server_add_agent (server, SUPERVISOR, "François Roux", "supervisor",
                             SUPERVISOR_PASSWORD);
  gch_test_server_start (server, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gch_test_app_init (&argc, &argv);

  start_server ();

  g_test_add_func ("/figures-page/today", test_today);
  g_test_add_func ("/figures-page/not-a-supervisor", test_not_supervisor);
  g_test_add_func ("/figures-page/quarter", test_quarter);

  status = g_test_run ();
  g_clear_pointer (&server, gch_test_server_free);
  g_clear_pointer (&known_date, g_free);
  return status;
}
