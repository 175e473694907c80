/* test-day.c
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

#include "guichet.h"

/* The day's dates and times, and what each guichet sees of the hall: who it
 * may call, whom it expects, who stands at it. The days are small and built
 * by hand, so that every expected list below can be checked by reading it.
 */

/* Helpers */

static GchDay *
new_day (const char *date,
         const char *zone)
{
  GchDay *day = gch_day_new (date);

  day->site = g_object_new (GCH_TYPE_SITE,
                            "code", "test",
                            "name", "Préfecture de test",
                            "timezone", zone,
                            "opens-at", 8 * 60 + 30,
                            "closes-at", 17 * 60,
                            NULL);
  return day;
}

static void
add_service (GchDay     *day,
             const char *code,
             const char *prefix)
{
  g_ptr_array_add (day->services,
                   g_object_new (GCH_TYPE_SERVICE,
                                 "code", code,
                                 "name", code,
                                 "prefix", prefix,
                                 NULL));
}

static void
add_guichet (GchDay             *day,
             guint               number,
             gboolean            accessible,
             const char * const *services)
{
  g_ptr_array_add (day->guichets,
                   g_object_new (GCH_TYPE_GUICHET,
                                 "number", number,
                                 "label", "Guichet",
                                 "accessible", accessible,
                                 "services", services,
                                 "state", GCH_GUICHET_STATE_OPEN,
                                 NULL));
}

static void
add_entry (GchDay        *day,
           const char    *ticket,
           const char    *service,
           guint          minutes,
           GchEntryState  state,
           guint          guichet,
           GchPriority    priority)
{
  g_assert_nonnull (gch_day_find_service (day, service));
  g_ptr_array_add (day->entries,
                   g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                 "id", ticket,
                                 "ticket", ticket,
                                 "service", gch_day_find_service (day, service),
                                 "priority", priority,
                                 "arrived-at", gch_day_local_time (day, minutes),
                                 "state", state,
                                 "guichet", guichet,
                                 NULL));
}

static void
add_appointment (GchDay               *day,
                 const char           *reference,
                 const char           *service,
                 guint                 minutes,
                 GchAppointmentStatus  status,
                 guint                 guichet)
{
  g_assert_nonnull (gch_day_find_service (day, service));
  g_ptr_array_add (day->appointments,
                   g_object_new (GCH_TYPE_APPOINTMENT,
                                 "reference", reference,
                                 "service", gch_day_find_service (day, service),
                                 "starts-at", gch_day_local_time (day, minutes),
                                 "holder-name", reference,
                                 "status", status,
                                 "guichet", guichet,
                                 NULL));
}

/* "A004 P001 A001": easy to compare, and readable when it fails. */
static char *
join_tickets (GPtrArray *entries)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "",
                            gch_queue_entry_get_ticket (g_ptr_array_index (entries, i)));

  return g_string_free (s, FALSE);
}

static char *
join_references (GPtrArray *appointments)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < appointments->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "",
                            gch_appointment_get_reference (g_ptr_array_index (appointments, i)));

  return g_string_free (s, FALSE);
}

static gint64
utc_time (int year,
          int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

/* A hall at 10:00 on a summer day. Guichet 1 is accessible and takes
 * titres and permis, guichet 2 only titres and has no step-free access,
 * guichet 3 is accessible and takes séjour. The entries are added out of
 * order of arrival on purpose.
 */
static GchDay *
new_hall (void)
{
  static const char * const g1[] = { "titres", "permis", NULL };
  static const char * const g2[] = { "titres", NULL };
  static const char * const g3[] = { "sejour", NULL };
  GchDay *day = new_day ("2026-07-15", "Europe/Paris");

  add_service (day, "titres", "A");
  add_service (day, "permis", "P");
  add_service (day, "sejour", "S");
  add_guichet (day, 1, TRUE, g1);
  add_guichet (day, 2, FALSE, g2);
  add_guichet (day, 3, TRUE, g3);

  /* ticket, service, arrival, state, assigned guichet, priority */
  add_entry (day, "A001", "titres", 9 * 60 + 5, GCH_ENTRY_STATE_WAITING, 0, GCH_PRIORITY_NONE);
  add_entry (day, "P001", "permis", 9 * 60 + 0, GCH_ENTRY_STATE_WAITING, 0, GCH_PRIORITY_NONE);
  add_entry (day, "S001", "sejour", 9 * 60 + 2, GCH_ENTRY_STATE_WAITING, 0, GCH_PRIORITY_NONE);
  add_entry (day, "A002", "titres", 8 * 60 + 50, GCH_ENTRY_STATE_CALLED, 2, GCH_PRIORITY_NONE);
  add_entry (day, "A003", "titres", 8 * 60 + 55, GCH_ENTRY_STATE_WAITING, 2, GCH_PRIORITY_NONE);
  add_entry (day, "A004", "titres", 8 * 60 + 58, GCH_ENTRY_STATE_WAITING, 0, GCH_PRIORITY_DISABILITY);
  add_entry (day, "A005", "titres", 8 * 60 + 40, GCH_ENTRY_STATE_DONE, 1, GCH_PRIORITY_NONE);
  add_entry (day, "P002", "permis", 9 * 60 + 10, GCH_ENTRY_STATE_WAITING, 1, GCH_PRIORITY_NONE);
  add_entry (day, "A006", "titres", 8 * 60 + 45, GCH_ENTRY_STATE_ON_HOLD, 0, GCH_PRIORITY_NONE);
  add_entry (day, "A007", "titres", 8 * 60 + 35, GCH_ENTRY_STATE_SERVING, 1, GCH_PRIORITY_NONE);
  add_entry (day, "A008", "titres", 9 * 60 + 1, GCH_ENTRY_STATE_WAITING, 0, GCH_PRIORITY_ELDERLY);
  add_entry (day, "S002", "sejour", 8 * 60 + 31, GCH_ENTRY_STATE_NO_SHOW, 3, GCH_PRIORITY_NONE);
  add_entry (day, "A009", "titres", 8 * 60 + 32, GCH_ENTRY_STATE_LEFT, 0, GCH_PRIORITY_NONE);

  return day;
}

/* Dates */

static void
test_parse_date_valid (void)
{
  static const struct { const char *text; int y, m, d; } cases[] = {
    { "2026-07-15", 2026, 7, 15 },
    { "2026-01-01", 2026, 1, 1 },
    { "2026-12-31", 2026, 12, 31 },
    { "2024-02-29", 2024, 2, 29 },   /* leap year */
    { "2000-02-29", 2000, 2, 29 },   /* divisible by 400: leap */
    { "2026-03-29", 2026, 3, 29 },   /* the clocks go forward in Paris */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int y = 0, m = 0, d = 0;

      g_test_message ("%s", cases[i].text);
      g_assert_true (gch_day_parse_date (cases[i].text, &y, &m, &d));
      g_assert_cmpint (y, ==, cases[i].y);
      g_assert_cmpint (m, ==, cases[i].m);
      g_assert_cmpint (d, ==, cases[i].d);

      /* The out arguments are optional. */
      g_assert_true (gch_day_parse_date (cases[i].text, NULL, NULL, NULL));
    }
}

static void
test_parse_date_invalid (void)
{
  static const char * const cases[] = {
    "2026-02-29",     /* not a leap year */
    "1900-02-29",     /* divisible by 100, not by 400 */
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-01-32",
    "2026-1-01",
    "2026-01-1",
    "26-01-2026",
    "15/07/2026",
    "2026/07/15",
    "20260715",
    "",
    "tomorrow",
    "2026-07-15x",
    "2026-07-15 ",
    "2026-07-15T10:00",
    " 2026-07-15",
    /* ten characters, but not YYYY-MM-DD: the date is a database key */
    "2026- 7-15",
    "2026-+7-15",
    "2026-07- 5",
    "+026-07-15",
    "2026-07-+5",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("“%s”", cases[i]);
      g_assert_false (gch_day_parse_date (cases[i], NULL, NULL, NULL));
    }

  g_assert_false (gch_day_parse_date (NULL, NULL, NULL, NULL));
}

static void
test_new (void)
{
  g_autoptr(GchDay) day = gch_day_new ("2026-07-15");

  g_assert_nonnull (day);
  g_assert_cmpstr (day->date, ==, "2026-07-15");
  g_assert_null (day->site);
  g_assert_cmpuint (day->services->len, ==, 0);
  g_assert_cmpuint (day->guichets->len, ==, 0);
  g_assert_cmpuint (day->agents->len, ==, 0);
  g_assert_cmpuint (day->appointments->len, ==, 0);
  g_assert_cmpuint (day->entries->len, ==, 0);
  g_assert_cmpuint (day->events->len, ==, 0);
}

static void
test_new_invalid (void)
{
  GchDay *day;

  /* A bad date is a programmer error here: the store checks input first. */
  g_test_expect_message ("gch-day", G_LOG_LEVEL_CRITICAL, "*gch_day_parse_date*");
  day = gch_day_new ("2026-02-30");
  g_test_assert_expected_messages ();
  g_assert_null (day);
}

/* Times */

static void
test_local_time (void)
{
  static const struct {
    const char *date;
    const char *timezone;
    guint minutes;
    int y, m, d, hour, minute;   /* the same moment in UTC */
  } cases[] = {
    /* Summer time in Paris: UTC+2 */
    { "2026-07-15", "Europe/Paris", 10 * 60 + 30, 2026, 7, 15, 8, 30 },
    { "2026-07-15", "Europe/Paris", 8 * 60 + 30, 2026, 7, 15, 6, 30 },
    /* Winter time: UTC+1 */
    { "2026-12-15", "Europe/Paris", 10 * 60 + 30, 2026, 12, 15, 9, 30 },
    { "2026-01-02", "Europe/Paris", 0, 2026, 1, 1, 23, 0 },
    /* 29 March 2026: at 2:00 the clocks go forward to 3:00 */
    { "2026-03-29", "Europe/Paris", 1 * 60 + 30, 2026, 3, 29, 0, 30 },
    { "2026-03-29", "Europe/Paris", 3 * 60 + 30, 2026, 3, 29, 1, 30 },
    { "2026-03-29", "Europe/Paris", 10 * 60 + 30, 2026, 3, 29, 8, 30 },
    { "2026-03-28", "Europe/Paris", 10 * 60 + 30, 2026, 3, 28, 9, 30 },
    /* 25 October 2026: at 3:00 the clocks go back to 2:00 */
    { "2026-10-25", "Europe/Paris", 10 * 60 + 30, 2026, 10, 25, 9, 30 },
    { "2026-10-24", "Europe/Paris", 10 * 60 + 30, 2026, 10, 24, 8, 30 },
    /* The site's zone counts, not the machine's (TZ=UTC in the tests) */
    { "2026-07-15", "Indian/Reunion", 10 * 60 + 30, 2026, 7, 15, 6, 30 },
    { "2026-07-15", "America/Cayenne", 10 * 60 + 30, 2026, 7, 15, 13, 30 },
    { "2026-07-15", "UTC", 10 * 60 + 30, 2026, 7, 15, 10, 30 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GchDay) day = new_day (cases[i].date, cases[i].timezone);
      gint64 expected = utc_time (cases[i].y, cases[i].m, cases[i].d, cases[i].hour, cases[i].minute);

      g_test_message ("%s %02u:%02u in %s", cases[i].date, cases[i].minutes / 60,
                      cases[i].minutes % 60, cases[i].timezone);
      g_assert_cmpint (gch_day_local_time (day, cases[i].minutes), ==, expected);
    }
}

static void
test_local_time_dst_day_length (void)
{
  g_autoptr(GchDay) spring = new_day ("2026-03-29", "Europe/Paris");
  g_autoptr(GchDay) autumn = new_day ("2026-10-25", "Europe/Paris");
  g_autoptr(GchDay) summer = new_day ("2026-07-15", "Europe/Paris");

  /* From 1:00 to 4:00 on the clock: two hours pass in spring, four in
   * autumn, three on an ordinary day.
   */
  g_assert_cmpint (gch_day_local_time (spring, 4 * 60) - gch_day_local_time (spring, 60), ==, 2 * 3600);
  g_assert_cmpint (gch_day_local_time (autumn, 4 * 60) - gch_day_local_time (autumn, 60), ==, 4 * 3600);
  g_assert_cmpint (gch_day_local_time (summer, 4 * 60) - gch_day_local_time (summer, 60), ==, 3 * 3600);

  /* Opening hours are not affected: 8:30 to 17:00 is 8 h 30 every day. */
  g_assert_cmpint (gch_day_local_time (spring, 17 * 60) - gch_day_local_time (spring, 8 * 60 + 30),
                   ==, 8 * 3600 + 30 * 60);
  g_assert_cmpint (gch_day_local_time (autumn, 17 * 60) - gch_day_local_time (autumn, 8 * 60 + 30),
                   ==, 8 * 3600 + 30 * 60);
}

static void
test_date_of (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GTimeZone) reunion = g_time_zone_new_identifier ("Indian/Reunion");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  g_assert_nonnull (paris);
  g_assert_nonnull (reunion);

  /* 22:30 UTC on 14 July is already 15 July in Paris (UTC+2) and La Réunion (UTC+4). */
  a = gch_day_date_of (paris, utc_time (2026, 7, 14, 22, 30));
  b = gch_day_date_of (utc, utc_time (2026, 7, 14, 22, 30));
  c = gch_day_date_of (reunion, utc_time (2026, 7, 14, 20, 30));
  /* 22:30 UTC in winter is 23:30 in Paris: still the same day. */
  d = gch_day_date_of (paris, utc_time (2026, 12, 14, 22, 30));
  e = gch_day_date_of (paris, utc_time (2026, 12, 14, 23, 0));

  g_assert_cmpstr (a, ==, "2026-07-15");
  g_assert_cmpstr (b, ==, "2026-07-14");
  g_assert_cmpstr (c, ==, "2026-07-15");
  g_assert_cmpstr (d, ==, "2026-12-14");
  g_assert_cmpstr (e, ==, "2026-12-15");
}

/* Looking things up */

static void
test_find (void)
{
  g_autoptr(GchDay) day = new_hall ();
  static const char * const none[] = { NULL };

  g_ptr_array_add (day->agents,
                   g_object_new (GCH_TYPE_AGENT, "id", "c.martin", "name", "Claire Martin", NULL));
  add_appointment (day, "RDV-AAAAAA", "titres", 9 * 60, GCH_APPOINTMENT_STATUS_BOOKED, 0);
  add_guichet (day, 12, FALSE, none);

  g_assert_cmpstr (gch_service_get_prefix (gch_day_find_service (day, "permis")), ==, "P");
  g_assert_null (gch_day_find_service (day, "natu"));
  g_assert_null (gch_day_find_service (day, NULL));

  g_assert_cmpuint (gch_guichet_get_number (gch_day_find_guichet (day, 12)), ==, 12);
  g_assert_null (gch_day_find_guichet (day, 4));
  g_assert_null (gch_day_find_guichet (day, 0));

  g_assert_cmpstr (gch_agent_get_name (gch_day_find_agent (day, "c.martin")), ==, "Claire Martin");
  g_assert_null (gch_day_find_agent (day, "x.inconnu"));

  g_assert_cmpstr (gch_appointment_get_holder_name (gch_day_find_appointment (day, "RDV-AAAAAA")),
                   ==, "RDV-AAAAAA");
  g_assert_null (gch_day_find_appointment (day, "RDV-ZZZZZZ"));
}

/* What each guichet sees */

static void
test_waiting_for_guichet (void)
{
  g_autoptr(GchDay) day = new_hall ();
  g_autoptr(GPtrArray) g1 = gch_day_waiting_for_guichet (day, 1);
  g_autoptr(GPtrArray) g2 = gch_day_waiting_for_guichet (day, 2);
  g_autoptr(GPtrArray) g3 = gch_day_waiting_for_guichet (day, 3);
  g_autoptr(GPtrArray) g9 = gch_day_waiting_for_guichet (day, 9);
  g_autofree char *t1 = join_tickets (g1);
  g_autofree char *t2 = join_tickets (g2);
  g_autofree char *t3 = join_tickets (g3);

  /* Guichet 1: titres and permis, accessible. Not A003 (sent to guichet 2),
   * nor anyone called, served, on hold, gone or done; S001 is séjour.
   */
  g_assert_cmpstr (t1, ==, "A004 P001 A008 A001 P002");

  /* Guichet 2: titres only, no step-free access: not A004 (PMR), not the permis. */
  g_assert_cmpstr (t2, ==, "A003 A008 A001");

  /* Guichet 3: séjour only. */
  g_assert_cmpstr (t3, ==, "S001");

  /* No such guichet: nobody to call, but a list all the same. */
  g_assert_nonnull (g9);
  g_assert_cmpuint (g9->len, ==, 0);
}

static void
test_waiting_for_guichet_follows_changes (void)
{
  g_autoptr(GchDay) day = new_hall ();
  g_autoptr(GPtrArray) before = gch_day_waiting_for_guichet (day, 2);
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *t_before = join_tickets (before);
  g_autofree char *t_after = NULL;
  GchQueueEntry *a001 = NULL;

  for (guint i = 0; i < day->entries->len; i++)
    if (g_str_equal (gch_queue_entry_get_ticket (g_ptr_array_index (day->entries, i)), "A001"))
      a001 = g_ptr_array_index (day->entries, i);
  g_assert_nonnull (a001);

  g_assert_cmpstr (t_before, ==, "A003 A008 A001");

  /* Guichet 1 finishes with A007 and calls A001: A001 leaves every waiting
   * list and stands at guichet 1.
   */
  gch_queue_entry_set_state (gch_day_current_for_guichet (day, 1), GCH_ENTRY_STATE_DONE);
  gch_queue_entry_set_state (a001, GCH_ENTRY_STATE_CALLED);
  gch_queue_entry_set_guichet (a001, 1);
  after = gch_day_waiting_for_guichet (day, 2);
  t_after = join_tickets (after);
  g_assert_cmpstr (t_after, ==, "A003 A008");
  g_assert_true (gch_day_current_for_guichet (day, 1) == a001);

  /* The returned list holds its own references. */
  g_assert_true (g_ptr_array_index (before, 2) == a001);
  g_clear_pointer (&day, gch_day_free);
  g_assert_cmpstr (gch_queue_entry_get_ticket (g_ptr_array_index (before, 2)), ==, "A001");
}

static void
test_expected_for_guichet (void)
{
  g_autoptr(GchDay) day = new_hall ();
  g_autoptr(GPtrArray) g1 = NULL;
  g_autoptr(GPtrArray) g2 = NULL;
  g_autoptr(GPtrArray) g3 = NULL;
  g_autoptr(GPtrArray) g9 = NULL;
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *r3 = NULL;

  /* reference, service, start, status, booked guichet; added out of order */
  add_appointment (day, "RDV-T1000", "titres", 10 * 60, GCH_APPOINTMENT_STATUS_BOOKED, 0);
  add_appointment (day, "RDV-T0930", "titres", 9 * 60 + 30, GCH_APPOINTMENT_STATUS_BOOKED, 2);
  add_appointment (day, "RDV-P0900", "permis", 9 * 60, GCH_APPOINTMENT_STATUS_BOOKED, 1);
  add_appointment (day, "RDV-T0845", "titres", 8 * 60 + 45, GCH_APPOINTMENT_STATUS_CHECKED_IN, 0);
  add_appointment (day, "RDV-S0915", "sejour", 9 * 60 + 15, GCH_APPOINTMENT_STATUS_BOOKED, 0);
  add_appointment (day, "RDV-T0835", "titres", 8 * 60 + 35, GCH_APPOINTMENT_STATUS_NO_SHOW, 1);
  add_appointment (day, "RDV-T1100", "titres", 11 * 60, GCH_APPOINTMENT_STATUS_CANCELLED_BY_PERSON, 0);
  add_appointment (day, "RDV-T1130", "titres", 11 * 60 + 30, GCH_APPOINTMENT_STATUS_CANCELLED_BY_SERVICE, 1);
  add_appointment (day, "RDV-T0840", "titres", 8 * 60 + 40, GCH_APPOINTMENT_STATUS_SERVED, 1);
  add_appointment (day, "RDV-T0905", "titres", 9 * 60 + 5, GCH_APPOINTMENT_STATUS_BOOKED, 1);

  g1 = gch_day_expected_for_guichet (day, 1);
  g2 = gch_day_expected_for_guichet (day, 2);
  g3 = gch_day_expected_for_guichet (day, 3);
  g9 = gch_day_expected_for_guichet (day, 9);
  r1 = join_references (g1);
  r2 = join_references (g2);
  r3 = join_references (g3);

  /* Only holders still expected (booked), booked at this guichet or at none
   * for a service it handles; by start time.
   */
  g_assert_cmpstr (r1, ==, "RDV-P0900 RDV-T0905 RDV-T1000");
  g_assert_cmpstr (r2, ==, "RDV-T0930 RDV-T1000");
  g_assert_cmpstr (r3, ==, "RDV-S0915");
  g_assert_nonnull (g9);
  g_assert_cmpuint (g9->len, ==, 0);

  /* Once checked in, a holder is no longer expected. */
  gch_appointment_set_status (gch_day_find_appointment (day, "RDV-T1000"),
                              GCH_APPOINTMENT_STATUS_CHECKED_IN);
  g_clear_pointer (&g2, g_ptr_array_unref);
  g_clear_pointer (&r2, g_free);
  g2 = gch_day_expected_for_guichet (day, 2);
  r2 = join_references (g2);
  g_assert_cmpstr (r2, ==, "RDV-T0930");
}

static void
test_current_for_guichet (void)
{
  g_autoptr(GchDay) day = new_hall ();
  GchQueueEntry *current;

  /* A007 is being served at guichet 1 (A005 was done there before). */
  current = gch_day_current_for_guichet (day, 1);
  g_assert_nonnull (current);
  g_assert_cmpstr (gch_queue_entry_get_ticket (current), ==, "A007");

  /* A002 was called to guichet 2 and is on the way; A003 waits for it. */
  current = gch_day_current_for_guichet (day, 2);
  g_assert_nonnull (current);
  g_assert_cmpstr (gch_queue_entry_get_ticket (current), ==, "A002");

  /* At guichet 3 the last person called did not come: nobody there. */
  g_assert_null (gch_day_current_for_guichet (day, 3));
  g_assert_null (gch_day_current_for_guichet (day, 9));

  /* When A007 is done, guichet 1 is free. */
  gch_queue_entry_set_state (gch_day_current_for_guichet (day, 1), GCH_ENTRY_STATE_DONE);
  g_assert_null (gch_day_current_for_guichet (day, 1));
}

/* The quieter hours a ticket suggests: the hours left before closing
 * when the fewest walk-ins came on the earlier days, next ones merged.
 */
static void
test_quiet_hours (void)
{
  g_autoptr(GchDay) day = new_day ("2026-07-15", "Europe/Paris");
  /* Paris is UTC+2 in July: 10:10 there */
  gint64 morning = utc_time (2026, 7, 15, 8, 10);
  g_autofree char *none = NULL;
  g_autofree char *two = NULL;
  g_autofree char *one = NULL;
  g_autofree char *late = NULL;

  /* No earlier days: no claim. */
  none = gch_day_dup_quiet_hours (day, morning, 2);
  g_assert_null (none);

  /* A peak in the morning, a lull at 13:00 and 14:00, quiet at 16:00 */
  day->past_days = 3;
  for (guint h = 8; h < 17; h++)
    day->past_walk_ins[h] = 10.0;
  day->past_walk_ins[13] = 2.0;
  day->past_walk_ins[14] = 1.0;
  day->past_walk_ins[16] = 3.0;
  day->past_walk_ins[11] = 0.0;

  two = gch_day_dup_quiet_hours (day, morning, 2);
  g_assert_cmpstr (two, ==, "11:00–12:00, 14:00–15:00");

  /* Neighbours read as one stretch */
  day->past_walk_ins[11] = 10.0;
  g_free (two);
  two = gch_day_dup_quiet_hours (day, morning, 2);
  g_assert_cmpstr (two, ==, "13:00–15:00");

  one = gch_day_dup_quiet_hours (day, morning, 1);
  g_assert_cmpstr (one, ==, "14:00–15:00");

  /* At 16:10, no whole hour is left before closing at 17:00. */
  late = gch_day_dup_quiet_hours (day, utc_time (2026, 7, 15, 14, 10), 2);
  g_assert_null (late);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/day/parse-date/valid", test_parse_date_valid);
  g_test_add_func ("/day/parse-date/invalid", test_parse_date_invalid);
  g_test_add_func ("/day/new", test_new);
  g_test_add_func ("/day/new/invalid", test_new_invalid);
  g_test_add_func ("/day/local-time", test_local_time);
  g_test_add_func ("/day/local-time/dst-day-length", test_local_time_dst_day_length);
  g_test_add_func ("/day/date-of", test_date_of);
  g_test_add_func ("/day/quiet-hours", test_quiet_hours);
  g_test_add_func ("/day/find", test_find);
  g_test_add_func ("/day/waiting-for-guichet", test_waiting_for_guichet);
  g_test_add_func ("/day/waiting-for-guichet/follows-changes", test_waiting_for_guichet_follows_changes);
  g_test_add_func ("/day/expected-for-guichet", test_expected_for_guichet);
  g_test_add_func ("/day/current-for-guichet", test_current_for_guichet);

  return g_test_run ();
}
