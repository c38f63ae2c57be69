// `ledger verify` and `ledger export` through CLI11, as main wires them.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ledger/cli/ledger_command.h"
#include "ledger/engine.h"
#include "ledger/store.h"
#include "support/store_fixture.h"

namespace sangsaeng::ledger {
namespace {

class LedgerCliTest : public testing::StoreTest {
 protected:
  int run(std::vector<std::string> args) {
    CLI::App app("sangsaeng");
    int exit_code = -1;
    add_ledger_commands(
        app, [this] { return store::Db::open({.url = url_, .pool_size = 1}); }, exit_code);
    std::vector<const char*> argv{"sangsaeng"};
    for (const auto& a : args) argv.push_back(a.c_str());
    app.parse(static_cast<int>(argv.size()), argv.data());
    return exit_code;
  }
};

TEST_P(LedgerCliTest, VerifyExitsZeroOnGoodBooksAndOneOnTampering) {
  {
    Engine engine(*db_);
    Account a;
    a.id = 1;
    a.ledger = kLedgerKrw;
    a.code = 1;
    a.owner_ref = "x";
    Account b = a;
    b.id = 2;
    ASSERT_TRUE(engine.create_accounts({a, b}).get().ok());
    Transfer t;
    t.id = 10;
    t.debit_account_id = 1;
    t.credit_account_id = 2;
    t.amount = 5;
    t.ledger = kLedgerKrw;
    t.code = 1;
    ASSERT_TRUE(engine.create_transfers({t}).get().ok());
  }
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(run({"ledger", "verify"}), 0);
  EXPECT_NE(::testing::internal::GetCapturedStdout().find("books verify"), std::string::npos);
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(
      run({"ledger", "export", "--from", "2000-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z"}),
      0);
  EXPECT_NE(::testing::internal::GetCapturedStdout().find("seq,id,timestamp"), std::string::npos);
  db_->write([](soci::session& s) {
    s << "DROP TRIGGER ledger_transfers_no_update";
    s << "UPDATE ledger_transfers SET amount = 6 WHERE id = 10";
  });
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run({"ledger", "verify"}), 1);
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("transfer 10"), std::string::npos);
}

// An outsider with only the published journal (no database) reaches the head the public page
// shows; a changed amount, a dropped entry or a head the books never had fails.
TEST_P(LedgerCliTest, APublishedJournalVerifiesWithoutTheDatabaseAndReachesTheHead) {
  std::string head;
  {
    Engine engine(*db_);
    std::vector<Account> accounts;
    for (Id id : {1, 2, 3}) {
      accounts.push_back({.id = id,
                          .ledger = kLedgerKrw,
                          .code = 1,
                          .owner_kind = OwnerKind::charity,
                          .owner_ref = "org, \"quoted\"\n" + std::to_string(id),
                          .flags = id == 1 ? 0u : account_flags::kDebitsMustNotExceedCredits});
    }
    ASSERT_TRUE(engine.create_accounts(accounts).get().ok());
    namespace tf = transfer_flags;
    std::vector<Transfer> transfers = {
        {.id = 10,
         .debit_account_id = 1,
         .credit_account_id = 2,
         .amount = 500,
         .ledger = kLedgerKrw,
         .code = 1,
         .reference = "grant, \"a\""},
        {.id = 11,
         .debit_account_id = 2,
         .credit_account_id = 3,
         .amount = 200,
         .ledger = kLedgerKrw,
         .code = 2,
         .flags = tf::kPending,
         .timeout_s = 3600,
         .reference = ""},
        {.id = 12, .pending_id = 11, .flags = tf::kPostPending, .reference = ""}};
    for (auto& t : transfers) {
      auto r = engine.create_transfers({t}).get();
      ASSERT_TRUE(r.ok());
      ASSERT_TRUE(succeeded(r.value()[0].code)) << to_string(r.value()[0].code);
    }
    ASSERT_TRUE(engine.close_account(3).get().ok());
  }
  // The head the public page shows (GET /ledger/head, the figures' "books").
  head = db_->read([](soci::session& s) { return read_head(s, false).hash; });
  const auto dir = std::filesystem::temp_directory_path() /
                   ("ss-journal-" + std::to_string(::getpid()) + "-" +
                    std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "books.csv").string();
  ::testing::internal::CaptureStdout();
  ASSERT_EQ(run({"ledger", "publish"}), 0);
  const std::string journal = ::testing::internal::GetCapturedStdout();
  std::ofstream(path, std::ios::binary) << journal;
  // The database is gone: only the file is read.
  db_.reset();
  url_ = "sqlite:///nonexistent/dir/books.db";
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(run({"ledger", "verify", "--journal", path, "--head", head}), 0);
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("books verify: 7 entries (3 accounts, 3 transfers), head " + head),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("reached at entry 7"), std::string::npos) << out;

  auto expect_refused = [&](const std::string& text, const std::string& head_hash,
                            const std::string& named) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(run({"ledger", "verify", "--journal", path, "--head", head_hash}), 1) << named;
    ::testing::internal::GetCapturedStdout();
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find(named), std::string::npos) << err;
  };
  // A changed amount (the hash of transfer 10 no longer matches).
  std::string changed = journal;
  changed.replace(changed.find(",500,"), 5, ",501,");
  expect_refused(changed, head, "transfer 10");
  // A dropped entry.
  std::string dropped = journal;
  const auto from = dropped.find("\n5,transfer,") + 1;
  dropped.erase(from, dropped.find('\n', from) + 1 - from);
  expect_refused(dropped, head, "mismatch");
  // A head these books never had.
  expect_refused(journal, std::string(64, 'a'), "do NOT reach head");
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, LedgerCliTest, ::testing::Values(store::Dialect::sqlite),
                         testing::dialect_name);

}  // namespace
}  // namespace sangsaeng::ledger
