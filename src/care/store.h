// The care module's SQL (migration 0500): statements run inside the caller's transaction
// (store::Db::write or read), on SQLite and PostgreSQL alike. Infrastructure failures and
// constraint violations throw (soci::soci_error). Lists are bounded by the callers.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "care/types.h"
#include "core/cursor.h"

namespace sangsaeng::care {

// REQUIRES: ids set; the helpers' users and the beneficiaries' designated helpers exist.
void insert_helpers(soci::session& s, const std::vector<Helper>& helpers);
std::optional<Helper> find_helper(soci::session& s, Id id);
std::optional<Helper> helper_of_user(soci::session& s, Id user_id);
// By id, after `after`. REQUIRES: limit 1..5,000.
Page<Helper> page_helpers(soci::session& s, std::optional<Id> after, int limit);
// Which of `ids` name no helper.
std::vector<Id> missing_helpers(soci::session& s, const std::vector<Id>& ids);

void insert_beneficiaries(soci::session& s, const std::vector<Beneficiary>& beneficiaries);
std::vector<Beneficiary> beneficiaries_by_ids(soci::session& s, const std::vector<Id>& ids);

void insert_requests(soci::session& s, const std::vector<Request>& requests);
std::optional<Request> find_request(soci::session& s, Id id);
std::vector<Request> requests_by_ids(soci::session& s, const std::vector<Id>& ids);
// A day's requests in one status (all statuses when none), by id, at most `limit`.
std::vector<Request> requests_on(soci::session& s, const std::string& date,
                                 std::optional<RequestStatus> status, int limit);
// The requests a user made, newest first, at most `limit`; and how many of them are open.
std::vector<Request> requests_by_creator(soci::session& s, Id user_id, int limit);
long long open_requests_by(soci::session& s, Id user_id);
void set_request_status(soci::session& s, Id id, RequestStatus status, const std::string& reason,
                        UnixMicros now_us);

void insert_plan(soci::session& s, const Plan& plan);
// Rewrites the routes, unassigned, summary, moves and publication of a stored plan.
void update_plan(soci::session& s, const Plan& plan);
std::optional<Plan> find_plan(soci::session& s, Id id);
// A day's plans, newest first, at most `limit`.
std::vector<Plan> plans_on(soci::session& s, const std::string& date, int limit);
// The plan published for the day and not yet replaced by a re-plan, if any (at most one: a
// unique index says so).
std::optional<Id> published_plan_on(soci::session& s, const std::string& date);
// A re-plan's publication replaces the plan it started from.
void supersede_plan(soci::session& s, Id id, UnixMicros now_us);
// Serialises the publications of one day until the end of the transaction (PostgreSQL: an
// advisory lock; SQLite has one writer at a time already). REQUIRES: a valid date.
void lock_day(soci::session& s, const std::string& date);

void insert_visits(soci::session& s, const std::vector<Visit>& visits);
std::optional<Visit> find_visit(soci::session& s, Id id);
// A helper's visits of a day, in order.
std::vector<Visit> helper_visits(soci::session& s, Id helper_id, const std::string& date);
// Whether the helper has a visit to the beneficiary on the day (published).
bool visits_beneficiary(soci::session& s, Id helper_id, Id beneficiary_id, const std::string& date);
// Every visit of a day, by id.
std::vector<Visit> visits_on(soci::session& s, const std::string& date);
// Rewrites a visit's plan, helper, place in the day and times (a re-plan keeps it).
void place_visit(soci::session& s, const Visit& visit);
// A planned visit whose request was cancelled, dropped by a re-plan's publication.
void delete_visit(soci::session& s, Id id);
// Rewrites the visit's status, check-in/out, outcome, notes, duration and satisfaction.
void update_visit(soci::session& s, const Visit& visit);

}  // namespace sangsaeng::care
