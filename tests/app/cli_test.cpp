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

TEST(Cli, UnknownCommandIsAUsageError) {
  auto r = run("frobnicate");
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace sangsaeng::testing
