#include "routing/schedule.h"

#include <algorithm>
#include <cassert>

namespace sangsaeng::routing {

std::vector<Stop> timetable(const Problem& problem, const Route& route) {
  assert(route.vehicle >= 0 && route.vehicle < static_cast<int>(problem.vehicles.size()));
  const Vehicle& v = problem.vehicles[static_cast<std::size_t>(route.vehicle)];
  std::vector<Stop> stops;
  stops.reserve(route.jobs.size());
  double clock = v.shift.start;
  std::optional<int> at = v.start_location;
  for (int j : route.jobs) {
    assert(j >= 0 && j < static_cast<int>(problem.jobs.size()));
    const Job& job = problem.jobs[static_cast<std::size_t>(j)];
    if (at) clock += problem.travel->duration(*at, job.location);
    at = job.location;
    Stop stop;
    stop.job = j;
    stop.arrival = stop.start = clock;
    if (!job.windows.empty()) {
      const auto w = std::find_if(job.windows.begin(), job.windows.end(),
                                  [&](const TimeWindow& tw) { return clock <= tw.end; });
      if (w == job.windows.end()) {
        stop.late = true;
      } else {
        stop.start = std::max(clock, w->start);
      }
    }
    stop.end = stop.start + job.service;
    clock = stop.end;
    stops.push_back(stop);
  }
  return stops;
}

}  // namespace sangsaeng::routing
