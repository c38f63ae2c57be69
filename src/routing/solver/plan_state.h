// The search's working plan: one route per vehicle (empty ones included), where each job is,
// and the pool of jobs the plan could not place. Changes can be journaled and rolled back, so
// a rejected ruin-and-recreate step costs only the routes it touched.
#pragma once

#include <vector>

#include "routing/solution.h"
#include "routing/solver/route_state.h"

namespace sangsaeng::routing::detail {

class PlanState {
 public:
  explicit PlanState(const Context& context);

  const std::vector<RouteState>& routes() const { return routes_; }
  const RouteState& route(int r) const { return routes_[static_cast<std::size_t>(r)]; }
  // The route holding the job, or -1.
  int route_of(int job) const { return route_of_[static_cast<std::size_t>(job)]; }
  // Jobs some vehicle could serve that are not in a route.
  const std::vector<int>& pool() const { return pool_; }

  // REQUIRES: route_of(job) == -1 and the job is not in the pool.
  void insert(int job, int route, int after);
  // Takes the job out of its route; it is then in neither a route nor the pool.
  void remove(int job);
  // Moves the job (in no route) into the pool.
  void add_to_pool(int job);
  // Empties the pool and returns its jobs.
  std::vector<int> take_pool();
  // Replaces a route's job list (the same jobs, or jobs from routes emptied before).
  void set_jobs(int route, std::vector<int> jobs);

  // Whether the route changed since begin().
  bool touched(int route) const { return touched_[static_cast<std::size_t>(route)] != 0; }
  // The routes changed since begin(), in the order they were first changed.
  std::vector<int> touched_routes() const {
    std::vector<int> out;
    for (const auto& [route, saved] : saved_routes_) out.push_back(route);
    return out;
  }
  // Starts a journal: later changes can be undone by rollback() until the next begin().
  void begin();
  void rollback();

  Cost cost() const;
  // The plan as a public value (used routes only; unassigned reasons are filled by the caller).
  Solution to_solution() const;

 private:
  void touch(int route);

  const Context* context_;
  std::vector<RouteState> routes_;
  std::vector<int> route_of_;
  std::vector<int> pool_;
  std::vector<int> designated_jobs_;
  std::int64_t impossible_weight_ = 0;
  // Journal.
  std::vector<char> touched_;
  std::vector<std::pair<int, RouteState>> saved_routes_;
  std::vector<int> saved_pool_;
};

}  // namespace sangsaeng::routing::detail
