/* test-demo.c
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

#include <string.h>

#include "guichet.h"

#include "gch-test-day.h"

/* The demo day is what trainers and reviewers see first: it must be the
 * same every time for a seed, and it must look like a day that could have
 * happened. Each rule below is one a front-desk agent would notice broken.
 */

/* Helpers */

/* Minutes after local midnight of @t in @tz, and its local date. */
static guint
local_minutes (GTimeZone  *tz,
               gint64      t,
               char      **date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  if (date != NULL)
    *date = g_date_time_format (local, "%Y-%m-%d");

  return g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
}

static void
assert_on_date (GTimeZone  *tz,
                gint64      t,
                const char *date)
{
  g_autofree char *local_date = NULL;

  local_minutes (tz, t, &local_date);
  g_assert_cmpstr (local_date, ==, date);
}

static GchQueueEntry *
find_entry (GchDay     *day,
            const char *id)
{
  for (guint i = 0; i < day->entries->len; i++)
    if (g_str_equal (gch_queue_entry_get_id (g_ptr_array_index (day->entries, i)), id))
      return g_ptr_array_index (day->entries, i);

  return NULL;
}

/* record id → GPtrArray of its events, in the day's order */
static GHashTable *
group_events (GchDay     *day,
              const char *kind)
{
  GHashTable *groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);
      const char *id = gch_event_get_record_id (event);
      GPtrArray *list;

      if (!g_str_equal (gch_event_get_record_kind (event), kind))
        continue;

      if (!(list = g_hash_table_lookup (groups, id)))
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (groups, (gpointer)id, list);
        }
      g_ptr_array_add (list, event);
    }

  return groups;
}

/* The first event of @events that enters @to_state, or NULL. */
static GchEvent *
find_transition (GPtrArray  *events,
                 const char *to_state)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    if (g_str_equal (gch_event_get_to_state (g_ptr_array_index (events, i)), to_state))
      return g_ptr_array_index (events, i);

  return NULL;
}

/* Replays @events: each starts from where the previous one left the
 * record, the first from @first_from. Returns the state they lead to.
 */
static const char *
replay (GPtrArray  *events,
        const char *first_from,
        const char *what)
{
  const char *state = first_from;

  for (guint i = 0; i < events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (gch_event_get_from_state (event), state) != 0)
        g_error ("%s: event %u goes from “%s” but the record was “%s”", what, i,
                 gch_event_get_from_state (event), state);
      state = gch_event_get_to_state (event);
    }

  return state;
}

static guint
ticket_number (GchQueueEntry *entry)
{
  const char *ticket = gch_queue_entry_get_ticket (entry);
  const char *prefix = gch_service_get_prefix (gch_queue_entry_get_service (entry));
  const char *digits;
  char *end = NULL;
  guint64 number;

  g_assert_true (g_str_has_prefix (ticket, prefix));
  digits = ticket + strlen (prefix);
  g_assert_cmpuint (strlen (digits), >=, 3);
  for (const char *p = digits; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p));

  number = g_ascii_strtoull (digits, &end, 10);
  g_assert_true (*end == '\0');
  g_assert_cmpuint (number, >, 0);

  return number;
}

typedef struct
{
  GchQueueEntry *entry;
  gint64         arrived_at;
  guint          number;
} Numbered;

static int
compare_numbered (gconstpointer a,
                  gconstpointer b)
{
  const Numbered *x = a, *y = b;

  if (x->arrived_at != y->arrived_at)
    return (x->arrived_at > y->arrived_at) - (x->arrived_at < y->arrived_at);
  return (x->number > y->number) - (x->number < y->number);
}

typedef struct
{
  gint64      from;
  gint64      to;
  const char *ticket;
} Interval;

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const Interval *x = a, *y = b;

  return (x->from > y->from) - (x->from < y->from);
}

/* The whole set of rules, on the day as it stands at @now_minutes. */
static void
check_day (GchDay     *day,
           const char *date,
           guint       now_minutes)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GHashTable) entry_events = group_events (day, "entry");
  g_autoptr(GHashTable) appointment_events = group_events (day, "appointment");
  g_autoptr(GHashTable) tickets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) entries_of_appointment = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) occupied = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) numbered = g_array_new (FALSE, FALSE, sizeof (Numbered));
  gint64 now, opening, closing;
  guint pmr = 0, with_appointment = 0, called = 0;

  g_assert_cmpstr (day->date, ==, date);
  g_assert_nonnull (day->site);
  tz = gch_site_dup_time_zone (day->site);
  g_assert_cmpstr (gch_site_get_timezone (day->site), ==, "Europe/Paris");
  now = gch_day_local_time (day, now_minutes);
  opening = gch_day_local_time (day, gch_site_get_opens_at (day->site));
  closing = gch_day_local_time (day, gch_site_get_closes_at (day->site));
  g_assert_cmpint (opening, <, closing);

  /* Events: in the order they happened, all of this day, none before
   * opening nor in the future; each about a record of the day. (Those
   * still in the hall at closing time are served after it.)
   */
  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);
      const char *kind = gch_event_get_record_kind (event);
      gint64 at = gch_event_get_at (event);

      if (i > 0)
        g_assert_cmpint (gch_event_get_at (g_ptr_array_index (day->events, i - 1)), <=, at);
      g_assert_cmpint (at, >=, opening);
      g_assert_cmpint (at, <=, now);
      assert_on_date (tz, at, date);

      if (g_str_equal (kind, "entry"))
        g_assert_nonnull (find_entry (day, gch_event_get_record_id (event)));
      else if (g_str_equal (kind, "appointment"))
        g_assert_nonnull (gch_day_find_appointment (day, gch_event_get_record_id (event)));
      else
        g_error ("unknown record kind “%s”", kind);

      if (gch_event_get_guichet (event) != 0)
        g_assert_nonnull (gch_day_find_guichet (day, gch_event_get_guichet (event)));
    }

  /* Appointments: slots inside opening hours, at a guichet that takes the
   * service; status consistent with their events.
   */
  for (guint i = 0; i < day->appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (day->appointments, i);
      const char *reference = gch_appointment_get_reference (appointment);
      GchService *service = gch_appointment_get_service (appointment);
      gint64 starts_at = gch_appointment_get_starts_at (appointment);
      GPtrArray *events = g_hash_table_lookup (appointment_events, reference);
      const char *status = gch_enum_to_nick (GCH_TYPE_APPOINTMENT_STATUS,
                                             gch_appointment_get_status (appointment));
      guint booked_at = gch_appointment_get_guichet (appointment);

      g_assert_true (service == gch_day_find_service (day, gch_service_get_code (service)));
      g_assert_true (gch_service_get_accepts_appointments (service));
      g_assert_cmpint (starts_at, >=, opening);
      g_assert_cmpint (starts_at + gch_appointment_get_duration_minutes (appointment) * 60, <=, closing);
      assert_on_date (tz, starts_at, date);
      if (i > 0)
        g_assert_cmpint (gch_appointment_get_starts_at (g_ptr_array_index (day->appointments, i - 1)),
                         <=, starts_at);

      if (booked_at != 0)
        {
          GchGuichet *guichet = gch_day_find_guichet (day, booked_at);

          g_assert_nonnull (guichet);
          g_assert_true (gch_guichet_handles (guichet, gch_service_get_code (service)));
        }

      if (events == NULL)
        g_assert_cmpstr (status, ==, "booked");
      else
        g_assert_cmpstr (replay (events, "booked", reference), ==, status);
    }

  /* Queue entries */
  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);
      const char *id = gch_queue_entry_get_id (entry);
      const char *ticket = gch_queue_entry_get_ticket (entry);
      GchService *service = gch_queue_entry_get_service (entry);
      GchAppointment *appointment = gch_queue_entry_get_appointment (entry);
      GchEntryState state = gch_queue_entry_get_state (entry);
      GPtrArray *events = g_hash_table_lookup (entry_events, id);
      GchEvent *first, *call, *done;
      gint64 arrived_at = gch_queue_entry_get_arrived_at (entry);
      guint guichet = gch_queue_entry_get_guichet (entry);
      Numbered n;

      /* Tickets: unique in the day, the service's prefix and a number. */
      g_assert_false (g_hash_table_contains (tickets, ticket));
      g_hash_table_add (tickets, (gpointer)ticket);
      n.entry = entry;
      n.arrived_at = arrived_at;
      n.number = ticket_number (entry);
      g_array_append_val (numbered, n);

      g_assert_true (service == gch_day_find_service (day, gch_service_get_code (service)));
      /* Tickets are issued while the doors are open. */
      g_assert_cmpint (arrived_at, >=, opening);
      g_assert_cmpint (arrived_at, <=, MIN (now, closing));
      assert_on_date (tz, arrived_at, date);

      /* The events tell the entry's story: it starts waiting when the
       * ticket is issued, each step starts where the last one ended, and
       * the last one is where the entry stands.
       */
      g_assert_nonnull (events);
      first = g_ptr_array_index (events, 0);
      g_assert_null (gch_event_get_from_state (first));
      g_assert_cmpstr (gch_event_get_to_state (first), ==, "waiting");
      g_assert_cmpint (gch_event_get_at (first), ==, arrived_at);
      g_assert_cmpstr (replay (events, NULL, ticket), ==,
                       gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, state));

      call = find_transition (events, "called");
      done = find_transition (events, "done");
      if (call != NULL)
        {
          called++;
          g_assert_cmpint (gch_queue_entry_get_called_at (entry), ==, gch_event_get_at (call));
          g_assert_cmpuint (gch_event_get_guichet (call), !=, 0);
          g_assert_cmpuint (guichet, ==, gch_event_get_guichet (call));
          g_assert_true (gch_guichet_handles (gch_day_find_guichet (day, guichet),
                                              gch_service_get_code (service)));
        }
      else
        {
          g_assert_cmpint (state, ==, GCH_ENTRY_STATE_WAITING);
          g_assert_cmpint (gch_queue_entry_get_called_at (entry), ==, 0);
        }

      if (state == GCH_ENTRY_STATE_CALLED || state == GCH_ENTRY_STATE_SERVING)
        {
          /* One person at a time at a guichet. */
          g_assert_false (g_hash_table_contains (occupied, GUINT_TO_POINTER (guichet)));
          g_hash_table_add (occupied, GUINT_TO_POINTER (guichet));
          g_assert_true (gch_day_current_for_guichet (day, guichet) == entry);
        }

      if (call != NULL && done != NULL)
        g_assert_cmpint (gch_event_get_at (call), <=, gch_event_get_at (done));

      /* PMR: never called to a guichet without step-free access. */
      if (gch_queue_entry_get_priority (entry) == GCH_PRIORITY_DISABILITY)
        {
          pmr++;
          for (guint j = 0; j < events->len; j++)
            {
              guint at = gch_event_get_guichet (g_ptr_array_index (events, j));

              if (at != 0 && !gch_guichet_get_accessible (gch_day_find_guichet (day, at)))
                g_error ("%s (PMR) was sent to guichet %u, which is not accessible", ticket, at);
            }
          if (guichet != 0 && !gch_guichet_get_accessible (gch_day_find_guichet (day, guichet)))
            g_error ("%s (PMR) waits for guichet %u, which is not accessible", ticket, guichet);
        }

      /* Appointments: the holder's entry, for the booked service, never
       * called before the slot.
       */
      if (appointment != NULL)
        {
          GPtrArray *list = g_hash_table_lookup (entries_of_appointment, appointment);

          with_appointment++;
          g_assert_true (appointment ==
                         gch_day_find_appointment (day, gch_appointment_get_reference (appointment)));
          g_assert_true (gch_appointment_get_service (appointment) == service);
          if (call != NULL)
            g_assert_cmpint (gch_event_get_at (call), >=, gch_appointment_get_starts_at (appointment));
          if (gch_queue_entry_get_late (entry))
            g_assert_cmpint (arrived_at, >, gch_appointment_get_starts_at (appointment));

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (entries_of_appointment, appointment, list);
            }
          g_ptr_array_add (list, entry);
        }
      else
        {
          /* Walk-ins have no slot to be late for. */
          g_assert_false (gch_queue_entry_get_late (entry));
          g_assert_true (gch_service_get_accepts_walk_ins (service));
        }
    }

  /* Each holder who checked in has exactly one ticket; the others none. */
  for (guint i = 0; i < day->appointments->len; i++)
    {
      GchAppointment *appointment = g_ptr_array_index (day->appointments, i);
      GchAppointmentStatus status = gch_appointment_get_status (appointment);
      GPtrArray *list = g_hash_table_lookup (entries_of_appointment, appointment);
      guint count = list ? list->len : 0;

      if (status == GCH_APPOINTMENT_STATUS_CHECKED_IN || status == GCH_APPOINTMENT_STATUS_SERVED)
        g_assert_cmpuint (count, ==, 1);
      else
        g_assert_cmpuint (count, ==, 0);

      if (status == GCH_APPOINTMENT_STATUS_SERVED)
        g_assert_cmpint (gch_queue_entry_get_state (g_ptr_array_index (list, 0)), ==,
                         GCH_ENTRY_STATE_DONE);
    }
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, entries_of_appointment);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_unref (value);
  }

  /* Tickets are numbered 1, 2, 3… per service, in order of arrival. */
  g_array_sort (numbered, compare_numbered);
  for (guint s = 0; s < day->services->len; s++)
    {
      GchService *service = g_ptr_array_index (day->services, s);
      guint expected = 1;

      for (guint i = 0; i < numbered->len; i++)
        {
          Numbered *n = &g_array_index (numbered, Numbered, i);

          if (gch_queue_entry_get_service (n->entry) != service)
            continue;
          if (n->number != expected)
            g_error ("%s should be number %u of %s", gch_queue_entry_get_ticket (n->entry),
                     expected, gch_service_get_code (service));
          expected++;
        }
    }

  /* At no moment of the day is a guichet calling or serving two people. */
  for (guint g = 0; g < day->guichets->len; g++)
    {
      guint number = gch_guichet_get_number (g_ptr_array_index (day->guichets, g));
      g_autoptr(GArray) at_guichet = g_array_new (FALSE, FALSE, sizeof (Interval));

      for (guint i = 0; i < day->entries->len; i++)
        {
          GchQueueEntry *entry = g_ptr_array_index (day->entries, i);
          GPtrArray *events = g_hash_table_lookup (entry_events, gch_queue_entry_get_id (entry));
          GchEvent *call = find_transition (events, "called");
          GchEvent *done = find_transition (events, "done");
          Interval interval;

          if (call == NULL || gch_event_get_guichet (call) != number)
            continue;
          interval.from = gch_event_get_at (call);
          interval.to = done ? gch_event_get_at (done) : G_MAXINT64;
          interval.ticket = gch_queue_entry_get_ticket (entry);
          g_array_append_val (at_guichet, interval);
        }

      g_array_sort (at_guichet, compare_intervals);
      for (guint i = 1; i < at_guichet->len; i++)
        {
          Interval *previous = &g_array_index (at_guichet, Interval, i - 1);
          Interval *next = &g_array_index (at_guichet, Interval, i);

          if (next->from < previous->to)
            g_error ("guichet %u called %s before it was done with %s", number,
                     next->ticket, previous->ticket);
        }
    }

  g_test_message ("%s at %02u:%02u: %u appointments, %u entries (%u with an appointment, "
                  "%u PMR), %u called, %u events",
                  date, now_minutes / 60, now_minutes % 60, day->appointments->len,
                  day->entries->len, with_appointment, pmr, called, day->events->len);
}

/* Tests */

static void
assert_same_day (GchDay *a,
                 GchDay *b)
{
  g_assert_cmpstr (a->date, ==, b->date);
  g_assert_cmpuint (a->appointments->len, ==, b->appointments->len);
  g_assert_cmpuint (a->entries->len, ==, b->entries->len);
  g_assert_cmpuint (a->events->len, ==, b->events->len);

  for (guint i = 0; i < a->appointments->len; i++)
    {
      GchAppointment *x = g_ptr_array_index (a->appointments, i);
      GchAppointment *y = g_ptr_array_index (b->appointments, i);

      g_assert_cmpstr (gch_appointment_get_reference (x), ==, gch_appointment_get_reference (y));
      g_assert_cmpstr (gch_appointment_get_holder_name (x), ==, gch_appointment_get_holder_name (y));
      g_assert_cmpstr (gch_appointment_get_phone (x), ==, gch_appointment_get_phone (y));
      g_assert_cmpstr (gch_appointment_get_dossier_number (x), ==,
                       gch_appointment_get_dossier_number (y));
      g_assert_cmpint (gch_appointment_get_starts_at (x), ==, gch_appointment_get_starts_at (y));
      g_assert_cmpint (gch_appointment_get_status (x), ==, gch_appointment_get_status (y));
      g_assert_cmpuint (gch_appointment_get_guichet (x), ==, gch_appointment_get_guichet (y));
    }

  for (guint i = 0; i < a->entries->len; i++)
    {
      GchQueueEntry *x = g_ptr_array_index (a->entries, i);
      GchQueueEntry *y = g_ptr_array_index (b->entries, i);

      g_assert_cmpstr (gch_queue_entry_get_id (x), ==, gch_queue_entry_get_id (y));
      g_assert_cmpstr (gch_queue_entry_get_ticket (x), ==, gch_queue_entry_get_ticket (y));
      g_assert_cmpint (gch_queue_entry_get_arrived_at (x), ==, gch_queue_entry_get_arrived_at (y));
      g_assert_cmpint (gch_queue_entry_get_called_at (x), ==, gch_queue_entry_get_called_at (y));
      g_assert_cmpint (gch_queue_entry_get_state (x), ==, gch_queue_entry_get_state (y));
      g_assert_cmpint (gch_queue_entry_get_priority (x), ==, gch_queue_entry_get_priority (y));
      g_assert_cmpuint (gch_queue_entry_get_guichet (x), ==, gch_queue_entry_get_guichet (y));
    }

  for (guint i = 0; i < a->events->len; i++)
    {
      GchEvent *x = g_ptr_array_index (a->events, i);
      GchEvent *y = g_ptr_array_index (b->events, i);

      g_assert_cmpstr (gch_event_get_record_id (x), ==, gch_event_get_record_id (y));
      g_assert_cmpint (gch_event_get_at (x), ==, gch_event_get_at (y));
      g_assert_cmpstr (gch_event_get_to_state (x), ==, gch_event_get_to_state (y));
    }
}

static void
test_reproducible (void)
{
  g_autoptr(GchDay) a = gch_demo_generate (GCH_DEMO_SEED, "2026-07-15", GCH_DEMO_TIME);
  g_autoptr(GchDay) other = gch_demo_generate (7, "2026-07-15", GCH_DEMO_TIME);
  g_autoptr(GchDay) b = gch_demo_generate (GCH_DEMO_SEED, "2026-07-15", GCH_DEMO_TIME);

  /* Generating another day in between changes nothing: no hidden state. */
  g_assert_cmpuint (a->entries->len, >, 0);
  assert_same_day (a, b);
}

static void
test_seeds_differ (void)
{
  g_autoptr(GchDay) a = gch_demo_generate (1, "2026-07-15", GCH_DEMO_TIME);
  g_autoptr(GchDay) b = gch_demo_generate (2, "2026-07-15", GCH_DEMO_TIME);
  guint n = MIN (a->appointments->len, b->appointments->len);
  guint same_reference = 0, same_name = 0, same_arrival = 0;

  for (guint i = 0; i < n; i++)
    {
      GchAppointment *x = g_ptr_array_index (a->appointments, i);
      GchAppointment *y = g_ptr_array_index (b->appointments, i);

      same_reference += g_str_equal (gch_appointment_get_reference (x), gch_appointment_get_reference (y));
      same_name += g_str_equal (gch_appointment_get_holder_name (x), gch_appointment_get_holder_name (y));
    }
  for (guint i = 0; i < MIN (a->entries->len, b->entries->len); i++)
    same_arrival += gch_queue_entry_get_arrived_at (g_ptr_array_index (a->entries, i)) ==
                    gch_queue_entry_get_arrived_at (g_ptr_array_index (b->entries, i));

  g_test_message ("seeds 1 and 2: %u/%u same references, %u same names, %u same arrivals",
                  same_reference, n, same_name, same_arrival);

  /* Not one in ten alike: these are different days, not shifted copies. */
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (same_reference, <, n / 10);
  g_assert_cmpuint (same_name, <, n / 10);
  g_assert_cmpuint (same_arrival, <, MIN (a->entries->len, b->entries->len) / 10 + 1);
}

static void
test_size (void)
{
  static const guint32 seeds[] = { GCH_DEMO_SEED, 1, 2, 3 };

  for (guint k = 0; k < G_N_ELEMENTS (seeds); k++)
    {
      g_autoptr(GchDay) day = gch_demo_generate (seeds[k], "2026-07-15", GCH_DEMO_TIME);
      g_autoptr(GHashTable) services_used = g_hash_table_new (NULL, NULL);
      g_autoptr(GHashTable) guichets_used = g_hash_table_new (NULL, NULL);
      guint appointment_services = 0;

      g_test_message ("seed %u: %u appointments", seeds[k], day->appointments->len);
      g_assert_cmpuint (day->appointments->len, >=, 500);
      g_assert_cmpuint (day->appointments->len, <=, 700);
      g_assert_cmpuint (day->services->len, ==, 6);
      g_assert_cmpuint (day->guichets->len, ==, 8);

      for (guint i = 0; i < day->appointments->len; i++)
        {
          GchAppointment *appointment = g_ptr_array_index (day->appointments, i);

          g_hash_table_add (services_used, gch_appointment_get_service (appointment));
          g_hash_table_add (guichets_used, GUINT_TO_POINTER (gch_appointment_get_guichet (appointment)));
        }

      /* Every service that takes appointments has some, every guichet is booked. */
      for (guint s = 0; s < day->services->len; s++)
        {
          GchService *service = g_ptr_array_index (day->services, s);

          if (gch_service_get_accepts_appointments (service))
            {
              appointment_services++;
              g_assert_true (g_hash_table_contains (services_used, service));
            }
        }
      g_assert_cmpuint (appointment_services, ==, g_hash_table_size (services_used));
      g_assert_cmpuint (appointment_services, >=, 5);
      for (guint g = 0; g < day->guichets->len; g++)
        g_assert_true (g_hash_table_contains (guichets_used,
                                              GUINT_TO_POINTER (gch_guichet_get_number (g_ptr_array_index (day->guichets, g)))));

      /* At 10:30 some have been served, some are at a guichet, some wait. */
      {
        guint waiting = 0, at_guichet = 0, done = 0;

        for (guint i = 0; i < day->entries->len; i++)
          switch (gch_queue_entry_get_state (g_ptr_array_index (day->entries, i)))
            {
            case GCH_ENTRY_STATE_WAITING: waiting++; break;
            case GCH_ENTRY_STATE_CALLED:
            case GCH_ENTRY_STATE_SERVING: at_guichet++; break;
            case GCH_ENTRY_STATE_DONE: done++; break;
            case GCH_ENTRY_STATE_ON_HOLD:
            case GCH_ENTRY_STATE_NO_SHOW:
            case GCH_ENTRY_STATE_LEFT:
            case GCH_ENTRY_STATE_TRANSFERRED:
            case GCH_ENTRY_STATE_CANCELLED:
            default: break;
            }

        g_test_message ("seed %u at 10:30: %u waiting, %u at a guichet, %u done",
                        seeds[k], waiting, at_guichet, done);
        g_assert_cmpuint (waiting, >, 0);
        g_assert_cmpuint (at_guichet, >, 0);
        g_assert_cmpuint (done, >, 0);
      }
    }
}

static void
test_walk_in_peak (void)
{
  static const guint32 seeds[] = { GCH_DEMO_SEED, 1, 2, 3, 4 };

  for (guint k = 0; k < G_N_ELEMENTS (seeds); k++)
    {
      g_autoptr(GchDay) day = gch_demo_generate (seeds[k], "2026-07-15", 17 * 60);
      g_autoptr(GTimeZone) tz = gch_site_dup_time_zone (day->site);
      guint morning = 0, afternoon = 0, walk_ins = 0;

      for (guint i = 0; i < day->entries->len; i++)
        {
          GchQueueEntry *entry = g_ptr_array_index (day->entries, i);
          guint minutes;

          if (gch_queue_entry_get_appointment (entry) != NULL)
            continue;

          walk_ins++;
          minutes = local_minutes (tz, gch_queue_entry_get_arrived_at (entry), NULL);
          if (minutes >= 9 * 60 && minutes < 11 * 60)
            morning++;
          else if (minutes >= 14 * 60 && minutes < 16 * 60)
            afternoon++;
        }

      g_test_message ("seed %u: %u walk-ins, %u from 9:00 to 11:00, %u from 14:00 to 16:00",
                      seeds[k], walk_ins, morning, afternoon);
      g_assert_cmpuint (walk_ins, >, 0);
      g_assert_cmpuint (morning, >, afternoon);
    }
}

typedef struct
{
  guint32     seed;
  const char *date;
  guint       minutes;
} DayCase;

static void
test_consistent (gconstpointer data)
{
  const DayCase *c = data;
  g_autoptr(GchDay) day = gch_demo_generate (c->seed, c->date, c->minutes);

  g_assert_nonnull (day);
  check_day (day, c->date, c->minutes);
}

static const DayCase day_cases[] = {
  { GCH_DEMO_SEED, "2026-07-15", GCH_DEMO_TIME },   /* summer, UTC+2 */
  { GCH_DEMO_SEED, "2026-12-15", GCH_DEMO_TIME },   /* winter, UTC+1 */
  { GCH_DEMO_SEED, "2026-03-29", GCH_DEMO_TIME },   /* clocks go forward at 2:00 */
  { GCH_DEMO_SEED, "2026-10-25", GCH_DEMO_TIME },   /* clocks go back at 3:00 */
  { GCH_DEMO_SEED, "2026-07-15", 8 * 60 + 30 },     /* opening */
  { GCH_DEMO_SEED, "2026-07-15", 13 * 60 },
  { GCH_DEMO_SEED, "2026-07-15", 17 * 60 },         /* closing */
  { GCH_DEMO_SEED, "2026-07-15", 23 * 60 + 59 },    /* the whole day */
  { GCH_DEMO_SEED, "2026-03-29", 23 * 60 + 59 },
  { 1, "2026-07-15", GCH_DEMO_TIME },
  { 2, "2026-12-15", GCH_DEMO_TIME },
  { 3, "2026-03-29", 15 * 60 },
};

/* The demo's register, at the server: a supervisor opening Ctrl+5 finds
 * records at every step, some of them overdue, and contacts people gave
 * (a station gets the records without them: /feedback-sync/demo-register).
 * Seven days in a row, so that every weekday is the demo's today once.
 */
static void
test_register (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("guichet-demo-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint d = 0; d < 7; d++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02u", 16 + d);
      g_autofree char *server_path = g_build_filename (dir, "server.sqlite", NULL);
      g_autoptr(GchStore) server = gch_demo_create_store (server_path, GCH_DEMO_SEED, date,
                                                         GCH_DEMO_TIME, &error);
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
      g_autoptr(GPtrArray) at_server = NULL;
      gint64 now = gch_demo_start_time (date, GCH_DEMO_TIME);
      guint statuses = 0, overdue = 0, contacts = 0;

      g_assert_no_error (error);
      g_assert_true (gch_demo_add_register (server, GCH_DEMO_SEED, date, &error));
      g_assert_no_error (error);

      at_server = gch_store_list_feedback (server, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (at_server->len, >=, 8);

      for (guint i = 0; i < at_server->len; i++)
        {
          GchFeedback *record = g_ptr_array_index (at_server, i);

          statuses |= 1u << gch_feedback_get_status (record);
          /* Whoever did a step is named in the history. */
          g_assert_nonnull (gch_feedback_get_done_by (record, GCH_FEEDBACK_STATUS_RECEIVED));
          if (gch_feedback_get_status (record) == GCH_FEEDBACK_STATUS_CLOSED)
            g_assert_cmpstr (gch_feedback_get_done_by (record, GCH_FEEDBACK_STATUS_CLOSED), ==,
                             "f.roux");
          overdue += gch_feedback_is_overdue (record, now, zone);
          g_assert_cmpint (gch_feedback_get_received_at (record), <, now);
          g_assert_cmpint (gch_feedback_get_closed_at (record), <, now);
          if (gch_feedback_get_status (record) >= GCH_FEEDBACK_STATUS_ANSWERED &&
              gch_feedback_get_answer_required (record))
            g_assert_cmpuint (gch_feedback_get_n_answers (record), >, 0);

          g_assert_true (gch_store_read_feedback_contact (server, record, "f.roux",
                                                          GCH_AGENT_ROLE_SUPERVISOR, now, &error));
          g_assert_no_error (error);
          contacts += gch_feedback_has_contact (record);
        }

      g_assert_cmphex (statuses, ==, (1u << (GCH_FEEDBACK_STATUS_CLOSED + 1)) - 1);
      g_assert_cmpuint (overdue, >=, 1);
      g_assert_cmpuint (contacts, >=, 1);
    }

  gch_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/reproducible", test_reproducible);
  g_test_add_func ("/demo/seeds-differ", test_seeds_differ);
  g_test_add_func ("/demo/size", test_size);
  g_test_add_func ("/demo/walk-in-peak", test_walk_in_peak);
  g_test_add_func ("/demo/register", test_register);

  for (guint i = 0; i < G_N_ELEMENTS (day_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/demo/consistent/seed-%u/%s/%02u%02u",
                                               day_cases[i].seed, day_cases[i].date,
                                               day_cases[i].minutes / 60,
                                               day_cases[i].minutes % 60);

      g_test_add_data_func (path, &day_cases[i], test_consistent);
    }

  return g_test_run ();
}
