// The fair-start lottery, checkable by anyone (issue 15, "fair start").
//
// Before a drop opens, its page publishes the commitment SHA-256(seed). Requests that arrive in
// the first seconds after opening are entries; after the draw the page publishes the seed and
// the entries in arrival order, each with its ticket. Anyone can then recompute the order:
//   - each buyer holds one ticket, named by the id of their first entry (a buyer who sends
//     more requests gets no more chances);
//   - tickets sort by SHA-256(seed || decimal ticket id) as bytes, ties by ticket id;
//   - a buyer's entries keep their arrival order, one after another at the ticket's place.
// `sangsaeng market redraw FILE` runs the same function on a published draw.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"

namespace sangsaeng::market {

constexpr std::size_t kSeedBytes = 32;

struct LotteryEntry {
  Id ticket = 0;  // the id of the buyer's first entry
  Id entry = 0;   // the entry's own id (its order's id)
};

// A fresh seed of kSeedBytes random bytes (libsodium's generator).
std::string new_seed();
// Lower-case hex of SHA-256(seed): what is published before opening.
std::string seed_commitment_hex(std::string_view seed);
// The lottery key of a ticket, lower-case hex of SHA-256(seed || decimal ticket id).
std::string ticket_key_hex(std::string_view seed, Id ticket);
// The draw: indexes into `entries` (given in arrival order) in lottery order.
std::vector<std::size_t> lottery_order(std::string_view seed,
                                       const std::vector<LotteryEntry>& entries);

std::string to_hex(std::string_view bytes);
// nullopt-like: an empty string when `hex` is not an even number of hex digits.
std::string from_hex(std::string_view hex);

}  // namespace sangsaeng::market
