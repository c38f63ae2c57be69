// `ledger verify`: recomputes the journal from its first entry and reports the first thing
// that does not hold: a missing or reordered entry (sequence), an entry whose stored hash is
// not the chain's (hash), an entry that breaks a rule the writer enforces (rule: unknown
// account, ledger mismatch, a flagged account crossing zero, a pending posted twice, ...),
// a stored balance that differs from the recomputed one (balance), the head row (head), or
// unequal total debits and credits in a ledger (totals).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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

// Reads the whole journal in one read transaction. Throws only on infrastructure failure.
VerifyReport verify(store::Db& db);

// One line for people: "books verify: N entries, head <hash>" or the first mismatch.
std::string describe(const VerifyReport& report);

}  // namespace sangsaeng::ledger
