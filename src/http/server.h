// The HTTP/1.1 server: Beast + Asio with C++20 coroutines, behind a plain interface.
//
// Per request, in this order: parse (limits, timeouts) -> request id -> route match (sets
// Request::route and params) -> CORS preflight -> middleware in registration order ->
// handler, or static file / SPA fallback, or 404 / 405. The access log line and the metrics
// are recorded for every request, including 400/404/405/413/431/429 ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/http.h"
#include "http/metrics.h"
#include "http/router.h"

namespace sangsaeng::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = an ephemeral port; read it with Server::port() after start()
  int threads = 2;         // io threads; handlers run on them
  // Request line plus header fields; beyond it 431 and the connection is closed.
  std::size_t header_limit_bytes = 8192;
  // Default body limit for paths that match no route (routes have their own, RouteOptions).
  std::size_t body_limit_bytes = 1 << 20;
  // Time to receive a whole request once its first byte arrived. A client slower than that
  // is disconnected (slowloris). Large uploads need a larger value.
  int request_timeout_ms = 15000;
  // Time a keep-alive connection may sit without a request before it is closed.
  int idle_timeout_ms = 30000;
  // Time to write a response (a client that does not read is disconnected).
  int write_timeout_ms = 15000;
  // Time an AsyncHandler may take before the client gets a 503 problem "timeout".
  int async_timeout_ms = 30000;
  // Connections beyond this are accepted and closed at once (no response).
  int connections_max = 10000;
  // Built web UI (e.g. "web/dist"); empty = no static files. GET/HEAD paths that match no
  // route and are not under /api/ are served from here, unknown ones get index.html.
  std::string static_dir;
  // On stop(): time in-flight requests get to finish before connections are cut.
  int shutdown_grace_ms = 10000;
  // Origins allowed by CORS, e.g. {"https://admin.sangsaeng.kr"}; empty = CORS off.
  std::vector<std::string> cors_allowed_origins;
  // Take the client address from X-Real-IP / the last X-Forwarded-For entry (only behind a
  // reverse proxy that sets them, e.g. the nginx of deploy/).
  bool trust_proxy_headers = false;
  // One JSON line per request through the spdlog logger of this name (created, writing to
  // stdout, if it does not exist). Empty = no access log.
  std::string access_log_name = "access";
  // Install a SIGINT/SIGTERM handler that calls stop().
  bool stop_on_signals = false;
};

class Server {
 public:
  // `router` and `metrics` must outlive the server and not change after start().
  Server(ServerOptions options, Router& router, Metrics& metrics);
  // Calls stop() and wait().
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Adds a middleware (runs in registration order). REQUIRES: before start().
  void use(Middleware middleware);

  // Binds, listens and starts the io threads; returns at once. Throws std::system_error if
  // the address cannot be bound. REQUIRES: called once.
  void start();
  // The bound port (after start()).
  std::uint16_t port() const;

  // Graceful shutdown, non-blocking, from any thread (a handler, a signal), idempotent:
  // stops accepting, closes idle keep-alive connections and SSE streams, lets in-flight
  // requests finish (their responses carry Connection: close) for up to shutdown_grace_ms,
  // then closes what is left and stops the io threads.
  void stop();
  // Blocks until the server has stopped (after stop(), or a signal with stop_on_signals).
  void wait();

  // Open connections (tests, diagnostics).
  std::size_t connections() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sangsaeng::http
