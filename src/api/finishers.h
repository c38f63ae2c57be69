// A few threads that finish asynchronous API calls: store the Idempotency-Key answer, write
// the audit entry, hand the response to the connection. The domain's completion callbacks run
// on its own threads (e.g. the ledger's single writer), which must not wait on other database
// writes, so they post the finishing here.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sangsaeng::api {

class Finishers {
 public:
  // REQUIRES: threads >= 1, queue_max >= 1.
  Finishers(int threads, std::size_t queue_max);
  // Runs what is queued, then joins the threads.
  ~Finishers();
  Finishers(const Finishers&) = delete;
  Finishers& operator=(const Finishers&) = delete;

  // Queues the job. When queue_max jobs are waiting it runs on the caller's thread instead:
  // slower for that caller, but nothing is dropped and memory stays bounded.
  void post(std::function<void()> job);

 private:
  void run();

  const std::size_t queue_max_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace sangsaeng::api
