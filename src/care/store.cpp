#include "care/store.h"

#include <boost/json.hpp>
#include <cassert>
#include <cmath>

#include "ledger/rows.h"

namespace sangsaeng::care {

namespace {

namespace json = boost::json;
using ledger::ids_in;
using ledger::int_list;
using ledger::is_pg;
using ledger::row_i64;

// Names the care days' publication locks among PostgreSQL's advisory locks (the two-key form,
// apart from the one-key locks of migrations and jobs and the market's class).
constexpr int kDayLockClass = 0x43415245;  // "CARE"

constexpr const char* kHelperColumns =
    "SELECT id, user_id, name, kind, gender, team, home_address, home_lat_e6, home_lon_e6, "
    "weekday_start_min, weekday_end_min, weekend_start_min, weekend_end_min, skills, languages, "
    "certifications, created_at FROM care_helpers ";
constexpr const char* kBeneficiaryColumns =
    "SELECT id, program, name, phone, address, lat_e6, lon_e6, needs, consent_on, "
    "designated_helper_id, female_helper_only, created_at FROM care_beneficiaries ";
constexpr const char* kRequestColumns =
    "SELECT id, program, beneficiary_id, kind, visit_date, duration_min, windows, priority, "
    "skills, language, status, reason, created_by, created_at, updated_at FROM care_requests ";
constexpr const char* kPlanColumns =
    "SELECT id, plan_date, published_at, body, created_by, created_at FROM care_plans ";
constexpr const char* kVisitColumns =
    "SELECT id, plan_id, request_id, helper_id, visit_date, seq, start_at, end_at, status, "
    "checked_in_at, checked_out_at, outcome, notes, duration_min, satisfaction FROM care_visits ";

long long e6(double degrees) {
  return std::llround(degrees * 1e6);
}
double degrees(long long v) {
  return static_cast<double>(v) / 1e6;
}
std::optional<std::int64_t> row_opt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return row_i64(r, i);
}
std::optional<std::string> row_text(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return r.get<std::string>(i);
}
int row_int(const soci::row& r, std::size_t i) {
  return static_cast<int>(row_i64(r, i));
}

// --- JSON text of the list columns ---

std::string words_text(const std::vector<std::string>& words) {
  json::array a;
  for (const auto& w : words) a.emplace_back(w);
  return json::serialize(a);
}
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  const json::value parsed = json::parse(text);
  for (const auto& v : parsed.as_array()) out.emplace_back(v.as_string());
  return out;
}
std::string spans_text(const std::vector<Span>& spans) {
  json::array a;
  for (const Span& s : spans) a.push_back(json::array{s.start_min, s.end_min});
  return json::serialize(a);
}
std::vector<Span> spans_of(const std::string& text) {
  std::vector<Span> out;
  const json::value parsed = json::parse(text);
  for (const auto& v : parsed.as_array()) {
    const auto& pair = v.as_array();
    out.push_back({static_cast<int>(pair[0].to_number<std::int64_t>()),
                   static_cast<int>(pair[1].to_number<std::int64_t>())});
  }
  return out;
}
std::string certifications_text(const std::vector<Certification>& certs) {
  json::array a;
  for (const auto& c : certs)
    a.push_back(
        json::object{{"name", c.name}, {"issued_on", c.issued_on}, {"expires_on", c.expires_on}});
  return json::serialize(a);
}
std::vector<Certification> certifications_of(const std::string& text) {
  std::vector<Certification> out;
  const json::value parsed = json::parse(text);
  for (const auto& v : parsed.as_array()) {
    const auto& o = v.as_object();
    out.push_back({std::string(o.at("name").as_string()),
                   std::string(o.at("issued_on").as_string()),
                   std::string(o.at("expires_on").as_string())});
  }
  return out;
}

std::optional<Span> span_at(const soci::row& r, std::size_t i) {
  const auto start = row_opt(r, i), end = row_opt(r, i + 1);
  if (!start || !end) return std::nullopt;
  return Span{static_cast<int>(*start), static_cast<int>(*end)};
}

Helper helper_from(const soci::row& r) {
  Helper h;
  h.id = row_i64(r, 0);
  h.user_id = row_opt(r, 1);
  h.name = r.get<std::string>(2);
  h.kind = parse_helper_kind(r.get<std::string>(3)).value_or(HelperKind::volunteer);
  h.gender = parse_gender(r.get<std::string>(4)).value_or(Gender::unrecorded);
  h.team = r.get<std::string>(5);
  h.home = {r.get<std::string>(6), degrees(row_i64(r, 7)), degrees(row_i64(r, 8))};
  h.weekday_shift = span_at(r, 9);
  h.weekend_shift = span_at(r, 11);
  h.skills = words_of(r.get<std::string>(13));
  h.languages = words_of(r.get<std::string>(14));
  h.certifications = certifications_of(r.get<std::string>(15));
  h.created_at_us = row_i64(r, 16);
  return h;
}

Beneficiary beneficiary_from(const soci::row& r) {
  Beneficiary b;
  b.id = row_i64(r, 0);
  b.program = r.get<std::string>(1);
  b.name = r.get<std::string>(2);
  b.phone = r.get<std::string>(3);
  b.place = {r.get<std::string>(4), degrees(row_i64(r, 5)), degrees(row_i64(r, 6))};
  b.needs = words_of(r.get<std::string>(7));
  b.consent_on = row_text(r, 8);
  b.designated_helper_id = row_opt(r, 9);
  b.female_helper_only = row_i64(r, 10) != 0;
  b.created_at_us = row_i64(r, 11);
  return b;
}

Request request_from(const soci::row& r) {
  Request q;
  q.id = row_i64(r, 0);
  q.program = r.get<std::string>(1);
  q.beneficiary_id = row_i64(r, 2);
  q.kind = parse_request_kind(r.get<std::string>(3)).value_or(RequestKind::home_it_help);
  q.date = r.get<std::string>(4);
  q.duration_min = row_int(r, 5);
  q.windows = spans_of(r.get<std::string>(6));
  q.priority = row_int(r, 7);
  q.skills = words_of(r.get<std::string>(8));
  q.language = row_text(r, 9);
  q.status = parse_request_status(r.get<std::string>(10)).value_or(RequestStatus::requested);
  q.reason = r.get<std::string>(11);
  q.created_by = row_i64(r, 12);
  q.created_at_us = row_i64(r, 13);
  q.updated_at_us = row_i64(r, 14);
  return q;
}

// --- a plan's body ---

json::object summary_json(const PlanSummary& s) {
  return {{"requests", s.requests},
          {"assigned", s.assigned},
          {"unassigned", s.unassigned},
          {"helpers_on_shift", s.helpers_on_shift},
          {"helpers_used", s.helpers_used},
          {"designated", s.designated},
          {"designated_honoured", s.designated_honoured},
          {"kept", s.kept},
          {"travel_km", s.travel_km},
          {"solver_ms", s.solver_ms},
          {"iterations", s.iterations}};
}

PlanSummary summary_of(const json::object& o) {
  auto i = [&](const char* k) { return static_cast<int>(o.at(k).to_number<std::int64_t>()); };
  PlanSummary s;
  s.requests = i("requests");
  s.assigned = i("assigned");
  s.unassigned = i("unassigned");
  s.helpers_on_shift = i("helpers_on_shift");
  s.helpers_used = i("helpers_used");
  s.designated = i("designated");
  s.designated_honoured = i("designated_honoured");
  s.kept = o.contains("kept") ? i("kept") : 0;  // plans stored before re-plans had none
  s.travel_km = o.at("travel_km").to_number<double>();
  s.solver_ms = o.at("solver_ms").to_number<std::int64_t>();
  s.iterations = o.at("iterations").to_number<std::int64_t>();
  return s;
}

std::string body_text(const Plan& p) {
  json::array routes, left;
  for (const PlanRoute& r : p.routes) {
    json::array visits;
    for (const PlannedVisit& v : r.visits)
      visits.push_back(json::array{v.request_id, v.start_at_us, v.end_at_us});
    routes.push_back(json::object{{"helper_id", r.helper_id}, {"visits", std::move(visits)}});
  }
  for (const Left& l : p.unassigned) left.push_back(json::array{l.request_id, l.reason});
  json::array moved;
  for (Id id : p.moved) moved.emplace_back(id);
  json::object body{{"routes", std::move(routes)},
                    {"unassigned", std::move(left)},
                    {"summary", summary_json(p.summary)},
                    {"moves", p.moves},
                    {"moved", std::move(moved)}};
  if (p.base_plan_id) body["base_plan_id"] = *p.base_plan_id;
  return json::serialize(body);
}

void read_body(Plan& p, const std::string& text) {
  const json::value parsed = json::parse(text);
  const json::object& body = parsed.as_object();
  for (const auto& rv : body.at("routes").as_array()) {
    const auto& r = rv.as_object();
    PlanRoute route{.helper_id = r.at("helper_id").to_number<std::int64_t>(), .visits = {}};
    for (const auto& vv : r.at("visits").as_array()) {
      const auto& v = vv.as_array();
      route.visits.push_back({v[0].to_number<std::int64_t>(), v[1].to_number<std::int64_t>(),
                              v[2].to_number<std::int64_t>()});
    }
    p.routes.push_back(std::move(route));
  }
  for (const auto& lv : body.at("unassigned").as_array()) {
    const auto& l = lv.as_array();
    p.unassigned.push_back({l[0].to_number<std::int64_t>(), std::string(l[1].as_string())});
  }
  p.summary = summary_of(body.at("summary").as_object());
  p.moves = static_cast<int>(body.at("moves").to_number<std::int64_t>());
  if (const auto* moved = body.if_contains("moved"))
    for (const auto& id : moved->as_array()) p.moved.push_back(id.to_number<std::int64_t>());
  if (const auto* base = body.if_contains("base_plan_id"))
    p.base_plan_id = base->to_number<std::int64_t>();
}

Plan plan_from_row(const soci::row& r) {
  Plan p;
  p.id = row_i64(r, 0);
  p.date = r.get<std::string>(1);
  p.published_at_us = row_opt(r, 2);
  p.published = p.published_at_us.has_value();
  read_body(p, r.get<std::string>(3));
  p.created_by = row_i64(r, 4);
  p.created_at_us = row_i64(r, 5);
  return p;
}

Visit visit_from(const soci::row& r) {
  Visit v;
  v.id = row_i64(r, 0);
  v.plan_id = row_i64(r, 1);
  v.request_id = row_i64(r, 2);
  v.helper_id = row_i64(r, 3);
  v.date = r.get<std::string>(4);
  v.seq = row_int(r, 5);
  v.start_at_us = row_i64(r, 6);
  v.end_at_us = row_i64(r, 7);
  const std::string status = r.get<std::string>(8);
  v.status = status == "visiting" ? VisitStatus::visiting
             : status == "done"   ? VisitStatus::done
                                  : VisitStatus::planned;
  v.checked_in_at_us = row_opt(r, 9);
  v.checked_out_at_us = row_opt(r, 10);
  if (auto o = row_text(r, 11)) v.outcome = parse_outcome(*o);
  v.notes = r.get<std::string>(12);
  if (auto d = row_opt(r, 13)) v.duration_min = static_cast<int>(*d);
  if (auto d = row_opt(r, 14)) v.satisfaction = static_cast<int>(*d);
  return v;
}

template <class T, class From>
std::vector<T> by_ids(soci::session& s, const char* columns, const std::vector<Id>& ids,
                      From from) {
  std::vector<T> out;
  if (ids.empty()) return out;
  const bool pg = is_pg(s);
  const std::string list = int_list(ids, pg);
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(columns) + "WHERE id" + ids_in(pg) + " ORDER BY id",
       soci::use(list));
  for (const auto& r : rows) out.push_back(from(r));
  return out;
}

// A bound optional integer: the value and its indicator.
struct OptInt {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  static OptInt of(const std::optional<std::int64_t>& v) {
    return v ? OptInt{*v, soci::i_ok} : OptInt{};
  }
};

}  // namespace

void insert_helpers(soci::session& s, const std::vector<Helper>& helpers) {
  for (const Helper& h : helpers) {
    assert(h.id > 0);
    OptInt user = OptInt::of(h.user_id);
    auto bound = [](const std::optional<Span>& span, bool end) {
      return span ? OptInt{end ? span->end_min : span->start_min, soci::i_ok} : OptInt{};
    };
    OptInt wd_s = bound(h.weekday_shift, false), wd_e = bound(h.weekday_shift, true);
    OptInt we_s = bound(h.weekend_shift, false), we_e = bound(h.weekend_shift, true);
    const std::string kind(to_string(h.kind)), gender(to_string(h.gender));
    const long long lat = e6(h.home.lat), lon = e6(h.home.lon);
    const std::string skills = words_text(h.skills), languages = words_text(h.languages),
                      certs = certifications_text(h.certifications);
    s << "INSERT INTO care_helpers (id, user_id, name, kind, gender, team, home_address, "
         "home_lat_e6, home_lon_e6, weekday_start_min, weekday_end_min, weekend_start_min, "
         "weekend_end_min, skills, languages, certifications, created_at) VALUES (:id, :u, :n, "
         ":k, :g, :t, :a, :la, :lo, :ws, :we, :ks, :ke, :s, :l, :c, :at)",
        soci::use(h.id), soci::use(user.value, user.ind), soci::use(h.name), soci::use(kind),
        soci::use(gender), soci::use(h.team), soci::use(h.home.address), soci::use(lat),
        soci::use(lon), soci::use(wd_s.value, wd_s.ind), soci::use(wd_e.value, wd_e.ind),
        soci::use(we_s.value, we_s.ind), soci::use(we_e.value, we_e.ind), soci::use(skills),
        soci::use(languages), soci::use(certs), soci::use(h.created_at_us);
  }
}

std::optional<Helper> find_helper(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kHelperColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return helper_from(r);
}

std::optional<Helper> helper_of_user(soci::session& s, Id user_id) {
  soci::row r;
  s << std::string(kHelperColumns) + "WHERE user_id = :u", soci::use(user_id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return helper_from(r);
}

Page<Helper> page_helpers(soci::session& s, std::optional<Id> after, int limit) {
  assert(limit >= 1 && limit <= 5'000);
  const long long from = after.value_or(0);
  const int fetch = limit + 1;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kHelperColumns) + "WHERE id > :a ORDER BY id LIMIT :l",
       soci::use(from), soci::use(fetch));
  Page<Helper> page;
  for (const auto& r : rows) page.items.push_back(helper_from(r));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next = page.items.back().id;
  }
  return page;
}

std::vector<Id> missing_helpers(soci::session& s, const std::vector<Id>& ids) {
  std::vector<Id> missing;
  for (Id id : ids) {
    long long found = 0;
    s << "SELECT COUNT(*) FROM care_helpers WHERE id = :id", soci::use(id), soci::into(found);
    if (found == 0) missing.push_back(id);
  }
  return missing;
}

void insert_beneficiaries(soci::session& s, const std::vector<Beneficiary>& list) {
  for (const Beneficiary& b : list) {
    assert(b.id > 0);
    const long long lat = e6(b.place.lat), lon = e6(b.place.lon);
    const std::string needs = words_text(b.needs);
    std::string consent = b.consent_on.value_or("");
    soci::indicator consent_ind = b.consent_on ? soci::i_ok : soci::i_null;
    OptInt designated = OptInt::of(b.designated_helper_id);
    const int female = b.female_helper_only;
    s << "INSERT INTO care_beneficiaries (id, program, name, phone, address, lat_e6, lon_e6, "
         "needs, consent_on, designated_helper_id, female_helper_only, created_at) VALUES (:id, "
         ":p, :n, :ph, :a, :la, :lo, :ne, :co, :d, :f, :at)",
        soci::use(b.id), soci::use(b.program), soci::use(b.name), soci::use(b.phone),
        soci::use(b.place.address), soci::use(lat), soci::use(lon), soci::use(needs),
        soci::use(consent, consent_ind), soci::use(designated.value, designated.ind),
        soci::use(female), soci::use(b.created_at_us);
  }
}

std::vector<Beneficiary> beneficiaries_by_ids(soci::session& s, const std::vector<Id>& ids) {
  return by_ids<Beneficiary>(s, kBeneficiaryColumns, ids, beneficiary_from);
}

void insert_requests(soci::session& s, const std::vector<Request>& list) {
  for (const Request& q : list) {
    assert(q.id > 0);
    const std::string kind(to_string(q.kind)), status(to_string(q.status));
    const std::string windows = spans_text(q.windows), skills = words_text(q.skills);
    std::string language = q.language.value_or("");
    soci::indicator language_ind = q.language ? soci::i_ok : soci::i_null;
    s << "INSERT INTO care_requests (id, program, beneficiary_id, kind, visit_date, "
         "duration_min, windows, priority, skills, language, status, reason, created_by, "
         "created_at, updated_at) VALUES (:id, :p, :b, :k, :d, :du, :w, :pr, :s, :l, :st, :r, "
         ":cb, :ca, :ua)",
        soci::use(q.id), soci::use(q.program), soci::use(q.beneficiary_id), soci::use(kind),
        soci::use(q.date), soci::use(q.duration_min), soci::use(windows), soci::use(q.priority),
        soci::use(skills), soci::use(language, language_ind), soci::use(status),
        soci::use(q.reason), soci::use(q.created_by), soci::use(q.created_at_us),
        soci::use(q.updated_at_us);
  }
}

std::optional<Request> find_request(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kRequestColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return request_from(r);
}

std::vector<Request> requests_by_ids(soci::session& s, const std::vector<Id>& ids) {
  return by_ids<Request>(s, kRequestColumns, ids, request_from);
}

std::vector<Request> requests_on(soci::session& s, const std::string& date,
                                 std::optional<RequestStatus> status, int limit) {
  std::vector<Request> out;
  const std::string st(status ? to_string(*status) : "");
  const int all = status ? 0 : 1;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kRequestColumns) +
                        "WHERE visit_date = :d AND (status = :s OR 1 = :a) ORDER BY id LIMIT :l",
       soci::use(date), soci::use(st), soci::use(all), soci::use(limit));
  for (const auto& r : rows) out.push_back(request_from(r));
  return out;
}

std::vector<Request> requests_by_creator(soci::session& s, Id user_id, int limit) {
  std::vector<Request> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kRequestColumns) +
                        "WHERE created_by = :u ORDER BY created_at DESC, id DESC LIMIT :l",
       soci::use(user_id), soci::use(limit));
  for (const auto& r : rows) out.push_back(request_from(r));
  return out;
}

long long open_requests_by(soci::session& s, Id user_id) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM care_requests WHERE created_by = :u AND status = 'requested'",
      soci::use(user_id), soci::into(n);
  return n;
}

void set_request_status(soci::session& s, Id id, RequestStatus status, const std::string& reason,
                        UnixMicros now_us) {
  const std::string st(to_string(status));
  s << "UPDATE care_requests SET status = :s, reason = :r, updated_at = :u WHERE id = :id",
      soci::use(st), soci::use(reason), soci::use(now_us), soci::use(id);
}

void insert_plan(soci::session& s, const Plan& p) {
  assert(p.id > 0 && !p.published);
  const std::string body = body_text(p);
  s << "INSERT INTO care_plans (id, plan_date, published_at, body, created_by, created_at) "
       "VALUES (:id, :d, NULL, :b, :cb, :ca)",
      soci::use(p.id), soci::use(p.date), soci::use(body), soci::use(p.created_by),
      soci::use(p.created_at_us);
}

void update_plan(soci::session& s, const Plan& p) {
  const std::string body = body_text(p);
  OptInt published = OptInt::of(p.published_at_us);
  s << "UPDATE care_plans SET body = :b, published_at = :p WHERE id = :id", soci::use(body),
      soci::use(published.value, published.ind), soci::use(p.id);
}

std::optional<Plan> find_plan(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kPlanColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return plan_from_row(r);
}

std::vector<Plan> plans_on(soci::session& s, const std::string& date, int limit) {
  std::vector<Plan> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPlanColumns) +
                        "WHERE plan_date = :d ORDER BY created_at DESC, id DESC LIMIT :l",
       soci::use(date), soci::use(limit));
  for (const auto& r : rows) out.push_back(plan_from_row(r));
  return out;
}

std::optional<Id> published_plan_on(soci::session& s, const std::string& date) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT id FROM care_plans WHERE plan_date = :d AND published_at IS NOT NULL AND "
       "superseded_at IS NULL",
      soci::use(date), soci::into(id, ind);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  return id;
}

void supersede_plan(soci::session& s, Id id, UnixMicros now_us) {
  s << "UPDATE care_plans SET superseded_at = :t WHERE id = :id", soci::use(now_us), soci::use(id);
}

void lock_day(soci::session& s, const std::string& date) {
  if (!is_pg(s)) return;  // SQLite: this transaction is the only writer
  const auto civil = parse_date(date);
  assert(civil);
  int cls = kDayLockClass;
  int key = civil->year * 10'000 + civil->month * 100 + civil->day;
  s << "SELECT pg_advisory_xact_lock(:c, :k)", soci::use(cls), soci::use(key);
}

void insert_visits(soci::session& s, const std::vector<Visit>& visits) {
  for (const Visit& v : visits) {
    const std::string status(to_string(v.status));
    s << "INSERT INTO care_visits (id, plan_id, request_id, helper_id, visit_date, seq, "
         "start_at, end_at, status, notes) VALUES (:id, :p, :r, :h, :d, :q, :s, :e, :st, '')",
        soci::use(v.id), soci::use(v.plan_id), soci::use(v.request_id), soci::use(v.helper_id),
        soci::use(v.date), soci::use(v.seq), soci::use(v.start_at_us), soci::use(v.end_at_us),
        soci::use(status);
  }
}

std::optional<Visit> find_visit(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kVisitColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return visit_from(r);
}

std::vector<Visit> helper_visits(soci::session& s, Id helper_id, const std::string& date) {
  std::vector<Visit> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kVisitColumns) +
                        "WHERE helper_id = :h AND visit_date = :d ORDER BY seq",
       soci::use(helper_id), soci::use(date));
  for (const auto& r : rows) out.push_back(visit_from(r));
  return out;
}

bool visits_beneficiary(soci::session& s, Id helper_id, Id beneficiary_id,
                        const std::string& date) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM care_visits v JOIN care_requests r ON r.id = v.request_id "
       "WHERE v.helper_id = :h AND v.visit_date = :d AND r.beneficiary_id = :b",
      soci::use(helper_id), soci::use(date), soci::use(beneficiary_id), soci::into(n);
  return n > 0;
}

std::vector<Visit> visits_on(soci::session& s, const std::string& date) {
  std::vector<Visit> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kVisitColumns) + "WHERE visit_date = :d ORDER BY id",
       soci::use(date));
  for (const auto& r : rows) out.push_back(visit_from(r));
  return out;
}

void place_visit(soci::session& s, const Visit& v) {
  s << "UPDATE care_visits SET plan_id = :p, helper_id = :h, seq = :q, start_at = :s, "
       "end_at = :e WHERE id = :id",
      soci::use(v.plan_id), soci::use(v.helper_id), soci::use(v.seq), soci::use(v.start_at_us),
      soci::use(v.end_at_us), soci::use(v.id);
}

void delete_visit(soci::session& s, Id id) {
  s << "DELETE FROM care_visits WHERE id = :id", soci::use(id);
}

void update_visit(soci::session& s, const Visit& v) {
  const std::string status(to_string(v.status));
  OptInt in = OptInt::of(v.checked_in_at_us), out = OptInt::of(v.checked_out_at_us);
  std::string outcome(v.outcome ? to_string(*v.outcome) : "");
  soci::indicator outcome_ind = v.outcome ? soci::i_ok : soci::i_null;
  OptInt duration = OptInt::of(v.duration_min), satisfaction = OptInt::of(v.satisfaction);
  s << "UPDATE care_visits SET status = :s, checked_in_at = :i, checked_out_at = :o, "
       "outcome = :oc, notes = :n, duration_min = :d, satisfaction = :sa WHERE id = :id",
      soci::use(status), soci::use(in.value, in.ind), soci::use(out.value, out.ind),
      soci::use(outcome, outcome_ind), soci::use(v.notes), soci::use(duration.value, duration.ind),
      soci::use(satisfaction.value, satisfaction.ind), soci::use(v.id);
}

}  // namespace sangsaeng::care
