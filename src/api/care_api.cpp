// Care and dispatch's handlers: helpers, people and requests (JSON or a CSV import), a day's
// plan (the solver runs on the care pool, never on an io thread), moves answered by the
// checker, publication, and a helper's day with check-in and check-out. Rules live in
// src/care; who may read a person's record is decided there too.
#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>

#include "api/api.h"
#include "api/modules.h"
#include "care/service.h"
#include "core/csv.h"
#include "core/json.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace cr = care;
using accounts::Action;
using http::Method;

namespace {

constexpr std::size_t kRowsPerRequestMax = 5'000;

cr::Actor actor_of(const Call& call) {
  cr::Actor a;
  const accounts::User& u = call.principal->user;
  a.user_id = u.id;
  a.email = u.email;
  a.admin = call.principal->has(accounts::Role::admin);
  for (const auto& g : u.roles)
    if (g.role == accounts::Role::manager) a.manages.push_back(g.program);
  a.remote_addr = call.req.remote_addr;
  a.request_id = call.req.request_id;
  return a;
}

Answer busy_answer() {
  return [] {
    return http::problem(503, "busy", "Plans are queued",
                         "Other days are being planned right now; try again in a moment.")
        .header("Retry-After", "5");
  };
}

json::value optional_id(const std::optional<Id>& id) {
  return id ? json::value(id_to_string(*id)) : json::value(nullptr);
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string clock_text(int minutes) {
  char out[24];
  std::snprintf(out, sizeof out, "%02d:%02d", minutes / 60, minutes % 60);
  return out;
}
json::value span_json(const std::optional<cr::Span>& s) {
  if (!s) return nullptr;
  return json::value(clock_text(s->start_min) + "-" + clock_text(s->end_min));
}

// "09:00-18:00" -> minutes; nullopt when it is not that shape (the rules check the order).
std::optional<cr::Span> parse_span(std::string_view text) {
  auto minutes = [](std::string_view t) -> std::optional<int> {
    if (t.size() != 5 || t[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4})
      if (t[static_cast<std::size_t>(i)] < '0' || t[static_cast<std::size_t>(i)] > '9')
        return std::nullopt;
    const int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
  };
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  const auto a = minutes(text.substr(0, 5)), b = minutes(text.substr(6));
  if (!a || !b) return std::nullopt;
  return cr::Span{*a, *b};
}

// --- reading bodies -------------------------------------------------------------------

std::vector<std::string> read_words(const json::object& o, FieldReader& r, std::string_view name) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array() || v->as_array().size() > 30) {
    r.add_error(std::string(name), "must be an array of at most 30 words");
    return out;
  }
  for (const json::value& w : v->as_array()) {
    if (!w.is_string()) {
      r.add_error(std::string(name), "must hold words");
      return {};
    }
    out.emplace_back(w.as_string());
  }
  return out;
}

double read_degrees(const json::object& o, FieldReader& r, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || !v->is_number()) {
    r.add_error(std::string(name), "must be a number of degrees");
    return 0;
  }
  return v->to_number<double>();
}

std::optional<cr::Span> read_span(const json::object& o, FieldReader& r, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  auto span = v->is_string() ? parse_span(v->as_string()) : std::nullopt;
  if (!span) r.add_error(std::string(name), "must be \"HH:MM-HH:MM\" (Seoul time)");
  return span;
}

std::optional<std::string> read_date(const json::object& o, FieldReader& r, std::string_view name,
                                     bool required) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (required) r.add_error(std::string(name), "is required (YYYY-MM-DD)");
    return std::nullopt;
  }
  if (!v->is_string() || v->as_string().size() != 10 || !parse_date(v->as_string())) {
    r.add_error(std::string(name), "must be a date (YYYY-MM-DD)");
    return std::nullopt;
  }
  return std::string(v->as_string());
}

template <class E>
E read_enum(FieldReader& r, const json::object& o, std::string_view name, E fallback,
            std::optional<E> (*parse)(std::string_view), std::string_view words) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return fallback;
  auto e = v->is_string() ? parse(v->as_string()) : std::nullopt;
  if (!e) r.add_error(std::string(name), "must be one of " + std::string(words));
  return e.value_or(fallback);
}

cr::Helper read_helper(const json::object& o, FieldReader& r) {
  r.reject_unknown({"user_id", "name", "kind", "gender", "team", "home_address", "home_lat",
                    "home_lon", "weekday_shift", "weekend_shift", "skills", "languages",
                    "certifications"});
  cr::Helper h;
  h.user_id = read_id(r, "user_id", false);
  h.name = r.string("name", {.max_chars = 100});
  h.kind = read_enum(r, o, "kind", cr::HelperKind::it_supporter, cr::parse_helper_kind,
                     "it_supporter, technician, volunteer");
  h.gender = read_enum(r, o, "gender", cr::Gender::unrecorded, cr::parse_gender,
                       "female, male, unrecorded");
  h.team = r.optional_string("team", {.min_chars = 0, .max_chars = 100}).value_or("");
  h.home.address = r.string("home_address", {.max_chars = 300});
  h.home.lat = read_degrees(o, r, "home_lat");
  h.home.lon = read_degrees(o, r, "home_lon");
  h.weekday_shift = read_span(o, r, "weekday_shift");
  h.weekend_shift = read_span(o, r, "weekend_shift");
  h.skills = read_words(o, r, "skills");
  h.languages = read_words(o, r, "languages");
  if (const json::value* v = o.if_contains("certifications"); v && !v->is_null()) {
    if (!v->is_array()) {
      r.add_error("certifications", "must be an array of {name, issued_on, expires_on}");
      return h;
    }
    for (const json::value& c : v->as_array()) {
      if (!c.is_object()) {
        r.add_error("certifications", "must hold {name, issued_on, expires_on}");
        break;
      }
      FieldReader cr_reader(c.as_object());
      cr_reader.reject_unknown({"name", "issued_on", "expires_on"});
      cr::Certification cert;
      cert.name = cr_reader.string("name", {.max_chars = 100});
      cert.issued_on = read_date(c.as_object(), cr_reader, "issued_on", true).value_or("");
      cert.expires_on = read_date(c.as_object(), cr_reader, "expires_on", true).value_or("");
      for (FieldError& e : std::move(cr_reader.status()).fields())
        r.add_error("certifications." + e.field, e.message);
      h.certifications.push_back(std::move(cert));
    }
  }
  return h;
}

cr::Beneficiary read_beneficiary(const json::object& o, FieldReader& r) {
  r.reject_unknown({"program", "name", "phone", "address", "lat", "lon", "needs", "consent_on",
                    "designated_helper_id", "female_helper_only"});
  cr::Beneficiary b;
  b.program = r.string("program", {.max_chars = 40});
  b.name = r.string("name", {.max_chars = 100});
  b.phone = r.string("phone", {.max_chars = 40});
  b.place.address = r.string("address", {.max_chars = 300});
  b.place.lat = read_degrees(o, r, "lat");
  b.place.lon = read_degrees(o, r, "lon");
  b.needs = read_words(o, r, "needs");
  b.consent_on = read_date(o, r, "consent_on", false);
  b.designated_helper_id = read_id(r, "designated_helper_id", false);
  b.female_helper_only = r.optional_boolean("female_helper_only").value_or(false);
  return b;
}

cr::Request read_request(const json::object& o, FieldReader& r) {
  r.reject_unknown({"program", "beneficiary_id", "kind", "date", "duration_min", "windows",
                    "priority", "skills", "language"});
  cr::Request q;
  q.program = r.string("program", {.max_chars = 40});
  q.beneficiary_id = read_id(r, "beneficiary_id", true).value_or(0);
  q.kind = read_enum(r, o, "kind", cr::RequestKind::home_it_help, cr::parse_request_kind,
                     "home_it_help, it_education, broadband_repair, installation");
  q.date = read_date(o, r, "date", true).value_or("");
  q.duration_min = static_cast<int>(r.integer("duration_min", 10, 480));
  q.priority = static_cast<int>(r.optional_integer("priority", 0, 100).value_or(0));
  q.skills = read_words(o, r, "skills");
  q.language = r.optional_string("language", {.max_chars = 40});
  for (const std::string& w : read_words(o, r, "windows")) {
    auto span = parse_span(w);
    if (!span) {
      r.add_error("windows", "must hold \"HH:MM-HH:MM\" spans (Seoul time)");
      break;
    }
    q.windows.push_back(*span);
  }
  return q;
}

// --- CSV: each row becomes the JSON object POST takes ---------------------------------

struct CsvShape {
  std::vector<std::string_view> columns;  // every accepted column
  std::vector<std::string_view> lists;    // cells split on spaces or ';' into arrays
  std::vector<std::string_view> numbers;  // cells read as numbers
  std::vector<std::string_view> flags;    // 1, true, 예, Y
};

bool among(const std::vector<std::string_view>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

json::array split_list(const std::string& cell) {
  json::array out;
  std::string word;
  for (char c : cell + " ") {
    if (c == ' ' || c == ';') {
      if (!word.empty()) out.emplace_back(word);
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  return out;
}

Result<std::vector<json::object>> csv_objects(std::string_view text, const CsvShape& shape) {
  auto rows = csv_parse(text, kRowsPerRequestMax + 1);
  if (!rows.ok()) return rows.status();
  if (rows.value().size() < 2) return Status::invalid("items", "a header row and 1 to 5,000 rows");
  const auto& header = rows.value()[0];
  for (const std::string& h : header)
    if (!among(shape.columns, h)) return Status::invalid("header", "unknown column \"" + h + "\"");
  std::vector<json::object> out;
  std::vector<FieldError> errors;
  for (std::size_t i = 1; i < rows.value().size() && errors.size() < 20; ++i) {
    const auto& row = rows.value()[i];
    const std::string at = "items[" + std::to_string(i - 1) + "]";
    if (row.size() != header.size()) {
      errors.push_back({at, "has " + std::to_string(row.size()) + " cells, the header " +
                                std::to_string(header.size())});
      continue;
    }
    json::object o;
    for (std::size_t k = 0; k < header.size(); ++k) {
      const std::string& h = header[k];
      const std::string& cell = row[k];
      if (cell.empty()) continue;  // absent: optional fields default, required ones complain
      if (among(shape.lists, h)) {
        o[h] = split_list(cell);
      } else if (among(shape.numbers, h)) {
        char* end = nullptr;
        const double v = std::strtod(cell.c_str(), &end);
        if (*end != '\0') {
          errors.push_back({at + "." + h, "must be a number"});
          continue;
        }
        if (v == static_cast<double>(static_cast<std::int64_t>(v)) && h != "lat" && h != "lon" &&
            h != "home_lat" && h != "home_lon") {
          o[h] = static_cast<std::int64_t>(v);
        } else {
          o[h] = v;
        }
      } else if (among(shape.flags, h)) {
        o[h] = cell == "1" || cell == "true" || cell == "예" || cell == "Y" || cell == "y";
      } else {
        o[h] = cell;
      }
    }
    out.push_back(std::move(o));
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return out;
}

// The objects of a body: a CSV file (Content-Type text/csv), {"items": [...]}, or one object.
Result<std::vector<json::object>> body_objects(const http::Request& req, const CsvShape& shape) {
  if (req.header("Content-Type").starts_with("text/csv")) return csv_objects(req.body, shape);
  auto body = body_object(req);
  if (!body.ok()) return body.status();
  const json::value* list = body.value().if_contains("items");
  if (list == nullptr) return std::vector<json::object>{std::move(body).value()};
  if (!list->is_array() || list->as_array().empty() ||
      list->as_array().size() > kRowsPerRequestMax || body.value().size() != 1)
    return Status::invalid("items", "an array of 1 to 5,000 objects, and nothing else");
  std::vector<json::object> out;
  for (const json::value& v : list->as_array()) {
    if (!v.is_object()) return Status::invalid("items", "must hold objects");
    out.push_back(v.as_object());
  }
  return out;
}

// Reads every object with `read`; field errors named "items[i].field" when there are several.
template <class T, class Read>
Result<std::vector<T>> read_all(const std::vector<json::object>& objects, Read read) {
  std::vector<T> out;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < objects.size() && errors.size() < 50; ++i) {
    FieldReader r(objects[i]);
    out.push_back(read(objects[i], r));
    const std::string at = objects.size() == 1 ? "" : "items[" + std::to_string(i) + "].";
    for (FieldError& e : std::move(r.status()).fields())
      errors.push_back({at + e.field, std::move(e.message)});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return out;
}

http::Response ids_answer(const Result<std::vector<Id>>& ids) {
  if (!ids.ok()) return problem(ids.status());
  json::array items;
  for (Id id : ids.value()) items.push_back(json::object{{"id", id_to_string(id)}});
  return json_response(201, json::object{{"items", items}});
}

const CsvShape kHelperCsv{{"user_id", "name", "kind", "gender", "team", "home_address", "home_lat",
                           "home_lon", "weekday_shift", "weekend_shift", "skills", "languages",
                           "certification", "certification_issued_on", "certification_expires_on"},
                          {"skills", "languages"},
                          {"home_lat", "home_lon"},
                          {}};
const CsvShape kBeneficiaryCsv{{"program", "name", "phone", "address", "lat", "lon", "needs",
                                "consent_on", "designated_helper_id", "female_helper_only"},
                               {"needs"},
                               {"lat", "lon"},
                               {"female_helper_only"}};
const CsvShape kRequestCsv{{"program", "beneficiary_id", "kind", "date", "duration_min", "windows",
                            "priority", "skills", "language"},
                           {"windows", "skills"},
                           {"duration_min", "priority"},
                           {}};

// A CSV row's one certification (three columns) becomes the certifications array.
void fold_certification(json::object& o) {
  const json::value* name = o.if_contains("certification");
  if (name == nullptr) return;
  json::object cert{{"name", *name}};
  if (auto* v = o.if_contains("certification_issued_on")) cert["issued_on"] = *v;
  if (auto* v = o.if_contains("certification_expires_on")) cert["expires_on"] = *v;
  o.erase("certification");
  o.erase("certification_issued_on");
  o.erase("certification_expires_on");
  o["certifications"] = json::array{cert};
}

// --- answers --------------------------------------------------------------------------

json::object helper_json(const cr::Helper& h) {
  json::array certs;
  for (const auto& c : h.certifications)
    certs.push_back(
        json::object{{"name", c.name}, {"issued_on", c.issued_on}, {"expires_on", c.expires_on}});
  return {{"id", id_to_string(h.id)},
          {"user_id", optional_id(h.user_id)},
          {"name", h.name},
          {"kind", cr::to_string(h.kind)},
          {"gender", cr::to_string(h.gender)},
          {"team", h.team},
          {"home_address", h.home.address},
          {"home_lat", h.home.lat},
          {"home_lon", h.home.lon},
          {"weekday_shift", span_json(h.weekday_shift)},
          {"weekend_shift", span_json(h.weekend_shift)},
          {"skills", strings(h.skills)},
          {"languages", strings(h.languages)},
          {"certifications", certs}};
}

json::object beneficiary_json(const cr::Beneficiary& b) {
  return {{"id", id_to_string(b.id)},
          {"program", b.program},
          {"name", b.name},
          {"phone", b.phone},
          {"address", b.place.address},
          {"lat", b.place.lat},
          {"lon", b.place.lon},
          {"needs", strings(b.needs)},
          {"consent_on", b.consent_on ? json::value(*b.consent_on) : nullptr},
          {"designated_helper_id", optional_id(b.designated_helper_id)},
          {"female_helper_only", b.female_helper_only}};
}

// A request without the person's details (those are read through the person's record).
json::object request_json(const cr::Request& q) {
  json::array windows;
  for (const auto& w : q.windows) windows.emplace_back(*span_json(w).if_string());
  return {{"id", id_to_string(q.id)},
          {"program", q.program},
          {"beneficiary_id", id_to_string(q.beneficiary_id)},
          {"kind", cr::to_string(q.kind)},
          {"date", q.date},
          {"weekend", cr::is_weekend(q.date)},
          {"duration_min", q.duration_min},
          {"windows", windows},
          {"priority", q.priority},
          {"skills", strings(q.skills)},
          {"language", q.language ? json::value(*q.language) : nullptr},
          {"status", cr::to_string(q.status)},
          {"reason", q.reason}};
}

json::object plan_json(const cr::Plan& p) {
  json::array routes, unassigned;
  for (const cr::PlanRoute& r : p.routes) {
    json::array visits;
    for (const cr::PlannedVisit& v : r.visits)
      visits.push_back(json::object{{"request_id", id_to_string(v.request_id)},
                                    {"start_at", format_rfc3339(v.start_at_us)},
                                    {"end_at", format_rfc3339(v.end_at_us)}});
    routes.push_back(json::object{{"helper_id", id_to_string(r.helper_id)}, {"visits", visits}});
  }
  for (const cr::Left& l : p.unassigned) {
    const cr::Words words = cr::reason_words(l.reason);
    unassigned.push_back(json::object{{"request_id", id_to_string(l.request_id)},
                                      {"reason", l.reason},
                                      {"reason_ko", words.ko},
                                      {"reason_en", words.en}});
  }
  json::array moved;
  for (Id id : p.moved) moved.emplace_back(id_to_string(id));
  const cr::PlanSummary& s = p.summary;
  return {{"id", id_to_string(p.id)},
          {"date", p.date},
          {"weekend", cr::is_weekend(p.date)},
          {"status", p.published ? "published" : "draft"},
          {"routes", routes},
          {"unassigned", unassigned},
          {"moves", p.moves},
          {"base_plan_id", optional_id(p.base_plan_id)},
          {"moved", moved},
          {"summary",
           {{"requests", s.requests},
            {"assigned", s.assigned},
            {"unassigned", s.unassigned},
            {"helpers_on_shift", s.helpers_on_shift},
            {"helpers_used", s.helpers_used},
            {"designated", s.designated},
            {"designated_honoured", s.designated_honoured},
            {"kept", s.kept},
            {"travel_km", s.travel_km},
            {"solver_ms", s.solver_ms}}},
          {"created_at", format_rfc3339(p.created_at_us)},
          {"published_at", p.published_at_us ? json::value(format_rfc3339(*p.published_at_us))
                                             : json::value(nullptr)}};
}

json::object visit_json(const cr::Visit& v) {
  return {{"id", id_to_string(v.id)},
          {"plan_id", id_to_string(v.plan_id)},
          {"request_id", id_to_string(v.request_id)},
          {"helper_id", id_to_string(v.helper_id)},
          {"date", v.date},
          {"seq", v.seq},
          {"start_at", format_rfc3339(v.start_at_us)},
          {"end_at", format_rfc3339(v.end_at_us)},
          {"status", cr::to_string(v.status)},
          {"checked_in_at",
           v.checked_in_at_us ? json::value(format_rfc3339(*v.checked_in_at_us)) : nullptr},
          {"checked_out_at",
           v.checked_out_at_us ? json::value(format_rfc3339(*v.checked_out_at_us)) : nullptr},
          {"outcome", v.outcome ? json::value(cr::to_string(*v.outcome)) : nullptr},
          {"notes", v.notes},
          {"duration_min", v.duration_min ? json::value(*v.duration_min) : nullptr},
          {"satisfaction", v.satisfaction ? json::value(*v.satisfaction) : nullptr}};
}

// 422 with the checker's reasons, in the dispatcher's words.
http::Response refused(const std::vector<cr::Violation>& violations) {
  json::array list;
  for (const cr::Violation& v : violations) {
    const cr::Words words = cr::violation_words(v.kind);
    list.push_back(json::object{
        {"kind", v.kind},
        {"request_id",
         v.request_id ? json::value(id_to_string(v.request_id)) : json::value(nullptr)},
        {"helper_id", v.helper_id ? json::value(id_to_string(v.helper_id)) : json::value(nullptr)},
        {"message_ko", words.ko},
        {"message_en", words.en}});
  }
  json::object body{{"type", std::string(http::kProblemTypeBase) + "move-refused"},
                    {"title", "The checker refuses this move"},
                    {"status", 422},
                    {"detail", cr::violation_words(violations.front().kind).en},
                    {"violations", list}};
  return http::Response::text(422, json::serialize(body), "application/problem+json");
}

// --- handlers -------------------------------------------------------------------------

http::Response post_helpers(cr::CareService& care, Call& call) {
  auto objects = body_objects(call.req, kHelperCsv);
  if (!objects.ok()) return problem(objects.status());
  for (json::object& o : objects.value()) fold_certification(o);
  auto helpers = read_all<cr::Helper>(objects.value(), read_helper);
  if (!helpers.ok()) return problem(helpers.status());
  return ids_answer(care.add_helpers(std::move(helpers).value(), actor_of(call)));
}

http::Response get_helpers(cr::CareService& care, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  return page_response(care.helpers(q->before, q->limit), helper_json);
}

http::Response post_beneficiaries(cr::CareService& care, Call& call) {
  auto objects = body_objects(call.req, kBeneficiaryCsv);
  if (!objects.ok()) return problem(objects.status());
  auto list = read_all<cr::Beneficiary>(objects.value(), read_beneficiary);
  if (!list.ok()) return problem(list.status());
  return ids_answer(care.add_beneficiaries(std::move(list).value(), actor_of(call)));
}

http::Response get_beneficiary(cr::CareService& care, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No person with this id"));
  auto b = care.beneficiary(*id, actor_of(call));
  if (!b.ok()) return problem(b.status());
  return json_response(200, beneficiary_json(b.value()));
}

http::Response post_requests(cr::CareService& care, Call& call) {
  auto objects = body_objects(call.req, kRequestCsv);
  if (!objects.ok()) return problem(objects.status());
  auto list = read_all<cr::Request>(objects.value(), read_request);
  if (!list.ok()) return problem(list.status());
  return ids_answer(care.add_requests(std::move(list).value(), actor_of(call)));
}

http::Response get_requests(cr::CareService& care, Call& call) {
  const auto date = call.req.query.find("date");
  if (date == call.req.query.end() || date->second.size() != 10 || !parse_date(date->second))
    return problem(Status::invalid("date", "?date=YYYY-MM-DD is required"));
  json::array items;
  for (const cr::Request& q : care.requests_on(date->second)) items.push_back(request_json(q));
  return json_response(200, json::object{{"items", items}});
}

http::Response cancel_request(cr::CareService& care, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No request with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"reason"});
  const std::string reason = r.string("reason", {.max_chars = 500});
  if (!r.ok()) return problem(r.status());
  auto cancelled = care.cancel_request(*id, reason, actor_of(call));
  if (!cancelled.ok()) return problem(cancelled.status());
  return json_response(200, request_json(cancelled.value()));
}

// A customer's booking (the request form): their own details, the visit, the options.
http::Response post_my_request(cr::CareService& care, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  const json::object& o = body.value();
  FieldReader r(o);
  r.reject_unknown({"program", "kind", "date", "windows", "name", "phone", "address", "lat", "lon",
                    "needs", "language", "female_helper_only", "designated_helper_id", "consent"});
  cr::Booking b;
  b.program = r.one_of("program", {"it-support", "internet-doctor", "female-tech"});
  b.kind = read_enum(r, o, "kind", cr::RequestKind::home_it_help, cr::parse_request_kind,
                     "home_it_help, it_education, broadband_repair, installation");
  b.date = read_date(o, r, "date", true).value_or("");
  for (const std::string& w : read_words(o, r, "windows")) {
    auto span = parse_span(w);
    if (!span) {
      r.add_error("windows", "must hold \"HH:MM-HH:MM\" spans (Seoul time)");
      break;
    }
    b.windows.push_back(*span);
  }
  b.name = r.string("name", {.max_chars = 100});
  b.phone = r.string("phone", {.max_chars = 40});
  b.place.address = r.string("address", {.max_chars = 300});
  b.place.lat = read_degrees(o, r, "lat");
  b.place.lon = read_degrees(o, r, "lon");
  b.needs = read_words(o, r, "needs");
  b.language = r.optional_string("language", {.max_chars = 40});
  b.female_helper_only = r.optional_boolean("female_helper_only").value_or(false);
  b.designated_helper_id = read_id(r, "designated_helper_id", false);
  b.consent = r.optional_boolean("consent").value_or(false);
  if (!r.ok()) return problem(r.status());
  auto booked = care.book(b, actor_of(call));
  if (!booked.ok()) return problem(booked.status());
  return json_response(201, request_json(booked.value()));
}

http::Response get_my_requests(cr::CareService& care, Call& call) {
  json::array items;
  for (const cr::Request& q : care.my_requests(actor_of(call))) items.push_back(request_json(q));
  return json_response(200, json::object{{"items", items}});
}

// The engineers a customer may name: names and teams, nothing personal.
http::Response get_engineers(cr::CareService& care, Call&) {
  json::array items;
  for (const cr::Helper& h : care.engineers())
    items.push_back(json::object{{"id", id_to_string(h.id)}, {"name", h.name}, {"team", h.team}});
  return json_response(200, json::object{{"items", items}});
}

http::Response get_plans(cr::CareService& care, Call& call) {
  const auto date = call.req.query.find("date");
  if (date == call.req.query.end() || date->second.size() != 10 || !parse_date(date->second))
    return problem(Status::invalid("date", "?date=YYYY-MM-DD is required"));
  json::array items;
  for (const cr::Plan& p : care.plans_on(date->second)) items.push_back(plan_json(p));
  return json_response(200, json::object{{"items", items}});
}

void post_plan(cr::CareService& care, WorkerPool& pool, int seconds_max, Call& call, Reply reply) {
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"date", "seconds"});
  const auto date = read_date(body.value(), r, "date", true);
  const int seconds = static_cast<int>(r.optional_integer("seconds", 1, seconds_max).value_or(5));
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  off_io_threads(
      pool, reply,
      [&care, date = *date, seconds, actor = actor_of(call)]() -> Answer {
        auto plan = care.plan_day(date, seconds, actor);
        if (!plan.ok()) return [s = plan.status()] { return problem(s); };
        return [body = plan_json(plan.value())] { return json_response(201, body); };
      },
      busy_answer());
}

http::Response get_plan(cr::CareService& care, Call& call) {
  auto id = id_param(call.req, "id");
  auto plan = id ? care.find_plan(*id) : std::nullopt;
  if (!plan) return problem(Status::not_found("No plan with this id"));
  return json_response(200, plan_json(*plan));
}

http::Response post_move(cr::CareService& care, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No plan with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"request_id", "helper_id", "position"});
  cr::Move m;
  m.request_id = read_id(r, "request_id", true).value_or(0);
  m.helper_id = read_id(r, "helper_id", false);
  if (auto p = r.optional_integer("position", 0, 1'000)) m.position = static_cast<int>(*p);
  if (!r.ok()) return problem(r.status());
  auto moved = care.move(*id, m);
  if (!moved.ok()) return problem(moved.status());
  if (!moved->plan) return refused(moved->violations);
  return json_response(200, plan_json(*moved->plan));
}

http::Response post_publish(cr::CareService& care, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No plan with this id"));
  auto plan = care.publish(*id, actor_of(call));
  if (!plan.ok()) return problem(plan.status());
  return json_response(200, plan_json(plan.value()));
}

http::Response get_visits(cr::CareService& care, Call& call) {
  auto day = care.my_day(actor_of(call));
  if (!day.ok()) return problem(day.status());
  json::array items;
  for (const cr::VisitView& v : day.value()) {
    json::object item = visit_json(v.visit);
    item["request"] = request_json(v.request);
    item["beneficiary"] = beneficiary_json(v.beneficiary);
    item["map_url"] = "https://map.kakao.com/link/map/" + std::to_string(v.beneficiary.place.lat) +
                      "," + std::to_string(v.beneficiary.place.lon);
    items.push_back(std::move(item));
  }
  return json_response(200, json::object{{"items", items}});
}

http::Response post_check_in(cr::CareService& care, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No visit of yours with this id"));
  auto v = care.check_in(*id, actor_of(call));
  if (!v.ok()) return problem(v.status());
  return json_response(200, visit_json(v.value()));
}

http::Response post_check_out(cr::CareService& care, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No visit of yours with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"outcome", "notes", "duration_min", "satisfaction"});
  cr::CheckOut out;
  const auto outcome = cr::parse_outcome(r.one_of("outcome", {"solved", "follow_up", "not_home"}));
  out.outcome = outcome.value_or(cr::Outcome::solved);
  out.notes = r.optional_string("notes", {.min_chars = 0, .max_chars = 2'000}).value_or("");
  if (auto d = r.optional_integer("duration_min", 1, 600)) out.duration_min = static_cast<int>(*d);
  if (auto s = r.optional_integer("satisfaction", 1, 5)) out.satisfaction = static_cast<int>(*s);
  if (!r.ok()) return problem(r.status());
  auto v = care.check_out(*id, out, actor_of(call));
  if (!v.ok()) return problem(v.status());
  return json_response(200, visit_json(v.value()));
}

}  // namespace

void add_care_routes(Routes& routes, cr::CareService& care, WorkerPool& pool, int seconds_max) {
  cr::CareService* c = &care;
  WorkerPool* p = &pool;
  constexpr std::size_t kImportBytes = 4 << 20;  // 5,000 rows
  routes.add({Method::post, "/api/v1/care/helpers", {Action::manage_care}, true, kImportBytes},
             [c](Call& k) { return post_helpers(*c, k); });
  routes.add({Method::get, "/api/v1/care/helpers", {Action::manage_care}},
             [c](Call& k) { return get_helpers(*c, k); });
  routes.add(
      {Method::post, "/api/v1/care/beneficiaries", {Action::manage_care}, true, kImportBytes},
      [c](Call& k) { return post_beneficiaries(*c, k); });
  routes.add({Method::get, "/api/v1/care/beneficiaries/{id}", {Action::read_care_person}},
             [c](Call& k) { return get_beneficiary(*c, k); });
  routes.add({Method::post, "/api/v1/care/requests", {Action::manage_care}, true, kImportBytes},
             [c](Call& k) { return post_requests(*c, k); });
  routes.add({Method::get, "/api/v1/care/requests", {Action::manage_care}},
             [c](Call& k) { return get_requests(*c, k); });
  routes.add({Method::post, "/api/v1/care/requests/{id}/cancel", {Action::manage_care}, true},
             [c](Call& k) { return cancel_request(*c, k); });
  routes.add_async(
      {Method::post, "/api/v1/care/plans", {Action::manage_care}, true},
      [c, p, seconds_max](Call& k, Reply r) { post_plan(*c, *p, seconds_max, k, std::move(r)); });
  routes.add({Method::get, "/api/v1/care/plans", {Action::manage_care}},
             [c](Call& k) { return get_plans(*c, k); });
  routes.add({Method::post, "/api/v1/care/my-requests", {Action::request_care}, true},
             [c](Call& k) { return post_my_request(*c, k); });
  routes.add({Method::get, "/api/v1/care/my-requests", {Action::request_care}},
             [c](Call& k) { return get_my_requests(*c, k); });
  routes.add({Method::get, "/api/v1/care/engineers", {Action::request_care}},
             [c](Call& k) { return get_engineers(*c, k); });
  routes.add({Method::get, "/api/v1/care/plans/{id}", {Action::manage_care}},
             [c](Call& k) { return get_plan(*c, k); });
  routes.add({Method::post, "/api/v1/care/plans/{id}/moves", {Action::manage_care}, true},
             [c](Call& k) { return post_move(*c, k); });
  routes.add({Method::post, "/api/v1/care/plans/{id}/publish", {Action::manage_care}, true},
             [c](Call& k) { return post_publish(*c, k); });
  routes.add({Method::get, "/api/v1/care/visits", {Action::visit_care}},
             [c](Call& k) { return get_visits(*c, k); });
  routes.add({Method::post, "/api/v1/care/visits/{id}/check-in", {Action::visit_care}, true},
             [c](Call& k) { return post_check_in(*c, k); });
  routes.add({Method::post, "/api/v1/care/visits/{id}/check-out", {Action::visit_care}, true},
             [c](Call& k) { return post_check_out(*c, k); });
}

}  // namespace sangsaeng::api
