#include "volunteer/public_figures.h"

#include "figures/flows.h"
#include "ledger/rows.h"
#include "volunteer/service.h"

namespace sangsaeng::volunteer {

namespace {

using figures::Measure;
using figures::Row;

const figures::AccountMatch kBudget{
    .owner_kind = ledger::OwnerKind::program, .owner_ref = "volunteer", .code = kGrantBudget};
const figures::AccountMatch kFacilities{
    .owner_kind = ledger::OwnerKind::charity, .owner_ref = std::nullopt, .code = kFacilityGrants};

}  // namespace

std::vector<Row> PublicFigures::from_ledger(soci::session& s) const {
  std::vector<Row> out;
  for (const auto& f : figures::posted_flows(
           s, {.from = kBudget, .to = kFacilities, .transfer_code = kGrantTransfer}))
    out.push_back({"volunteer", "", f.month, Measure::granted, f.amount});
  for (const auto& f : figures::posted_flows(
           s, {.from = kFacilities, .to = kBudget, .transfer_code = kGrantTransfer}))
    out.push_back({"volunteer", "", f.month, Measure::granted, -f.amount});
  return out;
}

std::vector<Row> PublicFigures::from_records(soci::session& s) const {
  std::vector<Row> out;
  const std::string posted_day = figures::kst_day_sql("COALESCE(lt.timestamp_us, p.created_at)");
  soci::rowset<soci::row> postings =
      s.prepare << "SELECT " + posted_day +
                       ", CAST(SUM(p.amount_won) AS BIGINT) FROM volunteer_grant_postings p "
                       "LEFT JOIN ledger_transfers lt ON lt.id = p.id WHERE p.status = 'posted' "
                       "GROUP BY " +
                       posted_day;
  for (const auto& r : postings) {
    out.push_back({"volunteer", "", figures::month_of_day(ledger::row_i64(r, 0)), Measure::granted,
                   ledger::row_i64(r, 1)});
  }
  return out;
}

}  // namespace sangsaeng::volunteer
