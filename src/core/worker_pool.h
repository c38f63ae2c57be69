// A fixed set of threads running jobs from a bounded queue: work that must not run on an io
// thread (password hashing, the finishing of asynchronous API calls). The queue's bound is
// the caller's to act on: try_post refuses a job when it is full (the caller answers "busy"
// or runs the job itself), so memory stays bounded under any load.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sangsaeng {

class WorkerPool {
 public:
  // REQUIRES: threads >= 1, queue_max >= 1. `name` names the threads (top -H, gdb; at most 15
  // characters). `nice` > 0 lowers the threads' CPU priority (Linux, per thread), so that
  // when the cores are short the io threads go first and this work waits.
  WorkerPool(int threads, std::size_t queue_max, std::string name = "worker", int nice = 0);
  // Refuses new jobs, runs what is queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues the job and returns true; returns false, leaving `job` untouched, when queue_max
  // jobs are already waiting (jobs running on the threads do not count) or the pool is
  // being destroyed.
  bool try_post(std::function<void()>&& job);
  // Jobs waiting (not yet started).
  std::size_t queued() const;
  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void run();

  const std::size_t queue_max_;
  const std::string name_;
  const int nice_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace sangsaeng
