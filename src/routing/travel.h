// Travel between locations: the solver and the checker see travel only through this interface.
// Locations are dense indices 0..size()-1; the problem's vehicles and jobs refer to them.
#pragma once

#include <memory>
#include <vector>

namespace sangsaeng::routing {

// A point: x/y for Euclidean instances, or longitude/latitude in degrees for great-circle ones.
struct Point {
  double x = 0;
  double y = 0;
};

// Distances (the objective's unit: metres, or Solomon's plane units) and durations (seconds, or
// Solomon's time units) between locations. Implementations are immutable, so any number of
// threads may read one at the same time.
class TravelModel {
 public:
  virtual ~TravelModel() = default;
  // The number of locations.
  virtual int size() const = 0;
  // REQUIRES: 0 <= from, to < size().
  virtual double distance(int from, int to) const = 0;
  virtual double duration(int from, int to) const = 0;
};

// Euclidean distance in double precision; a duration equals the distance (Solomon's convention).
class EuclideanTravel final : public TravelModel {
 public:
  explicit EuclideanTravel(std::vector<Point> points) : points_(std::move(points)) {}
  int size() const override { return static_cast<int>(points_.size()); }
  double distance(int from, int to) const override;
  double duration(int from, int to) const override { return distance(from, to); }

 private:
  std::vector<Point> points_;
};

// Great-circle distance (haversine on a 6,371 km sphere) times a road factor, in metres; the
// duration is that road distance at a constant speed, in seconds. Points are {longitude, latitude}.
struct GreatCircleOptions {
  double road_factor = 1.3;  // roads are longer than the straight line; 1.3 fits a dense city
  double speed_kmh = 25.0;   // mean door-to-door speed in city traffic, parking included
};

class GreatCircleTravel final : public TravelModel {
 public:
  GreatCircleTravel(std::vector<Point> lon_lat, GreatCircleOptions options)
      : points_(std::move(lon_lat)), options_(options) {}
  int size() const override { return static_cast<int>(points_.size()); }
  double distance(int from, int to) const override;
  double duration(int from, int to) const override;

 private:
  std::vector<Point> points_;
  GreatCircleOptions options_;
};

// Explicit square matrices, row-major: entry [from * size + to].
// REQUIRES: distances.size() == durations.size() == size * size.
class MatrixTravel final : public TravelModel {
 public:
  MatrixTravel(int size, std::vector<double> distances, std::vector<double> durations);
  int size() const override { return size_; }
  double distance(int from, int to) const override { return distances_[index(from, to)]; }
  double duration(int from, int to) const override { return durations_[index(from, to)]; }

 private:
  std::size_t index(int from, int to) const {
    return static_cast<std::size_t>(from) * static_cast<std::size_t>(size_) +
           static_cast<std::size_t>(to);
  }
  int size_;
  std::vector<double> distances_;
  std::vector<double> durations_;
};

}  // namespace sangsaeng::routing
