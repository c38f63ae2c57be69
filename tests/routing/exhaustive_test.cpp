// On tiny instances the solver must find the optimum that an exhaustive search finds. The
// search below is written for the test: it enumerates every assignment of jobs to vehicles and
// positions (or to nobody), prunes infeasible routes (feasibility only gets harder as jobs are
// added, travel being metric), and scores plans with the independent checker.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "routing/check/checker.h"
#include "routing/random_instance.h"
#include "routing/solver.h"

namespace sangsaeng::routing {
namespace {

bool route_ok(const Problem& p, int vehicle, const std::vector<int>& jobs) {
  const Vehicle& v = p.vehicles[static_cast<std::size_t>(vehicle)];
  double clock = v.shift.start;
  double work = 0;
  std::int64_t load = 0;
  std::optional<int> at = v.start_location;
  for (int j : jobs) {
    const Job& job = p.jobs[static_cast<std::size_t>(j)];
    for (int s : job.skills) {
      if (std::find(v.skills.begin(), v.skills.end(), s) == v.skills.end()) return false;
    }
    if (job.female_only && !v.female) return false;
    if (at) {
      clock += p.travel->duration(*at, job.location);
      work += p.travel->duration(*at, job.location);
    }
    at = job.location;
    if (!job.windows.empty()) {
      auto w = std::find_if(job.windows.begin(), job.windows.end(),
                            [&](const TimeWindow& tw) { return clock <= tw.end; });
      if (w == job.windows.end()) return false;
      clock = std::max(clock, w->start);
    }
    clock += job.service;
    work += job.service;
    load += job.demand;
  }
  if (at && v.end_location) {
    clock += p.travel->duration(*at, *v.end_location);
    work += p.travel->duration(*at, *v.end_location);
  }
  return clock <= v.shift.end && load <= v.capacity &&
         (!v.max_working_time || work <= *v.max_working_time);
}

class Exhaustive {
 public:
  explicit Exhaustive(const Problem& p) : p_(p), routes_(p.vehicles.size()) {}

  Cost best() {
    search(0);
    return best_;
  }

 private:
  void search(std::size_t job) {
    if (job == p_.jobs.size()) {
      score();
      return;
    }
    const int j = static_cast<int>(job);
    search(job + 1);  // unassigned
    for (std::size_t v = 0; v < routes_.size(); ++v) {
      auto& r = routes_[v];
      for (std::size_t at = 0; at <= r.size(); ++at) {
        r.insert(r.begin() + static_cast<std::ptrdiff_t>(at), j);
        if (route_ok(p_, static_cast<int>(v), r)) search(job + 1);
        r.erase(r.begin() + static_cast<std::ptrdiff_t>(at));
      }
    }
  }

  void score() {
    Solution plan;
    std::vector<char> placed(p_.jobs.size(), 0);
    for (std::size_t v = 0; v < routes_.size(); ++v) {
      if (routes_[v].empty()) continue;
      plan.routes.push_back({static_cast<int>(v), routes_[v]});
      for (int j : routes_[v]) placed[static_cast<std::size_t>(j)] = 1;
    }
    for (std::size_t j = 0; j < placed.size(); ++j) {
      if (!placed[j]) plan.unassigned.push_back({static_cast<int>(j), UnassignedReason::no_room});
    }
    CheckOptions options;
    options.compare_cost = false;
    const CheckReport report = check_plan(p_, plan, options);
    if (!found_ || compare(report.cost, best_, p_.objective) < 0) {
      best_ = report.cost;
      best_plan_ = plan;
      found_ = true;
    }
  }

  const Problem& p_;
  std::vector<std::vector<int>> routes_;
  Cost best_;
  bool found_ = false;

 public:
  Solution best_plan_;
};

std::string show(const Solution& s) {
  std::string out;
  for (const Route& r : s.routes) {
    out += "v" + std::to_string(r.vehicle) + ":";
    for (int j : r.jobs) out += " " + std::to_string(j);
    out += "; ";
  }
  out += "unassigned:";
  for (const Unassigned& u : s.unassigned) out += " " + std::to_string(u.job);
  return out;
}

void expect_optimal(std::uint64_t seed, const testing::RandomSpec& spec, std::int64_t iterations) {
  const Problem p = testing::random_problem(seed, spec);
  Exhaustive exhaustive(p);
  const Cost optimum = exhaustive.best();
  SolveOptions options;
  options.seed = seed;
  options.max_iterations = iterations;
  const Solution s = solve(p, options);
  EXPECT_TRUE(check_plan(p, s).ok()) << "seed " << seed;
  EXPECT_EQ(s.cost.unassigned_weight, optimum.unassigned_weight) << "seed " << seed;
  EXPECT_EQ(s.cost.designated_missed, optimum.designated_missed) << "seed " << seed;
  if (p.objective.minimise_vehicles) {
    EXPECT_EQ(s.cost.vehicles, optimum.vehicles) << "seed " << seed;
  }
  EXPECT_EQ(compare(s.cost, optimum, p.objective), 0)
      << "seed " << seed << ": solver " << s.cost.distance << " " << show(s) << ", optimum "
      << optimum.distance << " " << show(exhaustive.best_plan_);
}

#ifndef ROUTING_HEAVY
TEST(RoutingExhaustive, SmallInstancesReachTheOptimum) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    testing::RandomSpec spec;
    spec.jobs = 4 + static_cast<int>(seed % 2);  // 4..5 jobs
    spec.vehicles = 1 + static_cast<int>(seed % 2);
    spec.minimise_vehicles = seed % 4 == 0;
    expect_optimal(seed, spec, 2000);
  }
}
#else
// The heavy tests: release builds only (label nosan).
TEST(RoutingExhaustive, UpToSixJobsReachTheOptimum) {
  for (std::uint64_t seed = 1; seed <= 80; ++seed) {
    testing::RandomSpec spec;
    spec.jobs = 4 + static_cast<int>(seed % 3);  // 4..6 jobs
    spec.vehicles = 1 + static_cast<int>(seed % 3);
    spec.minimise_vehicles = seed % 4 == 0;
    expect_optimal(seed, spec, 10000);
  }
}

// A sweep over many generated problems of up to eight jobs, one to four helpers of different
// homes, shifts, skills and capacities, and horizons from tight to loose. Misses found by
// earlier sweeps (where the best plan leaves a cheap helper unused, or serves a low-priority job
// only once a high-priority one goes elsewhere) are in this range.
TEST(RoutingExhaustive, ManyTinyProblemsReachTheOptimum) {
  for (std::uint64_t seed = 4800; seed < 5000; ++seed) {
    testing::RandomSpec spec;
    spec.jobs = 7 + static_cast<int>(seed % 2);
    spec.vehicles = 1 + static_cast<int>(seed % 4);
    spec.horizon = 300 + static_cast<double>(seed % 5) * 100;
    spec.minimise_vehicles = seed % 3 == 0;
    expect_optimal(seed, spec, 20000);
  }
}

// Problems that the solver once missed at 10,000 iterations (generator of EightJobs below, with
// a third helper on the 3-helper ones): each needed jobs moved among all routes at once.
TEST(RoutingExhaustive, EarlierMissesReachTheOptimum) {
  for (const auto& [seed, vehicles] : std::vector<std::pair<std::uint64_t, int>>{{160, 2},
                                                                                 {367, 2},
                                                                                 {1408, 2},
                                                                                 {1457, 2},
                                                                                 {2302, 2},
                                                                                 {2322, 2},
                                                                                 {2768, 2},
                                                                                 {465, 3},
                                                                                 {577, 3},
                                                                                 {797, 3}}) {
    testing::RandomSpec spec;
    spec.jobs = 7 + static_cast<int>(seed % 2);
    spec.vehicles = vehicles;
    spec.horizon = 400;
    spec.minimise_vehicles = seed % 3 == 0;
    expect_optimal(seed, spec, 10000);
  }
}

TEST(RoutingExhaustive, EightJobsReachTheOptimum) {
  for (std::uint64_t seed = 100; seed < 130; ++seed) {
    testing::RandomSpec spec;
    spec.jobs = 7 + static_cast<int>(seed % 2);  // 7..8 jobs
    spec.vehicles = 2;
    spec.horizon = 400;
    spec.minimise_vehicles = seed % 3 == 0;
    expect_optimal(seed, spec, 10000);
  }
}
#endif

}  // namespace
}  // namespace sangsaeng::routing
