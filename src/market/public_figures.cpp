#include "market/public_figures.h"

#include "figures/flows.h"
#include "giving/credit_books.h"
#include "ledger/rows.h"
#include "market/books.h"

namespace sangsaeng::market {

namespace {

using figures::Measure;
using figures::Row;
using ledger::OwnerKind;

figures::AccountMatch match(const AccountKey& key, bool any_owner = false) {
  return {.owner_kind = key.owner_kind,
          .owner_ref = any_owner ? std::nullopt : std::optional<std::string>(key.owner_ref),
          .code = key.code};
}

// Adds `sign` x each flow as a row of `measures`; the cause is the charity's org id when `cause`
// picks it from the flow.
void add_flows(std::vector<Row>& out, const std::vector<figures::Flow>& flows,
               std::initializer_list<Measure> measures, int sign,
               std::string (*cause)(const figures::Flow&)) {
  for (const figures::Flow& f : flows) {
    for (Measure m : measures) {
      out.push_back({.program = "market",
                     .cause = cause ? cause(f) : "",
                     .month = f.month,
                     .measure = m,
                     .value = sign * f.amount});
    }
  }
}

// One query per side of the records: payments (+) and refunds (-), by day and charity. The
// donation is the drop's rule applied to the order's amount (so an edited amount shows), or for
// a drop that names a campaign the match its payment recorded (a cap depends on what was left
// then, which no other record says).
constexpr const char* kRecordsSql =
    "SELECT {day}, COALESCE(d.charity_org_id, 0), CAST(SUM(o.amount_won) AS BIGINT), "
    "CAST(SUM(CASE WHEN d.campaign_id IS NULL THEN o.amount_won * d.donation_percent / 100 "
    "ELSE p.donation_won END) AS BIGINT), COUNT(*) "
    "FROM {table} x JOIN market_orders o ON o.id = x.order_id "
    "JOIN market_payments p ON p.order_id = x.order_id "
    "JOIN market_drops d ON d.id = o.drop_id "
    "LEFT JOIN ledger_transfers lt ON lt.id = x.{transfer} "
    "GROUP BY {day}, COALESCE(d.charity_org_id, 0)";

std::string records_sql(const std::string& table, const std::string& transfer,
                        const std::string& at) {
  std::string sql = kRecordsSql;
  auto replace = [&](const std::string& from, const std::string& to) {
    for (auto p = sql.find(from); p != std::string::npos; p = sql.find(from, p + to.size()))
      sql.replace(p, from.size(), to);
  };
  replace("{day}", figures::kst_day_sql("COALESCE(lt.timestamp_us, x." + at + ")"));
  replace("{table}", table);
  replace("{transfer}", transfer);
  return sql;
}

void add_records(soci::session& s, std::vector<Row>& out, const std::string& sql, int sign) {
  soci::rowset<soci::row> rows = s.prepare << sql;
  for (const auto& r : rows) {
    const figures::Month month = figures::month_of_day(ledger::row_i64(r, 0));
    const std::int64_t charity = ledger::row_i64(r, 1);
    auto row = [&](Measure m, std::string cause, std::int64_t value) {
      out.push_back({"market", std::move(cause), month, m, sign * value});
    };
    row(Measure::raised, "", ledger::row_i64(r, 2));
    row(Measure::people_helped, "", ledger::row_i64(r, 4));
    // A drop without a charity posts no donation (market/books.h).
    if (charity == 0) continue;
    const std::string cause = std::to_string(charity);
    row(Measure::matched, cause, ledger::row_i64(r, 3));
    row(Measure::donated, cause, ledger::row_i64(r, 3));
  }
}

std::string to_owner(const figures::Flow& f) {
  return f.to_owner;
}
std::string from_owner(const figures::Flow& f) {
  return f.from_owner;
}

}  // namespace

std::vector<Row> PublicFigures::from_ledger(soci::session& s) const {
  std::vector<Row> out;
  const auto sales = figures::posted_flows(s, {.from = match(clearing_account()),
                                               .to = match(merchant_sales_account(0), true),
                                               .transfer_code = kSale});
  const auto refunds = figures::posted_flows(s, {.from = match(merchant_sales_account(0), true),
                                                 .to = match(clearing_account()),
                                                 .transfer_code = kSaleRefunded});
  add_flows(out, sales, {Measure::raised}, 1, nullptr);
  add_flows(out, refunds, {Measure::raised}, -1, nullptr);
  const auto shares = figures::posted_flows(s, {.from = match(donation_budget_account()),
                                                .to = match(charity_account(0), true),
                                                .transfer_code = kDonatedShare,
                                                .by_to_owner = true});
  const auto withdrawn = figures::posted_flows(s, {.from = match(charity_account(0), true),
                                                   .to = match(donation_budget_account()),
                                                   .transfer_code = kShareWithdrawn,
                                                   .by_from_owner = true});
  add_flows(out, shares, {Measure::matched, Measure::donated}, 1, to_owner);
  add_flows(out, withdrawn, {Measure::matched, Measure::donated}, -1, from_owner);
  // Drops that name a matching campaign donate from the campaign's budget (giving/campaigns.h).
  const figures::AccountMatch campaigns{.owner_kind = OwnerKind::program,
                                        .owner_ref = giving::kCreditProgram,
                                        .code = giving::kCampaignBudget};
  const auto matches = figures::posted_flows(s, {.from = campaigns,
                                                 .to = match(charity_account(0), true),
                                                 .transfer_code = kDonatedShare,
                                                 .by_to_owner = true});
  const auto unmatched = figures::posted_flows(s, {.from = match(charity_account(0), true),
                                                   .to = campaigns,
                                                   .transfer_code = kShareWithdrawn,
                                                   .by_from_owner = true});
  add_flows(out, matches, {Measure::matched, Measure::donated}, 1, to_owner);
  add_flows(out, unmatched, {Measure::matched, Measure::donated}, -1, from_owner);
  return out;
}

std::vector<Row> PublicFigures::from_records(soci::session& s) const {
  std::vector<Row> out;
  add_records(s, out, records_sql("market_payments", "sale_transfer_id", "paid_at"), 1);
  add_records(s, out, records_sql("market_refunds", "sale_reversal_id", "refunded_at"), -1);
  return out;
}

}  // namespace sangsaeng::market
