// The community market over real HTTP, on SQLite and on PostgreSQL: a merchant adds a product,
// the market's manager plans a drop, many customers press "buy" at once and exactly the
// quantity is held; retries answer the first order; refusals are clear problems that change
// nothing; cancelling gives the units back.
#include <atomic>
#include <thread>

#include "api_fixture.h"
#include "support/customers.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

class MarketApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>(GetParam() == store::Dialect::sqlite ? temp_sqlite_url()
                                                                         : fresh_pg_url());
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
  auto declined = as_token(token, "POST", path, R"({"method_token":"sandbox-decline"})");
  EXPECT_EQ(declined.status, 409);
  EXPECT_EQ(problem_type(declined), "payment-declined");
  EXPECT_EQ(as_token(token, "POST", path, R"({"method_token":""})").status, 422);
  auto paid = as_token(token, "POST", path, R"({"method_token":"sandbox-approve"})");
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
                     R"({"method_token":"sandbox-approve"})")
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

INSTANTIATE_TEST_SUITE_P(Databases, MarketApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
