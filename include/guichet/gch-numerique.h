/* gch-numerique.h: the point numérique's register of help sessions
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A signature's strokes are points in a box this wide and high, whatever
 * the size of the pad it was drawn on.
 */
#define GCH_SIGNATURE_WIDTH      1000
#define GCH_SIGNATURE_HEIGHT     400
/* The most a signature may hold: a long one has a few hundred points. */
#define GCH_SIGNATURE_MAX_STROKES 100
#define GCH_SIGNATURE_MAX_POINTS  4000
/* The longest text of a signature read: the most points, spaced out. */
#define GCH_SIGNATURE_MAX_BYTES   (GCH_SIGNATURE_MAX_POINTS * 16 + GCH_SIGNATURE_MAX_STROKES * 4)
/* How long a name or a démarche may be, in characters. */
#define GCH_HELP_SESSION_MAX_TEXT 200

/**
 * GchSignaturePoint:
 * @x: from 0 to %GCH_SIGNATURE_WIDTH, left to right
 * @y: from 0 to %GCH_SIGNATURE_HEIGHT, top to bottom
 */
typedef struct
{
  int x;
  int y;
} GchSignaturePoint;

/**
 * GchHelpSession:
 * @id: the session's UUID
 * @day: its date, YYYY-MM-DD
 * @at: when it was logged, in seconds since the epoch
 * @name: (nullable): the person helped; %NULL once erased
 * @demarche: what they were helped with
 * @mediator: the agent who helped
 * @on_paper: whether the person signed the paper register instead
 * @drawn: whether a signature was drawn (it may since have been erased)
 * @erased: whether the name and signature were erased after the
 *   retention period
 *
 * One line of the point numérique's register. The strokes are not here:
 * reading them is an action of its own (gch_store_dup_signature()).
 */
typedef struct
{
  char     *id;
  char     *day;
  gint64    at;
  char     *name;
  char     *demarche;
  char     *mediator;
  gboolean  on_paper;
  gboolean  drawn;
  gboolean  erased;
} GchHelpSession;

void          gch_help_session_free         (GchHelpSession *session);

char         *gch_signature_normalize       (const char     *strokes,
                                             GError        **error);
GPtrArray    *gch_signature_parse           (const char     *strokes,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GchHelpSession, gch_help_session_free)

G_END_DECLS
