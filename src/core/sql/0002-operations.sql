-- 0002-operations.sql: what the desk and the reception do during the day,
-- and the outbox of operations waiting to be sent to the booking server.
-- SPDX-License-Identifier: GPL-3.0-or-later

ALTER TABLE queue_entry ADD COLUMN transferred_from TEXT REFERENCES queue_entry (id);
ALTER TABLE queue_entry ADD COLUMN recalls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queue_entry ADD COLUMN outcome TEXT;
ALTER TABLE queue_entry ADD COLUMN notes TEXT;
ALTER TABLE queue_entry ADD COLUMN printed_at INTEGER;

-- One row per action of an agent, written in the same transaction as the
-- change it made. The uuid makes sending it again harmless; base_version is
-- the version of the record the action was decided on.
CREATE TABLE outbox (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid          TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL,
  record_kind   TEXT NOT NULL,
  record_id     TEXT NOT NULL,
  base_version  INTEGER NOT NULL,
  at            INTEGER NOT NULL,
  actor         TEXT,
  payload       TEXT NOT NULL
);
