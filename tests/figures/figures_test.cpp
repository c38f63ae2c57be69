// The public figures on both databases: posted money between accounts found by owner and code,
// by month of the Seoul calendar (a transfer at 23:30 UTC on the last day of a month belongs to
// the next month in Seoul); pendings count once posted, voids never; pages sum a program's or a
// cause's rows; the reconciliation lists exactly the figures whose two sides differ.
#include <gtest/gtest.h>

#include "figures/flows.h"
#include "figures/service.h"
#include "ledger/engine.h"
#include "support/store_fixture.h"

namespace sangsaeng::figures {
namespace {

using ledger::OwnerKind;
using testing::StoreTest;

UnixMicros utc(int y, int mo, int d, int h, int mi = 0) {
  return micros_from_civil({.year = y, .month = mo, .day = d, .hour = h, .minute = mi}, 0);
}

// A source whose two sides are whatever the test says.
class FakeSource : public Source {
 public:
  FakeSource(std::string program, std::vector<Row> ledger, std::vector<Row> records)
      : program_(std::move(program)), ledger_(std::move(ledger)), records_(std::move(records)) {}
  std::string program() const override { return program_; }
  std::vector<Row> from_ledger(soci::session&) const override { return ledger_; }
  std::vector<Row> from_records(soci::session&) const override { return records_; }

 private:
  std::string program_;
  std::vector<Row> ledger_, records_;
};

// A source whose rows the test changes while the service runs.
class LiveSource : public Source {
 public:
  explicit LiveSource(std::shared_ptr<std::vector<Row>> rows) : rows_(std::move(rows)) {}
  std::string program() const override { return "outage"; }
  std::vector<Row> from_ledger(soci::session&) const override { return *rows_; }
  std::vector<Row> from_records(soci::session&) const override { return {}; }

 private:
  std::shared_ptr<std::vector<Row>> rows_;
};

class FiguresTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ledger_ = std::make_unique<ledger::Engine>(
        *db_, ledger::EngineOptions{.clock = [this] { return clock_us_; }});
  }
  void TearDown() override { ledger_.reset(); }

  void open(Id id, OwnerKind kind, std::string ref, std::int32_t code) {
    auto r = ledger_
                 ->create_accounts({{.id = id,
                                     .ledger = ledger::kLedgerKrw,
                                     .code = code,
                                     .owner_kind = kind,
                                     .owner_ref = std::move(ref)}})
                 .get();
    ASSERT_TRUE(r.ok() && ledger::succeeded(r->front().code));
  }
  struct Move {
    Id id = 0, from = 0, to = 0;
    ledger::Amount amount = 0;
    std::int32_t code = 0;
    std::uint32_t flags = 0;
    Id pending_id = 0;
  };
  void move(UnixMicros at, const Move& m) {
    clock_us_ = at;
    ledger::Transfer t;
    t.id = m.id;
    t.debit_account_id = m.from;
    t.credit_account_id = m.to;
    t.amount = m.amount;
    t.code = m.code;
    t.flags = m.flags;
    t.pending_id = m.pending_id;
    t.ledger = m.pending_id ? 0 : ledger::kLedgerKrw;
    auto r = ledger_->create_transfers({t}).get();
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(ledger::succeeded(r->front().code)) << ledger::to_string(r->front().code);
  }

  UnixMicros clock_us_ = utc(2026, 10, 1, 0);
  std::unique_ptr<ledger::Engine> ledger_;
};

TEST_P(FiguresTest, PostedFlowsByOwnerCodeAndSeoulMonth) {
  open(1, OwnerKind::program, "giving", 3);  // the budget
  open(2, OwnerKind::charity, "70", 5);      // two charities
  open(3, OwnerKind::charity, "80", 5);
  open(4, OwnerKind::program, "other", 3);  // another program's budget: not counted
  open(5, OwnerKind::charity, "70", 9);     // another purpose of charity 70: not counted
  namespace tf = ledger::transfer_flags;
  // 31 October 23:30 UTC is 1 November 08:30 in Seoul.
  move(utc(2026, 10, 31, 14, 0), {.id = 10, .from = 1, .to = 2, .amount = 1'000, .code = 2});
  move(utc(2026, 10, 31, 23, 30), {.id = 11, .from = 1, .to = 2, .amount = 500, .code = 2});
  move(utc(2026, 11, 2, 1), {.id = 12, .from = 1, .to = 3, .amount = 300, .code = 2});
  move(utc(2026, 11, 2, 2), {.id = 13, .from = 4, .to = 2, .amount = 7'000, .code = 2});
  move(utc(2026, 11, 2, 3), {.id = 14, .from = 1, .to = 5, .amount = 9'000, .code = 2});
  move(utc(2026, 11, 2, 4),
       {.id = 15, .from = 1, .to = 2, .amount = 40, .code = 7});  // another reason
  // A pending counts once posted (in the month of the post), a voided one never.
  move(utc(2026, 11, 3, 0),
       {.id = 16, .from = 1, .to = 3, .amount = 200, .code = 2, .flags = tf::kPending});
  move(utc(2026, 11, 3, 0),
       {.id = 17, .from = 1, .to = 3, .amount = 900, .code = 2, .flags = tf::kPending});
  move(utc(2026, 12, 1, 0), {.id = 18, .amount = 150, .flags = tf::kPostPending, .pending_id = 16});
  move(utc(2026, 12, 1, 1), {.id = 19, .flags = tf::kVoidPending, .pending_id = 17});

  const FlowQuery by_charity{
      .from = {.owner_kind = OwnerKind::program, .owner_ref = "giving", .code = 3},
      .to = {.owner_kind = OwnerKind::charity, .code = 5},
      .transfer_code = 2,
      .by_to_owner = true};
  const auto flows = db_->read([&](soci::session& s) { return posted_flows(s, by_charity); });
  ASSERT_EQ(flows.size(), 4u);
  EXPECT_EQ(flows[0].month, 202610);
  EXPECT_EQ(flows[0].to_owner, "70");
  EXPECT_EQ(flows[0].amount, 1'000);
  EXPECT_EQ(flows[1].month, 202611);  // 08:30 on 1 November in Seoul
  EXPECT_EQ(flows[1].to_owner, "70");
  EXPECT_EQ(flows[1].amount, 500);
  EXPECT_EQ(flows[2].month, 202611);
  EXPECT_EQ(flows[2].to_owner, "80");
  EXPECT_EQ(flows[2].amount, 300);
  EXPECT_EQ(flows[3].month, 202612);  // the posted part of the pending
  EXPECT_EQ(flows[3].to_owner, "80");
  EXPECT_EQ(flows[3].amount, 150);

  FlowQuery any_code = by_charity;
  any_code.transfer_code.reset();
  any_code.by_to_owner = false;
  const auto all = db_->read([&](soci::session& s) { return posted_flows(s, any_code); });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].month, 202611);
  EXPECT_EQ(all[1].amount, 500 + 300 + 40);
  EXPECT_EQ(all[1].transfers, 3);
}

TEST_P(FiguresTest, PagesSumProgramsAndCausesAndTheReconciliationListsWhatDiffers) {
  FiguresService service(*db_, {.cache_us = 0});
  const std::string nanum = "70";
  service.add(std::make_unique<FakeSource>(
      "market",
      std::vector<Row>{{"market", "", 202611, Measure::raised, 74'500},
                       {"market", nanum, 202611, Measure::matched, 37'250},
                       {"market", nanum, 202611, Measure::donated, 37'250},
                       {"market", nanum, 202612, Measure::donated, -7'450}},
      std::vector<Row>{{"market", "", 202611, Measure::raised, 74'500},
                       {"market", "", 202611, Measure::people_helped, 3},
                       {"market", nanum, 202611, Measure::matched, 37'250},
                       {"market", nanum, 202611, Measure::donated, 37'250},
                       {"market", nanum, 202612, Measure::donated, -7'451}}));
  service.add(std::make_unique<FakeSource>(
      "giving", std::vector<Row>{{"giving", nanum, 202612, Measure::donated, 1'000}},
      std::vector<Row>{{"giving", nanum, 202612, Measure::donated, 1'000},
                       {"giving", "fund:art-hall", 202612, Measure::granted, 5}}));
  EXPECT_TRUE(service.has_source("giving"));
  EXPECT_FALSE(service.has_source("live"));

  const Page market = service.program("market");
  ASSERT_EQ(market.months.size(), 2u);
  EXPECT_EQ(market.months[0].month, 202611);
  EXPECT_EQ(market.months[0][Measure::raised], 74'500);
  EXPECT_EQ(market.months[0][Measure::people_helped], 3);
  EXPECT_EQ(market.months[1][Measure::donated], -7'450);  // the ledger's, not the records'
  EXPECT_EQ(market.total[Measure::donated], 29'800);
  EXPECT_EQ(market.causes, std::vector<std::string>{nanum});

  const Page cause = service.cause({OwnerKind::charity, nanum});
  ASSERT_EQ(cause.months.size(), 2u);
  EXPECT_EQ(cause.months[0][Measure::raised], 0);  // sales are the market's, not the cause's
  EXPECT_EQ(cause.months[1][Measure::donated], -7'450 + 1'000);
  EXPECT_EQ(cause.programs, (std::vector<std::string>{"giving", "market"}));
  EXPECT_TRUE(service.program("live").months.empty());

  const Reconciliation r = service.reconcile();
  ASSERT_EQ(r.mismatches.size(), 2u);
  EXPECT_EQ(r.mismatches[0].program, "giving");
  EXPECT_EQ(r.mismatches[0].cause, "fund:art-hall");
  EXPECT_EQ(r.mismatches[0].ledger_won, 0);
  EXPECT_EQ(r.mismatches[0].records_won, 5);
  EXPECT_EQ(r.mismatches[1].program, "market");
  EXPECT_EQ(r.mismatches[1].month, 202612);
  EXPECT_EQ(r.mismatches[1].measure, Measure::donated);
  EXPECT_EQ(r.mismatches[1].ledger_won, -7'450);
  EXPECT_EQ(r.mismatches[1].records_won, -7'451);
  EXPECT_EQ(r.figures_checked, 6);  // people_helped is not a won figure

  const std::string csv = to_csv(market);
  EXPECT_NE(csv.find("month,raised_won,matched_won,donated_won,granted_won,people_helped\r\n"
                     "2026-11,74500,37250,37250,0,3\r\n"
                     "2026-12,0,0,-7450,0,0\r\n"
                     "total,74500,37250,29800,0,3\r\n"),
            std::string::npos)
      << csv;
}

TEST_P(FiguresTest, PagesAreReusedForTheirTimeTheReconciliationIsAlwaysFresh) {
  UnixMicros now_us = 1'000'000'000;
  auto rows = std::make_shared<std::vector<Row>>(
      std::vector<Row>{{"outage", "", 202611, Measure::granted, 4'054}});
  FiguresService service(*db_,
                         {.cache_us = 30 * kMicrosPerSecond, .clock = [&] { return now_us; }});
  service.add(std::make_unique<LiveSource>(rows));
  EXPECT_EQ(service.program("outage").total[Measure::granted], 4'054);
  rows->front().value = 5'000;
  now_us += 29 * kMicrosPerSecond;
  EXPECT_EQ(service.program("outage").total[Measure::granted], 4'054);  // the same snapshot
  ASSERT_EQ(service.reconcile().mismatches.size(), 1u);                 // read afresh
  EXPECT_EQ(service.reconcile().mismatches[0].ledger_won, 5'000);
  now_us += 31 * kMicrosPerSecond;
  EXPECT_EQ(service.program("outage").total[Measure::granted], 5'000);
}

TEST(CauseIds, CharitiesByOrganisationIdOthersByKind) {
  EXPECT_EQ(cause_id({OwnerKind::charity, "123"}), "123");
  EXPECT_EQ(cause_id({OwnerKind::fund, "art-hall"}), "fund:art-hall");
  EXPECT_EQ(parse_cause_id("123"), (Cause{OwnerKind::charity, "123"}));
  EXPECT_EQ(parse_cause_id("program:credit"), (Cause{OwnerKind::program, "credit"}));
  EXPECT_EQ(parse_cause_id("fund:art-hall"), (Cause{OwnerKind::fund, "art-hall"}));
  EXPECT_FALSE(parse_cause_id("charity:123"));  // one id per cause
  EXPECT_FALSE(parse_cause_id("customer:5"));   // not a cause
  EXPECT_FALSE(parse_cause_id("merchant:5"));
  EXPECT_FALSE(parse_cause_id("12a"));
  EXPECT_FALSE(parse_cause_id("fund:"));
  EXPECT_FALSE(parse_cause_id(""));
  EXPECT_EQ(month_text(202611), "2026-11");
}

INSTANTIATE_STORE_TESTS(FiguresTest);

}  // namespace
}  // namespace sangsaeng::figures
