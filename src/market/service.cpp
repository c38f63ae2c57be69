#include "market/service.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cassert>
#include <future>
#include <unordered_set>

#include "draw/draw.h"
#include "giving/campaigns.h"
#include "giving/credit_books.h"
#include "giving/market_credit.h"
#include "giving/rules.h"
#include "giving/service.h"
#include "giving/store.h"
#include "ledger/directory.h"
#include "ledger/engine.h"
#include "ledger/queries.h"
#include "market/entries.h"
#include "market/season.h"

namespace sangsaeng::market {

namespace {

constexpr std::int64_t kPriceWonMax = 100'000'000;
constexpr std::int64_t kQuantityMax = 10'000'000;
constexpr int kWaitersPerEntryMax = 4;
constexpr int kSeasonWeeksMax = 52;  // retries of one queued request that may wait for it

// What a payment gives, decided once in the transaction that records it (so a repost posts the
// same amounts): the donation (the drop's share, or its campaign's match capped at the budget
// left) and, with `credit_on`, the buyer's credit where the merchant is flagged and the drop
// gives a rate.
void decide_giving(soci::session& s, const Order& order, const Drop& drop, Id merchant_org_id,
                   bool credit_on, UnixMicros now_us, Payment& p) {
  if (drop.campaign_id)
    p.donation_won = giving::claim_match(s, *drop.campaign_id, order.amount_won).value_or(0);
  else if (drop.charity_org_id)
    p.donation_won = donated_won(order.amount_won, drop.donation_percent);
  if (!credit_on || drop.credit_rate_bp <= 0 || order.amount_won <= 0) return;
  if (!merchant_flags(s, merchant_org_id).earns_credit()) return;
  if (auto purchase = giving::record_market_purchase(s, order.id, order.buyer_id, order.amount_won,
                                                     drop.credit_rate_bp, now_us))
    p.credit_purchase_id = purchase->id;
}

DropTerms terms_of(const Drop& d, const MarketOptions& options) {
  return {.drop_id = d.id,
          .opens_at_us = d.opens_at_us,
          .closes_at_us = d.closes_at_us,
          .stock = d.quantity,
          .per_buyer_limit = d.per_buyer_limit,
          .fair_start_us = d.fair_start_seconds * kMicrosPerSecond,
          .hold_us = d.hold_seconds * kMicrosPerSecond,
          .seed = draw::from_hex(d.seed_hex).value_or(""),
          .queue_max = options.fair_start_queue_max,
          .per_address_limit = options.units_per_address_max};
}

HoldStatus hold_status(OrderStatus s) {
  if (counts_as_sold(s)) return HoldStatus::paid;
  return counts_as_held(s) ? HoldStatus::held : HoldStatus::released;
}

Order order_of(const Drop& drop, const Hold& h) {
  return {.id = h.id,
          .drop_id = drop.id,
          .buyer_id = h.buyer_id,
          .units = h.units,
          .amount_won = h.units * drop.price_won,
          .status = OrderStatus::held,
          .idem_key = h.idem_key,
          .pay_by_us = h.pay_by_us,
          .created_at_us = h.created_us,
          .updated_at_us = h.created_us,
          .client_address = h.address};
}

// The answer for a refusal of the engine (verdicts other than admitted, replayed, queued).
Status refusal(const Decision& d) {
  switch (d.verdict) {
    case Verdict::sold_out:
      return {Code::failed_precondition, "sold-out", "Sold out: every unit is sold or held"};
    case Verdict::not_enough:
      return {Code::failed_precondition, "not-enough-stock",
              "Only " + std::to_string(d.remaining) + " left; ask for fewer"};
    case Verdict::not_open:
      return {Code::failed_precondition, "not-open", "The drop has not opened yet"};
    case Verdict::closed:
      return {Code::failed_precondition, "not-open", "The drop has closed"};
    case Verdict::per_buyer_limit:
      return {Code::invalid_argument, "per-buyer-limit",
              "This would take you over the drop's limit per buyer"};
    case Verdict::per_address_limit:
      return {Code::invalid_argument, "per-address-limit",
              "Too many units of this drop were bought from your network; ask again elsewhere"};
    case Verdict::key_reused:
      return {Code::invalid_argument, "idempotency-key-reused",
              "This Idempotency-Key was used for a different number of units"};
    case Verdict::queue_full:
      return {Code::unavailable, "drop-busy", "Too many buyers at this moment; ask again"};
    default:
      assert(false && "not a refusal");
      return {Code::internal, "internal", "Unexpected decision"};
  }
}

Status in_use() {
  return {Code::failed_precondition, "idempotency-key-in-use",
          "The first request with this Idempotency-Key is still running; ask again"};
}

Status not_recorded() {
  return {Code::unavailable, "order-not-recorded",
          "The order could not be recorded; retry with the same Idempotency-Key"};
}

// What the page publishes after the draw (migration 0200): entries in arrival order, the
// drawn order and each entry's outcome.
std::string draw_json(const std::vector<DrawnEntry>& drawn) {
  boost::json::array entries(drawn.size()), order;
  for (const DrawnEntry& e : drawn) {
    entries[e.arrival] = boost::json::object{{"entry", id_to_string(e.request.hold_id)},
                                             {"ticket", id_to_string(e.ticket)},
                                             {"units", e.request.units}};
    order.push_back(boost::json::string(id_to_string(e.request.hold_id)));
  }
  return boost::json::serialize(boost::json::object{{"entries", entries}, {"order", order}});
}

std::vector<FieldError> product_errors(const Product& p) {
  std::vector<FieldError> errors;
  if (p.price_won < 0 || p.price_won > kPriceWonMax)
    errors.push_back({"price_won", "must be between 0 and 100,000,000"});
  if (p.market_price_won < 0 || p.market_price_won > kPriceWonMax)
    errors.push_back({"market_price_won", "must be between 0 and 100,000,000"});
  if (p.name.empty()) errors.push_back({"name", "must not be empty"});
  return errors;
}

bool valid_zones(const std::string& zones) {
  // "" or comma-separated postal-code prefixes of 1-5 digits.
  if (zones.empty()) return true;
  std::size_t run = 0;
  for (char c : zones) {
    if (c == ',') {
      if (run == 0) return false;
      run = 0;
    } else if (c >= '0' && c <= '9' && run < 5) {
      ++run;
    } else {
      return false;
    }
  }
  return run > 0;
}

// A hold left (cancelled, expired). With leases its units went back to the pool, not to this
// node's lease: the engine's stock shrinks with it.
void release_hold(Admission& admission, Id hold_id, bool leased) {
  const auto hold = admission.release(hold_id);
  if (!hold || !leased) return;
  [[maybe_unused]] const bool set = admission.set_stock(admission.counts().stock - hold->units);
  assert(set);
}

}  // namespace

struct MarketService::Slot {
  Slot(Drop d, DropTerms terms, Id merchant, FlagRules rules)
      : drop(std::move(d)), merchant_org_id(merchant), admission(std::move(terms)), watch(rules) {}
  std::mutex mu;
  const Drop drop;
  const Id merchant_org_id;            // the product's merchant, paid for every sale
  Admission admission;                 // guarded by mu
  AbuseWatch watch;                    // guarded by mu
  std::unordered_set<Id> unconfirmed;  // admitted, write not committed yet
  std::unordered_set<Id> expiring;     // expiry write in flight
  // Fair start: this node's requests waiting for the draw, by (buyer, Idempotency-Key); those
  // that came after the window and before the draw was done (answered after it, in order);
  // whether this node is drawing (or learning the draw) now.
  std::map<std::pair<Id, std::string>, std::vector<BuyDone>> waiting;
  struct Late {
    Id buyer_id = 0;
    std::string idem_key;
    int units = 0;
    BuyContext context;
    BuyDone done;
    store::GroupWriter::Write with_order;
  };
  std::vector<Late> late;
  bool drawing = false;
  std::optional<std::pair<Counts, DropState>> reported;  // last given to the watcher (ticker)
  // Leases only: one thread at a time takes or gives back lease units (before mu); the pool
  // was found empty (no synchronous take on a sold-out answer until the next heartbeat).
  std::mutex lease_mu;
  bool pool_empty = false;        // guarded by mu
  std::uint64_t claims_done = 0;  // guarded by mu: commits of claims so far (resync_lease)
  // The last counts read from the database (tally()), with the engine's counts then: reused
  // for a tick while this node changed nothing, so a busy page costs few reads.
  struct Tallied {
    std::chrono::steady_clock::time_point at;
    Counts engine;
    std::uint64_t claims = 0;  // claims_done when read: an order committed since makes it stale
    StockTally stock;
  };
  std::optional<Tallied> tallied;  // guarded by mu
};

MarketService::MarketService(store::Db& db, MarketOptions options, ledger::Engine* ledger,
                             PaymentProvider* payments)
    : db_(db),
      options_(std::move(options)),
      ledger_(ledger),
      payments_(payments),
      credit_accounts_(ledger ? std::make_unique<ledger::AccountDirectory>(db, *ledger) : nullptr),
      writer_(db),
      ticker_([this] { ticker(); }) {}

MarketService::~MarketService() {
  {
    std::lock_guard lock(ticker_mu_);
    stopping_ = true;
  }
  ticker_cv_.notify_all();
  ticker_.join();
  if (!leasing() || !options_.leases.return_at_shutdown) return;
  // What this node leased and did not sell goes back to the pool now, not after the timeout.
  std::vector<std::shared_ptr<Slot>> all;
  {
    std::lock_guard lock(slots_mu_);
    for (const auto& [id, s] : slots_) all.push_back(s);
  }
  for (const auto& s : all) {
    try {
      give_back_lease(s);
    } catch (const std::exception&) {
      // The database is down: the lease comes back after its timeout instead.
    }
  }
}

Result<Product> MarketService::create_product(Product p, const Actor& actor, UnixMicros now_us) {
  if (!actor.manages_market) {
    if (!actor.org_id) return Status::forbidden("Only a merchant's staff may add its products");
    if (p.merchant_org_id == 0) p.merchant_org_id = *actor.org_id;
    if (p.merchant_org_id != *actor.org_id)
      return Status::forbidden("A merchant adds products of its own organisation only");
  }
  std::vector<FieldError> errors = product_errors(p);
  const auto kind = db_.read([&](soci::session& s) { return org_kind(s, p.merchant_org_id); });
  if (kind != "merchant")
    errors.push_back({"merchant_org_id", "must name a merchant organisation"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  p.id = ids().next();
  p.created_by = actor.user_id;
  p.created_at_us = now_us;
  db_.write([&](soci::session& s) { insert_product(s, p); });
  return p;
}

std::optional<Product> MarketService::find_product(Id id) {
  return db_.read([&](soci::session& s) { return market::find_product(s, id); });
}

Page<Product> MarketService::list_products(std::optional<Id> merchant_org_id,
                                           std::optional<Id> before, int limit) {
  return db_.read(
      [&](soci::session& s) { return market::list_products(s, merchant_org_id, before, limit); });
}

Page<OrgRef> MarketService::list_charities(std::optional<Id> before, int limit) {
  return db_.read([&](soci::session& s) { return market::list_charities(s, before, limit); });
}

Result<Drop> MarketService::create_drop(Drop d, Id actor_id, UnixMicros now_us) {
  auto prepared = prepare_drop(std::move(d), actor_id, now_us);
  if (!prepared.ok()) return prepared.status();
  db_.write([&](soci::session& s) { insert_drop(s, prepared.value()); });
  return prepared;
}

Result<std::vector<Drop>> MarketService::plan_season(const SeasonPlan& plan, Id actor_id,
                                                     UnixMicros now_us) {
  if (plan.weeks < 1 || plan.weeks > kSeasonWeeksMax)
    return Status::invalid("weeks", "must be between 1 and 52");
  if (plan.open_hours < 1 || plan.open_hours > 24 * 7)
    return Status::invalid("open_hours", "must be between 1 and 168 (a week)");
  const UnixMicros open_us = plan.open_hours * 3600LL * kMicrosPerSecond;
  std::vector<Drop> drops;
  for (UnixMicros opens : weekly_openings(std::max(plan.after_us, now_us), plan.slot, plan.weeks)) {
    Drop d = plan.drop;
    d.opens_at_us = opens;
    d.closes_at_us = opens + open_us;
    auto prepared = prepare_drop(std::move(d), actor_id, now_us);
    if (!prepared.ok()) return prepared.status();  // the same error for every week: the first
    prepared->title +=
        " (" + std::to_string(drops.size() + 1) + "/" + std::to_string(plan.weeks) + ")";
    drops.push_back(std::move(prepared.value()));
  }
  // All weeks or none.
  db_.write([&](soci::session& s) {
    for (const Drop& d : drops) insert_drop(s, d);
  });
  return drops;
}

Result<DropView> MarketService::set_closes_at(Id drop_id, UnixMicros closes_at_us) {
  auto s = slot(drop_id);
  if (!s) return Status::not_found("No drop with this id");
  if (closes_at_us <= s->drop.opens_at_us)
    return Status::invalid("closes_at", "must be after opens_at");
  db_.write([&](soci::session& session) { move_closes_at(session, drop_id, closes_at_us); });
  DropView view;
  {
    std::lock_guard lock(s->mu);
    s->admission.set_closes_at(closes_at_us);
    view = view_of(*s, options_.clock());
  }
  tally(*s, view);
  return view;
}

Result<Drop> MarketService::prepare_drop(Drop d, Id actor_id, UnixMicros now_us) {
  std::vector<FieldError> errors;
  const auto product =
      db_.read([&](soci::session& s) { return market::find_product(s, d.product_id); });
  if (!product) errors.push_back({"product_id", "must name a product"});
  if (product && d.title.empty()) d.title = product->name;  // a drop is called by its product
  if (d.quantity < 1 || d.quantity > kQuantityMax)
    errors.push_back({"quantity", "must be between 1 and 10,000,000"});
  if (d.per_buyer_limit > d.quantity)
    errors.push_back({"per_buyer_limit", "must not exceed the quantity"});
  if (d.price_won < 0 || d.price_won > kPriceWonMax)
    errors.push_back({"price_won", "must be between 0 and 100,000,000"});
  if (d.market_price_won < 0 || d.market_price_won > kPriceWonMax)
    errors.push_back({"market_price_won", "must be between 0 and 100,000,000"});
  if (d.campaign_id) {
    // The campaign's rule is the drop's: its percent, its charity (giving/campaigns.h).
    const auto campaign =
        db_.read([&](soci::session& s) { return giving::find_campaign(s, *d.campaign_id); });
    if (!campaign) {
      errors.push_back({"campaign_id", "must name a matching campaign"});
    } else {
      d.donation_percent = campaign->match_percent;
      d.charity_org_id = campaign->charity_org_id;
    }
  }
  if (d.credit_rate_bp < 0 || d.credit_rate_bp > giving::kRateBpMax)
    errors.push_back({"credit_rate_bp", "must be between 0 and 10,000 basis points"});
  if (d.donation_percent < 0 || d.donation_percent > 100)
    errors.push_back({"donation_percent", "must be between 0 and 100"});
  if (d.donation_percent > 0 && !d.charity_org_id)
    errors.push_back({"charity_org_id", "a drop that donates names its charity"});
  if (d.charity_org_id &&
      db_.read([&](soci::session& s) { return org_kind(s, *d.charity_org_id); }) != "charity")
    errors.push_back({"charity_org_id", "must name a charity organisation"});
  if (!valid_zones(d.zones))
    errors.push_back({"zones", "must be postal-code prefixes of 1 to 5 digits"});
  d.hold_seconds = static_cast<int>(options_.hold_us / kMicrosPerSecond);
  // The seed is made with the drop and kept secret until its draw; its hash is public.
  const std::string seed = d.fair_start_seconds > 0 ? draw::new_seed() : std::string();
  d.seed_hex = draw::to_hex(seed);
  d.seed_commitment = seed.empty() ? "" : draw::commitment_hex(seed);
  for (auto& e : std::move(validate_terms(terms_of(d, options_))).fields())
    if (e.field != "quantity" && e.field != "per_buyer_limit") errors.push_back(std::move(e));
  if (!errors.empty()) return Status::invalid(std::move(errors));
  d.id = ids().next();
  d.created_by = actor_id;
  d.created_at_us = now_us;
  return d;
}

std::shared_ptr<MarketService::Slot> MarketService::slot(Id drop_id) {
  std::lock_guard lock(slots_mu_);
  if (auto it = slots_.find(drop_id); it != slots_.end()) return it->second;
  // First use since start: the engine is rebuilt from what the database holds.
  auto build = [&](soci::session& s) -> std::shared_ptr<Slot> {
    auto drop = market::find_drop(s, drop_id);
    if (!drop) return nullptr;
    const auto product = market::find_product(s, drop->product_id);
    assert(product);
    auto slot = std::make_shared<Slot>(*drop, terms_of(*drop, options_),
                                       product ? product->merchant_org_id : 0, options_.flag_rules);
    std::vector<Hold> holds;
    for (const Order& o : orders_of_drop(s, drop_id, options_.orders_per_drop_max))
      holds.push_back({o.id, o.buyer_id, o.units, o.created_at_us, o.pay_by_us, o.idem_key,
                       hold_status(o.status), o.client_address});
    assert(std::ssize(holds) < options_.orders_per_drop_max);
    // Orders of a fair-start drop exist only once its draw ran.
    slot->admission.restore(holds, market::find_draw(s, drop_id).has_value() || !holds.empty());
    if (!options_.leases.node.empty()) {  // this node sells what it leased, no more
      ensure_stock(s, *drop);
      const Counts c = slot->admission.counts();
      [[maybe_unused]] const bool set = slot->admission.set_stock(
          c.sold + c.held + leased_units(s, drop_id, options_.leases.node));
      assert(set);
    }
    for (const Hold& h : holds)  // flags it would raise were recorded when they were sold
      if (h.status != HoldStatus::released) slot->watch.admitted(h.buyer_id, h.address);
    return slot;
  };
  // With leases the build makes the drop's pool row on first use (a write).
  auto loaded = leasing() ? db_.write(build) : db_.read(build);
  if (loaded) slots_.emplace(drop_id, loaded);
  return loaded;
}

std::optional<DropView> MarketService::view_drop(Id id) {
  auto s = slot(id);
  if (!s) return std::nullopt;
  const UnixMicros now = options_.clock();
  DropView view;
  {
    std::lock_guard lock(s->mu);
    view = view_of(*s, now);
  }
  tally(*s, view);
  return view;
}

// REQUIRES: s.mu held.
DropView MarketService::view_of(const Slot& s, UnixMicros now_us) {
  DropView v{s.drop, s.admission.state(now_us), s.admission.counts(), s.admission.drawn()};
  v.drop.closes_at_us = s.admission.terms().closes_at_us;  // a manager may have moved it
  return v;
}

Page<DropView> MarketService::list_drops(std::optional<Id> before, int limit) {
  const Page<Drop> drops =
      db_.read([&](soci::session& s) { return market::list_drops(s, before, limit); });
  Page<DropView> out{.items = {}, .next = drops.next};
  for (const Drop& d : drops.items)
    if (auto v = view_drop(d.id)) out.items.push_back(std::move(*v));
  return out;
}

std::optional<DrawRecord> MarketService::find_draw(Id drop_id) {
  return db_.read([&](soci::session& s) { return market::find_draw(s, drop_id); });
}

void MarketService::buy(Id drop_id, Id buyer_id, const std::string& idem_key, int units,
                        const BuyContext& context, BuyDone done,
                        store::GroupWriter::Write with_order) {
  assert(!idem_key.empty() && units >= 1);
  auto s = slot(drop_id);
  if (!s) return done(Status::not_found("No drop with this id"));
  if (!context.phone_verified)
    return done(Status(Code::forbidden, "phone-not-verified",
                       "Verify your phone number to buy in the market (one account per phone)"));
  const UnixMicros now = options_.clock();
  std::unique_lock lock(s->mu);
  if (s->admission.draw_due(now) || s->drawing) {
    // After the window, before its draw is done: no late request overtakes the entries. The
    // ticker draws within a tick (or learns another node's draw) and then answers these.
    if (std::ssize(s->late) >= options_.fair_start_queue_max) {
      lock.unlock();
      return done(refusal(Decision{Verdict::queue_full, std::nullopt, 0}));
    }
    s->late.push_back({buyer_id, idem_key, units, context, std::move(done), std::move(with_order)});
    return;
  }
  const BuyRequest request{buyer_id, idem_key, units, ids().next(), context.address};
  Decision d = s->admission.buy(request, now);
  if (leasing() && (d.verdict == Verdict::sold_out || d.verdict == Verdict::not_enough) &&
      !s->pool_empty) {  // this node's lease ran out: take more from the pool, then decide again
    lock.unlock();
    const bool more = top_up(s, units);
    lock.lock();
    if (more) d = s->admission.buy(request, now);
  }
  switch (d.verdict) {
    case Verdict::admitted: {
      s->unconfirmed.insert(d.hold->id);
      Order order = order_of(s->drop, *d.hold);
      auto flag = s->watch.admitted(buyer_id, context.address);
      lock.unlock();
      record_flag(drop_id, std::move(flag));
      // With leases the order's commit also claims its units (and carries the audit entry
      // when the claim takes them).
      if (leasing())
        return answer_leased(s, std::move(order), std::move(done), std::move(with_order));
      return answer_admitted(s, std::move(order), std::move(done), std::move(with_order));
    }
    case Verdict::per_buyer_limit:
    case Verdict::per_address_limit: {
      auto flag = s->watch.refused_by_limit(buyer_id);
      lock.unlock();
      record_flag(drop_id, std::move(flag));
      return done(refusal(d));
    }
    case Verdict::replayed: {
      if (s->unconfirmed.contains(d.hold->id)) return done(in_use());
      lock.unlock();
      auto order = find_order(d.hold->id);
      if (!order) return done(not_recorded());
      return done(std::move(*order));
    }
    case Verdict::queued: {
      auto& waiters = s->waiting[{buyer_id, idem_key}];
      if (std::ssize(waiters) >= kWaitersPerEntryMax) {
        lock.unlock();
        return done(in_use());
      }
      waiters.push_back(std::move(done));
      if (d.hold->id != request.hold_id) return;  // a retry of an entry written already
      lock.unlock();
      return write_entry(s, request, now);  // the answer comes with the draw
    }
    default:
      lock.unlock();
      return done(refusal(d));
  }
}

void MarketService::answer_admitted(const std::shared_ptr<Slot>& s, Order order, BuyDone done,
                                    store::GroupWriter::Write with_order) {
  writer_.submit(
      [order, with_order = std::move(with_order)](soci::session& session) {
        insert_order(session, order);
        if (with_order) with_order(session);
      },
      [s, order, done = std::move(done)](Status status) {
        {
          std::lock_guard lock(s->mu);
          s->unconfirmed.erase(order.id);
          if (!status.ok()) s->admission.abandon(order.id);
        }
        if (!status.ok()) return done(not_recorded());
        done(order);
      });
}

void MarketService::expire_due(const std::shared_ptr<Slot>& s, UnixMicros now_us) {
  std::vector<Hold> due;
  {
    std::lock_guard lock(s->mu);
    for (Hold& h : s->admission.overdue(now_us, options_.expire_per_tick_max))
      if (!s->unconfirmed.contains(h.id) && s->expiring.insert(h.id).second)
        due.push_back(std::move(h));
  }
  if (due.empty()) return;
  // The database decides: an order paid or cancelled meanwhile is not expired.
  auto moved = std::make_shared<std::vector<char>>(due.size(), 0);
  writer_.submit(
      [due, moved, now_us](soci::session& session) {
        for (std::size_t i = 0; i < due.size(); ++i)
          (*moved)[i] =
              move_order(session, due[i].id, OrderStatus::held, OrderStatus::expired, now_us);
      },
      [s, due, moved](Status status) {
        std::lock_guard lock(s->mu);
        for (std::size_t i = 0; i < due.size(); ++i) {
          s->expiring.erase(due[i].id);
          if (status.ok() && (*moved)[i]) s->admission.release(due[i].id);
        }
      });
}

void MarketService::pay(Id order_id, Id buyer_id, const std::string& method_token,
                        const ShipTo& ship_to, PayDone done) {
  if (ledger_ == nullptr || payments_ == nullptr)
    return done(Status(Code::unavailable, "payments-off", "Payments are not set up on this node"));
  auto order = find_order(order_id);
  if (!order || order->buyer_id != buyer_id)
    return done(Status::not_found("No order with this id"));
  if (counts_as_sold(order->status)) return done(*order);  // paid before: the same answer
  const UnixMicros now = options_.clock();
  if (order->status == OrderStatus::expired ||
      (order->status == OrderStatus::held && now > order->pay_by_us))
    return done(Status(Code::failed_precondition, "hold-expired",
                       "The time to pay has passed and the units went back; order again"));
  if (order->status != OrderStatus::held)
    return done(Status(Code::failed_precondition, "not-payable", "This order cannot be paid"));
  auto s = slot(order->drop_id);
  assert(s);
  if (Status where = check_destination(ship_to, s->drop.zones); !where.ok()) return done(where);
  auto accounts = payment_accounts(*s);
  if (!accounts.ok()) return done(accounts.status());
  const bool credit_on = giving_.load() != nullptr;
  const ChargeResult charged = payments_->charge({order->id, order->amount_won, method_token});
  if (charged.outcome != ChargeOutcome::timed_out) {
    std::unique_lock lock(s->mu);
    auto flag = s->watch.payment(buyer_id, charged.outcome == ChargeOutcome::declined);
    lock.unlock();
    record_flag(s->drop.id, std::move(flag));
  }
  if (charged.outcome == ChargeOutcome::declined)
    return done(Status(Code::failed_precondition, "payment-declined", charged.message));
  if (charged.outcome == ChargeOutcome::timed_out)
    return done(Status(Code::unavailable, "payment-timeout", charged.message));
  Payment payment{.order_id = order->id,
                  .provider = std::string(payments_->name()),
                  .provider_ref = charged.provider_ref,
                  .amount_won = order->amount_won,
                  .sale_transfer_id = ids().next(),
                  .donation_transfer_id = ids().next(),
                  .posted = false,
                  .paid_at_us = now};
  // The database decides between this payment and an expiry or cancel that came first.
  const bool moved = db_.write([&](soci::session& session) {
    if (!move_order(session, order->id, OrderStatus::held, OrderStatus::paid, now)) return false;
    decide_giving(session, *order, s->drop, s->merchant_org_id, credit_on, now, payment);
    insert_payment(session, payment);
    insert_shipment(session, {.order_id = order->id, .to = ship_to});
    return true;
  });
  if (!moved)
    return done(Status(Code::failed_precondition, "hold-expired",
                       "The time to pay passed while paying; the charge is not taken"));
  {
    std::lock_guard lock(s->mu);
    s->admission.pay(order->id);
  }
  order->status = OrderStatus::paid;
  order->updated_at_us = now;
  post(*order, payment, *s, [done = std::move(done), order = *order] { done(order); });
}

std::optional<Payment> MarketService::find_payment(Id order_id) {
  return db_.read([&](soci::session& s) { return market::find_payment(s, order_id); });
}

void MarketService::post(const Order& order, const Payment& payment, const Slot& slot,
                         std::function<void()> then) {
  auto accounts = payment_accounts(slot);
  if (!accounts.ok()) return then();  // the ticker posts it later
  auto transfers = payment_transfers(order, slot.drop, accounts.value(), payment.sale_transfer_id,
                                     payment.donation_transfer_id, payment.donation_won);
  const std::optional<Id> credit = payment.credit_purchase_id;
  if (credit) {
    auto accrual = credit_accrual(*credit);
    if (!accrual.ok()) return then();  // the ticker posts it later
    append_linked(transfers, std::move(accrual).value());
  }
  ledger_->submit_transfers(std::move(transfers), [this, order_id = order.id, credit,
                                                   then = std::move(then)](auto result) mutable {
    bool posted = result.ok();
    if (posted)
      for (const auto& r : result.value()) posted = posted && ledger::succeeded(r.code);
    if (!posted) return then();  // left unposted: the ticker tries again
    writer_.submit(
        [order_id, credit](soci::session& s) {
          mark_posted(s, order_id);
          if (credit) giving::mark_posted(s, *credit);
        },
        [then = std::move(then)](Status) { then(); });
  });
}

Result<ledger::Transfer> MarketService::credit_accrual(Id purchase_id) {
  const auto purchase =
      db_.read([&](soci::session& s) { return giving::find_purchase(s, purchase_id); });
  assert(purchase && purchase->credit_points > 0);
  if (!purchase) return Status(Code::internal, "bug", "a payment names no credit purchase");
  auto issued = credit_accounts_->find_or_open(giving::issued_credit_account());
  if (!issued.ok()) return issued.status();
  auto customer =
      credit_accounts_->find_or_open(giving::customer_credit_account(purchase->customer_id));
  if (!customer.ok()) return customer.status();
  return giving::accrual_transfer(*purchase, issued.value(), customer.value());
}

bool MarketService::reverse_credit(Id purchase_id) {
  giving::GivingService* giving = giving_.load();
  if (giving == nullptr) return false;
  const auto purchase =
      db_.read([&](soci::session& s) { return giving::find_purchase(s, purchase_id); });
  const auto partner = purchase ? giving->find_partner(purchase->partner_id) : std::nullopt;
  if (!partner) return false;
  return giving->cancel(*partner, purchase_id).ok();
}

void MarketService::set_giving(giving::GivingService* giving) {
  giving_.store(giving);
}

Page<MerchantFlags> MarketService::merchants(std::optional<Id> before, int limit) {
  return db_.read([&](soci::session& s) { return list_merchants(s, before, limit); });
}

Result<MerchantFlags> MarketService::set_merchant_flags(MerchantFlags flags, Id actor_id) {
  const UnixMicros now = options_.clock();
  const bool set = db_.write([&](soci::session& s) {
    if (org_kind(s, flags.id) != "merchant") return false;
    market::set_merchant_flags(s, flags, actor_id, now);
    return true;
  });
  if (!set) return Status::not_found("No merchant organisation with this id");
  return db_.read([&](soci::session& s) { return merchant_flags(s, flags.id); });
}

Result<PaymentAccounts> MarketService::payment_accounts(const Slot& s) {
  PaymentAccounts out;
  for (auto [key, field] :
       {std::pair{clearing_account(), &out.clearing},
        std::pair{donation_budget_account(), &out.donation_budget},
        std::pair{merchant_sales_account(s.merchant_org_id), &out.merchant_sales}}) {
    auto id = account_id(key);
    if (!id.ok()) return id.status();
    *field = id.value();
  }
  if (s.drop.charity_org_id && s.drop.donation_percent > 0) {
    auto id = account_id(charity_account(*s.drop.charity_org_id));
    if (!id.ok()) return id.status();
    out.charity = id.value();
  }
  if (s.drop.campaign_id) {
    // The match comes from the campaign's budget, opened when the campaign was made.
    const auto campaign =
        db_.read([&](soci::session& db) { return giving::find_campaign(db, *s.drop.campaign_id); });
    assert(campaign);
    if (!campaign) return Status(Code::internal, "bug", "a drop names no campaign");
    out.donation_budget = campaign->account_id;
  }
  return out;
}

// Found by owner and code, or opened (once per owner: the first sale of a merchant waits for
// one ledger commit here; every later one finds it in memory).
Result<Id> MarketService::account_id(const AccountKey& key) {
  std::lock_guard lock(accounts_mu_);
  if (auto it = accounts_.find(key); it != accounts_.end()) return it->second;
  const auto found = db_.read([&](soci::session& s) {
    return ledger::list_accounts(s, {.owner_kind = key.owner_kind,
                                     .owner_ref = key.owner_ref,
                                     .ledger = ledger::kLedgerKrw,
                                     .after_id = 0,
                                     .limit = 500});
  });
  for (const auto& v : found)
    if (v.account.code == key.code && !v.closed) return accounts_[key] = v.account.id;
  const ledger::Account account{.id = ids().next(),
                                .ledger = ledger::kLedgerKrw,
                                .code = key.code,
                                .owner_kind = key.owner_kind,
                                .owner_ref = key.owner_ref};
  auto opened = ledger_->create_accounts({account}).get();
  if (!opened.ok() || !ledger::succeeded(opened.value().front().code))
    return Status(Code::unavailable, "books-unavailable",
                  "The books could not open an account; try again");
  return accounts_[key] = account.id;
}

void MarketService::repost_unposted(UnixMicros now_us) {
  if (ledger_ == nullptr) return;
  const auto pending = db_.read([&](soci::session& s) {
    return unposted_payments(s, now_us - options_.repost_after_us, options_.repost_per_tick_max);
  });
  for (const Payment& p : pending) {
    auto order = find_order(p.order_id);
    auto s = order ? slot(order->drop_id) : nullptr;
    if (s) post(*order, p, *s, [] {});
  }
}

Result<Order> MarketService::cancel(Id order_id, Id buyer_id) {
  auto order = find_order(order_id);
  if (!order || order->buyer_id != buyer_id) return Status::not_found("No order with this id");
  const UnixMicros now = options_.clock();
  const bool moved = db_.write([&](soci::session& s) {
    const bool cancelled = move_order(s, order_id, OrderStatus::held, OrderStatus::cancelled, now);
    if (cancelled && leasing()) release_order(s, *order);  // its units go back to the pool
    return cancelled;
  });
  if (!moved)
    return Status(Code::failed_precondition, "not-cancellable",
                  "Only an order that is held (not yet paid) can be cancelled here");
  if (auto s = slot(order->drop_id)) {
    std::lock_guard lock(s->mu);
    release_hold(s->admission, order_id, leasing());
  }
  order->status = OrderStatus::cancelled;
  order->updated_at_us = now;
  return *order;
}

std::optional<Order> MarketService::find_order(Id id) {
  return db_.read([&](soci::session& s) { return market::find_order(s, id); });
}

Page<Order> MarketService::drop_orders(Id drop_id, std::optional<Id> before, int limit) {
  return db_.read([&](soci::session& s) { return page_drop_orders(s, drop_id, before, limit); });
}

void MarketService::record_flag(Id drop_id, std::optional<Flag> flag) {
  if (!flag) return;
  const FlagRecord record{ids().next(), drop_id, std::move(*flag), options_.clock()};
  writer_.submit([record](soci::session& s) { insert_flag(s, record); }, [](Status) {});
}

void MarketService::flag_shared_addresses(Id drop_id) {
  constexpr int kAddressesMax = 1'000;  // per pass; the next pass sees the rest
  const int accounts_min = options_.flag_rules.accounts_per_address;
  const auto shared = db_.read(
      [&](soci::session& s) { return shared_addresses(s, drop_id, accounts_min, kAddressesMax); });
  for (const auto& [address, accounts] : shared)
    record_flag(drop_id, Flag{"shared-address", address, std::nullopt,
                              std::to_string(accounts) +
                                  " accounts got orders from this address (on every node)"});
}

std::optional<Page<FlagRecord>> MarketService::flags(Id drop_id, std::optional<Id> before,
                                                     int limit) {
  return db_.read([&](soci::session& s) -> std::optional<Page<FlagRecord>> {
    if (!market::find_drop(s, drop_id)) return std::nullopt;
    return page_drop_flags(s, drop_id, before, limit);
  });
}

Page<Order> MarketService::buyer_orders(Id buyer_id, std::optional<Id> before, int limit) {
  return db_.read([&](soci::session& s) { return page_buyer_orders(s, buyer_id, before, limit); });
}

void MarketService::tick_all(bool renew) {
  std::vector<std::shared_ptr<Slot>> all;
  {
    std::lock_guard lock(slots_mu_);
    for (const auto& [id, s] : slots_) all.push_back(s);
  }
  const UnixMicros now = options_.clock();
  const bool renewed = tend_leases(now, renew);
  for (const auto& s : all) {
    run_draw(s, now);
    leasing() ? expire_leased(s, now, renewed) : expire_due(s, now);
  }
  repost_unposted(now);
  settle_refunds();
  report_changes(now);
}

void MarketService::watch(Watcher watcher) {
  std::lock_guard lock(ticker_mu_);
  watcher_ = std::move(watcher);
}

void MarketService::report_changes(UnixMicros now_us) {
  Watcher watcher;
  {
    std::lock_guard lock(ticker_mu_);
    watcher = watcher_;
  }
  if (!watcher) return;
  std::vector<std::shared_ptr<Slot>> all;
  {
    std::lock_guard lock(slots_mu_);
    for (const auto& [id, s] : slots_) all.push_back(s);
  }
  for (const auto& s : all) {
    DropView view;
    if (leasing()) {  // the counts across nodes come from the database
      {
        std::lock_guard lock(s->mu);
        view = view_of(*s, now_us);
        // Scheduled and closed drops change little: read them once per change of state.
        const bool quiet = view.state == DropState::scheduled || view.state == DropState::closed;
        if (quiet && s->reported && s->reported->second == view.state) continue;
      }
      tally(*s, view);
    }
    {
      std::lock_guard lock(s->mu);
      const auto now = leasing()
                           ? std::make_pair(view.counts, view.state)
                           : std::make_pair(s->admission.counts(), s->admission.state(now_us));
      if (s->reported && s->reported->first == now.first && s->reported->second == now.second)
        continue;
      s->reported = now;
      if (!leasing()) view = view_of(*s, now_us);
    }
    watcher(view);
  }
}

void MarketService::tick_now() {
  tick_all(/*renew=*/true);
  // The writer commits in order: once this empty write is done, the tick's writes are too.
  std::promise<void> flushed;
  writer_.submit([](soci::session&) {}, [&flushed](Status) { flushed.set_value(); });
  flushed.get_future().wait();
}

void MarketService::ticker() {
  std::unique_lock lock(ticker_mu_);
  while (!ticker_cv_.wait_for(lock, options_.tick, [this] { return stopping_; })) {
    lock.unlock();
    try {
      tick_all();
    } catch (const std::exception&) {
      // The database is down: the next tick tries again; nothing was changed in memory.
    }
    lock.lock();
  }
}

// Stock leases (market/leases.h).

namespace {

// The answer to a purchase whose claim ran in a commit that ended with `status`.
Result<Order> claimed(const Status& status, const Claim& claim, const Order& order) {
  if (!status.ok()) return not_recorded();
  switch (claim.outcome) {
    case Claim::Outcome::taken:
      return order;
    case Claim::Outcome::replayed:
      if (!claim.existing) return not_recorded();
      if (claim.existing->units != order.units)
        return refusal(Decision{Verdict::key_reused, std::nullopt, 0});
      return *claim.existing;
    case Claim::Outcome::over_limit:
      return refusal(Decision{Verdict::per_buyer_limit, std::nullopt, 0});
    case Claim::Outcome::over_address_limit:
      return refusal(Decision{Verdict::per_address_limit, std::nullopt, 0});
    case Claim::Outcome::no_lease:
      return not_recorded();
  }
  return not_recorded();
}

// REQUIRES: the slot's mu held. The commit of `order` ended: undo the engine's decision unless
// the order was taken; a lease found short was reclaimed (the next heartbeat resyncs).
void settle(Admission& admission, const Status& status, const Claim& claim, const Order& order) {
  if (status.ok() && claim.outcome == Claim::Outcome::taken) return;
  admission.abandon(order.id);
  if (status.ok() && claim.outcome == Claim::Outcome::no_lease) {
    const Counts c = admission.counts();
    [[maybe_unused]] const bool set = admission.set_stock(c.sold + c.held);
    assert(set);
  }
}

}  // namespace

void MarketService::answer_leased(const std::shared_ptr<Slot>& s, Order order, BuyDone done,
                                  store::GroupWriter::Write with_order) {
  auto claim = std::make_shared<Claim>();
  writer_.submit(
      [this, s, order, claim, with_order = std::move(with_order)](soci::session& session) {
        *claim = claim_order(session, order, s->drop.per_buyer_limit,
                             options_.units_per_address_max, options_.leases.node);
        if (claim->outcome == Claim::Outcome::taken && with_order) with_order(session);
      },
      [s, order, claim, done = std::move(done)](Status status) {
        {
          std::lock_guard lock(s->mu);
          s->unconfirmed.erase(order.id);
          ++s->claims_done;
          settle(s->admission, status, *claim, order);
        }
        done(claimed(status, *claim, order));
      });
}

// Fair start (docs/decisions.md "Fair start"; market/entries.h).

namespace {

// An entry's outcome as the draw stores it, and back (decide()'s verdicts only).
constexpr std::pair<Verdict, const char*> kOutcomes[] = {
    {Verdict::admitted, "admitted"},
    {Verdict::sold_out, "sold_out"},
    {Verdict::not_enough, "not_enough"},
    {Verdict::not_open, "not_open"},
    {Verdict::closed, "closed"},
    {Verdict::per_buyer_limit, "per_buyer_limit"},
    {Verdict::per_address_limit, "per_address_limit"},
};

std::string outcome_name(Verdict v) {
  for (const auto& [verdict, name] : kOutcomes)
    if (verdict == v) return name;
  assert(false && "not a verdict of the draw");
  return "sold_out";
}

Verdict outcome_verdict(const std::string& text) {
  for (const auto& [verdict, name] : kOutcomes)
    if (text == name) return verdict;
  return Verdict::sold_out;
}

Status drawn_without_it() {
  return {Code::unavailable, "drop-busy",
          "The fair-start draw ran without this request; ask again (first come, first served)"};
}

}  // namespace

struct MarketService::DrawResult {
  bool learned = false;  // another node published the draw
  // Drawn here: every entry's decision in drawn order, the claims of its admitted orders
  // (leases; else `taken`), the lease units taken for the draw.
  std::vector<DrawnEntry> drawn;
  std::vector<Claim> claims;
  std::int64_t leased = 0;
  // Learned: the published entries with their outcomes, and the orders the draw made.
  std::vector<DrawEntry> entries;
  std::vector<Order> orders;
};

void MarketService::write_entry(const std::shared_ptr<Slot>& s, const BuyRequest& r,
                                UnixMicros now_us) {
  const DrawEntry entry{.drop_id = s->drop.id,
                        .id = r.hold_id,
                        .buyer_id = r.buyer_id,
                        .idem_key = r.idem_key,
                        .units = r.units,
                        .address = r.address,
                        .node = options_.leases.node,
                        .arrived_at_us = now_us};
  auto written = std::make_shared<EntryWrite>();
  writer_.submit(
      [entry, written](soci::session& session) { *written = record_entry(session, entry); },
      [s, entry, written](Status status) {
        std::optional<Status> answer;
        if (!status.ok())
          answer = not_recorded();
        else if (written->outcome == EntryWritten::drawn)
          answer = drawn_without_it();
        else if (written->outcome == EntryWritten::exists && written->units != entry.units)
          answer = refusal(Decision{Verdict::key_reused, std::nullopt, 0});
        if (!answer) return;  // it waits for the draw
        std::vector<BuyDone> waiters;
        {
          std::lock_guard lock(s->mu);
          s->admission.withdraw(entry.buyer_id, entry.idem_key);
          auto node = s->waiting.extract({entry.buyer_id, entry.idem_key});
          if (!node.empty()) waiters = std::move(node.mapped());
        }
        for (auto& w : waiters) w(*answer);
      });
}

void MarketService::flush_writes() {
  // The writer commits in order: once this empty write is done, the earlier ones are too.
  std::promise<void> flushed;
  writer_.submit([](soci::session&) {}, [&flushed](Status) { flushed.set_value(); });
  flushed.get_future().wait();
}

void MarketService::run_draw(const std::shared_ptr<Slot>& s, UnixMicros now_us) {
  {
    std::lock_guard lock(s->mu);
    if (!s->admission.draw_due(now_us) || s->drawing) return;
    const UnixMicros window_end_us = s->drop.opens_at_us + s->admission.terms().fair_start_us;
    if (leasing() && now_us < window_end_us + options_.draw_grace_us) return;
    s->drawing = true;
  }
  flush_writes();  // this node's entries are in the database before the draw reads them
  DrawResult result;
  try {
    std::unique_lock<std::mutex> taking;  // no lease top-up or give-back meanwhile
    if (leasing()) taking = std::unique_lock(s->lease_mu);
    db_.write([&](soci::session& session) { draw_in(session, s, now_us, result); });
  } catch (const std::exception&) {
    // Nothing was published: undo what the engine decided; the next tick draws again and the
    // waiting requests keep waiting.
    std::lock_guard lock(s->mu);
    for (const DrawnEntry& e : result.drawn) s->unconfirmed.erase(e.request.hold_id);
    if (!result.learned && s->admission.drawn()) s->admission.undo_draw(result.drawn);
    if (result.leased > 0) {
      [[maybe_unused]] const bool set =
          s->admission.set_stock(s->admission.counts().stock - result.leased);
      assert(set);
    }
    s->drawing = false;
    return;
  }
  answer_draw(s, result);
}

// Inside the draw's transaction, under the drop's draw lock.
void MarketService::draw_in(soci::session& session, const std::shared_ptr<Slot>& s,
                            UnixMicros now_us, DrawResult& r) {
  const Id drop_id = s->drop.id;
  lock_draw(session, drop_id, true);
  if (market::find_draw(session, drop_id)) {  // another node drew: answer from its draw
    r.learned = true;
    r.entries = draw_entries(session, drop_id, options_.draw_entries_max);
    std::unordered_set<Id> won;
    for (const DrawEntry& e : r.entries)
      if (e.outcome == "admitted") won.insert(e.id);
    for (Order& o : orders_of_drop(session, drop_id, options_.orders_per_drop_max))
      if (won.contains(o.id)) r.orders.push_back(std::move(o));
    return;
  }
  std::vector<BuyRequest> requests;
  std::int64_t units = 0;
  for (const DrawEntry& e : draw_entries(session, drop_id, options_.draw_entries_max)) {
    requests.push_back({e.buyer_id, e.idem_key, e.units, e.id, e.address});
    units += e.units;
  }
  if (leasing() && units > 0)
    r.leased = take_lease(session, drop_id, options_.leases.node, units, now_us);
  {
    std::lock_guard lock(s->mu);
    if (r.leased > 0) {
      [[maybe_unused]] const bool set =
          s->admission.set_stock(s->admission.counts().stock + r.leased);
      assert(set);
    }
    r.drawn = s->admission.draw(std::move(requests), now_us);
    for (const DrawnEntry& e : r.drawn)
      if (e.decision.verdict == Verdict::admitted) s->unconfirmed.insert(e.request.hold_id);
  }
  r.claims.assign(r.drawn.size(), Claim{});
  for (std::size_t i = 0; i < r.drawn.size(); ++i) {
    const DrawnEntry& e = r.drawn[i];
    Verdict verdict = e.decision.verdict;
    if (verdict == Verdict::admitted) {
      const Order order = order_of(s->drop, *e.decision.hold);
      if (leasing())  // inserts the order when it takes the units
        r.claims[i] = claim_order(session, order, s->drop.per_buyer_limit,
                                  options_.units_per_address_max, options_.leases.node);
      else
        insert_order(session, order);
      if (r.claims[i].outcome == Claim::Outcome::over_address_limit)
        verdict = Verdict::per_address_limit;  // the database knew more (never before a draw)
      else if (r.claims[i].outcome != Claim::Outcome::taken)
        verdict = Verdict::per_buyer_limit;
    }
    set_entry_outcome(session, drop_id, e.request.hold_id, outcome_name(verdict),
                      e.decision.remaining);
  }
  insert_draw(session, {drop_id, now_us, draw_json(r.drawn)});
}

void MarketService::answer_draw(const std::shared_ptr<Slot>& s, const DrawResult& r) {
  std::vector<std::pair<std::vector<BuyDone>, Result<Order>>> answers;
  std::vector<std::optional<Flag>> flags;
  std::vector<Slot::Late> late;
  {
    std::lock_guard lock(s->mu);
    auto take_waiters = [&](Id buyer_id, const std::string& key) {
      auto node = s->waiting.extract({buyer_id, key});
      return node.empty() ? std::vector<BuyDone>{} : std::move(node.mapped());
    };
    if (r.learned) {
      std::vector<Hold> holds;
      std::unordered_map<Id, const Order*> by_id;
      for (const Order& o : r.orders) {
        holds.push_back({o.id, o.buyer_id, o.units, o.created_at_us, o.pay_by_us, o.idem_key,
                         hold_status(o.status), o.client_address});
        by_id.emplace(o.id, &o);
      }
      s->admission.learn_draw(holds, leasing());
      for (const DrawEntry& e : r.entries) {
        auto waiters = take_waiters(e.buyer_id, e.idem_key);
        if (waiters.empty()) continue;
        if (!e.outcome) {
          answers.emplace_back(std::move(waiters), drawn_without_it());
        } else if (*e.outcome == "admitted") {
          auto it = by_id.find(e.id);
          answers.emplace_back(std::move(waiters), it == by_id.end() ? Result<Order>(not_recorded())
                                                                     : Result<Order>(*it->second));
        } else {
          const Decision d{outcome_verdict(*e.outcome), std::nullopt, e.remaining};
          answers.emplace_back(std::move(waiters), refusal(d));
        }
      }
    } else {
      if (leasing()) ++s->claims_done;
      for (std::size_t i = 0; i < r.drawn.size(); ++i) {
        const DrawnEntry& e = r.drawn[i];
        auto waiters = take_waiters(e.request.buyer_id, e.request.idem_key);
        if (e.decision.verdict != Verdict::admitted) {
          if (e.decision.verdict == Verdict::per_buyer_limit ||
              e.decision.verdict == Verdict::per_address_limit)
            flags.push_back(s->watch.refused_by_limit(e.request.buyer_id));
          if (!waiters.empty()) answers.emplace_back(std::move(waiters), refusal(e.decision));
          continue;
        }
        const Order order = order_of(s->drop, *e.decision.hold);
        s->unconfirmed.erase(order.id);
        settle(s->admission, Status{}, r.claims[i], order);
        if (r.claims[i].outcome == Claim::Outcome::taken)
          flags.push_back(s->watch.admitted(e.request.buyer_id, e.request.address));
        if (!waiters.empty())
          answers.emplace_back(std::move(waiters), claimed(Status{}, r.claims[i], order));
      }
    }
    for (auto& [key, waiters] : s->waiting)  // entries the draw did not read
      answers.emplace_back(std::move(waiters), drawn_without_it());
    s->waiting.clear();
    s->drawing = false;
    late.swap(s->late);
  }
  for (auto& flag : flags) record_flag(s->drop.id, std::move(flag));
  for (auto& [waiters, answer] : answers)
    for (auto& w : waiters) w(answer);
  // Those who came after the window, in the order they came, first come first served.
  for (auto& l : late)
    buy(s->drop.id, l.buyer_id, l.idem_key, l.units, l.context, std::move(l.done),
        std::move(l.with_order));
}

void MarketService::expire_leased(const std::shared_ptr<Slot>& s, UnixMicros now_us, bool sweep) {
  const int max = options_.expire_per_tick_max;
  // With each heartbeat, holds of other nodes too (also of a node that died): the database
  // knows them all.
  const auto stored = !sweep ? std::vector<Id>() : db_.read([&](soci::session& session) {
    return overdue_held(session, s->drop.id, now_us, max);
  });
  std::vector<Id> due;
  {
    std::lock_guard lock(s->mu);
    std::vector<Id> ids = stored;
    for (const Hold& h : s->admission.overdue(now_us, max)) ids.push_back(h.id);
    for (Id id : ids)
      if (!s->unconfirmed.contains(id) && s->expiring.insert(id).second) due.push_back(id);
  }
  if (due.empty()) return;
  // The database decides: an order paid or cancelled meanwhile (on any node) is not expired.
  auto after = std::make_shared<std::vector<std::optional<OrderStatus>>>(due.size());
  writer_.submit(
      [due, after, now_us](soci::session& session) {
        for (std::size_t i = 0; i < due.size(); ++i) {
          auto order = market::find_order(session, due[i]);
          (*after)[i] = order ? std::optional(order->status) : std::nullopt;
          if (!order || order->status != OrderStatus::held) continue;
          if (!move_order(session, order->id, OrderStatus::held, OrderStatus::expired, now_us))
            continue;
          release_order(session, *order);
          (*after)[i] = OrderStatus::expired;
        }
      },
      [s, due, after](Status status) {
        std::lock_guard lock(s->mu);
        for (std::size_t i = 0; i < due.size(); ++i) {
          s->expiring.erase(due[i]);
          if (!status.ok() || !(*after)[i]) continue;
          // The engine follows what the database holds, whichever node moved the order.
          if (counts_as_sold(*(*after)[i]))
            s->admission.pay(due[i]);
          else if (!counts_as_held(*(*after)[i]))
            release_hold(s->admission, due[i], true);
        }
        s->pool_empty = false;
      });
}

bool MarketService::top_up(const std::shared_ptr<Slot>& s, std::int64_t units) {
  std::lock_guard taking(s->lease_mu);
  {
    std::lock_guard lock(s->mu);
    if (s->admission.counts().remaining >= units) return true;  // taken meanwhile
    if (s->pool_empty) return false;
  }
  const std::int64_t wanted = std::max(units, options_.leases.chunk_units);
  const std::int64_t taken = db_.write([&](soci::session& session) {
    return take_lease(session, s->drop.id, options_.leases.node, wanted, options_.clock());
  });
  std::lock_guard lock(s->mu);
  if (taken == 0) {
    s->pool_empty = true;  // until the next heartbeat or expiry
    return false;
  }
  [[maybe_unused]] const bool set = s->admission.set_stock(s->admission.counts().stock + taken);
  assert(set);
  return true;
}

void MarketService::give_back_lease(const std::shared_ptr<Slot>& s) {
  std::lock_guard taking(s->lease_mu);
  std::int64_t unsold = 0;
  {
    std::lock_guard lock(s->mu);
    const Counts c = s->admission.counts();
    unsold = c.remaining;
    if (unsold == 0) return;
    [[maybe_unused]] const bool set = s->admission.set_stock(c.stock - unsold);
    assert(set);
  }
  // False when the lease was reclaimed meanwhile: then there is nothing left to give.
  db_.write([&](soci::session& session) {
    return return_lease(session, s->drop.id, options_.leases.node, unsold);
  });
}

// The engine's stock again from the lease in the database, when no write of this node is in
// flight (a reclaimed lease, a give-back that failed, a claim refused for want of lease).
void MarketService::resync_lease(const std::shared_ptr<Slot>& s) {
  std::lock_guard taking(s->lease_mu);  // no take or give-back meanwhile
  std::uint64_t claims = 0;
  {
    std::lock_guard lock(s->mu);
    if (!s->unconfirmed.empty()) return;  // the next heartbeat
    claims = s->claims_done;
  }
  const std::int64_t leased = db_.read([&](soci::session& session) {
    return leased_units(session, s->drop.id, options_.leases.node);
  });
  std::lock_guard lock(s->mu);
  if (!s->unconfirmed.empty() || s->claims_done != claims) return;  // a claim came between
  const Counts c = s->admission.counts();
  [[maybe_unused]] const bool set = s->admission.set_stock(c.sold + c.held + leased);
  assert(set);
}

bool MarketService::tend_leases(UnixMicros now_us, bool renew_now) {
  if (!leasing()) return false;
  const LeaseOptions& o = options_.leases;
  std::vector<std::shared_ptr<Slot>> all;
  {
    std::lock_guard lock(slots_mu_);
    for (const auto& [id, s] : slots_) all.push_back(s);
  }
  const bool renew = renew_now || now_us - renewed_us_.load() >= o.timeout_us / 4;
  if (renew) {
    renewed_us_ = now_us;
    db_.write([&](soci::session& session) { renew_leases(session, o.node, now_us); });
    for (const auto& s : all) {
      {
        std::lock_guard lock(s->mu);
        const DropState state = s->admission.state(now_us);
        if (state == DropState::scheduled || state == DropState::closed) continue;
      }
      db_.write([&](soci::session& session) {
        return reclaim_stale(session, s->drop.id, o.node, now_us - o.timeout_us);
      });
      flag_shared_addresses(s->drop.id);
      {
        std::lock_guard lock(s->mu);
        s->pool_empty = false;  // units may have come back: look again
      }
      resync_lease(s);
    }
  }
  for (const auto& s : all) {
    DropState state = DropState::scheduled;
    std::int64_t remaining = 0;
    bool awaiting_draw = false;  // a fair start's draw takes the units it needs itself
    {
      std::lock_guard lock(s->mu);
      state = s->admission.state(now_us);
      remaining = s->admission.counts().remaining;
      awaiting_draw = s->admission.terms().fair_start_us > 0 && !s->admission.drawn();
    }
    if (state == DropState::closed && remaining > 0) {
      give_back_lease(s);  // a closed drop sells nothing more here
    } else if (state != DropState::closed && !awaiting_draw &&
               remaining < std::max<std::int64_t>(1, o.chunk_units / 2) &&
               now_us >= s->drop.opens_at_us - o.timeout_us) {
      top_up(s, o.chunk_units);  // before the buyers find the lease empty (also at 10:00)
    }
  }
  return renew;
}

void MarketService::tally(Slot& s, DropView& v) {
  if (!leasing()) return;
  const auto now = std::chrono::steady_clock::now();
  std::optional<StockTally> cached;
  Counts engine;  // before the read: a change after it makes the next call read again
  std::uint64_t claims = 0;
  {
    std::lock_guard lock(s.mu);
    engine = s.admission.counts();
    claims = s.claims_done;
    if (s.tallied && s.tallied->engine == engine && s.tallied->claims == claims &&
        now - s.tallied->at < options_.tick)
      cached = s.tallied->stock;
  }
  const StockTally t =
      cached ? *cached
             : db_.read([&](soci::session& session) { return stock_tally(session, v.drop.id); });
  if (!cached) {
    std::lock_guard lock(s.mu);
    s.tallied = Slot::Tallied{now, engine, claims, t};
  }
  v.counts.stock = v.drop.quantity;
  v.counts.held = t.held;
  v.counts.sold = v.drop.quantity - t.free - t.held;
  v.counts.remaining = t.free;
  if (v.state == DropState::open || v.state == DropState::sold_out)
    v.state = t.free == 0 ? DropState::sold_out : DropState::open;
}

// After payment (fulfilment_service.cpp) reaches the engine and the accounts through these.
Result<std::pair<Drop, PaymentAccounts>> MarketService::drop_books(Id drop_id) {
  auto s = slot(drop_id);
  if (!s) return Status::not_found("No drop with this id");
  auto accounts = payment_accounts(*s);
  if (!accounts.ok()) return accounts.status();
  return std::pair{s->drop, accounts.value()};
}

void MarketService::return_units(Id drop_id, Id order_id) {
  if (auto s = slot(drop_id)) {
    std::lock_guard lock(s->mu);
    const auto hold = s->admission.refund(order_id);
    // With leases the units went back to the drop's pool in the refund's commit, not to this
    // node's lease: the engine does not sell them again.
    if (hold && leasing()) {
      [[maybe_unused]] const bool set =
          s->admission.set_stock(s->admission.counts().stock - hold->units);
      assert(set);
    }
  }
}

}  // namespace sangsaeng::market
