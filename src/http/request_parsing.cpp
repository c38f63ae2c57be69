#include "http/request_parsing.h"

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/url/parse.hpp>
#include <cstdint>
#include <random>

namespace sangsaeng::http {
namespace {

namespace bhttp = boost::beast::http;

constexpr std::size_t kRequestIdBytesMax = 128;
// The longest IPv6 address in text (with an embedded IPv4 address).
constexpr std::size_t kIpTextBytesMax = 45;

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > kRequestIdBytesMax) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// Digits, hex letters, '.' and ':' only: enough to keep text out, not a full address check.
bool looks_like_ip(std::string_view text) {
  if (text.empty() || text.size() > kIpTextBytesMax) return false;
  for (char c : text) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                    c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool is_http_error(const boost::system::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

Response header_too_large() {
  return problem(431, "header-too-large", "Request header fields too large",
                 "The request line and header fields exceed the server's limit.");
}

}  // namespace

std::optional<Response> parse_request_line(std::string_view method, std::string_view target,
                                           Request& req) {
  std::optional<Method> m = parse_method(method);
  if (!m) {
    return problem(501, "method-not-implemented", "Method not implemented",
                   "The server does not support this HTTP method.");
  }
  req.method = *m;
  auto url = boost::urls::parse_origin_form(target);
  if (!url) {
    req.path = std::string(target.substr(0, target.find('?')));
    return problem(400, "malformed-request", "Malformed HTTP request",
                   "The request target is not a valid origin-form URI.");
  }
  req.path = url->path();
  for (auto param : url->params()) {
    req.query[std::string(param.key)] = std::string(param.value);
  }
  return std::nullopt;
}

std::string request_id_for(const Request& req) {
  std::string_view id = req.header("X-Request-Id");
  return sane_request_id(id) ? std::string(id) : new_request_id();
}

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) {
    id[static_cast<std::size_t>(i)] = kHex[v & 0xf];
    v >>= 4;
  }
  return id;
}

std::string client_address(const Request& req, std::string_view peer, bool trust_proxy_headers) {
  if (!trust_proxy_headers) return std::string(peer);
  std::string_view real = req.header("X-Real-IP");
  if (!real.empty()) return std::string(looks_like_ip(real) ? real : peer);
  std::string_view fwd = req.header("X-Forwarded-For");
  if (fwd.empty()) return std::string(peer);
  std::size_t comma = fwd.rfind(',');
  std::string_view last =
      trim_spaces(comma == std::string_view::npos ? fwd : fwd.substr(comma + 1));
  return std::string(looks_like_ip(last) ? last : peer);
}

std::optional<Response> problem_for_read_error(const boost::system::error_code& ec) {
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow ||
      ec == boost::system::error_code(boost::asio::error::no_buffer_space)) {
    return header_too_large();
  }
  if (ec == bhttp::error::body_limit) {
    return problem(413, "body-too-large", "Request body too large",
                   "The request body exceeds the limit of this endpoint.");
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    return std::nullopt;
  }
  if (is_http_error(ec)) {
    return problem(400, "malformed-request", "Malformed HTTP request", ec.message());
  }
  return std::nullopt;
}

Response request_timeout_problem() {
  return problem(408, "request-timeout", "Request timeout",
                 "The request was not received in time; send it again.");
}

}  // namespace sangsaeng::http
