// The neighbourhood service on both databases: offers found near a point (great-circle, nearest
// first, only valid ones); a member's one-time code is redeemed by its shop exactly once, also
// when many tries arrive at the same moment; the daily and weekly caps hold under simultaneous
// redemptions; prize events take one entry per member while open, draw once after closing,
// tell the winners through the outbox, and their published draw checks out again.
#include "neighbourhood/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>

#include "neighbourhood/prize_check.h"
#include "outbox/outbox.h"
#include "support/store_fixture.h"

namespace sangsaeng::neighbourhood {
namespace {

using testing::StoreTest;

constexpr UnixMicros kDay = kMicrosPerDay;
constexpr UnixMicros kMinute = 60 * kMicrosPerSecond;
// 2026-12-02 (a Wednesday) 12:00 KST.
const UnixMicros kNoon = *parse_rfc3339("2026-12-02T12:00:00+09:00");
constexpr Point kStation{37'556'094, 126'910'052};  // 망원역

class NeighbourhoodTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      for (int u = 1; u <= 12; ++u)
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u) + ", 'm" + std::to_string(u) + "@t', 'M', 'x', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (101, '호호베이커리', "
           "'merchant', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (102, '망원 손칼국수', "
           "'merchant', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (103, '연남 수제버거', "
           "'merchant', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (104, '나눔재단', 'charity', 0)";
    });
    service_ = std::make_unique<NeighbourhoodService>(
        *db_, NeighbourhoodOptions{.clock = [this] { return now_.load(); }});
    area_ = service_->add_area({.name = "망원동 골목", .centre = kStation})->id;
    shop(101, {37'556'700, 126'908'500});  // 153 m
    shop(102, {37'555'300, 126'911'200});  // 134 m
    shop(103, {37'562'000, 126'924'000});  // 1,394 m
  }

  void shop(Id org, Point at) {
    auto r = service_->add_shop({.org_id = org,
                                 .area_id = area_,
                                 .name = "가게" + std::to_string(org),
                                 .category = "식당",
                                 .address = "서울 마포구",
                                 .at = at});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }

  Offer offer(Id org, int weekly_cap = 0, int daily = 1, UnixMicros until = 0) {
    auto r = service_->add_offer({.shop_org_id = org,
                                  .title = "멤버 할인",
                                  .conditions = "",
                                  .discount_kind = DiscountKind::percent,
                                  .discount_value = 10,
                                  .valid_from_us = kNoon - kDay,
                                  .valid_until_us = until ? until : kNoon + 30 * kDay,
                                  .weekly_cap = weekly_cap,
                                  .member_daily_max = daily},
                                 kManager);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.value();
  }

  std::string code_for(Id offer_id, Id user) {
    auto c = service_->issue_code(offer_id, user);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? c->code : "";
  }

  // Each of `codes` redeemed by its own thread, all released at once; the slugs (ok: "").
  std::vector<std::string> redeem_together(const std::vector<std::string>& codes, Actor by) {
    std::vector<std::string> slugs(codes.size());
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < codes.size(); ++i)
      threads.emplace_back([&, i] {
        ++ready;
        while (ready.load() < static_cast<int>(codes.size())) std::this_thread::yield();
        auto r = service_->redeem(codes[i], by);
        slugs[i] = r.ok() ? "" : r.status().slug();
      });
    for (auto& t : threads) t.join();
    return slugs;
  }

  static constexpr Actor kManager{.user_id = 1, .org_id = std::nullopt, .manages = true};
  static constexpr Actor kBakery{.user_id = 2, .org_id = 101, .manages = false};
  std::atomic<UnixMicros> now_{kNoon};
  std::unique_ptr<NeighbourhoodService> service_;
  Id area_ = 0;
};

TEST_P(NeighbourhoodTest, OffersNearAPointAreTheValidOnesWithinTheRadiusNearestFirst) {
  const Offer bakery = offer(101), noodles = offer(102), burger = offer(103);
  offer(102, 0, 1, kNoon - 1);  // expired a moment ago: never listed
  auto near = service_->offers_near(kStation, 500);
  ASSERT_TRUE(near.ok());
  ASSERT_EQ(near->size(), 2u);
  EXPECT_EQ(near->at(0).offer.id, noodles.id);
  EXPECT_EQ(near->at(0).distance_m, 134);
  EXPECT_EQ(near->at(1).offer.id, bakery.id);
  EXPECT_EQ(near->at(1).shop.name, "가게101");
  auto wide = service_->offers_near(kStation, 2000);
  ASSERT_EQ(wide->size(), 3u);
  EXPECT_EQ(wide->at(2).offer.id, burger.id);
  EXPECT_EQ(wide->at(2).distance_m, 1394);
  EXPECT_EQ(service_->offers_near(kStation, 0).status().code(), Code::invalid_argument);
  EXPECT_EQ(service_->offers_near(kStation, 50'000).status().code(), Code::invalid_argument);
  EXPECT_EQ(service_->offers_near({91'000'000, 0}, 500).status().code(), Code::invalid_argument);
  EXPECT_EQ(service_->offers_in_area(area_)->size(), 3u);
}

TEST_P(NeighbourhoodTest, AShopPublishesOffersForItselfOnly) {
  Offer o{.shop_org_id = 102,
          .title = "칼국수 할인",
          .discount_kind = DiscountKind::fixed,
          .discount_value = 1000,
          .valid_from_us = kNoon,
          .valid_until_us = kNoon + kDay};
  EXPECT_EQ(service_->add_offer(o, kBakery).status().code(), Code::forbidden);
  o.shop_org_id = 101;
  EXPECT_TRUE(service_->add_offer(o, kBakery).ok());
  o.discount_kind = DiscountKind::percent;
  o.discount_value = 101;
  EXPECT_EQ(service_->add_offer(o, kBakery).status().code(), Code::invalid_argument);
  // A charity is not a shop.
  EXPECT_EQ(service_
                ->add_shop({.org_id = 104,
                            .area_id = area_,
                            .name = "x",
                            .category = "x",
                            .address = "x",
                            .at = kStation})
                .status()
                .code(),
            Code::invalid_argument);
}

TEST_P(NeighbourhoodTest, ACodeIsRedeemedOnceByItsOwnShop) {
  const Offer o = offer(101);
  const std::string code = code_for(o.id, 5);
  ASSERT_EQ(code.size(), kCodeLength);
  EXPECT_EQ(code_for(o.id, 5), code);  // asked again while good: the same code
  // Another shop cannot redeem it; the code stays good.
  EXPECT_EQ(service_->redeem(code, {.user_id = 3, .org_id = 102}).status().code(), Code::forbidden);
  auto first = service_->redeem(code, kBakery);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->offer.id, o.id);
  EXPECT_EQ(first->code.user_id, 5);
  auto second = service_->redeem(code, kBakery);
  EXPECT_EQ(second.status().code(), Code::conflict);
  EXPECT_EQ(second.status().slug(), "already-redeemed");
  EXPECT_EQ(service_->redeem("22222222", kBakery).status().slug(), "no-such-code");
  EXPECT_EQ(service_->redeem("0000", kBakery).status().code(), Code::invalid_argument);
  // An unused code expires.
  const std::string late = code_for(offer(101, 0, 5).id, 6);
  now_ += 16 * kMinute;
  EXPECT_EQ(service_->redeem(late, kBakery).status().slug(), "code-expired");
  const auto report = service_->report(101, 100);
  ASSERT_EQ(report.size(), 2u);
  EXPECT_EQ(report[0].redeemed + report[1].redeemed, 1);
  EXPECT_EQ(report[0].codes_issued + report[1].codes_issued, 2);
}

TEST_P(NeighbourhoodTest, SimultaneousRedemptionsOfOneCodeLetExactlyOneWin) {
  const std::string code = code_for(offer(101).id, 5);
  const auto slugs = redeem_together(std::vector<std::string>(8, code), kBakery);
  EXPECT_EQ(std::count(slugs.begin(), slugs.end(), ""), 1);
  EXPECT_EQ(std::count(slugs.begin(), slugs.end(), "already-redeemed"), 7);
  EXPECT_EQ(service_->report(101, 10).at(0).redeemed, 1);
}

TEST_P(NeighbourhoodTest, TheDailyLimitAndTheWeeklyCapHold) {
  // Once a day per member: a second code the same day is refused, the next day it is fine.
  const Offer daily = offer(101);
  ASSERT_TRUE(service_->redeem(code_for(daily.id, 5), kBakery).ok());
  EXPECT_EQ(service_->issue_code(daily.id, 5).status().slug(), "daily-limit-reached");
  now_ += kDay;
  EXPECT_TRUE(service_->redeem(code_for(daily.id, 5), kBakery).ok());

  // Three a week for everyone: eight members' codes redeemed at the same moment, three win.
  const Offer capped = offer(101, 3);
  std::vector<std::string> codes;
  for (Id u = 3; u <= 10; ++u) codes.push_back(code_for(capped.id, u));
  const auto slugs = redeem_together(codes, kBakery);
  EXPECT_EQ(std::count(slugs.begin(), slugs.end(), ""), 3);
  EXPECT_EQ(std::count(slugs.begin(), slugs.end(), "weekly-cap-reached"), 5);
  EXPECT_EQ(service_->issue_code(capped.id, 11).status().slug(), "weekly-cap-reached");
  now_ = seoul_week_start(now_.load()) + 7 * kDay;  // next Monday 00:00 KST
  EXPECT_TRUE(service_->issue_code(capped.id, 11).ok());
}

TEST_P(NeighbourhoodTest, APrizeEventTakesOneEntryPerMemberAndDrawsOnce) {
  auto e = service_->add_prize_event({.area_id = area_,
                                      .title = "골목 경품",
                                      .prize = "상품권",
                                      .winners_count = 3,
                                      .opens_at_us = kNoon,
                                      .closes_at_us = kNoon + kDay},
                                     1);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->seed_commitment.size(), 64u);
  now_ = kNoon - 1;
  EXPECT_EQ(service_->enter(e->id, 5).status().slug(), "entries-closed");
  now_ = kNoon + kMinute;
  for (Id u = 3; u <= 12; ++u) ASSERT_TRUE(service_->enter(e->id, u).ok());
  const Id mine = service_->enter(e->id, 5)->id;
  EXPECT_EQ(service_->enter(e->id, 5)->id, mine);  // twice is one entry
  EXPECT_EQ(service_->draw(e->id).status().slug(), "entries-open");
  // The seed stays secret while entries are open.
  const auto before = published_draw(*service_->published(e->id));
  EXPECT_TRUE(before.at("seed").is_null());
  EXPECT_TRUE(before.at("entries").as_array().empty());

  now_ = kNoon + kDay;
  EXPECT_EQ(service_->enter(e->id, 1).status().slug(), "entries-closed");
  auto drawn = service_->draw(e->id);
  ASSERT_TRUE(drawn.ok()) << drawn.status().message();
  EXPECT_EQ(drawn->entries, 10);
  ASSERT_EQ(drawn->winners.size(), 3u);
  EXPECT_EQ(service_->draw(e->id).status().slug(), "already-drawn");

  // The winners, and only they, have a notice.
  const auto notices = db_->read([&](soci::session& s) {
    std::vector<Id> to;
    for (Id u = 1; u <= 12; ++u)
      for (const auto& m : outbox::for_recipient(s, u, 10))
        if (m.topic == "neighbourhood.prize_won") to.push_back(u);
    return to;
  });
  std::vector<Id> winners;
  for (const Winner& w : drawn->winners) winners.push_back(w.user_id);
  std::sort(winners.begin(), winners.end());
  EXPECT_EQ(notices, winners);

  // Anyone re-runs the published draw and gets the same winners; a changed list fails.
  const std::string text = boost::json::serialize(published_draw(*service_->published(e->id)));
  const PrizeCheck check = check_published_prize_draw(text);
  EXPECT_TRUE(check.ok) << check.message;
  EXPECT_EQ(check.entries, 10u);
  ASSERT_EQ(check.winners.size(), 3u);
  EXPECT_EQ(check.winners[0], id_to_string(drawn->winners[0].entry_id));
  auto forged = boost::json::parse(text).as_object();
  forged["winners"].as_array()[0].as_object()["entry"] = id_to_string(mine + 1);
  EXPECT_FALSE(check_published_prize_draw(boost::json::serialize(forged)).ok);
  forged = boost::json::parse(text).as_object();
  forged["seed"] = std::string(64, 'a');
  EXPECT_FALSE(check_published_prize_draw(boost::json::serialize(forged)).ok);
}

TEST_P(NeighbourhoodTest, SimultaneousDrawsDrawOnce) {
  auto e = service_->add_prize_event({.title = "경품",
                                      .prize = "상품권",
                                      .winners_count = 1,
                                      .opens_at_us = kNoon,
                                      .closes_at_us = kNoon + kDay},
                                     1);
  for (Id u = 3; u <= 6; ++u) ASSERT_TRUE(service_->enter(e->id, u).ok());
  now_ = kNoon + kDay;
  std::atomic<int> ok{0}, drawn_already{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      auto r = service_->draw(e->id);
      if (r.ok()) ++ok;
      if (r.status().slug() == "already-drawn") ++drawn_already;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(drawn_already.load(), 3);
  EXPECT_EQ(service_->published(e->id)->winners.size(), 1u);
}

INSTANTIATE_STORE_TESTS(NeighbourhoodTest);

}  // namespace
}  // namespace sangsaeng::neighbourhood
