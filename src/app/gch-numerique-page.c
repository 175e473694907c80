/* gch-numerique-page.c
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

#define G_LOG_DOMAIN "gch-numerique-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-application.h"
#include "gch-numerique-page.h"
#include "gch-numerique-report.h"
#include "gch-save-chooser.h"
#include "gch-signature-pad.h"
#include "gch-window.h"

/* The point numérique's register of the day: a row per help session, made
 * once and relabelled in place as the store changes (read in a worker),
 * the dialog that logs a session with its signature, and the exports. A
 * signature is shown, and exported, only to a supervisor or the quality
 * referent, each read an action that leaves its event.
 */
struct _GchNumeriquePage
{
  AdwBin          parent_instance;

  GchStation     *station;
  GCancellable   *cancellable;
  guint           generation;        /* of the last load asked: older answers are dropped */
  GPtrArray      *sessions;          /* GchHelpSession, as shown */
  GHashTable     *rows;              /* session id → AdwActionRow */
  GtkFileChooserNative *chooser;
  GtkWidget      *signature_window;  /* (weak) the signature shown, if any */
  char           *awaited;           /* the session whose strokes it waits for */

  /* Template Widgets */
  GtkListBox     *register_list;
  GtkLabel       *privacy_label;
};

G_DEFINE_FINAL_TYPE (GchNumeriquePage, gch_numerique_page, ADW_TYPE_BIN)

static void
toast (GchNumeriquePage *self,
       const char       *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GCH_IS_WINDOW (root))
    gch_window_add_toast (GCH_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static char *
dup_today (GchNumeriquePage *self)
{
  GchStore *store = gch_station_get_store (self->station);

  return gch_store_dup_date_at (store, gch_clock_now (gch_station_get_clock (self->station)));
}

static const char *
agent_name (GchNumeriquePage *self,
            const char       *id)
{
  GchDay *day = self->station != NULL ? gch_station_get_day (self->station) : NULL;
  GchAgent *agent = day != NULL && id != NULL ? gch_day_find_agent (day, id) : NULL;

  return agent != NULL ? gch_agent_get_name (agent) : id;
}

/* The agent at this station: the station's actor is its name. */
static const char *
agent_id (GchNumeriquePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                                     : NULL;

  return GCH_IS_APPLICATION (application) ? gch_application_get_agent (GCH_APPLICATION (application))
                                          : NULL;
}

static GTimeZone *
dup_time_zone (GchNumeriquePage *self)
{
  GchDay *day = gch_station_get_day (self->station);

  return day != NULL && day->site != NULL ? gch_site_dup_time_zone (day->site)
                                          : g_time_zone_new_local ();
}

/**
 * gch_numerique_page_can_read_signatures:
 *
 * Returns: whether the agent of this station is a supervisor or the
 *   quality referent, who may see the signatures
 */
gboolean
gch_numerique_page_can_read_signatures (GchNumeriquePage *self)
{
  GchDay *day;
  GchAgent *agent;
  const char *actor;

  g_return_val_if_fail (GCH_IS_NUMERIQUE_PAGE (self), FALSE);

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL ||
      (actor = agent_id (self)) == NULL || (agent = gch_day_find_agent (day, actor)) == NULL)
    return FALSE;
  return gch_agent_role_reads_personal_data (gch_agent_get_role (agent));
}

/* Rows */

static void
on_show_signature_cb (GtkButton        *button,
                      GchNumeriquePage *self)
{
  gch_numerique_page_show_signature (self, g_object_get_data (G_OBJECT (button), "session"));
}

static void
label_row (GchNumeriquePage *self,
           AdwActionRow     *row,
           GchHelpSession   *session,
           GTimeZone        *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (session->at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  /* Translators: the time, then the person's name */
  g_autofree char *title = g_strdup_printf (_("%s · %s"), time,
                                            session->name != NULL ? session->name
                                                                  : _("(name erased)"));
  /* Translators: the démarche, then the mediator's name */
  g_autofree char *subtitle = g_strdup_printf (_("%s — mediator: %s"), session->demarche,
                                               agent_name (self, session->mediator));
  GtkLabel *status = g_object_get_data (G_OBJECT (row), "status");
  GtkWidget *show = g_object_get_data (G_OBJECT (row), "show");
  const char *label = session->on_paper ? _("Signed on paper")
                    : session->erased ? _("Signed (erased)")
                    : _("Signed");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_label_set_label (status, label);
  gtk_widget_set_visible (show, session->drawn && !session->erased &&
                                gch_numerique_page_can_read_signatures (self));
}

static AdwActionRow *
new_row (GchNumeriquePage *self,
         GchHelpSession   *session)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *show = gtk_button_new_from_icon_name ("document-edit-symbolic");

  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (show, "flat");
  gtk_widget_set_tooltip_text (show, _("Show the signature"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show the signature"), -1);
  g_object_set_data_full (G_OBJECT (show), "session", g_strdup (session->id), g_free);
  g_signal_connect (show, "clicked", G_CALLBACK (on_show_signature_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), show);
  g_object_set_data (G_OBJECT (row), "status", status);
  g_object_set_data (G_OBJECT (row), "show", show);
  gtk_list_box_append (self->register_list, row);
  return ADW_ACTION_ROW (row);
}

static void
show_sessions (GchNumeriquePage *self,
               GPtrArray        *sessions)
{
  g_autoptr(GTimeZone) tz = dup_time_zone (self);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  /* The rows come in the order sessions are logged: new ones go last. */
  for (guint i = 0; i < sessions->len; i++)
    {
      GchHelpSession *session = g_ptr_array_index (sessions, i);
      AdwActionRow *row = g_hash_table_lookup (self->rows, session->id);

      if (row == NULL)
        {
          row = new_row (self, session);
          g_hash_table_insert (self->rows, g_strdup (session->id), row);
        }
      label_row (self, row, session, tz);
      g_hash_table_add (kept, session->id);
    }

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (kept, key))
      {
        gtk_list_box_remove (self->register_list, value);
        g_hash_table_iter_remove (&iter);
      }

  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  self->sessions = g_ptr_array_ref (sessions);
  gtk_widget_set_visible (GTK_WIDGET (self->privacy_label),
                          !gch_numerique_page_can_read_signatures (self));
}

static void fetch_awaited_signature (GchNumeriquePage *self);

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GchStore *store = task_data;
  const char *date = g_object_get_data (G_OBJECT (task), "date");
  GError *error = NULL;
  GPtrArray *sessions = gch_store_load_help_sessions (store, date, &error);

  if (sessions == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sessions, (GDestroyNotify) g_ptr_array_unref);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GchNumeriquePage *self = GCH_NUMERIQUE_PAGE (object);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;

  sessions = g_task_propagate_pointer (G_TASK (result), &error);
  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  if (sessions == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  show_sessions (self, sessions);
  /* The day changed: the strokes of a signature read here may have come. */
  fetch_awaited_signature (self);
}

/**
 * gch_numerique_page_refresh:
 *
 * Reads the day's register again, in a worker, and updates the rows in
 * place.
 */
void
gch_numerique_page_refresh (GchNumeriquePage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_NUMERIQUE_PAGE (self));

  if (self->station == NULL)
    return;

  self->generation++;
  task = g_task_new (self, self->cancellable, loaded_cb, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, gch_numerique_page_refresh);
  g_task_set_task_data (task, g_object_ref (gch_station_get_store (self->station)),
                        g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "date", dup_today (self), g_free);
  g_task_run_in_thread (task, load_worker);
}

/**
 * gch_numerique_page_get_sessions:
 *
 * Returns: (transfer none) (element-type GchHelpSession) (nullable): the
 *   sessions shown
 */
GPtrArray *
gch_numerique_page_get_sessions (GchNumeriquePage *self)
{
  g_return_val_if_fail (GCH_IS_NUMERIQUE_PAGE (self), NULL);

  return self->sessions;
}

/**
 * gch_numerique_page_set_station:
 */
void
gch_numerique_page_set_station (GchNumeriquePage *self,
                                GchStation       *station)
{
  g_return_if_fail (GCH_IS_NUMERIQUE_PAGE (self));

  /* The window refreshes the page at each change of the day: a session
   * logged here, or pulled from the server.
   */
  if (g_set_object (&self->station, station))
    gch_numerique_page_refresh (self);
}

/* The new session's dialog */

typedef struct
{
  GchNumeriquePage *self;
  GtkWindow        *dialog;
  AdwEntryRow      *name_row;
  AdwEntryRow      *demarche_row;
  AdwComboRow      *mediator_row;
  GStrv             mediators;
  GchSignaturePad  *pad;
  GtkLabel         *error_label;
  GtkWidget        *save_button;
} SessionDialog;

static void
session_dialog_free (SessionDialog *dialog)
{
  g_clear_object (&dialog->self);
  g_strfreev (dialog->mediators);
  g_free (dialog);
}

static void
logged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SessionDialog *dialog = user_data;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (dialog->save_button, TRUE);
  if (!(change = gch_station_submit_finish (GCH_STATION (object), result, &error)))
    {
      gtk_label_set_label (dialog->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (dialog->error_label), TRUE);
      return;
    }

  toast (dialog->self, _("The help session is in the register."));
  gtk_window_destroy (dialog->dialog);
}

static void
on_save_clicked_cb (GtkButton     *button,
                    SessionDialog *dialog)
{
  g_autofree char *strokes = gch_signature_pad_dup_strokes (dialog->pad);
  guint mediator = adw_combo_row_get_selected (dialog->mediator_row);
  GchRequest request = {
    .action = GCH_ACTION_LOG_HELP_SESSION,
    .person = gtk_editable_get_text (GTK_EDITABLE (dialog->name_row)),
    .demarche = gtk_editable_get_text (GTK_EDITABLE (dialog->demarche_row)),
    .agent = mediator < g_strv_length (dialog->mediators) ? dialog->mediators[mediator] : NULL,
    .on_paper = gch_signature_pad_get_on_paper (dialog->pad),
    .signature = strokes,
  };

  gtk_widget_set_sensitive (dialog->save_button, FALSE);
  gch_station_submit (dialog->self->station, &request, NULL, logged_cb, dialog);
}

/**
 * gch_numerique_page_new_session:
 *
 * Opens the dialog that logs a help session: the person's name, the
 * démarche, the mediator (this station's agent unless chosen), and the
 * signature on the pad or "signed on paper".
 */
void
gch_numerique_page_new_session (GchNumeriquePage *self)
{
  SessionDialog *dialog;
  GtkWidget *window, *toolbar, *header, *box, *group, *cancel;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const char *actor;
  GchDay *day;
  guint selected = 0;

  g_return_if_fail (GCH_IS_NUMERIQUE_PAGE (self));

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL)
    return;

  dialog = g_new0 (SessionDialog, 1);
  dialog->self = g_object_ref (self);
  actor = agent_id (self);
  for (guint i = 0; i < day->agents->len; i++)
    {
      GchAgent *agent = g_ptr_array_index (day->agents, i);

      if (g_strcmp0 (gch_agent_get_id (agent), actor) == 0)
        selected = i;
      gtk_string_list_append (names, gch_agent_get_name (agent));
      g_ptr_array_add (ids, (gpointer) gch_agent_get_id (agent));
    }
  g_ptr_array_add (ids, NULL);
  dialog->mediators = g_strdupv ((char **) ids->pdata);

  window = adw_window_new ();
  dialog->dialog = GTK_WINDOW (window);
  gtk_window_set_title (GTK_WINDOW (window), _("New Help Session"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, -1);
  g_object_weak_ref (G_OBJECT (window), (GWeakNotify) session_dialog_free, dialog);

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  dialog->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (dialog->save_button, "suggested-action");
  g_signal_connect (dialog->save_button, "clicked", G_CALLBACK (on_save_clicked_cb), dialog);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), dialog->save_button);
  gtk_box_append (GTK_BOX (toolbar), header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  group = adw_preferences_group_new ();
  dialog->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->name_row),
                                 _("Name of the person helped"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->name_row));
  dialog->demarche_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->demarche_row),
                                 _("Démarche (what they were helped with)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->demarche_row));
  dialog->mediator_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->mediator_row), _("Mediator"));
  adw_combo_row_set_model (dialog->mediator_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (dialog->mediator_row, selected);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->mediator_row));
  gtk_box_append (GTK_BOX (box), group);

  dialog->pad = GCH_SIGNATURE_PAD (gch_signature_pad_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dialog->pad));

  dialog->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (dialog->error_label, TRUE);
  gtk_label_set_xalign (dialog->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (dialog->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (dialog->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dialog->error_label));
  gtk_box_append (GTK_BOX (toolbar), box);
  /* What was refused is no longer what is on the pad. */
  g_signal_connect_swapped (dialog->pad, "notify::empty", G_CALLBACK (gtk_widget_hide),
                            dialog->error_label);
  g_signal_connect_swapped (dialog->pad, "notify::on-paper", G_CALLBACK (gtk_widget_hide),
                            dialog->error_label);

  adw_window_set_content (ADW_WINDOW (window), toolbar);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (dialog->name_row));
}

/* Reading a signature */

typedef struct
{
  GchNumeriquePage *self;
  char             *id;
} Reading;

static void
reading_free (Reading *reading)
{
  g_clear_object (&reading->self);
  g_free (reading->id);
  g_free (reading);
}

static void
draw_shown_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  gch_signature_draw (cr, user_data, 0, 0, width, height);
}

static const GchHelpSession *
find_session (GchNumeriquePage *self,
              const char       *id)
{
  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    {
      const GchHelpSession *session = g_ptr_array_index (self->sessions, i);

      if (g_strcmp0 (session->id, id) == 0)
        return session;
    }
  return NULL;
}

/* The window of a signature: the drawing, or why it is not here yet. */
static void
present_signature_window (GchNumeriquePage *self)
{
  GtkWidget *window, *box, *stack, *label, *area;

  if (self->signature_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->signature_window));
      return;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Signature"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  stack = gtk_stack_new ();
  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_stack_add_named (GTK_STACK (stack), label, "waiting");
  area = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 500);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 200);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The person’s signature"), -1);
  gtk_stack_add_named (GTK_STACK (stack), area, "signature");
  gtk_widget_set_margin_start (stack, 12);
  gtk_widget_set_margin_end (stack, 12);
  gtk_widget_set_margin_bottom (stack, 12);
  gtk_box_append (GTK_BOX (box), stack);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data (G_OBJECT (window), "stack", stack);
  g_object_set_data (G_OBJECT (window), "label", label);
  g_object_set_data (G_OBJECT (window), "area", area);
  g_set_weak_pointer (&self->signature_window, window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Draws @strokes in the signature's window; %FALSE with @error set when
 * they cannot be read.
 */
static gboolean
draw_signature (GchNumeriquePage  *self,
                const char        *strokes,
                GError           **error)
{
  GPtrArray *parsed = gch_signature_parse (strokes, error);
  GtkWidget *area;

  if (parsed == NULL)
    return FALSE;

  present_signature_window (self);
  area = g_object_get_data (G_OBJECT (self->signature_window), "area");
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_shown_cb, parsed,
                                  (GDestroyNotify) g_ptr_array_unref);
  gtk_stack_set_visible_child_name (g_object_get_data (G_OBJECT (self->signature_window),
                                                       "stack"), "signature");
  return TRUE;
}

static void
signature_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GchNumeriquePage *self = GCH_NUMERIQUE_PAGE (object);
  const char *id = g_object_get_data (G_OBJECT (result), "id");
  const GchHelpSession *session;
  g_autoptr(GError) error = NULL;
  g_autofree char *strokes = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->awaited, g_free);
  if (strokes != NULL && draw_signature (self, strokes, &error))
    return;

  /* Drawn at a station whose login did not read signatures: the strokes
   * come with the read, from the server. Say so, and draw them then.
   */
  session = find_session (self, id);
  if (strokes == NULL && g_error_matches (error, GCH_ERROR, GCH_ERROR_NOT_FOUND) &&
      session != NULL && session->drawn && !session->erased)
    {
      present_signature_window (self);
      gtk_label_set_label (g_object_get_data (G_OBJECT (self->signature_window), "label"),
                           error->message);
      gtk_stack_set_visible_child_name (g_object_get_data (G_OBJECT (self->signature_window),
                                                           "stack"), "waiting");
      self->awaited = g_strdup (id);
      return;
    }

  toast (self, error->message);
}

static void
dup_signature_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GchStore *store = task_data;
  GError *error = NULL;
  char *strokes = gch_store_dup_signature (store, g_object_get_data (G_OBJECT (task), "id"),
                                           &error);

  if (strokes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, strokes, g_free);
}

static void
awaited_signature_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GchNumeriquePage *self = GCH_NUMERIQUE_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *strokes = g_task_propagate_pointer (G_TASK (result), &error);

  /* Not yet, or the window was closed, or another signature shown since. */
  if (strokes == NULL || self->signature_window == NULL ||
      g_strcmp0 (self->awaited, g_object_get_data (G_OBJECT (result), "id")) != 0)
    return;

  g_clear_pointer (&self->awaited, g_free);
  if (!draw_signature (self, strokes, &error))
    toast (self, error->message);
}

static void
fetch_awaited_signature (GchNumeriquePage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->awaited == NULL || self->station == NULL)
    return;
  if (self->signature_window == NULL)
    {
      g_clear_pointer (&self->awaited, g_free);
      return;
    }

  task = g_task_new (self, self->cancellable, awaited_signature_cb, NULL);
  g_task_set_task_data (task, g_object_ref (gch_station_get_store (self->station)),
                        g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "id", g_strdup (self->awaited), g_free);
  g_task_run_in_thread (task, dup_signature_worker);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reading *reading = user_data;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  if (!(change = gch_station_submit_finish (GCH_STATION (object), result, &error)))
    {
      toast (reading->self, error->message);
      reading_free (reading);
      return;
    }

  /* The read is saved, with its event: now the strokes, from the disk. */
  task = g_task_new (reading->self, reading->self->cancellable, signature_loaded_cb, NULL);
  g_task_set_task_data (task, g_object_ref (gch_station_get_store (GCH_STATION (object))),
                        g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "id", g_steal_pointer (&reading->id), g_free);
  g_task_run_in_thread (task, dup_signature_worker);
  reading_free (reading);
}

/**
 * gch_numerique_page_show_signature:
 * @id: a help session's id
 *
 * Shows the session's signature to a supervisor or the quality referent,
 * the read saved as an event first; to anyone else, says why not.
 */
void
gch_numerique_page_show_signature (GchNumeriquePage *self,
                                   const char       *id)
{
  GchRequest request = { .action = GCH_ACTION_READ_SIGNATURE, .session = id,
                         .agent = agent_id (self) };
  Reading *reading;

  g_return_if_fail (GCH_IS_NUMERIQUE_PAGE (self));

  if (self->station == NULL)
    return;

  reading = g_new0 (Reading, 1);
  reading->self = g_object_ref (self);
  reading->id = g_strdup (id);
  gch_station_submit (self->station, &request, self->cancellable, read_cb, reading);
}

/* Exports */

typedef struct
{
  GchNumeriqueFormat  format;
  GFile              *file;
  GchStore           *store;
  GchNumeriqueReport *report;
  guint               waiting;     /* signature reads not yet saved */
  GPtrArray          *read;        /* ids whose read was saved */
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->file);
  g_clear_object (&save->store);
  g_clear_pointer (&save->report, gch_numerique_report_free);
  g_clear_pointer (&save->read, g_ptr_array_unref);
  g_free (save);
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Save *save = task_data;
  g_autofree char *path = g_file_get_path (save->file);
  GError *error = NULL;

  /* The sessions as the disk has them now, and the strokes of those read. */
  if (!(save->report->sessions = gch_store_load_help_sessions (save->store, save->report->date,
                                                               &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < save->read->len; i++)
    {
      const char *id = g_ptr_array_index (save->read, i);
      char *strokes = gch_store_dup_signature (save->store, id, NULL);

      if (strokes != NULL)
        g_hash_table_insert (save->report->strokes, g_strdup (id), strokes);
    }

  if (save->format == GCH_NUMERIQUE_FORMAT_PDF
      ? gch_numerique_report_write_pdf (save->report, path, &error)
      : gch_numerique_report_write_csv (save->report, path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Save *save = g_task_get_task_data (task);
  g_autoptr(GchChange) change = gch_station_submit_finish (GCH_STATION (object), result, NULL);

  if (change != NULL)
    g_ptr_array_add (save->read, g_strdup (gch_change_get_record_id (change)));
  if (--save->waiting == 0)
    g_task_run_in_thread (task, save_worker);
  g_object_unref (task);
}

/**
 * gch_numerique_page_save_async:
 *
 * Writes the day's register to @file. The PDF draws each signature: a
 * supervisor's or the quality referent's export only, each signature
 * read saved as an event before it is drawn.
 */
void
gch_numerique_page_save_async (GchNumeriquePage    *self,
                               GchNumeriqueFormat   format,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Save *save;
  GchDay *day;

  g_return_if_fail (GCH_IS_NUMERIQUE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gch_numerique_page_save_async);

  if (self->station == NULL || (day = gch_station_get_day (self->station)) == NULL)
    {
      g_task_return_new_error (task, GCH_ERROR, GCH_ERROR_NOT_FOUND,
                               _("The day is not loaded yet."));
      g_object_unref (task);
      return;
    }
  if (!gch_numerique_page_can_read_signatures (self))
    {
      g_task_return_new_error (task, GCH_ERROR, GCH_ERROR_INVALID,
                               _("Only a supervisor or the quality referent can export the "
                                 "register: it holds the signatures."));
      g_object_unref (task);
      return;
    }

  save = g_new0 (Save, 1);
  save->format = format;
  save->file = g_object_ref (file);
  save->store = g_object_ref (gch_station_get_store (self->station));
  save->read = g_ptr_array_new_with_free_func (g_free);
  save->report = g_new0 (GchNumeriqueReport, 1);
  save->report->site_name = day->site != NULL ? g_strdup (gch_site_get_name (day->site)) : NULL;
  save->report->date = dup_today (self);
  save->report->tz = dup_time_zone (self);
  save->report->mediators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  save->report->strokes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < day->agents->len; i++)
    g_hash_table_insert (save->report->mediators,
                         g_strdup (gch_agent_get_id (g_ptr_array_index (day->agents, i))),
                         g_strdup (gch_agent_get_name (g_ptr_array_index (day->agents, i))));
  g_task_set_task_data (task, save, (GDestroyNotify) save_free);

  /* The PDF draws the signatures: each is read, and the read saved, first. */
  save->waiting = 1;
  for (guint i = 0; format == GCH_NUMERIQUE_FORMAT_PDF && self->sessions != NULL &&
                    i < self->sessions->len; i++)
    {
      GchHelpSession *session = g_ptr_array_index (self->sessions, i);
      GchRequest request = { .action = GCH_ACTION_READ_SIGNATURE, .session = session->id,
                             .agent = agent_id (self) };

      if (!session->drawn || session->erased)
        continue;
      save->waiting++;
      gch_station_submit (self->station, &request, NULL, export_read_cb, g_object_ref (task));
    }
  /* Otherwise the last read's answer starts the worker. */
  if (--save->waiting == 0)
    g_task_run_in_thread (task, save_worker);
  g_object_unref (task);
}

/**
 * gch_numerique_page_save_finish:
 */
gboolean
gch_numerique_page_save_finish (GchNumeriquePage  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GchNumeriquePage *self = GCH_NUMERIQUE_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gch_numerique_page_save_finish (self, result, &error);
  if ((message = gch_save_chooser_describe (file, error)))
    toast (self, message);
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        gpointer         user_data)
{
  GchNumeriquePage *self = GCH_NUMERIQUE_PAGE (user_data);
  GchNumeriqueFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      gch_numerique_page_save_async (self, format, file, self->cancellable, export_cb, file);
    }
  g_clear_object (&self->chooser);
}

/**
 * gch_numerique_page_export:
 *
 * Asks where to save the register, then writes it.
 */
void
gch_numerique_page_export (GchNumeriquePage   *self,
                           GchNumeriqueFormat  format)
{
  g_autofree char *today = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (GCH_IS_NUMERIQUE_PAGE (self));

  if (self->station == NULL)
    return;
  if (!gch_numerique_page_can_read_signatures (self))
    {
      toast (self, _("Only a supervisor or the quality referent can export the register: it "
                     "holds the signatures."));
      return;
    }

  today = dup_today (self);
  name = g_strdup_printf ("point-numerique-%s.%s", today,
                          format == GCH_NUMERIQUE_FORMAT_PDF ? "pdf" : "csv");
  gch_save_chooser_show (&self->chooser, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                         format == GCH_NUMERIQUE_FORMAT_PDF ? _("Export the Register as PDF")
                                                            : _("Export the Register as CSV"),
                         name, G_CALLBACK (on_chooser_response_cb), self);
  g_object_set_data (G_OBJECT (self->chooser), "format", GINT_TO_POINTER (format));
}

/* GObject */

static void
gch_numerique_page_dispose (GObject *object)
{
  GchNumeriquePage *self = (GchNumeriquePage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_NUMERIQUE_PAGE);
  g_clear_object (&self->station);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->awaited, g_free);
  g_clear_weak_pointer (&self->signature_window);

  G_OBJECT_CLASS (gch_numerique_page_parent_class)->dispose (object);
}

static void
gch_numerique_page_class_init (GchNumeriquePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_numerique_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-numerique-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GchNumeriquePage, register_list);
  gtk_widget_class_bind_template_child (widget_class, GchNumeriquePage, privacy_label);
}

static void
gch_numerique_page_init (GchNumeriquePage *self)
{
  g_type_ensure (GCH_TYPE_SIGNATURE_PAD);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
