// The care rules, pure: what a valid helper, beneficiary and request are, who may serve a
// request, and the dispatch day as a routing problem (src/routing) and back.
//
// A request's requirements become routing skills: its own skills, its language, a valid
// certification for IT help and education (an IT supporter or volunteer whose certification
// covers the day: an expired one is not planned), a technician for repairs and installations.
// Female-only (the beneficiary's flag, or any request of the female-technician program) and the
// designated helper map onto the solver's own constraints. Travel is great-circle distance
// times a road factor at a constant speed, from the helpers' home bases (where each day starts
// and ends) to the beneficiaries' addresses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "care/types.h"
#include "core/status.h"
#include "routing/problem.h"
#include "routing/solution.h"
#include "routing/travel.h"

namespace sangsaeng::care {

// Field errors (named as the API's fields) or ok. Dates must parse; shifts and windows lie in
// the day with start < end; coordinates in range; codes are short words.
Status check_helper(const Helper& helper);
Status check_beneficiary(const Beneficiary& beneficiary);
Status check_request(const Request& request);

bool is_weekend(std::string_view date);  // Saturday or Sunday (Seoul). REQUIRES: a valid date
// The helper's shift that day (weekday or weekend), if any.
std::optional<Span> shift_on(const Helper& helper, std::string_view date);
// Holds a certification issued on or before `date` that expires on or after it.
bool certified_on(const Helper& helper, std::string_view date);
// The start of the Seoul day in UTC microseconds. REQUIRES: a valid date.
UnixMicros day_start_us(std::string_view date);

// A published visit a re-plan keeps: its helper and the instant it begins.
struct Pin {
  Id helper_id = 0;
  UnixMicros start_at_us = 0;
};

// A dispatch day as a routing problem. Vehicle i is helpers[i]; a helper off shift that day
// keeps a vehicle with an empty shift (so a move onto them is answered "shift", not "unknown").
// A pinned request (a re-plan's published visit) may go only to its helper, beginning exactly
// at its published time: its own requirements were met when it was published, so only the pin
// is asked of the helper.
struct DayInput {
  std::string date;
  std::vector<Helper> helpers;
  std::vector<Request> requests;
  std::unordered_map<Id, Beneficiary> beneficiaries;  // every request's beneficiary
  routing::GreatCircleOptions travel;
  std::unordered_map<Id, Pin> pins = {};  // by request id
  // Unpinned requests begin no earlier than this many seconds after midnight (a re-plan
  // during the day plans nothing into the past); one whose windows have all closed is left
  // out with "no-time".
  int earliest_start_s = 0;
};
struct Day {
  std::string date;
  routing::Problem problem;
  std::vector<Id> helper_ids;   // by vehicle index
  std::vector<Id> request_ids;  // by job index
  // By job index: the names behind Job::skills, in order ("cert:it", "lang:vi", "skill:tv").
  std::vector<std::vector<std::string>> requirements;
  std::vector<Left> excluded;  // requests not given to the solver (no consent), with reasons
  int helpers_on_shift = 0;
  std::vector<int> pinned_vehicle;  // by job index: the vehicle a pinned job stays with, or -1
};
// REQUIRES: every request's beneficiary is in input.beneficiaries; at most routing's limits.
Day build_day(const DayInput& input);

// The solution with every pinned job on its helper at its time. The solver may leave a pinned
// job out when that lets it place more open work; then that helper's day is the pinned visits
// alone and the open work placed on it goes back to the unassigned ("day-full").
routing::Solution keep_pins(const Day& day, routing::Solution solution);

// The plan people read: each route's visits with their times (routing/schedule.h), the
// unassigned requests with reasons (`overrides` replaces the solver's reason by request id),
// and the summary. plan.id, created_by and the solver's time are the caller's.
Plan plan_from(const Day& day, const routing::Solution& solution,
               const std::unordered_map<Id, std::string>& overrides = {});
// The routing solution a stored plan stands for. not_found when it names a helper or a
// request the day does not have.
Result<routing::Solution> solution_of(const Day& day, const Plan& plan);

// The dispatcher's words for an unassigned reason's slug (Korean and English).
struct Words {
  std::string_view ko, en;
};
Words reason_words(std::string_view slug);
// Every slug reason_words knows (the API documents them).
std::vector<std::string_view> reason_slugs();

// A dispatcher's move: the request goes to the helper's day at `position` (0-based; none: in
// order of its earliest window), or out of the plan when helper_id is none.
struct Move {
  Id request_id = 0;
  std::optional<Id> helper_id;
  std::optional<int> position;
};
// Why the checker refuses a plan: skill, female, window, shift, designated (the designated
// helper could take the visit), capacity or working_time; and "published" for a move of a
// re-plan's kept visit (published visits stay with their helper and time).
struct Violation {
  std::string kind;
  Id request_id = 0;
  Id helper_id = 0;
};
Words violation_words(std::string_view kind);
struct MoveResult {
  std::optional<Plan> plan;           // the plan after the move, when the checker accepts it
  std::vector<Violation> violations;  // otherwise why not (never empty then)
};
// Applies `move` to `plan` and asks the independent checker (routing/check) about the result.
// not_found when the plan has no such request or the day no such helper.
Result<MoveResult> apply_move(const Day& day, const Plan& plan, const Move& move);

// Invariant 5 (DESIGN.md section 6) on a plan about to be saved: the checker's hard violations
// (and, for a solver's plan, every check including the designated rule and the reasons).
std::vector<Violation> hard_violations(const Day& day, const routing::Solution& solution);

}  // namespace sangsaeng::care
