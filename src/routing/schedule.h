// The timetable of a route: when each visit starts and ends if the helper leaves at the start
// of their shift and begins every job as early as its windows allow. Callers that show a plan
// to people (a dispatcher's board, a helper's day) read times from here; the solver and the
// checker keep their own arithmetic (the checker shares no code with anyone).
#pragma once

#include <vector>

#include "routing/problem.h"
#include "routing/solution.h"

namespace sangsaeng::routing {

struct Stop {
  int job = 0;         // index into Problem::jobs
  double arrival = 0;  // at the job's location
  double start = 0;    // service begins: the arrival, or the opening of the first window after it
  double end = 0;      // start + service
  bool late = false;   // arrived after every window closed (start is then the arrival)
};

// One stop per job of `route`, in order. REQUIRES: validate(problem) is empty and the route's
// indices are in range.
std::vector<Stop> timetable(const Problem& problem, const Route& route);

}  // namespace sangsaeng::routing
