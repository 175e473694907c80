/* gch-clock.c
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

#define G_LOG_DOMAIN "gch-clock"

#include "config.h"

#include "gch-clock.h"

/* Nothing in Guichet reads the time of day but through a clock, so that
 * tests set the time, and the demo runs a day that starts at 10:30 whatever
 * the hour it is launched at.
 */
struct _GchClock
{
  GObject  parent_instance;

  gint64   offset;   /* seconds added to the system time */
  gint64   frozen;   /* when not 0, the time it always says */
};

G_DEFINE_FINAL_TYPE (GchClock, gch_clock, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
gch_clock_class_init (GchClockClass *klass)
{
  /**
   * GchClock::changed:
   *
   * The time was set (a frozen clock moved), in the thread that set it:
   * what shows a due date or a wait computes it again at once.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gch_clock_init (GchClock *self)
{
}

/**
 * gch_clock_new_system:
 *
 * Returns: (transfer full): a clock that tells the system time
 */
GchClock *
gch_clock_new_system (void)
{
  return g_object_new (GCH_TYPE_CLOCK, NULL);
}

/**
 * gch_clock_new_starting:
 * @start: the time the clock says now, in seconds since the epoch
 *
 * Returns: (transfer full): a clock that says @start now and then runs at
 *   the system's pace
 */
GchClock *
gch_clock_new_starting (gint64 start)
{
  GchClock *self = gch_clock_new_system ();

  self->offset = start - g_get_real_time () / G_USEC_PER_SEC;

  return self;
}

/**
 * gch_clock_new_frozen:
 * @now: the time the clock always says, in seconds since the epoch
 *
 * Returns: (transfer full): a clock that does not run
 */
GchClock *
gch_clock_new_frozen (gint64 now)
{
  GchClock *self = gch_clock_new_system ();

  gch_clock_set_frozen (self, now);

  return self;
}

/**
 * gch_clock_now:
 *
 * Returns: the clock's time, in seconds since the epoch
 */
gint64
gch_clock_now (GchClock *self)
{
  g_return_val_if_fail (GCH_IS_CLOCK (self), 0);

  if (self->frozen != 0)
    return self->frozen;

  return g_get_real_time () / G_USEC_PER_SEC + self->offset;
}

void
gch_clock_set_frozen (GchClock *self,
                      gint64    now)
{
  g_return_if_fail (GCH_IS_CLOCK (self));
  g_return_if_fail (now > 0);

  if (self->frozen == now)
    return;

  self->frozen = now;
  g_signal_emit (self, signals[CHANGED], 0);
}
