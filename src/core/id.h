// Application-generated 64-bit ids, time-ordered so that rows insert in key order and ids
// sort by creation time. Layout (high to low): 1 zero bit, 41 bits of milliseconds since
// 2024-01-01T00:00:00Z (good until 2093), 10 bits of node id, 12 bits of sequence.
// Nodes are told their node id by config, so ids never collide across nodes.
// On the wire ids are decimal strings (JavaScript numbers lose precision above 2^53).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace sangsaeng {

using Id = std::int64_t;

class IdGenerator {
 public:
  static constexpr int kNodeBits = 10;
  static constexpr int kSequenceBits = 12;
  static constexpr std::int64_t kEpochMs = 1704067200000;  // 2024-01-01T00:00:00Z

  // REQUIRES: 0 <= node_id < 1024.
  explicit IdGenerator(int node_id = 0);
  // Thread-safe. Strictly increasing within this generator, even if the clock steps back
  // (the generator then borrows from the future until the clock catches up).
  Id next();
  // The creation time encoded in an id, in milliseconds since the Unix epoch.
  static std::int64_t unix_ms_of(Id id) { return (id >> (kNodeBits + kSequenceBits)) + kEpochMs; }

 private:
  std::mutex mu_;
  std::int64_t node_id_;
  std::int64_t last_ms_ = 0;   // guarded by mu_
  std::int64_t sequence_ = 0;  // guarded by mu_
};

// The process-wide generator (node id from config at start-up).
IdGenerator& ids();
void set_node_id(int node_id);

std::string id_to_string(Id id);
// Accepts only a positive decimal without sign, spaces or leading zeros.
std::optional<Id> parse_id(std::string_view text);

}  // namespace sangsaeng
