// /api/v1/auth: log-in, log-out, who am I, password change, sign-up. The three that hash a
// password are asynchronous: their work runs on the password pool (Deps::password_pool).
#include <boost/json/array.hpp>

#include "api/api.h"
#include "api/modules.h"
#include "api/views.h"
#include "core/json.h"

namespace sangsaeng::api {

namespace json = boost::json;
using accounts::Action;
using http::Method;

namespace {

std::string cookie(const Config& config, const char* name, const std::string& value, bool http_only,
                   std::int64_t max_age_s) {
  std::string c = std::string(name) + "=" + value +
                  "; Path=/; SameSite=Lax; Max-Age=" + std::to_string(max_age_s);
  if (http_only) c += "; HttpOnly";
  if (config.secure_cookies) c += "; Secure";
  return c;
}

http::Response session_answer(const Config& config, const accounts::Session& s, UnixMicros now) {
  const std::int64_t max_age_s = (s.expires_at - now) / kMicrosPerSecond;
  return json_response(200, json::object{{"user", user_json(s.user)}, {"csrf_token", s.csrf_token}})
      .header("Set-Cookie", cookie(config, kSessionCookie, s.secret, true, max_age_s))
      .header("Set-Cookie", cookie(config, kCsrfCookie, s.csrf_token, false, max_age_s))
      .header("Cache-Control", "no-store");
}

http::Response too_many_attempts(std::string_view title, int wait_s) {
  return http::problem(429, "rate-limited", title, "Wait a minute and try again.")
      .header("Retry-After", std::to_string(wait_s));
}

void login(Deps& deps, Call& call, Reply reply) {
  if (int wait_s = deps.login_limiter.take(false, call.req.remote_addr); wait_s > 0)
    return reply([wait_s] { return too_many_attempts("Too many log-in attempts", wait_s); });
  auto body = body_object(call.req);
  if (!body.ok()) return reply([status = body.status()] { return problem(status); });
  FieldReader r(body.value());
  std::string email = r.string("email", {.min_chars = 1, .max_chars = 254});
  std::string password = r.string("password", {.min_chars = 1, .max_chars = 200, .trim = false});
  r.reject_unknown({"email", "password"});
  if (!r.ok()) return reply([status = r.status()] { return problem(status); });
  hash_off_io_threads(
      deps, reply,
      [&deps, &call, email = std::move(email), password = std::move(password)]() -> Answer {
        auto session = deps.accounts.login(email, password, call.now);
        return [&deps, &call, session = std::move(session)] {
          if (!session.ok()) return problem(session.status());
          call.audit = accounts::AuditEntry{};
          call.audit->actor_id = session->user.id;
          call.audit->actor_email = session->user.email;
          call.audit->target = "session";
          return session_answer(deps.config, session.value(), call.now);
        };
      });
}

http::Response logout(Deps& deps, Call& call) {
  deps.accounts.logout(*call.principal);
  return http::Response::empty(204)
      .header("Set-Cookie", cookie(deps.config, kSessionCookie, "", true, 0))
      .header("Set-Cookie", cookie(deps.config, kCsrfCookie, "", false, 0));
}

http::Response me(Call& call) {
  return json_response(200, json::object{{"user", user_json(call.principal->user)},
                                         {"csrf_token", call.principal->csrf_token}})
      .header("Cache-Control", "no-store");
}

void change_password(Deps& deps, Call& call, Reply reply) {
  auto body = body_object(call.req);
  if (!body.ok()) return reply([status = body.status()] { return problem(status); });
  FieldReader r(body.value());
  std::string current =
      r.string("current_password", {.min_chars = 1, .max_chars = 200, .trim = false});
  std::string next = r.string("new_password", {.min_chars = 1, .max_chars = 200, .trim = false});
  r.reject_unknown({"current_password", "new_password"});
  if (!r.ok()) return reply([status = r.status()] { return problem(status); });
  hash_off_io_threads(
      deps, reply,
      [&deps, &call, current = std::move(current), next = std::move(next)]() -> Answer {
        Status changed = deps.accounts.change_password(*call.principal, current, next, call.now);
        return [changed] {
          if (!changed.ok()) return problem(changed);
          return http::Response::empty(204);
        };
      });
}

// Self-service sign-up makes a customer account (other roles are granted by admins).
void signup(Deps& deps, Call& call, Reply reply) {
  if (int wait_s = deps.login_limiter.take(false, call.req.remote_addr); wait_s > 0)
    return reply([wait_s] { return too_many_attempts("Too many attempts", wait_s); });
  auto body = body_object(call.req);
  if (!body.ok()) return reply([status = body.status()] { return problem(status); });
  FieldReader r(body.value());
  accounts::NewUser u;
  read_new_user(r, u);
  std::string proof =
      r.optional_string("phone_proof", {.min_chars = 1, .max_chars = 128, .trim = false})
          .value_or("");
  r.reject_unknown({"email", "display_name", "password", "phone_proof"});
  if (!r.ok()) return reply([status = r.status()] { return problem(status); });
  hash_off_io_threads(
      deps, reply, [&deps, &call, u = std::move(u), proof = std::move(proof)]() -> Answer {
        auto session = deps.accounts.signup({u.email, u.display_name, u.password, proof}, call.now);
        return [&deps, &call, session = std::move(session)] {
          if (!session.ok()) return problem(session.status());
          call.audit = accounts::AuditEntry{};
          call.audit->actor_id = session->user.id;
          call.audit->actor_email = session->user.email;
          call.audit->target = "user:" + id_to_string(session->user.id);
          http::Response created = session_answer(deps.config, session.value(), call.now);
          created.status = 201;
          return created;
        };
      });
}

// Phone verification (accounts/phone.h): a code to the phone, then the code for a proof that
// a sign-up or a signed-in account takes.
http::Response start_phone(Deps& deps, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  std::string phone = r.string("phone", {.min_chars = 1, .max_chars = 32});
  r.reject_unknown({"phone"});
  if (!r.ok()) return problem(r.status());
  auto started = deps.accounts.start_phone_verification(phone, call.req.remote_addr, call.now);
  if (!started.ok()) {
    if (started.status().code() == Code::resource_exhausted)
      return problem(started.status()).header("Retry-After", "600");
    return problem(started.status());
  }
  return json_response(202,
                       json::object{{"verification_id", id_to_string(started->verification_id)},
                                    {"expires_at", format_rfc3339(started->expires_at)}})
      .header("Cache-Control", "no-store");
}

http::Response verify_phone(Deps& deps, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  auto id = read_id(r, "verification_id", true);
  std::string code = r.string("code", {.min_chars = 1, .max_chars = 16});
  r.reject_unknown({"verification_id", "code"});
  if (!r.ok()) return problem(r.status());
  auto proof = deps.accounts.verify_phone(*id, code, call.now);
  if (!proof.ok()) return problem(proof.status());
  return json_response(200, json::object{{"phone_proof", proof->proof},
                                         {"phone", proof->phone},
                                         {"expires_at", format_rfc3339(proof->expires_at)}})
      .header("Cache-Control", "no-store");
}

http::Response attach_phone(Deps& deps, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  std::string proof = r.string("phone_proof", {.min_chars = 1, .max_chars = 128, .trim = false});
  r.reject_unknown({"phone_proof"});
  if (!r.ok()) return problem(r.status());
  auto user = deps.accounts.attach_phone(call.principal->user.id, proof, call.now);
  if (!user.ok()) return problem(user.status());
  return json_response(200, json::object{{"user", user_json(user.value())}});
}

}  // namespace

void add_auth_routes(Routes& routes) {
  Deps& d = routes.deps();
  routes.add_async({Method::post, "/api/v1/auth/login", {Action::public_read}, false, 4096},
                   [&d](Call& c, Reply reply) { login(d, c, std::move(reply)); });
  routes.add_async({Method::post, "/api/v1/auth/signup", {Action::public_read}, true, 4096},
                   [&d](Call& c, Reply reply) { signup(d, c, std::move(reply)); });
  routes.add({Method::post, "/api/v1/auth/phone/start", {Action::public_read}, false, 1024},
             [&d](Call& c) { return start_phone(d, c); });
  routes.add({Method::post, "/api/v1/auth/phone/verify", {Action::public_read}, false, 1024},
             [&d](Call& c) { return verify_phone(d, c); });
  routes.add({Method::post, "/api/v1/auth/phone", {Action::signed_in}, false, 1024},
             [&d](Call& c) { return attach_phone(d, c); });
  routes.add({Method::post, "/api/v1/auth/logout", {Action::signed_in}},
             [&d](Call& c) { return logout(d, c); });
  routes.add({Method::get, "/api/v1/auth/me", {Action::signed_in}}, [](Call& c) { return me(c); });
  routes.add_async({Method::post, "/api/v1/auth/password", {Action::signed_in}, false, 4096},
                   [&d](Call& c, Reply reply) { change_password(d, c, std::move(reply)); });
}

}  // namespace sangsaeng::api
