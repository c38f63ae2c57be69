#include "store/migrations.h"

#include <algorithm>
#include <sstream>

#include "core/time.h"

namespace sangsaeng::store {

namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at BIGINT NOT NULL)";
// An arbitrary constant that names the migration lock among PostgreSQL advisory locks.
constexpr long long kMigrationLockKey = 0x5353'4D49'4752;  // "SSMIGR"

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

int current_version(soci::session& s) {
  int version = 0;
  soci::indicator ind;
  s << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

}  // namespace

std::vector<std::string> split_statements(const std::string& sql) {
  std::vector<std::string> out;
  std::istringstream in(sql);
  std::string line, current;
  bool in_block = false;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.empty() || t.rfind("--", 0) == 0) continue;
    current += line + "\n";
    const std::string u = upper(t);
    if (!in_block && ends_with(u, "BEGIN")) in_block = true;
    if (in_block ? u == "END;" : ends_with(t, ";")) {
      out.push_back(trim(current));
      current.clear();
      in_block = false;
    }
  }
  if (!trim(current).empty()) out.push_back(trim(current));
  return out;
}

MigrateReport migrate(Db& db) {
  std::vector<const Migration*> mine;
  for (const auto& m : embedded_migrations())
    if (m.dialect == db.dialect()) mine.push_back(&m);
  std::sort(mine.begin(), mine.end(), [](auto* a, auto* b) { return a->version < b->version; });
  const int known = mine.empty() ? 0 : mine.back()->version;

  MigrateReport report;
  db.write([&](soci::session& s) { s << kCreateTable; });
  for (const Migration* m : mine) {
    const bool applied = db.write([&](soci::session& s) {
      if (db.dialect() == Dialect::postgres)
        s << "SELECT pg_advisory_xact_lock(" << kMigrationLockKey << ")";
      // The primary key says whether it was applied; the record and the migration commit
      // (or roll back) together.
      const long long now = now_us();
      const std::string name = m->name;
      soci::statement record =
          (s.prepare << "INSERT INTO schema_migrations (version, name, applied_at) "
                        "VALUES (:v, :n, :t) ON CONFLICT (version) DO NOTHING",
           soci::use(m->version), soci::use(name), soci::use(now));
      record.execute(true);
      if (record.get_affected_rows() == 0) return false;
      for (const auto& statement : split_statements(m->sql)) s << statement;
      return true;
    });
    report.applied += applied ? 1 : 0;
  }
  report.version = db.read([](soci::session& s) { return current_version(s); });
  if (report.version > known)
    throw StoreError("the database schema (version " + std::to_string(report.version) +
                     ") is newer than this program (" + std::to_string(known) + ")");
  return report;
}

}  // namespace sangsaeng::store
