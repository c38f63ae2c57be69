// The volunteer service on both databases: teams of employees, activities with slots that are
// never oversubscribed (also by many concurrent sign-ups), withdrawal, attendance by the
// team's leader only, hours by person/team/facility/month, and grants to facilities through
// the ledger that stop at the budget and are not paid twice when attendance is recorded again.
#include "volunteer/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "ledger/engine.h"
#include "ledger/queries.h"
#include "ledger/verify.h"
#include "support/store_fixture.h"

namespace sangsaeng::volunteer {
namespace {

using testing::StoreTest;

constexpr UnixMicros kHour = 3600 * kMicrosPerSecond;

UnixMicros kst(int y, int mo, int d, int h = 0) {
  return micros_from_civil(CivilTime{.year = y, .month = mo, .day = d, .hour = h},
                           kSeoulOffsetMinutes);
}

constexpr Id kCompany = 900, kCharity = 901;
constexpr Id kLeader = 1, kManager = 2, kCustomer = 3, kCharityWorker = 4;
constexpr Id kFirstEmployee = 10;
constexpr int kEmployees = 40;

class VolunteerTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (900, 'KT', 'company', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (901, '나눔', 'charity', 0)";
      auto user = [&](Id id, std::optional<Id> org, const std::string& name) {
        long long org_id = org.value_or(0);
        soci::indicator ind = org ? soci::i_ok : soci::i_null;
        const std::string email = "u" + std::to_string(id) + "@t";
        s << "INSERT INTO users (id, org_id, email, display_name, password_hash, created_at) "
             "VALUES (:id, :o, :e, :n, 'x', 0)",
            soci::use(id), soci::use(org_id, ind), soci::use(email), soci::use(name);
      };
      user(kLeader, kCompany, "팀장 김봉사");
      user(kManager, kCompany, "매니저");
      user(kCustomer, std::nullopt, "고객");
      user(kCharityWorker, kCharity, "복지사");
      for (int i = 0; i < kEmployees; ++i) {
        user(kFirstEmployee + i, kCompany, "직원" + std::to_string(i));
      }
    });
    ledger_ = std::make_unique<ledger::Engine>(*db_);
    service_ = std::make_unique<VolunteerService>(
        *db_, *ledger_, VolunteerOptions{.clock = [this] { return now_; }});
    auto team = service_->create_team("광화문 나눔봉사단", email(kLeader));
    ASSERT_TRUE(team.ok()) << team.status().message();
    team_ = team.value().id;
    auto f = service_->add_facilities({{.name = "서울시립 은평노인종합복지관",
                                        .kind = "elderly",
                                        .address = "서울특별시 은평구 은평로 100",
                                        .contact_name = "박복지",
                                        .contact_phone = "02-300-1234"},
                                       {.name = "마포 장애인복지관",
                                        .kind = "disability",
                                        .address = "서울특별시 마포구 월드컵로 200",
                                        .contact_name = "이사회",
                                        .contact_phone = "02-300-5678"}});
    ASSERT_TRUE(f.ok()) << f.status().message();
    elderly_ = f.value()[0];
    disability_ = f.value()[1];
  }
  void TearDown() override {
    service_.reset();
    ledger_.reset();
  }

  static std::string email(Id user) { return "u" + std::to_string(user) + "@t"; }
  Actor leader() const { return {.user_id = kLeader}; }
  Actor manager() const { return {.user_id = kManager, .program_manager = true}; }

  Activity plan(std::optional<Id> team, int slots, Id facility, UnixMicros start,
                UnixMicros length = 3 * kHour) {
    auto a = service_->create_activity({.facility_id = facility,
                                        .team_id = team,
                                        .title = "어르신 점심 배식 봉사",
                                        .starts_at_us = start,
                                        .ends_at_us = start + length,
                                        .slots = slots},
                                       team ? leader() : manager());
    EXPECT_TRUE(a.ok()) << a.status().message();
    return a.ok() ? a.value() : Activity{};
  }

  std::int64_t balance(const std::string& owner_ref, ledger::OwnerKind kind, std::int32_t code) {
    return db_->read([&](soci::session& s) {
      ledger::AccountFilter f;
      f.owner_kind = kind;
      f.owner_ref = owner_ref;
      f.limit = 10;
      std::int64_t out = 0;
      for (const auto& v : ledger::list_accounts(s, f)) {
        if (v.account.code == code) out += v.balances.credits_posted - v.balances.debits_posted;
      }
      return out;
    });
  }
  std::int64_t facility_balance(Id facility) {
    return balance("facility:" + std::to_string(facility), ledger::OwnerKind::charity,
                   kFacilityGrants);
  }
  std::int64_t budget_balance() {
    return balance("volunteer", ledger::OwnerKind::program, kGrantBudget);
  }
  void expect_books_verify() { EXPECT_TRUE(ledger::verify(*db_).ok()); }

  UnixMicros now_ = kst(2026, 11, 1, 9);
  std::unique_ptr<ledger::Engine> ledger_;
  std::unique_ptr<VolunteerService> service_;
  Id team_ = 0, elderly_ = 0, disability_ = 0;
};

TEST_P(VolunteerTest, TeamsTakeEmployeesOnlyAndOnlyTheLeaderAddsThem) {
  auto added = service_->add_members(team_, {email(10), email(11), email(10)}, leader());
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(added.value(), 2);
  EXPECT_EQ(service_->find_team(team_)->members, 3);  // the leader is a member

  auto customer = service_->add_members(team_, {email(12), email(kCustomer)}, leader());
  ASSERT_FALSE(customer.ok());
  EXPECT_EQ(customer.status().fields().at(0).field, "emails[1]");
  EXPECT_EQ(service_->find_team(team_)->members, 3);  // nothing added

  auto other = service_->add_members(team_, {email(12)}, {.user_id = 10});
  EXPECT_EQ(other.status().code(), Code::forbidden);
  EXPECT_FALSE(service_->create_team("고객 봉사단", email(kCustomer)).ok());
  EXPECT_EQ(service_->create_team("광화문 나눔봉사단", email(11)).status().slug(),
            "team-name-taken");
}

TEST_P(VolunteerTest, FacilitiesAreCheckedAndNamedOnce) {
  auto bad = service_->add_facilities(
      {{.name = "x", .kind = "zoo", .address = "a", .contact_name = "b", .contact_phone = "c"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().fields().at(0).field, "facilities[0].kind");
  auto twice = service_->add_facilities({{.name = "새 시설",
                                          .kind = "children",
                                          .address = "a",
                                          .contact_name = "b",
                                          .contact_phone = "c"},
                                         {.name = "마포 장애인복지관",
                                          .kind = "children",
                                          .address = "a",
                                          .contact_name = "b",
                                          .contact_phone = "c"}});
  EXPECT_EQ(twice.status().slug(), "facility-name-taken");
  EXPECT_EQ(service_->facilities(std::nullopt, 50).items.size(), 2u);  // "새 시설" rolled back
}

TEST_P(VolunteerTest, SlotsAreNeverOversubscribedAndWithdrawalFreesOne) {
  const Activity a = plan(std::nullopt, 2, elderly_, kst(2026, 11, 7, 10));
  ASSERT_TRUE(service_->sign_up(a.id, 10).ok());
  EXPECT_EQ(service_->sign_up(a.id, 10).value().taken, 1);  // again: unchanged
  EXPECT_EQ(service_->sign_up(a.id, 11).value().taken, 2);
  EXPECT_EQ(service_->sign_up(a.id, 12).status().slug(), "activity-full");
  EXPECT_EQ(service_->sign_up(a.id, kCustomer).status().slug(), "not-an-employee");
  EXPECT_EQ(service_->sign_up(a.id, kCharityWorker).status().slug(), "not-an-employee");
  EXPECT_EQ(service_->withdraw(a.id, 10).value().taken, 1);
  EXPECT_EQ(service_->withdraw(a.id, 10).status().code(), Code::not_found);
  EXPECT_EQ(service_->sign_up(a.id, 12).value().taken, 2);
  EXPECT_EQ(service_->signups(a.id).size(), 2u);
  now_ = a.starts_at_us;
  EXPECT_EQ(service_->withdraw(a.id, 11).status().slug(), "activity-started");
  EXPECT_EQ(service_->sign_up(a.id, 13).status().slug(), "activity-started");
}

TEST_P(VolunteerTest, ManyConcurrentSignUpsFillTheSlotsExactly) {
  constexpr int kSlots = 7;
  const Activity a = plan(std::nullopt, kSlots, elderly_, kst(2026, 11, 7, 10));
  std::atomic<int> added{0}, full{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kEmployees; i += 8) {
        auto r = service_->sign_up(a.id, kFirstEmployee + i);
        if (r.ok()) {
          added++;
        } else if (r.status().slug() == "activity-full") {
          full++;
        } else {
          other++;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(added.load(), kSlots);
  EXPECT_EQ(full.load(), kEmployees - kSlots);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(service_->find_activity(a.id)->taken, kSlots);
  EXPECT_EQ(service_->signups(a.id).size(), static_cast<std::size_t>(kSlots));
}

TEST_P(VolunteerTest, TeamActivitiesAreForMembersAndTheirLeader) {
  ASSERT_TRUE(service_->add_members(team_, {email(10)}, leader()).ok());
  const Activity a = plan(team_, 5, elderly_, kst(2026, 11, 7, 10));
  EXPECT_EQ(service_->sign_up(a.id, 11).status().slug(), "not-a-member");
  EXPECT_TRUE(service_->sign_up(a.id, 10).ok());
  // Another employee cannot plan for the team, nor an open activity.
  auto foreign = service_->create_activity({.facility_id = elderly_,
                                            .team_id = team_,
                                            .title = "x",
                                            .starts_at_us = now_ + kHour,
                                            .ends_at_us = now_ + 2 * kHour,
                                            .slots = 1},
                                           {.user_id = 11});
  EXPECT_EQ(foreign.status().code(), Code::forbidden);
  auto open = service_->create_activity({.facility_id = elderly_,
                                         .title = "x",
                                         .starts_at_us = now_ + kHour,
                                         .ends_at_us = now_ + 2 * kHour,
                                         .slots = 1},
                                        leader());
  EXPECT_EQ(open.status().code(), Code::forbidden);
}

TEST_P(VolunteerTest, AttendanceByTheLeaderGivesHoursByPersonTeamFacilityAndMonth) {
  ASSERT_TRUE(service_->add_members(team_, {email(10), email(11)}, leader()).ok());
  const Activity a = plan(team_, 5, elderly_, kst(2026, 11, 7, 10));  // 3 hours
  const Activity b = plan(std::nullopt, 5, disability_, kst(2026, 12, 5, 13), 2 * kHour);
  ASSERT_TRUE(service_->sign_up(b.id, 10).ok());
  ASSERT_TRUE(service_->sign_up(b.id, 12).ok());  // no team

  EXPECT_EQ(service_->record_attendance(a.id, {{10, 0}}, leader()).status().slug(),
            "activity-not-started");
  now_ = kst(2026, 11, 7, 14);
  EXPECT_EQ(service_->record_attendance(a.id, {{10, 0}}, {.user_id = 11}).status().code(),
            Code::forbidden);
  auto stranger = service_->record_attendance(a.id, {{10, 0}, {13, 60}}, leader());
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.status().fields().at(0).field, "attendees[1].user_id");
  EXPECT_TRUE(service_->attendance(a.id).empty());  // nothing recorded
  auto r = service_->record_attendance(a.id, {{10, 0}, {11, 90}}, leader());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r.value().attendance.size(), 2u);
  now_ = kst(2026, 12, 5, 16);
  ASSERT_TRUE(service_->record_attendance(b.id, {{10, 0}, {12, 0}}, manager()).ok());

  auto by = [&](GroupBy g, HoursFilter f = {}) {
    std::map<std::string, std::int64_t> out;
    for (const HoursRow& row : service_->hours(g, f, 100)) out[row.key] = row.minutes;
    return out;
  };
  EXPECT_EQ(by(GroupBy::person),
            (std::map<std::string, std::int64_t>{{"10", 180 + 120}, {"11", 90}, {"12", 120}}));
  // b is open: person 10 counts for their team, 12 (no team) for none.
  EXPECT_EQ(by(GroupBy::team), (std::map<std::string, std::int64_t>{
                                   {std::to_string(team_), 180 + 90 + 120}, {"", 120}}));
  EXPECT_EQ(by(GroupBy::facility),
            (std::map<std::string, std::int64_t>{{std::to_string(elderly_), 270},
                                                 {std::to_string(disability_), 240}}));
  EXPECT_EQ(by(GroupBy::month),
            (std::map<std::string, std::int64_t>{{"2026-11", 270}, {"2026-12", 240}}));
  EXPECT_EQ(by(GroupBy::facility_kind),
            (std::map<std::string, std::int64_t>{{"elderly", 270}, {"disability", 240}}));
  EXPECT_EQ(by(GroupBy::person, {.team_id = team_, .month = "2026-12"}),
            (std::map<std::string, std::int64_t>{{"10", 120}}));

  const MyPage page = service_->my_page(10);
  EXPECT_EQ(page.minutes_this_year, 300);
  EXPECT_EQ(page.activities_this_year, 2);
  auto cert = service_->certificate(10, "2026-01", "2026-12");
  ASSERT_TRUE(cert.ok());
  EXPECT_EQ(cert.value().rows.size(), 2u);
  EXPECT_EQ(cert.value().minutes, 300);
  EXPECT_EQ(cert.value().issuer, "KT 임직원 봉사단");
}

TEST_P(VolunteerTest, GrantsFollowAttendanceOnceAndStopAtTheBudget) {
  ASSERT_TRUE(service_->add_members(team_, {email(10), email(11), email(12)}, leader()).ok());
  ASSERT_TRUE(service_->set_grant_rate(10'000, kManager).ok());
  ASSERT_EQ(service_->fund_budget(ids().next(), 70'000, kCompany).value(), 70'000);
  const Activity a = plan(team_, 5, elderly_, kst(2026, 11, 7, 10));  // 3 hours
  now_ = kst(2026, 11, 7, 14);

  auto first = service_->record_attendance(a.id, {{10, 0}, {11, 0}}, leader());  // 6 h
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value().grant_won, 60'000);
  EXPECT_EQ(first.value().grant_status, "posted");
  EXPECT_EQ(facility_balance(elderly_), 60'000);
  EXPECT_EQ(budget_balance(), 10'000);

  // The same attendance again: nothing more.
  ASSERT_TRUE(service_->record_attendance(a.id, {{11, 0}, {10, 0}}, leader()).ok());
  EXPECT_EQ(facility_balance(elderly_), 60'000);

  // One more person: 30,000 more than the budget holds; refused, the budget stays whole.
  auto over = service_->record_attendance(a.id, {{10, 0}, {11, 0}, {12, 0}}, leader());
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(over.value().grant_status, "refused");
  EXPECT_EQ(over.value().granted_won, 60'000);
  EXPECT_EQ(facility_balance(elderly_), 60'000);
  EXPECT_EQ(budget_balance(), 10'000);

  // Topped up, recording again pays the difference; a correction down pays back.
  ASSERT_TRUE(service_->fund_budget(ids().next(), 100'000, kCompany).ok());
  auto again = service_->record_attendance(a.id, {{10, 0}, {11, 0}, {12, 0}}, leader());
  EXPECT_EQ(again.value().grant_status, "posted");
  EXPECT_EQ(facility_balance(elderly_), 90'000);
  ASSERT_TRUE(service_->record_attendance(a.id, {{10, 0}, {11, 0}}, leader()).ok());
  EXPECT_EQ(facility_balance(elderly_), 60'000);
  EXPECT_EQ(budget_balance(), 110'000);
  // A later change of the rule does not reprice an activity already granted.
  ASSERT_TRUE(service_->set_grant_rate(20'000, kManager).ok());
  ASSERT_TRUE(service_->record_attendance(a.id, {{10, 0}, {11, 0}}, leader()).ok());
  EXPECT_EQ(facility_balance(elderly_), 60'000);
  EXPECT_EQ(service_->grant_summary().granted_by_facility.at(elderly_), 60'000);
  expect_books_verify();
}

INSTANTIATE_STORE_TESTS(VolunteerTest);

}  // namespace
}  // namespace sangsaeng::volunteer
