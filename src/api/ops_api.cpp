// Operations: liveness, readiness, metrics, and the OpenAPI document.
#include "api/modules.h"

namespace sangsaeng::api {

const char* openapi_document();  // docs/openapi.json, embedded at build time

namespace {
using accounts::Action;
using http::Method;
}  // namespace

void add_ops_routes(Routes& routes) {
  Deps& d = routes.deps();
  routes.add({Method::get, "/healthz", {Action::public_read}},
             [](Call&) { return http::Response::json(200, R"({"status":"ok"})"); });
  routes.add({Method::get, "/readyz", {Action::public_read}}, [&d](Call&) {
    // Also what reconnects an idle node: a load balancer polling here finds the database back.
    if (!d.db.ping())
      return http::problem(503, "not-ready", "Database unreachable").header("Retry-After", "1");
    return http::Response::json(200, R"({"status":"ready"})");
  });
  routes.add({Method::get, "/metrics", {Action::public_read}}, [&d](Call&) {
    return http::Response::text(200, d.metrics.render(),
                                "text/plain; version=0.0.4; charset=utf-8");
  });
  routes.add({Method::get, "/api/v1/openapi.json", {Action::public_read}},
             [](Call&) { return http::Response::json(200, openapi_document()); });
}

}  // namespace sangsaeng::api
