#include "store/db.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cassert>
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
  // libpq waits for a connection without end by default; a reconnect to a host that vanished
  // (a failover) must give up and let the pool answer 503.
  if (!u.params().contains("connect_timeout")) add("connect_timeout", "5");
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

Db::Db(Dialect dialect, std::string display_url, const DbOptions& options)
    : dialect_(dialect),
      display_url_(std::move(display_url)),
      url_(options.url),
      pool_size_(options.pool_size),
      pool_timeout_ms_(options.pool_timeout_ms),
      backoff_min_ms_(options.reconnect_backoff_min_ms),
      backoff_max_ms_(options.reconnect_backoff_max_ms),
      slot_generation_(static_cast<std::size_t>(options.pool_size), 1),
      rng_(std::random_device{}()) {
  assert(pool_size_ >= 1 && pool_timeout_ms_ >= 0);
  assert(backoff_min_ms_ >= 1 && backoff_max_ms_ >= backoff_min_ms_);
  for (std::size_t i = 0; i < slot_generation_.size(); ++i) {
    sessions_.push_back(std::make_unique<soci::session>());
    free_slots_.push_back(i);
  }
}

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
  std::unique_ptr<Db> db(new Db(parsed.dialect, parsed.display, options));
  for (int i = 0; i < options.pool_size; ++i) {
    soci::session& s = *db->sessions_[static_cast<std::size_t>(i)];
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
    return run([](soci::session& s) {
      int one = 0;
      s << "SELECT 1", soci::into(one);
      return one == 1;
    });
  } catch (...) {
    return false;
  }
}

// --- leases and reconnection -------------------------------------------------------------

Db::Lease::Lease(Db& db) : db_(db) {
  const bool probe = db_.admit();
  try {
    pos_ = db_.take_slot();
  } catch (...) {
    if (probe) db_.note_probe_abandoned();
    throw;
  }
  session_ = db_.sessions_[pos_].get();
  try {
    db_.refresh(pos_, probe);
  } catch (...) {
    db_.give_back(pos_);
    throw;
  }
}

Db::Lease::~Lease() {
  db_.give_back(pos_);
}

void Db::Lease::check_connection() {
  // is_connected() asks the server (an empty query) only after a failure, never per lease.
  if (db_.dialect_ == Dialect::sqlite || session_->is_connected()) return;
  db_.note_broken();
  throw DbUnavailable("the connection to the database was lost", 1);
}

// Whole seconds until the next reconnect attempt, at least 1. REQUIRES: health_mu_ held.
int Db::retry_after_s(std::chrono::steady_clock::time_point now) const {
  const auto wait_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(health_.retry_at - now).count();
  return static_cast<int>(std::max<std::int64_t>(1, (wait_ms + 999) / 1000));
}

bool Db::admit() {
  std::lock_guard lock(health_mu_);
  if (!health_.down) return false;
  const auto now = std::chrono::steady_clock::now();
  if (health_.probing || now < health_.retry_at)
    throw DbUnavailable("the database is unreachable; reconnecting", retry_after_s(now));
  health_.probing = true;
  return true;
}

// Reconnects the slot if it may be stale (or this lease is the probe of a database that is
// down). Only PostgreSQL connections break; SQLite's never do.
void Db::refresh(std::size_t pos, bool probe) {
  if (dialect_ == Dialect::sqlite) return;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(health_mu_);
    generation = health_.generation;
  }
  if (!probe && slot_generation_[pos] == generation) return;
  try {
    sessions_[pos]->reconnect();
  } catch (const std::exception& e) {
    const int wait_s = note_reconnect_failed(probe);
    throw DbUnavailable(std::string("cannot reconnect to the database: ") + e.what(), wait_s);
  }
  slot_generation_[pos] = generation;
  note_reconnected();
}

std::size_t Db::take_slot() {
  std::unique_lock lock(pool_mu_);
  if (!pool_free_.wait_for(lock, std::chrono::milliseconds(pool_timeout_ms_),
                           [&] { return !free_slots_.empty(); }))
    throw DbUnavailable(
        "every database connection stayed busy for " + std::to_string(pool_timeout_ms_) + " ms", 1);
  const std::size_t pos = free_slots_.back();
  free_slots_.pop_back();
  assert(pos < sessions_.size());
  return pos;
}

void Db::give_back(std::size_t pos) {
  {
    std::lock_guard lock(pool_mu_);
    assert(free_slots_.size() < sessions_.size());
    free_slots_.push_back(pos);
  }
  pool_free_.notify_one();
}

void Db::note_probe_abandoned() {
  std::lock_guard lock(health_mu_);
  health_.probing = false;
}

void Db::note_broken() {
  std::lock_guard lock(health_mu_);
  ++health_.generation;
}

// The backoff grows per failed probe, not per failure: the leases that were already
// reconnecting when the database went down fail together and count once.
int Db::note_reconnect_failed(bool probe) {
  std::lock_guard lock(health_mu_);
  const auto now = std::chrono::steady_clock::now();
  if (!health_.down || probe) {
    health_.backoff_ms =
        health_.down ? std::min(health_.backoff_ms * 2, backoff_max_ms_) : backoff_min_ms_;
    health_.down = true;
    // Jitter: 50-100 % of the backoff.
    const int wait_ms =
        health_.backoff_ms / 2 +
        static_cast<int>(rng_() % static_cast<unsigned>(health_.backoff_ms / 2 + 1));
    health_.retry_at = now + std::chrono::milliseconds(wait_ms);
  }
  if (probe) health_.probing = false;
  return retry_after_s(now);
}

void Db::note_reconnected() {
  std::lock_guard lock(health_mu_);
  health_.down = false;
  health_.probing = false;
  health_.backoff_ms = 0;
}

}  // namespace sangsaeng::store
