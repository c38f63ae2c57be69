// Randomized routing problems for the tests: skills, languages, female-only and designated
// jobs, several windows, priorities, working-time limits, open routes, and jobs that cannot be
// planned. Travel is metric (Euclidean distances, durations a fixed multiple), so that a plan's
// feasibility only gets harder as jobs are added, which the exhaustive search relies on.
#pragma once

#include <cstdint>
#include <memory>
#include <random>

#include "routing/problem.h"

namespace sangsaeng::routing::testing {

struct RandomSpec {
  int jobs = 10;
  int vehicles = 3;
  double horizon = 600;
  bool open_routes = true;  // some vehicles without start or end
  bool infeasible = true;   // add jobs that cannot be planned
  bool minimise_vehicles = false;
};

inline Problem random_problem(std::uint64_t seed, const RandomSpec& spec) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53;
  };
  auto chance = [&](double p) { return uniform(0, 1) < p; };
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };

  Problem p;
  std::vector<Point> points;
  const int depots = 1 + pick(2);
  for (int d = 0; d < depots; ++d) points.push_back({uniform(0, 100), uniform(0, 100)});
  for (int v = 0; v < spec.vehicles; ++v) {
    Vehicle veh;
    veh.id = 100 + v;
    veh.start_location = pick(depots);
    veh.end_location = pick(depots);
    if (spec.open_routes && chance(0.15)) veh.start_location.reset();
    if (spec.open_routes && chance(0.15)) veh.end_location.reset();
    const double start = chance(0.7) ? 0 : uniform(0, spec.horizon / 3);
    veh.shift = {start, start + uniform(spec.horizon / 2, spec.horizon)};
    veh.capacity = 5 + pick(20);
    for (int s = 0; s < 4; ++s) {
      if (chance(0.6)) veh.skills.push_back(s);
    }
    veh.female = chance(0.4);
    if (chance(0.2)) veh.max_working_time = uniform(spec.horizon / 4, spec.horizon);
    p.vehicles.push_back(veh);
  }
  for (int j = 0; j < spec.jobs; ++j) {
    Job job;
    job.id = 1 + j;
    job.location = static_cast<int>(points.size());
    points.push_back({uniform(0, 100), uniform(0, 100)});
    job.service = uniform(0, 30);
    const int windows = chance(0.3) ? 0 : 1 + pick(3);
    double t = uniform(0, spec.horizon / 2);
    for (int w = 0; w < windows && t < spec.horizon; ++w) {
      const double width = uniform(20, spec.horizon / 3);
      job.windows.push_back({t, t + width});
      t += width + uniform(10, spec.horizon / 3);
    }
    job.demand = pick(6);
    if (chance(0.4)) job.skills.push_back(pick(4));
    if (chance(0.1)) job.skills.push_back(pick(4));
    job.female_only = chance(0.15);
    if (chance(0.2)) job.designated_vehicle = pick(spec.vehicles);
    job.priority = chance(0.3) ? pick(101) : 0;
    if (spec.infeasible && chance(0.08)) {
      switch (pick(3)) {
        case 0:
          job.skills.push_back(7);
          break;  // nobody has skill 7
        case 1:
          job.demand = 1000;
          break;  // beyond every capacity
        default:
          job.windows = {{spec.horizon * 3, spec.horizon * 3 + 1}};
          break;  // after all shifts
      }
    }
    p.jobs.push_back(job);
  }
  // Durations are 1.2 times the distance: metric, and not the same table.
  const auto euclid = std::make_shared<EuclideanTravel>(points);
  const int n = euclid->size();
  std::vector<double> distances, durations;
  for (int a = 0; a < n; ++a) {
    for (int b = 0; b < n; ++b) {
      distances.push_back(euclid->distance(a, b));
      durations.push_back(1.2 * euclid->distance(a, b));
    }
  }
  p.travel = std::make_shared<MatrixTravel>(n, std::move(distances), std::move(durations));
  p.objective.minimise_vehicles = spec.minimise_vehicles;
  return p;
}

}  // namespace sangsaeng::routing::testing
