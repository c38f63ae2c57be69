// Scheduled jobs (DESIGN.md sections 2 and 8): work that runs at a time rather than on a
// request, e.g. the Wednesday 10:00 drop opening, year-end settlement, pruning old rows.
// Programs add their jobs to the Runner; a node runs them only when its config says so
// (`run_scheduled_jobs`), and every run holds a lease row in the database (scheduled_jobs),
// so two nodes on one database never run a job at once and a crashed holder's lease expires.
// When a job last ran is stored with it: a due run happens once across nodes and restarts,
// and occurrences missed while no node ran are caught up by one run (docs/decisions.md).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/time.h"
#include "store/db.h"

namespace sangsaeng::jobs {

// When a job is due. Calendars are Asia/Seoul.
class Schedule {
 public:
  // Every `interval_us` after the start of the last run; a new job's first run is due at once.
  static Schedule every(std::int64_t interval_us);
  // At hour:minute every day, or each week on `weekday` (0 = Sunday ... 6 = Saturday), or each
  // year on month/day (not 02-29). A new job's first run is its first occurrence after the
  // job was first seen by a runner.
  static Schedule daily_kst(int hour, int minute);
  static Schedule weekly_kst(int weekday, int hour, int minute);
  static Schedule yearly_kst(int month, int day, int hour, int minute);

  // The first instant strictly after `t` at which the job is due.
  UnixMicros next_after(UnixMicros t) const;
  bool calendar() const { return kind_ != Kind::interval; }

 private:
  enum class Kind { interval, daily, weekly, yearly };
  Kind kind_ = Kind::interval;
  std::int64_t interval_us_ = 0;
  int month_ = 0, day_ = 0, weekday_ = 0, hour_ = 0, minute_ = 0;
};

struct Job {
  std::string name;  // unique; names the job's row in scheduled_jobs
  Schedule schedule;
  // One run. It must bound its work (a batch of rows, not "everything") and end well within
  // `lease_us`, after which another runner may take the job over. `now` is the run's instant.
  // Returns true when work is left (it stopped at its bound): it runs again soon instead of
  // at its next due time. An exception ends the run; it is logged and tried when next due.
  std::function<bool(UnixMicros now)> run;
  std::int64_t lease_us = 5 * 60 * kMicrosPerSecond;
};

struct RunnerOptions {
  // Names this runner in the lease rows (a random suffix is added), e.g. "node-3".
  std::string holder = "node";
  // The longest sleep of the runner's thread: runs of other nodes are noticed within it.
  std::int64_t poll_us = 30 * kMicrosPerSecond;
  // Pause before running again a job that left work.
  std::int64_t again_us = kMicrosPerSecond;
};

class Runner {
 public:
  // `db` must be migrated and outlive the runner.
  explicit Runner(store::Db& db, RunnerOptions options = {});
  // Stops (see stop()).
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // REQUIRES: before start(); names unique; at most 64 jobs.
  void add(Job job);
  // Starts a thread that runs jobs when due (now_us()). At most once.
  void start();
  // Lets a run in progress end, then joins the thread. Safe to call twice.
  void stop();

  // Runs every job due at `now` whose lease this runner gets, one after another, on the
  // caller's thread (the thread's pass; tests call it with their own `now`). Returns how
  // many ran. Throws only what the database throws (store::StoreError, soci::soci_error).
  int run_due(UnixMicros now);

 private:
  struct Entry {
    Job job;
    bool more = false;       // the last run left work: run again without waiting to be due
    UnixMicros wake_at = 0;  // set by take(): when to look again if it was not taken
  };
  // Takes the job's lease if it is due and free; false otherwise (then sets `wake_at`).
  bool take(Entry& entry, UnixMicros now);
  void give_back(const Entry& entry, UnixMicros now);
  void loop();

  store::Db& db_;
  const RunnerOptions options_;
  const std::string holder_;
  std::vector<Entry> entries_;  // fixed after start(); used by one thread at a time
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;   // guarded by mu_
  UnixMicros next_at_ = 0;  // guarded by mu_: earliest due time seen by the last pass
  std::mutex pass_mu_;      // one pass at a time
  std::thread thread_;
};

}  // namespace sangsaeng::jobs
