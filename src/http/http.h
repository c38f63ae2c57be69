// The types a handler sees: Request, Response, problem(), handler and middleware signatures.
// Plain C++ only; Beast and Asio stay inside src/http/*.cpp so handlers compile fast.
#pragma once

#include <any>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sangsaeng::http {

class SseChannel;

enum class Method { get, head, post, put, patch, delete_, options };

// "GET", "HEAD", ... for logs and the Allow header.
std::string_view to_string(Method method);
// Parses an upper-case method name; nullopt for anything not in Method.
std::optional<Method> parse_method(std::string_view name);

// One request, owned by the connection for the time of its handling. Handlers and middleware
// may modify it (middleware passes what it learned through `context` and `rate_limit_key`).
struct Request {
  Method method = Method::get;
  std::string target;                         // raw request target, e.g. "/a%20b?x=1"
  std::string path;                           // percent-decoded path without the query
  std::map<std::string, std::string> query;   // decoded query parameters (last one wins)
  std::map<std::string, std::string> params;  // path parameters from the route pattern
  std::string body;
  std::string remote_addr;  // peer IP address (or the proxy's header, see trust_proxy_headers)
  std::string request_id;   // X-Request-Id from the client if sane, else generated
  std::string route;        // matched route pattern, e.g. "/api/v1/accounts/{id}"; "" if none
  // Header fields in arrival order; names as sent. Prefer header() to read them.
  std::vector<std::pair<std::string, std::string>> headers;

  // Whatever middleware learned (e.g. the authenticated principal); read with
  // std::any_cast<const T>(&req.context). Empty unless a middleware sets it.
  std::any context;
  // Key for the per-account rate limit; set by the auth middleware, "" for anonymous requests.
  std::string rate_limit_key;

  // Value of the first header field named `name` (case-insensitive); "" if absent.
  // The view is valid while the request lives and `headers` is not modified.
  std::string_view header(std::string_view name) const;
  // Value of cookie `name` from the Cookie header(s); "" if absent.
  std::string_view cookie(std::string_view name) const;
};

// A response. Headers may repeat (Set-Cookie). The server adds Content-Length, Date,
// X-Request-Id and Connection itself; a handler need not.
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set by event_stream(): the connection subscribes to the channel and streams events
  // instead of sending `body`. 503 problem if the channel is full.
  std::shared_ptr<SseChannel> stream;

  // `body` must already be JSON; Content-Type: application/json.
  static Response json(int status, std::string body);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  // A response without a body (e.g. 204, 304).
  static Response empty(int status);
  // A text/event-stream response fed by `channel` (REQUIRES: channel != nullptr).
  static Response event_stream(std::shared_ptr<SseChannel> channel);

  // Appends a header field (does not replace an existing one). Returns *this for chaining.
  Response& header(std::string name, std::string value);
  // Value of the first header named `name` (case-insensitive); "" if absent.
  std::string_view header_value(std::string_view name) const;
};

// One field-level validation error of a problem response.
struct FieldError {
  std::string field;    // JSON path of the offending field, e.g. "items[0].quantity"
  std::string message;  // human readable
};

// A problem (RFC 9457). type is "https://sangsaeng.kr/problems/<slug>".
struct Problem {
  int status = 500;
  std::string slug;                // stable, kebab-case: "not-found", "validation", "rate-limited"
  std::string title;               // short, human, does not change between occurrences
  std::string detail;              // this occurrence; omitted when empty
  std::string instance;            // URI of this occurrence; omitted when empty
  std::vector<FieldError> errors;  // omitted when empty
};

inline constexpr std::string_view kProblemTypeBase = "https://sangsaeng.kr/problems/";

// Builds an application/problem+json response. Everyone uses this for 4xx/5xx responses:
//   {"type":"https://sangsaeng.kr/problems/<slug>","title":..,"status":..,"detail":..,
//    "errors":[{"field":..,"message":..}]}
Response problem(int status, std::string_view slug, std::string_view title,
                 std::string_view detail = {}, std::vector<FieldError> errors = {});
Response problem(const Problem& p);

// JSON string escaping (without the surrounding quotes) for hand-built JSON.
std::string json_escape(std::string_view s);

// A synchronous handler. Runs on an io thread: it must not block for long (no sleeping, no
// waiting on other requests); do slow work in an AsyncHandler. An exception escaping it
// becomes a 500 problem without internals, logged with the request id.
using Handler = std::function<Response(Request&)>;

// Completes a request started by an AsyncHandler. Call exactly once, from any thread; calls
// after the connection is gone (client left, server stopped) are ignored.
using Done = std::function<void(Response)>;

// An asynchronous handler: starts the work and returns; the connection waits (without
// holding a thread) until `done` is called or ServerOptions::async_timeout_ms passes (503).
// `req` stays valid as long as `done` or a copy of it exists (the closure owns the request),
// so capture `done` together with whatever refers into `req`.
using AsyncHandler = std::function<void(Request&, Done done)>;

// Runs before the handler, in registration order (Server::use). Return a response to answer
// the request without calling the handler (e.g. 401, 429); nullopt to continue.
using Middleware = std::function<std::optional<Response>(Request&)>;

struct RouteOptions {
  // Requests with a larger body get 413 before the body is read. Overrides
  // ServerOptions::body_limit_bytes for this route.
  std::size_t body_limit_bytes = 1 << 20;
};

}  // namespace sangsaeng::http
