#include "app/demo.h"

#include <future>
#include <stdexcept>

#include "ledger/engine.h"
#include "ledger/queries.h"
#include "market/payments.h"
#include "market/season.h"
#include "market/service.h"

namespace sangsaeng::app {

namespace {

using accounts::OrgKind;
using accounts::Role;

const std::string kCompanyName = "상생텔레콤 (Sangsaeng Telecom)";
const std::string kFarmName = "해남 햇살농원 (Haenam Sunshine Farm)";
const std::string kCharityName = "나눔재단 (Nanum Foundation)";

Id org(accounts::AccountService& a, const std::string& name, OrgKind kind, UnixMicros now) {
  auto created = a.create_org(name, kind, now);
  if (!created.ok()) throw std::runtime_error("demo: " + created.status().message());
  return created->id;
}

void user(accounts::AccountService& a, const std::string& email, const std::string& name,
          std::optional<Id> org_id, std::vector<accounts::RoleGrant> roles, UnixMicros now,
          std::optional<std::string> phone = std::nullopt) {
  auto created =
      a.create_user({email, name, kDemoPassword, org_id, std::move(roles), std::move(phone)}, now);
  if (!created.ok()) throw std::runtime_error("demo: " + email + ": " + created.status().message());
}

void program(accounts::AccountService& a, const std::string& slug, const std::string& status,
             std::optional<std::string> starts_on, std::optional<std::string> ends_on) {
  auto updated =
      a.update_program(slug, {.status = status, .starts_on = starts_on, .ends_on = ends_on});
  if (!updated.ok())
    throw std::runtime_error("demo: program " + slug + ": " + updated.status().message());
}

}  // namespace

bool seed_demo(accounts::AccountService& a, UnixMicros now) {
  if (a.find_user_by_email("admin@sangsaeng.test")) return false;
  const Id company = org(a, kCompanyName, OrgKind::company, now);
  const Id farm = org(a, kFarmName, OrgKind::merchant, now);
  org(a, kCharityName, OrgKind::charity, now);
  user(a, "admin@sangsaeng.test", "관리자 김상생", company, {{Role::admin, ""}}, now);
  user(a, "manager@sangsaeng.test", "마켓 매니저 이도윤", company, {{Role::manager, "market"}},
       now);
  user(a, "merchant@sangsaeng.test", "햇살농원 박농부", farm, {{Role::merchant, ""}}, now);
  user(a, "helper@sangsaeng.test", "IT 서포터 최하나", company, {{Role::helper, ""}}, now);
  // The demo customer's phone counts as verified, so they can buy at once (the market asks
  // for one); a new customer verifies theirs with the sandbox's code when signing up.
  user(a, "customer@sangsaeng.test", "고객 정미래", std::nullopt, {{Role::customer, ""}}, now,
       "+821000000001");
  user(a, "auditor@sangsaeng.test", "감사인 한투명", company, {{Role::auditor, ""}}, now);
  user(a, "outage@sangsaeng.test", "장애보상 매니저 오세훈", company, {{Role::manager, "outage"}},
       now);
  user(a, "live@sangsaeng.test", "라이브 매니저 윤소라", company,
       {{Role::manager, "live"}, {Role::manager, "events"}, {Role::manager, "performances"}}, now);
  // The volunteer corps: its manager, a team leader and two employees who volunteer (helpers,
  // DESIGN.md section 5: a volunteer is a helper; what they may do is their team's business).
  user(a, "volunteer@sangsaeng.test", "봉사단 매니저 윤나눔", company,
       {{Role::manager, "volunteer"}}, now);
  user(a, "leader@sangsaeng.test", "광화문 봉사팀장 김봉사", company, {{Role::helper, ""}}, now);
  user(a, "staff1@sangsaeng.test", "임직원 이참여", company, {{Role::helper, ""}}, now);
  user(a, "staff2@sangsaeng.test", "임직원 박함께", company, {{Role::helper, ""}}, now);
  // The hearing-support program's reviewer (the only one who reads applicants' data) and the
  // art hall's manager, who posts the hall's revenue to the fund.
  user(a, "hearing@sangsaeng.test", "청각지원 심사위원 윤소리", company,
       {{Role::manager, "hearing"}}, now);
  user(a, "arthall@sangsaeng.test", "아트홀 매니저 강무대", company, {{Role::manager, "art-hall"}},
       now);

  user(a, "credit@sangsaeng.test", "행복크레딧 매니저 윤나눔", company, {{Role::manager, "credit"}},
       now);
  // Care and dispatch: the dispatcher manages the three care programs; the technician is a
  // helper with a phone view of her day (helper@ is the demo's IT supporter).
  user(a, "care@sangsaeng.test", "돌봄 배차 매니저 윤지원", company,
       {{Role::manager, "it-support"},
        {Role::manager, "internet-doctor"},
        {Role::manager, "female-tech"}},
       now);
  user(a, "tech@sangsaeng.test", "여성 기사 정다은", company, {{Role::helper, ""}}, now);
  program(a, "market", "active", "2026-12-02", "2027-01-20");
  program(a, "live", "active", "2026-11-01", std::nullopt);
  program(a, "it-support", "active", "2026-03-01", std::nullopt);
  program(a, "internet-doctor", "active", "2025-06-01", std::nullopt);
  program(a, "female-tech", "active", "2025-06-01", std::nullopt);
  program(a, "outage", "active", "2024-01-01", std::nullopt);
  program(a, "credit", "active", "2026-01-01", "2026-12-31");
  program(a, "events", "active", "2026-11-01", std::nullopt);
  program(a, "performances", "active", "2026-11-01", std::nullopt);
  program(a, "volunteer", "active", "2024-01-01", std::nullopt);
  program(a, "events", "paused", std::nullopt, std::nullopt);
  program(a, "hearing", "active", "2025-01-01", std::nullopt);
  program(a, "art-hall", "active", "2025-01-01", std::nullopt);
  return true;
}

namespace {

namespace lg = ledger;

// Fixed ids: a second run is answered `exists` by the ledger and writes nothing. By core/id.h's
// layout they fall in the first minute of 2024-01-01, which no node ever generated, and far
// above the small ids tests choose by hand.
constexpr Id kAccountBase = 100'000'000'000;
constexpr Id kTransferBase = 100'000'000'100;

// Account codes (purpose) and transfer codes (reason) of the demo's books.
enum AccountCode : std::int32_t {
  kPaymentsClearing = 1,  // the company collects customers' payments for partner merchants
  kMerchantSales = 2,     // what a merchant has sold
  kDonationBudget = 3,    // the company's budget for the share of sales it donates
  kDonationPool = 4,      // a program's donations, paid out as grants
  kCharityReceipts = 5,   // what a charity has received
  kCreditBudget = 6,      // happiness credit issued by the credit program
  kCustomerCredit = 7,    // a customer's donation-only credit
};
enum TransferCode : std::int32_t {
  kSale = 1,
  kDonatedShare = 2,
  kGrant = 3,
  kCreditEarned = 4,
  kCreditDonated = 5,
};

Id find_org(accounts::AccountService& a, const std::string& name) {
  if (auto org = a.find_org_by_name(name)) return org->id;
  throw std::runtime_error("demo books: organisation " + name + " is missing");
}

}  // namespace

bool seed_demo_books(store::Db& db, accounts::AccountService& a) {
  constexpr std::size_t kTransfers = 10;
  const bool done = db.read([](soci::session& s) {
    return lg::find_transfer(s, kTransferBase + static_cast<Id>(kTransfers)).has_value();
  });
  if (done) return false;

  const std::string company = id_to_string(find_org(a, kCompanyName));
  const std::string farm = id_to_string(find_org(a, kFarmName));
  const std::string charity = id_to_string(find_org(a, kCharityName));
  const auto customer_user = a.find_user_by_email("customer@sangsaeng.test");
  if (!customer_user) throw std::runtime_error("demo books: the demo customer is missing");
  const std::string customer = id_to_string(customer_user->id);

  using lg::OwnerKind;
  namespace af = lg::account_flags;
  const Id clearing = kAccountBase + 1, sales = kAccountBase + 2, budget = kAccountBase + 3,
           pool = kAccountBase + 4, nanum = kAccountBase + 5, credit_budget = kAccountBase + 6,
           customer_credit = kAccountBase + 7, nanum_credit = kAccountBase + 8;
  auto account = [](Id id, lg::LedgerId ledger, std::int32_t code, OwnerKind kind,
                    std::string owner, std::uint32_t flags = 0) {
    return lg::Account{.id = id,
                       .ledger = ledger,
                       .code = code,
                       .owner_kind = kind,
                       .owner_ref = std::move(owner),
                       .flags = flags};
  };
  const auto krw = lg::kLedgerKrw;
  const auto points = lg::kLedgerCredit;
  const std::vector<lg::Account> accounts = {
      account(clearing, krw, kPaymentsClearing, OwnerKind::company, company),
      account(sales, krw, kMerchantSales, OwnerKind::merchant, farm),
      account(budget, krw, kDonationBudget, OwnerKind::company, company),
      // A pool never pays out more than it received.
      account(pool, krw, kDonationPool, OwnerKind::program, "market",
              af::kDebitsMustNotExceedCredits),
      account(nanum, krw, kCharityReceipts, OwnerKind::charity, charity),
      account(credit_budget, points, kCreditBudget, OwnerKind::program, "credit"),
      // Donation-only credit: it can be donated, never overdrawn (or spent).
      account(customer_credit, points, kCustomerCredit, OwnerKind::customer, customer,
              af::kDebitsMustNotExceedCredits),
      account(nanum_credit, points, kCharityReceipts, OwnerKind::charity, charity),
  };

  auto transfer = [n = Id{0}](Id debit, Id credit, lg::Amount amount, lg::LedgerId ledger,
                              std::int32_t code, std::string reference,
                              std::uint32_t flags = 0) mutable {
    lg::Transfer t;
    t.id = kTransferBase + ++n;
    t.debit_account_id = debit;
    t.credit_account_id = credit;
    t.amount = amount;
    t.ledger = ledger;
    t.code = code;
    t.flags = flags;
    t.reference = std::move(reference);
    return t;
  };
  // Three Wednesday drops of Haenam salted cabbage (10 kg boxes); the company donates half of
  // every sale to the market's pool, which pays the charity's winter relief.
  std::vector<lg::Transfer> transfers = {
      transfer(clearing, sales, 1'200 * 14'900, krw, kSale, "market:drop-1:sales:1200x14900"),
      transfer(budget, pool, 1'200 * 14'900 / 2, krw, kDonatedShare, "market:drop-1:donation-50%"),
      transfer(clearing, sales, 2'000 * 12'900, krw, kSale, "market:drop-2:sales:2000x12900"),
      transfer(budget, pool, 2'000 * 12'900 / 2, krw, kDonatedShare, "market:drop-2:donation-50%"),
      transfer(clearing, sales, 1'300 * 14'900, krw, kSale, "market:drop-3:sales:1300x14900"),
      transfer(budget, pool, 1'300 * 14'900 / 2, krw, kDonatedShare, "market:drop-3:donation-50%"),
      transfer(pool, nanum, 20'000'000, krw, kGrant, "market:grant:nanum:winter-relief"),
      // Approved, not yet paid: reserved in the pool until it is posted.
      transfer(pool, nanum, 5'000'000, krw, kGrant, "market:grant:nanum:kimchi-sharing",
               lg::transfer_flags::kPending),
      // Happiness credit: 1 % of a 149,000-won partner-shop purchase, most of it donated at once.
      transfer(credit_budget, customer_credit, 1'490, points, kCreditEarned,
               "credit:earned:order-149000"),
      transfer(customer_credit, nanum_credit, 1'000, points, kCreditDonated,
               "credit:donated:nanum"),
  };
  if (transfers.size() != kTransfers) throw std::logic_error("demo books: kTransfers is stale");

  lg::Engine engine(db);
  auto opened = engine.create_accounts(accounts).get();
  if (!opened.ok()) throw std::runtime_error("demo books: " + opened.status().message());
  for (std::size_t i = 0; i < opened->size(); ++i)
    if (!lg::succeeded(opened.value()[i].code))
      throw std::runtime_error("demo books: account " + id_to_string(accounts[i].id) + ": " +
                               std::string(lg::to_string(opened.value()[i].code)));
  auto moved = engine.create_transfers(transfers).get();
  if (!moved.ok()) throw std::runtime_error("demo books: " + moved.status().message());
  for (std::size_t i = 0; i < moved->size(); ++i)
    if (!lg::succeeded(moved.value()[i].code))
      throw std::runtime_error("demo books: transfer " + id_to_string(transfers[i].id) + ": " +
                               std::string(lg::to_string(moved.value()[i].code)));
  return true;
}

namespace {

// Last week's cabbage drop, closed, with orders the farm has to ship: three buyers paid through
// the sandbox (so the books hold their sales and donations), one order already shipped. The
// service's clock is set to the hour the drop was open.
void seed_demo_orders(store::Db& db, accounts::AccountService& a, const market::Product& cabbage,
                      Id charity, Id manager, UnixMicros now) {
  const UnixMicros hour = 3600 * kMicrosPerSecond;
  const UnixMicros opened = now - 7 * 24 * hour;
  ledger::Engine books(db);
  market::SandboxPayments payments;
  market::MarketService past(db, {.clock = [opened] { return opened + hour; }}, &books, &payments);
  auto drop = past.create_drop({.product_id = cabbage.id,
                                .title = "해남 절임배추 지난주 판매",
                                .opens_at_us = opened,
                                .closes_at_us = opened + 24 * hour,
                                .quantity = 300,
                                .per_buyer_limit = 2,
                                .price_won = cabbage.price_won,
                                .market_price_won = cabbage.market_price_won,
                                .gift = "진라면 1봉 (후원: 상생식품)",
                                .donation_percent = 50,
                                .charity_org_id = charity},
                               manager, opened - hour);
  if (!drop.ok()) throw std::runtime_error("demo market: last week's drop");
  struct Buyer {
    const char *email, *name, *phone, *postal_code, *address1, *address2, *memo;
    int units;
  };
  const Buyer buyers[] = {
      {"buyer1@sangsaeng.test", "구매자 김서울", "010-2345-6789", "03154",
       "서울 종로구 세종대로 175", "3층", "문 앞에 놓아 주세요", 2},
      {"buyer2@sangsaeng.test", "구매자 이부산", "010-3456-7890", "48058",
       "부산 해운대구 센텀중앙로 79", "101동 1203호", "", 1},
      {"buyer3@sangsaeng.test", "구매자 박대전", "010-4567-8901", "35208", "대전 서구 둔산로 100",
       "", "경비실에 맡겨 주세요", 2},
  };
  std::vector<Id> paid;
  for (const Buyer& b : buyers) {
    // "010-2345-6789" -> "+821023456789": the verified phone every buyer has.
    std::string phone = "+82";
    for (const char* c = b.phone + 1; *c; ++c)
      if (*c != '-') phone += *c;
    user(a, b.email, b.name, std::nullopt, {{Role::customer, ""}}, now, phone);
    const Id buyer = a.find_user_by_email(b.email)->id;
    std::promise<Result<market::Order>> held, done;
    past.buy(drop->id, buyer, "demo", b.units, {.address = "", .phone_verified = true},
             [&](auto r) { held.set_value(std::move(r)); });
    auto order = held.get_future().get();
    if (!order.ok()) throw std::runtime_error("demo market: order of " + std::string(b.email));
    past.pay(order->id, buyer, "sandbox-approve",
             {b.name, b.phone, b.postal_code, b.address1, b.address2, b.memo},
             [&](auto r) { done.set_value(std::move(r)); });
    if (!done.get_future().get().ok()) throw std::runtime_error("demo market: payment");
    paid.push_back(order->id);
  }
  const market::Actor farm{.user_id = manager, .manages_market = true};
  if (!past.advance(paid.back(), farm, market::OrderStatus::shipped, "CJ대한통운", "612345678901")
           .ok())
    throw std::runtime_error("demo market: shipping");
}

}  // namespace

bool seed_demo_market(store::Db& db, accounts::AccountService& a, UnixMicros now) {
  const bool seeded = db.read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM market_products", soci::into(n);
    return n > 0;
  });
  if (seeded) return false;
  const Id haenam = find_org(a, kFarmName);
  const Id cheongsong =
      org(a, "청송 사과마을 영농조합 (Cheongsong Apple Village)", OrgKind::merchant, now);
  const Id jeju = org(a, "제주 한라 감귤농원 (Jeju Halla Tangerines)", OrgKind::merchant, now);
  const Id charity = find_org(a, kCharityName);
  const Id manager = a.find_user_by_email("manager@sangsaeng.test")->id;
  market::MarketService service(db);
  const market::Actor as_manager{.user_id = manager, .manages_market = true};
  auto product = [&](Id merchant, const char* name, const char* description, const char* origin,
                     const char* unit, std::int64_t price, std::int64_t market_price) {
    auto p = service.create_product({.merchant_org_id = merchant,
                                     .name = name,
                                     .description = description,
                                     .origin = origin,
                                     .unit_label = unit,
                                     .price_won = price,
                                     .market_price_won = market_price},
                                    as_manager, now);
    if (!p.ok()) throw std::runtime_error("demo market: " + p.status().message());
    return p.value();
  };
  auto drop = [&](const market::Product& p, UnixMicros opens, UnixMicros closes,
                  std::int64_t quantity, int fair_start_seconds, const char* gift) {
    auto d = service.create_drop({.product_id = p.id,
                                  .title = p.name,
                                  .opens_at_us = opens,
                                  .closes_at_us = closes,
                                  .quantity = quantity,
                                  .per_buyer_limit = 2,
                                  .price_won = p.price_won,
                                  .market_price_won = p.market_price_won,
                                  .gift = gift,
                                  .donation_percent = 50,
                                  .charity_org_id = charity,
                                  .fair_start_seconds = fair_start_seconds},
                                 manager, now);
    if (!d.ok()) throw std::runtime_error("demo market: drop " + p.name);
  };
  const UnixMicros hour = 3600 * kMicrosPerSecond;
  now -= now % (60 * kMicrosPerSecond);  // whole minutes read better on the drop page
  const auto cabbage = product(haenam, "해남 절임배추 10kg",
                               "해남 황토밭 배추를 신안 천일염으로 절여 씻어 보냅니다.",
                               "전남 해남", "10kg 한 상자 (4~6포기)", 14'900, 29'800);
  const auto tangerine =
      product(jeju, "제주 노지 감귤 3kg", "한라산 남쪽 노지에서 햇볕으로 익힌 감귤입니다.",
              "제주 서귀포", "3kg 한 상자 (S~M)", 9'900, 19'800);
  const auto apple = product(cheongsong, "청송 부사 사과 5kg", "일교차 큰 청송에서 자란 부사.",
                             "경북 청송", "5kg 한 상자 (14~16과)", 19'900, 39'800);
  seed_demo_orders(db, a, cabbage, charity, manager, now);
  drop(cabbage, now - hour / 2, now + 48 * hour, 2'000, 0, "진라면 1봉 (후원: 상생식품)");
  drop(tangerine, now + hour / 6, now + 24 * hour, 1'000, 1, "진라면 1봉 (후원: 상생식품)");
  const UnixMicros wednesday = market::weekly_openings(now + 24 * hour, {}, 1).front();
  drop(apple, wednesday, wednesday + 6 * hour, 2'000, 1, "진라면 1봉 (후원: 상생식품)");
  return true;
}

}  // namespace sangsaeng::app
