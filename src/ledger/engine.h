// The ledger engine: the one writer. Callers submit batches (accounts, transfers, account
// closures); a writer thread takes them from a bounded queue, applies as many as fit in one
// group (at most group_events_max events) to an overlay of the in-memory state, writes the
// entries in one durable transaction (group commit), and only then merges the overlay and
// answers each caller. A failed commit drops the overlay and reloads the state from the
// database, so memory never holds what the database does not.
//
// Every commit ends by moving the head row only if it is still where this engine left it;
// if another process wrote meanwhile (N nodes on one PostgreSQL), the transaction rolls back
// and the engine reloads and retries once. Pendings whose timeout has passed are voided by new
// entries (id -pending_id) at the start of each commit and by an idle sweep every sweep_interval.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/status.h"
#include "ledger/rules.h"
#include "store/db.h"

namespace sangsaeng::ledger {

struct EngineOptions {
  // Commands waiting for the writer; beyond it submit answers resource_exhausted at once
  // (back-pressure instead of unbounded memory).
  std::size_t queue_depth_max = 4096;
  // Events per durable transaction. Larger groups amortise the fsync; smaller ones cut
  // the latency of the first caller in a group.
  std::size_t group_events_max = kBatchEventsMax;
  // How often an idle writer looks for expired pendings.
  std::chrono::milliseconds sweep_interval{1000};
  // The clock (the only place the ledger reads one); tests pass a fake.
  std::function<UnixMicros()> clock = now_us;
};

class Engine {
 public:
  using TransfersDone = std::function<void(Result<std::vector<TransferResult>>)>;
  using AccountsDone = std::function<void(Result<std::vector<AccountResult>>)>;
  using CloseDone = std::function<void(Result<ResultCode>)>;
  using SweepDone = std::function<void(Result<std::size_t>)>;

  // Loads the state from db (migrated to 0100+) and starts the writer. Throws StoreError or
  // soci_error when the database cannot be read. db must outlive the engine.
  Engine(store::Db& db, EngineOptions options = {});
  // Stops taking commands, finishes the queued ones, joins the writer.
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Queue a batch. `done` runs exactly once: on the writer thread after the commit that made
  // the results durable, or at once (on the caller's thread) with resource_exhausted (queue
  // full), invalid_argument (more than kBatchEventsMax events) or unavailable (stopping).
  // A commit failure answers unavailable; retrying with the same ids is safe.
  // `done` must be quick and must not throw (it runs on the writer).
  void submit_transfers(std::vector<Transfer> transfers, TransfersDone done);
  void submit_accounts(std::vector<Account> accounts, AccountsDone done);
  void submit_close(Id account_id, CloseDone done);
  // Voids the pendings that have expired by now (also done automatically); `done` gets the count.
  void submit_sweep(SweepDone done);

  // The same, as futures (tests, CLI, benchmarks).
  std::future<Result<std::vector<TransferResult>>> create_transfers(
      std::vector<Transfer> transfers);
  std::future<Result<std::vector<AccountResult>>> create_accounts(std::vector<Account> accounts);
  std::future<Result<ResultCode>> close_account(Id account_id);
  std::future<Result<std::size_t>> sweep();

  // Commits made so far (for tests and benchmarks).
  std::uint64_t commits() const;

 private:
  struct Command;
  struct Group;
  Status enqueue(Command command);
  void run();
  void run_group(std::vector<Command>& group);
  bool try_commit(std::vector<Command>& group, UnixMicros now_us, Group& out);
  void reload();

  store::Db& db_;
  const EngineOptions options_;
  State state_;              // owned by the writer thread after construction
  bool state_valid_ = true;  // false after a reload failed; the next group reloads first
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Command> queue_;  // guarded by mu_
  bool stopping_ = false;      // guarded by mu_
  std::uint64_t commits_ = 0;  // guarded by mu_
  std::thread writer_;
};

}  // namespace sangsaeng::ledger
