// Log-in, sessions, CSRF, API tokens, idempotency and the audit log over real HTTP.
#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

class AuthApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { env_ = new ApiEnv(); }
  static void TearDownTestSuite() { delete env_; }
  static ApiEnv* env_;
};
ApiEnv* AuthApi::env_ = nullptr;

TEST_F(AuthApi, LoginMeLogout) {
  Browser admin = env_->login("admin@sangsaeng.test");
  auto me = env_->call("GET", "/api/v1/auth/me", {}, &admin);
  ASSERT_EQ(me.status, 200);
  const auto v = boost::json::parse(me.body);
  EXPECT_EQ(v.at("user").at("email"), "admin@sangsaeng.test");
  EXPECT_EQ(v.at("user").at("roles").at(0).at("role"), "admin");
  EXPECT_TRUE(v.at("user").at("id").is_string());  // 64-bit ids travel as strings
  EXPECT_EQ(env_->call("POST", "/api/v1/auth/logout", {}, &admin).status, 204);
  EXPECT_EQ(env_->call("GET", "/api/v1/auth/me", {}, &admin).status, 401);
}

TEST_F(AuthApi, SessionCookieIsHttpOnlyAndCsrfCookieIsReadable) {
  auto r = env_->call("POST", "/api/v1/auth/login",
                      R"({"email":"customer@sangsaeng.test","password":"sangsaeng-demo"})");
  ASSERT_EQ(r.status, 200);
  const std::string set_cookie = r.header("set-cookie");
  const auto session = set_cookie.substr(set_cookie.find("ss_session="));
  EXPECT_NE(session.substr(0, session.find(", ss_csrf")).find("HttpOnly"), std::string::npos);
  const auto csrf = set_cookie.substr(set_cookie.find("ss_csrf="));
  EXPECT_EQ(csrf.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
}

TEST_F(AuthApi, UnsafeRequestsNeedTheCsrfToken) {
  Browser admin = env_->login("admin@sangsaeng.test");
  Browser forged = admin;
  forged.csrf = "forged";
  auto r =
      env_->call("POST", "/api/v1/orgs", R"({"name":"CSRF 테스트","kind":"charity"})", &forged);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(problem_type(r), "csrf");
  r = env_->call("POST", "/api/v1/orgs", R"({"name":"CSRF 테스트","kind":"charity"})", &admin);
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(AuthApi, LoggingInAgainWithALiveSessionCookieNeedsNoCsrfToken) {
  Browser customer = env_->login("customer@sangsaeng.test");
  auto r = env_->call("POST", "/api/v1/auth/login",
                      R"({"email":"customer@sangsaeng.test","password":"sangsaeng-demo"})", nullptr,
                      "Cookie: " + customer.cookie + "\r\n");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(AuthApi, PasswordChangeThenLoginWithTheNewOne) {
  Browser helper = env_->login("helper@sangsaeng.test");
  auto r = env_->call(
      "POST", "/api/v1/auth/password",
      R"({"current_password":"sangsaeng-demo","new_password":"a much longer secret"})", &helper);
  ASSERT_EQ(r.status, 204) << r.body;
  auto old = env_->call("POST", "/api/v1/auth/login",
                        R"({"email":"helper@sangsaeng.test","password":"sangsaeng-demo"})");
  EXPECT_EQ(old.status, 401);
  EXPECT_EQ(problem_type(old), "invalid-credentials");
  env_->login("helper@sangsaeng.test", "a much longer secret");
}

TEST_F(AuthApi, SignupMakesACustomerAndSignsIn) {
  auto r = env_->call(
      "POST", "/api/v1/auth/signup",
      R"({"email":"new.buyer@example.kr","display_name":"새 구매자","password":"my own password"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto v = boost::json::parse(r.body);
  EXPECT_EQ(v.at("user").at("roles").at(0).at("role"), "customer");
  auto again = env_->call(
      "POST", "/api/v1/auth/signup",
      R"({"email":"NEW.buyer@example.kr","display_name":"x","password":"my own password"})");
  EXPECT_EQ(again.status, 409);
}

TEST_F(AuthApi, BearerTokensWorkWithoutCsrfAndStopWhenRevoked) {
  Browser admin = env_->login("admin@sangsaeng.test");
  auto users = boost::json::parse(env_->call("GET", "/api/v1/users?limit=200", {}, &admin).body);
  std::string auditor_id;
  for (const auto& u : users.at("items").as_array())
    if (u.at("email") == "auditor@sangsaeng.test") auditor_id = std::string(u.at("id").as_string());
  ASSERT_FALSE(auditor_id.empty());
  auto created = env_->call("POST", "/api/v1/tokens",
                            R"({"user_id":")" + auditor_id + R"(","name":"books export"})", &admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto t = boost::json::parse(created.body);
  const std::string token(t.at("token").as_string());
  const std::string id(t.at("id").as_string());
  const std::string bearer = "Authorization: Bearer " + token + "\r\n";
  auto audit = env_->call("GET", "/api/v1/audit", {}, nullptr, bearer);
  EXPECT_EQ(audit.status, 200);
  auto forbidden =
      env_->call("POST", "/api/v1/orgs", R"({"name":"x","kind":"charity"})", nullptr, bearer);
  EXPECT_EQ(forbidden.status, 403);  // an auditor's token may read, not write
  EXPECT_EQ(env_->call("DELETE", "/api/v1/tokens/" + id, {}, &admin).status, 204);
  EXPECT_EQ(env_->call("GET", "/api/v1/audit", {}, nullptr, bearer).status, 401);
}

TEST_F(AuthApi, IdempotencyKeyReplaysTheFirstAnswer) {
  Browser admin = env_->login("admin@sangsaeng.test");
  const std::string key = "Idempotency-Key: 7b1e-org-create\r\n";
  const std::string body = R"({"name":"멱등 상점","kind":"merchant"})";
  auto first = env_->call("POST", "/api/v1/orgs", body, &admin, key);
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string before = env_->snapshot();
  auto retry = env_->call("POST", "/api/v1/orgs", body, &admin, key);
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.header("idempotent-replayed"), "true");
  EXPECT_EQ(env_->snapshot(), before);  // nothing created twice, nothing audited twice
  auto other =
      env_->call("POST", "/api/v1/orgs", R"({"name":"다른 상점","kind":"merchant"})", &admin, key);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(problem_type(other), "idempotency-key-reused");
}

TEST_F(AuthApi, EveryWriteIsAudited) {
  Browser admin = env_->login("admin@sangsaeng.test");
  auto r = env_->call("PATCH", "/api/v1/programs/events", R"({"status":"active"})", &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  Browser auditor = env_->login("auditor@sangsaeng.test");
  auto log = boost::json::parse(env_->call("GET", "/api/v1/audit?limit=5", {}, &auditor).body);
  bool found = false;
  for (const auto& e : log.at("items").as_array())
    found = found || (e.at("action") == "PATCH /api/v1/programs/{slug}" &&
                      e.at("target") == "/api/v1/programs/events" &&
                      e.at("actor").at("email") == "admin@sangsaeng.test" &&
                      e.at("remote_addr") == "127.0.0.1");
  EXPECT_TRUE(found) << log;
}

TEST_F(AuthApi, AuditLogPagesWithAnOpaqueCursor) {
  Browser admin = env_->login("admin@sangsaeng.test");
  auto first = boost::json::parse(env_->call("GET", "/api/v1/audit?limit=2", {}, &admin).body);
  ASSERT_EQ(first.at("items").as_array().size(), 2u);
  ASSERT_TRUE(first.at("next_cursor").is_string());
  const std::string cursor(first.at("next_cursor").as_string());
  auto second = boost::json::parse(
      env_->call("GET", "/api/v1/audit?limit=2&cursor=" + cursor, {}, &admin).body);
  ASSERT_FALSE(second.at("items").as_array().empty());
  EXPECT_NE(second.at("items").at(0).at("id"), first.at("items").at(0).at("id"));
  EXPECT_NE(second.at("items").at(0).at("id"), first.at("items").at(1).at("id"));
}

TEST_F(AuthApi, HealthReadinessMetrics) {
  EXPECT_EQ(env_->call("GET", "/healthz").status, 200);
  EXPECT_EQ(env_->call("GET", "/readyz").status, 200);
  env_->call("GET", "/api/v1/programs");
  auto m = env_->call("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("http_requests_total"), std::string::npos);
  EXPECT_NE(m.body.find("/api/v1/programs"), std::string::npos);
}

}  // namespace
}  // namespace sangsaeng::testing
