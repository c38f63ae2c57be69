#include "accounts/types.h"

#include <vector>

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

namespace {
constexpr OrgKind kAllOrgKinds[] = {OrgKind::company, OrgKind::merchant, OrgKind::charity};
}  // namespace

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
  for (OrgKind k : kAllOrgKinds)
    if (to_string(k) == text) return k;
  return std::nullopt;
}

namespace {
// invalid_argument on `field`: "must be one of: a, b, c".
template <class Words>
Status not_one_of(std::string_view field, const Words& words) {
  std::string list;
  for (std::string_view w : words) list += (list.empty() ? "" : ", ") + std::string(w);
  return Status::invalid(std::string(field), "must be one of: " + list);
}

template <class T, std::size_t N>
std::vector<std::string_view> words_of(const T (&values)[N]) {
  std::vector<std::string_view> out;
  for (T v : values) out.push_back(to_string(v));
  return out;
}
}  // namespace

Result<Role> role_from(std::string_view field, std::string_view word) {
  if (auto role = parse_role(word)) return *role;
  return not_one_of(field, words_of(kAllRoles));
}

Result<OrgKind> org_kind_from(std::string_view field, std::string_view word) {
  if (auto kind = parse_org_kind(word)) return *kind;
  return not_one_of(field, words_of(kAllOrgKinds));
}

Status check_program_status(std::string_view field, std::string_view word) {
  for (std::string_view s : kProgramStatuses)
    if (s == word) return {};
  return not_one_of(field, kProgramStatuses);
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
