// A short-lived, bounded cache of signed-in principals, keyed by the hash of a session secret
// or API token. Every authenticated request needs its principal; reading it from the store
// costs three queries, and at a drop's opening thousands of requests carry the same few
// thousand sessions. An entry lives at most `ttl_us` (and never past its session's expiry).
//
// Consistency: on this node, logout, password change and token revocation forget the entries
// they affect at once (AccountService calls forget_*). Another node may keep serving a revoked
// session or token for up to ttl_us; that bound is the price of not reading the store on every
// request (docs/decisions.md, "Principal cache"). ttl_us = 0 turns the cache off.
// Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "accounts/types.h"

namespace sangsaeng::accounts {

class PrincipalCache {
 public:
  // At most this many entries; when full, the whole cache is dropped (rare, and simple: the
  // next requests read the store again). Bounded so that a flood of sessions cannot grow it.
  static constexpr std::size_t kEntriesMax = 100'000;

  explicit PrincipalCache(std::int64_t ttl_us) : ttl_us_(ttl_us) {}

  std::optional<Principal> find(const std::string& key, UnixMicros now) const;
  // Stores the principal until min(now + ttl, expires_at).
  void put(const std::string& key, const Principal& principal, UnixMicros now,
           UnixMicros expires_at);
  void forget(const std::string& key);
  void forget_user(Id user_id);
  std::size_t size() const;

 private:
  struct Entry {
    Principal principal;
    UnixMicros valid_until = 0;
  };
  const std::int64_t ttl_us_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace sangsaeng::accounts
