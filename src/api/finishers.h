// A few threads that finish asynchronous API calls: store the Idempotency-Key answer, write
// the audit entry, hand the response to the connection. The domain's completion callbacks run
// on its own threads (e.g. the ledger's single writer), which must not wait on other database
// writes, so they post the finishing here.
#pragma once

#include <cstddef>
#include <functional>

#include "core/worker_pool.h"

namespace sangsaeng::api {

class Finishers {
 public:
  // REQUIRES: threads >= 1, queue_max >= 1.
  Finishers(int threads, std::size_t queue_max) : pool_(threads, queue_max, "ss-finish") {}
  // Runs what is queued, then joins the threads.
  ~Finishers() = default;

  // Queues the job. When queue_max jobs are waiting it runs on the caller's thread instead:
  // slower for that caller, but nothing is dropped and memory stays bounded.
  void post(std::function<void()> job) {
    if (!pool_.try_post(std::move(job))) job();
  }

 private:
  WorkerPool pool_;
};

}  // namespace sangsaeng::api
