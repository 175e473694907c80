/* test-feedback.c: a record of the suggestions and complaints register
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

/* The dates below were worked out on a 2026 calendar by hand: Easter is
 * 5 April 2026 (Easter Monday 6 April, Ascension 14 May, Whit Monday 25
 * May), 20 April 2025 and 31 March 2024.
 */

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "guichet.h"

static GTimeZone *paris;

/* Seconds since the epoch of a wall-clock time in Paris. */
static gint64
at_paris (int year,
          int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (paris, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time);
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  char text[16];

  g_assert_true (g_date_valid (date));
  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  g_assert_cmpstr (text, ==, expected);
}

static GDate
dmy (int day,
     int month,
     int year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return date;
}

static GchFeedback *
new_complaint (GchFeedbackChannel channel,
               gint64             received_at)
{
  g_autoptr(GError) error = NULL;
  GchFeedback *feedback = gch_feedback_new ("3f1c7a52-0d4e-4b8e-9a51-6a0f0c1d2e3f",
                                            GCH_FEEDBACK_KIND_COMPLAINT, channel,
                                            GCH_FEEDBACK_CATEGORY_WAITING_TIME, received_at,
                                            "Two hours of waiting for a passport.", &error);

  g_assert_no_error (error);
  return feedback;
}

static void
test_holidays (void)
{
  static const struct { int d, m, y; gboolean holiday; } days[] = {
    { 1, 1, 2026, TRUE }, { 5, 4, 2026, FALSE /* Easter Sunday, a Sunday anyway */ },
    { 6, 4, 2026, TRUE }, { 7, 4, 2026, FALSE }, { 1, 5, 2026, TRUE }, { 8, 5, 2026, TRUE },
    { 14, 5, 2026, TRUE }, { 15, 5, 2026, FALSE }, { 25, 5, 2026, TRUE }, { 14, 7, 2026, TRUE },
    { 15, 8, 2026, TRUE }, { 1, 11, 2026, TRUE }, { 11, 11, 2026, TRUE }, { 25, 12, 2026, TRUE },
    { 26, 12, 2026, FALSE }, { 21, 4, 2025, TRUE }, { 22, 4, 2025, FALSE },
    { 29, 5, 2025, TRUE }, { 9, 6, 2025, TRUE }, { 1, 4, 2024, TRUE }, { 9, 5, 2024, TRUE },
    { 20, 5, 2024, TRUE }, { 21, 5, 2024, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      GDate date = dmy (days[i].d, days[i].m, days[i].y);

      g_test_message ("%02d/%02d/%d", days[i].d, days[i].m, days[i].y);
      g_assert_cmpint (gch_date_is_public_holiday (&date), ==, days[i].holiday);
    }
}

static void
test_settings_delays (void)
{
  g_autoptr(GVariant) delays = g_variant_ref_sink (
    g_variant_new_parsed ("{'email': uint32 3, 'letter': 15, 'fax': 2, 'phone': 0}"));
  GchFeedbackSettings settings;

  gch_feedback_settings_init (&settings);
  gch_feedback_settings_read_delays (&settings, delays);
  g_assert_cmpuint (settings.delay_days[GCH_FEEDBACK_CHANNEL_EMAIL], ==, 3);
  g_assert_cmpuint (settings.delay_days[GCH_FEEDBACK_CHANNEL_LETTER], ==, 15);
  /* Left out, or out of range: the default stays. */
  g_assert_cmpuint (settings.delay_days[GCH_FEEDBACK_CHANNEL_PHONE], ==, 5);
  g_assert_cmpuint (settings.delay_days[GCH_FEEDBACK_CHANNEL_WEB_FORM], ==, 5);
  g_assert_cmpuint (settings.delay_days[GCH_FEEDBACK_CHANNEL_GUICHET], ==, 10);
}

static void
test_working_days (void)
{
  GDate saturday = dmy (7, 3, 2026);
  GDate monday = dmy (9, 3, 2026);
  GDate friday = dmy (13, 3, 2026);
  GDate date = dmy (13, 3, 2026);

  g_assert_false (gch_date_is_working_day (&saturday));
  g_assert_true (gch_date_is_working_day (&monday));

  /* Friday + 1 working day is the Monday after. */
  gch_date_add_working_days (&date, 1);
  assert_date (&date, "2026-03-16");

  g_assert_cmpint (gch_working_days_between (&monday, &friday), ==, 4);
  g_assert_cmpint (gch_working_days_between (&friday, &monday), ==, -4);
  g_assert_cmpint (gch_working_days_between (&friday, &friday), ==, 0);
  g_assert_cmpint (gch_working_days_between (&saturday, &monday), ==, 1);
}

static void
test_due_dates (void)
{
  static const struct {
    GchFeedbackChannel channel;
    int d, m, hour;
    const char *due;
  } cases[] = {
    /* Friday + 5 working days: the next Friday. */
    { GCH_FEEDBACK_CHANNEL_EMAIL, 6, 3, 10, "2026-03-13" },
    /* Over Easter Monday. */
    { GCH_FEEDBACK_CHANNEL_EMAIL, 2, 4, 10, "2026-04-10" },
    /* A letter over 1 May, 8 May and Ascension. */
    { GCH_FEEDBACK_CHANNEL_LETTER, 30, 4, 10, "2026-05-19" },
    /* By phone over Whit Monday. */
    { GCH_FEEDBACK_CHANNEL_PHONE, 22, 5, 10, "2026-06-01" },
    { GCH_FEEDBACK_CHANNEL_WEB_FORM, 6, 3, 10, "2026-03-13" },
    { GCH_FEEDBACK_CHANNEL_GUICHET, 6, 3, 10, "2026-03-20" },
    /* Received on a Saturday: the count starts on Monday. */
    { GCH_FEEDBACK_CHANNEL_EMAIL, 7, 3, 10, "2026-03-13" },
  };
  GchFeedbackSettings settings;

  gch_feedback_settings_init (&settings);
  g_assert_cmpuint (settings.delay_days[GCH_FEEDBACK_CHANNEL_EMAIL], ==, 5);
  g_assert_cmpuint (settings.delay_days[GCH_FEEDBACK_CHANNEL_LETTER], ==, 10);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GchFeedback) feedback =
        new_complaint (cases[i].channel, at_paris (2026, cases[i].m, cases[i].d, cases[i].hour, 0));

      gch_feedback_compute_due_date (feedback, &settings, paris);
      assert_date (gch_feedback_get_due_date (feedback), cases[i].due);
    }
}

static void
test_due_date_site_zone (void)
{
  GchFeedbackSettings settings;
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 3, 5, 23, 30, 0);

  /* 23:30 UTC on Thursday is 00:30 on Friday in Paris: the site's day counts. */
  gch_feedback_settings_init (&settings);
  feedback = new_complaint (GCH_FEEDBACK_CHANNEL_EMAIL, g_date_time_to_unix (utc));
  gch_feedback_compute_due_date (feedback, &settings, paris);
  assert_date (gch_feedback_get_due_date (feedback), "2026-03-13");

  /* A longer delay in the settings moves it. */
  settings.delay_days[GCH_FEEDBACK_CHANNEL_EMAIL] = 6;
  gch_feedback_compute_due_date (feedback, &settings, paris);
  assert_date (gch_feedback_get_due_date (feedback), "2026-03-16");
}

static void
test_overdue (void)
{
  GchFeedbackSettings settings;
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GchClock) clock = gch_clock_new_frozen (at_paris (2026, 3, 10, 9, 0));

  gch_feedback_settings_init (&settings);
  feedback = new_complaint (GCH_FEEDBACK_CHANNEL_EMAIL, at_paris (2026, 3, 6, 10, 0));
  gch_feedback_compute_due_date (feedback, &settings, paris);

  /* Due Friday 13: on Tuesday, 3 working days are left. */
  g_assert_false (gch_feedback_is_overdue (feedback, gch_clock_now (clock), paris));
  g_assert_false (gch_feedback_is_nearly_due (feedback, gch_clock_now (clock), paris));

  /* Thursday: one working day left. */
  gch_clock_set_frozen (clock, at_paris (2026, 3, 12, 9, 0));
  g_assert_true (gch_feedback_is_nearly_due (feedback, gch_clock_now (clock), paris));
  g_assert_false (gch_feedback_is_overdue (feedback, gch_clock_now (clock), paris));

  /* Friday evening: due today, not yet late. */
  gch_clock_set_frozen (clock, at_paris (2026, 3, 13, 23, 59));
  g_assert_true (gch_feedback_is_nearly_due (feedback, gch_clock_now (clock), paris));
  g_assert_false (gch_feedback_is_overdue (feedback, gch_clock_now (clock), paris));

  /* Saturday just after midnight: late. */
  gch_clock_set_frozen (clock, at_paris (2026, 3, 14, 0, 1));
  g_assert_true (gch_feedback_is_overdue (feedback, gch_clock_now (clock), paris));
  g_assert_false (gch_feedback_is_nearly_due (feedback, gch_clock_now (clock), paris));

  /* Answered, even late, it is no longer overdue. */
  g_assert_true (gch_feedback_acknowledge (feedback, gch_clock_now (clock), &error));
  g_assert_no_error (error);
  g_assert_true (gch_feedback_answer (feedback, "Claire Martin", "We are sorry for the wait.",
                                      gch_clock_now (clock), &error));
  g_assert_no_error (error);
  g_assert_false (gch_feedback_is_overdue (feedback, gch_clock_now (clock), paris));

  /* A record with no answer required is never late. */
  g_clear_object (&feedback);
  feedback = new_complaint (GCH_FEEDBACK_CHANNEL_EMAIL, at_paris (2026, 3, 6, 10, 0));
  gch_feedback_compute_due_date (feedback, &settings, paris);
  gch_feedback_set_answer_required (feedback, FALSE);
  g_assert_false (gch_feedback_is_overdue (feedback, gch_clock_now (clock), paris));
}

static void
test_nearly_due_over_weekend (void)
{
  GchFeedbackSettings settings;
  g_autoptr(GchFeedback) feedback = NULL;

  /* Received Monday 9 by e-mail: due Monday 16. On Friday 13 it is one
   * working day away, the weekend does not count.
   */
  gch_feedback_settings_init (&settings);
  feedback = new_complaint (GCH_FEEDBACK_CHANNEL_EMAIL, at_paris (2026, 3, 9, 10, 0));
  gch_feedback_compute_due_date (feedback, &settings, paris);
  assert_date (gch_feedback_get_due_date (feedback), "2026-03-16");
  g_assert_true (gch_feedback_is_nearly_due (feedback, at_paris (2026, 3, 13, 9, 0), paris));
  g_assert_false (gch_feedback_is_nearly_due (feedback, at_paris (2026, 3, 12, 9, 0), paris));
}

static void
test_workflow (void)
{
  g_autoptr(GchFeedback) feedback = new_complaint (GCH_FEEDBACK_CHANNEL_GUICHET, 1000);
  g_autoptr(GError) error = NULL;
  const GchFeedbackForward *forward;
  const GchFeedbackAnswer *answer;
  gint64 version = gch_feedback_get_version (feedback);

  g_assert_cmpint (gch_feedback_get_status (feedback), ==, GCH_FEEDBACK_STATUS_RECEIVED);
  g_assert_true (gch_feedback_get_answer_required (feedback));

  /* Not answered before it is acknowledged, not closed before it is answered. */
  g_assert_false (gch_feedback_answer (feedback, "Claire", "Sorry.", 1100, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_TRANSITION);
  g_assert_nonnull (strstr (error->message, "Acknowledge"));
  g_clear_error (&error);
  g_assert_false (gch_feedback_start (feedback, 1100, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_TRANSITION);
  g_assert_cmpstr (error->message, ==, "A record that is “Received” cannot become “In progress”.");
  g_clear_error (&error);
  g_assert_cmpint (gch_feedback_get_status (feedback), ==, GCH_FEEDBACK_STATUS_RECEIVED);
  g_assert_cmpint (gch_feedback_get_version (feedback), ==, version);

  g_assert_true (gch_feedback_acknowledge (feedback, 1200, &error));
  g_assert_cmpint (gch_feedback_get_acknowledged_at (feedback), ==, 1200);
  g_assert_false (gch_feedback_close (feedback, 1250, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_true (gch_feedback_start (feedback, 1300, &error));
  g_assert_cmpint (gch_feedback_get_status (feedback), ==, GCH_FEEDBACK_STATUS_IN_PROGRESS);

  /* A forward is kept with who, to whom and when, the state stays. */
  g_assert_false (gch_feedback_forward (feedback, "Claire", "  ", 1350, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (gch_feedback_forward (feedback, "Claire", "Permis de conduire", 1400, &error));
  g_assert_cmpuint (gch_feedback_get_n_forwards (feedback), ==, 1);
  forward = gch_feedback_get_forward (feedback, 0);
  g_assert_cmpstr (forward->by, ==, "Claire");
  g_assert_cmpstr (forward->to, ==, "Permis de conduire");
  g_assert_cmpint (forward->at, ==, 1400);
  g_assert_cmpint (gch_feedback_get_status (feedback), ==, GCH_FEEDBACK_STATUS_IN_PROGRESS);

  g_assert_true (gch_feedback_answer (feedback, "Marc", "We open a guichet earlier.", 1500, &error));
  g_assert_true (gch_feedback_answer (feedback, "Marc", "It is open since Monday.", 1600, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_feedback_get_status (feedback), ==, GCH_FEEDBACK_STATUS_ANSWERED);
  g_assert_cmpuint (gch_feedback_get_n_answers (feedback), ==, 2);
  answer = gch_feedback_get_answer (feedback, 0);
  g_assert_cmpstr (answer->text, ==, "We open a guichet earlier.");
  g_assert_cmpstr (answer->author, ==, "Marc");
  g_assert_cmpint (gch_feedback_get_first_answer_at (feedback), ==, 1500);

  g_assert_true (gch_feedback_close (feedback, 1700, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_feedback_get_closed_at (feedback), ==, 1700);
  g_assert_cmpint (gch_feedback_get_version (feedback), >, version);

  /* An answer to a closed record is refused, and the answers stay as they were. */
  g_assert_false (gch_feedback_answer (feedback, "Marc", "One more thing.", 1800, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_TRANSITION);
  g_assert_cmpstr (error->message, ==, "This record is closed: it can no longer be answered.");
  g_clear_error (&error);
  g_assert_cmpuint (gch_feedback_get_n_answers (feedback), ==, 2);
  g_assert_false (gch_feedback_forward (feedback, "Marc", "Titres", 1800, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_false (gch_feedback_acknowledge (feedback, 1800, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_cmpint (gch_feedback_get_status (feedback), ==, GCH_FEEDBACK_STATUS_CLOSED);
}

static void
test_close_without_answer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchFeedback) feedback = gch_feedback_new ("c0ffee", GCH_FEEDBACK_KIND_COMPLIMENT,
                                                      GCH_FEEDBACK_CHANNEL_GUICHET,
                                                      GCH_FEEDBACK_CATEGORY_RECEPTION, 1000,
                                                      "Very kind agent at guichet 3.", &error);

  /* A compliment needs no answer: acknowledged, it may be closed. */
  g_assert_false (gch_feedback_get_answer_required (feedback));
  g_assert_true (gch_feedback_acknowledge (feedback, 1100, &error));
  g_assert_true (gch_feedback_close (feedback, 1200, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gch_feedback_get_status (feedback), ==, GCH_FEEDBACK_STATUS_CLOSED);
}

static void
test_status_graph (void)
{
  static const GchFeedbackStatus order[] = {
    GCH_FEEDBACK_STATUS_RECEIVED, GCH_FEEDBACK_STATUS_ACKNOWLEDGED,
    GCH_FEEDBACK_STATUS_IN_PROGRESS, GCH_FEEDBACK_STATUS_ANSWERED, GCH_FEEDBACK_STATUS_CLOSED,
  };

  for (guint i = 0; i + 1 < G_N_ELEMENTS (order); i++)
    g_assert_true (gch_feedback_status_allows (order[i], order[i + 1]));

  /* Nothing goes back, nothing leaves closed, nothing skips acknowledging. */
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_assert_false (gch_feedback_status_allows (GCH_FEEDBACK_STATUS_CLOSED, order[i]));
      g_assert_false (gch_feedback_status_allows (order[i], GCH_FEEDBACK_STATUS_RECEIVED));
    }
  g_assert_false (gch_feedback_status_allows (GCH_FEEDBACK_STATUS_RECEIVED,
                                              GCH_FEEDBACK_STATUS_ANSWERED));
  g_assert_false (gch_feedback_status_allows (GCH_FEEDBACK_STATUS_ANSWERED,
                                              GCH_FEEDBACK_STATUS_IN_PROGRESS));
}

static void
test_description (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *megabyte = g_malloc (1024 * 1024 + 1);
  g_autofree char *longest = NULL;
  g_autoptr(GString) accents = g_string_new (NULL);
  GchFeedback *feedback;

  memset (megabyte, 'a', 1024 * 1024);
  megabyte[1024 * 1024] = '\0';

  feedback = gch_feedback_new ("x", GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_LETTER,
                               GCH_FEEDBACK_CATEGORY_OTHER, 0, megabyte, &error);
  g_assert_null (feedback);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The description is too long: 1048576 characters, at most 10000. "
                   "Shorten it, or keep the full text in the mail file.");
  g_clear_error (&error);

  feedback = gch_feedback_new ("x", GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_LETTER,
                               GCH_FEEDBACK_CATEGORY_OTHER, 0, " \n\t ", &error);
  g_assert_null (feedback);
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  /* Characters, not bytes: 10,000 “é” are 20,000 bytes and fit. */
  for (guint i = 0; i < GCH_FEEDBACK_MAX_DESCRIPTION; i++)
    g_string_append (accents, "é");
  g_assert_true (gch_feedback_check_description (accents->str, &error));
  g_assert_no_error (error);
  g_string_append (accents, "é");
  g_assert_false (gch_feedback_check_description (accents->str, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_clear_error (&error);

  longest = g_strnfill (GCH_FEEDBACK_MAX_DESCRIPTION, 'b');
  feedback = gch_feedback_new ("x", GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_LETTER,
                               GCH_FEEDBACK_CATEGORY_OTHER, 0, longest, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (gch_feedback_get_description (feedback)), ==, 10000);
  g_object_unref (feedback);
}

static void
test_email (void)
{
  static const char *good[] = {
    "claire.martin@example.fr", "  c@interieur.gouv.fr ", "a+b@mail.example.com",
  };
  static const char *bad[] = {
    "claire", "claire@", "@example.fr", "claire@example", "claire@@example.fr",
    "claire martin@example.fr", "claire@example..fr", "claire@.example.fr", "claire@example.fr.",
    "claire.@example.fr",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *email = gch_feedback_normalize_email (good[i], &error);
      g_autofree char *expected = g_strstrip (g_strdup (good[i]));

      g_assert_no_error (error);
      g_assert_cmpstr (email, ==, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *email = gch_feedback_normalize_email (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (email);
      g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "is not an e-mail address"));
    }
}

static void
test_phone (void)
{
  static const struct { const char *typed, *kept; } good[] = {
    { "0123456789", "0123456789" }, { "01 23 45 67 89", "0123456789" },
    { "06.12.34.56.78", "0612345678" }, { "+33 6 12 34 56 78", "+33612345678" },
    { "+33612345678", "+33612345678" },
  };
  static const char *bad[] = {
    "123456789", "01234567890", "1123456789", "+44 20 7946 0958", "+33 06 12 34 56 78",
    "01 23 45 67 8a", "01/23/45/67/89", "", "+33",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *phone = gch_feedback_normalize_phone (good[i].typed, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (phone, ==, good[i].kept);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *phone = gch_feedback_normalize_phone (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (phone);
      g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "is not a French phone number"));
    }
}

static void
test_contact (void)
{
  g_autoptr(GchFeedback) feedback = new_complaint (GCH_FEEDBACK_CHANNEL_GUICHET, 1000);
  g_autoptr(GError) error = NULL;

  /* Without consent, no contact at all. */
  g_assert_false (gch_feedback_set_contact (feedback, FALSE, "Jeanne Dupont", NULL, NULL, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "has not agreed"));
  g_clear_error (&error);
  g_assert_false (gch_feedback_has_contact (feedback));
  g_assert_true (gch_feedback_set_contact (feedback, FALSE, "", " ", NULL, &error));
  g_assert_no_error (error);

  g_assert_true (gch_feedback_set_contact (feedback, TRUE, " Jeanne Dupont ",
                                           "jeanne@example.fr", "06 12 34 56 78", &error));
  g_assert_no_error (error);
  g_assert_true (gch_feedback_get_consent (feedback));
  g_assert_cmpstr (gch_feedback_get_contact_name (feedback), ==, "Jeanne Dupont");
  g_assert_cmpstr (gch_feedback_get_contact_email (feedback), ==, "jeanne@example.fr");
  g_assert_cmpstr (gch_feedback_get_contact_phone (feedback), ==, "0612345678");

  /* A bad phone number changes nothing of what was kept. */
  g_assert_false (gch_feedback_set_contact (feedback, TRUE, "Jeanne", "jeanne@example.fr",
                                            "12 34", &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gch_feedback_set_contact (feedback, TRUE, "Jeanne", "jeanne(at)example.fr",
                                            NULL, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (gch_feedback_get_contact_name (feedback), ==, "Jeanne Dupont");
  g_assert_cmpstr (gch_feedback_get_contact_phone (feedback), ==, "0612345678");

  gch_feedback_erase_contact (feedback);
  g_assert_false (gch_feedback_has_contact (feedback));
  g_assert_cmpstr (gch_feedback_get_description (feedback), ==,
                   "Two hours of waiting for a passport.");
}

static void
test_visit (void)
{
  g_autoptr(GchFeedback) feedback = new_complaint (GCH_FEEDBACK_CHANNEL_GUICHET, 1000);

  gch_feedback_set_visit (feedback, "A042", "", "titres", 3, "Claire Martin");
  g_assert_cmpstr (gch_feedback_get_ticket (feedback), ==, "A042");
  g_assert_null (gch_feedback_get_appointment (feedback));
  g_assert_cmpstr (gch_feedback_get_service (feedback), ==, "titres");
  g_assert_cmpuint (gch_feedback_get_guichet (feedback), ==, 3);
  g_assert_cmpstr (gch_feedback_get_agent (feedback), ==, "Claire Martin");
}

/* The store */

typedef struct
{
  char     *dir;
  char     *path;
  GchStore *store;
} StoreFixture;

static void
store_setup (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("guichet-feedback-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "station.db", NULL);
  f->store = gch_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
store_teardown (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
reopen (StoreFixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  f->store = gch_store_open (f->path, &error);
  g_assert_no_error (error);
}

/* A complaint with a contact, logged at 10:00 on @day March 2026. */
static GchFeedback *
new_with_contact (const char *id,
                  int         day)
{
  g_autoptr(GError) error = NULL;
  GchFeedbackSettings settings;
  GchFeedback *feedback = gch_feedback_new (id, GCH_FEEDBACK_KIND_COMPLAINT,
                                            GCH_FEEDBACK_CHANNEL_EMAIL,
                                            GCH_FEEDBACK_CATEGORY_WAITING_TIME,
                                            at_paris (2026, 3, day, 10, 0),
                                            "Nobody answers the phone.", &error);

  g_assert_no_error (error);
  g_assert_true (gch_feedback_set_contact (feedback, TRUE, "Jeanne Dupont", "jeanne@example.fr",
                                           "06 12 34 56 78", &error));
  g_assert_no_error (error);
  gch_feedback_settings_init (&settings);
  gch_feedback_compute_due_date (feedback, &settings, paris);
  return feedback;
}

static GchFeedback *
load (StoreFixture *f,
      const char   *id)
{
  g_autoptr(GError) error = NULL;
  GchFeedback *feedback = gch_store_load_feedback (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (feedback);
  return feedback;
}

static GchFeedback *
load_with_contact (StoreFixture *f,
                   const char   *id)
{
  g_autoptr(GError) error = NULL;
  GchFeedback *feedback = load (f, id);

  g_assert_true (gch_store_read_feedback_contact (f->store, feedback, "Marc Leroy",
                                                  GCH_AGENT_ROLE_QUALITY, 2000000000, &error));
  g_assert_no_error (error);
  return feedback;
}

/* A forward's note is kept apart from the service, through the store
 * and the codec; a forward without one (an older record's) still loads.
 */
static void
test_store_forward_note (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GchFeedback) feedback = new_with_contact ("r1", 6);
  g_autoptr(GchFeedback) loaded = NULL;
  g_autoptr(GchFeedback) decoded = NULL;
  g_autoptr(GchFeedback) old = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *too_long = g_strnfill (GCH_FEEDBACK_MAX_DESCRIPTION + 1, 'x');

  g_assert_true (gch_feedback_acknowledge (feedback, 100, &error));
  g_assert_true (gch_feedback_forward_with_note (feedback, "Claire", "Permis de conduire",
                                                 "  Rappeler Mme Dupont avant jeudi ", 200, &error));
  g_assert_true (gch_feedback_forward_with_note (feedback, "Claire", "Titres", "  ", 250, &error));
  g_assert_true (gch_feedback_forward (feedback, "Claire", "Accueil", 260, &error));
  g_assert_no_error (error);
  /* Too long a note is refused, and the record is unchanged. */
  g_assert_false (gch_feedback_forward_with_note (feedback, "Claire", "Titres", too_long, 270,
                                                  &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (gch_feedback_get_n_forwards (feedback), ==, 3);
  g_assert_true (gch_store_save_feedback (f->store, feedback, &error));
  g_assert_no_error (error);

  reopen (f);
  loaded = load (f, "r1");
  g_assert_cmpuint (gch_feedback_get_n_forwards (loaded), ==, 3);
  g_assert_cmpstr (gch_feedback_get_forward (loaded, 0)->to, ==, "Permis de conduire");
  g_assert_cmpstr (gch_feedback_get_forward (loaded, 0)->note, ==, "Rappeler Mme Dupont avant jeudi");
  g_assert_null (gch_feedback_get_forward (loaded, 1)->note);
  g_assert_null (gch_feedback_get_forward (loaded, 2)->note);

  node = gch_codec_feedback_to_json (loaded, FALSE);
  decoded = gch_codec_feedback_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gch_feedback_get_forward (decoded, 0)->note, ==, "Rappeler Mme Dupont avant jeudi");
  g_assert_null (gch_feedback_get_forward (decoded, 1)->note);

  /* A record of before: its forward has no note, the service says it all. */
  g_assert_true (json_parser_load_from_data (parser,
                 "{\"id\": \"r2\", \"kind\": \"complaint\", \"channel\": \"email\","
                 " \"category\": \"waiting-time\", \"received-at\": 1000,"
                 " \"description\": \"Too long.\", \"consent\": false,"
                 " \"answer-required\": true, \"status\": \"acknowledged\","
                 " \"acknowledged-at\": 1100,"
                 " \"forwards\": [{\"by\": \"Claire\", \"to\": \"Titres — Rappeler\", \"at\": 1200}],"
                 " \"answers\": [], \"version\": 3}", -1, &error));
  g_assert_no_error (error);
  old = gch_codec_feedback_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gch_feedback_get_forward (old, 0)->to, ==, "Titres — Rappeler");
  g_assert_null (gch_feedback_get_forward (old, 0)->note);
  g_assert_null (gch_feedback_get_done_by (old, GCH_FEEDBACK_STATUS_ACKNOWLEDGED));
  g_assert_true (gch_store_save_feedback (f->store, old, &error));
  g_assert_no_error (error);
  g_clear_object (&old);
  old = load (f, "r2");
  g_assert_null (gch_feedback_get_forward (old, 0)->note);
}

static void
test_store_round_trip (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(GchFeedback) feedback = new_with_contact ("r1", 6);
  g_autoptr(GchFeedback) loaded = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  gch_feedback_set_visit (feedback, "A042", NULL, "titres", 3, "Claire Martin");
  g_assert_true (gch_store_save_feedback (f->store, feedback, &error));
  g_assert_true (gch_feedback_acknowledge (feedback, 100, &error));
  g_assert_true (gch_feedback_forward (feedback, "Claire", "Permis de conduire", 200, &error));
  g_assert_true (gch_feedback_answer (feedback, "Marc", "We are sorry.", 300, &error));
  g_assert_true (gch_store_save_feedback (f->store, feedback, &error));
  g_assert_no_error (error);

  reopen (f);
  loaded = load (f, "r1");
  g_assert_cmpint (gch_feedback_get_kind (loaded), ==, GCH_FEEDBACK_KIND_COMPLAINT);
  g_assert_cmpint (gch_feedback_get_channel (loaded), ==, GCH_FEEDBACK_CHANNEL_EMAIL);
  g_assert_cmpint (gch_feedback_get_category (loaded), ==, GCH_FEEDBACK_CATEGORY_WAITING_TIME);
  g_assert_cmpint (gch_feedback_get_status (loaded), ==, GCH_FEEDBACK_STATUS_ANSWERED);
  g_assert_cmpint (gch_feedback_get_version (loaded), ==, gch_feedback_get_version (feedback));
  g_assert_cmpint (gch_feedback_get_acknowledged_at (loaded), ==, 100);
  g_assert_cmpstr (gch_feedback_get_description (loaded), ==, "Nobody answers the phone.");
  g_assert_cmpstr (gch_feedback_get_ticket (loaded), ==, "A042");
  g_assert_cmpuint (gch_feedback_get_guichet (loaded), ==, 3);
  assert_date (gch_feedback_get_due_date (loaded), "2026-03-13");
  g_assert_cmpuint (gch_feedback_get_n_forwards (loaded), ==, 1);
  g_assert_cmpstr (gch_feedback_get_forward (loaded, 0)->to, ==, "Permis de conduire");
  g_assert_cmpuint (gch_feedback_get_n_answers (loaded), ==, 1);
  g_assert_cmpstr (gch_feedback_get_answer (loaded, 0)->text, ==, "We are sorry.");

  /* Loaded, a record shows no contact until it is read on purpose. */
  g_assert_true (gch_feedback_get_consent (loaded));
  g_assert_false (gch_feedback_has_contact (loaded));

  records = gch_store_list_feedback (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_false (gch_feedback_has_contact (g_ptr_array_index (records, 0)));

  /* Saving a record loaded without its contact keeps the contact on disk. */
  g_assert_true (gch_feedback_close (loaded, 400, &error));
  g_assert_true (gch_store_save_feedback (f->store, loaded, &error));
  g_clear_object (&loaded);
  loaded = load_with_contact (f, "r1");
  g_assert_cmpstr (gch_feedback_get_contact_email (loaded), ==, "jeanne@example.fr");
  g_assert_cmpstr (gch_feedback_get_contact_phone (loaded), ==, "0612345678");
  g_assert_cmpint (gch_feedback_get_status (loaded), ==, GCH_FEEDBACK_STATUS_CLOSED);

  g_assert_null (gch_store_load_feedback (f->store, "nope", &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_NOT_FOUND);
}

static int
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
test_store_contact_reading (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autoptr(GchFeedback) feedback = new_with_contact ("r1", 6);
  g_autoptr(GchFeedback) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *events = "SELECT count(*) FROM event WHERE record_kind = 'feedback'"
                       " AND to_state = 'contact-read'";

  g_assert_true (gch_store_save_feedback (f->store, feedback, &error));
  loaded = load (f, "r1");

  /* An agent or the reception may not read it, and that is not an event. */
  g_assert_false (gch_store_read_feedback_contact (f->store, loaded, "Claire Martin",
                                                   GCH_AGENT_ROLE_AGENT, 1000, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==,
                   "Only a supervisor or the quality referent can read a person’s contact details.");
  g_clear_error (&error);
  g_assert_false (gch_store_read_feedback_contact (f->store, loaded, "Paul",
                                                   GCH_AGENT_ROLE_RECEPTION, 1000, &error));
  g_clear_error (&error);
  g_assert_false (gch_feedback_has_contact (loaded));
  g_assert_cmpint (count_rows (f->path, events), ==, 0);

  /* A supervisor and the quality referent may, each reading is an event. */
  g_assert_true (gch_store_read_feedback_contact (f->store, loaded, "Sophie Bernard",
                                                  GCH_AGENT_ROLE_SUPERVISOR, 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gch_feedback_get_contact_name (loaded), ==, "Jeanne Dupont");
  g_assert_true (gch_store_read_feedback_contact (f->store, loaded, "Marc Leroy",
                                                  GCH_AGENT_ROLE_QUALITY, 1100, &error));
  g_assert_cmpint (count_rows (f->path, events), ==, 2);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event WHERE to_state = "
                                        "'contact-read' AND actor = 'Marc Leroy' AND at = 1100"),
                   ==, 1);
}

static void
test_store_refuses_bad_input (StoreFixture  *f,
                              gconstpointer  data)
{
  g_autoptr(GchFeedback) feedback = new_with_contact ("r1", 6);
  g_autoptr(GchFeedback) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gch_store_save_feedback (f->store, feedback, &error));
  g_assert_true (gch_feedback_acknowledge (feedback, 100, &error));
  g_assert_true (gch_feedback_answer (feedback, "Marc", "Done.", 200, &error));
  g_assert_true (gch_feedback_close (feedback, 300, &error));
  g_assert_true (gch_store_save_feedback (f->store, feedback, &error));

  /* An answer to the closed record is refused before anything is saved. */
  g_assert_false (gch_feedback_answer (feedback, "Marc", "Again.", 400, &error));
  g_assert_error (error, GCH_ERROR, GCH_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_true (gch_store_save_feedback (f->store, feedback, &error));

  reopen (f);
  loaded = load (f, "r1");
  g_assert_cmpuint (gch_feedback_get_n_answers (loaded), ==, 1);
  g_assert_cmpint (gch_feedback_get_status (loaded), ==, GCH_FEEDBACK_STATUS_CLOSED);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM feedback_answer"), ==, 1);
}

static void
test_store_retention (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GchClock) clock = gch_clock_new_frozen (at_paris (2026, 3, 20, 12, 0));
  g_autoptr(GError) error = NULL;
  GchRetention retention;
  guint erased = 99;
  static const char *ids[] = { "closed-early", "closed-late", "open", "no-contact" };

  gch_retention_init (&retention);
  g_assert_cmpuint (retention.feedback_days, ==, 365);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GchFeedback) feedback = new_with_contact (ids[i], 6);

      if (g_str_equal (ids[i], "no-contact"))
        g_assert_true (gch_feedback_set_contact (feedback, FALSE, NULL, NULL, NULL, &error));
      g_assert_true (gch_store_save_feedback (f->store, feedback, &error));
      g_assert_no_error (error);
      if (g_str_equal (ids[i], "open"))
        continue;

      g_assert_true (gch_feedback_acknowledge (feedback, gch_clock_now (clock), &error));
      g_assert_true (gch_feedback_answer (feedback, "Marc", "Thank you.",
                                          gch_clock_now (clock), &error));
      /* "closed-late" is closed a day after the others. */
      g_assert_true (gch_feedback_close (feedback, gch_clock_now (clock) +
                                         (g_str_equal (ids[i], "closed-late") ? 86400 : 0),
                                         &error));
      g_assert_true (gch_store_save_feedback (f->store, feedback, &error));
      g_assert_no_error (error);
    }

  /* The day before the end of the period: nothing goes. */
  gch_clock_set_frozen (clock, at_paris (2027, 3, 20, 11, 59));
  g_assert_true (gch_store_erase_expired_personal_data (f->store, gch_clock_now (clock),
                                                        &retention, &erased, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (erased, ==, 0);

  /* 365 days after closing: the first one's contact goes, and only it. */
  gch_clock_set_frozen (clock, at_paris (2027, 3, 20, 12, 0));
  g_assert_true (gch_store_erase_expired_personal_data (f->store, gch_clock_now (clock),
                                                        &retention, &erased, &error));
  g_assert_cmpuint (erased, ==, 1);

  {
    g_autoptr(GchFeedback) early = load_with_contact (f, "closed-early");
    g_autoptr(GchFeedback) late = load_with_contact (f, "closed-late");
    g_autoptr(GchFeedback) open = load_with_contact (f, "open");

    g_assert_false (gch_feedback_has_contact (early));
    /* The anonymous record stays whole. */
    g_assert_cmpstr (gch_feedback_get_description (early), ==, "Nobody answers the phone.");
    g_assert_cmpuint (gch_feedback_get_n_answers (early), ==, 1);
    g_assert_cmpint (gch_feedback_get_status (early), ==, GCH_FEEDBACK_STATUS_CLOSED);
    g_assert_cmpstr (gch_feedback_get_contact_phone (late), ==, "0612345678");
    g_assert_cmpstr (gch_feedback_get_contact_name (open), ==, "Jeanne Dupont");
  }

  /* Run again the same day, it finds nothing more. */
  g_assert_true (gch_store_erase_expired_personal_data (f->store, gch_clock_now (clock),
                                                        &retention, &erased, &error));
  g_assert_cmpuint (erased, ==, 0);

  /* A day later, the second; an open record keeps its contact for ever. */
  gch_clock_set_frozen (clock, at_paris (2028, 1, 1, 0, 0));
  g_assert_true (gch_store_erase_expired_personal_data (f->store, gch_clock_now (clock),
                                                        &retention, &erased, &error));
  g_assert_cmpuint (erased, ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM feedback WHERE contact_name IS NULL"
                                        " AND contact_erased_at IS NOT NULL"), ==, 2);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM feedback"), ==, 4);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM feedback WHERE id = 'open'"
                                        " AND contact_name = 'Jeanne Dupont'"), ==, 1);

  /* A shorter period in the settings takes effect at the next run. */
  retention.feedback_days = 0;
  g_assert_true (gch_store_erase_expired_personal_data (f->store, gch_clock_now (clock),
                                                        &retention, &erased, &error));
  g_assert_cmpuint (erased, ==, 0);
}

/* Reports */

static GchFeedback *
add_record (GPtrArray           *records,
            const char          *id,
            GchFeedbackKind      kind,
            GchFeedbackChannel   channel,
            GchFeedbackCategory  category,
            int                  month,
            int                  day,
            int                  answer_month,
            int                  answer_day)
{
  g_autoptr(GError) error = NULL;
  GchFeedbackSettings settings;
  GchFeedback *feedback = gch_feedback_new (id, kind, channel, category,
                                            at_paris (2026, month, day, 10, 0),
                                            "Said at the desk, \"loudly\",\nover two lines.",
                                            &error);

  g_assert_no_error (error);
  gch_feedback_settings_init (&settings);
  gch_feedback_compute_due_date (feedback, &settings, paris);
  if (answer_month != 0)
    {
      g_assert_true (gch_feedback_acknowledge (feedback, at_paris (2026, month, day, 11, 0), &error));
      g_assert_true (gch_feedback_answer (feedback, "Marc", "Thank you.",
                                          at_paris (2026, answer_month, answer_day, 15, 0), &error));
      g_assert_no_error (error);
    }
  g_ptr_array_add (records, feedback);
  return feedback;
}

/* Six records, the figures worked out by hand (see each line). */
static GPtrArray *
report_records (void)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);

  /* Due 9 March, answered 5 March: in time, 3 working days. */
  add_record (records, "1", GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_EMAIL,
              GCH_FEEDBACK_CATEGORY_WAITING_TIME, 3, 2, 3, 5);
  /* Due 16 March, answered 18 March: late, 12 working days. */
  add_record (records, "2", GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_LETTER,
              GCH_FEEDBACK_CATEGORY_RECEPTION, 3, 2, 3, 18);
  /* Due 7 April (over Easter Monday), never answered: late. */
  add_record (records, "3", GCH_FEEDBACK_KIND_SUGGESTION, GCH_FEEDBACK_CHANNEL_PHONE,
              GCH_FEEDBACK_CATEGORY_INFORMATION, 3, 30, 0, 0);
  /* A compliment: no answer owed. */
  add_record (records, "4", GCH_FEEDBACK_KIND_COMPLIMENT, GCH_FEEDBACK_CHANNEL_GUICHET,
              GCH_FEEDBACK_CATEGORY_RECEPTION, 2, 10, 0, 0);
  /* In April: the year's, not the quarter's. Due 9 April, never answered. */
  add_record (records, "5", GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_WEB_FORM,
              GCH_FEEDBACK_CATEGORY_SERVICE, 4, 1, 0, 0);
  /* Due 15 April, the day of the report: not yet counted as due. */
  add_record (records, "6", GCH_FEEDBACK_KIND_SUGGESTION, GCH_FEEDBACK_CHANNEL_GUICHET,
              GCH_FEEDBACK_CATEGORY_INFORMATION, 3, 31, 0, 0);

  return records;
}

static void
test_report_quarter (void)
{
  g_autoptr(GPtrArray) records = report_records ();
  g_autofree char *csv = NULL;
  GchFeedbackReport report;

  assert_date (gch_feedback_get_due_date (g_ptr_array_index (records, 2)), "2026-04-07");
  assert_date (gch_feedback_get_due_date (g_ptr_array_index (records, 5)), "2026-04-15");

  gch_feedback_report_quarter (&report, 2026, 1);
  assert_date (&report.from, "2026-01-01");
  assert_date (&report.to, "2026-03-31");
  gch_feedback_report_compute (&report, records, at_paris (2026, 4, 15, 9, 0), paris);

  g_assert_cmpuint (report.total, ==, 5);
  g_assert_cmpuint (report.by_kind[GCH_FEEDBACK_KIND_COMPLAINT], ==, 2);
  g_assert_cmpuint (report.by_kind[GCH_FEEDBACK_KIND_SUGGESTION], ==, 2);
  g_assert_cmpuint (report.by_kind[GCH_FEEDBACK_KIND_COMPLIMENT], ==, 1);
  g_assert_cmpuint (report.by_channel[GCH_FEEDBACK_CHANNEL_GUICHET], ==, 2);
  g_assert_cmpuint (report.by_channel[GCH_FEEDBACK_CHANNEL_WEB_FORM], ==, 0);
  g_assert_cmpuint (report.by_category[GCH_FEEDBACK_CATEGORY_RECEPTION], ==, 2);
  g_assert_cmpuint (report.by_category[GCH_FEEDBACK_CATEGORY_INFORMATION], ==, 2);
  g_assert_cmpuint (report.due, ==, 3);
  g_assert_cmpuint (report.answered, ==, 2);
  g_assert_cmpuint (report.answered_in_time, ==, 1);
  g_assert_cmpfloat_with_epsilon (gch_feedback_report_share_in_time (&report), 1.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (report.mean_answer_days, 7.5, 1e-9);

  csv = gch_feedback_report_to_csv (&report);
  g_assert_cmpstr (csv, ==,
                   "section,key,value\r\n"
                   "period,from,2026-01-01\r\n"
                   "period,to,2026-03-31\r\n"
                   "total,received,5\r\n"
                   "kind,suggestion,2\r\n"
                   "kind,complaint,2\r\n"
                   "kind,compliment,1\r\n"
                   "channel,guichet,2\r\n"
                   "channel,letter,1\r\n"
                   "channel,email,1\r\n"
                   "channel,web-form,0\r\n"
                   "channel,phone,1\r\n"
                   "category,reception,2\r\n"
                   "category,waiting-time,1\r\n"
                   "category,information,2\r\n"
                   "category,service,0\r\n"
                   "category,other,0\r\n"
                   "answers,due,3\r\n"
                   "answers,answered,2\r\n"
                   "answers,answered_in_time,1\r\n"
                   "answers,in_time_percent,33.3\r\n"
                   "answers,mean_answer_working_days,7.5\r\n");
}

static void
test_report_year (void)
{
  g_autoptr(GPtrArray) records = report_records ();
  GchFeedbackReport report;

  gch_feedback_report_year (&report, 2026);
  assert_date (&report.to, "2026-12-31");
  gch_feedback_report_compute (&report, records, at_paris (2026, 4, 15, 9, 0), paris);
  g_assert_cmpuint (report.total, ==, 6);
  g_assert_cmpuint (report.by_channel[GCH_FEEDBACK_CHANNEL_WEB_FORM], ==, 1);
  g_assert_cmpuint (report.due, ==, 4);
  g_assert_cmpfloat_with_epsilon (gch_feedback_report_share_in_time (&report), 0.25, 1e-9);

  /* A year with nothing: no share, no mean, rather than a made-up zero. */
  gch_feedback_report_year (&report, 2025);
  gch_feedback_report_compute (&report, records, at_paris (2026, 4, 15, 9, 0), paris);
  g_assert_cmpuint (report.total, ==, 0);
  g_assert_cmpfloat (gch_feedback_report_share_in_time (&report), <, 0);
  g_assert_cmpfloat (report.mean_answer_days, <, 0);
}

static void
test_list_csv (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  GchFeedback *feedback;

  feedback = add_record (records, "1", GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_EMAIL,
                         GCH_FEEDBACK_CATEGORY_WAITING_TIME, 3, 2, 3, 5);
  gch_feedback_set_visit (feedback, "A042", NULL, "titres", 3, "Claire Martin");
  g_assert_true (gch_feedback_set_contact (feedback, TRUE, "Jeanne Dupont", "jeanne@example.fr",
                                           NULL, &error));
  add_record (records, "2", GCH_FEEDBACK_KIND_COMPLIMENT, GCH_FEEDBACK_CHANNEL_GUICHET,
              GCH_FEEDBACK_CATEGORY_RECEPTION, 3, 2, 0, 0);

  csv = gch_feedback_list_to_csv (records, paris);
  g_assert_cmpstr (csv, ==,
                   "id,kind,channel,category,received,status,due_date,answer_required,"
                   "first_answer,answered_in_time,service,guichet,ticket,appointment,agent,"
                   "forwards,answers,description\r\n"
                   "1,complaint,email,waiting-time,2026-03-02 10:00,answered,2026-03-09,yes,"
                   "2026-03-05 15:00,yes,titres,3,A042,,Claire Martin,0,1,"
                   "\"Said at the desk, \"\"loudly\"\",\nover two lines.\"\r\n"
                   "2,compliment,guichet,reception,2026-03-02 10:00,received,2026-03-16,no,"
                   ",,,,,,,0,0,\"Said at the desk, \"\"loudly\"\",\nover two lines.\"\r\n");
  /* Nobody's contact goes out with the export. */
  g_assert_null (strstr (csv, "jeanne"));
  g_assert_null (strstr (csv, "Dupont"));
}

/* A supervisor's export: the same rows, and the contact as read. */
static void
test_list_csv_with_contact (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  GchFeedback *feedback;

  feedback = add_record (records, "1", GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_EMAIL,
                         GCH_FEEDBACK_CATEGORY_WAITING_TIME, 3, 2, 3, 5);
  g_assert_true (gch_feedback_set_contact (feedback, TRUE, "Jeanne Dupont", "jeanne@example.fr",
                                           "06 12 34 56 78", &error));
  g_assert_no_error (error);
  add_record (records, "2", GCH_FEEDBACK_KIND_COMPLIMENT, GCH_FEEDBACK_CHANNEL_GUICHET,
              GCH_FEEDBACK_CATEGORY_RECEPTION, 3, 2, 0, 0);

  csv = gch_feedback_list_to_csv_with_contact (records, paris);
  g_assert_true (g_str_has_prefix (csv, "id,kind,channel,category,received,status,due_date,"
                                        "answer_required,first_answer,answered_in_time,service,"
                                        "guichet,ticket,appointment,agent,forwards,answers,"
                                        "description,contact_name,contact_email,"
                                        "contact_phone\r\n"));
  g_assert_nonnull (strstr (csv, "over two lines.\",Jeanne Dupont,jeanne@example.fr,"
                                 "0612345678\r\n2,compliment,"));
  /* Without a contact, the three fields are there, empty. */
  g_assert_true (g_str_has_suffix (csv, "over two lines.\",,,\r\n"));
}

/* The JSON codec */

static void
test_codec_round_trip (void)
{
  g_autoptr(GchFeedback) feedback = new_with_contact ("0b9b6c1e-codec", 6);
  g_autoptr(GchFeedback) decoded = NULL;
  g_autoptr(GchFeedback) anonymous = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) feed = NULL;
  g_autoptr(JsonNode) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  gch_feedback_set_visit (feedback, "A042", "RDV-123", "titres", 3, "Claire Martin");
  g_assert_true (gch_feedback_acknowledge (feedback, 100, &error));
  g_assert_true (gch_feedback_forward (feedback, "Claire", "Permis de conduire", 200, &error));
  g_assert_true (gch_feedback_answer (feedback, "Marc", "Line one,\nline two.", 300, &error));

  node = gch_codec_feedback_to_json (feedback, TRUE);
  text = gch_codec_to_string (node);
  decoded = gch_codec_feedback_from_json (node, &error);
  g_assert_no_error (error);
  round = gch_codec_feedback_to_json (decoded, TRUE);
  again = gch_codec_to_string (round);
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpstr (gch_feedback_get_contact_phone (decoded), ==, "0612345678");
  assert_date (gch_feedback_get_due_date (decoded), "2026-03-13");
  g_assert_cmpstr (gch_feedback_get_answer (decoded, 0)->text, ==, "Line one,\nline two.");
  g_assert_cmpint (gch_feedback_get_status (decoded), ==, GCH_FEEDBACK_STATUS_ANSWERED);

  /* What the feed carries to every station has nobody's contact. */
  feed = gch_codec_feedback_to_json (feedback, FALSE);
  g_free (text);
  text = gch_codec_to_string (feed);
  g_assert_null (strstr (text, "jeanne"));
  g_assert_null (strstr (text, "0612345678"));
  anonymous = gch_codec_feedback_from_json (feed, &error);
  g_assert_no_error (error);
  g_assert_false (gch_feedback_has_contact (anonymous));
  g_assert_true (gch_feedback_get_consent (anonymous));
}

static void
test_codec_refuses (void)
{
  static const struct { const char *json, *message; } cases[] = {
    { "{\"id\":\"x\",\"kind\":\"complaint\",\"channel\":\"email\",\"category\":\"other\","
      "\"received-at\":1,\"description\":\"Hi\",\"consent\":false,\"contact-phone\":\"0612345678\","
      "\"answer-required\":true,\"status\":\"received\",\"forwards\":[],\"answers\":[],"
      "\"version\":1}",
      "The person has not agreed to leave their contact details: record their consent, or "
      "leave the name, e-mail and phone empty." },
    { "{\"id\":\"x\",\"kind\":\"complaint\",\"channel\":\"email\",\"category\":\"other\","
      "\"received-at\":1,\"description\":\"Hi\",\"consent\":true,\"contact-email\":\"nobody\","
      "\"answer-required\":true,\"status\":\"received\",\"forwards\":[],\"answers\":[],"
      "\"version\":1}",
      "“nobody” is not an e-mail address: it should look like name@example.fr." },
    { "{\"id\":\"x\",\"kind\":\"grumble\",\"channel\":\"email\",\"category\":\"other\","
      "\"received-at\":1,\"description\":\"Hi\",\"consent\":false,"
      "\"answer-required\":true,\"status\":\"received\",\"forwards\":[],\"answers\":[],"
      "\"version\":1}",
      "“kind” must be one of “suggestion”, “complaint”, “compliment”" },
    { "{\"id\":\"x\",\"kind\":\"complaint\",\"channel\":\"email\",\"category\":\"other\","
      "\"received-at\":1,\"description\":\"Hi\",\"consent\":false,\"due-date\":\"2026-02-30\","
      "\"answer-required\":true,\"status\":\"received\",\"forwards\":[],\"answers\":[],"
      "\"version\":1}",
      "“due-date” must be a date, YYYY-MM-DD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = gch_codec_parse (cases[i].json, strlen (cases[i].json), &error);
      g_autoptr(GchFeedback) feedback = NULL;

      g_assert_no_error (error);
      feedback = gch_codec_feedback_from_json (node, &error);
      g_assert_null (feedback);
      g_assert_error (error, GCH_ERROR, GCH_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  paris = g_time_zone_new_identifier ("Europe/Paris");
  g_assert_nonnull (paris);

  g_test_add_func ("/feedback/holidays", test_holidays);
  g_test_add_func ("/feedback/working-days", test_working_days);
  g_test_add_func ("/feedback/due-dates", test_due_dates);
  g_test_add_func ("/feedback/settings/delays", test_settings_delays);
  g_test_add_func ("/feedback/due-date/site-zone", test_due_date_site_zone);
  g_test_add_func ("/feedback/overdue", test_overdue);
  g_test_add_func ("/feedback/nearly-due/weekend", test_nearly_due_over_weekend);
  g_test_add_func ("/feedback/workflow", test_workflow);
  g_test_add_func ("/feedback/workflow/no-answer-required", test_close_without_answer);
  g_test_add_func ("/feedback/workflow/graph", test_status_graph);
  g_test_add_func ("/feedback/description", test_description);
  g_test_add_func ("/feedback/email", test_email);
  g_test_add_func ("/feedback/phone", test_phone);
  g_test_add_func ("/feedback/contact", test_contact);
  g_test_add_func ("/feedback/visit", test_visit);
  g_test_add_func ("/feedback/report/quarter", test_report_quarter);
  g_test_add_func ("/feedback/report/year", test_report_year);
  g_test_add_func ("/feedback/report/list-csv", test_list_csv);
  g_test_add_func ("/feedback/report/list-csv-with-contact", test_list_csv_with_contact);
  g_test_add_func ("/feedback/codec/round-trip", test_codec_round_trip);
  g_test_add_func ("/feedback/codec/refuses", test_codec_refuses);
  g_test_add ("/feedback/store/forward-note", StoreFixture, NULL,
              store_setup, test_store_forward_note, store_teardown);
  g_test_add ("/feedback/store/round-trip", StoreFixture, NULL,
              store_setup, test_store_round_trip, store_teardown);
  g_test_add ("/feedback/store/contact-reading", StoreFixture, NULL,
              store_setup, test_store_contact_reading, store_teardown);
  g_test_add ("/feedback/store/bad-input", StoreFixture, NULL,
              store_setup, test_store_refuses_bad_input, store_teardown);
  g_test_add ("/feedback/store/retention", StoreFixture, NULL,
              store_setup, test_store_retention, store_teardown);

  status = g_test_run ();
  g_time_zone_unref (paris);
  return status;
}
