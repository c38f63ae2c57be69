// One vehicle's route with its schedule, so that an insertion is checked in constant time:
// forward, the departure time from each stop; backward, the latest service start at each stop
// that keeps the rest of the route feasible (Savelsbergh's forward/backward times, extended to
// several windows per job).
#pragma once

#include <cstdint>
#include <vector>

#include "routing/solver/context.h"

namespace sangsaeng::routing::detail {

struct RouteState {
  int vehicle = 0;
  std::vector<int> jobs;

  // Stops 0..jobs.size()+1: 0 is the start, jobs.size()+1 the end.
  std::vector<int> location;
  std::vector<double> departure;  // earliest departure from the stop
  std::vector<double> latest;     // latest service start at the stop (end: shift end)
  double distance = 0;
  double work = 0;  // travel plus service time
  std::int64_t load = 0;

  // Recomputes the schedule and totals from vehicle and jobs.
  void update(const Context& context);
  // Whether the schedule holds (every window met, back by the shift end, load, working time).
  bool feasible(const Context& context) const;
  bool empty() const { return jobs.empty(); }
  int size() const { return static_cast<int>(jobs.size()); }
};

// The effect of putting a job between stops `after` and `after + 1` of a route.
struct Insertion {
  int route = -1;  // -1: no feasible position
  int after = 0;
  double delta = 0;  // added distance
  int rank = 0;      // lexicographic prefix: 2 * designated-missed + new-vehicle
};

// Evaluates the job between stops after and after + 1; returns false when infeasible, and
// sets *delta to the added distance otherwise. Checks time and working time, not load.
// REQUIRES: 0 <= after <= route.size(), the schedule is up to date.
bool try_insert(const Context& context, const RouteState& route, int job, int after, double* delta);

}  // namespace sangsaeng::routing::detail
