// Stock leases: two MarketService "nodes" in one process on one database (as two `serve`
// processes on one PostgreSQL share it): together they never sell more than the quantity, the
// per-buyer limit holds across them, a node that dies without giving its lease back loses it
// after the timeout, and a fair-start draw runs once.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <future>
#include <map>
#include <set>
#include <thread>

#include "market/draw_check.h"
#include "market/service.h"
#include "support/store_fixture.h"

namespace sangsaeng::market {
namespace {

using testing::StoreTest;

constexpr UnixMicros kStart = 1'800'000'000LL * kMicrosPerSecond;
constexpr UnixMicros kSecond = kMicrosPerSecond;
constexpr UnixMicros kLeaseTimeout = 30 * kSecond;

class LeaseTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_->write([&](soci::session& s) {
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (11, '햇살농장', 'merchant', 0)";
      s << "INSERT INTO users (id, email, display_name, password_hash, created_at) "
           "VALUES (1, 'manager@t', 'M', 'x', 0)";
      for (int b = 100; b < 500; ++b)
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (" +
                 std::to_string(b) + ", 'b" + std::to_string(b) + "@t', 'B', 'x', 0)";
    });
    a_ = node("node-a");
    b_ = node("node-b");
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
  }

  std::unique_ptr<MarketService> node(const std::string& name, std::int64_t chunk = 7,
                                      bool return_at_shutdown = true, int units_per_address = 0) {
    return std::make_unique<MarketService>(
        *db_, MarketOptions{.hold_us = 600 * kSecond,
                            .units_per_address_max = units_per_address,
                            .clock = [this] { return now_.load(); },
                            .leases = {.node = name,
                                       .chunk_units = chunk,
                                       .timeout_us = kLeaseTimeout,
                                       .return_at_shutdown = return_at_shutdown}});
  }

  Drop drop(std::int64_t quantity, int limit, int fair_start_seconds = 0) {
    auto p = a_->create_product({.merchant_org_id = 11,
                                 .name = "부사 사과 5kg",
                                 .description = "",
                                 .origin = "청송",
                                 .unit_label = "5kg",
                                 .price_won = 19900,
                                 .market_price_won = 39800},
                                {.user_id = 1, .manages_market = true}, kStart);
    EXPECT_TRUE(p.ok());
    auto d = a_->create_drop({.product_id = p->id,
                              .opens_at_us = kStart,
                              .closes_at_us = kStart + 3600 * kSecond,
                              .quantity = quantity,
                              .per_buyer_limit = limit,
                              .price_won = 19900,
                              .fair_start_seconds = fair_start_seconds},
                             1, kStart - 3600 * kSecond);
    EXPECT_TRUE(d.ok());
    return d.value();
  }

  static Result<Order> buy(MarketService& node, Id drop_id, Id buyer, const std::string& key,
                           int units, const std::string& address = "") {
    std::promise<Result<Order>> p;
    node.buy(drop_id, buyer, key, units, {.address = address, .phone_verified = true},
             [&p](Result<Order> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  long long sql_i64(const std::string& sql) {
    return db_->read([&](soci::session& s) {
      long long n = 0;
      s << sql, soci::into(n);
      return n;
    });
  }
  // Units in held and sold orders, in leases and in the pool: together always the quantity.
  long long taken(Id drop_id) {
    return sql_i64("SELECT COALESCE(SUM(units), 0) FROM market_orders WHERE drop_id = " +
                   std::to_string(drop_id) + " AND status IN ('held', 'paid')");
  }
  long long accounted(Id drop_id) {
    const std::string d = std::to_string(drop_id);
    return taken(drop_id) +
           sql_i64("SELECT COALESCE(SUM(units), 0) FROM market_leases WHERE drop_id = " + d) +
           sql_i64("SELECT unleased FROM market_stock WHERE drop_id = " + d);
  }

  std::atomic<UnixMicros> now_{kStart};
  std::unique_ptr<MarketService> a_, b_;
};

TEST_P(LeaseTest, TwoNodesTogetherNeverSellMoreThanTheQuantity) {
  const Drop d = drop(60, 2);
  std::atomic<int> admitted_units{0}, sold_out{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      MarketService& node = t % 2 == 0 ? *a_ : *b_;
      for (int i = 0; i < 50; ++i) {
        auto r = buy(node, d.id, 100 + t * 50 + i, "k", 1 + (i % 2));
        if (r.ok())
          admitted_units += r->units;
        else if (r.status().slug() == "sold-out" || r.status().slug() == "not-enough-stock")
          ++sold_out;
        else
          ++other;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(admitted_units.load(), 60);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(taken(d.id), 60);
  EXPECT_EQ(accounted(d.id), 60);
  for (auto* node : {a_.get(), b_.get()}) {
    const auto view = node->view_drop(d.id);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->state, DropState::sold_out);
    EXPECT_EQ(view->counts.held, 60);
    EXPECT_EQ(view->counts.remaining, 0);
  }
}

TEST_P(LeaseTest, ThePerBuyerLimitHoldsAcrossNodes) {
  const Drop d = drop(50, 2);
  ASSERT_TRUE(b_->view_drop(d.id));  // node b knows the drop before the buyer's first order
  auto first = buy(*a_, d.id, 100, "k1", 2);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(buy(*b_, d.id, 100, "k2", 1).status().slug(), "per-buyer-limit");
  // A retry after a fail-over answers the first order.
  auto retried = buy(*b_, d.id, 100, "k1", 2);
  ASSERT_TRUE(retried.ok()) << retried.status().message();
  EXPECT_EQ(retried->id, first->id);
  EXPECT_EQ(taken(d.id), 2);
  // Cancelled on node b, the buyer may buy on node b again.
  ASSERT_TRUE(b_->cancel(first->id, 100).ok());
  EXPECT_TRUE(buy(*b_, d.id, 100, "k3", 2).ok());
  EXPECT_EQ(taken(d.id), 2);
  EXPECT_EQ(accounted(d.id), 50);
}

TEST_P(LeaseTest, ThePerAddressLimitHoldsAcrossNodes) {
  // Two nodes behind a balancer, 3 units per client address: one machine cycling through
  // accounts gets 3 in all, whichever node answers.
  a_ = node("node-a", 7, true, 3);
  b_ = node("node-b", 7, true, 3);
  const Drop d = drop(50, 2);
  ASSERT_TRUE(a_->view_drop(d.id) && b_->view_drop(d.id));
  const std::string one = "203.0.113.7";
  auto first = buy(*a_, d.id, 100, "k", 2, one);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(buy(*b_, d.id, 101, "k", 1, one).ok());
  EXPECT_EQ(buy(*b_, d.id, 102, "k", 1, one).status().slug(), "per-address-limit");
  EXPECT_EQ(buy(*a_, d.id, 103, "k", 1, one).status().slug(), "per-address-limit");
  EXPECT_TRUE(buy(*b_, d.id, 104, "k", 2, "198.51.100.9").ok());  // another address
  const std::string units_of_one =
      "SELECT COALESCE(SUM(units), 0) FROM market_orders WHERE drop_id = " + std::to_string(d.id) +
      " AND client_address = '" + one + "' AND status = 'held'";
  EXPECT_EQ(sql_i64(units_of_one), 3);
  // A cancelled order gives its units back to the address, on either node.
  ASSERT_TRUE(b_->cancel(first->id, 100).ok());
  EXPECT_TRUE(buy(*b_, d.id, 105, "k", 2, one).ok());
  EXPECT_EQ(sql_i64(units_of_one), 3);
  EXPECT_EQ(accounted(d.id), 50);
}

TEST_P(LeaseTest, AnAddressSharedByManyAccountsIsFlaggedAcrossNodes) {
  // Ten accounts from one address, five through each node: neither node's memory sees ten, the
  // heartbeat pass reads every node's orders and flags it once.
  const Drop d = drop(50, 2);
  ASSERT_TRUE(a_->view_drop(d.id) && b_->view_drop(d.id));
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(buy(i % 2 == 0 ? *a_ : *b_, d.id, 100 + i, "k", 1, "203.0.113.50").ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(buy(*b_, d.id, 200 + i, "k", 1, "198.51.100.1").ok());
  a_->tick_now();
  b_->tick_now();
  auto flags = a_->flags(d.id, std::nullopt, 50);
  ASSERT_TRUE(flags);
  int shared = 0;
  for (const FlagRecord& f : flags->items)
    if (f.flag.kind == "shared-address") {
      ++shared;
      EXPECT_EQ(f.flag.subject, "203.0.113.50");
    }
  EXPECT_EQ(shared, 1);
}

TEST_P(LeaseTest, BuyersAskingBothNodesAtOnceStayWithinTheLimit) {
  const Drop d = drop(200, 2);
  ASSERT_TRUE(a_->view_drop(d.id) && b_->view_drop(d.id));
  std::atomic<int> admitted_units{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      MarketService& node = t % 2 == 0 ? *a_ : *b_;
      for (int buyer = 100; buyer < 130; ++buyer) {  // every thread asks for every buyer
        auto r = buy(node, d.id, buyer, "k" + std::to_string(t), 1);
        if (r.ok()) admitted_units += 1;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(admitted_units.load(), 30 * 2);
  EXPECT_EQ(sql_i64("SELECT COUNT(*) FROM (SELECT buyer_id FROM market_orders WHERE drop_id = " +
                    std::to_string(d.id) + " GROUP BY buyer_id HAVING SUM(units) > 2) over"),
            0);
  EXPECT_EQ(accounted(d.id), 200);
}

TEST_P(LeaseTest, ADeadNodesLeaseAndHoldsComeBackAfterTheTimeout) {
  const Drop d = drop(20, 1);
  a_ = node("node-a", 20, /*return_at_shutdown=*/false);
  ASSERT_TRUE(buy(*a_, d.id, 100, "k", 1).ok());  // node a leased all 20 and holds 1
  a_.reset();                                     // killed: nothing given back
  EXPECT_EQ(buy(*b_, d.id, 101, "k", 1).status().slug(), "sold-out");
  now_ = kStart + kLeaseTimeout + kSecond;
  b_->tick_now();
  int sold = 0;
  for (int b = 101; b < 130; ++b) sold += buy(*b_, d.id, b, "k2", 1).ok();
  EXPECT_EQ(sold, 19);
  // The dead node's hold expires on node b and its unit is sold again.
  now_ = kStart + 601 * kSecond;
  b_->tick_now();
  EXPECT_TRUE(buy(*b_, d.id, 200, "k", 1).ok());
  EXPECT_EQ(taken(d.id), 20);
  EXPECT_EQ(accounted(d.id), 20);
}

TEST_P(LeaseTest, ANodeWhoseLeaseWasReclaimedRefusesWhatItNoLongerHasThenLeasesAgain) {
  const Drop d = drop(20, 1);
  ASSERT_TRUE(buy(*a_, d.id, 100, "k", 1).ok());  // node a leased 7 and holds 1 of them
  // Its heartbeat stalled and node b took it for dead: its lease went back to the pool.
  const std::string id = std::to_string(d.id);
  db_->write([&](soci::session& s) {
    s << "UPDATE market_stock SET unleased = unleased + (SELECT units FROM market_leases WHERE "
         "drop_id = " +
             id + " AND node = 'node-a') WHERE drop_id = " + id;
    s << "DELETE FROM market_leases WHERE drop_id = " + id + " AND node = 'node-a'";
  });
  EXPECT_EQ(buy(*a_, d.id, 101, "k", 1).status().slug(), "order-not-recorded");
  EXPECT_EQ(taken(d.id), 1);
  EXPECT_TRUE(buy(*a_, d.id, 101, "k", 1).ok());  // the retry: a new lease
  EXPECT_EQ(taken(d.id), 2);
  EXPECT_EQ(accounted(d.id), 20);
}

TEST_P(LeaseTest, ANodeThatStopsGivesItsLeaseBackAtOnce) {
  const Drop d = drop(20, 1);
  a_ = node("node-a", 20);
  ASSERT_TRUE(buy(*a_, d.id, 100, "k", 1).ok());
  a_.reset();
  int sold = 0;
  for (int b = 101; b < 130; ++b) sold += buy(*b_, d.id, b, "k", 1).ok();
  EXPECT_EQ(sold, 19);
  EXPECT_EQ(accounted(d.id), 20);
}

TEST_P(LeaseTest, AFairStartIsOneDrawOverEveryNodesEntries) {
  const Drop d = drop(4, 1, 2);
  // Ten buyers, half on each node; buyer 100 also asks on the other node with another key
  // (the limit is 1), buyer 101 repeats its request on the other node with the same key.
  std::vector<std::pair<Id, std::future<Result<Order>>>> answers;
  auto enter = [&](MarketService& node, Id buyer, const std::string& key) {
    auto p = std::make_shared<std::promise<Result<Order>>>();
    node.buy(d.id, buyer, key, 1, {.address = "", .phone_verified = true},
             [p](Result<Order> r) { p->set_value(std::move(r)); });
    answers.emplace_back(buyer, p->get_future());
  };
  for (int i = 0; i < 10; ++i) {
    now_ = kStart + i * 100'000;
    enter(i % 2 == 0 ? *a_ : *b_, 100 + i, "k");
  }
  enter(*b_, 100, "k2");
  enter(*a_, 101, "k");
  // Before the draw no node leases: the draw takes what it needs from the pool.
  EXPECT_EQ(sql_i64("SELECT COALESCE(SUM(units), 0) FROM market_leases WHERE drop_id = " +
                    std::to_string(d.id)),
            0);
  // Entries are written through each node's group writer, after the answer is queued: wait
  // until both nodes' writes have landed (the grace below is the fake clock's; the writes run on
  // the real one, and an entry that lands after the draw is refused by design).
  for (int i = 0; i < 200 && sql_i64("SELECT COUNT(*) FROM market_draw_entries WHERE drop_id = " +
                                     std::to_string(d.id)) < 11;
       ++i)  // 10 s at most
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  now_ = kStart + 3 * kSecond;  // the window and the grace for other nodes' writes are over
  b_->tick_now();
  a_->tick_now();
  std::map<Id, std::set<Id>> won_by_buyer;
  int refused = 0;
  for (auto& [buyer, f] : answers) {
    auto r = f.get();
    if (r.ok())
      won_by_buyer[buyer].insert(r->id);
    else
      refused += r.status().slug() == "sold-out" || r.status().slug() == "per-buyer-limit";
  }
  EXPECT_EQ(sql_i64("SELECT COUNT(*) FROM market_draws WHERE drop_id = " + std::to_string(d.id)),
            1);
  EXPECT_EQ(taken(d.id), 4);
  EXPECT_EQ(accounted(d.id), 4);
  for (const auto& [buyer, orders] : won_by_buyer) EXPECT_EQ(orders.size(), 1u) << buyer;
  // The published draw covers the eleven entries of both nodes (101's repeat is one entry),
  // and its first four places are the orders made.
  const auto record = a_->find_draw(d.id);
  ASSERT_TRUE(record);
  const auto stored = db_->read([&](soci::session& s) { return *market::find_drop(s, d.id); });
  const auto published = published_draw(stored, record);
  EXPECT_EQ(published.at("entries").as_array().size(), 11u);
  const DrawCheck check = check_published_draw(boost::json::serialize(published));
  ASSERT_TRUE(check.ok) << check.message;
  std::set<Id> orders, expected;
  for (const auto& [buyer, ids] : won_by_buyer) orders.insert(ids.begin(), ids.end());
  // Walk the order: one unit per buyer (ticket) until four are gone.
  std::map<std::string, std::string> ticket_of;
  for (const auto& e : published.at("entries").as_array())
    ticket_of[std::string(e.at("entry").as_string())] = e.at("ticket").as_string();
  std::set<std::string> served;
  for (const auto& id : check.redrawn)
    if (expected.size() < 4 && served.insert(ticket_of.at(id)).second)
      expected.insert(*parse_id(id));
  EXPECT_EQ(orders, expected);
  EXPECT_EQ(refused, static_cast<int>(answers.size()) - 4 - (won_by_buyer.contains(101) ? 1 : 0));
}

INSTANTIATE_STORE_TESTS(LeaseTest);

}  // namespace
}  // namespace sangsaeng::market
