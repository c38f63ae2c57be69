// The last steps after the search, which make two properties of the returned plan hold that
// the checker verifies: a designated job is on its designated vehicle whenever it could be
// moved there, and no unassigned job fits anywhere in the plan.
#pragma once

#include "routing/solver/plan_state.h"

namespace sangsaeng::routing::detail {

// Moves designated jobs to their designated vehicle where that is feasible, repeatedly.
void honour_designated(const Context& context, PlanState& plan);

// Inserts pool jobs at their cheapest feasible position (no blinks), until none fits.
void place_pool(const Context& context, PlanState& plan);

// Why the job (not in the plan) could not be planned.
UnassignedReason unassigned_reason(const Context& context, int job);

}  // namespace sangsaeng::routing::detail
