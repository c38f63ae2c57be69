// The Seoul dispatch case: plans a generated city problem (bench/city/generate.py) within a time
// budget, runs the independent checker, and reports what a dispatcher would ask: how many
// requests were planned, why the others were not, and how many designated visits were honoured.
//
//   city_bench FILE [--seconds S] [--seed N]
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "routing/check/checker.h"
#include "routing/io/load.h"
#include "routing/solver.h"

namespace routing = sangsaeng::routing;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: city_bench FILE [--seconds S] [--seed N]\n";
    return 2;
  }
  const std::string file = argv[1];
  double seconds = 60;
  std::uint64_t seed = 1;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seconds")
      seconds = std::stod(argv[i + 1]);
    else if (flag == "--seed")
      seed = std::stoull(argv[i + 1]);
  }
  std::string text, error;
  if (!routing::io::read_file(file, &text, &error)) {
    std::cerr << error << "\n";
    return 2;
  }
  const auto loaded = routing::io::parse_problem(text);
  if (!loaded.problem) {
    std::cerr << file << ": " << loaded.error << "\n";
    return 2;
  }
  const routing::Problem& problem = *loaded.problem;
  const auto begin = std::chrono::steady_clock::now();
  routing::SolveOptions options;
  options.seed = seed;
  options.deadline = begin + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(seconds));
  const routing::Solution plan = routing::solve(problem, options);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  const routing::CheckReport report = routing::check_plan(problem, plan);

  std::map<std::string, int> reasons;
  for (const auto& u : plan.unassigned) ++reasons[std::string(routing::to_string(u.reason))];
  int designated = 0, female_only = 0, female_only_planned = 0;
  std::vector<char> planned(problem.jobs.size(), 1);
  for (const auto& u : plan.unassigned) planned[static_cast<std::size_t>(u.job)] = 0;
  for (std::size_t j = 0; j < problem.jobs.size(); ++j) {
    designated += problem.jobs[j].designated_vehicle ? 1 : 0;
    if (problem.jobs[j].female_only) {
      ++female_only;
      female_only_planned += planned[j];
    }
  }
  std::printf("| figure | value |\n|---|---:|\n");
  std::printf("| requests / helpers | %zu / %zu |\n", problem.jobs.size(), problem.vehicles.size());
  std::printf("| time budget / elapsed (s) | %.0f / %.1f |\n", seconds, elapsed);
  std::printf("| iterations | %lld |\n", static_cast<long long>(plan.iterations));
  std::printf("| planned | %zu |\n", problem.jobs.size() - plan.unassigned.size());
  std::printf("| unassigned | %zu |\n", plan.unassigned.size());
  for (const auto& [reason, count] : reasons) std::printf("| - %s | %d |\n", reason.c_str(), count);
  std::printf("| designated honoured | %lld / %d |\n",
              static_cast<long long>(designated - plan.cost.designated_missed), designated);
  std::printf("| female-only planned | %d / %d |\n", female_only_planned, female_only);
  std::printf("| helpers used | %lld |\n", static_cast<long long>(plan.cost.vehicles));
  std::printf("| road distance (km) | %.1f |\n", plan.cost.distance / 1000.0);
  std::printf("| checker | %s |\n", report.ok() ? "accepted" : "REJECTED");
  for (std::size_t i = 0; i < report.violations.size() && i < 10; ++i) {
    std::printf("violation: %s: %s\n",
                std::string(routing::to_string(report.violations[i].kind)).c_str(),
                report.violations[i].message.c_str());
  }
  return report.ok() ? 0 : 1;
}
