// Vehicle exchange: give a whole route to another vehicle (an idle one, or swap the vehicles of
// two routes). Needed when helpers differ in home base, shift or skills: string removals move
// jobs one by one, and the cheapest vehicle for a first job is not always the best for all.
#include <algorithm>

#include "routing/solver/local_search/local_search.h"

namespace sangsaeng::routing::detail {

namespace {

bool all_compatible(const Context& c, const std::vector<int>& jobs, int vehicle) {
  return std::all_of(jobs.begin(), jobs.end(), [&](int j) { return c.compatible(j, vehicle); });
}

}  // namespace

bool try_vehicle_exchange(const Context& context, PlanState& plan, int route) {
  const int count = static_cast<int>(plan.routes().size());
  std::vector<char> idle_tried(static_cast<std::size_t>(context.profile_count()), 0);
  for (int other = 0; other < count; ++other) {
    if (other == route) continue;
    const RouteState& a = plan.route(route);
    const RouteState& b = plan.route(other);
    if (a.empty()) return false;
    if (b.empty()) {
      auto& tried = idle_tried[static_cast<std::size_t>(context.profile(b.vehicle))];
      if (tried || context.profile(b.vehicle) == context.profile(a.vehicle)) continue;
      tried = 1;
    } else if (context.profile(b.vehicle) == context.profile(a.vehicle)) {
      continue;  // the same vehicle in all but name
    }
    if (!all_compatible(context, a.jobs, b.vehicle) || !all_compatible(context, b.jobs, a.vehicle)) continue;
    std::vector<int> a_jobs = b.jobs;
    std::vector<int> b_jobs = a.jobs;
    if (apply_if_better(context, plan, route, std::move(a_jobs), other, std::move(b_jobs))) return true;
  }
  return false;
}

}  // namespace sangsaeng::routing::detail
