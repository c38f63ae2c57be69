// Numbered schema migrations, carried in the binary (migrations/<dialect>/NNNN_name.sql, and
// migrations/common/NNNN_name.sql for SQL that is the same on both databases).
// Applied in order, each in its own transaction, recorded in schema_migrations; applying is
// idempotent and safe when several nodes start at once (PostgreSQL advisory lock, SQLite
// write lock). A database newer than the binary (an unknown applied version) is refused.
#pragma once

#include <string>
#include <vector>

#include "store/db.h"

namespace sangsaeng::store {

struct Migration {
  Dialect dialect;
  int version;
  const char* name;
  const char* sql;  // statements end with ';' at the end of a line; trigger bodies
                    // (a line ending in BEGIN up to a line "END;") stay whole
};

const std::vector<Migration>& embedded_migrations();

// Splits a migration file into statements by the rule above.
std::vector<std::string> split_statements(const std::string& sql);

struct MigrateReport {
  int applied = 0;  // migrations applied by this call
  int version = 0;  // schema version afterwards
};

// Applies the pending migrations of db's dialect. Throws StoreError (or soci_error) on
// failure; a failed migration is rolled back whole.
MigrateReport migrate(Db& db);

}  // namespace sangsaeng::store
