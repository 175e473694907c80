/* gch-test-day.h: comparing days and their objects, field by field
 *
 * Copyright 2026 Guichet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "guichet.h"

G_BEGIN_DECLS

void gch_test_assert_strv_equal        (const char * const *a,
                                        const char * const *b);
void gch_test_assert_site_equal        (GchSite            *a,
                                        GchSite            *b);
void gch_test_assert_service_equal     (GchService         *a,
                                        GchService         *b);
void gch_test_assert_guichet_equal     (GchGuichet         *a,
                                        GchGuichet         *b);
void gch_test_assert_agent_equal       (GchAgent           *a,
                                        GchAgent           *b);
void gch_test_assert_appointment_equal (GchAppointment     *a,
                                        GchAppointment     *b);
void gch_test_assert_entry_equal       (GchQueueEntry      *a,
                                        GchQueueEntry      *b);
void gch_test_assert_event_equal       (GchEvent           *a,
                                        GchEvent           *b);
void gch_test_assert_days_equal        (GchDay             *expected,
                                        GchDay             *actual);

void        gch_test_remove_tree       (const char         *path);
GchStation *gch_test_new_demo_station  (const char         *dir,
                                        const char         *name,
                                        const char         *date);

G_END_DECLS
