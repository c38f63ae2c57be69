// Internal to ss_http (includes Asio; nothing outside src/http may include it): the server's
// state, shared by its lifecycle (server.cpp: bind, accept, sweep deadlines, stop) and its
// connections (connection.cpp).
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/access_log.h"
#include "http/server.h"
#include "http/static_files.h"

namespace sangsaeng::http {

class Connection;

class ServerCore {
 public:
  ServerCore(ServerOptions o, Router& r, Metrics& m)
      : options(std::move(o)), router(r), metrics(m) {}
  ~ServerCore();

  void start();
  void stop();
  void wait();

  const ServerOptions options;
  Router& router;
  Metrics& metrics;
  std::vector<Middleware> middlewares;      // fixed after start()
  std::optional<StaticFiles> static_files;  // set by start() when options.static_dir is set
  std::optional<AccessLog> access_log;      // set by start() unless access_log_name is empty

  std::uint16_t port = 0;  // the bound port, after start()
  std::atomic<bool> started{false};
  std::atomic<bool> stopping{false};  // stop() was called: finish in-flight requests, close
  std::atomic<bool> terminal{false};  // the grace period passed: cut everything
  std::atomic<std::size_t> connection_count{0};

  // Open connections, so stop() and the sweeper can reach them: the accept loop adds each
  // one, and a connection removes itself when it ends.
  std::mutex connections_mutex;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;  // guarded

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> shutdown();
  boost::asio::awaitable<void> sweep();
  void for_each_connection(void (Connection::*fn)());

  std::unique_ptr<boost::asio::io_context> ioc_;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor_;
  std::optional<boost::asio::signal_set> signals_;
  std::vector<std::thread> threads_;

  std::mutex join_mutex_;  // serialises wait()
  bool joined_ = false;    // guarded by join_mutex_
};

}  // namespace sangsaeng::http
