// The command line: exit codes and messages a user or an operator sees.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "support/app_process.h"
#include "support/temp_postgres.h"

namespace sangsaeng::testing {
namespace {

CommandResult run(const std::string& args) {
  return run_command(std::string(SANGSAENG_BIN) + " " + args + " 2>&1");
}

TEST(Cli, Version) {
  auto r = run("version");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("sangsaeng 0."), std::string::npos);
}

TEST(Cli, MigrateThenAddAUserThenRefuseTheSameEmail) {
  const std::string dir = make_temp_dir("ss-cli-");
  auto m = run("migrate --data-dir " + dir);
  EXPECT_EQ(m.status, 0) << m.output;
  EXPECT_NE(m.output.find("schema version"), std::string::npos);
  auto again = run("migrate --data-dir " + dir);
  EXPECT_NE(again.output.find("applied 0 migrations"), std::string::npos) << again.output;
  const std::string add =
      "user add --data-dir " + dir +
      " --email ops@example.kr --name Ops --password 'long enough secret' --role admin";
  auto u = run(add);
  EXPECT_EQ(u.status, 0) << u.output;
  auto dup = run(add);
  EXPECT_EQ(dup.status, 2) << dup.output;
  EXPECT_NE(dup.output.find("exists"), std::string::npos) << dup.output;
  auto bad_role = run("user add --data-dir " + dir +
                      " --email x@example.kr --name X --password 'long enough secret' --role king");
  EXPECT_NE(bad_role.status, 0);
  EXPECT_NE(bad_role.output.find("unknown role"), std::string::npos) << bad_role.output;
}

TEST(Cli, BadConfigurationIsNamed) {
  const std::string dir = make_temp_dir("ss-cli-");
  {
    std::ofstream f(dir + "/bad.toml");
    f << "prot = 9000\n";
  }
  auto r = run("--config " + dir + "/bad.toml migrate --data-dir " + dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("unknown key 'prot'"), std::string::npos) << r.output;
  auto env = run("migrate --data-dir " + dir + " --db mysql://nope");
  EXPECT_EQ(env.status, 1);
  EXPECT_NE(env.output.find("sqlite:// or postgresql://"), std::string::npos) << env.output;
}

// A published draw of three entries (lottery.h's rule, computed here by hand: the order sorts
// the tickets by SHA-256(seed || ticket)), written as GET .../draw answers it.
std::string draw_file(const std::string& order) {
  const std::string path = make_temp_dir("ss-draw-") + "/draw.json";
  const std::string seed_hex(64, 'a');  // 32 bytes of 0xaa
  // SHA-256 of those 32 bytes by coreutils, not by our code (octal 252 = 0xaa).
  const auto commitment = run_command("printf '\\252%.0s' $(seq 32) | sha256sum");
  std::ofstream(path)
      << R"({"drawn":true,"seed":")" << seed_hex << R"(","seed_commitment":")"
      << commitment.output.substr(0, 64) << R"(","entries":[{"entry":"1","ticket":"1","units":1},)"
      << R"({"entry":"2","ticket":"2","units":1},{"entry":"3","ticket":"3","units":1}],)"
      << R"("order":)" << order << "}";
  return path;
}

TEST(Cli, MarketRedrawChecksAPublishedDraw) {
  // Find the true order by asking for each of the six and keeping the one that passes.
  const std::array<const char*, 6> orders = {R"(["1","2","3"])", R"(["1","3","2"])",
                                             R"(["2","1","3"])", R"(["2","3","1"])",
                                             R"(["3","1","2"])", R"(["3","2","1"])"};
  int verified = 0;
  for (const char* order : orders) {
    auto r = run("market redraw " + draw_file(order));
    if (r.status == 0) {
      ++verified;
      EXPECT_NE(r.output.find("draw verified"), std::string::npos) << r.output;
    } else {
      EXPECT_EQ(r.status, 1) << r.output;
      EXPECT_NE(r.output.find("place"), std::string::npos) << r.output;
    }
  }
  EXPECT_EQ(verified, 1) << "exactly one order is the draw";
  auto missing = run("market redraw /nonexistent/draw.json");
  EXPECT_EQ(missing.status, 2) << missing.output;
}

TEST(Cli, UnknownCommandIsAUsageError) {
  auto r = run("frobnicate");
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace sangsaeng::testing
