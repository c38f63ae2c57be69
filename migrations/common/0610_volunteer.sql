-- The volunteer corps (issue 19). Employees (users of a company organisation) belong to teams
-- with a leader; activities at welfare facilities have slots, taken counted on the row so that
-- a sign-up is one conditional UPDATE (taken < slots) and the CHECK is the last word: slots are
-- never oversubscribed, whatever the concurrency. Attendance is recorded by the team leader,
-- one row per person and activity, with the activity's facility, team and Seoul month copied
-- onto it so the hours reports read one table. Grants to facilities are postings like the
-- outage program's: one row per ledger transfer, signed, never edited; (activity, seq) is
-- unique so two recorders that computed the same difference collide instead of paying twice.
CREATE TABLE volunteer_teams (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  leader_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX volunteer_teams_leader ON volunteer_teams(leader_id);

CREATE TABLE volunteer_members (
  team_id BIGINT NOT NULL REFERENCES volunteer_teams(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX volunteer_members_user ON volunteer_members(user_id, team_id);

CREATE TABLE volunteer_facilities (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('elderly', 'disability', 'children', 'community', 'homeless', 'other')),
  address TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE volunteer_activities (
  id BIGINT PRIMARY KEY,
  facility_id BIGINT NOT NULL REFERENCES volunteer_facilities(id),
  team_id BIGINT REFERENCES volunteer_teams(id),  -- NULL: open to every employee
  title TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  month TEXT NOT NULL,  -- 'YYYY-MM' of starts_at in Seoul
  slots INTEGER NOT NULL CHECK (slots > 0),
  taken INTEGER NOT NULL CHECK (taken >= 0 AND taken <= slots),
  grant_won_per_hour BIGINT,  -- the grant rule's rate when attendance was first confirmed
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX volunteer_activities_starts ON volunteer_activities(starts_at, id);
CREATE INDEX volunteer_activities_team ON volunteer_activities(team_id, starts_at);

CREATE TABLE volunteer_signups (
  activity_id BIGINT NOT NULL REFERENCES volunteer_activities(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  signed_up_at BIGINT NOT NULL,
  PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX volunteer_signups_user ON volunteer_signups(user_id, activity_id);

CREATE TABLE volunteer_attendance (
  activity_id BIGINT NOT NULL REFERENCES volunteer_activities(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
  team_id BIGINT,  -- the activity's team, else the person's first team; NULL if none
  facility_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  recorded_by BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX volunteer_attendance_user ON volunteer_attendance(user_id, month);
CREATE INDEX volunteer_attendance_team ON volunteer_attendance(team_id, month);
CREATE INDEX volunteer_attendance_month ON volunteer_attendance(month);

-- The grant rule: one row (id 1), the won the company gives a facility per hour volunteered.
CREATE TABLE volunteer_grant_rule (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  won_per_hour BIGINT NOT NULL CHECK (won_per_hour >= 0),
  updated_by BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE volunteer_grant_postings (
  id BIGINT PRIMARY KEY,  -- the ledger transfer's id
  activity_id BIGINT NOT NULL REFERENCES volunteer_activities(id),
  facility_id BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  amount_won BIGINT NOT NULL,  -- signed: a correction down is negative
  status TEXT NOT NULL CHECK (status IN ('pending', 'posted', 'refused')),
  created_at BIGINT NOT NULL,
  UNIQUE (activity_id, seq)
);
CREATE INDEX volunteer_grant_postings_status ON volunteer_grant_postings(status, id);
CREATE INDEX volunteer_grant_postings_facility ON volunteer_grant_postings(facility_id);
