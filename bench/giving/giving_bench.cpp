// giving_bench [--customers N] [--per-batch N] [--sqlite | --postgres]: the year-end settlement of
// N customers' happiness credit (default 1,000,000) through GivingService, next to the ledger's raw
// batched rate for the same number of transfers measured in the same run, and the memory the
// process holds per customer credit account.
//
//   setup:     N customer credit accounts opened and credited (one accrual each, 100..2,999
//              points) straight through ledger::Engine in batches; three causes with the
//              default split 50/30/20 (every customer takes it, so each gives three transfers).
//   settle:    GivingService::settle to now, every batch: plan (statements, payments, a notice
//              per customer), post, mark posted. Then again (nothing changes).
//   reference: on a database of its own, as many transfers as the settlement posted, between
//              accounts opened beforehand, in batches of 8,190 submitted back to back (what a
//              settlement can never beat).
// Memory: the resident set after the accounts are opened and credited, less before, per
// account (the books keep every account with its balances in memory), and the settlement's
// peak over that. Aim (issue 17): settle within 2x the reference.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "giving/service.h"
#include "ledger/engine.h"
#include "ledger/verify.h"
#include "store/migrations.h"
#include "support/temp_postgres.h"

namespace sangsaeng::giving {
namespace {

constexpr std::size_t kBatch = ledger::kBatchEventsMax;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A kB figure of /proc/self/status ("VmRSS", "VmHWM"), in bytes.
long status_bytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field) + 1) * 1024;
  }
  return 0;
}

template <class F>
void wait_all(std::vector<F>& futures, const char* what) {
  for (auto& f : futures) {
    auto r = f.get();
    if (!r.ok()) throw std::runtime_error(std::string(what) + ": " + r.status().message());
    for (const auto& one : r.value())
      if (!ledger::succeeded(one.code)) throw std::runtime_error(std::string(what) + " refused");
  }
  futures.clear();
}

// The customers as users (their notices name them), in multi-row INSERTs of 1,000.
void insert_users(store::Db& db, int customers) {
  constexpr int kRowsPerStatement = 1'000, kRowsPerCommit = 20'000;
  for (int first = 1; first <= customers; first += kRowsPerCommit) {
    db.write([&](soci::session& s) {
      const int last = std::min(customers + 1, first + kRowsPerCommit);
      for (int from = first; from < last; from += kRowsPerStatement) {
        std::string sql =
            "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ";
        for (int k = from; k < std::min(last, from + kRowsPerStatement); ++k) {
          sql += (k == from ? "(" : ",(") + std::to_string(k) + ",'c" + std::to_string(k) +
                 "@bench','고객','x',0)";
        }
        s << sql;
      }
    });
  }
}

// N customers' credit accounts, each credited from the program's issued credit.
void earn(ledger::Engine& engine, int customers) {
  const Id issued = 9'000'000'000LL;
  auto opened = engine
                    .create_accounts({{.id = issued,
                                       .ledger = ledger::kLedgerCredit,
                                       .code = kIssuedCredit,
                                       .owner_kind = ledger::OwnerKind::program,
                                       .owner_ref = "credit"}})
                    .get();
  if (!opened.ok()) throw std::runtime_error("issued account");
  std::vector<std::future<Result<std::vector<ledger::AccountResult>>>> accounts_done;
  std::vector<std::future<Result<std::vector<ledger::TransferResult>>>> transfers_done;
  for (int first = 0; first < customers; first += static_cast<int>(kBatch)) {
    const int count = std::min(static_cast<int>(kBatch), customers - first);
    std::vector<ledger::Account> accounts;
    std::vector<ledger::Transfer> transfers;
    for (int i = 0; i < count; ++i) {
      const Id customer = first + i + 1;
      accounts.push_back({.id = customer,
                          .ledger = ledger::kLedgerCredit,
                          .code = kCustomerCredit,
                          .owner_kind = ledger::OwnerKind::customer,
                          .owner_ref = std::to_string(customer),
                          .flags = ledger::account_flags::kDebitsMustNotExceedCredits});
      transfers.push_back({.id = 5'000'000'000LL + customer,
                           .debit_account_id = issued,
                           .credit_account_id = customer,
                           .amount = 100 + (customer * 7919) % 2'900,
                           .ledger = ledger::kLedgerCredit,
                           .code = kAccrued,
                           .reference = "giving:purchase:" + std::to_string(customer)});
    }
    accounts_done.push_back(engine.create_accounts(std::move(accounts)));
    transfers_done.push_back(engine.create_transfers(std::move(transfers)));
    if (accounts_done.size() >= 8) {  // bounded: the engine's queue holds 4,096 commands
      wait_all(accounts_done, "accounts");
      wait_all(transfers_done, "accruals");
    }
  }
  wait_all(accounts_done, "accounts");
  wait_all(transfers_done, "accruals");
}

// `transfers` transfers between two accounts, batched, back to back, on a fresh database: the
// ledger's raw rate for the settlement's work.
double reference(const std::string& url, std::int64_t transfers) {
  auto db = store::Db::open({.url = url, .pool_size = 4});
  store::migrate(*db);
  ledger::Engine engine(*db);
  const Id source = 1, sink = 2;
  auto opened = engine
                    .create_accounts({{.id = source,
                                       .ledger = ledger::kLedgerCredit,
                                       .code = kIssuedCredit,
                                       .owner_kind = ledger::OwnerKind::program,
                                       .owner_ref = "credit"},
                                      {.id = sink,
                                       .ledger = ledger::kLedgerCredit,
                                       .code = kCauseCredit,
                                       .owner_kind = ledger::OwnerKind::charity,
                                       .owner_ref = "1"}})
                    .get();
  if (!opened.ok()) throw std::runtime_error("reference accounts");
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::future<Result<std::vector<ledger::TransferResult>>>> done;
  for (std::int64_t first = 0; first < transfers; first += static_cast<std::int64_t>(kBatch)) {
    const std::int64_t count = std::min<std::int64_t>(kBatch, transfers - first);
    std::vector<ledger::Transfer> batch;
    for (std::int64_t i = 0; i < count; ++i) {
      batch.push_back({.id = first + i + 1,
                       .debit_account_id = source,
                       .credit_account_id = sink,
                       .amount = 1,
                       .ledger = ledger::kLedgerCredit,
                       .code = kDonated,
                       .reference = "giving:settlement:1"});
    }
    done.push_back(engine.create_transfers(std::move(batch)));
    if (done.size() >= 8) wait_all(done, "reference");
  }
  wait_all(done, "reference");
  return seconds_since(t0);
}

struct Run {
  double setup_s = 0, settle_s = 0, again_s = 0, reference_s = 0;
  std::int64_t customers = 0, transfers = 0, points = 0;
  long rss_before = 0, rss_accounts = 0, peak_settle = 0;
  bool books_ok = false;
};

std::int64_t settlement_transfers(store::Db& db) {
  return db.read([](soci::session& s) {
    long long a = 0, b = 0;
    s << "SELECT COUNT(*) FROM giving_statements", soci::into(a);
    s << "SELECT COUNT(*) FROM giving_payments", soci::into(b);
    return static_cast<std::int64_t>(a + b);
  });
}

Run run(const std::string& url, const std::string& url_ref, int customers, int per_batch) {
  Run r;
  auto db = store::Db::open({.url = url, .pool_size = 4});
  store::migrate(*db);
  db->write([](soci::session& s) {
    s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (1, '독거노인', 'charity', 0), "
         "(2, '장애청소년', 'charity', 0), (3, '결식아동', 'charity', 0)";
  });
  insert_users(*db, customers);
  r.rss_before = status_bytes("VmRSS:");
  ledger::Engine engine(*db);
  GivingService giving(*db, engine, {.customers_per_batch = per_batch});
  int share = 50;
  for (Id org : {1, 2, 3}) {
    auto c = giving.add_cause(
        {.org_id = org, .name = "cause " + std::to_string(org), .default_share = share});
    if (!c.ok()) throw std::runtime_error(c.status().message());
    share = share == 50 ? 30 : 20;
  }
  const auto t_setup = std::chrono::steady_clock::now();
  earn(engine, customers);
  r.setup_s = seconds_since(t_setup);
  r.rss_accounts = status_bytes("VmRSS:");
  std::fprintf(stderr, "%d customers credited in %.1f s\n", customers, r.setup_s);

  const auto t0 = std::chrono::steady_clock::now();
  auto settled = giving.settle(now_us(), std::nullopt, 1'000'000);
  r.settle_s = seconds_since(t0);
  r.peak_settle = status_bytes("VmHWM:");
  if (!settled.ok() || !settled.value().done)
    throw std::runtime_error("the settlement did not finish");
  r.customers = settled.value().customers;
  r.points = settled.value().points;
  r.transfers = settlement_transfers(*db);
  std::fprintf(stderr, "settled %lld customers (%lld transfers) in %.1f s\n",
               static_cast<long long>(r.customers), static_cast<long long>(r.transfers),
               r.settle_s);
  const auto t1 = std::chrono::steady_clock::now();
  auto again = giving.settle(settled.value().period_end_us, std::nullopt, 1'000'000);
  r.again_s = seconds_since(t1);
  if (!again.ok() || again.value().points != r.points) throw std::runtime_error("re-run differs");
  r.reference_s = reference(url_ref, r.transfers);
  r.books_ok = ledger::verify(*db).ok();
  return r;
}

void print(const char* name, const Run& r) {
  const double settle_rate = r.transfers / r.settle_s, ref_rate = r.transfers / r.reference_s;
  std::printf(
      "| %s | %lld | %lld | %.1f s (%.0f transfers/s, %.0f customers/s) | %.1f s (%.0f/s) | "
      "%.2f | %.1f s | %.0f B | %.0f MiB |\n",
      name, static_cast<long long>(r.customers), static_cast<long long>(r.transfers), r.settle_s,
      settle_rate, r.customers / r.settle_s, r.reference_s, ref_rate, r.settle_s / r.reference_s,
      r.again_s, static_cast<double>(r.rss_accounts - r.rss_before) / r.customers,
      (r.peak_settle - r.rss_accounts) / 1048576.0);
  std::printf(
      "\n%s: %lld points donated; setup (accounts and accruals) %.1f s; books verify: %s\n\n", name,
      static_cast<long long>(r.points), r.setup_s, r.books_ok ? "yes" : "NO");
  std::fflush(stdout);
}

}  // namespace
}  // namespace sangsaeng::giving

int main(int argc, char** argv) {
  using namespace sangsaeng;
  int customers = 1'000'000;
  int per_batch = giving::GivingOptions{}.customers_per_batch;
  bool sqlite_only = false, postgres_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--customers") == 0 && i + 1 < argc) customers = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--per-batch") == 0 && i + 1 < argc) per_batch = std::atoi(argv[++i]);
    sqlite_only |= std::strcmp(argv[i], "--sqlite") == 0;
    postgres_only |= std::strcmp(argv[i], "--postgres") == 0;
  }
  if (customers < 1 || per_batch < 1) {
    std::fprintf(stderr, "giving_bench: --customers and --per-batch must be positive\n");
    return 2;
  }
  std::printf(
      "| database | customers | transfers | settle | reference (ledger, batched) | settle / "
      "reference | settle again | memory per account | settlement peak over it |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  try {
    if (!postgres_only) {
      const auto r =
          giving::run(testing::temp_sqlite_url(), testing::temp_sqlite_url(), customers, per_batch);
      giving::print("SQLite", r);
    }
    if (!sqlite_only) {
      testing::TempPostgres pg;
      const auto r = giving::run(pg.create_database("giving_bench"),
                                 pg.create_database("giving_bench_ref"), customers, per_batch);
      giving::print("PostgreSQL", r);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "giving_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
