// `sangsaeng route`: solve a problem file, or check a plan against one.
//
//   sangsaeng route FILE [--seconds S] [--seed N] [--iterations N] [--objective distance|vehicles]
//   sangsaeng route --check PLAN FILE
//
// FILE is Solomon's format or the JSON problem format (docs/routing.md). Solving prints the plan
// as JSON; checking prints the checker's report as JSON.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace sangsaeng::routing {

struct RouteArgs {
  std::string file;
  std::optional<std::string> check_plan;  // --check PLAN
  double seconds = 5.0;                   // the time budget
  std::uint64_t seed = 1;
  std::optional<std::int64_t> iterations;  // an iteration limit: reproducible plans
  std::optional<std::string> objective;    // "distance" or "vehicles"; the file's by default
};

// Exit statuses.
inline constexpr int kRouteOk = 0;
inline constexpr int kRouteViolations = 1;  // --check found violations
inline constexpr int kRouteBadInput = 2;    // unreadable, malformed or invalid input

// Does the work of the command; writes the JSON result to out and errors to err.
int run_route(const RouteArgs& args, std::ostream& out, std::ostream& err);

// Registers the `route` subcommand; sets exit_code when it runs.
void add_route_command(CLI::App& app, int& exit_code);

}  // namespace sangsaeng::routing
