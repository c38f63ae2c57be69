// Live events' and free performances' handlers: the schedule and event pages, the manager's
// controls (state, pins, moderation), viewers' messages, reminders, RSVPs and guest book, the
// stream (api/live_feed.h), and the performances catalogue. Rules live in src/live.
#include <boost/json/array.hpp>

#include "api/api.h"
#include "api/live_feed.h"
#include "api/modules.h"
#include "core/json.h"
#include "live/performances.h"
#include "live/service.h"

namespace sangsaeng::api {

namespace json = boost::json;
using accounts::Action;
using http::Method;

namespace {

constexpr UnixMicros kDay = kMicrosPerDay;
constexpr int kMessagesShown = 50;

json::value optional_time(const std::optional<UnixMicros>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

json::object channel_json(const live::Channel& c) {
  return {{"platform", live::to_string(c.platform)},
          {"url", c.url},
          {"iptv_channel", c.iptv_channel},
          {"embed_url", c.embed_url}};
}

json::object event_json(const live::Event& e) {
  json::array hosts, channels, products;
  for (const std::string& h : e.hosts) hosts.push_back(json::string(h));
  for (const live::Channel& c : e.channels) channels.push_back(channel_json(c));
  for (Id id : e.product_ids) products.push_back(json::string(id_to_string(id)));
  return {{"id", id_to_string(e.id)},
          {"kind", live::to_string(e.kind)},
          {"title", e.title},
          {"description", e.description},
          {"hosts", hosts},
          {"starts_at", format_rfc3339(e.starts_at_us)},
          {"ends_at", format_rfc3339(e.ends_at_us)},
          {"channels", channels},
          {"state", live::to_string(e.state)},
          {"went_live_at", optional_time(e.went_live_at_us)},
          {"ended_at", optional_time(e.ended_at_us)},
          {"replay_url", e.replay_url},
          {"product_ids", products},
          {"version", e.version}};
}

json::object rsvp_totals_json(const live::RsvpTotals& t) {
  return {{"yes", t.yes}, {"no", t.no}, {"maybe", t.maybe}, {"people", t.people}};
}

json::object guestbook_json(const live::GuestbookEntry& g) {
  return {{"id", id_to_string(g.id)},
          {"display_name", g.display_name},
          {"body", g.body},
          {"created_at", format_rfc3339(g.created_at_us)}};
}

json::object title_json(const live::Title& t) {
  return {{"id", id_to_string(t.id)},
          {"partner_id", id_to_string(t.partner_id)},
          {"partner_name", t.partner_name},
          {"title", t.title},
          {"description", t.description},
          {"duration_min", t.duration_min},
          {"age_rating", t.age_rating},
          {"iptv_channel", t.iptv_channel},
          {"mobile_url", t.mobile_url},
          {"lineup_month", t.lineup_month},
          {"available_from", format_rfc3339(t.available_from_us)},
          {"available_until", format_rfc3339(t.available_until_us)},
          {"views", t.views}};
}

json::object partner_json(const live::Partner& p) {
  return {
      {"id", id_to_string(p.id)}, {"name", p.name}, {"description", p.description}, {"url", p.url}};
}

// Whether the caller runs events of this kind: admin, or a manager of its program.
bool runs(const Call& call, live::EventKind kind) {
  return call.principal->has(accounts::Role::admin) ||
         call.principal->manages(live::program_of(kind));
}

http::Response not_theirs(const live::Event& e) {
  return problem(Status::forbidden("Only a manager of the " + std::string(program_of(e.kind)) +
                                   " program runs this event"));
}

// The event named by the path, or the 404 answer.
Result<live::Event> event_of(live::LiveService& live, const Call& call) {
  auto id = id_param(call.req, "id");
  auto e = id ? live.find(*id) : std::nullopt;
  if (!e) return Status::not_found("No live event with this id");
  return *e;
}

// hosts: an array of names.
std::vector<std::string> read_hosts(const json::object& body, FieldReader& r) {
  std::vector<std::string> out;
  const json::value* v = body.if_contains("hosts");
  if (!v || !v->is_array()) {
    r.add_error("hosts", "an array of 1 to 5 names");
    return out;
  }
  for (const json::value& h : v->as_array()) {
    if (!h.is_string() || h.as_string().empty() || utf8_length(h.as_string()) > 50 ||
        out.size() >= 5) {
      r.add_error("hosts", "1 to 5 names of 1 to 50 characters");
      return {};
    }
    out.emplace_back(h.as_string());
  }
  return out;
}

// channels: [{platform, url?, iptv_channel?}].
std::vector<live::Channel> read_channels(const json::object& body, FieldReader& r) {
  std::vector<live::Channel> out;
  const json::value* v = body.if_contains("channels");
  if (!v || !v->is_array() || v->as_array().size() > 5) {
    r.add_error("channels", "an array of 1 to 5 channels");
    return out;
  }
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const json::value& c = v->as_array()[i];
    const std::string at = "channels[" + std::to_string(i) + "]";
    if (!c.is_object()) {
      r.add_error(at, "an object");
      continue;
    }
    FieldReader cr(c.as_object());
    cr.reject_unknown({"platform", "url", "iptv_channel"});
    live::Channel ch;
    ch.platform = live::parse_platform(cr.one_of("platform", {"youtube", "facebook", "iptv"}))
                      .value_or(live::Platform::youtube);
    ch.url = cr.optional_string("url", {.max_chars = 500}).value_or("");
    ch.iptv_channel = cr.optional_string("iptv_channel", {.max_chars = 50}).value_or("");
    for (FieldError& f : std::move(cr.status()).fields())
      r.add_error(at + "." + f.field, std::move(f.message));
    out.push_back(std::move(ch));
  }
  return out;
}

std::vector<Id> read_ids(const json::object& body, std::string_view name, FieldReader& r) {
  std::vector<Id> out;
  const json::value* v = body.if_contains(name);
  if (!v) return out;
  if (!v->is_array() || v->as_array().size() > 20) {
    r.add_error(std::string(name), "an array of at most 20 ids");
    return out;
  }
  for (const json::value& id : v->as_array()) {
    auto parsed = id.is_string() ? parse_id(id.as_string()) : std::nullopt;
    if (!parsed) {
      r.add_error(std::string(name), "ids are decimal strings");
      return {};
    }
    out.push_back(*parsed);
  }
  return out;
}

http::Response post_event(live::LiveService& live, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  const json::object& o = body.value();
  FieldReader r(o);
  r.reject_unknown(
      {"kind", "title", "description", "hosts", "starts_at", "ends_at", "channels", "product_ids"});
  live::Event e;
  e.kind = live::parse_event_kind(r.one_of("kind", {"market_show", "ceremony", "performance"}))
               .value_or(live::EventKind::market_show);
  e.title = r.string("title", {.max_chars = 100});
  e.description =
      r.optional_string("description", {.min_chars = 0, .max_chars = 2000}).value_or("");
  e.hosts = read_hosts(o, r);
  e.starts_at_us = r.instant("starts_at");
  e.ends_at_us = r.instant("ends_at");
  e.channels = read_channels(o, r);
  e.product_ids = read_ids(o, "product_ids", r);
  if (!r.ok()) return problem(r.status());
  if (!runs(call, e.kind)) return not_theirs(e);
  auto created = live.create(std::move(e), call.principal->user.id);
  if (!created.ok()) return problem(created.status());
  return json_response(201, event_json(created.value()));
}

http::Response get_events(live::LiveService& live, Call& call) {
  UnixMicros from = call.now - 7 * kDay, to = call.now + 60 * kDay;
  for (auto [name, target] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    if (auto it = call.req.query.find(name); it != call.req.query.end()) {
      auto t = parse_rfc3339(it->second);
      if (!t) return problem(Status::invalid(name, "an RFC 3339 instant"));
      *target = *t;
    }
  }
  auto page = page_query(call.req);
  if (!page.ok()) return problem(page.status());
  json::array items;
  for (const live::Event& e : live.schedule(from, to, page.value().limit))
    items.push_back(event_json(e));
  return json_response(200, page_body(std::move(items), std::nullopt));
}

http::Response get_event(live::LiveService& live, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  json::object out = event_json(e.value());
  json::array timeline;
  for (const live::Pin& p : live.timeline(e.value().id)) timeline.push_back(live_pin_json(p));
  out["timeline"] = std::move(timeline);
  auto pin = live.current_pin(e.value().id);
  out["pin"] = pin ? json::value(live_pin_json(*pin)) : nullptr;
  out["counters"] = live_counters_json(live.sales(e.value()));
  if (e.value().kind == live::EventKind::ceremony)
    out["rsvps"] = rsvp_totals_json(live.rsvp_totals(e.value().id).value());
  return json_response(200, out);
}

http::Response post_state(live::LiveService& live, LiveFeed& feed, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  if (!runs(call, e.value().kind)) return not_theirs(e.value());
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"state", "replay_url"});
  auto to = live::parse_event_state(r.one_of("state", {"live", "ended", "replay_available"}));
  const std::string replay = r.optional_string("replay_url", {.max_chars = 500}).value_or("");
  if (!r.ok()) return problem(r.status());
  auto moved = live.move(e.value().id, *to, replay);
  if (!moved.ok()) return problem(moved.status());
  feed.poke();
  return json_response(200, event_json(moved.value()));
}

http::Response post_pin(live::LiveService& live, LiveFeed& feed, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  if (!runs(call, e.value().kind)) return not_theirs(e.value());
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"kind", "product_id", "title", "at_s"});
  live::Pin p;
  p.kind = r.one_of("kind", {"product", "moment"}) == "product" ? live::PinKind::product
                                                                : live::PinKind::moment;
  p.product_id = read_id(r, "product_id", false);
  p.title = r.optional_string("title", {.max_chars = 100}).value_or("");
  auto at_s = r.optional_integer("at_s", 0, 24 * 3600);
  if (!r.ok()) return problem(r.status());
  auto pinned = live.pin(e.value().id, std::move(p), at_s, call.principal->user.id);
  if (!pinned.ok()) return problem(pinned.status());
  feed.poke();
  return json_response(201, live_pin_json(pinned.value()));
}

http::Response get_stream(live::LiveService& live, LiveFeed& feed, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  auto channel = feed.watch(e.value());
  if (!channel)
    return problem(Status(Code::unavailable, "sse-full", "Too many live pages; ask again"));
  return http::Response::event_stream(channel);
}

// A message or a guest book entry's body, from the signed-in user.
Result<live::Post> read_post(const Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return body.status();
  FieldReader r(body.value());
  r.reject_unknown({"body"});
  live::Post post{.user_id = call.principal->user.id,
                  .display_name = call.principal->user.display_name,
                  .body = r.string("body", {.max_chars = 300})};
  if (!r.ok()) return r.status();
  return post;
}

http::Response post_message(live::LiveService& live, LiveFeed& feed, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  auto post = read_post(call);
  if (!post.ok()) return problem(post.status());
  auto m = live.post_message(e.value().id, std::move(post.value()));
  if (!m.ok()) return problem(m.status());
  feed.poke();
  return json_response(201, live_message_json(m.value()));
}

http::Response get_messages(live::LiveService& live, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  json::array items;
  for (const live::Message& m : live.latest_messages(e.value().id, kMessagesShown))
    items.push_back(live_message_json(m));
  return json_response(200, page_body(std::move(items), std::nullopt));
}

http::Response hide_message(live::LiveService& live, LiveFeed& feed, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  if (!runs(call, e.value().kind)) return not_theirs(e.value());
  auto message_id = id_param(call.req, "message_id");
  if (!message_id) return problem(Status::not_found("No message with this id on this event"));
  auto hidden = live.hide(e.value().id, *message_id);
  if (!hidden.ok()) return problem(hidden.status());
  feed.hidden(e.value().id, *message_id);
  return json_response(200, json::object{{"id", id_to_string(*message_id)}, {"hidden", true}});
}

http::Response post_block(live::LiveService& live, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  if (!runs(call, e.value().kind)) return not_theirs(e.value());
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"user_id"});
  auto user = read_id(r, "user_id", true);
  if (!r.ok()) return problem(r.status());
  if (Status s = live.block(e.value().id, *user, call.principal->user.id); !s.ok())
    return problem(s);
  return json_response(200, json::object{{"user_id", id_to_string(*user)}, {"blocked", true}});
}

http::Response post_reminder(live::LiveService& live, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  if (Status s = live.remind(e.value().id, call.principal->user.id); !s.ok()) return problem(s);
  return json_response(200, json::object{{"event_id", id_to_string(e.value().id)},
                                         {"remind_at", format_rfc3339(e.value().starts_at_us -
                                                                      live.reminder_lead_us())}});
}

http::Response post_rsvp(live::LiveService& live, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"answer", "party_size"});
  live::Rsvp rsvp{.event_id = e.value().id, .user_id = call.principal->user.id};
  rsvp.answer = live::parse_rsvp_answer(r.one_of("answer", {"yes", "no", "maybe"}))
                    .value_or(live::RsvpAnswer::yes);
  rsvp.party_size = static_cast<int>(r.optional_integer("party_size", 1, 10).value_or(1));
  if (!r.ok()) return problem(r.status());
  auto totals = live.rsvp(rsvp);
  if (!totals.ok()) return problem(totals.status());
  return json_response(200, json::object{{"answer", live::to_string(rsvp.answer)},
                                         {"party_size", rsvp.party_size},
                                         {"totals", rsvp_totals_json(totals.value())}});
}

http::Response post_guestbook(live::LiveService& live, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  auto post = read_post(call);
  if (!post.ok()) return problem(post.status());
  auto g = live.sign_guestbook(e.value().id, std::move(post.value()));
  if (!g.ok()) return problem(g.status());
  return json_response(201, guestbook_json(g.value()));
}

http::Response get_guestbook(live::LiveService& live, Call& call) {
  auto e = event_of(live, call);
  if (!e.ok()) return problem(e.status());
  auto page = page_query(call.req);
  if (!page.ok()) return problem(page.status());
  return page_response(live.guestbook(e.value().id, page.value().before, page.value().limit),
                       guestbook_json);
}

http::Response get_performances(live::Performances& catalogue, Call& call) {
  auto page = page_query(call.req);
  if (!page.ok()) return problem(page.status());
  std::vector<live::Title> titles;
  if (auto month = call.req.query.find("month"); month != call.req.query.end()) {
    if (!parse_date(month->second + "-01"))
      return problem(Status::invalid("month", "a month as YYYY-MM"));
    titles = catalogue.lineup(month->second, page.value().limit);
  } else {
    UnixMicros at = call.now;
    if (auto it = call.req.query.find("available_at"); it != call.req.query.end()) {
      auto t = parse_rfc3339(it->second);
      if (!t) return problem(Status::invalid("available_at", "an RFC 3339 instant"));
      at = *t;
    }
    titles = catalogue.available_at(at, page.value().limit);
  }
  json::array items;
  for (const live::Title& t : titles) items.push_back(title_json(t));
  return json_response(200, page_body(std::move(items), std::nullopt));
}

http::Response post_performance(live::Performances& catalogue, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"partner_id", "title", "description", "duration_min", "age_rating",
                    "iptv_channel", "mobile_url", "lineup_month", "available_from",
                    "available_until"});
  live::Title t;
  t.partner_id = read_id(r, "partner_id", true).value_or(0);
  t.title = r.string("title", {.max_chars = 100});
  t.description =
      r.optional_string("description", {.min_chars = 0, .max_chars = 2000}).value_or("");
  t.duration_min = static_cast<int>(r.integer("duration_min", 1, 600));
  t.age_rating = r.one_of("age_rating", {"all", "7", "12", "15", "19"});
  t.iptv_channel = r.optional_string("iptv_channel", {.max_chars = 50}).value_or("");
  t.mobile_url = r.optional_string("mobile_url", {.max_chars = 500}).value_or("");
  t.lineup_month = r.string("lineup_month", {.max_chars = 7});
  t.available_from_us = r.instant("available_from");
  t.available_until_us = r.instant("available_until");
  if (!r.ok()) return problem(r.status());
  auto added = catalogue.add_title(std::move(t), call.principal->user.id);
  if (!added.ok()) return problem(added.status());
  return json_response(201, title_json(added.value()));
}

http::Response get_partners(live::Performances& catalogue, Call&) {
  json::array items;
  for (const live::Partner& p : catalogue.partners()) items.push_back(partner_json(p));
  return json_response(200, page_body(std::move(items), std::nullopt));
}

http::Response post_partner(live::Performances& catalogue, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"name", "description", "url"});
  live::Partner p;
  p.name = r.string("name", {.max_chars = 100});
  p.description =
      r.optional_string("description", {.min_chars = 0, .max_chars = 2000}).value_or("");
  p.url = r.optional_string("url", {.max_chars = 500}).value_or("");
  if (!r.ok()) return problem(r.status());
  auto added = catalogue.add_partner(std::move(p));
  if (!added.ok()) return problem(added.status());
  return json_response(201, partner_json(added.value()));
}

http::Response post_view(live::Performances& catalogue, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No performance with this id"));
  auto t = catalogue.count_view(*id);
  if (!t.ok()) return problem(t.status());
  return json_response(200, title_json(t.value()));
}

}  // namespace

void add_live_routes(Routes& routes, live::LiveService& live, live::Performances& performances,
                     LiveFeed& feed) {
  live::LiveService* l = &live;
  live::Performances* p = &performances;
  LiveFeed* f = &feed;
  const std::string ev = "/api/v1/live/events/{id}";
  routes.add({Method::post, "/api/v1/live/events", {Action::run_live_events}, true},
             [l](Call& c) { return post_event(*l, c); });
  routes.add({Method::get, "/api/v1/live/events", {Action::public_read}},
             [l](Call& c) { return get_events(*l, c); });
  routes.add({Method::get, ev, {Action::public_read}}, [l](Call& c) { return get_event(*l, c); });
  routes.add({Method::post, ev + "/state", {Action::run_live_events}, true},
             [l, f](Call& c) { return post_state(*l, *f, c); });
  routes.add({Method::post, ev + "/pins", {Action::run_live_events}, true},
             [l, f](Call& c) { return post_pin(*l, *f, c); });
  routes.add({Method::get, ev + "/stream", {Action::public_read}},
             [l, f](Call& c) { return get_stream(*l, *f, c); });
  routes.add({Method::post, ev + "/messages", {Action::signed_in}, true},
             [l, f](Call& c) { return post_message(*l, *f, c); });
  routes.add({Method::get, ev + "/messages", {Action::public_read}},
             [l](Call& c) { return get_messages(*l, c); });
  routes.add({Method::post, ev + "/messages/{message_id}/hide", {Action::run_live_events}, true},
             [l, f](Call& c) { return hide_message(*l, *f, c); });
  routes.add({Method::post, ev + "/blocks", {Action::run_live_events}, true},
             [l](Call& c) { return post_block(*l, c); });
  routes.add({Method::post, ev + "/reminders", {Action::signed_in}, true},
             [l](Call& c) { return post_reminder(*l, c); });
  routes.add({Method::post, ev + "/rsvps", {Action::signed_in}, true},
             [l](Call& c) { return post_rsvp(*l, c); });
  routes.add({Method::post, ev + "/guestbook", {Action::signed_in}, true},
             [l](Call& c) { return post_guestbook(*l, c); });
  routes.add({Method::get, ev + "/guestbook", {Action::public_read}},
             [l](Call& c) { return get_guestbook(*l, c); });
  routes.add({Method::get, "/api/v1/performances", {Action::public_read}},
             [p](Call& c) { return get_performances(*p, c); });
  routes.add({Method::post, "/api/v1/performances", {Action::manage_performances}, true},
             [p](Call& c) { return post_performance(*p, c); });
  routes.add({Method::get, "/api/v1/performances/partners", {Action::public_read}},
             [p](Call& c) { return get_partners(*p, c); });
  routes.add({Method::post, "/api/v1/performances/partners", {Action::manage_performances}, true},
             [p](Call& c) { return post_partner(*p, c); });
  routes.add({Method::post, "/api/v1/performances/{id}/views", {Action::public_read}},
             [p](Call& c) { return post_view(*p, c); });
}

}  // namespace sangsaeng::api
