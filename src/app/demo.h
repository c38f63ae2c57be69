// Demo data for `sangsaeng demo`: organisations, one user per role, program statuses.
// Idempotent: running it on a seeded database changes nothing.
#pragma once

#include "accounts/service.h"

namespace sangsaeng::app {

// The password of every demo user (the README lists the logins).
inline constexpr const char* kDemoPassword = "sangsaeng-demo";

// Returns true if it seeded, false if the data was already there.
bool seed_demo(accounts::AccountService& accounts, UnixMicros now);

}  // namespace sangsaeng::app
