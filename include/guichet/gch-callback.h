/* gch-callback.h: a person to call back, who left a phone number instead of waiting
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gch-types.h"

G_BEGIN_DECLS

#define GCH_TYPE_CALLBACK (gch_callback_get_type ())

G_DECLARE_FINAL_TYPE (GchCallback, gch_callback, GCH, CALLBACK, GObject)

const char        *gch_callback_get_id              (GchCallback       *self);
GchService        *gch_callback_get_service         (GchCallback       *self);
gint64             gch_callback_get_taken_at        (GchCallback       *self);
const char        *gch_callback_get_taken_by        (GchCallback       *self);
const char        *gch_callback_get_phone           (GchCallback       *self);
void               gch_callback_set_phone           (GchCallback       *self,
                                                     const char        *phone);
const char        *gch_callback_get_name            (GchCallback       *self);
void               gch_callback_set_name            (GchCallback       *self,
                                                     const char        *name);
GchCallbackStatus  gch_callback_get_status          (GchCallback       *self);
void               gch_callback_set_status          (GchCallback       *self,
                                                     GchCallbackStatus  status);
guint              gch_callback_get_attempts        (GchCallback       *self);
void               gch_callback_set_attempts        (GchCallback       *self,
                                                     guint              attempts);
gint64             gch_callback_get_last_attempt_at (GchCallback       *self);
void               gch_callback_set_last_attempt_at (GchCallback       *self,
                                                     gint64             at);
gint64             gch_callback_get_version         (GchCallback       *self);
void               gch_callback_set_version         (GchCallback       *self,
                                                     gint64             version);
gboolean           gch_callback_is_erased           (GchCallback       *self);

char              *gch_phone_normalize              (const char        *text,
                                                     GError           **error);

G_END_DECLS
