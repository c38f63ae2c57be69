#include "routing/solver/plan_state.h"

#include <algorithm>
#include <cassert>

namespace sangsaeng::routing::detail {

PlanState::PlanState(const Context& context)
    : context_(&context),
      route_of_(static_cast<std::size_t>(context.job_count()), -1),
      touched_(static_cast<std::size_t>(context.vehicle_count()), 0) {
  routes_.resize(static_cast<std::size_t>(context.vehicle_count()));
  for (int v = 0; v < context.vehicle_count(); ++v) {
    routes_[static_cast<std::size_t>(v)].vehicle = v;
    routes_[static_cast<std::size_t>(v)].update(context);
  }
  const auto& jobs = context.problem().jobs;
  for (int j = 0; j < context.job_count(); ++j) {
    if (jobs[static_cast<std::size_t>(j)].designated_vehicle) designated_jobs_.push_back(j);
    if (context.impossible(j))
      impossible_weight_ += unassigned_weight(jobs[static_cast<std::size_t>(j)]);
  }
}

void PlanState::touch(int route) {
  auto& flag = touched_[static_cast<std::size_t>(route)];
  if (flag) return;
  flag = 1;
  saved_routes_.emplace_back(route, routes_[static_cast<std::size_t>(route)]);
}

void PlanState::insert(int job, int route, int after) {
  assert(route_of(job) == -1);
  touch(route);
  RouteState& r = routes_[static_cast<std::size_t>(route)];
  r.jobs.insert(r.jobs.begin() + after, job);
  r.update(*context_);
  route_of_[static_cast<std::size_t>(job)] = route;
}

void PlanState::remove(int job) {
  const int route = route_of(job);
  assert(route >= 0);
  touch(route);
  RouteState& r = routes_[static_cast<std::size_t>(route)];
  r.jobs.erase(std::find(r.jobs.begin(), r.jobs.end(), job));
  r.update(*context_);
  route_of_[static_cast<std::size_t>(job)] = -1;
}

void PlanState::add_to_pool(int job) {
  assert(route_of(job) == -1);
  pool_.push_back(job);
}

std::vector<int> PlanState::take_pool() {
  std::vector<int> jobs;
  jobs.swap(pool_);
  return jobs;
}

void PlanState::set_jobs(int route, std::vector<int> jobs) {
  touch(route);
  RouteState& r = routes_[static_cast<std::size_t>(route)];
  r.jobs = std::move(jobs);
  r.update(*context_);
  for (int j : r.jobs) route_of_[static_cast<std::size_t>(j)] = route;
}

void PlanState::begin() {
  for (const auto& [route, saved] : saved_routes_) touched_[static_cast<std::size_t>(route)] = 0;
  saved_routes_.clear();
  saved_pool_ = pool_;
}

void PlanState::rollback() {
  for (const auto& [route, saved] : saved_routes_) {
    for (int j : routes_[static_cast<std::size_t>(route)].jobs)
      route_of_[static_cast<std::size_t>(j)] = -1;
  }
  for (auto& [route, saved] : saved_routes_) {
    for (int j : saved.jobs) route_of_[static_cast<std::size_t>(j)] = route;
    routes_[static_cast<std::size_t>(route)] = std::move(saved);
    touched_[static_cast<std::size_t>(route)] = 0;
  }
  saved_routes_.clear();
  pool_ = saved_pool_;
  for (int j : pool_) route_of_[static_cast<std::size_t>(j)] = -1;
}

Cost PlanState::cost() const {
  const Problem& p = context_->problem();
  Cost c;
  c.unassigned_weight = impossible_weight_;
  for (int j : pool_) c.unassigned_weight += unassigned_weight(p.jobs[static_cast<std::size_t>(j)]);
  for (int j : designated_jobs_) {
    const int r = route_of(j);
    if (r < 0 || routes_[static_cast<std::size_t>(r)].vehicle !=
                     *p.jobs[static_cast<std::size_t>(j)].designated_vehicle) {
      ++c.designated_missed;
    }
  }
  for (const RouteState& r : routes_) {
    if (r.empty()) continue;
    ++c.vehicles;
    c.distance += r.distance;
  }
  return c;
}

Solution PlanState::to_solution() const {
  Solution s;
  for (const RouteState& r : routes_) {
    if (!r.empty()) s.routes.push_back(Route{r.vehicle, r.jobs});
  }
  s.cost = cost();
  return s;
}

}  // namespace sangsaeng::routing::detail
