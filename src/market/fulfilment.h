// What happens to a market order after it is paid (issue 15): the address it goes to, the
// merchant's steps (paid -> packed -> shipped -> delivered), the courier's label file, and the
// refund of an order that has not left yet. Pure rules here; the SQL in fulfilment_store.h, the
// use cases on MarketService (market/service.h, implemented in fulfilment_service.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "market/types.h"

namespace sangsaeng::market {

// Where a paid order goes, given by the buyer when paying.
struct ShipTo {
  std::string recipient = {}, phone = {},
              postal_code = {};  // postal_code: 5 digits (Korean 국가기초구역번호)
  std::string address1 = {}, address2 = {};  // road address; detail (unit, floor), may be ""
  std::string memo = {};                     // for the courier, may be ""
};

// A paid order's shipping record: the address and the merchant's steps (0 = not yet).
struct Shipment {
  Id order_id = 0;
  ShipTo to;
  std::string carrier = {}, tracking_no = {};  // set when shipped
  UnixMicros packed_at_us = 0, shipped_at_us = 0, delivered_at_us = 0;
};

// A refunded order: the provider's answer and the reversing transfers (ids chosen once).
struct Refund {
  Id order_id = 0;
  std::string provider_ref = {};
  std::int64_t amount_won = 0;
  std::string reason = {};
  Id refunded_by = 0;
  Id sale_reversal_id = 0, donation_reversal_id = 0;
  bool posted = false;
  UnixMicros refunded_at_us = 0;
};

// What a paid order gave: the company's donation (decided at payment) next to the drop's share it
// stands for (less when the drop's matching campaign ran out of budget), and the buyer's
// happiness credit earned and taken back by a refund.
struct OrderGiving {
  std::int64_t donation_won = 0, share_won = 0;
  std::int64_t credit_points = 0, credit_reversed_points = 0;
};

// An order with what happened to it after payment (for the buyer's and the merchant's lists).
struct OrderView {
  Order order;
  std::string drop_title = {}, unit_label = {};  // what was bought
  std::optional<Shipment> shipment;              // paid orders only
  std::optional<Refund> refund;                  // refunded orders only
  std::optional<OrderGiving> giving;             // paid orders only
};

// ok, or invalid_argument with field errors named "ship_to.<field>": recipient 1..50 chars,
// phone 9..13 digits (dashes allowed), postal_code exactly 5 digits, address1 1..200 chars,
// address2 and memo at most 200 and 100 chars.
Status validate_ship_to(const ShipTo& to);

// validate_ship_to(), then the drop's zones: invalid_argument "outside-delivery-zones".
Status check_destination(const ShipTo& to, std::string_view zones);

// True when `postal_code` starts with one of `zones` (comma-separated prefixes; "" = nationwide).
bool in_delivery_zones(std::string_view postal_code, std::string_view zones);

// The merchant's next step: paid -> packed -> shipped -> delivered (paid -> shipped too, for a
// merchant who packs and hands over at once). failed_precondition "illegal-transition" for any
// other step, "carrier-required" (invalid_argument, field errors) when shipping without a
// carrier and a tracking number.
Status check_step(OrderStatus from, OrderStatus to, std::string_view carrier,
                  std::string_view tracking_no);

// True while an order may still be refunded: paid or packed (not yet handed to the courier).
bool refundable(OrderStatus status);

// The shipping-label file a Korean courier's bulk upload reads (CJ대한통운, 한진, 롯데 accept
// these columns): a header row, then one row per order.
// Whether an order goes in the label file: never a refunded one; without a status asked for,
// only those still to hand over (paid, packed).
bool label_wanted(OrderStatus status, std::optional<OrderStatus> asked);
std::vector<std::string> label_header();
std::vector<std::string> label_row(const OrderView& view);

}  // namespace sangsaeng::market
