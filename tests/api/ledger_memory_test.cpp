// Bounded heavy reads: with 1,000,000 journal entries, the real binary exports every row
// (following the export's Link from page to page) and verifies the books while its resident
// memory grows by less than 100 MiB. The entries are seeded straight through the ledger's
// rules and store in big transactions (the engine's path without its queue), then the server
// starts on that database. Release only (nosan): seeding a million entries under the
// sanitizers takes too long; the same code paths run under them in ledger_tests and api_tests.
#include <gtest/gtest.h>

#include <boost/json.hpp>
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

class LedgerMemoryTest : public StoreTest {};

TEST_P(LedgerMemoryTest, AMillionEntriesExportAndVerifyInBoundedMemory) {
  seed(*db_);
  db_.reset();  // the server owns the database from here
  AppProcess server(SANGSAENG_BINARY, "demo", url_);
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
  std::pair<int, std::string> second;
  std::thread other([&] { second = slow_get(server.port(), "/api/v1/ledger/verify", auditor); });
  const auto [status, body] = slow_get(server.port(), "/api/v1/ledger/verify", auditor);
  other.join();
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
      "after verify %ld MiB\n",
      static_cast<long long>(rows), rss_before / kMiB, peak_export / kMiB, peak / kMiB);
  EXPECT_LT(peak - rss_before, 100 * kMiB);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, LedgerMemoryTest, ::testing::Values(store::Dialect::sqlite),
                         dialect_name);

}  // namespace
}  // namespace sangsaeng::testing
