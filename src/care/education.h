// IT education (issue 16): a care program's courses (e.g. "스마트폰 첫걸음"), their sessions at a
// place (a community centre) or at a learner's home, who is enrolled, who came to each session,
// and the course goals each learner has reached. Plain values and pure rules; the use cases are
// in care/education_service.h, the SQL in care/education_store.h.
//
// Learners are beneficiaries (care/types.h): their name, phone and address stay in their record
// and are read through the service, which decides who may see them and audits each read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "care/types.h"
#include "core/status.h"

namespace sangsaeng::care {

enum class SessionPlace { place, home };
enum class Presence { present, absent, excused };
std::string_view to_string(SessionPlace v);
std::string_view to_string(Presence v);
std::optional<SessionPlace> parse_session_place(std::string_view text);
std::optional<Presence> parse_presence(std::string_view text);

struct Course {
  Id id = 0;
  std::string program = {};  // a care program's slug
  std::string title = {}, summary = {};
  std::string language = "ko";          // the language it is taught in
  std::vector<std::string> goals = {};  // what a learner can do at the end ("영상통화 걸기")
  int capacity = 20;                    // learners enrolled at most
  Id created_by = 0;
  UnixMicros created_at_us = 0;
};

struct Session {
  Id id = 0;
  Id course_id = 0;
  UnixMicros starts_at_us = 0;
  std::string date = {};  // the Seoul day of starts_at (set by the service)
  int duration_min = 90;
  SessionPlace place = SessionPlace::place;
  std::string place_name = {}, address = {};  // at a place; empty at home (the learner's)
  std::optional<Id> home_learner_id = {};     // at home: whose
  Id instructor_id = 0;                       // a helper certified on the day
  std::string topic = {};
  std::optional<UnixMicros> held_at_us = {};  // when attendance was first taken
  UnixMicros created_at_us = 0;
};

struct Enrolment {
  Id course_id = 0, learner_id = 0;
  Id enrolled_by = 0;
  UnixMicros enrolled_at_us = 0;
};

// A learner at a session, as the instructor records it; goals_reached are course goals the
// learner showed they can do at this session (kept once reached).
struct Mark {
  Id session_id = 0, learner_id = 0;
  Presence presence = Presence::present;
  std::vector<std::string> goals_reached = {};
  std::string note = {};
  Id recorded_by = 0;
  UnixMicros recorded_at_us = 0;
};

struct GoalReached {
  std::string goal;
  Id session_id = 0;
  UnixMicros reached_at_us = 0;
};

// A learner's progress in a course. Completed once every goal is reached (a course without goals:
// once the learner came to every session held, at least one).
struct Progress {
  Id course_id = 0, learner_id = 0;
  int sessions_planned = 0, sessions_held = 0, attended = 0;
  std::vector<GoalReached> goals_reached = {};  // in the course's goal order
  int goals_total = 0;
  bool completed = false;
};

// Field errors named as the API's fields, or ok: title 1..200 bytes, at most 20 goals of 1..100
// bytes each and no repeats, capacity 1..200, a language code.
Status check_course(const Course& course);
// Duration 10..480 min; at a place a place name and address; at home the learner, no address.
Status check_session(const Session& session);
// Goals named in a mark are among the course's; a note at most 500 bytes.
Status check_mark(const Course& course, const Mark& mark);

// The learner's progress from the course's sessions, the learner's marks (any sessions) and the
// goals reached. Pure; marks of other courses' sessions are ignored.
Progress progress_of(const Course& course, const std::vector<Session>& sessions, Id learner_id,
                     const std::vector<Mark>& marks, const std::vector<GoalReached>& reached);

}  // namespace sangsaeng::care
