// The ledger over real HTTP: accounts, single and batch transfers, idempotency, result codes
// as problem slugs, owners reading their own account only, history paging, balance at an
// instant, CSV export, verify.
#include <boost/json/serialize.hpp>
#include <map>

#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

class LedgerApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new ApiEnv();
    admin_ = env_->login("admin@sangsaeng.test");
    customer_ = env_->login("customer@sangsaeng.test");
    auditor_ = env_->login("auditor@sangsaeng.test");
    const auto me = json::parse(env_->call("GET", "/api/v1/auth/me", {}, &customer_).body);
    customer_id_ = std::string(me.at("user").at("id").as_string());
    const std::string accounts =
        R"({"accounts":[)"
        R"({"id":"1","ledger":1,"code":1,"owner_kind":"company","owner_ref":"operations"},)"
        R"({"id":"2","ledger":1,"code":2,"owner_kind":"customer","owner_ref":")" +
        customer_id_ +
        R"(","debits_must_not_exceed_credits":true},)"
        R"({"id":"3","ledger":1,"code":3,"owner_kind":"charity","owner_ref":"relief"},)"
        R"({"id":"4","ledger":2,"code":4,"owner_kind":"customer","owner_ref":"someone-else"}]})";
    const auto r = env_->call("POST", "/api/v1/ledger/accounts", accounts, &admin_);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto answer = json::parse(r.body);
    for (const auto& x : answer.at("results").as_array()) ASSERT_EQ(x.at("result"), "ok") << r.body;
  }
  static void TearDownTestSuite() { delete env_; }
  static ClientResponse post(const std::string& body, const Browser* who = &admin_,
                             const std::string& headers = {}) {
    return env_->call("POST", "/api/v1/ledger/transfers", body, who, headers);
  }
  static std::string xfer(const std::string& id, const std::string& dr, const std::string& cr,
                          long amount, const std::string& extra = "") {
    return R"({"id":")" + id + R"(","debit_account_id":")" + dr + R"(","credit_account_id":")" +
           cr + R"(","amount":)" + std::to_string(amount) +
           R"(,"ledger":1,"code":7,"reference":"order:)" + id + "\"" + extra + "}";
  }
  static ApiEnv* env_;
  static Browser admin_, customer_, auditor_;
  static std::string customer_id_;
};
ApiEnv* LedgerApi::env_ = nullptr;
Browser LedgerApi::admin_, LedgerApi::customer_, LedgerApi::auditor_;
std::string LedgerApi::customer_id_;

TEST_F(LedgerApi, SingleTransferIsCreatedOnceAndRefusalsHaveTheirCode) {
  auto r = post(xfer("100", "1", "2", 50000));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto t = json::parse(r.body);
  EXPECT_EQ(t.at("id"), "100");
  EXPECT_EQ(t.at("amount"), 50000);
  EXPECT_EQ(t.at("kind"), "posted");
  auto again = post(xfer("100", "1", "2", 50000));
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body).at("seq"), t.at("seq"));
  auto different = post(xfer("100", "1", "2", 50001));
  EXPECT_EQ(different.status, 409);
  EXPECT_EQ(problem_type(different), "exists_with_different_fields");
  auto too_much = post(xfer("101", "2", "3", 50001));
  EXPECT_EQ(too_much.status, 409);
  EXPECT_EQ(problem_type(too_much), "exceeds_credits");
  auto mismatch = post(xfer("102", "1", "4", 5));
  EXPECT_EQ(problem_type(mismatch), "accounts_must_have_the_same_ledger");
  auto zero = post(xfer("103", "1", "2", 0));
  EXPECT_EQ(zero.status, 422);
  EXPECT_EQ(problem_type(zero), "amount_must_be_positive");
}

TEST_F(LedgerApi, BadInputIsAFieldErrorAndChangesNothing) {
  const auto before = env_->call("GET", "/api/v1/ledger/verify", {}, &auditor_);
  for (
      const std::string body :
      {R"({"id":"x1","debit_account_id":"1","credit_account_id":"2","amount":5,"ledger":1,"code":1})",
       R"({"id":"110","debit_account_id":"1","credit_account_id":"2","amount":"5","ledger":1,"code":1})",
       R"({"id":"111","debit_account_id":"1","credit_account_id":"2","amount":5,"ledger":1,"code":1,"colour":"red"})",
       R"({"transfers":[]})", R"({"transfers":[{"id":"112"}, 7]})", R"([1,2])", R"({"id":)"}) {
    const auto r = post(body);
    EXPECT_TRUE(r.status == 400 || r.status == 422) << body << " -> " << r.status << " " << r.body;
  }
  const auto after = env_->call("GET", "/api/v1/ledger/verify", {}, &auditor_);
  EXPECT_EQ(json::parse(before.body).at("entries"), json::parse(after.body).at("entries"));
}

TEST_F(LedgerApi, LinkedBatchFailsAsAWholeWithAResultPerTransfer) {
  const std::string batch = R"({"transfers":[)" + xfer("200", "1", "3", 1000, R"(,"linked":true)") +
                            "," + xfer("201", "3", "1", 500, R"(,"linked":true)") + "," +
                            xfer("202", "1", "99", 1) + "]}";
  auto r = post(batch);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto results = json::parse(r.body).at("results").as_array();
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].at("result"), "linked_event_failed");
  EXPECT_EQ(results[1].at("result"), "linked_event_failed");
  EXPECT_EQ(results[2].at("result"), "credit_account_not_found");
  EXPECT_EQ(env_->call("GET", "/api/v1/ledger/transfers/200", {}, &auditor_).status, 404);
}

TEST_F(LedgerApi, PendingThenPartialPost) {
  auto p = post(xfer("300", "1", "3", 800, R"(,"pending":true,"timeout_s":3600)"));
  ASSERT_EQ(p.status, 201) << p.body;
  auto posted = post(R"({"id":"301","pending_id":"300","post_pending":true,"amount":300})");
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(json::parse(posted.body).at("released"), 800);
  auto twice = post(R"({"id":"302","pending_id":"300","void_pending":true})");
  EXPECT_EQ(problem_type(twice), "pending_transfer_already_posted");
}

TEST_F(LedgerApi, OwnersReadTheirOwnAccountOnly) {
  ASSERT_EQ(post(xfer("400", "1", "2", 10)).status, 201);
  auto mine = env_->call("GET", "/api/v1/ledger/accounts/2", {}, &customer_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_GE(json::parse(mine.body).at("balances").at("credits_posted").as_int64(), 10);
  EXPECT_EQ(env_->call("GET", "/api/v1/ledger/accounts/2/history", {}, &customer_).status, 200);
  EXPECT_EQ(env_->call("GET", "/api/v1/ledger/accounts/4", {}, &customer_).status, 404);
  EXPECT_EQ(env_->call("GET", "/api/v1/ledger/accounts/1/history", {}, &customer_).status, 404);
  EXPECT_EQ(env_->call("GET", "/api/v1/ledger/accounts/4", {}, &auditor_).status, 200);
  EXPECT_EQ(post(xfer("401", "1", "2", 10), &customer_).status, 403);
  EXPECT_EQ(post(xfer("402", "1", "2", 10), &auditor_).status, 403);
  EXPECT_EQ(env_->call("GET", "/api/v1/ledger/verify", {}, &customer_).status, 403);
  // Listing shows a customer their own accounts only, whatever filter they send.
  auto listed = env_->call("GET", "/api/v1/ledger/accounts?owner_kind=company", {}, &customer_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto items = json::parse(listed.body).at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << listed.body;
  EXPECT_EQ(items[0].at("id"), "2");
}

TEST_F(LedgerApi, HistoryPagesBalanceAtExportAndVerify) {
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(post(xfer(std::to_string(500 + i), "1", "3", 1 + i)).status, 201);
  std::vector<std::string> seen;
  std::string cursor;
  for (int guard = 0; guard < 50; ++guard) {
    auto page = env_->call(
        "GET",
        "/api/v1/ledger/accounts/3/history?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor),
        {}, &auditor_);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto v = json::parse(page.body);
    for (const auto& t : v.at("items").as_array())
      seen.push_back(std::string(t.at("id").as_string()));
    if (v.at("next_cursor").is_null()) break;
    cursor = std::string(v.at("next_cursor").as_string());
  }
  ASSERT_GE(seen.size(), 5u);
  EXPECT_EQ(seen[0], "504");
  EXPECT_EQ(seen[4], "500");
  auto past =
      env_->call("GET", "/api/v1/ledger/accounts/3/balance?at=2000-01-01T00:00:00Z", {}, &auditor_);
  ASSERT_EQ(past.status, 200) << past.body;
  EXPECT_EQ(json::parse(past.body).at("balances").at("credits_posted"), 0);
  auto csv =
      env_->call("GET", "/api/v1/ledger/export?from=2000-01-01T00:00:00Z&to=2000-02-01T00:00:00Z",
                 {}, &auditor_);
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("seq,id,timestamp", 0), 0u);
  auto bad = env_->call("GET", "/api/v1/ledger/export?from=yesterday&to=2000-02-01T00:00:00Z", {},
                        &auditor_);
  EXPECT_EQ(bad.status, 422);
  auto v = env_->call("GET", "/api/v1/ledger/verify", {}, &auditor_);
  ASSERT_EQ(v.status, 200);
  const auto report = json::parse(v.body);
  EXPECT_TRUE(report.at("ok").as_bool()) << v.body;
  EXPECT_EQ(report.at("head_hash").as_string().size(), 64u);
  auto list =
      env_->call("GET", "/api/v1/ledger/accounts?owner_kind=customer&owner_ref=" + customer_id_, {},
                 &auditor_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body).at("items").as_array().size(), 1u);
}

// An export answers at most 10,000 rows; its Link (rel="next") leads to the rest, so every
// transfer is in exactly one page, the header row only in the first.
TEST_F(LedgerApi, ExportPagesFollowTheirLinkToEveryRow) {
  for (int first = 1'000'000; first < 1'010'050; first += 8'000) {
    std::string batch = R"({"transfers":[)";
    for (int id = first; id < std::min(first + 8'000, 1'010'050); ++id)
      batch += (id == first ? "" : ",") + xfer(std::to_string(id), "1", "3", 1);
    const auto r = post(batch + "]}");
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  }
  const auto v = env_->call("GET", "/api/v1/ledger/verify", {}, &auditor_);
  ASSERT_EQ(v.status, 200) << v.body;
  const std::int64_t transfers = json::parse(v.body).at("transfers").as_int64();
  // The period: the last 300 days and the next 50, the start written with its Seoul offset
  // ("+09:00", percent-encoded) so that the Link must carry it encoded too.
  std::string from = format_rfc3339(now_us() - 300 * kMicrosPerDay);
  from.replace(from.find('+'), 1, "%2B");
  std::string target = "/api/v1/ledger/export?from=" + from +
                       "&to=" + format_rfc3339(now_us() + 50 * kMicrosPerDay, 0);  // ...Z
  std::int64_t rows = 0, last_seq = 0;
  int pages = 0;
  while (!target.empty()) {
    ASSERT_LT(++pages, 10);
    const auto page = env_->call("GET", target, {}, &auditor_);
    ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
    std::size_t at = 0, page_rows = 0;
    while (at < page.body.size()) {
      const std::size_t end = page.body.find("\r\n", at);
      ASSERT_NE(end, std::string::npos);
      const std::string line = page.body.substr(at, end - at);
      at = end + 2;
      if (line.rfind("seq,", 0) == 0) {
        EXPECT_EQ(pages, 1) << "a header row after the first page";
        continue;
      }
      const std::int64_t seq = std::stoll(line.substr(0, line.find(',')));
      EXPECT_GT(seq, last_seq);
      last_seq = seq;
      ++page_rows;
    }
    rows += static_cast<std::int64_t>(page_rows);
    const std::string link = page.header("link");
    if (link.empty()) break;
    EXPECT_EQ(page_rows, 10'000u);
    EXPECT_NE(link.find("rel=\"next\""), std::string::npos) << link;
    target = link.substr(1, link.find('>') - 1);
  }
  EXPECT_EQ(pages, static_cast<int>((transfers + 9'999) / 10'000));
  EXPECT_EQ(rows, transfers);
  const auto bad = env_->call(
      "GET", "/api/v1/ledger/export?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&cursor=x", {},
      &auditor_);
  EXPECT_EQ(bad.status, 422);
}

// The chain's head is public: anyone sees it move with each transfer, and it is the hash the
// auditor's verification reaches.
TEST_F(LedgerApi, ChainHeadIsPublicAndIsWhereVerificationEnds) {
  const auto empty = env_->call("GET", "/api/v1/ledger/head", {}, nullptr);
  ASSERT_EQ(empty.status, 200) << empty.body;
  const auto before = json::parse(empty.body);
  ASSERT_EQ(post(xfer("700", "1", "3", 10)).status, 201);
  const auto moved = env_->call("GET", "/api/v1/ledger/head", {}, nullptr);
  ASSERT_EQ(moved.status, 200) << moved.body;
  const auto head = json::parse(moved.body);
  EXPECT_EQ(head.at("seq").as_int64(), before.at("seq").as_int64() + 1);
  EXPECT_NE(head.at("hash"), before.at("hash"));
  EXPECT_TRUE(head.at("at").is_string());
  const auto v = env_->call("GET", "/api/v1/ledger/verify", {}, &auditor_);
  ASSERT_EQ(v.status, 200);
  EXPECT_EQ(json::parse(v.body).at("head_hash"), head.at("hash"));
}

TEST_F(LedgerApi, IdempotencyKeyReplaysTheFirstAnswer) {
  const std::string key = "Idempotency-Key: ledger-key-1\r\n";
  auto first = post(xfer("600", "1", "3", 9), &admin_, key);
  ASSERT_EQ(first.status, 201);
  auto replay = post(xfer("600", "1", "3", 9), &admin_, key);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
}

// The books show who owns an account by name: an organisation's, a person's, a program's
// (Korean and English); an owner that is not on record has no name, only its reference.
TEST_F(LedgerApi, AccountsNameTheirOwners) {
  std::string charity_id;
  const auto orgs = json::parse(env_->call("GET", "/api/v1/orgs", {}, &admin_).body);
  for (const auto& o : orgs.at("items").as_array())
    if (o.at("name") == "나눔재단 (Nanum Foundation)") charity_id = o.at("id").as_string().c_str();
  ASSERT_FALSE(charity_id.empty());
  const std::string accounts =
      R"({"accounts":[)"
      R"({"id":"50","ledger":1,"code":5,"owner_kind":"charity","owner_ref":")" +
      charity_id +
      R"("},)"
      R"({"id":"51","ledger":1,"code":4,"owner_kind":"program","owner_ref":"market"},)"
      R"({"id":"52","ledger":1,"code":8,"owner_kind":"fund","owner_ref":"art-hall"},)"
      R"({"id":"53","ledger":1,"code":5,"owner_kind":"charity","owner_ref":"999999"}]})";
  ASSERT_EQ(env_->call("POST", "/api/v1/ledger/accounts", accounts, &admin_).status, 200);

  const auto listed = env_->call("GET", "/api/v1/ledger/accounts?limit=200", {}, &auditor_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto list = json::parse(listed.body);
  std::map<std::string, json::object> by_id;
  for (const auto& a : list.at("items").as_array())
    by_id[std::string(a.at("id").as_string())] = a.as_object();
  // "<owner_name> / <owner_name_en>", as JSON values.
  auto names = [&](const std::string& id) {
    const auto& a = by_id.at(id);
    return json::serialize(a.at("owner_name")) + " / " + json::serialize(a.at("owner_name_en"));
  };
  EXPECT_EQ(names("2"), R"("고객 정미래" / "고객 정미래")");
  EXPECT_EQ(names("50"), R"j("나눔재단 (Nanum Foundation)" / "나눔재단 (Nanum Foundation)")j");
  EXPECT_EQ(names("51"), R"("U+로드 상생 마켓" / "Community market")");
  // A fund's ref is its program's slug: the art hall fund is named by its program.
  EXPECT_EQ(names("52"), R"("아트홀 기금" / "Art hall fund")");
  for (const std::string id : {"1", "53"})  // "operations", no such org
    EXPECT_EQ(names(id), "null / null") << id;
  EXPECT_EQ(by_id.at("50").at("owner_ref").as_string(), charity_id);  // the reference stays

  // One account, and a customer reading their own, carry the name too.
  const auto one = json::parse(env_->call("GET", "/api/v1/ledger/accounts/51", {}, &admin_).body);
  EXPECT_EQ(one.at("owner_name_en"), "Community market");
  const auto mine = json::parse(env_->call("GET", "/api/v1/ledger/accounts", {}, &customer_).body);
  EXPECT_EQ(mine.at("items").at(0).at("owner_name"), "고객 정미래");
}

}  // namespace
}  // namespace sangsaeng::testing
