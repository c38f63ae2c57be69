#include "market/fulfilment_store.h"

#include <cassert>
#include <limits>

#include "ledger/rows.h"  // row_i64

namespace sangsaeng::market {

namespace {

using ledger::row_i64;

// An order with its drop's title, product's unit, shipment (columns 12..22, null when none) and
// refund (23..30, null when none), then what its payment gave (31..35, null before payment).
constexpr const char* kViewColumns =
    "SELECT o.id, o.drop_id, o.buyer_id, o.units, o.amount_won, o.status, o.idem_key, o.pay_by, "
    "o.created_at, o.updated_at, d.title, p.unit_label, "
    "sh.recipient, sh.phone, sh.postal_code, sh.address1, sh.address2, sh.memo, sh.carrier, "
    "sh.tracking_no, sh.packed_at, sh.shipped_at, sh.delivered_at, "
    "r.provider_ref, r.amount_won, r.reason, r.refunded_by, r.sale_reversal_id, "
    "r.donation_reversal_id, r.posted, r.refunded_at, "
    "pay.donation_won, d.donation_percent, d.charity_org_id, gp.credit_points, "
    "gp.reversed_points "
    "FROM market_orders o JOIN market_drops d ON d.id = o.drop_id "
    "JOIN market_products p ON p.id = d.product_id "
    "LEFT JOIN market_shipments sh ON sh.order_id = o.id "
    "LEFT JOIN market_refunds r ON r.order_id = o.id "
    "LEFT JOIN market_payments pay ON pay.order_id = o.id "
    "LEFT JOIN giving_purchases gp ON gp.id = pay.credit_purchase_id ";

constexpr const char* kShipmentColumns =
    "SELECT order_id, recipient, phone, postal_code, address1, address2, memo, carrier, "
    "tracking_no, packed_at, shipped_at, delivered_at FROM market_shipments ";
constexpr const char* kRefundColumns =
    "SELECT order_id, provider_ref, amount_won, reason, refunded_by, sale_reversal_id, "
    "donation_reversal_id, posted, refunded_at FROM market_refunds ";

// Orders that reached payment: the ones a merchant ships (or refunded).
constexpr const char* kAfterPayment =
    "o.status IN ('paid', 'packed', 'shipped', 'delivered', 'refunded') ";

Shipment shipment_at(const soci::row& r, Id order_id, std::size_t c) {
  return {.order_id = order_id,
          .to = {.recipient = r.get<std::string>(c),
                 .phone = r.get<std::string>(c + 1),
                 .postal_code = r.get<std::string>(c + 2),
                 .address1 = r.get<std::string>(c + 3),
                 .address2 = r.get<std::string>(c + 4),
                 .memo = r.get<std::string>(c + 5)},
          .carrier = r.get<std::string>(c + 6),
          .tracking_no = r.get<std::string>(c + 7),
          .packed_at_us = row_i64(r, c + 8),
          .shipped_at_us = row_i64(r, c + 9),
          .delivered_at_us = row_i64(r, c + 10)};
}

Refund refund_at(const soci::row& r, Id order_id, std::size_t c) {
  return {.order_id = order_id,
          .provider_ref = r.get<std::string>(c),
          .amount_won = row_i64(r, c + 1),
          .reason = r.get<std::string>(c + 2),
          .refunded_by = row_i64(r, c + 3),
          .sale_reversal_id = row_i64(r, c + 4),
          .donation_reversal_id = row_i64(r, c + 5),
          .posted = row_i64(r, c + 6) != 0,
          .refunded_at_us = row_i64(r, c + 7)};
}

OrderView view_from(const soci::row& r) {
  OrderView v;
  Order& o = v.order;
  o.id = row_i64(r, 0);
  o.drop_id = row_i64(r, 1);
  o.buyer_id = row_i64(r, 2);
  o.units = static_cast<int>(row_i64(r, 3));
  o.amount_won = row_i64(r, 4);
  const auto status = parse_order_status(r.get<std::string>(5));
  assert(status);
  o.status = status.value_or(OrderStatus::held);
  o.idem_key = r.get<std::string>(6);
  o.pay_by_us = row_i64(r, 7);
  o.created_at_us = row_i64(r, 8);
  o.updated_at_us = row_i64(r, 9);
  v.drop_title = r.get<std::string>(10);
  v.unit_label = r.get<std::string>(11);
  if (r.get_indicator(12) == soci::i_ok) v.shipment = shipment_at(r, o.id, 12);
  if (r.get_indicator(23) == soci::i_ok) v.refund = refund_at(r, o.id, 23);
  if (r.get_indicator(31) == soci::i_ok) {
    const bool donates = r.get_indicator(33) == soci::i_ok;
    v.giving = OrderGiving{
        .donation_won = row_i64(r, 31),
        .share_won = donates ? o.amount_won * row_i64(r, 32) / 100 : 0,
        .credit_points = r.get_indicator(34) == soci::i_ok ? row_i64(r, 34) : 0,
        .credit_reversed_points = r.get_indicator(35) == soci::i_ok ? row_i64(r, 35) : 0};
  }
  return v;
}

// One more row than asked says whether there is a next page.
Page<OrderView> page_from(soci::rowset<soci::row>& rows, int limit) {
  Page<OrderView> page;
  for (const auto& r : rows) page.items.push_back(view_from(r));
  if (std::ssize(page.items) > limit) {
    page.items.pop_back();
    page.next = page.items.back().order.id;
  }
  return page;
}

}  // namespace

void insert_shipment(soci::session& s, const Shipment& sh) {
  long long id = sh.order_id, packed = sh.packed_at_us, shipped = sh.shipped_at_us,
            delivered = sh.delivered_at_us;
  s << "INSERT INTO market_shipments (order_id, recipient, phone, postal_code, address1, "
       "address2, memo, carrier, tracking_no, packed_at, shipped_at, delivered_at) "
       "VALUES (:o, :r, :p, :pc, :a1, :a2, :m, :c, :t, :pa, :sa, :da)",
      soci::use(id), soci::use(sh.to.recipient), soci::use(sh.to.phone),
      soci::use(sh.to.postal_code), soci::use(sh.to.address1), soci::use(sh.to.address2),
      soci::use(sh.to.memo), soci::use(sh.carrier), soci::use(sh.tracking_no), soci::use(packed),
      soci::use(shipped), soci::use(delivered);
}

std::optional<Shipment> find_shipment(soci::session& s, Id order_id) {
  long long key = order_id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kShipmentColumns) + "WHERE order_id = :o", soci::use(key));
  for (const auto& r : rows) return shipment_at(r, order_id, 1);
  return std::nullopt;
}

void record_step(soci::session& s, Id order_id, OrderStatus to, const std::string& carrier,
                 const std::string& tracking_no, UnixMicros now_us) {
  long long key = order_id, now = now_us;
  switch (to) {
    case OrderStatus::packed:
      s << "UPDATE market_shipments SET packed_at = :t WHERE order_id = :o", soci::use(now),
          soci::use(key);
      return;
    case OrderStatus::shipped:
      s << "UPDATE market_shipments SET shipped_at = :t, carrier = :c, tracking_no = :n "
           "WHERE order_id = :o",
          soci::use(now), soci::use(carrier), soci::use(tracking_no), soci::use(key);
      return;
    case OrderStatus::delivered:
      s << "UPDATE market_shipments SET delivered_at = :t WHERE order_id = :o", soci::use(now),
          soci::use(key);
      return;
    default:
      assert(false && "not a merchant's step");
  }
}

void insert_refund(soci::session& s, const Refund& r) {
  long long id = r.order_id, amount = r.amount_won, by = r.refunded_by, sale = r.sale_reversal_id,
            donation = r.donation_reversal_id, at = r.refunded_at_us;
  int posted = r.posted ? 1 : 0;
  s << "INSERT INTO market_refunds (order_id, provider_ref, amount_won, reason, refunded_by, "
       "sale_reversal_id, donation_reversal_id, posted, refunded_at) "
       "VALUES (:o, :p, :a, :r, :b, :s, :d, :posted, :at)",
      soci::use(id), soci::use(r.provider_ref), soci::use(amount), soci::use(r.reason),
      soci::use(by), soci::use(sale), soci::use(donation), soci::use(posted), soci::use(at);
}

std::optional<Refund> find_refund(soci::session& s, Id order_id) {
  long long key = order_id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kRefundColumns) + "WHERE order_id = :o", soci::use(key));
  for (const auto& r : rows) return refund_at(r, order_id, 1);
  return std::nullopt;
}

bool mark_refund_posted(soci::session& s, Id order_id) {
  long long key = order_id;
  soci::statement st =
      (s.prepare << "UPDATE market_refunds SET posted = 1 WHERE order_id = :o AND posted = 0",
       soci::use(key));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void set_refund_ref(soci::session& s, Id order_id, const std::string& provider_ref) {
  long long key = order_id;
  s << "UPDATE market_refunds SET provider_ref = :p WHERE order_id = :o", soci::use(provider_ref),
      soci::use(key);
}

std::vector<Refund> unconfirmed_refunds(soci::session& s, int limit) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kRefundColumns) +
                        "WHERE provider_ref = '' ORDER BY refunded_at LIMIT :n",
       soci::use(limit));
  std::vector<Refund> out;
  for (const auto& r : rows) out.push_back(refund_at(r, row_i64(r, 0), 1));
  return out;
}

std::vector<Refund> unposted_refunds(soci::session& s, int limit) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT r.order_id, r.provider_ref, r.amount_won, r.reason, r.refunded_by, "
                    "r.sale_reversal_id, r.donation_reversal_id, r.posted, r.refunded_at "
                    "FROM market_refunds r JOIN market_payments p ON p.order_id = r.order_id "
                    "WHERE r.posted = 0 AND p.posted = 1 ORDER BY r.refunded_at LIMIT :n",
       soci::use(limit));
  std::vector<Refund> out;
  for (const auto& r : rows) out.push_back(refund_at(r, row_i64(r, 0), 1));
  return out;
}

Id merchant_of_order(soci::session& s, Id order_id) {
  long long key = order_id, merchant = 0;
  s << "SELECT p.merchant_org_id FROM market_orders o JOIN market_drops d ON d.id = o.drop_id "
       "JOIN market_products p ON p.id = d.product_id WHERE o.id = :o",
      soci::use(key), soci::into(merchant);
  return s.got_data() ? merchant : 0;
}

Page<OrderView> page_merchant_orders(soci::session& s, const MerchantFilter& f,
                                     std::optional<Id> before, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  long long m0 = f.merchant_org_id, m1 = m0, d0 = f.drop_id.value_or(0), d1 = d0,
            b = before.value_or(std::numeric_limits<Id>::max());
  const std::string s0(f.status ? to_string(*f.status) : ""), s1 = s0;
  int n = limit + 1;
  // 0 and '' stand for "any merchant", "any drop", "any status": one statement for every filter.
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kViewColumns) +
                        "WHERE (CAST(:m0 AS BIGINT) = 0 OR p.merchant_org_id = :m1) AND " +
                        kAfterPayment +
                        "AND (CAST(:d0 AS BIGINT) = 0 OR o.drop_id = :d1) "
                        "AND (CAST(:s0 AS TEXT) = '' OR o.status = :s1) "
                        "AND o.id < :b ORDER BY o.id DESC LIMIT :n",
       soci::use(m0), soci::use(m1), soci::use(d0), soci::use(d1), soci::use(s0), soci::use(s1),
       soci::use(b), soci::use(n));
  return page_from(rows, limit);
}

Page<OrderView> page_buyer_views(soci::session& s, Id buyer_id, std::optional<Id> before,
                                 int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  long long k = buyer_id, b = before.value_or(std::numeric_limits<Id>::max());
  int n = limit + 1;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kViewColumns) +
                        "WHERE o.buyer_id = :k AND o.id < :b ORDER BY o.id DESC LIMIT :n",
       soci::use(k), soci::use(b), soci::use(n));
  return page_from(rows, limit);
}

std::optional<OrderView> find_view(soci::session& s, Id order_id) {
  long long key = order_id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kViewColumns) + "WHERE o.id = :o", soci::use(key));
  for (const auto& r : rows) return view_from(r);
  return std::nullopt;
}

DropFulfilment drop_fulfilment(soci::session& s, Id drop_id) {
  long long key = drop_id, k2 = drop_id;
  DropFulfilment out;
  long long gifts = 0, shipped = 0, refunds = 0, refunded = 0;
  s << "SELECT COALESCE(SUM(CASE WHEN status IN ('paid', 'packed', 'shipped', 'delivered') "
       "THEN 1 ELSE 0 END), 0), "
       "COALESCE(SUM(CASE WHEN status IN ('shipped', 'delivered') THEN 1 ELSE 0 END), 0) "
       "FROM market_orders WHERE drop_id = :d",
      soci::use(key), soci::into(gifts), soci::into(shipped);
  s << "SELECT COUNT(*), COALESCE(SUM(r.amount_won), 0) FROM market_refunds r "
       "JOIN market_orders o ON o.id = r.order_id WHERE o.drop_id = :d",
      soci::use(k2), soci::into(refunds), soci::into(refunded);
  out.gifts = gifts;
  out.shipped = shipped;
  out.refunds = refunds;
  out.refunded_won = refunded;
  return out;
}

}  // namespace sangsaeng::market
