-- Happiness credit (issue 17): donation-only credit earned on partner shops' purchases and
-- donated at year end. Every point lives in the ledger (CREDIT ledger); these tables say why
-- each transfer was made. Partners sign their requests with a per-partner secret (HMAC-SHA256:
-- the server must keep the secret itself to check a signature; it is shown once on creation).
CREATE TABLE giving_partners (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  key_id TEXT NOT NULL UNIQUE,
  secret TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

-- A partner's earning rate from starts_at until the next row's starts_at (basis points of the
-- amount paid: 100 = 1 %).
CREATE TABLE giving_rates (
  partner_id BIGINT NOT NULL REFERENCES giving_partners(id),
  starts_at BIGINT NOT NULL,
  rate_bp INTEGER NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 10000),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (partner_id, starts_at)
);

-- One row per reported purchase, written before its transfer is sent (transfer_id chosen
-- here), so a retry or the repair job sends the same transfer again and the ledger answers
-- "exists". A cancellation writes reversed_points and its own transfer id once.
CREATE TABLE giving_purchases (
  id BIGINT PRIMARY KEY,
  partner_id BIGINT NOT NULL REFERENCES giving_partners(id),
  partner_purchase_id TEXT NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES users(id),
  amount_won BIGINT NOT NULL CHECK (amount_won > 0),
  at BIGINT NOT NULL,
  rate_bp INTEGER NOT NULL,
  credit_points BIGINT NOT NULL CHECK (credit_points >= 0),
  transfer_id BIGINT NOT NULL UNIQUE,
  posted INTEGER NOT NULL,
  cancelled_at BIGINT,
  reversed_points BIGINT NOT NULL DEFAULT 0,
  reversal_transfer_id BIGINT UNIQUE,
  reversal_posted INTEGER NOT NULL DEFAULT 1,  -- 0 only while a reversal is unconfirmed
  created_at BIGINT NOT NULL,
  UNIQUE (partner_id, partner_purchase_id)
);
CREATE INDEX giving_purchases_customer ON giving_purchases(customer_id, id);
CREATE INDEX giving_purchases_unposted ON giving_purchases(posted, reversal_posted);

-- Signatures accepted within the freshness window: the same signature twice is a replay.
CREATE TABLE giving_seen_signatures (
  signature TEXT PRIMARY KEY,
  partner_id BIGINT NOT NULL,
  seen_at BIGINT NOT NULL
);
CREATE INDEX giving_seen_signatures_at ON giving_seen_signatures(seen_at);

-- Refused partner requests (forged, stale, replayed, unknown key), for the program's managers.
CREATE TABLE giving_refusals (
  id BIGINT PRIMARY KEY,
  key_id TEXT NOT NULL,
  partner_id BIGINT,
  reason TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  remote TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX giving_refusals_at ON giving_refusals(at);

-- Causes: each is a charity organisation (orgs.kind = 'charity') with the name customers see.
-- default_share is its weight in the program's default split (0: only by choice).
CREATE TABLE giving_causes (
  id BIGINT PRIMARY KEY,
  org_id BIGINT NOT NULL UNIQUE REFERENCES orgs(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  default_share INTEGER NOT NULL CHECK (default_share >= 0 AND default_share <= 100),
  created_at BIGINT NOT NULL
);

-- A customer's chosen split (percent, adding up to 100); none: the program's default split.
CREATE TABLE giving_choices (
  customer_id BIGINT NOT NULL REFERENCES users(id),
  cause_id BIGINT NOT NULL REFERENCES giving_causes(id),
  share_percent INTEGER NOT NULL CHECK (share_percent > 0 AND share_percent <= 100),
  PRIMARY KEY (customer_id, cause_id)
);

-- A settlement donates every credit balance, a batch of customer accounts at a time; the
-- cursor (the last customer account planned) moves in the transaction that writes a batch's
-- plan, so a re-run after a crash goes on from there and first posts what was planned.
CREATE TABLE giving_settlements (
  id BIGINT PRIMARY KEY,
  period_end BIGINT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('running', 'done')),
  cursor_account_id BIGINT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);

-- What each customer's credit did: points donated to a cause (a customer's statement), with
-- the ledger transfer; and the company's won to each cause for a batch.
CREATE TABLE giving_statements (
  settlement_id BIGINT NOT NULL REFERENCES giving_settlements(id),
  customer_id BIGINT NOT NULL,
  cause_id BIGINT NOT NULL REFERENCES giving_causes(id),
  points BIGINT NOT NULL CHECK (points > 0),
  transfer_id BIGINT NOT NULL UNIQUE,
  account_id BIGINT NOT NULL,
  batch_no BIGINT NOT NULL,
  posted INTEGER NOT NULL,
  PRIMARY KEY (settlement_id, customer_id, cause_id)
);
CREATE INDEX giving_statements_customer ON giving_statements(customer_id, settlement_id);
CREATE INDEX giving_statements_unposted ON giving_statements(settlement_id, posted);
CREATE TABLE giving_payments (
  settlement_id BIGINT NOT NULL REFERENCES giving_settlements(id),
  batch_no BIGINT NOT NULL,
  cause_id BIGINT NOT NULL REFERENCES giving_causes(id),
  amount_won BIGINT NOT NULL CHECK (amount_won > 0),
  transfer_id BIGINT NOT NULL UNIQUE,
  posted INTEGER NOT NULL,
  PRIMARY KEY (settlement_id, batch_no, cause_id)
);
