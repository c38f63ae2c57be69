// Tampering: change, remove or re-hash one stored entry by hand (bypassing the append-only
// triggers) and `verify` names it; the triggers themselves refuse updates and deletes.
#include <gtest/gtest.h>

#include "ledger/engine.h"
#include "ledger/queries.h"
#include "ledger/store.h"
#include "ledger/verify.h"
#include "support/store_fixture.h"

namespace sangsaeng::ledger {
namespace {

namespace tf = transfer_flags;

class LedgerTamperTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Engine engine(*db_);
    std::vector<Account> accounts;
    for (Id id : {1, 2, 3}) {
      Account a;
      a.id = id;
      a.ledger = kLedgerKrw;
      a.code = 1;
      a.owner_ref = "o" + std::to_string(id);
      a.flags = id == 3 ? account_flags::kDebitsMustNotExceedCredits : 0;
      accounts.push_back(a);
    }
    ASSERT_TRUE(engine.create_accounts(accounts).get().ok());
    std::vector<Transfer> ts;
    for (Id id = 100; id < 110; ++id) {
      Transfer t;
      t.id = id;
      t.debit_account_id = id % 2 ? 1 : 2;
      t.credit_account_id = 3;
      t.amount = 10 * id;
      t.ledger = kLedgerKrw;
      t.code = 1;
      t.reference = "grant:" + std::to_string(id);
      ts.push_back(t);
    }
    const auto r = engine.create_transfers(ts).get();
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(verify(*db_).ok()) << describe(verify(*db_));
  }
  // Runs SQL with the journal's append-only triggers out of the way.
  void bypass_triggers(const std::string& sql) {
    db_->write([&](soci::session& s) {
      if (GetParam() == store::Dialect::sqlite) {
        s << "DROP TRIGGER ledger_transfers_no_update";
        s << "DROP TRIGGER ledger_transfers_no_delete";
      } else {
        s << "ALTER TABLE ledger_transfers DISABLE TRIGGER USER";
      }
      s << sql;
    });
  }
};

// Checks that do not depend on the database run on SQLite only (keeps ctest short).
class LedgerTamperSqliteTest : public LedgerTamperTest {};

TEST_P(LedgerTamperTest, TheTriggersRefuseUpdatesAndDeletes) {
  EXPECT_ANY_THROW(db_->write(
      [](soci::session& s) { s << "UPDATE ledger_transfers SET amount = 1 WHERE id = 104"; }));
  EXPECT_ANY_THROW(
      db_->write([](soci::session& s) { s << "DELETE FROM ledger_transfers WHERE id = 104"; }));
  EXPECT_ANY_THROW(db_->write(
      [](soci::session& s) { s << "UPDATE ledger_accounts SET flags = 0 WHERE id = 3"; }));
  EXPECT_TRUE(verify(*db_).ok());
}

TEST_P(LedgerTamperTest, AChangedAmountIsNamed) {
  bypass_triggers("UPDATE ledger_transfers SET amount = amount + 1 WHERE id = 104");
  const VerifyReport r = verify(*db_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.mismatch->kind, "hash");
  EXPECT_EQ(r.mismatch->entry, "transfer 104");
  EXPECT_EQ(r.mismatch->seq, 8);  // 3 accounts, then transfers 100..104
  EXPECT_NE(describe(r).find("transfer 104"), std::string::npos);
}

TEST_P(LedgerTamperSqliteTest, AChangedEntryWithARecomputedHashBreaksTheNextLink) {
  // The forger rewrites entry 104 and its hash consistently; the chain still catches it at 105.
  const auto t = db_->read([](soci::session& s) { return find_transfer(s, 104); });
  const auto prev = db_->read([](soci::session& s) {
    std::string h;
    s << "SELECT hash FROM ledger_transfers WHERE id = 103", soci::into(h);
    return h;
  });
  Transfer forged = *t;
  forged.credit_account_id = 1;
  bypass_triggers("UPDATE ledger_transfers SET credit_account_id = 1, hash = '" +
                  hash_transfer(prev, forged) + "' WHERE id = 104");
  const VerifyReport r = verify(*db_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.mismatch->kind, "hash");
  EXPECT_EQ(r.mismatch->entry, "transfer 105");
}

TEST_P(LedgerTamperTest, ARemovedEntryIsNamed) {
  bypass_triggers("DELETE FROM ledger_transfers WHERE id = 106");
  const VerifyReport r = verify(*db_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.mismatch->kind, "sequence");
  EXPECT_EQ(r.mismatch->entry, "transfer 107");
}

TEST_P(LedgerTamperSqliteTest, AChangedBalanceIsNamed) {
  db_->write([](soci::session& s) {
    s << "UPDATE ledger_balances SET credits_posted = credits_posted + 5 WHERE account_id = 3";
  });
  const VerifyReport r = verify(*db_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.mismatch->kind, "balance");
  EXPECT_EQ(r.mismatch->entry, "account 3");
}

TEST_P(LedgerTamperSqliteTest, AnAppendedForgeryBreaksARule) {
  // A forged entry appended with a correct hash still has to obey the rules: account 3 may
  // not pay out more than it received.
  const Head head = db_->read([](soci::session& s) { return read_head(s, false); });
  Transfer t;
  t.seq = head.seq + 1;
  t.id = 999;
  t.debit_account_id = 3;
  t.credit_account_id = 1;
  t.amount = 1'000'000;
  t.ledger = kLedgerKrw;
  t.code = 1;
  t.timestamp_us = head.timestamp_us;
  const std::string hash = hash_transfer(head.hash, t);
  db_->write([&](soci::session& s) {
    insert_transfer_entries(s, std::vector<TransferEntry>{{t, hash}});
    s << "UPDATE ledger_head SET seq = seq + 1, hash = '" + hash + "'";
  });
  const VerifyReport r = verify(*db_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.mismatch->kind, "rule");
  EXPECT_EQ(r.mismatch->entry, "transfer 999");
  EXPECT_NE(r.mismatch->message.find("below zero"), std::string::npos);
}

TEST_P(LedgerTamperSqliteTest, AnEntryDatedBeforeTheOneBeforeItBreaksARule) {
  // The export finds a period through the time index, trusting that the writer never dates an
  // entry before the one before it; verify holds it to that.
  const Head head = db_->read([](soci::session& s) { return read_head(s, false); });
  Transfer t;
  t.seq = head.seq + 1;
  t.id = 999;
  t.debit_account_id = 1;
  t.credit_account_id = 2;
  t.amount = 1;
  t.ledger = kLedgerKrw;
  t.code = 1;
  t.timestamp_us = head.timestamp_us - 1;
  const std::string hash = hash_transfer(head.hash, t);
  db_->write([&](soci::session& s) {
    insert_transfer_entries(s, std::vector<TransferEntry>{{t, hash}});
    s << "UPDATE ledger_head SET seq = seq + 1, hash = '" + hash + "'";
  });
  const VerifyReport r = verify(*db_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.mismatch->kind, "rule");
  EXPECT_EQ(r.mismatch->entry, "transfer 999");
  EXPECT_EQ(r.mismatch->message, "is dated before the transfer before it");
}

INSTANTIATE_STORE_TESTS(LedgerTamperTest);
INSTANTIATE_TEST_SUITE_P(Sqlite, LedgerTamperSqliteTest, ::testing::Values(store::Dialect::sqlite),
                         testing::dialect_name);

}  // namespace
}  // namespace sangsaeng::ledger
