// The happiness credit service on both databases: a partner's purchase earns credit at the
// rate of its time, once however often it is reported; a cancellation takes it back but never
// more than is left; refused requests are recorded; a crash between the record and the
// transfer is finished by post_unposted. The books verify after each step.
#include "giving/service.h"

#include <gtest/gtest.h>

#include "giving/signature.h"
#include "ledger/engine.h"
#include "ledger/verify.h"
#include "support/store_fixture.h"

namespace sangsaeng::giving {
namespace {

using testing::StoreTest;

constexpr UnixMicros kNow = 1'790'000'000LL * kMicrosPerSecond;  // 2026-09-21
constexpr UnixMicros kDay = 24 * 3600 * kMicrosPerSecond;

class GivingTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      for (int u = 1; u <= 2; ++u) {
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u) + ", 'c" + std::to_string(u) + "@t', 'C', 'x', 0)";
      }
    });
    ledger_ = std::make_unique<ledger::Engine>(*db_);
    service_ = std::make_unique<GivingService>(*db_, *ledger_,
                                               GivingOptions{.clock = [this] { return now_; }});
    // 1 % until ten days ago, 3 % since.
    auto added = service_->add_partner("행복상점",
                                       {{.starts_at_us = kNow - 100 * kDay, .rate_bp = 100},
                                        {.starts_at_us = kNow - 10 * kDay, .rate_bp = 300}},
                                       1);
    ASSERT_TRUE(added.ok()) << added.status().message();
    partner_ = added.value().partner;
    secret_ = added.value().secret;
  }
  void TearDown() override {
    service_.reset();
    ledger_.reset();
  }
  void expect_books_verify() {
    const auto report = ledger::verify(*db_);
    EXPECT_TRUE(report.ok()) << report.mismatch->kind << ": " << report.mismatch->message;
  }
  Purchase report(std::string ref, Id customer, std::int64_t won, UnixMicros at, bool created) {
    auto r = service_->report(partner_, {ref, customer, won, at});
    EXPECT_TRUE(r.ok()) << r.status().slug() << " " << r.status().message();
    if (!r.ok()) return {};
    EXPECT_EQ(r.value().created, created);
    return r.value().purchase;
  }
  PartnerRequest signed_request(std::string body, UnixMicros at) {
    const std::string ts = std::to_string(at / kMicrosPerSecond);
    PartnerRequest r{.key_id = partner_.key_id,
                     .timestamp = ts,
                     .signature = "",
                     .method = "POST",
                     .path = "/api/v1/giving/purchases",
                     .body = body,
                     .remote = "127.0.0.1"};
    r.signature = sign(secret_, {r.method, r.path, r.timestamp, r.body});
    return r;
  }

  UnixMicros now_ = kNow;
  std::unique_ptr<ledger::Engine> ledger_;
  std::unique_ptr<GivingService> service_;
  Partner partner_;
  std::string secret_;
};

TEST_P(GivingTest, PurchaseEarnsCreditAtTheRateOfItsTime) {
  const Purchase old = report("A-1", 1, 25'000, kNow - 20 * kDay, true);
  EXPECT_EQ(old.rate_bp, 100);
  EXPECT_EQ(old.credit_points, 250);
  const Purchase recent = report("A-2", 1, 12'345, kNow - kDay, true);
  EXPECT_EQ(recent.credit_points, 370);
  EXPECT_EQ(service_->balance(1), 620);
  EXPECT_EQ(service_->balance(2), 0);
  expect_books_verify();
}

TEST_P(GivingTest, ReportedAgainEarnsOnce) {
  const Purchase first = report("A-1", 1, 25'000, kNow - kDay, true);
  const Purchase again = report("A-1", 1, 25'000, kNow - kDay, false);
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(service_->balance(1), 750);
  auto differs = service_->report(partner_, {"A-1", 1, 30'000, kNow - kDay});
  ASSERT_FALSE(differs.ok());
  EXPECT_EQ(differs.status().slug(), "purchase-differs");
  EXPECT_EQ(service_->balance(1), 750);
  expect_books_verify();
}

TEST_P(GivingTest, BadReportsChangeNothing) {
  for (const PurchaseReport& bad : std::vector<PurchaseReport>{
           {"B-1", 99, 10'000, kNow - kDay},       // no such customer
           {"B-2", 1, 0, kNow - kDay},             // nothing paid
           {"B-3", 1, 10'000, kNow + kDay},        // in the future
           {"B-4", 1, 10'000, kNow - 200 * kDay},  // before the first rate
           {"", 1, 10'000, kNow - kDay},           // no id
       }) {
    auto r = service_->report(partner_, bad);
    ASSERT_FALSE(r.ok()) << bad.partner_purchase_id;
    EXPECT_EQ(r.status().code(), Code::invalid_argument) << bad.partner_purchase_id;
  }
  EXPECT_EQ(service_->balance(1), 0);
  EXPECT_EQ(service_->purchases(1, std::nullopt, 50).items.size(), 0u);
}

TEST_P(GivingTest, CancelTakesTheCreditBackOnce) {
  const Purchase p = report("A-1", 1, 25'000, kNow - kDay, true);
  report("A-2", 1, 10'000, kNow - kDay, true);
  EXPECT_EQ(service_->balance(1), 1'050);
  auto cancelled = service_->cancel(partner_, p.id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().message();
  EXPECT_EQ(cancelled.value().reversed_points, 750);
  EXPECT_EQ(service_->balance(1), 300);
  auto again = service_->cancel(partner_, p.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().reversed_points, 750);
  EXPECT_EQ(service_->balance(1), 300);
  expect_books_verify();
}

TEST_P(GivingTest, CancelNeverTakesMoreThanIsLeft) {
  const Purchase p = report("A-1", 1, 25'000, kNow - kDay, true);  // 750
  // 600 of it donated to a cause already (as the year-end settlement would).
  ledger::AccountDirectory dir(*db_, *ledger_);
  const Id customer =
      dir.find_or_open({.owner_kind = ledger::OwnerKind::customer,
                        .owner_ref = "1",
                        .code = kCustomerCredit,
                        .ledger = ledger::kLedgerCredit,
                        .flags = ledger::account_flags::kDebitsMustNotExceedCredits})
          .value();
  const Id cause = dir.find_or_open({.owner_kind = ledger::OwnerKind::charity,
                                     .owner_ref = "77",
                                     .code = 3,
                                     .ledger = ledger::kLedgerCredit})
                       .value();
  auto donated = ledger_
                     ->create_transfers({{.id = ids().next(),
                                          .debit_account_id = customer,
                                          .credit_account_id = cause,
                                          .amount = 600,
                                          .ledger = ledger::kLedgerCredit,
                                          .code = 3,
                                          .reference = "settlement"}})
                     .get();
  ASSERT_TRUE(donated.ok() && ledger::succeeded(donated.value()[0].code));
  auto cancelled = service_->cancel(partner_, p.id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().message();
  EXPECT_EQ(cancelled.value().reversed_points, 150);
  EXPECT_EQ(service_->balance(1), 0);
  expect_books_verify();
}

TEST_P(GivingTest, AnotherPartnersPurchaseCannotBeCancelled) {
  const Purchase p = report("A-1", 1, 25'000, kNow - kDay, true);
  auto other = service_->add_partner("다른상점", {{.starts_at_us = 0, .rate_bp = 100}}, 1);
  ASSERT_TRUE(other.ok());
  auto r = service_->cancel(other.value().partner, p.id);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::not_found);
  EXPECT_EQ(service_->balance(1), 750);
}

TEST_P(GivingTest, SignedRequestsAreCheckedAndRefusalsRecorded) {
  const auto good = signed_request("{}", kNow);
  auto ok = service_->authenticate(good);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok.value().id, partner_.id);
  EXPECT_EQ(ok.value().rates.size(), 2u);
  // The same request again: a replay.
  auto replay = service_->authenticate(good);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.status().slug(), "replayed-request");
  // Stale: signed ten minutes ago.
  auto stale = service_->authenticate(signed_request("{}", kNow - 600 * kMicrosPerSecond));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().slug(), "stale-timestamp");
  // Forged: the body changed after signing.
  auto forged = signed_request(R"({"amount_won":1})", kNow);
  forged.body = R"({"amount_won":1000000})";
  auto f = service_->authenticate(forged);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().slug(), "bad-signature");
  auto unknown = good;
  unknown.key_id = "gk_nobody";
  EXPECT_EQ(service_->authenticate(unknown).status().slug(), "unknown-partner");
  const auto refusals = service_->refusals(10);
  ASSERT_EQ(refusals.size(), 4u);
  EXPECT_EQ(refusals[0].reason, "unknown-partner");
  EXPECT_EQ(refusals[1].reason, "bad-signature");
  EXPECT_EQ(refusals[2].reason, "stale-timestamp");
  EXPECT_EQ(refusals[3].reason, "replayed-request");
  EXPECT_EQ(refusals[3].partner_id, partner_.id);
}

TEST_P(GivingTest, RecordedButUnpostedPurchaseIsPostedOnce) {
  // A crash after the record, before the transfer: the row is there, the books are not.
  const Purchase p{.id = ids().next(),
                   .partner_id = partner_.id,
                   .partner_purchase_id = "C-1",
                   .customer_id = 2,
                   .amount_won = 10'000,
                   .at_us = kNow - kDay,
                   .rate_bp = 300,
                   .credit_points = 300,
                   .transfer_id = ids().next(),
                   .created_at_us = kNow};
  db_->write([&](soci::session& s) { insert_purchase(s, p); });
  EXPECT_EQ(service_->balance(2), 0);
  auto posted = service_->post_unposted(10);
  ASSERT_TRUE(posted.ok());
  EXPECT_EQ(posted.value(), 1);
  EXPECT_EQ(service_->balance(2), 300);
  EXPECT_EQ(service_->post_unposted(10).value(), 0);
  // The partner's retry answers it as reported, and earns nothing more.
  report("C-1", 2, 10'000, kNow - kDay, false);
  EXPECT_EQ(service_->balance(2), 300);
  expect_books_verify();
}

INSTANTIATE_STORE_TESTS(GivingTest);

}  // namespace
}  // namespace sangsaeng::giving
