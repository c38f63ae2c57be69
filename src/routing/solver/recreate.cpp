#include "routing/solver/recreate.h"

#include <algorithm>

namespace sangsaeng::routing::detail {

namespace {

bool better(int rank, double delta, const Insertion& best) {
  if (best.route < 0) return true;
  if (rank != best.rank) return rank < best.rank;
  return delta < best.delta;
}

// Shuffles, then sorts by SISR's randomly chosen criterion and (stably) by priority, highest
// first; or only shuffles.
void order_jobs(const Context& context, std::vector<int>& jobs, Rng& rng,
                const RecreateOptions& options) {
  const auto& p = context.problem();
  for (std::size_t i = jobs.size(); i > 1; --i) {
    std::swap(jobs[i - 1], jobs[static_cast<std::size_t>(rng.below(static_cast<int>(i)))]);
  }
  if (options.shuffle_only) return;
  const int pick = rng.below(11);
  if (pick < 4) {
    // random order, already shuffled
  } else if (pick < 8) {
    std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) {
      return p.jobs[static_cast<std::size_t>(a)].demand >
             p.jobs[static_cast<std::size_t>(b)].demand;
    });
  } else if (pick < 10) {
    std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) {
      return context.depot_distance(a) > context.depot_distance(b);
    });
  } else {
    std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) {
      return context.depot_distance(a) < context.depot_distance(b);
    });
  }
  // Higher priority first; among equals, designated jobs first, so that their helper still
  // has room for them.
  auto rank = [&](int j) {
    const Job& job = p.jobs[static_cast<std::size_t>(j)];
    return 2 * job.priority + (job.designated_vehicle ? 1 : 0);
  };
  std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) { return rank(a) > rank(b); });
  if (const auto it = std::find(jobs.begin(), jobs.end(), options.first); it != jobs.end()) {
    std::rotate(jobs.begin(), it, it + 1);
  }
}

}  // namespace

Insertion best_insertion(const Context& context, const PlanState& plan, int job, Rng& rng,
                         const RecreateOptions& options) {
  const Problem& p = context.problem();
  const Job& j = p.jobs[static_cast<std::size_t>(job)];
  Insertion best;
  // One empty vehicle per profile is enough: the others would give the same result.
  std::vector<char> empty_tried(static_cast<std::size_t>(context.profile_count()), 0);
  const auto& routes = plan.routes();
  const bool retried = options.retried && (*options.retried)[static_cast<std::size_t>(job)];
  for (int r = 0; r < static_cast<int>(routes.size()); ++r) {
    const RouteState& route = routes[static_cast<std::size_t>(r)];
    if (!context.compatible(job, route.vehicle)) continue;
    if (retried && !plan.touched(r)) continue;
    const Vehicle& veh = p.vehicles[static_cast<std::size_t>(route.vehicle)];
    if (route.load + j.demand > veh.capacity) continue;
    int rank = (j.designated_vehicle && *j.designated_vehicle != route.vehicle) ? 2 : 0;
    if (route.empty()) {
      if (!options.allow_new_routes) continue;
      auto& tried = empty_tried[static_cast<std::size_t>(context.profile(route.vehicle))];
      if (tried) continue;
      tried = 1;
      if (p.objective.minimise_vehicles) rank += 1;
    }
    if (best.route >= 0 && rank > best.rank) continue;
    for (int after = 0; after <= route.size(); ++after) {
      if (options.blink_rate > 0 && rng.uniform() < options.blink_rate) continue;
      double delta = 0;
      if (!try_insert(context, route, job, after, &delta)) {
        // Arrival only gets later along the route: past the last window, stop.
        if (!j.windows.empty() &&
            route.departure[static_cast<std::size_t>(after)] > j.windows.back().end) {
          break;
        }
        continue;
      }
      if (options.noise > 0) delta *= 1.0 + options.noise * (2.0 * rng.uniform() - 1.0);
      if (better(rank, delta, best)) best = Insertion{r, after, delta, rank};
    }
  }
  return best;
}

void recreate(const Context& context, PlanState& plan, std::vector<int> jobs, Rng& rng,
              const RecreateOptions& options) {
  order_jobs(context, jobs, rng, options);
  for (int job : jobs) {
    const Insertion ins = best_insertion(context, plan, job, rng, options);
    if (ins.route >= 0) {
      plan.insert(job, ins.route, ins.after);
    } else {
      plan.add_to_pool(job);
    }
  }
}

}  // namespace sangsaeng::routing::detail
