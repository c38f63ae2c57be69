// Live events over real HTTP, on SQLite and PostgreSQL: the live manager schedules a market
// show, a viewer's page hears it go live, the pinned product change and the orders come in
// without asking; guest messages reach the page, a hidden one is withdrawn, a blocked viewer is
// refused; illegal moves are 409; a pin made on one node reaches a viewer on another node of
// the same database; a ceremony takes RSVPs; the performances catalogue filters by instant.
#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

constexpr UnixMicros kMinute = 60 * kMicrosPerSecond;

// Reads the stream until `needle` arrives (10 s at most); everything read so far.
std::string read_until(http::test::Connection& c, const std::string& needle) {
  std::string got;
  for (int i = 0; i < 100 && got.find(needle) == std::string::npos && !c.closed(); ++i)
    got += c.read_some(std::chrono::milliseconds(100));
  return got;
}

bool open_stream(http::test::Connection& c, const std::string& id) {
  return c.send("GET /api/v1/live/events/" + id +
                "/stream HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n");
}

class LiveApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    url_ = GetParam() == store::Dialect::sqlite ? temp_sqlite_url() : fresh_pg_url();
    env_ = std::make_unique<ApiEnv>(url_);
    manager_ = env_->login("live@sangsaeng.test");
    customer_ = env_->login("customer@sangsaeng.test");
    // Two market products of 망원시장's shops.
    env_->db().write([](soci::session& s) {
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (9001, '망원시장 상인회', "
           "'merchant', 0)";
      for (int p : {9101, 9102})
        s << "INSERT INTO market_products (id, merchant_org_id, name, description, origin, "
             "unit_label, price_won, market_price_won, created_by, created_at) VALUES (" +
                 std::to_string(p) + ", 9001, '" + (p == 9101 ? "수제 어묵" : "국산 참기름") +
                 "', 'd', '서울 망원동', '1팩', 10000, 12000, 1, 0)";
    });
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("live_api_" + std::to_string(n++));
  }

  std::string show_body(const std::string& kind = "market_show") {
    const UnixMicros start = now_us() + 30 * kMinute;
    return R"({"kind":")" + kind +
           R"(","title":"망원시장 저녁 장보기 라이브","hosts":["김진행"],)" + R"("starts_at":")" +
           format_rfc3339(start) + R"(","ends_at":")" + format_rfc3339(start + 60 * kMinute) +
           R"(","channels":[{"platform":"youtube","url":"https://youtu.be/dQw4w9WgXcQ"},)" +
           R"({"platform":"iptv","iptv_channel":"U+tv 801"}])" +
           (kind == "market_show" ? R"(,"product_ids":["9101","9102"]})" : "}");
  }

  std::string create(const std::string& body) {
    auto r = env_->call("POST", "/api/v1/live/events", body, &manager_);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(json::parse(r.body).at("id").as_string());
  }

  http::test::ClientResponse move(const std::string& id, const std::string& state) {
    return env_->call("POST", "/api/v1/live/events/" + id + "/state",
                      R"({"state":")" + state + R"("})", &manager_);
  }
  http::test::ClientResponse pin(const std::string& id, const std::string& product,
                                 ApiEnv* env = nullptr) {
    return (env ? env : env_.get())
        ->call("POST", "/api/v1/live/events/" + id + "/pins",
               R"({"kind":"product","product_id":")" + product + R"("})", &manager_);
  }

  std::string url_;
  std::unique_ptr<ApiEnv> env_;
  Browser manager_, customer_;
};

TEST_P(LiveApi, AViewerSeesTheShowGoLiveThePinChangeAndTheOrdersWithoutAsking) {
  const std::string id = create(show_body());
  const auto page = json::parse(env_->call("GET", "/api/v1/live/events/" + id).body);
  EXPECT_EQ(page.at("state"), "scheduled");
  EXPECT_EQ(page.at("channels").at(0).at("embed_url"),
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");

  http::test::Connection viewer(env_->port());
  ASSERT_TRUE(open_stream(viewer, id));
  const std::string first = read_until(viewer, "\"viewers\":1");
  EXPECT_NE(first.find("event: snapshot"), std::string::npos) << first;
  EXPECT_NE(first.find("\"state\":\"scheduled\""), std::string::npos) << first;
  // A second viewer gets their own first frame; the first hears of them with the next pass.
  http::test::Connection second(env_->port());
  ASSERT_TRUE(open_stream(second, id));
  EXPECT_NE(read_until(second, "\"viewers\":2").find("\"viewers\":2"), std::string::npos);
  EXPECT_NE(read_until(viewer, "\"viewers\":2").find("\"viewers\":2"), std::string::npos);

  EXPECT_EQ(move(id, "ended").status, 409);  // not before it is live
  ASSERT_EQ(move(id, "live").status, 200);
  EXPECT_NE(read_until(viewer, "\"state\":\"live\"").find("\"state\":\"live\""), std::string::npos);
  ASSERT_EQ(pin(id, "9101").status, 201);
  EXPECT_NE(read_until(viewer, "수제 어묵").find("\"product_id\":\"9101\""), std::string::npos);
  ASSERT_EQ(pin(id, "9102").status, 201);
  EXPECT_NE(read_until(viewer, "국산 참기름").find("\"product_id\":\"9102\""), std::string::npos);

  // A paid order of a featured product: the counters move on the page.
  env_->db().write([](soci::session& s) {
    s << "INSERT INTO market_drops (id, product_id, title, opens_at, closes_at, quantity, "
         "per_buyer_limit, price_won, market_price_won, gift, free_shipping, zones, "
         "donation_percent, charity_org_id, fair_start_seconds, seed_hex, seed_commitment, "
         "hold_seconds, created_by, created_at) VALUES (9201, 9101, 'd', 0, 1, 100, 5, 10000, "
         "12000, '', 1, '', 10, NULL, 0, '', '', 60, 1, 0)";
    const long long at = now_us();
    s << "INSERT INTO market_orders (id, drop_id, buyer_id, units, amount_won, status, idem_key, "
         "pay_by, created_at, updated_at) VALUES (9301, 9201, (SELECT id FROM users WHERE email "
         "= 'customer@sangsaeng.test'), 3, 30000, 'paid', 'k', 0, :a, :b)",
        soci::use(at), soci::use(at);
  });
  const std::string sold = read_until(viewer, "\"sold\":3");
  EXPECT_NE(sold.find("\"orders\":1"), std::string::npos) << sold;
  EXPECT_NE(sold.find("\"donation_won\":3000"), std::string::npos) << sold;

  ASSERT_EQ(move(id, "ended").status, 200);
  auto replay = env_->call(
      "POST", "/api/v1/live/events/" + id + "/state",
      R"({"state":"replay_available","replay_url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ"})",
      &manager_);
  ASSERT_EQ(replay.status, 200) << replay.body;
  const auto after = json::parse(env_->call("GET", "/api/v1/live/events/" + id).body);
  EXPECT_EQ(after.at("state"), "replay_available");
  ASSERT_EQ(after.at("timeline").as_array().size(), 2u);
  EXPECT_EQ(after.at("timeline").at(0).at("title"), "수제 어묵");
  EXPECT_EQ(move(id, "live").status, 409);
}

TEST_P(LiveApi, MessagesReachThePageAndTheHostModeratesThem) {
  const std::string id = create(show_body());
  http::test::Connection viewer(env_->port());
  ASSERT_TRUE(open_stream(viewer, id));
  read_until(viewer, "\"viewers\":1");
  auto posted = env_->call("POST", "/api/v1/live/events/" + id + "/messages",
                           R"({"body":"어묵 너무 맛있어 보여요"})", &customer_);
  ASSERT_EQ(posted.status, 201) << posted.body;
  const auto message = json::parse(posted.body);
  EXPECT_NE(read_until(viewer, "맛있어 보여요").find("event: message"), std::string::npos);

  const std::string message_id(message.at("id").as_string());
  ASSERT_EQ(env_->call("POST", "/api/v1/live/events/" + id + "/messages/" + message_id + "/hide",
                       "{}", &manager_)
                .status,
            200);
  EXPECT_NE(read_until(viewer, "event: hidden").find(message_id), std::string::npos);
  EXPECT_EQ(json::parse(env_->call("GET", "/api/v1/live/events/" + id + "/messages").body)
                .at("items")
                .as_array()
                .size(),
            0u);

  // A viewer may not moderate; the host blocks the customer.
  EXPECT_EQ(env_->call("POST", "/api/v1/live/events/" + id + "/blocks", "{}", &customer_).status,
            403);
  ASSERT_EQ(env_->call("POST", "/api/v1/live/events/" + id + "/blocks",
                       R"({"user_id":")" + std::string(message.at("user_id").as_string()) + "\"}",
                       &manager_)
                .status,
            200);
  auto refused = env_->call("POST", "/api/v1/live/events/" + id + "/messages",
                            R"({"body":"또 왔어요"})", &customer_);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("blocked"), std::string::npos) << refused.body;
}

TEST_P(LiveApi, APinOnOneNodeReachesAViewerOnAnother) {
  const std::string id = create(show_body());
  ApiEnv other(url_);  // a second node on the same database
  http::test::Connection viewer(other.port());
  ASSERT_TRUE(open_stream(viewer, id));
  read_until(viewer, "\"viewers\":1");
  ASSERT_EQ(move(id, "live").status, 200);
  ASSERT_EQ(pin(id, "9102").status, 201);
  const std::string seen = read_until(viewer, "국산 참기름");
  EXPECT_NE(seen.find("\"product_id\":\"9102\""), std::string::npos) << seen;
}

TEST_P(LiveApi, BadEventsAndStrangersAreRefused) {
  const Browser market_manager = env_->login("manager@sangsaeng.test");
  EXPECT_EQ(env_->call("POST", "/api/v1/live/events", show_body(), &market_manager).status, 403);
  std::string bad = show_body();
  bad.replace(bad.find("https://youtu.be"), 16, "http://evil.test");
  auto r = env_->call("POST", "/api/v1/live/events", bad, &manager_);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("channels[0].url"), std::string::npos) << r.body;
  EXPECT_EQ(env_->call("GET", "/api/v1/live/events/123").status, 404);
  EXPECT_EQ(
      env_->call("POST", "/api/v1/live/events/123/state", R"({"state":"live"})", &manager_).status,
      404);
}

TEST_P(LiveApi, ACeremonyTakesRsvpsAndRemindersAndAGuestBook) {
  const std::string id = create(show_body("ceremony"));
  auto rsvp = env_->call("POST", "/api/v1/live/events/" + id + "/rsvps",
                         R"({"answer":"yes","party_size":3})", &customer_);
  ASSERT_EQ(rsvp.status, 200) << rsvp.body;
  EXPECT_EQ(json::parse(rsvp.body).at("totals").at("people"), 3);
  EXPECT_EQ(env_->call("POST", "/api/v1/live/events/" + id + "/reminders", "{}", &customer_).status,
            200);
  EXPECT_EQ(env_->call("POST", "/api/v1/live/events/" + id + "/guestbook",
                       R"({"body":"입학을 축하합니다!"})", &customer_)
                .status,
            201);
  const auto book = json::parse(env_->call("GET", "/api/v1/live/events/" + id + "/guestbook").body);
  EXPECT_EQ(book.at("items").at(0).at("body"), "입학을 축하합니다!");
  EXPECT_EQ(json::parse(env_->call("GET", "/api/v1/live/events/" + id).body).at("rsvps").at("yes"),
            1);
}

TEST_P(LiveApi, ThePerformancesCatalogueShowsWhatIsAvailable) {
  auto partner = env_->call("POST", "/api/v1/performances/partners",
                            R"({"name":"국립국악원","url":"https://www.gugak.go.kr"})", &manager_);
  ASSERT_EQ(partner.status, 201) << partner.body;
  const std::string partner_id(json::parse(partner.body).at("id").as_string());
  const UnixMicros now = now_us();
  auto title = [&](const std::string& name, UnixMicros from, UnixMicros until) {
    return env_->call("POST", "/api/v1/performances",
                      R"({"partner_id":")" + partner_id + R"(","title":")" + name +
                          R"(","duration_min":80,"age_rating":"all","iptv_channel":"U+tv 801",)" +
                          R"("lineup_month":"2026-11","available_from":")" + format_rfc3339(from) +
                          R"(","available_until":")" + format_rfc3339(until) + "\"}",
                      &manager_);
  };
  auto on = title("종묘제례악", now - kMicrosPerDay, now + kMicrosPerDay);
  ASSERT_EQ(on.status, 201) << on.body;
  ASSERT_EQ(title("수제천", now + 2 * kMicrosPerDay, now + 9 * kMicrosPerDay).status, 201);
  auto list = json::parse(env_->call("GET", "/api/v1/performances").body).at("items").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list.at(0).at("title"), "종묘제례악");
  auto later = json::parse(env_->call("GET", "/api/v1/performances?available_at=" +
                                                 format_rfc3339(now + 3 * kMicrosPerDay, 0))
                               .body);
  EXPECT_EQ(later.at("items").at(0).at("title"), "수제천");
  const std::string on_id(json::parse(on.body).at("id").as_string());
  auto view = env_->call("POST", "/api/v1/performances/" + on_id + "/views", "{}");
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_EQ(json::parse(view.body).at("views"), 1);
  EXPECT_EQ(env_->call("GET", "/api/v1/performances?available_at=yesterday").status, 422);
}

INSTANTIATE_TEST_SUITE_P(Databases, LiveApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
