#include "store/group_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "support/store_fixture.h"

namespace sangsaeng::store {
namespace {

// Keeps the writer busy in one write until opened, so that the writes after it queue up.
// Declare it before the writer, so that it outlives the writer's thread.
class Gate {
 public:
  GroupWriter::Write hold(GroupWriter::Write then = {}) {
    return [this, then](soci::session& s) {
      holding_.set_value();
      released_.wait();
      if (then) then(s);
    };
  }
  void wait_held() { holding_.get_future().wait(); }
  void open() { release_.set_value(); }

 private:
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::promise<void> holding_;
};

class GroupWriterTest : public testing::StoreTest {
 protected:
  long long orgs() {
    return db_->read([](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM orgs", soci::into(n);
      return n;
    });
  }
  static GroupWriter::Write insert_org(long long id) {
    return [id](soci::session& s) {
      const std::string name = "org " + std::to_string(id);
      s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (:i, :n, 'company', 0)",
          soci::use(id), soci::use(name);
    };
  }
};

// Writes submitted from many threads while the writer is busy commit together: with the writer
// held in one write, 8 threads submit 50 writes each; once it goes on, the 400 queued writes
// commit in groups of group_max (64): 7 transactions after the held one.
TEST_P(GroupWriterTest, WritesQueuedMeanwhileShareCommitsOfGroupMax) {
  constexpr int kThreads = 8, kEach = 50;
  Gate gate;
  std::atomic<int> ok{0};
  std::vector<std::promise<void>> answered(kThreads * kEach);
  GroupWriterOptions options;
  options.group_max = 64;
  GroupWriter writer(*db_, options);
  writer.submit(gate.hold(), [](Status) {});
  gate.wait_held();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int n = t * kEach + i;
        writer.submit(insert_org(1 + n), [&, n](Status st) {
          if (st.ok()) ++ok;
          answered[n].set_value();
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  gate.open();
  for (auto& a : answered) a.get_future().wait();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  EXPECT_EQ(orgs(), kThreads * kEach);
  EXPECT_EQ(writer.commits(), 1u + (kThreads * kEach + 63) / 64);
}

// A failing write (a duplicate key) reports its own error; the others of its group stand.
TEST_P(GroupWriterTest, AFailingWriteDoesNotSinkItsGroup) {
  std::vector<std::promise<Status>> results(5);
  Gate gate;
  {
    GroupWriterOptions options;
    options.group_max = 8;
    GroupWriter writer(*db_, options);
    // Hold the writer in a first write so that the next five queue and commit together.
    writer.submit(gate.hold(insert_org(100)), [](Status) {});
    gate.wait_held();
    const long long ids[] = {1, 2, 1, 3, 4};  // the second 1 fails
    for (std::size_t i = 0; i < results.size(); ++i)
      writer.submit(insert_org(ids[i]), [&results, i](Status st) { results[i].set_value(st); });
    gate.open();
  }  // the destructor commits what is queued
  std::vector<bool> ok;
  for (auto& r : results) ok.push_back(r.get_future().get().ok());
  EXPECT_EQ(ok, (std::vector<bool>{true, true, false, true, true}));
  EXPECT_EQ(orgs(), 5);  // 100, 1, 2, 3, 4
}

// With its queue full, a write runs on the caller's thread: refused never, bounded always.
TEST_P(GroupWriterTest, AFullQueueWritesOnTheCaller) {
  Gate gate;
  GroupWriterOptions options;
  options.queue_max = 1;
  GroupWriter writer(*db_, options);
  writer.submit(gate.hold(), [](Status) {});
  gate.wait_held();
  writer.submit(insert_org(1), [](Status) {});  // fills the queue
  std::thread::id done_on;
  Status status(Code::internal, "x", "not called");
  // SQLite has one writer at a time: release the held one before the caller writes.
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    gate.open();
  });
  writer.submit(insert_org(2), [&](Status st) {
    done_on = std::this_thread::get_id();
    status = st;
  });
  releaser.join();
  EXPECT_EQ(done_on, std::this_thread::get_id());
  EXPECT_TRUE(status.ok()) << status.message();
}

INSTANTIATE_STORE_TESTS(GroupWriterTest);

}  // namespace
}  // namespace sangsaeng::store
