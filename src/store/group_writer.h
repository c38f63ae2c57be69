// Group commit for small writes from many threads: one writer thread takes up to group_max
// queued writes, runs them in one transaction and commits once, then tells each its result.
// Every successful API write adds an audit entry (and maybe an Idempotency-Key answer); one
// durable transaction each would cap writes at the disk's fsync rate, shared they do not.
//
// A write that throws does not sink its group: the group is rolled back and its writes are run
// again one transaction each, so only the failing one reports its error.
// Thread-safe. The ledger keeps its own writer (ledger/engine.h): its state lives in memory.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "core/status.h"
#include "store/db.h"

namespace sangsaeng::store {

struct GroupWriterOptions {
  // Writes waiting; beyond it submit() runs the write on the caller's thread in a transaction
  // of its own (back-pressure: slower for that caller, nothing refused, memory bounded).
  std::size_t queue_max = 16384;
  // Writes per transaction.
  std::size_t group_max = 512;
};

class GroupWriter {
 public:
  using Write = std::function<void(soci::session&)>;
  // Runs after the commit (ok) or the failure (unavailable "database-unavailable" when the
  // database could not be reached, internal otherwise): on the writer thread, where it must be
  // quick and must not throw, or on the caller's thread when the write was not queued. The
  // writer outlives a database outage and writes again once it is back.
  using Done = std::function<void(Status)>;

  // `db` must outlive the writer.
  explicit GroupWriter(Db& db, GroupWriterOptions options = {});
  // Commits what is queued, then joins the writer thread.
  ~GroupWriter();
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;

  void submit(Write write, Done done);

  // Transactions committed so far (tests, metrics).
  std::uint64_t commits() const;

 private:
  struct Item {
    Write write;
    Done done;
  };
  void run();
  void commit_group(std::deque<Item>& group);
  Status write_alone(const Write& write);

  Db& db_;
  const GroupWriterOptions options_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Item> queue_;     // guarded by mu_
  bool stopping_ = false;      // guarded by mu_
  std::uint64_t commits_ = 0;  // guarded by mu_
  std::thread thread_;
};

}  // namespace sangsaeng::store
