-- The art hall fund and hearing-support grants (issue 19). A fund is a ledger account owned by
-- its program; grant_funds names it (and the hall's ticket-sales account it is credited from,
-- and the account grants are paid into) once, by a compare-and-set, so two nodes never open two
-- funds. Revenue lines are keyed per fund by their source (a sale or a day): the same line sent
-- again credits nothing. The row's id is its ledger transfer's id.
CREATE TABLE grant_funds (
  id TEXT PRIMARY KEY,
  program TEXT NOT NULL REFERENCES programs(slug),
  name_ko TEXT NOT NULL,
  name_en TEXT NOT NULL,
  account_id BIGINT,
  revenue_account_id BIGINT,
  payout_account_id BIGINT
);
INSERT INTO grant_funds (id, program, name_ko, name_en) VALUES
('art-hall', 'art-hall', '아트홀 기금', 'Art hall fund');

CREATE TABLE grant_revenue (
  id BIGINT PRIMARY KEY,
  fund_id TEXT NOT NULL REFERENCES grant_funds(id),
  source_key TEXT NOT NULL,
  sold_on TEXT NOT NULL,
  amount_won BIGINT NOT NULL CHECK (amount_won > 0),
  title TEXT NOT NULL,
  tickets INTEGER NOT NULL CHECK (tickets >= 0),
  posted INTEGER NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (fund_id, source_key)
);
CREATE INDEX grant_revenue_day ON grant_revenue(fund_id, sold_on);
CREATE INDEX grant_revenue_unposted ON grant_revenue(fund_id, posted);

-- An application for a hearing-support grant: the child, the guardian, the hospital, the
-- guardian's consent and the audiologist's report (an upload). grant_state follows the money:
-- none -> reserving -> reserved (a pending transfer, reserve_id) -> paying -> paid (posted by
-- pay_id) or -> releasing -> released (voided by release_id). The *ing states are written
-- before the ledger is asked, so a crash in between is finished with the same transfer id.
-- version makes every change a compare-and-set: two reviewers never move one case twice.
CREATE TABLE grant_applications (
  id BIGINT PRIMARY KEY,
  program TEXT NOT NULL REFERENCES programs(slug),
  fund_id TEXT NOT NULL REFERENCES grant_funds(id),
  applicant_id BIGINT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL CHECK (status IN ('submitted', 'screening', 'approved', 'declined',
                                         'surgery', 'rehabilitation', 'closed')),
  child_name TEXT NOT NULL,
  child_birth_date TEXT NOT NULL,
  guardian_name TEXT NOT NULL,
  guardian_relation TEXT NOT NULL,
  guardian_phone TEXT NOT NULL,
  hospital TEXT NOT NULL,
  consent_on TEXT NOT NULL,
  report_hash TEXT NOT NULL REFERENCES uploads(hash),
  report_type TEXT NOT NULL,
  requested_won BIGINT NOT NULL CHECK (requested_won > 0),
  granted_won BIGINT NOT NULL,
  sessions_planned INTEGER NOT NULL,
  grant_state TEXT NOT NULL CHECK (grant_state IN ('none', 'reserving', 'reserved', 'paying',
                                                   'paid', 'releasing', 'released')),
  reserve_id BIGINT,
  pay_id BIGINT,
  release_id BIGINT,
  paid_at BIGINT,
  reason TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX grant_applications_applicant ON grant_applications(applicant_id, id);
CREATE INDEX grant_applications_status ON grant_applications(status, id);
CREATE INDEX grant_applications_money ON grant_applications(grant_state);

-- Every step of a case, who took it and why (the reason of a decline is what the applicant sees).
CREATE TABLE grant_transitions (
  id BIGINT PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES grant_applications(id),
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL,
  actor_id BIGINT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX grant_transitions_application ON grant_transitions(application_id, id);

-- Rehabilitation sessions, numbered from 1 per case (the key stops two recorders giving one
-- number twice).
CREATE TABLE grant_sessions (
  id BIGINT PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES grant_applications(id),
  number INTEGER NOT NULL,
  held_on TEXT NOT NULL,
  progress_percent INTEGER NOT NULL CHECK (progress_percent BETWEEN 0 AND 100),
  note TEXT NOT NULL,
  recorded_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (application_id, number)
);
