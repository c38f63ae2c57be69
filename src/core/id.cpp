#include "core/id.h"

#include <cassert>
#include <charconv>
#include <chrono>
#include <memory>

namespace sangsaeng {

namespace {
std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

IdGenerator::IdGenerator(int node_id) : node_id_(node_id) {
  assert(node_id >= 0 && node_id < (1 << kNodeBits));
}

Id IdGenerator::next() {
  std::lock_guard lock(mu_);
  std::int64_t ms = wall_ms() - kEpochMs;
  if (ms <= last_ms_) {
    ms = last_ms_;
    sequence_ = (sequence_ + 1) & ((1 << kSequenceBits) - 1);
    if (sequence_ == 0) ms = last_ms_ + 1;  // sequence exhausted: borrow the next millisecond
  } else {
    sequence_ = 0;
  }
  last_ms_ = ms;
  const Id id = (ms << (kNodeBits + kSequenceBits)) | (node_id_ << kSequenceBits) | sequence_;
  assert(id > 0);
  return id;
}

namespace {
std::unique_ptr<IdGenerator>& global() {
  static std::unique_ptr<IdGenerator> g = std::make_unique<IdGenerator>(0);
  return g;
}
}  // namespace

IdGenerator& ids() {
  return *global();
}
void set_node_id(int node_id) {
  global() = std::make_unique<IdGenerator>(node_id);
}

std::string id_to_string(Id id) {
  return std::to_string(id);
}

std::optional<Id> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 19 || text[0] == '0') return std::nullopt;
  Id id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace sangsaeng
