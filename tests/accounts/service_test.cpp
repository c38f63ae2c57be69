#include "accounts/service.h"

#include <gtest/gtest.h>

#include "support/store_fixture.h"

namespace sangsaeng::accounts {
namespace {

class AccountsTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    // The principal cache is on, as in production: every test below that ends a session or a
    // token also checks that this node stops honouring it at once.
    svc_ = std::make_unique<AccountService>(*db_, AccountOptions{.principal_cache_us = kCacheUs});
  }
  User make_user(const std::string& email, std::vector<RoleGrant> roles) {
    auto u =
        svc_->create_user({email, "사용자", "correct horse battery", std::nullopt, roles}, kNow);
    EXPECT_TRUE(u.ok()) << u.status().message();
    return u.value();
  }
  static constexpr UnixMicros kNow = 1'790'000'000'000'000;
  static constexpr std::int64_t kCacheUs = 2'000'000;
  std::unique_ptr<AccountService> svc_;
};

TEST_P(AccountsTest, LoginGivesASessionThatLogoutEnds) {
  make_user("Kim@Example.kr", {{Role::customer, ""}});
  auto session = svc_->login("kim@example.kr", "correct horse battery", kNow);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->user.email, "kim@example.kr");  // stored lower-case
  auto p = svc_->session_principal(session->secret, kNow + 1);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->has(Role::customer));
  EXPECT_EQ(p->csrf_token, session->csrf_token);
  EXPECT_FALSE(svc_->session_principal(session->secret, session->expires_at));  // expired
  svc_->logout(*p);
  EXPECT_FALSE(svc_->session_principal(session->secret, kNow + 2));
}

TEST_P(AccountsTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  make_user("lee@example.kr", {{Role::customer, ""}});
  auto wrong = svc_->login("lee@example.kr", "wrong password!", kNow);
  auto unknown = svc_->login("nobody@example.kr", "correct horse battery", kNow);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.status().slug(), "invalid-credentials");
  EXPECT_EQ(unknown.status().slug(), wrong.status().slug());
  EXPECT_EQ(unknown.status().message(), wrong.status().message());
}

TEST_P(AccountsTest, CreateUserValidatesAndRefusesDuplicates) {
  auto bad = svc_->create_user({"not-an-email", "x", "short", std::nullopt, {}}, kNow);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().fields().size(), 3u);  // email, password, roles
  auto no_program = svc_->create_user(
      {"m@example.kr", "m", "correct horse battery", std::nullopt, {{Role::manager, "nope"}}},
      kNow);
  EXPECT_FALSE(no_program.ok());
  make_user("dup@example.kr", {{Role::helper, ""}});
  auto dup = svc_->create_user(
      {"DUP@example.kr", "d", "correct horse battery", std::nullopt, {{Role::helper, ""}}}, kNow);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), Code::conflict);
}

TEST_P(AccountsTest, ChangingThePasswordEndsOtherSessions) {
  make_user("park@example.kr", {{Role::helper, ""}});
  auto phone = svc_->login("park@example.kr", "correct horse battery", kNow).value();
  auto laptop = svc_->login("park@example.kr", "correct horse battery", kNow).value();
  auto p = *svc_->session_principal(phone.secret, kNow);
  EXPECT_EQ(svc_->change_password(p, "wrong current pw", "a new long password", kNow).slug(),
            "invalid-credentials");
  EXPECT_EQ(svc_->change_password(p, "correct horse battery", "short", kNow).code(),
            Code::invalid_argument);
  ASSERT_TRUE(svc_->change_password(p, "correct horse battery", "a new long password", kNow).ok());
  EXPECT_TRUE(svc_->session_principal(phone.secret, kNow));
  EXPECT_FALSE(svc_->session_principal(laptop.secret, kNow));
  EXPECT_FALSE(svc_->login("park@example.kr", "correct horse battery", kNow).ok());
  EXPECT_TRUE(svc_->login("park@example.kr", "a new long password", kNow).ok());
}

TEST_P(AccountsTest, ApiTokensAuthenticateUntilRevoked) {
  const User admin = make_user("admin@example.kr", {{Role::admin, ""}});
  const User svc = make_user("svc@example.kr", {{Role::merchant, ""}});
  auto created = svc_->create_token(svc.id, "shop integration", admin.id, kNow);
  ASSERT_TRUE(created.ok());
  const auto& [token, text] = created.value();
  auto p = svc_->token_principal(text, kNow);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->via_token);
  EXPECT_EQ(p->user.id, svc.id);
  ASSERT_TRUE(svc_->revoke_token(token.id, kNow).ok());
  EXPECT_FALSE(svc_->token_principal(text, kNow));
  EXPECT_EQ(svc_->revoke_token(token.id, kNow).code(), Code::not_found);
  EXPECT_FALSE(svc_->token_principal("sst_forged", kNow));
}

// Another node (a second service on the same store) ends a session and revokes a token: this
// node, which has both principals cached, honours them for at most the cache's lifetime.
TEST_P(AccountsTest, AnotherNodesLogoutAndRevocationTakeEffectWithinTheCacheLifetime) {
  const User admin = make_user("admin@example.kr", {{Role::admin, ""}});
  make_user("choi@example.kr", {{Role::customer, ""}});
  auto session = svc_->login("choi@example.kr", "correct horse battery", kNow).value();
  auto token = svc_->create_token(admin.id, "batch", admin.id, kNow).value();
  ASSERT_TRUE(svc_->session_principal(session.secret, kNow));
  ASSERT_TRUE(svc_->token_principal(token.second, kNow));

  AccountService other_node(*db_, AccountOptions{.principal_cache_us = kCacheUs});
  other_node.logout(*other_node.session_principal(session.secret, kNow));
  ASSERT_TRUE(other_node.revoke_token(token.first.id, kNow).ok());
  EXPECT_FALSE(other_node.session_principal(session.secret, kNow));
  EXPECT_FALSE(other_node.token_principal(token.second, kNow));

  EXPECT_TRUE(svc_->session_principal(session.secret, kNow + kCacheUs - 1));  // still cached
  EXPECT_TRUE(svc_->token_principal(token.second, kNow + kCacheUs - 1));
  EXPECT_FALSE(svc_->session_principal(session.secret, kNow + kCacheUs));
  EXPECT_FALSE(svc_->token_principal(token.second, kNow + kCacheUs));
}

// A cached principal never outlives its session.
TEST_P(AccountsTest, ACachedSessionStillExpires) {
  make_user("jung@example.kr", {{Role::customer, ""}});
  auto session = svc_->login("jung@example.kr", "correct horse battery", kNow).value();
  const UnixMicros just_before = session.expires_at - 1;
  ASSERT_TRUE(svc_->session_principal(session.secret, just_before));
  EXPECT_FALSE(svc_->session_principal(session.secret, session.expires_at));
}

TEST_P(AccountsTest, AuditLogPagesNewestFirst) {
  for (int i = 0; i < 5; ++i)
    svc_->record(
        {0, kNow + i, std::nullopt, "", "POST /x", "t" + std::to_string(i), "127.0.0.1", "r", 201});
  auto first = svc_->list_audit(std::nullopt, 3);
  ASSERT_EQ(first.items.size(), 3u);
  EXPECT_EQ(first.items[0].target, "t4");
  ASSERT_TRUE(first.next);
  auto second = svc_->list_audit(first.next, 3);
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[1].target, "t0");
  EXPECT_FALSE(second.next);
}

TEST_P(AccountsTest, ProgramsCanBeUpdated) {
  EXPECT_EQ(svc_->list_programs().size(), 14u);
  auto updated =
      svc_->update_program("market", {.status = "active",
                                      .starts_on = std::optional<std::string>("2026-12-02"),
                                      .ends_on = std::optional<std::string>("2027-01-20")});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(svc_->find_program("market")->status, "active");
  EXPECT_EQ(svc_->find_program("market")->starts_on, "2026-12-02");
  auto backwards =
      svc_->update_program("market", {.ends_on = std::optional<std::string>("2026-01-01")});
  EXPECT_FALSE(backwards.ok());
  EXPECT_EQ(svc_->update_program("nope", {}).status().code(), Code::not_found);
}

INSTANTIATE_STORE_TESTS(AccountsTest);

}  // namespace
}  // namespace sangsaeng::accounts
