#include "grants/store.h"

#include <cassert>
#include <limits>

#include "ledger/rows.h"  // row_i64

namespace sangsaeng::grants {

namespace {

using ledger::row_i64;

constexpr const char* kApplicationColumns =
    "SELECT id, program, fund_id, applicant_id, status, child_name, child_birth_date, "
    "guardian_name, guardian_relation, guardian_phone, hospital, consent_on, report_hash, "
    "report_type, requested_won, granted_won, sessions_planned, grant_state, reserve_id, pay_id, "
    "release_id, paid_at, reason, version, created_at, updated_at FROM grant_applications ";

std::optional<Id> optional_i64(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return row_i64(r, i);
}

Application application_from(const soci::row& r) {
  Application a;
  a.id = row_i64(r, 0);
  a.program = r.get<std::string>(1);
  a.fund_id = r.get<std::string>(2);
  a.applicant_id = row_i64(r, 3);
  const auto stage = parse_stage(r.get<std::string>(4));
  assert(stage);
  a.stage = stage.value_or(Stage::submitted);
  a.child_name = r.get<std::string>(5);
  a.child_birth_date = r.get<std::string>(6);
  a.guardian_name = r.get<std::string>(7);
  a.guardian_relation = r.get<std::string>(8);
  a.guardian_phone = r.get<std::string>(9);
  a.hospital = r.get<std::string>(10);
  a.consent_on = r.get<std::string>(11);
  a.report_hash = r.get<std::string>(12);
  a.report_type = r.get<std::string>(13);
  a.requested_won = row_i64(r, 14);
  a.granted_won = row_i64(r, 15);
  a.sessions_planned = static_cast<int>(row_i64(r, 16));
  const auto money = parse_money(r.get<std::string>(17));
  assert(money);
  a.money = money.value_or(Money::none);
  a.reserve_id = optional_i64(r, 18);
  a.pay_id = optional_i64(r, 19);
  a.release_id = optional_i64(r, 20);
  a.paid_at_us = optional_i64(r, 21);
  a.reason = r.get<std::string>(22);
  a.version = static_cast<int>(row_i64(r, 23));
  a.created_at_us = row_i64(r, 24);
  a.updated_at_us = row_i64(r, 25);
  return a;
}

std::vector<Application> applications_from(soci::rowset<soci::row>& rows) {
  std::vector<Application> out;
  for (const auto& r : rows) out.push_back(application_from(r));
  return out;
}

// The columns a change may write, bound in one place for insert and update.
struct Bound {
  explicit Bound(const Application& a)
      : id(a.id),
        applicant(a.applicant_id),
        stage(to_string(a.stage)),
        money(to_string(a.money)),
        requested(a.requested_won),
        granted(a.granted_won),
        planned(a.sessions_planned),
        reserve(a.reserve_id.value_or(0)),
        pay(a.pay_id.value_or(0)),
        release(a.release_id.value_or(0)),
        paid_at(a.paid_at_us.value_or(0)),
        version(a.version),
        created(a.created_at_us),
        updated(a.updated_at_us),
        reserve_ind(a.reserve_id ? soci::i_ok : soci::i_null),
        pay_ind(a.pay_id ? soci::i_ok : soci::i_null),
        release_ind(a.release_id ? soci::i_ok : soci::i_null),
        paid_ind(a.paid_at_us ? soci::i_ok : soci::i_null) {}
  long long id, applicant;
  std::string stage, money;
  long long requested, granted, planned, reserve, pay, release, paid_at, version, created, updated;
  soci::indicator reserve_ind, pay_ind, release_ind, paid_ind;
};

}  // namespace

std::optional<Fund> find_fund(soci::session& s, const std::string& id) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, program, name_ko, name_en, account_id, revenue_account_id, "
                    "payout_account_id FROM grant_funds WHERE id = :id",
       soci::use(id));
  for (const auto& r : rows) {
    return Fund{.id = r.get<std::string>(0),
                .program = r.get<std::string>(1),
                .name_ko = r.get<std::string>(2),
                .name_en = r.get<std::string>(3),
                .account_id = optional_i64(r, 4),
                .revenue_account_id = optional_i64(r, 5),
                .payout_account_id = optional_i64(r, 6)};
  }
  return std::nullopt;
}

void name_fund_accounts(soci::session& s, const std::string& fund_id, Id account, Id revenue,
                        Id payout) {
  long long a = account, r = revenue, p = payout;
  s << "UPDATE grant_funds SET account_id = :a, revenue_account_id = :r, payout_account_id = :p "
       "WHERE id = :id AND account_id IS NULL",
      soci::use(a), soci::use(r), soci::use(p), soci::use(fund_id);
}

bool insert_revenue(soci::session& s, const RevenueRow& row) {
  long long id = row.id, amount = row.line.amount_won, tickets = row.line.tickets,
            by = row.created_by, at = row.created_at_us;
  int posted = row.posted ? 1 : 0;
  soci::statement st =
      (s.prepare << "INSERT INTO grant_revenue (id, fund_id, source_key, sold_on, amount_won, "
                    "title, tickets, posted, created_by, created_at) VALUES (:id, :f, :k, :d, "
                    ":a, :t, :n, :p, :b, :at) ON CONFLICT (fund_id, source_key) DO NOTHING",
       soci::use(id), soci::use(row.fund_id), soci::use(row.source_key),
       soci::use(row.line.sold_on), soci::use(amount), soci::use(row.line.title),
       soci::use(tickets), soci::use(posted), soci::use(by), soci::use(at));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<std::int64_t> revenue_amount(soci::session& s, const std::string& fund_id,
                                           const std::string& key) {
  long long amount = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT amount_won FROM grant_revenue WHERE fund_id = :f AND source_key = :k",
      soci::into(amount, ind), soci::use(fund_id), soci::use(key);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  return amount;
}

DayKind claim_day(soci::session& s, const std::string& fund_id, const std::string& sold_on,
                  DayKind kind) {
  const std::string wanted = kind == DayKind::sales ? "sales" : "total";
  s << "INSERT INTO grant_revenue_days (fund_id, sold_on, kind) VALUES (:f, :d, :k) "
       "ON CONFLICT (fund_id, sold_on) DO NOTHING",
      soci::use(fund_id), soci::use(sold_on), soci::use(wanted);
  std::string held;
  s << "SELECT kind FROM grant_revenue_days WHERE fund_id = :f AND sold_on = :d", soci::into(held),
      soci::use(fund_id), soci::use(sold_on);
  assert(held == "sales" || held == "total");
  return held == "sales" ? DayKind::sales : DayKind::total;
}

std::vector<RevenueRow> unposted_revenue(soci::session& s, const std::string& fund_id, int limit) {
  std::vector<RevenueRow> out;
  long long l = limit;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, source_key, sold_on, amount_won FROM grant_revenue "
                    "WHERE fund_id = :f AND posted = 0 ORDER BY id LIMIT :l",
       soci::use(fund_id), soci::use(l));
  for (const auto& r : rows) {
    RevenueRow row{.id = row_i64(r, 0), .fund_id = fund_id, .source_key = r.get<std::string>(1)};
    row.line.sold_on = r.get<std::string>(2);
    row.line.amount_won = row_i64(r, 3);
    out.push_back(std::move(row));
  }
  return out;
}

void mark_revenue_posted(soci::session& s, const std::vector<Id>& ids) {
  if (ids.empty()) return;
  std::vector<long long> keys(ids.begin(), ids.end());
  s << "UPDATE grant_revenue SET posted = 1 WHERE id = :id", soci::use(keys);
}

std::int64_t revenue_total(soci::session& s, const std::string& fund_id) {
  long long total = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT SUM(amount_won) FROM grant_revenue WHERE fund_id = :f AND posted = 1",
      soci::into(total, ind), soci::use(fund_id);
  return ind == soci::i_ok ? total : 0;
}

std::vector<FundView::Month> revenue_months(soci::session& s, const std::string& fund_id,
                                            int months_max) {
  std::vector<FundView::Month> out;
  long long l = months_max;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT SUBSTR(sold_on, 1, 7) AS m, SUM(amount_won), COUNT(*) FROM "
                    "grant_revenue WHERE fund_id = :f AND posted = 1 GROUP BY SUBSTR(sold_on, 1, "
                    "7) ORDER BY m DESC LIMIT :l",
       soci::use(fund_id), soci::use(l));
  for (const auto& r : rows)
    out.push_back(
        {.month = r.get<std::string>(0), .amount_won = row_i64(r, 1), .lines = row_i64(r, 2)});
  return out;
}

void insert_application(soci::session& s, const Application& a) {
  Bound b(a);
  s << "INSERT INTO grant_applications (id, program, fund_id, applicant_id, status, child_name, "
       "child_birth_date, guardian_name, guardian_relation, guardian_phone, hospital, consent_on, "
       "report_hash, report_type, requested_won, granted_won, sessions_planned, grant_state, "
       "reserve_id, pay_id, release_id, paid_at, reason, version, created_at, updated_at) VALUES "
       "(:id, :pr, :f, :ap, :st, :cn, :cb, :gn, :gr, :gp, :h, :co, :rh, :rt, :rq, :gw, :sp, :gs, "
       ":ri, :pi, :li, :pa, :re, :v, :ca, :ua)",
      soci::use(b.id), soci::use(a.program), soci::use(a.fund_id), soci::use(b.applicant),
      soci::use(b.stage), soci::use(a.child_name), soci::use(a.child_birth_date),
      soci::use(a.guardian_name), soci::use(a.guardian_relation), soci::use(a.guardian_phone),
      soci::use(a.hospital), soci::use(a.consent_on), soci::use(a.report_hash),
      soci::use(a.report_type), soci::use(b.requested), soci::use(b.granted), soci::use(b.planned),
      soci::use(b.money), soci::use(b.reserve, b.reserve_ind), soci::use(b.pay, b.pay_ind),
      soci::use(b.release, b.release_ind), soci::use(b.paid_at, b.paid_ind), soci::use(a.reason),
      soci::use(b.version), soci::use(b.created), soci::use(b.updated);
}

std::optional<Application> find_application(soci::session& s, Id id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kApplicationColumns) + "WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return application_from(r);
  return std::nullopt;
}

bool update_application(soci::session& s, const Application& a) {
  assert(a.version >= 2);
  Bound b(a);
  long long before = a.version - 1;
  soci::statement st =
      (s.prepare << "UPDATE grant_applications SET status = :st, granted_won = :gw, "
                    "sessions_planned = :sp, grant_state = :gs, reserve_id = :ri, pay_id = :pi, "
                    "release_id = :li, paid_at = :pa, reason = :re, version = :v, updated_at = "
                    ":ua WHERE id = :id AND version = :before",
       soci::use(b.stage), soci::use(b.granted), soci::use(b.planned), soci::use(b.money),
       soci::use(b.reserve, b.reserve_ind), soci::use(b.pay, b.pay_ind),
       soci::use(b.release, b.release_ind), soci::use(b.paid_at, b.paid_ind), soci::use(a.reason),
       soci::use(b.version), soci::use(b.updated), soci::use(b.id), soci::use(before));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

Page<Application> page_applications(soci::session& s, std::optional<Stage> stage,
                                    std::optional<Id> before, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  const std::string text = stage ? std::string(to_string(*stage)) : "";
  long long cursor = before.value_or(std::numeric_limits<long long>::max()), l = limit + 1;
  Page<Application> page;
  const std::string columns(kApplicationColumns);
  if (stage) {
    soci::rowset<soci::row> rows =
        (s.prepare << columns + "WHERE status = :t AND id < :c ORDER BY id DESC LIMIT :l",
         soci::use(text), soci::use(cursor), soci::use(l));
    page.items = applications_from(rows);
  } else {
    soci::rowset<soci::row> rows =
        (s.prepare << columns + "WHERE id < :c ORDER BY id DESC LIMIT :l", soci::use(cursor),
         soci::use(l));
    page.items = applications_from(rows);
  }
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next = page.items.back().id;
  }
  return page;
}

std::vector<Application> applications_of(soci::session& s, Id applicant_id, int limit) {
  long long a = applicant_id, l = limit;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kApplicationColumns) +
                        "WHERE applicant_id = :a ORDER BY id DESC LIMIT :l",
       soci::use(a), soci::use(l));
  return applications_from(rows);
}

std::vector<Application> unsettled_money(soci::session& s, int limit) {
  long long l = limit;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kApplicationColumns) +
                        "WHERE grant_state IN ('reserving', 'paying', 'releasing') "
                        "ORDER BY updated_at LIMIT :l",
       soci::use(l));
  return applications_from(rows);
}

std::map<Money, std::int64_t> money_counts(soci::session& s, const std::string& fund_id) {
  std::map<Money, std::int64_t> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT grant_state, COUNT(*) FROM grant_applications WHERE fund_id = :f "
                    "GROUP BY grant_state",
       soci::use(fund_id));
  for (const auto& r : rows) {
    if (auto m = parse_money(r.get<std::string>(0))) out[*m] = row_i64(r, 1);
  }
  return out;
}

std::vector<UnixMicros> paid_times(soci::session& s, int limit) {
  std::vector<UnixMicros> out;
  long long l = limit;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT paid_at FROM grant_applications WHERE paid_at IS NOT NULL "
                    "ORDER BY paid_at LIMIT :l",
       soci::use(l));
  for (const auto& r : rows) out.push_back(row_i64(r, 0));
  return out;
}

void insert_step(soci::session& s, Id application_id, const Step& step) {
  long long id = step.id, app = application_id, actor = step.actor_id, at = step.at_us;
  const std::string from(to_string(step.from)), to(to_string(step.to));
  s << "INSERT INTO grant_transitions (id, application_id, from_status, to_status, reason, "
       "actor_id, at) VALUES (:id, :a, :f, :t, :r, :ac, :at)",
      soci::use(id), soci::use(app), soci::use(from), soci::use(to), soci::use(step.reason),
      soci::use(actor), soci::use(at);
}

std::vector<Step> steps_of(soci::session& s, Id application_id) {
  std::vector<Step> out;
  long long app = application_id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, from_status, to_status, reason, actor_id, at FROM "
                    "grant_transitions WHERE application_id = :a ORDER BY id LIMIT 100",
       soci::use(app));
  for (const auto& r : rows) {
    out.push_back({.id = row_i64(r, 0),
                   .from = parse_stage(r.get<std::string>(1)).value_or(Stage::submitted),
                   .to = parse_stage(r.get<std::string>(2)).value_or(Stage::submitted),
                   .reason = r.get<std::string>(3),
                   .actor_id = row_i64(r, 4),
                   .at_us = row_i64(r, 5)});
  }
  return out;
}

bool insert_session(soci::session& s, Session& x) {
  long long app = x.application_id, last = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT MAX(number) FROM grant_sessions WHERE application_id = :a", soci::into(last, ind),
      soci::use(app);
  x.number = static_cast<int>((ind == soci::i_ok ? last : 0) + 1);
  long long id = x.id, number = x.number, progress = x.progress_percent, by = x.recorded_by,
            at = x.created_at_us;
  soci::statement st =
      (s.prepare << "INSERT INTO grant_sessions (id, application_id, number, held_on, "
                    "progress_percent, note, recorded_by, created_at) VALUES (:id, :a, :n, :h, "
                    ":p, :no, :b, :at) ON CONFLICT (application_id, number) DO NOTHING",
       soci::use(id), soci::use(app), soci::use(number), soci::use(x.held_on), soci::use(progress),
       soci::use(x.note), soci::use(by), soci::use(at));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Session> sessions_of(soci::session& s, Id application_id) {
  std::vector<Session> out;
  long long app = application_id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, number, held_on, progress_percent, note, recorded_by, created_at "
                    "FROM grant_sessions WHERE application_id = :a ORDER BY number LIMIT 500",
       soci::use(app));
  for (const auto& r : rows) {
    out.push_back({.id = row_i64(r, 0),
                   .application_id = application_id,
                   .number = static_cast<int>(row_i64(r, 1)),
                   .held_on = r.get<std::string>(2),
                   .progress_percent = static_cast<int>(row_i64(r, 3)),
                   .note = r.get<std::string>(4),
                   .recorded_by = row_i64(r, 5),
                   .created_at_us = row_i64(r, 6)});
  }
  return out;
}

}  // namespace sangsaeng::grants
