// volunteer_bench [--members N] [--teams N] [--attendance N] [--requests R] [--sqlite |
// --postgres]: the volunteer corps' reports on a year of records (default 14,000 members in 270
// teams, 500,000 attendance records: 50,000 activities of 10 people at 300 facilities), each
// report asked R times (default 300) with random arguments through VolunteerService, next to the
// very same SQL (volunteer/store.h hands out its text) run in the database's own shell (sqlite3
// with .timer, psql with \timing) in the same run, on the same database file or server.
//
//   team x month:  hours by team for one month (GET /api/v1/volunteer/hours?by=team&month=),
//   team's year:   one team's hours by month over the year (?by=month&team=&year=),
//   certificate:   one person's attendance over the year (GET .../me/certificate), with the
//                  person's name (one primary-key read more than the shell's query).
//
// Aim (issue 19): each answered in under 200 ms at p99. Records are inserted with bulk SQL,
// then ANALYZE (SQLite) or VACUUM ANALYZE (PostgreSQL): what autovacuum does after a load.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "ledger/engine.h"
#include "store/migrations.h"
#include "support/temp_postgres.h"
#include "volunteer/service.h"

namespace sangsaeng::volunteer {
namespace {

constexpr int kPerActivity = 10, kFacilities = 300, kShellRuns = 60;
constexpr int kRowsPerStatement = 1'000, kRowsPerCommit = 20'000;
constexpr int kYear = 2025;

struct Shape {
  int members = 14'000, teams = 270, attendance = 500'000, requests = 300;
  int activities() const { return attendance / kPerActivity; }
};

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string month_text(int m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d-%02d", kYear, m);
  return buf;
}

// Rows `first..last` of one table, as multi-row INSERTs of 1,000 in commits of 20,000.
template <class Row>
void insert_rows(store::Db& db, const std::string& head, int count, Row row) {
  for (int first = 0; first < count; first += kRowsPerCommit) {
    db.write([&](soci::session& s) {
      const int last = std::min(count, first + kRowsPerCommit);
      for (int from = first; from < last; from += kRowsPerStatement) {
        std::string sql = head;
        for (int k = from; k < std::min(last, from + kRowsPerStatement); ++k)
          sql += (k == from ? "(" : ",(") + row(k) + ")";
        s << sql;
      }
    });
  }
}

// Member i (0-based, user id i + 1) is in team i % teams; a team's first member leads it.
void load(store::Db& db, const std::string& url, const Shape& shape) {
  const auto t0 = std::chrono::steady_clock::now();
  db.write([](soci::session& s) {
    s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (1, 'KT', 'company', 0)";
  });
  insert_rows(db,
              "INSERT INTO users (id, org_id, email, display_name, password_hash, created_at) "
              "VALUES ",
              shape.members, [](int i) {
                return std::to_string(i + 1) + ",1,'m" + std::to_string(i + 1) +
                       "@bench','임직원 " + std::to_string(i + 1) + "','x',0";
              });
  insert_rows(db, "INSERT INTO volunteer_teams (id, name, leader_id, created_at) VALUES ",
              shape.teams, [](int t) {
                return std::to_string(t + 1) + ",'봉사팀 " + std::to_string(t + 1) + "'," +
                       std::to_string(t + 1) + ",0";
              });
  insert_rows(db, "INSERT INTO volunteer_members (team_id, user_id, joined_at) VALUES ",
              shape.members, [&](int i) {
                return std::to_string(i % shape.teams + 1) + "," + std::to_string(i + 1) + ",0";
              });
  insert_rows(db,
              "INSERT INTO volunteer_facilities (id, name, kind, address, contact_name, "
              "contact_phone, created_at) VALUES ",
              kFacilities, [](int f) {
                return std::to_string(f + 1) + ",'복지관 " + std::to_string(f + 1) + "','" +
                       std::string(kFacilityKinds[f % std::size(kFacilityKinds)]) +
                       "','서울특별시','담당자','02-000-0000',0";
              });
  // Activities spread evenly over the year (Seoul), 10:00 to 13:00.
  const UnixMicros year_start =
      micros_from_civil({.year = kYear, .month = 1, .day = 1, .hour = 10}, kSeoulOffsetMinutes);
  const UnixMicros step = 364LL * kMicrosPerDay / shape.activities();
  std::vector<std::string> months(static_cast<std::size_t>(shape.activities()));
  auto start_of = [&](int a) { return year_start + a * step / kMicrosPerDay * kMicrosPerDay; };
  for (int a = 0; a < shape.activities(); ++a)
    months[static_cast<std::size_t>(a)] =
        month_text(civil_from_micros(start_of(a), kSeoulOffsetMinutes).month);
  insert_rows(db,
              "INSERT INTO volunteer_activities (id, facility_id, team_id, title, starts_at, "
              "ends_at, month, slots, taken, created_by, created_at) VALUES ",
              shape.activities(), [&](int a) {
                const UnixMicros start = start_of(a);
                return std::to_string(a + 1) + "," + std::to_string(a % kFacilities + 1) + "," +
                       std::to_string(a % shape.teams + 1) + ",'점심 배식 봉사'," +
                       std::to_string(start) + "," + std::to_string(start + 3 * 3600'000'000LL) +
                       ",'" + months[static_cast<std::size_t>(a)] + "',12,10,1,0";
              });
  // Activity a's attendees: 10 members of its team, a different ten each time.
  const int team_size_min = shape.members / shape.teams;
  insert_rows(db,
              "INSERT INTO volunteer_attendance (activity_id, user_id, minutes, team_id, "
              "facility_id, month, recorded_by, recorded_at) VALUES ",
              shape.attendance, [&](int row) {
                const int a = row / kPerActivity, k = row % kPerActivity;
                const int team = a % shape.teams;
                const int member = ((a / shape.teams) * kPerActivity + k) % team_size_min;
                const int user = member * shape.teams + team + 1;
                return std::to_string(a + 1) + "," + std::to_string(user) + "," +
                       std::to_string(60 + 30 * (row % 5)) + "," + std::to_string(team + 1) + "," +
                       std::to_string(a % kFacilities + 1) + ",'" +
                       months[static_cast<std::size_t>(a)] + "',1,0";
              });
  // Statistics, and on PostgreSQL the visibility map that index-only scans need (what
  // autovacuum does on its own after a load; VACUUM cannot run in a transaction).
  if (url.starts_with("sqlite://")) {
    db.write([](soci::session& s) { s << "ANALYZE"; });
  } else if (std::system(("psql -X -q '" + url + "' -c 'VACUUM ANALYZE'").c_str()) != 0) {
    throw std::runtime_error("VACUUM ANALYZE failed");
  }
  std::fprintf(stderr, "loaded %d members, %d teams, %d activities, %d attendance in %.1f s\n",
               shape.members, shape.teams, shape.activities(), shape.attendance,
               ms_since(t0) / 1000);
}

// One report's arguments, drawn once and used by both sides.
struct Ask {
  int month = 1, team = 1, user = 1;
};

enum class Report { team_month, team_year, certificate };
constexpr std::array kReports = {Report::team_month, Report::team_year, Report::certificate};
const char* report_name(Report r) {
  switch (r) {
    case Report::team_month:
      return "hours by team, one month";
    case Report::team_year:
      return "a team's hours by month, the year";
    case Report::certificate:
      return "a person's certificate, the year";
  }
  return "";
}

constexpr int kRowsMax = 10'000;  // the API's bound on an hours report

// The report through the service: rows it answered (to check both sides did the work).
std::size_t ask_service(VolunteerService& corps, Report r, const Ask& a) {
  const std::string year = std::to_string(kYear);
  switch (r) {
    case Report::team_month:
      return corps.hours(GroupBy::team, {.month = month_text(a.month)}, kRowsMax).size();
    case Report::team_year:
      return corps.hours(GroupBy::month, {.team_id = a.team, .year = year}, kRowsMax).size();
    case Report::certificate: {
      auto c = corps.certificate(a.user, year + "-01", year + "-12");
      if (!c.ok()) throw std::runtime_error(c.status().message());
      return c.value().rows.size();
    }
  }
  return 0;
}

// The same SQL with its binds written in as literals.
std::string bind(std::string sql, const std::vector<std::pair<std::string, std::string>>& binds) {
  for (const auto& [name, value] : binds) {
    sql = std::regex_replace(sql, std::regex(name + "\\b"), value);
  }
  return sql;
}

std::string ask_sql(Report r, const Ask& a) {
  const std::string year = std::to_string(kYear);
  const std::string rows_max = std::to_string(kRowsMax);
  switch (r) {
    case Report::team_month: {
      const HoursFilter f{.month = month_text(a.month)};
      const auto [from, to] = hours_months(f);
      return bind(hours_sql(GroupBy::team, f),
                  {{":mf", "'" + from + "'"}, {":mt", "'" + to + "'"}, {":n", rows_max}});
    }
    case Report::team_year: {
      const HoursFilter f{.team_id = a.team, .year = year};
      const auto [from, to] = hours_months(f);
      return bind(hours_sql(GroupBy::month, f),
                  {{":mf", "'" + from + "'"}, {":mt", "'" + to + "'"}, {":n", rows_max}});
    }
    case Report::certificate:
      return bind(person_attendance_sql(), {{":u", std::to_string(a.user)},
                                            {":f", "'" + year + "-01'"},
                                            {":t", "'" + year + "-12'"},
                                            {":n", "2000"}});
  }
  return "";
}

// Runs the statements in one shell session (output to /dev/null) and reads each one's time
// from the shell's own timer, in ms.
std::vector<double> shell_ms(const std::string& url, const std::vector<std::string>& sql) {
  const bool sqlite = url.starts_with("sqlite://");
  char path[] = "/tmp/volunteer-bench-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp");
  close(fd);
  {
    FILE* f = std::fopen(path, "w");
    std::fputs(sqlite ? ".timer on\n.output /dev/null\n" : "\\timing on\n", f);
    for (const auto& q : sql) std::fprintf(f, "%s;\n", q.c_str());
    std::fclose(f);
  }
  const std::string cmd = sqlite ? "sqlite3 -readonly '" + url.substr(9) + "' < " + path
                                 : "psql -X -q -o /dev/null '" + url + "' -f " + path;
  FILE* out = popen(cmd.c_str(), "r");
  if (out == nullptr) throw std::runtime_error("popen " + cmd);
  std::vector<double> times;
  char line[512];
  while (std::fgets(line, sizeof line, out) != nullptr) {
    double v = 0;
    if (sqlite && std::sscanf(line, "Run Time: real %lf", &v) == 1) times.push_back(v * 1000);
    if (!sqlite && std::sscanf(line, "Time: %lf ms", &v) == 1) times.push_back(v);
  }
  const int rc = pclose(out);
  std::remove(path);
  if (rc != 0 || times.size() != sql.size())
    throw std::runtime_error("the shell answered " + std::to_string(times.size()) + " of " +
                             std::to_string(sql.size()) + " timings: " + cmd);
  return times;
}

// With VOLUNTEER_BENCH_EXPLAIN set: the plan of one ask, from the shell, on stderr.
void explain(const std::string& url, const std::string& sql) {
  if (std::getenv("VOLUNTEER_BENCH_EXPLAIN") == nullptr) return;
  const bool sqlite = url.starts_with("sqlite://");
  const std::string path = "/tmp/volunteer-bench-explain.sql";
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return;
  std::fprintf(f, "%s %s;\n", sqlite ? "EXPLAIN QUERY PLAN" : "EXPLAIN (ANALYZE, BUFFERS)",
               sql.c_str());
  std::fclose(f);
  const std::string cmd = sqlite ? "sqlite3 -readonly '" + url.substr(9) + "' < " + path + " >&2"
                                 : "psql -X '" + url + "' -f " + path + " >&2";
  if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "explain failed: %s\n", cmd.c_str());
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void run(const char* name, const std::string& url, const Shape& shape) {
  auto db = store::Db::open({.url = url, .pool_size = 4});
  store::migrate(*db);
  load(*db, url, shape);
  ledger::Engine engine(*db);
  VolunteerService corps(*db, engine);
  std::mt19937 random(19);
  const int team_size_min = shape.members / shape.teams;
  auto draw = [&] {
    return Ask{
        .month = static_cast<int>(random() % 12) + 1,
        .team = static_cast<int>(random() % static_cast<unsigned>(shape.teams)) + 1,
        .user =
            static_cast<int>(random() % static_cast<unsigned>(team_size_min * shape.teams)) + 1};
  };
  for (Report r : kReports) {
    std::vector<Ask> asks;
    for (int i = 0; i < shape.requests; ++i) asks.push_back(draw());
    // Warm up (the first read of each page from disk is not the report's cost).
    for (int i = 0; i < 5; ++i) ask_service(corps, r, asks[static_cast<std::size_t>(i)]);
    std::vector<double> service;
    std::size_t rows = 0;
    for (const Ask& a : asks) {
      const auto t0 = std::chrono::steady_clock::now();
      rows += ask_service(corps, r, a);
      service.push_back(ms_since(t0));
    }
    std::vector<std::string> sql;
    for (int i = 0; i < kShellRuns; ++i)
      sql.push_back(ask_sql(r, asks[static_cast<std::size_t>(i)]));
    explain(url, sql.front());
    const std::vector<double> shell = shell_ms(url, sql);
    std::printf("| %s | %s | %zu | %.1f | %.1f | %.1f | %d | %.1f | %.1f | %.1f |\n", name,
                report_name(r), asks.size(), percentile(service, 0.5), percentile(service, 0.99),
                *std::max_element(service.begin(), service.end()), kShellRuns,
                percentile(shell, 0.5), percentile(shell, 0.99),
                percentile(service, 0.99) / std::max(0.001, percentile(shell, 0.99)));
    std::fprintf(stderr, "%s %s: %.1f rows per answer\n", name, report_name(r),
                 static_cast<double>(rows) / static_cast<double>(asks.size()));
    std::fflush(stdout);
  }
}

}  // namespace
}  // namespace sangsaeng::volunteer

int main(int argc, char** argv) {
  using namespace sangsaeng;
  volunteer::Shape shape;
  bool sqlite_only = false, postgres_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--members") == 0 && i + 1 < argc)
      shape.members = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--teams") == 0 && i + 1 < argc) shape.teams = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--attendance") == 0 && i + 1 < argc)
      shape.attendance = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--requests") == 0 && i + 1 < argc)
      shape.requests = std::atoi(argv[++i]);
    sqlite_only |= std::strcmp(argv[i], "--sqlite") == 0;
    postgres_only |= std::strcmp(argv[i], "--postgres") == 0;
  }
  if (shape.teams < 1 || shape.members < shape.teams * volunteer::kPerActivity ||
      shape.attendance < volunteer::kPerActivity || shape.requests < volunteer::kShellRuns) {
    std::fprintf(stderr,
                 "volunteer_bench: need members >= 10 x teams, attendance >= 10, requests >= 60\n");
    return 2;
  }
  std::printf(
      "| database | report | asked | p50 ms | p99 ms | max ms | shell runs | shell p50 ms | shell "
      "p99 ms | p99 / shell p99 |\n");
  std::printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  try {
    if (!postgres_only) volunteer::run("SQLite", testing::temp_sqlite_url(), shape);
    if (!sqlite_only) {
      testing::TempPostgres pg;
      volunteer::run("PostgreSQL", pg.create_database("volunteer_bench"), shape);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "volunteer_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
