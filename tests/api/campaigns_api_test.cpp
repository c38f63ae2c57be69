// The market's giving over real HTTP, on SQLite and PostgreSQL: a manager makes a matching
// campaign with a budget and flags a merchant a social enterprise; a drop names the campaign and
// a credit rate; a customer's paid order earns rate x paid credit (seen in GET /giving/me) and
// the campaign's match, capped when the budget runs out (the order says so); a refund takes
// both back. Bad input is a 4xx that changes nothing. The books verify after each step.
#include "api_fixture.h"
#include "ledger/verify.h"
#include "support/customers.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPay =
    R"({"method_token":"sandbox-approve","ship_to":{"recipient":"김하늘","phone":"010-1234-5678",)"
    R"("postal_code":"03154","address1":"서울 종로구 세종대로 175"}})";

class CampaignsApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>(GetParam() == store::Dialect::sqlite ? temp_sqlite_url()
                                                                         : fresh_pg_url());
    manager_ = env_->login("manager@sangsaeng.test");
    merchant_ = env_->login("merchant@sangsaeng.test");
    const auto charities =
        json::parse(env_->call("GET", "/api/v1/market/charities", {}, &manager_).body);
    charity_ = std::string(charities.at("items").at(0).at("id").as_string());
    farm_ = std::string(json::parse(env_->call("GET", "/api/v1/auth/me", {}, &merchant_).body)
                            .at("user")
                            .at("org")
                            .at("id")
                            .as_string());
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("campaigns_api_" + std::to_string(n++));
  }
  ClientResponse as_token(const std::string& token, const std::string& method,
                          const std::string& target, const std::string& body = {},
                          const std::string& headers = {}) {
    return env_->call(method, target, body, nullptr,
                      "Authorization: Bearer " + token + "\r\n" + headers);
  }
  void expect_books_verify() {
    const auto report = ledger::verify(env_->db());
    EXPECT_TRUE(report.ok()) << report.mismatch->message;
  }
  json::object campaign(const std::string& id) {
    auto r = env_->call("GET", "/api/v1/giving/campaigns/" + id);  // public
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).as_object();
  }
  // A drop of the demo farm's apples (19,900 won) naming `campaign`, credit at 5 %.
  std::string make_drop(const std::string& campaign) {
    auto p = env_->call("POST", "/api/v1/market/products",
                        R"({"name":"사회적농장 사과 5kg","origin":"경북 청송",)"
                        R"("unit_label":"5kg 한 상자","price_won":19900,"market_price_won":39800})",
                        &merchant_);
    EXPECT_EQ(p.status, 201) << p.body;
    const UnixMicros opens = now_us() - kMicrosPerSecond;
    auto r = env_->call(
        "POST", "/api/v1/market/drops",
        R"({"product_id":")" + std::string(json::parse(p.body).at("id").as_string()) +
            R"(","opens_at":")" + format_rfc3339(opens) + R"(","closes_at":")" +
            format_rfc3339(opens + 3600 * kMicrosPerSecond) +
            R"(","quantity":100,"per_buyer_limit":1,"price_won":19900,"market_price_won":39800,)"
            R"("campaign_id":")" +
            campaign + R"(","credit_rate_bp":500})",
        &manager_);
    EXPECT_EQ(r.status, 201) << r.body;
    const auto drop = json::parse(r.body);
    EXPECT_EQ(drop.at("campaign_id").as_string(), campaign);
    EXPECT_EQ(drop.at("donation_percent"), 50);
    EXPECT_EQ(drop.at("credit_rate_bp"), 500);
    return std::string(drop.at("id").as_string());
  }
  // The buyer's paid order, as their order list answers it.
  json::object buy_and_pay(const std::string& token, const std::string& drop) {
    auto held = as_token(token, "POST", "/api/v1/market/drops/" + drop + "/orders",
                         R"({"units":1})", "Idempotency-Key: buy-" + drop + "\r\n");
    EXPECT_EQ(held.status, 201) << held.body;
    const std::string id(json::parse(held.body).at("id").as_string());
    auto paid = as_token(token, "POST", "/api/v1/market/orders/" + id + "/pay", kPay);
    EXPECT_EQ(paid.status, 200) << paid.body;
    const json::value mine = json::parse(as_token(token, "GET", "/api/v1/market/orders").body);
    for (const auto& o : mine.at("items").as_array())
      if (o.at("id").as_string() == id) return o.as_object();
    ADD_FAILURE() << "order not listed";
    return {};
  }

  std::unique_ptr<ApiEnv> env_;
  Browser manager_, merchant_;
  std::string charity_, farm_;
};

TEST_P(CampaignsApi, ACampaignMatchesUpToItsBudgetAndAFlaggedMerchantsOrderEarnsCredit) {
  // Bad input changes nothing.
  for (const std::string& bad : {
           R"({"name":"","charity_org_id":")" + charity_ +
               R"(","match_percent":50,"budget_won":1})",
           R"({"name":"x","charity_org_id":")" + farm_ + R"(","match_percent":50,"budget_won":1})",
           R"({"name":"x","charity_org_id":")" + charity_ +
               R"(","match_percent":0,"budget_won":1})",
           R"({"name":"x","charity_org_id":")" + charity_ +
               R"(","match_percent":50,"budget_won":-5})",
       }) {
    auto r = env_->call("POST", "/api/v1/giving/campaigns", bad, &manager_);
    EXPECT_EQ(r.status, 422) << bad << " " << r.body;
  }
  EXPECT_EQ(env_->call("POST", "/api/v1/giving/campaigns", "{}", &merchant_).status, 403);
  EXPECT_EQ(
      json::parse(env_->call("GET", "/api/v1/giving/campaigns").body).at("items").as_array().size(),
      0u);

  auto created = env_->call("POST", "/api/v1/giving/campaigns",
                            R"({"name":"겨울나기 매칭","charity_org_id":")" + charity_ +
                                R"(","match_percent":50,"budget_won":15000})",
                            &manager_);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto c = json::parse(created.body);
  const std::string cid(c.at("id").as_string());
  EXPECT_EQ(c.at("budget_won"), 15000);
  EXPECT_EQ(c.at("remaining_won"), 15000);
  EXPECT_EQ(c.at("books_balance_won"), 15000);
  EXPECT_EQ(c.at("charity_name"), "나눔재단 (Nanum Foundation)");
  expect_books_verify();

  auto flagged = env_->call("PUT", "/api/v1/market/merchants/" + farm_ + "/flags",
                            R"({"social_enterprise":true,"small_merchant":false})", &manager_);
  ASSERT_EQ(flagged.status, 200) << flagged.body;
  EXPECT_EQ(json::parse(flagged.body).at("earns_credit"), true);
  EXPECT_EQ(env_->call("PUT", "/api/v1/market/merchants/" + charity_ + "/flags",
                       R"({"social_enterprise":true,"small_merchant":false})", &manager_)
                .status,
            404);

  const std::string drop = make_drop(cid);
  const auto buyers = add_customers(env_->db(), 2);
  const auto first = buy_and_pay(buyers[0], drop);
  EXPECT_EQ(first.at("giving").at("donation_won"), 9950);
  EXPECT_EQ(first.at("giving").at("donation_capped"), false);
  EXPECT_EQ(first.at("giving").at("credit_earned"), 995);  // 5 % of 19,900
  auto me = json::parse(as_token(buyers[0], "GET", "/api/v1/giving/me").body);
  EXPECT_EQ(me.at("balance_points"), 995);
  const auto& history = me.at("history").at("items").as_array();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].at("partner_name"), "상생 커뮤니티 마켓");
  EXPECT_EQ(history[0].at("credit_earned"), 995);
  expect_books_verify();

  // The budget runs out: the second order's match is what was left, and it says so.
  const auto second = buy_and_pay(buyers[1], drop);
  EXPECT_EQ(second.at("giving").at("donation_won"), 5050);
  EXPECT_EQ(second.at("giving").at("donation_share_won"), 9950);
  EXPECT_EQ(second.at("giving").at("donation_capped"), true);
  EXPECT_EQ(campaign(cid).at("remaining_won"), 0);
  EXPECT_EQ(campaign(cid).at("books_balance_won"), 0);
  expect_books_verify();
  // The public figures count the capped match as the books hold it: nothing fails to tie.
  const Browser auditor = env_->login("auditor@sangsaeng.test");
  const auto reconciled =
      json::parse(env_->call("GET", "/api/v1/figures/reconciliation", {}, &auditor).body);
  EXPECT_TRUE(reconciled.at("mismatches").as_array().empty()) << json::serialize(reconciled);

  // A refund takes the credit back and gives the match back to the budget.
  auto refunded = as_token(
      buyers[0], "POST",
      "/api/v1/market/orders/" + std::string(first.at("id").as_string()) + "/refund", "{}");
  ASSERT_EQ(refunded.status, 200) << refunded.body;
  me = json::parse(as_token(buyers[0], "GET", "/api/v1/giving/me").body);
  EXPECT_EQ(me.at("balance_points"), 0);
  EXPECT_EQ(me.at("history").at("items").at(0).at("credit_reversed"), 995);
  EXPECT_EQ(campaign(cid).at("remaining_won"), 9950);
  EXPECT_EQ(campaign(cid).at("books_balance_won"), 9950);
  expect_books_verify();

  // A top-up.
  auto topped = env_->call("POST", "/api/v1/giving/campaigns/" + cid + "/budget",
                           R"({"amount_won":10000})", &manager_);
  ASSERT_EQ(topped.status, 200) << topped.body;
  EXPECT_EQ(json::parse(topped.body).at("remaining_won"), 19950);
  expect_books_verify();
  // The merchants list shows the flag.
  auto merchants = env_->call("GET", "/api/v1/market/merchants", {}, &manager_);
  ASSERT_EQ(merchants.status, 200) << merchants.body;
  bool seen = false;
  const json::value listed = json::parse(merchants.body);
  for (const auto& m : listed.at("items").as_array())
    if (m.at("id").as_string() == farm_) seen = m.at("social_enterprise").as_bool();
  EXPECT_TRUE(seen);
}

INSTANTIATE_TEST_SUITE_P(Databases, CampaignsApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
