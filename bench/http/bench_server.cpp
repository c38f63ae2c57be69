// The server under test for bench/http: ss_http with the middleware chain a real request
// passes (request id, access log, metrics, rate limiter by address and account, a bearer
// token check), serving /healthz and an authenticated JSON read.
//
// Stand-in: the "authenticated JSON read" checks the bearer token against an in-memory map
// and returns a small JSON document. The real app checks tokens in the database
// (src/accounts); until bench/ exercises the app, this measures the HTTP layer only.
//
// Usage: bench_server <port> <threads> [--no-access-log]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

#include "http/rate_limiter.h"
#include "http/server.h"

using namespace sangsaeng::http;

namespace {

struct Principal {
  std::string account_id;
  std::string display_name;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <port> <threads> [--no-access-log]\n", argv[0]);
    return 2;
  }
  ServerOptions options;
  options.port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  options.threads = std::atoi(argv[2]);
  options.stop_on_signals = true;
  options.shutdown_grace_ms = 1000;
  if (argc > 3 && std::strcmp(argv[3], "--no-access-log") == 0) options.access_log_name.clear();

  const std::unordered_map<std::string, Principal> tokens{
      {"bench-token-1", {"acc_0001", "Kim Minji"}},
      {"bench-token-2", {"acc_0002", "Lee Jun"}},
  };

  Router router;
  Metrics metrics;
  router.get("/healthz", [](Request&) { return Response::json(200, R"({"status":"ok"})"); });
  router.get("/api/v1/accounts/me", [](Request& req) {
    const auto* who = std::any_cast<Principal>(&req.context);
    if (who == nullptr) return problem(401, "unauthenticated", "Authentication required");
    return Response::json(200, "{\"id\":\"" + who->account_id + "\",\"display_name\":\"" +
                                   json_escape(who->display_name) +
                                   "\",\"roles\":[\"customer\"],\"credit_points\":12500}");
  });
  router.get("/metrics", [&metrics](Request&) {
    return Response::text(200, metrics.render(), "text/plain; version=0.0.4");
  });

  RateLimiterOptions limits;  // generous: the bench measures the cost, not the limit
  limits.address_rate_per_s = 1e9;
  limits.address_burst = 1e9;
  limits.account_rate_per_s = 1e9;
  limits.account_burst = 1e9;
  limits.exempt_routes = {"/healthz", "/metrics"};
  RateLimiter limiter(limits);

  Server server(options, router, metrics);
  server.use(limiter.by_address());
  server.use([&tokens](Request& req) -> std::optional<Response> {
    if (!req.route.starts_with("/api/")) return std::nullopt;
    std::string_view auth = req.header("Authorization");
    if (!auth.starts_with("Bearer ")) {
      return problem(401, "unauthenticated", "Authentication required");
    }
    auto it = tokens.find(std::string(auth.substr(7)));
    if (it == tokens.end()) return problem(401, "unauthenticated", "Authentication required");
    req.context = it->second;
    req.rate_limit_key = it->second.account_id;
    return std::nullopt;
  });
  server.use(limiter.by_account());
  server.start();
  std::fprintf(stderr, "bench_server listening on %u with %d threads\n", server.port(),
               options.threads);
  server.wait();
  return 0;
}
