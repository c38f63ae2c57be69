// Recreate: greedy insertion with blinks (SISR, section 5.3). Jobs are taken in a random one of
// four orders (random, larger demand first, farther first, closer first), always higher
// priority first; each goes to its cheapest feasible position, where each position is skipped
// with the blink probability. A job that fits nowhere goes to the pool.
#pragma once

#include <vector>

#include "routing/solver/plan_state.h"
#include "routing/solver/rng.h"

namespace sangsaeng::routing::detail {

struct RecreateOptions {
  double blink_rate = 0.01;
  bool allow_new_routes = true;  // false: only vehicles already in use (fleet reduction)
  // Each added distance is scaled by a random factor in [1 - noise, 1 + noise] when comparing
  // positions, so that a vehicle which is not the cheapest for one job can still be tried.
  double noise = 0.0;
  // A job inserted before all others (a job of the pool the ruin was centred on), or -1.
  int first = -1;
  // Jobs that failed to fit at the start of this step (the pool) are tried only in routes
  // changed since: the others are as they were when the job last failed.
  const std::vector<char>* retried = nullptr;
  // A random order, priorities ignored: a high-priority job's cheapest place can be the one
  // that leaves no room for another (used by restarts; the objective still ranks priority).
  bool shuffle_only = false;
};

// The best feasible position for the job, with Insertion::route == -1 when there is none.
Insertion best_insertion(const Context& context, const PlanState& plan, int job, Rng& rng,
                         const RecreateOptions& options);

// Inserts the jobs (none in a route or in the pool) in SISR's order.
void recreate(const Context& context, PlanState& plan, std::vector<int> jobs, Rng& rng,
              const RecreateOptions& options);

}  // namespace sangsaeng::routing::detail
