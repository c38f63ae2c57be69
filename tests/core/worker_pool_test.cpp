#include "core/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace sangsaeng {
namespace {

TEST(WorkerPool, RunsEveryJobOnItsThreadsAndDrainsWhenDestroyed) {
  std::atomic<int> ran{0};
  std::atomic<int> on_caller{0};
  const auto caller = std::this_thread::get_id();
  {
    WorkerPool pool(2, 10'000);
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE(pool.try_post([&] {
        if (std::this_thread::get_id() == caller) ++on_caller;
        ++ran;
      }));
    }
  }  // the destructor runs what is still queued
  EXPECT_EQ(ran.load(), 1000);
  EXPECT_EQ(on_caller.load(), 0);
}

// The bound: with every thread busy and queue_max jobs waiting, the next job is refused and
// left to the caller; once the queue drains, jobs are taken again.
TEST(WorkerPool, AFullQueueRefusesAndLeavesTheJobToTheCaller) {
  // Declared before the pool, so that they outlive its threads.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  std::atomic<int> ran{0};
  WorkerPool pool(1, 2);
  ASSERT_TRUE(pool.try_post([&] {
    started.set_value();
    released.wait();  // holds the only thread
  }));
  started.get_future().wait();
  EXPECT_TRUE(pool.try_post([&] { ++ran; }));
  EXPECT_TRUE(pool.try_post([&] { ++ran; }));
  EXPECT_EQ(pool.queued(), 2u);
  std::function<void()> refused = [&] { ran += 10; };
  EXPECT_FALSE(pool.try_post(std::move(refused)));
  ASSERT_TRUE(refused);  // still the caller's
  refused();
  EXPECT_EQ(ran.load(), 10);
  release.set_value();
  while (pool.queued() > 0) std::this_thread::yield();
  EXPECT_TRUE(pool.try_post([&] { ++ran; }));
}

}  // namespace
}  // namespace sangsaeng
