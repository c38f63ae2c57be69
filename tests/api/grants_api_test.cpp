// Hearing-support grants and the art hall fund over real HTTP: the hall's manager posts a CSV of
// ticket sales (credited once), a guardian uploads the audiologist's report and applies, the
// program's reviewer screens, approves (the fund's free amount falls by the reservation), pays
// at surgery and records rehabilitation; the guardian follows the status; nobody else reads the
// case (admins neither), every read of it is in the audit log, and the books verify.
#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

const std::string kPdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";

class GrantsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>();
    hall_ = env_->login("arthall@sangsaeng.test");
    reviewer_ = env_->login("hearing@sangsaeng.test");
    guardian_ = env_->login("customer@sangsaeng.test");
    admin_ = env_->login("admin@sangsaeng.test");
    other_ = env_->login("helper@sangsaeng.test");
  }

  json::value fund() {
    auto r = env_->call("GET", "/api/v1/funds/art-hall");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  // One figure of the fund, as a number (the answer parsed into a named value first).
  std::int64_t fund_won(const char* key) {
    const json::value f = fund();
    return f.at(key).as_int64();
  }
  static std::string text(const std::string& body, const char* key) {
    const json::value v = json::parse(body);
    return std::string(v.at(key).as_string());
  }
  static std::int64_t number(const std::string& body, const char* key) {
    const json::value v = json::parse(body);
    return v.at(key).as_int64();
  }

  ClientResponse revenue_csv(const std::string& csv) {
    return env_->call("POST", "/api/v1/funds/art-hall/revenue", csv, &hall_,
                      "Content-Type: text/csv\r\n");
  }

  std::string apply() {
    auto up = env_->call("POST", "/api/v1/grants/reports", kPdf, &guardian_,
                         "Content-Type: application/pdf\r\n");
    EXPECT_EQ(up.status, 201) << up.body;
    const std::string report(json::parse(up.body).at("id").as_string());
    auto r = env_->call("POST", "/api/v1/grants/applications",
                        R"({"child_name":"정하늘","child_birth_date":"2022-05-01",)"
                        R"("guardian_name":"정미래","guardian_relation":"모",)"
                        R"("guardian_phone":"010-2345-6789","hospital":"세브란스병원",)"
                        R"("consent":true,"consent_on":"2026-01-05","report_id":")" +
                            report + R"(","requested_won":30000000})",
                        &guardian_);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(json::parse(r.body).at("id").as_string());
  }

  ClientResponse step(const std::string& id, const std::string& body) {
    return env_->call("POST", "/api/v1/grants/applications/" + id + "/transitions", body,
                      &reviewer_);
  }

  void expect_books_verify() {
    auto r = env_->call("GET", "/api/v1/ledger/verify", {}, &admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body).at("ok"), true) << r.body;
  }

  std::unique_ptr<ApiEnv> env_;
  Browser hall_, reviewer_, guardian_, admin_, other_;
};

TEST_F(GrantsApi, AnApplicationFromSubmissionToPaidAndRehabilitation) {
  // The ticketing system's export: Korean headers, a cancelled sale, amounts with commas.
  const std::string csv =
      "예매번호,공연명,판매일,매수,결제금액,상태\r\n"
      "A-0001,호두까기 인형,2026.01.10,2,\"30,000,000\",결제\r\n"
      "A-0002,호두까기 인형,2026.01.10,1,\"25,000,000\",결제\r\n"
      "A-0003,호두까기 인형,2026.01.11,1,\"9,000,000\",취소\r\n";
  auto credited = revenue_csv(csv);
  ASSERT_EQ(credited.status, 200) << credited.body;
  EXPECT_EQ(number(credited.body, "credited_won"), 55'000'000);
  auto again = revenue_csv(csv);  // the same export sent twice credits nothing more
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(number(again.body, "duplicates"), 2);
  EXPECT_EQ(fund_won("balance_won"), 55'000'000);
  expect_books_verify();

  const std::string id = apply();
  const std::string path = "/api/v1/grants/applications/" + id;
  // The guardian follows their own case; another user and an admin are told it does not exist.
  auto mine = env_->call("GET", path, {}, &guardian_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(text(mine.body, "status"), "submitted");
  EXPECT_EQ(env_->call("GET", path, {}, &other_).status, 404);
  EXPECT_EQ(env_->call("GET", path, {}, &admin_).status, 404);
  EXPECT_EQ(env_->call("GET", path + "/report", {}, &admin_).status, 404);
  auto report = env_->call("GET", path + "/report", {}, &reviewer_);
  EXPECT_EQ(report.status, 200);
  EXPECT_EQ(report.body, kPdf);
  auto queue = env_->call("GET", "/api/v1/grants/applications?status=submitted", {}, &reviewer_);
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_EQ(json::parse(queue.body).at("items").as_array().size(), 1u);

  EXPECT_EQ(step(id, R"({"to":"approved"})").status, 409);  // not screened yet
  ASSERT_EQ(step(id, R"({"to":"screening"})").status, 200);
  auto approved = step(id, R"({"to":"approved","granted_won":28000000,"sessions_planned":24})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(text(approved.body, "money"), "reserved");
  EXPECT_EQ(fund_won("reserved_won"), 28'000'000);
  EXPECT_EQ(fund_won("free_won"), 27'000'000);
  expect_books_verify();
  // A second case asking more than is free cannot be approved: the ledger refuses it.
  const std::string second = apply();
  ASSERT_EQ(step(second, R"({"to":"screening"})").status, 200);
  auto refused = step(second, R"({"to":"approved"})");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(problem_type(refused), "fund-insufficient");
  EXPECT_EQ(fund_won("reserved_won"), 28'000'000);

  auto paid = step(id, R"({"to":"surgery"})");
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(text(paid.body, "money"), "paid");
  EXPECT_EQ(fund_won("balance_won"), 27'000'000);
  EXPECT_EQ(fund_won("paid_won"), 28'000'000);
  ASSERT_EQ(step(id, R"({"to":"rehabilitation"})").status, 200);
  auto session =
      env_->call("POST", path + "/sessions",
                 R"({"held_on":"2026-02-02","progress_percent":15,"note":"첫 매핑"})", &reviewer_);
  ASSERT_EQ(session.status, 201) << session.body;
  auto followed = json::parse(env_->call("GET", path, {}, &guardian_).body);
  EXPECT_EQ(followed.at("status"), "rehabilitation");
  EXPECT_EQ(followed.at("sessions_done"), 1);
  EXPECT_EQ(followed.at("progress_percent"), 15);
  const json::value f = fund();
  ASSERT_EQ(f.at("children_helped").as_array().size(), 1u);
  EXPECT_EQ(f.at("children_helped").at(0).at("children"), 1);
  expect_books_verify();

  // Every read of the case is in the audit log, by whom.
  auto audit = env_->call("GET", "/api/v1/audit?limit=200", {}, &admin_);
  ASSERT_EQ(audit.status, 200);
  int guardian_reads = 0, reviewer_reads = 0;
  const json::value entries = json::parse(audit.body);
  for (const auto& e : entries.at("items").as_array()) {
    if (e.at("action") != "GET /api/v1/grants/applications/{id}") continue;
    const auto& who = e.at("actor").at("email");
    guardian_reads += who == "customer@sangsaeng.test";
    reviewer_reads += who == "hearing@sangsaeng.test";
  }
  EXPECT_EQ(guardian_reads, 2);
  EXPECT_EQ(reviewer_reads, 0);  // the reviewer read the queue and the report, audited apart
}

TEST_F(GrantsApi, BadInputIsAClearProblemAndChangesNothing) {
  auto bad_day = env_->call("POST", "/api/v1/funds/art-hall/revenue",
                            R"({"lines":[{"sold_on":"2099-01-01","amount_won":1000}]})", &hall_);
  EXPECT_EQ(bad_day.status, 422) << bad_day.body;
  EXPECT_EQ(fund_won("inflow_won"), 0);
  EXPECT_EQ(env_->call("GET", "/api/v1/funds/nope").status, 404);
  auto text = env_->call("POST", "/api/v1/grants/reports", "hello", &guardian_,
                         "Content-Type: text/plain\r\n");
  EXPECT_EQ(text.status, 415) << text.body;
  auto no_consent =
      env_->call("POST", "/api/v1/grants/applications",
                 R"({"child_name":"A","child_birth_date":"2022-05-01","guardian_name":"B",)"
                 R"("guardian_relation":"모","guardian_phone":"010-2345-6789","hospital":"H",)"
                 R"("consent":false,"consent_on":"2026-01-05","report_id":"x","requested_won":1})",
                 &guardian_);
  EXPECT_EQ(no_consent.status, 422) << no_consent.body;
  const std::string id = apply();
  ASSERT_EQ(step(id, R"({"to":"screening"})").status, 200);
  EXPECT_EQ(step(id, R"({"to":"declined"})").status, 422);  // the applicant must be told why
  EXPECT_EQ(step(id, R"({"to":"paid"})").status, 422);
  auto declined = step(id, R"({"to":"declined","reason":"청력 기준에 해당하지 않습니다."})");
  ASSERT_EQ(declined.status, 200) << declined.body;
  auto seen =
      json::parse(env_->call("GET", "/api/v1/grants/applications/" + id, {}, &guardian_).body);
  EXPECT_EQ(seen.at("status"), "declined");
  EXPECT_EQ(seen.at("reason"), "청력 기준에 해당하지 않습니다.");
  EXPECT_EQ(fund_won("reserved_won"), 0);
}

}  // namespace
}  // namespace sangsaeng::testing
