// SSE topics: one server-sent-event channel per named topic (e.g. "drop:123"), created on first
// use, for any module's live pages. Fan-out is on this node; a change on another node reaches
// this one only through the module's own state (the live feed: LISTEN/NOTIFY, src/api/live_feed.h).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/sse.h"

namespace sangsaeng::api {

class Topics {
 public:
  // At most `topics_max` topics live at once; every channel takes `options`.
  explicit Topics(http::SseOptions options, std::size_t topics_max = 10'000)
      : options_(options), topics_max_(topics_max) {}
  // Closes every channel (their streams end).
  ~Topics();

  // The topic's channel, created if needed; nullptr when topics_max topics exist already.
  std::shared_ptr<http::SseChannel> channel(const std::string& topic);
  // Publishes to the topic if anyone created it (nobody listening: nothing to do).
  void publish(const std::string& topic, std::string_view event, std::string_view data);

 private:
  const http::SseOptions options_;
  const std::size_t topics_max_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<http::SseChannel>> channels_;  // guarded by mu_
};

}  // namespace sangsaeng::api
