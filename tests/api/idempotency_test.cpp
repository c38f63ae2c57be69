// Idempotency-Key under concurrency, over real HTTP on SQLite and PostgreSQL: many requests
// sent at once with one key take effect once; every answer is the first one replayed, or 409
// idempotency-key-in-use (retry later), or 422 for another request under the key.
#include "store/idempotency.h"

#include <atomic>
#include <thread>
#include <vector>

#include "api_fixture.h"
#include "support/store_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

class IdempotencyApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    env_ = std::make_unique<ApiEnv>(
        GetParam() == store::Dialect::sqlite
            ? temp_sqlite_url()
            : TempPostgres::shared().create_database("idem" + std::to_string(::getpid()) + "_" +
                                                     std::to_string(n++)));
    admin_ = env_->login("admin@sangsaeng.test");
    const auto r = env_->call(
        "POST", "/api/v1/ledger/accounts",
        R"({"accounts":[{"id":"1","ledger":1,"code":1,"owner_kind":"company","owner_ref":"ops"},)"
        R"({"id":"3","ledger":1,"code":3,"owner_kind":"charity","owner_ref":"relief"}]})",
        &admin_);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  static std::string transfer(int id, int amount) {
    return R"({"id":")" + std::to_string(id) +
           R"(","debit_account_id":"1","credit_account_id":"3","amount":)" +
           std::to_string(amount) + R"(,"ledger":1,"code":7})";
  }

  // Sends bodies[i] from n clients at once, all with one Idempotency-Key.
  std::vector<ClientResponse> at_once(int n, const std::function<std::string(int)>& body) {
    std::vector<ClientResponse> answers(n);
    std::atomic<bool> go{false};
    std::vector<std::thread> clients;
    for (int i = 0; i < n; ++i)
      clients.emplace_back([&, i] {
        while (!go.load()) std::this_thread::yield();
        answers[i] = env_->call("POST", "/api/v1/ledger/transfers", body(i), &admin_,
                                "Idempotency-Key: one-buy-click\r\n");
      });
    go = true;
    for (auto& c : clients) c.join();
    return answers;
  }

  // What account 3 received, and in how many transfers.
  std::pair<std::int64_t, std::size_t> received() {
    const auto r = env_->call("GET", "/api/v1/ledger/accounts/3/history", {}, &admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto v = json::parse(r.body);
    const auto a = json::parse(env_->call("GET", "/api/v1/ledger/accounts/3", {}, &admin_).body);
    return {a.at("balances").at("credits_posted").as_int64(), v.at("items").as_array().size()};
  }

  std::unique_ptr<ApiEnv> env_;
  Browser admin_;
};

TEST_P(IdempotencyApi, FiftyIdenticalRequestsAtOnceTakeEffectOnceAndAgree) {
  const auto answers = at_once(50, [](int) { return transfer(700, 1000); });
  const ClientResponse* first = nullptr;
  int replayed = 0, busy = 0;
  for (const auto& a : answers) {
    if (a.status == 409 && problem_type(a) == "idempotency-key-in-use") {
      EXPECT_FALSE(a.header("retry-after").empty());
      ++busy;
      continue;
    }
    if (first == nullptr) first = &a;
    EXPECT_EQ(a.status, first->status) << a.body;
    EXPECT_EQ(a.body, first->body);
    replayed += a.header("idempotent-replayed") == "true" ? 1 : 0;
  }
  ASSERT_NE(first, nullptr) << "every answer was 409";
  EXPECT_EQ(first->status, 201) << first->body;
  EXPECT_EQ(replayed, 50 - busy - 1);  // all but the one that ran
  EXPECT_EQ(received(), (std::pair<std::int64_t, std::size_t>{1000, 1}));
  // A retry after the rush gets the same answer.
  const auto retry = env_->call("POST", "/api/v1/ledger/transfers", transfer(700, 1000), &admin_,
                                "Idempotency-Key: one-buy-click\r\n");
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first->body);
  EXPECT_EQ(retry.header("idempotent-replayed"), "true");
}

TEST_P(IdempotencyApi, DifferentRequestsAtOnceWithOneKeyHaveOneEffect) {
  // Each client picks its own transfer id (as a buggy client reusing a key would).
  const auto answers = at_once(20, [](int i) { return transfer(800 + i, 10 + i); });
  int created = 0;
  for (const auto& a : answers) {
    if (a.status == 201) {
      ++created;
      continue;
    }
    const std::string type = problem_type(a);
    EXPECT_TRUE((a.status == 422 && type == "idempotency-key-reused") ||
                (a.status == 409 && type == "idempotency-key-in-use"))
        << a.status << " " << a.body;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(received().second, 1u);
}

TEST_P(IdempotencyApi, AFailedRequestReleasesItsKeySoARetryRuns) {
  // Account 9 does not exist: refused, and nothing stored under the key.
  const std::string key = "Idempotency-Key: retry-me\r\n";
  const std::string to_nowhere = R"({"id":"900","debit_account_id":"1","credit_account_id":"9",)"
                                 R"("amount":5,"ledger":1,"code":7})";
  const auto refused = env_->call("POST", "/api/v1/ledger/transfers", to_nowhere, &admin_, key);
  EXPECT_EQ(problem_type(refused), "credit_account_not_found") << refused.body;
  const auto again = env_->call("POST", "/api/v1/ledger/transfers", to_nowhere, &admin_, key);
  EXPECT_EQ(problem_type(again), "credit_account_not_found");
  EXPECT_NE(again.header("idempotent-replayed"), "true");
  const auto fixed = env_->call("POST", "/api/v1/ledger/transfers", transfer(901, 5), &admin_, key);
  EXPECT_EQ(fixed.status, 201) << fixed.body;
  const long long rows = env_->db().read([](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM idempotency_keys WHERE status = 0", soci::into(n);
    return n;
  });
  EXPECT_EQ(rows, 0);  // no reservation left behind
}

INSTANTIATE_TEST_SUITE_P(Databases, IdempotencyApi,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

// The server's pruning job (api/server.h), run by a runner with the test's clock.
class PruneJob : public StoreTest {};

TEST_P(PruneJob, DeletesKeysOlderThanTheRetentionABoundedBatchPerRun) {
  const UnixMicros now = 1'800'000'000 * kMicrosPerSecond;
  const std::int64_t retention_us = 48 * 3600 * kMicrosPerSecond;
  auto key_at = [&](const std::string& key, UnixMicros at) {
    db_->write([&](soci::session& s) {
      store::reserve_key(s, {"user:1", key, "POST", "/p", "h", "r"}, at, 0);
    });
  };
  for (int i = 0; i < 5; ++i) key_at("old" + std::to_string(i), now - retention_us - i - 1);
  key_at("recent1", now - retention_us + kMicrosPerSecond);
  key_at("recent2", now);
  auto keys = [&] {
    return db_->read([](soci::session& s) {
      std::vector<std::string> out(10);
      s << "SELECT idem_key FROM idempotency_keys ORDER BY idem_key", soci::into(out);
      return out;
    });
  };
  jobs::Runner runner(*db_, {.holder = "test"});
  runner.add(api::prune_idempotency_keys(*db_, retention_us, 2));
  EXPECT_EQ(runner.run_due(now), 1);
  EXPECT_EQ(keys().size(), 5u);
  EXPECT_EQ(runner.run_due(now + 1), 1);  // it left work: runs again before it is due
  EXPECT_EQ(keys().size(), 3u);
  EXPECT_EQ(runner.run_due(now + 2), 1);
  EXPECT_EQ(runner.run_due(now + 3), 0);  // done until its next time
  EXPECT_EQ(keys(), (std::vector<std::string>{"recent1", "recent2"}));
}

INSTANTIATE_STORE_TESTS(PruneJob);

}  // namespace
}  // namespace sangsaeng::testing
