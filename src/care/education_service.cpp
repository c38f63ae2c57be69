#include "care/education_service.h"

#include <algorithm>
#include <cassert>
#include <set>

#include "accounts/service.h"
#include "care/education_store.h"
#include "care/rules.h"

namespace sangsaeng::care {

namespace {

constexpr std::size_t kMarksMax = 200;  // a course's capacity bounds a session's learners

std::string seoul_date(UnixMicros t) {
  return format_date(civil_from_micros(t, kSeoulOffsetMinutes));
}

// One audit entry per read of learners' personal data: what was read, by whom, from where.
void audit_read(soci::session& s, const Actor& a, const std::string& target, UnixMicros now) {
  accounts::AuditEntry e;
  e.at = now;
  e.actor_id = a.user_id;
  e.actor_email = a.email;
  e.action = "READ care learners";
  e.target = target;
  e.remote_addr = a.remote_addr;
  e.request_id = a.request_id;
  e.status = 200;
  accounts::append_audit(s, e);
}

std::optional<Id> helper_id_of(soci::session& s, const Actor& a) {
  const auto h = helper_of_user(s, a.user_id);
  return h ? std::optional<Id>(h->id) : std::nullopt;
}

bool teaches(soci::session& s, const Actor& a, Id course_id) {
  const auto helper = helper_id_of(s, a);
  if (!helper) return false;
  long long n = 0;
  s << "SELECT COUNT(*) FROM care_sessions WHERE course_id = :c AND instructor_id = :h",
      soci::use(course_id), soci::use(*helper), soci::into(n);
  return n > 0;
}

Status not_yours() {
  return Status::forbidden("Only the program's managers and the course's instructors see this");
}

std::string learner_name(soci::session& s, Id id) {
  const auto found = beneficiaries_by_ids(s, {id});
  return found.empty() ? std::string() : found.front().name;
}

Progress progress_in(soci::session& s, const Course& c, const std::vector<Session>& sessions,
                     Id learner) {
  return progress_of(c, sessions, learner, marks_of_learner(s, c.id, learner),
                     goals_reached(s, c.id, learner));
}

}  // namespace

EducationService::EducationService(store::Db& db, EducationOptions options)
    : db_(db), options_(std::move(options)) {}

Result<Course> EducationService::add_course(Course course, const Actor& actor) {
  if (Status st = check_course(course); !st.ok()) return st;
  if (!actor.manages_program(course.program))
    return Status::forbidden("You do not manage the program " + course.program);
  course.id = ids().next();
  course.created_by = actor.user_id;
  course.created_at_us = options_.clock();
  db_.write([&](soci::session& s) { insert_course(s, course); });
  return course;
}

std::vector<Course> EducationService::courses(const Actor& actor) {
  return db_.read([&](soci::session& s) {
    if (actor.admin) return courses_of_programs(s, {}, options_.courses_listed_max);
    std::vector<std::string> managed;
    for (std::string_view p : kPrograms)
      if (actor.manages_program(p)) managed.emplace_back(p);
    if (!managed.empty()) return courses_of_programs(s, managed, options_.courses_listed_max);
    const auto helper = helper_id_of(s, actor);
    if (!helper) return std::vector<Course>{};
    return courses_taught_by(s, *helper, options_.courses_listed_max);
  });
}

Result<CourseView> EducationService::course(Id id, const Actor& actor) {
  return db_.read([&](soci::session& s) -> Result<CourseView> {
    auto c = find_course(s, id);
    if (!c) return Status::not_found("No course with this id");
    if (!actor.manages_program(c->program) && !teaches(s, actor, id)) return not_yours();
    return CourseView{*c, sessions_of(s, id, options_.sessions_per_course_max),
                      static_cast<int>(enrolments_of(s, id).size())};
  });
}

Result<Session> EducationService::add_session(Id course_id, Session session, const Actor& actor) {
  if (Status st = check_session(session); !st.ok()) return st;
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Session> {
    auto c = find_course(s, course_id);
    if (!c) return Status::not_found("No course with this id");
    if (!actor.manages_program(c->program))
      return Status::forbidden("You do not manage the program " + c->program);
    if (static_cast<int>(sessions_of(s, course_id, options_.sessions_per_course_max).size()) >=
        options_.sessions_per_course_max)
      return Status::invalid("course_id", "a course has at most 200 sessions");
    session.date = seoul_date(session.starts_at_us);
    const auto instructor = find_helper(s, session.instructor_id);
    if (!instructor) return Status::invalid("instructor_id", "no such helper");
    // Only a certified supporter gives IT help (issue 16): education too, on the session's day.
    if (!certified_on(*instructor, session.date))
      return Status::invalid("instructor_id", "holds no certification valid on " + session.date);
    if (session.home_learner_id && !is_enrolled(s, course_id, *session.home_learner_id))
      return Status::invalid("learner_id", "is not enrolled in the course");
    session.id = ids().next();
    session.course_id = course_id;
    session.held_at_us = std::nullopt;
    session.created_at_us = now;
    insert_session(s, session);
    return session;
  });
}

Result<CourseView> EducationService::enrol(Id course_id, const std::vector<Id>& learner_ids,
                                           const Actor& actor) {
  if (learner_ids.empty() || learner_ids.size() > 200)
    return Status::invalid("learner_ids", "1 to 200 people");
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<CourseView> {
    auto c = find_course(s, course_id);
    if (!c) return Status::not_found("No course with this id");
    if (!actor.manages_program(c->program))
      return Status::forbidden("You do not manage the program " + c->program);
    std::set<Id> wanted(learner_ids.begin(), learner_ids.end());
    const auto people = beneficiaries_by_ids(s, {wanted.begin(), wanted.end()});
    if (people.size() != wanted.size())
      return Status::invalid("learner_ids", "names a person who does not exist");
    for (const Beneficiary& b : people) {
      if (b.program != c->program)
        return Status::invalid("learner_ids", b.name + " is a person of another program");
      if (!b.consent_on)
        return Status::invalid("learner_ids", b.name + " has not consented to the program");
    }
    std::set<Id> enrolled;
    for (const Enrolment& e : enrolments_of(s, course_id)) enrolled.insert(e.learner_id);
    std::vector<Id> fresh;
    for (Id id : wanted)
      if (!enrolled.contains(id)) fresh.push_back(id);
    if (enrolled.size() + fresh.size() > static_cast<std::size_t>(c->capacity))
      return Status(Code::failed_precondition, "course-full",
                    "The course takes " + std::to_string(c->capacity) + " learners; " +
                        std::to_string(enrolled.size()) + " are enrolled");
    for (Id id : fresh) insert_enrolment(s, {course_id, id, actor.user_id, now});
    return CourseView{*c, sessions_of(s, course_id, options_.sessions_per_course_max),
                      static_cast<int>(enrolled.size() + fresh.size())};
  });
}

namespace {

// Whether the actor may see the session's learners: a manager of the program, or its instructor.
bool may_see(soci::session& s, const Actor& a, const Course& c, const Session& session) {
  if (a.manages_program(c.program)) return true;
  const auto helper = helper_id_of(s, a);
  return helper && *helper == session.instructor_id;
}

Roster roster_of(soci::session& s, const Course& c, const Session& session) {
  Roster r{c, session, {}};
  const std::vector<Mark> marks = marks_of_session(s, session.id);
  const std::vector<Enrolment> enrolled = enrolments_of(s, c.id);
  std::vector<Id> ids;
  for (const Enrolment& e : enrolled) ids.push_back(e.learner_id);
  const auto people = beneficiaries_by_ids(s, ids);
  for (const Enrolment& e : enrolled) {
    RosterLine line{.learner_id = e.learner_id, .name = "", .mark = std::nullopt};
    for (const Beneficiary& b : people)
      if (b.id == e.learner_id) line.name = b.name;
    for (const Mark& m : marks)
      if (m.learner_id == e.learner_id) line.mark = m;
    r.learners.push_back(std::move(line));
  }
  return r;
}

}  // namespace

Result<Roster> EducationService::roster(Id session_id, const Actor& actor) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Roster> {
    auto session = find_session(s, session_id);
    if (!session) return Status::not_found("No session with this id");
    const auto c = find_course(s, session->course_id);
    assert(c);
    if (!may_see(s, actor, *c, *session)) return not_yours();
    audit_read(s, actor, "care-session:" + id_to_string(session_id), now);
    return roster_of(s, *c, *session);
  });
}

Result<Roster> EducationService::take_attendance(Id session_id, std::vector<Mark> marks,
                                                 const Actor& actor) {
  if (marks.empty() || marks.size() > kMarksMax) return Status::invalid("items", "1 to 200 marks");
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Roster> {
    auto session = find_session(s, session_id);
    if (!session) return Status::not_found("No session with this id");
    const auto c = find_course(s, session->course_id);
    assert(c);
    if (!may_see(s, actor, *c, *session)) return not_yours();
    if (now < session->starts_at_us)
      return Status(Code::failed_precondition, "session-not-started",
                    "Attendance is taken once the session has started");
    std::vector<FieldError> errors;
    std::set<Id> seen;
    for (std::size_t i = 0; i < marks.size(); ++i) {
      const std::string at = "items[" + std::to_string(i) + "].";
      for (const FieldError& e : check_mark(*c, marks[i]).fields())
        errors.push_back({at + e.field, e.message});
      if (!seen.insert(marks[i].learner_id).second)
        errors.push_back({at + "learner_id", "is marked twice"});
      else if (!is_enrolled(s, c->id, marks[i].learner_id))
        errors.push_back({at + "learner_id", "is not enrolled in the course"});
    }
    if (!errors.empty()) return Status::invalid(std::move(errors));
    for (Mark& m : marks) {
      m.session_id = session_id;
      m.recorded_by = actor.user_id;
      m.recorded_at_us = now;
      put_mark(s, m);
      for (const std::string& g : m.goals_reached)
        reach_goal(s, c->id, m.learner_id, g, session_id, now);
    }
    mark_session_held(s, session_id, now);
    session->held_at_us = session->held_at_us.value_or(now);
    audit_read(s, actor, "care-session:" + id_to_string(session_id), now);
    return roster_of(s, *c, *session);
  });
}

Result<LearnerProgress> EducationService::learner_progress(Id learner_id, const Actor& actor) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<LearnerProgress> {
    const auto people = beneficiaries_by_ids(s, {learner_id});
    if (people.empty()) return Status::not_found("No person with this id");
    const bool manager = actor.manages_program(people.front().program);
    LearnerProgress out{learner_id, people.front().name, {}};
    for (const Course& c : courses_of_learner(s, learner_id, options_.courses_listed_max)) {
      if (!manager && !teaches(s, actor, c.id)) continue;
      const auto sessions = sessions_of(s, c.id, options_.sessions_per_course_max);
      out.courses.emplace_back(c, progress_in(s, c, sessions, learner_id));
    }
    if (!manager && out.courses.empty()) return not_yours();
    audit_read(s, actor, "care-beneficiary:" + id_to_string(learner_id), now);
    return out;
  });
}

Result<std::vector<LearnerProgress>> EducationService::course_progress(Id course_id,
                                                                       const Actor& actor) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<std::vector<LearnerProgress>> {
    auto c = find_course(s, course_id);
    if (!c) return Status::not_found("No course with this id");
    if (!actor.manages_program(c->program) && !teaches(s, actor, course_id)) return not_yours();
    const auto sessions = sessions_of(s, course_id, options_.sessions_per_course_max);
    std::vector<LearnerProgress> out;
    for (const Enrolment& e : enrolments_of(s, course_id)) {
      out.push_back({e.learner_id, learner_name(s, e.learner_id), {}});
      out.back().courses.emplace_back(*c, progress_in(s, *c, sessions, e.learner_id));
    }
    audit_read(s, actor, "care-course:" + id_to_string(course_id), now);
    return out;
  });
}

}  // namespace sangsaeng::care
