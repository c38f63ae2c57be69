// The community market's handlers: products, drops, purchases. A purchase is asynchronous: the
// admission engine decides at once and the answer goes out once the order is durable, without
// an io thread waiting (market/service.h). Rules live in src/market.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/api.h"
#include "api/modules.h"
#include "api/topics.h"
#include "core/cursor.h"
#include "core/json.h"
#include "market/service.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace mk = market;
using accounts::Action;
using http::Method;

namespace {

constexpr int kUnitsPerOrderMax = 1000;

json::value optional_id(const std::optional<Id>& id) {
  return id ? json::value(id_to_string(*id)) : json::value(nullptr);
}

json::object product_json(const mk::Product& p) {
  return {{"id", id_to_string(p.id)},
          {"merchant_org_id", id_to_string(p.merchant_org_id)},
          {"name", p.name},
          {"description", p.description},
          {"origin", p.origin},
          {"unit_label", p.unit_label},
          {"price_won", p.price_won},
          {"market_price_won", p.market_price_won},
          {"created_at", format_rfc3339(p.created_at_us)}};
}

json::array zones_json(const std::string& zones) {
  json::array out;
  std::size_t start = 0;
  while (start < zones.size()) {
    const auto comma = zones.find(',', start);
    const auto end = comma == std::string::npos ? zones.size() : comma;
    out.push_back(json::string(zones.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

json::object drop_json(const mk::DropView& v) {
  const mk::Drop& d = v.drop;
  return {{"id", id_to_string(d.id)},
          {"product_id", id_to_string(d.product_id)},
          {"title", d.title},
          {"state", mk::to_string(v.state)},
          {"quantity", d.quantity},
          {"sold", v.counts.sold},
          {"held", v.counts.held},
          {"remaining", v.counts.remaining},
          {"per_buyer_limit", d.per_buyer_limit},
          {"opens_at", format_rfc3339(d.opens_at_us)},
          {"closes_at", format_rfc3339(d.closes_at_us)},
          {"price_won", d.price_won},
          {"market_price_won", d.market_price_won},
          {"gift", d.gift},
          {"free_shipping", d.free_shipping},
          {"zones", zones_json(d.zones)},
          {"donation_percent", d.donation_percent},
          {"charity_org_id", optional_id(d.charity_org_id)},
          {"fair_start_seconds", d.fair_start_seconds},
          {"seed_commitment", d.seed_commitment},
          {"drawn", v.drawn},
          {"revenue_won", v.revenue_won()},
          {"donation_won", v.donation_won()}};
}

json::object order_json(const mk::Order& o) {
  return {{"id", id_to_string(o.id)},
          {"drop_id", id_to_string(o.drop_id)},
          {"buyer_id", id_to_string(o.buyer_id)},
          {"units", o.units},
          {"amount_won", o.amount_won},
          {"status", mk::to_string(o.status)},
          {"pay_by", format_rfc3339(o.pay_by_us)},
          {"created_at", format_rfc3339(o.created_at_us)},
          {"updated_at", format_rfc3339(o.updated_at_us)}};
}

// The live counters of a drop's page (SSE event "counts").
std::string counts_json(const mk::DropView& v) {
  return json::serialize(json::object{{"id", id_to_string(v.drop.id)},
                                      {"state", mk::to_string(v.state)},
                                      {"quantity", v.drop.quantity},
                                      {"sold", v.counts.sold},
                                      {"held", v.counts.held},
                                      {"remaining", v.counts.remaining},
                                      {"queued", v.counts.queued},
                                      {"donation_won", v.donation_won()}});
}

std::string drop_topic(Id drop_id) {
  return "drop:" + id_to_string(drop_id);
}

template <class T, class ToJson>
http::Response page_json(const Page<T>& page, ToJson to_json) {
  json::array items;
  for (const T& item : page.items) items.push_back(to_json(item));
  return json_response(
      200, json::object{{"items", items},
                        {"next_cursor", page.next ? json::value(encode_cursor(*page.next))
                                                  : json::value(nullptr)}});
}

// A market problem. A 503 carries Retry-After already (api::problem); a purchase whose first
// request is still running says when to ask again too.
http::Response market_problem(const Status& status) {
  http::Response r = problem(status);
  if (status.slug() == "idempotency-key-in-use") r.header("Retry-After", "1");
  return r;
}

// Zones arrive as an array of postal-code prefixes; stored comma-separated (the domain checks
// each prefix).
std::string read_zones(const json::object& body, FieldReader& r) {
  const json::value* v = body.if_contains("zones");
  if (v == nullptr || v->is_null()) return "";
  std::string out;
  if (!v->is_array() || v->as_array().size() > 100) {
    r.add_error("zones", "must be an array of at most 100 postal-code prefixes");
    return "";
  }
  for (const json::value& z : v->as_array()) {
    if (!z.is_string() || z.as_string().empty() || z.as_string().size() > 5) {
      r.add_error("zones", "must hold postal-code prefixes of 1 to 5 digits");
      return "";
    }
    if (!out.empty()) out += ',';
    out += std::string(z.as_string());
  }
  return out;
}

http::Response create_product(mk::MarketService& market, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"merchant_org_id", "name", "description", "origin", "unit_label", "price_won",
                    "market_price_won"});
  mk::Product p;
  p.merchant_org_id = read_id(r, "merchant_org_id", false).value_or(0);
  p.name = r.string("name", {.max_chars = 100});
  p.description =
      r.optional_string("description", {.min_chars = 0, .max_chars = 2000}).value_or("");
  p.origin = r.optional_string("origin", {.min_chars = 0, .max_chars = 100}).value_or("");
  p.unit_label = r.optional_string("unit_label", {.min_chars = 0, .max_chars = 100}).value_or("");
  p.price_won = r.integer("price_won", 0, 100'000'000);
  p.market_price_won = r.integer("market_price_won", 0, 100'000'000);
  if (!r.ok()) return problem(r.status());
  const accounts::User& u = call.principal->user;
  const mk::Actor actor{.user_id = u.id,
                        .org_id = u.org_id,
                        .manages_market = accounts::allowed(call.principal, Action::manage_market)};
  auto created = market.create_product(std::move(p), actor, call.now);
  if (!created.ok()) return problem(created.status());
  return json_response(201, product_json(created.value()));
}

http::Response get_product(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  auto p = id ? market.find_product(*id) : std::nullopt;
  if (!p) return problem(Status::not_found("No product with this id"));
  return json_response(200, product_json(*p));
}

// The fields of a drop (or of a season's drops: without opens_at and closes_at).
mk::Drop read_drop(const json::object& body, FieldReader& r, bool with_times) {
  mk::Drop d;
  d.product_id = read_id(r, "product_id", true).value_or(0);
  if (with_times) {
    d.opens_at_us = r.instant("opens_at");
    d.closes_at_us = r.instant("closes_at");
  }
  d.quantity = r.integer("quantity", 1, 10'000'000);
  d.per_buyer_limit = static_cast<int>(r.integer("per_buyer_limit", 1, 1000));
  d.price_won = r.integer("price_won", 0, 100'000'000);
  d.market_price_won = r.integer("market_price_won", 0, 100'000'000);
  d.title = r.optional_string("title", {.max_chars = 100}).value_or("");
  d.gift = r.optional_string("gift", {.min_chars = 0, .max_chars = 100}).value_or("");
  d.free_shipping = r.optional_boolean("free_shipping").value_or(true);
  d.zones = read_zones(body, r);
  d.donation_percent = static_cast<int>(r.optional_integer("donation_percent", 0, 100).value_or(0));
  d.charity_org_id = read_id(r, "charity_org_id", false);
  d.fair_start_seconds =
      static_cast<int>(r.optional_integer("fair_start_seconds", 0, 60).value_or(0));
  return d;
}

http::Response create_drop(mk::MarketService& market, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"product_id", "title", "opens_at", "closes_at", "quantity", "per_buyer_limit",
                    "price_won", "market_price_won", "gift", "free_shipping", "zones",
                    "donation_percent", "charity_org_id", "fair_start_seconds"});
  mk::Drop d = read_drop(body.value(), r, true);
  if (!r.ok()) return problem(r.status());
  auto created = market.create_drop(std::move(d), call.principal->user.id, call.now);
  if (!created.ok()) return problem(created.status());
  auto view = market.view_drop(created->id);
  if (!view) return problem(Status(Code::internal, "internal", "The new drop could not be read"));
  return json_response(201, drop_json(*view));
}

// A season: N weekly drops at one Seoul time (Wednesdays 10:00 unless told).
http::Response plan_season(mk::MarketService& market, Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"product_id", "title", "quantity", "per_buyer_limit", "price_won",
                    "market_price_won", "gift", "free_shipping", "zones", "donation_percent",
                    "charity_org_id", "fair_start_seconds", "weeks", "weekday", "hour", "minute",
                    "open_hours", "starts_after"});
  mk::SeasonPlan plan;
  plan.drop = read_drop(body.value(), r, false);
  plan.weeks = static_cast<int>(r.integer("weeks", 1, 52));
  plan.slot.weekday = static_cast<int>(r.optional_integer("weekday", 0, 6).value_or(3));
  plan.slot.hour = static_cast<int>(r.optional_integer("hour", 0, 23).value_or(10));
  plan.slot.minute = static_cast<int>(r.optional_integer("minute", 0, 59).value_or(0));
  plan.open_hours = static_cast<int>(r.optional_integer("open_hours", 1, 168).value_or(24));
  if (body.value().contains("starts_after")) plan.after_us = r.instant("starts_after");
  if (!r.ok()) return problem(r.status());
  auto drops = market.plan_season(plan, call.principal->user.id, call.now);
  if (!drops.ok()) return problem(drops.status());
  json::array items;
  for (const mk::Drop& d : drops.value())
    if (auto v = market.view_drop(d.id)) items.push_back(drop_json(*v));
  return json_response(201, json::object{{"items", items}});
}

// Close now or extend: the manager moves closes_at.
http::Response patch_drop(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No drop with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"closes_at"});
  const UnixMicros closes_at = r.instant("closes_at");
  if (!r.ok()) return problem(r.status());
  auto view = market.set_closes_at(*id, closes_at);
  if (!view.ok()) return problem(view.status());
  return json_response(200, drop_json(view.value()));
}

http::Response list_drops(mk::MarketService& market, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  return page_json(market.list_drops(q->before, q->limit), drop_json);
}

http::Response get_drop(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  auto v = id ? market.view_drop(*id) : std::nullopt;
  if (!v) return problem(Status::not_found("No drop with this id"));
  return json_response(200, drop_json(*v));
}

// The fair-start draw as anyone may check it: the commitment before, the seed and the entries
// after (docs/decisions.md "Fair start").
http::Response get_draw(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  auto v = id ? market.view_drop(*id) : std::nullopt;
  if (!v) return problem(Status::not_found("No drop with this id"));
  json::object out{{"drop_id", id_to_string(v->drop.id)},
                   {"fair_start_seconds", v->drop.fair_start_seconds},
                   {"seed_commitment", v->drop.seed_commitment},
                   {"drawn", false},
                   {"seed", nullptr},
                   {"entries", json::array()},
                   {"order", json::array()}};
  if (auto record = market.find_draw(v->drop.id)) {
    const json::object published = json::parse(record->entries_json).as_object();
    out["drawn"] = true;
    out["drawn_at"] = format_rfc3339(record->drawn_at_us);
    out["seed"] = v->drop.seed_hex;
    out["entries"] = published.at("entries");
    out["order"] = published.at("order");
  }
  return json_response(200, out);
}

// Live counters: the current value at once, then every change (at most one per tick).
http::Response drop_events(mk::MarketService& market, Topics& topics, Call& call) {
  auto id = id_param(call.req, "id");
  auto v = id ? market.view_drop(*id) : std::nullopt;
  if (!v) return problem(Status::not_found("No drop with this id"));
  auto channel = topics.channel(drop_topic(v->drop.id));
  if (!channel)
    return market_problem(Status(Code::unavailable, "sse-full", "Too many live pages; ask again"));
  channel->publish("counts", counts_json(*v));  // replayed to this subscriber (replay_last)
  return http::Response::event_stream(channel);
}

void buy(mk::MarketService& market, Call& call, Reply reply) {
  auto drop_id = id_param(call.req, "id");
  if (!drop_id) return reply([] { return problem(Status::not_found("No drop with this id")); });
  const std::string key(call.req.header("Idempotency-Key"));
  if (key.empty())
    return reply([] {
      return problem(Status(Code::bad_request, "idempotency-key-required",
                            "Send an Idempotency-Key header (e.g. a UUID) with every purchase, and "
                            "the same one when you retry"));
    });
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"units"});
  const int units = static_cast<int>(r.integer("units", 1, kUnitsPerOrderMax));
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  // A new order and its audit entry share one commit; the key lives on the order.
  market.buy(
      *drop_id, call.principal->user.id, key, units,
      [reply](Result<mk::Order> result) {
        reply([result = std::move(result)] {
          if (!result.ok()) return market_problem(result.status());
          return json_response(201, order_json(result.value()));
        });
      },
      [record = call.record](soci::session& s) { record(s, 201); });
}

void pay_order(mk::MarketService& market, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id) return reply([] { return problem(Status::not_found("No order with this id")); });
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"method_token"});
  const std::string token = r.string("method_token", {.max_chars = 200});
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  market.pay(*id, call.principal->user.id, token, [reply](Result<mk::Order> result) {
    reply([result = std::move(result)] {
      if (!result.ok()) return market_problem(result.status());
      return json_response(200, order_json(result.value()));
    });
  });
}

http::Response drop_orders(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id || !market.view_drop(*id)) return problem(Status::not_found("No drop with this id"));
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  return page_json(market.drop_orders(*id, q->before, q->limit), order_json);
}

http::Response my_orders(mk::MarketService& market, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  return page_json(market.buyer_orders(call.principal->user.id, q->before, q->limit), order_json);
}

http::Response cancel_order(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No order with this id"));
  auto cancelled = market.cancel(*id, call.principal->user.id);
  if (!cancelled.ok()) return problem(cancelled.status());
  return json_response(200, order_json(cancelled.value()));
}

}  // namespace

void add_market_routes(Routes& routes, mk::MarketService& market, Topics& topics) {
  mk::MarketService* m = &market;
  Topics* t = &topics;
  market.watch(
      [t](const mk::DropView& v) { t->publish(drop_topic(v.drop.id), "counts", counts_json(v)); });
  routes.add({Method::get, "/api/v1/market/drops/{id}/events", {Action::public_read}},
             [m, t](Call& c) { return drop_events(*m, *t, c); });
  routes.add({Method::post, "/api/v1/market/products", {Action::add_products}, true},
             [m](Call& c) { return create_product(*m, c); });
  routes.add({Method::get, "/api/v1/market/products/{id}", {Action::public_read}},
             [m](Call& c) { return get_product(*m, c); });
  routes.add({Method::post, "/api/v1/market/drops", {Action::manage_market}, true},
             [m](Call& c) { return create_drop(*m, c); });
  routes.add({Method::post, "/api/v1/market/seasons", {Action::manage_market}, true},
             [m](Call& c) { return plan_season(*m, c); });
  routes.add({Method::patch, "/api/v1/market/drops/{id}", {Action::manage_market}, true},
             [m](Call& c) { return patch_drop(*m, c); });
  routes.add({Method::get, "/api/v1/market/drops", {Action::public_read}},
             [m](Call& c) { return list_drops(*m, c); });
  routes.add({Method::get, "/api/v1/market/drops/{id}", {Action::public_read}},
             [m](Call& c) { return get_drop(*m, c); });
  routes.add({Method::get, "/api/v1/market/drops/{id}/draw", {Action::public_read}},
             [m](Call& c) { return get_draw(*m, c); });
  routes.add_async({.method = Method::post,
                    .pattern = "/api/v1/market/drops/{id}/orders",
                    .access = {Action::buy},
                    .idempotent = true,
                    .body_limit_bytes = 1024,
                    .domain_keys = true},
                   [m](Call& c, Reply reply) { buy(*m, c, std::move(reply)); });
  routes.add({Method::get, "/api/v1/market/drops/{id}/orders", {Action::read_market_orders}},
             [m](Call& c) { return drop_orders(*m, c); });
  routes.add({Method::get, "/api/v1/market/orders", {Action::signed_in}},
             [m](Call& c) { return my_orders(*m, c); });
  routes.add_async({Method::post, "/api/v1/market/orders/{id}/pay", {Action::buy}, true, 1024},
                   [m](Call& c, Reply reply) { pay_order(*m, c, std::move(reply)); });
  routes.add({Method::post, "/api/v1/market/orders/{id}/cancel", {Action::buy}, true, 1024},
             [m](Call& c) { return cancel_order(*m, c); });
}

}  // namespace sangsaeng::api
