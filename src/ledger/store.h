// The ledger's SQL (migrations 0100+): named statements, run inside the caller's
// transaction (store::Db::write or read). Works on SQLite and PostgreSQL; the dialect is
// taken from the session. Infrastructure failures throw (soci::soci_error, StoreError).
#pragma once

#include <soci/soci.h>

#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "ledger/rules.h"

namespace sangsaeng::ledger {

// Loads the writer's state: ledgers, every account with balances and closed flag, the open
// pendings with their expiry, the head.
State load_state(soci::session& s);

// Reads the head row. With lock (write transactions only) on PostgreSQL the row stays
// locked until the transaction ends, so writers on several nodes take turns.
Head read_head(soci::session& s, bool lock);

// What the journal holds about these ids: transfers whose id is in `ids`, and the flags of
// the entries that resolved the pendings in `resolved_ids`. Bounded by the batch size.
Known fetch_known(soci::session& s, const std::vector<Id>& ids,
                  const std::vector<Id>& resolved_ids);

// Appends a batch's entries (if any), writes its balances and moves the head from `base` to
// the batch's head — only if the head is still `base` (the head row is locked until the
// transaction ends). False when another writer moved it: the caller must roll back. On
// PostgreSQL the transfers, balances and head go in one statement (one round trip).
bool write_batch(soci::session& s, const Batch& batch, const Head& base);

// Inserts transfer entries into `table` (ledger_transfers, or a copy with the same columns
// for the benchmark's raw insert rate), in one statement per dialect-sized chunk.
void insert_transfer_entries(soci::session& s, std::span<const TransferEntry> entries,
                             const std::string& table = "ledger_transfers");

// --- reads (API, CLI) ----------------------------------------------------------------

struct AccountView {
  Account account;
  Balances balances;
  bool closed = false;
  std::optional<UnixMicros> closed_at_us;
};

std::optional<AccountView> find_account(soci::session& s, Id account_id);

struct AccountFilter {
  std::optional<OwnerKind> owner_kind;
  std::optional<std::string> owner_ref;
  std::optional<LedgerId> ledger;
  Id after_id = 0;  // cursor: accounts with a larger id
  int limit = 50;   // REQUIRES: 1..500
};
std::vector<AccountView> list_accounts(soci::session& s, const AccountFilter& filter);

std::optional<Transfer> find_transfer(soci::session& s, Id transfer_id);

struct HistoryPage {
  std::vector<Transfer> transfers;   // newest first
  std::int64_t next_before_seq = 0;  // 0: no more
};
// Transfers that debit or credit the account, newest first, with seq < before_seq
// (0: from the newest). REQUIRES: limit 1..500.
HistoryPage account_history(soci::session& s, Id account_id, std::int64_t before_seq, int limit);

// The account's balances as they were at `at_us` (every entry with timestamp <= at_us).
Balances balance_at(soci::session& s, Id account_id, UnixMicros at_us);

// Writes the transfers with from_us <= timestamp < to_us as CSV (header first), in journal
// order. Returns the number of rows written. Strings are quoted per RFC 4180.
std::int64_t export_csv(soci::session& s, UnixMicros from_us, UnixMicros to_us, std::ostream& out);

// Reads one integer column of a row whatever type the backend reports (SQLite and
// PostgreSQL describe integer columns differently). NULL reads as 0.
std::int64_t row_i64(const soci::row& r, std::size_t i);
// Parses a transfer from a row selected with kTransferColumns.
Transfer transfer_from_row(const soci::row& r);
extern const char* const kTransferColumns;

}  // namespace sangsaeng::ledger
