/* test-figures.c: the figures of a day and of a period
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

/* Every day below is built by hand (gch-test-figures.c) and every figure
 * expected was worked out on paper, from the day's text, before the code
 * ran. The day of GCH_TEST_FIGURES_DAY, target 30 minutes:
 *
 *   titres  A001 wait 10, service 9:11–9:31 (alice), its appointment R4 served
 *           A002 wait 40, service 10:01–10:11 (bob)
 *           A003 wait 5, service 10:55–11:10 (alice): served across two hours
 *           A004 from P001 (not a visit), wait 5, service 9:50–10:05 (alice)
 *           A005 left at 10:30: a walk-out
 *           A006 wait 5, no-show, its appointment R1 no-show too: one person
 *   permis  P001 wait 10, transferred to titres (A004)
 *           R2 no-show, never came; R3 cancelled: not due
 *
 *   titres: visits 5, served 4, called 5, waits 65 min → mean 13.0, within
 *           target 4/5, services 20+10+15+15 = 60 → mean 15.0, no-shows 1,
 *           walk-outs 1, appointments due 2 (R1, R4), no-shows 1 → 50 %
 *   permis: visits 1, served 0, called 1, wait 10, within 1/1, no service
 *           timed, no-shows 1 (R2), due 1 (R2) → 100 %
 *   total:  visits 6, served 4, called 6, waits 75 → 12.5, within 5/6,
 *           mean service 15.0, no-shows 2, walk-outs 1, due 3, missed 2
 *   alice:  3 served (20, 15, 15 → 16.67); bob: 1 served (10)
 *   arrivals by hour: 9 → 3 (A001, A002, P001), 10 → 3 (A003, A005, A006)
 *   served by hour: 9 → 1 (A001), 10 → 2 (A002, A004), 11 → 1 (A003)
 *   modes: 10:20 affluence, 11:30 normal
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "gch-test-day.h"
#include "gch-test-figures.h"
#include "guichet.h"

#define DATE "2026-03-10"

static void
assert_line (const GchFiguresLine *line,
             guint                 visits,
             guint                 served,
             guint                 called,
             double                mean_wait,
             guint                 within,
             double                mean_service,
             guint                 no_shows,
             guint                 walk_outs,
             guint                 due,
             guint                 missed)
{
  g_assert_nonnull (line);
  g_assert_cmpuint (line->visits, ==, visits);
  g_assert_cmpuint (line->served, ==, served);
  g_assert_cmpuint (line->called, ==, called);
  if (isnan (mean_wait))
    g_assert_true (isnan (gch_figures_line_get_mean_wait (line)));
  else
    g_assert_cmpfloat_with_epsilon (gch_figures_line_get_mean_wait (line), mean_wait, 0.01);
  g_assert_cmpuint (line->within_target, ==, within);
  if (isnan (mean_service))
    g_assert_true (isnan (gch_figures_line_get_mean_service (line)));
  else
    g_assert_cmpfloat_with_epsilon (gch_figures_line_get_mean_service (line), mean_service, 0.01);
  g_assert_cmpuint (line->no_shows, ==, no_shows);
  g_assert_cmpuint (line->walk_outs, ==, walk_outs);
  g_assert_cmpuint (line->appointments_due, ==, due);
  g_assert_cmpuint (line->appointment_no_shows, ==, missed);
}

static void
assert_known_day (GchFigures *figures,
                  guint       times)
{
  const guint arrivals[24] = { [9] = 3, [10] = 3 };
  const guint served[24] = { [9] = 1, [10] = 2, [11] = 1 };
  GchFiguresLine *alice, *bob;

  assert_line (&figures->total, 6 * times, 4 * times, 6 * times, 12.5, 5 * times, 15.0,
               2 * times, 1 * times, 3 * times, 2 * times);
  g_assert_cmpfloat_with_epsilon (gch_figures_line_get_within_share (&figures->total),
                                  5.0 / 6, 1e-9);
  g_assert_cmpfloat_with_epsilon (gch_figures_line_get_no_show_rate (&figures->total),
                                  2.0 / 3, 1e-9);
  g_assert_cmpuint (figures->total.days, ==, times);

  g_assert_cmpuint (figures->services->len, ==, 2);
  assert_line (g_ptr_array_index (figures->services, 0), 5 * times, 4 * times, 5 * times, 13.0,
               4 * times, 15.0, 1 * times, 1 * times, 2 * times, 1 * times);
  g_assert_cmpstr (((GchFiguresLine *)g_ptr_array_index (figures->services, 0))->key, ==, "titres");
  assert_line (gch_figures_find_service (figures, "permis"), 1 * times, 0, 1 * times, 10.0,
               1 * times, NAN, 1 * times, 0, 1 * times, 1 * times);
  g_assert_cmpfloat (gch_figures_line_get_no_show_rate (gch_figures_find_service (figures,
                                                                                  "permis")),
                     ==, 1.0);
  g_assert_cmpuint (gch_figures_find_service (figures, "titres")->days, ==, times);

  g_assert_cmpuint (figures->agents->len, ==, 2);
  alice = gch_figures_find_agent (figures, "alice");
  bob = gch_figures_find_agent (figures, "bob");
  g_assert_cmpstr (alice->label, ==, "Alice Martin");
  g_assert_cmpuint (alice->served, ==, 3 * times);
  g_assert_cmpfloat_with_epsilon (gch_figures_line_get_mean_service (alice), 50.0 / 3, 0.01);
  g_assert_cmpuint (bob->served, ==, 1 * times);
  g_assert_cmpfloat_with_epsilon (gch_figures_line_get_mean_service (bob), 10.0, 0.01);
  g_assert_null (gch_figures_find_agent (figures, "sup"));

  for (guint h = 0; h < 24; h++)
    {
      g_assert_cmpuint (figures->arrivals[h], ==, arrivals[h] * times);
      g_assert_cmpuint (figures->served[h], ==, served[h] * times);
    }
}

static void
test_known_day (void)
{
  g_autoptr(GchDay) day = gch_test_figures_build_day (DATE, GCH_TEST_FIGURES_DAY);
  g_autoptr(GchFigures) figures = gch_figures_new_for_day (day, 30);
  GchModeChange *change;

  g_assert_true (gch_figures_is_day (figures));
  g_assert_cmpstr (figures->site_name, ==, "Préfecture de test");
  assert_known_day (figures, 1);

  g_assert_cmpuint (figures->mode_changes->len, ==, 2);
  change = g_ptr_array_index (figures->mode_changes, 0);
  g_assert_cmpint (change->at, ==, gch_day_local_time (day, 10 * 60 + 20));
  g_assert_cmpint (change->mode, ==, GCH_SITE_MODE_AFFLUENCE);
  g_assert_cmpstr (change->actor, ==, "sup");
  change = g_ptr_array_index (figures->mode_changes, 1);
  g_assert_cmpint (change->mode, ==, GCH_SITE_MODE_NORMAL);
}

/* The same day, with a stricter target: A001 and P001 (10 min) no longer
 * count as within it, the three waits of 5 minutes still do.
 */
static void
test_target (void)
{
  g_autoptr(GchDay) day = gch_test_figures_build_day (DATE, GCH_TEST_FIGURES_DAY);
  g_autoptr(GchFigures) strict = gch_figures_new_for_day (day, 5);
  g_autoptr(GchFigures) lenient = gch_figures_new_for_day (day, 40);

  g_assert_cmpuint (strict->total.within_target, ==, 3);
  g_assert_cmpuint (lenient->total.within_target, ==, 6);
}

static void
test_empty_day (void)
{
  g_autoptr(GchDay) day = gch_test_figures_build_day (DATE, "");
  g_autoptr(GchFigures) figures = gch_figures_new_for_day (day, 30);
  g_autofree char *csv = NULL;
  g_auto(GStrv) rows = NULL;

  assert_line (&figures->total, 0, 0, 0, NAN, 0, NAN, 0, 0, 0, 0);
  g_assert_true (isnan (gch_figures_line_get_within_share (&figures->total)));
  g_assert_true (isnan (gch_figures_line_get_no_show_rate (&figures->total)));
  g_assert_cmpuint (figures->services->len, ==, 2);
  g_assert_cmpuint (((GchFiguresLine *)g_ptr_array_index (figures->services, 0))->days, ==, 0);
  g_assert_cmpuint (figures->agents->len, ==, 0);
  g_assert_cmpuint (figures->mode_changes->len, ==, 0);
  for (guint h = 0; h < 24; h++)
    g_assert_cmpuint (figures->arrivals[h] + figures->served[h], ==, 0);

  /* Nothing to divide: the cells are empty, not 0 nor "nan". */
  csv = gch_figures_to_csv (figures);
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (rows[1], ==, "total,,Préfecture de test,0,0,0,,,,0,0,0,,1,0,0,0,0,0,");
  g_assert_null (strstr (csv, "nan"));
}

/* 2026-10-25 in Paris: the clocks go back from 3:00 CEST to 2:00 CET, at
 * 1:00 UTC, and the day has 25 hours. Hours are counted on the wall clock,
 * so hour 2 holds both 2:00–3:00s; a wait across the change is its real
 * length.
 *
 *   A001 arrives 0:50 UTC (2:50 CEST), called 1:10 UTC (2:10 CET): 20 min
 *   A002 arrives 1:30 UTC (2:30 CET)
 *   A003 arrives 9:00 CET, called 9:05, served 9:05–9:20
 *   A004 arrives 23:30 CET, the day's last hour
 */
static void
test_dst_day (void)
{
  g_autoptr(GchDay) day =
    gch_test_figures_build_day ("2026-10-25",
                                "p A001 titres 0:50Z call=1:10Z; p A002 titres 1:30Z; "
                                "p A003 titres 9:00 call=9:05 start=9:05 done=9:20 by=alice; "
                                "p A004 titres 23:30");
  g_autoptr(GchFigures) figures = gch_figures_new_for_day (day, 30);

  g_assert_cmpint (gch_day_local_time (day, 24 * 60) - gch_day_local_time (day, 0), ==,
                   25 * 3600);
  g_assert_cmpuint (figures->arrivals[1], ==, 0);
  g_assert_cmpuint (figures->arrivals[2], ==, 2);
  g_assert_cmpuint (figures->arrivals[3], ==, 0);
  g_assert_cmpuint (figures->arrivals[9], ==, 1);
  g_assert_cmpuint (figures->arrivals[23], ==, 1);
  g_assert_cmpuint (figures->served[9], ==, 1);
  assert_line (&figures->total, 4, 1, 2, 12.5, 2, 15.0, 0, 0, 0, 0);
}

static void
test_csv (void)
{
  g_autoptr(GchDay) day = gch_test_figures_build_day (DATE, GCH_TEST_FIGURES_DAY);
  g_autoptr(GchFigures) figures = gch_figures_new_for_day (day, 30);
  g_autofree char *csv = NULL;
  g_auto(GStrv) rows = NULL;
  const char *old = setlocale (LC_NUMERIC, NULL);
  g_autofree char *saved = g_strdup (old);

  /* A French user's locale writes 12,5: the file must not. */
  setlocale (LC_NUMERIC, "fr_FR.UTF-8");
  csv = gch_figures_to_csv (figures);
  setlocale (LC_NUMERIC, saved);

  g_assert_true (g_utf8_validate (csv, -1, NULL));
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (rows[0], ==,
                   "section,key,name,visits,served,called,mean_wait_minutes,"
                   "within_target_percent,mean_service_minutes,no_shows,walk_outs,"
                   "appointments_due,no_show_percent,days,rated,very_satisfied,satisfied,"
                   "not_very_satisfied,not_satisfied,satisfaction_percent");
  g_assert_cmpstr (rows[1], ==, "total,,Préfecture de test,6,4,6,12.5,83.3,15.0,2,1,3,66.7,1,"
                                "0,0,0,0,0,");
  g_assert_cmpstr (rows[2], ==, "service,titres,Titres d’identité,5,4,5,13.0,80.0,15.0,1,1,2,50.0,1,"
                                "0,0,0,0,0,");
  /* A comma and quotes in a name: quoted, the quotes doubled (RFC 4180). */
  g_assert_cmpstr (rows[3], ==, "service,permis,\"Permis, \"\"échange\"\"\",1,0,1,10.0,100.0,,1,0,1,"
                                "100.0,1,0,0,0,0,0,");
  g_assert_cmpstr (rows[4], ==, "agent,alice,Alice Martin,,3,,,,16.7,,,,,,,,,,,");
  g_assert_cmpstr (rows[5], ==, "agent,bob,Bob Durand,,1,,,,10.0,,,,,,,,,,,");
  g_assert_cmpstr (rows[6], ==, "hour,00:00,00:00-01:00,0,0,,,,,,,,,,,,,,,");
  g_assert_cmpstr (rows[6 + 9], ==, "hour,09:00,09:00-10:00,3,1,,,,,,,,,,,,,,,");
  g_assert_cmpstr (rows[6 + 10], ==, "hour,10:00,10:00-11:00,3,2,,,,,,,,,,,,,,,");
  g_assert_cmpstr (rows[6 + 11], ==, "hour,11:00,11:00-12:00,0,1,,,,,,,,,,,,,,,");
  g_assert_cmpstr (rows[6 + 24], ==, "mode,10:20,affluence,,,,,,,,,,,,,,,,,");
  g_assert_cmpstr (rows[6 + 25], ==, "mode,11:30,normal,,,,,,,,,,,,,,,,,");
  g_assert_cmpstr (rows[6 + 26], ==, "");
  g_assert_null (rows[6 + 27]);
}

/* Satisfaction (Qual-e-pref 3.2): per service and in total, the ratings per
 * face and the share rated satisfied or very satisfied, of those rated.
 *
 *   titres: A001 very satisfied, A002 satisfied, A003 not satisfied,
 *           A004 served and not rated: 2 of 3, 66.7 %
 *   permis: P002 not very satisfied: 0 of 1
 *   total:  2 of 4, 50 %
 */
static void
test_satisfaction (void)
{
  g_autoptr(GchDay) day =
    gch_test_figures_build_day (DATE,
                                "p A001 titres 9:00 call=9:10 start=9:10 done=9:20 by=alice rate=1; "
                                "p A002 titres 9:05 call=9:20 start=9:20 done=9:30 by=alice rate=2; "
                                "p A003 titres 9:10 call=9:30 start=9:30 done=9:40 by=bob rate=4; "
                                "p A004 titres 9:15 call=9:40 start=9:40 done=9:50 by=bob; "
                                "p P002 permis 9:00 call=9:05 start=9:05 done=9:25 by=bob rate=3");
  g_autoptr(GchFigures) figures = gch_figures_new_for_day (day, 30);
  g_autoptr(JsonNode) node = gch_figures_to_json (figures);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) parsed = json_from_string (text, NULL);
  g_autoptr(GchFigures) back = NULL;
  g_autofree char *csv = gch_figures_to_csv (figures);
  g_auto(GStrv) rows = g_strsplit (csv, "\r\n", -1);
  GchFiguresLine *titres = gch_figures_find_service (figures, "titres");
  GchFiguresLine *permis = gch_figures_find_service (figures, "permis");

  g_assert_cmpuint (titres->ratings[0], ==, 1);
  g_assert_cmpuint (titres->ratings[1], ==, 1);
  g_assert_cmpuint (titres->ratings[2], ==, 0);
  g_assert_cmpuint (titres->ratings[3], ==, 1);
  g_assert_cmpuint (gch_figures_line_get_rated (titres), ==, 3);
  g_assert_cmpfloat_with_epsilon (gch_figures_line_get_satisfaction_rate (titres), 2.0 / 3, 1e-9);
  g_assert_cmpuint (permis->ratings[2], ==, 1);
  g_assert_cmpfloat (gch_figures_line_get_satisfaction_rate (permis), ==, 0);
  g_assert_cmpuint (gch_figures_line_get_rated (&figures->total), ==, 4);
  g_assert_cmpfloat_with_epsilon (gch_figures_line_get_satisfaction_rate (&figures->total), 0.5,
                                  1e-9);

  g_assert_true (g_str_has_suffix (rows[1], ",4,1,1,1,1,50.0"));
  g_assert_true (g_str_has_suffix (rows[2], ",3,1,1,0,1,66.7"));
  g_assert_true (g_str_has_suffix (rows[3], ",1,0,0,1,0,0.0"));

  /* The ratings go through the server's JSON and come back the same. */
  back = gch_figures_from_json (parsed, NULL);
  g_assert_nonnull (back);
  g_assert_cmpuint (gch_figures_line_get_rated (&back->total), ==, 4);
  g_assert_cmpuint (gch_figures_find_service (back, "titres")->ratings[3], ==, 1);

  /* Nobody rated: no rate, not 0 %. */
  {
    GchFiguresLine none = { 0 };

    g_assert_true (isnan (gch_figures_line_get_satisfaction_rate (&none)));
  }
}

static void
test_json_round_trip (void)
{
  g_autoptr(GchDay) day = gch_test_figures_build_day (DATE, GCH_TEST_FIGURES_DAY);
  g_autoptr(GchFigures) figures = gch_figures_new_for_day (day, 30);
  g_autoptr(JsonNode) node = gch_figures_to_json (figures);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) parsed = json_from_string (text, NULL);
  g_autoptr(GchFigures) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = gch_figures_to_csv (figures);
  g_autofree char *csv_back = NULL;

  back = gch_figures_from_json (parsed, &error);
  g_assert_no_error (error);
  assert_known_day (back, 1);
  g_assert_cmpstr (back->timezone, ==, "Europe/Paris");
  g_assert_cmpuint (back->mode_changes->len, ==, 2);
  csv_back = gch_figures_to_csv (back);
  g_assert_cmpstr (csv_back, ==, csv);

  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"from\": \"2026-03-10\", \"to\": \"2026-03-10\","
                                                " \"target-minutes\": 30, \"total\": 3}", NULL);
    g_autoptr(GchFigures) none = gch_figures_from_json (bad, &error);

    g_assert_null (none);
    g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  }
}

static void
test_check_period (void)
{
  static const struct { const char *from, *to; gint64 target; const char *says; } bad[] = {
    { "2026-01-01", "2025-12-31", 30, "after its end" },
    { "2025-01-01", "2026-01-02", 30, "366 days at most" },
    { "2026-02-30", "2026-03-01", 30, "not a date" },
    { "2026-01-01", "tomorrow", 30, "“tomorrow” is not a date" },
    { "2026-01-01", "2026-03-31", 0, "target wait" },
    { "2026-01-01", "2026-03-31", -5, "target wait" },
    { NULL, "2026-03-31", 30, "Say which days" },
  };

  g_assert_true (gch_figures_check_period ("2026-01-01", "2026-03-31", 30, NULL));
  g_assert_true (gch_figures_check_period ("2024-01-01", "2024-12-31", 1, NULL));  /* 366 days */
  g_assert_true (gch_figures_check_period ("2026-03-10", "2026-03-10", 30, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (gch_figures_check_period (bad[i].from, bad[i].to, bad[i].target, &error));
      g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i].says));
    }
}

/* Two copies of the known day and an empty Sunday in a real store: the
 * quarter is their sum; the days with nothing are not counted.
 */
static void
test_period (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-figures-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "guichet.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFigures) quarter = NULL;
  g_autoptr(GchFigures) empty = NULL;
  g_autoptr(GPtrArray) dates = NULL;

  {
    g_autoptr(GchStore) store = gch_store_open (path, &error);
    const char *days[] = { "2026-03-10", "2026-03-12" };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (days); i++)
      {
        g_autoptr(GchDay) day = gch_test_figures_build_day (days[i], GCH_TEST_FIGURES_DAY);

        gch_store_import_day (store, day, &error);
        g_assert_no_error (error);
      }

    dates = gch_store_list_dates (store, "2026-01-01", "2026-03-31", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (dates->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (dates, 0), ==, "2026-03-10");
    g_assert_cmpstr (g_ptr_array_index (dates, 1), ==, "2026-03-12");

    quarter = gch_figures_load_period (store, "2026-01-01", "2026-03-31", NULL, 30, &error);
    g_assert_no_error (error);
    g_assert_false (gch_figures_is_day (quarter));
    assert_known_day (quarter, 2);
    g_assert_cmpuint (quarter->mode_changes->len, ==, 4);

    /* Nothing stored then: zeros, with the site's services named. */
    empty = gch_figures_load_period (store, "2026-04-01", "2026-06-30", NULL, 30, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (empty->total.days, ==, 0);
    g_assert_cmpuint (empty->total.visits, ==, 0);
    g_assert_cmpuint (empty->services->len, ==, 2);
    g_assert_cmpstr (empty->site_name, ==, "Préfecture de test");

    g_assert_null (gch_figures_load_period (store, "2026-03-31", "2026-01-01", NULL, 30, &error));
    g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
    g_clear_error (&error);

    /* On 11 March, the 12th has not happened: only the 10th counts. */
    {
      g_autoptr(GchFigures) so_far = gch_figures_load_period (store, "2026-01-01", "2026-03-31",
                                                              "2026-03-11", 30, &error);

      g_assert_no_error (error);
      assert_known_day (so_far, 1);
      g_assert_cmpstr (so_far->to, ==, "2026-03-31");
    }
    {
      g_autoptr(GchFigures) ahead = gch_figures_load_period (store, "2026-03-12", "2026-03-31",
                                                             "2026-03-11", 30, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (ahead->total.days, ==, 0);
      g_assert_cmpuint (ahead->total.visits, ==, 0);
    }
  }

  {
    g_autofree char *csv = gch_figures_to_csv (quarter);
    g_auto(GStrv) rows = g_strsplit (csv, "\r\n", -1);

    /* A period: no hour or mode rows, only the total, services and agents. */
    g_assert_cmpstr (rows[1], ==, "total,,Préfecture de test,12,8,12,12.5,83.3,15.0,4,2,6,66.7,2,"
                                  "0,0,0,0,0,");
    g_assert_cmpuint (g_strv_length (rows), ==, 1 + 1 + 2 + 2 + 1);
  }

  gch_test_remove_tree (dir);
}

/* A year of busy days, read once each: how long the quarter's and the
 * year's figures take (printed, not asserted: timings are not tests).
 */
static void
test_period_year (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-figures-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "guichet.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_store_open (path, &error);
  g_autoptr(GDateTime) first = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  g_autoptr(GchFigures) year = NULL;
  GString *busy = g_string_new (NULL);
  guint days = 0;
  gint64 start;

  g_assert_no_error (error);

  /* 60 people a day: the known day ten times over, shifted by minutes. */
  for (guint copy = 0; copy < 10; copy++)
    {
      g_autofree char *text = g_strdup (GCH_TEST_FIGURES_DAY);
      g_auto(GStrv) statements = g_strsplit (text, ";", -1);

      for (guint s = 0; statements[s] != NULL; s++)
        {
          g_autofree char *statement = g_strstrip (g_strdup (statements[s]));

          if (!g_str_has_prefix (statement, "p "))
            continue;
          /* A001 → A001x3: a ticket of its own, the same story. */
          {
            g_auto(GStrv) words = g_strsplit (statement, " ", -1);
            g_autofree char *rest = g_strjoinv (" ", words + 2);
            g_autofree char *from = NULL;
            char *f = strstr (rest, "from=");

            if (f != NULL)
              {
                g_auto(GStrv) parts = g_strsplit (f, " ", 2);

                from = g_strdup_printf ("%sx%u", parts[0], copy);
                *f = '\0';
                g_string_append_printf (busy, "p %sx%u %s%s %s; ", words[1], copy, rest, from,
                                        parts[1] ? parts[1] : "");
              }
            else
              g_string_append_printf (busy, "p %sx%u %s; ", words[1], copy, rest);
          }
        }
    }

  for (guint i = 0; i < 365; i++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (first, i);
      g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
      g_autoptr(GchDay) day = NULL;

      if (g_date_time_get_day_of_week (date) >= 6)
        continue;
      day = gch_test_figures_build_day (text, busy->str);
      gch_store_import_day (store, day, &error);
      g_assert_no_error (error);
      days++;
    }

  start = g_get_monotonic_time ();
  year = gch_figures_load_period (store, "2025-01-01", "2025-12-31", NULL, 30, &error);
  g_assert_no_error (error);
  g_test_message ("%u days, %u visits: the year's figures in %.0f ms", days, year->total.visits,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (year->total.days, ==, days);
  g_assert_cmpuint (year->total.visits, ==, days * 60);
  g_assert_cmpuint (year->total.served, ==, days * 40);

  g_string_free (busy, TRUE);
  g_clear_object (&store);
  gch_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/figures/day/known", test_known_day);
  g_test_add_func ("/figures/day/target", test_target);
  g_test_add_func ("/figures/day/empty", test_empty_day);
  g_test_add_func ("/figures/day/dst", test_dst_day);
  g_test_add_func ("/figures/csv", test_csv);
  g_test_add_func ("/figures/satisfaction", test_satisfaction);
  g_test_add_func ("/figures/json/round-trip", test_json_round_trip);
  g_test_add_func ("/figures/period/check", test_check_period);
  g_test_add_func ("/figures/period/store", test_period);
  g_test_add_func ("/figures/period/year", test_period_year);

  return g_test_run ();
}
