// The routing problem as a value: helpers (vehicles), requests (jobs), travel, and the objective.
// Times are in the travel model's duration unit (seconds for a city) on one common clock.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "routing/travel.h"

namespace sangsaeng::routing {

inline constexpr double kTimeMax = std::numeric_limits<double>::infinity();

// A closed interval [start, end] in which service may begin (or, for a shift, in which the
// helper may be travelling or working).
struct TimeWindow {
  double start = 0;
  double end = kTimeMax;
};

struct Vehicle {
  std::int64_t id = 0;                // the caller's id, echoed in output
  std::optional<int> start_location;  // none: the route begins at its first job
  std::optional<int> end_location;    // none: the route ends at its last job
  TimeWindow shift;                   // leaves start at or after shift.start, back by shift.end
  std::int64_t capacity = std::numeric_limits<std::int64_t>::max();
  std::vector<int> skills;                 // skills and languages; any order
  bool female = false;                     // the attribute female-only jobs require
  std::optional<double> max_working_time;  // travel plus service on one route; waiting is free
};

struct Job {
  std::int64_t id = 0;  // the caller's id, echoed in output
  int location = 0;
  double service = 0;                     // time spent on site
  std::vector<TimeWindow> windows;        // service starts inside one of them; empty means any time
  std::int64_t demand = 0;                // load taken on the route (e.g. a device), <= capacity
  std::vector<int> skills;                // every one must be among the vehicle's skills
  bool female_only = false;               // hard: only a vehicle with female = true
  std::optional<int> designated_vehicle;  // index into Problem::vehicles; a strong preference
  int priority = 0;                       // 0..100; an unassigned job weighs 1 + priority
};

// The objective is lexicographic: (1) the priority weight of unassigned jobs, (2) designated
// jobs not on their designated vehicle, (3) vehicles used, only when minimise_vehicles, then
// (4) total travel distance.
struct Objective {
  bool minimise_vehicles = false;
};

struct Problem {
  std::vector<Vehicle> vehicles;
  std::vector<Job> jobs;
  std::shared_ptr<const TravelModel> travel;  // never null in a valid problem
  Objective objective;
};

// Size limits: the solver keeps dense travel tables (locations squared) and a job-by-vehicle
// table, so larger problems are refused rather than exhausting memory.
inline constexpr int kLocationsMax = 8'000;  // 2 tables of 8,000^2 doubles: about 1 GB
inline constexpr int kJobsMax = 20'000;
inline constexpr int kVehiclesMax = 5'000;

// The first thing that makes the problem unusable (an index out of range, a window with
// end < start, a negative service time, ...), or an empty string when the problem is valid.
// Solvers and the checker REQUIRE a valid problem.
std::string validate(const Problem& problem);

// The weight of leaving a job unassigned in objective term (1).
inline std::int64_t unassigned_weight(const Job& job) {
  return 1 + job.priority;
}

}  // namespace sangsaeng::routing
