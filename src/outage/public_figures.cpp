#include "outage/public_figures.h"

#include "figures/flows.h"
#include "ledger/rows.h"
#include "outage/service.h"

namespace sangsaeng::outage {

namespace {

using figures::Measure;
using figures::Row;

const figures::AccountMatch kBudget{
    .owner_kind = ledger::OwnerKind::program, .owner_ref = "outage", .code = kCompensationBudget};
const figures::AccountMatch kLines{
    .owner_kind = ledger::OwnerKind::customer, .owner_ref = std::nullopt, .code = kLineBillCredit};

}  // namespace

std::vector<Row> PublicFigures::from_ledger(soci::session& s) const {
  std::vector<Row> out;
  for (const auto& f : figures::posted_flows(s, {.from = kBudget, .to = kLines}))
    out.push_back({"outage", "", f.month, Measure::granted, f.amount});
  for (const auto& f : figures::posted_flows(s, {.from = kLines, .to = kBudget}))
    out.push_back({"outage", "", f.month, Measure::granted, -f.amount});
  return out;
}

std::vector<Row> PublicFigures::from_records(soci::session& s) const {
  std::vector<Row> out;
  const std::string posted_day = figures::kst_day_sql("COALESCE(lt.timestamp_us, p.created_at)");
  soci::rowset<soci::row> postings =
      s.prepare << "SELECT " + posted_day +
                       ", CAST(SUM(p.amount_won) AS BIGINT) FROM outage_postings p "
                       "LEFT JOIN ledger_transfers lt ON lt.id = p.id GROUP BY " +
                       posted_day;
  for (const auto& r : postings) {
    out.push_back({"outage", "", figures::month_of_day(ledger::row_i64(r, 0)), Measure::granted,
                   ledger::row_i64(r, 1)});
  }
  const std::string settled_day = figures::kst_day_sql("settled_at");
  soci::rowset<soci::row> lines =
      s.prepare << "SELECT " + settled_day +
                       ", COUNT(*) FROM outage_results WHERE refund_won + voluntary_won > 0 "
                       "GROUP BY " +
                       settled_day;
  for (const auto& r : lines) {
    out.push_back({"outage", "", figures::month_of_day(ledger::row_i64(r, 0)),
                   Measure::people_helped, ledger::row_i64(r, 1)});
  }
  return out;
}

}  // namespace sangsaeng::outage
