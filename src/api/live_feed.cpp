#include "api/live_feed.h"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <cassert>
#include <charconv>
#include <chrono>
#include <vector>

#include "core/id.h"

namespace sangsaeng::api {

namespace json = boost::json;

json::object live_pin_json(const live::Pin& p) {
  return {{"id", id_to_string(p.id)},
          {"kind", live::to_string(p.kind)},
          {"product_id", p.product_id ? json::value(id_to_string(*p.product_id)) : nullptr},
          {"title", p.title},
          {"at_s", p.at_s},
          {"created_at", format_rfc3339(p.created_at_us)}};
}

json::object live_counters_json(const live::Counters& c) {
  return {{"viewers", c.viewers},
          {"orders", c.orders},
          {"sold", c.sold},
          {"donation_won", c.donation_won}};
}

json::object live_message_json(const live::Message& m) {
  return {{"id", id_to_string(m.id)},
          {"user_id", id_to_string(m.user_id)},
          {"display_name", m.display_name},
          {"body", m.body},
          {"created_at", format_rfc3339(m.created_at_us)}};
}

LiveFeed::LiveFeed(live::LiveService& live, Topics& topics, LiveFeedOptions options)
    : live_(live), topics_(topics), options_(std::move(options)) {
  assert(options_.poll_ms >= 1);
  if (!options_.listen_url.empty()) {
    // A connect or a loss: notices may have been missed, a pass now.
    listener_ = std::make_unique<store::Listener>(
        store::ListenerOptions{.url = options_.listen_url, .channel = "sangsaeng_live"},
        [this](std::string_view payload) {
          Id event_id = 0;
          const auto [end, error] =
              std::from_chars(payload.data(), payload.data() + payload.size(), event_id);
          if (error == std::errc() && end == payload.data() + payload.size()) poke(event_id);
        },
        [this](bool) { poke(); });
  }
  // Last: a constructor that threw above leaves no thread running.
  thread_ = std::thread([this] { loop(); });
}

LiveFeed::~LiveFeed() {
  listener_.reset();  // its thread pokes this feed
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::string LiveFeed::snapshot(const live::Event& e, std::int64_t viewers,
                               live::Counters& counters) {
  counters = live_.sales(e);
  counters.viewers = viewers;
  auto pin = live_.current_pin(e.id);
  auto optional_time = [](const std::optional<UnixMicros>& t) {
    return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
  };
  return json::serialize(json::object{{"id", id_to_string(e.id)},
                                      {"state", live::to_string(e.state)},
                                      {"version", e.version},
                                      {"went_live_at", optional_time(e.went_live_at_us)},
                                      {"ended_at", optional_time(e.ended_at_us)},
                                      {"replay_url", e.replay_url},
                                      {"pin", pin ? json::value(live_pin_json(*pin)) : nullptr},
                                      {"counters", live_counters_json(counters)}});
}

std::shared_ptr<http::SseChannel> LiveFeed::watch(const live::Event& e) {
  std::lock_guard pass(pass_mu_);
  {
    std::lock_guard lock(mu_);
    if (!watched_.count(e.id) && watched_.size() >= options_.events_max) return nullptr;
  }
  auto channel = topics_.channel(topic(e.id));
  if (!channel) return nullptr;
  Watched w;
  w.version = e.version;
  auto latest = live_.latest_messages(e.id, 1);
  w.last_message_id = latest.empty() ? 0 : latest.back().id;
  // The new viewer is not subscribed yet: count them. Their first frame (SseOptions::replay_last),
  // sent to nobody else.
  const std::string frame =
      snapshot(e, static_cast<std::int64_t>(channel->subscribers()) + 1, w.counters);
  {
    std::lock_guard lock(mu_);
    auto [it, added] = watched_.emplace(e.id, w);
    // Watched already: what was published stays as it was, so that the next pass tells the
    // others of the new viewer.
    if (!added) it->second.idle_passes = 0;
  }
  channel->set_replay("snapshot", frame);
  return channel;
}

void LiveFeed::poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  wake_.notify_all();
}

void LiveFeed::poke(Id event_id) {
  {
    std::lock_guard lock(mu_);
    if (!watched_.count(event_id)) return;  // so dirty_ stays within events_max
    dirty_.insert(event_id);
  }
  wake_.notify_all();
}

void LiveFeed::hidden(Id event_id, Id message_id) {
  std::lock_guard pass(pass_mu_);
  topics_.publish(topic(event_id), "hidden",
                  json::serialize(json::object{{"id", id_to_string(message_id)}}));
}

void LiveFeed::publish_event(Id event_id, Watched& w) {
  auto channel = topics_.channel(topic(event_id));
  if (!channel) return;
  const auto viewers = static_cast<std::int64_t>(channel->subscribers());
  w.idle_passes = viewers == 0 ? w.idle_passes + 1 : 0;
  for (const live::Message& m :
       live_.messages_after(event_id, w.last_message_id, options_.messages_per_pass)) {
    channel->publish("message", json::serialize(live_message_json(m)));
    w.last_message_id = m.id;
  }
  auto e = live_.find(event_id);
  if (!e) return;
  live::Counters counters;
  std::string frame = snapshot(*e, viewers, counters);
  if (e->version == w.version && counters == w.counters) return;
  w.version = e->version;
  w.counters = counters;
  channel->publish("snapshot", frame);
}

void LiveFeed::pass() {
  pass_over(nullptr);
}

void LiveFeed::pass(const std::set<Id>& events) {
  pass_over(&events);
}

void LiveFeed::pass_over(const std::set<Id>* only) {
  std::lock_guard pass(pass_mu_);
  std::vector<std::pair<Id, Watched>> snapshot;  // copied under mu_, published without it
  {
    std::lock_guard lock(mu_);
    if (!only) poked_ = false;
    for (const auto& [id, w] : watched_)
      if (!only || only->count(id)) snapshot.emplace_back(id, w);
  }
  for (auto& [id, w] : snapshot) publish_event(id, w);
  std::lock_guard lock(mu_);
  for (const auto& [id, w] : snapshot) {
    if (w.idle_passes >= kIdlePassesMax) {
      watched_.erase(id);
    } else if (auto it = watched_.find(id); it != watched_.end()) {
      it->second = w;
    }
  }
}

void LiveFeed::loop() {
  // Every event at least every poll_ms, however many pokes for single events come between.
  auto next_full = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.poll_ms);
  for (;;) {
    std::set<Id> dirty;
    bool all = true;
    {
      std::unique_lock lock(mu_);
      wake_.wait_until(lock, next_full, [this] { return stopping_ || poked_ || !dirty_.empty(); });
      if (stopping_) return;
      all = poked_ || std::chrono::steady_clock::now() >= next_full;
      if (all)
        next_full = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.poll_ms);
      dirty.swap(dirty_);
    }
    try {
      if (all) {
        pass();
      } else {
        pass(dirty);
      }
    } catch (const std::exception& e) {  // the database is down: try again next pass
      spdlog::warn("live feed: {}", e.what());
    }
  }
}

}  // namespace sangsaeng::api
