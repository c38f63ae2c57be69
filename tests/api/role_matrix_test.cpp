// Walks every API route with every role (and anonymously) and checks each cell against the
// matrix below, written by hand from DESIGN.md section 5 — not derived from the policy code.
// A route registered without a row here fails the test.
#include <map>
#include <set>

#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

// "hearing" reviews hearing-support grants (a manager of that program), "arthall" manages the
// art hall fund.
const std::vector<std::string> kWho = {"anon",     "admin",   "manager", "merchant", "helper",
                                       "customer", "auditor", "hearing", "arthall"};
const std::set<std::string> kEveryone = {"anon",     "admin",   "manager", "merchant", "helper",
                                         "customer", "auditor", "hearing", "arthall"};
const std::set<std::string> kSignedIn = {"admin",    "manager", "merchant", "helper",
                                         "customer", "auditor", "hearing",  "arthall"};

// "METHOD pattern" -> who may call it.
const std::map<std::string, std::set<std::string>> kMatrix = {
    {"GET /healthz", kEveryone},
    {"GET /readyz", kEveryone},
    {"GET /metrics", kEveryone},
    {"GET /api/v1/openapi.json", kEveryone},
    {"POST /api/v1/auth/login", kEveryone},
    {"POST /api/v1/auth/signup", kEveryone},
    // Phone verification: anyone may start one and send its code (a sign-up needs the proof);
    // a signed-in account without a phone attaches one.
    {"POST /api/v1/auth/phone/start", kEveryone},
    {"POST /api/v1/auth/phone/verify", kEveryone},
    {"POST /api/v1/auth/phone", kSignedIn},
    {"POST /api/v1/auth/logout", kSignedIn},
    {"GET /api/v1/auth/me", kSignedIn},
    {"POST /api/v1/auth/password", kSignedIn},
    {"GET /api/v1/programs", kEveryone},
    {"GET /api/v1/programs/{slug}", kEveryone},
    {"PATCH /api/v1/programs/{slug}", {"admin", "manager"}},  // the demo manager manages "market"
    {"GET /api/v1/orgs", {"admin", "auditor"}},
    {"POST /api/v1/orgs", {"admin"}},
    {"GET /api/v1/users", {"admin", "auditor"}},
    {"POST /api/v1/users", {"admin"}},
    {"GET /api/v1/users/{id}", {"admin", "auditor"}},
    {"GET /api/v1/tokens", {"admin"}},
    {"POST /api/v1/tokens", {"admin"}},
    {"DELETE /api/v1/tokens/{id}", {"admin"}},
    {"GET /api/v1/audit", {"admin", "auditor"}},
    // The ledger: admins (and services by token) write; admins and auditors read; any signed-in
    // user may ask for an account, and gets 404 unless it is theirs (or they may read the books).
    {"POST /api/v1/ledger/accounts", {"admin"}},
    {"GET /api/v1/ledger/accounts", kSignedIn},  // others see only their own accounts
    {"GET /api/v1/ledger/accounts/{id}", kSignedIn},
    {"GET /api/v1/ledger/accounts/{id}/history", kSignedIn},
    {"GET /api/v1/ledger/accounts/{id}/balance", kSignedIn},
    {"POST /api/v1/ledger/accounts/{id}/close", {"admin"}},
    {"POST /api/v1/ledger/transfers", {"admin"}},
    {"GET /api/v1/ledger/transfers/{id}", {"admin", "auditor"}},
    {"GET /api/v1/ledger/export", {"admin", "auditor"}},
    {"GET /api/v1/ledger/verify", {"admin", "auditor"}},
    {"GET /api/v1/ledger/head", kEveryone},  // published: anyone may note the chain's head
    // The community market: merchants add their products, the market's manager plans drops,
    // customers buy; drops and draws are public; orders of a drop are for the manager and audit.
    {"POST /api/v1/market/products", {"admin", "manager", "merchant"}},
    {"GET /api/v1/market/products/{id}", kEveryone},
    {"GET /api/v1/market/products", kEveryone},
    {"GET /api/v1/market/charities", {"admin", "manager"}},
    {"POST /api/v1/market/drops", {"admin", "manager"}},
    {"PATCH /api/v1/market/drops/{id}", {"admin", "manager"}},
    {"POST /api/v1/market/seasons", {"admin", "manager"}},
    {"GET /api/v1/market/drops", kEveryone},
    {"GET /api/v1/market/drops/{id}", kEveryone},
    {"GET /api/v1/market/drops/{id}/draw", kEveryone},
    {"GET /api/v1/market/drops/{id}/events", kEveryone},
    {"POST /api/v1/market/drops/{id}/orders", {"customer"}},
    {"GET /api/v1/market/drops/{id}/orders", {"admin", "manager", "auditor"}},
    {"GET /api/v1/market/drops/{id}/flags", {"admin", "manager", "auditor"}},
    {"GET /api/v1/market/orders", kSignedIn},
    {"POST /api/v1/market/orders/{id}/pay", {"customer"}},
    {"POST /api/v1/market/orders/{id}/cancel", {"customer"}},
    {"POST /api/v1/market/orders/{id}/status", {"admin", "manager", "merchant"}},
    {"POST /api/v1/market/orders/{id}/refund", {"admin", "manager", "merchant", "customer"}},
    {"GET /api/v1/market/merchant/orders", {"admin", "manager", "merchant"}},
    {"GET /api/v1/market/merchant/orders.csv", {"admin", "manager", "merchant"}},
    // The market's giving: merchants' flags are the market manager's; campaigns are made by the
    // credit program's or the market's manager and admins, and what is left is public.
    {"GET /api/v1/market/merchants", {"admin", "manager"}},
    {"PUT /api/v1/market/merchants/{id}/flags", {"admin", "manager"}},
    {"GET /api/v1/giving/campaigns", kEveryone},
    {"GET /api/v1/giving/campaigns/{id}", kEveryone},
    {"POST /api/v1/giving/campaigns", {"admin", "manager"}},
    {"POST /api/v1/giving/campaigns/{id}/budget", {"admin", "manager"}},
    // Outage compensation: the program's manager (not the demo's market manager) and admins
    // write; auditors read; the terms are public; a customer sees and claims their own.
    {"POST /api/v1/outage/lines", {"admin"}},
    {"GET /api/v1/outage/lines", {"admin", "auditor"}},
    {"GET /api/v1/outage/terms", kEveryone},
    {"POST /api/v1/outage/terms", {"admin"}},
    {"POST /api/v1/outage/events", {"admin"}},
    {"GET /api/v1/outage/events", {"admin", "auditor"}},
    {"GET /api/v1/outage/events/{id}", {"admin", "auditor"}},
    {"PATCH /api/v1/outage/events/{id}", {"admin"}},
    {"POST /api/v1/outage/events/{id}/settle", {"admin"}},
    {"GET /api/v1/outage/events/{id}/compensations", {"admin", "auditor"}},
    {"POST /api/v1/outage/claims", kSignedIn},
    {"GET /api/v1/outage/me", kSignedIn},
    {"GET /api/v1/outage/events/{id}/compensations.csv", {"admin", "auditor"}},
    {"GET /api/v1/outage/me.csv", kSignedIn},
    {"GET /api/v1/notices", kSignedIn},  // one's own
    // Photos: a product's merchant (others' products answer 403 from the rule), the market's
    // manager, admin; the images themselves are public, as the product pages that show them.
    {"POST /api/v1/market/products/{id}/photos", {"admin", "manager", "merchant"}},
    {"DELETE /api/v1/market/products/{id}/photos/{photo_id}", {"admin", "manager", "merchant"}},
    {"GET /api/v1/uploads/{hash}", kEveryone},
    // Public figures (transparency): anyone reads a program's or a cause's page; the
    // reconciliation of every figure against the books is for auditors and admins.
    {"GET /api/v1/public/programs/{slug}", kEveryone},
    {"GET /api/v1/public/causes/{id}", kEveryone},
    {"GET /api/v1/figures/reconciliation", {"admin", "auditor"}},
    // Live events: a manager of the live, events or performances program (each runs its own
    // kind of event; the demo's market manager runs none) and admins run them; anyone watches;
    // signed-in viewers post, ask for reminders, answer RSVPs and sign guest books.
    {"POST /api/v1/live/events", {"admin"}},
    {"GET /api/v1/live/events", kEveryone},
    {"GET /api/v1/live/events/{id}", kEveryone},
    {"POST /api/v1/live/events/{id}/state", {"admin"}},
    {"POST /api/v1/live/events/{id}/pins", {"admin"}},
    {"GET /api/v1/live/events/{id}/stream", kEveryone},
    {"POST /api/v1/live/events/{id}/messages", kSignedIn},
    {"GET /api/v1/live/events/{id}/messages", kEveryone},
    {"POST /api/v1/live/events/{id}/messages/{message_id}/hide", {"admin"}},
    {"POST /api/v1/live/events/{id}/blocks", {"admin"}},
    {"POST /api/v1/live/events/{id}/reminders", kSignedIn},
    {"POST /api/v1/live/events/{id}/rsvps", kSignedIn},
    {"POST /api/v1/live/events/{id}/guestbook", kSignedIn},
    {"GET /api/v1/live/events/{id}/guestbook", kEveryone},
    // Free performances: the catalogue is public (a view is counted by anyone who presses
    // play); the performances' manager and admins add partners and titles.
    {"GET /api/v1/performances", kEveryone},
    {"POST /api/v1/performances", {"admin"}},
    {"GET /api/v1/performances/partners", kEveryone},
    {"POST /api/v1/performances/partners", {"admin"}},
    {"POST /api/v1/performances/{id}/views", kEveryone},
    // Neighbourhood membership ("alley"): offers, neighbourhoods and prize draws are public;
    // the program's manager (none among these) and admins add neighbourhoods, shops and prize
    // events and run draws; a merchant publishes its own shop's offers and redeems its codes; a
    // customer (a member) takes codes and enters prize events; reports also for auditors.
    {"GET /api/v1/neighbourhood/areas", kEveryone},
    {"POST /api/v1/neighbourhood/areas", {"admin"}},
    {"POST /api/v1/neighbourhood/shops", {"admin"}},
    {"GET /api/v1/neighbourhood/offers", kEveryone},
    {"POST /api/v1/neighbourhood/offers", {"admin", "merchant"}},
    {"GET /api/v1/neighbourhood/offers/{id}", kEveryone},
    {"POST /api/v1/neighbourhood/offers/{id}/codes", {"customer"}},
    {"POST /api/v1/neighbourhood/redemptions", {"admin", "merchant"}},
    {"GET /api/v1/neighbourhood/redemptions", {"admin", "merchant", "auditor"}},
    {"GET /api/v1/neighbourhood/prize-events", kEveryone},
    {"POST /api/v1/neighbourhood/prize-events", {"admin"}},
    {"GET /api/v1/neighbourhood/prize-events/{id}", kEveryone},
    {"POST /api/v1/neighbourhood/prize-events/{id}/entries", {"customer"}},
    {"POST /api/v1/neighbourhood/prize-events/{id}/draw", {"admin"}},
    {"GET /api/v1/neighbourhood/prize-events/{id}/draw", kEveryone},
    // The volunteer corps: its manager (none among these) and admins set up teams, facilities
    // and grants; a helper (a team's leader: the domain checks which team) plans activities,
    // adds members and records attendance, and reads hours of the teams they lead; auditors
    // read hours and grants; any signed-in employee signs up and has their own page.
    {"POST /api/v1/volunteer/teams", {"admin"}},
    {"GET /api/v1/volunteer/teams", {"admin", "auditor", "helper"}},
    {"POST /api/v1/volunteer/teams/{id}/members", {"admin", "helper"}},
    {"POST /api/v1/volunteer/facilities", {"admin"}},
    {"GET /api/v1/volunteer/facilities", {"admin", "auditor", "helper"}},
    {"POST /api/v1/volunteer/activities", {"admin", "helper"}},
    {"GET /api/v1/volunteer/activities", kSignedIn},
    {"GET /api/v1/volunteer/activities/{id}", kSignedIn},
    {"POST /api/v1/volunteer/activities/{id}/signups", kSignedIn},
    {"DELETE /api/v1/volunteer/activities/{id}/signups/me", kSignedIn},
    {"POST /api/v1/volunteer/activities/{id}/attendance", {"admin", "helper"}},
    {"GET /api/v1/volunteer/hours", {"admin", "auditor", "helper"}},
    {"GET /api/v1/volunteer/me", kSignedIn},
    {"GET /api/v1/volunteer/me/certificate", kSignedIn},
    {"GET /api/v1/volunteer/me/certificate.csv", kSignedIn},
    {"GET /api/v1/volunteer/grants", {"admin", "auditor", "helper"}},
    {"PUT /api/v1/volunteer/grants/rule", {"admin"}},
    {"POST /api/v1/volunteer/grants/budget", {"admin"}},
    {"GET /api/v1/volunteer/public", kEveryone},
    // The art hall fund: its figures are public, its manager (and admins) post the hall's
    // revenue. Hearing-support grants: anyone signed in applies and reads their own case (others
    // get 404 from the service); the children's data and the steps are for the program's
    // reviewers only, not admins or auditors.
    {"GET /api/v1/funds/{id}", kEveryone},
    {"POST /api/v1/funds/{id}/revenue", {"admin", "arthall"}},
    {"POST /api/v1/grants/reports", kSignedIn},
    {"POST /api/v1/grants/applications", kSignedIn},
    {"GET /api/v1/grants/applications", {"hearing"}},
    {"GET /api/v1/grants/me", kSignedIn},
    {"GET /api/v1/grants/applications/{id}", kSignedIn},
    {"GET /api/v1/grants/applications/{id}/report", kSignedIn},
    {"POST /api/v1/grants/applications/{id}/transitions", {"hearing"}},
    {"POST /api/v1/grants/applications/{id}/sessions", {"hearing"}},
    // Happiness credit: admins add partner shops; the program's manager (not the demo's
    // market manager), admins and auditors read them; a customer sees their own credit.
    {"POST /api/v1/giving/partners", {"admin"}},
    {"GET /api/v1/giving/partners", {"admin", "auditor"}},
    {"GET /api/v1/giving/refusals", {"admin", "auditor"}},
    {"GET /api/v1/giving/me", kSignedIn},
    {"GET /api/v1/giving/causes", kEveryone},
    {"POST /api/v1/giving/causes", {"admin"}},
    {"GET /api/v1/giving/me/causes", kSignedIn},
    {"PUT /api/v1/giving/me/causes", kSignedIn},
    {"POST /api/v1/giving/settlements", {"admin"}},
    {"GET /api/v1/giving/settlements/{id}", {"admin", "auditor"}},
    {"POST /api/v1/giving/partners/{id}/rates", {"admin"}},
    {"GET /api/v1/giving/settlements", {"admin", "auditor"}},
    {"GET /api/v1/giving/me/receipts", kSignedIn},
    {"GET /api/v1/giving/me/receipts/{year}", kSignedIn},
    // Partner shops sign their requests (no session): open to everyone at the policy, and
    // every caller without a partner's signature gets 401 from the signature check (below).
    {"POST /api/v1/giving/purchases", kEveryone},
    {"POST /api/v1/giving/purchases/{id}/cancel", kEveryone},
    // Care and dispatch: a care program's manager (not the demo's market manager) and admins
    // dispatch; a person's record also to helpers (only the one visiting them today gets it,
    // tested below); a helper's own day to helpers.
    {"POST /api/v1/care/helpers", {"admin"}},
    {"GET /api/v1/care/helpers", {"admin"}},
    {"POST /api/v1/care/beneficiaries", {"admin"}},
    {"GET /api/v1/care/beneficiaries/{id}", {"admin", "helper"}},
    {"POST /api/v1/care/requests", {"admin"}},
    {"GET /api/v1/care/requests", {"admin"}},
    {"POST /api/v1/care/requests/{id}/cancel", {"admin"}},
    {"POST /api/v1/care/plans", {"admin"}},
    {"GET /api/v1/care/plans/{id}", {"admin"}},
    {"POST /api/v1/care/plans/{id}/moves", {"admin"}},
    {"POST /api/v1/care/plans/{id}/publish", {"admin"}},
    {"GET /api/v1/care/visits", {"helper"}},
    {"POST /api/v1/care/visits/{id}/check-in", {"helper"}},
    {"POST /api/v1/care/visits/{id}/check-out", {"helper"}},
    // A customer books a visit for themselves and reads their own bookings; they may name an
    // engineer from the list (names and teams only). The day's plans are the dispatcher's.
    {"POST /api/v1/care/my-requests", kSignedIn},
    {"GET /api/v1/care/my-requests", kSignedIn},
    {"GET /api/v1/care/engineers", kSignedIn},
    {"GET /api/v1/care/plans", {"admin"}},
    // IT education: managers open courses, schedule sessions and enrol; managers and helpers may
    // ask for rosters, attendance and progress (the care service answers only the program's
    // managers and the course's instructors).
    {"POST /api/v1/care/courses", {"admin"}},
    {"GET /api/v1/care/courses", {"admin", "helper"}},
    {"GET /api/v1/care/courses/{id}", {"admin", "helper"}},
    {"POST /api/v1/care/courses/{id}/sessions", {"admin"}},
    {"POST /api/v1/care/courses/{id}/enrolments", {"admin"}},
    {"GET /api/v1/care/courses/{id}/progress", {"admin", "helper"}},
    {"GET /api/v1/care/sessions/{id}", {"admin", "helper"}},
    {"POST /api/v1/care/sessions/{id}/attendance", {"admin", "helper"}},
    {"GET /api/v1/care/learners/{id}/progress", {"admin", "helper"}},
};

// Routes that only a partner's signature opens, whatever the session.
const std::set<std::string> kPartnerSigned = {"POST /api/v1/giving/purchases",
                                              "POST /api/v1/giving/purchases/{id}/cancel"};

std::string concrete(std::string pattern) {
  for (auto [param, value] : {std::pair{"{slug}", "market"}, std::pair{"{id}", "123"},
                              std::pair{"{photo_id}", "456"}, std::pair{"{hash}", "abc"},
                              std::pair{"{message_id}", "789"}, std::pair{"{year}", "2026"}}) {
    for (auto pos = pattern.find(param); pos != std::string::npos; pos = pattern.find(param))
      pattern.replace(pos, std::string(param).size(), value);
  }
  return pattern;
}

TEST(RoleMatrix, EveryRouteHasARow) {
  ApiEnv env;
  std::set<std::string> registered;
  for (const auto& spec : env.server().routes())
    registered.insert(std::string(http::to_string(spec.method)) + " " + spec.pattern);
  for (const auto& r : registered) EXPECT_TRUE(kMatrix.count(r)) << "no matrix row for " << r;
  for (const auto& [r, who] : kMatrix)
    EXPECT_TRUE(registered.count(r)) << "matrix row for a missing route " << r;
}

TEST(RoleMatrix, EveryCellAnswersAsTheMatrixSays) {
  ApiEnv env;
  std::map<std::string, Browser> browsers;
  for (const auto& who : kWho)
    if (who != "anon") browsers[who] = env.login(who + "@sangsaeng.test");
  for (const auto& [route, allowed] : kMatrix) {
    const auto space = route.find(' ');
    const std::string method = route.substr(0, space);
    const std::string target = concrete(route.substr(space + 1));
    const std::string body = (method == "GET" || method == "DELETE") ? "" : "{}";
    for (const auto& who : kWho) {
      // Log-out ends the session; give it one of its own.
      Browser fresh;
      const Browser* b = nullptr;
      if (who != "anon") {
        if (route == "POST /api/v1/auth/logout") fresh = env.login(who + "@sangsaeng.test");
        b = route == "POST /api/v1/auth/logout" ? &fresh : &browsers[who];
      }
      const auto r = env.call(method, target, body, b);
      if (kPartnerSigned.count(route)) {
        EXPECT_EQ(r.status, 401) << who << " " << route << ": " << r.body;
        EXPECT_EQ(problem_type(r), "unknown-partner") << who << " " << route;
      } else if (allowed.count(who)) {
        EXPECT_NE(r.status, 401) << who << " " << route << ": " << r.body;
        EXPECT_NE(r.status, 403) << who << " " << route << ": " << r.body;
      } else {
        EXPECT_EQ(r.status, who == "anon" ? 401 : 403) << who << " " << route << ": " << r.body;
      }
    }
  }
}

// A person's record (DESIGN.md section 5): the care program's manager and admins; a helper only
// while a published plan sends them to that person today; nobody else, not even the market's
// manager or an auditor. Every read that shows it is in the audit log.
TEST(RoleMatrix, PersonalDataOnlyToManagersAndTheVisitingHelper) {
  ApiEnv env;
  const Browser admin = env.login("admin@sangsaeng.test"), care = env.login("care@sangsaeng.test"),
                helper = env.login("helper@sangsaeng.test"),
                tech = env.login("tech@sangsaeng.test"),
                market = env.login("manager@sangsaeng.test"),
                auditor = env.login("auditor@sangsaeng.test");
  auto id_of = [](const ClientResponse& r) {
    return std::string(boost::json::parse(r.body).at("items").at(0).at("id").as_string());
  };
  auto user_id = [&](const Browser& b) {
    const auto me = boost::json::parse(env.call("GET", "/api/v1/auth/me", {}, &b).body);
    return std::string(me.at("user").at("id").as_string());
  };
  const std::string day = format_date(civil_from_micros(now_us(), kSeoulOffsetMinutes));
  const std::string shift = R"(,"weekday_shift":"00:00-24:00","weekend_shift":"00:00-24:00",)"
                            R"("certifications":[{"name":"IT 서포터","issued_on":"2025-01-01",)"
                            R"("expires_on":"2099-12-31"}]})";
  auto r =
      env.call("POST", "/api/v1/care/helpers",
               R"({"name":"최하나","user_id":")" + user_id(helper) +
                   R"(","home_address":"서울 마포구","home_lat":37.56,"home_lon":126.90)" + shift,
               &care);
  ASSERT_EQ(r.status, 201) << r.body;
  r = env.call(
      "POST", "/api/v1/care/helpers",
      R"({"name":"정다은","user_id":")" + user_id(tech) +
          R"(","kind":"technician","home_address":"서울 마포구","home_lat":37.56,"home_lon":126.90})",
      &care);
  ASSERT_EQ(r.status, 201) << r.body;
  r = env.call(
      "POST", "/api/v1/care/beneficiaries",
      R"({"program":"it-support","name":"박순자","phone":"010-2222-3333",)"
      R"("address":"서울 서대문구 연희로 10","lat":37.57,"lon":126.93,"consent_on":"2026-01-05"})",
      &care);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string person = id_of(r);
  const std::string path = "/api/v1/care/beneficiaries/" + person;
  r = env.call("POST", "/api/v1/care/requests",
               R"({"program":"it-support","beneficiary_id":")" + person + R"(","date":")" + day +
                   R"(","duration_min":60})",
               &care);
  ASSERT_EQ(r.status, 201) << r.body;

  EXPECT_EQ(env.call("GET", path, {}, &helper).status, 403);  // no visit yet
  r = env.call("POST", "/api/v1/care/plans", R"({"date":")" + day + R"(","seconds":1})", &care);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string plan(boost::json::parse(r.body).at("id").as_string());
  ASSERT_EQ(env.call("POST", "/api/v1/care/plans/" + plan + "/publish", "{}", &care).status, 200);

  auto reads = [&] {
    const auto page =
        boost::json::parse(env.call("GET", "/api/v1/audit?limit=200", {}, &admin).body);
    int n = 0;
    for (const auto& e : page.at("items").as_array())
      n += e.at("target").as_string() == "care-beneficiary:" + person;
    return n;
  };
  const int before = reads();
  EXPECT_EQ(env.call("GET", path, {}, &admin).status, 200);
  EXPECT_EQ(env.call("GET", path, {}, &care).status, 200);
  r = env.call("GET", path, {}, &helper);  // she visits today
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("연희로"), std::string::npos);
  EXPECT_EQ(env.call("GET", path, {}, &tech).status, 403);  // a helper, not hers
  EXPECT_EQ(env.call("GET", path, {}, &market).status, 403);
  EXPECT_EQ(env.call("GET", path, {}, &auditor).status, 403);
  EXPECT_EQ(reads(), before + 3);
}

}  // namespace
}  // namespace sangsaeng::testing
