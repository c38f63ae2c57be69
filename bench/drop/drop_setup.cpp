// The buyers and drops of bench/drop, written straight into a database that `sangsaeng demo`
// has migrated and seeded (a sign-up per buyer would spend the setup hashing passwords).
// Customers as tests/support/customers.h makes them, but in batches of one transaction each:
// a commit per buyer would take minutes for 10,000 of them.
//
// Usage: drop_setup <db-url> <buyers> <tokens-file> <small-quantity> <large-quantity>
// Writes one bearer token per line to <tokens-file>; prints "small=<id> large=<id>": a drop of
// <small-quantity> units with a limit of 2 per buyer, and one of <large-quantity> units with
// the largest limit a drop may have (1,000), both open now for a day, first come first served.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "accounts/secrets.h"
#include "accounts/service.h"
#include "core/id.h"
#include "market/service.h"
#include "store/db.h"

using namespace sangsaeng;

namespace {

constexpr int kBuyersPerCommit = 1'000;
constexpr int kBuyersMax = 1'000'000;

// `n` customers with one API token each; returns the tokens.
std::vector<std::string> add_buyers(store::Db& db, Id admin, int n) {
  std::vector<std::string> tokens;
  const UnixMicros now = now_us();
  for (int first = 0; first < n; first += kBuyersPerCommit) {
    db.write([&](soci::session& s) {
      for (int i = first; i < std::min(n, first + kBuyersPerCommit); ++i) {
        const long long id = ids().next(), token_id = ids().next(), by = admin, at = now;
        const std::string email = "buyer" + std::to_string(id) + "@bench.test";
        const std::string token = "sst_" + accounts::random_secret();
        const std::string hash = accounts::secret_hash(token);
        // Every buyer has a verified phone (the market sells to no one else): +8210 and 8 digits.
        const std::string phone = "+8210" + std::to_string(10'000'000 + i);
        s << "INSERT INTO users (id, email, display_name, password_hash, created_at, phone) "
             "VALUES (:id, :e, 'bench buyer', 'x', 0, :p)",
            soci::use(id), soci::use(email), soci::use(phone);
        s << "INSERT INTO user_roles (user_id, role, program) VALUES (:id, 'customer', '')",
            soci::use(id);
        s << "INSERT INTO api_tokens (id, user_id, name, token_hash, created_by, created_at) "
             "VALUES (:id, :u, 'bench', :h, :by, :at)",
            soci::use(token_id), soci::use(id), soci::use(hash), soci::use(by), soci::use(at);
        tokens.push_back(token);
      }
    });
  }
  return tokens;
}

Id open_drop(market::MarketService& market, const market::Product& product, Id manager,
             std::int64_t quantity, int per_buyer_limit) {
  const UnixMicros now = now_us();
  auto d = market.create_drop({.product_id = product.id,
                               .title = "bench " + std::to_string(quantity),
                               .opens_at_us = now - kMicrosPerSecond,
                               .closes_at_us = now + 24 * 3600 * kMicrosPerSecond,
                               .quantity = quantity,
                               .per_buyer_limit = per_buyer_limit,
                               .price_won = product.price_won,
                               .market_price_won = product.market_price_won},
                              manager, now);
  if (!d.ok()) {
    std::fprintf(stderr, "drop_setup: %s\n", d.status().message().c_str());
    std::exit(1);
  }
  return d->id;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr,
                 "usage: %s <db-url> <buyers> <tokens-file> <small-quantity> <large-quantity>\n",
                 argv[0]);
    return 2;
  }
  const int buyers = std::atoi(argv[2]);
  if (buyers < 1 || buyers > kBuyersMax) {
    std::fprintf(stderr, "drop_setup: buyers must be 1..%d\n", kBuyersMax);
    return 2;
  }
  auto db = store::Db::open({.url = argv[1], .pool_size = 2});
  accounts::AccountService accounts(*db);
  const auto admin = accounts.find_user_by_email("admin@sangsaeng.test");
  const auto manager = accounts.find_user_by_email("manager@sangsaeng.test");
  if (!admin || !manager) {
    std::fprintf(stderr, "drop_setup: run `sangsaeng demo` on this database first\n");
    return 1;
  }
  std::ofstream out(argv[3]);
  for (const std::string& t : add_buyers(*db, admin->id, buyers)) out << t << '\n';
  out.close();

  const Id product_id = db->read([](soci::session& s) {
    long long id = 0;
    s << "SELECT MIN(id) FROM market_products", soci::into(id);
    return static_cast<Id>(id);
  });
  market::MarketService market(*db);
  const auto product = market.find_product(product_id);
  if (!product) {
    std::fprintf(stderr, "drop_setup: the demo has no product\n");
    return 1;
  }
  const Id small = open_drop(market, *product, manager->id, std::atoll(argv[4]), 2);
  const Id large = open_drop(market, *product, manager->id, std::atoll(argv[5]), 1000);
  std::printf("small=%s large=%s\n", id_to_string(small).c_str(), id_to_string(large).c_str());
  return 0;
}
