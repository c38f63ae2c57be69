// The care service on both databases: helpers, people and requests taken in (all or nothing),
// a day planned, read back, moved under the checker, published (visits and notices), and the
// helper's day: only the visiting helper and the program's managers read the person's record,
// and every read is in the audit log.
#include "care/service.h"

#include <gtest/gtest.h>

#include <latch>
#include <map>
#include <thread>

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

  // A consenting person in Mapo with one request on `date` in the window, 60 minutes.
  Id request_on(const std::string& date, Span window, int priority = 0) {
    Beneficiary b;
    b.program = "it-support";
    b.name = "이웃";
    b.phone = "010-0000-0000";
    b.place = {"서울 마포구 성산로 1", 37.5665 + 0.002 * ++people_, 126.9106};
    b.consent_on = "2026-11-20";
    auto person = service_->add_beneficiaries({b}, manager_);
    EXPECT_TRUE(person.ok()) << person.status().message();
    Request r;
    r.program = "it-support";
    r.beneficiary_id = person->front();
    r.date = date;
    r.windows = {window};
    r.priority = priority;
    auto id = service_->add_requests({r}, manager_);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id->front();
  }

  int people_ = 0;
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

// Where each routed request is in a plan: its helper and start.
std::map<Id, std::pair<Id, UnixMicros>> placed(const Plan& plan) {
  std::map<Id, std::pair<Id, UnixMicros>> out;
  for (const PlanRoute& r : plan.routes)
    for (const PlannedVisit& v : r.visits) out[v.request_id] = {r.helper_id, v.start_at_us};
  return out;
}

// Re-planning after publication (a cancellation and an urgent request during the day) keeps
// every published visit with its helper at its time, places only the open requests around
// them, says that nothing moved, and its publication updates the helpers' days in place.
TEST_P(CareServiceTest, ReplanningKeepsThePublishedVisits) {
  auto helpers = service_->add_helpers(
      {helper("최하나", 1, Gender::female), helper("김민수", 2, Gender::male)}, manager_);
  ASSERT_TRUE(helpers.ok());
  const Id a = request_on(kToday, {10 * 60, 11 * 60}), b = request_on(kToday, {10 * 60, 11 * 60}),
           c = request_on(kToday, {13 * 60, 14 * 60}), d = request_on(kToday, {14 * 60, 16 * 60});
  auto first = service_->plan_day(kToday, 1, manager_);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first->summary.assigned, 4);
  ASSERT_TRUE(service_->publish(first->id, manager_).ok());
  const auto before = placed(first.value());
  const Actor hana{.user_id = 1, .email = "u1@t"}, minsu{.user_id = 2, .email = "u2@t"};
  auto visits = [&] {  // request -> visit, in both helpers' days
    std::map<Id, Id> out;
    for (const Actor& who : {hana, minsu}) {
      auto day = service_->my_day(who);
      EXPECT_TRUE(day.ok());
      if (day.ok())
        for (const VisitView& v : day.value()) out[v.request.id] = v.visit.id;
    }
    return out;
  };
  const std::map<Id, Id> visit_ids = visits();
  ASSERT_EQ(visit_ids.size(), 4u);

  ASSERT_TRUE(service_->cancel_request(b, "자녀가 도와주기로 함", manager_).ok());
  const Id urgent = request_on(kToday, {10 * 60, 17 * 60}, 50);
  auto again = service_->plan_day(kToday, 1, manager_);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->base_plan_id, first->id);
  EXPECT_TRUE(again->moved.empty());
  EXPECT_EQ(again->summary.kept, 3);
  const auto after = placed(again.value());
  for (Id kept : {a, c, d}) {
    ASSERT_TRUE(after.contains(kept));
    EXPECT_EQ(after.at(kept), before.at(kept)) << "request " << kept << " moved";
  }
  EXPECT_FALSE(after.contains(b));
  EXPECT_TRUE(after.contains(urgent));
  // A kept visit is not moved by hand either.
  auto refused = service_->move(again->id, {.request_id = a, .helper_id = {}, .position = {}});
  ASSERT_TRUE(refused.ok());
  ASSERT_FALSE(refused->plan);
  EXPECT_EQ(refused->violations.front().kind, "published");

  ASSERT_TRUE(service_->publish(again->id, manager_).ok()) << "the re-plan replaces the first";
  EXPECT_EQ(service_->publish(first->id, manager_).status().slug(), "plan-published");
  std::map<Id, Id> now_ids = visits();
  EXPECT_FALSE(now_ids.contains(b));  // cancelled: gone from the helper's day
  ASSERT_TRUE(now_ids.contains(urgent));
  for (Id kept : {a, c, d}) EXPECT_EQ(now_ids[kept], visit_ids.at(kept));  // the same visit rows
  EXPECT_EQ(service_->find_request(urgent)->status, RequestStatus::planned);
  EXPECT_EQ(count(*db_,
                  "SELECT COUNT(*) FROM care_plans WHERE published_at IS NOT NULL AND "
                  "superseded_at IS NULL"),
            1);
}

// Two dispatchers publish two plans of one day at the same moment: one wins, the other is
// told the day is published (409), never a database error; the day has one plan's visits.
TEST_P(CareServiceTest, SimultaneousPublicationsOfADayHaveOneWinner) {
  ASSERT_TRUE(service_->add_helpers({helper("최하나", 1, Gender::female)}, manager_).ok());
  for (const char* date : {"2026-12-02", "2026-12-03", "2026-12-04", "2026-12-07", "2026-12-08",
                           "2026-12-09", "2026-12-10", "2026-12-11"}) {
    request_on(date, {10 * 60, 12 * 60});
    request_on(date, {13 * 60, 15 * 60});
    auto one = service_->plan_day(date, 1, manager_), two = service_->plan_day(date, 1, manager_);
    ASSERT_TRUE(one.ok() && two.ok());
    std::latch start(2);
    std::optional<Status> answers[2];
    auto publish = [&](int i, Id plan) {
      start.arrive_and_wait();
      try {
        answers[i] = service_->publish(plan, manager_).status();
      } catch (const std::exception& e) {
        answers[i] = Status(Code::internal, "threw", e.what());
      }
    };
    std::thread first(publish, 0, one->id), second(publish, 1, two->id);
    first.join();
    second.join();
    const int won = answers[0]->ok() + answers[1]->ok();
    EXPECT_EQ(won, 1) << date;
    for (const auto& a : answers) {
      if (a->ok()) continue;
      EXPECT_EQ(a->code(), Code::failed_precondition) << date << ": " << a->message();
      EXPECT_EQ(a->slug(), "day-published") << date;
    }
    EXPECT_EQ(count(*db_, std::string("SELECT COUNT(*) FROM care_visits WHERE visit_date = '") +
                              date + "'"),
              2)
        << date;
  }
}

INSTANTIATE_STORE_TESTS(CareServiceTest);

}  // namespace
}  // namespace sangsaeng::care
