#include "core/money.h"

#include <gtest/gtest.h>

#include <climits>

namespace sangsaeng {

TEST(Money, OverflowIsReportedNotWrapped) {
  EXPECT_EQ(checked_add(1, 2), 3);
  EXPECT_FALSE(checked_add(INT64_MAX, 1).has_value());
  EXPECT_FALSE(checked_sub(INT64_MIN, 1).has_value());
  EXPECT_FALSE(checked_mul(INT64_MAX / 2 + 1, 2).has_value());
  EXPECT_EQ(checked_mul(-3, 4), -12);
}

TEST(Money, MulDivFloorsAndAvoidsIntermediateOverflow) {
  EXPECT_EQ(mul_div_floor(10001, 50, 100), 5000);  // 50 % of 10,001 won, rounded down
  EXPECT_EQ(mul_div_floor(-7, 1, 2), -4);          // floor, not truncation
  EXPECT_EQ(mul_div_floor(INT64_MAX, 3, 4), INT64_MAX / 4 * 3 + 2);  // no overflow inside
  EXPECT_FALSE(mul_div_floor(INT64_MAX, 2, 1).has_value());
}

TEST(Money, FormatsWonWithThousandsSeparators) {
  EXPECT_EQ(format_krw(0), "0원");
  EXPECT_EQ(format_krw(999), "999원");
  EXPECT_EQ(format_krw(1000), "1,000원");
  EXPECT_EQ(format_krw(1234567), "1,234,567원");
  EXPECT_EQ(format_krw(-1234567), "-1,234,567원");
  EXPECT_EQ(group_thousands(INT64_MIN), "-9,223,372,036,854,775,808");
}

}  // namespace sangsaeng
