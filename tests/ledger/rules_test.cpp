// Every rule and result code of the pure ledger rules (no database).
#include "ledger/rules.h"

#include <gtest/gtest.h>

#include <limits>

namespace sangsaeng::ledger {
namespace {

namespace tf = transfer_flags;
namespace af = account_flags;
using R = ResultCode;

constexpr UnixMicros kStart = 1'800'000'000LL * kMicrosPerSecond;

Transfer xfer(Id id, Id debit, Id credit, Amount amount, std::uint32_t flags = 0,
              LedgerId ledger = kLedgerKrw) {
  Transfer t;
  t.id = id;
  t.debit_account_id = debit;
  t.credit_account_id = credit;
  t.amount = amount;
  t.ledger = ledger;
  t.code = 1;
  t.flags = flags;
  t.reference = "order:" + std::to_string(id);
  return t;
}

Transfer resolve(Id id, Id pending_id, std::uint32_t flags, Amount amount = 0) {
  Transfer t;
  t.id = id;
  t.pending_id = pending_id;
  t.flags = flags;
  t.amount = amount;
  return t;
}

Account acct(Id id, LedgerId ledger = kLedgerKrw, std::uint32_t flags = 0) {
  Account a;
  a.id = id;
  a.ledger = ledger;
  a.code = 10;
  a.owner_kind = OwnerKind::customer;
  a.owner_ref = "user:" + std::to_string(id);
  a.flags = flags;
  return a;
}

// A charity's account on the donation-only CREDIT ledger.
Account charity(Id id) {
  Account a = acct(id, kLedgerCredit);
  a.owner_kind = OwnerKind::charity;
  return a;
}

// The rules over a simulated journal: after each batch its entries become "known", as the
// engine's store would return them.
class RulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_.ledgers = {kLedgerKrw, kLedgerCredit};
    ASSERT_EQ(open({acct(1), acct(2), acct(3, kLedgerKrw, af::kDebitsMustNotExceedCredits),
                    acct(4, kLedgerKrw, af::kCreditsMustNotExceedDebits), acct(5, kLedgerCredit),
                    charity(6)}),
              std::vector<R>(6, R::ok));
  }
  std::vector<R> open(std::vector<Account> accounts) {
    Batch b(state_, known_, now_);
    std::vector<R> codes;
    for (const auto& r : b.create_accounts(accounts)) codes.push_back(r.code);
    b.commit_to(state_);
    return codes;
  }
  void remember(const Batch& b) {
    for (const auto& e : b.transfer_entries()) {
      known_.transfers[e.transfer.id] = e.transfer;
      if (e.transfer.pending_id) known_.resolutions[e.transfer.pending_id] = e.transfer.flags;
    }
  }
  std::vector<TransferResult> run(std::vector<Transfer> ts) {
    Batch b(state_, known_, now_);
    auto results = b.create_transfers(ts);
    b.commit_to(state_);
    remember(b);
    return results;
  }
  R one(Transfer t) { return run({std::move(t)})[0].code; }
  std::size_t sweep() {
    Batch b(state_, known_, now_);
    const std::size_t n = b.expire_due(100);
    b.commit_to(state_);
    remember(b);
    return n;
  }
  const Balances& bal(Id id) { return state_.accounts.at(id).balances; }
  // Funds account 3 (debits must not exceed credits) with `amount` from account 1.
  void fund3(Amount amount) { ASSERT_EQ(one(xfer(900 + amount, 1, 3, amount)), R::ok); }

  State state_;
  Known known_;
  UnixMicros now_ = kStart;
};

TEST_F(RulesTest, PostedTransferMovesBalancesAndChainsTheHash) {
  const std::string before = state_.head.hash;
  const auto r = run({xfer(100, 1, 2, 5000)});
  ASSERT_EQ(r[0].code, R::ok);
  EXPECT_EQ(r[0].transfer.timestamp_us, kStart);
  EXPECT_EQ(r[0].transfer.seq, 7);  // six accounts opened before
  EXPECT_EQ(bal(1), (Balances{0, 5000, 0, 0}));
  EXPECT_EQ(bal(2), (Balances{0, 0, 0, 5000}));
  EXPECT_NE(state_.head.hash, before);
  EXPECT_EQ(state_.head.seq, 7);
}

TEST_F(RulesTest, SameIdSameFieldsReturnsTheFirstResultAndChangesNothing) {
  ASSERT_EQ(one(xfer(100, 1, 2, 5000)), R::ok);
  const auto again = run({xfer(100, 1, 2, 5000)});
  EXPECT_EQ(again[0].code, R::exists);
  EXPECT_EQ(again[0].transfer.seq, 7);
  EXPECT_EQ(bal(1).debits_posted, 5000);
  // Within one batch too.
  const auto twice = run({xfer(101, 1, 2, 7), xfer(101, 1, 2, 7)});
  EXPECT_EQ(twice[0].code, R::ok);
  EXPECT_EQ(twice[1].code, R::exists);
  EXPECT_EQ(bal(1).debits_posted, 5007);
}

TEST_F(RulesTest, SameIdDifferentFieldsIsRejected) {
  ASSERT_EQ(one(xfer(100, 1, 2, 5000)), R::ok);
  EXPECT_EQ(one(xfer(100, 1, 2, 5001)), R::exists_with_different_fields);
  Transfer other_ref = xfer(100, 1, 2, 5000);
  other_ref.reference = "order:other";
  EXPECT_EQ(one(other_ref), R::exists_with_different_fields);
  EXPECT_EQ(bal(1).debits_posted, 5000);
}

TEST_F(RulesTest, FieldChecksHaveTheirOwnCodes) {
  auto with = [](auto change) {
    Transfer t = xfer(200, 1, 2, 10);
    change(t);
    return t;
  };
  EXPECT_EQ(one(with([](Transfer& t) { t.id = 0; })), R::id_must_be_positive);
  EXPECT_EQ(one(with([](Transfer& t) { t.id = -5; })), R::id_must_be_positive);
  EXPECT_EQ(one(with([](Transfer& t) { t.flags = tf::kPending | tf::kPostPending; })),
            R::flags_are_invalid);
  EXPECT_EQ(one(with([](Transfer& t) { t.flags = tf::kExpired; })), R::flags_are_invalid);
  EXPECT_EQ(one(with([](Transfer& t) { t.flags = 1u << 10; })), R::flags_are_invalid);
  EXPECT_EQ(one(with([](Transfer& t) { t.debit_account_id = 0; })),
            R::debit_account_id_must_be_positive);
  EXPECT_EQ(one(with([](Transfer& t) { t.credit_account_id = -1; })),
            R::credit_account_id_must_be_positive);
  EXPECT_EQ(one(with([](Transfer& t) { t.credit_account_id = 1; })), R::accounts_must_be_different);
  EXPECT_EQ(one(with([](Transfer& t) { t.pending_id = 7; })), R::pending_id_must_be_zero);
  EXPECT_EQ(one(with([](Transfer& t) { t.timeout_s = 5; })),
            R::timeout_reserved_for_pending_transfer);
  EXPECT_EQ(one(with([](Transfer& t) { t.flags = tf::kPending, t.timeout_s = -1; })),
            R::timeout_out_of_range);
  EXPECT_EQ(
      one(with([](Transfer& t) { t.flags = tf::kPending, t.timeout_s = kTimeoutSecondsMax + 1; })),
      R::timeout_out_of_range);
  EXPECT_EQ(one(with([](Transfer& t) { t.amount = 0; })), R::amount_must_be_positive);
  EXPECT_EQ(one(with([](Transfer& t) { t.amount = -3; })), R::amount_must_be_positive);
  EXPECT_EQ(one(with([](Transfer& t) { t.ledger = 0; })), R::ledger_must_be_positive);
  EXPECT_EQ(one(with([](Transfer& t) { t.code = 0; })), R::code_must_not_be_zero);
  EXPECT_EQ(one(with([](Transfer& t) { t.reference = std::string(kReferenceCharsMax + 1, 'x'); })),
            R::reference_too_long);
  EXPECT_EQ(one(with([](Transfer& t) { t.reference = std::string(kReferenceCharsMax, 'x'); })),
            R::ok);
  EXPECT_EQ(one(xfer(201, 99, 2, 10)), R::debit_account_not_found);
  EXPECT_EQ(one(xfer(202, 1, 99, 10)), R::credit_account_not_found);
  EXPECT_EQ(one(xfer(203, 1, 5, 10)), R::accounts_must_have_the_same_ledger);
  EXPECT_EQ(one(xfer(204, 5, 6, 10, 0, kLedgerKrw)),
            R::transfer_must_have_the_same_ledger_as_accounts);
  EXPECT_EQ(one(xfer(205, 5, 6, 10, 0, kLedgerCredit)), R::ok);
}

TEST_F(RulesTest, DonationOnlyCreditGoesOnlyToACause) {
  Account other_customer = acct(7, kLedgerCredit);
  Account budget = acct(8, kLedgerCredit);
  budget.owner_kind = OwnerKind::program;
  ASSERT_EQ(open({other_customer, budget}), (std::vector<R>{R::ok, R::ok}));
  EXPECT_EQ(one(xfer(220, 8, 5, 100, 0, kLedgerCredit)), R::ok);  // earned from a program budget
  EXPECT_EQ(one(xfer(221, 5, 7, 10, 0, kLedgerCredit)),
            R::credit_must_go_to_a_cause);  // cashed or given away
  EXPECT_EQ(one(xfer(222, 5, 8, 10, tf::kPending, kLedgerCredit)),
            R::ok);                                              // donated to the program's cause
  EXPECT_EQ(one(xfer(223, 5, 6, 10, 0, kLedgerCredit)), R::ok);  // donated to a charity
  EXPECT_EQ(one(xfer(224, 1, 2, 10)), R::ok);                    // KRW is not restricted
}

TEST_F(RulesTest, ReferenceLengthCountsCharactersNotBytes) {
  Transfer t = xfer(210, 1, 2, 10);
  t.reference.clear();
  for (std::size_t i = 0; i < kReferenceCharsMax; ++i) t.reference += "\xea\xb0\x80";  // 가
  EXPECT_EQ(one(t), R::ok);
}

TEST_F(RulesTest, FlaggedAccountsNeverCrossZero) {
  EXPECT_EQ(one(xfer(300, 3, 2, 1)), R::exceeds_credits);
  fund3(100);
  EXPECT_EQ(one(xfer(301, 3, 2, 101)), R::exceeds_credits);
  EXPECT_EQ(one(xfer(302, 3, 2, 60, tf::kPending)), R::ok);
  EXPECT_EQ(one(xfer(303, 3, 2, 41)), R::exceeds_credits);  // pending debits count
  EXPECT_EQ(one(xfer(304, 3, 2, 40)), R::ok);
  EXPECT_EQ(bal(3), (Balances{60, 40, 0, 100}));
  EXPECT_EQ(one(xfer(310, 1, 4, 1)), R::exceeds_debits);
  ASSERT_EQ(one(xfer(311, 4, 1, 50)), R::ok);
  EXPECT_EQ(one(xfer(312, 1, 4, 51)), R::exceeds_debits);
  EXPECT_EQ(one(xfer(313, 1, 4, 50)), R::ok);
}

TEST_F(RulesTest, OverflowIsAResultNotAWrap) {
  const Amount max = std::numeric_limits<Amount>::max();
  ASSERT_EQ(one(xfer(400, 1, 2, max)), R::ok);
  EXPECT_EQ(one(xfer(401, 1, 2, 1)), R::overflows_balance);
  EXPECT_EQ(one(xfer(402, 6, 5, 1, 0, kLedgerCredit)), R::ok);
  EXPECT_EQ(bal(1).debits_posted, max);
}

TEST_F(RulesTest, ClosedAccountsTakeNoNewTransfersButPendingsCanBeVoided) {
  ASSERT_EQ(one(xfer(500, 1, 2, 10, tf::kPending)), R::ok);
  ASSERT_EQ(one(xfer(501, 1, 2, 10, tf::kPending)), R::ok);
  Batch b(state_, known_, now_);
  EXPECT_EQ(b.close_account(2), R::ok);
  EXPECT_EQ(b.close_account(2), R::account_already_closed);
  EXPECT_EQ(b.close_account(77), R::account_not_found);
  b.commit_to(state_);
  EXPECT_EQ(one(xfer(502, 1, 2, 10)), R::credit_account_closed);
  EXPECT_EQ(one(xfer(503, 2, 1, 10)), R::debit_account_closed);
  EXPECT_EQ(one(resolve(504, 500, tf::kPostPending)), R::credit_account_closed);
  EXPECT_EQ(one(resolve(505, 501, tf::kVoidPending)), R::ok);
}

TEST_F(RulesTest, AccountRules) {
  Account bad_ref = acct(20);
  bad_ref.owner_ref = "";
  Account long_ref = acct(21);
  long_ref.owner_ref = std::string(kOwnerRefCharsMax + 1, 'r');
  Account no_code = acct(22);
  no_code.code = 0;
  Account changed = acct(1);
  changed.code = 11;
  EXPECT_EQ(open({acct(0), acct(-1), acct(23, 9), acct(24, 1, af::kAll), acct(25, 1, 8), bad_ref,
                  long_ref, no_code, acct(1), changed, acct(26)}),
            (std::vector<R>{R::id_must_be_positive, R::id_must_be_positive, R::ledger_not_found,
                            R::flags_are_invalid, R::flags_are_invalid, R::owner_ref_invalid,
                            R::owner_ref_invalid, R::code_must_not_be_zero, R::exists,
                            R::exists_with_different_fields, R::ok}));
  EXPECT_TRUE(state_.accounts.contains(26));
}

TEST_F(RulesTest, LinkedBatchSucceedsOrFailsAsAWhole) {
  // Payment, the donation it triggers, the credit it earns; the last one is bad.
  const auto r = run(
      {xfer(600, 1, 2, 1000, tf::kLinked), xfer(601, 2, 1, 500, tf::kLinked), xfer(602, 5, 6, 10)});
  EXPECT_EQ(r[0].code, R::linked_event_failed);
  EXPECT_EQ(r[1].code, R::linked_event_failed);
  EXPECT_EQ(r[2].code, R::transfer_must_have_the_same_ledger_as_accounts);
  EXPECT_EQ(bal(1), Balances{});
  EXPECT_EQ(bal(2), Balances{});
  EXPECT_EQ(state_.head.seq, 6);
  // The same ids can be used again once fixed: nothing was stored.
  const auto ok = run({xfer(600, 1, 2, 1000, tf::kLinked), xfer(601, 2, 1, 500, tf::kLinked),
                       xfer(602, 5, 6, 10, 0, kLedgerCredit), xfer(603, 1, 2, 1)});
  for (const auto& x : ok) EXPECT_EQ(x.code, R::ok);
  EXPECT_EQ(bal(1), (Balances{0, 1001, 0, 500}));
}

TEST_F(RulesTest, LinkedChainRollsBackPendingsAndPosts) {
  ASSERT_EQ(one(xfer(650, 1, 2, 100, tf::kPending)), R::ok);
  const auto r = run({resolve(651, 650, tf::kPostPending | tf::kLinked),
                      xfer(652, 1, 2, 5, tf::kPending | tf::kLinked), xfer(653, 1, 99, 1)});
  EXPECT_EQ(r[0].code, R::linked_event_failed);
  EXPECT_EQ(r[2].code, R::credit_account_not_found);
  EXPECT_TRUE(state_.pendings.contains(650));
  EXPECT_FALSE(state_.pendings.contains(652));
  EXPECT_EQ(bal(1), (Balances{100, 0, 0, 0}));
  EXPECT_EQ(one(resolve(654, 650, tf::kPostPending)), R::ok);
}

TEST_F(RulesTest, AnUnterminatedChainIsOpen) {
  const auto r =
      run({xfer(700, 1, 2, 1), xfer(701, 1, 2, 1, tf::kLinked), xfer(702, 1, 2, 1, tf::kLinked)});
  EXPECT_EQ(r[0].code, R::ok);
  EXPECT_EQ(r[1].code, R::linked_event_failed);
  EXPECT_EQ(r[2].code, R::linked_event_chain_open);
  EXPECT_EQ(bal(1).debits_posted, 1);
}

TEST_F(RulesTest, PendingReservesThenPostsPartlyAndReleasesTheRest) {
  fund3(1000);
  ASSERT_EQ(one(xfer(800, 3, 2, 600, tf::kPending)), R::ok);
  EXPECT_EQ(bal(3), (Balances{600, 0, 0, 1000}));
  EXPECT_EQ(bal(2), (Balances{0, 0, 600, 0}));
  const auto r = run({resolve(801, 800, tf::kPostPending, 250)});
  ASSERT_EQ(r[0].code, R::ok);
  EXPECT_EQ(r[0].transfer.released, 600);
  EXPECT_EQ(r[0].transfer.debit_account_id, 3);
  EXPECT_EQ(bal(3), (Balances{0, 250, 0, 1000}));
  EXPECT_EQ(bal(2), (Balances{0, 0, 0, 250}));
  EXPECT_EQ(one(resolve(802, 800, tf::kPostPending)), R::pending_transfer_already_posted);
  EXPECT_EQ(one(resolve(803, 800, tf::kVoidPending)), R::pending_transfer_already_posted);
  // Retrying the post with the same fields returns the first result.
  EXPECT_EQ(one(resolve(801, 800, tf::kPostPending, 250)), R::exists);
}

TEST_F(RulesTest, PostWithoutAmountPostsInFullAndVoidReleases) {
  ASSERT_EQ(one(xfer(810, 1, 2, 70, tf::kPending)), R::ok);
  ASSERT_EQ(one(xfer(811, 1, 2, 30, tf::kPending)), R::ok);
  EXPECT_EQ(one(resolve(812, 810, tf::kPostPending)), R::ok);
  EXPECT_EQ(one(resolve(813, 811, tf::kVoidPending)), R::ok);
  EXPECT_EQ(bal(1), (Balances{0, 70, 0, 0}));
  EXPECT_EQ(one(resolve(814, 811, tf::kPostPending)), R::pending_transfer_already_voided);
  EXPECT_EQ(one(resolve(812, 810, tf::kPostPending)), R::exists);
}

TEST_F(RulesTest, PostAndVoidChecks) {
  ASSERT_EQ(one(xfer(820, 1, 2, 50, tf::kPending)), R::ok);
  ASSERT_EQ(one(xfer(821, 1, 2, 50)), R::ok);
  auto with = [](Transfer t, auto change) {
    change(t);
    return t;
  };
  const Transfer post = resolve(830, 820, tf::kPostPending);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.pending_id = 0; })), R::pending_id_must_be_positive);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.pending_id = 830; })),
            R::pending_id_must_be_different);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.timeout_s = 3; })),
            R::timeout_reserved_for_pending_transfer);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.amount = -1; })), R::amount_must_be_positive);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.pending_id = 999; })),
            R::pending_transfer_not_found);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.pending_id = 821; })),
            R::pending_transfer_not_pending);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.debit_account_id = 3; })),
            R::pending_transfer_has_different_debit_account_id);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.credit_account_id = 3; })),
            R::pending_transfer_has_different_credit_account_id);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.ledger = 2; })),
            R::pending_transfer_has_different_ledger);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.code = 9; })),
            R::pending_transfer_has_different_code);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.amount = 51; })),
            R::exceeds_pending_transfer_amount);
  EXPECT_EQ(one(with(post, [](Transfer& t) { t.flags = tf::kVoidPending, t.amount = 20; })),
            R::pending_transfer_has_different_amount);
  EXPECT_EQ(
      one(with(post, [](Transfer& t) { t.reference = std::string(kReferenceCharsMax + 1, 'x'); })),
      R::reference_too_long);
  // The matching fields may be given.
  EXPECT_EQ(one(with(post,
                     [](Transfer& t) {
                       t.debit_account_id = 1, t.credit_account_id = 2, t.ledger = 1, t.code = 1;
                     })),
            R::ok);
}

TEST_F(RulesTest, PendingAndPostInOneBatch) {
  const auto r = run({xfer(840, 1, 2, 9, tf::kPending), resolve(841, 840, tf::kPostPending, 4)});
  EXPECT_EQ(r[0].code, R::ok);
  EXPECT_EQ(r[1].code, R::ok);
  EXPECT_EQ(bal(2), (Balances{0, 0, 0, 4}));
  EXPECT_TRUE(state_.pendings.empty());
}

TEST_F(RulesTest, PendingExpiresAtItsTimeoutAndTheSweepVoidsIt) {
  Transfer p = xfer(850, 1, 2, 40, tf::kPending);
  p.timeout_s = 60;
  ASSERT_EQ(one(p), R::ok);
  EXPECT_EQ(state_.expiries.size(), 1u);
  now_ = kStart + 59 * kMicrosPerSecond;
  EXPECT_EQ(sweep(), 0u);
  now_ = kStart + 60 * kMicrosPerSecond;
  // Due but not yet swept: a post is refused already.
  EXPECT_EQ(one(resolve(851, 850, tf::kPostPending)), R::pending_transfer_expired);
  EXPECT_EQ(sweep(), 1u);
  EXPECT_EQ(bal(1), Balances{});
  EXPECT_TRUE(state_.expiries.empty());
  ASSERT_TRUE(known_.transfers.contains(-850));
  EXPECT_EQ(known_.transfers[-850].flags, tf::kVoidPending | tf::kExpired);
  EXPECT_EQ(one(resolve(852, 850, tf::kVoidPending)), R::pending_transfer_expired);
}

TEST_F(RulesTest, TheJournalNeverGoesBackInTime) {
  ASSERT_EQ(one(xfer(860, 1, 2, 1)), R::ok);
  now_ = kStart - kMicrosPerSecond;  // the clock stepped back
  const auto r = run({xfer(861, 1, 2, 1)});
  EXPECT_EQ(r[0].transfer.timestamp_us, kStart);
}

TEST_F(RulesTest, ADroppedBatchLeavesTheStateAsItWas) {
  const State before = state_;
  {
    Batch b(state_, known_, now_);
    b.create_transfers(std::vector<Transfer>{xfer(870, 1, 2, 5, tf::kPending)});
    EXPECT_FALSE(b.empty());
  }  // not committed
  EXPECT_EQ(state_.head.seq, before.head.seq);
  EXPECT_EQ(bal(1), Balances{});
  EXPECT_TRUE(state_.pendings.empty());
}

TEST(ApplyEffect, RefusesOverflowAndNegativePending) {
  Balances d, c;
  Transfer t = xfer(1, 1, 2, std::numeric_limits<Amount>::max());
  EXPECT_TRUE(apply_effect(t, d, c));
  t.amount = 1;
  EXPECT_FALSE(apply_effect(t, d, c));
  Transfer v = resolve(2, 3, tf::kVoidPending, 5);
  v.released = 5;
  Balances d2, c2;
  EXPECT_FALSE(apply_effect(v, d2, c2));
  EXPECT_EQ(d2, Balances{});
}

TEST(ResultNames, AreStableSnakeCase) {
  EXPECT_EQ(to_string(R::exceeds_credits), "exceeds_credits");
  EXPECT_EQ(to_string(R::pending_transfer_expired), "pending_transfer_expired");
  EXPECT_EQ(to_string(R::exists_with_different_fields), "exists_with_different_fields");
}

}  // namespace
}  // namespace sangsaeng::ledger
