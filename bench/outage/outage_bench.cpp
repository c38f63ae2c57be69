// outage_bench [--lines N] [--hit N] [--repeat R] [--sqlite | --postgres]: R rounds (default 3),
// each one outage over `hit` of `lines` service lines (default 200,000 of 1,000,000; every round
// hits other lines), settled through OutageService, next to the ledger's raw batched rate for
// the same work measured just before it in the same run. The median ratio of the rounds is the
// figure (the machine is shared: one round can fall on a busy moment).
//
//   reference: on a database of its own, the same number of accounts opened and
//              1-transfer-per-line postings made through ledger::Engine in batches of 8,190,
//              submitted back to back (what a settlement can never beat: it opens one
//              bill-credit account per line and posts one transfer);
//   settle:    report the outage (areas covering `hit` lines) and settle it: find the lines,
//              compute each one's due, write results, postings and notices, open the accounts,
//              post the transfers; then settle again (no change: nothing posted).
// Aim (issue 18): settle within 2x the reference. Lines are inserted with bulk SQL beforehand.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <string>
#include <vector>

#include "ledger/engine.h"
#include "ledger/verify.h"
#include "outage/service.h"
#include "store/migrations.h"
#include "support/temp_postgres.h"

namespace sangsaeng::outage {
namespace {

constexpr int kLinesPerArea = 20'000;
constexpr std::size_t kBatch = ledger::kBatchEventsMax;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string area_name(int a) {
  return "area-" + std::to_string(a);
}

// Lines in multi-row INSERTs of 1,000 (one statement per row takes minutes on PostgreSQL).
void insert_lines(store::Db& db, int lines) {
  const std::string now = std::to_string(now_us());
  constexpr int kRowsPerStatement = 1'000, kRowsPerCommit = 20'000;
  for (int first = 0; first < lines; first += kRowsPerCommit) {
    db.write([&](soci::session& s) {
      const int last = std::min(lines, first + kRowsPerCommit);
      for (int from = first; from < last; from += kRowsPerStatement) {
        std::string sql =
            "INSERT INTO outage_lines (id, ref, customer_id, product, monthly_fee_won, "
            "addons_won, area, small_merchant, account_id, created_at, updated_at) VALUES ";
        for (int k = from; k < std::min(last, from + kRowsPerStatement); ++k) {
          sql += (k == from ? "(" : ",(") + std::to_string(1'000'000'000LL + k) + ",'02-" +
                 std::to_string(1'000'000 + k) + "',NULL,'기가 인터넷 500M',33000," +
                 (k % 4 == 0 ? "5500" : "0") + ",'" + area_name(k / kLinesPerArea) + "'," +
                 (k % 10 == 0 ? "1" : "0") + ",NULL," + now + "," + now + ")";
        }
        s << sql;
      }
    });
  }
}

// The reference: accounts and 1-transfer postings for `n` more lines straight through the
// engine, in batches of 8,190, each batch's accounts and transfers submitted together and the
// batches back to back (the engine's best case). `round` keeps ids apart between rounds.
double reference(ledger::Engine& engine, Id budget, int n, int round) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::future<Result<std::vector<ledger::AccountResult>>>> accounts_done;
  std::vector<std::future<Result<std::vector<ledger::TransferResult>>>> transfers_done;
  for (int first = 0; first < n; first += static_cast<int>(kBatch)) {
    const int count = std::min(static_cast<int>(kBatch), n - first);
    std::vector<ledger::Account> accounts;
    std::vector<ledger::Transfer> transfers;
    for (int i = 0; i < count; ++i) {
      const Id line = 10'000'000LL * round + first + i + 1;
      accounts.push_back({.id = line,
                          .ledger = ledger::kLedgerKrw,
                          .code = 2,
                          .owner_kind = ledger::OwnerKind::customer,
                          .owner_ref = "line:" + std::to_string(line)});
      transfers.push_back({.id = 5'000'000'000LL + line,
                           .debit_account_id = budget,
                           .credit_account_id = line,
                           .amount = 137,
                           .ledger = ledger::kLedgerKrw,
                           .code = 1,
                           .reference = "outage:1"});
    }
    accounts_done.push_back(engine.create_accounts(std::move(accounts)));
    transfers_done.push_back(engine.create_transfers(std::move(transfers)));
  }
  for (auto& f : accounts_done) {
    if (!f.get().ok()) throw std::runtime_error("reference: the ledger refused accounts");
  }
  for (auto& f : transfers_done) {
    if (!f.get().ok()) throw std::runtime_error("reference: the ledger refused transfers");
  }
  return seconds_since(t0);
}

struct Round {
  double reference_s = 0, settle_s = 0, again_s = 0;
  std::int64_t lines = 0;
};

struct Result {
  std::vector<Round> rounds;
  std::int64_t postings = 0;
  bool books_ok = false;
};

// `repeat` rounds on one database of `lines` lines: each settles an outage over `hit` lines not
// hit before, right after the reference does the same number of lines on its own database, so
// both run under the same load. The books are verified at the end.
Result run(const std::string& name, const std::string& url_settle, const std::string& url_ref,
           int lines, int hit, int repeat) {
  Result r;
  auto ref_db = store::Db::open({.url = url_ref, .pool_size = 4});
  store::migrate(*ref_db);
  ledger::Engine ref_engine(*ref_db);
  const Id budget = 9'000'000'000LL;
  (void)ref_engine
      .create_accounts({{.id = budget,
                         .ledger = ledger::kLedgerKrw,
                         .code = 1,
                         .owner_kind = ledger::OwnerKind::program,
                         .owner_ref = "outage"}})
      .get();

  auto db = store::Db::open({.url = url_settle, .pool_size = 4});
  store::migrate(*db);
  const auto t_insert = std::chrono::steady_clock::now();
  insert_lines(*db, lines);
  std::fprintf(stderr, "%s: %d lines inserted in %.1f s\n", name.c_str(), lines,
               seconds_since(t_insert));
  ledger::Engine engine(*db);
  const UnixMicros now = now_us();
  OutageService service(*db, engine, {.clock = [now] { return now; }});
  const int areas_per_outage = (hit + kLinesPerArea - 1) / kLinesPerArea;
  for (int round = 0; round < repeat; ++round) {
    Round o;
    o.reference_s = reference(ref_engine, budget, hit, round);
    // Each round's outage is its own hour, so no two of them overlap on a line.
    const UnixMicros start = now - (5 + 4 * round) * 3600 * kMicrosPerSecond;
    Event e{.started_at_us = start, .cause = "bench"};
    for (int a = 0; a < areas_per_outage; ++a)
      e.areas.push_back(area_name(round * areas_per_outage + a));
    auto reported = service.report(e, 1);  // ongoing: recorded, not settled yet
    if (!reported.ok()) throw std::runtime_error(reported.status().message());
    const auto t0 = std::chrono::steady_clock::now();
    auto ended =
        service.correct(reported.value().id, {.ended_at_us = start + 3 * 3600 * kMicrosPerSecond});
    o.settle_s = seconds_since(t0);
    if (!ended.ok() || ended.value().settled_revision != ended.value().revision)
      throw std::runtime_error("the settlement did not finish");
    o.lines = service.totals(reported.value().id).lines;
    const auto t1 = std::chrono::steady_clock::now();
    auto again = service.settle(reported.value().id);
    o.again_s = seconds_since(t1);
    if (!again.ok() || again.value().postings != 0) throw std::runtime_error("re-run posted");
    std::fprintf(stderr, "%s round %d: settle %.1f s, reference %.1f s\n", name.c_str(), round + 1,
                 o.settle_s, o.reference_s);
    r.rounds.push_back(o);
  }
  r.postings = db->read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM outage_postings", soci::into(n);
    return n;
  });
  r.books_ok = ledger::verify(*db).ok() && ledger::verify(*ref_db).ok();
  return r;
}

void print(const char* name, int lines, int hit, const Result& r) {
  std::vector<double> ratios;
  for (std::size_t i = 0; i < r.rounds.size(); ++i) {
    const Round& o = r.rounds[i];
    ratios.push_back(o.settle_s / o.reference_s);
    std::printf(
        "| %s | %d | %lld | %zu | %.1f s (%.0f lines/s) | %.1f s (%.0f/s) | %.2f | %.1f s |\n",
        name, lines, static_cast<long long>(o.lines), i + 1, o.settle_s, o.lines / o.settle_s,
        o.reference_s, hit / o.reference_s, ratios.back(), o.again_s);
  }
  std::sort(ratios.begin(), ratios.end());
  std::printf(
      "\n%s: median settle / reference %.2f over %zu rounds; %lld postings; books verify: %s\n\n",
      name, ratios[ratios.size() / 2], ratios.size(), static_cast<long long>(r.postings),
      r.books_ok ? "yes" : "NO");
  std::fflush(stdout);
}

}  // namespace
}  // namespace sangsaeng::outage

int main(int argc, char** argv) {
  using namespace sangsaeng;
  int lines = 1'000'000, hit = 200'000, repeat = 3;
  bool sqlite_only = false, postgres_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--lines") == 0 && i + 1 < argc) lines = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--hit") == 0 && i + 1 < argc) hit = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = std::atoi(argv[++i]);
    sqlite_only |= std::strcmp(argv[i], "--sqlite") == 0;
    postgres_only |= std::strcmp(argv[i], "--postgres") == 0;
  }
  if (repeat < 1 || hit < 1 || static_cast<long long>(hit) * repeat > lines) {
    std::fprintf(stderr, "outage_bench: need 1 <= hit x repeat <= lines\n");
    return 2;
  }
  std::printf(
      "| database | lines | lines hit | round | settle | reference (ledger, batched) | settle / "
      "reference | settle again |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  try {
    if (!postgres_only) {
      const auto r = outage::run("SQLite", testing::temp_sqlite_url(), testing::temp_sqlite_url(),
                                 lines, hit, repeat);
      outage::print("SQLite", lines, hit, r);
    }
    if (!sqlite_only) {
      testing::TempPostgres pg;
      const auto r = outage::run("PostgreSQL", pg.create_database("outage_bench"),
                                 pg.create_database("outage_bench_ref"), lines, hit, repeat);
      outage::print("PostgreSQL", lines, hit, r);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "outage_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
