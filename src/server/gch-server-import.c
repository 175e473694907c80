/* gch-server-import.c: a day's appointments from a JSON or CSV file
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

/* The booking system hands the server a day's appointments as a file. Every
 * row is checked before anything is written, every problem is reported with
 * its line, and the day is then written by gch_store_import_day() in one
 * transaction: a file is imported whole or not at all.
 */

#define G_LOG_DOMAIN "gch-server-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gch-appointment.h"
#include "gch-codec.h"
#include "gch-day.h"
#include "gch-error.h"
#include "gch-server-import.h"
#include "gch-server-request.h"
#include "gch-service.h"
#include "gch-site.h"
#include "gch-store.h"

/* Past this many, the rest of the problems are only counted. */
#define MAX_REPORTED_PROBLEMS 20

#define MAX_TEXT_LENGTH 200

enum
{
  COLUMN_REFERENCE,
  COLUMN_DATE,
  COLUMN_SERVICE,
  COLUMN_STARTS_AT,
  COLUMN_DURATION_MINUTES,
  COLUMN_PERSONS,
  COLUMN_HOLDER_NAME,
  COLUMN_PHONE,
  COLUMN_EMAIL,
  COLUMN_DOSSIER_NUMBER,
  COLUMN_PREDEMANDE_NUMBER,
  N_COLUMNS
};

static const char * const column_names[N_COLUMNS] = {
  "reference", "date", "service", "starts_at", "duration_minutes", "persons", "holder_name",
  "phone", "email", "dossier_number", "predemande_number",
};

/* One CSV record: its fields, and the line it starts on. */
typedef struct
{
  guint      line;
  GPtrArray *fields;
} Record;

static void
record_clear (gpointer data)
{
  Record *record = data;

  g_clear_pointer (&record->fields, g_ptr_array_unref);
}

/* The problems found in a file, each with where it is. */
typedef struct
{
  GString *text;
  guint    count;
} Problems;

G_GNUC_PRINTF (3, 4)
static void
problems_add (Problems   *problems,
              const char *where,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  problems->count++;
  if (problems->count > MAX_REPORTED_PROBLEMS)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_string_append_printf (problems->text, "\n  %s: %s", where, message);
}

static gboolean
problems_report (Problems    *problems,
                 GError     **error)
{
  if (problems->count == 0)
    return TRUE;

  if (problems->count > MAX_REPORTED_PROBLEMS)
    g_string_append_printf (problems->text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "\n  … and %u more problem.",
                                         "\n  … and %u more problems.",
                                         problems->count - MAX_REPORTED_PROBLEMS),
                            problems->count - MAX_REPORTED_PROBLEMS);

  g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
               g_dngettext (GETTEXT_PACKAGE,
                            "The file was refused and nothing was imported: %u problem.%s",
                            "The file was refused and nothing was imported: %u problems.%s",
                            problems->count),
               problems->count, problems->text->str);
  return FALSE;
}

/* Text checks */

static gboolean
is_plain_text (const char *text,
               gsize       max_length)
{
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > (glong)max_length)
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
is_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +.-()", *p) == NULL)
        return FALSE;
    }

  return digits >= 4 && digits <= 20;
}

static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
         strchr (text, ' ') == NULL && strchr (at, '.') != NULL && is_plain_text (text, 254);
}

static gboolean
parse_number (const char *text,
              guint       min,
              guint       max,
              guint      *value)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    return FALSE;

  *value = number;
  return TRUE;
}

/* HH:MM or H:MM, local time */
static gboolean
parse_time_of_day (const char *text,
                   guint      *minutes)
{
  const char *colon = strchr (text, ':');
  g_autofree char *hours_text = NULL;
  guint hours, mins;

  if (colon == NULL || colon == text || colon - text > 2 || strlen (colon + 1) != 2)
    return FALSE;

  hours_text = g_strndup (text, colon - text);
  if (!parse_number (hours_text, 0, 23, &hours) || !parse_number (colon + 1, 0, 59, &mins))
    return FALSE;

  *minutes = hours * 60 + mins;
  return TRUE;
}

/* The day to import into */

static void
copy_objects (GPtrArray *to,
              GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_object_ref (g_ptr_array_index (from, i)));
}

/* Reads the site's configuration from the store, and checks that @date has
 * nothing yet: the appointments then go into a day of their own.
 */
static GchDay *
new_import_day (GchStore    *store,
                const char  *date,
                GError     **error)
{
  g_autoptr(GchDay) existing = NULL;
  g_autoptr(GchDay) day = NULL;

  if (!(existing = gch_store_load_day (store, date, error)))
    return NULL;

  if (existing->site == NULL)
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The server has no site yet: load one first, for example with "
                             "“guichet-server load-demo”. Nothing was imported."));
      return NULL;
    }

  if (existing->appointments->len > 0 || existing->entries->len > 0)
    {
      /* Translators: %s is a date, 2026-11-23 */
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The day %s already has appointments or tickets: importing it again "
                     "would mix two versions of the day. Nothing was imported."),
                   date);
      return NULL;
    }

  day = gch_day_new (date);
  day->site = g_object_ref (existing->site);
  copy_objects (day->services, existing->services);
  copy_objects (day->guichets, existing->guichets);
  copy_objects (day->agents, existing->agents);

  return g_steal_pointer (&day);
}

/* CSV */

/* RFC 4180: fields separated by commas, records by CRLF or LF; a field in
 * double quotes may hold commas, line breaks and doubled quotes.
 */
static gboolean
split_csv (const char  *data,
           gsize        length,
           GArray      *records,
           GError     **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  GPtrArray *fields = NULL;
  guint line = 1, record_line = 1;
  gsize i = 0;

  /* Spreadsheets often start their UTF-8 files with a byte order mark. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  while (i <= length)
    {
      gboolean end_of_data = i == length;
      char c = end_of_data ? '\n' : data[i];

      if (fields == NULL)
        {
          if (end_of_data)
            break;
          fields = g_ptr_array_new_with_free_func (g_free);
          record_line = line;
        }

      if (c == '"' && field->len == 0)
        {
          /* A quoted field runs to the next quote that is not doubled. */
          gboolean closed = FALSE;

          for (i++; i < length; i++)
            {
              if (data[i] == '"' && i + 1 < length && data[i + 1] == '"')
                {
                  g_string_append_c (field, '"');
                  i++;
                }
              else if (data[i] == '"')
                {
                  closed = TRUE;
                  i++;
                  break;
                }
              else
                {
                  if (data[i] == '\n')
                    line++;
                  g_string_append_c (field, data[i]);
                }
            }

          if (!closed)
            {
              g_ptr_array_unref (fields);
              g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The file was refused and nothing was imported: line %u opens "
                             "a quoted field that is never closed."),
                           record_line);
              return FALSE;
            }

          if (i < length && data[i] != ',' && data[i] != '\n' && data[i] != '\r')
            {
              g_ptr_array_unref (fields);
              g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The file was refused and nothing was imported: line %u has "
                             "text after a quoted field."),
                           line);
              return FALSE;
            }
          continue;
        }

      if (c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (c == '\n' || (c == '\r' && i + 1 < length && data[i + 1] == '\n'))
        {
          Record record;

          if (c == '\r')
            i++;

          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);

          /* Blank lines carry nothing: skip them. */
          if (fields->len == 1 && ((char *)g_ptr_array_index (fields, 0))[0] == '\0')
            g_ptr_array_unref (fields);
          else
            {
              record.line = record_line;
              record.fields = fields;
              g_array_append_val (records, record);
            }

          fields = NULL;
          line++;
        }
      else
        g_string_append_c (field, c);

      i++;
    }

  g_assert (fields == NULL);
  return TRUE;
}

static gboolean
map_header (const Record  *header,
            int           *columns,
            GError       **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint c = 0; c < N_COLUMNS; c++)
    columns[c] = -1;

  for (guint f = 0; f < header->fields->len; f++)
    {
      const char *name = g_ptr_array_index (header->fields, f);
      g_autofree char *stripped = g_strstrip (g_strdup (name));
      gboolean known = FALSE;

      for (guint c = 0; c < N_COLUMNS; c++)
        if (g_str_equal (stripped, column_names[c]))
          {
            if (columns[c] != -1)
              {
                g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                             _("The file was refused and nothing was imported: line %u has "
                               "the column “%s” twice."),
                             header->line, column_names[c]);
                return FALSE;
              }
            columns[c] = f;
            known = TRUE;
          }

      if (!known)
        {
          if (strchr (name, ';') != NULL)
            g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                         _("The file was refused and nothing was imported: its fields are "
                           "separated by “;”. Save it as CSV with commas, with the header %s."),
                         GCH_SERVER_IMPORT_CSV_HEADER);
          else
            g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                         _("The file was refused and nothing was imported: line %u has an "
                           "unknown column “%s”. The columns are %s."),
                         header->line, g_utf8_validate (stripped, -1, NULL) ? stripped : "?",
                         GCH_SERVER_IMPORT_CSV_HEADER);
          return FALSE;
        }
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    if (columns[c] == -1)
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", column_names[c]);

  if (missing->len > 0)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The file was refused and nothing was imported: its header (line %u) "
                     "lacks the columns %s."),
                   header->line, missing->str);
      return FALSE;
    }

  return TRUE;
}

static const char *
record_field (const Record *record,
              const int    *columns,
              guint         column)
{
  return g_ptr_array_index (record->fields, columns[column]);
}

/* Returns the date of the first row that has a valid one. */
static const char *
find_csv_date (GArray    *records,
               const int *columns)
{
  for (guint r = 1; r < records->len; r++)
    {
      const Record *record = &g_array_index (records, Record, r);

      if (record->fields->len == N_COLUMNS &&
          gch_day_parse_date (record_field (record, columns, COLUMN_DATE), NULL, NULL, NULL))
        return record_field (record, columns, COLUMN_DATE);
    }

  return NULL;
}

static GchAppointment *
read_csv_row (GchDay       *day,
              const Record *record,
              const int    *columns,
              GHashTable   *references,
              Problems     *problems)
{
  g_autofree char *where = g_strdup_printf (_("line %u"), record->line);
  const char *fields[N_COLUMNS];
  GchService *service = NULL;
  guint starts_at = 0, duration = 0, persons = 0;
  guint before = problems->count;

  if (record->fields->len != N_COLUMNS)
    {
      problems_add (problems, where, _("%u fields instead of %u"),
                    record->fields->len, (guint)N_COLUMNS);
      return NULL;
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      fields[c] = record_field (record, columns, c);
      if (!g_utf8_validate (fields[c], -1, NULL))
        {
          problems_add (problems, where, _("the column %s is not UTF-8 text"), column_names[c]);
          return NULL;
        }
    }

  if (fields[COLUMN_REFERENCE][0] == '\0' || !is_plain_text (fields[COLUMN_REFERENCE], 64))
    problems_add (problems, where, _("the reference must be 1 to 64 characters"));
  else if (g_hash_table_contains (references, fields[COLUMN_REFERENCE]))
    problems_add (problems, where, _("the reference “%s” is already on line %u"),
                  fields[COLUMN_REFERENCE],
                  GPOINTER_TO_UINT (g_hash_table_lookup (references, fields[COLUMN_REFERENCE])));
  else
    g_hash_table_insert (references, (gpointer)fields[COLUMN_REFERENCE],
                         GUINT_TO_POINTER (record->line));

  if (!gch_day_parse_date (fields[COLUMN_DATE], NULL, NULL, NULL))
    problems_add (problems, where, _("the date “%s” is not a date written YYYY-MM-DD"),
                  fields[COLUMN_DATE]);
  else if (!g_str_equal (fields[COLUMN_DATE], day->date))
    problems_add (problems, where,
                  _("the date %s is not the file’s day, %s: a file holds one day"),
                  fields[COLUMN_DATE], day->date);

  service = gch_day_find_service (day, fields[COLUMN_SERVICE]);
  if (service == NULL)
    problems_add (problems, where, _("the service “%s” is not one of the site’s"),
                  fields[COLUMN_SERVICE]);
  else if (!gch_service_get_accepts_appointments (service))
    problems_add (problems, where, _("the service “%s” takes no appointments"),
                  fields[COLUMN_SERVICE]);

  if (!parse_time_of_day (fields[COLUMN_STARTS_AT], &starts_at))
    problems_add (problems, where, _("the start time “%s” is not a time written HH:MM"),
                  fields[COLUMN_STARTS_AT]);

  if (!parse_number (fields[COLUMN_DURATION_MINUTES], 1, 24 * 60, &duration))
    problems_add (problems, where, _("the duration “%s” is not a number of minutes from 1 to %u"),
                  fields[COLUMN_DURATION_MINUTES], 24 * 60);

  if (!parse_number (fields[COLUMN_PERSONS], 1, 99, &persons))
    problems_add (problems, where, _("the number of persons “%s” is not a number from 1 to 99"),
                  fields[COLUMN_PERSONS]);

  if (fields[COLUMN_HOLDER_NAME][0] == '\0' ||
      !is_plain_text (fields[COLUMN_HOLDER_NAME], MAX_TEXT_LENGTH))
    problems_add (problems, where, _("the holder’s name must be 1 to %u characters"),
                  MAX_TEXT_LENGTH);

  if (fields[COLUMN_PHONE][0] != '\0' && !is_phone (fields[COLUMN_PHONE]))
    problems_add (problems, where, _("the phone number “%s” is not one"), fields[COLUMN_PHONE]);

  if (fields[COLUMN_EMAIL][0] != '\0' && !is_email (fields[COLUMN_EMAIL]))
    problems_add (problems, where, _("the e-mail address “%s” is not one"), fields[COLUMN_EMAIL]);

  if (!is_plain_text (fields[COLUMN_DOSSIER_NUMBER], 64))
    problems_add (problems, where, _("the dossier number must be at most 64 characters"));

  if (!is_plain_text (fields[COLUMN_PREDEMANDE_NUMBER], 64))
    problems_add (problems, where, _("the pré-demande number must be at most 64 characters"));

  if (problems->count > before)
    return NULL;

#define OR_NULL(s) ((s)[0] != '\0' ? (s) : NULL)
  return g_object_new (GCH_TYPE_APPOINTMENT,
                       "reference", fields[COLUMN_REFERENCE],
                       "service", service,
                       "starts-at", gch_day_local_time (day, starts_at),
                       "duration-minutes", duration,
                       "persons", persons,
                       "holder-name", fields[COLUMN_HOLDER_NAME],
                       "phone", OR_NULL (fields[COLUMN_PHONE]),
                       "email", OR_NULL (fields[COLUMN_EMAIL]),
                       "dossier-number", OR_NULL (fields[COLUMN_DOSSIER_NUMBER]),
                       "predemande-number", OR_NULL (fields[COLUMN_PREDEMANDE_NUMBER]),
                       NULL);
#undef OR_NULL
}

static gint
compare_appointments (gconstpointer a,
                      gconstpointer b)
{
  GchAppointment *x = *(GchAppointment **)a;
  GchAppointment *y = *(GchAppointment **)b;
  gint64 dx = gch_appointment_get_starts_at (x), dy = gch_appointment_get_starts_at (y);

  if (dx != dy)
    return dx < dy ? -1 : 1;
  return g_strcmp0 (gch_appointment_get_reference (x), gch_appointment_get_reference (y));
}

/**
 * gch_server_import_read_csv:
 * @store: where the site's configuration is read
 *
 * Reads a day's appointments from CSV with a header line naming the
 * columns of %GCH_SERVER_IMPORT_CSV_HEADER (in any order); starts_at is the
 * local time HH:MM at the site. Every row is checked.
 *
 * Returns: (transfer full): the day to give gch_store_import_day(), or
 *   %NULL with a %GCH_ERROR_INVALID @error that lists each bad row by its
 *   line number
 */
GchDay *
gch_server_import_read_csv (GchStore    *store,
                            const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(GArray) records = g_array_new (FALSE, TRUE, sizeof (Record));
  g_autoptr(GHashTable) references = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GchDay) day = NULL;
  Problems problems = { NULL, 0 };
  int columns[N_COLUMNS];
  const char *date;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (store), NULL);

  g_array_set_clear_func (records, record_clear);

  if (!split_csv (data, length, records, error))
    return NULL;

  if (records->len == 0)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The file is empty: it needs the header %s and one line per "
                     "appointment."),
                   GCH_SERVER_IMPORT_CSV_HEADER);
      return NULL;
    }

  if (!map_header (&g_array_index (records, Record, 0), columns, error))
    return NULL;

  if (records->len == 1)
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The file has a header but no appointment: nothing was imported."));
      return NULL;
    }

  if (!(date = find_csv_date (records, columns)))
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The file was refused and nothing was imported: no line has a "
                             "date written YYYY-MM-DD."));
      return NULL;
    }

  if (!(day = new_import_day (store, date, error)))
    return NULL;

  problems.text = g_string_new (NULL);
  for (guint r = 1; r < records->len; r++)
    {
      GchAppointment *appointment = read_csv_row (day, &g_array_index (records, Record, r),
                                                  columns, references, &problems);

      if (appointment != NULL)
        g_ptr_array_add (day->appointments, appointment);
    }

  ok = problems_report (&problems, error);
  g_string_free (problems.text, TRUE);
  if (!ok)
    return NULL;

  g_ptr_array_sort (day->appointments, compare_appointments);
  return g_steal_pointer (&day);
}

/* JSON */

/**
 * gch_server_import_read_json:
 * @store: where the site's configuration is read
 *
 * Reads `{"date": "YYYY-MM-DD", "appointments": [...]}`, each appointment
 * in the shape of gch_codec_appointment_to_json(). Every appointment is
 * checked: the codec reads it, and it must start on the file's day.
 *
 * Returns: (transfer full): the day to give gch_store_import_day(), or
 *   %NULL with a %GCH_ERROR_INVALID @error that lists each bad appointment
 *   by its position (1 is the first)
 */
GchDay *
gch_server_import_read_json (GchStore    *store,
                             const char  *data,
                             gsize        length,
                             GError     **error)
{
  static const char * const members[] = { "date", "appointments" };
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GchDay) day = NULL;
  g_autoptr(GHashTable) references = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GError) local_error = NULL;
  Problems problems = { NULL, 0 };
  JsonNode *node, *list;
  const char *date;
  JsonArray *array;
  gboolean ok;

  g_return_val_if_fail (GCH_IS_STORE (store), NULL);

  if (!(object = gch_server_request_parse_object (data, length, &local_error)))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The file was refused and nothing was imported: %s"), local_error->message);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (!json_object_has_member (object, members[i]))
      {
        g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                     _("The file was refused and nothing was imported: it has no “%s”."),
                     members[i]);
        return NULL;
      }
  if (json_object_get_size (object) != G_N_ELEMENTS (members))
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The file was refused and nothing was imported: it may only have "
                             "“date” and “appointments”."));
      return NULL;
    }

  node = json_object_get_member (object, "date");
  date = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING ?
         json_node_get_string (node) : NULL;
  if (!gch_day_parse_date (date, NULL, NULL, NULL))
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The file was refused and nothing was imported: its “date” is not "
                             "a date written YYYY-MM-DD."));
      return NULL;
    }

  list = json_object_get_member (object, "appointments");
  if (!JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The file was refused and nothing was imported: its "
                             "“appointments” is not a list."));
      return NULL;
    }
  array = json_node_get_array (list);

  if (json_array_get_length (array) == 0)
    {
      g_set_error_literal (error, GCH_ERROR, GCH_ERROR_INVALID,
                           _("The file has no appointment: nothing was imported."));
      return NULL;
    }

  if (!(day = new_import_day (store, date, error)))
    return NULL;
  tz = gch_site_dup_time_zone (day->site);

  problems.text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("appointment %u"), i + 1);
      g_autoptr(GchAppointment) appointment = NULL;
      g_autoptr(GError) appointment_error = NULL;
      g_autofree char *starts_on = NULL;
      const char *reference;

      appointment = gch_codec_appointment_from_json (json_array_get_element (array, i), day,
                                                     &appointment_error);
      if (appointment == NULL)
        {
          problems_add (&problems, where, "%s",
                        appointment_error != NULL ? appointment_error->message : "?");
          continue;
        }

      reference = gch_appointment_get_reference (appointment);
      starts_on = gch_day_date_of (tz, gch_appointment_get_starts_at (appointment));

      if (reference == NULL || reference[0] == '\0')
        problems_add (&problems, where, _("it has no reference"));
      else if (g_hash_table_contains (references, reference))
        problems_add (&problems, where, _("the reference “%s” is already appointment %u"),
                      reference, GPOINTER_TO_UINT (g_hash_table_lookup (references, reference)));
      else if (!g_str_equal (starts_on, date))
        problems_add (&problems, where,
                      _("it starts on %s, not on the file’s day, %s"), starts_on, date);
      else
        {
          g_hash_table_insert (references, (gpointer)reference, GUINT_TO_POINTER (i + 1));
          g_ptr_array_add (day->appointments, g_steal_pointer (&appointment));
        }
    }

  ok = problems_report (&problems, error);
  g_string_free (problems.text, TRUE);
  if (!ok)
    return NULL;

  g_ptr_array_sort (day->appointments, compare_appointments);
  return g_steal_pointer (&day);
}

/* Files */

/**
 * gch_server_import_file:
 * @path: a `.json` or `.csv` file
 * @date: (out) (optional) (transfer full): the day imported
 * @n_appointments: (out) (optional): how many appointments
 *
 * Reads @path, checks all of it, and imports it in one transaction.
 *
 * Returns: %TRUE when the day was imported, %FALSE with @error set when
 *   nothing was
 */
gboolean
gch_server_import_file (GchStore    *store,
                        const char  *path,
                        char       **date,
                        guint       *n_appointments,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(GchDay) day = NULL;
  gsize length;

  g_return_val_if_fail (GCH_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (!g_str_has_suffix (lower, ".json") && !g_str_has_suffix (lower, ".csv"))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("“%s” is neither a .json nor a .csv file."), path);
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  if (g_str_has_suffix (lower, ".json"))
    day = gch_server_import_read_json (store, contents, length, error);
  else
    day = gch_server_import_read_csv (store, contents, length, error);

  if (day == NULL || !gch_store_import_day (store, day, error))
    return FALSE;

  if (date != NULL)
    *date = g_strdup (day->date);
  if (n_appointments != NULL)
    *n_appointments = day->appointments->len;

  return TRUE;
}
