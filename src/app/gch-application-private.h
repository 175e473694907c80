/* gch-application-private.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-alert-watch.h"
#include "gch-application.h"
#include "gch-feedback-watch.h"
#include "gch-notifier.h"
#include "gch-sync-controller.h"

G_BEGIN_DECLS

struct _GchApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GchClock       *clock;
  GchStore       *store;
  GchStation     *station;
  GError         *store_error;
  GchNotifier    *notifier;

  /* entries already notified for a long wait */
  GHashTable     *alerted;
  guint           alert_source;

  /* a supervisor's threshold alerts, each told once while it lasts */
  GchAlertWatch  *alert_watch;

  /* suggestions and complaints: the records nearly due and overdue, each
   * told once, checked every few minutes
   */
  GchFeedbackWatch *feedback_watch;
  guint           feedback_source;

  /* --demo: a database of its own, remade at each start, and a clock
   * that starts at the demo's time of day
   */
  gboolean        demo;

  /* --board: the waiting room's screen, a station that never acts */
  gboolean        board;

  /* --station NAME: a second station on this desktop, with its own data
   * folder, settings and application id
   */
  char           *station_name;
  char           *data_dir;

  /* The booking server. The token is only held here, and kept in the
   * keyring: never in a file, the database or the settings.
   */
  GchSyncController *sync;
  char           *server_url;
  char           *agent;
  char           *token;
  char           *login_password;   /* --password-stdin, until used */
  GtkWidget      *login_window;     /* weak */
};

void _gch_application_add_actions (GchApplication *self);
void _gch_application_make_board  (GchApplication *self);
void _gch_application_submit      (GchApplication   *self,
                                   const GchRequest *request);
void _gch_application_toast       (GchApplication   *self,
                                   const char       *message);
void _gch_application_show_login  (GchApplication   *self,
                                   const char       *message);
void _gch_application_log_out     (GchApplication   *self);

G_END_DECLS
