#include "figures/flows.h"

#include <cassert>
#include <map>
#include <tuple>

#include "ledger/rows.h"

namespace sangsaeng::figures {

namespace {

// The condition on one side's account; the owner is bound as :<name> (an always-true
// comparison when every owner counts, so that the statement binds the same names either way).
std::string side_sql(const char* alias, const char* name, const AccountMatch& m) {
  const std::string a(alias);
  std::string sql = " AND " + a + ".owner_kind = '" + std::string(ledger::to_string(m.owner_kind)) +
                    "' AND " + a + ".code = " + std::to_string(m.code);
  sql +=
      m.owner_ref ? " AND " + a + ".owner_ref = :" + name : " AND :" + std::string(name) + " = ''";
  return sql;
}

}  // namespace

std::vector<Flow> posted_flows(soci::session& s, const FlowQuery& q) {
  const std::string day = kst_day_sql("t.timestamp_us");
  std::string group = day;
  if (q.by_from_owner) group += ", d.owner_ref";
  if (q.by_to_owner) group += ", c.owner_ref";
  // Flags: 2 pending, 8 void, 16 expired move nothing posted; a post (4) moves its amount.
  std::string sql = "SELECT " + group +
                    ", CAST(SUM(t.amount) AS BIGINT), COUNT(*) FROM ledger_transfers t "
                    "JOIN ledger_accounts d ON d.id = t.debit_account_id "
                    "JOIN ledger_accounts c ON c.id = t.credit_account_id "
                    "WHERE t.ledger = " +
                    std::to_string(q.ledger) + " AND (t.flags & 26) = 0" +
                    side_sql("d", "from_ref", q.from) + side_sql("c", "to_ref", q.to);
  if (q.transfer_code) sql += " AND t.code = " + std::to_string(*q.transfer_code);
  assert(q.reference_prefix.find_first_of("%_") == std::string::npos);
  sql += q.reference_prefix.empty() ? " AND :ref = ''" : " AND t.reference LIKE :ref";
  sql += " GROUP BY " + group;
  std::string from_ref = q.from.owner_ref.value_or(""), to_ref = q.to.owner_ref.value_or("");
  std::string ref = q.reference_prefix.empty() ? "" : q.reference_prefix + "%";
  soci::rowset<soci::row> rows = (s.prepare << sql, soci::use(from_ref, "from_ref"),
                                  soci::use(to_ref, "to_ref"), soci::use(ref, "ref"));
  // Days fold into months; (month, from, to) keeps the answer in order.
  std::map<std::tuple<Month, std::string, std::string>, Flow> months;
  for (const auto& r : rows) {
    std::size_t i = 0;
    const Month month = month_of_day(ledger::row_i64(r, i++));
    std::string from = q.by_from_owner ? r.get<std::string>(i++) : "";
    std::string to = q.by_to_owner ? r.get<std::string>(i++) : "";
    Flow& f = months[{month, from, to}];
    f.month = month;
    f.from_owner = std::move(from);
    f.to_owner = std::move(to);
    f.amount += ledger::row_i64(r, i++);
    f.transfers += ledger::row_i64(r, i++);
    assert(f.amount >= 0);
  }
  std::vector<Flow> out;
  out.reserve(months.size());
  for (auto& [key, flow] : months) out.push_back(std::move(flow));
  return out;
}

}  // namespace sangsaeng::figures
