#include "ledger/store.h"

#include <cassert>

#include "store/arrays.h"
#include "store/db.h"

namespace sangsaeng::ledger {

namespace {

constexpr const char* kSelectLedgers = "SELECT id FROM ledger_ledgers";
constexpr const char* kOpenPendingsWhere =
    " FROM ledger_transfers t WHERE (t.flags & 2) <> 0 AND NOT EXISTS "
    "(SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id AND r.pending_id <> 0)";
constexpr const char* kSelectHead = "SELECT seq, hash, timestamp_us FROM ledger_head WHERE id = 1";
constexpr const char* kInsertAccount =
    "INSERT INTO ledger_accounts (id, seq, ledger, code, owner_kind, owner_ref, flags, created_at, "
    "hash) "
    "VALUES (:id, :seq, :ledger, :code, :kind, :ref, :flags, :at, :hash)";
constexpr const char* kInsertZeroBalances =
    "INSERT INTO ledger_balances (account_id, debits_pending, debits_posted, credits_pending, "
    "credits_posted) "
    "VALUES (:id, 0, 0, 0, 0)";
constexpr const char* kInsertAccountsPg =
    "INSERT INTO ledger_accounts (id, seq, ledger, code, owner_kind, owner_ref, flags, created_at, "
    "hash) SELECT * FROM unnest(CAST(:id AS BIGINT[]), CAST(:seq AS BIGINT[]), CAST(:ledger AS "
    "BIGINT[]), CAST(:code AS BIGINT[]), CAST(:kind AS TEXT[]), CAST(:ref AS TEXT[]), CAST(:flags "
    "AS BIGINT[]), CAST(:at AS BIGINT[]), CAST(:hash AS TEXT[]))";
constexpr const char* kInsertZeroBalancesPg =
    "INSERT INTO ledger_balances (account_id, debits_pending, debits_posted, credits_pending, "
    "credits_posted) SELECT id, 0, 0, 0, 0 FROM unnest(CAST(:id AS BIGINT[])) AS k(id)";
constexpr const char* kInsertClosure =
    "INSERT INTO ledger_account_closures (account_id, seq, closed_at, hash) VALUES (:id, :seq, "
    ":at, :hash)";
constexpr const char* kUpdateBalancesSqlite =
    "UPDATE ledger_balances SET debits_pending = :dp, debits_posted = :dpo, credits_pending = :cp, "
    "credits_posted = :cpo WHERE account_id = :id";
constexpr const char* kUpdateBalancesPg =
    "UPDATE ledger_balances AS b SET debits_pending = v.dp, debits_posted = v.dpo, credits_pending "
    "= v.cp, "
    "credits_posted = v.cpo FROM unnest(CAST(:id AS BIGINT[]), CAST(:dp AS BIGINT[]), CAST(:dpo AS "
    "BIGINT[]), "
    "CAST(:cp AS BIGINT[]), CAST(:cpo AS BIGINT[])) AS v(id, dp, dpo, cp, cpo) WHERE b.account_id "
    "= v.id";
constexpr const char* kMoveHead =
    "UPDATE ledger_head SET seq = :seq, hash = :hash, timestamp_us = :ts WHERE id = 1 AND seq = "
    ":base_seq AND "
    "hash = :base_hash RETURNING seq";
constexpr const char* kUnnestTransfersPg =
    "SELECT * FROM unnest(CAST(:a0 AS BIGINT[]), CAST(:a1 AS BIGINT[]), CAST(:a2 AS BIGINT[]), "
    "CAST(:a3 AS BIGINT[]), CAST(:a4 AS BIGINT[]), CAST(:a5 AS BIGINT[]), CAST(:a6 AS BIGINT[]), "
    "CAST(:a7 AS BIGINT[]), CAST(:a8 AS BIGINT[]), CAST(:a9 AS BIGINT[]), CAST(:a10 AS BIGINT[]), "
    "CAST(:ref AS TEXT[]), CAST(:a11 AS BIGINT[]), CAST(:hash AS TEXT[]))";
// Entries, balances and head in one round trip (data-modifying CTEs run in one snapshot; the
// head update's condition is checked against the latest committed head after its lock).
const std::string kWriteBatchPg =
    std::string("WITH entries AS (INSERT INTO ledger_transfers (") + kTransferColumns + ") " +
    kUnnestTransfersPg +
    "), balances AS (UPDATE ledger_balances AS b SET debits_pending = v.dp, debits_posted = v.dpo, "
    "credits_pending = v.cp, credits_posted = v.cpo FROM unnest(CAST(:id AS BIGINT[]), CAST(:dp AS "
    "BIGINT[]), "
    "CAST(:dpo AS BIGINT[]), CAST(:cp AS BIGINT[]), CAST(:cpo AS BIGINT[])) AS v(id, dp, dpo, cp, "
    "cpo) "
    "WHERE b.account_id = v.id) " +
    kMoveHead;
constexpr const char* kSelectKnownPg =
    "SELECT t.seq, t.id, t.debit_account_id, t.credit_account_id, t.amount, t.pending_id, "
    "t.released, t.ledger, "
    "t.code, t.flags, t.timeout_s, t.reference, t.timestamp_us, t.hash "
    "FROM unnest(CAST(:ids AS BIGINT[])) AS k(id) JOIN ledger_transfers t ON t.id = k.id";

PendingState pending_from(const Transfer& t) {
  const UnixMicros expires = t.timeout_s == 0 ? 0 : t.timestamp_us + t.timeout_s * kMicrosPerSecond;
  return {t.id, t.debit_account_id, t.credit_account_id, t.ledger, t.code, t.amount, expires};
}

void insert_accounts(soci::session& s, const std::vector<AccountEntry>& entries) {
  if (entries.empty()) return;
  std::vector<long long> id, seq, ledger, code, flags, at;
  std::vector<std::string> kind, ref, hash;
  for (const auto& e : entries) {
    id.push_back(e.account.id);
    seq.push_back(e.seq);
    ledger.push_back(e.account.ledger);
    code.push_back(e.account.code);
    kind.emplace_back(to_string(e.account.owner_kind));
    ref.push_back(e.account.owner_ref);
    flags.push_back(e.account.flags);
    at.push_back(e.account.created_at_us);
    hash.push_back(e.hash);
  }
  if (is_pg(s)) {  // one statement each: arrays unnested into rows
    const std::string a_id = store::pg_array(id), a_seq = store::pg_array(seq),
                      a_ledger = store::pg_array(ledger), a_code = store::pg_array(code),
                      a_kind = store::pg_array(kind), a_ref = store::pg_array(ref),
                      a_flags = store::pg_array(flags), a_at = store::pg_array(at),
                      a_hash = store::pg_array(hash);
    s << kInsertAccountsPg, soci::use(a_id), soci::use(a_seq), soci::use(a_ledger),
        soci::use(a_code), soci::use(a_kind), soci::use(a_ref), soci::use(a_flags), soci::use(a_at),
        soci::use(a_hash);
    s << kInsertZeroBalancesPg, soci::use(a_id);
    return;
  }
  s << kInsertAccount, soci::use(id), soci::use(seq), soci::use(ledger), soci::use(code),
      soci::use(kind), soci::use(ref), soci::use(flags), soci::use(at), soci::use(hash);
  s << kInsertZeroBalances, soci::use(id);
}

void insert_closures(soci::session& s, const std::vector<ClosureEntry>& entries) {
  if (entries.empty()) return;
  std::vector<long long> id, seq, at;
  std::vector<std::string> hash;
  for (const auto& e : entries) {
    id.push_back(e.account_id);
    seq.push_back(e.seq);
    at.push_back(e.closed_at_us);
    hash.push_back(e.hash);
  }
  s << kInsertClosure, soci::use(id), soci::use(seq), soci::use(at), soci::use(hash);
}

// Changed balances column by column: account id, debits pending, debits posted, credits
// pending, credits posted.
struct BalanceColumns {
  std::vector<long long> id, dp, dpo, cp, cpo;
};

BalanceColumns balance_columns(const std::vector<std::pair<Id, Balances>>& touched) {
  BalanceColumns c;
  for (const auto& [account_id, b] : touched) {
    c.id.push_back(account_id);
    c.dp.push_back(b.debits_pending);
    c.dpo.push_back(b.debits_posted);
    c.cp.push_back(b.credits_pending);
    c.cpo.push_back(b.credits_posted);
  }
  return c;
}

void update_balances(soci::session& s, const std::vector<std::pair<Id, Balances>>& touched) {
  if (touched.empty()) return;
  auto [id, dp, dpo, cp, cpo] = balance_columns(touched);
  if (!is_pg(s)) {
    s << kUpdateBalancesSqlite, soci::use(dp), soci::use(dpo), soci::use(cp), soci::use(cpo),
        soci::use(id);
    return;
  }
  const std::string a = int_list(id, true), b = int_list(dp, true), c = int_list(dpo, true),
                    d = int_list(cp, true), e = int_list(cpo, true);
  s << kUpdateBalancesPg, soci::use(a), soci::use(b), soci::use(c), soci::use(d), soci::use(e);
}

// The transfer entries as PostgreSQL array literals, one per column.
struct PgColumns {
  std::vector<std::string>
      ints;  // 12 integer columns in kTransferColumns order (without reference, hash)
  std::string refs, hashes;
};

// The transfer entries column by column: the 12 integer columns in kTransferColumns order
// (without reference and hash), then reference and hash.
struct TransferColumns {
  static constexpr int kInts = 12;
  std::vector<std::vector<long long>> ints = std::vector<std::vector<long long>>(kInts);
  std::vector<std::string> reference, hash;
};

TransferColumns transfer_columns(std::span<const TransferEntry> entries) {
  TransferColumns out;
  for (auto& col : out.ints) col.reserve(entries.size());
  for (const auto& e : entries) {
    const Transfer& t = e.transfer;
    const long long row[TransferColumns::kInts] = {t.seq,
                                                   t.id,
                                                   t.debit_account_id,
                                                   t.credit_account_id,
                                                   t.amount,
                                                   t.pending_id,
                                                   t.released,
                                                   t.ledger,
                                                   t.code,
                                                   static_cast<long long>(t.flags),
                                                   t.timeout_s,
                                                   t.timestamp_us};
    for (int c = 0; c < TransferColumns::kInts; ++c) out.ints[c].push_back(row[c]);
    out.reference.push_back(t.reference);
    out.hash.push_back(e.hash);
  }
  return out;
}

PgColumns pg_columns(std::span<const TransferEntry> entries) {
  const TransferColumns columns = transfer_columns(entries);
  PgColumns out;
  for (const auto& col : columns.ints) out.ints.push_back(int_list(col, true));
  out.refs = store::pg_array(columns.reference);
  out.hashes = store::pg_array(columns.hash);
  return out;
}

}  // namespace

State load_state(soci::session& s) {
  State st;
  soci::rowset<soci::row> ledgers = (s.prepare << kSelectLedgers);
  for (const auto& r : ledgers) st.ledgers.insert(static_cast<LedgerId>(row_i64(r, 0)));
  soci::rowset<soci::row> accounts = (s.prepare << kSelectAccounts);
  for (const auto& r : accounts) {
    AccountView v = account_from_row(r);
    st.accounts.emplace(v.account.id, AccountState{v.account, v.balances, v.closed});
  }
  soci::rowset<soci::row> pendings =
      (s.prepare << std::string("SELECT ") + kTransferColumns + kOpenPendingsWhere);
  for (const auto& r : pendings) {
    const PendingState p = pending_from(transfer_from_row(r));
    st.pendings.emplace(p.id, p);
    if (p.expires_at_us != 0) st.expiries.insert({p.expires_at_us, p.id});
  }
  st.head = read_head(s, false);
  return st;
}

Head read_head(soci::session& s, bool lock) {
  soci::row r;
  s << std::string(kSelectHead) + (lock && is_pg(s) ? " FOR UPDATE" : ""), soci::into(r);
  if (!s.got_data())
    throw store::StoreError("ledger_head has no row (migration 0100 not applied?)");
  return Head{row_i64(r, 0), r.get<std::string>(1), row_i64(r, 2)};
}

Known fetch_known(soci::session& s, const std::vector<Id>& ids,
                  const std::vector<Id>& resolved_ids) {
  assert(ids.size() <= 2 * kBatchEventsMax * 64);
  Known known;
  const bool pg = is_pg(s);
  const char* in = ids_in(pg);
  if (!ids.empty() && pg) {
    // A join on unnest keeps the plan on the primary key (with "= ANY" of thousands of ids the
    // planner expects thousands of rows and may scan the whole table), and a one-time query
    // with vectors is one round trip (a rowset would prepare and deallocate a statement).
    const std::string list = int_list(ids, true);
    std::vector<std::vector<long long>> c(12, std::vector<long long>(ids.size()));
    std::vector<std::string> reference(ids.size()), hash(ids.size());
    s << kSelectKnownPg, soci::into(c[0]), soci::into(c[1]), soci::into(c[2]), soci::into(c[3]),
        soci::into(c[4]), soci::into(c[5]), soci::into(c[6]), soci::into(c[7]), soci::into(c[8]),
        soci::into(c[9]), soci::into(c[10]), soci::into(reference), soci::into(c[11]),
        soci::into(hash), soci::use(list);
    const std::size_t n = s.got_data() ? c[0].size() : 0;
    for (std::size_t i = 0; i < n; ++i) {
      Transfer t = transfer_at(c, std::move(reference[i]), i);
      const Id id = t.id;
      known.transfers.emplace(id, std::move(t));
    }
  } else if (!ids.empty()) {
    const std::string list = int_list(ids, false);
    soci::rowset<soci::row> rows = (s.prepare << std::string("SELECT ") + kTransferColumns +
                                                     " FROM ledger_transfers WHERE id" + in,
                                    soci::use(list));
    for (const auto& r : rows) {
      Transfer t = transfer_from_row(r);
      known.transfers.emplace(t.id, std::move(t));
    }
  }
  if (!resolved_ids.empty()) {
    const std::string list = int_list(resolved_ids, pg);
    soci::rowset<soci::row> rows =
        (s.prepare << std::string("SELECT pending_id, flags FROM ledger_transfers WHERE pending_id "
                                  "<> 0 AND pending_id") +
                          in,
         soci::use(list));
    for (const auto& r : rows)
      known.resolutions[row_i64(r, 0)] = static_cast<std::uint32_t>(row_i64(r, 1));
  }
  return known;
}

void insert_transfer_entries(soci::session& s, std::span<const TransferEntry> entries,
                             const std::string& table) {
  if (entries.empty()) return;
  assert(entries.size() <= 4 * kBatchEventsMax);
  const std::string head = "INSERT INTO " + table + " (" + kTransferColumns + ") ";
  if (is_pg(s)) {  // one statement: arrays unnested into rows
    const PgColumns c = pg_columns(entries);
    s << head + kUnnestTransfersPg, soci::use(c.ints[0]), soci::use(c.ints[1]),
        soci::use(c.ints[2]), soci::use(c.ints[3]), soci::use(c.ints[4]), soci::use(c.ints[5]),
        soci::use(c.ints[6]), soci::use(c.ints[7]), soci::use(c.ints[8]), soci::use(c.ints[9]),
        soci::use(c.ints[10]), soci::use(c.refs), soci::use(c.ints[11]), soci::use(c.hashes);
    return;
  }
  // SQLite: one prepared statement bound to column vectors (no round trips to save).
  TransferColumns c = transfer_columns(entries);
  auto& ints = c.ints;
  s << head +
           "VALUES (:seq, :id, :dr, :cr, :amount, :pid, :rel, :ledger, :code, :flags, :timeout, "
           ":ref, :ts, :hash)",
      soci::use(ints[0]), soci::use(ints[1]), soci::use(ints[2]), soci::use(ints[3]),
      soci::use(ints[4]), soci::use(ints[5]), soci::use(ints[6]), soci::use(ints[7]),
      soci::use(ints[8]), soci::use(ints[9]), soci::use(ints[10]), soci::use(c.reference),
      soci::use(ints[11]), soci::use(c.hash);
}

bool write_batch(soci::session& s, const Batch& batch, const Head& base) {
  insert_accounts(s, batch.account_entries());
  insert_closures(s, batch.closure_entries());
  long long seq = batch.head().seq, ts = std::max(batch.timestamp_us(), base.timestamp_us);
  long long base_seq = base.seq;
  std::string hash = batch.head().hash, base_hash = base.hash;
  if (batch.empty()) ts = base.timestamp_us;
  long long moved_to = 0;
  soci::indicator ind = soci::i_null;
  if (!is_pg(s) || batch.transfer_entries().empty()) {
    insert_transfer_entries(s, batch.transfer_entries());
    update_balances(s, batch.touched_balances());
    s << kMoveHead, soci::use(seq), soci::use(hash), soci::use(ts), soci::use(base_seq),
        soci::use(base_hash), soci::into(moved_to, ind);
    return s.got_data() && ind == soci::i_ok;
  }
  // PostgreSQL: one statement, data-modifying CTEs for the entries and the balances.
  const PgColumns c = pg_columns(batch.transfer_entries());
  const auto [id, dp, dpo, cp, cpo] = balance_columns(batch.touched_balances());
  const std::string bid = int_list(id, true), bdp = int_list(dp, true), bdpo = int_list(dpo, true),
                    bcp = int_list(cp, true), bcpo = int_list(cpo, true);
  s << kWriteBatchPg, soci::use(c.ints[0]), soci::use(c.ints[1]), soci::use(c.ints[2]),
      soci::use(c.ints[3]), soci::use(c.ints[4]), soci::use(c.ints[5]), soci::use(c.ints[6]),
      soci::use(c.ints[7]), soci::use(c.ints[8]), soci::use(c.ints[9]), soci::use(c.ints[10]),
      soci::use(c.refs), soci::use(c.ints[11]), soci::use(c.hashes), soci::use(bid), soci::use(bdp),
      soci::use(bdpo), soci::use(bcp), soci::use(bcpo), soci::use(seq), soci::use(hash),
      soci::use(ts), soci::use(base_seq), soci::use(base_hash), soci::into(moved_to, ind);
  return s.got_data() && ind == soci::i_ok;
}

}  // namespace sangsaeng::ledger
