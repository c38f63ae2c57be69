// Precomputed, read-only data the search consults in its inner loops: dense travel tables,
// which vehicle may serve which job, nearest neighbours, and the small time-window helpers.
#pragma once

#include <cstdint>
#include <vector>

#include "routing/problem.h"

namespace sangsaeng::routing::detail {

class Context {
 public:
  // REQUIRES: validate(problem) is empty. Keeps a reference: problem must outlive the context.
  explicit Context(const Problem& problem);

  const Problem& problem() const { return problem_; }
  int job_count() const { return job_count_; }
  int vehicle_count() const { return vehicle_count_; }

  // Travel between dense location indices; nowhere() is a location at zero distance from all,
  // used for routes that have no start or no end.
  double distance(int from, int to) const { return distance_[index(from, to)]; }
  double duration(int from, int to) const { return duration_[index(from, to)]; }
  int nowhere() const { return location_count_ - 1; }

  int job_location(int job) const { return job_location_[static_cast<std::size_t>(job)]; }
  int start_location(int vehicle) const {
    return start_location_[static_cast<std::size_t>(vehicle)];
  }
  int end_location(int vehicle) const { return end_location_[static_cast<std::size_t>(vehicle)]; }

  // Skills, female-only, capacity, and the job alone fits in time on this vehicle.
  bool compatible(int job, int vehicle) const {
    return compatible_[static_cast<std::size_t>(job) * static_cast<std::size_t>(vehicle_count_) +
                       static_cast<std::size_t>(vehicle)] != 0;
  }
  // True when no vehicle is compatible: the job is never tried.
  bool impossible(int job) const {
    return compatible_vehicles_[static_cast<std::size_t>(job)] == 0;
  }
  // Vehicles with the same start, end, shift, capacity, skills and attributes share a profile;
  // the search tries only one empty vehicle of a profile.
  int profile(int vehicle) const { return profile_[static_cast<std::size_t>(vehicle)]; }
  int profile_count() const { return profile_count_; }
  // Other jobs by increasing distance (at most kNeighbourMax).
  const std::vector<int>& neighbours(int job) const {
    return neighbours_[static_cast<std::size_t>(job)];
  }
  // Mean distance from a job to its nearest job: the scale of annealing temperatures.
  double nearest_distance_mean() const { return nearest_distance_mean_; }
  // Distance from the job to the nearest start of a compatible vehicle.
  double depot_distance(int job) const { return depot_distance_[static_cast<std::size_t>(job)]; }

  static constexpr int kNeighbourMax = 100;

 private:
  std::size_t index(int from, int to) const {
    return static_cast<std::size_t>(from) * static_cast<std::size_t>(location_count_) +
           static_cast<std::size_t>(to);
  }
  void build_travel();
  void build_compatibility();
  void build_profiles();
  void build_neighbours();

  const Problem& problem_;
  int job_count_;
  int vehicle_count_;
  int location_count_ = 0;
  std::vector<double> distance_;
  std::vector<double> duration_;
  std::vector<int> job_location_;
  std::vector<int> start_location_;
  std::vector<int> end_location_;
  std::vector<char> compatible_;
  std::vector<int> compatible_vehicles_;
  std::vector<int> profile_;
  int profile_count_ = 0;
  std::vector<std::vector<int>> neighbours_;
  double nearest_distance_mean_ = 1.0;
  std::vector<double> depot_distance_;
};

// Returned by service_start when the arrival is after the job's last window.
inline constexpr double kNoStart = -kTimeMax;

// The earliest service start at or after arrival inside one of the job's windows, or kNoStart
// when arrival is after the last window.
inline double service_start(const Job& job, double arrival) {
  if (job.windows.empty()) return arrival;
  for (const TimeWindow& w : job.windows) {
    if (arrival <= w.end) return arrival < w.start ? w.start : arrival;
  }
  return kNoStart;
}

// The latest service start no later than bound inside one of the job's windows, or -infinity.
inline double latest_start(const Job& job, double bound) {
  if (job.windows.empty()) return bound;
  for (auto w = job.windows.rbegin(); w != job.windows.rend(); ++w) {
    if (w->start <= bound) return w->end < bound ? w->end : bound;
  }
  return -kTimeMax;
}

// Whether the skills in need are all in have (both small, unsorted).
bool has_skills(const std::vector<int>& have, const std::vector<int>& need);

}  // namespace sangsaeng::routing::detail
