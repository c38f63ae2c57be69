// The happiness credit service on both databases: a partner's purchase earns credit at the
// rate of its time, once however often it is reported; a cancellation takes it back but never
// more than is left; refused requests are recorded; a crash between the record and the
// transfer is finished by post_unposted. The books verify after each step.
#include "giving/service.h"

#include <gtest/gtest.h>

#include "figures/service.h"
#include "giving/public_figures.h"
#include "giving/signature.h"
#include "ledger/engine.h"
#include "ledger/queries.h"
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
                                     .code = kCauseCredit,
                                     .ledger = ledger::kLedgerCredit})
                       .value();
  auto donated = ledger_
                     ->create_transfers({{.id = ids().next(),
                                          .debit_account_id = customer,
                                          .credit_account_id = cause,
                                          .amount = 600,
                                          .ledger = ledger::kLedgerCredit,
                                          .code = kDonated,
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

TEST_P(GivingTest, ANewRateAppliesFromItsStartAndNeverToThePast) {
  auto past = service_->add_rate(partner_.id, {.starts_at_us = kNow - kDay, .rate_bp = 500});
  EXPECT_EQ(past.status().code(), Code::invalid_argument);
  auto unknown = service_->add_rate(999, {.starts_at_us = kNow + kDay, .rate_bp = 500});
  EXPECT_EQ(unknown.status().code(), Code::not_found);
  auto too_high = service_->add_rate(partner_.id, {.starts_at_us = kNow + kDay, .rate_bp = 10'001});
  EXPECT_EQ(too_high.status().code(), Code::invalid_argument);
  auto added = service_->add_rate(partner_.id, {.starts_at_us = kNow + kDay, .rate_bp = 500});
  ASSERT_TRUE(added.ok()) << added.status().message();
  ASSERT_EQ(added.value().rates.size(), 3u);
  EXPECT_EQ(added.value().rates.back(), (Rate{.starts_at_us = kNow + kDay, .rate_bp = 500}));
  auto twice = service_->add_rate(partner_.id, {.starts_at_us = kNow + kDay, .rate_bp = 700});
  EXPECT_EQ(twice.status().slug(), "rate-exists");
  // A purchase before the new period earns 3 %, one in it 5 %.
  partner_ = *service_->find_partner(partner_.id);
  EXPECT_EQ(report("R-1", 1, 10'000, kNow - kDay, true).credit_points, 300);
  now_ = kNow + 2 * kDay;
  EXPECT_EQ(report("R-2", 1, 10'000, kNow + kDay, true).credit_points, 500);
  expect_books_verify();
}

// Causes and settlement: two charities, the program's default split 60/40, one customer who
// chose 100 % for the second.
class SettlementTest : public GivingTest {
 protected:
  void SetUp() override {
    GivingTest::SetUp();
    db_->write([&](soci::session& s) {
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (501, '독거노인 돌봄 협회', "
           "'charity', 0), (502, '장애청소년 꿈 재단', 'charity', 0), (503, '가게', 'merchant', 0)";
      for (int u = 3; u <= 7; ++u) {
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u) + ", 'c" + std::to_string(u) + "@t', 'C', 'x', 0)";
      }
    });
    elderly_ = add_cause(501, "독거노인", 60).id;
    youth_ = add_cause(502, "장애청소년", 40, "214-82-20002").id;
  }
  Cause add_cause(Id org, std::string name, int share, std::string registration_no = "") {
    auto c = service_->add_cause({.org_id = org,
                                  .name = name,
                                  .description = "",
                                  .default_share = share,
                                  .registration_no = registration_no});
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? c.value() : Cause{};
  }
  // Credit for customers 1..7: 100, 200, ... points.
  void earn() {
    for (int u = 1; u <= 7; ++u)
      report("S-" + std::to_string(u), u, u * 10'000, kNow - kDay, true);  // 3 %: 300 u
  }
  std::int64_t cause_points(Id cause) {
    std::int64_t points = 0;
    for (const auto& st : all_statements()) points += st.cause_id == cause ? st.points : 0;
    return points;
  }
  std::vector<StatementRow> all_statements() {
    std::vector<StatementRow> out;
    for (int u = 1; u <= 7; ++u)
      for (const auto& st : service_->statements(u)) out.push_back(st);
    return out;
  }
  std::int64_t journal_entries() {
    return db_->read([](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM ledger_transfers", soci::into(n);
      return static_cast<std::int64_t>(n);
    });
  }
  Id elderly_ = 0, youth_ = 0;
};

TEST_P(SettlementTest, CausesMustBeCharitiesAndChoicesAddUpToAHundred) {
  auto merchant =
      service_->add_cause({.org_id = 503, .name = "x", .description = "", .default_share = 0});
  EXPECT_EQ(merchant.status().code(), Code::invalid_argument);
  auto twice =
      service_->add_cause({.org_id = 501, .name = "x", .description = "", .default_share = 0});
  EXPECT_EQ(twice.status().slug(), "cause-exists");
  EXPECT_FALSE(service_->set_my_causes(1, {{elderly_, 50}, {youth_, 40}}).ok());
  EXPECT_FALSE(service_->set_my_causes(1, {{elderly_, 50}, {999, 50}}).ok());
  EXPECT_TRUE(service_->my_causes(1).empty());
  EXPECT_TRUE(service_->set_my_causes(1, {{elderly_, 50}, {youth_, 50}}).ok());
  EXPECT_EQ(service_->my_causes(1), (std::vector<Share>{{elderly_, 50}, {youth_, 50}}));
  EXPECT_TRUE(service_->set_my_causes(1, {}).ok());  // back to the default split
  EXPECT_TRUE(service_->my_causes(1).empty());
}

TEST_P(SettlementTest, EveryBalanceGoesToTheChosenCausesOnce) {
  earn();
  ASSERT_TRUE(service_->set_my_causes(2, {{youth_, 100}}).ok());
  std::int64_t total = 0;
  for (int u = 1; u <= 7; ++u) total += service_->balance(u);
  EXPECT_EQ(total, 300 * 28);
  auto done = service_->settle(kNow, 1, 1'000);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_TRUE(done.value().done);
  EXPECT_EQ(done.value().customers, 7);
  EXPECT_EQ(done.value().points, total);
  EXPECT_EQ(done.value().won, total);
  for (int u = 1; u <= 7; ++u) EXPECT_EQ(service_->balance(u), 0) << u;
  // Customer 2 chose the youth; the others split 60/40.
  const auto two = service_->statements(2);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0].cause_id, youth_);
  EXPECT_EQ(two[0].points, 600);
  const auto one = service_->statements(1);
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[0].points + one[1].points, 300);
  EXPECT_EQ(cause_points(elderly_) + cause_points(youth_), total);
  expect_books_verify();
  // Again: nothing changes.
  const auto entries = journal_entries();
  auto again = service_->settle(kNow, 1, 1'000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().id, done.value().id);
  EXPECT_EQ(again.value().points, total);
  EXPECT_EQ(journal_entries(), entries);
  // Each customer got one notice.
  const auto notices = db_->read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM outbox_messages WHERE topic = 'giving.donated'", soci::into(n);
    return n;
  });
  EXPECT_EQ(notices, 7);
}

TEST_P(SettlementTest, ACrashMidwayAndARerunFinishExactlyOnce) {
  earn();
  std::int64_t total = 0;
  for (int u = 1; u <= 7; ++u) total += service_->balance(u);
  // Two customers a batch; stop after the first batch (the process "dies").
  service_ = std::make_unique<GivingService>(
      *db_, *ledger_, GivingOptions{.customers_per_batch = 2, .clock = [this] { return now_; }});
  auto partial = service_->settle(kNow, 1, 1);
  ASSERT_TRUE(partial.ok()) << partial.status().message();
  EXPECT_FALSE(partial.value().done);
  EXPECT_LT(partial.value().points, total);
  // The crash also lost the marks of what was posted: the plan says "not posted" for it.
  db_->write([](soci::session& s) {
    s << "UPDATE giving_statements SET posted = 0";
    s << "UPDATE giving_payments SET posted = 0";
  });
  expect_books_verify();
  // A restarted process runs it again (the job): it posts the same transfers (the ledger has
  // them) and goes on from where the plan stopped.
  ledger_.reset();
  ledger_ = std::make_unique<ledger::Engine>(*db_);
  service_ = std::make_unique<GivingService>(
      *db_, *ledger_, GivingOptions{.customers_per_batch = 2, .clock = [this] { return now_; }});
  auto more = service_->continue_settlements(1'000);
  ASSERT_TRUE(more.ok()) << more.status().message();
  EXPECT_FALSE(more.value());
  const auto settled = service_->find_settlement(partial.value().id);
  ASSERT_TRUE(settled && settled->done);
  EXPECT_EQ(settled->points, total);
  EXPECT_EQ(settled->won, total);
  for (int u = 1; u <= 7; ++u) EXPECT_EQ(service_->balance(u), 0) << u;
  // What the ledger holds for the causes is what the statements say, to the point and won.
  db_->read([&](soci::session& s) {
    for (auto [ledger_id, code] : {std::pair{ledger::kLedgerCredit, kCauseCredit},
                                   std::pair{ledger::kLedgerKrw, kCauseReceipts}}) {
      std::int64_t held = 0;
      for (const auto& a : ledger::list_accounts(s, {.owner_kind = ledger::OwnerKind::charity,
                                                    .owner_ref = std::nullopt,
                                                    .ledger = ledger_id,
                                                    .after_id = 0,
                                                    .limit = 100}))
        if (a.account.code == code) held += a.balances.credits_posted;
      EXPECT_EQ(held, total);
    }
  });
  expect_books_verify();
}

TEST_P(SettlementTest, TheYearEndJobSettlesTheYearOnce) {
  earn();
  // 31 December 2026, 23:59 KST.
  now_ = micros_from_civil({.year = 2026, .month = 12, .day = 31, .hour = 23, .minute = 59},
                           kSeoulOffsetMinutes);
  auto first = service_->settle_year_end(now_, 1'000);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_FALSE(first.value());
  for (int u = 1; u <= 7; ++u) EXPECT_EQ(service_->balance(u), 0);
  const auto entries = journal_entries();
  // Run again a few seconds later, and caught up on 2 January: the same settlement.
  EXPECT_TRUE(service_->settle_year_end(now_ + 30 * kMicrosPerSecond, 1'000).ok());
  EXPECT_TRUE(service_->settle_year_end(now_ + 2 * kDay, 1'000).ok());
  EXPECT_EQ(journal_entries(), entries);
  const auto count = db_->read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM giving_settlements", soci::into(n);
    return n;
  });
  EXPECT_EQ(count, 1);
  expect_books_verify();
}

// The books' clock and the service's are one (a settlement is dated by its transfers).
class ReceiptTest : public SettlementTest {
 protected:
  void SetUp() override {
    SettlementTest::SetUp();
    service_.reset();
    ledger_ = std::make_unique<ledger::Engine>(
        *db_, ledger::EngineOptions{.clock = [this] { return now_; }});
    service_ = std::make_unique<GivingService>(*db_, *ledger_,
                                               GivingOptions{.clock = [this] { return now_; }});
    db_->write(
        [](soci::session& s) { s << "UPDATE users SET display_name = '정미래 <b>' WHERE id = 2"; });
  }
};

TEST_P(ReceiptTest, AYearsReceiptListsEachDonationByTheDateTheBooksPostedIt) {
  earn();
  ASSERT_TRUE(service_->set_my_causes(2, {{youth_, 100}}).ok());
  // Settled when the job catches up on 2 January 2027: the donation is 2027's, not 2026's.
  now_ = micros_from_civil({.year = 2027, .month = 1, .day = 2, .hour = 9}, kSeoulOffsetMinutes);
  ASSERT_TRUE(service_->settle_year_end(now_, 1'000).ok());
  EXPECT_TRUE(service_->receipt(2, 2026).value().donations.empty());
  const Receipt r = service_->receipt(2, 2027).value();
  ASSERT_EQ(r.donations.size(), 1u);
  EXPECT_EQ(r.donations[0].won, 600);
  EXPECT_EQ(r.donations[0].org_name, "장애청소년 꿈 재단");
  EXPECT_EQ(r.donations[0].registration_no, "214-82-20002");
  EXPECT_EQ(r.donations[0].cause_name, "장애청소년");
  EXPECT_EQ(r.total_won(), 600);
  EXPECT_EQ(r.number, "HC-2027-2");
  EXPECT_EQ(service_->receipt_years(2), (std::vector<std::pair<int, std::int64_t>>{{2027, 600}}));
  // Customer 1 took the default split: two organisations, 180 + 120 won.
  const Receipt one = service_->receipt(1, 2027).value();
  ASSERT_EQ(one.by_org().size(), 2u);
  EXPECT_EQ(one.by_org()[0].won + one.by_org()[1].won, 300);

  const std::string html = receipt_html(r, now_);
  for (const char* needed :
       {"기부금 영수증", "HC-2027-2", "장애청소년 꿈 재단", "214-82-20002", "2027년 1월 2일",
        "600원", "상생 행복 크레딧 운영사무국", "정미래 &lt;b&gt;"})
    EXPECT_NE(html.find(needed), std::string::npos) << needed;
  EXPECT_EQ(html.find("<b>"), std::string::npos);  // the name is text, not markup
  EXPECT_EQ(html.find("<script"), std::string::npos);
  const std::string csv = receipt_csv(r);
  EXPECT_NE(csv.find("HC-2027-2,정미래 <b>,2,2027-01-02,장애청소년 꿈 재단,214-82-20002,장애청소년,"
                     "금전,600"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("합계 (total),,,,,600"), std::string::npos) << csv;

  EXPECT_EQ(service_->receipt(999, 2027).status().code(), Code::not_found);
  EXPECT_EQ(service_->receipt(2, 1999).status().code(), Code::invalid_argument);
  const auto listed = service_->settlements(10);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].done);
  EXPECT_EQ(listed[0].won, 300 * 28);
}

// The program's public page: credit raised (earned less taken back) and the won each cause got,
// the same from the books and from the records; a record changed behind the books' back is
// listed by the reconciliation, to the won.
TEST_P(ReceiptTest, PublicFiguresTieToTheBooks) {
  figures::FiguresService figures(*db_, {.cache_us = 0});
  figures.add(std::make_unique<PublicFigures>());
  earn();
  const Purchase returned = report("S-R", 3, 20'000, kNow - kDay, true);  // 600 points
  ASSERT_TRUE(service_->cancel(partner_, returned.id).ok());
  ASSERT_TRUE(service_->set_my_causes(2, {{youth_, 100}}).ok());
  now_ = kNow + kDay;
  ASSERT_TRUE(service_->settle(kNow + kDay, 1, 1'000).ok());
  // Someone else's posting on the same accounts and codes (as the demo's hand-seeded books
  // make): not this program's, counted on neither side.
  ledger::AccountDirectory directory(*db_, *ledger_);
  const Id issued = directory
                        .find_or_open({.owner_kind = ledger::OwnerKind::program,
                                       .owner_ref = "credit",
                                       .code = kIssuedCredit,
                                       .ledger = ledger::kLedgerCredit})
                        .value();
  const Id holder = directory
                        .find_or_open({.owner_kind = ledger::OwnerKind::customer,
                                       .owner_ref = "1",
                                       .code = kCustomerCredit,
                                       .ledger = ledger::kLedgerCredit})
                        .value();
  ASSERT_TRUE(ledger_
                  ->create_transfers({{.id = 77,
                                       .debit_account_id = issued,
                                       .credit_account_id = holder,
                                       .amount = 1'490,
                                       .ledger = ledger::kLedgerCredit,
                                       .code = kAccrued,
                                       .reference = "credit:earned:order-149000"}})
                  .get()
                  .ok());
  const figures::Page page = figures.program("credit");
  EXPECT_EQ(page.total[figures::Measure::raised], 300 * 28);
  EXPECT_EQ(page.total[figures::Measure::donated], 300 * 28);
  const figures::Page youth = figures.cause({.kind = ledger::OwnerKind::charity, .ref = "502"});
  EXPECT_EQ(youth.total[figures::Measure::donated], cause_points(youth_));
  const figures::Reconciliation clean = figures.reconcile();
  EXPECT_GE(clean.figures_checked, 3);
  EXPECT_TRUE(clean.mismatches.empty());

  db_->write([&](soci::session& s) {
    s << "UPDATE giving_payments SET amount_won = amount_won + 1 WHERE cause_id = :c",
        soci::use(elderly_);
  });
  const figures::Reconciliation tampered = figures.reconcile();
  ASSERT_EQ(tampered.mismatches.size(), 1u);
  EXPECT_EQ(tampered.mismatches[0].program, "credit");
  EXPECT_EQ(tampered.mismatches[0].cause, "501");
  EXPECT_EQ(tampered.mismatches[0].measure, figures::Measure::donated);
  EXPECT_EQ(tampered.mismatches[0].records_won - tampered.mismatches[0].ledger_won, 1);
  expect_books_verify();
}

INSTANTIATE_STORE_TESTS(GivingTest);
INSTANTIATE_STORE_TESTS(SettlementTest);
INSTANTIATE_STORE_TESTS(ReceiptTest);

}  // namespace
}  // namespace sangsaeng::giving
