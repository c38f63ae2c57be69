// The care service on both databases: helpers, people and requests taken in (all or nothing),
// a day planned, read back, moved under the checker, published (visits and notices), and the
// helper's day: only the visiting helper and the program's managers read the person's record,
// and every read is in the audit log.
#include "care/service.h"

#include <gtest/gtest.h>

#include "outbox/outbox.h"
#include "support/store_fixture.h"

namespace sangsaeng::care {
namespace {

using testing::StoreTest;

// "Today" for the service: Tuesday 2026-12-01, 08:00 KST.
constexpr const char* kToday = "2026-12-01";
UnixMicros now_kst() {
  return day_start_us(kToday) + 8 * 3600 * kMicrosPerSecond;
}

long long count(store::Db& db, const std::string& sql) {
  return db.read([&](soci::session& s) {
    long long n = 0;
    s << sql, soci::into(n);
    return n;
  });
}

class CareServiceTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      for (int u = 1; u <= 4; ++u) {
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u) + ", 'u" + std::to_string(u) + "@t', 'U', 'x', 0)";
      }
    });
    service_ = std::make_unique<CareService>(
        *db_, CareOptions{.travel = {}, .solver_iterations_max = 300, .clock = now_kst});
  }

  Helper helper(const std::string& name, std::optional<Id> user, Gender gender) {
    Helper h;
    h.user_id = user;
    h.name = name;
    h.gender = gender;
    h.languages = {"ko"};
    h.home = {"서울 마포구 월드컵로 1", 37.5663, 126.9019};
    h.weekday_shift = Span{9 * 60, 18 * 60};
    h.certifications = {{"IT 서포터 인증", "2025-03-01", "2027-02-28"}};
    return h;
  }

  std::unique_ptr<CareService> service_;
  const Actor manager_{.user_id = 3, .email = "u3@t", .manages = {"it-support"}};
  const Actor market_manager_{.user_id = 4, .email = "u4@t", .manages = {"market"}};
};

TEST_P(CareServiceTest, PlansPublishesAndVisitsADay) {
  auto helpers = service_->add_helpers(
      {helper("최하나", 1, Gender::female), helper("김민수", 2, Gender::male)}, manager_);
  ASSERT_TRUE(helpers.ok()) << helpers.status().message();
  Beneficiary b;
  b.program = "it-support";
  b.name = "박순자";
  b.phone = "010-1234-5678";
  b.place = {"서울 서대문구 연희로 10", 37.5700, 126.9300};
  b.needs = {"elderly", "lives-alone"};
  b.consent_on = "2026-11-20";
  b.female_helper_only = true;
  auto people = service_->add_beneficiaries({b}, manager_);
  ASSERT_TRUE(people.ok()) << people.status().message();
  Request r;
  r.program = "it-support";
  r.beneficiary_id = people->front();
  r.date = kToday;
  r.windows = {{10 * 60, 12 * 60}};
  auto requests = service_->add_requests({r}, manager_);
  ASSERT_TRUE(requests.ok()) << requests.status().message();

  // Nobody outside the program reads the person; the market's manager neither.
  EXPECT_EQ(service_->beneficiary(people->front(), market_manager_).status().code(),
            Code::forbidden);
  const Actor hana{.user_id = 1, .email = "u1@t"}, minsu{.user_id = 2, .email = "u2@t"};
  EXPECT_EQ(service_->beneficiary(people->front(), hana).status().code(), Code::forbidden);

  auto plan = service_->plan_day(kToday, 1, manager_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->routes.size(), 1u);
  EXPECT_EQ(plan->routes[0].helper_id, helpers->front());  // the woman: female-only
  const auto stored = service_->find_plan(plan->id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->routes[0].visits[0].start_at_us, plan->routes[0].visits[0].start_at_us);
  EXPECT_EQ(stored->summary.assigned, 1);

  // The checker refuses the man and saves nothing.
  auto moved = service_->move(
      plan->id, {.request_id = requests->front(), .helper_id = helpers->back(), .position = {}});
  ASSERT_TRUE(moved.ok());
  EXPECT_FALSE(moved->plan);
  EXPECT_EQ(moved->violations.front().kind, "female");
  EXPECT_EQ(service_->find_plan(plan->id)->moves, 0);

  ASSERT_TRUE(service_->publish(plan->id, manager_).ok());
  EXPECT_EQ(service_->find_request(requests->front())->status, RequestStatus::planned);
  EXPECT_EQ(service_->publish(plan->id, manager_).status().slug(), "plan-published");
  const auto notices = db_->read([](soci::session& s) { return outbox::for_recipient(s, 1, 10); });
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].body.find("방문 1건"), std::string::npos);

  // Her day: the visit with the person's address; each read audited.
  const long long audited = count(*db_, "SELECT COUNT(*) FROM audit_log");
  auto day = service_->my_day(hana);
  ASSERT_TRUE(day.ok());
  ASSERT_EQ(day->size(), 1u);
  EXPECT_EQ(day->front().beneficiary.place.address, "서울 서대문구 연희로 10");
  EXPECT_TRUE(service_->beneficiary(people->front(), hana).ok());
  EXPECT_EQ(service_->beneficiary(people->front(), minsu).status().code(), Code::forbidden);
  EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM audit_log"), audited + 2);

  const Id visit = day->front().visit.id;
  EXPECT_FALSE(service_->check_in(visit, minsu).ok());  // not his
  EXPECT_EQ(service_->check_out(visit, {}, hana).status().slug(), "visit-state");
  ASSERT_TRUE(service_->check_in(visit, hana).ok());
  EXPECT_EQ(service_->find_request(requests->front())->status, RequestStatus::visiting);
  auto done = service_->check_out(visit,
                                  {.outcome = Outcome::follow_up,
                                   .notes = "카카오톡 설치",
                                   .duration_min = 50,
                                   .satisfaction = 5},
                                  hana);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->satisfaction, 5);
  const auto closed = service_->find_request(requests->front());
  EXPECT_EQ(closed->status, RequestStatus::done);
  EXPECT_EQ(closed->reason, "follow-up");
}

TEST_P(CareServiceTest, ImportsAreAllOrNothing) {
  Helper bad = helper("", std::nullopt, Gender::male);
  auto added = service_->add_helpers({helper("a", std::nullopt, Gender::male), bad}, manager_);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().fields().front().field, "items[1].name");
  EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM care_helpers"), 0);
  EXPECT_EQ(service_->add_helpers({helper("a", 99, Gender::male)}, manager_)
                .status()
                .fields()
                .front()
                .field,
            "items[0].user_id");
  Request r;
  r.program = "it-support";
  r.beneficiary_id = 12345;
  r.date = kToday;
  EXPECT_EQ(service_->add_requests({r}, manager_).status().fields().front().field,
            "items[0].beneficiary_id");
  r.program = "female-tech";
  EXPECT_EQ(service_->add_requests({r}, manager_).status().code(), Code::forbidden);
  EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM care_requests"), 0);
}

INSTANTIATE_STORE_TESTS(CareServiceTest);

}  // namespace
}  // namespace sangsaeng::care
