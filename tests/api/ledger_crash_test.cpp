// Crash test: the real `sangsaeng demo` binary takes a stream of transfers (single ones and
// linked batches of three) from several clients; it is killed with SIGKILL at a random
// moment and restarted on the same database. Every acknowledged transfer must be there, every
// linked batch must be all there or not at all, and `sangsaeng ledger verify` must pass.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "core/id.h"
#include "http/test_client.h"
#include "support/app_process.h"
#include "support/store_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

// `sangsaeng demo` on the test's database.
struct Server : AppProcess {
  explicit Server(const std::string& db_url) : AppProcess(SANGSAENG_BINARY, "demo", db_url) {}
};

struct Session {
  std::string headers;
};

Session login(std::uint16_t port) {
  auto r =
      http::test::fetch(port, "POST", "/api/v1/auth/login", "Content-Type: application/json\r\n",
                        R"({"email":"admin@sangsaeng.test","password":"sangsaeng-demo"})");
  if (!r || r->status != 200) throw std::runtime_error("log-in failed");
  const std::string csrf(json::parse(r->body).at("csrf_token").as_string());
  const std::string set_cookie = r->header("set-cookie");
  const auto start = set_cookie.find("ss_session=");
  const std::string cookie = set_cookie.substr(start, set_cookie.find(';', start) - start);
  return {"Content-Type: application/json\r\nCookie: " + cookie + "; ss_csrf=" + csrf +
          "\r\nX-CSRF-Token: " + csrf + "\r\n"};
}

std::string xfer(Id id, int dr, int cr, bool linked) {
  return R"({"id":")" + std::to_string(id) + R"(","debit_account_id":")" + std::to_string(dr) +
         R"(","credit_account_id":")" + std::to_string(cr) + R"(","amount":)" +
         std::to_string(id % 997 + 1) + R"(,"ledger":1,"code":1)" +
         (linked ? R"(,"linked":true)" : "") + "}";
}

class LedgerCrashTest : public StoreTest {};

TEST_P(LedgerCrashTest, AcknowledgedTransfersSurviveKill9AndTheBooksVerify) {
  db_.reset();  // the server owns the database from here
  std::mt19937 rng(static_cast<unsigned>(::getpid()));
  std::set<Id> acked;         // single transfers answered 201
  std::set<Id> batch_firsts;  // linked batches sent (ids first, first+1, first+2)
  std::mutex mu;
  Id next_id = 1'000;
  // Two kills on SQLite; one on PostgreSQL (its server start dominates the test's time).
  const int rounds = GetParam() == store::Dialect::sqlite ? 2 : 1;
  for (int round = 0; round < rounds; ++round) {
    Server server(url_);
    Session admin = login(server.port());
    if (round == 0) {
      std::string accounts = R"({"accounts":[)";
      for (int a = 1; a <= 8; ++a)
        accounts += std::string(a > 1 ? "," : "") + R"({"id":")" + std::to_string(a) +
                    R"(","ledger":1,"code":1,"owner_kind":"company","owner_ref":"ops)" +
                    std::to_string(a) + "\"}";
      auto r = http::test::fetch(server.port(), "POST", "/api/v1/ledger/accounts", admin.headers,
                                 accounts + "]}");
      ASSERT_TRUE(r && r->status == 200);
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c)
      clients.emplace_back([&, c] {
        std::mt19937 local(c + 17 * round);
        while (!stop) {
          Id id;
          {
            std::lock_guard lock(mu);
            id = next_id;
            next_id += 3;
          }
          const int dr = 1 + static_cast<int>(local() % 8), cr = 1 + (dr % 8);
          if (local() % 4 == 0) {  // a linked batch of three
            {
              std::lock_guard lock(mu);
              batch_firsts.insert(id);
            }
            const std::string body = R"({"transfers":[)" + xfer(id, dr, cr, true) + "," +
                                     xfer(id + 1, cr, dr, true) + "," +
                                     xfer(id + 2, dr, cr, false) + "]}";
            http::test::fetch(server.port(), "POST", "/api/v1/ledger/transfers", admin.headers,
                              body);
          } else {
            auto r = http::test::fetch(server.port(), "POST", "/api/v1/ledger/transfers",
                                       admin.headers, xfer(id, dr, cr, false));
            if (r && r->status == 201) {
              std::lock_guard lock(mu);
              acked.insert(id);
            }
          }
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 900));
    server.kill9();  // at a random moment, mid-stream
    stop = true;
    for (auto& t : clients) t.join();
  }
  ASSERT_GT(acked.size(), 10u);
  std::printf("crash test: %zu single transfers acknowledged, %zu linked batches sent, %d kills\n",
              acked.size(), batch_firsts.size(), rounds);
  // Restarted: everything acknowledged is there; linked batches are whole or absent.
  Server server(url_);
  Session admin = login(server.port());
  auto exists = [&](Id id) {
    auto r = http::test::fetch(server.port(), "GET",
                               "/api/v1/ledger/transfers/" + std::to_string(id), admin.headers);
    EXPECT_TRUE(r && (r->status == 200 || r->status == 404))
        << (r ? r->status : 0) << " " << (r ? r->body : "");
    return r && r->status == 200;
  };
  for (Id id : acked) EXPECT_TRUE(exists(id)) << "acknowledged transfer " << id << " was lost";
  for (Id first : batch_firsts) {
    const bool a = exists(first), b = exists(first + 1), c = exists(first + 2);
    EXPECT_TRUE(a == b && b == c) << "linked batch " << first << " is half-applied";
  }
  auto v = http::test::fetch(server.port(), "GET", "/api/v1/ledger/verify", admin.headers);
  ASSERT_TRUE(v && v->status == 200);
  EXPECT_TRUE(json::parse(v->body).at("ok").as_bool()) << v->body;
  // And the command-line verify, on the stopped server's database.
  server.kill9();
  const std::string cmd =
      "SANGSAENG_DB_URL='" + url_ + "' " SANGSAENG_BINARY " ledger verify > /dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

INSTANTIATE_STORE_TESTS(LedgerCrashTest);

}  // namespace
}  // namespace sangsaeng::testing
