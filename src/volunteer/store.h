// The volunteer corps' SQL (migration 0610): statements run inside the caller's transaction
// (store::Db::write or read). SQLite and PostgreSQL alike. Infrastructure failures and
// constraint violations throw (soci::soci_error).
#pragma once

#include <soci/soci.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/cursor.h"
#include "volunteer/types.h"

namespace sangsaeng::volunteer {

// A user as the corps sees them: their name and whether they are an employee (a user of a
// company organisation, not disabled).
struct Person {
  Id id = 0;
  std::string name = {}, email = {};
  bool employee = false;
  std::string org_name = {};
};
std::optional<Person> find_person(soci::session& s, Id user_id);
std::optional<Person> find_person_by_email(soci::session& s, const std::string& email);

// false when the name is taken.
bool insert_team(soci::session& s, const Team& team);
std::optional<Team> find_team(soci::session& s, Id id);
// By name. REQUIRES: limit 1..200.
Page<Team> page_teams(soci::session& s, std::optional<Id> after, int limit);
// Adds the members not yet in the team; answers how many were added.
int insert_members(soci::session& s, Id team_id, const std::vector<Id>& user_ids,
                   UnixMicros now_us);
bool is_member(soci::session& s, Id team_id, Id user_id);
// The team's members, by name (bounded).
std::vector<Person> members(soci::session& s, Id team_id);
// The teams a user belongs to, and those they lead (ids ascending).
std::vector<Team> teams_of(soci::session& s, Id user_id);
std::vector<Id> teams_led_by(soci::session& s, Id user_id);

// false when the name is taken.
bool insert_facility(soci::session& s, const Facility& facility);
std::optional<Facility> find_facility(soci::session& s, Id id);
std::optional<Facility> find_facility_by_name(soci::session& s, const std::string& name);
Page<Facility> page_facilities(soci::session& s, std::optional<Id> after, int limit);

void insert_activity(soci::session& s, const Activity& activity);
std::optional<Activity> find_activity(soci::session& s, Id id);
// Activities starting in [from_us, to_us), by start, at most `limit`; of one team if given.
std::vector<Activity> activities_between(soci::session& s, UnixMicros from_us, UnixMicros to_us,
                                         std::optional<Id> team_id, int limit);
// Fixes the activity's grant rate if it has none; answers the rate in force for it.
std::int64_t fix_grant_rate(soci::session& s, Id activity_id, std::int64_t won_per_hour);

// Takes a slot: inserts the sign-up and raises `taken` only while taken < slots, in the
// caller's transaction. The conditional UPDATE decides (a row lock on PostgreSQL, the one
// writer on SQLite), never a count read before. Answers: added, already signed up, or full
// (the caller must roll back then: the sign-up row was inserted).
enum class Take { added, already, full };
Take take_slot(soci::session& s, Id activity_id, Id user_id, UnixMicros now_us);
// Gives a slot back; false when the user was not signed up.
bool give_slot(soci::session& s, Id activity_id, Id user_id);
bool signed_up(soci::session& s, Id activity_id, Id user_id);
// The people signed up, by name.
std::vector<Person> signups(soci::session& s, Id activity_id);
// The activities a user signed up for that start at or after `from_us`, by start (bounded).
std::vector<Activity> upcoming_of(soci::session& s, Id user_id, UnixMicros from_us, int limit);

// Replaces the activity's attendance with `rows` (everyone else: absent).
void replace_attendance(soci::session& s, Id activity_id, const std::vector<AttendanceRow>& rows,
                        Id recorded_by, UnixMicros now_us);
std::vector<AttendanceRow> attendance_of_activity(soci::session& s, Id activity_id);
// A person's attendance in months [from_month, to_month] ("YYYY-MM"), by start (bounded).
std::vector<AttendanceRow> attendance_of_person(soci::session& s, Id user_id,
                                                const std::string& from_month,
                                                const std::string& to_month, int limit);
// Sums by group under the filter, largest first (bounded).
std::vector<HoursRow> hours(soci::session& s, GroupBy by, const HoursFilter& filter, int limit);
// The SQL text of the two reports (hours: binds :mf and, unless for one month, :mt, then :n;
// a person's attendance: :u, :f, :t, :n), so bench/volunteer times the very same query in the
// database's own shell.
std::string hours_sql(GroupBy by, const HoursFilter& filter);
std::pair<std::string, std::string> hours_months(const HoursFilter& filter);
std::string person_attendance_sql();

std::optional<std::int64_t> grant_rate(soci::session& s);
void set_grant_rate(soci::session& s, std::int64_t won_per_hour, Id actor, UnixMicros now_us);

struct Posting {
  Id id = 0;  // the ledger transfer's id
  Id activity_id = 0, facility_id = 0;
  int seq = 0;
  std::int64_t amount_won = 0;  // signed
  std::string status = "pending";
};
void insert_posting(soci::session& s, const Posting& posting, UnixMicros now_us);
void set_posting_status(soci::session& s, Id id, const std::string& status);
// Of the activity: what was posted (or is pending), and the last seq of any status.
struct Granted {
  std::int64_t amount_won = 0;
  int seq_max = 0;
};
Granted granted(soci::session& s, Id activity_id);
std::vector<Posting> pending_postings(soci::session& s, int limit);
// Posted grants per facility (id -> won).
std::map<Id, std::int64_t> granted_by_facility(soci::session& s);

}  // namespace sangsaeng::volunteer
