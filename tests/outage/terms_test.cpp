#include "outage/terms.h"

#include <gtest/gtest.h>

namespace sangsaeng::outage {
namespace {

UnixMicros kst(int y, int mo, int d) {
  return micros_from_civil(CivilTime{.year = y, .month = mo, .day = d}, kSeoulOffsetMinutes);
}

std::string in_force_code(UnixMicros t) {
  static const std::vector<Terms> versions = shipped_terms();
  const Terms* v = in_force(versions, t);
  return v == nullptr ? "" : v->code;
}

TEST(Terms, TheVersionInForceAtTheOutagesStart) {
  EXPECT_EQ(in_force_code(kst(2010, 6, 1)), "");
  EXPECT_EQ(in_force_code(kst(2018, 11, 24)), "carrier-terms-pre-2022");
  EXPECT_EQ(in_force_code(kst(2021, 10, 25)), "carrier-terms-pre-2022");  // packages: named only
  EXPECT_EQ(in_force_code(kst(2022, 6, 24)), "terms-2022-revision");
  EXPECT_EQ(in_force_code(kst(2023, 2, 28)), "terms-2022-revision");
  EXPECT_EQ(in_force_code(kst(2023, 3, 1)), "terms-2023-03");
  EXPECT_EQ(in_force_code(kst(2026, 11, 30)), "terms-2023-03");
}

TEST(Terms, ShippedVersionsAreValidAndUnique) {
  const auto versions = shipped_terms();
  ASSERT_EQ(versions.size(), 6u);
  for (std::size_t i = 0; i < versions.size(); ++i) {
    EXPECT_TRUE(validate_terms(versions[i]).ok()) << versions[i].code;
    for (std::size_t j = 0; j < i; ++j) EXPECT_NE(versions[i].code, versions[j].code);
  }
}

TEST(Terms, AVersionThatPaysNothingOrNeverAppliesIsRefused) {
  Terms t{.code = "x", .name = "x", .continuous_minutes_min = 120};
  Status s = validate_terms(t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.fields().at(0).field, "refund_pro_rata");

  t = {.code = "x", .name = "x", .refund_pro_rata = true};
  s = validate_terms(t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.fields().at(0).field, "continuous_minutes_min");

  t = {.code = "", .name = "x", .continuous_minutes_min = 120, .damages_multiple = 101};
  s = validate_terms(t);
  ASSERT_EQ(s.fields().size(), 2u);
  EXPECT_EQ(s.fields()[0].field, "code");
  EXPECT_EQ(s.fields()[1].field, "damages_multiple");
}

}  // namespace
}  // namespace sangsaeng::outage
