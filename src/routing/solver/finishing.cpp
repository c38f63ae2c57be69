#include "routing/solver/finishing.h"

#include "routing/solver/recreate.h"

namespace sangsaeng::routing::detail {

namespace {

// The cheapest feasible position of the job in one route, or -1.
int best_position(const Context& context, const RouteState& route, int job) {
  const Job& j = context.problem().jobs[static_cast<std::size_t>(job)];
  const Vehicle& v = context.problem().vehicles[static_cast<std::size_t>(route.vehicle)];
  if (!context.compatible(job, route.vehicle) || route.load + j.demand > v.capacity) return -1;
  int best = -1;
  double best_delta = 0;
  for (int after = 0; after <= route.size(); ++after) {
    double delta = 0;
    if (try_insert(context, route, job, after, &delta) && (best < 0 || delta < best_delta)) {
      best = after;
      best_delta = delta;
    }
  }
  return best;
}

bool move_to_designated(const Context& context, PlanState& plan, int job, int vehicle) {
  plan.begin();
  const int from = plan.route_of(job);
  if (from >= 0) {
    plan.remove(job);
    if (!plan.route(from).feasible(context)) {  // only with travel times that break the triangle
      plan.rollback();
      return false;
    }
  }
  const int at = best_position(context, plan.route(vehicle), job);
  if (at < 0) {
    plan.rollback();
    return false;
  }
  if (from < 0) {
    // The job came from the pool: take it out first.
    std::vector<int> pool = plan.take_pool();
    for (int j : pool) {
      if (j != job) plan.add_to_pool(j);
    }
  }
  plan.insert(job, vehicle, at);
  return true;
}

}  // namespace

void honour_designated(const Context& context, PlanState& plan) {
  const auto& jobs = context.problem().jobs;
  // Each move fixes one miss and adds none, so this ends after at most one move per job.
  for (bool moved = true; moved;) {
    moved = false;
    for (int j = 0; j < context.job_count(); ++j) {
      const auto& designated = jobs[static_cast<std::size_t>(j)].designated_vehicle;
      if (!designated || context.impossible(j)) continue;
      const int r = plan.route_of(j);
      // Routes are indexed by vehicle: route v belongs to vehicle v.
      if (r == *designated) continue;
      if (move_to_designated(context, plan, j, *designated)) moved = true;
    }
  }
  plan.begin();
}

void place_pool(const Context& context, PlanState& plan) {
  Rng unused(0);
  RecreateOptions options;
  options.blink_rate = 0;
  for (bool placed = true; placed && !plan.pool().empty();) {
    const std::size_t before = plan.pool().size();
    recreate(context, plan, plan.take_pool(), unused, options);
    placed = plan.pool().size() < before;
  }
  plan.begin();
}

UnassignedReason unassigned_reason(const Context& context, int job) {
  const Problem& p = context.problem();
  const Job& j = p.jobs[static_cast<std::size_t>(job)];
  if (!context.impossible(job)) return UnassignedReason::no_room;
  bool skill = false, female = false, capacity = false, window = false;
  for (int v = 0; v < context.vehicle_count(); ++v) {
    const Vehicle& veh = p.vehicles[static_cast<std::size_t>(v)];
    if (!has_skills(veh.skills, j.skills)) continue;
    skill = true;
    if (j.female_only && !veh.female) continue;
    female = true;
    if (j.demand > veh.capacity) continue;
    capacity = true;
    const int loc = j.location;
    const double start =
        service_start(j, veh.shift.start + context.duration(context.start_location(v), loc));
    if (start == kNoStart ||
        start + j.service + context.duration(loc, context.end_location(v)) > veh.shift.end) {
      continue;
    }
    window = true;
  }
  if (!skill) return UnassignedReason::skill;
  if (!female) return UnassignedReason::female;
  if (!capacity) return UnassignedReason::capacity;
  if (!window) {
    // A female-only job that a male helper could reach in time lacks a female helper on shift.
    if (j.female_only) {
      for (int v = 0; v < context.vehicle_count(); ++v) {
        const Vehicle& veh = p.vehicles[static_cast<std::size_t>(v)];
        if (veh.female || !has_skills(veh.skills, j.skills) || j.demand > veh.capacity) continue;
        const double start = service_start(
            j, veh.shift.start + context.duration(context.start_location(v), j.location));
        if (start != kNoStart &&
            start + j.service + context.duration(j.location, context.end_location(v)) <=
                veh.shift.end) {
          return UnassignedReason::female;
        }
      }
    }
    return UnassignedReason::window;
  }
  return UnassignedReason::working_time;
}

}  // namespace sangsaeng::routing::detail
