/* gch-test-figures.c: days whose figures are known, written in a few words
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Statements are separated by ';', words by spaces. Times are the site's
 * local H:MM, or H:MMZ for a time in UTC on that date (for the night the
 * clocks change, when a local time can be two).
 *
 *   p TICKET SERVICE ARRIVAL [steps]   a person's entry, then what happened,
 *                                      as the station's events would say:
 *       call=T start=T done=T noshow=T left=T transfer=T
 *       by=AGENT      the actor of the person's events
 *       from=TICKET   transferred from that entry (no new visit)
 *       appt=REF      checked in for that appointment
 *       rate=N        the person's rating, 1 very satisfied to 4 not satisfied
 *   a REF SERVICE SLOT STATUS          an appointment, with its status nick
 *   m TIME MODE                        a change of the site's mode, by "sup"
 *
 * The site has two services, titres (A) and permis (P), and the agents
 * alice, bob and sup. Ids and references are prefixed with the date, so
 * that several days fit in one store.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gch-test-figures.h"

static gint64
parse_time (GchDay     *day,
            const char *text)
{
  guint h = 0, m = 0;

  if (sscanf (text, "%u:%u", &h, &m) != 2)
    g_error ("“%s” is not a time", text);

  if (g_str_has_suffix (text, "Z"))
    {
      int y, mo, d;
      g_autoptr(GDateTime) utc = NULL;

      gch_day_parse_date (day->date, &y, &mo, &d);
      utc = g_date_time_new_utc (y, mo, d, h, m, 0);
      return g_date_time_to_unix (utc);
    }

  return gch_day_local_time (day, h * 60 + m);
}

static char *
id_of (GchDay     *day,
       const char *name)
{
  return g_strdup_printf ("%s-%s", day->date, name);
}

static void
add_event (GchDay        *day,
           const char    *id,
           gint64         at,
           const char    *actor,
           GchEntryState *state,
           GchEntryState  to,
           const char    *detail)
{
  g_ptr_array_add (day->events,
                   gch_event_new ("entry", id, at, actor, 1,
                                  gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, *state),
                                  gch_enum_to_nick (GCH_TYPE_ENTRY_STATE, to), detail));
  *state = to;
}

static void
add_person (GchDay  *day,
            char   **words)
{
  g_autofree char *id = id_of (day, words[1]);
  g_autofree char *from = NULL;
  GchService *service = gch_day_find_service (day, words[2]);
  GchAppointment *appointment = NULL;
  GchEntryState state = GCH_ENTRY_STATE_WAITING;
  gint64 arrived = parse_time (day, words[3]);
  gint64 called = 0;
  guint rating = 0;
  g_autofree char *actor = NULL;

  g_assert_nonnull (service);

  for (guint i = 4; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], "from="))
      from = id_of (day, words[i] + 5);
    else if (g_str_has_prefix (words[i], "by="))
      actor = g_strdup (words[i] + 3);

  g_ptr_array_add (day->events,
                   gch_event_new ("entry", id, arrived, "reception", 0, NULL, "waiting", from));

  for (guint i = 4; words[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (words[i], "=", 2);
      const char *key = kv[0], *value = kv[1];

      g_assert_nonnull (value);
      if (g_str_equal (key, "by") || g_str_equal (key, "from"))
        continue;
      else if (g_str_equal (key, "appt"))
        {
          g_autofree char *reference = id_of (day, value);

          appointment = gch_day_find_appointment (day, reference);
          if (appointment == NULL)
            {
              /* Appointments may come later in the text: book it now. */
              appointment = g_object_new (GCH_TYPE_APPOINTMENT,
                                          "reference", reference,
                                          "service", service,
                                          "starts-at", arrived,
                                          "holder-name", value,
                                          "status", GCH_APPOINTMENT_STATUS_CHECKED_IN,
                                          NULL);
              g_ptr_array_add (day->appointments, appointment);
            }
        }
      else if (g_str_equal (key, "call"))
        {
          called = parse_time (day, value);
          add_event (day, id, called, actor, &state, GCH_ENTRY_STATE_CALLED, NULL);
        }
      else if (g_str_equal (key, "start"))
        add_event (day, id, parse_time (day, value), actor, &state, GCH_ENTRY_STATE_SERVING, NULL);
      else if (g_str_equal (key, "done"))
        add_event (day, id, parse_time (day, value), actor, &state, GCH_ENTRY_STATE_DONE,
                   "served");
      else if (g_str_equal (key, "noshow"))
        add_event (day, id, parse_time (day, value), actor, &state, GCH_ENTRY_STATE_NO_SHOW, NULL);
      else if (g_str_equal (key, "left"))
        add_event (day, id, parse_time (day, value), actor, &state, GCH_ENTRY_STATE_LEFT, NULL);
      else if (g_str_equal (key, "rate"))
        rating = atoi (value);
      else if (g_str_equal (key, "transfer"))
        add_event (day, id, parse_time (day, value), actor, &state,
                   GCH_ENTRY_STATE_TRANSFERRED, "titres");
      else
        g_error ("“%s”: unknown step", words[i]);
    }

  g_ptr_array_add (day->entries,
                   g_object_new (GCH_TYPE_QUEUE_ENTRY,
                                 "id", id,
                                 "ticket", words[1],
                                 "service", service,
                                 "arrived-at", arrived,
                                 "appointment", appointment,
                                 "transferred-from", from,
                                 "state", state,
                                 "guichet", called != 0 ? 1 : 0,
                                 "called-at", called,
                                 "outcome", state == GCH_ENTRY_STATE_DONE ? "served" : NULL,
                                 "satisfaction", rating,
                                 NULL));
}

static void
add_appointment (GchDay  *day,
                 char   **words)
{
  g_autofree char *reference = id_of (day, words[1]);
  GchService *service = gch_day_find_service (day, words[2]);
  GchAppointment *appointment = gch_day_find_appointment (day, reference);
  int status;

  g_assert_nonnull (service);
  g_assert_nonnull (words[3]);
  g_assert_nonnull (words[4]);
  if (!gch_enum_from_nick (GCH_TYPE_APPOINTMENT_STATUS, words[4], &status))
    g_error ("no status “%s”", words[4]);

  if (appointment == NULL)
    {
      appointment = g_object_new (GCH_TYPE_APPOINTMENT,
                                  "reference", reference,
                                  "service", service,
                                  "starts-at", parse_time (day, words[3]),
                                  "holder-name", words[1],
                                  NULL);
      g_ptr_array_add (day->appointments, appointment);
    }
  gch_appointment_set_status (appointment, status);
}

static void
add_site (GchDay *day)
{
  static const char * const services[][3] = {
    { "titres", "Titres d’identité", "A" },
    { "permis", "Permis, \"échange\"", "P" },
  };
  static const char * const agents[][3] = {
    { "alice", "Alice Martin", "agent" },
    { "bob", "Bob Durand", "agent" },
    { "sup", "Sophie Superviseure", "supervisor" },
  };

  day->site = g_object_new (GCH_TYPE_SITE,
                            "code", "test",
                            "name", "Préfecture de test",
                            "timezone", "Europe/Paris",
                            "opens-at", 0,
                            "closes-at", 24 * 60,
                            NULL);

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    g_ptr_array_add (day->services,
                     g_object_new (GCH_TYPE_SERVICE,
                                   "code", services[i][0],
                                   "name", services[i][1],
                                   "prefix", services[i][2],
                                   "typical-minutes", 10,
                                   NULL));

  for (guint i = 0; i < G_N_ELEMENTS (agents); i++)
    {
      int role;

      gch_enum_from_nick (GCH_TYPE_AGENT_ROLE, agents[i][2], &role);
      g_ptr_array_add (day->agents,
                       g_object_new (GCH_TYPE_AGENT,
                                     "id", agents[i][0],
                                     "name", agents[i][1],
                                     "role", role,
                                     NULL));
    }
}

/**
 * gch_test_figures_build_day:
 * @date: `YYYY-MM-DD`
 * @setup: what happened, in the words above
 *
 * Returns: (transfer full): the day, with its site, services and agents
 */
GchDay *
gch_test_figures_build_day (const char *date,
                            const char *setup)
{
  return gch_test_figures_build_day_like (NULL, date, setup);
}

/**
 * gch_test_figures_build_day_like:
 * @config: (nullable): a day whose site, services and agents to take,
 *   which must have the services titres and permis; %NULL for the
 *   Préfecture de test
 *
 * Returns: (transfer full): the day
 */
GchDay *
gch_test_figures_build_day_like (GchDay     *config,
                                 const char *date,
                                 const char *setup)
{
  g_auto(GStrv) statements = g_strsplit (setup, ";", -1);
  GchDay *day = gch_day_new (date);

  if (config == NULL)
    add_site (day);
  else
    {
      day->site = g_object_ref (config->site);
      for (guint i = 0; i < config->services->len; i++)
        g_ptr_array_add (day->services, g_object_ref (g_ptr_array_index (config->services, i)));
      for (guint i = 0; i < config->agents->len; i++)
        g_ptr_array_add (day->agents, g_object_ref (g_ptr_array_index (config->agents, i)));
    }

  for (guint s = 0; statements[s] != NULL; s++)
    {
      g_auto(GStrv) raw = g_strsplit_set (statements[s], " \t\n", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) words = NULL;

      for (guint i = 0; raw[i] != NULL; i++)
        if (raw[i][0] != '\0')
          g_strv_builder_add (builder, raw[i]);
      words = g_strv_builder_end (builder);

      if (words[0] == NULL)
        continue;

      if (g_str_equal (words[0], "p"))
        {
          g_assert_cmpuint (g_strv_length (words), >=, 4);
          add_person (day, words);
        }
      else if (g_str_equal (words[0], "a"))
        add_appointment (day, words);
      else if (g_str_equal (words[0], "m"))
        {
          g_assert_cmpuint (g_strv_length (words), ==, 3);
          g_ptr_array_add (day->events,
                           gch_event_new ("site", "test", parse_time (day, words[1]), "sup", 0,
                                          NULL, words[2], NULL));
        }
      else
        g_error ("“%s”: unknown statement", statements[s]);
    }

  return day;
}
