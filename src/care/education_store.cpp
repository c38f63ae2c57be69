#include "care/education_store.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cassert>

#include "ledger/rows.h"

namespace sangsaeng::care {

namespace {

namespace json = boost::json;
using ledger::row_i64;

constexpr const char* kCourseColumns =
    "SELECT c.id, c.program, c.title, c.summary, c.language, c.goals, c.capacity, c.created_by, "
    "c.created_at FROM care_courses c ";
constexpr const char* kSessionColumns =
    "SELECT id, course_id, starts_at, session_date, duration_min, place, place_name, address, "
    "home_beneficiary_id, instructor_id, topic, held_at, created_at FROM care_sessions ";
constexpr const char* kMarkColumns =
    "SELECT a.session_id, a.beneficiary_id, a.status, a.note, a.recorded_by, a.recorded_at "
    "FROM care_attendance a ";

std::optional<std::int64_t> row_opt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return row_i64(r, i);
}

std::string goals_text(const std::vector<std::string>& goals) {
  json::array a;
  for (const auto& g : goals) a.emplace_back(g);
  return json::serialize(a);
}

std::vector<std::string> goals_of(const std::string& text) {
  std::vector<std::string> out;
  const json::value parsed = json::parse(text);
  for (const auto& v : parsed.as_array()) out.emplace_back(v.as_string());
  return out;
}

Course course_from(const soci::row& r) {
  Course c;
  c.id = row_i64(r, 0);
  c.program = r.get<std::string>(1);
  c.title = r.get<std::string>(2);
  c.summary = r.get<std::string>(3);
  c.language = r.get<std::string>(4);
  c.goals = goals_of(r.get<std::string>(5));
  c.capacity = static_cast<int>(row_i64(r, 6));
  c.created_by = row_i64(r, 7);
  c.created_at_us = row_i64(r, 8);
  return c;
}

Session session_from(const soci::row& r) {
  Session s;
  s.id = row_i64(r, 0);
  s.course_id = row_i64(r, 1);
  s.starts_at_us = row_i64(r, 2);
  s.date = r.get<std::string>(3);
  s.duration_min = static_cast<int>(row_i64(r, 4));
  s.place = parse_session_place(r.get<std::string>(5)).value_or(SessionPlace::place);
  s.place_name = r.get<std::string>(6);
  s.address = r.get<std::string>(7);
  s.home_learner_id = row_opt(r, 8);
  s.instructor_id = row_i64(r, 9);
  s.topic = r.get<std::string>(10);
  s.held_at_us = row_opt(r, 11);
  s.created_at_us = row_i64(r, 12);
  return s;
}

Mark mark_from(const soci::row& r) {
  Mark m;
  m.session_id = row_i64(r, 0);
  m.learner_id = row_i64(r, 1);
  m.presence = parse_presence(r.get<std::string>(2)).value_or(Presence::absent);
  m.note = r.get<std::string>(3);
  m.recorded_by = row_i64(r, 4);
  m.recorded_at_us = row_i64(r, 5);
  return m;
}

std::vector<Course> courses_where(soci::session& s, const std::string& where, Id id, int limit) {
  assert(limit >= 1 && limit <= 1'000);
  std::vector<Course> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kCourseColumns) + where + " ORDER BY c.id DESC LIMIT :l",
       soci::use(id), soci::use(limit));
  for (const auto& r : rows) out.push_back(course_from(r));
  return out;
}

}  // namespace

void insert_course(soci::session& s, const Course& c) {
  assert(c.id > 0);
  const std::string goals = goals_text(c.goals);
  s << "INSERT INTO care_courses (id, program, title, summary, language, goals, capacity, "
       "created_by, created_at) VALUES (:id, :p, :t, :s, :l, :g, :c, :cb, :ca)",
      soci::use(c.id), soci::use(c.program), soci::use(c.title), soci::use(c.summary),
      soci::use(c.language), soci::use(goals), soci::use(c.capacity), soci::use(c.created_by),
      soci::use(c.created_at_us);
}

std::optional<Course> find_course(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kCourseColumns) + "WHERE c.id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return course_from(r);
}

std::vector<Course> courses_of_programs(soci::session& s, const std::vector<std::string>& programs,
                                        int limit) {
  assert(limit >= 1 && limit <= 1'000);
  std::vector<Course> out;
  auto read = [&](const std::string& where, const std::string& program) {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kCourseColumns) + where + " ORDER BY c.id DESC LIMIT :l",
         soci::use(program), soci::use(limit));
    for (const auto& r : rows) out.push_back(course_from(r));
  };
  if (programs.empty()) read("WHERE c.program <> :p", "");
  for (const std::string& p : programs) read("WHERE c.program = :p", p);
  std::sort(out.begin(), out.end(), [](const Course& a, const Course& b) { return a.id > b.id; });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
  return out;
}

std::vector<Course> courses_taught_by(soci::session& s, Id helper_id, int limit) {
  return courses_where(s,
                       "WHERE c.id IN (SELECT course_id FROM care_sessions WHERE instructor_id = "
                       ":h)",
                       helper_id, limit);
}

std::vector<Course> courses_of_learner(soci::session& s, Id learner_id, int limit) {
  return courses_where(
      s, "WHERE c.id IN (SELECT course_id FROM care_enrolments WHERE beneficiary_id = :b)",
      learner_id, limit);
}

void insert_session(soci::session& s, const Session& v) {
  assert(v.id > 0 && !v.date.empty());
  const std::string place(to_string(v.place));
  long long home = v.home_learner_id.value_or(0);
  soci::indicator home_ind = v.home_learner_id ? soci::i_ok : soci::i_null;
  s << "INSERT INTO care_sessions (id, course_id, starts_at, session_date, duration_min, place, "
       "place_name, address, home_beneficiary_id, instructor_id, topic, held_at, created_at) "
       "VALUES (:id, :c, :s, :d, :du, :p, :pn, :a, :h, :i, :t, NULL, :ca)",
      soci::use(v.id), soci::use(v.course_id), soci::use(v.starts_at_us), soci::use(v.date),
      soci::use(v.duration_min), soci::use(place), soci::use(v.place_name), soci::use(v.address),
      soci::use(home, home_ind), soci::use(v.instructor_id), soci::use(v.topic),
      soci::use(v.created_at_us);
}

std::optional<Session> find_session(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kSessionColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return session_from(r);
}

std::vector<Session> sessions_of(soci::session& s, Id course_id, int limit) {
  std::vector<Session> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSessionColumns) +
                        "WHERE course_id = :c ORDER BY starts_at, id LIMIT :l",
       soci::use(course_id), soci::use(limit));
  for (const auto& r : rows) out.push_back(session_from(r));
  return out;
}

void mark_session_held(soci::session& s, Id session_id, UnixMicros at_us) {
  s << "UPDATE care_sessions SET held_at = :a WHERE id = :id AND held_at IS NULL", soci::use(at_us),
      soci::use(session_id);
}

void insert_enrolment(soci::session& s, const Enrolment& e) {
  s << "INSERT INTO care_enrolments (course_id, beneficiary_id, enrolled_by, enrolled_at) VALUES "
       "(:c, :b, :by, :at)",
      soci::use(e.course_id), soci::use(e.learner_id), soci::use(e.enrolled_by),
      soci::use(e.enrolled_at_us);
}

std::vector<Enrolment> enrolments_of(soci::session& s, Id course_id) {
  std::vector<Enrolment> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT course_id, beneficiary_id, enrolled_by, enrolled_at FROM "
                    "care_enrolments WHERE course_id = :c ORDER BY enrolled_at, beneficiary_id",
       soci::use(course_id));
  for (const auto& r : rows)
    out.push_back({row_i64(r, 0), row_i64(r, 1), row_i64(r, 2), row_i64(r, 3)});
  return out;
}

bool is_enrolled(soci::session& s, Id course_id, Id learner_id) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM care_enrolments WHERE course_id = :c AND beneficiary_id = :b",
      soci::use(course_id), soci::use(learner_id), soci::into(n);
  return n > 0;
}

void put_mark(soci::session& s, const Mark& m) {
  const std::string presence(to_string(m.presence));
  s << "DELETE FROM care_attendance WHERE session_id = :s AND beneficiary_id = :b",
      soci::use(m.session_id), soci::use(m.learner_id);
  s << "INSERT INTO care_attendance (session_id, beneficiary_id, status, note, recorded_by, "
       "recorded_at) VALUES (:s, :b, :st, :n, :by, :at)",
      soci::use(m.session_id), soci::use(m.learner_id), soci::use(presence), soci::use(m.note),
      soci::use(m.recorded_by), soci::use(m.recorded_at_us);
}

std::vector<Mark> marks_of_session(soci::session& s, Id session_id) {
  std::vector<Mark> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kMarkColumns) + "WHERE a.session_id = :s ORDER BY a.beneficiary_id",
       soci::use(session_id));
  for (const auto& r : rows) out.push_back(mark_from(r));
  return out;
}

std::vector<Mark> marks_of_learner(soci::session& s, Id course_id, Id learner_id) {
  std::vector<Mark> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kMarkColumns) +
                        "JOIN care_sessions x ON x.id = a.session_id WHERE x.course_id = :c AND "
                        "a.beneficiary_id = :b ORDER BY x.starts_at",
       soci::use(course_id), soci::use(learner_id));
  for (const auto& r : rows) out.push_back(mark_from(r));
  return out;
}

void reach_goal(soci::session& s, Id course_id, Id learner_id, const std::string& goal,
                Id session_id, UnixMicros at_us) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM care_goals_reached WHERE course_id = :c AND beneficiary_id = :b AND "
       "goal = :g",
      soci::use(course_id), soci::use(learner_id), soci::use(goal), soci::into(n);
  if (n > 0) return;
  s << "INSERT INTO care_goals_reached (course_id, beneficiary_id, goal, session_id, reached_at) "
       "VALUES (:c, :b, :g, :s, :at)",
      soci::use(course_id), soci::use(learner_id), soci::use(goal), soci::use(session_id),
      soci::use(at_us);
}

std::vector<GoalReached> goals_reached(soci::session& s, Id course_id, Id learner_id) {
  std::vector<GoalReached> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT goal, session_id, reached_at FROM care_goals_reached WHERE "
                    "course_id = :c AND beneficiary_id = :b",
       soci::use(course_id), soci::use(learner_id));
  for (const auto& r : rows) out.push_back({r.get<std::string>(0), row_i64(r, 1), row_i64(r, 2)});
  return out;
}

}  // namespace sangsaeng::care
