// The volunteer corps' demo: two teams of employees (the demo leader's at Gwanghwamun, one at
// Bundang), five welfare facilities, a month of Saturday activities with their attendance
// recorded and granted to the facilities (10,000 won an hour from a 3,000,000 won budget), and
// activities still to come, one of them open to every employee.
#include <stdexcept>

#include "app/demo.h"
#include "ledger/engine.h"
#include "volunteer/service.h"

namespace sangsaeng::app {

namespace {

constexpr UnixMicros kHour = 3600 * kMicrosPerSecond;
constexpr UnixMicros kDay = 24 * kHour;

// The Saturday `weeks` weeks from `now` (negative: before), at `hour` KST.
UnixMicros saturday(UnixMicros now, int weeks, int hour) {
  CivilTime c = civil_from_micros(now, kSeoulOffsetMinutes);
  c.hour = hour;
  c.minute = c.second = c.micros = 0;
  const UnixMicros today = micros_from_civil(c, kSeoulOffsetMinutes);
  const int to_saturday = (6 - weekday(now, kSeoulOffsetMinutes) + 7) % 7;
  return today + (to_saturday + 7 * weeks) * kDay;
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok())
    throw std::runtime_error(std::string("demo volunteer: ") + what + ": " + r.status().message());
  return std::move(r).value();
}

const std::vector<volunteer::Facility> kFacilities = {
    {.name = "종로노인종합복지관",
     .kind = "elderly",
     .address = "서울특별시 종로구 율곡로 33길 12",
     .contact_name = "사회복지사 박은정",
     .contact_phone = "02-742-0000"},
    {.name = "은평 사랑의집 (장애인거주시설)",
     .kind = "disability",
     .address = "서울특별시 은평구 통일로 78길 5",
     .contact_name = "생활재활교사 김도현",
     .contact_phone = "02-384-0000"},
    {.name = "마포 해오름 지역아동센터",
     .kind = "children",
     .address = "서울특별시 마포구 성미산로 15",
     .contact_name = "센터장 이수진",
     .contact_phone = "02-332-0000"},
    {.name = "분당종합사회복지관",
     .kind = "community",
     .address = "경기도 성남시 분당구 정자일로 80",
     .contact_name = "팀장 정민호",
     .contact_phone = "031-712-0000"},
    {.name = "영등포 노숙인 다시서기센터",
     .kind = "homeless",
     .address = "서울특별시 영등포구 경인로 102길 9",
     .contact_name = "실무자 한지원",
     .contact_phone = "02-2677-0000"},
};

}  // namespace

bool seed_demo_volunteer(store::Db& db, accounts::AccountService& a, UnixMicros now) {
  const bool seeded = db.read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM volunteer_teams", soci::into(n);
    return n > 0;
  });
  if (seeded) return false;
  const auto admin = a.find_user_by_email("admin@sangsaeng.test");
  const Id company = *admin->org_id;
  // Four more employees for the Bundang team (the Gwanghwamun one has the demo staff).
  const std::pair<const char*, const char*> bundang[] = {
      {"bundang1@sangsaeng.test", "임직원 최다은"},
      {"bundang2@sangsaeng.test", "임직원 강민준"},
      {"bundang3@sangsaeng.test", "임직원 윤서연"},
      {"bundang4@sangsaeng.test", "임직원 조현우"}};
  std::vector<Id> bundang_ids;
  for (const auto& [email, name] : bundang) {
    bundang_ids.push_back(
        must(
            a.create_user(
                {email, name, kDemoPassword, company, {{accounts::Role::helper, ""}}, std::nullopt},
                now),
            "employee")
            .id);
  }
  ledger::Engine ledger(db);
  UnixMicros clock = now;
  volunteer::VolunteerService corps(db, ledger, {.clock = [&clock] { return clock; }});
  const auto manager = a.find_user_by_email("volunteer@sangsaeng.test")->id;
  const volunteer::Actor by_manager{.user_id = manager, .program_manager = true};
  const auto gwanghwamun =
      must(corps.create_team("광화문 나눔봉사단", "leader@sangsaeng.test"), "team").id;
  must(corps.add_members(gwanghwamun, {"staff1@sangsaeng.test", "staff2@sangsaeng.test"},
                         by_manager),
       "members");
  const auto bundang_team =
      must(corps.create_team("분당 사랑나눔봉사단", "bundang1@sangsaeng.test"), "team").id;
  must(corps.add_members(
           bundang_team,
           {"bundang2@sangsaeng.test", "bundang3@sangsaeng.test", "bundang4@sangsaeng.test"},
           by_manager),
       "members");
  const auto facilities = must(corps.add_facilities(kFacilities), "facilities");
  if (Status st = corps.set_grant_rate(10'000, manager); !st.ok()) {
    throw std::runtime_error("demo volunteer: " + st.message());
  }
  must(corps.fund_budget(ids().next(), 3'000'000, company), "budget");

  const Id leader = a.find_user_by_email("leader@sangsaeng.test")->id;
  const Id staff1 = a.find_user_by_email("staff1@sangsaeng.test")->id;
  const Id staff2 = a.find_user_by_email("staff2@sangsaeng.test")->id;
  const std::vector<Id> gwanghwamun_people = {leader, staff1, staff2};
  struct Plan {
    int weeks;  // Saturdays from now
    int hour, hours;
    bool bundang;
    std::size_t facility;
    const char* title;
  };
  const Plan plans[] = {
      {-4, 10, 3, false, 0, "어르신 점심 배식과 말벗 봉사"},
      {-4, 13, 4, true, 3, "복지관 어르신 김장 김치 담그기"},
      {-3, 10, 3, false, 2, "아이들과 함께하는 코딩 교실"},
      {-3, 14, 2, true, 3, "독거 어르신 도시락 배달"},
      {-2, 9, 4, false, 1, "장애인 거주시설 환경 정리와 산책 동행"},
      {-1, 10, 3, false, 0, "어르신 스마트폰 활용 교육"},
      {-1, 13, 3, true, 4, "겨울 이불·방한용품 나눔"},
      {1, 10, 3, false, 2, "지역아동센터 겨울방학 학습 지원"},
      {2, 10, 3, true, 3, "연말 어르신 생신 잔치"},
  };
  for (const Plan& p : plans) {
    const UnixMicros start = saturday(now, p.weeks, p.hour);
    clock = std::min(now, start - 7 * kDay);  // planned a week before
    const auto activity =
        must(corps.create_activity({.facility_id = facilities[p.facility],
                                    .team_id = p.bundang ? bundang_team : gwanghwamun,
                                    .title = p.title,
                                    .starts_at_us = start,
                                    .ends_at_us = start + p.hours * kHour,
                                    .slots = 10},
                                   by_manager),
             "activity");
    const std::vector<Id>& people = p.bundang ? bundang_ids : gwanghwamun_people;
    for (Id person : people) must(corps.sign_up(activity.id, person), "sign-up");
    if (start >= now) continue;
    clock = start + p.hours * kHour + kHour;  // recorded by the leader after the activity
    std::vector<volunteer::Attendee> came;
    for (std::size_t i = 0; i < people.size(); ++i) {
      // Somebody leaves early now and then; everyone else stays the whole time.
      came.push_back({.user_id = people[i], .minutes = (i == 1 && p.weeks == -3) ? 90 : 0});
    }
    must(corps.record_attendance(activity.id, came,
                                 {.user_id = p.bundang ? bundang_ids[0] : leader}),
         "attendance");
  }
  // An open activity next month: any employee may sign up; staff1 already did.
  clock = now;
  const UnixMicros open_start = saturday(now, 3, 9);
  const auto open = must(corps.create_activity({.facility_id = facilities[4],
                                                .title = "연탄 나눔 봉사 (전 임직원 참여)",
                                                .starts_at_us = open_start,
                                                .ends_at_us = open_start + 4 * kHour,
                                                .slots = 30},
                                               by_manager),
                         "activity");
  must(corps.sign_up(open.id, staff1), "sign-up");
  return true;
}

}  // namespace sangsaeng::app
