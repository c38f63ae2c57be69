// Happiness credit over real HTTP, on SQLite and PostgreSQL: an admin adds a partner shop and
// gets its key once; the shop reports a purchase signed with it and the customer's credit
// grows; a retry earns nothing more; a replayed, stale, forged or unsigned request is a clear
// 4xx that changes nothing and is recorded; a cancellation takes the credit back. The books
// verify after each step.
#include <tuple>

#include "api_fixture.h"
#include "giving/signature.h"
#include "ledger/verify.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

class GivingApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>(GetParam() == store::Dialect::sqlite ? temp_sqlite_url()
                                                                         : fresh_pg_url());
    admin_ = env_->login("admin@sangsaeng.test");
    customer_ = env_->login("customer@sangsaeng.test");
    const auto me = json::parse(env_->call("GET", "/api/v1/auth/me", {}, &customer_).body);
    customer_id_ = std::string(me.at("user").at("id").as_string());
    auto r = env_->call("POST", "/api/v1/giving/partners",
                        R"({"name":"착한가게 온라인몰","rates":[)"
                        R"({"starts_at":"2020-01-01T00:00:00+09:00","rate_bp":100},)"
                        R"({"starts_at":"2026-01-01T00:00:00+09:00","rate_bp":300}]})",
                        &admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    const auto partner = json::parse(r.body);
    key_id_ = std::string(partner.at("key_id").as_string());
    secret_ = std::string(partner.at("secret").as_string());
    partner_id_ = std::string(partner.at("id").as_string());
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("giving_api_" + std::to_string(n++));
  }

  std::string signed_headers(const std::string& method, const std::string& path,
                             const std::string& body, UnixMicros at = now_us(),
                             const std::string& secret = {}) {
    const std::string ts = std::to_string(at / kMicrosPerSecond);
    const std::string sig =
        giving::sign(secret.empty() ? secret_ : secret, {method, path, ts, body});
    return "X-Giving-Key: " + key_id_ + "\r\nX-Giving-Timestamp: " + ts +
           "\r\nX-Giving-Signature: " + sig + "\r\n";
  }
  ClientResponse signed_post(const std::string& path, const std::string& body,
                             const std::string& headers = {}) {
    return env_->call("POST", path, body, nullptr,
                      headers.empty() ? signed_headers("POST", path, body) : headers);
  }
  std::string purchase(const std::string& ref, std::int64_t won) {
    return R"({"partner_purchase_id":")" + ref + R"(","customer_id":")" + customer_id_ +
           R"(","amount_won":)" + std::to_string(won) + R"(,"at":")" +
           format_rfc3339(now_us() - 3600 * kMicrosPerSecond) + R"("})";
  }
  std::int64_t balance() {
    auto r = env_->call("GET", "/api/v1/giving/me", {}, &customer_);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).at("balance_points").as_int64();
  }
  std::vector<std::string> refusal_reasons() {
    auto r = env_->call("GET", "/api/v1/giving/refusals", {}, &admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const json::value answer = json::parse(r.body);
    for (const auto& item : answer.at("items").as_array())
      out.emplace_back(item.at("reason").as_string());
    return out;
  }
  void expect_books_verify() {
    const auto report = ledger::verify(env_->db());
    EXPECT_TRUE(report.ok()) << report.mismatch->message;
  }

  std::unique_ptr<ApiEnv> env_;
  Browser admin_, customer_;
  std::string customer_id_, key_id_, secret_, partner_id_;
};

TEST_P(GivingApi, ASignedPurchaseEarnsCreditOnce) {
  const std::string body = purchase("ORD-1001", 25'000);
  auto r = signed_post("/api/v1/giving/purchases", body);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto p = json::parse(r.body);
  EXPECT_EQ(p.at("credit_earned").as_int64(), 750);  // 3 % since 2026
  EXPECT_EQ(p.at("rate_bp").as_int64(), 300);
  EXPECT_EQ(balance(), 750);
  expect_books_verify();
  // The partner's retry, signed afresh (a later second): the first answer, nothing more.
  auto again = env_->call(
      "POST", "/api/v1/giving/purchases", body, nullptr,
      signed_headers("POST", "/api/v1/giving/purchases", body, now_us() + kMicrosPerSecond));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body).at("id"), p.at("id"));
  EXPECT_EQ(balance(), 750);
  // The customer sees it with the shop's name.
  const auto me = json::parse(env_->call("GET", "/api/v1/giving/me", {}, &customer_).body);
  const auto& items = me.at("history").at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("partner_name"), "착한가게 온라인몰");
  EXPECT_EQ(items[0].at("credit_earned").as_int64(), 750);
}

TEST_P(GivingApi, ReplayedStaleForgedAndUnsignedRequestsAreRefusedAndRecorded) {
  const std::string path = "/api/v1/giving/purchases";
  const std::string body = purchase("ORD-2001", 10'000);
  const std::string headers = signed_headers("POST", path, body);
  ASSERT_EQ(signed_post(path, body, headers).status, 201);
  EXPECT_EQ(balance(), 300);
  // The same bytes again: a replay.
  auto replay = signed_post(path, body, headers);
  EXPECT_EQ(replay.status, 409) << replay.body;
  EXPECT_EQ(problem_type(replay), "replayed-request");
  // Signed ten minutes ago.
  const std::string other = purchase("ORD-2002", 10'000);
  auto stale = signed_post(path, other,
                           signed_headers("POST", path, other, now_us() - 600 * kMicrosPerSecond));
  EXPECT_EQ(stale.status, 401) << stale.body;
  EXPECT_EQ(problem_type(stale), "stale-timestamp");
  // A body changed after signing (a bigger amount), and a request signed with another secret.
  auto forged =
      signed_post(path, purchase("ORD-2002", 10'000'000), signed_headers("POST", path, other));
  EXPECT_EQ(forged.status, 401) << forged.body;
  EXPECT_EQ(problem_type(forged), "bad-signature");
  auto wrong_key =
      signed_post(path, other, signed_headers("POST", path, other, now_us(), std::string(64, 'a')));
  EXPECT_EQ(problem_type(wrong_key), "bad-signature");
  // No signature at all, even from a signed-in customer.
  auto unsigned_request = env_->call("POST", path, other, &customer_);
  EXPECT_EQ(unsigned_request.status, 401) << unsigned_request.body;
  EXPECT_EQ(problem_type(unsigned_request), "unknown-partner");
  EXPECT_EQ(balance(), 300);
  EXPECT_EQ(refusal_reasons(),
            (std::vector<std::string>{"unknown-partner", "bad-signature", "bad-signature",
                                      "stale-timestamp", "replayed-request"}));
  expect_books_verify();
}

TEST_P(GivingApi, BadReportsAreClearProblems) {
  const std::string path = "/api/v1/giving/purchases";
  for (
      const std::string& body :
      {std::string(
           R"({"partner_purchase_id":"X","customer_id":"999","amount_won":1000,"at":"2026-11-01T10:00:00+09:00"})"),
       std::string(
           R"({"partner_purchase_id":"X","customer_id":"1","amount_won":-5,"at":"2026-11-01T10:00:00+09:00"})"),
       std::string(R"({"partner_purchase_id":"X","amount_won":1000})"),
       std::string(
           R"({"partner_purchase_id":"X","customer_id":"1","amount_won":1000,"at":"2019-01-01T10:00:00+09:00"})")}) {
    auto r = signed_post(path, body);
    EXPECT_EQ(r.status, 422) << body << " " << r.body;
  }
  auto not_json = signed_post(path, "not json");
  EXPECT_EQ(not_json.status, 400) << not_json.body;
  EXPECT_EQ(balance(), 0);
}

TEST_P(GivingApi, ACancellationTakesTheCreditBack) {
  auto r = signed_post("/api/v1/giving/purchases", purchase("ORD-3001", 20'000));
  ASSERT_EQ(r.status, 201) << r.body;
  signed_post("/api/v1/giving/purchases", purchase("ORD-3002", 10'000));
  EXPECT_EQ(balance(), 900);
  const std::string id(json::parse(r.body).at("id").as_string());
  const std::string path = "/api/v1/giving/purchases/" + id + "/cancel";
  auto cancelled = signed_post(path, "{}");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body).at("credit_reversed").as_int64(), 600);
  EXPECT_EQ(balance(), 300);
  auto again = env_->call("POST", path, "{}", nullptr,
                          signed_headers("POST", path, "{}", now_us() + kMicrosPerSecond));
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(balance(), 300);
  // A purchase that is not there, and an unsigned cancellation.
  EXPECT_EQ(signed_post("/api/v1/giving/purchases/123/cancel", "{}").status, 404);
  EXPECT_EQ(env_->call("POST", path, "{}", &customer_).status, 401);
  expect_books_verify();
}

TEST_P(GivingApi, TheKeyIsShownOnceAndPartnersNeedAnAdmin) {
  auto list = env_->call("GET", "/api/v1/giving/partners", {}, &admin_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(secret_), std::string::npos);
  EXPECT_NE(list.body.find(key_id_), std::string::npos);
  EXPECT_EQ(
      env_->call("POST", "/api/v1/giving/partners", R"({"name":"x","rate_bp":100})", &customer_)
          .status,
      403);
  auto dup = env_->call("POST", "/api/v1/giving/partners",
                        R"({"name":"착한가게 온라인몰","rate_bp":100})", &admin_);
  EXPECT_EQ(dup.status, 409) << dup.body;
  auto bad =
      env_->call("POST", "/api/v1/giving/partners", R"({"name":"y","rate_bp":20000})", &admin_);
  EXPECT_EQ(bad.status, 422) << bad.body;
}

TEST_P(GivingApi, AnAdminAddsARateForALaterPeriod) {
  const std::string path = "/api/v1/giving/partners/" + partner_id_ + "/rates";
  const std::string later = format_rfc3339(now_us() + 24 * 3600 * kMicrosPerSecond);
  const std::string body = R"({"starts_at":")" + later + R"(","rate_bp":500})";
  EXPECT_EQ(env_->call("POST", path, body, &customer_).status, 403);
  auto added = env_->call("POST", path, body, &admin_);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(json::parse(added.body).at("rates").as_array().size(), 3u);
  EXPECT_EQ(env_->call("POST", path, body, &admin_).status, 409);
  auto past =
      env_->call("POST", path, R"({"starts_at":"2021-01-01T00:00:00+09:00","rate_bp":5})", &admin_);
  EXPECT_EQ(past.status, 422) << past.body;
  EXPECT_EQ(env_->call("POST", "/api/v1/giving/partners/12345/rates", body, &admin_).status, 404);
}

TEST_P(GivingApi, ACustomerChoosesCausesAndSeesWhatTheirCreditDid) {
  // Two charities become causes (the default split 60/40).
  std::vector<std::string> orgs;
  for (const char* name : {"독거노인 돌봄 협회", "장애청소년 꿈 재단"}) {
    auto r = env_->call("POST", "/api/v1/orgs",
                        std::string(R"({"name":")") + name + R"(","kind":"charity"})", &admin_);
    ASSERT_EQ(r.status, 201) << r.body;
    orgs.emplace_back(json::parse(r.body).at("id").as_string());
  }
  std::vector<std::string> causes;
  for (auto [org, name, share] :
       {std::tuple{orgs[0], "독거노인", 60}, std::tuple{orgs[1], "장애청소년", 40}}) {
    auto r = env_->call("POST", "/api/v1/giving/causes",
                        R"({"org_id":")" + org + R"(","name":")" + name + R"(","default_share":)" +
                            std::to_string(share) + R"(,"registration_no":"214-82-2000)" +
                            std::to_string(share / 20) + R"("})",
                        &admin_);
    ASSERT_EQ(r.status, 201) << r.body;
    causes.emplace_back(json::parse(r.body).at("id").as_string());
  }
  EXPECT_EQ(env_->call("GET", "/api/v1/giving/causes").status, 200);  // public
  auto mine = json::parse(env_->call("GET", "/api/v1/giving/me/causes", {}, &customer_).body);
  EXPECT_TRUE(mine.at("default").as_bool());
  EXPECT_EQ(mine.at("shares").as_array().size(), 2u);
  // Shares that do not add up to 100 % are refused; 100 % to the youth is kept.
  auto bad = env_->call("PUT", "/api/v1/giving/me/causes",
                        R"({"shares":[{"cause_id":")" + causes[0] +
                            R"(","percent":50},{"cause_id":")" + causes[1] + R"(","percent":30}]})",
                        &customer_);
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto chose =
      env_->call("PUT", "/api/v1/giving/me/causes",
                 R"({"shares":[{"cause_id":")" + causes[1] + R"(","percent":100}]})", &customer_);
  ASSERT_EQ(chose.status, 200) << chose.body;
  EXPECT_FALSE(json::parse(chose.body).at("default").as_bool());
  ASSERT_EQ(signed_post("/api/v1/giving/purchases", purchase("ORD-4001", 40'000)).status, 201);
  EXPECT_EQ(balance(), 1'200);
  // A customer may not settle; the admin settles up to now.
  const std::string period = R"({"period_end":")" + format_rfc3339(now_us()) + R"("})";
  EXPECT_EQ(env_->call("POST", "/api/v1/giving/settlements", period, &customer_).status, 403);
  auto settled = env_->call("POST", "/api/v1/giving/settlements", period, &admin_);
  ASSERT_EQ(settled.status, 201) << settled.body;
  const auto t = json::parse(settled.body);
  EXPECT_EQ(t.at("status"), "done");
  EXPECT_EQ(t.at("points").as_int64(), 1'200);
  EXPECT_EQ(t.at("won").as_int64(), 1'200);
  EXPECT_EQ(balance(), 0);
  const std::string id(t.at("id").as_string());
  auto again = env_->call("POST", "/api/v1/giving/settlements", period, &admin_);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body).at("points").as_int64(), 1'200);
  auto got = env_->call("GET", "/api/v1/giving/settlements/" + id, {}, &admin_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(json::parse(got.body).at("causes").as_array().size(), 1u);
  // What my credit did.
  const auto me = json::parse(env_->call("GET", "/api/v1/giving/me", {}, &customer_).body);
  const auto& statements = me.at("statements").as_array();
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].at("points").as_int64(), 1'200);
  EXPECT_EQ(statements[0].at("causes").at(0).at("name"), "장애청소년");
  // The settlement is listed for the program's staff.
  auto listed = json::parse(env_->call("GET", "/api/v1/giving/settlements", {}, &admin_).body);
  ASSERT_EQ(listed.at("items").as_array().size(), 1u);
  EXPECT_EQ(listed.at("items").at(0).at("id").as_string(), id);
  EXPECT_EQ(env_->call("GET", "/api/v1/giving/settlements", {}, &customer_).status, 403);
  // The donor's receipt for this year: a printable page (no script runs in it) and a CSV.
  const std::string year = std::to_string(civil_from_micros(now_us(), kSeoulOffsetMinutes).year);
  auto years = json::parse(env_->call("GET", "/api/v1/giving/me/receipts", {}, &customer_).body);
  ASSERT_EQ(years.at("items").as_array().size(), 1u);
  EXPECT_EQ(std::to_string(years.at("items").at(0).at("year").as_int64()), year);
  EXPECT_EQ(years.at("items").at(0).at("won").as_int64(), 1'200);
  auto page = env_->call("GET", "/api/v1/giving/me/receipts/" + year, {}, &customer_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page.header("content-security-policy").find("default-src 'none'"), std::string::npos);
  for (const char* needed : {"기부금 영수증", "장애청소년 꿈 재단", "214-82-20002", "1,200원"})
    EXPECT_NE(page.body.find(needed), std::string::npos) << needed;
  auto csv =
      env_->call("GET", "/api/v1/giving/me/receipts/" + year + "?format=csv", {}, &customer_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("214-82-20002,장애청소년,금전,1200"), std::string::npos) << csv.body;
  EXPECT_EQ(env_->call("GET", "/api/v1/giving/me/receipts/" + year + "?format=pdf", {}, &customer_)
                .status,
            422);
  EXPECT_EQ(env_->call("GET", "/api/v1/giving/me/receipts/20x6", {}, &customer_).status, 422);
  EXPECT_EQ(env_->call("GET", "/api/v1/giving/me/receipts/" + year).status, 401);
  // A period end in the future is refused.
  auto future = env_->call("POST", "/api/v1/giving/settlements",
                           R"({"period_end":"2099-01-01T00:00:00+09:00"})", &admin_);
  EXPECT_EQ(future.status, 422) << future.body;
  expect_books_verify();
}

INSTANTIATE_TEST_SUITE_P(Databases, GivingApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
