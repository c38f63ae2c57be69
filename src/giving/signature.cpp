#include "giving/signature.h"

#include <sodium.h>

#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace sangsaeng::giving {

namespace {

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

std::string random_hex(std::size_t bytes) {
  init_sodium();
  unsigned char buf[32];
  if (bytes > sizeof buf) throw std::logic_error("random_hex: too many bytes");
  randombytes_buf(buf, bytes);
  return to_hex(buf, bytes);
}

}  // namespace

std::string_view to_string(Refusal refusal) {
  switch (refusal) {
    case Refusal::unknown_partner:
      return "unknown-partner";
    case Refusal::bad_signature:
      return "bad-signature";
    case Refusal::stale_timestamp:
      return "stale-timestamp";
    case Refusal::replayed:
      return "replayed-request";
  }
  return "?";
}

std::string sign(std::string_view secret, const SignedRequest& r) {
  init_sodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  auto add = [&](std::string_view part) {
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                                  part.size());
  };
  add(r.method);
  add("\n");
  add(r.path);
  add("\n");
  add(r.timestamp);
  add("\n");
  add(r.body);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return to_hex(mac, sizeof mac);
}

std::optional<Refusal> check_signature(std::string_view secret, const SignedRequest& r,
                                       std::string_view signature, UnixMicros now_us,
                                       std::int64_t window_s) {
  std::int64_t seconds = 0;
  const char* end = r.timestamp.data() + r.timestamp.size();
  const auto parsed = std::from_chars(r.timestamp.data(), end, seconds);
  if (r.timestamp.empty() || parsed.ec != std::errc() || parsed.ptr != end || seconds < 0 ||
      seconds > 100'000'000'000LL)
    return Refusal::stale_timestamp;
  const std::int64_t now_s = now_us / kMicrosPerSecond;
  if (std::llabs(now_s - seconds) > window_s) return Refusal::stale_timestamp;
  const std::string expected = sign(secret, r);
  // Lowercase hex of a 32-byte MAC; anything else cannot match.
  if (signature.size() != expected.size() ||
      sodium_memcmp(signature.data(), expected.data(), expected.size()) != 0)
    return Refusal::bad_signature;
  return std::nullopt;
}

std::string new_key_id() {
  return "gk_" + random_hex(12);
}

std::string new_secret() {
  return random_hex(32);
}

}  // namespace sangsaeng::giving
