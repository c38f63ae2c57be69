#include "core/worker_pool.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cassert>

namespace sangsaeng {

WorkerPool::WorkerPool(int threads, std::size_t queue_max, std::string name, int nice)
    : queue_max_(queue_max), name_(name.substr(0, 15)), nice_(nice) {
  assert(threads >= 1 && queue_max >= 1);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : threads_) t.join();
  assert(queue_.empty());
}

bool WorkerPool::try_post(std::function<void()>&& job) {
  std::lock_guard lock(mu_);
  if (stopping_ || queue_.size() >= queue_max_) return false;
  queue_.push_back(std::move(job));
  ready_.notify_one();
  return true;
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void WorkerPool::run() {
  pthread_setname_np(pthread_self(), name_.c_str());
  // Best effort: without the right to, the threads keep the process's priority.
  if (nice_ > 0) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), nice_);
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
  }
}

}  // namespace sangsaeng
