// Randomized tests: thousands of random batches (duplicates, linked chains with one bad
// member, pendings that time out, ...) checked against the simple reference model in
// model.h. After every step: every result code is the model's, total debits equal total
// credits per ledger, flagged accounts never cross zero, every balance is the model's.
// LEDGER_RANDOM_STEPS overrides the number of batches (smaller under sanitizers).
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>

#include "ledger/engine.h"
#include "ledger/queries.h"
#include "ledger/rules.h"
#include "ledger/verify.h"
#include "model.h"
#include "support/store_fixture.h"

namespace sangsaeng::ledger {
namespace {

constexpr UnixMicros kStart = 1'800'000'000LL * kMicrosPerSecond;

int steps(int release_default) {
  if (const char* env = std::getenv("LEDGER_RANDOM_STEPS")) return std::atoi(env);
#ifdef NDEBUG
  return release_default;
#else
  return release_default / 10;
#endif
}

std::vector<Account> model_accounts() {
  std::vector<Account> out;
  for (const auto& [id, ledger, flags] : testing::Generator::accounts()) {
    Account a;
    a.id = id;
    a.ledger = ledger;
    a.code = 1;
    a.owner_ref = "o" + std::to_string(id);
    a.flags = flags;
    a.owner_kind = testing::Generator::owner(id);
    out.push_back(a);
  }
  return out;
}

// Invariants of the real state, independent of the model.
void expect_books_balance(const State& state, int step) {
  std::map<LedgerId, Balances> totals;
  for (const auto& [id, a] : state.accounts) {
    const Balances& b = a.balances;
    Balances& t = totals[a.account.ledger];
    t.debits_pending += b.debits_pending;
    t.debits_posted += b.debits_posted;
    t.credits_pending += b.credits_pending;
    t.credits_posted += b.credits_posted;
    if (a.account.flags & account_flags::kDebitsMustNotExceedCredits) {
      ASSERT_LE(b.debits_pending + b.debits_posted, b.credits_posted)
          << "account " << id << " step " << step;
    }
    if (a.account.flags & account_flags::kCreditsMustNotExceedDebits) {
      ASSERT_LE(b.credits_pending + b.credits_posted, b.debits_posted)
          << "account " << id << " step " << step;
    }
  }
  for (const auto& [ledger, t] : totals) {
    ASSERT_EQ(t.debits_posted, t.credits_posted) << "ledger " << ledger << " step " << step;
    ASSERT_EQ(t.debits_pending, t.credits_pending) << "ledger " << ledger << " step " << step;
  }
}

TEST(LedgerRandom, RulesAgreeWithTheModel) {
  std::set<ResultCode> seen;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    testing::Generator gen(seed);
    testing::Model model;
    State state;
    state.ledgers = {kLedgerKrw, kLedgerCredit};
    Known journal;  // everything stored so far, as the store would answer
    UnixMicros now = kStart;
    {
      Batch b(state, journal, now);
      for (const auto& r : b.create_accounts(model_accounts())) ASSERT_EQ(r.code, ResultCode::ok);
      b.commit_to(state);
      for (const auto& a : model_accounts()) model.open(a.id, a.ledger, a.flags, a.owner_kind);
    }
    const int n = steps(20000) / 3;
    for (int step = 0; step < n; ++step) {
      now += gen.advance_us();
      const std::vector<Transfer> ts = gen.batch();
      model.expire(now);
      const std::vector<ResultCode> expected = model.batch(ts, now);
      Batch b(state, journal, now);
      b.expire_due(1000);
      const auto results = b.create_transfers(ts);
      b.commit_to(state);
      for (const auto& e : b.transfer_entries()) {
        journal.transfers[e.transfer.id] = e.transfer;
        if (e.transfer.pending_id) journal.resolutions[e.transfer.pending_id] = e.transfer.flags;
      }
      for (std::size_t i = 0; i < ts.size(); ++i) {
        ASSERT_EQ(to_string(results[i].code), to_string(expected[i]))
            << "seed " << seed << " step " << step << " event " << i;
        seen.insert(results[i].code);
      }
      expect_books_balance(state, step);
      for (const auto& [id, a] : model.accounts)
        ASSERT_EQ(state.accounts.at(id).balances, a.b) << "account " << id;
    }
  }
  // The generator reaches the interesting outcomes (so agreeing with the model means something).
  using R = ResultCode;
  for (R code : {R::ok, R::exists, R::exists_with_different_fields, R::linked_event_failed,
                 R::exceeds_credits, R::exceeds_debits, R::pending_transfer_expired,
                 R::pending_transfer_already_posted, R::pending_transfer_already_voided,
                 R::exceeds_pending_transfer_amount, R::pending_transfer_not_found,
                 R::pending_transfer_has_different_amount, R::debit_account_not_found,
                 R::accounts_must_have_the_same_ledger, R::amount_must_be_positive,
                 R::accounts_must_be_different, R::credit_must_go_to_a_cause})
    EXPECT_TRUE(seen.contains(code)) << to_string(code);
}

class LedgerRandomEngineTest : public sangsaeng::testing::StoreTest {};

TEST_P(LedgerRandomEngineTest, EngineAgreesWithTheModelAndTheBooksVerify) {
  std::atomic<UnixMicros> now{kStart};
  EngineOptions options;
  options.clock = [&] { return now.load(); };
  auto engine = std::make_unique<Engine>(*db_, options);
  const auto opened = engine->create_accounts(model_accounts()).get();
  ASSERT_TRUE(opened.ok());
  for (const auto& r : opened.value()) ASSERT_EQ(r.code, ResultCode::ok);
  testing::Generator gen(42);
  testing::Model model;
  for (const auto& a : model_accounts()) model.open(a.id, a.ledger, a.flags, a.owner_kind);
  const int n = steps(GetParam() == store::Dialect::sqlite ? 600 : 80);
  for (int step = 0; step < n; ++step) {
    now += gen.advance_us();
    const std::vector<Transfer> ts = gen.batch();
    model.expire(now);
    const auto expected = model.batch(ts, now);
    if (step % 97 == 50)
      engine = std::make_unique<Engine>(*db_, options);  // restart: state from the database
    const auto results = engine->create_transfers(ts).get();
    ASSERT_TRUE(results.ok());
    for (std::size_t i = 0; i < ts.size(); ++i)
      ASSERT_EQ(to_string(results.value()[i].code), to_string(expected[i]))
          << "step " << step << " event " << i;
  }
  engine.reset();
  for (const auto& [id, a] : model.accounts) {
    const auto view = db_->read([&](soci::session& s) { return find_account(s, id); });
    ASSERT_TRUE(view);
    EXPECT_EQ(view->balances, a.b) << "account " << id;
  }
  const VerifyReport report = verify(*db_);
  EXPECT_TRUE(report.ok()) << describe(report);
  EXPECT_GT(report.transfers, n / 2);
}

INSTANTIATE_STORE_TESTS(LedgerRandomEngineTest);

}  // namespace
}  // namespace sangsaeng::ledger
