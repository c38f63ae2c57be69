#include "store/idempotency.h"

#include <cassert>

namespace sangsaeng::store {

namespace {

// status 0 marks a reservation that has no answer yet (answers are HTTP statuses, >= 100).
constexpr const char* kInsert =
    "INSERT INTO idempotency_keys (principal, idem_key, method, path, request_hash, status, body, "
    "created_at, reservation) VALUES (:p, :k, :m, :path, :h, 0, '', :at, :r) "
    "ON CONFLICT (principal, idem_key) DO NOTHING";
constexpr const char* kSelect =
    "SELECT request_hash, status, body, created_at, reservation FROM idempotency_keys "
    "WHERE principal = :p AND idem_key = :k";
// Compare-and-set on the abandoned holder's token: of several takers, one wins.
constexpr const char* kTakeOver =
    "UPDATE idempotency_keys SET method = :m, path = :path, request_hash = :h, created_at = :at, "
    "reservation = :r WHERE principal = :p AND idem_key = :k AND status = 0 AND reservation = :old";
constexpr const char* kAnswer =
    "UPDATE idempotency_keys SET status = :s, body = :b "
    "WHERE principal = :p AND idem_key = :k AND status = 0 AND reservation = :r";
constexpr const char* kRelease =
    "DELETE FROM idempotency_keys "
    "WHERE principal = :p AND idem_key = :k AND status = 0 AND reservation = :r";
constexpr const char* kPrune =
    "DELETE FROM idempotency_keys WHERE (principal, idem_key) IN (SELECT principal, idem_key "
    "FROM idempotency_keys WHERE created_at < :cutoff ORDER BY created_at LIMIT :n)";

long long affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace

KeyState reserve_key(soci::session& s, const KeyRequest& r, UnixMicros now,
                     UnixMicros abandoned_before) {
  assert(!r.reservation.empty());
  long long at = now;
  soci::statement insert =
      (s.prepare << kInsert, soci::use(r.principal), soci::use(r.key), soci::use(r.method),
       soci::use(r.path), soci::use(r.request_hash), soci::use(at), soci::use(r.reservation));
  if (affected(insert) == 1) return {};

  KeyState state;
  long long created_at = 0;
  std::string holder;
  s << kSelect, soci::use(r.principal), soci::use(r.key), soci::into(state.request_hash),
      soci::into(state.status), soci::into(state.body), soci::into(created_at), soci::into(holder);
  // The row was deleted between the two statements (released, or pruned): ask again later.
  if (!s.got_data()) return {KeyState::Kind::in_use, r.request_hash, 0, {}};
  if (state.status != 0) {
    state.kind = KeyState::Kind::answered;
    return state;
  }
  if (holder == r.reservation) return {};
  state.kind = KeyState::Kind::in_use;
  state.body.clear();
  if (created_at >= abandoned_before) return state;
  soci::statement take = (s.prepare << kTakeOver, soci::use(r.method), soci::use(r.path),
                          soci::use(r.request_hash), soci::use(at), soci::use(r.reservation),
                          soci::use(r.principal), soci::use(r.key), soci::use(holder));
  if (affected(take) == 1) return {};
  return state;
}

bool store_answer(soci::session& s, const KeyRequest& r, int status, const std::string& body) {
  assert(status >= 100);
  soci::statement st = (s.prepare << kAnswer, soci::use(status), soci::use(body),
                        soci::use(r.principal), soci::use(r.key), soci::use(r.reservation));
  return affected(st) == 1;
}

void release_key(soci::session& s, const KeyRequest& r) {
  s << kRelease, soci::use(r.principal), soci::use(r.key), soci::use(r.reservation);
}

int prune_keys(Db& db, UnixMicros cutoff, int limit) {
  assert(limit >= 1);
  return db.write([&](soci::session& s) {
    long long before = cutoff;
    soci::statement st = (s.prepare << kPrune, soci::use(before), soci::use(limit));
    return static_cast<int>(affected(st));
  });
}

}  // namespace sangsaeng::store
