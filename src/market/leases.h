// Stock leases: several nodes sell one drop from one database without overselling (issue 15,
// DESIGN.md section 8, migration 0240).
//
// A drop's quantity is split between the pool (market_stock.unleased), the nodes' leases
// (market_leases.units: leased, not sold yet) and the orders that hold or sold units. Each
// statement below moves units between them inside the caller's transaction, so at every commit
//   held + sold + SUM(lease units) + unleased == quantity
// and the database, not a node's memory, has the last word: an order whose node's lease lacks
// the units, or whose buyer would pass the per-buyer limit across nodes, is refused in its own
// commit (claim_order). A node's Admission engine is a cache of its lease and answers the rush
// from memory; when memory and database disagree the database wins and the node resyncs.
//
// Units of a cancelled or expired hold go back to the pool (any node may expire any hold, also
// a dead node's). A node proves it is alive by renewing heartbeat_at on its leases; a lease not
// renewed within the timeout is moved back to the pool by another node (reclaim_stale).
// SQLite and PostgreSQL alike; infrastructure failures throw (soci::soci_error).
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "market/types.h"

namespace sangsaeng::market {

struct LeaseOptions {
  std::string node;  // names this node's lease rows; empty: one node sells everything (SQLite)
  std::int64_t chunk_units = 100;  // units taken from the pool at a time
  // A lease whose heartbeat is older than this is reclaimed by another node. The node renews
  // its heartbeat every timeout / 4.
  UnixMicros timeout_us = 30 * kMicrosPerSecond;
  bool return_at_shutdown = true;  // false only in tests (a node that dies)
};

// Makes the drop's pool row on first use: its quantity less what its orders already hold or
// sold (and the buyers' counts from those orders). Does nothing when the row exists.
void ensure_stock(soci::session& s, const Drop& drop);

// This node's leased, unsold units of the drop (0 when it has no lease).
std::int64_t leased_units(soci::session& s, Id drop_id, const std::string& node);

// Takes up to `units` from the pool into the node's lease; returns the units taken (0 when the
// pool is empty).
std::int64_t take_lease(soci::session& s, Id drop_id, const std::string& node, std::int64_t units,
                        UnixMicros now_us);

// Moves `units` of the node's lease back to the pool; false (nothing moved) when the lease
// holds fewer (it was reclaimed).
bool return_lease(soci::session& s, Id drop_id, const std::string& node, std::int64_t units);

// An order's claim, in the order's own transaction.
struct Claim {
  enum class Outcome {
    taken,               // insert the order
    replayed,            // the buyer's key already made an order (on any node): `existing`
    over_limit,          // the buyer's orders on all nodes would pass the limit
    over_address_limit,  // the client address's orders on all nodes would pass its limit
    no_lease,            // this node's lease lacks the units (it was reclaimed): resync, retry
  };
  Outcome outcome = Outcome::taken;
  std::optional<Order> existing;
};
// Inserts the order when taken. `per_address_limit` (0: none) counts the units of
// order.client_address (when not empty) in market_address_units. On PostgreSQL the common
// outcomes take one statement (one round trip: the rush's commits are bound by round trips
// there, not by the disk).
Claim claim_order(soci::session& s, const Order& order, int per_buyer_limit, int per_address_limit,
                  const std::string& node);

// A held order was cancelled or expired (its move committed in this transaction): its units go
// back to the pool and off the buyer's and the address's counts.
void release_order(soci::session& s, const Order& order);

// Renews the heartbeat of every lease of the node.
void renew_leases(soci::session& s, const std::string& node, UnixMicros now_us);

// Moves the units of the drop's leases not renewed since `stale_before_us` back to the pool,
// except `node`'s own; returns the units moved.
std::int64_t reclaim_stale(soci::session& s, Id drop_id, const std::string& node,
                           UnixMicros stale_before_us);

// The drop across nodes, for its page: units in held orders and units in no order.
struct StockTally {
  std::int64_t held = 0;
  std::int64_t free = 0;  // the pool and the leases
  std::int64_t unleased = 0;
};
StockTally stock_tally(soci::session& s, Id drop_id);

// Client addresses from which `accounts_min` accounts or more hold or bought units of the drop,
// on every node (the shared-address rule of market/flags.h, which each node's memory sees only
// for its own orders), with their account counts; at most `limit`.
std::vector<std::pair<std::string, std::int64_t>> shared_addresses(soci::session& s, Id drop_id,
                                                                   int accounts_min, int limit);

// Held orders of the drop whose pay_by passed, at most `limit`, oldest deadline first.
std::vector<Id> overdue_held(soci::session& s, Id drop_id, UnixMicros now_us, int limit);

// The fair-start draw is published once: true when this call published it, false when another
// node did first.
bool claim_draw(soci::session& s, Id drop_id, UnixMicros drawn_at_us,
                const std::string& entries_json);

}  // namespace sangsaeng::market
