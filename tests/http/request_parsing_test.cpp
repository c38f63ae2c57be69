// Unit tests of request parsing and CORS: pure functions, no server.
#include "http/request_parsing.h"

#include <gtest/gtest.h>

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>

#include "http/cors.h"

namespace sangsaeng::http {
namespace {

namespace bhttp = boost::beast::http;

Request with_headers(std::vector<std::pair<std::string, std::string>> headers) {
  Request req;
  req.headers = std::move(headers);
  return req;
}

std::string slug_of(const Response& r) {
  const std::string key = "\"type\":\"https://sangsaeng.kr/problems/";
  std::size_t at = r.body.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  return r.body.substr(at, r.body.find('"', at) - at);
}

TEST(ParseRequestLine, SetsMethodPathAndDecodedQuery) {
  Request req;
  EXPECT_FALSE(parse_request_line("PATCH", "/api/v1/a%20b?q=x%26y&z=1&z=2", req));
  EXPECT_EQ(req.method, Method::patch);
  EXPECT_EQ(req.path, "/api/v1/a b");
  EXPECT_EQ(req.query.at("q"), "x&y");
  EXPECT_EQ(req.query.at("z"), "2");  // the last one wins
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"}) {
    Request r;
    EXPECT_FALSE(parse_request_line(m, "/", r)) << m;
    EXPECT_EQ(to_string(r.method), m);
  }
}

TEST(ParseRequestLine, UnknownMethodIs501) {
  for (std::string_view m : {"BREW", "get", "TRACE", "CONNECT", ""}) {
    Request req;
    std::optional<Response> r = parse_request_line(m, "/", req);
    ASSERT_TRUE(r) << m;
    EXPECT_EQ(r->status, 501) << m;
    EXPECT_EQ(slug_of(*r), "method-not-implemented");
  }
}

TEST(ParseRequestLine, TargetNotOriginFormIs400WithRawPathKept) {
  for (std::string_view target : {"/%zz?x=1", "http://example.com/", "*", "/a b"}) {
    Request req;
    std::optional<Response> r = parse_request_line("GET", target, req);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->status, 400) << target;
    EXPECT_EQ(slug_of(*r), "malformed-request");
  }
  Request req;
  parse_request_line("GET", "/%zz?x=1", req);
  EXPECT_EQ(req.path, "/%zz");
}

TEST(RequestId, SaneClientIdIsKeptOtherwiseGenerated) {
  EXPECT_EQ(request_id_for(with_headers({{"x-request-id", "abc-123_x.y:Z"}})), "abc-123_x.y:Z");
  const std::string max(128, 'a');
  EXPECT_EQ(request_id_for(with_headers({{"X-Request-Id", max}})), max);
  for (const std::string& bad : {std::string("<script>"), std::string("a b"), std::string("a\"b"),
                                 std::string(""), std::string(129, 'a'), std::string("é")}) {
    std::string id = request_id_for(with_headers({{"X-Request-Id", bad}}));
    EXPECT_EQ(id.size(), 16u) << bad;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
  EXPECT_NE(new_request_id(), new_request_id());
}

TEST(ClientAddress, PeerUnlessProxyHeadersAreTrusted) {
  Request req = with_headers({{"X-Real-IP", "203.0.113.7"}, {"X-Forwarded-For", "198.51.100.2"}});
  EXPECT_EQ(client_address(req, "127.0.0.1", false), "127.0.0.1");
  EXPECT_EQ(client_address(req, "127.0.0.1", true), "203.0.113.7");
}

TEST(ClientAddress, TrustedProxyHeadersOnlyWhenTheyAreAddresses) {
  auto from = [](std::vector<std::pair<std::string, std::string>> h) {
    return client_address(with_headers(std::move(h)), "10.0.0.1", true);
  };
  // The last X-Forwarded-For entry is the one our proxy appended; earlier ones are the client's.
  EXPECT_EQ(from({{"X-Forwarded-For", "203.0.113.7, 198.51.100.2"}}), "198.51.100.2");
  EXPECT_EQ(from({{"X-Forwarded-For", "  198.51.100.2  "}}), "198.51.100.2");
  EXPECT_EQ(from({{"x-real-ip", "2001:db8::1"}, {"X-Forwarded-For", "198.51.100.2"}}),
            "2001:db8::1");
  // X-Real-IP present but not an address: ignored, and X-Forwarded-For is not consulted.
  EXPECT_EQ(from({{"X-Real-IP", "<script>"}, {"X-Forwarded-For", "198.51.100.2"}}), "10.0.0.1");
  EXPECT_EQ(from({{"X-Forwarded-For", "not an address"}}), "10.0.0.1");
  EXPECT_EQ(from({{"X-Forwarded-For", "198.51.100.2, "}}), "10.0.0.1");
  EXPECT_EQ(from({{"X-Real-IP", std::string(46, '1')}}), "10.0.0.1");
  EXPECT_EQ(from({}), "10.0.0.1");
}

TEST(ReadErrors, MapToProblemsOrToAQuietClose) {
  struct Case {
    boost::system::error_code ec;
    int status;  // 0 = close without an answer
    std::string slug;
  };
  for (const Case& c : {
           Case{bhttp::error::header_limit, 431, "header-too-large"},
           Case{bhttp::error::buffer_overflow, 431, "header-too-large"},
           Case{boost::asio::error::no_buffer_space, 431, "header-too-large"},
           Case{bhttp::error::body_limit, 413, "body-too-large"},
           Case{bhttp::error::bad_method, 400, "malformed-request"},
           Case{bhttp::error::bad_version, 400, "malformed-request"},
           Case{bhttp::error::bad_content_length, 400, "malformed-request"},
           Case{bhttp::error::bad_field, 400, "malformed-request"},
           Case{bhttp::error::end_of_stream, 0, ""},
           Case{bhttp::error::partial_message, 0, ""},
           Case{boost::asio::error::connection_reset, 0, ""},
           Case{boost::asio::error::operation_aborted, 0, ""},
       }) {
    std::optional<Response> r = problem_for_read_error(c.ec);
    if (c.status == 0) {
      EXPECT_FALSE(r) << c.ec.message();
      continue;
    }
    ASSERT_TRUE(r) << c.ec.message();
    EXPECT_EQ(r->status, c.status) << c.ec.message();
    EXPECT_EQ(r->header_value("content-type"), "application/problem+json");
    EXPECT_EQ(slug_of(*r), c.slug) << c.ec.message();
  }
  Response timeout = request_timeout_problem();
  EXPECT_EQ(timeout.status, 408);
  EXPECT_EQ(slug_of(timeout), "request-timeout");
}

TEST(Cors, PreflightFromAListedOriginGetsTheRoutesMethods) {
  const std::vector<std::string> origins{"https://admin.example"};
  Request req = with_headers({{"Origin", "https://admin.example"},
                              {"Access-Control-Request-Method", "GET"},
                              {"Access-Control-Request-Headers", "content-type"}});
  req.method = Method::options;
  std::optional<Response> r = cors_preflight(req, origins, "GET, HEAD");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->header_value("Access-Control-Allow-Methods"), "GET, HEAD");
  EXPECT_EQ(r->header_value("Access-Control-Allow-Headers"), "content-type");
  EXPECT_EQ(r->header_value("Access-Control-Max-Age"), "600");
  EXPECT_EQ(cors_preflight(req, origins, "")->header_value("Access-Control-Allow-Methods"),
            "GET, HEAD, POST, PUT, PATCH, DELETE");
}

TEST(Cors, PreflightFromAnotherOriginIs204WithoutPermissions) {
  Request req =
      with_headers({{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  req.method = Method::options;
  std::optional<Response> r = cors_preflight(req, {"https://admin.example"}, "POST");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->header_value("Access-Control-Allow-Methods"), "");
}

TEST(Cors, NotAPreflightOrCorsOff) {
  Request req =
      with_headers({{"Origin", "https://admin.example"}, {"Access-Control-Request-Method", "GET"}});
  req.method = Method::options;
  EXPECT_FALSE(cors_preflight(req, {}, "GET"));  // CORS off
  req.method = Method::get;
  EXPECT_FALSE(cors_preflight(req, {"https://admin.example"}, "GET"));
  Request plain;
  plain.method = Method::options;
  EXPECT_FALSE(cors_preflight(plain, {"https://admin.example"}, "GET"));  // plain OPTIONS
}

TEST(Cors, ResponseHeadersOnlyForListedOrigins) {
  const std::vector<std::string> origins{"https://admin.example"};
  Response ok = Response::empty(204);
  add_cors_headers(with_headers({{"Origin", "https://admin.example"}}), origins, ok);
  EXPECT_EQ(ok.header_value("Access-Control-Allow-Origin"), "https://admin.example");
  EXPECT_EQ(ok.header_value("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(ok.header_value("Vary"), "Origin");
  for (const Request& other :
       {with_headers({{"Origin", "https://evil.example"}}), with_headers({})}) {
    Response r = Response::empty(204);
    add_cors_headers(other, origins, r);
    EXPECT_TRUE(r.headers.empty());
  }
  Response off = Response::empty(204);
  add_cors_headers(with_headers({{"Origin", "https://admin.example"}}), {}, off);
  EXPECT_TRUE(off.headers.empty());
}

}  // namespace
}  // namespace sangsaeng::http
