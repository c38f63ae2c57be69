// `ledger verify`: recomputes the journal from its first entry and reports the first thing
// that does not hold: a missing or reordered entry (sequence), an entry whose stored hash is
// not the chain's (hash), an entry that breaks a rule the writer enforces (rule: unknown
// account, ledger mismatch, a flagged account crossing zero, a pending posted twice, ...),
// a stored balance that differs from the recomputed one (balance), the head row (head), or
// unequal total debits and credits in a ledger (totals).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/status.h"
#include "store/db.h"

namespace sangsaeng::ledger {

struct Mismatch {
  std::string kind;      // sequence, hash, rule, balance, head, totals
  std::int64_t seq = 0;  // the journal entry concerned, 0 when none
  std::string entry;     // "transfer 123", "account 5", "closure of account 5", ...
  std::string message;
};

struct VerifyReport {
  std::int64_t entries = 0;  // journal entries checked
  std::int64_t accounts = 0;
  std::int64_t transfers = 0;
  std::string head_hash;  // the last entry's hash: publish it to anchor the books
  std::optional<Mismatch> mismatch;
  bool ok() const { return !mismatch.has_value(); }
};

// Reads the whole journal in one read transaction (one snapshot), a batch of each journal
// table at a time: memory grows with the accounts and the open pendings (as the writer's
// state does), not with the journal's length. Throws only on infrastructure failure.
VerifyReport verify(store::Db& db);

// Runs verify on a thread of its own, one at a time, for callers that must not wait (the
// HTTP API): verifying a long journal takes seconds and a whole snapshot of the database.
class Verifications {
 public:
  // The report, or unavailable when the database failed or the object is being destroyed.
  using Done = std::function<void(Result<VerifyReport>)>;
  // What a verification runs; `stop` turns true when the object is being destroyed.
  using Run = std::function<VerifyReport(const std::atomic<bool>& stop)>;

  // Runs verify on db. REQUIRES: db outlives this object.
  explicit Verifications(store::Db& db);
  // Runs `run` instead (tests hold it to see what a second caller gets).
  explicit Verifications(Run run);
  // Stops a running verification at its next batch (its `done` gets unavailable), joins.
  ~Verifications();
  Verifications(const Verifications&) = delete;
  Verifications& operator=(const Verifications&) = delete;

  // Starts a verification, unless one is running: then false, and `done` is never called.
  // `done` runs once, on the verification's thread, after the next one may start.
  bool try_start(Done done);

 private:
  void run();

  const Run run_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable ready_;
  Done job_;               // guarded by mu_; set while a verification waits to start
  bool busy_ = false;      // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::thread worker_;     // declared last: it starts once the members above exist
};

// One line for people: "books verify: N entries, head <hash>" or the first mismatch.
std::string describe(const VerifyReport& report);

}  // namespace sangsaeng::ledger
