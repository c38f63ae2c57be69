// bench/live's client: `viewers` SSE streams held open on one epoll thread, while a driver
// thread makes `changes` changes one after another, `interval_ms` apart, and notes when each was
// acknowledged. Every frame a viewer reads that shows a newer value of the watched counter is a
// sample per change it covers: its arrival minus that change's acknowledgement (the commit is
// before the answer, so a frame may even beat it: such samples are negative, kept as they are).
//   app:      a live market show on `sangsaeng` (set up here through the API as the demo's
//             users); a change is one order of its featured product, placed and paid by the
//             demo customer; the counter is the stream's "sold".
//   baseline: live_baseline_server; a change is POST /tick?seq=k; the counter is "seq".
// Memory per viewer: the server's resident set after every viewer got its first frame, less
// the one before the first connected, divided by the viewers.
//
// Usage: live_bench app|baseline <port> <server-pid> <viewers> <changes> <interval-ms>
// Prints one line: RESULT name=... viewers=... p50_ms=... p99_ms=... max_ms=... missed=...
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/time.h"
#include "http/test_client.h"

namespace {

using sangsaeng::http::test::fetch;
namespace json = boost::json;

constexpr int kViewersMax = 19'000;  // ulimit -n here is 20,000
constexpr int kConnectBatch = 250;

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

long rss_kib(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

// Headers of a demo user signed in (cookie and CSRF token), for JSON requests.
std::string signed_in(std::uint16_t port, const std::string& email) {
  auto r = fetch(port, "POST", "/api/v1/auth/login", "Content-Type: application/json\r\n",
                 R"({"email":")" + email + R"(","password":"sangsaeng-demo"})");
  if (!r || r->status != 200) throw std::runtime_error("log-in failed: " + email);
  const std::string csrf(json::parse(r->body).at("csrf_token").as_string());
  const std::string cookie = r->header("set-cookie");
  const auto start = cookie.find("ss_session=");
  return "Content-Type: application/json\r\nCookie: " +
         cookie.substr(start, cookie.find(';', start) - start) + "; ss_csrf=" + csrf +
         "\r\nX-CSRF-Token: " + csrf + "\r\n";
}

std::string created(std::uint16_t port, const std::string& path, const std::string& who,
                    const std::string& body, int status = 201) {
  auto r = fetch(port, "POST", path, who, body);
  if (!r || r->status != status)
    throw std::runtime_error(path + ": " + (r ? r->body : "no answer"));
  return std::string(json::parse(r->body).at("id").as_string());
}

// The app's show: returns the stream's path and sets `change` to one paid order.
struct App {
  std::uint16_t port;
  std::string buyer, drop;
  std::string setup() {
    const std::string merchant = signed_in(port, "merchant@sangsaeng.test");
    const std::string manager = signed_in(port, "manager@sangsaeng.test");
    const std::string host = signed_in(port, "live@sangsaeng.test");
    buyer = signed_in(port, "customer@sangsaeng.test");
    const std::string product =
        created(port, "/api/v1/market/products", merchant,
                R"({"name":"망원시장 수제 어묵","price_won":10000,"market_price_won":12000})");
    const auto now = sangsaeng::now_us();
    auto at = [&](long long s) { return sangsaeng::format_rfc3339(now + s * 1'000'000); };
    const std::string event = created(
        port, "/api/v1/live/events", host,
        R"({"kind":"market_show","title":"bench/live","hosts":["김진행"],"starts_at":")" + at(60) +
            R"(","ends_at":")" + at(3 * 3600) +
            R"(","channels":[{"platform":"iptv","iptv_channel":"U+tv 801"}],"product_ids":[")" +
            product + R"("]})");
    created(port, "/api/v1/live/events/" + event + "/state", host, R"({"state":"live"})", 200);
    drop = created(port, "/api/v1/market/drops", manager,
                   R"({"product_id":")" + product + R"(","opens_at":")" + at(-1) +
                       R"(","closes_at":")" + at(3 * 3600) +
                       R"(","quantity":100000,"per_buyer_limit":1000,"price_won":10000,)"
                       R"("market_price_won":12000})");
    return "/api/v1/live/events/" + event + "/stream";
  }
  void change(int k) {
    const std::string order =
        created(port, "/api/v1/market/drops/" + drop + "/orders",
                buyer + "Idempotency-Key: bench-" + std::to_string(k) + "\r\n", R"({"units":1})");
    created(port, "/api/v1/market/orders/" + order + "/pay", buyer,
            R"({"method_token":"sandbox-approve","ship_to":{"recipient":"김하늘",)"
            R"("phone":"010-1234-5678","postal_code":"03154","address1":"서울 마포구 망원로 1",)"
            R"("address2":"","memo":""}})",
            200);
  }
};

struct Viewer {
  int fd = -1;
  std::string buffer;
  long long last = -1;  // the counter's last value seen; -1 before the first frame
};

// Reads what arrived; returns the newest value of `key` in it (or the viewer's last).
long long take(Viewer& v, const std::string& key) {
  char chunk[16384];
  for (int reads = 0; reads < 64; ++reads) {
    const ssize_t n = ::read(v.fd, chunk, sizeof chunk);
    if (n <= 0) break;
    v.buffer.append(chunk, static_cast<std::size_t>(n));
  }
  long long value = v.last;
  std::size_t at = 0;
  for (;;) {
    const auto found = v.buffer.find(key, at);
    if (found == std::string::npos) break;
    const auto digits = found + key.size();
    const auto end = v.buffer.find_first_not_of("0123456789", digits);
    if (end == std::string::npos) break;  // the number may go on in the next read
    value = std::max(value, std::atoll(v.buffer.c_str() + digits));
    at = end;
  }
  if (at > 0) {
    v.buffer.erase(0, at);
  } else if (v.buffer.size() > 4096) {  // no counter in it: keep only what may start one
    v.buffer.erase(0, v.buffer.size() - 64);
  }
  return value;
}

int connect_viewer(std::uint16_t port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  const std::string request =
      "GET " + path + " HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n";
  if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return -1;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: %s app|baseline <port> <server-pid> <viewers> <changes> <ms>\n",
                 argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  const auto port = static_cast<std::uint16_t>(std::atoi(argv[2]));
  const int server_pid = std::atoi(argv[3]);
  const int viewers_n = std::clamp(std::atoi(argv[4]), 1, kViewersMax);
  const int changes = std::clamp(std::atoi(argv[5]), 1, 1000);
  const int interval_ms = std::clamp(std::atoi(argv[6]), 1, 60'000);
  App app{port, {}, {}};
  const std::string path = mode == "app" ? app.setup() : "/stream";
  const std::string key = mode == "app" ? "\"sold\":" : "\"seq\":";

  const int ep = ::epoll_create1(0);
  std::vector<Viewer> viewers(static_cast<std::size_t>(viewers_n));
  const long rss_before = rss_kib(server_pid);
  int started = 0, failed = 0;
  epoll_event events[1024];
  auto poll_once = [&](int wait_ms, auto&& on_value) {
    const int n = ::epoll_wait(ep, events, 1024, wait_ms);
    for (int i = 0; i < n; ++i) {
      Viewer& v = viewers[events[i].data.u32];
      const long long value = take(v, key);
      if (value != v.last) on_value(v, value);
    }
  };
  // Connect in batches; each batch's first frames arrive before the next connects.
  for (int first = 0; first < viewers_n; first += kConnectBatch) {
    const int last = std::min(viewers_n, first + kConnectBatch);
    for (int i = first; i < last; ++i) {
      Viewer& v = viewers[static_cast<std::size_t>(i)];
      v.fd = connect_viewer(port, path);
      if (v.fd < 0) {
        ++failed;
        continue;
      }
      epoll_event e{};
      e.events = EPOLLIN;
      e.data.u32 = static_cast<std::uint32_t>(i);
      ::epoll_ctl(ep, EPOLL_CTL_ADD, v.fd, &e);
    }
    const auto deadline = now_us() + 20'000'000;
    while (started < last - failed && now_us() < deadline)
      poll_once(100, [&](Viewer& v, long long value) {
        if (v.last < 0) ++started;
        v.last = value;
      });
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the server settles
  const long rss_after = rss_kib(server_pid);
  long long base = 0;
  for (const auto& v : viewers) base = std::max(base, v.last);
  std::fprintf(stderr, "%d viewers connected (%d refused), counter at %lld\n", started, failed,
               base);

  // The driver: change k makes the counter base + k.
  std::vector<std::int64_t> acked_us(static_cast<std::size_t>(changes) + 1, 0);
  std::vector<std::vector<std::int64_t>> arrivals(static_cast<std::size_t>(changes) + 1);
  std::atomic<bool> driven{false};
  std::atomic<int> change_errors{0};
  std::thread driver([&] {
    for (int k = 1; k <= changes; ++k) {
      try {
        if (mode == "app") {
          app.change(k);
        } else {
          auto r = fetch(port, "POST", "/tick?seq=" + std::to_string(base + k));
          if (!r || r->status != 200) throw std::runtime_error("tick");
        }
      } catch (const std::exception& e) {
        ++change_errors;
        std::fprintf(stderr, "change %d: %s\n", k, e.what());
      }
      acked_us[static_cast<std::size_t>(k)] = now_us();
      std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
    }
    driven = true;
  });
  const auto on_value = [&](Viewer& v, long long value) {
    const auto t = now_us();
    for (long long j = std::max(v.last, base) + 1; j <= std::min(value, base + changes); ++j)
      arrivals[static_cast<std::size_t>(j - base)].push_back(t);
    v.last = value;
  };
  std::int64_t stop_at = 0;
  for (;;) {
    poll_once(50, on_value);
    if (driven && stop_at == 0) stop_at = now_us() + 10'000'000;
    if (stop_at == 0) continue;
    bool all = true;
    for (const auto& v : viewers)
      if (v.fd >= 0 && v.last < base + changes) all = false;
    if (all || now_us() > stop_at) break;
  }
  driver.join();

  std::vector<double> latency_ms;
  for (int k = 1; k <= changes; ++k)
    for (auto t : arrivals[static_cast<std::size_t>(k)])
      latency_ms.push_back(static_cast<double>(t - acked_us[static_cast<std::size_t>(k)]) / 1000.0);
  std::sort(latency_ms.begin(), latency_ms.end());
  const long long expected = static_cast<long long>(started) * changes;
  std::printf(
      "RESULT name=%s viewers=%d refused=%d changes=%d interval_ms=%d samples=%zu missed=%lld "
      "p50_ms=%.1f p99_ms=%.1f max_ms=%.1f rss_before_kib=%ld rss_after_kib=%ld "
      "kib_per_viewer=%.1f change_errors=%d\n",
      mode.c_str(), started, failed, changes, interval_ms, latency_ms.size(),
      expected - static_cast<long long>(latency_ms.size()), percentile(latency_ms, 0.5),
      percentile(latency_ms, 0.99), latency_ms.empty() ? -1.0 : latency_ms.back(), rss_before,
      rss_after, started ? static_cast<double>(rss_after - rss_before) / started : 0.0,
      change_errors.load());
  for (auto& v : viewers)
    if (v.fd >= 0) ::close(v.fd);
  ::close(ep);
  return 0;
}
