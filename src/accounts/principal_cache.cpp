#include "accounts/principal_cache.h"

#include <cassert>
#include <limits>

namespace sangsaeng::accounts {

std::optional<Principal> PrincipalCache::find(const std::string& key, UnixMicros now) const {
  if (ttl_us_ <= 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.valid_until <= now) return std::nullopt;
  return it->second.principal;
}

void PrincipalCache::put(const std::string& key, const Principal& principal, UnixMicros now,
                         UnixMicros expires_at) {
  if (ttl_us_ <= 0) return;
  const UnixMicros valid_until = std::min(now + ttl_us_, expires_at);
  if (valid_until <= now) return;
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kEntriesMax && !entries_.contains(key)) entries_.clear();
  entries_[key] = Entry{principal, valid_until};
  assert(entries_.size() <= kEntriesMax);
}

void PrincipalCache::forget(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

void PrincipalCache::forget_user(Id user_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const auto& kv) { return kv.second.principal.user.id == user_id; });
}

std::size_t PrincipalCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace sangsaeng::accounts
