// Reading the ledger's rows on either database: the pieces the writer's persistence
// (ledger/store.h), the read queries (ledger/queries.h) and the verifier share. SQLite and
// PostgreSQL describe integer columns differently; these read them the same way.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/types.h"

namespace sangsaeng::ledger {

// An account with its balances and whether it was closed.
struct AccountView {
  Account account;
  Balances balances;
  bool closed = false;
  std::optional<UnixMicros> closed_at_us;
};

// The transfer columns in journal-entry order; column 13 is the stored hash.
extern const char* const kTransferColumns;
// Selects accounts joined with their balances and closure, for account_from_row; append a
// WHERE clause.
extern const char* const kSelectAccounts;

// Reads one integer column of a row whatever type the backend reports. NULL reads as 0.
std::int64_t row_i64(const soci::row& r, std::size_t i);
// Parses a transfer from a row selected with kTransferColumns.
Transfer transfer_from_row(const soci::row& r);
// The i-th transfer of a bulk fetch of kTransferColumns into column vectors: `c` holds the 12
// integer columns in order (the reference, column 12, and the hash come apart).
Transfer transfer_at(const std::vector<std::vector<long long>>& c, std::string reference,
                     std::size_t i);
// Parses an account from a row selected with kSelectAccounts. Throws StoreError on an
// owner kind the code does not know.
AccountView account_from_row(const soci::row& r);

bool is_pg(soci::session& s);

// "[1,2,3]" for SQLite's json_each, "{1,2,3}" for a PostgreSQL array.
template <class T>
std::string int_list(const std::vector<T>& v, bool pg) {
  std::string out(1, pg ? '{' : '[');
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out.push_back(',');
    out += std::to_string(v[i]);
  }
  out.push_back(pg ? '}' : ']');
  return out;
}

// "IN (ids)" for a list made by int_list(ids, is_pg(s)), bound as :ids (or as :name).
const char* ids_in(bool pg);
std::string ids_in(bool pg, const std::string& name);

}  // namespace sangsaeng::ledger
