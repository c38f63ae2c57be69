#include <sodium.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cassert>

#include "accounts/secrets.h"
#include "api/api.h"
#include "api/finishers.h"
#include "api/keys_in_flight.h"
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

// A reservation that has not answered after this long was left by a process that died (no
// request runs this long: the HTTP layer gives up on it after 30 s); another attempt may take
// the key over then (docs/decisions.md).
constexpr UnixMicros kKeyAbandonedAfterUs = 120 * kMicrosPerSecond;

http::Response internal_error() {
  return http::problem(500, "internal", "Internal error",
                       "The request could not be completed; retry it.");
}

// Idempotency keys: 1-128 visible ASCII characters.
bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > 128) return false;
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7E) return false;
  return true;
}

}  // namespace

store::KeyRequest Routes::key_request(const Keyed& idem, const std::string& method,
                                      const std::string& path) {
  return {idem.principal, idem.key, method, path, idem.hash, idem.reservation};
}

Routes::Routes(http::Router& router, Deps& deps)
    : router_(router),
      deps_(deps),
      in_flight_(std::make_unique<KeysInFlight>()),
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
  if (spec.domain_keys) {
    router_.add_async(
        spec.method, spec.pattern,
        [this, spec, handler = std::move(handler)](http::Request& req, http::Done done) {
          guarded_domain_keyed(spec, handler, req, std::move(done));
        },
        http::RouteOptions{.body_limit_bytes = spec.body_limit_bytes});
    return;
  }
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
  // The call lives until the reply; `done` keeps `req` alive.
  auto call = std::make_shared<Call>(Call{req, principal_of(req), now_us(), std::nullopt});
  look_up(spec, *call, std::move(done),
          [this, spec, handler = &handler, call](std::shared_ptr<Keyed> idem, http::Done done) {
            http::Response response;
            try {
              response = (*handler)(*call);
            } catch (const store::DbUnavailable& e) {
              response = database_unavailable(e.retry_after_s());
            } catch (const std::exception&) {
              if (idem->key.empty()) throw;  // on the io thread, as without a key
              response = internal_error();   // on a Finishers thread: release the key
            }
            finish(spec, *call, std::move(idem), std::move(response), std::move(done));
          });
}

void Routes::guarded_async(const RouteSpec& spec, const AsyncApiHandler& handler,
                           http::Request& req, http::Done done) {
  if (auto refusal = refuse(spec, req)) return done(std::move(*refusal));
  // The call and what the guard learned live until the reply; `done` keeps `req` alive.
  auto call = std::make_shared<Call>(Call{req, principal_of(req), now_us(), std::nullopt});
  look_up(spec, *call, std::move(done),
          [this, spec, handler = &handler, call](std::shared_ptr<Keyed> idem, http::Done done) {
            Reply reply = [this, spec, call, idem, done](Answer answer) {
              finishers_->post([this, spec, call, idem, done, answer = std::move(answer)] {
                http::Response response;
                try {
                  response = answer();
                } catch (const store::DbUnavailable& e) {
                  response = database_unavailable(e.retry_after_s());
                } catch (const std::exception&) {
                  response = internal_error();
                }
                finish(spec, *call, idem, std::move(response), done);
              });
            };
            try {
              (*handler)(*call, std::move(reply));
            } catch (const store::DbUnavailable& e) {
              finish(spec, *call, idem, database_unavailable(e.retry_after_s()), done);
            } catch (const std::exception&) {
              if (idem->key.empty()) throw;  // on the io thread, as without a key
              finish(spec, *call, idem, internal_error(), done);  // it never replied
            }
          });
}

void Routes::guarded_domain_keyed(const RouteSpec& spec, const AsyncApiHandler& handler,
                                  http::Request& req, http::Done done) {
  assert(spec.idempotent && unsafe(spec.method));
  if (auto refusal = refuse(spec, req)) return done(std::move(*refusal));
  const std::string_view key = req.header("Idempotency-Key");
  if (!key.empty() && !valid_key(key))
    return done(http::problem(400, "bad-idempotency-key", "Bad Idempotency-Key",
                              "Use 1 to 128 visible ASCII characters, e.g. a UUID."));
  // The call lives until the reply; `done` keeps `req` alive.
  auto call = std::make_shared<Call>(Call{req, principal_of(req), now_us(), std::nullopt});
  const auto entry = std::make_shared<const accounts::AuditEntry>(audit_entry(spec, *call, 0));
  auto recorded = std::make_shared<std::atomic<bool>>(false);
  call->record = [entry, recorded](soci::session& s, int status) {
    accounts::AuditEntry e = *entry;
    e.status = status;
    accounts::append_audit(s, e);
    *recorded = true;  // read after the commit, through the domain's callback and the finishers
  };
  Reply reply = [this, call, entry, recorded, done](Answer answer) {
    finishers_->post([this, call, entry, recorded, done, answer = std::move(answer)] {
      http::Response response;
      try {
        response = answer();
      } catch (const store::DbUnavailable& e) {
        response = database_unavailable(e.retry_after_s());
      } catch (const std::exception&) {
        response = internal_error();
      }
      if (response.status < 200 || response.status >= 300 || *recorded)
        return done(std::move(response));
      // A success whose entry did not ride on the domain's write: a commit of its own.
      auto answered = std::make_shared<http::Response>(std::move(response));
      records_->submit(
          [entry, status = answered->status](soci::session& s) {
            accounts::AuditEntry e = *entry;
            e.status = status;
            accounts::append_audit(s, e);
          },
          [answered, done](Status written) {
            if (written.ok()) return done(std::move(*answered));
            if (written.code() == Code::unavailable) return done(database_unavailable(1));
            done(http::problem(500, "internal", "Internal error",
                               "The request could not be recorded; retry it."));
          });
    });
  };
  try {
    handler(*call, std::move(reply));
  } catch (const store::DbUnavailable& e) {
    done(database_unavailable(e.retry_after_s()));
  }
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

void Routes::look_up(const RouteSpec& spec, const Call& call, http::Done done, Run run) {
  auto idem = std::make_shared<Keyed>();
  const std::string key(spec.idempotent ? call.req.header("Idempotency-Key") : "");
  if (key.empty()) return run(std::move(idem), std::move(done));
  if (!valid_key(key))
    return done(http::problem(400, "bad-idempotency-key", "Bad Idempotency-Key",
                              "Use 1 to 128 visible ASCII characters, e.g. a UUID."));
  idem->principal = call.principal ? "user:" + std::to_string(call.principal->user.id)
                                   : "addr:" + call.req.remote_addr;
  idem->key = key;
  const std::string method(http::to_string(spec.method));
  idem->hash = accounts::secret_hash(method + " " + call.req.path + "\n" + call.req.body);
  // One request per key on this node asks the database; the others wait for its answer.
  const std::string id = idem->principal + "\n" + key;
  switch (in_flight_->join(id, idem->hash, done)) {
    case KeysInFlight::Join::waiting:
      return;
    case KeysInFlight::Join::full:
      return done(KeysInFlight::answer_for({}, idem->hash));
    case KeysInFlight::Join::first:
      break;
  }
  idem->claim = std::make_shared<KeyClaim>(*in_flight_, id);
  idem->reservation = accounts::random_secret(16);
  // The reservation shares a commit with other requests' records; no io thread waits for it.
  auto state = std::make_shared<store::KeyState>();
  records_->submit(
      [request = key_request(*idem, method, call.req.path), state,
       now = call.now](soci::session& s) {
        *state = store::reserve_key(s, request, now, now - kKeyAbandonedAfterUs);
      },
      [this, state, idem, done = std::move(done), run = std::move(run)](Status written) {
        // The writer's thread must not run handlers: hand over to a finisher.
        finishers_->post([this, state, idem, done, run, written] {
          reserved(*state, written, idem, done, run);
        });
      });
}

void Routes::reserved(const store::KeyState& state, Status written, std::shared_ptr<Keyed> idem,
                      http::Done done, const Run& run) {
  if (!written.ok()) {
    idem->claim->resolve({});
    if (written.code() == Code::unavailable) return done(database_unavailable(1));
    return done(http::problem(500, "internal", "Internal error",
                              "The Idempotency-Key could not be reserved; retry it."));
  }
  if (state.kind == store::KeyState::Kind::reserved) return run(std::move(idem), std::move(done));
  KeysInFlight::Outcome outcome{state.request_hash, std::nullopt};
  if (state.kind == store::KeyState::Kind::answered) outcome.answer = {state.status, state.body};
  idem->claim->resolve(outcome);
  done(KeysInFlight::answer_for(outcome, idem->hash));
}

void Routes::finish(const RouteSpec& spec, const Call& call, std::shared_ptr<Keyed> idem,
                    http::Response response, http::Done done) {
  const bool success = response.status >= 200 && response.status < 300;
  const bool keyed = !idem->key.empty();
  if (!records(spec) || (!success && !keyed)) return done(std::move(response));
  const std::string method(http::to_string(spec.method));
  auto answer = std::make_shared<http::Response>(std::move(response));
  if (!success) {
    // Failures are not stored: the key is released before the answer, so a retry runs.
    records_->submit([request = key_request(*idem, method, call.req.path)](
                         soci::session& s) { store::release_key(s, request); },
                     [answer, idem, done = std::move(done)](Status) {
                       idem->claim->resolve({});
                       done(std::move(*answer));
                     });
    return;
  }
  // Everything the records need is copied now: the call ends when this returns.
  std::optional<accounts::AuditEntry> entry;
  if (unsafe(spec.method)) entry = audit_entry(spec, call, answer->status);
  store::GroupWriter::Write write =
      [entry = std::move(entry), keyed, request = key_request(*idem, method, call.req.path),
       status = answer->status, body = keyed ? answer->body : std::string()](soci::session& s) {
        if (keyed) store::store_answer(s, request, status, body);
        if (entry) accounts::append_audit(s, *entry);
      };
  records_->submit(std::move(write), [answer, idem, done = std::move(done)](Status status) {
    // The write is done, its record is not: never claim success then. The key stays reserved
    // (a retry gets 409) until it counts as abandoned.
    if (!status.ok()) {
      if (idem->claim) idem->claim->resolve({});
      if (status.code() == Code::unavailable) return done(database_unavailable(1));
      return done(http::problem(500, "internal", "Internal error",
                                "The request could not be recorded; retry it."));
    }
    if (idem->claim) idem->claim->resolve({idem->hash, {{answer->status, answer->body}}});
    done(std::move(*answer));
  });
}

accounts::AuditEntry Routes::audit_entry(const RouteSpec& spec, const Call& call, int status) {
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
  e.status = status;
  return e;
}

}  // namespace sangsaeng::api
