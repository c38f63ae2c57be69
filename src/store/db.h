// Database access: a pool of SOCI sessions on SQLite (the embedded default) or PostgreSQL.
//
// URLs: "sqlite:///abs/path.db", "sqlite://relative/path.db" (the directory is created),
// "postgresql://user@host:port/db?..." (passed to libpq as is).
// SQLite runs in WAL mode with synchronous=FULL, so a committed transaction survives a
// crash of the process or the machine; writers are serialised in-process (one SQLite
// writer at a time) so they never meet SQLITE_BUSY; readers run beside them.
// Failures are exceptions of three kinds: StoreError (the URL or the data is wrong: fix the
// configuration), DbUnavailable (the database cannot be used now: retry later) and
// soci::soci_error (a statement failed on a live connection: a bug or a constraint). Expected
// business outcomes never travel as exceptions.
//
// PostgreSQL connections break when the server restarts or fails over. A transaction whose
// connection broke throws DbUnavailable (it may or may not have committed); every pooled
// connection is then reconnected before its next use. While reconnecting fails, the pool
// refuses at once (DbUnavailable) and lets one caller try again after a backoff that doubles up
// to a bound, so a node never hammers a database that is down. SQLite connections never break.
#pragma once

#include <soci/soci.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace sangsaeng::store {

enum class Dialect { sqlite, postgres };

struct DbOptions {
  std::string url;
  int pool_size = 8;            // sessions; each request holds one only while it runs SQL
  int busy_timeout_ms = 10000;  // SQLite: wait this long for another process's lock
  // A transaction waits this long for a free connection, then DbUnavailable: a pool held by
  // slow work answers 503 instead of piling up waiting requests.
  int pool_timeout_ms = 2000;
  // After reconnecting failed, the next attempt waits this long, doubled per failed retry up
  // to the max; each wait is jittered (50-100 %) so that nodes do not reconnect in step.
  int reconnect_backoff_min_ms = 100;
  int reconnect_backoff_max_ms = 2000;
};

// The configuration or the stored data is wrong (bad URL, unknown schema); retrying won't help.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database cannot be used now: unreachable (stopped, restarting, failing over), or every
// connection stayed busy for pool_timeout_ms. A later retry may succeed; retry_after_s says when
// it is worth it. The API answers 503 problem "database-unavailable".
class DbUnavailable : public std::runtime_error {
 public:
  DbUnavailable(const std::string& what, int retry_after_s)
      : std::runtime_error(what), retry_after_s_(retry_after_s) {}
  int retry_after_s() const { return retry_after_s_; }

 private:
  int retry_after_s_;
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
  // The URL it was opened with, password and all (never log it): for a connection of one's own
  // beside the pool (store::Listener).
  const std::string& url() const { return url_; }

  // Runs fn(session) inside one write transaction: committed (durably) when fn returns,
  // rolled back when it throws (the exception propagates). Throws DbUnavailable when no
  // connection could be had or the connection broke (then the commit may or may not have
  // happened). Thread-safe.
  template <class F>
  auto write(F&& fn) -> decltype(fn(std::declval<soci::session&>()));
  // Runs fn(session) for reads (one consistent snapshot on both databases). Throws as write.
  template <class F>
  auto read(F&& fn) -> decltype(fn(std::declval<soci::session&>()));
  // Runs fn(session) outside an explicit transaction: fn must run exactly one statement (on
  // both databases a single statement sees one consistent snapshot). For the hot reads that
  // every request pays for (a principal), where BEGIN and COMMIT would be two of three round
  // trips. Throws as write.
  template <class F>
  auto read_one_statement(F&& fn) -> decltype(fn(std::declval<soci::session&>()));

  // True when a trivial query succeeds within the pool (for /readyz). While the database is
  // down this is also what tries to reconnect when nothing else does.
  bool ping() noexcept;

 private:
  // One pooled connection, held for one transaction; a connection that may be stale is
  // reconnected before it is handed out.
  class Lease {
   public:
    // Throws DbUnavailable (down and not yet time to retry, pool timeout, reconnect failed).
    explicit Lease(Db& db);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::session& session() { return *session_; }
    // After the transaction threw: DbUnavailable when the connection is gone (every
    // connection is reconnected before its next use); returns when it was the statement.
    void check_connection();

   private:
    Db& db_;
    std::size_t pos_ = 0;
    soci::session* session_ = nullptr;
  };

  // Whether connections are worth trying; guarded by health_mu_.
  struct Health {
    bool down = false;     // the last reconnect failed
    bool probing = false;  // one caller is trying to reconnect; the others refuse meanwhile
    std::chrono::steady_clock::time_point retry_at{};
    int backoff_ms = 0;
    // Bumped when a connection breaks: a slot connected in an older generation may be stale
    // (a server restart breaks them all) and is reconnected before use.
    std::uint64_t generation = 1;
  };

  Db(Dialect dialect, std::string display_url, const DbOptions& options);
  template <class F>
  auto run(F&& fn) -> decltype(fn(std::declval<soci::session&>()));
  void begin_write(soci::session& s);
  void begin_read(soci::session& s);
  // Lease steps. admit() throws while down; true when the caller is the one to retry.
  bool admit();
  std::size_t take_slot();  // throws DbUnavailable after pool_timeout_ms
  void give_back(std::size_t pos);
  void refresh(std::size_t pos, bool probe);
  void note_probe_abandoned();
  void note_broken();
  int note_reconnect_failed(bool probe);  // the seconds until the next attempt
  int retry_after_s(std::chrono::steady_clock::time_point now) const;
  void note_reconnected();

  Dialect dialect_;
  std::string display_url_;
  std::string url_;
  int pool_size_;
  int pool_timeout_ms_;
  int backoff_min_ms_, backoff_max_ms_;
  // The pool (SOCI's connection_pool times its lease by the wall clock; this one is steady).
  std::vector<std::unique_ptr<soci::session>> sessions_;
  // The generation each slot was connected in; an entry is touched only by its lease holder.
  std::vector<std::uint64_t> slot_generation_;
  std::mutex pool_mu_;
  std::condition_variable pool_free_;
  std::vector<std::size_t> free_slots_;  // guarded by pool_mu_
  std::mutex health_mu_;
  Health health_;                // guarded by health_mu_
  std::minstd_rand rng_;         // guarded by health_mu_ (backoff jitter)
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
// it throws (the exception propagates; a failed ROLLBACK means the connection is broken, and
// Db::Lease::check_connection finds that out).
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
auto Db::run(F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  Lease lease(*this);
  try {
    return fn(lease.session());
  } catch (...) {
    lease.check_connection();
    throw;
  }
}

template <class F>
auto Db::write(F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  std::unique_lock<std::mutex> writer;
  if (dialect_ == Dialect::sqlite) writer = std::unique_lock(sqlite_writer_mu_);
  return run([&](soci::session& s) {
    begin_write(s);
    return detail::finish_transaction(s, std::forward<F>(fn));
  });
}

template <class F>
auto Db::read(F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  return run([&](soci::session& s) {
    begin_read(s);
    return detail::finish_transaction(s, std::forward<F>(fn));
  });
}

template <class F>
auto Db::read_one_statement(F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  return run(std::forward<F>(fn));
}

}  // namespace sangsaeng::store
