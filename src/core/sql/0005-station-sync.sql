-- 0005-station-sync.sql: what a station keeps of its sync with the server.
-- SPDX-License-Identifier: GPL-3.0-or-later

-- Where the station is in the server's change feed.
CREATE TABLE sync_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  cursor       INTEGER NOT NULL DEFAULT 0,
  last_push    INTEGER,
  last_pull    INTEGER
);
INSERT INTO sync_state (id) VALUES (1);

-- Operations the server refused: kept, with what it said, until the agent
-- has seen them. Nothing is dropped in silence.
CREATE TABLE conflict (
  uuid         TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  record_kind  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  status       TEXT NOT NULL,
  message      TEXT,
  at           INTEGER NOT NULL,
  seen         INTEGER NOT NULL DEFAULT 0
);
