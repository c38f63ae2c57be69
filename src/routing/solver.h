// The solver: a problem value in, a solution value out.
//
// Algorithm (docs/decisions.md, "Routing"): a greedy construction, then ruin and recreate by
// string removals (SISR: Christiaens & Vanden Berghe, 2020) under simulated annealing in
// restarting cycles, and a local search (relocate, swap, 2-opt*, vehicle exchange) over the
// routes that changed whenever a new best plan is found. Deterministic: the same problem, seed
// and iteration limit give the same plan; the deadline only stops the search earlier (the
// construction always completes first). Thread-safe: solve() keeps no global state.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "routing/problem.h"
#include "routing/solution.h"

namespace sangsaeng::routing {

struct SolveOptions {
  std::uint64_t seed = 1;
  // The search stops after this many ruin-and-recreate iterations ...
  std::int64_t max_iterations = 1'000'000'000;
  // ... or at this instant, whichever comes first. The only clock the solver reads.
  std::optional<std::chrono::steady_clock::time_point> deadline;

  // Ruin: mean number of jobs removed per iteration (SISR's c-bar) and the longest string.
  // More removal explores further per iteration but each iteration costs more.
  double removed_mean = 10.0;
  int string_length_max = 10;
  // Probability that a ruined string keeps a preserved middle part (SISR's split string).
  double split_rate = 0.5;
  // Continuation probability of the preserved part's length (geometric; longer keeps more).
  double split_keep = 0.5;
  // Recreate: probability of skipping an insertion position (SISR's blinks), which diversifies.
  double blink_rate = 0.01;
  // When vehicles differ, this share of iterations compares insertion costs with random noise
  // of this relative size: string removals alone rarely move a route to another vehicle.
  double noise_rate = 0.2;
  double noise = 0.3;
  // Annealing temperatures, relative to the mean distance from a job to its nearest job. The
  // schedule restarts in cycles that double in length, so a longer run keeps improving.
  double temperature_start = 3.0;
  double temperature_end = 0.03;
  // Iterations in the first annealing cycle, per job (at least 2,000 in all).
  double cycle_iterations_per_job = 100.0;
  // Run the local search on every new best plan.
  bool local_search = true;
  // Below this many jobs, run it on every candidate too: cheap there, and it lets the search
  // see the worth of a move to another vehicle before judging it.
  int local_search_all_below = 30;
  // Below that size too, this share of iterations ruins every route and recreates the plan
  // with noise: the way out when a better plan needs jobs moved among all routes at once.
  double restart_rate = 0.02;
};

// REQUIRES: validate(problem) is empty.
// Every job is either in a route or in Solution::unassigned with a reason; routes list only
// used vehicles; Solution::cost is the plan's objective.
Solution solve(const Problem& problem, const SolveOptions& options = {});

}  // namespace sangsaeng::routing
