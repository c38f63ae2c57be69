// The outage program's demo: broadband lines in three Seoul areas (the demo customer's home
// among them), a fibre cut settled twelve days ago, a short equipment fault below the terms'
// threshold, and an outage still going on.
#include <stdexcept>

#include "app/demo.h"
#include "ledger/engine.h"
#include "outage/service.h"

namespace sangsaeng::app {

namespace {

constexpr UnixMicros kMinute = 60 * kMicrosPerSecond;
constexpr UnixMicros kHour = 60 * kMinute;

// Whole hours and minutes of KST read better on the pages.
UnixMicros at_kst(UnixMicros day, int hour, int minute) {
  CivilTime c = civil_from_micros(day, kSeoulOffsetMinutes);
  c.hour = hour;
  c.minute = minute;
  c.second = c.micros = 0;
  return micros_from_civil(c, kSeoulOffsetMinutes);
}

std::vector<outage::ServiceLine> demo_lines(Id customer) {
  std::vector<outage::ServiceLine> lines;
  lines.push_back({.ref = "02-3142-0001",
                   .customer_id = customer,
                   .product = "기가 인터넷 500M",
                   .monthly_fee_won = 30'000,
                   .addons_won = 3'000,
                   .area = "서울 마포 A"});
  const struct {
    const char* area;
    const char* prefix;
    int count;
  } areas[] = {{"서울 마포 A", "02-3142-", 24},
               {"서울 서대문 B", "02-392-", 16},
               {"서울 은평 C", "02-385-", 12}};
  for (const auto& a : areas) {
    for (int i = 2; i <= a.count + 1; ++i) {
      const bool shop = i % 6 == 0;
      char ref[32];
      std::snprintf(ref, sizeof ref, "%s%04d", a.prefix, i);
      lines.push_back({.ref = ref,
                       .product = shop ? "사업자 인터넷 100M" : "기가 인터넷 500M",
                       .monthly_fee_won = shop ? 27'500 : 33'000,
                       .addons_won = i % 4 == 0 ? 5'500 : 0,  // Wi-Fi or IPTV add-on
                       .area = a.area,
                       .small_merchant = shop});
    }
  }
  return lines;
}

}  // namespace

bool seed_demo_outage(store::Db& db, accounts::AccountService& a, UnixMicros now) {
  const bool seeded = db.read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM outage_lines", soci::into(n);
    return n > 0;
  });
  if (seeded) return false;
  const Id customer = a.find_user_by_email("customer@sangsaeng.test")->id;
  const Id manager = a.find_user_by_email("outage@sangsaeng.test")->id;
  ledger::Engine ledger(db);
  outage::OutageService service(db, ledger, {.clock = [now] { return now; }});
  if (auto ids = service.upsert_lines(demo_lines(customer)); !ids.ok()) {
    throw std::runtime_error("demo outage: " + ids.status().message());
  }
  auto report = [&](UnixMicros start, std::optional<UnixMicros> end, const char* area,
                    const char* cause) {
    auto e = service.report(
        {.started_at_us = start, .ended_at_us = end, .cause = cause, .areas = {area}}, manager);
    if (!e.ok()) throw std::runtime_error("demo outage: " + e.status().message());
  };
  const UnixMicros day = 24 * kHour;
  report(at_kst(now - 12 * day, 14, 10), at_kst(now - 12 * day, 17, 40), "서울 마포 A",
         "도로 굴착 공사 중 광케이블 절단");
  report(at_kst(now - 5 * day, 9, 0), at_kst(now - 5 * day, 10, 20), "서울 서대문 B",
         "국사 장비 전원 모듈 이상");
  report(now - 40 * kMinute - now % kMinute, std::nullopt, "서울 은평 C",
         "원인 확인 중 (현장 출동)");
  return true;
}

}  // namespace sangsaeng::app
