// Customers for tests that need many buyers: written straight into the store, each with an API
// token (a sign-up each would spend the test hashing passwords). Header-only: its users link
// ss_accounts already. REQUIRES: the demo's admin exists (it issues the tokens).
#pragma once

#include <string>
#include <vector>

#include "accounts/service.h"
#include "core/id.h"
#include "store/db.h"

namespace sangsaeng::testing {

// Returns the bearer tokens of `n` new customers.
inline std::vector<std::string> add_customers(store::Db& db, int n) {
  accounts::AccountService accounts(db);
  const Id admin = accounts.find_user_by_email("admin@sangsaeng.test")->id;
  std::vector<std::string> tokens;
  for (int i = 0; i < n; ++i) {
    const long long id = ids().next();
    db.write([&](soci::session& s) {
      const std::string email = "buyer" + std::to_string(id) + "@test";
      s << "INSERT INTO users (id, email, display_name, password_hash, created_at) "
           "VALUES (:id, :e, '구매자', 'x', 0)",
          soci::use(id), soci::use(email);
      s << "INSERT INTO user_roles (user_id, role, program) VALUES (:id, 'customer', '')",
          soci::use(id);
    });
    tokens.push_back(accounts.create_token(id, "test", admin, now_us()).value().second);
  }
  return tokens;
}

}  // namespace sangsaeng::testing
