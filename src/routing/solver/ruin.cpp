#include "routing/solver/ruin.h"

#include <algorithm>
#include <cmath>

namespace sangsaeng::routing::detail {

namespace {

// Removes `length` consecutive jobs through position `pos` of the route.
void remove_string(PlanState& plan, int route, int pos, int length, Rng& rng,
                   std::vector<int>& removed) {
  const RouteState& r = plan.route(route);
  const int first_low = std::max(0, pos - length + 1);
  const int first_high = std::min(pos, r.size() - length);
  const int first = rng.between(first_low, first_high);
  std::vector<int> jobs(r.jobs.begin() + first, r.jobs.begin() + first + length);
  for (int j : jobs) {
    plan.remove(j);
    removed.push_back(j);
  }
}

// Removes `length` jobs from a string of length + kept jobs through pos, keeping `kept`
// consecutive jobs of it in place.
void remove_split_string(PlanState& plan, int route, int pos, int length, Rng& rng,
                         const SolveOptions& options, std::vector<int>& removed) {
  const RouteState& r = plan.route(route);
  int kept = 1;
  while (length + kept < r.size() && rng.uniform() < options.split_keep) ++kept;
  const int span = length + kept;
  const int first_low = std::max(0, pos - span + 1);
  const int first_high = std::min(pos, r.size() - span);
  const int first = rng.between(first_low, first_high);
  const int keep_at = rng.between(0, length);  // offset of the kept part inside the span
  std::vector<int> jobs;
  for (int i = 0; i < span; ++i) {
    if (i >= keep_at && i < keep_at + kept) continue;
    jobs.push_back(r.jobs[static_cast<std::size_t>(first + i)]);
  }
  for (int j : jobs) {
    plan.remove(j);
    removed.push_back(j);
  }
}

}  // namespace

std::vector<int> ruin_strings(const Context& context, PlanState& plan, Rng& rng,
                              const SolveOptions& options, int* pool_seed) {
  *pool_seed = -1;
  std::vector<int> removed;
  std::vector<int> assigned;
  int used_routes = 0;
  for (const RouteState& r : plan.routes()) {
    if (r.empty()) continue;
    ++used_routes;
    assigned.insert(assigned.end(), r.jobs.begin(), r.jobs.end());
  }
  if (assigned.empty()) return removed;
  // The seed: a random job in a route, or now and then a job of the pool, so that the routes
  // around a job that does not fit are the ones opened up.
  const auto& pool = plan.pool();
  const bool from_pool = !pool.empty() && rng.uniform() < 0.5;
  const int seed =
      from_pool ? pool[static_cast<std::size_t>(rng.below(static_cast<int>(pool.size())))]
                : assigned[static_cast<std::size_t>(rng.below(static_cast<int>(assigned.size())))];
  if (from_pool) *pool_seed = seed;
  const double mean_size = static_cast<double>(assigned.size()) / used_routes;
  const double length_max = std::min<double>(options.string_length_max, mean_size);
  const double strings_max = 4.0 * options.removed_mean / (1.0 + length_max) - 1.0;
  const int strings = static_cast<int>(std::floor(1.0 + rng.uniform() * strings_max));

  std::vector<int> ruined_routes;
  auto visit = [&](int job) {
    const int route = plan.route_of(job);
    if (route < 0) return;
    if (std::find(ruined_routes.begin(), ruined_routes.end(), route) != ruined_routes.end()) return;
    const RouteState& r = plan.route(route);
    const double cap = std::min<double>(r.size(), length_max);
    const int length = std::max(1, static_cast<int>(std::floor(1.0 + rng.uniform() * cap)));
    const int pos = static_cast<int>(std::find(r.jobs.begin(), r.jobs.end(), job) - r.jobs.begin());
    ruined_routes.push_back(route);
    if (length < r.size() && rng.uniform() < options.split_rate) {
      remove_split_string(plan, route, pos, length, rng, options, removed);
    } else {
      remove_string(plan, route, pos, std::min(length, r.size()), rng, removed);
    }
  };
  visit(seed);
  for (int job : context.neighbours(seed)) {
    if (static_cast<int>(ruined_routes.size()) >= strings) break;
    visit(job);
  }
  return removed;
}

std::vector<int> ruin_route(const Context& context, PlanState& plan, Rng& rng) {
  (void)context;
  std::vector<int> used;
  for (int r = 0; r < static_cast<int>(plan.routes().size()); ++r) {
    if (!plan.route(r).empty()) used.push_back(r);
  }
  std::vector<int> removed;
  if (used.empty()) return removed;
  const int route = used[static_cast<std::size_t>(rng.below(static_cast<int>(used.size())))];
  removed = plan.route(route).jobs;
  for (int j : removed) plan.remove(j);
  return removed;
}

std::vector<int> ruin_all(PlanState& plan) {
  std::vector<int> removed;
  for (const RouteState& r : plan.routes())
    removed.insert(removed.end(), r.jobs.begin(), r.jobs.end());
  for (int j : removed) plan.remove(j);
  return removed;
}

}  // namespace sangsaeng::routing::detail
