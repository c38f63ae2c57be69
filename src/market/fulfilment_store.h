// The SQL of what follows a payment (migration 0210): shipments and refunds, and the merchant's
// order lists. Named statements run inside the caller's transaction, SQLite and PostgreSQL alike;
// infrastructure failures throw (soci::soci_error).
#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "core/cursor.h"
#include "market/fulfilment.h"

namespace sangsaeng::market {

void insert_shipment(soci::session& s, const Shipment& shipment);
std::optional<Shipment> find_shipment(soci::session& s, Id order_id);
// Records the merchant's step on the shipment (its time; the courier when shipped).
void record_step(soci::session& s, Id order_id, OrderStatus to, const std::string& carrier,
                 const std::string& tracking_no, UnixMicros now_us);

void insert_refund(soci::session& s, const Refund& refund);
std::optional<Refund> find_refund(soci::session& s, Id order_id);
// False when it was marked before (another node, a retry).
bool mark_refund_posted(soci::session& s, Id order_id);
// The provider gave the charge back (its refund id).
void set_refund_ref(soci::session& s, Id order_id, const std::string& provider_ref);
// Refunds the provider has not confirmed yet (provider_ref ""), oldest first, at most `limit`.
std::vector<Refund> unconfirmed_refunds(soci::session& s, int limit);
// Refunds whose reversals are not in the books yet while their payment's transfers are, oldest
// first, at most `limit`.
std::vector<Refund> unposted_refunds(soci::session& s, int limit);

// The organisation whose product an order's drop sells (0 when the order does not exist).
Id merchant_of_order(soci::session& s, Id order_id);

struct MerchantFilter {
  Id merchant_org_id = 0;  // 0: every merchant's (a manager's view)
  std::optional<Id> drop_id = {};
  std::optional<OrderStatus> status = {};
};
// A merchant's paid-and-later orders (never held, cancelled or expired ones: they do not ship),
// newest first, with their shipment and refund. REQUIRES: limit 1..kPageLimitMax.
Page<OrderView> page_merchant_orders(soci::session& s, const MerchantFilter& filter,
                                     std::optional<Id> before, int limit);
// The buyer's orders with their shipment and refund, newest first.
Page<OrderView> page_buyer_views(soci::session& s, Id buyer_id, std::optional<Id> before,
                                 int limit);
std::optional<OrderView> find_view(soci::session& s, Id order_id);

// A drop's fulfilment figures for the manager: gifts to hand out (one per paid order that is
// not refunded), refunds and the amount refunded.
struct DropFulfilment {
  std::int64_t gifts = 0;
  std::int64_t refunds = 0;
  std::int64_t refunded_won = 0;
  std::int64_t shipped = 0;  // orders shipped or delivered
};
DropFulfilment drop_fulfilment(soci::session& s, Id drop_id);

}  // namespace sangsaeng::market
