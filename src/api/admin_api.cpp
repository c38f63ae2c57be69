// Administration: organisations, users and roles, API tokens, the audit log.
#include <boost/json/array.hpp>

#include "api/modules.h"
#include "api/views.h"
#include "core/json.h"

namespace sangsaeng::api {

namespace json = boost::json;
using accounts::Action;
using http::Method;

namespace {

json::value cursor_json(const std::optional<Id>& next) {
  return next ? json::value(encode_cursor(*next)) : json::value(nullptr);
}

// Adds a domain check's field errors to the reader's.
void add_errors(FieldReader& r, const Status& status) {
  for (const auto& f : status.fields()) r.add_error(f.field, f.message);
}

http::Response list_orgs(Deps& deps, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  auto page = deps.accounts.list_orgs(q->before, q->limit);
  json::array items;
  for (const auto& o : page.items) items.push_back(org_json(o));
  return json_response(200,
                       json::object{{"items", items}, {"next_cursor", cursor_json(page.next)}});
}

http::Response create_org(Deps& deps, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  const std::string name = r.string("name", {.min_chars = 1, .max_chars = 100});
  const std::string word = r.string("kind", {.min_chars = 1, .max_chars = 64});
  const auto kind = accounts::org_kind_from("kind", word);
  if (!word.empty()) add_errors(r, kind.status());
  r.reject_unknown({"name", "kind"});
  if (!r.ok()) return problem(r.status());
  auto org = deps.accounts.create_org(name, kind.value(), call.now);
  if (!org.ok()) return problem(org.status());
  call.audit = accounts::AuditEntry{};
  call.audit->target = "org:" + id_to_string(org->id);
  return json_response(201, org_json(org.value()));
}

// roles: [{"role": "manager", "program": "market"}, {"role": "helper"}]
std::vector<accounts::RoleGrant> read_roles(FieldReader& r, const json::object& o) {
  std::vector<accounts::RoleGrant> out;
  const json::value* v = o.if_contains("roles");
  if (v == nullptr || !v->is_array() || v->as_array().empty() || v->as_array().size() > 20) {
    r.add_error("roles", "must be a list of 1 to 20 roles");
    return out;
  }
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const json::value& item = v->as_array()[i];
    const std::string field = "roles[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      r.add_error(field, "must be an object with role and program");
      continue;
    }
    FieldReader ri(item.as_object());
    const std::string word = ri.string("role", {.min_chars = 1, .max_chars = 64});
    const auto role = accounts::role_from("role", word);
    if (!word.empty()) add_errors(ri, role.status());
    const std::string program =
        ri.optional_string("program", {.min_chars = 1, .max_chars = 40}).value_or("");
    ri.reject_unknown({"role", "program"});
    if (!ri.ok()) {
      for (const auto& f : ri.status().fields()) r.add_error(field + "." + f.field, f.message);
      continue;
    }
    out.push_back({role.value(), program});
  }
  return out;
}

void create_user(Deps& deps, Call& call, Reply reply) {
  auto body = body_object(call.req);
  if (!body.ok()) return reply([status = body.status()] { return problem(status); });
  FieldReader r(body.value());
  accounts::NewUser u;
  read_new_user(r, u);
  if (auto org = r.optional_string("org_id", {.min_chars = 1, .max_chars = 20})) {
    u.org_id = parse_id(*org);
    if (!u.org_id) r.add_error("org_id", "is not an id");
  }
  u.roles = read_roles(r, body.value());
  r.reject_unknown({"email", "display_name", "password", "org_id", "roles"});
  if (!r.ok()) return reply([status = r.status()] { return problem(status); });
  hash_off_io_threads(deps, reply, [&deps, &call, u = std::move(u)]() -> Answer {
    auto created = deps.accounts.create_user(u, call.now);
    return [&call, created = std::move(created)] {
      if (!created.ok()) return problem(created.status());
      call.audit = accounts::AuditEntry{};
      call.audit->target = "user:" + id_to_string(created->id);
      return json_response(201, user_json(created.value()));
    };
  });
}

http::Response list_users(Deps& deps, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  auto page = deps.accounts.list_users(q->before, q->limit);
  json::array items;
  for (const auto& u : page.items) items.push_back(user_json(u));
  return json_response(200,
                       json::object{{"items", items}, {"next_cursor", cursor_json(page.next)}});
}

http::Response get_user(Deps& deps, Call& call) {
  auto id = id_param(call.req, "id");
  auto user = id ? deps.accounts.find_user(*id) : std::nullopt;
  if (!user) return problem(Status::not_found("No user with this id"));
  return json_response(200, user_json(*user));
}

http::Response list_tokens(Deps& deps, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  auto page = deps.accounts.list_tokens(q->before, q->limit);
  json::array items;
  for (const auto& t : page.items) items.push_back(token_json(t));
  return json_response(200,
                       json::object{{"items", items}, {"next_cursor", cursor_json(page.next)}});
}

http::Response create_token(Deps& deps, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  const std::string user = r.string("user_id", {.min_chars = 1, .max_chars = 20});
  const std::string name = r.string("name", {.min_chars = 1, .max_chars = 100});
  r.reject_unknown({"user_id", "name"});
  const auto user_id = parse_id(user);
  if (r.ok() && !user_id) r.add_error("user_id", "is not an id");
  if (!r.ok()) return problem(r.status());
  auto created = deps.accounts.create_token(*user_id, name, call.principal->user.id, call.now);
  if (!created.ok()) return problem(created.status());
  json::object out = token_json(created->first);
  out["token"] = created->second;  // shown once; only its hash is stored
  call.audit = accounts::AuditEntry{};
  call.audit->target = "token:" + id_to_string(created->first.id);
  return json_response(201, out).header("Cache-Control", "no-store");
}

http::Response revoke_token(Deps& deps, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No token with this id"));
  if (Status s = deps.accounts.revoke_token(*id, call.now); !s.ok()) return problem(s);
  return http::Response::empty(204);
}

http::Response list_audit(Deps& deps, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  auto page = deps.accounts.list_audit(q->before, q->limit);
  json::array items;
  for (const auto& e : page.items) items.push_back(audit_json(e));
  return json_response(200,
                       json::object{{"items", items}, {"next_cursor", cursor_json(page.next)}});
}

}  // namespace

void add_admin_routes(Routes& routes) {
  Deps& d = routes.deps();
  routes.add({Method::get, "/api/v1/orgs", {Action::read_users}},
             [&d](Call& c) { return list_orgs(d, c); });
  routes.add({Method::post, "/api/v1/orgs", {Action::manage_orgs}, true, 4096},
             [&d](Call& c) { return create_org(d, c); });
  routes.add({Method::get, "/api/v1/users", {Action::read_users}},
             [&d](Call& c) { return list_users(d, c); });
  routes.add_async({Method::post, "/api/v1/users", {Action::manage_users}, true, 8192},
                   [&d](Call& c, Reply reply) { create_user(d, c, std::move(reply)); });
  routes.add({Method::get, "/api/v1/users/{id}", {Action::read_users}},
             [&d](Call& c) { return get_user(d, c); });
  routes.add({Method::get, "/api/v1/tokens", {Action::manage_tokens}},
             [&d](Call& c) { return list_tokens(d, c); });
  routes.add({Method::post, "/api/v1/tokens", {Action::manage_tokens}, true, 4096},
             [&d](Call& c) { return create_token(d, c); });
  routes.add({Method::delete_, "/api/v1/tokens/{id}", {Action::manage_tokens}},
             [&d](Call& c) { return revoke_token(d, c); });
  routes.add({Method::get, "/api/v1/audit", {Action::read_audit}},
             [&d](Call& c) { return list_audit(d, c); });
}

}  // namespace sangsaeng::api
