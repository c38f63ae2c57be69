// Phone verification: normalising Korean mobile numbers, codes that expire and die after a few
// wrong tries, proofs used once, and one account per verified phone (also under concurrent
// sign-ups, on both databases).
#include "accounts/phone.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "accounts/service.h"
#include "support/store_fixture.h"

namespace sangsaeng::accounts {
namespace {

TEST(NormalizeKoreanMobile, AcceptsTheUsualSpellingsAsOneForm) {
  for (const char* text : {"010-1234-5678", "01012345678", "010 1234 5678", "+82 10-1234-5678",
                           "+821012345678", "821012345678", "+82 010-1234-5678", "(010)1234.5678"})
    EXPECT_EQ(normalize_korean_mobile(text), "+821012345678") << text;
}

TEST(NormalizeKoreanMobile, RefusesOtherNumbers) {
  for (const char* text :
       {"", "02-123-4567", "011-123-4567", "010-123-456", "010-1234-56789", "+1 415 555 0100",
        "010-1234-567a", "+8210123456789", "10-1234-5678", "0101234+5678"})
    EXPECT_FALSE(normalize_korean_mobile(text)) << text;
}

class PhoneTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    svc_ = std::make_unique<AccountService>(
        *db_, AccountOptions{.phone = {}, .phone_verifier = make_sandbox_verifier("123456")});
  }
  // A live proof for `phone` (start, then the sandbox's code).
  std::string proof_for(const std::string& phone, const std::string& addr = "198.51.100.7") {
    auto started = svc_->start_phone_verification(phone, addr, kNow);
    EXPECT_TRUE(started.ok()) << started.status().message();
    auto proof = svc_->verify_phone(started->verification_id, "123456", kNow + 1);
    EXPECT_TRUE(proof.ok()) << proof.status().message();
    return proof->proof;
  }
  static constexpr UnixMicros kNow = 1'790'000'000'000'000;
  std::unique_ptr<AccountService> svc_;
};

TEST_P(PhoneTest, TheSandboxCodeGivesAProofThatASignUpTakesOnce) {
  auto started = svc_->start_phone_verification("010-2222-3333", "198.51.100.7", kNow);
  ASSERT_TRUE(started.ok());
  auto proof = svc_->verify_phone(started->verification_id, "123456", kNow + 1);
  ASSERT_TRUE(proof.ok()) << proof.status().message();
  EXPECT_EQ(proof->phone, "+821022223333");
  auto session = svc_->signup({"a@example.kr", "가", "correct horse battery", proof->proof}, kNow);
  ASSERT_TRUE(session.ok()) << session.status().message();
  EXPECT_EQ(session->user.phone, "+821022223333");
  EXPECT_EQ(svc_->find_user(session->user.id)->phone, "+821022223333");
  // The proof is spent.
  auto again = svc_->signup({"b@example.kr", "나", "correct horse battery", proof->proof}, kNow);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().fields().at(0).field, "phone_proof");
  EXPECT_FALSE(svc_->find_user_by_email("b@example.kr"));
  // A second verification of the same phone proves it, but the phone makes one account.
  auto second = svc_->signup(
      {"c@example.kr", "다", "correct horse battery", proof_for("+82 10 2222 3333")}, kNow);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Code::conflict);
  EXPECT_EQ(second.status().slug(), "phone-in-use");
  EXPECT_FALSE(svc_->find_user_by_email("c@example.kr"));
}

TEST_P(PhoneTest, WrongCodesAreCountedAndTheFifthKillsTheVerification) {
  auto started = svc_->start_phone_verification("01044445555", "198.51.100.7", kNow);
  ASSERT_TRUE(started.ok());
  for (int i = 0; i < 5; ++i) {
    auto wrong = svc_->verify_phone(started->verification_id, "000000", kNow + 1);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.status().slug(), "wrong-code");
    EXPECT_EQ(wrong.status().fields().at(0).message,
              "is not right; " + std::to_string(4 - i) + " tries left");
  }
  // Even the right code is refused now.
  auto dead = svc_->verify_phone(started->verification_id, "123456", kNow + 2);
  ASSERT_FALSE(dead.ok());
  EXPECT_EQ(dead.status().slug(), "too-many-tries");
}

TEST_P(PhoneTest, ACodeExpiresAfterThreeMinutesAndAProofIsGivenOnce) {
  auto started = svc_->start_phone_verification("010-5555-6666", "198.51.100.7", kNow);
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(started->expires_at, kNow + 3 * 60 * kMicrosPerSecond);
  auto late = svc_->verify_phone(started->verification_id, "123456", started->expires_at);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().slug(), "code-expired");
  auto other = svc_->start_phone_verification("010-5555-6666", "198.51.100.7", kNow);
  ASSERT_TRUE(svc_->verify_phone(other->verification_id, "123456", kNow).ok());
  EXPECT_EQ(svc_->verify_phone(other->verification_id, "123456", kNow).status().slug(),
            "already-verified");
  EXPECT_EQ(svc_->verify_phone(424242, "123456", kNow).status().code(), Code::not_found);
}

TEST_P(PhoneTest, StartsAreLimitedPerPhoneAndPerAddress) {
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(svc_->start_phone_verification("010-7777-8888", "198.51.100.1", kNow + i).ok());
  auto sixth = svc_->start_phone_verification("010-7777-8888", "198.51.100.2", kNow + 5);
  ASSERT_FALSE(sixth.ok());
  EXPECT_EQ(sixth.status().code(), Code::resource_exhausted);
  // An hour later the phone may ask again.
  EXPECT_TRUE(
      svc_->start_phone_verification("010-7777-8888", "198.51.100.2", kNow + 3'600'000'001LL).ok());
  // One address, many phones: 20 an hour.
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(
        svc_->start_phone_verification("010-3000-" + std::to_string(1000 + i), "203.0.113.9", kNow)
            .ok());
  EXPECT_EQ(svc_->start_phone_verification("010-3000-2000", "203.0.113.9", kNow).status().slug(),
            "rate-limited");
  EXPECT_EQ(svc_->start_phone_verification("02-123-4567", "203.0.113.10", kNow).status().code(),
            Code::invalid_argument);
}

TEST_P(PhoneTest, AnAccountWithoutAPhoneAttachesOneOnce) {
  auto session = svc_->signup({"old@example.kr", "옛 고객", "correct horse battery"}, kNow);
  ASSERT_TRUE(session.ok());
  EXPECT_FALSE(session->user.phone);
  auto attached = svc_->attach_phone(session->user.id, proof_for("010-1111-2222"), kNow);
  ASSERT_TRUE(attached.ok()) << attached.status().message();
  EXPECT_EQ(attached->phone, "+821011112222");
  EXPECT_EQ(svc_->session_principal(session->secret, kNow)->user.phone, "+821011112222");
  auto twice = svc_->attach_phone(session->user.id, proof_for("010-1111-3333"), kNow);
  EXPECT_EQ(twice.status().slug(), "phone-already-set");
  // Another account cannot take a phone in use.
  auto other = svc_->signup({"new@example.kr", "새 고객", "correct horse battery"}, kNow);
  auto taken = svc_->attach_phone(other->user.id, proof_for("010-1111-2222"), kNow);
  EXPECT_EQ(taken.status().slug(), "phone-in-use");
  EXPECT_FALSE(svc_->find_user(other->user.id)->phone);
}

// Sign-ups with the same phone at once: the UNIQUE index decides, one account, the rest 409.
TEST_P(PhoneTest, ConcurrentSignUpsWithOnePhoneMakeOneAccount) {
  constexpr int kThreads = 5;  // the verifications one phone may start in an hour
  std::vector<std::string> proofs;
  for (int i = 0; i < kThreads; ++i) proofs.push_back(proof_for("010-9999-0000"));
  std::atomic<int> created{0}, in_use{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      auto r = svc_->signup(
          {"racer" + std::to_string(i) + "@example.kr", "경주", "correct horse battery", proofs[i]},
          kNow);
      if (r.ok())
        ++created;
      else if (r.status().slug() == "phone-in-use")
        ++in_use;
      else
        ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(in_use.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
}

INSTANTIATE_STORE_TESTS(PhoneTest);

}  // namespace
}  // namespace sangsaeng::accounts
