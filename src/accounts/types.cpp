#include "accounts/types.h"

namespace sangsaeng::accounts {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::admin:
      return "admin";
    case Role::manager:
      return "manager";
    case Role::merchant:
      return "merchant";
    case Role::helper:
      return "helper";
    case Role::customer:
      return "customer";
    case Role::auditor:
      return "auditor";
  }
  return "?";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : kAllRoles)
    if (to_string(r) == text) return r;
  return std::nullopt;
}

std::string_view to_string(OrgKind kind) {
  switch (kind) {
    case OrgKind::company:
      return "company";
    case OrgKind::merchant:
      return "merchant";
    case OrgKind::charity:
      return "charity";
  }
  return "?";
}

std::optional<OrgKind> parse_org_kind(std::string_view text) {
  for (OrgKind k : {OrgKind::company, OrgKind::merchant, OrgKind::charity})
    if (to_string(k) == text) return k;
  return std::nullopt;
}

bool Principal::has(Role role) const {
  for (const auto& g : user.roles)
    if (g.role == role) return true;
  return false;
}

bool Principal::manages(std::string_view program) const {
  for (const auto& g : user.roles)
    if (g.role == Role::manager && g.program == program) return true;
  return false;
}

}  // namespace sangsaeng::accounts
