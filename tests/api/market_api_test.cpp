// The community market over real HTTP, on SQLite and on PostgreSQL: a merchant adds a product,
// the market's manager plans a drop, many customers press "buy" at once and exactly the
// quantity is held; retries answer the first order; refusals are clear problems that change
// nothing; cancelling gives the units back.
#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "api_fixture.h"
#include "support/app_process.h"
#include "support/customers.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

// Where the test buyers' orders go (Seoul: inside the test drops' zones "0" and "1").
constexpr const char* kShipTo =
    R"("ship_to":{"recipient":"김하늘","phone":"010-1234-5678","postal_code":"03154",)"
    R"("address1":"서울 종로구 세종대로 175","address2":"3층, 301호","memo":"=문 앞"})";

std::string pay_body(const std::string& token) {
  return R"({"method_token":")" + token + R"(",)" + kShipTo + "}";
}

class MarketApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_url_ = GetParam() == store::Dialect::sqlite ? temp_sqlite_url() : fresh_pg_url();
    env_ = std::make_unique<ApiEnv>(db_url_);
    manager_ = env_->login("manager@sangsaeng.test");
    merchant_ = env_->login("merchant@sangsaeng.test");
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("market_api_" + std::to_string(n++));
  }

  std::vector<std::string> customers(int n) { return add_customers(env_->db(), n); }

  ClientResponse as_token(const std::string& token, const std::string& method,
                          const std::string& target, const std::string& body = {},
                          const std::string& headers = {}) {
    return env_->call(method, target, body, nullptr,
                      "Authorization: Bearer " + token + "\r\n" + headers);
  }

  std::string make_product() {
    auto r = env_->call(
        "POST", "/api/v1/market/products",
        R"({"name":"청송 부사 사과 5kg","origin":"경북 청송","unit_label":"5kg 한 상자",)"
        R"("price_won":19900,"market_price_won":39800})",
        &merchant_);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(json::parse(r.body).at("id").as_string());
  }

  // A drop open from now on (or opening later), 50 % donated to the demo charity.
  json::object make_drop(int quantity, int limit, UnixMicros opens_at = 0) {
    const std::string product = make_product();
    const UnixMicros opens = opens_at ? opens_at : now_us() - kMicrosPerSecond;
    const std::string body = R"({"product_id":")" + product + R"(","opens_at":")" +
                             format_rfc3339(opens) + R"(","closes_at":")" +
                             format_rfc3339(opens + 3600 * kMicrosPerSecond) + R"(","quantity":)" +
                             std::to_string(quantity) + R"(,"per_buyer_limit":)" +
                             std::to_string(limit) +
                             R"(,"price_won":19900,"market_price_won":39800,"gift":"라면 1봉",)"
                             R"("zones":["0","1"]})";
    auto r = env_->call("POST", "/api/v1/market/drops", body, &manager_);
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body).as_object();
  }

  ClientResponse buy(const std::string& token, const std::string& drop, int units,
                     const std::string& key) {
    return as_token(token, "POST", "/api/v1/market/drops/" + drop + "/orders",
                    R"({"units":)" + std::to_string(units) + "}",
                    key.empty() ? "" : "Idempotency-Key: " + key + "\r\n");
  }

  long long rows(const std::string& sql) {
    return env_->db().read([&](soci::session& s) {
      long long n = 0;
      s << sql, soci::into(n);
      return n;
    });
  }

  long long order_rows() {
    return env_->db().read([](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM market_orders", soci::into(n);
      return n;
    });
  }

  std::string db_url_;
  std::unique_ptr<ApiEnv> env_;
  Browser manager_, merchant_;
};

TEST_P(MarketApi, ManyBuyersAtOnceGetExactlyTheQuantity) {
  const auto drop = make_drop(20, 2);
  const std::string id(drop.at("id").as_string());
  EXPECT_EQ(drop.at("state"), "open");
  EXPECT_EQ(drop.at("remaining"), 20);
  const auto tokens = customers(40);
  std::atomic<int> created{0}, sold_out{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < 40; i += 8) {
        auto r = buy(tokens[i], id, 1, "buy-" + std::to_string(i));
        if (r.status == 201)
          ++created;
        else if (r.status == 409 && problem_type(r) == "sold-out")
          ++sold_out;
        else
          ++other;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(created.load(), 20);
  EXPECT_EQ(sold_out.load(), 20);
  EXPECT_EQ(other.load(), 0);
  const auto now = json::parse(env_->call("GET", "/api/v1/market/drops/" + id).body);
  EXPECT_EQ(now.at("state"), "sold_out");
  EXPECT_EQ(now.at("held"), 20);
  EXPECT_EQ(now.at("remaining"), 0);
  // The manager pages through every order: 20 held units.
  std::string cursor;
  int units = 0, pages = 0;
  do {
    auto r = env_->call("GET",
                        "/api/v1/market/drops/" + id + "/orders?limit=7" +
                            (cursor.empty() ? "" : "&cursor=" + cursor),
                        {}, &manager_);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto page = json::parse(r.body);
    for (const auto& o : page.at("items").as_array()) {
      EXPECT_EQ(o.at("status"), "held");
      units += static_cast<int>(o.at("units").as_int64());
    }
    cursor =
        page.at("next_cursor").is_null() ? "" : std::string(page.at("next_cursor").as_string());
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(units, 20);
  EXPECT_EQ(pages, 3);
}

TEST_P(MarketApi, ARetryAnswersTheFirstOrderAndTheLimitHolds) {
  const auto drop = make_drop(10, 2);
  const std::string id(drop.at("id").as_string());
  const auto token = customers(1).front();
  auto first = buy(token, id, 1, "tap-1");
  ASSERT_EQ(first.status, 201) << first.body;
  const auto order = json::parse(first.body);
  EXPECT_EQ(order.at("status"), "held");
  EXPECT_EQ(order.at("units"), 1);
  EXPECT_EQ(order.at("amount_won"), 19900);
  auto retry = buy(token, id, 1, "tap-1");
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(json::parse(retry.body).at("id"), order.at("id"));
  ASSERT_EQ(buy(token, id, 1, "tap-2").status, 201);
  auto over = buy(token, id, 1, "tap-3");
  EXPECT_EQ(over.status, 422);
  EXPECT_EQ(problem_type(over), "per-buyer-limit");
  EXPECT_EQ(order_rows(), 2);
  // The buyer sees both orders; cancelling one gives its unit back.
  auto mine = json::parse(as_token(token, "GET", "/api/v1/market/orders").body);
  EXPECT_EQ(mine.at("items").as_array().size(), 2u);
  const std::string order_id(order.at("id").as_string());
  auto cancelled = as_token(token, "POST", "/api/v1/market/orders/" + order_id + "/cancel", "{}");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body).at("status"), "cancelled");
  EXPECT_EQ(json::parse(env_->call("GET", "/api/v1/market/drops/" + id).body).at("remaining"), 9);
  EXPECT_EQ(buy(token, id, 1, "tap-4").status, 201);
  // Every purchase answered 201 is in the audit log (the retry too: the buyer asked twice);
  // the order carries its key, so the purchase stores no answer under the generic keys and its
  // entry commits with the order.
  EXPECT_EQ(rows("SELECT COUNT(*) FROM audit_log WHERE action = "
                 "'POST /api/v1/market/drops/{id}/orders' AND status = 201"),
            4);
  EXPECT_EQ(rows("SELECT COUNT(*) FROM idempotency_keys WHERE path LIKE '%/orders'"), 0);
}

TEST_P(MarketApi, PayingMovesTheMoneyThroughTheBooks) {
  const auto drop = make_drop(10, 2);
  const std::string id(drop.at("id").as_string());
  const auto token = customers(1).front();
  auto held = buy(token, id, 2, "pay-1");
  ASSERT_EQ(held.status, 201) << held.body;
  const std::string order(json::parse(held.body).at("id").as_string());
  const std::string path = "/api/v1/market/orders/" + order + "/pay";
  auto declined = as_token(token, "POST", path, pay_body("sandbox-decline"));
  EXPECT_EQ(declined.status, 409);
  EXPECT_EQ(problem_type(declined), "payment-declined");
  EXPECT_EQ(as_token(token, "POST", path, pay_body("")).status, 422);
  // Without an address there is nothing to ship: refused before any charge.
  EXPECT_EQ(as_token(token, "POST", path, R"({"method_token":"sandbox-approve"})").status, 422);
  auto paid = as_token(token, "POST", path, pay_body("sandbox-approve"));
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(json::parse(paid.body).at("status"), "paid");
  const auto now = json::parse(env_->call("GET", "/api/v1/market/drops/" + id).body);
  EXPECT_EQ(now.at("sold"), 2);
  EXPECT_EQ(now.at("held"), 0);
  // The farm sees what it is owed in its own books; the auditor's verify passes.
  auto books = json::parse(env_->call("GET", "/api/v1/ledger/accounts", {}, &merchant_).body);
  std::int64_t owed = -1;
  for (const auto& a : books.at("items").as_array())
    if (a.at("code") == 2) owed = a.at("balances").at("credits_posted").as_int64();
  EXPECT_EQ(owed, 2 * 19900);
  const Browser auditor = env_->login("auditor@sangsaeng.test");
  auto verify = json::parse(env_->call("GET", "/api/v1/ledger/verify", {}, &auditor).body);
  EXPECT_TRUE(verify.at("ok").as_bool()) << verify;
}

TEST_P(MarketApi, TheFarmShipsWhatWasPaidAndTheBuyerSeesItOrHasItRefunded) {
  const auto drop = make_drop(10, 2);
  const std::string id(drop.at("id").as_string());
  const auto buyers = customers(2);
  std::vector<std::string> orders;
  for (const auto& token : buyers) {
    auto held = buy(token, id, 1, "ship-1");
    ASSERT_EQ(held.status, 201) << held.body;
    orders.emplace_back(json::parse(held.body).at("id").as_string());
  }
  // Outside the drop's zones (a Busan address, the drop delivers to 0xxxx and 1xxxx): no charge.
  std::string busan = pay_body("sandbox-approve");
  busan.replace(busan.find("03154"), 5, "48058");
  auto outside = as_token(buyers[0], "POST", "/api/v1/market/orders/" + orders[0] + "/pay", busan);
  EXPECT_EQ(outside.status, 422);
  EXPECT_EQ(problem_type(outside), "outside-delivery-zones");
  for (std::size_t i = 0; i < 2; ++i)
    ASSERT_EQ(as_token(buyers[i], "POST", "/api/v1/market/orders/" + orders[i] + "/pay",
                       pay_body("sandbox-approve"))
                  .status,
              200);

  // The farm's list of orders to ship, and the courier's file.
  auto list =
      env_->call("GET", "/api/v1/market/merchant/orders?status=paid&drop_id=" + id, {}, &merchant_);
  ASSERT_EQ(list.status, 200) << list.body;
  const auto items = json::parse(list.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("ship_to").at("postal_code"), "03154");
  auto csv = env_->call("GET", "/api/v1/market/merchant/orders.csv?status=paid&drop_id=" + id, {},
                        &merchant_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF"
                           "받는분,",
                           0),
            0u)
      << csv.body;
  EXPECT_NE(csv.body.find("김하늘,010-1234-5678,03154,서울 종로구 세종대로 175,\"3층, 301호\","),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find(",'=문 앞," + orders[0] + "\r\n"), std::string::npos) << csv.body;
  EXPECT_EQ(
      problem_type(env_->call("GET", "/api/v1/market/merchant/orders?status=lost", {}, &merchant_)),
      "validation");

  // Packed, then shipped with the courier's number; a step backwards is refused.
  const std::string step = "/api/v1/market/orders/" + orders[0] + "/status";
  ASSERT_EQ(env_->call("POST", step, R"({"status":"packed"})", &merchant_).status, 200);
  auto skip = env_->call("POST", step, R"({"status":"packed"})", &merchant_);
  EXPECT_EQ(skip.status, 409);
  EXPECT_EQ(problem_type(skip), "illegal-transition");
  auto shipped = env_->call(
      "POST", step, R"({"status":"shipped","carrier":"CJ대한통운","tracking_no":"612345678901"})",
      &merchant_);
  ASSERT_EQ(shipped.status, 200) << shipped.body;
  // A customer cannot ship, and sees another's order as missing.
  EXPECT_EQ(as_token(buyers[0], "POST", step, R"({"status":"delivered"})").status, 403);
  EXPECT_EQ(
      as_token(buyers[1], "POST", "/api/v1/market/orders/" + orders[0] + "/refund", "{}").status,
      404);

  // The buyer sees the courier and the number in "my orders".
  auto mine = json::parse(as_token(buyers[0], "GET", "/api/v1/market/orders").body);
  const auto& card = mine.at("items").as_array().at(0);
  EXPECT_EQ(card.at("status"), "shipped");
  EXPECT_EQ(card.at("shipping").at("carrier"), "CJ대한통운");
  EXPECT_EQ(card.at("shipping").at("tracking_no"), "612345678901");
  // A shipped order is not refunded; the other buyer's paid one is, and its unit comes back.
  EXPECT_EQ(problem_type(as_token(buyers[0], "POST",
                                  "/api/v1/market/orders/" + orders[0] + "/refund", "{}")),
            "illegal-transition");
  auto refunded = as_token(buyers[1], "POST", "/api/v1/market/orders/" + orders[1] + "/refund",
                           R"({"reason":"주소를 잘못 적었어요"})");
  ASSERT_EQ(refunded.status, 200) << refunded.body;
  EXPECT_EQ(json::parse(refunded.body).at("status"), "refunded");
  EXPECT_TRUE(json::parse(refunded.body).at("refund").at("returned").as_bool());
  EXPECT_FALSE(json::parse(env_->call("GET", "/api/v1/market/drops/" + id).body)
                   .as_object()
                   .contains("gifts"));  // the public page does not pay for the figures
  const auto after =
      json::parse(env_->call("GET", "/api/v1/market/drops/" + id, {}, &manager_).body);
  EXPECT_EQ(after.at("sold"), 1);
  EXPECT_EQ(after.at("remaining"), 9);
  EXPECT_EQ(after.at("gifts"), 1);
  EXPECT_EQ(after.at("refunds"), 1);
  EXPECT_EQ(after.at("refunded_won"), 19900);
  const Browser auditor = env_->login("auditor@sangsaeng.test");
  auto verify = json::parse(env_->call("GET", "/api/v1/ledger/verify", {}, &auditor).body);
  EXPECT_TRUE(verify.at("ok").as_bool()) << verify;
}

// Reads the stream until `needle` arrives (10 s at most); everything read so far.
std::string read_until(http::test::Connection& c, const std::string& needle) {
  std::string got;
  for (int i = 0; i < 100 && got.find(needle) == std::string::npos && !c.closed(); ++i)
    got += c.read_some(std::chrono::milliseconds(100));
  return got;
}

TEST_P(MarketApi, TheDropPageSeesTheStockMoveLive) {
  const auto drop = make_drop(10, 2);
  const std::string id(drop.at("id").as_string());
  http::test::Connection page(env_->port());
  ASSERT_TRUE(page.send("GET /api/v1/market/drops/" + id +
                        "/events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n"));
  // The current value first.
  const std::string first = read_until(page, "\"remaining\":10");
  EXPECT_NE(first.find("text/event-stream"), std::string::npos) << first;
  EXPECT_NE(first.find("event: counts"), std::string::npos) << first;
  EXPECT_NE(first.find("\"revenue_won\":0"), std::string::npos) << first;
  // A purchase elsewhere: the page hears it without asking.
  const auto token = customers(1).front();
  ASSERT_EQ(buy(token, id, 2, "live-1").status, 201);
  const std::string next = read_until(page, "\"remaining\":8");
  EXPECT_NE(next.find("\"held\":2"), std::string::npos) << next;
  EXPECT_EQ(env_->call("GET", "/api/v1/market/drops/999999/events").status, 404);
}

TEST_P(MarketApi, AManagerPlansASeasonAndClosesADrop) {
  const std::string product = make_product();
  auto season = env_->call("POST", "/api/v1/market/seasons",
                           R"({"product_id":")" + product +
                               R"(","weeks":4,"quantity":2000,"per_buyer_limit":2,)"
                               R"("price_won":14900,"market_price_won":29800,)"
                               R"("starts_after":"2030-01-01T00:00:00+09:00"})",  // a Tuesday
                           &manager_);
  ASSERT_EQ(season.status, 201) << season.body;
  const auto items = json::parse(season.body).at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].at("opens_at"), "2030-01-02T10:00:00+09:00");
  EXPECT_EQ(items[3].at("opens_at"), "2030-01-23T10:00:00+09:00");
  EXPECT_EQ(items[0].at("state"), "scheduled");
  auto bad = env_->call("POST", "/api/v1/market/seasons",
                        R"({"product_id":")" + product +
                            R"(","weeks":0,"quantity":1,)"
                            R"("per_buyer_limit":1,"price_won":1,"market_price_won":1})",
                        &manager_);
  EXPECT_EQ(bad.status, 422);
  // An open drop sells, then the manager closes it; the totals show what it raised.
  const auto drop = make_drop(10, 2);
  const std::string id(drop.at("id").as_string());
  const auto token = customers(1).front();
  auto held = buy(token, id, 2, "s-1");
  ASSERT_EQ(held.status, 201);
  const std::string order(json::parse(held.body).at("id").as_string());
  ASSERT_EQ(as_token(token, "POST", "/api/v1/market/orders/" + order + "/pay",
                     pay_body("sandbox-approve"))
                .status,
            200);
  auto closed = env_->call("PATCH", "/api/v1/market/drops/" + id,
                           R"({"closes_at":")" + format_rfc3339(now_us()) + R"("})", &manager_);
  ASSERT_EQ(closed.status, 200) << closed.body;
  const auto after = json::parse(closed.body);
  EXPECT_EQ(after.at("state"), "closed");
  EXPECT_EQ(after.at("revenue_won"), 2 * 19900);
  EXPECT_EQ(after.at("donation_won"), 0);  // this drop donates nothing
  EXPECT_EQ(problem_type(buy(token, id, 1, "s-2")), "not-open");
  EXPECT_EQ(as_token(token, "PATCH", "/api/v1/market/drops/" + id,
                     R"({"closes_at":"2030-01-01T00:00:00Z"})")
                .status,
            403);
}

TEST_P(MarketApi, BadPurchasesAreClearProblemsAndChangeNothing) {
  const auto open = make_drop(5, 2);
  const std::string id(open.at("id").as_string());
  const auto later = make_drop(5, 2, now_us() + 3600 * kMicrosPerSecond);
  const std::string later_id(later.at("id").as_string());
  EXPECT_EQ(later.at("state"), "scheduled");
  const auto token = customers(1).front();
  const auto before = order_rows();
  auto no_key = buy(token, id, 1, "");
  EXPECT_EQ(no_key.status, 400);
  EXPECT_EQ(problem_type(no_key), "idempotency-key-required");
  EXPECT_EQ(buy(token, id, 0, "a").status, 422);
  EXPECT_EQ(buy(token, id, 3, "b").status, 422);
  EXPECT_EQ(as_token(token, "POST", "/api/v1/market/drops/" + id + "/orders", R"({"units":"1"})",
                     "Idempotency-Key: c\r\n")
                .status,
            422);
  EXPECT_EQ(as_token(token, "POST", "/api/v1/market/drops/" + id + "/orders", R"({"units":1,)",
                     "Idempotency-Key: d\r\n")
                .status,
            400);
  auto not_open = buy(token, later_id, 1, "e");
  EXPECT_EQ(not_open.status, 409);
  EXPECT_EQ(problem_type(not_open), "not-open");
  EXPECT_EQ(buy(token, "999999", 1, "f").status, 404);
  EXPECT_EQ(order_rows(), before);
  // Who may do what.
  EXPECT_EQ(env_->call("POST", "/api/v1/market/drops/" + id + "/orders", R"({"units":1})",
                       &merchant_, "Idempotency-Key: g\r\n")
                .status,
            403);
  EXPECT_EQ(as_token(token, "POST", "/api/v1/market/drops", "{}").status, 403);
  EXPECT_EQ(env_->call("GET", "/api/v1/market/drops/" + id).status, 200);  // public
  EXPECT_EQ(env_->call("GET", "/api/v1/market/drops/" + id + "/orders").status, 401);
}

// The fair start as anyone sees it: the seed's hash before opening, nobody answered before the
// draw, then the seed and the entries, and `sangsaeng market redraw` agrees with the server,
// from the published JSON and from the database.
TEST_P(MarketApi, AFairStartPublishesItsCommitmentThenItsSeedAndTheRedrawMatches) {
  const std::string product = make_product();
  const UnixMicros opens = now_us() + kMicrosPerSecond;
  auto created = env_->call(
      "POST", "/api/v1/market/drops",
      R"({"product_id":")" + product + R"(","opens_at":")" + format_rfc3339(opens) +
          R"(","closes_at":")" + format_rfc3339(opens + 3600 * kMicrosPerSecond) +
          R"(","quantity":3,"per_buyer_limit":1,"price_won":19900,"market_price_won":39800,)"
          R"("fair_start_seconds":3})",
      &manager_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string drop(json::parse(created.body).at("id").as_string());
  // Before opening: the commitment only.
  auto before = json::parse(env_->call("GET", "/api/v1/market/drops/" + drop).body).as_object();
  const std::string commitment(before.at("seed_commitment").as_string());
  EXPECT_EQ(commitment.size(), 64u);
  EXPECT_TRUE(before.at("seed").is_null());
  EXPECT_FALSE(before.at("drawn").as_bool());
  auto early = json::parse(env_->call("GET", "/api/v1/market/drops/" + drop + "/draw").body);
  EXPECT_TRUE(early.at("seed").is_null());
  EXPECT_TRUE(early.at("entries").as_array().empty());
  // Six customers press "buy" in the first seconds: three units. (The window is shorter than
  // the test client's 5 s read timeout: the answers come with the draw.)
  const auto tokens = customers(6);
  std::this_thread::sleep_until(
      std::chrono::system_clock::time_point(std::chrono::microseconds(opens + 100'000)));
  std::vector<ClientResponse> answers(tokens.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    threads.emplace_back(
        [&, i] { answers[i] = buy(tokens[i], drop, 1, "fair-" + std::to_string(i)); });
  for (auto& t : threads) t.join();
  std::set<std::string> orders;
  for (const auto& a : answers) {
    if (a.status == 201)
      orders.insert(std::string(json::parse(a.body).at("id").as_string()));
    else
      EXPECT_EQ(a.status, 409) << a.body;
  }
  EXPECT_EQ(orders.size(), 3u);
  // After the draw: the seed, which hashes to the commitment, and the entries in drawn order;
  // the first three places are the orders made (one request per buyer, one unit each).
  auto after = json::parse(env_->call("GET", "/api/v1/market/drops/" + drop).body).as_object();
  EXPECT_TRUE(after.at("drawn").as_bool());
  const auto published = env_->call("GET", "/api/v1/market/drops/" + drop + "/draw");
  ASSERT_EQ(published.status, 200);
  const auto draw = json::parse(published.body).as_object();
  EXPECT_EQ(draw.at("seed"), after.at("seed"));
  EXPECT_EQ(draw.at("seed_commitment").as_string(), commitment);
  ASSERT_EQ(draw.at("entries").as_array().size(), 6u);
  const auto& order = draw.at("order").as_array();
  EXPECT_EQ(
      (std::set<std::string>{std::string(order[0].as_string()), std::string(order[1].as_string()),
                             std::string(order[2].as_string())}),
      orders);
  // The seed's SHA-256 by coreutils, not by our code.
  const std::string seed(draw.at("seed").as_string());
  std::string octal;  // POSIX printf writes bytes from octal escapes
  for (std::size_t i = 0; i + 1 < seed.size(); i += 2) {
    const int byte = std::stoi(seed.substr(i, 2), nullptr, 16);
    octal +=
        "\\" + std::to_string(byte / 64) + std::to_string(byte / 8 % 8) + std::to_string(byte % 8);
  }
  const auto hashed = run_command("printf '" + octal + "' | sha256sum");
  EXPECT_EQ(hashed.output.substr(0, 64), commitment);
  // The command anyone runs on the published JSON, and the operator on the database.
  const std::string file = make_temp_dir("ss-draw-") + "/draw.json";
  std::ofstream(file) << published.body;
  const auto from_file =
      run_command(std::string(SANGSAENG_BINARY) + " market redraw " + file + " 2>&1");
  EXPECT_EQ(from_file.status, 0) << from_file.output;
  EXPECT_NE(from_file.output.find("draw verified"), std::string::npos) << from_file.output;
  EXPECT_NE(from_file.output.find("1\t" + std::string(order[0].as_string())), std::string::npos)
      << from_file.output;
  const auto from_db = run_command(std::string(SANGSAENG_BINARY) + " market redraw " + drop +
                                   " --db '" + db_url_ + "' 2>&1");
  EXPECT_EQ(from_db.status, 0) << from_db.output;
  EXPECT_NE(from_db.output.find("draw verified"), std::string::npos) << from_db.output;
  // A draw changed after the fact is caught.
  std::string forged = published.body;
  const std::string first(order[0].as_string()), second(order[1].as_string());
  const std::string published_order = "\"order\":[\"" + first + "\",\"" + second + "\"";
  const auto at = forged.find(published_order);
  ASSERT_NE(at, std::string::npos) << forged;
  forged.replace(at, published_order.size(), "\"order\":[\"" + second + "\",\"" + first + "\"");
  std::ofstream(file) << forged;
  const auto caught =
      run_command(std::string(SANGSAENG_BINARY) + " market redraw " + file + " 2>&1");
  EXPECT_EQ(caught.status, 1) << caught.output;
  EXPECT_NE(caught.output.find("place 1"), std::string::npos) << caught.output;
}

TEST_P(MarketApi, DropsAManagerCannotMeanAreFieldErrors) {
  const std::string product = make_product();
  const std::string body = R"({"product_id":")" + product +
                           R"(","opens_at":"2026-12-02T10:00:00+09:00",)"
                           R"("closes_at":"2026-12-02T09:00:00+09:00","quantity":10,)"
                           R"("per_buyer_limit":20,"price_won":19900,"market_price_won":39800,)"
                           R"("donation_percent":50})";
  auto r = env_->call("POST", "/api/v1/market/drops", body, &manager_);
  ASSERT_EQ(r.status, 422) << r.body;
  std::set<std::string> fields;
  const auto problem = json::parse(r.body);
  for (const auto& e : problem.at("errors").as_array())
    fields.insert(std::string(e.at("field").as_string()));
  EXPECT_EQ(fields, (std::set<std::string>{"closes_at", "per_buyer_limit", "charity_org_id"}));
  auto list = json::parse(env_->call("GET", "/api/v1/market/drops").body);
  EXPECT_TRUE(list.at("items").as_array().empty());
}

TEST_P(MarketApi, ListsForTheManagersFormsNameMerchantsAndCharities) {
  // The charities a manager picks from, by name.
  auto charities = env_->call("GET", "/api/v1/market/charities", {}, &manager_);
  ASSERT_EQ(charities.status, 200) << charities.body;
  const auto charity_items = json::parse(charities.body).at("items").as_array();
  ASSERT_EQ(charity_items.size(), 1u) << charities.body;  // the demo's one charity, no merchant
  EXPECT_EQ(charity_items[0].at("name"), "나눔재단 (Nanum Foundation)");
  const std::string charity(charity_items[0].at("id").as_string());

  // A merchant's own products, newest first, page by page, with the merchant's name.
  const std::string farm(json::parse(env_->call("GET", "/api/v1/auth/me", {}, &merchant_).body)
                             .at("user")
                             .at("org")
                             .at("id")
                             .as_string());
  const std::string older = make_product(), newer = make_product();
  auto mine =
      env_->call("GET", "/api/v1/market/products?limit=1&merchant_org_id=" + farm, {}, &merchant_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto first = json::parse(mine.body).as_object();
  ASSERT_EQ(first.at("items").as_array().size(), 1u);
  EXPECT_EQ(first.at("items").at(0).at("id").as_string(), newer);
  EXPECT_EQ(first.at("items").at(0).at("merchant_name"), "해남 햇살농원 (Haenam Sunshine Farm)");
  const std::string cursor(first.at("next_cursor").as_string());
  auto next = env_->call(
      "GET", "/api/v1/market/products?limit=1&merchant_org_id=" + farm + "&cursor=" + cursor);
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(json::parse(next.body).at("items").at(0).at("id").as_string(), older);
  auto others = env_->call("GET", "/api/v1/market/products?merchant_org_id=" + charity);
  EXPECT_TRUE(json::parse(others.body).at("items").as_array().empty()) << others.body;
  EXPECT_EQ(env_->call("GET", "/api/v1/market/products?merchant_org_id=farm").status, 422);
  auto one = json::parse(env_->call("GET", "/api/v1/market/products/" + newer).body);
  EXPECT_EQ(one.at("merchant_name"), "해남 햇살농원 (Haenam Sunshine Farm)");

  // A drop names its charity (null without one), alone and in the list.
  const UnixMicros opens = now_us() + 3600 * kMicrosPerSecond;
  auto giving =
      env_->call("POST", "/api/v1/market/drops",
                 R"({"product_id":")" + newer + R"(","opens_at":")" + format_rfc3339(opens) +
                     R"(","closes_at":")" + format_rfc3339(opens + 3600 * kMicrosPerSecond) +
                     R"(","quantity":10,"per_buyer_limit":1,"price_won":1000,)"
                     R"("market_price_won":2000,"donation_percent":50,)"
                     R"("charity_org_id":")" +
                     charity + R"("})",
                 &manager_);
  ASSERT_EQ(giving.status, 201) << giving.body;
  const std::string id(json::parse(giving.body).at("id").as_string());
  EXPECT_EQ(json::parse(giving.body).at("charity_name"), "나눔재단 (Nanum Foundation)");
  auto drop = json::parse(env_->call("GET", "/api/v1/market/drops/" + id).body);
  EXPECT_EQ(drop.at("charity_name"), "나눔재단 (Nanum Foundation)");
  auto moved = env_->call(
      "PATCH", "/api/v1/market/drops/" + id,
      R"({"closes_at":")" + format_rfc3339(opens + 7200 * kMicrosPerSecond) + R"("})", &manager_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(json::parse(moved.body).at("charity_name"), "나눔재단 (Nanum Foundation)");
  const auto plain = make_drop(5, 1);
  auto listed = json::parse(env_->call("GET", "/api/v1/market/drops?limit=2").body);
  const auto& items = listed.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("id"), plain.at("id"));
  EXPECT_TRUE(items[0].at("charity_name").is_null());
  EXPECT_EQ(items[1].at("charity_name"), "나눔재단 (Nanum Foundation)");
}

INSTANTIATE_TEST_SUITE_P(Databases, MarketApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
