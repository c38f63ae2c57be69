// The market's SQL (migration 0200): named statements run inside the caller's transaction
// (store::Db::write or read, or a GroupWriter's). SQLite and PostgreSQL alike. Infrastructure
// failures throw (soci::soci_error); a second order with the same (drop, buyer, key) violates
// the unique key and throws too.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "core/cursor.h"
#include "market/flags.h"
#include "market/types.h"

namespace sangsaeng::market {

void insert_product(soci::session& s, const Product& product);
std::optional<Product> find_product(soci::session& s, Id id);

// Products, newest first; only `merchant_org_id`'s when given. REQUIRES: limit 1..200.
Page<Product> list_products(soci::session& s, std::optional<Id> merchant_org_id,
                            std::optional<Id> before, int limit);

void insert_drop(soci::session& s, const Drop& drop);
std::optional<Drop> find_drop(soci::session& s, Id id);
// A manager closed the drop early or extended it.
void move_closes_at(soci::session& s, Id drop_id, UnixMicros closes_at_us);
// Newest first; `before` is the last id of the previous page. REQUIRES: limit 1..200.
Page<Drop> list_drops(soci::session& s, std::optional<Id> before, int limit);

void insert_order(soci::session& s, const Order& order);
std::optional<Order> find_order(soci::session& s, Id id);
// Moves an order from one status to another; false (nothing changed) when it is not in `from`.
bool move_order(soci::session& s, Id id, OrderStatus from, OrderStatus to, UnixMicros now_us);
// Every order of a drop, oldest first, for the rebuild at start. At most `rows_max` (asserted
// by the caller: a drop has no more orders than requests it admitted).
std::vector<Order> orders_of_drop(soci::session& s, Id drop_id, int rows_max);
// Pages, newest first. REQUIRES: limit 1..200.
Page<Order> page_drop_orders(soci::session& s, Id drop_id, std::optional<Id> before, int limit);
Page<Order> page_buyer_orders(soci::session& s, Id buyer_id, std::optional<Id> before, int limit);

// The published fair-start draw: entries as JSON text (see migration 0200).
struct DrawRecord {
  Id drop_id = 0;
  UnixMicros drawn_at_us = 0;
  std::string entries_json;
};
void insert_draw(soci::session& s, const DrawRecord& draw);
std::optional<DrawRecord> find_draw(soci::session& s, Id drop_id);

// A paid order's payment (migration 0200).
struct Payment {
  Id order_id = 0;
  std::string provider, provider_ref;
  std::int64_t amount_won = 0;
  Id sale_transfer_id = 0, donation_transfer_id = 0;
  bool posted = false;
  UnixMicros paid_at_us = 0;
  // What the company donated for it, decided when it was paid (the drop's share, or its
  // campaign's match capped at the budget left), and the credit purchase it earned
  // (giving/market_credit.h), if any.
  std::int64_t donation_won = 0;
  std::optional<Id> credit_purchase_id = {};
};
void insert_payment(soci::session& s, const Payment& payment);
void mark_posted(soci::session& s, Id order_id);
std::optional<Payment> find_payment(soci::session& s, Id order_id);
// A suspicious pattern seen in a drop (market/flags.h, migration 0230).
struct FlagRecord {
  Id id = 0;
  Id drop_id = 0;
  Flag flag;
  UnixMicros created_at_us = 0;
};
// Records it once: a second flag of the same (drop, kind, subject) changes nothing.
void insert_flag(soci::session& s, const FlagRecord& record);
// Newest first. REQUIRES: limit 1..200.
Page<FlagRecord> page_drop_flags(soci::session& s, Id drop_id, std::optional<Id> before, int limit);

// Payments whose transfers are not in the books yet, paid before `before_us`, oldest first.
std::vector<Payment> unposted_payments(soci::session& s, UnixMicros before_us, int limit);

// The kind of an organisation ("merchant", "charity", ...), nullopt if there is none. Read from
// the accounts module's table: a drop names its charity and a product its merchant.
std::optional<std::string> org_kind(soci::session& s, Id org_id);

// A merchant's verification flags (migration 0410), read by the giving rules.
struct MerchantFlags {
  Id id = 0;              // the organisation's
  std::string name = {};  // the organisation's
  bool social_enterprise = false, small_merchant = false;
  bool earns_credit() const { return social_enterprise || small_merchant; }
};
// All false for a merchant never flagged.
MerchantFlags merchant_flags(soci::session& s, Id org_id);
void set_merchant_flags(soci::session& s, const MerchantFlags& flags, Id actor_id,
                        UnixMicros now_us);
// The organisations of kind "merchant" with their flags, newest first. REQUIRES: limit 1..200.
Page<MerchantFlags> list_merchants(soci::session& s, std::optional<Id> before, int limit);

// An organisation as a manager picks it from a list (e.g. a drop's charity).
struct OrgRef {
  Id id = 0;
  std::string name;
};
// The organisations of kind "charity", newest first. REQUIRES: limit 1..200.
Page<OrgRef> list_charities(soci::session& s, std::optional<Id> before, int limit);

}  // namespace sangsaeng::market
