/* gch-window.c
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

#define G_LOG_DOMAIN "gch-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gch-application-private.h"
#include "gch-appointment-row.h"
#include "gch-format.h"
#include "gch-list-sync.h"
#include "gch-queue-item.h"
#include "gch-queue-row.h"
#include "gch-reception-page.h"
#include "gch-supervisor-page.h"
#include "gch-figures-page.h"
#include "gch-numerique-page.h"
#include "gch-register-page.h"
#include "gch-save-chooser.h"
#include "gch-feedback-export.h"
#include "gch-feedback-report-dialog.h"
#include "gch-sync-indicator.h"
#include "gch-ticket-printer.h"
#include "gch-visit-panel.h"
#include "gch-window.h"

/* The station's window: the agent desk — who waits for this guichet and
 * when they should be called, who is expected later, who is at the counter
 * now — and the reception. It shows the station's day and never waits for
 * the disk: actions are saved in a worker, and what they change updates
 * the lists in place.
 */
struct _GchWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwViewSwitcherTitle *switcher_title;
  GtkLabel             *guichet_label;
  GtkLabel             *state_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  GtkStack             *desk_stack;
  AdwStatusPage        *no_guichet_page;
  GtkStack             *queue_stack;
  GtkStackPage         *waiting_page;
  GtkStackPage         *expected_page;
  GtkStack             *waiting_stack;
  GtkStack             *expected_stack;
  GtkListView          *waiting_view;
  GtkListView          *expected_view;
  GchVisitPanel        *visit_panel;
  GchReceptionPage     *reception_page;
  AdwViewStackPage     *supervisor_stack_page;
  GchSupervisorPage    *supervisor_page;
  AdwViewStackPage     *figures_stack_page;
  GchFiguresPage       *figures_page;
  GchNumeriquePage     *numerique_page;   /* point numérique */
  /* The register's page: suggestions and complaints */
  AdwViewStackPage     *register_stack_page;
  GchRegisterPage      *register_page;
  GchSyncIndicator     *sync_indicator;

  /* Owned References */
  GCancellable         *cancellable;
  GSettings            *settings;
  GchClock             *clock;
  GchStation           *station;
  GTimeZone            *tz;
  GListStore           *waiting;     /* GchQueueItem */
  GListStore           *expected;    /* GchAppointment */
  char                 *last_ticket; /* the last ticket issued from this window */
  AdwToast             *toast;       /* the message shown now, if any */
  GtkFileChooserNative *feedback_chooser;   /* suggestions and complaints: the export's */

  guint                 tick_source;
  guint                 guichet;
};

G_DEFINE_FINAL_TYPE (GchWindow, gch_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_GUICHET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The waits move with the clock, even when nobody acts. */
#define TICK_SECONDS 30

static char *
join_service_names (GchDay     *day,
                    GchGuichet *guichet)
{
  const char * const *codes = gch_guichet_get_services (guichet);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      GchService *service = gch_day_find_service (day, codes[i]);

      g_strv_builder_add (names, service ? gch_service_get_name (service) : codes[i]);
    }

  list = g_strv_builder_end (names);
  return g_strjoinv (" · ", list);
}

static void
set_page_title (GtkStackPage *page,
                GtkStack     *stack,
                const char   *name,
                guint         count)
{
  /* Translators: a tab title and how many people it lists, "Waiting (12)" */
  g_autofree char *title = g_strdup_printf (_("%s (%u)"), name, count);

  gtk_stack_page_set_title (page, title);
  gtk_stack_set_visible_child_name (stack, count > 0 ? "list" : "empty");
}

static gpointer
entry_of_item (gpointer item)
{
  return gch_queue_item_get_entry (item);
}

static gpointer
new_item (gpointer entry)
{
  return gch_queue_item_new (entry);
}

static gpointer
identity (gpointer item)
{
  return item;
}

static void
show_guichet_state (GchWindow  *self,
                    GchGuichet *guichet)
{
  GchGuichetState state = gch_guichet_get_state (guichet);

  gtk_label_set_label (self->guichet_label, gch_guichet_get_label (guichet));
  gtk_label_set_label (self->state_label, gch_guichet_state_to_label (state));
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "open");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "paused");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "closed");
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label),
                            gch_enum_to_nick (GCH_TYPE_GUICHET_STATE, state));
}

/* The desk of this guichet, from the queue policy's plan for now. */
static void
show_desk (GchWindow *self,
           GchDay    *day,
           GchGuichet *guichet)
{
  gint64 now = gch_clock_now (self->clock);
  g_autoptr(GchQueuePlan) plan = gch_policy_plan (day, gch_station_get_settings (self->station), now);
  g_autoptr(GPtrArray) queue = gch_queue_plan_for_guichet (plan, self->guichet);
  g_autoptr(GPtrArray) expected = gch_day_expected_for_guichet (day, self->guichet);
  g_autoptr(GPtrArray) on_hold = g_ptr_array_new ();
  guint n;

  gch_list_store_sync (self->waiting, queue, entry_of_item, new_item);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->waiting));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GchQueueItem) item = g_list_model_get_item (G_LIST_MODEL (self->waiting), i);
      const GchPlacement *placement = gch_queue_plan_lookup (plan, gch_queue_item_get_entry (item));

      gch_queue_item_set_place (item, placement->rank, MAX (0, placement->called_at - now));
    }

  gch_list_store_sync (self->expected, expected, identity, g_object_ref);

  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      if (gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_ON_HOLD &&
          gch_queue_entry_get_guichet (entry) == self->guichet)
        g_ptr_array_add (on_hold, entry);
    }

  set_page_title (self->waiting_page, self->waiting_stack, C_("queue tab", "Waiting"), queue->len);
  set_page_title (self->expected_page, self->expected_stack, C_("queue tab", "Expected"),
                  expected->len);
  gch_visit_panel_set_entry (self->visit_panel, gch_day_current_for_guichet (day, self->guichet),
                             self->tz);
  gch_visit_panel_set_on_hold (self->visit_panel, on_hold);
}

/* The supervisor's page is there only for a supervisor; it is brought up
 * to date only while it is.
 */
static void
show_supervision (GchWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  gboolean supervisor = GCH_IS_APPLICATION (application) &&
                        gch_application_is_supervisor (GCH_APPLICATION (application));

  /* The register of suggestions and complaints, its export and report: a
   * supervisor's and the quality referent's.
   */
  gboolean reads_register = GCH_IS_APPLICATION (application) &&
                            gch_application_reads_personal_data (GCH_APPLICATION (application));
  const char *shown = adw_view_stack_get_visible_child_name (self->view_stack);

  if ((!supervisor && (g_strcmp0 (shown, "supervisor") == 0 || g_strcmp0 (shown, "figures") == 0)) ||
      (!reads_register && g_strcmp0 (shown, "register") == 0))
    adw_view_stack_set_visible_child_name (self->view_stack, "desk");
  adw_view_stack_page_set_visible (self->supervisor_stack_page, supervisor);
  adw_view_stack_page_set_visible (self->figures_stack_page, supervisor);
  adw_view_stack_page_set_visible (self->register_stack_page, reads_register);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-feedback", reads_register);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.feedback-report", reads_register);
  if (supervisor)
    {
      gch_supervisor_page_refresh (self->supervisor_page);
      gch_figures_page_refresh (self->figures_page);
    }
  if (reads_register)
    gch_register_page_refresh (self->register_page);
}

/**
 * gch_window_refresh:
 *
 * Brings the window up to date with the station's day, in place.
 */
void
gch_window_refresh (GchWindow *self)
{
  g_autofree char *services = NULL;
  g_autofree char *missing = NULL;
  GchGuichet *guichet;
  GchDay *day;

  g_return_if_fail (GCH_IS_WINDOW (self));

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL)
    return;

  if (day->site == NULL)
    {
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->guichet_label)), FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "unconfigured");
      return;
    }

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = gch_site_dup_time_zone (day->site);
  gtk_stack_set_visible_child_name (self->main_stack, "content");
  gch_reception_page_refresh (self->reception_page);
  /* point numérique: a session logged here or pulled from the server */
  gch_numerique_page_refresh (self->numerique_page);
  show_supervision (self);

  if ((guichet = gch_day_find_guichet (day, self->guichet)) == NULL)
    {
      /* Translators: %s is the name of the site, such as “Préfecture du Rhône” */
      missing = g_strdup_printf (_("%s has no guichet %u. Choose the guichet of this station "
                                   "in the preferences."),
                                 gch_site_get_name (day->site), self->guichet);
      adw_status_page_set_description (self->no_guichet_page, missing);
      adw_view_switcher_title_set_title (self->switcher_title, gch_site_get_name (day->site));
      gtk_widget_set_visible (GTK_WIDGET (self->state_label), FALSE);
      gtk_stack_set_visible_child_name (self->desk_stack, "no-guichet");
      return;
    }

  services = join_service_names (day, guichet);
  adw_view_switcher_title_set_title (self->switcher_title, gch_guichet_get_label (guichet));
  adw_view_switcher_title_set_subtitle (self->switcher_title, services);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->guichet_label), services);
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), TRUE);
  show_guichet_state (self, guichet);
  show_desk (self, day, guichet);
  gtk_stack_set_visible_child_name (self->desk_stack, "desk");
}

static gboolean
tick (gpointer data)
{
  gch_window_refresh (data);
  return G_SOURCE_CONTINUE;
}

static void
on_station_changed_cb (GchWindow  *self,
                       GchChange  *change,
                       GchStation *station)
{
  gch_window_refresh (self);
}

/* Lists */

static void
on_waiting_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  gtk_list_item_set_child (item, gch_queue_row_new ());
}

static void
on_waiting_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GchWindow *self = user_data;

  gch_queue_row_set_item (GCH_QUEUE_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item), self->tz);
}

static void
on_waiting_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  gch_queue_row_set_item (GCH_QUEUE_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

static void
on_expected_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  gtk_list_item_set_child (item, gch_appointment_row_new ());
}

static void
on_expected_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GchWindow *self = user_data;

  gch_appointment_row_set_appointment (GCH_APPOINTMENT_ROW (gtk_list_item_get_child (item)),
                                       gtk_list_item_get_item (item), self->tz,
                                       gch_clock_now (self->clock), FALSE);
}

static void
on_apply_notes_cb (GchWindow     *self,
                   const char    *notes,
                   GchVisitPanel *panel)
{
  GchRequest request = { 0 };

  request.action = GCH_ACTION_SET_NOTES;
  request.guichet = self->guichet;
  request.notes = notes;
  _gch_application_submit (GCH_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                           &request);
}

/* Printing */

typedef struct
{
  GchWindow *window;
  char      *ticket;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->window);
  g_free (job->ticket);
  g_free (job);
}

static void
show_print_status (GchWindow  *self,
                   const char *ticket,
                   const char *status,
                   gboolean    can_print)
{
  GchQueueEntry *entry = gch_station_find_ticket (self->station, ticket);

  if (entry != NULL)
    gch_reception_page_show_ticket (self->reception_page, entry, status, can_print);
}

static void
mark_printed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PrintJob *job = user_data;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;

  if (!(change = gch_station_submit_finish (GCH_STATION (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gch_window_add_toast (job->window, error->message);
    }
  else
    /* Said once the print is recorded, not before. */
    show_print_status (job->window, job->ticket, _("Printed"), FALSE);

  print_job_free (job);
}

static void
print_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  PrintJob *job = user_data;
  GchWindow *self = job->window;
  g_autoptr(GError) error = NULL;
  GchRequest request = { 0 };

  if (!gch_ticket_printer_print_finish (result, &error))
    {
      /* Translators: a ticket number, then why the printer failed */
      g_autofree char *message = g_strdup_printf (_("Ticket %s is issued. %s"),
                                                  job->ticket, error->message);

      gch_window_add_toast (self, message);
      show_print_status (self, job->ticket, _("Not printed"), TRUE);
      print_job_free (job);
      return;
    }

  request.action = GCH_ACTION_MARK_PRINTED;
  request.guichet = self->guichet;
  request.ticket = job->ticket;
  gch_station_submit (self->station, &request, self->cancellable, mark_printed_cb, job);
}

static char *
ticket_pdf_path (GchWindow  *self,
                 const char *ticket)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "ticket-pdf-folder");
  g_autofree char *name = NULL;

  if (*folder == '\0')
    return NULL;

  g_mkdir_with_parents (folder, 0700);
  name = g_strdup_printf ("%s-%" G_GINT64_FORMAT ".pdf", ticket, gch_clock_now (self->clock));
  return g_build_filename (folder, name, NULL);
}

/**
 * gch_window_print_ticket:
 * @ticket: the ticket number, or "" for the last one issued here
 *
 * Prints a ticket, once: printing it again is refused with a message, and
 * a failed print leaves the ticket issued and says so.
 */
void
gch_window_print_ticket (GchWindow  *self,
                         const char *ticket)
{
  g_autoptr(GchChange) check = NULL;
  g_autoptr(GchQueuePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *quiet_hours = NULL;
  g_autofree char *message = NULL;
  const GchPlacement *placement;
  GchRequest request = { 0 };
  GchTicket info = { 0 };
  GchAppointment *appointment;
  GchQueueEntry *entry;
  PrintJob *job;
  GchDay *day;
  gint64 now;

  g_return_if_fail (GCH_IS_WINDOW (self));

  if (ticket == NULL || *ticket == '\0')
    ticket = self->last_ticket;

  if (self->station == NULL || ticket == NULL)
    {
      gch_window_add_toast (self, _("No ticket was issued at this station yet."));
      return;
    }

  /* Checked first, so a ticket already printed is not printed again. */
  request.action = GCH_ACTION_MARK_PRINTED;
  request.ticket = ticket;
  if (!(check = gch_station_decide (self->station, &request, &error)))
    {
      gch_window_add_toast (self, error->message);
      return;
    }

  day = gch_station_get_day (self->station);
  entry = gch_station_find_ticket (self->station, ticket);
  appointment = gch_queue_entry_get_appointment (entry);
  now = gch_clock_now (self->clock);
  plan = gch_policy_plan (day, gch_station_get_settings (self->station), now);
  placement = gch_queue_plan_lookup (plan, entry);
  quiet_hours = gch_day_dup_quiet_hours (day, now, 2);
  pdf_path = ticket_pdf_path (self, gch_queue_entry_get_ticket (entry));

  info.ticket = gch_queue_entry_get_ticket (entry);
  info.service = gch_service_get_name (gch_queue_entry_get_service (entry));
  info.site = gch_site_get_name (day->site);
  info.issued_at = gch_queue_entry_get_arrived_at (entry);
  info.tz = self->tz;
  info.rank = placement != NULL && placement->guichet != 0 ? placement->rank : 0;
  info.wait_seconds = placement != NULL && placement->called_at != 0
                      ? MAX (0, placement->called_at - now) : -1;
  info.notice = gch_mode_get_message (gch_site_get_mode (day->site));
  info.quiet_hours = quiet_hours;
  message = g_settings_get_string (self->settings, "ticket-message");
  info.message = *message != '\0' ? message : NULL;
  info.appointment = appointment != NULL && !gch_queue_entry_get_late (entry);
  info.slot = appointment != NULL ? gch_appointment_get_starts_at (appointment) : 0;

  job = g_new0 (PrintJob, 1);
  job->window = g_object_ref (self);
  job->ticket = g_strdup (info.ticket);
  show_print_status (self, info.ticket, _("Printing…"), FALSE);
  gch_ticket_printer_print_async (GTK_WINDOW (self), &info, pdf_path, self->cancellable,
                                  print_cb, job);
}

/**
 * gch_window_action_done:
 * @change: an action of the agent, saved and applied
 *
 * What follows an action: a new ticket is printed at once.
 */
void
gch_window_action_done (GchWindow *self,
                        GchChange *change)
{
  const char *kind;
  GchQueueEntry *entry;

  g_return_if_fail (GCH_IS_WINDOW (self));

  kind = gch_change_get_kind (change);
  entry = gch_change_get_entry (change);

  /* call-backs */
  if (g_str_equal (kind, "callback"))
    {
      gch_window_add_toast (self, _("Call-back taken: the person will be called back."));
      return;
    }

  if (entry == NULL)
    return;

  if (g_str_equal (kind, "issue-ticket") || g_str_equal (kind, "check-in"))
    {
      g_free (self->last_ticket);
      self->last_ticket = g_strdup (gch_queue_entry_get_ticket (entry));
      gch_window_print_ticket (self, self->last_ticket);
    }
  else if (g_str_equal (kind, "finish") &&
           g_settings_get_boolean (self->settings, "ask-satisfaction"))
    gch_window_ask_satisfaction (self, gch_queue_entry_get_ticket (entry));
  else if (g_str_equal (kind, "rate"))
    gch_window_add_toast (self, _("Thank you: the rating is saved."));
  else if (g_str_equal (kind, "transfer"))
    {
      GPtrArray *inserted = gch_change_get_inserted (change);
      GchQueueEntry *moved = g_ptr_array_index (inserted, 0);
      /* Translators: the old ticket number, then the new one */
      g_autofree char *message = g_strdup_printf (_("%s transferred: new ticket %s"),
                                                  gch_queue_entry_get_ticket (entry),
                                                  gch_queue_entry_get_ticket (moved));

      gch_window_add_toast (self, message);
    }
}

/* Dialogs */

static void
activate_app_action (GchWindow  *self,
                     const char *name,
                     GVariant   *parameter)
{
  g_action_group_activate_action (G_ACTION_GROUP (gtk_window_get_application (GTK_WINDOW (self))),
                                  name, parameter);
}

static void
on_finish_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       GchWindow        *self)
{
  GVariant *outcome;

  if (g_str_equal (response, "cancel"))
    return;

  outcome = g_variant_new_string (response);
  activate_app_action (self, "finish-service", outcome);
}

/**
 * gch_window_ask_finish:
 *
 * Asks how the service of the person at the counter ends.
 */
void
gch_window_ask_finish (GchWindow *self)
{
  GchQueueEntry *entry = gch_visit_panel_get_entry (self->visit_panel);
  g_auto(GStrv) missing = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *list = NULL;
  AdwMessageDialog *dialog;

  if (entry == NULL || gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_SERVING)
    {
      /* Let the station say why. */
      activate_app_action (self, "finish-service", g_variant_new_string ("served"));
      return;
    }

  missing = gch_window_dup_missing_documents (self);
  list = g_strjoinv (", ", missing);
  /* Translators: %s is a ticket number */
  heading = g_strdup_printf (_("Finish %s?"), gch_queue_entry_get_ticket (entry));
  body = missing[0] != NULL
         /* Translators: the documents not ticked as shown */
         ? g_strdup_printf (_("Not ticked as shown: %s."), list)
         : g_strdup (_("Every document was shown."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "redirected", _("_Redirected"),
                                    "incomplete", _("_Incomplete Dossier"),
                                    "served", _("_Served"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "served", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "incomplete", missing[0] != NULL);
  adw_message_dialog_set_default_response (dialog, "served");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_finish_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Call-backs: the number, checked as it is typed, and nothing taken
 * until it is one.
 */
static void
on_callback_phone_changed_cb (GtkEditable      *phone,
                              AdwMessageDialog *dialog)
{
  GtkWidget *error_label = g_object_get_data (G_OBJECT (dialog), "error-label");
  const char *text = gtk_editable_get_text (phone);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = gch_phone_normalize (text, &error);

  adw_message_dialog_set_response_enabled (dialog, "take", number != NULL);
  gtk_label_set_label (GTK_LABEL (error_label), number == NULL && *text != '\0' ? error->message : "");
  gtk_widget_set_visible (error_label, number == NULL && *text != '\0');
  if (number == NULL && *text != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (phone), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (phone), "error");
}

static void
on_callback_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         GchWindow        *self)
{
  GtkDropDown *services = g_object_get_data (G_OBJECT (dialog), "services");
  GPtrArray *codes = g_object_get_data (G_OBJECT (dialog), "codes");
  GtkEditable *phone = g_object_get_data (G_OBJECT (dialog), "phone");
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  guint selected = gtk_drop_down_get_selected (services);

  if (!g_str_equal (response, "take") || selected >= codes->len)
    return;

  activate_app_action (self, "take-callback",
                       g_variant_new ("(sss)", (const char *) g_ptr_array_index (codes, selected),
                                      gtk_editable_get_text (phone), gtk_editable_get_text (name)));
}

/**
 * gch_window_ask_callback:
 * @service: (nullable): the service to propose, its code; %NULL or "" for
 *   the first
 *
 * Takes a person's phone number instead of giving a ticket: the service,
 * the number (a French one, checked as it is typed) and a name if they
 * give one.
 */
void
gch_window_ask_callback (GchWindow  *self,
                         const char *service)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  AdwMessageDialog *dialog;
  GtkWidget *box, *services, *phone, *name, *error_label;
  GchDay *day;
  guint selected = 0;

  g_return_if_fail (GCH_IS_WINDOW (self));

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL)
    {
      g_ptr_array_unref (codes);
      return;
    }

  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *each = g_ptr_array_index (day->services, i);

      if (!gch_service_get_accepts_walk_ins (each))
        continue;
      if (g_strcmp0 (gch_service_get_code (each), service) == 0)
        selected = codes->len;
      g_ptr_array_add (codes, g_strdup (gch_service_get_code (each)));
      gtk_string_list_append (names, gch_service_get_name (each));
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Take a Call-back"),
                                                       _("The person goes home and is called "
                                                         "back. Their number is erased after the "
                                                         "retention period.")));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  services = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (services), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (services), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Service"), -1);
  phone = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (phone), _("Phone number, 06 12 34 56 78"));
  gtk_entry_set_input_purpose (GTK_ENTRY (phone), GTK_INPUT_PURPOSE_PHONE);
  gtk_entry_set_activates_default (GTK_ENTRY (phone), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (phone), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Phone number"), -1);
  name = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (name), _("Name (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (name), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name"), -1);
  error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), services);
  gtk_box_append (GTK_BOX (box), phone);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_box_append (GTK_BOX (box), name);
  adw_message_dialog_set_extra_child (dialog, box);

  g_object_set_data (G_OBJECT (dialog), "services", services);
  g_object_set_data_full (G_OBJECT (dialog), "codes", codes, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "phone", phone);
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "error-label", error_label);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "take", _("_Take"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "take", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "take", FALSE);
  adw_message_dialog_set_default_response (dialog, "take");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (phone, "changed", G_CALLBACK (on_callback_phone_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_callback_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (phone);
}

/* Satisfaction: the four faces, best first, each with its key. */
static const struct {
  const char *icon;
  const char *label;
} faces[] = {
  { "face-smile-big-symbolic", N_("Very satisfied") },
  { "face-smile-symbolic", N_("Satisfied") },
  { "face-uncertain-symbolic", N_("Not very satisfied") },
  { "face-sad-symbolic", N_("Not satisfied") },
};

static void
rate_and_close (GtkWidget *dialog,
                guint      satisfaction)
{
  GchWindow *self = g_object_get_data (G_OBJECT (dialog), "window");
  const char *ticket = g_object_get_data (G_OBJECT (dialog), "ticket");

  activate_app_action (self, "rate-service", g_variant_new ("(su)", ticket, satisfaction));
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
on_face_clicked_cb (GtkButton *button,
                    GtkWidget *dialog)
{
  rate_and_close (dialog, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "satisfaction")));
}

/* 1 to 4, on the main keys or the keypad: the person, or the agent for
 * them, answers without a pointer.
 */
static gboolean
on_face_key_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkWidget             *dialog)
{
  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_4)
    rate_and_close (dialog, keyval - GDK_KEY_1 + 1);
  else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_4)
    rate_and_close (dialog, keyval - GDK_KEY_KP_1 + 1);
  else
    return GDK_EVENT_PROPAGATE;
  return GDK_EVENT_STOP;
}

/**
 * gch_window_ask_satisfaction:
 * @ticket: the ticket whose service just ended
 *
 * Asks the person, on the screen the agent turns toward them, how
 * satisfied they are with the service: four faces, or Escape for none.
 * Nothing about them is asked or kept with it.
 */
void
gch_window_ask_satisfaction (GchWindow  *self,
                             const char *ticket)
{
  AdwMessageDialog *dialog;
  GtkEventController *keys;
  GtkWidget *box;

  g_return_if_fail (GCH_IS_WINDOW (self));
  g_return_if_fail (ticket != NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("How was your visit?"),
                                                       _("Your answer is anonymous. Press 1 to 4, "
                                                         "or choose a face.")));
  g_object_set_data_full (G_OBJECT (dialog), "ticket", g_strdup (ticket), g_free);
  g_object_set_data (G_OBJECT (dialog), "window", self);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_response (dialog, "skip", _("_Skip"));
  adw_message_dialog_set_close_response (dialog, "skip");

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *image = gtk_image_new_from_icon_name (faces[i].icon);
      /* Translators: a key, then a face of the rating */
      g_autofree char *text = g_strdup_printf (_("%u · %s"), i + 1, _(faces[i].label));

      gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
      gtk_box_append (GTK_BOX (content), image);
      gtk_box_append (GTK_BOX (content), gtk_label_new (text));
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_add_css_class (button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(faces[i].label), -1);
      g_object_set_data (G_OBJECT (button), "satisfaction", GUINT_TO_POINTER (i + 1));
      g_signal_connect (button, "clicked", G_CALLBACK (on_face_clicked_cb), dialog);
      gtk_box_append (GTK_BOX (box), button);
    }
  adw_message_dialog_set_extra_child (dialog, box);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_face_key_cb), dialog);
  gtk_widget_add_controller (GTK_WIDGET (dialog), keys);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_transfer_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         GchWindow        *self)
{
  GtkDropDown *targets = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GtkStringObject *chosen = gtk_drop_down_get_selected_item (targets);
  const char *target;

  if (!g_str_equal (response, "transfer") || chosen == NULL)
    return;

  target = g_object_get_data (G_OBJECT (chosen), "target");
  activate_app_action (self, "transfer", g_variant_new_string (target));
}

/**
 * gch_window_ask_transfer:
 *
 * Asks where to send the person at the counter: another service, or
 * another guichet.
 */
void
gch_window_ask_transfer (GchWindow *self)
{
  GchQueueEntry *entry = gch_visit_panel_get_entry (self->visit_panel);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *targets;
  GchDay *day;
  guint n = 0;

  if (entry == NULL || gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_SERVING)
    {
      activate_app_action (self, "transfer", g_variant_new_string ("guichet:0"));
      return;
    }

  day = gch_station_get_day (self->station);
  for (guint i = 0; i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);
      g_autofree char *label = g_strdup_printf (_("Service: %s"), gch_service_get_name (service));

      gtk_string_list_append (labels, label);
      g_object_set_data_full (g_list_model_get_item (G_LIST_MODEL (labels), n), "target",
                              g_strdup (gch_service_get_code (service)), g_free);
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (labels), n++));
    }
  for (guint i = 0; i < day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (day->guichets, i);
      guint number = gch_guichet_get_number (guichet);

      if (number == self->guichet || gch_guichet_get_state (guichet) == GCH_GUICHET_STATE_CLOSED)
        continue;
      gtk_string_list_append (labels, gch_guichet_get_label (guichet));
      g_object_set_data_full (g_list_model_get_item (G_LIST_MODEL (labels), n), "target",
                              g_strdup_printf ("guichet:%u", number), g_free);
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (labels), n++));
    }

  /* Translators: %s is a ticket number */
  heading = g_strdup_printf (_("Transfer %s"), gch_queue_entry_get_ticket (entry));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("The person gets a new ticket and waits "
                                                         "ahead of ordinary arrivals.")));
  targets = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (targets), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Where to send the person"), -1);
  adw_message_dialog_set_extra_child (dialog, targets);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "transfer", _("_Transfer"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "transfer", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "transfer");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_transfer_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (targets);
}

static void
on_call_entry_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           GchWindow        *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkEditable *ticket = GTK_EDITABLE (gtk_widget_get_first_child (box));
  GtkEditable *reason = GTK_EDITABLE (gtk_widget_get_next_sibling (GTK_WIDGET (ticket)));
  GchRequest request = { 0 };

  if (!g_str_equal (response, "call"))
    return;

  request.action = GCH_ACTION_CALL_ENTRY;
  request.guichet = self->guichet;
  request.ticket = gtk_editable_get_text (ticket);
  request.reason = gtk_editable_get_text (reason);
  _gch_application_submit (GCH_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                           &request);
}

/**
 * gch_window_ask_call_entry:
 * @ticket: (nullable): the ticket to propose
 *
 * Asks which ticket to call out of turn, and why: the history keeps it.
 */
void
gch_window_ask_call_entry (GchWindow  *self,
                           const char *ticket)
{
  AdwMessageDialog *dialog;
  GtkWidget *box, *ticket_row, *reason_row;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Call a Ticket Out of Turn"),
                                                       _("The reason goes into the history.")));
  box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "boxed-list");
  ticket_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ticket_row), _("Ticket"));
  gtk_editable_set_text (GTK_EDITABLE (ticket_row), ticket != NULL ? ticket : "");
  reason_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason_row), _("Reason"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (reason_row), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (box), ticket_row);
  gtk_list_box_append (GTK_LIST_BOX (box), reason_row);

  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "call", _("C_all"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "call", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "call");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_call_entry_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (ticket != NULL && *ticket != '\0' ? reason_row : ticket_row);
}

/**
 * gch_window_dup_missing_documents:
 *
 * Returns: (transfer full): the documents not ticked as shown on the desk
 */
char **
gch_window_dup_missing_documents (GchWindow *self)
{
  g_return_val_if_fail (GCH_IS_WINDOW (self), NULL);

  return gch_visit_panel_dup_missing_documents (self->visit_panel);
}

/**
 * gch_window_show_reception:
 * @search: %TRUE to search the appointments, %FALSE to issue a ticket
 */
void
gch_window_show_reception (GchWindow *self,
                           gboolean   search)
{
  g_return_if_fail (GCH_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "reception");
  gch_reception_page_focus (self->reception_page, search);
}

static void
show_view (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  GchWindow *self = GCH_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  /* Ctrl+3 and Ctrl+4 do nothing for an agent who is not a supervisor,
   * Ctrl+5 for one who is neither that nor the quality referent.
   */
  if ((g_str_equal (name, "supervisor") &&
       !adw_view_stack_page_get_visible (self->supervisor_stack_page)) ||
      (g_str_equal (name, "figures") &&
       !adw_view_stack_page_get_visible (self->figures_stack_page)) ||
      (g_str_equal (name, "register") &&
       !adw_view_stack_page_get_visible (self->register_stack_page)))
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, name);
  /* The register is worked with the keyboard: it starts in the list. */
  if (g_str_equal (name, "register"))
    gch_register_page_focus (self->register_page);
}

/* The register's page: Ctrl+F searches it while it is shown. */
static void
find (GtkWidget  *widget,
      const char *action_name,
      GVariant   *parameter)
{
  GchWindow *self = GCH_WINDOW (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "register") == 0)
    gch_register_page_focus_search (self->register_page);
}

/* point numérique: a help session is logged from its page. */
static void
new_help_session (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GchWindow *self = GCH_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "numerique");
  gch_numerique_page_new_session (self->numerique_page);
}

/* The register's exports, "csv" or "pdf". */
static void
export_register (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GchWindow *self = GCH_WINDOW (widget);

  gch_numerique_page_export (self->numerique_page,
                             g_str_equal (g_variant_get_string (parameter, NULL), "pdf")
                             ? GCH_NUMERIQUE_FORMAT_PDF : GCH_NUMERIQUE_FORMAT_CSV);
}

/* The figures' exports, "today" or "quarter": a supervisor's only. */
static void
export_figures (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GchWindow *self = GCH_WINDOW (widget);
  GchFiguresFormat format = g_str_equal (action_name, "win.export-figures-pdf")
                            ? GCH_FIGURES_FORMAT_PDF : GCH_FIGURES_FORMAT_CSV;

  if (!adw_view_stack_page_get_visible (self->figures_stack_page))
    {
      gch_window_add_toast (self, _("Only a supervisor can export the figures."));
      return;
    }

  gch_figures_page_export (self->figures_page, g_variant_get_string (parameter, NULL), format);
}

/* suggestions and complaints: the register's CSV and its report, for a
 * supervisor or the quality referent only (the actions are off otherwise).
 */

static GchAgentRole
register_role (GchWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  const char *agent_id;
  GchAgent *agent;
  GchDay *day;

  if (!GCH_IS_APPLICATION (application) || self->station == NULL ||
      (day = gch_station_get_day (self->station)) == NULL ||
      (agent_id = gch_application_get_agent (GCH_APPLICATION (application))) == NULL ||
      (agent = gch_day_find_agent (day, agent_id)) == NULL ||
      !gch_application_reads_personal_data (GCH_APPLICATION (application)))
    return GCH_AGENT_ROLE_AGENT;

  return gch_agent_get_role (agent);
}

static void
export_feedback_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GPtrArray) data = user_data;   /* the window, the file */
  GchWindow *self = g_ptr_array_index (data, 0);
  GFile *file = g_ptr_array_index (data, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_contacts = 0;
  guint n_unread = 0;

  if (!gch_feedback_export_finish (result, &n_contacts, &n_unread, &error) ||
      (n_contacts == 0 && n_unread == 0))
    message = gch_save_chooser_describe (file, error);
  else
    message = gch_feedback_export_describe (file, n_contacts, n_unread);
  if (message != NULL)
    gch_window_add_toast (self, message);
}

/**
 * gch_window_export_feedback_to:
 * @file: where to write the register as CSV
 *
 * What win.export-feedback does once the place is chosen: writes the
 * register, with the contacts for a supervisor or the quality referent
 * (each read is an event), and says so in a toast.
 */
void
gch_window_export_feedback_to (GchWindow *self,
                               GFile     *file)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GPtrArray *data;

  g_return_if_fail (GCH_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->station == NULL || !GCH_IS_APPLICATION (application))
    return;

  data = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (data, g_object_ref (self));
  g_ptr_array_add (data, g_object_ref (file));
  gch_feedback_export_async (self->station, gch_application_get_agent (GCH_APPLICATION (application)),
                             register_role (self), file, self->cancellable, export_feedback_cb,
                             data);
}

static void
on_feedback_chooser_response_cb (GtkNativeDialog *dialog,
                                 int              response,
                                 gpointer         user_data)
{
  GchWindow *self = GCH_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      gch_window_export_feedback_to (self, file);
    }
  g_clear_object (&self->feedback_chooser);
}

static void
export_feedback (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GchWindow *self = GCH_WINDOW (widget);
  g_autofree char *name = NULL;

  if (self->station == NULL)
    return;
  if (register_role (self) == GCH_AGENT_ROLE_AGENT)
    {
      gch_window_add_toast (self, _("Only a supervisor or the quality referent can export the "
                                    "register."));
      return;
    }

  name = gch_feedback_export_dup_filename (self->station);
  gch_save_chooser_show (&self->feedback_chooser, GTK_WINDOW (self),
                         _("Export the Suggestions and Complaints as CSV"), name,
                         G_CALLBACK (on_feedback_chooser_response_cb), self);
}

static void
feedback_report (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GchWindow *self = GCH_WINDOW (widget);

  if (self->station == NULL)
    return;
  if (register_role (self) == GCH_AGENT_ROLE_AGENT)
    {
      gch_window_add_toast (self, _("Only a supervisor or the quality referent can see the "
                                    "register’s report."));
      return;
    }

  gtk_window_present (GTK_WINDOW (gch_feedback_report_dialog_new (GTK_WINDOW (self),
                                                                   self->station)));
}

/* End of the suggestions and complaints register */

static void
show_queue_page (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GchWindow *self = GCH_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "desk");
  gtk_stack_set_visible_child_name (self->queue_stack, g_variant_get_string (parameter, NULL));
}

static void
show_sync (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  gch_sync_indicator_popup (GCH_WINDOW (widget)->sync_indicator);
}

static void
mark_conflicts_seen (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gch_sync_indicator_mark_seen (GCH_WINDOW (widget)->sync_indicator);
}

static void
gch_window_dispose (GObject *object)
{
  GchWindow *self = (GchWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_weak_pointer (&self->toast);
  if (self->feedback_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->feedback_chooser));
  g_clear_object (&self->feedback_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->station);
  g_clear_object (&self->waiting);
  g_clear_object (&self->expected);

  G_OBJECT_CLASS (gch_window_parent_class)->dispose (object);
}

static void
gch_window_finalize (GObject *object)
{
  GchWindow *self = (GchWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->last_ticket, g_free);

  G_OBJECT_CLASS (gch_window_parent_class)->finalize (object);
}

static void
gch_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GchWindow *self = GCH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_GUICHET:
      g_value_set_uint (value, self->guichet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GchWindow *self = GCH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_GUICHET:
      if (self->guichet != g_value_get_uint (value))
        {
          self->guichet = g_value_get_uint (value);
          gch_window_refresh (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_window_class_init (GchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_window_dispose;
  object_class->finalize = gch_window_finalize;
  object_class->get_property = gch_window_get_property;
  object_class->set_property = gch_window_set_property;

  /* The guichet whose desk this is; the setting of the same name drives it. */
  properties[PROP_GUICHET] =
    g_param_spec_uint ("guichet", NULL, NULL, 1, 999, 1,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GCH_TYPE_VISIT_PANEL);
  g_type_ensure (GCH_TYPE_RECEPTION_PAGE);
  g_type_ensure (GCH_TYPE_SUPERVISOR_PAGE);
  g_type_ensure (GCH_TYPE_NUMERIQUE_PAGE);
  g_type_ensure (GCH_TYPE_REGISTER_PAGE);
  g_type_ensure (GCH_TYPE_FIGURES_PAGE);
  g_type_ensure (GCH_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/guichet/Guichet/ui/gch-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GchWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, guichet_label);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, desk_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, no_guichet_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, expected_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, waiting_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, expected_stack);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, waiting_view);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, expected_view);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, visit_panel);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, reception_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, supervisor_stack_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, supervisor_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, figures_stack_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, figures_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, numerique_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, register_stack_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, register_page);
  gtk_widget_class_bind_template_child (widget_class, GchWindow, sync_indicator);
  gtk_widget_class_bind_template_callback (widget_class, on_waiting_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_waiting_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_waiting_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_expected_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_expected_bind_cb);

  gtk_widget_class_install_action (widget_class, "win.show-queue", "s", show_queue_page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-queue", "s", "waiting");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-queue", "s", "expected");
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "win.show-view", "s", "desk");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "win.show-view", "s", "reception");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK,
                                       "win.show-view", "s", "supervisor");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK,
                                       "win.show-view", "s", "figures");
  /* The register's page: suggestions and complaints */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_CONTROL_MASK,
                                       "win.show-view", "s", "register");
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  /* point numérique */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_CONTROL_MASK,
                                       "win.show-view", "s", "numerique");
  gtk_widget_class_install_action (widget_class, "win.new-help-session", NULL, new_help_session);
  gtk_widget_class_install_action (widget_class, "win.export-register", "s", export_register);
  gtk_widget_class_install_action (widget_class, "win.export-figures-csv", "s", export_figures);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-figures-csv", "s", "quarter");
  gtk_widget_class_install_action (widget_class, "win.export-figures-pdf", "s", export_figures);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_X, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-figures-pdf", "s", "quarter");
  /* suggestions and complaints */
  gtk_widget_class_install_action (widget_class, "win.export-feedback", NULL, export_feedback);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_J, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-feedback", NULL);
  gtk_widget_class_install_action (widget_class, "win.feedback-report", NULL, feedback_report);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Y, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.feedback-report", NULL);
  /* End of the suggestions and complaints register */
  gtk_widget_class_install_action (widget_class, "win.show-sync", NULL, show_sync);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-sync", NULL);
  gtk_widget_class_install_action (widget_class, "win.mark-conflicts-seen", NULL,
                                   mark_conflicts_seen);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.mark-conflicts-seen", NULL);
}

static void
gch_window_init (GchWindow *self)
{
  g_autoptr(GtkSelectionModel) waiting_selection = NULL;
  g_autoptr(GtkSelectionModel) expected_selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->guichet = 1;
  self->cancellable = g_cancellable_new ();
  self->tz = g_time_zone_new_utc ();
  self->waiting = g_list_store_new (GCH_TYPE_QUEUE_ITEM);
  self->expected = g_list_store_new (GCH_TYPE_APPOINTMENT);

  waiting_selection = GTK_SELECTION_MODEL (gtk_single_selection_new (
                        g_object_ref (G_LIST_MODEL (self->waiting))));
  expected_selection = GTK_SELECTION_MODEL (gtk_no_selection_new (
                         g_object_ref (G_LIST_MODEL (self->expected))));
  /* Nothing is chosen until the agent moves to a row. */
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (waiting_selection), FALSE);
  gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (waiting_selection), TRUE);
  gtk_list_view_set_model (self->waiting_view, waiting_selection);
  gtk_list_view_set_model (self->expected_view, expected_selection);

  g_signal_connect_object (self->visit_panel, "apply-notes", G_CALLBACK (on_apply_notes_cb), self,
                           G_CONNECT_SWAPPED);
  self->tick_source = g_timeout_add_seconds (TICK_SECONDS, tick, self);
  /* suggestions and complaints: off until a supervisor or the quality referent is known */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-feedback", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.feedback-report", FALSE);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

GchWindow *
gch_window_new (GchApplication *application)
{
  GchWindow *self;

  g_return_val_if_fail (GCH_IS_APPLICATION (application), NULL);

  self = g_object_new (GCH_TYPE_WINDOW, "application", application, NULL);
  self->settings = g_object_ref (gch_application_get_settings (application));
  self->clock = g_object_ref (gch_application_get_clock (application));

  g_settings_bind (self->settings, "guichet", self, "guichet", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "target-wait-minutes", self->figures_page, "target-minutes",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);

  return self;
}

/**
 * gch_window_set_station:
 *
 * Shows @station's day, and follows its changes.
 */
void
gch_window_set_station (GchWindow  *self,
                        GchStation *station)
{
  g_return_if_fail (GCH_IS_WINDOW (self));
  g_return_if_fail (GCH_IS_STATION (station));

  if (self->station != station)
    {
      g_set_object (&self->station, station);
      /* The demo's clock starts at its own time of day: take the station's. */
      g_set_object (&self->clock, gch_station_get_clock (station));
      g_signal_connect_object (station, "changed", G_CALLBACK (on_station_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gch_reception_page_set_station (self->reception_page, station);
      gch_supervisor_page_set_station (self->supervisor_page, station);
      gch_figures_page_set_station (self->figures_page, station);
      gch_numerique_page_set_station (self->numerique_page, station);
      gch_register_page_set_station (self->register_page, station);
    }

  gch_window_refresh (self);
}

/**
 * gch_window_show_error:
 *
 * Tells the person why the station's data cannot be shown. Nothing was
 * changed on disk: the message says so when it matters.
 */
void
gch_window_show_error (GchWindow    *self,
                       const GError *error)
{
  g_return_if_fail (GCH_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

/**
 * gch_window_add_toast:
 *
 * Tells the agent something in passing: an action refused, a ticket
 * that did not print.
 */
void
gch_window_add_toast (GchWindow  *self,
                      const char *message)
{
  g_return_if_fail (GCH_IS_WINDOW (self));

  /* The newest message is the one that matters: it takes the place of the
   * one shown, rather than waiting in line behind it.
   */
  if (self->toast != NULL)
    {
      adw_toast_set_title (self->toast, message);
      return;
    }

  g_set_weak_pointer (&self->toast, adw_toast_new (message));
  adw_toast_set_timeout (self->toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, self->toast);
}

/**
 * gch_window_get_waiting:
 *
 * Returns: (transfer none): the people waiting for this guichet, next first,
 *   as #GchQueueItem
 */
GListModel *
gch_window_get_waiting (GchWindow *self)
{
  g_return_val_if_fail (GCH_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->waiting);
}

/**
 * gch_window_get_expected:
 *
 * Returns: (transfer none): the appointments still expected at this guichet
 */
GListModel *
gch_window_get_expected (GchWindow *self)
{
  g_return_val_if_fail (GCH_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->expected);
}

/**
 * gch_window_set_sync_controller:
 *
 * Shows the sync's state in the header bar.
 */
void
gch_window_set_sync_controller (GchWindow         *self,
                                GchSyncController *controller)
{
  g_return_if_fail (GCH_IS_WINDOW (self));

  gch_sync_indicator_set_controller (self->sync_indicator, controller);
}

/**
 * gch_window_get_sync_indicator:
 *
 * Returns: (transfer none): the sync's state in the header bar
 */
GchSyncIndicator *
gch_window_get_sync_indicator (GchWindow *self)
{
  g_return_val_if_fail (GCH_IS_WINDOW (self), NULL);

  return self->sync_indicator;
}
