#include "api/keys_in_flight.h"

#include <cassert>

namespace sangsaeng::api {

KeysInFlight::KeysInFlight(std::size_t waiters_per_key_max)
    : waiters_per_key_max_(waiters_per_key_max) {
  assert(waiters_per_key_max >= 1);
}

KeysInFlight::Join KeysInFlight::join(const std::string& id, const std::string& hash,
                                      http::Done& done) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = keys_.try_emplace(id);
  if (inserted) return Join::first;
  if (it->second.size() >= waiters_per_key_max_) return Join::full;
  it->second.push_back({hash, std::move(done)});
  return Join::waiting;
}

void KeysInFlight::resolve(const std::string& id, const Outcome& outcome) {
  std::vector<Waiter> waiters;
  {
    std::lock_guard lock(mu_);
    auto it = keys_.find(id);
    assert(it != keys_.end());
    if (it == keys_.end()) return;
    waiters = std::move(it->second);
    keys_.erase(it);
  }
  for (Waiter& w : waiters) w.done(answer_for(outcome, w.hash));
}

http::Response KeysInFlight::answer_for(const Outcome& outcome, const std::string& hash) {
  if (!outcome.hash.empty() && outcome.hash != hash)
    return http::problem(422, "idempotency-key-reused", "Idempotency-Key reused",
                         "This key was used for a different request.");
  if (outcome.answer) {
    http::Response replay = http::Response::json(outcome.answer->first, outcome.answer->second);
    replay.header("Idempotent-Replayed", "true");
    return replay;
  }
  http::Response busy =
      http::problem(409, "idempotency-key-in-use", "Idempotency-Key in use",
                    "A request with this key is still running; retry it shortly for its answer.");
  busy.header("Retry-After", "1");
  return busy;
}

}  // namespace sangsaeng::api
