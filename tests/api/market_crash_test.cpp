// Crash test of the market: the real `sangsaeng demo` binary takes purchases from many buyers
// (and their retries) for one drop; it is killed with SIGKILL at a random moment and restarted
// on the same database. Every order answered 201 must be there; the drop never has more units
// held or sold than its quantity; no buyer holds more than the limit; the books verify.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "core/id.h"
#include "http/test_client.h"
#include "support/app_process.h"
#include "support/customers.h"
#include "support/store_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

constexpr int kQuantity = 50;  // less than the buyers want (60 x 2): it sells out
constexpr int kLimit = 2;
constexpr int kBuyers = 60;

struct Server : AppProcess {
  explicit Server(const std::string& db_url) : AppProcess(SANGSAENG_BINARY, "demo", db_url) {}
};

std::string login(std::uint16_t port, const std::string& email) {
  auto r =
      http::test::fetch(port, "POST", "/api/v1/auth/login", "Content-Type: application/json\r\n",
                        R"({"email":")" + email + R"(","password":"sangsaeng-demo"})");
  if (!r || r->status != 200) throw std::runtime_error("log-in failed: " + email);
  const std::string csrf(json::parse(r->body).at("csrf_token").as_string());
  const std::string set_cookie = r->header("set-cookie");
  const auto start = set_cookie.find("ss_session=");
  const std::string cookie = set_cookie.substr(start, set_cookie.find(';', start) - start);
  return "Content-Type: application/json\r\nCookie: " + cookie + "; ss_csrf=" + csrf +
         "\r\nX-CSRF-Token: " + csrf + "\r\n";
}

std::string post_created(std::uint16_t port, const std::string& path, const std::string& who,
                         const std::string& body) {
  auto r = http::test::fetch(port, "POST", path, who, body);
  if (!r || r->status != 201) throw std::runtime_error(path + ": " + (r ? r->body : "no answer"));
  return std::string(json::parse(r->body).at("id").as_string());
}

// Customers with tokens, written straight into the stopped server's database.
std::vector<std::string> add_buyers(const std::string& url) {
  auto db = store::Db::open({.url = url, .pool_size = 1});
  return add_customers(*db, kBuyers);
}

struct Acked {
  std::string buyer_token;
  int units;
};

class MarketCrashTest : public StoreTest {};

TEST_P(MarketCrashTest, AcknowledgedOrdersSurviveKill9AndNothingIsOversold) {
  db_.reset();  // the server owns the database from here
  std::string drop_id;
  {
    Server first(url_);  // seeds the demo
    const std::uint16_t port = first.port();
    const std::string merchant = login(port, "merchant@sangsaeng.test");
    const std::string manager = login(port, "manager@sangsaeng.test");
    const std::string product =
        post_created(port, "/api/v1/market/products", merchant,
                     R"({"name":"해남 절임배추 10kg","price_won":14900,"market_price_won":29800})");
    const UnixMicros now = now_us();
    drop_id = post_created(
        port, "/api/v1/market/drops", manager,
        R"({"product_id":")" + product + R"(","opens_at":")" + format_rfc3339(now - 1000000) +
            R"(","closes_at":")" + format_rfc3339(now + 3600LL * 1000000) + R"(","quantity":)" +
            std::to_string(kQuantity) + R"(,"per_buyer_limit":)" + std::to_string(kLimit) +
            R"(,"price_won":14900,"market_price_won":29800})");
    first.kill9();
  }
  const std::vector<std::string> tokens = add_buyers(url_);
  std::mt19937 rng(static_cast<unsigned>(::getpid()));
  std::map<std::string, Acked> acked;  // order id -> who, how many
  std::mutex mu;
  const int rounds = GetParam() == store::Dialect::sqlite ? 2 : 1;
  for (int round = 0; round < rounds; ++round) {
    Server server(url_);
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c)
      clients.emplace_back([&, c] {
        std::mt19937 local(c + 31 * round);
        for (int n = 0; !stop && n < 5000; ++n) {
          const auto& token = tokens[local() % tokens.size()];
          // A few keys per buyer, so retries (also across the restart) happen.
          const std::string key = "k" + std::to_string(local() % 3);
          const int units = 1 + static_cast<int>(local() % 2);
          auto r = http::test::fetch(server.port(), "POST",
                                     "/api/v1/market/drops/" + drop_id + "/orders",
                                     "Content-Type: application/json\r\nAuthorization: Bearer " +
                                         token + "\r\nIdempotency-Key: " + key + "\r\n",
                                     R"({"units":)" + std::to_string(units) + "}");
          if (r && r->status == 201) {
            const auto order = json::parse(r->body);
            std::lock_guard lock(mu);
            acked[std::string(order.at("id").as_string())] = {
                token, static_cast<int>(order.at("units").as_int64())};
          }
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 800));
    server.kill9();
    stop = true;
    for (auto& t : clients) t.join();
  }
  ASSERT_GT(acked.size(), 5u);
  std::printf("market crash test: %zu orders acknowledged, %d kills\n", acked.size(), rounds);

  Server server(url_);
  const std::string manager = login(server.port(), "manager@sangsaeng.test");
  std::map<std::string, int> units_of_order;
  std::map<std::string, int> units_of_buyer;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    auto r = http::test::fetch(server.port(), "GET",
                               "/api/v1/market/drops/" + drop_id + "/orders?limit=200" +
                                   (cursor.empty() ? "" : "&cursor=" + cursor),
                               manager);
    ASSERT_TRUE(r && r->status == 200);
    const auto body = json::parse(r->body);
    for (const auto& o : body.at("items").as_array()) {
      const int units = static_cast<int>(o.at("units").as_int64());
      units_of_order[std::string(o.at("id").as_string())] = units;
      units_of_buyer[std::string(o.at("buyer_id").as_string())] += units;
    }
    if (body.at("next_cursor").is_null()) break;
    cursor = std::string(body.at("next_cursor").as_string());
  }
  int total = 0;
  for (const auto& [order, units] : units_of_order) total += units;
  EXPECT_LE(total, kQuantity) << "oversold";
  for (const auto& [buyer, units] : units_of_buyer)
    EXPECT_LE(units, kLimit) << "buyer " << buyer << " above the limit";
  for (const auto& [order, who] : acked) {
    auto it = units_of_order.find(order);
    ASSERT_NE(it, units_of_order.end()) << "acknowledged order " << order << " was lost";
    EXPECT_EQ(it->second, who.units);
  }
  // The drop's own counts agree with its orders (all held: nothing was paid).
  auto d = http::test::fetch(server.port(), "GET", "/api/v1/market/drops/" + drop_id, "");
  ASSERT_TRUE(d && d->status == 200);
  const auto drop = json::parse(d->body);
  EXPECT_EQ(drop.at("held").as_int64() + drop.at("sold").as_int64(), total);
  EXPECT_EQ(drop.at("remaining").as_int64(), kQuantity - total);
  server.kill9();
  const std::string cmd =
      "SANGSAENG_DB_URL='" + url_ + "' " SANGSAENG_BINARY " ledger verify > /dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

INSTANTIATE_STORE_TESTS(MarketCrashTest);

}  // namespace
}  // namespace sangsaeng::testing
