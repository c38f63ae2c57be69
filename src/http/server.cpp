// The connection loop. One coroutine per connection on its own strand; every wait has a
// deadline; expected socket errors are values (as_tuple), never exceptions.
#include "http/server.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

#include "http/sse.h"
#include "http/static_files.h"

namespace sangsaeng::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);

// Bytes a malformed or refused request may still send us before we close (lingering close:
// closing with unread input makes the kernel reset the connection and lose our answer).
constexpr std::size_t kLingerBytesMax = 1 << 20;
constexpr milliseconds kLingerTime{500};
// Time connections get to close after the grace period before the io threads stop.
constexpr milliseconds kTerminalWait{1000};
constexpr std::size_t kRequestIdBytesMax = 128;
constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();
// Extra room in the read buffer beyond the header limit (pipelined bytes, body chunks).
constexpr std::size_t kReadBufferExtraBytes = 64 * 1024;

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > kRequestIdBytesMax) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
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

// RFC 3339 UTC with milliseconds; the date-time part is formatted once per second per thread.
std::string utc_timestamp() {
  thread_local std::time_t cached_secs = -1;
  thread_local char cached[32];
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  if (secs != cached_secs) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_secs = secs;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s.%03dZ", cached, static_cast<int>(ms % 1000));
  return buf;
}

std::optional<Method> method_of(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::get;
    case bhttp::verb::head:
      return Method::head;
    case bhttp::verb::post:
      return Method::post;
    case bhttp::verb::put:
      return Method::put;
    case bhttp::verb::patch:
      return Method::patch;
    case bhttp::verb::delete_:
      return Method::delete_;
    case bhttp::verb::options:
      return Method::options;
    default:
      return std::nullopt;
  }
}

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

// The problem for a parse error, or nullopt if the connection should just close.
// An IPv4 or IPv6 address in text (digits, hex letters, '.', ':'), at most 45 characters: a
// proxy header that is not one is ignored, so it cannot pollute logs or rate-limit keys.
bool looks_like_ip(std::string_view text) {
  if (text.empty() || text.size() > 45) return false;
  for (char c : text) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                    c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

Response request_timeout() {
  return problem(408, "request-timeout", "Request timeout",
                 "The request was not received in time; send it again.");
}

std::optional<Response> problem_for_parse_error(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit || ec == beast::error_code(net::error::no_buffer_space)) {
    return problem(431, "header-too-large", "Request header fields too large",
                   "The request line and header fields exceed the server's limit.");
  }
  if (ec == bhttp::error::buffer_overflow) {
    return problem(431, "header-too-large", "Request header fields too large",
                   "The request line and header fields exceed the server's limit.");
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

// The default access log sink: stdout without a flush per line (spdlog's stdout sinks flush
// every message: one write(2) per request cost as much as the rest of the request). The
// sweeper flushes it once a second, and stop() at the end.
class BufferedStdoutSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

// A timer used as a condition variable: notify() may be called from any thread; the waiting
// coroutine re-checks its condition after every wake-up (on its strand, so no wake is lost).
// After retire() it holds no Asio object, so a Done kept by another module may outlive the
// server safely.
struct Wakeup {
  explicit Wakeup(const net::any_io_executor& ex) : executor(ex), timer(std::in_place, ex) {}
  void notify(const std::shared_ptr<Wakeup>& self) {
    std::lock_guard lock(mutex);
    if (!executor) return;
    net::post(*executor, [self] {
      if (!self->timer) return;  // retired (on the strand, like this)
      self->timer->cancel();
      if (self->on_wake) self->on_wake();
    });
  }
  // Called on the connection's strand when the connection ends.
  void retire() {
    std::lock_guard lock(mutex);
    timer.reset();
    executor.reset();
    on_wake = nullptr;
  }

  std::mutex mutex;
  std::optional<net::any_io_executor> executor;  // guarded by mutex; empty once retired
  std::optional<net::steady_timer> timer;        // used on the strand only
  std::function<void()> on_wake;                 // run on the strand after a wake-up
};

// Shared between an AsyncHandler's Done and the waiting connection.
struct AsyncState {
  std::mutex mutex;
  std::optional<Response> result;  // guarded by mutex
  bool abandoned = false;          // guarded by mutex: timed out or connection gone
  std::shared_ptr<Wakeup> wakeup;
  std::shared_ptr<Request> request;  // keeps the request alive while Done exists
};

}  // namespace

class Session;

// The server's state; Server::Impl is this (a separate name because Server::Impl is private).
class ServerCore {
 public:
  ServerCore(ServerOptions o, Router& r, Metrics& m)
      : options(std::move(o)), router(r), metrics(m) {}
  ~ServerCore();

  void start();
  void stop();
  void wait();
  net::awaitable<void> accept_loop();
  net::awaitable<void> shutdown();
  net::awaitable<void> sweep();
  void for_each_session(void (Session::*fn)());

  const ServerOptions options;
  Router& router;
  Metrics& metrics;
  std::vector<Middleware> middlewares;
  std::optional<StaticFiles> static_files;
  std::shared_ptr<spdlog::logger> access_log;

  std::unique_ptr<net::io_context> ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::signal_set> signals;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;

  std::atomic<bool> started{false};
  std::atomic<bool> stopping{false};
  std::atomic<bool> terminal{false};
  std::atomic<std::size_t> connection_count{0};

  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;  // guarded by sessions_mutex

  std::mutex join_mutex;  // serialises wait()
  bool joined = false;    // guarded by join_mutex
};

namespace {

// What the dispatch step decided.
struct Outcome {
  Response response;
  std::shared_ptr<AsyncState> pending;  // set when an AsyncHandler is running
};

}  // namespace

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerCore& server, tcp::socket socket)
      : server_(server),
        opts_(server.options),
        socket_(std::move(socket)),
        buffer_(opts_.header_limit_bytes + kReadBufferExtraBytes),
        wakeup_(std::make_shared<Wakeup>(socket_.get_executor())) {
    beast::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  net::awaitable<void> run();
  net::any_io_executor executor() { return socket_.get_executor(); }
  // Run by the server's sweeper (see ServerCore::sweep) when the deadline may have passed.
  void on_deadline();
  bool deadline_passed(std::int64_t now_ns) const {
    return deadline_ns_.load(std::memory_order_relaxed) <= now_ns;
  }
  // Posted by Server::stop(): close if idle, re-check flags if waiting.
  void on_stop();
  // Posted after the grace period: close the socket whatever the state.
  void on_terminal();

 private:
  enum class Phase { idle, busy, streaming };

  net::awaitable<bool> serve_one();
  net::awaitable<bool> read_request(bhttp::request_parser<bhttp::string_body>& parser, Request& req,
                                    RouteMatch& match);
  net::awaitable<bool> reject(Request& req, Clock::time_point started, Response res);
  beast::error_code parse_buffered(bhttp::request_parser<bhttp::string_body>& parser);
  bool fill_request(bhttp::request_parser<bhttp::string_body>& parser, Request& req,
                    std::optional<Response>& error);
  Outcome dispatch(const std::shared_ptr<Request>& owner, const RouteMatch& match);
  Outcome run_handler(const std::shared_ptr<Request>& owner, const Route& route);
  void end();
  net::awaitable<std::optional<Response>> await_async(const std::shared_ptr<AsyncState>& st);
  void finish_headers(const Request& req, Response& res) const;
  net::awaitable<bool> write_response(const Request& req, Response res, bool keep_alive);
  net::awaitable<void> stream_events(const Request& req, Response res);
  net::awaitable<void> refuse(Response res);
  net::awaitable<void> linger_close();
  void record(const Request& req, int status, std::size_t bytes, Clock::time_point started);
  void watch_peer();

  ServerCore& server_;
  const ServerOptions& opts_;
  // The socket I/O deadline (steady clock ns): the sweeper closes the socket once it passes.
  // One atomic store per operation instead of a timer per operation.
  void arm(milliseconds d) {
    deadline_ns_.store((Clock::now() + d).time_since_epoch().count(), std::memory_order_relaxed);
  }
  void disarm() { deadline_ns_.store(kNoDeadline, std::memory_order_relaxed); }

  tcp::socket socket_;
  std::atomic<std::int64_t> deadline_ns_{kNoDeadline};
  beast::flat_buffer buffer_;
  std::shared_ptr<Wakeup> wakeup_;
  std::string remote_;
  Phase phase_ = Phase::idle;
  // Set while a request is being read: a deadline then cancels the read (read_timed_out_) so
  // that the client gets a 408 answer, instead of closing the socket silently.
  bool reading_request_ = false;
  bool read_timed_out_ = false;
  bool peer_gone_ = false;
  std::array<char, 512> drain_{};
};

// ---------------------------------------------------------------------------------------
// Session

void Session::on_stop() {
  beast::error_code ec;
  if (phase_ == Phase::idle) socket_.cancel(ec);
  if (wakeup_->timer) wakeup_->timer->cancel();
}

void Session::on_deadline() {
  if (!deadline_passed(Clock::now().time_since_epoch().count())) return;  // re-armed since
  beast::error_code ec;
  if (reading_request_) {
    // The client started a request and did not finish it in time: answer 408, then close.
    // The answer is written under the write timeout, so a client that reads nothing is still cut.
    reading_request_ = false;
    read_timed_out_ = true;
    arm(milliseconds(opts_.write_timeout_ms));
    socket_.cancel(ec);
    return;
  }
  socket_.close(ec);
  if (wakeup_->timer) wakeup_->timer->cancel();
}

void Session::on_terminal() {
  beast::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  if (wakeup_->timer) wakeup_->timer->cancel();
}

// Runs once, when the connection coroutine ends (or its frame is destroyed with the
// io_context).
void Session::end() {
  beast::error_code ec;
  socket_.close(ec);
  wakeup_->retire();
  server_.metrics.connections().add(-1);
  {
    std::lock_guard lock(server_.sessions_mutex);
    server_.sessions.erase(this);
  }
  server_.connection_count.fetch_sub(1);
}

net::awaitable<void> Session::run() {
  auto self = shared_from_this();
  server_.metrics.connections().add(1);
  struct Guard {
    Session* s;
    ~Guard() { s->end(); }
  } guard{this};
  try {
    while (co_await serve_one()) {
    }
  } catch (const std::exception& e) {
    spdlog::error("http: connection from {} ended by exception: {}", remote_, e.what());
  } catch (...) {
    spdlog::error("http: connection from {} ended by an unknown exception", remote_);
  }
}

// Serves one request; false when the connection should end.
net::awaitable<bool> Session::serve_one() {
  if (server_.stopping.load()) co_return false;
  if (buffer_.size() == 0) {
    // Idle: wait for the first byte of the next request.
    phase_ = Phase::idle;
    arm(milliseconds(opts_.idle_timeout_ms));
    auto [ec, n] = co_await socket_.async_read_some(buffer_.prepare(4096), kUseTuple);
    if (ec) co_return false;
    buffer_.commit(n);
  }
  phase_ = Phase::busy;
  Clock::time_point started = Clock::now();
  auto owner = std::make_shared<Request>();
  Request& req = *owner;
  req.remote_addr = remote_;

  bhttp::request_parser<bhttp::string_body> parser;
  RouteMatch match;
  reading_request_ = true;
  const bool read = co_await read_request(parser, req, match);
  reading_request_ = false;
  if (!read) co_return false;
  disarm();  // handlers have their own limits; writes re-arm
  if (req.request_id.empty()) req.request_id = new_request_id();

  bool keep_alive = parser.get().keep_alive();
  server_.metrics.requests_in_flight().add(1);
  Outcome out;
  try {
    out = dispatch(owner, match);
  } catch (const std::exception& e) {
    spdlog::error("http: request {} {} {} failed: {}", req.request_id, to_string(req.method),
                  req.path, e.what());
    out.response = problem(500, "internal", "Internal server error",
                           "The server failed to handle the request; it has been logged.");
  } catch (...) {
    spdlog::error("http: request {} {} {} failed: unknown exception", req.request_id,
                  to_string(req.method), req.path);
    out.response = problem(500, "internal", "Internal server error",
                           "The server failed to handle the request; it has been logged.");
  }
  if (out.pending) {
    std::optional<Response> r = co_await await_async(out.pending);
    if (!r) {  // server cut the connection (terminal stop)
      server_.metrics.requests_in_flight().add(-1);
      co_return false;
    }
    out.response = std::move(*r);
  }
  server_.metrics.requests_in_flight().add(-1);

  if (out.response.stream) {
    co_await stream_events(req, std::move(out.response));
    co_return false;
  }
  int status = out.response.status;
  std::size_t bytes = req.method == Method::head ? 0 : out.response.body.size();
  bool ok = co_await write_response(req, std::move(out.response), keep_alive);
  record(req, status, bytes, started);
  co_return ok&& keep_alive && !server_.stopping.load();
}

// Reads header and body into `req`. On a bad request answers it (problem, close) itself.
net::awaitable<bool> Session::read_request(bhttp::request_parser<bhttp::string_body>& parser,
                                           Request& req, RouteMatch& match) {
  Clock::time_point started = Clock::now();
  parser.header_limit(static_cast<std::uint32_t>(opts_.header_limit_bytes));
  parser.body_limit(boost::none);  // checked below against the route's limit
  arm(milliseconds(opts_.request_timeout_ms));
  beast::error_code ec = parse_buffered(parser);
  if (!ec && !parser.is_header_done()) {
    auto [rec, hn] = co_await bhttp::async_read_header(socket_, buffer_, parser, kUseTuple);
    ec = rec;
  }
  if (ec) {
    std::optional<Response> res = read_timed_out_ ? request_timeout() : problem_for_parse_error(ec);
    if (!res) co_return false;
    co_return co_await reject(req, started, std::move(*res));
  }
  std::optional<Response> error;
  if (!fill_request(parser, req, error)) co_return co_await reject(req, started, std::move(*error));

  std::string_view encoded_path = std::string_view(req.target).substr(0, req.target.find('?'));
  match = server_.router.match(req.method, encoded_path);
  req.route = match.pattern;
  req.params = match.params;

  std::size_t limit = match.route ? match.route->options.body_limit_bytes : opts_.body_limit_bytes;
  if (parser.content_length() && *parser.content_length() > limit) {
    co_return co_await reject(req, started, *problem_for_parse_error(bhttp::error::body_limit));
  }
  parser.body_limit(limit);
  if (!parser.is_done()) {
    if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
      auto [wec, wn] = co_await bhttp::async_write(socket_, cont, kUseTuple);
      if (wec) co_return false;
    }
    auto [rec, rn] = co_await bhttp::async_read(socket_, buffer_, parser, kUseTuple);
    if (rec) {
      std::optional<Response> res =
          read_timed_out_ ? request_timeout() : problem_for_parse_error(rec);
      if (!res) co_return false;
      co_return co_await reject(req, started, std::move(*res));
    }
  }
  req.body = std::move(parser.get().body());
  co_return true;
}

// Parses the header from bytes already read, without an asynchronous round trip (the common
// case: the whole request arrived with the first read).
beast::error_code Session::parse_buffered(bhttp::request_parser<bhttp::string_body>& parser) {
  beast::error_code ec;
  while (!parser.is_header_done() && buffer_.size() > 0) {
    std::size_t used = parser.put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == bhttp::error::need_more) return {};
    if (ec || used == 0) break;
  }
  return ec;
}

// Answers a request that will not be handled (malformed, too large), logs it, closes.
net::awaitable<bool> Session::reject(Request& req, Clock::time_point started, Response res) {
  if (req.request_id.empty()) req.request_id = new_request_id();
  record(req, res.status, res.body.size(), started);
  finish_headers(req, res);
  co_await refuse(std::move(res));
  co_return false;
}

// Copies method, target, query, headers and request id; false (and `error`) if invalid.
bool Session::fill_request(bhttp::request_parser<bhttp::string_body>& parser, Request& req,
                           std::optional<Response>& error) {
  const auto& msg = parser.get();
  req.target = msg.target();
  req.headers.reserve(16);
  for (const auto& field : msg) {
    req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  if (std::string_view id = req.header("X-Request-Id"); sane_request_id(id)) {
    req.request_id = id;
  }
  if (opts_.trust_proxy_headers) {
    std::string_view real = req.header("X-Real-IP");
    std::string_view fwd = req.header("X-Forwarded-For");
    if (!real.empty()) {
      if (looks_like_ip(real)) req.remote_addr = real;
    } else if (!fwd.empty()) {
      std::size_t comma = fwd.rfind(',');
      std::string_view last = comma == std::string_view::npos ? fwd : fwd.substr(comma + 1);
      while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
      while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
      if (looks_like_ip(last)) req.remote_addr = last;
    }
  }
  std::optional<Method> method = method_of(msg.method());
  if (!method) {
    error = problem(501, "method-not-implemented", "Method not implemented",
                    "The server does not support this HTTP method.");
    return false;
  }
  req.method = *method;
  auto url = boost::urls::parse_origin_form(msg.target());
  if (!url) {
    req.path = std::string(msg.target().substr(0, msg.target().find('?')));
    error = problem(400, "malformed-request", "Malformed HTTP request",
                    "The request target is not a valid origin-form URI.");
    return false;
  }
  req.path = url->path();
  for (auto param : url->params()) {
    req.query[std::string(param.key)] = std::string(param.value);
  }
  return true;
}

Outcome Session::dispatch(const std::shared_ptr<Request>& owner, const RouteMatch& match) {
  Request& req = *owner;
  Outcome out;
  const auto& origins = opts_.cors_allowed_origins;
  std::string_view origin = req.header("Origin");
  if (req.method == Method::options && !origins.empty() && !origin.empty() &&
      !req.header("Access-Control-Request-Method").empty()) {
    out.response = Response::empty(204);
    if (std::find(origins.begin(), origins.end(), origin) != origins.end()) {
      std::string_view headers = req.header("Access-Control-Request-Headers");
      out.response
          .header("Access-Control-Allow-Methods",
                  match.allow.empty() ? "GET, HEAD, POST, PUT, PATCH, DELETE" : match.allow)
          .header("Access-Control-Max-Age", "600");
      if (!headers.empty()) {
        out.response.header("Access-Control-Allow-Headers", std::string(headers));
      }
    }
    return out;
  }
  for (const Middleware& mw : server_.middlewares) {
    if (std::optional<Response> r = mw(req)) {
      out.response = std::move(*r);
      return out;
    }
  }
  if (match.route != nullptr) {
    return run_handler(owner, *match.route);
  }
  if (match.path_matched) {
    if (req.method == Method::options) {
      out.response = Response::empty(204);
      out.response.header("Allow", match.allow);
      return out;
    }
    out.response = problem(405, "method-not-allowed", "Method not allowed",
                           "Allowed methods: " + match.allow + ".");
    out.response.header("Allow", match.allow);
    return out;
  }
  if (server_.static_files && (req.method == Method::get || req.method == Method::head)) {
    if (std::optional<Response> r = server_.static_files->serve(req)) {
      out.response = std::move(*r);
      return out;
    }
  }
  out.response = problem(404, "not-found", "Not found", "No resource at " + req.path + ".");
  return out;
}

Outcome Session::run_handler(const std::shared_ptr<Request>& owner, const Route& route) {
  Outcome out;
  if (route.handler) {
    out.response = route.handler(*owner);
    return out;
  }
  // The Done closure shares the request, so a late Done still finds it alive.
  auto state = std::make_shared<AsyncState>();
  state->wakeup = wakeup_;
  state->request = owner;
  Done done = [state](Response r) {
    {
      std::lock_guard lock(state->mutex);
      if (state->abandoned || state->result) return;
      state->result = std::move(r);
    }
    state->wakeup->notify(state->wakeup);
  };
  route.async_handler(*owner, std::move(done));
  out.pending = std::move(state);
  return out;
}

net::awaitable<std::optional<Response>> Session::await_async(
    const std::shared_ptr<AsyncState>& st) {
  Clock::time_point deadline = Clock::now() + milliseconds(opts_.async_timeout_ms);
  for (;;) {
    {
      std::lock_guard lock(st->mutex);
      if (st->result) co_return std::move(*st->result);
      if (server_.terminal.load() || Clock::now() >= deadline) {
        st->abandoned = true;
        break;
      }
    }
    wakeup_->timer->expires_at(deadline);
    co_await wakeup_->timer->async_wait(kUseTuple);
  }
  if (server_.terminal.load()) co_return std::nullopt;
  co_return problem(503, "timeout", "Service timeout",
                    "The request took too long to complete; retry later.");
}

// Headers every response carries: request id, CORS for allowed origins.
void Session::finish_headers(const Request& req, Response& res) const {
  res.header("X-Request-Id", req.request_id);
  const auto& origins = opts_.cors_allowed_origins;
  if (origins.empty()) return;
  std::string_view origin = req.header("Origin");
  if (origin.empty() || std::find(origins.begin(), origins.end(), origin) == origins.end()) return;
  res.header("Access-Control-Allow-Origin", std::string(origin));
  res.header("Access-Control-Allow-Credentials", "true");
  res.header("Vary", "Origin");
}

net::awaitable<bool> Session::write_response(const Request& req, Response res, bool keep_alive) {
  finish_headers(req, res);
  bhttp::response<bhttp::string_body> msg;
  msg.result(static_cast<unsigned>(res.status));
  for (auto& [name, value] : res.headers) msg.insert(name, value);
  bool no_body = res.status == 204 || res.status == 304 || res.status < 200;
  if (no_body) {
    res.body.clear();
  } else {
    msg.content_length(res.body.size());
    if (req.method != Method::head) msg.body() = std::move(res.body);
  }
  msg.keep_alive(keep_alive && !server_.stopping.load());
  arm(milliseconds(opts_.write_timeout_ms));
  auto [ec, n] = co_await bhttp::async_write(socket_, msg, kUseTuple);
  if (ec) co_return false;
  if (!msg.keep_alive()) {
    co_await linger_close();
    co_return false;
  }
  co_return true;
}

// Answers a request we will not read further, then closes.
net::awaitable<void> Session::refuse(Response res) {
  bhttp::response<bhttp::string_body> msg;
  msg.result(static_cast<unsigned>(res.status));
  for (auto& [name, value] : res.headers) msg.insert(name, value);
  msg.content_length(res.body.size());
  msg.body() = std::move(res.body);
  msg.keep_alive(false);
  arm(milliseconds(opts_.write_timeout_ms));
  auto [ec, n] = co_await bhttp::async_write(socket_, msg, kUseTuple);
  if (!ec) co_await linger_close();
}

net::awaitable<void> Session::linger_close() {
  beast::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  arm(kLingerTime);
  std::size_t drained = 0;
  while (!ec && drained < kLingerBytesMax) {
    auto [rec, n] = co_await socket_.async_read_some(net::buffer(drain_), kUseTuple);
    ec = rec;
    drained += n;
  }
  socket_.close(ec);
}

// Notices a client that leaves an event stream (a read completes with EOF or an error).
void Session::watch_peer() {
  auto self = shared_from_this();
  socket_.async_read_some(net::buffer(drain_), [self](beast::error_code ec, std::size_t) {
    if (ec) {
      self->peer_gone_ = true;
      if (self->wakeup_->timer) self->wakeup_->timer->cancel();
      return;
    }
    self->watch_peer();
  });
}

net::awaitable<void> Session::stream_events(const Request& req, Response res) {
  std::shared_ptr<SseChannel> channel = std::move(res.stream);
  std::shared_ptr<Wakeup> wakeup = wakeup_;
  auto subscriber = channel->subscribe([wakeup] { wakeup->notify(wakeup); });
  if (!subscriber) {
    Response full = problem(503, "sse-full", "Too many subscribers",
                            "This event stream has reached its subscriber limit; retry later.");
    full.header("Retry-After", "5");
    record(req, full.status, full.body.size(), Clock::now());
    finish_headers(req, full);
    co_await refuse(std::move(full));
    co_return;
  }
  phase_ = Phase::streaming;
  // A dropped subscriber may be stuck in a write to a client that does not read: cut it.
  wakeup_->on_wake = [this, subscriber] {
    if (!subscriber->is_open()) {
      beast::error_code ec;
      socket_.close(ec);
    }
  };
  record(req, 200, 0, Clock::now());
  finish_headers(req, res);
  bhttp::response<bhttp::empty_body> head{bhttp::status::ok, 11};
  for (auto& [name, value] : res.headers) head.insert(name, value);
  head.set(bhttp::field::content_type, "text/event-stream");
  head.set(bhttp::field::cache_control, "no-cache");
  head.set("X-Accel-Buffering", "no");
  head.chunked(true);
  bhttp::response_serializer<bhttp::empty_body> sr{head};
  arm(milliseconds(opts_.write_timeout_ms));
  auto [hec, hn] = co_await bhttp::async_write_header(socket_, sr, kUseTuple);
  if (!hec) {
    watch_peer();
    const milliseconds heartbeat{std::max(channel->options().heartbeat_ms, 10)};
    std::vector<std::string> frames;
    std::string out;
    for (;;) {
      frames.clear();
      bool open = subscriber->take(frames);
      out.clear();
      for (const std::string& f : frames) out += f;
      if (out.empty() && open && !peer_gone_ && !server_.stopping.load()) {
        disarm();  // waiting for events is not an I/O operation
        wakeup_->timer->expires_after(heartbeat);
        auto [tec] = co_await wakeup_->timer->async_wait(kUseTuple);
        if (tec) continue;  // woken: events, stop, or peer gone
        out = ": heartbeat\n\n";
      }
      if (!out.empty()) {
        arm(milliseconds(opts_.write_timeout_ms));
        auto [wec, wn] =
            co_await net::async_write(socket_, bhttp::make_chunk(net::buffer(out)), kUseTuple);
        if (wec) break;
        continue;
      }
      if (!open || peer_gone_ || server_.stopping.load()) break;
    }
    if (!peer_gone_) {
      arm(milliseconds(opts_.write_timeout_ms));
      co_await net::async_write(socket_, bhttp::make_chunk_last(), kUseTuple);
    }
  }
  channel->unsubscribe(subscriber);
  beast::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

void Session::record(const Request& req, int status, std::size_t bytes, Clock::time_point started) {
  double duration_s = std::chrono::duration<double>(Clock::now() - started).count();
  std::string_view route = req.route.empty() ? std::string_view("unmatched") : req.route;
  std::string_view method = req.target.empty() && req.path.empty() ? "-" : to_string(req.method);
  server_.metrics.observe_request(route, method, status, duration_s);
  if (!server_.access_log) return;
  server_.access_log->info(
      "{{\"ts\":\"{}\",\"request_id\":\"{}\",\"method\":\"{}\",\"path\":\"{}\",\"route\":\"{}\","
      "\"status\":{},\"duration_ms\":{:.3f},\"bytes\":{},\"remote\":\"{}\"}}",
      utc_timestamp(), json_escape(req.request_id), method, json_escape(req.path),
      json_escape(req.route), status, duration_s * 1000.0, bytes, json_escape(req.remote_addr));
}

// ---------------------------------------------------------------------------------------
// Server::Impl

ServerCore::~ServerCore() {
  // Pending handlers (and coroutine frames) are destroyed with the io_context; they touch
  // the session registry, so the io_context goes first, after the objects that use it.
  signals.reset();
  acceptor.reset();
  ioc.reset();
}

void ServerCore::start() {
  if (!options.static_dir.empty()) static_files.emplace(options.static_dir);
  if (!options.access_log_name.empty()) {
    access_log = spdlog::get(options.access_log_name);
    if (!access_log) {
      access_log = std::make_shared<spdlog::logger>(options.access_log_name,
                                                    std::make_shared<BufferedStdoutSink>());
      access_log->set_pattern("%v");
      try {
        spdlog::register_logger(access_log);
      } catch (const spdlog::spdlog_ex&) {
        // Registered meanwhile by another server in this process: use that one.
        if (auto existing = spdlog::get(options.access_log_name)) access_log = existing;
      }
    }
  }
  int threads_n = std::max(options.threads, 1);
  ioc = std::make_unique<net::io_context>(threads_n);
  acceptor.emplace(net::make_strand(*ioc));
  tcp::endpoint endpoint{net::ip::make_address(options.address), options.port};
  acceptor->open(endpoint.protocol());
  acceptor->set_option(net::socket_base::reuse_address(true));
  acceptor->bind(endpoint);
  acceptor->listen(net::socket_base::max_listen_connections);
  port = acceptor->local_endpoint().port();
  if (options.stop_on_signals) {
    signals.emplace(acceptor->get_executor(), SIGINT, SIGTERM);
    signals->async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
  }
  net::co_spawn(acceptor->get_executor(), accept_loop(), net::detached);
  net::co_spawn(acceptor->get_executor(), sweep(), net::detached);
  started = true;
  for (int i = 0; i < threads_n; ++i) {
    threads.emplace_back([this] { ioc->run(); });
  }
}

net::awaitable<void> ServerCore::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(net::make_strand(*ioc), kUseTuple);
    if (stopping.load() || ec == net::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors or similar: back off a little instead of spinning.
      spdlog::warn("http: accept failed: {}", ec.message());
      net::steady_timer t(acceptor->get_executor(), milliseconds(50));
      co_await t.async_wait(kUseTuple);
      continue;
    }
    if (connection_count.load() >= static_cast<std::size_t>(std::max(options.connections_max, 0))) {
      beast::error_code ignored;
      socket.close(ignored);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    connection_count.fetch_add(1);
    auto session = std::make_shared<Session>(*this, std::move(socket));
    {
      std::lock_guard lock(sessions_mutex);
      sessions.emplace(session.get(), session);
    }
    net::co_spawn(
        session->executor(), [session]() { return session->run(); }, net::detached);
  }
}

void ServerCore::for_each_session(void (Session::*fn)()) {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [ptr, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) {
    net::post(s->executor(), [s, fn] { ((*s).*fn)(); });
  }
}

// Closes connections whose I/O deadline passed. The period is a quarter of the shortest
// timeout (10..250 ms), so a deadline is enforced within 25 % of its length.
net::awaitable<void> ServerCore::sweep() {
  int shortest_ms = std::min({options.request_timeout_ms, options.idle_timeout_ms,
                              options.write_timeout_ms, static_cast<int>(kLingerTime.count())});
  milliseconds period{std::clamp(shortest_ms / 4, 10, 250)};
  net::steady_timer timer(acceptor->get_executor());
  std::vector<std::shared_ptr<Session>> due;
  Clock::time_point flushed = Clock::now();
  for (;;) {
    timer.expires_after(period);
    auto [ec] = co_await timer.async_wait(kUseTuple);
    if (ec) co_return;
    if (access_log && Clock::now() - flushed >= std::chrono::seconds(1)) {
      access_log->flush();
      flushed = Clock::now();
    }
    std::int64_t now_ns = Clock::now().time_since_epoch().count();
    due.clear();
    {
      std::lock_guard lock(sessions_mutex);
      for (auto& [ptr, weak] : sessions) {
        if (ptr->deadline_passed(now_ns)) {
          if (auto s = weak.lock()) due.push_back(std::move(s));
        }
      }
    }
    for (auto& s : due) net::post(s->executor(), [s] { s->on_deadline(); });
  }
}

void ServerCore::stop() {
  if (stopping.exchange(true)) return;
  if (!started.load()) return;
  net::co_spawn(acceptor->get_executor(), shutdown(), net::detached);
}

// Stop accepting, let in-flight requests finish within the grace period, then cut.
net::awaitable<void> ServerCore::shutdown() {
  beast::error_code ec;
  acceptor->close(ec);
  if (signals) signals->cancel(ec);
  for_each_session(&Session::on_stop);
  net::steady_timer poll(acceptor->get_executor());
  auto wait_for_sessions = [&](milliseconds limit) -> net::awaitable<void> {
    Clock::time_point deadline = Clock::now() + limit;
    while (connection_count.load() > 0 && Clock::now() < deadline) {
      poll.expires_after(milliseconds(5));
      co_await poll.async_wait(kUseTuple);
    }
  };
  co_await wait_for_sessions(milliseconds(std::max(options.shutdown_grace_ms, 0)));
  if (connection_count.load() > 0) {
    spdlog::warn("http: {} connections still open after the grace period; closing them",
                 connection_count.load());
    terminal = true;
    for_each_session(&Session::on_terminal);
    co_await wait_for_sessions(kTerminalWait);
  }
  if (access_log) access_log->flush();
  ioc->stop();
}

void ServerCore::wait() {
  std::lock_guard lock(join_mutex);
  if (joined) return;
  for (auto& t : threads) {
    if (t.get_id() == std::this_thread::get_id()) {
      throw std::logic_error("http::Server::wait() called from an io thread");
    }
  }
  for (auto& t : threads) t.join();
  threads.clear();
  joined = true;
}

class Server::Impl : public ServerCore {
 public:
  using ServerCore::ServerCore;
};

// ---------------------------------------------------------------------------------------
// Server

Server::Server(ServerOptions options, Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() {
  stop();
  if (impl_->started.load()) wait();
}

void Server::use(Middleware middleware) {
  assert(!impl_->started.load());
  impl_->middlewares.push_back(std::move(middleware));
}

void Server::start() {
  assert(!impl_->started.load());
  impl_->start();
}

std::uint16_t Server::port() const {
  return impl_->port;
}

void Server::stop() {
  impl_->stop();
}

void Server::wait() {
  if (!impl_->started.load()) return;
  impl_->wait();
}

std::size_t Server::connections() const {
  return impl_->connection_count.load();
}

}  // namespace sangsaeng::http
