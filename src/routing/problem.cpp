#include "routing/problem.h"

#include <cmath>

namespace sangsaeng::routing {

namespace {

bool valid_location(const Problem& p, int location) {
  return location >= 0 && location < p.travel->size();
}

std::string validate_window(const TimeWindow& w, const std::string& what) {
  if (std::isnan(w.start) || std::isnan(w.end) || w.end < w.start) {
    return what + ": time window ends before it starts";
  }
  return {};
}

std::string validate_vehicle(const Problem& p, const Vehicle& v, std::size_t i) {
  const std::string what = "vehicle " + std::to_string(v.id) + " (#" + std::to_string(i) + ")";
  if (v.start_location && !valid_location(p, *v.start_location)) return what + ": bad start";
  if (v.end_location && !valid_location(p, *v.end_location)) return what + ": bad end";
  if (v.capacity < 0) return what + ": negative capacity";
  if (v.max_working_time && !(*v.max_working_time >= 0)) return what + ": bad max working time";
  return validate_window(v.shift, what);
}

std::string validate_job(const Problem& p, const Job& j, std::size_t i) {
  const std::string what = "job " + std::to_string(j.id) + " (#" + std::to_string(i) + ")";
  if (!valid_location(p, j.location)) return what + ": bad location";
  if (!(j.service >= 0) || std::isinf(j.service)) return what + ": bad service time";
  if (j.demand < 0) return what + ": negative demand";
  if (j.priority < 0 || j.priority > 100) return what + ": priority must be 0..100";
  if (j.designated_vehicle &&
      (*j.designated_vehicle < 0 || *j.designated_vehicle >= static_cast<int>(p.vehicles.size()))) {
    return what + ": designated vehicle out of range";
  }
  for (std::size_t w = 0; w < j.windows.size(); ++w) {
    if (auto e = validate_window(j.windows[w], what); !e.empty()) return e;
    if (w > 0 && j.windows[w].start <= j.windows[w - 1].end) {
      return what + ": time windows must be sorted and disjoint";
    }
  }
  return {};
}

}  // namespace

std::string validate(const Problem& p) {
  if (!p.travel) return "the problem has no travel model";
  if (p.travel->size() > kLocationsMax) {
    return "too many locations (" + std::to_string(p.travel->size()) + ", at most " +
           std::to_string(kLocationsMax) + ")";
  }
  if (p.jobs.size() > static_cast<std::size_t>(kJobsMax))
    return "too many jobs (at most " + std::to_string(kJobsMax) + ")";
  if (p.vehicles.size() > static_cast<std::size_t>(kVehiclesMax)) {
    return "too many vehicles (at most " + std::to_string(kVehiclesMax) + ")";
  }
  for (std::size_t i = 0; i < p.vehicles.size(); ++i) {
    if (auto e = validate_vehicle(p, p.vehicles[i], i); !e.empty()) return e;
  }
  for (std::size_t i = 0; i < p.jobs.size(); ++i) {
    if (auto e = validate_job(p, p.jobs[i], i); !e.empty()) return e;
  }
  return {};
}

}  // namespace sangsaeng::routing
