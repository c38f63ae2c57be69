#include "routing/solver/context.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <numeric>
#include <tuple>

namespace sangsaeng::routing::detail {

bool has_skills(const std::vector<int>& have, const std::vector<int>& need) {
  for (int s : need) {
    if (std::find(have.begin(), have.end(), s) == have.end()) return false;
  }
  return true;
}

Context::Context(const Problem& problem)
    : problem_(problem),
      job_count_(static_cast<int>(problem.jobs.size())),
      vehicle_count_(static_cast<int>(problem.vehicles.size())) {
  assert(problem.travel != nullptr);
  build_travel();
  build_compatibility();
  build_profiles();
  build_neighbours();
}

void Context::build_travel() {
  const TravelModel& travel = *problem_.travel;
  const int real = travel.size();
  location_count_ = real + 1;  // the last one is nowhere()
  const auto count = static_cast<std::size_t>(location_count_);
  distance_.assign(count * count, 0.0);
  duration_.assign(count * count, 0.0);
  for (int a = 0; a < real; ++a) {
    for (int b = 0; b < real; ++b) {
      distance_[index(a, b)] = travel.distance(a, b);
      duration_[index(a, b)] = travel.duration(a, b);
    }
  }
  for (const Job& j : problem_.jobs) job_location_.push_back(j.location);
  for (const Vehicle& v : problem_.vehicles) {
    start_location_.push_back(v.start_location.value_or(nowhere()));
    end_location_.push_back(v.end_location.value_or(nowhere()));
  }
}

void Context::build_compatibility() {
  const auto m = static_cast<std::size_t>(vehicle_count_);
  compatible_.assign(static_cast<std::size_t>(job_count_) * m, 0);
  compatible_vehicles_.assign(static_cast<std::size_t>(job_count_), 0);
  depot_distance_.assign(static_cast<std::size_t>(job_count_), 0.0);
  for (int j = 0; j < job_count_; ++j) {
    const Job& job = problem_.jobs[static_cast<std::size_t>(j)];
    double nearest = kTimeMax;
    for (int v = 0; v < vehicle_count_; ++v) {
      const Vehicle& veh = problem_.vehicles[static_cast<std::size_t>(v)];
      if (!has_skills(veh.skills, job.skills)) continue;
      if (job.female_only && !veh.female) continue;
      if (job.demand > veh.capacity) continue;
      const int loc = job.location;
      const double arrival = veh.shift.start + duration(start_location(v), loc);
      const double start = service_start(job, arrival);
      if (start == kNoStart) continue;
      if (start + job.service + duration(loc, end_location(v)) > veh.shift.end) continue;
      const double work =
          duration(start_location(v), loc) + job.service + duration(loc, end_location(v));
      if (veh.max_working_time && work > *veh.max_working_time) continue;
      compatible_[static_cast<std::size_t>(j) * m + static_cast<std::size_t>(v)] = 1;
      ++compatible_vehicles_[static_cast<std::size_t>(j)];
      nearest = std::min(nearest, distance(start_location(v), loc));
    }
    depot_distance_[static_cast<std::size_t>(j)] = nearest == kTimeMax ? 0.0 : nearest;
  }
}

void Context::build_profiles() {
  using Key = std::tuple<int, int, double, double, std::int64_t, std::vector<int>, bool, double>;
  std::map<Key, int> ids;
  for (int v = 0; v < vehicle_count_; ++v) {
    const Vehicle& veh = problem_.vehicles[static_cast<std::size_t>(v)];
    std::vector<int> skills = veh.skills;
    std::sort(skills.begin(), skills.end());
    Key key{
        start_location(v), end_location(v), veh.shift.start, veh.shift.end,
        veh.capacity,      skills,          veh.female,      veh.max_working_time.value_or(-1.0)};
    auto [it, inserted] = ids.emplace(key, static_cast<int>(ids.size()));
    profile_.push_back(it->second);
  }
  // Designated jobs make a vehicle unique: its empty route must be tried on its own.
  std::vector<char> designated(static_cast<std::size_t>(vehicle_count_), 0);
  for (const Job& j : problem_.jobs) {
    if (j.designated_vehicle) designated[static_cast<std::size_t>(*j.designated_vehicle)] = 1;
  }
  int next = static_cast<int>(ids.size());
  for (int v = 0; v < vehicle_count_; ++v) {
    if (designated[static_cast<std::size_t>(v)]) profile_[static_cast<std::size_t>(v)] = next++;
  }
  profile_count_ = next;
}

void Context::build_neighbours() {
  neighbours_.resize(static_cast<std::size_t>(job_count_));
  std::vector<int> order(static_cast<std::size_t>(job_count_));
  double nearest_sum = 0;
  int nearest_count = 0;
  for (int j = 0; j < job_count_; ++j) {
    std::iota(order.begin(), order.end(), 0);
    const int loc = job_location(j);
    auto key = [&](int o) {
      return distance(loc, job_location(o)) + distance(job_location(o), loc);
    };
    const auto keep = std::min<std::size_t>(order.size(), kNeighbourMax + 1);
    std::partial_sort(
        order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
        [&](int a, int b) { return std::make_pair(key(a), a) < std::make_pair(key(b), b); });
    auto& list = neighbours_[static_cast<std::size_t>(j)];
    for (std::size_t i = 0; i < keep; ++i) {
      if (order[i] != j) list.push_back(order[i]);
    }
    if (list.size() > kNeighbourMax) list.resize(kNeighbourMax);
    if (!list.empty()) {
      nearest_sum += distance(loc, job_location(list.front()));
      ++nearest_count;
    }
  }
  if (nearest_count > 0 && nearest_sum > 0) nearest_distance_mean_ = nearest_sum / nearest_count;
}

}  // namespace sangsaeng::routing::detail
