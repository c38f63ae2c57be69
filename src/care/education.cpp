#include "care/education.h"

#include <algorithm>
#include <set>

namespace sangsaeng::care {

namespace {

constexpr std::size_t kGoalsMax = 20;
constexpr std::size_t kGoalBytesMax = 100;
constexpr std::size_t kNoteBytesMax = 500;

}  // namespace

std::string_view to_string(SessionPlace v) {
  return v == SessionPlace::home ? "home" : "place";
}

std::string_view to_string(Presence v) {
  switch (v) {
    case Presence::present:
      return "present";
    case Presence::absent:
      return "absent";
    case Presence::excused:
      return "excused";
  }
  return "?";
}

std::optional<SessionPlace> parse_session_place(std::string_view text) {
  if (text == "place") return SessionPlace::place;
  if (text == "home") return SessionPlace::home;
  return std::nullopt;
}

std::optional<Presence> parse_presence(std::string_view text) {
  for (Presence p : {Presence::present, Presence::absent, Presence::excused})
    if (to_string(p) == text) return p;
  return std::nullopt;
}

Status check_course(const Course& c) {
  std::vector<FieldError> errors;
  if (!is_care_program(c.program)) errors.push_back({"program", "must be a care program"});
  if (c.title.empty() || c.title.size() > 200) errors.push_back({"title", "1 to 200 bytes"});
  if (c.summary.size() > 2'000) errors.push_back({"summary", "at most 2,000 bytes"});
  if (c.language.empty() || c.language.size() > 40)
    errors.push_back({"language", "a language code (ko, vi, zh, en, tl, ksl, ...)"});
  if (c.capacity < 1 || c.capacity > 200) errors.push_back({"capacity", "1 to 200 learners"});
  if (c.goals.size() > kGoalsMax) errors.push_back({"goals", "at most 20"});
  std::set<std::string> seen;
  for (const std::string& g : c.goals) {
    if (g.empty() || g.size() > kGoalBytesMax) {
      errors.push_back({"goals", "each goal 1 to 100 bytes"});
      break;
    }
    if (!seen.insert(g).second) {
      errors.push_back({"goals", "\"" + g + "\" is named twice"});
      break;
    }
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return Status::ok_status();
}

Status check_session(const Session& s) {
  std::vector<FieldError> errors;
  if (s.duration_min < 10 || s.duration_min > 480)
    errors.push_back({"duration_min", "10 to 480 minutes"});
  if (s.starts_at_us <= 0) errors.push_back({"starts_at", "is required"});
  if (s.instructor_id <= 0) errors.push_back({"instructor_id", "is required"});
  if (s.topic.size() > 200) errors.push_back({"topic", "at most 200 bytes"});
  if (s.place == SessionPlace::place) {
    if (s.place_name.empty() || s.place_name.size() > 200)
      errors.push_back({"place_name", "1 to 200 bytes for a session at a place"});
    if (s.address.empty() || s.address.size() > 300)
      errors.push_back({"address", "1 to 300 bytes for a session at a place"});
    if (s.home_learner_id) errors.push_back({"learner_id", "only for a session at home"});
  } else {
    if (!s.home_learner_id) errors.push_back({"learner_id", "is required for a session at home"});
    if (!s.address.empty() || !s.place_name.empty())
      errors.push_back({"address", "a session at home is at the learner's address"});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return Status::ok_status();
}

Status check_mark(const Course& course, const Mark& mark) {
  std::vector<FieldError> errors;
  for (const std::string& g : mark.goals_reached) {
    if (std::find(course.goals.begin(), course.goals.end(), g) == course.goals.end()) {
      errors.push_back({"goals_reached", "\"" + g + "\" is not a goal of the course"});
      break;
    }
  }
  if (!mark.goals_reached.empty() && mark.presence != Presence::present)
    errors.push_back({"goals_reached", "only a learner who is present reaches a goal"});
  if (mark.note.size() > kNoteBytesMax) errors.push_back({"note", "at most 500 bytes"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return Status::ok_status();
}

Progress progress_of(const Course& course, const std::vector<Session>& sessions, Id learner_id,
                     const std::vector<Mark>& marks, const std::vector<GoalReached>& reached) {
  Progress p{.course_id = course.id,
             .learner_id = learner_id,
             .goals_total = static_cast<int>(course.goals.size())};
  std::set<Id> held;
  for (const Session& s : sessions) {
    if (s.course_id != course.id) continue;
    ++p.sessions_planned;
    if (s.held_at_us) {
      ++p.sessions_held;
      held.insert(s.id);
    }
  }
  for (const Mark& m : marks)
    if (m.learner_id == learner_id && m.presence == Presence::present &&
        held.contains(m.session_id))
      ++p.attended;
  for (const std::string& goal : course.goals) {
    auto it = std::find_if(reached.begin(), reached.end(),
                           [&](const GoalReached& r) { return r.goal == goal; });
    if (it != reached.end()) p.goals_reached.push_back(*it);
  }
  p.completed = p.goals_total > 0 ? static_cast<int>(p.goals_reached.size()) == p.goals_total
                                  : p.sessions_held > 0 && p.attended == p.sessions_held;
  return p;
}

}  // namespace sangsaeng::care
