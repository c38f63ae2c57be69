#include "ledger/queries.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace sangsaeng::ledger {

namespace {

constexpr const char* kBalanceSideSql =
    "SELECT CAST(COALESCE(SUM(CASE WHEN (flags & 2) <> 0 THEN amount WHEN (flags & 12) <> 0 THEN "
    "-released "
    "ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN (flags & 10) <> 0 THEN 0 ELSE amount "
    "END), 0) "
    "AS BIGINT) FROM ledger_transfers WHERE ";

}  // namespace

std::optional<AccountView> find_account(soci::session& s, Id account_id) {
  long long id = account_id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelectAccounts) + " WHERE a.id = :id", soci::use(id));
  for (const auto& r : rows) return account_from_row(r);
  return std::nullopt;
}

std::vector<AccountView> list_accounts(soci::session& s, const AccountFilter& f) {
  assert(f.limit >= 1 && f.limit <= 500);
  int any_kind = f.owner_kind ? 0 : 1, any_ref = f.owner_ref ? 0 : 1, any_ledger = f.ledger ? 0 : 1;
  std::string kind = f.owner_kind ? std::string(to_string(*f.owner_kind)) : "";
  std::string ref = f.owner_ref.value_or("");
  long long ledger = f.ledger.value_or(0), after = f.after_id, limit = f.limit;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelectAccounts) +
                        " WHERE a.id > :after AND (:any_kind = 1 OR a.owner_kind = :kind) AND "
                        "(:any_ref = 1 OR "
                        "a.owner_ref = :ref) AND (:any_ledger = 1 OR a.ledger = :ledger) ORDER BY "
                        "a.id LIMIT :lim",
       soci::use(after), soci::use(any_kind), soci::use(kind), soci::use(any_ref), soci::use(ref),
       soci::use(any_ledger), soci::use(ledger), soci::use(limit));
  std::vector<AccountView> out;
  for (const auto& r : rows) out.push_back(account_from_row(r));
  return out;
}

std::optional<Transfer> find_transfer(soci::session& s, Id transfer_id) {
  long long id = transfer_id;
  soci::rowset<soci::row> rows = (s.prepare << std::string("SELECT ") + kTransferColumns +
                                                   " FROM ledger_transfers WHERE id = :id",
                                  soci::use(id));
  for (const auto& r : rows) return transfer_from_row(r);
  return std::nullopt;
}

HistoryPage account_history(soci::session& s, Id account_id, std::int64_t before_seq, int limit) {
  assert(limit >= 1 && limit <= 500);
  long long a = account_id, a2 = account_id, lim = limit + 1;
  long long before = before_seq > 0 ? before_seq : std::numeric_limits<long long>::max();
  soci::rowset<soci::row> rows = (s.prepare << std::string("SELECT ") + kTransferColumns +
                                                   " FROM ledger_transfers WHERE (debit_account_id "
                                                   "= :a OR credit_account_id = :a2) AND seq < "
                                                   ":before ORDER BY seq DESC LIMIT :lim",
                                  soci::use(a), soci::use(a2), soci::use(before), soci::use(lim));
  HistoryPage page;
  for (const auto& r : rows) page.transfers.push_back(transfer_from_row(r));
  if (page.transfers.size() > static_cast<std::size_t>(limit)) {
    page.transfers.pop_back();
    page.next_before_seq = page.transfers.back().seq;
  }
  return page;
}

Balances balance_at(soci::session& s, Id account_id, UnixMicros at_us) {
  long long id = account_id, at = at_us;
  long long d_pending = 0, d_posted = 0, c_pending = 0, c_posted = 0;
  s << std::string(kBalanceSideSql) + "debit_account_id = :id AND timestamp_us <= :at",
      soci::into(d_pending), soci::into(d_posted), soci::use(id), soci::use(at);
  s << std::string(kBalanceSideSql) + "credit_account_id = :id AND timestamp_us <= :at",
      soci::into(c_pending), soci::into(c_posted), soci::use(id), soci::use(at);
  return Balances{d_pending, d_posted, c_pending, c_posted};
}

namespace {

std::string csv_quote(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::vector<TransferEntry> transfers_between(soci::session& s, std::int64_t after_seq,
                                             std::int64_t before_seq, int limit) {
  assert(limit >= 1 && limit <= kTransfersPageMax);
  long long after = after_seq, before = before_seq, lim = limit;
  // Column vectors: one bulk fetch instead of a dynamically typed row per entry (verify and
  // the export read every entry of the journal this way).
  const auto n = static_cast<std::size_t>(limit);
  std::vector<std::vector<long long>> c(12, std::vector<long long>(n));
  std::vector<std::string> reference(n), hash(n);
  s << std::string("SELECT ") + kTransferColumns +
           " FROM ledger_transfers WHERE seq > :after AND seq < :before ORDER BY seq LIMIT :lim",
      soci::into(c[0]), soci::into(c[1]), soci::into(c[2]), soci::into(c[3]), soci::into(c[4]),
      soci::into(c[5]), soci::into(c[6]), soci::into(c[7]), soci::into(c[8]), soci::into(c[9]),
      soci::into(c[10]), soci::into(reference), soci::into(c[11]), soci::into(hash),
      soci::use(after), soci::use(before), soci::use(lim);
  const std::size_t got = s.got_data() ? c[0].size() : 0;
  std::vector<TransferEntry> out(got);
  for (std::size_t i = 0; i < got; ++i) {
    out[i].transfer = transfer_at(c, std::move(reference[i]), i);
    out[i].hash = std::move(hash[i]);
  }
  return out;
}

namespace {

// The seq of the first transfer dated at_us or later (of the earliest such date, the lowest
// seq: a group commit dates all its entries alike); INT64_MAX when there is none. Two probes
// of the time index.
std::int64_t first_seq_dated(soci::session& s, UnixMicros at_us) {
  long long at = at_us, seq = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT MIN(seq) FROM ledger_transfers WHERE timestamp_us = (SELECT MIN(timestamp_us) "
       "FROM ledger_transfers WHERE timestamp_us >= :at)",
      soci::into(seq, ind), soci::use(at);
  return s.got_data() && ind == soci::i_ok ? seq : std::numeric_limits<std::int64_t>::max();
}

}  // namespace

ExportPage export_csv_page(soci::session& s, UnixMicros from_us, UnixMicros to_us,
                           std::int64_t after_seq, int rows_max, std::ostream& out) {
  assert(rows_max >= 1 && rows_max <= kExportPageRowsMax);
  if (after_seq == 0)
    out << "seq,id,timestamp,ledger,debit_account_id,credit_account_id,amount,kind,pending_id,"
           "released,code,reference,hash\r\n";
  ExportPage page;
  const std::int64_t end = first_seq_dated(s, to_us);
  const std::int64_t after = std::max(after_seq, first_seq_dated(s, from_us) - 1);
  if (after >= end - 1) return page;
  std::vector<TransferEntry> entries = transfers_between(s, after, end, rows_max + 1);
  const bool more = entries.size() > static_cast<std::size_t>(rows_max);
  if (more) entries.pop_back();
  for (const auto& [t, hash] : entries) {
    if (t.timestamp_us < from_us || t.timestamp_us >= to_us) continue;  // only if misdated
    out << t.seq << ',' << t.id << ',' << format_rfc3339(t.timestamp_us) << ',' << t.ledger << ','
        << t.debit_account_id << ',' << t.credit_account_id << ',' << t.amount << ','
        << transfer_kind(t.flags) << ',' << t.pending_id << ',' << t.released << ',' << t.code
        << ',' << csv_quote(t.reference) << ',' << hash << "\r\n";
    ++page.rows;
  }
  if (more) page.next_after_seq = entries.back().transfer.seq;
  return page;
}

std::int64_t export_csv(soci::session& s, UnixMicros from_us, UnixMicros to_us, std::ostream& out) {
  std::int64_t rows = 0;
  ExportPage page;
  do {  // bounded: every page moves past at least one journal entry
    page = export_csv_page(s, from_us, to_us, page.next_after_seq, kExportPageRowsMax, out);
    rows += page.rows;
  } while (page.next_after_seq != 0);
  return rows;
}

}  // namespace sangsaeng::ledger
