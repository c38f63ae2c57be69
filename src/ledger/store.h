// The ledger writer's persistence (migrations 0100+): loading its state and storing a
// group's entries, run inside the caller's transaction (store::Db::write or read). Works on
// SQLite and PostgreSQL; the dialect is taken from the session. The read queries and the
// export are in ledger/queries.h. Infrastructure failures throw (soci::soci_error, StoreError).
#pragma once

#include <soci/soci.h>

#include <span>
#include <string>
#include <vector>

#include "ledger/rows.h"
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
// REQUIRES: at most 4 * kBatchEventsMax entries.
void insert_transfer_entries(soci::session& s, std::span<const TransferEntry> entries,
                             const std::string& table = "ledger_transfers");

}  // namespace sangsaeng::ledger
