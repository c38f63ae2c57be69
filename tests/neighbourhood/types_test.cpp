// Distances, the search box, codes as typed at a counter, and the caps' Seoul periods.
#include "neighbourhood/types.h"

#include <gtest/gtest.h>

#include <set>

namespace sangsaeng::neighbourhood {
namespace {

TEST(Distance, MatchesKnownGreatCircleDistances) {
  // One degree of latitude on the mean sphere is 111,195 m.
  EXPECT_NEAR(distance_m({37'000'000, 127'000'000}, {38'000'000, 127'000'000}), 111'195, 1);
  // 망원역 to 연남동's burger shop: about 1.4 km.
  EXPECT_NEAR(distance_m({37'556'094, 126'910'052}, {37'562'000, 126'924'000}), 1'394, 1);
  EXPECT_EQ(distance_m({37'556'094, 126'910'052}, {37'556'094, 126'910'052}), 0);
  // Across the antimeridian the short way round.
  EXPECT_NEAR(distance_m({0, 179'999'000}, {0, -179'999'000}), 222, 1);
}

TEST(Distance, TheSearchBoxHoldsEveryPointWithinTheRadius) {
  const Point centre{37'556'094, 126'910'052};
  const Span span = span_within(centre, 500);
  // Due north and due east at exactly 500 m lie inside the box.
  EXPECT_GE(span.lat_e6, 4'496);
  EXPECT_LE(span.lat_e6, 4'600);
  EXPECT_GT(span.lon_e6, span.lat_e6);  // a degree of longitude is shorter at 37.5° N
  EXPECT_LE(distance_m(centre, {centre.lat_e6 + span.lat_e6 - 2, centre.lon_e6}), 500.1);
  EXPECT_GE(distance_m(centre, {centre.lat_e6, centre.lon_e6 + span.lon_e6}), 500);
}

TEST(Codes, AreTypedLooselyAndStoredInOneForm) {
  EXPECT_EQ(normalise_code("ab3d-ef7h"), "AB3DEF7H");
  EXPECT_EQ(normalise_code(" AB3D EF7H "), "AB3DEF7H");
  EXPECT_EQ(normalise_code("AB3DEF7"), std::nullopt);    // too short
  EXPECT_EQ(normalise_code("AB3DEF7H9"), std::nullopt);  // too long
  EXPECT_EQ(normalise_code("AB0DEF7H"), std::nullopt);   // 0 is not in the alphabet
  EXPECT_EQ(normalise_code("AB3DEF7Ü"), std::nullopt);
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string c = new_code();
    ASSERT_EQ(normalise_code(c), c);
    seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(Periods, DaysAndWeeksAreSeoulsFromMidnightAndMonday) {
  // 2026-12-02 (a Wednesday) 08:30 KST = 2026-12-01T23:30Z.
  const UnixMicros wed = *parse_rfc3339("2026-12-02T08:30:00+09:00");
  EXPECT_EQ(format_rfc3339(seoul_day_start(wed)), "2026-12-02T00:00:00+09:00");
  EXPECT_EQ(format_rfc3339(seoul_week_start(wed)), "2026-11-30T00:00:00+09:00");
  const UnixMicros sun = *parse_rfc3339("2026-12-06T23:59:59+09:00");
  EXPECT_EQ(format_rfc3339(seoul_week_start(sun)), "2026-11-30T00:00:00+09:00");
  const UnixMicros mon = *parse_rfc3339("2026-11-30T00:00:00+09:00");
  EXPECT_EQ(seoul_week_start(mon), mon);
}

}  // namespace
}  // namespace sangsaeng::neighbourhood
