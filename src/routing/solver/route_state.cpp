#include "routing/solver/route_state.h"

#include <cassert>

namespace sangsaeng::routing::detail {

void RouteState::update(const Context& context) {
  const Problem& p = context.problem();
  const Vehicle& veh = p.vehicles[static_cast<std::size_t>(vehicle)];
  const std::size_t stops = jobs.size() + 2;
  location.resize(stops);
  departure.resize(stops);
  latest.resize(stops);
  location[0] = context.start_location(vehicle);
  location[stops - 1] = context.end_location(vehicle);
  for (std::size_t i = 0; i < jobs.size(); ++i) location[i + 1] = context.job_location(jobs[i]);

  distance = 0;
  work = 0;
  load = 0;
  departure[0] = veh.shift.start;
  for (std::size_t s = 1; s < stops; ++s) {
    const double travel = context.duration(location[s - 1], location[s]);
    distance += context.distance(location[s - 1], location[s]);
    work += travel;
    const double arrival = departure[s - 1] + travel;
    if (s + 1 == stops) {
      departure[s] = arrival;
      break;
    }
    const Job& job = p.jobs[static_cast<std::size_t>(jobs[s - 1])];
    const double start = service_start(job, arrival);
    // An infeasible stop propagates +infinity: later checks then fail, never pass.
    departure[s] = start == kNoStart ? kTimeMax : start + job.service;
    work += job.service;
    load += job.demand;
  }
  latest[stops - 1] = veh.shift.end;
  for (std::size_t s = stops - 1; s-- > 1;) {
    const Job& job = p.jobs[static_cast<std::size_t>(jobs[s - 1])];
    const double bound =
        latest[s + 1] - context.duration(location[s], location[s + 1]) - job.service;
    latest[s] = latest_start(job, bound);
  }
  latest[0] = latest[1] - context.duration(location[0], location[1]);
}

bool RouteState::feasible(const Context& context) const {
  const Vehicle& veh = context.problem().vehicles[static_cast<std::size_t>(vehicle)];
  if (load > veh.capacity) return false;
  if (veh.max_working_time && work > *veh.max_working_time + 1e-9) return false;
  return departure.back() <= veh.shift.end;
}

bool try_insert(const Context& context, const RouteState& route, int job, int after,
                double* delta) {
  assert(after >= 0 && after <= route.size());
  const Job& j = context.problem().jobs[static_cast<std::size_t>(job)];
  const auto a = static_cast<std::size_t>(after);
  const int from = route.location[a];
  const int to = route.location[a + 1];
  const int loc = context.job_location(job);
  const double arrival = route.departure[a] + context.duration(from, loc);
  const double start = service_start(j, arrival);
  if (start == kNoStart) return false;
  if (start + j.service + context.duration(loc, to) > route.latest[a + 1]) return false;
  const Vehicle& veh = context.problem().vehicles[static_cast<std::size_t>(route.vehicle)];
  if (veh.max_working_time) {
    const double added = context.duration(from, loc) + j.service + context.duration(loc, to) -
                         context.duration(from, to);
    if (route.work + added > *veh.max_working_time + 1e-9) return false;
  }
  *delta = context.distance(from, loc) + context.distance(loc, to) - context.distance(from, to);
  return true;
}

}  // namespace sangsaeng::routing::detail
