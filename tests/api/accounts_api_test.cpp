// Accounts over real HTTP: duplicate sign-ups at once on PostgreSQL, the password pool's bound
// and the io threads staying free during a rush of log-ins, paged lists of organisations and
// API tokens.
#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

std::string postgres_url(const std::string& name) {
  return TempPostgres::shared().create_database(name + "_" + std::to_string(::getpid()));
}

// Twenty people sign up with one e-mail at the same moment: the database's UNIQUE constraint
// decides, so exactly one gets the account and the others a clear conflict, never a 500.
TEST(AccountsApi, ConcurrentSignUpsWithOneEmailOnPostgresGiveOne201AndConflicts) {
  ApiEnv env(postgres_url("signup_race"));
  constexpr int kClients = 20;
  std::vector<int> statuses(kClients);
  std::vector<std::string> types(kClients);
  std::atomic<int> ready{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i)
    clients.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kClients) std::this_thread::yield();  // all at once
      auto r = env.call("POST", "/api/v1/auth/signup",
                        R"({"email":"same@example.kr","display_name":"동시 가입 )" +
                            std::to_string(i) + R"(","password":"my own password"})");
      statuses[i] = r.status;
      types[i] = r.status == 201 ? "" : problem_type(r);
    });
  for (auto& t : clients) t.join();
  int created = 0, conflicts = 0;
  for (int i = 0; i < kClients; ++i) {
    if (statuses[i] == 201) ++created;
    if (statuses[i] == 409 && types[i] == "email-taken") ++conflicts;
    EXPECT_NE(statuses[i], 500) << types[i];
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(conflicts, kClients - 1);
  const int users = env.db().read([](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM users WHERE email = 'same@example.kr'", soci::into(n);
    return n;
  });
  EXPECT_EQ(users, 1);
}

const std::string kLogin = R"({"email":"customer@sangsaeng.test","password":"sangsaeng-demo"})";

// Holds every thread of the password pool until released, so that log-ins stay in its queue.
class PoolHold {
 public:
  explicit PoolHold(WorkerPool& pool) : released_(release_.get_future().share()) {
    std::vector<std::future<void>> started;
    for (int i = 0; i < pool.threads(); ++i) {
      auto running = std::make_shared<std::promise<void>>();
      started.push_back(running->get_future());
      EXPECT_TRUE(pool.try_post([running, released = released_] {
        running->set_value();
        released.wait();
      }));
    }
    for (auto& f : started) f.wait();
  }
  ~PoolHold() { release(); }
  void release() {
    if (!done_) release_.set_value();
    done_ = true;
  }

 private:
  std::promise<void> release_;
  std::shared_future<void> released_;
  bool done_ = false;
};

// The refusal of a full pool is the API's: a 503 problem with Retry-After, at once; once the
// pool moves, log-ins are answered again.
TEST(AccountsApi, AFullPasswordPoolAnswers503WithRetryAfter) {
  ApiEnv env;
  WorkerPool& pool = env.server().password_pool();
  PoolHold hold(pool);
  std::size_t queued = 0;
  while (pool.try_post([] {})) ++queued;  // fill the queue
  EXPECT_EQ(queued, static_cast<std::size_t>(Config{}.password_hash_queue_max));
  auto refused = env.call("POST", "/api/v1/auth/login", kLogin);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(problem_type(refused), "busy");
  EXPECT_EQ(refused.header("retry-after"), "1");
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  hold.release();
  while (pool.queued() > 0) std::this_thread::yield();
  EXPECT_EQ(env.call("POST", "/api/v1/auth/login", kLogin).status, 200);
}

// /healthz (and any other request) is answered while log-ins wait for the password pool: no
// io thread hashes, so none waits for a hash.
TEST(AccountsApi, HealthzAnswersWhileLogInsAreInFlight) {
  ApiEnv env;
  WorkerPool& pool = env.server().password_pool();
  PoolHold hold(pool);
  constexpr std::size_t kLogIns = 8;
  std::atomic<int> answered{0};
  std::vector<std::future<int>> logins;
  for (std::size_t i = 0; i < kLogIns; ++i)
    logins.push_back(std::async(std::launch::async, [&] {
      const int status = env.call("POST", "/api/v1/auth/login", kLogin).status;
      ++answered;
      return status;
    }));
  while (pool.queued() < kLogIns) std::this_thread::yield();
  EXPECT_EQ(env.call("GET", "/healthz").status, 200);
  EXPECT_EQ(env.call("GET", "/api/v1/programs").status, 200);
  EXPECT_EQ(answered.load(), 0);  // every log-in was still in flight
  hold.release();
  for (auto& f : logins) EXPECT_EQ(f.get(), 200);
}

// An admin's new user is hashed on the password pool too: created, able to sign in, and the
// same e-mail again is a conflict.
TEST(AccountsApi, AnAdminCreatesAUserWhoCanSignIn) {
  ApiEnv env;
  Browser admin = env.login("admin@sangsaeng.test");
  const std::string body =
      R"({"email":"Volunteer@Example.kr","display_name":"봉사자","password":"a long password",)"
      R"("roles":[{"role":"helper"}]})";
  auto created = env.call("POST", "/api/v1/users", body, &admin);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(boost::json::parse(created.body).at("email"), "volunteer@example.kr");
  env.login("volunteer@example.kr", "a long password");
  auto again = env.call("POST", "/api/v1/users", body, &admin);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(problem_type(again), "email-taken");
}

// Walks a list page by page; returns every item's id in order.
std::vector<std::string> walk(ApiEnv& env, const std::string& path, const Browser& who,
                              int* pages) {
  std::vector<std::string> ids;
  std::string cursor;
  *pages = 0;
  for (int guard = 0; guard < 100; ++guard) {
    auto r =
        env.call("GET", path + "?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), {}, &who);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto page = boost::json::parse(r.body);
    ++*pages;
    EXPECT_LE(page.at("items").as_array().size(), 2u);
    for (const auto& item : page.at("items").as_array())
      ids.push_back(std::string(item.at("id").as_string()));
    if (page.at("next_cursor").is_null()) break;
    cursor = std::string(page.at("next_cursor").as_string());
  }
  return ids;
}

TEST(AccountsApi, OrganisationsAndTokensPageWithOpaqueCursors) {
  ApiEnv env;
  Browser admin = env.login("admin@sangsaeng.test");
  for (int i = 0; i < 3; ++i) {
    auto org = env.call("POST", "/api/v1/orgs",
                        R"({"name":"페이지 상점 )" + std::to_string(i) + R"(","kind":"merchant"})",
                        &admin);
    ASSERT_EQ(org.status, 201) << org.body;
  }
  const std::string me(boost::json::parse(env.call("GET", "/api/v1/auth/me", {}, &admin).body)
                           .at("user")
                           .at("id")
                           .as_string());
  for (int i = 0; i < 5; ++i) {
    const std::string body =
        R"({"user_id":")" + me + R"(","name":"t)" + std::to_string(i) + R"("})";
    auto token = env.call("POST", "/api/v1/tokens", body, &admin);
    ASSERT_EQ(token.status, 201) << token.body;
  }
  int pages = 0;
  const auto orgs = walk(env, "/api/v1/orgs", admin, &pages);
  EXPECT_EQ(orgs.size(), 6u);  // the demo's three and ours
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::string>(orgs.begin(), orgs.end()).size(), orgs.size());  // no repeats
  const auto tokens = walk(env, "/api/v1/tokens", admin, &pages);
  EXPECT_EQ(tokens.size(), 5u);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::string>(tokens.begin(), tokens.end()).size(), tokens.size());
  EXPECT_EQ(env.call("GET", "/api/v1/tokens?cursor=12", {}, &admin).status, 422);
}

// Phone verification over HTTP: a code to a Korean mobile (other numbers are a field error), a
// wrong code counted, the sandbox's code gives a proof, the sign-up takes it and the account
// has a verified phone; the same phone cannot make a second account.
std::string json_field(const ClientResponse& r, const char* name) {
  return std::string(boost::json::parse(r.body).at(name).as_string());
}

std::string phone_proof(ApiEnv& env, const std::string& phone) {
  auto started = env.call("POST", "/api/v1/auth/phone/start", R"({"phone":")" + phone + R"("})");
  EXPECT_EQ(started.status, 202) << started.body;
  auto verified = env.call(
      "POST", "/api/v1/auth/phone/verify",
      R"({"verification_id":")" + json_field(started, "verification_id") + R"(","code":"123456"})");
  EXPECT_EQ(verified.status, 200) << verified.body;
  return json_field(verified, "phone_proof");
}

TEST(AccountsApi, ASignUpWithAVerifiedPhoneMakesOneAccountPerPhone) {
  ApiEnv env;
  auto landline = env.call("POST", "/api/v1/auth/phone/start", R"({"phone":"02-123-4567"})");
  EXPECT_EQ(landline.status, 422);
  EXPECT_NE(landline.body.find(R"("field":"phone")"), std::string::npos) << landline.body;

  auto started = env.call("POST", "/api/v1/auth/phone/start", R"({"phone":"010-2345-6789"})");
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = json_field(started, "verification_id");
  auto wrong = env.call("POST", "/api/v1/auth/phone/verify",
                        R"({"verification_id":")" + id + R"(","code":"654321"})");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(problem_type(wrong), "wrong-code");
  auto right = env.call("POST", "/api/v1/auth/phone/verify",
                        R"({"verification_id":")" + id + R"(","code":"123456"})");
  ASSERT_EQ(right.status, 200) << right.body;
  EXPECT_EQ(json_field(right, "phone"), "+821023456789");

  auto signup = env.call("POST", "/api/v1/auth/signup",
                         R"({"email":"phone@example.kr","display_name":"폰 고객",)"
                         R"("password":"my own password","phone_proof":")" +
                             json_field(right, "phone_proof") + R"("})");
  ASSERT_EQ(signup.status, 201) << signup.body;
  EXPECT_TRUE(boost::json::parse(signup.body).at("user").at("phone_verified").as_bool());

  auto second = env.call("POST", "/api/v1/auth/signup",
                         R"({"email":"other@example.kr","display_name":"다른 고객",)"
                         R"("password":"my own password","phone_proof":")" +
                             phone_proof(env, "+82 10 2345 6789") + R"("})");
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(problem_type(second), "phone-in-use");
}

// An account made without a phone (or before phones were asked for) attaches one later.
TEST(AccountsApi, AnAccountWithoutAPhoneAttachesAVerifiedOne) {
  ApiEnv env;
  auto signup = env.call("POST", "/api/v1/auth/signup",
                         R"({"email":"later@example.kr","display_name":"나중 고객",)"
                         R"("password":"my own password"})");
  ASSERT_EQ(signup.status, 201) << signup.body;
  EXPECT_FALSE(boost::json::parse(signup.body).at("user").at("phone_verified").as_bool());
  Browser b = env.login("later@example.kr", "my own password");
  auto attached = env.call("POST", "/api/v1/auth/phone",
                           R"({"phone_proof":")" + phone_proof(env, "01098765432") + R"("})", &b);
  ASSERT_EQ(attached.status, 200) << attached.body;
  auto me = env.call("GET", "/api/v1/auth/me", "", &b);
  EXPECT_TRUE(boost::json::parse(me.body).at("user").at("phone_verified").as_bool()) << me.body;
}

}  // namespace
}  // namespace sangsaeng::testing
