// The public figures over real HTTP with the demo's data (a settled market drop, a settled
// outage), on SQLite and PostgreSQL: anyone reads a program's and a cause's figures, as JSON and
// as the same CSV; they are the ledger's and carry the books' head, which `ledger verify`
// reaches; the auditor's reconciliation is empty on clean data and lists exactly the figures a
// tampered program record no longer ties to.
#include "api_fixture.h"
#include "ledger/verify.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

std::int64_t num(const json::value& v, const char* field) {
  return v.at(field).as_int64();
}

class PublicApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>(
        GetParam() == store::Dialect::sqlite ? temp_sqlite_url() : fresh_pg_url(),
        [](store::Db& db, accounts::AccountService& a) {
          app::seed_demo_books(db, a);
          app::seed_demo_market(db, a, now_us());
          app::seed_demo_outage(db, a, now_us());
        });
    auditor_ = env_->login("auditor@sangsaeng.test");
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("public_api_" + std::to_string(n++));
  }
  json::value get(const std::string& target, const Browser* who = nullptr) {
    auto r = env_->call("GET", target, {}, who);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    return r.status == 200 ? json::parse(r.body) : json::value();
  }
  std::int64_t sql_number(const std::string& sql) {
    return env_->db().read([&](soci::session& s) {
      long long n = 0;
      s << sql, soci::into(n);
      return static_cast<std::int64_t>(n);
    });
  }
  json::array mismatches() {
    return get("/api/v1/figures/reconciliation", &auditor_).at("mismatches").as_array();
  }

  std::unique_ptr<ApiEnv> env_;
  Browser auditor_;
};

TEST_P(PublicApi, TheMarketsSettledDropAsTheBooksHoldIt) {
  const json::value page = get("/api/v1/public/programs/market");
  EXPECT_EQ(page.at("subject").at("kind"), "program");
  EXPECT_EQ(page.at("subject").at("name_en"), "Community market");
  // Three buyers paid 2, 1 and 2 boxes at 14,900 won; half of each sale went to the charity.
  const json::value& total = page.at("total");
  EXPECT_EQ(num(total, "raised_won"), 5 * 14'900);
  EXPECT_EQ(num(total, "matched_won"), 5 * 14'900 / 2);
  EXPECT_EQ(num(total, "donated_won"), 5 * 14'900 / 2);
  EXPECT_EQ(num(total, "granted_won"), 0);
  EXPECT_EQ(num(total, "people_helped"), 3);
  std::int64_t raised = 0;
  for (const auto& m : page.at("months").as_array()) raised += num(m, "raised_won");
  EXPECT_EQ(raised, 5 * 14'900);
  // The charity is a cause with its own page: what it received, from which program.
  ASSERT_EQ(page.at("causes").as_array().size(), 1u);
  const std::string nanum(page.at("causes").at(0).at("id").as_string());
  EXPECT_NE(std::string(page.at("causes").at(0).at("name_ko").as_string()).find("나눔재단"),
            std::string::npos);
  const json::value cause = get("/api/v1/public/causes/" + nanum);
  EXPECT_EQ(cause.at("subject").at("kind"), "charity");
  EXPECT_EQ(num(cause.at("total"), "donated_won"), 5 * 14'900 / 2);
  EXPECT_EQ(num(cause.at("total"), "raised_won"), 0);
  EXPECT_EQ(cause.at("programs").at(0).at("id"), "market");

  // The CSV carries the same figures.
  auto csv = env_->call("GET", "/api/v1/public/programs/market?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("month,raised_won,matched_won,donated_won,granted_won,people_helped\r\n"),
            std::string::npos);
  EXPECT_NE(csv.body.find("\r\ntotal,74500,37250,37250,0,3\r\n"), std::string::npos) << csv.body;
}

TEST_P(PublicApi, TheSettledOutageAndTheBooksHead) {
  const json::value page = get("/api/v1/public/programs/outage");
  const std::int64_t paid = sql_number("SELECT SUM(amount_won) FROM outage_postings");
  ASSERT_GT(paid, 0);
  EXPECT_EQ(num(page.at("total"), "granted_won"), paid);
  // The fibre cut in Mapo A: the demo customer's line and 24 others.
  EXPECT_EQ(num(page.at("total"), "people_helped"), 25);
  EXPECT_EQ(num(page.at("total"), "donated_won"), 0);
  // The head the page names is what `ledger verify` reaches on these books.
  const ledger::VerifyReport report = ledger::verify(env_->db());
  ASSERT_TRUE(report.ok()) << ledger::describe(report);
  EXPECT_EQ(std::string(page.at("books").at("hash").as_string()), report.head_hash);
  EXPECT_EQ(num(page.at("books"), "seq"), report.entries);
  // And the export's row at that sequence (the last entry is the outage's last compensation)
  // carries that hash, as the page's steps say.
  const std::string period =
      "from=" + format_rfc3339(now_us() - 300 * 24 * 3600 * kMicrosPerSecond, 0) +
      "&to=" + format_rfc3339(now_us() + 24 * 3600 * kMicrosPerSecond, 0);
  const auto exported = env_->call("GET", "/api/v1/ledger/export?" + period, {}, &auditor_);
  ASSERT_EQ(exported.status, 200) << exported.body;
  const std::string last_row = "\r\n" + std::to_string(report.entries) + ",";
  const auto row = exported.body.find(last_row);
  ASSERT_NE(row, std::string::npos) << exported.body.substr(0, 300);
  const auto row_end = exported.body.find("\r\n", row + 2);
  EXPECT_EQ(exported.body.substr(row_end - report.head_hash.size(), report.head_hash.size()),
            report.head_hash);

  // A program without figures yet has an empty page; unknown subjects are 404; a bad format 422.
  EXPECT_TRUE(get("/api/v1/public/programs/live").at("months").as_array().empty());
  EXPECT_EQ(env_->call("GET", "/api/v1/public/programs/nope").status, 404);
  EXPECT_EQ(env_->call("GET", "/api/v1/public/causes/999999").status, 404);
  EXPECT_EQ(env_->call("GET", "/api/v1/public/causes/customer:1").status, 404);
  EXPECT_EQ(env_->call("GET", "/api/v1/public/causes/fund:nobody").status, 404);
  EXPECT_EQ(get("/api/v1/public/causes/program:market").at("subject").at("kind"), "program");
  const auto bad = env_->call("GET", "/api/v1/public/programs/market?format=xml");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(problem_type(bad), "validation");
}

TEST_P(PublicApi, TheReconciliationListsWhatATamperedRecordNoLongerTies) {
  const json::value clean = get("/api/v1/figures/reconciliation", &auditor_);
  EXPECT_TRUE(clean.at("mismatches").as_array().empty()) << json::serialize(clean);
  EXPECT_GE(num(clean, "figures_checked"), 4);  // raised, matched, donated, granted at least

  // Someone edits a paid order's amount: its sale and its donated share no longer tie.
  env_->db().write([](soci::session& s) {
    s << "UPDATE market_orders SET amount_won = amount_won + 1000 WHERE id IN "
         "(SELECT order_id FROM market_payments ORDER BY order_id LIMIT 1)";
  });
  json::array listed = mismatches();
  ASSERT_EQ(listed.size(), 3u) << json::serialize(listed);
  std::map<std::string, std::int64_t> difference;
  for (const auto& m : listed) {
    EXPECT_EQ(m.at("program"), "market");
    difference[std::string(m.at("measure").as_string())] = num(m, "difference_won");
    EXPECT_EQ(num(m, "records_won") - num(m, "ledger_won"), num(m, "difference_won"));
  }
  EXPECT_EQ(difference["raised"], 1'000);
  EXPECT_EQ(difference["matched"], 500);
  EXPECT_EQ(difference["donated"], 500);

  // And an outage compensation row: one won less than the books paid.
  env_->db().write([](soci::session& s) {
    s << "UPDATE outage_postings SET amount_won = amount_won - 1 WHERE id IN "
         "(SELECT MIN(id) FROM outage_postings)";
  });
  listed = mismatches();
  ASSERT_EQ(listed.size(), 4u);
  bool outage_listed = false;
  for (const auto& m : listed) {
    if (m.at("program") != "outage") continue;
    outage_listed = true;
    EXPECT_EQ(m.at("measure"), "granted");
    EXPECT_EQ(num(m, "difference_won"), -1);
  }
  EXPECT_TRUE(outage_listed);
  // The public page still shows the books' figures, not the tampered records'.
  EXPECT_EQ(num(get("/api/v1/public/programs/market").at("total"), "raised_won"), 74'500);
}

INSTANTIATE_TEST_SUITE_P(Databases, PublicApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
