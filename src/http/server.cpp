// The server's lifecycle: bind, the accept loop, the deadline sweeper, graceful stop. Each
// accepted socket becomes a Connection (connection.cpp) on its own strand.
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <cassert>
#include <chrono>
#include <stdexcept>

#include "http/connection.h"
#include "http/server_core.h"

namespace sangsaeng::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);

// Time connections get to close after the grace period before the io threads stop.
constexpr milliseconds kTerminalWait{1000};

}  // namespace

ServerCore::~ServerCore() {
  // Pending handlers (and coroutine frames) are destroyed with the io_context; they touch
  // the connection registry, so the io_context goes first, after the objects that use it.
  signals_.reset();
  acceptor_.reset();
  ioc_.reset();
}

void ServerCore::start() {
  if (!options.static_dir.empty()) static_files.emplace(options.static_dir);
  if (!options.access_log_name.empty()) access_log.emplace(options.access_log_name);
  int threads_n = std::max(options.threads, 1);
  ioc_ = std::make_unique<net::io_context>(threads_n);
  acceptor_.emplace(net::make_strand(*ioc_));
  tcp::endpoint endpoint{net::ip::make_address(options.address), options.port};
  acceptor_->open(endpoint.protocol());
  acceptor_->set_option(net::socket_base::reuse_address(true));
  acceptor_->bind(endpoint);
  acceptor_->listen(net::socket_base::max_listen_connections);
  port = acceptor_->local_endpoint().port();
  if (options.stop_on_signals) {
    signals_.emplace(acceptor_->get_executor(), SIGINT, SIGTERM);
    signals_->async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
  }
  net::co_spawn(acceptor_->get_executor(), accept_loop(), net::detached);
  net::co_spawn(acceptor_->get_executor(), sweep(), net::detached);
  started = true;
  for (int i = 0; i < threads_n; ++i) {
    threads_.emplace_back([this] { ioc_->run(); });
  }
}

net::awaitable<void> ServerCore::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_->async_accept(net::make_strand(*ioc_), kUseTuple);
    if (stopping.load() || ec == net::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors or similar: back off a little instead of spinning.
      spdlog::warn("http: accept failed: {}", ec.message());
      net::steady_timer t(acceptor_->get_executor(), milliseconds(50));
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
    auto connection = std::make_shared<Connection>(*this, std::move(socket));
    {
      std::lock_guard lock(connections_mutex);
      connections.emplace(connection.get(), connection);
    }
    net::co_spawn(
        connection->executor(), [connection]() { return connection->run(); }, net::detached);
  }
}

void ServerCore::for_each_connection(void (Connection::*fn)()) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(connections_mutex);
    for (auto& [ptr, weak] : connections) {
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
  int shortest_ms =
      std::min({options.request_timeout_ms, options.idle_timeout_ms, options.write_timeout_ms,
                static_cast<int>(Connection::kLingerTime.count())});
  milliseconds period{std::clamp(shortest_ms / 4, 10, 250)};
  net::steady_timer timer(acceptor_->get_executor());
  std::vector<std::shared_ptr<Connection>> due;
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
      std::lock_guard lock(connections_mutex);
      for (auto& [ptr, weak] : connections) {
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
  net::co_spawn(acceptor_->get_executor(), shutdown(), net::detached);
}

// Stop accepting, let in-flight requests finish within the grace period, then cut.
net::awaitable<void> ServerCore::shutdown() {
  beast::error_code ec;
  acceptor_->close(ec);
  if (signals_) signals_->cancel(ec);
  for_each_connection(&Connection::on_stop);
  net::steady_timer poll(acceptor_->get_executor());
  auto wait_for_connections = [&](milliseconds limit) -> net::awaitable<void> {
    Clock::time_point deadline = Clock::now() + limit;
    while (connection_count.load() > 0 && Clock::now() < deadline) {
      poll.expires_after(milliseconds(5));
      co_await poll.async_wait(kUseTuple);
    }
  };
  co_await wait_for_connections(milliseconds(std::max(options.shutdown_grace_ms, 0)));
  if (connection_count.load() > 0) {
    spdlog::warn("http: {} connections still open after the grace period; closing them",
                 connection_count.load());
    terminal = true;
    for_each_connection(&Connection::on_terminal);
    co_await wait_for_connections(kTerminalWait);
  }
  if (access_log) access_log->flush();
  ioc_->stop();
}

void ServerCore::wait() {
  std::lock_guard lock(join_mutex_);
  if (joined_) return;
  for (auto& t : threads_) {
    if (t.get_id() == std::this_thread::get_id()) {
      throw std::logic_error("http::Server::wait() called from an io thread");
    }
  }
  for (auto& t : threads_) t.join();
  threads_.clear();
  joined_ = true;
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
