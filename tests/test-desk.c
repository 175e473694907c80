/* test-desk.c: a day at the desk and at the reception, driven as an agent does
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
#include <sqlite3.h>

#include "gch-application-private.h"
#include "gch-queue-item.h"
#include "gch-test-app.h"

/* Each test runs the demo day in French and drives it through the
 * shortcuts and the application actions, then checks the screen and the
 * database on disk.
 */

static GchQueueEntry *
current_at_1 (GchTestApp *fixture)
{
  return gch_day_current_for_guichet (gch_station_get_day (gch_test_app_get_station (fixture)), 1);
}

static GchEntryState wanted_state;

static gboolean
current_is_in_wanted_state (GchTestApp *fixture)
{
  GchQueueEntry *current = current_at_1 (fixture);

  return current != NULL && gch_queue_entry_get_state (current) == wanted_state;
}

static gboolean
nobody_at_1 (GchTestApp *fixture)
{
  return current_at_1 (fixture) == NULL;
}

static gboolean
dialog_shown (GchTestApp *fixture)
{
  return gch_test_app_find_dialog (fixture) != NULL;
}

static void
respond (GchTestApp *fixture,
         const char *response)
{
  GtkWidget *dialog;

  g_assert_true (gch_test_app_wait_until (fixture, dialog_shown));
  dialog = gch_test_app_find_dialog (fixture);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gint64
count_rows (GchStation *station,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (gch_store_get_path (gch_station_get_store (station)), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

/* The entry as the database holds it, read back from disk. */
static GchEntryState
state_on_disk (GchStation *station,
               const char *ticket)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GchDay) day = gch_store_load_day (gch_station_get_store (station),
                                              gch_station_get_day (station)->date, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      if (g_str_equal (gch_queue_entry_get_ticket (entry), ticket))
        return gch_queue_entry_get_state (entry);
    }

  g_assert_not_reached ();
}

static gboolean
called_or_nobody_waiting (GchTestApp *fixture)
{
  g_autofree char *shown = gch_test_app_screen_text (fixture);
  GchQueueEntry *current = current_at_1 (fixture);

  return (current != NULL && gch_queue_entry_get_state (current) == GCH_ENTRY_STATE_CALLED) ||
         strstr (shown, "Personne n’attend pour le guichet 1.") != NULL;
}

/* Calls, starts and finishes the next person with F5, F7 and F8 + Enter.
 * Returns the ticket served, or NULL when nobody waits any more.
 */
static char *
serve_next (GchTestApp *fixture)
{
  g_autofree char *ticket = NULL;

  gch_test_app_press (fixture, "F5");
  g_assert_true (gch_test_app_wait_until (fixture, called_or_nobody_waiting));
  if (current_at_1 (fixture) == NULL)
    return NULL;

  ticket = g_strdup (gch_queue_entry_get_ticket (current_at_1 (fixture)));
  g_assert_true (gch_test_app_wait_for_text (fixture, ticket));
  g_assert_true (gch_test_app_wait_for_text (fixture, "Appelé à"));

  gch_test_app_press (fixture, "F7");
  wanted_state = GCH_ENTRY_STATE_SERVING;
  g_assert_true (gch_test_app_wait_until (fixture, current_is_in_wanted_state));

  gch_test_app_press (fixture, "F8");
  respond (fixture, "served");
  g_assert_true (gch_test_app_wait_until (fixture, nobody_at_1));
  g_assert_cmpint (state_on_disk (gch_test_app_get_station (fixture), ticket), ==, GCH_ENTRY_STATE_DONE);

  return g_steal_pointer (&ticket);
}

/* A whole morning at guichet 1, from the keyboard: the person being served
 * at 10:30 first, then everyone who waits, with a recall, a no-show, a hold
 * and its return, a transfer, a call out of turn, and a pause.
 */
static void
check_keyboard_day (GchTestApp *fixture)
{
  GchStation *station;
  g_autofree char *held = NULL;
  g_autofree char *no_show = NULL;
  g_autofree char *transferred = NULL;
  GchQueueEntry *current;
  guint served = 0;
  char *ticket;

  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente ("));
  station = gch_test_app_get_station (fixture);

  /* At 10:30, someone is already at guichet 1: finish with them. */
  g_assert_nonnull (current_at_1 (fixture));
  if (gch_queue_entry_get_state (current_at_1 (fixture)) == GCH_ENTRY_STATE_CALLED)
    gch_test_app_press (fixture, "F7");
  wanted_state = GCH_ENTRY_STATE_SERVING;
  g_assert_true (gch_test_app_wait_until (fixture, current_is_in_wanted_state));
  gch_test_app_press (fixture, "F8");
  respond (fixture, "served");
  g_assert_true (gch_test_app_wait_until (fixture, nobody_at_1));

  /* Recall, then no-show (F6, F9) */
  gch_test_app_press (fixture, "F5");
  wanted_state = GCH_ENTRY_STATE_CALLED;
  g_assert_true (gch_test_app_wait_until (fixture, current_is_in_wanted_state));
  current = current_at_1 (fixture);
  no_show = g_strdup (gch_queue_entry_get_ticket (current));
  gch_test_app_press (fixture, "F6");
  g_assert_true (gch_test_app_wait_for_text (fixture, "Rappelé à"));
  g_assert_cmpuint (gch_queue_entry_get_recalls (current), ==, 1);
  gch_test_app_press (fixture, "F9");
  g_assert_true (gch_test_app_wait_until (fixture, nobody_at_1));
  g_assert_cmpint (state_on_disk (station, no_show), ==, GCH_ENTRY_STATE_NO_SHOW);

  /* Hold (Ctrl+H) while the person fetches a document, then bring back */
  gch_test_app_press (fixture, "F5");
  wanted_state = GCH_ENTRY_STATE_CALLED;
  g_assert_true (gch_test_app_wait_until (fixture, current_is_in_wanted_state));
  held = g_strdup (gch_queue_entry_get_ticket (current_at_1 (fixture)));
  gch_test_app_press (fixture, "F7");
  wanted_state = GCH_ENTRY_STATE_SERVING;
  g_assert_true (gch_test_app_wait_until (fixture, current_is_in_wanted_state));
  gch_test_app_press (fixture, "<Control>h");
  g_assert_true (gch_test_app_wait_until (fixture, nobody_at_1));
  g_assert_true (gch_test_app_wait_for_text (fixture, "Faire revenir"));
  g_assert_cmpint (state_on_disk (station, held), ==, GCH_ENTRY_STATE_ON_HOLD);
  gch_test_app_activate (fixture, "resume", held);
  gch_test_app_iterate ();
  g_assert_cmpint (gch_queue_entry_get_state (gch_station_find_ticket (station, held)), ==,
                   GCH_ENTRY_STATE_WAITING);

  /* Transfer (Ctrl+T): the person gets a new ticket in the service chosen */
  gch_test_app_press (fixture, "F5");
  wanted_state = GCH_ENTRY_STATE_CALLED;
  g_assert_true (gch_test_app_wait_until (fixture, current_is_in_wanted_state));
  gch_test_app_press (fixture, "F7");
  wanted_state = GCH_ENTRY_STATE_SERVING;
  g_assert_true (gch_test_app_wait_until (fixture, current_is_in_wanted_state));
  transferred = g_strdup (gch_queue_entry_get_ticket (current_at_1 (fixture)));
  gch_test_app_press (fixture, "<Control>t");
  g_assert_true (gch_test_app_wait_for_text (fixture, "Réorienter"));
  respond (fixture, "transfer");
  g_assert_true (gch_test_app_wait_until (fixture, nobody_at_1));
  g_assert_true (gch_test_app_wait_for_text (fixture, "nouveau ticket"));
  g_assert_cmpint (state_on_disk (station, transferred), ==, GCH_ENTRY_STATE_TRANSFERRED);

  /* Pause and reopen the guichet (Ctrl+Shift+P, Ctrl+Shift+O) */
  gch_test_app_press (fixture, "<Control><Shift>p");
  g_assert_true (gch_test_app_wait_for_text (fixture, "En pause"));
  gch_test_app_press (fixture, "F5");
  g_assert_true (gch_test_app_wait_for_text (fixture, "ouvrez-le avant d’appeler"));
  gch_test_app_press (fixture, "<Control><Shift>o");
  g_assert_true (gch_test_app_wait_for_text (fixture, "Ouvert"));

  /* Everyone else, until nobody waits for guichet 1 */
  while ((ticket = serve_next (fixture)) != NULL)
    {
      served++;
      g_free (ticket);
      g_assert_cmpuint (served, <, 200);
    }

  g_assert_cmpuint (served, >, 5);
  g_assert_true (gch_test_app_wait_for_text (fixture, "Personne n’attend pour le guichet 1."));
  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente (0)"));
  g_test_message ("served %u people at guichet 1", served);

  /* Every action went to the outbox, one operation each. */
  g_assert_cmpint (count_rows (station, "SELECT count(*) FROM outbox"), >=, 3 * served);
}

static void
test_keyboard_day (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo", check_keyboard_day);
}

/* The queue updates in place: calling the next person removes one row;
 * a new ticket adds one. Nothing is rebuilt.
 */
typedef struct
{
  guint position;
  guint removed;
  guint added;
} Splice;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GArray     *log)
{
  Splice splice = { position, removed, added };

  g_array_append_val (log, splice);
}

static guint expected_length;

static gboolean
queue_has_expected_length (GchTestApp *fixture)
{
  return g_list_model_get_n_items (gch_window_get_waiting (fixture->window)) == expected_length;
}

static void
check_in_place (GchTestApp *fixture)
{
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (Splice));
  g_autoptr(GchQueueItem) first = NULL;
  g_autoptr(GchQueueItem) second = NULL;
  g_autoptr(GchQueueItem) still_second = NULL;
  GListModel *model;
  Splice *splice;
  guint n;

  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente ("));
  model = gch_window_get_waiting (fixture->window);

  /* Free the guichet first. */
  gch_test_app_activate (fixture, "finish-service", "served");
  g_assert_true (gch_test_app_wait_until (fixture, nobody_at_1));

  n = g_list_model_get_n_items (model);
  first = g_list_model_get_item (model, 0);
  second = g_list_model_get_item (model, 1);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), log);

  gch_test_app_press (fixture, "F5");
  expected_length = n - 1;
  g_assert_true (gch_test_app_wait_until (fixture, queue_has_expected_length));
  gch_test_app_iterate ();

  g_assert_cmpuint (log->len, ==, 1);
  splice = &g_array_index (log, Splice, 0);
  g_assert_cmpuint (splice->position, ==, 0);
  g_assert_cmpuint (splice->removed, ==, 1);
  g_assert_cmpuint (splice->added, ==, 0);
  g_assert_true (gch_queue_item_get_entry (first) == current_at_1 (fixture));

  /* The one behind moved up: the same item, now first, with its new rank. */
  still_second = g_list_model_get_item (model, 0);
  g_assert_true (still_second == second);
  g_assert_cmpuint (gch_queue_item_get_rank (second), ==, 1);

  /* A walk-in for this guichet's own service: one row added. */
  g_array_set_size (log, 0);
  gch_test_app_activate (fixture, "issue-ticket", "info");
  expected_length = n;
  g_assert_true (gch_test_app_wait_until (fixture, queue_has_expected_length));
  gch_test_app_iterate ();

  g_assert_cmpuint (log->len, ==, 1);
  splice = &g_array_index (log, Splice, 0);
  g_assert_cmpuint (splice->removed, ==, 0);
  g_assert_cmpuint (splice->added, ==, 1);

  g_signal_handlers_disconnect_by_func (model, on_items_changed_cb, log);
}

static void
test_in_place (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo", check_in_place);
}

/* The reception checks an appointment holder in from the search, with
 * Enter; the ticket prints once, and a second print is refused.
 */
static char *tickets_folder;

static guint
count_pdfs (void)
{
  g_autoptr(GDir) dir = g_dir_open (tickets_folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static char *
pdf_text (void)
{
  g_autoptr(GDir) dir = g_dir_open (tickets_folder, 0, NULL);
  g_autofree char *path = g_build_filename (tickets_folder, g_dir_read_name (dir), NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftotext", path, "-", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, NULL, NULL));

  /* Long lines wrap on an 80 mm ticket: read it as one line. */
  return g_strdelimit (g_steal_pointer (&out), "\n", ' ');
}

static GchAppointment *
next_expected_at_1 (GchStation *station)
{
  g_autoptr(GPtrArray) expected = gch_day_expected_for_guichet (gch_station_get_day (station), 1);
  gint64 now = gch_clock_now (gch_station_get_clock (station));

  /* The first whose time has not passed: they are on time. */
  for (guint i = 0; i < expected->len; i++)
    if (gch_appointment_get_starts_at (g_ptr_array_index (expected, i)) > now)
      return g_ptr_array_index (expected, i);

  g_assert_not_reached ();
}

static gboolean
notification_server_runs (GchTestApp *fixture)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean runs = FALSE;

  reply = g_dbus_connection_call_sync (g_application_get_dbus_connection (G_APPLICATION (fixture->app)),
                                       "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                       G_VARIANT_TYPE ("(b)"), 0, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &runs);

  return runs;
}

static void
check_reception (GchTestApp *fixture)
{
  GtkWidget *search;
  GchAppointment *appointment;
  GchQueueEntry *entry;
  g_autoptr(GPtrArray) searches = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *printed_twice = NULL;
  GchStation *station;
  guint n_notified;

  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente ("));
  station = gch_test_app_get_station (fixture);
  appointment = next_expected_at_1 (station);
  n_notified = gch_notifier_get_n_shown (fixture->app->notifier);

  /* Ctrl+I: the reception, its search focused; the reference, then Enter */
  gch_test_app_press (fixture, "<Control>i");
  g_assert_true (gch_test_app_wait_for_text (fixture, "Ticket sans rendez-vous"));
  gch_test_app_find_widgets (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY, searches);
  g_assert_cmpuint (searches->len, ==, 1);
  search = g_ptr_array_index (searches, 0);
  g_assert_true (gtk_widget_has_focus (search) ||
                 gtk_widget_has_focus (gtk_widget_get_first_child (search)) ||
                 gtk_widget_is_focus (gtk_widget_get_next_sibling (gtk_widget_get_first_child (search))));
  gtk_editable_set_text (GTK_EDITABLE (search), gch_appointment_get_reference (appointment));
  gch_test_app_iterate ();
  g_signal_emit_by_name (search, "activate");

  g_assert_true (gch_test_app_wait_for_text (fixture, "Dernier ticket"));
  g_assert_true (gch_test_app_wait_for_text (fixture, "Imprimé"));
  g_assert_cmpint (gch_appointment_get_status (appointment), ==, GCH_APPOINTMENT_STATUS_CHECKED_IN);

  /* The ticket: on screen, on paper (a PDF here), in the database */
  entry = NULL;
  for (guint i = 0; i < gch_station_get_day (station)->entries->len; i++)
    if (gch_queue_entry_get_appointment (g_ptr_array_index (gch_station_get_day (station)->entries, i)) == appointment)
      entry = g_ptr_array_index (gch_station_get_day (station)->entries, i);
  g_assert_nonnull (entry);
  g_assert_true (gch_test_app_wait_for_text (fixture, gch_queue_entry_get_ticket (entry)));
  g_assert_cmpuint (count_pdfs (), ==, 1);
  text = pdf_text ();
  g_assert_nonnull (strstr (text, gch_queue_entry_get_ticket (entry)));
  g_assert_nonnull (strstr (text, gch_service_get_name (gch_appointment_get_service (appointment))));
  g_assert_nonnull (strstr (text, "Rendez-vous à"));
  g_assert_nonnull (strstr (text, "Heures plus calmes"));
  g_assert_nonnull (strstr (text, "Fermé le samedi 28 novembre"));
  g_assert_cmpint (gch_queue_entry_get_printed_at (entry), >, 0);
  g_assert_cmpint (count_rows (station, "SELECT count(*) FROM queue_entry WHERE printed_at > 0"), ==, 1);

  /* The holder is expected at guichet 1: its agent is told. */
  if (notification_server_runs (fixture))
    g_assert_cmpuint (gch_notifier_get_n_shown (fixture->app->notifier), >, n_notified);
  else
    g_test_message ("No notification server: the arrival was not notified, as it should not be.");

  /* Ctrl+P prints the last ticket: it was printed already, so it is refused. */
  printed_twice = g_strdup_printf ("Le ticket %s a déjà été imprimé", gch_queue_entry_get_ticket (entry));
  gch_test_app_press (fixture, "<Control>p");
  g_assert_true (gch_test_app_wait_for_text (fixture, printed_twice));
  g_assert_cmpuint (count_pdfs (), ==, 1);
}

/* Runs the demo with its tickets printed as PDFs in a folder of the test's. */
static void
run_printing_to_folder (void (*check) (GchTestApp *fixture))
{
  g_autoptr(GSettings) settings = g_settings_new ("fr.guichet.Guichet");

  gch_test_app_clear_data ();
  tickets_folder = g_dir_make_tmp ("guichet-tickets-XXXXXX", NULL);
  g_settings_set_string (settings, "ticket-pdf-folder", tickets_folder);
  g_settings_set_string (settings, "ticket-message", "Fermé le samedi 28 novembre");
  gch_test_app_run ("--demo", check);
  g_settings_reset (settings, "ticket-pdf-folder");
  g_settings_reset (settings, "ticket-message");
  g_clear_pointer (&tickets_folder, g_free);
}

static void
test_reception (void)
{
  run_printing_to_folder (check_reception);
}

/* Past a service's daily cap, the reception is told so and offered the
 * alternatives, and no ticket is issued.
 */
static void
check_walk_in_cap (GchTestApp *fixture)
{
  GchStation *station;
  GchService *service;
  guint remaining;
  gint64 tickets;

  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente ("));
  station = gch_test_app_get_station (fixture);
  service = gch_day_find_service (gch_station_get_day (station), "permis");
  remaining = gch_service_get_walk_in_cap (service) - gch_station_count_walk_ins (station, service);
  g_assert_cmpuint (remaining, >, 0);
  g_assert_cmpuint (remaining, <, 40);

  for (guint i = 0; i < remaining; i++)
    gch_test_app_activate (fixture, "issue-ticket", "permis");
  gch_test_app_activate (fixture, "issue-ticket", "permis:elderly");

  g_assert_true (gch_test_app_wait_for_text (fixture, "Proposez plutôt un rendez-vous ou un rappel."));
  gch_test_app_iterate ();
  tickets = count_rows (station, "SELECT count(*) FROM queue_entry WHERE service = 'permis'"
                                 " AND appointment IS NULL AND transferred_from IS NULL"
                                 " AND day = (SELECT max(day) FROM queue_entry)");
  g_assert_cmpint (tickets, ==, gch_service_get_walk_in_cap (service));

  gch_test_app_activate (fixture, "check-in", "");
  g_assert_true (gch_test_app_wait_for_text (fixture, "Plus de tickets sans rendez-vous aujourd’hui"));
}

static void
test_walk_in_cap (void)
{
  run_printing_to_folder (check_walk_in_cap);
}

/* Bad input gets a clear message and changes nothing. */
static void
check_bad_input (GchTestApp *fixture)
{
  static const struct {
    const char *action;
    const char *parameter;
    const char *message;
  } cases[] = {
    { "issue-ticket", "zzz", "Il n’y a pas de service «\u00a0zzz\u00a0» sur ce site." },
    { "issue-ticket", "titres:vip", "«\u00a0vip\u00a0» n’est pas une catégorie prioritaire" },
    { "issue-ticket", "natu", "Naturalisation se fait uniquement sur rendez-vous" },
    { "check-in", "RDV-NOPE", "Il n’y a pas de rendez-vous «\u00a0RDV-NOPE\u00a0» aujourd’hui." },
    { "transfer", "guichet:abc", "«\u00a0guichet:abc\u00a0» n’est pas un guichet" },
    { "call-entry", "Z999:urgence", "Il n’y a pas de ticket «\u00a0Z999\u00a0» aujourd’hui." },
    { "recall", NULL, "il n’y a personne à rappeler" },
    { "finish-service", "perhaps", "«\u00a0perhaps\u00a0» n’est pas une issue" },
    { "close-guichet", NULL, "est encore au guichet 1" },
  };
  GchStation *station;
  gint64 outbox, entries;

  g_assert_true (gch_test_app_wait_for_text (fixture, "En attente ("));
  station = gch_test_app_get_station (fixture);
  outbox = count_rows (station, "SELECT count(*) FROM outbox");
  entries = count_rows (station, "SELECT count(*) FROM queue_entry");

  /* Someone is being served at guichet 1 at 10:30. */
  g_assert_cmpint (gch_queue_entry_get_state (current_at_1 (fixture)), ==, GCH_ENTRY_STATE_SERVING);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gch_test_app_activate (fixture, cases[i].action, cases[i].parameter);
      g_assert_true (gch_test_app_wait_for_text (fixture, cases[i].message));
    }

  gch_test_app_iterate ();
  g_assert_cmpint (count_rows (station, "SELECT count(*) FROM outbox"), ==, outbox);
  g_assert_cmpint (count_rows (station, "SELECT count(*) FROM queue_entry"), ==, entries);
}

static void
test_bad_input (void)
{
  gch_test_app_clear_data ();
  gch_test_app_run ("--demo", check_bad_input);
}

int
main (int   argc,
      char *argv[])
{
  gch_test_app_init (&argc, &argv);

  g_test_add_func ("/desk/keyboard-day", test_keyboard_day);
  g_test_add_func ("/desk/in-place", test_in_place);
  g_test_add_func ("/reception/check-in-and-print", test_reception);
  g_test_add_func ("/reception/walk-in-cap", test_walk_in_cap);
  g_test_add_func ("/desk/bad-input", test_bad_input);

  return g_test_run ();
}
