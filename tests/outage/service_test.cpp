// The outage service on both databases: an outage over an area settles every line it hits
// through the ledger, and only those; settling again posts nothing; a correction posts the
// difference; a claim posts the damages; overlapping reports pay each hour once; the books
// verify after each.
#include "outage/service.h"

#include <gtest/gtest.h>

#include "ledger/engine.h"
#include "ledger/queries.h"
#include "ledger/verify.h"
#include "outbox/outbox.h"
#include "support/store_fixture.h"

namespace sangsaeng::outage {
namespace {

using testing::StoreTest;

constexpr UnixMicros kMinute = 60 * kMicrosPerSecond;
constexpr UnixMicros kHour = 60 * kMinute;

UnixMicros kst(int y, int mo, int d, int h = 0, int mi = 0) {
  return micros_from_civil(CivilTime{.year = y, .month = mo, .day = d, .hour = h, .minute = mi},
                           kSeoulOffsetMinutes);
}

class OutageTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      for (int u = 1; u <= 3; ++u) {
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u) + ", 'c" + std::to_string(u) + "@t', 'C', 'x', 0)";
      }
    });
    ledger_ = std::make_unique<ledger::Engine>(*db_);
    service_ = std::make_unique<OutageService>(
        *db_, *ledger_,
        OutageOptions{.lines_per_batch = 2, .clock = [] { return kst(2026, 11, 30, 12); }});
    // Three homes and a shop in Mapo, one home in Jongno; 33,000 won a month with add-ons.
    auto ids = service_->upsert_lines({
        {.ref = "02-300-0001",
         .customer_id = 1,
         .product = "인터넷 500M",
         .monthly_fee_won = 30'000,
         .addons_won = 3'000,
         .area = "mapo"},
        {.ref = "02-300-0002",
         .customer_id = 2,
         .product = "인터넷 500M",
         .monthly_fee_won = 33'000,
         .area = "mapo"},
        {.ref = "02-300-0003", .product = "인터넷 500M", .monthly_fee_won = 33'000, .area = "mapo"},
        {.ref = "02-300-0004",
         .customer_id = 3,
         .product = "사업자 인터넷",
         .monthly_fee_won = 33'000,
         .area = "mapo",
         .small_merchant = true},
        {.ref = "02-700-0001",
         .customer_id = 3,
         .product = "인터넷 500M",
         .monthly_fee_won = 33'000,
         .area = "jongno"},
    });
    ASSERT_TRUE(ids.ok()) << ids.status().message();
    lines_ = ids.value();
  }
  void TearDown() override {
    service_.reset();
    ledger_.reset();
  }

  Event report(UnixMicros start_us, std::optional<UnixMicros> length_us,
               std::vector<std::string> areas = {"mapo"}, std::vector<Id> line_ids = {}) {
    Event e{.started_at_us = start_us,
            .cause = "광케이블 절단",
            .areas = std::move(areas),
            .line_ids = std::move(line_ids)};
    if (length_us) e.ended_at_us = start_us + *length_us;
    auto r = service_->report(e, 1);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r.value() : Event{};
  }

  std::map<Id, Compensation> by_line(Id event_id) {
    std::map<Id, Compensation> out;
    for (auto& c : service_->compensations(event_id, std::nullopt, 200).items) out[c.line_id] = c;
    return out;
  }

  // The balance of a line's bill-credit account: credits minus debits posted.
  std::int64_t credited(Id line_id) {
    const auto line = service_->find_line(line_id);
    if (!line || !line->account_id) return 0;
    const auto views = db_->read([&](soci::session& s) {
      ledger::AccountFilter filter;
      filter.owner_kind = ledger::OwnerKind::customer;
      filter.owner_ref =
          line->customer_id ? std::to_string(*line->customer_id) : "line:" + line->ref;
      return ledger::list_accounts(s, filter);
    });
    for (const auto& v : views) {
      if (v.account.id == *line->account_id)
        return v.balances.credits_posted - v.balances.debits_posted;
    }
    ADD_FAILURE() << "no account for line " << line->ref;
    return 0;
  }

  void expect_books_verify() {
    const auto report = ledger::verify(*db_);
    EXPECT_TRUE(report.ok()) << report.mismatch->message;
  }

  std::unique_ptr<ledger::Engine> ledger_;
  std::unique_ptr<OutageService> service_;
  std::vector<Id> lines_;
};

TEST_P(OutageTest, AnOutageOverAnAreaCompensatesEveryLineItHitsAndNoOther) {
  const Event e = report(kst(2026, 11, 10, 14), 3 * kHour);
  EXPECT_EQ(e.settled_revision, 1);
  auto c = by_line(e.id);
  ASSERT_EQ(c.size(), 4u);  // Mapo's four lines; Jongno's not
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(c[lines_[i]].own_us, 3 * kHour);
    EXPECT_EQ(c[lines_[i]].refund_won, 137);  // 33,000 x 3 / 720, rounded down
    EXPECT_EQ(c[lines_[i]].damages_claimable_won, 1'238);
    EXPECT_EQ(c[lines_[i]].damages_paid_won, 0);  // not claimed
    EXPECT_EQ(c[lines_[i]].transfer_ids.size(), 1u);
    EXPECT_EQ(credited(lines_[i]), 137);
  }
  EXPECT_EQ(credited(lines_[4]), 0);
  const Totals t = service_->totals(e.id);
  EXPECT_EQ(t.lines, 4);
  EXPECT_EQ(t.refund_won, 4 * 137);
  // The transfer names its outage.
  const auto transfer = db_->read(
      [&](soci::session& s) { return ledger::find_transfer(s, c[lines_[0]].transfer_ids.at(0)); });
  ASSERT_TRUE(transfer);
  EXPECT_EQ(transfer->reference, "outage:" + std::to_string(e.id));
  EXPECT_EQ(transfer->amount, 137);
  expect_books_verify();
}

TEST_P(OutageTest, SettlingAgainWithoutAChangePostsNothing) {
  const Event e = report(kst(2026, 11, 10, 14), 3 * kHour);
  auto again = service_->settle(e.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().lines, 4);
  EXPECT_EQ(again.value().postings, 0);
  EXPECT_EQ(credited(lines_[0]), 137);
}

TEST_P(OutageTest, ACorrectionPostsOnlyTheDifferenceUpOrDown) {
  const Event e = report(kst(2026, 11, 10, 14), 3 * kHour);
  // The end was 17:00, not 18:00 ... monitoring corrects it to four hours, then to 90 minutes.
  auto longer = service_->correct(e.id, {.ended_at_us = kst(2026, 11, 10, 18)});
  ASSERT_TRUE(longer.ok()) << longer.status().message();
  EXPECT_EQ(longer.value().revision, 2);
  EXPECT_EQ(longer.value().settled_revision, 2);
  EXPECT_EQ(credited(lines_[0]), 183);                          // 33,000 x 4 / 720 = 183.3
  EXPECT_EQ(by_line(e.id)[lines_[0]].transfer_ids.size(), 2u);  // 137, then +46

  auto shorter = service_->correct(e.id, {.ended_at_us = kst(2026, 11, 10, 15, 30)});
  ASSERT_TRUE(shorter.ok());
  EXPECT_EQ(credited(lines_[0]), 0);  // below the 2 h threshold: taken back, as a new transfer
  const auto c = by_line(e.id)[lines_[0]];
  EXPECT_EQ(c.refund_won, 0);
  EXPECT_EQ(c.transfer_ids.size(), 3u);
  EXPECT_EQ(service_->totals(e.id).refund_won, 0);
  expect_books_verify();
}

TEST_P(OutageTest, ANewFeeIsPaidFromTheNextSettlementAndAMovedLineKeepsItsDue) {
  const Event e = report(kst(2026, 11, 10, 14), 3 * kHour, {"mapo"}, {lines_[4]});
  EXPECT_EQ(credited(lines_[0]), 137);
  EXPECT_EQ(credited(lines_[4]), 137);  // named by id although in Jongno
  // The import changes line 1's fee and moves line 2 to another area.
  ASSERT_TRUE(service_
                  ->upsert_lines({{.ref = "02-300-0001",
                                   .customer_id = 1,
                                   .product = "인터넷 1G",
                                   .monthly_fee_won = 66'000,
                                   .area = "mapo"},
                                  {.ref = "02-300-0002",
                                   .customer_id = 2,
                                   .product = "인터넷 500M",
                                   .monthly_fee_won = 33'000,
                                   .area = "seodaemun"}})
                  .ok());
  ASSERT_TRUE(service_->settle(e.id).ok());
  EXPECT_EQ(credited(lines_[0]), 275);  // 66,000 x 3 / 720
  EXPECT_EQ(credited(lines_[1]), 137);  // it was in Mapo when the outage hit it
  EXPECT_EQ(service_->totals(e.id).lines, 5);
  expect_books_verify();
}

TEST_P(OutageTest, AClaimPostsTheDamagesOnceAndOnlyForTheCustomersLine) {
  const Event e = report(kst(2026, 11, 10, 14), 3 * kHour);
  EXPECT_EQ(service_->claim(e.id, lines_[0], 2).status().code(), Code::not_found);  // not theirs
  auto claimed = service_->claim(e.id, lines_[0], 1);
  ASSERT_TRUE(claimed.ok()) << claimed.status().message();
  EXPECT_TRUE(claimed.value().claimed);
  EXPECT_EQ(claimed.value().damages_paid_won, 1'238);
  EXPECT_EQ(credited(lines_[0]), 137 + 1'238);            // the 10x in all
  ASSERT_TRUE(service_->claim(e.id, lines_[0], 1).ok());  // again: nothing more
  EXPECT_EQ(credited(lines_[0]), 1'375);
  EXPECT_EQ(service_->totals(e.id).damages_paid_won, 1'238);

  // Below the threshold the terms give no damages (no negligence): nothing to claim.
  const Event small = report(kst(2026, 11, 20, 14), 30 * kMinute);
  EXPECT_EQ(service_->claim(small.id, lines_[0], 1).status().slug(), "nothing-to-claim");
  expect_books_verify();
}

TEST_P(OutageTest, AnOngoingOutageIsSettledWhenItEnds) {
  const Event e = report(kst(2026, 11, 10, 14), std::nullopt);
  EXPECT_EQ(e.settled_revision, 0);
  EXPECT_EQ(service_->settle(e.id).status().slug(), "outage-ongoing");
  EXPECT_EQ(credited(lines_[0]), 0);
  auto ended = service_->correct(e.id, {.ended_at_us = kst(2026, 11, 10, 17)});
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended.value().settled_revision, 2);
  EXPECT_EQ(credited(lines_[0]), 137);
}

TEST_P(OutageTest, OverlappingReportsPayEachHourOnce) {
  const Event first = report(kst(2026, 11, 10, 10), 100 * kMinute);  // 10:00-11:40: under 2 h
  EXPECT_EQ(credited(lines_[0]), 0);
  const Event second = report(kst(2026, 11, 10, 11), 2 * kHour);  // 11-13: together 3 h
  EXPECT_EQ(by_line(first.id)[lines_[0]].own_us, 100 * kMinute);
  EXPECT_EQ(by_line(second.id)[lines_[0]].own_us, 80 * kMinute);  // 11:40-13:00
  EXPECT_EQ(by_line(first.id)[lines_[0]].refund_won, 76);         // settled again: 76.4
  EXPECT_EQ(by_line(second.id)[lines_[0]].refund_won, 61);        // 61.1
  EXPECT_EQ(credited(lines_[0]), 137);
  expect_books_verify();
}

TEST_P(OutageTest, BadReportsAreRefusedAndNothingIsRecorded) {
  Event e{.started_at_us = kst(2026, 11, 10, 14),
          .ended_at_us = kst(2026, 11, 10, 13),
          .cause = "x",
          .areas = {"mapo"}};
  EXPECT_EQ(service_->report(e, 1).status().fields().at(0).field, "ended_at");
  e.ended_at_us = kst(2026, 12, 10, 13);  // after "now"
  EXPECT_EQ(service_->report(e, 1).status().fields().at(0).field, "ended_at");
  e.ended_at_us = kst(2026, 11, 10, 15);
  e.areas = {};
  EXPECT_EQ(service_->report(e, 1).status().fields().at(0).field, "areas");
  e.line_ids = {424242};
  EXPECT_EQ(service_->report(e, 1).status().fields().at(0).field, "line_ids");
  e.line_ids = {lines_[0]};
  e.started_at_us = kst(2009, 1, 1);  // no terms in force then
  e.ended_at_us = kst(2009, 1, 1, 5);
  EXPECT_EQ(service_->report(e, 1).status().fields().at(0).field, "terms_id");
  EXPECT_TRUE(service_->events(std::nullopt, 50).items.empty());
  EXPECT_EQ(
      service_->upsert_lines({{.ref = "", .product = "x", .area = "a,b"}}).status().fields().size(),
      2u);
}

// Monitoring's export, one row per incident: an open outage on an area and a fault on one line.
std::vector<Incident> monitoring_export(std::optional<UnixMicros> area_outage_end_us) {
  return {{.event = {.started_at_us = kst(2026, 11, 10, 14),
                     .ended_at_us = area_outage_end_us,
                     .cause = "광케이블 절단",
                     .areas = {"mapo"},
                     .incident_ref = "NMS-2026-1110-01"}},
          {.event = {.started_at_us = kst(2026, 11, 12, 9),
                     .ended_at_us = kst(2026, 11, 12, 13),
                     .cause = "장비 고장",
                     .incident_ref = "NMS-2026-1112-07"},
           .line_refs = {"02-700-0001"}}};
}

TEST_P(OutageTest, AnImportedExportReportsClosesAndIsSafeToImportAgain) {
  auto first = service_->import_incidents(monitoring_export(std::nullopt), 1);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first.value().size(), 2u);
  EXPECT_EQ(first.value()[0].action, ImportedIncident::Action::reported);
  EXPECT_EQ(first.value()[1].event.line_ids, std::vector<Id>{lines_[4]});
  EXPECT_EQ(credited(lines_[0]), 0);    // the area outage is still going on
  EXPECT_EQ(credited(lines_[4]), 183);  // the one-line fault ended after 4 h: 33,000 x 4 / 720

  // The same file again changes nothing.
  auto again = service_->import_incidents(monitoring_export(std::nullopt), 1);
  ASSERT_TRUE(again.ok());
  for (const auto& i : again.value()) EXPECT_EQ(i.action, ImportedIncident::Action::unchanged);
  EXPECT_EQ(service_->events(std::nullopt, 50).items.size(), 2u);
  EXPECT_EQ(credited(lines_[4]), 183);

  // The next export closes the area outage after 3 hours: it is settled then.
  auto closed = service_->import_incidents(monitoring_export(kst(2026, 11, 10, 17)), 1);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed.value()[0].action, ImportedIncident::Action::corrected);
  EXPECT_EQ(closed.value()[0].event.id, first.value()[0].event.id);
  EXPECT_EQ(closed.value()[0].event.settled_revision, 2);
  EXPECT_EQ(closed.value()[1].action, ImportedIncident::Action::unchanged);
  EXPECT_EQ(credited(lines_[0]), 137);
  EXPECT_EQ(service_->events(std::nullopt, 50).items.size(), 2u);
  expect_books_verify();

  // Reported by hand with a known incident: refused, not reported twice.
  Event dup = monitoring_export(std::nullopt)[0].event;
  EXPECT_EQ(service_->report(dup, 1).status().slug(), "incident-exists");
}

TEST_P(OutageTest, ABadRowInAnImportWritesNothing) {
  auto rows = monitoring_export(kst(2026, 11, 10, 17));
  rows.push_back({.event = {.started_at_us = kst(2026, 11, 11, 9),
                            .ended_at_us = kst(2026, 11, 11, 8),
                            .cause = "x",
                            .incident_ref = "NMS-3"},
                  .line_refs = {"02-999-9999"}});
  rows.push_back(rows[0]);  // the same incident twice
  auto r = service_->import_incidents(rows, 1);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> fields;
  for (const auto& f : r.status().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"rows[2].line_refs", "rows[3].incident_ref"}));
  rows.resize(2);
  rows[1].event.incident_ref = "";
  EXPECT_EQ(service_->import_incidents(rows, 1).status().fields().at(0).field,
            "rows[1].incident_ref");
  EXPECT_TRUE(service_->events(std::nullopt, 50).items.empty());
  EXPECT_EQ(credited(lines_[0]), 0);

  // A known incident whose areas changed, or that reopens, is for a person to correct.
  ASSERT_TRUE(service_->import_incidents(monitoring_export(kst(2026, 11, 10, 17)), 1).ok());
  rows = monitoring_export(kst(2026, 11, 10, 17));
  rows[0].event.areas = {"jongno"};
  EXPECT_EQ(service_->import_incidents(rows, 1).status().fields().at(0).field, "rows[0].areas");
  EXPECT_EQ(
      service_->import_incidents(monitoring_export(std::nullopt), 1).status().fields().at(0).field,
      "rows[0].ended_at");
  EXPECT_EQ(credited(lines_[0]), 137);
}

TEST_P(OutageTest, AVoluntaryPackageNamedForTheOutageGivesSmallMerchantsTheirOwnAmount) {
  const auto versions = service_->terms();
  Id package = 0;
  for (const Terms& t : versions) {
    if (t.code == "kt-voluntary-2024-09") package = t.id;
  }
  ASSERT_NE(package, 0);
  Event e{.started_at_us = kst(2026, 11, 12, 9),
          .ended_at_us = kst(2026, 11, 12, 11),
          .cause = "장비 오류",
          .terms_id = package,
          .areas = {"mapo"}};
  ASSERT_TRUE(service_->report(e, 1).ok());
  EXPECT_EQ(credited(lines_[0]), 2'016);   // a day's fee 1,100 + 10 x 2 h = 916.67
  EXPECT_EQ(credited(lines_[3]), 33'000);  // the shop: a month's fee
  const auto mine = service_->customer_compensations(3);
  ASSERT_EQ(mine.size(), 2u);  // the shop and the Jongno home
  std::int64_t voluntary_won = 0;
  for (const auto& l : mine) {
    for (const auto& c : l.compensations) voluntary_won += c.voluntary_won;
  }
  EXPECT_EQ(voluntary_won, 33'000);
  expect_books_verify();
}

TEST_P(OutageTest, PostingsTheLedgerHasNotConfirmedAreSentAgainOnce) {
  const Event e = report(kst(2026, 11, 10, 14), 3 * kHour);
  // As after a crash between the database and the ledger: a posting recorded, not confirmed.
  db_->write([&](soci::session& s) { s << "UPDATE outage_postings SET posted = 0"; });
  auto sent = service_->post_unposted(100);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent.value(), 4);
  EXPECT_EQ(service_->post_unposted(100).value(), 0);
  EXPECT_EQ(credited(lines_[0]), 137);  // once, not twice
  (void)e;
  expect_books_verify();
}

TEST_P(OutageTest, EachCompensatedLineGetsANoticeAndNoOtherLineDoes) {
  auto notices = [&] {
    return db_->read([](soci::session& s) {
      std::map<std::string, std::vector<std::string>> out;  // address -> channel: body
      soci::rowset<soci::row> rows =
          (s.prepare << "SELECT address, channel, body FROM outbox_messages ORDER BY id");
      for (const auto& r : rows)
        out[r.get<std::string>(0)].push_back(r.get<std::string>(1) + ": " + r.get<std::string>(2));
      return out;
    });
  };
  report(kst(2026, 11, 20, 14), 30 * kMinute);  // below the threshold: nothing, no notice
  EXPECT_TRUE(notices().empty());
  const Event e = report(kst(2026, 11, 10, 14), 3 * kHour);
  auto n = notices();
  ASSERT_EQ(n.size(), 4u);  // Mapo's four lines; not Jongno's
  EXPECT_EQ(n.count("02-700-0001"), 0u);
  ASSERT_EQ(n["02-300-0001"].size(), 1u);
  EXPECT_EQ(n["02-300-0001"][0],
            "app: [인터넷 장애 자동 보상] 11월 10일 14:00~17:00 장애(광케이블 절단)로 02-300-0001 "
            "회선의 보상이 확정되었습니다: 요금 감액 137원. 신청하지 않으셔도 다음 청구서에 "
            "반영됩니다. 약관에 따른 손해배상 1,238원은 '내 장애 보상'에서 신청하실 수 있습니다.");
  // The line without a platform account: a line on the next bill.
  EXPECT_EQ(n["02-300-0003"][0].substr(0, 6), "bill: ");
  // Settling again changes nothing and tells no one again; a correction tells again.
  ASSERT_TRUE(service_->settle(e.id).ok());
  EXPECT_EQ(notices()["02-300-0001"].size(), 1u);
  ASSERT_TRUE(service_->correct(e.id, {.ended_at_us = kst(2026, 11, 10, 15, 30)}).ok());
  n = notices();
  ASSERT_EQ(n["02-300-0001"].size(), 2u);
  EXPECT_NE(n["02-300-0001"][1].find("이전에 드린 보상이 취소되었습니다"), std::string::npos);
}

INSTANTIATE_STORE_TESTS(OutageTest);

}  // namespace
}  // namespace sangsaeng::outage
