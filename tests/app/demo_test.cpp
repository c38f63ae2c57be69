// `sangsaeng demo` as a process: the first start seeds the books (through the ledger), the
// chain verifies, and a restart on the same data directory writes nothing twice.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "support/app_process.h"
#include "support/temp_postgres.h"

namespace sangsaeng::testing {
namespace {

// Runs a ledger command on the data directory, named with --data-dir as the README does.
CommandResult run(const std::string& args, const std::string& data_dir) {
  return run_command(std::string(SANGSAENG_BIN) + " " + args + " --data-dir '" + data_dir +
                     "' 2>&1");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Starts `sangsaeng demo` on `data_dir` and a free port, waits (30 s at most) until it
// listens, stops it with SIGTERM and returns everything it printed.
std::string start_and_stop_demo(const std::string& data_dir) {
  const std::string log = make_temp_dir("ss-demo-log-") + "/out.log";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execl(SANGSAENG_BIN, SANGSAENG_BIN, "demo", "--data-dir", data_dir.c_str(), "--port", "0",
            "--web-dir", "", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool listening = false;
  for (int i = 0; i < 1200 && !listening; ++i) {  // 2 min: seeding hashes ~50 passwords
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    listening = read_file(log).find("listening on http://") != std::string::npos;
  }
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const std::string out = read_file(log);
  EXPECT_TRUE(listening) << out;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
  return out;
}

const char* const kExport = "ledger export --from 2000-01-01T00:00:00Z --to 2100-01-01T00:00:00Z";

struct Books {
  long accounts = -1;
  long transfers = -1;
};

// `sangsaeng ledger verify` on the data directory: it must accept the chain.
Books verify(const std::string& data_dir) {
  const CommandResult r = run("ledger verify", data_dir);
  EXPECT_EQ(r.status, 0) << r.output;
  std::smatch m;
  Books books;
  if (std::regex_search(r.output, m, std::regex(R"(\((\d+) accounts, (\d+) transfers\))"))) {
    books.accounts = std::stol(m[1]);
    books.transfers = std::stol(m[2]);
  }
  EXPECT_GE(books.accounts, 0) << r.output;
  return books;
}

TEST(Demo, SeedsBooksThatVerifyAndARestartSeedsNothingTwice) {
  const std::string dir = make_temp_dir("ss-demo-");
  const std::string first = start_and_stop_demo(dir);
  EXPECT_NE(first.find("demo books seeded"), std::string::npos) << first;
  EXPECT_NE(first.find("demo market seeded"), std::string::npos) << first;
  EXPECT_NE(first.find("demo photos: 3"), std::string::npos) << first;  // one per product
  const Books seeded = verify(dir);
  EXPECT_GE(seeded.accounts, 5);
  EXPECT_GE(seeded.transfers, 5);
  // A demo's handful: the market's books and paid orders, the settled outage's refunds (one
  // per compensated line of the Mapo fibre cut), and the art hall's year of revenue (one per
  // performance day, about 160) with its grants.
  EXPECT_LT(seeded.transfers, 400);
  EXPECT_NE(first.find("demo outages seeded"), std::string::npos) << first;
  EXPECT_NE(first.find("demo live events seeded"), std::string::npos) << first;
  EXPECT_NE(first.find("demo care seeded"), std::string::npos) << first;
  EXPECT_NE(first.find("demo education seeded"), std::string::npos) << first;

  // What the books hold, in journal order: the market's sales, its donations, its grants.
  const CommandResult csv = run(kExport, dir);
  EXPECT_EQ(csv.status, 0) << csv.output;
  EXPECT_NE(csv.output.find("market:drop-1:sales"), std::string::npos) << csv.output;
  EXPECT_NE(csv.output.find("market:grant:nanum"), std::string::npos) << csv.output;
  EXPECT_NE(csv.output.find("outage:"), std::string::npos) << csv.output;  // names its outage

  const std::string second = start_and_stop_demo(dir);
  EXPECT_EQ(second.find("demo books seeded"), std::string::npos) << second;
  EXPECT_EQ(second.find("demo data seeded"), std::string::npos) << second;
  EXPECT_EQ(second.find("demo market seeded"), std::string::npos) << second;
  EXPECT_EQ(second.find("demo live events seeded"), std::string::npos) << second;
  EXPECT_EQ(second.find("demo photos"), std::string::npos) << second;
  EXPECT_EQ(second.find("demo education seeded"), std::string::npos) << second;
  const Books again = verify(dir);
  EXPECT_EQ(again.accounts, seeded.accounts);
  EXPECT_EQ(again.transfers, seeded.transfers);
  const CommandResult csv_again = run(kExport, dir);
  EXPECT_EQ(csv_again.output, csv.output) << "a restart changed the journal";
}

}  // namespace
}  // namespace sangsaeng::testing
