#include "market/store.h"

#include <cassert>
#include <limits>

#include "ledger/rows.h"  // row_i64

namespace sangsaeng::market {

namespace {

using ledger::row_i64;

constexpr const char* kInsertProduct =
    "INSERT INTO market_products (id, merchant_org_id, name, description, origin, unit_label, "
    "price_won, market_price_won, created_by, created_at) "
    "VALUES (:id, :m, :n, :d, :o, :u, :p, :mp, :cb, :ca)";
constexpr const char* kProductColumns =
    "SELECT id, merchant_org_id, name, description, origin, unit_label, price_won, "
    "market_price_won, created_by, created_at FROM market_products ";

constexpr const char* kInsertDrop =
    "INSERT INTO market_drops (id, product_id, title, opens_at, closes_at, quantity, "
    "per_buyer_limit, price_won, market_price_won, gift, free_shipping, zones, donation_percent, "
    "charity_org_id, fair_start_seconds, seed_hex, seed_commitment, hold_seconds, created_by, "
    "created_at, campaign_id, credit_rate_bp) VALUES (:id, :p, :t, :o, :c, :q, :l, :pr, :mp, :g, "
    ":fs, :z, :dp, :ch, :fss, :sh, :sc, :hs, :cb, :ca, :cp, :cr)";
constexpr const char* kDropColumns =
    "SELECT id, product_id, title, opens_at, closes_at, quantity, per_buyer_limit, price_won, "
    "market_price_won, gift, free_shipping, zones, donation_percent, charity_org_id, "
    "fair_start_seconds, seed_hex, seed_commitment, hold_seconds, created_by, created_at, "
    "campaign_id, credit_rate_bp FROM market_drops ";

constexpr const char* kInsertOrder =
    "INSERT INTO market_orders (id, drop_id, buyer_id, units, amount_won, status, idem_key, "
    "pay_by, created_at, updated_at, client_address) "
    "VALUES (:id, :d, :b, :u, :a, :s, :k, :pb, :ca, :ua, :ip)";
constexpr const char* kOrderColumns =
    "SELECT id, drop_id, buyer_id, units, amount_won, status, idem_key, pay_by, created_at, "
    "updated_at, client_address FROM market_orders ";
constexpr const char* kInsertFlag =
    "INSERT INTO market_flags (id, drop_id, kind, subject, buyer_id, detail, created_at) "
    "VALUES (:id, :d, :k, :s, :b, :t, :at) ON CONFLICT (drop_id, kind, subject) DO NOTHING";
constexpr const char* kFlagColumns =
    "SELECT id, drop_id, kind, subject, buyer_id, detail, created_at FROM market_flags ";

Product product_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .merchant_org_id = row_i64(r, 1),
          .name = r.get<std::string>(2),
          .description = r.get<std::string>(3),
          .origin = r.get<std::string>(4),
          .unit_label = r.get<std::string>(5),
          .price_won = row_i64(r, 6),
          .market_price_won = row_i64(r, 7),
          .created_by = row_i64(r, 8),
          .created_at_us = row_i64(r, 9)};
}

Drop drop_from(const soci::row& r) {
  Drop d;
  d.id = row_i64(r, 0);
  d.product_id = row_i64(r, 1);
  d.title = r.get<std::string>(2);
  d.opens_at_us = row_i64(r, 3);
  d.closes_at_us = row_i64(r, 4);
  d.quantity = row_i64(r, 5);
  d.per_buyer_limit = static_cast<int>(row_i64(r, 6));
  d.price_won = row_i64(r, 7);
  d.market_price_won = row_i64(r, 8);
  d.gift = r.get<std::string>(9);
  d.free_shipping = row_i64(r, 10) != 0;
  d.zones = r.get<std::string>(11);
  d.donation_percent = static_cast<int>(row_i64(r, 12));
  if (r.get_indicator(13) == soci::i_ok) d.charity_org_id = row_i64(r, 13);
  d.fair_start_seconds = static_cast<int>(row_i64(r, 14));
  d.seed_hex = r.get<std::string>(15);
  d.seed_commitment = r.get<std::string>(16);
  d.hold_seconds = static_cast<int>(row_i64(r, 17));
  d.created_by = row_i64(r, 18);
  d.created_at_us = row_i64(r, 19);
  if (r.get_indicator(20) == soci::i_ok) d.campaign_id = row_i64(r, 20);
  d.credit_rate_bp = static_cast<int>(row_i64(r, 21));
  return d;
}

Order order_from(const soci::row& r) {
  Order o;
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
  o.client_address = r.get<std::string>(10);
  return o;
}

FlagRecord flag_from(const soci::row& r) {
  FlagRecord f;
  f.id = row_i64(r, 0);
  f.drop_id = row_i64(r, 1);
  f.flag.kind = r.get<std::string>(2);
  f.flag.subject = r.get<std::string>(3);
  if (r.get_indicator(4) == soci::i_ok) f.flag.buyer_id = row_i64(r, 4);
  f.flag.detail = r.get<std::string>(5);
  f.created_at_us = row_i64(r, 6);
  return f;
}

// Rows of `sql` (which ends in a WHERE clause on :a, ordered by id DESC) as a page.
template <class T, class From>
Page<T> page_of(soci::session& s, const std::string& sql, Id key, std::optional<Id> before,
                int limit, From from) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  long long k = key, b = before.value_or(std::numeric_limits<Id>::max());
  int n = limit + 1;  // one more says whether there is a next page
  soci::rowset<soci::row> rows = (s.prepare << sql + " AND id < :b ORDER BY id DESC LIMIT :n",
                                  soci::use(k), soci::use(b), soci::use(n));
  Page<T> page;
  for (const auto& r : rows) page.items.push_back(from(r));
  if (std::ssize(page.items) > limit) {
    page.items.pop_back();
    page.next = page.items.back().id;
  }
  return page;
}

}  // namespace

void insert_product(soci::session& s, const Product& p) {
  long long id = p.id, m = p.merchant_org_id, price = p.price_won, mp = p.market_price_won,
            cb = p.created_by, ca = p.created_at_us;
  s << kInsertProduct, soci::use(id), soci::use(m), soci::use(p.name), soci::use(p.description),
      soci::use(p.origin), soci::use(p.unit_label), soci::use(price), soci::use(mp), soci::use(cb),
      soci::use(ca);
}

std::optional<Product> find_product(soci::session& s, Id id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kProductColumns) + "WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return product_from(r);
  return std::nullopt;
}

Page<Product> list_products(soci::session& s, std::optional<Id> merchant_org_id,
                            std::optional<Id> before, int limit) {
  // Without a merchant, "id > 0" stands in for the key page_of binds.
  const std::string where = merchant_org_id ? "WHERE merchant_org_id = :a" : "WHERE id > :a";
  return page_of<Product>(s, kProductColumns + where, merchant_org_id.value_or(0), before, limit,
                          product_from);
}

void insert_drop(soci::session& s, const Drop& d) {
  long long id = d.id, p = d.product_id, o = d.opens_at_us, c = d.closes_at_us, q = d.quantity,
            pr = d.price_won, mp = d.market_price_won, ch = d.charity_org_id.value_or(0),
            cb = d.created_by, ca = d.created_at_us;
  int limit = d.per_buyer_limit, fs = d.free_shipping ? 1 : 0, dp = d.donation_percent,
      fss = d.fair_start_seconds, hs = d.hold_seconds;
  soci::indicator ch_ind = d.charity_org_id ? soci::i_ok : soci::i_null;
  long long cp = d.campaign_id.value_or(0);
  soci::indicator cp_ind = d.campaign_id ? soci::i_ok : soci::i_null;
  int cr = d.credit_rate_bp;
  s << kInsertDrop, soci::use(id), soci::use(p), soci::use(d.title), soci::use(o), soci::use(c),
      soci::use(q), soci::use(limit), soci::use(pr), soci::use(mp), soci::use(d.gift),
      soci::use(fs), soci::use(d.zones), soci::use(dp), soci::use(ch, ch_ind), soci::use(fss),
      soci::use(d.seed_hex), soci::use(d.seed_commitment), soci::use(hs), soci::use(cb),
      soci::use(ca), soci::use(cp, cp_ind), soci::use(cr);
}

std::optional<Drop> find_drop(soci::session& s, Id id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kDropColumns) + "WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return drop_from(r);
  return std::nullopt;
}

void move_closes_at(soci::session& s, Id drop_id, UnixMicros closes_at_us) {
  long long id = drop_id, at = closes_at_us;
  s << "UPDATE market_drops SET closes_at = :at WHERE id = :id", soci::use(at), soci::use(id);
}

Page<Drop> list_drops(soci::session& s, std::optional<Id> before, int limit) {
  // "id > :a" with a = 0 is every drop: the page helper wants one key condition.
  return page_of<Drop>(s, std::string(kDropColumns) + "WHERE id > :a", 0, before, limit, drop_from);
}

void insert_order(soci::session& s, const Order& o) {
  long long id = o.id, d = o.drop_id, b = o.buyer_id, a = o.amount_won, pb = o.pay_by_us,
            ca = o.created_at_us, ua = o.updated_at_us;
  int units = o.units;
  const std::string status(to_string(o.status));
  s << kInsertOrder, soci::use(id), soci::use(d), soci::use(b), soci::use(units), soci::use(a),
      soci::use(status), soci::use(o.idem_key), soci::use(pb), soci::use(ca), soci::use(ua),
      soci::use(o.client_address);
}

void insert_flag(soci::session& s, const FlagRecord& f) {
  long long id = f.id, d = f.drop_id, at = f.created_at_us, b = f.flag.buyer_id.value_or(0);
  soci::indicator b_ind = f.flag.buyer_id ? soci::i_ok : soci::i_null;
  s << kInsertFlag, soci::use(id), soci::use(d), soci::use(f.flag.kind), soci::use(f.flag.subject),
      soci::use(b, b_ind), soci::use(f.flag.detail), soci::use(at);
}

Page<FlagRecord> page_drop_flags(soci::session& s, Id drop_id, std::optional<Id> before,
                                 int limit) {
  return page_of<FlagRecord>(s, std::string(kFlagColumns) + "WHERE drop_id = :a", drop_id, before,
                             limit, flag_from);
}

std::optional<Order> find_order(soci::session& s, Id id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kOrderColumns) + "WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return order_from(r);
  return std::nullopt;
}

bool move_order(soci::session& s, Id id, OrderStatus from, OrderStatus to, UnixMicros now_us) {
  long long key = id, now = now_us;
  const std::string f(to_string(from)), t(to_string(to));
  soci::statement st = (s.prepare << "UPDATE market_orders SET status = :t, updated_at = :now "
                                     "WHERE id = :id AND status = :f",
                        soci::use(t), soci::use(now), soci::use(key), soci::use(f));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Order> orders_of_drop(soci::session& s, Id drop_id, int rows_max) {
  long long key = drop_id;
  int n = rows_max;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kOrderColumns) + "WHERE drop_id = :d ORDER BY id LIMIT :n",
       soci::use(key), soci::use(n));
  std::vector<Order> out;
  for (const auto& r : rows) out.push_back(order_from(r));
  return out;
}

Page<Order> page_drop_orders(soci::session& s, Id drop_id, std::optional<Id> before, int limit) {
  return page_of<Order>(s, std::string(kOrderColumns) + "WHERE drop_id = :a", drop_id, before,
                        limit, order_from);
}

Page<Order> page_buyer_orders(soci::session& s, Id buyer_id, std::optional<Id> before, int limit) {
  return page_of<Order>(s, std::string(kOrderColumns) + "WHERE buyer_id = :a", buyer_id, before,
                        limit, order_from);
}

void insert_draw(soci::session& s, const DrawRecord& d) {
  long long id = d.drop_id, at = d.drawn_at_us;
  s << "INSERT INTO market_draws (drop_id, drawn_at, entries) VALUES (:d, :at, :e)", soci::use(id),
      soci::use(at), soci::use(d.entries_json);
}

std::optional<DrawRecord> find_draw(soci::session& s, Id drop_id) {
  long long key = drop_id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT drop_id, drawn_at, entries FROM market_draws WHERE drop_id = :d",
       soci::use(key));
  for (const auto& r : rows) return DrawRecord{row_i64(r, 0), row_i64(r, 1), r.get<std::string>(2)};
  return std::nullopt;
}

namespace {
constexpr const char* kPaymentColumns =
    "SELECT order_id, provider, provider_ref, amount_won, sale_transfer_id, donation_transfer_id, "
    "posted, paid_at, donation_won, credit_purchase_id FROM market_payments ";

Payment payment_from(const soci::row& r) {
  return {.order_id = row_i64(r, 0),
          .provider = r.get<std::string>(1),
          .provider_ref = r.get<std::string>(2),
          .amount_won = row_i64(r, 3),
          .sale_transfer_id = row_i64(r, 4),
          .donation_transfer_id = row_i64(r, 5),
          .posted = row_i64(r, 6) != 0,
          .paid_at_us = row_i64(r, 7),
          .donation_won = row_i64(r, 8),
          .credit_purchase_id =
              r.get_indicator(9) == soci::i_ok ? std::optional<Id>(row_i64(r, 9)) : std::nullopt};
}
}  // namespace

void insert_payment(soci::session& s, const Payment& p) {
  long long order = p.order_id, amount = p.amount_won, sale = p.sale_transfer_id,
            donation = p.donation_transfer_id, at = p.paid_at_us, donated = p.donation_won,
            credit = p.credit_purchase_id.value_or(0);
  int posted = p.posted ? 1 : 0;
  soci::indicator credit_ind = p.credit_purchase_id ? soci::i_ok : soci::i_null;
  s << "INSERT INTO market_payments (order_id, provider, provider_ref, amount_won, "
       "sale_transfer_id, donation_transfer_id, posted, paid_at, donation_won, credit_purchase_id) "
       "VALUES (:o, :p, :r, :a, :s, :d, :posted, :at, :dw, :cp)",
      soci::use(order), soci::use(p.provider), soci::use(p.provider_ref), soci::use(amount),
      soci::use(sale), soci::use(donation), soci::use(posted), soci::use(at), soci::use(donated),
      soci::use(credit, credit_ind);
}

void mark_posted(soci::session& s, Id order_id) {
  long long key = order_id;
  s << "UPDATE market_payments SET posted = 1 WHERE order_id = :o", soci::use(key);
}

std::optional<Payment> find_payment(soci::session& s, Id order_id) {
  long long key = order_id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPaymentColumns) + "WHERE order_id = :o", soci::use(key));
  for (const auto& r : rows) return payment_from(r);
  return std::nullopt;
}

std::vector<Payment> unposted_payments(soci::session& s, UnixMicros before_us, int limit) {
  long long before = before_us;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPaymentColumns) +
                        "WHERE posted = 0 AND paid_at < :b ORDER BY paid_at LIMIT :n",
       soci::use(before), soci::use(limit));
  std::vector<Payment> out;
  for (const auto& r : rows) out.push_back(payment_from(r));
  return out;
}

std::optional<std::string> org_kind(soci::session& s, Id org_id) {
  long long key = org_id;
  std::string kind;
  s << "SELECT kind FROM orgs WHERE id = :id", soci::use(key), soci::into(kind);
  if (!s.got_data()) return std::nullopt;
  return kind;
}

MerchantFlags merchant_flags(soci::session& s, Id org_id) {
  long long key = org_id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT o.name, COALESCE(m.social_enterprise, 0), "
                    "COALESCE(m.small_merchant, 0) FROM orgs o LEFT JOIN market_merchants m "
                    "ON m.org_id = o.id WHERE o.id = :o",
       soci::use(key));
  for (const auto& r : rows)
    return {.id = org_id,
            .name = r.get<std::string>(0),
            .social_enterprise = row_i64(r, 1) != 0,
            .small_merchant = row_i64(r, 2) != 0};
  return {.id = org_id};
}

void set_merchant_flags(soci::session& s, const MerchantFlags& f, Id actor_id, UnixMicros now_us) {
  long long key = f.id, by = actor_id, at = now_us;
  int se = f.social_enterprise ? 1 : 0, sm = f.small_merchant ? 1 : 0;
  s << "INSERT INTO market_merchants (org_id, social_enterprise, small_merchant, updated_by, "
       "updated_at) VALUES (:o, :se, :sm, :b, :at) ON CONFLICT (org_id) DO UPDATE SET "
       "social_enterprise = excluded.social_enterprise, small_merchant = excluded.small_merchant, "
       "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      soci::use(key), soci::use(se), soci::use(sm), soci::use(by), soci::use(at);
}

Page<MerchantFlags> list_merchants(soci::session& s, std::optional<Id> before, int limit) {
  return page_of<MerchantFlags>(
      s,
      "SELECT id, name, COALESCE(m.social_enterprise, 0), COALESCE(m.small_merchant, 0) "
      "FROM orgs LEFT JOIN market_merchants m ON m.org_id = orgs.id "
      "WHERE kind = 'merchant' AND id > :a",
      0, before, limit, [](const soci::row& r) {
        return MerchantFlags{.id = row_i64(r, 0),
                             .name = r.get<std::string>(1),
                             .social_enterprise = row_i64(r, 2) != 0,
                             .small_merchant = row_i64(r, 3) != 0};
      });
}

Page<OrgRef> list_charities(soci::session& s, std::optional<Id> before, int limit) {
  return page_of<OrgRef>(s, "SELECT id, name FROM orgs WHERE kind = 'charity' AND id > :a", 0,
                         before, limit, [](const soci::row& r) {
                           return OrgRef{.id = row_i64(r, 0), .name = r.get<std::string>(1)};
                         });
}

}  // namespace sangsaeng::market
