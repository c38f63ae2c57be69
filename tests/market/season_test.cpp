// Weekly openings in Seoul time: the next Wednesday 10:00 KST, whatever the UTC day.
#include "market/season.h"

#include <gtest/gtest.h>

namespace sangsaeng::market {
namespace {

UnixMicros at(const char* text) {
  return *parse_rfc3339(text);
}

TEST(Season, EightWednesdaysAtTenInSeoul) {
  // Monday 2026-11-30 09:00 KST.
  const auto openings = weekly_openings(at("2026-11-30T09:00:00+09:00"), {}, 8);
  ASSERT_EQ(openings.size(), 8u);
  EXPECT_EQ(format_rfc3339(openings[0]), "2026-12-02T10:00:00+09:00");
  EXPECT_EQ(format_rfc3339(openings[1]), "2026-12-09T10:00:00+09:00");
  EXPECT_EQ(format_rfc3339(openings[7]), "2027-01-20T10:00:00+09:00");  // across the year
}

TEST(Season, WednesdayInSeoulWhileStillTuesdayInUtc) {
  // 2026-12-01T23:30Z is Wednesday 08:30 in Seoul: the opening is the same Seoul day.
  EXPECT_EQ(format_rfc3339(weekly_openings(at("2026-12-01T23:30:00Z"), {}, 1)[0]),
            "2026-12-02T10:00:00+09:00");
  // At 10:00 sharp the next opening is a week later (strictly after).
  EXPECT_EQ(format_rfc3339(weekly_openings(at("2026-12-02T10:00:00+09:00"), {}, 1)[0]),
            "2026-12-09T10:00:00+09:00");
  EXPECT_EQ(format_rfc3339(weekly_openings(at("2026-12-02T09:59:59+09:00"), {}, 1)[0]),
            "2026-12-02T10:00:00+09:00");
}

TEST(Season, OtherSlots) {
  // Saturdays 14:30 (a weekend market show).
  const auto s = weekly_openings(at("2026-11-29T12:00:00+09:00"), {6, 14, 30}, 2);
  EXPECT_EQ(format_rfc3339(s[0]), "2026-12-05T14:30:00+09:00");
  EXPECT_EQ(format_rfc3339(s[1]), "2026-12-12T14:30:00+09:00");
  EXPECT_TRUE(weekly_openings(0, {}, 0).empty());
}

}  // namespace
}  // namespace sangsaeng::market
