-- Verified phones (issue 15): one account per verified phone. users.phone is the normalised
-- number (+8210XXXXXXXX) once verified, NULL before; the unique index decides between two
-- concurrent sign-ups with the same phone (NULLs do not collide on either dialect).
ALTER TABLE users ADD COLUMN phone TEXT;
CREATE UNIQUE INDEX users_phone ON users(phone);

-- A phone verification: a code sent to `phone` (its hash kept), tried at most a few times
-- before it expires; once the code is right, a proof (its hash kept) that a sign-up or an
-- account consumes once. remote_addr feeds the per-address limit on starting verifications.
CREATE TABLE phone_verifications (
  id BIGINT PRIMARY KEY,
  phone TEXT NOT NULL,
  remote_addr TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  proof_hash TEXT UNIQUE,
  proof_expires_at BIGINT,
  consumed_at BIGINT
);
CREATE INDEX phone_verifications_phone ON phone_verifications(phone, created_at);
CREATE INDEX phone_verifications_addr ON phone_verifications(remote_addr, created_at);

-- The client address an order came from: the per-address limit is rebuilt from it at start.
ALTER TABLE market_orders ADD COLUMN client_address TEXT NOT NULL DEFAULT '';

-- Suspicious patterns seen in a drop, for its managers: one row per (drop, rule, subject),
-- the subject being an address or an account; detail says what crossed the rule's threshold.
CREATE TABLE market_flags (
  id BIGINT PRIMARY KEY,
  drop_id BIGINT NOT NULL REFERENCES market_drops(id),
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  buyer_id BIGINT,
  detail TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (drop_id, kind, subject)
);
