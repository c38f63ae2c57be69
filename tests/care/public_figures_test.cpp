// The care programs' public figures on both databases: visits done (not "not home"), their
// minutes and ratings, sessions held and the learners present, people helped once a month, per
// program and month; the CSV carries the activity columns; other programs' pages do not.
#include "care/public_figures.h"

#include <gtest/gtest.h>

#include "care/education_service.h"
#include "care/store.h"
#include "figures/service.h"
#include "support/store_fixture.h"

namespace sangsaeng::care {
namespace {

using figures::Measure;
using testing::StoreTest;

class CareFiguresTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (1, "
           "'u1@t', 'U', 'x', 0)";
      Helper h;
      h.id = 100;
      h.user_id = 1;
      h.name = "최하나";
      h.home = {"서울", 37.5, 127.0};
      h.certifications = {{"IT 서포터즈 인증", "2025-01-01", "2027-12-31"}};
      insert_helpers(s, {h});
      std::vector<Beneficiary> people;
      for (Id id : {200, 201, 202}) {
        Beneficiary b;
        b.id = id;
        b.program = "it-support";
        b.name = "어르신 " + std::to_string(id);
        b.place = {"서울", 37.5, 127.0};
        b.consent_on = "2026-10-01";
        people.push_back(b);
      }
      insert_beneficiaries(s, people);
      s << "INSERT INTO care_plans (id, plan_date, published_at, body, created_by, created_at) "
           "VALUES (300, '2026-11-03', 1, '{}', 1, 0)";
    });
  }

  // A visit of `program` on `date`, done with the outcome, minutes and rating.
  void visit(Id id, const std::string& program, Id person, const std::string& date,
             std::optional<Outcome> outcome, int minutes, std::optional<int> rating) {
    db_->write([&](soci::session& s) {
      Request r;
      r.id = id;
      r.program = program;
      r.beneficiary_id = person;
      r.date = date;
      r.status = RequestStatus::done;
      insert_requests(s, {r});
      Visit v;
      v.id = id + 1'000;
      v.plan_id = 300;
      v.request_id = id;
      v.helper_id = 100;
      v.date = date;
      insert_visits(s, {v});
      v.status = outcome ? VisitStatus::done : VisitStatus::visiting;
      v.outcome = outcome;
      v.duration_min = minutes;
      v.satisfaction = rating;
      update_visit(s, v);
    });
  }
};

TEST_P(CareFiguresTest, SumsVisitsSessionsAndPeoplePerMonth) {
  visit(1, "it-support", 200, "2026-11-03", Outcome::solved, 50, 5);
  visit(2, "it-support", 200, "2026-11-20", Outcome::follow_up, 40, 4);
  visit(3, "it-support", 201, "2026-11-21", Outcome::not_home, 10, std::nullopt);  // no visit
  visit(4, "it-support", 201, "2026-11-22", std::nullopt, 0, std::nullopt);        // visiting
  visit(5, "internet-doctor", 202, "2026-11-05", Outcome::solved, 30, 3);
  visit(6, "it-support", 202, "2026-12-01", Outcome::solved, 60, std::nullopt);

  // A course: 202 and 201 learn in December; 200 is enrolled but absent.
  UnixMicros now = day_start_us("2026-12-02") + 12 * 3600 * kMicrosPerSecond;
  EducationService education(*db_, {.clock = [&] { return now; }});
  const Actor manager{.user_id = 1, .email = "u1@t", .manages = {"it-support"}};
  Course c;
  c.program = "it-support";
  c.title = "키오스크 주문 배우기";
  auto course = education.add_course(c, manager);
  ASSERT_TRUE(course.ok());
  ASSERT_TRUE(education.enrol(course->id, {200, 201, 202}, manager).ok());
  Session s;
  s.starts_at_us = day_start_us("2026-12-02") + 10 * 3600 * kMicrosPerSecond;
  s.duration_min = 90;
  s.place_name = "성북구 디지털배움터";
  s.address = "서울 성북구 보문로 168";
  s.instructor_id = 100;
  auto held = education.add_session(course->id, s, manager);
  ASSERT_TRUE(held.ok()) << held.status().message();
  s.starts_at_us += 7 * 24 * 3600 * kMicrosPerSecond;
  ASSERT_TRUE(education.add_session(course->id, s, manager).ok());  // not held: no minutes
  ASSERT_TRUE(education
                  .take_attendance(held->id,
                                   {{.learner_id = 201},
                                    {.learner_id = 202},
                                    {.learner_id = 200, .presence = Presence::absent}},
                                   manager)
                  .ok());

  figures::FiguresService service(*db_, {.cache_us = 0});
  for (std::string_view p : kPrograms) service.add(std::make_unique<PublicFigures>(std::string(p)));
  const figures::Page page = service.program("it-support");
  EXPECT_TRUE(page.activity);
  ASSERT_EQ(page.months.size(), 2u);
  const figures::MonthFigures& nov = page.months[0];
  EXPECT_EQ(nov.month, 202611);
  EXPECT_EQ(nov[Measure::visits], 2);
  EXPECT_EQ(nov[Measure::minutes], 90);
  EXPECT_EQ(nov[Measure::people_helped], 1);  // 200 twice, 201 not at home
  EXPECT_EQ(nov[Measure::satisfaction_ratings], 2);
  EXPECT_EQ(nov[Measure::satisfaction_points], 9);
  EXPECT_EQ(nov[Measure::learners], 0);
  const figures::MonthFigures& dec = page.months[1];
  EXPECT_EQ(dec[Measure::visits], 1);
  EXPECT_EQ(dec[Measure::minutes], 60 + 90);
  EXPECT_EQ(dec[Measure::learners], 2);
  EXPECT_EQ(dec[Measure::people_helped], 2);  // 202 visited and taught, 201 taught
  EXPECT_EQ(page.total[Measure::visits], 3);
  EXPECT_EQ(page.total[Measure::raised], 0);

  const std::string csv = figures::to_csv(page);
  EXPECT_NE(
      csv.find("people_helped,visits,hours,learners,satisfaction_ratings,satisfaction_avg\r\n"),
      std::string::npos)
      << csv;
  EXPECT_NE(csv.find("2026-11,0,0,0,0,1,2,1.5,0,2,4.50\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("2026-12,0,0,0,0,2,1,2.5,2,0,\r\n"), std::string::npos) << csv;

  const figures::Page doctor = service.program("internet-doctor");
  ASSERT_EQ(doctor.months.size(), 1u);
  EXPECT_EQ(doctor.total[Measure::visits], 1);
  EXPECT_EQ(doctor.total[Measure::satisfaction_points], 3);
  // A care program without a visit yet keeps its columns; the reconciliation has nothing to add.
  EXPECT_TRUE(service.program("female-tech").activity);
  EXPECT_TRUE(service.program("female-tech").months.empty());
  EXPECT_TRUE(service.reconcile().mismatches.empty());
}

INSTANTIATE_STORE_TESTS(CareFiguresTest);

}  // namespace
}  // namespace sangsaeng::care
