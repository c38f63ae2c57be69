// The ledger's read queries (API, CLI, verify) and the CSV export, run inside the caller's
// read transaction (store::Db::read). Every query is bounded: a page of an index scan.
// Works on SQLite and PostgreSQL. Infrastructure failures throw (soci::soci_error, StoreError).
#pragma once

#include <soci/soci.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ledger/rows.h"
#include "ledger/rules.h"

namespace sangsaeng::ledger {

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

// The transfers with after_seq < seq < before_seq in journal order, at most `limit`, each
// with its stored hash: one range of the primary key. REQUIRES: limit 1..kTransfersPageMax.
constexpr int kTransfersPageMax = 16'384;
std::vector<TransferEntry> transfers_between(soci::session& s, std::int64_t after_seq,
                                             std::int64_t before_seq, int limit);

// The CSV export, page by page so that memory stays bounded whatever the period holds.
constexpr int kExportPageRowsMax = 10'000;  // about 2.5 MB of CSV
struct ExportPage {
  std::int64_t rows = 0;            // data rows written
  std::int64_t next_after_seq = 0;  // pass as after_seq for the next page; 0: this was the last
};
// Writes the transfers with from_us <= timestamp < to_us and seq > after_seq, in journal
// order, at most rows_max of them; the header row first when after_seq is 0 (the first page),
// so the pages concatenated are one CSV file. Strings are quoted per RFC 4180. The period is
// found through the time index: the writer never dates an entry before the one before it
// (`verify` checks it). REQUIRES: rows_max 1..kExportPageRowsMax.
ExportPage export_csv_page(soci::session& s, UnixMicros from_us, UnixMicros to_us,
                           std::int64_t after_seq, int rows_max, std::ostream& out);
// The whole period, one page after another in this session (one snapshot when the session is
// in a read transaction). Returns the number of data rows written.
std::int64_t export_csv(soci::session& s, UnixMicros from_us, UnixMicros to_us, std::ostream& out);

}  // namespace sangsaeng::ledger
