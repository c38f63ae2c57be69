#include <sodium.h>

#include <boost/json/serialize.hpp>

#include "accounts/secrets.h"
#include "api/api.h"
#include "store/idempotency.h"

namespace sangsaeng::api {

namespace {

bool unsafe(http::Method m) {
  return m != http::Method::get && m != http::Method::head && m != http::Method::options;
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Idempotency keys: 1-128 visible ASCII characters.
bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > 128) return false;
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7E) return false;
  return true;
}

}  // namespace

void Routes::add(RouteSpec spec, ApiHandler handler) {
  specs_.push_back(spec);
  router_.add(
      spec.method, spec.pattern,
      [this, spec, handler = std::move(handler)](http::Request& req) {
        return guarded(spec, handler, req);
      },
      http::RouteOptions{.body_limit_bytes = spec.body_limit_bytes});
}

http::Response Routes::guarded(const RouteSpec& spec, const ApiHandler& handler,
                               http::Request& req) {
  const accounts::Principal* p = principal_of(req);
  const std::string program =
      spec.access.program_param.empty() ? "" : req.params[spec.access.program_param];
  if (spec.access.action != accounts::Action::public_read && p == nullptr)
    return http::problem(401, "unauthenticated", "Sign-in required",
                         "Sign in, or send a valid bearer token.");
  if (!accounts::allowed(p, spec.access.action, program))
    return http::problem(403, "forbidden", "Not allowed", "Your role does not allow this.");
  // Cookie sessions must prove the request comes from our page (double-submit token).
  // Public routes (log-in, sign-up) act on no session, so they need no token even when the
  // browser still holds a live session cookie; SameSite=Lax guards them from other sites.
  if (p != nullptr && !p->via_token && unsafe(spec.method) &&
      spec.access.action != accounts::Action::public_read &&
      !same_secret(req.header("X-CSRF-Token"), p->csrf_token))
    return http::problem(403, "csrf", "CSRF token missing or wrong",
                         "Send the X-CSRF-Token header the log-in answer gave you.");
  Call call{req, p, now_us(), std::nullopt};
  http::Response response = spec.idempotent ? with_idempotency(spec, handler, call) : handler(call);
  if (unsafe(spec.method) && response.status >= 200 && response.status < 300 &&
      response.header_value("Idempotent-Replayed").empty())
    audit(spec, call, response);
  return response;
}

http::Response Routes::with_idempotency(const RouteSpec& spec, const ApiHandler& handler,
                                        Call& call) {
  const std::string key(call.req.header("Idempotency-Key"));
  if (key.empty()) return handler(call);
  if (!valid_key(key))
    return http::problem(400, "bad-idempotency-key", "Bad Idempotency-Key",
                         "Use 1 to 128 visible ASCII characters, e.g. a UUID.");
  const std::string principal = call.principal ? "user:" + std::to_string(call.principal->user.id)
                                               : "addr:" + call.req.remote_addr;
  const std::string hash = accounts::secret_hash(std::string(http::to_string(spec.method)) + " " +
                                                 call.req.path + "\n" + call.req.body);
  if (auto first = store::find_answer(deps_.db, principal, key)) {
    if (first->request_hash != hash)
      return http::problem(422, "idempotency-key-reused", "Idempotency-Key reused",
                           "This key was used for a different request.");
    return http::Response::json(first->status, first->body).header("Idempotent-Replayed", "true");
  }
  http::Response response = handler(call);
  if (response.status >= 200 && response.status < 300)
    store::save_answer(deps_.db, principal, key, std::string(http::to_string(spec.method)),
                       call.req.path, {hash, response.status, response.body}, call.now);
  return response;
}

void Routes::audit(const RouteSpec& spec, const Call& call, const http::Response& response) {
  accounts::AuditEntry e = call.audit.value_or(accounts::AuditEntry{});
  e.at = call.now;
  if (!e.actor_id && call.principal) {
    e.actor_id = call.principal->user.id;
    e.actor_email = call.principal->user.email;
  }
  e.action = std::string(http::to_string(spec.method)) + " " + spec.pattern;
  if (e.target.empty()) e.target = call.req.path;
  e.remote_addr = call.req.remote_addr;
  e.request_id = call.req.request_id;
  e.status = response.status;
  deps_.accounts.record(e);
}

}  // namespace sangsaeng::api
