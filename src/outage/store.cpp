#include "outage/store.h"

#include <cassert>
#include <limits>
#include <sstream>

#include "ledger/rows.h"
#include "store/arrays.h"

namespace sangsaeng::outage {

namespace {

using ledger::ids_in;
using ledger::int_list;
using ledger::is_pg;
using ledger::row_i64;

constexpr const char* kTermsColumns =
    "SELECT id, code, name, effective_from, named_only, continuous_minutes_min, "
    "monthly_cumulative_minutes_min, any_interruption, negligence_damages_any_length, "
    "refund_pro_rata, damages_multiple, voluntary_multiple, voluntary_basis, "
    "voluntary_hours_rounded_up, voluntary_fee_days, small_merchant_fee_days, "
    "small_merchant_fee_months FROM outage_terms ";
constexpr const char* kLineColumns =
    "SELECT id, ref, customer_id, product, monthly_fee_won, addons_won, area, small_merchant, "
    "account_id, created_at, updated_at FROM outage_lines ";
constexpr const char* kEventColumns =
    "SELECT id, started_at, ended_at, cause, gross_negligence, terms_id, areas, revision, "
    "settled_revision, created_by, created_at, updated_at, incident_ref FROM outage_events ";
// Results with what was paid and whether damages were claimed.
constexpr const char* kCompensationColumns =
    "SELECT r.event_id, r.line_id, r.own_us, r.qualifying_us, r.refund_won, r.voluntary_won, "
    "r.damages_claimable_won, r.settled_at, "
    "(SELECT CAST(COALESCE(SUM(p.amount_won), 0) AS BIGINT) FROM outage_postings p WHERE "
    "p.event_id = r.event_id "
    " AND p.line_id = r.line_id AND p.kind = 'damages'), "
    "(SELECT COUNT(*) FROM outage_claims c WHERE c.event_id = r.event_id AND c.line_id = "
    "r.line_id) FROM outage_results r ";

int row_int(const soci::row& r, std::size_t i) {
  return static_cast<int>(row_i64(r, i));
}
std::optional<Id> row_opt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return row_i64(r, i);
}

Terms terms_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .code = r.get<std::string>(1),
          .name = r.get<std::string>(2),
          .effective_from_us = row_i64(r, 3),
          .named_only = row_i64(r, 4) != 0,
          .continuous_minutes_min = row_int(r, 5),
          .monthly_cumulative_minutes_min = row_int(r, 6),
          .any_interruption = row_i64(r, 7) != 0,
          .negligence_damages_any_length = row_i64(r, 8) != 0,
          .refund_pro_rata = row_i64(r, 9) != 0,
          .damages_multiple = row_int(r, 10),
          .voluntary_multiple = row_int(r, 11),
          .voluntary_basis = r.get<std::string>(12) == "event_longest"
                                 ? VoluntaryBasis::event_longest
                                 : VoluntaryBasis::line,
          .voluntary_hours_rounded_up = row_i64(r, 13) != 0,
          .voluntary_fee_days = row_int(r, 14),
          .small_merchant_fee_days = row_int(r, 15),
          .small_merchant_fee_months = row_int(r, 16)};
}

ServiceLine line_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .ref = r.get<std::string>(1),
          .customer_id = row_opt(r, 2),
          .product = r.get<std::string>(3),
          .monthly_fee_won = row_i64(r, 4),
          .addons_won = row_i64(r, 5),
          .area = r.get<std::string>(6),
          .small_merchant = row_i64(r, 7) != 0,
          .account_id = row_opt(r, 8),
          .created_at_us = row_i64(r, 9),
          .updated_at_us = row_i64(r, 10)};
}

std::vector<std::string> split_areas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string a; std::getline(in, a, ',');) {
    if (!a.empty()) out.push_back(a);
  }
  return out;
}

std::string join_areas(const std::vector<std::string>& areas) {
  std::string out;
  for (const std::string& a : areas) {
    assert(a.find(',') == std::string::npos);
    if (!out.empty()) out += ',';
    out += a;
  }
  return out;
}

Event event_from(const soci::row& r) {
  Event e{.id = row_i64(r, 0),
          .started_at_us = row_i64(r, 1),
          .ended_at_us = row_opt(r, 2),
          .cause = r.get<std::string>(3),
          .gross_negligence = row_i64(r, 4) != 0,
          .terms_id = row_opt(r, 5),
          .areas = split_areas(r.get<std::string>(6)),
          .incident_ref = r.get_indicator(12) == soci::i_null ? "" : r.get<std::string>(12),
          .revision = row_int(r, 7),
          .settled_revision = row_int(r, 8),
          .created_by = row_i64(r, 9),
          .created_at_us = row_i64(r, 10),
          .updated_at_us = row_i64(r, 11)};
  return e;
}

std::vector<Id> event_line_ids(soci::session& s, Id event_id) {
  std::vector<Id> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT line_id FROM outage_event_lines WHERE event_id = :e ORDER BY line_id",
       soci::use(event_id));
  for (const auto& r : rows) out.push_back(row_i64(r, 0));
  return out;
}

Event with_lines(soci::session& s, Event e) {
  e.line_ids = event_line_ids(s, e.id);
  return e;
}

void insert_event_lines(soci::session& s, const Event& e) {
  if (e.line_ids.empty()) return;
  std::vector<long long> events(e.line_ids.size(), e.id),
      lines(e.line_ids.begin(), e.line_ids.end());
  s << "INSERT INTO outage_event_lines (event_id, line_id) VALUES (:e, :l)", soci::use(events),
      soci::use(lines);
}

Compensation compensation_from(const soci::row& r) {
  return {.event_id = row_i64(r, 0),
          .line_id = row_i64(r, 1),
          .own_us = row_i64(r, 2),
          .qualifying_us = row_i64(r, 3),
          .refund_won = row_i64(r, 4),
          .voluntary_won = row_i64(r, 5),
          .damages_claimable_won = row_i64(r, 6),
          .damages_paid_won = row_i64(r, 8),
          .claimed = row_i64(r, 9) != 0,
          .settled_at_us = row_i64(r, 7)};
}

void attach_transfers(soci::session& s, Compensation& c) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id FROM outage_postings WHERE event_id = :e AND line_id = :l "
                    "ORDER BY created_at, id",
       soci::use(c.event_id), soci::use(c.line_id));
  for (const auto& r : rows) c.transfer_ids.push_back(row_i64(r, 0));
}

}  // namespace

void insert_terms(soci::session& s, const Terms& t, Id created_by, UnixMicros now_us) {
  const int named_only = t.named_only, any = t.any_interruption,
            negligence = t.negligence_damages_any_length, refund = t.refund_pro_rata,
            rounded = t.voluntary_hours_rounded_up;
  const std::string basis =
      t.voluntary_basis == VoluntaryBasis::event_longest ? "event_longest" : "line";
  s << "INSERT INTO outage_terms (id, code, name, effective_from, named_only, "
       "continuous_minutes_min, monthly_cumulative_minutes_min, any_interruption, "
       "negligence_damages_any_length, refund_pro_rata, damages_multiple, voluntary_multiple, "
       "voluntary_basis, voluntary_hours_rounded_up, voluntary_fee_days, small_merchant_fee_days, "
       "small_merchant_fee_months, created_by, created_at) VALUES (:id, :c, :n, :ef, :no, :cm, "
       ":mm, :ai, :nd, :rp, :dm, :vm, :vb, :vr, :vd, :sd, :sm, :cb, :ca)",
      soci::use(t.id), soci::use(t.code), soci::use(t.name), soci::use(t.effective_from_us),
      soci::use(named_only), soci::use(t.continuous_minutes_min),
      soci::use(t.monthly_cumulative_minutes_min), soci::use(any), soci::use(negligence),
      soci::use(refund), soci::use(t.damages_multiple), soci::use(t.voluntary_multiple),
      soci::use(basis), soci::use(rounded), soci::use(t.voluntary_fee_days),
      soci::use(t.small_merchant_fee_days), soci::use(t.small_merchant_fee_months),
      soci::use(created_by), soci::use(now_us);
}

std::vector<Terms> all_terms(soci::session& s) {
  std::vector<Terms> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kTermsColumns) + "ORDER BY effective_from, id");
  for (const auto& r : rows) out.push_back(terms_from(r));
  return out;
}

Id upsert_line(soci::session& s, const ServiceLine& l, UnixMicros now_us) {
  long long id = 0;
  soci::indicator found = soci::i_null;
  s << "SELECT id FROM outage_lines WHERE ref = :r", soci::into(id, found), soci::use(l.ref);
  const int merchant = l.small_merchant;
  long long customer = l.customer_id.value_or(0);
  soci::indicator customer_ind = l.customer_id ? soci::i_ok : soci::i_null;
  if (s.got_data() && found == soci::i_ok) {
    s << "UPDATE outage_lines SET customer_id = :cu, product = :p, monthly_fee_won = :f, "
         "addons_won = :a, area = :ar, small_merchant = :m, updated_at = :u WHERE id = :id",
        soci::use(customer, customer_ind), soci::use(l.product), soci::use(l.monthly_fee_won),
        soci::use(l.addons_won), soci::use(l.area), soci::use(merchant), soci::use(now_us),
        soci::use(id);
    return id;
  }
  assert(l.id > 0);
  s << "INSERT INTO outage_lines (id, ref, customer_id, product, monthly_fee_won, addons_won, "
       "area, small_merchant, account_id, created_at, updated_at) VALUES (:id, :r, :cu, :p, :f, "
       ":a, :ar, :m, NULL, :c, :u)",
      soci::use(l.id), soci::use(l.ref), soci::use(customer, customer_ind), soci::use(l.product),
      soci::use(l.monthly_fee_won), soci::use(l.addons_won), soci::use(l.area), soci::use(merchant),
      soci::use(now_us), soci::use(now_us);
  return l.id;
}

std::optional<ServiceLine> find_line(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kLineColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return line_from(r);
}

std::vector<ServiceLine> lines_by_ids(soci::session& s, const std::vector<Id>& ids) {
  std::vector<ServiceLine> out;
  if (ids.empty()) return out;
  const bool pg = is_pg(s);
  const std::string list = int_list(ids, pg);
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kLineColumns) + "WHERE id" + ids_in(pg) + " ORDER BY id",
       soci::use(list));
  for (const auto& r : rows) out.push_back(line_from(r));
  return out;
}

std::vector<ServiceLine> lines_in_area(soci::session& s, const std::string& area) {
  std::vector<ServiceLine> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kLineColumns) + "WHERE area = :a ORDER BY id", soci::use(area));
  for (const auto& r : rows) out.push_back(line_from(r));
  return out;
}

Page<ServiceLine> page_lines(soci::session& s, std::optional<Id> customer_id,
                             std::optional<Id> after, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  const long long after_id = after.value_or(0), customer = customer_id.value_or(0);
  const int any_customer = customer_id ? 0 : 1;
  const int fetch = limit + 1;
  Page<ServiceLine> page;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kLineColumns) +
                        "WHERE id > :a AND (:any = 1 OR customer_id = :c) ORDER BY id LIMIT :n",
       soci::use(after_id), soci::use(any_customer), soci::use(customer), soci::use(fetch));
  for (const auto& r : rows) page.items.push_back(line_from(r));
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next = page.items.back().id;
  }
  return page;
}

void set_line_accounts(soci::session& s, const std::vector<std::pair<Id, Id>>& line_accounts) {
  if (line_accounts.empty()) return;
  std::vector<long long> line(line_accounts.size()), account(line_accounts.size());
  for (std::size_t i = 0; i < line_accounts.size(); ++i) {
    line[i] = line_accounts[i].first;
    account[i] = line_accounts[i].second;
  }
  if (is_pg(s)) {
    const std::string a = store::pg_array(account), l = store::pg_array(line);
    s << "UPDATE outage_lines AS o SET account_id = v.a FROM unnest(CAST(:a AS BIGINT[]), "
         "CAST(:l AS BIGINT[])) AS v(a, l) WHERE o.id = v.l",
        soci::use(a), soci::use(l);
    return;
  }
  s << "UPDATE outage_lines SET account_id = :a WHERE id = :id", soci::use(account),
      soci::use(line);
}

bool insert_event(soci::session& s, const Event& e) {
  long long ended = e.ended_at_us.value_or(0), terms = e.terms_id.value_or(0);
  soci::indicator ended_ind = e.ended_at_us ? soci::i_ok : soci::i_null;
  soci::indicator terms_ind = e.terms_id ? soci::i_ok : soci::i_null;
  std::string incident = e.incident_ref;
  soci::indicator incident_ind = incident.empty() ? soci::i_null : soci::i_ok;
  const int negligence = e.gross_negligence;
  const std::string areas = join_areas(e.areas);
  // ON CONFLICT without a target: only the incident's UNIQUE can conflict (the id is new).
  soci::statement st =
      (s.prepare << "INSERT INTO outage_events (id, started_at, ended_at, cause, "
                    "gross_negligence, terms_id, areas, revision, settled_revision, created_by, "
                    "created_at, updated_at, incident_ref) VALUES (:id, :s, :e, :c, :g, :t, :a, "
                    ":r, :sr, :cb, :ca, :ua, :inc) ON CONFLICT DO NOTHING",
       soci::use(e.id), soci::use(e.started_at_us), soci::use(ended, ended_ind), soci::use(e.cause),
       soci::use(negligence), soci::use(terms, terms_ind), soci::use(areas), soci::use(e.revision),
       soci::use(e.settled_revision), soci::use(e.created_by), soci::use(e.created_at_us),
       soci::use(e.updated_at_us), soci::use(incident, incident_ind));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  insert_event_lines(s, e);
  return true;
}

std::optional<Event> find_event_by_incident(soci::session& s, const std::string& incident_ref) {
  soci::row r;
  s << std::string(kEventColumns) + "WHERE incident_ref = :i", soci::use(incident_ref),
      soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return with_lines(s, event_from(r));
}

std::map<std::string, Id> line_ids_by_refs(soci::session& s, const std::vector<std::string>& refs) {
  std::map<std::string, Id> out;
  for (const std::string& ref : refs) {
    long long id = 0;
    soci::indicator found = soci::i_null;
    s << "SELECT id FROM outage_lines WHERE ref = :r", soci::use(ref), soci::into(id, found);
    if (s.got_data() && found == soci::i_ok) out[ref] = id;
  }
  return out;
}

void update_event(soci::session& s, const Event& e) {
  long long ended = e.ended_at_us.value_or(0), terms = e.terms_id.value_or(0);
  soci::indicator ended_ind = e.ended_at_us ? soci::i_ok : soci::i_null;
  soci::indicator terms_ind = e.terms_id ? soci::i_ok : soci::i_null;
  const int negligence = e.gross_negligence;
  const std::string areas = join_areas(e.areas);
  s << "UPDATE outage_events SET started_at = :s, ended_at = :e, cause = :c, gross_negligence = "
       ":g, terms_id = :t, areas = :a, revision = :r, updated_at = :u WHERE id = :id",
      soci::use(e.started_at_us), soci::use(ended, ended_ind), soci::use(e.cause),
      soci::use(negligence), soci::use(terms, terms_ind), soci::use(areas), soci::use(e.revision),
      soci::use(e.updated_at_us), soci::use(e.id);
  s << "DELETE FROM outage_event_lines WHERE event_id = :e", soci::use(e.id);
  insert_event_lines(s, e);
}

void mark_settled(soci::session& s, Id event_id, int revision) {
  s << "UPDATE outage_events SET settled_revision = :r WHERE id = :id AND settled_revision < :r2",
      soci::use(revision), soci::use(event_id), soci::use(revision);
}

std::optional<Event> find_event(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kEventColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return with_lines(s, event_from(r));
}

std::vector<Event> events_between(soci::session& s, UnixMicros from_us, UnixMicros to_us,
                                  int limit) {
  std::vector<Event> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kEventColumns) +
                        "WHERE started_at < :t AND (ended_at IS NULL OR ended_at > :f) "
                        "ORDER BY started_at, id LIMIT :n",
       soci::use(to_us), soci::use(from_us), soci::use(limit));
  for (const auto& r : rows) out.push_back(event_from(r));
  for (Event& e : out) e.line_ids = event_line_ids(s, e.id);
  return out;
}

std::vector<Event> unsettled_events(soci::session& s, int limit) {
  std::vector<Event> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kEventColumns) +
                        "WHERE ended_at IS NOT NULL AND settled_revision < revision ORDER BY id "
                        "LIMIT :n",
       soci::use(limit));
  for (const auto& r : rows) out.push_back(event_from(r));
  for (Event& e : out) e.line_ids = event_line_ids(s, e.id);
  return out;
}

Page<Event> page_events(soci::session& s, std::optional<Id> before, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  const long long before_id = before.value_or(std::numeric_limits<long long>::max());
  const int fetch = limit + 1;
  Page<Event> page;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kEventColumns) + "WHERE id < :b ORDER BY id DESC LIMIT :n",
       soci::use(before_id), soci::use(fetch));
  for (const auto& r : rows) page.items.push_back(event_from(r));
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next = page.items.back().id;
  }
  for (Event& e : page.items) e.line_ids = event_line_ids(s, e.id);
  return page;
}

void upsert_results(soci::session& s, const std::vector<Owed>& owed, UnixMicros now_us) {
  if (owed.empty()) return;
  std::vector<long long> event(owed.size()), line(owed.size()), own(owed.size()),
      qualifying(owed.size()), refund(owed.size()), voluntary(owed.size()), damages(owed.size()),
      at(owed.size(), now_us);
  for (std::size_t i = 0; i < owed.size(); ++i) {
    event[i] = owed[i].event_id;
    line[i] = owed[i].line_id;
    own[i] = owed[i].own_us;
    qualifying[i] = owed[i].qualifying_us;
    refund[i] = owed[i].refund_won;
    voluntary[i] = owed[i].voluntary_won;
    damages[i] = owed[i].damages_claimable_won;
  }
  const std::string upsert =
      " ON CONFLICT (event_id, line_id) DO UPDATE SET own_us = excluded.own_us, qualifying_us = "
      "excluded.qualifying_us, refund_won = excluded.refund_won, voluntary_won = "
      "excluded.voluntary_won, damages_claimable_won = excluded.damages_claimable_won, "
      "settled_at = excluded.settled_at";
  const std::string head =
      "INSERT INTO outage_results (event_id, line_id, own_us, qualifying_us, refund_won, "
      "voluntary_won, damages_claimable_won, settled_at) ";
  if (is_pg(s)) {
    const std::string e = store::pg_array(event), l = store::pg_array(line),
                      o = store::pg_array(own), q = store::pg_array(qualifying),
                      r = store::pg_array(refund), v = store::pg_array(voluntary),
                      d = store::pg_array(damages), a = store::pg_array(at);
    s << head +
             "SELECT * FROM unnest(CAST(:e AS BIGINT[]), CAST(:l AS BIGINT[]), CAST(:o AS "
             "BIGINT[]), CAST(:q AS BIGINT[]), CAST(:r AS BIGINT[]), CAST(:v AS BIGINT[]), "
             "CAST(:d AS BIGINT[]), CAST(:a AS BIGINT[]))" +
             upsert,
        soci::use(e), soci::use(l), soci::use(o), soci::use(q), soci::use(r), soci::use(v),
        soci::use(d), soci::use(a);
    return;
  }
  s << head + "VALUES (:e, :l, :o, :q, :r, :v, :d, :a)" + upsert, soci::use(event), soci::use(line),
      soci::use(own), soci::use(qualifying), soci::use(refund), soci::use(voluntary),
      soci::use(damages), soci::use(at);
}

std::vector<Id> result_line_ids(soci::session& s, Id event_id) {
  std::vector<Id> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT line_id FROM outage_results WHERE event_id = :e ORDER BY line_id",
       soci::use(event_id));
  for (const auto& r : rows) out.push_back(row_i64(r, 0));
  return out;
}

void insert_postings(soci::session& s, const std::vector<Posting>& postings, UnixMicros now_us) {
  if (postings.empty()) return;
  const std::size_t n = postings.size();
  std::vector<long long> id(n), event(n), line(n), seq(n), amount(n), at(n, now_us);
  std::vector<std::string> kind(n);
  for (std::size_t i = 0; i < n; ++i) {
    id[i] = postings[i].id;
    event[i] = postings[i].event_id;
    line[i] = postings[i].line_id;
    kind[i] = std::string(to_string(postings[i].kind));
    seq[i] = postings[i].seq;
    amount[i] = postings[i].amount_won;
  }
  const std::string head =
      "INSERT INTO outage_postings (id, event_id, line_id, kind, seq, amount_won, posted, "
      "created_at) ";
  if (is_pg(s)) {
    const std::string i = store::pg_array(id), e = store::pg_array(event),
                      l = store::pg_array(line), k = store::pg_array(kind),
                      q = store::pg_array(seq), a = store::pg_array(amount),
                      c = store::pg_array(at);
    s << head +
             "SELECT i, e, l, k, q, a, 0, c FROM unnest(CAST(:i AS BIGINT[]), CAST(:e AS "
             "BIGINT[]), CAST(:l AS BIGINT[]), CAST(:k AS TEXT[]), CAST(:q AS BIGINT[]), CAST(:a "
             "AS BIGINT[]), CAST(:c AS BIGINT[])) AS v(i, e, l, k, q, a, c)",
        soci::use(i), soci::use(e), soci::use(l), soci::use(k), soci::use(q), soci::use(a),
        soci::use(c);
    return;
  }
  s << head + "VALUES (:id, :e, :l, :k, :s, :a, 0, :c)", soci::use(id), soci::use(event),
      soci::use(line), soci::use(kind), soci::use(seq), soci::use(amount), soci::use(at);
}

void mark_postings_posted(soci::session& s, const std::vector<Id>& ids) {
  if (ids.empty()) return;
  const bool pg = is_pg(s);
  const std::string list = int_list(ids, pg);
  s << std::string("UPDATE outage_postings SET posted = 1 WHERE id") + ids_in(pg), soci::use(list);
}

std::vector<Posting> unposted_postings(soci::session& s, int limit) {
  std::vector<Posting> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, event_id, line_id, kind, seq, amount_won FROM outage_postings "
                    "WHERE posted = 0 ORDER BY id LIMIT :n",
       soci::use(limit));
  for (const auto& r : rows) {
    out.push_back({.id = row_i64(r, 0),
                   .event_id = row_i64(r, 1),
                   .line_id = row_i64(r, 2),
                   .kind = parse_kind(r.get<std::string>(3)).value_or(Kind::refund),
                   .seq = row_int(r, 4),
                   .amount_won = row_i64(r, 5)});
  }
  return out;
}

std::map<PaidKey, Paid> paid(soci::session& s, const std::vector<Id>& event_ids,
                             const std::vector<Id>& line_ids) {
  std::map<PaidKey, Paid> out;
  if (event_ids.empty() || line_ids.empty()) return out;
  const bool pg = is_pg(s);
  const std::string events = int_list(event_ids, pg), lines = int_list(line_ids, pg);
  soci::rowset<soci::row> rows =
      (s.prepare
           << "SELECT event_id, line_id, kind, CAST(SUM(amount_won) AS BIGINT), MAX(seq) FROM "
              "outage_postings WHERE event_id" +
                  ids_in(pg, "ev") + " AND line_id" + ids_in(pg, "ln") +
                  " GROUP BY event_id, line_id, kind",
       soci::use(events, "ev"), soci::use(lines, "ln"));
  for (const auto& r : rows) {
    const auto kind = parse_kind(r.get<std::string>(2));
    assert(kind);
    out[{row_i64(r, 0), row_i64(r, 1), *kind}] = {row_i64(r, 3), row_int(r, 4)};
  }
  return out;
}

void insert_claim(soci::session& s, Id event_id, Id line_id, Id user_id, UnixMicros now_us) {
  s << "INSERT INTO outage_claims (event_id, line_id, claimed_by, claimed_at) VALUES (:e, :l, "
       ":u, :a) ON CONFLICT (event_id, line_id) DO NOTHING",
      soci::use(event_id), soci::use(line_id), soci::use(user_id), soci::use(now_us);
}

bool claimed(soci::session& s, Id event_id, Id line_id) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM outage_claims WHERE event_id = :e AND line_id = :l", soci::into(n),
      soci::use(event_id), soci::use(line_id);
  return n > 0;
}

namespace {
// The (event, line) pairs of `table` among the given events and lines.
std::set<std::pair<Id, Id>> pairs(soci::session& s, const char* table,
                                  const std::vector<Id>& event_ids,
                                  const std::vector<Id>& line_ids) {
  std::set<std::pair<Id, Id>> out;
  if (event_ids.empty() || line_ids.empty()) return out;
  const bool pg = is_pg(s);
  const std::string events = int_list(event_ids, pg), lines = int_list(line_ids, pg);
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT event_id, line_id FROM ") + table + " WHERE event_id" +
                        ids_in(pg, "ev") + " AND line_id" + ids_in(pg, "ln"),
       soci::use(events, "ev"), soci::use(lines, "ln"));
  for (const auto& r : rows) out.emplace(row_i64(r, 0), row_i64(r, 1));
  return out;
}
}  // namespace

std::set<std::pair<Id, Id>> claims(soci::session& s, const std::vector<Id>& event_ids,
                                   const std::vector<Id>& line_ids) {
  return pairs(s, "outage_claims", event_ids, line_ids);
}

std::set<std::pair<Id, Id>> results(soci::session& s, const std::vector<Id>& event_ids,
                                    const std::vector<Id>& line_ids) {
  return pairs(s, "outage_results", event_ids, line_ids);
}

Page<Compensation> event_compensations(soci::session& s, Id event_id, std::optional<Id> after,
                                       int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  const long long after_id = after.value_or(0);
  const int fetch = limit + 1;
  Page<Compensation> page;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kCompensationColumns) +
                          "WHERE r.event_id = :e AND r.line_id > :a ORDER BY r.line_id LIMIT :n",
         soci::use(event_id), soci::use(after_id), soci::use(fetch));
    for (const auto& r : rows) page.items.push_back(compensation_from(r));
  }
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next = page.items.back().line_id;
  }
  for (Compensation& c : page.items) attach_transfers(s, c);
  return page;
}

std::vector<Compensation> line_compensations(soci::session& s, Id line_id, int limit) {
  std::vector<Compensation> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kCompensationColumns) +
                          "WHERE r.line_id = :l ORDER BY r.event_id DESC LIMIT :n",
         soci::use(line_id), soci::use(limit));
    for (const auto& r : rows) out.push_back(compensation_from(r));
  }
  for (Compensation& c : out) attach_transfers(s, c);
  return out;
}

Totals event_totals(soci::session& s, Id event_id) {
  Totals t;
  soci::row r;
  s << "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN refund_won > 0 OR damages_claimable_won > 0 "
       "OR voluntary_won > 0 THEN 1 ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(refund_won), 0) "
       "AS BIGINT), CAST(COALESCE(SUM(voluntary_won), 0) AS BIGINT), "
       "CAST(COALESCE(SUM(damages_claimable_won), 0) AS BIGINT) FROM outage_results WHERE "
       "event_id = :e",
      soci::use(event_id), soci::into(r);
  t.lines = row_i64(r, 0);
  t.compensated_lines = row_i64(r, 1);
  t.refund_won = row_i64(r, 2);
  t.voluntary_won = row_i64(r, 3);
  t.damages_claimable_won = row_i64(r, 4);
  long long paid_won = 0;
  s << "SELECT CAST(COALESCE(SUM(amount_won), 0) AS BIGINT) FROM outage_postings WHERE "
       "event_id = :e AND kind = 'damages'",
      soci::into(paid_won), soci::use(event_id);
  t.damages_paid_won = paid_won;
  return t;
}

}  // namespace sangsaeng::outage
