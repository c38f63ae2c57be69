-- Care and dispatch (issue 16). Helpers, beneficiaries and requests keep their lists (skills,
-- languages, certifications, needs, windows) as JSON text: they are read and written whole
-- with their row and never queried inside. A plan keeps its routes and unassigned requests the
-- same way (it is read and replaced whole by a move); publishing turns its visits into rows of
-- care_visits, which the helpers' days query. Personal data of beneficiaries lives only in
-- care_beneficiaries (care_requests point to it), so one place says who may read it.
CREATE TABLE care_helpers (
  id BIGINT PRIMARY KEY,
  user_id BIGINT UNIQUE REFERENCES users(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('it_supporter', 'technician', 'volunteer')),
  gender TEXT NOT NULL CHECK (gender IN ('unrecorded', 'female', 'male')),
  team TEXT NOT NULL,
  home_address TEXT NOT NULL,
  home_lat_e6 BIGINT NOT NULL,
  home_lon_e6 BIGINT NOT NULL,
  weekday_start_min INTEGER,
  weekday_end_min INTEGER,
  weekend_start_min INTEGER,
  weekend_end_min INTEGER,
  skills TEXT NOT NULL,
  languages TEXT NOT NULL,
  certifications TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE care_beneficiaries (
  id BIGINT PRIMARY KEY,
  program TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  address TEXT NOT NULL,
  lat_e6 BIGINT NOT NULL,
  lon_e6 BIGINT NOT NULL,
  needs TEXT NOT NULL,
  consent_on TEXT,
  designated_helper_id BIGINT REFERENCES care_helpers(id),
  female_helper_only INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE care_requests (
  id BIGINT PRIMARY KEY,
  program TEXT NOT NULL,
  beneficiary_id BIGINT NOT NULL REFERENCES care_beneficiaries(id),
  kind TEXT NOT NULL CHECK (kind IN ('home_it_help', 'it_education', 'broadband_repair', 'installation')),
  visit_date TEXT NOT NULL,
  duration_min INTEGER NOT NULL,
  windows TEXT NOT NULL,
  priority INTEGER NOT NULL,
  skills TEXT NOT NULL,
  language TEXT,
  status TEXT NOT NULL CHECK (status IN ('requested', 'planned', 'visiting', 'done', 'cancelled')),
  reason TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX care_requests_day ON care_requests (visit_date, status);

CREATE TABLE care_plans (
  id BIGINT PRIMARY KEY,
  plan_date TEXT NOT NULL,
  published_at BIGINT,
  body TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX care_plans_day ON care_plans (plan_date);

CREATE TABLE care_visits (
  id BIGINT PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES care_plans(id),
  request_id BIGINT NOT NULL UNIQUE REFERENCES care_requests(id),
  helper_id BIGINT NOT NULL REFERENCES care_helpers(id),
  visit_date TEXT NOT NULL,
  seq INTEGER NOT NULL,
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('planned', 'visiting', 'done')),
  checked_in_at BIGINT,
  checked_out_at BIGINT,
  outcome TEXT,
  notes TEXT NOT NULL,
  duration_min INTEGER,
  satisfaction INTEGER
);
CREATE INDEX care_visits_helper_day ON care_visits (helper_id, visit_date, seq);
