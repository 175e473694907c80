/* gch-register-page.c
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

#define G_LOG_DOMAIN "gch-register-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gch-application.h"
#include "gch-feedback-row.h"
#include "gch-format.h"
#include "gch-list-sync.h"
#include "gch-register-item.h"
#include "gch-register-page.h"
#include "gch-window.h"

/* The register of suggestions and complaints, as a supervisor or the
 * quality referent works through it: every record, most urgent first,
 * searched and filtered; the one chosen in full, with the workflow's next
 * steps and its history. The records are read from the store in a worker;
 * each stays one item of the model, given the newer copies, so its row is
 * relabelled in place. The urgency follows the station's clock: at once
 * when a frozen clock moves, and every minute.
 */
struct _GchRegisterPage
{
  AdwBin              parent_instance;

  GchStation         *station;
  GchClock           *clock;
  GCancellable       *cancellable;
  guint               generation;     /* of the last load asked: older answers are dropped */
  guint               minute_source;
  GListStore         *records;        /* GchRegisterItem, in the store's order */
  GHashTable         *items;          /* id → GchRegisterItem */
  GtkCustomFilter    *filter;
  GtkCustomSorter    *sorter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;
  char               *search;         /* folded */
  char               *selected_id;
  char               *contact_text;   /* the selected record's contact, once read */
  gboolean            contact_reading;  /* at the server, for the selected record */
  gboolean            contact_offline;  /* the server was not reached: may be tried again */

  /* Template Widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *status_dropdown;
  GtkToggleButton    *urgent_toggle;
  GtkStack           *list_stack;
  GtkListView        *records_view;
  AdwStatusPage      *empty_page;
  GtkStack           *detail_stack;
  GtkWidget          *workflow_box;
  GtkWidget          *acknowledge_button;
  GtkWidget          *start_button;
  GtkWidget          *forward_button;
  GtkWidget          *answer_button;
  GtkWidget          *close_button;
  AdwActionRow       *kind_row;
  AdwActionRow       *status_row;
  GtkLabel           *due_flag_label;
  GtkLabel           *description_label;
  GtkWidget          *visit_group;
  AdwActionRow       *visit_row;
  AdwActionRow       *contact_row;
  GtkWidget          *contact_button;
  GtkSpinner         *contact_spinner;
  GtkListBox         *history_list;
};

G_DEFINE_FINAL_TYPE (GchRegisterPage, gch_register_page, ADW_TYPE_BIN)

/* The kind filter: "all", then each GchFeedbackKind. */
#define KIND_OFFSET 1
/* The status filter: "all", "open", then each GchFeedbackStatus. */
#define STATUS_OFFSET 2

static void show_detail (GchRegisterPage *self);

static void
toast (GchRegisterPage *self,
       const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GCH_IS_WINDOW (root))
    gch_window_add_toast (GCH_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static GTimeZone *
dup_time_zone (GchRegisterPage *self)
{
  GchDay *day = self->station != NULL ? gch_station_get_day (self->station) : NULL;

  return day != NULL && day->site != NULL ? gch_site_dup_time_zone (day->site)
                                          : g_time_zone_new_local ();
}

static gint64
now (GchRegisterPage *self)
{
  return gch_clock_now (gch_station_get_clock (self->station));
}

static GchApplication *
find_application (GchRegisterPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                                     : NULL;

  return GCH_IS_APPLICATION (application) ? GCH_APPLICATION (application) : NULL;
}

/* The id of the agent logged in at this station, %NULL for nobody. */
static const char *
agent_id (GchRegisterPage *self)
{
  GchApplication *application = find_application (self);

  return application != NULL ? gch_application_get_agent (application) : NULL;
}

/* The agent at this station, by the site's list. */
static GchAgent *
find_agent (GchRegisterPage *self)
{
  GchDay *day = self->station != NULL ? gch_station_get_day (self->station) : NULL;
  const char *id = agent_id (self);

  if (day == NULL || id == NULL)
    return NULL;
  return gch_day_find_agent (day, id);
}

static const char *
agent_name (GchRegisterPage *self,
            const char      *id)
{
  GchDay *day = self->station != NULL ? gch_station_get_day (self->station) : NULL;
  GchAgent *agent = day != NULL && id != NULL ? gch_day_find_agent (day, id) : NULL;

  return agent != NULL ? gch_agent_get_name (agent) : id != NULL ? id : _("someone");
}

static char *
format_moment (GTimeZone *zone,
               gint64     at)
{
  g_autofree char *day = gch_format_day (zone, at);
  g_autofree char *time = gch_format_time (zone, at);

  /* Translators: a day, then a time: "22/11/2026 at 10:42" */
  return g_strdup_printf (_("%s at %s"), day, time);
}

static GchRegisterItem *
selected_item (GchRegisterPage *self)
{
  return self->selected_id != NULL ? g_hash_table_lookup (self->items, self->selected_id) : NULL;
}

/* The list: filter, order, empty state */

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  GchRegisterPage *self = user_data;
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  GchRegisterFilter filter = {
    .search = self->search,
    .kind = kind == GTK_INVALID_LIST_POSITION || kind < KIND_OFFSET
            ? GCH_REGISTER_ANY : (int) (kind - KIND_OFFSET),
    .status = status == GTK_INVALID_LIST_POSITION || status == 0 ? GCH_REGISTER_ANY
            : status == 1 ? GCH_REGISTER_OPEN : (int) (status - STATUS_OFFSET),
    .urgent_only = gtk_toggle_button_get_active (self->urgent_toggle),
  };

  return gch_register_item_matches (item, &filter);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  int diff = gch_register_item_compare ((GchRegisterItem *) a, (GchRegisterItem *) b);

  return diff < 0 ? GTK_ORDERING_SMALLER : diff > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
show_empty_state (GchRegisterPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
  adw_status_page_set_description (self->empty_page,
                                   g_list_model_get_n_items (G_LIST_MODEL (self->records)) == 0
                                   ? _("No suggestion, complaint or compliment is in the register yet.")
                                   : _("No record matches the search or the filters."));
}

/* Something the order or the filters read changed: the models redo it,
 * the items (and their rows) stay.
 */
static void
reorder (GchRegisterPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  show_empty_state (self);
}

static void
on_filter_changed_cb (GchRegisterPage *self)
{
  /* The drop-downs get their choices before the models exist. */
  if (self->filter == NULL)
    return;

  g_free (self->search);
  self->search = gch_register_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  show_empty_state (self);
}

/* Rows */

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, gch_feedback_row_new ());
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  gch_feedback_row_set_item (GCH_FEEDBACK_ROW (gtk_list_item_get_child (list_item)),
                             gtk_list_item_get_item (list_item));
}

static void
on_row_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gch_feedback_row_set_item (GCH_FEEDBACK_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
on_selected_cb (GchRegisterPage *self)
{
  GchRegisterItem *item = gtk_single_selection_get_selected_item (self->selection);

  /* A record filtered out stays shown until another is chosen. */
  if (item == NULL || g_strcmp0 (gch_register_item_get_id (item), self->selected_id) == 0)
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (gch_register_item_get_id (item));
  g_clear_pointer (&self->contact_text, g_free);
  self->contact_reading = FALSE;
  self->contact_offline = FALSE;
  show_detail (self);
}

/* Enter on a row: the keyboard goes to its next step. */
static void
on_activate_cb (GchRegisterPage *self,
                guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  on_selected_cb (self);
  gtk_widget_child_focus (self->workflow_box, GTK_DIR_TAB_FORWARD);
}

/* Reading the register */

/* The items are their own keys. */
static gpointer
identity (gpointer item)
{
  return item;
}

/* Takes @records, newer copies of the register's records, into the items:
 * those known are updated in place, the new ones added, the ones gone
 * removed.
 */
static void
show_records (GchRegisterPage *self,
              GPtrArray       *records,
              gboolean         complete)
{
  g_autoptr(GTimeZone) zone = dup_time_zone (self);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 at = now (self);
  gboolean changed = FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      GchFeedback *feedback = g_ptr_array_index (records, i);
      GchRegisterItem *item = g_hash_table_lookup (self->items, gch_feedback_get_id (feedback));

      if (item == NULL)
        {
          item = gch_register_item_new (feedback, at, zone);
          g_hash_table_insert (self->items, g_strdup (gch_feedback_get_id (feedback)), item);
          changed = TRUE;
        }
      else
        {
          g_object_ref (item);
          changed |= gch_register_item_update (item, feedback, at, zone);
        }
      g_ptr_array_add (keys, item);
    }

  if (complete)
    {
      GHashTableIter iter;
      gpointer value;
      g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);

      for (guint i = 0; i < keys->len; i++)
        g_hash_table_add (kept, g_ptr_array_index (keys, i));
      g_hash_table_iter_init (&iter, self->items);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (!g_hash_table_contains (kept, value))
          {
            g_hash_table_iter_remove (&iter);
            changed = TRUE;
          }
      gch_list_store_sync (self->records, keys, identity, g_object_ref);
    }
  else
    {
      for (guint i = 0; i < keys->len; i++)
        if (!g_list_store_find (self->records, g_ptr_array_index (keys, i), NULL))
          g_list_store_append (self->records, g_ptr_array_index (keys, i));
    }

  if (changed)
    reorder (self);
  else
    show_empty_state (self);
  show_detail (self);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GchStore *store = task_data;
  GError *error = NULL;
  GPtrArray *records = gch_store_list_feedback (store, &error);

  if (records == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GchRegisterPage *self = GCH_REGISTER_PAGE (object);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = g_task_propagate_pointer (G_TASK (result), &error);
  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  if (records == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  show_records (self, records, TRUE);
}

/**
 * gch_register_page_refresh:
 *
 * Reads the register again, in a worker, and updates the rows in place.
 */
void
gch_register_page_refresh (GchRegisterPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GCH_IS_REGISTER_PAGE (self));

  if (self->station == NULL)
    return;

  self->generation++;
  task = g_task_new (self, self->cancellable, loaded_cb, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, gch_register_page_refresh);
  g_task_set_task_data (task, g_object_ref (gch_station_get_store (self->station)),
                        g_object_unref);
  g_task_run_in_thread (task, load_worker);
}

/**
 * gch_register_page_recompute:
 *
 * Computes again, at the station's clock, which records are overdue or due
 * soon, and orders them so; nothing is read from the disk.
 */
void
gch_register_page_recompute (GchRegisterPage *self)
{
  g_autoptr(GTimeZone) zone = NULL;
  gboolean changed = FALSE;
  gint64 at;

  g_return_if_fail (GCH_IS_REGISTER_PAGE (self));

  if (self->station == NULL)
    return;

  zone = dup_time_zone (self);
  at = now (self);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->records)); i++)
    {
      g_autoptr(GchRegisterItem) item = g_list_model_get_item (G_LIST_MODEL (self->records), i);

      changed |= gch_register_item_update (item, NULL, at, zone);
    }
  if (changed)
    {
      reorder (self);
      show_detail (self);
    }
}

static gboolean
minute_cb (gpointer user_data)
{
  gch_register_page_recompute (user_data);
  return G_SOURCE_CONTINUE;
}

/* A record changed here: its copy is in the change, no need for the disk. */
static void
on_station_changed_cb (GchRegisterPage *self,
                       GchChange       *change)
{
  GchFeedback *feedback = gch_change_get_feedback (change);
  g_autoptr(GPtrArray) records = NULL;

  if (feedback == NULL)
    return;

  records = g_ptr_array_new ();
  g_ptr_array_add (records, feedback);
  show_records (self, records, FALSE);
}

/**
 * gch_register_page_set_station:
 */
void
gch_register_page_set_station (GchRegisterPage *self,
                               GchStation      *station)
{
  g_return_if_fail (GCH_IS_REGISTER_PAGE (self));

  if (self->station == station)
    return;

  if (self->station != NULL)
    g_signal_handlers_disconnect_by_func (self->station, on_station_changed_cb, self);
  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_func (self->clock, gch_register_page_recompute, self);
  g_set_object (&self->station, station);
  g_clear_object (&self->clock);
  if (station == NULL)
    return;

  g_signal_connect_object (station, "changed", G_CALLBACK (on_station_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* A frozen clock that moves (the tests, the demo) recomputes at once. */
  self->clock = g_object_ref (gch_station_get_clock (station));
  g_signal_connect_object (self->clock, "changed", G_CALLBACK (gch_register_page_recompute), self,
                           G_CONNECT_SWAPPED);
  gch_register_page_refresh (self);
}

/**
 * gch_register_page_focus_search:
 *
 * Puts the keyboard in the search (Ctrl+F).
 */
void
gch_register_page_focus_search (GchRegisterPage *self)
{
  g_return_if_fail (GCH_IS_REGISTER_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * gch_register_page_focus:
 *
 * Puts the keyboard in the list, on the record chosen or the first one,
 * or in the search when the list is empty: what Ctrl+5 does.
 */
void
gch_register_page_focus (GchRegisterPage *self)
{
  g_return_if_fail (GCH_IS_REGISTER_PAGE (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->records_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * gch_register_page_select:
 * @id: a record's id
 *
 * Chooses the record, as a click on its row does.
 *
 * Returns: %TRUE if the record is in the list as filtered
 */
gboolean
gch_register_page_select (GchRegisterPage *self,
                          const char      *id)
{
  GListModel *model;

  g_return_val_if_fail (GCH_IS_REGISTER_PAGE (self), FALSE);

  model = G_LIST_MODEL (self->sorted);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GchRegisterItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gch_register_item_get_id (item), id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          on_selected_cb (self);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * gch_register_page_get_selected:
 *
 * Returns: (nullable): the id of the record shown in full
 */
const char *
gch_register_page_get_selected (GchRegisterPage *self)
{
  g_return_val_if_fail (GCH_IS_REGISTER_PAGE (self), NULL);

  return self->selected_id;
}

/**
 * gch_register_page_get_model:
 *
 * Returns: (transfer none): the records as the list shows them, filtered
 *   and in order (of #GchRegisterItem)
 */
GListModel *
gch_register_page_get_model (GchRegisterPage *self)
{
  g_return_val_if_fail (GCH_IS_REGISTER_PAGE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

/**
 * gch_register_page_get_contact_text:
 *
 * Returns: (nullable): what the contact row says once "Show Contact" read
 *   it, %NULL before
 */
const char *
gch_register_page_get_contact_text (GchRegisterPage *self)
{
  g_return_val_if_fail (GCH_IS_REGISTER_PAGE (self), NULL);

  return self->contact_text;
}

/* The detail */

static GtkWidget *
history_row (const char *title,
             const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

typedef struct
{
  gint64     at;
  GtkWidget *row;
} Step;

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const Step *x = a, *y = b;

  return x->at < y->at ? -1 : x->at > y->at ? 1 : 0;
}

/* "Acknowledged by François Roux, 22/11/2026 at 10:30" when @by_title
 * (the step and who) is known; a step saved before who did it was
 * recorded says only when.
 */
static char *
step_title (GTimeZone  *zone,
            const char *step,
            const char *by_title,
            gint64      at)
{
  g_autofree char *when = format_moment (zone, at);

  /* Translators: a step of a record, and when: "Closed, 22/11/2026 at 10:30";
   * the step may say who: "Closed by François Roux, 22/11/2026 at 10:30"
   */
  return g_strdup_printf (_("%s, %s"), by_title != NULL ? by_title : step, when);
}

static void
show_history (GchRegisterPage *self,
              GchFeedback     *feedback,
              GTimeZone       *zone)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->history_list, 0)) != NULL)
    gtk_list_box_remove (self->history_list, GTK_WIDGET (row));

  /* Who logged it, when known: records saved before say nothing of it. */
  if (gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_RECEIVED) != NULL)
    {
      g_autofree char *when = format_moment (zone, gch_feedback_get_received_at (feedback));
      /* Translators: who logged a record, and when: "Logged by François Roux, 22/11/2026 at 10:30" */
      g_autofree char *title = g_strdup_printf (_("Logged by %s, %s"),
                                                agent_name (self, gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_RECEIVED)),
                                                when);
      Step step = { gch_feedback_get_received_at (feedback), history_row (title, NULL) };

      g_array_append_val (steps, step);
    }
  if (gch_feedback_get_acknowledged_at (feedback) > 0)
    {
      const char *by = gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_ACKNOWLEDGED);
      /* Translators: who did a step: "Acknowledged by François Roux" */
      g_autofree char *who = by != NULL ? g_strdup_printf (_("Acknowledged by %s"), agent_name (self, by)) : NULL;
      g_autofree char *title = step_title (zone, _("Acknowledged"), who, gch_feedback_get_acknowledged_at (feedback));
      Step step = { gch_feedback_get_acknowledged_at (feedback), history_row (title, NULL) };

      g_array_append_val (steps, step);
    }
  if (gch_feedback_get_started_at (feedback) > 0)
    {
      const char *by = gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_IN_PROGRESS);
      /* Translators: who did a step: "Acknowledged by François Roux" */
      g_autofree char *who = by != NULL ? g_strdup_printf (_("Started by %s"), agent_name (self, by)) : NULL;
      g_autofree char *title = step_title (zone, _("Started"), who, gch_feedback_get_started_at (feedback));
      Step step = { gch_feedback_get_started_at (feedback), history_row (title, NULL) };

      g_array_append_val (steps, step);
    }
  for (guint i = 0; i < gch_feedback_get_n_forwards (feedback); i++)
    {
      const GchFeedbackForward *forward = gch_feedback_get_forward (feedback, i);
      g_autofree char *when = format_moment (zone, forward->at);
      /* Translators: where a record was forwarded: "Forwarded to Titres" */
      g_autofree char *title = g_strdup_printf (_("Forwarded to %s"), forward->to);
      /* Translators: who forwarded a record, and when: "by François Roux, 22/11/2026 at 10:42" */
      g_autofree char *by = g_strdup_printf (_("by %s, %s"), agent_name (self, forward->by), when);
      /* Translators: who forwarded a record and when, then the note for the
       * service: "by François Roux, 22/11/2026 at 10:42 — Note: Call her back"
       */
      g_autofree char *subtitle = forward->note != NULL
                                  ? g_strdup_printf (_("%s — Note: %s"), by, forward->note)
                                  : g_strdup (by);
      Step step = { forward->at, history_row (title, subtitle) };

      g_array_append_val (steps, step);
    }
  for (guint i = 0; i < gch_feedback_get_n_answers (feedback); i++)
    {
      const GchFeedbackAnswer *answer = gch_feedback_get_answer (feedback, i);
      g_autofree char *when = format_moment (zone, answer->at);
      /* Translators: who answered, and when: "Answered by François Roux, 22/11/2026 at 10:42" */
      g_autofree char *title = g_strdup_printf (_("Answered by %s, %s"),
                                                agent_name (self, answer->author), when);
      Step step = { answer->at, history_row (title, answer->text) };

      g_array_append_val (steps, step);
    }
  if (gch_feedback_get_closed_at (feedback) > 0)
    {
      const char *by = gch_feedback_get_done_by (feedback, GCH_FEEDBACK_STATUS_CLOSED);
      /* Translators: who did a step: "Acknowledged by François Roux" */
      g_autofree char *who = by != NULL ? g_strdup_printf (_("Closed by %s"), agent_name (self, by)) : NULL;
      g_autofree char *title = step_title (zone, C_("feedback status", "Closed"), who, gch_feedback_get_closed_at (feedback));
      Step step = { gch_feedback_get_closed_at (feedback), history_row (title, NULL) };

      g_array_append_val (steps, step);
    }

  /* In the order it happened; a stable sort keeps same-second steps in order. */
  g_array_sort (steps, compare_steps);
  for (guint i = 0; i < steps->len; i++)
    gtk_list_box_append (self->history_list, g_array_index (steps, Step, i).row);
}

static char *
describe_visit (GchRegisterPage *self,
                GchFeedback     *feedback)
{
  GchDay *day = gch_station_get_day (self->station);
  const char *code = gch_feedback_get_service (feedback);
  GchService *service = day != NULL && code != NULL ? gch_day_find_service (day, code) : NULL;
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  g_autofree char *ticket = NULL;
  g_autofree char *guichet = NULL;

  if (gch_feedback_get_ticket (feedback) != NULL)
    {
      /* Translators: a ticket number, "Ticket A042" */
      ticket = g_strdup_printf (_("Ticket %s"), gch_feedback_get_ticket (feedback));
      g_strv_builder_add (parts, ticket);
    }
  if (code != NULL)
    g_strv_builder_add (parts, service != NULL ? gch_service_get_name (service) : code);
  if (gch_feedback_get_guichet (feedback) > 0)
    {
      guichet = g_strdup_printf (_("Guichet %u"), gch_feedback_get_guichet (feedback));
      g_strv_builder_add (parts, guichet);
    }
  if (gch_feedback_get_agent (feedback) != NULL)
    g_strv_builder_add (parts, agent_name (self, gch_feedback_get_agent (feedback)));

  list = g_strv_builder_end (parts);
  return list[0] != NULL ? g_strjoinv (" · ", list) : NULL;
}

static void
show_detail (GchRegisterPage *self)
{
  GchRegisterItem *item = selected_item (self);
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *when = NULL;
  g_autofree char *received = NULL;
  g_autofree char *date = NULL;
  g_autofree char *due = NULL;
  g_autofree char *visit = NULL;
  GchFeedback *feedback;
  GchFeedbackStatus status;
  GchUrgency urgency;
  const char *flag;

  if (item == NULL || self->station == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  feedback = gch_register_item_get_feedback (item);
  status = gch_feedback_get_status (feedback);
  urgency = gch_register_item_get_urgency (item);
  zone = dup_time_zone (self);

  /* Translators: a record's kind, channel and category: "Complaint · Letter · Waiting time" */
  kind = g_strdup_printf (_("%s · %s · %s"), gch_feedback_kind_to_label (gch_feedback_get_kind (feedback)),
                          gch_feedback_channel_to_label (gch_feedback_get_channel (feedback)),
                          gch_feedback_category_to_label (gch_feedback_get_category (feedback)));
  when = format_moment (zone, gch_feedback_get_received_at (feedback));
  /* Translators: when a record was received: "Received 22/11/2026 at 10:42" */
  received = g_strdup_printf (_("Received %s"), when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), kind);
  adw_action_row_set_subtitle (self->kind_row, received);
  date = gch_format_date (gch_feedback_get_due_date (feedback));
  /* Translators: the date an answer is due by */
  due = g_strdup_printf (_("Due %s"), date);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 gch_feedback_status_to_label (status));
  adw_action_row_set_subtitle (self->status_row,
                               gch_feedback_get_answer_required (feedback)
                               ? due : _("No answer is owed."));
  flag = gch_urgency_to_label (urgency);
  gtk_label_set_label (self->due_flag_label, flag != NULL ? flag : "");
  gtk_widget_set_visible (GTK_WIDGET (self->due_flag_label), flag != NULL);
  if (urgency == GCH_URGENCY_OVERDUE)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->due_flag_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->due_flag_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->due_flag_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->due_flag_label), "warning");
    }
  gtk_label_set_label (self->description_label, gch_feedback_get_description (feedback));

  visit = describe_visit (self, feedback);
  gtk_widget_set_visible (self->visit_group, visit != NULL);
  adw_action_row_set_subtitle (self->visit_row, visit != NULL ? visit : "");

  adw_action_row_set_subtitle (self->contact_row,
                               self->contact_reading ? _("Reading…")
                               : self->contact_text != NULL ? self->contact_text
                               : _("Personal data: each reading is recorded."));
  /* Offline, it can be tried again once the station is back online. */
  gtk_widget_set_visible (self->contact_button,
                          !self->contact_reading &&
                          (self->contact_text == NULL || self->contact_offline));
  gtk_widget_set_visible (GTK_WIDGET (self->contact_spinner), self->contact_reading);
  gtk_spinner_set_spinning (self->contact_spinner, self->contact_reading);

  /* Only the steps the workflow allows now. */
  gtk_widget_set_visible (self->acknowledge_button,
                          gch_feedback_status_allows (status, GCH_FEEDBACK_STATUS_ACKNOWLEDGED));
  gtk_widget_set_visible (self->start_button,
                          gch_feedback_status_allows (status, GCH_FEEDBACK_STATUS_IN_PROGRESS));
  gtk_widget_set_visible (self->forward_button, status != GCH_FEEDBACK_STATUS_CLOSED);
  gtk_widget_set_visible (self->answer_button,
                          gch_feedback_status_allows (status, GCH_FEEDBACK_STATUS_ANSWERED));
  gtk_widget_set_visible (self->close_button,
                          gch_feedback_status_allows (status, GCH_FEEDBACK_STATUS_CLOSED) &&
                          (!gch_feedback_get_answer_required (feedback) ||
                           status == GCH_FEEDBACK_STATUS_ANSWERED));

  show_history (self, feedback, zone);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

/* The workflow */

static void
acted_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GchRegisterPage) self = user_data;
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;

  /* The station's "changed" shows the record as it is now. */
  if (!(change = gch_station_submit_finish (GCH_STATION (object), result, &error)) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
act (GtkWidget  *widget,
     const char *action_name,
     GVariant   *parameter)
{
  GchRegisterPage *self = GCH_REGISTER_PAGE (widget);
  GchRegisterItem *item = selected_item (self);
  GchRequest request = { 0 };

  if (item == NULL || self->station == NULL)
    return;

  request.action = g_str_equal (action_name, "register.acknowledge") ? GCH_ACTION_ACKNOWLEDGE_FEEDBACK
                 : g_str_equal (action_name, "register.start") ? GCH_ACTION_START_FEEDBACK
                 : GCH_ACTION_CLOSE_FEEDBACK;
  request.feedback = gch_register_item_get_feedback (item);
  /* The history names the agent, not the station. */
  request.agent = agent_id (self);
  gch_station_submit (self->station, &request, self->cancellable, acted_cb, g_object_ref (self));
}

/* The forward and answer dialogs */

typedef struct
{
  GchRegisterPage *self;
  GtkWindow       *window;
  GchAction        action;
  char            *id;
  GStrv            services;   /* the names offered, for a forward */
  AdwComboRow     *service_row;
  AdwEntryRow     *note_row;
  GtkTextView     *text_view;
  GtkLabel        *error_label;
  GtkWidget       *ok_button;
} ActDialog;

static void
act_dialog_free (ActDialog *dialog)
{
  g_clear_object (&dialog->self);
  g_free (dialog->id);
  g_strfreev (dialog->services);
  g_free (dialog);
}

static void
dialog_acted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  ActDialog *dialog = g_object_get_data (G_OBJECT (window), "dialog");
  g_autoptr(GchChange) change = NULL;
  g_autoptr(GError) error = NULL;

  change = gch_station_submit_finish (GCH_STATION (object), result, &error);
  if (dialog == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (dialog->ok_button, TRUE);
  if (change == NULL)
    {
      /* The dialog stays, with what was typed, and says why. */
      gtk_label_set_label (dialog->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (dialog->error_label), TRUE);
      return;
    }
  gtk_window_destroy (window);
}

static void
on_dialog_ok_cb (GtkButton *button,
                 ActDialog *dialog)
{
  GchRegisterItem *item = g_hash_table_lookup (dialog->self->items, dialog->id);
  g_autofree char *text = NULL;
  g_autofree char *to = NULL;
  g_autofree char *note_text = NULL;
  GchRequest request = { .action = dialog->action };

  if (item == NULL || dialog->self->station == NULL)
    return;

  request.feedback = gch_register_item_get_feedback (item);
  /* The history names the agent, not the station. */
  request.agent = agent_id (dialog->self);
  if (dialog->action == GCH_ACTION_FORWARD_FEEDBACK)
    {
      guint chosen = adw_combo_row_get_selected (dialog->service_row);
      const char *service = chosen < g_strv_length (dialog->services) ? dialog->services[chosen] : "";
      g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (dialog->note_row))));

      /* The note travels apart from the service it goes to. */
      to = g_strdup (service);
      request.forward_to = to;
      request.forward_note = note_text = g_steal_pointer (&note);
    }
  else
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (dialog->text_view);
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      request.answer = text;
    }

  gtk_widget_set_visible (GTK_WIDGET (dialog->error_label), FALSE);
  gtk_widget_set_sensitive (dialog->ok_button, FALSE);
  gch_station_submit (dialog->self->station, &request, dialog->self->cancellable, dialog_acted_cb,
                      g_object_ref (dialog->window));
}

static gboolean
activate_widget_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  return gtk_widget_activate (GTK_WIDGET (user_data));
}

/* Escape cancels; Ctrl+Enter does it, caught before the answer's text
 * view, which would take it for a new line.
 */
static void
add_dialog_shortcuts (GtkWidget *window,
                      GtkWidget *ok_button)
{
  GtkEventController *escape = gtk_shortcut_controller_new ();
  GtkEventController *save = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, escape);

  gtk_event_controller_set_propagation_phase (save, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (save),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                            "<Control>Return|<Control>KP_Enter"),
                                                          gtk_callback_action_new (activate_widget_cb,
                                                                                   ok_button, NULL)));
  gtk_widget_add_controller (window, save);
  /* Translators: the shortcut of a dialog's button */
  gtk_widget_set_tooltip_text (ok_button, _("Ctrl+Enter"));
}

static void
open_dialog (GchRegisterPage *self,
             GchAction        action)
{
  GchRegisterItem *item = selected_item (self);
  GchDay *day = self->station != NULL ? gch_station_get_day (self->station) : NULL;
  GtkWidget *window, *toolbar, *header, *box, *group, *cancel, *label;
  ActDialog *dialog;
  gboolean forward = action == GCH_ACTION_FORWARD_FEEDBACK;

  if (item == NULL || day == NULL)
    return;

  dialog = g_new0 (ActDialog, 1);
  dialog->self = g_object_ref (self);
  dialog->action = action;
  dialog->id = g_strdup (gch_register_item_get_id (item));

  window = adw_window_new ();
  dialog->window = GTK_WINDOW (window);
  g_object_set_data_full (G_OBJECT (window), "dialog", dialog, (GDestroyNotify) act_dialog_free);
  gtk_window_set_title (GTK_WINDOW (window), forward ? _("Forward the Record") : _("Answer the Record"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_default_size (GTK_WINDOW (window), 520, -1);

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  dialog->ok_button = gtk_button_new_with_mnemonic (forward ? _("_Forward") : _("_Answer"));
  gtk_widget_add_css_class (dialog->ok_button, "suggested-action");
  g_signal_connect (dialog->ok_button, "clicked", G_CALLBACK (on_dialog_ok_cb), dialog);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), dialog->ok_button);
  gtk_box_append (GTK_BOX (toolbar), header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  group = adw_preferences_group_new ();
  gtk_box_append (GTK_BOX (box), group);

  if (forward)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      g_autoptr(GStrvBuilder) services = g_strv_builder_new ();

      for (guint i = 0; i < day->services->len; i++)
        {
          const char *name = gch_service_get_name (g_ptr_array_index (day->services, i));

          gtk_string_list_append (names, name);
          g_strv_builder_add (services, name);
        }
      dialog->services = g_strv_builder_end (services);
      dialog->service_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->service_row), _("_Service"));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (dialog->service_row), TRUE);
      adw_combo_row_set_model (dialog->service_row, G_LIST_MODEL (names));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->service_row));
      dialog->note_row = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->note_row), _("_Note for the service"));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (dialog->note_row), TRUE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->note_row));
    }
  else
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("The answer given to the person"));
      dialog->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
      gtk_text_view_set_wrap_mode (dialog->text_view, GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_top_margin (dialog->text_view, 8);
      gtk_text_view_set_bottom_margin (dialog->text_view, 8);
      gtk_text_view_set_left_margin (dialog->text_view, 8);
      gtk_text_view_set_right_margin (dialog->text_view, 8);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dialog->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The answer given to the person"), -1);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (dialog->text_view));
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
      gtk_widget_add_css_class (scrolled, "card");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), scrolled);
    }

  label = gtk_label_new (NULL);
  dialog->error_label = GTK_LABEL (label);
  gtk_label_set_wrap (dialog->error_label, TRUE);
  gtk_label_set_xalign (dialog->error_label, 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why it was not saved"), -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (toolbar), box);

  adw_window_set_content (ADW_WINDOW (window), toolbar);
  add_dialog_shortcuts (window, dialog->ok_button);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (forward ? GTK_WIDGET (dialog->service_row) : GTK_WIDGET (dialog->text_view));
}

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_dialog (GCH_REGISTER_PAGE (widget), GCH_ACTION_FORWARD_FEEDBACK);
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_dialog (GCH_REGISTER_PAGE (widget), GCH_ACTION_ANSWER_FEEDBACK);
}

/* The contact */

typedef struct
{
  GchStore     *store;
  char         *id;
  char         *reader;
  GchAgentRole  role;
  gint64        now;
  gboolean      at_server;   /* out: this station does not keep it */
} ContactRead;

static void
contact_read_free (ContactRead *read)
{
  g_clear_object (&read->store);
  g_free (read->id);
  g_free (read->reader);
  g_free (read);
}

/* The one place the page reads a person's contact from this station's
 * database, in a worker, the reading saved as an event by the store. A
 * record logged at another station has no contact here, although the
 * person gave one: it is left for the server (read->at_server), and no
 * event is saved here, the server records its own.
 */
static void
read_contact_in_worker (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  ContactRead *read = task_data;
  g_autoptr(GchFeedback) feedback = NULL;
  GError *error = NULL;
  gboolean here = FALSE;

  if (!(feedback = gch_store_load_feedback (read->store, read->id, &error)) ||
      !gch_store_has_feedback_contact (read->store, read->id, &here, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!here && gch_feedback_get_consent (feedback))
    {
      read->at_server = TRUE;
      g_task_return_pointer (task, g_steal_pointer (&feedback), g_object_unref);
      return;
    }
  if (!gch_store_read_feedback_contact (read->store, feedback, read->reader, read->role, read->now,
                                        &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&feedback), g_object_unref);
}

/* What the contact row says of @feedback, once read here or at the server. */
static void
show_contact (GchRegisterPage *self,
              GchFeedback     *feedback)
{
  g_autoptr(GStrvBuilder) lines = NULL;
  g_auto(GStrv) list = NULL;

  self->contact_reading = FALSE;
  self->contact_offline = FALSE;
  g_free (self->contact_text);
  if (!gch_feedback_has_contact (feedback))
    self->contact_text = g_strdup (gch_feedback_get_consent (feedback)
                                   ? _("The contact was erased once kept long enough.")
                                   : _("The person gave no contact."));
  else
    {
      lines = g_strv_builder_new ();
      if (gch_feedback_get_contact_name (feedback) != NULL)
        g_strv_builder_add (lines, gch_feedback_get_contact_name (feedback));
      if (gch_feedback_get_contact_email (feedback) != NULL)
        g_strv_builder_add (lines, gch_feedback_get_contact_email (feedback));
      if (gch_feedback_get_contact_phone (feedback) != NULL)
        g_strv_builder_add (lines, gch_feedback_get_contact_phone (feedback));
      list = g_strv_builder_end (lines);
      self->contact_text = g_strjoinv ("\n", list);
    }
  show_detail (self);
}

typedef struct
{
  GchRegisterPage *self;
  GchFeedback     *feedback;   /* gets the contact, in memory only */
} ContactFetch;

static void
contact_fetch_free (ContactFetch *fetch)
{
  g_clear_object (&fetch->self);
  g_clear_object (&fetch->feedback);
  g_free (fetch);
}

static void
contact_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ContactFetch *fetch = user_data;
  GchRegisterPage *self = fetch->self;
  g_autoptr(GError) error = NULL;
  gboolean read;

  read = gch_sync_controller_fetch_feedback_contact_finish (GCH_SYNC_CONTROLLER (object), result,
                                                            &error);
  /* Another record was chosen meanwhile, or the page went. */
  if (g_cancellable_is_cancelled (self->cancellable) || !self->contact_reading ||
      g_strcmp0 (gch_feedback_get_id (fetch->feedback), self->selected_id) != 0)
    {
      contact_fetch_free (fetch);
      return;
    }

  if (read)
    show_contact (self, fetch->feedback);
  else if (g_error_matches (error, GCH_ERROR, GCH_ERROR_OFFLINE) ||
           g_error_matches (error, GCH_ERROR, GCH_ERROR_UNREACHABLE))
    {
      self->contact_reading = FALSE;
      self->contact_offline = TRUE;
      g_free (self->contact_text);
      self->contact_text = g_strdup (_("The contact is kept at the server: it can be read when "
                                       "the station is online."));
      show_detail (self);
    }
  else
    {
      self->contact_reading = FALSE;
      show_detail (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
    }
  contact_fetch_free (fetch);
}

/* privacy: the contact of a record logged at another station is read at
 * the server, which records the reading; it is never written here.
 */
static void
fetch_contact (GchRegisterPage *self,
               GchFeedback     *feedback)
{
  GchApplication *application = find_application (self);
  GchSyncController *sync = application != NULL ? gch_application_get_sync (application) : NULL;
  ContactFetch *fetch;

  self->contact_reading = TRUE;
  self->contact_offline = FALSE;
  g_clear_pointer (&self->contact_text, g_free);
  show_detail (self);
  if (sync == NULL)
    {
      /* No sync at all: this station works without a server. */
      self->contact_reading = FALSE;
      self->contact_offline = TRUE;
      self->contact_text = g_strdup (_("The contact is kept at the server: it can be read when "
                                       "the station is online."));
      show_detail (self);
      return;
    }

  fetch = g_new0 (ContactFetch, 1);
  fetch->self = g_object_ref (self);
  fetch->feedback = g_object_ref (feedback);
  gch_sync_controller_fetch_feedback_contact_async (sync, feedback, contact_fetched_cb, fetch);
}

static void
contact_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GchRegisterPage *self = GCH_REGISTER_PAGE (object);
  ContactRead *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(GchFeedback) feedback = NULL;
  g_autoptr(GError) error = NULL;

  if (!(feedback = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  /* Another record was chosen meanwhile: its contact is not this one. */
  if (g_strcmp0 (gch_feedback_get_id (feedback), self->selected_id) != 0)
    return;

  if (read->at_server)
    fetch_contact (self, feedback);
  else
    show_contact (self, feedback);
}

static void
show_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GchRegisterPage *self = GCH_REGISTER_PAGE (widget);
  GchAgent *agent = find_agent (self);
  g_autoptr(GTask) task = NULL;
  ContactRead *read;

  if (selected_item (self) == NULL || self->station == NULL || self->contact_reading)
    return;
  if (agent == NULL || !gch_agent_role_reads_personal_data (gch_agent_get_role (agent)))
    {
      toast (self, _("Only a supervisor or the quality referent can read a person’s contact "
                     "details."));
      return;
    }

  read = g_new0 (ContactRead, 1);
  read->store = g_object_ref (gch_station_get_store (self->station));
  read->id = g_strdup (self->selected_id);
  read->reader = g_strdup (gch_agent_get_id (agent));
  read->role = gch_agent_get_role (agent);
  read->now = now (self);
  task = g_task_new (self, self->cancellable, contact_read_cb, NULL);
  g_task_set_source_tag (task, show_contact_action);
  g_task_set_task_data (task, read, (GDestroyNotify) contact_read_free);
  g_task_run_in_thread (task, read_contact_in_worker);
}

/* GObject */

static void
gch_register_page_dispose (GObject *object)
{
  GchRegisterPage *self = (GchRegisterPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->minute_source, g_source_remove);
  gch_register_page_set_station (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_REGISTER_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_object (&self->records);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->contact_text, g_free);

  G_OBJECT_CLASS (gch_register_page_parent_class)->dispose (object);
}

static void
gch_register_page_class_init (GchRegisterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_register_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/guichet/Guichet/ui/gch-register-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, urgent_toggle);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, records_view);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, workflow_box);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, acknowledge_button);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, forward_button);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, answer_button);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, close_button);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, due_flag_label);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, visit_group);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, visit_row);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, contact_row);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, contact_button);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, contact_spinner);
  gtk_widget_class_bind_template_child (widget_class, GchRegisterPage, history_list);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_unbind_cb);

  gtk_widget_class_install_action (widget_class, "register.acknowledge", NULL, act);
  gtk_widget_class_install_action (widget_class, "register.start", NULL, act);
  gtk_widget_class_install_action (widget_class, "register.close", NULL, act);
  gtk_widget_class_install_action (widget_class, "register.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "register.answer", NULL, answer_action);
  gtk_widget_class_install_action (widget_class, "register.show-contact", NULL, show_contact_action);
}

static void
gch_register_page_init (GchRegisterPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  AdwActionRow *rows[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->records = g_list_store_new (GCH_TYPE_REGISTER_ITEM);
  self->search = g_strdup ("");

  gtk_string_list_append (kinds, _("All Kinds"));
  for (int kind = GCH_FEEDBACK_KIND_SUGGESTION; kind <= GCH_FEEDBACK_KIND_COMPLIMENT; kind++)
    gtk_string_list_append (kinds, gch_feedback_kind_to_label (kind));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  gtk_string_list_append (statuses, _("All Statuses"));
  /* Translators: the records not closed yet */
  gtk_string_list_append (statuses, C_("feedback status", "Open"));
  for (int status = GCH_FEEDBACK_STATUS_RECEIVED; status <= GCH_FEEDBACK_STATUS_CLOSED; status++)
    gtk_string_list_append (statuses, gch_feedback_status_to_label (status));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  /* Filter, then order what is left: most urgent first. */
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->sorter = gtk_custom_sorter_new (compare_items, NULL, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->records)),
                                              GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), GTK_SORTER (self->sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->records_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (on_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->records_view, "activate", G_CALLBACK (on_activate_cb), self,
                           G_CONNECT_SWAPPED);

  /* The detail shows what people typed: never read as markup. */
  rows[0] = self->kind_row;
  rows[1] = self->status_row;
  rows[2] = self->visit_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (rows[i]), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->contact_row), FALSE);
  adw_action_row_set_subtitle_lines (self->contact_row, 0);

  self->minute_source = g_timeout_add_seconds (60, minute_cb, self);
  show_empty_state (self);
}
