/* gch-feedback.c
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

#define G_LOG_DOMAIN "gch-feedback"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gch-callback.h"
#include "gch-enums.h"
#include "gch-error.h"
#include "gch-feedback.h"

/* A suggestion, complaint or compliment of the register (Qual-e-pref 3.1
 * and 17). What was received is immutable; its workflow, forwards and
 * answers grow, and each change bumps the version the sync compares. The
 * contact exists only with the person's consent and is erased past the
 * retention period, the rest stays for the figures.
 */
struct _GchFeedback
{
  GObject              parent_instance;

  char                *id;
  char                *description;
  char                *ticket;
  char                *appointment;
  char                *service;
  char                *agent;
  char                *contact_name;
  char                *contact_email;
  char                *contact_phone;
  /* who did each step: the agent logged in, never the station's name */
  char                *logged_by;
  char                *acknowledged_by;
  char                *started_by;
  char                *closed_by;
  GPtrArray           *forwards;   /* of GchFeedbackForward */
  GPtrArray           *answers;    /* of GchFeedbackAnswer */
  GDate                due;
  gint64               received_at;
  gint64               acknowledged_at;
  gint64               started_at;
  gint64               closed_at;
  gint64               version;
  guint                guichet;
  GchFeedbackKind      kind;
  GchFeedbackChannel   channel;
  GchFeedbackCategory  category;
  GchFeedbackStatus    status;
  gboolean             answer_required;
  gboolean             consent;
};

G_DEFINE_FINAL_TYPE (GchFeedback, gch_feedback, G_TYPE_OBJECT)

/* Settings */

/**
 * gch_feedback_settings_init:
 *
 * The defaults: 5 working days for an e-mail, a web form or a phone call,
 * 10 for a letter or at the guichet (Qual-e-pref 3.1/17); contact details
 * kept 365 days after closing.
 */
void
gch_feedback_settings_init (GchFeedbackSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->delay_days[GCH_FEEDBACK_CHANNEL_GUICHET] = 10;
  settings->delay_days[GCH_FEEDBACK_CHANNEL_LETTER] = 10;
  settings->delay_days[GCH_FEEDBACK_CHANNEL_EMAIL] = 5;
  settings->delay_days[GCH_FEEDBACK_CHANNEL_WEB_FORM] = 5;
  settings->delay_days[GCH_FEEDBACK_CHANNEL_PHONE] = 5;
  settings->retention_days = 365;
}

/**
 * gch_feedback_settings_read_delays:
 * @delays: an `a{su}` variant, as the GSettings key `feedback-delays`
 *   holds it: channel nick → working days
 *
 * Sets the delays @delays names, from 1 to 365 working days; a channel it
 * leaves out, or gives out of range, keeps its value.
 */
void
gch_feedback_settings_read_delays (GchFeedbackSettings *settings,
                                   GVariant            *delays)
{
  GVariantIter iter;
  const char *nick;
  guint32 days;

  g_return_if_fail (settings != NULL);
  g_return_if_fail (delays != NULL && g_variant_is_of_type (delays, G_VARIANT_TYPE ("a{su}")));

  g_variant_iter_init (&iter, delays);
  while (g_variant_iter_next (&iter, "{&su}", &nick, &days))
    {
      int channel;

      if (gch_enum_from_nick (GCH_TYPE_FEEDBACK_CHANNEL, nick, &channel) && days >= 1 &&
          days <= 365)
        settings->delay_days[channel] = days;
    }
}

/* Working days */

static void
easter_sunday (GDateYear  year,
               GDate     *date)
{
  /* The anonymous Gregorian computus (Meeus, Jones, Butcher). */
  int a = year % 19;
  int b = year / 100;
  int c = year % 100;
  int d = b / 4;
  int e = b % 4;
  int f = (b + 8) / 25;
  int g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4;
  int k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

/**
 * gch_date_is_public_holiday:
 *
 * Returns: %TRUE on the eleven French public holidays: 1 January, Easter
 *   Monday, 1 and 8 May, Ascension, Whit Monday, 14 July, 15 August,
 *   1 and 11 November, 25 December
 */
gboolean
gch_date_is_public_holiday (const GDate *date)
{
  static const struct { GDateMonth month; GDateDay day; } fixed[] = {
    { G_DATE_JANUARY, 1 }, { G_DATE_MAY, 1 }, { G_DATE_MAY, 8 }, { G_DATE_JULY, 14 },
    { G_DATE_AUGUST, 15 }, { G_DATE_NOVEMBER, 1 }, { G_DATE_NOVEMBER, 11 },
    { G_DATE_DECEMBER, 25 },
  };
  GDateMonth month = g_date_get_month (date);
  GDateDay day = g_date_get_day (date);
  GDate easter;
  int after_easter;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (fixed[i].month == month && fixed[i].day == day)
      return TRUE;

  easter_sunday (g_date_get_year (date), &easter);
  after_easter = g_date_days_between (&easter, date);

  /* Easter Monday, Ascension Thursday, Whit Monday. */
  return after_easter == 1 || after_easter == 39 || after_easter == 50;
}

gboolean
gch_date_is_working_day (const GDate *date)
{
  GDateWeekday weekday = g_date_get_weekday (date);

  return weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY &&
         !gch_date_is_public_holiday (date);
}

/**
 * gch_date_add_working_days:
 *
 * Moves @date to the @days-th working day after it: received on a
 * Friday with 5 working days, it is due the next Friday.
 */
void
gch_date_add_working_days (GDate *date,
                           guint  days)
{
  while (days > 0)
    {
      g_date_add_days (date, 1);
      if (gch_date_is_working_day (date))
        days--;
    }
}

/**
 * gch_working_days_between:
 *
 * Returns: the working days after @from up to and including @to, or
 *   minus those after @to up to and including @from when @to is before
 */
int
gch_working_days_between (const GDate *from,
                          const GDate *to)
{
  GDate day = *from;
  int count = 0;

  if (g_date_compare (to, from) < 0)
    return -gch_working_days_between (to, from);

  while (g_date_compare (&day, to) < 0)
    {
      g_date_add_days (&day, 1);
      if (gch_date_is_working_day (&day))
        count++;
    }

  return count;
}

static void
local_date (gint64     at,
            GTimeZone *zone,
            GDate     *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
}

/* Labels */

gboolean
gch_feedback_status_allows (GchFeedbackStatus from,
                            GchFeedbackStatus to)
{
  switch (from)
    {
    case GCH_FEEDBACK_STATUS_RECEIVED:
      return to == GCH_FEEDBACK_STATUS_ACKNOWLEDGED;
    case GCH_FEEDBACK_STATUS_ACKNOWLEDGED:
      return to == GCH_FEEDBACK_STATUS_IN_PROGRESS || to == GCH_FEEDBACK_STATUS_ANSWERED ||
             to == GCH_FEEDBACK_STATUS_CLOSED;
    case GCH_FEEDBACK_STATUS_IN_PROGRESS:
      return to == GCH_FEEDBACK_STATUS_ANSWERED || to == GCH_FEEDBACK_STATUS_CLOSED;
    case GCH_FEEDBACK_STATUS_ANSWERED:
      return to == GCH_FEEDBACK_STATUS_ANSWERED || to == GCH_FEEDBACK_STATUS_CLOSED;
    case GCH_FEEDBACK_STATUS_CLOSED:
    default:
      return FALSE;
    }
}

const char *
gch_feedback_kind_to_label (GchFeedbackKind kind)
{
  switch (kind)
    {
    case GCH_FEEDBACK_KIND_SUGGESTION: return _("Suggestion");
    case GCH_FEEDBACK_KIND_COMPLAINT: return _("Complaint");
    case GCH_FEEDBACK_KIND_COMPLIMENT: return _("Compliment");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
gch_feedback_channel_to_label (GchFeedbackChannel channel)
{
  switch (channel)
    {
    /* Translators: a complaint received in person at a guichet */
    case GCH_FEEDBACK_CHANNEL_GUICHET: return C_("channel", "At the guichet");
    case GCH_FEEDBACK_CHANNEL_LETTER: return _("Letter");
    case GCH_FEEDBACK_CHANNEL_EMAIL: return _("E-mail");
    case GCH_FEEDBACK_CHANNEL_WEB_FORM: return _("Web form");
    case GCH_FEEDBACK_CHANNEL_PHONE: return _("Phone");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
gch_feedback_category_to_label (GchFeedbackCategory category)
{
  switch (category)
    {
    case GCH_FEEDBACK_CATEGORY_RECEPTION: return _("Reception");
    case GCH_FEEDBACK_CATEGORY_WAITING_TIME: return _("Waiting time");
    case GCH_FEEDBACK_CATEGORY_INFORMATION: return _("Information");
    /* Translators: a démarche, what the person came for */
    case GCH_FEEDBACK_CATEGORY_SERVICE: return _("A service");
    case GCH_FEEDBACK_CATEGORY_OTHER: return C_("category", "Other");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
gch_feedback_status_to_label (GchFeedbackStatus status)
{
  switch (status)
    {
    case GCH_FEEDBACK_STATUS_RECEIVED: return _("Received");
    case GCH_FEEDBACK_STATUS_ACKNOWLEDGED: return _("Acknowledged");
    case GCH_FEEDBACK_STATUS_IN_PROGRESS: return _("In progress");
    case GCH_FEEDBACK_STATUS_ANSWERED: return _("Answered");
    case GCH_FEEDBACK_STATUS_CLOSED: return C_("feedback status", "Closed");
    default: g_return_val_if_reached (NULL);
    }
}

/* Validation */

/**
 * gch_feedback_check_description:
 *
 * Returns: %TRUE if @description is 1 to %GCH_FEEDBACK_MAX_DESCRIPTION
 *   characters of text, or %FALSE with a sentence saying what is wrong
 */
gboolean
gch_feedback_check_description (const char  *description,
                                GError     **error)
{
  glong length;

  if (description == NULL || !g_utf8_validate (description, -1, NULL))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The description is not readable text."));
      return FALSE;
    }

  for (const char *p = description; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      goto has_text;

  g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
               _("The description is empty: write what the person said."));
  return FALSE;

has_text:
  length = g_utf8_strlen (description, -1);
  if (length > GCH_FEEDBACK_MAX_DESCRIPTION)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The description is too long: %ld characters, at most %d. "
                     "Shorten it, or keep the full text in the mail file."),
                   length, GCH_FEEDBACK_MAX_DESCRIPTION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_domain_label_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || (c & 0x80) != 0;
}

/**
 * gch_feedback_normalize_email:
 *
 * Returns: (transfer full) (nullable): @email without its surrounding
 *   spaces, or %NULL with a sentence when it is not an e-mail address
 */
char *
gch_feedback_normalize_email (const char  *email,
                              GError     **error)
{
  g_autofree char *address = g_strstrip (g_strdup (email != NULL ? email : ""));
  const char *at = strchr (address, '@');
  const char *domain;
  gboolean ok = at != NULL && at != address && strchr (at + 1, '@') == NULL &&
                strpbrk (address, " \t\r\n,;<>()[]\\\"") == NULL &&
                g_utf8_validate (address, -1, NULL);

  if (ok)
    {
      domain = at + 1;
      ok = strchr (domain, '.') != NULL && domain[0] != '.' && domain[0] != '-' &&
           !g_str_has_suffix (domain, ".") && strstr (domain, "..") == NULL &&
           address[0] != '.' && at[-1] != '.';
      for (const char *p = domain; ok && *p != '\0'; p++)
        ok = *p == '.' || is_domain_label_char (*p);
    }

  if (!ok)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("“%s” is not an e-mail address: it should look like name@example.fr."),
                   address);
      return NULL;
    }

  return g_steal_pointer (&address);
}

/**
 * gch_feedback_normalize_phone:
 *
 * A French number, checked as a call-back's is (gch_phone_normalize()).
 *
 * Returns: (transfer full) (nullable): the digits alone, in the form the
 *   person gave (“0612345678” or “+33612345678”), or %NULL with a sentence
 *   when it is not a number
 */
char *
gch_feedback_normalize_phone (const char  *phone,
                              GError     **error)
{
  g_autofree char *number = gch_phone_normalize (phone, error);
  g_autofree char *typed = g_strstrip (g_strdup (phone != NULL ? phone : ""));
  GString *digits;

  if (number == NULL)
    return NULL;

  digits = g_string_new (number);
  g_string_replace (digits, " ", "", 0);
  if (typed[0] == '+')
    {
      g_string_erase (digits, 0, 1);   /* the national 0 */
      g_string_prepend (digits, "+33");
    }
  return g_string_free (digits, FALSE);
}

/* The object */

static void
forward_free (gpointer data)
{
  GchFeedbackForward *forward = data;

  g_free (forward->by);
  g_free (forward->to);
  g_free (forward->note);
  g_free (forward);
}

static void
answer_free (gpointer data)
{
  GchFeedbackAnswer *answer = data;

  g_free (answer->text);
  g_free (answer->author);
  g_free (answer);
}

static void
gch_feedback_finalize (GObject *object)
{
  GchFeedback *self = (GchFeedback *)object;

  g_free (self->id);
  g_free (self->description);
  g_free (self->ticket);
  g_free (self->appointment);
  g_free (self->service);
  g_free (self->agent);
  g_free (self->contact_name);
  g_free (self->contact_email);
  g_free (self->contact_phone);
  g_free (self->logged_by);
  g_free (self->acknowledged_by);
  g_free (self->started_by);
  g_free (self->closed_by);
  g_ptr_array_unref (self->forwards);
  g_ptr_array_unref (self->answers);

  G_OBJECT_CLASS (gch_feedback_parent_class)->finalize (object);
}

static void
gch_feedback_class_init (GchFeedbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gch_feedback_finalize;
}

static void
gch_feedback_init (GchFeedback *self)
{
  self->forwards = g_ptr_array_new_with_free_func (forward_free);
  self->answers = g_ptr_array_new_with_free_func (answer_free);
  self->answer_required = TRUE;
  self->version = 1;
  g_date_clear (&self->due, 1);
}

/**
 * gch_feedback_new:
 * @id: the record's identifier (a UUID made where it was logged)
 *
 * Returns: (transfer full) (nullable): a received record, or %NULL with
 *   a sentence when @description is not acceptable
 */
GchFeedback *
gch_feedback_new (const char           *id,
                  GchFeedbackKind       kind,
                  GchFeedbackChannel    channel,
                  GchFeedbackCategory   category,
                  gint64                received_at,
                  const char           *description,
                  GError              **error)
{
  GchFeedback *self;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (kind <= GCH_FEEDBACK_KIND_COMPLIMENT, NULL);
  g_return_val_if_fail (channel <= GCH_FEEDBACK_CHANNEL_PHONE, NULL);
  g_return_val_if_fail (category <= GCH_FEEDBACK_CATEGORY_OTHER, NULL);

  if (!gch_feedback_check_description (description, error))
    return NULL;

  self = g_object_new (GCH_TYPE_FEEDBACK, NULL);
  self->id = g_strdup (id);
  self->kind = kind;
  self->channel = channel;
  self->category = category;
  self->received_at = received_at;
  self->description = g_strdup (description);
  /* A compliment needs thanks at most, not an answer within a delay. */
  self->answer_required = kind != GCH_FEEDBACK_KIND_COMPLIMENT;

  return self;
}

const char *
gch_feedback_get_id (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return self->id;
}

GchFeedbackKind
gch_feedback_get_kind (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->kind;
}

GchFeedbackChannel
gch_feedback_get_channel (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->channel;
}

GchFeedbackCategory
gch_feedback_get_category (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->category;
}

gint64
gch_feedback_get_received_at (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->received_at;
}

const char *
gch_feedback_get_description (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return self->description;
}

GchFeedbackStatus
gch_feedback_get_status (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->status;
}

gint64
gch_feedback_get_version (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->version;
}

void
gch_feedback_set_version (GchFeedback *self,
                          gint64       version)
{
  g_return_if_fail (GCH_IS_FEEDBACK (self));
  self->version = version;
}

gboolean
gch_feedback_get_answer_required (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);
  return self->answer_required;
}

void
gch_feedback_set_answer_required (GchFeedback *self,
                                  gboolean     required)
{
  g_return_if_fail (GCH_IS_FEEDBACK (self));
  self->answer_required = !!required;
}

const char *
gch_feedback_get_ticket (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return self->ticket;
}

const char *
gch_feedback_get_appointment (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return self->appointment;
}

const char *
gch_feedback_get_service (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return self->service;
}

guint
gch_feedback_get_guichet (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->guichet;
}

const char *
gch_feedback_get_agent (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return self->agent;
}

static char *
dup_nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/**
 * gch_feedback_set_visit:
 * @guichet: the guichet's number, or 0
 *
 * Links the visit the record is about; %NULL or empty for what is unknown.
 */
void
gch_feedback_set_visit (GchFeedback *self,
                        const char  *ticket,
                        const char  *appointment,
                        const char  *service,
                        guint        guichet,
                        const char  *agent)
{
  g_return_if_fail (GCH_IS_FEEDBACK (self));

  g_free (self->ticket);
  g_free (self->appointment);
  g_free (self->service);
  g_free (self->agent);
  self->ticket = dup_nonempty (ticket);
  self->appointment = dup_nonempty (appointment);
  self->service = dup_nonempty (service);
  self->agent = dup_nonempty (agent);
  self->guichet = guichet;
}

gboolean
gch_feedback_get_consent (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);
  return self->consent;
}

const char *
gch_feedback_get_contact_name (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return self->contact_name;
}

const char *
gch_feedback_get_contact_email (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return self->contact_email;
}

const char *
gch_feedback_get_contact_phone (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return self->contact_phone;
}

gboolean
gch_feedback_has_contact (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);
  return self->contact_name != NULL || self->contact_email != NULL ||
         self->contact_phone != NULL;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/**
 * gch_feedback_set_contact:
 * @consent: whether the person agreed to leave their contact details
 *
 * Sets the contact all at once, or nothing: without @consent any detail is
 * refused, a bad e-mail or phone number too, each with a sentence.
 *
 * Returns: %TRUE if the contact was set
 */
gboolean
gch_feedback_set_contact (GchFeedback  *self,
                          gboolean      consent,
                          const char   *name,
                          const char   *email,
                          const char   *phone,
                          GError      **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_email = NULL;
  g_autofree char *clean_phone = NULL;

  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);

  if (!consent && (!is_blank (name) || !is_blank (email) || !is_blank (phone)))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The person has not agreed to leave their contact details: "
                     "record their consent, or leave the name, e-mail and phone empty."));
      return FALSE;
    }

  if (!is_blank (name))
    {
      clean_name = g_strstrip (g_strdup (name));
      if (!g_utf8_validate (clean_name, -1, NULL) || g_utf8_strlen (clean_name, -1) > 200)
        {
          g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                       _("The name is too long or not readable: at most 200 characters."));
          return FALSE;
        }
    }
  if (!is_blank (email) && (clean_email = gch_feedback_normalize_email (email, error)) == NULL)
    return FALSE;
  if (!is_blank (phone) && (clean_phone = gch_feedback_normalize_phone (phone, error)) == NULL)
    return FALSE;

  g_free (self->contact_name);
  g_free (self->contact_email);
  g_free (self->contact_phone);
  self->contact_name = g_steal_pointer (&clean_name);
  self->contact_email = g_steal_pointer (&clean_email);
  self->contact_phone = g_steal_pointer (&clean_phone);
  self->consent = !!consent;

  return TRUE;
}

/**
 * gch_feedback_erase_contact:
 *
 * Forgets the person's contact (RGPD retention): the anonymous record
 * stays for the figures. The consent stays, as what was once agreed.
 */
void
gch_feedback_erase_contact (GchFeedback *self)
{
  g_return_if_fail (GCH_IS_FEEDBACK (self));

  g_clear_pointer (&self->contact_name, g_free);
  g_clear_pointer (&self->contact_email, g_free);
  g_clear_pointer (&self->contact_phone, g_free);
}

const GDate *
gch_feedback_get_due_date (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  return &self->due;
}

void
gch_feedback_set_due_date (GchFeedback *self,
                           const GDate *due)
{
  g_return_if_fail (GCH_IS_FEEDBACK (self));

  if (due != NULL && g_date_valid (due))
    self->due = *due;
  else
    g_date_clear (&self->due, 1);
}

/**
 * gch_feedback_compute_due_date:
 * @zone: the site's time zone, where the days are counted
 *
 * Sets the due date: the received day plus the channel's delay in
 * working days.
 */
void
gch_feedback_compute_due_date (GchFeedback               *self,
                               const GchFeedbackSettings *settings,
                               GTimeZone                 *zone)
{
  g_return_if_fail (GCH_IS_FEEDBACK (self));
  g_return_if_fail (settings != NULL);
  g_return_if_fail (zone != NULL);

  local_date (self->received_at, zone, &self->due);
  gch_date_add_working_days (&self->due, settings->delay_days[self->channel]);
}

static gboolean
awaits_answer (GchFeedback *self)
{
  return self->answer_required && g_date_valid (&self->due) &&
         self->status < GCH_FEEDBACK_STATUS_ANSWERED;
}

/**
 * gch_feedback_is_overdue:
 *
 * Returns: %TRUE if an answer is still owed and its due date is past
 */
gboolean
gch_feedback_is_overdue (GchFeedback *self,
                         gint64       now,
                         GTimeZone   *zone)
{
  GDate today;

  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);

  if (!awaits_answer (self))
    return FALSE;

  local_date (now, zone, &today);
  return g_date_compare (&today, &self->due) > 0;
}

/**
 * gch_feedback_is_nearly_due:
 *
 * Returns: %TRUE if an answer is still owed and due today or on the next
 *   working day
 */
gboolean
gch_feedback_is_nearly_due (GchFeedback *self,
                            gint64       now,
                            GTimeZone   *zone)
{
  GDate today;

  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);

  if (!awaits_answer (self))
    return FALSE;

  local_date (now, zone, &today);
  if (g_date_compare (&today, &self->due) > 0)
    return FALSE;

  return gch_working_days_between (&today, &self->due) <= 1;
}

/* The workflow */

gint64
gch_feedback_get_acknowledged_at (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->acknowledged_at;
}

gint64
gch_feedback_get_closed_at (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->closed_at;
}

/**
 * gch_feedback_get_first_answer_at:
 *
 * Returns: when the first answer was given, or 0 when none was
 */
gint64
gch_feedback_get_first_answer_at (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);

  if (self->answers->len == 0)
    return 0;
  return ((GchFeedbackAnswer *)g_ptr_array_index (self->answers, 0))->at;
}

static gboolean
move_to (GchFeedback        *self,
         GchFeedbackStatus   to,
         GError            **error)
{
  if (self->status == GCH_FEEDBACK_STATUS_CLOSED)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("This record is closed: nothing more can be done with it."));
      return FALSE;
    }

  if (!gch_feedback_status_allows (self->status, to))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   /* Translators: e.g. "A record that is Received cannot become Answered." */
                   _("A record that is “%s” cannot become “%s”."),
                   gch_feedback_status_to_label (self->status), gch_feedback_status_to_label (to));
      return FALSE;
    }

  self->status = to;
  self->version++;
  return TRUE;
}

gboolean
gch_feedback_acknowledge (GchFeedback  *self,
                          gint64        now,
                          GError      **error)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);

  if (!move_to (self, GCH_FEEDBACK_STATUS_ACKNOWLEDGED, error))
    return FALSE;

  self->acknowledged_at = now;
  return TRUE;
}

gboolean
gch_feedback_start (GchFeedback  *self,
                    gint64        now,
                    GError      **error)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);

  if (!move_to (self, GCH_FEEDBACK_STATUS_IN_PROGRESS, error))
    return FALSE;

  self->started_at = now;
  return TRUE;
}

/**
 * gch_feedback_forward:
 * @by: who forwards it
 * @to: the service or person it goes to
 *
 * Forwards an open record to another service, without a note: see
 * gch_feedback_forward_with_note().
 */
gboolean
gch_feedback_forward (GchFeedback  *self,
                      const char   *by,
                      const char   *to,
                      gint64        now,
                      GError      **error)
{
  return gch_feedback_forward_with_note (self, by, to, NULL, now, error);
}

/**
 * gch_feedback_forward_with_note:
 * @by: who forwards it
 * @to: the service or person it goes to
 * @note: (nullable): what they are told, up to
 *   %GCH_FEEDBACK_MAX_DESCRIPTION characters; blank for none
 *
 * Forwards an open record to another service; the forward is kept in the
 * record's history, with its note, and its state does not change.
 */
gboolean
gch_feedback_forward_with_note (GchFeedback  *self,
                                const char   *by,
                                const char   *to,
                                const char   *note,
                                gint64        now,
                                GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);

  if (self->status == GCH_FEEDBACK_STATUS_CLOSED)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("This record is closed: it can no longer be forwarded."));
      return FALSE;
    }
  if (is_blank (to))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("Say which service the record is forwarded to."));
      return FALSE;
    }
  if (!is_blank (note) && !gch_feedback_check_description (note, &local_error))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The note cannot be kept: %s"), local_error->message);
      return FALSE;
    }

  gch_feedback_restore_forward (self, by, to, note, now);
  self->version++;
  return TRUE;
}

/**
 * gch_feedback_answer:
 *
 * Keeps an answer with the record, which becomes answered. A closed
 * record, or one not yet acknowledged, is refused with a sentence.
 */
gboolean
gch_feedback_answer (GchFeedback  *self,
                     const char   *author,
                     const char   *text,
                     gint64        now,
                     GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);

  if (self->status == GCH_FEEDBACK_STATUS_CLOSED)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("This record is closed: it can no longer be answered."));
      return FALSE;
    }
  if (self->status == GCH_FEEDBACK_STATUS_RECEIVED)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("Acknowledge the record before answering it."));
      return FALSE;
    }
  if (!gch_feedback_check_description (text, &local_error))
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_INVALID,
                   _("The answer cannot be kept: %s"), local_error->message);
      return FALSE;
    }

  if (!move_to (self, GCH_FEEDBACK_STATUS_ANSWERED, error))
    return FALSE;

  gch_feedback_restore_answer (self, author, text, now);
  return TRUE;
}

gboolean
gch_feedback_close (GchFeedback  *self,
                    gint64        now,
                    GError      **error)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), FALSE);

  if (self->answer_required && self->status != GCH_FEEDBACK_STATUS_CLOSED &&
      self->status != GCH_FEEDBACK_STATUS_ANSWERED)
    {
      g_set_error (error, GCH_ERROR, GCH_ERROR_TRANSITION,
                   _("This record needs an answer before it is closed."));
      return FALSE;
    }

  if (!move_to (self, GCH_FEEDBACK_STATUS_CLOSED, error))
    return FALSE;

  self->closed_at = now;
  return TRUE;
}

/**
 * gch_feedback_restore_state:
 *
 * For the store and the codec: sets the state as it was saved, without
 * checking the graph.
 */
void
gch_feedback_restore_state (GchFeedback       *self,
                            GchFeedbackStatus  status,
                            gint64             acknowledged_at,
                            gint64             closed_at)
{
  g_return_if_fail (GCH_IS_FEEDBACK (self));

  self->status = status;
  self->acknowledged_at = acknowledged_at;
  self->closed_at = closed_at;
}

/**
 * gch_feedback_set_done_by:
 * @step: %GCH_FEEDBACK_STATUS_RECEIVED for who logged the record, or the
 *   status the step led to: acknowledged, in progress or closed
 * @by: (nullable): the agent's id
 *
 * Records who did a step; forwards and answers keep theirs.
 */
void
gch_feedback_set_done_by (GchFeedback       *self,
                          GchFeedbackStatus  step,
                          const char        *by)
{
  char **field;

  g_return_if_fail (GCH_IS_FEEDBACK (self));

  switch ((int) step)
    {
    case GCH_FEEDBACK_STATUS_RECEIVED: field = &self->logged_by; break;
    case GCH_FEEDBACK_STATUS_ACKNOWLEDGED: field = &self->acknowledged_by; break;
    case GCH_FEEDBACK_STATUS_IN_PROGRESS: field = &self->started_by; break;
    case GCH_FEEDBACK_STATUS_CLOSED: field = &self->closed_by; break;
    default: g_return_if_reached ();
    }
  g_free (*field);
  *field = by != NULL && *by != '\0' ? g_strdup (by) : NULL;
}

/**
 * gch_feedback_get_done_by:
 * @step: as for gch_feedback_set_done_by()
 *
 * Returns: (nullable): who did the step, %NULL when unknown (a record
 *   saved before it was recorded, or a step not done)
 */
const char *
gch_feedback_get_done_by (GchFeedback       *self,
                          GchFeedbackStatus  step)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);

  switch ((int) step)
    {
    case GCH_FEEDBACK_STATUS_RECEIVED: return self->logged_by;
    case GCH_FEEDBACK_STATUS_ACKNOWLEDGED: return self->acknowledged_by;
    case GCH_FEEDBACK_STATUS_IN_PROGRESS: return self->started_by;
    case GCH_FEEDBACK_STATUS_CLOSED: return self->closed_by;
    default: return NULL;
    }
}

/* When work began, 0 when it has not (or was not recorded). */
gint64
gch_feedback_get_started_at (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);

  return self->started_at;
}

void
gch_feedback_restore_started_at (GchFeedback *self,
                                 gint64       started_at)
{
  g_return_if_fail (GCH_IS_FEEDBACK (self));

  self->started_at = started_at;
}

void
gch_feedback_restore_forward (GchFeedback *self,
                              const char  *by,
                              const char  *to,
                              const char  *note,
                              gint64       at)
{
  GchFeedbackForward *forward = g_new0 (GchFeedbackForward, 1);

  g_return_if_fail (GCH_IS_FEEDBACK (self));

  forward->by = g_strdup (by != NULL ? by : "");
  forward->to = g_strstrip (g_strdup (to != NULL ? to : ""));
  /* A blank note is none: old forwards have none either. */
  forward->note = note != NULL ? g_strstrip (g_strdup (note)) : NULL;
  if (forward->note != NULL && *forward->note == '\0')
    g_clear_pointer (&forward->note, g_free);
  forward->at = at;
  g_ptr_array_add (self->forwards, forward);
}

void
gch_feedback_restore_answer (GchFeedback *self,
                             const char  *author,
                             const char  *text,
                             gint64       at)
{
  GchFeedbackAnswer *answer = g_new0 (GchFeedbackAnswer, 1);

  g_return_if_fail (GCH_IS_FEEDBACK (self));

  answer->author = g_strdup (author != NULL ? author : "");
  answer->text = g_strdup (text != NULL ? text : "");
  answer->at = at;
  g_ptr_array_add (self->answers, answer);
}

guint
gch_feedback_get_n_forwards (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->forwards->len;
}

const GchFeedbackForward *
gch_feedback_get_forward (GchFeedback *self,
                          guint        i)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  g_return_val_if_fail (i < self->forwards->len, NULL);
  return g_ptr_array_index (self->forwards, i);
}

guint
gch_feedback_get_n_answers (GchFeedback *self)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), 0);
  return self->answers->len;
}

const GchFeedbackAnswer *
gch_feedback_get_answer (GchFeedback *self,
                         guint        i)
{
  g_return_val_if_fail (GCH_IS_FEEDBACK (self), NULL);
  g_return_val_if_fail (i < self->answers->len, NULL);
  return g_ptr_array_index (self->answers, i);
}
