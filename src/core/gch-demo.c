/* gch-demo.c
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

#define G_LOG_DOMAIN "gch-demo"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "gch-agent.h"
#include "gch-appointment.h"
#include "gch-day.h"
#include "gch-demo.h"
#include "gch-enums.h"
#include "gch-event.h"
#include "gch-feedback.h"
#include "gch-guichet.h"
#include "gch-queue-entry.h"
#include "gch-service.h"
#include "gch-site.h"
#include "gch-store.h"

/* A day at a préfecture, made up but shaped like the real thing: a booking
 * grid per guichet about 85 % full, one in ten holders who never
 * come, walk-ins that peak in the morning, and service times that scatter
 * around the typical duration. The day is played up to a given time of day
 * by a simple greedy dispatcher, so the demo opens on a hall where people
 * were served, some are at a guichet and others wait.
 *
 * Everything comes from one GRand seeded by the caller: the same seed and
 * date always give the same day.
 */

#define DEMO_TIMEZONE "Europe/Paris"
#define OPENS_AT (8 * 60 + 30)
#define CLOSES_AT (17 * 60)
#define BOOKED_SHARE 0.85
#define NO_SHOW_SHARE 0.1
#define DEMO_HISTORY_DAYS 7
#define LATE_TOLERANCE_MINUTES 15
#define WALK_TO_GUICHET_SECONDS 60

typedef struct
{
  const char *code;
  const char *name;
  const char *prefix;
  guint       minutes;
  guint       walk_in_cap;
  guint       walk_ins;      /* how many come without an appointment */
  gboolean    appointments;
  const char *dossier;       /* how dossier numbers start, or NULL */
  const char *documents;
  guint       max_wait_minutes;       /* 0 for the default thresholds */
  guint       max_waiting_per_guichet;
} ServiceSpec;

static const ServiceSpec service_specs[] = {
  { "titres", "Carte d'identité et passeport", "A", 4, 60, 40, TRUE, NULL,
    "Numéro de pré-demande ANTS\nPhoto d'identité de moins de 6 mois\n"
    "Justificatif de domicile de moins d'un an\nAncien titre, ou déclaration de perte ou de vol\n"
    "Timbre fiscal (passeport)", 25, 5 },
  { "permis", "Permis de conduire", "P", 5, 30, 20, TRUE, "PC-",
    "Numéro de demande ANTS\nPermis actuel\nPièce d'identité\nJustificatif de domicile\n"
    "Certificat médical (si demandé)", 60, 10 },
  { "immat", "Certificat d'immatriculation", "C", 5, 30, 20, TRUE, "CI-",
    "Certificat de cession\nAncienne carte grise barrée et signée\n"
    "Contrôle technique de moins de 6 mois\nPièce d'identité\nJustificatif de domicile" },
  { "sejour", "Titre de séjour", "S", 8, 20, 30, TRUE, "AGDREF 75",
    "Passeport\nTitre de séjour actuel ou récépissé\nJustificatif de domicile\n"
    "3 photos d'identité\nTimbre fiscal" },
  { "natu", "Naturalisation", "N", 15, 0, 0, TRUE, "NAT-2026-",
    "Convocation\nPièce d'identité\nActe de naissance\nDiplôme ou attestation de langue française\n"
    "Avis d'imposition des 3 dernières années" },
  { "info", "Accueil et renseignements", "R", 4, 0, 70, FALSE, NULL, "", 75, 10 },
};

typedef struct
{
  guint       number;
  gboolean    accessible;
  const char *agent_id;
  const char *agent_name;
  const char *services[3];
  double      booked_share;  /* of the guichet's day */
} GuichetSpec;

static const GuichetSpec guichet_specs[] = {
  { 1, TRUE, "c.martin", "Claire Martin", { "info", "titres" }, 0.5 },
  { 2, FALSE, "k.benali", "Karim Benali", { "titres" }, BOOKED_SHARE },
  { 3, FALSE, "s.nguyen", "Sophie Nguyen", { "titres" }, BOOKED_SHARE },
  { 4, FALSE, "j.lefebvre", "Julien Lefebvre", { "titres", "permis" }, BOOKED_SHARE },
  { 5, TRUE, "a.diallo", "Aminata Diallo", { "permis", "immat" }, BOOKED_SHARE },
  { 6, FALSE, "t.moreau", "Thomas Moreau", { "immat", "sejour" }, BOOKED_SHARE },
  { 7, FALSE, "l.garcia", "Lucie Garcia", { "sejour" }, BOOKED_SHARE },
  { 8, TRUE, "p.rousseau", "Pierre Rousseau", { "natu", "sejour" }, BOOKED_SHARE },
};

static const char * const first_names[] = {
  "Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Sarah", "Yasmine", "Fatou", "Emma",
  "Louise", "Nadia", "Mei", "Ana", "Aïcha", "Hélène", "Martine", "Sylvie", "Océane", "Zoé",
  "Lucas", "Hugo", "Nathan", "Mohamed", "Louis", "Gabriel", "Adam", "Yanis", "Mamadou", "Arthur",
  "Paul", "Théo", "Rayan", "Bernard", "Jean", "Alain", "Kevin", "Olivier", "Wei", "Tiago",
};

static const char * const last_names[] = {
  "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
  "Simon", "Laurent", "Michel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
  "Chevalier", "Robin", "Haddad", "Mansouri", "Traoré", "Keita", "Ferreira", "Da Silva",
  "Nguyen", "Tran", "Rossi", "Schmitt", "Müller", "Kowalski", "Benoît", "Mercier", "Blanc",
  "Guérin", "Boyer", "Garnier", "Faure", "André",
};

typedef struct
{
  const ServiceSpec *spec;
  GchService        *service;
  GchAppointment    *appointment;   /* NULL for a walk-in */
  GchPriority        priority;
  gint64             slot;          /* appointment start, 0 for a walk-in */
  gint64             arrival;       /* 0: never comes */
  gint64             duration;      /* seconds at the guichet */
  guint              guichet;       /* the guichet it is booked at, or 0 */
  gboolean           late;
  /* what the dispatcher decided */
  guint              served_by;
  gint64             start;
  gint64             end;
} Visit;

static const char *
pick (GRand              *rand,
      const char * const *list,
      guint               n)
{
  return list[g_rand_int_range (rand, 0, n)];
}

static char *
random_code (GRand      *rand,
             const char *alphabet,
             guint       length)
{
  GString *code = g_string_new (NULL);
  guint n = strlen (alphabet);

  for (guint i = 0; i < length; i++)
    g_string_append_c (code, alphabet[g_rand_int_range (rand, 0, n)]);

  return g_string_free (code, FALSE);
}

static char *
random_uuid (GRand *rand)
{
  guint32 w[4];

  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    w[i] = g_rand_int (rand);

  /* version 4, variant 1, like g_uuid_string_random() but reproducible */
  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x",
                          w[0], w[1] >> 16, w[1] & 0xfff,
                          (w[2] >> 16 & 0x3fff) | 0x8000, w[2] & 0xffff, w[3]);
}

/* Service times scatter around the typical duration with a long right
 * tail, as measured times at a counter do: log-normal, sigma 0.35.
 */
static gint64
draw_duration (GRand *rand,
               guint  typical_minutes)
{
  double u1 = g_rand_double_range (rand, 1e-9, 1.0);
  double u2 = g_rand_double (rand);
  double normal = sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);

  return MAX (60, (gint64)(typical_minutes * 60.0 * exp (0.35 * normal - 0.06)));
}

/* Walk-ins by half hour from 8:30: a queue at the door, a morning peak,
 * a lull at lunch, a smaller afternoon wave.
 */
static const double walk_in_profile[] = {
  1.6, 2.0, 2.2, 2.1, 1.8, 1.5, 1.2, 0.8, 0.5, 0.5, 0.7, 0.9, 0.9, 0.8, 0.6, 0.4, 0.2,
};

static gint64
draw_walk_in_arrival (GRand  *rand,
                      GchDay *day)
{
  double total = 0, x;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (walk_in_profile); i++)
    total += walk_in_profile[i];

  x = g_rand_double_range (rand, 0, total);
  for (i = 0; i + 1 < G_N_ELEMENTS (walk_in_profile) && x >= walk_in_profile[i]; i++)
    x -= walk_in_profile[i];

  return gch_day_local_time (day, OPENS_AT + 30 * i) + g_rand_int_range (rand, 0, 30 * 60);
}

static GchPriority
draw_priority (GRand *rand)
{
  double x = g_rand_double (rand);

  if (x < 0.03)
    return GCH_PRIORITY_DISABILITY;
  if (x < 0.045)
    return GCH_PRIORITY_PREGNANCY;
  if (x < 0.07)
    return GCH_PRIORITY_ELDERLY;
  if (x < 0.08)
    return GCH_PRIORITY_CMI;
  return GCH_PRIORITY_NONE;
}

static void
add_configuration (GchDay *day)
{
  day->site = g_object_new (GCH_TYPE_SITE,
                            "code", "pref-demo",
                            "name", "Préfecture de démonstration",
                            "timezone", DEMO_TIMEZONE,
                            "opens-at", OPENS_AT,
                            "closes-at", CLOSES_AT,
                            NULL);

  for (guint i = 0; i < G_N_ELEMENTS (service_specs); i++)
    {
      const ServiceSpec *spec = &service_specs[i];
      g_auto(GStrv) documents = g_strsplit (spec->documents, "\n", -1);

      if (spec->documents[0] == '\0')
        g_clear_pointer (&documents, g_strfreev);

      g_ptr_array_add (day->services,
                       g_object_new (GCH_TYPE_SERVICE,
                                     "code", spec->code,
                                     "name", spec->name,
                                     "prefix", spec->prefix,
                                     "typical-minutes", spec->minutes,
                                     "documents", documents,
                                     "walk-in-cap", spec->walk_in_cap,
                                     "accepts-appointments", spec->appointments,
                                     "accepts-walk-ins", spec->walk_ins > 0,
                                     NULL));
      if (spec->max_wait_minutes > 0)
        gch_service_set_thresholds (g_ptr_array_index (day->services, i),
                                    spec->max_wait_minutes, spec->max_waiting_per_guichet);
    }

  for (guint i = 0; i < G_N_ELEMENTS (guichet_specs); i++)
    {
      const GuichetSpec *spec = &guichet_specs[i];
      g_autofree char *label = g_strdup_printf ("Guichet %u", spec->number);

      g_ptr_array_add (day->agents,
                       g_object_new (GCH_TYPE_AGENT,
                                     "id", spec->agent_id,
                                     "name", spec->agent_name,
                                     "role", GCH_AGENT_ROLE_AGENT,
                                     NULL));
      g_ptr_array_add (day->guichets,
                       g_object_new (GCH_TYPE_GUICHET,
                                     "number", spec->number,
                                     "label", label,
                                     "accessible", spec->accessible,
                                     "services", spec->services,
                                     "state", GCH_GUICHET_STATE_OPEN,
                                     "agent-id", spec->agent_id,
                                     NULL));
    }

  g_ptr_array_add (day->agents,
                   g_object_new (GCH_TYPE_AGENT, "id", "m.lemaire", "name", "Marie Lemaire",
                                 "role", GCH_AGENT_ROLE_RECEPTION, NULL));
  g_ptr_array_add (day->agents,
                   g_object_new (GCH_TYPE_AGENT, "id", "f.roux", "name", "François Roux",
                                 "role", GCH_AGENT_ROLE_SUPERVISOR, NULL));
}

static const ServiceSpec *
find_spec (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (service_specs); i++)
    if (g_str_equal (service_specs[i].code, code))
      return &service_specs[i];

  g_assert_not_reached ();
}

static GchAppointment *
book (GRand             *rand,
      GchDay            *day,
      const ServiceSpec *spec,
      gint64             slot,
      guint              guichet)
{
  const char *first = pick (rand, first_names, G_N_ELEMENTS (first_names));
  const char *last = pick (rand, last_names, G_N_ELEMENTS (last_names));
  g_autofree char *upper = g_utf8_strup (last, -1);
  g_autofree char *name = g_strdup_printf ("%s %s", first, upper);
  g_autofree char *code = random_code (rand, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6);
  g_autofree char *reference = g_strdup_printf ("RDV-%s", code);
  g_autofree char *user = g_strdup_printf ("%s.%s", first, last);
  g_autofree char *user_lower = g_utf8_strdown (user, -1);
  g_autofree char *user_ascii = g_str_to_ascii (g_strdelimit (user_lower, " ", '-'), "C");
  g_autofree char *email = g_strdup_printf ("%s@exemple.fr", user_ascii);
  g_autofree char *phone = NULL;
  g_autofree char *dossier = NULL;
  g_autofree char *predemande = NULL;
  double persons_draw = g_rand_double (rand);
  guint persons = persons_draw < 0.8 ? 1 : persons_draw < 0.95 ? 2 : g_rand_int_range (rand, 3, 5);

  phone = g_strdup_printf ("0%d %02d %02d %02d %02d", g_rand_int_range (rand, 6, 8),
                           g_rand_int_range (rand, 0, 100), g_rand_int_range (rand, 0, 100),
                           g_rand_int_range (rand, 0, 100), g_rand_int_range (rand, 0, 100));

  if (spec->dossier != NULL)
    dossier = g_strdup_printf ("%s%06d", spec->dossier, g_rand_int_range (rand, 0, 999999));
  if (g_str_equal (spec->code, "titres"))
    predemande = random_code (rand, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 10);

  return g_object_new (GCH_TYPE_APPOINTMENT,
                       "reference", reference,
                       "service", gch_day_find_service (day, spec->code),
                       "starts-at", slot,
                       "duration-minutes", spec->minutes,
                       "persons", persons,
                       "holder-name", name,
                       "phone", phone,
                       "email", email,
                       "dossier-number", dossier,
                       "predemande-number", predemande,
                       "guichet", guichet,
                       NULL);
}

/* Each guichet's day is cut into slots, turn and turn about between the
 * services it takes appointments for; a share of them is booked.
 */
static void
book_appointments (GRand  *rand,
                   GchDay *day,
                   GArray *visits)
{
  for (guint g = 0; g < G_N_ELEMENTS (guichet_specs); g++)
    {
      const GuichetSpec *spec = &guichet_specs[g];
      guint minute = OPENS_AT, turn = 0;

      while (TRUE)
        {
          const ServiceSpec *service;
          Visit visit = { 0 };

          do
            service = find_spec (spec->services[turn++ % g_strv_length ((char **)spec->services)]);
          while (!service->appointments);

          if (minute + service->minutes > CLOSES_AT)
            break;

          if (g_rand_double (rand) < spec->booked_share)
            {
              visit.spec = service;
              visit.slot = gch_day_local_time (day, minute);
              visit.appointment = book (rand, day, service, visit.slot, spec->number);
              visit.service = gch_appointment_get_service (visit.appointment);
              visit.guichet = spec->number;
              visit.duration = draw_duration (rand, service->minutes);
              g_ptr_array_add (day->appointments, visit.appointment);
              g_array_append_val (visits, visit);
            }

          minute += service->minutes;
        }
    }
}

static void
plan_arrivals (GRand  *rand,
               GchDay *day,
               GArray *visits)
{
  gint64 opening = gch_day_local_time (day, OPENS_AT);
  gint64 closing = gch_day_local_time (day, CLOSES_AT);

  for (guint i = 0; i < visits->len; i++)
    {
      Visit *visit = &g_array_index (visits, Visit, i);
      double x = g_rand_double (rand);

      if (x < NO_SHOW_SHARE)
        continue;
      else if (x < 0.75)   /* early, as most are */
        visit->arrival = visit->slot - g_rand_int_range (rand, 60, 25 * 60);
      else if (x < 0.92)   /* about on time */
        visit->arrival = visit->slot + g_rand_int_range (rand, -60, 5 * 60);
      else                 /* late, within the tolerance */
        visit->arrival = visit->slot + g_rand_int_range (rand, 5 * 60, LATE_TOLERANCE_MINUTES * 60);

      /* Those who come before the doors open get their ticket at opening;
       * those who come after they shut do not get in.
       */
      visit->arrival = MAX (visit->arrival, opening);
      if (visit->arrival >= closing)
        {
          visit->arrival = 0;
          continue;
        }
      visit->late = visit->arrival > visit->slot + 5 * 60;
      visit->priority = draw_priority (rand);
    }

  for (guint s = 0; s < G_N_ELEMENTS (service_specs); s++)
    {
      const ServiceSpec *spec = &service_specs[s];

      for (guint n = 0; n < spec->walk_ins; n++)
        {
          Visit visit = { 0 };

          visit.spec = spec;
          visit.service = gch_day_find_service (day, spec->code);
          visit.arrival = draw_walk_in_arrival (rand, day);
          visit.duration = draw_duration (rand, spec->minutes);
          visit.priority = draw_priority (rand);
          g_array_append_val (visits, visit);
        }
    }
}

static gint64
ready_at (const Visit *visit)
{
  /* An appointment is served at its slot time, not before. */
  return MAX (visit->arrival, visit->slot);
}

static int
compare_ready (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = ready_at (a), tb = ready_at (b);

  return (ta > tb) - (ta < tb);
}

static int
compare_arrival (gconstpointer a,
                 gconstpointer b)
{
  gint64 ta = ((const Visit *)a)->arrival, tb = ((const Visit *)b)->arrival;

  return (ta > tb) - (ta < tb);
}

/* Greedy: in the order people become ready, each goes to their booked
 * guichet, or to the guichet for their service that frees up first.
 */
static void
dispatch (GchDay *day,
          GArray *visits)
{
  gint64 free_at[G_N_ELEMENTS (guichet_specs) + 1];
  gint64 opening = gch_day_local_time (day, OPENS_AT);

  for (guint g = 0; g < G_N_ELEMENTS (free_at); g++)
    free_at[g] = opening;

  g_array_sort (visits, compare_ready);

  for (guint i = 0; i < visits->len; i++)
    {
      Visit *visit = &g_array_index (visits, Visit, i);
      guint best = visit->guichet;

      if (visit->arrival == 0)
        continue;

      /* A PMR holder booked at a guichet without step-free access is seen
       * at an accessible one instead, like a walk-in.
       */
      if (best != 0 && visit->priority == GCH_PRIORITY_DISABILITY &&
          !guichet_specs[best - 1].accessible)
        best = visit->guichet = 0;

      if (best == 0)
        for (guint g = 0; g < G_N_ELEMENTS (guichet_specs); g++)
          {
            const GuichetSpec *spec = &guichet_specs[g];

            if (!g_strv_contains (spec->services, visit->spec->code) ||
                (visit->priority == GCH_PRIORITY_DISABILITY && !spec->accessible))
              continue;
            if (best == 0 || free_at[spec->number] < free_at[best])
              best = spec->number;
          }

      visit->served_by = best;
      visit->start = MAX (ready_at (visit), free_at[best]);
      visit->end = visit->start + WALK_TO_GUICHET_SECONDS + visit->duration;
      free_at[best] = visit->end;
    }
}

static void
add_event (GchDay      *day,
           const char  *kind,
           const char  *id,
           gint64       at,
           const char  *actor,
           guint        guichet,
           const char  *from,
           const char  *to,
           const char  *detail)
{
  g_ptr_array_add (day->events, gch_event_new (kind, id, at, actor, guichet, from, to, detail));
}

static const char *
agent_of (guint guichet)
{
  return guichet_specs[guichet - 1].agent_id;
}

/* Turn the visits into what the store would hold at @now: tickets in order
 * of arrival, states, and the events that led there, in time order.
 */
static void
play_until (GRand  *rand,
            GchDay *day,
            GArray *visits,
            gint64  now)
{
  guint counters[G_N_ELEMENTS (service_specs)] = { 0 };

  g_array_sort (visits, compare_arrival);

  for (guint i = 0; i < visits->len; i++)
    {
      Visit *visit = &g_array_index (visits, Visit, i);
      const char *reference = visit->appointment ? gch_appointment_get_reference (visit->appointment) : NULL;
      g_autofree char *id = NULL;
      g_autofree char *ticket = NULL;
      g_autoptr(GchQueueEntry) entry = NULL;
      GchEntryState state = GCH_ENTRY_STATE_WAITING;
      guint counter_index = visit->spec - service_specs;
      guint guichet = visit->guichet;
      gint64 serving_at = visit->start + WALK_TO_GUICHET_SECONDS;

      if (visit->arrival == 0)
        {
          if (visit->slot + LATE_TOLERANCE_MINUTES * 60 <= now)
            {
              gch_appointment_set_status (visit->appointment, GCH_APPOINTMENT_STATUS_NO_SHOW);
              add_event (day, "appointment", reference,
                         visit->slot + LATE_TOLERANCE_MINUTES * 60, "accueil", 0,
                         "booked", "no-show", NULL);
            }
          continue;
        }

      if (visit->arrival > now)
        continue;

      id = random_uuid (rand);
      ticket = g_strdup_printf ("%s%03u", visit->spec->prefix, ++counters[counter_index]);

      if (visit->appointment != NULL)
        {
          gch_appointment_set_status (visit->appointment, GCH_APPOINTMENT_STATUS_CHECKED_IN);
          add_event (day, "appointment", reference, visit->arrival, "m.lemaire", 0,
                     "booked", "checked-in", ticket);
        }
      add_event (day, "entry", id, visit->arrival, "m.lemaire", 0, NULL, "waiting", NULL);

      if (visit->start <= now)
        {
          guichet = visit->served_by;
          state = GCH_ENTRY_STATE_CALLED;
          add_event (day, "entry", id, visit->start, agent_of (guichet), guichet,
                     "waiting", "called", NULL);
        }
      if (serving_at <= now)
        {
          state = GCH_ENTRY_STATE_SERVING;
          add_event (day, "entry", id, serving_at, agent_of (guichet), guichet,
                     "called", "serving", NULL);
        }
      if (visit->end <= now)
        {
          state = GCH_ENTRY_STATE_DONE;
          add_event (day, "entry", id, visit->end, agent_of (guichet), guichet,
                     "serving", "done", "served");
          if (visit->appointment != NULL)
            {
              gch_appointment_set_status (visit->appointment, GCH_APPOINTMENT_STATUS_SERVED);
              add_event (day, "appointment", reference, visit->end, agent_of (guichet), guichet,
                         "checked-in", "served", NULL);
            }
        }

      entry = g_object_new (GCH_TYPE_QUEUE_ENTRY,
                            "id", id,
                            "ticket", ticket,
                            "service", visit->service,
                            "priority", visit->priority,
                            "arrived-at", visit->arrival,
                            "appointment", visit->appointment,
                            "late", visit->late,
                            "state", state,
                            "guichet", guichet,
                            "called-at", visit->start <= now ? visit->start : 0,
                            NULL);
      g_ptr_array_add (day->entries, g_steal_pointer (&entry));
    }
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  gint64 ta = gch_event_get_at (*(GchEvent **)a), tb = gch_event_get_at (*(GchEvent **)b);

  return (ta > tb) - (ta < tb);
}

static int
compare_appointments (gconstpointer a,
                      gconstpointer b)
{
  GchAppointment *x = *(GchAppointment **)a, *y = *(GchAppointment **)b;
  gint64 ta = gch_appointment_get_starts_at (x), tb = gch_appointment_get_starts_at (y);

  if (ta != tb)
    return (ta > tb) - (ta < tb);
  return g_strcmp0 (gch_appointment_get_reference (x), gch_appointment_get_reference (y));
}

/**
 * gch_demo_generate:
 * @seed: the seed; the same seed and date give the same day
 * @date: the day, `YYYY-MM-DD`
 * @minutes: the time of day to play the day up to, in minutes after midnight
 *
 * Returns: (transfer full): the day at a demonstration préfecture, as it
 *   stands at @minutes
 */
GchDay *
gch_demo_generate (guint32     seed,
                   const char *date,
                   guint       minutes)
{
  g_autoptr(GArray) visits = g_array_new (FALSE, TRUE, sizeof (Visit));
  g_autoptr(GchDay) day = NULL;
  g_autoptr(GRand) rand = NULL;
  int y, m, d;

  g_return_val_if_fail (gch_day_parse_date (date, &y, &m, &d), NULL);
  g_return_val_if_fail (minutes <= 24 * 60, NULL);

  /* The date is part of the seed: references and ids differ from one day to the next. */
  rand = g_rand_new_with_seed_array ((guint32[]) { seed, y, m, d }, 4);

  day = gch_day_new (date);
  add_configuration (day);
  book_appointments (rand, day, visits);
  plan_arrivals (rand, day, visits);
  dispatch (day, visits);
  play_until (rand, day, visits, gch_day_local_time (day, minutes));

  /* The store keeps events in the order they happened. */
  g_ptr_array_sort (day->events, compare_events);
  g_ptr_array_sort (day->appointments, compare_appointments);

  return g_steal_pointer (&day);
}

/**
 * gch_demo_today:
 *
 * Returns: (transfer full): today's date at the demo site, `YYYY-MM-DD`
 */
char *
gch_demo_today (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (DEMO_TIMEZONE);

  return gch_day_date_of (tz, g_get_real_time () / G_USEC_PER_SEC);
}

/**
 * gch_demo_start_time:
 * @date: the day, `YYYY-MM-DD`
 * @minutes: minutes after midnight
 *
 * Returns: the time @minutes after midnight of @date at the demo site, in
 *   seconds since the epoch: what the demo's clock starts at
 */
gint64
gch_demo_start_time (const char *date,
                     guint       minutes)
{
  g_autoptr(GchDay) day = gch_day_new (date);

  g_return_val_if_fail (day != NULL, 0);

  day->site = g_object_new (GCH_TYPE_SITE, "timezone", DEMO_TIMEZONE, NULL);

  return gch_day_local_time (day, minutes);
}

static char *
shift_date (const char *date,
            int         days)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) shifted = NULL;
  int y, m, d;

  gch_day_parse_date (date, &y, &m, &d);
  start = g_date_time_new_utc (y, m, d, 12, 0, 0);
  shifted = g_date_time_add_days (start, days);

  return g_date_time_format (shifted, "%Y-%m-%d");
}

static gboolean
remove_if_present (const char  *path,
                   GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The old demo database “%s” could not be removed: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * gch_demo_create_store:
 * @path: the demo database; **any file there is replaced**
 *
 * Makes a new demo database at @path holding the demo day of @seed and
 * @date as it stands at @minutes, and the week before it, whole. Only ever give it a path set aside for
 * the demo: whatever was there is removed first.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
GchStore *
gch_demo_create_store (const char  *path,
                       guint32      seed,
                       const char  *date,
                       guint        minutes,
                       GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(GchStore) store = NULL;
  g_autoptr(GchDay) day = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (!remove_if_present (file, error))
        return NULL;
    }

  if (!(store = gch_store_open (path, error)))
    return NULL;

  /* The week before, played to the end: the history quiet hours come from. */
  for (int back = DEMO_HISTORY_DAYS; back > 0; back--)
    {
      g_autofree char *earlier = shift_date (date, -back);
      g_autoptr(GchDay) past = gch_demo_generate (seed, earlier, 24 * 60);

      if (!gch_store_import_day (store, past, error))
        return NULL;
    }

  day = gch_demo_generate (seed, date, minutes);
  if (!gch_store_import_day (store, day, error))
    return NULL;

  return g_steal_pointer (&store);
}

/* The register of suggestions and complaints of the weeks before: what a
 * supervisor finds at Ctrl+5, at every step of the workflow. Descriptions
 * and names are the demo site's data, in French like its services; the
 * phone numbers are in the range ARCEP keeps for fiction (06 39 98).
 */
typedef struct
{
  guint               days_ago;
  guint               minutes;       /* the time of day it was received */
  GchFeedbackKind     kind;
  GchFeedbackChannel  channel;
  GchFeedbackCategory category;
  GchFeedbackStatus   status;
  const char         *description;
  const char         *service;       /* the visit it concerns: service, guichet, agent */
  guint               guichet;
  const char         *forward_to;    /* NULL: never forwarded */
  const char         *answer;        /* NULL: not answered yet */
  const char         *contact_name;  /* NULL: no consent */
  const char         *contact_email;
  const char         *contact_phone;
} FeedbackSpec;

static const FeedbackSpec feedback_specs[] = {
  { 1, 11 * 60 + 40, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_GUICHET,
    GCH_FEEDBACK_CATEGORY_WAITING_TIME, GCH_FEEDBACK_STATUS_RECEIVED,
    "Plus d'une heure d'attente pour retirer un passeport, alors que j'avais rendez-vous à 10 h 40.",
    "titres", 3, NULL, NULL, "Sophie Durand", "sophie.durand@example.org", NULL },
  { 2, 15 * 60 + 5, GCH_FEEDBACK_KIND_COMPLIMENT, GCH_FEEDBACK_CHANNEL_GUICHET,
    GCH_FEEDBACK_CATEGORY_RECEPTION, GCH_FEEDBACK_STATUS_CLOSED,
    "Merci à l'agent du guichet 2, très patient avec ma mère qui parle mal le français.",
    "titres", 2, NULL, NULL, NULL, NULL, NULL },
  { 3, 9 * 60 + 15, GCH_FEEDBACK_KIND_SUGGESTION, GCH_FEEDBACK_CHANNEL_WEB_FORM,
    GCH_FEEDBACK_CATEGORY_INFORMATION, GCH_FEEDBACK_STATUS_ACKNOWLEDGED,
    "Indiquer sur le site la liste des pièces pour un renouvellement de passeport, avec les "
    "formats de photo acceptés.",
    NULL, 0, NULL, NULL, NULL, NULL, NULL },
  { 4, 16 * 60 + 50, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_WEB_FORM,
    GCH_FEEDBACK_CATEGORY_WAITING_TIME, GCH_FEEDBACK_STATUS_RECEIVED,
    "Le ticket annonçait 20 minutes d'attente, j'en ai attendu 55.",
    "info", 1, NULL, NULL, "Marc Lenoir", "marc.lenoir@example.org", NULL },
  { 5, 12 * 60 + 20, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_PHONE,
    GCH_FEEDBACK_CATEGORY_RECEPTION, GCH_FEEDBACK_STATUS_ACKNOWLEDGED,
    "Personne ne répond au standard entre 12 h et 14 h.",
    NULL, 0, NULL, NULL, "Odile Marchand", NULL, "06 39 98 12 34" },
  { 7, 10 * 60 + 10, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_EMAIL,
    GCH_FEEDBACK_CATEGORY_INFORMATION, GCH_FEEDBACK_STATUS_IN_PROGRESS,
    "On m'a donné deux listes de pièces différentes au téléphone et au guichet : j'ai dû revenir.",
    "immat", 6, "Certificat d'immatriculation", NULL, "Rachid Amrani",
    "rachid.amrani@example.org", NULL },
  { 12, 14 * 60 + 30, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_EMAIL,
    GCH_FEEDBACK_CATEGORY_SERVICE, GCH_FEEDBACK_STATUS_RECEIVED,
    "Ma demande de titre de séjour est en attente depuis quatre mois, sans aucune nouvelle.",
    "sejour", 0, NULL, NULL, "Ana Pereira", "ana.pereira@example.org", NULL },
  { 13, 9 * 60 + 45, GCH_FEEDBACK_KIND_SUGGESTION, GCH_FEEDBACK_CHANNEL_GUICHET,
    GCH_FEEDBACK_CATEGORY_WAITING_TIME, GCH_FEEDBACK_STATUS_CLOSED,
    "Afficher aussi l'attente estimée sur le site internet de la préfecture.",
    "info", 1, NULL, "Merci de cette idée : l'attente sera publiée sur le site au printemps.",
    NULL, NULL, NULL },
  { 16, 11 * 60, GCH_FEEDBACK_KIND_COMPLAINT, GCH_FEEDBACK_CHANNEL_LETTER,
    GCH_FEEDBACK_CATEGORY_SERVICE, GCH_FEEDBACK_STATUS_ANSWERED,
    "Mon dossier de permis de conduire est bloqué depuis trois mois sans réponse.",
    "permis", 5, "Permis de conduire",
    "Votre dossier est complet depuis le 12 ; votre permis vous sera envoyé sous quinze jours.",
    "Gilles Faure", NULL, "06 39 98 56 78" },
  { 20, 14 * 60, GCH_FEEDBACK_KIND_COMPLIMENT, GCH_FEEDBACK_CHANNEL_EMAIL,
    GCH_FEEDBACK_CATEGORY_SERVICE, GCH_FEEDBACK_STATUS_CLOSED,
    "Naturalisation : un entretien très bien préparé, merci à toute l'équipe.",
    "natu", 8, NULL, NULL, NULL, NULL, NULL },
};

#define DEMO_QUALITY_REFERENT "f.roux"

/* Plays a record's workflow as the quality referent did: the versions
 * bump as they would have through the sync, so the server holds what the
 * stations' operations on it expect.
 */
static GchFeedback *
demo_feedback (GRand              *rand,
               const FeedbackSpec *spec,
               const char         *date,
               GError            **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (DEMO_TIMEZONE);
  g_autofree char *id = random_uuid (rand);
  g_autofree char *received_date = shift_date (date, -(int) spec->days_ago);
  g_autoptr(GchFeedback) feedback = NULL;
  GchFeedbackSettings settings;
  gint64 at = gch_demo_start_time (received_date, spec->minutes);
  gint64 now = gch_demo_start_time (date, GCH_DEMO_TIME);
  guint n_steps = (spec->status >= GCH_FEEDBACK_STATUS_ACKNOWLEDGED) +
                  (spec->forward_to != NULL) +
                  (spec->status >= GCH_FEEDBACK_STATUS_IN_PROGRESS) + (spec->answer != NULL) +
                  (spec->status == GCH_FEEDBACK_STATUS_CLOSED);
  /* About a working day between steps, all of them before the demo's now. */
  gint64 gap = MIN (26 * 3600, (now - at) / (n_steps + 1));

  if (!(feedback = gch_feedback_new (id, spec->kind, spec->channel, spec->category, at,
                                     spec->description, error)))
    return NULL;

  gch_feedback_settings_init (&settings);
  gch_feedback_compute_due_date (feedback, &settings, zone);
  gch_feedback_set_answer_required (feedback, spec->kind != GCH_FEEDBACK_KIND_COMPLIMENT);
  if (spec->service != NULL)
    gch_feedback_set_visit (feedback, NULL, NULL, spec->service, spec->guichet,
                            spec->guichet != 0 ? agent_of (spec->guichet) : NULL);
  if (spec->contact_name != NULL &&
      !gch_feedback_set_contact (feedback, TRUE, spec->contact_name, spec->contact_email,
                                 spec->contact_phone, error))
    return NULL;

  if (spec->status >= GCH_FEEDBACK_STATUS_ACKNOWLEDGED &&
      !gch_feedback_acknowledge (feedback, at += gap, error))
    return NULL;
  if (spec->forward_to != NULL &&
      !gch_feedback_forward (feedback, DEMO_QUALITY_REFERENT, spec->forward_to, at += gap,
                             error))
    return NULL;
  if (spec->status >= GCH_FEEDBACK_STATUS_IN_PROGRESS &&
      !gch_feedback_start (feedback, at += gap, error))
    return NULL;
  if (spec->answer != NULL &&
      !gch_feedback_answer (feedback, DEMO_QUALITY_REFERENT, spec->answer, at += gap, error))
    return NULL;
  if (spec->status == GCH_FEEDBACK_STATUS_CLOSED &&
      !gch_feedback_close (feedback, at += gap, error))
    return NULL;

  /* Logged by the agent of the visit, or by the referent for what came by
   * post, e-mail, web or phone; every later step by the referent.
   */
  gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_RECEIVED,
                            spec->channel == GCH_FEEDBACK_CHANNEL_GUICHET && spec->guichet != 0
                              ? agent_of (spec->guichet) : DEMO_QUALITY_REFERENT);
  if (spec->status >= GCH_FEEDBACK_STATUS_ACKNOWLEDGED)
    gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_ACKNOWLEDGED, DEMO_QUALITY_REFERENT);
  if (spec->status >= GCH_FEEDBACK_STATUS_IN_PROGRESS)
    gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_IN_PROGRESS, DEMO_QUALITY_REFERENT);
  if (spec->status == GCH_FEEDBACK_STATUS_CLOSED)
    gch_feedback_set_done_by (feedback, GCH_FEEDBACK_STATUS_CLOSED, DEMO_QUALITY_REFERENT);

  return g_steal_pointer (&feedback);
}

/**
 * gch_demo_add_register:
 * @store: a demo database, made by gch_demo_create_store()
 * @seed: the demo's seed
 * @date: the demo's day, `YYYY-MM-DD`
 *
 * Adds the register of suggestions and complaints of the three weeks
 * before @date: received, acknowledged, forwarded, answered and closed
 * records, some of them due soon or overdue on @date, with the contacts
 * people consented to give. For the server's database (`guichet-server
 * load-demo`): a supervisor's or quality referent's station gets the
 * records, without the contacts, from the day's snapshot.
 *
 * Returns: %TRUE when added
 */
gboolean
gch_demo_add_register (GchStore    *store,
                       guint32      seed,
                       const char  *date,
                       GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x5eed0f06);

  g_return_val_if_fail (GCH_IS_STORE (store), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (feedback_specs); i++)
    {
      g_autoptr(GchFeedback) feedback = demo_feedback (rand, &feedback_specs[i], date, error);

      if (feedback == NULL || !gch_store_save_feedback (store, feedback, error))
        return FALSE;
    }

  return TRUE;
}
