// Black-box tests: a real server on an ephemeral port, real sockets.
#include "http/server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "http/rate_limiter.h"
#include "http/sse.h"
#include "http/test_client.h"

namespace sangsaeng::http {
namespace {

using std::chrono::milliseconds;
using test::Connection;
using test::fetch;

// Bounds on waits for something that must happen, so a bug fails the test instead of hanging
// it. Never a measurement: the behaviour checked does not depend on how long it took.
constexpr milliseconds kEventually{10000};
// A shutdown grace far longer than kEventually: stop() returning within kEventually shows it
// did not wait the grace out (and a regression fails once the grace ends, without hanging).
constexpr int kGraceNeverReachedMs = 60 * 1000;

// Waits (bounded by kEventually) until `cond` holds.
template <typename Cond>
bool eventually(Cond cond) {
  auto deadline = std::chrono::steady_clock::now() + kEventually;
  while (!cond()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

// Calls server.wait() on another thread; true if it returned within kEventually. (If not, the
// future's destructor still waits for it: until the grace period ends.)
bool wait_returns(Server& server) {
  auto waited = std::async(std::launch::async, [&server] { server.wait(); });
  return waited.wait_for(kEventually) == std::future_status::ready;
}

// Options for tests: short timeouts, no access log on stdout.
ServerOptions test_options() {
  ServerOptions o;
  o.threads = 2;
  o.access_log_name.clear();
  o.request_timeout_ms = 2000;
  o.idle_timeout_ms = 2000;
  o.shutdown_grace_ms = 2000;
  return o;
}

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions o = test_options()) {
    server_ = std::make_unique<Server>(o, router_, metrics_);
    for (auto& mw : middlewares_) server_->use(mw);
    server_->start();
    port_ = server_->port();
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
      server_->wait();
    }
  }

  Router router_;
  Metrics metrics_;
  std::vector<Middleware> middlewares_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

void expect_problem(const test::ClientResponse& r, int status, const std::string& slug) {
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_NE(r.body.find("\"type\":\"https://sangsaeng.kr/problems/" + slug + "\""),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\"status\":" + std::to_string(status)), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"title\":"), std::string::npos) << r.body;
}

TEST_F(ServerTest, RoutesWithPathAndQueryParameters) {
  router_.get("/api/v1/accounts/{id}", [](Request& req) {
    return Response::json(200, "{\"id\":\"" + json_escape(req.params.at("id")) + "\",\"q\":\"" +
                                   json_escape(req.query["q"]) + "\",\"route\":\"" + req.route +
                                   "\"}");
  });
  start();
  auto r = fetch(port_, "GET", "/api/v1/accounts/a%20b?q=x%26y&z=1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->body, R"({"id":"a b","q":"x&y","route":"/api/v1/accounts/{id}"})");
}

TEST_F(ServerTest, UnknownRouteIs404ProblemAndWrongMethodIs405WithAllow) {
  router_.get("/things/{id}", [](Request&) { return Response::text(200, "thing"); });
  router_.add(Method::delete_, "/things/{id}", [](Request&) { return Response::empty(204); });
  start();
  auto r = fetch(port_, "GET", "/nothing");
  ASSERT_TRUE(r);
  expect_problem(*r, 404, "not-found");
  r = fetch(port_, "POST", "/things/1", "", "{}");
  ASSERT_TRUE(r);
  expect_problem(*r, 405, "method-not-allowed");
  EXPECT_EQ(r->header("allow"), "GET, HEAD, DELETE");
  r = fetch(port_, "HEAD", "/things/1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"), "5");
  r = fetch(port_, "OPTIONS", "/things/1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->header("allow"), "GET, HEAD, DELETE");
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::atomic<int> n{0};
  router_.get("/n", [&](Request&) { return Response::text(200, std::to_string(++n)); });
  start();
  Connection c(port_);
  for (int i = 1; i <= 5; ++i) {
    auto r = c.request("GET", "/n");
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body, std::to_string(i));
  }
  EXPECT_FALSE(c.closed());
  // Pipelined: two requests in one write.
  ASSERT_TRUE(c.send("GET /n HTTP/1.1\r\nHost: x\r\n\r\nGET /n HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c.read_response()->body, "6");
  EXPECT_EQ(c.read_response()->body, "7");
}

TEST_F(ServerTest, BodyLimitIsPerRoute) {
  auto echo = [](Request& req) { return Response::text(200, std::to_string(req.body.size())); };
  router_.add(Method::post, "/small", echo, RouteOptions{.body_limit_bytes = 16});
  router_.add(Method::post, "/big", echo, RouteOptions{.body_limit_bytes = 4 << 20});
  start();
  auto r = fetch(port_, "POST", "/small", "", std::string(100, 'x'));
  ASSERT_TRUE(r);
  expect_problem(*r, 413, "body-too-large");
  EXPECT_EQ(r->header("connection"), "close");
  r = fetch(port_, "POST", "/small", "", std::string(16, 'x'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "16");
  r = fetch(port_, "POST", "/big", "", std::string(2 << 20, 'x'));  // above the 1 MiB default
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, std::to_string(2 << 20));
  // Chunked bodies are limited as they arrive.
  Connection c(port_);
  ASSERT_TRUE(
      c.send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n"));
  auto rc = c.read_response();
  ASSERT_TRUE(rc);
  expect_problem(*rc, 413, "body-too-large");
}

TEST_F(ServerTest, OversizeHeaderIs431) {
  router_.get("/", [](Request&) { return Response::text(200, "root"); });
  start();
  auto r = fetch(port_, "GET", "/", "X-Big: " + std::string(10000, 'a') + "\r\n");
  ASSERT_TRUE(r);
  expect_problem(*r, 431, "header-too-large");
}

TEST_F(ServerTest, MalformedRequestsGet400AndClose) {
  router_.get("/", [](Request&) { return Response::text(200, "root"); });
  start();
  for (std::string bad :
       {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n"}) {
    Connection c(port_);
    ASSERT_TRUE(c.send(bad));
    auto r = c.read_response();
    ASSERT_TRUE(r) << bad;
    expect_problem(*r, 400, "malformed-request");
    EXPECT_TRUE(c.wait_closed(milliseconds(2000))) << bad;
  }
  auto r = fetch(port_, "BREW", "/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 501);
  // The server still works.
  r = fetch(port_, "GET", "/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "root");
}

TEST_F(ServerTest, SlowClientIsCutAndIdleConnectionClosed) {
  router_.get("/", [](Request&) { return Response::text(200, "root"); });
  ServerOptions o = test_options();
  o.request_timeout_ms = 300;
  o.idle_timeout_ms = 300;
  start(o);
  Connection slow(port_);
  ASSERT_TRUE(slow.send("GET / HTTP/1.1\r\nHo"));  // slowloris: never finishes the header
  for (int i = 0; i < 100 && !slow.wait_closed(milliseconds(100)); ++i) {
    slow.send("s");  // a byte now and then: the request deadline still applies
  }
  EXPECT_TRUE(slow.closed());

  Connection idle(port_);
  EXPECT_TRUE(idle.wait_closed(kEventually));
  EXPECT_EQ(fetch(port_, "GET", "/")->status, 200);
}

// A client that starts a request and stops (headers or body unfinished) gets a 408 problem
// before the connection closes; one that sends nothing is closed without an answer.
TEST_F(ServerTest, UnfinishedRequestGets408) {
  router_.post("/echo", [](Request& r) { return Response::text(200, r.body); });
  ServerOptions o = test_options();
  o.request_timeout_ms = 300;
  o.idle_timeout_ms = 300;
  start(o);
  for (const std::string& partial :
       {std::string("GET / HTTP/1.1\r\nHost: x\r\n"),
        std::string("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")}) {
    Connection c(port_);
    ASSERT_TRUE(c.send(partial));
    auto r = c.read_response();
    ASSERT_TRUE(r) << partial;
    expect_problem(*r, 408, "request-timeout");
    EXPECT_TRUE(c.wait_closed(kEventually));
  }
  Connection idle(port_);
  EXPECT_EQ(idle.read_some(kEventually), "");
  EXPECT_TRUE(idle.closed());
}

// Behind a proxy (trust_proxy_headers) the client address comes from X-Real-IP or the last
// X-Forwarded-For entry, and only when it is an address; otherwise it is the peer's.
TEST_F(ServerTest, ClientAddressFromProxyHeadersOnlyWhenTrusted) {
  router_.get("/who", [](Request& r) { return Response::text(200, r.remote_addr); });
  auto who = [&](const std::string& headers) { return fetch(port_, "GET", "/who", headers)->body; };
  ServerOptions o = test_options();
  o.trust_proxy_headers = true;
  start(o);
  EXPECT_EQ(who("X-Forwarded-For: 203.0.113.7, 198.51.100.2\r\n"), "198.51.100.2");
  EXPECT_EQ(who("X-Real-IP: 2001:db8::1\r\nX-Forwarded-For: 198.51.100.2\r\n"), "2001:db8::1");
  EXPECT_EQ(who("X-Real-IP: <script>\r\n"), "127.0.0.1");
  EXPECT_EQ(who("X-Forwarded-For: not an address\r\n"), "127.0.0.1");
  EXPECT_EQ(who(""), "127.0.0.1");
}

TEST_F(ServerTest, ProxyHeadersIgnoredByDefault) {
  router_.get("/who", [](Request& r) { return Response::text(200, r.remote_addr); });
  start(test_options());
  EXPECT_EQ(fetch(port_, "GET", "/who", "X-Real-IP: 203.0.113.7\r\n")->body, "127.0.0.1");
}

TEST_F(ServerTest, RequestIdIsEchoedOrGenerated) {
  router_.get("/id", [](Request& req) { return Response::text(200, req.request_id); });
  start();
  auto r = fetch(port_, "GET", "/id", "X-Request-Id: abc-123_x.y\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("x-request-id"), "abc-123_x.y");
  EXPECT_EQ(r->body, "abc-123_x.y");
  r = fetch(port_, "GET", "/id", "X-Request-Id: <script>\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("x-request-id").size(), 16u);
  EXPECT_EQ(r->header("x-request-id"), r->body);
  r = fetch(port_, "GET", "/missing");
  EXPECT_EQ(r->header("x-request-id").size(), 16u);
}

TEST_F(ServerTest, RateLimitGives429WithRetryAfter) {
  RateLimiterOptions o;
  o.address_rate_per_s = 0.5;
  o.address_burst = 3;
  o.account_rate_per_s = 0.5;
  o.account_burst = 1;
  o.exempt_routes = {"/healthz"};
  RateLimiter limiter(o);
  // An "auth" middleware that sets the account key, then the limiter.
  middlewares_.push_back([](Request& req) -> std::optional<Response> {
    req.rate_limit_key = std::string(req.header("X-Account"));
    return std::nullopt;
  });
  middlewares_.push_back(limiter.middleware());
  router_.get("/x", [](Request&) { return Response::text(200, "x"); });
  router_.get("/healthz", [](Request&) { return Response::text(200, "ok"); });
  start();
  Connection c(port_);
  EXPECT_EQ(c.request("GET", "/x", "X-Account: alice\r\n")->status, 200);
  auto r = c.request("GET", "/x", "X-Account: alice\r\n");  // account bucket empty
  ASSERT_TRUE(r);
  expect_problem(*r, 429, "rate-limited");
  EXPECT_GE(std::stoi(r->header("retry-after")), 1);
  EXPECT_EQ(c.request("GET", "/x")->status, 200);        // anonymous: address bucket only
  EXPECT_EQ(c.request("GET", "/x")->status, 429);        // address bucket empty (3 used)
  EXPECT_EQ(c.request("GET", "/healthz")->status, 200);  // exempt
  EXPECT_FALSE(c.closed());
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutInternals) {
  router_.get("/boom", [](Request&) -> Response {
    throw std::runtime_error("secret table users_pw exploded");
  });
  start();
  auto r = fetch(port_, "GET", "/boom");
  ASSERT_TRUE(r);
  expect_problem(*r, 500, "internal");
  EXPECT_EQ(r->body.find("secret"), std::string::npos);
}

TEST_F(ServerTest, MetricsCountRequestsByRoute) {
  router_.get("/api/v1/items/{id}", [](Request&) { return Response::text(200, "i"); });
  router_.get("/metrics", [this](Request&) {
    return Response::text(200, metrics_.render(), "text/plain; version=0.0.4");
  });
  start();
  // One connection: a request is recorded before the next one on it is read.
  Connection c(port_);
  for (int i = 0; i < 3; ++i) c.request("GET", "/api/v1/items/" + std::to_string(i));
  c.request("GET", "/nope");
  auto r = c.request("GET", "/metrics");
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find(
                R"(http_requests_total{route="/api/v1/items/{id}",method="GET",status="200"} 3)"),
            std::string::npos)
      << r->body;
  EXPECT_NE(r->body.find(R"(http_requests_total{route="unmatched",method="GET",status="404"} 1)"),
            std::string::npos);
  EXPECT_NE(r->body.find("http_request_duration_seconds_bucket{route=\"/api/v1/items/{id}\""),
            std::string::npos);
  EXPECT_NE(r->body.find("# TYPE http_connections gauge"), std::string::npos);
  EXPECT_NE(r->body.find("http_requests_in_flight 1"), std::string::npos);
}

TEST_F(ServerTest, AccessLogIsOneJsonLinePerRequest) {
  auto out = std::make_shared<std::ostringstream>();
  auto logger = std::make_shared<spdlog::logger>(
      "test-access", std::make_shared<spdlog::sinks::ostream_sink_mt>(*out));
  logger->set_pattern("%v");
  spdlog::register_logger(logger);
  router_.get("/users/{id}", [](Request&) { return Response::text(201, "made"); });
  ServerOptions o = test_options();
  o.access_log_name = "test-access";
  start(o);
  fetch(port_, "GET", "/users/7", "X-Request-Id: r1\r\n");
  server_->stop();
  server_->wait();
  spdlog::drop("test-access");
  std::string line = out->str();
  EXPECT_NE(
      line.find(
          R"("request_id":"r1","method":"GET","path":"/users/7","route":"/users/{id}","status":201,)"),
      std::string::npos)
      << line;
  EXPECT_NE(line.find(R"("bytes":4,"remote":"127.0.0.1"})"), std::string::npos) << line;
  EXPECT_EQ(line.rfind("{\"ts\":\"", 0), 0u);
}

// The connection waits for Done without an answer of its own; the answer is the handler's.
TEST_F(ServerTest, AsyncHandlerCompletesFromAnotherThread) {
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  std::thread worker;
  std::atomic<bool> started{false};
  router_.add_async(Method::post, "/slow", [&](Request& req, Done done) {
    worker = std::thread([&req, opened, done = std::move(done)] {
      opened.wait();
      done(Response::text(200, "did " + req.body));
    });
    started = true;
  });
  start();
  Connection c(port_);
  ASSERT_TRUE(c.send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nwork"));
  ASSERT_TRUE(eventually([&] { return started.load(); }));
  EXPECT_EQ(c.read_some(milliseconds(100)), "");  // nothing until the handler is done
  gate.set_value();
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "did work");
  worker.join();
}

TEST_F(ServerTest, AsyncHandlerThatNeverAnswersGets503) {
  router_.add_async(Method::get, "/never", [](Request&, Done) {});
  ServerOptions o = test_options();
  o.async_timeout_ms = 200;
  start(o);
  auto r = fetch(port_, "GET", "/never");
  ASSERT_TRUE(r);
  expect_problem(*r, 503, "timeout");
}

// stop() closes idle connections while a request is still in flight, lets that request
// finish (its answer says Connection: close), and returns once it is done, not at the end
// of the grace period.
TEST_F(ServerTest, GracefulStopFinishesInFlightRequest) {
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  std::thread worker;
  std::atomic<bool> started{false};
  router_.add_async(Method::post, "/commit", [&](Request&, Done done) {
    worker = std::thread([opened, done = std::move(done)] {
      opened.wait();
      done(Response::text(200, "committed"));
    });
    started = true;
  });
  ServerOptions o = test_options();
  o.shutdown_grace_ms = kGraceNeverReachedMs;
  start(o);
  Connection idle(port_);
  Connection c(port_);
  ASSERT_TRUE(c.send("POST /commit HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  ASSERT_TRUE(eventually([&] { return started.load(); }));
  server_->stop();
  EXPECT_TRUE(idle.wait_closed(kEventually));  // while /commit is still in flight
  EXPECT_TRUE(eventually([&] { return !Connection(port_).connected(); }));  // not accepting
  gate.set_value();
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "committed");
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(wait_returns(*server_));
  worker.join();
}

TEST_F(ServerTest, StopCutsRequestsThatOutliveTheGrace) {
  Done kept;
  std::mutex m;
  router_.add_async(Method::get, "/hang", [&](Request&, Done done) {
    std::lock_guard lock(m);
    kept = std::move(done);
  });
  ServerOptions o = test_options();
  o.shutdown_grace_ms = 200;
  start(o);
  Connection c(port_);
  ASSERT_TRUE(c.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(m);
    return static_cast<bool>(kept);
  }));
  server_->stop();
  EXPECT_TRUE(wait_returns(*server_));      // the handler never answers: cut after the grace
  EXPECT_EQ(c.read_some(kEventually), "");  // closed without an answer
  EXPECT_TRUE(c.closed());
  server_.reset();
  std::lock_guard lock(m);
  ASSERT_TRUE(kept);
  kept(Response::text(200, "too late"));  // ignored, no crash after the server is gone
}

TEST_F(ServerTest, ConnectionCapClosesExtraConnections) {
  router_.get("/", [](Request&) { return Response::text(200, "root"); });
  ServerOptions o = test_options();
  o.connections_max = 1;
  start(o);
  Connection first(port_);
  ASSERT_TRUE(first.request("GET", "/"));
  Connection second(port_);
  EXPECT_TRUE(second.wait_closed(milliseconds(1000)));
  EXPECT_EQ(first.request("GET", "/")->status, 200);
}

TEST_F(ServerTest, CorsOnlyForListedOrigins) {
  router_.get("/api/v1/x", [](Request&) { return Response::text(200, "x"); });
  ServerOptions o = test_options();
  o.cors_allowed_origins = {"https://admin.example"};
  start(o);
  auto r = fetch(port_, "GET", "/api/v1/x", "Origin: https://admin.example\r\n");
  EXPECT_EQ(r->header("access-control-allow-origin"), "https://admin.example");
  r = fetch(port_, "GET", "/api/v1/x", "Origin: https://evil.example\r\n");
  EXPECT_EQ(r->header("access-control-allow-origin"), "");
  r = fetch(port_, "OPTIONS", "/api/v1/x",
            "Origin: https://admin.example\r\nAccess-Control-Request-Method: GET\r\n"
            "Access-Control-Request-Headers: content-type\r\n");
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->header("access-control-allow-methods"), "GET, HEAD");
  EXPECT_EQ(r->header("access-control-allow-headers"), "content-type");
}

TEST_F(ServerTest, CorsOffByDefault) {
  router_.get("/api/v1/x", [](Request&) { return Response::text(200, "x"); });
  start();
  auto r = fetch(port_, "GET", "/api/v1/x", "Origin: https://admin.example\r\n");
  EXPECT_EQ(r->header("access-control-allow-origin"), "");
}

// --- static files ---

class StaticTest : public ServerTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ss-http-static-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / "dist" / "assets");
    write("dist/index.html", "<!doctype html><title>app</title>");
    write("dist/assets/app-3f2a.js", "console.log(1)");
    write("dist/assets/app-3f2a.mjs", "export {}");
    write("dist/assets/style-9c.css", "body{}");
    write("dist/assets/logo.svg", "<svg/>");
    write("dist/assets/font.woff2", "wOF2");
    write("dist/favicon.ico", "ico");
    write("dist/robots.txt", "User-agent: *");
    write("secret.txt", "do not serve");
    router_.get("/healthz", [](Request&) { return Response::text(200, "ok"); });
    ServerOptions o = test_options();
    o.static_dir = (dir_ / "dist").string();
    start(o);
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::filesystem::remove_all(dir_);
  }
  void write(const std::string& rel, const std::string& content) {
    std::ofstream(dir_ / rel) << content;
  }
  std::filesystem::path dir_;
};

TEST_F(StaticTest, ServesFilesWithTypesAndCacheHeaders) {
  auto r = fetch(port_, "GET", "/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r->header("cache-control"), "no-cache");
  EXPECT_EQ(r->body, "<!doctype html><title>app</title>");

  struct Case {
    std::string path, type;
  };
  for (const Case& c :
       {Case{"/assets/app-3f2a.js", "text/javascript; charset=utf-8"},
        Case{"/assets/app-3f2a.mjs", "text/javascript; charset=utf-8"},
        Case{"/assets/style-9c.css", "text/css; charset=utf-8"},
        Case{"/assets/logo.svg", "image/svg+xml"}, Case{"/assets/font.woff2", "font/woff2"}}) {
    r = fetch(port_, "GET", c.path);
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(r->status, 200) << c.path;
    EXPECT_EQ(r->header("content-type"), c.type) << c.path;
    EXPECT_EQ(r->header("cache-control"), "public, max-age=31536000, immutable") << c.path;
  }
  r = fetch(port_, "GET", "/favicon.ico");
  EXPECT_EQ(r->header("content-type"), "image/x-icon");
  EXPECT_EQ(r->header("cache-control"), "no-cache");
  EXPECT_EQ(fetch(port_, "GET", "/healthz")->body, "ok");  // routes win over files
}

TEST_F(StaticTest, SpaFallbackButNotForApiOrAssets) {
  auto r = fetch(port_, "GET", "/market/drops/42");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<!doctype html><title>app</title>");
  EXPECT_EQ(r->header("cache-control"), "no-cache");
  expect_problem(*fetch(port_, "GET", "/api/v1/unknown"), 404, "not-found");
  expect_problem(*fetch(port_, "GET", "/assets/gone-1234.js"), 404, "not-found");
  expect_problem(*fetch(port_, "POST", "/market", "", "x"), 404, "not-found");
}

TEST_F(StaticTest, TraversalIsRefused) {
  for (std::string path : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                           "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt"}) {
    auto r = fetch(port_, "GET", path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->body.find("do not serve"), std::string::npos) << path;
    EXPECT_TRUE(r->status == 404 || r->status == 400) << path << " " << r->status;
  }
}

TEST_F(StaticTest, EtagGives304) {
  auto r = fetch(port_, "GET", "/assets/app-3f2a.js");
  std::string etag = r->header("etag");
  ASSERT_FALSE(etag.empty());
  r = fetch(port_, "GET", "/assets/app-3f2a.js", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(r->status, 304);
  EXPECT_TRUE(r->body.empty());
}

// --- server-sent events ---

// Reads from an event stream until `needle` shows up or the timeout passes.
bool read_until(Connection& c, std::string& seen, const std::string& needle,
                milliseconds timeout = milliseconds(3000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (seen.find(needle) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline || c.closed()) return false;
    seen += c.read_some(milliseconds(50));
  }
  return true;
}

TEST_F(ServerTest, SseDeliversEventsAndHeartbeats) {
  SseOptions so;
  so.heartbeat_ms = 100;
  so.replay_last = true;
  auto channel = SseChannel::create(so);
  channel->publish("count", "41");
  router_.get("/events", [&](Request&) { return Response::event_stream(channel); });
  start();
  Connection a(port_), b(port_);
  ASSERT_TRUE(a.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(b.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string sa, sb;
  ASSERT_TRUE(read_until(a, sa, "data: 41\n\n"));  // replayed last value
  EXPECT_NE(sa.find("Content-Type: text/event-stream"), std::string::npos) << sa;
  ASSERT_TRUE(read_until(b, sb, "data: 41\n\n"));
  while (channel->subscribers() < 2) std::this_thread::sleep_for(milliseconds(5));
  channel->publish("count", "42");
  EXPECT_TRUE(read_until(a, sa, "event: count\ndata: 42\n\n"));
  EXPECT_TRUE(read_until(b, sb, "event: count\ndata: 42\n\n"));
  EXPECT_TRUE(read_until(a, sa, ": heartbeat\n\n"));
}

TEST_F(ServerTest, SseSubscriberLeavesOnDisconnectAndStop) {
  SseOptions so;
  so.heartbeat_ms = 60000;
  auto channel = SseChannel::create(so);
  router_.get("/events", [&](Request&) { return Response::event_stream(channel); });
  ServerOptions o = test_options();
  o.shutdown_grace_ms = kGraceNeverReachedMs;
  start(o);
  {
    Connection c(port_);
    ASSERT_TRUE(c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string seen;
    ASSERT_TRUE(read_until(c, seen, "\r\n\r\n"));
    EXPECT_EQ(channel->subscribers(), 1u);
  }
  EXPECT_TRUE(eventually([&] { return channel->subscribers() == 0; }));

  Connection c(port_);
  ASSERT_TRUE(c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string seen;
  ASSERT_TRUE(read_until(c, seen, "\r\n\r\n"));
  // stop() ends the stream cleanly (the last chunk), without waiting out the grace period.
  server_->stop();
  EXPECT_TRUE(read_until(c, seen, "\r\n0\r\n\r\n")) << seen;
  EXPECT_TRUE(c.wait_closed(kEventually));
  EXPECT_TRUE(wait_returns(*server_));
  EXPECT_EQ(channel->subscribers(), 0u);
}

TEST_F(ServerTest, SseSubscriberCapGives503) {
  SseOptions so;
  so.subscribers_max = 1;
  auto channel = SseChannel::create(so);
  router_.get("/events", [&](Request&) { return Response::event_stream(channel); });
  start();
  Connection a(port_);
  ASSERT_TRUE(a.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string seen;
  ASSERT_TRUE(read_until(a, seen, "\r\n\r\n"));
  auto r = fetch(port_, "GET", "/events");
  ASSERT_TRUE(r);
  expect_problem(*r, 503, "sse-full");
}

TEST_F(ServerTest, SseSlowSubscriberIsDroppedFastOneKeepsUp) {
  SseOptions so;
  so.queued_bytes_max = 512 * 1024;
  so.heartbeat_ms = 60000;
  auto channel = SseChannel::create(so);
  router_.get("/events", [&](Request&) { return Response::event_stream(channel); });
  start();
  Connection slow(port_, 4096);  // never reads
  ASSERT_TRUE(slow.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  Connection fast(port_);
  ASSERT_TRUE(fast.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  while (channel->subscribers() < 2) std::this_thread::sleep_for(milliseconds(5));

  const std::string payload(16 * 1024, 'p');
  const std::string end_frame = "event: end\ndata: done\n\n";
  std::size_t fast_bytes = 0;
  bool fast_saw_end = false;
  // Reads until the last event arrives (bounded by kEventually after it was published).
  std::atomic<bool> end_published{false};
  std::thread reader([&] {
    std::string tail;
    std::chrono::steady_clock::time_point give_up = std::chrono::steady_clock::time_point::max();
    while (!fast.closed() && std::chrono::steady_clock::now() < give_up) {
      std::string got = fast.read_some(milliseconds(20));
      fast_bytes += got.size();
      tail = tail.substr(tail.size() > end_frame.size() ? tail.size() - end_frame.size() : 0) + got;
      if (tail.find(end_frame) != std::string::npos) {
        fast_saw_end = true;
        return;
      }
      if (end_published && give_up == std::chrono::steady_clock::time_point::max()) {
        give_up = std::chrono::steady_clock::now() + kEventually;
      }
    }
  });
  int published = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (channel->subscribers() == 2 && std::chrono::steady_clock::now() < deadline) {
    channel->publish("blob", payload);  // never blocks, even with a stuck subscriber
    ++published;
    // Paced so the reading subscriber keeps up even on a loaded machine under sanitizers
    // (32 frames of slack); the stuck one fills its socket buffers and then its queue.
    std::this_thread::sleep_for(milliseconds(1));
  }
  EXPECT_EQ(channel->subscribers(), 1u) << "published " << published;
  std::printf("published %d frames before the slow subscriber was dropped\n", published);
  channel->publish("end", "done");
  end_published = true;
  reader.join();
  EXPECT_TRUE(fast_saw_end);
  EXPECT_GE(fast_bytes, static_cast<std::size_t>(published) * payload.size());
  EXPECT_FALSE(fast.closed());
}

}  // namespace
}  // namespace sangsaeng::http
