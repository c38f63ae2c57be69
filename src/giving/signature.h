// Partner request signatures (pure; no clock, no database). A partner signs each request with
// its secret: HMAC-SHA256 over
//   METHOD "\n" PATH "\n" TIMESTAMP "\n" BODY
// (PATH with its query string, TIMESTAMP in Unix seconds as sent), hex-encoded, and sends
//   X-Giving-Key: <key id>   X-Giving-Timestamp: <seconds>   X-Giving-Signature: <hex>
// A request is fresh when its timestamp is within the window either side of the server's
// clock; the same signature seen twice within the window is a replay (the service keeps them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "giving/types.h"

namespace sangsaeng::giving {

constexpr std::int64_t kFreshnessWindowSeconds = 300;

struct SignedRequest {
  std::string_view method, path, timestamp, body;
};

// The lowercase hex HMAC-SHA256 of `request` under `secret`.
std::string sign(std::string_view secret, const SignedRequest& request);

// nullopt when `signature` is `request`'s under `secret` (compared in constant time) and its
// timestamp is fresh at `now_us`; otherwise why not: stale_timestamp (not a whole number of
// seconds, or outside the window) before bad_signature.
std::optional<Refusal> check_signature(std::string_view secret, const SignedRequest& request,
                                       std::string_view signature, UnixMicros now_us,
                                       std::int64_t window_s = kFreshnessWindowSeconds);

// A new partner's key id ("gk_" and 24 hex digits) and secret (64 hex digits), from libsodium's
// random source.
std::string new_key_id();
std::string new_secret();

}  // namespace sangsaeng::giving
