// Server-sent events: a channel that handlers return with Response::event_stream(channel).
// publish() fans an event out to every subscribed connection without blocking on any of them.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sangsaeng::http {

struct SseOptions {
  // More subscribers than this get a 503 problem "sse-full".
  std::size_t subscribers_max = 1000;
  // Bytes queued for one subscriber that its socket has not taken yet; beyond it the
  // subscriber is dropped (its connection closed) so a slow client never holds memory or
  // blocks others. The browser's EventSource reconnects by itself.
  std::size_t queued_bytes_max = 256 * 1024;
  // A ": heartbeat" comment is sent after this long without events, so proxies keep the
  // connection open and dead clients are noticed.
  int heartbeat_ms = 15000;
  // If true, a new subscriber first receives the last published event (e.g. the current
  // value of a counter), so it does not wait for the next change.
  bool replay_last = false;
};

class SseChannel {
 public:
  explicit SseChannel(SseOptions options = {});
  ~SseChannel();
  SseChannel(const SseChannel&) = delete;
  SseChannel& operator=(const SseChannel&) = delete;

  static std::shared_ptr<SseChannel> create(SseOptions options = {}) {
    return std::make_shared<SseChannel>(options);
  }

  // Queues `event: <event>\ndata: <data>\n\n` (each line of data becomes a data: line; an
  // empty event name sends a nameless "message" event) for every subscriber. Thread-safe;
  // never blocks on a subscriber's socket.
  void publish(std::string_view event, std::string_view data);

  // With replay_last: the frame the next subscribers get first, sent to nobody now (a new
  // subscriber's own first frame). Thread-safe.
  void set_replay(std::string_view event, std::string_view data);

  // Ends every subscriber's stream and refuses new ones (503). Thread-safe, idempotent.
  void close();

  std::size_t subscribers() const;
  const SseOptions& options() const { return options_; }

  // --- Used by the server's connection code, not by handlers. ---

  // One subscribed connection. Thread-safe.
  class Subscriber {
   public:
    // Moves the queued frames into `out`; returns false if the subscriber was dropped or
    // the channel closed (the connection should end after writing what it got).
    bool take(std::vector<std::string>& out);
    // False once dropped (too slow), unsubscribed or the channel closed.
    bool is_open();

   private:
    friend class SseChannel;
    std::mutex mutex_;
    std::deque<std::string> queue_;  // guarded by mutex_
    std::size_t queued_bytes_ = 0;   // guarded by mutex_
    bool open_ = true;               // guarded by mutex_
    std::function<void()> wake_;     // set once at subscribe; called without mutex_ held
  };

  // Adds a subscriber; `wake` is called (from any thread) whenever it has something to
  // take. Returns nullptr if the channel is full or closed.
  std::shared_ptr<Subscriber> subscribe(std::function<void()> wake);
  // Removes a subscriber (on disconnect). Idempotent.
  void unsubscribe(const std::shared_ptr<Subscriber>& subscriber);

 private:
  void deliver(Subscriber& s, const std::string& frame);

  const SseOptions options_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;  // guarded by mutex_
  std::string last_frame_;                                // guarded by mutex_
  bool closed_ = false;                                   // guarded by mutex_
};

// Formats one SSE frame (exposed for tests).
std::string sse_frame(std::string_view event, std::string_view data);

}  // namespace sangsaeng::http
