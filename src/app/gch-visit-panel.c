/* gch-visit-panel.c
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

#define G_LOG_DOMAIN "gch-visit-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-format.h"
#include "gch-list-sync.h"
#include "gch-visit-panel.h"

/* The person at the guichet now: their ticket, what they came for, the
 * commands that apply to them now, and for an appointment everything the
 * agent needs without asking twice. Below, the people this guichet put on
 * hold, ready to be brought back.
 */
struct _GchVisitPanel
{
  AdwBin          parent_instance;

  GchQueueEntry  *entry;
  GSignalGroup   *entry_signals;
  GTimeZone      *tz;
  GtkStringList  *documents;
  GHashTable     *shown;        /* documents ticked as shown, for this entry */
  GListStore     *on_hold;

  /* Template Widgets */
  GtkStack       *stack;
  GtkLabel       *ticket_label;
  GtkLabel       *state_label;
  GtkLabel       *service_label;
  GtkWidget      *start_button;
  GtkWidget      *finish_button;
  GtkWidget      *recall_button;
  GtkWidget      *no_show_button;
  GtkWidget      *transfer_button;
  GtkWidget      *hold_button;
  GtkWidget      *appointment_group;
  GtkLabel       *holder_label;
  GtkLabel       *persons_label;
  GtkLabel       *slot_label;
  GtkLabel       *reference_label;
  AdwActionRow   *dossier_row;
  GtkLabel       *dossier_label;
  AdwActionRow   *predemande_row;
  GtkLabel       *predemande_label;
  GtkLabel       *arrived_label;
  AdwActionRow   *priority_row;
  GtkLabel       *priority_label;
  AdwEntryRow    *notes_row;
  GtkWidget      *documents_group;
  GtkListBox     *documents_list;
  GtkRevealer    *on_hold_revealer;
  GtkListBox     *on_hold_list;
};

G_DEFINE_FINAL_TYPE (GchVisitPanel, gch_visit_panel, ADW_TYPE_BIN)

enum {
  APPLY_NOTES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_document_toggled_cb (GtkCheckButton *check,
                        GchVisitPanel  *self)
{
  const char *document = g_object_get_data (G_OBJECT (check), "document");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->shown, g_strdup (document));
  else
    g_hash_table_remove (self->shown, document);
}

static GtkWidget *
create_document_row (gpointer item,
                     gpointer user_data)
{
  GchVisitPanel *self = user_data;
  const char *document = gtk_string_object_get_string (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), document);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_hash_table_contains (self->shown, document));
  g_object_set_data_full (G_OBJECT (check), "document", g_strdup (document), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (on_document_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  return row;
}

static GtkWidget *
create_on_hold_row (gpointer item,
                    gpointer user_data)
{
  GchQueueEntry *entry = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Bring Back"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gch_queue_entry_get_ticket (entry));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               gch_service_get_name (gch_queue_entry_get_service (entry)));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.resume");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", gch_queue_entry_get_ticket (entry));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
set_optional_row (AdwActionRow *row,
                  GtkLabel     *label,
                  const char   *value)
{
  gtk_label_set_label (label, value != NULL ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), value != NULL && *value != '\0');
}

static char *
describe_state (GchQueueEntry *entry,
                GTimeZone     *tz)
{
  g_autofree char *called = gch_format_time (tz, gch_queue_entry_get_called_at (entry));
  guint recalls = gch_queue_entry_get_recalls (entry);

  switch (gch_queue_entry_get_state (entry))
    {
    case GCH_ENTRY_STATE_CALLED:
      if (recalls > 0)
        /* Translators: a time, then how many times the person was called again */
        return g_strdup_printf (ngettext ("Called again at %s (%u time)",
                                          "Called again at %s (%u times)", recalls),
                                called, recalls);
      /* Translators: %s is a time */
      return g_strdup_printf (_("Called at %s"), called);
    case GCH_ENTRY_STATE_SERVING:
      /* Translators: %s is the time the person was called */
      return g_strdup_printf (_("Being served, called at %s"), called);
    case GCH_ENTRY_STATE_WAITING:
    case GCH_ENTRY_STATE_ON_HOLD:
    case GCH_ENTRY_STATE_DONE:
    case GCH_ENTRY_STATE_NO_SHOW:
    case GCH_ENTRY_STATE_LEFT:
    case GCH_ENTRY_STATE_TRANSFERRED:
    case GCH_ENTRY_STATE_CANCELLED:
    default:
      return g_strdup (gch_entry_state_to_label (gch_queue_entry_get_state (entry)));
    }
}

/* Only the commands that apply to the person now are shown. */
static void
update_commands (GchVisitPanel *self)
{
  GchEntryState state = gch_queue_entry_get_state (self->entry);
  gboolean called = state == GCH_ENTRY_STATE_CALLED;
  gboolean serving = state == GCH_ENTRY_STATE_SERVING;
  g_autofree char *description = describe_state (self->entry, self->tz);

  gtk_label_set_label (self->state_label, description);
  gtk_widget_set_visible (self->start_button, called);
  gtk_widget_set_visible (self->recall_button, called);
  gtk_widget_set_visible (self->no_show_button, called);
  gtk_widget_set_visible (self->finish_button, serving);
  gtk_widget_set_visible (self->transfer_button, serving);
  gtk_widget_set_visible (self->hold_button, called || serving);
}

static void
show_appointment (GchVisitPanel  *self,
                  GchAppointment *appointment)
{
  g_autofree char *slot = NULL;
  g_autofree char *persons = NULL;

  gtk_widget_set_visible (self->appointment_group, appointment != NULL);
  if (appointment == NULL)
    return;

  slot = gch_format_time (self->tz, gch_appointment_get_starts_at (appointment));
  persons = g_strdup_printf ("%u", gch_appointment_get_persons (appointment));

  gtk_label_set_label (self->holder_label, gch_appointment_get_holder_name (appointment));
  gtk_label_set_label (self->persons_label, persons);
  gtk_label_set_label (self->slot_label, slot);
  gtk_label_set_label (self->reference_label, gch_appointment_get_reference (appointment));
  set_optional_row (self->dossier_row, self->dossier_label,
                    gch_appointment_get_dossier_number (appointment));
  set_optional_row (self->predemande_row, self->predemande_label,
                    gch_appointment_get_predemande_number (appointment));
}

static void
show_documents (GchVisitPanel *self,
                GchService    *service)
{
  const char * const *documents = gch_service_get_documents (service);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->documents));

  gtk_string_list_splice (self->documents, 0, n_old, documents);
  gtk_widget_set_visible (self->documents_group, documents != NULL && documents[0] != NULL);
}

static void
on_notes_row_apply_cb (GchVisitPanel *self,
                       AdwEntryRow   *row)
{
  g_signal_emit (self, signals[APPLY_NOTES], 0, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
gch_visit_panel_dispose (GObject *object)
{
  GchVisitPanel *self = (GchVisitPanel *)object;

  /* The layout is both a template child and the bin's child: let one owner drop it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_VISIT_PANEL);
  g_clear_object (&self->entry_signals);
  g_clear_object (&self->entry);
  g_clear_object (&self->documents);
  g_clear_object (&self->on_hold);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (gch_visit_panel_parent_class)->dispose (object);
}

static void
gch_visit_panel_class_init (GchVisitPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_visit_panel_dispose;

  /**
   * GchVisitPanel::apply-notes:
   * @notes: the notes the agent wrote
   */
  signals[APPLY_NOTES] =
    g_signal_new ("apply-notes", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-visit-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, ticket_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, state_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, service_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, start_button);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, finish_button);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, recall_button);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, no_show_button);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, hold_button);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, appointment_group);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, holder_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, persons_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, slot_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, reference_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, dossier_row);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, dossier_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, predemande_row);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, predemande_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, arrived_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, priority_row);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, priority_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, notes_row);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, documents_group);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, documents_list);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, on_hold_revealer);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, on_hold_list);
  gtk_widget_class_bind_template_callback (widget_class, on_notes_row_apply_cb);
}

static void
gch_visit_panel_init (GchVisitPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->documents = gtk_string_list_new (NULL);
  self->on_hold = g_list_store_new (GCH_TYPE_QUEUE_ENTRY);
  self->entry_signals = g_signal_group_new (GCH_TYPE_QUEUE_ENTRY);
  g_signal_group_connect_swapped (self->entry_signals, "notify", G_CALLBACK (update_commands), self);

  gtk_list_box_bind_model (self->documents_list, G_LIST_MODEL (self->documents),
                           create_document_row, self, NULL);
  gtk_list_box_bind_model (self->on_hold_list, G_LIST_MODEL (self->on_hold),
                           create_on_hold_row, NULL, NULL);
}

/**
 * gch_visit_panel_get_entry:
 *
 * Returns: (transfer none) (nullable): the person at the guichet
 */
GchQueueEntry *
gch_visit_panel_get_entry (GchVisitPanel *self)
{
  g_return_val_if_fail (GCH_IS_VISIT_PANEL (self), NULL);

  return self->entry;
}

/**
 * gch_visit_panel_set_entry:
 * @entry: (nullable): the person at the guichet, or %NULL when there is none
 * @tz: the site's time zone
 */
void
gch_visit_panel_set_entry (GchVisitPanel *self,
                           GchQueueEntry *entry,
                           GTimeZone     *tz)
{
  g_autofree char *arrived = NULL;
  GchService *service;
  GchPriority priority;
  const char *notes;

  g_return_if_fail (GCH_IS_VISIT_PANEL (self));
  g_return_if_fail (entry == NULL || GCH_IS_QUEUE_ENTRY (entry));

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_ref (tz);

  if (entry != self->entry)
    g_hash_table_remove_all (self->shown);

  g_set_object (&self->entry, entry);
  g_signal_group_set_target (self->entry_signals, entry);

  if (entry == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  service = gch_queue_entry_get_service (entry);
  priority = gch_queue_entry_get_priority (entry);
  arrived = gch_format_time (tz, gch_queue_entry_get_arrived_at (entry));
  notes = gch_queue_entry_get_notes (entry);

  gtk_label_set_label (self->ticket_label, gch_queue_entry_get_ticket (entry));
  gtk_label_set_label (self->service_label, gch_service_get_name (service));
  gtk_label_set_label (self->arrived_label, arrived);
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), notes != NULL ? notes : "");
  set_optional_row (self->priority_row, self->priority_label,
                    priority != GCH_PRIORITY_NONE ? gch_priority_to_label (priority) : NULL);
  show_appointment (self, gch_queue_entry_get_appointment (entry));
  show_documents (self, service);
  update_commands (self);

  gtk_stack_set_visible_child_name (self->stack, "visit");
}

static gpointer
identity (gpointer item)
{
  return item;
}

/**
 * gch_visit_panel_set_on_hold:
 * @entries: (element-type GchQueueEntry): the people this guichet put on hold
 */
void
gch_visit_panel_set_on_hold (GchVisitPanel *self,
                             GPtrArray     *entries)
{
  g_return_if_fail (GCH_IS_VISIT_PANEL (self));

  gch_list_store_sync (self->on_hold, entries, identity, g_object_ref);
  gtk_revealer_set_reveal_child (self->on_hold_revealer, entries->len > 0);
}

/**
 * gch_visit_panel_dup_missing_documents:
 *
 * Returns: (transfer full): the documents of the service not ticked as
 *   shown, in the service's order
 */
char **
gch_visit_panel_dup_missing_documents (GchVisitPanel *self)
{
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  guint n;

  g_return_val_if_fail (GCH_IS_VISIT_PANEL (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
  for (guint i = 0; i < n; i++)
    {
      const char *document = gtk_string_list_get_string (self->documents, i);

      if (!g_hash_table_contains (self->shown, document))
        g_strv_builder_add (missing, document);
    }

  return g_strv_builder_end (missing);
}
