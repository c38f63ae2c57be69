// The dispatch rules without a server: who may serve a request (certification that has not
// expired, a technician's trade, the language, female-only), the designated helper first, the
// dispatcher's reasons, the checker's answer to a move, and randomized days whose plans the
// independent checker accepts (DESIGN.md invariant 5).
#include "care/rules.h"

#include <gtest/gtest.h>

#include <random>

#include "routing/check/checker.h"
#include "routing/solver.h"

namespace sangsaeng::care {
namespace {

constexpr const char* kTuesday = "2026-12-01";
constexpr const char* kSaturday = "2026-12-05";

Helper helper(Id id, HelperKind kind = HelperKind::it_supporter, Gender gender = Gender::male) {
  Helper h;
  h.id = id;
  h.name = "helper " + std::to_string(id);
  h.kind = kind;
  h.gender = gender;
  h.languages = {"ko"};
  h.home = {"서울 마포구", 37.5663, 126.9019};
  h.weekday_shift = Span{9 * 60, 18 * 60};
  h.certifications = {{"IT 서포터 인증", "2025-01-01", "2027-12-31"}};
  return h;
}

Beneficiary person(Id id) {
  Beneficiary b;
  b.id = id;
  b.program = "it-support";
  b.name = "어르신 " + std::to_string(id);
  b.phone = "010-0000-0000";
  b.place = {"서울 서대문구", 37.5791 + 0.001 * static_cast<double>(id % 10), 126.9368};
  b.consent_on = "2026-11-01";
  return b;
}

Request request(Id id, Id beneficiary, RequestKind kind = RequestKind::home_it_help) {
  Request r;
  r.id = id;
  r.program = "it-support";
  r.beneficiary_id = beneficiary;
  r.kind = kind;
  r.date = kTuesday;
  r.duration_min = 60;
  r.windows = {{10 * 60, 16 * 60}};
  return r;
}

struct DayBuilder {
  DayInput in{.date = kTuesday, .helpers = {}, .requests = {}, .beneficiaries = {}, .travel = {}};
  Request& add(Request r, Beneficiary b) {
    in.beneficiaries[b.id] = b;
    in.requests.push_back(r);
    return in.requests.back();
  }
  Request& add(Request r) { return add(r, person(r.beneficiary_id)); }
};

Plan solve_day(const Day& day) {
  routing::SolveOptions options;
  options.max_iterations = 2'000;
  const routing::Solution s = routing::solve(day.problem, options);
  EXPECT_TRUE(routing::check_plan(day.problem, s).ok());
  return plan_from(day, s);
}

std::string reason_of(const Plan& plan, Id request) {
  for (const Left& l : plan.unassigned)
    if (l.request_id == request) return l.reason;
  return "";
}

Id helper_of(const Plan& plan, Id request) {
  for (const PlanRoute& r : plan.routes)
    for (const PlannedVisit& v : r.visits)
      if (v.request_id == request) return r.helper_id;
  return 0;
}

TEST(CareRules, AnExpiredCertificateIsNotPlannedForItHelp) {
  DayBuilder d;
  Helper expired = helper(1);
  expired.certifications = {{"IT 서포터 인증", "2023-01-01", "2026-11-30"}};
  d.in.helpers = {expired};
  d.add(request(100, 10));
  Plan plan = solve_day(build_day(d.in));
  EXPECT_EQ(reason_of(plan, 100), "no-certified-helper");
  EXPECT_EQ(reason_words("no-certified-helper").en,
            "No certified IT supporter on shift (expired certificates do not count)");

  d.in.helpers = {helper(1)};  // certified through 2027
  plan = solve_day(build_day(d.in));
  EXPECT_EQ(helper_of(plan, 100), 1);
}

TEST(CareRules, RepairsNeedATechnicianAndLanguagesAreMatched) {
  DayBuilder d;
  d.in.helpers = {helper(1)};
  d.add(request(100, 10, RequestKind::broadband_repair));
  Request vi = request(101, 11);
  vi.language = "vi";
  d.add(vi);
  Plan plan = solve_day(build_day(d.in));
  EXPECT_EQ(reason_of(plan, 100), "no-technician");
  EXPECT_EQ(reason_of(plan, 101), "no-language");

  Helper tech = helper(2, HelperKind::technician);
  Helper vietnamese = helper(3);
  vietnamese.languages = {"ko", "vi"};
  d.in.helpers = {helper(1), tech, vietnamese};
  plan = solve_day(build_day(d.in));
  EXPECT_EQ(helper_of(plan, 100), 2);
  EXPECT_EQ(helper_of(plan, 101), 3);
}

TEST(CareRules, FemaleOnlyGetsAFemaleHelperAndTheDesignatedComesFirst) {
  DayBuilder d;
  d.in.helpers = {helper(1), helper(2)};
  Beneficiary alone = person(10);
  alone.female_helper_only = true;
  d.add(request(100, 10), alone);
  Plan plan = solve_day(build_day(d.in));
  EXPECT_EQ(reason_of(plan, 100), "no-female-helper");

  d.in.helpers.push_back(helper(3, HelperKind::it_supporter, Gender::female));
  Beneficiary named = person(11);
  named.designated_helper_id = 2;
  d.add(request(101, 11), named);
  plan = solve_day(build_day(d.in));
  EXPECT_EQ(helper_of(plan, 100), 3);
  EXPECT_EQ(helper_of(plan, 101), 2);
  EXPECT_EQ(plan.summary.designated, 1);
  EXPECT_EQ(plan.summary.designated_honoured, 1);
}

TEST(CareRules, NoConsentNoVisitAndWeekendsUseWeekendShifts) {
  DayBuilder d;
  d.in.date = kSaturday;
  Helper weekday_only = helper(1);
  d.in.helpers = {weekday_only};
  Beneficiary refused = person(10);
  refused.consent_on.reset();
  Request a = request(100, 10), b = request(101, 11);
  a.date = b.date = kSaturday;
  d.add(a, refused);
  d.add(b);
  Plan plan = solve_day(build_day(d.in));
  EXPECT_EQ(reason_of(plan, 100), "no-consent");
  EXPECT_EQ(reason_of(plan, 101), "no-time");
  EXPECT_EQ(plan.summary.helpers_on_shift, 0);

  d.in.helpers[0].weekend_shift = Span{10 * 60, 15 * 60};
  plan = solve_day(build_day(d.in));
  EXPECT_EQ(helper_of(plan, 101), 1);
  ASSERT_EQ(plan.routes.size(), 1u);
  // Visits start inside the window (10:00-16:00 KST on the day), after the shift's start.
  const UnixMicros day = day_start_us(kSaturday);
  EXPECT_GE(plan.routes[0].visits[0].start_at_us, day + 10 * 3600 * kMicrosPerSecond);
  EXPECT_EQ(plan.routes[0].visits[0].end_at_us - plan.routes[0].visits[0].start_at_us,
            60 * 60 * kMicrosPerSecond);
}

TEST(CareRules, TheCheckerAnswersAMove) {
  DayBuilder d;
  Helper female = helper(1, HelperKind::it_supporter, Gender::female);
  Helper late = helper(2);
  late.weekday_shift = Span{17 * 60, 20 * 60};
  Helper tech = helper(3, HelperKind::technician);
  d.in.helpers = {female, late, tech, helper(4)};
  Beneficiary alone = person(10);
  alone.female_helper_only = true;
  d.add(request(100, 10), alone);
  d.add(request(101, 11));
  const Day day = build_day(d.in);
  const Plan plan = solve_day(day);
  ASSERT_EQ(helper_of(plan, 100), 1);

  auto refused = apply_move(day, plan, {.request_id = 100, .helper_id = 4, .position = {}});
  ASSERT_TRUE(refused.ok());
  ASSERT_FALSE(refused->plan);
  EXPECT_EQ(refused->violations.front().kind, "female");
  refused = apply_move(day, plan, {.request_id = 101, .helper_id = 3, .position = {}});
  EXPECT_EQ(refused->violations.front().kind, "skill");  // a technician, no certificate
  refused = apply_move(day, plan, {.request_id = 101, .helper_id = 2, .position = {}});
  EXPECT_EQ(refused->violations.front().kind, "window");  // on shift at 17:00, window to 16:00

  const Id other = helper_of(plan, 101) == 4 ? 1 : 4;
  auto accepted = apply_move(day, plan, {.request_id = 101, .helper_id = other, .position = {}});
  ASSERT_TRUE(accepted.ok());
  ASSERT_TRUE(accepted->plan);
  EXPECT_EQ(helper_of(*accepted->plan, 101), other);
  auto out = apply_move(day, plan, {.request_id = 101, .helper_id = {}, .position = {}});
  ASSERT_TRUE(out->plan);
  EXPECT_EQ(reason_of(*out->plan, 101), "dispatcher");
  EXPECT_FALSE(apply_move(day, plan, {.request_id = 999, .helper_id = 1, .position = {}}).ok());
}

TEST(CareRules, ChecksWhatPeopleType) {
  Helper h = helper(1);
  h.weekday_shift = Span{18 * 60, 9 * 60};
  h.certifications = {{"x", "2027-01-01", "2026-01-01"}};
  const Status st = check_helper(h);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.fields().size(), 2u);
  Request r = request(1, 1);
  r.date = "2026-02-30";
  r.duration_min = 5;
  r.program = "market";
  EXPECT_EQ(check_request(r).fields().size(), 3u);
  Beneficiary b = person(1);
  b.place.lat = 91;
  EXPECT_EQ(check_beneficiary(b).fields().front().field, "lat");
}

// Random days: helpers of every kind with languages, skills and shifts, people who want a
// woman or name their helper, requests of every kind. Every saved plan must pass the checker,
// and each visit is checked again here against the people's own records.
TEST(CareRules, RandomDaysKeepInvariantFive) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
    const char* langs[] = {"ko", "vi", "zh", "ksl"};
    const char* skills[] = {"smartphone", "tv", "kiosk"};
    DayBuilder d;
    for (Id h = 1; h <= 8; ++h) {
      Helper x =
          helper(h, static_cast<HelperKind>(pick(3)), pick(2) ? Gender::female : Gender::male);
      x.languages.push_back(langs[pick(4)]);
      x.skills = {skills[pick(3)], skills[pick(3)]};
      x.home.lat += 0.01 * pick(10);
      x.weekday_shift = Span{(8 + pick(3)) * 60, (15 + pick(4)) * 60};
      if (pick(4) == 0) x.certifications[0].expires_on = "2026-11-01";
      d.in.helpers.push_back(x);
    }
    for (Id r = 100; r < 140; ++r) {
      Beneficiary b = person(r);
      b.place.lon += 0.005 * pick(20);
      b.female_helper_only = pick(5) == 0;
      if (pick(6) == 0) b.designated_helper_id = 1 + pick(8);
      Request q = request(r, r, static_cast<RequestKind>(pick(4)));
      if (pick(3) == 0) q.language = langs[pick(4)];
      if (pick(2) == 0) q.skills = {skills[pick(3)]};
      const int start = (9 + pick(6)) * 60;
      q.windows = {{start, start + 60 + 30 * pick(6)}};
      q.duration_min = 30 + 15 * pick(5);
      d.add(q, b);
    }
    const Day day = build_day(d.in);
    routing::SolveOptions options;
    options.seed = seed;
    options.max_iterations = 500;
    const routing::Solution s = routing::solve(day.problem, options);
    ASSERT_TRUE(routing::check_plan(day.problem, s).ok()) << seed;
    ASSERT_TRUE(hard_violations(day, s).empty()) << seed;
    const Plan plan = plan_from(day, s);
    EXPECT_EQ(plan.summary.assigned + plan.summary.unassigned, 40) << seed;
    std::unordered_map<Id, Helper> helpers;
    for (const Helper& h : d.in.helpers) helpers[h.id] = h;
    for (const PlanRoute& route : plan.routes) {
      const Helper& h = helpers.at(route.helper_id);
      for (const PlannedVisit& v : route.visits) {
        const Request& q = *std::find_if(d.in.requests.begin(), d.in.requests.end(),
                                         [&](const Request& x) { return x.id == v.request_id; });
        const Beneficiary& b = d.in.beneficiaries.at(q.beneficiary_id);
        const bool it = q.kind == RequestKind::home_it_help || q.kind == RequestKind::it_education;
        EXPECT_EQ(it, h.kind != HelperKind::technician) << seed;
        EXPECT_TRUE(!it || certified_on(h, kTuesday)) << seed;
        EXPECT_TRUE(!b.female_helper_only || h.gender == Gender::female) << seed;
        EXPECT_TRUE(!q.language || std::find(h.languages.begin(), h.languages.end(), *q.language) !=
                                       h.languages.end())
            << seed;
        const UnixMicros day0 = day_start_us(kTuesday);
        const auto minute = [&](UnixMicros t) { return (t - day0) / (60 * kMicrosPerSecond); };
        EXPECT_GE(minute(v.start_at_us), q.windows[0].start_min) << seed;
        EXPECT_LE(minute(v.start_at_us), q.windows[0].end_min) << seed;
        EXPECT_GE(minute(v.start_at_us), h.weekday_shift->start_min) << seed;
        EXPECT_LE(minute(v.end_at_us), h.weekday_shift->end_min) << seed;
      }
    }
  }
}

// A re-plan's pinned visit goes only to its helper at its time, pays no heed to its own
// requirements, and when a solver's answer leaves it out, keep_pins puts that helper's day back
// to the pinned visits alone (the open work there goes out as "day-full").
TEST(CareRules, PinnedVisitsStayWithTheirHelperAtTheirTime) {
  DayBuilder b;
  b.in.helpers = {helper(1), helper(2)};
  b.add(request(10, 100));
  b.add(request(11, 101));
  b.add(request(12, 102)).windows = {{8 * 60, 8 * 60 + 30}};  // closes before 10:00
  const UnixMicros at = day_start_us(kTuesday) + 11 * 3600 * kMicrosPerSecond;
  b.in.pins[10] = {.helper_id = 2, .start_at_us = at};
  b.in.earliest_start_s = 10 * 3600;  // a re-plan made at 10:00
  const Day day = build_day(b.in);
  ASSERT_EQ(day.pinned_vehicle, (std::vector<int>{1, -1}));  // 12 is out: its window closed
  ASSERT_EQ(day.excluded.size(), 1u);
  EXPECT_EQ(day.excluded[0].reason, "no-time");

  const Plan plan = solve_day(day);
  EXPECT_EQ(helper_of(plan, 10), 2);
  for (const PlanRoute& r : plan.routes) {
    for (const PlannedVisit& v : r.visits) {
      if (v.request_id == 10) {
        EXPECT_EQ(v.start_at_us, at);
      }
    }
  }

  // A solver's answer with the pinned visit left out and open work on its helper.
  routing::Solution dropped;
  dropped.routes = {{.vehicle = 1, .jobs = {1}}};
  dropped.unassigned = {{0, routing::UnassignedReason::no_room}};
  const routing::Solution kept = keep_pins(day, dropped);
  ASSERT_EQ(kept.routes.size(), 1u);
  EXPECT_EQ(kept.routes[0].vehicle, 1);
  EXPECT_EQ(kept.routes[0].jobs, (std::vector<int>{0}));
  ASSERT_EQ(kept.unassigned.size(), 1u);
  EXPECT_EQ(kept.unassigned[0].job, 1);
  EXPECT_TRUE(hard_violations(day, kept).empty());
}

}  // namespace
}  // namespace sangsaeng::care
