/* gch-test-day.c
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

#include <glib/gstdio.h>

#include "gch-test-day.h"

/* Every field of every object, so that a copy that went through the store
 * or the wire can be checked to be the same. Links to other objects
 * (an appointment's service, an entry's appointment) are compared by key.
 */

/**
 * gch_test_assert_strv_equal:
 *
 * %NULL and an empty list both mean "none".
 */
void
gch_test_assert_strv_equal (const char * const *a,
                            const char * const *b)
{
  guint na = a ? g_strv_length ((char **) a) : 0;
  guint nb = b ? g_strv_length ((char **) b) : 0;

  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

void
gch_test_assert_site_equal (GchSite *a,
                            GchSite *b)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;

  g_assert_cmpstr (gch_site_get_code (a), ==, gch_site_get_code (b));
  g_assert_cmpstr (gch_site_get_name (a), ==, gch_site_get_name (b));
  g_assert_cmpstr (gch_site_get_timezone (a), ==, gch_site_get_timezone (b));
  g_assert_cmpuint (gch_site_get_opens_at (a), ==, gch_site_get_opens_at (b));
  g_assert_cmpuint (gch_site_get_closes_at (a), ==, gch_site_get_closes_at (b));
  g_assert_cmpint (gch_site_get_mode (a), ==, gch_site_get_mode (b));
}

void
gch_test_assert_service_equal (GchService *a,
                               GchService *b)
{
  g_assert_cmpstr (gch_service_get_code (a), ==, gch_service_get_code (b));
  g_assert_cmpstr (gch_service_get_name (a), ==, gch_service_get_name (b));
  g_assert_cmpstr (gch_service_get_prefix (a), ==, gch_service_get_prefix (b));
  g_assert_cmpuint (gch_service_get_typical_minutes (a), ==, gch_service_get_typical_minutes (b));
  gch_test_assert_strv_equal (gch_service_get_documents (a), gch_service_get_documents (b));
  g_assert_cmpuint (gch_service_get_walk_in_cap (a), ==, gch_service_get_walk_in_cap (b));
  g_assert_cmpuint (gch_service_get_max_wait_minutes (a), ==, gch_service_get_max_wait_minutes (b));
  g_assert_cmpuint (gch_service_get_max_waiting_per_guichet (a), ==,
                    gch_service_get_max_waiting_per_guichet (b));
  g_assert_cmpint (gch_service_get_accepts_appointments (a), ==,
                   gch_service_get_accepts_appointments (b));
  g_assert_cmpint (gch_service_get_accepts_walk_ins (a), ==, gch_service_get_accepts_walk_ins (b));
}

void
gch_test_assert_guichet_equal (GchGuichet *a,
                               GchGuichet *b)
{
  g_assert_cmpuint (gch_guichet_get_number (a), ==, gch_guichet_get_number (b));
  g_assert_cmpstr (gch_guichet_get_label (a), ==, gch_guichet_get_label (b));
  g_assert_cmpint (gch_guichet_get_accessible (a), ==, gch_guichet_get_accessible (b));
  gch_test_assert_strv_equal (gch_guichet_get_services (a), gch_guichet_get_services (b));
  g_assert_cmpint (gch_guichet_get_state (a), ==, gch_guichet_get_state (b));
  g_assert_cmpstr (gch_guichet_get_agent_id (a), ==, gch_guichet_get_agent_id (b));
}

void
gch_test_assert_agent_equal (GchAgent *a,
                             GchAgent *b)
{
  g_assert_cmpstr (gch_agent_get_id (a), ==, gch_agent_get_id (b));
  g_assert_cmpstr (gch_agent_get_name (a), ==, gch_agent_get_name (b));
  g_assert_cmpint (gch_agent_get_role (a), ==, gch_agent_get_role (b));
}

void
gch_test_assert_appointment_equal (GchAppointment *a,
                                   GchAppointment *b)
{
  g_assert_cmpstr (gch_appointment_get_reference (a), ==, gch_appointment_get_reference (b));
  g_assert_cmpstr (gch_service_get_code (gch_appointment_get_service (a)), ==,
                   gch_service_get_code (gch_appointment_get_service (b)));
  g_assert_cmpint (gch_appointment_get_starts_at (a), ==, gch_appointment_get_starts_at (b));
  g_assert_cmpuint (gch_appointment_get_duration_minutes (a), ==,
                    gch_appointment_get_duration_minutes (b));
  g_assert_cmpuint (gch_appointment_get_persons (a), ==, gch_appointment_get_persons (b));
  g_assert_cmpstr (gch_appointment_get_holder_name (a), ==, gch_appointment_get_holder_name (b));
  g_assert_cmpstr (gch_appointment_get_phone (a), ==, gch_appointment_get_phone (b));
  g_assert_cmpstr (gch_appointment_get_email (a), ==, gch_appointment_get_email (b));
  g_assert_cmpstr (gch_appointment_get_dossier_number (a), ==,
                   gch_appointment_get_dossier_number (b));
  g_assert_cmpstr (gch_appointment_get_predemande_number (a), ==,
                   gch_appointment_get_predemande_number (b));
  g_assert_cmpint (gch_appointment_get_status (a), ==, gch_appointment_get_status (b));
  g_assert_cmpuint (gch_appointment_get_guichet (a), ==, gch_appointment_get_guichet (b));
  g_assert_cmpint (gch_appointment_get_version (a), ==, gch_appointment_get_version (b));
}

void
gch_test_assert_entry_equal (GchQueueEntry *a,
                             GchQueueEntry *b)
{
  GchAppointment *appointment_a = gch_queue_entry_get_appointment (a);
  GchAppointment *appointment_b = gch_queue_entry_get_appointment (b);

  g_assert_cmpstr (gch_queue_entry_get_id (a), ==, gch_queue_entry_get_id (b));
  g_assert_cmpstr (gch_queue_entry_get_ticket (a), ==, gch_queue_entry_get_ticket (b));
  g_assert_cmpstr (gch_service_get_code (gch_queue_entry_get_service (a)), ==,
                   gch_service_get_code (gch_queue_entry_get_service (b)));
  g_assert_cmpint (gch_queue_entry_get_priority (a), ==, gch_queue_entry_get_priority (b));
  g_assert_cmpint (gch_queue_entry_get_arrived_at (a), ==, gch_queue_entry_get_arrived_at (b));
  g_assert_true ((appointment_a == NULL) == (appointment_b == NULL));
  if (appointment_a != NULL)
    g_assert_cmpstr (gch_appointment_get_reference (appointment_a), ==,
                     gch_appointment_get_reference (appointment_b));
  g_assert_cmpint (gch_queue_entry_get_late (a), ==, gch_queue_entry_get_late (b));
  g_assert_cmpstr (gch_queue_entry_get_transferred_from (a), ==,
                   gch_queue_entry_get_transferred_from (b));
  g_assert_cmpint (gch_queue_entry_get_state (a), ==, gch_queue_entry_get_state (b));
  g_assert_cmpuint (gch_queue_entry_get_guichet (a), ==, gch_queue_entry_get_guichet (b));
  g_assert_cmpint (gch_queue_entry_get_called_at (a), ==, gch_queue_entry_get_called_at (b));
  g_assert_cmpuint (gch_queue_entry_get_recalls (a), ==, gch_queue_entry_get_recalls (b));
  g_assert_cmpstr (gch_queue_entry_get_outcome (a), ==, gch_queue_entry_get_outcome (b));
  g_assert_cmpstr (gch_queue_entry_get_notes (a), ==, gch_queue_entry_get_notes (b));
  g_assert_cmpint (gch_queue_entry_get_printed_at (a), ==, gch_queue_entry_get_printed_at (b));
  g_assert_cmpint (gch_queue_entry_get_satisfaction (a), ==, gch_queue_entry_get_satisfaction (b));
  g_assert_cmpint (gch_queue_entry_get_version (a), ==, gch_queue_entry_get_version (b));
}

void
gch_test_assert_event_equal (GchEvent *a,
                             GchEvent *b)
{
  g_assert_cmpint (gch_event_get_seq (a), ==, gch_event_get_seq (b));
  g_assert_cmpstr (gch_event_get_record_kind (a), ==, gch_event_get_record_kind (b));
  g_assert_cmpstr (gch_event_get_record_id (a), ==, gch_event_get_record_id (b));
  g_assert_cmpint (gch_event_get_at (a), ==, gch_event_get_at (b));
  g_assert_cmpstr (gch_event_get_actor (a), ==, gch_event_get_actor (b));
  g_assert_cmpuint (gch_event_get_guichet (a), ==, gch_event_get_guichet (b));
  g_assert_cmpstr (gch_event_get_from_state (a), ==, gch_event_get_from_state (b));
  g_assert_cmpstr (gch_event_get_to_state (a), ==, gch_event_get_to_state (b));
  g_assert_cmpstr (gch_event_get_detail (a), ==, gch_event_get_detail (b));
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

/**
 * gch_test_assert_days_equal:
 *
 * Every field of every object of @expected, found in @actual by its key
 * (the store gives them back in its own order), with the links of
 * @actual's appointments and entries leading to @actual's own objects.
 * Events are compared in order. The profile of past days is left out: it
 * is the store's to compute.
 */
void
gch_test_assert_days_equal (GchDay *expected,
                            GchDay *actual)
{
  g_assert_cmpstr (expected->date, ==, actual->date);
  gch_test_assert_site_equal (expected->site, actual->site);

  g_assert_cmpuint (expected->services->len, ==, actual->services->len);
  for (guint i = 0; i < expected->services->len; i++)
    gch_test_assert_service_equal (g_ptr_array_index (expected->services, i),
                                   g_ptr_array_index (actual->services, i));

  g_assert_cmpuint (expected->guichets->len, ==, actual->guichets->len);
  for (guint i = 0; i < expected->guichets->len; i++)
    {
      GchGuichet *a = g_ptr_array_index (expected->guichets, i);
      GchGuichet *b = gch_day_find_guichet (actual, gch_guichet_get_number (a));

      g_assert_nonnull (b);
      gch_test_assert_guichet_equal (a, b);
    }

  g_assert_cmpuint (expected->agents->len, ==, actual->agents->len);
  for (guint i = 0; i < expected->agents->len; i++)
    {
      GchAgent *a = g_ptr_array_index (expected->agents, i);
      GchAgent *b = gch_day_find_agent (actual, gch_agent_get_id (a));

      g_assert_nonnull (b);
      gch_test_assert_agent_equal (a, b);
    }

  g_assert_cmpuint (expected->appointments->len, ==, actual->appointments->len);
  for (guint i = 0; i < expected->appointments->len; i++)
    {
      GchAppointment *a = g_ptr_array_index (expected->appointments, i);
      GchAppointment *b = gch_day_find_appointment (actual, gch_appointment_get_reference (a));
      const char *code;

      g_assert_nonnull (b);
      gch_test_assert_appointment_equal (a, b);
      code = gch_service_get_code (gch_appointment_get_service (b));
      g_assert_true (gch_appointment_get_service (b) == gch_day_find_service (actual, code));
    }

  g_assert_cmpuint (expected->entries->len, ==, actual->entries->len);
  for (guint i = 0; i < expected->entries->len; i++)
    {
      GchQueueEntry *a = g_ptr_array_index (expected->entries, i);
      GchQueueEntry *b = find_entry (actual, gch_queue_entry_get_id (a));
      GchAppointment *appointment;
      const char *code;

      g_assert_nonnull (b);
      gch_test_assert_entry_equal (a, b);
      code = gch_service_get_code (gch_queue_entry_get_service (b));
      g_assert_true (gch_queue_entry_get_service (b) == gch_day_find_service (actual, code));
      appointment = gch_queue_entry_get_appointment (b);
      if (appointment != NULL)
        {
          const char *reference = gch_appointment_get_reference (appointment);

          g_assert_true (appointment == gch_day_find_appointment (actual, reference));
        }
    }

  g_assert_cmpuint (expected->events->len, ==, actual->events->len);
  for (guint i = 0; i < expected->events->len; i++)
    gch_test_assert_event_equal (g_ptr_array_index (expected->events, i),
                                 g_ptr_array_index (actual->events, i));
}

/**
 * gch_test_new_demo_station:
 * @dir: where the station's database is created, with the demo day @date
 * @name: its file name, and the station's name
 *
 * Returns: (transfer full): a station, its clock frozen at the demo's time
 *   and its day loaded
 */
GchStation *
gch_test_new_demo_station (const char *dir,
                           const char *name,
                           const char *date)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GchStore) store = gch_demo_create_store (path, GCH_DEMO_SEED, date, GCH_DEMO_TIME, &error);
  g_autoptr(GchClock) clock = gch_clock_new_frozen (gch_demo_start_time (date, GCH_DEMO_TIME));
  GchStation *station;

  g_assert_no_error (error);
  station = gch_station_new (store, clock, name);
  gch_station_set_day (station, gch_store_load_day (store, date, &error));
  g_assert_no_error (error);

  return station;
}

/**
 * gch_test_remove_tree:
 * @path: a file, or a folder removed with all it holds
 */
void
gch_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* A test may have taken the write permission away. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          gch_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}
