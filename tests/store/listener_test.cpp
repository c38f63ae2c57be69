// store::Listener on a real PostgreSQL: a NOTIFY committed on another connection reaches the
// callback with its payload, a rolled-back one never does, and after the server drops the
// listening connection the listener says so, reconnects by itself and hears again.
#include "store/listener.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/db.h"
#include "support/temp_postgres.h"

namespace sangsaeng::store {
namespace {

struct Heard {
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::string> payloads;
  std::vector<bool> states;
  // Waits (30 s at most: a bound, not a measurement) until `done` holds.
  template <class F>
  bool wait(F done) {
    std::unique_lock lock(mu);
    return changed.wait_for(lock, std::chrono::seconds(30), [&] { return done(); });
  }
};

TEST(Listener, HearsCommittedNotificationsAndComesBackAfterTheConnectionIsKilled) {
  const std::string url = testing::TempPostgres::shared().create_database("listener_test");
  auto db = Db::open({.url = url, .pool_size = 1});
  Heard heard;
  Listener listener(
      {.url = url, .channel = "test_channel", .backoff_min_ms = 10, .backoff_max_ms = 100},
      [&](std::string_view payload) {
        std::lock_guard lock(heard.mu);
        heard.payloads.emplace_back(payload);
        heard.changed.notify_all();
      },
      [&](bool up) {
        std::lock_guard lock(heard.mu);
        heard.states.push_back(up);
        heard.changed.notify_all();
      });
  ASSERT_TRUE(heard.wait([&] { return heard.states.size() == 1; }));
  EXPECT_TRUE(listener.listening());

  try {
    db->write([](soci::session& s) {
      s << "SELECT pg_notify('test_channel', 'rolled back')";
      throw std::runtime_error("rollback");
    });
  } catch (const std::runtime_error&) {
  }
  db->write([](soci::session& s) { s << "SELECT pg_notify('test_channel', '42')"; });
  ASSERT_TRUE(heard.wait([&] { return !heard.payloads.empty(); }));
  EXPECT_EQ(heard.payloads, std::vector<std::string>{"42"});

  // The server drops the listening connection: the listener tells, reconnects and hears again.
  db->write([](soci::session& s) {
    s << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN "
         "test_channel' AND pid <> pg_backend_pid()";
  });
  ASSERT_TRUE(heard.wait([&] { return heard.states.size() >= 3; }));
  EXPECT_EQ(heard.states[1], false);
  EXPECT_EQ(heard.states[2], true);
  db->write([](soci::session& s) { s << "SELECT pg_notify('test_channel', '43')"; });
  ASSERT_TRUE(heard.wait([&] { return heard.payloads.size() == 2; }));
  EXPECT_EQ(heard.payloads.back(), "43");
}

TEST(Listener, RefusesSqliteAndBadChannels) {
  auto nothing = [](std::string_view) {};
  auto ignore = [](bool) {};
  EXPECT_THROW(Listener({.url = "sqlite:///tmp/x.db", .channel = "c"}, nothing, ignore),
               StoreError);
  EXPECT_THROW(
      Listener({.url = "postgresql://u@127.0.0.1:1/d", .channel = "bad; DROP"}, nothing, ignore),
      StoreError);
}

}  // namespace
}  // namespace sangsaeng::store
