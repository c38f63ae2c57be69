-- Ledger (issue 4): double-entry books for every won and every credit point.
-- The journal is three append-only tables sharing one sequence (seq) and one hash chain:
-- accounts opened, accounts closed, transfers. Balances and the head are derived state,
-- kept current by the ledger's single writer and recomputed by `ledger verify`.

CREATE TABLE ledger_ledgers (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);
INSERT INTO ledger_ledgers (id, unit, name) VALUES (1, 'KRW', 'Korean won'), (2, 'CREDIT', 'Donation-only credit points');

CREATE TABLE ledger_accounts (
  id BIGINT PRIMARY KEY,
  seq BIGINT NOT NULL UNIQUE,
  ledger INTEGER NOT NULL REFERENCES ledger_ledgers(id),
  code INTEGER NOT NULL,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('customer', 'merchant', 'charity', 'fund', 'program', 'company')),
  owner_ref TEXT NOT NULL,
  flags INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX ledger_accounts_owner ON ledger_accounts(owner_kind, owner_ref);

CREATE TABLE ledger_account_closures (
  account_id BIGINT PRIMARY KEY REFERENCES ledger_accounts(id),
  seq BIGINT NOT NULL UNIQUE,
  closed_at BIGINT NOT NULL,
  hash TEXT NOT NULL
);

CREATE TABLE ledger_transfers (
  seq BIGINT PRIMARY KEY,
  id BIGINT NOT NULL UNIQUE,
  debit_account_id BIGINT NOT NULL,
  credit_account_id BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  pending_id BIGINT NOT NULL,
  released BIGINT NOT NULL,
  ledger INTEGER NOT NULL,
  code INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  timeout_s BIGINT NOT NULL,
  reference TEXT NOT NULL,
  timestamp_us BIGINT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX ledger_transfers_debit ON ledger_transfers(debit_account_id, seq);
CREATE INDEX ledger_transfers_credit ON ledger_transfers(credit_account_id, seq);
CREATE INDEX ledger_transfers_pending ON ledger_transfers(pending_id) WHERE pending_id <> 0;
CREATE INDEX ledger_transfers_time ON ledger_transfers(timestamp_us);
-- The writer loads the open pendings at start: pending transfers no entry has resolved.
CREATE INDEX ledger_transfers_pendings ON ledger_transfers(id) WHERE (flags & 2) <> 0;

CREATE TABLE ledger_balances (
  account_id BIGINT PRIMARY KEY REFERENCES ledger_accounts(id),
  debits_pending BIGINT NOT NULL,
  debits_posted BIGINT NOT NULL,
  credits_pending BIGINT NOT NULL,
  credits_posted BIGINT NOT NULL
);

-- One row: the last journal entry. The writer locks it in every commit, so two writers
-- (two nodes on one PostgreSQL) never extend the chain from the same place.
CREATE TABLE ledger_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  timestamp_us BIGINT NOT NULL
);
INSERT INTO ledger_head (id, seq, hash, timestamp_us) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

-- The journal is append-only: corrections are new transfers.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
CREATE TRIGGER ledger_transfers_no_change BEFORE UPDATE OR DELETE ON ledger_transfers FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_accounts_no_change BEFORE UPDATE OR DELETE ON ledger_accounts FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_account_closures_no_change BEFORE UPDATE OR DELETE ON ledger_account_closures FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transfers_no_truncate BEFORE TRUNCATE ON ledger_transfers FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_account_closures_no_truncate BEFORE TRUNCATE ON ledger_account_closures FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
