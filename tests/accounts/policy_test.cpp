#include "accounts/policy.h"

#include <gtest/gtest.h>

namespace sangsaeng::accounts {
namespace {

Principal as(Role role, std::string program = "") {
  Principal p;
  p.user.id = 1;
  p.user.roles = {{role, std::move(program)}};
  return p;
}

TEST(Policy, AnonymousMayOnlyReadPublicThings) {
  EXPECT_TRUE(allowed(nullptr, Action::public_read));
  for (Action a :
       {Action::signed_in, Action::read_audit, Action::manage_users, Action::write_books})
    EXPECT_FALSE(allowed(nullptr, a)) << to_string(a);
}

TEST(Policy, ManagersChangeOnlyTheirOwnProgram) {
  const Principal m = as(Role::manager, "market");
  EXPECT_TRUE(allowed(&m, Action::update_program, "market"));
  EXPECT_FALSE(allowed(&m, Action::update_program, "live"));
  const Principal admin = as(Role::admin);
  EXPECT_TRUE(allowed(&admin, Action::update_program, "live"));
}

TEST(Policy, AuditorsReadButNeverWrite) {
  const Principal a = as(Role::auditor);
  EXPECT_TRUE(allowed(&a, Action::read_audit));
  EXPECT_TRUE(allowed(&a, Action::read_books));
  EXPECT_FALSE(allowed(&a, Action::write_books));
  EXPECT_FALSE(allowed(&a, Action::manage_users));
}

TEST(Policy, TheMarketIsRunByItsManagerAndBoughtFromByCustomers) {
  const Principal market = as(Role::manager, "market"), live = as(Role::manager, "live");
  const Principal merchant = as(Role::merchant), customer = as(Role::customer);
  const Principal auditor = as(Role::auditor);
  EXPECT_TRUE(allowed(&market, Action::manage_market));
  EXPECT_FALSE(allowed(&live, Action::manage_market));
  EXPECT_TRUE(allowed(&merchant, Action::add_products));
  EXPECT_FALSE(allowed(&merchant, Action::manage_market));
  EXPECT_FALSE(allowed(&customer, Action::add_products));
  EXPECT_TRUE(allowed(&customer, Action::buy));
  EXPECT_FALSE(allowed(&merchant, Action::buy));
  EXPECT_TRUE(allowed(&auditor, Action::read_market_orders));
  EXPECT_FALSE(allowed(&auditor, Action::manage_market));
  EXPECT_FALSE(allowed(&customer, Action::read_market_orders));
}

TEST(Policy, MerchantsShipAndBuyersOrMerchantsRefund) {
  const Principal market = as(Role::manager, "market"), live = as(Role::manager, "live");
  const Principal merchant = as(Role::merchant), customer = as(Role::customer);
  const Principal auditor = as(Role::auditor), helper = as(Role::helper);
  EXPECT_TRUE(allowed(&merchant, Action::fulfil_orders));
  EXPECT_TRUE(allowed(&market, Action::fulfil_orders));
  EXPECT_FALSE(allowed(&live, Action::fulfil_orders));
  EXPECT_FALSE(allowed(&customer, Action::fulfil_orders));
  EXPECT_FALSE(allowed(&auditor, Action::fulfil_orders));
  EXPECT_TRUE(allowed(&customer, Action::refund_orders));
  EXPECT_TRUE(allowed(&merchant, Action::refund_orders));
  EXPECT_TRUE(allowed(&market, Action::refund_orders));
  EXPECT_FALSE(allowed(&auditor, Action::refund_orders));
  EXPECT_FALSE(allowed(&helper, Action::refund_orders));
}

TEST(Policy, DisabledUsersMayDoNothing) {
  Principal admin = as(Role::admin);
  admin.user.disabled = true;
  EXPECT_FALSE(allowed(&admin, Action::signed_in));
  EXPECT_FALSE(allowed(&admin, Action::manage_users));
}

}  // namespace
}  // namespace sangsaeng::accounts
