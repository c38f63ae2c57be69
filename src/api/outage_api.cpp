// Outage compensation's handlers: lines, terms, outages and their settlement, claims, and a
// customer's own compensations. Settling can touch many lines: it runs on the outage pool,
// never on an io thread. Rules live in src/outage.
#include <algorithm>
#include <boost/json/array.hpp>
#include <cstdio>
#include <cstdlib>

#include "api/api.h"
#include "api/modules.h"
#include "core/csv.h"
#include "core/cursor.h"
#include "core/json.h"
#include "outage/service.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace og = outage;
using accounts::Action;
using http::Method;

namespace {

constexpr std::int64_t kWonMax = 10'000'000;
constexpr std::size_t kLinesPerRequestMax = 5'000;

Answer busy_answer() {
  return [] {
    return http::problem(503, "busy", "Settlements are queued",
                         "Many outages are being settled right now; try again in a moment.")
        .header("Retry-After", "5");
  };
}

json::value optional_id(const std::optional<Id>& id) {
  return id ? json::value(id_to_string(*id)) : json::value(nullptr);
}

// Hours as a number with two decimals (3.25), for people and spreadsheets.
double hours(UnixMicros us) {
  return static_cast<double>((us * 100 + 1'800'000'000LL) / 3'600'000'000LL) / 100.0;
}

json::object line_json(const og::ServiceLine& l) {
  return {{"id", id_to_string(l.id)},
          {"ref", l.ref},
          {"customer_id", optional_id(l.customer_id)},
          {"product", l.product},
          {"monthly_fee_won", l.monthly_fee_won},
          {"addons_won", l.addons_won},
          {"area", l.area},
          {"small_merchant", l.small_merchant}};
}

json::object terms_json(const og::Terms& t) {
  return {{"id", id_to_string(t.id)},
          {"code", t.code},
          {"name", t.name},
          {"effective_from", format_rfc3339(t.effective_from_us)},
          {"named_only", t.named_only},
          {"continuous_minutes_min", t.continuous_minutes_min},
          {"monthly_cumulative_minutes_min", t.monthly_cumulative_minutes_min},
          {"any_interruption", t.any_interruption},
          {"negligence_damages_any_length", t.negligence_damages_any_length},
          {"refund_pro_rata", t.refund_pro_rata},
          {"damages_multiple", t.damages_multiple},
          {"voluntary_multiple", t.voluntary_multiple},
          {"voluntary_basis",
           t.voluntary_basis == og::VoluntaryBasis::event_longest ? "event_longest" : "line"},
          {"voluntary_hours_rounded_up", t.voluntary_hours_rounded_up},
          {"voluntary_fee_days", t.voluntary_fee_days},
          {"small_merchant_fee_days", t.small_merchant_fee_days},
          {"small_merchant_fee_months", t.small_merchant_fee_months}};
}

json::object totals_json(const og::Totals& t) {
  return {{"lines", t.lines},
          {"compensated_lines", t.compensated_lines},
          {"refund_won", t.refund_won},
          {"voluntary_won", t.voluntary_won},
          {"damages_claimable_won", t.damages_claimable_won},
          {"damages_paid_won", t.damages_paid_won}};
}

json::object event_json(const og::Event& e, const og::Totals& totals) {
  json::array areas, lines;
  for (const std::string& a : e.areas) areas.push_back(json::string(a));
  for (Id id : e.line_ids) lines.push_back(json::string(id_to_string(id)));
  return {
      {"id", id_to_string(e.id)},
      {"started_at", format_rfc3339(e.started_at_us)},
      {"ended_at", e.ended_at_us ? json::value(format_rfc3339(*e.ended_at_us)) : nullptr},
      {"cause", e.cause},
      {"gross_negligence", e.gross_negligence},
      {"terms_id", optional_id(e.terms_id)},
      {"areas", areas},
      {"line_ids", lines},
      {"incident_ref", e.incident_ref.empty() ? json::value(nullptr) : json::value(e.incident_ref)},
      {"revision", e.revision},
      {"settled", e.ended_at_us.has_value() && e.settled_revision == e.revision},
      {"totals", totals_json(totals)},
      {"created_at", format_rfc3339(e.created_at_us)},
      {"updated_at", format_rfc3339(e.updated_at_us)}};
}

json::object compensation_json(const og::Compensation& c) {
  json::array transfers;
  for (Id id : c.transfer_ids) transfers.push_back(json::string(id_to_string(id)));
  return {{"event_id", id_to_string(c.event_id)},
          {"line_id", id_to_string(c.line_id)},
          {"hours", hours(c.own_us)},
          {"compensated_hours", hours(c.qualifying_us)},
          {"refund_won", c.refund_won},
          {"voluntary_won", c.voluntary_won},
          {"damages_claimable_won", c.damages_claimable_won},
          {"damages_paid_won", c.damages_paid_won},
          {"claimed", c.claimed},
          {"transfer_ids", transfers},
          {"settled_at", format_rfc3339(c.settled_at_us)}};
}

json::object settlement_json(const og::Settlement& s) {
  return {{"event_id", id_to_string(s.event_id)},
          {"revision", s.revision},
          {"lines", s.lines},
          {"postings", s.postings},
          {"refund_won", s.refund_won},
          {"voluntary_won", s.voluntary_won},
          {"damages_won", s.damages_won}};
}

// One line of an import: fields as POST /outage/lines takes them.
og::ServiceLine read_line(FieldReader& r) {
  r.reject_unknown(
      {"ref", "customer_id", "product", "monthly_fee_won", "addons_won", "area", "small_merchant"});
  og::ServiceLine l;
  l.ref = r.string("ref", {.max_chars = 64});
  l.customer_id = read_id(r, "customer_id", false);
  l.product = r.string("product", {.max_chars = 100});
  l.monthly_fee_won = r.integer("monthly_fee_won", 0, kWonMax);
  l.addons_won = r.optional_integer("addons_won", 0, kWonMax).value_or(0);
  l.area = r.string("area", {.max_chars = 64});
  l.small_merchant = r.optional_boolean("small_merchant").value_or(false);
  return l;
}

// The import's columns, as the carrier's CRM exports them (a header row names them; any order).
constexpr std::string_view kLineColumns[] = {
    "ref", "customer_id", "product", "monthly_fee_won", "addons_won", "area", "small_merchant"};

// A CSV import: a header row, then one line per row; a cell is read as the JSON field would be.
Result<std::vector<og::ServiceLine>> lines_from_csv(std::string_view text) {
  auto rows = csv_parse(text, kLinesPerRequestMax + 1);
  if (!rows.ok()) return rows.status();
  if (rows.value().size() < 2) return Status::invalid("lines", "a header row and 1 to 5,000 lines");
  const auto& header = rows.value()[0];
  for (const std::string& h : header) {
    if (std::find(std::begin(kLineColumns), std::end(kLineColumns), h) == std::end(kLineColumns))
      return Status::invalid("header", "unknown column \"" + h + "\"");
  }
  std::vector<og::ServiceLine> lines;
  std::vector<FieldError> errors;
  for (std::size_t i = 1; i < rows.value().size() && errors.size() < 20; ++i) {
    const auto& row = rows.value()[i];
    const std::string at = "lines[" + std::to_string(i - 1) + "]";
    if (row.size() != header.size()) {
      errors.push_back({at, "has " + std::to_string(row.size()) + " cells, the header " +
                                std::to_string(header.size())});
      continue;
    }
    json::object o;
    for (std::size_t k = 0; k < header.size(); ++k) {
      const std::string& h = header[k];
      const std::string& cell = row[k];
      if (cell.empty() && (h == "customer_id" || h == "addons_won" || h == "small_merchant"))
        continue;  // optional
      if (h == "monthly_fee_won" || h == "addons_won") {
        char* end = nullptr;
        const long long v = std::strtoll(cell.c_str(), &end, 10);
        if (cell.empty() || *end != '\0') {
          errors.push_back({at + "." + h, "must be a whole number of won"});
          continue;
        }
        o[h] = v;
      } else if (h == "small_merchant") {
        o[h] = cell == "1" || cell == "true" || cell == "예" || cell == "Y" || cell == "y";
      } else {
        o[h] = cell;
      }
    }
    FieldReader r(o);
    lines.push_back(read_line(r));
    for (FieldError& e : std::move(r.status()).fields())
      errors.push_back({at + "." + e.field, std::move(e.message)});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return lines;
}

http::Response lines_answer(og::OutageService& outages, const std::vector<og::ServiceLine>& lines) {
  auto ids = outages.upsert_lines(lines);
  if (!ids.ok()) return problem(ids.status());
  json::array items;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    items.push_back(json::object{{"id", id_to_string(ids.value()[i])}, {"ref", lines[i].ref}});
  }
  return json_response(200, json::object{{"items", items}});
}

// {"lines": [...]} (an import) or one line's fields; or a CSV file (Content-Type text/csv).
http::Response post_lines(og::OutageService& outages, Call& call) {
  if (call.req.header("Content-Type").starts_with("text/csv")) {
    auto lines = lines_from_csv(call.req.body);
    if (!lines.ok()) return problem(lines.status());
    return lines_answer(outages, lines.value());
  }
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  std::vector<og::ServiceLine> lines;
  std::vector<FieldError> errors;
  const json::value* list = body.value().if_contains("lines");
  if (list == nullptr) {
    FieldReader r(body.value());
    lines.push_back(read_line(r));
    if (!r.ok()) return problem(r.status());
  } else if (!list->is_array() || list->as_array().empty() ||
             list->as_array().size() > kLinesPerRequestMax || body.value().size() != 1) {
    return problem(Status::invalid("lines", "an array of 1 to 5,000 lines, and nothing else"));
  } else {
    for (std::size_t i = 0; i < list->as_array().size() && errors.size() < 20; ++i) {
      const json::value& v = list->as_array()[i];
      const std::string at = "lines[" + std::to_string(i) + "]";
      if (!v.is_object()) {
        errors.push_back({at, "must be an object"});
        continue;
      }
      FieldReader r(v.as_object());
      lines.push_back(read_line(r));
      for (FieldError& e : std::move(r.status()).fields()) {
        errors.push_back({at + "." + e.field, std::move(e.message)});
      }
    }
    if (!errors.empty()) return problem(Status::invalid(std::move(errors)));
  }
  return lines_answer(outages, lines);
}

http::Response get_lines(og::OutageService& outages, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  // Ascending by id: the cursor is the last id seen.
  return page_response(outages.lines(std::nullopt, q->before, q->limit), line_json);
}

http::Response get_terms(og::OutageService& outages, Call&) {
  json::array items;
  for (const og::Terms& t : outages.terms()) items.push_back(terms_json(t));
  return json_response(200, json::object{{"items", items}});
}

http::Response post_terms(og::OutageService& outages, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"code", "name", "effective_from", "named_only", "continuous_minutes_min",
                    "monthly_cumulative_minutes_min", "any_interruption",
                    "negligence_damages_any_length", "refund_pro_rata", "damages_multiple",
                    "voluntary_multiple", "voluntary_basis", "voluntary_hours_rounded_up",
                    "voluntary_fee_days", "small_merchant_fee_days", "small_merchant_fee_months"});
  og::Terms t;
  t.code = r.string("code", {.max_chars = 64});
  t.name = r.string("name", {.max_chars = 200});
  t.effective_from_us = r.instant("effective_from");
  t.named_only = r.optional_boolean("named_only").value_or(false);
  auto minutes = [&](std::string_view name) {
    return static_cast<int>(r.optional_integer(name, 0, 44'640).value_or(0));
  };
  auto count = [&](std::string_view name, std::int64_t max) {
    return static_cast<int>(r.optional_integer(name, 0, max).value_or(0));
  };
  t.continuous_minutes_min = minutes("continuous_minutes_min");
  t.monthly_cumulative_minutes_min = minutes("monthly_cumulative_minutes_min");
  t.any_interruption = r.optional_boolean("any_interruption").value_or(false);
  t.negligence_damages_any_length =
      r.optional_boolean("negligence_damages_any_length").value_or(false);
  t.refund_pro_rata = r.optional_boolean("refund_pro_rata").value_or(false);
  t.damages_multiple = count("damages_multiple", 100);
  t.voluntary_multiple = count("voluntary_multiple", 100);
  if (body.value().contains("voluntary_basis")) {
    t.voluntary_basis = r.one_of("voluntary_basis", {"line", "event_longest"}) == "event_longest"
                            ? og::VoluntaryBasis::event_longest
                            : og::VoluntaryBasis::line;
  }
  t.voluntary_hours_rounded_up = r.optional_boolean("voluntary_hours_rounded_up").value_or(false);
  t.voluntary_fee_days = count("voluntary_fee_days", 366);
  t.small_merchant_fee_days = count("small_merchant_fee_days", 366);
  t.small_merchant_fee_months = count("small_merchant_fee_months", 12);
  if (!r.ok()) return problem(r.status());
  auto added = outages.add_terms(std::move(t), call.principal->user.id);
  if (!added.ok()) return problem(added.status());
  return json_response(201, terms_json(added.value()));
}

// areas: an array of area names; line_ids: an array of ids.
void read_targets(const json::object& body, FieldReader& r, og::Event& e) {
  if (const json::value* v = body.if_contains("areas"); v != nullptr && !v->is_null()) {
    if (!v->is_array() || v->as_array().size() > 200) {
      r.add_error("areas", "must be an array of at most 200 area names");
    } else {
      for (const json::value& a : v->as_array()) {
        if (!a.is_string()) {
          r.add_error("areas", "must hold area names");
          break;
        }
        e.areas.emplace_back(a.as_string());
      }
    }
  }
  if (const json::value* v = body.if_contains("line_ids"); v != nullptr && !v->is_null()) {
    if (!v->is_array() || v->as_array().size() > 10'000) {
      r.add_error("line_ids", "must be an array of at most 10,000 line ids");
      return;
    }
    for (const json::value& a : v->as_array()) {
      auto id = a.is_string() ? parse_id(a.as_string()) : std::nullopt;
      if (!id) {
        r.add_error("line_ids", "must hold line ids (decimal strings)");
        return;
      }
      e.line_ids.push_back(*id);
    }
  }
}

std::optional<UnixMicros> optional_instant(const json::object& body, FieldReader& r,
                                           std::string_view name) {
  const json::value* v = body.if_contains(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  return r.instant(name);
}

Answer event_answer(og::OutageService& outages, int status, Result<og::Event> event) {
  if (!event.ok()) return [s = event.status()] { return problem(s); };
  const og::Totals totals = outages.totals(event.value().id);
  return [status, body = event_json(event.value(), totals)] { return json_response(status, body); };
}

// An outage's fields as POST /outage/events and the CSV import name them.
og::Event read_event(const json::object& body, FieldReader& r) {
  og::Event e;
  e.started_at_us = r.instant("started_at");
  e.ended_at_us = optional_instant(body, r, "ended_at");
  e.cause = r.string("cause", {.max_chars = 500});
  e.gross_negligence = r.optional_boolean("gross_negligence").value_or(false);
  e.incident_ref = r.optional_string("incident_ref", {.max_chars = 64}).value_or("");
  read_targets(body, r, e);
  return e;
}

// Network monitoring's export (issue 18): a header row naming these columns (any order), then
// one outage per row. Areas and line refs are separated by ';'. ended_at empty: still down.
constexpr std::string_view kIncidentColumns[] = {
    "incident_ref", "started_at", "ended_at", "areas", "line_refs", "cause", "gross_negligence"};

std::vector<std::string> split_list(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= cell.size()) {
    const std::size_t to = std::min(cell.find(';', from), cell.size());
    std::string item = cell.substr(from, to - from);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(std::move(item));
    from = to + 1;
  }
  return out;
}

Result<std::vector<og::Incident>> incidents_from_csv(std::string_view text) {
  auto rows = csv_parse(text, og::kIncidentsPerImportMax + 1);
  if (!rows.ok()) return rows.status();
  if (rows.value().size() < 2) return Status::invalid("rows", "a header row and 1 to 500 outages");
  const auto& header = rows.value()[0];
  for (const std::string& h : header) {
    if (std::find(std::begin(kIncidentColumns), std::end(kIncidentColumns), h) ==
        std::end(kIncidentColumns))
      return Status::invalid("header", "unknown column \"" + h + "\"");
  }
  std::vector<og::Incident> out;
  std::vector<FieldError> errors;
  for (std::size_t i = 1; i < rows.value().size() && errors.size() < 20; ++i) {
    const auto& row = rows.value()[i];
    const std::string at = "rows[" + std::to_string(i - 1) + "]";
    if (row.size() != header.size()) {
      errors.push_back({at, "has " + std::to_string(row.size()) + " cells, the header " +
                                std::to_string(header.size())});
      continue;
    }
    json::object o;
    og::Incident incident;
    for (std::size_t k = 0; k < header.size(); ++k) {
      const std::string& h = header[k];
      const std::string& cell = row[k];
      if (h == "areas") {
        json::array areas;
        for (std::string& a : split_list(cell)) areas.emplace_back(a);
        o[h] = std::move(areas);
      } else if (h == "line_refs") {
        incident.line_refs = split_list(cell);
      } else if (h == "gross_negligence") {
        o[h] = cell == "1" || cell == "true" || cell == "예" || cell == "Y" || cell == "y";
      } else if (!cell.empty()) {
        o[h] = cell;
      }
    }
    FieldReader r(o);
    incident.event = read_event(o, r);
    if (incident.event.incident_ref.empty()) r.add_error("incident_ref", "is required in a file");
    for (const FieldError& e : r.status().fields())
      errors.push_back({at + "." + e.field, e.message});
    out.push_back(std::move(incident));
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return out;
}

json::object imported_json(og::OutageService& outages, const og::ImportedIncident& imported) {
  json::object o = event_json(imported.event, outages.totals(imported.event.id));
  o["action"] = og::to_string(imported.action);
  return o;
}

void post_incidents_csv(og::OutageService& outages, WorkerPool& pool, Call& call, Reply reply) {
  auto rows = incidents_from_csv(call.req.body);
  if (!rows.ok()) return reply([s = rows.status()] { return problem(s); });
  const Id actor = call.principal->user.id;
  off_io_threads(
      pool, reply,
      [&outages, rows = std::move(rows).value(), actor]() mutable -> Answer {
        auto done = outages.import_incidents(std::move(rows), actor);
        if (!done.ok()) return [s = done.status()] { return problem(s); };
        json::array items;
        for (const og::ImportedIncident& i : done.value())
          items.push_back(imported_json(outages, i));
        return
            [body = json::object{{"items", std::move(items)}}] { return json_response(200, body); };
      },
      busy_answer());
}

// One outage as JSON, or monitoring's export as text/csv.
void post_event(og::OutageService& outages, WorkerPool& pool, Call& call, Reply reply) {
  if (call.req.header("Content-Type").starts_with("text/csv")) {
    return post_incidents_csv(outages, pool, call, std::move(reply));
  }
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"started_at", "ended_at", "areas", "line_ids", "cause", "gross_negligence",
                    "terms_id", "incident_ref"});
  og::Event e = read_event(body.value(), r);
  e.terms_id = read_id(r, "terms_id", false);
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  const Id actor = call.principal->user.id;
  off_io_threads(
      pool, reply,
      [&outages, e = std::move(e), actor] {
        return event_answer(outages, 201, outages.report(e, actor));
      },
      busy_answer());
}

void patch_event(og::OutageService& outages, WorkerPool& pool, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id) return reply([] { return problem(Status::not_found("No outage with this id")); });
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"started_at", "ended_at", "cause", "gross_negligence", "terms_id"});
  og::Correction c;
  c.started_at_us = optional_instant(body.value(), r, "started_at");
  c.ended_at_us = optional_instant(body.value(), r, "ended_at");
  c.cause = r.optional_string("cause", {.max_chars = 500});
  c.gross_negligence = r.optional_boolean("gross_negligence");
  c.terms_id = read_id(r, "terms_id", false);
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  off_io_threads(
      pool, reply,
      [&outages, id = *id, c = std::move(c)] {
        return event_answer(outages, 200, outages.correct(id, c));
      },
      busy_answer());
}

void settle_event(og::OutageService& outages, WorkerPool& pool, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id) return reply([] { return problem(Status::not_found("No outage with this id")); });
  off_io_threads(
      pool, reply,
      [&outages, id = *id]() -> Answer {
        auto settled = outages.settle(id);
        if (!settled.ok()) return [s = settled.status()] { return problem(s); };
        return [body = settlement_json(settled.value())] { return json_response(200, body); };
      },
      busy_answer());
}

http::Response get_events(og::OutageService& outages, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  const auto page = outages.events(q->before, q->limit);
  return page_response(page,
                       [&](const og::Event& e) { return event_json(e, outages.totals(e.id)); });
}

http::Response get_event(og::OutageService& outages, Call& call) {
  auto id = id_param(call.req, "id");
  auto e = id ? outages.find_event(*id) : std::nullopt;
  if (!e) return problem(Status::not_found("No outage with this id"));
  return json_response(200, event_json(*e, outages.totals(e->id)));
}

http::Response get_compensations(og::OutageService& outages, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id || !outages.find_event(*id)) return problem(Status::not_found("No outage with this id"));
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  // The line's number and area beside its id: a manager reads "02-3142-0001", not an id.
  return page_response(outages.compensations(*id, q->before, q->limit),
                       [&](const og::Compensation& c) {
                         json::object item = compensation_json(c);
                         const auto line = outages.find_line(c.line_id);
                         item["line_ref"] = line ? json::value(line->ref) : nullptr;
                         item["area"] = line ? json::value(line->area) : nullptr;
                         return item;
                       });
}

http::Response csv_response(const CsvWriter& csv, const std::string& filename) {
  http::Response res = http::Response::text(200, csv.text(), "text/csv; charset=utf-8");
  res.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return res;
}

std::string won(std::int64_t v) {
  return std::to_string(v);
}
std::string hours_text(UnixMicros us) {
  char out[32];
  std::snprintf(out, sizeof out, "%.2f", hours(us));
  return out;
}

// One outage's lines for a spreadsheet: every page, bounded.
constexpr int kCsvPagesMax = 1'250;  // 250,000 lines

http::Response get_compensations_csv(og::OutageService& outages, Call& call) {
  auto id = id_param(call.req, "id");
  auto event = id ? outages.find_event(*id) : std::nullopt;
  if (!event) return problem(Status::not_found("No outage with this id"));
  CsvWriter csv(CsvWriter::Options{.bom = true, .guard_formulas = false});
  csv.row({"line_id", "line_ref", "area", "hours", "compensated_hours", "refund_won",
           "voluntary_won", "damages_claimable_won", "damages_paid_won", "claimed",
           "transfer_ids"});
  std::optional<Id> after;
  for (int page = 0; page < kCsvPagesMax; ++page) {
    const auto rows = outages.compensations(event->id, after, kPageLimitMax);
    for (const og::Compensation& c : rows.items) {
      const auto line = outages.find_line(c.line_id);
      std::string transfers;
      for (Id t : c.transfer_ids) transfers += (transfers.empty() ? "" : " ") + id_to_string(t);
      csv.row({id_to_string(c.line_id), line ? line->ref : "", line ? line->area : "",
               hours_text(c.own_us), hours_text(c.qualifying_us), won(c.refund_won),
               won(c.voluntary_won), won(c.damages_claimable_won), won(c.damages_paid_won),
               c.claimed ? "yes" : "no", transfers});
    }
    if (!rows.next) return csv_response(csv, "outage-" + id_to_string(event->id) + ".csv");
    after = rows.next;
  }
  return problem(Status(Code::invalid_argument, "too-many-rows",
                        "The outage has more lines than one file holds; page the JSON list"));
}

// A customer's own compensations, every line and outage, for their records.
http::Response get_mine_csv(og::OutageService& outages, Call& call) {
  CsvWriter csv;
  csv.row({"회선 (line)", "장애 시작 (started_at)", "장애 종료 (ended_at)", "원인 (cause)",
           "장애 시간 (hours)", "요금 감면 (refund_won)", "자율 보상 (voluntary_won)",
           "청구 가능 손해배상 (damages_claimable_won)", "지급 손해배상 (damages_paid_won)"});
  for (const auto& lc : outages.customer_compensations(call.principal->user.id)) {
    for (const auto& c : lc.compensations) {
      const auto e = outages.find_event(c.event_id);
      csv.row({lc.line.ref, e ? format_rfc3339(e->started_at_us) : "",
               e && e->ended_at_us ? format_rfc3339(*e->ended_at_us) : "", e ? e->cause : "",
               hours_text(c.own_us), won(c.refund_won), won(c.voluntary_won),
               won(c.damages_claimable_won), won(c.damages_paid_won)});
    }
  }
  return csv_response(csv, "my-outage-compensations.csv");
}

void post_claim(og::OutageService& outages, WorkerPool& pool, Call& call, Reply reply) {
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"line_id", "event_id"});
  const auto line_id = read_id(r, "line_id", true);
  const auto event_id = read_id(r, "event_id", true);
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  const Id user = call.principal->user.id;
  off_io_threads(
      pool, reply,
      [&outages, line = *line_id, event = *event_id, user]() -> Answer {
        auto claimed = outages.claim(event, line, user);
        if (!claimed.ok()) return [s = claimed.status()] { return problem(s); };
        return [body = compensation_json(claimed.value())] { return json_response(200, body); };
      },
      busy_answer());
}

http::Response get_mine(og::OutageService& outages, Call& call) {
  json::array lines;
  for (const auto& lc : outages.customer_compensations(call.principal->user.id)) {
    json::object line = line_json(lc.line);
    json::array list;
    for (const auto& c : lc.compensations) {
      json::object item = compensation_json(c);
      if (auto e = outages.find_event(c.event_id)) {
        item["started_at"] = format_rfc3339(e->started_at_us);
        item["ended_at"] = e->ended_at_us ? json::value(format_rfc3339(*e->ended_at_us)) : nullptr;
        item["cause"] = e->cause;
      }
      list.push_back(std::move(item));
    }
    line["compensations"] = std::move(list);
    lines.push_back(std::move(line));
  }
  return json_response(200, json::object{{"lines", lines}});
}

}  // namespace

void add_outage_routes(Routes& routes, og::OutageService& outages, WorkerPool& pool) {
  og::OutageService* o = &outages;
  WorkerPool* p = &pool;
  // An import of 5,000 lines is about 1 MB of JSON.
  routes.add({Method::post, "/api/v1/outage/lines", {Action::manage_outages}, true, 2 << 20},
             [o](Call& c) { return post_lines(*o, c); });
  routes.add({Method::get, "/api/v1/outage/lines", {Action::read_outages}},
             [o](Call& c) { return get_lines(*o, c); });
  routes.add({Method::get, "/api/v1/outage/terms", {Action::public_read}},
             [o](Call& c) { return get_terms(*o, c); });
  routes.add({Method::post, "/api/v1/outage/terms", {Action::manage_outages}, true},
             [o](Call& c) { return post_terms(*o, c); });
  routes.add_async(
      {Method::post, "/api/v1/outage/events", {Action::manage_outages}, true, 256 << 10},
      [o, p](Call& c, Reply r) { post_event(*o, *p, c, std::move(r)); });
  routes.add({Method::get, "/api/v1/outage/events", {Action::read_outages}},
             [o](Call& c) { return get_events(*o, c); });
  routes.add({Method::get, "/api/v1/outage/events/{id}", {Action::read_outages}},
             [o](Call& c) { return get_event(*o, c); });
  routes.add_async({Method::patch, "/api/v1/outage/events/{id}", {Action::manage_outages}, true},
                   [o, p](Call& c, Reply r) { patch_event(*o, *p, c, std::move(r)); });
  routes.add_async(
      {Method::post, "/api/v1/outage/events/{id}/settle", {Action::manage_outages}, true},
      [o, p](Call& c, Reply r) { settle_event(*o, *p, c, std::move(r)); });
  routes.add({Method::get, "/api/v1/outage/events/{id}/compensations", {Action::read_outages}},
             [o](Call& c) { return get_compensations(*o, c); });
  routes.add_async({Method::post, "/api/v1/outage/claims", {Action::signed_in}, true},
                   [o, p](Call& c, Reply r) { post_claim(*o, *p, c, std::move(r)); });
  routes.add({Method::get, "/api/v1/outage/events/{id}/compensations.csv", {Action::read_outages}},
             [o](Call& c) { return get_compensations_csv(*o, c); });
  routes.add({Method::get, "/api/v1/outage/me.csv", {Action::signed_in}},
             [o](Call& c) { return get_mine_csv(*o, c); });
  routes.add({Method::get, "/api/v1/outage/me", {Action::signed_in}},
             [o](Call& c) { return get_mine(*o, c); });
}

}  // namespace sangsaeng::api
