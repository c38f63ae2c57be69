#include "ledger/rows.h"

#include <cassert>

#include "store/db.h"

namespace sangsaeng::ledger {

const char* const kTransferColumns =
    "seq, id, debit_account_id, credit_account_id, amount, pending_id, released, ledger, code, "
    "flags, "
    "timeout_s, reference, timestamp_us, hash";

const char* const kSelectAccounts =
    "SELECT a.id, a.ledger, a.code, a.owner_kind, a.owner_ref, a.flags, a.created_at, "
    "b.debits_pending, "
    "b.debits_posted, b.credits_pending, b.credits_posted, c.closed_at "
    "FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id "
    "LEFT JOIN ledger_account_closures c ON c.account_id = a.id";

std::int64_t row_i64(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return 0;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return r.get<int>(i);
    case soci::dt_long_long:
      return r.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<std::int64_t>(r.get<unsigned long long>(i));
    case soci::dt_string:
      return std::stoll(r.get<std::string>(i));
    case soci::dt_double:
      return static_cast<std::int64_t>(r.get<double>(i));
    default:
      throw store::StoreError("ledger: a column expected to be an integer is not");
  }
}

Transfer transfer_at(const std::vector<std::vector<long long>>& c, std::string reference,
                     std::size_t i) {
  assert(c.size() == 12 && i < c[0].size());
  Transfer t;
  t.seq = c[0][i];
  t.id = c[1][i];
  t.debit_account_id = c[2][i];
  t.credit_account_id = c[3][i];
  t.amount = c[4][i];
  t.pending_id = c[5][i];
  t.released = c[6][i];
  t.ledger = static_cast<LedgerId>(c[7][i]);
  t.code = static_cast<std::int32_t>(c[8][i]);
  t.flags = static_cast<std::uint32_t>(c[9][i]);
  t.timeout_s = c[10][i];
  t.reference = std::move(reference);
  t.timestamp_us = c[11][i];
  return t;
}

Transfer transfer_from_row(const soci::row& r) {
  Transfer t;
  t.seq = row_i64(r, 0);
  t.id = row_i64(r, 1);
  t.debit_account_id = row_i64(r, 2);
  t.credit_account_id = row_i64(r, 3);
  t.amount = row_i64(r, 4);
  t.pending_id = row_i64(r, 5);
  t.released = row_i64(r, 6);
  t.ledger = static_cast<LedgerId>(row_i64(r, 7));
  t.code = static_cast<std::int32_t>(row_i64(r, 8));
  t.flags = static_cast<std::uint32_t>(row_i64(r, 9));
  t.timeout_s = row_i64(r, 10);
  t.reference = r.get<std::string>(11);
  t.timestamp_us = row_i64(r, 12);
  return t;
}

AccountView account_from_row(const soci::row& r) {
  AccountView v;
  v.account.id = row_i64(r, 0);
  v.account.ledger = static_cast<LedgerId>(row_i64(r, 1));
  v.account.code = static_cast<std::int32_t>(row_i64(r, 2));
  const bool known_kind = parse_owner_kind(r.get<std::string>(3), v.account.owner_kind);
  if (!known_kind) throw store::StoreError("ledger_accounts has an unknown owner_kind");
  v.account.owner_ref = r.get<std::string>(4);
  v.account.flags = static_cast<std::uint32_t>(row_i64(r, 5));
  v.account.created_at_us = row_i64(r, 6);
  v.balances = {row_i64(r, 7), row_i64(r, 8), row_i64(r, 9), row_i64(r, 10)};
  v.closed = r.get_indicator(11) != soci::i_null;
  if (v.closed) v.closed_at_us = row_i64(r, 11);
  return v;
}

bool is_pg(soci::session& s) {
  return s.get_backend_name() == "postgresql";
}

const char* ids_in(bool pg) {
  return pg ? " = ANY(CAST(:ids AS BIGINT[]))" : " IN (SELECT value FROM json_each(:ids))";
}

std::string ids_in(bool pg, const std::string& name) {
  return pg ? " = ANY(CAST(:" + name + " AS BIGINT[]))"
            : " IN (SELECT value FROM json_each(:" + name + "))";
}

}  // namespace sangsaeng::ledger
