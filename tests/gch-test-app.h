/* gch-test-app.h: running the real application in a test, and reading its screen
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gch-application.h"
#include "gch-window.h"

G_BEGIN_DECLS

typedef struct _GchTestApp GchTestApp;

struct _GchTestApp
{
  GchApplication *app;
  GchWindow      *window;    /* the desk, or NULL with --board */
  GtkWindow      *toplevel;  /* the window the app opened: the desk or the board */
  gboolean        timed_out;
  void          (*check) (GchTestApp *fixture);
};

void      gch_test_app_init          (int          *argc,
                                      char       ***argv);
void      gch_test_app_clear_data    (void);
void      gch_test_app_feed_password (const char   *password);
GchStation *gch_test_app_get_station (GchTestApp   *fixture);
GchDay   *gch_test_app_get_day       (GchTestApp   *fixture);
gboolean  gch_test_app_day_loaded    (GchTestApp   *fixture);
char     *gch_test_app_data_path     (const char   *name);
void      gch_test_app_run           (const char   *args,
                                      void        (*check) (GchTestApp *fixture));
char     *gch_test_app_screen_text   (GchTestApp   *fixture);
gboolean  gch_test_app_wait_for_text (GchTestApp   *fixture,
                                      const char   *text);
gboolean  gch_test_app_wait_until    (GchTestApp   *fixture,
                                      gboolean    (*done) (GchTestApp *fixture));
void      gch_test_app_iterate       (void);
void      gch_test_app_press         (GchTestApp   *fixture,
                                      const char   *accel);
void      gch_test_app_activate      (GchTestApp   *fixture,
                                      const char   *action,
                                      const char   *parameter);
GtkWidget *gch_test_app_find_dialog  (GchTestApp   *fixture);
void      gch_test_app_screenshot    (const char   *name);
void      gch_test_app_find_widgets  (GtkWidget    *root,
                                      GType         type,
                                      GPtrArray    *found);

G_END_DECLS
