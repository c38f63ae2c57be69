// Bad input of every kind gets the right 4xx problem, the server stays up, and the database
// does not change (DESIGN.md section 6, invariant 6).
#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

enum class As {
  anon,
  admin,
  admin_no_csrf,
  admin_forged_csrf,
  forged_cookie,
  forged_bearer,
  helper
};

struct Case {
  const char* name;
  As as;
  std::string method, target, body;
  int status;
  std::string type;  // problem type slug; "" = any
  std::string extra_headers = {};
};

std::vector<Case> cases() {
  const std::string long_text(1000, 'x');
  const std::string nested = std::string(100, '[') + std::string(100, ']');
  return {
      {"malformed json", As::anon, "POST", "/api/v1/auth/login", "{", 400, "malformed-json"},
      {"json array instead of object", As::anon, "POST", "/api/v1/auth/login", "[]", 400,
       "malformed-json"},
      {"trailing comma", As::anon, "POST", "/api/v1/auth/login", R"({"email":"a@b.kr",})", 400,
       "malformed-json"},
      {"deep nesting", As::anon, "POST", "/api/v1/auth/login", R"({"email":)" + nested + "}", 400,
       "malformed-json"},
      {"bad utf-8", As::anon, "POST", "/api/v1/auth/login",
       "{\"email\":\"\xff\xfe\",\"password\":\"x\"}", 400, "malformed-json"},
      {"wrong types", As::anon, "POST", "/api/v1/auth/login", R"({"email":5,"password":true})", 422,
       "validation"},
      {"missing fields", As::anon, "POST", "/api/v1/auth/login", "{}", 422, "validation"},
      {"unknown field", As::anon, "POST", "/api/v1/auth/login",
       R"({"email":"a@b.kr","password":"x","admin":true})", 422, "validation"},
      {"email too long", As::anon, "POST", "/api/v1/auth/login",
       R"({"email":")" + long_text + R"(","password":"x"})", 422, "validation"},
      {"control characters", As::anon, "POST", "/api/v1/auth/login",
       R"({"email":"a\u0000@b.kr","password":"x"})", 422, "validation"},
      {"not json content type", As::anon, "POST", "/api/v1/auth/login", "email=a", 415,
       "unsupported-media-type", "Content-Type: application/x-www-form-urlencoded\r\n"},
      {"body over the route limit", As::anon, "POST", "/api/v1/auth/login",
       R"({"email":")" + std::string(5000, 'a') + R"("})", 413, ""},
      {"unknown route", As::anon, "GET", "/api/v1/nope", "", 404, "not-found"},
      {"wrong method", As::anon, "DELETE", "/api/v1/programs", "", 405, ""},
      {"wrong method on login", As::anon, "PUT", "/api/v1/auth/login", "{}", 405, ""},
      {"write without sign-in", As::anon, "POST", "/api/v1/orgs",
       R"({"name":"n","kind":"charity"})", 401, "unauthenticated"},
      {"missing csrf token", As::admin_no_csrf, "POST", "/api/v1/orgs",
       R"({"name":"n","kind":"charity"})", 403, "csrf"},
      {"forged csrf token", As::admin_forged_csrf, "POST", "/api/v1/orgs",
       R"({"name":"n","kind":"charity"})", 403, "csrf"},
      {"forged or expired session", As::forged_cookie, "POST", "/api/v1/orgs",
       R"({"name":"n","kind":"charity"})", 401, "unauthenticated"},
      {"forged session on me", As::forged_cookie, "GET", "/api/v1/auth/me", "", 401,
       "unauthenticated"},
      {"forged bearer token", As::forged_bearer, "GET", "/api/v1/audit", "", 401,
       "unauthenticated"},
      {"role not allowed", As::helper, "POST", "/api/v1/orgs", R"({"name":"n","kind":"charity"})",
       403, "forbidden"},
      {"org name missing", As::admin, "POST", "/api/v1/orgs", R"({"kind":"charity"})", 422,
       "validation"},
      {"org kind invalid", As::admin, "POST", "/api/v1/orgs", R"({"name":"n","kind":"bank"})", 422,
       "validation"},
      {"org name too long", As::admin, "POST", "/api/v1/orgs",
       R"({"name":")" + long_text + R"(","kind":"charity"})", 422, "validation"},
      {"org name empty after trim", As::admin, "POST", "/api/v1/orgs",
       R"({"name":"   ","kind":"charity"})", 422, "validation"},
      {"user email invalid", As::admin, "POST", "/api/v1/users",
       R"({"email":"no-at-sign","display_name":"x","password":"long enough pw","roles":[{"role":"helper"}]})",
       422, "validation"},
      {"user roles not a list", As::admin, "POST", "/api/v1/users",
       R"({"email":"a@b.kr","display_name":"x","password":"long enough pw","roles":"admin"})", 422,
       "validation"},
      {"user roles empty", As::admin, "POST", "/api/v1/users",
       R"({"email":"a@b.kr","display_name":"x","password":"long enough pw","roles":[]})", 422,
       "validation"},
      {"user role unknown", As::admin, "POST", "/api/v1/users",
       R"({"email":"a@b.kr","display_name":"x","password":"long enough pw","roles":[{"role":"king"}]})",
       422, "validation"},
      {"manager of an unknown program", As::admin, "POST", "/api/v1/users",
       R"({"email":"a@b.kr","display_name":"x","password":"long enough pw","roles":[{"role":"manager","program":"casino"}]})",
       422, "validation"},
      {"user password too short", As::admin, "POST", "/api/v1/users",
       R"({"email":"a@b.kr","display_name":"x","password":"short","roles":[{"role":"helper"}]})",
       422, "validation"},
      {"org id not an id", As::admin, "POST", "/api/v1/users",
       R"({"email":"a@b.kr","display_name":"x","password":"long enough pw","org_id":"abc","roles":[{"role":"helper"}]})",
       422, "validation"},
      {"org id unknown", As::admin, "POST", "/api/v1/users",
       R"({"email":"a@b.kr","display_name":"x","password":"long enough pw","org_id":"12345","roles":[{"role":"helper"}]})",
       422, "validation"},
      {"duplicate email", As::admin, "POST", "/api/v1/users",
       R"({"email":"Admin@Sangsaeng.test","display_name":"x","password":"long enough pw","roles":[{"role":"helper"}]})",
       409, "email-taken"},
      {"user id not a number", As::admin, "GET", "/api/v1/users/abc", "", 404, "not-found"},
      {"user id unknown", As::admin, "GET", "/api/v1/users/99999999", "", 404, "not-found"},
      {"limit zero", As::admin, "GET", "/api/v1/audit?limit=0", "", 422, "validation"},
      {"limit not a number", As::admin, "GET", "/api/v1/audit?limit=abc", "", 422, "validation"},
      {"limit huge", As::admin, "GET", "/api/v1/audit?limit=999999999999999999999", "", 422,
       "validation"},
      {"forged cursor", As::admin, "GET", "/api/v1/audit?cursor=c__________x", "", 422,
       "validation"},
      {"program status invalid", As::admin, "PATCH", "/api/v1/programs/market",
       R"({"status":"open"})", 422, "validation"},
      {"program date invalid", As::admin, "PATCH", "/api/v1/programs/market",
       R"({"starts_on":"2026-02-30"})", 422, "validation"},
      {"program ends before it starts", As::admin, "PATCH", "/api/v1/programs/market",
       R"({"starts_on":"2026-12-02","ends_on":"2026-01-01"})", 422, "validation"},
      {"program unknown", As::admin, "PATCH", "/api/v1/programs/casino", R"({"status":"active"})",
       404, "not-found"},
      {"token user id huge", As::admin, "POST", "/api/v1/tokens",
       R"({"user_id":"99999999999999999999","name":"x"})", 422, "validation"},
      {"token user id as number", As::admin, "POST", "/api/v1/tokens",
       R"({"user_id":12345,"name":"x"})", 422, "validation"},
      {"huge number", As::admin, "POST", "/api/v1/tokens", R"({"user_id":"1","name":1e999})", 422,
       "validation"},
      {"revoke unknown token", As::admin, "DELETE", "/api/v1/tokens/123", "", 404, "not-found"},
      {"new password too short", As::helper, "POST", "/api/v1/auth/password",
       R"({"current_password":"sangsaeng-demo","new_password":"short"})", 422, "validation"},
      {"wrong current password", As::helper, "POST", "/api/v1/auth/password",
       R"({"current_password":"not it at all","new_password":"a long new password"})", 401,
       "invalid-credentials"},
      {"idempotency key too long", As::admin, "POST", "/api/v1/orgs",
       R"({"name":"n","kind":"charity"})", 400, "bad-idempotency-key",
       "Idempotency-Key: " + std::string(200, 'k') + "\r\n"},
  };
}

class BadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new ApiEnv();
    admin_ = new Browser(env_->login("admin@sangsaeng.test"));
    helper_ = new Browser(env_->login("helper@sangsaeng.test"));
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete helper_;
    delete env_;
  }
  static ClientResponse send(const Case& c) {
    std::string headers = c.extra_headers;
    Browser b = *admin_;
    switch (c.as) {
      case As::anon:
        return env_->call(c.method, c.target, c.body, nullptr, headers);
      case As::admin:
        return env_->call(c.method, c.target, c.body, admin_, headers);
      case As::helper:
        return env_->call(c.method, c.target, c.body, helper_, headers);
      case As::admin_no_csrf:
        return env_->call(c.method, c.target, c.body, nullptr,
                          headers + "Cookie: " + admin_->cookie + "\r\n");
      case As::admin_forged_csrf:
        b.csrf = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        return env_->call(c.method, c.target, c.body, &b, headers);
      case As::forged_cookie:
        b.cookie = "ss_session=expired-or-forged; ss_csrf=x";
        b.csrf = "x";
        return env_->call(c.method, c.target, c.body, &b, headers);
      case As::forged_bearer:
        return env_->call(c.method, c.target, c.body, nullptr,
                          headers + "Authorization: Bearer sst_forged\r\n");
    }
    return {};
  }
  static ApiEnv* env_;
  static Browser* admin_;
  static Browser* helper_;
};
ApiEnv* BadInput::env_ = nullptr;
Browser* BadInput::admin_ = nullptr;
Browser* BadInput::helper_ = nullptr;

TEST_F(BadInput, EveryCaseGetsItsProblemAndChangesNothing) {
  const auto all = cases();
  ASSERT_GE(all.size(), 40u);
  for (const auto& c : all) {
    const std::string before = env_->snapshot();
    const auto r = send(c);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << c.name;
    if (!c.type.empty()) {
      EXPECT_EQ(problem_type(r), c.type) << c.name << ": " << r.body;
    }
    if (r.status == 405) {
      EXPECT_FALSE(r.header("allow").empty()) << c.name;
    }
    EXPECT_EQ(r.body.find("exception"), std::string::npos) << c.name;
    EXPECT_EQ(env_->snapshot(), before) << c.name << " changed the database";
    EXPECT_EQ(env_->call("GET", "/healthz").status, 200) << "server down after " << c.name;
  }
}

// Below the HTTP layer: broken requests that no client library would send.
TEST_F(BadInput, BrokenHttpGetsAProblemAndTheServerStaysUp) {
  struct Raw {
    const char* name;
    std::string bytes;
    int status;
  };
  const std::vector<Raw> raws = {
      {"oversized header",
       "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(16 * 1024, 'a') + "\r\n\r\n",
       431},
      {"malformed request line", "GARBAGE\r\n\r\n", 400},
      {"bad content length",
       "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400},
      {"body larger than declared limit",
       "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
       "application/json\r\nContent-Length: 99999999\r\n\r\n",
       413},
  };
  const std::string before = env_->snapshot();
  for (const auto& raw : raws) {
    http::test::Connection conn(env_->port());
    ASSERT_TRUE(conn.connected());
    conn.send(raw.bytes);
    auto r = conn.read_response();
    ASSERT_TRUE(r.has_value()) << raw.name;
    EXPECT_EQ(r->status, raw.status) << raw.name << ": " << r->body;
    EXPECT_EQ(env_->call("GET", "/healthz").status, 200) << "server down after " << raw.name;
  }
  EXPECT_EQ(env_->snapshot(), before);
}

}  // namespace
}  // namespace sangsaeng::testing
