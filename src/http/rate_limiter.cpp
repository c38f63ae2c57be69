#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <list>
#include <mutex>
#include <string_view>
#include <unordered_map>

namespace sangsaeng::http {

// Token buckets with least-recently-used eviction. One mutex: a take() is a hash lookup and
// a list splice, far below the cost of the request it guards.
class RateLimiter::Table {
 public:
  Table(double rate_per_s, double burst, std::size_t buckets_max)
      : rate_per_s_(rate_per_s),
        burst_(std::max(burst, 1.0)),
        buckets_max_(std::max<std::size_t>(buckets_max, 1)) {}

  int take(const std::string& key, std::chrono::steady_clock::time_point now) {
    if (rate_per_s_ <= 0) return 0;
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) {
      if (lru_.size() >= buckets_max_) {
        index_.erase(lru_.back().key);
        lru_.pop_back();
      }
      lru_.push_front(Bucket{key, burst_, now});
      it = index_.emplace(key, lru_.begin()).first;
    } else {
      lru_.splice(lru_.begin(), lru_, it->second);
    }
    Bucket& b = *it->second;
    double elapsed_s = std::chrono::duration<double>(now - b.updated).count();
    if (elapsed_s > 0) {
      b.tokens = std::min(burst_, b.tokens + elapsed_s * rate_per_s_);
      b.updated = now;
    }
    if (b.tokens >= 1.0) {
      b.tokens -= 1.0;
      return 0;
    }
    double wait_s = (1.0 - b.tokens) / rate_per_s_;
    return std::max(1, static_cast<int>(std::ceil(wait_s)));
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return lru_.size();
  }

 private:
  struct Bucket {
    std::string key;
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };

  const double rate_per_s_;
  const double burst_;
  const std::size_t buckets_max_;
  mutable std::mutex mutex_;
  std::list<Bucket> lru_;  // guarded by mutex_; most recently used first
  std::unordered_map<std::string, std::list<Bucket>::iterator> index_;  // guarded by mutex_
};

RateLimiter::RateLimiter(RateLimiterOptions options)
    : options_(std::move(options)),
      address_(std::make_unique<Table>(options_.address_rate_per_s, options_.address_burst,
                                       options_.buckets_max)),
      account_(std::make_unique<Table>(options_.account_rate_per_s, options_.account_burst,
                                       options_.buckets_max)) {}

RateLimiter::~RateLimiter() = default;

int RateLimiter::take(bool account, const std::string& key,
                      std::chrono::steady_clock::time_point now) {
  return (account ? account_ : address_)->take(key, now);
}

int RateLimiter::take(bool account, const std::string& key) {
  return take(account, key, std::chrono::steady_clock::now());
}

std::size_t RateLimiter::buckets(bool account) const {
  return (account ? account_ : address_)->size();
}

std::optional<Response> RateLimiter::check(Request& req, bool address, bool account) {
  const auto& exempt = options_.exempt_routes;
  if (!req.route.empty() && std::find(exempt.begin(), exempt.end(), req.route) != exempt.end()) {
    return std::nullopt;
  }
  auto now = std::chrono::steady_clock::now();
  int wait_s = 0;
  std::string_view who;
  if (address) {
    wait_s = address_->take(req.remote_addr, now);
    who = "this address";
  }
  if (wait_s == 0 && account && !req.rate_limit_key.empty()) {
    wait_s = account_->take(req.rate_limit_key, now);
    who = "this account";
  }
  if (wait_s == 0) return std::nullopt;
  Response r = problem(429, "rate-limited", "Too many requests",
                       "Too many requests from " + std::string(who) + "; retry after " +
                           std::to_string(wait_s) + " s.");
  r.header("Retry-After", std::to_string(wait_s));
  return r;
}

Middleware RateLimiter::middleware() {
  return [this](Request& req) { return check(req, true, true); };
}

Middleware RateLimiter::by_address() {
  return [this](Request& req) { return check(req, true, false); };
}

Middleware RateLimiter::by_account() {
  return [this](Request& req) { return check(req, false, true); };
}

}  // namespace sangsaeng::http
