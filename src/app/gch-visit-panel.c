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
#include "gch-visit-panel.h"

/* The person at the guichet now: their ticket, what they came for, and for
 * an appointment everything the agent needs without asking twice.
 */
struct _GchVisitPanel
{
  AdwBin          parent_instance;

  GchQueueEntry  *entry;
  GtkStringList  *documents;

  /* Template Widgets */
  GtkStack       *stack;
  GtkLabel       *ticket_label;
  GtkLabel       *state_label;
  GtkLabel       *service_label;
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
  GtkWidget      *documents_group;
  GtkListBox     *documents_list;
};

G_DEFINE_FINAL_TYPE (GchVisitPanel, gch_visit_panel, ADW_TYPE_BIN)

static GtkWidget *
create_document_row (gpointer item,
                     gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 gtk_string_object_get_string (item));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("text-x-generic-symbolic"));

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

  switch (gch_queue_entry_get_state (entry))
    {
    case GCH_ENTRY_STATE_CALLED:
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

static void
show_appointment (GchVisitPanel  *self,
                  GchAppointment *appointment,
                  GTimeZone      *tz)
{
  g_autofree char *slot = NULL;
  g_autofree char *persons = NULL;

  gtk_widget_set_visible (self->appointment_group, appointment != NULL);
  if (appointment == NULL)
    return;

  slot = gch_format_time (tz, gch_appointment_get_starts_at (appointment));
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
gch_visit_panel_dispose (GObject *object)
{
  GchVisitPanel *self = (GchVisitPanel *)object;

  /* The stack is both a template child and the bin's child: let one owner drop it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_VISIT_PANEL);
  g_clear_object (&self->entry);
  g_clear_object (&self->documents);

  G_OBJECT_CLASS (gch_visit_panel_parent_class)->dispose (object);
}

static void
gch_visit_panel_class_init (GchVisitPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_visit_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-visit-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, ticket_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, state_label);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, service_label);
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
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, documents_group);
  gtk_widget_class_bind_template_child (widget_class, GchVisitPanel, documents_list);
}

static void
gch_visit_panel_init (GchVisitPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->documents = gtk_string_list_new (NULL);
  gtk_list_box_bind_model (self->documents_list, G_LIST_MODEL (self->documents),
                           create_document_row, NULL, NULL);
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
  g_autofree char *state = NULL;
  g_autofree char *arrived = NULL;
  GchService *service;
  GchPriority priority;

  g_return_if_fail (GCH_IS_VISIT_PANEL (self));
  g_return_if_fail (entry == NULL || GCH_IS_QUEUE_ENTRY (entry));

  g_set_object (&self->entry, entry);

  if (entry == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  service = gch_queue_entry_get_service (entry);
  priority = gch_queue_entry_get_priority (entry);
  state = describe_state (entry, tz);
  arrived = gch_format_time (tz, gch_queue_entry_get_arrived_at (entry));

  gtk_label_set_label (self->ticket_label, gch_queue_entry_get_ticket (entry));
  gtk_label_set_label (self->state_label, state);
  gtk_label_set_label (self->service_label, gch_service_get_name (service));
  gtk_label_set_label (self->arrived_label, arrived);
  set_optional_row (self->priority_row, self->priority_label,
                    priority != GCH_PRIORITY_NONE ? gch_priority_to_label (priority) : NULL);
  show_appointment (self, gch_queue_entry_get_appointment (entry), tz);
  show_documents (self, service);

  gtk_stack_set_visible_child_name (self->stack, "visit");
}
