// The plan checker: verifies every constraint of a plan against its problem and recomputes the
// objective. Written apart from the solver and sharing none of its code, so that a bug in one
// is caught by the other; it reads travel straight from the problem's TravelModel.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "routing/problem.h"
#include "routing/solution.h"

namespace sangsaeng::routing {

enum class ViolationKind {
  unknown_vehicle,        // a route names no vehicle of the problem
  vehicle_reused,         // two routes for one vehicle
  empty_route,            // a route without jobs
  unknown_job,            // a job index out of range
  job_repeated,           // a job in two places (routes or unassigned)
  job_missing,            // a job neither in a route nor unassigned
  skill,                  // the vehicle lacks a required skill
  female,                 // a female-only job on a vehicle without the female attribute
  capacity,               // the route's total demand exceeds the vehicle's capacity
  time_window,            // service cannot start inside one of the job's windows
  shift_end,              // back at the end after the shift
  working_time,           // travel plus service above the vehicle's maximum
  designated_insertable,  // a designated job could have been moved to its designated vehicle
  unassigned_insertable,  // an unassigned job fits in the plan as it is
  wrong_reason,           // an unassigned reason that is false
  cost_mismatch,          // the plan's stated cost differs from the recomputed one
};

std::string_view to_string(ViolationKind kind);

struct Violation {
  ViolationKind kind;
  int vehicle = -1;  // index, when one is concerned
  int job = -1;      // index, when one is concerned
  std::string message;
};

struct CheckReport {
  std::vector<Violation> violations;
  Cost cost;  // recomputed from the problem and the routes
  bool ok() const { return violations.empty(); }
};

struct CheckOptions {
  // Times and distances may differ by this much (plans pass through decimal JSON).
  double tolerance = 1e-6;
  // Compare plan.cost (vehicles and distance) with the recomputed cost.
  bool compare_cost = true;
};

// REQUIRES: validate(problem) is empty.
CheckReport check_plan(const Problem& problem, const Solution& plan,
                       const CheckOptions& options = {});

}  // namespace sangsaeng::routing
