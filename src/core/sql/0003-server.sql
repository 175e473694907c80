-- 0003-server.sql: what only the central booking server fills in: the
-- agents' credentials and their sessions. A station's database has these
-- tables too, and leaves them empty.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Neither a password nor a token is ever stored: a password as its Argon2id
-- hash in the encoded form ($argon2id$v=19$m=…,t=…,p=…$salt$hash), which
-- carries its own salt and parameters; a token as the hex SHA-256 of the
-- token (it is 32 random bytes, so a plain hash is enough).

CREATE TABLE agent_credential (
  agent_id       TEXT PRIMARY KEY REFERENCES agent (id) ON DELETE CASCADE,
  password_hash  TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);

CREATE TABLE agent_session (
  token_hash  TEXT PRIMARY KEY CHECK (length (token_hash) = 64),
  agent_id    TEXT NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX agent_session_expiry ON agent_session (expires_at);
