-- 0008-feedback.sql: the suggestions and complaints register (issue 6,
-- Qual-e-pref 3.1/17). The person's contact exists only with their
-- consent and is erased past the retention period (RGPD); the anonymous
-- record stays for the figures.
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE TABLE feedback (
  id                 TEXT PRIMARY KEY,
  kind               TEXT NOT NULL,
  channel            TEXT NOT NULL,
  category           TEXT NOT NULL,
  received_at        INTEGER NOT NULL,
  description        TEXT NOT NULL CHECK (length (description) BETWEEN 1 AND 10000),
  ticket             TEXT,
  appointment        TEXT,
  service            TEXT,
  guichet            INTEGER,
  agent              TEXT,
  consent            INTEGER NOT NULL DEFAULT 0,
  contact_name       TEXT,
  contact_email      TEXT,
  contact_phone      TEXT,
  answer_required    INTEGER NOT NULL DEFAULT 1,
  status             TEXT NOT NULL DEFAULT 'received',
  due_date           TEXT,
  acknowledged_at    INTEGER,
  closed_at          INTEGER,
  contact_erased_at  INTEGER,
  version            INTEGER NOT NULL DEFAULT 1,
  CHECK (consent = 1 OR (contact_name IS NULL AND contact_email IS NULL AND
                         contact_phone IS NULL))
);
CREATE INDEX feedback_received ON feedback (received_at);
CREATE INDEX feedback_open ON feedback (status, due_date);
CREATE INDEX feedback_closed ON feedback (closed_at) WHERE contact_erased_at IS NULL;

-- Forwards and answers are kept in the order they were made.
CREATE TABLE feedback_forward (
  feedback_id  TEXT NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  by_whom      TEXT NOT NULL,
  to_whom      TEXT NOT NULL,
  at           INTEGER NOT NULL,
  PRIMARY KEY (feedback_id, position)
);

CREATE TABLE feedback_answer (
  feedback_id  TEXT NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  author       TEXT NOT NULL,
  text         TEXT NOT NULL CHECK (length (text) BETWEEN 1 AND 10000),
  at           INTEGER NOT NULL,
  PRIMARY KEY (feedback_id, position)
);
