// The market's giving, handlers (issues 15 and 17): matching campaigns and their budgets, and
// the merchants' verification flags that decide who earns happiness credit. Creating a campaign
// or adding to its budget waits for the books: those run on the giving pool, never on an io
// thread. Rules live in src/giving (campaigns.h) and src/market (service.h).
#include <boost/json/array.hpp>

#include "api/api.h"
#include "api/modules.h"
#include "core/json.h"
#include "giving/campaigns.h"
#include "market/service.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace gv = giving;
namespace mk = market;
using accounts::Action;
using http::Method;

namespace {

Answer busy_answer() {
  return [] {
    return http::problem(503, "busy", "Too many requests at once",
                         "Many requests are waiting for the books right now; try again.")
        .header("Retry-After", "1");
  };
}

// A campaign as anyone may see it: the rule, the budget and what is left of it, with the
// charity's name and what the books hold in the budget's account.
json::object campaign_json(gv::CampaignService& campaigns, accounts::AccountService& accounts,
                           const gv::Campaign& c) {
  const auto names = accounts.display_names({c.charity_org_id}, {}).orgs;
  const auto name = names.find(c.charity_org_id);
  return {{"id", id_to_string(c.id)},
          {"name", c.name},
          {"charity_org_id", id_to_string(c.charity_org_id)},
          {"charity_name", name == names.end() ? json::value(nullptr) : json::value(name->second)},
          {"match_percent", c.match_percent},
          {"budget_won", c.funded_won},
          {"matched_won", c.matched_won},
          {"remaining_won", c.remaining_won()},
          {"books_balance_won", campaigns.books_balance_won(c)},
          {"account_id", id_to_string(c.account_id)},
          {"created_at", format_rfc3339(c.created_at_us)}};
}

http::Response list_campaigns(gv::CampaignService& campaigns, accounts::AccountService& accounts,
                              Call&) {
  json::array items;
  for (const gv::Campaign& c : campaigns.list())
    items.push_back(campaign_json(campaigns, accounts, c));
  return json_response(200, json::object{{"items", items}});
}

http::Response get_campaign(gv::CampaignService& campaigns, accounts::AccountService& accounts,
                            Call& call) {
  const auto id = id_param(call.req, "id");
  const auto c = id ? campaigns.find(*id) : std::nullopt;
  if (!c) return problem(Status::not_found("No campaign with this id"));
  return json_response(200, campaign_json(campaigns, accounts, *c));
}

void post_campaign(gv::CampaignService& campaigns, accounts::AccountService& accounts,
                   WorkerPool& pool, Call& call, Reply reply) {
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"name", "charity_org_id", "match_percent", "budget_won"});
  gv::NewCampaign n;
  n.name = r.string("name", {.max_chars = 100});
  n.charity_org_id = read_id(r, "charity_org_id", true).value_or(0);
  n.match_percent = static_cast<int>(r.integer("match_percent", 1, 100));
  n.budget_won = r.integer("budget_won", 1, gv::kCampaignBudgetWonMax);
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  const Id actor = call.principal->user.id;
  off_io_threads(
      pool, reply,
      [&campaigns, &accounts, n = std::move(n), actor]() mutable -> Answer {
        auto created = campaigns.create(std::move(n), actor);
        if (!created.ok()) return [s = created.status()] { return problem(s); };
        return [out = campaign_json(campaigns, accounts, created.value())] {
          return json_response(201, out);
        };
      },
      busy_answer());
}

void post_budget(gv::CampaignService& campaigns, accounts::AccountService& accounts,
                 WorkerPool& pool, Call& call, Reply reply) {
  const auto id = id_param(call.req, "id");
  if (!id) return reply([] { return problem(Status::not_found("No campaign with this id")); });
  auto body = body_object(call.req);
  if (!body.ok()) return reply([s = body.status()] { return problem(s); });
  FieldReader r(body.value());
  r.reject_unknown({"amount_won"});
  const std::int64_t amount = r.integer("amount_won", 1, gv::kCampaignBudgetWonMax);
  if (!r.ok()) return reply([s = r.status()] { return problem(s); });
  const Id actor = call.principal->user.id;
  off_io_threads(
      pool, reply,
      [&campaigns, &accounts, id = *id, amount, actor]() -> Answer {
        auto added = campaigns.add_budget(id, amount, actor);
        if (!added.ok()) return [s = added.status()] { return problem(s); };
        return [out = campaign_json(campaigns, accounts, added.value())] {
          return json_response(200, out);
        };
      },
      busy_answer());
}

json::object merchant_json(const mk::MerchantFlags& m) {
  return {{"id", id_to_string(m.id)},
          {"name", m.name},
          {"social_enterprise", m.social_enterprise},
          {"small_merchant", m.small_merchant},
          {"earns_credit", m.earns_credit()}};
}

http::Response list_merchants(mk::MarketService& market, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  const auto page = market.merchants(q->before, q->limit);
  json::array items;
  for (const mk::MerchantFlags& m : page.items) items.push_back(merchant_json(m));
  return json_response(200, page_body(std::move(items), page.next));
}

http::Response put_merchant_flags(mk::MarketService& market, Call& call) {
  const auto id = id_param(call.req, "id");
  if (!id) return problem(Status::not_found("No merchant organisation with this id"));
  auto body = body_object(call.req);
  if (!body.ok()) return problem(body.status());
  FieldReader r(body.value());
  r.reject_unknown({"social_enterprise", "small_merchant"});
  mk::MerchantFlags flags{.id = *id};
  flags.social_enterprise = r.boolean("social_enterprise");
  flags.small_merchant = r.boolean("small_merchant");
  if (!r.ok()) return problem(r.status());
  auto set = market.set_merchant_flags(flags, call.principal->user.id);
  if (!set.ok()) return problem(set.status());
  return json_response(200, merchant_json(set.value()));
}

}  // namespace

void add_campaign_routes(Routes& routes, gv::CampaignService& campaigns, mk::MarketService& market,
                         WorkerPool& pool) {
  gv::CampaignService* c = &campaigns;
  mk::MarketService* m = &market;
  accounts::AccountService* a = &routes.deps().accounts;
  WorkerPool* p = &pool;
  // What a campaign has left is public, like the books' figures.
  routes.add({Method::get, "/api/v1/giving/campaigns", {Action::public_read}},
             [c, a](Call& call) { return list_campaigns(*c, *a, call); });
  routes.add({Method::get, "/api/v1/giving/campaigns/{id}", {Action::public_read}},
             [c, a](Call& call) { return get_campaign(*c, *a, call); });
  routes.add_async(
      {Method::post, "/api/v1/giving/campaigns", {Action::manage_campaigns}, true},
      [c, a, p](Call& call, Reply r) { post_campaign(*c, *a, *p, call, std::move(r)); });
  routes.add_async(
      {Method::post, "/api/v1/giving/campaigns/{id}/budget", {Action::manage_campaigns}, true},
      [c, a, p](Call& call, Reply r) { post_budget(*c, *a, *p, call, std::move(r)); });
  routes.add({Method::get, "/api/v1/market/merchants", {Action::manage_market}},
             [m](Call& call) { return list_merchants(*m, call); });
  routes.add({Method::put, "/api/v1/market/merchants/{id}/flags", {Action::manage_market}, true},
             [m](Call& call) { return put_merchant_flags(*m, call); });
}

}  // namespace sangsaeng::api
