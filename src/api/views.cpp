#include "api/views.h"

#include <boost/json/array.hpp>

namespace sangsaeng::api {

namespace json = boost::json;

json::object user_json(const accounts::User& u) {
  json::array roles;
  for (const auto& g : u.roles)
    roles.push_back(json::object{
        {"role", accounts::to_string(g.role)},
        {"program", g.program.empty() ? json::value(nullptr) : json::value(g.program)}});
  json::value org = nullptr;
  if (u.org_id) org = json::object{{"id", id_to_string(*u.org_id)}, {"name", u.org_name}};
  return {{"id", id_to_string(u.id)},
          {"email", u.email},
          {"display_name", u.display_name},
          {"org", org},
          {"roles", roles},
          {"disabled", u.disabled},
          {"phone_verified", u.phone.has_value()},
          {"created_at", format_rfc3339(u.created_at)}};
}

json::object org_json(const accounts::Org& o) {
  return {{"id", id_to_string(o.id)}, {"name", o.name}, {"kind", accounts::to_string(o.kind)}};
}

json::object program_json(const accounts::Program& p) {
  auto opt = [](const std::optional<std::string>& v) {
    return v ? json::value(*v) : json::value(nullptr);
  };
  return {{"slug", p.slug},
          {"name_ko", p.name_ko},
          {"name_en", p.name_en},
          {"summary_ko", p.summary_ko},
          {"summary_en", p.summary_en},
          {"status", p.status},
          {"starts_on", opt(p.starts_on)},
          {"ends_on", opt(p.ends_on)}};
}

json::object audit_json(const accounts::AuditEntry& e) {
  json::value actor = nullptr;
  if (e.actor_id) actor = json::object{{"id", id_to_string(*e.actor_id)}, {"email", e.actor_email}};
  return {
      {"id", id_to_string(e.id)},   {"at", format_rfc3339(e.at)}, {"actor", actor},
      {"action", e.action},         {"target", e.target},         {"remote_addr", e.remote_addr},
      {"request_id", e.request_id}, {"status", e.status}};
}

json::object token_json(const accounts::ApiToken& t) {
  return {{"id", id_to_string(t.id)},
          {"user", json::object{{"id", id_to_string(t.user_id)}, {"email", t.user_email}}},
          {"name", t.name},
          {"created_at", format_rfc3339(t.created_at)},
          {"revoked_at",
           t.revoked_at ? json::value(format_rfc3339(*t.revoked_at)) : json::value(nullptr)}};
}

}  // namespace sangsaeng::api
