// The production path of DESIGN.md section 8, for real: two `sangsaeng` nodes on one PostgreSQL
// behind nginx running deploy/nginx/sangsaeng.conf. A session made through the proxy works on
// both nodes (they keep no session state); a log-out on one node is honoured by the other
// within the principal cache's lifetime; and the client address the nodes record is the one
// nginx saw, not one the client claims in X-Forwarded-For. Two nodes sell one drop under load
// through stock leases; one is killed mid-sale and the other sells what the dead one leased.
// A live show run on one node reaches viewers connected to the other (LISTEN/NOTIFY).
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "core/id.h"
#include "core/time.h"
#include "http/test_client.h"
#include "support/app_process.h"
#include "support/customers.h"
#include "support/store_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;
using http::test::fetch;

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// nginx (Debian's, installed by scripts/setup) with the project's site file, rendered as the
// file's header says, inside a minimal main configuration in a temporary directory.
class Nginx {
 public:
  explicit Nginx(const std::vector<std::uint16_t>& nodes) : dir_(make_temp_dir("ss-nginx-")) {
    port_ = free_port();
    std::string site =
        read_file(std::string(SANGSAENG_SOURCE_DIR) + "/deploy/nginx/sangsaeng.conf");
    std::string upstreams;
    for (auto node : nodes) upstreams += "server 127.0.0.1:" + std::to_string(node) + "; ";
    replace_all(site, "${LISTEN}", "127.0.0.1:" + std::to_string(port_));
    replace_all(site, "${UPSTREAMS}", upstreams);
    std::ofstream(dir_ + "/sangsaeng.conf") << site;
    std::ofstream(dir_ + "/nginx.conf")
        << (::geteuid() == 0 ? "user root;\n" : "") << "worker_processes 1;\n"
        << "pid " << dir_ << "/nginx.pid;\nerror_log " << dir_ << "/error.log warn;\n"
        << "events { worker_connections 256; }\nhttp {\n  access_log off;\n"
        << "  client_body_temp_path " << dir_ << "/body;\n  proxy_temp_path " << dir_
        << "/proxy;\n  fastcgi_temp_path " << dir_ << "/fastcgi;\n  uwsgi_temp_path " << dir_
        << "/uwsgi;\n  scgi_temp_path " << dir_ << "/scgi;\n  include " << dir_
        << "/sangsaeng.conf;\n}\n";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl(kNginx, kNginx, "-p", dir_.c_str(), "-c", (dir_ + "/nginx.conf").c_str(), "-g",
              "daemon off;", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100; ++i) {
      if (auto r = fetch(port_, "GET", "/healthz"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("nginx did not start: " + read_file(dir_ + "/error.log"));
  }
  ~Nginx() {
    ::kill(pid_, SIGTERM);  // fast shutdown: the master stops its workers
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::uint16_t port() const { return port_; }

 private:
  static constexpr const char* kNginx = "/usr/sbin/nginx";
  std::string dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

struct Browser {
  std::string cookie, csrf;
  std::string headers() const {
    return "Cookie: " + cookie + "; ss_csrf=" + csrf + "\r\nX-CSRF-Token: " + csrf + "\r\n";
  }
};

Browser login(std::uint16_t port, const std::string& extra_headers = {}) {
  auto r = fetch(port, "POST", "/api/v1/auth/login",
                 "Content-Type: application/json\r\n" + extra_headers,
                 R"({"email":"admin@sangsaeng.test","password":"sangsaeng-demo"})");
  if (!r || r->status != 200) throw std::runtime_error("log-in failed");
  const std::string set_cookie = r->header("set-cookie");
  const auto start = set_cookie.find("ss_session=");
  return {set_cookie.substr(start, set_cookie.find(';', start) - start),
          std::string(json::parse(r->body).at("csrf_token").as_string())};
}

int me(std::uint16_t port, const Browser& who) {
  auto r = fetch(port, "GET", "/api/v1/auth/me", who.headers());
  return r ? r->status : 0;
}

class DeployTest : public ::testing::Test {};

TEST_F(DeployTest, TwoNodesBehindNginxShareSessionsAndSeeTheRealClient) {
  const std::string db =
      TempPostgres::shared().create_database("deploy_" + std::to_string(::getpid()));
  const std::vector<std::pair<std::string, std::string>> common = {
      {"SANGSAENG_TRUST_PROXY_HEADERS", "true"}, {"SANGSAENG_PRINCIPAL_CACHE_MS", "1000"}};
  auto env = [&](const char* node, const char* scheduled) {
    auto e = common;
    e.emplace_back("SANGSAENG_NODE_ID", node);
    e.emplace_back("SANGSAENG_RUN_SCHEDULED_JOBS", scheduled);
    return e;
  };
  AppProcess a(SANGSAENG_BINARY, "demo", db, env("1", "true"));  // seeds the demo users
  AppProcess b(SANGSAENG_BINARY, "serve", db, env("2", "false"));
  Nginx proxy({a.port(), b.port()});

  // A client behind the proxy claims another address; the nodes must record the proxy's view.
  const Browser browser = login(proxy.port(), "X-Forwarded-For: 203.0.113.9\r\n");
  for (int i = 0; i < 6; ++i) EXPECT_EQ(me(proxy.port(), browser), 200);
  EXPECT_EQ(me(a.port(), browser), 200);  // the session lives in the database: any node knows it
  EXPECT_EQ(me(b.port(), browser), 200);

  const Browser auditor_view = login(proxy.port());
  auto audit = fetch(proxy.port(), "GET", "/api/v1/audit?limit=10", auditor_view.headers());
  ASSERT_TRUE(audit && audit->status == 200);
  int logins = 0;
  const json::value entries = json::parse(audit->body);
  for (const auto& e : entries.at("items").as_array()) {
    if (e.at("action") != "POST /api/v1/auth/login") continue;
    ++logins;
    EXPECT_EQ(e.at("remote_addr"), "127.0.0.1") << audit->body;
  }
  EXPECT_EQ(logins, 2);

  // Log-out on node A: A refuses the session at once, B once its cache entry expires (1 s).
  auto out = fetch(a.port(), "POST", "/api/v1/auth/logout", browser.headers());
  ASSERT_TRUE(out && out->status / 100 == 2) << (out ? out->body : "");
  EXPECT_EQ(me(a.port(), browser), 401);
  int on_b = 200;
  for (int i = 0; i < 100 && on_b == 200; ++i) {  // 10 s at most; the bound is 1 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    on_b = me(b.port(), browser);
  }
  EXPECT_EQ(on_b, 401);
  EXPECT_EQ(me(proxy.port(), browser), 401);
}

// Headers of a demo user signed in (cookie and CSRF token), for JSON requests.
std::string signed_in(std::uint16_t port, const std::string& email) {
  auto r = fetch(port, "POST", "/api/v1/auth/login", "Content-Type: application/json\r\n",
                 R"({"email":")" + email + R"(","password":"sangsaeng-demo"})");
  if (!r || r->status != 200) throw std::runtime_error("log-in failed: " + email);
  const std::string csrf(json::parse(r->body).at("csrf_token").as_string());
  const std::string set_cookie = r->header("set-cookie");
  const auto start = set_cookie.find("ss_session=");
  return "Content-Type: application/json\r\nCookie: " +
         set_cookie.substr(start, set_cookie.find(';', start) - start) + "; ss_csrf=" + csrf +
         "\r\nX-CSRF-Token: " + csrf + "\r\n";
}

std::string created_id(std::uint16_t port, const std::string& path, const std::string& who,
                       const std::string& body) {
  auto r = fetch(port, "POST", path, who, body);
  if (!r || r->status != 201) throw std::runtime_error(path + ": " + (r ? r->body : "no answer"));
  return std::string(json::parse(r->body).at("id").as_string());
}

TEST_F(DeployTest, TwoNodesSellOneDropAndTheSurvivorSellsTheDeadNodesLease) {
  constexpr int kQuantity = 120, kLimit = 2, kBuyers = 150;
  const std::string db =
      TempPostgres::shared().create_database("deploy_market_" + std::to_string(::getpid()));
  auto env = [&](const char* node, const char* scheduled) {
    return std::vector<std::pair<std::string, std::string>>{
        {"SANGSAENG_TRUST_PROXY_HEADERS", "true"},
        {"SANGSAENG_NODE_ID", node},
        {"SANGSAENG_RUN_SCHEDULED_JOBS", scheduled},
        {"SANGSAENG_MARKET_LEASE_UNITS", "10"},
        {"SANGSAENG_MARKET_LEASE_TIMEOUT_SECONDS", "3"},
        // Every test buyer comes from one address (127.0.0.1 behind nginx): without this the
        // per-address limit (100 units per drop and node) would stop the survivor, not the stock.
        {"SANGSAENG_MARKET_UNITS_PER_ADDRESS_MAX", "0"}};
  };
  auto a = std::make_unique<AppProcess>(SANGSAENG_BINARY, "demo", db, env("1", "true"));
  AppProcess b(SANGSAENG_BINARY, "serve", db, env("2", "false"));
  Nginx proxy({a->port(), b.port()});

  const std::string merchant = signed_in(proxy.port(), "merchant@sangsaeng.test");
  const std::string manager = signed_in(proxy.port(), "manager@sangsaeng.test");
  const std::string product =
      created_id(proxy.port(), "/api/v1/market/products", merchant,
                 R"({"name":"해남 절임배추 10kg","price_won":14900,"market_price_won":29800})");
  const UnixMicros now = now_us();
  const std::string drop_id = created_id(
      proxy.port(), "/api/v1/market/drops", manager,
      R"({"product_id":")" + product + R"(","opens_at":")" + format_rfc3339(now - 1000000) +
          R"(","closes_at":")" + format_rfc3339(now + 3600LL * 1000000) + R"(","quantity":)" +
          std::to_string(kQuantity) + R"(,"per_buyer_limit":)" + std::to_string(kLimit) +
          R"(,"price_won":14900,"market_price_won":29800})");
  const std::vector<std::string> tokens = [&] {
    auto store = store::Db::open({.url = db, .pool_size = 1});
    return add_customers(*store, kBuyers);
  }();

  auto database = store::Db::open({.url = db, .pool_size = 1});
  auto leased_to_a = [&] {
    return database->read([](soci::session& s) {
      long long units = 0;
      s << "SELECT COALESCE(SUM(units), 0) FROM market_leases WHERE node = 'node-1'",
          soci::into(units);
      return units;
    });
  };
  std::map<std::string, std::pair<std::string, int>> acked;  // order id -> buyer token, units
  std::mutex mu;
  auto buy = [&](std::uint16_t port, const std::string& token, int units, const std::string& key) {
    auto r = fetch(port, "POST", "/api/v1/market/drops/" + drop_id + "/orders",
                   "Content-Type: application/json\r\nAuthorization: Bearer " + token +
                       "\r\nIdempotency-Key: " + key + "\r\n",
                   R"({"units":)" + std::to_string(units) + "}");
    if (!r || r->status != 201) return;
    const auto order = json::parse(r->body);
    std::lock_guard lock(mu);
    acked[std::string(order.at("id").as_string())] = {
        token, static_cast<int>(order.at("units").as_int64())};
  };
  // Node A sells first, so that it holds a leased chunk it has not sold yet; only this thread
  // sends to A, so nothing else drains that lease before A dies (the rush could otherwise sell the
  // whole stock before A is killed, and the test would show nothing).
  buy(a->port(), tokens[0], 1, "a0");
  buy(a->port(), tokens[1], 1, "a0");
  ASSERT_GE(leased_to_a(), 5) << "node A took no lease";

  // Many buyers, with retries of their keys, until told to stop: to node B while A lives, then
  // through the proxy (which must route around the dead node).
  std::atomic<bool> stop{false}, via_proxy{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&, c] {
      std::mt19937 rng(c + 17);
      for (int n = 0; !stop && n < 20000; ++n)
        buy(via_proxy ? proxy.port() : b.port(), tokens[rng() % tokens.size()],
            1 + static_cast<int>(rng() % 2), "k" + std::to_string(rng() % 3));
    });
  auto acked_count = [&] {
    std::lock_guard lock(mu);
    return acked.size();
  };
  for (int i = 0; i < 300 && acked_count() < 20; ++i)  // mid-sale; 30 s at most
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  a->kill9();
  via_proxy = true;
  const long long orphaned = leased_to_a();
  EXPECT_GT(orphaned, 0) << "node A was killed without a lease: nothing to take over";
  std::int64_t remaining = -1;
  for (int i = 0; i < 600 && remaining != 0; ++i) {  // 60 s at most; the timeout is 3 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto d = fetch(b.port(), "GET", "/api/v1/market/drops/" + drop_id);
    if (d && d->status == 200) remaining = json::parse(d->body).at("remaining").as_int64();
  }
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(remaining, 0) << "the surviving node did not sell the dead node's leased units";

  std::map<std::string, int> units_of_order, units_of_buyer;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    auto r = fetch(b.port(), "GET",
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
  EXPECT_EQ(total, kQuantity) << "oversold, or units left unsold";
  for (const auto& [buyer, units] : units_of_buyer)
    EXPECT_LE(units, kLimit) << "buyer " << buyer << " above the limit";
  for (const auto& [order, who] : acked) {
    auto it = units_of_order.find(order);
    ASSERT_NE(it, units_of_order.end()) << "acknowledged order " << order << " was lost";
    EXPECT_EQ(it->second, who.second);
  }
  std::printf(
      "deploy market test: %zu orders acknowledged, %d units taken of %d, %lld units leased "
      "to the killed node\n",
      acked.size(), total, kQuantity, orphaned);
  b.kill9();
  const std::string verify =
      "SANGSAENG_DB_URL='" + db + "' " SANGSAENG_BINARY " ledger verify > /dev/null";
  EXPECT_EQ(std::system(verify.c_str()), 0);
}

// Reads an SSE stream until `needle` arrives or `wait_ms` passes; everything read so far.
std::string read_until(http::test::Connection& c, const std::string& needle, int wait_ms) {
  std::string got;
  for (int i = 0; i < wait_ms / 100 && got.find(needle) == std::string::npos && !c.closed(); ++i)
    got += c.read_some(std::chrono::milliseconds(100));
  return got;
}

// A viewer of the event's page: its stream's first frame (the snapshot) has arrived.
std::unique_ptr<http::test::Connection> viewer(std::uint16_t port, const std::string& event) {
  auto c = std::make_unique<http::test::Connection>(port);
  c->send("GET /api/v1/live/events/" + event +
          "/stream HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n");
  if (read_until(*c, "event: snapshot", 10'000).find("event: snapshot") == std::string::npos)
    throw std::runtime_error("no snapshot on the stream");
  return c;
}

TEST_F(DeployTest, APinAndAnOrderOnOneNodeReachViewersOfTheOtherAtOnce) {
  const std::string db =
      TempPostgres::shared().create_database("deploy_live_" + std::to_string(::getpid()));
  // The feeds poll every ten minutes here: what reaches node B within the test's waits (10 s
  // each) was announced by the database (NOTIFY), not found by polling.
  auto env = [&](const char* node, const char* scheduled) {
    return std::vector<std::pair<std::string, std::string>>{
        {"SANGSAENG_TRUST_PROXY_HEADERS", "true"},
        {"SANGSAENG_NODE_ID", node},
        {"SANGSAENG_RUN_SCHEDULED_JOBS", scheduled},
        {"SANGSAENG_LIVE_POLL_MS", "600000"}};
  };
  AppProcess a(SANGSAENG_BINARY, "demo", db, env("1", "true"));
  AppProcess b(SANGSAENG_BINARY, "serve", db, env("2", "false"));
  Nginx proxy({a.port(), b.port()});

  const std::string merchant = signed_in(a.port(), "merchant@sangsaeng.test");
  const std::string manager = signed_in(a.port(), "manager@sangsaeng.test");
  const std::string host = signed_in(a.port(), "live@sangsaeng.test");
  const std::string product =
      created_id(a.port(), "/api/v1/market/products", merchant,
                 R"({"name":"망원시장 수제 어묵","price_won":10000,"market_price_won":12000})");
  const UnixMicros now = now_us();
  const std::string event = created_id(
      a.port(), "/api/v1/live/events", host,
      R"({"kind":"market_show","title":"망원시장 저녁 장보기","hosts":["김진행"],"starts_at":")" +
          format_rfc3339(now + 60LL * 1000000) + R"(","ends_at":")" +
          format_rfc3339(now + 3600LL * 1000000) +
          R"(","channels":[{"platform":"iptv","iptv_channel":"U+tv 801"}],"product_ids":[")" +
          product + R"("]})");
  auto moved = fetch(a.port(), "POST", "/api/v1/live/events/" + event + "/state", host,
                     R"({"state":"live"})");
  ASSERT_TRUE(moved && moved->status == 200) << (moved ? moved->body : "no answer");

  // Viewers on node B and through the proxy (on whichever node it picks); then node A pins.
  auto on_b = viewer(b.port(), event);
  auto via_proxy = viewer(proxy.port(), event);
  auto pinned = fetch(a.port(), "POST", "/api/v1/live/events/" + event + "/pins", host,
                      R"({"kind":"product","product_id":")" + product + R"("})");
  ASSERT_TRUE(pinned && pinned->status == 201) << (pinned ? pinned->body : "no answer");
  const std::string pin_frame = "\"product_id\":\"" + product + "\"";
  EXPECT_NE(read_until(*on_b, pin_frame, 10'000).find(pin_frame), std::string::npos);
  EXPECT_NE(read_until(*via_proxy, pin_frame, 10'000).find(pin_frame), std::string::npos);

  // A customer buys the featured product on node A: B's viewer sees the counters move.
  const std::string drop = created_id(
      a.port(), "/api/v1/market/drops", manager,
      R"({"product_id":")" + product + R"(","opens_at":")" + format_rfc3339(now - 1000000) +
          R"(","closes_at":")" + format_rfc3339(now + 3600LL * 1000000) +
          R"(","quantity":100,"per_buyer_limit":5,"price_won":10000,"market_price_won":12000})");
  const std::string token = [&] {
    auto store = store::Db::open({.url = db, .pool_size = 1});
    return add_customers(*store, 1).front();
  }();
  const std::string buyer =
      "Content-Type: application/json\r\nAuthorization: Bearer " + token + "\r\n";
  auto held = fetch(a.port(), "POST", "/api/v1/market/drops/" + drop + "/orders",
                    buyer + "Idempotency-Key: live-1\r\n", R"({"units":3})");
  ASSERT_TRUE(held && held->status == 201) << (held ? held->body : "no answer");
  auto paid = fetch(
      a.port(), "POST",
      "/api/v1/market/orders/" + std::string(json::parse(held->body).at("id").as_string()) + "/pay",
      buyer,
      R"({"method_token":"sandbox-approve","ship_to":{"recipient":"김하늘","phone":"010-1234-5678",)"
      R"("postal_code":"03154","address1":"서울 마포구 망원로 1","address2":"","memo":""}})");
  ASSERT_TRUE(paid && paid->status == 200) << (paid ? paid->body : "no answer");
  const std::string counters = read_until(*on_b, "\"sold\":3", 10'000);
  EXPECT_NE(counters.find("\"orders\":1,\"sold\":3"), std::string::npos) << counters;
}

}  // namespace
}  // namespace sangsaeng::testing
