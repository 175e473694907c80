/* gch-feedback-export.c
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

#define G_LOG_DOMAIN "gch-feedback-export"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-feedback-export.h"

/* The register as CSV (win.export-feedback): every record, one row each,
 * from the core's export. For a supervisor or the quality referent, the
 * person's name, e-mail and phone too: each contact is read with
 * gch_store_read_feedback_contact(), which saves the reading as an event
 * (DESIGN.md §7), so an export of personal data leaves a trace per record.
 * The contacts this station does not keep (records logged at another
 * station) are read at the server in one request, whose reads the server
 * records (and feeds back): none recorded here, none written here.
 * Offline, the file is written with the contacts the station has, and
 * the count of the others is told. Anyone else gets the rows without
 * them. All of it in a worker.
 */

typedef struct
{
  GchStore     *store;
  GchSync      *sync;   /* NULL: no server to ask */
  GFile        *file;
  GTimeZone    *zone;
  char         *reader;
  GchAgentRole  role;
  gint64        now;
  guint         n_contacts;
  guint         n_unread;   /* kept at the server, not read: offline */
  GError       *unread_error;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_clear_object (&export->store);
  g_clear_object (&export->sync);
  g_clear_error (&export->unread_error);
  g_clear_object (&export->file);
  g_clear_pointer (&export->zone, g_time_zone_unref);
  g_free (export->reader);
  g_free (export);
}

static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) remote = NULL;   /* of records: the contacts kept at the server */
  g_autofree char *csv = NULL;
  gboolean with_contact = gch_agent_role_reads_personal_data (export->role);
  GError *error = NULL;

  if (!(records = gch_store_list_feedback (export->store, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Only the records with the person's consent hold a contact to read:
   * here when the station keeps it, else at the server.
   */
  remote = g_ptr_array_new ();
  for (guint i = 0; with_contact && i < records->len; i++)
    {
      GchFeedback *feedback = g_ptr_array_index (records, i);
      gboolean here = FALSE;

      if (!gch_feedback_get_consent (feedback))
        continue;
      if (!gch_store_has_feedback_contact (export->store, gch_feedback_get_id (feedback), &here,
                                           &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (!here)
        {
          g_ptr_array_add (remote, feedback);
          continue;
        }
      if (!gch_store_read_feedback_contact (export->store, feedback, export->reader,
                                            export->role, export->now, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (gch_feedback_has_contact (feedback))
        export->n_contacts++;
    }

  if (remote->len > 0 && export->sync == NULL)
    export->n_unread = remote->len;
  else if (remote->len > 0 &&
           !gch_sync_fetch_feedback_contacts (export->sync, remote, NULL, cancellable,
                                              &export->unread_error))
    export->n_unread = remote->len;
  else
    for (guint i = 0; i < remote->len; i++)
      if (gch_feedback_has_contact (g_ptr_array_index (remote, i)))
        export->n_contacts++;

  csv = with_contact ? gch_feedback_list_to_csv_with_contact (records, export->zone)
                     : gch_feedback_list_to_csv (records, export->zone);
  if (!g_file_replace_contents (export->file, csv, strlen (csv), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION | G_FILE_CREATE_PRIVATE, NULL,
                                cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * gch_feedback_export_dup_filename:
 *
 * Returns: (transfer full): the name an export gets by default,
 *   "registre-reclamations-2026-11-24.csv"
 */
char *
gch_feedback_export_dup_filename (GchStation *station)
{
  GchDay *day;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (GCH_IS_STATION (station), NULL);

  day = gch_station_get_day (station);
  zone = day != NULL && day->site != NULL ? gch_site_dup_time_zone (day->site)
                                          : g_time_zone_new_local ();
  utc = g_date_time_new_from_unix_utc (gch_clock_now (gch_station_get_clock (station)));
  local = g_date_time_to_timezone (utc, zone);
  date = g_date_time_format (local, "%Y-%m-%d");
  return g_strdup_printf ("registre-reclamations-%s.csv", date);
}

/**
 * gch_feedback_export_describe:
 * @file: the file written
 * @n_contacts: how many contacts went into it
 * @n_unread: how many contacts kept at the server could not be read
 *
 * Returns: (transfer full): what the toast says of a written export that
 *   holds contacts or lacks some
 */
char *
gch_feedback_export_describe (GFile *file,
                              guint  n_contacts,
                              guint  n_unread)
{
  g_autofree char *name = NULL;
  g_autofree char *saved = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  if (n_contacts == 0)
    saved = g_strdup_printf (_("Saved “%s”."), name);
  else
    /* Translators: a file's name, then how many people's contacts it holds */
    saved = g_strdup_printf (ngettext ("Saved “%s”, with %u person’s contact: keep it safe.",
                                       "Saved “%s”, with %u people’s contacts: keep it safe.",
                                       n_contacts),
                             name, n_contacts);
  if (n_unread == 0)
    return g_steal_pointer (&saved);

  /* Translators: the sentence above, then how many contacts are missing from the file */
  return g_strdup_printf (ngettext ("%s %u contact kept at the server could not be read "
                                    "(offline).",
                                    "%s %u contacts kept at the server could not be read "
                                    "(offline).",
                                    n_unread),
                          saved, n_unread);
}

/**
 * gch_feedback_export_async:
 * @reader: who exports, for the events of the contacts read
 * @role: their role: the contact columns are only for a supervisor or the
 *   quality referent
 * @file: where to write the CSV
 *
 * Writes the whole register to @file, in a worker. The contacts the
 * station does not keep are read at the server with the station's sync
 * (gch_station_get_sync()), in one request; offline, the file is written
 * without them and gch_feedback_export_finish() counts them.
 */
void
gch_feedback_export_async (GchStation          *station,
                           const char          *reader,
                           GchAgentRole         role,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Export *export;
  GchDay *day;

  g_return_if_fail (GCH_IS_STATION (station));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_feedback_export_async);

  day = gch_station_get_day (station);
  export = g_new0 (Export, 1);
  export->store = g_object_ref (gch_station_get_store (station));
  if (gch_station_get_sync (station) != NULL)
    export->sync = g_object_ref (gch_station_get_sync (station));
  export->file = g_object_ref (file);
  export->zone = day != NULL && day->site != NULL ? gch_site_dup_time_zone (day->site)
                                                  : g_time_zone_new_local ();
  export->reader = g_strdup (reader);
  export->role = reader != NULL ? role : GCH_AGENT_ROLE_AGENT;
  export->now = gch_clock_now (gch_station_get_clock (station));
  g_task_set_task_data (task, export, export_free);
  g_task_run_in_thread (task, export_worker);
}

/**
 * gch_feedback_export_finish:
 * @n_contacts: (out) (optional): how many contacts went into the file
 * @n_unread: (out) (optional): how many contacts kept at the server could
 *   not be read (offline): the file has those rows without them
 *
 * Returns: %TRUE if the file was written
 */
gboolean
gch_feedback_export_finish (GAsyncResult  *result,
                            guint         *n_contacts,
                            guint         *n_unread,
                            GError       **error)
{
  Export *export;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  export = g_task_get_task_data (G_TASK (result));
  if (n_contacts != NULL)
    *n_contacts = export->n_contacts;
  if (n_unread != NULL)
    *n_unread = export->n_unread;
  if (export->unread_error != NULL)
    g_debug ("Contacts kept at the server not read: %s", export->unread_error->message);
  return g_task_propagate_boolean (G_TASK (result), error);
}
