// A commit-reveal seeded draw that anyone can run again (the market's fair start, issue 15; the
// neighbourhood's prize events, issue 20). Pure: no database, no clock, no I/O.
//
// Before the draw the organiser publishes the commitment: lower-case hex of SHA-256(seed). The
// seed stays secret until the draw. After it the organiser publishes the seed (hex) and the
// entries in the order they were recorded, each naming its ticket. Anyone then recomputes the
// ordering, by this program or by hand with sha256sum:
//   1. each distinct ticket t gets the key SHA-256(seed || t), t as its bytes (the market names a
//      ticket by a decimal id, e.g. "7301"), with nothing between seed and t;
//   2. tickets sort by key, bytes ascending (the same as the lower-case hex keys ascending);
//      equal keys, which only a SHA-256 collision could give, by ticket bytes;
//   3. the ordering lists every ticket's entries at the ticket's place, in their recorded order.
// So whoever holds several entries under one ticket has one chance, not several; the seed, fixed
// before the entries were known, decides everything else. What the commitment cannot prove: that
// the organiser, who knows the seed, added no entries of their own (the published list shows
// every entry, so anyone can count them).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sangsaeng::draw {

constexpr std::size_t kSeedBytes = 32;

// A fresh seed of kSeedBytes random bytes (libsodium's generator). Aborts only when libsodium
// cannot initialise (no entropy source: nothing sound can run).
std::string new_seed();

// Lower-case hex of SHA-256(seed): what is published before the draw.
std::string commitment_hex(std::string_view seed);

// Lower-case hex of a ticket's key, SHA-256(seed || ticket) (step 1 above).
std::string ticket_key_hex(std::string_view seed, std::string_view ticket);

// The draw: indexes into `tickets` (one per entry, in recorded order) in the drawn order. A
// permutation of 0..tickets.size()-1; the same seed and tickets give the same ordering.
std::vector<std::size_t> ordering(std::string_view seed, const std::vector<std::string>& tickets);

// Lower-case hex of bytes, and back; nullopt when `hex` is not an even number of hex digits.
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace sangsaeng::draw
