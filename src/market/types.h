// The community market's records: products, drops (a product's weekly limited sale) and orders.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.h"
#include "core/time.h"

namespace sangsaeng::market {

struct Product {
  Id id = 0;
  Id merchant_org_id = 0;
  std::string name = {}, description = {}, origin = {};
  std::string unit_label = {};  // what one unit is, e.g. "사과 5kg 한 상자"
  std::int64_t price_won = 0;
  std::int64_t market_price_won = 0;  // the reference price at a market, for "half price"
  Id created_by = 0;
  UnixMicros created_at_us = 0;
};

struct Drop {
  Id id = 0;
  Id product_id = 0;
  std::string title = {};
  UnixMicros opens_at_us = 0, closes_at_us = 0;
  std::int64_t quantity = 0;
  int per_buyer_limit = 1;
  std::int64_t price_won = 0, market_price_won = 0;
  std::string gift = {};  // the sponsor's gift with every order, "" for none
  bool free_shipping = true;
  std::string zones = {};    // postal-code prefixes, comma-separated; "" = nationwide
  int donation_percent = 0;  // of the amount paid, given by the company to the charity
  std::optional<Id> charity_org_id = {};
  int fair_start_seconds = 0;
  // A matching campaign (giving/campaigns.h): the donation is its match, from its budget, capped
  // at what is left; donation_percent and charity_org_id are then the campaign's.
  std::optional<Id> campaign_id = {};
  // Happiness credit the buyer earns, in basis points of the amount paid, when the product's
  // merchant is flagged social enterprise or small merchant (0: none).
  int credit_rate_bp = 0;
  std::string seed_hex = {};  // the lottery seed: published only after the draw
  std::string seed_commitment = {};
  int hold_seconds = 600;
  Id created_by = 0;
  UnixMicros created_at_us = 0;
};

enum class OrderStatus { held, paid, cancelled, expired, packed, shipped, delivered, refunded };
std::string_view to_string(OrderStatus status);
std::optional<OrderStatus> parse_order_status(std::string_view text);
// Units of a held order are held; of a paid or shipping one, sold; of the rest, given back.
bool counts_as_sold(OrderStatus status);
bool counts_as_held(OrderStatus status);

struct Order {
  Id id = 0;
  Id drop_id = 0;
  Id buyer_id = 0;
  int units = 0;
  std::int64_t amount_won = 0;
  OrderStatus status = OrderStatus::held;
  std::string idem_key = {};
  UnixMicros pay_by_us = 0;
  UnixMicros created_at_us = 0;
  UnixMicros updated_at_us = 0;
  std::string client_address = {};  // where the purchase came from (per-address limit)
};

}  // namespace sangsaeng::market
