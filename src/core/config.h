// Configuration: defaults below, overridden by a TOML file, overridden by SANGSAENG_*
// environment variables, overridden by command-line flags (the app applies the flags).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/status.h"

namespace sangsaeng {

struct Config {
  // HTTP. Loopback by default so a demo never listens on the network by accident;
  // deploy/ sets 0.0.0.0 behind nginx.
  std::string address = "127.0.0.1";
  int port = 8080;  // 0 picks a free port and prints it
  int threads = 2;  // io threads; handlers run on them
  std::int64_t body_limit_bytes = 1 << 20;
  int request_timeout_ms = 15000;  // a whole request must arrive within this
  int idle_timeout_ms = 30000;     // keep-alive connections idle longer are closed
  // Open connections (live pages' streams included); more are refused at once. Each takes a
  // file descriptor: keep it under `ulimit -n`.
  int connections_max = 10000;
  // An answer that waits for other work (a ledger commit, a verification of the books) is given
  // up with 503 after this; verifying a million journal entries takes seconds.
  int async_timeout_ms = 30000;
  std::string web_dir = "web/dist";  // built front end; empty disables static files

  // Storage. An empty db_url means SQLite at <data_dir>/sangsaeng.db.
  std::string data_dir = "data";
  std::string db_url;
  int db_pool_size = 8;
  // A request waits this long for a free database connection, then answers 503
  // database-unavailable (Retry-After) instead of queueing behind a stuck pool.
  int db_pool_timeout_ms = 2000;

  // Nodes (DESIGN.md section 8): ids carry the node id; only the node with
  // run_scheduled_jobs runs the Wednesday opening, year-end settlement and such.
  int node_id = 0;
  bool run_scheduled_jobs = true;
  // Idempotency-Key answers are replayed for this long; a scheduled job then deletes them.
  int idempotency_retention_hours = 48;

  // Security. secure_cookies adds the Secure attribute (set it behind TLS).
  bool secure_cookies = false;
  // Behind a reverse proxy (nginx, deploy/): take the client address from X-Real-IP or the
  // last X-Forwarded-For entry, so that rate limits and logs see clients, not the proxy. Off
  // when clients connect directly: they could name any address.
  bool trust_proxy_headers = false;
  int session_ttl_hours = 12;
  // How long a session's or token's principal is reused without reading the store. Log-out,
  // password change and token revocation act at once on the node that handles them; other
  // nodes notice within this bound. 0 reads the store on every request.
  int principal_cache_ms = 2000;
  // Token buckets: per client address and per signed-in account.
  double rate_per_address_per_s = 50, burst_per_address = 100;
  double rate_per_account_per_s = 20, burst_per_account = 60;
  // Log-in and sign-up attempts per client address, against password guessing. Every attempt
  // counts (a limiter that counted failures only would need to answer before checking the
  // password); 30 lets an office behind one NAT address sign in at 9:00.
  double login_rate_per_address_per_min = 30;
  // Password hashing (argon2id, about 0.1 s of CPU and 64 MiB each: log-in, sign-up, password
  // change) runs on a pool of its own, never on an io thread, so a rush of log-ins cannot stall
  // other requests. Threads: about 10 log-ins per second each, given a core. The queue holds
  // the log-ins waiting for a thread; beyond it a log-in is answered at once with 503 and
  // Retry-After: 1. 32 keeps the threads busy between those retries without making anyone
  // wait long (about 1.5 s of work on an idle 2-core machine).
  int password_hash_threads = 2;
  int password_hash_queue_max = 32;
  // Lowers their CPU priority below the io threads' (Linux nice, 0-19): when the cores are
  // short, requests of people already signed in go first and log-ins wait. 0 (the default)
  // shares equally: on a shared machine, 10 starved log-ins (bench/RESULTS.md, "Log-in rush").
  int password_hash_nice = 0;

  std::string log_level = "info";

  // Community market: how long a held order waits for payment before its units go back.
  int market_hold_minutes = 10;
  // Several nodes on PostgreSQL (market/leases.h): each node leases a drop's stock from the
  // database this many units at a time, and a node that stops renewing its leases for this long
  // is taken for dead: its unsold units go back to the pool. SQLite (one node) leases nothing.
  int market_lease_units = 50;
  int market_lease_timeout_seconds = 30;
  // Live events (src/api/live_feed.h): a node looks at its viewers' events every live_poll_ms
  // (viewer counts; on SQLite, other processes' changes). On PostgreSQL it is also told of
  // other nodes' changes at once (LISTEN/NOTIFY).
  int live_poll_ms = 1'000;

  // Uploads (src/uploads): the largest file accepted per kind. A phone's photo is 2-8 MB; a
  // scanned report of a few pages about as much. The upload routes take bodies this large.
  std::int64_t upload_image_bytes_max = 10 << 20;
  std::int64_t upload_document_bytes_max = 10 << 20;
  // Units one client address may hold or buy per drop (0: no limit). Generous, because an
  // office or a mobile carrier's NAT puts many honest buyers behind one address; it stops
  // one machine cycling through many accounts, not a household.
  int market_units_per_address_max = 100;
  // The phone verification provider is a sandbox (no SMS is sent): it accepts only this code.
  std::string phone_sandbox_code = "123456";
  // How old the public figures' pages may be (transparency): each computation scans the
  // programs' transfers, and the pages are public. 0 computes every request afresh.
  int public_figures_cache_ms = 30'000;

  // Care dispatch (src/care): travel is great-circle distance times the road factor at this
  // mean door-to-door speed (parking included; 25 km/h fits Seoul's streets by day); a plan's
  // solver may run at most this many seconds (the request names its budget up to it).
  double care_road_factor = 1.3;
  double care_speed_kmh = 25.0;
  int care_plan_seconds_max = 60;

  // The database URL actually used.
  std::string effective_db_url() const;
};

// Applies a TOML file (if path is not empty) and then the environment to `config`.
// Unknown keys and wrong types are errors naming the key, so a typo never passes silently.
Status apply_toml_file(Config& config, const std::string& path);
Status apply_toml_text(Config& config, std::string_view text);
// `env` maps names like "SANGSAENG_PORT" to values; pass the process environment in main.
Status apply_env(Config& config, const std::map<std::string, std::string>& env);
// The process environment's SANGSAENG_* variables.
std::map<std::string, std::string> sangsaeng_env();

}  // namespace sangsaeng
