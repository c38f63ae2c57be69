// A plan: the solver's output and the checker's input.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "routing/problem.h"

namespace sangsaeng::routing {

// The objective terms, compared lexicographically (see Objective in problem.h).
struct Cost {
  std::int64_t unassigned_weight = 0;  // sum of 1 + priority over unassigned jobs
  std::int64_t designated_missed = 0;  // designated jobs not on their designated vehicle
  std::int64_t vehicles = 0;           // non-empty routes
  double distance = 0;                 // total travel distance
};

// -1, 0 or +1 as a is better than, equal to, or worse than b; distances equal within 1e-9.
int compare(const Cost& a, const Cost& b, const Objective& objective);

struct Route {
  int vehicle = 0;        // index into Problem::vehicles; each vehicle drives at most one route
  std::vector<int> jobs;  // indices into Problem::jobs, in visiting order; never empty
};

// Why a job is not in the plan. The first reason that applies, in this order.
enum class UnassignedReason {
  skill,         // no vehicle has every required skill
  female,        // a female-only job and no female vehicle with the skills can make it
  capacity,      // its demand exceeds the capacity of every vehicle that could serve it
  window,        // no suitable vehicle can reach it in a window and return within its shift
  working_time,  // it alone exceeds the maximum working time of every suitable vehicle
  no_room,       // it could be served alone, but not beside the jobs planned before it
};

std::string_view to_string(UnassignedReason reason);

struct Unassigned {
  int job = 0;  // index into Problem::jobs
  UnassignedReason reason = UnassignedReason::no_room;
};

struct Solution {
  std::vector<Route> routes;  // used vehicles only
  std::vector<Unassigned> unassigned;
  Cost cost;
  std::int64_t iterations = 0;  // search iterations run
};

}  // namespace sangsaeng::routing
