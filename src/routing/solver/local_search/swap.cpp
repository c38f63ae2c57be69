// Swap: exchange the job with a neighbour, in the same route or another.
#include <algorithm>

#include "routing/solver/local_search/local_search.h"

namespace sangsaeng::routing::detail {

namespace {

int position(const RouteState& r, int job) {
  return static_cast<int>(std::find(r.jobs.begin(), r.jobs.end(), job) - r.jobs.begin());
}

// The distance change of putting `loc` at stop s of r instead of what is there.
double replace_delta(const Context& c, const RouteState& r, std::size_t s, int loc) {
  return c.distance(r.location[s - 1], loc) + c.distance(loc, r.location[s + 1]) -
         c.distance(r.location[s - 1], r.location[s]) -
         c.distance(r.location[s], r.location[s + 1]);
}

}  // namespace

bool try_swap(const Context& context, PlanState& plan, int job) {
  const int ra = plan.route_of(job);
  const auto& neighbours = context.neighbours(job);
  const int count = std::min<int>(kGranularNeighbours, static_cast<int>(neighbours.size()));
  for (int k = 0; k < count; ++k) {
    const int other = neighbours[static_cast<std::size_t>(k)];
    const int rb = plan.route_of(other);
    if (rb < 0) continue;
    const RouteState& a = plan.route(ra);
    const RouteState& b = plan.route(rb);
    if (!context.compatible(job, b.vehicle) || !context.compatible(other, a.vehicle)) continue;
    const int pa = position(a, job);
    const int pb = position(b, other);
    if (ra == rb) {
      if (std::abs(pa - pb) <= 1) continue;  // adjacent: a relocate covers it
      std::vector<int> jobs = a.jobs;
      std::swap(jobs[static_cast<std::size_t>(pa)], jobs[static_cast<std::size_t>(pb)]);
      const double delta =
          replace_delta(context, a, static_cast<std::size_t>(pa) + 1, context.job_location(other)) +
          replace_delta(context, a, static_cast<std::size_t>(pb) + 1, context.job_location(job));
      if (delta > -1e-9) continue;
      if (apply_if_better(context, plan, ra, std::move(jobs), -1, {})) return true;
      continue;
    }
    const double delta =
        replace_delta(context, a, static_cast<std::size_t>(pa) + 1, context.job_location(other)) +
        replace_delta(context, b, static_cast<std::size_t>(pb) + 1, context.job_location(job));
    const auto& jobs = context.problem().jobs;
    const bool designated = jobs[static_cast<std::size_t>(job)].designated_vehicle ||
                            jobs[static_cast<std::size_t>(other)].designated_vehicle;
    if (delta > -1e-9 && !designated) continue;
    std::vector<int> a_jobs = a.jobs;
    std::vector<int> b_jobs = b.jobs;
    a_jobs[static_cast<std::size_t>(pa)] = other;
    b_jobs[static_cast<std::size_t>(pb)] = job;
    if (apply_if_better(context, plan, ra, std::move(a_jobs), rb, std::move(b_jobs))) return true;
  }
  return false;
}

}  // namespace sangsaeng::routing::detail
