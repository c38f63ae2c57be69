// A volunteer's certificate of hours (봉사활동 확인서), as Korean institutions print it: who,
// the period, each activity (date, facility, what, hours), the total, the issuer. Pure: the
// service gathers the rows, these render them.
#pragma once

#include <string>
#include <vector>

#include "volunteer/store.h"
#include "volunteer/types.h"

namespace sangsaeng::volunteer {

struct Certificate {
  Person person;
  std::string from_month, to_month;      // "YYYY-MM", Seoul calendar
  std::vector<AttendanceRow> rows = {};  // by date
  std::int64_t minutes = 0;
  std::string issuer = {};  // the person's organisation's corps
  std::string number = {};  // a stable reference printed on it
};

// "3시간 30분", "2시간", "45분".
std::string korean_duration(std::int64_t minutes);
// A printable HTML page (A4, no script, styles inline), dated `issued_at_us` (Seoul).
std::string certificate_html(const Certificate& certificate, UnixMicros issued_at_us);
// The same rows for a spreadsheet (UTF-8 with BOM): date, facility, activity, minutes, hours.
std::string certificate_csv(const Certificate& certificate);

}  // namespace sangsaeng::volunteer
