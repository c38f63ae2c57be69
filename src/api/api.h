// The API layer: thin handlers that parse, call a domain service, and write the response.
// Routes are registered through Routes, which puts every route behind one guard:
//   sign-in and policy check (accounts/policy.h) -> CSRF check for cookie sessions on
//   unsafe methods -> Idempotency-Key reservation (or replay) -> handler -> audit entry for
//   successful writes.
// A database that cannot be used (store::DbUnavailable, anywhere behind the guard) answers 503
// with Retry-After; any other exception still becomes a 500.
// A successful write is answered only once its audit entry (and Idempotency-Key answer) is
// committed; those records of many requests share commits (store/group_writer.h).
// Business rules never live here.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "accounts/policy.h"
#include "accounts/service.h"
#include "core/config.h"
#include "core/cursor.h"
#include "core/json.h"
#include "core/status.h"
#include "core/worker_pool.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "store/db.h"
#include "store/group_writer.h"
#include "store/idempotency.h"

namespace sangsaeng::api {

// What the handlers need. Owned by the server (api/server.h); outlives every request.
struct Deps {
  const Config& config;
  store::Db& db;
  accounts::AccountService& accounts;
  http::Metrics& metrics;
  // Log-in attempts per client address (against password guessing).
  http::RateLimiter& login_limiter;
  // Where password hashing runs (log-in, sign-up, password change); never an io thread.
  WorkerPool& password_pool;
};

// One call of a handler.
struct Call {
  http::Request& req;
  const accounts::Principal* principal;  // nullptr when anonymous
  UnixMicros now;
  // A handler may name the actor and target for the audit entry (e.g. log-in, which starts
  // anonymous); otherwise the principal and the request path are recorded.
  std::optional<accounts::AuditEntry> audit;
  // Routes whose domain keeps the Idempotency-Key (RouteSpec::domain_keys) only: appends the
  // audit entry of this call's successful answer `status`. The handler has its domain run it
  // in the transaction that makes the answer true; a success answered without it gets its
  // entry in a commit of its own. Owns copies of what it writes: it may outlive the call.
  std::function<void(soci::session&, int status)> record = {};
};

using ApiHandler = std::function<http::Response(Call&)>;

// Answers an asynchronous call. Call exactly once, from any thread; `answer` then builds the
// response on a Finishers thread, so a domain callback that must be quick (the ledger writer's)
// only moves its results into it.
using Answer = std::function<http::Response()>;
using Reply = std::function<void(Answer answer)>;
// Starts the work (e.g. submits it to the ledger's writer) and returns without waiting; the
// Call stays valid until `reply` is called. No io thread waits meanwhile.
using AsyncApiHandler = std::function<void(Call&, Reply reply)>;

struct Access {
  accounts::Action action = accounts::Action::public_read;
  // For per-program actions: the path parameter that names the program (e.g. "slug").
  std::string program_param = {};
};

struct RouteSpec {
  http::Method method;
  std::string pattern;
  Access access;
  // Accepts an Idempotency-Key header (routes that create or move something).
  bool idempotent = false;
  std::size_t body_limit_bytes = 64 * 1024;
  // The domain keeps the Idempotency-Key with what it writes and answers a retry itself (the
  // market's purchase: the order row carries its key). The guard then checks the key's form
  // only, reserves and stores nothing, and the audit entry goes with the domain's write
  // (Call::record): one commit per request instead of three. add_async routes only.
  bool domain_keys = false;
};

class Finishers;
class KeyClaim;
class KeysInFlight;

class Routes {
 public:
  Routes(http::Router& router, Deps& deps);
  // Runs the finishing still queued (see Finishers).
  ~Routes();
  void add(RouteSpec spec, ApiHandler handler);
  // The same guard around a handler that answers later. The finishing (the Idempotency-Key
  // answer, the audit entry) then runs on a Finishers thread, never on the domain's thread.
  void add_async(RouteSpec spec, AsyncApiHandler handler);
  // Routes registered so far (the role x route test and the OpenAPI check read them).
  const std::vector<RouteSpec>& specs() const { return specs_; }
  Deps& deps() { return deps_; }

 private:
  // A request's Idempotency-Key, once reserved for it (store/idempotency.h); key "" when the
  // request carries none. Shared by the handler's continuation and its records.
  struct Keyed {
    std::string principal, key, hash;
    std::string reservation;  // names this attempt in the key's row
    // Tells the requests with the same key waiting on this node how this one ended.
    std::shared_ptr<KeyClaim> claim;
  };
  // Runs the handler (on the io thread, or on a Finishers thread after the key's reservation
  // committed), then `finish`.
  using Run = std::function<void(std::shared_ptr<Keyed>, http::Done)>;

  // Whether a successful answer leaves records (audit entry, Idempotency-Key answer).
  static bool records(const RouteSpec& spec);
  // A read: answered on the io thread.
  http::Response guarded(const RouteSpec& spec, const ApiHandler& handler, http::Request& req);
  // A write: the handler runs on the io thread (on a Finishers thread once the request's
  // Idempotency-Key is reserved), the answer goes out after its records commit.
  void guarded_write(const RouteSpec& spec, const ApiHandler& handler, http::Request& req,
                     http::Done done);
  void guarded_async(const RouteSpec& spec, const AsyncApiHandler& handler, http::Request& req,
                     http::Done done);
  // A RouteSpec::domain_keys route: the handler runs on the io thread with Call::record set;
  // its answer goes out once the domain's write (with the audit entry) is durable.
  void guarded_domain_keyed(const RouteSpec& spec, const AsyncApiHandler& handler,
                            http::Request& req, http::Done done);
  // Sign-in, policy, CSRF: a refusal, or nullopt to go on.
  std::optional<http::Response> refuse(const RouteSpec& spec, http::Request& req) const;
  // Runs `run` once the request's Idempotency-Key is reserved for it, or at once when it
  // carries none. Otherwise answers without running it: the first answer replayed, 422 for
  // another request under the key, 409 while another attempt holds it. A request whose key
  // is held by a request on this node waits for that one's answer (no thread waits).
  void look_up(const RouteSpec& spec, const Call& call, http::Done done, Run run);
  void reserved(const store::KeyState& state, Status written, std::shared_ptr<Keyed> replay,
                http::Done done, const Run& run);
  // After the handler: a successful write's records (the answer for its key, its audit entry)
  // go to the group writer, and `done` gets the response once they are durable. A failure
  // releases the key (a retry may run) before it is answered.
  void finish(const RouteSpec& spec, const Call& call, std::shared_ptr<Keyed> replay,
              http::Response response, http::Done done);
  static store::KeyRequest key_request(const Keyed& replay, const std::string& method,
                                       const std::string& path);
  static accounts::AuditEntry audit_entry(const RouteSpec& spec, const Call& call, int status);

  http::Router& router_;
  Deps& deps_;
  std::vector<RouteSpec> specs_;
  // Declared in this order so that the finishers, which submit records, stop first, and the
  // keys in flight last (what the others drop may still answer their waiters).
  std::unique_ptr<KeysInFlight> in_flight_;
  std::unique_ptr<store::GroupWriter> records_;
  std::unique_ptr<Finishers> finishers_;
};

// --- helpers for handlers ---------------------------------------------------------------

// The problem response for a non-ok status (Code -> HTTP status, slug -> type); 503s carry
// Retry-After.
http::Response problem(const Status& status);
// 503 problem "database-unavailable" with Retry-After: the guard's answer when the database
// cannot be reached or the pool stays busy (store::DbUnavailable). Names no host or cause.
http::Response database_unavailable(int retry_after_s);
// Serialises `value` as a JSON response.
http::Response json_response(int status, const boost::json::value& value);
// Parses the body as one JSON object; a problem response (400/415) on failure.
Result<boost::json::object> body_object(const http::Request& req);
// ?limit= and ?cursor= for lists; field errors for bad values.
struct PageQuery {
  int limit = kPageLimitDefault;
  std::optional<Id> before;
};
Result<PageQuery> page_query(const http::Request& req);
// A page of a list: {"items": [...], "next_cursor": "..." | null}.
boost::json::object page_body(boost::json::array items, std::optional<Id> next);
template <class T, class ToJson>
http::Response page_response(const Page<T>& page, ToJson to_json) {
  boost::json::array items;
  for (const T& item : page.items) items.push_back(to_json(item));
  return json_response(200, page_body(std::move(items), page.next));
}
// Reads email, display_name and password (the fields every new user has) into `user`.
void read_new_user(FieldReader& reader, accounts::NewUser& user);
// Reads a body field that must be an id (a decimal string); a field error and nullopt if not.
std::optional<Id> read_id(FieldReader& reader, std::string_view name, bool required);
// For handlers that hash a password (argon2id, about 0.1 s of CPU: log-in, sign-up, password
// change, a new user): runs `work` on Deps::password_pool, never on an io thread, and replies
// with the answer it returns (500 if it throws). A full pool replies 503 "busy" with
// Retry-After at once: a rush of log-ins waits there, not in front of other requests.
void hash_off_io_threads(Deps& deps, const Reply& reply, std::function<Answer()> work);
// The same on any pool (e.g. settling an outage over many lines, decoding a photo): `busy`
// answers when its queue is full (a 503 with Retry-After).
void off_io_threads(WorkerPool& pool, const Reply& reply, std::function<Answer()> work,
                    Answer busy);
// Reads a path parameter that must be an id; nullopt if it is not one.
std::optional<Id> id_param(const http::Request& req, const std::string& name);

// Reads the principal that the auth middleware attached; nullptr when anonymous.
const accounts::Principal* principal_of(const http::Request& req);
// Resolves the session cookie or bearer token into the request context, and sets the
// per-account rate-limit key.
http::Middleware auth_middleware(Deps& deps);

// Cookie names.
inline constexpr const char* kSessionCookie = "ss_session";
inline constexpr const char* kCsrfCookie = "ss_csrf";

}  // namespace sangsaeng::api
