// What the viewers of a live event see change without reloading: one SSE topic per event
// ("live:<id>"), fed by one thread per node. Events on the stream:
//   snapshot  {state, version, pin, counters, ...}: on every change of the event (state, pin),
//             of its counters (viewers on this node, paid orders of featured products), and to
//             each new viewer first
//   message   a visible guest message;  hidden  {id} of a message the host hid
// The thread looks, for each event somebody watches on this node, at its version, its counters
// and its new messages in the database, and publishes what changed: at once for a change made
// here (the routes poke it) and, on PostgreSQL, for one made on another node (LISTEN/NOTIFY on
// "sangsaeng_live", migration 0720: the database names the event, and only that event is
// looked at); and every `poll_ms` for all of them (the viewer counts; on SQLite, other
// processes' changes; on PostgreSQL, what a listener that was down missed). Publishing from
// one thread keeps each stream in order. A new viewer's first frame is theirs alone: the others
// hear of them with the next pass, so that 10,000 arrivals are not 10,000 broadcasts.
#pragma once

#include <boost/json/object.hpp>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "api/topics.h"
#include "live/service.h"
#include "store/listener.h"

namespace sangsaeng::api {

struct LiveFeedOptions {
  int poll_ms = 1'000;
  // A postgresql:// URL: LISTEN for other nodes' changes there. Empty: poll only.
  std::string listen_url = {};
  std::size_t events_max = 1'000;  // events watched on this node at once (then 503 "sse-full")
  int messages_per_pass = 50;      // per event and pass
};

class LiveFeed {
 public:
  // `live` and `topics` must outlive the feed. Starts its thread (and its listener).
  LiveFeed(live::LiveService& live, Topics& topics, LiveFeedOptions options = {});
  ~LiveFeed();
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  static std::string topic(Id event_id) { return "live:" + std::to_string(event_id); }
  // The channel a new viewer of the event subscribes to, with the event's snapshot queued as
  // its first frame; nullptr when events_max events are watched already.
  std::shared_ptr<http::SseChannel> watch(const live::Event& event);
  // Something changed: publish in the next pass, now.
  void poke();
  // Something changed on this event: publish its changes now (nothing if nobody here watches).
  void poke(Id event_id);
  // Publishes a hidden message's id at once.
  void hidden(Id event_id, Id message_id);
  // One pass over the watched events (the thread's; tests may call it).
  void pass();
  // One pass over those of `events` that are watched.
  void pass(const std::set<Id>& events);

 private:
  struct Watched {
    int version = 0;
    live::Counters counters;
    Id last_message_id = 0;
    int idle_passes = 0;  // passes without a viewer; forgotten after kIdlePassesMax
  };
  static constexpr int kIdlePassesMax = 30;
  // The snapshot's JSON, its counters with `viewers`.
  std::string snapshot(const live::Event& event, std::int64_t viewers, live::Counters& counters);
  void publish_event(Id event_id, Watched& watched);
  // Publishes the watched events `only` names, or all of them.
  void pass_over(const std::set<Id>* only);
  void loop();

  live::LiveService& live_;
  Topics& topics_;
  const LiveFeedOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::map<Id, Watched> watched_;              // guarded by mu_
  bool poked_ = false;                         // guarded by mu_: all events
  std::set<Id> dirty_;                         // guarded by mu_: watched events poked one by one
  bool stopping_ = false;                      // guarded by mu_
  std::mutex pass_mu_;                         // one pass at a time
  std::unique_ptr<store::Listener> listener_;  // started before thread_, stopped first
  std::thread thread_;
};

// The JSON of a pin, as the event answer and the stream show it.
boost::json::object live_pin_json(const live::Pin& pin);
boost::json::object live_counters_json(const live::Counters& counters);
boost::json::object live_message_json(const live::Message& message);

}  // namespace sangsaeng::api
