/* gch-queue-row.c
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

#define G_LOG_DOMAIN "gch-queue-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-format.h"
#include "gch-queue-row.h"

/* One person waiting: rank, ticket, what for, how they came, and when
 * they should be called. Rank and wait follow the item as the queue moves.
 */
struct _GchQueueRow
{
  AdwBin         parent_instance;

  GchQueueItem  *item;
  GSignalGroup  *item_signals;
  GTimeZone     *tz;

  /* Template Widgets */
  GtkLabel      *rank_label;
  GtkLabel      *ticket_label;
  GtkLabel      *service_label;
  GtkLabel      *detail_label;
  GtkLabel      *priority_label;
  GtkLabel      *wait_label;
};

G_DEFINE_FINAL_TYPE (GchQueueRow, gch_queue_row, ADW_TYPE_BIN)

static char *
describe (GchQueueEntry *entry,
          GTimeZone     *tz)
{
  GchAppointment *appointment = gch_queue_entry_get_appointment (entry);
  g_autofree char *arrived = gch_format_time (tz, gch_queue_entry_get_arrived_at (entry));
  g_autofree char *slot = NULL;

  if (gch_queue_entry_get_transferred_from (entry) != NULL)
    /* Translators: a person sent from another service or guichet; %s is a time */
    return g_strdup_printf (_("Transferred · at %s"), arrived);

  if (appointment == NULL)
    /* Translators: a person waiting without an appointment; %s is a time */
    return g_strdup_printf (_("Walk-in · arrived %s"), arrived);

  slot = gch_format_time (tz, gch_appointment_get_starts_at (appointment));
  if (gch_queue_entry_get_late (entry))
    /* Translators: %s is the appointment's time, then the holder's name */
    return g_strdup_printf (_("Appointment %s, late · %s"), slot,
                            gch_appointment_get_holder_name (appointment));

  /* Translators: %s is the appointment's time, then the holder's name */
  return g_strdup_printf (_("Appointment %s · %s"), slot,
                          gch_appointment_get_holder_name (appointment));
}

static void
update_place (GchQueueRow *self)
{
  g_autofree char *rank = NULL;
  g_autofree char *wait = NULL;

  if (self->item == NULL)
    return;

  rank = g_strdup_printf ("%u", gch_queue_item_get_rank (self->item));
  wait = gch_format_wait (gch_queue_item_get_wait (self->item));
  gtk_label_set_label (self->rank_label, rank);
  gtk_label_set_label (self->wait_label, wait);
}

static void
gch_queue_row_dispose (GObject *object)
{
  GchQueueRow *self = (GchQueueRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_QUEUE_ROW);
  g_clear_object (&self->item_signals);
  g_clear_object (&self->item);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (gch_queue_row_parent_class)->dispose (object);
}

static void
gch_queue_row_class_init (GchQueueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_queue_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-queue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GchQueueRow, rank_label);
  gtk_widget_class_bind_template_child (widget_class, GchQueueRow, ticket_label);
  gtk_widget_class_bind_template_child (widget_class, GchQueueRow, service_label);
  gtk_widget_class_bind_template_child (widget_class, GchQueueRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GchQueueRow, priority_label);
  gtk_widget_class_bind_template_child (widget_class, GchQueueRow, wait_label);
}

static void
gch_queue_row_init (GchQueueRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->item_signals = g_signal_group_new (GCH_TYPE_QUEUE_ITEM);
  g_signal_group_connect_swapped (self->item_signals, "notify", G_CALLBACK (update_place), self);
}

GtkWidget *
gch_queue_row_new (void)
{
  return g_object_new (GCH_TYPE_QUEUE_ROW, NULL);
}

/**
 * gch_queue_row_get_item:
 *
 * Returns: (transfer none) (nullable): the item shown
 */
GchQueueItem *
gch_queue_row_get_item (GchQueueRow *self)
{
  g_return_val_if_fail (GCH_IS_QUEUE_ROW (self), NULL);

  return self->item;
}

/**
 * gch_queue_row_set_item:
 * @item: (nullable): the person to show, %NULL when the row is put aside
 * @tz: the site's time zone
 */
void
gch_queue_row_set_item (GchQueueRow  *self,
                        GchQueueItem *item,
                        GTimeZone    *tz)
{
  g_autofree char *detail = NULL;
  GchQueueEntry *entry;
  GchPriority priority;

  g_return_if_fail (GCH_IS_QUEUE_ROW (self));
  g_return_if_fail (item == NULL || GCH_IS_QUEUE_ITEM (item));

  g_set_object (&self->item, item);
  g_signal_group_set_target (self->item_signals, item);
  if (item == NULL)
    return;

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_ref (tz);

  entry = gch_queue_item_get_entry (item);
  detail = describe (entry, tz);
  priority = gch_queue_entry_get_priority (entry);

  gtk_label_set_label (self->ticket_label, gch_queue_entry_get_ticket (entry));
  gtk_label_set_label (self->service_label,
                       gch_service_get_name (gch_queue_entry_get_service (entry)));
  gtk_label_set_label (self->detail_label, detail);
  gtk_label_set_label (self->priority_label, gch_priority_to_short_label (priority));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->priority_label), gch_priority_to_label (priority));
  gtk_widget_set_visible (GTK_WIDGET (self->priority_label), priority != GCH_PRIORITY_NONE);
  update_place (self);
}
