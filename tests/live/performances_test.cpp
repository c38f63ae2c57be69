// The free performances catalogue on both databases: a month's line-up of four titles, the
// public catalogue filtered to what is available at an instant, views counted only in the window.
#include "live/performances.h"

#include <gtest/gtest.h>

#include "support/store_fixture.h"

namespace sangsaeng::live {
namespace {

using testing::StoreTest;

constexpr UnixMicros kDay = kMicrosPerDay;
const UnixMicros kNov1 =
    micros_from_civil({.year = 2026, .month = 11, .day = 1}, kSeoulOffsetMinutes);

class PerformancesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    catalogue_ = std::make_unique<Performances>(*db_, [this] { return now_; });
  }
  UnixMicros now_ = kNov1 + 10 * kDay;
  std::unique_ptr<Performances> catalogue_;
};

TEST_P(PerformancesTest, TheCatalogueShowsWhatIsAvailableAtAnInstant) {
  auto partner =
      catalogue_->add_partner({.name = "서울시립교향악단", .url = "https://www.seoulphil.or.kr"});
  ASSERT_TRUE(partner.ok());
  EXPECT_EQ(catalogue_->add_partner({.name = "서울시립교향악단"}).status().slug(),
            "partner-exists");
  std::vector<Id> ids;
  for (int week = 0; week < 4; ++week) {
    auto t = catalogue_->add_title({.partner_id = partner.value().id,
                                    .title = "공연 " + std::to_string(week + 1),
                                    .duration_min = 90,
                                    .iptv_channel = "U+tv 무료공연 801",
                                    .lineup_month = "2026-11",
                                    .available_from_us = kNov1 + week * 7 * kDay,
                                    .available_until_us = kNov1 + (week * 7 + 14) * kDay},
                                   1);
    ASSERT_TRUE(t.ok()) << t.status().message();
    ids.push_back(t.value().id);
  }
  EXPECT_EQ(catalogue_->lineup("2026-11", 50).size(), 4u);
  // On the 11th (day 10): titles 1 (days 0-14) and 2 (7-21) are on; 3 opens on day 14.
  auto now = catalogue_->available_at(kNov1 + 10 * kDay, 50);
  ASSERT_EQ(now.size(), 2u);
  EXPECT_EQ(now[0].id, ids[0]);
  EXPECT_EQ(now[1].id, ids[1]);
  EXPECT_EQ(now[0].partner_name, "서울시립교향악단");
  EXPECT_EQ(catalogue_->available_at(kNov1 + 14 * kDay, 50).size(), 2u);  // 2 and 3

  ASSERT_TRUE(catalogue_->count_view(ids[0]).ok());
  EXPECT_EQ(catalogue_->count_view(ids[0]).value().views, 2);
  EXPECT_EQ(catalogue_->count_view(ids[3]).status().slug(), "not-available");  // not yet open
  EXPECT_EQ(catalogue_->find(ids[3])->views, 0);
}

TEST_P(PerformancesTest, BadTitlesAreRefusedFieldByField) {
  auto r = catalogue_->add_title({.partner_id = 42,
                                  .duration_min = 0,
                                  .age_rating = "18",
                                  .mobile_url = "http://x",
                                  .lineup_month = "2026-13",
                                  .available_from_us = kNov1,
                                  .available_until_us = kNov1},
                                 1);
  ASSERT_EQ(r.status().code(), Code::invalid_argument);
  EXPECT_EQ(r.status().fields().size(), 5u);
  auto unknown = catalogue_->add_title({.partner_id = 42,
                                        .duration_min = 60,
                                        .iptv_channel = "801",
                                        .lineup_month = "2026-11",
                                        .available_from_us = kNov1,
                                        .available_until_us = kNov1 + kDay},
                                       1);
  EXPECT_EQ(unknown.status().fields().at(0).field, "partner_id");
}

INSTANTIATE_STORE_TESTS(PerformancesTest);

}  // namespace
}  // namespace sangsaeng::live
