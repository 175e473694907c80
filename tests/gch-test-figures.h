/* gch-test-figures.h: days whose figures are known, written in a few words
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "guichet.h"

G_BEGIN_DECLS

/* A day of 2026-03-10 at the Préfecture de test (Europe/Paris) where known
 * things happened; test-figures.c computes its figures on paper.
 */
#define GCH_TEST_FIGURES_DAY \
  "p A001 titres 9:00 appt=R4 call=9:10 start=9:11 done=9:31 by=alice; " \
  "p A002 titres 9:20 call=10:00 start=10:01 done=10:11 by=bob; " \
  "p A003 titres 10:50 call=10:55 start=10:55 done=11:10 by=alice; " \
  "p P001 permis 9:30 call=9:40 start=9:41 transfer=9:45 by=bob; " \
  "p A004 titres 9:45 from=P001 call=9:50 start=9:50 done=10:05 by=alice; " \
  "p A005 titres 10:00 left=10:30; " \
  "p A006 titres 10:05 appt=R1 call=10:10 noshow=10:15 by=bob; " \
  "a R1 titres 10:00 no-show; a R2 permis 11:00 no-show; " \
  "a R3 permis 11:30 cancelled-by-person; a R4 titres 9:00 served; " \
  "m 10:20 affluence; m 11:30 normal"

GchDay *gch_test_figures_build_day      (const char *date,
                                         const char *setup);
GchDay *gch_test_figures_build_day_like (GchDay     *config,
                                         const char *date,
                                         const char *setup);

G_END_DECLS
