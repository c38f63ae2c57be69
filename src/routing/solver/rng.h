// A small, fast, portable random generator (xoshiro256**, seeded by splitmix64), so a seed gives
// the same plan on every standard library, unlike std::uniform_*_distribution.
#pragma once

#include <cstdint>

namespace sangsaeng::routing::detail {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& s : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s = z ^ (z >> 31);
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, bound). REQUIRES: bound > 0.
  int below(int bound) {
    return static_cast<int>(
        (static_cast<unsigned __int128>(next()) * static_cast<std::uint64_t>(bound)) >> 64);
  }
  // Uniform integer in [low, high]. REQUIRES: low <= high.
  int between(int low, int high) { return low + below(high - low + 1); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace sangsaeng::routing::detail
