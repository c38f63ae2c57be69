// IT education's handlers (/api/v1/care/courses, /care/sessions, /care/learners): courses,
// their sessions and enrolments (a program's managers), a session's roster and attendance (its
// instructor or the managers), each learner's progress. Who may see learners' names is decided,
// and audited, in care/education_service.h.
#include <boost/json/array.hpp>

#include "api/api.h"
#include "api/modules.h"
#include "care/education_service.h"
#include "core/json.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace cr = care;
using accounts::Action;
using http::Method;

namespace {

cr::Actor actor_of(const Call& call) {
  cr::Actor a;
  const accounts::User& u = call.principal->user;
  a.user_id = u.id;
  a.email = u.email;
  a.admin = call.principal->has(accounts::Role::admin);
  for (const auto& g : u.roles)
    if (g.role == accounts::Role::manager) a.manages.push_back(g.program);
  a.remote_addr = call.req.remote_addr;
  a.request_id = call.req.request_id;
  return a;
}

json::array texts(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::value optional_id(const std::optional<Id>& id) {
  return id ? json::value(id_to_string(*id)) : json::value(nullptr);
}

json::value optional_time(const std::optional<UnixMicros>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

// An array of at most `max` strings; a field error otherwise.
std::vector<std::string> read_texts(const json::object& o, FieldReader& r, std::string_view name,
                                    std::size_t max) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array() || v->as_array().size() > max) {
    r.add_error(std::string(name), "must be an array of at most " + std::to_string(max));
    return out;
  }
  for (const json::value& w : v->as_array()) {
    if (!w.is_string()) {
      r.add_error(std::string(name), "must hold strings");
      return {};
    }
    out.emplace_back(w.as_string());
  }
  return out;
}

json::object course_json(const cr::Course& c) {
  return {{"id", id_to_string(c.id)}, {"program", c.program},
          {"title", c.title},         {"summary", c.summary},
          {"language", c.language},   {"goals", texts(c.goals)},
          {"capacity", c.capacity},   {"created_at", format_rfc3339(c.created_at_us)}};
}

json::object session_json(const cr::Session& s) {
  return {{"id", id_to_string(s.id)},
          {"course_id", id_to_string(s.course_id)},
          {"starts_at", format_rfc3339(s.starts_at_us)},
          {"date", s.date},
          {"duration_min", s.duration_min},
          {"place", cr::to_string(s.place)},
          {"place_name", s.place_name},
          {"address", s.address},
          {"learner_id", optional_id(s.home_learner_id)},
          {"instructor_id", id_to_string(s.instructor_id)},
          {"topic", s.topic},
          {"held_at", optional_time(s.held_at_us)}};
}

json::object course_view_json(const cr::CourseView& v) {
  json::object o = course_json(v.course);
  json::array sessions;
  for (const cr::Session& s : v.sessions) sessions.push_back(session_json(s));
  o["sessions"] = std::move(sessions);
  o["enrolled"] = v.enrolled;
  return o;
}

json::object roster_json(const cr::Roster& r) {
  json::array learners;
  for (const cr::RosterLine& l : r.learners) {
    json::object line{{"learner_id", id_to_string(l.learner_id)}, {"name", l.name}};
    line["presence"] = l.mark ? json::value(cr::to_string(l.mark->presence)) : nullptr;
    line["note"] = l.mark ? l.mark->note : "";
    learners.push_back(std::move(line));
  }
  return {{"course", course_json(r.course)},
          {"session", session_json(r.session)},
          {"learners", std::move(learners)}};
}

json::object progress_json(const cr::Course& c, const cr::Progress& p) {
  json::array goals;
  for (const std::string& g : c.goals) {
    json::object goal{{"goal", g}, {"reached_at", nullptr}};
    for (const cr::GoalReached& r : p.goals_reached)
      if (r.goal == g) goal["reached_at"] = format_rfc3339(r.reached_at_us);
    goals.push_back(std::move(goal));
  }
  return {{"course_id", id_to_string(c.id)},
          {"title", c.title},
          {"sessions_planned", p.sessions_planned},
          {"sessions_held", p.sessions_held},
          {"attended", p.attended},
          {"goals", std::move(goals)},
          {"goals_reached", static_cast<std::int64_t>(p.goals_reached.size())},
          {"goals_total", p.goals_total},
          {"completed", p.completed}};
}

json::object learner_json(const cr::LearnerProgress& l) {
  json::array courses;
  for (const auto& [course, progress] : l.courses)
    courses.push_back(progress_json(course, progress));
  return {{"learner_id", id_to_string(l.learner_id)},
          {"name", l.name},
          {"courses", std::move(courses)}};
}

// --- handlers -------------------------------------------------------------------------

http::Response post_course(cr::EducationService& ed, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"program", "title", "summary", "language", "goals", "capacity"});
  cr::Course c;
  c.program = r.string("program", {.max_chars = 40});
  c.title = r.string("title", {.max_chars = 200});
  c.summary = r.optional_string("summary", {.min_chars = 0, .max_chars = 2'000}).value_or("");
  c.language = r.optional_string("language", {.max_chars = 40}).value_or("ko");
  c.goals = read_texts(body.value(), r, "goals", 20);
  c.capacity = static_cast<int>(r.optional_integer("capacity", 1, 200).value_or(20));
  if (!r.ok()) return problem(r.status());
  auto added = ed.add_course(std::move(c), actor_of(call));
  if (!added.ok()) return problem(added.status());
  return json_response(201, course_json(added.value()));
}

http::Response get_courses(cr::EducationService& ed, Call& call) {
  json::array items;
  for (const cr::Course& c : ed.courses(actor_of(call))) items.push_back(course_json(c));
  return json_response(200, json::object{{"items", std::move(items)}});
}

http::Response get_course(cr::EducationService& ed, Call& call) {
  const auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No course with this id"));
  auto view = ed.course(*id, actor_of(call));
  if (!view.ok()) return problem(view.status());
  return json_response(200, course_view_json(view.value()));
}

http::Response post_session(cr::EducationService& ed, Call& call) {
  const auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No course with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"starts_at", "duration_min", "place", "place_name", "address", "learner_id",
                    "instructor_id", "topic"});
  cr::Session s;
  s.starts_at_us = r.instant("starts_at");
  s.duration_min = static_cast<int>(r.optional_integer("duration_min", 10, 480).value_or(90));
  if (body.value().contains("place"))
    s.place = cr::parse_session_place(r.one_of("place", {"place", "home"}))
                  .value_or(cr::SessionPlace::place);
  s.place_name = r.optional_string("place_name", {.min_chars = 0, .max_chars = 200}).value_or("");
  s.address = r.optional_string("address", {.min_chars = 0, .max_chars = 300}).value_or("");
  s.home_learner_id = read_id(r, "learner_id", false);
  s.instructor_id = read_id(r, "instructor_id", true).value_or(0);
  s.topic = r.optional_string("topic", {.min_chars = 0, .max_chars = 200}).value_or("");
  if (!r.ok()) return problem(r.status());
  auto added = ed.add_session(*id, std::move(s), actor_of(call));
  if (!added.ok()) return problem(added.status());
  return json_response(201, session_json(added.value()));
}

http::Response post_enrolments(cr::EducationService& ed, Call& call) {
  const auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No course with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"learner_ids"});
  std::vector<Id> learners;
  for (const std::string& text : read_texts(body.value(), r, "learner_ids", 200)) {
    const auto learner = parse_id(text);
    if (!learner) {
      r.add_error("learner_ids", "must hold ids");
      break;
    }
    learners.push_back(*learner);
  }
  if (!r.ok()) return problem(r.status());
  auto view = ed.enrol(*id, learners, actor_of(call));
  if (!view.ok()) return problem(view.status());
  return json_response(200, course_view_json(view.value()));
}

http::Response get_course_progress(cr::EducationService& ed, Call& call) {
  const auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No course with this id"));
  auto all = ed.course_progress(*id, actor_of(call));
  if (!all.ok()) return problem(all.status());
  json::array items;
  for (const cr::LearnerProgress& l : all.value()) items.push_back(learner_json(l));
  return json_response(200, json::object{{"items", std::move(items)}});
}

http::Response get_session(cr::EducationService& ed, Call& call) {
  const auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No session with this id"));
  auto roster = ed.roster(*id, actor_of(call));
  if (!roster.ok()) return problem(roster.status());
  return json_response(200, roster_json(roster.value()));
}

http::Response post_attendance(cr::EducationService& ed, Call& call) {
  const auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No session with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  const json::value* items = body.value().if_contains("items");
  if (items == nullptr || !items->is_array() || items->as_array().empty() ||
      items->as_array().size() > 200 || body.value().size() != 1)
    return problem(Status::invalid("items", "an array of 1 to 200 marks, and nothing else"));
  std::vector<cr::Mark> marks;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items->as_array().size(); ++i) {
    const json::value& v = items->as_array()[i];
    const std::string at = "items[" + std::to_string(i) + "].";
    if (!v.is_object()) {
      errors.push_back({at.substr(0, at.size() - 1), "must be an object"});
      continue;
    }
    FieldReader r(v.as_object());
    r.reject_unknown({"learner_id", "presence", "goals_reached", "note"});
    cr::Mark m;
    m.learner_id = read_id(r, "learner_id", true).value_or(0);
    if (v.as_object().contains("presence"))
      m.presence = cr::parse_presence(r.one_of("presence", {"present", "absent", "excused"}))
                       .value_or(cr::Presence::present);
    m.goals_reached = read_texts(v.as_object(), r, "goals_reached", 20);
    m.note = r.optional_string("note", {.min_chars = 0, .max_chars = 500}).value_or("");
    for (FieldError& e : std::move(r.status()).fields())
      errors.push_back({at + e.field, std::move(e.message)});
    marks.push_back(std::move(m));
  }
  if (!errors.empty()) return problem(Status::invalid(std::move(errors)));
  auto roster = ed.take_attendance(*id, std::move(marks), actor_of(call));
  if (!roster.ok()) return problem(roster.status());
  return json_response(200, roster_json(roster.value()));
}

http::Response get_learner_progress(cr::EducationService& ed, Call& call) {
  const auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No person with this id"));
  auto progress = ed.learner_progress(*id, actor_of(call));
  if (!progress.ok()) return problem(progress.status());
  return json_response(200, learner_json(progress.value()));
}

}  // namespace

void add_care_education_routes(Routes& routes, cr::EducationService& education) {
  cr::EducationService* e = &education;
  // Reading learners (names) and taking attendance: managers and helpers may ask; the service
  // answers only the program's managers and the course's instructors.
  const Access people{Action::read_care_person};
  routes.add({Method::post, "/api/v1/care/courses", {Action::manage_care}, true},
             [e](Call& c) { return post_course(*e, c); });
  routes.add({Method::get, "/api/v1/care/courses", people},
             [e](Call& c) { return get_courses(*e, c); });
  routes.add({Method::get, "/api/v1/care/courses/{id}", people},
             [e](Call& c) { return get_course(*e, c); });
  routes.add({Method::post, "/api/v1/care/courses/{id}/sessions", {Action::manage_care}, true},
             [e](Call& c) { return post_session(*e, c); });
  routes.add({Method::post, "/api/v1/care/courses/{id}/enrolments", {Action::manage_care}, true},
             [e](Call& c) { return post_enrolments(*e, c); });
  routes.add({Method::get, "/api/v1/care/courses/{id}/progress", people},
             [e](Call& c) { return get_course_progress(*e, c); });
  routes.add({Method::get, "/api/v1/care/sessions/{id}", people},
             [e](Call& c) { return get_session(*e, c); });
  routes.add({Method::post, "/api/v1/care/sessions/{id}/attendance", people, true},
             [e](Call& c) { return post_attendance(*e, c); });
  routes.add({Method::get, "/api/v1/care/learners/{id}/progress", people},
             [e](Call& c) { return get_learner_progress(*e, c); });
}

}  // namespace sangsaeng::api
