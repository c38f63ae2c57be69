// The market's abuse controls over real HTTP: only accounts with a verified phone buy; one
// client address gets at most market_units_per_address_max units of a drop whatever the
// accounts; suspicious patterns are recorded and listed for the drop's managers.
#include <chrono>
#include <set>
#include <thread>

#include "api_fixture.h"
#include "support/customers.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

class MarketAbuse : public ::testing::Test {
 protected:
  void SetUp() override {
    manager_ = env_.login("manager@sangsaeng.test");
    merchant_ = env_.login("merchant@sangsaeng.test");
  }

  // An open drop of `quantity` units, `limit` per buyer.
  std::string make_drop(int quantity, int limit) {
    auto product = env_.call("POST", "/api/v1/market/products",
                             R"({"name":"해남 절임배추 10kg","origin":"전남 해남",)"
                             R"("unit_label":"10kg 한 상자","price_won":15000,)"
                             R"("market_price_won":30000})",
                             &merchant_);
    EXPECT_EQ(product.status, 201) << product.body;
    const UnixMicros opens = now_us() - kMicrosPerSecond;
    auto drop = env_.call(
        "POST", "/api/v1/market/drops",
        R"({"product_id":")" + std::string(json::parse(product.body).at("id").as_string()) +
            R"(","opens_at":")" + format_rfc3339(opens) + R"(","closes_at":")" +
            format_rfc3339(opens + 3600 * kMicrosPerSecond) + R"(","quantity":)" +
            std::to_string(quantity) + R"(,"per_buyer_limit":)" + std::to_string(limit) +
            R"(,"price_won":15000,"market_price_won":30000})",
        &manager_);
    EXPECT_EQ(drop.status, 201) << drop.body;
    return std::string(json::parse(drop.body).at("id").as_string());
  }

  ClientResponse buy(const std::string& token, const std::string& drop, int units,
                     const std::string& key) {
    return env_.call("POST", "/api/v1/market/drops/" + drop + "/orders",
                     R"({"units":)" + std::to_string(units) + "}", nullptr,
                     "Authorization: Bearer " + token + "\r\nIdempotency-Key: " + key + "\r\n");
  }

  ApiEnv env_;
  Browser manager_, merchant_;
};

// An account without a verified phone is refused (403 phone-not-verified) and buys once it
// attaches one: one account per phone is what makes the per-buyer limit mean one person.
TEST_F(MarketAbuse, OnlyAnAccountWithAVerifiedPhoneBuys) {
  const std::string drop = make_drop(10, 2);
  auto signup = env_.call("POST", "/api/v1/auth/signup",
                          R"({"email":"nophone@example.kr","display_name":"전화 없음",)"
                          R"("password":"my own password"})");
  ASSERT_EQ(signup.status, 201) << signup.body;
  Browser b = env_.login("nophone@example.kr", "my own password");
  auto refused = env_.call("POST", "/api/v1/market/drops/" + drop + "/orders", R"({"units":1})", &b,
                           "Idempotency-Key: first\r\n");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(problem_type(refused), "phone-not-verified");

  auto started = env_.call("POST", "/api/v1/auth/phone/start", R"({"phone":"010-4444-1234"})");
  ASSERT_EQ(started.status, 202) << started.body;
  auto verified =
      env_.call("POST", "/api/v1/auth/phone/verify",
                R"({"verification_id":")" +
                    std::string(json::parse(started.body).at("verification_id").as_string()) +
                    R"(","code":"123456"})");
  ASSERT_EQ(verified.status, 200) << verified.body;
  auto attached =
      env_.call("POST", "/api/v1/auth/phone",
                R"({"phone_proof":")" +
                    std::string(json::parse(verified.body).at("phone_proof").as_string()) + R"("})",
                &b);
  ASSERT_EQ(attached.status, 200) << attached.body;
  auto bought = env_.call("POST", "/api/v1/market/drops/" + drop + "/orders", R"({"units":1})", &b,
                          "Idempotency-Key: second\r\n");
  EXPECT_EQ(bought.status, 201) << bought.body;
}

// Eleven accounts on one address (127.0.0.1) each want 10 units: the default limit of 100
// units per address lets ten of them buy and refuses the eleventh, who tries three times. The
// manager then sees both patterns: many accounts on one address, and repeated refusals.
TEST_F(MarketAbuse, OneAddressGetsItsLimitAndTheManagerSeesTheFlags) {
  const std::string drop = make_drop(500, 10);
  const auto tokens = add_customers(env_.db(), 11);
  for (int i = 0; i < 10; ++i)
    ASSERT_EQ(buy(tokens[i], drop, 10, "k" + std::to_string(i)).status, 201) << i;
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto over = buy(tokens[10], drop, 1, "over-" + std::to_string(attempt));
    EXPECT_EQ(over.status, 422) << over.body;
    EXPECT_EQ(problem_type(over), "per-address-limit");
  }
  auto view = json::parse(env_.call("GET", "/api/v1/market/drops/" + drop).body);
  EXPECT_EQ(view.at("held"), 100);

  // Flags are written just after the answers: ask until both are there (bounded).
  std::set<std::string> kinds;
  json::value flags;
  for (int i = 0; i < 100 && kinds.size() < 2; ++i) {
    auto r = env_.call("GET", "/api/v1/market/drops/" + drop + "/flags", "", &manager_);
    ASSERT_EQ(r.status, 200) << r.body;
    flags = json::parse(r.body);
    kinds.clear();
    for (const auto& f : flags.at("items").as_array())
      kinds.insert(std::string(f.at("kind").as_string()));
    if (kinds.size() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"shared-address", "repeated-refusals"}));
  for (const auto& f : flags.at("items").as_array()) {
    if (f.at("kind") == "shared-address") {
      EXPECT_EQ(f.at("subject"), "127.0.0.1");
    } else {
      EXPECT_TRUE(f.at("buyer_id").is_string());
    }
  }
  // Auditors read them too; customers do not; an unknown drop is 404.
  Browser auditor = env_.login("auditor@sangsaeng.test");
  EXPECT_EQ(env_.call("GET", "/api/v1/market/drops/" + drop + "/flags", "", &auditor).status, 200);
  Browser customer = env_.login("customer@sangsaeng.test");
  EXPECT_EQ(env_.call("GET", "/api/v1/market/drops/" + drop + "/flags", "", &customer).status, 403);
  EXPECT_EQ(env_.call("GET", "/api/v1/market/drops/999/flags", "", &manager_).status, 404);
}

// Three declined payments in a row by one account (card testing) are flagged for the manager.
TEST_F(MarketAbuse, DeclinedPaymentsInARowAreFlagged) {
  const std::string drop = make_drop(10, 2);
  const auto token = add_customers(env_.db(), 1).front();
  auto held = buy(token, drop, 1, "one");
  ASSERT_EQ(held.status, 201) << held.body;
  const std::string path =
      "/api/v1/market/orders/" + std::string(json::parse(held.body).at("id").as_string()) + "/pay";
  for (int i = 0; i < 3; ++i) {
    auto declined = env_.call(
        "POST", path,
        R"({"method_token":"sandbox-decline","ship_to":{"recipient":"김하늘",)"
        R"("phone":"010-1234-5678","postal_code":"03154","address1":"서울 종로구 세종대로 175"}})",
        nullptr, "Authorization: Bearer " + token + "\r\n");
    EXPECT_EQ(problem_type(declined), "payment-declined") << declined.body;
  }
  std::string kinds;
  for (int i = 0; i < 100 && kinds.empty(); ++i) {
    auto r = env_.call("GET", "/api/v1/market/drops/" + drop + "/flags", "", &manager_);
    const json::value page = json::parse(r.body);
    for (const auto& f : page.at("items").as_array())
      kinds += std::string(f.at("kind").as_string());
    if (kinds.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(kinds, "declined-payments");
}

}  // namespace
}  // namespace sangsaeng::testing
