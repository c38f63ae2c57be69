// The assembled API server: router, metrics, rate limits, auth middleware and every
// module's routes on the HTTP server. Used by `sangsaeng serve` and by the API tests.
#pragma once

#include <cstdint>
#include <memory>

#include "api/api.h"
#include "http/server.h"
#include "jobs/jobs.h"

namespace sangsaeng::api {

class ApiServer {
 public:
  // `db` must be migrated and outlive the server. With stop_on_signals, SIGINT and SIGTERM
  // stop the server gracefully (for `sangsaeng serve`; tests leave it off).
  ApiServer(const Config& config, store::Db& db, bool stop_on_signals = false);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds and starts serving; throws std::system_error if the port is taken.
  void start();
  std::uint16_t port() const;
  // Graceful stop (in-flight requests and a scheduled job in progress finish); wait() blocks
  // until stopped. start() also starts the scheduled jobs when config.run_scheduled_jobs.
  void stop();
  void wait();

  // The registered API routes (role x route test, OpenAPI check).
  const std::vector<RouteSpec>& routes() const;
  // Where log-in, sign-up and password change hash (config password_hash_*). Tests hold its
  // threads to fill its queue.
  WorkerPool& password_pool();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

// The scheduled job that deletes Idempotency-Key rows older than `retention_us`, at most
// `rows_per_run` per run (it asks to run again while there are more).
jobs::Job prune_idempotency_keys(store::Db& db, std::int64_t retention_us, int rows_per_run);

}  // namespace sangsaeng::api
