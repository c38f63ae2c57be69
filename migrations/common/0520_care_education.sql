-- IT education (issue 16): courses of a care program, their sessions (at a place or at a
-- learner's home), who is enrolled, who came to each session, and the course goals each learner
-- has reached. Learners are care_beneficiaries (their personal data stays there). A session keeps
-- its Seoul date beside its start so that the public figures group by month on both databases.
CREATE TABLE care_courses (
  id BIGINT PRIMARY KEY,
  program TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  language TEXT NOT NULL,
  goals TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX care_courses_program ON care_courses (program, id);

CREATE TABLE care_sessions (
  id BIGINT PRIMARY KEY,
  course_id BIGINT NOT NULL REFERENCES care_courses(id),
  starts_at BIGINT NOT NULL,
  session_date TEXT NOT NULL,
  duration_min INTEGER NOT NULL,
  place TEXT NOT NULL CHECK (place IN ('place', 'home')),
  place_name TEXT NOT NULL,
  address TEXT NOT NULL,
  home_beneficiary_id BIGINT REFERENCES care_beneficiaries(id),
  instructor_id BIGINT NOT NULL REFERENCES care_helpers(id),
  topic TEXT NOT NULL,
  held_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX care_sessions_course ON care_sessions (course_id, starts_at);
CREATE INDEX care_sessions_instructor ON care_sessions (instructor_id, starts_at);
CREATE INDEX care_sessions_day ON care_sessions (session_date);

CREATE TABLE care_enrolments (
  course_id BIGINT NOT NULL REFERENCES care_courses(id),
  beneficiary_id BIGINT NOT NULL REFERENCES care_beneficiaries(id),
  enrolled_by BIGINT NOT NULL,
  enrolled_at BIGINT NOT NULL,
  PRIMARY KEY (course_id, beneficiary_id)
);
CREATE INDEX care_enrolments_learner ON care_enrolments (beneficiary_id);

CREATE TABLE care_attendance (
  session_id BIGINT NOT NULL REFERENCES care_sessions(id),
  beneficiary_id BIGINT NOT NULL REFERENCES care_beneficiaries(id),
  status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
  note TEXT NOT NULL,
  recorded_by BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, beneficiary_id)
);
CREATE INDEX care_attendance_learner ON care_attendance (beneficiary_id);

CREATE TABLE care_goals_reached (
  course_id BIGINT NOT NULL REFERENCES care_courses(id),
  beneficiary_id BIGINT NOT NULL REFERENCES care_beneficiaries(id),
  goal TEXT NOT NULL,
  session_id BIGINT NOT NULL REFERENCES care_sessions(id),
  reached_at BIGINT NOT NULL,
  PRIMARY KEY (course_id, beneficiary_id, goal)
);
