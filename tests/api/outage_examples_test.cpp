// Runs every worked example of docs/outage-examples.md through the HTTP API, on SQLite and on
// PostgreSQL, and verifies the ledger after each: the document and the test are one.
#include <fstream>
#include <sstream>

#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

constexpr const char* kFence = "```json outage-example\n";

std::vector<json::object> examples() {
  std::ifstream in(std::string(SANGSAENG_SOURCE_DIR) + "/docs/outage-examples.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  std::vector<json::object> out;
  for (std::size_t at = doc.find(kFence); at != std::string::npos; at = doc.find(kFence, at)) {
    at += std::string(kFence).size();
    const std::size_t end = doc.find("```", at);
    out.push_back(json::parse(doc.substr(at, end - at)).as_object());
    at = end;
  }
  return out;
}

std::string str(const json::value& v) {
  return std::string(v.as_string());
}

class OutageExamples : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    static int n = 0;
    env_ = std::make_unique<ApiEnv>(
        GetParam() == store::Dialect::sqlite
            ? temp_sqlite_url()
            : TempPostgres::shared().create_database("outage_examples_" + std::to_string(n++)));
    manager_ = env_->login("outage@sangsaeng.test");
    customer_ = env_->login("customer@sangsaeng.test");
    admin_ = env_->login("admin@sangsaeng.test");
    const json::value me = json::parse(env_->call("GET", "/api/v1/auth/me", {}, &customer_).body);
    customer_id_ = str(me.at("user").at("id"));
    const json::value terms = json::parse(env_->call("GET", "/api/v1/outage/terms").body);
    for (const auto& t : terms.at("items").as_array()) terms_[str(t.at("code"))] = str(t.at("id"));
  }

  // Imports the example's lines; answers their ids by ref.
  std::map<std::string, std::string> import(const json::object& ex) {
    json::array lines;
    for (const auto& l : ex.at("lines").as_array()) {
      json::object line{{"ref", l.at("ref")},
                        {"product", "기가 인터넷"},
                        {"monthly_fee_won", 33000},
                        {"area", l.at("area")},
                        {"small_merchant", l.as_object().contains("small_merchant")}};
      if (l.as_object().contains("mine")) line["customer_id"] = customer_id_;
      lines.push_back(line);
    }
    auto r = env_->call("POST", "/api/v1/outage/lines",
                        json::serialize(json::object{{"lines", lines}}), &manager_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::string> ids;
    const json::value answer = json::parse(r.body);
    for (const auto& item : answer.at("items").as_array())
      ids[str(item.at("ref"))] = str(item.at("id"));
    return ids;
  }

  std::string report(const json::object& o) {
    json::object body{{"started_at", o.at("started_at")},
                      {"ended_at", o.at("ended_at")},
                      {"areas", o.at("areas")},
                      {"cause", "광케이블 절단"}};
    if (o.contains("gross_negligence")) body["gross_negligence"] = o.at("gross_negligence");
    if (o.contains("terms")) body["terms_id"] = terms_.at(str(o.at("terms")));
    auto r = env_->call("POST", "/api/v1/outage/events", json::serialize(body), &manager_);
    EXPECT_EQ(r.status, 201) << r.body;
    return str(json::parse(r.body).at("id"));
  }

  json::value compensations(const std::string& event) {
    auto r = env_->call("GET", "/api/v1/outage/events/" + event + "/compensations?limit=200", {},
                        &manager_);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  void check(const json::object& ex, const std::vector<std::string>& events,
             const std::map<std::string, std::string>& lines) {
    for (const auto& e : ex.at("expect").as_array()) {
      const auto& want = e.as_object();
      const std::string event = events.at(want.at("outage").as_int64());
      const std::string line = lines.at(str(want.at("line")));
      const json::value page = compensations(event);
      const json::object* got = nullptr;
      for (const auto& c : page.at("items").as_array())
        if (str(c.at("line_id")) == line) got = &c.as_object();
      SCOPED_TRACE(str(ex.at("name")) + ", outage " + std::to_string(want.at("outage").as_int64()) +
                   ", line " + str(want.at("line")));
      if (want.contains("none")) {
        EXPECT_EQ(got, nullptr);
        continue;
      }
      ASSERT_NE(got, nullptr);
      for (const auto& [key, value] : want) {
        if (key == "outage" || key == "line") continue;
        if (key == "transfers") {
          EXPECT_EQ(got->at("transfer_ids").as_array().size(),
                    static_cast<std::size_t>(value.as_int64()));
        } else if (key == "hours") {
          EXPECT_DOUBLE_EQ(got->at("hours").to_number<double>(), value.to_number<double>());
        } else {
          EXPECT_EQ(got->at(key), value) << key;
        }
      }
    }
  }

  void expect_books_verify() {
    auto r = env_->call("GET", "/api/v1/ledger/verify", {}, &admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body).at("ok"), true) << r.body;
  }

  std::unique_ptr<ApiEnv> env_;
  Browser manager_, customer_, admin_;
  std::string customer_id_;
  std::map<std::string, std::string> terms_;  // code -> id
};

TEST_P(OutageExamples, EveryWorkedExampleHoldsThroughTheApi) {
  const auto all = examples();
  ASSERT_EQ(all.size(), 10u);
  for (const json::object& ex : all) {
    SCOPED_TRACE(str(ex.at("name")));
    const auto lines = import(ex);
    std::vector<std::string> events;
    for (const auto& o : ex.at("outages").as_array()) events.push_back(report(o.as_object()));
    if (ex.contains("corrections")) {
      for (const auto& c : ex.at("corrections").as_array()) {
        auto r =
            env_->call("PATCH", "/api/v1/outage/events/" + events.at(c.at("outage").as_int64()),
                       json::serialize(json::object{{"ended_at", c.at("ended_at")}}), &manager_);
        EXPECT_EQ(r.status, 200) << r.body;
      }
    }
    if (ex.contains("settle_again")) {
      auto r =
          env_->call("POST", "/api/v1/outage/events/" + events.at(0) + "/settle", {}, &manager_);
      ASSERT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(json::parse(r.body).at("postings"), 0);
    }
    if (ex.contains("claims")) {
      for (const auto& c : ex.at("claims").as_array()) {
        const json::object claim{{"line_id", lines.at(str(c.at("line")))},
                                 {"event_id", events.at(c.at("outage").as_int64())}};
        auto r = env_->call("POST", "/api/v1/outage/claims", json::serialize(claim), &customer_);
        EXPECT_EQ(r.status, 200) << r.body;
      }
    }
    check(ex, events, lines);
    expect_books_verify();
  }
}

INSTANTIATE_TEST_SUITE_P(Databases, OutageExamples,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
