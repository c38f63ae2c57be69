// Shared by the accounts' sources only (not part of the module's contract).
#pragma once

#include <cstdint>

#include "core/id.h"

namespace sangsaeng::accounts {

// The cursor of a first page: every id is below it (lists run newest first, by id).
constexpr Id kNoCursor = INT64_MAX;

// The credential a principal is read by (AccountService::load_credential), with its user's
// organisation and roles joined, one row per role.
#define SANGSAENG_CREDENTIAL_JOINS                                           \
  " c JOIN users u ON u.id = c.user_id LEFT JOIN orgs o ON o.id = u.org_id " \
  "LEFT JOIN user_roles r ON r.user_id = u.id ORDER BY r.role, r.program"
inline constexpr const char* kPrincipalBySession =
    "(SELECT user_id, csrf_token AS csrf, expires_at FROM sessions WHERE token_hash = "
    ":h)" SANGSAENG_CREDENTIAL_JOINS;
inline constexpr const char* kPrincipalByToken =
    "(SELECT user_id, '' AS csrf, 0 AS expires_at FROM api_tokens WHERE token_hash = :h AND "
    "revoked_at IS NULL)" SANGSAENG_CREDENTIAL_JOINS;
#undef SANGSAENG_CREDENTIAL_JOINS

}  // namespace sangsaeng::accounts
