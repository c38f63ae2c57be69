// IT education's SQL (migration 0520): statements run inside the caller's transaction, on SQLite
// and PostgreSQL alike. Infrastructure failures and constraint violations throw
// (soci::soci_error). Every list is bounded by a limit the caller gives or a course's size.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "care/education.h"

namespace sangsaeng::care {

void insert_course(soci::session& s, const Course& course);
std::optional<Course> find_course(soci::session& s, Id id);
// Courses of the programs named (all programs when empty), newest first, at most `limit`.
std::vector<Course> courses_of_programs(soci::session& s, const std::vector<std::string>& programs,
                                        int limit);
// Courses with a session the helper teaches, newest first, at most `limit`.
std::vector<Course> courses_taught_by(soci::session& s, Id helper_id, int limit);
// Courses the learner is enrolled in, at most `limit`.
std::vector<Course> courses_of_learner(soci::session& s, Id learner_id, int limit);

void insert_session(soci::session& s, const Session& session);
std::optional<Session> find_session(soci::session& s, Id id);
// A course's sessions by start, at most `limit`.
std::vector<Session> sessions_of(soci::session& s, Id course_id, int limit);
// Sets held_at unless already set.
void mark_session_held(soci::session& s, Id session_id, UnixMicros at_us);

// REQUIRES: not enrolled yet.
void insert_enrolment(soci::session& s, const Enrolment& e);
std::vector<Enrolment> enrolments_of(soci::session& s, Id course_id);
bool is_enrolled(soci::session& s, Id course_id, Id learner_id);

// Replaces the learner's mark of the session.
void put_mark(soci::session& s, const Mark& mark);
std::vector<Mark> marks_of_session(soci::session& s, Id session_id);
// The learner's marks at the course's sessions.
std::vector<Mark> marks_of_learner(soci::session& s, Id course_id, Id learner_id);
// Records the goal as reached at the session unless the learner reached it before.
void reach_goal(soci::session& s, Id course_id, Id learner_id, const std::string& goal,
                Id session_id, UnixMicros at_us);
std::vector<GoalReached> goals_reached(soci::session& s, Id course_id, Id learner_id);

}  // namespace sangsaeng::care
