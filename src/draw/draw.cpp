#include "draw/draw.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>
#include <unordered_map>

namespace sangsaeng::draw {

namespace {

using Digest = std::array<unsigned char, crypto_hash_sha256_BYTES>;

Digest sha256(std::string_view bytes) {
  Digest out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return out;
}

Digest ticket_key(std::string_view seed, std::string_view ticket) {
  std::string message(seed);
  message += ticket;
  return sha256(message);
}

std::string digest_hex(const Digest& d) {
  return to_hex({reinterpret_cast<const char*>(d.data()), d.size()});
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &written, &end) != 0 ||
      written != out.size() || end != hex.data() + hex.size())
    return std::nullopt;
  return out;
}

std::string new_seed() {
  // Idempotent and thread-safe; the generator must be initialised before use.
  if (sodium_init() < 0) std::abort();
  std::string seed(kSeedBytes, '\0');
  randombytes_buf(seed.data(), seed.size());
  return seed;
}

std::string commitment_hex(std::string_view seed) {
  return digest_hex(sha256(seed));
}

std::string ticket_key_hex(std::string_view seed, std::string_view ticket) {
  return digest_hex(ticket_key(seed, ticket));
}

std::vector<std::size_t> ordering(std::string_view seed, const std::vector<std::string>& tickets) {
  // Each distinct ticket once with its key, then every ticket's entries in recorded order.
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_ticket;
  std::vector<std::pair<Digest, std::string_view>> keyed;
  for (std::size_t i = 0; i < tickets.size(); ++i) {
    auto& entries = by_ticket[tickets[i]];
    if (entries.empty()) keyed.emplace_back(ticket_key(seed, tickets[i]), tickets[i]);
    entries.push_back(i);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::size_t> out;
  out.reserve(tickets.size());
  for (const auto& [key, ticket] : keyed)
    for (std::size_t i : by_ticket[ticket]) out.push_back(i);
  assert(out.size() == tickets.size());
  return out;
}

}  // namespace sangsaeng::draw
