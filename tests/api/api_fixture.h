// Black-box API tests: a real ApiServer on an ephemeral port over a fresh SQLite database
// with the demo data, spoken to over real HTTP (tests/http/test_client.h).
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <string>

#include "accounts/service.h"
#include "api/server.h"
#include "app/demo.h"
#include "http/test_client.h"
#include "store/db.h"
#include "store/migrations.h"
#include "support/temp_postgres.h"

namespace sangsaeng::testing {

using http::test::ClientResponse;

// A signed-in browser: its cookies and CSRF token.
struct Browser {
  std::string cookie;  // "ss_session=...; ss_csrf=..."
  std::string csrf;
};

class ApiEnv {
 public:
  // `seed` adds data before the server starts (e.g. the demo's books, market and outages).
  using Seed = std::function<void(store::Db&, accounts::AccountService&)>;
  explicit ApiEnv(std::string db_url = temp_sqlite_url(), Seed seed = {}) {
    config_.port = 0;
    config_.web_dir = "";
    config_.threads = 2;
    config_.login_rate_per_address_per_min = 100000;  // tests log in often from 127.0.0.1
    config_.rate_per_address_per_s = 100000;
    config_.burst_per_address = 100000;
    config_.rate_per_account_per_s = 100000;
    config_.burst_per_account = 100000;
    db_ = store::Db::open({.url = db_url, .pool_size = 4});
    store::migrate(*db_);
    accounts::AccountService accounts(*db_);
    app::seed_demo(accounts, now_us());
    if (seed) seed(*db_, accounts);
    server_ = std::make_unique<api::ApiServer>(config_, *db_);
    server_->start();
  }
  ~ApiEnv() {
    server_->stop();
    server_->wait();
  }

  std::uint16_t port() const { return server_->port(); }
  store::Db& db() { return *db_; }
  const api::ApiServer& server() const { return *server_; }
  api::ApiServer& server() { return *server_; }

  ClientResponse call(const std::string& method, const std::string& target,
                      const std::string& body = {}, const Browser* who = nullptr,
                      const std::string& extra_headers = {}) {
    std::string headers = extra_headers;
    if (!body.empty() && extra_headers.find("Content-Type") == std::string::npos)
      headers += "Content-Type: application/json\r\n";
    if (who != nullptr)
      headers += "Cookie: " + who->cookie + "\r\nX-CSRF-Token: " + who->csrf + "\r\n";
    auto r = http::test::fetch(port(), method, target, headers, body);
    EXPECT_TRUE(r.has_value()) << method << " " << target << ": no response";
    return r.value_or(ClientResponse{});
  }

  Browser login(const std::string& email, const std::string& password = app::kDemoPassword) {
    auto r = call("POST", "/api/v1/auth/login",
                  R"({"email":")" + email + R"(","password":")" + password + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
    Browser b;
    const auto v = boost::json::parse(r.body);
    b.csrf = std::string(v.at("csrf_token").as_string());
    // Set-Cookie headers are joined with ", " by the test client.
    const std::string set_cookie = r.header("set-cookie");
    const auto start = set_cookie.find("ss_session=");
    const auto end = set_cookie.find(';', start);
    b.cookie = set_cookie.substr(start, end - start) + "; ss_csrf=" + b.csrf;
    return b;
  }

  // Every row of every table, as text: "unchanged" means this string is equal.
  std::string snapshot() {
    return db_->read([](soci::session& s) {
      std::string out;
      for (const char* table : {"orgs", "users", "user_roles", "sessions", "api_tokens",
                                "audit_log", "programs", "idempotency_keys", "schema_migrations"}) {
        soci::rowset<soci::row> rows = (s.prepare << std::string("SELECT * FROM ") + table);
        out += std::string("#") + table + "\n";
        for (const auto& row : rows) {
          for (std::size_t i = 0; i < row.size(); ++i) {
            if (row.get_indicator(i) == soci::i_null) {
              out += "NULL|";
              continue;
            }
            switch (row.get_properties(i).get_data_type()) {
              case soci::dt_string:
                out += row.get<std::string>(i) + "|";
                break;
              case soci::dt_integer:
                out += std::to_string(row.get<int>(i)) + "|";
                break;
              case soci::dt_long_long:
                out += std::to_string(row.get<long long>(i)) + "|";
                break;
              case soci::dt_unsigned_long_long:
                out += std::to_string(row.get<unsigned long long>(i)) + "|";
                break;
              case soci::dt_double:
                out += std::to_string(row.get<double>(i)) + "|";
                break;
              default:
                out += "?|";
            }
          }
          out += "\n";
        }
      }
      return out;
    });
  }

 private:
  Config config_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<api::ApiServer> server_;
};

inline std::string problem_type(const ClientResponse& r) {
  try {
    const auto v = boost::json::parse(r.body);
    const std::string type(v.at("type").as_string());
    return type.substr(type.rfind('/') + 1);
  } catch (...) {
    return "<not a problem: " + r.body.substr(0, 80) + ">";
  }
}

}  // namespace sangsaeng::testing
