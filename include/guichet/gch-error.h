/* gch-error.h
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GCH_ERROR (gch_error_quark ())

typedef enum
{
  GCH_ERROR_FAILED,
  GCH_ERROR_DATABASE,     /* SQLite failed, or the file is damaged */
  GCH_ERROR_NOT_GUICHET,  /* the file is not a Guichet database */
  GCH_ERROR_TOO_NEW,      /* written by a newer version of Guichet */
  GCH_ERROR_INVALID,      /* bad input: refused, nothing changed */
  GCH_ERROR_NOT_FOUND,
  GCH_ERROR_TRANSITION,   /* a change of state the graph does not allow */
  GCH_ERROR_CONFLICT,     /* the record changed since the action was decided */
  GCH_ERROR_CAP_REACHED,  /* the service's walk-in cap for the day is reached */
  GCH_ERROR_EMPTY,        /* nobody to call */
  GCH_ERROR_DUPLICATE,    /* an operation applied already */
  GCH_ERROR_AUTH,         /* the server wants a login */
  GCH_ERROR_CERTIFICATE,  /* the server's certificate is not trusted */
  GCH_ERROR_UNREACHABLE,  /* no answer from the server: work offline */
  GCH_ERROR_REFUSED,      /* the server said no, and why */
  GCH_ERROR_BEHIND,       /* the server no longer has the changes the station needs */
  GCH_ERROR_OFFLINE,      /* offline, only the server may decide this */
  GCH_ERROR_NO_TICKETS,   /* the station's ticket numbers are used up */
} GchError;

GQuark gch_error_quark (void);

G_END_DECLS
