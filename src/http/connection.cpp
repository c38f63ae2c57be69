#include "http/connection.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>

#include "http/cors.h"
#include "http/request_parsing.h"
#include "http/sse.h"

namespace sangsaeng::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using std::chrono::milliseconds;
using Clock = Connection::Clock;

namespace {

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);

// Bytes a malformed or refused request may still send us before we close (kLingerTime).
constexpr std::size_t kLingerBytesMax = 1 << 20;
// Extra room in the read buffer beyond the header limit (pipelined bytes, body chunks).
constexpr std::size_t kReadBufferExtraBytes = 64 * 1024;

using Parser = bhttp::request_parser<bhttp::string_body>;

// Parses the header from bytes already read, without an asynchronous round trip (the common
// case: the whole request arrived with the first read).
beast::error_code parse_buffered(Parser& parser, beast::flat_buffer& buffer) {
  beast::error_code ec;
  while (!parser.is_header_done() && buffer.size() > 0) {
    std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == bhttp::error::need_more) return {};
    if (ec || used == 0) break;
  }
  return ec;
}

Response internal_error() {
  return problem(500, "internal", "Internal server error",
                 "The server failed to handle the request; it has been logged.");
}

}  // namespace

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

// What the dispatch step decided.
struct Outcome {
  Response response;
  std::shared_ptr<AsyncState> pending;  // set when an AsyncHandler is running
};

Connection::Connection(ServerCore& server, tcp::socket socket)
    : server_(server),
      opts_(server.options),
      socket_(std::move(socket)),
      buffer_(opts_.header_limit_bytes + kReadBufferExtraBytes),
      wakeup_(std::make_shared<Wakeup>(socket_.get_executor())) {
  beast::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  if (!ec) remote_ = ep.address().to_string();
}

void Connection::arm(milliseconds d) {
  deadline_ns_.store((Clock::now() + d).time_since_epoch().count(), std::memory_order_relaxed);
}

void Connection::on_stop() {
  beast::error_code ec;
  if (phase_ == Phase::idle) socket_.cancel(ec);
  if (wakeup_->timer) wakeup_->timer->cancel();
}

void Connection::on_deadline() {
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

void Connection::on_terminal() {
  beast::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  if (wakeup_->timer) wakeup_->timer->cancel();
}

// Runs once, when the connection coroutine ends (or its frame is destroyed with the
// io_context).
void Connection::end() {
  beast::error_code ec;
  socket_.close(ec);
  wakeup_->retire();
  server_.metrics.connections().add(-1);
  {
    std::lock_guard lock(server_.connections_mutex);
    server_.connections.erase(this);
  }
  server_.connection_count.fetch_sub(1);
}

net::awaitable<void> Connection::run() {
  auto self = shared_from_this();
  server_.metrics.connections().add(1);
  struct Guard {
    Connection* c;
    ~Guard() { c->end(); }
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
net::awaitable<bool> Connection::serve_one() {
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

  RouteMatch match;
  bool keep_alive = false;
  reading_request_ = true;
  const bool read = co_await read_request(req, match, keep_alive);
  reading_request_ = false;
  if (!read) co_return false;
  disarm();  // handlers have their own limits; writes re-arm

  server_.metrics.requests_in_flight().add(1);
  Outcome out;
  try {
    out = dispatch(owner, match);
  } catch (const std::exception& e) {
    spdlog::error("http: request {} {} {} failed: {}", req.request_id, to_string(req.method),
                  req.path, e.what());
    out.response = internal_error();
  } catch (...) {
    spdlog::error("http: request {} {} {} failed: unknown exception", req.request_id,
                  to_string(req.method), req.path);
    out.response = internal_error();
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
net::awaitable<bool> Connection::read_request(Request& req, RouteMatch& match, bool& keep_alive) {
  Clock::time_point started = Clock::now();
  Parser parser;
  parser.header_limit(static_cast<std::uint32_t>(opts_.header_limit_bytes));
  parser.body_limit(boost::none);  // checked below against the route's limit
  arm(milliseconds(opts_.request_timeout_ms));
  beast::error_code ec = parse_buffered(parser, buffer_);
  if (!ec && !parser.is_header_done()) {
    auto [rec, hn] = co_await bhttp::async_read_header(socket_, buffer_, parser, kUseTuple);
    ec = rec;
  }
  if (ec) {
    std::optional<Response> res =
        read_timed_out_ ? request_timeout_problem() : problem_for_read_error(ec);
    if (!res) co_return false;
    co_return co_await reject(req, started, std::move(*res));
  }

  const auto& msg = parser.get();
  req.target = msg.target();
  req.headers.reserve(16);
  for (const auto& field : msg) {
    req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  req.request_id = request_id_for(req);
  req.remote_addr = client_address(req, remote_, opts_.trust_proxy_headers);
  if (std::optional<Response> bad = parse_request_line(msg.method_string(), msg.target(), req)) {
    co_return co_await reject(req, started, std::move(*bad));
  }

  std::string_view encoded_path = std::string_view(req.target).substr(0, req.target.find('?'));
  match = server_.router.match(req.method, encoded_path);
  req.route = match.pattern;
  req.params = match.params;

  std::size_t limit = match.route ? match.route->options.body_limit_bytes : opts_.body_limit_bytes;
  if (parser.content_length() && *parser.content_length() > limit) {
    co_return co_await reject(req, started, *problem_for_read_error(bhttp::error::body_limit));
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
          read_timed_out_ ? request_timeout_problem() : problem_for_read_error(rec);
      if (!res) co_return false;
      co_return co_await reject(req, started, std::move(*res));
    }
  }
  keep_alive = parser.get().keep_alive();
  req.body = std::move(parser.get().body());
  co_return true;
}

// Answers a request that will not be handled (malformed, too large), logs it, closes.
net::awaitable<bool> Connection::reject(Request& req, Clock::time_point started, Response res) {
  if (req.request_id.empty()) req.request_id = new_request_id();
  record(req, res.status, res.body.size(), started);
  finish_headers(req, res);
  co_await refuse(std::move(res));
  co_return false;
}

Outcome Connection::dispatch(const std::shared_ptr<Request>& owner, const RouteMatch& match) {
  Request& req = *owner;
  Outcome out;
  if (std::optional<Response> r = cors_preflight(req, opts_.cors_allowed_origins, match.allow)) {
    out.response = std::move(*r);
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

Outcome Connection::run_handler(const std::shared_ptr<Request>& owner, const Route& route) {
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

net::awaitable<std::optional<Response>> Connection::await_async(
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
void Connection::finish_headers(const Request& req, Response& res) const {
  res.header("X-Request-Id", req.request_id);
  add_cors_headers(req, opts_.cors_allowed_origins, res);
}

net::awaitable<bool> Connection::write_response(const Request& req, Response res, bool keep_alive) {
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
net::awaitable<void> Connection::refuse(Response res) {
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

net::awaitable<void> Connection::linger_close() {
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
void Connection::watch_peer() {
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

net::awaitable<void> Connection::stream_events(const Request& req, Response res) {
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

void Connection::record(const Request& req, int status, std::size_t bytes,
                        Clock::time_point started) {
  double duration_s = std::chrono::duration<double>(Clock::now() - started).count();
  std::string_view route = req.route.empty() ? std::string_view("unmatched") : req.route;
  std::string_view method = req.target.empty() && req.path.empty() ? "-" : to_string(req.method);
  server_.metrics.observe_request(route, method, status, duration_s);
  if (server_.access_log) server_.access_log->write(req, status, bytes, duration_s);
}

}  // namespace sangsaeng::http
