#include "store/listener.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <memory>

#include "store/db.h"

namespace sangsaeng::store {

namespace {

struct PgFree {
  void operator()(PGconn* c) const { PQfinish(c); }
  void operator()(PGresult* r) const { PQclear(r); }
  void operator()(PGnotify* n) const { PQfreemem(n); }
};
using Conn = std::unique_ptr<PGconn, PgFree>;
using Res = std::unique_ptr<PGresult, PgFree>;
using Note = std::unique_ptr<PGnotify, PgFree>;

std::string connect_string(const ListenerOptions& o) {
  const ParsedUrl url = parse_url(o.url);
  if (url.dialect != Dialect::postgres) throw StoreError("LISTEN needs a PostgreSQL URL");
  if (o.channel.empty() ||
      o.channel.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
    throw StoreError("bad notification channel: " + o.channel);
  return url.connect;
}

}  // namespace

Listener::Listener(ListenerOptions options, std::function<void(std::string_view)> on_notify,
                   std::function<void(bool)> on_state)
    : options_(std::move(options)),
      connect_(connect_string(options_)),
      on_notify_(std::move(on_notify)),
      on_state_(std::move(on_state)) {
  assert(options_.backoff_min_ms >= 1 && options_.backoff_max_ms >= options_.backoff_min_ms);
  if (::pipe2(wake_fds_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("pipe failed");
  thread_ = std::thread([this] { loop(); });
}

Listener::~Listener() {
  stopping_ = true;
  const char byte = 1;
  [[maybe_unused]] auto n = ::write(wake_fds_[1], &byte, 1);
  thread_.join();
  ::close(wake_fds_[0]);
  ::close(wake_fds_[1]);
}

void Listener::loop() {
  int backoff_ms = options_.backoff_min_ms;
  while (!stopping_) {
    if (listen_once()) backoff_ms = options_.backoff_min_ms;
    if (stopping_) break;
    // Wait before reconnecting, woken at once by the destructor.
    pollfd wake{wake_fds_[0], POLLIN, 0};
    ::poll(&wake, 1, backoff_ms);
    backoff_ms = std::min(backoff_ms * 2, options_.backoff_max_ms);
  }
}

bool Listener::listen_once() {
  // Blocks for at most the URL's connect_timeout (5 s unless the URL sets another).
  Conn conn(PQconnectdb(connect_.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    spdlog::warn("listener {}: cannot connect: {}", options_.channel, PQerrorMessage(conn.get()));
    return false;
  }
  Res listen(PQexec(conn.get(), ("LISTEN " + options_.channel).c_str()));
  if (PQresultStatus(listen.get()) != PGRES_COMMAND_OK) {
    spdlog::warn("listener {}: LISTEN failed: {}", options_.channel, PQerrorMessage(conn.get()));
    return false;
  }
  listening_ = true;
  on_state_(true);
  pollfd fds[2] = {{PQsocket(conn.get()), POLLIN, 0}, {wake_fds_[0], POLLIN, 0}};
  int wait_ms = -1;  // 0 while notifications read already are left to hand over
  while (!stopping_) {
    fds[0].revents = fds[1].revents = 0;
    if (::poll(fds, 2, wait_ms) < 0 && errno != EINTR) break;
    if (fds[1].revents != 0) break;  // stop
    if (PQconsumeInput(conn.get()) == 0) {
      spdlog::warn("listener {}: connection lost: {}", options_.channel,
                   PQerrorMessage(conn.get()));
      break;
    }
    wait_ms = 0;
    for (int n = 0; n < options_.notifications_per_wake_max; ++n) {
      Note note(PQnotifies(conn.get()));
      if (!note) {
        wait_ms = -1;
        break;
      }
      on_notify_(note->extra ? std::string_view(note->extra) : std::string_view());
    }
  }
  listening_ = false;
  on_state_(false);
  return true;
}

}  // namespace sangsaeng::store
