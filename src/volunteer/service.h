// The volunteer corps' use cases: teams of employees with a leader, welfare facilities,
// activities with slots, sign-up and withdrawal, attendance recorded by the team's leader,
// hours reports, a volunteer's own page and certificate, and grants to facilities.
//
// Slots: a sign-up is one transaction that inserts the sign-up row and raises the activity's
// `taken` with `UPDATE ... WHERE taken < slots`; the database decides, so slots are never
// oversubscribed by concurrent sign-ups on any number of nodes (a CHECK backs it up).
//
// Grants: the company gives a facility `won_per_hour` for every hour volunteered there, from a
// budget account in the books that may never go negative (the ledger's balance flag refuses a
// grant it cannot cover: the posting is recorded "refused" and tried again on the next
// recording). What an activity's attendance earns is computed again at each recording and
// only the difference to what was granted is posted, as new transfers (a correction down
// posts a reversal), so recording the same attendance again posts nothing.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "core/cursor.h"
#include "core/status.h"
#include "ledger/directory.h"
#include "store/db.h"
#include "volunteer/certificate.h"
#include "volunteer/store.h"
#include "volunteer/types.h"

namespace sangsaeng::ledger {
class Engine;
}

namespace sangsaeng::volunteer {

// Ledger codes. Accounts: the grant budget (owner: program "volunteer", may not go negative),
// each facility's grants received (owner: charity "facility:<id>"), the company's giving that
// funds the budget (owner: company "<org id>"). Transfers: a grant, a budget top-up.
enum AccountCode : std::int32_t { kGrantBudget = 1, kFacilityGrants = 2, kCompanyGiving = 3 };
enum TransferCode : std::int32_t { kGrantTransfer = 1, kBudgetTransfer = 2 };

struct VolunteerOptions {
  int members_per_call_max = 5'000;     // one import call (a team's roster, an HR export)
  int facilities_per_call_max = 1'000;  // one import call
  int upcoming_max = 50;                // activities on a volunteer's page
  int attendance_per_certificate_max = 2'000;
  std::function<UnixMicros()> clock = now_us;
};

// Who is acting: the user, and whether they run the program (its manager or an admin), who may
// act for any team.
struct Actor {
  Id user_id = 0;
  bool program_manager = false;
};

// What a recording of attendance did.
struct Recorded {
  Activity activity;
  std::vector<AttendanceRow> attendance;
  std::int64_t grant_won = 0;         // what the activity's attendance earns its facility
  std::int64_t granted_won = 0;       // posted so far
  std::string grant_status = "none";  // none (no rule) | posted | refused (budget short)
};

struct MyPage {
  std::vector<Team> teams;
  std::vector<Activity> upcoming;  // signed up, not ended, soonest first
  std::int64_t minutes_this_year = 0;
  std::int64_t activities_this_year = 0;
};

struct GrantSummary {
  std::optional<std::int64_t> won_per_hour;
  std::int64_t budget_balance_won = 0;
  std::map<Id, std::int64_t> granted_by_facility;
};

class VolunteerService {
 public:
  // `db` and `ledger` must outlive the service.
  VolunteerService(store::Db& db, ledger::Engine& ledger, VolunteerOptions options = {});

  // A team led by an employee, named by e-mail (who becomes a member). invalid_argument (name,
  // leader_email: unknown or not an employee); conflict "team-name-taken".
  Result<Team> create_team(const std::string& name, const std::string& leader_email);
  std::optional<Team> find_team(Id id);
  Page<Team> teams(std::optional<Id> after, int limit);
  // The team's members, by name (at most 1,000).
  std::vector<Person> members(Id team_id);
  // Adds employees by e-mail to a team (those already in it stay). not_found; forbidden unless
  // the actor leads the team or runs the program; invalid_argument "emails[i]" naming an
  // unknown person or one who is not an employee (nothing is added then).
  Result<int> add_members(Id team_id, const std::vector<std::string>& emails, const Actor& actor);

  // invalid_argument "facilities[i].field"; conflict "facility-name-taken" naming it (nothing is
  // added then).
  Result<std::vector<Id>> add_facilities(std::vector<Facility> facilities);
  std::optional<Facility> find_facility(Id id);
  Page<Facility> facilities(std::optional<Id> after, int limit);

  // An activity at a facility. invalid_argument (times, slots, unknown facility or team);
  // forbidden unless the actor runs the program or leads the activity's team (open activities:
  // the program's managers only).
  Result<Activity> create_activity(Activity activity, const Actor& actor);
  std::optional<Activity> find_activity(Id id);
  // Activities starting in [from_us, to_us) (of one team if given), by start, at most `limit`.
  std::vector<Activity> activities(UnixMicros from_us, UnixMicros to_us, std::optional<Id> team_id,
                                   int limit);
  std::vector<Person> signups(Id activity_id);

  // Takes a slot for the user; signing up again answers the activity unchanged. not_found;
  // forbidden "not-an-employee" | "not-a-member" (a team's activity, another team);
  // failed_precondition "activity-started" | "activity-full".
  Result<Activity> sign_up(Id activity_id, Id user_id);
  // Gives the slot back. not_found (no activity, or not signed up); failed_precondition
  // "activity-started".
  Result<Activity> withdraw(Id activity_id, Id user_id);

  // Replaces the activity's attendance with `attendees` (minutes 0: the activity's length) and
  // posts the facility's grant difference. not_found; forbidden unless the actor leads the
  // team or runs the program; failed_precondition "activity-not-started"; invalid_argument
  // "attendees[i]..." (someone neither signed up nor in the team, minutes out of 1..1440,
  // the same person twice). The attendance stays recorded when the books are down
  // (grant_status "pending"; post_pending finishes it).
  Result<Recorded> record_attendance(Id activity_id, const std::vector<Attendee>& attendees,
                                     const Actor& actor);
  std::vector<AttendanceRow> attendance(Id activity_id);

  // Hours grouped by person, team, facility, month or facility kind under the filter.
  std::vector<HoursRow> hours(GroupBy by, const HoursFilter& filter, int limit);
  // The teams the user leads.
  std::vector<Id> teams_led_by(Id user_id);

  MyPage my_page(Id user_id);
  // The person's attendance over the Seoul months [from_month, to_month] ("YYYY-MM").
  // not_found for an unknown user.
  Result<Certificate> certificate(Id user_id, const std::string& from_month,
                                  const std::string& to_month);

  // The grant rule: won per hour (0 stops grants). invalid_argument beyond 1,000,000.
  Status set_grant_rate(std::int64_t won_per_hour, Id actor_id);
  // Moves `amount_won` from the company's giving account (of `company_org_id`) to the grant
  // budget; `transfer_id` makes a retry harmless. unavailable "books-unavailable".
  Result<std::int64_t> fund_budget(Id transfer_id, std::int64_t amount_won, Id company_org_id);
  GrantSummary grant_summary();
  // Sends grant postings the books have not answered (after a crash), at most `limit`.
  Result<int> post_pending(int limit);

 private:
  // Posts one pending posting; its new status.
  std::string post(const Posting& posting);
  Result<Id> facility_account(Id facility_id);
  bool leads(const Actor& actor, const std::optional<Id>& team_id);

  store::Db& db_;
  ledger::Engine& ledger_;
  ledger::AccountDirectory accounts_;
  const VolunteerOptions options_;
  std::mutex grant_mu_;  // one grant computation at a time in this process
};

}  // namespace sangsaeng::volunteer
