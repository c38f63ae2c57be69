// IT education's demo: "스마트폰 첫걸음", a course of the IT supporters for elderly people, taught
// by 최하나 (helper@) at the 마포 디지털배움터 and at one learner's home; five learners enrolled,
// two sessions held with attendance and goals reached, two to come. Written through the care and
// education services (their rules check every row); the services' clock is moved to each held
// session's time so that attendance is taken as the instructor would have.
#include <stdexcept>

#include "app/demo.h"
#include "care/education_service.h"

namespace sangsaeng::app {

namespace {

using care::Presence;

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok())
    throw std::runtime_error(std::string("demo education: ") + what + ": " + r.status().message());
  return std::move(r).value();
}

care::Beneficiary learner(std::string name, std::string phone, std::string address, double lat,
                          double lon, std::vector<std::string> needs) {
  care::Beneficiary b;
  b.program = "it-support";
  b.name = std::move(name);
  b.phone = std::move(phone);
  b.place = {std::move(address), lat, lon};
  b.needs = std::move(needs);
  b.consent_on = "2026-10-20";
  return b;
}

// 10:00 KST on the Seoul day `days` from `now`.
UnixMicros ten_am(UnixMicros now, int days) {
  const std::string date =
      format_date(civil_from_micros(now + days * kMicrosPerDay, kSeoulOffsetMinutes));
  return care::day_start_us(date) + 10 * 3600 * kMicrosPerSecond;
}

}  // namespace

bool seed_demo_care_education(store::Db& db, accounts::AccountService& accounts, UnixMicros now) {
  const auto admin = accounts.find_user_by_email("admin@sangsaeng.test");
  const auto hana_user = accounts.find_user_by_email("helper@sangsaeng.test");
  if (!admin || !hana_user) throw std::runtime_error("demo education: run seed_demo first");
  const care::Actor actor{.user_id = admin->id, .email = admin->email, .admin = true};
  UnixMicros clock = now;
  care::EducationService education(db, {.clock = [&] { return clock; }});
  if (!education.courses(actor).empty()) return false;
  const auto hana =
      db.read([&](soci::session& s) { return care::helper_of_user(s, hana_user->id); });
  if (!hana) throw std::runtime_error("demo education: run seed_demo_care first");

  care::CareService care(db);
  const auto learners =
      must(care.add_beneficiaries({learner("김영자", "010-3456-2001", "서울 마포구 월드컵로 190",
                                           37.5640, 126.9050, {"elderly", "lives-alone"}),
                                   learner("박정남", "010-3456-2002", "서울 마포구 성미산로 120",
                                           37.5660, 126.9200, {"elderly"}),
                                   learner("이순애", "010-3456-2003", "서울 마포구 망원로 80",
                                           37.5560, 126.9030, {"elderly", "low-vision"}),
                                   learner("최복동", "010-3456-2004", "서울 마포구 성산로 90",
                                           37.5650, 126.9110, {"elderly", "disability:mobility"}),
                                   learner("한말자", "010-3456-2005", "서울 마포구 연남로 30",
                                           37.5620, 126.9240, {"elderly", "lives-alone"})},
                                  actor),
           "learners");

  care::Course c;
  c.program = "it-support";
  c.title = "스마트폰 첫걸음 (어르신 디지털 배움)";
  c.summary =
      "4회 과정: 영상통화, 키오스크 주문, 모바일 뱅킹 기초, 사기 문자 구별. 한 번에 90분, "
      "마포 디지털배움터에서, 거동이 불편한 분은 댁에서 배웁니다.";
  c.goals = {"영상통화 걸기", "키오스크로 주문하기", "모바일 뱅킹 잔액 확인", "사기 문자 구별하기"};
  c.capacity = 12;
  const care::Course course = must(education.add_course(c, actor), "course");
  must(education.enrol(course.id, learners, actor), "enrolment");

  auto at_centre = [&](int days, std::string topic) {
    care::Session s;
    s.starts_at_us = ten_am(now, days);
    s.duration_min = 90;
    s.place_name = "마포 디지털배움터";
    s.address = "서울 마포구 월드컵북로 212 (성산2동 주민센터 3층)";
    s.instructor_id = hana->id;
    s.topic = std::move(topic);
    return must(education.add_session(course.id, s, actor), "session");
  };
  const care::Session first = at_centre(-7, "영상통화: 카카오톡으로 손주와 통화하기");
  const care::Session second = at_centre(-1, "키오스크: 패스트푸드점과 병원 무인접수기");
  at_centre(6, "모바일 뱅킹 기초와 사기 문자 구별");
  care::Session home;
  home.starts_at_us = ten_am(now, 3) + 4 * 3600 * kMicrosPerSecond;
  home.duration_min = 60;
  home.place = care::SessionPlace::home;
  home.home_learner_id = learners[3];  // 최복동: cannot come to the centre
  home.instructor_id = hana->id;
  home.topic = "지난 두 번의 복습 (댁 방문)";
  must(education.add_session(course.id, home, actor), "home session");

  const care::Actor instructor{.user_id = hana_user->id, .email = hana_user->email};
  clock = first.starts_at_us + 100 * 60 * kMicrosPerSecond;
  must(education.take_attendance(
           first.id,
           {{.learner_id = learners[0], .goals_reached = {"영상통화 걸기"}},
            {.learner_id = learners[1], .goals_reached = {"영상통화 걸기"}},
            {.learner_id = learners[2], .note = "글씨 확대 설정을 먼저 도와드림"},
            {.learner_id = learners[3], .presence = Presence::excused, .note = "거동 불편"},
            {.learner_id = learners[4], .goals_reached = {"영상통화 걸기"}}},
           instructor),
       "attendance 1");
  clock = second.starts_at_us + 100 * 60 * kMicrosPerSecond;
  must(education.take_attendance(
           second.id,
           {{.learner_id = learners[0], .goals_reached = {"키오스크로 주문하기"}},
            {.learner_id = learners[1], .presence = Presence::absent},
            {.learner_id = learners[2], .goals_reached = {"영상통화 걸기"}},
            {.learner_id = learners[3], .presence = Presence::excused},
            {.learner_id = learners[4], .goals_reached = {"키오스크로 주문하기"}}},
           instructor),
       "attendance 2");
  return true;
}

}  // namespace sangsaeng::app
