-- Foundation: organisations, users and roles, sessions, API tokens, audit log,
-- programs, idempotency keys. Ids are application-generated time-ordered 64-bit integers;
-- times are UTC microseconds.

CREATE TABLE orgs (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('company', 'merchant', 'charity')),
  created_at BIGINT NOT NULL
);

CREATE TABLE users (
  id BIGINT PRIMARY KEY,
  org_id BIGINT REFERENCES orgs(id),  -- NULL for individual customers
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

-- program is '' for roles that are not per program.
CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'merchant', 'helper', 'customer', 'auditor')),
  program TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, role, program)
);

-- Only a hash of the session secret is stored, so a copy of the database opens no session.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_email TEXT,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  remote_addr TEXT NOT NULL,
  request_id TEXT NOT NULL,
  status INTEGER NOT NULL
);

CREATE TABLE programs (
  slug TEXT PRIMARY KEY,
  name_ko TEXT NOT NULL,
  name_en TEXT NOT NULL,
  summary_ko TEXT NOT NULL,
  summary_en TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'preparing', 'paused', 'ended')),
  starts_on TEXT,
  ends_on TEXT,
  sort_order INTEGER NOT NULL
);

-- A retried request with the same key returns the first answer (DESIGN.md section 5).
CREATE TABLE idempotency_keys (
  principal TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (principal, idem_key)
);

-- The audit log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
