#include "api/finishers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace sangsaeng::api {
namespace {

TEST(Finishers, RunsEveryJobOnItsThreadsAndDrainsWhenDestroyed) {
  std::atomic<int> ran{0};
  std::atomic<int> on_caller{0};
  const auto caller = std::this_thread::get_id();
  {
    Finishers finishers(2, 10'000);
    for (int i = 0; i < 1000; ++i) {
      finishers.post([&] {
        if (std::this_thread::get_id() == caller) ++on_caller;
        ++ran;
      });
    }
  }  // the destructor runs what is still queued
  EXPECT_EQ(ran.load(), 1000);
  EXPECT_EQ(on_caller.load(), 0);
}

// With its queue full, a job runs on the caller's thread: nothing is dropped, memory is bounded.
TEST(Finishers, AFullQueueRunsTheJobOnTheCaller) {
  // Declared before the pool, so that they outlive its threads.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  Finishers finishers(1, 1);
  finishers.post([&] {
    started.set_value();
    released.wait();  // holds the only thread
  });
  started.get_future().wait();
  finishers.post([] {});  // fills the queue (one slot)
  std::thread::id ran_on;
  finishers.post([&] { ran_on = std::this_thread::get_id(); });
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  release.set_value();
}

}  // namespace
}  // namespace sangsaeng::api
