// PostgreSQL notifications (LISTEN/NOTIFY) for changes other nodes must see at once: a
// dedicated connection, outside the pool, LISTENs on one channel and hands each notification's
// payload to a callback on its own thread. PostgreSQL only: SQLite has no other node to hear.
//
// A notification sent while the connection is down is lost, so the listener reports every
// (re)connect through on_state(true) and every loss through on_state(false): the owner then
// looks at everything itself (polls) until it is told again. Reconnects back off from
// backoff_min_ms, doubled per failure, up to backoff_max_ms.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace sangsaeng::store {

struct ListenerOptions {
  std::string url;      // a postgresql:// URL, as store::DbOptions takes it
  std::string channel;  // [a-z_]+
  int backoff_min_ms = 100;
  int backoff_max_ms = 5'000;
  // Notifications handed over per wake-up before the connection is read again; bounds the
  // time between two checks for stop.
  int notifications_per_wake_max = 10'000;
};

class Listener {
 public:
  // Starts the thread, which connects (the constructor does not wait for it). The callbacks run
  // on that thread, one at a time, and must not block long. Throws StoreError for a URL that is
  // not PostgreSQL's or a bad channel name.
  Listener(ListenerOptions options, std::function<void(std::string_view payload)> on_notify,
           std::function<void(bool listening)> on_state);
  // Stops the thread (at once: it waits on the socket and a wake-up pipe).
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // True while the connection is up and LISTENing.
  bool listening() const { return listening_.load(); }

 private:
  void loop();
  // One connection's life: connect, LISTEN, wait for notifications until it breaks or stop.
  // False when it never got to LISTEN.
  bool listen_once();

  const ListenerOptions options_;
  const std::string connect_;
  std::function<void(std::string_view)> on_notify_;
  std::function<void(bool)> on_state_;
  std::atomic<bool> listening_{false};
  std::atomic<bool> stopping_{false};
  int wake_fds_[2] = {-1, -1};  // a pipe: the destructor writes to stop a wait at once
  std::thread thread_;
};

}  // namespace sangsaeng::store
