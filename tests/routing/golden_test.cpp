// Golden plans: fixed instances, seeds and iteration limits give exactly these plans (the
// determinism promise, across builds). After an intended change of the algorithm, regenerate
// with SANGSAENG_UPDATE_GOLDEN=1 and review the difference.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "routing/check/checker.h"
#include "routing/io/load.h"
#include "routing/random_instance.h"
#include "routing/solver.h"

namespace sangsaeng::routing {
namespace {

void expect_golden(const Problem& problem, const std::string& name, std::int64_t iterations) {
  SolveOptions options;
  options.seed = 1;
  options.max_iterations = iterations;
  const Solution plan = solve(problem, options);
  ASSERT_TRUE(check_plan(problem, plan).ok());
  const std::string text = io::plan_to_json(problem, plan, {options.seed, plan.iterations, 0.0});
  const std::string path = std::string(SANGSAENG_GOLDEN_DIR) + "/" + name + ".json";
  if (std::getenv("SANGSAENG_UPDATE_GOLDEN")) {
    std::ofstream(path) << text;
    return;
  }
  std::string golden, error;
  ASSERT_TRUE(io::read_file(path, &golden, &error)) << error;
  EXPECT_EQ(text, golden) << "the plan for " << name << " changed";
}

TEST(RoutingGolden, SolomonRc101) {
  std::string text, error;
  ASSERT_TRUE(io::read_file(std::string(SANGSAENG_SOLOMON_DIR) + "/RC101.txt", &text, &error))
      << error;
  const auto loaded = io::parse_solomon(text);
  ASSERT_TRUE(loaded.problem);
  expect_golden(*loaded.problem, "rc101_seed1_2000", 2000);
}

TEST(RoutingGolden, SkillsAndDesignatedJobs) {
  testing::RandomSpec spec;
  spec.jobs = 60;
  spec.vehicles = 6;
  spec.horizon = 1200;
  expect_golden(testing::random_problem(2024, spec), "random2024_seed1_1000", 1000);
}

}  // namespace
}  // namespace sangsaeng::routing
