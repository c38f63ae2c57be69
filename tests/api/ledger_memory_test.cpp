// Bounded heavy reads: with 1,000,000 journal entries, the real binary exports every row
// (following the export's Link from page to page) and verifies the books while its resident
// memory grows by less than 100 MiB; then `sangsaeng ledger export` and `ledger verify` do the
// same in less than 100 MiB each. The entries are seeded straight through the ledger's rules
// and store in big transactions (the engine's path without its queue), then the server starts
// on that database. SQLite only: seeding a million entries into PostgreSQL would double the
// test's time for the same code paths. Release only (nosan): seeding under the sanitizers takes
// too long; the same code paths run under them in ledger_tests and api_tests.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "http/test_client.h"
#include "ledger/engine.h"
#include "ledger/store.h"
#include "support/app_process.h"
#include "support/store_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;
namespace lg = ledger;

constexpr int kEntries = 1'000'000;
constexpr long kMiB = 1024 * 1024;

// A kB figure from /proc/PID/status ("VmRSS", "VmHWM"), in bytes.
long status_bytes(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1)) * 1024;
  throw std::runtime_error("no " + field + " for process " + std::to_string(pid));
}

// Two accounts through the engine, then kEntries transfers of 1 won from the first to the
// second, 32,000 per ledger batch and eight batches per transaction.
void seed(store::Db& db) {
  {
    lg::Engine engine(db);
    std::vector<lg::Account> accounts(2);
    for (int i = 0; i < 2; ++i) {
      accounts[i].id = 1 + i;
      accounts[i].ledger = lg::kLedgerKrw;
      accounts[i].code = 1;
      accounts[i].owner_kind = lg::OwnerKind::company;
      accounts[i].owner_ref = "seed" + std::to_string(i);
    }
    auto r = engine.create_accounts(accounts).get();
    ASSERT_TRUE(r.ok());
  }
  lg::State state = db.read([](soci::session& s) { return lg::load_state(s); });
  const lg::Known none;
  constexpr int kPerBatch = 32'000, kBatchesPerTransaction = 8;
  for (int next = 1; next <= kEntries;) {
    db.write([&](soci::session& s) {
      for (int b = 0; b < kBatchesPerTransaction && next <= kEntries; ++b) {
        std::vector<lg::Transfer> ts;
        for (; next <= kEntries && ts.size() < kPerBatch; ++next) {
          lg::Transfer t;
          t.id = next;
          t.debit_account_id = 1;
          t.credit_account_id = 2;
          t.amount = 1;
          t.ledger = lg::kLedgerKrw;
          t.code = 1;
          t.reference = "order:" + std::to_string(next);
          ts.push_back(std::move(t));
        }
        lg::Batch batch(state, none, now_us());
        for (const auto& result : batch.create_transfers(ts))
          if (result.code != lg::ResultCode::ok) throw std::runtime_error("seed refused");
        if (!lg::write_batch(s, batch, state.head)) throw std::runtime_error("head moved");
        batch.commit_to(state);
      }
    });
  }
}

std::string login(std::uint16_t port) {
  auto r =
      http::test::fetch(port, "POST", "/api/v1/auth/login", "Content-Type: application/json\r\n",
                        R"({"email":"auditor@sangsaeng.test","password":"sangsaeng-demo"})");
  if (!r || r->status != 200) throw std::runtime_error("log-in failed");
  const std::string set_cookie = r->header("set-cookie");
  const auto start = set_cookie.find("ss_session=");
  return "Cookie: " + set_cookie.substr(start, set_cookie.find(';', start) - start) + "\r\n";
}

// A GET whose answer may take longer than the test client's read timeout (verify): status and
// body of an answer read until the server closes.
std::pair<int, std::string> slow_get(std::uint16_t port, const std::string& target,
                                     const std::string& headers) {
  http::test::Connection c(port);
  c.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers +
         "\r\n");
  std::string raw;
  for (int i = 0; i < 600 && !c.closed(); ++i) raw += c.read_some(std::chrono::seconds(1));
  const auto body = raw.find("\r\n\r\n");
  if (raw.size() < 12 || body == std::string::npos) return {0, raw};
  return {std::stoi(raw.substr(9, 3)), raw.substr(body + 4)};
}

// An instant for a query string ("+09:00" percent-encoded).
std::string query_instant(UnixMicros t) {
  std::string text = format_rfc3339(t);
  text.replace(text.find('+'), 1, "%2B");
  return text;
}

// Runs `sangsaeng ledger <args>` on db_url with its standard output in `out_path`: the exit
// status and the process's peak resident memory in bytes.
std::pair<int, long> run_cli(const std::string& db_url, const std::vector<std::string>& args,
                             const std::string& out_path) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::setenv("SANGSAENG_DB_URL", db_url.c_str(), 1);
    std::vector<char*> argv{const_cast<char*>(SANGSAENG_BINARY), const_cast<char*>("ledger")};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(SANGSAENG_BINARY, argv.data());
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss * 1024};
}

class LedgerMemoryTest : public StoreTest {};

TEST_P(LedgerMemoryTest, AMillionEntriesExportAndVerifyInBoundedMemory) {
  seed(*db_);
  db_.reset();  // the server owns the database from here
  // Verifying takes seconds per million entries, more on a machine busy with other tests: the
  // answer may wait longer than the default 30 s here. What is measured is memory.
  AppProcess server(SANGSAENG_BINARY, "demo", url_, {{"SANGSAENG_ASYNC_TIMEOUT_MS", "600000"}});
  const std::string auditor = login(server.port());
  const long rss_before = status_bytes(server.pid(), "VmRSS");

  // Every page of the export, following the Link; every transfer exactly once.
  std::string target =
      "/api/v1/ledger/export?from=" + query_instant(now_us() - 300 * kMicrosPerDay) +
      "&to=" + query_instant(now_us() + 50 * kMicrosPerDay);
  std::int64_t rows = 0, seeded_rows = 0, last_seq = 0;
  bool ordered = true;
  for (int pages = 0; !target.empty(); ++pages) {
    ASSERT_LT(pages, kEntries / 10'000 + 10);
    const auto page = http::test::fetch(server.port(), "GET", target, auditor);
    ASSERT_TRUE(page && page->status == 200) << (page ? page->body.substr(0, 300) : "no answer");
    for (std::size_t at = 0; at < page->body.size();) {
      const std::size_t end = page->body.find("\r\n", at);
      ASSERT_NE(end, std::string::npos);
      if (page->body.compare(at, 4, "seq,") != 0) {
        const std::int64_t seq = std::stoll(page->body.substr(at, 20));
        ordered = ordered && seq > last_seq;
        last_seq = seq;
        ++rows;
        if (page->body.find(",\"order:", at) < end) ++seeded_rows;
      }
      at = end + 2;
    }
    const std::string link = page->header("link");
    target = link.empty() ? "" : link.substr(1, link.find('>') - 1);
  }
  EXPECT_TRUE(ordered);
  EXPECT_GE(seeded_rows, kEntries);
  const long peak_export = status_bytes(server.pid(), "VmHWM");

  // Two verifications asked at once: one runs, the other is answered 503 with Retry-After
  // (or runs after the first, if the first was already done).
  const auto verify_started = std::chrono::steady_clock::now();
  std::pair<int, std::string> second;
  std::thread other([&] { second = slow_get(server.port(), "/api/v1/ledger/verify", auditor); });
  const auto [status, body] = slow_get(server.port(), "/api/v1/ledger/verify", auditor);
  other.join();
  const double verify_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - verify_started).count();
  for (const auto& [s, b] : {std::pair{status, body}, second})
    EXPECT_TRUE(s == 200 || (s == 503 && b.find("verify-running") != std::string::npos))
        << s << " " << b.substr(0, 300);
  const std::string report = status == 200 ? body : second.second;
  ASSERT_TRUE(status == 200 || second.first == 200);
  const auto v = json::parse(report);
  EXPECT_TRUE(v.at("ok").as_bool()) << report;
  EXPECT_EQ(v.at("transfers").as_int64(), rows);  // the export had every transfer

  const long peak = status_bytes(server.pid(), "VmHWM");
  std::printf(
      "ledger memory: %lld rows exported; VmRSS before %ld MiB, peak after the export %ld MiB, "
      "after verify %ld MiB (verify answered in %.1f s; statuses %d and %d)\n",
      static_cast<long long>(rows), rss_before / kMiB, peak_export / kMiB, peak / kMiB, verify_s,
      status, second.first);
  EXPECT_LT(peak - rss_before, 100 * kMiB);

  // The command line, on the same books: every row, the books verify, bounded memory too.
  server.kill9();
  const std::string csv_path = server.log_path() + ".csv";
  const auto [export_status, export_peak] =
      run_cli(url_,
              {"export", "--from", format_rfc3339(now_us() - 300 * kMicrosPerDay), "--to",
               format_rfc3339(now_us() + 50 * kMicrosPerDay)},
              csv_path);
  EXPECT_EQ(export_status, 0);
  std::ifstream csv(csv_path);
  std::int64_t lines = 0;
  for (std::string line; std::getline(csv, line);) ++lines;
  EXPECT_EQ(lines, rows + 1);  // and the header
  std::remove(csv_path.c_str());
  const auto [verify_status, verify_peak] = run_cli(url_, {"verify"}, "/dev/null");
  EXPECT_EQ(verify_status, 0);
  std::printf("ledger memory: the CLI's peak %ld MiB (export), %ld MiB (verify)\n",
              export_peak / kMiB, verify_peak / kMiB);
  EXPECT_LT(export_peak, 100 * kMiB);
  EXPECT_LT(verify_peak, 100 * kMiB);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, LedgerMemoryTest, ::testing::Values(store::Dialect::sqlite),
                         dialect_name);

}  // namespace
}  // namespace sangsaeng::testing
