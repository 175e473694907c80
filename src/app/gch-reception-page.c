/* gch-reception-page.c
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

#define G_LOG_DOMAIN "gch-reception-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-application.h"
#include "gch-appointment-row.h"
#include "gch-enums.h"
#include "gch-format.h"
#include "gch-list-sync.h"
#include "gch-reception-page.h"

/* The reception desk: walk-in tickets on the left, one row per service,
 * with how many wait and how long a newcomer would; today's appointments on
 * the right, found by name, reference, dossier or pré-demande number, and
 * checked in with one key.
 */
struct _GchReceptionPage
{
  AdwBin             parent_instance;

  GchStation        *station;
  GListStore        *appointments;
  GtkCustomFilter   *filter;
  char              *search;       /* normalised, casefolded */
  GPtrArray         *service_rows; /* AdwActionRow, by service */

  /* Template Widgets */
  AdwComboRow       *priority_row;
  GtkStringList     *priority_list;
  GtkListBox        *services_list;
  GtkRevealer       *ticket_revealer;
  GtkLabel          *last_ticket_label;
  GtkLabel          *last_detail_label;
  GtkLabel          *last_status_label;
  GtkWidget         *print_button;
  GtkSearchEntry    *search_entry;
  GtkListView       *appointments_view;
  GtkListBox        *callbacks_list;
};

G_DEFINE_FINAL_TYPE (GchReceptionPage, gch_reception_page, ADW_TYPE_BIN)

static char *
fold (const char *text)
{
  g_autofree char *normal = NULL;
  GString *folded;

  if (text == NULL)
    return g_strdup ("");

  /* Decompose, drop the accents, fold the case: “Hélène” finds “helene”. */
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  folded = g_string_new (NULL);
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (folded, g_unichar_tolower (c));
    }

  return g_string_free (folded, FALSE);
}

static gboolean
matches (const char *field,
         const char *search)
{
  g_autofree char *folded = fold (field);

  return strstr (folded, search) != NULL;
}

static gboolean
filter_appointment (gpointer item,
                    gpointer user_data)
{
  GchReceptionPage *self = user_data;
  GchAppointment *appointment = item;

  if (self->search == NULL || *self->search == '\0')
    return TRUE;

  return matches (gch_appointment_get_holder_name (appointment), self->search) ||
         matches (gch_appointment_get_reference (appointment), self->search) ||
         matches (gch_appointment_get_dossier_number (appointment), self->search) ||
         matches (gch_appointment_get_predemande_number (appointment), self->search);
}

static GTimeZone *
dup_tz (GchReceptionPage *self)
{
  GchDay *day = self->station ? gch_station_get_day (self->station) : NULL;

  return day && day->site ? gch_site_dup_time_zone (day->site) : g_time_zone_new_utc ();
}

static void
on_search_changed_cb (GchReceptionPage *self,
                      GtkSearchEntry   *entry)
{
  g_free (self->search);
  self->search = fold (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
check_in (GchReceptionPage *self,
          GchAppointment   *appointment)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.check-in", "s",
                              gch_appointment_get_reference (appointment));
}

/* Enter in the search checks in the one appointment it found. */
static void
on_search_activate_cb (GchReceptionPage *self,
                       GtkSearchEntry   *entry)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->appointments_view));
  g_autoptr(GchAppointment) appointment = NULL;

  if (g_list_model_get_n_items (model) != 1)
    return;

  appointment = g_list_model_get_item (model, 0);
  check_in (self, appointment);
}

static void
on_appointments_activate_cb (GchReceptionPage *self,
                             guint             position,
                             GtkListView      *view)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (view));
  g_autoptr(GchAppointment) appointment = g_list_model_get_item (model, position);

  check_in (self, appointment);
}

static void
on_appointment_setup_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item,
                         gpointer                  user_data)
{
  gtk_list_item_set_child (item, gch_appointment_row_new ());
}

static void
on_appointment_bind_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  GchReceptionPage *self = user_data;
  g_autoptr(GTimeZone) tz = dup_tz (self);

  gch_appointment_row_set_appointment (GCH_APPOINTMENT_ROW (gtk_list_item_get_child (item)),
                                       gtk_list_item_get_item (item), tz,
                                       gch_clock_now (gch_station_get_clock (self->station)),
                                       TRUE);
}

static void
on_service_row_activated_cb (AdwActionRow     *row,
                             GchReceptionPage *self)
{
  GchService *service = g_object_get_data (G_OBJECT (row), "service");
  guint priority = adw_combo_row_get_selected (self->priority_row);
  g_autofree char *target = NULL;

  if (priority == GTK_INVALID_LIST_POSITION || priority == GCH_PRIORITY_NONE)
    target = g_strdup (gch_service_get_code (service));
  else
    target = g_strdup_printf ("%s:%s", gch_service_get_code (service),
                              gch_enum_to_nick (GCH_TYPE_PRIORITY, priority));

  gtk_widget_activate_action (GTK_WIDGET (self), "app.issue-ticket", "s", target);

  /* A priority is for one ticket, not the next ones. */
  adw_combo_row_set_selected (self->priority_row, GCH_PRIORITY_NONE);
}

static void
build_service_rows (GchReceptionPage *self)
{
  GchDay *day = gch_station_get_day (self->station);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->services_list))) != NULL)
    gtk_list_box_remove (self->services_list, child);
  g_ptr_array_set_size (self->service_rows, 0);

  for (guint i = 0; day != NULL && i < day->services->len; i++)
    {
      GchService *service = g_ptr_array_index (day->services, i);
      GtkWidget *row, *prefix, *callback_button;

      if (!gch_service_get_accepts_walk_ins (service))
        continue;

      row = adw_action_row_new ();
      prefix = gtk_label_new (gch_service_get_prefix (service));
      gtk_widget_add_css_class (prefix, "service-letter");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);
      /* Where no ticket is the answer, a call-back is (shown by update_service_rows). */
      callback_button = gtk_button_new_with_label (_("Call-back…"));
      gtk_widget_set_valign (callback_button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (callback_button, _("Take a phone number instead of a ticket"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (callback_button), "app.ask-callback");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (callback_button), "s",
                                        gch_service_get_code (service));
      gtk_widget_set_visible (callback_button, FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), callback_button);
      g_object_set_data (G_OBJECT (row), "callback-button", callback_button);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("printer-symbolic"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gch_service_get_name (service));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "service", g_object_ref (service), g_object_unref);
      g_signal_connect (row, "activated", G_CALLBACK (on_service_row_activated_cb), self);
      gtk_list_box_append (self->services_list, row);
      g_ptr_array_add (self->service_rows, row);
    }
}

static void
update_service_rows (GchReceptionPage *self)
{
  GchDay *day = gch_station_get_day (self->station);
  const GchPolicySettings *settings = gch_station_get_settings (self->station);
  gint64 now = gch_clock_now (gch_station_get_clock (self->station));

  for (guint i = 0; i < self->service_rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (self->service_rows, i);
      GchService *service = g_object_get_data (G_OBJECT (row), "service");
      gint64 wait = gch_policy_estimate_walk_in (day, settings, service, GCH_PRIORITY_NONE, now);
      g_autofree char *wait_text = gch_format_wait (wait);
      g_autofree char *subtitle = NULL;
      g_autoptr(GError) refused = NULL;
      guint waiting = 0;

      for (guint e = 0; e < day->entries->len; e++)
        {
          GchQueueEntry *entry = g_ptr_array_index (day->entries, e);

          if (gch_queue_entry_get_service (entry) == service &&
              gch_queue_entry_get_state (entry) == GCH_ENTRY_STATE_WAITING)
            waiting++;
        }

      /* The cap, or in affluence the closing time: the station's own reason. */
      gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "callback-button"),
                              gch_site_get_mode (day->site) != GCH_SITE_MODE_NORMAL ||
                              !gch_mode_check_walk_in (day, settings, service, now, NULL));
      if (!gch_mode_check_walk_in (day, settings, service, now, &refused))
        /* Translators: the service gives no walk-in ticket any more today */
        subtitle = g_strdup_printf ("%s\n%s", _("No more walk-in tickets today"), refused->message);
      else
        /* Translators: how many people wait, then the estimated wait of a newcomer */
        subtitle = g_strdup_printf (ngettext ("%u waiting · wait %s", "%u waiting · wait %s",
                                              waiting),
                                    waiting, wait_text);
      adw_action_row_set_subtitle (row, subtitle);
    }
}

/* Call-backs */

/* Who reads a call-back's number (DESIGN.md §7): the agent who took it,
 * to call back, and the supervisors and the quality referent; the other
 * agents see that there is one, not what it is.
 */
static gboolean
may_read_phone (GchReceptionPage *self,
                GchDay           *day,
                GchCallback      *callback)
{
  GApplication *app = g_application_get_default ();
  const char *actor = GCH_IS_APPLICATION (app) ? gch_application_get_agent (GCH_APPLICATION (app))
                                               : NULL;
  GchAgent *agent = actor != NULL ? gch_day_find_agent (day, actor) : NULL;
  GchAgentRole role = agent != NULL ? gch_agent_get_role (agent) : GCH_AGENT_ROLE_AGENT;

  return (actor != NULL && g_strcmp0 (gch_callback_get_taken_by (callback), actor) == 0) ||
         gch_agent_role_reads_personal_data (role);
}

/* One menu for the outcomes: three buttons would squeeze the row's text. */
static GtkWidget *
outcome_menu_button (GchCallback *callback)
{
  static const struct { const char *label; const char *outcome; } outcomes[] = {
    { N_("Called Back"), "called-back" },
    { N_("Appointment Given"), "appointment" },
    { N_("No Answer"), "no-answer" },
  };
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(outcomes[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, "app.callback-outcome",
                                               g_variant_new ("(ss)",
                                                              gch_callback_get_id (callback),
                                                              outcomes[i].outcome));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Outcome"));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Record how the call went"));
  return button;
}

static void
update_callbacks (GchReceptionPage *self,
                  GchDay           *day)
{
  g_autoptr(GTimeZone) tz = dup_tz (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->callbacks_list))) != NULL)
    gtk_list_box_remove (self->callbacks_list, child);

  if (day->callbacks->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nobody to call back"));
      gtk_list_box_append (self->callbacks_list, row);
      return;
    }

  /* The day's list is kept in the order they were taken: oldest first. */
  for (guint i = 0; i < day->callbacks->len; i++)
    {
      GchCallback *callback = g_ptr_array_index (day->callbacks, i);
      GchCallbackStatus status = gch_callback_get_status (callback);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *taken = gch_format_time (tz, gch_callback_get_taken_at (callback));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *phone;

      if (gch_callback_is_erased (callback))
        phone = _("Number erased (retention period)");
      else if (may_read_phone (self, day, callback))
        phone = gch_callback_get_phone (callback);
      else
        phone = _("Number hidden: only the agent who took it, supervisors and the quality "
                  "referent see it");

      title = gch_callback_get_name (callback) != NULL && may_read_phone (self, day, callback)
              /* Translators: a person's name, then a service */
              ? g_strdup_printf (_("%s, for %s"), gch_callback_get_name (callback),
                                 gch_service_get_name (gch_callback_get_service (callback)))
              : g_strdup (gch_service_get_name (gch_callback_get_service (callback)));
      /* Translators: the phone number, when it was taken, the outcome, the attempts */
      subtitle = g_strdup_printf (ngettext ("%s · taken at %s · %s · %u attempt",
                                            "%s · taken at %s · %s · %u attempts",
                                            gch_callback_get_attempts (callback)),
                                  phone, taken, gch_callback_status_to_label (status),
                                  gch_callback_get_attempts (callback));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (row), "callback", g_object_ref (callback), g_object_unref);

      if ((status == GCH_CALLBACK_STATUS_WAITING || status == GCH_CALLBACK_STATUS_NO_ANSWER) &&
          !gch_callback_is_erased (callback))
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), outcome_menu_button (callback));
        }
      gtk_list_box_append (self->callbacks_list, row);
    }
}

static int
compare_for_reception (gconstpointer a,
                       gconstpointer b)
{
  GchAppointment *x = *(GchAppointment **)a, *y = *(GchAppointment **)b;
  gboolean x_expected = gch_appointment_get_status (x) == GCH_APPOINTMENT_STATUS_BOOKED;
  gboolean y_expected = gch_appointment_get_status (y) == GCH_APPOINTMENT_STATUS_BOOKED;
  gint64 tx = gch_appointment_get_starts_at (x), ty = gch_appointment_get_starts_at (y);

  if (x_expected != y_expected)
    return x_expected ? -1 : 1;
  if (tx != ty)
    return (tx > ty) - (tx < ty);
  return g_strcmp0 (gch_appointment_get_reference (x), gch_appointment_get_reference (y));
}

static gpointer
identity (gpointer item)
{
  return item;
}

static gpointer
ref_appointment (gpointer key)
{
  return g_object_ref (key);
}

static void
gch_reception_page_dispose (GObject *object)
{
  GchReceptionPage *self = (GchReceptionPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_RECEPTION_PAGE);
  g_clear_object (&self->station);
  g_clear_object (&self->appointments);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->service_rows, g_ptr_array_unref);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (gch_reception_page_parent_class)->dispose (object);
}

static void
gch_reception_page_class_init (GchReceptionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_reception_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-reception-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, priority_row);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, priority_list);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, services_list);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, ticket_revealer);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, last_ticket_label);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, last_detail_label);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, last_status_label);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, appointments_view);
  gtk_widget_class_bind_template_child (widget_class, GchReceptionPage, callbacks_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_appointments_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_appointment_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_appointment_bind_cb);
}

static void
gch_reception_page_init (GchReceptionPage *self)
{
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (int p = GCH_PRIORITY_NONE; p <= GCH_PRIORITY_CMI; p++)
    gtk_string_list_append (self->priority_list, gch_priority_to_label (p));

  self->service_rows = g_ptr_array_new ();
  self->appointments = g_list_store_new (GCH_TYPE_APPOINTMENT);
  self->filter = gtk_custom_filter_new (filter_appointment, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->appointments)),
                                        g_object_ref (GTK_FILTER (self->filter)));
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (filtered))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_list_view_set_model (self->appointments_view, selection);
}

/**
 * gch_reception_page_set_station:
 *
 * Shows @station's day.
 */
void
gch_reception_page_set_station (GchReceptionPage *self,
                                GchStation       *station)
{
  g_return_if_fail (GCH_IS_RECEPTION_PAGE (self));
  g_return_if_fail (GCH_IS_STATION (station));

  g_set_object (&self->station, station);
  build_service_rows (self);
  gch_reception_page_refresh (self);
}

/**
 * gch_reception_page_refresh:
 *
 * Brings the page up to date with the station's day, in place.
 */
void
gch_reception_page_refresh (GchReceptionPage *self)
{
  g_autoptr(GPtrArray) ordered = NULL;
  GchDay *day;

  g_return_if_fail (GCH_IS_RECEPTION_PAGE (self));

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL)
    return;

  /* Those still expected first, by time: they are who arrives. */
  ordered = g_ptr_array_copy (day->appointments, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_sort (ordered, compare_for_reception);
  gch_list_store_sync (self->appointments, ordered, identity, ref_appointment);
  update_service_rows (self);
  update_callbacks (self, day);
}

/**
 * gch_reception_page_focus:
 * @search: %TRUE for the appointment search, %FALSE for the services
 */
void
gch_reception_page_focus (GchReceptionPage *self,
                          gboolean          search)
{
  GtkListBoxRow *first;

  g_return_if_fail (GCH_IS_RECEPTION_PAGE (self));

  if (search)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }

  if ((first = gtk_list_box_get_row_at_index (self->services_list, 0)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first));
}

/**
 * gch_reception_page_show_ticket:
 * @entry: the ticket just issued or checked in
 * @status: whether it printed, in a few words
 * @can_print: whether to offer printing it (it did not print)
 */
void
gch_reception_page_show_ticket (GchReceptionPage *self,
                                GchQueueEntry    *entry,
                                const char       *status,
                                gboolean          can_print)
{
  g_return_if_fail (GCH_IS_RECEPTION_PAGE (self));
  g_return_if_fail (GCH_IS_QUEUE_ENTRY (entry));

  gtk_label_set_label (self->last_ticket_label, gch_queue_entry_get_ticket (entry));
  gtk_label_set_label (self->last_detail_label,
                       gch_service_get_name (gch_queue_entry_get_service (entry)));
  gtk_label_set_label (self->last_status_label, status);
  gtk_widget_set_visible (self->print_button, can_print);
  gtk_revealer_set_reveal_child (self->ticket_revealer, TRUE);
}

/**
 * gch_reception_page_get_appointments:
 *
 * Returns: (transfer none): the appointments the search shows
 */
GListModel *
gch_reception_page_get_appointments (GchReceptionPage *self)
{
  g_return_val_if_fail (GCH_IS_RECEPTION_PAGE (self), NULL);

  return G_LIST_MODEL (gtk_list_view_get_model (self->appointments_view));
}
