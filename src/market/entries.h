// Fair-start entries in the database (migration 0250): every node writes the requests of a
// drop's fair-start window here, and whichever node draws first reads them all, under the
// drop's draw lock, and publishes one draw (docs/decisions.md "Fair start").
//
// The draw lock: an entry's write takes it shared, the draw takes it exclusive, and each looks
// for the published draw after taking it. So an entry either committed before the draw read
// the entries (and is in the draw) or finds the draw published (and is not written). On
// PostgreSQL it is a transaction-scoped advisory lock; SQLite has one writer at a time already.
// Statements run inside the caller's transaction; infrastructure failures throw.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "market/types.h"

namespace sangsaeng::market {

struct DrawEntry {
  Id drop_id = 0;
  Id id = 0;  // the order's id if it wins
  Id buyer_id = 0;
  std::string idem_key = {};
  int units = 0;
  std::string address = {};  // the client's address ("" when unknown)
  std::string node = {};     // the node that took the request ("" with one node)
  UnixMicros arrived_at_us = 0;
  std::optional<std::string> outcome = {};  // after the draw: "admitted" or the refusal
  std::int64_t remaining = 0;               // after the draw: units left when it was decided
};

// Takes the drop's draw lock until the end of the transaction.
void lock_draw(soci::session& s, Id drop_id, bool exclusive);

enum class EntryWritten {
  recorded,  // a new entry
  exists,    // the buyer's key made an entry before (on any node): its units in `units`
  drawn,     // the draw is published already: nothing written
};
struct EntryWrite {
  EntryWritten outcome = EntryWritten::recorded;
  int units = 0;
};
// Takes the draw lock (shared) and writes the entry unless the draw ran or the key has one.
EntryWrite record_entry(soci::session& s, const DrawEntry& entry);

// The drop's entries in arrival order (arrived_at, then id), at most `rows_max` (the caller
// asserts it was not reached).
std::vector<DrawEntry> draw_entries(soci::session& s, Id drop_id, int rows_max);

// The draw decided the entry.
void set_entry_outcome(soci::session& s, Id drop_id, Id entry_id, const std::string& outcome,
                       std::int64_t remaining);

}  // namespace sangsaeng::market
