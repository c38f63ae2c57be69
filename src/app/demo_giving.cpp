// Happiness credit's demo: three causes (elderly people living alone, youth with disabilities,
// children who skip meals), two partner shops, and the demo customer's credit: purchases last
// year settled at New Year (what their credit did), and this year's purchases (one cancelled)
// waiting for the year-end settlement, split 70/30 between the causes they chose.
#include <stdexcept>

#include "app/demo.h"
#include "giving/service.h"
#include "ledger/engine.h"

namespace sangsaeng::app {

namespace {

UnixMicros kst(int year, int month, int day, int hour = 0, int minute = 0) {
  return micros_from_civil(
      CivilTime{.year = year, .month = month, .day = day, .hour = hour, .minute = minute},
      kSeoulOffsetMinutes);
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok())
    throw std::runtime_error(std::string("demo giving: ") + what + ": " + r.status().message());
  return std::move(r).value();
}

}  // namespace

bool seed_demo_giving(store::Db& db, accounts::AccountService& a, UnixMicros now) {
  const bool seeded = db.read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM giving_partners", soci::into(n);
    return n > 0;
  });
  if (seeded) return false;
  const Id customer = a.find_user_by_email("customer@sangsaeng.test")->id;
  const Id admin = a.find_user_by_email("admin@sangsaeng.test")->id;
  const CivilTime today = civil_from_micros(now, kSeoulOffsetMinutes);
  const int year = today.year, last_year = today.year - 1;

  ledger::Engine ledger(db);
  giving::GivingService giving(db, ledger, {.clock = [now] { return now; }});
  struct CauseSeed {
    const char* org;
    const char* name;
    const char* description;
    int share;
    const char* registration_no;  // the charity's 고유번호 (made up for the demo)
  };
  const CauseSeed seeds[] = {
      {"사단법인 독거노인종합지원센터", "독거노인",
       "홀로 사시는 어르신께 안부 확인, 밑반찬, 겨울 난방비를 전합니다.", 50, "101-82-10001"},
      {"장애청소년 꿈키움재단", "장애청소년",
       "장애가 있는 청소년의 학습 보조기기와 진로 교육을 지원합니다.", 30, "214-82-20002"},
      {"결식아동 든든한끼 나눔회", "결식아동",
       "방학 중 끼니를 거르는 아이들에게 도시락과 식품 꾸러미를 보냅니다.", 20, "305-82-30003"},
  };
  std::vector<Id> causes;
  for (const CauseSeed& c : seeds) {
    const auto org = a.find_org_by_name(c.org);
    const Id org_id =
        org ? org->id : must(a.create_org(c.org, accounts::OrgKind::charity, now), c.org).id;
    causes.push_back(must(giving.add_cause({.org_id = org_id,
                                            .name = c.name,
                                            .description = c.description,
                                            .default_share = c.share,
                                            .registration_no = c.registration_no}),
                          c.name)
                         .id);
  }
  // A social-enterprise mall (1 %, 2 % in the year-end campaign) and small neighbourhood shops.
  const auto mall = must(giving.add_partner("착한소비 사회적기업몰",
                                            {{.starts_at_us = kst(last_year, 1, 1), .rate_bp = 100},
                                             {.starts_at_us = kst(year, 11, 1), .rate_bp = 200}},
                                            admin),
                         "partner");
  const auto shops =
      must(giving.add_partner("우리동네 소상공인 장터",
                              {{.starts_at_us = kst(last_year, 1, 1), .rate_bp = 150}}, admin),
           "partner");
  auto buy = [&](const giving::Partner& p, const char* ref, std::int64_t won, UnixMicros at) {
    return must(giving.report(p, {ref, customer, won, at}), ref).purchase;
  };
  // Last year: settled at New Year with the default split.
  buy(mall.partner, "SE-2025-0412", 48'000, kst(last_year, 4, 12, 14, 20));
  buy(shops.partner, "DS-2025-0805", 32'000, kst(last_year, 8, 5, 11, 5));
  buy(mall.partner, "SE-2025-1203", 126'000, kst(last_year, 12, 3, 20, 40));
  must(giving.settle(kst(year, 1, 1), admin, 100), "last year's settlement");
  // This year: the customer chose the elderly (70 %) and youth (30 %).
  if (Status s = giving.set_my_causes(customer, {{causes[0], 70}, {causes[1], 30}}); !s.ok())
    throw std::runtime_error("demo giving: " + s.message());
  const UnixMicros day = 24 * 3600 * kMicrosPerSecond;
  buy(mall.partner, "SE-0301", 59'000, std::min(now - 200 * day, kst(year, 3, 1, 10)));
  buy(shops.partner, "DS-0618", 27'500, std::min(now - 120 * day, kst(year, 6, 18, 15)));
  const auto returned =
      buy(mall.partner, "SE-0902", 88'000, std::min(now - 60 * day, kst(year, 9, 2, 9)));
  must(giving.cancel(mall.partner, returned.id), "a returned order");
  buy(mall.partner, "SE-1107", 154'000, now - 2 * day);
  return true;
}

}  // namespace sangsaeng::app
