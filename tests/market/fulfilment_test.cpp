// After payment, on both databases: the address a paid order goes to (and the drop's zones),
// the merchant's steps paid -> packed -> shipped -> delivered, the label file's rows, and refunds
// that give the units back and reverse the books without editing them.
#include "market/fulfilment.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

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

ShipTo seoul() {
  return {.recipient = "김하늘",
          .phone = "010-1234-5678",
          .postal_code = "03154",
          .address1 = "서울 종로구 세종대로 175",
          .address2 = "3층",
          .memo = "문 앞에 놓아 주세요"};
}

TEST(ShipTo, EveryFieldIsCheckedAndZonesArePrefixes) {
  EXPECT_TRUE(validate_ship_to(seoul()).ok());
  ShipTo bad = seoul();
  bad.recipient = "";
  bad.phone = "12345";
  bad.postal_code = "0315";
  bad.address1 = "";
  const Status s = validate_ship_to(bad);
  ASSERT_EQ(s.code(), Code::invalid_argument);
  std::vector<std::string> fields;
  for (const auto& e : s.fields()) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"ship_to.recipient", "ship_to.phone",
                                              "ship_to.postal_code", "ship_to.address1"}));
  bad = seoul();
  bad.postal_code = "0315a";
  EXPECT_FALSE(validate_ship_to(bad).ok());

  EXPECT_TRUE(in_delivery_zones("03154", ""));  // nationwide
  EXPECT_TRUE(in_delivery_zones("03154", "01,03"));
  EXPECT_TRUE(in_delivery_zones("03154", "48,0315"));
  EXPECT_FALSE(in_delivery_zones("48058", "01,03"));
  EXPECT_FALSE(in_delivery_zones("13154", "03"));
  EXPECT_EQ(check_destination(seoul(), "48").slug(), "outside-delivery-zones");
  EXPECT_TRUE(check_destination(seoul(), "03").ok());
}

TEST(Steps, OnlyForwardOneStepAtATimeAndShippingNamesTheCourier) {
  using enum OrderStatus;
  EXPECT_TRUE(check_step(paid, packed, "", "").ok());
  EXPECT_TRUE(check_step(packed, shipped, "CJ대한통운", "123456789012").ok());
  EXPECT_TRUE(check_step(paid, shipped, "한진택배", "5555").ok());
  EXPECT_TRUE(check_step(shipped, delivered, "", "").ok());
  for (auto [from, to] :
       {std::pair{held, packed}, std::pair{paid, delivered}, std::pair{packed, packed},
        std::pair{delivered, shipped}, std::pair{refunded, packed}, std::pair{shipped, packed},
        std::pair{cancelled, shipped}})
    EXPECT_EQ(check_step(from, to, "CJ", "1").slug(), "illegal-transition")
        << to_string(from) << " -> " << to_string(to);
  EXPECT_EQ(check_step(packed, shipped, "", "").code(), Code::invalid_argument);
  EXPECT_EQ(check_step(packed, shipped, "CJ", "12-34").code(), Code::invalid_argument);
  EXPECT_TRUE(refundable(paid));
  EXPECT_TRUE(refundable(packed));
  EXPECT_FALSE(refundable(shipped));
  EXPECT_FALSE(refundable(held));
}

TEST(Labels, OneRowPerOrderWithWhatTheCourierNeeds) {
  OrderView v;
  v.order.id = 77;
  v.order.units = 2;
  v.drop_title = "수요일 사과";
  v.unit_label = "5kg 한 상자";
  v.shipment = Shipment{.order_id = 77, .to = seoul()};
  EXPECT_EQ(label_header().size(), label_row(v).size());
  EXPECT_TRUE(label_wanted(OrderStatus::paid, std::nullopt));
  EXPECT_TRUE(label_wanted(OrderStatus::packed, std::nullopt));
  EXPECT_FALSE(label_wanted(OrderStatus::shipped, std::nullopt));
  EXPECT_TRUE(label_wanted(OrderStatus::shipped, OrderStatus::shipped));  // printed again
  EXPECT_FALSE(label_wanted(OrderStatus::refunded, std::nullopt));
  EXPECT_FALSE(label_wanted(OrderStatus::refunded, OrderStatus::refunded));
  EXPECT_FALSE(label_wanted(OrderStatus::packed, OrderStatus::paid));
  EXPECT_EQ(label_row(v), (std::vector<std::string>{
                              "김하늘", "010-1234-5678", "03154", "서울 종로구 세종대로 175", "3층",
                              "수요일 사과 (5kg 한 상자)", "2", "문 앞에 놓아 주세요", "77"}));
}

// The sandbox, whose refunds can be made to time out (the provider is away).
class AwayPayments : public SandboxPayments {
 public:
  ChargeResult refund(const RefundRequest& r) override {
    if (away) return {ChargeOutcome::timed_out, "", "away"};
    return SandboxPayments::refund(r);
  }
  std::atomic<bool> away{false};
};

class FulfilmentTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (11, '햇살농장', 'merchant', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (12, '바다농원', 'merchant', 0)";
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (13, '희망나눔', 'charity', 0)";
      for (int u : {1, 100, 101, 102})
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(u) + ", 'u" + std::to_string(u) + "@t', 'U', 'x', 0)";
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

  // A drop of farm 11's apples, 19,900 won a unit, half donated to charity 13.
  Drop drop(std::int64_t quantity, int limit, const std::string& zones = "") {
    const Product p{.merchant_org_id = 11,
                    .name = "부사 사과 5kg",
                    .description = "",
                    .origin = "청송",
                    .unit_label = "5kg 한 상자",
                    .price_won = 19900,
                    .market_price_won = 39800};
    auto product = service_->create_product(p, manager_, kStart);
    EXPECT_TRUE(product.ok());
    Drop d{.product_id = product->id,
           .title = "수요일 사과",
           .opens_at_us = kStart,
           .closes_at_us = kStart + 3600 * kSecond,
           .quantity = quantity,
           .per_buyer_limit = limit,
           .price_won = 19900,
           .market_price_won = 39800,
           .gift = "라면 1봉",
           .zones = zones,
           .donation_percent = 50,
           .charity_org_id = 13};
    auto r = service_->create_drop(d, 1, kStart - 3600 * kSecond);
    EXPECT_TRUE(r.ok());
    return r.value();
  }

  Result<Order> buy(Id drop_id, Id buyer, const std::string& key, int units) {
    std::promise<Result<Order>> p;
    service_->buy(drop_id, buyer, key, units, {.address = "", .phone_verified = true},
                  [&p](Result<Order> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  Result<Order> pay(Id order_id, Id buyer, const ShipTo& to = seoul()) {
    std::promise<Result<Order>> p;
    service_->pay(order_id, buyer, "sandbox-approve", to,
                  [&p](Result<Order> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  Order paid_order(Id drop_id, Id buyer, int units) {
    auto held = buy(drop_id, buyer, "k" + std::to_string(buyer), units);
    EXPECT_TRUE(held.ok());
    auto paid = pay(held->id, buyer);
    EXPECT_TRUE(paid.ok()) << paid.status().message();
    return paid.value();
  }

  // Posted credits and debits of the owner's KRW account with that code.
  std::pair<std::int64_t, std::int64_t> balance(ledger::OwnerKind kind, const std::string& ref,
                                                std::int32_t code) {
    return db_->read([&](soci::session& s) {
      for (const auto& v : ledger::list_accounts(s, {.owner_kind = kind,
                                                    .owner_ref = ref,
                                                    .ledger = ledger::kLedgerKrw,
                                                    .after_id = 0,
                                                    .limit = 50}))
        if (v.account.code == code)
          return std::pair{v.balances.credits_posted, v.balances.debits_posted};
      return std::pair<std::int64_t, std::int64_t>{0, 0};
    });
  }

  std::atomic<UnixMicros> now_{kStart + kSecond};
  AwayPayments payments_;
  const Actor manager_{.user_id = 1, .manages_market = true};
  const Actor farm_{.user_id = 1, .org_id = 11};
  const Actor other_farm_{.user_id = 1, .org_id = 12};
  std::unique_ptr<ledger::Engine> ledger_;
  std::unique_ptr<MarketService> service_;
};

TEST_P(FulfilmentTest, APaidOrderKnowsWhereItGoesAndTheZonesAreKeptBeforeAnyCharge) {
  const Drop d = drop(10, 2, "03,04");
  auto held = buy(d.id, 100, "k", 1);
  ASSERT_TRUE(held.ok());
  ShipTo busan = seoul();
  busan.postal_code = "48058";
  const auto outside = pay(held->id, 100, busan);
  EXPECT_EQ(outside.status().slug(), "outside-delivery-zones");
  ShipTo blank = seoul();
  blank.phone = "";
  EXPECT_EQ(pay(held->id, 100, blank).status().code(), Code::invalid_argument);
  // Nothing was charged or changed.
  EXPECT_EQ(service_->find_order(held->id)->status, OrderStatus::held);
  EXPECT_FALSE(service_->find_payment(held->id));
  EXPECT_EQ(balance(ledger::OwnerKind::merchant, "11", kMerchantSales).first, 0);

  ASSERT_TRUE(pay(held->id, 100).ok());
  const auto view = service_->find_order_view(held->id);
  ASSERT_TRUE(view && view->shipment);
  EXPECT_EQ(view->shipment->to.recipient, "김하늘");
  EXPECT_EQ(view->shipment->to.postal_code, "03154");
  EXPECT_EQ(view->shipment->to.address2, "3층");
  EXPECT_EQ(view->drop_title, "수요일 사과");
  EXPECT_EQ(view->shipment->shipped_at_us, 0);
}

TEST_P(FulfilmentTest, TheMerchantPacksShipsAndDeliversItsOwnOrdersOneStepAtATime) {
  const Drop d = drop(10, 2);
  const Order a = paid_order(d.id, 100, 1);
  const Order b = paid_order(d.id, 101, 2);
  const auto held = buy(d.id, 102, "k", 1);  // not paid: not the merchant's to ship
  ASSERT_TRUE(held.ok());

  // Another farm sees none of them and cannot touch them.
  EXPECT_TRUE(service_->merchant_orders(other_farm_, {}, std::nullopt, 50).items.empty());
  EXPECT_EQ(service_->advance(a.id, other_farm_, OrderStatus::packed, "", "").status().code(),
            Code::not_found);
  const auto mine = service_->merchant_orders(farm_, {}, std::nullopt, 50);
  ASSERT_EQ(mine.items.size(), 2u);
  EXPECT_EQ(mine.items[0].order.id, b.id);  // newest first
  EXPECT_EQ(mine.items[1].shipment->to.recipient, "김하늘");

  EXPECT_EQ(service_->advance(a.id, farm_, OrderStatus::delivered, "", "").status().slug(),
            "illegal-transition");
  EXPECT_EQ(service_->advance(held->id, farm_, OrderStatus::packed, "", "").status().slug(),
            "illegal-transition");
  now_ = kStart + 60 * kSecond;
  auto packed = service_->advance(a.id, farm_, OrderStatus::packed, "", "");
  ASSERT_TRUE(packed.ok());
  EXPECT_EQ(packed->order.status, OrderStatus::packed);
  EXPECT_EQ(packed->shipment->packed_at_us, kStart + 60 * kSecond);
  EXPECT_EQ(service_->advance(a.id, farm_, OrderStatus::shipped, "", "").status().code(),
            Code::invalid_argument);
  auto shipped = service_->advance(a.id, farm_, OrderStatus::shipped, "CJ대한통운", "612345678901");
  ASSERT_TRUE(shipped.ok());
  EXPECT_EQ(service_->advance(a.id, farm_, OrderStatus::shipped, "CJ대한통운", "1").status().slug(),
            "illegal-transition");  // twice

  // The buyer sees the courier and the tracking number.
  const auto buyers = service_->buyer_order_views(100, std::nullopt, 50);
  ASSERT_EQ(buyers.items.size(), 1u);
  EXPECT_EQ(buyers.items[0].order.status, OrderStatus::shipped);
  EXPECT_EQ(buyers.items[0].shipment->carrier, "CJ대한통운");
  EXPECT_EQ(buyers.items[0].shipment->tracking_no, "612345678901");

  // Filters: by status and by drop; the manager sees every merchant's.
  const auto to_ship =
      service_->merchant_orders(farm_, {.status = OrderStatus::paid}, std::nullopt, 50);
  ASSERT_EQ(to_ship.items.size(), 1u);
  EXPECT_EQ(to_ship.items[0].order.id, b.id);
  EXPECT_TRUE(
      service_->merchant_orders(farm_, {.drop_id = d.id + 1}, std::nullopt, 50).items.empty());
  EXPECT_EQ(service_->merchant_orders(manager_, {}, std::nullopt, 50).items.size(), 2u);
  const auto page = service_->merchant_orders(farm_, {}, std::nullopt, 1);
  ASSERT_TRUE(page.next);
  EXPECT_EQ(service_->merchant_orders(farm_, {}, page.next, 1).items.at(0).order.id, a.id);

  ASSERT_TRUE(service_->advance(a.id, manager_, OrderStatus::delivered, "", "").ok());
  EXPECT_EQ(service_->find_order(a.id)->status, OrderStatus::delivered);
  // Shipping keeps the units sold.
  EXPECT_EQ(service_->view_drop(d.id)->counts.sold, 3);
}

TEST_P(FulfilmentTest, ARefundGivesTheUnitsBackAndReversesTheBooksWithNewEntries) {
  const Drop d = drop(3, 2);
  const Order a = paid_order(d.id, 100, 2);
  const Order b = paid_order(d.id, 101, 1);
  EXPECT_EQ(service_->view_drop(d.id)->counts.remaining, 0);
  EXPECT_EQ(balance(ledger::OwnerKind::merchant, "11", kMerchantSales).first, 3 * 19'900);
  EXPECT_EQ(balance(ledger::OwnerKind::charity, "13", kCharityReceipts).first, 29'850);

  // Nobody else may ask; a merchant of another farm neither.
  EXPECT_EQ(service_->refund(a.id, {.user_id = 101}, "").status().code(), Code::not_found);
  EXPECT_EQ(service_->refund(a.id, other_farm_, "").status().code(), Code::not_found);
  auto refunded = service_->refund(a.id, {.user_id = 100}, "마음이 바뀌었어요");
  ASSERT_TRUE(refunded.ok()) << refunded.status().message();
  EXPECT_EQ(refunded->order.status, OrderStatus::refunded);
  ASSERT_TRUE(refunded->refund);
  EXPECT_EQ(refunded->refund->amount_won, 39'800);
  EXPECT_EQ(refunded->refund->provider_ref, "sandbox-refund-" + id_to_string(a.id));
  EXPECT_TRUE(refunded->refund->posted);

  // The units are back for anyone, the buyer included.
  const auto view = service_->view_drop(d.id);
  EXPECT_EQ(view->counts.sold, 1);
  EXPECT_EQ(view->counts.remaining, 2);
  // The books: the originals stay, reversing entries balance them.
  EXPECT_EQ(balance(ledger::OwnerKind::merchant, "11", kMerchantSales),
            (std::pair<std::int64_t, std::int64_t>{59'700, 39'800}));
  EXPECT_EQ(balance(ledger::OwnerKind::charity, "13", kCharityReceipts),
            (std::pair<std::int64_t, std::int64_t>{29'850, 19'900}));
  const auto reversal = db_->read([&](soci::session& s) {
    return ledger::find_transfer(s, refunded->refund->sale_reversal_id);
  });
  ASSERT_TRUE(reversal);
  const auto payment = service_->find_payment(a.id);
  EXPECT_EQ(reversal->reference, "market:order:" + id_to_string(a.id) +
                                     ":refund-of:" + id_to_string(payment->sale_transfer_id));
  EXPECT_EQ(reversal->code, kSaleRefunded);

  // Asked again: the same refund, nothing more posted.
  ASSERT_TRUE(service_->refund(a.id, {.user_id = 100}, "").ok());
  EXPECT_EQ(balance(ledger::OwnerKind::merchant, "11", kMerchantSales).second, 39'800);
  ASSERT_TRUE(buy(d.id, 100, "again", 2).ok());

  // A shipped order is not refunded here; the merchant refunds a packed one.
  ASSERT_TRUE(service_->advance(b.id, farm_, OrderStatus::shipped, "한진", "42").ok());
  EXPECT_EQ(service_->refund(b.id, {.user_id = 101}, "").status().slug(), "illegal-transition");
  EXPECT_EQ(service_->advance(a.id, farm_, OrderStatus::packed, "", "").status().slug(),
            "illegal-transition");

  // The manager's figures: one gift to hand out per paid order not refunded.
  const DropFulfilment f = service_->fulfilment_of(d.id);
  EXPECT_EQ(f.gifts, 1);
  EXPECT_EQ(f.refunds, 1);
  EXPECT_EQ(f.refunded_won, 39'800);
  EXPECT_EQ(f.shipped, 1);

  // A restart rebuilds the same counts: the refunded units are not sold.
  start_service();
  EXPECT_EQ(service_->view_drop(d.id)->counts.sold, 1);
  EXPECT_EQ(service_->view_drop(d.id)->counts.held, 2);
  EXPECT_TRUE(ledger::verify(*db_).ok());
}

TEST_P(FulfilmentTest, TheMerchantRefundsAPackedOrder) {
  const Drop d = drop(5, 2);
  const Order a = paid_order(d.id, 100, 1);
  ASSERT_TRUE(service_->advance(a.id, farm_, OrderStatus::packed, "", "").ok());
  auto refunded = service_->refund(a.id, farm_, "품절");
  ASSERT_TRUE(refunded.ok());
  EXPECT_EQ(refunded->refund->refunded_by, farm_.user_id);
  EXPECT_EQ(service_->view_drop(d.id)->counts.remaining, 5);
  EXPECT_TRUE(service_->merchant_orders(farm_, {.status = OrderStatus::packed}, std::nullopt, 50)
                  .items.empty());
  EXPECT_TRUE(ledger::verify(*db_).ok());
}

TEST_P(FulfilmentTest, ARefundTheProviderDidNotConfirmIsAskedAgainByTheTicker) {
  const Drop d = drop(5, 2);
  const Order a = paid_order(d.id, 100, 1);
  payments_.away = true;
  auto refunded = service_->refund(a.id, {.user_id = 100}, "");
  ASSERT_TRUE(refunded.ok());
  // The order is refunded and its unit back at once; the money is on its way.
  EXPECT_EQ(refunded->order.status, OrderStatus::refunded);
  EXPECT_EQ(refunded->refund->provider_ref, "");
  EXPECT_EQ(service_->view_drop(d.id)->counts.remaining, 5);
  EXPECT_EQ(service_->advance(a.id, farm_, OrderStatus::packed, "", "").status().slug(),
            "illegal-transition");  // nothing ships while it is refunded
  service_->tick_now();
  EXPECT_EQ(service_->find_order_view(a.id)->refund->provider_ref, "");
  payments_.away = false;
  service_->tick_now();
  EXPECT_EQ(service_->find_order_view(a.id)->refund->provider_ref,
            "sandbox-refund-" + id_to_string(a.id));
  EXPECT_EQ(balance(ledger::OwnerKind::merchant, "11", kMerchantSales),
            (std::pair<std::int64_t, std::int64_t>{19'900, 19'900}));
  EXPECT_TRUE(ledger::verify(*db_).ok());
}

INSTANTIATE_STORE_TESTS(FulfilmentTest);

}  // namespace
}  // namespace sangsaeng::market
