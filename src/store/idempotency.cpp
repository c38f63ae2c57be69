#include "store/idempotency.h"

namespace sangsaeng::store {

namespace {
constexpr const char* kSelect =
    "SELECT request_hash, status, body FROM idempotency_keys WHERE principal = :p AND idem_key = "
    ":k";
constexpr const char* kCount =
    "SELECT COUNT(*) FROM idempotency_keys WHERE principal = :p AND idem_key = :k";
constexpr const char* kInsert =
    "INSERT INTO idempotency_keys (principal, idem_key, method, path, request_hash, status, body, "
    "created_at) "
    "VALUES (:p, :k, :m, :path, :h, :s, :b, :at)";
}  // namespace

std::optional<IdempotentAnswer> find_answer(Db& db, const std::string& principal,
                                            const std::string& key) {
  return db.read([&](soci::session& s) -> std::optional<IdempotentAnswer> {
    IdempotentAnswer a;
    s << kSelect, soci::use(principal), soci::use(key), soci::into(a.request_hash),
        soci::into(a.status), soci::into(a.body);
    if (!s.got_data()) return std::nullopt;
    return a;
  });
}

bool save_answer(Db& db, const std::string& principal, const std::string& key,
                 const std::string& method, const std::string& path, const IdempotentAnswer& a,
                 UnixMicros now) {
  return db.write(
      [&](soci::session& s) { return save_answer(s, principal, key, method, path, a, now); });
}

bool save_answer(soci::session& s, const std::string& principal, const std::string& key,
                 const std::string& method, const std::string& path, const IdempotentAnswer& a,
                 UnixMicros now) {
  int count = 0;
  s << kCount, soci::use(principal), soci::use(key), soci::into(count);
  if (count > 0) return false;
  long long at = now;
  int status = a.status;
  s << kInsert, soci::use(principal), soci::use(key), soci::use(method), soci::use(path),
      soci::use(a.request_hash), soci::use(status), soci::use(a.body), soci::use(at);
  return true;
}

}  // namespace sangsaeng::store
