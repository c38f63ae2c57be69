// The art hall fund and hearing-support grants' demo: a year of the hall's ticket revenue (a
// day's total for each performance day, Friday to Sunday), and six applications in different
// states: the demo customer's child paid at surgery and in rehabilitation, a child helped last
// year whose case is closed, one approved (reserved), one in screening, a new one, a declined
// one and one ended before surgery (its reservation released).
#include <stdexcept>

#include "app/demo.h"
#include "grants/service.h"
#include "ledger/engine.h"

namespace sangsaeng::app {

namespace {

constexpr UnixMicros kDay = 24 * 3600 * kMicrosPerSecond;

struct Show {
  const char* title;
  std::int64_t price_won;
};
constexpr Show kShows[] = {{"뮤지컬 〈빨래〉", 55'000},
                           {"어린이 뮤지컬 〈구름빵〉", 35'000},
                           {"국립발레단 〈호두까기 인형〉", 70'000},
                           {"재즈 트리오 송년 콘서트", 45'000},
                           {"가족 오페라 〈마술피리〉", 50'000},
                           {"국악 한마당 〈흥〉", 30'000}};
constexpr int kSeats = 420;

std::vector<grants::RevenueLine> a_year_of_revenue(UnixMicros now) {
  std::vector<grants::RevenueLine> lines;
  for (int back = 365; back >= 1; --back) {
    const UnixMicros day = now - back * kDay;
    const int dow = weekday(day, kSeoulOffsetMinutes);  // 0 = Sunday
    if (dow != 0 && dow != 5 && dow != 6) continue;
    const Show& show = kShows[(back / 28) % std::size(kShows)];  // a new title every four weeks
    // 55-95 % of the seats, varying by day; Saturdays fuller.
    const int sold = kSeats * (55 + (back * 37) % 35 + (dow == 6 ? 5 : 0)) / 100;
    lines.push_back({.sold_on = format_date(civil_from_micros(day, kSeoulOffsetMinutes)),
                     .amount_won = sold * show.price_won,
                     .title = show.title,
                     .tickets = sold});
  }
  return lines;
}

// A small PDF standing for the hospital's audiogram (each its own bytes).
std::string report_pdf(const std::string& who) {
  return "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
         "% Pure-tone audiometry (demo) for " +
         who +
         ": bilateral profound sensorineural hearing loss, > 90 dB HL\ntrailer\n"
         "<< /Root 1 0 R >>\n%%EOF\n";
}

Id guardian(accounts::AccountService& a, const std::string& email, const std::string& name,
            UnixMicros now) {
  if (auto u = a.find_user_by_email(email)) return u->id;
  auto created = a.create_user(
      {email, name, kDemoPassword, std::nullopt, {{accounts::Role::customer, ""}}}, now);
  if (!created.ok()) throw std::runtime_error("demo grants: " + created.status().message());
  return created->id;
}

}  // namespace

bool seed_demo_grants(store::Db& db, accounts::AccountService& a, UnixMicros now) {
  const bool seeded = db.read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM grant_applications", soci::into(n);
    return n > 0;
  });
  if (seeded) return false;
  const Id reviewer = a.find_user_by_email("hearing@sangsaeng.test")->id;
  const Id hall = a.find_user_by_email("arthall@sangsaeng.test")->id;
  UnixMicros clock = now - 400 * kDay;  // moved forward as the cases go
  ledger::Engine ledger(db);
  grants::GrantService service(db, ledger, {.clock = [&clock] { return clock; }});
  auto check = [](const auto& result, const char* what) {
    if (!result.ok())
      throw std::runtime_error(std::string("demo grants: ") + what + ": " +
                               result.status().message());
  };
  clock = now;
  check(service.credit_revenue("art-hall", a_year_of_revenue(now), hall), "revenue");

  struct Child {
    const char* child;
    const char* born;
    const char* guardian;
    const char* relation;
    const char* phone;
    const char* hospital;
    std::int64_t won;
    const char* email;  // the guardian's account
  };
  const Child kids[] = {{"정하늘", "2022-04-17", "정미래", "모", "010-0000-0001", "세브란스병원",
                         32'000'000, "customer@sangsaeng.test"},
                        {"박서준", "2021-09-02", "박지영", "모", "010-3141-5926", "서울대학교병원",
                         30'000'000, "guardian1@sangsaeng.test"},
                        {"이도윤", "2023-01-25", "이현우", "부", "010-2718-2818", "삼성서울병원",
                         34'000'000, "guardian2@sangsaeng.test"},
                        {"최지우", "2020-11-08", "최은정", "모", "010-1618-0339", "서울아산병원",
                         31'000'000, "guardian3@sangsaeng.test"},
                        {"김하준", "2024-02-29", "김나래", "모", "010-1414-2135",
                         "분당서울대학교병원", 33'000'000, "guardian4@sangsaeng.test"},
                        {"한예린", "2019-06-30", "한상철", "조부", "010-1732-0508",
                         "강남세브란스병원", 29'000'000, "guardian5@sangsaeng.test"},
                        {"오시우", "2022-12-12", "오수진", "모", "010-2236-0679",
                         "고려대학교안암병원", 30'000'000, "guardian6@sangsaeng.test"}};
  std::vector<Id> ids;
  for (std::size_t i = 0; i < std::size(kids); ++i) {
    const Child& k = kids[i];
    const Id applicant =
        i == 0 ? a.find_user_by_email(k.email)->id : guardian(a, k.email, k.guardian, now);
    // The child helped last year applied some 13 months ago; the others this autumn.
    clock = now - (i == 1 ? 395 : 100 - 10 * static_cast<int>(i)) * kDay;
    auto report = service.store_report(report_pdf(k.child));
    check(report, "report");
    auto applied = service.apply(
        {.applicant_id = applicant,
         .child_name = k.child,
         .child_birth_date = k.born,
         .guardian_name = k.guardian,
         .guardian_relation = k.relation,
         .guardian_phone = k.phone,
         .hospital = k.hospital,
         .consent_on = format_date(civil_from_micros(clock - 2 * kDay, kSeoulOffsetMinutes)),
         .report_hash = report->hash,
         .requested_won = k.won});
    check(applied, "application");
    ids.push_back(applied->id);
  }
  auto step = [&](std::size_t i, grants::Stage to, int days_ago, std::string reason = {},
                  int sessions = 0) {
    clock = now - days_ago * kDay;
    check(
        service.move(ids[i], {.to = to, .reason = std::move(reason), .sessions_planned = sessions},
                     reviewer),
        "step");
  };
  auto session = [&](std::size_t i, int days_ago, int progress, const char* note) {
    clock = now - days_ago * kDay;
    check(service.record_session(
              ids[i],
              {.held_on = format_date(civil_from_micros(clock, kSeoulOffsetMinutes)),
               .progress_percent = progress,
               .note = note},
              reviewer),
          "session");
  };
  using grants::Stage;
  // Last year's child: paid, rehabilitated, closed.
  step(1, Stage::screening, 390);
  step(1, Stage::approved, 380, {}, 24);
  step(1, Stage::surgery, 350);
  step(1, Stage::rehabilitation, 340);
  session(1, 330, 20, "인공와우 첫 매핑. 소리 자극에 반응");
  session(1, 200, 60, "두 음절 단어 변별");
  session(1, 40, 95, "일상 대화 가능, 재활 목표 달성");
  step(1, Stage::closed, 35, "재활 목표 달성으로 종결");
  // The demo customer's child: paid at surgery, in rehabilitation.
  step(0, Stage::screening, 95);
  step(0, Stage::approved, 85, {}, 24);
  step(0, Stage::surgery, 60);
  step(0, Stage::rehabilitation, 50);
  session(0, 49, 10, "인공와우 첫 매핑(전극 22채널 모두 활성). 큰 소리에 고개를 돌림");
  session(0, 42, 20, "소리 탐지 훈련. 북소리와 박수 소리 구분");
  session(0, 35, 30, "링(Ling) 6음 검사 중 4음 탐지");
  session(0, 28, 40, "자기 이름에 반응. 의성어 모방 시작");
  // Approved and reserved, surgery scheduled; in screening; new.
  step(2, Stage::screening, 70);
  step(2, Stage::approved, 20, {}, 24);
  step(3, Stage::screening, 10);
  // Declined with the reason the guardian reads; ended before surgery (released).
  step(5, Stage::screening, 55);
  step(5, Stage::declined, 45,
       "제출하신 청력검사 결과가 인공와우 지원 기준(양측 70dB 이상)에 해당하지 않습니다. "
       "보청기 지원 사업을 안내해 드립니다.");
  step(6, Stage::screening, 40);
  step(6, Stage::approved, 30, {}, 24);
  step(6, Stage::closed, 12, "보호자 요청: 해외 이주로 국내 수술을 취소함");
  return true;
}

}  // namespace sangsaeng::app
