// outage_bench [--lines N] [--hit N] [--sqlite | --postgres]: one outage over `hit` of `lines`
// service lines (default 200,000 of 1,000,000), settled through OutageService, next to the
// ledger's raw batched rate for the same work in the same run.
//
//   reference: on a fresh database, the same number of accounts opened and 1-transfer-per-line
//              postings made through ledger::Engine in batches of 8,190 (what a settlement can
//              never beat: it opens one bill-credit account per line and posts one transfer);
//   settle:    report the outage (areas covering `hit` lines) and settle it: find the lines,
//              compute each one's due, write results, postings and notices, open the accounts,
//              post the transfers; then settle again (no change: nothing posted).
// Aim (issue 18): settle within 2x the reference. Lines are inserted with bulk SQL beforehand.
#include <chrono>
#include <cstdio>
#include <cstring>
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

void insert_lines(store::Db& db, int lines) {
  const UnixMicros now = now_us();
  for (int first = 0; first < lines; first += 10'000) {
    const int n = std::min(10'000, lines - first);
    std::vector<long long> id(n), fee(n), addons(n), merchant(n), at(n, now);
    std::vector<std::string> ref(n), product(n, "기가 인터넷 500M"), area(n);
    for (int i = 0; i < n; ++i) {
      const int k = first + i;
      id[i] = 1'000'000'000LL + k;
      ref[i] = "02-" + std::to_string(1'000'000 + k);
      fee[i] = 33'000;
      addons[i] = k % 4 == 0 ? 5'500 : 0;
      merchant[i] = k % 10 == 0;
      area[i] = area_name(k / kLinesPerArea);
    }
    db.write([&](soci::session& s) {
      s << "INSERT INTO outage_lines (id, ref, customer_id, product, monthly_fee_won, "
           "addons_won, area, small_merchant, account_id, created_at, updated_at) VALUES (:i, "
           ":r, NULL, :p, :f, :a, :ar, :m, NULL, :c, :u)",
          soci::use(id), soci::use(ref), soci::use(product), soci::use(fee), soci::use(addons),
          soci::use(area), soci::use(merchant), soci::use(at), soci::use(at);
    });
  }
}

// Accounts and transfers for `n` lines straight through the engine, batched.
double reference(const std::string& url, int n) {
  auto db = store::Db::open({.url = url, .pool_size = 4});
  store::migrate(*db);
  ledger::Engine engine(*db);
  const Id budget = 9'000'000'000LL;
  (void)engine
      .create_accounts({{.id = budget,
                         .ledger = ledger::kLedgerKrw,
                         .code = 1,
                         .owner_kind = ledger::OwnerKind::program,
                         .owner_ref = "outage"}})
      .get();
  const auto t0 = std::chrono::steady_clock::now();
  for (int first = 0; first < n; first += static_cast<int>(kBatch)) {
    const int count = std::min(static_cast<int>(kBatch), n - first);
    std::vector<ledger::Account> accounts;
    std::vector<ledger::Transfer> transfers;
    for (int i = 0; i < count; ++i) {
      const Id line = first + i + 1;
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
    auto a = engine.create_accounts(std::move(accounts)).get();
    auto t = engine.create_transfers(std::move(transfers)).get();
    if (!a.ok() || !t.ok()) throw std::runtime_error("reference: the ledger refused a batch");
  }
  return seconds_since(t0);
}

struct Result {
  double reference_s = 0, settle_s = 0, again_s = 0;
  std::int64_t lines = 0, postings = 0, refund_won = 0, voluntary_won = 0;
  bool books_ok = false;
};

Result run(const std::string& name, const std::string& url_settle, const std::string& url_ref,
           int lines, int hit) {
  Result r;
  r.reference_s = reference(url_ref, hit);
  auto db = store::Db::open({.url = url_settle, .pool_size = 4});
  store::migrate(*db);
  const auto t_insert = std::chrono::steady_clock::now();
  insert_lines(*db, lines);
  std::fprintf(stderr, "%s: %d lines inserted in %.1f s\n", name.c_str(), lines,
               seconds_since(t_insert));
  ledger::Engine engine(*db);
  const UnixMicros now = now_us();
  OutageService service(*db, engine, {.clock = [now] { return now; }});
  Event e{.started_at_us = now - 5 * 3600 * kMicrosPerSecond,
          .ended_at_us = now - 2 * 3600 * kMicrosPerSecond,
          .cause = "bench"};
  for (int a = 0; a * kLinesPerArea < hit; ++a) e.areas.push_back(area_name(a));
  e.id = 0;
  auto ongoing = e;
  ongoing.ended_at_us.reset();
  auto reported = service.report(ongoing, 1);  // ongoing: recorded, not settled yet
  if (!reported.ok()) throw std::runtime_error(reported.status().message());
  const auto t0 = std::chrono::steady_clock::now();
  auto ended = service.correct(reported.value().id, {.ended_at_us = e.ended_at_us});
  r.settle_s = seconds_since(t0);
  if (!ended.ok() || ended.value().settled_revision != ended.value().revision)
    throw std::runtime_error("the settlement did not finish");
  const Totals totals = service.totals(reported.value().id);
  r.lines = totals.lines;
  r.refund_won = totals.refund_won;
  r.voluntary_won = totals.voluntary_won;
  const auto t1 = std::chrono::steady_clock::now();
  auto again = service.settle(reported.value().id);
  r.again_s = seconds_since(t1);
  if (!again.ok() || again.value().postings != 0) throw std::runtime_error("re-run posted");
  r.postings = db->read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM outage_postings", soci::into(n);
    return n;
  });
  r.books_ok = ledger::verify(*db).ok();
  return r;
}

void print(const char* name, int lines, int hit, const Result& r) {
  std::printf(
      "| %s | %d | %lld | %.1f s (%.0f lines/s) | %.1f s (%.0f/s) | %.2f | %.1f s | %lld | %s |\n",
      name, lines, static_cast<long long>(r.lines), r.settle_s, r.lines / r.settle_s, r.reference_s,
      hit / r.reference_s, r.settle_s / r.reference_s, r.again_s,
      static_cast<long long>(r.postings), r.books_ok ? "yes" : "NO");
  std::fflush(stdout);
}

}  // namespace
}  // namespace sangsaeng::outage

int main(int argc, char** argv) {
  using namespace sangsaeng;
  int lines = 1'000'000, hit = 200'000;
  bool sqlite_only = false, postgres_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--lines") == 0 && i + 1 < argc) lines = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--hit") == 0 && i + 1 < argc) hit = std::atoi(argv[++i]);
    sqlite_only |= std::strcmp(argv[i], "--sqlite") == 0;
    postgres_only |= std::strcmp(argv[i], "--postgres") == 0;
  }
  std::printf(
      "| database | lines | lines hit | settle | reference (ledger, batched) | settle / reference "
      "| settle again | postings | books verify |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
  try {
    if (!postgres_only) {
      print("SQLite", lines, hit,
            outage::run("SQLite", testing::temp_sqlite_url(), testing::temp_sqlite_url(), lines,
                        hit));
    }
    if (!sqlite_only) {
      testing::TempPostgres pg;
      print("PostgreSQL", lines, hit,
            outage::run("PostgreSQL", pg.create_database("outage_bench"),
                        pg.create_database("outage_bench_ref"), lines, hit));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "outage_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
