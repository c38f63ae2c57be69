#include "http/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace sangsaeng::http {
namespace {

enum Kind { kCounter = 0, kGauge = 1 };

// Histogram buckets of the request latency, in seconds.
constexpr std::array<double, 12> kLatencyBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                 0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

void append_label_value(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

// Renders {a="x",b="y"} (empty string for no labels).
std::string render_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!valid_name(labels[i].first)) {
      throw std::invalid_argument("bad metric label name: " + labels[i].first);
    }
    if (i > 0) out += ',';
    out += labels[i].first;
    out += "=\"";
    append_label_value(out, labels[i].second);
    out += '"';
  }
  out += '}';
  return out;
}

void append_help(std::string& out, std::string_view name, std::string_view help,
                 std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  for (char c : help) out += c == '\n' ? ' ' : c;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

}  // namespace

struct Metrics::Family {
  std::string help;
  int kind = kCounter;
  std::map<std::string, std::unique_ptr<Counter>> counters;  // by rendered labels
  std::map<std::string, std::unique_ptr<Gauge>> gauges;
  std::vector<std::pair<std::string, std::function<double()>>> callbacks;
};

// Methods and statuses that get a lock-free counter; others are counted under a mutex.
constexpr std::array<std::string_view, 7> kMethodNames{"GET",   "HEAD",   "POST",   "PUT",
                                                       "PATCH", "DELETE", "OPTIONS"};
constexpr std::array<int, 35> kStatuses{200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400,
                                        401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 415,
                                        416, 422, 425, 428, 429, 431, 500, 501, 502, 503, 504};

struct Metrics::RequestSeries {
  std::array<std::atomic<std::uint64_t>, kMethodNames.size() * kStatuses.size()> counts{};
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size()> buckets{};  // non-cumulative
  std::atomic<std::uint64_t> count{0};
  std::atomic<double> sum_s{0.0};
  std::mutex other_mutex;
  std::map<std::pair<std::string, int>, std::uint64_t> other;  // guarded by other_mutex
};

Metrics::Metrics() {
  connections_ = &gauge("http_connections", "Open HTTP connections.");
  in_flight_ = &gauge("http_requests_in_flight", "HTTP requests being handled.");
}

Metrics::~Metrics() = default;

Metrics::Family& Metrics::family(std::string_view name, std::string_view help, int kind) {
  if (!valid_name(name)) throw std::invalid_argument("bad metric name: " + std::string(name));
  if (name.starts_with("http_request")) {
    // Reserved for observe_request; a clash would render the family twice.
    if (name == "http_requests_total" || name == "http_request_duration_seconds") {
      throw std::invalid_argument("metric name reserved: " + std::string(name));
    }
  }
  auto it = families_.find(name);
  if (it == families_.end()) {
    auto f = std::make_unique<Family>();
    f->help = help;
    f->kind = kind;
    it = families_.emplace(std::string(name), std::move(f)).first;
  } else if (it->second->kind != kind) {
    throw std::invalid_argument("metric registered as another kind: " + std::string(name));
  }
  return *it->second;
}

Counter& Metrics::counter(std::string_view name, std::string_view help, const Labels& labels) {
  std::string key = render_labels(labels);
  std::lock_guard lock(mutex_);
  Family& f = family(name, help, kCounter);
  auto& slot = f.counters[key];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Metrics::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  std::string key = render_labels(labels);
  std::lock_guard lock(mutex_);
  Family& f = family(name, help, kGauge);
  auto& slot = f.gauges[key];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

void Metrics::gauge_callback(std::string_view name, std::string_view help, const Labels& labels,
                             std::function<double()> read) {
  std::string key = render_labels(labels);
  std::lock_guard lock(mutex_);
  Family& f = family(name, help, kGauge);
  f.callbacks.emplace_back(std::move(key), std::move(read));
}

void Metrics::observe_request(std::string_view route, std::string_view method, int status,
                              double duration_s) {
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && duration_s > kLatencyBuckets[bucket]) ++bucket;
  RequestSeries* series = nullptr;
  {
    std::shared_lock lock(requests_mutex_);
    auto it = requests_.find(route);
    if (it != requests_.end()) series = it->second.get();
  }
  if (series == nullptr) {
    std::unique_lock lock(requests_mutex_);
    auto& slot = requests_[std::string(route)];
    if (!slot) slot = std::make_unique<RequestSeries>();
    series = slot.get();
  }
  RequestSeries& s = *series;
  auto m = std::find(kMethodNames.begin(), kMethodNames.end(), method);
  auto st = std::find(kStatuses.begin(), kStatuses.end(), status);
  if (m != kMethodNames.end() && st != kStatuses.end()) {
    std::size_t index = static_cast<std::size_t>(m - kMethodNames.begin()) * kStatuses.size() +
                        static_cast<std::size_t>(st - kStatuses.begin());
    s.counts[index].fetch_add(1, std::memory_order_relaxed);
  } else {
    std::lock_guard lock(s.other_mutex);
    ++s.other[{std::string(method), status}];
  }
  if (bucket < s.buckets.size()) s.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_s.fetch_add(duration_s, std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(4096);
  std::shared_lock requests_lock(requests_mutex_);

  append_help(out, "http_requests_total", "HTTP requests by route pattern, method and status.",
              "counter");
  for (const auto& [route, s] : requests_) {
    std::string label;
    append_label_value(label, route);
    for (std::size_t i = 0; i < s->counts.size(); ++i) {
      std::uint64_t n = s->counts[i].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out +=
          fmt::format("http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n", label,
                      kMethodNames[i / kStatuses.size()], kStatuses[i % kStatuses.size()], n);
    }
    std::lock_guard other_lock(s->other_mutex);
    for (const auto& [ms, n] : s->other) {
      out += fmt::format("http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                         label, ms.first, ms.second, n);
    }
  }
  append_help(out, "http_request_duration_seconds", "HTTP request latency by route pattern.",
              "histogram");
  for (const auto& [route, s] : requests_) {
    std::string label;
    append_label_value(label, route);
    std::uint64_t cumulative = 0;
    std::uint64_t count = s->count.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += s->buckets[i].load(std::memory_order_relaxed);
      out += fmt::format("http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         label, kLatencyBuckets[i], cumulative);
    }
    // Counters are read one by one while requests go on: keep +Inf >= every bucket.
    count = std::max(count, cumulative);
    out += fmt::format("http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       label, count);
    out += fmt::format("http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label,
                       s->sum_s.load(std::memory_order_relaxed));
    out += fmt::format("http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, count);
  }
  requests_lock.unlock();
  std::lock_guard lock(mutex_);

  for (const auto& [name, f] : families_) {
    append_help(out, name, f->help, f->kind == kCounter ? "counter" : "gauge");
    for (const auto& [labels, c] : f->counters) {
      out += fmt::format("{}{} {}\n", name, labels, c->value());
    }
    for (const auto& [labels, g] : f->gauges) {
      out += fmt::format("{}{} {}\n", name, labels, g->value());
    }
    for (const auto& [labels, read] : f->callbacks) {
      out += fmt::format("{}{} {}\n", name, labels, read());
    }
  }
  return out;
}

}  // namespace sangsaeng::http
