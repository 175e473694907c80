/* gch-ticket-printer.h: the paper ticket a visitor takes from the reception
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

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * GchTicket:
 * @ticket: the ticket number, `A042`, printed huge
 * @service: the service's name, `Carte d'identité et passeport`
 * @site: the site's name, `Préfecture de démonstration`
 * @issued_at: when the ticket was issued, in seconds since the epoch
 * @tz: (nullable): the site's time zone, for the date and times; %NULL for the machine's
 * @rank: the visitor's rank in the queue, 0 when unknown
 * @wait_seconds: the estimated wait, -1 when unknown
 * @notice: (nullable): the message of the site's mode (gch_mode_get_message()),
 *   printed in bold above the quieter hours
 * @quiet_hours: (nullable): the site's quieter hours, `14:00–15:00, 16:00–16:30`
 * @message: (nullable): the site's message to visitors (affluence, closures…)
 * @appointment: %TRUE for an appointment holder who checked in
 * @slot: the appointment's time, in seconds since the epoch, when @appointment is %TRUE
 *
 * What a printed ticket says. The printer copies it: the caller keeps ownership.
 */
typedef struct {
  const char *ticket;
  const char *service;
  const char *site;
  gint64      issued_at;
  GTimeZone  *tz;
  guint       rank;
  gint64      wait_seconds;
  const char *notice;
  const char *quiet_hours;
  const char *message;
  gboolean    appointment;
  gint64      slot;
} GchTicket;

void      gch_ticket_printer_print_async  (GtkWindow           *parent,
                                           const GchTicket     *ticket,
                                           const char          *pdf_path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  gch_ticket_printer_print_finish (GAsyncResult        *result,
                                           GError             **error);
char     *gch_ticket_printer_describe     (const GchTicket     *ticket);

G_END_DECLS
