// The solver against the independent checker on thousands of randomized instances, and the
// determinism promise (same seed and iteration limit, same plan).
#include <gtest/gtest.h>

#include "routing/check/checker.h"
#include "routing/random_instance.h"
#include "routing/solver.h"

namespace sangsaeng::routing {
namespace {

std::string describe(const CheckReport& report) {
  std::string out;
  for (const Violation& v : report.violations) {
    out += std::string(to_string(v.kind)) + " (vehicle " + std::to_string(v.vehicle) + ", job " +
           std::to_string(v.job) + "): " + v.message + "\n";
  }
  return out;
}

void solve_and_check(std::uint64_t seed, const testing::RandomSpec& spec, std::int64_t iterations) {
  const Problem p = testing::random_problem(seed, spec);
  ASSERT_EQ(validate(p), "");
  SolveOptions options;
  options.seed = seed;
  options.max_iterations = iterations;
  const Solution s = solve(p, options);
  const CheckReport report = check_plan(p, s);
  ASSERT_TRUE(report.ok()) << "seed " << seed << "\n" << describe(report);
  EXPECT_EQ(compare(report.cost, s.cost, p.objective), 0) << "seed " << seed;
  EXPECT_EQ(report.cost.unassigned_weight, s.cost.unassigned_weight);
  EXPECT_EQ(report.cost.designated_missed, s.cost.designated_missed);
}

#ifndef ROUTING_HEAVY
// A size that fits the sanitizer build.
TEST(RoutingRandom, HundredsOfInstancesPassTheChecker) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    testing::RandomSpec spec;
    spec.jobs = 5 + static_cast<int>(seed % 25);
    spec.vehicles = 1 + static_cast<int>(seed % 5);
    spec.minimise_vehicles = seed % 5 == 0;
    solve_and_check(seed, spec, 30);
  }
}

#else
// The heavy tests: release builds only (label nosan).
TEST(RoutingRandom, ThousandsOfInstancesPassTheChecker) {
  for (std::uint64_t seed = 1000; seed < 3000; ++seed) {
    testing::RandomSpec spec;
    spec.jobs = 5 + static_cast<int>(seed % 40);
    spec.vehicles = 1 + static_cast<int>(seed % 7);
    spec.horizon = 300 + static_cast<double>(seed % 5) * 200;
    spec.minimise_vehicles = seed % 4 == 0;
    solve_and_check(seed, spec, 25);
  }
}

TEST(RoutingRandom, LargerInstancesPassTheChecker) {
  for (std::uint64_t seed = 5000; seed < 5020; ++seed) {
    testing::RandomSpec spec;
    spec.jobs = 150;
    spec.vehicles = 12;
    spec.horizon = 1500;
    spec.minimise_vehicles = seed % 2 == 0;
    solve_and_check(seed, spec, 500);
  }
}
#endif

#ifndef ROUTING_HEAVY
TEST(RoutingRandom, SameSeedAndIterationsGiveTheSamePlan) {
  testing::RandomSpec spec;
  spec.jobs = 50;
  spec.vehicles = 6;
  spec.horizon = 1200;
  const Problem p = testing::random_problem(77, spec);
  SolveOptions options;
  options.seed = 5;
  options.max_iterations = 600;
  const Solution a = solve(p, options);
  const Solution b = solve(p, options);
  ASSERT_EQ(a.routes.size(), b.routes.size());
  for (std::size_t r = 0; r < a.routes.size(); ++r) {
    EXPECT_EQ(a.routes[r].vehicle, b.routes[r].vehicle);
    EXPECT_EQ(a.routes[r].jobs, b.routes[r].jobs);
  }
  EXPECT_EQ(a.cost.distance, b.cost.distance);
  EXPECT_EQ(a.iterations, 600);
  // A far deadline changes nothing.
  options.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  const Solution c = solve(p, options);
  EXPECT_EQ(c.cost.distance, a.cost.distance);
}

TEST(RoutingRandom, MoreIterationsNeverGiveAWorsePlan) {
  testing::RandomSpec spec;
  spec.jobs = 60;
  spec.vehicles = 6;
  spec.horizon = 1500;
  spec.infeasible = false;
  const Problem p = testing::random_problem(31, spec);
  SolveOptions options;
  options.max_iterations = 0;
  const Solution start = solve(p, options);
  options.max_iterations = 600;
  const Solution longer = solve(p, options);
  EXPECT_LE(compare(longer.cost, start.cost, p.objective), 0);
}

#endif

}  // namespace
}  // namespace sangsaeng::routing
