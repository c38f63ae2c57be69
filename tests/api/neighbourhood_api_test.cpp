// Neighbourhood membership over real HTTP, on SQLite and PostgreSQL, with the demo's alley:
// a member finds the offers around 망원역 nearest first; takes a code; the bakery redeems it
// once and a second try is a 409 problem, as are all but one of simultaneous tries; another
// merchant cannot redeem it; a prize event takes one entry per member, is drawn once after it
// closes, tells the winners, and `sangsaeng draw verify` draws the same winners again.
#include <boost/json/serialize.hpp>
#include <fstream>
#include <thread>

#include "api_fixture.h"
#include "app/demo.h"
#include "support/app_process.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

class NeighbourhoodApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    url_ = GetParam() == store::Dialect::sqlite ? temp_sqlite_url() : fresh_pg_url();
    env_ = std::make_unique<ApiEnv>(url_, [](store::Db& db, accounts::AccountService& a) {
      app::seed_demo_neighbourhood(db, a, now_us());
    });
    member_ = env_->login("customer@sangsaeng.test");
    shop_ = env_->login("shop@sangsaeng.test");
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("nb_api_" + std::to_string(n++));
  }

  json::array offers(const std::string& query) {
    auto r = env_->call("GET", "/api/v1/neighbourhood/offers?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).at("items").as_array();
  }
  std::string offer_of(const std::string& shop_name) {
    for (const auto& o : offers("lat=37.556094&lon=126.910052&radius_m=500"))
      if (o.at("shop").at("name").as_string() == shop_name)
        return std::string(o.at("id").as_string());
    ADD_FAILURE() << "no offer of " << shop_name;
    return "";
  }
  std::string take_code(const std::string& offer) {
    auto r = env_->call("POST", "/api/v1/neighbourhood/offers/" + offer + "/codes", "{}", &member_);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(json::parse(r.body).at("code").as_string());
  }
  ClientResponse redeem(const std::string& code, const Browser& by) {
    return env_->call("POST", "/api/v1/neighbourhood/redemptions", R"({"code":")" + code + R"("})",
                      &by);
  }

  std::string url_;
  std::unique_ptr<ApiEnv> env_;
  Browser member_, shop_;
};

TEST_P(NeighbourhoodApi, AMemberFindsTheOffersAroundThemNearestFirst) {
  const auto near = offers("lat=37.556094&lon=126.910052&radius_m=500");
  ASSERT_EQ(near.size(), 5u);  // the 망원동 alley; 연남동 is 1.4 km away
  std::int64_t last = 0;
  for (const auto& o : near) {
    EXPECT_GE(o.at("distance_m").as_int64(), last);
    last = o.at("distance_m").as_int64();
  }
  EXPECT_EQ(near[0].at("shop").at("name").as_string(), "망원 손칼국수");
  EXPECT_EQ(offers("lat=37.556094&lon=126.910052&radius_m=2000").size(), 7u);
  auto bad = env_->call("GET", "/api/v1/neighbourhood/offers?lat=north&lon=126.9&radius_m=500");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(
      env_->call("GET", "/api/v1/neighbourhood/offers?lat=37.5&lon=126.9&radius_m=99999").status,
      422);
}

TEST_P(NeighbourhoodApi, TheShopRedeemsACodeOnceAndTheSecondTryIsRefused) {
  const std::string code = take_code(offer_of("호호베이커리"));
  // A merchant of another organisation (the farm) cannot redeem the bakery's code.
  Browser farm = env_->login("merchant@sangsaeng.test");
  EXPECT_EQ(redeem(code, farm).status, 403);
  auto first = redeem(code, shop_);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(json::parse(first.body).at("offer").at("discount_value").as_int64(), 10);
  auto second = redeem(code, shop_);
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(problem_type(second), "already-redeemed");
  EXPECT_NE(second.header("content-type").find("application/problem+json"), std::string::npos);
  // The member used today's one: no new code until tomorrow.
  auto again =
      env_->call("POST", "/api/v1/neighbourhood/offers/" + offer_of("호호베이커리") + "/codes",
                 "{}", &member_);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(problem_type(again), "daily-limit-reached");
  auto report = env_->call("GET", "/api/v1/neighbourhood/redemptions", {}, &shop_);
  ASSERT_EQ(report.status, 200);
  const auto items = json::parse(report.body).at("items").as_array();
  ASSERT_EQ(items.size(), 1u);  // the bakery sees its own offer only
  EXPECT_EQ(items[0].at("redeemed").as_int64(), 1);
}

TEST_P(NeighbourhoodApi, SimultaneousRedemptionsLetExactlyOneWin) {
  const std::string code = take_code(offer_of("호호베이커리"));
  std::vector<int> statuses(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back([&, i] { statuses[i] = redeem(code, shop_).status; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), 5);
}

TEST_P(NeighbourhoodApi, APrizeEventIsDrawnOnceAndAnyoneDrawsTheSameWinnersAgain) {
  Browser manager = env_->login("alley@sangsaeng.test");
  // Members log in first (hashing passwords is slow on a busy machine): the entries then fit in
  // the event's window, which closes soon so that the test can draw it.
  std::vector<Browser> members;
  for (int i = 1; i <= 4; ++i)
    members.push_back(env_->login("member" + std::to_string(i) + "@sangsaeng.test"));
  const UnixMicros closes = now_us() + 8 * kMicrosPerSecond;
  auto created = env_->call("POST", "/api/v1/neighbourhood/prize-events",
                            R"({"title":"골목 경품","prize":"상품권 1만 원","winners_count":2,)"
                            R"("opens_at":")" +
                                format_rfc3339(now_us() - kMicrosPerSecond) + R"(","closes_at":")" +
                                format_rfc3339(closes) + R"("})",
                            &manager);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto event = json::parse(created.body).as_object();
  const std::string id(event.at("id").as_string());
  EXPECT_EQ(event.at("seed_commitment").as_string().size(), 64u);
  const std::string path = "/api/v1/neighbourhood/prize-events/" + id;
  for (const Browser& m : members)
    EXPECT_EQ(env_->call("POST", path + "/entries", "{}", &m).status, 201);
  auto mine = env_->call("POST", path + "/entries", "{}", &member_);
  auto twice = env_->call("POST", path + "/entries", "{}", &member_);
  EXPECT_EQ(json::parse(mine.body).at("id"), json::parse(twice.body).at("id"));  // one entry
  auto early = env_->call("POST", path + "/draw", "{}", &manager);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(problem_type(early), "entries-open");
  EXPECT_TRUE(json::parse(env_->call("GET", path + "/draw").body).at("seed").is_null());
  while (now_us() <= closes) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto drawn = env_->call("POST", path + "/draw", "{}", &manager);
  ASSERT_EQ(drawn.status, 200) << drawn.body;
  EXPECT_EQ(json::parse(drawn.body).at("winners").as_array().size(), 2u);
  EXPECT_EQ(json::parse(drawn.body).at("entries").as_array().size(), 5u);
  EXPECT_EQ(problem_type(env_->call("POST", path + "/draw", "{}", &manager)), "already-drawn");

  const auto published = env_->call("GET", path + "/draw");
  const std::string file = make_temp_dir("ss-prize-") + "/draw.json";
  std::ofstream(file) << published.body;
  const auto verified =
      run_command(std::string(SANGSAENG_BINARY) + " draw verify " + file + " 2>&1");
  EXPECT_EQ(verified.status, 0) << verified.output;
  EXPECT_NE(verified.output.find("draw verified"), std::string::npos) << verified.output;
  const std::string first_winner(
      json::parse(published.body).at("winners").as_array()[0].at("entry").as_string());
  EXPECT_NE(verified.output.find("1\t" + first_winner), std::string::npos) << verified.output;
  const auto from_db = run_command(std::string(SANGSAENG_BINARY) + " draw verify " + id +
                                   " --db '" + url_ + "' 2>&1");
  EXPECT_EQ(from_db.status, 0) << from_db.output;
  // A winner swapped after the fact is caught.
  auto forged = json::parse(published.body).as_object();
  auto& winners = forged["winners"].as_array();
  std::swap(winners[0].as_object()["entry"], winners[1].as_object()["entry"]);
  std::ofstream(file) << json::serialize(forged);
  const auto caught = run_command(std::string(SANGSAENG_BINARY) + " draw verify " + file + " 2>&1");
  EXPECT_EQ(caught.status, 1) << caught.output;
}

INSTANTIATE_TEST_SUITE_P(Databases, NeighbourhoodApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
