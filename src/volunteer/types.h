// The volunteer corps' records: teams of employees with a leader, welfare facilities,
// activities at a facility with slots, sign-ups, attendance (minutes per person and activity).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/time.h"

namespace sangsaeng::volunteer {

struct Team {
  Id id = 0;
  std::string name = {};
  Id leader_id = 0;
  std::string leader_name = {};  // read only
  std::int64_t members = 0;      // read only
  UnixMicros created_at_us = 0;
};

// 사회복지시설 kinds (the public page counts hours by kind).
inline constexpr std::string_view kFacilityKinds[] = {"elderly",   "disability", "children",
                                                      "community", "homeless",   "other"};
bool is_facility_kind(std::string_view kind);

struct Facility {
  Id id = 0;
  std::string name = {}, kind = {}, address = {}, contact_name = {}, contact_phone = {};
  UnixMicros created_at_us = 0;
};

struct Activity {
  Id id = 0;
  Id facility_id = 0;
  std::optional<Id> team_id = {};  // none: open to every employee
  std::string title = {};
  UnixMicros starts_at_us = 0, ends_at_us = 0;
  std::string month = {};  // "YYYY-MM" of the start in Seoul; set by the service
  int slots = 0;
  int taken = 0;  // signed up
  std::optional<std::int64_t> grant_won_per_hour = {};
  Id created_by = 0;
  UnixMicros created_at_us = 0;
  int length_minutes() const { return static_cast<int>((ends_at_us - starts_at_us) / 60'000'000); }
};

struct Attendee {
  Id user_id = 0;
  int minutes = 0;  // 0 when given: the activity's length
};

// One person's attendance of one activity, with what the certificate prints.
struct AttendanceRow {
  Id activity_id = 0, user_id = 0;
  std::string user_name = {};
  int minutes = 0;
  std::optional<Id> team_id = {};
  Id facility_id = 0;
  std::string facility_name = {}, activity_title = {}, month = {};
  UnixMicros starts_at_us = 0;
};

// Hours reports: minutes summed over one grouping, with how many people and activities.
enum class GroupBy { person, team, facility, month, facility_kind };
struct HoursFilter {
  std::optional<Id> team_id = {}, user_id = {}, facility_id = {};
  std::optional<std::string> month = {};       // "YYYY-MM"
  std::optional<std::string> year = {};        // "YYYY"
  std::optional<Id> within_leader_teams = {};  // only teams this user leads
};
struct HoursRow {
  std::string key;   // the group's id, month or kind ("" for no team)
  std::string name;  // a person's, team's or facility's name ("" for months and kinds)
  std::int64_t minutes = 0, people = 0, activities = 0;
};

}  // namespace sangsaeng::volunteer
