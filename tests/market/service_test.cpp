// The market service on both databases: products and drops, concurrent buyers who never get
// more than exists, retries that answer the first order (also after a restart), cancel and
// expiry that give units back, and the fair-start draw as it is published.
#include "market/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <future>
#include <map>
#include <set>
#include <thread>

#include "draw/draw.h"
#include "ledger/engine.h"
#include "ledger/queries.h"
#include "ledger/verify.h"
#include "market/draw_check.h"
#include "support/store_fixture.h"

namespace sangsaeng::market {
namespace {

using testing::StoreTest;

constexpr UnixMicros kStart = 1'800'000'000LL * kMicrosPerSecond;
constexpr UnixMicros kSecond = kMicrosPerSecond;

class MarketTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (11, '햇살농장', 'merchant', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (12, '바다농원', 'merchant', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (13, '희망나눔', 'charity', 0)";
      s << "INSERT INTO users (id, email, display_name, password_hash, created_at) "
           "VALUES (1, 'manager@t', 'M', 'x', 0)";
      for (int b = 100; b < 500; ++b)
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(b) + ", 'b" + std::to_string(b) + "@t', 'B', 'x', 0)";
    });
    ledger_ = std::make_unique<ledger::Engine>(*db_);
    start_service();
  }
  void TearDown() override {
    service_.reset();
    ledger_.reset();
  }
  void start_service() {
    service_.reset();
    service_ = std::make_unique<MarketService>(
        *db_, MarketOptions{.hold_us = 600 * kSecond, .clock = [this] { return now_.load(); }},
        ledger_.get(), &payments_);
  }

  Product product() {
    Product p{.merchant_org_id = 11,
              .name = "부사 사과 5kg",
              .description = "경북 청송",
              .origin = "청송",
              .unit_label = "5kg 한 상자",
              .price_won = 19900,
              .market_price_won = 39800};
    auto r = service_->create_product(p, {.user_id = 1, .manages_market = true}, kStart);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.value();
  }

  Drop drop(std::int64_t quantity, int limit, int fair_start_seconds = 0) {
    Drop d{.product_id = product().id,
           .title = "수요일 10시 사과",
           .opens_at_us = kStart,
           .closes_at_us = kStart + 3600 * kSecond,
           .quantity = quantity,
           .per_buyer_limit = limit,
           .price_won = 19900,
           .market_price_won = 39800,
           .gift = "라면 1봉",
           .donation_percent = 50,
           .charity_org_id = 13,
           .fair_start_seconds = fair_start_seconds};
    auto r = service_->create_drop(d, 1, kStart - 3600 * kSecond);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.status().fields().front().field);
    return r.value();
  }

  Result<Order> buy(Id drop_id, Id buyer, const std::string& key, int units) {
    std::promise<Result<Order>> p;
    service_->buy(drop_id, buyer, key, units, {.address = "", .phone_verified = true},
                  [&p](Result<Order> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  std::int64_t units_in_db(Id drop_id, const char* status) {
    return db_->read([&](soci::session& s) {
      long long n = 0;
      long long d = drop_id;
      const std::string wanted(status);  // named: soci reads it when the statement runs
      s << "SELECT COALESCE(SUM(units), 0) FROM market_orders WHERE drop_id = :d AND status = :s",
          soci::use(d), soci::use(wanted), soci::into(n);
      return n;
    });
  }

  Result<Order> pay(Id order_id, Id buyer, const std::string& token) {
    std::promise<Result<Order>> p;
    const ShipTo to{.recipient = "김하늘",
                    .phone = "010-1234-5678",
                    .postal_code = "03154",
                    .address1 = "서울 종로구 세종대로 175",
                    .address2 = "",
                    .memo = ""};
    service_->pay(order_id, buyer, token, to, [&p](Result<Order> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  // Credits posted to the owner's KRW account with that code (0 when it has none).
  std::int64_t credited(ledger::OwnerKind kind, const std::string& ref, std::int32_t code) {
    return db_->read([&](soci::session& s) {
      for (const auto& v : ledger::list_accounts(s, {.owner_kind = kind,
                                                    .owner_ref = ref,
                                                    .ledger = ledger::kLedgerKrw,
                                                    .after_id = 0,
                                                    .limit = 50}))
        if (v.account.code == code) return v.balances.credits_posted;
      return std::int64_t{0};
    });
  }

  std::atomic<UnixMicros> now_{kStart};
  SandboxPayments payments_;
  std::unique_ptr<ledger::Engine> ledger_;
  std::unique_ptr<MarketService> service_;
};

TEST_P(MarketTest, AMerchantAddsOnlyItsOwnProducts) {
  Product p{.name = "감귤",
            .description = "",
            .origin = "제주",
            .unit_label = "3kg",
            .price_won = 9900,
            .market_price_won = 19800};
  const Actor merchant{.user_id = 1, .org_id = 11};
  auto own = service_->create_product(p, merchant, kStart);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->merchant_org_id, 11);
  p.merchant_org_id = 12;
  EXPECT_EQ(service_->create_product(p, merchant, kStart).status().code(), Code::forbidden);
  p.merchant_org_id = 13;  // a charity is no merchant
  auto r = service_->create_product(p, {.user_id = 1, .manages_market = true}, kStart);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().fields().front().field, "merchant_org_id");
}

TEST_P(MarketTest, DropsAManagerCannotMeanAreRefusedFieldByField) {
  Drop d{.product_id = 999,
         .title = "x",
         .opens_at_us = kStart,
         .closes_at_us = kStart - 1,
         .quantity = 10,
         .per_buyer_limit = 20,
         .price_won = 1000,
         .zones = "06,1a",
         .donation_percent = 50,
         .charity_org_id = 11};
  auto r = service_->create_drop(d, 1, kStart);
  ASSERT_FALSE(r.ok());
  std::set<std::string> fields;
  for (const auto& e : r.status().fields()) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"product_id", "per_buyer_limit", "charity_org_id",
                                           "zones", "closes_at"}));
  const std::int64_t drops = db_->read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM market_drops", soci::into(n);
    return n;
  });
  EXPECT_EQ(drops, 0);
}

TEST_P(MarketTest, ConcurrentBuyersNeverGetMoreThanExists) {
  const Drop d = drop(50, 2);
  std::atomic<int> admitted_units{0}, sold_out{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const Id buyer = 100 + t * 50 + i;
        auto r = buy(d.id, buyer, "k", 1 + (i % 2));
        if (r.ok())
          admitted_units += r->units;
        else if (r.status().slug() == "sold-out" || r.status().slug() == "not-enough-stock")
          ++sold_out;
        else
          ++other;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(admitted_units.load(), 50);
  EXPECT_GT(sold_out.load(), 300);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(units_in_db(d.id, "held"), 50);
  const auto view = service_->view_drop(d.id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->state, DropState::sold_out);
  EXPECT_EQ(view->counts.held, 50);
  EXPECT_EQ(view->counts.remaining, 0);
}

TEST_P(MarketTest, TheLimitHoldsAcrossRequestsAndARetryIsTheFirstOrder) {
  const Drop d = drop(100, 2);
  auto first = buy(d.id, 100, "phone-1", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status, OrderStatus::held);
  EXPECT_EQ(first->amount_won, 19900);
  EXPECT_EQ(first->pay_by_us, kStart + 600 * kSecond);
  auto again = buy(d.id, 100, "phone-1", 1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);
  ASSERT_TRUE(buy(d.id, 100, "laptop-1", 1).ok());
  EXPECT_EQ(buy(d.id, 100, "tablet-1", 1).status().slug(), "per-buyer-limit");
  EXPECT_EQ(buy(d.id, 100, "phone-1", 2).status().slug(), "idempotency-key-reused");
  // A restarted process rebuilds the drop from the database: the same answers.
  start_service();
  auto after = buy(d.id, 100, "phone-1", 1);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->id, first->id);
  EXPECT_EQ(buy(d.id, 100, "tablet-2", 1).status().slug(), "per-buyer-limit");
  EXPECT_EQ(service_->view_drop(d.id)->counts.held, 2);
}

TEST_P(MarketTest, NotOpenYetAndClosedAnswerWithoutAnOrder) {
  const Drop d = drop(10, 1);
  now_ = kStart - 1;
  EXPECT_EQ(buy(d.id, 100, "k", 1).status().slug(), "not-open");
  now_ = kStart + 3600 * kSecond;
  EXPECT_EQ(buy(d.id, 100, "k", 1).status().slug(), "not-open");
  EXPECT_EQ(buy(424242, 100, "k", 1).status().code(), Code::not_found);
  EXPECT_EQ(units_in_db(d.id, "held"), 0);
}

TEST_P(MarketTest, CancelAndExpiryGiveUnitsBack) {
  const Drop d = drop(2, 1);
  auto a = buy(d.id, 100, "k", 1);
  auto b = buy(d.id, 101, "k", 1);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(buy(d.id, 102, "k", 1).status().slug(), "sold-out");
  EXPECT_EQ(service_->cancel(a->id, 101).status().code(), Code::not_found);  // not theirs
  auto cancelled = service_->cancel(a->id, 100);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, OrderStatus::cancelled);
  EXPECT_EQ(service_->cancel(a->id, 100).status().slug(), "not-cancellable");
  ASSERT_TRUE(buy(d.id, 102, "k", 1).ok());
  // b's and 102's holds pass their deadline unpaid.
  now_ = kStart + 601 * kSecond;
  service_->tick_now();
  EXPECT_EQ(units_in_db(d.id, "expired"), 2);
  EXPECT_EQ(units_in_db(d.id, "held"), 0);
  EXPECT_EQ(service_->view_drop(d.id)->counts.remaining, 2);
  EXPECT_EQ(service_->find_order(b->id)->status, OrderStatus::expired);
  EXPECT_EQ(service_->cancel(b->id, 101).status().slug(), "not-cancellable");
}

// A fair-start request as the route sends it: the answer comes later (with the draw).
std::future<Result<Order>> enter(MarketService& service, Id drop_id, Id buyer,
                                 const std::string& key, int units = 1) {
  auto p = std::make_shared<std::promise<Result<Order>>>();
  service.buy(drop_id, buyer, key, units, {.address = "", .phone_verified = true},
              [p](Result<Order> r) { p->set_value(std::move(r)); });
  return p->get_future();
}

// Who should have won, computed from the published draw alone, as anyone can: walk the order
// drawn again from the revealed seed, one ticket per buyer, until the stock is gone.
std::set<Id> winners_of(const boost::json::object& published, const DrawCheck& check,
                        std::int64_t stock, int limit) {
  std::map<std::string, std::pair<std::string, int>> entry;  // id -> ticket, units
  for (const auto& e : published.at("entries").as_array())
    entry[std::string(e.at("entry").as_string())] = {std::string(e.at("ticket").as_string()),
                                                     static_cast<int>(e.at("units").as_int64())};
  std::map<std::string, int> units_of_ticket;
  std::set<Id> won;
  for (const std::string& id : check.redrawn) {
    const auto& [ticket, units] = entry.at(id);
    if (units > stock || units_of_ticket[ticket] + units > limit) continue;
    stock -= units;
    units_of_ticket[ticket] += units;
    won.insert(*parse_id(id));
  }
  return won;
}

TEST_P(MarketTest, FairStartWinnersAreTheDrawsFirstEntriesUpToTheStock) {
  const Drop d = drop(10, 2, 2);
  EXPECT_EQ(d.seed_commitment.size(), 64u);
  EXPECT_FALSE(service_->find_draw(d.id));
  // 30 buyers in the first two seconds, every third with three requests (the limit is 2),
  // 50 entries for 10 units; one buyer also repeats a request (the same key).
  std::vector<std::pair<Id, std::future<Result<Order>>>> answers;
  for (int b = 0; b < 30; ++b)
    for (int k = 0; k < (b % 3 == 0 ? 3 : 1); ++k) {
      now_ = kStart + static_cast<UnixMicros>(answers.size()) * 30'000;
      answers.emplace_back(100 + b, enter(*service_, d.id, 100 + b, "k" + std::to_string(k)));
    }
  auto repeated = enter(*service_, d.id, 100, "k0");
  EXPECT_EQ(service_->view_drop(d.id)->counts.queued, 50);
  EXPECT_EQ(answers[0].second.wait_for(std::chrono::milliseconds(0)),
            std::future_status::timeout);  // nobody is answered before the draw
  now_ = kStart + 2 * kSecond;
  service_->tick_now();
  std::set<Id> winners;
  std::map<Id, int> units_of_buyer;
  std::set<Id> first_arrivals;
  int refused = 0;
  std::vector<Result<Order>> results;
  for (auto& [buyer, f] : answers) {
    results.push_back(f.get());
    const auto& r = results.back();
    if (!r.ok()) {
      EXPECT_TRUE(r.status().slug() == "sold-out" || r.status().slug() == "per-buyer-limit")
          << r.status().slug();
      ++refused;
      continue;
    }
    winners.insert(r->id);
    units_of_buyer[buyer] += r->units;
    EXPECT_LE(units_of_buyer[buyer], 2);
  }
  EXPECT_EQ(winners.size(), 10u);
  EXPECT_EQ(refused, 40);
  EXPECT_EQ(units_in_db(d.id, "held"), 10);
  const auto again = repeated.get();  // the same entry's answer, not a second entry
  ASSERT_EQ(again.ok(), results[0].ok());
  if (again.ok())
    EXPECT_EQ(again->id, results[0]->id);
  else
    EXPECT_EQ(again.status().slug(), results[0].status().slug());
  // What anyone can check: the published draw, drawn again with the revealed seed, and the
  // winners it names are exactly the orders made.
  const auto stored = db_->read([&](soci::session& s) { return *market::find_drop(s, d.id); });
  const auto published = published_draw(stored, service_->find_draw(d.id));
  ASSERT_TRUE(published.at("drawn").as_bool());
  EXPECT_EQ(published.at("entries").as_array().size(), 50u);
  EXPECT_EQ(draw::commitment_hex(*draw::from_hex(published.at("seed").as_string())),
            d.seed_commitment);
  const DrawCheck check = check_published_draw(boost::json::serialize(published));
  ASSERT_TRUE(check.ok) << check.message;
  EXPECT_EQ(winners, winners_of(published, check, 10, 2));
  // After a restart the draw is not run again: first come, first served.
  start_service();
  now_ = kStart + 3 * kSecond;
  EXPECT_EQ(buy(d.id, 300, "k", 1).status().slug(), "sold-out");
}

TEST_P(MarketTest, FairStartEntriesSurviveARestartBeforeTheDraw) {
  const Drop d = drop(3, 1, 2);
  std::vector<std::future<Result<Order>>> lost;  // their connections die with the process
  for (int b = 0; b < 8; ++b) {
    now_ = kStart + b * 100'000;
    lost.push_back(enter(*service_, d.id, 100 + b, "k"));
  }
  service_->tick_now();  // the entries are written (the writer commits in order)
  start_service();       // kill and start again, still inside the window
  now_ = kStart + kSecond;
  auto late_entry = enter(*service_, d.id, 120, "k");
  auto retry = enter(*service_, d.id, 100, "k");  // buyer 100 asks again, same key
  now_ = kStart + 2 * kSecond;
  service_->tick_now();
  // One draw over the nine entries, whichever process took them.
  const auto stored = db_->read([&](soci::session& s) { return *market::find_drop(s, d.id); });
  const auto published = published_draw(stored, service_->find_draw(d.id));
  ASSERT_TRUE(published.at("drawn").as_bool());
  EXPECT_EQ(published.at("entries").as_array().size(), 9u);
  const DrawCheck check = check_published_draw(boost::json::serialize(published));
  ASSERT_TRUE(check.ok) << check.message;
  const std::set<Id> expected = winners_of(published, check, 3, 1);
  EXPECT_EQ(units_in_db(d.id, "held"), 3);
  for (auto* f : {&late_entry, &retry}) {
    auto r = f->get();
    if (r.ok())
      EXPECT_TRUE(expected.contains(r->id));
    else
      EXPECT_EQ(r.status().slug(), "sold-out");
  }
}

TEST_P(MarketTest, PayingPostsTheSaleAndTheDonatedShareOnce) {
  const Drop d = drop(10, 2);  // 19,900 won a unit, half donated to charity 13
  auto held = buy(d.id, 100, "k", 2);
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(pay(held->id, 101, "sandbox-approve").status().code(), Code::not_found);  // not theirs
  auto paid = pay(held->id, 100, "sandbox-approve");
  ASSERT_TRUE(paid.ok()) << paid.status().message();
  EXPECT_EQ(paid->status, OrderStatus::paid);
  EXPECT_EQ(service_->find_order(held->id)->status, OrderStatus::paid);
  const auto view = service_->view_drop(d.id);
  EXPECT_EQ(view->counts.sold, 2);
  EXPECT_EQ(view->counts.held, 0);
  EXPECT_TRUE(service_->find_payment(held->id)->posted);
  EXPECT_EQ(credited(ledger::OwnerKind::merchant, "11", kMerchantSales), 39'800);
  EXPECT_EQ(credited(ledger::OwnerKind::charity, "13", kCharityReceipts), 19'900);
  // A retry answers the paid order and posts nothing more.
  auto again = pay(held->id, 100, "sandbox-approve");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, OrderStatus::paid);
  EXPECT_EQ(credited(ledger::OwnerKind::merchant, "11", kMerchantSales), 39'800);
  // A paid order is not cancelled here, nor expired by the ticker.
  EXPECT_EQ(service_->cancel(held->id, 100).status().slug(), "not-cancellable");
  now_ = kStart + 3600 * kSecond;
  service_->tick_now();
  EXPECT_EQ(service_->find_order(held->id)->status, OrderStatus::paid);
  EXPECT_TRUE(ledger::verify(*db_).ok());
}

TEST_P(MarketTest, DeclinedTimedOutAndLatePaymentsChangeNothing) {
  const Drop d = drop(10, 2);
  auto held = buy(d.id, 100, "k", 1);
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(pay(held->id, 100, "sandbox-decline").status().slug(), "payment-declined");
  EXPECT_EQ(pay(held->id, 100, "stolen-card").status().slug(), "payment-declined");
  EXPECT_EQ(pay(held->id, 100, "sandbox-timeout").status().slug(), "payment-timeout");
  EXPECT_EQ(service_->find_order(held->id)->status, OrderStatus::held);
  EXPECT_FALSE(service_->find_payment(held->id));
  EXPECT_EQ(credited(ledger::OwnerKind::merchant, "11", kMerchantSales), 0);
  // After pay_by the units are gone: paying is refused even before the ticker expires it.
  now_ = kStart + 601 * kSecond;
  EXPECT_EQ(pay(held->id, 100, "sandbox-approve").status().slug(), "hold-expired");
  service_->tick_now();
  EXPECT_EQ(pay(held->id, 100, "sandbox-approve").status().slug(), "hold-expired");
  auto other = buy(d.id, 101, "k", 1);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(service_->cancel(other->id, 101).ok());
  EXPECT_EQ(pay(other->id, 101, "sandbox-approve").status().slug(), "not-payable");
  EXPECT_EQ(credited(ledger::OwnerKind::merchant, "11", kMerchantSales), 0);
}

TEST_P(MarketTest, ASeasonIsEightWednesdaysAtTenOrNothing) {
  SeasonPlan plan{.drop = {.product_id = product().id,
                           .title = "해남 절임배추",
                           .quantity = 2000,
                           .per_buyer_limit = 2,
                           .price_won = 14'900,
                           .market_price_won = 29'800,
                           .donation_percent = 50,
                           .charity_org_id = 13},
                  .weeks = 8,
                  .slot = {},
                  .open_hours = 6,
                  .after_us = *parse_rfc3339("2027-01-18T09:00:00+09:00")};  // a Monday
  auto drops = service_->plan_season(plan, 1, kStart);
  ASSERT_TRUE(drops.ok()) << drops.status().message();
  ASSERT_EQ(drops->size(), 8u);
  EXPECT_EQ(format_rfc3339(drops->front().opens_at_us), "2027-01-20T10:00:00+09:00");
  EXPECT_EQ(format_rfc3339(drops->front().closes_at_us), "2027-01-20T16:00:00+09:00");
  EXPECT_EQ(format_rfc3339(drops->back().opens_at_us), "2027-03-10T10:00:00+09:00");
  EXPECT_EQ(drops->back().title, "해남 절임배추 (8/8)");
  // A bad plan creates no drop at all.
  const auto count = [&] {
    return db_->read([](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM market_drops", soci::into(n);
      return n;
    });
  };
  const long long before = count();
  plan.drop.charity_org_id = 11;  // a merchant, not a charity
  auto bad = service_->plan_season(plan, 1, kStart);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().fields().front().field, "charity_org_id");
  plan.drop.charity_org_id = 13;
  plan.weeks = 53;
  EXPECT_FALSE(service_->plan_season(plan, 1, kStart).ok());
  EXPECT_EQ(count(), before);
}

TEST_P(MarketTest, AManagerClosesADropEarlyAndExtendsIt) {
  const Drop d = drop(10, 2);
  ASSERT_TRUE(buy(d.id, 100, "k", 1).ok());
  now_ = kStart + 60 * kSecond;
  auto closed = service_->set_closes_at(d.id, now_.load());
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->state, DropState::closed);
  EXPECT_EQ(buy(d.id, 101, "k", 1).status().slug(), "not-open");
  EXPECT_EQ(service_->set_closes_at(d.id, kStart - 1).status().code(), Code::invalid_argument);
  // Extended; and a restarted process reads the new closing time.
  ASSERT_TRUE(service_->set_closes_at(d.id, kStart + 7200 * kSecond).ok());
  start_service();
  EXPECT_EQ(service_->view_drop(d.id)->state, DropState::open);
  EXPECT_EQ(service_->view_drop(d.id)->drop.closes_at_us, kStart + 7200 * kSecond);
  EXPECT_TRUE(buy(d.id, 101, "k", 1).ok());
}

INSTANTIATE_STORE_TESTS(MarketTest);

}  // namespace
}  // namespace sangsaeng::market
