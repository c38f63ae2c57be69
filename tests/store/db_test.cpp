#include "store/db.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "store/group_writer.h"
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

// A statement that fails on a live connection is the statement's fault (a bug, a constraint):
// it stays a soci_error, the connection stays in use, nothing reconnects. SQLite never gets
// DbUnavailable from a bad statement either.
TEST_P(DbTest, AFailedStatementIsNotAnOutage) {
  auto db = Db::open({.url = url_, .pool_size = 1});
  for (int i = 0; i < 3; ++i) {
    try {
      db->read([](soci::session& s) { s << "SELECT nothing FROM no_such_table"; });
      FAIL() << "expected the statement to fail";
    } catch (const DbUnavailable& e) {
      FAIL() << "a bad statement was taken for an outage: " << e.what();
    } catch (const soci::soci_error&) {
    }
    EXPECT_TRUE(db->ping());
  }
}

// Every connection busy longer than pool_timeout_ms: DbUnavailable, not an endless wait; the
// pool serves again once the connection is given back.
TEST_P(DbTest, ABusyPoolRefusesAfterItsTimeout) {
  auto db = Db::open({.url = url_, .pool_size = 1, .pool_timeout_ms = 200});
  std::promise<void> holding, release;
  std::thread holder([&] {
    db->read([&](soci::session&) {
      holding.set_value();
      release.get_future().wait();
    });
  });
  holding.get_future().wait();
  try {
    db->read([](soci::session& s) { s << "SELECT 1"; });
    ADD_FAILURE() << "expected DbUnavailable while the only connection is held";
  } catch (const DbUnavailable& e) {
    EXPECT_GE(e.retry_after_s(), 1);
  }
  EXPECT_FALSE(db->ping());
  release.set_value();
  holder.join();
  EXPECT_TRUE(db->ping());
}

INSTANTIATE_STORE_TESTS(DbTest);

// Reads until `fn` succeeds, for at most 30 s; every failure meanwhile must be DbUnavailable.
template <class F>
bool succeeds_eventually(F&& fn) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      fn();
      return true;
    } catch (const DbUnavailable&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return false;
}

int count_orgs(Db& db) {
  return db.read([](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM orgs", soci::into(n);
    return n;
  });
}

void insert_org(Db& db, long long id) {
  const std::string name = "org" + std::to_string(id);
  db.write([&](soci::session& s) {
    s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (:id, :n, 'company', 0)",
        soci::use(id), soci::use(name);
  });
}

// A PostgreSQL restart under an open pool: while it is down every transaction throws
// DbUnavailable (never a soci_error that would read as a bug); once it is back the pool
// reconnects by itself and nothing committed is lost.
TEST(DbOutage, PostgresRestartIsUnavailableThenReconnects) {
  testing::TempPostgres pg;  // its own server: this test stops it
  const std::string url = pg.create_database("outage");
  auto db = Db::open({.url = url, .pool_size = 3});
  migrate(*db);
  insert_org(*db, 1);
  ASSERT_TRUE(db->ping());

  pg.stop();
  for (int i = 0; i < 5; ++i) {
    EXPECT_THROW(count_orgs(*db), DbUnavailable);
    EXPECT_THROW(insert_org(*db, 100 + i), DbUnavailable);
  }
  EXPECT_FALSE(db->ping());

  // The group writer (records of API writes) reports the outage and keeps its thread.
  GroupWriter records(*db);
  auto record = [&](long long id) {
    std::promise<Status> done;
    const std::string name = "org" + std::to_string(id);
    records.submit(
        [id, name](soci::session& s) {
          s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (:id, :n, 'company', 0)",
              soci::use(id), soci::use(name);
        },
        [&](Status st) { done.set_value(st); });
    return done.get_future().get();
  };
  EXPECT_EQ(record(200).code(), Code::unavailable);

  pg.start();
  EXPECT_TRUE(succeeds_eventually([&] { insert_org(*db, 2); }));
  EXPECT_TRUE(db->ping());
  EXPECT_TRUE(record(3).ok());
  EXPECT_EQ(count_orgs(*db), 3);  // the first org survived; nothing from the outage was kept
}

// One connection killed under the pool (as a failover or an idle-connection reaper does): the
// transaction on it throws DbUnavailable, and the pool replaces the connection.
TEST(DbOutage, AKilledConnectionIsReplaced) {
  const std::string url = testing::fresh_url(Dialect::postgres);
  auto db = Db::open({.url = url, .pool_size = 1});
  migrate(*db);
  insert_org(*db, 1);
  auto killer = Db::open({.url = url, .pool_size = 1});
  auto others = [&] {
    return killer->read([](soci::session& s) {
      int n = 0;
      s << "SELECT COUNT(*) FROM pg_stat_activity "
           "WHERE datname = current_database() AND pid <> pg_backend_pid()",
          soci::into(n);
      return n;
    });
  };
  ASSERT_EQ(others(), 1);
  killer->write([](soci::session& s) {
    s << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
         "WHERE datname = current_database() AND pid <> pg_backend_pid()";
  });
  for (int i = 0; i < 300 && others() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(others(), 0);

  EXPECT_THROW(count_orgs(*db), DbUnavailable);
  EXPECT_TRUE(succeeds_eventually([&] { insert_org(*db, 2); }));
  EXPECT_EQ(count_orgs(*db), 2);
}

}  // namespace
}  // namespace sangsaeng::store
