// Parsers (Solomon, JSON problem, JSON plan) and the `route` command run without the binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "routing/cli/route_command.h"
#include "routing/io/load.h"

namespace sangsaeng::routing {
namespace {

std::string solomon_text(const std::string& name) {
  std::string text, error;
  EXPECT_TRUE(
      io::read_file(std::string(SANGSAENG_SOLOMON_DIR) + "/" + name + ".txt", &text, &error))
      << error;
  return text;
}

std::string temp_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("ss_routing_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << content;
  return path.string();
}

TEST(RoutingIo, ReadsSolomon) {
  const auto loaded = io::parse_solomon(solomon_text("C101"));
  ASSERT_TRUE(loaded.problem) << loaded.error;
  EXPECT_EQ(loaded.name, "C101");
  EXPECT_EQ(loaded.problem->jobs.size(), 100u);
  EXPECT_EQ(loaded.problem->vehicles.size(), 25u);
  EXPECT_EQ(loaded.problem->vehicles[0].capacity, 200);
  EXPECT_EQ(loaded.problem->vehicles[0].shift.end, 1236);
  EXPECT_EQ(loaded.problem->jobs[0].windows[0].start, 912);
  EXPECT_EQ(validate(*loaded.problem), "");
}

TEST(RoutingIo, SolomonErrorsNameTheLine) {
  const std::string text = solomon_text("C101");
  // Truncated in the middle of a customer line.
  const auto cut = text.find("\n   50 ");
  const auto truncated = io::parse_solomon(text.substr(0, cut + 12));
  ASSERT_FALSE(truncated.problem);
  EXPECT_NE(truncated.error.find("line "), std::string::npos) << truncated.error;
  std::string bad = text;
  bad.replace(text.find("912"), 3, "9x2");
  const auto garbled = io::parse_solomon(bad);
  ASSERT_FALSE(garbled.problem);
  EXPECT_EQ(garbled.error.rfind("line 11:", 0), 0u) << garbled.error;
  EXPECT_FALSE(io::parse_solomon("").problem);
  EXPECT_FALSE(io::parse_solomon("C101\nVEHICLE\n").problem);
  EXPECT_FALSE(io::parse_problem("C101\nVEHICLE\nNUMBER CAPACITY\n 25 x\n").problem);
}

TEST(RoutingIo, TruncatedOrCorruptedFilesNeverCrash) {
  const std::string text = solomon_text("R101");
  for (std::size_t cut = 0; cut < text.size(); cut += 97) {
    const auto loaded = io::parse_problem(text.substr(0, cut));
    if (!loaded.problem) {
      EXPECT_NE(loaded.error.find("line "), std::string::npos) << loaded.error;
    }
  }
  std::string corrupt = text;
  for (std::size_t at = 300; at < corrupt.size(); at += 131)
    corrupt[at] = static_cast<char>('#' + at % 50);
  EXPECT_FALSE(io::parse_problem(corrupt).problem);
  std::string duplicate = text;
  duplicate.replace(duplicate.find("\n    2 "), 8, "\n    1 ");
  const auto dup = io::parse_problem(duplicate);
  EXPECT_FALSE(dup.problem);
  EXPECT_NE(dup.error.find("duplicate"), std::string::npos) << dup.error;
}

constexpr const char* kJson = R"({
  "vehicles": [
    {"id": 7, "start": [126.97, 37.56], "end": [126.97, 37.56], "time_window": [32400, 64800],
     "capacity": [4], "skills": ["internet", "vi"], "attributes": ["female"]},
    {"id": 8, "start": [127.02, 37.50], "time_window": [32400, 64800], "skills": [1, "internet"],
     "max_working_time": 20000}
  ],
  "jobs": [
    {"id": 1, "location": [126.99, 37.57], "service": 1800, "skills": ["internet"],
     "time_windows": [[32400, 36000], [50400, 54000]], "female_only": true},
    {"id": 2, "location": [127.01, 37.52], "service": 1200, "skills": [1], "priority": 10,
     "designated_vehicle": 8, "delivery": [1]},
    {"id": 3, "location": [127.00, 37.55], "service": 600, "skills": ["sign-language"]}
  ],
  "options": {"road_factor": 1.4, "speed_kmh": 20}
})";

TEST(RoutingIo, ReadsTheJsonFormat) {
  const auto loaded = io::parse_problem(kJson);
  ASSERT_TRUE(loaded.problem) << loaded.error;
  const Problem& p = *loaded.problem;
  ASSERT_EQ(p.vehicles.size(), 2u);
  EXPECT_TRUE(p.vehicles[0].female);
  EXPECT_FALSE(p.vehicles[1].end_location);
  EXPECT_EQ(p.vehicles[0].capacity, 4);
  EXPECT_EQ(p.jobs[0].windows.size(), 2u);
  EXPECT_EQ(p.jobs[1].designated_vehicle, 1);
  EXPECT_EQ(p.jobs[1].demand, 1);
  EXPECT_EQ(p.vehicles[0].skills[0], p.vehicles[1].skills[1]);  // "internet" is one skill
  EXPECT_GT(p.travel->distance(p.jobs[0].location, p.jobs[1].location), 5000);
}

TEST(RoutingIo, JsonErrorsNameTheLineOrThePath) {
  const std::string text = kJson;
  const auto truncated = io::parse_problem(text.substr(0, text.size() / 2));
  ASSERT_FALSE(truncated.problem);
  EXPECT_NE(truncated.error.find("truncated"), std::string::npos) << truncated.error;
  std::string bad = text;
  bad.replace(bad.find("\"service\": 1200"), 15, "\"service\": 12,,");
  const auto syntax = io::parse_problem(bad);
  ASSERT_FALSE(syntax.problem);
  EXPECT_EQ(syntax.error.rfind("line 11:", 0), 0u) << syntax.error;
  std::string unknown = text;
  unknown.replace(unknown.find("\"designated_vehicle\": 8"), 23, "\"designated_vehicle\": 9");
  EXPECT_EQ(io::parse_problem(unknown).error.rfind("line 12: jobs[1].designated_vehicle", 0), 0u)
      << io::parse_problem(unknown).error;
  std::string late = text;
  late.replace(late.find("[50400, 54000]"), 14, "[54000, 50400]");
  EXPECT_EQ(io::parse_problem(late).error.rfind("line 10: jobs[0].time_windows[1]", 0), 0u)
      << io::parse_problem(late).error;
  EXPECT_NE(io::parse_problem(R"({"vehicles": [], "jobs": [{"id": 1}]})").error.find("jobs[0]"),
            std::string::npos);
  EXPECT_FALSE(io::parse_problem("[]").problem);
  EXPECT_NE(io::parse_problem(R"({"vehicles": [], "jobs": [], "shipments": [{"amount": [1]}]})")
                .error.find("shipments"),
            std::string::npos);
  std::string breaks = text;
  breaks.replace(breaks.find("\"max_working_time\""), 18, "\"breaks\": [], \"max_working_time\"");
  EXPECT_NE(io::parse_problem(breaks).error.find("vehicles[1].breaks"), std::string::npos);
  for (std::size_t cut = 0; cut < text.size(); cut += 7) {
    const auto loaded = io::parse_problem(text.substr(0, cut));
    EXPECT_FALSE(loaded.problem);
    EXPECT_FALSE(loaded.error.empty());
  }
  EXPECT_FALSE(
      io::parse_problem(R"({"vehicles": [{"id": 1}], "jobs": [], "matrix": [[0, 1]]})").problem);
}

TEST(RoutingIo, MatrixInput) {
  const auto loaded = io::parse_problem(R"({
    "vehicles": [{"id": 1, "start_index": 0, "end_index": 0}],
    "jobs": [{"id": 5, "location_index": 1}, {"id": 6, "location_index": 2}],
    "matrices": {"car": {"durations": [[0, 10, 20], [10, 0, 15], [20, 15, 0]],
                         "distances": [[0, 100, 200], [100, 0, 150], [200, 150, 0]]}}})");
  ASSERT_TRUE(loaded.problem) << loaded.error;
  EXPECT_EQ(loaded.problem->travel->distance(1, 2), 150);
  EXPECT_EQ(loaded.problem->travel->duration(1, 2), 15);
}

TEST(RoutingIo, NumbersArePlain) {
  EXPECT_EQ(io::json_number(828.9368669428338), "828.936867");
  EXPECT_EQ(io::json_number(5.0), "5");
  EXPECT_EQ(io::json_number(-1e-9), "0");
  EXPECT_EQ(io::json_number(1234567.5), "1234567.5");
}

int run(RouteArgs args, std::string* out, std::string* err) {
  std::ostringstream o, e;
  const int code = run_route(args, o, e);
  *out = o.str();
  *err = e.str();
  return code;
}

TEST(RoutingCommand, SolvesAndChecksASolomonInstance) {
  RouteArgs args;
  args.file = std::string(SANGSAENG_SOLOMON_DIR) + "/C101.txt";
  args.iterations = 300;
  std::string out, err;
  ASSERT_EQ(run(args, &out, &err), kRouteOk) << err;
  EXPECT_NE(out.find("\"vehicles\":"), std::string::npos);
  EXPECT_NE(out.find("\"routes\":[["), std::string::npos);
  EXPECT_NE(out.find("\"unassigned\":[]"), std::string::npos);

  args.check_plan = temp_file("plan.json", out);
  std::string report;
  EXPECT_EQ(run(args, &report, &err), kRouteOk) << report << err;
  EXPECT_NE(report.find("\"ok\":true"), std::string::npos);

  // Drop one route: its jobs go missing and the stated cost no longer matches.
  std::string tampered = out;
  const auto first = out.find("[[") + 2;
  tampered.erase(first, out.find(',', first) - first + 1);  // the first job of the first route
  args.check_plan = temp_file("tampered.json", tampered);
  EXPECT_EQ(run(args, &report, &err), kRouteViolations);
  EXPECT_NE(report.find("job_missing"), std::string::npos) << report;
  std::filesystem::remove(*args.check_plan);
}

TEST(RoutingCommand, SolvesJsonWithReasons) {
  RouteArgs args;
  args.file = temp_file("problem.json", kJson);
  args.iterations = 200;
  std::string out, err;
  ASSERT_EQ(run(args, &out, &err), kRouteOk) << err;
  EXPECT_NE(out.find(R"({"id":3,"reason":"skill"})"), std::string::npos) << out;
  EXPECT_NE(out.find("\"designated_honoured\":1"), std::string::npos) << out;
  std::filesystem::remove(args.file);
}

TEST(RoutingCommand, BadInputExitsWithTwo) {
  RouteArgs args;
  std::string out, err;
  args.file = "/nonexistent/problem.json";
  EXPECT_EQ(run(args, &out, &err), kRouteBadInput);
  args.file =
      temp_file("broken.txt", "C101\nVEHICLE\nNUMBER CAPACITY\n25 200\nCUSTOMER\nhead\n0 1 2 3\n");
  EXPECT_EQ(run(args, &out, &err), kRouteBadInput);
  EXPECT_NE(err.find("line 7"), std::string::npos) << err;
  std::filesystem::remove(args.file);
  args.file = temp_file("broken.json", "{\"vehicles\": [\n{\"id\": 1,\n");
  EXPECT_EQ(run(args, &out, &err), kRouteBadInput);
  EXPECT_NE(err.find("line 3"), std::string::npos) << err;
  args.objective = "fastest";
  EXPECT_EQ(run(args, &out, &err), kRouteBadInput);
  std::filesystem::remove(args.file);
}

}  // namespace
}  // namespace sangsaeng::routing
