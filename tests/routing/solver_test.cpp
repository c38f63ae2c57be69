// The solver's rules on small hand-made problems, and the checker catching each violation.
#include "routing/solver.h"

#include <gtest/gtest.h>

#include "routing/check/checker.h"

namespace sangsaeng::routing {
namespace {

// A line: the depot at x = 0, jobs at the x given; travel 1 unit of time per unit of distance.
Problem line_problem(const std::vector<double>& xs, int vehicles) {
  Problem p;
  std::vector<Point> points{{0, 0}};
  for (std::size_t i = 0; i < xs.size(); ++i) {
    points.push_back({xs[i], 0});
    Job j;
    j.id = static_cast<std::int64_t>(i) + 1;
    j.location = static_cast<int>(i) + 1;
    j.service = 1;
    p.jobs.push_back(j);
  }
  for (int v = 0; v < vehicles; ++v) {
    Vehicle veh;
    veh.id = 10 + v;
    veh.start_location = 0;
    veh.end_location = 0;
    veh.shift = {0, 1000};
    veh.capacity = 10;
    p.vehicles.push_back(veh);
  }
  p.travel = std::make_shared<EuclideanTravel>(points);
  return p;
}

Solution solve_small(const Problem& p) {
  SolveOptions options;
  options.max_iterations = 500;
  Solution s = solve(p, options);
  const CheckReport report = check_plan(p, s);
  EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.violations.front().message);
  return s;
}

int vehicle_of(const Solution& s, int job) {
  for (const Route& r : s.routes) {
    for (int j : r.jobs) {
      if (j == job) return r.vehicle;
    }
  }
  return -1;
}

std::optional<UnassignedReason> reason_of(const Solution& s, int job) {
  for (const Unassigned& u : s.unassigned) {
    if (u.job == job) return u.reason;
  }
  return std::nullopt;
}

TEST(RoutingSolver, FemaleOnlyJobsGoToFemaleHelpers) {
  Problem p = line_problem({5, 6, 7}, 2);
  p.vehicles[1].female = true;
  p.jobs[1].female_only = true;
  const Solution s = solve_small(p);
  EXPECT_EQ(vehicle_of(s, 1), 1);
  EXPECT_TRUE(s.unassigned.empty());
}

TEST(RoutingSolver, ReportsWhyJobsCannotBePlanned) {
  Problem p = line_problem({5, 6, 7, 8, 9, 10}, 1);
  p.vehicles[0].skills = {1};
  p.jobs[0].skills = {2};              // nobody has skill 2
  p.jobs[1].female_only = true;        // nobody is female
  p.jobs[2].demand = 11;               // above capacity 10
  p.jobs[3].windows = {{2000, 2100}};  // after the shift
  p.jobs[4].windows = {{100, 100}};    // these two both need time 100 ...
  p.jobs[5].windows = {{100, 100}};    // ... and there is one helper
  const Solution s = solve_small(p);
  EXPECT_EQ(reason_of(s, 0), UnassignedReason::skill);
  EXPECT_EQ(reason_of(s, 1), UnassignedReason::female);
  EXPECT_EQ(reason_of(s, 2), UnassignedReason::capacity);
  EXPECT_EQ(reason_of(s, 3), UnassignedReason::window);
  EXPECT_EQ(s.unassigned.size(), 5u);
  const bool one_of =
      reason_of(s, 4) == UnassignedReason::no_room || reason_of(s, 5) == UnassignedReason::no_room;
  EXPECT_TRUE(one_of);
}

TEST(RoutingSolver, FemaleOnlyJobWithoutAFemaleHelperOnShift) {
  Problem p = line_problem({5}, 2);
  p.vehicles[1].female = true;
  p.vehicles[1].shift = {500, 600};
  p.jobs[0].female_only = true;
  p.jobs[0].windows = {{10, 20}};
  const Solution s = solve_small(p);
  EXPECT_EQ(reason_of(s, 0), UnassignedReason::female);
}

TEST(RoutingSolver, DesignatedHelperGetsTheVisitEvenWhenFarther) {
  Problem p = line_problem({5, 6, 50}, 2);
  p.vehicles[0].shift = {0, 1000};
  p.jobs[1].designated_vehicle = 1;  // vehicle 1 otherwise unused
  const Solution s = solve_small(p);
  EXPECT_EQ(vehicle_of(s, 1), 1);
  EXPECT_EQ(s.cost.designated_missed, 0);
}

TEST(RoutingSolver, DesignatedJobElsewhereWhenTheHelperCannotMakeIt) {
  Problem p = line_problem({5}, 2);
  p.vehicles[1].shift = {500, 600};
  p.jobs[0].windows = {{0, 50}};
  p.jobs[0].designated_vehicle = 1;
  const Solution s = solve_small(p);
  EXPECT_EQ(vehicle_of(s, 0), 0);
  EXPECT_EQ(s.cost.designated_missed, 1);
}

TEST(RoutingSolver, SecondWindowUsedWhenTheFirstIsMissed) {
  Problem p = line_problem({50}, 1);
  p.jobs[0].windows = {{0, 10}, {200, 220}};
  const Solution s = solve_small(p);
  EXPECT_TRUE(s.unassigned.empty());
  EXPECT_NEAR(s.cost.distance, 100.0, 1e-9);
}

TEST(RoutingSolver, HighPriorityIsPlannedFirst) {
  Problem p = line_problem({5, 5.5}, 1);
  p.jobs[0].windows = {{100, 100}};
  p.jobs[1].windows = {{100, 100}};
  p.jobs[1].priority = 50;
  const Solution s = solve_small(p);
  ASSERT_EQ(s.unassigned.size(), 1u);
  EXPECT_EQ(s.unassigned[0].job, 0);
  EXPECT_EQ(s.cost.unassigned_weight, 1);
}

TEST(RoutingSolver, MinimisingVehiclesUsesFewer) {
  // Two clusters far apart: distance prefers two vehicles, the vehicle objective one.
  Problem p = line_problem({100, 101, -100, -101}, 2);
  SolveOptions options;
  options.max_iterations = 500;
  const Solution by_distance = solve(p, options);
  p.objective.minimise_vehicles = true;
  const Solution by_vehicles = solve(p, options);
  EXPECT_EQ(by_vehicles.cost.vehicles, 1);
  EXPECT_LE(by_distance.cost.distance, by_vehicles.cost.distance);
  EXPECT_TRUE(check_plan(p, by_vehicles).ok());
}

TEST(RoutingSolver, WorkingTimeLimitSplitsRoutes) {
  Problem p = line_problem({10, 11}, 2);
  p.vehicles[0].max_working_time = 23;
  p.vehicles[1].max_working_time = 23;
  const Solution s = solve_small(p);
  EXPECT_TRUE(s.unassigned.empty());
  EXPECT_EQ(s.cost.vehicles, 2);
}

TEST(RoutingSolver, OpenRoutesHaveNoReturnLeg) {
  Problem p = line_problem({10, 20}, 1);
  p.vehicles[0].end_location.reset();
  const Solution s = solve_small(p);
  EXPECT_NEAR(s.cost.distance, 20.0, 1e-9);
}

TEST(RoutingSolver, EmptyProblems) {
  Problem p = line_problem({}, 1);
  EXPECT_TRUE(solve(p).routes.empty());
  Problem q = line_problem({5}, 0);
  const Solution s = solve(q);
  ASSERT_EQ(s.unassigned.size(), 1u);
  EXPECT_EQ(s.unassigned[0].reason, UnassignedReason::skill);
}

TEST(RoutingSolver, ValidateNamesTheProblem) {
  Problem p = line_problem({5}, 1);
  p.jobs[0].windows = {{10, 5}};
  EXPECT_NE(validate(p).find("job 1"), std::string::npos);
  p.jobs[0].windows = {{10, 20}, {15, 30}};
  EXPECT_NE(validate(p), "");
  p.jobs[0].windows = {};
  p.jobs[0].designated_vehicle = 3;
  EXPECT_NE(validate(p), "");
}

// --- the checker -----------------------------------------------------------------------------

bool has(const CheckReport& r, ViolationKind kind) {
  for (const Violation& v : r.violations) {
    if (v.kind == kind) return true;
  }
  return false;
}

CheckReport check(const Problem& p, std::vector<Route> routes,
                  std::vector<Unassigned> unassigned = {}) {
  Solution s;
  s.routes = std::move(routes);
  s.unassigned = std::move(unassigned);
  CheckOptions options;
  options.compare_cost = false;
  return check_plan(p, s, options);
}

TEST(RoutingChecker, AcceptsAValidPlanAndRecomputesTheCost) {
  const Problem p = line_problem({5, 10}, 1);
  const CheckReport r = check(p, {{0, {0, 1}}});
  EXPECT_TRUE(r.ok());
  EXPECT_NEAR(r.cost.distance, 20.0, 1e-9);
  EXPECT_EQ(r.cost.vehicles, 1);
}

TEST(RoutingChecker, CatchesEachViolation) {
  Problem p = line_problem({5, 10, 15}, 2);
  p.jobs[0].skills = {3};
  EXPECT_TRUE(has(check(p, {{0, {0, 1, 2}}}), ViolationKind::skill));
  p.jobs[0].skills = {};
  p.jobs[0].female_only = true;
  EXPECT_TRUE(has(check(p, {{0, {0, 1, 2}}}), ViolationKind::female));
  p.jobs[0].female_only = false;
  p.jobs[0].demand = 6;
  p.jobs[1].demand = 6;
  EXPECT_TRUE(has(check(p, {{0, {0, 1, 2}}}), ViolationKind::capacity));
  p.jobs[0].demand = p.jobs[1].demand = 0;
  p.jobs[0].windows = {{0, 4}};
  EXPECT_TRUE(has(check(p, {{0, {0, 1, 2}}}), ViolationKind::time_window));
  p.jobs[0].windows = {};
  p.vehicles[0].shift = {0, 20};
  EXPECT_TRUE(has(check(p, {{0, {0, 1, 2}}}), ViolationKind::shift_end));
  p.vehicles[0].shift = {0, 1000};
  p.vehicles[0].max_working_time = 20;
  EXPECT_TRUE(has(check(p, {{0, {0, 1, 2}}}), ViolationKind::working_time));
  p.vehicles[0].max_working_time.reset();
  EXPECT_TRUE(has(check(p, {{0, {0, 1}}}), ViolationKind::job_missing));
  EXPECT_TRUE(has(check(p, {{0, {0, 1, 2}}, {1, {2}}}), ViolationKind::job_repeated));
  EXPECT_TRUE(has(check(p, {{0, {0, 1}}, {0, {2}}}), ViolationKind::vehicle_reused));
  EXPECT_TRUE(has(check(p, {{5, {0, 1, 2}}}), ViolationKind::unknown_vehicle));
  EXPECT_TRUE(has(check(p, {{0, {0, 1, 9}}}), ViolationKind::unknown_job));
  EXPECT_TRUE(has(check(p, {{0, {0, 1}}}, {{2, UnassignedReason::no_room}}),
                  ViolationKind::unassigned_insertable));
  EXPECT_TRUE(
      has(check(p, {{0, {0, 1}}}, {{2, UnassignedReason::skill}}), ViolationKind::wrong_reason));
  p.jobs[2].designated_vehicle = 1;
  EXPECT_TRUE(has(check(p, {{0, {0, 1, 2}}}), ViolationKind::designated_insertable));
  EXPECT_TRUE(check(p, {{0, {0, 1}}, {1, {2}}}).ok());
}

TEST(RoutingChecker, ComparesTheStatedCost) {
  const Problem p = line_problem({5, 10}, 1);
  Solution s;
  s.routes = {{0, {0, 1}}};
  s.cost.vehicles = 1;
  s.cost.distance = 19;
  EXPECT_TRUE(has(check_plan(p, s), ViolationKind::cost_mismatch));
  s.cost.distance = 20;
  EXPECT_TRUE(check_plan(p, s).ok());
}

}  // namespace
}  // namespace sangsaeng::routing
