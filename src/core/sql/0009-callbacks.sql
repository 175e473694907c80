-- 0009-callbacks.sql: the call-back list and the satisfaction rating.
-- SPDX-License-Identifier: GPL-3.0-or-later

-- The person's rating of a service (Qual-e-pref 3.2), anonymous:
-- 1 very satisfied, 2 satisfied, 3 not very satisfied, 4 not satisfied;
-- NULL when they gave none.
ALTER TABLE queue_entry ADD COLUMN satisfaction INTEGER
  CHECK (satisfaction BETWEEN 1 AND 4);

-- A person who left a phone number instead of waiting. The phone and the
-- name are personal data: NULL once erased past the retention period; the
-- row stays for the figures. Each attempt is an event of the record.
CREATE TABLE callback (
  id               TEXT PRIMARY KEY,
  day              TEXT NOT NULL,
  service          TEXT NOT NULL REFERENCES service (code),
  taken_at         INTEGER NOT NULL,
  taken_by         TEXT,
  phone            TEXT,
  name             TEXT,
  status           TEXT NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'called-back', 'appointment', 'no-answer')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_attempt_at  INTEGER,
  version          INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX callback_by_day ON callback (day, taken_at);
