/* test-hall.c: the supervisor's changes of the hall, through the app's actions and dialogs
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

#include <glib/gi18n.h>

#include "gch-application-private.h"
#include "gch-guichet-dialog.h"
#include "gch-login-window.h"
#include "gch-test-app.h"
#include "gch-test-day.h"
#include "gch-test-server.h"
#include "gch-thresholds-dialog.h"

/* The demo day, as François Roux (its supervisor) or Claire Martin (an
 * agent): each action of the supervisor's hall changes the live day, and
 * online reaches the server and another station; an agent's is refused
 * with its sentence and changes nothing; bad input says what is wrong and
 * leaves everything as it was. The dialogs are filled and saved as a
 * person does, through their widgets.
 */

#define SUPERVISOR "--demo --agent f.roux"
#define AGENT "--demo --agent c.martin"
#define PASSWORD "supervisor-password-1"

/* A message of the app, in the language it runs in, its "%u" filled. */
static const char *says (const char *msgid,
                         ...) G_GNUC_PRINTF (1, 2);

static const char *
says (const char *msgid,
      ...)
{
  static char text[512];
  va_list args;

  va_start (args, msgid);
  g_vsnprintf (text, sizeof text, g_dgettext (GETTEXT_PACKAGE, msgid), args);
  va_end (args);
  return text;
}

/* Whoever is at @number leaves the counter, so that the guichet is free. */
static void
free_guichet (GchTestApp *fixture,
              guint       number)
{
  GchQueueEntry *current = gch_day_current_for_guichet (gch_test_app_get_day (fixture), number);
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  GchRequest request = { 0 };

  if (current == NULL)
    return;
  request.guichet = number;
  request.action = gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED
                   ? GCH_ACTION_NO_SHOW : GCH_ACTION_FINISH_SERVICE;
  change = gch_station_run (gch_test_app_get_station (fixture), &request, &error);
  g_assert_no_error (error);
}

/* A person waiting for their service only, and an open guichet of that
 * service that is not where they would go anyway.
 */
static GchQueueEntry *
movable_entry (GchTestApp *fixture,
               guint      *target)
{
  GchDay *day = gch_test_app_get_day (fixture);

  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);
      const char *code = gch_service_get_code (gch_queue_entry_get_service (entry));

      if (gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_WAITING ||
          gch_queue_entry_get_guichet (entry) != 0 ||
          gch_queue_entry_get_priority (entry) != GCH_PRIORITY_NONE)
        continue;
      for (guint j = 0; j < day->guichets->len; j++)
        {
          GchGuichet *guichet = g_ptr_array_index (day->guichets, j);

          if (gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_OPEN &&
              gch_guichet_handles (guichet, code))
            {
              *target = gch_guichet_get_number (guichet);
              return entry;
            }
        }
    }

  g_assert_not_reached ();
}

static const char *waited_ticket;
static guint waited_guichet;

static gboolean
entry_assigned (GchTestApp *fixture)
{
  GchQueueEntry *entry = gch_station_find_ticket (gch_test_app_get_station (fixture), waited_ticket);

  return gch_queue_entry_get_guichet (entry) == waited_guichet;
}

static gboolean
entry_prioritised (GchTestApp *fixture)
{
  GchQueueEntry *entry = gch_station_find_ticket (gch_test_app_get_station (fixture), waited_ticket);

  return gch_queue_entry_get_priority (entry) == GCH_PRIORITY_PREGNANCY;
}

static guint waited_wait, waited_waiting;

static gboolean
thresholds_set (GchTestApp *fixture)
{
  GchService *titres = gch_day_find_service (gch_test_app_get_day (fixture), "titres");

  return gch_service_get_max_wait_minutes (titres) == waited_wait &&
         gch_service_get_max_waiting_per_guichet (titres) == waited_waiting;
}

static gboolean
guichet_2_handles_info (GchTestApp *fixture)
{
  return gch_guichet_handles (gch_day_find_guichet (gch_test_app_get_day (fixture), 2), "info");
}

static gboolean
guichet_3_handles_permis (GchTestApp *fixture)
{
  return gch_guichet_handles (gch_day_find_guichet (gch_test_app_get_day (fixture), 3), "permis");
}

static gboolean
benali_at_3 (GchTestApp *fixture)
{
  return g_strcmp0 (gch_guichet_get_agent_id (gch_day_find_guichet (gch_test_app_get_day (fixture), 3)),
                    "k.benali") == 0;
}

static gboolean
guichet_4_closed (GchTestApp *fixture)
{
  return gch_guichet_get_state (gch_day_find_guichet (gch_test_app_get_day (fixture), 4)) ==
         GCH_GUICHET_STATE_CLOSED;
}

/* The state of what the actions change, to tell that a refusal changed nothing. */
static char *
hall_state (GchTestApp *fixture)
{
  GchDay *day = gch_test_app_get_day (fixture);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);

      g_string_append_printf (out, "%s %u/%u\n", gch_service_get_code (service),
                              gch_service_get_max_wait_minutes (service),
                              gch_service_get_max_waiting_per_guichet (service));
    }
  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, i);
      g_autofree char *services = g_strjoinv (",", (char **) gch_guichet_get_services (guichet));

      g_string_append_printf (out, "guichet %u %d %s %s\n", gch_guichet_get_number (guichet),
                              gch_guichet_get_state (guichet),
                              gch_guichet_get_agent_id (guichet) ?: "-", services);
    }
  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      g_string_append_printf (out, "%s %d g%u p%d\n", gch_queue_entry_get_ticket (entry),
                              gch_queue_entry_get_state (entry), gch_queue_entry_get_guichet (entry),
                              gch_queue_entry_get_priority (entry));
    }
  g_string_append_printf (out, "mode %d outbox %" G_GINT64_FORMAT "\n",
                          gch_site_get_mode (day->site),
                          gch_store_count_outbox (gch_station_get_store (gch_test_app_get_station (fixture))));

  return g_string_free (out, FALSE);
}

static void
activate (GchTestApp *fixture,
          const char *action,
          GVariant   *parameter)
{
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), action, parameter);
}

/* Refused with @message, on screen, and nothing changed. */
static void
assert_refused (GchTestApp *fixture,
                const char *action,
                GVariant   *parameter,
                const char *message)
{
  g_autofree char *before = hall_state (fixture);
  g_autofree char *after = NULL;

  g_variant_ref_sink (parameter);
  activate (fixture, action, parameter);
  g_variant_unref (parameter);
  g_assert_true (gch_test_app_wait_for_text (fixture, message));
  gch_test_app_iterate ();
  after = hall_state (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* Every action of the hall, as the supervisor, on a station alone. */
static void
check_actions (GchTestApp *fixture)
{
  g_autofree char *ticket = NULL;
  g_autofree char *closed = g_utf8_strdown (gch_guichet_state_to_label (GCH_GUICHET_STATE_CLOSED), -1);
  const char *services[] = { "titres", "info", NULL };
  GchQueueEntry *entry;
  guint target;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  g_assert_true (gch_application_is_supervisor (fixture->app));

  entry = movable_entry (fixture, &target);
  ticket = g_strdup (gch_queue_entry_get_ticket (entry));
  waited_ticket = ticket;
  waited_guichet = target;
  activate (fixture, "assign", g_variant_new ("(su)", ticket, target));
  g_assert_true (gch_test_app_wait_until (fixture, entry_assigned));
  waited_guichet = 0;
  activate (fixture, "assign", g_variant_new ("(su)", ticket, 0));
  g_assert_true (gch_test_app_wait_until (fixture, entry_assigned));

  activate (fixture, "set-priority", g_variant_new ("(ss)", ticket, "pregnancy"));
  g_assert_true (gch_test_app_wait_until (fixture, entry_prioritised));
  assert_refused (fixture, "set-priority", g_variant_new ("(ss)", ticket, "vip"),
                  "vip");

  waited_wait = 20;
  waited_waiting = 5;
  activate (fixture, "set-thresholds", g_variant_new ("(suu)", "titres", 20, 5));
  g_assert_true (gch_test_app_wait_until (fixture, thresholds_set));

  activate (fixture, "set-guichet-services", g_variant_new ("(u^as)", 2, services));
  g_assert_true (gch_test_app_wait_until (fixture, guichet_2_handles_info));

  free_guichet (fixture, 2);
  free_guichet (fixture, 3);
  activate (fixture, "seat-agent", g_variant_new ("(su)", "k.benali", 3));
  g_assert_true (gch_test_app_wait_until (fixture, benali_at_3));
  g_assert_null (gch_guichet_get_agent_id (gch_day_find_guichet (gch_test_app_get_day (fixture), 2)));

  /* Bad input: a threshold of zero, a move to a closed guichet. */
  assert_refused (fixture, "set-thresholds", g_variant_new ("(suu)", "titres", 0, 5),
                  says ("The longest wait must be from 1 to %u minutes.", 999));
  assert_refused (fixture, "set-thresholds", g_variant_new ("(suu)", "titres", 30, 1000),
                  says ("The most people waiting per open guichet must be from 1 to %u.", 999));
  free_guichet (fixture, 4);
  activate (fixture, "close-guichet-number", g_variant_new_uint32 (4));
  g_assert_true (gch_test_app_wait_until (fixture, guichet_4_closed));
  entry = movable_entry (fixture, &target);
  assert_refused (fixture, "assign", g_variant_new ("(su)", gch_queue_entry_get_ticket (entry), 4),
                  says ("Guichet %u is %s: open it before moving %s to it.", 4, closed,
                        gch_queue_entry_get_ticket (entry)));
  assert_refused (fixture, "set-guichet-services", g_variant_new ("(u^as)", 2, (const char *[]) { NULL }),
                  says ("Guichet %u must handle at least one service.", 2));

  /* The mode is the server's to keep: without one, it says so. */
  assert_refused (fixture, "set-mode", g_variant_new_string ("affluence"),
                  says ("Changing the site’s mode needs the server, and this station is not "
                        "logged in to one."));
}

static void
test_actions (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run (SUPERVISOR, check_actions);
}

/* An agent: every action refused with its sentence, nothing changed. */
static void
check_agent_refused (GchTestApp *fixture)
{
  const char *services[] = { "titres", "info", NULL };
  guint target;
  GchQueueEntry *entry;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  g_assert_false (gch_application_is_supervisor (fixture->app));
  entry = movable_entry (fixture, &target);

  assert_refused (fixture, "assign", g_variant_new ("(su)", gch_queue_entry_get_ticket (entry), target),
                  says ("Only a supervisor can move people between queues or change their "
                        "priority."));
  assert_refused (fixture, "set-thresholds", g_variant_new ("(suu)", "titres", 20, 5),
                  says ("Only a supervisor can change a service’s thresholds."));
  assert_refused (fixture, "set-guichet-services", g_variant_new ("(u^as)", 2, services),
                  says ("Only a supervisor can change the services a guichet handles."));
  assert_refused (fixture, "seat-agent", g_variant_new ("(su)", "k.benali", 3),
                  says ("Only a supervisor can seat an agent at a guichet."));
  assert_refused (fixture, "set-mode", g_variant_new_string ("crise"),
                  says ("Only a supervisor can change the site’s mode."));
}

static void
test_agent_refused (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run (AGENT, check_agent_refused);
}

/* The dialogs */

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (window))
        return window;
    }

  return NULL;
}

static gboolean
thresholds_dialog_shown (GchTestApp *fixture)
{
  return find_toplevel (GCH_TYPE_THRESHOLDS_DIALOG) != NULL;
}

static gboolean
thresholds_dialog_gone (GchTestApp *fixture)
{
  return find_toplevel (GCH_TYPE_THRESHOLDS_DIALOG) == NULL;
}

static gboolean
guichet_dialog_shown (GchTestApp *fixture)
{
  return find_toplevel (GCH_TYPE_GUICHET_DIALOG) != NULL;
}

static gboolean
guichet_dialog_gone (GchTestApp *fixture)
{
  return find_toplevel (GCH_TYPE_GUICHET_DIALOG) == NULL;
}

static GtkWidget *guichet_dialog;

static gboolean
guichet_dialog_refused (GchTestApp *fixture)
{
  return *gch_guichet_dialog_get_error (GCH_GUICHET_DIALOG (guichet_dialog)) != '\0';
}

/* The button of @root labelled @label ("_Save"), as a person finds it. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gch_test_app_find_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)),
                   g_dgettext (GETTEXT_PACKAGE, label)) == 0)
      return g_ptr_array_index (buttons, i);

  return NULL;
}

/* The check box of the row titled @title. */
static GtkCheckButton *
find_check (GtkWidget  *root,
            const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gch_test_app_find_widgets (root, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      {
        g_autoptr(GPtrArray) checks = g_ptr_array_new ();

        gch_test_app_find_widgets (g_ptr_array_index (rows, i), GTK_TYPE_CHECK_BUTTON, checks);
        return checks->len > 0 ? g_ptr_array_index (checks, 0) : NULL;
      }

  return NULL;
}

/* Chooses @name in the combo row of the agents. */
static void
choose_agent (GtkWidget  *root,
              const char *name)
{
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  AdwComboRow *combo;
  GListModel *model;

  gch_test_app_find_widgets (root, ADW_TYPE_COMBO_ROW, combos);
  g_assert_cmpuint (combos->len, ==, 1);
  combo = g_ptr_array_index (combos, 0);
  model = adw_combo_row_get_model (combo);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name))
      {
        adw_combo_row_set_selected (combo, i);
        return;
      }
  g_assert_not_reached ();
}

static void
check_dialogs (GchTestApp *fixture)
{
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *dialog;
  GchGuichet *g2;
  GtkCheckButton *titres, *info;
  const char *busy_agent;
  GchService *service;
  guint busy = 0;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));

  /* The thresholds of titres: shown as they are, saved as typed. */
  activate (fixture, "edit-thresholds", g_variant_new_string ("titres"));
  g_assert_true (gch_test_app_wait_until (fixture, thresholds_dialog_shown));
  dialog = find_toplevel (GCH_TYPE_THRESHOLDS_DIALOG);
  gch_test_app_find_widgets (dialog, GTK_TYPE_SPIN_BUTTON, spins);
  g_assert_cmpuint (spins->len, ==, 2);
  service = gch_day_find_service (gch_test_app_get_day (fixture), "titres");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (g_ptr_array_index (spins, 0)), ==,
                   gch_service_get_max_wait_minutes (service));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (g_ptr_array_index (spins, 1)), ==,
                   gch_service_get_max_waiting_per_guichet (service));
  /* Ready to type the longest wait. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)),
                                         g_ptr_array_index (spins, 0)) ||
                 gtk_window_get_focus (GTK_WINDOW (dialog)) == g_ptr_array_index (spins, 0));
  gch_test_app_screenshot ("thresholds-dialog");
  /* Typed, not yet left: the field's text counts. */
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (spins, 0)), "35");
  gtk_spin_button_set_value (g_ptr_array_index (spins, 1), 4);
  /* What Enter does in the first field: Save. */
  {
    g_autoptr(GPtrArray) texts = g_ptr_array_new ();

    gch_test_app_find_widgets (g_ptr_array_index (spins, 0), GTK_TYPE_TEXT, texts);
    g_assert_cmpuint (texts->len, ==, 1);
    g_signal_emit_by_name (g_ptr_array_index (texts, 0), "activate");
  }
  waited_wait = 35;
  waited_waiting = 4;
  g_assert_true (gch_test_app_wait_until (fixture, thresholds_set));
  g_assert_true (gch_test_app_wait_until (fixture, thresholds_dialog_gone));

  /* Escape leaves it, changing nothing. */
  activate (fixture, "edit-thresholds", g_variant_new_string ("titres"));
  g_assert_true (gch_test_app_wait_until (fixture, thresholds_dialog_shown));
  gtk_widget_activate_action (find_toplevel (GCH_TYPE_THRESHOLDS_DIALOG), "window.close", NULL);
  g_assert_true (gch_test_app_wait_until (fixture, thresholds_dialog_gone));
  g_assert_true (thresholds_set (fixture));

  /* Guichet 2: no service at all is refused in the dialog, which keeps
   * what was chosen.
   */
  activate (fixture, "edit-guichet", g_variant_new_uint32 (2));
  g_assert_true (gch_test_app_wait_until (fixture, guichet_dialog_shown));
  guichet_dialog = dialog = find_toplevel (GCH_TYPE_GUICHET_DIALOG);
  g2 = gch_day_find_guichet (gch_test_app_get_day (fixture), 2);
  titres = find_check (dialog, gch_service_get_name (gch_day_find_service (gch_test_app_get_day (fixture), "titres")));
  info = find_check (dialog, gch_service_get_name (gch_day_find_service (gch_test_app_get_day (fixture), "info")));
  g_assert_nonnull (titres);
  g_assert_nonnull (info);
  g_assert_true (gtk_check_button_get_active (titres));
  g_assert_false (gtk_check_button_get_active (info));
  gch_test_app_screenshot ("guichet-dialog");

  before = hall_state (fixture);
  gtk_check_button_set_active (titres, FALSE);
  gtk_widget_activate (find_button (dialog, "_Save"));
  g_assert_true (gch_test_app_wait_until (fixture, guichet_dialog_refused));
  g_assert_cmpstr (gch_guichet_dialog_get_error (GCH_GUICHET_DIALOG (dialog)), ==,
                   says ("Guichet %u must handle at least one service.", 2));
  g_assert_true (guichet_dialog_shown (fixture));
  g_assert_false (gtk_check_button_get_active (titres));
  after = hall_state (fixture);
  g_assert_cmpstr (after, ==, before);

  /* An agent still serving someone elsewhere cannot be moved: the
   * services are saved, the seat is refused with who and where.
   */
  for (guint n = 3; n <= 8 && busy == 0; n++)
    if (gch_day_current_for_guichet (gch_test_app_get_day (fixture), n) != NULL &&
        gch_guichet_get_agent_id (gch_day_find_guichet (gch_test_app_get_day (fixture), n)) != NULL)
      busy = n;
  g_assert_cmpuint (busy, !=, 0);
  free_guichet (fixture, 2);
  busy_agent = gch_guichet_get_agent_id (gch_day_find_guichet (gch_test_app_get_day (fixture), busy));
  gtk_check_button_set_active (titres, TRUE);
  gtk_check_button_set_active (info, TRUE);
  choose_agent (dialog, gch_agent_get_name (gch_day_find_agent (gch_test_app_get_day (fixture), busy_agent)));
  gtk_widget_activate (find_button (dialog, "_Save"));
  g_assert_true (gch_test_app_wait_until (fixture, guichet_2_handles_info));
  g_assert_true (gch_test_app_wait_until (fixture, guichet_dialog_refused));
  g_test_message ("refused: %s", gch_guichet_dialog_get_error (GCH_GUICHET_DIALOG (dialog)));
  g_assert_nonnull (strstr (gch_guichet_dialog_get_error (GCH_GUICHET_DIALOG (dialog)),
                            gch_queue_entry_get_ticket (gch_day_current_for_guichet (gch_test_app_get_day (fixture), busy))));
  g_assert_cmpstr (gch_guichet_get_agent_id (g2), ==, "k.benali");

  /* Nobody, then: saved, and the dialog closes. */
  choose_agent (dialog, g_dpgettext2 (GETTEXT_PACKAGE, "agent", "Nobody"));
  gtk_widget_activate (find_button (dialog, "_Save"));
  g_assert_true (gch_test_app_wait_until (fixture, guichet_dialog_gone));
  g_assert_null (gch_guichet_get_agent_id (g2));
  g_assert_true (g_strv_equal (gch_guichet_get_services (g2), (const char *[]) { "titres", "info", NULL }) ||
                 g_strv_equal (gch_guichet_get_services (g2), (const char *[]) { "info", "titres", NULL }));
}

static void
test_dialogs (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run (SUPERVISOR, check_dialogs);
}

/* Online: the supervisor logged in to the real server */

static GchTestServer *server;
static char *date;

static GtkWidget *
find_login_window (void)
{
  return find_toplevel (GCH_TYPE_LOGIN_WINDOW);
}

static gboolean
login_window_shown (GchTestApp *fixture)
{
  return find_login_window () != NULL;
}

static gboolean
online (GchTestApp *fixture)
{
  GchSyncController *sync = gch_application_get_sync (fixture->app);

  return sync != NULL && gch_sync_controller_get_online (sync) &&
         gch_sync_controller_get_waiting (sync) == 0 && find_login_window () == NULL;
}

static void
log_in (GchTestApp *fixture,
        const char *agent,
        const char *password)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  GtkWidget *login;

  g_assert_true (gch_test_app_wait_until (fixture, gch_test_app_day_loaded));
  gch_test_app_press (fixture, "<Control>l");
  g_assert_true (gch_test_app_wait_until (fixture, login_window_shown));
  login = find_login_window ();
  gch_test_app_find_widgets (login, ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 0)), gch_test_server_get_url (server));
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 1)), agent);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 2)), password);
  gch_test_app_find_widgets (g_ptr_array_index (rows, 2), GTK_TYPE_TEXT, texts);
  g_signal_emit_by_name (g_ptr_array_index (texts, 0), "activate");
  g_assert_true (gch_test_app_wait_until (fixture, online));
}

static GchStation *
synced_station (const char *name,
                const char *token)
{
  GchStation *station = gch_test_new_demo_station (gch_test_server_get_dir (server), name, date);
  g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (station),
                                          gch_test_server_get_url (server), token);
  g_autoptr(GError) error = NULL;
  GchSyncReport report;

  gch_sync_run (sync, &report, NULL, &error);
  g_assert_no_error (error);
  gch_station_set_day (station, gch_store_load_day (gch_station_get_store (station), date, NULL));
  return station;
}

static gboolean
mode_is_affluence (GchTestApp *fixture)
{
  return gch_site_get_mode (gch_test_app_get_day (fixture)->site) == GCH_SITE_MODE_AFFLUENCE;
}

static GchGuichet *shown_guichet;
static GchService *shown_service;

static gboolean
other_changes_shown (GchTestApp *fixture)
{
  return gch_guichet_handles (shown_guichet, "info") &&
         gch_service_get_max_wait_minutes (shown_service) == 12 &&
         gch_service_get_max_waiting_per_guichet (shown_service) == 2;
}

/* The server's sentence, in its language or the app's. */
static gboolean
conflict_told (GchTestApp *fixture)
{
#define SENTENCE "Another supervisor changed the mode meanwhile: the site is in “%s” mode now. " \
                 "Nothing was changed."
  g_autofree char *shown = gch_test_app_screen_text (fixture);
  g_autofree char *english = g_strdup_printf (SENTENCE, "crise");

  return strstr (shown, english) != NULL || strstr (shown, says (SENTENCE, "crise")) != NULL;
#undef SENTENCE
}

static gboolean
mode_is_crise (GchTestApp *fixture)
{
  return gch_site_get_mode (gch_test_app_get_day (fixture)->site) == GCH_SITE_MODE_CRISE;
}

static void
check_online (GchTestApp *fixture)
{
  static const char * const services[] = { "titres", "permis", NULL };
  g_autofree char *token = gch_test_server_login (server, "f.roux", PASSWORD);
  g_autofree char *ticket = NULL;
  g_autoptr(GchStation) other = NULL;
  g_autoptr(GchTestResponse) stale = NULL;
  GchQueueEntry *entry;
  guint target;
  GchDay *day;

  log_in (fixture, "f.roux", PASSWORD);
  g_assert_true (gch_application_is_supervisor (fixture->app));

  waited_wait = 50;
  waited_waiting = 9;
  activate (fixture, "set-thresholds", g_variant_new ("(suu)", "titres", 50, 9));
  g_assert_true (gch_test_app_wait_until (fixture, thresholds_set));

  /* The other actions of the hall, each sent at once. */
  entry = movable_entry (fixture, &target);
  ticket = g_strdup (gch_queue_entry_get_ticket (entry));
  waited_ticket = ticket;
  waited_guichet = target;
  activate (fixture, "assign", g_variant_new ("(su)", ticket, target));
  g_assert_true (gch_test_app_wait_until (fixture, entry_assigned));
  activate (fixture, "set-priority", g_variant_new ("(ss)", ticket, "pregnancy"));
  g_assert_true (gch_test_app_wait_until (fixture, entry_prioritised));
  activate (fixture, "set-guichet-services", g_variant_new ("(u^as)", 3, services));
  g_assert_true (gch_test_app_wait_until (fixture, guichet_3_handles_permis));
  free_guichet (fixture, 2);
  free_guichet (fixture, 3);
  activate (fixture, "seat-agent", g_variant_new ("(su)", "k.benali", 3));
  g_assert_true (gch_test_app_wait_until (fixture, benali_at_3));
  g_assert_true (gch_test_app_wait_until (fixture, online));

  /* The mode: at once on this screen, at the server, and at another station. */
  activate (fixture, "set-mode", g_variant_new_string ("affluence"));
  g_assert_true (gch_test_app_wait_until (fixture, mode_is_affluence));

  other = synced_station ("other.sqlite", token);
  day = gch_station_get_day (other);
  g_assert_cmpuint (gch_service_get_max_wait_minutes (gch_day_find_service (day, "titres")), ==, 50);
  g_assert_cmpuint (gch_service_get_max_waiting_per_guichet (gch_day_find_service (day, "titres")),
                    ==, 9);
  g_assert_cmpint (gch_site_get_mode (day->site), ==, GCH_SITE_MODE_AFFLUENCE);
  g_assert_cmpuint (gch_queue_entry_get_guichet (gch_station_find_ticket (other, ticket)), ==, target);
  g_assert_cmpint (gch_queue_entry_get_priority (gch_station_find_ticket (other, ticket)), ==,
                   GCH_PRIORITY_PREGNANCY);
  g_assert_true (g_strv_equal (gch_guichet_get_services (gch_day_find_guichet (day, 3)), services));
  g_assert_cmpstr (gch_guichet_get_agent_id (gch_day_find_guichet (day, 3)), ==, "k.benali");
  g_assert_null (gch_guichet_get_agent_id (gch_day_find_guichet (day, 2)));

  /* What another supervisor's station changes comes to this screen, in
   * place: the same guichet and service objects, updated.
   */
  {
    static const char * const with_info[] = { "titres", "info", NULL };
    g_autoptr(GchSync) sync = gch_sync_new (gch_station_get_store (other),
                                            gch_test_server_get_url (server), token);
    g_autoptr(GchChange) first = NULL, second = NULL;
    g_autoptr(GError) error = NULL;
    GchRequest request = { 0 };
    GchSyncReport report;

    shown_guichet = gch_day_find_guichet (gch_test_app_get_day (fixture), 2);
    shown_service = gch_day_find_service (gch_test_app_get_day (fixture), "permis");
    request.action = GCH_ACTION_SET_GUICHET_SERVICES;
    request.target_guichet = 2;
    request.services = (const char **) with_info;
    first = gch_station_run (other, &request, &error);
    g_assert_no_error (error);
    request = (GchRequest) { .action = GCH_ACTION_SET_THRESHOLDS, .service = "permis",
                             .max_wait_minutes = 12, .max_waiting_per_guichet = 2 };
    second = gch_station_run (other, &request, &error);
    g_assert_no_error (error);
    g_assert_true (gch_sync_run (sync, &report, NULL, &error));
    g_assert_cmpuint (report.refused, ==, 0);
    g_assert_true (gch_test_app_wait_until (fixture, other_changes_shown));
    g_assert_true (shown_guichet == gch_day_find_guichet (gch_test_app_get_day (fixture), 2));
    g_assert_true (shown_service == gch_day_find_service (gch_test_app_get_day (fixture), "permis"));
  }

  /* Another supervisor changed it meanwhile, and this screen has not
   * heard yet: this one is told, and the screen follows the server.
   */
  stale = gch_test_server_request (server, "PUT", "/api/v1/site/mode", token,
                                   "{\"mode\": \"crise\", \"from\": \"affluence\"}");
  g_assert_cmpuint (stale->status, ==, 200);
  g_assert_true (gch_test_app_wait_until (fixture, mode_is_crise));
  gch_site_set_mode (gch_test_app_get_day (fixture)->site, GCH_SITE_MODE_AFFLUENCE);
  activate (fixture, "set-mode", g_variant_new_string ("normal"));
  g_assert_true (gch_test_app_wait_until (fixture, conflict_told));
  g_assert_true (gch_test_app_wait_until (fixture, mode_is_crise));
}

static void
test_online (void)
{
  date = gch_demo_today ();
  server = gch_test_server_new ();
  gch_test_server_load_demo (server, date);
  gch_test_server_add_agent (server, "f.roux", "François Roux", "supervisor", PASSWORD);
  gch_test_server_start (server, NULL);
  gch_test_app_clear_data ();

  gch_test_app_run ("--demo", check_online);

  g_clear_pointer (&server, gch_test_server_free);
  g_clear_pointer (&date, g_free);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/hall/actions", test_actions);
  g_test_add_func ("/hall/agent-refused", test_agent_refused);
  g_test_add_func ("/hall/dialogs", test_dialogs);
  g_test_add_func ("/hall/online", test_online);

  return g_test_run ();
}
