// Neighbourhood membership's handlers: neighbourhoods and member shops (the program's manager),
// offers (a shop's own, or the manager's), offers near a point or in a neighbourhood (public),
// a member's one-time code, a shop's redemption, the redemption report, and prize events with
// their entries, draw and published draw. Rules live in src/neighbourhood.
#include <boost/json/array.hpp>
#include <charconv>
#include <cmath>

#include "api/api.h"
#include "api/modules.h"
#include "core/json.h"
#include "neighbourhood/prize_check.h"
#include "neighbourhood/service.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace nb = neighbourhood;
using accounts::Action;
using http::Method;

namespace {

constexpr int kListMax = 200;

double degrees(std::int64_t e6) {
  return static_cast<double>(e6) / 1e6;
}
std::int64_t e6(double degrees) {
  return std::llround(degrees * 1e6);
}

json::object point_json(const nb::Point& p) {
  return {{"lat", degrees(p.lat_e6)}, {"lon", degrees(p.lon_e6)}};
}

json::object area_json(const nb::Area& a) {
  return {{"id", id_to_string(a.id)}, {"name", a.name}, {"centre", point_json(a.centre)}};
}

json::object shop_json(const nb::Shop& s) {
  return {{"org_id", id_to_string(s.org_id)},
          {"area_id", id_to_string(s.area_id)},
          {"name", s.name},
          {"category", s.category},
          {"address", s.address},
          {"location", point_json(s.at)}};
}

json::object offer_json(const nb::Offer& o) {
  return {{"id", id_to_string(o.id)},
          {"shop_org_id", id_to_string(o.shop_org_id)},
          {"title", o.title},
          {"conditions", o.conditions},
          {"discount_kind", nb::to_string(o.discount_kind)},
          {"discount_value", o.discount_value},
          {"valid_from", format_rfc3339(o.valid_from_us)},
          {"valid_until", format_rfc3339(o.valid_until_us)},
          {"weekly_cap", o.weekly_cap},
          {"member_daily_max", o.member_daily_max}};
}

json::object nearby_json(const nb::NearbyOffer& n, bool measured) {
  json::object out = offer_json(n.offer);
  out["shop"] = shop_json(n.shop);
  out["distance_m"] = measured ? json::value(n.distance_m) : json::value(nullptr);
  return out;
}

json::object code_json(const nb::OneTimeCode& c) {
  return {{"code", c.code},
          {"offer_id", id_to_string(c.offer_id)},
          {"issued_at", format_rfc3339(c.issued_at_us)},
          {"expires_at", format_rfc3339(c.expires_at_us)}};
}

json::object event_json(const nb::PrizeEvent& e) {
  return {{"id", id_to_string(e.id)},
          {"area_id", e.area_id ? json::value(id_to_string(*e.area_id)) : json::value(nullptr)},
          {"title", e.title},
          {"prize", e.prize},
          {"winners_count", e.winners_count},
          {"opens_at", format_rfc3339(e.opens_at_us)},
          {"closes_at", format_rfc3339(e.closes_at_us)},
          {"seed_commitment", e.seed_commitment},
          {"drawn_at",
           e.drawn_at_us ? json::value(format_rfc3339(*e.drawn_at_us)) : json::value(nullptr)}};
}

json::object entry_json(const nb::Entry& e) {
  return {{"id", id_to_string(e.id)},
          {"event_id", id_to_string(e.event_id)},
          {"created_at", format_rfc3339(e.created_at_us)}};
}

// A shop's actor: the program's manager (or an admin) acts for every shop.
nb::Actor actor_of(const Call& call) {
  const accounts::User& u = call.principal->user;
  return {.user_id = u.id,
          .org_id = u.org_id,
          .manages = accounts::allowed(call.principal, Action::manage_alley)};
}

// A query parameter that must be a finite decimal number; nullopt (after a field error) if not.
std::optional<double> number_param(const Call& call, const std::string& name,
                                   std::vector<FieldError>& errors) {
  auto it = call.req.query.find(name);
  if (it == call.req.query.end()) {
    errors.push_back({name, "required"});
    return std::nullopt;
  }
  double v = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    errors.push_back({name, "a decimal number"});
    return std::nullopt;
  }
  return v;
}

// lat, lon in degrees; a field error for a number off the globe.
nb::Point read_point(const json::object& o, FieldReader& r, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (!v || !v->is_object() || !v->as_object().contains("lat") || !v->as_object().contains("lon") ||
      !v->as_object().at("lat").is_number() || !v->as_object().at("lon").is_number()) {
    r.add_error(std::string(name), "an object {lat, lon} in degrees");
    return {};
  }
  const nb::Point p{e6(v->as_object().at("lat").to_number<double>()),
                    e6(v->as_object().at("lon").to_number<double>())};
  if (!nb::valid(p)) r.add_error(std::string(name), "a point on the globe");
  return p;
}

http::Response get_offers(nb::NeighbourhoodService& svc, Call& call) {
  Result<std::vector<nb::NearbyOffer>> found = std::vector<nb::NearbyOffer>{};
  const bool by_area = call.req.query.contains("area_id");
  if (by_area) {
    auto area = parse_id(call.req.query.at("area_id"));
    if (!area) return problem(Status::invalid("area_id", "an id"));
    found = svc.offers_in_area(*area);
  } else {
    std::vector<FieldError> errors;
    const auto lat = number_param(call, "lat", errors);
    const auto lon = number_param(call, "lon", errors);
    const auto radius = number_param(call, "radius_m", errors);
    if (!errors.empty()) return problem(Status::invalid(std::move(errors)));
    if (std::abs(*lat) > 90 || std::abs(*lon) > 180)
      return problem(Status::invalid("lat", "a point on the globe (lat, lon in degrees)"));
    found = svc.offers_near({e6(*lat), e6(*lon)}, *radius);
  }
  if (!found.ok()) return problem(found.status());
  json::array items;
  for (const nb::NearbyOffer& n : found.value()) items.push_back(nearby_json(n, !by_area));
  return json_response(200, page_body(std::move(items), std::nullopt));
}

http::Response get_offer(nb::NeighbourhoodService& svc, Call& call) {
  auto id = id_param(call.req, "id");
  auto o = id ? svc.find_offer(*id) : std::nullopt;
  if (!o) return problem(Status::not_found("No offer with this id"));
  json::object out = offer_json(*o);
  if (auto shop = svc.find_shop(o->shop_org_id)) out["shop"] = shop_json(*shop);
  return json_response(200, out);
}

http::Response post_offer(nb::NeighbourhoodService& svc, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"shop_org_id", "title", "conditions", "discount_kind", "discount_value",
                    "valid_from", "valid_until", "weekly_cap", "member_daily_max"});
  nb::Offer o;
  o.shop_org_id = read_id(r, "shop_org_id", true).value_or(0);
  o.title = r.string("title", {.max_chars = 100});
  o.conditions = r.optional_string("conditions", {.min_chars = 0, .max_chars = 500}).value_or("");
  o.discount_kind = nb::parse_discount_kind(r.one_of("discount_kind", {"percent", "fixed"}))
                        .value_or(nb::DiscountKind::percent);
  o.discount_value = r.integer("discount_value", 1, 1'000'000);
  o.valid_from_us = r.instant("valid_from");
  o.valid_until_us = r.instant("valid_until");
  o.weekly_cap = static_cast<int>(r.optional_integer("weekly_cap", 0, 100'000).value_or(0));
  o.member_daily_max = static_cast<int>(r.optional_integer("member_daily_max", 1, 10).value_or(1));
  if (!r.ok()) return problem(r.status());
  auto created = svc.add_offer(std::move(o), actor_of(call));
  if (!created.ok()) return problem(created.status());
  return json_response(201, offer_json(created.value()));
}

http::Response post_code(nb::NeighbourhoodService& svc, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No offer with this id"));
  auto code = svc.issue_code(*id, call.principal->user.id);
  if (!code.ok()) return problem(code.status());
  return json_response(201, code_json(code.value()));
}

http::Response post_redemption(nb::NeighbourhoodService& svc, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"code"});
  const std::string code = r.string("code", {.max_chars = 32});
  if (!r.ok()) return problem(r.status());
  auto redeemed = svc.redeem(code, actor_of(call));
  if (!redeemed.ok()) return problem(redeemed.status());
  const nb::Redeemed& d = redeemed.value();
  return json_response(201, {{"code", d.code.code},
                             {"redeemed_at", format_rfc3339(*d.code.redeemed_at_us)},
                             {"offer", offer_json(d.offer)},
                             {"shop", shop_json(d.shop)}});
}

http::Response get_redemptions(nb::NeighbourhoodService& svc, Call& call) {
  std::optional<Id> shop;
  if (auto it = call.req.query.find("shop_org_id"); it != call.req.query.end()) {
    shop = parse_id(it->second);
    if (!shop) return problem(Status::invalid("shop_org_id", "an id"));
  }
  // A merchant sees their own shop's report only; the manager, admins and auditors any.
  const bool all = accounts::allowed(call.principal, Action::manage_alley) ||
                   call.principal->has(accounts::Role::auditor);
  if (!all) {
    if (!call.principal->user.org_id || (shop && *shop != *call.principal->user.org_id))
      return problem(Status::forbidden("A shop reads its own redemptions only"));
    shop = call.principal->user.org_id;
  }
  json::array items;
  for (const nb::OfferReport& o : svc.report(shop, kListMax))
    items.push_back(json::object{{"shop_org_id", id_to_string(o.shop_org_id)},
                                 {"shop_name", o.shop_name},
                                 {"offer_id", id_to_string(o.offer_id)},
                                 {"title", o.title},
                                 {"codes_issued", o.codes_issued},
                                 {"redeemed", o.redeemed}});
  return json_response(200, page_body(std::move(items), std::nullopt));
}

http::Response get_areas(nb::NeighbourhoodService& svc, Call&) {
  json::array items;
  for (const nb::Area& a : svc.areas(kListMax)) items.push_back(area_json(a));
  return json_response(200, page_body(std::move(items), std::nullopt));
}

http::Response post_area(nb::NeighbourhoodService& svc, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"name", "centre"});
  nb::Area a;
  a.name = r.string("name", {.max_chars = 100});
  a.centre = read_point(body.value(), r, "centre");
  if (!r.ok()) return problem(r.status());
  auto created = svc.add_area(std::move(a));
  if (!created.ok()) return problem(created.status());
  return json_response(201, area_json(created.value()));
}

http::Response post_shop(nb::NeighbourhoodService& svc, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"org_id", "area_id", "name", "category", "address", "location"});
  nb::Shop s;
  s.org_id = read_id(r, "org_id", true).value_or(0);
  s.area_id = read_id(r, "area_id", true).value_or(0);
  s.name = r.string("name", {.max_chars = 100});
  s.category = r.string("category", {.max_chars = 50});
  s.address = r.string("address", {.max_chars = 200});
  s.at = read_point(body.value(), r, "location");
  if (!r.ok()) return problem(r.status());
  auto created = svc.add_shop(std::move(s));
  if (!created.ok()) return problem(created.status());
  return json_response(201, shop_json(created.value()));
}

http::Response get_events(nb::NeighbourhoodService& svc, Call&) {
  json::array items;
  for (const nb::PrizeEvent& e : svc.prize_events(kListMax)) items.push_back(event_json(e));
  return json_response(200, page_body(std::move(items), std::nullopt));
}

http::Response get_event(nb::NeighbourhoodService& svc, Call& call) {
  auto id = id_param(call.req, "id");
  auto e = id ? svc.find_prize_event(*id) : std::nullopt;
  if (!e) return problem(Status::not_found("No prize event with this id"));
  json::object out = event_json(*e);
  // A signed-in member sees their own entry.
  std::optional<nb::Entry> mine;
  if (call.principal) mine = svc.entry_of(e->id, call.principal->user.id);
  out["my_entry"] = mine ? json::value(entry_json(*mine)) : json::value(nullptr);
  return json_response(200, out);
}

http::Response post_event(nb::NeighbourhoodService& svc, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"area_id", "title", "prize", "winners_count", "opens_at", "closes_at"});
  nb::PrizeEvent e;
  e.area_id = read_id(r, "area_id", false);
  e.title = r.string("title", {.max_chars = 100});
  e.prize = r.string("prize", {.max_chars = 200});
  e.winners_count = static_cast<int>(r.integer("winners_count", 1, 1000));
  e.opens_at_us = r.instant("opens_at");
  e.closes_at_us = r.instant("closes_at");
  if (!r.ok()) return problem(r.status());
  auto created = svc.add_prize_event(std::move(e), call.principal->user.id);
  if (!created.ok()) return problem(created.status());
  return json_response(201, event_json(created.value()));
}

http::Response post_entry(nb::NeighbourhoodService& svc, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No prize event with this id"));
  auto entry = svc.enter(*id, call.principal->user.id);
  if (!entry.ok()) return problem(entry.status());
  return json_response(201, entry_json(entry.value()));
}

http::Response post_draw(nb::NeighbourhoodService& svc, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No prize event with this id"));
  auto drawn = svc.draw(*id);
  if (!drawn.ok()) return problem(drawn.status());
  auto published = svc.published(*id);
  assert(published.has_value());
  return json_response(200, nb::published_draw(*published));
}

http::Response get_draw(nb::NeighbourhoodService& svc, Call& call) {
  auto id = id_param(call.req, "id");
  auto published = id ? svc.published(*id) : std::nullopt;
  if (!published) return problem(Status::not_found("No prize event with this id"));
  return json_response(200, nb::published_draw(*published));
}

}  // namespace

void add_neighbourhood_routes(Routes& routes, nb::NeighbourhoodService& service) {
  nb::NeighbourhoodService* s = &service;
  const std::string base = "/api/v1/neighbourhood";
  const std::string ev = base + "/prize-events/{id}";
  auto route = [&](Method m, const std::string& path, Action a, bool idempotent,
                   http::Response (*h)(nb::NeighbourhoodService&, Call&)) {
    routes.add({m, path, {a}, idempotent}, [s, h](Call& c) { return h(*s, c); });
  };
  route(Method::get, base + "/areas", Action::public_read, false, get_areas);
  route(Method::post, base + "/areas", Action::manage_alley, true, post_area);
  route(Method::post, base + "/shops", Action::manage_alley, true, post_shop);
  route(Method::get, base + "/offers", Action::public_read, false, get_offers);
  route(Method::post, base + "/offers", Action::run_alley_shop, true, post_offer);
  route(Method::get, base + "/offers/{id}", Action::public_read, false, get_offer);
  route(Method::post, base + "/offers/{id}/codes", Action::join_alley, true, post_code);
  route(Method::post, base + "/redemptions", Action::run_alley_shop, true, post_redemption);
  route(Method::get, base + "/redemptions", Action::read_alley_reports, false, get_redemptions);
  route(Method::get, base + "/prize-events", Action::public_read, false, get_events);
  route(Method::post, base + "/prize-events", Action::manage_alley, true, post_event);
  route(Method::get, ev, Action::public_read, false, get_event);
  route(Method::post, ev + "/entries", Action::join_alley, true, post_entry);
  route(Method::post, ev + "/draw", Action::manage_alley, true, post_draw);
  route(Method::get, ev + "/draw", Action::public_read, false, get_draw);
}

}  // namespace sangsaeng::api
