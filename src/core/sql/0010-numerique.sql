-- 0010-numerique.sql: the point numérique's register of help sessions.
-- The signature is personal data: its strokes, and the person's name, are
-- erased after the retention period; the line stays, anonymous
-- (erased_at set).
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE TABLE help_session (
  id         TEXT PRIMARY KEY,
  day        TEXT NOT NULL,
  at         INTEGER NOT NULL,
  name       TEXT,
  demarche   TEXT NOT NULL,
  mediator   TEXT NOT NULL,
  signature  TEXT NOT NULL CHECK (signature IN ('drawn', 'paper')),
  strokes    TEXT,
  erased_at  INTEGER
);

CREATE INDEX help_session_day ON help_session (day, at);
