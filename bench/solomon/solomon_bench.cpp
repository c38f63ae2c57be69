// The Solomon VRPTW benchmark: every instance of bench/data/solomon at a fixed time budget on
// one thread, distance objective with the file's fleet; gap to the distance-only best known
// solution, and whether the independent checker accepts the plan. Prints Markdown.
//
//   solomon_bench [--data DIR] [--seconds S] [--seed N] [--only C101,R201,...]
//                 [--objective vehicles]   (vehicles first; gaps still against distance-only)
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "routing/check/checker.h"
#include "routing/io/load.h"
#include "routing/solver.h"

namespace routing = sangsaeng::routing;

namespace {

struct Best {
  int vehicles = 0;
  double distance = 0;
};

std::map<std::string, Best> read_bks(const std::string& path) {
  std::map<std::string, Best> out;
  std::ifstream in(path);
  std::string line;
  std::getline(in,
               line);  // header: instance,vehicles,distance,distance_only_vehicles,distance_only
  while (std::getline(in, line)) {
    std::stringstream s(line);
    std::string name, v, d, dv, dd;
    std::getline(s, name, ',');
    std::getline(s, v, ',');
    std::getline(s, d, ',');
    std::getline(s, dv, ',');
    std::getline(s, dd, ',');
    if (!name.empty() && !dd.empty()) out[name] = {std::stoi(dv), std::stod(dd)};
  }
  return out;
}

std::string instance_class(const std::string& name) {
  // C101 -> C1, RC204 -> RC2
  std::string letters;
  for (char c : name) {
    if (std::isalpha(static_cast<unsigned char>(c))) letters += c;
  }
  return letters + name[letters.size()];
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = SANGSAENG_SOLOMON_DIR;
  double seconds = 1.0;
  std::uint64_t seed = 1;
  std::string only;
  bool vehicles_objective = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--data")
      data = argv[i + 1];
    else if (flag == "--seconds")
      seconds = std::stod(argv[i + 1]);
    else if (flag == "--seed")
      seed = std::stoull(argv[i + 1]);
    else if (flag == "--only")
      only = "," + std::string(argv[i + 1]) + ",";
    else if (flag == "--objective")
      vehicles_objective = std::string(argv[i + 1]) == "vehicles";
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  const auto bks = read_bks(data + "/bks.csv");
  struct Sum {
    int count = 0;
    double gap = 0;
    double vehicles = 0;
    int accepted = 0;
  };
  std::map<std::string, Sum> classes;
  Sum all;
  std::printf(
      "| instance | vehicles | distance | best known (vehicles, distance) | gap %% | checker | "
      "iterations |\n");
  std::printf("|---|---:|---:|---:|---:|---|---:|\n");
  for (const auto& [name, best] : bks) {
    if (!only.empty() && only.find("," + name + ",") == std::string::npos) continue;
    std::string text, error;
    if (!routing::io::read_file(data + "/" + name + ".txt", &text, &error)) {
      std::cerr << error << "\n";
      return 2;
    }
    auto loaded = routing::io::parse_solomon(text);
    if (!loaded.problem) {
      std::cerr << name << ": " << loaded.error << "\n";
      return 2;
    }
    loaded.problem->objective.minimise_vehicles = vehicles_objective;
    routing::SolveOptions options;
    options.seed = seed;
    options.deadline = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(seconds));
    const routing::Solution plan = routing::solve(*loaded.problem, options);
    const routing::CheckReport report = routing::check_plan(*loaded.problem, plan);
    const bool complete = plan.unassigned.empty();
    const bool accepted = report.ok() && complete;
    const double gap = 100.0 * (plan.cost.distance - best.distance) / best.distance;
    std::printf("| %s | %lld | %.2f | %d, %.2f | %.2f | %s | %lld |\n", name.c_str(),
                static_cast<long long>(plan.cost.vehicles), plan.cost.distance, best.vehicles,
                best.distance, gap, accepted ? "ok" : (complete ? "REJECTED" : "UNASSIGNED"),
                static_cast<long long>(plan.iterations));
    std::fflush(stdout);
    for (Sum* s : {&classes[instance_class(name)], &all}) {
      ++s->count;
      s->gap += gap;
      s->vehicles += static_cast<double>(plan.cost.vehicles);
      s->accepted += accepted ? 1 : 0;
    }
  }
  std::printf(
      "\n| class | instances | mean vehicles | mean gap %% | accepted "
      "|\n|---|---:|---:|---:|---:|\n");
  for (const auto& [name, s] : classes) {
    std::printf("| %s | %d | %.2f | %.2f | %d/%d |\n", name.c_str(), s.count, s.vehicles / s.count,
                s.gap / s.count, s.accepted, s.count);
  }
  if (all.count > 0) {
    std::printf("| all | %d | %.2f | %.2f | %d/%d |\n", all.count, all.vehicles / all.count,
                all.gap / all.count, all.accepted, all.count);
  }
  return all.accepted == all.count ? 0 : 1;
}
