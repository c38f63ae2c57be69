// Failure of the database, as an operator meets it: the PostgreSQL under a running node is
// stopped and started again. While it is down, every request that needs it answers 503 problem
// with Retry-After (never 500) and /readyz answers 503; once it is back, the same node serves
// again within a bounded wait, without a restart, and nothing it acknowledged is lost.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <set>
#include <string>
#include <thread>

#include "core/id.h"
#include "http/test_client.h"
#include "support/app_process.h"
#include "support/temp_postgres.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;
using http::test::ClientResponse;
using http::test::fetch;

constexpr char kJson[] = "Content-Type: application/json\r\n";

std::string login(std::uint16_t port) {
  auto r = fetch(port, "POST", "/api/v1/auth/login", kJson,
                 R"({"email":"admin@sangsaeng.test","password":"sangsaeng-demo"})");
  if (!r || r->status != 200) throw std::runtime_error("log-in failed");
  const std::string csrf(json::parse(r->body).at("csrf_token").as_string());
  const std::string set_cookie = r->header("set-cookie");
  const auto start = set_cookie.find("ss_session=");
  const std::string cookie = set_cookie.substr(start, set_cookie.find(';', start) - start);
  return std::string(kJson) + "Cookie: " + cookie + "; ss_csrf=" + csrf +
         "\r\nX-CSRF-Token: " + csrf + "\r\n";
}

std::string transfer_body(Id id) {
  return R"({"id":")" + std::to_string(id) +
         R"(","debit_account_id":"1","credit_account_id":"2","amount":100,"ledger":1,"code":1})";
}

std::string signup_body(const std::string& name) {
  return R"({"email":")" + name + R"(@example.com","display_name":")" + name +
         R"(","password":"correct-horse-battery-staple"})";
}

// What a client may rely on while the database is away: 503, a problem, and when to retry.
void expect_unavailable(const std::optional<ClientResponse>& r, const std::string& what) {
  ASSERT_TRUE(r) << what << ": no answer";
  EXPECT_EQ(r->status, 503) << what << ": " << r->body;
  EXPECT_EQ(r->header("content-type").rfind("application/problem+json", 0), 0u) << what;
  const std::string retry_after = r->header("retry-after");
  EXPECT_FALSE(retry_after.empty()) << what << ": no Retry-After";
  EXPECT_EQ(retry_after.find_first_not_of("0123456789"), std::string::npos) << retry_after;
  EXPECT_EQ(r->body.find("127.0.0.1"), std::string::npos) << what << ": names the database host";
}

// Repeats `attempt` until it answers `want`, for at most 30 s. Every other answer meanwhile
// must be a 503 (the database is still coming back), never a 500.
bool answers_eventually(int want, const std::function<std::optional<ClientResponse>()>& attempt,
                        const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool reported = false;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = attempt();
    if (r && r->status == want) return true;
    if (!reported && !(r && r->status == 503)) {
      ADD_FAILURE() << what << ": " << (r ? r->status : 0) << " " << (r ? r->body : "");
      reported = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

TEST(DbOutageTest, NodeAnswers503WhileDownAndServesAgainWithoutARestart) {
  TempPostgres pg;  // its own server: this test stops it
  AppProcess node(SANGSAENG_BINARY, "demo", pg.create_database("outage"));
  const std::uint16_t port = node.port();
  const std::string admin = login(port);
  auto accounts =
      fetch(port, "POST", "/api/v1/ledger/accounts", admin,
            R"({"accounts":[{"id":"1","ledger":1,"code":1,"owner_kind":"company","owner_ref":"a"},)"
            R"({"id":"2","ledger":1,"code":1,"owner_kind":"company","owner_ref":"b"}]})");
  ASSERT_TRUE(accounts && accounts->status == 200) << (accounts ? accounts->body : "");

  std::set<Id> acknowledged;
  auto transfer = [&](Id id) {
    auto r = fetch(port, "POST", "/api/v1/ledger/transfers", admin, transfer_body(id));
    if (r && r->status == 201) acknowledged.insert(id);
    return r;
  };
  auto read_transfer = [&](Id id) {
    return fetch(port, "GET", "/api/v1/ledger/transfers/" + std::to_string(id), admin);
  };
  auto signup = [&](const std::string& name) {
    return fetch(port, "POST", "/api/v1/auth/signup", kJson, signup_body(name));
  };
  auto ready = [&] { return fetch(port, "GET", "/readyz"); };
  ASSERT_EQ(transfer(1000)->status, 201);
  ASSERT_EQ(read_transfer(1000)->status, 200);
  ASSERT_EQ(signup("before")->status, 201);
  ASSERT_EQ(ready()->status, 200);

  pg.stop();
  for (int i = 0; i < 3; ++i) {
    expect_unavailable(read_transfer(1000), "a read");
    expect_unavailable(transfer(2000 + i), "a transfer");
    expect_unavailable(signup("during" + std::to_string(i)), "a sign-up");
    expect_unavailable(ready(), "/readyz");
  }

  pg.start();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(answers_eventually(200, ready, "/readyz"));
  std::printf("db outage: ready %.1f s after PostgreSQL was started again\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  EXPECT_TRUE(answers_eventually(
      201, [&] { return transfer(3000); }, "a transfer"));
  EXPECT_TRUE(answers_eventually(
      201, [&] { return signup("after"); }, "a sign-up"));
  EXPECT_TRUE(answers_eventually(
      200, [&] { return read_transfer(3000); }, "a read"));
  // Nothing acknowledged was lost, and the books still verify.
  for (Id id : acknowledged) EXPECT_EQ(read_transfer(id)->status, 200) << "transfer " << id;
  auto verify = fetch(port, "GET", "/api/v1/ledger/verify", admin);
  ASSERT_TRUE(verify && verify->status == 200);
  EXPECT_TRUE(json::parse(verify->body).at("ok").as_bool()) << verify->body;
  EXPECT_EQ(fetch(port, "POST", "/api/v1/auth/login", kJson,
                  R"({"email":"before@example.com","password":"correct-horse-battery-staple"})")
                ->status,
            200);
}

}  // namespace
}  // namespace sangsaeng::testing
