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

// The distance of the route's jobs driven by another vehicle: only the first and last legs change.
double distance_on(const Context& c, const RouteState& r, int vehicle) {
  if (r.empty()) return 0;
  const int first = c.job_location(r.jobs.front());
  const int last = c.job_location(r.jobs.back());
  return r.distance - c.distance(r.location.front(), first) - c.distance(last, r.location.back()) +
         c.distance(c.start_location(vehicle), first) + c.distance(last, c.end_location(vehicle));
}

bool has_designated(const Context& c, const RouteState& r) {
  const auto& jobs = c.problem().jobs;
  return std::any_of(r.jobs.begin(), r.jobs.end(), [&](int j) {
    return jobs[static_cast<std::size_t>(j)].designated_vehicle.has_value();
  });
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
    // Designated jobs make a change of vehicle worth more than distance; otherwise filter by it.
    const double after = distance_on(context, a, b.vehicle) + distance_on(context, b, a.vehicle);
    if (after > a.distance + b.distance - 1e-9 && !has_designated(context, a) &&
        !has_designated(context, b)) {
      continue;
    }
    if (!all_compatible(context, a.jobs, b.vehicle) || !all_compatible(context, b.jobs, a.vehicle))
      continue;
    std::vector<int> a_jobs = b.jobs;
    std::vector<int> b_jobs = a.jobs;
    if (apply_if_better(context, plan, route, std::move(a_jobs), other, std::move(b_jobs)))
      return true;
  }
  return false;
}

}  // namespace sangsaeng::routing::detail
