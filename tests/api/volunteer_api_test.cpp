// The volunteer corps over real HTTP, on SQLite and on PostgreSQL: the program's manager sets
// up a team, facilities (CSV) and the grant rule and budget; many employees sign up for an
// activity at once and exactly its slots are taken; a sign-up needs an Idempotency-Key and a
// retry takes no second slot; the team's leader records attendance and the volunteers' hours,
// the certificate and the facility's grant appear, once, through the books.
#include <thread>

#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

constexpr UnixMicros kHour = 3600 * kMicrosPerSecond;

class VolunteerApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>(GetParam() == store::Dialect::sqlite ? temp_sqlite_url()
                                                                         : fresh_pg_url());
    manager_ = env_->login("volunteer@sangsaeng.test");
    leader_ = env_->login("leader@sangsaeng.test");
    staff1_ = env_->login("staff1@sangsaeng.test");
    admin_ = env_->login("admin@sangsaeng.test");
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("volunteer_api_" + std::to_string(n++));
  }

  json::value ok(const ClientResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    try {
      return json::parse(r.body);
    } catch (...) {
      return nullptr;
    }
  }
  std::string id_of(const json::value& v) { return std::string(v.at("id").as_string()); }
  std::string user_id(const Browser& b) {
    return id_of(ok(env_->call("GET", "/api/v1/auth/me", {}, &b), 200).at("user"));
  }

  // A team led by the demo leader with staff1 and staff2, and two facilities from a CSV.
  void set_up_corps() {
    team_ = id_of(
        ok(env_->call("POST", "/api/v1/volunteer/teams",
                      R"({"name":"광화문 나눔봉사단","leader_email":"leader@sangsaeng.test"})",
                      &manager_),
           201));
    auto m = ok(
        env_->call(
            "POST", "/api/v1/volunteer/teams/" + team_ + "/members",
            R"({"members":[{"email":"staff1@sangsaeng.test"},{"email":"staff2@sangsaeng.test"}]})",
            &leader_),
        200);
    EXPECT_EQ(m.at("team").at("members"), 3);
    const std::string csv =
        "name,kind,address,contact_name,contact_phone\r\n"
        "은평노인종합복지관,elderly,서울특별시 은평구 은평로 100,박복지,02-300-1234\r\n"
        "\"마포 장애인복지관, 본관\",disability,서울특별시 마포구 월드컵로 "
        "200,이사회,02-300-5678\r\n";
    auto f = ok(env_->call("POST", "/api/v1/volunteer/facilities", csv, &manager_,
                           "Content-Type: text/csv\r\n"),
                201);
    ASSERT_EQ(f.at("ids").as_array().size(), 2u);
    elderly_ = std::string(f.at("ids").as_array()[0].as_string());
  }

  std::string plan(const Browser& who, const std::string& team, UnixMicros start, int slots) {
    const std::string team_field = team.empty() ? "" : R"("team_id":")" + team + R"(",)";
    return id_of(ok(
        env_->call("POST", "/api/v1/volunteer/activities",
                   R"({"facility_id":")" + elderly_ + R"(",)" + team_field +
                       R"("title":"어르신 점심 배식 봉사","starts_at":")" + format_rfc3339(start) +
                       R"(","ends_at":")" + format_rfc3339(start + 3 * kHour) + R"(","slots":)" +
                       std::to_string(slots) + "}",
                   &who),
        201));
  }

  ClientResponse sign_up(const std::string& activity, const Browser& who, const std::string& key) {
    return env_->call("POST", "/api/v1/volunteer/activities/" + activity + "/signups", "{}", &who,
                      key.empty() ? "" : "Idempotency-Key: " + key + "\r\n");
  }

  std::unique_ptr<ApiEnv> env_;
  Browser manager_, leader_, staff1_, admin_;
  std::string team_, elderly_;
};

TEST_P(VolunteerApi, ManyEmployeesSigningUpAtOnceTakeExactlyTheSlots) {
  set_up_corps();
  const std::string activity = plan(manager_, "", now_us() + 48 * kHour, 5);
  // Sixteen more employees, each signed in.
  const auto me = ok(env_->call("GET", "/api/v1/auth/me", {}, &admin_), 200);
  const std::string company = std::string(me.at("user").at("org").at("id").as_string());
  std::vector<Browser> staff;
  for (int i = 0; i < 16; ++i) {
    const std::string email = "emp" + std::to_string(i) + "@sangsaeng.test";
    ok(env_->call("POST", "/api/v1/users",
                  R"({"email":")" + email + R"(","display_name":"직원)" + std::to_string(i) +
                      R"(","password":"volunteer-pass-1","org_id":")" + company +
                      R"(","roles":[{"role":"helper"}]})",
                  &admin_),
       201);
    staff.push_back(env_->login(email, "volunteer-pass-1"));
  }
  std::vector<int> statuses(staff.size());
  std::vector<std::string> slugs(staff.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < staff.size(); ++i) {
    threads.emplace_back([&, i] {
      const auto r = sign_up(activity, staff[i], "k-" + std::to_string(i));
      statuses[i] = r.status;
      if (r.status != 201) slugs[i] = problem_type(r);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 5);
  EXPECT_EQ(std::count(slugs.begin(), slugs.end(), "activity-full"), 11);
  auto a = ok(env_->call("GET", "/api/v1/volunteer/activities/" + activity, {}, &manager_), 200);
  EXPECT_EQ(a.at("taken"), 5);
  EXPECT_EQ(a.at("signups").as_array().size(), 5u);

  // A withdrawal frees a slot for the next one.
  std::size_t first = 0;
  while (statuses[first] != 201) ++first;
  auto left = ok(env_->call("DELETE", "/api/v1/volunteer/activities/" + activity + "/signups/me",
                            {}, &staff[first]),
                 200);
  EXPECT_EQ(left.at("taken"), 4);
  EXPECT_EQ(sign_up(activity, staff1_, "staff1-a").status, 201);
  EXPECT_EQ(problem_type(sign_up(activity, leader_, "leader-a")), "activity-full");
}

TEST_P(VolunteerApi, ASignUpNeedsAKeyAndARetryTakesNoSecondSlot) {
  set_up_corps();
  const std::string activity = plan(leader_, team_, now_us() + 24 * kHour, 3);
  EXPECT_EQ(problem_type(sign_up(activity, staff1_, "")), "idempotency-key-required");
  auto first = sign_up(activity, staff1_, "tap-1");
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = sign_up(activity, staff1_, "tap-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(ok(sign_up(activity, staff1_, "tap-2"), 201).at("taken"), 1);
  // A customer is not an employee; the team's activity is not for another team's people.
  auto customer = env_->login("customer@sangsaeng.test");
  EXPECT_EQ(problem_type(sign_up(activity, customer, "c-1")), "not-an-employee");
  auto outsider = env_->login("helper@sangsaeng.test");
  EXPECT_EQ(problem_type(sign_up(activity, outsider, "o-1")), "not-a-member");
}

TEST_P(VolunteerApi, TheLeaderRecordsAttendanceAndHoursCertificateAndGrantAppearOnce) {
  set_up_corps();
  auto rule =
      ok(env_->call("PUT", "/api/v1/volunteer/grants/rule", R"({"won_per_hour":10000})", &manager_),
         200);
  EXPECT_EQ(rule.at("won_per_hour"), 10000);
  auto funded = ok(env_->call("POST", "/api/v1/volunteer/grants/budget", R"({"amount_won":100000})",
                              &manager_, "Idempotency-Key: fund-1\r\n"),
                   200);
  EXPECT_EQ(funded.at("budget_balance_won"), 100000);
  // Yesterday's team activity, three hours.
  const std::string activity = plan(leader_, team_, now_us() - 24 * kHour, 10);
  const std::string s1 = user_id(staff1_), s2 = user_id(env_->login("staff2@sangsaeng.test"));
  const std::string body =
      R"({"attendees":[{"user_id":")" + s1 + R"("},{"user_id":")" + s2 + R"(","minutes":90}]})";
  // Only the team's leader (or the manager) records it.
  auto outsider = env_->login("helper@sangsaeng.test");
  EXPECT_EQ(env_->call("POST", "/api/v1/volunteer/activities/" + activity + "/attendance", body,
                       &outsider)
                .status,
            403);
  auto rec = ok(env_->call("POST", "/api/v1/volunteer/activities/" + activity + "/attendance", body,
                           &leader_),
                200);
  EXPECT_EQ(rec.at("minutes"), 270);
  EXPECT_EQ(rec.at("grant").at("status"), "posted");
  EXPECT_EQ(rec.at("grant").at("due_won"), 45000);
  // Recorded again (the leader's phone retried): nothing more is granted.
  ok(env_->call("POST", "/api/v1/volunteer/activities/" + activity + "/attendance", body, &leader_),
     200);
  auto grants = ok(env_->call("GET", "/api/v1/volunteer/grants", {}, &manager_), 200);
  EXPECT_EQ(grants.at("budget_balance_won"), 55000);
  ASSERT_EQ(grants.at("facilities").as_array().size(), 1u);
  EXPECT_EQ(grants.at("facilities").as_array()[0].at("granted_won"), 45000);
  EXPECT_EQ(grants.at("facilities").as_array()[0].at("name"), "은평노인종합복지관");
  // The program's public page shows the grant as the books hold it, and it ties to the records.
  auto program = ok(env_->call("GET", "/api/v1/public/programs/volunteer"), 200);
  EXPECT_EQ(program.at("total").at("granted_won"), 45000);
  auto auditor = env_->login("auditor@sangsaeng.test");
  auto recon = ok(env_->call("GET", "/api/v1/figures/reconciliation", {}, &auditor), 200);
  for (const auto& m : recon.at("mismatches").as_array()) EXPECT_NE(m.at("program"), "volunteer");

  auto hours =
      ok(env_->call("GET", "/api/v1/volunteer/hours?by=person&team=" + team_, {}, &leader_), 200);
  EXPECT_EQ(hours.at("minutes"), 270);
  ASSERT_EQ(hours.at("rows").as_array().size(), 2u);
  EXPECT_EQ(hours.at("rows").as_array()[0].at("name"), "임직원 이참여");
  EXPECT_EQ(hours.at("rows").as_array()[0].at("hours"), 3.0);
  // Another helper leads no team: they see no one's hours.
  auto none = ok(env_->call("GET", "/api/v1/volunteer/hours?by=person", {}, &outsider), 200);
  EXPECT_EQ(none.at("rows").as_array().size(), 0u);
  EXPECT_EQ(problem_type(env_->call("GET", "/api/v1/volunteer/hours?by=colour", {}, &manager_)),
            "validation");

  // Yesterday, in Seoul: this year unless today is the 1st of January.
  const int year = civil_from_micros(now_us() - 24 * kHour, kSeoulOffsetMinutes).year;
  const bool this_year = year == civil_from_micros(now_us(), kSeoulOffsetMinutes).year;
  auto mine = ok(env_->call("GET", "/api/v1/volunteer/me", {}, &staff1_), 200);
  EXPECT_EQ(mine.at("minutes_this_year"), this_year ? 180 : 0);
  auto cert = env_->call("GET", "/api/v1/volunteer/me/certificate?year=" + std::to_string(year), {},
                         &staff1_);
  ASSERT_EQ(cert.status, 200);
  EXPECT_NE(cert.header("content-type").find("text/html"), std::string::npos);
  for (const char* want : {"봉사활동 확인서", "임직원 이참여", "은평노인종합복지관", "3시간"}) {
    EXPECT_NE(cert.body.find(want), std::string::npos) << want;
  }
  auto csv = env_->call("GET", "/api/v1/volunteer/me/certificate.csv?year=" + std::to_string(year),
                        {}, &staff1_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("어르신 점심 배식 봉사"), std::string::npos);

  auto figures = ok(env_->call("GET", "/api/v1/volunteer/public"), 200);
  EXPECT_FALSE(figures.at("by_facility_kind").as_array().empty());
  auto verify = ok(env_->call("GET", "/api/v1/ledger/verify", {}, &admin_), 200);
  EXPECT_EQ(verify.at("ok"), true);
}

TEST_P(VolunteerApi, AFacilitysContactIsForManagersAndLeadersOnly) {
  set_up_corps();
  const std::string activity = plan(leader_, team_, now_us() + 24 * kHour, 10);
  auto facility_of = [&](const Browser& who) {
    auto list = ok(env_->call("GET", "/api/v1/volunteer/facilities", {}, &who), 200);
    for (const auto& f : list.at("items").as_array())
      if (f.at("id").as_string() == elderly_) return f.as_object();
    ADD_FAILURE() << "no facility " << elderly_;
    return json::object{};
  };
  // The manager and the team's leader arrange visits: they see whom to call.
  for (const Browser* who : {&manager_, &leader_}) {
    EXPECT_EQ(facility_of(*who).at("contact_phone"), "02-300-1234");
    auto a = ok(env_->call("GET", "/api/v1/volunteer/activities/" + activity, {}, who), 200);
    EXPECT_EQ(a.at("facility").at("contact_phone"), "02-300-1234");
  }
  // A volunteer sees where to go, not the facility's contact.
  auto mine = facility_of(staff1_);
  EXPECT_EQ(mine.at("address"), "서울특별시 은평구 은평로 100");
  EXPECT_FALSE(mine.contains("contact_phone"));
  EXPECT_FALSE(mine.contains("contact_name"));
  auto a = ok(env_->call("GET", "/api/v1/volunteer/activities/" + activity, {}, &staff1_), 200);
  EXPECT_FALSE(a.at("facility").as_object().contains("contact_phone"));
  // A customer sees neither list, nor the contact through an activity.
  auto customer = env_->login("customer@sangsaeng.test");
  EXPECT_EQ(env_->call("GET", "/api/v1/volunteer/facilities", {}, &customer).status, 403);
  EXPECT_EQ(env_->call("GET", "/api/v1/volunteer/teams", {}, &customer).status, 403);
  auto seen = env_->call("GET", "/api/v1/volunteer/activities/" + activity, {}, &customer);
  EXPECT_EQ(seen.body.find("02-300-1234"), std::string::npos) << seen.body;
}

INSTANTIATE_TEST_SUITE_P(Databases, VolunteerApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
