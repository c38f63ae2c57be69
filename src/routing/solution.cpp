#include "routing/solution.h"

#include <cmath>

namespace sangsaeng::routing {

namespace {
template <typename T>
int three_way(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
}  // namespace

int compare(const Cost& a, const Cost& b, const Objective& objective) {
  if (int c = three_way(a.unassigned_weight, b.unassigned_weight); c != 0) return c;
  if (int c = three_way(a.designated_missed, b.designated_missed); c != 0) return c;
  if (objective.minimise_vehicles) {
    if (int c = three_way(a.vehicles, b.vehicles); c != 0) return c;
  }
  if (std::abs(a.distance - b.distance) <= 1e-9 * std::max(1.0, std::abs(b.distance))) return 0;
  return three_way(a.distance, b.distance);
}

std::string_view to_string(UnassignedReason reason) {
  switch (reason) {
    case UnassignedReason::skill:
      return "skill";
    case UnassignedReason::female:
      return "female";
    case UnassignedReason::capacity:
      return "capacity";
    case UnassignedReason::window:
      return "window";
    case UnassignedReason::working_time:
      return "working_time";
    case UnassignedReason::no_room:
      return "no_room";
  }
  return "no_room";
}

}  // namespace sangsaeng::routing
