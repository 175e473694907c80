-- 0009-satisfaction.sql: the person's rating of a service (Qual-e-pref
-- 3.2), anonymous: 1 very satisfied, 2 satisfied, 3 not very satisfied,
-- 4 not satisfied; NULL when they gave none.
-- SPDX-License-Identifier: GPL-3.0-or-later

ALTER TABLE queue_entry ADD COLUMN satisfaction INTEGER
  CHECK (satisfaction BETWEEN 1 AND 4);
