// Happiness credit's handlers: partner shops (admin), the purchases partners report (signed
// with the partner's key, not a session: giving/signature.h), and a customer's own credit.
// Reports post to the books: they run on the giving pool, never on an io thread. Rules live
// in src/giving.
#include <boost/json/array.hpp>
#include <map>

#include "api/api.h"
#include "api/modules.h"
#include "core/json.h"
#include "giving/service.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace gv = giving;
using accounts::Action;
using http::Method;

namespace {

constexpr std::int64_t kWonMax = 1'000'000'000'000LL;  // a trillion won: beyond any purchase

Answer busy_answer() {
  return [] {
    return http::problem(503, "busy", "Too many reports at once",
                         "Many purchases are being recorded right now; try again in a moment.")
        .header("Retry-After", "1");
  };
}

json::object rate_json(const gv::Rate& r) {
  return {{"starts_at", format_rfc3339(r.starts_at_us)}, {"rate_bp", r.rate_bp}};
}

json::object partner_json(const gv::Partner& p) {
  json::array rates;
  for (const gv::Rate& r : p.rates) rates.push_back(rate_json(r));
  return {{"id", id_to_string(p.id)},
          {"name", p.name},
          {"key_id", p.key_id},
          {"rates", rates},
          {"created_at", format_rfc3339(p.created_at_us)}};
}

json::object purchase_json(const gv::Purchase& p) {
  return {{"id", id_to_string(p.id)},
          {"partner_id", id_to_string(p.partner_id)},
          {"partner_purchase_id", p.partner_purchase_id},
          {"customer_id", id_to_string(p.customer_id)},
          {"amount_won", p.amount_won},
          {"at", format_rfc3339(p.at_us)},
          {"rate_bp", p.rate_bp},
          {"credit_earned", p.credit_points},
          {"cancelled_at",
           p.cancelled_at_us ? json::value(format_rfc3339(*p.cancelled_at_us)) : nullptr},
          {"credit_reversed", p.reversed_points},
          {"created_at", format_rfc3339(p.created_at_us)}};
}

// {"starts_at": RFC 3339, "rate_bp": 0..10000} items, or one "rate_bp" in force from the start.
std::vector<gv::Rate> read_rates(const json::object& body, FieldReader& r) {
  std::vector<gv::Rate> rates;
  if (const json::value* v = body.if_contains("rates"); v != nullptr) {
    if (!v->is_array() || v->as_array().empty() || v->as_array().size() > 100) {
      r.add_error("rates", "an array of 1 to 100 rates");
      return rates;
    }
    for (std::size_t i = 0; i < v->as_array().size(); ++i) {
      const json::value& item = v->as_array()[i];
      if (!item.is_object()) {
        r.add_error("rates[" + std::to_string(i) + "]", "must be an object");
        continue;
      }
      FieldReader ri(item.as_object());
      ri.reject_unknown({"starts_at", "rate_bp"});
      gv::Rate rate{.starts_at_us = ri.instant("starts_at"),
                    .rate_bp = static_cast<int>(ri.integer("rate_bp", 0, gv::kRateBpMax))};
      for (FieldError& e : std::move(ri.status()).fields())
        r.add_error("rates[" + std::to_string(i) + "]." + e.field, e.message);
      rates.push_back(rate);
    }
    return rates;
  }
  rates.push_back(
      {.starts_at_us = 0, .rate_bp = static_cast<int>(r.integer("rate_bp", 0, gv::kRateBpMax))});
  return rates;
}

http::Response post_partner(gv::GivingService& giving, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"name", "rate_bp", "rates"});
  std::string name = r.string("name", {.max_chars = 100});
  std::vector<gv::Rate> rates = read_rates(body.value(), r);
  if (!r.ok()) return problem(r.status());
  auto added = giving.add_partner(std::move(name), std::move(rates), call.principal->user.id);
  if (!added.ok()) return problem(added.status());
  json::object out = partner_json(added.value().partner);
  // Shown once: the server keeps it to check signatures but never answers it again.
  out["secret"] = added.value().secret;
  out["signing"] =
      "X-Giving-Signature: hex HMAC-SHA256 under the secret of METHOD \\n PATH (with query) \\n "
      "X-Giving-Timestamp (Unix seconds) \\n BODY; X-Giving-Key: key_id";
  return json_response(201, out);
}

http::Response get_partners(gv::GivingService& giving, Call&) {
  json::array items;
  for (const gv::Partner& p : giving.partners()) items.push_back(partner_json(p));
  return json_response(200, json::object{{"items", items}});
}

http::Response get_refusals(gv::GivingService& giving, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  json::array items;
  for (const gv::RefusalRow& f : giving.refusals(q->limit)) {
    items.push_back(json::object{
        {"id", id_to_string(f.id)},
        {"key_id", f.key_id},
        {"partner_id", f.partner_id ? json::value(id_to_string(*f.partner_id)) : nullptr},
        {"reason", f.reason},
        {"method", f.method},
        {"path", f.path},
        {"remote", f.remote},
        {"at", format_rfc3339(f.at_us)}});
  }
  return json_response(200, json::object{{"items", items}});
}

gv::PartnerRequest partner_request(const Call& call) {
  return {.key_id = std::string(call.req.header("X-Giving-Key")),
          .timestamp = std::string(call.req.header("X-Giving-Timestamp")),
          .signature = std::string(call.req.header("X-Giving-Signature")),
          .method = std::string(http::to_string(call.req.method)),
          .path = call.req.target,
          .body = call.req.body,
          .remote = call.req.remote_addr};
}

// The partner names itself in the audit entry (there is no signed-in user).
void audit_as(Call& call, const gv::Partner& partner) {
  accounts::AuditEntry entry;
  entry.actor_email = "partner:" + partner.key_id;
  call.audit = std::move(entry);
}

void post_purchase(gv::GivingService& giving, WorkerPool& pool, Call& call, Reply reply) {
  off_io_threads(
      pool, reply,
      [&giving, &call, request = partner_request(call)]() -> Answer {
        auto partner = giving.authenticate(request);
        if (!partner.ok()) return [s = partner.status()] { return problem(s); };
        audit_as(call, partner.value());
        auto object = body_object(call.req);
        if (!object.ok()) return [s = object.status()] { return problem(s); };
        FieldReader r(object.value());
        r.reject_unknown({"partner_purchase_id", "customer_id", "amount_won", "at"});
        gv::PurchaseReport report;
        report.partner_purchase_id = r.string("partner_purchase_id", {.max_chars = 64});
        report.customer_id = read_id(r, "customer_id", true).value_or(0);
        report.amount_won = r.integer("amount_won", 1, kWonMax);
        report.at_us = r.instant("at");
        if (!r.ok()) return [s = r.status()] { return problem(s); };
        auto reported = giving.report(partner.value(), report);
        if (!reported.ok()) return [s = reported.status()] { return problem(s); };
        return
            [status = reported.value().created ? 201 : 200,
             out = purchase_json(reported.value().purchase)] { return json_response(status, out); };
      },
      busy_answer());
}

void cancel_purchase(gv::GivingService& giving, WorkerPool& pool, Call& call, Reply reply) {
  const auto id = id_param(call.req, "id");
  off_io_threads(
      pool, reply,
      [&giving, &call, id, request = partner_request(call)]() -> Answer {
        auto partner = giving.authenticate(request);
        if (!partner.ok()) return [s = partner.status()] { return problem(s); };
        audit_as(call, partner.value());
        if (!id) return [] { return problem(Status::not_found("No purchase with this id")); };
        auto cancelled = giving.cancel(partner.value(), *id);
        if (!cancelled.ok()) return [s = cancelled.status()] { return problem(s); };
        return [out = purchase_json(cancelled.value())] { return json_response(200, out); };
      },
      busy_answer());
}

json::array statements_json(gv::GivingService& giving, Id customer_id);

http::Response get_me(gv::GivingService& giving, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  const Id me = call.principal->user.id;
  const auto page = giving.purchases(me, q->before, q->limit);
  std::map<Id, std::string> names;  // partner id -> name, read once per page
  json::array history;
  for (const gv::Purchase& p : page.items) {
    if (!names.count(p.partner_id)) {
      const auto partner = giving.find_partner(p.partner_id);
      names[p.partner_id] = partner ? partner->name : "";
    }
    json::object item = purchase_json(p);
    item["partner_name"] = names[p.partner_id];
    history.push_back(std::move(item));
  }
  return json_response(200, json::object{{"balance_points", giving.balance(me)},
                                         {"history", page_body(std::move(history), page.next)},
                                         {"statements", statements_json(giving, me)}});
}

// What the customer's credit did: one item per settlement, with the causes it went to.
json::array statements_json(gv::GivingService& giving, Id customer_id) {
  std::map<Id, std::string> names;
  for (const gv::Cause& c : giving.causes()) names[c.id] = c.name;
  json::array out;
  for (const gv::StatementRow& row : giving.statements(customer_id)) {
    if (out.empty() ||
        out.back().as_object().at("settlement_id").as_string() != id_to_string(row.settlement_id)) {
      const auto settlement = giving.find_settlement(row.settlement_id);
      out.push_back(json::object{
          {"settlement_id", id_to_string(row.settlement_id)},
          {"period_end",
           settlement ? json::value(format_rfc3339(settlement->period_end_us)) : nullptr},
          {"points", 0},
          {"won", 0},
          {"causes", json::array()}});
    }
    json::object& item = out.back().as_object();
    item["points"] = item["points"].as_int64() + row.points;
    item["won"] = item["won"].as_int64() + row.points;  // one point gives one won
    item["causes"].as_array().push_back(json::object{{"cause_id", id_to_string(row.cause_id)},
                                                     {"name", names[row.cause_id]},
                                                     {"points", row.points}});
  }
  return out;
}

json::object cause_json(const gv::Cause& c) {
  return {{"id", id_to_string(c.id)},
          {"org_id", id_to_string(c.org_id)},
          {"name", c.name},
          {"description", c.description},
          {"default_share", c.default_share},
          {"registration_no", c.registration_no}};
}

http::Response get_causes(gv::GivingService& giving, Call&) {
  json::array items;
  for (const gv::Cause& c : giving.causes()) items.push_back(cause_json(c));
  return json_response(200, json::object{{"items", items}});
}

http::Response post_cause(gv::GivingService& giving, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"org_id", "name", "description", "default_share", "registration_no"});
  gv::Cause c;
  c.org_id = read_id(r, "org_id", true).value_or(0);
  c.name = r.string("name", {.max_chars = 100});
  c.description = r.optional_string("description", {.max_chars = 1000}).value_or("");
  c.default_share = static_cast<int>(r.optional_integer("default_share", 0, 100).value_or(0));
  c.registration_no = r.optional_string("registration_no", {.max_chars = 20}).value_or("");
  if (!r.ok()) return problem(r.status());
  auto added = giving.add_cause(std::move(c));
  if (!added.ok()) return problem(added.status());
  return json_response(201, cause_json(added.value()));
}

// {"default": true when the customer takes the program's split, "shares": what applies}.
json::object my_causes_json(gv::GivingService& giving, Id customer_id) {
  const std::vector<gv::Cause> causes = giving.causes();
  std::map<Id, std::string> names;
  int weights = 0;
  for (const gv::Cause& c : causes) {
    names[c.id] = c.name;
    weights += c.default_share;
  }
  json::array shares, split;
  for (const gv::Cause& c : causes) {
    if (c.default_share == 0) continue;
    split.push_back(
        json::object{{"cause_id", id_to_string(c.id)},
                     {"name", c.name},
                     {"percent", c.default_share * 100 % weights == 0
                                     ? json::value(c.default_share * 100 / weights)
                                     : json::value(100.0 * c.default_share / weights)}});
  }
  const auto chosen = giving.my_causes(customer_id);
  for (const gv::Share& share : chosen) {
    shares.push_back(json::object{{"cause_id", id_to_string(share.cause_id)},
                                  {"name", names[share.cause_id]},
                                  {"percent", share.percent}});
  }
  return {{"default", chosen.empty()},
          {"shares", chosen.empty() ? split : shares},
          {"default_split", split}};
}

http::Response get_my_causes(gv::GivingService& giving, Call& call) {
  return json_response(200, my_causes_json(giving, call.principal->user.id));
}

http::Response put_my_causes(gv::GivingService& giving, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"shares"});
  const json::value* list = body.value().if_contains("shares");
  std::vector<gv::Share> shares;
  if (list == nullptr || !list->is_array() || list->as_array().size() > 10) {
    r.add_error("shares", "an array of at most 10 {cause_id, percent}; empty: the default split");
  } else {
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
      const json::value& v = list->as_array()[i];
      const std::string at = "shares[" + std::to_string(i) + "]";
      if (!v.is_object()) {
        r.add_error(at, "must be an object");
        continue;
      }
      FieldReader ri(v.as_object());
      ri.reject_unknown({"cause_id", "percent"});
      gv::Share share{.cause_id = read_id(ri, "cause_id", true).value_or(0),
                      .percent = static_cast<int>(ri.integer("percent", 1, 100))};
      for (FieldError& e : std::move(ri.status()).fields())
        r.add_error(at + "." + e.field, e.message);
      shares.push_back(share);
    }
  }
  if (!r.ok()) return problem(r.status());
  const Id me = call.principal->user.id;
  Status set = giving.set_my_causes(me, shares);
  if (!set.ok()) return problem(set);
  return json_response(200, my_causes_json(giving, me));
}

json::object settlement_json(gv::GivingService& giving, const gv::Settlement& t) {
  std::map<Id, std::string> names;
  for (const gv::Cause& c : giving.causes()) names[c.id] = c.name;
  json::array causes;
  for (const auto& [cause, points] : giving.settlement_causes(t.id)) {
    causes.push_back(json::object{{"cause_id", id_to_string(cause)},
                                  {"name", names[cause]},
                                  {"points", points},
                                  {"won", points}});
  }
  return {
      {"id", id_to_string(t.id)},
      {"period_end", format_rfc3339(t.period_end_us)},
      {"status", t.done ? "done" : "running"},
      {"customers", t.customers},
      {"points", t.points},
      {"won", t.won},
      {"causes", causes},
      {"created_at", format_rfc3339(t.created_at_us)},
      {"finished_at", t.finished_at_us ? json::value(format_rfc3339(*t.finished_at_us)) : nullptr}};
}

// Batches one request runs (about 20,000 customers); the job finishes a larger settlement.
constexpr int kSettlementBatchesPerRequest = 50;

void post_settlement(gv::GivingService& giving, WorkerPool& pool, Call& call, Reply reply) {
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"period_end"});
  const UnixMicros period_end = r.instant("period_end");
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  const Id actor = call.principal->user.id;
  const UnixMicros now = call.now;
  off_io_threads(
      pool, reply,
      [&giving, period_end, actor, now]() -> Answer {
        auto settled = giving.settle(period_end, actor, kSettlementBatchesPerRequest);
        if (!settled.ok()) return [s = settled.status()] { return problem(s); };
        const int status = settled.value().created_at_us >= now ? 201 : 200;
        return [status, out = settlement_json(giving, settled.value())] {
          return json_response(status, out);
        };
      },
      busy_answer());
}

http::Response get_settlement(gv::GivingService& giving, Call& call) {
  const auto id = id_param(call.req, "id");
  const auto t = id ? giving.find_settlement(*id) : std::nullopt;
  if (!t) return problem(Status::not_found("No settlement with this id"));
  return json_response(200, settlement_json(giving, *t));
}

// {"starts_at": RFC 3339, "rate_bp": 0..10000}: the partner's rate from then on.
http::Response post_rate(gv::GivingService& giving, Call& call) {
  const auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No partner with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"starts_at", "rate_bp"});
  gv::Rate rate{.starts_at_us = r.instant("starts_at"),
                .rate_bp = static_cast<int>(r.integer("rate_bp", 0, gv::kRateBpMax))};
  if (!r.ok()) return problem(r.status());
  auto added = giving.add_rate(*id, rate);
  if (!added.ok()) return problem(added.status());
  return json_response(201, partner_json(added.value()));
}

http::Response get_settlements(gv::GivingService& giving, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  json::array items;
  for (const gv::Settlement& t : giving.settlements(q->limit))
    items.push_back(settlement_json(giving, t));
  return json_response(200, json::object{{"items", items}});
}

http::Response get_receipts(gv::GivingService& giving, Call& call) {
  json::array items;
  for (const auto& [year, won] : giving.receipt_years(call.principal->user.id)) {
    const std::string path = "/api/v1/giving/me/receipts/" + std::to_string(year);
    items.push_back(json::object{
        {"year", year}, {"won", won}, {"html_url", path}, {"csv_url", path + "?format=csv"}});
  }
  return json_response(200, json::object{{"items", items}});
}

// The donor's receipt for {year}: a printable page, or ?format=csv.
http::Response get_receipt(gv::GivingService& giving, Call& call) {
  const std::string& text = call.req.params["year"];
  const bool year_ok =
      text.size() == 4 && text.find_first_not_of("0123456789") == std::string::npos;
  if (!year_ok) return problem(Status::invalid("year", "YYYY"));
  const auto format = call.req.query.find("format");
  const bool csv = format != call.req.query.end() && format->second == "csv";
  if (format != call.req.query.end() && !csv && format->second != "html")
    return problem(Status::invalid("format", "must be html or csv"));
  auto receipt = giving.receipt(call.principal->user.id, std::stoi(text));
  if (!receipt.ok()) return problem(receipt.status());
  if (csv) {
    http::Response res =
        http::Response::text(200, gv::receipt_csv(receipt.value()), "text/csv; charset=utf-8");
    res.header("Content-Disposition", "attachment; filename=\"donation-receipt-" + text + ".csv\"");
    return res;
  }
  http::Response res = http::Response::text(200, gv::receipt_html(receipt.value(), call.now),
                                            "text/html; charset=utf-8");
  // A page of our own text: no script may run in it, whatever a name holds.
  res.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return res;
}

}  // namespace

void add_giving_routes(Routes& routes, gv::GivingService& giving, WorkerPool& pool) {
  gv::GivingService* g = &giving;
  WorkerPool* p = &pool;
  routes.add({Method::post, "/api/v1/giving/partners", {Action::manage_credit_partners}, true},
             [g](Call& c) { return post_partner(*g, c); });
  routes.add(
      {Method::post, "/api/v1/giving/partners/{id}/rates", {Action::manage_credit_partners}, true},
      [g](Call& c) { return post_rate(*g, c); });
  routes.add({Method::get, "/api/v1/giving/partners", {Action::read_credit}},
             [g](Call& c) { return get_partners(*g, c); });
  routes.add({Method::get, "/api/v1/giving/refusals", {Action::read_credit}},
             [g](Call& c) { return get_refusals(*g, c); });
  // Partners: signed requests, checked by the handler (public at the policy's level).
  routes.add_async({Method::post, "/api/v1/giving/purchases", {Action::public_read}},
                   [g, p](Call& c, Reply r) { post_purchase(*g, *p, c, std::move(r)); });
  routes.add_async({Method::post, "/api/v1/giving/purchases/{id}/cancel", {Action::public_read}},
                   [g, p](Call& c, Reply r) { cancel_purchase(*g, *p, c, std::move(r)); });
  routes.add({Method::get, "/api/v1/giving/me", {Action::signed_in}},
             [g](Call& c) { return get_me(*g, c); });
  routes.add({Method::get, "/api/v1/giving/causes", {Action::public_read}},
             [g](Call& c) { return get_causes(*g, c); });
  routes.add({Method::post, "/api/v1/giving/causes", {Action::manage_credit}, true},
             [g](Call& c) { return post_cause(*g, c); });
  routes.add({Method::get, "/api/v1/giving/me/causes", {Action::signed_in}},
             [g](Call& c) { return get_my_causes(*g, c); });
  routes.add({Method::put, "/api/v1/giving/me/causes", {Action::signed_in}, true},
             [g](Call& c) { return put_my_causes(*g, c); });
  routes.add_async({Method::post, "/api/v1/giving/settlements", {Action::manage_credit}, true},
                   [g, p](Call& c, Reply r) { post_settlement(*g, *p, c, std::move(r)); });
  routes.add({Method::get, "/api/v1/giving/settlements", {Action::read_credit}},
             [g](Call& c) { return get_settlements(*g, c); });
  routes.add({Method::get, "/api/v1/giving/me/receipts", {Action::signed_in}},
             [g](Call& c) { return get_receipts(*g, c); });
  routes.add({Method::get, "/api/v1/giving/me/receipts/{year}", {Action::signed_in}},
             [g](Call& c) { return get_receipt(*g, c); });
  routes.add({Method::get, "/api/v1/giving/settlements/{id}", {Action::read_credit}},
             [g](Call& c) { return get_settlement(*g, c); });
}

}  // namespace sangsaeng::api
