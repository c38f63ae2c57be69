#include "routing/travel.h"

#include <cassert>
#include <cmath>
#include <numbers>

namespace sangsaeng::routing {

namespace {
constexpr double kEarthRadiusM = 6'371'000.0;

double radians(double degrees) {
  return degrees * std::numbers::pi / 180.0;
}
}  // namespace

double EuclideanTravel::distance(int from, int to) const {
  const Point& a = points_[static_cast<std::size_t>(from)];
  const Point& b = points_[static_cast<std::size_t>(to)];
  return std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y));
}

double GreatCircleTravel::distance(int from, int to) const {
  const Point& a = points_[static_cast<std::size_t>(from)];
  const Point& b = points_[static_cast<std::size_t>(to)];
  const double lat1 = radians(a.y);
  const double lat2 = radians(b.y);
  const double dlat = lat2 - lat1;
  const double dlon = radians(b.x - a.x);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
  const double straight_m = 2 * kEarthRadiusM * std::asin(std::sqrt(std::min(1.0, h)));
  return straight_m * options_.road_factor;
}

double GreatCircleTravel::duration(int from, int to) const {
  return distance(from, to) / (options_.speed_kmh * 1000.0 / 3600.0);
}

MatrixTravel::MatrixTravel(int size, std::vector<double> distances, std::vector<double> durations)
    : size_(size), distances_(std::move(distances)), durations_(std::move(durations)) {
  assert(size >= 0);
  assert(distances_.size() == static_cast<std::size_t>(size) * static_cast<std::size_t>(size));
  assert(durations_.size() == distances_.size());
}

}  // namespace sangsaeng::routing
