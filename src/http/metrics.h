// Prometheus metrics: the server's request metrics plus counters and gauges other modules
// register. render() returns the text exposition format (version 0.0.4) for /metrics.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sangsaeng::http {

// Label pairs, e.g. {{"program", "market"}}. Names must match [a-zA-Z_][a-zA-Z0-9_]*.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing count. Thread-safe, lock-free.
class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down. Thread-safe, lock-free.
class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double d) { value_.fetch_add(d, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Returns the counter `name{labels}`, creating it on first use; the same (name, labels)
  // always returns the same counter. The reference lives as long as this Metrics. `help` is
  // taken from the first registration of `name`. Throws std::invalid_argument on a bad name
  // or if `name` is already registered as another kind. Thread-safe.
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  // A gauge whose value is read at render time (e.g. a queue depth owned by another module).
  // `read` runs on the thread calling render(), under the registry's lock: it must be
  // thread-safe and quick and must not call this Metrics.
  void gauge_callback(std::string_view name, std::string_view help, const Labels& labels,
                      std::function<double()> read);

  // Called by the server once per request: counts http_requests_total{route,method,status}
  // and observes http_request_duration_seconds{route} (a histogram).
  void observe_request(std::string_view route, std::string_view method, int status,
                       double duration_s);
  // The server's gauges: open connections and requests being handled.
  Gauge& connections() { return *connections_; }
  Gauge& requests_in_flight() { return *in_flight_; }

  // The whole registry in Prometheus text format. Thread-safe.
  std::string render() const;

 private:
  struct Family;
  struct RequestSeries;
  Family& family(std::string_view name, std::string_view help, int kind);

  mutable std::mutex mutex_;  // guards families_ (not the atomics inside)
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
  // Request series by route: looked up under a shared lock, counted with atomics, so
  // requests on io threads do not wait for each other.
  mutable std::shared_mutex requests_mutex_;
  std::map<std::string, std::unique_ptr<RequestSeries>, std::less<>> requests_;
  Gauge* connections_ = nullptr;
  Gauge* in_flight_ = nullptr;
};

}  // namespace sangsaeng::http
