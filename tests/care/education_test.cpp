// IT education on both databases: a course in Korean with a session at a community centre and
// one at a learner's home, enrolment (consent and capacity), attendance taken by the instructor
// (only once the session started, only for enrolled learners and the course's goals), each
// learner's progress, and who may see the learners (every read audited).
#include <gtest/gtest.h>

#include "care/education_service.h"
#include "support/store_fixture.h"

namespace sangsaeng::care {
namespace {

using testing::StoreTest;

constexpr const char* kDay = "2026-12-01";  // a Tuesday
UnixMicros at(int hour) {
  return day_start_us(kDay) + static_cast<UnixMicros>(hour) * 3600 * kMicrosPerSecond;
}

long long count(store::Db& db, const std::string& sql) {
  return db.read([&](soci::session& s) {
    long long n = 0;
    s << sql, soci::into(n);
    return n;
  });
}

class EducationTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      for (int u = 1; u <= 4; ++u) {
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u) + ", 'u" + std::to_string(u) + "@t', 'U', 'x', 0)";
      }
    });
    care_ = std::make_unique<CareService>(*db_, CareOptions{.clock = [this] { return now_; }});
    education_ = std::make_unique<EducationService>(
        *db_, EducationOptions{.clock = [this] { return now_; }});
    Helper h;
    h.user_id = 1;
    h.name = "최하나";
    h.gender = Gender::female;
    h.languages = {"ko"};
    h.home = {"서울 성북구 보문로 1", 37.58, 127.02};
    h.weekday_shift = Span{9 * 60, 18 * 60};
    h.certifications = {{"IT 서포터즈 인증", "2025-03-01", "2027-02-28"}};
    Helper lapsed = h;
    lapsed.user_id = 2;
    lapsed.name = "김민수";
    lapsed.certifications = {{"IT 서포터즈 인증", "2023-03-01", "2025-02-28"}};
    auto helpers = care_->add_helpers({h, lapsed}, manager_);
    ASSERT_TRUE(helpers.ok()) << helpers.status().message();
    instructor_id_ = helpers->front();
    lapsed_id_ = helpers->back();
    auto person = [](std::string name, std::string program, bool consented) {
      Beneficiary b;
      b.program = std::move(program);
      b.name = std::move(name);
      b.phone = "010-0000-0000";
      b.place = {"서울 성북구 동소문로 10", 37.59, 127.01};
      b.needs = {"elderly"};
      if (consented) b.consent_on = "2026-11-01";
      return b;
    };
    auto people = care_->add_beneficiaries(
        {person("박순자", "it-support", true), person("이영호", "it-support", true),
         person("정미숙", "it-support", false), person("한정우", "it-support", true)},
        manager_);
    ASSERT_TRUE(people.ok()) << people.status().message();
    learners_ = people.value();
  }

  Course course() {
    Course c;
    c.program = "it-support";
    c.title = "스마트폰 첫걸음";
    c.summary = "영상통화와 키오스크 주문을 익히는 4회 과정";
    c.goals = {"영상통화 걸기", "키오스크 주문"};
    c.capacity = 2;
    return c;
  }

  Session at_centre(int hour) {
    Session s;
    s.starts_at_us = at(hour);
    s.duration_min = 90;
    s.place = SessionPlace::place;
    s.place_name = "성북구 디지털배움터";
    s.address = "서울 성북구 보문로 168";
    s.instructor_id = instructor_id_;
    s.topic = "영상통화";
    return s;
  }

  UnixMicros now_ = at(8);
  std::unique_ptr<CareService> care_;
  std::unique_ptr<EducationService> education_;
  Id instructor_id_ = 0, lapsed_id_ = 0;
  std::vector<Id> learners_;
  const Actor manager_{.user_id = 3, .email = "u3@t", .manages = {"it-support"}};
  const Actor hana_{.user_id = 1, .email = "u1@t"};
  const Actor minsu_{.user_id = 2, .email = "u2@t"};
  const Actor doctor_manager_{.user_id = 4, .email = "u4@t", .manages = {"internet-doctor"}};
};

TEST_P(EducationTest, ACourseIsTaughtAttendedAndCompleted) {
  EXPECT_EQ(education_->add_course(course(), doctor_manager_).status().code(), Code::forbidden);
  Course bad = course();
  bad.goals = {"영상통화 걸기", "영상통화 걸기"};
  EXPECT_EQ(education_->add_course(bad, manager_).status().fields().front().field, "goals");
  auto c = education_->add_course(course(), manager_);
  ASSERT_TRUE(c.ok()) << c.status().message();

  // Enrolment: consent is required, the capacity holds, a second enrolment changes nothing.
  EXPECT_EQ(education_->enrol(c->id, {learners_[2]}, manager_).status().fields().front().field,
            "learner_ids");
  ASSERT_TRUE(education_->enrol(c->id, {learners_[0], learners_[1]}, manager_).ok());
  EXPECT_EQ(education_->enrol(c->id, {learners_[0]}, manager_)->enrolled, 2);
  EXPECT_EQ(education_->enrol(c->id, {learners_[3]}, manager_).status().slug(), "course-full");

  // An expired certificate teaches no session; a session at home is at an enrolled learner's.
  Session lapsed = at_centre(10);
  lapsed.instructor_id = lapsed_id_;
  EXPECT_EQ(education_->add_session(c->id, lapsed, manager_).status().fields().front().field,
            "instructor_id");
  auto first = education_->add_session(c->id, at_centre(10), manager_);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->date, kDay);
  Session home;
  home.starts_at_us = at(14);
  home.duration_min = 60;
  home.place = SessionPlace::home;
  home.home_learner_id = learners_[3];
  home.instructor_id = instructor_id_;
  EXPECT_EQ(education_->add_session(c->id, home, manager_).status().fields().front().field,
            "learner_id");
  home.home_learner_id = learners_[1];
  auto second = education_->add_session(c->id, home, manager_);
  ASSERT_TRUE(second.ok()) << second.status().message();

  // Attendance: the instructor only, once the session started, enrolled learners and the
  // course's goals only.
  const Mark present{.learner_id = learners_[0], .goals_reached = {"영상통화 걸기"}};
  const Mark absent{.learner_id = learners_[1], .presence = Presence::absent};
  EXPECT_EQ(education_->take_attendance(first->id, {present}, hana_).status().slug(),
            "session-not-started");
  now_ = at(10) + 60 * kMicrosPerSecond;
  EXPECT_EQ(education_->take_attendance(first->id, {present}, minsu_).status().code(),
            Code::forbidden);
  Mark stranger{.learner_id = learners_[3]};
  EXPECT_EQ(education_->take_attendance(first->id, {stranger}, hana_).status().fields()[0].field,
            "items[0].learner_id");
  Mark unknown_goal{.learner_id = learners_[0], .goals_reached = {"은행 앱"}};
  EXPECT_EQ(
      education_->take_attendance(first->id, {unknown_goal}, hana_).status().fields()[0].field,
      "items[0].goals_reached");
  EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM care_attendance"), 0);

  const long long audited = count(*db_, "SELECT COUNT(*) FROM audit_log");
  auto roster = education_->take_attendance(first->id, {present, absent}, hana_);
  ASSERT_TRUE(roster.ok()) << roster.status().message();
  ASSERT_EQ(roster->learners.size(), 2u);
  EXPECT_EQ(roster->learners[0].name, "박순자");
  EXPECT_EQ(roster->learners[0].mark->presence, Presence::present);
  EXPECT_EQ(roster->learners[1].mark->presence, Presence::absent);
  EXPECT_TRUE(roster->session.held_at_us);
  EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM audit_log"), audited + 1);

  // Progress: one of two sessions held and attended, one goal of two: not completed yet.
  auto progress = education_->learner_progress(learners_[0], hana_);
  ASSERT_TRUE(progress.ok()) << progress.status().message();
  ASSERT_EQ(progress->courses.size(), 1u);
  const Progress& p = progress->courses[0].second;
  EXPECT_EQ(p.sessions_planned, 2);
  EXPECT_EQ(p.sessions_held, 1);
  EXPECT_EQ(p.attended, 1);
  ASSERT_EQ(p.goals_reached.size(), 1u);
  EXPECT_EQ(p.goals_reached[0].goal, "영상통화 걸기");
  EXPECT_FALSE(p.completed);
  EXPECT_EQ(education_->learner_progress(learners_[0], minsu_).status().code(), Code::forbidden);
  EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM audit_log"), audited + 2);

  // The second goal, reached at the home session (a mark given again replaces the first).
  now_ = at(15);
  const Mark both{.learner_id = learners_[0], .goals_reached = {"키오스크 주문"}};
  ASSERT_TRUE(education_->take_attendance(second->id, {both}, hana_).ok());
  auto all = education_->course_progress(c->id, manager_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0).name, "박순자");
  EXPECT_TRUE(all->at(0).courses[0].second.completed);
  EXPECT_EQ(all->at(0).courses[0].second.attended, 2);
  EXPECT_FALSE(all->at(1).courses[0].second.completed);
  EXPECT_EQ(all->at(1).courses[0].second.attended, 0);

  // The instructor lists the course; another helper and the other program's manager do not.
  EXPECT_EQ(education_->courses(hana_).size(), 1u);
  EXPECT_TRUE(education_->courses(minsu_).empty());
  EXPECT_TRUE(education_->courses(doctor_manager_).empty());
  EXPECT_EQ(education_->course(c->id, doctor_manager_).status().code(), Code::forbidden);
  EXPECT_EQ(education_->course(c->id, hana_)->sessions.size(), 2u);
}

TEST(EducationRules, ProgressCountsHeldSessionsOnly) {
  Course c;
  c.id = 1;
  Session held{.id = 10, .course_id = 1, .held_at_us = 5};
  Session planned{.id = 11, .course_id = 1};
  Session other{.id = 12, .course_id = 2, .held_at_us = 5};
  const std::vector<Mark> marks{{.session_id = 10, .learner_id = 7},
                                {.session_id = 12, .learner_id = 7},
                                {.session_id = 10, .learner_id = 8}};
  const Progress p = progress_of(c, {held, planned, other}, 7, marks, {});
  EXPECT_EQ(p.sessions_planned, 2);
  EXPECT_EQ(p.sessions_held, 1);
  EXPECT_EQ(p.attended, 1);
  EXPECT_TRUE(p.completed);  // no goals: every session held attended
  EXPECT_FALSE(progress_of(c, {held, planned}, 9, marks, {}).completed);
}

INSTANTIATE_STORE_TESTS(EducationTest);

}  // namespace
}  // namespace sangsaeng::care
