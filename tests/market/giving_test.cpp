// The market's giving on both databases (issues 15 and 17): a paid order of a flagged merchant's
// drop earns the buyer rate x paid happiness credit in the payment's linked batch, and a refund
// takes it back (never more than is left); a drop that names a matching campaign donates the
// campaign's match from its budget, capped at what is left, never overdrawn however many pay at
// once, and a refund gives the match back. The books verify after every step.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "giving/campaigns.h"
#include "giving/market_credit.h"
#include "giving/service.h"
#include "ledger/engine.h"
#include "ledger/queries.h"
#include "ledger/verify.h"
#include "market/service.h"
#include "support/store_fixture.h"

namespace sangsaeng::market {
namespace {

using testing::StoreTest;

constexpr UnixMicros kStart = 1'800'000'000LL * kMicrosPerSecond;
constexpr UnixMicros kSecond = kMicrosPerSecond;
constexpr Id kSocialFarm = 11, kPlainFarm = 12, kCharity = 13, kManager = 1;

ShipTo seoul() {
  return {.recipient = "김하늘",
          .phone = "010-1234-5678",
          .postal_code = "03154",
          .address1 = "서울 종로구 세종대로 175"};
}

class MarketGivingTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (11, '함께농장', 'merchant', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (12, '바다농원', 'merchant', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (13, '희망나눔', 'charity', 0)";
      for (int u = 1; u <= 60; ++u)
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u + 99) + ", 'u" + std::to_string(u) + "@t', 'U', 'x', 0)";
    });
    ledger_ = std::make_unique<ledger::Engine>(*db_);
    giving_ = std::make_unique<giving::GivingService>(
        *db_, *ledger_, giving::GivingOptions{.clock = [this] { return now_.load(); }});
    campaigns_ = std::make_unique<giving::CampaignService>(
        *db_, *ledger_, giving::CampaignOptions{.clock = [this] { return now_.load(); }});
    service_ = std::make_unique<MarketService>(
        *db_, MarketOptions{.hold_us = 600 * kSecond, .clock = [this] { return now_.load(); }},
        ledger_.get(), &payments_);
    service_->set_giving(giving_.get());
    ASSERT_TRUE(
        service_->set_merchant_flags({.id = kSocialFarm, .social_enterprise = true}, kManager)
            .ok());
  }
  void TearDown() override {
    service_.reset();
    campaigns_.reset();
    giving_.reset();
    ledger_.reset();
  }
  void expect_books_verify() {
    const auto report = ledger::verify(*db_);
    EXPECT_TRUE(report.ok()) << report.mismatch->kind << ": " << report.mismatch->message;
  }

  // A drop of `merchant`'s apples at 19,900 won a unit: half of each sale to the charity (or
  // the campaign's match), credit at `credit_rate_bp`.
  Result<Drop> drop(Id merchant, int credit_rate_bp, std::optional<Id> campaign = std::nullopt,
                    int limit = 2) {
    auto product = service_->create_product({.merchant_org_id = merchant,
                                             .name = "부사 사과 5kg",
                                             .description = "",
                                             .origin = "청송",
                                             .unit_label = "5kg 한 상자",
                                             .price_won = 19'900,
                                             .market_price_won = 39'800},
                                            manager_, kStart);
    EXPECT_TRUE(product.ok());
    return service_->create_drop(
        {.product_id = product->id,
         .title = "수요일 사과",
         .opens_at_us = kStart,
         .closes_at_us = kStart + 3600 * kSecond,
         .quantity = 1000,
         .per_buyer_limit = limit,
         .price_won = 19'900,
         .market_price_won = 39'800,
         .donation_percent = campaign ? 0 : 50,
         .charity_org_id = campaign ? std::nullopt : std::optional<Id>(kCharity),
         .campaign_id = campaign,
         .credit_rate_bp = credit_rate_bp},
        kManager, kStart - 3600 * kSecond);
  }

  Result<Order> pay(Id drop_id, Id buyer, int units) {
    std::promise<Result<Order>> held;
    service_->buy(drop_id, buyer, "k", units, {.address = "", .phone_verified = true},
                  [&](Result<Order> r) { held.set_value(std::move(r)); });
    auto order = held.get_future().get();
    if (!order.ok()) return order;
    std::promise<Result<Order>> paid;
    service_->pay(order->id, buyer, "sandbox-approve", seoul(),
                  [&](Result<Order> r) { paid.set_value(std::move(r)); });
    return paid.get_future().get();
  }

  giving::Campaign campaign(std::int64_t budget_won, int percent = 50) {
    auto c = campaigns_->create({.name = "겨울나기 매칭",
                                 .charity_org_id = kCharity,
                                 .match_percent = percent,
                                 .budget_won = budget_won},
                                kManager);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.value();
  }

  // What the charity's KRW receipts account holds.
  std::int64_t charity_received() {
    return db_->read([&](soci::session& s) -> std::int64_t {
      for (const auto& v : ledger::list_accounts(s, {.owner_kind = ledger::OwnerKind::charity,
                                                    .owner_ref = "13",
                                                    .ledger = ledger::kLedgerKrw,
                                                    .after_id = 0,
                                                    .limit = 10}))
        if (v.account.code == kCharityReceipts)
          return v.balances.credits_posted - v.balances.debits_posted;
      return 0;
    });
  }

  std::atomic<UnixMicros> now_{kStart + kSecond};
  SandboxPayments payments_;
  const Actor manager_{.user_id = kManager, .manages_market = true};
  std::unique_ptr<ledger::Engine> ledger_;
  std::unique_ptr<giving::GivingService> giving_;
  std::unique_ptr<giving::CampaignService> campaigns_;
  std::unique_ptr<MarketService> service_;
};

TEST_P(MarketGivingTest, AFlaggedMerchantsPaidOrderEarnsRateTimesPaidCredit) {
  const auto d = drop(kSocialFarm, 500);  // 5 %
  ASSERT_TRUE(d.ok());
  const auto o = pay(d->id, 100, 2);  // 39,800 won
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(giving_->balance(100), 1'990);
  const auto history = giving_->purchases(100, std::nullopt, 50).items;
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].amount_won, 39'800);
  EXPECT_EQ(history[0].rate_bp, 500);
  EXPECT_EQ(history[0].credit_points, 1'990);
  EXPECT_EQ(history[0].partner_purchase_id, "order:" + std::to_string(o->id));
  EXPECT_EQ(giving_->find_partner(history[0].partner_id)->name, giving::kMarketPartnerName);
  // Posted with the payment: the sale, the donation and the credit are in the books.
  const auto payment = service_->find_payment(o->id);
  ASSERT_TRUE(payment && payment->posted && payment->credit_purchase_id);
  EXPECT_TRUE(giving_->purchases(100, std::nullopt, 50).items[0].posted);
  EXPECT_EQ(payment->donation_won, 19'900);
  const auto view = service_->find_order_view(o->id);
  ASSERT_TRUE(view && view->giving);
  EXPECT_EQ(view->giving->credit_points, 1'990);
  EXPECT_EQ(view->giving->donation_won, 19'900);
  expect_books_verify();

  // An unflagged merchant's drop, and a flagged one's without a rate, earn nothing.
  const auto plain = drop(kPlainFarm, 500);
  const auto no_rate = drop(kSocialFarm, 0);
  ASSERT_TRUE(pay(plain->id, 101, 1).ok());
  ASSERT_TRUE(pay(no_rate->id, 102, 1).ok());
  EXPECT_EQ(giving_->balance(101), 0);
  EXPECT_EQ(giving_->balance(102), 0);
  // The flag is read when the order is paid: flagging the farm now counts for the next order.
  ASSERT_TRUE(
      service_->set_merchant_flags({.id = kPlainFarm, .small_merchant = true}, kManager).ok());
  ASSERT_TRUE(pay(plain->id, 103, 1).ok());
  EXPECT_EQ(giving_->balance(103), 995);
  expect_books_verify();
}

TEST_P(MarketGivingTest, ARefundTakesTheCreditBack) {
  const auto d = drop(kSocialFarm, 500);
  const auto o = pay(d->id, 100, 2);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(giving_->balance(100), 1'990);
  auto refunded = service_->refund(o->id, {.user_id = 100}, "단순 변심");
  ASSERT_TRUE(refunded.ok()) << refunded.status().message();
  EXPECT_EQ(giving_->balance(100), 0);
  const auto p = giving_->purchases(100, std::nullopt, 50).items.at(0);
  EXPECT_TRUE(p.cancelled_at_us.has_value());
  EXPECT_EQ(p.reversed_points, 1'990);
  EXPECT_TRUE(service_->find_order_view(o->id)->refund->posted);
  EXPECT_EQ(service_->find_order_view(o->id)->giving->credit_reversed_points, 1'990);
  EXPECT_EQ(charity_received(), 0);  // the donated share went back too
  expect_books_verify();
  // Asked again: nothing more moves.
  ASSERT_TRUE(service_->refund(o->id, {.user_id = 100}, "again").ok());
  EXPECT_EQ(giving_->balance(100), 0);
  expect_books_verify();
}

TEST_P(MarketGivingTest, ARefundAfterTheCreditWasDonatedTakesBackOnlyWhatIsLeft) {
  ASSERT_TRUE(giving_->add_cause({.org_id = kCharity, .name = "희망", .default_share = 100}).ok());
  const auto d = drop(kSocialFarm, 500);
  const auto first = pay(d->id, 100, 2);  // 1,990 points
  ASSERT_TRUE(first.ok());
  now_ = kStart + 120 * kSecond;
  ASSERT_TRUE(giving_->settle(kStart + 60 * kSecond, kManager, 10).ok());  // all donated
  EXPECT_EQ(giving_->balance(100), 0);
  // Another order (another drop) earns 995 more; then the first is refunded: 995 is all that is
  // left of the buyer's credit, so that is what goes back.
  const auto other = drop(kSocialFarm, 500);
  ASSERT_TRUE(pay(other->id, 100, 1).ok());
  ASSERT_TRUE(pay(other->id, 101, 1).ok());
  EXPECT_EQ(giving_->balance(100), 995);
  ASSERT_TRUE(service_->refund(first->id, manager_, "품절").ok());
  const auto p = giving_->purchases(100, std::nullopt, 50).items.at(1);  // newest first
  EXPECT_EQ(p.credit_points, 1'990);
  EXPECT_EQ(p.reversed_points, 995);  // the 995 donated stay donated
  EXPECT_EQ(giving_->balance(100), 0);
  EXPECT_EQ(giving_->balance(101), 995);  // someone else's credit is not touched
  expect_books_verify();
}

TEST_P(MarketGivingTest, ACampaignCapsTheMatchAtItsBudgetAndARefundGivesItBack) {
  const giving::Campaign c = campaign(25'000);  // 50 % of 19,900 = 9,950 an order
  const auto d = drop(kPlainFarm, 0, c.id);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->donation_percent, 50);  // the campaign's rule
  EXPECT_EQ(d->charity_org_id, kCharity);
  std::vector<Order> orders;
  for (Id buyer : {100, 101, 102, 103}) {
    auto o = pay(d->id, buyer, 1);
    ASSERT_TRUE(o.ok()) << o.status().message();
    orders.push_back(o.value());
    expect_books_verify();
  }
  auto donated = [&](const Order& o) { return service_->find_payment(o.id)->donation_won; };
  EXPECT_EQ(donated(orders[0]), 9'950);
  EXPECT_EQ(donated(orders[1]), 9'950);
  EXPECT_EQ(donated(orders[2]), 5'100);  // what was left
  EXPECT_EQ(donated(orders[3]), 0);      // nothing left
  const auto capped = service_->find_order_view(orders[2].id)->giving;
  EXPECT_EQ(capped->share_won, 9'950);
  EXPECT_EQ(capped->donation_won, 5'100);
  auto now = campaigns_->find(c.id);
  EXPECT_EQ(now->matched_won, 25'000);
  EXPECT_EQ(now->remaining_won(), 0);
  EXPECT_EQ(campaigns_->books_balance_won(*now), 0);
  EXPECT_EQ(charity_received(), 25'000);

  // A refund gives its match back to the budget once the books hold the reversal.
  ASSERT_TRUE(service_->refund(orders[0].id, manager_, "취소").ok());
  now = campaigns_->find(c.id);
  EXPECT_EQ(now->remaining_won(), 9'950);
  EXPECT_EQ(campaigns_->books_balance_won(*now), 9'950);
  EXPECT_EQ(charity_received(), 15'050);
  expect_books_verify();
  // A top-up and the next order is matched in full again.
  ASSERT_TRUE(campaigns_->add_budget(c.id, 50'000, kManager).ok());
  ASSERT_TRUE(pay(d->id, 104, 1).ok());
  now = campaigns_->find(c.id);
  EXPECT_EQ(now->funded_won, 75'000);
  EXPECT_EQ(now->remaining_won(), 75'000 - 15'050 - 9'950);
  EXPECT_EQ(campaigns_->books_balance_won(*now), now->remaining_won());
  expect_books_verify();
}

TEST_P(MarketGivingTest, ConcurrentPaymentsNeverOverdrawTheBudget) {
  const giving::Campaign c = campaign(100'000);  // ten orders and a half
  const auto d = drop(kPlainFarm, 0, c.id, 1);
  ASSERT_TRUE(d.ok());
  constexpr int kBuyers = 24;
  std::vector<std::future<Result<Order>>> paid;
  for (int i = 0; i < kBuyers; ++i)
    paid.push_back(std::async(std::launch::async, [&, i] { return pay(d->id, 100 + i, 1); }));
  std::int64_t total = 0;
  for (auto& f : paid) {
    auto o = f.get();
    ASSERT_TRUE(o.ok()) << o.status().message();
    const std::int64_t won = service_->find_payment(o->id)->donation_won;
    EXPECT_GE(won, 0);
    EXPECT_LE(won, 9'950);
    total += won;
  }
  EXPECT_EQ(total, 100'000);  // the whole budget, not a won more
  const auto after = campaigns_->find(c.id);
  EXPECT_EQ(after->matched_won, 100'000);
  EXPECT_EQ(campaigns_->books_balance_won(*after), 0);
  EXPECT_EQ(charity_received(), 100'000);
  expect_books_verify();
}

TEST_P(MarketGivingTest, ADropNamesAKnownCampaignAndARateInRange) {
  auto unknown = drop(kPlainFarm, 0, 987654321);
  ASSERT_EQ(unknown.status().code(), Code::invalid_argument);
  EXPECT_EQ(unknown.status().fields().at(0).field, "campaign_id");
  auto rate = drop(kSocialFarm, 10'001);
  ASSERT_EQ(rate.status().code(), Code::invalid_argument);
  EXPECT_EQ(rate.status().fields().at(0).field, "credit_rate_bp");
  EXPECT_EQ(service_->set_merchant_flags({.id = kCharity, .small_merchant = true}, kManager)
                .status()
                .code(),
            Code::not_found);
}

INSTANTIATE_STORE_TESTS(MarketGivingTest);

}  // namespace
}  // namespace sangsaeng::market
