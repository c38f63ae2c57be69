// Care and dispatch's demo: IT supporters and technicians in Seoul (Korean, Vietnamese, Chinese
// and Korean sign language among them; one certificate has expired), elderly people living
// alone, marriage migrants and a deaf household, and tomorrow's requests, so that a newcomer
// signed in as care@ can plan a dispatch day, read why some requests stay unassigned, move a
// visit and publish. Written through the care service (its rules check every row).
#include <stdexcept>

#include "app/demo.h"
#include "care/service.h"

namespace sangsaeng::app {

namespace {

using care::Gender;
using care::HelperKind;
using care::RequestKind;
using care::Span;

constexpr Span kDay{9 * 60, 18 * 60};
constexpr Span kWeekend{10 * 60, 16 * 60};

care::Helper helper(std::string name, HelperKind kind, Gender gender, std::string team,
                    std::string address, double lat, double lon, std::vector<std::string> languages,
                    std::vector<std::string> skills, std::optional<Span> weekend = std::nullopt) {
  care::Helper h;
  h.name = std::move(name);
  h.kind = kind;
  h.gender = gender;
  h.team = std::move(team);
  h.home = {std::move(address), lat, lon};
  h.languages = std::move(languages);
  h.skills = std::move(skills);
  h.weekday_shift = kDay;
  h.weekend_shift = weekend;
  if (kind != HelperKind::technician)
    h.certifications = {{"IT 서포터즈 인증 (디지털 배움터 연계)", "2025-03-01", "2027-02-28"}};
  return h;
}

care::Beneficiary person(std::string program, std::string name, std::string phone,
                         std::string address, double lat, double lon,
                         std::vector<std::string> needs, bool consented = true) {
  care::Beneficiary b;
  b.program = std::move(program);
  b.name = std::move(name);
  b.phone = std::move(phone);
  b.place = {std::move(address), lat, lon};
  b.needs = std::move(needs);
  if (consented) b.consent_on = "2026-10-15";
  return b;
}

care::Request request(std::string program, Id who, RequestKind kind, const std::string& date,
                      int minutes, std::vector<Span> windows, std::vector<std::string> skills = {},
                      std::optional<std::string> language = std::nullopt, int priority = 0) {
  care::Request r;
  r.program = std::move(program);
  r.beneficiary_id = who;
  r.kind = kind;
  r.date = date;
  r.duration_min = minutes;
  r.windows = std::move(windows);
  r.skills = std::move(skills);
  r.language = std::move(language);
  r.priority = priority;
  return r;
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok())
    throw std::runtime_error(std::string("demo care: ") + what + ": " + r.status().message());
  return std::move(r).value();
}

}  // namespace

bool seed_demo_care(store::Db& db, accounts::AccountService& accounts, UnixMicros now) {
  // Today's day is planned at seeding: a short, bounded search is plenty for three visits.
  care::CareService service(db, {.solver_iterations_max = 2'000});
  if (!service.helpers(std::nullopt, 1).items.empty()) return false;
  const auto hana = accounts.find_user_by_email("helper@sangsaeng.test");
  const auto daeun = accounts.find_user_by_email("tech@sangsaeng.test");
  const auto admin = accounts.find_user_by_email("admin@sangsaeng.test");
  if (!hana || !daeun || !admin) throw std::runtime_error("demo care: run seed_demo first");
  const care::Actor actor{.user_id = admin->id, .email = admin->email, .admin = true};

  std::vector<care::Helper> helpers = {
      helper("최하나", HelperKind::it_supporter, Gender::female, "마포 IT 서포터즈",
             "서울 마포구 월드컵북로 396", 37.5794, 126.8895, {"ko", "vi"},
             {"smartphone", "kiosk", "video-call"}, kWeekend),
      helper("정다은", HelperKind::technician, Gender::female, "서부 여성 기사팀",
             "서울 서대문구 통일로 97", 37.5658, 126.9667, {"ko"}, {"router", "iptv", "wifi"},
             kWeekend),
      helper("김민수", HelperKind::it_supporter, Gender::male, "마포 IT 서포터즈",
             "서울 마포구 양화로 45", 37.5509, 126.9137, {"ko", "en"},
             {"smartphone", "banking-app"}),
      helper("왕리나", HelperKind::it_supporter, Gender::female, "구로 IT 서포터즈",
             "서울 구로구 디지털로 300", 37.4849, 126.8965, {"ko", "zh"}, {"smartphone", "kiosk"},
             kWeekend),
      helper("박수어", HelperKind::volunteer, Gender::male, "수어 봉사단", "서울 종로구 대학로 101",
             37.5826, 127.0017, {"ko", "ksl"}, {"smartphone", "video-call"}, kWeekend),
      helper("이준호", HelperKind::technician, Gender::male, "인터넷 닥터 은평",
             "서울 은평구 통일로 684", 37.6176, 126.9227, {"ko"}, {"router", "iptv"}, kWeekend),
      helper("한가람", HelperKind::it_supporter, Gender::male, "은평 IT 서포터즈",
             "서울 은평구 연서로 195", 37.6190, 126.9210, {"ko"}, {"smartphone"}),
  };
  helpers[0].user_id = hana->id;
  helpers[1].user_id = daeun->id;
  // 한가람's certificate lapsed last month: he is not planned for IT help until renewed.
  helpers[6].certifications = {{"IT 서포터즈 인증", "2023-11-01", "2025-10-31"}};
  const auto h = must(service.add_helpers(helpers, actor), "helpers");
  const Id lee_junho = h[5];

  std::vector<care::Beneficiary> people = {
      person("it-support", "박순자", "010-2345-1001", "서울 마포구 성산로 128 (성산동)", 37.5665,
             126.9106, {"elderly", "lives-alone"}),
      person("it-support", "응우옌 티 란", "010-2345-1002", "서울 마포구 망원로 64", 37.5563,
             126.9019, {"migrant", "language:vi"}),
      person("it-support", "김복례", "010-2345-1003", "서울 서대문구 연희로 220", 37.5725, 126.9325,
             {"elderly", "lives-alone", "low-vision"}),
      person("it-support", "장메이", "010-2345-1004", "서울 구로구 구로동로 150", 37.4926, 126.8825,
             {"migrant", "language:zh"}),
      person("it-support", "오정숙·최동훈 부부", "010-2345-1005", "서울 종로구 창신길 30", 37.5757,
             127.0107, {"disability:hearing", "language:ksl"}),
      person("it-support", "이말순", "010-2345-1006", "서울 은평구 진관3로 15", 37.6361, 126.9190,
             {"elderly"}),
      person("female-tech", "윤서연", "010-2345-1007", "서울 서대문구 신촌로 250", 37.5608,
             126.9460, {"lives-alone"}),
      person("internet-doctor", "조영길", "010-2345-1008", "서울 은평구 응암로 200", 37.5990,
             126.9160, {"elderly"}),
      person("it-support", "마리아 산토스", "010-2345-1009", "서울 마포구 월드컵로 235", 37.5637,
             126.9063, {"migrant", "language:tl"}),
      person("it-support", "정옥자", "010-2345-1010", "서울 마포구 대흥로 80", 37.5498, 126.9443,
             {"elderly", "lives-alone"}, false),  // consent form not yet signed
  };
  people[0].female_helper_only = true;         // lives alone; asked for a woman
  people[7].designated_helper_id = lee_junho;  // "인터넷 닥터": asks for 이준호 by name
  const auto p = must(service.add_beneficiaries(people, actor), "people");

  const std::string tomorrow =
      format_date(civil_from_micros(now + kMicrosPerDay, kSeoulOffsetMinutes));
  const std::vector<care::Request> requests = {
      request("it-support", p[0], RequestKind::home_it_help, tomorrow, 60, {{10 * 60, 12 * 60}},
              {"video-call"}),
      request("it-support", p[1], RequestKind::it_education, tomorrow, 90, {{13 * 60, 17 * 60}}, {},
              "vi"),
      request("it-support", p[2], RequestKind::home_it_help, tomorrow, 60,
              {{9 * 60 + 30, 11 * 60 + 30}, {14 * 60, 16 * 60}}, {"smartphone"}),
      request("it-support", p[3], RequestKind::it_education, tomorrow, 90, {{10 * 60, 15 * 60}},
              {"kiosk"}, "zh"),
      request("it-support", p[4], RequestKind::home_it_help, tomorrow, 90, {{14 * 60, 17 * 60}},
              {"video-call"}, "ksl", 20),
      request("it-support", p[5], RequestKind::home_it_help, tomorrow, 60, {{10 * 60, 16 * 60}},
              {"smartphone"}),
      request("female-tech", p[6], RequestKind::broadband_repair, tomorrow, 60,
              {{11 * 60, 13 * 60}}, {"router"}, std::nullopt, 30),
      request("internet-doctor", p[7], RequestKind::broadband_repair, tomorrow, 60,
              {{9 * 60, 12 * 60}}, {"iptv"}, std::nullopt, 30),
      request("it-support", p[8], RequestKind::it_education, tomorrow, 60, {{10 * 60, 16 * 60}}, {},
              "tl"),  // nobody speaks Tagalog yet: the plan says so
      request("it-support", p[9], RequestKind::home_it_help, tomorrow, 60, {{10 * 60, 12 * 60}}),
  };
  must(service.add_requests(requests, actor), "requests");

  // Today is already planned and published, so that the helpers signed in as helper@ (최하나)
  // and tech@ (정다은) find their visits on the phone: 박순자 asked for a woman and a video
  // call, 응우옌 티 란's lesson is in Vietnamese (only 최하나 speaks it), and the female
  // technicians' program sends 정다은 to 윤서연's router.
  const std::string today = format_date(civil_from_micros(now, kSeoulOffsetMinutes));
  const std::vector<care::Request> today_requests = {
      request("it-support", p[0], RequestKind::home_it_help, today, 60, {{10 * 60, 12 * 60}},
              {"video-call"}),
      request("it-support", p[1], RequestKind::it_education, today, 90, {{14 * 60, 16 * 60}}, {},
              "vi"),
      request("female-tech", p[6], RequestKind::broadband_repair, today, 60, {{11 * 60, 13 * 60}},
              {"router"}),
  };
  must(service.add_requests(today_requests, actor), "today's requests");
  const auto plan = must(service.plan_day(today, 1, actor), "today's plan");
  must(service.publish(plan.id, actor), "today's publication");
  return true;
}

}  // namespace sangsaeng::app
