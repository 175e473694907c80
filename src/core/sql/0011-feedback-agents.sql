-- 0011-feedback-agents.sql: who did each step of the suggestions and
-- complaints register (issue 6): the agent logged in, not the station.
-- A record saved before has none, and the history says so by saying
-- nothing of who. A forward's note is kept apart from the service it
-- went to; an older forward has none (its note, if any, is in to_whom).
-- SPDX-License-Identifier: GPL-3.0-or-later

ALTER TABLE feedback ADD COLUMN started_at INTEGER;
ALTER TABLE feedback ADD COLUMN logged_by TEXT;
ALTER TABLE feedback ADD COLUMN acknowledged_by TEXT;
ALTER TABLE feedback ADD COLUMN started_by TEXT;
ALTER TABLE feedback ADD COLUMN closed_by TEXT;

ALTER TABLE feedback_forward ADD COLUMN note TEXT
  CHECK (note IS NULL OR length (note) BETWEEN 1 AND 10000);
