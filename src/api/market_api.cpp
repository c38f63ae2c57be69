// The community market's handlers: products, drops, purchases. A purchase is asynchronous: the
// admission engine decides at once and the answer goes out once the order is durable, without
// an io thread waiting (market/service.h). Rules live in src/market.
#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cassert>

#include "api/api.h"
#include "api/modules.h"
#include "api/topics.h"
#include "core/csv.h"
#include "core/cursor.h"
#include "core/json.h"
#include "market/draw_check.h"
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

// Adds `name_field` to each item: the name of the organisation its `id_field` names (null if
// none), so a page shows "해남 농가" rather than an id. One query for the whole list.
void add_org_names(accounts::AccountService& accounts, json::array& items,
                   std::string_view id_field, std::string_view name_field) {
  auto id_of = [&](const json::object& o) -> std::optional<Id> {
    const json::value* v = o.if_contains(id_field);
    return v != nullptr && v->is_string() ? parse_id(v->as_string()) : std::nullopt;
  };
  std::vector<Id> ids;
  for (const json::value& item : items)
    if (auto id = id_of(item.as_object())) ids.push_back(*id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  assert(ids.size() <= accounts::AccountService::kDisplayNamesMax);  // a page is at most 200
  const auto names = accounts.display_names(ids, {}).orgs;
  for (json::value& item : items) {
    json::object& o = item.as_object();
    auto id = id_of(o);
    auto it = id ? names.find(*id) : names.end();
    o[name_field] = it == names.end() ? json::value(nullptr) : json::value(it->second);
  }
}

json::object with_org_name(accounts::AccountService& accounts, json::object item,
                           std::string_view id_field, std::string_view name_field) {
  json::array one{std::move(item)};
  add_org_names(accounts, one, id_field, name_field);
  return std::move(one[0].as_object());
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
          {"campaign_id", optional_id(d.campaign_id)},
          {"credit_rate_bp", d.credit_rate_bp},
          {"fair_start_seconds", d.fair_start_seconds},
          {"seed_commitment", d.seed_commitment},
          {"drawn", v.drawn},
          // Secret until the draw; then anyone checks it against seed_commitment (…/draw).
          {"seed", v.drawn ? json::value(d.seed_hex) : json::value(nullptr)},
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

json::value instant_or_null(UnixMicros at_us) {
  return at_us == 0 ? json::value(nullptr) : json::value(format_rfc3339(at_us));
}

// An order with what followed its payment: where it goes, how it travels, its refund.
json::object order_view_json(const mk::OrderView& v) {
  json::object out = order_json(v.order);
  out["drop_title"] = v.drop_title;
  out["unit_label"] = v.unit_label;
  out["ship_to"] = nullptr;
  out["shipping"] = nullptr;
  if (const auto& sh = v.shipment) {
    out["ship_to"] =
        json::object{{"recipient", sh->to.recipient},     {"phone", sh->to.phone},
                     {"postal_code", sh->to.postal_code}, {"address1", sh->to.address1},
                     {"address2", sh->to.address2},       {"memo", sh->to.memo}};
    out["shipping"] = json::object{{"carrier", sh->carrier},
                                   {"tracking_no", sh->tracking_no},
                                   {"packed_at", instant_or_null(sh->packed_at_us)},
                                   {"shipped_at", instant_or_null(sh->shipped_at_us)},
                                   {"delivered_at", instant_or_null(sh->delivered_at_us)}};
  }
  out["refund"] = nullptr;
  if (const auto& r = v.refund)
    out["refund"] = json::object{{"amount_won", r->amount_won},
                                 {"reason", r->reason},
                                 {"refunded_at", format_rfc3339(r->refunded_at_us)},
                                 {"returned", !r->provider_ref.empty()}};
  // What the payment gave: the donation (capped when a campaign's budget ran out) and credit.
  out["giving"] = nullptr;
  if (const auto& g = v.giving)
    out["giving"] = json::object{{"donation_won", g->donation_won},
                                 {"donation_share_won", g->share_won},
                                 {"donation_capped", g->donation_won < g->share_won},
                                 {"credit_earned", g->credit_points},
                                 {"credit_reversed", g->credit_reversed_points}};
  return out;
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
                                      {"revenue_won", v.revenue_won()},
                                      {"donation_won", v.donation_won()}});
}

std::string drop_topic(Id drop_id) {
  return "drop:" + id_to_string(drop_id);
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
  json::object out = product_json(created.value());
  out["photos"] = json::array();  // added with POST .../photos (market_photos_api.cpp)
  return json_response(201, out);
}

http::Response get_product(mk::MarketService& market, accounts::AccountService& accounts,
                           Deps& deps, Call& call) {
  auto id = id_param(call.req, "id");
  auto p = id ? market.find_product(*id) : std::nullopt;
  if (!p) return problem(Status::not_found("No product with this id"));
  json::object out = with_org_name(accounts, product_json(*p), "merchant_org_id", "merchant_name");
  out["photos"] = product_photos_json(deps.db, p->id);
  return json_response(200, out);
}

// Products, newest first; ?merchant_org_id= for one merchant's (a merchant's own list).
http::Response list_products(mk::MarketService& market, accounts::AccountService& accounts,
                             Deps& deps, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  std::optional<Id> merchant;
  if (auto it = call.req.query.find("merchant_org_id"); it != call.req.query.end()) {
    merchant = parse_id(it->second);
    if (!merchant) return problem(Status::invalid("merchant_org_id", "must be an id"));
  }
  const Page<mk::Product> page = market.list_products(merchant, q->before, q->limit);
  json::array items;
  for (const mk::Product& p : page.items) {
    json::object item = product_json(p);
    item["photos"] = product_photos_json(deps.db, p.id);
    items.push_back(std::move(item));
  }
  add_org_names(accounts, items, "merchant_org_id", "merchant_name");
  return json_response(200, page_body(std::move(items), page.next));
}

// The charities a manager may name on a drop (ids and names), newest first.
http::Response list_charities(mk::MarketService& market, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  return page_response(market.list_charities(q->before, q->limit), [](const mk::OrgRef& o) {
    return json::object{{"id", id_to_string(o.id)}, {"name", o.name}};
  });
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
  d.campaign_id = read_id(r, "campaign_id", false);
  d.credit_rate_bp = static_cast<int>(r.optional_integer("credit_rate_bp", 0, 10'000).value_or(0));
  d.fair_start_seconds =
      static_cast<int>(r.optional_integer("fair_start_seconds", 0, 60).value_or(0));
  return d;
}

http::Response create_drop(mk::MarketService& market, accounts::AccountService& accounts,
                           Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"product_id", "title", "opens_at", "closes_at", "quantity", "per_buyer_limit",
                    "price_won", "market_price_won", "gift", "free_shipping", "zones",
                    "donation_percent", "charity_org_id", "fair_start_seconds", "campaign_id",
                    "credit_rate_bp"});
  mk::Drop d = read_drop(body.value(), r, true);
  if (!r.ok()) return problem(r.status());
  auto created = market.create_drop(std::move(d), call.principal->user.id, call.now);
  if (!created.ok()) return problem(created.status());
  auto view = market.view_drop(created->id);
  if (!view) return problem(Status(Code::internal, "internal", "The new drop could not be read"));
  return json_response(201,
                       with_org_name(accounts, drop_json(*view), "charity_org_id", "charity_name"));
}

// A season: N weekly drops at one Seoul time (Wednesdays 10:00 unless told).
http::Response plan_season(mk::MarketService& market, accounts::AccountService& accounts,
                           Call& call) {
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"product_id",     "title",
                    "quantity",       "per_buyer_limit",
                    "price_won",      "market_price_won",
                    "gift",           "free_shipping",
                    "zones",          "donation_percent",
                    "charity_org_id", "fair_start_seconds",
                    "weeks",          "weekday",
                    "hour",           "minute",
                    "open_hours",     "starts_after",
                    "campaign_id",    "credit_rate_bp"});
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
  add_org_names(accounts, items, "charity_org_id", "charity_name");
  return json_response(201, json::object{{"items", items}});
}

// Close now or extend: the manager moves closes_at.
http::Response patch_drop(mk::MarketService& market, accounts::AccountService& accounts,
                          Call& call) {
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
  return json_response(
      200, with_org_name(accounts, drop_json(view.value()), "charity_org_id", "charity_name"));
}

http::Response list_drops(mk::MarketService& market, accounts::AccountService& accounts,
                          Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  const Page<mk::DropView> page = market.list_drops(q->before, q->limit);
  json::array items;
  for (const mk::DropView& v : page.items) items.push_back(drop_json(v));
  add_org_names(accounts, items, "charity_org_id", "charity_name");
  return json_response(200, page_body(std::move(items), page.next));
}

http::Response get_drop(mk::MarketService& market, accounts::AccountService& accounts, Call& call) {
  auto id = id_param(call.req, "id");
  auto v = id ? market.view_drop(*id) : std::nullopt;
  if (!v) return problem(Status::not_found("No drop with this id"));
  json::object out = with_org_name(accounts, drop_json(*v), "charity_org_id", "charity_name");
  // The figures after payment are for the people who run the drop; the public page, polled by
  // thousands at 10:00, does not pay for their two queries.
  if (!accounts::allowed(call.principal, Action::read_market_orders))
    return json_response(200, out);
  const mk::DropFulfilment f = market.fulfilment_of(v->drop.id);
  out["gifts"] = f.gifts;  // one per paid order that was not refunded
  out["refunds"] = f.refunds;
  out["refunded_won"] = f.refunded_won;
  out["shipped_orders"] = f.shipped;
  return json_response(200, out);
}

// The fair-start draw as anyone may check it: the commitment before, the seed and the entries
// after (docs/decisions.md "Fair start").
http::Response get_draw(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  auto v = id ? market.view_drop(*id) : std::nullopt;
  if (!v) return problem(Status::not_found("No drop with this id"));
  return json_response(200, mk::published_draw(v->drop, market.find_draw(v->drop.id)));
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
  const mk::BuyContext context{.address = call.req.remote_addr,
                               .phone_verified = call.principal->user.phone.has_value()};
  // A new order and its audit entry share one commit; the key lives on the order.
  market.buy(
      *drop_id, call.principal->user.id, key, units, context,
      [reply](Result<mk::Order> result) {
        reply([result = std::move(result)] {
          if (!result.ok()) return market_problem(result.status());
          return json_response(201, order_json(result.value()));
        });
      },
      [record = call.record](soci::session& s) { record(s, 201); });
}

// The address of a payment ("ship_to": an object); field errors are named "ship_to.<field>".
// Lengths here; the domain checks formats and the drop's zones (market/fulfilment.h).
mk::ShipTo read_ship_to(const json::object& body, FieldReader& r) {
  const json::value* v = body.if_contains("ship_to");
  if (v == nullptr || !v->is_object()) {
    r.add_error("ship_to",
                "must be the address to ship to: recipient, phone, postal_code, "
                "address1 (and address2, memo)");
    return {};
  }
  FieldReader in(v->as_object());
  in.reject_unknown({"recipient", "phone", "postal_code", "address1", "address2", "memo"});
  mk::ShipTo to{
      .recipient = in.string("recipient", {.max_chars = 50}),
      .phone = in.string("phone", {.max_chars = 20}),
      .postal_code = in.string("postal_code", {.max_chars = 5}),
      .address1 = in.string("address1", {.max_chars = 200}),
      .address2 = in.optional_string("address2", {.min_chars = 0, .max_chars = 200}).value_or(""),
      .memo = in.optional_string("memo", {.min_chars = 0, .max_chars = 100}).value_or("")};
  for (const FieldError& e : in.status().fields()) r.add_error("ship_to." + e.field, e.message);
  return to;
}

void pay_order(mk::MarketService& market, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id) return reply([] { return problem(Status::not_found("No order with this id")); });
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"method_token", "ship_to"});
  const std::string token = r.string("method_token", {.max_chars = 200});
  const mk::ShipTo ship_to = read_ship_to(body.value(), r);
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  market.pay(*id, call.principal->user.id, token, ship_to, [reply](Result<mk::Order> result) {
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
  return page_response(market.drop_orders(*id, q->before, q->limit), order_json);
}

// The suspicious patterns of a drop (market/flags.h) for its managers.
json::object flag_json(const mk::FlagRecord& f) {
  return {{"id", id_to_string(f.id)},
          {"drop_id", id_to_string(f.drop_id)},
          {"kind", f.flag.kind},
          {"subject", f.flag.subject},
          {"buyer_id",
           f.flag.buyer_id ? json::value(id_to_string(*f.flag.buyer_id)) : json::value(nullptr)},
          {"detail", f.flag.detail},
          {"created_at", format_rfc3339(f.created_at_us)}};
}

http::Response drop_flags(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  auto page = id ? market.flags(*id, q->before, q->limit) : std::nullopt;
  if (!page) return problem(Status::not_found("No drop with this id"));
  return page_response(*page, flag_json);
}

http::Response my_orders(mk::MarketService& market, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  return page_response(market.buyer_order_views(call.principal->user.id, q->before, q->limit),
                       order_view_json);
}

http::Response cancel_order(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No order with this id"));
  auto cancelled = market.cancel(*id, call.principal->user.id);
  if (!cancelled.ok()) return problem(cancelled.status());
  return json_response(200, order_json(cancelled.value()));
}

mk::Actor actor_of(const Call& call) {
  const accounts::User& u = call.principal->user;
  return {.user_id = u.id,
          .org_id = u.org_id,
          .manages_market = accounts::allowed(call.principal, Action::manage_market)};
}

// ?drop_id=&status=&merchant_org_id= (the last for managers; a merchant sees its own).
Result<mk::MerchantFilter> merchant_filter(const http::Request& req) {
  mk::MerchantFilter f;
  std::vector<FieldError> errors;
  auto id_query = [&](const char* name) -> std::optional<Id> {
    auto it = req.query.find(name);
    if (it == req.query.end() || it->second.empty()) return std::nullopt;
    auto id = parse_id(it->second);
    if (!id) errors.push_back({name, "must be an id"});
    return id;
  };
  f.drop_id = id_query("drop_id");
  f.merchant_org_id = id_query("merchant_org_id").value_or(0);
  if (auto it = req.query.find("status"); it != req.query.end() && !it->second.empty()) {
    f.status = mk::parse_order_status(it->second);
    if (!f.status) errors.push_back({"status", "must be an order status, e.g. paid"});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return f;
}

http::Response merchant_orders(mk::MarketService& market, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  auto f = merchant_filter(call.req);
  if (!f.ok()) return problem(f.status());
  if (!call.principal->user.org_id && !accounts::allowed(call.principal, Action::manage_market))
    return problem(Status::forbidden("A merchant's staff belongs to its organisation"));
  return page_response(market.merchant_orders(actor_of(call), f.value(), q->before, q->limit),
                       order_view_json);
}

// The courier's bulk-upload file: every matching order (bounded), UTF-8 with a BOM for Excel.
constexpr int kLabelPagesMax = 50;  // 10,000 orders: filter by drop for more

http::Response merchant_labels(mk::MarketService& market, Call& call) {
  auto f = merchant_filter(call.req);
  if (!f.ok()) return problem(f.status());
  if (!call.principal->user.org_id && !accounts::allowed(call.principal, Action::manage_market))
    return problem(Status::forbidden("A merchant's staff belongs to its organisation"));
  CsvWriter csv;
  csv.row(mk::label_header());
  std::optional<Id> before;
  for (int page = 0; page < kLabelPagesMax; ++page) {
    const auto rows = market.merchant_orders(actor_of(call), f.value(), before, kPageLimitMax);
    for (const mk::OrderView& v : rows.items)
      if (v.shipment && mk::label_wanted(v.order.status, f->status)) csv.row(mk::label_row(v));
    if (!rows.next) {
      http::Response res = http::Response::text(200, csv.text(), "text/csv; charset=utf-8");
      res.header("Content-Disposition", "attachment; filename=\"labels.csv\"");
      return res;
    }
    before = rows.next;
  }
  return problem(Status(Code::invalid_argument, "too-many-rows",
                        "More than 10,000 orders: ask for one drop (drop_id) or one status"));
}

http::Response order_step(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No order with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"status", "carrier", "tracking_no"});
  const std::string to = r.one_of("status", {"packed", "shipped", "delivered"});
  const std::string carrier =
      r.optional_string("carrier", {.min_chars = 0, .max_chars = 30}).value_or("");
  const std::string tracking =
      r.optional_string("tracking_no", {.min_chars = 0, .max_chars = 30}).value_or("");
  if (!r.ok()) return problem(r.status());
  auto moved = market.advance(*id, actor_of(call), *mk::parse_order_status(to), carrier, tracking);
  if (!moved.ok()) return problem(moved.status());
  return json_response(200, order_view_json(moved.value()));
}

http::Response refund_order(mk::MarketService& market, Call& call) {
  auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No order with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"reason"});
  const std::string reason =
      r.optional_string("reason", {.min_chars = 0, .max_chars = 200}).value_or("");
  if (!r.ok()) return problem(r.status());
  auto refunded = market.refund(*id, actor_of(call), reason);
  if (!refunded.ok()) return market_problem(refunded.status());
  return json_response(200, order_view_json(refunded.value()));
}

}  // namespace

void add_market_routes(Routes& routes, mk::MarketService& market, Topics& topics) {
  mk::MarketService* m = &market;
  Topics* t = &topics;
  accounts::AccountService* a = &routes.deps().accounts;
  market.watch(
      [t](const mk::DropView& v) { t->publish(drop_topic(v.drop.id), "counts", counts_json(v)); });
  routes.add({Method::get, "/api/v1/market/drops/{id}/events", {Action::public_read}},
             [m, t](Call& c) { return drop_events(*m, *t, c); });
  routes.add({Method::post, "/api/v1/market/products", {Action::add_products}, true},
             [m](Call& c) { return create_product(*m, c); });
  routes.add({Method::get, "/api/v1/market/products/{id}", {Action::public_read}},
             [m, a, d = &routes.deps()](Call& c) { return get_product(*m, *a, *d, c); });
  routes.add({Method::get, "/api/v1/market/products", {Action::public_read}},
             [m, a, d = &routes.deps()](Call& c) { return list_products(*m, *a, *d, c); });
  routes.add({Method::get, "/api/v1/market/charities", {Action::manage_market}},
             [m](Call& c) { return list_charities(*m, c); });
  routes.add({Method::post, "/api/v1/market/drops", {Action::manage_market}, true},
             [m, a](Call& c) { return create_drop(*m, *a, c); });
  routes.add({Method::post, "/api/v1/market/seasons", {Action::manage_market}, true},
             [m, a](Call& c) { return plan_season(*m, *a, c); });
  routes.add({Method::patch, "/api/v1/market/drops/{id}", {Action::manage_market}, true},
             [m, a](Call& c) { return patch_drop(*m, *a, c); });
  routes.add({Method::get, "/api/v1/market/drops", {Action::public_read}},
             [m, a](Call& c) { return list_drops(*m, *a, c); });
  routes.add({Method::get, "/api/v1/market/drops/{id}", {Action::public_read}},
             [m, a](Call& c) { return get_drop(*m, *a, c); });
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
  routes.add({Method::get, "/api/v1/market/drops/{id}/flags", {Action::read_market_orders}},
             [m](Call& c) { return drop_flags(*m, c); });
  routes.add({Method::get, "/api/v1/market/orders", {Action::signed_in}},
             [m](Call& c) { return my_orders(*m, c); });
  routes.add_async({Method::post, "/api/v1/market/orders/{id}/pay", {Action::buy}, true, 1024},
                   [m](Call& c, Reply reply) { pay_order(*m, c, std::move(reply)); });
  routes.add({Method::post, "/api/v1/market/orders/{id}/cancel", {Action::buy}, true, 1024},
             [m](Call& c) { return cancel_order(*m, c); });
  routes.add(
      {Method::post, "/api/v1/market/orders/{id}/status", {Action::fulfil_orders}, true, 1024},
      [m](Call& c) { return order_step(*m, c); });
  routes.add(
      {Method::post, "/api/v1/market/orders/{id}/refund", {Action::refund_orders}, true, 1024},
      [m](Call& c) { return refund_order(*m, c); });
  routes.add({Method::get, "/api/v1/market/merchant/orders", {Action::fulfil_orders}},
             [m](Call& c) { return merchant_orders(*m, c); });
  routes.add({Method::get, "/api/v1/market/merchant/orders.csv", {Action::fulfil_orders}},
             [m](Call& c) { return merchant_labels(*m, c); });
}

}  // namespace sangsaeng::api
