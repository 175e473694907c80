-- 0007-thresholds.sql: per service, the thresholds past which the
-- supervisors are alerted and the policy suggests an affluence mode
-- (DESIGN.md §5).
-- SPDX-License-Identifier: GPL-3.0-or-later

ALTER TABLE service ADD COLUMN max_wait_minutes INTEGER NOT NULL DEFAULT 45
  CHECK (max_wait_minutes BETWEEN 1 AND 999);
ALTER TABLE service ADD COLUMN max_waiting_per_guichet INTEGER NOT NULL DEFAULT 8
  CHECK (max_waiting_per_guichet BETWEEN 1 AND 999);
