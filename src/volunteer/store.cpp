#include "volunteer/store.h"

#include <cassert>

#include "ledger/rows.h"

namespace sangsaeng::volunteer {

namespace {

using ledger::row_i64;

constexpr const char* kPersonColumns =
    "SELECT u.id, u.display_name, u.email, "
    "CASE WHEN o.kind = 'company' AND u.disabled = 0 THEN 1 ELSE 0 END, COALESCE(o.name, '') "
    "FROM users u LEFT JOIN orgs o ON o.id = u.org_id ";
constexpr const char* kTeamColumns =
    "SELECT t.id, t.name, t.leader_id, u.display_name, t.created_at, "
    "(SELECT COUNT(*) FROM volunteer_members m WHERE m.team_id = t.id) "
    "FROM volunteer_teams t JOIN users u ON u.id = t.leader_id ";
constexpr const char* kFacilityColumns =
    "SELECT id, name, kind, address, contact_name, contact_phone, created_at "
    "FROM volunteer_facilities ";
constexpr const char* kActivityColumns =
    "SELECT a.id, a.facility_id, a.team_id, a.title, a.starts_at, a.ends_at, a.month, a.slots, "
    "a.taken, a.grant_won_per_hour, a.created_by, a.created_at FROM volunteer_activities a ";
constexpr const char* kAttendanceColumns =
    "SELECT t.activity_id, t.user_id, u.display_name, t.minutes, t.team_id, t.facility_id, "
    "f.name, a.title, t.month, a.starts_at FROM volunteer_attendance t "
    "JOIN users u ON u.id = t.user_id JOIN volunteer_activities a ON a.id = t.activity_id "
    "JOIN volunteer_facilities f ON f.id = t.facility_id ";

std::optional<Id> row_opt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return row_i64(r, i);
}

Person person_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .name = r.get<std::string>(1),
          .email = r.get<std::string>(2),
          .employee = row_i64(r, 3) != 0,
          .org_name = r.get<std::string>(4)};
}

Team team_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .name = r.get<std::string>(1),
          .leader_id = row_i64(r, 2),
          .leader_name = r.get<std::string>(3),
          .members = row_i64(r, 5),
          .created_at_us = row_i64(r, 4)};
}

Facility facility_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .name = r.get<std::string>(1),
          .kind = r.get<std::string>(2),
          .address = r.get<std::string>(3),
          .contact_name = r.get<std::string>(4),
          .contact_phone = r.get<std::string>(5),
          .created_at_us = row_i64(r, 6)};
}

Activity activity_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .facility_id = row_i64(r, 1),
          .team_id = row_opt(r, 2),
          .title = r.get<std::string>(3),
          .starts_at_us = row_i64(r, 4),
          .ends_at_us = row_i64(r, 5),
          .month = r.get<std::string>(6),
          .slots = static_cast<int>(row_i64(r, 7)),
          .taken = static_cast<int>(row_i64(r, 8)),
          .grant_won_per_hour = row_opt(r, 9),
          .created_by = row_i64(r, 10),
          .created_at_us = row_i64(r, 11)};
}

AttendanceRow attendance_from(const soci::row& r) {
  return {.activity_id = row_i64(r, 0),
          .user_id = row_i64(r, 1),
          .user_name = r.get<std::string>(2),
          .minutes = static_cast<int>(row_i64(r, 3)),
          .team_id = row_opt(r, 4),
          .facility_id = row_i64(r, 5),
          .facility_name = r.get<std::string>(6),
          .activity_title = r.get<std::string>(7),
          .month = r.get<std::string>(8),
          .starts_at_us = row_i64(r, 9)};
}

template <class T, class From>
std::vector<T> all(soci::rowset<soci::row>& rows, From from) {
  std::vector<T> out;
  for (const auto& r : rows) out.push_back(from(r));
  return out;
}

template <class T, class From>
std::optional<T> first(soci::rowset<soci::row>& rows, From from) {
  for (const auto& r : rows) return from(r);
  return std::nullopt;
}

template <class T>
Page<T> paged(std::vector<T> items, int limit) {
  Page<T> page;
  if (static_cast<int>(items.size()) > limit) {
    items.resize(static_cast<std::size_t>(limit));
    page.next = items.back().id;
  }
  page.items = std::move(items);
  return page;
}

}  // namespace

std::optional<Person> find_person(soci::session& s, Id user_id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPersonColumns) + "WHERE u.id = :id", soci::use(user_id));
  return first<Person>(rows, person_from);
}

std::optional<Person> find_person_by_email(soci::session& s, const std::string& email) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPersonColumns) + "WHERE u.email = :e", soci::use(email));
  return first<Person>(rows, person_from);
}

bool insert_team(soci::session& s, const Team& t) {
  soci::statement st =
      (s.prepare << "INSERT INTO volunteer_teams (id, name, leader_id, created_at) VALUES "
                    "(:id, :n, :l, :c) ON CONFLICT (name) DO NOTHING",
       soci::use(t.id), soci::use(t.name), soci::use(t.leader_id), soci::use(t.created_at_us));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<Team> find_team(soci::session& s, Id id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kTeamColumns) + "WHERE t.id = :id", soci::use(id));
  return first<Team>(rows, team_from);
}

Page<Team> page_teams(soci::session& s, std::optional<Id> after, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  const long long from = after.value_or(0);
  const int n = limit + 1;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kTeamColumns) + "WHERE t.id > :a ORDER BY t.id LIMIT :n",
       soci::use(from), soci::use(n));
  return paged(all<Team>(rows, team_from), limit);
}

int insert_members(soci::session& s, Id team_id, const std::vector<Id>& user_ids,
                   UnixMicros now_us) {
  int added = 0;
  for (Id user : user_ids) {
    soci::statement st =
        (s.prepare << "INSERT INTO volunteer_members (team_id, user_id, joined_at) VALUES "
                      "(:t, :u, :j) ON CONFLICT (team_id, user_id) DO NOTHING",
         soci::use(team_id), soci::use(user), soci::use(now_us));
    st.execute(true);
    added += static_cast<int>(st.get_affected_rows());
  }
  return added;
}

bool is_member(soci::session& s, Id team_id, Id user_id) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM volunteer_members WHERE team_id = :t AND user_id = :u", soci::into(n),
      soci::use(team_id), soci::use(user_id);
  return n > 0;
}

std::vector<Person> members(soci::session& s, Id team_id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPersonColumns) +
                        "JOIN volunteer_members m ON m.user_id = u.id WHERE m.team_id = :t "
                        "ORDER BY u.display_name, u.id LIMIT 1000",
       soci::use(team_id));
  return all<Person>(rows, person_from);
}

std::vector<Team> teams_of(soci::session& s, Id user_id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kTeamColumns) +
                        "WHERE t.id IN (SELECT team_id FROM volunteer_members WHERE user_id = :u) "
                        "ORDER BY t.id LIMIT 100",
       soci::use(user_id));
  return all<Team>(rows, team_from);
}

std::vector<Id> teams_led_by(soci::session& s, Id user_id) {
  std::vector<Id> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id FROM volunteer_teams WHERE leader_id = :u ORDER BY id LIMIT 100",
       soci::use(user_id));
  for (const auto& r : rows) out.push_back(row_i64(r, 0));
  return out;
}

bool insert_facility(soci::session& s, const Facility& f) {
  soci::statement st =
      (s.prepare << "INSERT INTO volunteer_facilities (id, name, kind, address, contact_name, "
                    "contact_phone, created_at) VALUES (:id, :n, :k, :a, :cn, :cp, :c) "
                    "ON CONFLICT (name) DO NOTHING",
       soci::use(f.id), soci::use(f.name), soci::use(f.kind), soci::use(f.address),
       soci::use(f.contact_name), soci::use(f.contact_phone), soci::use(f.created_at_us));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<Facility> find_facility(soci::session& s, Id id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kFacilityColumns) + "WHERE id = :id", soci::use(id));
  return first<Facility>(rows, facility_from);
}

std::optional<Facility> find_facility_by_name(soci::session& s, const std::string& name) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kFacilityColumns) + "WHERE name = :n", soci::use(name));
  return first<Facility>(rows, facility_from);
}

Page<Facility> page_facilities(soci::session& s, std::optional<Id> after, int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  const long long from = after.value_or(0);
  const int n = limit + 1;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kFacilityColumns) + "WHERE id > :a ORDER BY id LIMIT :n",
       soci::use(from), soci::use(n));
  return paged(all<Facility>(rows, facility_from), limit);
}

void insert_activity(soci::session& s, const Activity& a) {
  long long team = a.team_id.value_or(0);
  soci::indicator team_ind = a.team_id ? soci::i_ok : soci::i_null;
  s << "INSERT INTO volunteer_activities (id, facility_id, team_id, title, starts_at, ends_at, "
       "month, slots, taken, created_by, created_at) VALUES (:id, :f, :t, :ti, :s, :e, :m, :sl, "
       "0, :cb, :ca)",
      soci::use(a.id), soci::use(a.facility_id), soci::use(team, team_ind), soci::use(a.title),
      soci::use(a.starts_at_us), soci::use(a.ends_at_us), soci::use(a.month), soci::use(a.slots),
      soci::use(a.created_by), soci::use(a.created_at_us);
}

std::optional<Activity> find_activity(soci::session& s, Id id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kActivityColumns) + "WHERE a.id = :id", soci::use(id));
  return first<Activity>(rows, activity_from);
}

std::vector<Activity> activities_between(soci::session& s, UnixMicros from_us, UnixMicros to_us,
                                         std::optional<Id> team_id, int limit) {
  const long long team = team_id.value_or(0);
  const int has_team = team_id.has_value();
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kActivityColumns) +
                        "WHERE a.starts_at >= :f AND a.starts_at < :t AND (:ht = 0 OR a.team_id = "
                        ":team) ORDER BY a.starts_at, a.id LIMIT :n",
       soci::use(from_us), soci::use(to_us), soci::use(has_team), soci::use(team),
       soci::use(limit));
  return all<Activity>(rows, activity_from);
}

std::int64_t fix_grant_rate(soci::session& s, Id activity_id, std::int64_t won_per_hour) {
  s << "UPDATE volunteer_activities SET grant_won_per_hour = :w WHERE id = :id AND "
       "grant_won_per_hour IS NULL",
      soci::use(won_per_hour), soci::use(activity_id);
  long long rate = 0;
  s << "SELECT grant_won_per_hour FROM volunteer_activities WHERE id = :id", soci::into(rate),
      soci::use(activity_id);
  return rate;
}

Take take_slot(soci::session& s, Id activity_id, Id user_id, UnixMicros now_us) {
  soci::statement insert =
      (s.prepare << "INSERT INTO volunteer_signups (activity_id, user_id, signed_up_at) VALUES "
                    "(:a, :u, :t) ON CONFLICT (activity_id, user_id) DO NOTHING",
       soci::use(activity_id), soci::use(user_id), soci::use(now_us));
  insert.execute(true);
  if (insert.get_affected_rows() == 0) return Take::already;
  soci::statement take =
      (s.prepare << "UPDATE volunteer_activities SET taken = taken + 1 WHERE id = :a AND "
                    "taken < slots",
       soci::use(activity_id));
  take.execute(true);
  return take.get_affected_rows() == 1 ? Take::added : Take::full;
}

bool give_slot(soci::session& s, Id activity_id, Id user_id) {
  soci::statement del =
      (s.prepare << "DELETE FROM volunteer_signups WHERE activity_id = :a AND user_id = :u",
       soci::use(activity_id), soci::use(user_id));
  del.execute(true);
  if (del.get_affected_rows() == 0) return false;
  s << "UPDATE volunteer_activities SET taken = taken - 1 WHERE id = :a", soci::use(activity_id);
  return true;
}

bool signed_up(soci::session& s, Id activity_id, Id user_id) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM volunteer_signups WHERE activity_id = :a AND user_id = :u",
      soci::into(n), soci::use(activity_id), soci::use(user_id);
  return n > 0;
}

std::vector<Person> signups(soci::session& s, Id activity_id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPersonColumns) +
                        "JOIN volunteer_signups g ON g.user_id = u.id WHERE g.activity_id = :a "
                        "ORDER BY u.display_name, u.id LIMIT 1000",
       soci::use(activity_id));
  return all<Person>(rows, person_from);
}

std::vector<Activity> upcoming_of(soci::session& s, Id user_id, UnixMicros from_us, int limit) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kActivityColumns) +
                        "JOIN volunteer_signups g ON g.activity_id = a.id WHERE g.user_id = :u "
                        "AND a.ends_at >= :f ORDER BY a.starts_at, a.id LIMIT :n",
       soci::use(user_id), soci::use(from_us), soci::use(limit));
  return all<Activity>(rows, activity_from);
}

void replace_attendance(soci::session& s, Id activity_id, const std::vector<AttendanceRow>& rows,
                        Id recorded_by, UnixMicros now_us) {
  s << "DELETE FROM volunteer_attendance WHERE activity_id = :a", soci::use(activity_id);
  for (const AttendanceRow& r : rows) {
    assert(r.activity_id == activity_id && r.minutes > 0);
    long long team = r.team_id.value_or(0);
    soci::indicator team_ind = r.team_id ? soci::i_ok : soci::i_null;
    s << "INSERT INTO volunteer_attendance (activity_id, user_id, minutes, team_id, facility_id, "
         "month, recorded_by, recorded_at) VALUES (:a, :u, :m, :t, :f, :mo, :rb, :ra)",
        soci::use(activity_id), soci::use(r.user_id), soci::use(r.minutes),
        soci::use(team, team_ind), soci::use(r.facility_id), soci::use(r.month),
        soci::use(recorded_by), soci::use(now_us);
  }
}

std::vector<AttendanceRow> attendance_of_activity(soci::session& s, Id activity_id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kAttendanceColumns) +
                        "WHERE t.activity_id = :a ORDER BY u.display_name, t.user_id LIMIT 1000",
       soci::use(activity_id));
  return all<AttendanceRow>(rows, attendance_from);
}

std::string person_attendance_sql() {
  return std::string(kAttendanceColumns) +
         "WHERE t.user_id = :u AND t.month >= :f AND t.month <= :t "
         "ORDER BY a.starts_at, t.activity_id LIMIT :n";
}

std::vector<AttendanceRow> attendance_of_person(soci::session& s, Id user_id,
                                                const std::string& from_month,
                                                const std::string& to_month, int limit) {
  soci::rowset<soci::row> rows = (s.prepare << person_attendance_sql(), soci::use(user_id),
                                  soci::use(from_month), soci::use(to_month), soci::use(limit));
  return all<AttendanceRow>(rows, attendance_from);
}

std::string hours_sql(GroupBy by, const HoursFilter& f) {
  // The grouping column, and the name joined to each group after summing (one lookup per group,
  // not per attendance row): a fixed choice, never text from the request.
  std::string key, name = "''", inner_join, outer_join;
  switch (by) {
    case GroupBy::person:
      key = "t.user_id";
      name = "u.display_name";
      outer_join = "LEFT JOIN users u ON u.id = g.k ";
      break;
    case GroupBy::team:
      key = "t.team_id";
      name = "tm.name";
      outer_join = "LEFT JOIN volunteer_teams tm ON tm.id = g.k ";
      break;
    case GroupBy::facility:
      key = "t.facility_id";
      name = "fa.name";
      outer_join = "LEFT JOIN volunteer_facilities fa ON fa.id = g.k ";
      break;
    case GroupBy::month:
      key = "t.month";
      break;
    case GroupBy::facility_kind:
      key = "fa.kind";
      inner_join = "JOIN volunteer_facilities fa ON fa.id = t.facility_id ";
      break;
  }
  // One month is an equality (the (month, team) index then hands the rows over in team order:
  // no sort before grouping); a year or everything a range. Both always bound, so the planner
  // sees the values; ids are numbers.
  std::string where = f.month ? "WHERE t.month = :mf " : "WHERE t.month >= :mf AND t.month <= :mt ";
  if (f.month && f.year && !f.month->starts_with(*f.year)) where += "AND 1 = 0 ";  // disjoint
  if (f.team_id) where += "AND t.team_id = " + std::to_string(*f.team_id) + " ";
  if (f.user_id) where += "AND t.user_id = " + std::to_string(*f.user_id) + " ";
  if (f.facility_id) where += "AND t.facility_id = " + std::to_string(*f.facility_id) + " ";
  if (f.within_leader_teams) {
    where += "AND t.team_id IN (SELECT id FROM volunteer_teams WHERE leader_id = " +
             std::to_string(*f.within_leader_teams) + ") ";
  }
  return "SELECT CAST(g.k AS TEXT), " + name + ", g.minutes, g.people, g.activities FROM (SELECT " +
         key +
         " AS k, CAST(SUM(t.minutes) AS BIGINT) AS minutes, COUNT(DISTINCT t.user_id) AS people, "
         "COUNT(DISTINCT t.activity_id) AS activities FROM volunteer_attendance t " +
         inner_join + where + "GROUP BY " + key + ") g " + outer_join +
         "ORDER BY g.minutes DESC, 1 LIMIT :n";
}

std::pair<std::string, std::string> hours_months(const HoursFilter& f) {
  if (f.month) return {*f.month, *f.month};
  if (f.year) return {*f.year + "-01", *f.year + "-12"};
  return {"0000-00", "9999-99"};
}

std::vector<HoursRow> hours(soci::session& s, GroupBy by, const HoursFilter& f, int limit) {
  const auto [from, to] = hours_months(f);
  soci::rowset<soci::row> rows =
      f.month ? (s.prepare << hours_sql(by, f), soci::use(from), soci::use(limit))
              : (s.prepare << hours_sql(by, f), soci::use(from), soci::use(to), soci::use(limit));
  std::vector<HoursRow> out;
  for (const auto& r : rows) {
    out.push_back({.key = r.get_indicator(0) == soci::i_ok ? r.get<std::string>(0) : "",
                   .name = r.get_indicator(1) == soci::i_ok ? r.get<std::string>(1) : "",
                   .minutes = row_i64(r, 2),
                   .people = row_i64(r, 3),
                   .activities = row_i64(r, 4)});
  }
  return out;
}

std::optional<std::int64_t> grant_rate(soci::session& s) {
  long long rate = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT won_per_hour FROM volunteer_grant_rule WHERE id = 1", soci::into(rate, ind);
  if (!s.got_data() || ind != soci::i_ok) return std::nullopt;
  return rate;
}

void set_grant_rate(soci::session& s, std::int64_t won_per_hour, Id actor, UnixMicros now_us) {
  s << "INSERT INTO volunteer_grant_rule (id, won_per_hour, updated_by, updated_at) VALUES "
       "(1, :w, :b, :t) ON CONFLICT (id) DO UPDATE SET won_per_hour = excluded.won_per_hour, "
       "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      soci::use(won_per_hour), soci::use(actor), soci::use(now_us);
}

void insert_posting(soci::session& s, const Posting& p, UnixMicros now_us) {
  s << "INSERT INTO volunteer_grant_postings (id, activity_id, facility_id, seq, amount_won, "
       "status, created_at) VALUES (:id, :a, :f, :s, :w, :st, :c)",
      soci::use(p.id), soci::use(p.activity_id), soci::use(p.facility_id), soci::use(p.seq),
      soci::use(p.amount_won), soci::use(p.status), soci::use(now_us);
}

void set_posting_status(soci::session& s, Id id, const std::string& status) {
  s << "UPDATE volunteer_grant_postings SET status = :s WHERE id = :id", soci::use(status),
      soci::use(id);
}

Granted granted(soci::session& s, Id activity_id) {
  long long amount = 0, seq = 0;
  s << "SELECT CAST(COALESCE(SUM(CASE WHEN status <> 'refused' THEN amount_won ELSE 0 END), 0) "
       "AS BIGINT), CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM volunteer_grant_postings WHERE "
       "activity_id = :a",
      soci::into(amount), soci::into(seq), soci::use(activity_id);
  return {.amount_won = amount, .seq_max = static_cast<int>(seq)};
}

std::vector<Posting> pending_postings(soci::session& s, int limit) {
  std::vector<Posting> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, activity_id, facility_id, seq, amount_won, status FROM "
                    "volunteer_grant_postings WHERE status = 'pending' ORDER BY id LIMIT :n",
       soci::use(limit));
  for (const auto& r : rows) {
    out.push_back({.id = row_i64(r, 0),
                   .activity_id = row_i64(r, 1),
                   .facility_id = row_i64(r, 2),
                   .seq = static_cast<int>(row_i64(r, 3)),
                   .amount_won = row_i64(r, 4),
                   .status = r.get<std::string>(5)});
  }
  return out;
}

std::map<Id, std::int64_t> granted_by_facility(soci::session& s) {
  std::map<Id, std::int64_t> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT facility_id, CAST(SUM(amount_won) AS BIGINT) FROM "
                    "volunteer_grant_postings WHERE status = 'posted' GROUP BY facility_id");
  for (const auto& r : rows) out[row_i64(r, 0)] = row_i64(r, 1);
  return out;
}

}  // namespace sangsaeng::volunteer
