#include "giving/public_figures.h"

#include "figures/flows.h"
#include "giving/service.h"
#include "ledger/rows.h"

namespace sangsaeng::giving {

namespace {

using figures::Measure;
using figures::Row;
using ledger::OwnerKind;

// This module's postings ("giving:purchase:<id>", "giving:settlement:<id>"): others may use the
// same accounts and codes (the demo's hand-seeded books do) without records of ours.
constexpr const char* kReference = "giving:";

const figures::AccountMatch kIssued{
    .owner_kind = OwnerKind::program, .owner_ref = "credit", .code = kIssuedCredit};
const figures::AccountMatch kCustomers{
    .owner_kind = OwnerKind::customer, .owner_ref = std::nullopt, .code = kCustomerCredit};
const figures::AccountMatch kCompany{
    .owner_kind = OwnerKind::company, .owner_ref = "credit", .code = kCompanyGiving};
const figures::AccountMatch kCauses{
    .owner_kind = OwnerKind::charity, .owner_ref = std::nullopt, .code = kCauseReceipts};

// (day, value) pairs of `sql` summed into rows of `measure`, signed; the cause is column 2 when
// `with_cause`.
void add_rows(soci::session& s, std::vector<Row>& out, const std::string& sql, Measure measure,
              int sign, bool with_cause) {
  soci::rowset<soci::row> rows = s.prepare << sql;
  for (const auto& r : rows) {
    out.push_back({.program = "credit",
                   .cause = with_cause ? std::to_string(ledger::row_i64(r, 2)) : "",
                   .month = figures::month_of_day(ledger::row_i64(r, 0)),
                   .measure = measure,
                   .value = sign * ledger::row_i64(r, 1)});
  }
}

}  // namespace

std::vector<Row> PublicFigures::from_ledger(soci::session& s) const {
  std::vector<Row> out;
  const figures::FlowQuery earned{.from = kIssued,
                                  .to = kCustomers,
                                  .transfer_code = kAccrued,
                                  .ledger = ledger::kLedgerCredit,
                                  .reference_prefix = kReference};
  const figures::FlowQuery reversed{.from = kCustomers,
                                    .to = kIssued,
                                    .transfer_code = kReversed,
                                    .ledger = ledger::kLedgerCredit,
                                    .reference_prefix = kReference};
  for (const auto& f : figures::posted_flows(s, earned))
    out.push_back({"credit", "", f.month, Measure::raised, f.amount});
  for (const auto& f : figures::posted_flows(s, reversed))
    out.push_back({"credit", "", f.month, Measure::raised, -f.amount});
  const figures::FlowQuery paid{.from = kCompany,
                                .to = kCauses,
                                .transfer_code = kPaidToCause,
                                .ledger = ledger::kLedgerKrw,
                                .by_to_owner = true,
                                .reference_prefix = kReference};
  for (const auto& f : figures::posted_flows(s, paid))
    out.push_back({"credit", f.to_owner, f.month, Measure::donated, f.amount});
  return out;
}

std::vector<Row> PublicFigures::from_records(soci::session& s) const {
  std::vector<Row> out;
  const std::string earned_day = figures::kst_day_sql("COALESCE(lt.timestamp_us, p.created_at)");
  add_rows(s, out,
           "SELECT " + earned_day +
               ", CAST(SUM(p.credit_points) AS BIGINT) FROM giving_purchases p "
               "LEFT JOIN ledger_transfers lt ON lt.id = p.transfer_id "
               "WHERE p.credit_points > 0 GROUP BY " +
               earned_day,
           Measure::raised, 1, false);
  const std::string reversed_day =
      figures::kst_day_sql("COALESCE(lt.timestamp_us, p.cancelled_at)");
  add_rows(s, out,
           "SELECT " + reversed_day +
               ", CAST(SUM(p.reversed_points) AS BIGINT) FROM giving_purchases p "
               "LEFT JOIN ledger_transfers lt ON lt.id = p.reversal_transfer_id "
               "WHERE p.reversed_points > 0 GROUP BY " +
               reversed_day,
           Measure::raised, -1, false);
  const std::string paid_day = figures::kst_day_sql("COALESCE(lt.timestamp_us, t.created_at)");
  add_rows(s, out,
           "SELECT " + paid_day +
               ", CAST(SUM(p.amount_won) AS BIGINT), c.org_id FROM giving_payments p "
               "JOIN giving_causes c ON c.id = p.cause_id "
               "JOIN giving_settlements t ON t.id = p.settlement_id "
               "LEFT JOIN ledger_transfers lt ON lt.id = p.transfer_id GROUP BY " +
               paid_day + ", c.org_id",
           Measure::donated, 1, true);
  return out;
}

}  // namespace sangsaeng::giving
