// 2-opt*: cut two routes after the job and after a neighbour's predecessor, and exchange the
// tails, so the job is followed by the neighbour (Potvin & Rousseau). Only between routes.
#include <algorithm>

#include "routing/solver/local_search/local_search.h"

namespace sangsaeng::routing::detail {

namespace {

int position(const RouteState& r, int job) {
  return static_cast<int>(std::find(r.jobs.begin(), r.jobs.end(), job) - r.jobs.begin());
}

bool tail_compatible(const Context& c, const std::vector<int>& jobs, std::size_t from,
                     int vehicle) {
  for (std::size_t i = from; i < jobs.size(); ++i) {
    if (!c.compatible(jobs[i], vehicle)) return false;
  }
  return true;
}

}  // namespace

bool try_two_opt_star(const Context& context, PlanState& plan, int job) {
  const int ra = plan.route_of(job);
  const auto& neighbours = context.neighbours(job);
  const int count = std::min<int>(kGranularNeighbours, static_cast<int>(neighbours.size()));
  for (int k = 0; k < count; ++k) {
    const int other = neighbours[static_cast<std::size_t>(k)];
    const int rb = plan.route_of(other);
    if (rb < 0 || rb == ra) continue;
    const RouteState& a = plan.route(ra);
    const RouteState& b = plan.route(rb);
    // a: ... job | x ...   b: ... w | other ...   becomes   a: ... job other ...   b: ... w x ...
    const auto cut_a = static_cast<std::size_t>(position(a, job)) + 1;  // jobs kept in a
    const auto cut_b = static_cast<std::size_t>(position(b, other));    // jobs kept in b
    const double delta = context.distance(a.location[cut_a], b.location[cut_b + 1]) +
                         context.distance(b.location[cut_b], a.location[cut_a + 1]) -
                         context.distance(a.location[cut_a], a.location[cut_a + 1]) -
                         context.distance(b.location[cut_b], b.location[cut_b + 1]);
    if (delta > -1e-9) continue;
    if (!tail_compatible(context, b.jobs, cut_b, a.vehicle) ||
        !tail_compatible(context, a.jobs, cut_a, b.vehicle)) {
      continue;
    }
    std::vector<int> a_jobs(a.jobs.begin(), a.jobs.begin() + static_cast<std::ptrdiff_t>(cut_a));
    a_jobs.insert(a_jobs.end(), b.jobs.begin() + static_cast<std::ptrdiff_t>(cut_b), b.jobs.end());
    std::vector<int> b_jobs(b.jobs.begin(), b.jobs.begin() + static_cast<std::ptrdiff_t>(cut_b));
    b_jobs.insert(b_jobs.end(), a.jobs.begin() + static_cast<std::ptrdiff_t>(cut_a), a.jobs.end());
    if (apply_if_better(context, plan, ra, std::move(a_jobs), rb, std::move(b_jobs))) return true;
  }
  return false;
}

}  // namespace sangsaeng::routing::detail
