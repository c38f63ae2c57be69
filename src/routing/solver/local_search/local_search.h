// Local search on a complete plan: first-improvement descent over granular neighbourhoods (each
// job against its nearest jobs, Toth & Vigo), with one operator per file:
//   relocate.cpp      move one job next to a neighbour (same or other route)
//   swap.cpp          exchange a job with a neighbour
//   two_opt_star.cpp  exchange the tails of two routes after a job and its neighbour
//   vehicle_exchange.cpp  give a whole route to another vehicle
// A move is kept only when the plan's lexicographic cost strictly improves.
#pragma once

#include <vector>

#include "routing/solver/plan_state.h"
#include "routing/solver/rng.h"

namespace sangsaeng::routing::detail {

// Changes the plan's routes by improving moves until none is found (or max_passes passes).
// With a scope, only jobs in those routes are moved (towards any route): after a ruin and
// recreate step, the routes it changed. Returns the number of moves applied.
int local_search(const Context& context, PlanState& plan, Rng& rng,
                 const std::vector<int>* scope = nullptr, int max_passes = 50);

// Shared by the operators: replaces one or two routes' jobs when that strictly improves the
// plan (feasible, designated misses, vehicles if minimised, then distance). Returns whether
// the change was applied. REQUIRES: route_b != route_a or route_b == -1.
bool apply_if_better(const Context& context, PlanState& plan, int route_a, std::vector<int> jobs_a,
                     int route_b, std::vector<int> jobs_b);

// Neighbours considered per job (granularity).
inline constexpr int kGranularNeighbours = 20;

// The operators: each tries moves of job towards its neighbours and applies the first that
// improves; returns whether it did.
bool try_relocate(const Context& context, PlanState& plan, int job);
bool try_swap(const Context& context, PlanState& plan, int job);
bool try_two_opt_star(const Context& context, PlanState& plan, int job);
// Tries the route's jobs on every other vehicle (swapping job lists).
bool try_vehicle_exchange(const Context& context, PlanState& plan, int route);

}  // namespace sangsaeng::routing::detail
