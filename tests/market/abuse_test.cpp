// The market's abuse controls on their own: the per-address limit in the admission engine
// (held across accounts, retries and a restart; units come back with a release) and the rules
// that record suspicious patterns for managers.
#include <gtest/gtest.h>

#include "market/admission.h"
#include "market/flags.h"

namespace sangsaeng::market {
namespace {

constexpr UnixMicros kOpens = 1'800'000'000LL * kMicrosPerSecond;
constexpr UnixMicros kAt = kOpens + kMicrosPerSecond;

DropTerms terms(int per_address_limit) {
  return {.drop_id = 1,
          .opens_at_us = kOpens,
          .closes_at_us = kOpens + 3600 * kMicrosPerSecond,
          .stock = 100,
          .per_buyer_limit = 3,
          .queue_max = 100,
          .per_address_limit = per_address_limit};
}

BuyRequest req(Id buyer, int n, int units, const std::string& address) {
  return {.buyer_id = buyer,
          .idem_key = "k" + std::to_string(n),
          .units = units,
          .hold_id = buyer * 1000 + n,
          .address = address};
}

TEST(PerAddressLimit, CountsEveryAccountOnTheAddressAndNoOther) {
  Admission a(terms(5));
  EXPECT_EQ(a.buy(req(1, 1, 3, "203.0.113.1"), kAt).verdict, Verdict::admitted);
  EXPECT_EQ(a.buy(req(2, 1, 2, "203.0.113.1"), kAt).verdict, Verdict::admitted);
  // A third account on the same address: over 5; changes nothing.
  const Counts before = a.counts();
  EXPECT_EQ(a.buy(req(3, 1, 1, "203.0.113.1"), kAt).verdict, Verdict::per_address_limit);
  EXPECT_EQ(a.counts(), before);
  EXPECT_EQ(a.units_of(3), 0);
  // Another address, and requests without one, are not counted against it.
  EXPECT_EQ(a.buy(req(3, 2, 1, "203.0.113.2"), kAt).verdict, Verdict::admitted);
  EXPECT_EQ(a.buy(req(4, 1, 3, ""), kAt).verdict, Verdict::admitted);
  EXPECT_EQ(a.units_of_address("203.0.113.1"), 5);
  // A retry of an admitted request is its first answer, not a new count.
  EXPECT_EQ(a.buy(req(2, 1, 2, "203.0.113.1"), kAt).verdict, Verdict::replayed);
  EXPECT_EQ(a.units_of_address("203.0.113.1"), 5);
}

TEST(PerAddressLimit, AReleasedHoldGivesItsUnitsBackToTheAddress) {
  Admission a(terms(2));
  const auto first = a.buy(req(1, 1, 2, "198.51.100.9"), kAt);
  ASSERT_EQ(first.verdict, Verdict::admitted);
  EXPECT_EQ(a.buy(req(2, 1, 1, "198.51.100.9"), kAt).verdict, Verdict::per_address_limit);
  ASSERT_TRUE(a.release(first.hold->id));
  EXPECT_EQ(a.units_of_address("198.51.100.9"), 0);
  EXPECT_EQ(a.buy(req(2, 2, 1, "198.51.100.9"), kAt).verdict, Verdict::admitted);
}

TEST(PerAddressLimit, HoldsAcrossARestartAndIsOffAtZero) {
  Admission before(terms(4));
  const auto paid = before.buy(req(1, 1, 3, "192.0.2.5"), kAt);
  ASSERT_TRUE(before.pay(paid.hold->id));
  // The rebuild from the stored orders (with their addresses).
  Admission after(terms(4));
  Hold h = *before.find(paid.hold->id);
  after.restore({h}, false);
  EXPECT_EQ(after.units_of_address("192.0.2.5"), 3);
  EXPECT_EQ(after.buy(req(2, 1, 2, "192.0.2.5"), kAt).verdict, Verdict::per_address_limit);
  EXPECT_EQ(after.buy(req(2, 2, 1, "192.0.2.5"), kAt).verdict, Verdict::admitted);

  Admission unlimited(terms(0));
  for (Id buyer = 1; buyer <= 30; ++buyer)
    EXPECT_EQ(unlimited.buy(req(buyer, 1, 3, "192.0.2.5"), kAt).verdict, Verdict::admitted);
}

TEST(PerAddressLimit, IsAFieldErrorBelowZero) {
  EXPECT_FALSE(validate_terms(terms(-1)).ok());
  EXPECT_TRUE(validate_terms(terms(0)).ok());
}

TEST(AbuseWatch, ManyAccountsOnOneAddressAreFlaggedOnce) {
  AbuseWatch w({.accounts_per_address = 3});
  EXPECT_FALSE(w.admitted(1, "203.0.113.7"));
  EXPECT_FALSE(w.admitted(1, "203.0.113.7"));  // the same account again is not a new one
  EXPECT_FALSE(w.admitted(2, "203.0.113.7"));
  EXPECT_FALSE(w.admitted(3, ""));  // no address: not watched
  const auto flag = w.admitted(3, "203.0.113.7");
  ASSERT_TRUE(flag);
  EXPECT_EQ(flag->kind, "shared-address");
  EXPECT_EQ(flag->subject, "203.0.113.7");
  EXPECT_FALSE(flag->buyer_id);
  EXPECT_FALSE(w.admitted(4, "203.0.113.7"));  // once per drop and address
  EXPECT_FALSE(w.admitted(5, "203.0.113.8"));
}

TEST(AbuseWatch, RepeatedLimitRefusalsFlagTheAccountOnce) {
  AbuseWatch w({.refusals_per_account = 3});
  EXPECT_FALSE(w.refused_by_limit(42));
  EXPECT_FALSE(w.refused_by_limit(42));
  EXPECT_FALSE(w.refused_by_limit(7));
  const auto flag = w.refused_by_limit(42);
  ASSERT_TRUE(flag);
  EXPECT_EQ(flag->kind, "repeated-refusals");
  EXPECT_EQ(flag->subject, "account:42");
  EXPECT_EQ(flag->buyer_id, Id{42});
  EXPECT_FALSE(w.refused_by_limit(42));
}

TEST(AbuseWatch, DeclinedPaymentsInARowAreFlaggedAndAnApprovalStartsAgain) {
  AbuseWatch w({.declines_in_a_row = 3});
  EXPECT_FALSE(w.payment(9, true));
  EXPECT_FALSE(w.payment(9, true));
  EXPECT_FALSE(w.payment(9, false));  // approved: the count starts again
  EXPECT_FALSE(w.payment(9, true));
  EXPECT_FALSE(w.payment(9, true));
  const auto flag = w.payment(9, true);
  ASSERT_TRUE(flag);
  EXPECT_EQ(flag->kind, "declined-payments");
  EXPECT_EQ(flag->buyer_id, Id{9});
}

TEST(AbuseWatch, TracksABoundedNumberOfSubjects) {
  AbuseWatch w({.accounts_per_address = 2, .refusals_per_account = 1, .subjects_max = 2});
  EXPECT_FALSE(w.admitted(1, "a"));
  EXPECT_TRUE(w.refused_by_limit(1));
  // Full: a new address is not watched (no flag, no growth).
  EXPECT_FALSE(w.admitted(2, "b"));
  EXPECT_FALSE(w.admitted(3, "b"));
  EXPECT_FALSE(w.refused_by_limit(2));
  // Subjects already watched still are.
  EXPECT_TRUE(w.admitted(2, "a"));
}

}  // namespace
}  // namespace sangsaeng::market
