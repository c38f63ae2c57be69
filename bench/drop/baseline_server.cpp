// The stock engines bench/drop compares the market's buy with, behind the same HTTP front
// (ss_http's server and router, no middleware), one decrement of one stock counter per
// POST, answered 201 once the engine says it is durable, 409 once the stock is gone:
//   POST /pg     PostgreSQL hot row: UPDATE stock SET n = n - 1 WHERE id = 1 AND n > 0,
//                autocommit (each request its own commit; PostgreSQL's WAL flush groups them)
//   POST /redis  a Lua script that decrements a key if positive; the server is expected to
//                run with appendonly yes, appendfsync always (run.sh starts it so)
// Each runs on a pool of `connections` threads with one connection each (thread-local, opened
// on first use), so the io threads never wait for the database. Without hiredis at build time
// /redis answers 501.
//
// Usage: drop_baseline_server <port> <threads> <connections> <pg-conninfo|-> [redis-port|-]
// It creates table `stock` (one row, n = 1e9) in the PostgreSQL database and sets Redis key
// `stock` to 1e9 at start.
#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/worker_pool.h"
#include "http/server.h"
#ifdef SANGSAENG_HAVE_HIREDIS
#include <hiredis/hiredis.h>
#endif

using namespace sangsaeng;
using namespace sangsaeng::http;

namespace {

constexpr std::size_t kQueueMax = 65'536;  // waiting requests; beyond it 503
constexpr const char* kStockStart = "1000000000";

std::string g_pg_conninfo;  // set once in main, read by the pool's threads
int g_redis_port = 0;

PGconn* pg_connect() {
  PGconn* c = PQconnectdb(g_pg_conninfo.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::fprintf(stderr, "postgres: %s", PQerrorMessage(c));
    std::exit(1);
  }
  return c;
}

// 1 when a unit was taken, 0 when none is left; exits on a database error (a bench).
int pg_take() {
  thread_local PGconn* conn = pg_connect();
  PGresult* r = PQexec(conn, "UPDATE stock SET n = n - 1 WHERE id = 1 AND n > 0");
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "postgres: %s", PQerrorMessage(conn));
    std::exit(1);
  }
  const int taken = std::atoi(PQcmdTuples(r));
  PQclear(r);
  return taken;
}

void pg_prepare() {
  PGconn* c = pg_connect();
  const std::string sql = std::string(
                              "DROP TABLE IF EXISTS stock; CREATE TABLE stock (id int PRIMARY KEY, "
                              "n bigint NOT NULL); INSERT INTO stock VALUES (1, ") +
                          kStockStart + ")";
  PGresult* r = PQexec(c, sql.c_str());
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "postgres: %s", PQerrorMessage(c));
    std::exit(1);
  }
  PQclear(r);
  PQfinish(c);
}

#ifdef SANGSAENG_HAVE_HIREDIS
constexpr const char* kTakeScript =
    "local n = tonumber(redis.call('GET', KEYS[1]) or '0') "
    "if n > 0 then redis.call('DECR', KEYS[1]) return 1 end return 0";

redisContext* redis_connect() {
  redisContext* c = redisConnect("127.0.0.1", g_redis_port);
  if (c == nullptr || c->err) {
    std::fprintf(stderr, "redis: cannot connect\n");
    std::exit(1);
  }
  return c;
}

int redis_take() {
  thread_local redisContext* conn = redis_connect();
  auto* r = static_cast<redisReply*>(redisCommand(conn, "EVAL %s 1 stock", kTakeScript));
  if (r == nullptr || r->type != REDIS_REPLY_INTEGER) {
    std::fprintf(stderr, "redis: %s\n", r != nullptr && r->str != nullptr ? r->str : "no reply");
    std::exit(1);
  }
  const int taken = static_cast<int>(r->integer);
  freeReplyObject(r);
  return taken;
}

void redis_prepare() {
  redisContext* c = redis_connect();
  freeReplyObject(redisCommand(c, "SET stock %s", kStockStart));
  redisFree(c);
}
#else
int redis_take() {
  return -1;
}
void redis_prepare() {}
#endif

// Answers on the pool: `take` returns 1 (201), 0 (409) or -1 (501: not built).
AsyncHandler on_pool(WorkerPool& pool, int (*take)()) {
  return [&pool, take](Request&, Done done) {
    auto job = [take, done] {
      const int taken = take();
      if (taken < 0) return done(problem(501, "not-built", "Built without hiredis"));
      if (taken == 0) return done(problem(409, "sold-out", "Sold out"));
      done(Response::json(201, R"({"status":"held"})"));
    };
    if (!pool.try_post(std::move(job))) done(problem(503, "busy", "Queue full"));
  };
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr,
                 "usage: %s <port> <threads> <connections> <pg-conninfo|-> [redis-port|-]\n",
                 argv[0]);
    return 2;
  }
  ServerOptions options;
  options.port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  options.threads = std::atoi(argv[2]);
  options.stop_on_signals = true;
  options.shutdown_grace_ms = 1000;
  options.access_log_name.clear();
  const int connections = std::max(1, std::atoi(argv[3]));
  if (std::strcmp(argv[4], "-") != 0) {
    g_pg_conninfo = argv[4];
    pg_prepare();
  }
  if (argc > 5 && std::strcmp(argv[5], "-") != 0) {
    g_redis_port = std::atoi(argv[5]);
    redis_prepare();
  }

  WorkerPool pg_pool(connections, kQueueMax, "pg");
  WorkerPool redis_pool(connections, kQueueMax, "redis");
  Router router;
  Metrics metrics;
  router.get("/healthz", [](Request&) { return Response::json(200, R"({"status":"ok"})"); });
  router.add_async(Method::post, "/pg", on_pool(pg_pool, pg_take));
  router.add_async(Method::post, "/redis", on_pool(redis_pool, redis_take));
  Server server(options, router, metrics);
  server.start();
  std::fprintf(stderr, "drop_baseline_server listening on %u with %d threads\n", server.port(),
               options.threads);
  server.wait();
  return 0;
}
