// The engine and the store on both databases: durable results, idempotency across restarts,
// reads, pending timeouts, back-pressure, two writers on one database.
#include "ledger/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <sstream>

#include "ledger/queries.h"
#include "ledger/store.h"
#include "ledger/verify.h"
#include "support/store_fixture.h"

namespace sangsaeng::ledger {
namespace {

namespace tf = transfer_flags;
namespace af = account_flags;
using R = ResultCode;

constexpr UnixMicros kStart = 1'800'000'000LL * kMicrosPerSecond;

Transfer xfer(Id id, Id debit, Id credit, Amount amount, std::uint32_t flags = 0) {
  Transfer t;
  t.id = id;
  t.debit_account_id = debit;
  t.credit_account_id = credit;
  t.amount = amount;
  t.ledger = kLedgerKrw;
  t.code = 1;
  t.flags = flags;
  t.reference = "order:" + std::to_string(id);
  return t;
}

Account acct(Id id, std::uint32_t flags = 0, std::string owner = "") {
  Account a;
  a.id = id;
  a.ledger = kLedgerKrw;
  a.code = 10;
  a.owner_kind = OwnerKind::customer;
  a.owner_ref = owner.empty() ? "user:" + std::to_string(id) : owner;
  a.flags = flags;
  return a;
}

class LedgerEngineTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    start();
    auto r = engine_
                 ->create_accounts(
                     {acct(1), acct(2), acct(3, af::kDebitsMustNotExceedCredits, "shared")})
                 .get();
    ASSERT_TRUE(r.ok());
    for (const auto& a : r.value()) ASSERT_EQ(a.code, R::ok);
  }
  void start(EngineOptions options = {}) {
    engine_.reset();
    options.clock = [this] { return now_.load(); };
    engine_ = std::make_unique<Engine>(*db_, std::move(options));
  }
  std::vector<TransferResult> run(std::vector<Transfer> ts) {
    auto r = engine_->create_transfers(std::move(ts)).get();
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r.value() : std::vector<TransferResult>{};
  }
  AccountView account(Id id) {
    auto v = db_->read([&](soci::session& s) { return find_account(s, id); });
    EXPECT_TRUE(v.has_value());
    return v.value_or(AccountView{});
  }

  std::atomic<UnixMicros> now_{kStart};
  std::unique_ptr<Engine> engine_;
};

// Behaviour that does not depend on the database runs on SQLite only (keeps ctest short).
class LedgerEngineSqliteTest : public LedgerEngineTest {};

TEST_P(LedgerEngineTest, CommitsDurablyAndStoresBalances) {
  const auto r = run({xfer(100, 1, 2, 5000), xfer(101, 2, 3, 1200)});
  ASSERT_EQ(r[0].code, R::ok);
  ASSERT_EQ(r[1].code, R::ok);
  EXPECT_EQ(r[0].transfer.timestamp_us, kStart);
  EXPECT_EQ(account(2).balances, (Balances{0, 1200, 0, 5000}));
  EXPECT_EQ(account(3).balances, (Balances{0, 0, 0, 1200}));
  const auto stored = db_->read([](soci::session& s) { return find_transfer(s, 100); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, r[0].transfer);
  EXPECT_TRUE(verify(*db_).ok()) << describe(verify(*db_));
}

TEST_P(LedgerEngineTest, IdempotencyHoldsAcrossRestarts) {
  ASSERT_EQ(run({xfer(100, 1, 2, 5000)})[0].code, R::ok);
  start();  // a new engine loads the state from the database
  const auto again = run({xfer(100, 1, 2, 5000), xfer(100, 1, 2, 1)});
  EXPECT_EQ(again[0].code, R::exists);
  EXPECT_EQ(again[0].transfer.seq, 4);
  EXPECT_EQ(again[1].code, R::exists_with_different_fields);
  EXPECT_EQ(account(1).balances.debits_posted, 5000);
  auto accounts = engine_->create_accounts({acct(1)}).get();
  EXPECT_EQ(accounts.value()[0].code, R::exists);
}

TEST_P(LedgerEngineTest, PendingStateSurvivesRestartAndExpires) {
  Transfer p = xfer(200, 1, 2, 40, tf::kPending);
  p.timeout_s = 30;
  ASSERT_EQ(run({p, xfer(201, 1, 2, 7, tf::kPending)})[0].code, R::ok);
  start();
  Transfer post;
  post.id = 202;
  post.pending_id = 201;
  post.flags = tf::kPostPending;
  EXPECT_EQ(run({post})[0].code, R::ok);
  EXPECT_EQ(run({post})[0].code, R::exists);
  now_ = kStart + 31 * kMicrosPerSecond;
  auto swept = engine_->sweep().get();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept.value(), 1u);
  EXPECT_EQ(account(1).balances, (Balances{0, 7, 0, 0}));
  post.id = 203;
  post.pending_id = 200;
  EXPECT_EQ(run({post})[0].code, R::pending_transfer_expired);
  start();
  EXPECT_EQ(run({post})[0].code, R::pending_transfer_expired);  // resolution read from the journal
  post.id = 204;
  post.pending_id = 202;
  EXPECT_EQ(run({post})[0].code, R::pending_transfer_not_pending);
  EXPECT_TRUE(verify(*db_).ok()) << describe(verify(*db_));
}

TEST_P(LedgerEngineSqliteTest, IdleSweepVoidsExpiredPendings) {
  EngineOptions fast_sweep;
  fast_sweep.sweep_interval = std::chrono::milliseconds(10);
  start(fast_sweep);
  Transfer p = xfer(210, 1, 2, 40, tf::kPending);
  p.timeout_s = 1;
  ASSERT_EQ(run({p})[0].code, R::ok);
  now_ = kStart + 2 * kMicrosPerSecond;
  for (int i = 0; i < 500 && account(1).balances.debits_pending != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(account(1).balances, Balances{});
}

TEST_P(LedgerEngineTest, ClosingAnAccountIsDurable) {
  auto closed = engine_->close_account(2).get();
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed.value(), R::ok);
  EXPECT_EQ(engine_->close_account(2).get().value(), R::account_already_closed);
  start();
  EXPECT_EQ(run({xfer(300, 1, 2, 1)})[0].code, R::credit_account_closed);
  EXPECT_TRUE(account(2).closed);
  EXPECT_TRUE(verify(*db_).ok()) << describe(verify(*db_));
}

TEST_P(LedgerEngineTest, HistoryPagesBalanceAtAndExport) {
  for (int i = 0; i < 5; ++i) {
    now_ = kStart + i * kMicrosPerSecond;
    ASSERT_EQ(run({xfer(400 + i, 1, 2, 10 * (i + 1))})[0].code, R::ok);
  }
  auto page = db_->read([](soci::session& s) { return account_history(s, 2, 0, 2); });
  ASSERT_EQ(page.transfers.size(), 2u);
  EXPECT_EQ(page.transfers[0].id, 404);
  EXPECT_EQ(page.transfers[1].id, 403);
  std::vector<Id> all;
  std::int64_t cursor = 0;
  for (int guard = 0; guard < 10; ++guard) {
    page = db_->read([&](soci::session& s) { return account_history(s, 2, cursor, 2); });
    for (const auto& t : page.transfers) all.push_back(t.id);
    cursor = page.next_before_seq;
    if (cursor == 0) break;
  }
  EXPECT_EQ(all, (std::vector<Id>{404, 403, 402, 401, 400}));
  const Balances at =
      db_->read([](soci::session& s) { return balance_at(s, 2, kStart + 2 * kMicrosPerSecond); });
  EXPECT_EQ(at.credits_posted, 10 + 20 + 30);
  const Balances before = db_->read([](soci::session& s) { return balance_at(s, 2, kStart - 1); });
  EXPECT_EQ(before, Balances{});
  std::ostringstream csv;
  const auto rows = db_->read([&](soci::session& s) {
    return export_csv(s, kStart + kMicrosPerSecond, kStart + 3 * kMicrosPerSecond, csv);
  });
  EXPECT_EQ(rows, 2);
  EXPECT_NE(csv.str().find("\"order:401\""), std::string::npos);
  EXPECT_EQ(csv.str().find("order:403"), std::string::npos);
  AccountFilter by_owner;
  by_owner.owner_kind = OwnerKind::customer;
  by_owner.owner_ref = "shared";
  auto owned = db_->read([&](soci::session& s) { return list_accounts(s, by_owner); });
  ASSERT_EQ(owned.size(), 1u);
  EXPECT_EQ(owned[0].account.id, 3);
  AccountFilter after_first;
  after_first.after_id = 1;
  after_first.limit = 5;
  auto all_accounts = db_->read([&](soci::session& s) { return list_accounts(s, after_first); });
  EXPECT_EQ(all_accounts.size(), 2u);
}

TEST_P(LedgerEngineSqliteTest, AFullQueueAnswersAtOnce) {
  EngineOptions small_queue;
  small_queue.queue_depth_max = 2;
  start(small_queue);
  std::latch release(1);
  std::atomic<bool> in_callback{false};
  engine_->submit_transfers({xfer(500, 1, 2, 1)}, [&](auto) {
    in_callback = true;
    release.wait();  // holds the writer so the queue fills
  });
  while (!in_callback) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto a = engine_->create_transfers({xfer(501, 1, 2, 1)});
  auto b = engine_->create_transfers({xfer(502, 1, 2, 1)});
  auto c = engine_->create_transfers({xfer(503, 1, 2, 1)}).get();
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::resource_exhausted);
  release.count_down();
  EXPECT_TRUE(a.get().ok());
  EXPECT_TRUE(b.get().ok());
  std::vector<Transfer> too_many(kBatchEventsMax + 1, xfer(600, 1, 2, 1));
  auto d = engine_->create_transfers(too_many).get();
  EXPECT_EQ(d.status().code(), Code::invalid_argument);
}

TEST_P(LedgerEngineSqliteTest, AFailedCommitLeavesMemoryAsTheDatabase) {
  ASSERT_EQ(run({xfer(750, 1, 2, 5)})[0].code, R::ok);
  // A row in the way of the next entry makes the next commit fail inside the transaction.
  const Head head = db_->read([](soci::session& s) { return read_head(s, false); });
  Transfer rogue = xfer(9999, 1, 2, 1);
  rogue.seq = head.seq + 1;
  db_->write([&](soci::session& s) {
    insert_transfer_entries(s, std::vector<TransferEntry>{{rogue, kGenesisHash}});
  });
  auto failed = engine_->create_transfers({xfer(751, 1, 2, 7)}).get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Code::unavailable);
  db_->write([](soci::session& s) {
    s << "DROP TRIGGER ledger_transfers_no_delete";
    s << "DELETE FROM ledger_transfers WHERE id = 9999";
  });
  // The failed transfer left no trace in memory: retried, it applies once.
  ASSERT_EQ(run({xfer(751, 1, 2, 7)})[0].code, R::ok);
  EXPECT_EQ(account(1).balances.debits_posted, 12);
  EXPECT_TRUE(verify(*db_).ok()) << describe(verify(*db_));
}

TEST_P(LedgerEngineTest, TwoWritersOnOneDatabaseTakeTurns) {
  EngineOptions other_options;
  other_options.clock = [this] { return now_.load(); };
  Engine other(*db_, other_options);
  ASSERT_EQ(run({xfer(700, 1, 2, 5)})[0].code, R::ok);
  auto r = other.create_transfers({xfer(701, 1, 2, 6), xfer(700, 1, 2, 5)})
               .get();  // stale: reloads, retries
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0].code, R::ok);
  EXPECT_EQ(r.value()[1].code, R::exists);
  ASSERT_EQ(run({xfer(702, 1, 2, 7)})[0].code, R::ok);
  EXPECT_EQ(account(1).balances.debits_posted, 18);
  EXPECT_TRUE(verify(*db_).ok()) << describe(verify(*db_));
}

// Callers that queue while the writer works on a commit share the next one: the writer is
// held (its clock waits) with one caller's group, 200 callers queue meanwhile, and once it
// goes on they all commit in one group.
TEST_P(LedgerEngineTest, CallersQueuedMeanwhileShareTheNextCommit) {
  engine_.reset();
  std::promise<void> held, release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> armed{false};
  EngineOptions options;
  options.sweep_interval = std::chrono::hours(1);  // no idle sweep reads the clock meanwhile
  options.clock = [&] {
    if (armed.exchange(false)) {
      held.set_value();
      released.wait();
    }
    return now_.load();
  };
  Engine engine(*db_, options);
  const std::uint64_t before = engine.commits();
  armed = true;
  auto first = engine.create_transfers({xfer(799, 1, 2, 1)});
  held.get_future().wait();  // the writer took the first caller's group and waits
  std::vector<std::future<Result<std::vector<TransferResult>>>> futures;
  for (int i = 0; i < 200; ++i)
    futures.push_back(engine.create_transfers({xfer(800 + i, 1, 2, 1)}));
  release.set_value();
  ASSERT_TRUE(first.get().ok());
  for (auto& f : futures) {
    auto r = f.get();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value()[0].code, R::ok);
  }
  EXPECT_EQ(engine.commits() - before, 2u);  // the first alone, then the 200 together
  EXPECT_EQ(account(2).balances.credits_posted, 201);
}

// A group never holds more than group_events_max events: 20 queued callers of 3 transfers
// each, with groups of at most 8 events, commit in groups of 2 callers (6 events).
TEST_P(LedgerEngineTest, AGroupHoldsAtMostGroupEventsMax) {
  engine_.reset();
  std::promise<void> held, release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> armed{false};
  EngineOptions options;
  options.group_events_max = 8;
  options.sweep_interval = std::chrono::hours(1);
  options.clock = [&] {
    if (armed.exchange(false)) {
      held.set_value();
      released.wait();
    }
    return now_.load();
  };
  Engine engine(*db_, options);
  const std::uint64_t before = engine.commits();
  armed = true;
  auto first = engine.create_transfers({xfer(899, 1, 2, 1)});
  held.get_future().wait();
  std::vector<std::future<Result<std::vector<TransferResult>>>> futures;
  for (int i = 0; i < 20; ++i)
    futures.push_back(engine.create_transfers(
        {xfer(900 + 3 * i, 1, 2, 1), xfer(901 + 3 * i, 1, 2, 1), xfer(902 + 3 * i, 1, 2, 1)}));
  release.set_value();
  ASSERT_TRUE(first.get().ok());
  for (auto& f : futures) ASSERT_TRUE(f.get().ok());
  EXPECT_EQ(engine.commits() - before, 1u + 10u);
  EXPECT_EQ(account(2).balances.credits_posted, 61);
}

INSTANTIATE_STORE_TESTS(LedgerEngineTest);
INSTANTIATE_TEST_SUITE_P(Sqlite, LedgerEngineSqliteTest, ::testing::Values(store::Dialect::sqlite),
                         testing::dialect_name);

}  // namespace
}  // namespace sangsaeng::ledger
