#include "grants/public_figures.h"

#include "figures/flows.h"
#include "grants/service.h"
#include "ledger/rows.h"

namespace sangsaeng::grants {

namespace {

using figures::Measure;
using figures::Row;
using ledger::OwnerKind;

constexpr const char* kProgram = "art-hall";
const std::string kCause = "fund:art-hall";

const figures::AccountMatch kSales{
    .owner_kind = OwnerKind::program, .owner_ref = kProgram, .code = kTicketSales};
const figures::AccountMatch kFund{
    .owner_kind = OwnerKind::fund, .owner_ref = kProgram, .code = kFundAccount};
const figures::AccountMatch kPaid{
    .owner_kind = OwnerKind::program, .owner_ref = std::string(kGrantProgram), .code = kGrantsPaid};

void add_rows(soci::session& s, std::vector<Row>& out, const std::string& sql, Measure measure) {
  soci::rowset<soci::row> rows = s.prepare << sql;
  for (const auto& r : rows) {
    out.push_back({kProgram, kCause, figures::month_of_day(ledger::row_i64(r, 0)), measure,
                   ledger::row_i64(r, 1)});
  }
}

}  // namespace

std::vector<Row> PublicFigures::from_ledger(soci::session& s) const {
  std::vector<Row> out;
  for (const auto& f :
       figures::posted_flows(s, {.from = kSales, .to = kFund, .transfer_code = kRevenue}))
    out.push_back({kProgram, kCause, f.month, Measure::raised, f.amount});
  // A reservation is pending (moves nothing); its post at surgery is the grant.
  for (const auto& f :
       figures::posted_flows(s, {.from = kFund, .to = kPaid, .transfer_code = kGrant}))
    out.push_back({kProgram, kCause, f.month, Measure::granted, f.amount});
  return out;
}

std::vector<Row> PublicFigures::from_records(soci::session& s) const {
  std::vector<Row> out;
  const std::string credited = figures::kst_day_sql("COALESCE(lt.timestamp_us, r.created_at)");
  add_rows(s, out,
           "SELECT " + credited +
               ", CAST(SUM(r.amount_won) AS BIGINT) FROM grant_revenue r LEFT JOIN "
               "ledger_transfers lt ON lt.id = r.id WHERE r.fund_id = 'art-hall' GROUP BY " +
               credited,
           Measure::raised);
  const std::string paid = figures::kst_day_sql("COALESCE(lt.timestamp_us, a.paid_at)");
  const std::string paid_cases =
      " FROM grant_applications a LEFT JOIN ledger_transfers lt ON lt.id = a.pay_id WHERE "
      "a.fund_id = 'art-hall' AND a.grant_state = 'paid' GROUP BY ";
  add_rows(s, out, "SELECT " + paid + ", CAST(SUM(a.granted_won) AS BIGINT)" + paid_cases + paid,
           Measure::granted);
  add_rows(s, out, "SELECT " + paid + ", COUNT(*)" + paid_cases + paid, Measure::people_helped);
  return out;
}

}  // namespace sangsaeng::grants
