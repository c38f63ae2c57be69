#include "care/public_figures.h"

#include <cassert>

#include "care/types.h"
#include "ledger/rows.h"

namespace sangsaeng::care {

namespace {

using figures::Measure;
using figures::Row;
using ledger::row_i64;

// "2026-11" (the first seven characters of a day) -> 202611.
figures::Month month_of_text(const std::string& text) {
  assert(text.size() == 7 && text[4] == '-');
  return std::stoi(text.substr(0, 4)) * 100 + std::stoi(text.substr(5, 2));
}

// Visits done with the person at home, of the program's requests.
constexpr const char* kVisitsDone =
    "FROM care_visits v JOIN care_requests r ON r.id = v.request_id WHERE r.program = :p AND "
    "v.status = 'done' AND v.outcome <> 'not_home'";
// Learners present at the program's sessions held.
constexpr const char* kPresent =
    "FROM care_attendance a JOIN care_sessions x ON x.id = a.session_id JOIN care_courses c ON "
    "c.id = x.course_id WHERE c.program = :q AND a.status = 'present' AND x.held_at IS NOT NULL";

}  // namespace

PublicFigures::PublicFigures(std::string program) : program_(std::move(program)) {
  assert(is_care_program(program_));
}

std::vector<Row> PublicFigures::from_records(soci::session& s) const {
  std::vector<Row> out;
  auto add = [&](const std::string& month, Measure m, std::int64_t v) {
    if (v != 0) out.push_back({program_, "", month_of_text(month), m, v});
  };
  soci::rowset<soci::row> visits =
      (s.prepare << "SELECT SUBSTR(v.visit_date, 1, 7), COUNT(*), "
                    "CAST(SUM(COALESCE(v.duration_min, 0)) AS BIGINT), COUNT(v.satisfaction), "
                    "CAST(SUM(COALESCE(v.satisfaction, 0)) AS BIGINT) " +
                        std::string(kVisitsDone) + " GROUP BY SUBSTR(v.visit_date, 1, 7)",
       soci::use(program_));
  for (const auto& r : visits) {
    const std::string month = r.get<std::string>(0);
    add(month, Measure::visits, row_i64(r, 1));
    add(month, Measure::minutes, row_i64(r, 2));
    add(month, Measure::satisfaction_ratings, row_i64(r, 3));
    add(month, Measure::satisfaction_points, row_i64(r, 4));
  }
  soci::rowset<soci::row> sessions =
      (s.prepare
           << "SELECT SUBSTR(x.session_date, 1, 7), CAST(SUM(x.duration_min) AS BIGINT) "
              "FROM care_sessions x JOIN care_courses c ON c.id = x.course_id WHERE "
              "c.program = :q AND x.held_at IS NOT NULL GROUP BY SUBSTR(x.session_date, 1, 7)",
       soci::use(program_));
  for (const auto& r : sessions) add(r.get<std::string>(0), Measure::minutes, row_i64(r, 1));
  soci::rowset<soci::row> learners =
      (s.prepare << "SELECT SUBSTR(x.session_date, 1, 7), COUNT(DISTINCT a.beneficiary_id) " +
                        std::string(kPresent) + " GROUP BY SUBSTR(x.session_date, 1, 7)",
       soci::use(program_));
  for (const auto& r : learners) add(r.get<std::string>(0), Measure::learners, row_i64(r, 1));
  soci::rowset<soci::row> people =
      (s.prepare << "SELECT m, COUNT(DISTINCT b) FROM (SELECT SUBSTR(v.visit_date, 1, 7) AS m, "
                    "r.beneficiary_id AS b " +
                        std::string(kVisitsDone) +
                        " UNION SELECT SUBSTR(x.session_date, 1, 7) AS m, a.beneficiary_id AS b " +
                        kPresent + ") u GROUP BY m",
       soci::use(program_), soci::use(program_));
  for (const auto& r : people) add(r.get<std::string>(0), Measure::people_helped, row_i64(r, 1));
  return out;
}

}  // namespace sangsaeng::care
