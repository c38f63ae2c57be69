#include "routing/solver/local_search/local_search.h"

#include <algorithm>
#include <numeric>

namespace sangsaeng::routing::detail {

namespace {

struct Effect {
  bool feasible = true;
  int designated_missed = 0;
  int vehicles = 0;
  double distance = 0;
};

void add_route(const Context& context, const RouteState& r, Effect& e) {
  const Problem& p = context.problem();
  if (!r.feasible(context)) e.feasible = false;
  if (r.empty()) return;
  ++e.vehicles;
  e.distance += r.distance;
  for (std::size_t s = 1; s + 1 < r.departure.size(); ++s) {
    if (r.departure[s] == kTimeMax) e.feasible = false;
  }
  for (int j : r.jobs) {
    const Job& job = p.jobs[static_cast<std::size_t>(j)];
    if (job.designated_vehicle && *job.designated_vehicle != r.vehicle) ++e.designated_missed;
  }
}

}  // namespace

bool apply_if_better(const Context& context, PlanState& plan, int route_a, std::vector<int> jobs_a,
                     int route_b, std::vector<int> jobs_b) {
  Effect before;
  Effect after;
  RouteState new_a;
  new_a.vehicle = plan.route(route_a).vehicle;
  new_a.jobs = std::move(jobs_a);
  new_a.update(context);
  add_route(context, plan.route(route_a), before);
  add_route(context, new_a, after);
  RouteState new_b;
  if (route_b >= 0) {
    new_b.vehicle = plan.route(route_b).vehicle;
    new_b.jobs = std::move(jobs_b);
    new_b.update(context);
    add_route(context, plan.route(route_b), before);
    add_route(context, new_b, after);
  }
  if (!after.feasible) return false;
  if (after.designated_missed != before.designated_missed) {
    if (after.designated_missed > before.designated_missed) return false;
  } else if (context.problem().objective.minimise_vehicles && after.vehicles != before.vehicles) {
    if (after.vehicles > before.vehicles) return false;
  } else if (!(after.distance < before.distance - 1e-9)) {
    return false;
  }
  plan.set_jobs(route_a, std::move(new_a.jobs));
  if (route_b >= 0) plan.set_jobs(route_b, std::move(new_b.jobs));
  return true;
}

int local_search(const Context& context, PlanState& plan, Rng& rng, const std::vector<int>* scope,
                 int max_passes) {
  std::vector<int> routes;
  if (scope) {
    routes = *scope;
  } else {
    routes.resize(plan.routes().size());
    std::iota(routes.begin(), routes.end(), 0);
  }
  std::vector<int> order;
  for (int r : routes)
    order.insert(order.end(), plan.route(r).jobs.begin(), plan.route(r).jobs.end());
  int moves = 0;
  for (int pass = 0; pass < max_passes; ++pass) {
    for (std::size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[static_cast<std::size_t>(rng.below(static_cast<int>(i)))]);
    }
    bool improved = false;
    for (int job : order) {
      if (plan.route_of(job) < 0) continue;
      if (try_relocate(context, plan, job) || try_swap(context, plan, job) ||
          try_two_opt_star(context, plan, job)) {
        improved = true;
        ++moves;
      }
    }
    for (int r : routes) {
      if (!plan.route(r).empty() && try_vehicle_exchange(context, plan, r)) {
        improved = true;
        ++moves;
      }
    }
    if (!improved) break;
  }
  return moves;
}

}  // namespace sangsaeng::routing::detail
