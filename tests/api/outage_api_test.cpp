// Outage compensation over real HTTP, on SQLite and on PostgreSQL: the outage program's manager
// imports lines and reports a fibre cut; every line of the area is credited without a claim;
// the customer sees it and claims the damages; a correction posts only the difference; bad
// reports are clear problems that change nothing; the books verify after each step.
#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

constexpr UnixMicros kHour = 3600 * kMicrosPerSecond;

class OutageApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>(GetParam() == store::Dialect::sqlite ? temp_sqlite_url()
                                                                         : fresh_pg_url());
    manager_ = env_->login("outage@sangsaeng.test");
    customer_ = env_->login("customer@sangsaeng.test");
    admin_ = env_->login("admin@sangsaeng.test");
    const auto me = json::parse(env_->call("GET", "/api/v1/auth/me", {}, &customer_).body);
    customer_id_ = std::string(me.at("user").at("id").as_string());
    // Yesterday 14:00 KST, so that the outage has ended "now".
    const CivilTime today = civil_from_micros(now_us(), kSeoulOffsetMinutes);
    start_ =
        micros_from_civil({.year = today.year, .month = today.month, .day = today.day, .hour = 14},
                          kSeoulOffsetMinutes) -
        24 * kHour;
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("outage_api_" + std::to_string(n++));
  }

  // Four lines in Mapo (the customer's first), one in Jongno.
  std::vector<std::string> import_lines() {
    const std::string body =
        R"({"lines":[{"ref":"02-3142-0001","customer_id":")" + customer_id_ +
        R"(","product":"기가 인터넷 500M","monthly_fee_won":30000,"addons_won":3000,"area":"mapo"},)"
        R"({"ref":"02-3142-0002","product":"기가 인터넷 500M","monthly_fee_won":33000,"area":"mapo"},)"
        R"({"ref":"02-3142-0003","product":"기가 인터넷 500M","monthly_fee_won":33000,"area":"mapo"},)"
        R"({"ref":"02-3142-0004","product":"사업자 인터넷","monthly_fee_won":33000,"area":"mapo","small_merchant":true},)"
        R"({"ref":"02-733-0001","product":"기가 인터넷 500M","monthly_fee_won":33000,"area":"jongno"}]})";
    auto r = env_->call("POST", "/api/v1/outage/lines", body, &manager_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    const json::value answer = json::parse(r.body);
    for (const auto& item : answer.at("items").as_array())
      ids.emplace_back(item.at("id").as_string());
    return ids;
  }

  ClientResponse report(UnixMicros length_us, const std::string& extra = {}) {
    return env_->call("POST", "/api/v1/outage/events",
                      R"({"started_at":")" + format_rfc3339(start_) + R"(","ended_at":")" +
                          format_rfc3339(start_ + length_us) +
                          R"(","areas":["mapo"],"cause":"광케이블 절단")" + extra + "}",
                      &manager_);
  }

  std::map<std::string, json::object> compensations(const std::string& event) {
    auto r = env_->call("GET", "/api/v1/outage/events/" + event + "/compensations", {}, &manager_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, json::object> out;
    const json::value answer = json::parse(r.body);
    for (const auto& c : answer.at("items").as_array())
      out[std::string(c.at("line_id").as_string())] = c.as_object();
    return out;
  }

  void expect_books_verify() {
    auto r = env_->call("GET", "/api/v1/ledger/verify", {}, &admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body).at("ok"), true) << r.body;
  }

  long long rows(const char* table) {
    return env_->db().read([&](soci::session& s) {
      long long n = 0;
      s << std::string("SELECT COUNT(*) FROM ") + table, soci::into(n);
      return n;
    });
  }

  std::unique_ptr<ApiEnv> env_;
  Browser manager_, customer_, admin_;
  std::string customer_id_;
  UnixMicros start_ = 0;
};

TEST_P(OutageApi, AFibreCutIsCreditedToEveryLineOfTheAreaWithoutAClaim) {
  const auto lines = import_lines();
  ASSERT_EQ(lines.size(), 5u);
  auto r = report(3 * kHour);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto event = json::parse(r.body).as_object();
  EXPECT_EQ(event.at("settled"), true);
  EXPECT_EQ(event.at("totals").at("lines"), 4);
  EXPECT_EQ(event.at("totals").at("refund_won"), 4 * 137);
  EXPECT_EQ(event.at("totals").at("damages_claimable_won"), 4 * 1238);
  const std::string id(event.at("id").as_string());

  auto c = compensations(id);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c.count(lines[4]), 0u);  // Jongno: nothing
  const auto& mine = c.at(lines[0]);
  EXPECT_EQ(mine.at("line_ref"), "02-3142-0001");  // the manager reads the number, not an id
  EXPECT_EQ(mine.at("area"), "mapo");
  EXPECT_EQ(mine.at("hours"), 3.0);
  EXPECT_EQ(mine.at("refund_won"), 137);
  EXPECT_EQ(mine.at("voluntary_won"), 0);
  EXPECT_EQ(mine.at("damages_claimable_won"), 1238);
  EXPECT_EQ(mine.at("damages_paid_won"), 0);
  ASSERT_EQ(mine.at("transfer_ids").as_array().size(), 1u);

  // The transfer is in the books and names the outage.
  const std::string transfer(mine.at("transfer_ids").as_array()[0].as_string());
  auto t = env_->call("GET", "/api/v1/ledger/transfers/" + transfer, {}, &admin_);
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(json::parse(t.body).at("reference"), json::value("outage:" + id));
  EXPECT_EQ(json::parse(t.body).at("amount"), 137);

  // Settling again posts nothing.
  auto again = env_->call("POST", "/api/v1/outage/events/" + id + "/settle", {}, &manager_);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body).at("postings"), 0);
  expect_books_verify();
}

TEST_P(OutageApi, TheCustomerSeesTheirCompensationAndClaimsTheDamagesOnce) {
  const auto lines = import_lines();
  const std::string id(json::parse(report(3 * kHour).body).at("id").as_string());
  auto me = env_->call("GET", "/api/v1/outage/me", {}, &customer_);
  ASSERT_EQ(me.status, 200) << me.body;
  const auto v = json::parse(me.body);
  ASSERT_EQ(v.at("lines").as_array().size(), 1u);
  const auto& line = v.at("lines").as_array()[0];
  EXPECT_EQ(line.at("ref"), "02-3142-0001");
  ASSERT_EQ(line.at("compensations").as_array().size(), 1u);
  EXPECT_EQ(line.at("compensations").as_array()[0].at("cause"), "광케이블 절단");

  const std::string claim = R"({"line_id":")" + lines[0] + R"(","event_id":")" + id + R"("})";
  // Not the line of the manager (no such line of theirs), and a customer cannot claim another's.
  const std::string other = R"({"line_id":")" + lines[1] + R"(","event_id":")" + id + R"("})";
  EXPECT_EQ(env_->call("POST", "/api/v1/outage/claims", other, &customer_).status, 404);
  auto r = env_->call("POST", "/api/v1/outage/claims", claim, &customer_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("damages_paid_won"), 1238);
  EXPECT_EQ(json::parse(r.body).at("claimed"), true);
  r = env_->call("POST", "/api/v1/outage/claims", claim, &customer_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(compensations(id).at(lines[0]).at("transfer_ids").as_array().size(), 2u);  // not 3
  // The customer was told twice: the credit, then the damages paid.
  auto notices = env_->call("GET", "/api/v1/notices", {}, &customer_);
  ASSERT_EQ(notices.status, 200) << notices.body;
  const auto n = json::parse(notices.body);
  ASSERT_EQ(n.at("items").as_array().size(), 2u);
  const std::string newest(n.at("items").as_array()[0].at("body").as_string());
  EXPECT_NE(newest.find("손해배상 1,238원"), std::string::npos) << newest;
  EXPECT_EQ(n.at("items").as_array()[0].at("topic"), "outage.compensated");
  expect_books_verify();
}

TEST_P(OutageApi, ACorrectionPostsOnlyTheDifference) {
  const auto lines = import_lines();
  const std::string id(json::parse(report(3 * kHour).body).at("id").as_string());
  auto r = env_->call("PATCH", "/api/v1/outage/events/" + id,
                      R"({"ended_at":")" + format_rfc3339(start_ + 4 * kHour) + R"("})", &manager_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("revision"), 2);
  EXPECT_EQ(json::parse(r.body).at("settled"), true);
  const auto c = compensations(id).at(lines[0]);
  EXPECT_EQ(c.at("refund_won"), 183);                     // 33,000 x 4 / 720
  EXPECT_EQ(c.at("transfer_ids").as_array().size(), 2u);  // 137, then 46
  expect_books_verify();
}

TEST_P(OutageApi, BadReportsAreClearProblemsAndChangeNothing) {
  import_lines();
  const long long events = rows("outage_events"), transfers = rows("ledger_transfers");
  const std::string window = R"({"started_at":")" + format_rfc3339(start_) + R"(","ended_at":")" +
                             format_rfc3339(start_ - kHour) + R"(",)";
  struct Case {
    std::string body;
    int status;
    std::string type;
  } cases[] = {
      {window + R"("areas":["mapo"],"cause":"x"})", 422, "validation"},  // ends before it starts
      {R"({"started_at":")" + format_rfc3339(start_) + R"(","cause":"x"})", 422, "validation"},
      {R"({"started_at":")" + format_rfc3339(start_) +
           R"(","areas":["mapo"],"cause":"x","oops":1})",
       422, "validation"},
      {R"({"started_at":")" + format_rfc3339(start_) + R"(","line_ids":["99"],"cause":"x"})", 422,
       "validation"},
      {R"({"started_at":"yesterday","areas":["mapo"],"cause":"x"})", 422, "validation"},
      {R"({"started_at":")" + format_rfc3339(start_) + R"(","areas":"mapo","cause":"x"})", 422,
       "validation"},
      {"not json", 400, "malformed-json"},
  };
  for (const Case& c : cases) {
    auto r = env_->call("POST", "/api/v1/outage/events", c.body, &manager_);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    EXPECT_EQ(problem_type(r), c.type) << c.body;
  }
  // Customers do not report outages; an ongoing one is settled only when it ends.
  EXPECT_EQ(report(3 * kHour).status, 201);
  auto by_customer = env_->call(
      "POST", "/api/v1/outage/events",
      R"({"started_at":")" + format_rfc3339(start_) + R"(","areas":["mapo"],"cause":"x"})",
      &customer_);
  EXPECT_EQ(by_customer.status, 403);
  auto ongoing = env_->call(
      "POST", "/api/v1/outage/events",
      R"({"started_at":")" + format_rfc3339(start_) + R"(","areas":["jongno"],"cause":"x"})",
      &manager_);
  ASSERT_EQ(ongoing.status, 201) << ongoing.body;
  EXPECT_EQ(json::parse(ongoing.body).at("settled"), false);
  const std::string ongoing_id(json::parse(ongoing.body).at("id").as_string());
  auto settle =
      env_->call("POST", "/api/v1/outage/events/" + ongoing_id + "/settle", {}, &manager_);
  EXPECT_EQ(settle.status, 409);
  EXPECT_EQ(problem_type(settle), "outage-ongoing");
  EXPECT_EQ(rows("outage_events"), events + 2);        // the two good reports only
  EXPECT_EQ(rows("ledger_transfers"), transfers + 4);  // the settled one's four refunds
}

TEST_P(OutageApi, TermsArePublicAndAManagerAddsAVersionWithoutCode) {
  auto r = env_->call("GET", "/api/v1/outage/terms");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("items").as_array().size(), 6u);
  const std::string version =
      R"json({"code":"terms-2027-pilot","name":"2027 시범 약관 (월 누적 6시간)","effective_from":"2027-01-01T00:00:00+09:00",)json"
      R"json("continuous_minutes_min":120,"monthly_cumulative_minutes_min":360,"refund_pro_rata":true,"damages_multiple":10})json";
  r = env_->call("POST", "/api/v1/outage/terms", version, &manager_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body).at("monthly_cumulative_minutes_min"), 360);
  r = env_->call("POST", "/api/v1/outage/terms", version, &manager_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(problem_type(r), "terms-code-in-use");
  r = env_->call(
      "POST", "/api/v1/outage/terms",
      R"({"code":"x","name":"x","effective_from":"2027-01-01T00:00:00+09:00","continuous_minutes_min":120})",
      &manager_);
  EXPECT_EQ(r.status, 422) << r.body;  // pays nothing
  EXPECT_EQ(
      json::parse(env_->call("GET", "/api/v1/outage/terms").body).at("items").as_array().size(),
      7u);
}

TEST_P(OutageApi, LinesComeInAsCsvAndCompensationsGoOutAsCsv) {
  // The carrier's CRM export: a BOM, a header in its own order, a product with a comma.
  const std::string csv =
      "\xEF\xBB\xBF"
      "area,ref,product,monthly_fee_won,addons_won,small_merchant\r\n"
      "mapo,02-3142-0101,\"기가 인터넷, 500M\",30000,3000,\r\n"
      "mapo,02-3142-0102,사업자 인터넷,33000,,1\r\n";
  auto r = env_->call("POST", "/api/v1/outage/lines", csv, &manager_, "Content-Type: text/csv\r\n");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value imported = json::parse(r.body);
  ASSERT_EQ(imported.at("items").as_array().size(), 2u);
  const std::string shop(imported.at("items").as_array()[1].at("id").as_string());
  auto line = env_->call("GET", "/api/v1/outage/lines", {}, &manager_);
  EXPECT_NE(line.body.find("기가 인터넷, 500M"), std::string::npos);

  // A bad file changes nothing: a cell that is not a number, an open quote, an unknown column.
  const long long before = rows("outage_lines");
  for (const std::string& bad :
       {std::string("ref,product,monthly_fee_won,area\n02-1,x,삼만,mapo\n"),
        std::string("ref,product,monthly_fee_won,area\n02-1,\"x,30000,mapo\n"),
        std::string("ref,product,fee,area\n02-1,x,30000,mapo\n")}) {
    auto refused =
        env_->call("POST", "/api/v1/outage/lines", bad, &manager_, "Content-Type: text/csv\r\n");
    EXPECT_EQ(refused.status, 422) << bad << " -> " << refused.body;
  }
  EXPECT_EQ(rows("outage_lines"), before);

  const std::string id(json::parse(report(3 * kHour).body).at("id").as_string());
  auto out = env_->call("GET", "/api/v1/outage/events/" + id + "/compensations.csv", {}, &manager_);
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(out.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(out.body.find("line_id,line_ref,area,hours,"), std::string::npos);
  // The shop: 33,000 won, 3 hours: 137 won refunded, 1,238 claimable.
  EXPECT_NE(out.body.find(shop + ",02-3142-0102,mapo,3.00,3.00,137,0,1238,0,no,"),
            std::string::npos)
      << out.body;
  EXPECT_EQ(env_->call("GET", "/api/v1/outage/events/" + id + "/compensations.csv", {}, &customer_)
                .status,
            403);
  auto mine = env_->call("GET", "/api/v1/outage/me.csv", {}, &customer_);
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("요금 감면 (refund_won)"), std::string::npos);
}

// Network monitoring's export as CSV: an open outage and a one-line fault; the next export closes
// the outage; importing a file again changes nothing; a bad file writes nothing.
TEST_P(OutageApi, MonitoringsExportIsImportedAndClosedByTheNextOne) {
  const auto lines = import_lines();
  auto file = [&](const std::string& ended_at) {
    return "incident_ref,started_at,ended_at,areas,line_refs,cause,gross_negligence\r\n"
           "NMS-0001," +
           format_rfc3339(start_) + "," + ended_at +
           ",mapo,,광케이블 절단,\r\n"
           "NMS-0002," +
           format_rfc3339(start_) + "," + format_rfc3339(start_ + 4 * kHour) +
           ",,02-733-0001,\"장비 고장, 교체\",0\r\n";
  };
  auto post = [&](const std::string& csv) {
    return env_->call("POST", "/api/v1/outage/events", csv, &manager_,
                      "Content-Type: text/csv\r\n");
  };
  auto r = post(file(""));
  ASSERT_EQ(r.status, 200) << r.body;
  json::value answer = json::parse(r.body);
  ASSERT_EQ(answer.at("items").as_array().size(), 2u);
  const json::value open = answer.at("items").as_array()[0];
  EXPECT_EQ(open.at("action"), "reported");
  EXPECT_EQ(open.at("incident_ref"), "NMS-0001");
  EXPECT_TRUE(open.at("ended_at").is_null());
  EXPECT_EQ(answer.at("items").as_array()[1].at("settled"), true);
  EXPECT_EQ(answer.at("items").as_array()[1].at("cause"), "장비 고장, 교체");
  const std::string id(open.at("id").as_string());
  EXPECT_TRUE(compensations(id).empty());  // still down: nothing yet

  r = post(file(""));
  ASSERT_EQ(r.status, 200) << r.body;
  answer = json::parse(r.body);
  for (const auto& item : answer.at("items").as_array()) EXPECT_EQ(item.at("action"), "unchanged");

  r = post(file(format_rfc3339(start_ + 3 * kHour)));
  ASSERT_EQ(r.status, 200) << r.body;
  answer = json::parse(r.body);
  EXPECT_EQ(answer.at("items").as_array()[0].at("action"), "corrected");
  EXPECT_EQ(answer.at("items").as_array()[0].at("id").as_string(), id);
  auto c = compensations(id);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[lines[0]].at("refund_won"), 137);
  EXPECT_EQ(rows("outage_events"), 2);

  // Bad files change nothing: an unknown line, an end before the start, an unknown column.
  const long long postings = rows("outage_postings");
  for (const std::string& bad :
       {std::string("incident_ref,started_at,ended_at,line_refs,cause\n"
                    "NMS-9," +
                    format_rfc3339(start_) + ",,02-000-0000,x\n"),
        std::string("incident_ref,started_at,ended_at,areas,cause\n"
                    "NMS-9," +
                    format_rfc3339(start_) + "," + format_rfc3339(start_ - kHour) + ",mapo,x\n"),
        std::string("incident,started_at,areas,cause\nNMS-9," + format_rfc3339(start_) +
                    ",mapo,x\n")}) {
    auto refused = post(bad);
    EXPECT_EQ(refused.status, 422) << bad << " -> " << refused.body;
  }
  EXPECT_EQ(rows("outage_events"), 2);
  EXPECT_EQ(rows("outage_postings"), postings);
  // The same incident by hand: 409.
  EXPECT_EQ(report(3 * kHour, R"(,"incident_ref":"NMS-0001")").status, 409);
  expect_books_verify();
}

INSTANTIATE_TEST_SUITE_P(Databases, OutageApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
