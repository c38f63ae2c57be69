// The community market's use cases: products, drops, and the 10:00 rush of orders.
//
// Each drop has an Admission engine (market/admission.h) in memory, built from the database on
// first use. A purchase is decided by the engine under the drop's lock, written through a group
// writer (many purchases share one durable commit) and answered only once durable; a failed
// write undoes the engine's decision. Refusals (sold out, not open, over the limit) are answered
// from memory without a database write. The database decides every later change of an order
// (cancel, expiry): the engine follows what was committed, so memory never promises more units
// than the database holds.
//
// A ticker thread runs the fair-start draws when due and expires unpaid holds (bounded per
// tick). A fair-start entry is written to the database (market/entries.h) and waits for the draw;
// the first node to draw after the window draws every node's entries under the drop's draw lock
// and publishes the draw, and the others answer their entries from what it published. Several nodes
// on one PostgreSQL sell one drop through stock leases (market/leases.h, MarketOptions::leases):
// the engine then holds this node's lease, the database refuses an order its node's lease or its
// buyer's limit across nodes cannot cover, and any node expires any overdue hold. Without a lease
// node name (SQLite, one process) the engine holds the quantity.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "core/cursor.h"
#include "core/status.h"
#include "market/admission.h"
#include "market/books.h"
#include "market/fulfilment.h"
#include "market/fulfilment_store.h"
#include "market/leases.h"
#include "market/payments.h"
#include "market/season.h"
#include "market/store.h"
#include "market/types.h"
#include "store/db.h"
#include "store/group_writer.h"

namespace sangsaeng::ledger {
class Engine;
class AccountDirectory;
}  // namespace sangsaeng::ledger

namespace sangsaeng::giving {
class GivingService;
}

namespace sangsaeng::market {

struct MarketOptions {
  UnixMicros hold_us = 10 * 60 * kMicrosPerSecond;  // how long a hold waits for payment
  int expire_per_tick_max = 256;                    // holds expired per drop per tick
  std::chrono::milliseconds tick{100};              // draws and expiries are this late at most
  int fair_start_queue_max = 100'000;               // entries waiting for a draw, per drop
  // Entries one draw reads from the database, all nodes together; later ones are not drawn
  // (their buyers are told drop-busy and ask again, first come first served).
  int draw_entries_max = 400'000;
  // With several nodes the draw waits this long after the window for the last entries other
  // nodes are still writing (one node writes its own before it draws).
  UnixMicros draw_grace_us = 250'000;
  int orders_per_drop_max = 2'000'000;  // rebuild bound (asserted)
  // A payment whose transfers are not in the books this long after it was paid (the ledger was
  // down) is posted again by the ticker, at most repost_per_tick_max per tick.
  UnixMicros repost_after_us = 10 * kMicrosPerSecond;
  int repost_per_tick_max = 64;
  // Units one client address may hold or buy per drop (Admission's per_address_limit; 0: none).
  int units_per_address_max = 0;
  FlagRules flag_rules = {};  // suspicious patterns recorded for managers (market/flags.h)
  std::function<UnixMicros()> clock = now_us;  // tests pass a fake
  LeaseOptions leases = {};                    // node empty: no leases (one node)
};

// Who creates a product: a merchant creates their own organisation's; a market manager or an
// admin names the merchant.
struct Actor {
  Id user_id = 0;
  std::optional<Id> org_id = {};
  bool manages_market = false;
};

struct DropView {
  Drop drop;
  DropState state = DropState::scheduled;
  Counts counts;
  bool drawn = false;  // fair start: the draw has run (the seed is then public)

  // What the drop has raised so far, and the share of it donated (for the manager's view).
  std::int64_t revenue_won() const { return counts.sold * drop.price_won; }
  std::int64_t donation_won() const { return donated_won(revenue_won(), drop.donation_percent); }
};

// Who is buying, beyond their account id.
struct BuyContext {
  std::string address = {};     // the client's address: per-address limit, flags ("": neither)
  bool phone_verified = false;  // the market sells only to accounts with a verified phone
};

struct SeasonPlan {
  Drop drop;                // product, quantity, prices, giving, title, ...
  int weeks = 8;            // 1..52
  WeeklySlot slot;          // Wednesdays 10:00 in Seoul by default
  int open_hours = 24;      // each drop closes this long after it opens
  UnixMicros after_us = 0;  // the first drop opens after this (or now)
};

class MarketService {
 public:
  // `db`, and `ledger` and `payments` when given, must outlive the service. Without them,
  // pay() answers unavailable "payments-off". Starts the ticker.
  MarketService(store::Db& db, MarketOptions options = {}, ledger::Engine* ledger = nullptr,
                PaymentProvider* payments = nullptr);
  // Stops the ticker and commits what is queued.
  ~MarketService();
  MarketService(const MarketService&) = delete;
  MarketService& operator=(const MarketService&) = delete;

  // invalid_argument with field errors; forbidden when a merchant names another merchant.
  Result<Product> create_product(Product product, const Actor& actor, UnixMicros now_us);
  std::optional<Product> find_product(Id id);
  // Products, newest first; only one merchant's when `merchant_org_id` is given.
  Page<Product> list_products(std::optional<Id> merchant_org_id, std::optional<Id> before,
                              int limit);
  // The charities a drop may donate to (what a manager picks from), newest first.
  Page<OrgRef> list_charities(std::optional<Id> before, int limit);

  // `drop` without id, seed and timestamps (an empty title becomes the product's name).
  // invalid_argument with field errors (unknown
  // product, charity that is not a charity, closes before it opens, ...).
  Result<Drop> create_drop(Drop drop, Id actor_id, UnixMicros now_us);
  // A season: `weeks` drops of `drop` (its opens/closes ignored), the first at the next `slot`
  // after max(after_us, now), each open `open_hours`; titled "<title> (n/weeks)". All or none:
  // invalid_argument with the first week's field errors.
  Result<std::vector<Drop>> plan_season(const SeasonPlan& plan, Id actor_id, UnixMicros now_us);
  // Closes a drop now (closes_at = now) or extends it. invalid_argument unless after opens_at.
  Result<DropView> set_closes_at(Id drop_id, UnixMicros closes_at_us);
  std::optional<DropView> view_drop(Id id);
  Page<DropView> list_drops(std::optional<Id> before, int limit);
  // The published draw of a fair-start drop, once it has run.
  std::optional<DrawRecord> find_draw(Id drop_id);

  // A purchase. `done` runs exactly once, on any thread, quickly: with the held order once it
  // is durable, or with a refusal: not_found, forbidden "phone-not-verified",
  // failed_precondition "sold-out" | "not-open" | "not-enough-stock" | "idempotency-key-in-use",
  // invalid_argument "per-buyer-limit" | "per-address-limit" | "idempotency-key-reused",
  // unavailable "drop-busy" (fair-start queue full) or "internal" when the write failed. A
  // retry with the same key answers the same order. Suspicious patterns it notices are
  // recorded for the drop's managers (flags()). `with_order`, if given, runs in the transaction
  // that inserts a new order admitted at once (the caller's records: the audit entry), so both
  // are durable with one commit; not for a retry, a fair-start entry or a leased order.
  using BuyDone = std::function<void(Result<Order>)>;
  void buy(Id drop_id, Id buyer_id, const std::string& idem_key, int units,
           const BuyContext& context, BuyDone done, store::GroupWriter::Write with_order = nullptr);

  // The buyer pays a held order before its pay_by: the provider charges `method_token`, the
  // order becomes paid (its units sold) and its transfers are posted through the ledger
  // (market/books.h). `done` runs once, quickly, on any thread: the paid order (also when it was
  // paid before: a retry changes nothing), or not_found, failed_precondition "hold-expired" |
  // "not-payable" | "payment-declined", unavailable "payment-timeout" | "payments-off". A paid
  // order whose transfers could not be posted yet is answered paid; the ticker posts them.
  // `ship_to` is where the order goes (market/fulfilment.h), checked before the charge:
  // invalid_argument with "ship_to.*" field errors, or "outside-delivery-zones" when the drop
  // delivers to some postal-code prefixes only; stored with the payment.
  using PayDone = std::function<void(Result<Order>)>;
  void pay(Id order_id, Id buyer_id, const std::string& method_token, const ShipTo& ship_to,
           PayDone done);
  std::optional<Payment> find_payment(Id order_id);

  // The buyer cancels a held order: its units go back. not_found if it is not theirs;
  // failed_precondition "not-cancellable" unless held.
  Result<Order> cancel(Id order_id, Id buyer_id);
  std::optional<Order> find_order(Id id);
  Page<Order> drop_orders(Id drop_id, std::optional<Id> before, int limit);
  Page<Order> buyer_orders(Id buyer_id, std::optional<Id> before, int limit);
  // The suspicious patterns recorded for a drop (market/flags.h), newest first; nullopt for an
  // unknown drop. Written after the request that showed them, so they may lag it a moment.
  std::optional<Page<FlagRecord>> flags(Id drop_id, std::optional<Id> before, int limit);

  // After payment (market/fulfilment.h; fulfilment_service.cpp). An order is the merchant's
  // when its drop sells the product of actor.org_id; a market manager may act on every order.
  // Anyone else gets not_found, as for an order that does not exist.

  // The merchant's step: failed_precondition "illegal-transition" (also when another step came
  // first), invalid_argument when shipping without carrier and tracking number.
  Result<OrderView> advance(Id order_id, const Actor& actor, OrderStatus to,
                            const std::string& carrier, const std::string& tracking_no);
  // Orders after payment: the actor's merchant's, or (a manager without an organisation)
  // filter.merchant_org_id's, 0 for every merchant. REQUIRES: limit 1..kPageLimitMax.
  Page<OrderView> merchant_orders(const Actor& actor, MerchantFilter filter,
                                  std::optional<Id> before, int limit);
  // A paid order that has not shipped is refunded, asked by its buyer (actor.user_id), its
  // merchant or a manager: the order becomes refunded at once, its units go back to the drop,
  // the provider gives the charge back and reversing transfers are posted (both retried by the
  // ticker when the provider or the ledger is away). A refunded order answers itself again.
  // failed_precondition "illegal-transition" once shipped; unavailable "payments-off".
  Result<OrderView> refund(Id order_id, const Actor& actor, const std::string& reason);
  Page<OrderView> buyer_order_views(Id buyer_id, std::optional<Id> before, int limit);
  std::optional<OrderView> find_order_view(Id order_id);
  // The manager's per-drop figures after payment: gifts to hand out, refunds.
  DropFulfilment fulfilment_of(Id drop_id);

  // Called on the ticker thread, at most once per tick and drop, for each drop in memory whose
  // counts or state changed since the last call (the live page's feed). Set it once, before
  // traffic; it must be quick.
  using Watcher = std::function<void(const DropView&)>;
  void watch(Watcher watcher);

  // Happiness credit (giving/market_credit.h): with it, a paid order of a drop with a credit
  // rate whose merchant is flagged earns the buyer credit, posted in the payment's linked
  // batch, and a refund cancels it through `giving` (never below what is left). Without it no
  // order earns credit. Set it once, before traffic; `giving` must outlive the service.
  void set_giving(giving::GivingService* giving);
  // The merchants (organisations of kind merchant) with their verification flags, newest first.
  Page<MerchantFlags> merchants(std::optional<Id> before, int limit);
  // Sets a merchant's flags. not_found unless `flags.id` is a merchant organisation.
  Result<MerchantFlags> set_merchant_flags(MerchantFlags flags, Id actor_id);

  // One ticker pass now (tests): with leases a heartbeat pass (renew, reclaim stale leases,
  // sweep overdue holds), then due draws, then expiries; waits for their writes.
  void tick_now();

 private:
  struct Slot;
  std::shared_ptr<Slot> slot(Id drop_id);
  Result<Drop> prepare_drop(Drop drop, Id actor_id, UnixMicros now_us);
  static DropView view_of(const Slot& slot, UnixMicros now_us);
  void answer_admitted(const std::shared_ptr<Slot>& slot, Order order, BuyDone done,
                       store::GroupWriter::Write with_order);
  // Fair start: an entry's write, the draw (or learning another node's), its answers.
  void write_entry(const std::shared_ptr<Slot>& slot, const BuyRequest& request, UnixMicros now_us);
  struct DrawResult;
  void run_draw(const std::shared_ptr<Slot>& slot, UnixMicros now_us);
  void draw_in(soci::session& session, const std::shared_ptr<Slot>& slot, UnixMicros now_us,
               DrawResult& result);
  void answer_draw(const std::shared_ptr<Slot>& slot, const DrawResult& result);
  void flush_writes();  // returns once every write submitted before it has committed
  void expire_due(const std::shared_ptr<Slot>& slot, UnixMicros now_us);
  Result<PaymentAccounts> payment_accounts(const Slot& slot);
  Result<Id> account_id(const AccountKey& key);
  void post(const Order& order, const Payment& payment, const Slot& slot,
            std::function<void()> then);
  // The accrual of a credit purchase (giving/credit_books.h), for the payment's linked batch.
  Result<ledger::Transfer> credit_accrual(Id purchase_id);
  // Cancels a refunded order's credit purchase through the giving service; false while it
  // cannot (no service, the books away): the refund stays unposted and the ticker asks again.
  bool reverse_credit(Id purchase_id);
  void repost_unposted(UnixMicros now_us);
  void tick_all(bool renew = false);  // renew: the leases' heartbeat pass now (tick_now)
  // Stock leases (market/leases.h); all do nothing without a lease node.
  bool leasing() const { return !options_.leases.node.empty(); }
  void answer_leased(const std::shared_ptr<Slot>& slot, Order order, BuyDone done,
                     store::GroupWriter::Write with_order);
  // `sweep`: also the overdue holds this node does not know (read from the database).
  void expire_leased(const std::shared_ptr<Slot>& slot, UnixMicros now_us, bool sweep);
  bool top_up(const std::shared_ptr<Slot>& slot, std::int64_t units);
  void give_back_lease(const std::shared_ptr<Slot>& slot);
  void resync_lease(const std::shared_ptr<Slot>& slot);
  // Heartbeat and reclaim (every timeout / 4: returns true then), top-ups, give-backs.
  bool tend_leases(UnixMicros now_us, bool renew_now);
  void tally(Slot& slot, DropView& view);  // with leases: the drop's counts across nodes
  // After payment (fulfilment_service.cpp): the drop and its accounts, the units of a refunded
  // order back to its engine, and the ticker's retries of refunds.
  Result<std::pair<Drop, PaymentAccounts>> drop_books(Id drop_id);
  void return_units(Id drop_id, Id order_id);
  bool may_fulfil(const Actor& actor, Id order_id);
  void settle_refund(const Order& order, const Refund& refund);
  void post_refund(const Order& order, const Refund& refund);
  void settle_refunds();
  // Writes a flag the watch returned (after the request's answer; nothing waits for it).
  void record_flag(Id drop_id, std::optional<Flag> flag);
  // With leases, on the heartbeat pass: the shared-address rule over every node's orders.
  void flag_shared_addresses(Id drop_id);
  void report_changes(UnixMicros now_us);
  void ticker();

  store::Db& db_;
  const MarketOptions options_;
  ledger::Engine* ledger_;
  PaymentProvider* payments_;
  std::mutex accounts_mu_;
  std::map<AccountKey, Id> accounts_;  // guarded by accounts_mu_: ledger accounts by owner
  std::unique_ptr<ledger::AccountDirectory> credit_accounts_;  // CREDIT ledger; with ledger_
  std::atomic<giving::GivingService*> giving_{nullptr};
  store::GroupWriter writer_;
  std::mutex slots_mu_;
  std::unordered_map<Id, std::shared_ptr<Slot>> slots_;  // guarded by slots_mu_
  std::mutex ticker_mu_;
  std::condition_variable ticker_cv_;
  bool stopping_ = false;  // guarded by ticker_mu_
  Watcher watcher_;        // guarded by ticker_mu_

  std::atomic<UnixMicros> renewed_us_{0};  // the last heartbeat of this node's leases
  std::thread ticker_;
};

}  // namespace sangsaeng::market
