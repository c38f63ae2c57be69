// Care and dispatch over real HTTP, on SQLite and PostgreSQL: the dispatcher imports helpers
// and requests as CSV and people as JSON, plans today, reads the unassigned reasons in Korean
// and English, moves a visit the checker refuses (422, nothing saved) and one it accepts,
// publishes; the helper sees her day with the person's address, checks in and out. Bad input
// is a clear problem that changes nothing.
#include <set>

#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

class CareApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>(GetParam() == store::Dialect::sqlite ? temp_sqlite_url()
                                                                         : fresh_pg_url());
    care_ = env_->login("care@sangsaeng.test");
    helper_ = env_->login("helper@sangsaeng.test");
    tech_ = env_->login("tech@sangsaeng.test");
    today_ = format_date(civil_from_micros(now_us(), kSeoulOffsetMinutes));
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("care_api_" + std::to_string(n++));
  }
  std::string user_id(const Browser& b) {
    const auto me = json::parse(env_->call("GET", "/api/v1/auth/me", {}, &b).body);
    return std::string(me.at("user").at("id").as_string());
  }
  std::vector<std::string> ids(const ClientResponse& r) {
    std::vector<std::string> out;
    const json::value answer = json::parse(r.body);
    for (const auto& item : answer.at("items").as_array())
      out.emplace_back(item.at("id").as_string());
    return out;
  }
  long long rows(const std::string& table) {
    return env_->db().read([&](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM " + table, soci::into(n);
      return n;
    });
  }

  std::unique_ptr<ApiEnv> env_;
  Browser care_, helper_, tech_;
  std::string today_;
};

TEST_P(CareApi, ADispatcherPlansMovesAndPublishesAndTheHelperVisits) {
  // Two helpers on shift all day: 최하나 (IT supporter, woman, Vietnamese) and 김민수 (IT
  // supporter, man); the technician 정다은 has no certificate for IT help.
  const std::string csv =
      "name,user_id,kind,gender,home_address,home_lat,home_lon,weekday_shift,weekend_shift,"
      "languages,certification,certification_issued_on,certification_expires_on\n"
      "최하나," +
      user_id(helper_) +
      ",it_supporter,female,서울 마포구 월드컵로 1,37.5663,126.9019,"
      "00:00-24:00,00:00-24:00,ko vi,IT 서포터 인증,2025-03-01,2099-02-28\n"
      "김민수,,it_supporter,male,서울 은평구 통일로 1,37.6027,126.9291,00:00-24:00,00:00-24:00,"
      "ko,IT 서포터 인증,2025-03-01,2099-02-28\n"
      "정다은," +
      user_id(tech_) +
      ",technician,female,서울 종로구 1,37.5735,126.9790,"
      "00:00-24:00,00:00-24:00,ko,,,\n";
  auto r = env_->call("POST", "/api/v1/care/helpers", csv, &care_, "Content-Type: text/csv\r\n");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto helpers = ids(r);
  ASSERT_EQ(helpers.size(), 3u);

  r = env_->call(
      "POST", "/api/v1/care/beneficiaries",
      R"({"items":[{"program":"it-support","name":"박순자","phone":"010-1111-2222",)"
      R"("address":"서울 서대문구 연희로 10","lat":37.5700,"lon":126.9300,)"
      R"("needs":["elderly","lives-alone"],"consent_on":"2026-11-02","female_helper_only":true},)"
      R"({"program":"it-support","name":"응우옌 티 마이","phone":"010-3333-4444",)"
      R"("address":"서울 마포구 망원로 5","lat":37.5560,"lon":126.9010,)"
      R"("needs":["migrant"],"consent_on":"2026-11-03"},)"
      R"({"program":"it-support","name":"이영호","phone":"010-5555-6666",)"
      R"("address":"서울 은평구 1","lat":37.6000,"lon":126.9200}]})",
      &care_);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto people = ids(r);

  const std::string requests =
      "program,beneficiary_id,kind,date,duration_min,windows,language\n"
      "it-support," +
      people[0] + ",home_it_help," + today_ +
      ",60,09:00-12:00 13:00-17:00,\n"
      "it-support," +
      people[1] + ",it_education," + today_ +
      ",90,10:00-16:00,vi\n"
      "it-support," +
      people[2] + ",home_it_help," + today_ + ",60,,\n";
  r = env_->call("POST", "/api/v1/care/requests", requests, &care_, "Content-Type: text/csv\r\n");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto reqs = ids(r);

  r = env_->call("POST", "/api/v1/care/plans", R"({"date":")" + today_ + R"(","seconds":1})",
                 &care_);
  ASSERT_EQ(r.status, 201) << r.body;
  json::value plan = json::parse(r.body);
  const std::string plan_id(plan.at("id").as_string());
  EXPECT_EQ(plan.at("summary").at("assigned").as_int64(), 2);
  // 이영호 never consented: the dispatcher reads why.
  ASSERT_EQ(plan.at("unassigned").as_array().size(), 1u);
  EXPECT_EQ(plan.at("unassigned").at(0).at("request_id").as_string(), reqs[2]);
  EXPECT_EQ(plan.at("unassigned").at(0).at("reason").as_string(), "no-consent");
  EXPECT_EQ(plan.at("unassigned").at(0).at("reason_ko").as_string(),
            "방문 동의를 받지 않은 분입니다");
  // Both visits go to 최하나: a woman for 박순자, Vietnamese for 응우옌 티 마이.
  ASSERT_EQ(plan.at("routes").as_array().size(), 1u);
  EXPECT_EQ(plan.at("routes").at(0).at("helper_id").as_string(), helpers[0]);
  EXPECT_EQ(env_->call("GET", "/api/v1/care/plans/" + plan_id, {}, &care_).body,
            json::serialize(plan));

  // 김민수 may not take 박순자 (female only): refused, nothing saved.
  const std::string moves = "/api/v1/care/plans/" + plan_id + "/moves";
  r = env_->call("POST", moves,
                 R"({"request_id":")" + reqs[0] + R"(","helper_id":")" + helpers[1] + R"("})",
                 &care_);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  const json::value no = json::parse(r.body);
  EXPECT_EQ(no.at("violations").at(0).at("kind").as_string(), "female");
  EXPECT_EQ(no.at("violations").at(0).at("message_ko").as_string(),
            "여성 도우미만 방문할 수 있습니다");
  EXPECT_EQ(json::parse(env_->call("GET", "/api/v1/care/plans/" + plan_id, {}, &care_).body)
                .at("moves")
                .as_int64(),
            0);
  // Nor 응우옌 티 마이's Vietnamese lesson (no Vietnamese).
  r = env_->call("POST", moves,
                 R"({"request_id":")" + reqs[1] + R"(","helper_id":")" + helpers[1] + R"("})",
                 &care_);
  EXPECT_EQ(r.status, 422) << r.body;
  // Taking the lesson out of the plan is accepted.
  r = env_->call("POST", moves, R"({"request_id":")" + reqs[1] + R"(","helper_id":null})", &care_);
  ASSERT_EQ(r.status, 200) << r.body;
  plan = json::parse(r.body);
  EXPECT_EQ(plan.at("moves").as_int64(), 1);
  EXPECT_EQ(plan.at("summary").at("assigned").as_int64(), 1);

  r = env_->call("POST", "/api/v1/care/plans/" + plan_id + "/publish", "{}", &care_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("status").as_string(), "published");

  // Her day: one visit, the person's address and a map link.
  r = env_->call("GET", "/api/v1/care/visits", {}, &helper_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value day = json::parse(r.body);
  ASSERT_EQ(day.at("items").as_array().size(), 1u);
  const auto& visit = day.at("items").at(0);
  EXPECT_EQ(visit.at("beneficiary").at("address").as_string(), "서울 서대문구 연희로 10");
  EXPECT_EQ(visit.at("seq").as_int64(), 1);
  const std::string visit_id(visit.at("id").as_string());
  EXPECT_EQ(json::parse(env_->call("GET", "/api/v1/care/visits", {}, &tech_).body)
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(
      env_->call("POST", "/api/v1/care/visits/" + visit_id + "/check-in", "{}", &tech_).status,
      404);  // not hers
  r = env_->call("POST", "/api/v1/care/visits/" + visit_id + "/check-in", "{}", &helper_);
  ASSERT_EQ(r.status, 200) << r.body;
  r = env_->call("POST", "/api/v1/care/visits/" + visit_id + "/check-out",
                 R"({"outcome":"solved","notes":"영상통화 설정, 사진 보내기 연습",)"
                 R"("duration_min":55,"satisfaction":5})",
                 &helper_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("outcome").as_string(), "solved");
  r = env_->call("GET", "/api/v1/care/requests?date=" + today_, {}, &care_);
  const json::value list = json::parse(r.body);
  for (const auto& q : list.at("items").as_array()) {
    if (q.at("id").as_string() == reqs[0]) {
      EXPECT_EQ(q.at("status").as_string(), "done");
    }
  }
}

TEST_P(CareApi, BadInputIsAClearProblemAndChangesNothing) {
  auto r = env_->call("POST", "/api/v1/care/helpers",
                      R"({"name":"x","home_address":"a","home_lat":95,"home_lon":126.9,)"
                      R"("weekday_shift":"18:00-09:00"})",
                      &care_);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("items[0].home_lat\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("items[0].weekday_shift\""), std::string::npos);
  r = env_->call("POST", "/api/v1/care/requests",
                 "program,beneficiary_id,date,duration_min\nit-support,123,2026-13-01,30\n", &care_,
                 "Content-Type: text/csv\r\n");
  EXPECT_EQ(r.status, 422) << r.body;
  r = env_->call("POST", "/api/v1/care/plans", R"({"date":"tomorrow","seconds":9999})", &care_);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(env_->call("GET", "/api/v1/care/plans/123", {}, &care_).status, 404);
  EXPECT_EQ(
      env_->call("POST", "/api/v1/care/plans/123/moves", R"({"request_id":"1"})", &care_).status,
      404);
  EXPECT_EQ(rows("care_helpers"), 0);
  EXPECT_EQ(rows("care_requests"), 0);
  EXPECT_EQ(rows("care_plans"), 0);
}

// The demo's tomorrow, planned as a newcomer would: the Tagalog lesson and the person without
// consent stay out with their reasons, the rest is planned, 이준호 gets the customer who named
// him, and the woman who asked for one gets one.
TEST_P(CareApi, TheDemoDayPlansAsDescribed) {
  accounts::AccountService accounts(env_->db());
  ASSERT_TRUE(app::seed_demo_care(env_->db(), accounts, now_us()));
  EXPECT_FALSE(app::seed_demo_care(env_->db(), accounts, now_us()));
  const std::string tomorrow =
      format_date(civil_from_micros(now_us() + kMicrosPerDay, kSeoulOffsetMinutes));
  auto r = env_->call("POST", "/api/v1/care/plans", R"({"date":")" + tomorrow + R"(","seconds":2})",
                      &care_);
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value plan = json::parse(r.body);
  std::set<std::string> reasons;
  for (const auto& u : plan.at("unassigned").as_array())
    reasons.insert(std::string(u.at("reason").as_string()));
  EXPECT_EQ(reasons, (std::set<std::string>{"no-consent", "no-language"})) << r.body;
  EXPECT_EQ(plan.at("summary").at("assigned").as_int64(), 8);
  EXPECT_EQ(plan.at("summary").at("designated").as_int64(), 1);
  EXPECT_EQ(plan.at("summary").at("designated_honoured").as_int64(), 1);
}

// A customer books a visit on the request form: a woman alone at home asks for a female helper
// and names the engineer from the list; the booking is an open request of the day with the
// person's consent dated today, theirs to read back, and the dispatcher's plan places it with
// the engineer she named. Bad bookings are field errors and change nothing.
TEST_P(CareApi, ACustomerBooksAVisitWithTheFemaleHelperAndEngineerOptions) {
  accounts::AccountService accounts(env_->db());
  ASSERT_TRUE(app::seed_demo_care(env_->db(), accounts, now_us()));
  const Browser customer = env_->login("customer@sangsaeng.test");
  auto r = env_->call("GET", "/api/v1/care/engineers", {}, &customer);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string junho;
  const json::value engineers = json::parse(r.body);
  for (const auto& e : engineers.at("items").as_array()) {
    EXPECT_FALSE(e.as_object().contains("home_address"));  // names and teams only
    if (e.at("name").as_string() == "이준호") junho = std::string(e.at("id").as_string());
  }
  ASSERT_FALSE(junho.empty()) << r.body;
  const std::string day =
      format_date(civil_from_micros(now_us() + 3 * kMicrosPerDay, kSeoulOffsetMinutes));
  const std::string booking =
      R"({"program":"internet-doctor","kind":"broadband_repair","date":")" + day +
      R"(","windows":["10:00-12:00"],"name":"정미래","phone":"010-5555-1234",)"
      R"("address":"서울 마포구 월드컵북로 400","lat":37.5800,"lon":126.8900,)"
      R"("needs":["lives-alone"],"female_helper_only":false,"designated_helper_id":")" +
      junho + R"(","consent":true})";
  const long long before = rows("care_requests");
  std::string refused = booking;
  refused.replace(refused.find(R"("consent":true)"), 14, R"("consent":false)");
  r = env_->call("POST", "/api/v1/care/my-requests", refused, &customer);
  EXPECT_EQ(r.status, 422) << r.body;  // no consent, no booking
  EXPECT_NE(r.body.find("consent"), std::string::npos);
  EXPECT_EQ(rows("care_requests"), before);
  r = env_->call("POST", "/api/v1/care/my-requests", booking, &customer);
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value request = json::parse(r.body);
  EXPECT_EQ(request.at("status").as_string(), "requested");
  EXPECT_EQ(request.at("date").as_string(), day);
  r = env_->call("GET", "/api/v1/care/my-requests", {}, &customer);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("items").as_array().size(), 1u);
  EXPECT_EQ(json::parse(env_->call("GET", "/api/v1/care/my-requests", {}, &care_).body)
                .at("items")
                .as_array()
                .size(),
            0u);  // nobody else's
  const std::string person(request.at("beneficiary_id").as_string());
  EXPECT_EQ(env_->call("GET", "/api/v1/care/beneficiaries/" + person, {}, &customer).status, 403);
  r = env_->call("POST", "/api/v1/care/plans", R"({"date":")" + day + R"(","seconds":1})", &care_);
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value plan = json::parse(r.body);
  std::string placed_with;
  for (const auto& route : plan.at("routes").as_array())
    for (const auto& v : route.at("visits").as_array())
      if (v.at("request_id") == request.at("id"))
        placed_with = std::string(route.at("helper_id").as_string());
  EXPECT_EQ(placed_with, junho) << r.body;
  r = env_->call("GET", "/api/v1/care/plans?date=" + day, {}, &care_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("items").as_array().size(), 1u);

  // A day in the past, a bad window: field errors.
  r = env_->call("POST", "/api/v1/care/my-requests",
                 R"({"program":"it-support","date":")" + today_ +
                     R"(","windows":["12:00-10:00"],"name":"a","phone":"1","address":"x",)"
                     R"("lat":37.5,"lon":127,"consent":true})",
                 &customer);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("\"date\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("windows"), std::string::npos) << r.body;
}

INSTANTIATE_TEST_SUITE_P(Databases, CareApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
