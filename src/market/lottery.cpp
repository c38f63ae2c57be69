#include "market/lottery.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>
#include <unordered_map>

namespace sangsaeng::market {

namespace {

using Digest = std::array<unsigned char, crypto_hash_sha256_BYTES>;

Digest sha256(std::string_view bytes) {
  Digest out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return out;
}

Digest ticket_key(std::string_view seed, Id ticket) {
  std::string message(seed);
  message += std::to_string(ticket);
  return sha256(message);
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

std::string from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return {};
  std::string out(hex.size() / 2, '\0');
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &written, &end) != 0 ||
      written != out.size() || end != hex.data() + hex.size())
    return {};
  return out;
}

std::string new_seed() {
  // Idempotent and thread-safe; the generator must be initialised before use.
  if (sodium_init() < 0) std::abort();
  std::string seed(kSeedBytes, '\0');
  randombytes_buf(seed.data(), seed.size());
  return seed;
}

std::string seed_commitment_hex(std::string_view seed) {
  const Digest d = sha256(seed);
  return to_hex({reinterpret_cast<const char*>(d.data()), d.size()});
}

std::string ticket_key_hex(std::string_view seed, Id ticket) {
  const Digest d = ticket_key(seed, ticket);
  return to_hex({reinterpret_cast<const char*>(d.data()), d.size()});
}

std::vector<std::size_t> lottery_order(std::string_view seed,
                                       const std::vector<LotteryEntry>& entries) {
  // Tickets in the order they sort, then each ticket's entries in arrival order.
  std::unordered_map<Id, std::vector<std::size_t>> by_ticket;
  std::vector<std::pair<Digest, Id>> tickets;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto& list = by_ticket[entries[i].ticket];
    if (list.empty()) tickets.emplace_back(ticket_key(seed, entries[i].ticket), entries[i].ticket);
    list.push_back(i);
  }
  std::sort(tickets.begin(), tickets.end());
  std::vector<std::size_t> order;
  order.reserve(entries.size());
  for (const auto& [key, ticket] : tickets)
    for (std::size_t i : by_ticket[ticket]) order.push_back(i);
  assert(order.size() == entries.size());
  return order;
}

}  // namespace sangsaeng::market
