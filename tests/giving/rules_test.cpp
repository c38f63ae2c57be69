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

namespace sangsaeng::giving {
namespace {

TEST(Rules, SplitAddsUpExactlyAndFollowsTheWeights) {
  EXPECT_EQ(split(1'000, {50, 30, 20}), (std::vector<std::int64_t>{500, 300, 200}));
  EXPECT_EQ(split(10, {1, 1, 1}), (std::vector<std::int64_t>{4, 3, 3}));  // ties: the first
  EXPECT_EQ(split(7, {60, 40}), (std::vector<std::int64_t>{4, 3}));       // 4.2 and 2.8
  EXPECT_EQ(split(0, {60, 40}), (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(split(5, {0, 3}), (std::vector<std::int64_t>{0, 5}));
  for (std::int64_t points : {1, 2, 99, 12'345, 1'000'003}) {
    std::int64_t sum = 0;
    for (auto p : split(points, {33, 33, 34})) sum += p;
    EXPECT_EQ(sum, points);
  }
}

TEST(Rules, SharesMustAddUpToAHundred) {
  EXPECT_EQ(check_shares({{1, 60}, {2, 40}}), std::nullopt);
  EXPECT_TRUE(check_shares({{1, 60}, {2, 30}}));
  EXPECT_TRUE(check_shares({{1, 60}, {1, 40}}));
  EXPECT_TRUE(check_shares({{1, 100}, {2, 0}}));
  EXPECT_TRUE(check_shares({}));
}

}  // namespace
}  // namespace sangsaeng::giving
