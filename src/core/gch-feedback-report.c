/* gch-feedback-report.c
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

#define G_LOG_DOMAIN "gch-feedback-report"

#include "config.h"

#include <string.h>

#include "gch-enums.h"
#include "gch-feedback-report.h"

/* The register's figures for a quarter or a year, and its CSV exports.
 * They read no personal data: what is published is anonymous.
 */

static void
set_period (GchFeedbackReport *report,
            GDateDay           first_day,
            GDateMonth         first_month,
            GDateMonth         last_month,
            GDateYear          year)
{
  memset (report, 0, sizeof *report);
  g_date_clear (&report->from, 1);
  g_date_clear (&report->to, 1);
  g_date_set_dmy (&report->from, first_day, first_month, year);
  g_date_set_dmy (&report->to, g_date_get_days_in_month (last_month, year), last_month, year);
  report->mean_answer_days = -1;
}

/**
 * gch_feedback_report_quarter:
 * @quarter: 1 to 4
 *
 * Clears @report for a calendar quarter of @year.
 */
void
gch_feedback_report_quarter (GchFeedbackReport *report,
                             GDateYear          year,
                             guint              quarter)
{
  g_return_if_fail (report != NULL);
  g_return_if_fail (quarter >= 1 && quarter <= 4);

  set_period (report, 1, 3 * (quarter - 1) + 1, 3 * quarter, year);
}

void
gch_feedback_report_year (GchFeedbackReport *report,
                          GDateYear          year)
{
  g_return_if_fail (report != NULL);

  set_period (report, 1, G_DATE_JANUARY, G_DATE_DECEMBER, year);
}

static void
local_date (gint64     at,
            GTimeZone *zone,
            GDate     *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
}

/**
 * gch_feedback_report_compute:
 * @records: (element-type GchFeedback): the register, or any part of it
 * @now: the time the report is made, for what is past due
 * @zone: the site's time zone
 *
 * Counts the records of @records received within the report's period.
 */
void
gch_feedback_report_compute (GchFeedbackReport *report,
                             GPtrArray         *records,
                             gint64             now,
                             GTimeZone         *zone)
{
  guint answer_days = 0;
  GDate today;

  g_return_if_fail (report != NULL && g_date_valid (&report->from));
  g_return_if_fail (records != NULL);

  local_date (now, zone, &today);

  for (guint i = 0; i < records->len; i++)
    {
      GchFeedback *feedback = g_ptr_array_index (records, i);
      const GDate *due = gch_feedback_get_due_date (feedback);
      gint64 answered_at = gch_feedback_get_first_answer_at (feedback);
      GDate received, answered;

      local_date (gch_feedback_get_received_at (feedback), zone, &received);
      if (g_date_compare (&received, &report->from) < 0 || g_date_compare (&received, &report->to) > 0)
        continue;

      report->total++;
      report->by_kind[gch_feedback_get_kind (feedback)]++;
      report->by_channel[gch_feedback_get_channel (feedback)]++;
      report->by_category[gch_feedback_get_category (feedback)]++;

      if (answered_at != 0)
        {
          local_date (answered_at, zone, &answered);
          report->answered++;
          answer_days += MAX (0, gch_working_days_between (&received, &answered));
        }

      if (!gch_feedback_get_answer_required (feedback) || !g_date_valid (due))
        continue;

      /* Not yet answered and not yet due: too early to tell. */
      if (answered_at == 0 && g_date_compare (&today, due) <= 0)
        continue;

      report->due++;
      if (answered_at != 0 && g_date_compare (&answered, due) <= 0)
        report->answered_in_time++;
    }

  report->mean_answer_days = report->answered > 0 ? (double)answer_days / report->answered : -1;
}

/**
 * gch_feedback_report_share_in_time:
 *
 * Returns: the share of the records due that were answered within the
 *   delay, 0 to 1, or -1 when none was due
 */
double
gch_feedback_report_share_in_time (const GchFeedbackReport *report)
{
  g_return_val_if_fail (report != NULL, -1);

  return report->due > 0 ? (double)report->answered_in_time / report->due : -1;
}

/* CSV: RFC 4180, UTF-8, CRLF, numbers with a dot whatever the locale. */

static void
csv_field (GString    *csv,
           gboolean    first,
           const char *text)
{
  if (!first)
    g_string_append_c (csv, ',');

  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
csv_row (GString            *csv,
         const char * const *fields,
         guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    csv_field (csv, i == 0, fields[i]);
  g_string_append (csv, "\r\n");
}

static void
csv_count_row (GString    *csv,
               const char *section,
               const char *key,
               guint       count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);
  const char *fields[] = { section, key, text };

  csv_row (csv, fields, G_N_ELEMENTS (fields));
}

/**
 * gch_feedback_report_to_csv:
 *
 * The report as rows of `section,key,value`: the period, the counts by
 * kind, channel and category (keys are the database's nicks), then the
 * answers. The mean answer time is in working days.
 *
 * Returns: (transfer full): the CSV text, UTF-8 with CRLF line ends
 */
char *
gch_feedback_report_to_csv (const GchFeedbackReport *report)
{
  static const char * const header[] = { "section", "key", "value" };
  GString *csv = g_string_new (NULL);
  char from[16], to[16];
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  double share = gch_feedback_report_share_in_time (report);

  g_return_val_if_fail (report != NULL, NULL);

  g_date_strftime (from, sizeof from, "%Y-%m-%d", &report->from);
  g_date_strftime (to, sizeof to, "%Y-%m-%d", &report->to);

  csv_row (csv, header, G_N_ELEMENTS (header));
  {
    const char *fields[] = { "period", "from", from };
    csv_row (csv, fields, G_N_ELEMENTS (fields));
  }
  {
    const char *fields[] = { "period", "to", to };
    csv_row (csv, fields, G_N_ELEMENTS (fields));
  }
  csv_count_row (csv, "total", "received", report->total);
  for (guint i = 0; i < G_N_ELEMENTS (report->by_kind); i++)
    csv_count_row (csv, "kind", gch_enum_to_nick (GCH_TYPE_FEEDBACK_KIND, i), report->by_kind[i]);
  for (guint i = 0; i < G_N_ELEMENTS (report->by_channel); i++)
    csv_count_row (csv, "channel", gch_enum_to_nick (GCH_TYPE_FEEDBACK_CHANNEL, i),
                   report->by_channel[i]);
  for (guint i = 0; i < G_N_ELEMENTS (report->by_category); i++)
    csv_count_row (csv, "category", gch_enum_to_nick (GCH_TYPE_FEEDBACK_CATEGORY, i),
                   report->by_category[i]);
  csv_count_row (csv, "answers", "due", report->due);
  csv_count_row (csv, "answers", "answered", report->answered);
  csv_count_row (csv, "answers", "answered_in_time", report->answered_in_time);
  {
    const char *fields[] = { "answers", "in_time_percent",
                             share < 0 ? "" : g_ascii_formatd (number, sizeof number, "%.1f",
                                                               100 * share) };
    csv_row (csv, fields, G_N_ELEMENTS (fields));
  }
  {
    const char *fields[] = { "answers", "mean_answer_working_days",
                             report->mean_answer_days < 0 ? "" :
                             g_ascii_formatd (number, sizeof number, "%.1f",
                                              report->mean_answer_days) };
    csv_row (csv, fields, G_N_ELEMENTS (fields));
  }

  return g_string_free (csv, FALSE);
}

/* The records' rows; the contact's three columns only @with_contact. */
static char *
list_to_csv (GPtrArray *records,
             GTimeZone *zone,
             gboolean   with_contact)
{
  static const char * const header[] = {
    "id", "kind", "channel", "category", "received", "status", "due_date", "answer_required",
    "first_answer", "answered_in_time", "service", "guichet", "ticket", "appointment", "agent",
    "forwards", "answers", "description", "contact_name", "contact_email", "contact_phone",
  };
  GString *csv = g_string_new (NULL);

  csv_row (csv, header, G_N_ELEMENTS (header) - (with_contact ? 0 : 3));
  for (guint i = 0; i < records->len; i++)
    {
      GchFeedback *feedback = g_ptr_array_index (records, i);
      g_autoptr(GDateTime) received = NULL;
      g_autoptr(GDateTime) answered = NULL;
      g_autofree char *received_text = NULL;
      g_autofree char *answered_text = NULL;
      g_autofree char *guichet = NULL;
      g_autofree char *forwards = g_strdup_printf ("%u", gch_feedback_get_n_forwards (feedback));
      g_autofree char *answers = g_strdup_printf ("%u", gch_feedback_get_n_answers (feedback));
      const GDate *due = gch_feedback_get_due_date (feedback);
      gint64 answered_at = gch_feedback_get_first_answer_at (feedback);
      const char *in_time = "";
      char due_text[16] = "";

      {
        g_autoptr(GDateTime) utc =
          g_date_time_new_from_unix_utc (gch_feedback_get_received_at (feedback));

        received = g_date_time_to_timezone (utc, zone);
      }
      received_text = g_date_time_format (received, "%Y-%m-%d %H:%M");

      if (g_date_valid (due))
        g_date_strftime (due_text, sizeof due_text, "%Y-%m-%d", due);

      if (answered_at != 0)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (answered_at);
          GDate day;

          answered = g_date_time_to_timezone (utc, zone);
          answered_text = g_date_time_format (answered, "%Y-%m-%d %H:%M");
          g_date_clear (&day, 1);
          g_date_set_dmy (&day, g_date_time_get_day_of_month (answered),
                          g_date_time_get_month (answered), g_date_time_get_year (answered));
          if (g_date_valid (due))
            in_time = g_date_compare (&day, due) <= 0 ? "yes" : "no";
        }

      if (gch_feedback_get_guichet (feedback) != 0)
        guichet = g_strdup_printf ("%u", gch_feedback_get_guichet (feedback));

      {
        const char *fields[] = {
          gch_feedback_get_id (feedback),
          gch_enum_to_nick (GCH_TYPE_FEEDBACK_KIND, gch_feedback_get_kind (feedback)),
          gch_enum_to_nick (GCH_TYPE_FEEDBACK_CHANNEL, gch_feedback_get_channel (feedback)),
          gch_enum_to_nick (GCH_TYPE_FEEDBACK_CATEGORY, gch_feedback_get_category (feedback)),
          received_text,
          gch_enum_to_nick (GCH_TYPE_FEEDBACK_STATUS, gch_feedback_get_status (feedback)),
          due_text,
          gch_feedback_get_answer_required (feedback) ? "yes" : "no",
          answered_text,
          in_time,
          gch_feedback_get_service (feedback),
          guichet,
          gch_feedback_get_ticket (feedback),
          gch_feedback_get_appointment (feedback),
          gch_feedback_get_agent (feedback),
          forwards,
          answers,
          gch_feedback_get_description (feedback),
          gch_feedback_get_contact_name (feedback),
          gch_feedback_get_contact_email (feedback),
          gch_feedback_get_contact_phone (feedback),
        };

        csv_row (csv, fields, G_N_ELEMENTS (fields) - (with_contact ? 0 : 3));
      }
    }

  return g_string_free (csv, FALSE);
}

/**
 * gch_feedback_list_to_csv:
 * @records: (element-type GchFeedback): the records to export
 * @zone: the site's time zone, for the local times
 *
 * One row per record, without anyone's contact: kind, channel, category
 * and status as the database's nicks, times in the site's local time.
 *
 * Returns: (transfer full): the CSV text, UTF-8 with CRLF line ends
 */
char *
gch_feedback_list_to_csv (GPtrArray *records,
                          GTimeZone *zone)
{
  g_return_val_if_fail (records != NULL, NULL);

  return list_to_csv (records, zone, FALSE);
}

/**
 * gch_feedback_list_to_csv_with_contact:
 *
 * gch_feedback_list_to_csv() with three more columns, the person's name,
 * e-mail and phone, as the records hold them: for a supervisor's or the
 * quality referent's export, once each contact was read with
 * gch_store_read_feedback_contact() (which records the reading).
 *
 * Returns: (transfer full): the CSV text, UTF-8 with CRLF line ends
 */
char *
gch_feedback_list_to_csv_with_contact (GPtrArray *records,
                                       GTimeZone *zone)
{
  g_return_val_if_fail (records != NULL, NULL);

  return list_to_csv (records, zone, TRUE);
}
