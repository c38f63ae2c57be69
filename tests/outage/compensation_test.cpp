// The worked examples of docs/outage-examples.md, computed by hand from the terms.
#include "outage/compensation.h"

#include <gtest/gtest.h>

namespace sangsaeng::outage {
namespace {

constexpr UnixMicros kMinute = 60 * kMicrosPerSecond;
constexpr UnixMicros kHour = 60 * kMinute;
constexpr std::int64_t kFeeWon = 33'000;  // broadband 500M with an add-on, a month

UnixMicros kst(int y, int mo, int d, int h = 0, int mi = 0) {
  return micros_from_civil(CivilTime{.year = y, .month = mo, .day = d, .hour = h, .minute = mi},
                           kSeoulOffsetMinutes);
}

const Terms& terms(const std::string& code) {
  static const std::vector<Terms> versions = shipped_terms();
  for (const Terms& t : versions) {
    if (t.code == code) return t;
  }
  throw std::runtime_error("no terms " + code);
}

Hit hit(Id event_id, UnixMicros start_us, UnixMicros length_us, const std::string& code,
        bool negligence = false) {
  return {.event_id = event_id,
          .interval = {start_us, start_us + length_us},
          .terms = &terms(code),
          .gross_negligence = negligence,
          .event_longest_us = length_us};
}

const Line kHome{.id = 1, .monthly_fee_won = kFeeWon};
const Line kShop{.id = 2, .monthly_fee_won = kFeeWon, .small_merchant = true};

TEST(Compensation, ContinuousThreeHoursUnderThe2023Terms) {
  // November: 30 days, so the hourly fee is 33,000 / 720 = 45.83 won.
  const auto e = entitlements(kHome, {hit(7, kst(2026, 11, 10, 14), 3 * kHour, "terms-2023-03")});
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].own_us, 3 * kHour);
  EXPECT_EQ(e[0].qualifying_us, 3 * kHour);
  EXPECT_EQ(e[0].refund_won, 137);               // 137.5, rounded down
  EXPECT_EQ(e[0].damages_claimable_won, 1'238);  // 10x = 1,375, less the 137 refunded
  EXPECT_EQ(e[0].voluntary_won, 0);
}

TEST(Compensation, BelowTheThresholdNothing) {
  const auto e =
      entitlements(kHome, {hit(7, kst(2026, 11, 10, 14), 90 * kMinute, "terms-2023-03")});
  EXPECT_EQ(e[0], (Entitlement{.event_id = 7, .own_us = 90 * kMinute}));
}

TEST(Compensation, GrossNegligenceUnderTwoHoursIsClaimableDamagesOnly) {
  const auto e = entitlements(
      kHome, {hit(7, kst(2026, 11, 10, 14), 90 * kMinute, "terms-2023-03", /*negligence=*/true)});
  EXPECT_EQ(e[0].qualifying_us, 0);
  EXPECT_EQ(e[0].refund_won, 0);
  EXPECT_EQ(e[0].damages_claimable_won, 687);  // 10 x 1.5 h x 45.83 = 687.5
  // The 2022 revision had no such clause.
  const auto before = entitlements(
      kHome, {hit(7, kst(2022, 11, 10, 14), 90 * kMinute, "terms-2022-revision", true)});
  EXPECT_EQ(before[0].damages_claimable_won, 0);
}

TEST(Compensation, OverlappingReportsCountOnceAndTogetherPassTheThreshold) {
  // Two reports, 10:00-12:00 and 11:00-13:00: three hours without service, not four; each
  // alone is two hours or less, together one continuous interruption of three.
  const Hit later = hit(2, kst(2026, 11, 10, 11), 2 * kHour, "terms-2023-03");
  const Hit first = hit(9, kst(2026, 11, 10, 10), 2 * kHour, "terms-2023-03");
  const auto e = entitlements(kHome, {later, first});
  EXPECT_EQ(e[1].own_us, 2 * kHour);  // the earlier report owns the shared hour
  EXPECT_EQ(e[0].own_us, 1 * kHour);
  EXPECT_EQ(e[1].refund_won, 91);  // 91.67
  EXPECT_EQ(e[0].refund_won, 45);  // 45.83
  EXPECT_EQ(e[1].damages_claimable_won, 916 - 91);
  EXPECT_EQ(e[0].damages_claimable_won, 458 - 45);
}

TEST(Compensation, MonthlyCumulativeUnderTheCarrierTermsBefore2022) {
  // Four cuts of 100 minutes in March 2021: none reaches 3 h, together 6 h 40 min >= 6 h.
  std::vector<Hit> hits;
  for (int day = 2; day <= 5; ++day) {
    hits.push_back(hit(day, kst(2021, 3, day, 20), 100 * kMinute, "carrier-terms-pre-2022"));
  }
  auto e = entitlements(kHome, hits);
  for (const Entitlement& x : e) {
    EXPECT_EQ(x.qualifying_us, 100 * kMinute);
    EXPECT_EQ(x.refund_won, 0);               // these terms had no automatic refund
    EXPECT_EQ(x.damages_claimable_won, 443);  // 6 x 100 min x 33,000 / 744 h = 443.5
  }
  // Three of them (5 h): nothing. A fifth in April does not count towards March.
  hits.pop_back();
  hits.push_back(hit(6, kst(2021, 4, 1, 20), 100 * kMinute, "carrier-terms-pre-2022"));
  e = entitlements(kHome, hits);
  for (const Entitlement& x : e) EXPECT_EQ(x.damages_claimable_won, 0);
}

TEST(Compensation, AcrossAMonthBoundaryEachPartAtItsMonthsFee) {
  // 23:00 KST 31 January to 02:00 KST 1 February 2026: 1 h at 33,000/744, 2 h at 33,000/672.
  const auto e = entitlements(kHome, {hit(7, kst(2026, 1, 31, 23), 3 * kHour, "terms-2023-03")});
  EXPECT_EQ(e[0].refund_won, 142);                     // 44.35 + 98.21 = 142.57
  EXPECT_EQ(e[0].damages_claimable_won, 1'425 - 142);  // 1,425.69
}

TEST(Compensation, The2021VoluntaryPackageIsFifteenHoursOfFeesForEveryone) {
  // The outage's longest interruption was 89 min: 10x = 890 min, paid as 15 hours. A line cut
  // for 40 minutes gets the same; a small merchant gets 10 days of fees instead.
  Hit h = hit(7, kst(2021, 10, 25, 11, 16), 40 * kMinute, "kt-voluntary-2021-10");
  h.event_longest_us = 89 * kMinute;
  EXPECT_EQ(entitlements(kHome, {h})[0].voluntary_won, 665);     // 15 x 33,000 / 744
  EXPECT_EQ(entitlements(kShop, {h})[0].voluntary_won, 10'645);  // 10 x 33,000 / 31
  EXPECT_EQ(entitlements(kHome, {h})[0].refund_won, 0);
}

TEST(Compensation, The2024VoluntaryPackageIsADaysFeePlusTenTimesTheLinesTime) {
  const Hit h = hit(7, kst(2024, 9, 12, 9), 2 * kHour, "kt-voluntary-2024-09");
  EXPECT_EQ(entitlements(kHome, {h})[0].voluntary_won, 2'016);   // 1,100 + 916.67
  EXPECT_EQ(entitlements(kShop, {h})[0].voluntary_won, 33'000);  // a month's fee
}

TEST(Compensation, ALineWhoseTimeAnEarlierOutageCoversGetsNothingTwice) {
  const auto e = entitlements(kHome, {hit(1, kst(2026, 11, 10, 10), 3 * kHour, "terms-2023-03"),
                                      hit(2, kst(2026, 11, 10, 11), 1 * kHour, "terms-2023-03")});
  EXPECT_EQ(e[0].refund_won, 137);
  EXPECT_EQ(e[1], (Entitlement{.event_id = 2}));
}

}  // namespace
}  // namespace sangsaeng::outage
