#include "volunteer/service.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <set>

#include "core/id.h"
#include "ledger/engine.h"
#include "ledger/queries.h"

namespace sangsaeng::volunteer {

namespace {

constexpr std::size_t kNameCharsMax = 100;
constexpr std::size_t kTextCharsMax = 200;
constexpr int kSlotsMax = 10'000;
constexpr int kMinutesMax = 1'440;
constexpr std::int64_t kWonPerHourMax = 1'000'000;
constexpr UnixMicros kActivityLengthMax = kMicrosPerDay;
constexpr std::size_t kAttendeesMax = 1'000;
constexpr int kHoursRowsMax = 10'000;

// A refusal found inside a write transaction: thrown to roll it back, caught by the caller.
struct Refused {
  Status status;
};

bool text_ok(const std::string& s, std::size_t max) {
  return !s.empty() && s.size() <= max * 4;  // bytes; Korean is 3 bytes a character
}

// E-mails are stored lower-case (accounts).
std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string month_of(UnixMicros t) {
  const CivilTime c = civil_from_micros(t, kSeoulOffsetMinutes);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d", c.year, c.month);
  return out;
}

}  // namespace

VolunteerService::VolunteerService(store::Db& db, ledger::Engine& ledger, VolunteerOptions options)
    : db_(db), ledger_(ledger), accounts_(db, ledger), options_(std::move(options)) {}

bool VolunteerService::leads(const Actor& actor, const std::optional<Id>& team_id) {
  if (actor.program_manager) return true;
  if (!team_id) return false;
  const auto team = find_team(*team_id);
  return team && team->leader_id == actor.user_id;
}

Result<Team> VolunteerService::create_team(const std::string& name,
                                           const std::string& leader_email) {
  if (!text_ok(name, kNameCharsMax)) return Status::invalid("name", "1 to 100 characters");
  const UnixMicros now = options_.clock();
  Team team{.id = ids().next(), .name = name, .created_at_us = now};
  try {
    db_.write([&](soci::session& s) {
      const auto leader = find_person_by_email(s, lower(leader_email));
      if (!leader || !leader->employee) {
        throw Refused{Status::invalid("leader_email", "must be an employee (a company's user)")};
      }
      team.leader_id = leader->id;
      if (!insert_team(s, team)) {
        throw Refused{Status(Code::conflict, "team-name-taken", "A team with this name exists")};
      }
      insert_members(s, team.id, {leader->id}, now);
    });
  } catch (const Refused& r) {
    return r.status;
  }
  return *find_team(team.id);
}

std::optional<Team> VolunteerService::find_team(Id id) {
  return db_.read([&](soci::session& s) { return volunteer::find_team(s, id); });
}

Page<Team> VolunteerService::teams(std::optional<Id> after, int limit) {
  return db_.read([&](soci::session& s) { return page_teams(s, after, limit); });
}

std::vector<Person> VolunteerService::members(Id team_id) {
  return db_.read([&](soci::session& s) { return volunteer::members(s, team_id); });
}

Result<int> VolunteerService::add_members(Id team_id, const std::vector<std::string>& emails,
                                          const Actor& actor) {
  if (!find_team(team_id)) return Status::not_found("No team with this id");
  if (!leads(actor, team_id)) return Status::forbidden("Only the team's leader adds members");
  if (emails.empty() || emails.size() > static_cast<std::size_t>(options_.members_per_call_max)) {
    return Status::invalid(
        "emails", "1 to " + std::to_string(options_.members_per_call_max) + " e-mail addresses");
  }
  const UnixMicros now = options_.clock();
  try {
    return db_.write([&](soci::session& s) {
      std::vector<Id> users;
      std::vector<FieldError> errors;
      for (std::size_t i = 0; i < emails.size() && errors.size() < 20; ++i) {
        const auto p = find_person_by_email(s, lower(emails[i]));
        const std::string at = "emails[" + std::to_string(i) + "]";
        if (!p) {
          errors.push_back({at, "no user with this e-mail"});
        } else if (!p->employee) {
          errors.push_back({at, "not an employee (a company's user)"});
        } else {
          users.push_back(p->id);
        }
      }
      if (!errors.empty()) throw Refused{Status::invalid(std::move(errors))};
      return insert_members(s, team_id, users, now);
    });
  } catch (const Refused& r) {
    return r.status;
  }
}

Result<std::vector<Id>> VolunteerService::add_facilities(std::vector<Facility> facilities) {
  if (facilities.empty() ||
      facilities.size() > static_cast<std::size_t>(options_.facilities_per_call_max)) {
    return Status::invalid(
        "facilities", "1 to " + std::to_string(options_.facilities_per_call_max) + " facilities");
  }
  std::vector<FieldError> errors;
  std::set<std::string> names;
  for (std::size_t i = 0; i < facilities.size() && errors.size() < 20; ++i) {
    const Facility& f = facilities[i];
    const std::string at = "facilities[" + std::to_string(i) + "].";
    if (!text_ok(f.name, kNameCharsMax)) errors.push_back({at + "name", "1 to 100 characters"});
    if (!names.insert(f.name).second) errors.push_back({at + "name", "named twice"});
    if (!is_facility_kind(f.kind)) {
      errors.push_back(
          {at + "kind", "one of elderly, disability, children, community, homeless, other"});
    }
    if (!text_ok(f.address, kTextCharsMax))
      errors.push_back({at + "address", "1 to 200 characters"});
    if (!text_ok(f.contact_name, kNameCharsMax))
      errors.push_back({at + "contact_name", "1 to 100 characters"});
    if (!text_ok(f.contact_phone, 30))
      errors.push_back({at + "contact_phone", "1 to 30 characters"});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  const UnixMicros now = options_.clock();
  try {
    return db_.write([&](soci::session& s) {
      std::vector<Id> out;
      for (Facility& f : facilities) {
        f.id = ids().next();
        f.created_at_us = now;
        if (!insert_facility(s, f)) {
          throw Refused{Status(Code::conflict, "facility-name-taken",
                               "A facility named \"" + f.name + "\" exists")};
        }
        out.push_back(f.id);
      }
      return out;
    });
  } catch (const Refused& r) {
    return r.status;
  }
}

std::optional<Facility> VolunteerService::find_facility(Id id) {
  return db_.read([&](soci::session& s) { return volunteer::find_facility(s, id); });
}

Page<Facility> VolunteerService::facilities(std::optional<Id> after, int limit) {
  return db_.read([&](soci::session& s) { return page_facilities(s, after, limit); });
}

Result<Activity> VolunteerService::create_activity(Activity a, const Actor& actor) {
  std::vector<FieldError> errors;
  if (!text_ok(a.title, kTextCharsMax)) errors.push_back({"title", "1 to 200 characters"});
  if (a.ends_at_us <= a.starts_at_us) errors.push_back({"ends_at", "must be after starts_at"});
  if (a.ends_at_us - a.starts_at_us > kActivityLengthMax)
    errors.push_back({"ends_at", "an activity lasts at most a day"});
  if (a.slots < 1 || a.slots > kSlotsMax) errors.push_back({"slots", "1 to 10,000"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  const bool known = db_.read([&](soci::session& s) {
    if (!volunteer::find_facility(s, a.facility_id)) {
      errors.push_back({"facility_id", "no facility with this id"});
    }
    if (a.team_id && !volunteer::find_team(s, *a.team_id)) {
      errors.push_back({"team_id", "no team with this id"});
    }
    return errors.empty();
  });
  if (!known) return Status::invalid(std::move(errors));
  if (!leads(actor, a.team_id)) {
    return Status::forbidden(a.team_id ? "Only the team's leader plans its activities"
                                       : "Only the program's managers plan open activities");
  }
  a.id = ids().next();
  a.month = month_of(a.starts_at_us);
  a.taken = 0;
  a.grant_won_per_hour = std::nullopt;
  a.created_by = actor.user_id;
  a.created_at_us = options_.clock();
  db_.write([&](soci::session& s) { insert_activity(s, a); });
  return a;
}

std::optional<Activity> VolunteerService::find_activity(Id id) {
  return db_.read([&](soci::session& s) { return volunteer::find_activity(s, id); });
}

std::vector<Activity> VolunteerService::activities(UnixMicros from_us, UnixMicros to_us,
                                                   std::optional<Id> team_id, int limit) {
  return db_.read(
      [&](soci::session& s) { return activities_between(s, from_us, to_us, team_id, limit); });
}

std::vector<Person> VolunteerService::signups(Id activity_id) {
  return db_.read([&](soci::session& s) { return volunteer::signups(s, activity_id); });
}

Result<Activity> VolunteerService::sign_up(Id activity_id, Id user_id) {
  const UnixMicros now = options_.clock();
  try {
    return db_.write([&](soci::session& s) {
      auto a = volunteer::find_activity(s, activity_id);
      if (!a) throw Refused{Status::not_found("No activity with this id")};
      const auto p = find_person(s, user_id);
      if (!p || !p->employee) {
        throw Refused{
            Status(Code::forbidden, "not-an-employee", "Only employees volunteer in the corps")};
      }
      if (a->team_id && !is_member(s, *a->team_id, user_id)) {
        throw Refused{
            Status(Code::forbidden, "not-a-member", "This activity is for its team's members")};
      }
      if (a->starts_at_us <= now) {
        throw Refused{Status(Code::failed_precondition, "activity-started",
                             "The activity has started; sign-up is closed")};
      }
      switch (take_slot(s, activity_id, user_id, now)) {
        case Take::added:
          return *volunteer::find_activity(s, activity_id);  // as this transaction left it
        case Take::already:
          return *a;
        case Take::full:
          break;
      }
      throw Refused{Status(Code::failed_precondition, "activity-full",
                           "Every slot of this activity is taken")};
    });
  } catch (const Refused& r) {
    return r.status;
  }
}

Result<Activity> VolunteerService::withdraw(Id activity_id, Id user_id) {
  const UnixMicros now = options_.clock();
  try {
    return db_.write([&](soci::session& s) {
      const auto a = volunteer::find_activity(s, activity_id);
      if (!a) throw Refused{Status::not_found("No activity with this id")};
      if (a->starts_at_us <= now) {
        throw Refused{Status(Code::failed_precondition, "activity-started",
                             "The activity has started; tell your team's leader instead")};
      }
      if (!give_slot(s, activity_id, user_id)) {
        throw Refused{Status::not_found("You are not signed up for this activity")};
      }
      return *volunteer::find_activity(s, activity_id);
    });
  } catch (const Refused& r) {
    return r.status;
  }
}

Result<Recorded> VolunteerService::record_attendance(Id activity_id,
                                                     const std::vector<Attendee>& attendees,
                                                     const Actor& actor) {
  const auto activity = find_activity(activity_id);
  if (!activity) return Status::not_found("No activity with this id");
  if (!leads(actor, activity->team_id)) {
    return Status::forbidden("Only the team's leader or the program's managers record attendance");
  }
  const UnixMicros now = options_.clock();
  if (activity->starts_at_us > now) {
    return Status(Code::failed_precondition, "activity-not-started",
                  "Attendance is recorded once the activity has started");
  }
  if (attendees.size() > kAttendeesMax) return Status::invalid("attendees", "at most 1,000");
  std::vector<FieldError> errors;
  std::set<Id> seen;
  for (std::size_t i = 0; i < attendees.size(); ++i) {
    const std::string at = "attendees[" + std::to_string(i) + "].";
    if (!seen.insert(attendees[i].user_id).second) errors.push_back({at + "user_id", "twice"});
    if (attendees[i].minutes < 0 || attendees[i].minutes > kMinutesMax)
      errors.push_back({at + "minutes", "1 to 1,440 (or leave out for the activity's length)"});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  const int length = std::min(activity->length_minutes(), kMinutesMax);
  std::lock_guard lock(grant_mu_);
  std::optional<Posting> posting;
  Recorded out;
  try {
    db_.write([&](soci::session& s) {
      std::vector<AttendanceRow> rows;
      std::int64_t minutes = 0;
      for (std::size_t i = 0; i < attendees.size(); ++i) {
        const Attendee& a = attendees[i];
        const bool member = activity->team_id && is_member(s, *activity->team_id, a.user_id);
        if (!member && !signed_up(s, activity_id, a.user_id)) {
          errors.push_back({"attendees[" + std::to_string(i) + "].user_id",
                            "neither signed up nor in the team"});
          continue;
        }
        std::optional<Id> team = activity->team_id;
        if (!team) {
          const auto teams = teams_of(s, a.user_id);
          if (!teams.empty()) team = teams.front().id;
        }
        rows.push_back({.activity_id = activity_id,
                        .user_id = a.user_id,
                        .minutes = a.minutes == 0 ? length : a.minutes,
                        .team_id = team,
                        .facility_id = activity->facility_id,
                        .month = activity->month});
        minutes += rows.back().minutes;
      }
      if (!errors.empty()) throw Refused{Status::invalid(errors)};
      replace_attendance(s, activity_id, rows, actor.user_id, now);
      const auto rule = grant_rate(s);
      if (!rule && !activity->grant_won_per_hour) return;
      const std::int64_t rate = minutes > 0
                                    ? fix_grant_rate(s, activity_id, rule.value_or(0))
                                    : activity->grant_won_per_hour.value_or(rule.value_or(0));
      out.grant_won = minutes * rate / 60;  // rounded down to the won
      const Granted before = granted(s, activity_id);
      out.granted_won = before.amount_won;
      out.grant_status = "posted";
      if (out.grant_won == before.amount_won) return;
      posting = Posting{.id = ids().next(),
                        .activity_id = activity_id,
                        .facility_id = activity->facility_id,
                        .seq = before.seq_max + 1,
                        .amount_won = out.grant_won - before.amount_won};
      insert_posting(s, *posting, now);
    });
  } catch (const Refused& r) {
    return r.status;
  } catch (const soci::soci_error&) {
    // Most likely another recording of this activity posted the same difference first (the
    // postings' key (activity, seq)); the attendance was rolled back with it.
    return Status(Code::unavailable, "attendance-busy",
                  "Attendance of this activity was recorded at the same time; record it again");
  }
  if (posting) {
    out.grant_status = post(*posting);
    if (out.grant_status == "posted") out.granted_won += posting->amount_won;
  }
  out.activity = *find_activity(activity_id);
  out.attendance = attendance(activity_id);
  return out;
}

std::vector<AttendanceRow> VolunteerService::attendance(Id activity_id) {
  return db_.read([&](soci::session& s) { return attendance_of_activity(s, activity_id); });
}

Result<Id> VolunteerService::facility_account(Id facility_id) {
  return accounts_.find_or_open({.owner_kind = ledger::OwnerKind::charity,
                                 .owner_ref = "facility:" + std::to_string(facility_id),
                                 .code = kFacilityGrants});
}

std::string VolunteerService::post(const Posting& p) {
  auto budget =
      accounts_.find_or_open({.owner_kind = ledger::OwnerKind::program,
                              .owner_ref = "volunteer",
                              .code = kGrantBudget,
                              .flags = ledger::account_flags::kDebitsMustNotExceedCredits});
  auto facility = facility_account(p.facility_id);
  if (!budget.ok() || !facility.ok()) return "pending";
  const bool up = p.amount_won > 0;
  auto result = ledger_
                    .create_transfers({{.id = p.id,
                                        .debit_account_id = up ? budget.value() : facility.value(),
                                        .credit_account_id = up ? facility.value() : budget.value(),
                                        .amount = up ? p.amount_won : -p.amount_won,
                                        .ledger = ledger::kLedgerKrw,
                                        .code = kGrantTransfer,
                                        .reference = "volunteer:" + std::to_string(p.activity_id)}})
                    .get();
  if (!result.ok() || result.value().size() != 1) return "pending";  // the books are down
  const ledger::ResultCode code = result.value().front().code;
  const std::string status = ledger::succeeded(code) ? "posted" : "refused";
  db_.write([&](soci::session& s) { set_posting_status(s, p.id, status); });
  return status;
}

Result<int> VolunteerService::post_pending(int limit) {
  std::lock_guard lock(grant_mu_);
  const auto pending = db_.read([&](soci::session& s) { return pending_postings(s, limit); });
  int done = 0;
  for (const Posting& p : pending) {
    if (post(p) == "pending") {
      return Status(Code::unavailable, "books-unavailable", "The books did not answer");
    }
    ++done;
  }
  return done;
}

std::vector<HoursRow> VolunteerService::hours(GroupBy by, const HoursFilter& filter, int limit) {
  limit = std::clamp(limit, 1, kHoursRowsMax);
  return db_.read([&](soci::session& s) { return volunteer::hours(s, by, filter, limit); });
}

std::vector<Id> VolunteerService::teams_led_by(Id user_id) {
  return db_.read([&](soci::session& s) { return volunteer::teams_led_by(s, user_id); });
}

MyPage VolunteerService::my_page(Id user_id) {
  const UnixMicros now = options_.clock();
  const std::string year = month_of(now).substr(0, 4);
  return db_.read([&](soci::session& s) {
    MyPage page{.teams = teams_of(s, user_id),
                .upcoming = upcoming_of(s, user_id, now, options_.upcoming_max)};
    for (const HoursRow& r :
         volunteer::hours(s, GroupBy::person, HoursFilter{.user_id = user_id, .year = year}, 1)) {
      page.minutes_this_year = r.minutes;
      page.activities_this_year = r.activities;
    }
    return page;
  });
}

Result<Certificate> VolunteerService::certificate(Id user_id, const std::string& from_month,
                                                  const std::string& to_month) {
  if (from_month > to_month) return Status::invalid("to", "must not be before from");
  return db_.read([&](soci::session& s) -> Result<Certificate> {
    const auto p = find_person(s, user_id);
    if (!p) return Status::not_found("No such person");
    Certificate c{.person = *p, .from_month = from_month, .to_month = to_month};
    c.rows = attendance_of_person(s, user_id, from_month, to_month,
                                  options_.attendance_per_certificate_max);
    for (const AttendanceRow& r : c.rows) c.minutes += r.minutes;
    c.issuer = p->org_name.empty() ? "임직원 봉사단" : p->org_name + " 임직원 봉사단";
    c.number = "VOL-" + from_month.substr(0, 4) + "-" + std::to_string(user_id % 1'000'000) + "-" +
               from_month.substr(5, 2) + to_month.substr(5, 2);
    return c;
  });
}

Status VolunteerService::set_grant_rate(std::int64_t won_per_hour, Id actor_id) {
  if (won_per_hour < 0 || won_per_hour > kWonPerHourMax) {
    return Status::invalid("won_per_hour", "0 to 1,000,000 won");
  }
  const UnixMicros now = options_.clock();
  db_.write([&](soci::session& s) { volunteer::set_grant_rate(s, won_per_hour, actor_id, now); });
  return Status::ok_status();
}

Result<std::int64_t> VolunteerService::fund_budget(Id transfer_id, std::int64_t amount_won,
                                                   Id company_org_id) {
  if (amount_won <= 0 || amount_won > 1'000'000'000'000LL) {
    return Status::invalid("amount_won", "1 to 1,000,000,000,000 won");
  }
  auto company = accounts_.find_or_open({.owner_kind = ledger::OwnerKind::company,
                                         .owner_ref = std::to_string(company_org_id),
                                         .code = kCompanyGiving});
  auto budget =
      accounts_.find_or_open({.owner_kind = ledger::OwnerKind::program,
                              .owner_ref = "volunteer",
                              .code = kGrantBudget,
                              .flags = ledger::account_flags::kDebitsMustNotExceedCredits});
  if (!company.ok()) return company.status();
  if (!budget.ok()) return budget.status();
  auto result = ledger_
                    .create_transfers({{.id = transfer_id,
                                        .debit_account_id = company.value(),
                                        .credit_account_id = budget.value(),
                                        .amount = amount_won,
                                        .ledger = ledger::kLedgerKrw,
                                        .code = kBudgetTransfer,
                                        .reference = "volunteer:budget"}})
                    .get();
  if (!result.ok())
    return Status(Code::unavailable, "books-unavailable", result.status().message());
  if (!ledger::succeeded(result.value().front().code)) {
    return Status(Code::conflict, "books-refused",
                  "The books refused the top-up: " +
                      std::string(ledger::to_string(result.value().front().code)));
  }
  return grant_summary().budget_balance_won;
}

GrantSummary VolunteerService::grant_summary() {
  auto budget =
      accounts_.find_or_open({.owner_kind = ledger::OwnerKind::program,
                              .owner_ref = "volunteer",
                              .code = kGrantBudget,
                              .flags = ledger::account_flags::kDebitsMustNotExceedCredits});
  return db_.read([&](soci::session& s) {
    GrantSummary g{.won_per_hour = grant_rate(s), .granted_by_facility = granted_by_facility(s)};
    if (budget.ok()) {
      if (auto view = ledger::find_account(s, budget.value())) {
        g.budget_balance_won = view->balances.credits_posted - view->balances.debits_posted;
      }
    }
    return g;
  });
}

}  // namespace sangsaeng::volunteer
