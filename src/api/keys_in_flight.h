// Requests on this node whose Idempotency-Key is held by another request on this node wait
// here for that one's answer instead of asking the database again (api/api.h). Waiting
// holds no thread: a waiter's `done` is called when the holder ends.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/http.h"

namespace sangsaeng::api {

class KeysInFlight {
 public:
  // How the holder of a key ended, for those that waited on it.
  struct Outcome {
    std::string hash;  // the holder's request ("" when it ended without one: a failure)
    std::optional<std::pair<int, std::string>> answer;  // status and body, once stored
  };
  enum class Join {
    first,    // the caller holds the key on this node: resolve() it later, exactly once
    waiting,  // `done` was taken; resolve() answers it
    full,     // too many wait on this key already: answer 409 at once
  };

  explicit KeysInFlight(std::size_t waiters_per_key_max = 256);
  KeysInFlight(const KeysInFlight&) = delete;
  KeysInFlight& operator=(const KeysInFlight&) = delete;

  // `id` names principal and key; `hash` the request.
  Join join(const std::string& id, const std::string& hash, http::Done& done);
  // Answers every request waiting on `id` (answer_for) and forgets the key.
  void resolve(const std::string& id, const Outcome& outcome);

  // The answer for a request `hash` under a key whose holder ended with `outcome`: the
  // holder's stored answer replayed (Idempotent-Replayed: true), 422 idempotency-key-reused
  // for another request, else 409 idempotency-key-in-use with Retry-After (a retry runs).
  static http::Response answer_for(const Outcome& outcome, const std::string& hash);

 private:
  struct Waiter {
    std::string hash;
    http::Done done;
  };
  const std::size_t waiters_per_key_max_;
  std::mutex mu_;
  std::unordered_map<std::string, std::vector<Waiter>> keys_;  // guarded by mu_
};

// A key held on this node: resolves it once, with an empty outcome (waiters get 409) if no
// one did, so no waiter is ever left without an answer.
class KeyClaim {
 public:
  KeyClaim(KeysInFlight& keys, std::string id) : keys_(keys), id_(std::move(id)) {}
  ~KeyClaim() { resolve({}); }
  KeyClaim(const KeyClaim&) = delete;
  KeyClaim& operator=(const KeyClaim&) = delete;

  void resolve(const KeysInFlight::Outcome& outcome) {
    {
      std::lock_guard lock(mu_);
      if (resolved_) return;
      resolved_ = true;
    }
    keys_.resolve(id_, outcome);
  }

 private:
  KeysInFlight& keys_;
  const std::string id_;
  std::mutex mu_;
  bool resolved_ = false;  // guarded by mu_
};

}  // namespace sangsaeng::api
