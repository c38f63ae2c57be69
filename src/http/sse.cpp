#include "http/sse.h"

#include <algorithm>
#include <cassert>

namespace sangsaeng::http {

std::string sse_frame(std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(event.size() + data.size() + 24);
  if (!event.empty()) {
    out += "event: ";
    // A newline in the name would end the field early; drop it.
    for (char c : event) {
      if (c != '\n' && c != '\r') out += c;
    }
    out += '\n';
  }
  std::size_t start = 0;
  for (;;) {
    std::size_t nl = data.find('\n', start);
    std::string_view line = data.substr(start, nl == std::string_view::npos ? nl : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += "data: ";
    out += line;
    out += '\n';
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  out += '\n';
  return out;
}

bool SseChannel::Subscriber::take(std::vector<std::string>& out) {
  std::lock_guard lock(mutex_);
  while (!queue_.empty()) {
    out.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  queued_bytes_ = 0;
  return open_;
}

bool SseChannel::Subscriber::is_open() {
  std::lock_guard lock(mutex_);
  return open_;
}

SseChannel::SseChannel(SseOptions options) : options_(options) {}

SseChannel::~SseChannel() {
  close();
}

void SseChannel::deliver(Subscriber& s, const std::string& frame) {
  {
    std::lock_guard lock(s.mutex_);
    if (!s.open_) return;
    if (s.queued_bytes_ + frame.size() > options_.queued_bytes_max) {
      // Too slow: drop it. What it had queued is discarded too, the stream ends.
      s.open_ = false;
      s.queue_.clear();
      s.queued_bytes_ = 0;
    } else {
      s.queue_.push_back(frame);
      s.queued_bytes_ += frame.size();
    }
  }
  if (s.wake_) s.wake_();
}

void SseChannel::publish(std::string_view event, std::string_view data) {
  std::string frame = sse_frame(event, data);
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    if (options_.replay_last) last_frame_ = frame;
    targets = subscribers_;
  }
  std::vector<std::shared_ptr<Subscriber>> dropped;
  for (const auto& s : targets) {
    deliver(*s, frame);
    std::lock_guard lock(s->mutex_);
    if (!s->open_) dropped.push_back(s);
  }
  for (const auto& s : dropped) unsubscribe(s);
}

void SseChannel::set_replay(std::string_view event, std::string_view data) {
  std::string frame = sse_frame(event, data);
  std::lock_guard lock(mutex_);
  if (options_.replay_last) last_frame_ = std::move(frame);
}

void SseChannel::close() {
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    targets.swap(subscribers_);
  }
  for (const auto& s : targets) {
    {
      std::lock_guard lock(s->mutex_);
      s->open_ = false;
    }
    if (s->wake_) s->wake_();
  }
}

std::size_t SseChannel::subscribers() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

std::shared_ptr<SseChannel::Subscriber> SseChannel::subscribe(std::function<void()> wake) {
  auto s = std::make_shared<Subscriber>();
  s->wake_ = std::move(wake);
  std::lock_guard lock(mutex_);
  if (closed_ || subscribers_.size() >= options_.subscribers_max) return nullptr;
  if (options_.replay_last && !last_frame_.empty()) {
    s->queue_.push_back(last_frame_);
    s->queued_bytes_ = last_frame_.size();
  }
  subscribers_.push_back(s);
  return s;
}

void SseChannel::unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
  assert(subscriber != nullptr);
  {
    std::lock_guard lock(subscriber->mutex_);
    subscriber->open_ = false;
  }
  std::lock_guard lock(mutex_);
  auto it = std::find(subscribers_.begin(), subscribers_.end(), subscriber);
  if (it != subscribers_.end()) subscribers_.erase(it);
}

}  // namespace sangsaeng::http
