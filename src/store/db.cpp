#include "store/db.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <filesystem>

namespace sangsaeng::store {

namespace {

std::string strip_password(const std::string& url) {
  // postgresql://user:secret@host -> postgresql://user:***@host
  const auto scheme_end = url.find("://");
  const auto at = url.find('@');
  if (scheme_end == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

void configure_sqlite(soci::session& s, int busy_timeout_ms) {
  // WAL: readers do not block the writer. synchronous=FULL: a commit is on disk before it
  // returns (NORMAL in WAL mode may lose the last commits on power loss).
  s << "PRAGMA journal_mode=WAL";
  s << "PRAGMA synchronous=FULL";
  s << "PRAGMA foreign_keys=ON";
  s << "PRAGMA busy_timeout=" + std::to_string(busy_timeout_ms);
}

// SOCI 4.0's PostgreSQL backend rewrites its connect string as keyword=value pairs and
// mangles a URI, so the URL is turned into libpq keywords here.
std::string quote_keyword_value(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\\' || c == '\'') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

std::string libpq_keywords(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) throw StoreError("the PostgreSQL URL cannot be parsed");
  const boost::urls::url_view u = *parsed;
  std::string out;
  auto add = [&](std::string_view key, std::string_view value) {
    if (value.empty()) return;
    out += std::string(key) + "=" + quote_keyword_value(value) + " ";
  };
  add("host", u.host_address());
  add("port", u.port());
  add("user", u.user());
  add("password", u.password());
  std::string db = u.path();
  if (!db.empty() && db[0] == '/') db.erase(0, 1);
  add("dbname", db);
  for (auto param : u.params()) {
    if (param.key.empty() ||
        param.key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
      throw StoreError("the PostgreSQL URL has a bad parameter");
    add(param.key, param.value);
  }
  return out;
}

}  // namespace

ParsedUrl parse_url(const std::string& url) {
  ParsedUrl out;
  if (url.rfind("sqlite://", 0) == 0) {
    out.dialect = Dialect::sqlite;
    out.sqlite_path = url.substr(9);
    if (out.sqlite_path.empty()) throw StoreError("database URL names no SQLite file");
    if (out.sqlite_path.find_first_of(" '\"") != std::string::npos)
      throw StoreError("SQLite path must not contain spaces or quotes: " + out.sqlite_path);
    out.connect = "db=" + out.sqlite_path;
    out.display = url;
    return out;
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    out.dialect = Dialect::postgres;
    out.connect = libpq_keywords(url);
    out.display = strip_password(url);
    return out;
  }
  throw StoreError("database URL must start with sqlite:// or postgresql://");
}

Db::Db(Dialect dialect, std::string display_url, int pool_size)
    : dialect_(dialect),
      display_url_(std::move(display_url)),
      pool_size_(pool_size),
      pool_(pool_size) {}

Db::~Db() = default;

std::unique_ptr<Db> Db::open(const DbOptions& options) {
  const ParsedUrl parsed = parse_url(options.url);
  if (parsed.dialect == Dialect::sqlite) {
    const auto dir = std::filesystem::path(parsed.sqlite_path).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec)
      throw StoreError("cannot create the data directory " + dir.string() + ": " + ec.message());
  }
  std::unique_ptr<Db> db(new Db(parsed.dialect, parsed.display, options.pool_size));
  for (int i = 0; i < options.pool_size; ++i) {
    soci::session& s = db->pool_.at(i);
    try {
      if (parsed.dialect == Dialect::sqlite) {
        s.open(soci::sqlite3, parsed.connect);
        configure_sqlite(s, options.busy_timeout_ms);
      } else {
        s.open(soci::postgresql, parsed.connect);
      }
    } catch (const std::exception& e) {
      throw StoreError("cannot open database " + parsed.display + ": " + e.what());
    }
  }
  return db;
}

void Db::begin_write(soci::session& s) {
  // IMMEDIATE takes SQLite's write lock now, so the transaction never fails later on
  // upgrading a read lock.
  s << (dialect_ == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

void Db::begin_read(soci::session& s) {
  s << (dialect_ == Dialect::sqlite
            ? "BEGIN"
            : "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

bool Db::ping() noexcept {
  try {
    int one = 0;
    soci::session s(pool_);
    s << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (...) {
    return false;
  }
}

}  // namespace sangsaeng::store
