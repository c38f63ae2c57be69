#include <sodium.h>

#include <boost/json/serialize.hpp>
#include <cassert>

#include "accounts/secrets.h"
#include "api/api.h"
#include "api/finishers.h"
#include "store/group_writer.h"
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

Routes::Routes(http::Router& router, Deps& deps)
    : router_(router),
      deps_(deps),
      records_(std::make_unique<store::GroupWriter>(deps.db)),
      // Two threads keep up with the ledger's group commits; the queue is larger than the
      // ledger's own (4,096), so in normal operation nothing runs inline.
      finishers_(std::make_unique<Finishers>(2, 8192)) {}

Routes::~Routes() = default;

void Routes::add(RouteSpec spec, ApiHandler handler) {
  specs_.push_back(spec);
  const http::RouteOptions options{.body_limit_bytes = spec.body_limit_bytes};
  if (!records(spec)) {
    router_.add(
        spec.method, spec.pattern,
        [this, spec, handler = std::move(handler)](http::Request& req) {
          return guarded(spec, handler, req);
        },
        options);
    return;
  }
  // A write answers once its records are committed, without the io thread waiting for that.
  router_.add_async(
      spec.method, spec.pattern,
      [this, spec, handler = std::move(handler)](http::Request& req, http::Done done) {
        guarded_write(spec, handler, req, std::move(done));
      },
      options);
}

void Routes::add_async(RouteSpec spec, AsyncApiHandler handler) {
  specs_.push_back(spec);
  router_.add_async(
      spec.method, spec.pattern,
      [this, spec, handler = std::move(handler)](http::Request& req, http::Done done) {
        guarded_async(spec, handler, req, std::move(done));
      },
      http::RouteOptions{.body_limit_bytes = spec.body_limit_bytes});
}

bool Routes::records(const RouteSpec& spec) {
  return unsafe(spec.method) || spec.idempotent;
}

http::Response Routes::guarded(const RouteSpec& spec, const ApiHandler& handler,
                               http::Request& req) {
  assert(!records(spec));
  if (auto refusal = refuse(spec, req)) return std::move(*refusal);
  Call call{req, principal_of(req), now_us(), std::nullopt};
  try {
    return handler(call);
  } catch (const store::DbUnavailable& e) {
    return database_unavailable(e.retry_after_s());
  }
}

void Routes::guarded_write(const RouteSpec& spec, const ApiHandler& handler, http::Request& req,
                           http::Done done) {
  if (auto refusal = refuse(spec, req)) return done(std::move(*refusal));
  Call call{req, principal_of(req), now_us(), std::nullopt};
  Replay replay;
  http::Response response;
  try {
    replay = look_up(spec, call);
    if (!replay.answer) response = handler(call);
  } catch (const store::DbUnavailable& e) {
    return done(database_unavailable(e.retry_after_s()));
  }
  if (replay.answer) return done(std::move(*replay.answer));
  finish(spec, call, replay, std::move(response), std::move(done));
}

void Routes::guarded_async(const RouteSpec& spec, const AsyncApiHandler& handler,
                           http::Request& req, http::Done done) {
  if (auto refusal = refuse(spec, req)) return done(std::move(*refusal));
  // The call and what the guard learned live until the reply; `done` keeps `req` alive.
  auto call = std::make_shared<Call>(Call{req, principal_of(req), now_us(), std::nullopt});
  std::shared_ptr<Replay> replay;
  try {
    replay = std::make_shared<Replay>(look_up(spec, *call));
  } catch (const store::DbUnavailable& e) {
    return done(database_unavailable(e.retry_after_s()));
  }
  if (replay->answer) return done(std::move(*replay->answer));
  handler(*call, [this, spec, call, replay, done](Answer answer) {
    finishers_->post([this, spec, call, replay, done, answer = std::move(answer)] {
      http::Response response;
      try {
        response = answer();
      } catch (const store::DbUnavailable& e) {
        response = database_unavailable(e.retry_after_s());
      } catch (const std::exception&) {
        response = http::problem(500, "internal", "Internal error",
                                 "The request could not be completed; retry it.");
      }
      finish(spec, *call, *replay, std::move(response), done);
    });
  });
}

std::optional<http::Response> Routes::refuse(const RouteSpec& spec, http::Request& req) const {
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
  return std::nullopt;
}

Routes::Replay Routes::look_up(const RouteSpec& spec, const Call& call) {
  Replay replay;
  if (!spec.idempotent) return replay;
  const std::string key(call.req.header("Idempotency-Key"));
  if (key.empty()) return replay;
  if (!valid_key(key)) {
    replay.answer = http::problem(400, "bad-idempotency-key", "Bad Idempotency-Key",
                                  "Use 1 to 128 visible ASCII characters, e.g. a UUID.");
    return replay;
  }
  replay.principal = call.principal ? "user:" + std::to_string(call.principal->user.id)
                                    : "addr:" + call.req.remote_addr;
  replay.key = key;
  replay.hash = accounts::secret_hash(std::string(http::to_string(spec.method)) + " " +
                                      call.req.path + "\n" + call.req.body);
  if (auto first = store::find_answer(deps_.db, replay.principal, key)) {
    if (first->request_hash != replay.hash)
      replay.answer = http::problem(422, "idempotency-key-reused", "Idempotency-Key reused",
                                    "This key was used for a different request.");
    else
      replay.answer =
          http::Response::json(first->status, first->body).header("Idempotent-Replayed", "true");
  }
  return replay;
}

void Routes::finish(const RouteSpec& spec, const Call& call, const Replay& replay,
                    http::Response response, http::Done done) {
  const bool success = response.status >= 200 && response.status < 300;
  if (!success || !records(spec)) return done(std::move(response));
  // Everything the records need is copied now: the call ends when this returns.
  std::optional<accounts::AuditEntry> entry;
  if (unsafe(spec.method)) entry = audit_entry(spec, call, response);
  auto answer = std::make_shared<http::Response>(std::move(response));
  store::GroupWriter::Write write =
      [entry = std::move(entry), replay, method = std::string(http::to_string(spec.method)),
       path = call.req.path, now = call.now, status = answer->status,
       body = replay.key.empty() ? std::string() : answer->body](soci::session& s) {
        if (!replay.key.empty())
          store::save_answer(s, replay.principal, replay.key, method, path,
                             {replay.hash, status, body}, now);
        if (entry) accounts::append_audit(s, *entry);
      };
  records_->submit(std::move(write), [answer, done = std::move(done)](Status status) {
    // The write is done, its record is not: never claim success then; a retry with the same
    // Idempotency-Key is safe.
    if (status.code() == Code::unavailable) return done(database_unavailable(1));
    if (!status.ok())
      return done(http::problem(500, "internal", "Internal error",
                                "The request could not be recorded; retry it."));
    done(std::move(*answer));
  });
}

accounts::AuditEntry Routes::audit_entry(const RouteSpec& spec, const Call& call,
                                         const http::Response& response) {
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
  return e;
}

}  // namespace sangsaeng::api
