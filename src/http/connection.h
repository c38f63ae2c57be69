// Internal to ss_http (includes Asio): one client connection. A coroutine on its own strand
// reads requests, dispatches them (CORS preflight, middleware, route, static files, 404/405)
// and writes the answers, or streams server-sent events. Every wait has a deadline that the
// server's sweeper enforces; expected socket errors are values (as_tuple), never exceptions.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "http/server_core.h"

namespace sangsaeng::http {

struct Wakeup;
struct AsyncState;
struct Outcome;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Clock = std::chrono::steady_clock;
  // Time a closing connection waits for the client's unread input (lingering close: closing
  // with unread input makes the kernel reset the connection and lose our answer).
  static constexpr std::chrono::milliseconds kLingerTime{500};

  // REQUIRES: the server outlives the connection's coroutine (its io_context is destroyed
  // first, see ServerCore::~ServerCore).
  Connection(ServerCore& server, boost::asio::ip::tcp::socket socket);

  // Serves requests until the connection ends; then removes itself from the server.
  boost::asio::awaitable<void> run();
  boost::asio::any_io_executor executor() { return socket_.get_executor(); }

  // The rest run on the connection's strand (posted by the server), except deadline_passed.
  // The sweeper saw the deadline pass: answer 408 if a request was being read, else close.
  void on_deadline();
  bool deadline_passed(std::int64_t now_ns) const {
    return deadline_ns_.load(std::memory_order_relaxed) <= now_ns;
  }
  // stop() was called: close if idle, re-check the stopping flag if waiting.
  void on_stop();
  // The grace period passed: close the socket whatever the state.
  void on_terminal();

 private:
  enum class Phase { idle, busy, streaming };
  // The socket I/O deadline (steady clock ns): the sweeper closes the socket once it passes.
  // One atomic store per operation instead of a timer per operation.
  static constexpr std::int64_t kNoDeadline = INT64_MAX;

  boost::asio::awaitable<bool> serve_one();
  boost::asio::awaitable<bool> read_request(Request& req, RouteMatch& match, bool& keep_alive);
  boost::asio::awaitable<bool> reject(Request& req, Clock::time_point started, Response res);
  Outcome dispatch(const std::shared_ptr<Request>& owner, const RouteMatch& match);
  Outcome run_handler(const std::shared_ptr<Request>& owner, const Route& route);
  boost::asio::awaitable<std::optional<Response>> await_async(
      const std::shared_ptr<AsyncState>& st);
  void finish_headers(const Request& req, Response& res) const;
  boost::asio::awaitable<bool> write_response(const Request& req, Response res, bool keep_alive);
  boost::asio::awaitable<void> stream_events(const Request& req, Response res);
  boost::asio::awaitable<void> refuse(Response res);
  boost::asio::awaitable<void> linger_close();
  void record(const Request& req, int status, std::size_t bytes, Clock::time_point started);
  void watch_peer();
  void end();
  void arm(std::chrono::milliseconds d);
  void disarm() { deadline_ns_.store(kNoDeadline, std::memory_order_relaxed); }

  ServerCore& server_;
  const ServerOptions& opts_;
  boost::asio::ip::tcp::socket socket_;
  std::atomic<std::int64_t> deadline_ns_{kNoDeadline};
  boost::beast::flat_buffer buffer_;
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

}  // namespace sangsaeng::http
