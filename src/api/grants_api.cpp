// The art hall fund and hearing-support grants: the fund's public figures and its revenue
// (JSON or the ticketing system's CSV), reports and applications, the reviewers' queue, a
// case's steps and rehabilitation sessions. Reads of personal data are recorded in the audit
// log by the service, in the read's own transaction: they run on the grants pool (a write),
// never on an io thread; so do the steps that wait for the ledger. Rules live in src/grants.
#include <algorithm>
#include <boost/json/array.hpp>
#include <cstdlib>

#include "api/api.h"
#include "api/modules.h"
#include "core/csv.h"
#include "core/json.h"
#include "grants/service.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace gr = grants;
using accounts::Action;
using http::Method;

namespace {

constexpr std::int64_t kWonMax = 10'000'000'000;
constexpr std::size_t kRevenueLinesMax = 10'000;

Answer answer_of(const Status& status) {
  return [status] { return problem(status); };
}

Answer busy_answer() {
  return [] {
    return http::problem(503, "busy", "Too many requests at once",
                         "Many cases are being read or moved right now; try again in a moment.")
        .header("Retry-After", "1");
  };
}

json::value optional_time(const std::optional<UnixMicros>& at) {
  return at ? json::value(format_rfc3339(*at)) : json::value(nullptr);
}

// Who reads, for the service's audit entry (as the guard would record a write).
gr::Reader reader_of(const Call& call, const std::string& pattern) {
  const accounts::User& u = call.principal->user;
  accounts::AuditEntry e;
  e.at = call.now;
  e.actor_id = u.id;
  e.actor_email = u.email;
  e.action = "GET " + pattern;
  e.remote_addr = call.req.remote_addr;
  e.request_id = call.req.request_id;
  e.status = 200;
  return {.user_id = u.id,
          .reviewer = accounts::allowed(call.principal, Action::review_grants),
          .audit = std::move(e)};
}

json::object fund_json(const gr::FundView& v, const std::vector<gr::YearCount>& helped) {
  json::array months, years;
  for (const auto& m : v.inflow_months)
    months.push_back({{"month", m.month}, {"amount_won", m.amount_won}, {"lines", m.lines}});
  for (const auto& y : helped) years.push_back({{"year", y.year}, {"children", y.children}});
  return {
      {"id", v.fund.id},
      {"program", v.fund.program},
      {"name", v.fund.name_ko},
      {"name_en", v.fund.name_en},
      {"account_id",
       v.fund.account_id ? json::value(id_to_string(*v.fund.account_id)) : json::value(nullptr)},
      {"balance_won", v.balance_won},
      {"reserved_won", v.reserved_won},
      {"free_won", v.free_won()},
      {"inflow_won", v.inflow_won},
      {"paid_won", v.paid_won},
      {"inflow_months", months},
      {"grants",
       {{"reserved", v.grants_reserved}, {"paid", v.grants_paid}, {"released", v.grants_released}}},
      {"children_helped", years}};
}

// The fields every reader of a case sees in a list.
json::object summary_json(const gr::Application& a) {
  return {{"id", id_to_string(a.id)},
          {"status", gr::to_string(a.stage)},
          {"money", gr::to_string(a.money)},
          {"child_name", a.child_name},
          {"hospital", a.hospital},
          {"requested_won", a.requested_won},
          {"granted_won", a.granted_won},
          {"reason", a.reason},
          {"paid_at", optional_time(a.paid_at_us)},
          {"created_at", format_rfc3339(a.created_at_us)},
          {"updated_at", format_rfc3339(a.updated_at_us)}};
}

json::object case_json(const gr::Case& c, bool reviewer) {
  const gr::Application& a = c.application;
  json::object o = summary_json(a);
  o["child_birth_date"] = a.child_birth_date;
  o["guardian_name"] = a.guardian_name;
  o["guardian_relation"] = a.guardian_relation;
  o["guardian_phone"] = a.guardian_phone;
  o["consent_on"] = a.consent_on;
  o["report"] = {{"url", "/api/v1/grants/applications/" + id_to_string(a.id) + "/report"},
                 {"media_type", a.report_type}};
  o["sessions_planned"] = a.sessions_planned;
  json::array steps, sessions;
  for (const gr::Step& s : c.steps) {
    json::object step{{"from", gr::to_string(s.from)},
                      {"to", gr::to_string(s.to)},
                      {"reason", s.reason},
                      {"at", format_rfc3339(s.at_us)}};
    if (reviewer) step["actor_id"] = s.actor_id ? json::value(id_to_string(s.actor_id)) : nullptr;
    steps.push_back(std::move(step));
  }
  for (const gr::Session& s : c.sessions) {
    sessions.push_back({{"number", s.number},
                        {"held_on", s.held_on},
                        {"progress_percent", s.progress_percent},
                        {"note", s.note}});
  }
  o["steps"] = std::move(steps);
  o["sessions"] = std::move(sessions);
  o["sessions_done"] = static_cast<std::int64_t>(c.sessions.size());
  o["progress_percent"] = c.sessions.empty() ? 0 : c.sessions.back().progress_percent;
  return o;
}

http::Response get_fund(gr::GrantService& grants, Call& call) {
  auto fund = grants.fund(call.req.params.at("id"));
  if (!fund.ok()) return problem(fund.status());
  return json_response(200, fund_json(fund.value(), grants.children_helped()));
}

gr::RevenueLine read_revenue_line(FieldReader& r, const json::object& o) {
  r.reject_unknown({"sale_id", "sold_on", "amount_won", "title", "tickets"});
  gr::RevenueLine l;
  if (o.contains("sale_id") && !o.at("sale_id").is_null())
    l.sale_id = r.string("sale_id", {.max_chars = 64});
  l.sold_on = r.string("sold_on", {.max_chars = 10});
  l.amount_won = r.integer("amount_won", 1, kWonMax);
  l.title = r.optional_string("title", {.min_chars = 0, .max_chars = 200}).value_or("");
  l.tickets = static_cast<int>(r.optional_integer("tickets", 0, 100'000).value_or(0));
  return l;
}

// A column of the ticketing system's export, by the names it is known under.
int column(const std::vector<std::string>& header, std::initializer_list<std::string_view> names) {
  for (std::size_t i = 0; i < header.size(); ++i)
    for (std::string_view n : names)
      if (header[i] == n) return static_cast<int>(i);
  return -1;
}

// "2026.11.27", "2026/11/27" or "2026-11-27 19:30" -> "2026-11-27".
std::string date_cell(std::string cell) {
  cell = cell.substr(0, std::min<std::size_t>(cell.size(), 10));
  std::replace(cell.begin(), cell.end(), '.', '-');
  std::replace(cell.begin(), cell.end(), '/', '-');
  return cell;
}

// The ticketing system's CSV export: a header row naming the columns (Korean or English; other
// columns are ignored), one sale per row when it has a sale number, else one day per row.
// Cancelled rows (상태 취소) are skipped: the hall's revenue is what was paid and kept.
Result<std::vector<gr::RevenueLine>> revenue_from_csv(std::string_view text) {
  auto rows = csv_parse(text, kRevenueLinesMax + 1);
  if (!rows.ok()) return rows.status();
  if (rows.value().size() < 2) return Status::invalid("lines", "a header row and some lines");
  const auto& header = rows.value()[0];
  const int sale = column(header, {"예매번호", "판매번호", "sale_id"});
  const int day = column(header, {"판매일", "결제일", "판매일자", "sold_on", "date"});
  const int amount = column(header, {"결제금액", "판매금액", "금액", "amount_won", "amount"});
  const int title = column(header, {"공연명", "title"});
  const int tickets = column(header, {"매수", "tickets"});
  const int state = column(header, {"상태", "status"});
  if (day < 0 || amount < 0)
    return Status::invalid("header", "name the columns 판매일 (sold_on) and 결제금액 (amount_won)");
  std::vector<gr::RevenueLine> lines;
  std::vector<FieldError> errors;
  for (std::size_t i = 1; i < rows.value().size() && errors.size() < 20; ++i) {
    const auto& row = rows.value()[i];
    const std::string at = "lines[" + std::to_string(i - 1) + "]";
    if (row.size() != header.size()) {
      errors.push_back({at, "has " + std::to_string(row.size()) + " cells, the header " +
                                std::to_string(header.size())});
      continue;
    }
    if (state >= 0 && (row[state] == "취소" || row[state] == "cancelled")) continue;
    std::string won = row[amount];
    std::erase(won, ',');
    char* end = nullptr;
    const long long v = std::strtoll(won.c_str(), &end, 10);
    if (won.empty() || *end != '\0') {
      errors.push_back({at + ".amount_won", "must be a whole number of won"});
      continue;
    }
    gr::RevenueLine l{.sold_on = date_cell(row[day]), .amount_won = v};
    if (sale >= 0 && !row[sale].empty()) l.sale_id = row[sale];
    if (title >= 0) l.title = row[title];
    if (tickets >= 0) l.tickets = std::atoi(row[tickets].c_str());
    lines.push_back(std::move(l));
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  if (lines.empty()) return Status::invalid("lines", "no line to credit (all cancelled)");
  return lines;
}

Result<std::vector<gr::RevenueLine>> revenue_from_json(const http::Request& req) {
  auto body = body_object(req);
  if (!body.ok()) return body.status();
  const json::value* list = body.value().if_contains("lines");
  if (list == nullptr || !list->is_array() || list->as_array().empty() ||
      list->as_array().size() > kRevenueLinesMax || body.value().size() != 1)
    return Status::invalid("lines", "an array of 1 to 10,000 lines, and nothing else");
  std::vector<gr::RevenueLine> lines;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < list->as_array().size() && errors.size() < 20; ++i) {
    const json::value& v = list->as_array()[i];
    const std::string at = "lines[" + std::to_string(i) + "]";
    if (!v.is_object()) {
      errors.push_back({at, "must be an object"});
      continue;
    }
    FieldReader r(v.as_object());
    lines.push_back(read_revenue_line(r, v.as_object()));
    for (FieldError& e : std::move(r.status()).fields())
      errors.push_back({at + "." + e.field, std::move(e.message)});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return lines;
}

void post_revenue(gr::GrantService& grants, WorkerPool& pool, Call& call, Reply reply) {
  auto lines = call.req.header("Content-Type").starts_with("text/csv")
                   ? revenue_from_csv(call.req.body)
                   : revenue_from_json(call.req);
  if (!lines.ok()) return reply(answer_of(lines.status()));
  off_io_threads(
      pool, reply,
      [&grants, fund = call.req.params.at("id"), lines = std::move(lines).value(),
       actor = call.principal->user.id]() -> Answer {
        auto credited = grants.credit_revenue(fund, lines, actor);
        if (!credited.ok()) return answer_of(credited.status());
        json::array outcomes, conflicts;
        std::int64_t counts[3] = {0, 0, 0};
        for (gr::LineOutcome o : credited->outcomes) {
          outcomes.push_back(json::string(gr::to_string(o)));
          ++counts[static_cast<int>(o)];
        }
        for (const std::string& c : credited->conflicts) conflicts.push_back(json::string(c));
        json::object body{{"credited", counts[0]},  {"duplicates", counts[1]},
                          {"conflicts", counts[2]}, {"credited_won", credited->credited_won},
                          {"outcomes", outcomes},   {"conflict_reasons", conflicts}};
        return [body = std::move(body)] { return json_response(200, body); };
      },
      busy_answer());
}

void post_report(gr::GrantService& grants, WorkerPool& upload_pool, Call& call, Reply reply) {
  Call* c = &call;  // valid until reply() is called
  off_io_threads(
      upload_pool, reply,
      [&grants, c]() -> Answer {
        auto report = grants.store_report(c->req.body);
        if (!report.ok()) return answer_of(report.status());
        return [c, r = report.value()] {
          c->audit = accounts::AuditEntry{};
          c->audit->target = "grant-report-upload:" + r.hash;
          return json_response(201, json::object{{"id", r.hash}, {"media_type", r.media_type}});
        };
      },
      busy_answer());
}

http::Response post_application(gr::GrantService& grants, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"child_name", "child_birth_date", "guardian_name", "guardian_relation",
                    "guardian_phone", "hospital", "consent", "consent_on", "report_id",
                    "requested_won"});
  gr::Application a;
  a.applicant_id = call.principal->user.id;
  a.child_name = r.string("child_name", {.max_chars = 50});
  a.child_birth_date = r.string("child_birth_date", {.max_chars = 10});
  a.guardian_name = r.string("guardian_name", {.max_chars = 50});
  a.guardian_relation = r.string("guardian_relation", {.max_chars = 20});
  a.guardian_phone = r.string("guardian_phone", {.max_chars = 20});
  a.hospital = r.string("hospital", {.max_chars = 100});
  if (!r.boolean("consent") && r.ok())
    r.add_error("consent", "the guardian's consent is needed to apply");
  a.consent_on = r.string("consent_on", {.max_chars = 10});
  a.report_hash = r.string("report_id", {.max_chars = 64});
  a.requested_won = r.integer("requested_won", 1, kWonMax);
  if (!r.ok()) return problem(r.status());
  auto applied = grants.apply(std::move(a));
  if (!applied.ok()) return problem(applied.status());
  call.audit = accounts::AuditEntry{};
  call.audit->target = "grant-application:" + id_to_string(applied->id);
  return json_response(
             201, case_json({.application = applied.value(), .steps = {}, .sessions = {}}, false))
      .header("Location", "/api/v1/grants/applications/" + id_to_string(applied->id));
}

void get_queue(gr::GrantService& grants, WorkerPool& pool, Call& call, Reply reply) {
  auto q = page_query(call.req);
  if (!q.ok()) return reply(answer_of(q.status()));
  std::optional<gr::Stage> stage;
  if (auto it = call.req.query.find("status"); it != call.req.query.end()) {
    stage = gr::parse_stage(it->second);
    if (!stage)
      return reply(answer_of(Status::invalid("status", "one of the steps, e.g. submitted")));
  }
  off_io_threads(
      pool, reply,
      [&grants, stage, q = q.value(),
       reader = reader_of(call, "/api/v1/grants/applications")]() -> Answer {
        auto page = grants.queue(stage, q.before, q.limit, reader);
        return [page = std::move(page)] { return page_response(page, summary_json); };
      },
      busy_answer());
}

void get_mine(gr::GrantService& grants, WorkerPool& pool, Call& call, Reply reply) {
  off_io_threads(
      pool, reply,
      [&grants, reader = reader_of(call, "/api/v1/grants/me")]() -> Answer {
        json::array items;
        for (const gr::Application& a : grants.mine(reader)) items.push_back(summary_json(a));
        return [items = std::move(items)] {
          return json_response(200, json::object{{"items", items}});
        };
      },
      busy_answer());
}

void get_application(gr::GrantService& grants, WorkerPool& pool, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id) return reply(answer_of(Status::not_found("No application with this id")));
  off_io_threads(
      pool, reply,
      [&grants, id = *id,
       reader = reader_of(call, "/api/v1/grants/applications/{id}")]() -> Answer {
        auto c = grants.read(id, reader);
        if (!c.ok()) return answer_of(c.status());
        return [body = case_json(c.value(), reader.reviewer)] { return json_response(200, body); };
      },
      busy_answer());
}

void get_report(gr::GrantService& grants, WorkerPool& pool, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id) return reply(answer_of(Status::not_found("No application with this id")));
  off_io_threads(
      pool, reply,
      [&grants, id = *id,
       reader = reader_of(call, "/api/v1/grants/applications/{id}/report")]() -> Answer {
        auto blob = grants.report(id, reader);
        if (!blob.ok()) return answer_of(blob.status());
        return [b = std::move(blob).value(), id] {
          const bool pdf = b.media_type == "application/pdf";
          // Personal data: never cached, never run (a PDF may carry scripts), saved not shown
          // inline in another page.
          return http::Response::text(200, b.bytes, b.media_type)
              .header("Cache-Control", "private, no-store")
              .header("X-Content-Type-Options", "nosniff")
              .header("Content-Security-Policy", "sandbox")
              .header("Content-Disposition", std::string("attachment; filename=\"report-") +
                                                 id_to_string(id) + (pdf ? ".pdf\"" : ".jpg\""));
        };
      },
      busy_answer());
}

void post_transition(gr::GrantService& grants, WorkerPool& pool, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id) return reply(answer_of(Status::not_found("No application with this id")));
  auto body = body_object(call.req);
  if (!body.ok()) return reply(answer_of(body.status()));
  FieldReader r(body.value());
  r.reject_unknown({"to", "reason", "granted_won", "sessions_planned"});
  gr::Move m;
  const std::string to =
      r.one_of("to", {"screening", "approved", "declined", "surgery", "rehabilitation", "closed"});
  m.reason = r.optional_string("reason", {.min_chars = 0, .max_chars = 500}).value_or("");
  m.granted_won = r.optional_integer("granted_won", 1, kWonMax);
  if (auto n = r.optional_integer("sessions_planned", 0, 200)) m.sessions_planned = int(*n);
  if (!r.ok()) return reply(answer_of(r.status()));
  m.to = gr::parse_stage(to).value();
  off_io_threads(
      pool, reply,
      [&grants, id = *id, m = std::move(m), actor = call.principal->user.id]() -> Answer {
        auto c = grants.move(id, m, actor);
        if (!c.ok()) return answer_of(c.status());
        return [body = case_json(c.value(), true)] { return json_response(200, body); };
      },
      busy_answer());
}

void post_session(gr::GrantService& grants, WorkerPool& pool, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id) return reply(answer_of(Status::not_found("No application with this id")));
  auto body = body_object(call.req);
  if (!body.ok()) return reply(answer_of(body.status()));
  FieldReader r(body.value());
  r.reject_unknown({"held_on", "progress_percent", "note"});
  gr::Session s;
  s.held_on = r.string("held_on", {.max_chars = 10});
  s.progress_percent = static_cast<int>(r.integer("progress_percent", 0, 100));
  s.note = r.optional_string("note", {.min_chars = 0, .max_chars = 500}).value_or("");
  if (!r.ok()) return reply(answer_of(r.status()));
  off_io_threads(
      pool, reply,
      [&grants, id = *id, s = std::move(s), actor = call.principal->user.id]() -> Answer {
        auto c = grants.record_session(id, s, actor);
        if (!c.ok()) return answer_of(c.status());
        return [body = case_json(c.value(), true)] { return json_response(201, body); };
      },
      busy_answer());
}

}  // namespace

void add_grants_routes(Routes& routes, gr::GrantService& grants, WorkerPool& pool,
                       WorkerPool& upload_pool, const uploads::UploadOptions& options) {
  gr::GrantService* g = &grants;
  WorkerPool* p = &pool;
  WorkerPool* u = &upload_pool;
  routes.add({Method::get, "/api/v1/funds/{id}", {Action::public_read}},
             [g](Call& c) { return get_fund(*g, c); });
  // A year of single sales is about 2 MB of CSV.
  routes.add_async(
      {Method::post, "/api/v1/funds/{id}/revenue", {Action::credit_fund}, true, 4 << 20},
      [g, p](Call& c, Reply r) { post_revenue(*g, *p, c, std::move(r)); });
  routes.add_async({Method::post,
                    "/api/v1/grants/reports",
                    {Action::apply_for_grant},
                    true,
                    std::max(options.document_bytes_max, options.image_bytes_max)},
                   [g, u](Call& c, Reply r) { post_report(*g, *u, c, std::move(r)); });
  routes.add({Method::post, "/api/v1/grants/applications", {Action::apply_for_grant}, true},
             [g](Call& c) { return post_application(*g, c); });
  routes.add_async({Method::get, "/api/v1/grants/applications", {Action::review_grants}},
                   [g, p](Call& c, Reply r) { get_queue(*g, *p, c, std::move(r)); });
  routes.add_async({Method::get, "/api/v1/grants/me", {Action::apply_for_grant}},
                   [g, p](Call& c, Reply r) { get_mine(*g, *p, c, std::move(r)); });
  routes.add_async({Method::get, "/api/v1/grants/applications/{id}", {Action::apply_for_grant}},
                   [g, p](Call& c, Reply r) { get_application(*g, *p, c, std::move(r)); });
  routes.add_async(
      {Method::get, "/api/v1/grants/applications/{id}/report", {Action::apply_for_grant}},
      [g, p](Call& c, Reply r) { get_report(*g, *p, c, std::move(r)); });
  routes.add_async(
      {Method::post, "/api/v1/grants/applications/{id}/transitions", {Action::review_grants}, true},
      [g, p](Call& c, Reply r) { post_transition(*g, *p, c, std::move(r)); });
  routes.add_async(
      {Method::post, "/api/v1/grants/applications/{id}/sessions", {Action::review_grants}, true},
      [g, p](Call& c, Reply r) { post_session(*g, *p, c, std::move(r)); });
}

}  // namespace sangsaeng::api
