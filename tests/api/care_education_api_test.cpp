// IT education over real HTTP, on SQLite and PostgreSQL: the care manager opens a course in
// Korean, enrols two learners and schedules a session at a community centre; the instructor
// (a helper) sees the roster, takes attendance with the goals reached, and reads a learner's
// progress; another helper sees no names; bad input is a clear problem that changes nothing; the
// program's public page and its CSV count the session's hours and the learner.
#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

class CareEducationApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>(GetParam() == store::Dialect::sqlite ? temp_sqlite_url()
                                                                         : fresh_pg_url());
    care_ = env_->login("care@sangsaeng.test");
    helper_ = env_->login("helper@sangsaeng.test");
    tech_ = env_->login("tech@sangsaeng.test");
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("care_edu_api_" + std::to_string(n++));
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
};

TEST_P(CareEducationApi, AnInstructorTakesAttendanceAndFollowsProgress) {
  auto r = env_->call("POST", "/api/v1/care/helpers",
                      R"({"items":[{"name":"최하나","user_id":")" + user_id(helper_) +
                          R"(","gender":"female","home_address":"서울 성북구 보문로 1",)"
                          R"("home_lat":37.58,"home_lon":127.02,"weekday_shift":"09:00-18:00",)"
                          R"("languages":["ko"],"certifications":[{"name":"IT 서포터즈 인증",)"
                          R"("issued_on":"2025-03-01","expires_on":"2099-02-28"}]},)"
                          R"({"name":"정다은","user_id":")" +
                          user_id(tech_) +
                          R"(","kind":"technician","home_address":"서울 종로구 1",)"
                          R"("home_lat":37.57,"home_lon":126.98}]})",
                      &care_);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string instructor = ids(r)[0];
  r = env_->call("POST", "/api/v1/care/beneficiaries",
                 R"({"items":[{"program":"it-support","name":"박순자","phone":"010-1111-2222",)"
                 R"("address":"서울 성북구 동소문로 10","lat":37.59,"lon":127.01,)"
                 R"("needs":["elderly"],"consent_on":"2026-11-02"},)"
                 R"({"program":"it-support","name":"이영호","phone":"010-3333-4444",)"
                 R"("address":"서울 성북구 동소문로 12","lat":37.59,"lon":127.01,)"
                 R"("needs":["elderly"],"consent_on":"2026-11-02"}]})",
                 &care_);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto learners = ids(r);

  r = env_->call("POST", "/api/v1/care/courses",
                 R"({"program":"it-support","title":"스마트폰 첫걸음","summary":"4회 과정",)"
                 R"("goals":["영상통화 걸기","키오스크 주문"],"capacity":10})",
                 &care_);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string course(json::parse(r.body).at("id").as_string());
  EXPECT_EQ(
      env_->call("POST", "/api/v1/care/courses", R"({"program":"it-support"})", &care_).status,
      422);
  r = env_->call("POST", "/api/v1/care/courses/" + course + "/enrolments",
                 R"({"learner_ids":[")" + learners[0] + R"(",")" + learners[1] + R"("]})", &care_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("enrolled").as_int64(), 2);

  // A session that started an hour ago at the centre; one "at home" without its learner is
  // refused and nothing is written.
  const std::string started = format_rfc3339(now_us() - 3600 * kMicrosPerSecond);
  r = env_->call("POST", "/api/v1/care/courses/" + course + "/sessions",
                 R"({"starts_at":")" + started + R"(","place":"home","instructor_id":")" +
                     instructor + R"("})",
                 &care_);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("learner_id"), std::string::npos);
  EXPECT_EQ(rows("care_sessions"), 0);
  r = env_->call("POST", "/api/v1/care/courses/" + course + "/sessions",
                 R"({"starts_at":")" + started +
                     R"(","duration_min":90,"place":"place","place_name":"성북구 디지털배움터",)"
                     R"("address":"서울 성북구 보문로 168","topic":"영상통화","instructor_id":")" +
                     instructor + R"("})",
                 &care_);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string session(json::parse(r.body).at("id").as_string());

  // The instructor lists the course and sees the roster; the technician sees neither.
  r = env_->call("GET", "/api/v1/care/courses", {}, &helper_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("items").as_array().size(), 1u);
  r = env_->call("GET", "/api/v1/care/sessions/" + session, {}, &helper_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("learners").at(0).at("name").as_string(), "박순자");
  EXPECT_EQ(env_->call("GET", "/api/v1/care/sessions/" + session, {}, &tech_).status, 403);
  EXPECT_EQ(
      env_->call("GET", "/api/v1/care/learners/" + learners[0] + "/progress", {}, &tech_).status,
      403);

  // A goal the course does not teach: 422 naming the mark, nothing recorded.
  r = env_->call(
      "POST", "/api/v1/care/sessions/" + session + "/attendance",
      R"({"items":[{"learner_id":")" + learners[0] + R"(","goals_reached":["은행 앱"]}]})",
      &helper_);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("items[0].goals_reached"), std::string::npos);
  EXPECT_EQ(rows("care_attendance"), 0);
  r = env_->call("POST", "/api/v1/care/sessions/" + session + "/attendance",
                 R"({"items":[{"learner_id":")" + learners[0] +
                     R"(","presence":"present","goals_reached":["영상통화 걸기"]},)"
                     R"({"learner_id":")" +
                     learners[1] + R"(","presence":"absent","note":"병원 진료"}]})",
                 &helper_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value roster = json::parse(r.body);
  EXPECT_EQ(roster.at("learners").at(1).at("presence").as_string(), "absent");
  EXPECT_FALSE(roster.at("session").at("held_at").is_null());

  r = env_->call("GET", "/api/v1/care/learners/" + learners[0] + "/progress", {}, &helper_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value progress = json::parse(r.body).at("courses").at(0);
  EXPECT_EQ(progress.at("attended").as_int64(), 1);
  EXPECT_EQ(progress.at("goals_reached").as_int64(), 1);
  EXPECT_EQ(progress.at("goals_total").as_int64(), 2);
  EXPECT_FALSE(progress.at("completed").as_bool());
  r = env_->call("GET", "/api/v1/care/courses/" + course + "/progress", {}, &care_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("items").as_array().size(), 2u);

  // The program's public page counts the session's hours and its learner.
  r = env_->call("GET", "/api/v1/public/programs/it-support", {}, nullptr);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value total = json::parse(r.body).at("total");
  EXPECT_EQ(total.at("learners").as_int64(), 1);
  EXPECT_EQ(total.at("people_helped").as_int64(), 1);
  EXPECT_EQ(total.at("minutes").as_int64(), 90);
  EXPECT_DOUBLE_EQ(total.at("hours").as_double(), 1.5);
  EXPECT_TRUE(total.at("satisfaction_avg").is_null());
  r = env_->call("GET", "/api/v1/public/programs/it-support?format=csv", {}, nullptr);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("people_helped,visits,hours,learners,satisfaction_ratings,"
                        "satisfaction_avg\r\n"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\r\ntotal,0,0,0,0,1,0,1.5,1,0,\r\n"), std::string::npos) << r.body;
  // The market's page is as it was: no activity columns.
  r = env_->call("GET", "/api/v1/public/programs/market", {}, nullptr);
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(json::parse(r.body).at("total").as_object().contains("visits"));
}

INSTANTIATE_TEST_SUITE_P(Databases, CareEducationApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
