#include "routing/check/checker.h"

#include <algorithm>
#include <cmath>

namespace sangsaeng::routing {

namespace {

// What driving a vehicle through a list of jobs gives, computed stop by stop.
struct Drive {
  bool windows_ok = true;
  int late_job = -1;  // first job whose windows are missed
  bool shift_ok = true;
  bool work_ok = true;
  bool load_ok = true;
  double distance = 0;
};

bool contains_all(const std::vector<int>& have, const std::vector<int>& need) {
  return std::all_of(need.begin(), need.end(),
                     [&](int s) { return std::find(have.begin(), have.end(), s) != have.end(); });
}

Drive drive(const Problem& p, int vehicle, const std::vector<int>& jobs, double tol) {
  const Vehicle& v = p.vehicles[static_cast<std::size_t>(vehicle)];
  const TravelModel& travel = *p.travel;
  Drive d;
  double clock = v.shift.start;
  double work = 0;
  std::int64_t load = 0;
  std::optional<int> at = v.start_location;
  for (int j : jobs) {
    const Job& job = p.jobs[static_cast<std::size_t>(j)];
    if (at) {
      clock += travel.duration(*at, job.location);
      work += travel.duration(*at, job.location);
      d.distance += travel.distance(*at, job.location);
    }
    at = job.location;
    if (!job.windows.empty()) {
      const auto w = std::find_if(job.windows.begin(), job.windows.end(),
                                  [&](const TimeWindow& tw) { return clock <= tw.end + tol; });
      if (w == job.windows.end()) {
        if (d.windows_ok) d.late_job = j;
        d.windows_ok = false;
      } else {
        clock = std::max(clock, w->start);
      }
    }
    clock += job.service;
    work += job.service;
    load += job.demand;
  }
  if (at && v.end_location) {
    clock += travel.duration(*at, *v.end_location);
    work += travel.duration(*at, *v.end_location);
    d.distance += travel.distance(*at, *v.end_location);
  }
  if (!at && v.start_location && v.end_location) {
    d.distance += travel.distance(*v.start_location, *v.end_location);
  }
  d.shift_ok = clock <= v.shift.end + tol;
  d.work_ok = !v.max_working_time || work <= *v.max_working_time + tol;
  d.load_ok = load <= v.capacity;
  return d;
}

bool can_serve(const Problem& p, int vehicle, int job) {
  const Vehicle& v = p.vehicles[static_cast<std::size_t>(vehicle)];
  const Job& j = p.jobs[static_cast<std::size_t>(job)];
  return contains_all(v.skills, j.skills) && (!j.female_only || v.female);
}

bool feasible(const Problem& p, int vehicle, const std::vector<int>& jobs, double tol) {
  for (int j : jobs) {
    if (!can_serve(p, vehicle, j)) return false;
  }
  const Drive d = drive(p, vehicle, jobs, tol);
  return d.windows_ok && d.shift_ok && d.work_ok && d.load_ok;
}

// Whether the job fits somewhere in the vehicle's route. A strict tolerance (negative) so that
// a position the solver rightly rejected is not reported because of rounding.
bool insertable(const Problem& p, int vehicle, const std::vector<int>& route, int job) {
  if (!can_serve(p, vehicle, job)) return false;
  for (std::size_t at = 0; at <= route.size(); ++at) {
    std::vector<int> jobs = route;
    jobs.insert(jobs.begin() + static_cast<std::ptrdiff_t>(at), job);
    if (feasible(p, vehicle, jobs, -1e-7)) return true;
  }
  return false;
}

class Checker {
 public:
  Checker(const Problem& p, const Solution& plan, const CheckOptions& o)
      : p_(p),
        plan_(plan),
        o_(o),
        route_of_vehicle_(p.vehicles.size(), -1),
        where_(p.jobs.size(), -2) {}

  CheckReport run() {
    check_structure();
    for (std::size_t r = 0; r < plan_.routes.size(); ++r) check_route(static_cast<int>(r));
    if (!structural_error_) {
      check_designated();
      check_unassigned();
    }
    compute_cost();
    return std::move(report_);
  }

 private:
  void add(ViolationKind kind, int vehicle, int job, std::string message) {
    report_.violations.push_back({kind, vehicle, job, std::move(message)});
  }

  void place(int job, int where) {
    if (job < 0 || job >= static_cast<int>(p_.jobs.size())) {
      add(ViolationKind::unknown_job, -1, job,
          "job index " + std::to_string(job) + " out of range");
      structural_error_ = true;
      return;
    }
    int& slot = where_[static_cast<std::size_t>(job)];
    if (slot != -2) {
      add(ViolationKind::job_repeated, -1, job,
          "job " + std::to_string(p_.jobs[static_cast<std::size_t>(job)].id) + " appears twice");
      structural_error_ = true;
      return;
    }
    slot = where;
  }

  void check_structure() {
    for (std::size_t r = 0; r < plan_.routes.size(); ++r) {
      const Route& route = plan_.routes[r];
      if (route.vehicle < 0 || route.vehicle >= static_cast<int>(p_.vehicles.size())) {
        add(ViolationKind::unknown_vehicle, route.vehicle, -1, "route names an unknown vehicle");
        structural_error_ = true;
        continue;
      }
      if (route_of_vehicle_[static_cast<std::size_t>(route.vehicle)] >= 0) {
        add(ViolationKind::vehicle_reused, route.vehicle, -1, "vehicle drives two routes");
        structural_error_ = true;
      }
      route_of_vehicle_[static_cast<std::size_t>(route.vehicle)] = static_cast<int>(r);
      if (route.jobs.empty())
        add(ViolationKind::empty_route, route.vehicle, -1, "route has no jobs");
      for (int j : route.jobs) place(j, route.vehicle);
    }
    for (const Unassigned& u : plan_.unassigned) place(u.job, -1);
    for (std::size_t j = 0; j < p_.jobs.size(); ++j) {
      if (where_[j] == -2) {
        add(ViolationKind::job_missing, -1, static_cast<int>(j),
            "job " + std::to_string(p_.jobs[j].id) + " is neither planned nor unassigned");
        structural_error_ = true;
      }
    }
  }

  void check_route(int r) {
    const Route& route = plan_.routes[static_cast<std::size_t>(r)];
    const int v = route.vehicle;
    if (v < 0 || v >= static_cast<int>(p_.vehicles.size())) return;
    for (int j : route.jobs) {
      if (j < 0 || j >= static_cast<int>(p_.jobs.size())) return;
    }
    const Vehicle& veh = p_.vehicles[static_cast<std::size_t>(v)];
    for (int j : route.jobs) {
      const Job& job = p_.jobs[static_cast<std::size_t>(j)];
      if (!contains_all(veh.skills, job.skills))
        add(ViolationKind::skill, v, j, "vehicle lacks a skill of the job");
      if (job.female_only && !veh.female)
        add(ViolationKind::female, v, j, "female-only job on a vehicle that is not female");
    }
    const Drive d = drive(p_, v, route.jobs, o_.tolerance);
    if (!d.windows_ok)
      add(ViolationKind::time_window, v, d.late_job, "service cannot start in a window");
    if (!d.shift_ok) add(ViolationKind::shift_end, v, -1, "back after the shift ends");
    if (!d.work_ok) add(ViolationKind::working_time, v, -1, "working time above the maximum");
    if (!d.load_ok) add(ViolationKind::capacity, v, -1, "load above capacity");
  }

  const std::vector<int>& route_jobs(int vehicle) const {
    static const std::vector<int> kNone;
    const int r = route_of_vehicle_[static_cast<std::size_t>(vehicle)];
    return r < 0 ? kNone : plan_.routes[static_cast<std::size_t>(r)].jobs;
  }

  void check_designated() {
    for (std::size_t j = 0; j < p_.jobs.size(); ++j) {
      const auto& designated = p_.jobs[j].designated_vehicle;
      const int where = where_[j];
      if (!designated || where == *designated) continue;
      const int job = static_cast<int>(j);
      if (where >= 0) {
        std::vector<int> rest = route_jobs(where);
        rest.erase(std::find(rest.begin(), rest.end(), job));
        if (!feasible(p_, where, rest, o_.tolerance)) continue;
      }
      if (insertable(p_, *designated, route_jobs(*designated), job)) {
        add(ViolationKind::designated_insertable, *designated, job,
            "designated job " + std::to_string(p_.jobs[j].id) +
                " fits in its designated vehicle's route");
      }
    }
  }

  void check_unassigned() {
    for (const Unassigned& u : plan_.unassigned) {
      for (int v = 0; v < static_cast<int>(p_.vehicles.size()); ++v) {
        if (insertable(p_, v, route_jobs(v), u.job)) {
          add(ViolationKind::unassigned_insertable, v, u.job,
              "unassigned job " + std::to_string(p_.jobs[static_cast<std::size_t>(u.job)].id) +
                  " fits in a route");
          break;
        }
      }
      check_reason(u);
    }
  }

  void check_reason(const Unassigned& u) {
    const Job& job = p_.jobs[static_cast<std::size_t>(u.job)];
    bool skilled = false, female = false, room = false;
    for (const Vehicle& v : p_.vehicles) {
      if (!contains_all(v.skills, job.skills)) continue;
      skilled = true;
      if (job.female_only && !v.female) continue;
      female = true;
      if (job.demand <= v.capacity) room = true;
    }
    const bool wrong = (u.reason == UnassignedReason::skill && skilled) ||
                       (u.reason != UnassignedReason::skill && !skilled) ||
                       (u.reason == UnassignedReason::capacity && room);
    (void)female;
    if (wrong) add(ViolationKind::wrong_reason, -1, u.job, "the unassigned reason does not hold");
  }

  void compute_cost() {
    Cost& c = report_.cost;
    for (std::size_t j = 0; j < p_.jobs.size(); ++j) {
      const int where = where_[j];
      if (where < 0) c.unassigned_weight += 1 + p_.jobs[j].priority;
      const auto& designated = p_.jobs[j].designated_vehicle;
      if (designated && where != *designated) ++c.designated_missed;
    }
    for (const Route& route : plan_.routes) {
      if (route.vehicle < 0 || route.vehicle >= static_cast<int>(p_.vehicles.size())) continue;
      bool indices_ok = std::all_of(route.jobs.begin(), route.jobs.end(), [&](int j) {
        return j >= 0 && j < static_cast<int>(p_.jobs.size());
      });
      if (!indices_ok) continue;
      ++c.vehicles;
      c.distance += drive(p_, route.vehicle, route.jobs, o_.tolerance).distance;
    }
    if (!o_.compare_cost) return;
    const double slack = std::max(1e-3, 1e-6 * std::abs(c.distance));
    if (plan_.cost.vehicles != c.vehicles || std::abs(plan_.cost.distance - c.distance) > slack) {
      add(ViolationKind::cost_mismatch, -1, -1,
          "stated " + std::to_string(plan_.cost.vehicles) + " vehicles / distance " +
              std::to_string(plan_.cost.distance) + ", recomputed " + std::to_string(c.vehicles) +
              " / " + std::to_string(c.distance));
    }
  }

  const Problem& p_;
  const Solution& plan_;
  const CheckOptions& o_;
  std::vector<int> route_of_vehicle_;
  std::vector<int> where_;  // job -> vehicle, -1 unassigned, -2 nowhere
  bool structural_error_ = false;
  CheckReport report_;
};

}  // namespace

std::string_view to_string(ViolationKind kind) {
  switch (kind) {
    case ViolationKind::unknown_vehicle:
      return "unknown_vehicle";
    case ViolationKind::vehicle_reused:
      return "vehicle_reused";
    case ViolationKind::empty_route:
      return "empty_route";
    case ViolationKind::unknown_job:
      return "unknown_job";
    case ViolationKind::job_repeated:
      return "job_repeated";
    case ViolationKind::job_missing:
      return "job_missing";
    case ViolationKind::skill:
      return "skill";
    case ViolationKind::female:
      return "female";
    case ViolationKind::capacity:
      return "capacity";
    case ViolationKind::time_window:
      return "time_window";
    case ViolationKind::shift_end:
      return "shift_end";
    case ViolationKind::working_time:
      return "working_time";
    case ViolationKind::designated_insertable:
      return "designated_insertable";
    case ViolationKind::unassigned_insertable:
      return "unassigned_insertable";
    case ViolationKind::wrong_reason:
      return "wrong_reason";
    case ViolationKind::cost_mismatch:
      return "cost_mismatch";
  }
  return "unknown";
}

CheckReport check_plan(const Problem& problem, const Solution& plan, const CheckOptions& options) {
  return Checker(problem, plan, options).run();
}

}  // namespace sangsaeng::routing
