// Stored first answers of requests that carried an Idempotency-Key (DESIGN.md section 5).
// Keys are scoped by principal, so two users' keys never meet. Rows are kept (a retry may
// come days later); a cleanup job can delete rows older than the retention period.
#pragma once

#include <optional>
#include <string>

#include "core/time.h"
#include "store/db.h"

namespace sangsaeng::store {

struct IdempotentAnswer {
  std::string request_hash;  // what the first request was (method, path, body)
  int status = 0;
  std::string body;
};

std::optional<IdempotentAnswer> find_answer(Db& db, const std::string& principal,
                                            const std::string& key);
// Saves the first answer; false (and nothing changes) if the key was saved meanwhile.
bool save_answer(Db& db, const std::string& principal, const std::string& key,
                 const std::string& method, const std::string& path, const IdempotentAnswer& answer,
                 UnixMicros now);
// The same inside the caller's write transaction (e.g. a GroupWriter's).
bool save_answer(soci::session& s, const std::string& principal, const std::string& key,
                 const std::string& method, const std::string& path, const IdempotentAnswer& answer,
                 UnixMicros now);

}  // namespace sangsaeng::store
