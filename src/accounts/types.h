// Identity and access: organisations, users, roles, the signed-in principal, programs,
// audit entries. Plain values; the rules live in policy.h and service.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"

namespace sangsaeng::accounts {

enum class Role { admin, manager, merchant, helper, customer, auditor };
inline constexpr Role kAllRoles[] = {Role::admin,  Role::manager,  Role::merchant,
                                     Role::helper, Role::customer, Role::auditor};
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

// A role, and for managers the program they manage ("" for roles that are not per program).
struct RoleGrant {
  Role role;
  std::string program;
  bool operator==(const RoleGrant&) const = default;
};

enum class OrgKind { company, merchant, charity };
std::string_view to_string(OrgKind kind);
std::optional<OrgKind> parse_org_kind(std::string_view text);

// The vocabularies' words as the API and the store spell them; handlers read a word as text
// and ask here. *_from: the value, or invalid_argument on `field` naming the accepted words.
Result<Role> role_from(std::string_view field, std::string_view word);
Result<OrgKind> org_kind_from(std::string_view field, std::string_view word);
inline constexpr std::string_view kProgramStatuses[] = {"active", "preparing", "paused", "ended"};
Status check_program_status(std::string_view field, std::string_view word);

struct Org {
  Id id = 0;
  std::string name;
  OrgKind kind = OrgKind::company;
};

struct User {
  Id id = 0;
  std::string email;  // lower-case, unique
  std::string display_name;
  std::optional<Id> org_id;  // none for individual customers
  std::string org_name;
  std::vector<RoleGrant> roles;
  bool disabled = false;
  UnixMicros created_at = 0;
  std::optional<std::string> phone;  // verified, normalised (+8210...); none before
};

// Who is making a request: a signed-in user (session cookie) or an API token's user.
struct Principal {
  User user;
  bool via_token = false;   // bearer token: no CSRF check applies
  std::string csrf_token;   // the session's CSRF token ("" for tokens)
  std::string session_key;  // hash of the session secret ("" for tokens)

  bool has(Role role) const;
  bool manages(std::string_view program) const;
};

struct Program {
  std::string slug;
  std::string name_ko, name_en, summary_ko, summary_en;
  std::string status;                             // one of kProgramStatuses
  std::optional<std::string> starts_on, ends_on;  // YYYY-MM-DD (Seoul calendar)
};

struct AuditEntry {
  Id id = 0;
  UnixMicros at = 0;
  std::optional<Id> actor_id;
  std::string actor_email;
  std::string action;  // e.g. "POST /api/v1/users"
  std::string target;  // e.g. "user:123"
  std::string remote_addr;
  std::string request_id;
  int status = 0;
};

struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string user_email;
  std::string name;
  UnixMicros created_at = 0;
  std::optional<UnixMicros> revoked_at;
};

}  // namespace sangsaeng::accounts
