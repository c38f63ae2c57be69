#include "volunteer/certificate.h"

#include <cstdio>

#include "core/csv.h"
#include "core/html.h"

namespace sangsaeng::volunteer {

namespace {

// "2026년 3월" from "2026-03".
std::string korean_month(const std::string& month) {
  if (month.size() != 7) return month;
  return month.substr(0, 4) + "년 " + std::to_string(std::stoi(month.substr(5, 2))) + "월";
}

std::string korean_date(UnixMicros t) {
  const CivilTime c = civil_from_micros(t, kSeoulOffsetMinutes);
  return std::to_string(c.year) + "년 " + std::to_string(c.month) + "월 " + std::to_string(c.day) +
         "일";
}

std::string hours_decimal(std::int64_t minutes) {
  char out[32];
  std::snprintf(out, sizeof out, "%.2f", static_cast<double>(minutes) / 60.0);
  return out;
}

constexpr const char* kStyle =
    "body{font-family:'Noto Sans KR','NanumGothic',sans-serif;margin:0;color:#111}"
    ".page{max-width:720px;margin:24px auto;padding:40px;border:1px solid #999}"
    "h1{text-align:center;letter-spacing:.5em;font-size:28px;margin:8px 0 24px}"
    "table{width:100%;border-collapse:collapse;margin:12px 0}"
    "th,td{border:1px solid #555;padding:6px 8px;font-size:14px;word-break:keep-all}"
    "th{background:#eee;font-weight:600}.num{text-align:right}.no{font-size:13px}"
    ".confirm{margin:32px 0 8px;text-align:center;font-size:16px}"
    ".issued{text-align:center;margin:16px 0}.issuer{text-align:center;font-size:20px;"
    "font-weight:700;margin-top:16px}"
    "@media print{.page{border:none;margin:0;padding:16mm}@page{size:A4}}";

}  // namespace

std::string korean_duration(std::int64_t minutes) {
  const std::int64_t h = minutes / 60, m = minutes % 60;
  if (h == 0) return std::to_string(m) + "분";
  if (m == 0) return std::to_string(h) + "시간";
  return std::to_string(h) + "시간 " + std::to_string(m) + "분";
}

std::string certificate_html(const Certificate& c, UnixMicros issued_at_us) {
  std::string h;
  h += "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\">";
  h += "<title>봉사활동 확인서 - " + escape_html(c.person.name) + "</title>";
  h += std::string("<style>") + kStyle + "</style></head><body><main class=\"page\">";
  h += "<p class=\"no\">발급번호: " + escape_html(c.number) + "</p>";
  h += "<h1>봉사활동 확인서</h1>";
  h += "<table><tr><th scope=\"row\">성명</th><td>" + escape_html(c.person.name) +
       "</td><th scope=\"row\">소속</th><td>" + escape_html(c.person.org_name) + "</td></tr>";
  h += "<tr><th scope=\"row\">봉사기간</th><td colspan=\"3\">" + korean_month(c.from_month) +
       " ~ " + korean_month(c.to_month) + "</td></tr>";
  h += "<tr><th scope=\"row\">총 봉사시간</th><td colspan=\"3\">" + korean_duration(c.minutes) +
       " (" + std::to_string(c.rows.size()) + "회)</td></tr></table>";
  h += "<table><caption>봉사활동 내역</caption><thead><tr><th scope=\"col\">번호</th>"
       "<th scope=\"col\">일자</th><th scope=\"col\">봉사처</th><th scope=\"col\">활동 내용</th>"
       "<th scope=\"col\">시간</th></tr></thead><tbody>";
  int n = 0;
  for (const AttendanceRow& r : c.rows) {
    h += "<tr><td class=\"num\">" + std::to_string(++n) + "</td><td>" +
         korean_date(r.starts_at_us) + "</td><td>" + escape_html(r.facility_name) + "</td><td>" +
         escape_html(r.activity_title) + "</td><td class=\"num\">" + korean_duration(r.minutes) +
         "</td></tr>";
  }
  if (c.rows.empty()) h += "<tr><td colspan=\"5\">이 기간의 봉사활동 기록이 없습니다.</td></tr>";
  h += "</tbody></table>";
  h += "<p class=\"confirm\">위 사람은 위와 같이 봉사활동을 하였음을 확인합니다.</p>";
  h += "<p class=\"issued\">" + korean_date(issued_at_us) + "</p>";
  h += "<p class=\"issuer\">" + escape_html(c.issuer) + " (인)</p>";
  h += "</main></body></html>";
  return h;
}

std::string certificate_csv(const Certificate& c) {
  CsvWriter csv;
  csv.row({"성명 (name)", "일자 (date)", "봉사처 (facility)", "활동 내용 (activity)",
           "시간(분) (minutes)", "시간 (hours)"});
  for (const AttendanceRow& r : c.rows) {
    const CivilTime d = civil_from_micros(r.starts_at_us, kSeoulOffsetMinutes);
    csv.row({c.person.name, format_date(d), r.facility_name, r.activity_title,
             std::to_string(r.minutes), hours_decimal(r.minutes)});
  }
  csv.row(
      {c.person.name, "합계 (total)", "", "", std::to_string(c.minutes), hours_decimal(c.minutes)});
  return csv.text();
}

}  // namespace sangsaeng::volunteer
