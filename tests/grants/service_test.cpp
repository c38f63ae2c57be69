// The grants service on both databases: revenue is credited once per sale or day, a grant is
// reserved on approval and the ledger refuses what the fund has not got free (also when many
// reviewers approve at once), payment posts it, a decline or an early end leaves the fund
// whole, reads are audited, and the books verify after each step.
#include "grants/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <set>
#include <thread>

#include "figures/service.h"
#include "grants/public_figures.h"
#include "ledger/engine.h"
#include "ledger/verify.h"
#include "support/store_fixture.h"

namespace sangsaeng::grants {
namespace {

using testing::StoreTest;

constexpr Id kApplicant = 1, kOther = 2, kReviewer = 3;

UnixMicros kst(int y, int mo, int d, int h = 12) {
  return micros_from_civil(CivilTime{.year = y, .month = mo, .day = d, .hour = h},
                           kSeoulOffsetMinutes);
}

class GrantsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      for (int u = 1; u <= 3; ++u) {
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u) + ", 'u" + std::to_string(u) + "@t', 'U', 'x', 0)";
      }
    });
    ledger_ = std::make_unique<ledger::Engine>(*db_);
    service_ = std::make_unique<GrantService>(
        *db_, *ledger_, GrantOptions{.clock = [] { return kst(2026, 11, 30); }});
    auto report = service_->store_report("%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n");
    ASSERT_TRUE(report.ok()) << report.status().message();
    report_ = report->hash;
  }

  void credit(std::int64_t won, const std::string& day = "2026-11-01") {
    auto r = service_->credit_revenue("art-hall", {{.sold_on = day, .amount_won = won}}, 9);
    ASSERT_TRUE(r.ok()) << r.status().message();
  }

  Id apply(std::int64_t won, Id applicant = kApplicant) {
    auto a = service_->apply({.applicant_id = applicant,
                              .child_name = "김하늘",
                              .child_birth_date = "2022-03-14",
                              .guardian_name = "김민수",
                              .guardian_relation = "부",
                              .guardian_phone = "010-1234-5678",
                              .hospital = "서울대학교병원",
                              .consent_on = "2026-11-20",
                              .report_hash = report_,
                              .requested_won = won});
    EXPECT_TRUE(a.ok()) << a.status().message();
    return a.ok() ? a->id : 0;
  }

  Result<Case> move(Id id, Stage to, std::string reason = {}) {
    return service_->move(id, {.to = to, .reason = std::move(reason)}, kReviewer);
  }

  FundView fund() { return service_->fund("art-hall").value(); }

  void expect_books_verify() {
    const auto report = ledger::verify(*db_);
    EXPECT_TRUE(report.ok()) << report.mismatch->kind << ": " << report.mismatch->message;
  }

  Reader reviewer() { return {.user_id = kReviewer, .reviewer = true, .audit = {}}; }
  long long audit_entries() {
    return db_->read([](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM audit_log", soci::into(n);
      return n;
    });
  }

  std::unique_ptr<ledger::Engine> ledger_;
  std::unique_ptr<GrantService> service_;
  std::string report_;
};

TEST_P(GrantsTest, RevenueIsCreditedOncePerSaleOrDay) {
  const std::vector<RevenueLine> sales = {
      {.sale_id = "T-1", .sold_on = "2026-11-27", .amount_won = 55'000, .title = "호두까기 인형"},
      {.sale_id = "T-2", .sold_on = "2026-11-27", .amount_won = 110'000, .title = "호두까기 인형"}};
  auto first = service_->credit_revenue("art-hall", sales, 9);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->credited_won, 165'000);
  // The same export again, a changed amount, and a day total for a day sold sale by sale.
  auto again =
      service_->credit_revenue("art-hall",
                               {sales[0],
                                {.sale_id = "T-2", .sold_on = "2026-11-27", .amount_won = 99'000},
                                {.sold_on = "2026-11-27", .amount_won = 165'000},
                                {.sold_on = "2026-11-28", .amount_won = 300'000}},
                               9);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->outcomes,
            (std::vector<LineOutcome>{LineOutcome::duplicate, LineOutcome::conflict,
                                      LineOutcome::conflict, LineOutcome::credited}));
  EXPECT_EQ(again->credited_won, 300'000);
  const FundView f = fund();
  EXPECT_EQ(f.balance_won, 465'000);
  EXPECT_EQ(f.inflow_won, 465'000);
  EXPECT_EQ(f.free_won(), 465'000);
  ASSERT_EQ(f.inflow_months.size(), 1u);
  EXPECT_EQ(f.inflow_months[0].month, "2026-11");
  expect_books_verify();
  // A future day or a zero amount is refused, and nothing of that call is written.
  auto bad = service_->credit_revenue(
      "art-hall",
      {{.sold_on = "2026-11-29", .amount_won = 1}, {.sold_on = "2026-12-25", .amount_won = 0}}, 9);
  EXPECT_EQ(bad.status().code(), Code::invalid_argument);
  EXPECT_EQ(fund().balance_won, 465'000);
  EXPECT_EQ(service_->credit_revenue("no-such-fund", sales, 9).status().code(), Code::not_found);
}

TEST_P(GrantsTest, ADaysSalesAndItsTotalArrivingAtOnceAreNeverBothCredited) {
  // The ticketing system sends a day's sales while someone posts the day's total, at the same
  // instant, for many days: each day is credited one way only, and the fund holds just that.
  constexpr int kDays = 20;
  std::int64_t expected_won = 0;
  int both = 0;
  for (int d = 1; d <= kDays; ++d) {
    char day[11];
    std::snprintf(day, sizeof day, "2026-10-%02d", d);
    const std::vector<RevenueLine> sales = {
        {.sale_id = "S-" + std::to_string(d) + "-1", .sold_on = day, .amount_won = 10'000},
        {.sale_id = "S-" + std::to_string(d) + "-2", .sold_on = day, .amount_won = 20'000}};
    const std::vector<RevenueLine> total = {{.sold_on = day, .amount_won = 30'000}};
    std::atomic<int> ready{0};
    std::int64_t credited[2] = {0, 0};
    auto send = [&](int i, const std::vector<RevenueLine>& lines) {
      ++ready;
      while (ready.load() < 2) {
      }
      auto r = service_->credit_revenue("art-hall", lines, 9);
      ASSERT_TRUE(r.ok()) << r.status().message();
      credited[i] = r->credited_won;
    };
    std::thread a(send, 0, std::cref(sales)), b(send, 1, std::cref(total));
    a.join();
    b.join();
    both += credited[0] > 0 && credited[1] > 0;
    EXPECT_EQ(credited[0] + credited[1], 30'000) << day;
    expected_won += credited[0] + credited[1];
  }
  EXPECT_EQ(both, 0);
  EXPECT_EQ(fund().balance_won, expected_won);
  EXPECT_EQ(fund().inflow_won, kDays * 30'000);
  expect_books_verify();
}

TEST_P(GrantsTest, ApprovalReservesPaymentPostsAndTheFundNeverPromisesMore) {
  credit(50'000'000);
  const Id a = apply(30'000'000), b = apply(30'000'000);
  ASSERT_TRUE(move(a, Stage::screening).ok());
  ASSERT_TRUE(move(b, Stage::screening).ok());
  auto approved = move(a, Stage::approved);
  ASSERT_TRUE(approved.ok()) << approved.status().message();
  EXPECT_EQ(approved->application.stage, Stage::approved);
  EXPECT_EQ(approved->application.money, Money::reserved);
  EXPECT_EQ(fund().reserved_won, 30'000'000);
  EXPECT_EQ(fund().free_won(), 20'000'000);
  expect_books_verify();
  // Only 20,000,000 is free: the ledger refuses the second reservation, the case stays.
  auto refused = move(b, Stage::approved);
  EXPECT_EQ(refused.status().slug(), "fund-insufficient");
  const Case still = service_->read(b, reviewer()).value();
  EXPECT_EQ(still.application.stage, Stage::screening);
  EXPECT_EQ(still.application.money, Money::none);
  EXPECT_EQ(fund().reserved_won, 30'000'000);
  // Paid to the hospital at surgery: the balance falls, nothing is reserved.
  auto paid = move(a, Stage::surgery);
  ASSERT_TRUE(paid.ok()) << paid.status().message();
  EXPECT_EQ(paid->application.money, Money::paid);
  EXPECT_EQ(fund().balance_won, 20'000'000);
  EXPECT_EQ(fund().reserved_won, 0);
  EXPECT_EQ(fund().paid_won, 30'000'000);
  ASSERT_TRUE(move(a, Stage::rehabilitation).ok());
  auto session =
      service_->record_session(a, {.held_on = "2026-11-30", .progress_percent = 10}, kReviewer);
  ASSERT_TRUE(session.ok()) << session.status().message();
  EXPECT_EQ(session->sessions.size(), 1u);
  EXPECT_EQ(session->sessions[0].number, 1);
  EXPECT_EQ(service_->children_helped(), (std::vector<YearCount>{{2026, 1}}));
  expect_books_verify();
}

// The art hall's public page: the revenue raised, the grants paid (not the one only reserved,
// not the released one) and the children helped, the same from the books and the records; a
// record changed behind the books' back is listed by the reconciliation.
TEST_P(GrantsTest, TheFundsPublicFiguresTieToTheBooks) {
  figures::FiguresService figures(*db_, {.cache_us = 0});
  figures.add(std::make_unique<PublicFigures>());
  credit(50'000'000);
  credit(7'000'000, "2026-11-02");
  const Id paid = apply(30'000'000), reserved = apply(10'000'000), ended = apply(5'000'000);
  for (Id id : {paid, reserved, ended}) {
    ASSERT_TRUE(move(id, Stage::screening).ok());
    ASSERT_TRUE(move(id, Stage::approved).ok());
  }
  ASSERT_TRUE(move(paid, Stage::surgery).ok());
  ASSERT_TRUE(move(ended, Stage::closed, "가족이 해외로 이주").ok());

  const figures::Page page = figures.program("art-hall");
  EXPECT_EQ(page.total[figures::Measure::raised], 57'000'000);
  EXPECT_EQ(page.total[figures::Measure::granted], 30'000'000);
  EXPECT_EQ(page.total[figures::Measure::people_helped], 1);
  EXPECT_EQ(page.causes, (std::vector<std::string>{"fund:art-hall"}));
  const figures::Page fund_page =
      figures.cause({.kind = ledger::OwnerKind::fund, .ref = "art-hall"});
  EXPECT_EQ(fund_page.total[figures::Measure::granted], 30'000'000);
  const figures::Reconciliation clean = figures.reconcile();
  EXPECT_GE(clean.figures_checked, 2);
  EXPECT_TRUE(clean.mismatches.empty());

  db_->write([&](soci::session& s) {
    s << "UPDATE grant_applications SET granted_won = 31000000 WHERE id = :i", soci::use(paid);
  });
  const figures::Reconciliation tampered = figures.reconcile();
  ASSERT_EQ(tampered.mismatches.size(), 1u);
  EXPECT_EQ(tampered.mismatches[0].program, "art-hall");
  EXPECT_EQ(tampered.mismatches[0].measure, figures::Measure::granted);
  EXPECT_EQ(tampered.mismatches[0].ledger_won, 30'000'000);
  EXPECT_EQ(tampered.mismatches[0].records_won, 31'000'000);
}

TEST_P(GrantsTest, ADeclinedOrEndedCaseLeavesTheFundWhole) {
  credit(40'000'000);
  const Id declined = apply(10'000'000), ended = apply(25'000'000);
  for (Id id : {declined, ended}) ASSERT_TRUE(move(id, Stage::screening).ok());
  EXPECT_EQ(move(declined, Stage::declined).status().code(), Code::invalid_argument);  // why?
  auto d = move(declined, Stage::declined, "기준 소득을 넘습니다.");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->application.reason, "기준 소득을 넘습니다.");
  ASSERT_TRUE(move(ended, Stage::approved).ok());
  EXPECT_EQ(fund().free_won(), 15'000'000);
  auto closed = move(ended, Stage::closed, "보호자 요청으로 수술 취소");
  ASSERT_TRUE(closed.ok()) << closed.status().message();
  EXPECT_EQ(closed->application.money, Money::released);
  const FundView f = fund();
  EXPECT_EQ(f.balance_won, 40'000'000);
  EXPECT_EQ(f.reserved_won, 0);
  EXPECT_EQ(f.free_won(), 40'000'000);
  EXPECT_EQ(f.grants_released, 1);
  EXPECT_TRUE(service_->children_helped().empty());
  expect_books_verify();
}

TEST_P(GrantsTest, OnlyTheStepsOfTheProcessAreTaken) {
  const Id id = apply(1'000'000);
  EXPECT_EQ(move(id, Stage::approved).status().slug(), "illegal-transition");
  EXPECT_EQ(move(id, Stage::surgery).status().slug(), "illegal-transition");
  ASSERT_TRUE(move(id, Stage::screening).ok());
  ASSERT_TRUE(move(id, Stage::declined, "서류 미비").ok());
  for (Stage to : {Stage::screening, Stage::approved, Stage::closed})
    EXPECT_EQ(move(id, to).status().slug(), "illegal-transition");
  EXPECT_EQ(move(999, Stage::screening).status().code(), Code::not_found);
  const Case c = service_->read(id, reviewer()).value();
  ASSERT_EQ(c.steps.size(), 2u);
  EXPECT_EQ(c.steps[1].to, Stage::declined);
  EXPECT_EQ(c.steps[1].reason, "서류 미비");
}

TEST_P(GrantsTest, ConcurrentApprovalsNeverReserveMoreThanIsFree) {
  credit(100'000'000);
  constexpr int kCases = 12;
  std::vector<Id> cases;
  for (int i = 0; i < kCases; ++i) {
    cases.push_back(apply(15'000'000));
    ASSERT_TRUE(move(cases.back(), Stage::screening).ok());
  }
  // Every case approved by two reviewers at once: 24 approvals against 100,000,000.
  std::atomic<int> approved{0}, insufficient{0}, changed{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kCases; ++t) {
    threads.emplace_back([&, t] {
      auto r = move(cases[t / 2], Stage::approved);
      if (r.ok())
        ++approved;
      else if (r.status().slug() == "fund-insufficient")
        ++insufficient;
      else if (r.status().slug() == "case-changed" || r.status().slug() == "illegal-transition")
        ++changed;
      else
        ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GE(approved.load(), 6) << "insufficient " << insufficient << ", changed " << changed;
  const FundView f = fund();
  EXPECT_EQ(f.reserved_won, 90'000'000);
  EXPECT_GE(f.free_won(), 0);
  EXPECT_EQ(f.grants_reserved, 6);
  int reserved_cases = 0;
  for (Id id : cases)
    reserved_cases += service_->read(id, reviewer())->application.money == Money::reserved;
  EXPECT_EQ(reserved_cases, 6);  // 6 x 15,000,000 = 90,000,000 of 100,000,000
  expect_books_verify();
}

TEST_P(GrantsTest, PersonalDataIsReadByTheApplicantAndReviewersAndEveryReadIsAudited) {
  const Id id = apply(1'000'000);
  const long long before = audit_entries();
  EXPECT_TRUE(service_->read(id, {.user_id = kApplicant, .reviewer = false, .audit = {}}).ok());
  EXPECT_TRUE(service_->read(id, reviewer()).ok());
  EXPECT_TRUE(service_->report(id, reviewer()).ok());
  EXPECT_EQ(service_->queue(std::nullopt, std::nullopt, 50, reviewer()).items.size(), 1u);
  EXPECT_EQ(audit_entries(), before + 4);
  // Someone else gets nothing, as if the case did not exist, and reads nothing.
  const Reader other{.user_id = kOther, .reviewer = false, .audit = {}};
  EXPECT_EQ(service_->read(id, other).status().code(), Code::not_found);
  EXPECT_EQ(service_->report(id, other).status().code(), Code::not_found);
  EXPECT_TRUE(service_->mine(other).empty());
  EXPECT_EQ(audit_entries(), before + 5);  // only their (empty) list of their own
}

TEST_P(GrantsTest, AnApplicationIsCheckedBeforeItIsStored) {
  auto a = service_->apply({.applicant_id = kApplicant,
                            .child_name = "",
                            .child_birth_date = "2001-01-01",
                            .guardian_name = "김민수",
                            .guardian_relation = "부",
                            .guardian_phone = "02-123-4567",
                            .hospital = "병원",
                            .consent_on = "2026-12-31",
                            .report_hash = std::string(64, 'a'),
                            .requested_won = 0});
  ASSERT_EQ(a.status().code(), Code::invalid_argument);
  std::set<std::string> fields;
  for (const auto& e : a.status().fields()) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"child_name", "child_birth_date", "guardian_phone",
                                           "consent_on", "requested_won"}));
  EXPECT_EQ(service_->store_report("not a report").status().code(), Code::unsupported_media_type);
}

INSTANTIATE_STORE_TESTS(GrantsTest);

}  // namespace
}  // namespace sangsaeng::grants
