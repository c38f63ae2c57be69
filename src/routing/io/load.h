// Reading problems and plans: Solomon's text format and the project's JSON format
// (docs/routing.md, modelled on VROOM's input). Parsers never throw on bad input: they return
// an error naming the line (syntax) or the JSON path (content).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "routing/problem.h"
#include "routing/solution.h"

namespace sangsaeng::routing::io {

struct LoadedProblem {
  std::optional<Problem> problem;  // empty on error
  std::string error;               // "line 12: ..." or "jobs[3].location: ..."
  std::string name;                // the instance name (Solomon's first line), may be empty
  bool solomon = false;            // read from Solomon's format
};

// Solomon's VRPTW format: name, VEHICLE section (number, capacity), CUSTOMER section (one line
// per customer, the depot first). Euclidean travel in double precision; a vehicle's shift is
// the depot's window; the file's vehicle number is the fleet.
LoadedProblem parse_solomon(std::string_view text);

// The JSON problem format (docs/routing.md).
LoadedProblem parse_json_problem(std::string_view text);

// JSON when the first non-blank character is '{', Solomon otherwise.
LoadedProblem parse_problem(std::string_view text);

// Reads a whole file; returns false and sets *error when it cannot be read.
bool read_file(const std::string& path, std::string* text, std::string* error);

struct LoadedPlan {
  std::optional<Solution> plan;  // empty on error
  std::string error;
  bool has_cost = false;  // the plan stated vehicles and distance
};

// A plan in the format `sangsaeng route` prints, resolved against the problem's ids.
LoadedPlan parse_json_plan(std::string_view text, const Problem& problem);

// Extra figures printed with a plan.
struct PlanSummary {
  std::uint64_t seed = 0;
  std::int64_t iterations = 0;
  double seconds = 0;
};

// The plan as JSON: vehicles, distance, routes (job ids per used vehicle), route_vehicles,
// unassigned (id and reason), summary.
std::string plan_to_json(const Problem& problem, const Solution& plan, const PlanSummary& summary);

// A double as a JSON number, rounded to 6 decimals, in plain notation ("828.936867").
std::string json_number(double value);

// The 1-based line where the value at a JSON path ("jobs[3].time_windows") starts in text, or
// where the deepest existing part of the path starts. REQUIRES: text is valid JSON.
int line_of_path(std::string_view text, std::string_view path);

// The 1-based line holding byte offset `offset` of text.
int line_of(std::string_view text, std::size_t offset);

}  // namespace sangsaeng::routing::io
