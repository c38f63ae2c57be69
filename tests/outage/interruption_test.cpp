#include "outage/interruption.h"

#include <gtest/gtest.h>

namespace sangsaeng::outage {
namespace {

constexpr UnixMicros kHour = 3600 * kMicrosPerSecond;

UnixMicros kst(int y, int mo, int d, int h = 0, int mi = 0) {
  return micros_from_civil(CivilTime{.year = y, .month = mo, .day = d, .hour = h, .minute = mi},
                           kSeoulOffsetMinutes);
}

TEST(Interruption, OverlappingAndTouchingReportsMergeIntoOne) {
  const UnixMicros t = kst(2026, 11, 3, 10);
  EXPECT_EQ(
      merged({{t + 2 * kHour, t + 3 * kHour}, {t, t + kHour}, {t + kHour / 2, t + 2 * kHour}}),
      (std::vector<Interval>{{t, t + 3 * kHour}}));
  EXPECT_EQ(merged({{t, t + kHour}, {t + 2 * kHour, t + 3 * kHour}}),
            (std::vector<Interval>{{t, t + kHour}, {t + 2 * kHour, t + 3 * kHour}}));
  EXPECT_TRUE(merged({}).empty());
}

TEST(Interruption, MinusLeavesTheUncoveredPieces) {
  const UnixMicros t = kst(2026, 11, 3, 10);
  const std::vector<Interval> covered = {{t + kHour, t + 2 * kHour},
                                         {t + 3 * kHour, t + 4 * kHour}};
  EXPECT_EQ(minus({t, t + 5 * kHour}, covered),
            (std::vector<Interval>{
                {t, t + kHour}, {t + 2 * kHour, t + 3 * kHour}, {t + 4 * kHour, t + 5 * kHour}}));
  EXPECT_TRUE(minus({t + kHour, t + 2 * kHour}, covered).empty());
  EXPECT_EQ(minus({t, t + kHour}, {}), (std::vector<Interval>{{t, t + kHour}}));
  EXPECT_EQ(total_us(minus({t, t + 5 * kHour}, covered)), 3 * kHour);
}

TEST(Interruption, SplitsAtMidnightKstOnTheFirst) {
  // 23:00 KST on 31 January to 02:00 KST on 1 February: an hour in January, two in February
  // (at 15:00 UTC, which a split in UTC would put elsewhere).
  const auto parts = split_by_month({kst(2026, 1, 31, 23), kst(2026, 2, 1, 2)});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].month, (Month{2026, 1}));
  EXPECT_EQ(parts[0].part.length_us(), kHour);
  EXPECT_EQ(parts[1].month, (Month{2026, 2}));
  EXPECT_EQ(parts[1].part.length_us(), 2 * kHour);
  EXPECT_EQ(split_by_month({kst(2026, 3, 5), kst(2026, 3, 6)}).size(), 1u);
  EXPECT_EQ(split_by_month({kst(2025, 12, 31, 12), kst(2026, 2, 1, 12)}).size(), 3u);
}

TEST(Interruption, DaysInTheMonth) {
  EXPECT_EQ(days_in({2026, 2}), 28);
  EXPECT_EQ(days_in({2024, 2}), 29);
  EXPECT_EQ(days_in({2026, 11}), 30);
  EXPECT_EQ(days_in({2026, 12}), 31);
  EXPECT_EQ(month_of(kst(2026, 12, 1, 0, 30)), (Month{2026, 12}));  // 15:30 UTC on 30 November
}

}  // namespace
}  // namespace sangsaeng::outage
