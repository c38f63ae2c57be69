#include "market/leases.h"

#include <algorithm>
#include <cassert>

#include "ledger/rows.h"
#include "market/store.h"

namespace sangsaeng::market {

namespace {

using ledger::is_pg;

// Statuses whose units are taken (types.h: counts_as_held, counts_as_sold).
constexpr const char* kTakenStatuses = "('held', 'paid', 'packed', 'shipped', 'delivered')";

long long affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace

void ensure_stock(soci::session& s, const Drop& drop) {
  long long d = drop.id, present = 0, taken = 0;
  s << "SELECT COUNT(*) FROM market_stock WHERE drop_id = :d", soci::use(d), soci::into(present);
  if (present > 0) return;
  s << std::string(
           "SELECT COALESCE(SUM(units), 0) FROM market_orders WHERE drop_id = :d AND "
           "status IN ") +
           kTakenStatuses,
      soci::use(d), soci::into(taken);
  long long unleased = drop.quantity - taken;
  assert(unleased >= 0);
  soci::statement st = (s.prepare << "INSERT INTO market_stock (drop_id, unleased) VALUES (:d, :u) "
                                     "ON CONFLICT (drop_id) DO NOTHING",
                        soci::use(d), soci::use(unleased));
  if (affected(st) == 0) return;  // another node made it first
  s << std::string(
           "INSERT INTO market_buyer_units (drop_id, buyer_id, units) "
           "SELECT drop_id, buyer_id, SUM(units) FROM market_orders "
           "WHERE drop_id = :d AND status IN ") +
           kTakenStatuses +
           " GROUP BY drop_id, buyer_id ON CONFLICT (drop_id, buyer_id) DO NOTHING",
      soci::use(d);
  s << std::string(
           "INSERT INTO market_address_units (drop_id, address, units) "
           "SELECT drop_id, client_address, SUM(units) FROM market_orders "
           "WHERE drop_id = :d AND client_address <> '' AND status IN ") +
           kTakenStatuses +
           " GROUP BY drop_id, client_address ON CONFLICT (drop_id, address) DO NOTHING",
      soci::use(d);
}

std::int64_t leased_units(soci::session& s, Id drop_id, const std::string& node) {
  long long d = drop_id, units = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT units FROM market_leases WHERE drop_id = :d AND node = :n", soci::use(d),
      soci::use(node), soci::into(units, ind);
  return ind == soci::i_ok ? units : 0;
}

std::int64_t take_lease(soci::session& s, Id drop_id, const std::string& node, std::int64_t units,
                        UnixMicros now_us) {
  assert(units >= 1);
  constexpr int kTriesMax = 4;
  long long d = drop_id, now = now_us, k = 0;
  for (int tries = 0; tries < kTriesMax && k == 0; ++tries) {
    long long unleased = 0;
    s << "SELECT unleased FROM market_stock WHERE drop_id = :d", soci::use(d), soci::into(unleased);
    if (unleased == 0) return 0;
    long long want = std::min<long long>(units, unleased), want2 = want;
    // Compare-and-set: another node may take from the pool at the same time.
    soci::statement st =
        (s.prepare << "UPDATE market_stock SET unleased = unleased - :k WHERE drop_id = :d AND "
                      "unleased >= :k2",
         soci::use(want), soci::use(d), soci::use(want2));
    if (affected(st) == 1) k = want;
  }
  if (k == 0) return 0;  // lost every race: the next tick tries again
  s << "INSERT INTO market_leases (drop_id, node, units, heartbeat_at) VALUES (:d, :n, :k, :t) "
       "ON CONFLICT (drop_id, node) DO UPDATE SET units = market_leases.units + excluded.units, "
       "heartbeat_at = excluded.heartbeat_at",
      soci::use(d), soci::use(node), soci::use(k), soci::use(now);
  return k;
}

bool return_lease(soci::session& s, Id drop_id, const std::string& node, std::int64_t units) {
  assert(units >= 0);
  if (units == 0) return true;
  long long d = drop_id, u = units, u2 = units;
  soci::statement st =
      (s.prepare << "UPDATE market_leases SET units = units - :u WHERE drop_id = :d AND node = "
                    ":n AND units >= :u2",
       soci::use(u), soci::use(d), soci::use(node), soci::use(u2));
  if (affected(st) == 0) return false;
  s << "UPDATE market_stock SET unleased = unleased + :u WHERE drop_id = :d", soci::use(u),
      soci::use(d);
  return true;
}

namespace {

// PostgreSQL: the replay check, the buyer's count, the address's count, the lease and the order
// in one statement. Each step runs only if the one before it succeeded (data-modifying CTEs all
// run once, in one snapshot; each condition reads the previous step's RETURNING). The address
// step applies only while a limit is set and the address is known (p.counts_address). Answers
// the first order's id under the key (or NULL), whether the buyer's count was raised, whether
// the address's was, whether the lease gave the units (then the order was inserted).
constexpr const char* kClaimPg =
    "WITH p AS (SELECT CAST(:d AS BIGINT) AS d, CAST(:b AS BIGINT) AS b, CAST(:k AS TEXT) AS k, "
    "CAST(:n AS BIGINT) AS n, CAST(:lim AS BIGINT) AS lim, CAST(:node AS TEXT) AS node, "
    "CAST(:ip AS TEXT) AS ip, CAST(:alim AS BIGINT) AS alim, "
    "(CAST(:alim2 AS BIGINT) > 0 AND CAST(:ip2 AS TEXT) <> '') AS counts_address), "
    "existing AS (SELECT o.id FROM market_orders o, p WHERE o.drop_id = p.d AND o.buyer_id = p.b "
    "AND o.idem_key = p.k), "
    "buyer AS (INSERT INTO market_buyer_units AS u (drop_id, buyer_id, units) SELECT p.d, p.b, "
    "p.n FROM p WHERE NOT EXISTS (SELECT 1 FROM existing) AND p.n <= p.lim ON CONFLICT (drop_id, "
    "buyer_id) DO UPDATE SET units = u.units + excluded.units WHERE u.units + excluded.units <= "
    "(SELECT lim FROM p) RETURNING 1), "
    "addr AS (INSERT INTO market_address_units AS a (drop_id, address, units) SELECT p.d, p.ip, "
    "p.n FROM p WHERE p.counts_address AND p.n <= p.alim AND EXISTS (SELECT 1 FROM buyer) "
    "ON CONFLICT (drop_id, address) DO UPDATE SET units = a.units + excluded.units WHERE "
    "a.units + excluded.units <= (SELECT alim FROM p) RETURNING 1), "
    "lease AS (UPDATE market_leases l SET units = l.units - p.n FROM p WHERE l.drop_id = p.d AND "
    "l.node = p.node AND l.units >= p.n AND EXISTS (SELECT 1 FROM buyer) AND "
    "(NOT p.counts_address OR EXISTS (SELECT 1 FROM addr)) RETURNING 1), "
    "placed AS (INSERT INTO market_orders (id, drop_id, buyer_id, units, amount_won, status, "
    "idem_key, pay_by, created_at, updated_at, client_address) SELECT CAST(:id AS BIGINT), p.d, "
    "p.b, p.n, CAST(:a AS BIGINT), CAST(:st AS TEXT), p.k, CAST(:pb AS BIGINT), CAST(:ca AS "
    "BIGINT), CAST(:ua AS BIGINT), p.ip FROM p WHERE EXISTS (SELECT 1 FROM lease) "
    "RETURNING 1) "
    "SELECT (SELECT id FROM existing), (SELECT COUNT(*) FROM buyer), (SELECT COUNT(*) FROM addr), "
    "(SELECT COUNT(*) FROM placed)";

// Takes back a claim's counts that its later step refused (buyer, then address).
void uncount(soci::session& s, const Order& o, bool buyer, bool address) {
  long long d = o.drop_id, b = o.buyer_id, n = o.units;
  if (buyer)
    s << "UPDATE market_buyer_units SET units = units - :n WHERE drop_id = :d AND buyer_id = :b",
        soci::use(n), soci::use(d), soci::use(b);
  if (address)
    s << "UPDATE market_address_units SET units = units - :n WHERE drop_id = :d AND address = :a",
        soci::use(n), soci::use(d), soci::use(o.client_address);
}

bool counts_address(const Order& o, int per_address_limit) {
  return per_address_limit > 0 && !o.client_address.empty();
}

Claim claim_order_pg(soci::session& s, const Order& o, int per_buyer_limit, int per_address_limit,
                     const std::string& node) {
  long long id = o.id, d = o.drop_id, b = o.buyer_id, n = o.units, lim = per_buyer_limit,
            alim = per_address_limit, alim2 = per_address_limit, a = o.amount_won, pb = o.pay_by_us,
            ca = o.created_at_us, ua = o.updated_at_us;
  const std::string status(to_string(o.status));
  long long first = 0, counted = 0, addressed = 0, placed = 0;
  soci::indicator first_ind = soci::i_null;
  s << kClaimPg, soci::use(d, "d"), soci::use(b, "b"), soci::use(o.idem_key, "k"),
      soci::use(n, "n"), soci::use(lim, "lim"), soci::use(node, "node"),
      soci::use(o.client_address, "ip"), soci::use(alim, "alim"), soci::use(alim2, "alim2"),
      soci::use(o.client_address, "ip2"), soci::use(id, "id"), soci::use(a, "a"),
      soci::use(status, "st"), soci::use(pb, "pb"), soci::use(ca, "ca"), soci::use(ua, "ua"),
      soci::into(first, first_ind), soci::into(counted), soci::into(addressed), soci::into(placed);
  if (first_ind == soci::i_ok)
    return {.outcome = Claim::Outcome::replayed, .existing = find_order(s, first)};
  if (counted == 0) return {.outcome = Claim::Outcome::over_limit, .existing = {}};
  const bool by_address = counts_address(o, per_address_limit);
  if (by_address && addressed == 0) {
    uncount(s, o, true, false);
    return {.outcome = Claim::Outcome::over_address_limit, .existing = {}};
  }
  if (placed == 0) {  // the lease lacked the units: the counts go back
    uncount(s, o, true, by_address);
    return {.outcome = Claim::Outcome::no_lease, .existing = {}};
  }
  return {};
}

}  // namespace

Claim claim_order(soci::session& s, const Order& o, int per_buyer_limit, int per_address_limit,
                  const std::string& node) {
  if (is_pg(s)) return claim_order_pg(s, o, per_buyer_limit, per_address_limit, node);
  long long d = o.drop_id, b = o.buyer_id, n = o.units, n2 = o.units,
            room = per_buyer_limit - o.units, first = 0;
  soci::indicator ind = soci::i_null;
  // A retry on another node (after a fail-over) answers the first order.
  s << "SELECT id FROM market_orders WHERE drop_id = :d AND buyer_id = :b AND idem_key = :k",
      soci::use(d), soci::use(b), soci::use(o.idem_key), soci::into(first, ind);
  if (ind == soci::i_ok)
    return {.outcome = Claim::Outcome::replayed, .existing = find_order(s, first)};
  s << "INSERT INTO market_buyer_units (drop_id, buyer_id, units) VALUES (:d, :b, 0) "
       "ON CONFLICT (drop_id, buyer_id) DO NOTHING",
      soci::use(d), soci::use(b);
  soci::statement buyer =
      (s.prepare << "UPDATE market_buyer_units SET units = units + :n WHERE drop_id = :d AND "
                    "buyer_id = :b AND units <= :room",
       soci::use(n), soci::use(d), soci::use(b), soci::use(room));
  if (affected(buyer) == 0) return {.outcome = Claim::Outcome::over_limit, .existing = {}};
  const bool by_address = counts_address(o, per_address_limit);
  if (by_address) {
    long long address_room = per_address_limit - o.units;
    s << "INSERT INTO market_address_units (drop_id, address, units) VALUES (:d, :a, 0) "
         "ON CONFLICT (drop_id, address) DO NOTHING",
        soci::use(d), soci::use(o.client_address);
    soci::statement address =
        (s.prepare << "UPDATE market_address_units SET units = units + :n WHERE drop_id = :d AND "
                      "address = :a AND units <= :room",
         soci::use(n), soci::use(d), soci::use(o.client_address), soci::use(address_room));
    if (affected(address) == 0) {
      uncount(s, o, true, false);
      return {.outcome = Claim::Outcome::over_address_limit, .existing = {}};
    }
  }
  soci::statement lease =
      (s.prepare << "UPDATE market_leases SET units = units - :n WHERE drop_id = :d AND node = "
                    ":node AND units >= :n2",
       soci::use(n), soci::use(d), soci::use(node), soci::use(n2));
  if (affected(lease) == 0) {
    uncount(s, o, true, by_address);
    return {.outcome = Claim::Outcome::no_lease, .existing = {}};
  }
  insert_order(s, o);
  return {};
}

void release_order(soci::session& s, const Order& o) {
  long long d = o.drop_id, b = o.buyer_id, n = o.units, n2 = o.units;
  s << "UPDATE market_stock SET unleased = unleased + :n WHERE drop_id = :d", soci::use(n),
      soci::use(d);
  s << "UPDATE market_buyer_units SET units = units - :n WHERE drop_id = :d AND buyer_id = :b",
      soci::use(n), soci::use(d), soci::use(b);
  // Counted only while a limit was set: never below zero (the limit may have been set since).
  if (!o.client_address.empty())
    s << "UPDATE market_address_units SET units = CASE WHEN units >= :n THEN units - :n2 ELSE 0 "
         "END WHERE drop_id = :d AND address = :a",
        soci::use(n), soci::use(n2), soci::use(d), soci::use(o.client_address);
}

void renew_leases(soci::session& s, const std::string& node, UnixMicros now_us) {
  long long now = now_us;
  s << "UPDATE market_leases SET heartbeat_at = :t WHERE node = :n", soci::use(now),
      soci::use(node);
}

std::int64_t reclaim_stale(soci::session& s, Id drop_id, const std::string& node,
                           UnixMicros stale_before_us) {
  constexpr int kLeasesMax = 1'000;  // nodes per drop, far above any deployment
  long long d = drop_id, before = stale_before_us;
  std::vector<std::string> nodes(kLeasesMax);
  std::vector<long long> units(kLeasesMax);
  s << "SELECT node, units FROM market_leases WHERE drop_id = :d AND node <> :n AND "
       "heartbeat_at < :t AND units > 0",
      soci::use(d), soci::use(node), soci::use(before), soci::into(nodes), soci::into(units);
  std::int64_t moved = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    long long u = units[i];
    // Only if it is still as read: a node that renewed or sold meanwhile keeps its lease.
    soci::statement st =
        (s.prepare << "DELETE FROM market_leases WHERE drop_id = :d AND node = :n AND units = :u "
                      "AND heartbeat_at < :t",
         soci::use(d), soci::use(nodes[i]), soci::use(u), soci::use(before));
    if (affected(st) == 0) continue;
    s << "UPDATE market_stock SET unleased = unleased + :u WHERE drop_id = :d", soci::use(u),
        soci::use(d);
    moved += u;
  }
  return moved;
}

StockTally stock_tally(soci::session& s, Id drop_id) {
  long long d = drop_id, held = 0, unleased = 0, leased = 0;
  s << "SELECT COALESCE(SUM(units), 0) FROM market_orders WHERE drop_id = :d AND status = 'held'",
      soci::use(d), soci::into(held);
  s << "SELECT unleased FROM market_stock WHERE drop_id = :d", soci::use(d), soci::into(unleased);
  s << "SELECT COALESCE(SUM(units), 0) FROM market_leases WHERE drop_id = :d", soci::use(d),
      soci::into(leased);
  return {.held = held, .free = unleased + leased, .unleased = unleased};
}

std::vector<std::pair<std::string, std::int64_t>> shared_addresses(soci::session& s, Id drop_id,
                                                                   int accounts_min, int limit) {
  assert(accounts_min >= 1 && limit >= 1);
  long long d = drop_id, n = accounts_min, l = limit;
  std::vector<std::string> addresses(static_cast<std::size_t>(limit));
  std::vector<long long> accounts(static_cast<std::size_t>(limit));
  s << std::string(
           "SELECT client_address, COUNT(DISTINCT buyer_id) FROM market_orders WHERE drop_id = "
           ":d AND client_address <> '' AND status IN ") +
           kTakenStatuses +
           " GROUP BY client_address HAVING COUNT(DISTINCT buyer_id) >= :n "
           "ORDER BY client_address LIMIT :l",
      soci::use(d), soci::use(n), soci::use(l), soci::into(addresses), soci::into(accounts);
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (std::size_t i = 0; i < addresses.size(); ++i) out.emplace_back(addresses[i], accounts[i]);
  return out;
}

std::vector<Id> overdue_held(soci::session& s, Id drop_id, UnixMicros now_us, int limit) {
  assert(limit >= 1);
  long long d = drop_id, now = now_us;
  std::vector<long long> ids(static_cast<std::size_t>(limit));
  s << "SELECT id FROM market_orders WHERE drop_id = :d AND status = 'held' AND pay_by <= :t "
       "ORDER BY pay_by LIMIT :n",
      soci::use(d), soci::use(now), soci::use(limit), soci::into(ids);
  return {ids.begin(), ids.end()};
}

bool claim_draw(soci::session& s, Id drop_id, UnixMicros drawn_at_us,
                const std::string& entries_json) {
  long long d = drop_id, at = drawn_at_us;
  soci::statement st = (s.prepare << "INSERT INTO market_draws (drop_id, drawn_at, entries) "
                                     "VALUES (:d, :t, :e) ON CONFLICT (drop_id) DO NOTHING",
                        soci::use(d), soci::use(at), soci::use(entries_json));
  return affected(st) == 1;
}

}  // namespace sangsaeng::market
