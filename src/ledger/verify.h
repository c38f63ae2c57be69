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
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/status.h"
#include "store/db.h"

namespace soci {
class session;
}

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

// --- the published journal: verifying the books without a copy of the database
//
// write_journal writes every journal entry (account opened, account closed, transfer) in
// journal order, with every field its hash covers and the stored hash, as CSV (RFC 4180, no
// BOM): seq,kind,hash,id,ledger,code,flags,at_us,owner_kind,owner_ref,debit_account_id,
// credit_account_id,amount,pending_id,released,timeout_s,reference. Times are UTC
// microseconds, as hashed. Run it inside one read transaction (one snapshot); memory holds one
// batch. Returns the entries written.
std::int64_t write_journal(soci::session& s, std::ostream& out);

struct JournalCheck {
  VerifyReport report;        // as verify(), but no stored balances or head row to compare
  std::int64_t head_seq = 0;  // the entry whose hash is the `head` asked about; 0: never reached
};
// Replays a journal written by write_journal, without a database: the sequence, every hash
// from the genesis, the rules the writer enforces and the totals per ledger. With `head` (a
// hash noted from the public page), head_seq says at which entry the chain reaches it. A line
// that is not the journal's is a "format" mismatch naming the line. Memory grows with the
// accounts and the transfer ids, not with the file's text.
JournalCheck verify_journal(std::istream& in, const std::string& head = {});

// One line for people: "books verify: N entries, head <hash>" or the first mismatch.
std::string describe(const VerifyReport& report);

}  // namespace sangsaeng::ledger
