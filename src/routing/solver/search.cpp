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
void construct(const Context& context, PlanState& plan, Rng& rng, double noise) {
  std::vector<int> jobs;
  for (int j = 0; j < context.job_count(); ++j) {
    if (!context.impossible(j)) jobs.push_back(j);
  }
  detail::RecreateOptions options;
  options.blink_rate = 0;
  options.noise = noise;
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

// The search state: the current plan, the best one, and the annealing schedule.
class Search {
 public:
  Search(const Problem& problem, const SolveOptions& options)
      : problem_(problem),
        options_(options),
        context_(problem),
        rng_(options.seed),
        plan_(context_),
        best_(context_),
        retried_(static_cast<std::size_t>(context_.job_count()), 0) {
    const double scale = context_.nearest_distance_mean();
    temperature_start_ = options.temperature_start * scale;
    temperature_end_ = options.temperature_end * scale;
    cycle_length_ = std::max(2000.0, options.cycle_iterations_per_job * context_.job_count());
    recreate_.blink_rate = options.blink_rate;
  }

  Solution run() {
    construct(context_, plan_, rng_, 0.0);
    if (options_.local_search) detail::local_search(context_, plan_, rng_);
    plan_.begin();
    best_ = plan_;
    best_cost_ = current_cost_ = plan_.cost();
    std::int64_t iteration = 0;
    const bool anything = context_.job_count() > 0 && context_.vehicle_count() > 0;
    for (; anything && iteration < options_.max_iterations; ++iteration) {
      if (deadline_passed(iteration)) break;
      double progress = static_cast<double>(iteration - cycle_start_) / cycle_length_;
      if (progress >= 1.0) {
        start_cycle(iteration);
        progress = 0;
      }
      step(temperature_start_ * std::pow(temperature_end_ / temperature_start_, progress));
    }
    return finish(iteration);
  }

 private:
  bool small() const { return context_.job_count() <= options_.local_search_all_below; }

  bool deadline_passed(std::int64_t iteration) const {
    if (!options_.deadline || iteration % 8 != 0) return false;
    return std::chrono::steady_clock::now() >= *options_.deadline;
  }

  // A new annealing cycle, twice as long, from the best plan; for small problems every other
  // cycle starts from a fresh random construction instead, to leave the best plan's basin.
  void start_cycle(std::int64_t iteration) {
    cycle_start_ = iteration;
    cycle_length_ *= 2;
    plan_ = best_;
    const bool odd = cycle_count_++ % 2 == 1;
    // With vehicles minimised, every other cycle is a fleet-reduction cycle (see step()).
    fleet_cycle_ = problem_.objective.minimise_vehicles && odd;
    if (fleet_cycle_) {
      remove_smallest_route();
    } else if (small() && odd) {
      plan_ = PlanState(context_);
      construct(context_, plan_, rng_, options_.noise);
      if (options_.local_search) detail::local_search(context_, plan_, rng_);
    }
    plan_.begin();
    current_cost_ = plan_.cost();
  }

  // Fleet reduction (SISR's idea): empty the route with the fewest jobs into the pool and let
  // the search, which may not open routes meanwhile, work the pool back in; an empty pool is a
  // plan with one vehicle fewer, the next best, and the next route goes.
  void remove_smallest_route() {
    int smallest = -1;
    for (int r = 0; r < static_cast<int>(plan_.routes().size()); ++r) {
      const int size = plan_.route(r).size();
      if (size > 0 && (smallest < 0 || size < plan_.route(smallest).size())) smallest = r;
    }
    if (smallest < 0) return;
    plan_.begin();
    const std::vector<int> jobs = plan_.route(smallest).jobs;
    for (int j : jobs) {
      plan_.remove(j);
      plan_.add_to_pool(j);
    }
  }

  // One ruin-and-recreate step, accepted or rolled back.
  void step(double temperature) {
    plan_.begin();
    // Now and then empty one route into the others: the step that reduces the fleet, and on
    // small problems (whatever the objective) the way to a plan where a vehicle that is cheap
    // for each job alone is not used at all.
    const bool merge_routes = problem_.objective.minimise_vehicles || small();
    const bool fleet_step = !fleet_cycle_ && merge_routes && rng_.uniform() < 0.05;
    const bool restart = !fleet_step && small() && rng_.uniform() < options_.restart_rate;
    int pool_seed = -1;
    std::vector<int> removed =
        fleet_step ? detail::ruin_route(context_, plan_, rng_)
        : restart  ? detail::ruin_all(plan_)
                   : detail::ruin_strings(context_, plan_, rng_, options_, &pool_seed);
    const std::vector<int> pool = plan_.take_pool();
    for (int j : pool) {
      removed.push_back(j);
      retried_[static_cast<std::size_t>(j)] = 1;
    }
    recreate_.first = pool_seed;
    recreate_.retried = &retried_;
    recreate_.allow_new_routes = !fleet_step && !fleet_cycle_;
    // Helpers that differ (home, shift, skills): sometimes choose positions with noise.
    const bool noisy =
        restart || (context_.profile_count() > 1 && rng_.uniform() < options_.noise_rate);
    recreate_.noise = noisy ? options_.noise : 0.0;
    recreate_.shuffle_only = restart && rng_.uniform() < 0.5;
    detail::recreate(context_, plan_, std::move(removed), rng_, recreate_);
    for (int j : pool) retried_[static_cast<std::size_t>(j)] = 0;
    if (options_.local_search && small()) {
      improve_changed_routes();
    }
    Cost cost = plan_.cost();
    if (!accept(cost, current_cost_, problem_.objective, temperature, rng_)) {
      plan_.rollback();
      return;
    }
    if (compare(cost, best_cost_, problem_.objective) < 0) {
      if (options_.local_search) {
        improve_changed_routes();
        cost = plan_.cost();
      }
      best_ = plan_;
      best_cost_ = cost;
      if (fleet_cycle_) {
        remove_smallest_route();
        cost = plan_.cost();
      }
    }
    current_cost_ = cost;
  }

  void improve_changed_routes() {
    const std::vector<int> changed = plan_.touched_routes();
    detail::local_search(context_, plan_, rng_, &changed);
  }

  // The best plan, with designated jobs moved where possible, the pool placed where it fits,
  // and a reason for every unassigned job.
  Solution finish(std::int64_t iterations) {
    plan_ = best_;
    detail::honour_designated(context_, plan_);
    detail::place_pool(context_, plan_);
    Solution solution = plan_.to_solution();
    for (int j = 0; j < context_.job_count(); ++j) {
      if (plan_.route_of(j) < 0)
        solution.unassigned.push_back({j, detail::unassigned_reason(context_, j)});
    }
    solution.iterations = iterations;
    return solution;
  }

  const Problem& problem_;
  const SolveOptions& options_;
  const Context context_;
  Rng rng_;
  PlanState plan_;
  PlanState best_;
  Cost best_cost_;
  Cost current_cost_;
  double temperature_start_ = 1;
  double temperature_end_ = 1;
  double cycle_length_ = 1;
  std::int64_t cycle_start_ = 0;
  int cycle_count_ = 0;
  bool fleet_cycle_ = false;
  detail::RecreateOptions recreate_;
  std::vector<char> retried_;
};

}  // namespace

Solution solve(const Problem& problem, const SolveOptions& options) {
  return Search(problem, options).run();
}

}  // namespace sangsaeng::routing
