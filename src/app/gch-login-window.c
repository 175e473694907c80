/* gch-login-window.c
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

#define G_LOG_DOMAIN "gch-login-window"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet.h"
#include "gch-login-window.h"
#include "gch-session.h"

/* The login to the booking server: its address, the agent and the
 * password; Enter logs in. The window stays usable while the server is
 * asked (the request is asynchronous) and says what went wrong in plain
 * words. The password is sent once and kept nowhere; the token goes to
 * the keyring (gch-session.c), and "logged-in" hands it to the app.
 */
struct _GchLoginWindow
{
  AdwWindow     parent_instance;

  /* Template Widgets */
  AdwEntryRow  *server_row;
  AdwEntryRow  *agent_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkButton    *log_in_button;
  GtkSpinner   *spinner;

  GCancellable *cancellable;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (GchLoginWindow, gch_login_window, ADW_TYPE_WINDOW)

enum {
  LOGGED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (GchLoginWindow *self,
          gboolean        busy)
{
  /* Fields made insensitive would lose the focus under the agent's
   * fingers: they only stop taking input while the server is asked.
   */
  self->busy = busy;
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->agent_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->log_in_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

/**
 * gch_login_window_show_error:
 * @message: (nullable): what went wrong, or %NULL to hide the message
 */
void
gch_login_window_show_error (GchLoginWindow *self,
                             const char     *message)
{
  g_return_if_fail (GCH_IS_LOGIN_WINDOW (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/**
 * gch_login_window_get_error:
 *
 * Returns: the message shown, or "" when none
 */
const char *
gch_login_window_get_error (GchLoginWindow *self)
{
  g_return_val_if_fail (GCH_IS_LOGIN_WINDOW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_label (self->error_label) : "";
}

static void
log_in_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GchLoginWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gch_session_log_in_finish (result, &error);
  g_autofree char *url = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (token == NULL)
    {
      /* The password is cleared first: changing a field hides the message. */
      if (g_error_matches (error, GCH_ERROR, GCH_ERROR_AUTH))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      gch_login_window_show_error (self, error->message);
      return;
    }

  url = gch_session_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
  g_signal_emit (self, signals[LOGGED_IN], 0, url,
                 g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->agent_row)))),
                 token);
  gtk_window_close (GTK_WINDOW (self));
}

static void
log_in (GchLoginWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *agent = gtk_editable_get_text (GTK_EDITABLE (self->agent_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->busy)
    return;

  if (*url == '\0' || *agent == '\0' || *password == '\0')
    {
      gch_login_window_show_error (self, _("Enter the server’s address, your agent name and "
                                           "your password."));
      gtk_widget_grab_focus (GTK_WIDGET (*url == '\0' ? self->server_row
                                         : *agent == '\0' ? self->agent_row
                                         : self->password_row));
      return;
    }

  gch_login_window_show_error (self, NULL);
  set_busy (self, TRUE);
  gch_session_log_in_async (url, agent, password, self->cancellable, log_in_cb,
                            g_object_ref (self));
}

static void
on_entry_activated_cb (GchLoginWindow *self,
                       AdwEntryRow    *row)
{
  log_in (self);
}

static void
on_entry_changed_cb (GchLoginWindow *self,
                     GtkEditable    *editable)
{
  /* The message was about what the agent is now correcting. */
  if (!self->busy)
    gch_login_window_show_error (self, NULL);
}

static void
on_log_in_clicked_cb (GchLoginWindow *self,
                      GtkButton      *button)
{
  log_in (self);
}

static void
gch_login_window_dispose (GObject *object)
{
  GchLoginWindow *self = (GchLoginWindow *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GCH_TYPE_LOGIN_WINDOW);

  G_OBJECT_CLASS (gch_login_window_parent_class)->dispose (object);
}

static void
gch_login_window_class_init (GchLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gch_login_window_dispose;

  /**
   * GchLoginWindow::logged-in:
   * @server_url: the server
   * @agent: the agent's id
   * @token: the token, already in the keyring
   */
  signals[LOGGED_IN] =
    g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/guichet/Guichet/ui/gch-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GchLoginWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, GchLoginWindow, agent_row);
  gtk_widget_class_bind_template_child (widget_class, GchLoginWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, GchLoginWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, GchLoginWindow, log_in_button);
  gtk_widget_class_bind_template_child (widget_class, GchLoginWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_log_in_clicked_cb);
}

static void
gch_login_window_init (GchLoginWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * gch_login_window_new:
 * @parent: (nullable): the window it is over
 * @server_url: (nullable): the address to offer
 * @agent: (nullable): the agent to offer
 *
 * Returns: (transfer full): the login window; focus is on the first field
 *   to fill in
 */
GchLoginWindow *
gch_login_window_new (GtkWindow  *parent,
                      const char *server_url,
                      const char *agent)
{
  GchLoginWindow *self = g_object_new (GCH_TYPE_LOGIN_WINDOW,
                                       "transient-for", parent,
                                       NULL);

  if (server_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url);
  if (agent != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->agent_row), agent);

  gtk_widget_grab_focus (GTK_WIDGET (server_url == NULL || *server_url == '\0' ? self->server_row
                                     : agent == NULL || *agent == '\0' ? self->agent_row
                                     : self->password_row));
  return self;
}
