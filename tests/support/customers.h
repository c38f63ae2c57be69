// Customers for tests that need many buyers: written straight into the store, each with an API
// token (a sign-up each would spend the test hashing passwords) and a verified phone (the market
// sells only to those). Header-only: its users link
// ss_accounts already. REQUIRES: the demo's admin exists (it issues the tokens).
#pragma once

#include <atomic>
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
  static std::atomic<int> phones{20'000'000};  // distinct in the process (+821020000000, ...)
  for (int i = 0; i < n; ++i) {
    const long long id = ids().next();
    db.write([&](soci::session& s) {
      const std::string email = "buyer" + std::to_string(id) + "@test";
      const std::string phone = "+8210" + std::to_string(phones++);
      s << "INSERT INTO users (id, email, display_name, password_hash, created_at, phone) "
           "VALUES (:id, :e, '구매자', 'x', 0, :p)",
          soci::use(id), soci::use(email), soci::use(phone);
      s << "INSERT INTO user_roles (user_id, role, program) VALUES (:id, 'customer', '')",
          soci::use(id);
    });
    tokens.push_back(accounts.create_token(id, "test", admin, now_us()).value().second);
  }
  return tokens;
}

}  // namespace sangsaeng::testing
