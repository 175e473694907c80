-- 0006-ticket-blocks.sql: ticket numbers reserved in blocks, and the
-- entries a station issued while offline (DESIGN.md §6).
-- SPDX-License-Identifier: GPL-3.0-or-later

-- A range of ticket numbers of one service's prefix for one day, given to
-- one station. On the server: every block it gave, so that none overlaps
-- another; on a station: the blocks it was given, which it numbers its new
-- entries from. A number of a block is used when an entry of the day has
-- it: the entry's own row is the use, written in the entry's transaction.
-- The uuid is the station's request: asked again, the same block is given.
CREATE TABLE ticket_block (
  uuid         TEXT PRIMARY KEY,
  day          TEXT NOT NULL,
  service      TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  first        INTEGER NOT NULL CHECK (first > 0),
  last         INTEGER NOT NULL CHECK (last >= first),
  reserved_at  INTEGER NOT NULL,
  actor        TEXT
);
CREATE INDEX ticket_block_day ON ticket_block (day, prefix, first);

-- The entries this station created while it was offline: it may call them
-- before the server is back, as well as those assigned to its guichet.
CREATE TABLE offline_entry (
  entry  TEXT PRIMARY KEY REFERENCES queue_entry (id) ON DELETE CASCADE,
  day    TEXT NOT NULL
);
