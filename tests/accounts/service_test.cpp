#include "accounts/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

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

TEST_P(AccountsTest, SignUpMakesASignedInCustomerOnce) {
  auto session = svc_->signup({"New@Example.kr", "새 고객", "correct horse battery"}, kNow);
  ASSERT_TRUE(session.ok()) << session.status().message();
  EXPECT_EQ(session->user.email, "new@example.kr");
  ASSERT_EQ(session->user.roles.size(), 1u);
  EXPECT_EQ(session->user.roles[0], (RoleGrant{Role::customer, ""}));
  EXPECT_FALSE(session->user.org_id);
  auto p = svc_->session_principal(session->secret, kNow);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->user.id, session->user.id);
  auto again = svc_->signup({"NEW@example.kr", "x", "correct horse battery"}, kNow);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Code::conflict);
  EXPECT_EQ(again.status().slug(), "email-taken");
  auto bad = svc_->signup({"nope", "x", "short"}, kNow);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().fields().size(), 2u);  // email, password
}

// The UNIQUE constraints decide: duplicates sent at once get conflict, never an exception.
TEST_P(AccountsTest, ConcurrentDuplicatesGetConflictNotAnError) {
  constexpr int kThreads = 8;
  std::atomic<int> created{0}, conflicts{0}, orgs{0}, org_conflicts{0}, errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      try {
        auto u = svc_->create_user(
            {"same@example.kr", "x", "correct horse battery", std::nullopt, {{Role::helper, ""}}},
            kNow);
        if (u.ok()) ++created;
        if (!u.ok() && u.status().slug() == "email-taken") ++conflicts;
        auto o = svc_->create_org("같은 이름", OrgKind::charity, kNow);
        if (o.ok()) ++orgs;
        if (!o.ok() && o.status().slug() == "org-exists") ++org_conflicts;
      } catch (const std::exception&) {
        ++errors;  // the old count-then-insert: a unique violation on PostgreSQL
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  EXPECT_EQ(orgs.load(), 1);
  EXPECT_EQ(org_conflicts.load(), kThreads - 1);
  EXPECT_EQ(errors.load(), 0);
}

TEST_P(AccountsTest, OrganisationsAndTokensPageNewestFirst) {
  const User admin = make_user("admin@example.kr", {{Role::admin, ""}});
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(svc_->create_org("기관 " + std::to_string(i), OrgKind::merchant, kNow).ok());
    ASSERT_TRUE(svc_->create_token(admin.id, "t" + std::to_string(i), admin.id, kNow).ok());
  }
  auto first = svc_->list_orgs(std::nullopt, 3);
  ASSERT_EQ(first.items.size(), 3u);
  EXPECT_EQ(first.items[0].name, "기관 4");
  ASSERT_TRUE(first.next);
  auto second = svc_->list_orgs(first.next, 3);
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[1].name, "기관 0");
  EXPECT_FALSE(second.next);
  EXPECT_EQ(svc_->find_org_by_name("기관 2")->kind, OrgKind::merchant);
  EXPECT_FALSE(svc_->find_org_by_name("없음"));

  auto tokens = svc_->list_tokens(std::nullopt, 2);
  ASSERT_EQ(tokens.items.size(), 2u);
  EXPECT_EQ(tokens.items[0].name, "t4");
  std::size_t seen = tokens.items.size();
  while (tokens.next) {
    tokens = svc_->list_tokens(tokens.next, 2);
    seen += tokens.items.size();
  }
  EXPECT_EQ(seen, 5u);
  EXPECT_EQ(tokens.items.back().name, "t0");
}

TEST(Vocabularies, WordsAreReadHereAndBadOnesNameTheChoices) {
  EXPECT_EQ(role_from("role", "manager").value(), Role::manager);
  auto king = role_from("roles[0].role", "king");
  ASSERT_FALSE(king.ok());
  ASSERT_EQ(king.status().fields().size(), 1u);
  EXPECT_EQ(king.status().fields()[0].field, "roles[0].role");
  EXPECT_EQ(king.status().fields()[0].message,
            "must be one of: admin, manager, merchant, helper, customer, auditor");
  EXPECT_EQ(org_kind_from("kind", "charity").value(), OrgKind::charity);
  EXPECT_EQ(org_kind_from("kind", "bank").status().fields()[0].message,
            "must be one of: company, merchant, charity");
  EXPECT_TRUE(check_program_status("status", "paused").ok());
  EXPECT_EQ(check_program_status("status", "closed").fields()[0].message,
            "must be one of: active, preparing, paused, ended");
}

TEST_P(AccountsTest, AProgramStatusOutsideTheVocabularyIsRefused) {
  auto bad = svc_->update_program("market", {.status = "closed"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::invalid_argument);
  EXPECT_EQ(bad.status().fields()[0].field, "status");
  EXPECT_NE(svc_->find_program("market")->status, "closed");
}

INSTANTIATE_STORE_TESTS(AccountsTest);

}  // namespace
}  // namespace sangsaeng::accounts
