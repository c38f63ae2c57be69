#include "core/time.h"

#include <gtest/gtest.h>

namespace sangsaeng {

TEST(Time, FormatsInSeoulByDefault) {
  // 2026-12-02T01:00:00Z is Wednesday 10:00 in Seoul.
  const UnixMicros t = micros_from_civil({2026, 12, 2, 1, 0, 0, 0}, 0);
  EXPECT_EQ(format_rfc3339(t), "2026-12-02T10:00:00+09:00");
  EXPECT_EQ(format_rfc3339(t, 0), "2026-12-02T01:00:00Z");
  EXPECT_EQ(weekday(t, kSeoulOffsetMinutes), 3);  // Wednesday
  EXPECT_EQ(format_rfc3339(t + 5, 0), "2026-12-02T01:00:00.000005Z");
}

TEST(Time, ParseRoundTripsAndHonoursOffsets) {
  auto a = parse_rfc3339("2026-12-02T10:00:00+09:00");
  auto b = parse_rfc3339("2026-12-02T01:00:00Z");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  auto c = parse_rfc3339("2026-12-01T20:00:00.5-05:00");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, *b + kMicrosPerSecond / 2);
  EXPECT_EQ(parse_rfc3339(format_rfc3339(*c)), c);
}

TEST(Time, RejectsInvalidInstants) {
  for (const char* bad :
       {"", "2026-12-02", "2026-12-02T10:00:00", "2026-02-30T10:00:00Z", "2026-12-02T24:00:00Z",
        "2026-13-02T10:00:00Z", "2026-12-02T10:00:00+9:00", "2026-12-02T10:00:00Zjunk", "yesterday",
        "2026-12-02T10:00:00.Z"})
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
}

TEST(Time, BeforeEpochAndLeapDays) {
  const UnixMicros t = micros_from_civil({1969, 12, 31, 23, 59, 59, 0}, 0);
  EXPECT_EQ(t, -kMicrosPerSecond);
  EXPECT_EQ(civil_from_micros(t, 0), (CivilTime{1969, 12, 31, 23, 59, 59, 0}));
  EXPECT_TRUE(parse_date("2028-02-29").has_value());
  EXPECT_FALSE(parse_date("2026-02-29").has_value());
  EXPECT_EQ(format_date(*parse_date("2026-01-05")), "2026-01-05");
}

}  // namespace sangsaeng
