#include "routing/cli/route_command.h"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <memory>

#include "routing/check/checker.h"
#include "routing/io/load.h"
#include "routing/solver.h"

namespace sangsaeng::routing {

namespace {

namespace json = boost::json;

int check_command(const RouteArgs& args, const Problem& problem, std::ostream& out,
                  std::ostream& err) {
  std::string text, error;
  if (!io::read_file(*args.check_plan, &text, &error)) {
    err << "error: " << error << "\n";
    return kRouteBadInput;
  }
  io::LoadedPlan loaded = io::parse_json_plan(text, problem);
  if (!loaded.plan) {
    err << "error: " << *args.check_plan << ": " << loaded.error << "\n";
    return kRouteBadInput;
  }
  CheckOptions options;
  options.compare_cost = loaded.has_cost;
  const CheckReport report = check_plan(problem, *loaded.plan, options);
  json::array violations;
  for (const Violation& v : report.violations) {
    json::object o{{"kind", std::string(to_string(v.kind))}, {"message", v.message}};
    if (v.vehicle >= 0 && v.vehicle < static_cast<int>(problem.vehicles.size())) {
      o["vehicle"] = problem.vehicles[static_cast<std::size_t>(v.vehicle)].id;
    }
    if (v.job >= 0 && v.job < static_cast<int>(problem.jobs.size())) {
      o["job"] = problem.jobs[static_cast<std::size_t>(v.job)].id;
    }
    violations.push_back(std::move(o));
  }
  out << "{\"ok\":" << (report.ok() ? "true" : "false") << ",\"vehicles\":" << report.cost.vehicles
      << ",\"distance\":" << io::json_number(report.cost.distance)
      << ",\"unassigned_weight\":" << report.cost.unassigned_weight
      << ",\"designated_missed\":" << report.cost.designated_missed
      << ",\"violations\":" << json::serialize(violations) << "}\n";
  return report.ok() ? kRouteOk : kRouteViolations;
}

}  // namespace

int run_route(const RouteArgs& args, std::ostream& out, std::ostream& err) {
  std::string text, error;
  if (!io::read_file(args.file, &text, &error)) {
    err << "error: " << error << "\n";
    return kRouteBadInput;
  }
  io::LoadedProblem loaded = io::parse_problem(text);
  if (!loaded.problem) {
    err << "error: " << args.file << ": " << loaded.error << "\n";
    return kRouteBadInput;
  }
  Problem& problem = *loaded.problem;
  if (args.objective) {
    if (*args.objective != "distance" && *args.objective != "vehicles") {
      err << "error: --objective must be distance or vehicles\n";
      return kRouteBadInput;
    }
    problem.objective.minimise_vehicles = *args.objective == "vehicles";
  }
  if (const std::string e = validate(problem); !e.empty()) {
    err << "error: " << args.file << ": " << e << "\n";
    return kRouteBadInput;
  }
  if (args.check_plan) return check_command(args, problem, out, err);
  if (!(args.seconds >= 0)) {
    err << "error: --seconds must not be negative\n";
    return kRouteBadInput;
  }
  SolveOptions options;
  options.seed = args.seed;
  if (args.iterations) options.max_iterations = *args.iterations;
  const auto begin = std::chrono::steady_clock::now();
  options.deadline = begin + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(args.seconds));
  const Solution solution = solve(problem, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  out << io::plan_to_json(problem, solution, {args.seed, solution.iterations, seconds});
  return kRouteOk;
}

void add_route_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RouteArgs>();
  CLI::App* sub = app.add_subcommand("route", "Plan visits (VRPTW with skills), or check a plan");
  sub->add_option("FILE", args->file, "Problem: Solomon format or JSON (docs/routing.md)")
      ->required();
  sub->add_option("--check", args->check_plan,
                  "Check this plan (JSON) against FILE instead of solving");
  sub->add_option("--seconds", args->seconds, "Time budget in seconds")->capture_default_str();
  sub->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  sub->add_option("--iterations", args->iterations, "Iteration limit (reproducible plans)");
  sub->add_option("--objective", args->objective, "distance (default) or vehicles")
      ->check(CLI::IsMember({"distance", "vehicles"}));
  sub->callback([args, &exit_code] { exit_code = run_route(*args, std::cout, std::cerr); });
}

}  // namespace sangsaeng::routing
