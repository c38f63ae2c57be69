// Neighbourhood membership's demo: 망원동's alley of five shops around 망원역 (where the demo
// member stands in the web app), two shops in 연남동 farther away, each with an offer to
// members; the alley's manager (alley@) and the bakery's owner (shop@, who redeems codes); a
// prize event open for entries with five members entered, and last month's event drawn (so
// `sangsaeng draw verify` has a draw to check).
#include <stdexcept>

#include "app/demo.h"
#include "neighbourhood/service.h"

namespace sangsaeng::app {

namespace {

namespace nb = neighbourhood;

constexpr UnixMicros kDay = kMicrosPerDay;

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok())
    throw std::runtime_error(std::string("demo neighbourhood: ") + what + ": " +
                             r.status().message());
  return std::move(r.value());
}

Id new_user(accounts::AccountService& a, const std::string& email, const std::string& name,
            std::optional<Id> org_id, accounts::RoleGrant role, UnixMicros now) {
  return must(a.create_user({email, name, kDemoPassword, org_id, {role}}, now), "user").id;
}

struct DemoShop {
  const char* area;
  const char* name;
  const char* category;
  const char* address;
  std::int64_t lat_e6, lon_e6;
  const char* offer;
  const char* conditions;
  nb::DiscountKind kind;
  std::int64_t value;
  int weekly_cap;
};

// 망원역 is at 37.556094, 126.910052; 연남동's shops are about 1.3 km east.
const DemoShop kShops[] = {
    {"망원동 골목", "호호베이커리", "빵집", "서울 마포구 포은로 88", 37'556'700, 126'908'500,
     "멤버 빵 10% 할인", "1만 원 이상 구매 시", nb::DiscountKind::percent, 10, 100},
    {"망원동 골목", "망원 손칼국수", "식당", "서울 마포구 망원로 62", 37'555'300, 126'911'200,
     "칼국수 1,000원 할인", "1인 1그릇", nb::DiscountKind::fixed, 1000, 200},
    {"망원동 골목", "골목 꽃집 봄날", "꽃집", "서울 마포구 망원로8길 21", 37'557'200, 126'910'700,
     "꽃다발 15% 할인", "", nb::DiscountKind::percent, 15, 30},
    {"망원동 골목", "책방 한모금", "서점", "서울 마포구 포은로6길 14", 37'554'900, 126'907'900,
     "음료 주문 시 책 5% 할인", "음료 1잔 주문 시", nb::DiscountKind::percent, 5, 0},
    {"망원동 골목", "망원 커피로스터스", "카페", "서울 마포구 희우정로 115", 37'557'800,
     126'909'300, "아메리카노 500원 할인", "", nb::DiscountKind::fixed, 500, 0},
    {"연남동 골목", "연남 수제버거", "식당", "서울 마포구 동교로 241", 37'562'000, 126'924'000,
     "세트 메뉴 2,000원 할인", "평일 점심", nb::DiscountKind::fixed, 2000, 100},
    {"연남동 골목", "연남 공방 소소", "공방", "서울 마포구 연남로 30", 37'563'100, 126'922'600,
     "원데이 클래스 20% 할인", "사전 예약", nb::DiscountKind::percent, 20, 10},
};

void seed_shops(nb::NeighbourhoodService& service, accounts::AccountService& a, Id manager,
                UnixMicros now) {
  const Id mangwon =
      must(service.add_area({.name = "망원동 골목", .centre = {37'556'094, 126'910'052}}), "area")
          .id;
  const Id yeonnam =
      must(service.add_area({.name = "연남동 골목", .centre = {37'562'500, 126'923'300}}), "area")
          .id;
  const nb::Actor actor{.user_id = manager, .manages = true};
  bool first = true;
  for (const DemoShop& d : kShops) {
    const Id org = must(a.create_org(d.name, accounts::OrgKind::merchant, now), "org").id;
    if (first)  // the bakery's owner redeems members' codes in the demo
      new_user(a, "shop@sangsaeng.test", "호호베이커리 사장 김빵집", org,
               {accounts::Role::merchant, ""}, now);
    first = false;
    must(service.add_shop({.org_id = org,
                           .area_id = std::string_view(d.area) == "망원동 골목" ? mangwon : yeonnam,
                           .name = d.name,
                           .category = d.category,
                           .address = d.address,
                           .at = {d.lat_e6, d.lon_e6}}),
         "shop");
    must(service.add_offer({.shop_org_id = org,
                            .title = d.offer,
                            .conditions = d.conditions,
                            .discount_kind = d.kind,
                            .discount_value = d.value,
                            .valid_from_us = now - 7 * kDay,
                            .valid_until_us = now + 60 * kDay,
                            .weekly_cap = d.weekly_cap,
                            .member_daily_max = 1},
                           actor),
         "offer");
  }
}

// Members of the alley who entered the prize events (the demo customer is one).
std::vector<Id> members(accounts::AccountService& a, UnixMicros now) {
  std::vector<Id> out;
  if (auto c = a.find_user_by_email("customer@sangsaeng.test")) out.push_back(c->id);
  const char* names[] = {"망원 주민 김하늘", "망원 주민 이바다", "망원 주민 박구름",
                         "망원 주민 최노을"};
  for (int i = 0; i < 4; ++i)
    out.push_back(new_user(a, "member" + std::to_string(i + 1) + "@sangsaeng.test", names[i],
                           std::nullopt, {accounts::Role::customer, ""}, now));
  return out;
}

void seed_prize_events(store::Db& db, Id manager, const std::vector<Id>& entrants, UnixMicros now) {
  // Last month's event, entered and drawn then (the service's clock set to those days).
  UnixMicros at = now - 40 * kDay;
  nb::NeighbourhoodService past(db, {.clock = [&at] { return at; }});
  const Id drawn = must(past.add_prize_event({.title = "11월 골목 스탬프 경품",
                                              .prize = "망원시장 상품권 3만 원",
                                              .winners_count = 2,
                                              .opens_at_us = now - 40 * kDay,
                                              .closes_at_us = now - 33 * kDay},
                                             manager),
                        "past event")
                       .id;
  for (Id u : entrants) {
    at += kDay / 2;
    must(past.enter(drawn, u), "past entry");
  }
  at = now - 32 * kDay;
  must(past.draw(drawn), "past draw");

  nb::NeighbourhoodService service(db);
  const Id open = must(service.add_prize_event({.title = "12월 망원동 골목 경품 이벤트",
                                                .prize = "동네 가게 이용권 5만 원 (3명)",
                                                .winners_count = 3,
                                                .opens_at_us = now - kDay,
                                                .closes_at_us = now + 14 * kDay},
                                               manager),
                       "event")
                      .id;
  for (std::size_t i = 1; i < entrants.size(); ++i)  // the demo customer has not entered yet
    must(service.enter(open, entrants[i]), "entry");
}

}  // namespace

bool seed_demo_neighbourhood(store::Db& db, accounts::AccountService& a, UnixMicros now) {
  if (a.find_user_by_email("alley@sangsaeng.test")) return false;
  const auto company = a.find_user_by_email("admin@sangsaeng.test");
  if (!company) throw std::runtime_error("demo neighbourhood: seed_demo has not run");
  const Id manager = new_user(a, "alley@sangsaeng.test", "골목 멤버십 매니저 한골목",
                              company->org_id, {accounts::Role::manager, "alley"}, now);
  must(a.update_program("alley", {.status = "active", .starts_on = "2026-01-01"}), "program");
  nb::NeighbourhoodService service(db, {.clock = [now] { return now; }});
  seed_shops(service, a, manager, now);
  seed_prize_events(db, manager, members(a, now), now);
  return true;
}

}  // namespace sangsaeng::app
