// The timetable people read: waits for a window to open, takes the first window still open,
// flags a stop that misses every window, and agrees with the checker on solved random plans.
#include "routing/schedule.h"

#include <gtest/gtest.h>

#include "random_instance.h"
#include "routing/check/checker.h"
#include "routing/solver.h"

namespace sangsaeng::routing {
namespace {

Problem line_problem() {
  Problem p;
  p.travel =
      std::make_shared<EuclideanTravel>(std::vector<Point>{{0, 0}, {10, 0}, {20, 0}, {30, 0}});
  Vehicle v;
  v.id = 7;
  v.start_location = v.end_location = 0;
  v.shift = {5, 500};
  p.vehicles.push_back(v);
  auto job = [&](std::int64_t id, int location, double service, std::vector<TimeWindow> windows) {
    Job j;
    j.id = id;
    j.location = location;
    j.service = service;
    j.windows = std::move(windows);
    p.jobs.push_back(j);
  };
  job(1, 1, 3, {{40, 60}});
  job(2, 2, 4, {{0, 45}, {70, 90}});
  job(3, 3, 1, {{0, 20}});
  return p;
}

TEST(Timetable, WaitsForWindowsAndTakesTheFirstOpenOne) {
  const Problem p = line_problem();
  const auto stops = timetable(p, Route{.vehicle = 0, .jobs = {0, 1, 2}});
  ASSERT_EQ(stops.size(), 3u);
  EXPECT_DOUBLE_EQ(stops[0].arrival, 15);  // leaves at the shift's start, 10 away
  EXPECT_DOUBLE_EQ(stops[0].start, 40);    // waits for the window
  EXPECT_DOUBLE_EQ(stops[0].end, 43);
  EXPECT_DOUBLE_EQ(stops[1].arrival, 53);  // the first window closed at 45
  EXPECT_DOUBLE_EQ(stops[1].start, 70);
  EXPECT_DOUBLE_EQ(stops[1].end, 74);
  EXPECT_FALSE(stops[1].late);
  EXPECT_TRUE(stops[2].late);  // arrives at 84, its window closed at 20
  EXPECT_DOUBLE_EQ(stops[2].start, 84);
}

TEST(Timetable, SolvedRandomPlansKeepEveryWindowTheCheckerAccepts) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const Problem p = testing::random_problem(seed, {.jobs = 25, .vehicles = 4});
    SolveOptions options;
    options.seed = seed;
    options.max_iterations = 100;
    const Solution s = solve(p, options);
    ASSERT_TRUE(check_plan(p, s).ok()) << seed;
    for (const Route& r : s.routes) {
      for (const Stop& stop : timetable(p, r)) {
        const Job& job = p.jobs[static_cast<std::size_t>(stop.job)];
        EXPECT_FALSE(stop.late) << seed;
        if (job.windows.empty()) continue;
        const bool inside = std::any_of(job.windows.begin(), job.windows.end(), [&](auto w) {
          return stop.start >= w.start - 1e-9 && stop.start <= w.end + 1e-9;
        });
        EXPECT_TRUE(inside) << seed << " job " << job.id;
      }
    }
  }
}

}  // namespace
}  // namespace sangsaeng::routing
