// Token-bucket rate limiting per client address and per account key, as middleware.
// Over the limit: 429 problem "rate-limited" with Retry-After (whole seconds).
// In-memory on purpose: a limit per node is what protects the node (DESIGN.md section 8:
// a cache another node can rebuild; losing it on restart only forgives some clients).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "http/http.h"

namespace sangsaeng::http {

struct RateLimiterOptions {
  // Per client address (Request::remote_addr): sustained rate and burst. 0 rate = no limit.
  double address_rate_per_s = 50.0;
  double address_burst = 100.0;
  // Per account (Request::rate_limit_key, set by the auth middleware). 0 rate = no limit.
  double account_rate_per_s = 20.0;
  double account_burst = 40.0;
  // Buckets kept per kind; beyond it the least recently used bucket is evicted (the evicted
  // client starts again with a full bucket: memory is bounded, the limit stays approximate).
  std::size_t buckets_max = 100000;
  // Route patterns never limited (e.g. "/healthz", "/metrics").
  std::vector<std::string> exempt_routes;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimiterOptions options = {});
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Middleware checking the address bucket, then (if rate_limit_key is set) the account
  // bucket. Register it after the auth middleware that sets rate_limit_key. The middleware
  // holds a reference: this RateLimiter must outlive the server.
  Middleware middleware();
  // The two halves separately, e.g. the address check before auth, the account check after.
  Middleware by_address();
  Middleware by_account();

  // Takes one token from the bucket `key` of kind address (account = false) or account.
  // Returns 0 if allowed, else the seconds to wait (>= 1). Thread-safe.
  int take(bool account, const std::string& key);
  // Same, at a given time (tests).
  int take(bool account, const std::string& key, std::chrono::steady_clock::time_point now);

  // Number of buckets currently held of a kind (tests, metrics).
  std::size_t buckets(bool account) const;

 private:
  class Table;
  std::optional<Response> check(Request& req, bool address, bool account);

  RateLimiterOptions options_;
  std::unique_ptr<Table> address_;
  std::unique_ptr<Table> account_;
};

}  // namespace sangsaeng::http
