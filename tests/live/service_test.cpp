// The live service on both databases: a show is scheduled on checked channels, goes live, gets
// pins that make the replay's timeline, ends, and offers its replay; illegal moves are refused;
// viewers' messages are rate-limited and moderated; reminders reach the outbox once; ceremonies
// take RSVPs and guest book entries; paid orders of featured products count as the show's sales.
#include "live/service.h"

#include <gtest/gtest.h>

#include "outbox/outbox.h"
#include "support/store_fixture.h"

namespace sangsaeng::live {
namespace {

using testing::StoreTest;

constexpr UnixMicros kMinute = 60 * kMicrosPerSecond;
constexpr UnixMicros kStart = 1'796'000'000LL * kMicrosPerSecond;  // 2026-11-30

class LiveTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      for (int u = 1; u <= 3; ++u)
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u) + ", 'v" + std::to_string(u) + "@t', 'V', 'x', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (1, '망원시장 상인회', "
           "'merchant', 0)";
      for (int p : {10, 11, 12})
        s << "INSERT INTO market_products (id, merchant_org_id, name, description, origin, "
             "unit_label, price_won, market_price_won, created_by, created_at) VALUES (" +
                 std::to_string(p) + ", 1, '상품" + std::to_string(p) +
                 "', 'd', '서울', '1팩', 10000, 12000, 1, 0)";
    });
    service_ = std::make_unique<LiveService>(
        *db_, LiveOptions{.messages_per_window = 2, .clock = [this] { return now_; }});
  }

  Event show() {
    return {.kind = EventKind::market_show,
            .title = "망원시장 라이브",
            .description = "",
            .hosts = {"김진행"},
            .starts_at_us = kStart,
            .ends_at_us = kStart + 60 * kMinute,
            .channels = {{.platform = Platform::youtube, .url = "https://youtu.be/dQw4w9WgXcQ"},
                         {.platform = Platform::iptv, .iptv_channel = "U+tv 801"}},
            .product_ids = {10, 11}};
  }

  Event created(Event e) {
    auto r = service_->create(std::move(e), 1);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.value();
  }

  UnixMicros now_ = kStart - 30 * kMinute;
  std::unique_ptr<LiveService> service_;
};

TEST_P(LiveTest, AShowGoesLiveGetsPinsEndsAndOffersItsReplayWithATimeline) {
  const Event e = created(show());
  EXPECT_EQ(e.state, EventState::scheduled);
  EXPECT_EQ(service_->find(e.id)->channels.at(0).embed_url,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");

  // No pin before the show starts.
  EXPECT_EQ(service_->pin(e.id, {.kind = PinKind::moment, .title = "오프닝"}, std::nullopt, 1)
                .status()
                .slug(),
            "not-started");
  now_ = kStart;
  ASSERT_TRUE(service_->move(e.id, EventState::live).ok());
  now_ = kStart + 5 * kMinute;
  auto p1 = service_->pin(e.id, {.kind = PinKind::product, .product_id = 11}, std::nullopt, 1);
  ASSERT_TRUE(p1.ok()) << p1.status().message();
  EXPECT_EQ(p1.value().at_s, 300);
  EXPECT_EQ(p1.value().title, "상품11");  // the product's name when none is given
  // A product the show does not feature is refused.
  EXPECT_EQ(service_->pin(e.id, {.kind = PinKind::product, .product_id = 12}, std::nullopt, 1)
                .status()
                .code(),
            Code::invalid_argument);
  now_ = kStart + 20 * kMinute;
  ASSERT_TRUE(
      service_->pin(e.id, {.kind = PinKind::product, .product_id = 10}, std::nullopt, 1).ok());
  EXPECT_EQ(service_->current_pin(e.id)->product_id, 10);
  ASSERT_TRUE(service_->move(e.id, EventState::ended).ok());
  // A moment added afterwards for the replay, earlier in the show, sorts into the timeline.
  ASSERT_TRUE(service_->pin(e.id, {.kind = PinKind::moment, .title = "오프닝"}, 10, 1).ok());
  EXPECT_EQ(service_->pin(e.id, {.kind = PinKind::moment, .title = "x"}, 99'999, 1).status().code(),
            Code::invalid_argument);  // after the end

  EXPECT_EQ(service_->move(e.id, EventState::replay_available, "").status().code(),
            Code::invalid_argument);
  auto replay = service_->move(e.id, EventState::replay_available,
                               "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay.value().version, 7);  // 1 at creation, then live, 3 pins, ended, replay
  std::vector<std::int64_t> at;
  for (const Pin& p : service_->timeline(e.id)) at.push_back(p.at_s);
  EXPECT_EQ(at, (std::vector<std::int64_t>{10, 300, 1200}));
}

TEST_P(LiveTest, IllegalTransitionsAreConflictsAndChangeNothing) {
  const Event e = created(show());
  auto r = service_->move(e.id, EventState::ended);
  EXPECT_EQ(r.status().code(), Code::conflict);
  EXPECT_EQ(r.status().slug(), "illegal-transition");
  ASSERT_TRUE(service_->move(e.id, EventState::live).ok());
  EXPECT_EQ(service_->move(e.id, EventState::live).status().slug(), "illegal-transition");
  EXPECT_EQ(service_->move(e.id, EventState::scheduled).status().slug(), "illegal-transition");
  EXPECT_EQ(service_->find(e.id)->state, EventState::live);
  EXPECT_EQ(service_->move(424242, EventState::live).status().code(), Code::not_found);
}

TEST_P(LiveTest, BadEventsAreRefusedFieldByField) {
  Event e = show();
  e.channels = {{.platform = Platform::youtube, .url = "https://evil.example/x"}};
  e.ends_at_us = e.starts_at_us;
  e.product_ids = {10, 999};
  auto r = service_->create(e, 1);
  ASSERT_EQ(r.status().code(), Code::invalid_argument);
  std::set<std::string> fields;
  for (const FieldError& f : r.status().fields()) fields.insert(f.field);
  EXPECT_TRUE(fields.count("channels[0].url"));
  EXPECT_TRUE(fields.count("ends_at"));
  Event ceremony = show();
  ceremony.kind = EventKind::ceremony;  // a ceremony features no products
  EXPECT_EQ(service_->create(ceremony, 1).status().fields().at(0).field, "product_ids");
  Event unknown = show();
  unknown.product_ids = {999};
  EXPECT_EQ(service_->create(unknown, 1).status().fields().at(0).field, "product_ids");
  EXPECT_TRUE(service_->schedule(0, kStart * 2, 10).empty());
}

TEST_P(LiveTest, MessagesAreRateLimitedPerUserAndModerated) {
  const Event e = created(show());
  auto post = [&](Id user, std::string body) {
    return service_->post_message(e.id, {.user_id = user, .display_name = "V", .body = body});
  };
  ASSERT_TRUE(post(2, "안녕하세요").ok());
  auto spam = post(2, "두 번째");
  ASSERT_TRUE(spam.ok());
  EXPECT_EQ(post(2, "세 번째").status().slug(), "too-many-messages");
  EXPECT_TRUE(post(3, "다른 시청자").ok());  // the limit is per user
  now_ += 31 * kMicrosPerSecond;
  EXPECT_TRUE(post(2, "조금 뒤에").ok());  // the window moved on

  ASSERT_TRUE(service_->hide(e.id, spam.value().id).ok());
  std::vector<std::string> bodies;
  for (const Message& m : service_->latest_messages(e.id, 50)) bodies.push_back(m.body);
  EXPECT_EQ(bodies, (std::vector<std::string>{"안녕하세요", "다른 시청자", "조금 뒤에"}));

  ASSERT_TRUE(service_->block(e.id, 3, 1).ok());
  now_ += 31 * kMicrosPerSecond;
  EXPECT_EQ(post(3, "또").status().slug(), "blocked");
  EXPECT_EQ(post(2, "").status().code(), Code::invalid_argument);
  EXPECT_EQ(service_->hide(e.id, 12345).status().code(), Code::not_found);
}

TEST_P(LiveTest, AReminderGoesToTheOutboxOnceBeforeTheStart) {
  const Event e = created(show());
  ASSERT_TRUE(service_->remind(e.id, 2).ok());
  ASSERT_TRUE(service_->remind(e.id, 2).ok());  // twice is one reminder
  ASSERT_TRUE(service_->remind(e.id, 3).ok());
  EXPECT_EQ(service_->send_reminders(kStart - 20 * kMinute, 100), 0);  // not yet
  EXPECT_EQ(service_->send_reminders(kStart - 9 * kMinute, 100), 2);
  EXPECT_EQ(service_->send_reminders(kStart - 8 * kMinute, 100), 0);  // sent once
  auto notices = db_->read([](soci::session& s) { return outbox::for_recipient(s, 2, 10); });
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].topic, "live.reminder");
  EXPECT_NE(notices[0].body.find("망원시장 라이브"), std::string::npos);
  now_ = kStart + kMinute;
  EXPECT_EQ(service_->remind(e.id, 2).slug(), "already-started");
}

TEST_P(LiveTest, CeremoniesTakeRsvpsAndAGuestBook) {
  Event c = show();
  c.kind = EventKind::ceremony;
  c.product_ids.clear();
  const Event e = created(c);
  ASSERT_TRUE(service_->rsvp({.event_id = e.id, .user_id = 2, .party_size = 3}).ok());
  ASSERT_TRUE(service_->rsvp({.event_id = e.id, .user_id = 3, .answer = RsvpAnswer::no}).ok());
  // Answering again replaces the answer.
  auto t = service_->rsvp({.event_id = e.id, .user_id = 2, .party_size = 2});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value().yes, 1);
  EXPECT_EQ(t.value().no, 1);
  EXPECT_EQ(t.value().people, 2);
  ASSERT_TRUE(
      service_->sign_guestbook(e.id, {.user_id = 2, .display_name = "V", .body = "축하해요"}).ok());
  EXPECT_EQ(service_->guestbook(e.id, std::nullopt, 10).items.at(0).body, "축하해요");
  const Event s = created(show());
  EXPECT_EQ(service_->rsvp({.event_id = s.id, .user_id = 2}).status().slug(), "not-a-ceremony");
}

TEST_P(LiveTest, PaidOrdersOfFeaturedProductsSinceTheStartAreTheShowsSales) {
  const Event e = created(show());
  db_->write([&](soci::session& s) {
    for (int d : {10, 12})
      s << "INSERT INTO market_drops (id, product_id, title, opens_at, closes_at, quantity, "
           "per_buyer_limit, price_won, market_price_won, gift, free_shipping, zones, "
           "donation_percent, charity_org_id, fair_start_seconds, seed_hex, seed_commitment, "
           "hold_seconds, created_by, created_at) VALUES (" +
               std::to_string(100 + d) + ", " + std::to_string(d) +
               ", 'd', 0, 1, 100, 5, 10000, 12000, '', 1, '', 50, NULL, 0, '', '', 60, 1, 0)";
    auto order = [&](int id, int drop, int units, const char* status, UnixMicros at) {
      s << "INSERT INTO market_orders (id, drop_id, buyer_id, units, amount_won, status, idem_key, "
           "pay_by, created_at, updated_at) VALUES (" +
               std::to_string(id) + ", " + std::to_string(drop) + ", 2, " + std::to_string(units) +
               ", " + std::to_string(units * 10000) + ", '" + status + "', 'k" +
               std::to_string(id) + "', 0, " + std::to_string(at) + ", 0)";
    };
    order(1, 110, 2, "paid", kStart + kMinute);
    order(2, 110, 1, "shipped", kStart + 2 * kMinute);
    order(3, 110, 4, "held", kStart + 2 * kMinute);  // not paid
    order(4, 112, 3, "paid", kStart + 2 * kMinute);  // not featured
    order(5, 110, 5, "paid", kStart - kMinute);      // before the show
  });
  EXPECT_EQ(service_->sales(*service_->find(e.id)), Counters{});  // not live yet
  now_ = kStart;
  auto live = service_->move(e.id, EventState::live);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(service_->sales(live.value()),
            (Counters{.viewers = 0, .orders = 2, .sold = 3, .donation_won = 15'000}));
}

INSTANTIATE_STORE_TESTS(LiveTest);

}  // namespace
}  // namespace sangsaeng::live
