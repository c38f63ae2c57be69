#include "store/db.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "support/store_fixture.h"

namespace sangsaeng::store {
namespace {

class DbTest : public testing::StoreTest {};

TEST(ParseUrl, KnowsBothDialectsAndHidesPasswords) {
  EXPECT_EQ(parse_url("sqlite:///tmp/x.db").dialect, Dialect::sqlite);
  EXPECT_EQ(parse_url("sqlite:///tmp/x.db").sqlite_path, "/tmp/x.db");
  const ParsedUrl pg = parse_url("postgresql://app:s3cret@db:5432/ss");
  EXPECT_EQ(pg.dialect, Dialect::postgres);
  EXPECT_EQ(pg.display.find("s3cret"), std::string::npos);
  EXPECT_THROW(parse_url("mysql://x"), StoreError);
  EXPECT_THROW(parse_url("sqlite://"), StoreError);
}

TEST(OpenDb, UnreachablePostgresIsAClearError) {
  try {
    Db::open({.url = "postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2", .pool_size = 1});
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open database"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find(":pw@"), std::string::npos);
  }
}

TEST_P(DbTest, CommitsOnReturnAndRollsBackOnThrow) {
  db_->write([](soci::session& s) {
    s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (1, 'kept', 'company', 0)";
  });
  EXPECT_THROW(db_->write([](soci::session& s) {
    s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (2, 'lost', 'company', 0)";
    throw std::runtime_error("business failure after the insert");
  }),
               std::runtime_error);
  const int count = db_->read([](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM orgs", soci::into(n);
    return n;
  });
  EXPECT_EQ(count, 1);
  EXPECT_TRUE(db_->ping());
}

TEST_P(DbTest, ConcurrentWritersAllCommit) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const long long id = t * 1000 + i + 10;
        const std::string name = "org" + std::to_string(id);
        db_->write([&](soci::session& s) {
          s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (:id, :n, 'merchant', 0)",
              soci::use(id), soci::use(name);
        });
      }
    });
  for (auto& th : threads) th.join();
  const int count = db_->read([](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM orgs", soci::into(n);
    return n;
  });
  EXPECT_EQ(count, 100);
}

TEST_P(DbTest, AuditLogIsAppendOnly) {
  db_->write([](soci::session& s) {
    s << "INSERT INTO audit_log (id, at, action, target, remote_addr, request_id, status) "
         "VALUES (1, 0, 'x', 'y', '127.0.0.1', 'r', 200)";
  });
  EXPECT_ANY_THROW(db_->write([](soci::session& s) { s << "UPDATE audit_log SET action = 'z'"; }));
  EXPECT_ANY_THROW(db_->write([](soci::session& s) { s << "DELETE FROM audit_log"; }));
}

TEST_P(DbTest, DataSurvivesReopening) {
  db_->write([](soci::session& s) {
    s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (7, '상생', 'charity', 0)";
  });
  db_.reset();
  auto again = Db::open({.url = url_, .pool_size = 1});
  std::string name;
  again->read(
      [&](soci::session& s) { s << "SELECT name FROM orgs WHERE id = 7", soci::into(name); });
  EXPECT_EQ(name, "상생");
}

INSTANTIATE_STORE_TESTS(DbTest);

}  // namespace
}  // namespace sangsaeng::store
