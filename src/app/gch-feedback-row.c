/* gch-feedback-row.c
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

#define G_LOG_DOMAIN "gch-feedback-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gch-feedback-row.h"
#include "gch-format.h"

/* A record in the register's list: kind and category, the description's
 * first line, the channel, when it came and the ticket; its status, due
 * date and, when an answer is late or close to it, a flag. The row follows
 * its item: a newer copy of the record or another urgency relabels it.
 */
struct _GchFeedbackRow
{
  AdwBin           parent_instance;

  GchRegisterItem *item;

  /* Template Widgets */
  GtkLabel        *title_label;
  GtkLabel        *description_label;
  GtkLabel        *details_label;
  GtkLabel        *status_label;
  GtkLabel        *due_label;
  GtkLabel        *flag_label;
};

G_DEFINE_FINAL_TYPE (GchFeedbackRow, gch_feedback_row, ADW_TYPE_BIN)

/**
 * gch_urgency_to_label:
 *
 * Returns: the flag a row shows, or %NULL for none
 */
const char *
gch_urgency_to_label (GchUrgency urgency)
{
  switch (urgency)
    {
    /* Translators: a record of the register past its due date */
    case GCH_URGENCY_OVERDUE: return _("Overdue");
    /* Translators: a record of the register due today or on the next working day */
    case GCH_URGENCY_DUE_SOON: return _("Due soon");
    case GCH_URGENCY_NONE:
    default: return NULL;
    }
}

static char *
first_line (const char *text)
{
  const char *end = strchr (text, '\n');
  g_autofree char *line = end != NULL ? g_strndup (text, end - text) : g_strdup (text);

  /* A line can be the whole 10,000 characters: the row shows the start. */
  if (g_utf8_strlen (line, -1) > 200)
    {
      g_autofree char *start = g_utf8_substring (line, 0, 200);

      return g_strconcat (start, "…", NULL);
    }
  return g_steal_pointer (&line);
}

static void
relabel (GchFeedbackRow *self)
{
  GchFeedback *feedback = gch_register_item_get_feedback (self->item);
  GchUrgency urgency = gch_register_item_get_urgency (self->item);
  const char *ticket = gch_feedback_get_ticket (feedback);
  const char *flag = gch_urgency_to_label (urgency);
  g_autofree char *received = gch_format_day (gch_register_item_get_zone (self->item),
                                              gch_feedback_get_received_at (feedback));
  g_autofree char *due_date = gch_format_date (gch_feedback_get_due_date (feedback));
  g_autofree char *line = first_line (gch_feedback_get_description (feedback));
  /* Translators: a record's kind, then its category: "Complaint · Waiting time" */
  g_autofree char *title = g_strdup_printf (_("%s · %s"),
                                            gch_feedback_kind_to_label (gch_feedback_get_kind (feedback)),
                                            gch_feedback_category_to_label (gch_feedback_get_category (feedback)));
  g_autofree char *details = NULL;
  g_autofree char *due = NULL;
  g_autofree char *summary = NULL;

  if (ticket != NULL && *ticket != '\0')
    /* Translators: the channel, the day received, the ticket: "At the guichet · received 22/11/2026 · A042" */
    details = g_strdup_printf (_("%s · received %s · %s"),
                               gch_feedback_channel_to_label (gch_feedback_get_channel (feedback)),
                               received, ticket);
  else
    /* Translators: the channel, then the day received: "Letter · received 22/11/2026" */
    details = g_strdup_printf (_("%s · received %s"),
                               gch_feedback_channel_to_label (gch_feedback_get_channel (feedback)),
                               received);
  /* Translators: the date an answer is due by */
  due = g_strdup_printf (_("Due %s"), due_date);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->description_label, line);
  gtk_label_set_label (self->details_label, details);
  gtk_label_set_label (self->status_label,
                       gch_feedback_status_to_label (gch_feedback_get_status (feedback)));
  gtk_label_set_label (self->due_label, due);
  gtk_label_set_label (self->flag_label, flag != NULL ? flag : "");
  gtk_widget_set_visible (GTK_WIDGET (self->flag_label), flag != NULL);
  if (urgency == GCH_URGENCY_OVERDUE)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->flag_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->flag_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->flag_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->flag_label), "warning");
    }

  /* A screen reader hears the row as one sentence. */
  summary = g_strjoin (", ", title, line, details,
                       gch_feedback_status_to_label (gch_feedback_get_status (feedback)), due,
                       flag != NULL ? flag : NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);
}

static void
on_item_notify_cb (GchFeedbackRow *self)
{
  relabel (self);
}

/**
 * gch_feedback_row_set_item:
 * @item: (nullable): the record to show, or %NULL when the row is unbound
 */
void
gch_feedback_row_set_item (GchFeedbackRow  *self,
                           GchRegisterItem *item)
{
  g_return_if_fail (GCH_IS_FEEDBACK_ROW (self));
  g_return_if_fail (item == NULL || GCH_IS_REGISTER_ITEM (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, on_item_notify_cb, self);
  g_set_object (&self->item, item);
  if (item == NULL)
    return;

  g_signal_connect_object (item, "notify", G_CALLBACK (on_item_notify_cb), self, G_CONNECT_SWAPPED);
  relabel (self);
}

/**
 * gch_feedback_row_get_item:
 *
 * Returns: (transfer none) (nullable): the record shown
 */
GchRegisterItem *
gch_feedback_row_get_item (GchFeedbackRow *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK_ROW (self), NULL);

  return self->item;
}

/**
 * gch_feedback_row_get_status_text:
 *
 * Returns: the status the row shows, "Received"
 */
const char *
gch_feedback_row_get_status_text (GchFeedbackRow *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK_ROW (self), NULL);

  return gtk_label_get_label (self->status_label);
}

/**
 * gch_feedback_row_get_flag_text:
 *
 * Returns: the flag the row shows, "Overdue" or "Due soon", or "" for none
 */
const char *
gch_feedback_row_get_flag_text (GchFeedbackRow *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->flag_label))
         ? gtk_label_get_label (self->flag_label) : "";
}

GtkWidget *
gch_feedback_row_new (void)
{
  return g_object_new (GCH_TYPE_FEEDBACK_ROW, NULL);
}

/* GObject */

static void
gch_feedback_row_dispose (GObject *object)
{
  GchFeedbackRow *self = (GchFeedbackRow *)object;

  gch_feedback_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_FEEDBACK_ROW);

  G_OBJECT_CLASS (gch_feedback_row_parent_class)->dispose (object);
}

static void
gch_feedback_row_class_init (GchFeedbackRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_feedback_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-feedback-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackRow, description_label);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackRow, due_label);
  gtk_widget_class_bind_template_child (widget_class, GchFeedbackRow, flag_label);
}

static void
gch_feedback_row_init (GchFeedbackRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
