/* test-policy.c
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet.h"

/* The queue policy of DESIGN.md §4, on a fake clock: every day below is
 * built by hand and every call passes its own `now`, so nothing here reads
 * the machine's clock.
 *
 * The rules are a table: one row per rule, each with a small hall written
 * in a few words (see build_day()), the time, and the plan expected — who
 * each guichet calls, in order, and when. A plan is written
 *
 *   "1: A001@10:00 R01@10:10 | 2: M01@10:00 | 0: P001"
 *
 * guichet by guichet, "0" being the people no open guichet can take. A row
 * whose expected plan has no "@" checks the order only.
 *
 * Then a randomized test checks what must hold for any day.
 */

#define DATE "2026-03-10"   /* a Tuesday, three weeks before the clocks change */

/* Building a day from a few words
 *
 * Statements are separated by ';', words by spaces. Times are local, H:MM.
 *
 *   s CODE PREFIX MINUTES [options]       a service and its typical duration;
 *                                         options cap=N (walk-in tickets a day),
 *                                         wait=N (max wait, min), per=N (max
 *                                         waiting per open guichet), appointments
 *                                         (no walk-ins)
 *   g NUMBER CODE,CODE [acc] [paused|closed]
 *                                         a guichet (open unless told)
 *   w TICKET CODE ARRIVAL [options]       a walk-in ticket
 *   r TICKET CODE SLOT ARRIVAL [options]  an appointment holder, checked in
 *
 * Options of w and r:
 *   pmr pregnancy elderly cmi             priority category
 *   g=N                                   assigned to (or called at) guichet N
 *   from=ID                               transferred from entry ID
 *   state=NICK                            state, "waiting" unless told
 *   called=H:MM                           when called
 *   served=H:MM-H:MM                      "serving" and "done" events (state done)
 *
 * Every day has three services: titres (A, 10 min), permis (P, 20 min) and
 * court (C, 2 min, so that long rows stay within an hour).
 */

#define PRELUDE "s titres A 10; s permis P 20; s court C 2; "

static GchDay *
new_day (void)
{
  GchDay *day = gch_day_new (DATE);

  day->site = g_object_new (GCH_TYPE_SITE,
                            "code", "test",
                            "name", "Préfecture de test",
                            "timezone", "Europe/Paris",
                            "opens-at", 8 * 60 + 30,
                            "closes-at", 17 * 60,
                            NULL);
  return day;
}

static gint64
parse_time (GchDay     *day,
            const char *text)
{
  guint h = 0, m = 0, s = 0;
  int n = sscanf (text, "%u:%u:%u", &h, &m, &s);

  if (n < 2)
    g_error ("“%s” is not a time", text);

  return gch_day_local_time (day, h * 60 + m) + s;
}

static char *
format_time (GchDay *day,
             gint64  t)
{
  gint64 s = t - gch_day_local_time (day, 0);

  if (s % 60 != 0)
    return g_strdup_printf ("%u:%02u:%02u", (guint)(s / 3600), (guint)(s / 60 % 60), (guint)(s % 60));
  return g_strdup_printf ("%u:%02u", (guint)(s / 3600), (guint)(s / 60 % 60));
}

static GchService *
service_or_die (GchDay     *day,
                const char *code)
{
  GchService *service = gch_day_find_service (day, code);

  if (service == NULL)
    g_error ("no service “%s”", code);
  return service;
}

static void
add_person (GchDay  *day,
            char   **words,
            gboolean appointment)
{
  const char *ticket = words[1];
  GchService *service = service_or_die (day, words[2]);
  g_autoptr(GchAppointment) booked = NULL;
  GchPriority priority = GCH_PRIORITY_NONE;
  GchEntryState state = GCH_ENTRY_STATE_WAITING;
  const char *from = NULL;
  gboolean state_given = FALSE;
  gint64 arrived, called = 0, serving = 0, done = 0;
  guint guichet = 0;
  guint i;

  if (appointment)
    {
      g_autofree char *reference = g_strconcat ("R-", ticket, NULL);

      booked = g_object_new (GCH_TYPE_APPOINTMENT,
                             "reference", reference,
                             "service", service,
                             "starts-at", parse_time (day, words[3]),
                             "holder-name", ticket,
                             "status", GCH_APPOINTMENT_STATUS_CHECKED_IN,
                             NULL);
      g_ptr_array_add (day->appointments, g_object_ref (booked));
      arrived = parse_time (day, words[4]);
      i = 5;
    }
  else
    {
      arrived = parse_time (day, words[3]);
      i = 4;
    }

  for (; words[i] != NULL; i++)
    {
      const char *w = words[i];

      if (g_str_equal (w, "pmr"))
        priority = GCH_PRIORITY_DISABILITY;
      else if (g_str_equal (w, "pregnancy"))
        priority = GCH_PRIORITY_PREGNANCY;
      else if (g_str_equal (w, "elderly"))
        priority = GCH_PRIORITY_ELDERLY;
      else if (g_str_equal (w, "cmi"))
        priority = GCH_PRIORITY_CMI;
      else if (g_str_has_prefix (w, "g="))
        guichet = atoi (w + 2);
      else if (g_str_has_prefix (w, "from="))
        from = w + 5;
      else if (g_str_has_prefix (w, "called="))
        called = parse_time (day, w + 7);
      else if (g_str_has_prefix (w, "state="))
        {
          int value;

          if (!gch_enum_from_nick (GCH_TYPE_ENTRY_STATE, w + 6, &value))
            g_error ("no state “%s”", w + 6);
          state = value;
          state_given = TRUE;
        }
      else if (g_str_has_prefix (w, "served="))
        {
          g_auto(GStrv) span = g_strsplit (w + 7, "-", 2);

          serving = parse_time (day, span[0]);
          done = parse_time (day, span[1]);
        }
      else
        g_error ("“%s”: unknown option", w);
    }

  if (done != 0)
    {
      if (!state_given)
        state = GCH_ENTRY_STATE_DONE;
      if (called == 0)
        called = serving;
      g_ptr_array_add (day->events,
                       gch_event_new ("entry", ticket, serving, NULL, guichet,
                                      "called", "serving", NULL));
      g_ptr_array_add (day->events,
                       gch_event_new ("entry", ticket, done, NULL, guichet,
                                      "serving", "done", "served"));
    }

  g_ptr_array_add (day->entries,
                   g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                 "id", ticket,
                                 "ticket", ticket,
                                 "service", service,
                                 "priority", priority,
                                 "arrived-at", arrived,
                                 "appointment", booked,
                                 "transferred-from", from,
                                 "state", state,
                                 "guichet", guichet,
                                 "called-at", called,
                                 NULL));
}

static GchDay *
build_day (const char *setup)
{
  g_autofree char *text = g_strconcat (PRELUDE, setup, NULL);
  g_auto(GStrv) statements = g_strsplit (text, ";", -1);
  GchDay *day = new_day ();

  for (guint s = 0; statements[s] != NULL; s++)
    {
      g_auto(GStrv) raw = g_strsplit_set (statements[s], " \t\n", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) words = NULL;

      for (guint i = 0; raw[i] != NULL; i++)
        if (raw[i][0] != '\0')
          g_strv_builder_add (builder, raw[i]);
      words = g_strv_builder_end (builder);

      if (words[0] == NULL)
        continue;

      if (g_str_equal (words[0], "s"))
        {
          guint cap = 0, max_wait = GCH_SERVICE_DEFAULT_MAX_WAIT_MINUTES;
          guint per_guichet = GCH_SERVICE_DEFAULT_MAX_WAITING_PER_GUICHET;
          gboolean walk_ins = TRUE;

          g_assert_cmpuint (g_strv_length (words), >=, 4);
          for (guint i = 4; words[i] != NULL; i++)
            {
              if (g_str_has_prefix (words[i], "cap="))
                cap = atoi (words[i] + 4);
              else if (g_str_has_prefix (words[i], "wait="))
                max_wait = atoi (words[i] + 5);
              else if (g_str_has_prefix (words[i], "per="))
                per_guichet = atoi (words[i] + 4);
              else if (g_str_equal (words[i], "appointments"))
                walk_ins = FALSE;
              else
                g_error ("“%s”: unknown service option", words[i]);
            }

          g_ptr_array_add (day->services,
                           g_object_new (GCH_TYPE_SERVICE,
                                         "code", words[1],
                                         "name", words[1],
                                         "prefix", words[2],
                                         "typical-minutes", atoi (words[3]),
                                         "walk-in-cap", cap,
                                         "accepts-walk-ins", walk_ins,
                                         "max-wait-minutes", max_wait,
                                         "max-waiting-per-guichet", per_guichet,
                                         NULL));
        }
      else if (g_str_equal (words[0], "g"))
        {
          g_auto(GStrv) services = g_strsplit (words[2], ",", -1);
          GchGuichetState state = GCH_GUICHET_STATE_OPEN;
          gboolean accessible = FALSE;

          for (guint i = 3; words[i] != NULL; i++)
            {
              if (g_str_equal (words[i], "acc"))
                accessible = TRUE;
              else if (g_str_equal (words[i], "paused"))
                state = GCH_GUICHET_STATE_PAUSED;
              else if (g_str_equal (words[i], "closed"))
                state = GCH_GUICHET_STATE_CLOSED;
              else
                g_error ("“%s”: unknown guichet option", words[i]);
            }

          for (guint i = 0; services[i] != NULL; i++)
            service_or_die (day, services[i]);

          g_ptr_array_add (day->guichets,
                           g_object_new (GCH_TYPE_GUICHET,
                                         "number", atoi (words[1]),
                                         "label", words[1],
                                         "accessible", accessible,
                                         "services", services,
                                         "state", state,
                                         NULL));
        }
      else if (g_str_equal (words[0], "w"))
        {
          g_assert_cmpuint (g_strv_length (words), >=, 4);
          add_person (day, words, FALSE);
        }
      else if (g_str_equal (words[0], "r"))
        {
          g_assert_cmpuint (g_strv_length (words), >=, 5);
          add_person (day, words, TRUE);
        }
      else
        g_error ("“%s”: unknown statement", statements[s]);
    }

  return day;
}

static GchQueueEntry *
find_ticket (GchDay     *day,
             const char *ticket)
{
  for (guint i = 0; i < day->entries->len; i++)
    if (g_str_equal (gch_queue_entry_get_ticket (g_ptr_array_index (day->entries, i)), ticket))
      return g_ptr_array_index (day->entries, i);

  g_error ("no ticket “%s”", ticket);
  return NULL;
}

/* "late=5 streak=1 promote=30 observed=4": the defaults but these. */
static void
parse_settings (const char        *text,
                GchPolicySettings *settings)
{
  g_auto(GStrv) words = g_strsplit (text ? text : "", " ", -1);

  gch_policy_settings_init (settings);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (words[i], "=", 2);
      guint value;

      if (kv[0][0] == '\0')
        continue;
      g_assert_nonnull (kv[1]);
      value = atoi (kv[1]);

      if (g_str_equal (kv[0], "late"))
        settings->late_tolerance_minutes = value;
      else if (g_str_equal (kv[0], "streak"))
        settings->max_priority_in_row = value;
      else if (g_str_equal (kv[0], "promote"))
        settings->promote_after_minutes = value;
      else if (g_str_equal (kv[0], "observed"))
        settings->min_observed_services = value;
      else
        g_error ("“%s”: unknown setting", kv[0]);
    }
}

static int
compare_guichet_numbers (gconstpointer a,
                         gconstpointer b)
{
  guint x = gch_guichet_get_number (*(GchGuichet **)a);
  guint y = gch_guichet_get_number (*(GchGuichet **)b);

  return (x > y) - (x < y);
}

/* The plan as written in the table, guichet by guichet, unplaced last.
 * Checks on the way that ranks count 1, 2, 3… in the order of the plan.
 */
static char *
render_plan (GchDay       *day,
             GchQueuePlan *plan,
             gboolean      with_times)
{
  g_autoptr(GPtrArray) guichets = g_ptr_array_copy (day->guichets, NULL, NULL);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *out = g_string_new (NULL);
  guint zero = 0;

  /* The copy takes the source's free function: it owns no reference. */
  g_ptr_array_set_free_func (guichets, NULL);
  g_ptr_array_sort (guichets, compare_guichet_numbers);
  for (guint i = 0; i < guichets->len; i++)
    {
      guint number = gch_guichet_get_number (g_ptr_array_index (guichets, i));

      g_array_append_val (numbers, number);
    }
  g_array_append_val (numbers, zero);

  for (guint n = 0; n < numbers->len; n++)
    {
      guint number = g_array_index (numbers, guint, n);
      guint rank = 0;

      for (guint i = 0; i < gch_queue_plan_get_n_placements (plan); i++)
        {
          const GchPlacement *p = gch_queue_plan_get_placement (plan, i);

          if (p->guichet != number)
            continue;

          g_assert_cmpuint (p->rank, ==, ++rank);
          g_string_append (out, rank == 1 ? (out->len ? " | " : "") : " ");
          if (rank == 1)
            g_string_append_printf (out, "%u: ", number);
          g_string_append (out, gch_queue_entry_get_ticket (p->entry));
          if (number == 0)
            g_assert_cmpint (p->called_at, ==, 0);
          else if (with_times)
            {
              g_autofree char *at = format_time (day, p->called_at);

              g_string_append_printf (out, "@%s", at);
            }
        }
    }

  return g_string_free (out, FALSE);
}

/* The table */

typedef struct
{
  const char *name;       /* the rule, and the case of it */
  const char *settings;   /* NULL: the defaults */
  const char *now;
  const char *setup;
  const char *expect;     /* the plan */
  const char *next;       /* "1=A001 2=-": gch_policy_next() at now, or NULL */
} PolicyCase;

static const PolicyCase cases[] = {
  /* 1. A checked-in appointment is served at its slot time. */
  { "appointment/served-at-its-slot", NULL, "10:00",
    "g 1 titres; w A001 titres 9:00; w A002 titres 9:10; r R01 titres 10:10 9:55",
    "1: A001@10:00 R01@10:10 A002@10:20", "1=A001" },
  { "appointment/earliest-slot-first", NULL, "10:00",
    "g 1 titres; w A001 titres 9:00; r R02 titres 9:50 9:30; r R01 titres 9:40 9:35",
    "1: R01@10:00 R02@10:10 A001@10:20", "1=R01" },
  { "appointment/before-a-transfer", NULL, "10:00",
    "g 1 titres; w A010 titres 9:40 from=X; r R01 titres 9:55 9:50",
    "1: R01@10:00 A010@10:10", "1=R01" },

  /* An early arrival waits for its slot unless the guichet would be idle. */
  { "early/waits-for-its-slot", NULL, "10:00",
    "g 1 titres; r R01 titres 10:30 9:50;"
    "w A001 titres 9:40; w A002 titres 9:41; w A003 titres 9:42; w A004 titres 9:43",
    "1: A001@10:00 A002@10:10 A003@10:20 R01@10:30 A004@10:40", "1=A001" },
  { "early/taken-rather-than-leave-the-guichet-idle", NULL, "10:00",
    "g 1 titres; r R01 titres 10:30 9:50; w P001 permis 9:00",
    "1: R01@10:00 | 0: P001", "1=R01" },
  { "early/earliest-slot-first-when-idle", NULL, "10:00",
    "g 1 titres; r R02 titres 11:00 9:30; r R01 titres 10:30 9:50",
    "1: R01@10:00 R02@10:10", "1=R01" },

  /* A late arrival within the tolerance keeps the appointment; beyond it,
   * a walk-in from their arrival.
   */
  { "late/within-tolerance-keeps-the-appointment", NULL, "10:00",
    "g 1 titres; w A001 titres 9:00; r R01 titres 9:40 9:50",
    "1: R01@10:00 A001@10:10", "1=R01" },
  { "late/exactly-at-the-tolerance-keeps-the-appointment", NULL, "10:00",
    "g 1 titres; w A001 titres 9:00; r R01 titres 9:35 9:50",
    "1: R01@10:00 A001@10:10", "1=R01" },
  { "late/beyond-tolerance-waits-as-walk-in", NULL, "10:00",
    "g 1 titres; w A001 titres 9:40; r R01 titres 9:30 9:50; w A002 titres 9:55",
    "1: A001@10:00 R01@10:10 A002@10:20", "1=A001" },
  { "late/longer-tolerance-keeps-the-appointment", "late=30", "10:00",
    "g 1 titres; w A001 titres 9:40; r R01 titres 9:30 9:50; w A002 titres 9:55",
    "1: R01@10:00 A001@10:10 A002@10:20", "1=R01" },

  /* Transferred people go before ordinary (and priority) arrivals. */
  { "transfer/before-ordinary-walk-ins", NULL, "10:00",
    "g 1 titres; w A001 titres 9:30; w A002 titres 9:35; w A010 titres 9:50 from=P001",
    "1: A010@10:00 A001@10:10 A002@10:20", "1=A010" },
  { "transfer/before-priority-people", NULL, "10:00",
    "g 1 titres; w E01 titres 9:30 elderly; w A010 titres 9:50 from=P001",
    "1: A010 E01", "1=A010" },
  { "transfer/first-come-first-served-among-them", NULL, "10:00",
    "g 1 titres; w A011 titres 9:52 from=P002; w A010 titres 9:50 from=P001",
    "1: A010 A011", "1=A010" },

  /* Priority people before ordinary walk-ins, but never more than
   * max_priority_in_row in a row while ordinary walk-ins wait.
   */
  { "priority/before-ordinary-walk-ins", NULL, "10:00",
    "g 1 titres; w A001 titres 9:30; w E01 titres 9:50 elderly",
    "1: E01@10:00 A001@10:10", "1=E01" },
  { "priority/at-most-2-in-a-row", NULL, "10:00",
    "g 1 court; w C001 court 9:40; w C002 court 9:41;"
    "w E01 court 9:50 elderly; w E02 court 9:51 pregnancy; w E03 court 9:52 cmi; w E04 court 9:53 elderly",
    "1: E01@10:00 E02@10:02 C001@10:04 E03@10:06 E04@10:08 C002@10:10", "1=E01" },
  { "priority/at-most-1-in-a-row", "streak=1", "10:00",
    "g 1 court; w C001 court 9:40; w C002 court 9:41;"
    "w E01 court 9:50 elderly; w E02 court 9:51 pregnancy; w E03 court 9:52 cmi; w E04 court 9:53 elderly",
    "1: E01 C001 E02 C002 E03 E04", "1=E01" },
  { "priority/none-ahead-with-0", "streak=0", "10:00",
    "g 1 court; w C001 court 9:40; w C002 court 9:41;"
    "w E01 court 9:50 elderly; w E02 court 9:51 pregnancy; w E03 court 9:52 cmi; w E04 court 9:53 elderly",
    "1: C001 C002 E01 E02 E03 E04", "1=C001" },
  { "priority/no-limit-when-no-ordinary-walk-in-waits", NULL, "10:00",
    "g 1 court; w E01 court 9:50 elderly; w E02 court 9:51 pregnancy; w E03 court 9:52 cmi",
    "1: E01 E02 E03", "1=E01" },
  { "priority/limit-only-counts-ordinary-walk-ins-this-guichet-may-call", NULL, "10:00",
    "g 1 court; g 2 titres; w A001 titres 9:40;"
    "w E01 court 9:50 elderly; w E02 court 9:51 pregnancy; w E03 court 9:52 cmi",
    "1: E01 E02 E03 | 2: A001", "1=E01 2=A001" },
  { "priority/streak-counted-from-todays-calls-at-the-guichet", NULL, "10:00",
    "g 1 court; w E90 court 9:30 elderly state=done g=1 called=9:40;"
    "w E91 court 9:31 cmi state=done g=1 called=9:45;"
    "w C001 court 9:50; w E01 court 9:55 elderly",
    "1: C001@10:00 E01@10:02", "1=C001" },
  { "priority/streak-of-another-guichet-does-not-count", NULL, "10:00",
    "g 1 court; g 2 permis; w E90 court 9:30 elderly state=done g=2 called=9:40;"
    "w E91 court 9:31 cmi state=done g=2 called=9:45;"
    "w C001 court 9:50; w E01 court 9:55 elderly",
    "1: E01@10:00 C001@10:02", "1=E01" },
  { "priority/streak-broken-by-an-ordinary-call", NULL, "10:00",
    "g 1 court; w E90 court 9:30 elderly state=done g=1 called=9:40;"
    "w E91 court 9:31 cmi state=done g=1 called=9:45;"
    "w C090 court 9:32 state=done g=1 called=9:48;"
    "w C001 court 9:50; w E01 court 9:55 elderly",
    "1: E01 C001", "1=E01" },
  { "priority/streak-not-broken-by-a-transfer-or-an-appointment", NULL, "10:00",
    "g 1 court; w E90 court 9:30 elderly state=done g=1 called=9:40;"
    "w E91 court 9:31 cmi state=done g=1 called=9:45;"
    "w C090 court 9:32 from=X state=done g=1 called=9:47;"
    "r C091 court 9:48 9:40 state=done g=1 called=9:48;"
    "w C001 court 9:50; w E01 court 9:55 elderly",
    "1: C001 E01", "1=C001" },
  { "priority/streak-in-the-order-of-the-calls", NULL, "10:00",
    "g 1 court; w E90 court 9:30 elderly state=done g=1 called=9:40;"
    "w E91 court 9:31 cmi state=serving g=1 called=9:59;"
    "w C090 court 9:32 state=done g=1 called=9:35;"
    "w C001 court 9:50; w E01 court 9:55 elderly",
    "1: C001@10:01 E01@10:03", "1=C001" },

  /* An ordinary walk-in waiting longer than promote_after_minutes is
   * promoted into the priority class, at their arrival.
   */
  { "promotion/long-wait-goes-before-priority", NULL, "10:00",
    "g 1 titres; w A001 titres 8:50; w E01 titres 9:20 elderly; w E02 titres 9:21 elderly;"
    "w A002 titres 9:30",
    "1: A001@10:00 E01@10:10 E02@10:20 A002@10:30", "1=A001" },
  { "promotion/later-bound-no-promotion", "promote=90", "10:00",
    "g 1 titres; w A001 titres 8:50; w E01 titres 9:20 elderly; w E02 titres 9:21 elderly;"
    "w A002 titres 9:30",
    "1: E01@10:00 E02@10:10 A001@10:20 A002@10:30", "1=E01" },
  /* The bound is reached at exactly promote_after_minutes of waiting:
   * promoted then, not a second before.
   */
  { "promotion/at-the-bound", NULL, "10:00",
    "g 1 titres; w A001 titres 9:00; w E01 titres 9:20 elderly",
    "1: A001 E01", "1=A001" },
  { "promotion/just-before-the-bound", NULL, "10:00",
    "g 1 titres; w A001 titres 9:00:01; w E01 titres 9:20 elderly",
    "1: E01 A001", "1=E01" },
  { "promotion/as-time-goes-by", "streak=9", "10:00",
    "g 1 court; w C001 court 9:01;"
    "w E01 court 9:50 elderly; w E02 court 9:51 elderly; w E03 court 9:52 elderly; w E04 court 9:53 elderly",
    "1: E01@10:00 C001@10:02 E02@10:04 E03@10:06 E04@10:08", "1=E01" },
  { "promotion/as-time-goes-by-later-bound", "streak=9 promote=120", "10:00",
    "g 1 court; w C001 court 9:01;"
    "w E01 court 9:50 elderly; w E02 court 9:51 elderly; w E03 court 9:52 elderly; w E04 court 9:53 elderly",
    "1: E01@10:00 E02@10:02 E03@10:04 E04@10:06 C001@10:08", "1=E01" },

  /* Within a class, first come first served. */
  { "fifo/by-arrival-not-by-list-order", NULL, "10:00",
    "g 1 titres; w A002 titres 9:50; w A003 titres 9:55; w A001 titres 9:40",
    "1: A001 A002 A003", "1=A001" },
  { "fifo/same-arrival-first-listed-first", NULL, "10:00",
    "g 1 titres; w A002 titres 9:50; w A001 titres 9:50",
    "1: A002 A001", "1=A002" },
  { "fifo/priority-categories-are-one-class", NULL, "10:00",
    "g 1 court acc; w E01 court 9:50 elderly; w X01 court 9:45 cmi; w M01 court 9:47 pmr;"
    "w Y01 court 9:48 pregnancy",
    "1: X01 M01 Y01 E01", "1=X01" },
  { "fifo/across-services-of-a-guichet", NULL, "10:00",
    "g 1 titres,permis; w P001 permis 9:45; w A001 titres 9:40; w P002 permis 9:50",
    "1: A001@10:00 P001@10:10 P002@10:30", "1=A001" },

  /* PMR people go only to accessible guichets. */
  { "pmr/only-to-an-accessible-guichet", NULL, "10:00",
    "g 1 titres; g 2 titres acc; w M01 titres 9:40 pmr; w A001 titres 9:45",
    "1: A001@10:00 | 2: M01@10:00", "1=A001 2=M01" },
  { "pmr/other-priorities-go-anywhere", NULL, "10:00",
    "g 1 titres; g 2 titres acc; w E01 titres 9:40 elderly; w A001 titres 9:45",
    "1: E01@10:00 | 2: A001@10:00", "1=E01 2=E01" },
  { "pmr/waits-for-the-busy-accessible-guichet", NULL, "10:00",
    "g 1 titres; g 2 titres acc; w A090 titres 9:30 state=serving g=2 called=9:55;"
    "w M01 titres 9:40 pmr; w A001 titres 9:45; w A002 titres 9:46",
    "1: A001@10:00 A002@10:10 | 2: M01@10:05", "1=A001 2=M01" },
  { "pmr/unplaced-when-no-accessible-guichet-is-open", NULL, "10:00",
    "g 1 titres; g 2 titres acc paused; w M01 titres 9:40 pmr; w A001 titres 9:45",
    "1: A001@10:00 | 0: M01", "1=A001 2=-" },

  /* People assigned to a guichet go only there, or anywhere when it does
   * not call.
   */
  { "assigned/only-to-their-guichet", NULL, "10:00",
    "g 1 titres; g 2 titres; w A001 titres 9:40 g=2; w A002 titres 9:45",
    "1: A002@10:00 | 2: A001@10:00", "1=A002 2=A001" },
  { "assigned/to-a-closed-guichet-goes-anywhere", NULL, "10:00",
    "g 1 titres; g 2 titres closed; w A001 titres 9:40 g=2; w A002 titres 9:45",
    "1: A001@10:00 A002@10:10", "1=A001 2=-" },
  { "assigned/to-a-paused-guichet-goes-anywhere", NULL, "10:00",
    "g 1 titres; g 2 titres paused; w A001 titres 9:40 g=2; w A002 titres 9:45",
    "1: A001@10:00 A002@10:10", "1=A001 2=-" },
  { "assigned/to-a-guichet-of-another-service", NULL, "10:00",
    "g 1 titres; g 2 permis; w A001 titres 9:40 g=2; w A002 titres 9:45",
    "1: A002 | 2: A001", "1=A002 2=A001" },

  /* Only open guichets call, and only for their services. */
  { "guichet/paused-and-closed-call-nobody", NULL, "10:00",
    "g 1 titres paused; g 2 titres closed; g 3 titres; w A001 titres 9:40; w A002 titres 9:45",
    "3: A001@10:00 A002@10:10", "1=- 2=- 3=A001" },
  { "guichet/none-open-everyone-unplaced", NULL, "10:00",
    "g 1 titres paused; w A001 titres 9:40; w A002 titres 9:45",
    "0: A001 A002", "1=-" },
  { "guichet/only-its-services", NULL, "10:00",
    "g 1 titres; g 2 permis; w P001 permis 9:40; w A001 titres 9:45",
    "1: A001@10:00 | 2: P001@10:00", "1=A001 2=P001" },

  /* Estimated call times: the current person's expected end, then the
   * expected duration of each person before, observed today once there are
   * min_observed_services of them, typical before.
   */
  { "estimate/observed-mean-after-3-services", NULL, "10:00",
    "g 1 titres; w D01 titres 9:00 g=1 served=9:00-9:04; w D02 titres 9:05 g=1 served=9:10-9:16;"
    "w D03 titres 9:06 g=1 served=9:20-9:28;"
    "w A001 titres 9:40; w A002 titres 9:45; w A003 titres 9:50",
    "1: A001@10:00 A002@10:06 A003@10:12", "1=A001" },
  { "estimate/typical-until-4-services", "observed=4", "10:00",
    "g 1 titres; w D01 titres 9:00 g=1 served=9:00-9:04; w D02 titres 9:05 g=1 served=9:10-9:16;"
    "w D03 titres 9:06 g=1 served=9:20-9:28;"
    "w A001 titres 9:40; w A002 titres 9:45; w A003 titres 9:50",
    "1: A001@10:00 A002@10:10 A003@10:20", "1=A001" },
  { "estimate/observed-mean-decides-who-calls", NULL, "10:00",
    "g 1 titres; g 2 titres,permis;"
    "w D01 titres 9:00 g=1 served=9:00-9:04; w D02 titres 9:05 g=1 served=9:10-9:16;"
    "w D03 titres 9:06 g=1 served=9:20-9:28;"
    "w A090 titres 9:30 state=serving g=1 called=9:55; w P090 permis 9:30 state=serving g=2 called=9:44;"
    "w A001 titres 9:40",
    "1: A001@10:01", "1=A001 2=A001" },
  { "estimate/typical-decides-who-calls-until-4-services", "observed=4", "10:00",
    "g 1 titres; g 2 titres,permis;"
    "w D01 titres 9:00 g=1 served=9:00-9:04; w D02 titres 9:05 g=1 served=9:10-9:16;"
    "w D03 titres 9:06 g=1 served=9:20-9:28;"
    "w A090 titres 9:30 state=serving g=1 called=9:55; w P090 permis 9:30 state=serving g=2 called=9:44;"
    "w A001 titres 9:40",
    "2: A001@10:04", "1=A001 2=A001" },
  { "estimate/observed-per-service", NULL, "10:00",
    "g 1 titres,permis; w D01 titres 9:00 g=1 served=9:00-9:04; w D02 titres 9:05 g=1 served=9:10-9:16;"
    "w D03 titres 9:06 g=1 served=9:20-9:28;"
    "w P001 permis 9:40; w A001 titres 9:45; w P002 permis 9:50",
    "1: P001@10:00 A001@10:20 P002@10:26", "1=P001" },
  { "estimate/busy-guichet-free-when-its-person-is-done", NULL, "10:00",
    "g 1 titres; w A090 titres 9:30 state=serving g=1 called=9:55; w A001 titres 9:40; w A002 titres 9:45",
    "1: A001@10:05 A002@10:15", "1=A001" },
  { "estimate/overdue-person-means-free-now", NULL, "10:00",
    "g 1 titres; w A090 titres 9:20 state=called g=1 called=9:30; w A001 titres 9:40; w A002 titres 9:45",
    "1: A001@10:00 A002@10:10", "1=A001" },
  { "estimate/two-guichets-share-the-hall", NULL, "10:00",
    "g 1 titres; g 2 titres; w A001 titres 9:40; w A002 titres 9:41; w A003 titres 9:42; w A004 titres 9:43",
    "1: A001@10:00 A003@10:10 | 2: A002@10:00 A004@10:10", "1=A001 2=A001" },
  { "estimate/the-first-free-guichet-calls", NULL, "10:00",
    "g 1 titres; g 2 titres; w A090 titres 9:30 state=serving g=1 called=9:58;"
    "w A001 titres 9:40; w A002 titres 9:41; w A003 titres 9:42",
    "1: A002@10:08 | 2: A001@10:00 A003@10:10", "1=A001 2=A001" },
};

static void
check_next (GchDay                  *day,
            const GchPolicySettings *settings,
            gint64                   now,
            const char              *next)
{
  g_auto(GStrv) pairs = g_strsplit (next, " ", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
      GchQueueEntry *entry = gch_policy_next (day, settings, atoi (kv[0]), now);
      g_autofree char *what = g_strdup_printf ("%s=%s", kv[0],
                                               entry ? gch_queue_entry_get_ticket (entry) : "-");

      g_assert_cmpstr (what, ==, pairs[i]);
    }
}

static char *
plan_case (const PolicyCase *c,
           gboolean          with_times)
{
  g_autoptr(GchDay) day = build_day (c->setup);
  g_autoptr(GchQueuePlan) plan = NULL;
  GchPolicySettings settings;
  gint64 now = parse_time (day, c->now);

  parse_settings (c->settings, &settings);
  plan = gch_policy_plan (day, &settings, now);
  g_assert_cmpint (gch_queue_plan_get_now (plan), ==, now);

  return render_plan (day, plan, with_times);
}

static void
test_rule (gconstpointer data)
{
  const PolicyCase *c = data;
  g_autoptr(GchDay) day = build_day (c->setup);
  g_autofree char *plan = plan_case (c, strchr (c->expect, '@') != NULL);
  GchPolicySettings settings;

  g_test_message ("%s [%s] at %s: %s", c->name, c->settings ? c->settings : "defaults",
                  c->now, c->setup);
  g_assert_cmpstr (plan, ==, c->expect);

  parse_settings (c->settings, &settings);
  if (c->next != NULL)
    check_next (day, &settings, parse_time (day, c->now), c->next);
}

/* Each setting matters: for each, two rows of the table with the same hall
 * and time, and settings that differ in that one setting, call people in a
 * different order (or at different guichets), times left aside.
 */
static gboolean
differ_in_one (const char  *a,
               const char  *b,
               const char **key)
{
  GchPolicySettings x, y;
  guint n = 0;

  parse_settings (a, &x);
  parse_settings (b, &y);
  if (x.late_tolerance_minutes != y.late_tolerance_minutes)
    n++, *key = "late_tolerance_minutes";
  if (x.max_priority_in_row != y.max_priority_in_row)
    n++, *key = "max_priority_in_row";
  if (x.promote_after_minutes != y.promote_after_minutes)
    n++, *key = "promote_after_minutes";
  if (x.min_observed_services != y.min_observed_services)
    n++, *key = "min_observed_services";

  return n == 1;
}

static void
test_settings_matter (void)
{
  static const char * const keys[] = {
    "late_tolerance_minutes", "max_priority_in_row", "promote_after_minutes",
    "min_observed_services",
  };
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (cases); j++)
      {
        const char *key = NULL;
        g_autofree char *a = NULL, *b = NULL;

        if (!g_str_equal (cases[i].setup, cases[j].setup) ||
            !g_str_equal (cases[i].now, cases[j].now) ||
            !differ_in_one (cases[i].settings, cases[j].settings, &key))
          continue;

        a = plan_case (&cases[i], FALSE);
        b = plan_case (&cases[j], FALSE);
        g_test_message ("%s: %s (%s) / %s (%s)", key, cases[i].name, a, cases[j].name, b);
        if (!g_str_equal (a, b))
          g_hash_table_add (shown, (gpointer)key);
      }

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    if (!g_hash_table_contains (shown, keys[k]))
      g_error ("no pair of rows shows that %s matters", keys[k]);
}

static void
test_defaults (void)
{
  GchPolicySettings settings;

  memset (&settings, 0xff, sizeof settings);
  gch_policy_settings_init (&settings);

  /* DESIGN.md §4: a tolerance of 15 minutes, 2 priority people in a row. */
  g_assert_cmpuint (settings.late_tolerance_minutes, ==, 15);
  g_assert_cmpuint (settings.max_priority_in_row, ==, 2);
  g_assert_cmpuint (settings.promote_after_minutes, ==, 60);
  g_assert_cmpuint (settings.min_observed_services, ==, 3);
}

static void
test_is_late (void)
{
  g_autoptr(GchDay) day = build_day ("g 1 titres; r R01 titres 10:00 9:50");
  GchAppointment *appointment = g_ptr_array_index (day->appointments, 0);
  gint64 slot = gch_appointment_get_starts_at (appointment);
  GchPolicySettings settings;

  gch_policy_settings_init (&settings);
  g_assert_false (gch_policy_is_late (&settings, appointment, slot - 3600));
  g_assert_false (gch_policy_is_late (&settings, appointment, slot));
  g_assert_false (gch_policy_is_late (&settings, appointment, slot + 15 * 60));
  g_assert_true (gch_policy_is_late (&settings, appointment, slot + 15 * 60 + 1));
  g_assert_true (gch_policy_is_late (&settings, appointment, slot + 3 * 3600));

  settings.late_tolerance_minutes = 0;
  g_assert_false (gch_policy_is_late (&settings, appointment, slot));
  g_assert_true (gch_policy_is_late (&settings, appointment, slot + 1));

  settings.late_tolerance_minutes = 30;
  g_assert_false (gch_policy_is_late (&settings, appointment, slot + 29 * 60));
  g_assert_true (gch_policy_is_late (&settings, appointment, slot + 31 * 60));
}

static void
test_service_seconds (void)
{
  /* titres: 4, 6 and 8 minutes today, and one still being served (not
   * counted); permis: one 30-minute service only.
   */
  g_autoptr(GchDay) day = build_day (
    "g 1 titres,permis;"
    "w D01 titres 9:00 g=1 served=9:00-9:04; w D02 titres 9:05 g=1 served=9:10-9:16;"
    "w D03 titres 9:06 g=1 served=9:20-9:28;"
    "w D04 permis 9:06 g=1 served=9:30-10:00;"
    "w D05 titres 9:07 g=1 state=serving called=10:00");
  GchService *titres = gch_day_find_service (day, "titres");
  GchService *permis = gch_day_find_service (day, "permis");
  GchService *court = gch_day_find_service (day, "court");
  GchPolicySettings settings;

  g_ptr_array_add (day->events, gch_event_new ("entry", "D05", gch_day_local_time (day, 600),
                                               NULL, 1, "called", "serving", NULL));

  gch_policy_settings_init (&settings);
  g_assert_cmpuint (gch_policy_service_seconds (day, &settings, titres), ==, 6 * 60);
  g_assert_cmpuint (gch_policy_service_seconds (day, &settings, permis), ==, 20 * 60);
  g_assert_cmpuint (gch_policy_service_seconds (day, &settings, court), ==, 2 * 60);

  settings.min_observed_services = 4;
  g_assert_cmpuint (gch_policy_service_seconds (day, &settings, titres), ==, 10 * 60);

  settings.min_observed_services = 1;
  g_assert_cmpuint (gch_policy_service_seconds (day, &settings, permis), ==, 30 * 60);

  /* 0 asks for no observation, but a mean of nothing is no figure. */
  settings.min_observed_services = 0;
  g_assert_cmpuint (gch_policy_service_seconds (day, &settings, court), ==, 2 * 60);
}

static void
test_estimate_walk_in (void)
{
  g_autoptr(GchDay) day = build_day ("g 1 titres; g 2 titres; g 3 permis paused;"
                                     "w A001 titres 9:40; w A002 titres 9:41; w A003 titres 9:42");
  GchService *titres = gch_day_find_service (day, "titres");
  GchService *permis = gch_day_find_service (day, "permis");
  gint64 now = gch_day_local_time (day, 10 * 60);
  GchPolicySettings settings;
  guint n_entries = day->entries->len;

  gch_policy_settings_init (&settings);

  /* 1 and 2 call A001 and A002 now, 1 calls A003 at 10:10, 2 the newcomer. */
  g_assert_cmpint (gch_policy_estimate_walk_in (day, &settings, titres, GCH_PRIORITY_NONE, now),
                   ==, 10 * 60);
  /* A priority newcomer goes first, to a guichet free now. */
  g_assert_cmpint (gch_policy_estimate_walk_in (day, &settings, titres, GCH_PRIORITY_ELDERLY, now),
                   ==, 0);
  /* No accessible guichet, no guichet open for permis. */
  g_assert_cmpint (gch_policy_estimate_walk_in (day, &settings, titres, GCH_PRIORITY_DISABILITY, now),
                   ==, -1);
  g_assert_cmpint (gch_policy_estimate_walk_in (day, &settings, permis, GCH_PRIORITY_NONE, now),
                   ==, -1);

  /* Later, the same hall: the same wait, counted from then. */
  g_assert_cmpint (gch_policy_estimate_walk_in (day, &settings, titres, GCH_PRIORITY_NONE,
                                                now + 300),
                   ==, 10 * 60);

  /* The estimate leaves the day as it was. */
  g_assert_cmpuint (day->entries->len, ==, n_entries);
  for (guint i = 0; i < day->entries->len; i++)
    g_assert_cmpint (gch_queue_entry_get_state (g_ptr_array_index (day->entries, i)), ==,
                     GCH_ENTRY_STATE_WAITING);
}

/* Rebalancing: a closed guichet of a service with a queue is suggested,
 * with the wait before and after; opening it gives the wait predicted.
 */
static void
test_suggest_rebalancing (void)
{
  g_autoptr(GchDay) day = build_day ("g 1 titres; g 2 titres closed; g 3 permis paused;"
                                     "g 4 court closed;"
                                     "w A001 titres 9:30; w A002 titres 9:31; w A003 titres 9:32;"
                                     "w A004 titres 9:33; w A005 titres 9:34; w A006 titres 9:35;"
                                     "w P001 permis 9:50");
  gint64 now = gch_day_local_time (day, 10 * 60);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *text = NULL;
  GchPolicySettings settings;
  GchSuggestion *first, *second;

  gch_policy_settings_init (&settings);
  suggestions = gch_suggest_rebalancing (day, &settings, now);

  /* Guichet 2 for titres (one guichet for six people), guichet 3 for
   * permis (nobody serves it); not guichet 4: nobody waits for court.
   */
  g_assert_cmpuint (suggestions->len, ==, 2);
  first = g_ptr_array_index (suggestions, 0);
  second = g_ptr_array_index (suggestions, 1);
  g_assert_cmpuint (first->guichet, ==, 3);
  g_assert_cmpstr (first->service, ==, "permis");
  g_assert_cmpint (first->wait_before, ==, -1);
  g_assert_cmpuint (second->guichet, ==, 2);
  g_assert_cmpstr (second->service, ==, "titres");
  g_assert_cmpint (second->wait_before, ==, 60 * 60);
  g_assert_cmpint (second->wait_after, ==, 30 * 60);

  text = gch_suggestion_describe (second, day);
  g_assert_cmpstr (text, ==, "Open guichet 2 for titres: estimated wait 60 → 30 min");

  /* The prediction is the policy's own: open guichet 2 for real. */
  gch_guichet_set_state (gch_day_find_guichet (day, 2), GCH_GUICHET_STATE_OPEN);
  g_assert_cmpint (gch_policy_estimate_walk_in (day, &settings, gch_day_find_service (day, "titres"),
                                                GCH_PRIORITY_NONE, now),
                   ==, second->wait_after);

  /* A hall that needs nothing gets nothing: 2 minutes less is not worth it. */
  g_clear_pointer (&day, gch_day_free);
  day = build_day ("g 1 court; g 2 court closed; w C001 court 9:58");
  none = gch_suggest_rebalancing (day, &settings, now);
  g_assert_cmpuint (none->len, ==, 0);
}

/* With the observed mean: three titres of 6 minutes today. */
static void
test_estimate_walk_in_observed (void)
{
  g_autoptr(GchDay) day = build_day (
    "g 1 titres;"
    "w D01 titres 9:00 g=1 served=9:00-9:04; w D02 titres 9:05 g=1 served=9:10-9:16;"
    "w D03 titres 9:06 g=1 served=9:20-9:28;"
    "w A090 titres 9:30 state=serving g=1 called=9:58;"
    "w A001 titres 9:40; w A002 titres 9:41");
  GchService *titres = gch_day_find_service (day, "titres");
  gint64 now = gch_day_local_time (day, 10 * 60);
  GchPolicySettings settings;

  gch_policy_settings_init (&settings);
  /* A090 until 10:04, A001 until 10:10, A002 until 10:16. */
  g_assert_cmpint (gch_policy_estimate_walk_in (day, &settings, titres, GCH_PRIORITY_NONE, now),
                   ==, 16 * 60);
  settings.min_observed_services = 4;
  /* A090 until 10:08, then 10 minutes each. */
  g_assert_cmpint (gch_policy_estimate_walk_in (day, &settings, titres, GCH_PRIORITY_NONE, now),
                   ==, 28 * 60);
}

static void
test_plan_lookup (void)
{
  g_autoptr(GchDay) day = build_day ("g 1 titres; g 2 titres acc paused;"
                                     "w A001 titres 9:40; w M01 titres 9:41 pmr;"
                                     "w A002 titres 9:42; w A090 titres 9:00 state=done g=1 called=9:10");
  g_autoptr(GchQueuePlan) plan = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  const GchPlacement *p;
  GchPolicySettings settings;

  gch_policy_settings_init (&settings);
  plan = gch_policy_plan (day, &settings, gch_day_local_time (day, 600));

  g_assert_cmpuint (gch_queue_plan_get_n_placements (plan), ==, 3);
  p = gch_queue_plan_lookup (plan, find_ticket (day, "A002"));
  g_assert_nonnull (p);
  g_assert_cmpuint (p->guichet, ==, 1);
  g_assert_cmpuint (p->rank, ==, 2);
  g_assert_cmpint (p->called_at, ==, gch_day_local_time (day, 610));
  p = gch_queue_plan_lookup (plan, find_ticket (day, "M01"));
  g_assert_cmpuint (p->guichet, ==, 0);
  g_assert_cmpuint (p->rank, ==, 1);
  g_assert_cmpint (p->called_at, ==, 0);
  g_assert_null (gch_queue_plan_lookup (plan, find_ticket (day, "A090")));

  queue = gch_queue_plan_for_guichet (plan, 1);
  g_assert_cmpuint (queue->len, ==, 2);
  g_assert_true (g_ptr_array_index (queue, 0) == find_ticket (day, "A001"));
  g_assert_true (g_ptr_array_index (queue, 1) == find_ticket (day, "A002"));
  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = gch_queue_plan_for_guichet (plan, 2);
  g_assert_cmpuint (queue->len, ==, 0);
  g_clear_pointer (&queue, g_ptr_array_unref);
  /* The unplaced are no guichet's queue. */
  queue = gch_queue_plan_for_guichet (plan, 0);
  g_assert_cmpuint (queue->len, ==, 0);
}

/* Any day
 *
 * Random halls: up to 5 services, up to 6 guichets in any state, up to 60
 * people waiting (some with appointments, early or late, some priority,
 * PMR, transferred or assigned), people at guichets and served earlier,
 * and random settings. For each, what must always hold.
 *
 * Day i is made from seed N + i, N random unless GUICHET_TEST_SEED=N is set;
 * a failure names its day's seed, and GUICHET_TEST_SEED=<that seed> replays
 * that day first.
 */

#define N_RANDOM_DAYS 1000

static guint32 day_seed;

#define prop_assert(cond, ...) \
  G_STMT_START { \
    if (!(cond)) \
      g_error ("GUICHET_TEST_SEED=%u: %s: %s", day_seed, #cond, g_strdup_printf (__VA_ARGS__)); \
  } G_STMT_END

static GchPriority
random_priority (GRand *rand)
{
  double x = g_rand_double (rand);

  if (x < 0.65)
    return GCH_PRIORITY_NONE;
  if (x < 0.78)
    return GCH_PRIORITY_DISABILITY;
  return g_rand_int_range (rand, GCH_PRIORITY_PREGNANCY, GCH_PRIORITY_CMI + 1);
}

static GchDay *
random_day (GRand             *rand,
            GchPolicySettings *settings,
            gint64            *now_out)
{
  GchDay *day = new_day ();
  guint n_services = g_rand_int_range (rand, 1, 6);
  guint n_guichets = g_rand_int_range (rand, 1, 7);
  guint n_waiting = g_rand_int_range (rand, 0, 61);
  gint64 opens = gch_day_local_time (day, 8 * 60 + 30);
  gint64 now = gch_day_local_time (day, 10 * 60) + g_rand_int_range (rand, 0, 3 * 3600);
  guint serial = 0;

  settings->late_tolerance_minutes = g_rand_int_range (rand, 0, 31);
  settings->max_priority_in_row = g_rand_int_range (rand, 0, 4);
  settings->promote_after_minutes = g_rand_int_range (rand, 0, 121);
  settings->min_observed_services = g_rand_int_range (rand, 0, 6);

  for (guint s = 0; s < n_services; s++)
    {
      g_autofree char *code = g_strdup_printf ("s%u", s);
      char prefix[2] = { 'A' + s, 0 };

      g_ptr_array_add (day->services,
                       g_object_new (GCH_TYPE_SERVICE,
                                     "code", code, "name", code, "prefix", prefix,
                                     "typical-minutes", g_rand_int_range (rand, 1, 21),
                                     NULL));
    }

  for (guint g = 0; g < n_guichets; g++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) services = NULL;
      double x = g_rand_double (rand);
      gboolean any = FALSE;

      for (guint s = 0; s < n_services; s++)
        if (g_rand_boolean (rand))
          {
            g_strv_builder_add (builder, gch_service_get_code (g_ptr_array_index (day->services, s)));
            any = TRUE;
          }
      if (!any)
        g_strv_builder_add (builder,
                            gch_service_get_code (g_ptr_array_index (day->services,
                                                                     g_rand_int_range (rand, 0, n_services))));
      services = g_strv_builder_end (builder);

      /* Numbers with gaps, in the day's order. */
      g_ptr_array_add (day->guichets,
                       g_object_new (GCH_TYPE_GUICHET,
                                     "number", 2 * g + 1 + g_rand_int_range (rand, 0, 2),
                                     "label", "G",
                                     "accessible", g_rand_double (rand) < 0.4,
                                     "services", services,
                                     "state", x < 0.7 ? GCH_GUICHET_STATE_OPEN
                                            : x < 0.85 ? GCH_GUICHET_STATE_PAUSED
                                            : GCH_GUICHET_STATE_CLOSED,
                                     NULL));
    }

  /* Served earlier: events serving → done, at any guichet. */
  for (guint i = 0, n = g_rand_int_range (rand, 0, 12); i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("H%03u", serial++);
      GchGuichet *guichet = g_ptr_array_index (day->guichets, g_rand_int_range (rand, 0, n_guichets));
      gint64 start = opens + g_rand_int_range (rand, 0, MAX (1, now - opens - 1800));
      gint64 end = start + g_rand_int_range (rand, 30, 1800);
      GchService *service = g_ptr_array_index (day->services, g_rand_int_range (rand, 0, n_services));
      GchEntryState state = g_rand_double (rand) < 0.8 ? GCH_ENTRY_STATE_DONE : GCH_ENTRY_STATE_NO_SHOW;

      g_ptr_array_add (day->entries,
                       g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                     "id", id, "ticket", id, "service", service,
                                     "priority", random_priority (rand),
                                     "arrived-at", start - g_rand_int_range (rand, 0, 1800),
                                     "state", state,
                                     "guichet", gch_guichet_get_number (guichet),
                                     "called-at", start - 60,
                                     NULL));
      if (state == GCH_ENTRY_STATE_DONE)
        {
          g_ptr_array_add (day->events, gch_event_new ("entry", id, start, NULL, 0, "called",
                                                       "serving", NULL));
          g_ptr_array_add (day->events, gch_event_new ("entry", id, end, NULL, 0, "serving",
                                                       "done", NULL));
        }
    }

  /* At the guichets now. */
  for (guint g = 0; g < n_guichets; g++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, g);
      g_autofree char *id = NULL;

      if (g_rand_double (rand) < 0.5)
        continue;

      id = g_strdup_printf ("H%03u", serial++);
      g_ptr_array_add (day->entries,
                       g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                     "id", id, "ticket", id,
                                     "service", g_ptr_array_index (day->services,
                                                                   g_rand_int_range (rand, 0, n_services)),
                                     "priority", random_priority (rand),
                                     "arrived-at", now - 3600,
                                     "state", g_rand_boolean (rand) ? GCH_ENTRY_STATE_CALLED
                                                                    : GCH_ENTRY_STATE_SERVING,
                                     "guichet", gch_guichet_get_number (guichet),
                                     "called-at", now - g_rand_int_range (rand, 0, 2400),
                                     NULL));
    }

  for (guint i = 0; i < n_waiting; i++)
    {
      g_autofree char *id = g_strdup_printf ("W%03u", serial++);
      g_autoptr(GchAppointment) appointment = NULL;
      GchService *service = g_ptr_array_index (day->services, g_rand_int_range (rand, 0, n_services));
      GchPriority priority = random_priority (rand);
      /* Whole minutes half of the time, so that some arrive together. */
      gint64 arrived = opens + g_rand_int_range (rand, 0, now - opens + 1);
      const char *from = NULL;
      guint assigned = 0;
      double x = g_rand_double (rand);
      GchEntryState state = GCH_ENTRY_STATE_WAITING;

      if (g_rand_boolean (rand))
        arrived -= (arrived - opens) % 60;

      if (x < 0.15)
        {
          gint64 slot = opens + 60 * g_rand_int_range (rand, 0, 4 * 60);

          arrived = CLAMP (slot + 60 * g_rand_int_range (rand, -40, 41), opens, now);
          appointment = g_object_new (GCH_TYPE_APPOINTMENT,
                                      "reference", id, "service", service, "starts-at", slot,
                                      "holder-name", id,
                                      "status", GCH_APPOINTMENT_STATUS_CHECKED_IN, NULL);
          g_ptr_array_add (day->appointments, g_object_ref (appointment));
          priority = GCH_PRIORITY_NONE;
        }
      else if (x < 0.25)
        from = "X";

      if (g_rand_double (rand) < 0.12)
        assigned = gch_guichet_get_number (g_ptr_array_index (day->guichets,
                                                              g_rand_int_range (rand, 0, n_guichets)));

      /* A few who are no longer waiting. */
      if (g_rand_double (rand) < 0.08)
        state = g_rand_boolean (rand) ? GCH_ENTRY_STATE_LEFT : GCH_ENTRY_STATE_ON_HOLD;

      g_ptr_array_add (day->entries,
                       g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                     "id", id, "ticket", id, "service", service,
                                     "priority", priority, "arrived-at", arrived,
                                     "appointment", appointment, "transferred-from", from,
                                     "guichet", assigned, "state", state,
                                     NULL));
    }

  /* The store hands entries in arrival order; shuffle a little anyway. */
  for (guint i = 0; i + 1 < day->entries->len; i++)
    if (g_rand_double (rand) < 0.1)
      {
        gpointer tmp = day->entries->pdata[i];

        day->entries->pdata[i] = day->entries->pdata[i + 1];
        day->entries->pdata[i + 1] = tmp;
      }

  *now_out = now;
  return day;
}

static GchGuichet *
open_guichet (GchDay *day,
              guint   number)
{
  GchGuichet *guichet = number ? gch_day_find_guichet (day, number) : NULL;

  return guichet && gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_OPEN ? guichet : NULL;
}

/* The rule's classes, written again here from DESIGN.md §4. */
typedef enum { APPOINTMENT, TRANSFER, PRIORITY, ORDINARY } Class;

static Class
class_of (const GchPolicySettings *settings,
          GchQueueEntry           *entry)
{
  GchAppointment *appointment = gch_queue_entry_get_appointment (entry);

  if (appointment && !gch_policy_is_late (settings, appointment, gch_queue_entry_get_arrived_at (entry)))
    return APPOINTMENT;
  if (gch_queue_entry_get_transferred_from (entry))
    return TRANSFER;
  if (gch_queue_entry_get_priority (entry) != GCH_PRIORITY_NONE)
    return PRIORITY;
  return ORDINARY;
}

static guint
effective_assignment (GchDay        *day,
                      GchQueueEntry *entry)
{
  guint assigned = gch_queue_entry_get_guichet (entry);

  return open_guichet (day, assigned) ? assigned : 0;
}

static gboolean
may_serve (GchDay        *day,
           GchGuichet    *guichet,
           GchQueueEntry *entry)
{
  guint assigned = effective_assignment (day, entry);

  if (assigned != 0)
    return assigned == gch_guichet_get_number (guichet);
  if (gch_queue_entry_get_priority (entry) == GCH_PRIORITY_DISABILITY &&
      !gch_guichet_get_accessible (guichet))
    return FALSE;
  return gch_guichet_handles (guichet, gch_service_get_code (gch_queue_entry_get_service (entry)));
}

static gint64
key_of (const GchPolicySettings *settings,
        GchQueueEntry           *entry)
{
  return class_of (settings, entry) == APPOINTMENT
         ? gch_appointment_get_starts_at (gch_queue_entry_get_appointment (entry))
         : gch_queue_entry_get_arrived_at (entry);
}

static guint
index_in_day (GchDay        *day,
              GchQueueEntry *entry)
{
  guint index;

  g_assert_true (g_ptr_array_find (day->entries, entry, &index));
  return index;
}

static guint stat_next_differs;
static guint stat_free_guichets;

static void
check_day (GchDay                  *day,
           const GchPolicySettings *settings,
           gint64                   now)
{
  g_autoptr(GchQueuePlan) plan = gch_policy_plan (day, settings, now);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) last_at = g_hash_table_new (NULL, NULL);   /* guichet → placement */
  g_autoptr(GHashTable) ranks = g_hash_table_new (NULL, NULL);
  g_autoptr(GchQueuePlan) again = NULL;
  guint n_placements = gch_queue_plan_get_n_placements (plan);
  guint n_waiting = 0;

  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);
      const GchPlacement *p = gch_queue_plan_lookup (plan, entry);

      if (gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING)
        {
          n_waiting++;
          prop_assert (p != NULL && p->entry == entry, "%s is waiting but not in the plan",
                       gch_queue_entry_get_ticket (entry));
        }
      else
        prop_assert (p == NULL, "%s is not waiting but in the plan", gch_queue_entry_get_ticket (entry));
    }

  /* Every waiting person exactly once. */
  prop_assert (n_placements == n_waiting, "%u placements for %u waiting", n_placements, n_waiting);

  for (guint i = 0; i < n_placements; i++)
    {
      const GchPlacement *p = gch_queue_plan_get_placement (plan, i);
      const GchPlacement *previous = g_hash_table_lookup (last_at, GUINT_TO_POINTER (p->guichet));
      guint rank = GPOINTER_TO_UINT (g_hash_table_lookup (ranks, GUINT_TO_POINTER (p->guichet))) + 1;
      const char *ticket = gch_queue_entry_get_ticket (p->entry);
      GchGuichet *guichet = open_guichet (day, p->guichet);
      gboolean servable = FALSE;

      prop_assert (!g_hash_table_contains (seen, p->entry), "%s placed twice", ticket);
      g_hash_table_add (seen, p->entry);

      /* Ranks 1..n per guichet, in the order of the plan. */
      prop_assert (p->rank == rank, "%s: rank %u, expected %u at %u", ticket, p->rank, rank, p->guichet);
      g_hash_table_insert (ranks, GUINT_TO_POINTER (p->guichet), GUINT_TO_POINTER (rank));

      for (guint g = 0; g < day->guichets->len; g++)
        if (gch_guichet_get_state (g_ptr_array_index (day->guichets, g)) == GCH_GUICHET_STATE_OPEN &&
            may_serve (day, g_ptr_array_index (day->guichets, g), p->entry))
          servable = TRUE;

      if (p->guichet == 0)
        {
          /* Unplaced only when no open guichet may call them. */
          prop_assert (!servable, "%s unplaced, but an open guichet may call them", ticket);
          prop_assert (p->called_at == 0, "%s unplaced with a time", ticket);
          continue;
        }

      prop_assert (guichet != NULL, "%s placed at %u, which is not open", ticket, p->guichet);
      prop_assert (may_serve (day, guichet, p->entry), "%s placed at %u, which may not call them",
                   ticket, p->guichet);

      /* No PMR at a guichet without step-free access, unless they were
       * sent to that very guichet (assignment wins: an agent chose it).
       */
      if (gch_queue_entry_get_priority (p->entry) == GCH_PRIORITY_DISABILITY &&
          effective_assignment (day, p->entry) == 0)
        prop_assert (gch_guichet_get_accessible (guichet), "PMR %s at guichet %u", ticket, p->guichet);

      /* Times: never before now, non-decreasing, each the previous one plus
       * the expected time of the person before.
       */
      prop_assert (p->called_at >= now, "%s called before now", ticket);
      if (previous != NULL)
        {
          guint seconds = gch_policy_service_seconds (day, settings,
                                                      gch_queue_entry_get_service (previous->entry));

          prop_assert (p->called_at >= previous->called_at, "%s before the one before", ticket);
          prop_assert (p->called_at == previous->called_at + seconds,
                       "%s at %" G_GINT64_FORMAT ", %u s after the one before, expected %u", ticket,
                       p->called_at, (guint)(p->called_at - previous->called_at), seconds);
        }
      else
        {
          GchQueueEntry *current = gch_day_current_for_guichet (day, p->guichet);
          gint64 free_at = now;

          if (current != NULL)
            free_at = MAX (now, gch_queue_entry_get_called_at (current) +
                                gch_policy_service_seconds (day, settings,
                                                            gch_queue_entry_get_service (current)));
          prop_assert (p->called_at == free_at, "%s first at %u: at %" G_GINT64_FORMAT
                       ", expected %" G_GINT64_FORMAT, ticket, p->guichet, p->called_at, free_at);
        }
      g_hash_table_insert (last_at, GUINT_TO_POINTER (p->guichet), (gpointer)p);
    }

  /* First come first served within a class: two people of the same class,
   * service and assignment are called in the order of their key (slot or
   * arrival), then of the day's list.
   */
  for (guint i = 0; i < n_placements; i++)
    for (guint j = i + 1; j < n_placements; j++)
      {
        GchQueueEntry *a = gch_queue_plan_get_placement (plan, i)->entry;
        GchQueueEntry *b = gch_queue_plan_get_placement (plan, j)->entry;
        gint64 ka = key_of (settings, a), kb = key_of (settings, b);

        if (class_of (settings, a) != class_of (settings, b) ||
            gch_queue_entry_get_service (a) != gch_queue_entry_get_service (b) ||
            effective_assignment (day, a) != effective_assignment (day, b) ||
            (gch_queue_entry_get_priority (a) == GCH_PRIORITY_DISABILITY) !=
            (gch_queue_entry_get_priority (b) == GCH_PRIORITY_DISABILITY))
          continue;

        prop_assert (ka < kb || (ka == kb && index_in_day (day, a) < index_in_day (day, b)),
                     "%s before %s, same class, but not first come",
                     gch_queue_entry_get_ticket (a), gch_queue_entry_get_ticket (b));
      }

  /* gch_policy_next(g) and the plan agree for a guichet free now.
   *
   * They are not the same question, though: the plan lets the guichets
   * free at the same time call in the day's order, so guichet 3 free now
   * gets what guichets 1 and 2 (free now too) leave, while
   * gch_policy_next (3) answers "if 3 called now", with everyone still
   * there. So next(g) is the plan's first at g once the people the plan
   * gives to the guichets before g at that same moment are out of the
   * hall; for the first guichet free now, it is the plan's first as is.
   */
  for (guint g = 0; g < day->guichets->len; g++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, g);
      guint number = gch_guichet_get_number (guichet);
      g_autoptr(GPtrArray) taken = g_ptr_array_new ();
      g_autoptr(GPtrArray) queue = gch_queue_plan_for_guichet (plan, number);
      GchQueueEntry *first = queue->len > 0 ? g_ptr_array_index (queue, 0) : NULL;
      GchQueueEntry *next, *naive;

      if (gch_guichet_get_state (guichet) != GCH_GUICHET_STATE_OPEN)
        {
          prop_assert (gch_policy_next (day, settings, number, now) == NULL,
                       "guichet %u is not open but calls", number);
          prop_assert (queue->len == 0, "guichet %u is not open but has a queue", number);
          continue;
        }

      if (gch_day_current_for_guichet (day, number) != NULL)
        continue;

      stat_free_guichets++;
      naive = gch_policy_next (day, settings, number, now);
      prop_assert (first == NULL || gch_queue_plan_lookup (plan, first)->called_at == now,
                   "guichet %u is free but its first is later", number);

      for (guint i = 0; i < n_placements; i++)
        {
          const GchPlacement *p = gch_queue_plan_get_placement (plan, i);
          guint index;

          if (p->guichet != 0 && p->called_at == now && p->guichet != number &&
              g_ptr_array_find (day->guichets, gch_day_find_guichet (day, p->guichet), &index) &&
              index < g)
            g_ptr_array_add (taken, p->entry);
        }

      /* The first guichet to call now: the plan's first, as is. */
      if (taken->len == 0)
        prop_assert (naive == first, "first free guichet %u: next %s, plan %s", number,
                     naive ? gch_queue_entry_get_ticket (naive) : "-",
                     first ? gch_queue_entry_get_ticket (first) : "-");

      for (guint i = 0; i < taken->len; i++)
        gch_queue_entry_set_state (g_ptr_array_index (taken, i), GCH_ENTRY_STATE_LEFT);
      next = gch_policy_next (day, settings, number, now);
      for (guint i = 0; i < taken->len; i++)
        gch_queue_entry_set_state (g_ptr_array_index (taken, i), GCH_ENTRY_STATE_WAITING);

      prop_assert (next == first, "guichet %u: next %s, plan %s", number,
                   next ? gch_queue_entry_get_ticket (next) : "-",
                   first ? gch_queue_entry_get_ticket (first) : "-");
      if (naive != first)
        stat_next_differs++;
    }

  /* Pure: the same day, settings and time give the same plan. */
  again = gch_policy_plan (day, settings, now);
  prop_assert (gch_queue_plan_get_n_placements (again) == n_placements, "not the same plan twice");
  for (guint i = 0; i < n_placements; i++)
    {
      const GchPlacement *x = gch_queue_plan_get_placement (plan, i);
      const GchPlacement *y = gch_queue_plan_get_placement (again, i);

      prop_assert (x->entry == y->entry && x->guichet == y->guichet && x->rank == y->rank &&
                   x->called_at == y->called_at, "not the same plan twice");
    }
}

static void
test_random_days (void)
{
  const char *env = g_getenv ("GUICHET_TEST_SEED");
  guint32 seed = env ? (guint32)g_ascii_strtoull (env, NULL, 10) : (guint32)g_test_rand_int ();

  g_test_message ("seed %u (replay with GUICHET_TEST_SEED=%u)", seed, seed);
  stat_next_differs = stat_free_guichets = 0;

  for (guint i = 0; i < N_RANDOM_DAYS; i++)
    {
      g_autoptr(GRand) rand = NULL;
      g_autoptr(GchDay) day = NULL;
      GchPolicySettings settings;
      gint64 now;

      day_seed = seed + i;
      rand = g_rand_new_with_seed (day_seed);
      day = random_day (rand, &settings, &now);
      check_day (day, &settings, now);
    }

  g_test_message ("%u free guichets; for %u of them, gch_policy_next() named someone the plan "
                  "gives to a guichet before it", stat_free_guichets, stat_next_differs);
}

/* Affluence modes (gch-mode.h) */

static void
test_mode_rules (void)
{
  g_autoptr(GchDay) day = build_day ("s mairie M 10 cap=5; s un U 10 cap=1");
  GchService *mairie = gch_day_find_service (day, "mairie");
  GchService *un = gch_day_find_service (day, "un");
  GchService *titres = gch_day_find_service (day, "titres");
  GchPolicySettings settings, effective;

  /* The cap: the service's own, halved in crise (rounded up), none stays none. */
  g_assert_cmpuint (gch_mode_walk_in_cap (GCH_SITE_MODE_NORMAL, mairie), ==, 5);
  g_assert_cmpuint (gch_mode_walk_in_cap (GCH_SITE_MODE_AFFLUENCE, mairie), ==, 5);
  g_assert_cmpuint (gch_mode_walk_in_cap (GCH_SITE_MODE_CRISE, mairie), ==, 3);
  g_assert_cmpuint (gch_mode_walk_in_cap (GCH_SITE_MODE_CRISE, un), ==, 1);
  g_assert_cmpuint (gch_mode_walk_in_cap (GCH_SITE_MODE_CRISE, titres), ==, 0);

  /* The late tolerance: the policy's, half of it, none. */
  gch_policy_settings_init (&settings);
  g_assert_cmpuint (settings.late_tolerance_minutes, ==, 15);
  g_assert_cmpuint (gch_mode_late_tolerance (GCH_SITE_MODE_NORMAL, &settings), ==, 15);
  g_assert_cmpuint (gch_mode_late_tolerance (GCH_SITE_MODE_AFFLUENCE, &settings), ==, 7);
  g_assert_cmpuint (gch_mode_late_tolerance (GCH_SITE_MODE_CRISE, &settings), ==, 0);
  gch_mode_apply (GCH_SITE_MODE_AFFLUENCE, &settings, &effective);
  g_assert_cmpuint (effective.late_tolerance_minutes, ==, 7);
  g_assert_cmpuint (effective.max_priority_in_row, ==, settings.max_priority_in_row);
  g_assert_cmpuint (effective.promote_after_minutes, ==, settings.promote_after_minutes);
  /* In place too. */
  gch_mode_apply (GCH_SITE_MODE_CRISE, &settings, &settings);
  g_assert_cmpuint (settings.late_tolerance_minutes, ==, 0);

  /* The message and the quieter hours on the board. */
  g_assert_null (gch_mode_get_message (GCH_SITE_MODE_NORMAL));
  g_assert_cmpstr (gch_mode_get_message (GCH_SITE_MODE_AFFLUENCE), ==,
                   "Heavy affluence: consider booking an appointment online.");
  g_assert_true (g_str_has_prefix (gch_mode_get_message (GCH_SITE_MODE_CRISE),
                                   "Exceptional affluence:"));
  g_assert_false (gch_mode_shows_quiet_hours (GCH_SITE_MODE_NORMAL));
  g_assert_true (gch_mode_shows_quiet_hours (GCH_SITE_MODE_AFFLUENCE));
  g_assert_true (gch_mode_shows_quiet_hours (GCH_SITE_MODE_CRISE));
}

/* "w A001 titres 9:50; w A002 titres 9:50; …", @n of them */
static char *
walk_ins (const char *service,
          const char *prefix,
          const char *arrival,
          guint       n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "w %s%03u %s %s; ", prefix, i, service, arrival);
  return g_string_free (text, FALSE);
}

static gboolean
may_issue (GchDay      *day,
           const char  *service,
           gint64       now,
           char       **message)
{
  g_autoptr(GError) error = NULL;
  GchPolicySettings settings;
  gboolean ok;

  gch_policy_settings_init (&settings);
  ok = gch_mode_check_walk_in (day, &settings, gch_day_find_service (day, service), now, &error);
  g_assert_true (ok == (error == NULL));
  if (error != NULL)
    g_assert_error (error, GCH_ERROR, GCH_ERROR_CAP_REACHED);
  if (message != NULL)
    *message = error != NULL ? g_strdup (error->message) : NULL;
  return ok;
}

/* The site closes at 17:00; titres takes 10 min, so its last call is at
 * 16:50. One guichet, idle at 16:00: with five waiting, a newcomer is
 * called at 16:50, exactly the last call; with six, at 17:00.
 */
static void
test_mode_closing (void)
{
  g_autofree char *five = walk_ins ("titres", "A", "15:50", 5);
  g_autofree char *six = walk_ins ("titres", "A", "15:50", 6);
  g_autofree char *setup5 = g_strconcat ("g 1 titres; ", five, NULL);
  g_autofree char *setup6 = g_strconcat ("g 1 titres; ", six, NULL);
  g_autoptr(GchDay) day5 = build_day (setup5);
  g_autoptr(GchDay) day6 = build_day (setup6);
  g_autoptr(GchDay) closed = build_day ("g 1 titres closed");
  GchPolicySettings settings;
  g_autofree char *message = NULL;
  gint64 now = parse_time (day5, "16:00");

  gch_policy_settings_init (&settings);
  g_assert_cmpint (gch_policy_estimate_walk_in (day5, &settings, gch_day_find_service (day5, "titres"),
                                                GCH_PRIORITY_NONE, now), ==, 50 * 60);
  g_assert_cmpint (gch_policy_estimate_walk_in (day6, &settings, gch_day_find_service (day6, "titres"),
                                                GCH_PRIORITY_NONE, now), ==, 60 * 60);

  /* Normal: the reception decides, whatever the hour. */
  g_assert_true (may_issue (day6, "titres", now, NULL));

  gch_site_set_mode (day5->site, GCH_SITE_MODE_AFFLUENCE);
  gch_site_set_mode (day6->site, GCH_SITE_MODE_AFFLUENCE);
  g_assert_true (may_issue (day5, "titres", now, NULL));
  g_assert_false (may_issue (day6, "titres", now, &message));
  g_assert_cmpstr (message, ==, "Affluence: a new walk-in for titres would not be called before "
                                "closing. Offer an appointment or a call-back instead.");
  /* Other services are judged on their own queue. */
  g_assert_true (may_issue (day6, "court", now, NULL));

  g_clear_pointer (&message, g_free);
  gch_site_set_mode (day6->site, GCH_SITE_MODE_CRISE);
  g_assert_false (may_issue (day6, "titres", now, &message));
  g_assert_cmpstr (message, ==, "Crisis: a new walk-in for titres would not be called before "
                                "closing. Offer an appointment or a call-back instead.");

  /* No open guichet: the wait is unknown, only the time now counts. */
  gch_site_set_mode (closed->site, GCH_SITE_MODE_AFFLUENCE);
  g_assert_true (may_issue (closed, "titres", parse_time (closed, "16:50"), NULL));
  g_assert_false (may_issue (closed, "titres", parse_time (closed, "16:51"), NULL));
}

/* The cap by mode: mairie gives 3 a day, 2 in crise; two were given. */
static void
test_mode_cap (void)
{
  g_autoptr(GchDay) day = build_day ("s mairie M 10 cap=3; g 1 mairie;"
                                     "w M001 mairie 9:00 state=done; w M002 mairie 9:30;"
                                     "r M003 mairie 9:40 9:35");
  gint64 now = parse_time (day, "10:00");
  g_autofree char *message = NULL;

  /* The appointment holder is not a walk-in. */
  g_assert_cmpuint (gch_mode_count_walk_ins (day, gch_day_find_service (day, "mairie")), ==, 2);
  g_assert_true (may_issue (day, "mairie", now, NULL));
  gch_site_set_mode (day->site, GCH_SITE_MODE_AFFLUENCE);
  g_assert_true (may_issue (day, "mairie", now, NULL));
  gch_site_set_mode (day->site, GCH_SITE_MODE_CRISE);
  g_assert_false (may_issue (day, "mairie", now, &message));
  g_assert_cmpstr (message, ==, "Crisis: walk-in tickets for mairie are limited to 2 today, half "
                                "the usual 3, and all are given. Offer an appointment or a "
                                "call-back instead.");

  /* In normal mode, the usual sentence at the usual cap. */
  g_clear_pointer (&message, g_free);
  gch_site_set_mode (day->site, GCH_SITE_MODE_NORMAL);
  g_ptr_array_add (day->entries, g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                               "id", "M004", "ticket", "M004",
                                               "service", gch_day_find_service (day, "mairie"),
                                               "arrived-at", now, NULL));
  g_assert_false (may_issue (day, "mairie", now, &message));
  g_assert_cmpstr (message, ==, "The 3 walk-in tickets of the day for mairie are given. "
                                "Offer an appointment or a call-back instead.");
}

/* The board's notice: the message, and the quieter hours out of normal. */
static void
test_mode_notice (void)
{
  g_autoptr(GchDay) day = build_day ("g 1 titres");
  gint64 now = parse_time (day, "10:00");
  g_autofree char *plain = NULL;
  g_autofree char *with_hours = NULL;
  g_autofree char *crise = NULL;

  g_assert_null (gch_mode_dup_notice (day, now));

  /* No past days: no hours to suggest. */
  gch_site_set_mode (day->site, GCH_SITE_MODE_AFFLUENCE);
  plain = gch_mode_dup_notice (day, now);
  g_assert_cmpstr (plain, ==, "Heavy affluence: consider booking an appointment online.");

  /* Past days quietest at 14:00 and 15:00. */
  day->past_days = 5;
  for (guint h = 0; h < 24; h++)
    day->past_walk_ins[h] = 12.0;
  day->past_walk_ins[14] = 2.0;
  day->past_walk_ins[15] = 3.0;
  with_hours = gch_mode_dup_notice (day, now);
  g_assert_cmpstr (with_hours, ==, "Heavy affluence: consider booking an appointment online.\n"
                                   "Quieter hours: 14:00–16:00");
  gch_site_set_mode (day->site, GCH_SITE_MODE_CRISE);
  crise = gch_mode_dup_notice (day, now);
  g_assert_true (g_str_has_prefix (crise, "Exceptional affluence:"));
  g_assert_true (g_str_has_suffix (crise, "\nQuieter hours: 14:00–16:00"));
  gch_site_set_mode (day->site, GCH_SITE_MODE_NORMAL);
  g_assert_null (gch_mode_dup_notice (day, now));
}

/* Thresholds and alerts (gch-alert.h) */

static GPtrArray *
check (GchDay     *day,
       const char *time)
{
  GchPolicySettings settings;

  gch_policy_settings_init (&settings);
  return gch_check_thresholds (day, &settings, parse_time (day, time));
}

/* Every alert, described, one a line. */
static char *
describe_all (GchDay    *day,
              GPtrArray *alerts)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < alerts->len; i++)
    {
      g_autofree char *one = gch_alert_describe (g_ptr_array_index (alerts, i), day);
      g_autofree char *key = gch_alert_dup_key (g_ptr_array_index (alerts, i));

      g_string_append_printf (text, "%s%s = %s", i > 0 ? "\n" : "", key, one);
    }
  return g_string_free (text, FALSE);
}

static char *
alerts_at (const char *setup,
           const char *time)
{
  g_autoptr(GchDay) day = build_day (setup);
  g_autoptr(GPtrArray) alerts = check (day, time);

  return describe_all (day, alerts);
}

/* A new walk-in's wait: one idle guichet, 10 min each, max 30 min. Three
 * waiting make exactly 30 min, not past the limit; four, 40 min.
 */
static void
test_alert_wait (void)
{
  g_autofree char *three = walk_ins ("long", "L", "9:50", 3);
  g_autofree char *four = walk_ins ("long", "L", "9:50", 4);
  g_autofree char *at_limit = g_strconcat ("s long L 10 wait=30 per=99; g 1 long; g 2 titres;",
                                           three, NULL);
  g_autofree char *past = g_strconcat ("s long L 10 wait=30 per=99; g 1 long; g 2 titres;",
                                       four, NULL);
  g_autofree char *none = alerts_at (at_limit, "10:00");
  g_autofree char *text = alerts_at (past, "10:00");

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (text, ==, "long/wait = long: a new walk-in would wait 40 min (limit 30 min)");
}

/* People waiting per open guichet: max 3, two open guichets (a paused
 * one does not count): six waiting is the limit, seven is past it.
 */
static void
test_alert_waiting_per_guichet (void)
{
  g_autofree char *six = walk_ins ("long", "L", "9:50", 6);
  g_autofree char *seven = walk_ins ("long", "L", "9:50", 7);
  const char *hall = "s long L 1 wait=999 per=3; g 1 long; g 2 long; g 3 long paused;";
  g_autofree char *s6 = g_strconcat (hall, six, NULL);
  g_autofree char *s7 = g_strconcat (hall, seven, NULL);
  g_autofree char *s1 = g_strconcat ("s long L 1 wait=999 per=3; g 1 long;", six, NULL);
  g_autofree char *text6 = alerts_at (s6, "10:00");
  g_autofree char *text7 = alerts_at (s7, "10:00");
  g_autofree char *one = alerts_at (s1, "10:00");

  g_assert_cmpstr (text6, ==, "");
  /* Measured all the same: exactly at the limit, a share of 1. */
  {
    g_autoptr(GchDay) day = build_day (s6);
    GchPolicySettings settings;
    g_autoptr(GPtrArray) figures = NULL;
    const GchAlert *per;

    gch_policy_settings_init (&settings);
    figures = gch_measure_thresholds (day, &settings, parse_time (day, "10:00"));
    /* long: its wait and its people per guichet; titres, permis, court: nobody, no guichet */
    g_assert_cmpuint (figures->len, ==, 2);
    per = g_ptr_array_index (figures, 1);
    g_assert_cmpint (per->kind, ==, GCH_ALERT_WAITING_PER_GUICHET);
    g_assert_cmpint (per->value, ==, 6);
    g_assert_cmpuint (per->guichets, ==, 2);
    g_assert_cmpfloat (gch_alert_get_share (per), ==, 1.0);
    g_assert_false (gch_alert_is_past (per));
  }
  g_assert_cmpstr (text7, ==, "long/waiting-per-guichet = long: 7 people waiting for 2 open "
                              "guichets (limit 3 per guichet)");
  g_assert_cmpstr (one, ==, "long/waiting-per-guichet = long: 6 people waiting for 1 open "
                            "guichet (limit 3 per guichet)");
}

/* A service with people waiting and no open guichet; a service with
 * neither is no alert; appointments only: no wait checked.
 */
static void
test_alert_no_guichet (void)
{
  g_autofree char *text = alerts_at ("s natu N 30 appointments wait=10 per=99;"
                                     "g 1 titres paused; g 2 court closed; g 3 natu;"
                                     "w A001 titres 9:00; r N001 natu 9:50 9:45; r N002 natu 9:55 9:50",
                                     "10:00");

  g_assert_cmpstr (text, ==, "titres/no-guichet = titres: 1 person waiting and no open guichet "
                             "handles it");
}

static void
test_alert_empty_day (void)
{
  g_autoptr(GchDay) day = build_day ("");
  g_autoptr(GchDay) quiet = build_day ("g 1 titres; g 2 permis,court");
  g_autoptr(GPtrArray) none = check (day, "10:00");
  g_autoptr(GPtrArray) nothing = check (quiet, "10:00");

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (nothing->len, ==, 0);
}

static GchSiteMode
suggest (const char   *setup,
         GchSiteMode   current,
         char        **reason)
{
  g_autoptr(GchDay) day = build_day (setup);
  GchPolicySettings settings;

  gch_policy_settings_init (&settings);
  gch_site_set_mode (day->site, current);
  return gch_suggest_mode (day, &settings, parse_time (day, "10:00"), reason);
}

/* "s long L 10 wait=30 per=99; g 1 long; w L001 long 9:50; …": @n
 * waiting, a new walk-in waits n × 10 min against a limit of @limit.
 */
static char *
long_hall (guint limit,
           guint n)
{
  g_autofree char *people = walk_ins ("long", "L", "9:50", n);

  return g_strdup_printf ("s long L 10 wait=%u per=99; g 1 long; %s", limit, people);
}

typedef struct
{
  guint        limit;
  guint        waiting;
  GchSiteMode  current;
  GchSiteMode  expected;
  const char  *reason;
} ModeCase;

/* The rule of gch-alert.h, each boundary on both sides. */
static const ModeCase mode_cases[] = {
  /* normal: up past the limit, crise past twice the limit */
  { 30, 3, GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_NORMAL, NULL },
  { 30, 4, GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_AFFLUENCE,
    "Affluence suggested: a limit is crossed. long: a new walk-in would wait 40 min (limit 30 min)." },
  { 30, 6, GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_AFFLUENCE,
    "Affluence suggested: a limit is crossed. long: a new walk-in would wait 60 min (limit 30 min)." },
  { 30, 7, GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_CRISE,
    "Crisis suggested: a figure is more than twice its limit. long: a new walk-in would wait 70 min "
    "(limit 30 min)." },
  /* affluence: stays until well under (three quarters of the limit) */
  { 40, 4, GCH_SITE_MODE_AFFLUENCE, GCH_SITE_MODE_AFFLUENCE, NULL },
  { 40, 5, GCH_SITE_MODE_AFFLUENCE, GCH_SITE_MODE_AFFLUENCE, NULL },
  { 40, 3, GCH_SITE_MODE_AFFLUENCE, GCH_SITE_MODE_NORMAL,
    "Normal suggested: every service is well under its limits. The busiest: long: a new walk-in "
    "would wait 30 min (limit 40 min)." },
  { 40, 9, GCH_SITE_MODE_AFFLUENCE, GCH_SITE_MODE_CRISE,
    "Crisis suggested: a figure is more than twice its limit. long: a new walk-in would wait 90 min "
    "(limit 40 min)." },
  /* crise: out of it at one and a half times the limit, straight to normal when well under */
  { 40, 7, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_CRISE, NULL },
  { 40, 8, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_CRISE, NULL },
  { 40, 6, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_AFFLUENCE,
    "Affluence suggested: no figure is more than twice its limit any more. long: a new walk-in would wait "
    "60 min (limit 40 min)." },
  { 40, 4, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_AFFLUENCE,
    "Affluence suggested: no figure is more than twice its limit any more. long: a new walk-in would wait "
    "40 min (limit 40 min)." },
  { 40, 3, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_NORMAL,
    "Normal suggested: every service is well under its limits. The busiest: long: a new walk-in "
    "would wait 30 min (limit 40 min)." },
};

static void
test_suggest_mode_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_cases); i++)
    {
      const ModeCase *c = &mode_cases[i];
      g_autofree char *setup = long_hall (c->limit, c->waiting);
      g_autofree char *reason = NULL;
      GchSiteMode got;

      got = suggest (setup, c->current, &reason);
      if (got != c->expected || g_strcmp0 (reason, c->reason) != 0)
        g_error ("case %u (limit %u, %u waiting, in %s): got %s, “%s”", i, c->limit, c->waiting,
                 gch_enum_to_nick (GCH_TYPE_SITE_MODE, c->current),
                 gch_enum_to_nick (GCH_TYPE_SITE_MODE, got), reason ? reason : "(null)");
      /* The reason is optional. */
      g_assert_cmpint (suggest (setup, c->current, NULL), ==, c->expected);
    }
}

/* The figure that decides may be people per guichet, or no guichet at
 * all (as if one were open); an empty hall brings a site back to normal.
 */
static void
test_suggest_mode_figures (void)
{
  g_autofree char *reason = NULL;
  g_autofree char *few = NULL;
  g_autofree char *empty = NULL;

  g_assert_cmpint (suggest ("s long L 1 wait=999 per=2; g 1 long;"
                            "w L001 long 9:50; w L002 long 9:50; w L003 long 9:50;"
                            "w L004 long 9:50; w L005 long 9:50",
                            GCH_SITE_MODE_NORMAL, &reason), ==, GCH_SITE_MODE_CRISE);
  g_assert_cmpstr (reason, ==, "Crisis suggested: a figure is more than twice its limit. long: 5 people "
                               "waiting for 1 open guichet (limit 2 per guichet).");

  /* One person and the guichet on a break: an alert, not affluence. */
  g_assert_cmpint (suggest ("g 1 titres paused; w A001 titres 9:50", GCH_SITE_MODE_NORMAL, &few),
                   ==, GCH_SITE_MODE_NORMAL);
  g_assert_null (few);
  g_clear_pointer (&reason, g_free);
  g_assert_cmpint (suggest ("s long L 1 wait=999 per=2; g 1 titres;"
                            "w L001 long 9:50; w L002 long 9:50; w L003 long 9:50",
                            GCH_SITE_MODE_NORMAL, &reason), ==, GCH_SITE_MODE_AFFLUENCE);
  g_assert_cmpstr (reason, ==, "Affluence suggested: a limit is crossed. long: 3 people waiting and "
                               "no open guichet handles it.");

  g_assert_cmpint (suggest ("", GCH_SITE_MODE_NORMAL, &empty), ==, GCH_SITE_MODE_NORMAL);
  g_assert_null (empty);
  g_assert_cmpint (suggest ("", GCH_SITE_MODE_AFFLUENCE, &empty), ==, GCH_SITE_MODE_NORMAL);
  g_assert_cmpstr (empty, ==, "Normal suggested: nobody is waiting.");
}

/* The hall fills up and empties, one person at a time: the suggestion
 * changes at the boundaries only, never back and forth between two
 * neighbouring calls.
 */
static void
test_suggest_mode_hysteresis (void)
{
  static const GchSiteMode expected[] = {
    /* 0 … 12 waiting, filling, limit 40 min (4 people) */
    GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_NORMAL,
    GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_AFFLUENCE, GCH_SITE_MODE_AFFLUENCE, GCH_SITE_MODE_AFFLUENCE,
    GCH_SITE_MODE_AFFLUENCE, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_CRISE,
    GCH_SITE_MODE_CRISE,
  };
  static const GchSiteMode emptying[] = {
    /* 12 … 0 waiting, emptying: crise down to 6, affluence down to 3 */
    GCH_SITE_MODE_CRISE, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_CRISE,
    GCH_SITE_MODE_CRISE, GCH_SITE_MODE_CRISE, GCH_SITE_MODE_AFFLUENCE, GCH_SITE_MODE_AFFLUENCE,
    GCH_SITE_MODE_AFFLUENCE, GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_NORMAL, GCH_SITE_MODE_NORMAL,
    GCH_SITE_MODE_NORMAL,
  };
  GchSiteMode mode = GCH_SITE_MODE_NORMAL;
  guint changes = 0;

  /* The supervisor accepts each suggestion. */
  for (guint n = 0; n <= 12; n++)
    {
      g_autofree char *setup = long_hall (40, n);
      GchSiteMode next = suggest (setup, mode, NULL);

      changes += next != mode;
      mode = next;
      g_assert_cmpint (mode, ==, expected[n]);
    }
  for (guint n = 12; n + 1 > 0; n--)
    {
      g_autofree char *setup = long_hall (40, n);
      GchSiteMode next = suggest (setup, mode, NULL);

      changes += next != mode;
      mode = next;
      g_assert_cmpint (mode, ==, emptying[12 - n]);
    }
  g_assert_cmpuint (changes, ==, 4);

  /* Around a boundary, one more and one less: no change back. */
  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *five = long_hall (40, 5);
      g_autofree char *four = long_hall (40, 4);

      g_assert_cmpint (suggest (five, GCH_SITE_MODE_AFFLUENCE, NULL), ==, GCH_SITE_MODE_AFFLUENCE);
      g_assert_cmpint (suggest (four, GCH_SITE_MODE_AFFLUENCE, NULL), ==, GCH_SITE_MODE_AFFLUENCE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/policy/rule/", cases[i].name, NULL);

      g_test_add_data_func (path, &cases[i], test_rule);
    }
  g_test_add_func ("/policy/settings/defaults", test_defaults);
  g_test_add_func ("/policy/settings/each-matters", test_settings_matter);
  g_test_add_func ("/policy/is-late", test_is_late);
  g_test_add_func ("/policy/service-seconds", test_service_seconds);
  g_test_add_func ("/policy/estimate-walk-in", test_estimate_walk_in);
  g_test_add_func ("/policy/suggest-rebalancing", test_suggest_rebalancing);
  g_test_add_func ("/policy/estimate-walk-in/observed", test_estimate_walk_in_observed);
  g_test_add_func ("/policy/plan/lookup", test_plan_lookup);
  g_test_add_func ("/policy/random-days", test_random_days);
  g_test_add_func ("/policy/mode/rules", test_mode_rules);
  g_test_add_func ("/policy/mode/closing", test_mode_closing);
  g_test_add_func ("/policy/mode/cap", test_mode_cap);
  g_test_add_func ("/policy/mode/notice", test_mode_notice);
  g_test_add_func ("/policy/alert/wait", test_alert_wait);
  g_test_add_func ("/policy/alert/waiting-per-guichet", test_alert_waiting_per_guichet);
  g_test_add_func ("/policy/alert/no-guichet", test_alert_no_guichet);
  g_test_add_func ("/policy/alert/empty-day", test_alert_empty_day);
  g_test_add_func ("/policy/suggest-mode/rules", test_suggest_mode_rules);
  g_test_add_func ("/policy/suggest-mode/figures", test_suggest_mode_figures);
  g_test_add_func ("/policy/suggest-mode/hysteresis", test_suggest_mode_hysteresis);

  return g_test_run ();
}
