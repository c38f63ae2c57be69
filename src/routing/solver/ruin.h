// Ruin: adjacent string removal (SISR, section 5.2). From a random seed job, walk its nearest
// neighbours; from each route met (up to k_s routes), remove one string of consecutive jobs
// through that neighbour, or a split string that keeps a middle part in place.
#pragma once

#include <vector>

#include "routing/solver.h"
#include "routing/solver/plan_state.h"
#include "routing/solver/rng.h"

namespace sangsaeng::routing::detail {

// Removes jobs from the plan's routes and returns them (in no route, not in the pool). When
// the ruin was centred on a job of the pool, sets *pool_seed to it (else to -1).
std::vector<int> ruin_strings(const Context& context, PlanState& plan, Rng& rng,
                              const SolveOptions& options, int* pool_seed);

// Removes every job of one random used route and returns them (fleet reduction).
std::vector<int> ruin_route(const Context& context, PlanState& plan, Rng& rng);

// Removes every job of every route and returns them: a restart, for tiny problems, where
// reaching a better plan can take moving jobs among all routes at once.
std::vector<int> ruin_all(PlanState& plan);

}  // namespace sangsaeng::routing::detail
