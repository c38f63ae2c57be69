// The grants program's SQL (migration 0600): statements run inside the caller's transaction
// (store::Db::write or read). SQLite and PostgreSQL alike. Infrastructure failures and
// constraint violations throw (soci::soci_error).
#pragma once

#include <soci/soci.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/cursor.h"
#include "grants/types.h"

namespace sangsaeng::grants {

std::optional<Fund> find_fund(soci::session& s, const std::string& id);
// Names the fund's three accounts if none are named yet (a compare-and-set: the first caller
// wins, the fund row then says which ids hold).
void name_fund_accounts(soci::session& s, const std::string& fund_id, Id account, Id revenue,
                        Id payout);

struct RevenueRow {
  Id id = 0;  // also the ledger transfer's id
  std::string fund_id = {}, source_key = {};
  RevenueLine line = {};
  bool posted = false;
  Id created_by = 0;
  UnixMicros created_at_us = 0;
};
// Inserts the row unless the fund has its source key; false when it had.
bool insert_revenue(soci::session& s, const RevenueRow& row);
// The amount credited under a source key; nullopt if none.
std::optional<std::int64_t> revenue_amount(soci::session& s, const std::string& fund_id,
                                           const std::string& key);
// How a fund's day is credited: sale by sale or as one total, never both.
enum class DayKind { sales, total };
// Claims the day for `kind` unless it is claimed; answers the kind the day holds. The primary
// key of grant_revenue_days decides between concurrent claims (on PostgreSQL the second claimer
// waits for the first to commit, then reads its claim), so a day's sales and its total sent at
// the same instant are never both credited.
DayKind claim_day(soci::session& s, const std::string& fund_id, const std::string& sold_on,
                  DayKind kind);
std::vector<RevenueRow> unposted_revenue(soci::session& s, const std::string& fund_id, int limit);
void mark_revenue_posted(soci::session& s, const std::vector<Id>& ids);
// Revenue credited in total and per month (newest first, at most `months_max`).
std::int64_t revenue_total(soci::session& s, const std::string& fund_id);
std::vector<FundView::Month> revenue_months(soci::session& s, const std::string& fund_id,
                                            int months_max);

void insert_application(soci::session& s, const Application& a);
std::optional<Application> find_application(soci::session& s, Id id);
// Writes every changeable field of `a` if the stored version is `a.version - 1`; false when
// another change came first. REQUIRES: a.version was incremented by the caller.
bool update_application(soci::session& s, const Application& a);
// Newest first, optionally of one stage. REQUIRES: limit 1..200.
Page<Application> page_applications(soci::session& s, std::optional<Stage> stage,
                                    std::optional<Id> before, int limit);
std::vector<Application> applications_of(soci::session& s, Id applicant_id, int limit);
// Cases whose money is between two states (reserving, paying, releasing), oldest first.
std::vector<Application> unsettled_money(soci::session& s, int limit);
// Grants of a fund by where their money is.
std::map<Money, std::int64_t> money_counts(soci::session& s, const std::string& fund_id);
// When each paid grant was paid (for the yearly counts), at most `limit`.
std::vector<UnixMicros> paid_times(soci::session& s, int limit);

void insert_step(soci::session& s, Id application_id, const Step& step);
std::vector<Step> steps_of(soci::session& s, Id application_id);

// Inserts the session numbered after the last one; false if another took that number first.
bool insert_session(soci::session& s, Session& session);
std::vector<Session> sessions_of(soci::session& s, Id application_id);

}  // namespace sangsaeng::grants
