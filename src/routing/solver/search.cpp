// The search loop: construction, then ruin and recreate under simulated annealing in cycles of
// doubling length, each restarting from the best plan, with a local search on each new best.
#include <cmath>

#include "routing/solver.h"
#include "routing/solver/finishing.h"
#include "routing/solver/local_search/local_search.h"
#include "routing/solver/recreate.h"
#include "routing/solver/ruin.h"

namespace sangsaeng::routing {

namespace {

using detail::Context;
using detail::PlanState;
using detail::Rng;

// Greedy construction: every job that some vehicle can serve, by SISR's insertion, no blinks.
void construct(const Context& context, PlanState& plan, Rng& rng) {
  std::vector<int> jobs;
  for (int j = 0; j < context.job_count(); ++j) {
    if (!context.impossible(j)) jobs.push_back(j);
  }
  detail::RecreateOptions options;
  options.blink_rate = 0;
  detail::recreate(context, plan, std::move(jobs), rng, options);
  plan.begin();
}

// Simulated annealing on the last term: the terms before it never get worse.
bool accept(const Cost& candidate, const Cost& current, const Objective& objective,
            double temperature, Rng& rng) {
  Cost a = candidate;
  Cost b = current;
  a.distance = b.distance = 0;
  if (const int prefix = compare(a, b, objective); prefix != 0) return prefix < 0;
  return candidate.distance < current.distance - temperature * std::log(1.0 - rng.uniform());
}

struct Schedule {
  double start;
  double end;
  double first_cycle;
};

bool deadline_passed(const SolveOptions& options, std::int64_t iteration) {
  if (!options.deadline || iteration % 8 != 0) return false;
  return std::chrono::steady_clock::now() >= *options.deadline;
}

}  // namespace

Solution solve(const Problem& problem, const SolveOptions& options) {
  const Context context(problem);
  Rng rng(options.seed);
  PlanState plan(context);
  construct(context, plan, rng);
  if (options.local_search) detail::local_search(context, plan, rng);
  plan.begin();

  PlanState best = plan;
  Cost best_cost = plan.cost();
  Cost current_cost = best_cost;
  const double scale = context.nearest_distance_mean();
  const Schedule schedule{options.temperature_start * scale, options.temperature_end * scale,
                          std::max(2000.0, options.cycle_iterations_per_job * context.job_count())};
  double cycle_length = schedule.first_cycle;
  std::int64_t cycle_start = 0;
  int cycle_count = 0;
  detail::RecreateOptions recreate_options;
  recreate_options.blink_rate = options.blink_rate;

  std::vector<char> retried(static_cast<std::size_t>(context.job_count()), 0);
  std::int64_t iteration = 0;
  const bool anything = context.job_count() > 0 && context.vehicle_count() > 0;
  for (; anything && iteration < options.max_iterations; ++iteration) {
    if (deadline_passed(options, iteration)) break;
    double progress = static_cast<double>(iteration - cycle_start) / cycle_length;
    if (progress >= 1.0) {
      cycle_start = iteration;
      cycle_length *= 2;
      progress = 0;
      plan = best;
      // Small problems: every other cycle starts afresh from a random construction, to leave
      // the best plan's basin (the best plan itself is kept).
      if (context.job_count() <= options.local_search_all_below && cycle_count++ % 2 == 1) {
        plan = PlanState(context);
        detail::RecreateOptions fresh;
        fresh.noise = options.noise;
        std::vector<int> jobs;
        for (int j = 0; j < context.job_count(); ++j) {
          if (!context.impossible(j)) jobs.push_back(j);
        }
        detail::recreate(context, plan, std::move(jobs), rng, fresh);
        if (options.local_search) detail::local_search(context, plan, rng);
      }
      plan.begin();
      current_cost = plan.cost();
    }
    const double temperature = schedule.start * std::pow(schedule.end / schedule.start, progress);
    plan.begin();
    const bool fleet_step = problem.objective.minimise_vehicles && rng.uniform() < 0.05;
    int pool_seed = -1;
    std::vector<int> removed = fleet_step ? detail::ruin_route(context, plan, rng)
                                          : detail::ruin_strings(context, plan, rng, options, &pool_seed);
    recreate_options.first = pool_seed;
    const std::vector<int> pool = plan.take_pool();
    for (int j : pool) {
      removed.push_back(j);
      retried[static_cast<std::size_t>(j)] = 1;
    }
    recreate_options.retried = &retried;
    recreate_options.allow_new_routes = !fleet_step;
    // Helpers that differ (home, shift, skills): sometimes choose positions with noise.
    const bool noisy = context.profile_count() > 1 && rng.uniform() < options.noise_rate;
    recreate_options.noise = noisy ? options.noise : 0.0;
    detail::recreate(context, plan, std::move(removed), rng, recreate_options);
    for (int j : pool) retried[static_cast<std::size_t>(j)] = 0;
    if (options.local_search && context.job_count() <= options.local_search_all_below) {
      const std::vector<int> changed = plan.touched_routes();
      detail::local_search(context, plan, rng, &changed);
    }
    Cost cost = plan.cost();
    if (!accept(cost, current_cost, problem.objective, temperature, rng)) {
      plan.rollback();
      continue;
    }
    if (compare(cost, best_cost, problem.objective) < 0) {
      if (options.local_search) {
        const std::vector<int> changed = plan.touched_routes();
        detail::local_search(context, plan, rng, &changed);
        cost = plan.cost();
      }
      best = plan;
      best_cost = cost;
    }
    current_cost = cost;
  }

  plan = best;
  detail::honour_designated(context, plan);
  detail::place_pool(context, plan);
  Solution solution = plan.to_solution();
  for (int j = 0; j < context.job_count(); ++j) {
    if (plan.route_of(j) < 0) solution.unassigned.push_back({j, detail::unassigned_reason(context, j)});
  }
  solution.iterations = iteration;
  return solution;
}

}  // namespace sangsaeng::routing
