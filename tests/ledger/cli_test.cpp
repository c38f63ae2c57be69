// `ledger verify` and `ledger export` through CLI11, as main wires them.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "ledger/cli/ledger_command.h"
#include "ledger/engine.h"
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

INSTANTIATE_TEST_SUITE_P(Sqlite, LedgerCliTest, ::testing::Values(store::Dialect::sqlite),
                         testing::dialect_name);

}  // namespace
}  // namespace sangsaeng::ledger
