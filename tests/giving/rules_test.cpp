// Accrual rules: the rate in force at the purchase's time, credit rounded down, and a
// cancellation never taking back more than is left.
#include "giving/rules.h"

#include <gtest/gtest.h>

#include <limits>

namespace sangsaeng::giving {
namespace {

TEST(Rules, RateInForceIsTheLatestStartedOne) {
  const std::vector<Rate> rates = {{.starts_at_us = 100, .rate_bp = 100},
                                   {.starts_at_us = 200, .rate_bp = 300}};
  EXPECT_EQ(rate_at(rates, 99), std::nullopt);
  EXPECT_EQ(rate_at(rates, 100), 100);
  EXPECT_EQ(rate_at(rates, 199), 100);
  EXPECT_EQ(rate_at(rates, 200), 300);
  EXPECT_EQ(rate_at(rates, 1'000'000), 300);
}

TEST(Rules, CreditIsRoundedDown) {
  EXPECT_EQ(credit_points(25'000, 100), 250);  // 1 % of 25,000 won
  EXPECT_EQ(credit_points(12'345, 300), 370);  // 370.35
  EXPECT_EQ(credit_points(99, 100), 0);
  EXPECT_EQ(credit_points(10'000, 0), 0);
  EXPECT_EQ(credit_points(10'000, 10'000), 10'000);
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(credit_points(big, 10'000), big);  // no overflow in between
}

TEST(Rules, CancellationTakesBackAtMostWhatIsLeft) {
  EXPECT_EQ(reversible_points(250, 1'000), 250);
  EXPECT_EQ(reversible_points(250, 100), 100);  // 150 already donated: it stays donated
  EXPECT_EQ(reversible_points(250, 0), 0);
  EXPECT_EQ(reversible_points(250, -5), 0);
}

TEST(Rules, RatesAreCheckedAndSorted) {
  auto ok =
      check_rates({{.starts_at_us = 200, .rate_bp = 300}, {.starts_at_us = 100, .rate_bp = 1}});
  ASSERT_FALSE(ok.error);
  EXPECT_EQ(ok.sorted.front().starts_at_us, 100);
  EXPECT_TRUE(check_rates({}).error);
  EXPECT_TRUE(check_rates({{.starts_at_us = 1, .rate_bp = 10'001}}).error);
  EXPECT_TRUE(check_rates({{.starts_at_us = 1, .rate_bp = -1}}).error);
  EXPECT_TRUE(
      check_rates({{.starts_at_us = 1, .rate_bp = 1}, {.starts_at_us = 1, .rate_bp = 2}}).error);
}

}  // namespace
}  // namespace sangsaeng::giving
