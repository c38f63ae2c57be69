// /api/v1/programs: the public catalogue; admins and a program's managers change its status.
#include <boost/json/array.hpp>

#include "api/modules.h"
#include "api/views.h"
#include "core/json.h"

namespace sangsaeng::api {

namespace json = boost::json;
using accounts::Action;
using http::Method;

namespace {

http::Response list(Deps& deps) {
  json::array items;
  for (const auto& p : deps.accounts.list_programs()) items.push_back(program_json(p));
  return json_response(200, json::object{{"items", items}, {"next_cursor", nullptr}});
}

http::Response get_one(Deps& deps, Call& call) {
  auto p = deps.accounts.find_program(call.req.params["slug"]);
  if (!p) return problem(Status::not_found("No program with this slug"));
  return json_response(200, program_json(*p));
}

// "2026-12-02", or null to clear; absent leaves the date as it is.
std::optional<std::optional<std::string>> date_field(FieldReader& r, const json::object& o,
                                                     const char* name) {
  if (!o.contains(name)) return std::nullopt;
  if (o.at(name).is_null()) return std::optional<std::string>();
  auto text = r.optional_string(name, {.min_chars = 10, .max_chars = 10});
  if (text && !parse_date(*text)) r.add_error(name, "must be a date like 2026-12-02");
  return text;
}

http::Response patch(Deps& deps, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  accounts::ProgramPatch patch;
  if (body->contains("status"))
    patch.status = r.string("status", {.min_chars = 1, .max_chars = 64});
  patch.starts_on = date_field(r, body.value(), "starts_on");
  patch.ends_on = date_field(r, body.value(), "ends_on");
  r.reject_unknown({"status", "starts_on", "ends_on"});
  if (!r.ok()) return problem(r.status());
  auto updated = deps.accounts.update_program(call.req.params["slug"], patch);
  if (!updated.ok()) return problem(updated.status());
  return json_response(200, program_json(updated.value()));
}

}  // namespace

void add_programs_routes(Routes& routes) {
  Deps& d = routes.deps();
  routes.add({Method::get, "/api/v1/programs", {Action::public_read}},
             [&d](Call&) { return list(d); });
  routes.add({Method::get, "/api/v1/programs/{slug}", {Action::public_read}},
             [&d](Call& c) { return get_one(d, c); });
  routes.add(
      {Method::patch, "/api/v1/programs/{slug}", {Action::update_program, "slug"}, false, 4096},
      [&d](Call& c) { return patch(d, c); });
}

}  // namespace sangsaeng::api
