// The certificate of hours: what a person prints for a school or an employer.
#include "volunteer/certificate.h"

#include <gtest/gtest.h>

namespace sangsaeng::volunteer {
namespace {

TEST(Certificate, KoreanDurations) {
  EXPECT_EQ(korean_duration(45), "45분");
  EXPECT_EQ(korean_duration(120), "2시간");
  EXPECT_EQ(korean_duration(210), "3시간 30분");
}

TEST(Certificate, PrintsWhoWhenWhereHowLongAndWhoIssuedItEscaped) {
  Certificate c;
  c.person =
      Person{.id = 7, .name = "김<봉사>", .email = "kim@t", .employee = true, .org_name = "KT"};
  c.from_month = "2026-01";
  c.to_month = "2026-12";
  c.minutes = 210;
  c.issuer = "KT 임직원 봉사단";
  c.number = "VOL-2026-7-0112";
  AttendanceRow row;
  row.minutes = 210;
  row.facility_name = "은평노인복지관";
  row.activity_title = "점심 배식";
  row.starts_at_us =
      micros_from_civil({.year = 2026, .month = 3, .day = 14, .hour = 10}, kSeoulOffsetMinutes);
  c.rows.push_back(row);
  const std::string html = certificate_html(
      c, micros_from_civil({.year = 2026, .month = 11, .day = 30}, kSeoulOffsetMinutes));
  for (const char* want : {"봉사활동 확인서", "김&lt;봉사&gt;", "2026년 1월 ~ 2026년 12월",
                           "2026년 3월 14일", "은평노인복지관", "점심 배식", "3시간 30분",
                           "위 사람은 위와 같이 봉사활동을 하였음을 확인합니다", "2026년 11월 30일",
                           "KT 임직원 봉사단 (인)", "VOL-2026-7-0112"}) {
    EXPECT_NE(html.find(want), std::string::npos) << want;
  }
  EXPECT_EQ(html.find("<봉사>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  const std::string csv = certificate_csv(c);
  EXPECT_NE(csv.find("2026-03-14,은평노인복지관,점심 배식,210,3.50"), std::string::npos) << csv;
  EXPECT_NE(csv.find("합계 (total),,,210,3.50"), std::string::npos) << csv;
}

}  // namespace
}  // namespace sangsaeng::volunteer
