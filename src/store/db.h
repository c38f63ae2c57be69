// Database access: a pool of SOCI sessions on SQLite (the embedded default) or PostgreSQL.
//
// URLs: "sqlite:///abs/path.db", "sqlite://relative/path.db" (the directory is created),
// "postgresql://user@host:port/db?..." (passed to libpq as is).
// SQLite runs in WAL mode with synchronous=FULL, so a committed transaction survives a
// crash of the process or the machine; writers are serialised in-process (one SQLite
// writer at a time) so they never meet SQLITE_BUSY; readers run beside them.
// Infrastructure failures throw StoreError (or soci::soci_error from SQL); expected
// business outcomes never travel as exceptions.
#pragma once

#include <soci/soci.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace sangsaeng::store {

enum class Dialect { sqlite, postgres };

struct DbOptions {
  std::string url;
  int pool_size = 8;            // sessions; each request holds one only while it runs SQL
  int busy_timeout_ms = 10000;  // SQLite: wait this long for another process's lock
};

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Db {
 public:
  // Opens the pool and checks every connection. Throws StoreError naming the URL's kind
  // (never the password) when the database cannot be reached or the URL is not understood.
  static std::unique_ptr<Db> open(const DbOptions& options);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Dialect dialect() const { return dialect_; }
  // The URL without any password, for logs.
  const std::string& display_url() const { return display_url_; }

  // Runs fn(session) inside one write transaction: committed (durably) when fn returns,
  // rolled back when it throws (the exception propagates). Thread-safe.
  template <class F>
  auto write(F&& fn) -> decltype(fn(std::declval<soci::session&>()));
  // Runs fn(session) for reads (one consistent snapshot on both databases).
  template <class F>
  auto read(F&& fn) -> decltype(fn(std::declval<soci::session&>()));

  // True when a trivial query succeeds within the pool (for /readyz).
  bool ping() noexcept;

 private:
  Db(Dialect dialect, std::string display_url, int pool_size);
  void begin_write(soci::session& s);
  void begin_read(soci::session& s);

  Dialect dialect_;
  std::string display_url_;
  int pool_size_;
  soci::connection_pool pool_;
  std::mutex sqlite_writer_mu_;  // SQLite allows one writer; queue them here, not in SQLITE_BUSY
};

// Parses a URL into the dialect and the SOCI connect string. Throws StoreError.
struct ParsedUrl {
  Dialect dialect;
  std::string connect;      // SOCI connect string
  std::string sqlite_path;  // SQLite only
  std::string display;      // without the password
};
ParsedUrl parse_url(const std::string& url);

// --- implementation of the templates ---------------------------------------------------

namespace detail {
// Runs fn(s) in the transaction the caller has begun: COMMIT when it returns, ROLLBACK when
// it throws (the exception propagates; a failed ROLLBACK means the connection is broken,
// and the pool reconnects it).
template <class F>
auto finish_transaction(soci::session& s, F&& fn) -> decltype(fn(s)) {
  try {
    if constexpr (std::is_void_v<decltype(fn(s))>) {
      fn(s);
      s << "COMMIT";
    } else {
      auto result = fn(s);
      s << "COMMIT";
      return result;
    }
  } catch (...) {
    try {
      s << "ROLLBACK";
    } catch (...) {
    }
    throw;
  }
}
}  // namespace detail

template <class F>
auto Db::write(F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  std::unique_lock<std::mutex> writer;
  if (dialect_ == Dialect::sqlite) writer = std::unique_lock(sqlite_writer_mu_);
  soci::session s(pool_);
  begin_write(s);
  return detail::finish_transaction(s, std::forward<F>(fn));
}

template <class F>
auto Db::read(F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  soci::session s(pool_);
  begin_read(s);
  return detail::finish_transaction(s, std::forward<F>(fn));
}

}  // namespace sangsaeng::store
