/* gch-types.c
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

#define G_LOG_DOMAIN "gch-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gch-enums.h"
#include "gch-types.h"

/**
 * gch_enum_to_nick:
 *
 * Returns: (transfer none) (nullable): the nick stored in the database for
 *   @value, or %NULL when @value is not one of @enum_type's
 */
const char *
gch_enum_to_nick (GType enum_type,
                  int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

gboolean
gch_enum_from_nick (GType       enum_type,
                    const char *nick,
                    int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *ev;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  if ((ev = g_enum_get_value_by_nick (klass, nick)) == NULL)
    return FALSE;

  *value = ev->value;
  return TRUE;
}

/**
 * gch_entry_state_allows:
 *
 * The graph of DESIGN.md §3: waiting → called → (called again)* → serving
 * → done, with called → no-show, waiting → left or cancelled, called or
 * serving → on hold → waiting, and serving → transferred.
 *
 * Returns: %TRUE if an entry may go from @from to @to
 */
gboolean
gch_entry_state_allows (GchEntryState from,
                        GchEntryState to)
{
  switch (from)
    {
    case GCH_ENTRY_STATE_WAITING:
      return to == GCH_ENTRY_STATE_CALLED || to == GCH_ENTRY_STATE_LEFT ||
             to == GCH_ENTRY_STATE_CANCELLED;
    case GCH_ENTRY_STATE_CALLED:
      return to == GCH_ENTRY_STATE_CALLED || to == GCH_ENTRY_STATE_SERVING ||
             to == GCH_ENTRY_STATE_NO_SHOW || to == GCH_ENTRY_STATE_ON_HOLD;
    case GCH_ENTRY_STATE_SERVING:
      return to == GCH_ENTRY_STATE_DONE || to == GCH_ENTRY_STATE_ON_HOLD ||
             to == GCH_ENTRY_STATE_TRANSFERRED;
    case GCH_ENTRY_STATE_ON_HOLD:
      return to == GCH_ENTRY_STATE_WAITING;
    case GCH_ENTRY_STATE_DONE:
    case GCH_ENTRY_STATE_NO_SHOW:
    case GCH_ENTRY_STATE_LEFT:
    case GCH_ENTRY_STATE_TRANSFERRED:
    case GCH_ENTRY_STATE_CANCELLED:
    default:
      return FALSE;
    }
}

/**
 * gch_appointment_status_allows:
 *
 * Returns: %TRUE if an appointment may go from @from to @to: booked →
 *   checked in → served or no-show; booked → no-show or cancelled
 */
gboolean
gch_appointment_status_allows (GchAppointmentStatus from,
                               GchAppointmentStatus to)
{
  switch (from)
    {
    case GCH_APPOINTMENT_STATUS_BOOKED:
      return to == GCH_APPOINTMENT_STATUS_CHECKED_IN || to == GCH_APPOINTMENT_STATUS_NO_SHOW ||
             to == GCH_APPOINTMENT_STATUS_CANCELLED_BY_PERSON ||
             to == GCH_APPOINTMENT_STATUS_CANCELLED_BY_SERVICE;
    case GCH_APPOINTMENT_STATUS_CHECKED_IN:
      return to == GCH_APPOINTMENT_STATUS_SERVED || to == GCH_APPOINTMENT_STATUS_NO_SHOW;
    case GCH_APPOINTMENT_STATUS_SERVED:
    case GCH_APPOINTMENT_STATUS_NO_SHOW:
    case GCH_APPOINTMENT_STATUS_CANCELLED_BY_PERSON:
    case GCH_APPOINTMENT_STATUS_CANCELLED_BY_SERVICE:
    default:
      return FALSE;
    }
}

const char *
gch_entry_state_to_label (GchEntryState state)
{
  switch (state)
    {
    case GCH_ENTRY_STATE_WAITING: return C_("entry state", "Waiting");
    case GCH_ENTRY_STATE_CALLED: return _("Called");
    case GCH_ENTRY_STATE_SERVING: return _("Being served");
    case GCH_ENTRY_STATE_ON_HOLD: return _("On hold");
    case GCH_ENTRY_STATE_DONE: return _("Done");
    case GCH_ENTRY_STATE_NO_SHOW: return C_("entry state", "No-show");
    case GCH_ENTRY_STATE_LEFT: return _("Left");
    case GCH_ENTRY_STATE_TRANSFERRED: return _("Transferred");
    case GCH_ENTRY_STATE_CANCELLED: return _("Cancelled");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
gch_appointment_status_to_label (GchAppointmentStatus status)
{
  switch (status)
    {
    case GCH_APPOINTMENT_STATUS_BOOKED: return C_("appointment status", "Expected");
    case GCH_APPOINTMENT_STATUS_CHECKED_IN: return _("Checked in");
    case GCH_APPOINTMENT_STATUS_SERVED: return _("Served");
    case GCH_APPOINTMENT_STATUS_NO_SHOW: return C_("appointment status", "No-show");
    case GCH_APPOINTMENT_STATUS_CANCELLED_BY_PERSON: return _("Cancelled by the person");
    case GCH_APPOINTMENT_STATUS_CANCELLED_BY_SERVICE: return _("Cancelled by the service");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
gch_guichet_state_to_label (GchGuichetState state)
{
  switch (state)
    {
    /* Translators: the state of a guichet */
    case GCH_GUICHET_STATE_OPEN: return C_("guichet", "Open");
    case GCH_GUICHET_STATE_PAUSED: return C_("guichet", "Paused");
    case GCH_GUICHET_STATE_CLOSED: return C_("guichet", "Closed");
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * gch_agent_role_reads_personal_data:
 *
 * Returns: whether @role may read the registers' personal data: contacts,
 *   phone numbers, signatures (DESIGN.md §7, issue 6)
 */
gboolean
gch_agent_role_reads_personal_data (GchAgentRole role)
{
  return role == GCH_AGENT_ROLE_SUPERVISOR || role == GCH_AGENT_ROLE_QUALITY;
}

const char *
gch_agent_role_to_label (GchAgentRole role)
{
  switch (role)
    {
    case GCH_AGENT_ROLE_AGENT: return _("Agent");
    case GCH_AGENT_ROLE_RECEPTION: return _("Reception");
    case GCH_AGENT_ROLE_SUPERVISOR: return _("Supervisor");
    /* Translators: the agent in charge of the suggestions and complaints (Qual-e-pref) */
    case GCH_AGENT_ROLE_QUALITY: return _("Quality referent");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
gch_priority_to_label (GchPriority priority)
{
  switch (priority)
    {
    case GCH_PRIORITY_NONE: return _("No priority");
    case GCH_PRIORITY_DISABILITY: return _("Disability (PMR)");
    case GCH_PRIORITY_PREGNANCY: return _("Pregnancy");
    case GCH_PRIORITY_ELDERLY: return _("Elderly person");
    case GCH_PRIORITY_CMI: return _("Carte mobilité inclusion");
    default: g_return_val_if_reached (NULL);
    }
}

/* For tags, where the full label does not fit. */
const char *
gch_priority_to_short_label (GchPriority priority)
{
  switch (priority)
    {
    case GCH_PRIORITY_NONE: return "";
    /* Translators: short for a person with a disability or reduced mobility */
    case GCH_PRIORITY_DISABILITY: return C_("priority", "PMR");
    case GCH_PRIORITY_PREGNANCY: return C_("priority", "Pregnant");
    case GCH_PRIORITY_ELDERLY: return C_("priority", "Elderly");
    /* Translators: short for carte mobilité inclusion */
    case GCH_PRIORITY_CMI: return C_("priority", "CMI");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
gch_site_mode_to_label (GchSiteMode mode)
{
  switch (mode)
    {
    case GCH_SITE_MODE_NORMAL: return _("Normal");
    case GCH_SITE_MODE_AFFLUENCE: return _("Affluence");
    case GCH_SITE_MODE_CRISE: return _("Crisis");
    default: g_return_val_if_reached (NULL);
    }
}

/* Satisfaction: the four faces, as the person reads them. */
const char *
gch_satisfaction_to_label (GchSatisfaction satisfaction)
{
  switch (satisfaction)
    {
    case GCH_SATISFACTION_NONE: return _("No rating");
    case GCH_SATISFACTION_VERY_SATISFIED: return _("Very satisfied");
    case GCH_SATISFACTION_SATISFIED: return _("Satisfied");
    case GCH_SATISFACTION_DISSATISFIED: return _("Not very satisfied");
    case GCH_SATISFACTION_VERY_DISSATISFIED: return _("Not satisfied");
    default: g_return_val_if_reached (NULL);
    }
}

/* Call-backs: the outcome of the last attempt, as the list shows it. */
const char *
gch_callback_status_to_label (GchCallbackStatus status)
{
  switch (status)
    {
    case GCH_CALLBACK_STATUS_WAITING: return _("To call back");
    case GCH_CALLBACK_STATUS_CALLED_BACK: return _("Called back");
    case GCH_CALLBACK_STATUS_APPOINTMENT: return _("Appointment given");
    case GCH_CALLBACK_STATUS_NO_ANSWER: return _("No answer");
    default: g_return_val_if_reached (NULL);
    }
}
