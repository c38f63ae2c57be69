#include "giving/store.h"

#include <cassert>
#include <limits>

#include "ledger/rows.h"
#include "store/arrays.h"

namespace sangsaeng::giving {

namespace {

using ledger::row_i64;

constexpr const char* kPurchaseColumns =
    "SELECT id, partner_id, partner_purchase_id, customer_id, amount_won, at, rate_bp, "
    "credit_points, transfer_id, posted, cancelled_at, reversed_points, reversal_transfer_id, "
    "reversal_posted, created_at FROM giving_purchases ";

std::optional<std::int64_t> row_opt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return row_i64(r, i);
}

Purchase purchase_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .partner_id = row_i64(r, 1),
          .partner_purchase_id = r.get<std::string>(2),
          .customer_id = row_i64(r, 3),
          .amount_won = row_i64(r, 4),
          .at_us = row_i64(r, 5),
          .rate_bp = static_cast<int>(row_i64(r, 6)),
          .credit_points = row_i64(r, 7),
          .transfer_id = row_i64(r, 8),
          .posted = row_i64(r, 9) != 0,
          .cancelled_at_us = row_opt(r, 10),
          .reversed_points = row_i64(r, 11),
          .reversal_transfer_id = row_opt(r, 12),
          .reversal_posted = row_i64(r, 13) != 0,
          .created_at_us = row_i64(r, 14)};
}

std::vector<Rate> rates_of(soci::session& s, Id partner_id) {
  std::vector<Rate> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT starts_at, rate_bp FROM giving_rates WHERE partner_id = :p "
                    "ORDER BY starts_at LIMIT 100",
       soci::use(partner_id));
  for (const auto& r : rows)
    out.push_back({.starts_at_us = row_i64(r, 0), .rate_bp = static_cast<int>(row_i64(r, 1))});
  return out;
}

constexpr const char* kPartnerColumns =
    "SELECT id, name, key_id, created_at, secret FROM giving_partners ";

Partner partner_from(const soci::row& r) {
  Partner p{.id = row_i64(r, 0),
            .name = r.get<std::string>(1),
            .key_id = r.get<std::string>(2),
            .rates = {},
            .created_at_us = row_i64(r, 3)};
  return p;
}

std::optional<Purchase> one_purchase(soci::rowset<soci::row>& rows) {
  for (const auto& r : rows) return purchase_from(r);
  return std::nullopt;
}

}  // namespace

bool insert_partner(soci::session& s, const Partner& p, const std::string& secret, Id created_by) {
  soci::statement st =
      (s.prepare << "INSERT INTO giving_partners (id, name, key_id, secret, created_by, "
                    "created_at) VALUES (:i, :n, :k, :s, :b, :a) ON CONFLICT (name) DO NOTHING",
       soci::use(p.id), soci::use(p.name), soci::use(p.key_id), soci::use(secret),
       soci::use(created_by), soci::use(p.created_at_us));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void insert_rates(soci::session& s, Id partner_id, const std::vector<Rate>& rates,
                  UnixMicros now_us) {
  for (const Rate& r : rates) {
    s << "INSERT INTO giving_rates (partner_id, starts_at, rate_bp, created_at) VALUES (:p, "
         ":s, :r, :a)",
        soci::use(partner_id), soci::use(r.starts_at_us), soci::use(r.rate_bp), soci::use(now_us);
  }
}

std::optional<std::pair<Partner, std::string>> find_partner_by_key(soci::session& s,
                                                                   const std::string& key_id) {
  std::optional<std::pair<Partner, std::string>> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kPartnerColumns) + "WHERE key_id = :k", soci::use(key_id));
    for (const auto& r : rows) out.emplace(partner_from(r), r.get<std::string>(4));
  }
  if (out) out->first.rates = rates_of(s, out->first.id);
  return out;
}

std::optional<Partner> find_partner(soci::session& s, Id id) {
  std::optional<Partner> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kPartnerColumns) + "WHERE id = :i", soci::use(id));
    for (const auto& r : rows) out = partner_from(r);
  }
  if (out) out->rates = rates_of(s, out->id);
  return out;
}

std::vector<Partner> list_partners(soci::session& s, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  std::vector<Partner> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kPartnerColumns) + "ORDER BY id LIMIT :l", soci::use(limit));
    for (const auto& r : rows) out.push_back(partner_from(r));
  }
  for (Partner& p : out) p.rates = rates_of(s, p.id);
  return out;
}

bool remember_signature(soci::session& s, const std::string& signature, Id partner_id,
                        UnixMicros now_us, UnixMicros forget_before_us, int prune_max) {
  s << "DELETE FROM giving_seen_signatures WHERE signature IN (SELECT signature FROM "
       "giving_seen_signatures WHERE seen_at < :b ORDER BY seen_at LIMIT :l)",
      soci::use(forget_before_us), soci::use(prune_max);
  soci::statement st =
      (s.prepare << "INSERT INTO giving_seen_signatures (signature, partner_id, seen_at) VALUES "
                    "(:s, :p, :a) ON CONFLICT (signature) DO NOTHING",
       soci::use(signature), soci::use(partner_id), soci::use(now_us));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void insert_refusal(soci::session& s, const RefusalRow& f) {
  soci::indicator partner_ind = f.partner_id ? soci::i_ok : soci::i_null;
  const Id partner = f.partner_id.value_or(0);
  s << "INSERT INTO giving_refusals (id, key_id, partner_id, reason, method, path, remote, at) "
       "VALUES (:i, :k, :p, :r, :m, :pa, :re, :a)",
      soci::use(f.id), soci::use(f.key_id), soci::use(partner, partner_ind), soci::use(f.reason),
      soci::use(f.method), soci::use(f.path), soci::use(f.remote), soci::use(f.at_us);
}

std::vector<RefusalRow> recent_refusals(soci::session& s, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  std::vector<RefusalRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, key_id, partner_id, reason, method, path, remote, at FROM "
                    "giving_refusals ORDER BY id DESC LIMIT :l",
       soci::use(limit));
  for (const auto& r : rows) {
    out.push_back({.id = row_i64(r, 0),
                   .key_id = r.get<std::string>(1),
                   .partner_id = row_opt(r, 2),
                   .reason = r.get<std::string>(3),
                   .method = r.get<std::string>(4),
                   .path = r.get<std::string>(5),
                   .remote = r.get<std::string>(6),
                   .at_us = row_i64(r, 7)});
  }
  return out;
}

bool insert_purchase(soci::session& s, const Purchase& p) {
  const int posted = p.posted ? 1 : 0;
  soci::statement st =
      (s.prepare << "INSERT INTO giving_purchases (id, partner_id, partner_purchase_id, "
                    "customer_id, amount_won, at, rate_bp, credit_points, transfer_id, posted, "
                    "reversed_points, reversal_posted, created_at) VALUES (:i, :p, :pp, :c, :w, "
                    ":at, :r, :cp, :t, :po, 0, 1, :ca) ON CONFLICT (partner_id, "
                    "partner_purchase_id) DO NOTHING",
       soci::use(p.id), soci::use(p.partner_id), soci::use(p.partner_purchase_id),
       soci::use(p.customer_id), soci::use(p.amount_won), soci::use(p.at_us), soci::use(p.rate_bp),
       soci::use(p.credit_points), soci::use(p.transfer_id), soci::use(posted),
       soci::use(p.created_at_us));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<Purchase> find_purchase(soci::session& s, Id id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPurchaseColumns) + "WHERE id = :i", soci::use(id));
  return one_purchase(rows);
}

std::optional<Purchase> find_purchase_by_ref(soci::session& s, Id partner_id,
                                             const std::string& partner_purchase_id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPurchaseColumns) +
                        "WHERE partner_id = :p AND partner_purchase_id = :pp",
       soci::use(partner_id), soci::use(partner_purchase_id));
  return one_purchase(rows);
}

void mark_posted(soci::session& s, Id purchase_id) {
  s << "UPDATE giving_purchases SET posted = 1 WHERE id = :i", soci::use(purchase_id);
}

bool set_cancelled(soci::session& s, Id purchase_id, UnixMicros at_us, std::int64_t reversed_points,
                   Id reversal_transfer_id) {
  const int posted = reversed_points == 0 ? 1 : 0;  // nothing to send
  soci::statement st =
      (s.prepare << "UPDATE giving_purchases SET cancelled_at = :a, reversed_points = :r, "
                    "reversal_transfer_id = :t, reversal_posted = :po WHERE id = :i AND "
                    "cancelled_at IS NULL",
       soci::use(at_us), soci::use(reversed_points), soci::use(reversal_transfer_id),
       soci::use(posted), soci::use(purchase_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void mark_reversal_posted(soci::session& s, Id purchase_id) {
  s << "UPDATE giving_purchases SET reversal_posted = 1 WHERE id = :i", soci::use(purchase_id);
}

std::vector<Purchase> unposted_purchases(soci::session& s, int limit) {
  std::vector<Purchase> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPurchaseColumns) +
                        "WHERE posted = 0 OR reversal_posted = 0 ORDER BY id LIMIT :l",
       soci::use(limit));
  for (const auto& r : rows) out.push_back(purchase_from(r));
  return out;
}

Page<Purchase> customer_purchases(soci::session& s, Id customer_id, std::optional<Id> before,
                                  int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  const Id before_id = before.value_or(std::numeric_limits<Id>::max());
  const int fetch = limit + 1;
  Page<Purchase> page;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPurchaseColumns) +
                        "WHERE customer_id = :c AND id < :b ORDER BY id DESC LIMIT :l",
       soci::use(customer_id), soci::use(before_id), soci::use(fetch));
  for (const auto& r : rows) page.items.push_back(purchase_from(r));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next = page.items.back().id;
  }
  return page;
}

bool user_exists(soci::session& s, Id user_id) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM users WHERE id = :i", soci::into(n), soci::use(user_id);
  return n > 0;
}

}  // namespace sangsaeng::giving

namespace sangsaeng::giving {

namespace {

using ledger::ids_in;
using ledger::int_list;
using ledger::is_pg;

constexpr const char* kSettlementColumns =
    "SELECT id, period_end, status, created_at, finished_at, cursor_account_id FROM "
    "giving_settlements ";

SettlementRow settlement_from(const soci::row& r) {
  SettlementRow out;
  out.settlement.id = row_i64(r, 0);
  out.settlement.period_end_us = row_i64(r, 1);
  out.settlement.done = r.get<std::string>(2) == "done";
  out.settlement.created_at_us = row_i64(r, 3);
  out.settlement.finished_at_us = row_opt(r, 4);
  out.cursor_account_id = row_i64(r, 5);
  return out;
}

std::optional<SettlementRow> one_settlement(soci::rowset<soci::row>& rows) {
  for (const auto& r : rows) return settlement_from(r);
  return std::nullopt;
}

constexpr const char* kStatementColumns =
    "SELECT settlement_id, customer_id, cause_id, points, transfer_id, account_id, batch_no, "
    "posted FROM giving_statements ";

StatementRow statement_from(const soci::row& r) {
  return {.settlement_id = row_i64(r, 0),
          .customer_id = row_i64(r, 1),
          .cause_id = row_i64(r, 2),
          .points = row_i64(r, 3),
          .transfer_id = row_i64(r, 4),
          .account_id = row_i64(r, 5),
          .batch_no = row_i64(r, 6),
          .posted = row_i64(r, 7) != 0};
}

void mark_posted_in(soci::session& s, const char* table, const std::vector<Id>& ids) {
  if (ids.empty()) return;
  const bool pg = is_pg(s);
  const std::string list = int_list(ids, pg);
  s << std::string("UPDATE ") + table + " SET posted = 1 WHERE transfer_id" + ids_in(pg),
      soci::use(list, "ids");
}

}  // namespace

std::optional<std::string> org_kind(soci::session& s, Id org_id) {
  std::string kind;
  soci::indicator ind = soci::i_null;
  s << "SELECT kind FROM orgs WHERE id = :i", soci::into(kind, ind), soci::use(org_id);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  return kind;
}

bool insert_cause(soci::session& s, const Cause& c, UnixMicros now_us) {
  soci::statement st =
      (s.prepare << "INSERT INTO giving_causes (id, org_id, name, description, default_share, "
                    "registration_no, created_at) VALUES (:i, :o, :n, :d, :w, :r, :a) "
                    "ON CONFLICT (org_id) DO NOTHING",
       soci::use(c.id), soci::use(c.org_id), soci::use(c.name), soci::use(c.description),
       soci::use(c.default_share), soci::use(c.registration_no), soci::use(now_us));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Cause> list_causes(soci::session& s) {
  std::vector<Cause> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, org_id, name, description, default_share, registration_no FROM "
                    "giving_causes ORDER BY id LIMIT 200");
  for (const auto& r : rows) {
    out.push_back({.id = row_i64(r, 0),
                   .org_id = row_i64(r, 1),
                   .name = r.get<std::string>(2),
                   .description = r.get<std::string>(3),
                   .default_share = static_cast<int>(row_i64(r, 4)),
                   .registration_no = r.get<std::string>(5)});
  }
  return out;
}

std::vector<Share> choices(soci::session& s, Id customer_id) {
  return choices_of(s, {customer_id})[customer_id];
}

void set_choices(soci::session& s, Id customer_id, const std::vector<Share>& shares) {
  s << "DELETE FROM giving_choices WHERE customer_id = :c", soci::use(customer_id);
  for (const Share& share : shares) {
    s << "INSERT INTO giving_choices (customer_id, cause_id, share_percent) VALUES (:c, :k, :p)",
        soci::use(customer_id), soci::use(share.cause_id), soci::use(share.percent);
  }
}

std::map<Id, std::vector<Share>> choices_of(soci::session& s, const std::vector<Id>& ids) {
  std::map<Id, std::vector<Share>> out;
  if (ids.empty()) return out;
  const bool pg = is_pg(s);
  const std::string list = int_list(ids, pg);
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT customer_id, cause_id, share_percent FROM "
                                "giving_choices WHERE customer_id") +
                        ids_in(pg) + " ORDER BY customer_id, cause_id",
       soci::use(list, "ids"));
  for (const auto& r : rows)
    out[row_i64(r, 0)].push_back(
        {.cause_id = row_i64(r, 1), .percent = static_cast<int>(row_i64(r, 2))});
  return out;
}

bool insert_settlement(soci::session& s, const Settlement& t, std::optional<Id> by) {
  soci::indicator by_ind = by ? soci::i_ok : soci::i_null;
  const Id by_id = by.value_or(0);
  soci::statement st =
      (s.prepare << "INSERT INTO giving_settlements (id, period_end, status, cursor_account_id, "
                    "created_by, created_at) VALUES (:i, :p, 'running', 0, :b, :a) ON CONFLICT "
                    "(period_end) DO NOTHING",
       soci::use(t.id), soci::use(t.period_end_us), soci::use(by_id, by_ind),
       soci::use(t.created_at_us));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<SettlementRow> find_settlement(soci::session& s, Id id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSettlementColumns) + "WHERE id = :i", soci::use(id));
  return one_settlement(rows);
}

std::optional<SettlementRow> find_settlement_by_period(soci::session& s, UnixMicros end_us) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSettlementColumns) + "WHERE period_end = :p", soci::use(end_us));
  return one_settlement(rows);
}

std::vector<Id> running_settlements(soci::session& s, int limit) {
  std::vector<Id> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id FROM giving_settlements WHERE status = 'running' ORDER BY id "
                    "LIMIT :l",
       soci::use(limit));
  for (const auto& r : rows) out.push_back(row_i64(r, 0));
  return out;
}

void mark_settlement_done(soci::session& s, Id id, UnixMicros now_us) {
  s << "UPDATE giving_settlements SET status = 'done', finished_at = :a WHERE id = :i AND "
       "status = 'running'",
      soci::use(now_us), soci::use(id);
}

namespace {

// Integer columns written in one statement: SOCI's vector binds on SQLite (one prepared
// statement), arrays unnested into rows on PostgreSQL (its vector binds run a statement per row).
void insert_rows(soci::session& s, const std::string& table, const std::vector<std::string>& names,
                 std::vector<std::vector<long long>>& columns) {
  assert(!columns.empty() && names.size() == columns.size());
  std::string sql = "INSERT INTO " + table + " (";
  for (std::size_t i = 0; i < names.size(); ++i) sql += names[i] + ", ";
  sql += "posted) ";
  soci::statement st(s);
  std::vector<std::string> arrays;
  if (is_pg(s)) {
    arrays.reserve(columns.size());
    for (const auto& c : columns) arrays.push_back(store::pg_array(c));
    sql += "SELECT *, 0 FROM unnest(";
    for (std::size_t i = 0; i < arrays.size(); ++i) {
      sql += (i ? ", CAST(:c" : "CAST(:c") + std::to_string(i) + " AS BIGINT[])";
      st.exchange(soci::use(arrays[i]));
    }
    sql += ")";
  } else {
    sql += "VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      sql += ":c" + std::to_string(i) + ", ";
      st.exchange(soci::use(columns[i]));
    }
    sql += "0)";
  }
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(true);
}

}  // namespace

void insert_plan(soci::session& s, Id settlement_id, Id cursor_account_id,
                 const std::vector<StatementRow>& statements,
                 const std::vector<PaymentRow>& payments) {
  if (!statements.empty()) {
    std::vector<std::vector<long long>> c(7);
    for (const StatementRow& t : statements) {
      for (auto [i, v] :
           {std::pair{0, t.settlement_id}, std::pair{1, t.customer_id}, std::pair{2, t.cause_id},
            std::pair{3, t.points}, std::pair{4, t.transfer_id}, std::pair{5, t.account_id},
            std::pair{6, t.batch_no}})
        c[i].push_back(v);
    }
    insert_rows(s, "giving_statements",
                {"settlement_id", "customer_id", "cause_id", "points", "transfer_id", "account_id",
                 "batch_no"},
                c);
  }
  if (!payments.empty()) {
    std::vector<std::vector<long long>> c(5);
    for (const PaymentRow& p : payments) {
      for (auto [i, v] :
           {std::pair{0, p.settlement_id}, std::pair{1, p.batch_no}, std::pair{2, p.cause_id},
            std::pair{3, p.amount_won}, std::pair{4, p.transfer_id}})
        c[i].push_back(v);
    }
    insert_rows(s, "giving_payments",
                {"settlement_id", "batch_no", "cause_id", "amount_won", "transfer_id"}, c);
  }
  s << "UPDATE giving_settlements SET cursor_account_id = :c WHERE id = :i",
      soci::use(cursor_account_id), soci::use(settlement_id);
}

std::vector<StatementRow> unposted_statements(soci::session& s, Id settlement_id, int limit) {
  std::vector<StatementRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kStatementColumns) +
                        "WHERE settlement_id = :s AND posted = 0 ORDER BY transfer_id LIMIT :l",
       soci::use(settlement_id), soci::use(limit));
  for (const auto& r : rows) out.push_back(statement_from(r));
  return out;
}

std::vector<PaymentRow> unposted_payments(soci::session& s, Id settlement_id, int limit) {
  std::vector<PaymentRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT settlement_id, batch_no, cause_id, amount_won, transfer_id FROM "
                    "giving_payments WHERE settlement_id = :s AND posted = 0 ORDER BY "
                    "transfer_id LIMIT :l",
       soci::use(settlement_id), soci::use(limit));
  for (const auto& r : rows) {
    out.push_back({.settlement_id = row_i64(r, 0),
                   .batch_no = row_i64(r, 1),
                   .cause_id = row_i64(r, 2),
                   .amount_won = row_i64(r, 3),
                   .transfer_id = row_i64(r, 4),
                   .posted = false});
  }
  return out;
}

void mark_statements_posted(soci::session& s, const std::vector<Id>& transfer_ids) {
  mark_posted_in(s, "giving_statements", transfer_ids);
}

void mark_payments_posted(soci::session& s, const std::vector<Id>& transfer_ids) {
  mark_posted_in(s, "giving_payments", transfer_ids);
}

void settlement_totals(soci::session& s, Settlement& t) {
  long long customers = 0, points = 0, won = 0;
  s << "SELECT COUNT(DISTINCT customer_id), CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM "
       "giving_statements WHERE settlement_id = :s",
      soci::into(customers), soci::into(points), soci::use(t.id);
  s << "SELECT CAST(COALESCE(SUM(amount_won), 0) AS BIGINT) FROM giving_payments WHERE "
       "settlement_id = :s",
      soci::into(won), soci::use(t.id);
  t.customers = customers;
  t.points = points;
  t.won = won;
}

std::vector<std::pair<Id, std::int64_t>> settlement_causes(soci::session& s, Id settlement_id) {
  std::vector<std::pair<Id, std::int64_t>> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT cause_id, CAST(SUM(points) AS BIGINT) FROM giving_statements WHERE "
                    "settlement_id = :s GROUP BY cause_id ORDER BY cause_id",
       soci::use(settlement_id));
  for (const auto& r : rows) out.emplace_back(row_i64(r, 0), row_i64(r, 1));
  return out;
}

std::vector<StatementRow> customer_statements(soci::session& s, Id customer_id) {
  std::vector<StatementRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kStatementColumns) +
                        "WHERE customer_id = :c ORDER BY settlement_id DESC, cause_id LIMIT 200",
       soci::use(customer_id));
  for (const auto& r : rows) out.push_back(statement_from(r));
  return out;
}

std::vector<SettlementRow> list_settlements(soci::session& s, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  std::vector<SettlementRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSettlementColumns) + "ORDER BY period_end DESC LIMIT :l",
       soci::use(limit));
  for (const auto& r : rows) out.push_back(settlement_from(r));
  return out;
}

std::vector<Donation> customer_donations(soci::session& s, Id customer_id, UnixMicros from_us,
                                         UnixMicros to_us, int limit) {
  assert(limit >= 1 && limit <= kDonationsMax);
  std::vector<Donation> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT g.settlement_id, g.cause_id, c.name, o.name, c.registration_no, "
                    "g.points, t.timestamp_us FROM giving_statements g "
                    "JOIN ledger_transfers t ON t.id = g.transfer_id "
                    "JOIN giving_causes c ON c.id = g.cause_id JOIN orgs o ON o.id = c.org_id "
                    "WHERE g.customer_id = :c AND g.posted = 1 AND t.timestamp_us >= :f AND "
                    "t.timestamp_us < :t ORDER BY t.timestamp_us, g.cause_id LIMIT :l",
       soci::use(customer_id), soci::use(from_us), soci::use(to_us), soci::use(limit));
  for (const auto& r : rows) {
    out.push_back({.settlement_id = row_i64(r, 0),
                   .cause_id = row_i64(r, 1),
                   .cause_name = r.get<std::string>(2),
                   .org_name = r.get<std::string>(3),
                   .registration_no = r.get<std::string>(4),
                   .won = row_i64(r, 5),
                   .at_us = row_i64(r, 6)});
  }
  return out;
}

std::optional<std::string> user_name(soci::session& s, Id user_id) {
  std::string name;
  s << "SELECT display_name FROM users WHERE id = :i", soci::into(name), soci::use(user_id);
  if (!s.got_data()) return std::nullopt;
  return name;
}

bool add_rate(soci::session& s, Id partner_id, const Rate& rate, UnixMicros now_us) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM giving_rates WHERE partner_id = :p AND starts_at = :a", soci::into(n),
      soci::use(partner_id), soci::use(rate.starts_at_us);
  if (n > 0) return false;
  insert_rates(s, partner_id, {rate}, now_us);
  return true;
}

}  // namespace sangsaeng::giving
