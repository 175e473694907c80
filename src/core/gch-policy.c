/* gch-policy.c
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

#define G_LOG_DOMAIN "gch-policy"

#include "config.h"

#include <stdlib.h>

#include "gch-appointment.h"
#include "gch-day.h"
#include "gch-event.h"
#include "gch-guichet.h"
#include "gch-policy.h"
#include "gch-queue-entry.h"
#include "gch-service.h"

/* The queue policy (DESIGN.md §4): one pure function of a day, its
 * settings and the time. It holds no state and reads no clock, and it is
 * the same code on the server and on the station.
 *
 * Who a guichet calls next, at a time t:
 *   1. a checked-in appointment whose slot has come (earliest slot first);
 *   2. a transferred person (they already waited once);
 *   3. a priority person, or an ordinary walk-in waiting longer than the
 *      promotion bound — but never more than N priority people in a row
 *      while ordinary walk-ins wait;
 *   4. an ordinary walk-in, first come first served (late appointment
 *      holders wait here);
 *   5. an appointment holder who came early, when there is nobody else
 *      rather than leave the guichet idle.
 * PMR people go only to accessible guichets; people assigned to a guichet
 * go only there, if it is open.
 *
 * The plan plays that rule forward: each open guichet is free when its
 * current person is expected to be done; the one free first takes its
 * next person, and so on. Where and when each person is taken is their
 * guichet, rank and estimated wait. People are grouped by what they are
 * and what they came for, each group in order, so each step compares only
 * the heads of the groups a guichet can serve.
 */

typedef enum
{
  KIND_APPOINTMENT,
  KIND_TRANSFER,
  KIND_PRIORITY,
  KIND_ORDINARY,
  N_KINDS
} Kind;

typedef struct
{
  GchQueueEntry *entry;
  gint64         key;          /* slot for an appointment, arrival otherwise */
  gint64         arrived_at;
  guint          order;        /* position in the day: ties go to the first arrived */
  guint          seconds;      /* expected time at the guichet */
  Kind           kind;
} Item;

typedef struct
{
  Item     **items;
  guint      len;
  guint      head;
  Kind       kind;
  guint      service;
  guint      assigned;         /* 0: any guichet */
  gboolean   pmr;
} Group;

typedef struct
{
  guint      number;
  gboolean   accessible;
  gboolean  *handles;          /* by service index */
  GArray    *groups;           /* indices of the groups it may serve */
  gint64     free_at;
  guint      streak;           /* priority people called in a row */
  guint      rank;
  gboolean   active;
} Desk;

typedef struct
{
  const GchPolicySettings *settings;
  GchDay                  *day;
  gint64                   now;
  Item                    *items;
  guint                    n_items;
  GArray                  *groups;
  GHashTable              *group_index;  /* packed key → group index + 1 */
  Desk                    *desks;
  guint                    n_desks;
  Desk                   **by_number;    /* open desks by guichet number */
  guint                    n_numbers;
  GHashTable              *services;     /* service → index + 1 */
  guint                   *seconds;      /* expected service time by service index */
} Board;

struct _GchQueuePlan
{
  gint64        now;
  GArray       *placements;    /* GchPlacement, in the order people are called */
  GHashTable   *by_entry;      /* GchQueueEntry → index + 1 */
};

void
gch_policy_settings_init (GchPolicySettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->late_tolerance_minutes = 15;
  settings->max_priority_in_row = 2;
  settings->promote_after_minutes = 60;
  settings->min_observed_services = 3;
}

/**
 * gch_policy_is_late:
 *
 * Returns: %TRUE if a holder who arrived at @arrived_at is past the
 *   tolerance, and so waits as a walk-in
 */
gboolean
gch_policy_is_late (const GchPolicySettings *settings,
                    GchAppointment          *appointment,
                    gint64                   arrived_at)
{
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (GCH_IS_APPOINTMENT (appointment), FALSE);

  return arrived_at > gch_appointment_get_starts_at (appointment) +
                      (gint64)settings->late_tolerance_minutes * 60;
}

/* service → its position in the day's list, + 1 */
static GHashTable *
index_services (GchDay *day)
{
  GHashTable *indices = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < day->services->len; i++)
    g_hash_table_insert (indices, g_ptr_array_index (day->services, i), GUINT_TO_POINTER (i + 1));

  return indices;
}

static guint
service_index (GchDay     *day,
               GHashTable *indices,
               GchService *service)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (indices, service));

  /* A service not in the day's list (never from the store) counts as its own. */
  return index > 0 ? index - 1 : day->services->len;
}

/* Today's mean time at the guichet for each service, from the events:
 * the time between "serving" and "done". Below the minimum number of
 * observations, the service's typical duration.
 */
static guint *
observe_service_seconds (GchDay                  *day,
                         GHashTable              *indices,
                         const GchPolicySettings *settings)
{
  guint n = day->services->len + 1;
  guint *seconds = g_new0 (guint, n);
  g_autofree gint64 *total = g_new0 (gint64, n);
  g_autofree guint *count = g_new0 (guint, n);
  g_autoptr(GHashTable) entries = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) started = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (day->entries, i);

      g_hash_table_insert (entries, (gpointer)gch_queue_entry_get_id (entry), entry);
    }

  for (guint i = 0; i < day->events->len; i++)
    {
      GchEvent *event = g_ptr_array_index (day->events, i);
      const char *id = gch_event_get_record_id (event);
      const char *to = gch_event_get_to_state (event);
      GchQueueEntry *entry;
      GchEvent *start;

      if (g_strcmp0 (gch_event_get_record_kind (event), "entry") != 0)
        continue;

      if (g_str_equal (to, "serving"))
        g_hash_table_insert (started, (gpointer)id, event);
      else if (g_str_equal (to, "done") &&
               (start = g_hash_table_lookup (started, id)) != NULL &&
               (entry = g_hash_table_lookup (entries, id)) != NULL)
        {
          guint s = service_index (day, indices, gch_queue_entry_get_service (entry));

          total[s] += gch_event_get_at (event) - gch_event_get_at (start);
          count[s]++;
        }
    }

  for (guint s = 0; s < n; s++)
    {
      if (count[s] > 0 && count[s] >= settings->min_observed_services)
        seconds[s] = MAX (60, total[s] / count[s]);
      else if (s < day->services->len)
        seconds[s] = gch_service_get_typical_minutes (g_ptr_array_index (day->services, s)) * 60;
      else
        seconds[s] = 15 * 60;
    }

  return seconds;
}

/**
 * gch_policy_service_seconds:
 *
 * Returns: how long a person for @service is expected to stay at the
 *   guichet: today's mean, or the service's typical duration
 */
guint
gch_policy_service_seconds (GchDay                  *day,
                            const GchPolicySettings *settings,
                            GchService              *service)
{
  g_autoptr(GHashTable) indices = NULL;
  g_autofree guint *seconds = NULL;

  g_return_val_if_fail (day != NULL, 0);
  g_return_val_if_fail (settings != NULL, 0);
  g_return_val_if_fail (GCH_IS_SERVICE (service), 0);

  indices = index_services (day);
  seconds = observe_service_seconds (day, indices, settings);
  return seconds[service_index (day, indices, service)];
}

static Kind
kind_of (const GchPolicySettings *settings,
         GchQueueEntry           *entry)
{
  GchAppointment *appointment = gch_queue_entry_get_appointment (entry);

  if (appointment != NULL &&
      !gch_policy_is_late (settings, appointment, gch_queue_entry_get_arrived_at (entry)))
    return KIND_APPOINTMENT;
  if (gch_queue_entry_get_transferred_from (entry) != NULL)
    return KIND_TRANSFER;
  if (gch_queue_entry_get_priority (entry) != GCH_PRIORITY_NONE)
    return KIND_PRIORITY;
  return KIND_ORDINARY;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *x = *(const Item **)a, *y = *(const Item **)b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return (x->order > y->order) - (x->order < y->order);
}

static guint64
pack_group_key (Kind     kind,
                guint    service,
                guint    assigned,
                gboolean pmr)
{
  return ((guint64)assigned << 32) | ((guint64)service << 8) | ((guint64)kind << 1) | (pmr ? 1 : 0);
}

static Desk *
find_desk (Board *board,
           guint  number)
{
  return number < board->n_numbers ? board->by_number[number] : NULL;
}

static gboolean
desk_may_serve (Desk  *desk,
                Group *group)
{
  if (group->assigned != 0)
    return group->assigned == desk->number;
  if (group->pmr && !desk->accessible)
    return FALSE;
  return desk->handles[group->service];
}

/* Only open guichets call; the one busy with someone is free when that
 * person is expected to be done, and never before now.
 */
static void
set_up_desks (Board *board)
{
  guint n_services = board->day->services->len + 1;

  board->desks = g_new0 (Desk, board->day->guichets->len);
  for (guint i = 0; i < board->day->guichets->len; i++)
    {
      GchGuichet *guichet = g_ptr_array_index (board->day->guichets, i);
      Desk *desk;

      if (gch_guichet_get_state (guichet) != GCH_GUICHET_STATE_OPEN)
        continue;

      desk = &board->desks[board->n_desks++];
      desk->number = gch_guichet_get_number (guichet);
      desk->accessible = gch_guichet_get_accessible (guichet);
      desk->handles = g_new0 (gboolean, n_services);
      desk->groups = g_array_new (FALSE, FALSE, sizeof (guint));
      desk->free_at = board->now;
      desk->active = TRUE;

      for (guint s = 0; s < board->day->services->len; s++)
        desk->handles[s] = gch_guichet_handles (guichet,
                                                gch_service_get_code (g_ptr_array_index (board->day->services, s)));
      board->n_numbers = MAX (board->n_numbers, desk->number + 1);
    }

  board->by_number = g_new0 (Desk *, board->n_numbers);
  for (guint d = 0; d < board->n_desks; d++)
    board->by_number[board->desks[d].number] = &board->desks[d];
}

static void
note_call (Desk *desk,
           Kind  kind)
{
  if (kind == KIND_PRIORITY)
    desk->streak++;
  else if (kind == KIND_ORDINARY)
    desk->streak = 0;
}

static int
compare_called_at (gconstpointer a,
                   gconstpointer b)
{
  gint64 x = gch_queue_entry_get_called_at (*(GchQueueEntry **)a);
  gint64 y = gch_queue_entry_get_called_at (*(GchQueueEntry **)b);

  return (x > y) - (x < y);
}

/* What each open guichet is doing now, and how many priority people it
 * called last in a row, from the entries it called today.
 */
static void
read_current_work (Board *board)
{
  g_autoptr(GPtrArray) called = g_ptr_array_new ();

  for (guint i = 0; i < board->day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (board->day->entries, i);
      GchEntryState state = gch_queue_entry_get_state (entry);
      Desk *desk = find_desk (board, gch_queue_entry_get_guichet (entry));
      guint s = service_index (board->day, board->services, gch_queue_entry_get_service (entry));
      gint64 called_at = gch_queue_entry_get_called_at (entry);

      if (desk == NULL || called_at == 0)
        continue;

      if (state == GCH_ENTRY_STATE_CALLED || state == GCH_ENTRY_STATE_SERVING)
        desk->free_at = MAX (desk->free_at, called_at + board->seconds[s]);

      g_ptr_array_add (called, entry);
    }

  g_ptr_array_sort (called, compare_called_at);
  for (guint i = 0; i < called->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (called, i);

      note_call (find_desk (board, gch_queue_entry_get_guichet (entry)),
                 kind_of (board->settings, entry));
    }
}

static void
group_waiting (Board *board)
{
  guint n = 0;

  board->items = g_new0 (Item, board->day->entries->len);
  board->groups = g_array_new (FALSE, TRUE, sizeof (Group));
  board->group_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < board->day->entries->len; i++)
    {
      GchQueueEntry *entry = g_ptr_array_index (board->day->entries, i);
      GchAppointment *appointment;
      Item *item;
      guint s;

      if (gch_queue_entry_get_state (entry) != GCH_ENTRY_STATE_WAITING)
        continue;

      item = &board->items[n++];
      s = service_index (board->day, board->services, gch_queue_entry_get_service (entry));
      appointment = gch_queue_entry_get_appointment (entry);
      item->entry = entry;
      item->order = i;
      item->arrived_at = gch_queue_entry_get_arrived_at (entry);
      item->kind = kind_of (board->settings, entry);
      item->seconds = board->seconds[s];
      item->key = item->kind == KIND_APPOINTMENT ? gch_appointment_get_starts_at (appointment)
                                                 : item->arrived_at;
    }
  board->n_items = n;

  for (guint i = 0; i < board->n_items; i++)
    {
      Item *item = &board->items[i];
      guint assigned = gch_queue_entry_get_guichet (item->entry);
      guint s = service_index (board->day, board->services, gch_queue_entry_get_service (item->entry));
      gboolean pmr = gch_queue_entry_get_priority (item->entry) == GCH_PRIORITY_DISABILITY;
      guint64 key, *stored;
      gpointer found;
      Group *group;

      /* Assigned to a guichet that does not call now: anyone may. */
      if (assigned != 0 && find_desk (board, assigned) == NULL)
        assigned = 0;

      key = pack_group_key (item->kind, s, assigned, pmr && assigned == 0);
      if ((found = g_hash_table_lookup (board->group_index, &key)) == NULL)
        {
          Group new_group = { 0 };

          new_group.kind = item->kind;
          new_group.service = s;
          new_group.assigned = assigned;
          new_group.pmr = pmr && assigned == 0;
          new_group.items = g_new (Item *, board->n_items);
          g_array_append_val (board->groups, new_group);
          stored = g_new (guint64, 1);
          *stored = key;
          found = GUINT_TO_POINTER (board->groups->len);
          g_hash_table_insert (board->group_index, stored, found);
        }

      group = &g_array_index (board->groups, Group, GPOINTER_TO_UINT (found) - 1);
      group->items[group->len++] = item;
    }

  for (guint g = 0; g < board->groups->len; g++)
    {
      Group *group = &g_array_index (board->groups, Group, g);

      qsort (group->items, group->len, sizeof (Item *), compare_items);
      for (guint d = 0; d < board->n_desks; d++)
        if (desk_may_serve (&board->desks[d], group))
          g_array_append_val (board->desks[d].groups, g);
    }
}

static Board *
board_new (GchDay                  *day,
           const GchPolicySettings *settings,
           gint64                   now)
{
  Board *board = g_new0 (Board, 1);

  board->day = day;
  board->settings = settings;
  board->now = now;
  board->services = index_services (day);
  board->seconds = observe_service_seconds (day, board->services, settings);
  set_up_desks (board);
  read_current_work (board);
  group_waiting (board);

  return board;
}

static void
board_free (Board *board)
{
  for (guint g = 0; g < board->groups->len; g++)
    g_free (g_array_index (board->groups, Group, g).items);
  for (guint d = 0; d < board->n_desks; d++)
    {
      g_free (board->desks[d].handles);
      g_array_unref (board->desks[d].groups);
    }

  g_array_unref (board->groups);
  g_hash_table_destroy (board->group_index);
  g_hash_table_destroy (board->services);
  g_free (board->by_number);
  g_free (board->desks);
  g_free (board->items);
  g_free (board->seconds);
  g_free (board);
}

static gboolean
before (const Item *a,
        const Item *b)
{
  return b == NULL || compare_items (&a, &b) < 0;
}

/* The rule itself: who @desk calls at @t, among the heads of its groups. */
static Group *
select_group (Board  *board,
              Desk   *desk,
              gint64  t)
{
  gint64 promote_before = t - (gint64)board->settings->promote_after_minutes * 60;
  Group *due = NULL, *transfer = NULL, *priority = NULL, *ordinary = NULL, *early = NULL;
  const Item *due_item = NULL, *transfer_item = NULL, *priority_item = NULL,
             *ordinary_item = NULL, *early_item = NULL;
  gboolean priority_is_promoted = FALSE;

  for (guint i = 0; i < desk->groups->len; i++)
    {
      Group *group = &g_array_index (board->groups, Group, g_array_index (desk->groups, guint, i));
      const Item *head;

      if (group->head >= group->len)
        continue;

      head = group->items[group->head];
      switch (group->kind)
        {
        case KIND_APPOINTMENT:
          if (head->key <= t)
            {
              if (before (head, due_item))
                due = group, due_item = head;
            }
          else if (before (head, early_item))
            early = group, early_item = head;
          break;

        case KIND_TRANSFER:
          if (before (head, transfer_item))
            transfer = group, transfer_item = head;
          break;

        case KIND_PRIORITY:
          if (before (head, priority_item))
            priority = group, priority_item = head, priority_is_promoted = FALSE;
          break;

        case KIND_ORDINARY:
          if (head->arrived_at <= promote_before && before (head, priority_item))
            priority = group, priority_item = head, priority_is_promoted = TRUE;
          if (before (head, ordinary_item))
            ordinary = group, ordinary_item = head;
          break;

        case N_KINDS:
        default:
          g_assert_not_reached ();
        }
    }

  if (due != NULL)
    return due;
  if (transfer != NULL)
    return transfer;
  if (priority != NULL &&
      (priority_is_promoted || ordinary == NULL ||
       desk->streak < board->settings->max_priority_in_row))
    return priority;
  if (ordinary != NULL)
    return ordinary;
  return early;
}

/**
 * gch_policy_plan:
 * @day: the day: entries, guichets, services and events
 * @settings: the policy's settings
 * @now: the time, in seconds since the epoch
 *
 * Decides each open guichet's queue: who it will call, in which order,
 * and when, for everyone waiting at @now.
 *
 * Returns: (transfer full): the plan
 */
GchQueuePlan *
gch_policy_plan (GchDay                  *day,
                 const GchPolicySettings *settings,
                 gint64                   now)
{
  GchQueuePlan *plan;
  Board *board;
  guint placed = 0, unplaced_rank = 0;

  g_return_val_if_fail (day != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  board = board_new (day, settings, now);
  plan = g_new0 (GchQueuePlan, 1);
  plan->now = now;
  plan->placements = g_array_sized_new (FALSE, TRUE, sizeof (GchPlacement), board->n_items);
  plan->by_entry = g_hash_table_new (NULL, NULL);

  while (placed < board->n_items)
    {
      Desk *desk = NULL;
      GchPlacement placement;
      Group *group;
      Item *item;

      for (guint d = 0; d < board->n_desks; d++)
        if (board->desks[d].active && (desk == NULL || board->desks[d].free_at < desk->free_at))
          desk = &board->desks[d];

      if (desk == NULL)
        break;

      if ((group = select_group (board, desk, desk->free_at)) == NULL)
        {
          desk->active = FALSE;
          continue;
        }

      item = group->items[group->head++];
      note_call (desk, item->kind);

      placement.entry = item->entry;
      placement.guichet = desk->number;
      placement.rank = ++desk->rank;
      placement.called_at = desk->free_at;
      g_array_append_val (plan->placements, placement);
      desk->free_at += item->seconds;
      placed++;
    }

  /* Whoever no open guichet can serve waits in the order of their group. */
  for (guint g = 0; g < board->groups->len; g++)
    {
      Group *group = &g_array_index (board->groups, Group, g);

      for (; group->head < group->len; group->head++)
        {
          GchPlacement placement = { group->items[group->head]->entry, 0, ++unplaced_rank, 0 };

          g_array_append_val (plan->placements, placement);
        }
    }

  for (guint i = 0; i < plan->placements->len; i++)
    g_hash_table_insert (plan->by_entry,
                         g_array_index (plan->placements, GchPlacement, i).entry,
                         GUINT_TO_POINTER (i + 1));

  board_free (board);
  return plan;
}

/**
 * gch_policy_next:
 * @guichet: the number of the guichet that calls
 *
 * Returns: (transfer none) (nullable): who @guichet calls at @now, or
 *   %NULL when nobody waits for it (or it is not open)
 */
GchQueueEntry *
gch_policy_next (GchDay                  *day,
                 const GchPolicySettings *settings,
                 guint                    guichet,
                 gint64                   now)
{
  GchQueueEntry *next = NULL;
  Board *board;
  Desk *desk;
  Group *group;

  g_return_val_if_fail (day != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  board = board_new (day, settings, now);
  if ((desk = find_desk (board, guichet)) != NULL &&
      (group = select_group (board, desk, now)) != NULL)
    next = group->items[group->head]->entry;
  board_free (board);

  return next;
}

/**
 * gch_policy_estimate_walk_in:
 * @service: the service a new walk-in asks for
 * @priority: their priority category
 *
 * Returns: how long a walk-in arriving now would wait, in seconds, or -1
 *   when no open guichet serves them
 */
gint64
gch_policy_estimate_walk_in (GchDay                  *day,
                             const GchPolicySettings *settings,
                             GchService              *service,
                             GchPriority              priority,
                             gint64                   now)
{
  g_autoptr(GchQueueEntry) probe = NULL;
  g_autoptr(GchQueuePlan) plan = NULL;
  const GchPlacement *placement;

  g_return_val_if_fail (day != NULL, -1);
  g_return_val_if_fail (GCH_IS_SERVICE (service), -1);

  probe = g_object_new (GCH_TYPE_QUEUE_ENTRY,
                        "id", "estimate",
                        "ticket", "",
                        "service", service,
                        "priority", priority,
                        "arrived-at", now,
                        NULL);

  /* The newcomer is the last of the day. */
  g_ptr_array_add (day->entries, g_object_ref (probe));
  plan = gch_policy_plan (day, settings, now);
  g_ptr_array_remove_index (day->entries, day->entries->len - 1);

  placement = gch_queue_plan_lookup (plan, probe);
  if (placement == NULL || placement->guichet == 0)
    return -1;

  return placement->called_at - now;
}

void
gch_queue_plan_free (GchQueuePlan *plan)
{
  if (plan == NULL)
    return;

  g_array_unref (plan->placements);
  g_hash_table_destroy (plan->by_entry);
  g_free (plan);
}

gint64
gch_queue_plan_get_now (GchQueuePlan *plan)
{
  g_return_val_if_fail (plan != NULL, 0);

  return plan->now;
}

guint
gch_queue_plan_get_n_placements (GchQueuePlan *plan)
{
  g_return_val_if_fail (plan != NULL, 0);

  return plan->placements->len;
}

/**
 * gch_queue_plan_get_placement:
 *
 * Returns: (transfer none): the @index-th placement, in the order the
 *   guichets will call people
 */
const GchPlacement *
gch_queue_plan_get_placement (GchQueuePlan *plan,
                              guint         index)
{
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (index < plan->placements->len, NULL);

  return &g_array_index (plan->placements, GchPlacement, index);
}

/**
 * gch_queue_plan_lookup:
 *
 * Returns: (transfer none) (nullable): where @entry waits, or %NULL if it
 *   does not wait
 */
const GchPlacement *
gch_queue_plan_lookup (GchQueuePlan  *plan,
                       GchQueueEntry *entry)
{
  guint index;

  g_return_val_if_fail (plan != NULL, NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (plan->by_entry, entry));
  return index > 0 ? &g_array_index (plan->placements, GchPlacement, index - 1) : NULL;
}

/**
 * gch_queue_plan_for_guichet:
 *
 * Returns: (transfer container) (element-type GchQueueEntry): the queue of
 *   @guichet, next first
 */
GPtrArray *
gch_queue_plan_for_guichet (GchQueuePlan *plan,
                            guint         guichet)
{
  GPtrArray *queue;

  g_return_val_if_fail (plan != NULL, NULL);

  queue = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < plan->placements->len; i++)
    {
      const GchPlacement *placement = &g_array_index (plan->placements, GchPlacement, i);

      if (guichet != 0 && placement->guichet == guichet)
        g_ptr_array_add (queue, g_object_ref (placement->entry));
    }

  return queue;
}
