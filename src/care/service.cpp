#include "care/service.h"

#include <algorithm>
#include <cassert>
#include <unordered_map>

#include "accounts/service.h"
#include "outbox/outbox.h"
#include "routing/check/checker.h"
#include "routing/solver.h"

namespace sangsaeng::care {

namespace {

constexpr int kSecondsMax = 600;  // config.care_plan_seconds_max bounds it lower
constexpr std::size_t kNotesMax = 2'000;

std::string seoul_date(UnixMicros t) {
  return format_date(civil_from_micros(t, kSeoulOffsetMinutes));
}

std::string hh_mm(UnixMicros t) {
  const CivilTime c = civil_from_micros(t, kSeoulOffsetMinutes);
  char out[24];
  std::snprintf(out, sizeof out, "%02d:%02d", c.hour, c.minute);
  return out;
}

Status rows_invalid(std::vector<FieldError> errors) {
  return Status::invalid(std::move(errors));
}

// Appends a status's field errors under "items[i]." (an import's row).
void add_errors(std::vector<FieldError>& errors, std::size_t i, const Status& st) {
  for (const FieldError& e : st.fields())
    errors.push_back({"items[" + std::to_string(i) + "]." + e.field, e.message});
}

void audit_read(soci::session& s, const Actor& a, Id beneficiary_id, UnixMicros now) {
  accounts::AuditEntry e;
  e.at = now;
  e.actor_id = a.user_id;
  e.actor_email = a.email;
  e.action = "READ care beneficiary";
  e.target = "care-beneficiary:" + id_to_string(beneficiary_id);
  e.remote_addr = a.remote_addr;
  e.request_id = a.request_id;
  e.status = 200;
  accounts::append_audit(s, e);
}

template <class T>
std::vector<Id> ids_of(const std::vector<T>& list) {
  std::vector<Id> ids;
  for (const T& t : list) ids.push_back(t.id);
  return ids;
}

std::vector<Id> plan_request_ids(const Plan& plan) {
  std::vector<Id> ids;
  for (const PlanRoute& r : plan.routes)
    for (const PlannedVisit& v : r.visits) ids.push_back(v.request_id);
  for (const Left& l : plan.unassigned) ids.push_back(l.request_id);
  return ids;
}

outbox::Message assignment_notice(const Plan& plan, const PlanRoute& route, Id user_id,
                                  UnixMicros now) {
  outbox::Message m;
  m.id = ids().next();
  m.dedup_key = "care:plan:" + id_to_string(plan.id) + ":helper:" + id_to_string(route.helper_id);
  m.topic = "care.assigned";
  m.recipient_user_id = user_id;
  m.channel = "app";
  m.address = "user:" + id_to_string(user_id);
  m.subject = "방문 일정 " + plan.date;
  m.body = "[IT 서포터즈] " + plan.date + " 방문 " + std::to_string(route.visits.size()) +
           "건이 배정되었습니다. 첫 방문 " + hh_mm(route.visits.front().start_at_us) +
           ". 앱의 '오늘의 방문'에서 주소와 순서를 확인하세요.";
  m.created_at_us = now;
  return m;
}

}  // namespace

bool Actor::manages_program(std::string_view program) const {
  return admin || std::find(manages.begin(), manages.end(), program) != manages.end();
}

bool Actor::manages_care() const {
  return admin || std::any_of(std::begin(kPrograms), std::end(kPrograms),
                              [&](std::string_view p) { return manages_program(p); });
}

CareService::CareService(store::Db& db, CareOptions options)
    : db_(db), options_(std::move(options)) {}

Result<std::vector<Id>> CareService::add_helpers(std::vector<Helper> helpers, const Actor& actor) {
  if (!actor.manages_care()) return Status::forbidden("Only care managers add helpers");
  if (helpers.empty() || helpers.size() > static_cast<std::size_t>(options_.rows_per_call_max))
    return Status::invalid("items", "1 to 5,000 helpers");
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < helpers.size(); ++i) add_errors(errors, i, check_helper(helpers[i]));
  if (!errors.empty()) return rows_invalid(std::move(errors));
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<std::vector<Id>> {
    for (std::size_t i = 0; i < helpers.size(); ++i) {
      if (!helpers[i].user_id) continue;
      long long users = 0, taken = 0;
      s << "SELECT COUNT(*) FROM users WHERE id = :u", soci::use(*helpers[i].user_id),
          soci::into(users);
      s << "SELECT COUNT(*) FROM care_helpers WHERE user_id = :u", soci::use(*helpers[i].user_id),
          soci::into(taken);
      if (users == 0 || taken > 0)
        errors.push_back({"items[" + std::to_string(i) + "].user_id",
                          users == 0 ? "no such user" : "is another helper's account"});
    }
    if (!errors.empty()) return rows_invalid(std::move(errors));
    for (Helper& h : helpers) {
      h.id = ids().next();
      h.created_at_us = now;
    }
    insert_helpers(s, helpers);
    return ids_of(helpers);
  });
}

Result<std::vector<Id>> CareService::add_beneficiaries(std::vector<Beneficiary> list,
                                                       const Actor& actor) {
  if (list.empty() || list.size() > static_cast<std::size_t>(options_.rows_per_call_max))
    return Status::invalid("items", "1 to 5,000 people");
  std::vector<FieldError> errors;
  std::vector<Id> designated;
  for (std::size_t i = 0; i < list.size(); ++i) {
    add_errors(errors, i, check_beneficiary(list[i]));
    if (is_care_program(list[i].program) && !actor.manages_program(list[i].program))
      return Status::forbidden("You do not manage the program " + list[i].program);
    if (list[i].designated_helper_id) designated.push_back(*list[i].designated_helper_id);
  }
  if (!errors.empty()) return rows_invalid(std::move(errors));
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<std::vector<Id>> {
    const std::vector<Id> missing = missing_helpers(s, designated);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& d = list[i].designated_helper_id;
      if (d && std::find(missing.begin(), missing.end(), *d) != missing.end())
        errors.push_back(
            {"items[" + std::to_string(i) + "].designated_helper_id", "no such helper"});
    }
    if (!errors.empty()) return rows_invalid(std::move(errors));
    for (Beneficiary& b : list) {
      b.id = ids().next();
      b.created_at_us = now;
    }
    insert_beneficiaries(s, list);
    return ids_of(list);
  });
}

Result<std::vector<Id>> CareService::add_requests(std::vector<Request> list, const Actor& actor) {
  if (list.empty() || list.size() > static_cast<std::size_t>(options_.rows_per_call_max))
    return Status::invalid("items", "1 to 5,000 requests");
  std::vector<FieldError> errors;
  std::vector<Id> people;
  for (std::size_t i = 0; i < list.size(); ++i) {
    add_errors(errors, i, check_request(list[i]));
    if (is_care_program(list[i].program) && !actor.manages_program(list[i].program))
      return Status::forbidden("You do not manage the program " + list[i].program);
    people.push_back(list[i].beneficiary_id);
  }
  if (!errors.empty()) return rows_invalid(std::move(errors));
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<std::vector<Id>> {
    std::vector<Id> found = ids_of(beneficiaries_by_ids(s, people));
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!std::binary_search(found.begin(), found.end(), list[i].beneficiary_id))
        errors.push_back({"items[" + std::to_string(i) + "].beneficiary_id", "no such person"});
    }
    if (!errors.empty()) return rows_invalid(std::move(errors));
    for (Request& r : list) {
      r.id = ids().next();
      r.status = RequestStatus::requested;
      r.created_by = actor.user_id;
      r.created_at_us = r.updated_at_us = now;
    }
    insert_requests(s, list);
    return ids_of(list);
  });
}

Result<Request> CareService::cancel_request(Id id, const std::string& reason, const Actor& actor) {
  if (reason.empty() || reason.size() > 500) return Status::invalid("reason", "1 to 500 bytes");
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Request> {
    auto r = care::find_request(s, id);
    if (!r) return Status::not_found("No request with this id");
    if (!actor.manages_program(r->program))
      return Status::forbidden("You do not manage the program " + r->program);
    if (r->status != RequestStatus::requested && r->status != RequestStatus::planned)
      return Status(Code::failed_precondition, "request-closed",
                    "The request is " + std::string(to_string(r->status)));
    set_request_status(s, id, RequestStatus::cancelled, reason, now);
    r->status = RequestStatus::cancelled;
    r->reason = reason;
    r->updated_at_us = now;
    return *r;
  });
}

namespace {

constexpr int kOpenBookingsMax = 5;
constexpr int kBookAheadDays = 60;

int visit_minutes(RequestKind kind) {  // the usual length of each kind of visit
  return kind == RequestKind::it_education || kind == RequestKind::installation ? 90 : 60;
}

}  // namespace

Result<Request> CareService::book(const Booking& in, const Actor& actor) {
  const UnixMicros now = options_.clock();
  const std::string today = seoul_date(now);
  Beneficiary b;
  b.program = in.program;
  b.name = in.name;
  b.phone = in.phone;
  b.place = in.place;
  b.needs = in.needs;
  b.consent_on = today;
  b.designated_helper_id = in.designated_helper_id;
  b.female_helper_only = in.female_helper_only || in.program == "female-tech";
  Request r;
  r.program = in.program;
  r.kind = in.kind;
  r.date = in.date;
  r.duration_min = visit_minutes(in.kind);
  r.windows = in.windows;
  r.language = in.language;
  std::vector<FieldError> errors;
  for (const FieldError& e : check_beneficiary(b).fields()) errors.push_back(e);
  for (const FieldError& e : check_request(r).fields())
    if (e.field != "program") errors.push_back(e);
  if (!in.consent) errors.push_back({"consent", "is needed to book a visit"});
  const std::string last = seoul_date(now + kBookAheadDays * kMicrosPerDay);
  if (in.date.size() == 10 && (in.date <= today || in.date > last))
    errors.push_back({"date", "must be from tomorrow to " + last});
  if (in.windows.empty() || in.windows.size() > 3) errors.push_back({"windows", "1 to 3 times"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return db_.write([&](soci::session& s) -> Result<Request> {
    if (b.designated_helper_id && !missing_helpers(s, {*b.designated_helper_id}).empty())
      return Status::invalid("designated_helper_id", "no such engineer");
    if (open_requests_by(s, actor.user_id) >= kOpenBookingsMax)
      return Status(Code::failed_precondition, "too-many-requests",
                    "You have 5 open requests; wait for a visit or cancel one");
    b.id = ids().next();
    b.created_at_us = now;
    insert_beneficiaries(s, {b});
    r.id = ids().next();
    r.beneficiary_id = b.id;
    r.created_by = actor.user_id;
    r.created_at_us = r.updated_at_us = now;
    insert_requests(s, {r});
    return r;
  });
}

std::vector<Request> CareService::my_requests(const Actor& actor) {
  return db_.read([&](soci::session& s) { return requests_by_creator(s, actor.user_id, 50); });
}

std::vector<Helper> CareService::engineers() {
  std::vector<Helper> out;
  for (Helper& h : helpers(std::nullopt, options_.helpers_max).items)
    if (h.kind == HelperKind::technician) out.push_back(std::move(h));
  return out;
}

std::vector<Plan> CareService::plans_on(const std::string& date) {
  return db_.read([&](soci::session& s) { return care::plans_on(s, date, 20); });
}

Page<Helper> CareService::helpers(std::optional<Id> after, int limit) {
  return db_.read([&](soci::session& s) { return page_helpers(s, after, limit); });
}

std::optional<Request> CareService::find_request(Id id) {
  return db_.read([&](soci::session& s) { return care::find_request(s, id); });
}

std::vector<Request> CareService::requests_on(const std::string& date) {
  return db_.read([&](soci::session& s) {
    return care::requests_on(s, date, std::nullopt, options_.requests_per_day_max);
  });
}

Result<Beneficiary> CareService::beneficiary(Id id, const Actor& actor) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Beneficiary> {
    auto found = beneficiaries_by_ids(s, {id});
    if (found.empty()) return Status::not_found("No person with this id");
    const Beneficiary& b = found.front();
    bool allowed = actor.manages_program(b.program);
    if (!allowed) {
      const auto helper = helper_of_user(s, actor.user_id);
      allowed = helper && visits_beneficiary(s, helper->id, id, seoul_date(now));
    }
    if (!allowed)
      return Status::forbidden(
          "Only the program's managers and the helper visiting today see this person");
    audit_read(s, actor, id, now);
    return b;
  });
}

Day CareService::load_day(soci::session& s, const std::string& date,
                          const std::vector<Id>& request_ids, const std::optional<Plan>& base,
                          UnixMicros now) {
  DayInput in{
      .date = date, .helpers = {}, .requests = {}, .beneficiaries = {}, .travel = options_.travel};
  in.helpers = page_helpers(s, std::nullopt, options_.helpers_max).items;
  if (!request_ids.empty()) {
    in.requests = requests_by_ids(s, request_ids);
  } else {
    in.requests =
        care::requests_on(s, date, RequestStatus::requested, options_.requests_per_day_max);
    if (base) {  // a re-plan: the published visits' requests besides the open ones
      std::vector<Id> published;
      for (const PlanRoute& r : base->routes)
        for (const PlannedVisit& v : r.visits) published.push_back(v.request_id);
      for (Request& r : requests_by_ids(s, published))
        if (r.status != RequestStatus::cancelled && r.status != RequestStatus::requested)
          in.requests.push_back(std::move(r));
    }
  }
  if (base) {
    std::unordered_map<Id, RequestStatus> status;
    for (const Request& r : in.requests) status[r.id] = r.status;
    for (const PlanRoute& r : base->routes) {
      for (const PlannedVisit& v : r.visits) {
        const auto st = status.find(v.request_id);
        if (st == status.end() || st->second == RequestStatus::cancelled ||
            st->second == RequestStatus::requested)
          continue;
        in.pins[v.request_id] = {.helper_id = r.helper_id, .start_at_us = v.start_at_us};
      }
    }
    // During the day, new work is placed from now on (to the next minute).
    if (seoul_date(now) == date) {
      const UnixMicros since = now - day_start_us(date);
      in.earliest_start_s = static_cast<int>((since / (60 * kMicrosPerSecond) + 1) * 60);
    }
  }
  std::vector<Id> people;
  for (const Request& r : in.requests) people.push_back(r.beneficiary_id);
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  for (Beneficiary& b : beneficiaries_by_ids(s, people)) in.beneficiaries[b.id] = std::move(b);
  return build_day(in);
}

namespace {

// The base plan's visits that a re-plan was to keep (pinned) and did not keep with their
// helper and start time.
std::vector<Id> moved_visits(const Day& day, const Plan& base, const Plan& plan) {
  std::unordered_map<Id, std::pair<Id, UnixMicros>> now;
  for (const PlanRoute& r : plan.routes)
    for (const PlannedVisit& v : r.visits) now[v.request_id] = {r.helper_id, v.start_at_us};
  std::vector<Id> moved;
  for (const PlanRoute& r : base.routes) {
    for (const PlannedVisit& v : r.visits) {
      const auto job = std::find(day.request_ids.begin(), day.request_ids.end(), v.request_id);
      if (job == day.request_ids.end()) continue;  // cancelled: not kept, not moved
      if (day.pinned_vehicle[static_cast<std::size_t>(job - day.request_ids.begin())] < 0) continue;
      const auto at = now.find(v.request_id);
      if (at == now.end() || at->second != std::pair{r.helper_id, v.start_at_us})
        moved.push_back(v.request_id);
    }
  }
  return moved;
}

}  // namespace

Result<Plan> CareService::plan_day(const std::string& date, int seconds, const Actor& actor) {
  if (date.size() != 10 || !parse_date(date)) return Status::invalid("date", "YYYY-MM-DD");
  if (seconds < 1 || seconds > kSecondsMax) return Status::invalid("seconds", "1 to 600");
  const UnixMicros now = options_.clock();
  // The solver runs outside any transaction: no connection is held while it thinks. A day
  // with a published plan is re-planned from it (its visits kept).
  std::optional<Plan> base;
  const Day day = db_.read([&](soci::session& s) {
    if (const auto published = published_plan_on(s, date)) base = care::find_plan(s, *published);
    return load_day(s, date, {}, base, now);
  });
  routing::SolveOptions options;
  const auto started = std::chrono::steady_clock::now();
  options.deadline = started + std::chrono::seconds(seconds);
  options.max_iterations = options_.solver_iterations_max;
  const routing::Solution solution = keep_pins(day, routing::solve(day.problem, options));
  const auto solver_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
  // Invariant 5: the checker's every check on a solver's plan; a re-plan's pins (the open
  // work placed around them) are judged by the hard checks alone, as a dispatcher's move.
  if (!base) {
    const auto report = routing::check_plan(day.problem, solution);
    if (!report.ok())
      return Status(Code::internal, "plan-check-failed",
                    "The checker refused the solver's plan: " + report.violations.front().message);
  } else if (const auto hard = hard_violations(day, solution); !hard.empty()) {
    return Status(Code::internal, "plan-check-failed",
                  "The checker refused the re-plan: " + hard.front().kind);
  }
  Plan plan = plan_from(day, solution);
  plan.id = ids().next();
  plan.created_by = actor.user_id;
  plan.created_at_us = now;
  plan.summary.solver_ms = solver_ms;
  if (base) {
    plan.base_plan_id = base->id;
    plan.moved = moved_visits(day, *base, plan);
    plan.summary.kept =
        static_cast<int>(std::count_if(day.pinned_vehicle.begin(), day.pinned_vehicle.end(),
                                       [](int v) { return v >= 0; }) -
                         static_cast<long>(plan.moved.size()));
  }
  db_.write([&](soci::session& s) { insert_plan(s, plan); });
  return plan;
}

std::optional<Plan> CareService::find_plan(Id id) {
  return db_.read([&](soci::session& s) { return care::find_plan(s, id); });
}

Result<MoveResult> CareService::move(Id plan_id, const Move& m) {
  return db_.write([&](soci::session& s) -> Result<MoveResult> {
    auto plan = care::find_plan(s, plan_id);
    if (!plan) return Status::not_found("No plan with this id");
    if (plan->published)
      return Status(Code::failed_precondition, "plan-published",
                    "A published plan is not moved by hand");
    std::optional<Plan> base;
    if (plan->base_plan_id) base = care::find_plan(s, *plan->base_plan_id);
    // The day as the plan saw it (its pins, and "now" as when it was made).
    const Day day = load_day(s, plan->date, plan_request_ids(*plan), base, plan->created_at_us);
    const auto job = std::find(day.request_ids.begin(), day.request_ids.end(), m.request_id);
    if (job != day.request_ids.end() &&
        day.pinned_vehicle[static_cast<std::size_t>(job - day.request_ids.begin())] >= 0)
      return MoveResult{.plan = std::nullopt,
                        .violations = {{"published", m.request_id, m.helper_id.value_or(0)}}};
    auto moved = apply_move(day, *plan, m);
    if (!moved.ok() || !moved->plan) return moved;
    Plan& next = *moved.value().plan;
    next.id = plan->id;
    next.created_by = plan->created_by;
    next.created_at_us = plan->created_at_us;
    next.moves = plan->moves + 1;
    next.summary.solver_ms = plan->summary.solver_ms;
    next.summary.iterations = plan->summary.iterations;
    next.summary.kept = plan->summary.kept;
    next.base_plan_id = plan->base_plan_id;
    next.moved = plan->moved;
    update_plan(s, next);
    return moved;
  });
}

Result<Plan> CareService::publish(Id plan_id, const Actor&) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Plan> {
    auto plan = care::find_plan(s, plan_id);
    if (!plan) return Status::not_found("No plan with this id");
    if (plan->published)
      return Status(Code::failed_precondition, "plan-published", "The plan is already published");
    // Two publications of the day meet here one after the other: the second sees the first.
    lock_day(s, plan->date);
    if (published_plan_on(s, plan->date) != plan->base_plan_id)
      return Status(Code::failed_precondition, "day-published",
                    "Another plan of the day is published; plan the day again");
    std::unordered_map<Id, Visit> existing;  // the day's visits by request
    for (Visit& v : visits_on(s, plan->date)) existing.emplace(v.request_id, std::move(v));
    if (auto changed = check_requests(s, *plan, existing); !changed.ok()) return changed;
    std::vector<Visit> added;
    std::vector<outbox::Message> notices;
    std::unordered_map<Id, bool> routed;
    for (const PlanRoute& r : plan->routes) {
      bool news = false;
      for (std::size_t i = 0; i < r.visits.size(); ++i) {
        const PlannedVisit& p = r.visits[i];
        routed[p.request_id] = true;
        const auto old = existing.find(p.request_id);
        Visit v = old == existing.end() ? Visit{} : old->second;
        v.plan_id = plan->id;
        v.request_id = p.request_id;
        v.helper_id = r.helper_id;
        v.date = plan->date;
        v.seq = static_cast<int>(i) + 1;
        v.start_at_us = p.start_at_us;
        v.end_at_us = p.end_at_us;
        if (old != existing.end()) {
          place_visit(s, v);
          continue;
        }
        v.id = ids().next();
        added.push_back(v);
        set_request_status(s, v.request_id, RequestStatus::planned, "", now);
        news = true;
      }
      const auto helper = find_helper(s, r.helper_id);
      if (news && helper && helper->user_id)
        notices.push_back(assignment_notice(*plan, r, *helper->user_id, now));
    }
    // A published visit left out was cancelled: it leaves the helper's day unless begun.
    for (const auto& [request, v] : existing)
      if (!routed.contains(request) && v.status == VisitStatus::planned) delete_visit(s, v.id);
    insert_visits(s, added);
    outbox::enqueue_all(s, notices);
    if (plan->base_plan_id) supersede_plan(s, *plan->base_plan_id, now);
    plan->published = true;
    plan->published_at_us = now;
    update_plan(s, *plan);
    return *plan;
  });
}

Status CareService::check_requests(soci::session& s, const Plan& plan,
                                   const std::unordered_map<Id, Visit>& existing) {
  std::vector<Id> routed;
  for (const PlanRoute& r : plan.routes)
    for (const PlannedVisit& v : r.visits) routed.push_back(v.request_id);
  for (const Request& r : requests_by_ids(s, routed)) {
    // New work must still be open; a kept visit's request must not have been cancelled.
    const bool kept = existing.contains(r.id);
    const bool fine =
        kept ? r.status != RequestStatus::cancelled : r.status == RequestStatus::requested;
    if (!fine)
      return Status(Code::failed_precondition, "request-changed",
                    "Request " + id_to_string(r.id) + " is " + std::string(to_string(r.status)) +
                        " now; plan the day again");
  }
  return {};
}

Result<std::vector<VisitView>> CareService::my_day(const Actor& actor) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<std::vector<VisitView>> {
    const auto helper = helper_of_user(s, actor.user_id);
    if (!helper)
      return Status(Code::not_found, "not-a-helper", "Your account is not a care helper's");
    std::vector<VisitView> out;
    for (Visit& v : helper_visits(s, helper->id, seoul_date(now))) {
      auto request = care::find_request(s, v.request_id);
      // A visit not begun whose request was cancelled is no longer the helper's errand.
      if (!request ||
          (request->status == RequestStatus::cancelled && v.status == VisitStatus::planned))
        continue;
      auto people = beneficiaries_by_ids(s, {request->beneficiary_id});
      if (people.empty()) continue;
      audit_read(s, actor, people.front().id, now);
      out.push_back({std::move(v), std::move(*request), std::move(people.front())});
    }
    return out;
  });
}

Result<Visit> CareService::own_visit(soci::session& s, Id visit_id, const Actor& actor,
                                     UnixMicros now) {
  const auto helper = helper_of_user(s, actor.user_id);
  auto visit = find_visit(s, visit_id);
  if (!helper || !visit || visit->helper_id != helper->id)
    return Status::not_found("No visit of yours with this id");
  if (visit->date != seoul_date(now))
    return Status(Code::failed_precondition, "visit-not-today",
                  "The visit is on " + visit->date + ", not today");
  return *visit;
}

Result<Visit> CareService::check_in(Id visit_id, const Actor& actor) {
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Visit> {
    auto visit = own_visit(s, visit_id, actor, now);
    if (!visit.ok()) return visit;
    Visit v = std::move(visit).value();
    if (v.status != VisitStatus::planned)
      return Status(Code::failed_precondition, "visit-state", "Checked in already");
    v.status = VisitStatus::visiting;
    v.checked_in_at_us = now;
    update_visit(s, v);
    set_request_status(s, v.request_id, RequestStatus::visiting, "", now);
    return v;
  });
}

Result<Visit> CareService::check_out(Id visit_id, const CheckOut& out, const Actor& actor) {
  std::vector<FieldError> errors;
  if (out.notes.size() > kNotesMax) errors.push_back({"notes", "at most 2,000 bytes"});
  if (out.duration_min && (*out.duration_min < 1 || *out.duration_min > 600))
    errors.push_back({"duration_min", "1 to 600 minutes"});
  if (out.satisfaction && (*out.satisfaction < 1 || *out.satisfaction > 5))
    errors.push_back({"satisfaction", "1 to 5"});
  if (out.satisfaction && out.outcome == Outcome::not_home)
    errors.push_back({"satisfaction", "nobody was home to ask"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) -> Result<Visit> {
    auto visit = own_visit(s, visit_id, actor, now);
    if (!visit.ok()) return visit;
    Visit v = std::move(visit).value();
    if (v.status != VisitStatus::visiting)
      return Status(Code::failed_precondition, "visit-state",
                    v.status == VisitStatus::done ? "Checked out already" : "Check in first");
    v.status = VisitStatus::done;
    v.checked_out_at_us = now;
    v.outcome = out.outcome;
    v.notes = out.notes;
    v.satisfaction = out.satisfaction;
    const auto minutes =
        (now - *v.checked_in_at_us + 30 * kMicrosPerSecond) / (60 * kMicrosPerSecond);
    v.duration_min =
        out.duration_min.value_or(static_cast<int>(std::clamp<UnixMicros>(minutes, 1, 600)));
    update_visit(s, v);
    if (out.outcome == Outcome::not_home) {
      set_request_status(s, v.request_id, RequestStatus::cancelled, "not-home", now);
    } else {
      set_request_status(s, v.request_id, RequestStatus::done,
                         out.outcome == Outcome::follow_up ? "follow-up" : "", now);
    }
    return v;
  });
}

}  // namespace sangsaeng::care
