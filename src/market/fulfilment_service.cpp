// MarketService after payment: the merchant's steps, the merchant's lists and refunds
// (market/service.h, market/fulfilment.h). The order row decides every step: a step or a
// refund moves it only from the status it was read in, so two hands never both win.
#include <cassert>

#include "giving/campaigns.h"
#include "ledger/engine.h"
#include "market/service.h"

namespace sangsaeng::market {

namespace {

constexpr int kRefundsPerTickMax = 64;  // provider retries and reversal posts per tick, each

Status no_order() {
  return Status::not_found("No order with this id");
}

Status illegal(OrderStatus from, std::string_view what) {
  return Status(
      Code::failed_precondition, "illegal-transition",
      "An order that is " + std::string(to_string(from)) + " cannot be " + std::string(what));
}

}  // namespace

bool MarketService::may_fulfil(const Actor& actor, Id order_id) {
  if (actor.manages_market) return true;
  if (!actor.org_id) return false;
  return db_.read([&](soci::session& s) { return merchant_of_order(s, order_id); }) ==
         *actor.org_id;
}

Result<OrderView> MarketService::advance(Id order_id, const Actor& actor, OrderStatus to,
                                         const std::string& carrier,
                                         const std::string& tracking_no) {
  auto view = find_order_view(order_id);
  if (!view || !may_fulfil(actor, order_id)) return no_order();
  const OrderStatus from = view->order.status;
  if (Status step = check_step(from, to, carrier, tracking_no); !step.ok()) return step;
  const UnixMicros now = options_.clock();
  const bool moved = db_.write([&](soci::session& s) {
    if (!move_order(s, order_id, from, to, now)) return false;
    record_step(s, order_id, to, carrier, tracking_no, now);
    return true;
  });
  if (!moved) return illegal(from, "moved now: another step or a refund came first");
  auto after = find_order_view(order_id);
  assert(after && after->order.status == to);
  return *after;
}

Page<OrderView> MarketService::merchant_orders(const Actor& actor, MerchantFilter filter,
                                               std::optional<Id> before, int limit) {
  if (!actor.manages_market) {
    assert(actor.org_id);  // the route lets merchants and managers in only
    filter.merchant_org_id = actor.org_id.value_or(-1);
  }
  return db_.read([&](soci::session& s) { return page_merchant_orders(s, filter, before, limit); });
}

Result<OrderView> MarketService::refund(Id order_id, const Actor& actor,
                                        const std::string& reason) {
  if (ledger_ == nullptr || payments_ == nullptr)
    return Status(Code::unavailable, "payments-off", "Payments are not set up on this node");
  auto view = find_order_view(order_id);
  if (!view) return no_order();
  if (view->order.buyer_id != actor.user_id && !may_fulfil(actor, order_id)) return no_order();
  const OrderStatus from = view->order.status;
  if (from == OrderStatus::refunded) return *view;  // asked again: the same answer
  if (!refundable(from)) return illegal(from, "refunded: it has left for delivery");
  const UnixMicros now = options_.clock();
  const Refund refund{.order_id = order_id,
                      .provider_ref = "",  // set once the provider has given the charge back
                      .amount_won = view->order.amount_won,
                      .reason = reason,
                      .refunded_by = actor.user_id,
                      .sale_reversal_id = ids().next(),
                      .donation_reversal_id = ids().next(),
                      .posted = false,
                      .refunded_at_us = now};
  // The order is refunded first, so the merchant cannot ship what is being refunded; the money
  // follows (the ticker asks the provider again until it answers).
  // Packed meanwhile is still refundable: either status moves.
  const bool moved = db_.write([&](soci::session& s) {
    if (!move_order(s, order_id, OrderStatus::paid, OrderStatus::refunded, now) &&
        !move_order(s, order_id, OrderStatus::packed, OrderStatus::refunded, now))
      return false;
    insert_refund(s, refund);
    if (leasing()) release_order(s, view->order);  // its units back to the drop's pool
    return true;
  });
  if (!moved) {
    auto again = find_order_view(order_id);
    if (again && again->order.status == OrderStatus::refunded) return *again;
    return illegal(again ? again->order.status : from, "refunded now");
  }
  return_units(view->order.drop_id, order_id);
  settle_refund(view->order, refund);
  auto after = find_order_view(order_id);
  assert(after && after->refund);
  return *after;
}

// The provider's part, then the books' (once the payment's own transfers are in), each at most
// once: a retry finds provider_ref set or the refund posted.
void MarketService::settle_refund(const Order& order, const Refund& refund) {
  if (refund.provider_ref.empty()) {
    const auto payment = find_payment(order.id);
    assert(payment);
    if (!payment) return;
    const ChargeResult back =
        payments_->refund({order.id, payment->provider_ref, refund.amount_won});
    if (back.outcome == ChargeOutcome::approved)
      db_.write([&](soci::session& s) { set_refund_ref(s, order.id, back.provider_ref); });
  }
  post_refund(order, refund);
}

void MarketService::post_refund(const Order& order, const Refund& refund) {
  if (refund.posted) return;
  const auto payment = find_payment(order.id);
  if (!payment || !payment->posted) return;  // reversed once the original is in the books
  auto books = drop_books(order.drop_id);
  if (!books.ok()) return;  // the ticker tries again
  const auto& [drop, accounts] = books.value();
  auto result =
      ledger_
          ->create_transfers(refund_transfers(order, drop, accounts, payment->sale_transfer_id,
                                              payment->donation_transfer_id, payment->donation_won,
                                              refund.sale_reversal_id, refund.donation_reversal_id))
          .get();
  bool posted = result.ok();
  if (posted)
    for (const auto& r : result.value()) posted = posted && ledger::succeeded(r.code);
  if (!posted) return;
  // The credit it earned goes back too, never below what the buyer still holds (the giving
  // program's rule); until that is done the refund stays unposted and the ticker asks again.
  if (payment->credit_purchase_id && !reverse_credit(*payment->credit_purchase_id)) return;
  db_.write([&](soci::session& s) {
    // The withdrawn match goes back to the campaign's budget once, now that the books hold it.
    if (mark_refund_posted(s, order.id) && drop.campaign_id)
      giving::release_match(s, *drop.campaign_id, payment->donation_won);
  });
}

void MarketService::settle_refunds() {
  if (ledger_ == nullptr || payments_ == nullptr) return;
  const auto [unconfirmed, unposted] = db_.read([&](soci::session& s) {
    return std::pair{unconfirmed_refunds(s, kRefundsPerTickMax),
                     unposted_refunds(s, kRefundsPerTickMax)};
  });
  for (const Refund& r : unconfirmed)
    if (auto order = find_order(r.order_id)) settle_refund(*order, r);
  for (const Refund& r : unposted)
    if (auto order = find_order(r.order_id)) post_refund(*order, r);
}

Page<OrderView> MarketService::buyer_order_views(Id buyer_id, std::optional<Id> before, int limit) {
  return db_.read([&](soci::session& s) { return page_buyer_views(s, buyer_id, before, limit); });
}

std::optional<OrderView> MarketService::find_order_view(Id order_id) {
  return db_.read([&](soci::session& s) { return find_view(s, order_id); });
}

DropFulfilment MarketService::fulfilment_of(Id drop_id) {
  return db_.read([&](soci::session& s) { return drop_fulfilment(s, drop_id); });
}

}  // namespace sangsaeng::market
