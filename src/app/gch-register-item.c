/* gch-register-item.c
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

#define G_LOG_DOMAIN "gch-register-item"

#include "config.h"

#include <string.h>

#include "gch-register-item.h"

/* A record of the register as its page lists it: the item stays while the
 * record is in the register, and takes each newer copy read from the
 * store, so its row is relabelled in place. It keeps what the sorter and
 * the search read often: the urgency at the station's clock, and the
 * searched text folded once (a description is immutable).
 */
struct _GchRegisterItem
{
  GObject      parent_instance;

  GchFeedback *feedback;
  GTimeZone   *zone;
  char        *folded;     /* description, category and ticket, folded */
  GchUrgency   urgency;
};

G_DEFINE_FINAL_TYPE (GchRegisterItem, gch_register_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FEEDBACK,
  PROP_URGENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * gch_register_fold:
 *
 * Returns: (transfer full): @text as the search compares it: normalized
 *   and case-folded, so "Attente" finds "ATTENTE" and "attente"
 */
char *
gch_register_fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal != NULL ? normal : "", -1);
}

static GchUrgency
urgency_of (GchFeedback *feedback,
            gint64       now,
            GTimeZone   *zone)
{
  if (gch_feedback_is_overdue (feedback, now, zone))
    return GCH_URGENCY_OVERDUE;
  if (gch_feedback_is_nearly_due (feedback, now, zone))
    return GCH_URGENCY_DUE_SOON;
  return GCH_URGENCY_NONE;
}

/**
 * gch_register_item_new:
 *
 * Returns: (transfer full): the item of @feedback, its urgency at @now in
 *   the site's @zone
 */
GchRegisterItem *
gch_register_item_new (GchFeedback *feedback,
                       gint64       now,
                       GTimeZone   *zone)
{
  GchRegisterItem *self;
  g_autofree char *text = NULL;

  g_return_val_if_fail (GCH_IS_FEEDBACK (feedback), NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  self = g_object_new (GCH_TYPE_REGISTER_ITEM, NULL);
  self->feedback = g_object_ref (feedback);
  self->zone = g_time_zone_ref (zone);
  self->urgency = urgency_of (feedback, now, zone);
  text = g_strjoin ("\n", gch_feedback_get_description (feedback),
                    gch_feedback_category_to_label (gch_feedback_get_category (feedback)),
                    gch_feedback_get_ticket (feedback) != NULL ? gch_feedback_get_ticket (feedback)
                                                               : "",
                    NULL);
  self->folded = gch_register_fold (text);
  return self;
}

/**
 * gch_register_item_update:
 * @feedback: (nullable): a newer copy of the record, or %NULL to keep it
 *
 * Takes @feedback if it is newer, and computes the urgency again at @now;
 * what changed is notified, so the row shows it.
 *
 * Returns: %TRUE if the record or its urgency changed
 */
gboolean
gch_register_item_update (GchRegisterItem *self,
                          GchFeedback     *feedback,
                          gint64           now,
                          GTimeZone       *zone)
{
  gboolean changed = FALSE;
  GchUrgency urgency;

  g_return_val_if_fail (GCH_IS_REGISTER_ITEM (self), FALSE);
  g_return_val_if_fail (feedback == NULL || GCH_IS_FEEDBACK (feedback), FALSE);

  if (zone != NULL && zone != self->zone)
    {
      g_time_zone_unref (self->zone);
      self->zone = g_time_zone_ref (zone);
    }

  if (feedback != NULL && feedback != self->feedback &&
      gch_feedback_get_version (feedback) != gch_feedback_get_version (self->feedback))
    {
      g_set_object (&self->feedback, feedback);
      changed = TRUE;
    }

  urgency = urgency_of (self->feedback, now, self->zone);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEEDBACK]);
  if (urgency != self->urgency)
    {
      self->urgency = urgency;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URGENCY]);
      changed = TRUE;
    }
  return changed;
}

GchFeedback *
gch_register_item_get_feedback (GchRegisterItem *self)
{
  g_return_val_if_fail (GCH_IS_REGISTER_ITEM (self), NULL);

  return self->feedback;
}

const char *
gch_register_item_get_id (GchRegisterItem *self)
{
  g_return_val_if_fail (GCH_IS_REGISTER_ITEM (self), NULL);

  return gch_feedback_get_id (self->feedback);
}

GchUrgency
gch_register_item_get_urgency (GchRegisterItem *self)
{
  g_return_val_if_fail (GCH_IS_REGISTER_ITEM (self), GCH_URGENCY_NONE);

  return self->urgency;
}

/**
 * gch_register_item_get_zone:
 *
 * Returns: (transfer none): the site's time zone, that dates are shown in
 */
GTimeZone *
gch_register_item_get_zone (GchRegisterItem *self)
{
  g_return_val_if_fail (GCH_IS_REGISTER_ITEM (self), NULL);

  return self->zone;
}

/* Overdue first, then due soon, then the other open records, closed last. */
static int
rank (GchRegisterItem *self)
{
  if (gch_feedback_get_status (self->feedback) == GCH_FEEDBACK_STATUS_CLOSED)
    return 3;
  switch (self->urgency)
    {
    case GCH_URGENCY_OVERDUE: return 0;
    case GCH_URGENCY_DUE_SOON: return 1;
    case GCH_URGENCY_NONE:
    default: return 2;
    }
}

/**
 * gch_register_item_compare:
 *
 * The register's order, most urgent first: overdue, then nearly due, then
 * by due date (the soonest first, a record without one after), then by
 * when received; closed records last.
 *
 * Returns: <0, 0 or >0, like strcmp()
 */
int
gch_register_item_compare (GchRegisterItem *a,
                           GchRegisterItem *b)
{
  const GDate *due_a, *due_b;
  gint64 at_a, at_b;
  int diff;

  if ((diff = rank (a) - rank (b)) != 0)
    return diff;

  due_a = gch_feedback_get_due_date (a->feedback);
  due_b = gch_feedback_get_due_date (b->feedback);
  if (g_date_valid (due_a) != g_date_valid (due_b))
    return g_date_valid (due_a) ? -1 : 1;
  if (g_date_valid (due_a) && (diff = g_date_compare (due_a, due_b)) != 0)
    return diff;

  at_a = gch_feedback_get_received_at (a->feedback);
  at_b = gch_feedback_get_received_at (b->feedback);
  if (at_a != at_b)
    return at_a < at_b ? -1 : 1;

  return g_strcmp0 (gch_feedback_get_id (a->feedback), gch_feedback_get_id (b->feedback));
}

/**
 * gch_register_item_matches:
 *
 * Returns: whether the record passes every one of @filter's conditions
 */
gboolean
gch_register_item_matches (GchRegisterItem         *self,
                           const GchRegisterFilter *filter)
{
  GchFeedbackStatus status;

  g_return_val_if_fail (GCH_IS_REGISTER_ITEM (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  status = gch_feedback_get_status (self->feedback);
  if (filter->kind != GCH_REGISTER_ANY && (int) gch_feedback_get_kind (self->feedback) != filter->kind)
    return FALSE;
  if (filter->status == GCH_REGISTER_OPEN && status == GCH_FEEDBACK_STATUS_CLOSED)
    return FALSE;
  if (filter->status >= 0 && (int) status != filter->status)
    return FALSE;
  if (filter->urgent_only && self->urgency == GCH_URGENCY_NONE)
    return FALSE;
  if (filter->search != NULL && *filter->search != '\0' && strstr (self->folded, filter->search) == NULL)
    return FALSE;
  return TRUE;
}

/* GObject */

static void
gch_register_item_finalize (GObject *object)
{
  GchRegisterItem *self = (GchRegisterItem *)object;

  g_clear_object (&self->feedback);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self->folded);

  G_OBJECT_CLASS (gch_register_item_parent_class)->finalize (object);
}

static void
gch_register_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GchRegisterItem *self = GCH_REGISTER_ITEM (object);

  switch (prop_id)
    {
    case PROP_FEEDBACK:
      g_value_set_object (value, self->feedback);
      break;
    case PROP_URGENCY:
      g_value_set_uint (value, self->urgency);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gch_register_item_class_init (GchRegisterItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gch_register_item_finalize;
  object_class->get_property = gch_register_item_get_property;

  properties[PROP_FEEDBACK] =
    g_param_spec_object ("feedback", NULL, NULL, GCH_TYPE_FEEDBACK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URGENCY] =
    g_param_spec_uint ("urgency", NULL, NULL, GCH_URGENCY_NONE, GCH_URGENCY_OVERDUE,
                       GCH_URGENCY_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gch_register_item_init (GchRegisterItem *self)
{
}
