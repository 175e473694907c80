-- 0004-sync.sql: what the server keeps for the stations' sync.
-- SPDX-License-Identifier: GPL-3.0-or-later

-- The operation (change uuid) that appended each event: a station that
-- pulls its own events back from the server recognises them.
ALTER TABLE event ADD COLUMN operation TEXT;
CREATE INDEX event_operation ON event (operation);

-- The server's change feed: every record an applied operation wrote, in
-- the order they were written; stations pull it after their cursor.
CREATE TABLE change_feed (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  day          TEXT NOT NULL,
  record_kind  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  operation    TEXT,
  body         TEXT NOT NULL
);

-- The server's answer to each operation it was sent, given again, the
-- same, when the operation comes again.
CREATE TABLE operation_result (
  uuid     TEXT PRIMARY KEY,
  status   TEXT NOT NULL,
  message  TEXT,
  at       INTEGER NOT NULL
);
