// The volunteer corps' handlers: teams, members, facilities, activities, sign-ups, attendance,
// hours, a volunteer's own page and certificate, grants, the public figures. Recording
// attendance and topping up the budget wait for the books: they run on the volunteer pool,
// never on an io thread. Rules live in src/volunteer.
#include <algorithm>
#include <boost/json/array.hpp>
#include <cstdio>

#include "api/api.h"
#include "api/modules.h"
#include "core/csv.h"
#include "core/id.h"
#include "core/json.h"
#include "volunteer/service.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace vo = volunteer;
using accounts::Action;
using http::Method;

namespace {

constexpr std::size_t kRowsPerImportMax = 5'000;
constexpr int kActivitiesPerListMax = 500;
constexpr UnixMicros kDefaultWindowUs = 62 * kMicrosPerDay;

Answer busy_answer() {
  return [] {
    return http::problem(503, "busy", "Attendance is queued",
                         "Many recordings are waiting for the books; try again in a moment.")
        .header("Retry-After", "2");
  };
}

vo::Actor actor_of(const Call& call) {
  const accounts::Principal& p = *call.principal;
  return {.user_id = p.user.id,
          .program_manager = p.has(accounts::Role::admin) || p.manages("volunteer")};
}

json::value optional_id(const std::optional<Id>& id) {
  return id ? json::value(id_to_string(*id)) : json::value(nullptr);
}

double hours(std::int64_t minutes) {
  return static_cast<double>((minutes * 100 + 30) / 60) / 100.0;
}

json::object team_json(const vo::Team& t) {
  return {{"id", id_to_string(t.id)},
          {"name", t.name},
          {"leader_id", id_to_string(t.leader_id)},
          {"leader_name", t.leader_name},
          {"members", t.members},
          {"created_at", format_rfc3339(t.created_at_us)}};
}

// A facility's contact person and phone are for those who arrange visits: the program's
// managers and team leaders. Volunteers see where to go; the fields are absent for them.
json::object facility_json(const vo::Facility& f, bool with_contact) {
  json::object out{
      {"id", id_to_string(f.id)}, {"name", f.name}, {"kind", f.kind}, {"address", f.address}};
  if (with_contact) {
    out["contact_name"] = f.contact_name;
    out["contact_phone"] = f.contact_phone;
  }
  return out;
}

bool sees_contacts(vo::VolunteerService& corps, const vo::Actor& actor) {
  return actor.program_manager || !corps.teams_led_by(actor.user_id).empty();
}

json::object activity_json(const vo::Activity& a) {
  return {{"id", id_to_string(a.id)},
          {"facility_id", id_to_string(a.facility_id)},
          {"team_id", optional_id(a.team_id)},
          {"title", a.title},
          {"starts_at", format_rfc3339(a.starts_at_us)},
          {"ends_at", format_rfc3339(a.ends_at_us)},
          {"month", a.month},
          {"slots", a.slots},
          {"taken", a.taken},
          {"open", !a.team_id.has_value()}};
}

json::object attendance_json(const vo::AttendanceRow& r) {
  return {{"user_id", id_to_string(r.user_id)},
          {"name", r.user_name},
          {"minutes", r.minutes},
          {"hours", hours(r.minutes)}};
}

// A JSON list field of objects, each read by `read`, errors named "list[i].field".
template <class T, class Read>
Result<std::vector<T>> read_list(const json::object& body, std::string_view name, Read read) {
  const json::value* list = body.if_contains(name);
  if (list == nullptr || !list->is_array() || list->as_array().empty() ||
      list->as_array().size() > kRowsPerImportMax || body.size() != 1) {
    return Status::invalid(std::string(name), "an array of 1 to 5,000, and nothing else");
  }
  std::vector<T> out;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < list->as_array().size() && errors.size() < 20; ++i) {
    const json::value& v = list->as_array()[i];
    const std::string at = std::string(name) + "[" + std::to_string(i) + "]";
    if (!v.is_object()) {
      errors.push_back({at, "must be an object"});
      continue;
    }
    FieldReader r(v.as_object());
    out.push_back(read(r));
    for (FieldError& e : std::move(r.status()).fields())
      errors.push_back({at + "." + e.field, std::move(e.message)});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return out;
}

// A CSV import: a header row naming `columns` (any order), then rows; each row becomes the
// JSON object its cells spell (every cell a string) and is read by `read`.
template <class T, class Read>
Result<std::vector<T>> read_csv(std::string_view text, std::string_view name,
                                std::initializer_list<std::string_view> columns, Read read) {
  auto rows = csv_parse(text, kRowsPerImportMax + 1);
  if (!rows.ok()) return rows.status();
  if (rows.value().size() < 2) return Status::invalid(std::string(name), "a header row and rows");
  const auto& header = rows.value()[0];
  for (const std::string& h : header) {
    if (std::find(columns.begin(), columns.end(), h) == columns.end())
      return Status::invalid("header", "unknown column \"" + h + "\"");
  }
  std::vector<T> out;
  std::vector<FieldError> errors;
  for (std::size_t i = 1; i < rows.value().size() && errors.size() < 20; ++i) {
    const auto& row = rows.value()[i];
    const std::string at = std::string(name) + "[" + std::to_string(i - 1) + "]";
    if (row.size() != header.size()) {
      errors.push_back({at, "has " + std::to_string(row.size()) + " cells, the header " +
                                std::to_string(header.size())});
      continue;
    }
    json::object o;
    for (std::size_t k = 0; k < header.size(); ++k) o[header[k]] = row[k];
    FieldReader r(o);
    out.push_back(read(r));
    for (FieldError& e : std::move(r.status()).fields())
      errors.push_back({at + "." + e.field, std::move(e.message)});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return out;
}

bool is_csv(const Call& call) {
  return call.req.header("Content-Type").starts_with("text/csv");
}

// --- teams and facilities ---

http::Response post_team(vo::VolunteerService& corps, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"name", "leader_email"});
  const std::string name = r.string("name", {.max_chars = 100});
  const std::string leader = r.string("leader_email", {.max_chars = 254});
  if (!r.ok()) return problem(r.status());
  auto team = corps.create_team(name, leader);
  if (!team.ok()) return problem(team.status());
  return json_response(201, team_json(team.value()));
}

http::Response get_teams(vo::VolunteerService& corps, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  return page_response(corps.teams(q->before, q->limit), team_json);
}

std::string read_email(FieldReader& r) {
  r.reject_unknown({"email"});
  return r.string("email", {.max_chars = 254});
}

// {"members": [{"email"}...]} or a CSV with an "email" column (an HR export).
http::Response post_members(vo::VolunteerService& corps, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No team with this id"));
  Result<std::vector<std::string>> emails = Status::invalid("members", "none");
  if (is_csv(call)) {
    emails = read_csv<std::string>(call.req.body, "members", {"email", "name"}, [](FieldReader& r) {
      return r.string("email", {.max_chars = 254});
    });
  } else {
    auto body = body_object(call.req);
    if (!body.ok()) return problem(body.status());
    emails = read_list<std::string>(body.value(), "members", read_email);
  }
  if (!emails.ok()) return problem(emails.status());
  auto added = corps.add_members(*id, emails.value(), actor_of(call));
  if (!added.ok()) return problem(added.status());
  return json_response(
      200, json::object{{"added", added.value()}, {"team", team_json(*corps.find_team(*id))}});
}

vo::Facility read_facility(FieldReader& r) {
  r.reject_unknown({"name", "kind", "address", "contact_name", "contact_phone"});
  vo::Facility f;
  f.name = r.string("name", {.max_chars = 100});
  f.kind =
      r.one_of("kind", {"elderly", "disability", "children", "community", "homeless", "other"});
  f.address = r.string("address", {.max_chars = 200});
  f.contact_name = r.string("contact_name", {.max_chars = 100});
  f.contact_phone = r.string("contact_phone", {.max_chars = 30});
  return f;
}

// One facility's fields, {"facilities": [...]}, or a CSV with those columns.
http::Response post_facilities(vo::VolunteerService& corps, Call& call) {
  Result<std::vector<vo::Facility>> list = Status::invalid("facilities", "none");
  bool one = false;
  if (is_csv(call)) {
    list = read_csv<vo::Facility>(call.req.body, "facilities",
                                  {"name", "kind", "address", "contact_name", "contact_phone"},
                                  read_facility);
  } else {
    auto body = body_object(call.req);
    if (!body.ok()) return problem(body.status());
    if (body.value().contains("facilities")) {
      list = read_list<vo::Facility>(body.value(), "facilities", read_facility);
    } else {
      FieldReader r(body.value());
      vo::Facility f = read_facility(r);
      if (!r.ok()) return problem(r.status());
      list = std::vector<vo::Facility>{std::move(f)};
      one = true;
    }
  }
  if (!list.ok()) return problem(list.status());
  auto ids = corps.add_facilities(list.value());
  if (!ids.ok()) return problem(ids.status());
  if (one) {
    return json_response(201, facility_json(*corps.find_facility(ids.value().front()), true));
  }
  json::array items;
  for (Id fid : ids.value()) items.push_back(json::string(id_to_string(fid)));
  return json_response(201, json::object{{"ids", items}});
}

http::Response get_facilities(vo::VolunteerService& corps, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  const bool contacts = sees_contacts(corps, actor_of(call));
  return page_response(corps.facilities(q->before, q->limit),
                       [contacts](const vo::Facility& f) { return facility_json(f, contacts); });
}

// --- activities ---

http::Response post_activity(vo::VolunteerService& corps, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"facility_id", "team_id", "title", "starts_at", "ends_at", "slots"});
  vo::Activity a;
  a.facility_id = read_id(r, "facility_id", true).value_or(0);
  a.team_id = read_id(r, "team_id", false);
  a.title = r.string("title", {.max_chars = 200});
  a.starts_at_us = r.instant("starts_at");
  a.ends_at_us = r.instant("ends_at");
  a.slots = static_cast<int>(r.integer("slots", 1, 10'000));
  if (!r.ok()) return problem(r.status());
  auto made = corps.create_activity(std::move(a), actor_of(call));
  if (!made.ok()) return problem(made.status());
  return json_response(201, activity_json(made.value()));
}

std::optional<UnixMicros> query_instant(const Call& call, const std::string& name, bool& bad) {
  const auto it = call.req.query.find(name);
  if (it == call.req.query.end()) return std::nullopt;
  auto t = parse_rfc3339(it->second);
  if (!t) bad = true;
  return t;
}

// ?from=&to= (RFC 3339; from now to two months on by default), ?team=.
http::Response get_activities(vo::VolunteerService& corps, Call& call) {
  bool bad = false;
  const UnixMicros from = query_instant(call, "from", bad).value_or(call.now - kMicrosPerDay);
  const UnixMicros to = query_instant(call, "to", bad).value_or(from + kDefaultWindowUs);
  if (bad) return problem(Status::invalid("from", "from and to are RFC 3339 instants"));
  std::optional<Id> team;
  if (auto it = call.req.query.find("team"); it != call.req.query.end()) {
    team = parse_id(it->second);
    if (!team) return problem(Status::invalid("team", "a team id"));
  }
  json::array items;
  for (const vo::Activity& a : corps.activities(from, to, team, kActivitiesPerListMax)) {
    items.push_back(activity_json(a));
  }
  return json_response(200, json::object{{"items", items}});
}

// The activity; its sign-ups, its team's members and its attendance for its team's leader and
// the program's managers.
http::Response get_activity(vo::VolunteerService& corps, Call& call) {
  auto id = id_param(call.req, "id");
  auto a = id ? corps.find_activity(*id) : std::nullopt;
  if (!a) return problem(Status::not_found("No activity with this id"));
  json::object out = activity_json(*a);
  const vo::Actor actor = actor_of(call);
  if (auto f = corps.find_facility(a->facility_id))
    out["facility"] = facility_json(*f, sees_contacts(corps, actor));
  bool leads = actor.program_manager;
  if (a->team_id) {
    if (auto team = corps.find_team(*a->team_id)) {
      out["team_name"] = team->name;
      leads = leads || team->leader_id == actor.user_id;
    }
  }
  const auto people = corps.signups(a->id);
  out["signed_up"] = std::any_of(people.begin(), people.end(),
                                 [&](const auto& p) { return p.id == actor.user_id; });
  if (leads) {
    json::array signups, attendance, roster;
    for (const auto& p : people) {
      signups.push_back(json::object{{"user_id", id_to_string(p.id)}, {"name", p.name}});
    }
    // A team's members may be recorded without signing up (a leader logs it afterwards).
    if (a->team_id) {
      for (const auto& p : corps.members(*a->team_id)) {
        roster.push_back(json::object{{"user_id", id_to_string(p.id)}, {"name", p.name}});
      }
    }
    out["members"] = std::move(roster);
    for (const auto& r : corps.attendance(a->id)) attendance.push_back(attendance_json(r));
    out["signups"] = std::move(signups);
    out["attendance"] = std::move(attendance);
  }
  return json_response(200, out);
}

// Idempotency-Key required, as for a purchase: a retried tap must not take a second slot.
http::Response post_signup(vo::VolunteerService& corps, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No activity with this id"));
  if (call.req.header("Idempotency-Key").empty()) {
    return problem(Status(Code::bad_request, "idempotency-key-required",
                          "Send an Idempotency-Key header (e.g. a UUID) with every sign-up, and "
                          "the same one when you retry"));
  }
  auto signed_up = corps.sign_up(*id, call.principal->user.id);
  if (!signed_up.ok()) return problem(signed_up.status());
  return json_response(201, activity_json(signed_up.value()));
}

http::Response delete_signup(vo::VolunteerService& corps, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No activity with this id"));
  auto left = corps.withdraw(*id, call.principal->user.id);
  if (!left.ok()) return problem(left.status());
  return json_response(200, activity_json(left.value()));
}

vo::Attendee read_attendee(FieldReader& r) {
  r.reject_unknown({"user_id", "minutes"});
  vo::Attendee a;
  a.user_id = read_id(r, "user_id", true).value_or(0);
  a.minutes = static_cast<int>(r.optional_integer("minutes", 1, 1'440).value_or(0));
  return a;
}

json::object recorded_json(const vo::Recorded& rec) {
  json::array attendance;
  std::int64_t minutes = 0;
  for (const auto& r : rec.attendance) {
    attendance.push_back(attendance_json(r));
    minutes += r.minutes;
  }
  return {{"activity", activity_json(rec.activity)},
          {"attendance", attendance},
          {"minutes", minutes},
          {"hours", hours(minutes)},
          {"grant", json::object{{"status", rec.grant_status},
                                 {"due_won", rec.grant_won},
                                 {"granted_won", rec.granted_won}}}};
}

// {"attendees": [{"user_id", "minutes"?}...]}: the whole attendance (others: absent).
void post_attendance(vo::VolunteerService& corps, WorkerPool& pool, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id) return reply([] { return problem(Status::not_found("No activity with this id")); });
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  std::vector<vo::Attendee> attendees;
  const json::value* list = body.value().if_contains("attendees");
  if (list != nullptr && list->is_array() && list->as_array().empty() && body.value().size() == 1) {
    // Nobody came: an empty list is allowed.
  } else {
    auto read = read_list<vo::Attendee>(body.value(), "attendees", read_attendee);
    if (!read.ok()) return reply([s = read.status()] { return problem(s); });
    attendees = std::move(read.value());
  }
  off_io_threads(
      pool, reply,
      [&corps, id = *id, attendees = std::move(attendees), actor = actor_of(call)]() -> Answer {
        auto recorded = corps.record_attendance(id, attendees, actor);
        if (!recorded.ok()) return [s = recorded.status()] { return problem(s); };
        return [body = recorded_json(recorded.value())] { return json_response(200, body); };
      },
      busy_answer());
}

// --- hours ---

Result<vo::GroupBy> group_by(const Call& call) {
  const auto it = call.req.query.find("by");
  const std::string by = it == call.req.query.end() ? "person" : it->second;
  if (by == "person") return vo::GroupBy::person;
  if (by == "team") return vo::GroupBy::team;
  if (by == "facility") return vo::GroupBy::facility;
  if (by == "month") return vo::GroupBy::month;
  if (by == "facility_kind") return vo::GroupBy::facility_kind;
  return Status::invalid("by", "one of person, team, facility, month, facility_kind");
}

bool month_text_ok(const std::string& m) {
  return m.size() == 7 && m[4] == '-' && parse_date(m + "-01").has_value();
}
bool year_text_ok(const std::string& y) {
  return y.size() == 4 && parse_date(y + "-01-01").has_value();
}

// ?by=person|team|facility|month|facility_kind (person by default), filters ?team=&person=
// &facility=&month=YYYY-MM&year=YYYY. A helper (a team's leader) sees only the teams they lead.
http::Response get_hours(vo::VolunteerService& corps, Call& call) {
  auto by = group_by(call);
  if (!by.ok()) return problem(by.status());
  vo::HoursFilter f;
  std::vector<FieldError> errors;
  auto id_query = [&](const char* name, std::optional<Id>& into) {
    const auto it = call.req.query.find(name);
    if (it == call.req.query.end()) return;
    into = parse_id(it->second);
    if (!into) errors.push_back({name, "an id"});
  };
  id_query("team", f.team_id);
  id_query("person", f.user_id);
  id_query("facility", f.facility_id);
  if (auto it = call.req.query.find("month"); it != call.req.query.end()) {
    if (!month_text_ok(it->second)) errors.push_back({"month", "YYYY-MM"});
    f.month = it->second;
  }
  if (auto it = call.req.query.find("year"); it != call.req.query.end()) {
    if (!year_text_ok(it->second)) errors.push_back({"year", "YYYY"});
    f.year = it->second;
  }
  if (!errors.empty()) return problem(Status::invalid(std::move(errors)));
  const auto& p = *call.principal;
  const bool sees_all =
      p.has(accounts::Role::admin) || p.has(accounts::Role::auditor) || p.manages("volunteer");
  if (!sees_all) f.within_leader_teams = p.user.id;
  json::array rows;
  std::int64_t minutes = 0;
  for (const vo::HoursRow& r : corps.hours(by.value(), f, 10'000)) {
    minutes += r.minutes;
    rows.push_back(json::object{{"key", r.key.empty() ? json::value(nullptr) : json::value(r.key)},
                                {"name", r.name},
                                {"minutes", r.minutes},
                                {"hours", hours(r.minutes)},
                                {"people", r.people},
                                {"activities", r.activities}});
  }
  return json_response(
      200, json::object{{"by", call.req.query.count("by") ? call.req.query.at("by") : "person"},
                        {"rows", rows},
                        {"minutes", minutes},
                        {"hours", hours(minutes)}});
}

// --- a volunteer's own page and certificate ---

http::Response get_me(vo::VolunteerService& corps, Call& call) {
  const vo::MyPage page = corps.my_page(call.principal->user.id);
  json::array teams, upcoming;
  for (const auto& t : page.teams) teams.push_back(team_json(t));
  for (const auto& a : page.upcoming) {
    json::object item = activity_json(a);
    if (auto f = corps.find_facility(a.facility_id)) item["facility_name"] = f->name;
    upcoming.push_back(std::move(item));
  }
  json::array led;
  for (Id t : corps.teams_led_by(call.principal->user.id))
    led.push_back(json::string(id_to_string(t)));
  return json_response(200, json::object{{"teams", teams},
                                         {"leads", led},
                                         {"upcoming", upcoming},
                                         {"minutes_this_year", page.minutes_this_year},
                                         {"hours_this_year", hours(page.minutes_this_year)},
                                         {"activities_this_year", page.activities_this_year}});
}

// ?year=YYYY (this year by default) or ?from=YYYY-MM&to=YYYY-MM.
Result<vo::Certificate> my_certificate(vo::VolunteerService& corps, Call& call) {
  const CivilTime today = civil_from_micros(call.now, kSeoulOffsetMinutes);
  std::string year = std::to_string(today.year);
  if (auto it = call.req.query.find("year"); it != call.req.query.end()) {
    if (!year_text_ok(it->second)) return Status::invalid("year", "YYYY");
    year = it->second;
  }
  std::string from = year + "-01", to = year + "-12";
  if (auto it = call.req.query.find("from"); it != call.req.query.end()) {
    if (!month_text_ok(it->second)) return Status::invalid("from", "YYYY-MM");
    from = it->second;
  }
  if (auto it = call.req.query.find("to"); it != call.req.query.end()) {
    if (!month_text_ok(it->second)) return Status::invalid("to", "YYYY-MM");
    to = it->second;
  }
  return corps.certificate(call.principal->user.id, from, to);
}

http::Response get_certificate(vo::VolunteerService& corps, Call& call) {
  auto c = my_certificate(corps, call);
  if (!c.ok()) return problem(c.status());
  http::Response res = http::Response::text(200, vo::certificate_html(c.value(), call.now),
                                            "text/html; charset=utf-8");
  // A page of our own text: no script may run in it, whatever a name holds.
  res.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return res;
}

http::Response get_certificate_csv(vo::VolunteerService& corps, Call& call) {
  auto c = my_certificate(corps, call);
  if (!c.ok()) return problem(c.status());
  http::Response res =
      http::Response::text(200, vo::certificate_csv(c.value()), "text/csv; charset=utf-8");
  res.header("Content-Disposition", "attachment; filename=\"volunteer-hours-" +
                                        c.value().from_month + "-" + c.value().to_month + ".csv\"");
  return res;
}

// --- grants ---

http::Response grants_answer(vo::VolunteerService& corps) {
  const vo::GrantSummary g = corps.grant_summary();
  json::array facilities;
  for (const auto& [fid, won] : g.granted_by_facility) {
    const auto f = corps.find_facility(fid);
    facilities.push_back(json::object{
        {"facility_id", id_to_string(fid)}, {"name", f ? f->name : ""}, {"granted_won", won}});
  }
  return json_response(
      200, json::object{{"won_per_hour", g.won_per_hour ? json::value(*g.won_per_hour) : nullptr},
                        {"budget_balance_won", g.budget_balance_won},
                        {"facilities", facilities}});
}

http::Response put_rule(vo::VolunteerService& corps, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"won_per_hour"});
  const std::int64_t won = r.integer("won_per_hour", 0, 1'000'000);
  if (!r.ok()) return problem(r.status());
  if (Status st = corps.set_grant_rate(won, call.principal->user.id); !st.ok()) return problem(st);
  return grants_answer(corps);
}

// {"amount_won"}: from the company's giving to the grant budget (Idempotency-Key for retries).
void post_budget(vo::VolunteerService& corps, WorkerPool& pool, Call& call, Reply reply) {
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"amount_won"});
  const std::int64_t amount = r.integer("amount_won", 1, 1'000'000'000'000LL);
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  const auto org = call.principal->user.org_id;
  if (!org) {
    return reply(
        [] { return problem(Status::forbidden("Only a company's staff fund the budget")); });
  }
  off_io_threads(
      pool, reply,
      [&corps, amount, org = *org]() -> Answer {
        auto funded = corps.fund_budget(ids().next(), amount, org);
        if (!funded.ok()) return [s = funded.status()] { return problem(s); };
        return [&corps] { return grants_answer(corps); };
      },
      busy_answer());
}

// --- public figures ---

json::array public_rows(vo::VolunteerService& corps, vo::GroupBy by, const vo::HoursFilter& f) {
  json::array rows;
  for (const vo::HoursRow& r : corps.hours(by, f, 1'000)) {
    rows.push_back(json::object{{"key", r.key},
                                {"hours", hours(r.minutes)},
                                {"people", r.people},
                                {"activities", r.activities}});
  }
  return rows;
}

// ?year=YYYY (this year by default): hours and people by month and by facility kind. Counts
// only: no names.
http::Response get_public(vo::VolunteerService& corps, Call& call) {
  std::string year = std::to_string(civil_from_micros(call.now, kSeoulOffsetMinutes).year);
  if (auto it = call.req.query.find("year"); it != call.req.query.end()) {
    if (!year_text_ok(it->second)) return problem(Status::invalid("year", "YYYY"));
    year = it->second;
  }
  vo::HoursFilter f;
  f.year = year;
  json::array months = public_rows(corps, vo::GroupBy::month, f);
  std::sort(months.begin(), months.end(), [](const json::value& a, const json::value& b) {
    return a.at("key").as_string() < b.at("key").as_string();
  });
  return json_response(
      200, json::object{{"year", year},
                        {"by_month", months},
                        {"by_facility_kind", public_rows(corps, vo::GroupBy::facility_kind, f)}});
}

}  // namespace

void add_volunteer_routes(Routes& routes, vo::VolunteerService& corps, WorkerPool& pool) {
  vo::VolunteerService* v = &corps;
  WorkerPool* p = &pool;
  routes.add({Method::post, "/api/v1/volunteer/teams", {Action::manage_volunteer}, true},
             [v](Call& c) { return post_team(*v, c); });
  routes.add({Method::get, "/api/v1/volunteer/teams", {Action::see_volunteer_corps}},
             [v](Call& c) { return get_teams(*v, c); });
  routes.add({Method::post,
              "/api/v1/volunteer/teams/{id}/members",
              {Action::lead_volunteers},
              true,
              1 << 20},
             [v](Call& c) { return post_members(*v, c); });
  routes.add(
      {Method::post, "/api/v1/volunteer/facilities", {Action::manage_volunteer}, true, 1 << 20},
      [v](Call& c) { return post_facilities(*v, c); });
  routes.add({Method::get, "/api/v1/volunteer/facilities", {Action::see_volunteer_corps}},
             [v](Call& c) { return get_facilities(*v, c); });
  routes.add({Method::post, "/api/v1/volunteer/activities", {Action::lead_volunteers}, true},
             [v](Call& c) { return post_activity(*v, c); });
  routes.add({Method::get, "/api/v1/volunteer/activities", {Action::signed_in}},
             [v](Call& c) { return get_activities(*v, c); });
  routes.add({Method::get, "/api/v1/volunteer/activities/{id}", {Action::signed_in}},
             [v](Call& c) { return get_activity(*v, c); });
  routes.add({Method::post, "/api/v1/volunteer/activities/{id}/signups", {Action::signed_in}, true},
             [v](Call& c) { return post_signup(*v, c); });
  routes.add({Method::delete_, "/api/v1/volunteer/activities/{id}/signups/me", {Action::signed_in}},
             [v](Call& c) { return delete_signup(*v, c); });
  routes.add_async({Method::post,
                    "/api/v1/volunteer/activities/{id}/attendance",
                    {Action::lead_volunteers},
                    true},
                   [v, p](Call& c, Reply r) { post_attendance(*v, *p, c, std::move(r)); });
  routes.add({Method::get, "/api/v1/volunteer/hours", {Action::read_volunteer_hours}},
             [v](Call& c) { return get_hours(*v, c); });
  routes.add({Method::get, "/api/v1/volunteer/me", {Action::signed_in}},
             [v](Call& c) { return get_me(*v, c); });
  routes.add({Method::get, "/api/v1/volunteer/me/certificate", {Action::signed_in}},
             [v](Call& c) { return get_certificate(*v, c); });
  routes.add({Method::get, "/api/v1/volunteer/me/certificate.csv", {Action::signed_in}},
             [v](Call& c) { return get_certificate_csv(*v, c); });
  routes.add({Method::get, "/api/v1/volunteer/grants", {Action::read_volunteer_hours}},
             [v](Call&) { return grants_answer(*v); });
  routes.add({Method::put, "/api/v1/volunteer/grants/rule", {Action::manage_volunteer}, true},
             [v](Call& c) { return put_rule(*v, c); });
  routes.add_async(
      {Method::post, "/api/v1/volunteer/grants/budget", {Action::manage_volunteer}, true},
      [v, p](Call& c, Reply r) { post_budget(*v, *p, c, std::move(r)); });
  routes.add({Method::get, "/api/v1/volunteer/public", {Action::public_read}},
             [v](Call& c) { return get_public(*v, c); });
}

}  // namespace sangsaeng::api
