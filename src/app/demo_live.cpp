// The live program's demo: 망원시장's evening live show about to start with its featured
// products, last week's show with its replay timeline, an online entrance ceremony with RSVPs
// and a guest book, and this month's four free performances from partner organisations.
#include <stdexcept>

#include "app/demo.h"
#include "live/performances.h"
#include "live/service.h"
#include "market/service.h"

namespace sangsaeng::app {

namespace {

constexpr UnixMicros kMinute = 60 * kMicrosPerSecond;
constexpr UnixMicros kDay = kMicrosPerDay;

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok())
    throw std::runtime_error(std::string("demo live: ") + what + ": " + r.status().message());
  return std::move(r.value());
}

// The next whole quarter hour at least 10 minutes away: the show "about to start".
UnixMicros soon(UnixMicros now) {
  const UnixMicros quarter = 15 * kMinute;
  return (now + 10 * kMinute + quarter - 1) / quarter * quarter;
}

UnixMicros kst_day_at(UnixMicros t, int hour) {
  CivilTime c = civil_from_micros(t, kSeoulOffsetMinutes);
  c.hour = hour;
  c.minute = c.second = c.micros = 0;
  return micros_from_civil(c, kSeoulOffsetMinutes);
}

std::vector<Id> market_products(store::Db& db, accounts::AccountService& a, Id manager,
                                UnixMicros now) {
  auto org =
      a.create_org("망원시장 상인회 (Mangwon Market Merchants)", accounts::OrgKind::merchant, now);
  if (!org.ok()) throw std::runtime_error("demo live: " + org.status().message());
  market::MarketService market(db);
  const market::Actor actor{.user_id = manager, .manages_market = true};
  struct {
    const char* name;
    const char* description;
    const char* unit;
    std::int64_t price, market_price;
  } const products[] = {
      {"망원시장 수제 어묵 모둠", "40년 된 어묵집에서 매일 아침 튀기는 수제 어묵 8종.", "1.2kg",
       15'900, 19'000},
      {"저온 압착 국산 참기름", "국산 참깨를 방앗간에서 바로 짠 참기름.", "350ml", 18'000, 22'000},
      {"손만두 김치·고기 반반", "시장 만둣집의 손으로 빚은 만두, 냉동 배송.", "1kg", 12'900,
       15'000},
      {"제철 반찬 3종 세트", "멸치볶음, 깻잎장아찌, 진미채. 당일 조리.", "3팩", 14'500, 17'000},
  };
  std::vector<Id> ids;
  for (const auto& p : products)
    ids.push_back(must(market.create_product({.merchant_org_id = org->id,
                                              .name = p.name,
                                              .description = p.description,
                                              .origin = "서울 마포구 망원시장",
                                              .unit_label = p.unit,
                                              .price_won = p.price,
                                              .market_price_won = p.market_price},
                                             actor, now),
                       "product")
                      .id);
  return ids;
}

void performances(store::Db& db, Id manager, UnixMicros now) {
  live::Performances catalogue(db, [now] { return now; });
  const CivilTime today = civil_from_micros(now, kSeoulOffsetMinutes);
  const UnixMicros first =
      micros_from_civil({.year = today.year, .month = today.month, .day = 1}, kSeoulOffsetMinutes);
  char month[8];
  std::snprintf(month, sizeof month, "%04d-%02d", today.year, today.month);
  auto partner = [&](const char* name, const char* description, const char* url) {
    return must(catalogue.add_partner({.name = name, .description = description, .url = url}),
                "partner")
        .id;
  };
  const Id gugak = partner("국립국악원", "전통 공연예술의 보존과 보급", "https://www.gugak.go.kr");
  const Id phil =
      partner("서울시립교향악단", "서울을 대표하는 교향악단", "https://www.seoulphil.or.kr");
  const Id sanullim =
      partner("극단 산울림", "1969년 창단한 연극 극단", "https://www.sanwoollim.kr");
  const Id jeongdong =
      partner("국립정동극장", "전통과 창작 공연의 무대", "https://www.jeongdong.or.kr");
  struct {
    Id partner;
    const char* title;
    const char* description;
    int minutes;
    const char* rating;
  } const titles[] = {
      {gugak, "종묘제례악", "유네스코 인류무형문화유산, 조선 왕실의 제례 음악과 춤.", 70, "all"},
      {phil, "겨울 가족 음악회", "호두까기 인형 모음곡과 겨울 왕국 OST를 함께 듣는 가족 음악회.",
       90, "all"},
      {sanullim, "고도를 기다리며", "베케트의 부조리극, 산울림 소극장 50주년 기념 공연.", 110,
       "12"},
      {jeongdong, "창작 판소리 〈춘향〉", "젊은 소리꾼이 다시 쓴 춘향가.", 100, "7"},
  };
  for (int week = 0; week < 4; ++week) {
    const auto& t = titles[week];
    must(catalogue.add_title(
             {.partner_id = t.partner,
              .title = t.title,
              .description = t.description,
              .duration_min = t.minutes,
              .age_rating = t.rating,
              .iptv_channel = "U+tv 무료공연 801",
              .mobile_url = "https://tv.uplus.example/free/" + std::to_string(week + 1),
              .lineup_month = month,
              .available_from_us = first + week * 7 * kDay,
              .available_until_us = first + (week * 7 + 28) * kDay},
             manager),
         "title");
  }
}

}  // namespace

bool seed_demo_live(store::Db& db, accounts::AccountService& a, UnixMicros now) {
  const bool seeded = db.read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM live_events", soci::into(n);
    return n > 0;
  });
  if (seeded) return false;
  const Id manager = a.find_user_by_email("live@sangsaeng.test")->id;
  const Id customer = a.find_user_by_email("customer@sangsaeng.test")->id;
  const Id market_manager = a.find_user_by_email("manager@sangsaeng.test")->id;
  const std::vector<Id> products = market_products(db, a, market_manager, now);
  UnixMicros clock = now;
  live::LiveService service(db, {.clock = [&clock] { return clock; }});
  const std::vector<live::Channel> channels = {
      {.platform = live::Platform::youtube, .url = "https://www.youtube.com/live/MangwonLive"},
      {.platform = live::Platform::facebook,
       .url = "https://www.facebook.com/mangwonmarket/videos/1024"},
      {.platform = live::Platform::iptv, .iptv_channel = "U+tv 전통시장 채널 803"}};

  // Last week's show, with its replay and the timeline of what was shown.
  const UnixMicros past = kst_day_at(now - 7 * kDay, 19);
  clock = past - 3 * kDay;
  auto old = must(service.create({.kind = live::EventKind::market_show,
                                  .title = "망원시장 김장철 특집 라이브",
                                  .description = "김장철을 맞아 망원시장 상인들이 준비한 반찬과 "
                                                 "먹거리를 소개합니다.",
                                  .hosts = {"쇼호스트 김하늘", "망원시장 상인회장 박정숙"},
                                  .starts_at_us = past,
                                  .ends_at_us = past + 60 * kMinute,
                                  .channels = channels,
                                  .product_ids = products},
                                 manager),
                  "past show");
  clock = past;
  must(service.move(old.id, live::EventState::live), "live");
  const struct {
    std::int64_t at_s;
    int product;  // -1: a moment
    const char* title;
  } pins[] = {{30, -1, "오프닝: 망원시장 입구에서"},
              {240, 0, ""},
              {900, 1, ""},
              {1500, -1, "어묵집 사장님 인터뷰"},
              {2100, 3, ""},
              {3300, -1, "마감 인사와 다음 방송 예고"}};
  for (const auto& p : pins) {
    clock = past + p.at_s * kMicrosPerSecond;
    live::Pin pin{.kind = p.product < 0 ? live::PinKind::moment : live::PinKind::product,
                  .title = p.title};
    if (p.product >= 0) pin.product_id = products[static_cast<std::size_t>(p.product)];
    must(service.pin(old.id, pin, std::nullopt, manager), "pin");
  }
  clock = past + 5 * kMinute;
  must(service.post_message(old.id, {.user_id = customer,
                                     .display_name = "고객 정미래",
                                     .body = "어묵 세트 주문했어요! 배송 기대됩니다"}),
       "message");
  clock = past + 60 * kMinute;
  must(service.move(old.id, live::EventState::ended), "ended");
  clock = past + 3 * 60 * kMinute;
  must(service.move(old.id, live::EventState::replay_available,
                    "https://www.youtube.com/watch?v=KimjangShow"),
       "replay");

  // Tonight's show, about to start.
  clock = now;
  const UnixMicros start = soon(now);
  auto tonight = must(service.create({.kind = live::EventKind::market_show,
                                      .title = "망원시장 저녁 장보기 라이브",
                                      .description = "퇴근길 장보기를 집에서! 오늘 저녁 반찬과 "
                                                     "간식을 시장 가격 그대로 소개합니다.",
                                      .hosts = {"쇼호스트 김하늘"},
                                      .starts_at_us = start,
                                      .ends_at_us = start + 60 * kMinute,
                                      .channels = channels,
                                      .product_ids = {products[0], products[1], products[2]}},
                                     manager),
                      "tonight");
  if (!service.remind(tonight.id, customer).ok()) throw std::runtime_error("demo live: reminder");

  // An online entrance ceremony in five days, with RSVPs and a guest book.
  const UnixMicros ceremony_at = kst_day_at(now + 5 * kDay, 11);
  auto ceremony =
      must(service.create({.kind = live::EventKind::ceremony,
                           .title = "2027학년도 한빛대학교 온라인 입학식",
                           .description = "함께 모이지 못하는 신입생과 가족을 위해 입학식을 "
                                          "생중계합니다. 축하 메시지를 방명록에 남겨 주세요.",
                           .hosts = {"총장 이한빛", "사회 아나운서 정다운"},
                           .starts_at_us = ceremony_at,
                           .ends_at_us = ceremony_at + 90 * kMinute,
                           .channels = {{.platform = live::Platform::youtube,
                                         .url = "https://youtu.be/HanbitEntry"},
                                        {.platform = live::Platform::iptv,
                                         .iptv_channel = "U+tv 우리동네 행사 805"}}},
                          manager),
           "ceremony");
  must(service.rsvp({.event_id = ceremony.id, .user_id = customer, .party_size = 3}), "rsvp");
  must(service.sign_guestbook(ceremony.id, {.user_id = customer,
                                            .display_name = "고객 정미래",
                                            .body = "우리 딸 입학 축하해! 멀리서도 응원할게."}),
       "guest book");

  performances(db, manager, now);
  return true;
}

}  // namespace sangsaeng::app
