#include "api/topics.h"

namespace sangsaeng::api {

Topics::~Topics() {
  std::lock_guard lock(mu_);
  for (auto& [name, channel] : channels_) channel->close();
}

std::shared_ptr<http::SseChannel> Topics::channel(const std::string& topic) {
  std::lock_guard lock(mu_);
  if (auto it = channels_.find(topic); it != channels_.end()) return it->second;
  if (channels_.size() >= topics_max_) return nullptr;
  return channels_.emplace(topic, http::SseChannel::create(options_)).first->second;
}

void Topics::publish(const std::string& topic, std::string_view event, std::string_view data) {
  std::shared_ptr<http::SseChannel> channel;
  {
    std::lock_guard lock(mu_);
    auto it = channels_.find(topic);
    if (it == channels_.end()) return;
    channel = it->second;
  }
  channel->publish(event, data);
}

}  // namespace sangsaeng::api
