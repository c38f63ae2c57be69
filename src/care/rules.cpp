#include "care/rules.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>

#include "routing/check/checker.h"
#include "routing/schedule.h"

namespace sangsaeng::care {

namespace {

constexpr int kDayMinutes = 24 * 60;
constexpr std::size_t kListMax = 30;  // skills, languages, needs, certifications, windows
constexpr std::size_t kWordMax = 40;  // one skill or language code
constexpr std::string_view kCert = "cert:it";
constexpr std::string_view kTech = "kind:technician";

bool valid_date(std::string_view d) {
  return d.size() == 10 && parse_date(d).has_value();
}

void check_span(std::vector<FieldError>& errors, const std::string& field, const Span& s) {
  if (s.start_min < 0 || s.end_min > kDayMinutes || s.start_min >= s.end_min)
    errors.push_back({field, "must be a time span inside the day, start before end"});
}

void check_words(std::vector<FieldError>& errors, const std::string& field,
                 const std::vector<std::string>& words) {
  if (words.size() > kListMax) errors.push_back({field, "at most 30"});
  for (const std::string& w : words) {
    if (w.empty() || w.size() > kWordMax) {
      errors.push_back({field, "holds words of 1 to 40 characters"});
      return;
    }
  }
}

void check_place(std::vector<FieldError>& errors, const std::string& prefix, const Place& p) {
  if (p.address.empty()) errors.push_back({prefix + "address", "is required"});
  if (!(p.lat >= -90 && p.lat <= 90)) errors.push_back({prefix + "lat", "must be -90 to 90"});
  if (!(p.lon >= -180 && p.lon <= 180)) errors.push_back({prefix + "lon", "must be -180 to 180"});
}

bool needs_certificate(RequestKind k) {
  return k == RequestKind::home_it_help || k == RequestKind::it_education;
}

// Skill names -> the solver's integer skills.
class Skills {
 public:
  int id(const std::string& name) {
    auto [it, added] = ids_.try_emplace(name, static_cast<int>(ids_.size()));
    return it->second;
  }

 private:
  std::map<std::string, int> ids_;
};

std::vector<std::string> helper_tokens(const Helper& h, std::string_view date) {
  std::vector<std::string> t;
  for (const auto& s : h.skills) t.push_back("skill:" + s);
  for (const auto& l : h.languages) t.push_back("lang:" + l);
  if (h.kind == HelperKind::technician) t.emplace_back(kTech);
  if (h.kind != HelperKind::technician && certified_on(h, date)) t.emplace_back(kCert);
  return t;
}

std::vector<std::string> request_tokens(const Request& r) {
  std::vector<std::string> t;
  for (const auto& s : r.skills) t.push_back("skill:" + s);
  if (r.language) t.push_back("lang:" + *r.language);
  t.emplace_back(needs_certificate(r.kind) ? kCert : kTech);
  return t;
}

bool has(const routing::Vehicle& v, int skill) {
  return std::find(v.skills.begin(), v.skills.end(), skill) != v.skills.end();
}

// Which requirement no helper on shift meets, for the words of a "skill" reason. Tokens are
// tried in the order a dispatcher fixes them: certification, trade, language, skill.
std::string missing_requirement(const Day& day, const routing::Job& job,
                                const std::vector<std::string>& tokens) {
  for (std::string_view prefix : {"cert:", "kind:", "lang:", "skill:"}) {
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      if (!tokens[k].starts_with(prefix)) continue;
      const int skill = job.skills[k];
      const bool someone = std::any_of(
          day.problem.vehicles.begin(), day.problem.vehicles.end(),
          [&](const routing::Vehicle& v) { return v.shift.end > v.shift.start && has(v, skill); });
      if (someone) continue;
      if (prefix == "cert:") return "no-certified-helper";
      if (prefix == "kind:") return "no-technician";
      if (prefix == "lang:") return "no-language";
      return "no-skill";
    }
  }
  return "no-skill";  // each requirement is met by someone, never all by one helper
}

std::string reason_slug(const Day& day, int job, routing::UnassignedReason reason) {
  using R = routing::UnassignedReason;
  switch (reason) {
    case R::skill:
      return missing_requirement(day, day.problem.jobs[static_cast<std::size_t>(job)],
                                 day.requirements[static_cast<std::size_t>(job)]);
    case R::female:
      return "no-female-helper";
    case R::window:
      return "no-time";
    case R::capacity:
    case R::working_time:
      return "too-long";
    case R::no_room:
      return "day-full";
  }
  return "day-full";
}

std::string violation_kind(routing::ViolationKind k) {
  using K = routing::ViolationKind;
  switch (k) {
    case K::skill:
      return "skill";
    case K::female:
      return "female";
    case K::time_window:
      return "window";
    case K::shift_end:
      return "shift";
    case K::designated_insertable:
      return "designated";
    case K::capacity:
      return "capacity";
    case K::working_time:
      return "working_time";
    default:
      return "";  // structural and optimality checks: not a dispatcher's concern
  }
}

}  // namespace

bool is_weekend(std::string_view date) {
  const auto c = parse_date(date);
  assert(c);
  const int w =
      weekday(micros_from_civil(*c, kSeoulOffsetMinutes) + kMicrosPerDay / 2, kSeoulOffsetMinutes);
  return w == 0 || w == 6;
}

std::optional<Span> shift_on(const Helper& h, std::string_view date) {
  return is_weekend(date) ? h.weekend_shift : h.weekday_shift;
}

bool certified_on(const Helper& h, std::string_view date) {
  return std::any_of(h.certifications.begin(), h.certifications.end(), [&](const auto& c) {
    return c.issued_on <= date && date <= c.expires_on;  // ISO dates sort as text
  });
}

UnixMicros day_start_us(std::string_view date) {
  const auto c = parse_date(date);
  assert(c);
  return micros_from_civil(*c, kSeoulOffsetMinutes);
}

Status check_helper(const Helper& h) {
  std::vector<FieldError> e;
  if (h.name.empty()) e.push_back({"name", "is required"});
  check_words(e, "skills", h.skills);
  check_words(e, "languages", h.languages);
  check_place(e, "home_", h.home);
  if (h.weekday_shift) check_span(e, "weekday_shift", *h.weekday_shift);
  if (h.weekend_shift) check_span(e, "weekend_shift", *h.weekend_shift);
  if (h.certifications.size() > kListMax) e.push_back({"certifications", "at most 30"});
  for (std::size_t i = 0; i < h.certifications.size(); ++i) {
    const auto& c = h.certifications[i];
    const std::string at = "certifications[" + std::to_string(i) + "]";
    if (c.name.empty()) e.push_back({at + ".name", "is required"});
    if (!valid_date(c.issued_on) || !valid_date(c.expires_on) || c.expires_on < c.issued_on)
      e.push_back({at, "needs issued_on and expires_on dates (YYYY-MM-DD), expiry not first"});
  }
  return e.empty() ? Status() : Status::invalid(std::move(e));
}

Status check_beneficiary(const Beneficiary& b) {
  std::vector<FieldError> e;
  if (!is_care_program(b.program))
    e.push_back({"program", "must be it-support, internet-doctor or female-tech"});
  if (b.name.empty()) e.push_back({"name", "is required"});
  if (b.phone.empty()) e.push_back({"phone", "is required"});
  check_place(e, "", b.place);
  check_words(e, "needs", b.needs);
  if (b.consent_on && !valid_date(*b.consent_on))
    e.push_back({"consent_on", "must be a date (YYYY-MM-DD)"});
  return e.empty() ? Status() : Status::invalid(std::move(e));
}

Status check_request(const Request& r) {
  std::vector<FieldError> e;
  if (!is_care_program(r.program))
    e.push_back({"program", "must be it-support, internet-doctor or female-tech"});
  if (!valid_date(r.date)) e.push_back({"date", "must be a date (YYYY-MM-DD)"});
  if (r.duration_min < 10 || r.duration_min > 8 * 60)
    e.push_back({"duration_min", "must be 10 to 480 minutes"});
  if (r.windows.size() > kListMax) e.push_back({"windows", "at most 30"});
  for (std::size_t i = 0; i < r.windows.size(); ++i)
    check_span(e, "windows[" + std::to_string(i) + "]", r.windows[i]);
  for (std::size_t i = 1; i < r.windows.size(); ++i) {
    if (r.windows[i].start_min <= r.windows[i - 1].end_min)
      e.push_back({"windows", "must be in order and apart"});
  }
  if (r.priority < 0 || r.priority > 100) e.push_back({"priority", "must be 0 to 100"});
  check_words(e, "skills", r.skills);
  if (r.language && (r.language->empty() || r.language->size() > kWordMax))
    e.push_back({"language", "must be a language code"});
  return e.empty() ? Status() : Status::invalid(std::move(e));
}

namespace {

std::string pin_token(Id helper_id) {
  return "pin:" + id_to_string(helper_id);
}

// The request's windows in the solver's seconds, none opening before `earliest_s`; nullopt
// when every window has closed by then.
std::optional<std::vector<routing::TimeWindow>> windows_from(const Request& r, int earliest_s) {
  std::vector<routing::TimeWindow> out;
  if (r.windows.empty()) {
    if (earliest_s > 0) out.push_back({static_cast<double>(earliest_s), routing::kTimeMax});
    return out;
  }
  for (const Span& w : r.windows) {
    const double start = w.start_min * 60.0, end = w.end_min * 60.0;
    if (end < earliest_s) continue;
    out.push_back({std::max(start, static_cast<double>(earliest_s)), end});
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace

Day build_day(const DayInput& in) {
  Day day;
  day.date = in.date;
  Skills skills;
  std::vector<routing::Point> points;
  std::unordered_map<Id, int> vehicle_of;
  std::unordered_map<Id, bool> pinned_helpers;
  for (const auto& [request, pin] : in.pins) pinned_helpers[pin.helper_id] = true;
  for (const Helper& h : in.helpers) {
    routing::Vehicle v;
    v.id = h.id;
    v.start_location = v.end_location = static_cast<int>(points.size());
    points.push_back({h.home.lon, h.home.lat});
    const auto shift = shift_on(h, in.date);
    v.shift = shift ? routing::TimeWindow{shift->start_min * 60.0, shift->end_min * 60.0}
                    : routing::TimeWindow{0, 0};
    if (shift) ++day.helpers_on_shift;
    v.female = h.gender == Gender::female;
    for (const auto& t : helper_tokens(h, in.date)) v.skills.push_back(skills.id(t));
    if (pinned_helpers.contains(h.id)) v.skills.push_back(skills.id(pin_token(h.id)));
    vehicle_of[h.id] = static_cast<int>(day.problem.vehicles.size());
    day.problem.vehicles.push_back(std::move(v));
    day.helper_ids.push_back(h.id);
  }
  const UnixMicros midnight = day_start_us(in.date);
  for (const Request& r : in.requests) {
    const Beneficiary& b = in.beneficiaries.at(r.beneficiary_id);
    const auto pin = in.pins.find(r.id);
    const auto pinned =
        pin == in.pins.end() ? vehicle_of.end() : vehicle_of.find(pin->second.helper_id);
    routing::Job j;
    j.id = r.id;
    j.service = r.duration_min * 60.0;
    if (pinned != vehicle_of.end()) {
      const double at_s =
          static_cast<double>((pin->second.start_at_us - midnight) / kMicrosPerSecond);
      j.windows = {{at_s, at_s}};
      day.requirements.push_back({pin_token(pin->second.helper_id)});
      j.priority = 100;
      day.pinned_vehicle.push_back(pinned->second);
    } else {
      if (!b.consent_on) {
        day.excluded.push_back({r.id, "no-consent"});
        continue;
      }
      auto windows = windows_from(r, in.earliest_start_s);
      if (!windows) {
        day.excluded.push_back({r.id, "no-time"});
        continue;
      }
      j.windows = std::move(*windows);
      day.requirements.push_back(request_tokens(r));
      j.female_only = b.female_helper_only || r.program == "female-tech";
      if (b.designated_helper_id) {
        if (auto it = vehicle_of.find(*b.designated_helper_id); it != vehicle_of.end())
          j.designated_vehicle = it->second;
      }
      j.priority = r.priority;
      day.pinned_vehicle.push_back(-1);
    }
    for (const auto& t : day.requirements.back()) j.skills.push_back(skills.id(t));
    j.location = static_cast<int>(points.size());
    points.push_back({b.place.lon, b.place.lat});
    day.problem.jobs.push_back(std::move(j));
    day.request_ids.push_back(r.id);
  }
  day.problem.travel = std::make_shared<routing::GreatCircleTravel>(std::move(points), in.travel);
  assert(routing::validate(day.problem).empty());
  assert(day.pinned_vehicle.size() == day.problem.jobs.size());
  return day;
}

routing::Solution keep_pins(const Day& day, routing::Solution s) {
  const std::size_t jobs = day.problem.jobs.size();
  std::vector<int> broken;  // vehicles with a pinned job elsewhere or left out
  std::vector<int> vehicle_of_job(jobs, -1);
  for (const routing::Route& r : s.routes)
    for (int j : r.jobs) vehicle_of_job[static_cast<std::size_t>(j)] = r.vehicle;
  for (std::size_t j = 0; j < jobs; ++j) {
    const int want = day.pinned_vehicle[j];
    if (want >= 0 && vehicle_of_job[j] != want) broken.push_back(want);
  }
  if (broken.empty()) return s;
  auto is_broken = [&](int v) {
    return std::find(broken.begin(), broken.end(), v) != broken.end();
  };
  std::vector<bool> out(jobs, false);
  for (const routing::Unassigned& u : s.unassigned) out[static_cast<std::size_t>(u.job)] = true;
  // The broken vehicles' open jobs go out; every pinned job is taken from wherever it is.
  for (routing::Route& r : s.routes) {
    std::erase_if(r.jobs, [&](int j) {
      const int want = day.pinned_vehicle[static_cast<std::size_t>(j)];
      if (want >= 0) return want != r.vehicle || is_broken(r.vehicle);
      if (!is_broken(r.vehicle)) return false;
      out[static_cast<std::size_t>(j)] = true;
      return true;
    });
  }
  // The broken vehicles' pinned jobs back, in order of their pinned start (only they remain).
  for (std::size_t j = 0; j < jobs; ++j) {
    const int want = day.pinned_vehicle[j];
    if (want < 0 || !is_broken(want)) continue;
    out[j] = false;
    auto route = std::find_if(s.routes.begin(), s.routes.end(),
                              [&](const routing::Route& r) { return r.vehicle == want; });
    if (route == s.routes.end()) route = s.routes.insert(s.routes.end(), {want, {}});
    const double at = day.problem.jobs[j].windows.front().start;
    auto pos = std::find_if(route->jobs.begin(), route->jobs.end(), [&](int k) {
      const auto& w = day.problem.jobs[static_cast<std::size_t>(k)].windows;
      return !w.empty() && w.front().start > at;
    });
    route->jobs.insert(pos, static_cast<int>(j));
  }
  std::erase_if(s.routes, [](const routing::Route& r) { return r.jobs.empty(); });
  std::vector<routing::Unassigned> left;
  for (const routing::Unassigned& u : s.unassigned)
    if (out[static_cast<std::size_t>(u.job)]) left.push_back(u);
  for (std::size_t j = 0; j < jobs; ++j) {
    const bool listed = std::any_of(left.begin(), left.end(), [&](const routing::Unassigned& u) {
      return u.job == static_cast<int>(j);
    });
    if (out[j] && !listed)
      left.push_back({static_cast<int>(j), routing::UnassignedReason::no_room});
  }
  s.unassigned = std::move(left);
  return s;
}

Plan plan_from(const Day& day, const routing::Solution& s,
               const std::unordered_map<Id, std::string>& overrides) {
  Plan plan;
  plan.date = day.date;
  const UnixMicros midnight = day_start_us(day.date);
  auto at = [&](double seconds) {
    return midnight + static_cast<UnixMicros>(std::llround(seconds)) * kMicrosPerSecond;
  };
  PlanSummary& sum = plan.summary;
  for (const routing::Route& r : s.routes) {
    PlanRoute route{.helper_id = day.helper_ids[static_cast<std::size_t>(r.vehicle)]};
    for (const routing::Stop& stop : routing::timetable(day.problem, r)) {
      const auto& job = day.problem.jobs[static_cast<std::size_t>(stop.job)];
      route.visits.push_back({job.id, at(stop.start), at(stop.end)});
      if (job.designated_vehicle) {
        ++sum.designated;
        if (*job.designated_vehicle == r.vehicle) ++sum.designated_honoured;
      }
      ++sum.assigned;
    }
    plan.routes.push_back(std::move(route));
  }
  for (const routing::Unassigned& u : s.unassigned) {
    const Id id = day.request_ids[static_cast<std::size_t>(u.job)];
    const auto o = overrides.find(id);
    std::string reason;
    if (o != overrides.end()) {
      reason = o->second;
    } else {
      reason = reason_slug(day, u.job, u.reason);
    }
    if (day.problem.jobs[static_cast<std::size_t>(u.job)].designated_vehicle) ++sum.designated;
    plan.unassigned.push_back({id, std::move(reason)});
  }
  for (const Left& l : day.excluded) plan.unassigned.push_back(l);
  sum.requests = static_cast<int>(day.request_ids.size() + day.excluded.size());
  sum.unassigned = static_cast<int>(plan.unassigned.size());
  sum.helpers_on_shift = day.helpers_on_shift;
  sum.helpers_used = static_cast<int>(plan.routes.size());
  const auto report = routing::check_plan(day.problem, s, {.compare_cost = false});
  sum.travel_km = std::round(report.cost.distance / 100.0) / 10.0;
  sum.iterations = s.iterations;
  return plan;
}

Result<routing::Solution> solution_of(const Day& day, const Plan& plan) {
  std::unordered_map<Id, int> vehicle_of, job_of;
  for (std::size_t i = 0; i < day.helper_ids.size(); ++i)
    vehicle_of[day.helper_ids[i]] = static_cast<int>(i);
  for (std::size_t i = 0; i < day.request_ids.size(); ++i)
    job_of[day.request_ids[i]] = static_cast<int>(i);
  routing::Solution s;
  std::vector<bool> placed(day.request_ids.size(), false);
  for (const PlanRoute& pr : plan.routes) {
    const auto v = vehicle_of.find(pr.helper_id);
    if (v == vehicle_of.end()) return Status::not_found("The plan names a helper that is gone");
    routing::Route r{.vehicle = v->second, .jobs = {}};
    for (const PlannedVisit& visit : pr.visits) {
      const auto j = job_of.find(visit.request_id);
      if (j == job_of.end()) return Status::not_found("The plan names a request that is gone");
      r.jobs.push_back(j->second);
      placed[static_cast<std::size_t>(j->second)] = true;
    }
    if (!r.jobs.empty()) s.routes.push_back(std::move(r));
  }
  for (std::size_t j = 0; j < placed.size(); ++j) {
    if (!placed[j])
      s.unassigned.push_back({static_cast<int>(j), routing::UnassignedReason::no_room});
  }
  return s;
}

Words reason_words(std::string_view slug) {
  static const std::map<std::string_view, Words, std::less<>> kWords = {
      {"no-consent", {"방문 동의를 받지 않은 분입니다", "The person has not consented to visits"}},
      {"no-certified-helper",
       {"근무 중인 인증 IT 서포터가 없습니다 (만료된 인증은 제외)",
        "No certified IT supporter on shift (expired certificates do not count)"}},
      {"no-technician", {"근무 중인 기사가 없습니다", "No technician on shift"}},
      {"no-language",
       {"요청한 언어를 하는 도우미가 근무하지 않습니다",
        "No helper on shift speaks the requested language"}},
      {"no-skill",
       {"필요한 기술을 모두 갖춘 도우미가 근무하지 않습니다",
        "No helper on shift has every required skill"}},
      {"no-female-helper",
       {"여성 도우미 요청이지만 맞는 여성 도우미가 없습니다",
        "A female helper is required and none on shift can take it"}},
      {"no-time",
       {"희망 시간 안에 도착해 근무 시간 안에 마칠 수 있는 도우미가 없습니다",
        "No suitable helper can arrive within the requested times and finish within their shift"}},
      {"too-long",
       {"방문 시간이 맞는 도우미의 근무 시간보다 깁니다",
        "The visit is longer than any suitable helper's shift"}},
      {"day-full", {"맞는 도우미들의 일정이 모두 찼습니다", "The suitable helpers' days are full"}},
      {"dispatcher",
       {"배차 담당자가 계획에서 뺐습니다", "Taken out of the plan by the dispatcher"}},
  };
  const auto it = kWords.find(slug);
  return it == kWords.end() ? Words{"기타", "Other"} : it->second;
}

std::vector<std::string_view> reason_slugs() {
  return {"no-consent", "no-certified-helper", "no-technician", "no-language",
          "no-skill",   "no-female-helper",    "no-time",       "too-long",
          "day-full",   "dispatcher"};
}

Words violation_words(std::string_view kind) {
  if (kind == "skill")
    return {"이 도우미에게 필요한 기술·언어·자격이 없습니다",
            "The helper lacks a required skill, language or certification"};
  if (kind == "female")
    return {"여성 도우미만 방문할 수 있습니다", "Only a female helper may visit"};
  if (kind == "window")
    return {"희망 시간 안에 도착할 수 없습니다",
            "The helper cannot arrive within the requested time"};
  if (kind == "shift")
    return {"도우미의 근무 시간 안에 마칠 수 없습니다",
            "The day does not fit in the helper's shift"};
  if (kind == "designated")
    return {"지정 도우미가 이 방문을 맡을 수 있습니다",
            "The designated helper can make this visit"};
  if (kind == "published")
    return {"이미 공지된 방문은 옮기지 않습니다 (요청을 취소한 뒤 다시 계획하세요)",
            "A published visit stays where it is (cancel the request and plan again)"};
  return {"도우미의 하루에 맞지 않습니다", "It does not fit in the helper's day"};
}

std::vector<Violation> hard_violations(const Day& day, const routing::Solution& solution) {
  std::vector<Violation> out;
  const auto report = routing::check_plan(day.problem, solution, {.compare_cost = false});
  for (const routing::Violation& v : report.violations) {
    const std::string kind = violation_kind(v.kind);
    if (kind.empty()) continue;
    out.push_back({kind, v.job >= 0 ? day.request_ids[static_cast<std::size_t>(v.job)] : 0,
                   v.vehicle >= 0 ? day.helper_ids[static_cast<std::size_t>(v.vehicle)] : 0});
  }
  return out;
}

namespace {

// Where a request goes in a route when the dispatcher names no position: before the first
// visit whose earliest window opens later.
std::size_t position_by_time(const routing::Problem& p, const std::vector<int>& jobs, int job) {
  auto opens = [&](int j) {
    const auto& w = p.jobs[static_cast<std::size_t>(j)].windows;
    return w.empty() ? 0.0 : w.front().start;
  };
  std::size_t pos = 0;
  while (pos < jobs.size() && opens(jobs[pos]) <= opens(job)) ++pos;
  return pos;
}

}  // namespace

Result<MoveResult> apply_move(const Day& day, const Plan& plan, const Move& move) {
  auto solution = solution_of(day, plan);
  if (!solution.ok()) return solution.status();
  routing::Solution s = std::move(solution).value();
  const auto job_it = std::find(day.request_ids.begin(), day.request_ids.end(), move.request_id);
  if (job_it == day.request_ids.end()) return Status::not_found("The plan has no such request");
  const int job = static_cast<int>(job_it - day.request_ids.begin());
  for (routing::Route& r : s.routes) std::erase(r.jobs, job);
  std::erase_if(s.routes, [](const routing::Route& r) { return r.jobs.empty(); });
  std::erase_if(s.unassigned, [&](const routing::Unassigned& u) { return u.job == job; });
  std::unordered_map<Id, std::string> overrides;
  for (const Left& l : plan.unassigned) overrides[l.request_id] = l.reason;
  overrides.erase(move.request_id);
  if (!move.helper_id) {
    s.unassigned.push_back({job, routing::UnassignedReason::no_room});
    overrides[move.request_id] = "dispatcher";
  } else {
    const auto v = std::find(day.helper_ids.begin(), day.helper_ids.end(), *move.helper_id);
    if (v == day.helper_ids.end()) return Status::not_found("No helper with this id");
    const int vehicle = static_cast<int>(v - day.helper_ids.begin());
    auto route = std::find_if(s.routes.begin(), s.routes.end(),
                              [&](const routing::Route& r) { return r.vehicle == vehicle; });
    if (route == s.routes.end()) route = s.routes.insert(s.routes.end(), {vehicle, {}});
    const std::size_t pos =
        move.position
            ? std::min<std::size_t>(static_cast<std::size_t>(*move.position), route->jobs.size())
            : position_by_time(day.problem, route->jobs, job);
    route->jobs.insert(route->jobs.begin() + static_cast<std::ptrdiff_t>(pos), job);
  }
  MoveResult out;
  out.violations = hard_violations(day, s);
  if (!out.violations.empty()) return out;
  Plan moved = plan_from(day, s, overrides);
  // Only requests the solver gave up on keep its reason; those in routes have none.
  out.plan = std::move(moved);
  return out;
}

}  // namespace sangsaeng::care
