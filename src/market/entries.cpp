#include "market/entries.h"

#include <cassert>

#include "ledger/rows.h"  // row_i64

namespace sangsaeng::market {

namespace {

using ledger::row_i64;

// Names the market's draw locks among PostgreSQL's advisory locks (the two-key form, so it
// never meets the one-key locks of migrations and jobs).
constexpr int kDrawLockClass = 0x4d445257;  // "MDRW"

bool postgres(soci::session& s) {
  return s.get_backend_name() == "postgresql";
}

}  // namespace

void lock_draw(soci::session& s, Id drop_id, bool exclusive) {
  if (!postgres(s)) return;  // SQLite: this transaction is the only writer
  // Two drops whose ids fold to the same key only wait for each other a moment.
  int cls = kDrawLockClass;
  int key = static_cast<int>(static_cast<std::uint32_t>(drop_id ^ (drop_id >> 32)));
  if (exclusive)
    s << "SELECT pg_advisory_xact_lock(:c, :k)", soci::use(cls), soci::use(key);
  else
    s << "SELECT pg_advisory_xact_lock_shared(:c, :k)", soci::use(cls), soci::use(key);
}

EntryWrite record_entry(soci::session& s, const DrawEntry& e) {
  assert(e.units >= 1 && !e.idem_key.empty());
  lock_draw(s, e.drop_id, false);
  long long d = e.drop_id, id = e.id, b = e.buyer_id, at = e.arrived_at_us, drawn = 0;
  int units = e.units;
  s << "SELECT COUNT(*) FROM market_draws WHERE drop_id = :d", soci::use(d), soci::into(drawn);
  if (drawn > 0) return {EntryWritten::drawn, 0};
  soci::statement st =
      (s.prepare << "INSERT INTO market_draw_entries (drop_id, id, buyer_id, idem_key, units, "
                    "client_address, node, arrived_at) VALUES (:d, :i, :b, :k, :u, :a, :n, :t) "
                    "ON CONFLICT (drop_id, buyer_id, idem_key) DO NOTHING",
       soci::use(d), soci::use(id), soci::use(b), soci::use(e.idem_key), soci::use(units),
       soci::use(e.address), soci::use(e.node), soci::use(at));
  st.execute(true);
  if (st.get_affected_rows() == 1) return {EntryWritten::recorded, e.units};
  int first = 0;
  s << "SELECT units FROM market_draw_entries WHERE drop_id = :d AND buyer_id = :b AND "
       "idem_key = :k",
      soci::use(d), soci::use(b), soci::use(e.idem_key), soci::into(first);
  return {EntryWritten::exists, first};
}

std::vector<DrawEntry> draw_entries(soci::session& s, Id drop_id, int rows_max) {
  assert(rows_max >= 1);
  long long d = drop_id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, buyer_id, idem_key, units, client_address, node, arrived_at, "
                    "outcome, remaining FROM market_draw_entries WHERE drop_id = :d "
                    "ORDER BY arrived_at, id LIMIT :n",
       soci::use(d), soci::use(rows_max));
  std::vector<DrawEntry> out;
  for (const auto& r : rows) {
    DrawEntry e{.drop_id = drop_id,
                .id = row_i64(r, 0),
                .buyer_id = row_i64(r, 1),
                .idem_key = r.get<std::string>(2),
                .units = static_cast<int>(row_i64(r, 3)),
                .address = r.get<std::string>(4),
                .node = r.get<std::string>(5),
                .arrived_at_us = row_i64(r, 6)};
    if (r.get_indicator(7) == soci::i_ok) {
      e.outcome = r.get<std::string>(7);
      e.remaining = row_i64(r, 8);
    }
    out.push_back(std::move(e));
  }
  return out;
}

void set_entry_outcome(soci::session& s, Id drop_id, Id entry_id, const std::string& outcome,
                       std::int64_t remaining) {
  long long d = drop_id, id = entry_id, left = remaining;
  s << "UPDATE market_draw_entries SET outcome = :o, remaining = :r WHERE drop_id = :d AND "
       "id = :i",
      soci::use(outcome), soci::use(left), soci::use(d), soci::use(id);
}

}  // namespace sangsaeng::market
