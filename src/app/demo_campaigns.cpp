// The market's giving demo (issues 15 and 17): a matching campaign ("겨울나기 나눔 매칭": the
// company adds 50 % of what customers spend on its drops for 결식아동 든든한끼 나눔회, up to
// 200,000 won), a social-enterprise merchant whose rice earns buyers 3 % happiness credit, last
// week's drop of that rice (closed, three buyers paid: 37,350 won of the budget matched) and this
// week's, open now and naming the campaign, in which giver4@ bought two bags (their credit shows
// it). Its buyers are giver1-4@sangsaeng.test, so the other demos' customers keep the orders their
// tests expect.
#include <future>
#include <stdexcept>

#include "app/demo.h"
#include "giving/campaigns.h"
#include "giving/service.h"
#include "ledger/engine.h"
#include "market/service.h"

namespace sangsaeng::app {

namespace {

constexpr const char* kSocialCoop = "함께일터 사회적협동조합 (Together Works Social Co-op)";

template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error("demo campaigns: " + what + ": " + r.status().message());
  return std::move(r).value();
}

Id buyer(accounts::AccountService& a, const std::string& email) {
  const auto user = a.find_user_by_email(email);
  if (!user) throw std::runtime_error("demo campaigns: no " + email);
  return user->id;
}

// A customer with a verified phone (the market sells only to those), made once.
Id giver(accounts::AccountService& a, int n, UnixMicros now) {
  const std::string email = "giver" + std::to_string(n) + "@sangsaeng.test";
  if (const auto found = a.find_user_by_email(email)) return found->id;
  return must(a.create_user({email,
                             "나눔 구매자 " + std::to_string(n),
                             kDemoPassword,
                             std::nullopt,
                             {{accounts::Role::customer, ""}},
                             "+82100000004" + std::to_string(n)},
                            now),
              email)
      .id;
}

// Buys and pays `units` of `drop` as `buyer_id` (a verified phone, an address in Seoul).
void buy_and_pay(market::MarketService& market, Id drop_id, Id buyer_id, int units) {
  std::promise<Result<market::Order>> held, paid;
  market.buy(drop_id, buyer_id, "demo-campaign", units, {.address = "", .phone_verified = true},
             [&](auto r) { held.set_value(std::move(r)); });
  const auto order = must(held.get_future().get(), "an order");
  market.pay(order.id, buyer_id, "sandbox-approve",
             {.recipient = "구매자",
              .phone = "010-2345-6789",
              .postal_code = "03154",
              .address1 = "서울 종로구 세종대로 175"},
             [&](auto r) { paid.set_value(std::move(r)); });
  must(paid.get_future().get(), "a payment");
}

}  // namespace

bool seed_demo_campaigns(store::Db& db, accounts::AccountService& a, UnixMicros now) {
  const bool seeded = db.read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM giving_campaigns", soci::into(n);
    return n > 0;
  });
  if (seeded) return false;
  const auto charity = a.find_org_by_name("결식아동 든든한끼 나눔회");
  if (!charity) throw std::runtime_error("demo campaigns: the giving demo's charity is missing");
  const Id manager = buyer(a, "manager@sangsaeng.test");
  const auto coop_org = a.find_org_by_name(kSocialCoop);
  const Id coop =
      coop_org ? coop_org->id
               : must(a.create_org(kSocialCoop, accounts::OrgKind::merchant, now), "the co-op").id;
  const UnixMicros hour = 3600 * kMicrosPerSecond;
  const UnixMicros last_week = now - 7 * 24 * hour;

  ledger::Engine books(db);
  market::SandboxPayments payments;
  giving::GivingService giving(db, books, {.clock = [now] { return now; }});
  giving::CampaignService campaigns(db, books, {.clock = [last_week] { return last_week; }});
  const auto campaign = must(campaigns.create({.name = "겨울나기 나눔 매칭",
                                               .charity_org_id = charity->id,
                                               .match_percent = 50,
                                               .budget_won = 200'000},
                                              manager),
                             "the campaign");
  // Last week, then now: each drop's orders are paid while it is open.
  for (const bool past : {true, false}) {
    const UnixMicros opens = past ? last_week : now - hour / 2;
    market::MarketService market(db, {.clock = [opens, hour] { return opens + hour / 4; }}, &books,
                                 &payments);
    market.set_giving(&giving);
    if (past)
      must(market.set_merchant_flags({.id = coop, .social_enterprise = true}, manager),
           "the co-op's flag");
    const market::Actor as_manager{.user_id = manager, .manages_market = true};
    const auto rice = must(market.create_product({.merchant_org_id = coop,
                                                  .name = "함께일터 유기농 현미 4kg",
                                                  .description = "발달장애인 직원들이 도정하고 "
                                                                 "포장하는 유기농 현미입니다.",
                                                  .origin = "충남 홍성",
                                                  .unit_label = "4kg 한 봉",
                                                  .price_won = 12'450,
                                                  .market_price_won = 24'900},
                                                 as_manager, opens),
                           "the rice");
    const auto drop = must(
        market.create_drop({.product_id = rice.id,
                            .title = past ? "함께일터 현미 (지난주)" : "함께일터 현미 나눔 특가",
                            .opens_at_us = opens,
                            .closes_at_us = past ? opens + 24 * hour : now + 48 * hour,
                            .quantity = 500,
                            .per_buyer_limit = 2,
                            .price_won = rice.price_won,
                            .market_price_won = rice.market_price_won,
                            .gift = "친환경 장바구니 (후원: 상생식품)",
                            .campaign_id = campaign.id,
                            .credit_rate_bp = 300},
                           manager, opens - hour),
        "a rice drop");
    if (past) {
      for (int n = 1; n <= 3; ++n)  // 24,900 won each: 12,450 matched each
        buy_and_pay(market, drop.id, giver(a, n, now), 2);
    } else {
      buy_and_pay(market, drop.id, giver(a, 4, now), 2);
    }
  }
  return true;
}

}  // namespace sangsaeng::app
