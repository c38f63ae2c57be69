-- Outage compensation (issue 18). Terms versions are rows (the shipped ones are seeded by the
-- service by code); lines are the carrier's broadband subscriptions; an outage hits lines by
-- area or by id. What each outage owes each line is kept in outage_results (recomputed at each
-- settlement) and what was paid in outage_postings: one row per ledger transfer, signed (a
-- correction down is negative), never edited. The sum of the postings of an (outage, line,
-- kind) is what was paid; a settlement posts the difference to what is owed. seq makes two
-- settlers that computed the same difference collide on the key instead of paying twice.
CREATE TABLE outage_terms (
  id BIGINT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  effective_from BIGINT NOT NULL,
  named_only INTEGER NOT NULL,
  continuous_minutes_min INTEGER NOT NULL,
  monthly_cumulative_minutes_min INTEGER NOT NULL,
  any_interruption INTEGER NOT NULL,
  negligence_damages_any_length INTEGER NOT NULL,
  refund_pro_rata INTEGER NOT NULL,
  damages_multiple INTEGER NOT NULL,
  voluntary_multiple INTEGER NOT NULL,
  voluntary_basis TEXT NOT NULL CHECK (voluntary_basis IN ('line', 'event_longest')),
  voluntary_hours_rounded_up INTEGER NOT NULL,
  voluntary_fee_days INTEGER NOT NULL,
  small_merchant_fee_days INTEGER NOT NULL,
  small_merchant_fee_months INTEGER NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE outage_lines (
  id BIGINT PRIMARY KEY,
  ref TEXT NOT NULL UNIQUE,
  customer_id BIGINT REFERENCES users(id),
  product TEXT NOT NULL,
  monthly_fee_won BIGINT NOT NULL CHECK (monthly_fee_won >= 0),
  addons_won BIGINT NOT NULL CHECK (addons_won >= 0),
  area TEXT NOT NULL,
  small_merchant INTEGER NOT NULL,
  account_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX outage_lines_area ON outage_lines(area, id);
CREATE INDEX outage_lines_customer ON outage_lines(customer_id, id);

CREATE TABLE outage_events (
  id BIGINT PRIMARY KEY,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  cause TEXT NOT NULL,
  gross_negligence INTEGER NOT NULL,
  terms_id BIGINT REFERENCES outage_terms(id),
  areas TEXT NOT NULL,
  revision INTEGER NOT NULL,
  settled_revision INTEGER NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX outage_events_started ON outage_events(started_at);

CREATE TABLE outage_event_lines (
  event_id BIGINT NOT NULL REFERENCES outage_events(id),
  line_id BIGINT NOT NULL REFERENCES outage_lines(id),
  PRIMARY KEY (event_id, line_id)
);
CREATE INDEX outage_event_lines_line ON outage_event_lines(line_id);

CREATE TABLE outage_results (
  event_id BIGINT NOT NULL REFERENCES outage_events(id),
  line_id BIGINT NOT NULL REFERENCES outage_lines(id),
  own_us BIGINT NOT NULL,
  qualifying_us BIGINT NOT NULL,
  refund_won BIGINT NOT NULL,
  voluntary_won BIGINT NOT NULL,
  damages_claimable_won BIGINT NOT NULL,
  settled_at BIGINT NOT NULL,
  PRIMARY KEY (event_id, line_id)
);
CREATE INDEX outage_results_line ON outage_results(line_id);

CREATE TABLE outage_claims (
  event_id BIGINT NOT NULL REFERENCES outage_events(id),
  line_id BIGINT NOT NULL REFERENCES outage_lines(id),
  claimed_by BIGINT NOT NULL,
  claimed_at BIGINT NOT NULL,
  PRIMARY KEY (event_id, line_id)
);

CREATE TABLE outage_postings (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES outage_events(id),
  line_id BIGINT NOT NULL REFERENCES outage_lines(id),
  kind TEXT NOT NULL CHECK (kind IN ('refund', 'voluntary', 'damages')),
  seq INTEGER NOT NULL,
  amount_won BIGINT NOT NULL CHECK (amount_won <> 0),
  posted INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (event_id, line_id, kind, seq)
);
CREATE INDEX outage_postings_line ON outage_postings(line_id);
CREATE INDEX outage_postings_unposted ON outage_postings(posted, id);
