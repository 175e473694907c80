-- 0001-initial.sql: the site's configuration, the day's appointments and
-- queue entries, and the append-only event history.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Times are seconds since the epoch (UTC); days are YYYY-MM-DD in the site's
-- time zone. Enumerations are stored by their nick.

CREATE TABLE site (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  timezone   TEXT NOT NULL,
  opens_at   INTEGER NOT NULL CHECK (opens_at BETWEEN 0 AND 1440),
  closes_at  INTEGER NOT NULL CHECK (closes_at BETWEEN 0 AND 1440),
  mode       TEXT NOT NULL DEFAULT 'normal'
);

CREATE TABLE service (
  code                  TEXT PRIMARY KEY,
  name                  TEXT NOT NULL,
  prefix                TEXT NOT NULL UNIQUE,
  typical_minutes       INTEGER NOT NULL CHECK (typical_minutes > 0),
  documents             TEXT NOT NULL DEFAULT '',
  walk_in_cap           INTEGER NOT NULL DEFAULT 0 CHECK (walk_in_cap >= 0),
  accepts_appointments  INTEGER NOT NULL DEFAULT 1,
  accepts_walk_ins      INTEGER NOT NULL DEFAULT 1,
  position              INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agent (
  id    TEXT PRIMARY KEY,
  name  TEXT NOT NULL,
  role  TEXT NOT NULL
);

CREATE TABLE guichet (
  number      INTEGER PRIMARY KEY CHECK (number > 0),
  label       TEXT NOT NULL,
  accessible  INTEGER NOT NULL DEFAULT 0,
  state       TEXT NOT NULL DEFAULT 'closed',
  agent_id    TEXT REFERENCES agent (id)
);

CREATE TABLE guichet_service (
  guichet   INTEGER NOT NULL REFERENCES guichet (number) ON DELETE CASCADE,
  service   TEXT NOT NULL REFERENCES service (code),
  position  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (guichet, service)
);

CREATE TABLE appointment (
  reference          TEXT PRIMARY KEY,
  day                TEXT NOT NULL,
  service            TEXT NOT NULL REFERENCES service (code),
  starts_at          INTEGER NOT NULL,
  duration_minutes   INTEGER NOT NULL CHECK (duration_minutes > 0),
  persons            INTEGER NOT NULL DEFAULT 1 CHECK (persons > 0),
  holder_name        TEXT NOT NULL,
  phone              TEXT,
  email              TEXT,
  dossier_number     TEXT,
  predemande_number  TEXT,
  status             TEXT NOT NULL DEFAULT 'booked',
  guichet            INTEGER,
  version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX appointment_day ON appointment (day, starts_at);

CREATE TABLE queue_entry (
  id           TEXT PRIMARY KEY,
  day          TEXT NOT NULL,
  ticket       TEXT NOT NULL,
  service      TEXT NOT NULL REFERENCES service (code),
  priority     TEXT NOT NULL DEFAULT 'none',
  arrived_at   INTEGER NOT NULL,
  state        TEXT NOT NULL DEFAULT 'waiting',
  guichet      INTEGER,
  appointment  TEXT REFERENCES appointment (reference),
  late         INTEGER NOT NULL DEFAULT 0,
  called_at    INTEGER,
  version      INTEGER NOT NULL DEFAULT 1,
  UNIQUE (day, ticket)
);
CREATE INDEX queue_entry_day ON queue_entry (day, arrived_at);

CREATE TABLE event (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  day          TEXT NOT NULL,
  record_kind  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  at           INTEGER NOT NULL,
  actor        TEXT,
  guichet      INTEGER,
  from_state   TEXT,
  to_state     TEXT NOT NULL,
  detail       TEXT
);
CREATE INDEX event_record ON event (record_kind, record_id);
CREATE INDEX event_day ON event (day, seq);
