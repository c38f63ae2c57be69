// Idempotency-Key rows on both databases: the primary key decides who reserves a key, the
// answer is stored on the reservation, a failure releases it, an abandoned one is taken
// over, and pruning deletes old rows only, a bounded batch at a time.
#include "store/idempotency.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/store_fixture.h"

namespace sangsaeng::store {
namespace {

using Kind = KeyState::Kind;
constexpr UnixMicros kT = 1'700'000'000 * kMicrosPerSecond;
constexpr UnixMicros kLongAgo = 0;  // nothing counts as abandoned

KeyRequest attempt(const std::string& reservation, const std::string& hash = "h1",
                   const std::string& key = "k1") {
  return {"user:1", key, "POST", "/api/v1/things", hash, reservation};
}

class IdempotencyStore : public testing::StoreTest {
 protected:
  KeyState reserve(const KeyRequest& r, UnixMicros now = kT, UnixMicros abandoned = kLongAgo) {
    return db_->write([&](soci::session& s) { return reserve_key(s, r, now, abandoned); });
  }
  bool answer(const KeyRequest& r, int status, const std::string& body) {
    return db_->write([&](soci::session& s) { return store_answer(s, r, status, body); });
  }
  long long rows() {
    return db_->read([](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM idempotency_keys", soci::into(n);
      return n;
    });
  }
};

TEST_P(IdempotencyStore, TheFirstReservesTheOthersSeeItInUseThenAnswered) {
  EXPECT_EQ(reserve(attempt("a")).kind, Kind::reserved);
  EXPECT_EQ(reserve(attempt("a")).kind, Kind::reserved);  // ours already
  const KeyState busy = reserve(attempt("b"));
  EXPECT_EQ(busy.kind, Kind::in_use);
  EXPECT_EQ(busy.request_hash, "h1");
  const KeyState other = reserve(attempt("c", "h2"));
  EXPECT_EQ(other.kind, Kind::in_use);
  EXPECT_EQ(other.request_hash, "h1");  // the caller tells the two requests apart

  EXPECT_FALSE(answer(attempt("b"), 201, "{}"));  // not b's reservation
  ASSERT_TRUE(answer(attempt("a"), 201, R"({"id":"7"})"));
  const KeyState done = reserve(attempt("d"));
  EXPECT_EQ(done.kind, Kind::answered);
  EXPECT_EQ(done.request_hash, "h1");
  EXPECT_EQ(done.status, 201);
  EXPECT_EQ(done.body, R"({"id":"7"})");
  EXPECT_EQ(rows(), 1);
}

TEST_P(IdempotencyStore, AReleasedKeyCanBeReservedAgain) {
  ASSERT_EQ(reserve(attempt("a")).kind, Kind::reserved);
  db_->write([&](soci::session& s) { release_key(s, attempt("b")); });  // not b's: kept
  EXPECT_EQ(reserve(attempt("c")).kind, Kind::in_use);
  db_->write([&](soci::session& s) { release_key(s, attempt("a")); });
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(reserve(attempt("c", "h2")).kind, Kind::reserved);
  // An answered key is never released.
  ASSERT_TRUE(answer(attempt("c", "h2"), 200, "{}"));
  db_->write([&](soci::session& s) { release_key(s, attempt("c", "h2")); });
  EXPECT_EQ(reserve(attempt("d")).kind, Kind::answered);
}

TEST_P(IdempotencyStore, AnAbandonedReservationIsTakenOverAndItsHolderCannotAnswer) {
  ASSERT_EQ(reserve(attempt("dead"), kT).kind, Kind::reserved);
  // Not yet abandoned: reserved after the bound.
  EXPECT_EQ(reserve(attempt("b"), kT + 10, kT - 1).kind, Kind::in_use);
  EXPECT_EQ(reserve(attempt("b", "h2"), kT + 10, kT + 1).kind, Kind::reserved);
  EXPECT_FALSE(answer(attempt("dead"), 201, "{}"));
  EXPECT_TRUE(answer(attempt("b", "h2"), 201, "{}"));
  // An answer never counts as abandoned.
  EXPECT_EQ(reserve(attempt("c"), kT + 20, kT + 19).kind, Kind::answered);
}

TEST_P(IdempotencyStore, ConcurrentReservationsOfOneKeyHaveOneWinner) {
  constexpr int kThreads = 16;
  std::atomic<int> reserved{0}, in_use{0}, failed{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      try {
        const Kind k = reserve(attempt("t" + std::to_string(i))).kind;
        (k == Kind::reserved ? reserved : in_use).fetch_add(1);
      } catch (const std::exception&) {
        failed.fetch_add(1);  // a unique violation would land here
      }
    });
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(reserved.load(), 1);
  EXPECT_EQ(in_use.load(), kThreads - 1);
  EXPECT_EQ(rows(), 1);
}

TEST_P(IdempotencyStore, PruningDeletesOldKeysOnlyABoundedBatchAtATime) {
  for (int i = 0; i < 7; ++i)
    ASSERT_EQ(reserve(attempt("o", "h", "old" + std::to_string(i)), kT + i).kind, Kind::reserved);
  ASSERT_EQ(reserve(attempt("n", "h", "new"), kT + 100).kind, Kind::reserved);
  const UnixMicros cutoff = kT + 50;
  EXPECT_EQ(prune_keys(*db_, cutoff, 3), 3);
  EXPECT_EQ(rows(), 5);
  // The oldest went first.
  EXPECT_EQ(reserve(attempt("x", "h", "old0"), kT + 200).kind, Kind::reserved);
  EXPECT_EQ(reserve(attempt("x", "h", "old3"), kT + 200).kind, Kind::in_use);
  EXPECT_EQ(prune_keys(*db_, cutoff, 3), 3);
  EXPECT_EQ(prune_keys(*db_, cutoff, 3), 1);
  EXPECT_EQ(prune_keys(*db_, cutoff, 3), 0);
  EXPECT_EQ(rows(), 2);  // "new" and the re-reserved "old0"
  EXPECT_EQ(reserve(attempt("x", "h", "new"), kT + 200).kind, Kind::in_use);
}

INSTANTIATE_STORE_TESTS(IdempotencyStore);

}  // namespace
}  // namespace sangsaeng::store
