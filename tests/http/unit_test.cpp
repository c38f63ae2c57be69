// Unit tests of the parts that need no server: router, problem, metrics, rate limiter, SSE.
#include <gtest/gtest.h>

#include <stdexcept>

#include "http/http.h"
#include "http/metrics.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "http/sse.h"
#include "http/static_files.h"

namespace sangsaeng::http {
namespace {

Response ok(Request&) {
  return Response::text(200, "ok");
}

TEST(Router, MatchesLiteralsAndParameters) {
  Router r;
  r.get("/api/v1/accounts/{id}", ok);
  r.get("/api/v1/accounts/me", ok);
  r.add(Method::post, "/api/v1/accounts", ok);

  RouteMatch m = r.match(Method::get, "/api/v1/accounts/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.pattern, "/api/v1/accounts/{id}");
  EXPECT_EQ(m.params.at("id"), "42");

  m = r.match(Method::get, "/api/v1/accounts/me");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.pattern, "/api/v1/accounts/me");
  EXPECT_TRUE(m.params.empty());

  m = r.match(Method::get, "/api/v1/accounts/a%2Fb%20c");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "a/b c");

  EXPECT_FALSE(r.match(Method::get, "/api/v1/accounts/").path_matched);
  EXPECT_FALSE(r.match(Method::get, "/api/v1/nothing").path_matched);
}

TEST(Router, BacktracksFromLiteralToParameter) {
  Router r;
  r.get("/a/b/x", ok);
  r.get("/a/{p}/y", ok);
  RouteMatch m = r.match(Method::get, "/a/b/y");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.pattern, "/a/{p}/y");
  EXPECT_EQ(m.params.at("p"), "b");
}

TEST(Router, WrongMethodGivesAllow) {
  Router r;
  r.get("/things/{id}", ok);
  r.add(Method::delete_, "/things/{id}", ok);
  RouteMatch m = r.match(Method::post, "/things/1");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_matched);
  EXPECT_EQ(m.allow, "GET, HEAD, DELETE");
  // HEAD falls back to GET.
  EXPECT_NE(r.match(Method::head, "/things/1").route, nullptr);
}

TEST(Router, RejectsProgrammerErrors) {
  Router r;
  r.get("/x/{id}", ok);
  EXPECT_THROW(r.get("/x/{id}", ok), std::logic_error);
  EXPECT_THROW(r.add(Method::put, "/x/{name}", ok), std::logic_error);
  EXPECT_THROW(r.get("no-slash", ok), std::logic_error);
}

TEST(Problem, HasRfc9457Shape) {
  Response r = problem(422, "validation", "Invalid request", "Two fields are wrong.",
                       {{"quantity", "must be > 0"}, {"name", "must not be \"empty\""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.header_value("content-type"), "application/problem+json");
  EXPECT_EQ(r.body,
            R"({"type":"https://sangsaeng.kr/problems/validation","title":"Invalid request",)"
            R"("status":422,"detail":"Two fields are wrong.","errors":[{"field":"quantity",)"
            R"("message":"must be > 0"},{"field":"name","message":"must not be \"empty\""}]})");
  Response bare = problem(404, "not-found", "Not found");
  EXPECT_EQ(
      bare.body,
      R"({"type":"https://sangsaeng.kr/problems/not-found","title":"Not found","status":404})");
}

TEST(Request, HeadersAndCookiesAreCaseInsensitiveAndParsed) {
  Request req;
  req.headers = {{"Content-Type", "application/json"}, {"Cookie", "a=1; sid=\"xyz\"; b = 2"}};
  EXPECT_EQ(req.header("content-type"), "application/json");
  EXPECT_EQ(req.header("missing"), "");
  EXPECT_EQ(req.cookie("sid"), "xyz");
  EXPECT_EQ(req.cookie("b"), "2");
  EXPECT_EQ(req.cookie("c"), "");
}

TEST(Metrics, RendersRequestsAndCustomSeries) {
  Metrics m;
  m.observe_request("/api/v1/x/{id}", "GET", 200, 0.002);
  m.observe_request("/api/v1/x/{id}", "GET", 200, 0.2);
  m.observe_request("/api/v1/x/{id}", "GET", 404, 0.001);
  m.observe_request("unmatched", "-", 400, 0.0001);  // method unknown: counted apart
  m.observe_request("unmatched", "GET", 418, 0.0001);
  m.counter("orders_total", "Orders accepted.", {{"program", "market"}}).inc(3);
  m.gauge("queue_depth", "Writer queue depth.").set(7);
  m.gauge_callback("drops_open", "Open drops.", {}, [] { return 2.0; });
  EXPECT_EQ(&m.counter("orders_total", "", {{"program", "market"}}),
            &m.counter("orders_total", "", {{"program", "market"}}));
  std::string text = m.render();
  EXPECT_NE(text.find(R"(http_requests_total{route="/api/v1/x/{id}",method="GET",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(http_request_duration_seconds_count{route="/api/v1/x/{id}"} 3)"),
            std::string::npos);
  EXPECT_NE(
      text.find(R"(http_request_duration_seconds_bucket{route="/api/v1/x/{id}",le="+Inf"} 3)"),
      std::string::npos);
  EXPECT_NE(text.find(R"(http_requests_total{route="unmatched",method="-",status="400"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(http_requests_total{route="unmatched",method="GET",status="418"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE orders_total counter\norders_total{program=\"market\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("queue_depth 7\n"), std::string::npos);
  EXPECT_NE(text.find("drops_open 2\n"), std::string::npos);
  EXPECT_NE(text.find("http_connections 0\n"), std::string::npos);
  EXPECT_THROW(m.gauge("orders_total", ""), std::invalid_argument);
  EXPECT_THROW(m.counter("bad name", ""), std::invalid_argument);
}

TEST(RateLimiter, TokenBucketRefillsAndEvictsOldest) {
  RateLimiterOptions o;
  o.address_rate_per_s = 2;
  o.address_burst = 2;
  o.buckets_max = 2;
  RateLimiter rl(o);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(rl.take(false, "a", t0), 0);
  EXPECT_EQ(rl.take(false, "a", t0), 0);
  EXPECT_EQ(rl.take(false, "a", t0), 1);  // empty: one token in 0.5 s -> Retry-After 1
  EXPECT_EQ(rl.take(false, "a", t0 + std::chrono::milliseconds(600)), 0);
  EXPECT_EQ(rl.take(false, "b", t0), 0);
  EXPECT_EQ(rl.take(false, "c", t0), 0);  // evicts "a" (least recently used)
  EXPECT_EQ(rl.buckets(false), 2u);
  EXPECT_EQ(rl.take(false, "a", t0), 0);  // fresh bucket again
  EXPECT_EQ(rl.buckets(false), 2u);
}

TEST(Sse, FrameSplitsDataLines) {
  EXPECT_EQ(sse_frame("count", "1"), "event: count\ndata: 1\n\n");
  EXPECT_EQ(sse_frame("", "a\nb"), "data: a\ndata: b\n\n");
}

TEST(Sse, SlowSubscriberIsDroppedOthersKeepGoing) {
  SseOptions o;
  o.queued_bytes_max = 100;
  o.subscribers_max = 2;
  auto ch = SseChannel::create(o);
  int wakes = 0;
  auto slow = ch->subscribe([&] { ++wakes; });
  auto fast = ch->subscribe([] {});
  ASSERT_TRUE(slow && fast);
  EXPECT_EQ(ch->subscribe([] {}), nullptr);  // full
  std::vector<std::string> got;
  for (int i = 0; i < 10; ++i) {
    ch->publish("e", std::string(20, 'x'));
    got.clear();
    EXPECT_TRUE(fast->take(got));
    EXPECT_EQ(got.size(), 1u);
  }
  got.clear();
  EXPECT_FALSE(slow->take(got));  // dropped after ~3 frames queued
  EXPECT_EQ(ch->subscribers(), 1u);
  EXPECT_GT(wakes, 0);
  ch->close();
  EXPECT_FALSE(fast->take(got));
}

TEST(StaticFiles, ContentTypes) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("a.map"), "application/json");
  EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
  EXPECT_EQ(content_type_for("dir.d/noext"), "application/octet-stream");
}

}  // namespace
}  // namespace sangsaeng::http
