// Relocate: take the job out of its route and put it just before or just after a neighbour.
#include <algorithm>

#include "routing/solver/local_search/local_search.h"

namespace sangsaeng::routing::detail {

namespace {

int position(const RouteState& r, int job) {
  return static_cast<int>(std::find(r.jobs.begin(), r.jobs.end(), job) - r.jobs.begin());
}

// The distance saved by taking the job at pos out of its route.
double removal_gain(const Context& c, const RouteState& r, int pos) {
  const auto s = static_cast<std::size_t>(pos) + 1;  // stop index
  return c.distance(r.location[s - 1], r.location[s]) +
         c.distance(r.location[s], r.location[s + 1]) -
         c.distance(r.location[s - 1], r.location[s + 1]);
}

}  // namespace

bool try_relocate(const Context& context, PlanState& plan, int job) {
  const int from = plan.route_of(job);
  const RouteState& src = plan.route(from);
  const int pos = position(src, job);
  const double gain = removal_gain(context, src, pos);
  const int loc = context.job_location(job);
  const auto& neighbours = context.neighbours(job);
  const int count = std::min<int>(kGranularNeighbours, static_cast<int>(neighbours.size()));
  for (int k = 0; k < count; ++k) {
    const int other = neighbours[static_cast<std::size_t>(k)];
    const int to = plan.route_of(other);
    if (to < 0 || !context.compatible(job, plan.route(to).vehicle)) continue;
    const RouteState& dst = plan.route(to);
    const int opos = position(dst, other);
    for (int side = 0; side < 2; ++side) {
      // Insert between stops `after` and `after + 1` of dst (stop = position + 1).
      const int after = opos + side;  // before other: after stop opos; after other: stop opos+1
      const auto a = static_cast<std::size_t>(after);
      if (to == from && (after == pos || after == pos + 1)) continue;  // no change
      const double added = context.distance(dst.location[a], loc) +
                           context.distance(loc, dst.location[a + 1]) -
                           context.distance(dst.location[a], dst.location[a + 1]);
      if (added - gain > -1e-9 &&
          !context.problem().jobs[static_cast<std::size_t>(job)].designated_vehicle)
        continue;
      if (to == from) {
        std::vector<int> jobs = src.jobs;
        jobs.erase(jobs.begin() + pos);
        const int at = after > pos ? after - 1 : after;
        jobs.insert(jobs.begin() + at, job);
        if (apply_if_better(context, plan, from, std::move(jobs), -1, {})) return true;
      } else {
        std::vector<int> a_jobs = src.jobs;
        a_jobs.erase(a_jobs.begin() + pos);
        std::vector<int> b_jobs = dst.jobs;
        b_jobs.insert(b_jobs.begin() + after, job);
        if (apply_if_better(context, plan, from, std::move(a_jobs), to, std::move(b_jobs)))
          return true;
      }
    }
  }
  return false;
}

}  // namespace sangsaeng::routing::detail
