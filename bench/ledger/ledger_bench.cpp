// ledger_bench [--quick] [--sqlite | --postgres]: durable ledger throughput next to the storage
// limit.
//
// For each database (SQLite in a temp dir; a PostgreSQL it starts itself, fsync on) and each
// batch size (1, 100, 8,000 transfers per request; plus 1 with many requests in flight, which
// the engine groups into one commit), it measures:
//   ledger: transfers/s through Engine::create_transfers, each request acknowledged only
//           after its durable commit (one client waits for each answer);
//   raw:    the same rows (read back from the journal) inserted into a table of the same
//           shape and indexes, one transaction per batch, same insert statement, same run.
// The ratio raw/ledger is the figure of merit (aim: <= 2 for batched).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <future>
#include <random>
#include <string>
#include <vector>

#include "ledger/engine.h"
#include "ledger/store.h"
#include "ledger/verify.h"
#include "store/migrations.h"
#include "support/temp_postgres.h"

namespace sangsaeng::ledger {
namespace {

constexpr Id kAccounts = 10'000;
constexpr const char* kRawTable = "bench_raw_transfers";
const char* kRawDdl[] = {
    "CREATE TABLE bench_raw_transfers (seq BIGINT PRIMARY KEY, id BIGINT NOT NULL UNIQUE, "
    "debit_account_id BIGINT "
    "NOT NULL, credit_account_id BIGINT NOT NULL, amount BIGINT NOT NULL, pending_id BIGINT NOT "
    "NULL, released BIGINT "
    "NOT NULL, ledger INTEGER NOT NULL, code INTEGER NOT NULL, flags INTEGER NOT NULL, timeout_s "
    "BIGINT NOT NULL, "
    "reference TEXT NOT NULL, timestamp_us BIGINT NOT NULL, hash TEXT NOT NULL)",
    "CREATE INDEX bench_raw_debit ON bench_raw_transfers(debit_account_id, seq)",
    "CREATE INDEX bench_raw_credit ON bench_raw_transfers(credit_account_id, seq)",
    "CREATE INDEX bench_raw_pending ON bench_raw_transfers(pending_id) WHERE pending_id <> 0",
    "CREATE INDEX bench_raw_time ON bench_raw_transfers(timestamp_us)",
    "CREATE INDEX bench_raw_pendings ON bench_raw_transfers(id) WHERE (flags & 2) <> 0",
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Case {
  std::size_t batch;      // transfers per request
  std::size_t requests;   // requests measured
  std::size_t in_flight;  // requests outstanding at once (1: wait for each)
};

struct Row {
  std::string db;
  Case c;
  double ledger_tps = 0, raw_tps = 0;
  double transfers_per_commit = 0;
};

class Bench {
 public:
  Bench(std::string name, std::string url)
      : name_(std::move(name)), db_(store::Db::open({.url = url, .pool_size = 4})) {
    store::migrate(*db_);
    db_->write([](soci::session& s) {
      for (const char* sql : kRawDdl) s << sql;
    });
    engine_ = std::make_unique<Engine>(*db_);
    for (Id first = 1; first <= kAccounts; first += kBatchEventsMax) {
      std::vector<Account> accounts;
      for (Id id = first; id < first + static_cast<Id>(kBatchEventsMax) && id <= kAccounts; ++id) {
        Account a;
        a.id = id;
        a.ledger = kLedgerKrw;
        a.code = 1;
        a.owner_ref = "customer:" + std::to_string(id);
        accounts.push_back(a);
      }
      if (!engine_->create_accounts(accounts).get().ok())
        throw std::runtime_error("cannot open accounts");
    }
  }

  Row run(const Case& c) {
    Row row{name_, c};
    const auto before_commits = engine_->commits();
    const std::int64_t first_seq = head_seq() + 1;
    std::vector<std::vector<Transfer>> requests;
    for (std::size_t r = 0; r < c.requests; ++r) requests.push_back(make_batch(c.batch));
    auto t0 = std::chrono::steady_clock::now();
    std::deque<std::future<Result<std::vector<TransferResult>>>> pending;
    for (auto& req : requests) {
      pending.push_back(engine_->create_transfers(std::move(req)));
      while (pending.size() >= c.in_flight) check(pending.front().get()), pending.pop_front();
    }
    while (!pending.empty()) check(pending.front().get()), pending.pop_front();
    const double ledger_s = seconds_since(t0);
    const double n = static_cast<double>(c.batch * c.requests);
    row.ledger_tps = n / ledger_s;
    row.transfers_per_commit = n / static_cast<double>(engine_->commits() - before_commits);
    row.raw_tps = n / raw_insert(first_seq, c.in_flight > 1
                                                ? static_cast<std::size_t>(row.transfers_per_commit)
                                                : c.batch);
    return row;
  }

  std::string verify_books() { return describe(verify(*db_)); }

 private:
  static void check(const Result<std::vector<TransferResult>>& r) {
    if (!r.ok()) throw std::runtime_error("ledger refused a request: " + r.status().message());
    for (const auto& t : r.value())
      if (t.code != ResultCode::ok)
        throw std::runtime_error(std::string("transfer failed: ") + std::string(to_string(t.code)));
  }

  std::int64_t head_seq() {
    return db_->read([](soci::session& s) { return read_head(s, false).seq; });
  }

  std::vector<Transfer> make_batch(std::size_t n) {
    std::vector<Transfer> out(n);
    std::uniform_int_distribution<Id> account(1, kAccounts);
    for (auto& t : out) {
      t.id = next_id_++;
      t.debit_account_id = account(rng_);
      do t.credit_account_id = account(rng_);
      while (t.credit_account_id == t.debit_account_id);
      t.amount = 1 + static_cast<Amount>(rng_() % 50'000);
      t.ledger = kLedgerKrw;
      t.code = 1;
      t.reference = "order:" + std::to_string(t.id);
    }
    return out;
  }

  // Inserts the rows the ledger wrote since first_seq into the raw table, `batch` per
  // transaction; returns the seconds the inserts took (reading them back is not timed).
  double raw_insert(std::int64_t first_seq, std::size_t batch) {
    std::vector<TransferEntry> rows = db_->read([&](soci::session& s) {
      std::vector<TransferEntry> out;
      long long from = first_seq;
      soci::rowset<soci::row> rs =
          (s.prepare << std::string("SELECT ") + kTransferColumns +
                            " FROM ledger_transfers WHERE seq >= :f ORDER BY seq",
           soci::use(from));
      for (const auto& r : rs) out.push_back({transfer_from_row(r), r.get<std::string>(13)});
      return out;
    });
    auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < rows.size(); i += batch) {
      const std::size_t n = std::min(batch, rows.size() - i);
      db_->write([&](soci::session& s) {
        insert_transfer_entries(s, std::span<const TransferEntry>(rows).subspan(i, n), kRawTable);
      });
    }
    return seconds_since(t0);
  }

  std::string name_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<Engine> engine_;
  std::mt19937_64 rng_{7};
  Id next_id_ = 1'000'000;
};

void print(const Row& r) {
  std::printf("| %-10s | %5zu | %9zu | %6zu | %9.0f | %10.0f | %11.0f | %5.2f |\n", r.db.c_str(),
              r.c.batch, r.c.requests * r.c.batch, r.c.in_flight, r.transfers_per_commit,
              r.ledger_tps, r.raw_tps, r.raw_tps / r.ledger_tps);
  std::fflush(stdout);
}

}  // namespace
}  // namespace sangsaeng::ledger

int main(int argc, char** argv) {
  using namespace sangsaeng;
  bool quick = false, sqlite_only = false, postgres_only = false;
  for (int i = 1; i < argc; ++i) {
    quick |= std::strcmp(argv[i], "--quick") == 0;
    sqlite_only |= std::strcmp(argv[i], "--sqlite") == 0;
    postgres_only |= std::strcmp(argv[i], "--postgres") == 0;
  }
  const std::size_t scale = quick ? 10 : 1;
  const std::vector<ledger::Case> cases = {{1, 1000 / scale, 1},
                                           {1, 20000 / scale, 512},
                                           {100, 200 / scale, 1},
                                           {8000, quick ? std::size_t{2} : std::size_t{10}, 1}};
  std::printf(
      "| database   | batch | transfers | flight | per commit | ledger t/s | raw rows/s | "
      "raw/ledger |\n");
  std::printf(
      "|------------|------:|----------:|-------:|-----------:|-----------:|------------:|-----:|"
      "\n");
  try {
    if (!postgres_only) {
      ledger::Bench sqlite("SQLite", testing::temp_sqlite_url());
      for (const auto& c : cases) print(sqlite.run(c));
      std::fprintf(stderr, "SQLite: %s\n", sqlite.verify_books().c_str());
    }
    if (!sqlite_only) {
      testing::TempPostgres pg;
      ledger::Bench postgres("PostgreSQL", pg.create_database("ledger_bench"));
      for (const auto& c : cases) print(postgres.run(c));
      std::fprintf(stderr, "PostgreSQL: %s\n", postgres.verify_books().c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ledger_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
