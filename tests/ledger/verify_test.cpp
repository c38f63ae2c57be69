// verify over journals longer than its batches, and Verifications: one at a time, off the
// caller's thread. The export's pages.
#include "ledger/verify.h"

#include <gtest/gtest.h>

#include <future>
#include <sstream>

#include "ledger/engine.h"
#include "ledger/queries.h"
#include "ledger/store.h"
#include "support/store_fixture.h"

namespace sangsaeng::ledger {
namespace {

namespace tf = transfer_flags;
using R = ResultCode;

Transfer xfer(Id id, Id debit, Id credit, Amount amount, std::uint32_t flags = 0) {
  Transfer t;
  t.id = id;
  t.debit_account_id = debit;
  t.credit_account_id = credit;
  t.amount = amount;
  t.ledger = kLedgerKrw;
  t.code = 1;
  t.flags = flags;
  t.reference = "r" + std::to_string(id);
  return t;
}

Account acct(Id id) {
  Account a;
  a.id = id;
  a.ledger = kLedgerKrw;
  a.code = 1;
  a.owner_kind = OwnerKind::company;
  a.owner_ref = "c" + std::to_string(id);
  return a;
}

class LedgerVerifyTest : public testing::StoreTest {
 protected:
  // `n` transfers of 1 from account 1 to 2, ids from `first`, in batches of the writer's size.
  void transfers(Engine& engine, Id first, int n) {
    for (int done = 0; done < n;) {
      std::vector<Transfer> ts;
      for (; done < n && ts.size() < kBatchEventsMax; ++done)
        ts.push_back(xfer(first + done, 1, 2, 1));
      auto r = engine.create_transfers(std::move(ts)).get();
      ASSERT_TRUE(r.ok());
      for (const auto& x : r.value()) ASSERT_EQ(x.code, R::ok);
    }
  }
};

// Accounts opened and closed between transfers, a pending resolved thousands of entries after
// it was made: the batches of the three journal tables are merged in journal order.
TEST_P(LedgerVerifyTest, AJournalLongerThanItsBatchesVerifies) {
  Engine engine(*db_);
  ASSERT_TRUE(engine.create_accounts({acct(1), acct(2)}).get().ok());
  ASSERT_EQ(engine.create_transfers({xfer(5, 1, 2, 50, tf::kPending)}).get().value()[0].code,
            R::ok);
  transfers(engine, 1'000, 9'000);
  ASSERT_TRUE(engine.create_accounts({acct(3)}).get().ok());
  Transfer post = xfer(6, 0, 0, 0, tf::kPostPending);
  post.pending_id = 5;
  post.ledger = 0;
  post.code = 0;
  ASSERT_EQ(engine.create_transfers({post}).get().value()[0].code, R::ok);
  transfers(engine, 20'000, 9'000);
  ASSERT_TRUE(engine.close_account(3).get().ok());
  transfers(engine, 40'000, 100);
  const VerifyReport r = verify(*db_);
  EXPECT_TRUE(r.ok()) << describe(r);
  EXPECT_EQ(r.accounts, 3);
  EXPECT_EQ(r.transfers, 2 + 18'100);
  EXPECT_EQ(r.entries, 3 + 1 + 2 + 18'100);
}

// A post of a pending that an earlier entry already posted, appended with a correct hash.
TEST_P(LedgerVerifyTest, APendingResolvedTwiceIsNamed) {
  {
    Engine engine(*db_);
    ASSERT_TRUE(engine.create_accounts({acct(1), acct(2)}).get().ok());
    ASSERT_TRUE(engine.create_transfers({xfer(5, 1, 2, 50, tf::kPending)}).get().ok());
    transfers(engine, 1'000, 9'000);  // the resolution falls in a later batch
    Transfer post = xfer(6, 0, 0, 0, tf::kPostPending);
    post.pending_id = 5;
    post.ledger = 0;
    post.code = 0;
    ASSERT_EQ(engine.create_transfers({post}).get().value()[0].code, R::ok);
  }
  const auto first_post = db_->read([](soci::session& s) { return find_transfer(s, 6); });
  const Head head = db_->read([](soci::session& s) { return read_head(s, false); });
  Transfer again = *first_post;
  again.id = 7;
  again.seq = head.seq + 1;
  again.timestamp_us = head.timestamp_us;
  const std::string hash = hash_transfer(head.hash, again);
  db_->write([&](soci::session& s) {
    insert_transfer_entries(s, std::vector<TransferEntry>{{again, hash}});
    s << "UPDATE ledger_head SET seq = seq + 1, hash = '" + hash + "'";
  });
  const VerifyReport r = verify(*db_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.mismatch->kind, "rule");
  EXPECT_EQ(r.mismatch->entry, "transfer 7");
  EXPECT_EQ(r.mismatch->message, "resolves a pending transfer resolved before");
}

// Pages of any size, followed by their cursors, concatenate to the one-piece export.
TEST_P(LedgerVerifyTest, ExportPagesConcatenateToTheWholePeriod) {
  UnixMicros now = 1'800'000'000LL * kMicrosPerSecond;
  Engine engine(*db_, {.clock = [&now] { return now; }});
  ASSERT_TRUE(engine.create_accounts({acct(1), acct(2)}).get().ok());
  for (Id id = 100; id < 110; ++id) {
    now += kMicrosPerSecond;
    ASSERT_TRUE(engine.create_transfers({xfer(id, 1, 2, 1)}).get().ok());
  }
  // Transfers 102..107 lie in the period.
  const UnixMicros from = now - 7 * kMicrosPerSecond, to = now - 1 * kMicrosPerSecond;
  std::ostringstream whole;
  const auto rows = db_->read([&](soci::session& s) { return export_csv(s, from, to, whole); });
  EXPECT_EQ(rows, 6);
  for (int rows_max : {1, 2, 4, 6, 7}) {
    std::ostringstream joined;
    std::int64_t after = 0, total = 0;
    int pages = 0;
    do {
      const ExportPage page = db_->read(
          [&](soci::session& s) { return export_csv_page(s, from, to, after, rows_max, joined); });
      total += page.rows;
      after = page.next_after_seq;
      ASSERT_LT(++pages, 10);
    } while (after != 0);
    EXPECT_EQ(total, 6) << rows_max;
    EXPECT_EQ(joined.str(), whole.str()) << rows_max;
    EXPECT_EQ(pages, (6 + rows_max - 1) / rows_max) << rows_max;  // no empty last page
  }
  EXPECT_NE(whole.str().find("\"r102\""), std::string::npos);
  EXPECT_NE(whole.str().find("\"r107\""), std::string::npos);
  EXPECT_EQ(whole.str().find("r101"), std::string::npos);
  EXPECT_EQ(whole.str().find("r108"), std::string::npos);
  std::ostringstream empty;
  EXPECT_EQ(db_->read([&](soci::session& s) { return export_csv(s, to + 100, to + 200, empty); }),
            0);
  EXPECT_EQ(empty.str().find("\r\n"), empty.str().size() - 2);  // the header row only
}

INSTANTIATE_STORE_TESTS(LedgerVerifyTest);

// A verification that waits until the test lets it finish.
struct HeldRun {
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Verifications::Run run() {
    return [this](const std::atomic<bool>&) {
      started.set_value();
      released.wait();
      VerifyReport report;
      report.entries = 42;
      return report;
    };
  }
};

TEST(LedgerVerifications, ASecondCallerIsRefusedWhileOneRuns) {
  HeldRun held;
  Verifications verifications(held.run());
  std::promise<Result<VerifyReport>> first;
  std::thread::id ran_on;
  ASSERT_TRUE(verifications.try_start([&](Result<VerifyReport> r) {
    ran_on = std::this_thread::get_id();
    first.set_value(std::move(r));
  }));
  held.started.get_future().wait();
  bool second_called = false;
  EXPECT_FALSE(verifications.try_start([&](Result<VerifyReport>) { second_called = true; }));
  held.release.set_value();
  const Result<VerifyReport> r = first.get_future().get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().entries, 42);
  EXPECT_NE(ran_on, std::this_thread::get_id());  // not on the caller's thread
  EXPECT_FALSE(second_called);
}

TEST(LedgerVerifications, TheNextMayStartOnceTheFirstAnswered) {
  std::atomic<int> runs{0};
  Verifications verifications([&runs](const std::atomic<bool>&) {
    ++runs;
    return VerifyReport{};
  });
  for (int i = 0; i < 3; ++i) {
    std::promise<void> answered;
    ASSERT_TRUE(verifications.try_start([&](Result<VerifyReport>) { answered.set_value(); }));
    answered.get_future().wait();
  }
  EXPECT_EQ(runs.load(), 3);
}

TEST(LedgerVerifications, DestroyingStopsTheRunningOneAndAnswersIt) {
  std::promise<void> started;
  int answers = 0;
  {
    Verifications verifications([&started](const std::atomic<bool>& stop) {
      started.set_value();
      while (!stop.load()) std::this_thread::yield();
      return VerifyReport{};
    });
    ASSERT_TRUE(verifications.try_start([&answers](Result<VerifyReport>) { ++answers; }));
    started.get_future().wait();
  }
  EXPECT_EQ(answers, 1);
}

}  // namespace
}  // namespace sangsaeng::ledger
